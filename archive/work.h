/*
 * archive/work.h — the registry of long work: what runs, how far it has
 * come, and what it found, for whoever comes back to look.
 *
 * Long work is a batch import, a reindex, a verify (with fixity) or a
 * backup started from the web UI, and the OCR of every ingested record.
 * Each piece has an id, a kind, the login that started it, its start and
 * end time, a state, its progress (a phase label and done/total units)
 * and its result (JSON text: counts; verify's problems; a backup's name,
 * size and manifest). The first four kinds are rows of `work` (schema
 * step 16), kept after they end; OCR jobs are the rows of `jobs`
 * (archive/jobs.h), which the registry reads as work of kind "ocr" with
 * ids "ocr-N", so that one list shows both.
 *
 * State of a work row:
 *
 *     running ──lt_work_finish(ok)───▶ done
 *        │    ──lt_work_finish(err)──▶ failed
 *        └── its process stopped ───▶ interrupted (lt_work_recover, or
 *                                     shown so by get/list at once)
 *
 * A running row holds a lease: the id of the process running it
 * (core/proc.h), so a row a killed or stopped service left is never shown
 * as running forever. ("queued" is in the schema for work that waits for
 * a turn; nothing queues yet.)
 *
 * Progress: lt_work_phase writes the phase and counts to the row (between
 * steps, outside any transaction of the work). Finer progress — a count
 * per file or per record, reported from deep inside the archive through
 * core/progress.h — is kept in memory by this process only
 * (lt_work_track installs the calling thread's sink) and shown by get and
 * list over the row's counts while the row's lease is this process.
 * An OCR job's progress is its pages: phase "ocr" (whether its pages are
 * recognised, or read from a text layer or a text file: a PDF's job does
 * not know which before it runs), done/total its pages read of the
 * file's pages, which whatever runs the job (archive/jobs.h:
 * lt_jobs_run, in `serve` or the CLI) writes to the job's row as pages
 * finish — so any process sees it. total is 0 until the job has started
 * and counted its file's pages; a done job shows done = total.
 *
 * Who sees what: rows are read through the catalog's guard
 * (archive/access.c): a row is shown to principals whose clearance is at
 * least its starter's, because its result may name what the starter may
 * see. OCR jobs are shown when their record is.
 *
 * Thread-safety: the in-memory progress is shared by every connection of
 * the process (mutex); each catalog connection is used by one thread at a
 * time, as always.
 */
#ifndef LT_ARCHIVE_WORK_H
#define LT_ARCHIVE_WORK_H

#include <stddef.h>
#include <stdint.h>

#include "archive/catalog.h"
#include "core/error.h"

#define LT_WORK_ID_MAX 32

/* One piece of work as read (every string malloc'd, NULL when absent). */
typedef struct lt_work_item {
	char id[LT_WORK_ID_MAX]; /* "12", or "ocr-5" for OCR job 5 */
	char kind[12];           /* import, ocr, reindex, verify, backup */
	char state[12];          /* queued, running, done, failed, interrupted */
	char *started_by;        /* login; NULL for an OCR job (the system runs it) */
	char *source;            /* what it works on: a file name, "fixity", a docId */
	char *phase;             /* the part being done; "" before the first */
	uint64_t done, total;    /* units of the phase (total 0: not known) */
	char *result;            /* JSON text, when done */
	char *error_code;        /* lt_status_name of the failure */
	char *error;             /* its message */
	char *created_at;        /* ISO 8601 UTC */
	char *finished_at;       /* when done, failed or interrupted */
	int64_t record_id;       /* an OCR job's record, else 0 */
} lt_work_item;

void lt_work_items_free(lt_work_item *items, size_t n);

/* Register new work of kind ("import", "reindex", "verify", "backup") as
 * started now by the connection's principal, running in this process.
 * exclusive: LT_EBUSY when work of the same kind is running (in any
 * live process) — one reindex, one backup at a time. source may be NULL.
 * *id receives the new row's id. */
int lt_work_create(int64_t *id, lt_catalog *cat, const char *kind, const char *source,
                   int exclusive, lt_error *err);

/* Write the phase and counts to the row, and to this process's memory. */
int lt_work_phase(lt_catalog *cat, int64_t id, const char *phase, uint64_t done, uint64_t total,
                  lt_error *err);

/* Progress in memory only (cheap; any thread): phase NULL keeps the
 * phase, total 0 keeps the total. No-op for work not created here. */
void lt_work_progress(int64_t id, const char *phase, uint64_t done, uint64_t total);

/* The calling thread's core/progress.h reports go to work id from now on
 * (0: stop). */
void lt_work_track(int64_t id);

/* Long work reports here whichever path runs it: the lower-layer function
 * of each kind (lt_backup_run, lt_verify_structure, lt_verify_fixity,
 * lt_index_regenerate) enters a scope when its real work starts and
 * leaves it when it ends. When the calling thread already tracks a row
 * (lt_work_track: an HTTP route made it when the request came, or a
 * command that runs several of them as one), the scope is that row;
 * otherwise lt_work_enter makes one — refused with LT_EBUSY while work of
 * the same exclusive kind runs in any live process — and lt_work_leave
 * ends it. So a backup from the command line and one from the web UI
 * cannot run at once, and both are in the list. */
typedef struct lt_work_scope {
	int64_t id; /* the row the work reports to */
	int owned;  /* made by lt_work_enter: lt_work_leave ends it */
} lt_work_scope;

#define LT_WORK_SCOPE_INIT                                                                         \
	{                                                                                          \
		0, 0                                                                               \
	}

/* Exclusive are every kind but import. */
int lt_work_enter(lt_work_scope *s, lt_catalog *cat, const char *kind, const char *source,
                  lt_error *err);
/* Ends an owned scope as lt_work_finish (a failure to record the end is
 * logged: the work itself is done); a no-op otherwise. */
void lt_work_leave(lt_work_scope *s, lt_catalog *cat, const char *result, const lt_error *failure);

/* End the work: done with result (JSON text, may be NULL) when failure is
 * NULL, else failed with failure's code and message (its paths already
 * hidden by the caller). Waits for the catalog's write lock as long as
 * a backup's log entry does: an outcome must not be lost to a busy
 * catalog. */
int lt_work_finish(lt_catalog *cat, int64_t id, const char *result, const lt_error *failure,
                   lt_error *err);

/* One piece of work by id ("12" or "ocr-5"), as the connection's
 * principal may see it; LT_ENOTFOUND else. Free with
 * lt_work_items_free(item, 1). */
int lt_work_get(lt_work_item **out, lt_catalog *cat, const char *id, lt_error *err);

typedef struct lt_work_filter {
	const char *kind;  /* NULL: any */
	const char *state; /* NULL: any */
	size_t limit;      /* 0: 50 */
	size_t offset;
} lt_work_filter;

#define LT_WORK_FILTER_INIT                                                                        \
	{                                                                                          \
		NULL, NULL, 0, 0                                                                   \
	}

/* Work newest first, as the principal may see it. */
int lt_work_list(lt_work_item **out, size_t *n, lt_catalog *cat, const lt_work_filter *f,
                 lt_error *err);

/* 1 when kind names a kind of work (list filter), 0 else; the same for a
 * state. */
int lt_work_kind_valid(const char *kind);
int lt_work_state_valid(const char *state);

/* Mark `interrupted` the running rows whose process has stopped (at the
 * start of `serve`). *n (may be NULL) receives how many. Safe any time:
 * rows of live processes are left alone. */
int lt_work_recover(lt_catalog *cat, size_t *n, lt_error *err);

#endif
