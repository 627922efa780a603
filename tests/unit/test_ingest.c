/* tests/unit/test_ingest.c — archive/ingest: good files make exactly one
 * record; every bad input leaves nothing behind. */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/dossier.h"
#include "archive/fileplan.h"
#include "archive/ingest.h"
#include "archive/settings.h"
#include "archive/record.h"
#include "core/buf.h"
#include "core/fs.h"

typedef struct fixture {
	char *dir;
	char *data;
	char *in;
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
	f->in = join(f->dir, "in");
	assert_int_equal(lt_fs_mkdirs(f->in, NULL), 0);
	assert_int_equal(lt_archive_open(&f->ar, f->data, LT_ARCHIVE_CREATE, NULL), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	lt_archive_free(f->ar);
	free(f->data);
	free(f->in);
	lt_test_rmtree_free(f->dir);
	free(f);
	return 0;
}

static long long rows(fixture *f, const char *table)
{
	char sql[128];
	sqlite3_stmt *st = NULL;
	long long n = -1;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	assert_int_equal(
	    sqlite3_prepare_v2(lt_catalog_db(lt_archive_catalog(f->ar)), sql, -1, &st, NULL),
	    SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static char *text1(fixture *f, const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;

	assert_int_equal(
	    sqlite3_prepare_v2(lt_catalog_db(lt_archive_catalog(f->ar)), sql, -1, &st, NULL),
	    SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static void assert_nothing_stored(fixture *f)
{
	char *blobs = join(f->data, "blobs");

	assert_int_equal(rows(f, "records"), 0);
	assert_int_equal(rows(f, "record_files"), 0);
	assert_int_equal(rows(f, "jobs"), 0);
	assert_int_equal(rows(f, "index_outbox"), 0);
	assert_int_equal(rows(f, "blobs"), 0);
	assert_int_equal(rows(f, "audit_log"), 0);
	assert_int_equal(lt_test_count_files(blobs, NULL), 0);
	free(blobs);
}

static char *write_input(fixture *f, const char *name, const void *data, size_t len)
{
	char *p = join(f->in, name);
	lt_test_write_file(p, data, len);
	return p;
}

/* Ingest with metadata pairs (NULL-terminated key, value list). */
static int ingest(fixture *f, const char *path, lt_ingest_result *res, lt_error *err, ...)
{
	lt_meta_kv kv[16];
	lt_ingest_options o = LT_INGEST_OPTIONS_INIT;
	va_list ap;
	size_t n = 0;
	const char *k;

	va_start(ap, err);
	while ((k = va_arg(ap, const char *)) != NULL && n < 16) {
		kv[n].key = k;
		kv[n].value = va_arg(ap, const char *);
		n++;
	}
	va_end(ap);
	o.meta = kv;
	o.nmeta = n;
	o.user = "tester";
	return lt_ingest_file(f->ar, path, &o, res, err);
}

static const char *fixture_png(void)
{
	static char path[4096];
	const char *fx = lt_test_shared_fixtures();

	if (!fx)
		return NULL;
	snprintf(path, sizeof(path), "%s/scans/000_49b2b25d46245d34/001.clean.png", fx);
	return lt_fs_exists(path) ? path : NULL;
}

static const char TEXT[] = "CÔNG VĂN\nVề việc triển khai kế hoạch số hóa tài liệu.\n";

static void test_bad_files_leave_nothing(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_ingest_result res;
	unsigned char junk[512];
	static const unsigned char png_head[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	unsigned char corrupt[300];
	char *p;

	p = join(f->in, "missing.png");
	assert_int_equal(ingest(f, p, &res, &err, NULL), LT_ENOTFOUND);
	assert_non_null(strstr(err.message, "missing.png"));
	assert_nothing_stored(f);
	free(p);

	p = write_input(f, "empty.pdf", "", 0);
	assert_int_equal(ingest(f, p, &res, &err, NULL), LT_EINVAL);
	assert_nothing_stored(f);
	free(p);

	/* Random bytes (with NULs and invalid UTF-8): no supported type. */
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)((i * 151 + 7) ^ (i >> 3));
	junk[0] = 0x00;
	junk[1] = 0xff;
	p = write_input(f, "random.bin", junk, sizeof(junk));
	assert_int_equal(ingest(f, p, &res, &err, NULL), LT_EUNSUPPORTED);
	assert_nothing_stored(f);
	free(p);

	/* A PNG signature followed by garbage. */
	memcpy(corrupt, png_head, sizeof(png_head));
	for (size_t i = sizeof(png_head); i < sizeof(corrupt); i++)
		corrupt[i] = (unsigned char)(i * 37);
	p = write_input(f, "corrupt.png", corrupt, sizeof(corrupt));
	assert_int_equal(ingest(f, p, &res, &err, NULL), LT_ECORRUPT);
	assert_nothing_stored(f);
	free(p);

	/* Larger than the per-file limit. */
	{
		lt_ingest_options o = LT_INGEST_OPTIONS_INIT;
		p = write_input(f, "note.txt", TEXT, strlen(TEXT));
		o.max_bytes = 10;
		assert_int_equal(lt_ingest_file(f->ar, p, &o, &res, &err), LT_ELIMIT);
		assert_nothing_stored(f);
		free(p);
	}
}

static void test_bad_metadata_leaves_nothing(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_ingest_result res;
	char *p = write_input(f, "note.txt", TEXT, strlen(TEXT));
	char subject[502];

	assert_int_equal(ingest(f, p, &res, &err, "subject", "Về vi\xe1\xbb", NULL), LT_EINVAL);
	assert_non_null(strstr(err.message, "subject"));
	assert_nothing_stored(f);

	memset(subject, 'a', 501);
	subject[501] = '\0';
	assert_int_equal(ingest(f, p, &res, &err, "subject", subject, NULL), LT_EINVAL);
	assert_non_null(strstr(err.message, "subject"));
	assert_non_null(strstr(err.message, "501"));
	assert_nothing_stored(f);

	assert_int_equal(ingest(f, p, &res, &err, "subject", "ok", "colour", "red", NULL),
	                 LT_EINVAL);
	assert_non_null(strstr(err.message, "colour"));
	assert_nothing_stored(f);

	assert_int_equal(ingest(f, p, &res, &err, "issuedDate", "31/02/2021", NULL), LT_EINVAL);
	assert_non_null(strstr(err.message, "issuedDate"));
	assert_nothing_stored(f);

	/* A key twice (also as tag and column name) is an error, not a guess. */
	assert_int_equal(ingest(f, p, &res, &err, "subject", "a", "Subject", "b", NULL), LT_EINVAL);
	assert_non_null(strstr(err.message, "subject"));
	assert_int_equal(ingest(f, p, &res, &err, "docId", "A1", "doc_id", "A2", NULL), LT_EINVAL);
	assert_nothing_stored(f);

	assert_int_equal(ingest(f, p, &res, &err, "secrecy", "7", NULL), LT_EINVAL);
	assert_int_equal(ingest(f, p, &res, &err, "typeName", "Sắc lệnh", NULL), LT_EINVAL);
	assert_nothing_stored(f);
	free(p);
}

static void test_good_png(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_ingest_result res, res2;
	const char *png = fixture_png();
	lt_record *rec = NULL;
	char *blobs;
	char *s;

	if (!png) {
		print_message("skipped: shared scan fixtures not found\n");
		skip();
	}
	blobs = join(f->data, "blobs");
	assert_int_equal(ingest(f, png, &res, &err, "typeName", "Công văn", "issuedDate",
	                        "22/9/2021", "subject", " Về việc   kiểm tra ", "docId", "D-0001",
	                        NULL),
	                 0);
	assert_true(res.record_id > 0);
	assert_int_equal(res.type, LT_MEDIA_PNG);
	assert_int_equal(res.pages, 1);
	assert_int_equal(res.blob_existed, 0);
	assert_int_equal(strlen(res.uid), 36);
	assert_int_equal(res.uid[14], '4'); /* UUID version 4 */
	assert_non_null(strchr("89ab", res.uid[19]));
	assert_int_equal(strlen(res.sha256), 64);

	assert_int_equal(rows(f, "records"), 1);
	assert_int_equal(rows(f, "blobs"), 1);
	assert_int_equal(rows(f, "record_files"), 1);
	assert_int_equal(rows(f, "jobs"), 1);
	assert_int_equal(rows(f, "index_outbox"), 1);
	assert_int_equal(rows(f, "audit_log"), 1);
	assert_int_equal(lt_test_count_files(blobs, NULL), 1);
	assert_true(lt_blobstore_exists(lt_archive_blobs(f->ar), res.sha256));
	assert_int_equal(lt_blobstore_verify(lt_archive_blobs(f->ar), res.sha256, &err), 0);
	s = text1(f, "SELECT kind || '/' || state || '/' || attempts FROM jobs");
	assert_string_equal(s, "ocr/queued/0");
	free(s);
	s = text1(f, "SELECT op || '/' || record_id || '/' || uid FROM index_outbox");
	{
		char want[80];
		snprintf(want, sizeof(want), "upsert/%lld/%s", (long long)res.record_id, res.uid);
		assert_string_equal(s, want);
	}
	free(s);
	s = text1(f, "SELECT role || '/' || media_type || '/' || name FROM record_files");
	assert_string_equal(s, "original/image/png/001.clean.png");
	free(s);
	s = text1(f, "SELECT who || '/' || action FROM audit_log");
	assert_string_equal(s, "tester/record.ingest");
	free(s);

	/* Stored forms and defaults. */
	assert_int_equal(
	    lt_record_load(&rec, lt_archive_catalog(f->ar), res.record_id, LT_RECORD_FILES, &err),
	    0);
	assert_string_equal(rec->uid, res.uid);
	assert_string_equal(lt_record_value(rec, LT_F_TYPE_NAME), "22");
	assert_string_equal(lt_record_value(rec, LT_F_ISSUED_DATE), "2021-09-22");
	assert_string_equal(lt_record_value(rec, LT_F_SUBJECT), "Về việc kiểm tra");
	assert_string_equal(lt_record_value(rec, LT_F_KIND), "scanned");
	assert_string_equal(lt_record_value(rec, LT_F_LANGUAGE), "01");
	assert_string_equal(lt_record_value(rec, LT_F_SECRECY), "0");
	assert_string_equal(lt_record_value(rec, LT_F_PAGE_AMOUNT), "1");
	assert_null(lt_record_value(rec, LT_F_TITLE));
	assert_int_equal(rec->secrecy, 0);
	assert_int_equal(rec->page_count, 0); /* OCR has not run */
	assert_string_equal(rec->status, "active");
	assert_int_equal(rec->nfiles, 1);
	assert_string_equal(rec->files[0].sha256, res.sha256);
	lt_record_free(rec);

	/* The same docId for another file: refused, naming the record that
	 * has it. */
	{
		char *other = write_input(f, "other.txt", TEXT, sizeof(TEXT) - 1);
		assert_int_equal(ingest(f, other, &res2, &err, "docId", "D-0001", NULL),
		                 LT_EEXISTS);
		assert_non_null(strstr(err.message, res.uid));
		free(other);
	}
	assert_int_equal(rows(f, "records"), 1);
	assert_int_equal(lt_test_count_files(blobs, NULL), 1);

	/* The same file and docId again while its recognition has not run
	 * (a killed ingest): that record, its job queued again, nothing new. */
	assert_int_equal(
	    lt_catalog_exec(lt_archive_catalog(f->ar),
	                    "UPDATE main.jobs SET state = 'running', attempts = 1, lease = NULL",
	                    NULL),
	    0);
	assert_int_equal(ingest(f, png, &res2, &err, "docId", "D-0001", NULL), 0);
	assert_int_equal(res2.resumed, 1);
	assert_int_equal(res2.record_id, res.record_id);
	assert_string_equal(res2.uid, res.uid);
	assert_int_equal(rows(f, "records"), 1);
	assert_int_equal(lt_test_count_files(blobs, NULL), 1); /* the blob was there before */
	s = text1(f, "SELECT state || '/' || attempts FROM jobs");
	assert_string_equal(s, "queued/0");
	free(s);
	/* Once its recognition is done, the same file again is refused. */
	assert_int_equal(
	    lt_catalog_exec(lt_archive_catalog(f->ar), "UPDATE main.jobs SET state = 'done'", NULL),
	    0);
	assert_int_equal(ingest(f, png, &res2, &err, "docId", "D-0001", NULL), LT_EEXISTS);
	assert_non_null(strstr(err.message, res.uid));

	/* A secret document on a deployment not declared isolated: refused
	 * (rule 43), nothing stored. */
	assert_int_equal(ingest(f, png, &res2, &err, "secrecy", "Mật", NULL), LT_EDENIED);
	assert_int_equal(rows(f, "records"), 1);

	/* Declared isolated: the same bytes as another document make a new
	 * record, the blob shared. */
	{
		char *conf = NULL;
		lt_buf b = LT_BUF_INIT;
		lt_buf_printf(&b, "%s/luutru.conf", f->data);
		conf = lt_buf_detach(&b);
		lt_test_write_file(conf, "isolated = true\n", 16);
		free(conf);
		lt_archive_free(f->ar);
		assert_int_equal(lt_archive_open(&f->ar, f->data, 0, NULL), 0);
	}
	assert_int_equal(ingest(f, png, &res2, &err, "secrecy", "Mật", NULL), 0);
	assert_int_equal(res2.blob_existed, 1);
	assert_string_equal(res2.sha256, res.sha256);
	assert_string_not_equal(res2.uid, res.uid);
	assert_int_equal(rows(f, "records"), 2);
	assert_int_equal(rows(f, "blobs"), 1);
	assert_int_equal(rows(f, "record_files"), 2);
	assert_int_equal(rows(f, "jobs"), 2);
	assert_int_equal(rows(f, "index_outbox"), 2);
	assert_int_equal(lt_test_count_files(blobs, NULL), 1);
	assert_int_equal(lt_record_load(&rec, lt_archive_catalog(f->ar), res2.record_id, 0, &err),
	                 0);
	assert_int_equal(rec->secrecy, 1);
	lt_record_free(rec);
	free(blobs);
}

static void test_text_by_content(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_ingest_result res;
	/* A text file under a name that says text: the content decides the
	 * type, and a text file is an electronic document, not a scan. */
	char *p = write_input(f, "cong-van.txt", TEXT, strlen(TEXT));
	char *s;

	assert_int_equal(ingest(f, p, &res, &err, NULL), 0);
	assert_int_equal(res.type, LT_MEDIA_TEXT);
	s = text1(f, "SELECT kind FROM jobs");
	assert_string_equal(s, "extract");
	free(s);
	s = text1(f, "SELECT kind || '/' || language FROM records");
	assert_string_equal(s, "internal/01");
	free(s);
	s = text1(f, "SELECT media_type FROM record_files");
	assert_string_equal(s, lt_media_mime(LT_MEDIA_TEXT));
	free(s);
	free(p);
}

/* Issue 18, item 10: file type by content and name together. */
static void test_name_and_content_disagree(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_ingest_result res;
	char *p, *s;

	/* A text file named .png: refused, saying what it is. */
	p = write_input(f, "looks-like.png", TEXT, strlen(TEXT));
	assert_int_equal(ingest(f, p, &res, &err, NULL), LT_EUNSUPPORTED);
	assert_non_null(strstr(err.message, "looks-like.png"));
	assert_non_null(strstr(err.message, "PNG"));
	assert_non_null(strstr(err.message, lt_media_name(LT_MEDIA_TEXT)));
	assert_nothing_stored(f);
	free(p);

	/* Six bytes "GIF89a" named x.gif: text by content, GIF by name. */
	p = write_input(f, "x.gif", "GIF89a", 6);
	assert_int_equal(ingest(f, p, &res, &err, NULL), LT_EUNSUPPORTED);
	assert_non_null(strstr(err.message, "GIF"));
	assert_nothing_stored(f);
	free(p);

	/* A text file renamed .PDF (any case). */
	p = write_input(f, "bao-cao.PDF", TEXT, strlen(TEXT));
	assert_int_equal(ingest(f, p, &res, &err, NULL), LT_EUNSUPPORTED);
	assert_nothing_stored(f);
	free(p);

	/* A text file given kind "scanned": a text is not a digitised scan. */
	p = write_input(f, "ghi-chu.txt", TEXT, strlen(TEXT));
	assert_int_equal(ingest(f, p, &res, &err, "kind", "scanned", NULL), LT_EINVAL);
	assert_non_null(strstr(err.message, "ghi-chu.txt"));
	assert_nothing_stored(f);
	/* ... and an incoming letter as text keeps the kind given. */
	assert_int_equal(ingest(f, p, &res, &err, "kind", "Văn bản đến", NULL), 0);
	s = text1(f, "SELECT kind FROM records");
	assert_string_equal(s, "incoming");
	free(s);
	free(p);

	/* No extension, or one luutru does not know: the content decides. */
	p = write_input(f, "README", TEXT, strlen(TEXT));
	assert_int_equal(ingest(f, p, &res, &err, NULL), 0);
	assert_int_equal(res.type, LT_MEDIA_TEXT);
	free(p);
}

static void test_failed_transaction_removes_blob(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_ingest_result res;
	sqlite3 *db = lt_catalog_db(lt_archive_catalog(f->ar));
	char *p = write_input(f, "note.txt", TEXT, strlen(TEXT));

	/* Make the last insert of the transaction fail. */
	assert_int_equal(sqlite3_exec(db,
	                              "CREATE TEMP TRIGGER boom BEFORE INSERT ON main.audit_log"
	                              " BEGIN SELECT RAISE(ABORT, 'boom'); END",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(ingest(f, p, &res, &err, "subject", "x", NULL), LT_EDB);
	assert_non_null(strstr(err.message, "boom"));
	assert_nothing_stored(f);
	assert_int_equal(sqlite3_exec(db, "DROP TRIGGER boom", NULL, NULL, NULL), SQLITE_OK);

	/* Works once the obstacle is gone. */
	assert_int_equal(ingest(f, p, &res, &err, "subject", "x", NULL), 0);
	assert_int_equal(rows(f, "records"), 1);
	free(p);
}

/* A record filed into a dossier at ingest: in the same transaction, so a
 * dossier that is missing or not open refuses the whole ingest. */
static void test_filed_into_dossier(void **state)
{
	fixture *f = *state;
	lt_catalog *cat = lt_archive_catalog(f->ar);
	lt_ingest_options o = LT_INGEST_OPTIONS_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_ingest_result res;
	char *p = write_input(f, "note.txt", TEXT, strlen(TEXT)), sql[160], *v;
	int64_t d = 0;

	static const char plan[] = "heading,heading_abbr,notation,title,retention,keeper,note\n"
	                           "VĂN PHÒNG,VP,01.VP,Hồ sơ công văn,10 năm,Văn phòng,\n";
	size_t n = 0;

	assert_int_equal(lt_settings_set(cat, "organ_id", "000.00.00.G09", "admin", NULL), 0);
	assert_int_equal(lt_fileplan_import_csv_text(&n, cat, 2024, NULL, NULL, plan,
	                                             sizeof(plan) - 1, "plan.csv", NULL, NULL),
	                 0);
	assert_int_equal(lt_dossier_open(&d, cat, 2024, NULL, "01.VP", "lan", &err), 0);
	long long audit = rows(f, "audit_log");
	o.user = "tester";
	o.dossier_id = d + 100; /* no such dossier */
	assert_int_equal(lt_ingest_file(f->ar, p, &o, &res, &err), LT_ENOTFOUND);
	assert_int_equal(rows(f, "records"), 0);
	assert_int_equal(rows(f, "blobs"), 0);
	assert_int_equal(rows(f, "audit_log"), audit);
	o.dossier_id = d;
	assert_int_equal(lt_ingest_file(f->ar, p, &o, &res, &err), 0);
	snprintf(
	    sql, sizeof(sql),
	    "SELECT count(*) FROM dossier_records WHERE dossier_id = %lld AND record_id = %lld",
	    (long long)d, (long long)res.record_id);
	v = text1(f, sql);
	assert_string_equal(v, "1");
	free(v);
	v = text1(f, "SELECT group_concat(action) FROM audit_log WHERE action LIKE 'dossier.add'");
	assert_string_equal(v, "dossier.add");
	free(v);
	/* a dossier no longer open: nothing of the second record stays */
	assert_int_equal(sqlite3_exec(lt_catalog_db(cat),
	                              "UPDATE main.dossiers SET status = 'closed'", NULL, NULL,
	                              NULL),
	                 SQLITE_OK);
	free(p);
	p = write_input(f, "other.txt", "Báo cáo khác.\n", strlen("Báo cáo khác.\n"));
	assert_int_equal(lt_ingest_file(f->ar, p, &o, &res, &err), LT_ESTATE);
	assert_int_equal(rows(f, "records"), 1);
	assert_int_equal(rows(f, "blobs"), 1);
	free(p);
}

/* Rule 6 at ingest (docs/records.md): a warning for legacy records, a
 * refusal for a born-digital outgoing record of this agency. */
static void test_notation_policy(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_ingest_result res;
	char *p = write_input(f, "note.txt", TEXT, strlen(TEXT));
	char *q = write_input(f, "other.txt", "khác\n", strlen("khác\n"));
	char *r = write_input(f, "third.txt", "thứ ba\n", strlen("thứ ba\n"));

	/* Born digital (confidenceLevel 01) and outgoing: refused, nothing kept. */
	assert_int_equal(ingest(f, p, &res, &err, "kind", "outgoing", "confidenceLevel", "01",
	                        "codeNumber", "5", "codeNotation", "QĐ-UBND", NULL),
	                 LT_EINVAL);
	assert_non_null(strstr(err.message, "5"));
	assert_nothing_stored(f);
	assert_int_equal(ingest(f, p, &res, &err, "kind", "outgoing", "confidenceLevel", "01",
	                        "codeNotation", "QĐ UBND", NULL),
	                 LT_EINVAL);
	assert_nothing_stored(f);

	/* The same odd number on a scanned legacy record: stored, warned. */
	assert_int_equal(
	    ingest(f, p, &res, &err, "codeNumber", "5", "codeNotation", "QĐ-UBND", NULL), 0);
	assert_true(res.record_id > 0);
	assert_non_null(strstr(res.warning, "5"));
	assert_int_equal(rows(f, "records"), 1);
	/* Outgoing but digitised (02): a warning too. */
	assert_int_equal(ingest(f, q, &res, &err, "kind", "outgoing", "confidenceLevel", "02",
	                        "codeNumber", "5", NULL),
	                 0);
	assert_string_not_equal(res.warning, "");
	/* Well-formed, but the abbreviation is not the type's: a warning only,
	 * also for a born-digital outgoing record. */
	assert_int_equal(ingest(f, r, &res, &err, "kind", "outgoing", "confidenceLevel", "01",
	                        "typeName", "Quyết định", "codeNumber", "05", "codeNotation",
	                        "TB-UBND", NULL),
	                 0);
	assert_string_not_equal(res.warning, "");
	assert_int_equal(rows(f, "records"), 3);
	free(p);
	free(q);
	free(r);

	/* Well-formed and matching: no warning. */
	p = write_input(f, "fourth.txt", "bốn\n", strlen("bốn\n"));
	assert_int_equal(ingest(f, p, &res, &err, "kind", "outgoing", "confidenceLevel", "01",
	                        "typeName", "Quyết định", "codeNumber", "05", "codeNotation",
	                        "QĐ-UBND", NULL),
	                 0);
	assert_string_equal(res.warning, "");
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_bad_files_leave_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_metadata_leaves_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_notation_policy, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_good_png, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_text_by_content, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_name_and_content_disagree, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failed_transaction_removes_blob, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_filed_into_dossier, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
