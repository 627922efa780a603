/*
 * ocr/table.c — ruled tables: found by their rules, read row by row.
 *
 * Tesseract's layout analysis takes the columns of a ruled table for text
 * columns: a two-column table came back as all its labels, then all its
 * values ("Số hóa hồ sơ" far from "0,22/22"), with "|" fragments of the
 * rules and space-only lines between. Here, before recognition:
 *
 *   1. the rules are found on the page's ink (ink.c, half resolution):
 *      horizontal runs of at least H_RULE_MM, vertical runs of at least
 *      V_RULE_MM (morphological openings, Leptonica); letters are far
 *      shorter, a letter's underline has no vertical rules;
 *   2. a table is a connected piece of rules holding at least two
 *      horizontal and two vertical rules (a grid); its row and column
 *      boundaries are the rules' positions;
 *   3. the rules are painted over in paper in the image Tesseract reads,
 *      so they are neither read as "|" nor joined to the letters.
 *
 * After recognition (lt_ocr_tables_order) every word whose centre lies in
 * a table is put in its cell, and the table's words are written where the
 * table begins in the page: row by row, cell by cell, each cell's lines in
 * order, one line per cell line, with a blank line before and after. The
 * page text (layout.c), the searchable PDF's text layer (spdf.c) and so
 * the search snippets all read the table that way.
 */
#include "ocr/internal.h"

#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

#define H_RULE_MM 30.0
#define V_RULE_MM 10.0
/* Smallest table: this wide and this high. */
#define TABLE_MIN_W_MM 40.0
#define TABLE_MIN_H_MM 8.0
/* Rules nearer than this are one rule (a double line). */
#define RULE_MERGE_MM 1.5

void lt_ocr_tables_free(lt_ocr_tables *tables)
{
	for (size_t i = 0; i < tables->n; i++) {
		free(tables->t[i].xs);
		free(tables->t[i].ys);
	}
	free(tables->t);
	memset(tables, 0, sizeof(*tables));
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* The centres of the rules of lines (one box each) inside box, along x
 * (vertical rules) or y, merged when nearer than merge; into *out, sorted.
 * Returns how many. */
static int rule_positions(BOXA *lines, BOX *box, int vertical, int merge, int scale, int **out)
{
	l_int32 bx, by, bw, bh;
	int n = boxaGetCount(lines), k = 0, *pos = malloc((size_t)(n > 0 ? n : 1) * sizeof(int));

	*out = NULL;
	if (!pos)
		return 0;
	boxGetGeometry(box, &bx, &by, &bw, &bh);
	for (int i = 0; i < n; i++) {
		l_int32 x, y, w, h;
		if (boxaGetBoxGeometry(lines, i, &x, &y, &w, &h) != 0)
			continue;
		if (x < bx || y < by || x + w > bx + bw || y + h > by + bh)
			continue;
		pos[k++] = vertical ? x + w / 2 : y + h / 2;
	}
	qsort(pos, (size_t)k, sizeof(int), cmp_int);
	{
		int m = 0;
		for (int i = 0; i < k; i++)
			if (m == 0 || pos[i] - pos[m - 1] > merge)
				pos[m++] = pos[i];
		k = m;
	}
	for (int i = 0; i < k; i++)
		pos[i] *= scale;
	*out = pos;
	return k;
}

PIX *lt_ocr_tables_find(PIX *pix, const lt_ocr_ink *ink, lt_ocr_tables *out)
{
	PIX *hor = NULL, *ver = NULL, *rules = NULL, *read = NULL;
	BOXA *hb = NULL, *vb = NULL, *tb = NULL;
	double per_mm;
	int n;

	memset(out, 0, sizeof(*out));
	if (!ink->mask || pixGetDepth(pix) != 8)
		return NULL;
	per_mm = ink->dpi / 2 / 25.4;
	hor = pixOpenBrick(NULL, ink->mask, (l_int32)(H_RULE_MM * per_mm), 1);
	ver = hor ? pixOpenBrick(NULL, ink->mask, 1, (l_int32)(V_RULE_MM * per_mm)) : NULL;
	rules = ver ? pixOr(NULL, hor, ver) : NULL;
	if (!rules)
		goto done;
	{
		l_int32 empty = 1;
		pixZero(ver, &empty);
		if (empty)
			goto done; /* no vertical rule: no ruled table */
	}
	hb = pixConnCompBB(hor, 8);
	vb = pixConnCompBB(ver, 8);
	tb = pixConnCompBB(rules, 8);
	n = tb ? boxaGetCount(tb) : 0;
	for (int i = 0; hb && vb && i < n; i++) {
		BOX *box = boxaGetBox(tb, i, L_CLONE);
		l_int32 bx, by, bw, bh;
		lt_ocr_table t;

		memset(&t, 0, sizeof(t));
		boxGetGeometry(box, &bx, &by, &bw, &bh);
		if (bw >= TABLE_MIN_W_MM * per_mm && bh >= TABLE_MIN_H_MM * per_mm) {
			int merge = (int)(RULE_MERGE_MM * per_mm) + 1;
			t.ny = rule_positions(hb, box, 0, merge, 2, &t.ys);
			t.nx = rule_positions(vb, box, 1, merge, 2, &t.xs);
		}
		boxDestroy(&box);
		if (t.nx >= 2 && t.ny >= 2) {
			lt_ocr_table *grown = realloc(out->t, (out->n + 1) * sizeof(*grown));
			if (grown) {
				t.left = 2 * bx;
				t.top = 2 * by;
				t.right = 2 * (bx + bw);
				t.bottom = 2 * (by + bh);
				out->t = grown;
				out->t[out->n++] = t;
				continue;
			}
		}
		free(t.xs);
		free(t.ys);
	}
	if (out->n) {
		/* The rules, a little thicker, at the page's resolution, painted
		 * over in paper. */
		PIX *thick = pixDilateBrick(NULL, rules, 5, 5);
		PIX *full = thick ? pixExpandBinaryReplicate(thick, 2, 2) : NULL;
		read = full ? pixCopy(NULL, pix) : NULL;
		if (read && pixPaintThroughMask(read, full, 0, 0, (l_uint32)ink->paper) != 0)
			pixDestroy(&read);
		pixDestroy(&thick);
		pixDestroy(&full);
		if (!read)
			lt_ocr_tables_free(out);
	}
done:
	boxaDestroy(&hb);
	boxaDestroy(&vb);
	boxaDestroy(&tb);
	pixDestroy(&hor);
	pixDestroy(&ver);
	pixDestroy(&rules);
	return read;
}

/* Index of the band [pos[i], pos[i + 1]) holding v, -1 outside. */
static int band(const int *pos, int n, int v)
{
	for (int i = 0; i + 1 < n; i++)
		if (v >= pos[i] && v < pos[i + 1])
			return i;
	return -1;
}

/* Sort key of a table word: table, row, column, line, position. */
typedef struct placed {
	size_t word, line;
	int table, row, col;
} placed;

static int cmp_placed(const void *a, const void *b)
{
	const placed *x = a, *y = b;
	if (x->table != y->table)
		return x->table - y->table;
	if (x->row != y->row)
		return x->row - y->row;
	if (x->col != y->col)
		return x->col - y->col;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->word < y->word ? -1 : x->word > y->word;
}

/* Rule remnants at a word's ends ("2_", "|Hộ"): the rules were painted
 * over, their last pixels can still be read. */
static int remnant(char c)
{
	return c == '|' || c == '_' || c == '[' || c == ']' || c == '!';
}

/* Append a copy of word i of src to dst; in_table: rule remnants at its
 * ends trimmed, and nothing appended (1 returned) when nothing is left. */
static int take_word(lt_ocr_words *dst, const lt_ocr_words *src, size_t i, int in_table)
{
	const char *t = src->w[i].text;
	size_t a = 0, b = strlen(t);
	char *text;

	while (in_table && a < b && remnant(t[a]))
		a++;
	while (in_table && b > a && remnant(t[b - 1]))
		b--;
	if (a == b && in_table)
		return 1;

	if (lt_ocr_grow((void **)&dst->w, &dst->capw, dst->nw, sizeof(*dst->w)) != 0 ||
	    !(text = strndup(t + a, b - a)))
		return -1;
	dst->w[dst->nw] = src->w[i];
	dst->w[dst->nw++].text = text;
	return 0;
}

/* Start a new line in dst, copying the baseline of src line l. */
static int start_line(lt_ocr_words *dst, const lt_ocr_line *l, int para, int table)
{
	lt_ocr_line *ln;

	if (lt_ocr_grow((void **)&dst->l, &dst->capl, dst->nl, sizeof(*dst->l)) != 0)
		return -1;
	ln = &dst->l[dst->nl++];
	memset(ln, 0, sizeof(*ln));
	ln->first = dst->nw;
	ln->para = para;
	ln->table = table;
	ln->has_base = l->has_base;
	ln->base_x1 = l->base_x1;
	ln->base_y1 = l->base_y1;
	ln->base_x2 = l->base_x2;
	ln->base_y2 = l->base_y2;
	return 0;
}

int lt_ocr_tables_order(lt_ocr_words *pw, const lt_ocr_tables *tables)
{
	placed *pl = calloc(pw->nw ? pw->nw : 1, sizeof(*pl));
	size_t *line_of = calloc(pw->nw ? pw->nw : 1, sizeof(*line_of));
	unsigned char *done = calloc(tables->n ? tables->n : 1, 1);
	lt_ocr_words out;
	size_t np = 0;
	int used = 0, fail = 0, after_table = 0;

	memset(&out, 0, sizeof(out));
	if (!pl || !line_of || !done)
		goto fail;
	for (size_t l = 0; l < pw->nl; l++)
		for (size_t k = 0; k < pw->l[l].n; k++)
			line_of[pw->l[l].first + k] = l;
	for (size_t i = 0; i < pw->nw; i++) {
		lt_ocr_word *w = &pw->w[i];
		int cx = (w->left + w->right) / 2, cy = (w->top + w->bottom) / 2;
		w->cell = -1;
		for (size_t t = 0; t < tables->n; t++) {
			const lt_ocr_table *tb = &tables->t[t];
			int r = band(tb->ys, tb->ny, cy), c = band(tb->xs, tb->nx, cx);
			if (r < 0 || c < 0)
				continue;
			w->cell = (int)t;
			pl[np].word = i;
			pl[np].line = line_of[i];
			pl[np].table = (int)t;
			pl[np].row = r;
			pl[np].col = c;
			np++;
			break;
		}
	}
	if (np == 0)
		goto keep;
	qsort(pl, np, sizeof(*pl), cmp_placed);
	for (size_t l = 0; l < pw->nl && !fail; l++) {
		const lt_ocr_line *ln = &pw->l[l];
		int started = 0;

		for (size_t k = 0; k < ln->n && !fail; k++) {
			size_t i = ln->first + k;
			int t = pw->w[i].cell;

			if (t >= 0) {
				size_t a = 0;
				if (done[t])
					continue;
				done[t] = 1;
				used++;
				/* The whole table here, one line per cell line. */
				while (a < np && pl[a].table != t)
					a++;
				for (size_t b = a; b < np && pl[b].table == t && !fail; b++) {
					int r;
					/* a new line per cell line; a line left empty
					 * (only rule remnants) is used again */
					if ((b == a || pl[b].row != pl[b - 1].row ||
					     pl[b].col != pl[b - 1].col ||
					     pl[b].line != pl[b - 1].line) &&
					    (b == a || out.l[out.nl - 1].n > 0))
						fail =
						    start_line(&out, &pw->l[pl[b].line], b == a, 1);
					if (fail)
						break;
					r = take_word(&out, pw, pl[b].word, 1);
					if (r < 0)
						fail = -1;
					else if (r == 0)
						out.l[out.nl - 1].n++;
				}
				started = 0;
				after_table = 1;
				continue;
			}
			if (!started) {
				fail = start_line(&out, ln, ln->para || after_table, 0);
				started = 1;
				after_table = 0;
			}
			if (!fail)
				fail = take_word(&out, pw, i, 0);
			if (!fail)
				out.l[out.nl - 1].n++;
		}
	}
	if (fail)
		goto fail;
	lt_ocr_words_free(pw);
	*pw = out;
	lt_ocr_words_measure(pw);
	free(pl);
	free(line_of);
	free(done);
	return used;
fail:
	lt_ocr_words_free(&out);
keep:
	free(pl);
	free(line_of);
	free(done);
	return 0;
}
