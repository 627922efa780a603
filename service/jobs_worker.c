/* service/jobs_worker.c — see jobs_worker.h. */
#include "service/jobs_worker.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "archive/archive.h"
#include "archive/jobs.h"
#include "core/log.h"
#include "indexer/index.h"
#include "ocr/ocr.h"

#define IDLE_SECONDS 2
#define MAX_THREADS  16

struct lt_jobs_worker {
	char *data_dir;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_mutex_t index_lock; /* one index writer at a time */
	int stop;
	unsigned kicks;
	pthread_t threads[MAX_THREADS];
	unsigned nthreads;
};

static void sync_index(lt_jobs_worker *w, lt_archive *ar)
{
	lt_error err = LT_ERROR_INIT;
	lt_index *ix = NULL;

	pthread_mutex_lock(&w->index_lock);
	if ((lt_index_open(&ix, lt_archive_index_path(ar), LT_INDEX_WRITE, &err) != LT_OK ||
	     lt_index_sync(ix, lt_archive_catalog(ar), NULL, &err) != LT_OK) &&
	    err.code != LT_EBUSY)
		lt_log_warn("index sync: %s", err.message);
	lt_index_free(ix);
	pthread_mutex_unlock(&w->index_lock);
}

static void *worker_main(void *arg)
{
	lt_jobs_worker *w = arg;
	lt_ocr_options oopts = LT_OCR_OPTIONS_INIT;
	lt_ocr_engine *engine = NULL;
	lt_archive *ar = NULL;
	lt_error err = LT_ERROR_INIT;

	if (lt_archive_open(&ar, w->data_dir, 0, &err) != LT_OK) {
		lt_log_error("jobs worker: %s", err.message);
		return NULL;
	}
	/* the archival copy of each record: PDF/A, office renditions */
	lt_jobs_ocr_options(ar, &oopts);
	oopts.load_on_use = 1; /* the models load with the first scan */
	for (;;) {
		lt_jobs_stats stats;
		int64_t pending = 0;
		int stop;

		pthread_mutex_lock(&w->lock);
		stop = w->stop;
		w->kicks = 0;
		pthread_mutex_unlock(&w->lock);
		if (stop)
			break;
		memset(&stats, 0, sizeof(stats));
		lt_error_clear(&err);
		/* A CLI ingest or import killed while this server runs left its
		 * job running: take it back (a read unless there is one). */
		if (lt_jobs_reclaim(ar, NULL, &err) == LT_OK &&
		    lt_jobs_pending(ar, &pending, &err) == LT_OK && pending > 0) {
			if (!engine && lt_ocr_engine_new(&engine, &oopts, &err) != LT_OK) {
				lt_log_error("jobs worker: %s", err.message);
				engine = NULL;
			}
			if (engine && lt_jobs_run(ar, engine, 1, &stats, &err) != LT_OK)
				lt_log_warn("jobs worker: %s", err.message);
		}
		sync_index(w, ar);
		if (stats.done + stats.failed > 0)
			continue; /* more may be queued */
		pthread_mutex_lock(&w->lock);
		if (!w->stop && w->kicks == 0) {
			struct timespec until;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += IDLE_SECONDS;
			pthread_cond_timedwait(&w->wake, &w->lock, &until);
		}
		pthread_mutex_unlock(&w->lock);
	}
	sync_index(w, ar);
	lt_ocr_engine_free(engine);
	lt_archive_free(ar);
	return NULL;
}

int lt_jobs_worker_start(lt_jobs_worker **out, const char *data_dir, unsigned ocr_threads,
                         lt_error *err)
{
	lt_jobs_worker *w = calloc(1, sizeof(*w));
	*out = NULL;
	if (!w || !(w->data_dir = strdup(data_dir))) {
		free(w);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	pthread_mutex_init(&w->lock, NULL);
	pthread_mutex_init(&w->index_lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	if (ocr_threads > MAX_THREADS)
		ocr_threads = MAX_THREADS;
	for (unsigned i = 0; i < ocr_threads; i++) {
		if (pthread_create(&w->threads[i], NULL, worker_main, w) != 0) {
			lt_jobs_worker_stop(w);
			return lt_error_set(err, LT_ERR,
			                    LT_TR("không tạo được luồng xử lý nền",
			                          "cannot start a background thread"));
		}
		w->nthreads++;
	}
	*out = w;
	return LT_OK;
}

void lt_jobs_worker_kick(lt_jobs_worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->kicks++;
	pthread_cond_broadcast(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

void lt_jobs_worker_stop(lt_jobs_worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = 1;
	pthread_cond_broadcast(&w->wake);
	pthread_mutex_unlock(&w->lock);
	for (unsigned i = 0; i < w->nthreads; i++)
		pthread_join(w->threads[i], NULL);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	pthread_mutex_destroy(&w->index_lock);
	free(w->data_dir);
	free(w);
}
