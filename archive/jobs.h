/*
 * archive/jobs.h — durable background work: OCR and text extraction.
 *
 * Job lifecycle (one row in `jobs`):
 *
 *     queued ──claim──▶ running ──finish──▶ done
 *        ▲                 │  └──fail─────▶ failed (attempts < max: back to queued)
 *        └──recover────────┘  (a crash left it running: lt_jobs_recover)
 *
 * A job's result is written in one transaction together with the job's
 * state change: the record's pages are replaced (delete + insert, so a
 * re-run gives the same rows, never duplicates), page_amount is set, and an
 * index_outbox row is appended. A page that failed is stored with its error
 * and does not fail the job.
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
} lt_jobs_stats;

/* Put jobs left `running` by a crashed process back to `queued` (or to
 * `failed` when they already used max_attempts starts: attempts counts
 * starts, so a file that kills the process cannot loop forever). Call it
 * only when no other process is running jobs on this archive. */
int lt_jobs_recover(lt_archive *ar, lt_error *err);

/* Run queued jobs one after the other with `engine` until none is left or
 * max_jobs (0 = all) ran. Fails only when the catalog fails; a job that
 * fails is recorded with its error and goes back to `queued` while it has
 * attempts left (max_attempts, default 3), else to `failed`. One call
 * starts each job at most once: a failed job is retried by a later call. */
int lt_jobs_run(lt_archive *ar, lt_ocr_engine *engine, size_t max_jobs, lt_jobs_stats *stats,
                lt_error *err);

/* Queued + running jobs. */
int lt_jobs_pending(lt_archive *ar, int64_t *out, lt_error *err);

#endif
