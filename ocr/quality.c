/*
 * ocr/quality.c — does a page's reading look right? (docs/ocr.md, "Page
 * quality")
 *
 * Tesseract's mean word confidence alone does not tell bad pages from
 * good: real pages score 85-95 whatever their quality, and a shaded page
 * read as one word scored 95. Three signs together do better:
 *
 *   sure     the mean confidence of the words read (Tesseract's own),
 *            and the share of words read with a confidence below 75;
 *   syllable the share of the words read that are well-formed Vietnamese
 *            syllables (lt_ocr_vietnamese_syllable: an initial consonant,
 *            a rhyme of the language, one tone that the rhyme allows):
 *            misread words are mostly not ("tiêp", "đươc", "khoang");
 *   ink      the letters read against the glyph marks of the page's ink
 *            (ink.c): text far below what the ink holds was lost.
 *
 * Each is mapped to 0..100 and the page's quality is the lowest of them;
 * the thresholds were set on the tune pages and measured on the report
 * pages (bench/README.md, "Page quality": of 73 pages, 7 of the 10 read
 * above 5 % CER flagged, none of the 56 below 1 %).
 */
#include "ocr/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

/* ---- Vietnamese syllables ------------------------------------------------ */

/* Rhymes (vần) without their tone, after the initial consonant. */
static const char *const RHYMES[] = {
    "a",    "ac",   "ach",  "ai",   "am",   "an",   "ang",  "anh",  "ao",  "ap",   "at",   "au",
    "ay",   "ăc",   "ăm",   "ăn",   "ăng",  "ăp",   "ăt",   "âc",   "âm",  "ân",   "âng",  "âp",
    "ât",   "âu",   "ây",   "e",    "ec",   "em",   "en",   "eng",  "eo",  "ep",   "et",   "ê",
    "êch",  "êm",   "ên",   "ênh",  "êp",   "êt",   "êu",   "i",    "ia",  "ich",  "iêc",  "iêm",
    "iên",  "iêng", "iêp",  "iêt",  "iêu",  "im",   "in",   "inh",  "ip",  "it",   "iu",   "o",
    "oa",   "oac",  "oach", "oai",  "oam",  "oan",  "oang", "oanh", "oao", "oap",  "oat",  "oay",
    "oăc",  "oăm",  "oăn",  "oăng", "oăt",  "oc",   "oe",   "oen",  "oeo", "oet",  "oi",   "om",
    "on",   "ong",  "ooc",  "oong", "op",   "ot",   "ô",    "ôc",   "ôi",  "ôm",   "ôn",   "ông",
    "ôp",   "ôt",   "ơ",    "ơi",   "ơm",   "ơn",   "ơp",   "ơt",   "u",   "ua",   "uân",  "uâng",
    "uât",  "uây",  "uc",   "uê",   "uêch", "uênh", "ui",   "um",   "un",  "ung",  "uơ",   "uôc",
    "uôi",  "uôm",  "uôn",  "uông", "uôt",  "up",   "ut",   "uy",   "uya", "uych", "uyên", "uyêt",
    "uynh", "uyt",  "uyu",  "ư",    "ưa",   "ưc",   "ưi",   "ưm",   "ưn",  "ưng",  "ươc",  "ươi",
    "ươm",  "ươn",  "ương", "ươp",  "ươt",  "ươu",  "ưt",   "ưu",   "y",   "yêm",  "yên",  "yêng",
    "yêt",  "yêu",  "oong", "uênh", "uyu",
};

/* Initial consonants, longest first; "" (none) last. */
static const char *const INITIALS[] = {"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th",
                                       "tr",  "b",  "c",  "d",  "đ",  "g",  "h",  "k",  "l",  "m",
                                       "n",   "p",  "r",  "s",  "t",  "v",  "x",  ""};

static int rhyme_known(const char *r, size_t n)
{
	for (size_t i = 0; i < sizeof(RHYMES) / sizeof(RHYMES[0]); i++)
		if (strlen(RHYMES[i]) == n && memcmp(RHYMES[i], r, n) == 0)
			return 1;
	return 0;
}

/* A stop (-c, -ch, -p, -t) closes the rhyme: only the acute or the dot
 * below tone can fall on it. */
static int stop_final(const char *r, size_t n)
{
	char last = n ? r[n - 1] : 0;
	return last == 'c' || last == 'p' || last == 't' ||
	       (n >= 2 && r[n - 2] == 'c' && last == 'h');
}

/* ă â ê ô ơ ư from the letter and its vowel mark; 0 for anything else. */
static utf8proc_int32_t with_vowel_mark(utf8proc_int32_t c, utf8proc_int32_t mark)
{
	if (mark == 0x0306 && c == 'a')
		return 0x0103;
	if (mark == 0x0302)
		return c == 'a' ? 0x00e2 : c == 'e' ? 0x00ea : c == 'o' ? 0x00f4 : 0;
	if (mark == 0x031B)
		return c == 'o' ? 0x01a1 : c == 'u' ? 0x01b0 : 0;
	return 0;
}

int lt_ocr_vietnamese_syllable(const char *word, size_t len)
{
	char base[64];
	size_t nb = 0, i = 0;
	int tone = 0, tones = 0;

	/* Lower case, tone marks taken off (counted), vowel marks kept. */
	while (i < len) {
		utf8proc_int32_t cp, parts[4];
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)word + i,
		                                      (utf8proc_ssize_t)(len - i), &cp);
		utf8proc_ssize_t np;
		int bound = 0;

		if (n <= 0)
			return 0;
		i += (size_t)n;
		cp = utf8proc_tolower(cp);
		np = utf8proc_decompose_char(cp, parts, 4, UTF8PROC_DECOMPOSE, &bound);
		if (np < 1)
			return 0;
		{
			utf8proc_int32_t keep[4];
			utf8proc_ssize_t nk = 0;
			utf8proc_uint8_t enc[16];
			utf8proc_ssize_t el = 0;

			for (utf8proc_ssize_t k = 0; k < np; k++) {
				switch (parts[k]) {
				case 0x0300:
				case 0x0301:
				case 0x0303:
				case 0x0309:
				case 0x0323:
					tone = parts[k];
					tones++;
					break;
				default: keep[nk++] = parts[k];
				}
			}
			/* Recompose the letter with its vowel mark. */
			if (nk == 2)
				keep[0] = with_vowel_mark(keep[0], keep[1]);
			else if (nk != 1)
				return 0;
			if (!((keep[0] >= 'a' && keep[0] <= 'z') || keep[0] == 0x0111 ||
			      keep[0] == 0x0103 || keep[0] == 0x00e2 || keep[0] == 0x00ea ||
			      keep[0] == 0x00f4 || keep[0] == 0x01a1 || keep[0] == 0x01b0))
				return 0;
			el = utf8proc_encode_char(keep[0], enc);
			if (nb + (size_t)el >= sizeof(base))
				return 0;
			memcpy(base + nb, enc, (size_t)el);
			nb += (size_t)el;
		}
	}
	if (nb == 0 || tones > 1)
		return 0;
	for (size_t k = 0; k < sizeof(INITIALS) / sizeof(INITIALS[0]); k++) {
		size_t il = strlen(INITIALS[k]);
		const char *r = base + il;
		size_t rl = nb - il;

		if (il > nb || memcmp(base, INITIALS[k], il) != 0 || !rhyme_known(r, rl))
			continue;
		/* "gi" before i, "qu" before u / y: the vowel belongs to the
		 * initial; "k", "gh", "ngh" only before i, e, ê (y). */
		if ((strcmp(INITIALS[k], "k") == 0 || strcmp(INITIALS[k], "gh") == 0 ||
		     strcmp(INITIALS[k], "ngh") == 0) &&
		    !(r[0] == 'i' || r[0] == 'e' || r[0] == 'y' || memcmp(r, "ê", 2) == 0))
			continue;
		if (stop_final(r, rl) && tone != 0x0301 && tone != 0x0323)
			continue;
		return 1;
	}
	return 0;
}

/* ---- the page ------------------------------------------------------------- */

/* The sure sign: mean word confidence CONF_BAD → 0, CONF_GOOD → 100;
 * and the share of words (of two letters or more) below UNSURE_CONF,
 * UNSURE_BAD → 0, UNSURE_GOOD → 100. */
#define CONF_BAD    85.0
#define CONF_GOOD   95.0
#define UNSURE_CONF 75
#define UNSURE_BAD  0.20
#define UNSURE_GOOD 0.05
/* Syllables: share of judged words that are Vietnamese syllables. */
#define SYLL_BAD   0.55
#define SYLL_GOOD  0.90
#define SYLL_WORDS 8 /* fewer judged words: not judged */
/* Ink: letters read ÷ glyph marks. */
#define INK_BAD    0.10
#define INK_GOOD   0.40
#define INK_GLYPHS 12 /* fewer glyph marks: not judged */

static double scale(double v, double bad, double good)
{
	double s = (v - bad) / (good - bad) * 100.0;
	return s < 0 ? 0 : s > 100 ? 100 : s;
}

/* The word without the punctuation around it: [*a, *b). */
static void core_of(const char *s, size_t *a, size_t *b)
{
	size_t n = strlen(s), i = 0;

	while (i < n && (unsigned char)s[i] < 0x80 &&
	       !((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
		i++;
	while (n > i && (unsigned char)s[n - 1] < 0x80 &&
	       !((s[n - 1] | 0x20) >= 'a' && (s[n - 1] | 0x20) <= 'z'))
		n--;
	/* “ ” and … are three bytes of punctuation */
	while (n >= i + 3 && (unsigned char)s[n - 3] == 0xe2 && (unsigned char)s[n - 2] == 0x80)
		n -= 3;
	while (i + 3 <= n && (unsigned char)s[i] == 0xe2 && (unsigned char)s[i + 1] == 0x80)
		i += 3;
	*a = i;
	*b = n;
}

static int all_capitals(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0)
			return 0;
		i += (size_t)n;
		if (utf8proc_category(cp) == UTF8PROC_CATEGORY_LL)
			return 0;
	}
	return 1;
}

int lt_ocr_quality(const lt_ocr_words *pw, const lt_ocr_ink *ink)
{
	double conf = 0, q = 100;
	size_t letters = 0, judged = 0, syll = 0, lw = 0, unsure = 0;

	for (size_t i = 0; i < pw->nw; i++) {
		const lt_ocr_word *w = &pw->w[i];
		size_t a, b, k;
		int plain = 1;

		conf += w->conf;
		letters += w->letters;
		if (w->letters >= 2) {
			lw++;
			unsure += w->conf < UNSURE_CONF;
		}
		core_of(w->text, &a, &b);
		if (b <= a)
			continue;
		for (k = a; k < b; k++)
			if ((unsigned char)w->text[k] < 0x80 &&
			    !((w->text[k] | 0x20) >= 'a' && (w->text[k] | 0x20) <= 'z'))
				plain = 0; /* digits, inner punctuation: a code, not a word */
		/* Words in capitals are abbreviations as often as not (UBND,
		 * HĐND, CCHC); one letter is not a word to judge. */
		if (!plain || b - a < 2 || all_capitals(w->text + a, b - a))
			continue;
		judged++;
		syll += lt_ocr_vietnamese_syllable(w->text + a, b - a) != 0;
	}
	if (pw->nw)
		q = scale(conf / (double)pw->nw, CONF_BAD, CONF_GOOD);
	if (lw) {
		double s = scale((double)unsure / (double)lw, UNSURE_BAD, UNSURE_GOOD);
		q = s < q ? s : q;
	}
	if (judged >= SYLL_WORDS) {
		double s = scale((double)syll / (double)judged, SYLL_BAD, SYLL_GOOD);
		q = s < q ? s : q;
	}
	if (ink->glyphs >= INK_GLYPHS) {
		double s = scale((double)letters / (double)ink->glyphs, INK_BAD, INK_GOOD);
		q = s < q ? s : q;
	}
	/* The signal's inputs, for bench/ocr_bench.sh (list.N.err), which
	 * calibrates it against the pages' CER. */
	if (getenv("LT_OCR_DEBUG"))
		fprintf(stderr,
		        "quality: conf %.1f syll %zu/%zu letters %zu glyphs %d dark %.4f unsure "
		        "%zu/%zu "
		        "-> %.0f\n",
		        pw->nw ? conf / (double)pw->nw : 0, syll, judged, letters, ink->glyphs,
		        ink->dark, unsure, lw, q);
	return (int)(q + 0.5);
}
