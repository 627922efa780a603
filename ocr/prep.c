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
 * (Tesseract rescales by x-height itself), and so was binarising the grey
 * page before Tesseract (Sauvola, Otsu: worse on every variant, the tone
 * marks lost; its LSTM reads grey). Which steps are on by default, and why,
 * is measured in bench/README.md.
 */
#include "ocr/internal.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

/* OSD's confidence below which a page is left as it is: blank pages,
 * photos and tables give low, random answers; text pages score 10-30. */
#define ORIENT_MIN_CONFIDENCE 5.0f
/* Pages of at least twice this resolution are halved for OSD. */
#define OSD_MIN_DPI 120
/* Background range (grey levels) above which a page counts as unevenly lit:
 * measured on the page reduced by 2 (uneven_background), the fixtures' scans
 * measure 38-52, clean, 200 dpi and smoothed fax pages 0-10 (41-55 and 0-21
 * on the full page). */
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
 * normalising them cost CER (fax 1.71 → 1.77 %); the other way round
 * (normalising with the deciding map's parameters) changed the scans'
 * results: scan 0.24 → 0.16 % CER, but the turned scans ('rot') 0.25 →
 * 0.31 %, so it was dropped too. */
static int uneven_background(PIX *pix)
{
	PIX *half, *map = NULL;
	l_int32 lo = 0, hi = 0;
	int uneven = 0;

	if (pixGetDepth(pix) != 8 || pixGetColormap(pix))
		return 0;
	/* The map is made on the page reduced by 2 (area average), with the
	 * same 10 × 15 tiles (20 × 30 of the page): the same decision on
	 * every fixture page (scans 38-52, others 0-10) in about 40 % of
	 * the time (0.007 s instead of 0.018 s for a 300 dpi A4 page). */
	half = pixScaleAreaMap2(pix);
	if (half && pixGetBackgroundGrayMap(half, NULL, 10, 15, 100, 50, &map) == 0 && map &&
	    pixGetRangeValues(map, 1, L_SELECT_GREEN, &lo, &hi) == 0)
		uneven = hi - lo > BACKGROUND_MIN_RANGE;
	pixDestroy(&map);
	pixDestroy(&half);
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

/*
 * Deskew's rotation. Leptonica's area-map rotation of a 300 dpi A4 page
 * took 45-55 ms, the largest part of luutru's own time on a page; the same
 * rotation done as three shears with linear interpolation (Paeth: rows by
 * tan(a/2), columns by -sin(a), rows by tan(a/2), exactly the rotation)
 * takes a third of that, with the same recognition results on the fixtures
 * (bench/README.md). The shears work on the page in plain byte order
 * (Leptonica keeps 8-bit pixels most significant byte first in 32-bit
 * words), so that their loops run on 16 pixels at a time.
 */

/* Bytes per line of an 8-bit pix. */
static size_t line_bytes(PIX *pix)
{
	return (size_t)pixGetWpl(pix) * 4;
}

/* d[x] = (1 - f/256) a[x] + f/256 b[x], rounded, for x < n; blocks of 16
 * so that the compiler makes vector code of it. */
static void lerp_const(l_uint8 *restrict d, const l_uint8 *restrict a, const l_uint8 *restrict b,
                       int n, l_uint32 f)
{
	l_uint16 g = (l_uint16)(256 - f), h = (l_uint16)f;
	int x = 0;

	for (; x + 16 <= n; x += 16)
		for (int k = 0; k < 16; k++)
			d[x + k] = (l_uint8)((l_uint16)(a[x + k] * g + b[x + k] * h + 128) >> 8);
	for (; x < n; x++)
		d[x] = (l_uint8)((l_uint16)(a[x] * g + b[x] * h + 128) >> 8);
}

/* The same with a fraction per pixel, f[x] < 256. */
static void lerp_each(l_uint8 *restrict d, const l_uint8 *restrict a, const l_uint8 *restrict b,
                      const l_uint16 *restrict f, int n)
{
	int x = 0;

	for (; x + 16 <= n; x += 16)
		for (int k = 0; k < 16; k++)
			d[x + k] = (l_uint8)((l_uint16)(a[x + k] * (l_uint16)(256 - f[x + k]) +
			                                b[x + k] * f[x + k] + 128) >>
			                     8);
	for (; x < n; x++)
		d[x] =
		    (l_uint8)((l_uint16)(a[x] * (l_uint16)(256 - f[x]) + b[x] * f[x] + 128) >> 8);
}

/* o split into a whole part (*whole) and 256ths (the return, < 256). */
static l_uint32 split256(double o, int *whole)
{
	double fl = floor(o);
	long f = lround((o - fl) * 256.0);

	*whole = (int)fl;
	if (f >= 256) {
		(*whole)++;
		f = 0;
	}
	return (l_uint32)f;
}

/* dst(x, y) = src(x + k (y - cy), y), interpolated, paper (255) from
 * outside; plain byte order, the same size. */
static void shear_rows(PIX *dst, PIX *src, double k)
{
	int w = pixGetWidth(src), h = pixGetHeight(src);
	size_t sbpl = line_bytes(src), dbpl = line_bytes(dst);
	const l_uint8 *sd = (const l_uint8 *)pixGetData(src);
	l_uint8 *dd = (l_uint8 *)pixGetData(dst);
	double cy = (h - 1) / 2.0;

	for (int y = 0; y < h; y++) {
		const l_uint8 *sl = sd + (size_t)y * sbpl;
		l_uint8 *dl = dd + (size_t)y * dbpl;
		int shift, lo, hi;
		l_uint32 f = split256(k * (y - cy), &shift);

		/* x in [lo, hi) reads inside the line, the rest is paper or
		 * the line's edge. */
		lo = shift < 0 ? -shift : 0;
		hi = w - shift - 1 < w ? w - shift - 1 : w;
		if (hi < lo)
			hi = lo;
		lerp_const(dl + lo, sl + lo + shift, sl + lo + shift + 1, hi - lo, f);
		for (int x = 0; x < w; x++) {
			int sx;
			if (x == lo)
				x = hi;
			if (x >= w)
				break;
			sx = x + shift;
			dl[x] =
			    (l_uint8)((l_uint16)((sx >= 0 && sx < w ? sl[sx] : 255) * (256 - f) +
			                         (sx + 1 >= 0 && sx + 1 < w ? sl[sx + 1] : 255) *
			                             f +
			                         128) >>
			              8);
		}
	}
}

/* dst(x, y) = src(x, y + k (x - cx)), as shear_rows; -1 for lack of
 * memory. Along a line the source row changes every 1/k pixels: each run
 * of one row is one lerp_each. */
static int shear_columns(PIX *dst, PIX *src, double k)
{
	int w = pixGetWidth(src), h = pixGetHeight(src);
	size_t sbpl = line_bytes(src), dbpl = line_bytes(dst);
	const l_uint8 *sd = (const l_uint8 *)pixGetData(src);
	l_uint8 *dd = (l_uint8 *)pixGetData(dst);
	int *rows = malloc((size_t)w * sizeof(*rows));
	l_uint16 *frac = malloc((size_t)w * sizeof(*frac));
	double cx = (w - 1) / 2.0;

	if (!rows || !frac) {
		free(rows);
		free(frac);
		return -1;
	}
	for (int x = 0; x < w; x++)
		frac[x] = (l_uint16)split256(k * (x - cx), &rows[x]);
	for (int y = 0; y < h; y++) {
		l_uint8 *dl = dd + (size_t)y * dbpl;
		for (int x0 = 0, x1; x0 < w; x0 = x1) {
			int sy = y + rows[x0];
			for (x1 = x0 + 1; x1 < w && rows[x1] == rows[x0]; x1++)
				;
			if (sy >= 0 && sy + 1 < h) {
				lerp_each(dl + x0, sd + (size_t)sy * sbpl + x0,
				          sd + (size_t)(sy + 1) * sbpl + x0, frac + x0, x1 - x0);
				continue;
			}
			for (int x = x0; x < x1; x++) {
				l_uint32 p0 = sy >= 0 && sy < h ? sd[(size_t)sy * sbpl + x] : 255;
				l_uint32 p1 = sy + 1 >= 0 && sy + 1 < h
				                  ? sd[(size_t)(sy + 1) * sbpl + x]
				                  : 255;
				dl[x] = (l_uint8)((p0 * (256 - frac[x]) + p1 * frac[x] + 128) >> 8);
			}
		}
	}
	free(rows);
	free(frac);
	return 0;
}

/* An 8-bit page (no colour map) turned by rad (radians, clockwise
 * positive, as pixRotate) about its centre, the same size, paper (white)
 * brought in at the edges. */
static PIX *rotate_shear_gray(PIX *src, double rad)
{
	int w = pixGetWidth(src), h = pixGetHeight(src);
	PIX *plain = pixEndianByteSwapNew(src), *a = pixCreateNoInit(w, h, 8);
	double t = tan(rad / 2);

	if (!plain || !a) {
		pixDestroy(&plain);
		pixDestroy(&a);
		return NULL;
	}
	shear_rows(a, plain, t);
	if (shear_columns(plain, a, -sin(rad)) != 0) {
		pixDestroy(&plain);
		pixDestroy(&a);
		return NULL;
	}
	shear_rows(a, plain, t);
	pixDestroy(&plain);
	pixEndianByteSwap(a);
	pixCopyResolution(a, src);
	pixCopyInputFormat(a, src);
	return a;
}

/* Leptonica's defaults for the skew search of pixDeskew: binarisation
 * threshold, sweep over ±7° by 1° on the page reduced by 4, then a binary
 * search down to 0.01° on the page reduced by 2; an angle found with a
 * confidence below 3 is not trusted. */
#define SKEW_THRESHOLD      130
#define SKEW_SWEEP_RED      4
#define SKEW_SEARCH_RED     2
#define SKEW_SWEEP_RANGE    7.0f
#define SKEW_SWEEP_DELTA    1.0f
#define SKEW_MIN_BS_DELTA   0.01f
#define SKEW_MIN_CONFIDENCE 3.0f

int lt_ocr_prep_rotate(PIX **pix, double angle)
{
	PIX *straight;
	int d = pixGetDepth(*pix);

	if (d == 8 && !pixGetColormap(*pix))
		straight = rotate_shear_gray(*pix, angle * M_PI / 180.0);
	else
		straight = pixRotate(*pix, (float)(angle * M_PI / 180.0), L_ROTATE_AREA_MAP,
		                     L_BRING_IN_WHITE, 0, 0);
	if (!straight)
		return LT_ERR;
	swap_in(pix, straight);
	return LT_OK;
}

double lt_ocr_prep_deskew(PIX **pix, unsigned flags)
{
	l_float32 angle = 0, conf = 0;
	PIX *bin;
	int d = pixGetDepth(*pix);

	if (!(flags & LT_OCR_PREP_DESKEW))
		return 0;
	bin = d == 1 ? pixClone(*pix) : pixConvertTo1(*pix, SKEW_THRESHOLD);
	if (!bin ||
	    pixFindSkewSweepAndSearch(bin, &angle, &conf, SKEW_SWEEP_RED, SKEW_SEARCH_RED,
	                              SKEW_SWEEP_RANGE, SKEW_SWEEP_DELTA, SKEW_MIN_BS_DELTA) != 0 ||
	    fabs(angle) < DESKEW_MIN_DEGREES || conf < SKEW_MIN_CONFIDENCE) {
		pixDestroy(&bin);
		return 0;
	}
	pixDestroy(&bin);
	return lt_ocr_prep_rotate(pix, angle) == LT_OK ? angle : 0;
}

/*
 * Colour drop-out (LT_OCR_PREP_DROPOUT). A red seal stamped over the
 * signature block, and the blue ink of the signature, hide the signer's
 * title and name from Tesseract, which reads the page's luminance: red
 * and blue are as dark as print there. Seen per pixel, print is dark in
 * every channel (also where a seal was stamped over it: inks multiply),
 * a seal or a signature is bright in one channel and far from grey. The
 * page read is therefore max(R, G, B) + (max - min): black print stays
 * black, coloured ink becomes paper, grey paper stays grey. Measured on
 * pages with a seal over the signature (bench/README.md, "Seals").
 */
PIX *lt_ocr_prep_dropout(PIX *pix)
{
	PIX *hi = NULL, *spread = NULL, *out = NULL;

	if (pixGetDepth(pix) != 32)
		return NULL;
	hi = pixConvertRGBToGrayMinMax(pix, L_CHOOSE_MAX);
	spread = hi ? pixConvertRGBToGrayMinMax(pix, L_CHOOSE_MAXDIFF) : NULL;
	if (spread)
		out = pixAddGray(NULL, hi, spread); /* clipped at 255 */
	pixDestroy(&hi);
	pixDestroy(&spread);
	if (out)
		pixCopyResolution(out, pix);
	return out;
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
