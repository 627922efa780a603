/* fuzz/fuzz_import.c — batch import of a zip / tar (archive/import.c via
 * libarchive, then archive/manifest.c and the ingest of each row) into a
 * real archive in a temp directory. Input: the archive file's bytes.
 * Limits are small so that a bomb is refused quickly. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "archive/archive.h"
#include "archive/import.h"
#include "fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lt_import_options opts = LT_IMPORT_OPTIONS_INIT;
	lt_import_report *rep = NULL;
	lt_error err = LT_ERROR_INIT;
	const char *path;

	opts.limits.max_entries = 64;
	opts.limits.max_entry_bytes = 4u * 1024 * 1024;
	opts.limits.max_total_bytes = 16u * 1024 * 1024;
	opts.limits.ratio_floor_bytes = 1024 * 1024;
	opts.user = "fuzz";
	path = lt_fuzz_write("batch.zip", data, size);
	lt_import_run(&rep, lt_fuzz_archive("fuzz_import"), path, &opts, &err);
	lt_import_report_free(rep);
	return 0;
}
