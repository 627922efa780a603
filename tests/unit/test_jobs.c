/* tests/unit/test_jobs.c — archive/jobs: claim, finish, fail, retry, recover,
 * with the real OCR engine. */
#include "tests/unit/support.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "archive/ingest.h"
#include "archive/jobs.h"
#include "archive/review.h"
#include "archive/record.h"
#include "archive/verify.h"
#include "archive/work.h"
#include "core/buf.h"
#include "core/fs.h"
#include "core/proc.h"

typedef struct fixture {
	char *dir;
	lt_archive *ar;
	lt_ocr_engine *engine;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	lt_ocr_options oo = LT_OCR_OPTIONS_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_buf p = LT_BUF_INIT;

	setenv("OMP_THREAD_LIMIT", "1", 1);
	f->dir = lt_test_tmpdir();
	lt_fs_join(&p, f->dir, "data");
	assert_int_equal(lt_archive_open(&f->ar, p.data, LT_ARCHIVE_CREATE, NULL), 0);
	lt_buf_free(&p);
	if (lt_ocr_engine_new(&f->engine, &oo, &err) != 0)
		fail_msg("OCR engine: %s", err.message);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	lt_ocr_engine_free(f->engine);
	lt_archive_free(f->ar);
	lt_test_rmtree_free(f->dir);
	free(f);
	return 0;
}

static sqlite3 *db(fixture *f)
{
	return lt_catalog_db(lt_archive_catalog(f->ar));
}

static long long int1(fixture *f, const char *sql)
{
	return lt_test_scalar(lt_archive_catalog(f->ar), sql);
}

static char *text1(fixture *f, const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;

	assert_int_equal(sqlite3_prepare_v2(db(f), sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static lt_ingest_result ingest_text(fixture *f, const char *name, const char *text)
{
	lt_buf p = LT_BUF_INIT;
	lt_ingest_result res;
	lt_error err = LT_ERROR_INIT;

	lt_fs_join(&p, f->dir, name);
	lt_test_write_file(p.data, text, strlen(text));
	if (lt_ingest_file(f->ar, p.data, NULL, &res, &err) != 0)
		fail_msg("ingest: %s", err.message);
	lt_buf_free(&p);
	return res;
}

static void test_text_job(void **state)
{
	fixture *f = *state;
	lt_jobs_stats stats;
	lt_error err = LT_ERROR_INIT;
	lt_ingest_result res =
	    ingest_text(f, "a.txt", "Kế hoạch số hóa tài liệu lưu trữ năm 2026.\n");
	lt_record *rec = NULL;
	lt_buf full = LT_BUF_INIT;
	int64_t pending = -1;
	char *s;

	assert_int_equal(lt_jobs_pending(f->ar, &pending, &err), 0);
	assert_int_equal(pending, 1);
	assert_int_equal(lt_jobs_run(f->ar, f->engine, 0, &stats, &err), 0);
	assert_int_equal(stats.done, 1);
	assert_int_equal(stats.failed, 0);
	assert_int_equal(stats.pages, 1);
	assert_int_equal(lt_jobs_pending(f->ar, &pending, &err), 0);
	assert_int_equal(pending, 0);

	s = text1(f, "SELECT state || '/' || attempts || '/' || ifnull(error, '-') FROM jobs");
	assert_string_equal(s, "done/1/-");
	free(s);
	assert_int_equal(int1(f, "SELECT count(*) FROM pages"), 1);
	assert_int_equal(int1(f, "SELECT source FROM pages"), LT_PAGE_PLAIN_TEXT);
	assert_int_equal(int1(f, "SELECT status FROM pages"), 0);
	/* The result reaches the index: a second outbox row. */
	assert_int_equal(int1(f, "SELECT count(*) FROM index_outbox"), 2);

	assert_int_equal(
	    lt_record_load(&rec, lt_archive_catalog(f->ar), res.record_id, LT_RECORD_PAGES, &err),
	    0);
	assert_int_equal(rec->page_count, 1);
	assert_string_equal(lt_record_value(rec, LT_F_PAGE_AMOUNT), "1");
	assert_int_equal(rec->npages, 1);
	assert_int_equal(rec->pages[0].page_no, 1);
	assert_int_equal(lt_record_full_text(rec, &full), 0);
	assert_non_null(strstr(full.data, "Kế hoạch số hóa"));
	lt_record_free(rec);
	lt_buf_free(&full);

	/* Nothing left: a second run does nothing. */
	assert_int_equal(lt_jobs_run(f->ar, f->engine, 0, &stats, &err), 0);
	assert_int_equal(stats.done, 0);

	/* A re-run replaces the pages, never duplicates them. */
	assert_int_equal(
	    sqlite3_exec(db(f), "UPDATE main.jobs SET state = 'queued'", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(lt_jobs_run(f->ar, f->engine, 0, &stats, &err), 0);
	assert_int_equal(stats.done, 1);
	assert_int_equal(int1(f, "SELECT count(*) FROM pages"), 1);
	assert_int_equal(int1(f, "SELECT count(*) FROM index_outbox"), 3);
}

static void test_max_jobs(void **state)
{
	fixture *f = *state;
	lt_jobs_stats stats;
	lt_error err = LT_ERROR_INIT;
	int64_t pending = 0;

	ingest_text(f, "a.txt", "một\n");
	ingest_text(f, "b.txt", "hai\n");
	assert_int_equal(lt_jobs_run(f->ar, f->engine, 1, &stats, &err), 0);
	assert_int_equal(stats.done, 1);
	assert_int_equal(lt_jobs_pending(f->ar, &pending, &err), 0);
	assert_int_equal(pending, 1);
	assert_int_equal(lt_jobs_run(f->ar, f->engine, 0, NULL, &err), 0);
	assert_int_equal(lt_jobs_pending(f->ar, &pending, &err), 0);
	assert_int_equal(pending, 0);
}

static void test_failure_retry_then_failed(void **state)
{
	fixture *f = *state;
	lt_jobs_stats stats;
	lt_error err = LT_ERROR_INIT;
	lt_ingest_result res = ingest_text(f, "a.txt", "văn bản\n");
	int64_t pending = 0;
	char *s;

	/* The blob disappears (a disk problem): the job cannot read its file. */
	assert_int_equal(lt_blobstore_remove(lt_archive_blobs(f->ar), res.sha256, &err), 0);
	for (int attempt = 1; attempt <= 3; attempt++) {
		char want[32];
		/* One run starts the job once, not in a tight loop. */
		assert_int_equal(lt_jobs_run(f->ar, f->engine, 0, &stats, &err), 0);
		assert_int_equal(stats.done, 0);
		assert_int_equal(stats.failed, 1);
		snprintf(want, sizeof(want), "%s/%d", attempt < 3 ? "queued" : "failed", attempt);
		s = text1(f, "SELECT state || '/' || attempts FROM jobs");
		assert_string_equal(s, want);
		free(s);
		s = text1(f, "SELECT error FROM jobs");
		assert_non_null(s);
		assert_true(strlen(s) > 0);
		free(s);
	}
	assert_int_equal(lt_jobs_pending(f->ar, &pending, &err), 0);
	assert_int_equal(pending, 0);
	assert_int_equal(lt_jobs_run(f->ar, f->engine, 0, &stats, &err), 0);
	assert_int_equal(stats.failed, 0);
	assert_int_equal(int1(f, "SELECT count(*) FROM pages"), 0);
	assert_int_equal(int1(f, "SELECT count(*) FROM index_outbox"), 1);
}

static void test_recover(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_jobs_stats stats;
	char *s;

	ingest_text(f, "a.txt", "một\n");
	ingest_text(f, "b.txt", "hai\n");
	/* A crash left one job mid-run, another after its last allowed start. */
	assert_int_equal(
	    sqlite3_exec(db(f),
	                 "UPDATE main.jobs SET state = 'running', attempts = 1 WHERE id = 1;"
	                 "UPDATE main.jobs SET state = 'running', attempts = 3 WHERE id = 2;",
	                 NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(lt_jobs_run(f->ar, f->engine, 0, &stats, &err), 0);
	assert_int_equal(stats.done, 0); /* running jobs are not taken */
	assert_int_equal(lt_jobs_recover(f->ar, &err), 0);
	s = text1(f, "SELECT group_concat(state, ',') FROM (SELECT state FROM jobs ORDER BY id)");
	assert_string_equal(s, "queued,failed");
	free(s);
	assert_int_equal(lt_jobs_run(f->ar, f->engine, 0, &stats, &err), 0);
	assert_int_equal(stats.done, 1);
	s = text1(f, "SELECT state || '/' || attempts FROM jobs WHERE id = 1");
	assert_string_equal(s, "done/2");
	free(s);
}

/* A running job's lease names the process that claimed it: reclaim takes
 * back only those whose process has stopped (another process's live job
 * is left to it), and says how many. */
static void test_reclaim_respects_live_leases(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	char self[LT_PROC_ID_MAX], sql[512];
	size_t n = 99;
	char *s;

	ingest_text(f, "a.txt", "một\n");
	ingest_text(f, "b.txt", "hai\n");
	ingest_text(f, "c.txt", "ba\n");
	lt_proc_self(self);
	/* 1: this (live) process; 2: a process of another boot; 3: none. */
	snprintf(sql, sizeof(sql),
	         "UPDATE main.jobs SET state = 'running', attempts = 1, lease = '%s' WHERE id = 1;"
	         "UPDATE main.jobs SET state = 'running', attempts = 1,"
	         " lease = '1.1.00000000-0000-0000-0000-000000000000' WHERE id = 2;"
	         "UPDATE main.jobs SET state = 'running', attempts = 1 WHERE id = 3;",
	         self);
	assert_int_equal(sqlite3_exec(db(f), sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(lt_jobs_reclaim(f->ar, &n, &err), 0);
	assert_int_equal(n, 2);
	s = text1(f, "SELECT group_concat(state || ':' || (lease IS NULL), ',')"
	             " FROM (SELECT state, lease FROM jobs ORDER BY id)");
	assert_string_equal(s, "running:0,queued:1,queued:1");
	free(s);
	s = text1(f, "SELECT error FROM jobs WHERE id = 2");
	assert_non_null(strstr(s, "1")); /* names the process that stopped */
	free(s);
	/* Nothing more to take back: a read, no count. */
	assert_int_equal(lt_jobs_reclaim(f->ar, &n, &err), 0);
	assert_int_equal(n, 0);
	/* A claim takes the lease of the claiming process. */
	assert_int_equal(
	    sqlite3_exec(db(f), "UPDATE main.jobs SET state = 'done', lease = NULL WHERE id = 1",
	                 NULL, NULL, NULL),
	    SQLITE_OK);
	{
		lt_jobs_stats stats;
		assert_int_equal(lt_jobs_run(f->ar, f->engine, 1, &stats, &err), 0);
		assert_int_equal(stats.done, 1);
	}
	assert_int_equal(int1(f, "SELECT count(*) FROM jobs WHERE lease IS NOT NULL"), 0);
}

/* Asked for again (a re-run of the same ingest, verify --repair): failed
 * and done (with redo) jobs are queued with fresh attempts; a live
 * process's running job is left to it. */
static void test_requeue(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_ingest_result a = ingest_text(f, "a.txt", "một\n");
	char self[LT_PROC_ID_MAX], sql[256], was[16];
	char *s;

	assert_int_equal(lt_jobs_requeue(f->ar, a.record_id, 0, was, &err), 1);
	assert_string_equal(was, "queued");
	assert_int_equal(sqlite3_exec(db(f), "UPDATE main.jobs SET state = 'done', attempts = 1",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(lt_jobs_requeue(f->ar, a.record_id, 0, was, &err), 0);
	assert_string_equal(was, "done");
	assert_int_equal(lt_jobs_requeue(f->ar, a.record_id, 1, was, &err), 1);
	s = text1(f, "SELECT state || '/' || attempts FROM jobs");
	assert_string_equal(s, "queued/0");
	free(s);
	assert_int_equal(sqlite3_exec(db(f), "UPDATE main.jobs SET state = 'failed', attempts = 3",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(lt_jobs_requeue(f->ar, a.record_id, 0, was, &err), 1);
	assert_string_equal(was, "failed");
	lt_proc_self(self);
	snprintf(sql, sizeof(sql), "UPDATE main.jobs SET state = 'running', lease = '%s'", self);
	assert_int_equal(sqlite3_exec(db(f), sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(lt_jobs_requeue(f->ar, a.record_id, 1, was, &err), 1);
	s = text1(f, "SELECT state FROM jobs");
	assert_string_equal(s, "running");
	free(s);
	assert_int_equal(lt_jobs_requeue(f->ar, 999, 1, was, &err), 0);
	assert_string_equal(was, "");
}

/* Ingest a scan of the shared fixtures (rel: under scans/); the test is
 * skipped when they are not there. */
static void ingest_scan(fixture *f, const char *rel, lt_ingest_result *res)
{
	const char *fx = lt_test_shared_fixtures();
	lt_error err = LT_ERROR_INIT;
	char path[4096];

	if (!fx) {
		print_message("skipped: shared scan fixtures not found\n");
		skip();
	}
	snprintf(path, sizeof(path), "%s/scans/%s", fx, rel);
	if (lt_ingest_file(f->ar, path, NULL, res, &err) != 0)
		fail_msg("ingest %s: %s", rel, err.message);
}

/* A child process running the queued jobs with its own catalog connection
 * and engine, as a second `luutru ingest` would; progress (may be NULL) is
 * its engine's progress callback. */
static pid_t fork_runner(fixture *f, int searchable_pdf, lt_ocr_progress_fn progress)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		lt_archive *ar = NULL;
		lt_ocr_engine *e = NULL;
		lt_ocr_options co = LT_OCR_OPTIONS_INIT;
		co.searchable_pdf = searchable_pdf;
		if (lt_archive_open(&ar, lt_archive_dir(f->ar), 0, NULL) != 0 ||
		    lt_ocr_engine_new(&e, &co, NULL) != 0)
			_exit(3);
		lt_ocr_engine_set_progress(e, progress, NULL);
		lt_jobs_run(ar, e, 0, NULL, NULL);
		_exit(0);
	}
	return pid;
}

static void test_png_ocr(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_jobs_stats stats;
	lt_ingest_result res;
	lt_record *rec = NULL;

	ingest_scan(f, "000_49b2b25d46245d34/001.clean.png", &res);
	assert_int_equal(lt_jobs_run(f->ar, f->engine, 0, &stats, &err), 0);
	if (stats.done != 1) {
		char *e = text1(f, "SELECT error FROM jobs");
		fail_msg("OCR job failed: %s", e ? e : "?");
	}
	assert_int_equal(stats.pages, 1);
	assert_int_equal(
	    lt_record_load(&rec, lt_archive_catalog(f->ar), res.record_id, LT_RECORD_PAGES, &err),
	    0);
	assert_int_equal(rec->npages, 1);
	assert_int_equal(rec->pages[0].source, LT_PAGE_OCR);
	assert_true(rec->pages[0].confidence > 50);
	assert_non_null(strstr(rec->pages[0].text, "CÔNG THƯƠNG"));
	lt_record_free(rec);

	/* Word confidences and the page quality are stored with the page, and
	 * `ocr review` lists the page by its quality: above 100, it is listed,
	 * with its words below 80 counted; at 0, nothing is listed. */
	{
		lt_review_list list = {NULL, 0};
		long long words =
		    int1(f, "SELECT length(word_conf) - length(replace(word_conf, ' ',"
		            " '')) + 1 FROM pages");
		char *wc = text1(f, "SELECT word_conf FROM pages");
		size_t low = 0;
		for (char *q = wc, *end; q && *q; q = end) {
			long c = strtol(q, &end, 10);
			if (end == q)
				break;
			low += c < LT_OCR_REVIEW_WORD_THRESHOLD;
		}
		free(wc);
		assert_true(words > 100);
		assert_true(int1(f, "SELECT quality FROM pages") >= 0);
		assert_int_equal(lt_jobs_review(f->ar, 101, 0, &list, &err), 0);
		assert_int_equal(list.n, 1);
		assert_int_equal(list.v[0].record_id, res.record_id);
		assert_int_equal(list.v[0].page_no, 1);
		assert_int_equal(list.v[0].words, (size_t)words);
		assert_int_equal(list.v[0].low_words, low);
		assert_int_equal(list.v[0].quality, int1(f, "SELECT quality FROM pages"));
		assert_int_equal(list.v[0].status, LT_OK);
		assert_true(list.v[0].confidence > 50);
		lt_review_list_free(&list);
		assert_int_equal(lt_jobs_review(f->ar, 0, 0, &list, &err), 0);
		assert_int_equal(list.n, 0);
		lt_review_list_free(&list);
		assert_int_equal(lt_jobs_review(f->ar, 101, res.record_id + 1, &list, &err), 0);
		assert_int_equal(list.n, 0);
		lt_review_list_free(&list);
	}
}

/* Page rows of a record as one string: page_no, status, text, confidence. */
static char *page_rows(fixture *f)
{
	return text1(f,
	             "SELECT group_concat(page_no || '|' || status || '|' || confidence || '|' ||"
	             " dpi || '|' || text, char(30)) FROM (SELECT * FROM pages"
	             " ORDER BY record_id, page_no)");
}

static void assert_verify_clean(fixture *f)
{
	lt_verify_report rep = LT_VERIFY_REPORT_INIT;
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(lt_verify_structure(f->ar, 0, "test", &rep, &err), 0);
	for (size_t i = 0; i < rep.nissues; i++)
		printf("verify: %s %s: %s\n", rep.issues[i].kind, rep.issues[i].object,
		       rep.issues[i].message);
	assert_int_equal(lt_verify_report_open_issues(&rep), 0);
	lt_verify_report_clear(&rep);
}

/*
 * A run killed (SIGKILL) in the middle of a two-page TIFF leaves its job
 * `running` and nothing stored; the next run (after recover) finishes it
 * with two workers; running it once more replaces the pages and the
 * searchable PDF with the same rows, never duplicates, and verify finds
 * every blob accounted for.
 */
static void test_killed_run_resumes(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_jobs_stats stats;
	lt_ingest_result res;
	lt_ocr_options oo = LT_OCR_OPTIONS_INIT;
	lt_ocr_engine *pool = NULL;
	char *first, *again;
	pid_t pid;
	int status = 0;

	ingest_scan(f, "000_49b2b25d46245d34/doc.tif", &res);
	pid = fork_runner(f, 1, NULL);
	/* Wait for the child to claim the job, then kill it mid-recognition
	 * (a page takes seconds; the claim is committed before it starts). */
	for (int i = 0;
	     i < 6000 && int1(f, "SELECT count(*) FROM jobs WHERE state = 'running'") == 0; i++)
		usleep(10000);
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(int1(f, "SELECT count(*) FROM jobs WHERE state = 'running'"), 1);
	assert_int_equal(int1(f, "SELECT count(*) FROM pages"), 0);

	oo.workers = 2;
	oo.searchable_pdf = 1;
	if (lt_ocr_engine_new(&pool, &oo, &err) != 0)
		fail_msg("%s", err.message);
	assert_int_equal(lt_jobs_recover(f->ar, &err), 0);
	assert_int_equal(lt_jobs_run(f->ar, pool, 0, &stats, &err), 0);
	assert_int_equal(stats.done, 1);
	assert_int_equal(stats.pages, 2);
	assert_int_equal(int1(f, "SELECT count(*) FROM pages"), 2);
	assert_int_equal(int1(f, "SELECT attempts FROM jobs"), 2);
	assert_int_equal(int1(f, "SELECT count(*) FROM record_files WHERE role = 'searchable_pdf'"),
	                 1);
	first = page_rows(f);
	assert_non_null(strstr(first, "Quyết định số 2072/QĐ-UBND"));
	assert_verify_clean(f);

	/* Run it again: same rows, one PDF, the replaced PDF blob gone. */
	assert_int_equal(sqlite3_exec(db(f), "UPDATE main.jobs SET state = 'queued', attempts = 0",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(lt_jobs_run(f->ar, pool, 0, &stats, &err), 0);
	assert_int_equal(stats.done, 1);
	again = page_rows(f);
	assert_string_equal(again, first);
	assert_int_equal(int1(f, "SELECT count(*) FROM pages"), 2);
	assert_int_equal(int1(f, "SELECT count(*) FROM record_files WHERE role = 'searchable_pdf'"),
	                 1);
	assert_int_equal(int1(f, "SELECT count(*) FROM blobs"), 2); /* original + one PDF */
	assert_verify_clean(f);
	free(first);
	free(again);
	lt_ocr_engine_free(pool);
}

/* A two-page PDF: page 1 carries a text layer, page 2 of size × size
 * points draws a black square and no text (too large to render under a
 * small pixel limit; not empty, so it must be rendered). */
static void write_two_page_pdf(const char *path, int size)
{
	const char *content = "BT /F1 12 Tf 72 760 Td (Ke hoach so hoa tai lieu luu tru nam "
	                      "2026 cua co quan) Tj ET";
	lt_buf page2 = LT_BUF_INIT;
	const char *objs[7];

	lt_buf_printf(&page2,
	              "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 7 0 R >>", size,
	              size);
	objs[0] = "<< /Type /Catalog /Pages 2 0 R >>";
	objs[1] = "<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>";
	objs[2] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
	          "/Resources << /Font << /F1 5 0 R >> >> >>";
	objs[3] = NULL;
	objs[4] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
	objs[5] = lt_buf_cstr(&page2);
	objs[6] = "<< /Length 22 >>\nstream\n100 100 1000 1000 re f\nendstream";
	lt_test_write_pdf(path, objs, 7, content);
	lt_buf_free(&page2);
}

/* A page that fails is stored with its error; the other page and the job
 * complete, and `ocr review` lists the failed page. */
static void test_failed_page_does_not_block(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_ocr_options oo = LT_OCR_OPTIONS_INIT;
	lt_ocr_engine *small = NULL;
	lt_review_list list = {NULL, 0};
	lt_ingest_result res;
	lt_jobs_stats stats;
	lt_buf p = LT_BUF_INIT;
	char *s;

	lt_fs_join(&p, f->dir, "two.pdf");
	write_two_page_pdf(p.data, 3000);
	assert_int_equal(lt_ingest_file(f->ar, p.data, NULL, &res, &err), 0);
	/* 3000 pt at the lowest render resolution (72 dpi) is 9 Mpx. */
	oo.limits.max_pixels = 2000000;
	oo.workers = 2;
	oo.searchable_pdf = 1;
	if (lt_ocr_engine_new(&small, &oo, &err) != 0)
		fail_msg("%s", err.message);
	assert_int_equal(lt_jobs_run(f->ar, small, 0, &stats, &err), 0);
	assert_int_equal(stats.done, 1);
	assert_int_equal(stats.failed, 0);
	assert_int_equal(stats.pages, 2);
	s = text1(f, "SELECT state FROM jobs");
	assert_string_equal(s, "done");
	free(s);
	assert_int_equal(int1(f, "SELECT status FROM pages WHERE page_no = 1"), LT_OK);
	assert_int_equal(int1(f, "SELECT source FROM pages WHERE page_no = 1"), LT_PAGE_TEXT_LAYER);
	s = text1(f, "SELECT text FROM pages WHERE page_no = 1");
	assert_non_null(strstr(s, "Ke hoach so hoa"));
	free(s);
	assert_int_equal(int1(f, "SELECT status FROM pages WHERE page_no = 2"), LT_ELIMIT);
	s = text1(f, "SELECT error FROM pages WHERE page_no = 2");
	assert_non_null(s);
	assert_true(strlen(s) > 10);
	free(s);
	/* Not every page was recognised: no searchable PDF. */
	assert_int_equal(int1(f, "SELECT count(*) FROM record_files WHERE role = 'searchable_pdf'"),
	                 0);
	assert_int_equal(lt_jobs_review(f->ar, 80, 0, &list, &err), 0);
	assert_int_equal(list.n, 1);
	assert_int_equal(list.v[0].page_no, 2);
	assert_int_equal(list.v[0].status, LT_ELIMIT);
	assert_non_null(list.v[0].error);
	lt_review_list_free(&list);
	lt_buf_free(&p);
	lt_ocr_engine_free(small);
}

/* A page a person reviewed and corrected (archive/review.h) keeps the
 * correction when the record is read again; the other pages are replaced. */
static void test_reviewed_page_survives_redo(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_ingest_result a = ingest_text(f, "a.txt", "văn bản gốc\n");
	lt_jobs_stats stats;
	char was[16];
	char *s;

	assert_int_equal(lt_jobs_run(f->ar, f->engine, 0, &stats, &err), 0);
	assert_int_equal(stats.done, 1);
	assert_int_equal(lt_review_correct(lt_archive_catalog(f->ar), a.record_id, 1,
	                                   "văn bản đã sửa", "vanthu", NULL, &err),
	                 LT_OK);
	assert_int_equal(lt_jobs_requeue(f->ar, a.record_id, 1, was, &err), 1);
	assert_int_equal(lt_jobs_run(f->ar, f->engine, 0, &stats, &err), 0);
	assert_int_equal(stats.done, 1);
	s = text1(f, "SELECT text || '|' || reviewed_by FROM pages WHERE page_no = 1");
	assert_string_equal(s, "văn bản đã sửa|vanthu");
	free(s);
	assert_int_equal(int1(f, "SELECT count(*) FROM pages"), 1);
}

/* ---- progress page by page (the work list's "ocr-N", archive/work.h) ---- */

#define WATCH_MAX 8

/* What a second connection reads of one OCR job through the work
 * registry each time the engine finished a page (the engine's progress
 * callback runs after the document callback that writes the row). */
typedef struct watch {
	lt_archive *other;
	char id[LT_WORK_ID_MAX];
	size_t n;
	uint64_t done[WATCH_MAX], total[WATCH_MAX];
	uint64_t list_done[WATCH_MAX], list_total[WATCH_MAX];
	char state[WATCH_MAX][12], phase[WATCH_MAX][12];
} watch;

static void watch_page(void *ctx, size_t pages_done)
{
	watch *w = ctx;
	lt_catalog *cat = lt_archive_catalog(w->other);
	lt_work_filter flt = LT_WORK_FILTER_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_work_item *it = NULL, *v = NULL;
	size_t n = 0;

	(void)pages_done;
	if (w->n >= WATCH_MAX)
		return;
	if (lt_work_get(&it, cat, w->id, &err) == 0) {
		w->done[w->n] = it->done;
		w->total[w->n] = it->total;
		snprintf(w->state[w->n], sizeof(w->state[0]), "%s", it->state);
		snprintf(w->phase[w->n], sizeof(w->phase[0]), "%s", it->phase);
	}
	lt_work_items_free(it, 1);
	flt.kind = "ocr";
	if (lt_work_list(&v, &n, cat, &flt, &err) == 0 && n == 1) {
		w->list_done[w->n] = v[0].done;
		w->list_total[w->n] = v[0].total;
	}
	lt_work_items_free(v, n);
	w->n++;
}

/* The job as the work registry shows it, from f's connection. */
static void assert_work(fixture *f, const char *id, const char *state, uint64_t done,
                        uint64_t total)
{
	lt_error err = LT_ERROR_INIT;
	lt_work_item *it = NULL;

	assert_int_equal(lt_work_get(&it, lt_archive_catalog(f->ar), id, &err), 0);
	assert_string_equal(it->state, state);
	assert_int_equal(it->done, done);
	assert_int_equal(it->total, total);
	lt_work_items_free(it, 1);
}

/* Run the queued jobs with f's engine, watching from a second connection. */
static void run_watched(fixture *f, watch *w)
{
	lt_error err = LT_ERROR_INIT;
	lt_jobs_stats stats;

	if (lt_archive_open(&w->other, lt_archive_dir(f->ar), 0, &err) != 0)
		fail_msg("%s", err.message);
	lt_ocr_engine_set_progress(f->engine, watch_page, w);
	assert_int_equal(lt_jobs_run(f->ar, f->engine, 0, &stats, &err), 0);
	lt_ocr_engine_set_progress(f->engine, NULL, NULL);
	lt_archive_free(w->other);
	w->other = NULL;
	assert_int_equal(stats.done, 1);
}

/* The engine's progress callback of the killed child: the process dies
 * right after its first page, its count written. */
static void die_after_first_page(void *ctx, size_t pages_done)
{
	(void)ctx;
	if (pages_done == 1)
		raise(SIGKILL);
}

/* The OCR of a 3-page scan shows its pages done, 1 to 3 of 3, to another
 * connection while it runs; done 3 of 3 when done. A process killed after
 * its first page left 1 of 3, which recover resets with the job (queued,
 * 0 of 3). Asked for again, the count starts afresh. */
static void test_progress_pages(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_ingest_result res;
	watch w;
	char was[16];
	pid_t pid;
	int status = 0;

	ingest_scan(f, "002_4b8db33023f7f3aa/doc.tif", &res);
	lt_jobs_set_progress_interval(0); /* every page: deterministic */
	assert_work(f, "ocr-1", "queued", 0, 0);

	/* A process killed mid-document. */
	pid = fork_runner(f, 0, die_after_first_page);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	assert_work(f, "ocr-1", "interrupted", 1, 3); /* its process is gone */
	assert_int_equal(int1(f, "SELECT count(*) FROM pages"), 0);
	assert_int_equal(lt_jobs_recover(f->ar, &err), 0);
	assert_work(f, "ocr-1", "queued", 0, 3);

	memset(&w, 0, sizeof(w));
	snprintf(w.id, sizeof(w.id), "ocr-1");
	run_watched(f, &w);
	assert_int_equal(w.n, 3);
	for (size_t i = 0; i < w.n; i++) {
		assert_string_equal(w.state[i], "running");
		assert_string_equal(w.phase[i], "ocr");
		assert_int_equal(w.done[i], i + 1);
		assert_int_equal(w.total[i], 3);
		assert_int_equal(w.list_done[i], i + 1);
		assert_int_equal(w.list_total[i], 3);
	}
	assert_work(f, "ocr-1", "done", 3, 3);
	assert_int_equal(int1(f, "SELECT count(*) FROM pages"), 3);

	assert_int_equal(lt_jobs_requeue(f->ar, res.record_id, 1, was, &err), 1);
	assert_string_equal(was, "done");
	assert_work(f, "ocr-1", "queued", 0, 3);
	lt_jobs_set_progress_interval(LT_JOBS_PROGRESS_MS);
}

/* Pages finishing faster than the interval are not each written: with an
 * interval longer than the run, only the first report (the file's pages
 * counted, none done) reaches the row; the result's pages then come with
 * the job's end. (A PDF of three pages of text: no recognition needed.) */
static void test_progress_interval(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	const char *page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R"
	                   " /Resources << /Font << /F1 7 0 R >> >> >>";
	const char *objs[] = {"<< /Type /Catalog /Pages 2 0 R >>",
	                      "<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>",
	                      page,
	                      page,
	                      page,
	                      NULL,
	                      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
	lt_ingest_result res;
	lt_buf p = LT_BUF_INIT;
	char was[16];
	watch w;

	lt_fs_join(&p, f->dir, "three.pdf");
	lt_test_write_pdf(p.data, objs, 7,
	                  "BT /F1 12 Tf 72 760 Td (Ke hoach so hoa tai lieu luu tru nam 2026"
	                  " cua co quan) Tj ET");
	assert_int_equal(lt_ingest_file(f->ar, p.data, NULL, &res, &err), 0);
	lt_buf_free(&p);

	lt_jobs_set_progress_interval(3600 * 1000);
	memset(&w, 0, sizeof(w));
	snprintf(w.id, sizeof(w.id), "ocr-1");
	run_watched(f, &w);
	assert_int_equal(w.n, 3);
	for (size_t i = 0; i < w.n; i++) {
		assert_int_equal(w.done[i], 0);
		assert_int_equal(w.total[i], 3);
	}
	assert_work(f, "ocr-1", "done", 3, 3);

	/* the same file, every page written */
	lt_jobs_set_progress_interval(0);
	assert_int_equal(lt_jobs_requeue(f->ar, res.record_id, 1, was, &err), 1);
	memset(&w, 0, sizeof(w));
	snprintf(w.id, sizeof(w.id), "ocr-1");
	run_watched(f, &w);
	assert_int_equal(w.n, 3);
	for (size_t i = 0; i < w.n; i++)
		assert_int_equal(w.done[i], i + 1);
	lt_jobs_set_progress_interval(LT_JOBS_PROGRESS_MS);
}

int main(int argc, char **argv)
{
	(void)argc;
	/* the killed-run tests fork after OCR: one OpenMP thread (support.h) */
	lt_test_one_openmp_thread(argv);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_text_job, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_max_jobs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failure_retry_then_failed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_recover, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reclaim_respects_live_leases, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_requeue, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_png_ocr, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_killed_run_resumes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failed_page_does_not_block, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reviewed_page_survives_redo, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_progress_pages, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_progress_interval, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
