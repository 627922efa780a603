/*
 * service/pipeline.h — finish the work an ingest queued: run pending OCR /
 * extraction jobs, then bring the search index up to date with the catalog.
 * Both steps are idempotent and resumable (archive/jobs.h, indexer/index.h),
 * so running this after a crash completes what the crash interrupted.
 *
 * OCR runs on a pool of worker threads (ocr/ocr.h: lt_ocr_submit), each
 * with its own warm Tesseract handle; their number is the option, else the
 * luutru.conf key ocr_workers, else one per core. Each scanned record also
 * gets its searchable PDF (record_files role 'searchable_pdf').
 */
#ifndef LT_SERVICE_PIPELINE_H
#define LT_SERVICE_PIPELINE_H

#include "archive/archive.h"
#include "archive/jobs.h"
#include "core/error.h"
#include "indexer/index.h"

typedef struct lt_pipeline_stats {
	lt_jobs_stats jobs;
	lt_index_sync_stats index;
	/* The index was locked by another writer (luutru serve, a reindex)
	 * and options.index_busy_ok was set: nothing was indexed here; that
	 * writer's next sync applies the outbox rows. */
	int index_busy;
} lt_pipeline_stats;

typedef struct lt_pipeline_options {
	unsigned workers; /* 0: luutru.conf ocr_workers, else one per core */
	/* Show progress (pages done/total, pages/s, ETA) on stderr when it
	 * is a terminal. */
	int progress;
	/* Pages the pending jobs hold, when the caller knows (ingest probed
	 * them); 0: estimated from the catalog. Only for the progress total
	 * and to start no more workers than there are pages. */
	size_t total_pages;
	/* When another process holds the index's write lock, succeed and set
	 * stats->index_busy instead of failing with LT_EBUSY: the catalog
	 * rows and their outbox rows are committed, and that writer (luutru
	 * serve syncs on its own) or the next sync indexes them. */
	int index_busy_ok;
} lt_pipeline_options;

#define LT_PIPELINE_OPTIONS_INIT                                                                   \
	{                                                                                          \
		0, 0, 0, 0                                                                         \
	}

int lt_pipeline_drain(lt_archive *ar, lt_pipeline_stats *stats, lt_error *err);
/* opts may be NULL (defaults). */
int lt_pipeline_drain_opts(lt_archive *ar, const lt_pipeline_options *opts,
                           lt_pipeline_stats *stats, lt_error *err);

/* Workers for a pipeline: requested if > 0, else the archive's
 * ocr_workers, else lt_ocr_default_workers(). */
unsigned lt_pipeline_workers(lt_archive *ar, unsigned requested);

/* A --workers value: an integer 1..LT_OCR_MAX_WORKERS. 0 when valid. */
int lt_pipeline_parse_workers(const char *s, unsigned *out);

#endif
