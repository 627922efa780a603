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
 * Ink is what is darker than the paper by several times the paper's own
 * noise; the paper is the most common grey level of the page (the page's
 * background was evened out before, prep.c). A glyph mark is a connected component
 * (8-connected) of ink between GLYPH_MIN_MM and GLYPH_MAX_MM high and at
 * most GLYPH_MAX_WIDE_MM wide: letters, tone marks, digits; not scanner
 * noise (smaller), not rules, photos or a dark border (larger).
 */
#include "ocr/internal.h"

#include <string.h>

#include <leptonica/allheaders.h>

/* Ink is darker than the paper by INK_SPREAD times the paper's own spread
 * (its noise: the half width of the paper's peak in the histogram), and
 * by at least INK_MIN_CONTRAST grey levels: a clean page's faint print
 * (a washed-out copy, 40 levels below its paper) is ink, a noisy scan's
 * paper is not. */
#define INK_SPREAD        4
#define INK_MIN_CONTRAST  12
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

/* Most common grey level of an 8 bpp pix (*paper), and how far below it
 * its peak falls to half height (*spread). */
static void paper_level(PIX *grey, int *paper, int *spread)
{
	NUMA *h = pixGetGrayHistogram(grey, 1);
	l_float32 v[256], best = -1;
	int level = 255, k;

	for (int i = 0; i < 256; i++) {
		v[i] = 0;
		if (h)
			numaGetFValue(h, i, &v[i]);
		if (v[i] > best) {
			best = v[i];
			level = i;
		}
	}
	numaDestroy(&h);
	for (k = level; k > 0 && v[k] > best / 2; k--)
		;
	*paper = level;
	*spread = level - k;
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
	else
		grey = pixConvertTo8(pix, 0); /* colour (a PNG as poppler writes it) */
	if (!grey)
		return;
	half = pixScaleAreaMap2(grey);
	pixDestroy(&grey);
	if (!half)
		return;
	{
		int spread = 0, contrast;
		paper_level(half, &ink->paper, &spread);
		contrast = INK_SPREAD * spread;
		if (contrast < INK_MIN_CONTRAST)
			contrast = INK_MIN_CONTRAST;
		ink->threshold = ink->paper - contrast;
		if (ink->threshold < ink->paper / 2)
			ink->threshold = ink->paper / 2;
	}
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
		    bw <= GLYPH_MAX_WIDE_MM * per_mm) {
			ink->glyphs++;
			/* The topmost glyph marks, page pixels (engine.c: a page
			 * number Tesseract dropped). */
			if (ink->ntop < LT_OCR_INK_TOP) {
				int *t = ink->top[ink->ntop++];
				t[0] = 2 * bx, t[1] = 2 * by, t[2] = 2 * (bx + bw),
				t[3] = 2 * (by + bh);
			} else {
				int worst = 0;
				for (int k = 1; k < LT_OCR_INK_TOP; k++)
					if (ink->top[k][1] > ink->top[worst][1])
						worst = k;
				if (2 * by < ink->top[worst][1]) {
					int *t = ink->top[worst];
					t[0] = 2 * bx, t[1] = 2 * by, t[2] = 2 * (bx + bw),
					t[3] = 2 * (by + bh);
				}
			}
		}
	}
	boxaDestroy(&boxes);
}

int lt_ocr_ink_blank(const lt_ocr_ink *ink)
{
	return ink->mask && ink->glyphs <= BLANK_MAX_GLYPHS && ink->dark <= BLANK_MAX_DARK;
}

int lt_ocr_ink_empty(const lt_ocr_ink *ink)
{
	return ink->mask && ink->dark == 0;
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
