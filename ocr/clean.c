/*
 * ocr/clean.c — small clean-ups of recognised text.
 *
 * Only changes that cannot lose information belong here:
 *
 *   1. trim the whitespace Tesseract leaves around a page;
 *   2. rejoin a document notation (số, ký hiệu) that the line break split
 *      after its hyphen: "số 1234/QĐ-\nUBND ngày" → "số 1234/QĐ-UBND ngày",
 *      so that searching for "1234/QĐ-UBND" finds it. Vietnamese never
 *      hyphenates words at a line end, so a line ending in a hyphen right
 *      after a notation part ("1234/QĐ", "15/2020/TT") and followed by an
 *      agency code ("UBND", "BNV", "TTg") is a split notation, not a dash.
 *
 * Everything is done on NFC text, after lt_text_nfc(). Plain text files are
 * not cleaned: they are stored as their author wrote them.
 */
#include "ocr/internal.h"

#include <string.h>

#include <utf8proc.h>

size_t lt_ocr_count_letters(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t count = 0, i = 0;

	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0) {
			i++;
			continue;
		}
		switch (utf8proc_category(cp)) {
		case UTF8PROC_CATEGORY_LU:
		case UTF8PROC_CATEGORY_LL:
		case UTF8PROC_CATEGORY_LT:
		case UTF8PROC_CATEGORY_LM:
		case UTF8PROC_CATEGORY_LO: count++; break;
		default: break;
		}
		i += (size_t)n;
	}
	return count;
}

/* A Vietnamese letter: an ASCII letter bearing only Vietnamese marks
 * (grave, acute, tilde, hook above, dot below, breve, circumflex, horn),
 * or đ / Đ. */
static int vietnamese_letter(utf8proc_int32_t cp)
{
	utf8proc_int32_t parts[8];
	int bound = 0;
	utf8proc_ssize_t n;

	if (cp == 0x0110 || cp == 0x0111)
		return 1;
	n = utf8proc_decompose_char(cp, parts, 8, UTF8PROC_DECOMPOSE, &bound);
	if (n < 2 || n > 3 ||
	    !((parts[0] >= 'a' && parts[0] <= 'z') || (parts[0] >= 'A' && parts[0] <= 'Z')))
		return 0;
	for (utf8proc_ssize_t i = 1; i < n; i++)
		switch (parts[i]) {
		case 0x0300:
		case 0x0301:
		case 0x0303:
		case 0x0309:
		case 0x0323:
		case 0x0306:
		case 0x0302:
		case 0x031B: break;
		default: return 0;
		}
	return 1;
}

int lt_ocr_word_script(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t len = strlen(s), i = 0;
	int viet = 0;

	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0)
			return LT_OCR_SCRIPT_FOREIGN;
		i += (size_t)n;
		if (cp < 0x80)
			continue;
		if (vietnamese_letter(cp)) {
			viet = 1;
			continue;
		}
		switch (utf8proc_category(cp)) {
		case UTF8PROC_CATEGORY_PC:
		case UTF8PROC_CATEGORY_PD:
		case UTF8PROC_CATEGORY_PS:
		case UTF8PROC_CATEGORY_PE:
		case UTF8PROC_CATEGORY_PI:
		case UTF8PROC_CATEGORY_PF:
		case UTF8PROC_CATEGORY_PO: break; /* “ ” – … are neither */
		default: return LT_OCR_SCRIPT_FOREIGN;
		}
	}
	return viet ? LT_OCR_SCRIPT_VIETNAMESE : LT_OCR_SCRIPT_ASCII;
}

int lt_ocr_is_stray_mark(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t len = strlen(s), i = 0;

	if (len == 0)
		return 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0)
			return 0;
		i += (size_t)n;
		/* "_" and "|" alone: a speck or a rule's end, not a word */
		if (cp == '_' || cp == '|')
			continue;
		switch (utf8proc_category(cp)) {
		case UTF8PROC_CATEGORY_LM:
		case UTF8PROC_CATEGORY_SK:
		case UTF8PROC_CATEGORY_MN:
		case UTF8PROC_CATEGORY_ME: break;
		default: return 0;
		}
	}
	return 1;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Trim whitespace at both ends; the page's inner line structure stays. */
static void trim(lt_buf *text)
{
	size_t start = 0, end = text->len;

	while (end > 0 && is_space(text->data[end - 1]))
		end--;
	while (start < end && is_space(text->data[start]))
		start++;
	if (start > 0)
		memmove(text->data, text->data + start, end - start);
	lt_buf_truncate(text, end - start);
}

/* Upper-case letter of a notation: A-Z or Đ (U+0110, C4 90). Returns its
 * length in bytes at s[0..n), 0 when there is none. */
static size_t upper_at(const char *s, size_t n)
{
	if (n >= 1 && s[0] >= 'A' && s[0] <= 'Z')
		return 1;
	if (n >= 2 && (unsigned char)s[0] == 0xc4 && (unsigned char)s[1] == 0x90)
		return 2;
	return 0;
}

/* Letter or digit of a notation part: A-Z, a-z, 0-9, Đ, đ. */
static size_t code_char_at(const char *s, size_t n)
{
	if (n >= 1 && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
		return 1;
	if (n >= 2 && (unsigned char)s[0] == 0xc4 && (unsigned char)s[1] == 0x91)
		return 2;
	return upper_at(s, n);
}

/* Length of the hyphen ending at s[end) ("-", U+2010, U+2011, U+2013 as OCR
 * reads them), 0 when none. */
static size_t hyphen_before(const char *s, size_t end)
{
	const unsigned char *u = (const unsigned char *)s;

	if (end >= 1 && s[end - 1] == '-')
		return 1;
	if (end >= 3 && u[end - 3] == 0xe2 && u[end - 2] == 0x80 &&
	    (u[end - 1] == 0x90 || u[end - 1] == 0x91 || u[end - 1] == 0x93))
		return 3;
	return 0;
}

/* Does s[start..end) end like "1234/QĐ": a '/' then only upper-case
 * letters up to end? */
static int notation_head(const char *s, size_t start, size_t end)
{
	size_t slash = end;

	while (slash > start && s[slash - 1] != '/')
		slash--;
	if (slash == start || slash == end)
		return 0;
	for (size_t i = slash; i < end;) {
		size_t n = upper_at(s + i, end - i);
		if (!n)
			return 0;
		i += n;
	}
	return 1;
}

/* Length of an agency code at s[0..n): an upper-case letter, then letters
 * and digits, ending at a space, punctuation or the end. 0 when none. */
static size_t notation_tail(const char *s, size_t n)
{
	size_t i = upper_at(s, n), k;

	if (!i)
		return 0;
	while (i < n && (k = code_char_at(s + i, n - i)) > 0)
		i += k;
	if (i < n && (unsigned char)s[i] >= 0x80)
		return 0; /* a Vietnamese letter follows: an ordinary word */
	return i;
}

static int rejoin_notations(lt_buf *text)
{
	lt_buf out = LT_BUF_INIT;
	const char *s = text->data;
	size_t n = text->len, copied = 0;
	int changed = 0;

	for (size_t nl = 0; nl < n; nl++) {
		size_t end, h, start, next;

		if (s[nl] != '\n')
			continue;
		end = nl;
		while (end > copied &&
		       (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\r'))
			end--;
		h = hyphen_before(s, end);
		if (!h)
			continue;
		start = end - h;
		while (start > copied && s[start - 1] != ' ' && s[start - 1] != '\n' &&
		       s[start - 1] != '\t')
			start--;
		if (!notation_head(s, start, end - h))
			continue;
		next = nl + 1;
		while (next < n && (s[next] == ' ' || s[next] == '\t'))
			next++;
		if (!notation_tail(s + next, n - next))
			continue;
		if (lt_buf_append(&out, s + copied, end - h - copied) != LT_OK ||
		    lt_buf_putc(&out, '-') != LT_OK) {
			lt_buf_free(&out);
			return LT_ENOMEM;
		}
		copied = next;
		nl = next - 1;
		changed = 1;
	}
	if (!changed)
		return LT_OK;
	if (lt_buf_append(&out, s + copied, n - copied) != LT_OK) {
		lt_buf_free(&out);
		return LT_ENOMEM;
	}
	lt_buf_free(text);
	*text = out;
	return LT_OK;
}

int lt_ocr_clean_text(lt_buf *text)
{
	if (text->len == 0)
		return LT_OK;
	trim(text);
	return rejoin_notations(text);
}
