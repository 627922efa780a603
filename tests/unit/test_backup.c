/* tests/unit/test_backup.c — archive/backup: full and incremental sets,
 * a snapshot that ignores a concurrent uncommitted write, the manifest,
 * backup_runs and the audit entry, and restore that refuses a non-empty
 * target or a damaged set without writing anything. */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "archive/audit.h"
#include "archive/backup.h"
#include "archive/ingest.h"
#include "archive/verify.h"
#include "core/buf.h"
#include "core/fs.h"

typedef struct fixture {
	char *dir, *data, *set;
	lt_archive *ar;
	int index_calls;
} fixture;

static char *path_in(const char *a, const char *b)
{
	lt_buf p = LT_BUF_INIT;
	lt_fs_join(&p, a, b);
	return lt_buf_detach(&p);
}

static void ingest_text(fixture *f, const char *name, const char *text)
{
	char *p = path_in(f->dir, name);
	lt_error err = LT_ERROR_INIT;

	lt_test_write_file(p, text, strlen(text));
	if (lt_ingest_file(f->ar, p, NULL, NULL, &err) != 0)
		fail_msg("ingest: %s", err.message);
	free(p);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	f->dir = lt_test_tmpdir();
	f->data = path_in(f->dir, "data");
	f->set = path_in(f->dir, "set");
	assert_int_equal(lt_archive_open(&f->ar, f->data, LT_ARCHIVE_CREATE, NULL), 0);
	ingest_text(f, "a.txt", "Công văn về lưu trữ hồ sơ.\n");
	ingest_text(f, "b.txt", "Báo cáo tổng kết năm.\n");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	lt_archive_free(f->ar);
	free(f->data);
	free(f->set);
	lt_test_rmtree_free(f->dir);
	free(f);
	return 0;
}

/* A stand-in index: one file, so the set and the manifest carry it. */
static int fake_index(void *ctx, const char *dest, lt_error *err)
{
	fixture *f = ctx;
	char *p;

	f->index_calls++;
	if (lt_fs_mkdirs(dest, err))
		return LT_EIO;
	p = path_in(dest, "iamglass");
	lt_test_write_file(p, "xapian", 6);
	free(p);
	return 0;
}

static long long scalar_db(const char *dbpath, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long v = -1;

	assert_int_equal(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static long long scalar(fixture *f, const char *sql)
{
	return lt_test_scalar(lt_archive_catalog(f->ar), sql);
}

static void test_full_and_restore(void **state)
{
	fixture *f = *state;
	lt_backup_result res;
	lt_error err = LT_ERROR_INIT;
	uint64_t files = 0;
	char *snap = path_in(f->set, "catalog.db"), *idx = path_in(f->set, "index/iamglass");
	char *target = path_in(f->dir, "restored"), *rcat = path_in(target, "catalog.db");
	lt_archive *r = NULL;
	lt_verify_report rep = LT_VERIFY_REPORT_INIT;
	lt_audit_report arep = LT_AUDIT_REPORT_INIT;

	if (lt_backup_run(f->ar, f->set, LT_BACKUP_FULL, fake_index, f, "t", &res, &err))
		fail_msg("%s", err.message);
	assert_int_equal(f->index_calls, 1);
	assert_true(lt_fs_exists(idx));
	assert_int_equal(res.blobs_copied, 2);
	assert_int_equal(res.verified, 1);
	assert_int_equal(strlen(res.manifest_sha256), 64);
	assert_int_equal(scalar_db(snap, "SELECT count(*) FROM records"), 2);
	assert_int_equal(scalar(f, "SELECT count(*) FROM backup_runs WHERE kind = 'full' AND"
	                           " verified = 1 AND finished_at IS NOT NULL AND files > 4"),
	                 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM audit_log WHERE action = 'backup.run'"),
	                 1);
	assert_int_equal(lt_backup_check(f->set, &files, &err), 0);
	assert_int_equal(files, res.files);

	if (lt_backup_restore(f->set, target, &err))
		fail_msg("%s", err.message);
	assert_int_equal(scalar_db(rcat, "SELECT count(*) FROM records"), 2);
	assert_int_equal(lt_archive_open(&r, target, 0, &err), 0);
	assert_int_equal(lt_verify_structure(r, 0, "t", &rep, &err), 0);
	assert_int_equal(rep.nissues, 0);
	assert_int_equal(lt_verify_fixity(r, "t", &rep, &err), 0);
	assert_int_equal(rep.nissues, 0);
	assert_int_equal(rep.blobs_checked, 2);
	assert_int_equal(lt_audit_verify(lt_archive_catalog(r), &arep, &err), 0);
	lt_audit_report_clear(&arep);
	lt_verify_report_clear(&rep);
	lt_archive_free(r);
	free(snap);
	free(idx);
	free(target);
	free(rcat);
}

static void test_incremental(void **state)
{
	fixture *f = *state;
	lt_backup_result res;
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(
	    lt_backup_run(f->ar, f->set, LT_BACKUP_INCREMENTAL, NULL, NULL, "t", &res, &err),
	    LT_ENOTFOUND);
	assert_non_null(strstr(err.message, "luutru backup"));
	assert_int_equal(lt_backup_run(f->ar, f->set, LT_BACKUP_FULL, NULL, NULL, "t", &res, &err),
	                 0);
	/* a second full into the same set is refused, nothing recorded */
	assert_int_equal(lt_backup_run(f->ar, f->set, LT_BACKUP_FULL, NULL, NULL, "t", &res, &err),
	                 LT_EEXISTS);
	assert_int_equal(scalar(f, "SELECT count(*) FROM backup_runs"), 1);
	ingest_text(f, "c.txt", "Thông báo mới.\n");
	assert_int_equal(
	    lt_backup_run(f->ar, f->set, LT_BACKUP_INCREMENTAL, NULL, NULL, "t", &res, &err), 0);
	assert_int_equal(res.blobs_copied, 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM backup_runs WHERE kind = 'incremental'"),
	                 1);
	assert_int_equal(lt_backup_check(f->set, NULL, &err), 0);
}

/* Another connection commits a record while the backup runs (here: right
 * after the index was copied). The snapshot, taken after, holds it: the
 * index in a set may lag its catalog, never lead it. */
static lt_catalog *other_writer;
static int write_during_backup(void *ctx, const char *dest, lt_error *err)
{
	(void)ctx;
	(void)dest;
	return lt_catalog_exec(other_writer, "INSERT INTO main.records(uid) VALUES ('during')",
	                       err);
}

static void test_write_during_backup(void **state)
{
	fixture *f = *state;
	lt_backup_result res;
	lt_error err = LT_ERROR_INIT;
	char *snap = path_in(f->set, "catalog.db");

	assert_int_equal(
	    lt_catalog_open(&other_writer, lt_catalog_path(lt_archive_catalog(f->ar)), 0, NULL), 0);
	if (lt_backup_run(f->ar, f->set, LT_BACKUP_FULL, write_during_backup, NULL, "t", &res,
	                  &err))
		fail_msg("%s", err.message);
	assert_int_equal(scalar_db(snap, "SELECT count(*) FROM records WHERE uid = 'during'"), 1);
	/* a snapshot is self-contained: no WAL mode, no -wal file needed */
	assert_int_equal(scalar_db(snap, "SELECT count(*) FROM pragma_journal_mode"
	                                 " WHERE journal_mode = 'delete'"),
	                 1);
	lt_catalog_free(other_writer);
	other_writer = NULL;
	free(snap);
}

static void test_restore_refusals(void **state)
{
	fixture *f = *state;
	lt_backup_result res;
	lt_error err = LT_ERROR_INIT;
	char *busy = path_in(f->dir, "busy"), *keep = path_in(busy, "keep.txt");
	char *target = path_in(f->dir, "r2"), *victim;
	lt_buf p = LT_BUF_INIT;

	assert_int_equal(lt_backup_run(f->ar, f->set, LT_BACKUP_FULL, NULL, NULL, "t", &res, &err),
	                 0);
	assert_int_equal(lt_fs_mkdirs(busy, NULL), 0);
	lt_test_write_file(keep, "k", 1);
	assert_int_equal(lt_backup_restore(f->set, busy, &err), LT_EEXISTS);
	assert_true(lt_fs_exists(keep));
	assert_false(lt_fs_exists("catalog.db"));

	/* damage one file of the set: refused, nothing written */
	lt_fs_join(&p, f->set, "catalog.db");
	victim = lt_buf_detach(&p);
	chmod(victim, 0644);
	lt_test_write_file(victim, "not a catalog", 13);
	assert_int_equal(lt_backup_check(f->set, NULL, &err), LT_ECORRUPT);
	assert_non_null(strstr(err.message, "catalog.db"));
	assert_int_equal(lt_backup_restore(f->set, target, &err), LT_ECORRUPT);
	assert_false(lt_fs_exists(target));
	free(busy);
	free(keep);
	free(target);
	free(victim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_full_and_restore, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_incremental, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_write_during_backup, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_restore_refusals, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
