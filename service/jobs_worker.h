/*
 * service/jobs_worker.h — background work inside `luutru serve`: OCR /
 * extraction jobs (archive/jobs.h) and the index sync (indexer/index.h).
 *
 * Each OCR thread owns its archive (catalog connection) and its Tesseract
 * engine, and runs one job at a time. After a job, and every couple of
 * seconds when idle, the index is synced (one writer at a time, under a
 * mutex; a writer held by another process (the CLI) is retried later).
 * Every sync that applied something bumps a generation counter that HTTP
 * threads compare to reopen their index readers.
 *
 * Each loop also takes back the jobs of stopped processes
 * (lt_jobs_reclaim: a CLI ingest killed while the server runs), so they
 * are finished within a couple of seconds.
 *
 * lt_jobs_worker_stop() lets the running job finish (its result is
 * committed; a job cut by a crash carries this process's lease and is
 * taken back by the next process that reclaims), syncs the index one last
 * time, and closes everything.
 */
#ifndef LT_SERVICE_JOBS_WORKER_H
#define LT_SERVICE_JOBS_WORKER_H

#include "core/error.h"

typedef struct lt_jobs_worker lt_jobs_worker;

int lt_jobs_worker_start(lt_jobs_worker **out, const char *data_dir, unsigned ocr_threads,
                         lt_error *err);
/* New work is queued: wake an idle worker now. w may be NULL. */
void lt_jobs_worker_kick(lt_jobs_worker *w);
/* Stop, finish the running jobs, final sync, free (NULL ok). */
void lt_jobs_worker_stop(lt_jobs_worker *w);

#endif
