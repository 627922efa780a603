/*
 * ocr/layout.c — the page text from Tesseract's words, in reading order.
 *
 * Tesseract's own text (TessBaseAPIGetUTF8Text) reads side-by-side blocks
 * of a Vietnamese administrative letter row by row: the header holds the
 * agency's name on the left and the national motto on the right, and the
 * foot holds "Nơi nhận:" (recipients) on the left and the signature on the
 * right. Row by row, "UBND TỈNH BÌNH THUẬN" is followed by "CỘNG HÒA XÃ HỘI
 * CHỦ NGHĨA VIỆT NAM", which breaks phrase search and costs about 3 % CER
 * on every first page (bench/README.md). The layout as written is: left
 * block, then right block.
 *
 * So the text is rebuilt from the words (same words, same confidences):
 *
 *   1. Lines: words in Tesseract's order, a new line at each text line,
 *      a blank line before each paragraph (as GetUTF8Text).
 *   2. A line is *split* when its widest gap between two words is wider
 *      than GUTTER_MIN_HEIGHTS × the line's height (justified body text
 *      stays far below). The gap is the region's gutter.
 *   3. A two-column region starts at a split line and goes on while each
 *      next line is split across the same gutter, or lies wholly on one
 *      side of it (a left-only or right-only line). A line crossing the
 *      gutter (body text) ends it.
 *   4. A region is written as all its left parts, then all its right parts.
 *
 * Anything else keeps Tesseract's order. When the words cannot be read
 * (iterator missing), the caller falls back to GetUTF8Text.
 *
 * The words are read once per page (lt_ocr_words_read) and serve the
 * upright test (engine.c) and the searchable PDF's text layer (spdf.c) as
 * well: each walk of Tesseract's result iterator costs 10-20 ms a page.
 */
#include "ocr/internal.h"

#include <stdlib.h>
#include <string.h>

#include <tesseract/capi.h>

/* Widest gap, in line heights, that still reads as one line: body text gaps
 * measure up to 0.5 line heights on the fixtures, the header gutter 1.7 and
 * more. */
#define GUTTER_MIN_HEIGHTS 1.5

int lt_ocr_grow(void **v, size_t *cap, size_t n, size_t size)
{
	void *nv;
	size_t ncap;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 64;
	nv = realloc(*v, ncap * size);
	if (!nv)
		return -1;
	*v = nv;
	*cap = ncap;
	return 0;
}

void lt_ocr_words_free(lt_ocr_words *pw)
{
	for (size_t i = 0; i < pw->nw; i++)
		free(pw->w[i].text);
	free(pw->w);
	free(pw->l);
	memset(pw, 0, sizeof(*pw));
}

/* Lines left without words (a stray mark alone) go; a paragraph start
 * passes to the next line. */
static void drop_empty_lines(lt_ocr_words *pw)
{
	size_t k = 0;
	int para = 0;

	for (size_t i = 0; i < pw->nl; i++) {
		if (pw->l[i].n == 0) {
			para |= pw->l[i].para;
			continue;
		}
		pw->l[k] = pw->l[i];
		pw->l[k].para |= para && k > 0;
		para = 0;
		k++;
	}
	pw->nl = k;
}

/* A new line at the iterator's position, with its baseline. */
static int new_line(lt_ocr_words *pw, const TessPageIterator *pi)
{
	lt_ocr_line *ln;

	if (lt_ocr_grow((void **)&pw->l, &pw->capl, pw->nl, sizeof(*pw->l)) != 0)
		return -1;
	ln = &pw->l[pw->nl++];
	memset(ln, 0, sizeof(*ln));
	ln->first = pw->nw;
	ln->para = pw->nl > 1 && TessPageIteratorIsAtBeginningOf(pi, RIL_PARA);
	ln->has_base = TessPageIteratorBaseline(pi, RIL_TEXTLINE, &ln->base_x1, &ln->base_y1,
	                                        &ln->base_x2, &ln->base_y2) != 0;
	return 0;
}

int lt_ocr_words_read(TessBaseAPI *api, lt_ocr_words *pw)
{
	TessResultIterator *ri = TessBaseAPIGetIterator(api);
	const TessPageIterator *pi;
	int rc = 0;

	memset(pw, 0, sizeof(*pw));
	if (!ri)
		return -1;
	pi = TessResultIteratorGetPageIteratorConst(ri);
	do {
		char *t = TessResultIteratorGetUTF8Text(ri, RIL_WORD);
		lt_ocr_word *w;

		if (!t)
			continue;
		if ((TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE) || pw->nl == 0) &&
		    new_line(pw, pi) != 0) {
			TessDeleteText(t);
			rc = -1;
			break;
		}
		if (lt_ocr_grow((void **)&pw->w, &pw->capw, pw->nw, sizeof(*pw->w)) != 0 ||
		    !(pw->w[pw->nw].text = strdup(t))) {
			TessDeleteText(t);
			rc = -1;
			break;
		}
		TessDeleteText(t);
		w = &pw->w[pw->nw];
		if (lt_ocr_is_stray_mark(w->text)) {
			/* a tone mark read apart from its letter: not a word */
			free(w->text);
			continue;
		}
		pw->nw++;
		w->letters = (unsigned)lt_ocr_count_letters(w->text, strlen(w->text));
		w->dict = TessResultIteratorWordIsFromDictionary(ri) != 0;
		{
			float c = TessResultIteratorConfidence(ri, RIL_WORD);
			w->conf = c < 0 ? 0 : c > 100 ? 100 : (int)(c + 0.5f);
		}
		w->cell = -1;
		if (!TessPageIteratorBoundingBox(pi, RIL_WORD, &w->left, &w->top, &w->right,
		                                 &w->bottom))
			w->left = w->top = w->right = w->bottom = 0;
		pw->l[pw->nl - 1].n++;
	} while (TessResultIteratorNext(ri, RIL_WORD));
	TessResultIteratorDelete(ri);
	if (rc != 0) {
		lt_ocr_words_free(pw);
		return rc;
	}
	drop_empty_lines(pw);
	lt_ocr_words_measure(pw);
	return rc;
}

int lt_ocr_words_prepend_line(lt_ocr_words *pw, const char *text, int left, int top, int right,
                              int bottom, int conf)
{
	lt_ocr_word w;

	if (lt_ocr_grow((void **)&pw->w, &pw->capw, pw->nw, sizeof(*pw->w)) != 0 ||
	    lt_ocr_grow((void **)&pw->l, &pw->capl, pw->nl, sizeof(*pw->l)) != 0)
		return -1;
	memset(&w, 0, sizeof(w));
	if (!(w.text = strdup(text)))
		return -1;
	w.left = left, w.top = top, w.right = right, w.bottom = bottom;
	w.conf = conf;
	w.cell = -1;
	w.letters = (unsigned)lt_ocr_count_letters(text, strlen(text));
	memmove(pw->w + 1, pw->w, pw->nw * sizeof(*pw->w));
	pw->w[0] = w;
	pw->nw++;
	memmove(pw->l + 1, pw->l, pw->nl * sizeof(*pw->l));
	memset(&pw->l[0], 0, sizeof(pw->l[0]));
	pw->l[0].n = 1;
	pw->nl++;
	for (size_t i = 1; i < pw->nl; i++)
		pw->l[i].first++;
	pw->l[1].para = 1;
	return 0;
}

/* Extent, height and widest gap of each line (step 2). */
void lt_ocr_words_measure(lt_ocr_words *pw)
{
	for (size_t i = 0; i < pw->nl; i++) {
		lt_ocr_line *ln = &pw->l[i];
		int top = 0, bottom = 0, widest = 0;

		for (size_t k = 0; k < ln->n; k++) {
			const lt_ocr_word *w = &pw->w[ln->first + k];
			if (k == 0 || w->left < ln->left)
				ln->left = w->left;
			if (k == 0 || w->right > ln->right)
				ln->right = w->right;
			if (k == 0 || w->top < top)
				top = w->top;
			if (k == 0 || w->bottom > bottom)
				bottom = w->bottom;
			if (k > 0) {
				int gap = w->left - pw->w[ln->first + k - 1].right;
				if (gap > widest) {
					widest = gap;
					ln->split = (int)k;
					ln->gap_left = pw->w[ln->first + k - 1].right;
					ln->gap_right = w->left;
				}
			}
		}
		ln->bottom = bottom;
		ln->height = bottom - top;
		if (ln->table || ln->height <= 0 ||
		    widest <= GUTTER_MIN_HEIGHTS * (double)ln->height)
			ln->split = 0;
	}
}

static void put_words(lt_buf *out, const lt_ocr_words *pw, const lt_ocr_line *ln, size_t from,
                      size_t to)
{
	for (size_t k = from; k < to; k++) {
		if (k > from)
			lt_buf_putc(out, ' ');
		lt_buf_puts(out, pw->w[ln->first + k].text);
	}
	lt_buf_putc(out, '\n');
}

/* Side of line ln against the gutter [gl, gr]: 'L', 'R', 'S' (split across
 * it) or 0 (crosses it: the region ends). */
static int side(const lt_ocr_line *ln, int gl, int gr)
{
	if (ln->table)
		return 0;
	if (ln->split && ln->gap_left <= gr && ln->gap_right >= gl)
		return 'S';
	if (ln->right <= gr && ln->left < gl)
		return 'L';
	if (ln->left >= gl && ln->right > gr)
		return 'R';
	return 0;
}

char *lt_ocr_layout_text(const lt_ocr_words *pw)
{
	lt_buf out = LT_BUF_INIT;
	size_t i = 0;

	while (i < pw->nl) {
		const lt_ocr_line *ln = &pw->l[i];
		size_t end = i + 1;
		int gl, gr;

		if (ln->para && out.len > 0)
			lt_buf_putc(&out, '\n');
		if (!ln->split) {
			put_words(&out, pw, ln, 0, ln->n);
			i++;
			continue;
		}
		/* A two-column region from line i (step 3). */
		gl = ln->gap_left;
		gr = ln->gap_right;
		while (end < pw->nl && side(&pw->l[end], gl, gr))
			end++;
		for (size_t k = i; k < end; k++) {
			const lt_ocr_line *x = &pw->l[k];
			int s = side(x, gl, gr);
			if (s == 'S')
				put_words(&out, pw, x, 0, (size_t)x->split);
			else if (s == 'L')
				put_words(&out, pw, x, 0, x->n);
		}
		for (size_t k = i; k < end; k++) {
			const lt_ocr_line *x = &pw->l[k];
			int s = side(x, gl, gr);
			if (s == 'S')
				put_words(&out, pw, x, (size_t)x->split, x->n);
			else if (s == 'R')
				put_words(&out, pw, x, 0, x->n);
		}
		i = end;
	}
	return lt_buf_detach(&out);
}
