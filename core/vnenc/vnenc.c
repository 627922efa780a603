/*
 * core/vnenc/vnenc.c — TCVN3 and VNI to Unicode, and telling them apart.
 * See vnenc.h for the promises.
 *
 * Decoding works on "units": a byte of the legacy text (< 0x100), or a
 * character that has no byte and is kept as it is (LITERAL | code point;
 * only lt_vnenc_decode_cp1252 makes these). TCVN3 is a table lookup per
 * byte. VNI is read as the typist's keyboard wrote it: a base letter, then
 * a byte whose marks (shape, tone) go on that letter when they may; the
 * combining marks are composed by NFC at the end.
 *
 * Detection reads: both decodings are made, and each is scored by how
 * many of its words that have a letter outside ASCII are Vietnamese
 * syllables (lt_vnenc_syllable), against the words that are not and the
 * symbols stuck to letters that a wrong table leaves (¶ ¸ ¹ in "B¶o"
 * read as VNI). The thresholds were set on a development split of the
 * corpus and measured on another (bench/README.md, "Legacy encodings").
 */
#include "core/vnenc/internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core/text.h"

#define LITERAL 0x80000000u

/* At most this many bytes are read to detect an encoding. */
#define DETECT_MAX_BYTES (256u * 1024)
/* A reading wins when at least this share of its scored words are
 * syllables (development split: right readings 0.97-1.0, wrong ones
 * 0.0-0.45). */
#define DETECT_MIN_RATIO 0.70
/* A line of lt_vnenc_repair is converted when its best reading has at
 * least this share. */
#define REPAIR_MIN_RATIO 0.5

const char *lt_vnenc_name(lt_vnenc enc)
{
	switch (enc) {
	case LT_VNENC_UNICODE: return "Unicode";
	case LT_VNENC_TCVN3: return "TCVN3";
	case LT_VNENC_VNI: return "VNI";
	default: return "unknown";
	}
}

/* ---- growable vectors of code points ------------------------------------ */

typedef struct cps {
	uint32_t *v;
	size_t n, cap;
	int oom;
} cps;

static void cps_push(cps *c, uint32_t x)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 256;
		uint32_t *v = realloc(c->v, cap * sizeof(*v));
		if (!v) {
			c->oom = 1;
			return;
		}
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n++] = x;
}

static uint32_t cp1252(unsigned char b)
{
	if (b >= 0x80 && b < 0xA0)
		return lt_vnenc_cp1252_hi[b - 0x80];
	return b;
}

uint32_t lt_vnenc_cp1252(unsigned char b)
{
	return cp1252(b);
}

uint32_t lt_vnenc_cp1258(unsigned char b)
{
	for (size_t i = 0; lt_vnenc_cp1258_diff[i][0]; i++)
		if (lt_vnenc_cp1258_diff[i][0] == b)
			return lt_vnenc_cp1258_diff[i][1];
	return cp1252(b);
}

/* The Windows-1252 byte of code point cp, or -1. */
static int cp1252_byte(uint32_t cp)
{
	if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
		return (int)cp;
	for (int i = 0; i < 32; i++)
		if (lt_vnenc_cp1252_hi[i] == cp)
			return 0x80 + i;
	return -1;
}

static int is_upper_ascii(uint32_t c)
{
	return c >= 'A' && c <= 'Z';
}

static int isalpha_ascii(unsigned c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* ---- decoding ----------------------------------------------------------- */

static void decode_tcvn3(cps *out, const uint32_t *u, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t x = u[i];
		if (x & LITERAL)
			cps_push(out, x & ~LITERAL);
		else if (x >= 0x80 && lt_vnenc_tcvn3[x - 0x80])
			cps_push(out, lt_vnenc_tcvn3[x - 0x80]);
		else
			cps_push(out, cp1252((unsigned char)x));
	}
}

/* VNI: what the last letter written can still take. */
typedef struct vowel_state {
	char base;  /* a e i o u y (small), 0 when the last unit was no vowel */
	int shaped; /* has its circumflex, breve or horn */
	int toned;  /* has its tone */
} vowel_state;

static const lt_vnenc_vni_mark *vni_mark(unsigned char b)
{
	for (const lt_vnenc_vni_mark *m = lt_vnenc_vni_marks; m->byte; m++)
		if (b == m->byte || b == m->byte - 0x20)
			return m;
	return NULL;
}

static const lt_vnenc_vni_letter *vni_letter(unsigned char b, int *capital)
{
	for (const lt_vnenc_vni_letter *l = lt_vnenc_vni_letters; l->byte; l++) {
		if (b == l->byte) {
			*capital = 0;
			return l;
		}
		if (b == l->byte - 0x20) {
			*capital = 1;
			return l;
		}
	}
	return NULL;
}

static void decode_vni(cps *out, const uint32_t *u, size_t n)
{
	vowel_state v = {0, 0, 0};

	for (size_t i = 0; i < n; i++) {
		uint32_t x = u[i];
		const lt_vnenc_vni_mark *m;
		const lt_vnenc_vni_letter *l;
		int capital = 0;

		if (x & LITERAL) {
			cps_push(out, x & ~LITERAL);
			v.base = 0;
			continue;
		}
		if (x < 0x80) {
			char c = (char)(is_upper_ascii(x) ? x + 32 : x);
			cps_push(out, x);
			v.base = strchr("aeiouy", c) && c ? c : 0;
			v.shaped = v.toned = 0;
			continue;
		}
		m = v.base ? vni_mark((unsigned char)x) : NULL;
		if (m && !v.toned &&
		    (!m->shape || (!v.shaped && (m->shape == 0x0302 ? strchr("aeo", v.base) != NULL
		                                                    : v.base == 'a')))) {
			if (m->shape) {
				cps_push(out, m->shape);
				v.shaped = 1;
			}
			if (m->tone) {
				cps_push(out, m->tone);
				v.toned = 1;
			}
			continue;
		}
		l = vni_letter((unsigned char)x, &capital);
		if (l) {
			cps_push(out, capital ? l->capital : l->small);
			/* ơ ư take a tone after them; đ and the toned i, y
			 * take nothing. */
			v.base = l->byte == 0xF4 ? 'o' : l->byte == 0xF6 ? 'u' : 0;
			v.shaped = 1;
			v.toned = 0;
			continue;
		}
		cps_push(out, cp1252((unsigned char)x));
		v.base = 0;
	}
}

/* Code points to UTF-8: C0 controls other than tab and line ends become a
 * line feed (vertical tab, form feed: Word's breaks) or vanish. */
static int put_utf8(lt_buf *b, const uint32_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		utf8proc_uint8_t tmp[4];
		uint32_t c = v[i];
		utf8proc_ssize_t k;

		if (c == 0x0B || c == 0x0C) {
			c = '\n';
		} else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F ||
		           (c >= 0x80 && c < 0xA0)) {
			continue;
		} else if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
			c = 0xFFFD;
		}
		k = utf8proc_encode_char((utf8proc_int32_t)c, tmp);
		if (k <= 0 || lt_buf_append(b, tmp, (size_t)k) != LT_OK)
			return LT_ENOMEM;
	}
	return LT_OK;
}

/* NFC of the decoded code points, made capitals with upper, onto out. */
static int emit(lt_buf *out, cps *c, int upper, lt_error *err)
{
	lt_buf raw = LT_BUF_INIT, nfc = LT_BUF_INIT;
	int rc;

	if (c->oom)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	rc = put_utf8(&raw, c->v, c->n);
	if (rc == LT_OK && raw.len)
		rc = lt_text_nfc(&nfc, raw.data, raw.len, err);
	else if (rc != LT_OK)
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
	if (rc == LT_OK && upper) {
		for (size_t i = 0; rc == LT_OK && i < nfc.len;) {
			utf8proc_int32_t cp;
			utf8proc_uint8_t tmp[4];
			utf8proc_ssize_t k =
			    utf8proc_iterate((const utf8proc_uint8_t *)nfc.data + i,
			                     (utf8proc_ssize_t)(nfc.len - i), &cp);
			if (k <= 0)
				break;
			i += (size_t)k;
			k = utf8proc_encode_char(utf8proc_toupper(cp), tmp);
			if (lt_buf_append(out, tmp, (size_t)k) != LT_OK)
				rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		}
	} else if (rc == LT_OK && nfc.len && lt_buf_append(out, nfc.data, nfc.len) != LT_OK) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	lt_buf_free(&raw);
	lt_buf_free(&nfc);
	return rc;
}

static int decode_units(lt_buf *out, lt_vnenc enc, const uint32_t *u, size_t n, int upper,
                        lt_error *err)
{
	cps c = {NULL, 0, 0, 0};
	int rc;

	if (enc == LT_VNENC_TCVN3)
		decode_tcvn3(&c, u, n);
	else if (enc == LT_VNENC_VNI)
		decode_vni(&c, u, n);
	else
		return lt_error_set(err, LT_EINVAL, "lt_vnenc: %s is not a legacy encoding",
		                    lt_vnenc_name(enc));
	rc = emit(out, &c, upper, err);
	free(c.v);
	return rc;
}

static uint32_t *bytes_units(const char *s, size_t len)
{
	uint32_t *u = malloc((len ? len : 1) * sizeof(*u));

	for (size_t i = 0; u && i < len; i++)
		u[i] = (unsigned char)s[i];
	return u;
}

int lt_vnenc_decode(lt_buf *out, lt_vnenc enc, const char *s, size_t len, int upper, lt_error *err)
{
	uint32_t *u = bytes_units(s, len);
	int rc;

	if (!u)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	rc = decode_units(out, enc, u, len, upper, err);
	free(u);
	return rc;
}

/* Units of Unicode text read back to the bytes Windows-1252 showed. */
static int text_units(uint32_t **out, size_t *n, const char *s, size_t len, lt_error *err)
{
	uint32_t *u = malloc((len ? len : 1) * sizeof(*u));
	size_t k = 0;

	*out = NULL;
	*n = 0;
	if (!u)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t step = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                         (utf8proc_ssize_t)(len - i), &cp);
		int b;

		if (step <= 0) {
			free(u);
			return lt_error_set(err, LT_EINVAL, "lt_vnenc: invalid UTF-8 at byte %zu",
			                    i);
		}
		i += (size_t)step;
		if (cp >= 0xF000 && cp <= 0xF0FF)
			b = cp - 0xF000;
		else
			b = cp1252_byte((uint32_t)cp);
		u[k++] = b >= 0 ? (uint32_t)b : LITERAL | (uint32_t)cp;
	}
	*out = u;
	*n = k;
	return LT_OK;
}

int lt_vnenc_decode_cp1252(lt_buf *out, lt_vnenc enc, const char *s, size_t len, int upper,
                           lt_error *err)
{
	uint32_t *u;
	size_t n;
	int rc = text_units(&u, &n, s, len, err);

	if (rc != LT_OK)
		return rc;
	rc = decode_units(out, enc, u, n, upper, err);
	free(u);
	return rc;
}

/* ---- fonts -------------------------------------------------------------- */

lt_vnenc lt_vnenc_from_font(const char *font, int *upper)
{
	const char *f = font;
	size_t len;

	if (upper)
		*upper = 0;
	if (!f)
		return LT_VNENC_UNICODE;
	while (*f == ' ')
		f++;
	len = strlen(f);
	while (len && f[len - 1] == ' ')
		len--;
	if ((strncmp(f, "VNI-", 4) == 0 || strncmp(f, "VNI ", 4) == 0 ||
	     strncmp(f, "Vni-", 4) == 0 || strncmp(f, "VNI_", 4) == 0) &&
	    len > 4)
		return LT_VNENC_VNI;
	if (f[0] == '.')
		f++, len--;
	if (len > 2 && (f[0] == 'V' || f[0] == 'v') && f[1] == 'n' && f[2] >= 'A' && f[2] <= 'Z') {
		if (upper && f[len - 1] == 'H')
			*upper = 1;
		return LT_VNENC_TCVN3;
	}
	return LT_VNENC_UNICODE;
}

/* ---- reading Vietnamese -------------------------------------------------- */

/* A letter's place in the syllable alphabet: ASCII consonants as they
 * are, the vowels a ă â e ê i o ô ơ u ư y as a 1 2 e 3 i o 4 5 u 6 y, đ as
 * D; its tone mark (a combining code point) into *tone when it has one,
 * *tones counting them. -1 for anything else. */
static int syllable_letter(utf8proc_int32_t cp, int *tones, utf8proc_int32_t *tone_mark)
{
	utf8proc_int32_t d[8];
	utf8proc_ssize_t n =
	    utf8proc_decompose_char(utf8proc_tolower(cp), d, 8, UTF8PROC_DECOMPOSE, NULL);
	int shape = 0, tone = 0;
	utf8proc_int32_t base;

	if (n < 1 || n > 8)
		return -1;
	base = d[0];
	for (utf8proc_ssize_t i = 1; i < n; i++) {
		switch (d[i]) {
		case 0x0302:
		case 0x0306:
		case 0x031B:
			if (shape)
				return -1;
			shape = (int)d[i];
			break;
		case 0x0300:
		case 0x0301:
		case 0x0303:
		case 0x0309:
		case 0x0323:
			tone++;
			*tone_mark = d[i];
			break;
		default: return -1;
		}
	}
	if (base == 0x0111)
		return shape || tone ? -1 : 'D';
	if (base < 'a' || base > 'z')
		return -1;
	*tones += tone;
	switch (shape) {
	case 0:
		if (tone && !strchr("aeiouy", (int)base))
			return -1;
		return (int)base;
	case 0x0302: return base == 'a' ? '2' : base == 'e' ? '3' : base == 'o' ? '4' : -1;
	case 0x0306: return base == 'a' ? '1' : -1;
	default: return base == 'o' ? '5' : base == 'u' ? '6' : -1;
	}
}

static const char *const INITIALS[] = {"ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th",
                                       "tr",  "b",  "c",  "d",  "D",  "g",  "h",  "k",  "l",  "m",
                                       "n",   "p",  "r",  "s",  "t",  "v",  "x",  ""};
static const char *const FINALS[] = {"ng", "nh", "ch", "c", "m", "n", "p", "t", ""};
/* Vowel groups, in the alphabet of syllable_letter. */
static const char *const VOWELS[] = {
    "a",   "1",   "2",   "e",   "3",   "i",   "o",   "4",   "5",   "u",   "6",   "y",   "ai", "ao",
    "au",  "ay",  "2u",  "2y",  "eo",  "3u",  "ia",  "i3",  "iu",  "oa",  "o1",  "oe",  "oi", "4i",
    "5i",  "oo",  "ua",  "u2",  "u3",  "ui",  "u4",  "u5",  "uy",  "6a",  "6i",  "65",  "6u", "y3",
    "i3u", "oai", "oao", "oay", "oeo", "u2y", "u4i", "65i", "65u", "uya", "uy3", "uyu", "y3u"};

static int in_list(const char *s, size_t len, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && memcmp(list[i], s, len) == 0)
			return 1;
	return 0;
}

/* 1: a syllable; 0: not; -1: letters of no vowel (an abbreviation such as
 * "QĐ", "NĐ-CP"'s parts), which says nothing either way. */
static int syllable_kind(const char *w, size_t len)
{
	char s[12];
	size_t n = 0;
	int tones = 0, vowels = 0;
	utf8proc_int32_t tone = 0;

	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)w + i,
		                                      (utf8proc_ssize_t)(len - i), &cp);
		int c;

		if (k <= 0)
			return 0;
		i += (size_t)k;
		if (utf8proc_category(cp) >= UTF8PROC_CATEGORY_MN &&
		    utf8proc_category(cp) <= UTF8PROC_CATEGORY_ME) {
			/* A combining tone after its letter (text not in NFC). */
			if (cp == 0x0300 || cp == 0x0301 || cp == 0x0303 || cp == 0x0309 ||
			    cp == 0x0323) {
				tones++;
				tone = cp;
				continue;
			}
			return 0;
		}
		c = syllable_letter(cp, &tones, &tone);
		if (c < 0 || n + 1 >= sizeof(s))
			return 0;
		if (strchr("a12e3io45u6y", c))
			vowels++;
		s[n++] = (char)c;
	}
	if (n == 0)
		return 0;
	if (vowels == 0)
		return tones ? 0 : -1;
	if (tones > 1)
		return 0;
	for (size_t i = 0; i < sizeof(INITIALS) / sizeof(INITIALS[0]); i++) {
		size_t il = strlen(INITIALS[i]);
		if (il > n || memcmp(s, INITIALS[i], il) != 0)
			continue;
		for (size_t f = 0; f < sizeof(FINALS) / sizeof(FINALS[0]); f++) {
			size_t fl = strlen(FINALS[f]);
			const char *fin = FINALS[f];
			size_t vl = n - il - fl;
			if (il + fl >= n || memcmp(s + n - fl, fin, fl) != 0)
				continue;
			if (!in_list(s + il, vl, VOWELS, sizeof(VOWELS) / sizeof(VOWELS[0])))
				continue;
			/* A stop final takes only the rising or the heavy tone
			 * (các, việc, tiếp, một), and "oo" is written only before
			 * -ng and -c (xoong, moóc). */
			if ((!strcmp(fin, "c") || !strcmp(fin, "ch") || !strcmp(fin, "p") ||
			     !strcmp(fin, "t")) &&
			    tone != 0x0301 && tone != 0x0323 && tones)
				continue;
			if (vl == 2 && !memcmp(s + il, "oo", 2) && strcmp(fin, "ng") &&
			    strcmp(fin, "c"))
				continue;
			return 1;
		}
	}
	return 0;
}

int lt_vnenc_syllable(const char *w, size_t len)
{
	return syllable_kind(w, len) == 1;
}

typedef struct score {
	size_t good; /* words with a letter beyond ASCII that are syllables */
	size_t bad;  /* such words that are not, and symbols stuck to letters */
} score;

static int is_letter(utf8proc_int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
	       (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME);
}

/* A character a wrong table leaves in words: a Latin-1 symbol. */
static int is_stray(utf8proc_int32_t cp)
{
	return cp >= 0xA1 && cp <= 0xBF && !is_letter(cp) && cp != 0xAB && cp != 0xBB;
}

static void score_text(score *sc, const char *s, size_t len)
{
	size_t i = 0;
	utf8proc_int32_t prev = ' ';

	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &cp);
		size_t start = i, end;
		int wide = 0;

		if (k <= 0) {
			i++;
			continue;
		}
		if (!is_letter(cp)) {
			if (is_stray(cp) && is_letter(prev))
				sc->bad++;
			else if (is_stray(cp) && i + (size_t)k < len) {
				utf8proc_int32_t nx;
				if (utf8proc_iterate((const utf8proc_uint8_t *)s + i + k,
				                     (utf8proc_ssize_t)(len - i - (size_t)k),
				                     &nx) > 0 &&
				    is_letter(nx))
					sc->bad++;
			}
			prev = cp;
			i += (size_t)k;
			continue;
		}
		/* A word: a run of letters and marks. */
		end = i;
		while (end < len) {
			utf8proc_int32_t c2;
			utf8proc_ssize_t k2 = utf8proc_iterate((const utf8proc_uint8_t *)s + end,
			                                       (utf8proc_ssize_t)(len - end), &c2);
			if (k2 <= 0 || !is_letter(c2))
				break;
			if (c2 >= 0x80)
				wide = 1;
			prev = c2;
			end += (size_t)k2;
		}
		if (wide) {
			int kind = syllable_kind(s + start, end - start);
			if (kind == 1)
				sc->good++;
			else if (kind == 0)
				sc->bad++;
		}
		i = end;
	}
}

static double ratio(const score *sc)
{
	size_t all = sc->good + sc->bad;
	return all ? (double)sc->good / (double)all : 0.0;
}

/* When both readings are as good (a short text: "Thông tư" in VNI also
 * reads "Thoõng tử" in TCVN3), the bytes' shape decides: VNI writes a
 * mark byte right after a vowel, TCVN3 a toned vowel as one byte, mostly
 * after a consonant. 1 for VNI, 0 for TCVN3. */
static int vni_shaped(const char *s, size_t len)
{
	size_t vni = 0, tcvn3 = 0;

	for (size_t i = 1; i < len; i++) {
		unsigned char b = (unsigned char)s[i], p = (unsigned char)s[i - 1];
		int vowel = p < 0x80 && strchr("aeiouyAEIOUY", p) && p;
		if (b < 0x80)
			continue;
		if (vowel && vni_mark(b))
			vni++;
		else if (!vowel && p < 0x80 && isalpha_ascii(p) && lt_vnenc_tcvn3[b - 0x80] &&
		         !vni_letter(b, &(int){0}))
			tcvn3++; /* (VNI's own one-byte letters follow consonants too) */
	}
	return vni > tcvn3;
}

/* Damaged UTF-8 rather than legacy bytes: it holds at least as many
 * UTF-8 Vietnamese letters (U+1EA0..U+1EF9, "ồ", "ữ": three bytes that
 * TCVN3 and VNI words do not make) as bytes that are not UTF-8 — a
 * Unicode text cut in a sequence, or with a stray byte, is not
 * "converted" (promise 1). */
static int damaged_utf8(const char *s, size_t len)
{
	size_t viet = 0, bad = 0, i = 0;

	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0) {
			bad++;
			i++;
			continue;
		}
		if (cp >= 0x1EA0 && cp <= 0x1EF9)
			viet++;
		i += (size_t)k;
	}
	return viet > 0 && viet >= bad;
}

lt_vnenc lt_vnenc_detect(const char *s, size_t len)
{
	static const lt_vnenc cand[] = {LT_VNENC_TCVN3, LT_VNENC_VNI};
	lt_vnenc best = LT_VNENC_UNKNOWN;
	double best_ratio = 0;
	size_t best_good = 0;
	int tie = 0;

	if (lt_text_validate(s, len, NULL) == LT_OK)
		return LT_VNENC_UNICODE;
	if (len > DETECT_MAX_BYTES)
		len = DETECT_MAX_BYTES;
	if (damaged_utf8(s, len))
		return LT_VNENC_UNKNOWN;
	for (size_t i = 0; i < sizeof(cand) / sizeof(cand[0]); i++) {
		lt_buf text = LT_BUF_INIT;
		score sc = {0, 0};
		double r;

		if (lt_vnenc_decode(&text, cand[i], s, len, 0, NULL) != LT_OK) {
			lt_buf_free(&text);
			return LT_VNENC_UNKNOWN;
		}
		score_text(&sc, text.data ? text.data : "", text.len);
		lt_buf_free(&text);
		r = ratio(&sc);
		if (sc.good > 0 && r == best_ratio && sc.good == best_good)
			tie = 1;
		else if (sc.good > 0 &&
		         (r > best_ratio || (r == best_ratio && sc.good > best_good))) {
			best = cand[i];
			best_ratio = r;
			best_good = sc.good;
			tie = 0;
		}
	}
	if (tie)
		best = vni_shaped(s, len) ? LT_VNENC_VNI : LT_VNENC_TCVN3;
	return best_ratio >= DETECT_MIN_RATIO ? best : LT_VNENC_UNKNOWN;
}

int lt_vnenc_repair(lt_buf *out, const char *s, size_t len, lt_vnenc *used, lt_error *err)
{
	size_t chars[3] = {0, 0, 0}; /* bytes converted as TCVN3, VNI */
	int rc;

	if (used)
		*used = LT_VNENC_UNICODE;
	if ((rc = lt_text_validate(s, len, err)) != LT_OK)
		return rc;
	for (size_t i = 0; i < len && rc == LT_OK;) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) + 1 : len;
		score now = {0, 0};
		lt_buf best = LT_BUF_INIT;
		lt_vnenc best_enc = LT_VNENC_UNICODE;
		size_t best_good = 0;

		score_text(&now, s + i, end - i);
		if (now.bad > 0) {
			static const lt_vnenc cand[] = {LT_VNENC_TCVN3, LT_VNENC_VNI};
			for (size_t c = 0; c < 2 && rc == LT_OK; c++) {
				lt_buf t = LT_BUF_INIT;
				score sc = {0, 0};
				rc = lt_vnenc_decode_cp1252(&t, cand[c], s + i, end - i, 0, err);
				score_text(&sc, t.data ? t.data : "", t.len);
				if (rc == LT_OK && sc.good > now.good && sc.good > best_good &&
				    ratio(&sc) >= REPAIR_MIN_RATIO) {
					lt_buf_free(&best);
					best = t;
					best_enc = cand[c];
					best_good = sc.good;
				} else {
					lt_buf_free(&t);
				}
			}
		}
		if (rc == LT_OK) {
			if (best_enc != LT_VNENC_UNICODE) {
				chars[best_enc] += end - i;
				if (best.len && lt_buf_append(out, best.data, best.len) != LT_OK)
					rc = lt_error_set(err, LT_ENOMEM, "out of memory");
			} else if (lt_buf_append(out, s + i, end - i) != LT_OK) {
				rc = lt_error_set(err, LT_ENOMEM, "out of memory");
			}
		}
		lt_buf_free(&best);
		i = end;
	}
	if (rc == LT_OK && used && (chars[LT_VNENC_TCVN3] || chars[LT_VNENC_VNI]))
		*used =
		    chars[LT_VNENC_TCVN3] >= chars[LT_VNENC_VNI] ? LT_VNENC_TCVN3 : LT_VNENC_VNI;
	return rc;
}

/* ---- encoding (tests and the benchmark) ---------------------------------- */

static int tcvn3_byte(uint32_t cp)
{
	for (int i = 0; i < 128; i++)
		if (lt_vnenc_tcvn3[i] == cp)
			return 0x80 + i;
	return -1;
}

/* The VNI bytes of code point cp into b (1 or 2), or 0. */
static int vni_bytes(uint32_t cp, unsigned char b[2])
{
	utf8proc_int32_t d[8];
	utf8proc_ssize_t n =
	    utf8proc_decompose_char((utf8proc_int32_t)cp, d, 8, UTF8PROC_DECOMPOSE, NULL);
	uint32_t shape = 0, tone = 0, base;
	int capital;

	if (n < 1 || n > 8)
		return 0;
	base = (uint32_t)d[0];
	for (utf8proc_ssize_t i = 1; i < n; i++) {
		if (d[i] == 0x0302 || d[i] == 0x0306 || d[i] == 0x031B)
			shape = (uint32_t)d[i];
		else if (d[i] == 0x0300 || d[i] == 0x0301 || d[i] == 0x0303 || d[i] == 0x0309 ||
		         d[i] == 0x0323)
			tone = (uint32_t)d[i];
		else
			return 0;
	}
	if (n == 1 && cp < 0x80) {
		b[0] = (unsigned char)cp;
		return 1;
	}
	capital = base >= 'A' && base <= 'Z';
	/* Letters of one byte: đ, ơ ư (then their tone), i and ỵ toned. */
	for (const lt_vnenc_vni_letter *l = lt_vnenc_vni_letters; l->byte; l++) {
		if (cp == l->small || cp == l->capital) {
			b[0] = (unsigned char)(cp == l->small ? l->byte : l->byte - 0x20);
			return 1;
		}
	}
	if (shape == 0x031B && (base == 'o' || base == 'u' || base == 'O' || base == 'U')) {
		unsigned char letter = base == 'o' || base == 'O' ? 0xF4 : 0xF6;
		b[0] = capital ? letter - 0x20 : letter;
		if (!tone)
			return 1;
		shape = 0;
	} else if (base >= 0x80 || base == 0 || !strchr("aeiouyAEIOUY", (int)base)) {
		return 0;
	} else {
		b[0] = (unsigned char)base;
		if (!shape && !tone)
			return 1;
	}
	for (const lt_vnenc_vni_mark *m = lt_vnenc_vni_marks; m->byte; m++)
		if (m->shape == shape && m->tone == tone) {
			b[1] = capital ? m->byte - 0x20 : m->byte;
			return 2;
		}
	return 0;
}

int lt_vnenc_encode(lt_buf *out, lt_vnenc enc, const char *s, size_t len, size_t *lost,
                    lt_error *err)
{
	lt_buf nfc = LT_BUF_INIT;
	size_t changed = 0;
	int rc;

	if (enc != LT_VNENC_TCVN3 && enc != LT_VNENC_VNI)
		return lt_error_set(err, LT_EINVAL, "lt_vnenc_encode: %s", lt_vnenc_name(enc));
	if ((rc = lt_text_nfc(&nfc, s, len, err)) != LT_OK)
		return rc;
	for (size_t i = 0; i < nfc.len && rc == LT_OK;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)nfc.data + i,
		                                      (utf8proc_ssize_t)(nfc.len - i), &cp);
		unsigned char b[2];
		int nb = 0, x;

		i += (size_t)(k > 0 ? k : 1);
		if (enc == LT_VNENC_TCVN3) {
			if (cp < 0x80) {
				b[nb++] = (unsigned char)cp;
			} else if ((x = tcvn3_byte((uint32_t)cp)) >= 0) {
				b[nb++] = (unsigned char)x;
			} else if ((x = tcvn3_byte((uint32_t)utf8proc_tolower(cp))) >= 0) {
				b[nb++] = (unsigned char)x; /* no toned capitals */
				changed++;
			} else if ((x = cp1252_byte((uint32_t)cp)) >= 0x80 &&
			           !(x >= 0xA0 && lt_vnenc_tcvn3[x - 0x80]) && x != 0xA0) {
				b[nb++] = (unsigned char)x;
			} else {
				b[nb++] = '?';
				changed++;
			}
		} else {
			nb = vni_bytes((uint32_t)cp, b);
			if (nb == 0 && (x = cp1252_byte((uint32_t)cp)) >= 0x80 && x < 0xC0 &&
			    x != 0xA0) {
				b[nb++] = (unsigned char)x;
			} else if (nb == 0) {
				b[nb++] = '?';
				changed++;
			}
		}
		if (lt_buf_append(out, b, (size_t)nb) != LT_OK)
			rc = lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	lt_buf_free(&nfc);
	if (lost)
		*lost = changed;
	return rc;
}
