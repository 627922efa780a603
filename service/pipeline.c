/* service/pipeline.c — see pipeline.h. */
#include "service/pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "ocr/ocr.h"

/* Progress line state: the total is the pages of the pending jobs' records
 * as ingest counted them (records.page_count may be unset: those count as
 * one page until recognised). */
typedef struct progress {
	size_t total;
	size_t start_done; /* engine's pages_done when the run began */
	struct timespec t0;
	struct timespec last;
	int shown;
} progress;

static double seconds_since(const struct timespec *t0, const struct timespec *now)
{
	return (double)(now->tv_sec - t0->tv_sec) + (double)(now->tv_nsec - t0->tv_nsec) / 1e9;
}

static void show_progress(void *ctx, size_t pages_done)
{
	progress *p = ctx;
	struct timespec now;
	size_t done = pages_done - p->start_done;
	double el, rate;

	clock_gettime(CLOCK_MONOTONIC, &now);
	/* At most about four updates a second, and always the last page. */
	if (p->shown && done < p->total && seconds_since(&p->last, &now) < 0.25)
		return;
	p->last = now;
	p->shown = 1;
	if (done > p->total)
		p->total = done;
	el = seconds_since(&p->t0, &now);
	rate = el > 0 ? (double)done / el : 0;
	if (rate > 0 && done < p->total) {
		double eta = (double)(p->total - done) / rate;
		fprintf(stderr,
		        LT_TR("\rNhận dạng: %zu/%zu trang, %.2f trang/giây, còn khoảng %dm%02ds  ",
		              "\rOCR: %zu/%zu pages, %.2f pages/s, ETA %dm%02ds  "),
		        done, p->total, rate, (int)eta / 60, (int)eta % 60);
	} else {
		fprintf(stderr,
		        LT_TR("\rNhận dạng: %zu/%zu trang, %.2f trang/giây        ",
		              "\rOCR: %zu/%zu pages, %.2f pages/s        "),
		        done, p->total, rate);
	}
	fflush(stderr);
}

/* Pages of the records whose jobs are pending, for the progress total. */
static size_t pending_pages(lt_archive *ar)
{
	sqlite3 *db = lt_catalog_db(lt_archive_catalog(ar));
	sqlite3_stmt *st = NULL;
	size_t n = 0;

	if (sqlite3_prepare_v2(db,
	                       "SELECT coalesce(sum(max(coalesce(r.page_count, 1), 1)), 0)"
	                       " FROM jobs j JOIN records r ON r.id = j.record_id"
	                       " WHERE j.state IN ('queued', 'running')",
	                       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

unsigned lt_pipeline_workers(lt_archive *ar, unsigned requested)
{
	uint64_t conf;

	if (requested > 0)
		return requested > LT_OCR_MAX_WORKERS ? LT_OCR_MAX_WORKERS : requested;
	conf = lt_config_u64(ar ? lt_archive_config(ar) : NULL, LT_CONF_OCR_WORKERS);
	if (conf > 0)
		return conf > LT_OCR_MAX_WORKERS ? LT_OCR_MAX_WORKERS : (unsigned)conf;
	return lt_ocr_default_workers();
}

int lt_pipeline_parse_workers(const char *s, unsigned *out)
{
	char *end = NULL;
	long n;

	if (!s || !*s)
		return -1;
	n = strtol(s, &end, 10);
	if (*end || n < 1 || n > LT_OCR_MAX_WORKERS)
		return -1;
	*out = (unsigned)n;
	return 0;
}

int lt_pipeline_drain_opts(lt_archive *ar, const lt_pipeline_options *opts,
                           lt_pipeline_stats *stats, lt_error *err)
{
	lt_pipeline_options defaults = LT_PIPELINE_OPTIONS_INIT;
	lt_ocr_options oopts = LT_OCR_OPTIONS_INIT;
	lt_ocr_engine *engine = NULL;
	lt_index *ix = NULL;
	int64_t pending = 0;
	progress prog;
	int rc;

	if (!opts)
		opts = &defaults;
	memset(stats, 0, sizeof(*stats));
	memset(&prog, 0, sizeof(prog));
	rc = lt_jobs_recover(ar, err);
	if (rc == LT_OK)
		rc = lt_jobs_pending(ar, &pending, err);
	if (rc == LT_OK && pending > 0) {
		lt_jobs_ocr_options(ar, &oopts); /* PDF/A archival copies, renditions */
		oopts.load_on_use = 1;           /* text and office files need no model */
		/* No more workers than there are pages to spread. */
		prog.total = opts->total_pages ? opts->total_pages : pending_pages(ar);
		oopts.workers = lt_pipeline_workers(ar, opts->workers);
		if (opts->total_pages && oopts.workers > opts->total_pages)
			oopts.workers = (unsigned)opts->total_pages;
		rc = lt_ocr_engine_new(&engine, &oopts, err);
		if (rc == LT_OK && opts->progress && isatty(STDERR_FILENO)) {
			clock_gettime(CLOCK_MONOTONIC, &prog.t0);
			lt_ocr_engine_set_progress(engine, show_progress, &prog);
		}
		if (rc == LT_OK)
			rc = lt_jobs_run(ar, engine, 0, &stats->jobs, err);
		if (prog.shown)
			fputc('\n', stderr);
		lt_ocr_engine_free(engine);
	}
	if (rc != LT_OK)
		return rc;
	rc = lt_index_open(&ix, lt_archive_index_path(ar), LT_INDEX_WRITE, err);
	if (rc == LT_EBUSY && opts->index_busy_ok) {
		lt_error_clear(err);
		stats->index_busy = 1;
		return LT_OK;
	}
	if (rc == LT_OK)
		rc = lt_index_sync(ix, lt_archive_catalog(ar), &stats->index, err);
	lt_index_free(ix);
	return rc;
}

int lt_pipeline_drain(lt_archive *ar, lt_pipeline_stats *stats, lt_error *err)
{
	return lt_pipeline_drain_opts(ar, NULL, stats, err);
}
