/*
 * archive/jobs.c — durable background work (OCR, text extraction).
 *
 * A job is one row in `jobs`; ingest creates it in the same transaction as
 * its record, so every record with an original file has a job, and a job
 * survives crashes because it is only a row. The lifecycle:
 *
 *                 claim()                    finish()
 *     queued ─────────────────▶ running ─────────────────▶ done
 *       ▲   attempts += 1          │
 *       │                          │ fail(): attempts < max_attempts
 *       ├──────────────────────────┤
 *       │                          │ fail(): attempts >= max_attempts
 *       │                          └───────────────────────▶ failed
 *       │      lt_jobs_reclaim(): attempts < max_attempts
 *       └──────────────────────── running, its process gone (lease)
 *                                  └── attempts >= max ───▶ failed
 *       ▲      lt_jobs_requeue(): asked for again (attempts from 0)
 *       └──────────────────────── failed, done (redo), running (process gone)
 *
 * Invariants:
 *   1. Every transition is one SQL statement or one transaction: claim is a
 *      single UPDATE … RETURNING; finish writes the pages, the record's page
 *      counts, the job's state and an index_outbox row together; a job is
 *      never `done` without its pages, nor pages there without their
 *      outbox row.
 *   2. Results are idempotent per (record, page): finish deletes the
 *      record's pages and inserts the new ones, so a re-run replaces, never
 *      duplicates.
 *   3. attempts counts starts, not failures: it is raised when the job is
 *      claimed, so a file that crashes the whole process (and is only seen
 *      again by lt_jobs_recover) still ends in `failed` after max_attempts
 *      starts instead of crashing every worker forever.
 *   4. One lt_jobs_run() call starts a job at most once (it only claims ids
 *      above the last one it claimed), so a failing job is retried by a
 *      later run, not in a tight loop.
 *   5. A page that fails is stored with its status and error; only a file
 *      that cannot be read at all fails the job.
 *   6. A running job carries a lease: the id of the process that claimed
 *      it (core/proc.h: pid, start time, boot id). Only a job whose lease
 *      names a process that has stopped is taken back (lt_jobs_reclaim),
 *      so any process may reclaim at any time without stealing the work
 *      of a live one (`luutru serve` next to a CLI import). finish and
 *      fail clear the lease.
 *   7. pages_done / pages_total show a running job's progress (the work
 *      list, archive/work.h). They are written from the engine's
 *      document callback in their own short statement — never inside
 *      finish's transaction, at most once per progress interval, without
 *      waiting for a busy catalog (a skipped count is only late) — and
 *      only to a job still running under this process's lease. pages_done
 *      is 0 unless the job runs or is done: claim, fail, take_back and
 *      requeue reset it (a crash leaves a count that recover resets);
 *      finish sets both to the pages stored.
 */
#include "archive/jobs.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "archive/edoc/edoc.h"
#include "archive/schema.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/proc.h"

typedef struct job {
	int64_t id;
	int64_t record_id;
	char kind[16];
	int attempts;
	int max_attempts;
} job;

static int prepare(lt_catalog *cat, const char *sql, sqlite3_stmt **st, lt_error *err)
{
	if (sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, sql);
	return 0;
}

static int step_done(lt_catalog *cat, sqlite3_stmt *st, const char *what, lt_error *err)
{
	int s = sqlite3_step(st);
	int rc = s == SQLITE_DONE ? 0 : lt_catalog_error(cat, err, what);

	sqlite3_finalize(st);
	return rc;
}

/* running → queued (or failed) for the job id whose lease is still lease
 * (NULL: none): a compare-and-set, so a job another process reclaimed and
 * claimed meanwhile is left alone. */
static int take_back(lt_catalog *cat, int64_t id, const char *lease, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_buf msg = LT_BUF_INIT;
	long pid = lt_proc_pid(lease);
	int rc;

	if (pid > 0)
		lt_buf_printf(&msg,
		              LT_TR("bị gián đoạn: tiến trình %ld đã dừng khi đang chạy việc này",
		                    "interrupted: process %ld stopped while running it"),
		              pid);
	else
		lt_buf_puts(&msg, LT_TR("bị gián đoạn khi đang chạy (tiến trình đã dừng)",
		                        "interrupted while running (the process stopped)"));
	rc = prepare(cat,
	             "UPDATE main.jobs SET"
	             " state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,"
	             " error = ?1, lease = NULL, pages_done = 0, updated_at = " LT_NOW_SQL
	             " WHERE id = ?2 AND state = 'running' AND lease IS ?3",
	             &st, err);
	if (rc == 0) {
		sqlite3_bind_text(st, 1, lt_buf_cstr(&msg), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, id);
		if (lease)
			sqlite3_bind_text(st, 3, lease, -1, SQLITE_TRANSIENT);
		rc = step_done(cat, st, "jobs", err);
	}
	lt_buf_free(&msg);
	return rc;
}

static int jobs_reclaim(lt_archive *ar, size_t *n_out, lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	sqlite3_stmt *st = NULL;
	int64_t *ids = NULL;
	char **leases = NULL;
	size_t n = 0, cap = 0, taken = 0;
	int rc, s, own;

	if (n_out)
		*n_out = 0;
	/* Read first, without the write lock: nearly always nothing is left
	 * behind, and a search should not queue for the lock to learn it. */
	if ((rc = prepare(cat, "SELECT id, lease FROM jobs WHERE state = 'running'", &st, err)) !=
	    0)
		return rc;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *lease = (const char *)sqlite3_column_text(st, 1);
		if (lease && lt_proc_alive(lease) == 1)
			continue;
		if (n == cap) {
			size_t ncap = cap ? 2 * cap : 8;
			int64_t *ni = realloc(ids, ncap * sizeof(*ni));
			char **nl = ni ? realloc(leases, ncap * sizeof(*nl)) : NULL;
			if (ni)
				ids = ni;
			if (!nl) {
				s = SQLITE_NOMEM;
				break;
			}
			leases = nl;
			cap = ncap;
		}
		ids[n] = sqlite3_column_int64(st, 0);
		leases[n] = lease ? strdup(lease) : NULL;
		n++;
	}
	sqlite3_finalize(st);
	if (s == SQLITE_NOMEM)
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
	else if (s != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "jobs");
	own = sqlite3_get_autocommit(lt_catalog_db(cat)) != 0;
	if (rc == 0 && n > 0 && own)
		rc = lt_catalog_begin(cat, err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		rc = take_back(cat, ids[i], leases[i], err);
		if (rc == 0)
			taken += (size_t)sqlite3_changes(lt_catalog_db(cat));
	}
	if (n > 0 && own) {
		if (rc == 0)
			rc = lt_catalog_commit(cat, err);
		else
			lt_catalog_rollback(cat);
	}
	for (size_t i = 0; i < n; i++)
		free(leases[i]);
	free(leases);
	free(ids);
	if (rc == 0 && taken > 0)
		lt_log_info("jobs: %zu interrupted job(s) taken back", taken);
	if (rc == 0 && n_out)
		*n_out = taken;
	return rc;
}

/* For the whole archive, whoever asks (lt_catalog_enter_system): a job
 * left behind is taken back whatever record it is for. */
int lt_jobs_reclaim(lt_archive *ar, size_t *n_out, lt_error *err)
{
	lt_principal saved;
	int rc;

	lt_catalog_enter_system(lt_archive_catalog(ar), &saved);
	rc = jobs_reclaim(ar, n_out, err);
	lt_catalog_leave_system(lt_archive_catalog(ar), &saved);
	return rc;
}

int lt_jobs_recover(lt_archive *ar, lt_error *err)
{
	return lt_jobs_reclaim(ar, NULL, err);
}

int lt_jobs_requeue(lt_archive *ar, int64_t record_id, int redo, char state_out[16], lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	sqlite3_stmt *st = NULL;
	char state[16] = "";
	int64_t id = 0;
	int rc, s, live = 0, pending = 0;

	if (state_out)
		state_out[0] = '\0';
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	if ((rc = prepare(cat,
	                  "SELECT id, state, lease FROM jobs WHERE record_id = ?"
	                  " ORDER BY id DESC LIMIT 1",
	                  &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, record_id);
	s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		const char *lease = (const char *)sqlite3_column_text(st, 2);
		id = sqlite3_column_int64(st, 0);
		snprintf(state, sizeof(state), "%s", (const char *)sqlite3_column_text(st, 1));
		live = !strcmp(state, "running") && lease && lt_proc_alive(lease) == 1;
	}
	sqlite3_finalize(st);
	if (s != SQLITE_ROW && s != SQLITE_DONE) {
		rc = lt_catalog_error(cat, err, "jobs");
		goto out;
	}
	if (state_out)
		snprintf(state_out, 16, "%s", state);
	if (!id || live || (!redo && !strcmp(state, "done"))) {
		pending = live;
		goto out;
	}
	pending = 1;
	if (!strcmp(state, "queued"))
		goto out;
	if ((rc = prepare(cat,
	                  "UPDATE main.jobs SET state = 'queued', attempts = 0, lease = NULL,"
	                  " pages_done = 0, updated_at = " LT_NOW_SQL " WHERE id = ?",
	                  &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	rc = step_done(cat, st, "jobs", err);
out:
	if (rc == 0)
		rc = lt_catalog_commit(cat, err);
	else
		lt_catalog_rollback(cat);
	return rc ? rc : pending;
}

static int jobs_pending(lt_archive *ar, int64_t *out, lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	sqlite3_stmt *st = NULL;
	int rc, s;

	*out = 0;
	if ((rc = prepare(cat, "SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')",
	                  &st, err)) != 0)
		return rc;
	s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return s == SQLITE_ROW ? 0 : lt_catalog_error(cat, err, "jobs");
}

/* For the whole archive, whoever asks (lt_catalog_enter_system). */
int lt_jobs_pending(lt_archive *ar, int64_t *out, lt_error *err)
{
	lt_principal saved;
	int rc;

	lt_catalog_enter_system(lt_archive_catalog(ar), &saved);
	rc = jobs_pending(ar, out, err);
	lt_catalog_leave_system(lt_archive_catalog(ar), &saved);
	return rc;
}

/* queued → running. 1 when a job was claimed, 0 when none is left. */
static int claim(lt_catalog *cat, int64_t after_id, job *j, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, s, got = 0;

	char lease[LT_PROC_ID_MAX];

	lt_proc_self(lease);
	rc = prepare(cat,
	             "UPDATE main.jobs SET state = 'running', attempts = attempts + 1,"
	             " lease = ?2, pages_done = 0, updated_at = " LT_NOW_SQL
	             " WHERE id = (SELECT id FROM jobs WHERE state = 'queued' AND id > ?1"
	             " ORDER BY id LIMIT 1)"
	             " RETURNING id, record_id, kind, attempts, max_attempts",
	             &st, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_text(st, 2, lease, -1, SQLITE_TRANSIENT);
	s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		got = 1;
		j->id = sqlite3_column_int64(st, 0);
		j->record_id = sqlite3_column_int64(st, 1);
		snprintf(j->kind, sizeof(j->kind), "%s", (const char *)sqlite3_column_text(st, 2));
		j->attempts = sqlite3_column_int(st, 3);
		j->max_attempts = sqlite3_column_int(st, 4);
		s = sqlite3_step(st); /* run the statement to its end: that commits */
	}
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		return lt_catalog_error(cat, err,
		                        LT_TR("không nhận được việc", "cannot claim a job"));
	return got;
}

/* The sha256 (hex, into sha) and media type of the record's original
 * file; sha stays empty when there is none (still 0). */
static int original_row(lt_catalog *cat, int64_t record_id, char sha[LT_SHA256_HEX_LEN + 1],
                        lt_media_type *type, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, s;

	sha[0] = '\0';
	*type = LT_MEDIA_UNKNOWN;
	if ((rc = prepare(cat,
	                  "SELECT sha256, media_type FROM record_files WHERE record_id = ?"
	                  " AND role = 'original' ORDER BY created_at LIMIT 1",
	                  &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, record_id);
	s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		snprintf(sha, LT_SHA256_HEX_LEN + 1, "%s",
		         (const char *)sqlite3_column_text(st, 0));
		*type = lt_media_from_mime((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (s != SQLITE_ROW && s != SQLITE_DONE)
		return lt_catalog_error(cat, err, "record_files");
	return 0;
}

/* The stored path of the record's original file, appended to path, and
 * its type (by the media type stored with it). */
static int original_path(lt_archive *ar, int64_t record_id, lt_buf *path, lt_media_type *type,
                         lt_error *err)
{
	char sha[LT_SHA256_HEX_LEN + 1];
	int rc;

	if ((rc = original_row(lt_archive_catalog(ar), record_id, sha, type, err)) != 0)
		return rc;
	if (!sha[0])
		return lt_error_set(
		    err, LT_ENOTFOUND,
		    LT_TR("văn bản số %lld không có tệp gốc", "record %lld has no original file"),
		    (long long)record_id);
	if (lt_blobstore_path(lt_archive_blobs(ar), sha, path) != 0)
		return lt_error_set(err, LT_ECORRUPT, "record %lld: bad sha256 in record_files",
		                    (long long)record_id);
	return 0;
}

/* The record's searchable PDF becomes pdf (NULL: none). Blobs no row
 * names any more lose their blobs row here and their file after the commit
 * (their sha256 goes to gone), so verify finds neither orphans nor missing
 * files. */
static int replace_searchable_pdf(lt_catalog *cat, int64_t record_id, const lt_blob_info *pdf,
                                  lt_buf *gone, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, s;

	if ((rc = prepare(cat,
	                  "SELECT sha256 FROM record_files WHERE record_id = ?"
	                  " AND role = 'searchable_pdf'",
	                  &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, record_id);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *old = (const char *)sqlite3_column_text(st, 0);
		if (!pdf || strcmp(old, pdf->sha256) != 0)
			lt_buf_printf(gone, "%s\n", old);
	}
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		return lt_catalog_error(cat, err, "record_files");
	if ((rc = prepare(
	         cat,
	         "DELETE FROM main.record_files WHERE record_id = ? AND role = 'searchable_pdf'",
	         &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, record_id);
	if ((rc = step_done(cat, st, "record_files", err)) != 0)
		return rc;
	if (pdf) {
		if ((rc = prepare(cat,
		                  "INSERT OR IGNORE INTO blobs(sha256, size, media_type)"
		                  " VALUES (?, ?, 'application/pdf')",
		                  &st, err)) != 0)
			return rc;
		sqlite3_bind_text(st, 1, pdf->sha256, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)pdf->size);
		if ((rc = step_done(cat, st, "blobs", err)) != 0)
			return rc;
		if ((rc = prepare(
		         cat,
		         "INSERT INTO main.record_files(record_id, sha256, role, media_type,"
		         " name, size) VALUES (?, ?, 'searchable_pdf', 'application/pdf',"
		         " 'searchable.pdf', ?)",
		         &st, err)) != 0)
			return rc;
		sqlite3_bind_int64(st, 1, record_id);
		sqlite3_bind_text(st, 2, pdf->sha256, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)pdf->size);
		if ((rc = step_done(cat, st, "record_files", err)) != 0)
			return rc;
	}
	/* Old PDFs named by no other row leave the catalog. */
	for (char *line = gone->data, *nl; line && (nl = strchr(line, '\n')); line = nl + 1) {
		*nl = '\0';
		if ((rc = prepare(cat,
		                  "DELETE FROM blobs WHERE sha256 = ?1 AND NOT EXISTS"
		                  " (SELECT 1 FROM record_files WHERE sha256 = ?1)",
		                  &st, err)) != 0)
			return rc;
		sqlite3_bind_text(st, 1, line, -1, SQLITE_TRANSIENT);
		rc = step_done(cat, st, "blobs", err);
		if (rc == 0 && sqlite3_changes(lt_catalog_db(cat)) == 0)
			line[0] = '-'; /* still referenced: keep the file */
		*nl = '\n';
		if (rc)
			return rc;
	}
	return 0;
}

/* The archival copy's facts and signature check, and the original's
 * facts (archive/edoc/edoc.h). */
static int store_copy_rows(lt_catalog *cat, int64_t record_id, const lt_edoc_copy *copy,
                           const lt_blob_info *pdf, lt_error *err)
{
	char sha[LT_SHA256_HEX_LEN + 1];
	lt_media_type type;
	int rc;

	if ((rc = original_row(cat, record_id, sha, &type, err)) != 0)
		return rc;
	return lt_edoc_store(cat, record_id, copy, pdf ? pdf->sha256 : NULL, sha[0] ? sha : NULL,
	                     type, err);
}

/* running → done, with the pages (invariants 1 and 2) and the searchable
 * PDF (pdf, NULL for none). */
static int finish(lt_catalog *cat, const job *j, const lt_ocr_result *res, const lt_blob_info *pdf,
                  const lt_edoc_copy *copy, lt_buf *gone, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	/* A page a person reviewed keeps their text when the record is read
	 * again (archive/review.h): only the others are replaced. */
	if ((rc = prepare(cat, "DELETE FROM main.pages WHERE record_id = ? AND reviewed_at IS NULL",
	                  &st, err)) != 0)
		goto fail;
	sqlite3_bind_int64(st, 1, j->record_id);
	if ((rc = step_done(cat, st, "pages", err)) != 0)
		goto fail;
	if ((rc = prepare(cat,
	                  "INSERT INTO main.pages(record_id, page_no, text, confidence, dpi, skew,"
	                  " rotation, source, status, error, word_conf, quality, blank)"
	                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	                  " ON CONFLICT (record_id, page_no) DO NOTHING",
	                  &st, err)) != 0)
		goto fail;
	for (size_t i = 0; i < res->npages; i++) {
		const lt_ocr_page *p = &res->pages[i];
		lt_buf words = LT_BUF_INIT;
		int s;

		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		sqlite3_bind_int64(st, 1, j->record_id);
		sqlite3_bind_int(st, 2, p->page_no > 0 ? p->page_no : (int)i + 1);
		sqlite3_bind_text(st, 3, p->text ? p->text : "", -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 4, p->confidence);
		sqlite3_bind_int(st, 5, p->dpi);
		sqlite3_bind_double(st, 6, p->skew);
		sqlite3_bind_int(st, 7, p->rotation);
		sqlite3_bind_int(st, 8, (int)p->source);
		sqlite3_bind_int(st, 9, p->status);
		if (p->error)
			sqlite3_bind_text(st, 10, p->error, -1, SQLITE_STATIC);
		for (size_t k = 0; k < p->nwords; k++)
			lt_buf_printf(&words, k ? " %u" : "%u", (unsigned)p->word_conf[k]);
		if (p->word_conf)
			sqlite3_bind_text(st, 11, lt_buf_cstr(&words), -1, SQLITE_TRANSIENT);
		if (p->quality >= 0 && p->quality <= 100)
			sqlite3_bind_int(st, 12, p->quality);
		sqlite3_bind_int(st, 13, p->blank != 0);
		s = sqlite3_step(st);
		lt_buf_free(&words);
		if (s != SQLITE_DONE) {
			rc = lt_catalog_error(cat, err, "pages");
			sqlite3_finalize(st);
			goto fail;
		}
	}
	sqlite3_finalize(st);
	if ((rc = prepare(cat,
	                  "UPDATE main.records SET page_count = ?1, page_amount = ?1,"
	                  " updated_at = " LT_NOW_SQL " WHERE id = ?2",
	                  &st, err)) != 0)
		goto fail;
	sqlite3_bind_int(st, 1, (int)res->npages);
	sqlite3_bind_int64(st, 2, j->record_id);
	if ((rc = step_done(cat, st, "records", err)) != 0)
		goto fail;
	if ((rc = prepare(cat,
	                  "UPDATE main.jobs SET state = 'done', error = NULL, lease = NULL,"
	                  " pages_done = ?2, pages_total = ?2, updated_at = " LT_NOW_SQL
	                  " WHERE id = ?1",
	                  &st, err)) != 0)
		goto fail;
	sqlite3_bind_int64(st, 1, j->id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)res->npages);
	if ((rc = step_done(cat, st, "jobs", err)) != 0)
		goto fail;
	if ((rc = prepare(cat,
	                  "INSERT INTO main.index_outbox(record_id, uid, op)"
	                  " SELECT id, uid, 'upsert' FROM records WHERE id = ?",
	                  &st, err)) != 0)
		goto fail;
	sqlite3_bind_int64(st, 1, j->record_id);
	if ((rc = step_done(cat, st, "index_outbox", err)) != 0)
		goto fail;
	if ((rc = replace_searchable_pdf(cat, j->record_id, pdf, gone, err)) != 0)
		goto fail;
	if (copy && (rc = store_copy_rows(cat, j->record_id, copy, pdf, err)) != 0)
		goto fail;
	return lt_catalog_commit(cat, err);
fail:
	lt_catalog_rollback(cat);
	return rc;
}

/* running → queued (attempts left) or failed. */
static int fail_job(lt_catalog *cat, const job *j, const char *message, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = prepare(
	         cat,
	         "UPDATE main.jobs SET"
	         " state = CASE WHEN attempts < max_attempts THEN 'queued' ELSE 'failed' END,"
	         " error = ?, lease = NULL, pages_done = 0, updated_at = " LT_NOW_SQL
	         " WHERE id = ?",
	         &st, err)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, message, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, j->id);
	return step_done(cat, st, "jobs", err);
}

/* A claimed job whose file is in the engine. */
typedef struct inflight {
	job j;
	char *path;         /* the original, as stored */
	lt_media_type type; /* its type */
} inflight;

/* ---- progress (invariant 7) ------------------------------------------------ */

static atomic_uint progress_every_ms = LT_JOBS_PROGRESS_MS;

void lt_jobs_set_progress_interval(unsigned ms)
{
	atomic_store(&progress_every_ms, ms);
}

/* The document callback's context: one per lt_jobs_run. */
typedef struct progress_writer {
	lt_catalog *cat;
	char lease[LT_PROC_ID_MAX]; /* this process's: the jobs it claimed */
	struct timespec last;       /* the last write (CLOCK_MONOTONIC) */
	int wrote;
	int stopped; /* the catalog failed: the run only drains the engine */
} progress_writer;

static int64_t ms_since(const struct timespec *t0, const struct timespec *now)
{
	return (int64_t)(now->tv_sec - t0->tv_sec) * 1000 + (now->tv_nsec - t0->tv_nsec) / 1000000;
}

/* lt_ocr_doc_progress_fn: a job's pages done of its total, to its row. */
static void write_progress(void *ctx, void *tag, size_t done, size_t total)
{
	progress_writer *w = ctx;
	const inflight *in = tag;
	sqlite3_stmt *st = NULL;
	struct timespec now;
	int s;

	/* never inside a transaction: the result's, or a caller's */
	if (!in || w->stopped || !sqlite3_get_autocommit(lt_catalog_db(w->cat)))
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (w->wrote && ms_since(&w->last, &now) < (int64_t)atomic_load(&progress_every_ms))
		return;
	w->last = now;
	w->wrote = 1;
	if (sqlite3_prepare_v2(lt_catalog_db(w->cat),
	                       "UPDATE main.jobs SET pages_done = ?1, pages_total = ?2"
	                       " WHERE id = ?3 AND state = 'running' AND lease = ?4",
	                       -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return;
	}
	sqlite3_bind_int64(st, 1, (sqlite3_int64)done);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)total);
	sqlite3_bind_int64(st, 3, in->j.id);
	sqlite3_bind_text(st, 4, w->lease, -1, SQLITE_STATIC);
	s = lt_catalog_step_nowait(w->cat, st);
	if (s != SQLITE_DONE) /* only late: the next page's count, or finish, writes it */
		lt_log_debug("job %lld: progress not written: %s", (long long)in->j.id,
		             sqlite3_errstr(s));
	sqlite3_finalize(st);
}

/* Store the archival copy (path: the searchable PDF, signed or not), if
 * any, in the blob store. 1 when *info is filled; a failure only loses
 * the archival copy (logged). */
static int store_pdf(lt_archive *ar, const job *j, const char *path, lt_blob_info *info)
{
	lt_error e = LT_ERROR_INIT;

	if (!path)
		return 0;
	if (lt_blobstore_put_file(lt_archive_blobs(ar), path, 0, info, &e) == 0)
		return 1;
	lt_log_warn("record %lld: searchable PDF not stored: %s", (long long)j->record_id,
	            e.message);
	return 0;
}

/* Remove the blob files listed in gone ("-"-marked lines are kept). */
static void remove_gone(lt_archive *ar, const char *gone)
{
	char sha[LT_SHA256_HEX_LEN + 1];

	for (const char *line = gone; line && *line;) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		if (n == LT_SHA256_HEX_LEN && line[0] != '-') {
			lt_error e = LT_ERROR_INIT;
			memcpy(sha, line, n);
			sha[n] = '\0';
			if (lt_blobstore_remove(lt_archive_blobs(ar), sha, &e) != 0)
				lt_log_warn("blob %s: %s", sha, e.message);
		}
		line = nl ? nl + 1 : NULL;
	}
}

/* The oldest job in the engine is recognised: store it (or fail it). */
static int collect(lt_archive *ar, lt_ocr_engine *engine, lt_edoc_ctx *ectx, lt_jobs_stats *local,
                   lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	lt_ocr_result res = LT_OCR_RESULT_INIT;
	lt_error jerr = LT_ERROR_INIT;
	lt_buf gone = LT_BUF_INIT;
	lt_blob_info pdf;
	void *tag = NULL;
	inflight *in;
	int jrc, rc;

	jrc = lt_ocr_next(engine, &tag, &res, &jerr);
	in = tag;
	if (!in) {
		lt_ocr_result_free(&res);
		return lt_error_set(err, jrc ? jrc : LT_ERR, "%s", jerr.message);
	}
	if (jrc == 0) {
		/* the archival copy: signed after recognition, its facts read */
		lt_edoc_copy copy = LT_EDOC_COPY_INIT;
		int have_pdf;
		lt_edoc_prepare(ectx, in->j.record_id, &res, in->path, in->type, &copy);
		have_pdf = store_pdf(ar, &in->j, copy.path, &pdf);
		rc = finish(cat, &in->j, &res, have_pdf ? &pdf : NULL, &copy, &gone, err);
		lt_edoc_copy_free(&copy);
		if (rc == 0) {
			local->done++;
			local->pages += res.npages;
			remove_gone(ar, gone.data);
		}
	} else {
		rc = fail_job(cat, &in->j, jerr.message, err);
		if (local->failed++ == 0)
			snprintf(local->error, sizeof(local->error), "%s", jerr.message);
	}
	lt_ocr_result_free(&res);
	lt_buf_free(&gone);
	free(in->path);
	free(in);
	return rc;
}

static int jobs_run(lt_archive *ar, lt_ocr_engine *engine, size_t max_jobs, lt_jobs_stats *stats,
                    lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	lt_jobs_stats local = {0};
	lt_edoc_ctx *ectx = NULL;
	progress_writer pw = {cat, "", {0, 0}, 0, 0};
	/* Keep about two pages per worker queued, so no worker waits while
	 * this thread stores a result; no more, so that a kill leaves few
	 * jobs `running` (each such start counts as an attempt). */
	size_t want_pages;
	size_t queued = 0; /* jobs in the engine */
	int64_t last = 0;
	size_t ran = 0;
	int rc = 0, more = 1;

	if (!engine)
		return lt_error_set(err, LT_EINVAL, "lt_jobs_run: engine");
	if ((rc = lt_edoc_ctx_new(&ectx, ar, err)) != 0)
		return rc;
	lt_proc_self(pw.lease);
	lt_ocr_engine_set_doc_progress(engine, write_progress, &pw);
	want_pages = 2 * (size_t)lt_ocr_engine_workers(engine);
	for (;;) {
		/* Fill the engine. */
		while (rc == 0 && more && (max_jobs == 0 || ran < max_jobs) &&
		       (queued == 0 || lt_ocr_pending_pages(engine) < want_pages)) {
			lt_error jerr = LT_ERROR_INIT;
			lt_buf path = LT_BUF_INIT;
			inflight *in = calloc(1, sizeof(*in));
			int got, jrc;

			if (!in) {
				rc = lt_error_set(err, LT_ENOMEM, "out of memory");
				break;
			}
			got = claim(cat, last, &in->j, err);
			if (got <= 0) {
				free(in);
				if (got < 0)
					rc = got;
				more = 0;
				break;
			}
			last = in->j.id;
			ran++;
			jrc = original_path(ar, in->j.record_id, &path, &in->type, &jerr);
			if (jrc == 0) {
				in->path = strdup(path.data);
				jrc = lt_ocr_submit(engine, path.data, in, &jerr);
			}
			lt_buf_free(&path);
			if (jrc == 0) {
				queued++;
				continue;
			}
			lt_log_warn("job %lld (record %lld, attempt %d/%d) failed: %s",
			            (long long)in->j.id, (long long)in->j.record_id, in->j.attempts,
			            in->j.max_attempts, jerr.message);
			rc = fail_job(cat, &in->j, jerr.message, err);
			local.failed++;
			free(in->path);
			free(in);
		}
		if (queued == 0)
			break;
		/* Store the oldest; after a catalog failure, drain the rest
		 * without storing (they stay running for recover). */
		pw.stopped = rc != 0;
		if (rc == 0) {
			rc = collect(ar, engine, ectx, &local, err);
		} else {
			lt_ocr_result res = LT_OCR_RESULT_INIT;
			lt_error ignored = LT_ERROR_INIT;
			void *tag = NULL;
			lt_ocr_next(engine, &tag, &res, &ignored);
			lt_ocr_result_free(&res);
			if (tag)
				free(((inflight *)tag)->path);
			free(tag);
		}
		queued--;
	}
	lt_ocr_engine_set_doc_progress(engine, NULL, NULL);
	if (stats)
		*stats = local;
	lt_edoc_ctx_free(ectx);
	return rc;
}

void lt_jobs_ocr_options(lt_archive *ar, lt_ocr_options *opts)
{
	const lt_config *cfg = lt_archive_config(ar);

	opts->searchable_pdf = 1;
	opts->icc_profile = lt_config_str(cfg, LT_CONF_ICC_PROFILE);
	opts->office_pdf = lt_config_bool(cfg, LT_CONF_OFFICE_PDFA);
}

/* For the whole archive, whoever asks (lt_catalog_enter_system). */
int lt_jobs_run(lt_archive *ar, lt_ocr_engine *engine, size_t max_jobs, lt_jobs_stats *stats,
                lt_error *err)
{
	lt_principal saved;
	int rc;

	lt_catalog_enter_system(lt_archive_catalog(ar), &saved);
	rc = jobs_run(ar, engine, max_jobs, stats, err);
	lt_catalog_leave_system(lt_archive_catalog(ar), &saved);
	return rc;
}

void lt_review_list_free(lt_review_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++)
		free(list->v[i].error);
	free(list->v);
	list->v = NULL;
	list->n = 0;
}

/* Count the words of a stored word_conf list, and those below threshold
 * (LT_OCR_REVIEW_WORD_THRESHOLD). */
static void count_words(const char *s, double threshold, size_t *words, size_t *low)
{
	*words = *low = 0;
	while (s && *s) {
		char *end;
		long c = strtol(s, &end, 10);
		if (end == s)
			break;
		(*words)++;
		if ((double)c < threshold)
			(*low)++;
		s = end;
	}
}

int lt_jobs_review(lt_archive *ar, double threshold, int64_t record_id, lt_review_list *out,
                   lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc, s;

	out->v = NULL;
	out->n = 0;
	if ((rc = prepare(cat,
	                  "SELECT p.record_id, r.uid, p.page_no, coalesce(p.confidence, 0),"
	                  " p.word_conf, p.status, p.error, p.quality"
	                  " FROM pages p JOIN records r ON r.id = p.record_id"
	                  " WHERE p.source = 0 AND p.reviewed_at IS NULL AND (p.status != 0"
	                  " OR coalesce(p.quality, p.confidence, 0) < ?1)"
	                  " AND (?2 <= 0 OR p.record_id = ?2)"
	                  " ORDER BY p.record_id, p.page_no",
	                  &st, err)) != 0)
		return rc;
	sqlite3_bind_double(st, 1, threshold);
	sqlite3_bind_int64(st, 2, record_id);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		lt_review_page *p;
		if (out->n == cap) {
			size_t ncap = cap ? 2 * cap : 16;
			lt_review_page *nv = realloc(out->v, ncap * sizeof(*nv));
			if (!nv) {
				sqlite3_finalize(st);
				lt_review_list_free(out);
				return lt_error_set(err, LT_ENOMEM, "out of memory");
			}
			out->v = nv;
			cap = ncap;
		}
		p = &out->v[out->n++];
		memset(p, 0, sizeof(*p));
		p->record_id = sqlite3_column_int64(st, 0);
		snprintf(p->uid, sizeof(p->uid), "%s",
		         sqlite3_column_text(st, 1) ? (const char *)sqlite3_column_text(st, 1)
		                                    : "");
		p->page_no = sqlite3_column_int(st, 2);
		p->confidence = sqlite3_column_double(st, 3);
		count_words((const char *)sqlite3_column_text(st, 4), LT_OCR_REVIEW_WORD_THRESHOLD,
		            &p->words, &p->low_words);
		p->quality =
		    sqlite3_column_type(st, 7) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 7);
		p->status = sqlite3_column_int(st, 5);
		if (sqlite3_column_text(st, 6))
			p->error = strdup((const char *)sqlite3_column_text(st, 6));
	}
	sqlite3_finalize(st);
	if (s != SQLITE_DONE) {
		lt_review_list_free(out);
		return lt_catalog_error(cat, err, "pages");
	}
	return 0;
}
