/* service/pipeline.c — see pipeline.h. */
#include "service/pipeline.h"

#include <string.h>

#include "ocr/ocr.h"

int lt_pipeline_drain(lt_archive *ar, lt_pipeline_stats *stats, lt_error *err)
{
	lt_ocr_options oopts = LT_OCR_OPTIONS_INIT;
	lt_ocr_engine *engine = NULL;
	lt_index *ix = NULL;
	int64_t pending = 0;
	int rc;

	memset(stats, 0, sizeof(*stats));
	rc = lt_jobs_recover(ar, err);
	if (rc == LT_OK)
		rc = lt_jobs_pending(ar, &pending, err);
	if (rc == LT_OK && pending > 0) {
		rc = lt_ocr_engine_new(&engine, &oopts, err);
		if (rc == LT_OK)
			rc = lt_jobs_run(ar, engine, 0, &stats->jobs, err);
		lt_ocr_engine_free(engine);
	}
	if (rc != LT_OK)
		return rc;
	rc = lt_index_open(&ix, lt_archive_index_path(ar), LT_INDEX_WRITE, err);
	if (rc == LT_OK)
		rc = lt_index_sync(ix, lt_archive_catalog(ar), &stats->index, err);
	lt_index_free(ix);
	return rc;
}
