/* fuzz/fuzz_image.c — image loading: the probe (ocr/probe.c: media type
 * by content, header-only size check) and the Leptonica decode of the
 * OCR path (lt_ocr_image_load), then the cheap preprocessing steps.
 * Input: the file's bytes (PNG, JPEG, TIFF, ...). Limits are small so
 * that the fuzzer explores the format, not memory. */
#include <stdint.h>

#include <leptonica/allheaders.h>

#include "fuzz/fuzz_util.h"
#include "ocr/internal.h"
#include "ocr/ocr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int quiet;
	lt_ocr_limits lim = {4u * 1000 * 1000, 8};
	lt_media_type type = LT_MEDIA_UNKNOWN;
	lt_error err = LT_ERROR_INIT;
	lt_ocr_probe_info info = {LT_MEDIA_UNKNOWN, 1, 0, 0, 0};
	const char *path;

	if (!quiet) {
		lt_ocr_quiet_leptonica();
		quiet = 1;
	}
	path = lt_fuzz_write("image", data, size);
	/* PDFs go to poppler's tools (separate processes): not this target. */
	if (lt_ocr_media_detect(&type, path, &err) != LT_OK || type == LT_MEDIA_PDF)
		return 0;
	/* As the OCR engine does: pages beyond the probed count are never
	 * asked for (Leptonica's readHeaderTiff leaks its TIFF handle when
	 * the page does not exist). */
	if (lt_ocr_probe(&info, path, &lim, &err) != LT_OK)
		info.pages = 1;
	lt_error_clear(&err);
	if (type == LT_MEDIA_PNG || type == LT_MEDIA_JPEG || type == LT_MEDIA_TIFF) {
		for (int i = 0; i < 2 && i < info.pages; i++) {
			PIX *pix = NULL;
			lt_error_clear(&err);
			if (lt_ocr_image_load(&pix, path, type, i, &lim, &err) != LT_OK)
				break;
			/* The cheap cleaning steps on small pages (no OSD model). */
			if ((uint64_t)pixGetWidth(pix) * (uint64_t)pixGetHeight(pix) <= 1000000) {
				lt_ocr_prep_info pi;
				int dpi = 300;
				lt_ocr_prep(&pix, &dpi, LT_OCR_PREP_DESKEW | LT_OCR_PREP_BACKGROUND,
				            NULL, &pi);
			}
			pixDestroy(&pix);
			if (type != LT_MEDIA_TIFF)
				break;
		}
	}
	return 0;
}
