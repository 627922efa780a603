/*
 * bench/vnenc_bench.c — legacy encodings (core/vnenc): how often a
 * document's encoding is detected right, and how many of its characters
 * come back right, on a test set made from the legal corpus.
 *
 *   zcat legal-sample.jsonl.gz | vnenc_bench SPLIT [MOD]
 *
 * Article i (0-based line) is in split s when i % MOD == s (MOD default
 * 10): split 0 was the development set the thresholds were set on
 * (core/vnenc/vnenc.c), split 5 the one reported. Each article (title and
 * text) is written three ways — TCVN3, VNI (lt_vnenc_encode, as a typist
 * would have: TCVN3 has no toned capitals, so they are written small) and
 * plain UTF-8 — and, separately, its title line alone and its body's
 * first three words (short texts).
 * Each is detected and, when legacy, decoded; a document is right when
 * its encoding is, and a character when it equals the source's character
 * at its place (characters the encoding cannot hold — changed by the
 * writer — are not counted; their number is printed). Plain UTF-8 must be
 * detected as Unicode and left byte for byte as it was.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <utf8proc.h>

#include "core/buf.h"
#include "core/text.h"
#include "core/vnenc/vnenc.h"

typedef struct tally {
	size_t docs, docs_right;
	size_t chars, chars_right, chars_lost;
	size_t confused[4]; /* detected as each lt_vnenc */
} tally;

/* Code points of UTF-8 s into *out (malloc'd); their number. */
static size_t code_points(const char *s, size_t len, int32_t **out)
{
	int32_t *v = malloc((len + 1) * sizeof(*v));
	size_t n = 0;

	for (size_t i = 0; v && i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0) {
			i++;
			continue;
		}
		v[n++] = cp;
		i += (size_t)k;
	}
	*out = v;
	return n;
}

/* Whether code point cp survives enc unchanged. */
static int survives(lt_vnenc enc, int32_t cp)
{
	utf8proc_uint8_t u[4];
	utf8proc_ssize_t k = utf8proc_encode_char(cp, u);
	lt_buf b = LT_BUF_INIT;
	size_t lost = 1;

	lt_vnenc_encode(&b, enc, (const char *)u, (size_t)k, &lost, NULL);
	lt_buf_free(&b);
	return lost == 0;
}

/* Per-code-point memo of survives(), for the Basic Multilingual Plane. */
static signed char memo[2][65536];

static int survives_memo(lt_vnenc enc, int32_t cp)
{
	int e = enc == LT_VNENC_TCVN3 ? 0 : 1;
	if (cp < 0 || cp > 0xFFFF)
		return survives(enc, cp);
	if (!memo[e][cp])
		memo[e][cp] = survives(enc, cp) ? 1 : -1;
	return memo[e][cp] > 0;
}

static void one(tally *t, lt_vnenc truth, const char *nfc, size_t nfc_len)
{
	lt_buf bytes = LT_BUF_INIT, back = LT_BUF_INIT;
	lt_vnenc got;
	int32_t *src = NULL, *dst = NULL;
	size_t ns, nd;

	if (truth == LT_VNENC_UNICODE)
		lt_buf_append(&bytes, nfc, nfc_len);
	else
		lt_vnenc_encode(&bytes, truth, nfc, nfc_len, NULL, NULL);
	got = lt_vnenc_detect(bytes.data ? bytes.data : "", bytes.len);
	t->docs++;
	t->confused[got]++;
	if (got == truth)
		t->docs_right++;
	if (got == LT_VNENC_TCVN3 || got == LT_VNENC_VNI)
		lt_vnenc_decode(&back, got, bytes.data, bytes.len, 0, NULL);
	else
		lt_buf_append(&back, bytes.data ? bytes.data : "", bytes.len);

	ns = code_points(nfc, nfc_len, &src);
	nd = code_points(back.data ? back.data : "", back.len, &dst);
	for (size_t i = 0; i < ns; i++) {
		if (truth != LT_VNENC_UNICODE && !survives_memo(truth, src[i])) {
			t->chars_lost++;
			continue;
		}
		t->chars++;
		/* The conversion keeps one character for one; a document whose
		 * count differs counts every character after the first
		 * difference as wrong. */
		if (i < nd && (ns == nd || i < nd) && dst[i] == src[i])
			t->chars_right++;
	}
	free(src);
	free(dst);
	lt_buf_free(&bytes);
	lt_buf_free(&back);
}

static void row(const char *name, const tally *t)
{
	printf(
	    "| %s | %zu | %zu (%.2f %%) | %zu | %.4f %% | %zu | U %zu / T %zu / V %zu / ? %zu |\n",
	    name, t->docs, t->docs_right, t->docs ? 100.0 * t->docs_right / t->docs : 0, t->chars,
	    t->chars ? 100.0 * t->chars_right / t->chars : 0, t->chars_lost, t->confused[0],
	    t->confused[1], t->confused[2], t->confused[3]);
}

int main(int argc, char **argv)
{
	long split = argc > 1 ? atol(argv[1]) : 5, mod = argc > 2 ? atol(argv[2]) : 10;
	tally all[3][3];
	char *line = NULL;
	size_t cap = 0;
	long idx = 0;
	ssize_t n;
	static const char *names[3] = {"TCVN3", "VNI", "Unicode"};
	static const lt_vnenc enc[3] = {LT_VNENC_TCVN3, LT_VNENC_VNI, LT_VNENC_UNICODE};

	memset(all, 0, sizeof(all));
	while ((n = getline(&line, &cap, stdin)) > 0) {
		json_t *o;
		lt_buf doc = LT_BUF_INIT, nfc = LT_BUF_INIT, title = LT_BUF_INIT, few = LT_BUF_INIT;

		if (idx++ % mod != split)
			continue;
		o = json_loads(line, 0, NULL);
		if (!o)
			continue;
		lt_buf_printf(&doc, "%s\n%s\n", json_string_value(json_object_get(o, "title")),
		              json_string_value(json_object_get(o, "text")));
		lt_text_nfc(&nfc, doc.data, doc.len, NULL);
		lt_text_nfc(&title, json_string_value(json_object_get(o, "title")), LT_TEXT_STRLEN,
		            NULL);
		/* the body's first three words: a text too short to say much */
		{
			const char *body = json_string_value(json_object_get(o, "text"));
			lt_buf nb = LT_BUF_INIT;
			int words = 0;
			lt_text_nfc(&nb, body, LT_TEXT_STRLEN, NULL);
			for (size_t i = 0; i < nb.len && words < 3; i++) {
				if (nb.data[i] == ' ' || nb.data[i] == '\n')
					words++;
				if (words < 3)
					lt_buf_putc(&few, nb.data[i]);
			}
			lt_buf_free(&nb);
		}
		for (int e = 0; e < 3; e++) {
			one(&all[e][0], enc[e], nfc.data, nfc.len);
			one(&all[e][1], enc[e], title.data, title.len);
			one(&all[e][2], enc[e], few.data ? few.data : "", few.len);
		}
		json_decref(o);
		lt_buf_free(&doc);
		lt_buf_free(&nfc);
		lt_buf_free(&title);
		lt_buf_free(&few);
	}
	free(line);
	printf("split %ld of %ld\n\n", split, mod);
	printf("| text | documents | detected right | characters | converted right | not "
	       "representable | detected as |\n| --- | --- | --- | --- | --- | --- | --- |\n");
	for (int e = 0; e < 3; e++) {
		char name[64];
		snprintf(name, sizeof(name), "%s, article", names[e]);
		row(name, &all[e][0]);
		snprintf(name, sizeof(name), "%s, title line only", names[e]);
		row(name, &all[e][1]);
		snprintf(name, sizeof(name), "%s, three words", names[e]);
		row(name, &all[e][2]);
	}
	return 0;
}
