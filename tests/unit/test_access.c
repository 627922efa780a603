/*
 * tests/unit/test_access.c — the visibility rule of archive/access.h,
 * checked from the live schema so that a table or column added later is
 * covered without a new case:
 *   - every table of the catalog is named in access.c's list;
 *   - every guarded table's view has the table's columns, in order;
 *   - every row a principal sees through a view refers (by each foreign
 *     key to records or dossiers) only to records and dossiers it sees;
 *   - counts through the views equal the counts of the visible objects;
 *   - writes above the principal's clearance are refused, changing nothing.
 */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/access.h"
#include "archive/register.h"
#include "archive/users.h"
#include "core/buf.h"

typedef struct fixture {
	char *dir;
	lt_archive *ar;
	lt_catalog *cat;
} fixture;

static void exec(lt_catalog *cat, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(lt_catalog_db(cat), sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

static void as_clearance(lt_catalog *cat, int clearance)
{
	lt_principal p;
	lt_access_principal_user(&p, 99, "kiemtra", "inspector", clearance);
	lt_catalog_set_principal(cat, &p);
}

/* Records at levels 0..3; dossier 1 holds only public records, dossier 2
 * a public and a Tối mật one, dossier 3 only a Mật one; links, tasks,
 * register entries, holds, a destruction list and audit entries around
 * them. */
static const char SCENE[] =
    "INSERT INTO main.records (id, uid, doc_id, secrecy, subject, file_code) VALUES"
    " (1, 'u1', 'D1', 0, 'công khai một', 'F.1'), (2, 'u2', 'D2', 0, 'công khai hai', 'F.2'),"
    " (3, 'u3', 'D3', 1, 'mật', 'F.3'), (4, 'u4', 'D4', 2, 'tối mật', 'F.2'),"
    " (5, 'u5', 'D5', 3, 'tuyệt mật', NULL), (6, 'u6', 'D6', 0, 'lẻ', NULL);"
    "INSERT INTO main.dossiers (id, uid, organ_id, year, notation, file_code, title, secrecy)"
    " VALUES (1, 'd1', 'O', 2024, '01.TH', 'F.1', 'Hồ sơ công khai', 0),"
    " (2, 'd2', 'O', 2024, '02.TH', 'F.2', 'Hồ sơ có văn bản tối mật', 0),"
    " (3, 'd3', 'O', 2024, '03.TH', 'F.3', 'Hồ sơ mật', 1);"
    "INSERT INTO main.dossier_records (dossier_id, record_id, ordinal) VALUES"
    " (1, 1, 1), (2, 2, 1), (2, 4, 2), (3, 3, 1);"
    "INSERT INTO main.dossier_events (dossier_id, to_status, who) VALUES"
    " (1, 'open', 'a'), (2, 'open', 'a'), (3, 'open', 'a');"
    "INSERT INTO main.record_links (from_record_id, to_record_id, kind) VALUES"
    " (1, 6, 'reply_to'), (1, 5, 'refers_to'), (3, 6, 'refers_to');"
    "INSERT INTO main.tasks (record_id, reply_record_id) VALUES (1, 6), (6, 4), (5, NULL);"
    "INSERT INTO main.pages (record_id, page_no, text) VALUES"
    " (1, 1, 'a'), (3, 1, 'b'), (4, 1, 'c'), (5, 1, 'd');"
    "INSERT INTO main.record_history (record_id, field, who) VALUES (1, 'subject', 'a'),"
    " (5, 'subject', 'a');"
    "INSERT INTO main.jobs (kind, record_id) VALUES ('ocr', 1), ('ocr', 4);"
    "INSERT INTO main.holds (kind, object_id, reason, placed_by) VALUES"
    " ('record', 1, 'x', 'a'), ('record', 5, 'x', 'a'), ('dossier', 1, 'x', 'a'),"
    " ('dossier', 2, 'x', 'a');"
    "INSERT INTO main.disposition_batches (id, proposed_by) VALUES (1, 'a'), (2, 'a');"
    "INSERT INTO main.disposition_items (batch_id, dossier_id) VALUES (1, 1), (2, 1), (2, 2);"
    "INSERT INTO main.retention_alerts (dossier_id, kind, due_date) VALUES"
    " (1, 'deposit', '2025-01-01'), (2, 'deposit', '2025-01-01');"
    "INSERT INTO main.register_entries (register_id, year, number, record_id) SELECT id, 2024,"
    " 1, 1 FROM registers WHERE code = 'DEN';"
    "INSERT INTO main.register_entries (register_id, year, number, record_id) SELECT id, 2024,"
    " 2, 4 FROM registers WHERE code = 'DEN';"
    "INSERT INTO main.register_entries (register_id, year, number, record_id, void_reason)"
    " SELECT id, 2024, 3, NULL, 'cấp nhầm' FROM registers WHERE code = 'DEN';"
    "INSERT INTO main.register_entries (register_id, year, number, record_id) SELECT id, 2024,"
    " 1, 3 FROM registers WHERE code = 'DEN-MAT';"
    "INSERT INTO main.audit_log (id, who, action, object, detail) VALUES"
    " (1, 'a', 'view', 'u1', NULL), (2, 'a', 'view', 'u5', NULL),"
    " (3, 'a', 'view', 'record:4', NULL), (4, 'a', 'dossier.add', 'F.2', NULL),"
    " (5, 'a', 'hold.place', 'dossier:2', NULL), (6, 'a', 'view', 'D3', NULL),"
    " (7, 'a', 'disposition.propose', 'disposition:2', NULL),"
    " (8, 'b', 'search', NULL, 'tuyệt mật');";

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	lt_test_archive_open(&f->dir, &f->ar, &f->cat);
	lt_catalog_set_isolated(f->cat, 1);
	assert_int_equal(lt_register_ensure_defaults(f->cat, NULL), 0);
	exec(f->cat, SCENE);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	lt_test_archive_close(f->dir, f->ar);
	free(f);
	return 0;
}

static long long count(lt_catalog *cat, const char *fmt, ...) LT_PRINTF(2, 3);
static long long count(lt_catalog *cat, const char *fmt, ...)
{
	lt_buf sql = LT_BUF_INIT;
	va_list ap;
	long long n;

	va_start(ap, fmt);
	assert_int_equal(lt_buf_vprintf(&sql, fmt, ap), 0);
	va_end(ap);
	n = lt_test_scalar(cat, sql.data);
	lt_buf_free(&sql);
	return n;
}

/* Every table of the catalog is in the list, guarded or declared free of
 * record data: a table added by a migration without a decision fails. */
static void test_every_table_listed(void **state)
{
	fixture *f = *state;
	sqlite3_stmt *st = NULL;

	assert_int_equal(sqlite3_prepare_v2(lt_catalog_db(f->cat),
	                                    "SELECT name FROM main.sqlite_master WHERE type = "
	                                    "'table'",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		int found = 0;
		const char *name;
		for (size_t i = 0; (name = lt_access_table(i, NULL)) != NULL; i++)
			found |= strcmp(name, t) == 0;
		if (!found)
			fail_msg("table %s is not in archive/access.c's list: guard it or declare "
			         "it free of record data",
			         t);
	}
	sqlite3_finalize(st);
}

/* A guarded table's view has its columns, in order, so `SELECT *` and
 * every column a query names mean the same through the view. */
static void test_views_match_tables(void **state)
{
	fixture *f = *state;
	const char *t;
	int guarded;

	for (size_t i = 0; (t = lt_access_table(i, &guarded)) != NULL; i++) {
		long long cols, same, is_view;
		if (!guarded)
			continue;
		is_view = count(f->cat,
		                "SELECT count(*) FROM temp.sqlite_master WHERE type = 'view'"
		                " AND name = '%s'",
		                t);
		assert_int_equal(is_view, 1);
		cols = count(f->cat, "SELECT count(*) FROM pragma_table_info('%s', 'main')", t);
		same = count(f->cat,
		             "SELECT count(*) FROM pragma_table_info('%s', 'main') m"
		             " JOIN pragma_table_info('%s', 'temp') v"
		             " ON v.cid = m.cid AND v.name = m.name",
		             t, t);
		if (cols < 1 || same != cols)
			fail_msg("the view over %s has other columns than the table", t);
	}
}

/* Through every guarded view, every foreign key to records or dossiers
 * points at a record or dossier the principal sees — whatever the table,
 * so one added later is covered by its foreign keys. */
static void test_rows_refer_to_visible_objects(void **state)
{
	fixture *f = *state;
	const char *t;
	int guarded;

	for (int c = -1; c <= 3; c++) {
		as_clearance(f->cat, c);
		for (size_t i = 0; (t = lt_access_table(i, &guarded)) != NULL; i++) {
			sqlite3_stmt *fk = NULL;
			if (!guarded)
				continue;
			lt_buf q = LT_BUF_INIT;
			assert_int_equal(
			    lt_buf_printf(&q,
			                  "SELECT \"from\", \"table\" FROM"
			                  " pragma_foreign_key_list('%s', 'main')"
			                  " WHERE \"table\" IN ('records', 'dossiers')",
			                  t),
			    0);
			assert_int_equal(
			    sqlite3_prepare_v2(lt_catalog_db(f->cat), q.data, -1, &fk, NULL),
			    SQLITE_OK);
			lt_buf_free(&q);
			while (sqlite3_step(fk) == SQLITE_ROW) {
				const char *col = (const char *)sqlite3_column_text(fk, 0);
				const char *to = (const char *)sqlite3_column_text(fk, 1);
				long long bad =
				    count(f->cat,
				          "SELECT count(*) FROM %s x WHERE x.%s IS NOT NULL"
				          " AND NOT EXISTS (SELECT 1 FROM %s o"
				          " WHERE o.id = x.%s)",
				          t, col, to, col);
				if (bad)
					fail_msg(
					    "clearance %d: %lld row(s) of %s point at a %s the "
					    "principal may not see (%s)",
					    c, bad, t, to, col);
			}
			sqlite3_finalize(fk);
		}
	}
	lt_catalog_set_principal(f->cat, &LT_PRINCIPAL_SYSTEM);
}

/* What each clearance sees, counted by hand from SCENE. */
static void test_counts_per_clearance(void **state)
{
	fixture *f = *state;
	/* records, dossiers, links, tasks, pages, holds, batches, entries of
	 * DEN, registers, audit rows, jobs */
	long long REG_OPEN =
	    lt_test_scalar(f->cat, "SELECT count(*) FROM registers WHERE secret = 0");
	long long REG_ALL = lt_test_scalar(f->cat, "SELECT count(*) FROM registers");
	const long long expect[5][11] = {
	    /* -1 */ {0, 0, 0, 0, 0, 0, 0, 1, REG_OPEN, 1, 0},
	    /* 0 */ {3, 1, 1, 2, 1, 2, 1, 2, REG_OPEN, 2, 1},
	    /* 1 */ {4, 2, 2, 2, 2, 2, 1, 2, REG_ALL, 3, 1},
	    /* 2 */ {5, 3, 2, 2, 3, 3, 2, 3, REG_ALL, 7, 2},
	    /* 3 */ {6, 3, 3, 3, 4, 4, 2, 3, REG_ALL, 8, 2},
	};
	static const char *const sql[11] = {
	    "SELECT count(*) FROM records",
	    "SELECT count(*) FROM dossiers",
	    "SELECT count(*) FROM record_links",
	    "SELECT count(*) FROM tasks",
	    "SELECT count(*) FROM pages",
	    "SELECT count(*) FROM holds",
	    "SELECT count(*) FROM disposition_batches",
	    "SELECT count(*) FROM register_entries e JOIN registers g ON g.id = e.register_id"
	    " WHERE g.code = 'DEN'",
	    "SELECT count(*) FROM registers",
	    "SELECT count(*) FROM audit_log",
	    "SELECT count(*) FROM jobs",
	};

	for (int c = -1; c <= 3; c++) {
		as_clearance(f->cat, c);
		for (size_t q = 0; q < 11; q++) {
			long long n = lt_test_scalar(f->cat, sql[q]);
			if (n != expect[c + 1][q])
				fail_msg("clearance %d: %s gave %lld, expected %lld", c, sql[q], n,
				         expect[c + 1][q]);
		}
	}
	/* A public record in a dossier at a higher level does not name it. */
	as_clearance(f->cat, 0);
	assert_int_equal(count(f->cat, "SELECT count(*) FROM records WHERE id = 2"), 1);
	assert_int_equal(count(f->cat, "SELECT count(*) FROM records WHERE file_code = 'F.2'"), 0);
	/* The reply of task 2 (record 4) is not named at clearance 0. */
	assert_int_equal(count(f->cat, "SELECT count(reply_record_id) FROM tasks"), 1);
	/* Others' search words are the system's and the fully cleared's. */
	assert_int_equal(count(f->cat, "SELECT count(detail) FROM audit_log WHERE id = 8"), 0);
	as_clearance(f->cat, 3);
	assert_int_equal(count(f->cat, "SELECT count(detail) FROM audit_log WHERE id = 8"), 1);
	assert_int_equal(count(f->cat, "SELECT count(*) FROM records WHERE file_code = 'F.2'"), 2);
	lt_catalog_set_principal(f->cat, &LT_PRINCIPAL_SYSTEM);
}

/* Writes above the principal's clearance are refused, whatever the SQL,
 * and change nothing. */
static void test_writes_refused(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	static const char *const refused[] = {
	    "INSERT INTO main.records (uid, secrecy) VALUES ('new', 2)",
	    "UPDATE main.records SET subject = 'đổi' WHERE id = 4",
	    "UPDATE main.records SET secrecy = 2 WHERE id = 1",
	    "DELETE FROM main.records WHERE id = 5",
	    "INSERT INTO main.dossiers (uid, organ_id, year, notation, file_code, title, secrecy)"
	    " VALUES ('dn', 'O', 2024, '09.TH', 'F.9', 'x', 3)",
	    "UPDATE main.dossiers SET title = 'đổi' WHERE id = 2",
	    "INSERT INTO main.dossier_records (dossier_id, record_id, ordinal) VALUES (1, 4, 2)",
	    "INSERT INTO main.record_links (from_record_id, to_record_id, kind) VALUES (2, 5,"
	    " 'refers_to')",
	    "INSERT INTO main.tasks (record_id, reply_record_id) VALUES (2, 4)",
	};
	long long before = count(f->cat, "SELECT total_changes()");

	as_clearance(f->cat, 1);
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		lt_error_clear(&err);
		if (lt_catalog_exec(f->cat, refused[i], &err) != LT_EDENIED)
			fail_msg("not refused at clearance 1: %s (%s)", refused[i], err.message);
	}
	/* At one's own level it is allowed. */
	assert_int_equal(
	    lt_catalog_exec(f->cat, "UPDATE main.records SET subject = 'sửa' WHERE id = 3", &err),
	    0);
	assert_int_equal(count(f->cat, "SELECT total_changes()"), before + 1);
	/* An unqualified write names a view and fails loudly. */
	assert_int_not_equal(
	    lt_catalog_exec(f->cat, "UPDATE records SET subject = 'x' WHERE id = 1", &err), 0);
	lt_catalog_set_principal(f->cat, &LT_PRINCIPAL_SYSTEM);
	assert_int_equal(count(f->cat, "SELECT count(*) FROM records"), 6);
	assert_int_equal(count(f->cat, "SELECT count(*) FROM dossiers"), 3);
}

/* Rule 43 is the catalog's: nothing secret is stored until the deployment
 * is declared isolated, whatever writes it. */
static void test_rule43_on_every_write(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;

	lt_catalog_set_isolated(f->cat, 0);
	assert_int_equal(lt_catalog_exec(f->cat,
	                                 "INSERT INTO main.records (uid, secrecy) VALUES ('m', 1)",
	                                 &err),
	                 LT_EDENIED);
	assert_non_null(strstr(err.message, "43"));
	assert_int_equal(lt_catalog_exec(f->cat,
	                                 "INSERT INTO main.records (uid, mode) VALUES ('m', '03')",
	                                 &err),
	                 LT_EDENIED);
	assert_int_equal(
	    lt_catalog_exec(f->cat, "UPDATE main.records SET secrecy = 2 WHERE id = 6", &err),
	    LT_EDENIED);
	assert_int_equal(
	    lt_catalog_exec(f->cat, "UPDATE main.dossiers SET secrecy = 1 WHERE id = 1", &err),
	    LT_EDENIED);
	/* What was stored before stays readable and editable. */
	assert_int_equal(
	    lt_catalog_exec(f->cat, "UPDATE main.records SET subject = 'x' WHERE id = 5", &err), 0);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT lt_isolated()"), 0);
	lt_catalog_set_isolated(f->cat, 1);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT lt_isolated()"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_every_table_listed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_views_match_tables, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rows_refer_to_visible_objects, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_counts_per_clearance, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_writes_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rule43_on_every_write, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
