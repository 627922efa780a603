/*
 * bench/ocr_score.c — score recognised text against ground truth, the way
 * the fixtures' README asks (scans/README.md, "Scoring conventions").
 *
 *   ocr_score GT HYP
 *
 * Both texts: NFC, every run of whitespace to one space, ends stripped.
 * Prints one tab-separated line:
 *
 *   gt_chars char_edits gt_words word_edits fold_edits bow_missing \
 *   of_edits of_chars
 *
 * char_edits   Levenshtein distance on code points (CER = edits / chars)
 * word_edits   the same on space-separated words (WER)
 * fold_edits   char distance between the folded forms (lt_text_fold:
 *              lower case, no diacritics, đ → d) — what search matching
 *              sees
 * bow_missing  ground-truth words (as a multiset) absent from the output:
 *              an order-insensitive figure, so reading-order differences
 *              (the two-column letter header) are told apart from
 *              recognition errors
 * of_edits     order-free character edits over of_chars, the characters
 *              of the ground truth's non-empty lines: each ground-truth
 *              line is matched to its closest stretch of the output
 *              (edit distance with free start and end in the output,
 *              Sellers), longest lines first, a matched stretch taken
 *              out of the output for the lines after it; then every
 *              output character (spaces aside) that no line matched
 *              counts as one more edit (junk such as "|" fragments of a
 *              table's rules). CER that does not care in which order
 *              blocks are read, but does care what is read.
 *
 * Sums over pages are made by bench/ocr_bench.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/text.h"

static char *read_all(const char *path)
{
	lt_buf b = LT_BUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f) {
		perror(path);
		exit(2);
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		lt_buf_append(&b, chunk, n);
	fclose(f);
	return lt_buf_detach(&b);
}

/* NFC (or folded), whitespace collapsed, as code points. */
static size_t prepare(const char *raw, int fold, uint32_t **out)
{
	lt_buf norm = LT_BUF_INIT;
	const unsigned char *p;
	uint32_t *cp;
	size_t n = 0;
	int space = 0;

	if ((fold ? lt_text_fold(&norm, raw, LT_TEXT_STRLEN, NULL)
	          : lt_text_nfc(&norm, raw, LT_TEXT_STRLEN, NULL)) != LT_OK) {
		fprintf(stderr, "ocr_score: invalid UTF-8\n");
		exit(2);
	}
	cp = malloc((norm.len + 1) * sizeof(*cp));
	p = (const unsigned char *)lt_buf_cstr(&norm);
	while (*p) {
		uint32_t c;
		int len = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3 : 4;
		c = len == 1   ? *p
		    : len == 2 ? (*p & 0x1fu)
		    : len == 3 ? (*p & 0x0fu)
		               : (*p & 0x07u);
		for (int i = 1; i < len && p[i]; i++)
			c = (c << 6) | (p[i] & 0x3fu);
		for (int i = 0; i < len && *p; i++)
			p++;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			space = n > 0;
			continue;
		}
		if (space)
			cp[n++] = ' ';
		space = 0;
		cp[n++] = c;
	}
	lt_buf_free(&norm);
	*out = cp;
	return n;
}

/* Levenshtein distance between a[0..na) and b[0..nb) of fixed-size items. */
static size_t distance(const void *a, size_t na, const void *b, size_t nb, size_t size)
{
	size_t *prev = malloc((nb + 1) * sizeof(size_t)), *cur = malloc((nb + 1) * sizeof(size_t));
	size_t d;

	for (size_t j = 0; j <= nb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= na; i++) {
		const char *ai = (const char *)a + (i - 1) * size;
		size_t *t;
		cur[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t sub =
			    prev[j - 1] + (memcmp(ai, (const char *)b + (j - 1) * size, size) != 0);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			size_t m = sub < del ? sub : del;
			cur[j] = m < ins ? m : ins;
		}
		t = prev, prev = cur, cur = t;
	}
	d = prev[nb];
	free(prev);
	free(cur);
	return d;
}

/* Words as 64-bit hashes of their code points (FNV-1a). */
static size_t words(const uint32_t *cp, size_t n, uint64_t **out)
{
	uint64_t *w = malloc((n / 2 + 2) * sizeof(*w)), h = 0;
	size_t count = 0;
	int in_word = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i == n || cp[i] == ' ') {
			if (in_word)
				w[count++] = h;
			in_word = 0;
			continue;
		}
		if (!in_word)
			h = 1469598103934665603ull;
		in_word = 1;
		h = (h ^ cp[i]) * 1099511628211ull;
	}
	*out = w;
	return count;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Ground-truth words (multiset) not found in the output. */
static size_t bow_missing(uint64_t *gt, size_t ngt, uint64_t *hyp, size_t nhyp)
{
	size_t i = 0, j = 0, missing = 0;

	qsort(gt, ngt, sizeof(*gt), cmp_u64);
	qsort(hyp, nhyp, sizeof(*hyp), cmp_u64);
	while (i < ngt) {
		if (j < nhyp && hyp[j] < gt[i]) {
			j++;
		} else if (j < nhyp && hyp[j] == gt[i]) {
			i++, j++;
		} else {
			missing++, i++;
		}
	}
	return missing;
}

/* Ground-truth lines as code points, each prepared like the whole text. */
typedef struct gt_line {
	uint32_t *cp;
	size_t n;
} gt_line;

static int cmp_line_len(const void *a, const void *b)
{
	const gt_line *x = a, *y = b;
	return x->n < y->n ? 1 : x->n > y->n ? -1 : 0;
}

/* Taken-out output characters match nothing. */
#define TAKEN 0xffffffffu

/* Closest stretch of hyp to line (Sellers: free start and end in hyp);
 * its edits, and the stretch [*from, *to). */
static size_t closest_stretch(const uint32_t *line, size_t nl, const uint32_t *hyp, size_t nh,
                              size_t *from, size_t *to)
{
	size_t *prev = malloc((nl + 1) * sizeof(size_t)), *cur = malloc((nl + 1) * sizeof(size_t));
	size_t *pst = malloc((nl + 1) * sizeof(size_t)), *cst = malloc((nl + 1) * sizeof(size_t));
	size_t best = nl, best_end = 0, best_start = 0;

	/* Column-wise over hyp: prev[i] = edits of line[0..i) ending at hyp j. */
	for (size_t i = 0; i <= nl; i++)
		prev[i] = i, pst[i] = 0;
	for (size_t j = 1; j <= nh; j++) {
		cur[0] = 0, cst[0] = j;
		for (size_t i = 1; i <= nl; i++) {
			size_t sub =
			    prev[i - 1] + (hyp[j - 1] == TAKEN || hyp[j - 1] != line[i - 1]);
			size_t del = cur[i - 1] + 1, ins = prev[i] + 1;
			if (sub <= del && sub <= ins)
				cur[i] = sub, cst[i] = pst[i - 1];
			else if (del <= ins)
				cur[i] = del, cst[i] = cst[i - 1];
			else
				cur[i] = ins, cst[i] = pst[i];
		}
		if (cur[nl] < best) {
			best = cur[nl];
			best_end = j;
			best_start = cst[nl];
		}
		{
			size_t *t = prev;
			prev = cur, cur = t;
			t = pst, pst = cst, cst = t;
		}
	}
	*from = best_start;
	*to = best_end;
	free(prev), free(cur), free(pst), free(cst);
	return best;
}

static void order_free(const char *gt_raw, const uint32_t *hyp0, size_t nh, size_t *edits,
                       size_t *chars)
{
	uint32_t *hyp = malloc((nh + 1) * sizeof(*hyp));
	unsigned char *used = calloc(nh + 1, 1);
	gt_line *lines = NULL;
	size_t nlines = 0, cap = 0;
	const char *s = gt_raw;

	memcpy(hyp, hyp0, nh * sizeof(*hyp));
	*edits = *chars = 0;
	while (*s) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		char *one = malloc(len + 1);
		gt_line ln;

		memcpy(one, s, len);
		one[len] = '\0';
		ln.n = prepare(one, 0, &ln.cp);
		free(one);
		if (ln.n > 0) {
			if (nlines == cap) {
				cap = cap ? 2 * cap : 64;
				lines = realloc(lines, cap * sizeof(*lines));
			}
			lines[nlines++] = ln;
		} else {
			free(ln.cp);
		}
		s = e ? e + 1 : s + len;
	}
	qsort(lines, nlines, sizeof(*lines), cmp_line_len);
	for (size_t k = 0; k < nlines; k++) {
		size_t from = 0, to = 0;
		*edits += closest_stretch(lines[k].cp, lines[k].n, hyp, nh, &from, &to);
		*chars += lines[k].n;
		for (size_t j = from; j < to; j++) {
			hyp[j] = TAKEN;
			used[j] = 1;
		}
		free(lines[k].cp);
	}
	for (size_t j = 0; j < nh; j++)
		if (!used[j] && hyp0[j] != ' ')
			(*edits)++;
	free(lines);
	free(hyp);
	free(used);
}

int main(int argc, char **argv)
{
	char *gt_raw, *hyp_raw;
	uint32_t *gt, *hyp, *gtf, *hypf;
	uint64_t *gtw, *hypw;
	size_t ngt, nhyp, ngtf, nhypf, ngtw, nhypw;
	size_t char_edits, word_edits, fold_edits, of_edits, of_chars;

	if (argc != 3) {
		fprintf(stderr, "usage: ocr_score GT HYP\n");
		return 2;
	}
	gt_raw = read_all(argv[1]);
	hyp_raw = read_all(argv[2]);
	ngt = prepare(gt_raw, 0, &gt);
	nhyp = prepare(hyp_raw, 0, &hyp);
	ngtf = prepare(gt_raw, 1, &gtf);
	nhypf = prepare(hyp_raw, 1, &hypf);
	char_edits = distance(gt, ngt, hyp, nhyp, sizeof(uint32_t));
	fold_edits = distance(gtf, ngtf, hypf, nhypf, sizeof(uint32_t));
	ngtw = words(gt, ngt, &gtw);
	nhypw = words(hyp, nhyp, &hypw);
	word_edits = distance(gtw, ngtw, hypw, nhypw, sizeof(uint64_t));
	order_free(gt_raw, hyp, nhyp, &of_edits, &of_chars);
	printf("%zu\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu\n", ngt, char_edits, ngtw, word_edits,
	       fold_edits, bow_missing(gtw, ngtw, hypw, nhypw), of_edits, of_chars);
	free(gt_raw), free(hyp_raw), free(gt), free(hyp), free(gtf), free(hypf);
	free(gtw), free(hypw);
	return 0;
}
