/* tests/unit/test_text.c — core/text: validation, the three forms, the word iterator. */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/text.h"

enum form { NFC, EXACT, FOLD };

/* The form of s as a malloc'd string; the call must succeed. */
static char *form_of(enum form f, const char *s, size_t len)
{
	lt_buf b = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;
	int rc;

	if (f == NFC)
		rc = lt_text_nfc(&b, s, len, &err);
	else if (f == EXACT)
		rc = lt_text_exact(&b, s, len, &err);
	else
		rc = lt_text_fold(&b, s, len, &err);
	if (rc != LT_OK)
		fail_msg("form %d of \"%s\" failed: %s", (int)f, s, err.message);
	return lt_buf_detach(&b);
}

static void assert_form(enum form f, const char *in, const char *want)
{
	char *got = form_of(f, in, LT_TEXT_STRLEN);
	assert_string_equal(got, want);
	free(got);
}

static void assert_same_form(enum form f, const char *a, const char *b)
{
	char *x = form_of(f, a, LT_TEXT_STRLEN);
	char *y = form_of(f, b, LT_TEXT_STRLEN);
	if (strcmp(x, y) != 0)
		fail_msg("expected the same form %d: \"%s\" -> \"%s\", \"%s\" -> \"%s\"", (int)f, a,
		         x, b, y);
	free(x);
	free(y);
}

static void assert_different_form(enum form f, const char *a, const char *b)
{
	char *x = form_of(f, a, LT_TEXT_STRLEN);
	char *y = form_of(f, b, LT_TEXT_STRLEN);
	if (strcmp(x, y) == 0)
		fail_msg("expected different forms %d: \"%s\" and \"%s\" both -> \"%s\"", (int)f, a,
		         b, x);
	free(x);
	free(y);
}

/* ---- validation ------------------------------------------------------- */

static void test_validate_accepts_valid(void **state)
{
	(void)state;
	assert_int_equal(lt_text_validate("", 0, NULL), LT_OK);
	assert_int_equal(lt_text_validate("", LT_TEXT_STRLEN, NULL), LT_OK);
	assert_int_equal(lt_text_validate(NULL, 0, NULL), LT_OK);
	assert_int_equal(lt_text_validate("plain ascii", LT_TEXT_STRLEN, NULL), LT_OK);
	assert_int_equal(
	    lt_text_validate("Cộng hòa xã hội chủ nghĩa Việt Nam", LT_TEXT_STRLEN, NULL), LT_OK);
	/* 2-, 3- and 4-byte boundaries */
	assert_int_equal(lt_text_validate("\xC2\x80\xDF\xBF", LT_TEXT_STRLEN, NULL), LT_OK);
	assert_int_equal(lt_text_validate("\xE0\xA0\x80\xEF\xBF\xBD", LT_TEXT_STRLEN, NULL), LT_OK);
	assert_int_equal(lt_text_validate("\xED\x9F\xBF\xEE\x80\x80", LT_TEXT_STRLEN, NULL), LT_OK);
	assert_int_equal(lt_text_validate("\xF0\x90\x80\x80\xF4\x8F\xBF\xBF", LT_TEXT_STRLEN, NULL),
	                 LT_OK);
	/* len stops before a bad byte: only len bytes count */
	assert_int_equal(lt_text_validate("abc\xFF", 3, NULL), LT_OK);
}

struct bad_case {
	const char *bytes;
	size_t len;
	size_t offset;
};

static void test_validate_rejects_invalid(void **state)
{
	static const struct bad_case cases[] = {
	    {"\x80", 1, 0},                     /* lone continuation byte */
	    {"ab\xBF", 3, 2},                   /* continuation after ASCII */
	    {"\xC0\xAF", 2, 0},                 /* overlong '/' (2 bytes) */
	    {"\xC1\xBF", 2, 0},                 /* overlong (2 bytes) */
	    {"x\xE0\x80\xAF", 4, 1},            /* overlong '/' (3 bytes) */
	    {"\xE0\x9F\xBF", 3, 0},             /* overlong U+07FF */
	    {"\xF0\x80\x80\xAF", 4, 0},         /* overlong '/' (4 bytes) */
	    {"\xF0\x8F\xBF\xBF", 4, 0},         /* overlong U+FFFF */
	    {"\xED\xA0\x80", 3, 0},             /* high surrogate U+D800 */
	    {"\xED\xBF\xBF", 3, 0},             /* low surrogate U+DFFF */
	    {"\xED\xA0\xBD\xED\xB2\xA9", 6, 0}, /* CESU-8 surrogate pair */
	    {"\xF4\x90\x80\x80", 4, 0},         /* above U+10FFFF */
	    {"\xF5\x80\x80\x80", 4, 0},         /* F5 never appears */
	    {"\xFE", 1, 0},
	    {"\xFF", 1, 0},
	    {"Vi\xE1\xBB", 4, 2},   /* truncated at the end */
	    {"\xE1\xBB x", 4, 0},   /* truncated before a space */
	    {"\xC3", 1, 0},         /* truncated 2-byte */
	    {"\xF0\x9F\x98", 3, 0}, /* truncated 4-byte */
	    {"Việt\xC3(", 8, 6},    /* bad second byte, after 4 chars */
	    {"ab\0cd", 5, 2},       /* NUL inside len */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		lt_error err = LT_ERROR_INIT;
		char want[32];
		int rc = lt_text_validate(cases[i].bytes, cases[i].len, &err);
		if (rc != LT_EINVAL)
			fail_msg("case %zu: expected LT_EINVAL, got %d", i, rc);
		assert_int_equal(err.code, LT_EINVAL);
		snprintf(want, sizeof(want), "byte %zu", cases[i].offset);
		if (!strstr(err.message, want))
			fail_msg("case %zu: message \"%s\" does not name %s", i, err.message, want);
		/* and without an error object it still fails */
		assert_int_equal(lt_text_validate(cases[i].bytes, cases[i].len, NULL), LT_EINVAL);
	}
}

static void test_validate_message_language(void **state)
{
	lt_error err = LT_ERROR_INIT;

	(void)state;
	lt_lang_set(LT_LANG_VI);
	assert_int_equal(lt_text_validate("ab\xFF", 3, &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "không phải UTF-8 hợp lệ tại byte 2"));
	/* the message itself is valid UTF-8 (it reaches JSON and terminals) */
	assert_int_equal(lt_text_validate(err.message, LT_TEXT_STRLEN, NULL), LT_OK);

	lt_lang_set(LT_LANG_EN);
	assert_int_equal(lt_text_validate("ab\xFF", 3, &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "invalid UTF-8 at byte 2"));
	assert_int_equal(lt_text_validate("a\0", 2, &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "NUL"));
	assert_non_null(strstr(err.message, "byte 1"));
	lt_lang_set(LT_LANG_VI);
}

/* Every transform refuses bad input, appends nothing, keeps what was there. */
static void test_transforms_reject_invalid(void **state)
{
	static const char *const bad[] = {"\xC0\xAF", "ok \xED\xA0\x80", "trunc\xE1\xBA", "\xFF"};
	size_t i;
	int f;

	(void)state;
	for (f = NFC; f <= FOLD; f++) {
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			lt_buf b = LT_BUF_INIT;
			lt_error err = LT_ERROR_INIT;
			int rc;

			assert_int_equal(lt_buf_puts(&b, "keep"), LT_OK);
			if (f == NFC)
				rc = lt_text_nfc(&b, bad[i], LT_TEXT_STRLEN, &err);
			else if (f == EXACT)
				rc = lt_text_exact(&b, bad[i], LT_TEXT_STRLEN, &err);
			else
				rc = lt_text_fold(&b, bad[i], LT_TEXT_STRLEN, &err);
			assert_int_equal(rc, LT_EINVAL);
			assert_int_equal(err.code, LT_EINVAL);
			assert_non_null(strstr(err.message, "byte"));
			assert_string_equal(lt_buf_cstr(&b), "keep");
			assert_int_equal(b.len, 4);
			lt_buf_free(&b);
		}
	}
	/* NUL inside an explicit length is refused too */
	{
		lt_buf b = LT_BUF_INIT;
		assert_int_equal(lt_text_fold(&b, "a\0b", 3, NULL), LT_EINVAL);
		assert_int_equal(b.len, 0);
		lt_buf_free(&b);
	}
}

/* ---- NFC ---------------------------------------------------------------- */

static void test_nfc(void **state)
{
	(void)state;
	/* decomposed (NFD, as macOS and some OCR engines write) → composed */
	assert_form(NFC, "Vie\xCC\xA3\xCC\x82t Nam", "Việt Nam");
	assert_form(NFC, "Vie\xCC\x82\xCC\xA3t", "Việt"); /* marks in either order */
	assert_form(NFC,
	            "ho\xCC\x80"
	            "a",
	            "hòa");
	/* OCR look-alikes: eth → d with stroke, case kept */
	assert_form(NFC, "\xC3\x90\xE1\xBB\x93ng \xC3\xB0i\xE1\xBB\x87n", "Đồng điện");
	/* NFC keeps case, tone placement and punctuation */
	assert_form(NFC, "Quyết Định số 12/QĐ-UBND, hoà", "Quyết Định số 12/QĐ-UBND, hoà");
	assert_form(NFC, "", "");
	assert_form(NFC, "ASCII Only", "ASCII Only");
	/* singleton decompositions: Ohm sign → Omega, Angstrom → Å */
	assert_form(NFC, "\xE2\x84\xA6 \xE2\x84\xAB", "\xCE\xA9 \xC3\x85");
	/* Hangul stays composed */
	assert_form(NFC, "\xED\x95\x9C\xEA\xB5\xAD", "\xED\x95\x9C\xEA\xB5\xAD");
	/* conjoining jamo compose */
	assert_form(NFC, "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB", "\xED\x95\x9C");
}

static void test_nfc_appends_and_respects_len(void **state)
{
	lt_buf b = LT_BUF_INIT;

	(void)state;
	assert_int_equal(lt_buf_puts(&b, "["), LT_OK);
	assert_int_equal(lt_text_nfc(&b, "hòa bình", strlen("hòa"), NULL), LT_OK);
	assert_int_equal(lt_buf_puts(&b, "]"), LT_OK);
	assert_string_equal(lt_buf_cstr(&b), "[hòa]");
	lt_buf_reset(&b);
	/* an explicit len may end in the middle of a character: that is invalid */
	assert_int_equal(lt_text_nfc(&b, "hòa", 2, NULL), LT_EINVAL);
	assert_int_equal(b.len, 0);
	/* NULL text with len 0 is the empty text */
	assert_int_equal(lt_text_nfc(&b, NULL, 0, NULL), LT_OK);
	assert_int_equal(b.len, 0);
	lt_buf_free(&b);
}

/* ---- exact form ------------------------------------------------------- */

static void test_exact_equal_pairs(void **state)
{
	(void)state;
	/* old and new tone placement */
	assert_same_form(EXACT, "hoà", "hòa");
	assert_same_form(EXACT, "thuỷ", "thủy");
	assert_same_form(EXACT, "khoẻ", "khỏe");
	assert_same_form(EXACT, "Thuỵ Điển", "Thụy Điển");
	assert_same_form(EXACT, "hoá đơn", "hóa đơn");
	assert_same_form(EXACT, "quỹ", "qũy");
	/* case */
	assert_same_form(EXACT, "Quyết", "quyết");
	assert_same_form(EXACT, "QUYẾT ĐỊNH", "quyết định");
	/* composed vs decomposed, marks in either order */
	assert_same_form(EXACT, "Việt", "Vie\xCC\x82\xCC\xA3t");
	assert_same_form(EXACT, "Việt", "Vie\xCC\xA3\xCC\x82t");
	assert_same_form(EXACT, "nghiệp", "nghie\xCC\x82p\xCC\xA3");
	/* the horn stays on its vowel, the tone moves */
	assert_same_form(EXACT, "thuở", "thủơ");
	/* eth look-alike */
	assert_same_form(EXACT, "\xC3\x90\xE1\xBB\x8Bnh", "định");
	/* a whole sentence with mixed placements */
	assert_same_form(EXACT, "Hoà Bình, Thuỷ lợi; Khoẻ.", "hòa bình, thủy lợi; khỏe.");
}

static void test_exact_distinct_words(void **state)
{
	static const char *const tones[] = {"ma", "má", "mà", "mả", "mã", "mạ"};
	size_t i, j;

	(void)state;
	for (i = 0; i < 6; i++)
		for (j = i + 1; j < 6; j++)
			assert_different_form(EXACT, tones[i], tones[j]);
	assert_different_form(EXACT, "thể", "thế");
	assert_different_form(EXACT, "thể", "the");
	/* vowel marks are not tones: they stay and distinguish */
	assert_different_form(EXACT, "ăn", "an");
	assert_different_form(EXACT, "ân", "ăn");
	assert_different_form(EXACT, "ơ", "o");
	assert_different_form(EXACT, "ư", "u");
	assert_different_form(EXACT, "đa", "da");
	/* where the horn sits matters (it is not moved) */
	assert_different_form(EXACT, "ươ", "uơ");
	/* a tone never crosses a word boundary */
	assert_different_form(EXACT, "hò a", "ho à");
	assert_different_form(EXACT, "hò-a", "ho-à");
	/* two tones keep their order */
	assert_different_form(EXACT, "a\xCC\x81\xCC\x80", "a\xCC\x80\xCC\x81");
}

static void test_exact_shape(void **state)
{
	(void)state;
	/* lower case, composed; a tone already last stays composed */
	assert_form(EXACT, "HOÀ", "hoà");
	assert_form(EXACT, "Hòa", "hoà");
	assert_form(EXACT, "THỦY", "thuỷ");
	/* the key is not display text: "định" has its dot below after the 'h' */
	assert_form(EXACT, "Định", "đin\xE1\xB8\xA5"); /* h + dot below = ḥ */
	/* non-word characters pass through; words are split at - and / */
	assert_form(EXACT, "Số 12/QĐ-UBND (hòa)", "số 12/qđ-ubnd (hoà)");
	assert_form(EXACT, "  a\tb\n", "  a\tb\n");
	assert_form(EXACT, "", "");
	assert_form(EXACT, "ABC-123", "abc-123");
}

static void test_exact_properties(void **state)
{
	static const char *const samples[] = {
	    "Quyết định về việc phê duyệt",
	    "Hoà Bình",
	    "THUỶ LỢI",
	    "Ðồng Tháp",
	    "nghie\xCC\x82p\xCC\xA3 vu\xCC\xA3",
	    "Thụy Điển — 22/9/2017",
	    "ệ ệ",
	    "Москва Ёлка",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		char *e = form_of(EXACT, samples[i], LT_TEXT_STRLEN);
		char *ee = form_of(EXACT, e, LT_TEXT_STRLEN);
		char *f = form_of(FOLD, samples[i], LT_TEXT_STRLEN);
		char *fe = form_of(FOLD, e, LT_TEXT_STRLEN);
		char *ff = form_of(FOLD, f, LT_TEXT_STRLEN);
		/* exact is idempotent, folded is a function of exact, fold is idempotent */
		assert_string_equal(ee, e);
		assert_string_equal(fe, f);
		assert_string_equal(ff, f);
		free(e);
		free(ee);
		free(f);
		free(fe);
		free(ff);
	}
}

/* The exact form of a text, split into words, equals the exact form of
 * each word of the text: the indexer may do either. */
static void test_exact_per_word_matches_whole(void **state)
{
	const char *text = "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ "
	                   "về công tác văn thư; xét đề nghị của Chánh Văn phòng, Thuỷ lợi.";
	char *whole = form_of(EXACT, text, LT_TEXT_STRLEN);
	lt_text_iter a, b;
	int words = 0;

	(void)state;
	lt_text_iter_init(&a, text, LT_TEXT_STRLEN);
	lt_text_iter_init(&b, whole, LT_TEXT_STRLEN);
	while (lt_text_iter_next(&a)) {
		char *w;
		assert_true(lt_text_iter_next(&b));
		w = form_of(EXACT, a.word, a.word_len);
		assert_int_equal(strlen(w), b.word_len);
		assert_memory_equal(w, b.word, b.word_len);
		free(w);
		words++;
	}
	assert_false(lt_text_iter_next(&b));
	assert_int_equal(words, 30);
	free(whole);
}

/* ---- folded form ------------------------------------------------------ */

static void test_fold(void **state)
{
	(void)state;
	assert_form(FOLD, "Quyết Định", "quyet dinh");
	assert_form(FOLD, "ĐƯỜNG ĐI", "duong di");
	assert_form(FOLD, "Ðồng Tháp", "dong thap"); /* eth */
	assert_form(FOLD, "ðiện", "dien");
	assert_form(FOLD, "1234/QĐ-UBND", "1234/qd-ubnd");
	assert_form(FOLD, "Cộng hoà xã hội chủ nghĩa Việt Nam",
	            "cong hoa xa hoi chu nghia viet nam");
	assert_form(FOLD, "ă â ê ô ơ ư đ Ă Â Ê Ô Ơ Ư Đ", "a a e o o u d a a e o o u d");
	assert_form(FOLD, "à á ả ã ạ ằ ắ ẳ ẵ ặ ầ ấ ẩ ẫ ậ", "a a a a a a a a a a a a a a a");
	assert_form(FOLD, "ỳ ý ỷ ỹ ỵ Ỳ Ý Ỷ Ỹ Ỵ", "y y y y y y y y y y");
	assert_form(FOLD, "ừ ứ ử ữ ự ờ ớ ở ỡ ợ", "u u u u u o o o o o");
	/* decomposed input folds the same */
	assert_form(FOLD, "Vie\xCC\xA3\xCC\x82t", "viet");
	/* other scripts: case folded, marks stripped, letters kept and composed */
	assert_form(FOLD, "Москва", "москва");
	assert_form(FOLD, "Café Noël", "cafe noel");
	assert_form(FOLD, "\xED\x95\x9C\xEA\xB5\xAD", "\xED\x95\x9C\xEA\xB5\xAD");
	assert_form(FOLD, "Straße", "strasse");
	/* ASCII fast path */
	assert_form(FOLD, "Hello, WORLD 42!", "hello, world 42!");
	assert_form(FOLD, "", "");
}

static void test_fold_respects_len(void **state)
{
	lt_buf b = LT_BUF_INIT;
	const char *s = "QUYẾT ĐỊNH";

	(void)state;
	assert_int_equal(lt_text_fold(&b, s, strlen("QUYẾT"), NULL), LT_OK);
	assert_string_equal(lt_buf_cstr(&b), "quyet");
	assert_int_equal(lt_text_fold(&b, "ABC", 2, NULL), LT_OK); /* appended */
	assert_string_equal(lt_buf_cstr(&b), "quyetab");
	lt_buf_free(&b);
}

/* Longer than the stack buffer, and growing under decomposition: the
 * retry-with-the-size-utf8proc-asked-for path. */
static void test_long_inputs(void **state)
{
	lt_buf in = LT_BUF_INIT, want = LT_BUF_INIT, got = LT_BUF_INIT;
	size_t i;

	(void)state;
	/* 20 000 Vietnamese words, about 140 kB */
	for (i = 0; i < 20000; i++) {
		assert_int_equal(lt_buf_puts(&in, i % 2 ? "Quyết " : "ĐỊNH "), LT_OK);
		assert_int_equal(lt_buf_puts(&want, i % 2 ? "quyet " : "dinh "), LT_OK);
	}
	assert_int_equal(lt_text_fold(&got, in.data, in.len, NULL), LT_OK);
	assert_int_equal(got.len, want.len);
	assert_string_equal(got.data, want.data);
	lt_buf_reset(&got);
	assert_int_equal(lt_text_nfc(&got, in.data, in.len, NULL), LT_OK);
	assert_string_equal(got.data, in.data);
	lt_buf_reset(&got);
	assert_int_equal(lt_text_exact(&got, in.data, LT_TEXT_STRLEN, NULL), LT_OK);
	assert_true(got.len > 0);
	/* "đinḥ" + space, "quyêt" + acute + space (t has no composed acute) */
	assert_int_equal(lt_text_length(got.data, got.len), 10000 * 5 + 10000 * 7);

	/* U+0390 (2 bytes) case-folds and decomposes to 3 code points */
	lt_buf_reset(&in);
	lt_buf_reset(&want);
	lt_buf_reset(&got);
	for (i = 0; i < 3000; i++) {
		assert_int_equal(lt_buf_puts(&in, "\xCE\x90"), LT_OK);
		assert_int_equal(lt_buf_puts(&want, "\xCE\xB9"), LT_OK);
	}
	assert_int_equal(lt_text_fold(&got, in.data, in.len, NULL), LT_OK);
	assert_string_equal(got.data, want.data);
	lt_buf_reset(&got);
	assert_int_equal(lt_text_nfc(&got, in.data, in.len, NULL), LT_OK);
	assert_string_equal(got.data, in.data);
	lt_buf_reset(&got);
	assert_int_equal(lt_text_exact(&got, in.data, in.len, NULL), LT_OK);
	/* one word: ϊ × 3000 with all 3000 acutes after it, the first composing */
	assert_int_equal(lt_text_length(got.data, got.len), 3000 + 2999);

	/* 1 MB of ASCII */
	lt_buf_reset(&in);
	lt_buf_reset(&got);
	for (i = 0; i < 1 << 20; i++)
		assert_int_equal(lt_buf_putc(&in, (char)('A' + i % 26)), LT_OK);
	assert_int_equal(lt_text_fold(&got, in.data, in.len, NULL), LT_OK);
	assert_int_equal(got.len, in.len);
	assert_int_equal(got.data[0], 'a');
	assert_int_equal(got.data[25], 'z');
	assert_int_equal(got.data[got.len - 1], 'a' + (int)((in.len - 1) % 26));

	lt_buf_free(&in);
	lt_buf_free(&want);
	lt_buf_free(&got);
}

/* Reference folded form, the slow way: the general utf8proc pipeline. */
static utf8proc_int32_t ref_eth(utf8proc_int32_t c, void *data)
{
	(void)data;
	return c == 0xD0 ? 0x110 : c == 0xF0 ? 0x111 : c;
}

static char *ref_fold(const char *s)
{
	utf8proc_int32_t buf[64];
	utf8proc_ssize_t n, i, k = 0, bytes;
	char *r;

	n = utf8proc_decompose_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)strlen(s), buf,
	                              63, UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STABLE,
	                              ref_eth, NULL);
	assert_true(n >= 0 && n <= 63);
	for (i = 0; i < n; i++) {
		if (buf[i] == 0x111)
			buf[k++] = 'd';
		else if (utf8proc_category(buf[i]) != UTF8PROC_CATEGORY_MN)
			buf[k++] = buf[i];
	}
	bytes = utf8proc_reencode(buf, k, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	assert_true(bytes >= 0);
	r = malloc((size_t)bytes + 1);
	assert_non_null(r);
	memcpy(r, buf, (size_t)bytes + 1);
	return r;
}

/* The table road of lt_text_fold agrees with the general pipeline for
 * every code point it covers, between letters and around marks. */
static void test_fold_matches_reference(void **state)
{
	utf8proc_int32_t cp;
	int checked = 0;

	(void)state;
	for (cp = 0x80; cp < 0x3000; cp++) {
		utf8proc_uint8_t enc[4];
		char in[32];
		utf8proc_ssize_t n;
		char *want, *got;
		int variant;

		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		n = utf8proc_encode_char(cp, enc);
		for (variant = 0; variant < 2; variant++) {
			/* alone between letters, and after a letter with a mark */
			snprintf(in, sizeof(in), variant ? "A%.*sB" : "A\xCC\x81%.*s\xCC\xA3",
			         (int)n, (const char *)enc);
			want = ref_fold(in);
			got = form_of(FOLD, in, LT_TEXT_STRLEN);
			if (strcmp(want, got) != 0)
				fail_msg("U+%04X: fold \"%s\" gave \"%s\", want \"%s\"",
				         (unsigned)cp, in, got, want);
			free(want);
			free(got);
			checked++;
		}
	}
	assert_true(checked > 20000);
}

/* Reference exact form, written from the definition in text.h: case-fold
 * and decompose, move each word's tone marks after its last character,
 * restore canonical order, compose. */
static int ref_is_word(utf8proc_int32_t c)
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

static int ref_is_tone(utf8proc_int32_t c)
{
	return c == 0x300 || c == 0x301 || c == 0x303 || c == 0x309 || c == 0x323;
}

static char *ref_exact(const char *s)
{
	utf8proc_int32_t buf[64], word[64], tones[64];
	utf8proc_ssize_t n, i, bytes;
	char *r;

	n = utf8proc_decompose_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)strlen(s), buf,
	                              63, UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STABLE,
	                              ref_eth, NULL);
	assert_true(n >= 0 && n <= 63);
	i = 0;
	while (i < n) {
		utf8proc_ssize_t start = i, nw = 0, nt = 0, j;
		if (!ref_is_word(buf[i])) {
			i++;
			continue;
		}
		while (i < n && ref_is_word(buf[i])) {
			if (ref_is_tone(buf[i]))
				tones[nt++] = buf[i];
			else
				word[nw++] = buf[i];
			i++;
		}
		for (j = 0; j < nt; j++)
			word[nw++] = tones[j];
		memcpy(buf + start, word, (size_t)nw * sizeof(*word));
	}
	/* canonical order: a plain insertion sort on combining class */
	for (i = 1; i < n; i++) {
		utf8proc_ssize_t j = i;
		while (j > 0) {
			int a = utf8proc_get_property(buf[j - 1])->combining_class;
			int b = utf8proc_get_property(buf[j])->combining_class;
			utf8proc_int32_t t;
			if (!(b > 0 && a > b))
				break;
			t = buf[j];
			buf[j] = buf[j - 1];
			buf[j - 1] = t;
			j--;
		}
	}
	bytes = utf8proc_reencode(buf, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	assert_true(bytes >= 0);
	r = malloc((size_t)bytes + 1);
	assert_non_null(r);
	memcpy(r, buf, (size_t)bytes + 1);
	return r;
}

/* The exact form agrees with the definition for every code point below
 * U+3000 (the table road and the general pipeline both), alone and with
 * tones around it. */
static void test_exact_matches_reference(void **state)
{
	static const char *const contexts[] = {
	    "A%.*sB",                /* between letters */
	    "h\xCC\x80%.*so",        /* a tone before it moves past it */
	    "e\xCC\x82%.*s\xCC\xA3", /* e circumflex, it, dot below */
	    "%.*s\xCC\x81 \xC3\x80", /* it + acute, then a separate word */
	    "\xE1\xBB\x87%.*s",      /* ệ then it */
	};
	utf8proc_int32_t cp;
	size_t c;
	int checked = 0;

	(void)state;
	for (cp = 0x80; cp < 0x3000; cp++) {
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t n;

		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		n = utf8proc_encode_char(cp, enc);
		for (c = 0; c < sizeof(contexts) / sizeof(contexts[0]); c++) {
			char in[32];
			char *want, *got;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
			snprintf(in, sizeof(in), contexts[c], (int)n, (const char *)enc);
#pragma GCC diagnostic pop
			want = ref_exact(in);
			got = form_of(EXACT, in, LT_TEXT_STRLEN);
			if (strcmp(want, got) != 0)
				fail_msg("U+%04X: exact \"%s\" gave \"%s\", want \"%s\"",
				         (unsigned)cp, in, got, want);
			free(want);
			free(got);
			checked++;
		}
	}
	assert_true(checked > 50000);
}

/* ---- has_diacritics, length ------------------------------------------- */

static void test_has_diacritics(void **state)
{
	(void)state;
	assert_false(lt_text_has_diacritics("hoa", LT_TEXT_STRLEN));
	assert_false(lt_text_has_diacritics("HOA Binh", LT_TEXT_STRLEN)); /* case is no diacritic */
	assert_false(lt_text_has_diacritics("", LT_TEXT_STRLEN));
	assert_false(lt_text_has_diacritics(NULL, 0));
	assert_false(lt_text_has_diacritics("12/2020", LT_TEXT_STRLEN));
	assert_false(lt_text_has_diacritics("Москва", LT_TEXT_STRLEN));
	assert_true(lt_text_has_diacritics("hoà", LT_TEXT_STRLEN));
	assert_true(lt_text_has_diacritics("hoa\xCC\x80", LT_TEXT_STRLEN));
	assert_true(lt_text_has_diacritics("ăn", LT_TEXT_STRLEN));
	assert_true(lt_text_has_diacritics("đi", LT_TEXT_STRLEN));
	assert_true(lt_text_has_diacritics("ĐI", LT_TEXT_STRLEN));
	assert_true(lt_text_has_diacritics("\xC3\x90I", LT_TEXT_STRLEN)); /* eth reads as Đ */
	/* only the first len bytes count */
	assert_false(lt_text_has_diacritics("hoà", 2));
	/* invalid UTF-8 has no diacritics to report */
	assert_false(lt_text_has_diacritics("\xC0\xAF", 2));

	/* agrees with the definition: exact and folded forms differ */
	{
		static const char *const words[] = {"hoa", "hoà", "Đi", "di", "QUY", "quý", "ư"};
		size_t i;
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
			char *e = form_of(EXACT, words[i], LT_TEXT_STRLEN);
			char *f = form_of(FOLD, words[i], LT_TEXT_STRLEN);
			assert_int_equal(lt_text_has_diacritics(words[i], LT_TEXT_STRLEN),
			                 strcmp(e, f) != 0);
			free(e);
			free(f);
		}
	}
}

static void test_length(void **state)
{
	(void)state;
	assert_int_equal(lt_text_length("", LT_TEXT_STRLEN), 0);
	assert_int_equal(lt_text_length(NULL, 0), 0);
	assert_int_equal(lt_text_length("abc", LT_TEXT_STRLEN), 3);
	assert_int_equal(lt_text_length("Việt Nam", LT_TEXT_STRLEN), 8);
	assert_int_equal(lt_text_length("\xF0\x9F\x98\x80", LT_TEXT_STRLEN), 1);
	/* decomposed marks are code points of their own */
	assert_int_equal(lt_text_length("Vie\xCC\xA3\xCC\x82t", LT_TEXT_STRLEN), 6);
	/* bad bytes count one each, and never run past len */
	assert_int_equal(lt_text_length("a\xFF\xFE"
	                                "b",
	                                LT_TEXT_STRLEN),
	                 4);
	assert_int_equal(lt_text_length("\xE1\xBA", 2), 2);
	assert_int_equal(lt_text_length("Việt", 2), 2); /* "V", "i" */
	assert_int_equal(lt_text_length("Việt", 3), 3); /* "V", "i", a cut-off byte */
	assert_int_equal(lt_text_length("a\0b", 3), 3);
}

/* ---- word iterator ------------------------------------------------------ */

struct word {
	const char *text;
	size_t offset;
};

static void assert_words(const char *text, size_t len, const struct word *want, size_t n)
{
	lt_text_iter it;
	size_t i = 0;

	lt_text_iter_init(&it, text, len);
	while (lt_text_iter_next(&it)) {
		if (i >= n)
			fail_msg("extra word \"%.*s\" in \"%s\"", (int)it.word_len, it.word, text);
		if (it.word_len != strlen(want[i].text) ||
		    memcmp(it.word, want[i].text, it.word_len) != 0)
			fail_msg("word %zu: got \"%.*s\", want \"%s\"", i, (int)it.word_len,
			         it.word, want[i].text);
		assert_int_equal(it.offset, want[i].offset);
		assert_ptr_equal(it.word, text + it.offset);
		i++;
	}
	assert_int_equal(i, n);
	/* the end is sticky */
	assert_false(lt_text_iter_next(&it));
	assert_false(lt_text_iter_next(&it));
}

static void test_iter_notation(void **state)
{
	static const struct word w1[] = {{"1234", 0}, {"QĐ", 5}, {"UBND", 9}};
	static const struct word w2[] = {{"Số", 0}, {"30", 6}, {"2020", 9}, {"NĐ", 14}, {"CP", 18}};
	static const struct word w3[] = {{"số", 0}, {"30", 5}, {"2020", 8}, {"NĐ", 13}, {"CP", 17}};

	(void)state;
	assert_words("1234/QĐ-UBND", LT_TEXT_STRLEN, w1, 3);
	assert_words("Số: 30/2020/NĐ-CP.", LT_TEXT_STRLEN, w2, 5);
	assert_words("số 30/2020/NĐ-CP", LT_TEXT_STRLEN, w3, 5);
}

static void test_iter_sentence(void **state)
{
	static const struct word w[] = {
	    {"Căn", 0},  {"cứ", 5},   {"Luật", 11}, {"Lưu", 18},
	    {"trữ", 23}, {"năm", 30}, {"2011", 35},
	};

	(void)state;
	/* case and diacritics kept; punctuation, quotes and spaces split */
	assert_words("Căn cứ \"Luật Lưu trữ\" năm 2011.", LT_TEXT_STRLEN, w, 7);
}

static void test_iter_edges(void **state)
{
	(void)state;
	assert_words("", LT_TEXT_STRLEN, NULL, 0);
	assert_words(NULL, 0, NULL, 0);
	assert_words(" ,.-/ \t\n!?", LT_TEXT_STRLEN, NULL, 0);
	assert_words("  word  ", LT_TEXT_STRLEN, (const struct word[]){{"word", 2}}, 1);
	assert_words("x", LT_TEXT_STRLEN, (const struct word[]){{"x", 0}}, 1);
	/* apostrophes and underscores split too */
	assert_words("l'état a_b", LT_TEXT_STRLEN,
	             (const struct word[]){{"l", 0}, {"état", 2}, {"a", 8}, {"b", 10}}, 4);
	/* digits and letters together are one word */
	assert_words("2017abc", LT_TEXT_STRLEN, (const struct word[]){{"2017abc", 0}}, 1);
	/* decomposed marks stay inside their word */
	assert_words("Vie\xCC\xA3\xCC\x82t Nam", LT_TEXT_STRLEN,
	             (const struct word[]){{"Vie\xCC\xA3\xCC\x82t", 0}, {"Nam", 9}}, 2);
	/* other scripts are words too */
	assert_words("东京 Москва", LT_TEXT_STRLEN,
	             (const struct word[]){{"东京", 0}, {"Москва", 7}}, 2);
	/* len is honoured: "Hà Nội" cut after "Hà N" */
	assert_words("Hà Nội", 5, (const struct word[]){{"Hà", 0}, {"N", 4}}, 2);
	/* an embedded NUL separates */
	assert_words("ab\0cd", 5, (const struct word[]){{"ab", 0}, {"cd", 3}}, 2);
	/* non-breaking space and em dash separate */
	assert_words("a\xC2\xA0"
	             "b\xE2\x80\x94"
	             "c",
	             LT_TEXT_STRLEN, (const struct word[]){{"a", 0}, {"b", 3}, {"c", 7}}, 3);
}

static void test_iter_invalid_bytes(void **state)
{
	(void)state;
	assert_words("ab\xFF"
	             "cd",
	             LT_TEXT_STRLEN, (const struct word[]){{"ab", 0}, {"cd", 3}}, 2);
	assert_words("\xC0\xAF"
	             "x",
	             LT_TEXT_STRLEN, (const struct word[]){{"x", 2}}, 1);
	assert_words("\xED\xA0\x80"
	             "hi",
	             LT_TEXT_STRLEN, (const struct word[]){{"hi", 3}}, 1);
	/* truncated sequence at the end: never read past len */
	assert_words("ab\xE1\xBA", LT_TEXT_STRLEN, (const struct word[]){{"ab", 0}}, 1);
	assert_words("Việt", 4, (const struct word[]){{"Vi", 0}}, 1);
	assert_words("\x80\x80\x80", LT_TEXT_STRLEN, NULL, 0);
}

/* Random bytes: the iterator ends, words lie inside the text, are valid
 * UTF-8 and do not overlap; the transforms either succeed or refuse. */
static void test_random_bytes_never_crash(void **state)
{
	unsigned char buf[257];
	unsigned int seed = 12345;
	int round;

	(void)state;
	for (round = 0; round < 2000; round++) {
		size_t len = (size_t)(round % 256) + 1, i, last_end = 0;
		lt_text_iter it;
		lt_buf b = LT_BUF_INIT;
		int valid;

		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			/* bias towards UTF-8 lead and continuation bytes */
			buf[i] = (unsigned char)(seed >> 16);
			if (seed & 0x100)
				buf[i] = (unsigned char)(0x80 | (buf[i] & 0x7F));
		}
		buf[len] = 0;
		lt_text_iter_init(&it, (const char *)buf, len);
		while (lt_text_iter_next(&it)) {
			assert_true(it.word_len > 0);
			assert_true(it.offset >= last_end);
			assert_true(it.offset + it.word_len <= len);
			assert_int_equal(lt_text_validate(it.word, it.word_len, NULL), LT_OK);
			last_end = it.offset + it.word_len;
		}
		valid = lt_text_validate((const char *)buf, len, NULL) == LT_OK;
		assert_int_equal(lt_text_fold(&b, (const char *)buf, len, NULL) == LT_OK, valid);
		assert_int_equal(lt_text_exact(&b, (const char *)buf, len, NULL) == LT_OK, valid);
		assert_int_equal(lt_text_nfc(&b, (const char *)buf, len, NULL) == LT_OK, valid);
		assert_true(lt_text_length((const char *)buf, len) <= len);
		if (!valid)
			assert_int_equal(b.len, 0);
		lt_buf_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_validate_accepts_valid),
	    cmocka_unit_test(test_validate_rejects_invalid),
	    cmocka_unit_test(test_validate_message_language),
	    cmocka_unit_test(test_transforms_reject_invalid),
	    cmocka_unit_test(test_nfc),
	    cmocka_unit_test(test_nfc_appends_and_respects_len),
	    cmocka_unit_test(test_exact_equal_pairs),
	    cmocka_unit_test(test_exact_distinct_words),
	    cmocka_unit_test(test_exact_shape),
	    cmocka_unit_test(test_exact_properties),
	    cmocka_unit_test(test_exact_per_word_matches_whole),
	    cmocka_unit_test(test_exact_matches_reference),
	    cmocka_unit_test(test_fold),
	    cmocka_unit_test(test_fold_respects_len),
	    cmocka_unit_test(test_fold_matches_reference),
	    cmocka_unit_test(test_long_inputs),
	    cmocka_unit_test(test_has_diacritics),
	    cmocka_unit_test(test_length),
	    cmocka_unit_test(test_iter_notation),
	    cmocka_unit_test(test_iter_sentence),
	    cmocka_unit_test(test_iter_edges),
	    cmocka_unit_test(test_iter_invalid_bytes),
	    cmocka_unit_test(test_random_bytes_never_crash),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
