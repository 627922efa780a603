/* tests/unit/test_fixity.c — archive/fixity: the verified reader hands out
 * intact bytes; a damaged file is refused naming every record that holds
 * it, marked in the catalog and audited once per record and refusal (a
 * verify read only when the mark changes), also from inside a caller's
 * transaction that rolls back; a record's files are checked; a file read
 * intact again loses its mark. */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "archive/fixity.h"
#include "archive/ingest.h"
#include "archive/record.h"
#include "core/buf.h"
#include "core/fs.h"

typedef struct fixture {
	char *dir;
	lt_archive *ar;
	char sha[LT_SHA256_HEX_LEN + 1];
	char *blob;
	int64_t id[2];
	char *good;
	size_t len;
} fixture;

static const char TEXT[] = "Công văn về việc lưu trữ hồ sơ điện tử, bản gốc.\n";

static int64_t ingest(fixture *f, const char *name, const char *doc_id)
{
	lt_buf p = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_ingest_result res;
	lt_meta_kv meta[] = {{"docId", doc_id}};
	lt_ingest_options o = LT_INGEST_OPTIONS_INIT;

	lt_fs_join(&p, f->dir, name);
	lt_test_write_file(p.data, TEXT, strlen(TEXT));
	o.meta = meta;
	o.nmeta = 1;
	if (lt_ingest_file(f->ar, p.data, &o, &res, &err) != 0)
		fail_msg("ingest: %s", err.message);
	memcpy(f->sha, res.sha256, sizeof(f->sha));
	lt_buf_free(&p);
	return res.record_id;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	lt_buf p = LT_BUF_INIT;

	f->dir = lt_test_tmpdir();
	lt_fs_join(&p, f->dir, "data");
	assert_int_equal(lt_archive_open(&f->ar, p.data, LT_ARCHIVE_CREATE, NULL), 0);
	lt_buf_free(&p);
	/* the same bytes in two records: one stored file */
	f->id[0] = ingest(f, "a.txt", "FX.0001");
	f->id[1] = ingest(f, "b.txt", "FX.0002");
	lt_blobstore_path(lt_archive_blobs(f->ar), f->sha, &p);
	f->blob = lt_buf_detach(&p);
	f->good = lt_test_read_file(f->blob, &f->len);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	lt_archive_free(f->ar);
	lt_test_rmtree_free(f->dir);
	free(f->blob);
	free(f->good);
	free(f);
	return 0;
}

static long long scalar(fixture *f, const char *sql)
{
	return lt_test_scalar(lt_archive_catalog(f->ar), sql);
}

static void flip(fixture *f)
{
	char *b = malloc(f->len);
	memcpy(b, f->good, f->len);
	b[3] ^= 0x02;
	chmod(f->blob, 0644);
	lt_test_write_file(f->blob, b, f->len);
	free(b);
}

static int read_through(fixture *f, const char *via, lt_buf *out, lt_error *err)
{
	lt_fixity_reader *r = NULL;
	char buf[16];
	size_t got = 0;
	int rc = lt_fixity_open(&r, NULL, f->ar, f->sha, LT_BLOB_SIZE_UNKNOWN, "tester", via, err);

	while (rc == 0 && (rc = lt_fixity_read(r, buf, sizeof(buf), &got, err)) == 0 && got)
		lt_buf_append(out, buf, got);
	lt_fixity_close(r);
	return rc;
}

static void test_intact_and_damaged(void **state)
{
	fixture *f = *state;
	lt_buf out = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_fixity_reader *r = NULL;

	assert_int_equal(read_through(f, "download", &out, &err), 0);
	assert_int_equal(out.len, strlen(TEXT));
	assert_memory_equal(out.data, TEXT, out.len);
	assert_int_equal(scalar(f, "SELECT count(*) FROM blobs WHERE damage IS NOT NULL"), 0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM audit_log WHERE action LIKE 'blob.%'"), 0);

	flip(f);
	lt_buf_reset(&out);
	assert_int_equal(read_through(f, "download", &out, &err), LT_ECORRUPT);
	/* both records named, the kind said */
	assert_non_null(strstr(err.message, "FX.0001"));
	assert_non_null(strstr(err.message, "FX.0002"));
	assert_non_null(strstr(err.message, lt_blob_damage_text(LT_BLOB_CONTENT_CHANGED)));
	assert_int_equal(scalar(f, "SELECT count(*) FROM blobs WHERE damage = 'content_changed'"
	                           " AND damage_found_at IS NOT NULL"),
	                 1);
	/* one entry per record, naming it by uid, saying who and how */
	assert_int_equal(scalar(f, "SELECT count(*) FROM audit_log a JOIN records r ON r.uid ="
	                           " a.object WHERE a.action = 'blob.damaged' AND a.who = 'tester'"
	                           " AND a.detail LIKE '%damage=content_changed via=download'"),
	                 2);
	/* every refusal of a download is audited; a verify read with the same
	 * finding is not (its own entry counts it) */
	assert_int_equal(read_through(f, "download", &out, &err), LT_ECORRUPT);
	assert_int_equal(scalar(f, "SELECT count(*) FROM audit_log WHERE action = 'blob.damaged'"),
	                 4);
	assert_int_equal(
	    lt_fixity_verify(f->ar, f->sha, LT_BLOB_SIZE_UNKNOWN, "t", "verify", NULL, &err),
	    LT_ECORRUPT);
	assert_int_equal(scalar(f, "SELECT count(*) FROM audit_log WHERE action = 'blob.damaged'"),
	                 4);

	/* truncated: a new kind, refused at open */
	chmod(f->blob, 0644);
	lt_test_write_file(f->blob, f->good, f->len - 1);
	{
		lt_blob_damage d = LT_BLOB_INTACT;
		assert_int_equal(lt_fixity_open(&r, &d, f->ar, f->sha, LT_BLOB_SIZE_UNKNOWN, "t",
		                                "verify", &err),
		                 LT_ECORRUPT);
		assert_null(r);
		assert_int_equal(d, LT_BLOB_SIZE_CHANGED);
	}
	assert_int_equal(scalar(f, "SELECT count(*) FROM blobs WHERE damage = 'size_changed'"), 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM audit_log WHERE action = 'blob.damaged'"),
	                 6);

	/* copied back: intact again, the mark goes, "blob.intact" is written */
	lt_test_write_file(f->blob, f->good, f->len);
	assert_int_equal(
	    lt_fixity_verify(f->ar, f->sha, LT_BLOB_SIZE_UNKNOWN, "t", "verify", NULL, &err), 0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM blobs WHERE damage IS NOT NULL"), 0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM audit_log WHERE action = 'blob.intact'"),
	                 2);

	/* a file the catalog does not know */
	assert_int_equal(
	    lt_fixity_open(&r, NULL, f->ar,
	                   "0000000000000000000000000000000000000000000000000000000000000000",
	                   LT_BLOB_SIZE_UNKNOWN, "t", "download", &err),
	    LT_ENOTFOUND);
	lt_buf_free(&out);
}

/* The caller reads inside a transaction that it rolls back: the mark and
 * the entries, written on a connection of their own, stay. */
static void test_mark_survives_callers_rollback(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_archive_catalog(f->ar);

	flip(f);
	assert_int_equal(lt_catalog_exec(cat, "BEGIN", &err), 0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM records"), 2); /* a read transaction */
	assert_int_equal(
	    lt_fixity_verify(f->ar, f->sha, LT_BLOB_SIZE_UNKNOWN, "t", "package", NULL, &err),
	    LT_ECORRUPT);
	lt_catalog_rollback(cat);
	assert_int_equal(scalar(f, "SELECT count(*) FROM blobs WHERE damage = 'content_changed'"),
	                 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM audit_log WHERE action = 'blob.damaged'"
	                           " AND detail LIKE '%via=package'"),
	                 2);
}

static void test_check_record(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_record *rec = NULL;

	assert_int_equal(
	    lt_record_load(&rec, lt_archive_catalog(f->ar), f->id[0], LT_RECORD_FILES, &err), 0);
	assert_int_equal(lt_fixity_check_record(f->ar, rec, 1, "t", "show"), 0);
	assert_null(rec->files[0].damage);
	flip(f);
	/* without reading the bytes the flip is not seen ... */
	assert_int_equal(lt_fixity_check_record(f->ar, rec, 0, "t", "view"), 0);
	/* ... reading them, it is, and the mark is then reported even by a
	 * check that does not read */
	assert_int_equal(lt_fixity_check_record(f->ar, rec, 1, "t", "show"), 1);
	assert_string_equal(rec->files[0].damage, "content_changed");
	lt_record_free(rec);
	rec = NULL;
	assert_int_equal(
	    lt_record_load(&rec, lt_archive_catalog(f->ar), f->id[1], LT_RECORD_FILES, &err), 0);
	assert_string_equal(rec->files[0].damage, "content_changed"); /* loaded with the record */
	assert_int_equal(lt_fixity_check_record(f->ar, rec, 0, "t", "view"), 1);
	lt_record_free(rec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_intact_and_damaged, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_mark_survives_callers_rollback, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_check_record, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
