/*
 * ocr/prep.c — Leptonica clean-up of a page image before recognition.
 *
 * The steps, each optional (LT_OCR_PREP_* in ocr.h), in the order the
 * engine runs them (engine.c, recognise):
 *
 *   0. 1-bit pages only (fax, G4 TIFF): despeckle (drop specks of a few
 *      pixels), then smooth (to 8-bit grey, 3 × 3 blur): fax CER 4.81 % →
 *      1.71 % on the fixtures.
 *   1. background   unevenly lit grey pages only: divide out the slowly varying
 *                   brightness (gradients, vignetting) of an office scan.
 *   2. deskew       find the skew of the text lines and rotate it away.
 *   3. orientation  lazily: only when the page recognised as it is does not
 *                   read like upright text, Tesseract OSD on the cleaned page;
 *                   when OSD is confident it is turned by 90, 180 or 270
 *                   degrees, it is turned back, deskewed and recognised
 *                   again. Most pages are upright, and OSD cost about a
 *                   quarter of a page's recognition time.
 *
 * Background before deskew because the skew search binarises the page and
 * a dark corner would read as ink; the background map is the same whichever
 * way the page is turned. Skew search assumes horizontal lines, so a page
 * turned upright is deskewed again. Scaling pages below 300 dpi up was
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
/* Background range (grey levels) above which a page counts as unevenly lit:
 * the fixtures' scans measure 41-55, clean, 200 dpi and smoothed fax pages
 * 0-21. */
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
 * (bench/README.md), so only these are normalised. The map that decides is
 * not the one that normalises (pixBackgroundNormSimple's counts darker
 * pixels as paper): one map for both was tried and dropped, as it found
 * the smoothed fax pages uneven too (range 25-84 instead of 10-21) and
 * normalising them cost CER (fax 1.71 → 1.77 %). */
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

int lt_ocr_prep_orientation(TessBaseAPI *osd, PIX *pix, int dpi)
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

int lt_ocr_prep_turn(PIX **pix, int quads)
{
	/* pixRotateOrth turns clockwise by quads × 90°. */
	PIX *t = quads ? pixRotateOrth(*pix, 4 - quads) : NULL;
	if (!t)
		return LT_ERR;
	swap_in(pix, t);
	return LT_OK;
}

void lt_ocr_prep_clean(PIX **pix, int dpi, unsigned flags)
{
	if ((flags & LT_OCR_PREP_DESPECKLE) && pixGetDepth(*pix) == 1) {
		int max = (DESPECKLE_MAX_PX * dpi + 150) / 300;
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
	if ((flags & LT_OCR_PREP_BACKGROUND) && uneven_background(*pix))
		swap_in(pix, pixBackgroundNormSimple(*pix, NULL, NULL));
}

double lt_ocr_prep_deskew(PIX **pix, unsigned flags)
{
	l_float32 angle = 0, conf = 0;
	PIX *straight;

	if (!(flags & LT_OCR_PREP_DESKEW))
		return 0;
	straight = pixFindSkewAndDeskew(*pix, 2, &angle, &conf);
	if (straight && fabs(angle) >= DESKEW_MIN_DEGREES && conf > 0) {
		swap_in(pix, straight);
		return angle;
	}
	pixDestroy(&straight);
	return 0;
}

int lt_ocr_prep(PIX **pix, int *dpi, unsigned flags, TessBaseAPI *osd, lt_ocr_prep_info *info)
{
	info->rotation = 0;
	lt_ocr_prep_clean(pix, *dpi, flags);
	if ((flags & LT_OCR_PREP_ORIENT) && osd) {
		int quads = lt_ocr_prep_orientation(osd, *pix, *dpi);
		if (quads && lt_ocr_prep_turn(pix, quads) == LT_OK)
			info->rotation = quads * 90;
	}
	info->skew = lt_ocr_prep_deskew(pix, flags);
	return LT_OK;
}
