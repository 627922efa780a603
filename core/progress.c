/* core/progress.c — see progress.h. */
#include "core/progress.h"

#include <stddef.h>

static _Thread_local lt_progress_fn sink;
static _Thread_local void *sink_ctx;

void lt_progress_set(lt_progress_fn fn, void *ctx)
{
	sink = fn;
	sink_ctx = fn ? ctx : NULL;
}

void lt_progress_report(const char *phase, uint64_t done, uint64_t total)
{
	if (sink)
		sink(sink_ctx, phase, done, total);
}
