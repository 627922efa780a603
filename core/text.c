/*
 * core/text.c — see text.h.
 *
 * Every transform runs the same short pipeline over one array of code
 * points, so a call costs one validation pass, one utf8proc decomposition
 * and one re-encoding, with no allocation for inputs that fit the stack
 * buffer (every ordinary word does):
 *
 *   1. scan_utf8()        strict validation; pure ASCII takes a byte-wise
 *                         fast path and never reaches utf8proc.
 *   2. utf8proc_decompose_custom()  Ð/ð → Đ/đ (map_eth), NFD, and case
 *                         folding for the exact and folded forms.
 *   3. form-specific      exact: move_tones() + canonical_order();
 *                         folded: strip_marks().
 *   4. utf8proc_reencode  NFC composition and UTF-8 encoding, in place.
 *
 * The folded form has a faster road, since it runs on every indexed word:
 * fold_fast() looks each code point below U+2000 (Latin, Vietnamese,
 * combining marks) up in a table filled from utf8proc itself, so no
 * Unicode data is written by hand; a block of 256 code points is filled
 * the first time one of them is looked up (Vietnamese text needs 4 or 5
 * of the 32, and a CLI search should not pay for all of them). A word with
 * anything the table cannot answer (Greek, Cyrillic, CJK, invalid bytes)
 * takes the general pipeline instead; both give the same result. The
 * exact form has a similar road, exact_fast(), for texts up to a few
 * hundred code points: decomposition by table, then steps 3 and 4.
 *
 * Word boundaries in step 3 use is_word_cp(), the same predicate as the
 * iterator, applied to the decomposed text; decomposing never turns a
 * letter into a non-letter, so the words are the iterator's words.
 */
#include "core/text.h"

#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

/* Code points decomposed without touching the heap: a word, a title, a
 * short summary. Longer texts allocate once. */
#define STACK_CPS 512

/* Letters, marks and numbers (L*, M*, N*) make words; everything else,
 * '-' and '/' included, separates them. */
static int is_word_category(utf8proc_int32_t c)
{
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO: return 1;
	default: return 0;
	}
}

/* Tables for the code points below U+2000, where nearly all Vietnamese
 * text lives, filled from utf8proc's own data so the hot loops skip
 * utf8proc's property lookups. Each read of an entry calls entry_ready()
 * first, which fills the entry's block once. */
#define TABLE_SIZE 0x2000
#define BLOCK_BITS 8 /* 256 code points: 32 whole bytes of word_table */
#define NBLOCKS    (TABLE_SIZE >> BLOCK_BITS)
#define FOLD_SLOW  0xFF

/* The folded UTF-8 of one code point, or len FOLD_SLOW when the result
 * still holds a character >= U+0300 (which might compose with a neighbour
 * under NFC, so the general pipeline must decide). */
struct fold_entry {
	unsigned char len;
	char bytes[7];
};

/* The case-folded NFD of one code point for the exact form, or n
 * EXACT_SLOW when it does not fit. */
#define EXACT_SLOW 0xFF
struct exact_entry {
	unsigned char n;
	uint16_t cps[4];
};

static struct fold_entry fold_table[TABLE_SIZE];
static struct exact_entry exact_table[TABLE_SIZE];
static unsigned char word_table[TABLE_SIZE / 8];
static atomic_uchar block_done[NBLOCKS];
static pthread_mutex_t tables_lock = PTHREAD_MUTEX_INITIALIZER;

static void block_init(unsigned block);

/* Entry cp (< TABLE_SIZE) of the three tables may be read. */
static inline void entry_ready(utf8proc_int32_t cp)
{
	if (!atomic_load_explicit(&block_done[cp >> BLOCK_BITS], memory_order_acquire))
		block_init((unsigned)cp >> BLOCK_BITS);
}

static int is_word_cp(utf8proc_int32_t c)
{
	if (c < TABLE_SIZE) {
		entry_ready(c);
		return (word_table[c >> 3] >> (c & 7)) & 1;
	}
	return is_word_category(c);
}

/* The five Vietnamese tone marks. Circumflex, breve and horn are part of
 * the vowel, not the tone, and stay where they are. */
static int is_tone(utf8proc_int32_t c)
{
	return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323;
}

/* Decode one code point at s[i]; returns its length, or 0 when the bytes
 * there are not valid UTF-8. */
static size_t next_cp(const unsigned char *s, size_t i, size_t len, utf8proc_int32_t *cp)
{
	utf8proc_ssize_t n;
	size_t avail = len - i;

	if (s[i] < 0x80) {
		*cp = s[i];
		return 1;
	}
	n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(avail > 4 ? 4 : avail), cp);
	return n > 0 ? (size_t)n : 0;
}

/* Offset of the first byte that is not valid UTF-8 or is a NUL, or len
 * when all is well. *ascii tells whether every byte was below 0x80. */
static size_t scan_utf8(const unsigned char *s, size_t len, int *ascii)
{
	size_t i = 0, n;
	utf8proc_int32_t cp;

	*ascii = 1;
	while (i < len) {
		if (s[i] < 0x80) {
			if (s[i] == 0)
				return i;
			i++;
			continue;
		}
		*ascii = 0;
		n = next_cp(s, i, len, &cp);
		if (n == 0)
			return i;
		i += n;
	}
	return len;
}

static int invalid_utf8(lt_error *err, const unsigned char *s, size_t at)
{
	if (s[at] == 0)
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("văn bản chứa ký tự NUL tại byte %zu",
		                          "text contains a NUL character at byte %zu"),
		                    at);
	return lt_error_set(err, LT_EINVAL,
	                    LT_TR("văn bản không phải UTF-8 hợp lệ tại byte %zu (0x%02X)",
	                          "invalid UTF-8 at byte %zu (0x%02X)"),
	                    at, (unsigned)s[at]);
}

/* Normalise the (s, len) convention of text.h. */
static void resolve(const char **s, size_t *len)
{
	if (!*s) {
		*s = "";
		*len = 0;
	} else if (*len == LT_TEXT_STRLEN) {
		*len = strlen(*s);
	}
}

int lt_text_validate(const char *s, size_t len, lt_error *err)
{
	int ascii;
	size_t bad;

	resolve(&s, &len);
	bad = scan_utf8((const unsigned char *)s, len, &ascii);
	if (bad < len)
		return invalid_utf8(err, (const unsigned char *)s, bad);
	return LT_OK;
}

/* OCR engines often read 'Đ' as the Icelandic eth, which looks the same
 * but would never match a typed query. */
static utf8proc_int32_t map_eth(utf8proc_int32_t c, void *data)
{
	(void)data;
	if (c == 0x00D0)
		return 0x0110;
	if (c == 0x00F0)
		return 0x0111;
	return c;
}

/* Stable partition of one word: its tone marks go after its last
 * character, in their original order; everything else keeps its place.
 * Returns 1 when anything moved. */
static int move_word_tones(utf8proc_int32_t *w, size_t n)
{
	size_t j, k = 0;
	int moved = 0;

	for (j = 0; j < n; j++) {
		utf8proc_int32_t c = w[j];
		if (is_tone(c))
			continue;
		if (j != k) {
			memmove(&w[k + 1], &w[k], (j - k) * sizeof(*w));
			moved = 1;
		}
		w[k++] = c;
	}
	return moved;
}

static int move_tones(utf8proc_int32_t *cps, size_t n)
{
	size_t i = 0, start;
	int moved = 0;

	while (i < n) {
		if (!is_word_cp(cps[i])) {
			i++;
			continue;
		}
		start = i;
		while (i < n && is_word_cp(cps[i]))
			i++;
		moved |= move_word_tones(cps + start, i - start);
	}
	return moved;
}

/* Moved tone marks may now sit after a mark with a higher combining class
 * (e + circumflex + dot below); NFC composition needs canonical order, so
 * restore it exactly as utf8proc_decompose does. */
static void canonical_order(utf8proc_int32_t *cps, size_t n)
{
	size_t pos = 0;

	while (n > 1 && pos < n - 1) {
		int c1 = utf8proc_get_property(cps[pos])->combining_class;
		int c2 = utf8proc_get_property(cps[pos + 1])->combining_class;
		if (c1 > c2 && c2 > 0) {
			utf8proc_int32_t t = cps[pos];
			cps[pos] = cps[pos + 1];
			cps[pos + 1] = t;
			if (pos > 0)
				pos--;
			else
				pos++;
		} else {
			pos++;
		}
	}
}

/* Drop non-spacing marks and turn đ into d. Returns the new length;
 * *compose is set when something left could still compose under NFC
 * (every canonical composition's second character is >= U+0300). */
static size_t strip_marks(utf8proc_int32_t *cps, size_t n, int *compose)
{
	size_t i, k = 0;

	*compose = 0;
	for (i = 0; i < n; i++) {
		utf8proc_int32_t c = cps[i];
		if (c >= 0x80) {
			if (c == 0x0111 || c == 0x0110) {
				c = 'd';
			} else if (utf8proc_category(c) == UTF8PROC_CATEGORY_MN) {
				continue;
			} else if (c >= 0x0300) {
				*compose = 1;
			}
		}
		cps[k++] = c;
	}
	return k;
}

/* ---- folded form, table road ------------------------------------------ */

static void block_fill(unsigned block)
{
	utf8proc_int32_t cp, buf[16];
	utf8proc_ssize_t n;
	size_t i, k, len;
	int compose;

	for (cp = (utf8proc_int32_t)block << BLOCK_BITS;
	     cp < (utf8proc_int32_t)(block + 1) << BLOCK_BITS; cp++) {
		struct fold_entry *e = &fold_table[cp];
		unsigned char bytes[4 * 16];

		if (is_word_category(cp))
			word_table[cp >> 3] |= (unsigned char)(1u << (cp & 7));
		e->len = FOLD_SLOW;
		exact_table[cp].n = EXACT_SLOW;
		n = utf8proc_decompose_char(map_eth(cp, NULL), buf, 16,
		                            UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD, NULL);
		if (n < 0 || n > 16)
			continue;
		if (n <= 4) {
			for (i = 0; i < (size_t)n && buf[i] <= 0xFFFF; i++)
				exact_table[cp].cps[i] = (uint16_t)buf[i];
			if (i == (size_t)n)
				exact_table[cp].n = (unsigned char)n;
		}
		k = strip_marks(buf, (size_t)n, &compose);
		if (compose)
			continue;
		for (i = 0, len = 0; i < k; i++)
			len += (size_t)utf8proc_encode_char(buf[i], bytes + len);
		if (len > sizeof(e->bytes))
			continue;
		memcpy(e->bytes, bytes, len);
		e->len = (unsigned char)len;
	}
}

static void block_init(unsigned block)
{
	pthread_mutex_lock(&tables_lock);
	if (!atomic_load_explicit(&block_done[block], memory_order_relaxed)) {
		block_fill(block);
		atomic_store_explicit(&block_done[block], 1, memory_order_release);
	}
	pthread_mutex_unlock(&tables_lock);
}

/* 1 when the folded form was appended, 0 when this text needs the
 * general pipeline (nothing appended then), LT_ENOMEM. Keeps the
 * invariant cap > o + (bytes still to read), so ASCII needs no check. */
static int fold_fast(lt_buf *out, const unsigned char *s, size_t len)
{
	size_t i = 0, n, start = out->len, o;
	utf8proc_int32_t cp;
	const struct fold_entry *e;

	if (lt_buf_grow(out, len) != LT_OK)
		return LT_ENOMEM;
	o = start;
	while (i < len) {
		unsigned char c = s[i];
		if (c < 0x80) {
			if (c == 0)
				goto slow;
			out->data[o++] = (char)((c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c);
			i++;
			continue;
		}
		n = next_cp(s, i, len, &cp);
		if (n == 0 || cp >= TABLE_SIZE)
			goto slow;
		entry_ready(cp);
		e = &fold_table[cp];
		if (e->len == FOLD_SLOW)
			goto slow;
		if (o + e->len + (len - i) >= out->cap) {
			out->len = o;
			if (lt_buf_grow(out, e->len + (len - i)) != LT_OK) {
				lt_buf_truncate(out, start);
				return LT_ENOMEM;
			}
		}
		memcpy(out->data + o, e->bytes, e->len);
		o += e->len;
		i += n;
	}
	out->len = o;
	out->data[o] = '\0';
	return 1;
slow:
	out->len = start;
	out->data[start] = '\0';
	return 0;
}

/* The exact form's table road for short texts (every word): the same
 * steps as transform(), but decomposition is a table lookup per code
 * point. Returns 1 appended, 0 use the general pipeline (nothing
 * appended), LT_ENOMEM. */
static int exact_fast(lt_buf *out, const unsigned char *s, size_t len)
{
	utf8proc_int32_t cps[STACK_CPS];
	utf8proc_int32_t cp;
	utf8proc_ssize_t bytes;
	size_t i = 0, j, n, k = 0;
	int high = 0;

	while (i < len) {
		const struct exact_entry *e;
		unsigned char c = s[i];

		if (k + 4 >= STACK_CPS - 1)
			return 0;
		if (c < 0x80) {
			if (c == 0)
				return 0;
			cps[k++] = (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
			i++;
			continue;
		}
		n = next_cp(s, i, len, &cp);
		if (n == 0 || cp >= TABLE_SIZE)
			return 0;
		entry_ready(cp);
		e = &exact_table[cp];
		if (e->n == EXACT_SLOW)
			return 0;
		for (j = 0; j < e->n; j++) {
			cps[k] = e->cps[j];
			high |= cps[k] >= 0x0300;
			k++;
		}
		i += n;
	}
	/* Below U+0300 there is nothing to order, move or compose. */
	if (high) {
		canonical_order(cps, k);
		if (move_tones(cps, k))
			canonical_order(cps, k);
	}
	bytes = utf8proc_reencode(cps, (utf8proc_ssize_t)k,
	                          high ? UTF8PROC_COMPOSE | UTF8PROC_STABLE : 0);
	if (bytes < 0)
		return 0;
	if (lt_buf_append(out, cps, (size_t)bytes) != LT_OK)
		return LT_ENOMEM;
	return 1;
}

/* ---- the general pipeline ---------------------------------------------- */

enum text_form { FORM_NFC, FORM_EXACT, FORM_FOLD };

/* Case-fold ASCII is lower-casing, and ASCII is already NFC. */
static int append_ascii(lt_buf *out, const char *s, size_t len, int lower, lt_error *err)
{
	size_t i;
	char *d;

	if (lt_buf_grow(out, len) != LT_OK)
		return lt_error_set(err, LT_ENOMEM, LT_TR("hết bộ nhớ", "out of memory"));
	d = out->data + out->len;
	if (lower) {
		for (i = 0; i < len; i++) {
			char c = s[i];
			d[i] = (c >= 'A' && c <= 'Z') ? (char)(c + ('a' - 'A')) : c;
		}
	} else {
		memcpy(d, s, len);
	}
	out->len += len;
	out->data[out->len] = '\0';
	return LT_OK;
}

static int transform(lt_buf *out, const char *s, size_t len, enum text_form form, lt_error *err)
{
	utf8proc_int32_t stack[STACK_CPS];
	utf8proc_int32_t *cps = stack, *heap = NULL;
	utf8proc_ssize_t cap = STACK_CPS - 1, n, bytes;
	utf8proc_option_t opts = UTF8PROC_DECOMPOSE | UTF8PROC_STABLE;
	utf8proc_option_t compose = UTF8PROC_COMPOSE | UTF8PROC_STABLE;
	size_t bad, count;
	int ascii, rc = LT_OK, need_compose;

	resolve(&s, &len);
	bad = scan_utf8((const unsigned char *)s, len, &ascii);
	if (bad < len)
		return invalid_utf8(err, (const unsigned char *)s, bad);
	if (ascii)
		return append_ascii(out, s, len, form != FORM_NFC, err);

	if (form != FORM_NFC)
		opts |= UTF8PROC_CASEFOLD;
	/* Decomposition rarely grows a text by more than a few code points
	 * over its byte length; when it does, utf8proc says how much room it
	 * needs and we decompose again. */
	if (len > (size_t)PTRDIFF_MAX / 8)
		return lt_error_set(err, LT_ENOMEM, LT_TR("hết bộ nhớ", "out of memory"));
	if (len >= (size_t)cap) {
		cap = (utf8proc_ssize_t)len + 16;
		heap = malloc(((size_t)cap + 1) * sizeof(*heap));
		if (!heap)
			return lt_error_set(err, LT_ENOMEM, LT_TR("hết bộ nhớ", "out of memory"));
		cps = heap;
	}
	for (;;) {
		n = utf8proc_decompose_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
		                              cps, cap, opts, map_eth, NULL);
		if (n < 0) {
			rc = lt_error_set(err, LT_ERR, "utf8proc: %s", utf8proc_errmsg(n));
			goto out;
		}
		if (n <= cap)
			break;
		free(heap);
		cap = n;
		/* +1: utf8proc_reencode writes a terminating NUL */
		heap = malloc(((size_t)cap + 1) * sizeof(*heap));
		if (!heap) {
			rc = lt_error_set(err, LT_ENOMEM, LT_TR("hết bộ nhớ", "out of memory"));
			goto out;
		}
		cps = heap;
	}
	count = (size_t)n;

	if (form == FORM_EXACT) {
		if (move_tones(cps, count))
			canonical_order(cps, count);
	} else if (form == FORM_FOLD) {
		count = strip_marks(cps, count, &need_compose);
		if (!need_compose)
			compose = 0;
	}
	bytes = utf8proc_reencode(cps, (utf8proc_ssize_t)count, compose);
	if (bytes < 0) {
		rc = lt_error_set(err, LT_ERR, "utf8proc: %s", utf8proc_errmsg(bytes));
		goto out;
	}
	if (lt_buf_append(out, cps, (size_t)bytes) != LT_OK)
		rc = lt_error_set(err, LT_ENOMEM, LT_TR("hết bộ nhớ", "out of memory"));
out:
	free(heap);
	return rc;
}

int lt_text_nfc(lt_buf *out, const char *s, size_t len, lt_error *err)
{
	return transform(out, s, len, FORM_NFC, err);
}

int lt_text_exact(lt_buf *out, const char *s, size_t len, lt_error *err)
{
	int rc;

	resolve(&s, &len);
	rc = exact_fast(out, (const unsigned char *)s, len);
	if (rc == 1)
		return LT_OK;
	if (rc < 0)
		return lt_error_set(err, LT_ENOMEM, LT_TR("hết bộ nhớ", "out of memory"));
	return transform(out, s, len, FORM_EXACT, err);
}

int lt_text_fold(lt_buf *out, const char *s, size_t len, lt_error *err)
{
	int rc;

	resolve(&s, &len);
	rc = fold_fast(out, (const unsigned char *)s, len);
	if (rc == 1)
		return LT_OK;
	if (rc < 0)
		return lt_error_set(err, LT_ENOMEM, LT_TR("hết bộ nhớ", "out of memory"));
	return transform(out, s, len, FORM_FOLD, err);
}

/* The exact and folded forms differ exactly when the case-folded NFD holds
 * a non-spacing mark or a đ, so look for one instead of building both. */
int lt_text_has_diacritics(const char *s, size_t len)
{
	utf8proc_int32_t buf[16];
	utf8proc_int32_t cp;
	const unsigned char *p;
	size_t i = 0, n;
	utf8proc_ssize_t k, j;

	resolve(&s, &len);
	p = (const unsigned char *)s;
	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = next_cp(p, i, len, &cp);
		if (n == 0)
			return 0;
		i += n;
		k = utf8proc_decompose_char(map_eth(cp, NULL), buf, 16,
		                            UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD, NULL);
		if (k < 0 || k > 16)
			continue;
		for (j = 0; j < k; j++) {
			if (buf[j] == 0x0111 || utf8proc_category(buf[j]) == UTF8PROC_CATEGORY_MN)
				return 1;
		}
	}
	return 0;
}

size_t lt_text_length(const char *s, size_t len)
{
	const unsigned char *p;
	utf8proc_int32_t cp;
	size_t i = 0, count = 0, n;

	resolve(&s, &len);
	p = (const unsigned char *)s;
	while (i < len) {
		n = next_cp(p, i, len, &cp);
		i += n ? n : 1;
		count++;
	}
	return count;
}

void lt_text_iter_init(lt_text_iter *it, const char *text, size_t len)
{
	resolve(&text, &len);
	it->text = text;
	it->len = len;
	it->pos = 0;
	it->word = NULL;
	it->word_len = 0;
	it->offset = 0;
}

int lt_text_iter_next(lt_text_iter *it)
{
	const unsigned char *p = (const unsigned char *)it->text;
	size_t i = it->pos, len = it->len, n, start;
	utf8proc_int32_t cp;

	while (i < len) {
		n = next_cp(p, i, len, &cp);
		if (n == 0) {
			i++; /* an invalid byte separates words */
			continue;
		}
		if (is_word_cp(cp))
			break;
		i += n;
	}
	if (i >= len) {
		it->pos = len;
		it->word = NULL;
		it->word_len = 0;
		it->offset = len;
		return 0;
	}
	start = i;
	while (i < len) {
		n = next_cp(p, i, len, &cp);
		if (n == 0 || !is_word_cp(cp))
			break;
		i += n;
	}
	it->word = it->text + start;
	it->word_len = i - start;
	it->offset = start;
	it->pos = i;
	return 1;
}
