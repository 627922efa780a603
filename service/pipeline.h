/*
 * service/pipeline.h — finish the work an ingest queued: run pending OCR /
 * extraction jobs, then bring the search index up to date with the catalog.
 * Both steps are idempotent and resumable (archive/jobs.h, indexer/index.h),
 * so running this after a crash completes what the crash interrupted.
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
} lt_pipeline_stats;

int lt_pipeline_drain(lt_archive *ar, lt_pipeline_stats *stats, lt_error *err);

#endif
