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
 *       │      lt_jobs_recover(): attempts < max_attempts
 *       └──────────────────────── running (left by a crash)
 *                                  └── attempts >= max ───▶ failed
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
 */
#include "archive/jobs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/schema.h"
#include "core/buf.h"
#include "core/log.h"

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

int lt_jobs_recover(lt_archive *ar, lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	sqlite3_stmt *st = NULL;
	int rc;

	rc = prepare(cat,
	             "UPDATE jobs SET"
	             " state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,"
	             " error = 'interrupted while running (the process stopped)',"
	             " updated_at = " LT_NOW_SQL " WHERE state = 'running'",
	             &st, err);
	if (rc)
		return rc;
	rc = step_done(cat, st, "jobs", err);
	if (rc == 0 && sqlite3_changes(lt_catalog_db(cat)) > 0)
		lt_log_info("jobs: %d interrupted job(s) recovered",
		            sqlite3_changes(lt_catalog_db(cat)));
	return rc;
}

int lt_jobs_pending(lt_archive *ar, int64_t *out, lt_error *err)
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

/* queued → running. 1 when a job was claimed, 0 when none is left. */
static int claim(lt_catalog *cat, int64_t after_id, job *j, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, s, got = 0;

	rc = prepare(cat,
	             "UPDATE jobs SET state = 'running', attempts = attempts + 1,"
	             " updated_at = " LT_NOW_SQL
	             " WHERE id = (SELECT id FROM jobs WHERE state = 'queued' AND id > ?"
	             " ORDER BY id LIMIT 1)"
	             " RETURNING id, record_id, kind, attempts, max_attempts",
	             &st, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, after_id);
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

/* The stored path of the record's original file, appended to path. */
static int original_path(lt_archive *ar, int64_t record_id, lt_buf *path, lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	sqlite3_stmt *st = NULL;
	int rc, s;

	if ((rc =
	         prepare(cat,
	                 "SELECT sha256 FROM record_files WHERE record_id = ? AND role = 'original'"
	                 " ORDER BY created_at LIMIT 1",
	                 &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, record_id);
	s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		if (lt_blobstore_path(lt_archive_blobs(ar),
		                      (const char *)sqlite3_column_text(st, 0), path) != 0)
			rc = lt_error_set(err, LT_ECORRUPT,
			                  "record %lld: bad sha256 in record_files",
			                  (long long)record_id);
	} else if (s == SQLITE_DONE) {
		rc = lt_error_set(
		    err, LT_ENOTFOUND,
		    LT_TR("văn bản số %lld không có tệp gốc", "record %lld has no original file"),
		    (long long)record_id);
	} else {
		rc = lt_catalog_error(cat, err, "record_files");
	}
	sqlite3_finalize(st);
	return rc;
}

/* running → done, with the pages (invariants 1 and 2). */
static int finish(lt_catalog *cat, const job *j, const lt_ocr_result *res, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	if ((rc = prepare(cat, "DELETE FROM pages WHERE record_id = ?", &st, err)) != 0)
		goto fail;
	sqlite3_bind_int64(st, 1, j->record_id);
	if ((rc = step_done(cat, st, "pages", err)) != 0)
		goto fail;
	if ((rc = prepare(cat,
	                  "INSERT INTO pages(record_id, page_no, text, confidence, dpi, skew,"
	                  " rotation, source, status, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                  &st, err)) != 0)
		goto fail;
	for (size_t i = 0; i < res->npages; i++) {
		const lt_ocr_page *p = &res->pages[i];
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
		s = sqlite3_step(st);
		if (s != SQLITE_DONE) {
			rc = lt_catalog_error(cat, err, "pages");
			sqlite3_finalize(st);
			goto fail;
		}
	}
	sqlite3_finalize(st);
	if ((rc = prepare(cat,
	                  "UPDATE records SET page_count = ?1, page_amount = ?1,"
	                  " updated_at = " LT_NOW_SQL " WHERE id = ?2",
	                  &st, err)) != 0)
		goto fail;
	sqlite3_bind_int(st, 1, (int)res->npages);
	sqlite3_bind_int64(st, 2, j->record_id);
	if ((rc = step_done(cat, st, "records", err)) != 0)
		goto fail;
	if ((rc = prepare(cat,
	                  "UPDATE jobs SET state = 'done', error = NULL, updated_at = " LT_NOW_SQL
	                  " WHERE id = ?",
	                  &st, err)) != 0)
		goto fail;
	sqlite3_bind_int64(st, 1, j->id);
	if ((rc = step_done(cat, st, "jobs", err)) != 0)
		goto fail;
	if ((rc = prepare(cat,
	                  "INSERT INTO index_outbox(record_id, uid, op)"
	                  " SELECT id, uid, 'upsert' FROM records WHERE id = ?",
	                  &st, err)) != 0)
		goto fail;
	sqlite3_bind_int64(st, 1, j->record_id);
	if ((rc = step_done(cat, st, "index_outbox", err)) != 0)
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
	         "UPDATE jobs SET"
	         " state = CASE WHEN attempts < max_attempts THEN 'queued' ELSE 'failed' END,"
	         " error = ?, updated_at = " LT_NOW_SQL " WHERE id = ?",
	         &st, err)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, message, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, j->id);
	return step_done(cat, st, "jobs", err);
}

int lt_jobs_run(lt_archive *ar, lt_ocr_engine *engine, size_t max_jobs, lt_jobs_stats *stats,
                lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	lt_jobs_stats local = {0, 0, 0};
	int64_t last = 0;
	size_t ran = 0;
	int rc = 0;

	if (!engine)
		return lt_error_set(err, LT_EINVAL, "lt_jobs_run: engine");
	while (max_jobs == 0 || ran < max_jobs) {
		lt_ocr_result res = LT_OCR_RESULT_INIT;
		lt_error jerr = LT_ERROR_INIT;
		lt_buf path = LT_BUF_INIT;
		job j;
		int got, jrc;

		got = claim(cat, last, &j, err);
		if (got < 0) {
			rc = got;
			break;
		}
		if (got == 0)
			break;
		last = j.id;
		ran++;
		jrc = original_path(ar, j.record_id, &path, &jerr);
		if (jrc == 0)
			jrc = lt_ocr_file(engine, path.data, &res, &jerr);
		if (jrc == 0) {
			rc = finish(cat, &j, &res, err);
			if (rc == 0) {
				local.done++;
				local.pages += res.npages;
			}
		} else {
			lt_log_warn("job %lld (record %lld, attempt %d/%d) failed: %s",
			            (long long)j.id, (long long)j.record_id, j.attempts,
			            j.max_attempts, jerr.message);
			rc = fail_job(cat, &j, jerr.message, err);
			local.failed++;
		}
		lt_ocr_result_free(&res);
		lt_buf_free(&path);
		if (rc)
			break; /* the catalog failed; the job stays running for recover */
	}
	if (stats)
		*stats = local;
	return rc;
}
