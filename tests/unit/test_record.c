/* tests/unit/test_record.c — archive/record: loading and editing records. */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/ingest.h"
#include "archive/record.h"
#include "archive/schema.h"
#include "core/buf.h"
#include "core/fs.h"

typedef struct fixture {
	char *dir;
	lt_archive *ar;
	lt_catalog *cat;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	lt_test_archive_open(&f->dir, &f->ar, &f->cat);
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

static long long int1(fixture *f, const char *sql)
{
	return lt_test_scalar(f->cat, sql);
}

static void exec_sql(fixture *f, const char *fmt, long long v)
{
	char sql[256];
	snprintf(sql, sizeof(sql), fmt, v);
	assert_int_equal(sqlite3_exec(lt_catalog_db(f->cat), sql, NULL, NULL, NULL), SQLITE_OK);
}

static lt_ingest_result add(fixture *f, const char *name, const char *doc_id, const char *subject)
{
	lt_buf p = LT_BUF_INIT;
	lt_ingest_result res;
	lt_error err = LT_ERROR_INIT;
	lt_meta_kv kv[2];
	lt_ingest_options o = LT_INGEST_OPTIONS_INIT;
	size_t n = 0;

	if (doc_id)
		kv[n++] = (lt_meta_kv){"docId", doc_id};
	if (subject)
		kv[n++] = (lt_meta_kv){"subject", subject};
	o.meta = kv;
	o.nmeta = n;
	lt_fs_join(&p, f->dir, name);
	lt_test_write_file(p.data, name, strlen(name)); /* distinct text per name */
	if (lt_ingest_file(f->ar, p.data, &o, &res, &err) != 0)
		fail_msg("ingest: %s", err.message);
	lt_buf_free(&p);
	return res;
}

static void test_load_and_display(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_ingest_result a = add(f, "cv-12.txt", "SXD-2017-12", "Về việc cấp phép xây dựng");
	lt_ingest_result b = add(f, "bao-cao.txt", NULL, NULL);
	lt_record *rec = NULL;
	int64_t n = 0;

	assert_int_equal(lt_record_count(f->cat, &n, &err), 0);
	assert_int_equal(n, 2);

	/* By uid, and by docId. */
	assert_int_equal(lt_record_load_ref(&rec, f->cat, a.uid, LT_RECORD_FILES, &err), 0);
	assert_int_equal(rec->id, a.record_id);
	assert_string_equal(lt_record_display_title(rec), "Về việc cấp phép xây dựng");
	lt_record_free(rec);
	assert_int_equal(lt_record_load_ref(&rec, f->cat, "SXD-2017-12", 0, &err), 0);
	assert_string_equal(rec->uid, a.uid);
	assert_null(rec->files);
	assert_null(rec->pages);
	lt_record_free(rec);

	/* No title or subject: the file name, else the uid. */
	assert_int_equal(lt_record_load(&rec, f->cat, b.record_id, LT_RECORD_FILES, &err), 0);
	assert_int_equal(rec->nfiles, 1);
	assert_string_equal(rec->files[0].role, "original");
	assert_string_equal(rec->files[0].name, "bao-cao.txt");
	assert_int_equal(rec->files[0].size, strlen("bao-cao.txt"));
	assert_string_equal(lt_record_display_title(rec), "bao-cao.txt");
	lt_record_free(rec);
	assert_int_equal(lt_record_load(&rec, f->cat, b.record_id, 0, &err), 0);
	assert_string_equal(lt_record_display_title(rec), b.uid);
	assert_int_equal(strlen(rec->created_at), 20);
	lt_record_free(rec);
	lt_record_free(NULL);

	assert_int_equal(lt_record_load(&rec, f->cat, 999, 0, &err), LT_ENOTFOUND);
	assert_null(rec);
	assert_int_equal(lt_record_load_ref(&rec, f->cat, "nope", 0, &err), LT_ENOTFOUND);
	assert_non_null(strstr(err.message, "nope"));
}

static void test_update_field(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_ingest_result a = add(f, "a.txt", "DOC-A", "cũ");
	lt_ingest_result b = add(f, "b.txt", "DOC-B", NULL);
	lt_record *rec = NULL;
	sqlite3_stmt *st = NULL;

	assert_int_equal(int1(f, "SELECT count(*) FROM index_outbox"), 2);
	assert_int_equal(
	    lt_record_update_field(f->cat, a.record_id, "subject", " mới ", "archivist", &err), 0);
	assert_int_equal(
	    lt_record_update_field(f->cat, a.record_id, "typeName", "quyet dinh", NULL, &err), 0);
	/* Raising the secrecy needs an isolated deployment (rule 43). */
	assert_int_equal(
	    lt_record_update_field(f->cat, a.record_id, "secrecy", "Tối mật", "admin", &err),
	    LT_EDENIED);
	assert_non_null(strstr(err.message, "43"));
	lt_catalog_set_isolated(f->cat, 1);
	assert_int_equal(
	    lt_record_update_field(f->cat, a.record_id, "secrecy", "Tối mật", "admin", &err), 0);
	assert_int_equal(lt_record_load(&rec, f->cat, a.record_id, 0, &err), 0);
	assert_string_equal(lt_record_value(rec, LT_F_SUBJECT), "mới");
	assert_string_equal(lt_record_value(rec, LT_F_TYPE_NAME), "02");
	assert_int_equal(rec->secrecy, 2);
	lt_record_free(rec);

	/* History: old → new, who; one outbox row per change. */
	assert_int_equal(int1(f, "SELECT count(*) FROM record_history"), 3);
	assert_int_equal(sqlite3_prepare_v2(lt_catalog_db(f->cat),
	                                    "SELECT field, old_value, new_value, who, length(at)"
	                                    " FROM record_history ORDER BY id",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "subject");
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "cũ");
	assert_string_equal((const char *)sqlite3_column_text(st, 2), "mới");
	assert_string_equal((const char *)sqlite3_column_text(st, 3), "archivist");
	assert_int_equal(sqlite3_column_int(st, 4), 20);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_null(sqlite3_column_text(st, 1)); /* typeName was unset */
	assert_string_equal((const char *)sqlite3_column_text(st, 3), "cli");
	sqlite3_finalize(st);
	assert_int_equal(int1(f, "SELECT count(*) FROM index_outbox"), 5);

	/* The same value again: nothing written. */
	assert_int_equal(lt_record_update_field(f->cat, a.record_id, "subject", "mới", "x", &err),
	                 0);
	assert_int_equal(int1(f, "SELECT count(*) FROM record_history"), 3);

	/* Refusals change nothing. */
	assert_int_equal(lt_record_update_field(f->cat, a.record_id, "colour", "red", "x", &err),
	                 LT_EINVAL);
	assert_non_null(strstr(err.message, "colour"));
	assert_int_equal(
	    lt_record_update_field(f->cat, a.record_id, "issuedDate", "30/02/2020", "x", &err),
	    LT_EINVAL);
	assert_int_equal(lt_record_update_field(f->cat, a.record_id, "secrecy", "", "x", &err),
	                 LT_EINVAL);
	assert_int_equal(lt_record_update_field(f->cat, b.record_id, "docId", "DOC-A", "x", &err),
	                 LT_EEXISTS);
	assert_non_null(strstr(err.message, "DOC-A"));
	assert_int_equal(lt_record_update_field(f->cat, 999, "subject", "x", "x", &err),
	                 LT_ENOTFOUND);
	assert_int_equal(int1(f, "SELECT count(*) FROM record_history"), 3);
	assert_int_equal(int1(f, "SELECT count(*) FROM index_outbox"), 5);

	/* Clearing a field stores NULL. */
	assert_int_equal(lt_record_update_field(f->cat, b.record_id, "docId", "  ", "x", &err), 0);
	assert_int_equal(int1(f, "SELECT count(*) FROM records WHERE doc_id IS NULL"), 1);
}

/* Several fields at once: all or nothing. */
static void test_update_fields(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_ingest_result a = add(f, "a.txt", "DOC-A", "cũ");
	lt_ingest_result b = add(f, "b.txt", "DOC-B", NULL);
	lt_record *rec = NULL;
	size_t changed = 99;

	/* One invalid value among several: nothing changes. */
	{
		const lt_field_set sets[] = {
		    {"subject", "mới"}, {"codeNumber", "07"}, {"issuedDate", "30/02/2020"}};
		assert_int_equal(
		    lt_record_update_fields(f->cat, a.record_id, sets, 3, "x", &changed, &err),
		    LT_EINVAL);
		assert_non_null(strstr(err.message, "issuedDate"));
		assert_int_equal(changed, 0);
	}
	/* Each value valid alone, but the pair breaks rule 6 (a number below 10
	 * not zero-padded): nothing changes either, checked in the transaction. */
	{
		const lt_field_set sets[] = {{"subject", "mới"}, {"codeNumber", "7"}};
		assert_int_equal(
		    lt_record_update_fields(f->cat, a.record_id, sets, 2, "x", NULL, &err),
		    LT_EINVAL);
	}
	/* A docId another record holds, last of three: the first two roll back. */
	{
		const lt_field_set sets[] = {
		    {"subject", "mới"}, {"keyword", "k"}, {"docId", "DOC-A"}};
		assert_int_equal(
		    lt_record_update_fields(f->cat, b.record_id, sets, 3, "x", NULL, &err),
		    LT_EEXISTS);
	}
	/* The same field twice, an unknown field. */
	{
		const lt_field_set twice[] = {{"subject", "a"}, {"SUBJECT", "b"}};
		const lt_field_set unknown[] = {{"subject", "a"}, {"colour", "red"}};
		assert_int_equal(
		    lt_record_update_fields(f->cat, a.record_id, twice, 2, "x", NULL, &err),
		    LT_EINVAL);
		assert_int_equal(
		    lt_record_update_fields(f->cat, a.record_id, unknown, 2, "x", NULL, &err),
		    LT_EINVAL);
		assert_non_null(strstr(err.message, "colour"));
	}
	assert_int_equal(int1(f, "SELECT count(*) FROM record_history"), 0);
	assert_int_equal(int1(f, "SELECT count(*) FROM index_outbox"), 2);
	assert_int_equal(lt_record_load(&rec, f->cat, a.record_id, 0, &err), 0);
	assert_string_equal(lt_record_value(rec, LT_F_SUBJECT), "cũ");
	assert_null(lt_record_value(rec, LT_F_CODE_NUMBER));
	assert_null(lt_record_value(rec, LT_F_ISSUED_DATE));
	lt_record_free(rec);
	assert_int_equal(int1(f, "SELECT count(*) FROM records WHERE keyword IS NOT NULL"), 0);

	/* All valid: one transaction, a history row per changed field (not
	 * for the unchanged one), one outbox row. */
	{
		const lt_field_set sets[] = {{"subject", "mới"},
		                             {"codeNumber", "07"},
		                             {"codeNotation", "QĐ-UBND"},
		                             {"docId", "DOC-A"}};
		assert_int_equal(
		    lt_record_update_fields(f->cat, a.record_id, sets, 4, "lan", &changed, &err),
		    0);
		assert_int_equal(changed, 3);
	}
	assert_int_equal(int1(f, "SELECT count(*) FROM record_history WHERE who = 'lan'"), 3);
	assert_int_equal(int1(f, "SELECT count(*) FROM index_outbox"), 3);
	assert_int_equal(lt_record_load(&rec, f->cat, a.record_id, 0, &err), 0);
	assert_string_equal(lt_record_value(rec, LT_F_CODE_NUMBER), "07");
	assert_string_equal(lt_record_value(rec, LT_F_CODE_NOTATION), "QĐ-UBND");
	lt_record_free(rec);
	/* A legacy record whose stored number is odd (rule 6 is a warning at
	 * ingest): its other fields stay editable; setting the notation keeps
	 * the odd number in the pair, so that is refused. */
	exec_sql(f, "UPDATE main.records SET code_number = '5' WHERE id = %lld",
	         (long long)b.record_id);
	{
		const lt_field_set subj[] = {{"subject", "cũ mà vẫn sửa được"}};
		const lt_field_set nota[] = {{"codeNotation", "QĐ-UBND"}};
		const lt_field_set both[] = {{"codeNumber", "05"}, {"codeNotation", "QĐ-UBND"}};
		assert_int_equal(
		    lt_record_update_fields(f->cat, b.record_id, subj, 1, "x", &changed, &err), 0);
		assert_int_equal(changed, 1);
		assert_int_equal(
		    lt_record_update_fields(f->cat, b.record_id, nota, 1, "x", NULL, &err),
		    LT_EINVAL);
		assert_int_equal(
		    lt_record_update_fields(f->cat, b.record_id, both, 2, "x", &changed, &err), 0);
		assert_int_equal(changed, 2);
	}
	/* n = 0 is a no-op. */
	assert_int_equal(lt_record_update_fields(f->cat, a.record_id, NULL, 0, "x", &changed, &err),
	                 0);
	assert_int_equal(changed, 0);
}

/* recipientOrganId was added to record_fields.def after release: an older
 * catalog (no column) gets it from the schema step that adds missing .def
 * columns, keeping its records. (The step itself is called here, as
 * re-running every later step on a real catalog would not be a test of
 * this one.) */
static void test_recipient_column_migration(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_ingest_result a = add(f, "a.txt", "DOC-A", "cũ");
	const lt_schema_step *steps;
	size_t nsteps, found = 0;
	sqlite3 *raw = NULL;

	steps = lt_schema_steps(&nsteps);
	for (size_t i = 0; i < nsteps; i++)
		if (steps[i].fn == lt_schema_add_record_columns)
			found = i + 1;
	assert_true(found > 1); /* a step after step 1 adds them */

	/* Migrations run on a connection before its access views exist
	 * (archive/access.h), as here on a second one. */
	assert_int_equal(sqlite3_open(lt_catalog_path(f->cat), &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "ALTER TABLE records DROP COLUMN recipient_organ_id",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(lt_schema_check_record_columns(raw, &err), LT_ERR);
	assert_non_null(strstr(err.message, "recipient_organ_id"));
	assert_int_equal(lt_schema_add_record_columns(raw, &err), 0);
	assert_int_equal(lt_schema_check_record_columns(raw, &err), 0);
	/* Idempotent: nothing to add the second time. */
	assert_int_equal(lt_schema_add_record_columns(raw, &err), 0);
	sqlite3_close(raw);
	assert_int_equal(int1(f, "SELECT count(*) FROM records WHERE doc_id = 'DOC-A'"), 1);
	assert_int_equal(lt_record_update_field(f->cat, a.record_id, "recipientOrganId",
	                                        "000.00.00.H26", "x", &err),
	                 0);
	assert_int_equal(int1(f, "SELECT count(*) FROM records WHERE recipient_organ_id ="
	                         " '000.00.00.H26'"),
	                 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_load_and_display, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_update_field, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_update_fields, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_recipient_column_migration, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
