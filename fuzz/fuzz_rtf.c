/* fuzz/fuzz_rtf.c — the RTF reader (ocr/formats/rtf.c): groups, control
 * words, \bin, \u with its fallbacks, font tables with legacy fonts.
 * Input: the RTF file's bytes. */
#include <stdint.h>
#include <stdio.h>

#include "ocr/formats/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lt_fmt_text t = LT_FMT_TEXT_INIT;
	lt_error err = LT_ERROR_INIT;

	lt_fmt_rtf_mem(&t, (const char *)data, size, "fuzz.rtf", &err);
	lt_fmt_text_free(&t);
	return 0;
}
