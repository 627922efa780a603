/*
 * ocr/ink.c — how much ink a page holds, before it is recognised.
 *
 * One measurement per page, on the cleaned and deskewed page at half
 * resolution (a 300 dpi A4 page: 5-10 ms), serves three decisions:
 *
 *   blank pages    no glyph-sized mark and almost no ink: not recognised,
 *                  stored small (engine.c; LT_OCR_PREP_BLANK);
 *   second reading far more glyph marks than letters read: Tesseract's
 *                  global threshold lost the text (engine.c, REREAD);
 *   page quality   text found against ink (quality.c);
 *
 * and its mask is where tables find their rules (table.c).
 *
 * Ink is what is darker than the paper by INK_CONTRAST grey levels; the
 * paper is the most common grey level of the page (the page's background
 * was evened out before, prep.c). A glyph mark is a connected component
 * (8-connected) of ink between GLYPH_MIN_MM and GLYPH_MAX_MM high and at
 * most GLYPH_MAX_WIDE_MM wide: letters, tone marks, digits; not scanner
 * noise (smaller), not rules, photos or a dark border (larger).
 */
#include "ocr/internal.h"

#include <string.h>

#include <leptonica/allheaders.h>

/* Grey levels below the paper that count as ink. The fixtures' scans have
 * noise of sigma 10-14 before blurring; faint print (washed-out copies)
 * is 60-80 levels below its paper. */
#define INK_CONTRAST      40
#define GLYPH_MIN_MM      0.6
#define GLYPH_MAX_MM      12.0
#define GLYPH_MAX_WIDE_MM 25.0
/* Blank: at most this many glyph marks (a speck of dust, a punch hole)
 * and at most this share of the page in ink. A page holding one short word
 * is not blank. */
#define BLANK_MAX_GLYPHS 2
#define BLANK_MAX_DARK   0.001

void lt_ocr_ink_free(lt_ocr_ink *ink)
{
	pixDestroy(&ink->mask);
}

/* Most common grey level of an 8 bpp pix. */
static int paper_level(PIX *grey)
{
	NUMA *h = pixGetGrayHistogram(grey, 1);
	l_float32 best = -1;
	int level = 255;

	for (int i = 0; h && i < 256; i++) {
		l_float32 v = 0;
		numaGetFValue(h, i, &v);
		if (v > best) {
			best = v;
			level = i;
		}
	}
	numaDestroy(&h);
	return level;
}

void lt_ocr_ink_measure(PIX *pix, int dpi, lt_ocr_ink *ink)
{
	PIX *grey = NULL, *half = NULL;
	BOXA *boxes = NULL;
	double per_mm;
	int n, w, h;

	memset(ink, 0, sizeof(*ink));
	ink->dpi = dpi > 0 ? dpi : LT_OCR_DEFAULT_DPI;
	ink->paper = 255;
	if (pixGetDepth(pix) == 1)
		grey = pixConvert1To8(NULL, pix, 255, 0);
	else if (pixGetDepth(pix) == 8 && !pixGetColormap(pix))
		grey = pixClone(pix);
	if (!grey)
		return;
	half = pixScaleAreaMap2(grey);
	pixDestroy(&grey);
	if (!half)
		return;
	ink->paper = paper_level(half);
	ink->threshold = ink->paper - INK_CONTRAST;
	if (ink->threshold < ink->paper / 2)
		ink->threshold = ink->paper / 2;
	ink->mask = pixThresholdToBinary(half, ink->threshold);
	pixDestroy(&half);
	if (!ink->mask)
		return;
	w = pixGetWidth(ink->mask);
	h = pixGetHeight(ink->mask);
	{
		l_int32 count = 0;
		pixCountPixels(ink->mask, &count, NULL);
		ink->dark = (double)count / ((double)w * (double)h);
	}
	per_mm = ink->dpi / 2 / 25.4;
	boxes = pixConnCompBB(ink->mask, 8);
	n = boxes ? boxaGetCount(boxes) : 0;
	for (int i = 0; i < n; i++) {
		l_int32 bx, by, bw, bh;
		if (boxaGetBoxGeometry(boxes, i, &bx, &by, &bw, &bh) != 0)
			continue;
		if (bh >= GLYPH_MIN_MM * per_mm && bh <= GLYPH_MAX_MM * per_mm &&
		    bw <= GLYPH_MAX_WIDE_MM * per_mm)
			ink->glyphs++;
	}
	boxaDestroy(&boxes);
}

int lt_ocr_ink_blank(const lt_ocr_ink *ink)
{
	return ink->mask && ink->glyphs <= BLANK_MAX_GLYPHS && ink->dark <= BLANK_MAX_DARK;
}

PIX *lt_ocr_ink_bitonal(PIX *pix, const lt_ocr_ink *ink)
{
	PIX *out;

	if (pixGetDepth(pix) == 1)
		return pixClone(pix);
	if (pixGetDepth(pix) != 8)
		return NULL;
	out = pixThresholdToBinary(pix, ink->threshold > 0 ? ink->threshold : 128);
	if (out)
		pixCopyResolution(out, pix);
	return out;
}
