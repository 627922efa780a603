/* fuzz/fuzz_manifest.c — the manifest parsers (archive/manifest.c).
 * Built twice: -DFUZZ_FORMAT=LT_MANIFEST_JSONL (fuzz_manifest_jsonl) and
 * LT_MANIFEST_CSV (fuzz_manifest_csv). Input: the manifest's bytes. Every
 * row of an accepted manifest is read back, as the import does. */
#include <stdint.h>
#include <string.h>

#include "archive/manifest.h"

#ifndef FUZZ_FORMAT
#define FUZZ_FORMAT LT_MANIFEST_JSONL
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lt_manifest *m = NULL;
	lt_error err = LT_ERROR_INIT;
	volatile size_t sink = 0;

	if (lt_manifest_parse(&m, (const char *)data, size, FUZZ_FORMAT, "manifest", &err) ==
	    LT_OK) {
		size_t n = lt_manifest_count(m);
		for (size_t i = 0; i < n; i++) {
			const lt_manifest_row *row = lt_manifest_row_at(m, i);
			sink += row->line + row->nmeta;
			for (size_t k = 0; k < row->nmeta; k++)
				sink += strlen(row->meta[k].key) + strlen(row->meta[k].value);
			if (row->file)
				sink += strlen(row->file);
			if (row->text)
				sink += strlen(row->text);
			if (row->error)
				sink += strlen(row->error);
			if (lt_manifest_row_get(row, "docId"))
				sink++;
		}
	}
	lt_manifest_free(m);
	(void)sink;
	return 0;
}
