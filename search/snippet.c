/* search/snippet.c — see snippet.h. */
#include "search/snippet.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "indexer/terms.h"

/* Enough to place a window well in any record; more add nothing. */
#define MAX_MATCHES 4096

typedef struct match {
	size_t offset, len; /* bytes in the text */
	size_t cpos;        /* character index of offset */
	size_t word;        /* which query word */
	size_t ord;         /* which word of the text */
} match;

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_cont(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

static size_t count_chars(const char *s, size_t a, size_t b)
{
	size_t n = 0;
	for (size_t i = a; i < b; i++)
		n += !is_cont(s[i]);
	return n;
}

/* Which query word text word w matches, or (size_t)-1. */
static size_t match_word(const char *w, size_t wlen, const lt_snippet_word *words, size_t nwords,
                         int need_exact, lt_buf *folded, lt_buf *exact)
{
	int have_exact = 0, plain = 0;

	lt_buf_reset(folded);
	if (lt_text_fold(folded, w, wlen, NULL))
		return (size_t)-1;
	for (size_t i = 0; i < nwords; i++) {
		const lt_snippet_word *q = &words[i];
		if (q->wildcard) {
			size_t pl = strlen(q->folded);
			if (folded->len >= pl && memcmp(folded->data, q->folded, pl) == 0)
				return i;
			continue;
		}
		if (strcmp(folded->data, q->folded) != 0)
			continue;
		if (!q->accented)
			return i;
		if (!need_exact)
			continue;
		if (!have_exact) {
			lt_buf_reset(exact);
			if (lt_text_exact(exact, w, wlen, NULL))
				return (size_t)-1;
			plain = !lt_text_has_diacritics(w, wlen);
			have_exact = 1;
		}
		/* The same accented word, or the word written without any
		 * diacritics — exactly what the index query matches. */
		if (plain || strcmp(exact->data, q->exact) == 0)
			return i;
	}
	return (size_t)-1;
}

static int find_matches(match **out, size_t *n, const char *text, size_t len,
                        const lt_snippet_word *words, size_t nwords)
{
	lt_buf folded = LT_BUF_INIT, exact = LT_BUF_INIT;
	lt_text_iter it;
	match *m = NULL;
	size_t cap = 0, last = 0, cpos = 0, ord = 0;
	int need_exact = 0, rc = 0;

	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < nwords; i++)
		need_exact |= words[i].accented;
	lt_text_iter_init(&it, text, len);
	while (*n < MAX_MATCHES && lt_text_iter_next(&it)) {
		size_t qi;
		ord++;
		if (it.word_len > LT_TERMS_WORD_MAX)
			continue;
		qi = match_word(it.word, it.word_len, words, nwords, need_exact, &folded, &exact);
		if (qi == (size_t)-1)
			continue;
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			match *nm = realloc(m, ncap * sizeof(*nm));
			if (!nm) {
				rc = LT_ENOMEM;
				break;
			}
			m = nm;
			cap = ncap;
		}
		cpos += count_chars(text, last, it.offset);
		last = it.offset;
		m[*n].offset = it.offset;
		m[*n].len = it.word_len;
		m[*n].cpos = cpos;
		m[*n].word = qi;
		m[*n].ord = ord;
		(*n)++;
	}
	lt_buf_free(&folded);
	lt_buf_free(&exact);
	if (rc) {
		free(m);
		*n = 0;
		return rc;
	}
	*out = m;
	return 0;
}

/* Keep a phrase word's match only inside a whole occurrence of its
 * phrase: matches of positions 0..len-1 of that phrase on consecutive
 * words of the text. */
static void keep_whole_phrases(match *m, size_t *n, const lt_snippet_word *words)
{
	unsigned char *keep;
	size_t k = 0;

	if (*n == 0)
		return;
	keep = calloc(*n, 1);
	if (!keep)
		return;
	for (size_t i = 0; i < *n; i++) {
		const lt_snippet_word *w = &words[m[i].word];
		size_t len = w->phrase_len, j;
		if (len <= 1) {
			keep[i] = 1;
			continue;
		}
		if (w->phrase_pos != 0 || i + len > *n)
			continue;
		for (j = 1; j < len; j++) {
			const lt_snippet_word *v = &words[m[i + j].word];
			if (m[i + j].ord != m[i].ord + j || v->phrase_len != len ||
			    v->phrase_pos != j || m[i + j].word != m[i].word + j)
				break;
		}
		if (j == len)
			memset(keep + i, 1, len);
	}
	for (size_t i = 0; i < *n; i++)
		if (keep[i])
			m[k++] = m[i];
	*n = k;
	free(keep);
}

/* The window starting at match `first`: score = distinct words, then
 * matches, inside max_chars characters. */
static size_t best_window(const match *m, size_t n, size_t nwords, size_t max_chars)
{
	unsigned char *seen = calloc(nwords ? nwords : 1, 1);
	size_t best = 0, best_score = 0;

	if (!seen)
		return 0;
	for (size_t i = 0; i < n; i++) {
		size_t distinct = 0, count = 0, score;
		memset(seen, 0, nwords ? nwords : 1);
		for (size_t j = i; j < n && m[j].cpos - m[i].cpos < max_chars * 4 / 5; j++) {
			if (!seen[m[j].word]) {
				seen[m[j].word] = 1;
				distinct++;
			}
			count++;
		}
		score = distinct * 100000 + count;
		if (score > best_score) {
			best_score = score;
			best = i;
		}
	}
	free(seen);
	return best;
}

int lt_snippet_make(lt_buf *out, lt_span **spans, size_t *nspans, const char *text, size_t len,
                    const lt_snippet_word *words, size_t nwords, size_t max_chars, lt_error *err)
{
	match *m = NULL;
	size_t nm = 0, b = 0, e, count, mi, anchor_end = 0;
	lt_span *sp = NULL;
	size_t nsp = 0;
	int rc, space = 0;

	*spans = NULL;
	*nspans = 0;
	if (!text)
		text = "", len = 0;
	if (max_chars == 0)
		max_chars = LT_SNIPPET_CHARS;
	rc = find_matches(&m, &nm, text, len, words, nwords);
	if (rc)
		return lt_error_set(err, rc, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	keep_whole_phrases(m, &nm, words);

	if (nm > 0) {
		size_t first = best_window(m, nm, nwords, max_chars);
		size_t context = max_chars / 5;
		b = m[first].offset;
		anchor_end = m[first].offset + m[first].len;
		for (count = 0; count < context && b > 0; count++) {
			b--;
			while (b > 0 && is_cont(text[b]))
				b--;
		}
		/* Start on a word boundary unless at the very start. */
		if (b > 0) {
			size_t p = b;
			while (p < m[first].offset && !is_space(text[p]))
				p++;
			b = p;
		}
	}
	e = b;
	for (count = 0; count < max_chars && e < len; count++) {
		e++;
		while (e < len && is_cont(text[e]))
			e++;
	}
	if (e < len) {
		size_t p = e;
		while (p > b && p > anchor_end && !is_space(text[p]))
			p--;
		if (p > anchor_end)
			e = p;
	}

	sp = nm ? malloc(nm * sizeof(*sp)) : NULL;
	if (nm && !sp) {
		free(m);
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	}
	rc = 0;
	if (b > 0)
		rc |= lt_buf_puts(out, "… ");
	mi = 0;
	while (mi < nm && m[mi].offset < b)
		mi++;
	{
		size_t start = out->len;
		for (size_t p = b; p < e; p++) {
			if (is_space(text[p])) {
				space = out->len > start;
				continue;
			}
			if (space)
				rc |= lt_buf_putc(out, ' ');
			space = 0;
			if (mi < nm && p == m[mi].offset) {
				if (m[mi].offset + m[mi].len <= e) {
					sp[nsp].offset = out->len;
					sp[nsp].len = m[mi].len;
					nsp++;
				}
				mi++;
			}
			rc |= lt_buf_putc(out, text[p]);
		}
	}
	if (e < len)
		rc |= lt_buf_puts(out, " …");
	free(m);
	if (rc) {
		free(sp);
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	}
	/* Matched words separated only by spaces read as one phrase: one mark
	 * around "hồ sơ" rather than two. */
	if (nsp > 1) {
		size_t w = 0;
		for (size_t r = 1; r < nsp; r++) {
			size_t end = sp[w].offset + sp[w].len, g = end;
			while (g < sp[r].offset && out->data[g] == ' ')
				g++;
			if (g == sp[r].offset)
				sp[w].len = sp[r].offset + sp[r].len - sp[w].offset;
			else
				sp[++w] = sp[r];
		}
		nsp = w + 1;
	}
	if (nsp == 0) {
		free(sp);
		sp = NULL;
	}
	*spans = sp;
	*nspans = nsp;
	return 0;
}

static int put_escaped(lt_buf *out, const char *s, size_t n, int html)
{
	int rc = 0;

	if (!html)
		return lt_buf_append(out, s, n);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		switch (s[i]) {
		case '&': rc = lt_buf_puts(out, "&amp;"); break;
		case '<': rc = lt_buf_puts(out, "&lt;"); break;
		case '>': rc = lt_buf_puts(out, "&gt;"); break;
		case '"': rc = lt_buf_puts(out, "&quot;"); break;
		case '\'': rc = lt_buf_puts(out, "&#39;"); break;
		default: rc = lt_buf_putc(out, s[i]); break;
		}
	}
	return rc;
}

int lt_snippet_render(lt_buf *out, const char *snippet, const lt_span *spans, size_t n,
                      const char *open, const char *close, int html_escape)
{
	size_t len = strlen(snippet), at = 0, mark = out->len;
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		if (spans[i].offset < at || spans[i].offset > len ||
		    spans[i].len > len - spans[i].offset)
			return LT_EINVAL;
		else
			at = spans[i].offset + spans[i].len;
	at = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		rc = put_escaped(out, snippet + at, spans[i].offset - at, html_escape);
		if (rc == 0)
			rc = lt_buf_puts(out, open ? open : "");
		if (rc == 0)
			rc = put_escaped(out, snippet + spans[i].offset, spans[i].len, html_escape);
		if (rc == 0)
			rc = lt_buf_puts(out, close ? close : "");
		at = spans[i].offset + spans[i].len;
	}
	if (rc == 0)
		rc = put_escaped(out, snippet + at, len - at, html_escape);
	if (rc) {
		lt_buf_truncate(out, mark);
		return LT_ENOMEM;
	}
	return 0;
}
