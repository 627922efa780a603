/* tests/unit/test_catalog.c — archive/catalog, archive/schema, archive/archive. */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "archive/archive.h"
#include "archive/catalog.h"
#include "archive/fields.h"
#include "archive/schema.h"
#include "core/buf.h"
#include "core/fs.h"

static char *path_in(const char *dir, const char *name)
{
	lt_buf b = LT_BUF_INIT;
	lt_fs_join(&b, dir, name);
	return lt_buf_detach(&b);
}

static long long query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static char *query_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static void test_open_creates_schema(void **state)
{
	(void)state;
	char *dir = lt_test_tmpdir();
	char *db_path = path_in(dir, "catalog.db");
	lt_catalog *cat = NULL;
	lt_error err = LT_ERROR_INIT;
	const char *tables[] = {"blobs", "records",      "record_files",   "pages",
	                        "jobs",  "index_outbox", "record_history", "audit_log"};
	const lt_field_def *fields;
	size_t n;
	char *mode;

	assert_int_equal(lt_catalog_open(&cat, db_path, LT_CATALOG_CREATE, &err), 0);
	assert_true(LT_CATALOG_SCHEMA_VERSION >= 1);
	assert_int_equal(lt_catalog_schema_version(cat), LT_CATALOG_SCHEMA_VERSION);
	assert_string_equal(lt_catalog_path(cat), db_path);
	mode = query_text(lt_catalog_db(cat), "PRAGMA journal_mode");
	assert_string_equal(mode, "wal");
	free(mode);
	assert_int_equal(query_int(lt_catalog_db(cat), "PRAGMA foreign_keys"), 1);
	assert_int_equal(query_int(lt_catalog_db(cat), "PRAGMA synchronous"), 2); /* FULL */
	assert_true(query_int(lt_catalog_db(cat), "PRAGMA busy_timeout") >= 5000);
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		char sql[128];
		snprintf(sql, sizeof(sql),
		         "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='%s'",
		         tables[i]);
		assert_int_equal(query_int(lt_catalog_db(cat), sql), 1);
	}
	/* One records column per .def row: generated, so it cannot drift. */
	fields = lt_fields_all(&n);
	assert_int_equal(n, LT_F__COUNT);
	for (size_t i = 0; i < n; i++) {
		char sql[160];
		snprintf(sql, sizeof(sql),
		         "SELECT count(*) FROM pragma_table_info('records') WHERE name='%s'",
		         fields[i].column);
		assert_int_equal(query_int(lt_catalog_db(cat), sql), 1);
	}
	lt_catalog_free(cat);

	/* Reopening runs no migration and changes nothing. */
	assert_int_equal(lt_catalog_open(&cat, db_path, 0, &err), 0);
	assert_int_equal(lt_catalog_schema_version(cat), LT_CATALOG_SCHEMA_VERSION);
	lt_catalog_free(cat);
	lt_catalog_free(NULL);
	free(db_path);
	lt_test_rmtree_free(dir);
}

static void test_missing_without_create(void **state)
{
	(void)state;
	char *dir = lt_test_tmpdir();
	char *db_path = path_in(dir, "none.db");
	lt_catalog *cat = NULL;
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(lt_catalog_open(&cat, db_path, 0, &err), LT_ENOTFOUND);
	assert_null(cat);
	assert_non_null(strstr(err.message, db_path));
	assert_false(lt_fs_exists(db_path));
	free(db_path);
	lt_test_rmtree_free(dir);
}

static void test_newer_version_refused_unchanged(void **state)
{
	(void)state;
	char *dir = lt_test_tmpdir();
	char *db_path = path_in(dir, "catalog.db");
	lt_catalog *cat = NULL;
	lt_error err = LT_ERROR_INIT;
	sqlite3 *db = NULL;
	char sql[64], want[32];
	char *before, *after;
	size_t len_before, len_after;

	assert_int_equal(lt_catalog_open(&cat, db_path, LT_CATALOG_CREATE, &err), 0);
	lt_catalog_free(cat);
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", LT_CATALOG_SCHEMA_VERSION + 1);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);

	before = lt_test_read_file(db_path, &len_before);
	cat = (lt_catalog *)1;
	assert_int_equal(lt_catalog_open(&cat, db_path, 0, &err), LT_EVERSION);
	assert_null(cat);
	assert_int_equal(err.code, LT_EVERSION);
	snprintf(want, sizeof(want), "%d", LT_CATALOG_SCHEMA_VERSION + 1);
	assert_non_null(strstr(err.message, want));
	snprintf(want, sizeof(want), "%d", LT_CATALOG_SCHEMA_VERSION);
	assert_non_null(strstr(err.message, want));
	assert_non_null(strstr(err.message, "không bị thay đổi"));
	/* English too, and with CREATE the answer is the same. */
	lt_lang_set(LT_LANG_EN);
	assert_int_equal(lt_catalog_open(&cat, db_path, LT_CATALOG_CREATE, &err), LT_EVERSION);
	lt_lang_set(LT_LANG_VI);
	assert_non_null(strstr(err.message, "was not changed"));
	after = lt_test_read_file(db_path, &len_after);
	assert_int_equal(len_before, len_after);
	assert_memory_equal(before, after, len_before);
	free(before);
	free(after);
	free(db_path);
	lt_test_rmtree_free(dir);
}

static void test_empty_file_upgrades(void **state)
{
	(void)state;
	char *dir = lt_test_tmpdir();
	char *db_path = path_in(dir, "catalog.db");
	lt_catalog *cat = NULL;
	lt_error err = LT_ERROR_INIT;

	lt_test_write_file(db_path, "", 0); /* user_version 0, no tables */
	assert_int_equal(lt_catalog_open(&cat, db_path, 0, &err), 0);
	assert_int_equal(lt_catalog_schema_version(cat), LT_CATALOG_SCHEMA_VERSION);
	assert_int_equal(query_int(lt_catalog_db(cat), "SELECT count(*) FROM records"), 0);
	assert_int_equal(query_int(lt_catalog_db(cat), "PRAGMA application_id"), 0x6c757574);
	lt_catalog_free(cat);
	free(db_path);
	lt_test_rmtree_free(dir);
}

static void test_foreign_files_refused(void **state)
{
	(void)state;
	char *dir = lt_test_tmpdir();
	char *db_path = path_in(dir, "other.db");
	char *txt_path = path_in(dir, "notes.txt");
	lt_catalog *cat = NULL;
	lt_error err = LT_ERROR_INIT;
	sqlite3 *db = NULL;
	char *before, *after;
	size_t lb, la;

	/* Another program's SQLite file: tables, but no luutru schema. */
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	before = lt_test_read_file(db_path, &lb);
	assert_int_equal(lt_catalog_open(&cat, db_path, 0, &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "luutru"));
	after = lt_test_read_file(db_path, &la);
	assert_int_equal(lb, la);
	assert_memory_equal(before, after, lb);
	free(before);
	free(after);

	/* Not a database at all. */
	lt_test_write_file(txt_path, "hello, this is not SQLite\n", 26);
	assert_int_equal(lt_catalog_open(&cat, txt_path, 0, &err), LT_ECORRUPT);
	assert_null(cat);
	free(db_path);
	free(txt_path);
	lt_test_rmtree_free(dir);
}

static void test_constraints_and_errors(void **state)
{
	(void)state;
	char *dir = lt_test_tmpdir();
	char *db_path = path_in(dir, "catalog.db");
	lt_catalog *cat = NULL;
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(lt_catalog_open(&cat, db_path, LT_CATALOG_CREATE, &err), 0);
	assert_int_equal(
	    lt_catalog_exec(cat, "INSERT INTO main.records(uid, doc_id) VALUES ('u1', 'D1')", &err),
	    0);
	/* UNIQUE → LT_EEXISTS: uid, and docId (a document is one record). */
	assert_int_equal(lt_catalog_exec(cat, "INSERT INTO main.records(uid) VALUES ('u1')", &err),
	                 LT_EEXISTS);
	assert_non_null(strstr(err.message, "UNIQUE"));
	assert_int_equal(
	    lt_catalog_exec(cat, "INSERT INTO main.records(uid, doc_id) VALUES ('u2', 'D1')", &err),
	    LT_EEXISTS);
	/* Several records without a docId are fine. */
	assert_int_equal(lt_catalog_exec(cat, "INSERT INTO main.records(uid) VALUES ('u3')", &err),
	                 0);
	assert_int_equal(lt_catalog_exec(cat, "INSERT INTO main.records(uid) VALUES ('u4')", &err),
	                 0);
	/* CHECK → LT_EDB (on an isolated deployment: secrecy 4 is no level). */
	lt_catalog_set_isolated(cat, 1);
	assert_int_equal(
	    lt_catalog_exec(cat, "INSERT INTO main.records(uid, secrecy) VALUES ('u5', 4)", &err),
	    LT_EDB);
	assert_int_equal(
	    lt_catalog_exec(cat, "INSERT INTO main.records(uid, kind) VALUES ('u6', 'x')", &err),
	    LT_EDB);
	assert_int_equal(
	    lt_catalog_exec(cat, "INSERT INTO main.jobs(kind, record_id) VALUES ('print', 1)",
	                    &err),
	    LT_EDB);
	/* Foreign keys are on. */
	assert_int_equal(
	    lt_catalog_exec(cat, "INSERT INTO main.jobs(kind, record_id) VALUES ('ocr', 999)",
	                    &err),
	    LT_EDB);
	assert_non_null(strstr(err.message, "FOREIGN KEY"));
	/* Defaults. */
	assert_int_equal(
	    query_int(lt_catalog_db(cat), "SELECT secrecy FROM records WHERE uid = 'u3'"), 0);
	{
		char *s = query_text(lt_catalog_db(cat), "SELECT status || '/' || kind || '/' ||"
		                                         " length(created_at) FROM records"
		                                         " WHERE uid = 'u3'");
		assert_string_equal(s, "active/scanned/20");
		free(s);
	}
	/* The audit log only grows. */
	assert_int_equal(
	    lt_catalog_exec(cat, "INSERT INTO main.audit_log(who, action) VALUES ('a', 'test')",
	                    &err),
	    0);
	assert_int_equal(lt_catalog_exec(cat, "UPDATE main.audit_log SET who = 'b'", &err), LT_EDB);
	assert_int_equal(lt_catalog_exec(cat, "DELETE FROM main.audit_log", &err), LT_EDB);
	/* Outbox seq only grows, even after deletes (AUTOINCREMENT). */
	assert_int_equal(
	    lt_catalog_exec(cat,
	                    "INSERT INTO main.index_outbox(record_id, op) VALUES (1, 'upsert');"
	                    "DELETE FROM main.index_outbox;"
	                    "INSERT INTO main.index_outbox(record_id, op) VALUES (1, 'delete');",
	                    &err),
	    0);
	assert_int_equal(query_int(lt_catalog_db(cat), "SELECT seq FROM index_outbox"), 2);
	lt_catalog_free(cat);
	free(db_path);
	lt_test_rmtree_free(dir);
}

static long long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

/* A connection that skips the checkpoint at close (a CLI search) leaves a
 * short WAL for the next command, but never a long one: every process
 * that opens the catalog alone reads the whole WAL again. */
static void test_long_wal_truncated_at_close(void **state)
{
	(void)state;
	char *dir = lt_test_tmpdir();
	char *db_path = path_in(dir, "catalog.db");
	char *wal_path = path_in(dir, "catalog.db-wal");
	lt_catalog *cat = NULL, *reader = NULL;
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(lt_catalog_open(&cat, db_path, LT_CATALOG_CREATE, &err), 0);
	sqlite3_db_config(lt_catalog_db(cat), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	sqlite3_wal_autocheckpoint(lt_catalog_db(cat), 0);
	assert_int_equal(
	    lt_catalog_exec(cat, "INSERT INTO main.records(uid) VALUES ('short')", &err), 0);
	lt_catalog_free(cat);
	long long short_wal = file_size(wal_path);
	assert_true(short_wal > 0 && short_wal < (1 << 20)); /* left for the next command */

	assert_int_equal(lt_catalog_open(&cat, db_path, 0, &err), 0);
	sqlite3_db_config(lt_catalog_db(cat), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	sqlite3_wal_autocheckpoint(lt_catalog_db(cat), 0);
	assert_int_equal(lt_catalog_exec(cat,
	                                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
	                                 "FROM n WHERE i < 400) INSERT INTO main.records(uid) "
	                                 "SELECT 'long' || i || hex(randomblob(3000)) FROM n",
	                                 &err),
	                 0);
	assert_true(file_size(wal_path) > (1 << 20));
	/* While another connection reads, the close does not wait for it... */
	assert_int_equal(lt_catalog_open(&reader, db_path, 0, &err), 0);
	assert_int_equal(query_int(lt_catalog_db(reader), "SELECT count(*) FROM records"), 401);
	lt_catalog_free(cat);
	/* ...and the last one out truncates it. */
	assert_int_equal(lt_catalog_open(&cat, db_path, 0, &err), 0);
	sqlite3_db_config(lt_catalog_db(cat), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	lt_catalog_free(reader);
	lt_catalog_free(cat);
	assert_true(file_size(wal_path) <= 0);
	assert_int_equal(lt_catalog_open(&cat, db_path, 0, &err), 0);
	assert_int_equal(query_int(lt_catalog_db(cat), "SELECT count(*) FROM records"), 401);
	lt_catalog_free(cat);
	free(wal_path);
	free(db_path);
	lt_test_rmtree_free(dir);
}

static void test_transactions(void **state)
{
	(void)state;
	char *dir = lt_test_tmpdir();
	char *db_path = path_in(dir, "catalog.db");
	lt_catalog *cat = NULL, *other = NULL;
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(lt_catalog_open(&cat, db_path, LT_CATALOG_CREATE, &err), 0);
	lt_catalog_rollback(cat); /* none open: harmless */
	assert_int_equal(lt_catalog_begin(cat, &err), 0);
	assert_int_equal(lt_catalog_exec(cat, "INSERT INTO main.records(uid) VALUES ('a')", &err),
	                 0);
	lt_catalog_rollback(cat);
	assert_int_equal(query_int(lt_catalog_db(cat), "SELECT count(*) FROM records"), 0);
	assert_int_equal(lt_catalog_begin(cat, &err), 0);
	assert_int_equal(lt_catalog_exec(cat, "INSERT INTO main.records(uid) VALUES ('b')", &err),
	                 0);
	assert_int_equal(lt_catalog_commit(cat, &err), 0);
	assert_int_equal(query_int(lt_catalog_db(cat), "SELECT count(*) FROM records"), 1);

	/* A second connection waits for the write lock, then gives LT_EBUSY. */
	assert_int_equal(lt_catalog_open(&other, db_path, 0, &err), 0);
	sqlite3_busy_timeout(lt_catalog_db(other), 10);
	assert_int_equal(lt_catalog_begin(cat, &err), 0);
	assert_int_equal(lt_catalog_begin(other, &err), LT_EBUSY);
	lt_catalog_rollback(cat);
	lt_catalog_free(other);

	/* Read-only: reads work, writes fail. */
	lt_catalog_free(cat);
	assert_int_equal(lt_catalog_open(&cat, db_path, LT_CATALOG_READONLY, &err), 0);
	assert_int_equal(query_int(lt_catalog_db(cat), "SELECT count(*) FROM records"), 1);
	assert_int_not_equal(
	    lt_catalog_exec(cat, "INSERT INTO main.records(uid) VALUES ('c')", &err), 0);
	lt_catalog_free(cat);
	free(db_path);
	lt_test_rmtree_free(dir);
}

static void test_archive_layout(void **state)
{
	(void)state;
	char *dir = lt_test_tmpdir();
	char *data = path_in(dir, "data");
	char *busy = path_in(dir, "home");
	char *busy_file = path_in(busy, "thesis.odt");
	lt_archive *ar = NULL;
	lt_error err = LT_ERROR_INIT;
	char *p;

	/* Not a data directory: say how to make one. */
	assert_int_equal(lt_archive_open(&ar, data, 0, &err), LT_ENOTFOUND);
	assert_null(ar);
	/* ... with a command that works as written: this directory, then init */
	assert_non_null(strstr(err.message, "`luutru --data "));
	assert_non_null(strstr(err.message, "/data init`"));
	assert_non_null(strstr(err.message, "không phải"));
	lt_lang_set(LT_LANG_EN);
	assert_int_equal(lt_archive_open(&ar, dir, 0, &err), LT_ENOTFOUND);
	lt_lang_set(LT_LANG_VI);
	assert_non_null(strstr(err.message, "is not a luutru data directory"));

	assert_int_equal(lt_archive_open(&ar, data, LT_ARCHIVE_CREATE, &err), 0);
	assert_string_equal(lt_archive_dir(ar), data);
	p = path_in(data, "catalog.db");
	assert_true(lt_fs_exists(p));
	free(p);
	p = path_in(data, "blobs/tmp");
	assert_true(lt_fs_is_dir(p));
	free(p);
	p = path_in(data, "index");
	assert_string_equal(lt_archive_index_path(ar), p);
	assert_false(lt_fs_exists(p)); /* the indexer makes it */
	free(p);
	assert_non_null(lt_archive_catalog(ar));
	assert_non_null(lt_archive_blobs(ar));
	lt_archive_free(ar);
	lt_archive_free(NULL);

	/* Reopen, plain and read-only; CREATE again is harmless. */
	assert_int_equal(lt_archive_open(&ar, data, 0, &err), 0);
	lt_archive_free(ar);
	assert_int_equal(lt_archive_open(&ar, data, LT_ARCHIVE_READONLY, &err), 0);
	lt_archive_free(ar);
	assert_int_equal(lt_archive_open(&ar, data, LT_ARCHIVE_CREATE, &err), 0);
	lt_archive_free(ar);

	/* init refuses a directory that holds other things. */
	assert_int_equal(lt_fs_mkdirs(busy, &err), 0);
	lt_test_write_file(busy_file, "x", 1);
	assert_int_equal(lt_archive_open(&ar, busy, LT_ARCHIVE_CREATE, &err), LT_EEXISTS);
	p = path_in(busy, "catalog.db");
	assert_false(lt_fs_exists(p));
	free(p);
	free(busy_file);
	free(busy);
	free(data);
	lt_test_rmtree_free(dir);
}

static void test_def_columns_guarded(void **state)
{
	(void)state;
	char *dir = lt_test_tmpdir();
	char *db_path = path_in(dir, "catalog.db");
	lt_catalog *cat = NULL;
	lt_error err = LT_ERROR_INIT;
	sqlite3 *db = NULL;

	assert_int_equal(lt_catalog_open(&cat, db_path, LT_CATALOG_CREATE, &err), 0);
	lt_catalog_free(cat);
	/* As if a .def row had been added without a migration step. */
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "ALTER TABLE records DROP COLUMN keyword", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(lt_catalog_open(&cat, db_path, 0, &err), LT_ERR);
	assert_non_null(strstr(err.message, "keyword"));
	/* The helper a future step calls adds exactly the missing columns. */
	assert_int_equal(lt_schema_add_record_columns(db, &err), 0);
	assert_int_equal(lt_schema_add_record_columns(db, &err), 0);
	sqlite3_close(db);
	assert_int_equal(lt_catalog_open(&cat, db_path, 0, &err), 0);
	lt_catalog_free(cat);
	free(db_path);
	lt_test_rmtree_free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_open_creates_schema),
	    cmocka_unit_test(test_missing_without_create),
	    cmocka_unit_test(test_newer_version_refused_unchanged),
	    cmocka_unit_test(test_empty_file_upgrades),
	    cmocka_unit_test(test_foreign_files_refused),
	    cmocka_unit_test(test_constraints_and_errors),
	    cmocka_unit_test(test_transactions),
	    cmocka_unit_test(test_long_wal_truncated_at_close),
	    cmocka_unit_test(test_archive_layout),
	    cmocka_unit_test(test_def_columns_guarded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
