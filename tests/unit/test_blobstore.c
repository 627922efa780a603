/* tests/unit/test_blobstore.c — archive/blobstore. */
#include "tests/unit/support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive/blobstore.h"
#include "core/buf.h"
#include "core/fs.h"

#define ABC_SHA   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define EMPTY_SHA "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

typedef struct fixture {
	char *dir;
	char *root;
	lt_blobstore *bs;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	lt_buf b = LT_BUF_INIT;

	f->dir = lt_test_tmpdir();
	lt_fs_join(&b, f->dir, "blobs");
	f->root = lt_buf_detach(&b);
	assert_int_equal(lt_fs_mkdirs(f->root, NULL), 0);
	assert_int_equal(lt_blobstore_open(&f->bs, f->root, NULL), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	lt_blobstore_free(f->bs);
	free(f->root);
	lt_test_rmtree_free(f->dir);
	free(f);
	return 0;
}

static void test_sha256(void **state)
{
	(void)state;
	char hex[LT_SHA256_HEX_LEN + 1];

	lt_sha256_hex("abc", 3, hex);
	assert_string_equal(hex, ABC_SHA);
	lt_sha256_hex("", 0, hex);
	assert_string_equal(hex, EMPTY_SHA);
}

static void test_put_dedup_path_mode(void **state)
{
	fixture *f = *state;
	lt_blob_info a, b;
	lt_error err = LT_ERROR_INIT;
	lt_buf p = LT_BUF_INIT, want = LT_BUF_INIT;
	struct stat st;
	char *content;
	char hex[LT_SHA256_HEX_LEN + 1];

	assert_false(lt_blobstore_exists(f->bs, ABC_SHA));
	assert_int_equal(lt_blobstore_put_mem(f->bs, "abc", 3, &a, &err), 0);
	assert_string_equal(a.sha256, ABC_SHA);
	assert_int_equal(a.size, 3);
	assert_int_equal(a.existed, 0);
	assert_true(lt_blobstore_exists(f->bs, ABC_SHA));

	/* <root>/ba/78/<sha>, read-only, holding the bytes. */
	assert_int_equal(lt_blobstore_path(f->bs, ABC_SHA, &p), 0);
	lt_buf_printf(&want, "%s/ba/78/%s", f->root, ABC_SHA);
	assert_string_equal(p.data, want.data);
	assert_int_equal(stat(p.data, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0400);
	content = lt_test_read_file(p.data, NULL);
	assert_string_equal(content, "abc");
	free(content);
	assert_int_equal(lt_sha256_file_hex(p.data, hex, &err), 0);
	assert_string_equal(hex, ABC_SHA);

	/* The same bytes again: nothing new. */
	assert_int_equal(lt_blobstore_put_mem(f->bs, "abc", 3, &b, &err), 0);
	assert_string_equal(b.sha256, ABC_SHA);
	assert_int_equal(b.existed, 1);
	assert_int_equal(lt_test_count_files(f->root, NULL), 1); /* and tmp/ is empty */

	/* Via a file, and via the streaming writer in pieces. */
	{
		lt_buf src = LT_BUF_INIT;
		lt_blob_writer *w = NULL;
		lt_fs_join(&src, f->dir, "abc.txt");
		lt_test_write_file(src.data, "abc", 3);
		assert_int_equal(lt_blobstore_put_file(f->bs, src.data, 0, &b, &err), 0);
		assert_string_equal(b.sha256, ABC_SHA);
		assert_int_equal(b.existed, 1);
		lt_buf_free(&src);

		assert_int_equal(lt_blob_writer_new(&w, f->bs, 0, &err), 0);
		assert_int_equal(lt_blob_writer_write(w, "a", 1, &err), 0);
		assert_int_equal(lt_blob_writer_write(w, "bc", 2, &err), 0);
		assert_int_equal(lt_blob_writer_commit(w, &b, &err), 0);
		assert_string_equal(b.sha256, ABC_SHA);
		assert_int_equal(b.existed, 1);
	}
	/* An empty blob is a blob. */
	assert_int_equal(lt_blobstore_put_mem(f->bs, "", 0, &b, &err), 0);
	assert_string_equal(b.sha256, EMPTY_SHA);
	assert_int_equal(lt_test_count_files(f->root, NULL), 2);
	lt_buf_free(&p);
	lt_buf_free(&want);
}

static void test_limit_leaves_nothing(void **state)
{
	fixture *f = *state;
	lt_blob_info info;
	lt_error err = LT_ERROR_INIT;
	lt_blob_writer *w = NULL;
	lt_buf src = LT_BUF_INIT;
	char big[4096];

	memset(big, 'x', sizeof(big));
	lt_fs_join(&src, f->dir, "big.bin");
	lt_test_write_file(src.data, big, sizeof(big));
	assert_int_equal(lt_blobstore_put_file(f->bs, src.data, 4095, &info, &err), LT_ELIMIT);
	assert_int_equal(err.code, LT_ELIMIT);
	assert_int_equal(lt_test_count_files(f->root, NULL), 0);
	/* Exactly at the limit is fine. */
	assert_int_equal(lt_blobstore_put_file(f->bs, src.data, 4096, &info, &err), 0);
	assert_int_equal(info.size, 4096);
	assert_int_equal(lt_blobstore_remove(f->bs, info.sha256, &err), 0);
	assert_int_equal(lt_test_count_files(f->root, NULL), 0);

	/* The writer enforces it while bytes arrive (an upload of unknown size). */
	assert_int_equal(lt_blob_writer_new(&w, f->bs, 100, &err), 0);
	assert_int_equal(lt_blob_writer_write(w, big, 60, &err), 0);
	assert_int_equal(lt_blob_writer_write(w, big, 60, &err), LT_ELIMIT);
	assert_int_equal(lt_test_count_files(f->root, NULL), 0); /* temp already gone */
	assert_int_not_equal(lt_blob_writer_write(w, big, 1, &err), 0);
	lt_blob_writer_abort(w);
	lt_blob_writer_abort(NULL);

	/* Abort drops the temp file. */
	assert_int_equal(lt_blob_writer_new(&w, f->bs, 0, &err), 0);
	assert_int_equal(lt_blob_writer_write(w, big, 10, &err), 0);
	assert_int_equal(lt_test_count_files(f->root, NULL), 1);
	lt_blob_writer_abort(w);
	assert_int_equal(lt_test_count_files(f->root, NULL), 0);
	lt_buf_free(&src);
}

static void test_verify_detects_flipped_bit(void **state)
{
	fixture *f = *state;
	lt_blob_info info;
	lt_error err = LT_ERROR_INIT;
	lt_buf p = LT_BUF_INIT;
	char data[1000];
	char *content;
	size_t len;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (char)(i * 7);
	assert_int_equal(lt_blobstore_put_mem(f->bs, data, sizeof(data), &info, &err), 0);
	assert_int_equal(lt_blobstore_verify(f->bs, info.sha256, &err), 0);

	/* Flip one bit of byte 500 behind the store's back. */
	lt_blobstore_path(f->bs, info.sha256, &p);
	content = lt_test_read_file(p.data, &len);
	content[500] ^= 0x10;
	assert_int_equal(chmod(p.data, 0644), 0);
	lt_test_write_file(p.data, content, len);
	free(content);
	assert_int_equal(lt_blobstore_verify(f->bs, info.sha256, &err), LT_ECORRUPT);
	assert_non_null(strstr(err.message, info.sha256));

	/* Missing, then removed twice (missing is not an error). */
	assert_int_equal(lt_blobstore_remove(f->bs, info.sha256, &err), 0);
	assert_false(lt_blobstore_exists(f->bs, info.sha256));
	assert_int_equal(lt_blobstore_verify(f->bs, info.sha256, &err), LT_ENOTFOUND);
	assert_int_equal(lt_blobstore_remove(f->bs, info.sha256, &err), 0);
	lt_buf_free(&p);
}

/* Read everything through a reader in chunks of cap; the bytes in *out,
 * the status of the last call returned. */
static int read_all(lt_blob_reader *r, size_t cap, lt_buf *out, lt_error *err)
{
	char buf[4096];
	size_t got = 0;
	int rc;

	while ((rc = lt_blob_reader_read(r, buf, cap, &got, err)) == 0 && got > 0)
		lt_buf_append(out, buf, got);
	return rc;
}

static void test_reader_tells_damage_apart(void **state)
{
	fixture *f = *state;
	lt_blob_info info;
	lt_error err = LT_ERROR_INIT;
	lt_buf p = LT_BUF_INIT, bytes = LT_BUF_INIT;
	lt_blob_reader *r = NULL;
	lt_blob_damage d;
	char data[10000], *content;
	size_t len;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (char)(i * 13 + 1);
	assert_int_equal(lt_blobstore_put_mem(f->bs, data, sizeof(data), &info, &err), 0);
	lt_blobstore_path(f->bs, info.sha256, &p);

	/* intact: the bytes, then the end; check rewinds to read them again */
	assert_int_equal(lt_blob_reader_open(&r, &d, f->bs, info.sha256, sizeof(data), &err), 0);
	assert_int_equal(d, LT_BLOB_INTACT);
	assert_int_equal(lt_blob_reader_size(r), sizeof(data));
	assert_int_equal(read_all(r, 777, &bytes, &err), 0);
	assert_int_equal(bytes.len, sizeof(data));
	assert_memory_equal(bytes.data, data, sizeof(data));
	assert_int_equal(lt_blob_reader_check(r, &err), 0); /* ended: nothing more to read */
	lt_blob_reader_free(r);
	assert_int_equal(lt_blob_reader_open(&r, &d, f->bs, info.sha256, sizeof(data), &err), 0);
	assert_int_equal(lt_blob_reader_check(r, &err), 0);
	lt_buf_reset(&bytes);
	assert_int_equal(read_all(r, 4096, &bytes, &err), 0);
	assert_int_equal(bytes.len, sizeof(data));
	lt_blob_reader_free(r);

	/* the catalog expects another size: refused at open, nothing read */
	assert_int_equal(lt_blob_reader_open(&r, &d, f->bs, info.sha256, sizeof(data) + 1, &err),
	                 LT_ECORRUPT);
	assert_null(r);
	assert_int_equal(d, LT_BLOB_SIZE_CHANGED);

	/* one bit flipped: every byte is handed out, but the end is not —
	 * the last read says the content changed */
	content = lt_test_read_file(p.data, &len);
	content[len - 1] ^= 0x01;
	assert_int_equal(chmod(p.data, 0644), 0);
	lt_test_write_file(p.data, content, len);
	assert_int_equal(lt_blob_reader_open(&r, &d, f->bs, info.sha256, sizeof(data), &err), 0);
	lt_buf_reset(&bytes);
	assert_int_equal(read_all(r, 1000, &bytes, &err), LT_ECORRUPT);
	assert_int_equal(bytes.len, sizeof(data));
	assert_int_equal(lt_blob_reader_damage(r), LT_BLOB_CONTENT_CHANGED);
	assert_non_null(strstr(err.message, info.sha256));
	lt_blob_reader_free(r);
	assert_int_equal(lt_blob_reader_open(&r, &d, f->bs, info.sha256, sizeof(data), &err), 0);
	assert_int_equal(lt_blob_reader_check(r, &err), LT_ECORRUPT);
	assert_int_equal(lt_blob_reader_damage(r), LT_BLOB_CONTENT_CHANGED);
	lt_blob_reader_free(r);

	/* truncated, the size unknown to the caller: still "size changed"
	 * only when a size was expected; unknown size → content changed */
	lt_test_write_file(p.data, content, len / 2);
	assert_int_equal(lt_blob_reader_open(&r, &d, f->bs, info.sha256, sizeof(data), &err),
	                 LT_ECORRUPT);
	assert_int_equal(d, LT_BLOB_SIZE_CHANGED);
	assert_int_equal(
	    lt_blob_reader_open(&r, &d, f->bs, info.sha256, LT_BLOB_SIZE_UNKNOWN, &err), 0);
	assert_int_equal(lt_blob_reader_check(r, &err), LT_ECORRUPT);
	assert_int_equal(lt_blob_reader_damage(r), LT_BLOB_CONTENT_CHANGED);
	lt_blob_reader_free(r);
	free(content);

	/* gone */
	assert_int_equal(unlink(p.data), 0);
	assert_int_equal(lt_blob_reader_open(&r, &d, f->bs, info.sha256, sizeof(data), &err),
	                 LT_ECORRUPT);
	assert_int_equal(d, LT_BLOB_MISSING);

	/* names and parsing */
	assert_string_equal(lt_blob_damage_name(LT_BLOB_SIZE_CHANGED), "size_changed");
	assert_int_equal(lt_blob_damage_parse("content_changed"), LT_BLOB_CONTENT_CHANGED);
	assert_int_equal(lt_blob_damage_parse("missing"), LT_BLOB_MISSING);
	assert_int_equal(lt_blob_damage_parse(NULL), LT_BLOB_INTACT);
	assert_int_equal(lt_blob_damage_parse("bogus"), LT_BLOB_INTACT);
	assert_int_equal(lt_blob_reader_open(&r, &d, f->bs, "../x", 1, &err), LT_EINVAL);
	lt_buf_free(&p);
	lt_buf_free(&bytes);
}

static void test_bad_names_and_inputs(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_buf p = LT_BUF_INIT;
	lt_blob_info info;
	lt_blobstore *bs = NULL;

	/* Only 64 lower-case hex digits name a blob: no path escapes. */
	assert_int_equal(lt_blobstore_path(f->bs, "../../etc/passwd", &p), LT_EINVAL);
	assert_int_equal(lt_blobstore_path(f->bs, ABC_SHA "0", &p), LT_EINVAL);
	assert_int_equal(lt_blobstore_verify(f->bs, "BA7816BF", &err), LT_EINVAL);
	assert_int_equal(lt_blobstore_remove(f->bs, "..", &err), LT_EINVAL);
	assert_false(lt_blobstore_exists(f->bs, "x"));
	assert_int_equal(p.len, 0);

	assert_int_equal(lt_blobstore_put_file(f->bs, "/nonexistent/file", 0, &info, &err),
	                 LT_ENOTFOUND);
	assert_int_equal(lt_blobstore_put_file(f->bs, f->dir, 0, &info, &err), LT_EINVAL);
	assert_int_equal(lt_blobstore_open(&bs, "/nonexistent/root", &err), LT_ENOTFOUND);
	assert_null(bs);
	assert_string_equal(lt_blobstore_root(f->bs), f->root);
	lt_blobstore_free(NULL);
}

#define NTHREADS 8

typedef struct put_arg {
	lt_blobstore *bs;
	const char *data;
	size_t len;
	lt_blob_info info;
	int rc;
} put_arg;

static void *put_thread(void *p)
{
	put_arg *a = p;

	a->rc = lt_blobstore_put_mem(a->bs, a->data, a->len, &a->info, NULL);
	return NULL;
}

static void test_concurrent_same_content(void **state)
{
	fixture *f = *state;
	pthread_t th[NTHREADS];
	put_arg args[NTHREADS];
	size_t len = 256 * 1024;
	char *data = malloc(len);
	int created = 0;

	for (size_t i = 0; i < len; i++)
		data[i] = (char)(i ^ (i >> 8));
	for (int i = 0; i < NTHREADS; i++) {
		args[i] = (put_arg){f->bs, data, len, {{0}, 0, 0}, -1};
		assert_int_equal(pthread_create(&th[i], NULL, put_thread, &args[i]), 0);
	}
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < NTHREADS; i++) {
		assert_int_equal(args[i].rc, 0);
		assert_string_equal(args[i].info.sha256, args[0].info.sha256);
		created += !args[i].info.existed;
	}
	/* Exactly one writer placed it; everyone else deduplicated. */
	assert_int_equal(created, 1);
	assert_int_equal(lt_test_count_files(f->root, NULL), 1);
	assert_int_equal(lt_blobstore_verify(f->bs, args[0].info.sha256, NULL), 0);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sha256),
	    cmocka_unit_test_setup_teardown(test_put_dedup_path_mode, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_limit_leaves_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_verify_detects_flipped_bit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reader_tells_damage_apart, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_names_and_inputs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_concurrent_same_content, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
