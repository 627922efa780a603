/*
 * archive/jobs.h — durable background work: OCR and text extraction.
 *
 * Job lifecycle (one row in `jobs`):
 *
 *     queued ──claim──▶ running ──finish──▶ done
 *        ▲                 │  └──fail─────▶ failed (attempts < max: back to queued)
 *        ├──reclaim────────┘  (its process died: lt_jobs_reclaim)
 *        └──requeue─────────── failed, done, (asked for again: lt_jobs_requeue)
 *
 * A running job holds a lease: the id of the process that claimed it
 * (core/proc.h). A job whose process stopped (killed, crashed, the
 * machine rebooted) is taken back by the next process that reclaims —
 * every luutru command that writes, `luutru ocr resume`, `luutru serve`
 * (at start and while idle) — and never a job a live process runs.
 *
 * A job's result is written in one transaction together with the job's
 * state change: the record's pages are replaced (delete + insert, so a
 * re-run gives the same rows, never duplicates) with their word
 * confidences, page_amount is set, the record's searchable PDF (role
 * 'searchable_pdf', when the engine makes one) replaces the previous one
 * (whose blob is deleted when nothing else names it) — signed by the
 * agency when luutru.conf configures a key, with the facts of it and of
 * the original (archive/edoc/edoc.h) — and an index_outbox row is
 * appended. A page that failed is stored with its error and does not
 * fail the job.
 *
 * lt_jobs_run keeps the engine's workers busy (ocr/ocr.h: lt_ocr_submit):
 * it claims the next jobs while about two pages per worker are queued,
 * and stores results in job order from the calling thread.
 */
#ifndef LT_ARCHIVE_JOBS_H
#define LT_ARCHIVE_JOBS_H

#include <stddef.h>
#include <stdint.h>

#include "archive/archive.h"
#include "core/error.h"
#include "ocr/ocr.h"

typedef struct lt_jobs_stats {
	size_t done;   /* jobs finished in this run */
	size_t failed; /* attempts that failed in this run (requeued or failed for good) */
	size_t pages;  /* pages stored by the finished jobs */
	char
	    error[LT_ERROR_MESSAGE_MAX]; /* why the first failed attempt failed; "" when none did */
} lt_jobs_stats;

/* Put the running jobs whose process has stopped (their lease names a
 * process that is gone, or they have none: left by an older luutru) back
 * to `queued` — or to `failed` when they already used max_attempts starts:
 * attempts counts starts, so a file that kills the process cannot loop
 * forever. Jobs of live processes are left alone, so this is safe at any
 * time, from any process. Without a job to take back it only reads (no
 * write lock). Joins the caller's transaction when one is open. *n (may
 * be NULL) receives how many were taken back. */
int lt_jobs_reclaim(lt_archive *ar, size_t *n, lt_error *err);
/* lt_jobs_reclaim without the count. */
int lt_jobs_recover(lt_archive *ar, lt_error *err);

/* The record's newest job back to `queued`, its attempts counted afresh,
 * because someone asked for it again: a re-run of the same ingest
 * (`failed`, or `running` in a process that stopped), `verify --repair`
 * of a missing searchable PDF (redo = 1: `done` too). A job running in a
 * live process is left to it. state (may be NULL, 16 bytes) receives the
 * state the job had ("" when the record has none). Returns 1 when work is
 * pending for the record (requeued, already queued, or running in a live
 * process), 0 when nothing is to be done, or an error. */
int lt_jobs_requeue(lt_archive *ar, int64_t record_id, int redo, char state[16], lt_error *err);

/* Run queued jobs one after the other with `engine` until none is left or
 * max_jobs (0 = all) ran. Fails only when the catalog fails; a job that
 * fails is recorded with its error and goes back to `queued` while it has
 * attempts left (max_attempts, default 3), else to `failed`. One call
 * starts each job at most once: a failed job is retried by a later call. */
int lt_jobs_run(lt_archive *ar, lt_ocr_engine *engine, size_t max_jobs, lt_jobs_stats *stats,
                lt_error *err);

/* While it runs, lt_jobs_run owns the engine's document callback
 * (lt_ocr_engine_set_doc_progress; the caller keeps lt_ocr_progress_fn)
 * and writes each running job's pages done and total to its row
 * (pages_done, pages_total: the work list's progress of "ocr-N",
 * archive/work.h): when its pages are counted, then as pages finish, at
 * most once per interval for the whole run (LT_JOBS_PROGRESS_MS; 0:
 * every report, for tests), in a statement of its own that never waits
 * for a busy catalog. Set the interval before runs start. */
#define LT_JOBS_PROGRESS_MS 1000
void lt_jobs_set_progress_interval(unsigned ms);

/* The engine options of a data directory's jobs: the searchable PDF as
 * a PDF/A-2b archival copy with luutru.conf's icc_profile, and office
 * renditions when office_pdfa (docs/pdfa.md, docs/formats.md). Fills the
 * fields it owns and leaves the others (workers, languages) as they are;
 * the strings stay valid while ar lives. */
void lt_jobs_ocr_options(lt_archive *ar, lt_ocr_options *opts);

/* Queued + running jobs. */
int lt_jobs_pending(lt_archive *ar, int64_t *out, lt_error *err);

/* ---- review of recognised pages (`luutru ocr review`) ------------------ */

/* Page quality (ocr/quality.c) below which a page is listed
 * (LT_OCR_QUALITY_REVIEW, measured in bench/README.md). Pages recognised before quality was stored
 * are judged by their mean word confidence. A word below LT_OCR_REVIEW_WORD_THRESHOLD counts as
 * low-confidence. */
#define LT_OCR_REVIEW_THRESHOLD_DEFAULT ((double)LT_OCR_QUALITY_REVIEW)
#define LT_OCR_REVIEW_WORD_THRESHOLD    80.0

typedef struct lt_review_page {
	int64_t record_id;
	char uid[40];
	int page_no;
	double confidence; /* mean word confidence 0..100 */
	int quality;       /* page quality 0..100, -1 when not stored */
	size_t words;      /* words with a stored confidence */
	size_t low_words;  /* of which below the threshold */
	int status;        /* LT_OK, or the error recognition hit */
	char *error;       /* malloc'd, NULL when status is LT_OK */
} lt_review_page;

typedef struct lt_review_list {
	lt_review_page *v;
	size_t n;
} lt_review_list;

/* Pages recognised by Tesseract (not text layers nor text files), not yet
 * reviewed by a person (archive/review.h), whose
 * quality (else mean confidence) is below threshold, or that failed, ordered by record and
 * page; record_id > 0 limits it to one record. Fills *out (free with
 * lt_review_list_free). */
int lt_jobs_review(lt_archive *ar, double threshold, int64_t record_id, lt_review_list *out,
                   lt_error *err);
void lt_review_list_free(lt_review_list *list);

#endif
