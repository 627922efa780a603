/*
 * ocr/prep.c — Leptonica clean-up of a page image before recognition.
 *
 * The steps, in this order, each optional (LT_OCR_PREP_* in ocr.h):
 *
 *   0. 1-bit pages only (fax, G4 TIFF): despeckle (drop specks of a few
 *      pixels), then smooth (to 8-bit grey, 3 × 3 blur): fax CER 4.81 % →
 *      1.71 % on the fixtures.
 *   1. orientation  Tesseract OSD on the page as scanned; turn it by 90,
 *                   180 or 270 degrees when OSD is confident.
 *   2. background   unevenly lit grey pages only: divide out the slowly varying
 *                   brightness (gradients, vignetting) of an office scan.
 *   3. deskew       find the skew of the text lines and rotate it away.
 *
 * Orientation comes first because skew search assumes horizontal lines;
 * background before deskew because the skew search binarises the page and
 * a dark corner would read as ink. Scaling pages below 300 dpi up was
 * measured and dropped: it made 200 and 150 dpi pages slightly worse
 * (Tesseract rescales by x-height itself). Which steps are on by default,
 * and why, is measured in bench/README.md.
 */
#include "ocr/internal.h"

#include <math.h>

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

/* OSD's confidence below which a page is left as it is: blank pages,
 * photos and tables give low, random answers; text pages score 10-30. */
#define ORIENT_MIN_CONFIDENCE 5.0f
/* Pages of at least twice this resolution are halved for OSD. */
#define OSD_MIN_DPI 120
/* Background range (grey levels) above which a page counts as unevenly lit. */
#define BACKGROUND_MIN_RANGE 24
/* Specks (connected components, 8-connected) of a 1-bit page at most this
 * many pixels wide and high at 300 dpi (scaled with the page's dpi) are
 * dropped by LT_OCR_PREP_DESPECKLE. On the fixtures' 300 dpi pages the
 * smallest real marks (full stops, the dots of i and of Vietnamese dots
 * below) are 5 pixels or more; fax specks are 1-4. Measured on the 'fax'
 * pages (bench/README.md): 2 px 3.79 % CER, 3 px 3.25 %, 4 px 1.71 %,
 * 5 px 1.05 % (no margin left), 6 px 5.58 % (dots lost). */
#define DESPECKLE_MAX_PX 4
/* Skew below this is not worth a rotation (it only blurs the glyphs). */
#define DESKEW_MIN_DEGREES 0.1

/* Replace *pix with next when next is a new image (Leptonica returns NULL
 * on failure: keep the old one then). */
static void swap_in(PIX **pix, PIX *next)
{
	if (!next)
		return;
	pixDestroy(pix);
	*pix = next;
}

/* Grey page whose paper brightness varies by more than BACKGROUND_MIN_RANGE
 * grey levels (a gradient, a vignette). Normalising an evenly lit page
 * gains nothing and slightly changed the results of clean pages
 * (bench/README.md), so only these are normalised. */
static int uneven_background(PIX *pix)
{
	PIX *map = NULL;
	l_int32 lo = 0, hi = 0;
	int uneven = 0;

	if (pixGetDepth(pix) != 8 || pixGetColormap(pix))
		return 0;
	if (pixGetBackgroundGrayMap(pix, NULL, 10, 15, 100, 50, &map) == 0 && map &&
	    pixGetRangeValues(map, 1, L_SELECT_GREEN, &lo, &hi) == 0)
		uneven = hi - lo > BACKGROUND_MIN_RANGE;
	pixDestroy(&map);
	return uneven;
}

static int detect_rotation(TessBaseAPI *osd, PIX *pix, int dpi)
{
	int deg = 0;
	float conf = 0, script_conf = 0;
	const char *script = NULL;
	int quads = 0;

	/* OSD needs far less than 300 dpi: on a page reduced by 2 it gives
	 * the same answers (bench/README.md, 'rot' variant) in about a quarter
	 * of the time. */
	PIX *small = dpi >= 2 * OSD_MIN_DPI ? pixScale(pix, 0.5f, 0.5f) : NULL;

	TessBaseAPISetImage2(osd, small ? small : pix);
	TessBaseAPISetSourceResolution(osd, small ? dpi / 2 : dpi);
	/* deg is how far the page is turned clockwise; undo it. */
	if (TessBaseAPIDetectOrientationScript(osd, &deg, &conf, &script, &script_conf) &&
	    conf >= ORIENT_MIN_CONFIDENCE && (deg == 90 || deg == 180 || deg == 270))
		quads = deg / 90;
	TessBaseAPIClear(osd);
	pixDestroy(&small);
	return quads;
}

int lt_ocr_prep(PIX **pix, int *dpi, unsigned flags, TessBaseAPI *osd, lt_ocr_prep_info *info)
{
	info->rotation = 0;
	info->skew = 0;

	if ((flags & LT_OCR_PREP_DESPECKLE) && pixGetDepth(*pix) == 1) {
		int max = (DESPECKLE_MAX_PX * *dpi + 150) / 300;
		if (max < 1)
			max = 1;
		swap_in(pix, pixSelectBySize(*pix, max + 1, max + 1, 8, L_SELECT_IF_EITHER,
		                             L_SELECT_IF_GTE, NULL));
	}
	if ((flags & LT_OCR_PREP_SMOOTH) && pixGetDepth(*pix) == 1) {
		PIX *grey = pixConvert1To8(NULL, *pix, 255, 0);
		if (grey) {
			swap_in(pix, pixBlockconv(grey, 1, 1));
			pixDestroy(&grey);
		}
	}

	if ((flags & LT_OCR_PREP_ORIENT) && osd) {
		int quads = detect_rotation(osd, *pix, *dpi);
		if (quads) {
			/* pixRotateOrth turns clockwise by quads × 90°. */
			swap_in(pix, pixRotateOrth(*pix, 4 - quads));
			info->rotation = quads * 90;
		}
	}

	if ((flags & LT_OCR_PREP_BACKGROUND) && uneven_background(*pix))
		swap_in(pix, pixBackgroundNormSimple(*pix, NULL, NULL));

	if (flags & LT_OCR_PREP_DESKEW) {
		l_float32 angle = 0, conf = 0;
		PIX *straight = pixFindSkewAndDeskew(*pix, 2, &angle, &conf);
		if (straight && fabs(angle) >= DESKEW_MIN_DEGREES && conf > 0) {
			swap_in(pix, straight);
			info->skew = angle;
		} else {
			pixDestroy(&straight);
		}
	}

	return LT_OK;
}
