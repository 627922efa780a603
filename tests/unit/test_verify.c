/* tests/unit/test_verify.c — archive/verify: structure checks find exactly
 * what is wrong, repair removes only orphans and old leftovers, fixity
 * tells a flipped bit, a truncation and a deleted file apart, names the
 * record, marks the file and clears the mark once it is intact again. */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "archive/ingest.h"
#include "archive/verify.h"
#include "core/buf.h"
#include "core/fs.h"

typedef struct fixture {
	char *dir;
	lt_archive *ar;
	char sha[3][65];
} fixture;

static char *path_in(const char *a, const char *b)
{
	lt_buf p = LT_BUF_INIT;
	lt_fs_join(&p, a, b);
	return lt_buf_detach(&p);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	char *data;

	f->dir = lt_test_tmpdir();
	data = path_in(f->dir, "data");
	assert_int_equal(lt_archive_open(&f->ar, data, LT_ARCHIVE_CREATE, NULL), 0);
	free(data);
	for (int i = 0; i < 3; i++) {
		char name[32], text[64];
		char *p;
		lt_ingest_result res;
		lt_error err = LT_ERROR_INIT;

		snprintf(name, sizeof(name), "doc%d.txt", i);
		snprintf(text, sizeof(text), "Văn bản số %d về lưu trữ hồ sơ.\n", i);
		p = path_in(f->dir, name);
		lt_test_write_file(p, text, strlen(text));
		if (lt_ingest_file(f->ar, p, NULL, &res, &err) != 0)
			fail_msg("ingest: %s", err.message);
		memcpy(f->sha[i], res.sha256, 65);
		free(p);
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	lt_archive_free(f->ar);
	lt_test_rmtree_free(f->dir);
	free(f);
	return 0;
}

static char *blob_path(fixture *f, const char *sha)
{
	lt_buf p = LT_BUF_INIT;
	lt_blobstore_path(lt_archive_blobs(f->ar), sha, &p);
	return lt_buf_detach(&p);
}

static char *blob_file(fixture *f, const char *rel)
{
	return path_in(lt_blobstore_root(lt_archive_blobs(f->ar)), rel);
}

static int count_kind(const lt_verify_report *r, const char *kind)
{
	int n = 0;
	for (size_t i = 0; i < r->nissues; i++)
		n += strcmp(r->issues[i].kind, kind) == 0;
	return n;
}

static long long audit_rows(fixture *f, const char *action)
{
	sqlite3_stmt *st = NULL;
	long long n = 0;

	sqlite3_prepare_v2(lt_catalog_db(lt_archive_catalog(f->ar)),
	                   "SELECT count(*) FROM audit_log WHERE action = ?", -1, &st, NULL);
	sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void test_clean(void **state)
{
	fixture *f = *state;
	lt_verify_report r = LT_VERIFY_REPORT_INIT;

	assert_int_equal(lt_verify_structure(f->ar, 0, "t", &r, NULL), 0);
	assert_int_equal(r.nissues, 0);
	lt_verify_report_clear(&r);
	assert_int_equal(lt_verify_fixity(f->ar, "t", &r, NULL), 0);
	assert_int_equal(r.nissues, 0);
	assert_int_equal(r.blobs_checked, 3);
	assert_true(r.bytes_checked > 0);
	lt_verify_report_clear(&r);
	assert_int_equal(audit_rows(f, "verify.structure"), 1);
	assert_int_equal(audit_rows(f, "verify.fixity"), 1);
}

static void test_structure_problems_and_repair(void **state)
{
	fixture *f = *state;
	lt_verify_report r = LT_VERIFY_REPORT_INIT;
	char *orphan, *odir, *old_tmp, *young_tmp, *dead_tmp, *missing;
	struct timeval tv[2] = {{1000, 0}, {1000, 0}};
	int live;

	odir = blob_file(f, "ee/ff");
	assert_int_equal(lt_fs_mkdirs(odir, NULL), 0);
	orphan =
	    blob_file(f, "ee/ff/eeff000000000000000000000000000000000000000000000000000000000000");
	lt_test_write_file(orphan, "o", 1);
	old_tmp = blob_file(f, "tmp/put-old");
	young_tmp = blob_file(f, "tmp/put-young");
	dead_tmp = blob_file(f, "tmp/put-dead");
	lt_test_write_file(old_tmp, "t", 1);
	lt_test_write_file(young_tmp, "t", 1);
	lt_test_write_file(dead_tmp, "t", 1);
	/* young_tmp has a live writer: it holds the file locked */
	live = open(young_tmp, O_RDWR);
	assert_true(live >= 0);
	assert_int_equal(flock(live, LOCK_EX), 0);
	assert_int_equal(utimes(old_tmp, tv), 0);
	missing = blob_path(f, f->sha[1]);
	assert_int_equal(unlink(missing), 0);

	assert_int_equal(lt_verify_structure(f->ar, 0, "t", &r, NULL), 0);
	assert_int_equal(count_kind(&r, "orphan_blob"), 1);
	assert_int_equal(count_kind(&r, "tmp_leftover"), 3);
	assert_int_equal(count_kind(&r, "missing_blob"), 1);
	assert_int_equal(r.nissues, 5);
	assert_int_equal(r.repaired, 0);
	assert_true(lt_fs_exists(orphan));
	lt_verify_report_clear(&r);

	assert_int_equal(lt_verify_structure(f->ar, LT_VERIFY_REPAIR, "t", &r, NULL), 0);
	/* the orphan, the old temp file and the young one no writer holds */
	assert_int_equal(r.repaired, 3);
	assert_int_equal(lt_verify_report_open_issues(&r), 2); /* live temp, missing blob */
	lt_verify_report_clear(&r);
	assert_false(lt_fs_exists(orphan));
	assert_false(lt_fs_exists(old_tmp));
	assert_false(lt_fs_exists(dead_tmp));
	assert_true(lt_fs_exists(young_tmp)); /* an ingest in flight */
	close(live);
	/* referenced blobs are never removed */
	for (int i = 0; i < 3; i += 2) {
		char *p = blob_path(f, f->sha[i]);
		assert_true(lt_fs_exists(p));
		free(p);
	}
	free(orphan);
	free(odir);
	free(old_tmp);
	free(young_tmp);
	free(dead_tmp);
	free(missing);
}

static void test_dangling_reference(void **state)
{
	fixture *f = *state;
	lt_verify_report r = LT_VERIFY_REPORT_INIT;
	sqlite3 *db = lt_catalog_db(lt_archive_catalog(f->ar));

	assert_int_equal(
	    sqlite3_exec(db,
	                 "PRAGMA foreign_keys = OFF;"
	                 "INSERT INTO main.record_files(record_id, sha256, role, media_type,"
	                 " size) VALUES (1, '"
	                 "1111111111111111111111111111111111111111111111111111111111111111"
	                 "', 'attachment', 'text/plain', 1);"
	                 "PRAGMA foreign_keys = ON;",
	                 NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(lt_verify_structure(f->ar, 0, "t", &r, NULL), 0);
	assert_int_equal(count_kind(&r, "dangling_reference"), 1);
	assert_int_equal(count_kind(&r, "foreign_key"), 1);
	lt_verify_report_clear(&r);
}

static char *blob_damage_col(fixture *f, const char *sha)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;

	sqlite3_prepare_v2(lt_catalog_db(lt_archive_catalog(f->ar)),
	                   "SELECT damage FROM blobs WHERE sha256 = ?", -1, &st, NULL);
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static const lt_verify_issue *issue_of(const lt_verify_report *r, const char *kind)
{
	for (size_t i = 0; i < r->nissues; i++)
		if (!strcmp(r->issues[i].kind, kind))
			return &r->issues[i];
	return NULL;
}

static void test_fixity(void **state)
{
	fixture *f = *state;
	lt_verify_report r = LT_VERIFY_REPORT_INIT;
	char *flip = blob_path(f, f->sha[0]), *cut = blob_path(f, f->sha[1]),
	     *gone = blob_path(f, f->sha[2]), *v;
	size_t len, cut_len;
	char *bytes = lt_test_read_file(flip, &len), *good = malloc(len);
	char *cut_bytes = lt_test_read_file(cut, &cut_len);

	/* a flipped bit, a truncation, a deleted file: three kinds */
	memcpy(good, bytes, len);
	bytes[len / 2] ^= 0x01;
	chmod(flip, 0644);
	lt_test_write_file(flip, bytes, len);
	free(bytes);
	chmod(cut, 0644);
	lt_test_write_file(cut, cut_bytes, cut_len - 5);
	free(cut_bytes);
	assert_int_equal(unlink(gone), 0);

	assert_int_equal(lt_verify_fixity(f->ar, "t", &r, NULL), 0);
	assert_int_equal(r.nissues, 3);
	assert_int_equal(count_kind(&r, "content_changed"), 1);
	assert_int_equal(count_kind(&r, "size_changed"), 1);
	assert_int_equal(count_kind(&r, "missing_blob"), 1);
	assert_string_equal(issue_of(&r, "content_changed")->object, f->sha[0]);
	assert_string_equal(issue_of(&r, "size_changed")->object, f->sha[1]);
	assert_string_equal(issue_of(&r, "missing_blob")->object, f->sha[2]);
	/* each names the record holding the file */
	for (size_t i = 0; i < r.nissues; i++) {
		assert_non_null(r.issues[i].uid);
		assert_non_null(strstr(r.issues[i].message, r.issues[i].uid));
	}
	assert_int_equal(r.blobs_checked, 3);
	lt_verify_report_clear(&r);
	assert_int_equal(audit_rows(f, "verify.fixity"), 1);
	{
		/* The audit entry alone says what was found, and names all. */
		sqlite3_stmt *st = NULL;
		const char *d;
		char want[128];

		sqlite3_prepare_v2(lt_catalog_db(lt_archive_catalog(f->ar)),
		                   "SELECT detail FROM audit_log WHERE action = 'verify.fixity'",
		                   -1, &st, NULL);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		d = (const char *)sqlite3_column_text(st, 0);
		assert_non_null(strstr(d, "issues=3 "));
		assert_non_null(strstr(d, " blobs=3 "));
		assert_non_null(
		    strstr(d, " content_changed=1 size_changed=1 missing=1 unreadable=0"));
		snprintf(want, sizeof(want), "content_changed:%s", f->sha[0]);
		assert_non_null(strstr(d, want));
		snprintf(want, sizeof(want), "missing_blob:%s", f->sha[2]);
		assert_non_null(strstr(d, want));
		sqlite3_finalize(st);
	}
	/* marked in the catalog, one "blob.damaged" entry per file */
	v = blob_damage_col(f, f->sha[0]);
	assert_string_equal(v, "content_changed");
	free(v);
	v = blob_damage_col(f, f->sha[1]);
	assert_string_equal(v, "size_changed");
	free(v);
	v = blob_damage_col(f, f->sha[2]);
	assert_string_equal(v, "missing");
	free(v);
	assert_int_equal(audit_rows(f, "blob.damaged"), 3);

	/* again: the same findings, no new "blob.damaged" entries (the mark
	 * did not change) */
	assert_int_equal(lt_verify_fixity(f->ar, "t", &r, NULL), 0);
	assert_int_equal(r.nissues, 3);
	lt_verify_report_clear(&r);
	assert_int_equal(audit_rows(f, "blob.damaged"), 3);

	/* the structure check reports the marks too, the content change
	 * only from its mark (it reads no bytes) */
	assert_int_equal(lt_verify_structure(f->ar, 0, "t", &r, NULL), 0);
	assert_int_equal(count_kind(&r, "content_changed"), 1);
	assert_int_equal(count_kind(&r, "size_changed"), 1);
	assert_int_equal(count_kind(&r, "missing_blob"), 1);
	lt_verify_report_clear(&r);

	/* the good bytes copied back (from a backup set): the next fixity run
	 * finds the file intact and clears its mark */
	lt_test_write_file(flip, good, len);
	assert_int_equal(lt_verify_fixity(f->ar, "t", &r, NULL), 0);
	assert_int_equal(r.nissues, 2);
	assert_int_equal(count_kind(&r, "content_changed"), 0);
	lt_verify_report_clear(&r);
	assert_null(blob_damage_col(f, f->sha[0]));
	assert_int_equal(audit_rows(f, "blob.intact"), 1);
	free(good);
	free(flip);
	free(cut);
	free(gone);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_clean, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_structure_problems_and_repair, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_dangling_reference, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fixity, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
