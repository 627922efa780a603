/*
 * core/progress.h — how far a long piece of work has come, for whoever
 * watches it (the web UI's progress bars of a backup, a fixity check, a
 * reindex: archive/work.h).
 *
 * A thread that runs long work may install a sink; the layers below
 * report to it without knowing who listens, and without a parameter on
 * every function between (a fixity check is three calls deep in a
 * verify). Nothing is installed by default, and then a report costs one
 * thread-local read. The sink runs in the reporting thread, inside the
 * reporter's loop (perhaps inside its transaction): it must be quick and
 * must not touch the catalog.
 *
 * phase names the part of the work ("fixity", "blobs", "index"), a static
 * string; done/total count its units (files, records), total 0 when the
 * reporter does not know it (the sink keeps the total it was given).
 */
#ifndef LT_CORE_PROGRESS_H
#define LT_CORE_PROGRESS_H

#include <stdint.h>

typedef void (*lt_progress_fn)(void *ctx, const char *phase, uint64_t done, uint64_t total);

/* Install (fn NULL: remove) the calling thread's sink. */
void lt_progress_set(lt_progress_fn fn, void *ctx);
/* Tell the calling thread's sink, if any. */
void lt_progress_report(const char *phase, uint64_t done, uint64_t total);

#endif
