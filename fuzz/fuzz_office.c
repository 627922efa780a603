/* fuzz/fuzz_office.c — office files by content (ocr/formats/: detect.c,
 * zip.c, cfb.c, xml.c, ooxml.c, odf.c): the file is sniffed and, when it
 * is DOCX, XLSX, PPTX, ODT or ODS, its text read under small limits.
 * Input: the file's bytes (seeds: zips with OOXML and ODF parts, OLE2). */
#include <stdint.h>
#include <stdio.h>

#include "fuzz/fuzz_util.h"
#include "ocr/formats/internal.h"
#include "ocr/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lt_fmt_limits lim = LT_FMT_LIMITS_INIT;
	lt_media_type t = LT_MEDIA_UNKNOWN;
	lt_error err = LT_ERROR_INIT;
	const char *path = lt_fuzz_write("office", data, size);

	lim.max_bytes = 16u << 20;
	if (lt_ocr_media_detect(&t, path, &err) != LT_OK)
		return 0;
	/* DOC and XLS go to child tools: their own fuzzing is antiword's */
	if (lt_fmt_handles(t) && t != LT_MEDIA_DOC && t != LT_MEDIA_XLS) {
		lt_fmt_text text = LT_FMT_TEXT_INIT;
		lt_fmt_extract(&text, path, t, &lim, &err);
		lt_fmt_text_free(&text);
	}
	if (t == LT_MEDIA_UNKNOWN || t == LT_MEDIA_DOC || t == LT_MEDIA_XLS) {
		lt_fmt_cfb *c = NULL;
		if (lt_fmt_cfb_open(&c, path, NULL) == LT_OK) {
			lt_buf b = LT_BUF_INIT;
			lt_fmt_cfb_read(c, "WordDocument", 4096, &b, NULL);
			lt_fmt_cfb_read(c, "Workbook", 4096, &b, NULL);
			lt_buf_free(&b);
			lt_fmt_cfb_free(c);
		}
	}
	return 0;
}
