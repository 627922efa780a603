/* tests/unit/test_import.c — archive/import: directories, zip and tar.gz
 * built here with libarchive's writer; every kind of bad input fails its
 * row (or entry) alone and leaves nothing; a second run skips. */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "archive/import.h"
#include "core/buf.h"
#include "core/fs.h"

typedef struct fixture {
	char *dir;
	char *data;
	lt_archive *ar;
} fixture;

static char *join(const char *a, const char *b)
{
	lt_buf p = LT_BUF_INIT;
	lt_fs_join(&p, a, b);
	return lt_buf_detach(&p);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	f->dir = lt_test_tmpdir();
	f->data = join(f->dir, "data");
	assert_int_equal(lt_archive_open(&f->ar, f->data, LT_ARCHIVE_CREATE, NULL), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	lt_archive_free(f->ar);
	free(f->data);
	lt_test_rmtree_free(f->dir);
	free(f);
	return 0;
}

static long long scalar(fixture *f, const char *sql)
{
	return lt_test_scalar(lt_archive_catalog(f->ar), sql);
}

enum { REG, SYMLINK, HARDLINK };

typedef struct ent {
	const char *name;
	const char *data; /* NULL with size: that many zero bytes */
	int type;
	size_t zeros;
} ent;

/* Write an archive: fmt "zip" or "tar.gz". */
static void write_archive(const char *path, const char *fmt, const ent *e, size_t n)
{
	struct archive *a = archive_write_new();
	char *zero = NULL;

	if (strcmp(fmt, "zip") == 0) {
		assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	} else if (strcmp(fmt, "tar.xz") == 0) {
		assert_int_equal(archive_write_set_format_pax_restricted(a), ARCHIVE_OK);
		assert_int_equal(archive_write_add_filter_xz(a), ARCHIVE_OK);
	} else {
		assert_int_equal(archive_write_set_format_pax_restricted(a), ARCHIVE_OK);
		assert_int_equal(archive_write_add_filter_gzip(a), ARCHIVE_OK);
	}
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *ae = archive_entry_new();
		size_t len = e[i].data ? strlen(e[i].data) : e[i].zeros;

		archive_entry_set_pathname(ae, e[i].name);
		archive_entry_set_perm(ae, 0644);
		if (e[i].type == SYMLINK) {
			archive_entry_set_filetype(ae, AE_IFLNK);
			archive_entry_set_symlink(ae, e[i].data);
			len = 0;
		} else if (e[i].type == HARDLINK) {
			archive_entry_set_filetype(ae, AE_IFREG);
			archive_entry_set_hardlink(ae, e[i].data);
			len = 0;
		} else {
			archive_entry_set_filetype(ae, AE_IFREG);
			archive_entry_set_size(ae, (la_int64_t)len);
		}
		assert_int_equal(archive_write_header(a, ae), ARCHIVE_OK);
		if (len && e[i].data) {
			assert_int_equal(archive_write_data(a, e[i].data, len), (la_ssize_t)len);
		} else if (len) {
			zero = calloc(1, 65536);
			for (size_t done = 0; done < len; done += 65536)
				archive_write_data(a, zero,
				                   len - done < 65536 ? len - done : 65536);
			free(zero);
		}
		archive_entry_free(ae);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
}

static const lt_import_failure *failure_for_row(const lt_import_report *r, size_t row)
{
	for (size_t i = 0; i < r->nfailures; i++)
		if (r->failures[i].row == row)
			return &r->failures[i];
	return NULL;
}

static const lt_import_failure *failure_for_entry(const lt_import_report *r, const char *name)
{
	for (size_t i = 0; i < r->nfailures; i++)
		if (r->failures[i].row == 0 && r->failures[i].entry &&
		    strcmp(r->failures[i].entry, name) == 0)
			return &r->failures[i];
	return NULL;
}

static void test_directory_and_rerun(void **state)
{
	fixture *f = *state;
	char *in = join(f->dir, "in"), *p;
	lt_import_report *r = NULL;
	lt_error err = LT_ERROR_INIT;
	const char *man =
	    "{\"docId\": \"T1\", \"subject\": \"Về việc họp\", \"issuedDate\": \"2024-03-01\", "
	    "\"text\": \"Hồ sơ họp giao ban\"}\n"
	    "{\"docId\": \"T2\", \"typeName\": \"Công văn\", \"text\": \"Báo cáo quý\"}\n"
	    "{\"docId\": \"F1\", \"subject\": \"Tệp\", \"file\": \"sub/a.txt\"}\n";

	assert_int_equal(lt_fs_mkdirs(in, NULL), 0);
	p = join(in, "manifest.jsonl");
	lt_test_write_file(p, man, strlen(man));
	free(p);
	p = join(in, "sub");
	assert_int_equal(lt_fs_mkdirs(p, NULL), 0);
	free(p);
	p = join(in, "sub/a.txt");
	lt_test_write_file(p, "Nội dung tệp a", strlen("Nội dung tệp a"));
	free(p);

	assert_int_equal(lt_import_run(&r, f->ar, in, NULL, &err), 0);
	assert_int_equal(r->total, 3);
	assert_int_equal(r->imported, 3);
	assert_int_equal(r->failed, 0);
	assert_string_equal(r->manifest, "manifest.jsonl");
	lt_import_report_free(r);
	assert_int_equal(scalar(f, "SELECT count(*) FROM records"), 3);
	/* text rows: page 1 stored directly, no job; the file row has a job */
	assert_int_equal(scalar(f,
	                        "SELECT count(*) FROM pages p JOIN records r ON r.id = p.record_id"
	                        " WHERE r.doc_id IN ('T1','T2') AND p.page_no = 1"),
	                 2);
	assert_int_equal(scalar(f, "SELECT count(*) FROM jobs"), 1);
	assert_int_equal(scalar(f, "SELECT count(DISTINCT record_id) FROM index_outbox"), 3);
	assert_int_equal(scalar(f, "SELECT count(*) FROM records WHERE doc_id = 'T2'"
	                           " AND type_name = '22' AND page_count = 1"),
	                 1);
	/* inline text lives in the catalog only (no blob) unless text_blobs */
	assert_int_equal(scalar(f, "SELECT count(*) FROM record_files"), 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM blobs"), 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM audit_log WHERE action = 'record.import'"
	                           " AND detail LIKE '%manifest=%line=1'"),
	                 1);

	/* second run: everything skipped, nothing new */
	assert_int_equal(lt_import_run(&r, f->ar, in, NULL, &err), 0);
	assert_int_equal(r->skipped, 3);
	assert_int_equal(r->imported, 0);
	lt_import_report_free(r);
	assert_int_equal(scalar(f, "SELECT count(*) FROM records"), 3);
	free(in);
}

/* Two imports of overlapping batches at once: rows the other one stored
 * after this one's prescan are skipped, as a re-run would say, not
 * failed. The "other import" runs on its own connection from the progress
 * callback, after this import's first row committed. */
typedef struct overlap {
	fixture *f;
	const char *other;
	lt_import_report *r;
	int ran;
} overlap;

static void run_other(void *ctx, size_t done, size_t total)
{
	overlap *o = ctx;
	lt_archive *ar = NULL;

	(void)total;
	if (o->ran || done < 1)
		return;
	o->ran = 1;
	assert_int_equal(lt_archive_open(&ar, o->f->data, 0, NULL), 0);
	assert_int_equal(lt_import_run(&o->r, ar, o->other, NULL, NULL), 0);
	lt_archive_free(ar);
}

static void test_overlapping_imports_skip(void **state)
{
	fixture *f = *state;
	char *a = join(f->dir, "a"), *b = join(f->dir, "b"), *p;
	lt_import_options opts = LT_IMPORT_OPTIONS_INIT;
	lt_import_report *r = NULL;
	lt_error err = LT_ERROR_INIT;
	overlap o = {f, b, NULL, 0};
	const char *rows[] = {"{\"docId\": \"O1\", \"text\": \"một\"}\n",
	                      "{\"docId\": \"O2\", \"text\": \"hai\"}\n",
	                      "{\"docId\": \"O3\", \"text\": \"ba\"}\n",
	                      "{\"docId\": \"FO\", \"file\": \"f.txt\"}\n"};
	lt_buf ma = LT_BUF_INIT, mb = LT_BUF_INIT;

	for (int i = 0; i < 4; i++) {
		lt_buf_puts(&ma, rows[i]);
		if (i > 0)
			lt_buf_puts(&mb, rows[i]);
	}
	for (int k = 0; k < 2; k++) {
		const char *d = k ? b : a;
		assert_int_equal(lt_fs_mkdirs(d, NULL), 0);
		p = join(d, "manifest.jsonl");
		lt_test_write_file(p, k ? mb.data : ma.data, k ? mb.len : ma.len);
		free(p);
		p = join(d, "f.txt");
		lt_test_write_file(p, "Nội dung tệp", strlen("Nội dung tệp"));
		free(p);
	}
	opts.chunk_rows = 1;
	opts.progress = run_other;
	opts.progress_ctx = &o;
	assert_int_equal(lt_import_run(&r, f->ar, a, &opts, &err), 0);
	assert_true(o.ran);
	assert_int_equal(o.r->imported, 3);
	assert_int_equal(r->total, 4);
	assert_int_equal(r->imported, 1);
	assert_int_equal(r->skipped, 3);
	assert_int_equal(r->failed, 0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM records"), 4);
	lt_import_report_free(r);
	lt_import_report_free(o.r);
	lt_buf_free(&ma);
	lt_buf_free(&mb);
	free(a);
	free(b);
}

static void test_bad_rows_each_fail_alone(void **state)
{
	fixture *f = *state;
	char *in = join(f->dir, "in"), *p, *outside = join(f->dir, "secret.txt");
	lt_import_report *r = NULL;
	lt_import_options o = LT_IMPORT_OPTIONS_INIT;
	const lt_import_failure *x;
	const char *man = "docId,issuedDate,file,text\n"
	                  "A1,2024-01-02,,ok one\n"             /* row 1 ok */
	                  "A2,2021-02-29,,bad date\n"           /* row 2 */
	                  "A3,,missing.txt,\n"                  /* row 3 */
	                  "A1,,,same docId\n"                   /* row 4 */
	                  "A5,,../secret.txt,\n"                /* row 5 */
	                  "A6,,/etc/passwd,\n"                  /* row 6 */
	                  "A7,,link.txt,\n"                     /* row 7 */
	                  "A8,2024-05-06,,ok two\n"             /* row 8 ok */
	                  "A9,,,\"\xE1\xBB\x9D multi\nline\"\n" /* row 9 ok */
	                  "A10,,,\n";                           /* row 10: neither */

	assert_int_equal(lt_fs_mkdirs(in, NULL), 0);
	lt_test_write_file(outside, "secret", 6);
	p = join(in, "manifest.csv");
	lt_test_write_file(p, man, strlen(man));
	free(p);
	p = join(in, "link.txt");
	assert_int_equal(symlink(outside, p), 0);
	free(p);

	o.chunk_rows = 2; /* several chunks, bad rows inside them */
	o.text_blobs = 1; /* and a blob per text row, removed again when the row fails */
	assert_int_equal(lt_import_run(&r, f->ar, in, &o, NULL), 0);
	assert_int_equal(r->total, 10);
	assert_int_equal(r->imported, 3);
	assert_int_equal(r->failed, 7);
	assert_int_equal(r->skipped, 0);
	x = failure_for_row(r, 2);
	assert_non_null(x);
	assert_int_equal(x->code, LT_EINVAL);
	assert_int_equal(x->line, 3);
	assert_non_null(strstr(x->message, "2021-02-29"));
	x = failure_for_row(r, 3);
	assert_int_equal(x->code, LT_ENOTFOUND);
	assert_non_null(strstr(x->message, "missing.txt"));
	x = failure_for_row(r, 4);
	assert_int_equal(x->code, LT_EEXISTS);
	assert_non_null(strstr(x->message, "A1"));
	assert_int_equal(failure_for_row(r, 5)->code, LT_EINVAL);
	assert_non_null(strstr(failure_for_row(r, 5)->message, ".."));
	assert_int_equal(failure_for_row(r, 6)->code, LT_EINVAL);
	assert_non_null(strstr(failure_for_row(r, 7)->message, "link.txt"));
	assert_non_null(failure_for_row(r, 10));
	lt_import_report_free(r);
	assert_int_equal(scalar(f, "SELECT count(*) FROM records"), 3);
	assert_int_equal(scalar(f, "SELECT count(*) FROM blobs"), 3);
	assert_int_equal(scalar(f, "SELECT count(*) FROM records WHERE doc_id IN ('A1','A8','A9')"),
	                 3);
	free(in);
	free(outside);
}

static void test_zip_with_evil_entries(void **state)
{
	fixture *f = *state;
	char *zip = join(f->dir, "batch.zip");
	lt_import_report *r = NULL;
	lt_error err = LT_ERROR_INIT;
	const ent e[] = {
	    {"a.txt", "văn bản a", REG, 0},
	    {"../evil", "evil", REG, 0},
	    {"ln.txt", "/etc/passwd", SYMLINK, 0},
	    {"b.txt", "văn bản b", REG, 0},
	    {"manifest.jsonl",
	     "{\"docId\": \"Z1\", \"file\": \"a.txt\"}\n"
	     "{\"docId\": \"Z2\", \"file\": \"../evil\"}\n"
	     "{\"docId\": \"Z3\", \"file\": \"ln.txt\"}\n"
	     "{\"docId\": \"Z4\", \"file\": \"./b.txt\"}\n"
	     "{\"docId\": \"Z5\", \"text\": \"inline\"}\n",
	     REG, 0},
	};

	write_archive(zip, "zip", e, 5);
	assert_int_equal(lt_import_run(&r, f->ar, zip, NULL, &err), 0);
	assert_int_equal(r->imported, 3);
	assert_int_equal(r->failed, 2);
	assert_non_null(failure_for_entry(r, "../evil"));
	assert_non_null(failure_for_entry(r, "ln.txt"));
	assert_non_null(strstr(failure_for_entry(r, "ln.txt")->message, "ln.txt"));
	assert_non_null(failure_for_row(r, 2));
	assert_non_null(failure_for_row(r, 3));
	lt_import_report_free(r);
	assert_int_equal(scalar(f, "SELECT count(*) FROM records"), 3);
	assert_int_equal(scalar(f, "SELECT count(*) FROM record_files WHERE name = 'b.txt'"), 1);
	free(zip);
}

static void test_tar_gz_manifest_last_in_top_dir(void **state)
{
	fixture *f = *state;
	char *tgz = join(f->dir, "batch.tar.gz");
	lt_import_report *r = NULL;
	lt_error err = LT_ERROR_INIT;
	const ent e[] = {
	    {"box/a.txt", "một", REG, 0},
	    {"box/b.txt", "hai", REG, 0},
	    {"box/x.txt", "hard", HARDLINK, 0},
	    {"box/manifest.csv", "docId,file\nG1,a.txt\nG2,b.txt\nG3,a.txt\n", REG, 0},
	};

	write_archive(tgz, "tar.gz", e, 4);
	assert_int_equal(lt_import_run(&r, f->ar, tgz, NULL, &err), 0);
	assert_string_equal(r->manifest, "box/manifest.csv");
	assert_int_equal(r->imported, 3); /* two rows may name one entry */
	assert_non_null(failure_for_entry(r, "box/x.txt"));
	lt_import_report_free(r);
	assert_int_equal(scalar(f, "SELECT count(*) FROM records"), 3);
	/* no temp file left behind in the blob store */
	assert_int_equal(scalar(f, "SELECT count(*) FROM blobs"), 2);
	free(tgz);
}

static void test_tar_xz_text_rows(void **state)
{
	fixture *f = *state;
	char *txz = join(f->dir, "batch.tar.xz");
	lt_import_report *r = NULL;
	lt_error err = LT_ERROR_INIT;
	const ent e[] = {
	    {"./manifest.csv",
	     "docId,subject,issuedDate,text\nX1,Một,ngày 5 tháng 3 năm 2024,văn bản một\n"
	     "X2,Hai,2024-03-06,văn bản hai\n",
	     REG, 0},
	};

	write_archive(txz, "tar.xz", e, 1);
	assert_int_equal(lt_import_run(&r, f->ar, txz, NULL, &err), 0);
	assert_int_equal(r->imported, 2);
	lt_import_report_free(r);
	assert_int_equal(scalar(f, "SELECT count(*) FROM records WHERE issued_date = '2024-03-05'"),
	                 1);
	free(txz);
}

static void test_truncated_archive(void **state)
{
	fixture *f = *state;
	char *tgz = join(f->dir, "t.tar.gz");
	lt_import_report *r = NULL;
	lt_error err = LT_ERROR_INIT;
	char *bytes;
	size_t len;
	ent e[3] = {
	    {"manifest.jsonl",
	     "{\"docId\": \"K1\", \"file\": \"a.txt\"}\n{\"docId\": \"K2\", \"file\": "
	     "\"big.bin\"}\n",
	     REG, 0},
	    {"a.txt", "đầu tiên", REG, 0},
	    {"big.bin", NULL, REG, 0},
	};
	/* incompressible tail so that cutting the file cuts this entry */
	lt_buf noise = LT_BUF_INIT;
	unsigned x = 12345;
	for (int i = 0; i < 200000; i++) {
		x = x * 1103515245u + 12345u;
		lt_buf_putc(&noise, (char)('a' + (x >> 16) % 26));
	}
	e[2].data = noise.data;
	write_archive(tgz, "tar.gz", e, 3);
	bytes = lt_test_read_file(tgz, &len);
	lt_test_write_file(tgz, bytes, len / 2);
	free(bytes);

	assert_int_equal(lt_import_run(&r, f->ar, tgz, NULL, &err), 0);
	assert_int_equal(r->imported, 1);
	assert_int_equal(r->failed, 1);
	assert_non_null(failure_for_row(r, 2));
	assert_int_equal(failure_for_row(r, 2)->code, LT_ECORRUPT);
	lt_import_report_free(r);
	assert_int_equal(scalar(f, "SELECT count(*) FROM records"), 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM blobs"), 1);
	lt_buf_free(&noise);
	free(tgz);
}

static void test_limits(void **state)
{
	fixture *f = *state;
	char *zip = join(f->dir, "bomb.zip");
	lt_import_report *r = NULL;
	lt_import_options o = LT_IMPORT_OPTIONS_INIT;
	lt_error err = LT_ERROR_INIT;
	const ent e[] = {
	    {"manifest.jsonl",
	     "{\"docId\": \"B1\", \"file\": \"small.txt\"}\n"
	     "{\"docId\": \"B2\", \"file\": \"zeros.txt\"}\n",
	     REG, 0},
	    {"small.txt", "nhỏ", REG, 0},
	    {"zeros.txt", NULL, REG, 4u * 1024 * 1024},
	};

	write_archive(zip, "zip", e, 3);

	/* compression ratio */
	o.limits.ratio_floor_bytes = 1024 * 1024;
	o.limits.max_ratio = 50;
	assert_int_equal(lt_import_run(&r, f->ar, zip, &o, &err), 0);
	assert_int_equal(r->imported, 1);
	assert_int_equal(failure_for_row(r, 2)->code, LT_ELIMIT);
	assert_non_null(strstr(failure_for_row(r, 2)->message, "zeros.txt"));
	lt_import_report_free(r);

	/* per-entry expanded size */
	o = (lt_import_options)LT_IMPORT_OPTIONS_INIT;
	o.limits.max_entry_bytes = 100000;
	assert_int_equal(lt_import_run(&r, f->ar, zip, &o, &err), 0);
	assert_int_equal(r->skipped, 1);
	assert_int_equal(failure_for_row(r, 2)->code, LT_ELIMIT);
	lt_import_report_free(r);

	/* total expanded size */
	o = (lt_import_options)LT_IMPORT_OPTIONS_INIT;
	o.limits.max_total_bytes = 200000;
	assert_int_equal(lt_import_run(&r, f->ar, zip, &o, &err), 0);
	assert_int_equal(failure_for_row(r, 2)->code, LT_ELIMIT);
	lt_import_report_free(r);

	/* entry count: the batch is refused as a whole */
	o = (lt_import_options)LT_IMPORT_OPTIONS_INIT;
	o.limits.max_entries = 2;
	assert_int_equal(lt_import_run(&r, f->ar, zip, &o, &err), LT_ELIMIT);
	assert_null(r);
	assert_non_null(strstr(err.message, "2"));
	assert_int_equal(scalar(f, "SELECT count(*) FROM records"), 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM blobs"), 1);
	free(zip);
}

static void test_not_a_batch(void **state)
{
	fixture *f = *state;
	char *junk = join(f->dir, "junk.bin"), *empty = join(f->dir, "empty");
	lt_import_report *r = NULL;
	lt_error err = LT_ERROR_INIT;

	lt_test_write_file(junk, "\x01\x02garbage", 9);
	assert_int_equal(lt_import_run(&r, f->ar, junk, NULL, &err), LT_EUNSUPPORTED);
	assert_null(r);
	assert_int_equal(lt_fs_mkdirs(empty, NULL), 0);
	assert_int_equal(lt_import_run(&r, f->ar, empty, NULL, &err), LT_ENOTFOUND);
	assert_non_null(strstr(err.message, "manifest"));
	assert_int_equal(lt_import_run(&r, f->ar, "/nonexistent/x.zip", NULL, &err), LT_ENOTFOUND);
	free(junk);
	free(empty);
}

/* Rule 6 at import: legacy notations are warnings in the report (the row
 * is imported); a born-digital outgoing row of this agency with a
 * malformed number is a failed row. Text rows and file rows alike. */
static void test_notation_warnings(void **state)
{
	fixture *f = *state;
	char *in = join(f->dir, "in"), *p;
	lt_import_report *r = NULL;
	const char *man = "docId,kind,confidenceLevel,typeName,codeNumber,codeNotation,file,text\n"
	                  "N1,,,,5,QĐ-UBND,,cũ một\n"                /* row 1: warning */
	                  "N2,,,Quyết định,05,TB-UBND,,cũ hai\n"     /* row 2: warning (type) */
	                  "N3,outgoing,01,,7,UBND-VP,,đi điện tử\n"  /* row 3: refused */
	                  "N4,,,Quyết định,05,QĐ-UBND,,đúng\n"       /* row 4: clean */
	                  "N5,,,,1,UBND,scan.txt,\n"                 /* row 5: file row, warning */
	                  "N6,outgoing,01,,09,UBND VP,scan2.txt,\n"; /* row 6: file row, refused */

	assert_int_equal(lt_fs_mkdirs(in, NULL), 0);
	p = join(in, "manifest.csv");
	lt_test_write_file(p, man, strlen(man));
	free(p);
	p = join(in, "scan.txt");
	lt_test_write_file(p, "văn bản cũ\n", strlen("văn bản cũ\n"));
	free(p);
	p = join(in, "scan2.txt");
	lt_test_write_file(p, "văn bản mới\n", strlen("văn bản mới\n"));
	free(p);

	assert_int_equal(lt_import_run(&r, f->ar, in, NULL, NULL), 0);
	assert_int_equal(r->imported, 4);
	assert_int_equal(r->failed, 2);
	assert_int_equal(r->nwarnings, 3);
	assert_int_equal(r->warnings[0].row, 1);
	assert_int_equal(r->warnings[0].line, 2);
	assert_string_equal(r->warnings[0].doc_id, "N1");
	assert_non_null(strstr(r->warnings[0].message, "5"));
	assert_int_equal(r->warnings[1].row, 2);
	assert_int_equal(r->warnings[2].row, 5);
	assert_int_equal(failure_for_row(r, 3)->code, LT_EINVAL);
	assert_int_equal(failure_for_row(r, 6)->code, LT_EINVAL);
	lt_import_report_free(r);
	assert_int_equal(scalar(f, "SELECT count(*) FROM records WHERE doc_id IN ('N3','N6')"), 0);
	assert_int_equal(
	    scalar(f, "SELECT count(*) FROM records WHERE doc_id IN ('N1','N2','N4','N5')"), 4);
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_directory_and_rerun, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_rows_each_fail_alone, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_overlapping_imports_skip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_notation_warnings, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_zip_with_evil_entries, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tar_gz_manifest_last_in_top_dir, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tar_xz_text_rows, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_truncated_archive, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_not_a_batch, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
