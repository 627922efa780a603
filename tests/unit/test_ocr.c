/*
 * tests/unit/test_ocr.c — ocr/: media detection, probe, child processes,
 * and recognition with the real Tesseract on the shared scan fixtures.
 *
 * Run with OMP_THREAD_LIMIT=1 in the environment (see ocr/ocr.h); each
 * recognised page costs about 3 s, so only 5 pages are recognised here.
 */
#include "tests/unit/support.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <leptonica/allheaders.h>

#include "core/buf.h"
#include "core/error.h"
#include "ocr/internal.h"
#include "ocr/ocr.h"

#define SCAN0 "scans/000_49b2b25d46245d34"

static char *tmp;
static lt_ocr_engine *engine;

/* Fixture path, or skip the test when the shared fixtures are absent. */
static char *fixture(const char *rel)
{
	const char *root = lt_test_shared_fixtures();
	lt_buf b = LT_BUF_INIT;

	if (!root) {
		printf("skipped: shared fixtures not found (set LUUTRU_SHARED)\n");
		skip();
	}
	lt_buf_printf(&b, "%s/%s", root, rel);
	return lt_buf_detach(&b);
}

static char *tmp_path(const char *name)
{
	lt_buf b = LT_BUF_INIT;
	lt_buf_printf(&b, "%s/%s", tmp, name);
	return lt_buf_detach(&b);
}

static int have_tool(const char *tool)
{
	const char *argv[] = {tool, "--version", NULL};
	lt_ocr_run_limits lim = {4096, 0, 10, 10000};
	lt_ocr_run_status st;
	lt_buf out = LT_BUF_INIT;
	int rc = lt_ocr_run(&st, argv, &lim, &out, NULL, NULL);
	lt_buf_free(&out);
	return rc == LT_OK && st.exit_code == 0;
}

/* Run a helper tool for a test's setup; the test fails when it fails. */
static void run_ok(const char *const argv[])
{
	lt_ocr_run_limits lim = {1 << 20, 0, 60, 60000};
	lt_ocr_run_status st;
	lt_buf out = LT_BUF_INIT, errout = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(lt_ocr_run(&st, argv, &lim, &out, &errout, &err), LT_OK);
	if (st.exit_code != 0)
		fail_msg("%s failed: %s", argv[0], lt_buf_cstr(&errout));
	lt_buf_free(&out);
	lt_buf_free(&errout);
}

static void copy_head(const char *src, const char *dst, size_t n)
{
	size_t len;
	char *data = lt_test_read_file(src, &len);
	lt_test_write_file(dst, data, len < n ? len : n);
	free(data);
}

/* ---- CER: Levenshtein on code points after collapsing whitespace ------- */

static size_t decode_collapsed(const char *s, uint32_t **out)
{
	size_t n = 0, cap = strlen(s) + 1;
	uint32_t *cp = malloc(cap * sizeof(*cp));
	const unsigned char *p = (const unsigned char *)s;
	int pending_space = 0;

	assert_non_null(cp);
	while (*p) {
		uint32_t c;
		int len;
		if (*p < 0x80) {
			c = *p, len = 1;
		} else if ((*p & 0xe0) == 0xc0) {
			c = *p & 0x1f, len = 2;
		} else if ((*p & 0xf0) == 0xe0) {
			c = *p & 0x0f, len = 3;
		} else {
			c = *p & 0x07, len = 4;
		}
		for (int i = 1; i < len && p[i]; i++)
			c = (c << 6) | (p[i] & 0x3f);
		for (int i = 0; i < len && *p; i++)
			p++;
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
			pending_space = n > 0;
			continue;
		}
		if (pending_space)
			cp[n++] = ' ';
		pending_space = 0;
		cp[n++] = c;
	}
	*out = cp;
	return n;
}

static double cer(const char *truth, const char *hyp)
{
	uint32_t *a, *b;
	size_t na = decode_collapsed(truth, &a), nb = decode_collapsed(hyp, &b);
	size_t *prev = malloc((nb + 1) * sizeof(size_t)), *cur = malloc((nb + 1) * sizeof(size_t));
	double result;

	assert_non_null(prev);
	assert_non_null(cur);
	for (size_t j = 0; j <= nb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t *t;
		cur[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		t = prev, prev = cur, cur = t;
	}
	result = na ? (double)prev[nb] / (double)na : (nb ? 1.0 : 0.0);
	free(a);
	free(b);
	free(prev);
	free(cur);
	return result;
}

static void test_cer_helper(void **state)
{
	(void)state;
	assert_true(cer("hồ sơ", "hồ  sơ\n") == 0.0);
	assert_true(cer("abcd", "abxd") == 0.25);
	assert_true(cer("ồ", "o") == 1.0);
}

/* ---- media types ------------------------------------------------------- */

static void test_media_names(void **state)
{
	lt_media_type all[] = {LT_MEDIA_PNG, LT_MEDIA_JPEG, LT_MEDIA_TIFF, LT_MEDIA_PDF,
	                       LT_MEDIA_TEXT};
	(void)state;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		assert_int_equal(lt_media_from_mime(lt_media_mime(all[i])), all[i]);
	assert_string_equal(lt_media_mime(LT_MEDIA_PNG), "image/png");
	assert_string_equal(lt_media_mime(LT_MEDIA_TEXT), "text/plain; charset=utf-8");
	assert_string_equal(lt_media_mime(LT_MEDIA_UNKNOWN), "application/octet-stream");
	assert_string_equal(lt_media_name(LT_MEDIA_TIFF), "TIFF");
	assert_int_equal(lt_media_from_mime("text/plain"), LT_MEDIA_TEXT);
	assert_int_equal(lt_media_from_mime("image/gif"), LT_MEDIA_UNKNOWN);
	assert_int_equal(lt_media_from_mime(NULL), LT_MEDIA_UNKNOWN);
}

/* ---- probe of each supported type ------------------------------------- */

static void probe_fixture(const char *rel, lt_media_type type, int pages, int w, int h, int dpi)
{
	char *path = fixture(rel);
	lt_ocr_probe_info info;
	lt_error err = LT_ERROR_INIT;
	int rc = lt_ocr_probe(&info, path, NULL, &err);

	if (rc != LT_OK)
		fail_msg("probe %s: %s", rel, err.message);
	assert_int_equal(info.type, type);
	assert_int_equal(info.pages, pages);
	assert_int_equal(info.width, w);
	assert_int_equal(info.height, h);
	assert_int_equal(info.dpi, dpi);
	free(path);
}

static void test_probe_png(void **state)
{
	(void)state;
	probe_fixture(SCAN0 "/001.clean.png", LT_MEDIA_PNG, 1, 2480, 3508, 300);
	probe_fixture(SCAN0 "/001.lowres.png", LT_MEDIA_PNG, 1, 1653, 2339, 200);
	probe_fixture(SCAN0 "/001.fax.png", LT_MEDIA_PNG, 1, 2480, 3508, 300);
}

static void test_probe_jpeg(void **state)
{
	(void)state;
	probe_fixture(SCAN0 "/001.scan.jpg", LT_MEDIA_JPEG, 1, 2480, 3508, 300);
}

static void test_probe_tiff(void **state)
{
	(void)state;
	probe_fixture(SCAN0 "/doc.tif", LT_MEDIA_TIFF, 2, 2480, 3508, 300);
	probe_fixture("scans/002_4b8db33023f7f3aa/doc.tif", LT_MEDIA_TIFF, 3, 2480, 3508, 300);
}

static void test_probe_pdf(void **state)
{
	(void)state;
	probe_fixture(SCAN0 "/doc.pdf", LT_MEDIA_PDF, 2, 0, 0, 0);
}

static void test_probe_text(void **state)
{
	(void)state;
	probe_fixture(SCAN0 "/001.gt.txt", LT_MEDIA_TEXT, 1, 0, 0, 0);
}

/* ---- bad inputs -------------------------------------------------------- */

/* Probe must fail with code, and the message must name the file. */
static void expect_probe_error(const char *path, const lt_ocr_limits *limits, int code,
                               const char *needle)
{
	lt_ocr_probe_info info;
	lt_error err = LT_ERROR_INIT;
	int rc = lt_ocr_probe(&info, path, limits, &err);

	if (rc != code)
		fail_msg("probe %s: expected %s, got %s (%s)", path, lt_status_name(code),
		         lt_status_name(rc), err.message);
	assert_int_equal(err.code, code);
	assert_non_null(strstr(err.message, path));
	if (needle && !strstr(err.message, needle))
		fail_msg("message \"%s\" lacks \"%s\"", err.message, needle);
}

static void test_probe_missing(void **state)
{
	char *path = tmp_path("khong-co.png");
	(void)state;
	expect_probe_error(path, NULL, LT_ENOTFOUND, NULL);
	free(path);
}

static void test_probe_empty(void **state)
{
	char *path = tmp_path("empty.png");
	(void)state;
	lt_test_write_file(path, "", 0);
	expect_probe_error(path, NULL, LT_EINVAL, "tệp rỗng");
	lt_lang_set(LT_LANG_EN);
	expect_probe_error(path, NULL, LT_EINVAL, "empty file");
	lt_lang_set(LT_LANG_VI);
	free(path);
}

static void test_probe_directory(void **state)
{
	(void)state;
	expect_probe_error(tmp, NULL, LT_EINVAL, NULL);
}

static void test_probe_garbage_named_png(void **state)
{
	char *path = tmp_path("garbage.png");
	unsigned char junk[4096];
	unsigned x = 12345;
	(void)state;
	for (size_t i = 0; i < sizeof(junk); i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (unsigned char)(x >> 16);
	}
	junk[100] = 0;
	lt_test_write_file(path, junk, sizeof(junk));
	expect_probe_error(path, NULL, LT_EUNSUPPORTED, NULL);
	free(path);
}

static void test_probe_png_header_then_garbage(void **state)
{
	char *src = fixture(SCAN0 "/001.clean.png");
	char *path = tmp_path("broken.png");
	size_t len;
	char *data = lt_test_read_file(src, &len);
	(void)state;
	/* Keep the signature and IHDR (33 bytes), scramble the rest. */
	for (size_t i = 33; i < len; i++)
		data[i] = (char)(data[i] ^ 0x5a);
	lt_test_write_file(path, data, len);
	expect_probe_error(path, NULL, LT_ECORRUPT, NULL);
	free(data);
	free(path);
	free(src);
}

static void test_probe_truncated_images(void **state)
{
	char *tif = fixture(SCAN0 "/doc.tif"), *png = fixture(SCAN0 "/001.clean.png");
	char *jpg = fixture(SCAN0 "/001.scan.jpg");
	char *t1 = tmp_path("cut.tif"), *t2 = tmp_path("cut.png"), *t3 = tmp_path("cut.jpg");
	(void)state;
	copy_head(tif, t1, 3000);
	copy_head(png, t2, 20000);
	copy_head(jpg, t3, 50000);
	expect_probe_error(t1, NULL, LT_ECORRUPT, "TIFF");
	expect_probe_error(t2, NULL, LT_ECORRUPT, "PNG");
	expect_probe_error(t3, NULL, LT_ECORRUPT, "JPEG");
	free(tif), free(png), free(jpg), free(t1), free(t2), free(t3);
}

static uint32_t crc32_png(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
	}
	return c ^ 0xffffffffu;
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

/* A 57-byte PNG whose IHDR claims 30000 × 30000 8-bit grey pixels (900 MB
 * decoded), with valid CRCs and no image data. */
static void test_probe_pixel_bomb(void **state)
{
	unsigned char png[8 + 25 + 12 + 12] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	unsigned char *ihdr = png + 8, *idat = ihdr + 25, *iend = idat + 12;
	char *path = tmp_path("bomb.png");
	(void)state;

	put_be32(ihdr, 13);
	memcpy(ihdr + 4, "IHDR", 4);
	put_be32(ihdr + 8, 30000);
	put_be32(ihdr + 12, 30000);
	ihdr[16] = 8; /* bit depth */
	ihdr[17] = 0; /* greyscale */
	put_be32(ihdr + 21, crc32_png(ihdr + 4, 17));
	put_be32(idat, 0);
	memcpy(idat + 4, "IDAT", 4);
	put_be32(idat + 8, crc32_png(idat + 4, 4));
	put_be32(iend, 0);
	memcpy(iend + 4, "IEND", 4);
	put_be32(iend + 8, crc32_png(iend + 4, 4));
	lt_test_write_file(path, png, sizeof(png));

	expect_probe_error(path, NULL, LT_ELIMIT, "30000");
	free(path);
}

static void test_probe_page_limit(void **state)
{
	char *tif = fixture(SCAN0 "/doc.tif"), *pdf = fixture(SCAN0 "/doc.pdf");
	lt_ocr_limits lim = LT_OCR_LIMITS_INIT;
	(void)state;
	lim.max_pages = 1;
	expect_probe_error(tif, &lim, LT_ELIMIT, NULL);
	expect_probe_error(pdf, &lim, LT_ELIMIT, NULL);
	lim = (lt_ocr_limits)LT_OCR_LIMITS_INIT;
	lim.max_pixels = 2480 * 3508 - 1;
	expect_probe_error(tif, &lim, LT_ELIMIT, NULL);
	free(tif);
	free(pdf);
}

static void test_probe_text_named_pdf(void **state)
{
	char *path = tmp_path("cong-van.pdf");
	const char *text = "Công văn số 12/UBND-VP\nKính gửi: Sở Nội vụ\n";
	lt_ocr_probe_info info;
	lt_error err = LT_ERROR_INIT;
	(void)state;

	/* The name says PDF, the content says text: the probe reads the
	 * content; the name check refuses the pair. */
	lt_test_write_file(path, text, strlen(text));
	assert_int_equal(lt_ocr_probe(&info, path, NULL, &err), LT_OK);
	assert_int_equal(info.type, LT_MEDIA_TEXT);
	assert_int_equal(info.pages, 1);
	assert_int_equal(lt_ocr_check_name(info.type, path, &err), LT_EUNSUPPORTED);
	assert_non_null(strstr(err.message, "cong-van.pdf"));
	assert_int_equal(lt_ocr_check_name(LT_MEDIA_PDF, path, &err), LT_OK);
	assert_int_equal(lt_ocr_check_name(LT_MEDIA_JPEG, "scan.JPEG", &err), LT_OK);
	assert_int_equal(lt_ocr_check_name(LT_MEDIA_TIFF, "scan.jpg", &err), LT_EUNSUPPORTED);
	assert_int_equal(lt_ocr_check_name(LT_MEDIA_TEXT, "notes", &err), LT_OK);
	assert_int_equal(lt_ocr_check_name(LT_MEDIA_TEXT, "notes.dat", &err), LT_OK);
	free(path);
}

static void test_probe_fake_pdf(void **state)
{
	char *path = tmp_path("fake.pdf");
	const char *text = "%PDF-1.4\nthis is not a PDF at all\n";
	(void)state;
	lt_test_write_file(path, text, strlen(text));
	expect_probe_error(path, NULL, LT_ECORRUPT, "PDF");
	free(path);
}

static void test_probe_encrypted_pdf(void **state)
{
	char *src = fixture(SCAN0 "/doc.pdf");
	char *user = tmp_path("enc-user.pdf"), *owner = tmp_path("enc-owner.pdf");
	(void)state;

	if (!have_tool("qpdf")) {
		printf("skipped: qpdf is not installed (Debian package qpdf) — it makes "
		       "the encrypted PDF\n");
		free(src), free(user), free(owner);
		skip();
	}
	{
		const char *a1[] = {"qpdf", "--encrypt", "u", "o", "256", "--", src, user, NULL};
		const char *a2[] = {"qpdf", "--encrypt", "", "o", "256", "--", src, owner, NULL};
		run_ok(a1);
		run_ok(a2);
	}
	/* With a user password poppler cannot open it; with an owner password
	 * only it could, but an encrypted file is no archival copy. */
	expect_probe_error(user, NULL, LT_EUNSUPPORTED, "mã hóa");
	expect_probe_error(owner, NULL, LT_EUNSUPPORTED, "mã hóa");
	free(src), free(user), free(owner);
}

static void test_probe_text_edge_cases(void **state)
{
	char *path = tmp_path("t.txt");
	lt_buf big = LT_BUF_INIT;
	lt_ocr_probe_info info;
	lt_error err = LT_ERROR_INIT;
	(void)state;

	/* NUL inside: binary. */
	lt_test_write_file(path, "abc\0def", 7);
	expect_probe_error(path, NULL, LT_EUNSUPPORTED, NULL);
	/* A sequence cut by the end of the file. */
	lt_test_write_file(path, "hồ s\xc6", 7);
	expect_probe_error(path, NULL, LT_EUNSUPPORTED, NULL);
	/* Multi-byte letters straddling the 64 KiB read chunks stay text. */
	while (big.len < 300000)
		lt_buf_puts(&big, "x hồ sơ lưu trữ ");
	lt_test_write_file(path, big.data, big.len);
	assert_int_equal(lt_ocr_probe(&info, path, NULL, &err), LT_OK);
	assert_int_equal(info.type, LT_MEDIA_TEXT);
	/* ... and one bad byte far from the start is found. */
	big.data[200001] = (char)0xff;
	lt_test_write_file(path, big.data, big.len);
	expect_probe_error(path, NULL, LT_EUNSUPPORTED, NULL);
	lt_buf_free(&big);
	free(path);
}

/* ---- clean-up of recognised text --------------------------------------- */

static void expect_clean(const char *in, const char *want)
{
	lt_buf b = LT_BUF_INIT;
	lt_buf_puts(&b, in);
	assert_int_equal(lt_ocr_clean_text(&b), LT_OK);
	assert_string_equal(lt_buf_cstr(&b), want);
	lt_buf_free(&b);
}

static void test_clean_text(void **state)
{
	(void)state;
	expect_clean("\n\n  Kính gửi: Sở Nội vụ \n\n", "Kính gửi: Sở Nội vụ");
	expect_clean("", "");
	/* Split notations are rejoined... */
	expect_clean("Theo Quyết định số 1234/QĐ-\nUBND ngày 17",
	             "Theo Quyết định số 1234/QĐ-UBND ngày 17");
	expect_clean("số 15/2020/TT- \n  BTC.", "số 15/2020/TT-BTC.");
	expect_clean("Chỉ thị 15/CT-\nTTg của", "Chỉ thị 15/CT-TTg của");
	expect_clean("a 1/QĐ-\nUBND và 2/QĐ-\nUBND", "a 1/QĐ-UBND và 2/QĐ-UBND");
	/* OCR's en dash for the hyphen becomes the notation's hyphen. */
	expect_clean("số 7/SCT\u2013\nVP gửi", "số 7/SCT-VP gửi");
	/* ... and nothing else is. */
	expect_clean("Độc lập - Tự do -\nHạnh phúc", "Độc lập - Tự do -\nHạnh phúc");
	expect_clean("số 1234/QĐ-\nSở Công Thương", "số 1234/QĐ-\nSở Công Thương");
	expect_clean("V/v báo cáo -\nUBND", "V/v báo cáo -\nUBND");
	expect_clean("năm 2021/2022-\nUBND", "năm 2021/2022-\nUBND");
	expect_clean("- Như trên;\n- Lưu: VT, VP.", "- Như trên;\n- Lưu: VT, VP.");
}

static void test_count_letters(void **state)
{
	const char *a = "Hồ sơ 123 - Đ!", *b = "12/34 \f";
	(void)state;
	assert_int_equal(lt_ocr_count_letters(a, strlen(a)), 5);
	assert_int_equal(lt_ocr_count_letters(b, strlen(b)), 0);
}

/* ---- child processes --------------------------------------------------- */

static void test_run_limits(void **state)
{
	lt_ocr_run_limits lim = {1000, 0, 10, 300};
	lt_ocr_run_status st;
	lt_buf out = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;
	(void)state;

	{
		const char *argv[] = {"sh", "-c", "echo hi; exit 3", NULL};
		assert_int_equal(lt_ocr_run(&st, argv, &lim, &out, NULL, &err), LT_OK);
		assert_int_equal(st.exit_code, 3);
		assert_string_equal(lt_buf_cstr(&out), "hi\n");
	}
	{
		const char *argv[] = {"sleep", "10", NULL};
		lt_buf_reset(&out);
		assert_int_equal(lt_ocr_run(&st, argv, &lim, &out, NULL, &err), LT_OK);
		assert_true(st.timed_out);
		assert_int_equal(st.signal, SIGKILL);
	}
	{
		const char *argv[] = {"yes", NULL};
		lt_buf_reset(&out);
		assert_int_equal(lt_ocr_run(&st, argv, &lim, &out, NULL, &err), LT_OK);
		assert_true(st.out_truncated);
		assert_true(out.len <= 1000);
	}
	{
		const char *argv[] = {"luutru-no-such-tool", NULL};
		assert_int_equal(lt_ocr_run(&st, argv, &lim, &out, NULL, &err), LT_EUNSUPPORTED);
		assert_non_null(strstr(err.message, "luutru-no-such-tool"));
	}
	{
		/* Memory limit: the child cannot allocate 256 MiB under 64 MiB. */
		const char *argv[] = {"sh", "-c",
		                      "x=$(head -c 268435456 /dev/zero | tr '\\0' a); "
		                      "echo ${#x}",
		                      NULL};
		lt_ocr_run_limits small = {1000, 64ull << 20, 10, 20000};
		lt_buf_reset(&out);
		assert_int_equal(lt_ocr_run(&st, argv, &small, &out, NULL, &err), LT_OK);
		assert_string_not_equal(lt_buf_cstr(&out), "268435456\n");
	}
	lt_buf_free(&out);
}

/* ---- recognition -------------------------------------------------------- */

static int engine_setup(void **state)
{
	lt_error err = LT_ERROR_INIT;
	(void)state;
	tmp = lt_test_tmpdir();
	if (lt_ocr_engine_new(&engine, NULL, &err) != LT_OK) {
		fprintf(stderr, "engine: %s\n", err.message);
		return -1;
	}
	return 0;
}

static int engine_teardown(void **state)
{
	(void)state;
	lt_ocr_engine_free(engine);
	engine = NULL;
	lt_test_rmtree_free(tmp);
	tmp = NULL;
	return 0;
}

static void test_engine_bad_language(void **state)
{
	lt_ocr_options opts = LT_OCR_OPTIONS_INIT;
	lt_ocr_engine *e = NULL;
	lt_error err = LT_ERROR_INIT;
	(void)state;
	opts.languages = "xxx-no-such-language";
	assert_int_equal(lt_ocr_engine_new(&e, &opts, &err), LT_EOCR);
	assert_null(e);
	assert_non_null(strstr(err.message, "xxx-no-such-language"));
	lt_ocr_engine_free(NULL);
}

static void test_file_text(void **state)
{
	char *path = tmp_path("note.txt");
	/* BOM, "hồ" decomposed (o + U+0302 + U+0300), and OCR's look-alike Ð. */
	const char *text = "\xEF\xBB\xBFHo\xCC\x82\xCC\x80 sơ \xC3\x90\xC3\xA0 Nẵng\n";
	lt_ocr_result res = LT_OCR_RESULT_INIT;
	lt_error err = LT_ERROR_INIT;
	(void)state;

	lt_test_write_file(path, text, strlen(text));
	assert_int_equal(lt_ocr_file(engine, path, &res, &err), LT_OK);
	assert_int_equal(res.npages, 1);
	assert_int_equal(res.pages[0].page_no, 1);
	assert_int_equal(res.pages[0].source, LT_PAGE_PLAIN_TEXT);
	assert_int_equal(res.pages[0].status, LT_OK);
	assert_true(res.pages[0].confidence == 100.0);
	/* The author's text is kept as written: NFC only, no trimming. */
	assert_string_equal(res.pages[0].text, "Hồ sơ Đà Nẵng\n");
	lt_ocr_result_free(&res);
	lt_ocr_result_free(&res); /* idempotent */
	free(path);
}

static void test_file_refuses_bad_input(void **state)
{
	char *path = tmp_path("zero.tif");
	lt_ocr_result res = LT_OCR_RESULT_INIT;
	lt_error err = LT_ERROR_INIT;
	(void)state;
	lt_test_write_file(path, "", 0);
	assert_int_equal(lt_ocr_file(engine, path, &res, &err), LT_EINVAL);
	assert_int_equal(res.npages, 0);
	lt_ocr_result_free(&res);
	free(path);
}

static void test_file_png_clean(void **state)
{
	char *png = fixture(SCAN0 "/001.clean.png"), *gt = fixture(SCAN0 "/001.gt.txt");
	char *truth = lt_test_read_file(gt, NULL);
	lt_ocr_result res = LT_OCR_RESULT_INIT;
	lt_error err = LT_ERROR_INIT;
	double c;
	(void)state;

	if (lt_ocr_file(engine, png, &res, &err) != LT_OK)
		fail_msg("%s", err.message);
	assert_int_equal(res.npages, 1);
	assert_int_equal(res.pages[0].status, LT_OK);
	assert_int_equal(res.pages[0].source, LT_PAGE_OCR);
	assert_int_equal(res.pages[0].dpi, 300);
	assert_true(res.pages[0].confidence > 70);
	assert_non_null(strstr(res.pages[0].text, "Quyết định số 2072/QĐ-UBND"));
	assert_non_null(strstr(res.pages[0].text, "Văn bản đi và Văn bản đến"));
	/* The two-column header is read left block, then right block
	 * (ocr/layout.c): the agency's second line comes before the end of
	 * the national motto's first line. */
	{
		const char *agency = strstr(res.pages[0].text, "SỞ CÔNG THƯƠNG");
		const char *motto = strstr(res.pages[0].text, "VIỆT NAM");
		assert_non_null(agency);
		assert_non_null(motto);
		assert_true(agency < motto);
	}
	c = cer(truth, res.pages[0].text);
	printf("001.clean.png: CER %.2f%%, confidence %.0f\n", c * 100, res.pages[0].confidence);
	assert_true(c <= 0.01);
	lt_ocr_result_free(&res);
	free(truth), free(png), free(gt);
}

static void test_file_tiff_pages(void **state)
{
	char *tif = fixture(SCAN0 "/doc.tif");
	lt_ocr_result res = LT_OCR_RESULT_INIT;
	lt_error err = LT_ERROR_INIT;
	(void)state;

	if (lt_ocr_file(engine, tif, &res, &err) != LT_OK)
		fail_msg("%s", err.message);
	assert_int_equal(res.npages, 2);
	for (size_t i = 0; i < 2; i++) {
		char *gt_rel = NULL, *gt, *truth;
		lt_buf b = LT_BUF_INIT;
		double c;
		lt_buf_printf(&b, SCAN0 "/%03zu.gt.txt", i + 1);
		gt_rel = lt_buf_detach(&b);
		gt = fixture(gt_rel);
		truth = lt_test_read_file(gt, NULL);
		assert_int_equal(res.pages[i].page_no, (int)i + 1);
		assert_int_equal(res.pages[i].status, LT_OK);
		assert_int_equal(res.pages[i].dpi, 300);
		c = cer(truth, res.pages[i].text);
		printf("doc.tif page %zu (fax): CER %.2f%%\n", i + 1, c * 100);
		/* Fax pages are degraded on purpose (specks, drop-outs): the
		 * ceiling guards despeckle + smooth on the 'fax' variant (1.3 and
		 * 2.2 % here; 5.5 and 6.4 % without them) and proves each page of
		 * the TIFF is its own page, in order. */
		assert_true(c <= 0.04);
		free(truth), free(gt), free(gt_rel);
	}
	lt_ocr_result_free(&res);
	free(tif);
}

/* A one-page born-digital PDF with a real text layer (Helvetica, ASCII). */
static void write_text_pdf(const char *path)
{
	static const char *objs[] = {
	    "<< /Type /Catalog /Pages 2 0 R >>",
	    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
	    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
	    "/Resources << /Font << /F1 5 0 R >> >> >>",
	    NULL, /* the content stream, below */
	    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	};
	const char *content = "BT /F1 12 Tf 72 760 Td (Cong van so 1234/QD-UBND ve luu tru ho so "
	                      "dien tu) Tj ET";

	lt_test_write_pdf(path, objs, 5, content);
}

static void test_file_pdf_text_layer(void **state)
{
	char *path = tmp_path("digital.pdf");
	lt_ocr_result res = LT_OCR_RESULT_INIT;
	lt_error err = LT_ERROR_INIT;
	(void)state;

	write_text_pdf(path);
	if (lt_ocr_file(engine, path, &res, &err) != LT_OK)
		fail_msg("%s", err.message);
	assert_int_equal(res.npages, 1);
	assert_int_equal(res.pages[0].status, LT_OK);
	assert_int_equal(res.pages[0].source, LT_PAGE_TEXT_LAYER);
	assert_string_equal(res.pages[0].text, "Cong van so 1234/QD-UBND ve luu tru ho so dien tu");
	lt_ocr_result_free(&res);
	free(path);
}

/* A scanned PDF page that is one image over the whole page is read from
 * that image as stored (pdfimages), at its own resolution; a page with no
 * image is left to pdftoppm. The whole document's text layer and image
 * list come from one run each. */
static void test_pdf_page_image(void **state)
{
	char *scan = fixture(SCAN0 "/doc.pdf"), *digital = tmp_path("digital3.pdf");
	lt_ocr_pdf_info info = LT_OCR_PDF_INFO_INIT;
	lt_error err = LT_ERROR_INIT;
	PIX *pix = NULL;
	int dpi = 0;
	(void)state;

	assert_int_equal(lt_ocr_pdf_info_read(&info, scan, 1, &err), LT_OK);
	assert_int_equal(lt_ocr_pdf_doc_read(&info, scan, &err), LT_OK);
	assert_non_null(info.text);
	assert_non_null(info.images);
	assert_int_equal(info.images[1].count, 1);
	assert_true(info.images[1].jpeg);
	assert_int_equal(lt_ocr_pdf_page_image(&pix, &dpi, scan, 2, &info, 1u << 30, &err), LT_OK);
	assert_non_null(pix);
	assert_int_equal(dpi, 300);
	assert_int_equal(pixGetWidth(pix), 2480);
	assert_int_equal(pixGetHeight(pix), 3508);
	pixDestroy(&pix);
	/* Over the pixel limit: drawn (and refused) by pdftoppm instead. */
	assert_int_equal(lt_ocr_pdf_page_image(&pix, &dpi, scan, 1, &info, 1000, &err), LT_OK);
	assert_null(pix);
	{
		/* Both scanned pages were extracted by one run, beforehand; a
		 * page whose file went missing is extracted on its own. */
		char f1[600], f2[600], *dir;
		assert_non_null(info.image_dir);
		snprintf(f1, sizeof(f1), "%s/p-001-000.jpg", info.image_dir);
		snprintf(f2, sizeof(f2), "%s/p-002-001.jpg", info.image_dir);
		assert_int_equal(access(f1, F_OK), 0);
		assert_int_equal(unlink(f2), 0);
		assert_int_equal(lt_ocr_pdf_page_image(&pix, &dpi, scan, 2, &info, 1u << 30, &err),
		                 LT_OK);
		assert_non_null(pix);
		assert_int_equal(dpi, 300);
		assert_int_equal(pixGetWidth(pix), 2480);
		pixDestroy(&pix);
		dir = strdup(info.image_dir);
		lt_ocr_pdf_info_free(&info);
		assert_int_equal(access(dir, F_OK), -1); /* removed with the info */
		free(dir);
	}

	write_text_pdf(digital);
	assert_int_equal(lt_ocr_pdf_info_read(&info, digital, 1, &err), LT_OK);
	assert_int_equal(lt_ocr_pdf_doc_read(&info, digital, &err), LT_OK);
	assert_non_null(strstr(info.text[0], "luu tru ho so"));
	assert_null(info.image_dir); /* no scanned page: nothing extracted */
	assert_int_equal(lt_ocr_pdf_page_image(&pix, &dpi, digital, 1, &info, 1u << 30, &err),
	                 LT_OK);
	assert_null(pix);
	lt_ocr_pdf_info_free(&info);
	free(scan), free(digital);
}

/* Page 1 born-digital, page 2 a scan: one page from its text layer, the
 * other rendered and recognised. */
static void test_file_pdf_mixed(void **state)
{
	char *scan = fixture(SCAN0 "/doc.pdf"), *gt = fixture(SCAN0 "/001.gt.txt");
	char *digital = tmp_path("digital2.pdf"), *mixed = tmp_path("mixed.pdf");
	char *truth = lt_test_read_file(gt, NULL);
	lt_ocr_result res = LT_OCR_RESULT_INIT;
	lt_error err = LT_ERROR_INIT;
	double c;
	(void)state;

	if (!have_tool("qpdf")) {
		printf("skipped: qpdf is not installed (Debian package qpdf) — it builds the "
		       "mixed PDF\n");
		free(scan), free(gt), free(digital), free(mixed), free(truth);
		skip();
	}
	write_text_pdf(digital);
	{
		const char *argv[] = {"qpdf", "--empty", "--pages", digital, scan,
		                      "1",    "--",      mixed,     NULL};
		run_ok(argv);
	}
	if (lt_ocr_file(engine, mixed, &res, &err) != LT_OK)
		fail_msg("%s", err.message);
	assert_int_equal(res.npages, 2);
	assert_int_equal(res.pages[0].source, LT_PAGE_TEXT_LAYER);
	assert_int_equal(res.pages[1].status, LT_OK);
	assert_int_equal(res.pages[1].source, LT_PAGE_OCR);
	assert_int_equal(res.pages[1].dpi, 300);
	/* The scan variant is turned 1.12° (variants.tsv): deskew undoes it. */
	assert_true(fabs(res.pages[1].skew) > 0.8 && fabs(res.pages[1].skew) < 1.5);
	c = cer(truth, res.pages[1].text);
	printf("doc.pdf page 1 (scan): CER %.2f%%\n", c * 100);
	assert_true(c <= 0.02);
	lt_ocr_result_free(&res);
	free(scan), free(gt), free(digital), free(mixed), free(truth);
}

/* The page image src turned by quarter × 90° clockwise, at 200 dpi, as a
 * PNG at path. */
static void write_turned(const char *src, const char *path, int quarter)
{
	PIX *pix = pixRead(src), *turned;

	assert_non_null(pix);
	turned = pixRotateOrth(pix, quarter);
	pixSetResolution(turned, 200, 200);
	assert_int_equal(pixWrite(path, turned, IFF_PNG), 0);
	pixDestroy(&pix);
	pixDestroy(&turned);
}

/* A page scanned sideways is turned upright before recognition. */
static void test_file_rotated_page(void **state)
{
	char *src = fixture(SCAN0 "/001.lowres.png"), *path = tmp_path("sideways.png");
	lt_ocr_result res = LT_OCR_RESULT_INIT;
	lt_error err = LT_ERROR_INIT;
	(void)state;

	write_turned(src, path, 1); /* 90° clockwise */

	if (lt_ocr_file(engine, path, &res, &err) != LT_OK)
		fail_msg("%s", err.message);
	assert_int_equal(res.npages, 1);
	assert_int_equal(res.pages[0].status, LT_OK);
	assert_int_equal(res.pages[0].rotation, 90);
	assert_int_equal(res.pages[0].dpi, 200);
	assert_non_null(strstr(res.pages[0].text, "Văn bản đi và Văn bản đến"));
	lt_ocr_result_free(&res);
	free(src), free(path);
}

/* Orientation is checked only when the page read as it is does not look
 * upright (engine.c): an upside-down page reads as low-confidence
 * fragments, so OSD runs, the page is turned and read again. */
static void test_file_upside_down_page(void **state)
{
	char *src = fixture(SCAN0 "/002.lowres.png"), *path = tmp_path("upside-down.png");
	lt_ocr_result res = LT_OCR_RESULT_INIT;
	lt_error err = LT_ERROR_INIT;
	(void)state;

	write_turned(src, path, 2);

	if (lt_ocr_file(engine, path, &res, &err) != LT_OK)
		fail_msg("%s", err.message);
	assert_int_equal(res.pages[0].status, LT_OK);
	assert_int_equal(res.pages[0].rotation, 180);
	assert_true(res.pages[0].confidence >= 80);
	assert_non_null(strstr(res.pages[0].text, "Nơi nhận"));
	lt_ocr_result_free(&res);
	free(src), free(path);
}

/* The background step normalises an unevenly lit scan (the result is
 * pixBackgroundNormSimple's, pixel for pixel) and leaves an evenly lit page
 * and a smoothed fax page alone. */
static void test_prep_background(void **state)
{
	char *scan = fixture(SCAN0 "/001.scan.jpg"), *clean = fixture(SCAN0 "/001.clean.png");
	char *fax = fixture(SCAN0 "/002.fax.png");
	PIX *pix = pixRead(scan), *ref, *p, *even = pixRead(clean), *q;
	l_int32 same = 0;
	(void)state;

	assert_non_null(pix);
	assert_non_null(even);
	ref = pixBackgroundNormSimple(pix, NULL, NULL);
	p = pixClone(pix);
	lt_ocr_prep_clean(&p, 300, LT_OCR_PREP_BACKGROUND);
	assert_ptr_not_equal(p, pix);
	assert_int_equal(pixEqual(p, ref, &same), 0);
	assert_true(same);
	q = pixClone(even);
	lt_ocr_prep_clean(&q, 300, LT_OCR_PREP_BACKGROUND);
	assert_ptr_equal(q, even);
	pixDestroy(&q), pixDestroy(&even);
	/* Despeckled and smoothed to grey, a fax page is evenly lit. */
	even = pixRead(fax);
	assert_non_null(even);
	q = pixClone(even);
	lt_ocr_prep_clean(&q, 300, LT_OCR_PREP_DESPECKLE | LT_OCR_PREP_SMOOTH);
	pixDestroy(&even);
	even = pixClone(q);
	lt_ocr_prep_clean(&q, 300, LT_OCR_PREP_BACKGROUND);
	assert_ptr_equal(q, even);
	pixDestroy(&q), pixDestroy(&even), pixDestroy(&p), pixDestroy(&ref), pixDestroy(&pix);
	free(scan), free(clean), free(fax);
}

/* Mean absolute grey difference of a and b inside their central half
 * (the corners of a turned page are paper brought in). */
static double centre_diff(PIX *a, PIX *b)
{
	int w = pixGetWidth(a), h = pixGetHeight(a);
	BOX *box = boxCreate(w / 4, h / 4, w / 2, h / 2);
	PIX *ca = pixClipRectangle(a, box, NULL), *cb = pixClipRectangle(b, box, NULL);
	l_int32 same = 0;
	l_float32 diff = -1;

	assert_non_null(ca);
	assert_non_null(cb);
	assert_int_equal(pixCompareGray(ca, cb, L_COMPARE_ABS_DIFF, 0, &same, &diff, NULL, NULL),
	                 0);
	pixDestroy(&ca), pixDestroy(&cb);
	boxDestroy(&box);
	return diff;
}

/*
 * Deskew finds how far a page was turned and turns it back: a clean page
 * turned by 2.5° (Leptonica's area-map rotation) comes back within a few
 * hundredths of a degree, the same size and resolution, and close to the
 * original (grey pages go through luutru's own shear rotation, prep.c;
 * colour pages through Leptonica's). An upright page is left alone.
 */
static void test_prep_deskew(void **state)
{
	char *clean = fixture(SCAN0 "/002.clean.png");
	PIX *page = pixRead(clean), *turned, *p, *colour;
	double angle, before, after;
	(void)state;

	assert_non_null(page);
	assert_int_equal(pixGetDepth(page), 8);
	p = pixClone(page);
	assert_true(lt_ocr_prep_deskew(&p, LT_OCR_PREP_DESKEW) == 0);
	assert_ptr_equal(p, page); /* upright: not touched */
	pixDestroy(&p);

	turned = pixRotate(page, 2.5 * M_PI / 180.0, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
	assert_non_null(turned);
	before = centre_diff(turned, page);
	p = pixClone(turned);
	angle = lt_ocr_prep_deskew(&p, LT_OCR_PREP_DESKEW);
	assert_true(fabs(fabs(angle) - 2.5) < 0.05);
	assert_int_equal(pixGetWidth(p), pixGetWidth(page));
	assert_int_equal(pixGetHeight(p), pixGetHeight(page));
	assert_int_equal(pixGetDepth(p), 8);
	assert_int_equal(pixGetXRes(p), pixGetXRes(page));
	after = centre_diff(p, page);
	printf("deskew 2.5°: found %.2f°, centre difference %.2f → %.2f grey levels\n", angle,
	       before, after);
	/* Turned back, not further the same way. */
	assert_true(after < before / 4);
	pixDestroy(&p);
	p = pixClone(turned);
	assert_true(lt_ocr_prep_deskew(&p, 0) == 0); /* the step off: nothing */
	assert_ptr_equal(p, turned);
	pixDestroy(&p);

	colour = pixConvertTo32(turned);
	assert_non_null(colour);
	p = pixClone(colour);
	angle = lt_ocr_prep_deskew(&p, LT_OCR_PREP_DESKEW);
	assert_true(fabs(fabs(angle) - 2.5) < 0.05);
	assert_int_equal(pixGetDepth(p), 32);
	pixDestroy(&p), pixDestroy(&colour);
	pixDestroy(&turned), pixDestroy(&page);
	free(clean);
}

/* The probe hands the engine the pages it decoded, within the budget. */
static void test_probe_keeps_pages(void **state)
{
	char *tif = fixture(SCAN0 "/doc.tif");
	lt_ocr_probe_keep keep = LT_OCR_PROBE_KEEP_INIT;
	lt_ocr_limits lim = LT_OCR_LIMITS_INIT;
	lt_ocr_probe_info info;
	lt_error err = LT_ERROR_INIT;
	PIX *again = NULL;
	l_int32 same = 0;
	size_t first;
	(void)state;

	keep.budget = 64u << 20;
	assert_int_equal(lt_ocr_probe_ex(&info, tif, &lim, &keep, &err), LT_OK);
	assert_int_equal(info.pages, 2);
	assert_int_equal(keep.npages, 2);
	assert_non_null(keep.pages[0]);
	assert_non_null(keep.pages[1]);
	assert_int_equal(lt_ocr_image_load(&again, tif, LT_MEDIA_TIFF, 1, &lim, &err), LT_OK);
	assert_int_equal(pixEqual(again, keep.pages[1], &same), 0);
	assert_true(same);
	first = (size_t)pixGetWpl(keep.pages[0]) * 4 * (size_t)pixGetHeight(keep.pages[0]);
	pixDestroy(&again);
	lt_ocr_probe_keep_free(&keep);

	/* A budget of one page keeps the first page only, and none, none. */
	keep.budget = first;
	assert_int_equal(lt_ocr_probe_ex(&info, tif, &lim, &keep, &err), LT_OK);
	assert_non_null(keep.pages[0]);
	assert_null(keep.pages[1]);
	lt_ocr_probe_keep_free(&keep);
	keep.budget = 0;
	assert_int_equal(lt_ocr_probe_ex(&info, tif, &lim, &keep, &err), LT_OK);
	assert_null(keep.pages);
	lt_ocr_probe_keep_free(&keep);
	free(tif);
}

/* pdftotext of a whole file, through the same child-process runner. */
/* What a poppler tool prints; it must succeed. */
static char *tool_out(const char *const argv[])
{
	lt_ocr_run_limits lim = {64 << 20, 0, 60, 60000};
	lt_ocr_run_status st;
	lt_buf out = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(lt_ocr_run(&st, argv, &lim, &out, NULL, &err), LT_OK);
	assert_int_equal(st.exit_code, 0);
	return lt_buf_detach(&out);
}

static char *pdf_text(const char *path)
{
	const char *argv[] = {"pdftotext", "-q", "-enc", "UTF-8", path, "-", NULL};
	return tool_out(argv);
}

/* Lines of s holding every one of the words (NULL-terminated). */
static int count_lines_with(const char *s, const char *const words[])
{
	int n = 0;

	while (s && *s) {
		const char *end = strchr(s, '\n');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		char *line = strndup(s, len);
		int all = 1;
		for (size_t i = 0; words[i]; i++)
			all = all && strstr(line, words[i]) != NULL;
		n += all;
		free(line);
		s = end ? end + 1 : NULL;
	}
	return n;
}

/*
 * The searchable PDF as written (spdf.c): one image per page at the page's
 * own size and resolution, the glyphless font embedded with its Unicode
 * map, and the page image kept exactly — here a 1-bit fax page left as it
 * is (no preprocessing), stored Flate-compressed, 1 = black.
 */
static void test_searchable_pdf_layout(void **state)
{
	char *fax = fixture(SCAN0 "/001.fax.png"), *pdf, *out, *ppm_root = tmp_path("spdf-page");
	lt_ocr_options opts = LT_OCR_OPTIONS_INIT;
	lt_ocr_result res = LT_OCR_RESULT_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_ocr_engine *e = NULL;
	PIX *in, *drawn, *grey, *x;
	l_int32 diff = 0, same = 0;
	lt_buf ppm = LT_BUF_INIT;
	(void)state;

	opts.workers = 1;
	opts.searchable_pdf = 1;
	opts.preprocess = LT_OCR_PREP_NONE;
	if (lt_ocr_engine_new(&e, &opts, &err) != LT_OK)
		fail_msg("%s", err.message);
	if (lt_ocr_file(e, fax, &res, &err) != LT_OK)
		fail_msg("%s", err.message);
	assert_non_null(res.searchable_pdf);
	pdf = res.searchable_pdf;
	{
		const char *argv[] = {"pdfimages", "-list", pdf, NULL};
		const char *img[] = {"image", "2480", "3508", "gray", " 1 ", NULL};
		out = tool_out(argv);
		assert_int_equal(count_lines_with(out, img), 1);
		free(out);
	}
	{
		const char *argv[] = {"pdffonts", pdf, NULL};
		const char *font[] = {"GlyphLessFont", "Identity-H", "yes", NULL};
		out = tool_out(argv);
		assert_int_equal(count_lines_with(out, font), 1);
		free(out);
	}
	{
		const char *argv[] = {"pdfinfo", pdf, NULL};
		const char *size[] = {"Page size:", "595.2 x 841.92 pts", NULL};
		out = tool_out(argv);
		assert_int_equal(count_lines_with(out, size), 1);
		free(out);
	}
	out = pdf_text(pdf);
	assert_non_null(strstr(out, "Văn bản đi"));
	free(out);
	in = pixRead(fax);
	assert_non_null(in);
	{
		/* The image as stored: the input's pixels, every one. */
		const char *argv[] = {"pdfimages", "-png", pdf, ppm_root, NULL};
		free(tool_out(argv));
		lt_buf_printf(&ppm, "%s-000.png", ppm_root);
		drawn = pixRead(lt_buf_cstr(&ppm));
		assert_non_null(drawn);
		assert_int_equal(pixEqual(in, drawn, &same), 0);
		assert_true(same);
		pixDestroy(&drawn);
		unlink(lt_buf_cstr(&ppm));
	}
	{
		/* Drawn by a reader: black on white (poppler smooths the edges
		 * of a 1-bit image a little; an inverted image would differ on
		 * nine tenths of the page, garbled rows on a sixth). */
		const char *argv[] = {"pdftoppm",    "-r", "300",    "-gray",
		                      "-singlefile", pdf,  ppm_root, NULL};
		free(tool_out(argv));
		lt_buf_reset(&ppm);
		lt_buf_printf(&ppm, "%s.pgm", ppm_root);
		grey = pixRead(lt_buf_cstr(&ppm));
		assert_non_null(grey);
		drawn = pixThresholdToBinary(grey, 128);
		assert_non_null(drawn);
		x = pixXor(NULL, in, drawn);
		assert_non_null(x);
		pixCountPixels(x, &diff, NULL);
		assert_true(diff < 2480 * 3508 / 20);
		pixDestroy(&x);
		pixDestroy(&grey);
		pixDestroy(&drawn);
		unlink(lt_buf_cstr(&ppm));
	}
	pixDestroy(&in);
	lt_buf_free(&ppm);
	lt_ocr_result_free(&res);
	lt_ocr_engine_free(e);
	free(fax), free(ppm_root);
}

/*
 * The worker pool: a two-page TIFF recognised by two workers gives the same
 * pages, in the same order, as one worker; several files submitted come
 * back in submission order with their tags; and the searchable PDF holds
 * the recognised text (pdftotext on it reads the Vietnamese back).
 */
static void test_pool_same_pages(void **state)
{
	char *tif = fixture(SCAN0 "/doc.tif"), *png = fixture(SCAN0 "/001.clean.png");
	lt_ocr_options opts = LT_OCR_OPTIONS_INIT;
	lt_ocr_result one = LT_OCR_RESULT_INIT, two = LT_OCR_RESULT_INIT,
	              single = LT_OCR_RESULT_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_ocr_engine *pool = NULL;
	lt_buf all = LT_BUF_INIT;
	void *tag = NULL;
	char *layer;
	double c;
	(void)state;

	opts.workers = 2;
	opts.searchable_pdf = 1;
	{
		/* Temporary PDF directories left by a killed process are swept by
		 * the next engine; those of live processes are left alone. */
		char dead_dir[512], live_dir[512], *old_tmpdir = getenv("TMPDIR");
		pid_t child = fork();
		assert_true(child >= 0);
		if (child == 0)
			_exit(0);
		assert_int_equal(waitpid(child, NULL, 0), child);
		snprintf(dead_dir, sizeof(dead_dir), "%s/luutru-pdf-%ld-dead", tmp, (long)child);
		snprintf(live_dir, sizeof(live_dir), "%s/luutru-pdf-1-live", tmp);
		assert_int_equal(mkdir(dead_dir, 0700), 0);
		assert_int_equal(mkdir(live_dir, 0700), 0);
		old_tmpdir = old_tmpdir ? strdup(old_tmpdir) : NULL;
		setenv("TMPDIR", tmp, 1);
		if (lt_ocr_engine_new(&pool, &opts, &err) != LT_OK)
			fail_msg("%s", err.message);
		if (old_tmpdir)
			setenv("TMPDIR", old_tmpdir, 1);
		else
			unsetenv("TMPDIR");
		free(old_tmpdir);
		assert_int_equal(access(dead_dir, F_OK), -1);
		assert_int_equal(access(live_dir, F_OK), 0);
	}
	assert_int_equal(lt_ocr_engine_workers(pool), 2);
	if (lt_ocr_file(engine, tif, &one, &err) != LT_OK)
		fail_msg("%s", err.message);
	assert_null(one.searchable_pdf); /* not asked for */

	assert_int_equal(lt_ocr_submit(pool, tif, (void *)"tif", &err), LT_OK);
	assert_int_equal(lt_ocr_submit(pool, png, (void *)"png", &err), LT_OK);
	assert_int_equal(lt_ocr_submit(pool, tif, NULL, &err) == LT_OK, 1);
	assert_int_equal(lt_ocr_next(pool, &tag, &two, &err), LT_OK);
	assert_string_equal((const char *)tag, "tif");
	assert_int_equal(two.npages, one.npages);
	assert_int_equal(two.npages, 2);
	for (size_t i = 0; i < one.npages; i++) {
		assert_int_equal(two.pages[i].page_no, (int)i + 1);
		assert_int_equal(two.pages[i].status, one.pages[i].status);
		assert_string_equal(two.pages[i].text, one.pages[i].text);
		assert_true(two.pages[i].confidence == one.pages[i].confidence);
		assert_int_equal(two.pages[i].dpi, one.pages[i].dpi);
		assert_int_equal(two.pages[i].rotation, one.pages[i].rotation);
		assert_true(two.pages[i].skew == one.pages[i].skew);
		/* Word confidences are kept, one per recognised word. */
		assert_true(two.pages[i].nwords > 50);
		assert_int_equal(two.pages[i].nwords, one.pages[i].nwords);
		assert_memory_equal(two.pages[i].word_conf, one.pages[i].word_conf,
		                    one.pages[i].nwords);
		lt_buf_puts(&all, two.pages[i].text);
		lt_buf_puts(&all, "\n");
	}
	assert_int_equal(lt_ocr_next(pool, &tag, &single, &err), LT_OK);
	assert_string_equal((const char *)tag, "png");
	assert_int_equal(single.npages, 1);
	assert_non_null(strstr(single.pages[0].text, "Văn bản đi và Văn bản đến"));
	assert_non_null(single.searchable_pdf);
	lt_ocr_result_free(&single);
	/* The third file is still queued: freeing the engine drops it. */

	assert_non_null(two.searchable_pdf);
	layer = pdf_text(two.searchable_pdf);
	c = cer(lt_buf_cstr(&all), layer);
	printf("searchable PDF of doc.tif: pdftotext vs OCR text CER %.2f%%\n", c * 100);
	assert_true(c < 0.05);
	assert_non_null(strstr(layer, "Quyết định"));
	assert_non_null(strstr(layer, "CÔNG THƯƠNG"));
	assert_non_null(strstr(layer, "Văn bản đi"));
	{
		lt_ocr_pdf_info info = LT_OCR_PDF_INFO_INIT;
		assert_int_equal(lt_ocr_pdf_info_read(&info, two.searchable_pdf, 0, &err), LT_OK);
		assert_int_equal(info.pages, 2);
		lt_ocr_pdf_info_free(&info);
	}
	{
		/* lt_ocr_result_free deletes the temporary PDF. */
		char *path = strdup(two.searchable_pdf);
		lt_ocr_result_free(&two);
		assert_int_equal(access(path, F_OK), -1);
		free(path);
	}
	free(layer);
	lt_buf_free(&all);
	lt_ocr_result_free(&one);
	lt_ocr_engine_free(pool);
	free(tif), free(png);
}

/* CER ceilings on page 2 of letter 000 (no two-column header, whose
 * reading order costs page 1 about 3 %, bench/README.md): 'clean' ≤ 1 %,
 * and the variants not covered above, 'lowres' (200 dpi) and 'scan' (JPEG,
 * skewed, unevenly lit). */
static void test_file_variant_ceilings(void **state)
{
	static const struct {
		const char *file;
		double ceiling;
	} pages[] = {
	    {SCAN0 "/002.clean.png", 0.01},
	    {SCAN0 "/002.lowres.png", 0.02},
	    {SCAN0 "/002.scan.jpg", 0.02},
	};
	(void)state;

	for (size_t k = 0; k < sizeof(pages) / sizeof(pages[0]); k++) {
		char *img = fixture(pages[k].file), *gt = fixture(SCAN0 "/002.gt.txt");
		char *truth = lt_test_read_file(gt, NULL);
		lt_ocr_result res = LT_OCR_RESULT_INIT;
		lt_error err = LT_ERROR_INIT;
		double c;

		if (lt_ocr_file(engine, img, &res, &err) != LT_OK)
			fail_msg("%s", err.message);
		assert_int_equal(res.npages, 1);
		c = cer(truth, res.pages[0].text);
		printf("%s: CER %.2f%% (ceiling %.0f%%)\n", pages[k].file, c * 100,
		       pages[k].ceiling * 100);
		assert_true(c <= pages[k].ceiling);
		lt_ocr_result_free(&res);
		free(img), free(gt), free(truth);
	}
}

/* ---- issue 21: tables, seals, blank and shaded pages, quality, TIFF ---- */

static char *sample(const char *name)
{
	lt_buf b = LT_BUF_INIT;
	lt_buf_printf(&b, "samples/%s", name);
	{
		char *p = lt_test_src_path(lt_buf_cstr(&b));
		lt_buf_free(&b);
		return p;
	}
}

/* A ruled table is read row by row, cell by cell, its rules not as "|". */
static void test_table_rows(void **state)
{
	char *png = sample("bb-07-table.png"), *gt = sample("bb-07-table.gt.txt");
	char *truth = lt_test_read_file(gt, NULL);
	lt_ocr_result res = LT_OCR_RESULT_INIT;
	lt_error err = LT_ERROR_INIT;
	const char *t, *a, *b, *c;
	double e;
	(void)state;

	if (lt_ocr_file(engine, png, &res, &err) != LT_OK)
		fail_msg("%s", err.message);
	assert_int_equal(res.npages, 1);
	t = res.pages[0].text;
	assert_int_equal(res.pages[0].tables, 1);
	assert_null(strchr(t, '|'));
	/* A row's label, then its numbers, then the next row's label. */
	a = strstr(t, "Đất đai");
	b = strstr(t, "1.198");
	c = strstr(t, "Hộ tịch");
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_true(a < b && b < c);
	e = cer(truth, t);
	printf("bb-07-table.png: CER %.2f%%\n", e * 100);
	assert_true(e <= 0.03);
	lt_ocr_result_free(&res);
	free(png), free(gt), free(truth);
}

/* A red seal and a blue signature over the signature block: the title and
 * the signer's name under them are read. */
static void test_seal_dropout(void **state)
{
	char *jpg = sample("tt-09-seal.jpg"), *gt = sample("tt-09-seal.gt.txt");
	char *truth = lt_test_read_file(gt, NULL);
	lt_ocr_result res = LT_OCR_RESULT_INIT;
	lt_error err = LT_ERROR_INIT;
	double e;
	(void)state;

	if (lt_ocr_file(engine, jpg, &res, &err) != LT_OK)
		fail_msg("%s", err.message);
	assert_non_null(strstr(res.pages[0].text, "TRƯỞNG PHÒNG"));
	assert_non_null(strstr(res.pages[0].text, "Phạm Đức Dũng"));
	e = cer(truth, res.pages[0].text);
	printf("tt-09-seal.jpg: CER %.2f%%\n", e * 100);
	assert_true(e <= 0.03);
	lt_ocr_result_free(&res);
	free(jpg), free(gt), free(truth);
}

/* The foot of a letter shaded dark and noisy, as a second page scanned
 * with the lid open: Tesseract's global threshold loses it; the second
 * reading (Sauvola) finds it. The shading: paper 80 % to 46 % from one
 * side to the other, print at 22 %, noise, blur; read as it is, it came
 * back empty at confidence 95. */
static char *shaded_page(void)
{
	char *src = sample("nb-02-foot.png"), *out = tmp_path("shaded.jpg");
	PIX *bw = pixRead(src), *g = bw ? pixConvertTo8(bw, 0) : NULL, *b1, *b2;
	unsigned seed = 12345;
	int w, h;

	assert_non_null(g);
	b1 = pixBlockconv(g, 1, 1);
	w = pixGetWidth(b1);
	h = pixGetHeight(b1);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			l_uint32 v;
			double shade = 1.0 - 0.5 * x / w, p;
			int n = 0;
			pixGetPixel(b1, x, y, &v);
			p = (56 + (204 - 56) * v / 255.0) * shade;
			for (int k = 0; k < 4; k++) {
				seed = seed * 1103515245u + 12345u;
				n += (int)((seed >> 16) & 31);
			}
			p += (n - 62) * 1.2; /* about sigma 22 */
			pixSetPixel(b1, x, y, (l_uint32)(p < 0 ? 0 : p > 255 ? 255 : p));
		}
	b2 = pixBlockconv(b1, 1, 1);
	pixSetResolution(b2, 300, 300);
	assert_int_equal(pixWriteJpeg(out, b2, 50, 0), 0);
	pixDestroy(&bw), pixDestroy(&g), pixDestroy(&b1), pixDestroy(&b2);
	free(src);
	return out;
}

static void test_shaded_page_read_again(void **state)
{
	char *jpg = shaded_page();
	lt_ocr_result res = LT_OCR_RESULT_INIT;
	lt_error err = LT_ERROR_INIT;
	(void)state;

	if (lt_ocr_file(engine, jpg, &res, &err) != LT_OK)
		fail_msg("%s", err.message);
	printf("shaded page: reread %d quality %d\n%s\n", res.pages[0].reread, res.pages[0].quality,
	       res.pages[0].text);
	assert_int_equal(res.pages[0].reread, 1);
	assert_non_null(strstr(res.pages[0].text, "Nơi nhận"));
	assert_non_null(strstr(res.pages[0].text, "Trần Quý Khẩn"));
	lt_ocr_result_free(&res);
	free(jpg);
}

/* An empty scanned page is not recognised, and its searchable PDF page
 * is a few KiB; a page with one line of text is not blank. */
static void test_blank_page(void **state)
{
	char *path = tmp_path("blank.png"), *one = tmp_path("one-line.png");
	char *src = sample("nb-02-foot.png");
	lt_ocr_options opts = LT_OCR_OPTIONS_INIT;
	lt_ocr_result res = LT_OCR_RESULT_INIT;
	lt_ocr_engine *e = NULL;
	lt_error err = LT_ERROR_INIT;
	PIX *pix = pixCreate(2480, 3508, 8), *bw = pixRead(src), *line;
	unsigned seed = 7;
	struct stat st;
	(void)state;

	/* Grey paper with scanner noise and a few specks of dust. */
	for (int y = 0; y < 3508; y++)
		for (int x = 0; x < 2480; x++) {
			seed = seed * 1103515245u + 12345u;
			pixSetPixel(pix, x, y, 236 + ((seed >> 16) & 15));
		}
	for (int k = 0; k < 40; k++) {
		seed = seed * 1103515245u + 12345u;
		pixSetPixel(pix, (int)((seed >> 8) % 2480), (int)((seed >> 4) % 3508), 40);
	}
	pixSetResolution(pix, 300, 300);
	assert_int_equal(pixWrite(path, pix, IFF_PNG), 0);
	/* The same paper with the page's first lines on it. */
	{
		BOX *box = boxCreate(0, 0, 2480, 700);
		line = pixClipRectangle(bw, box, NULL);
		boxDestroy(&box);
		pixRasterop(pix, 0, 0, 2480, 700, PIX_SRC & PIX_DST, pixConvertTo8(line, 0), 0, 0);
		assert_int_equal(pixWrite(one, pix, IFF_PNG), 0);
		pixDestroy(&line);
	}
	opts.searchable_pdf = 1;
	if (lt_ocr_engine_new(&e, &opts, &err) != LT_OK)
		fail_msg("%s", err.message);
	if (lt_ocr_file(e, path, &res, &err) != LT_OK)
		fail_msg("%s", err.message);
	assert_int_equal(res.pages[0].status, LT_OK);
	assert_int_equal(res.pages[0].blank, 1);
	assert_string_equal(res.pages[0].text, "");
	assert_true(res.pages[0].ocr_seconds == 0);
	assert_non_null(res.searchable_pdf);
	assert_int_equal(stat(res.searchable_pdf, &st), 0);
	printf("blank page: searchable PDF %lld bytes\n", (long long)st.st_size);
	assert_true(st.st_size < 16 * 1024);
	lt_ocr_result_free(&res);
	if (lt_ocr_file(e, one, &res, &err) != LT_OK)
		fail_msg("%s", err.message);
	assert_int_equal(res.pages[0].blank, 0);
	assert_non_null(strstr(res.pages[0].text, "Nơi nhận"));
	lt_ocr_result_free(&res);
	lt_ocr_engine_free(e);
	pixDestroy(&pix), pixDestroy(&bw);
	free(path), free(one), free(src);
}

/* Empty pages of a PDF (2,000 of them took 23 minutes): told without being
 * drawn at 300 dpi, stored blank, the searchable PDF small. */
static void test_empty_pdf_pages(void **state)
{
	char *path = tmp_path("empty-pages.pdf");
	const char *objs[8] = {
	    "<< /Type /Catalog /Pages 2 0 R >>",
	    "<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R 6 0 R 7 0 R] /Count 5 >>",
	    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 8 0 R >>",
	    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 8 0 R >>",
	    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 8 0 R >>",
	    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 8 0 R >>",
	    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 8 0 R >>",
	    NULL};
	lt_ocr_options opts = LT_OCR_OPTIONS_INIT;
	lt_ocr_result res = LT_OCR_RESULT_INIT;
	lt_ocr_engine *e = NULL;
	lt_error err = LT_ERROR_INIT;
	struct stat st;
	(void)state;

	lt_test_write_pdf(path, objs, 8, "");
	opts.searchable_pdf = 1;
	if (lt_ocr_engine_new(&e, &opts, &err) != LT_OK)
		fail_msg("%s", err.message);
	if (lt_ocr_file(e, path, &res, &err) != LT_OK)
		fail_msg("%s", err.message);
	assert_int_equal(res.npages, 5);
	for (size_t i = 0; i < res.npages; i++) {
		assert_int_equal(res.pages[i].status, LT_OK);
		assert_int_equal(res.pages[i].blank, 1);
		assert_string_equal(res.pages[i].text, "");
		assert_true(res.pages[i].ocr_seconds == 0);
	}
	assert_non_null(res.searchable_pdf);
	assert_int_equal(stat(res.searchable_pdf, &st), 0);
	printf("5 empty PDF pages: searchable PDF %lld bytes\n", (long long)st.st_size);
	assert_true(st.st_size < 8 * 1024);
	lt_ocr_result_free(&res);
	lt_ocr_engine_free(e);
	free(path);
}

/* The quality signal: a clean page passes, the same page scanned at 60 dpi
 * (read at about 30 % CER) is flagged for review. */
static void test_page_quality(void **state)
{
	char *png = fixture(SCAN0 "/002.clean.png"), *bad = tmp_path("60dpi.png");
	lt_ocr_result res = LT_OCR_RESULT_INIT;
	lt_error err = LT_ERROR_INIT;
	PIX *pix = pixRead(png), *g = pixConvertTo8(pix, 0), *blur = pixScaleAreaMap(g, 0.2f, 0.2f);
	(void)state;

	pixSetResolution(blur, 60, 60);
	assert_int_equal(pixWrite(bad, blur, IFF_PNG), 0);
	if (lt_ocr_file(engine, png, &res, &err) != LT_OK)
		fail_msg("%s", err.message);
	printf("clean page: quality %d\n", res.pages[0].quality);
	assert_true(res.pages[0].quality >= LT_OCR_QUALITY_REVIEW);
	assert_int_equal(res.pages[0].review, 0);
	lt_ocr_result_free(&res);
	if (lt_ocr_file(engine, bad, &res, &err) != LT_OK)
		fail_msg("%s", err.message);
	printf("60 dpi page: quality %d\n", res.pages[0].quality);
	assert_true(res.pages[0].quality < LT_OCR_QUALITY_REVIEW);
	assert_int_equal(res.pages[0].review, 1);
	lt_ocr_result_free(&res);
	pixDestroy(&pix), pixDestroy(&g), pixDestroy(&blur);
	free(png), free(bad);
}

static void test_syllables(void **state)
{
	static const char *const good[] = {"người", "được", "Nghiệp", "quyết", "khuyến", "tỉnh",
	                                   "hòa",   "giấy", "xã",     "ủy",    "ĐỘC",    "gì"};
	static const char *const bad[] = {"tiêp",   "khoang1", "Agency", "đươc", "màt",
	                                  "thưong", "kư",      "ngie",   "tộc̀"};
	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!lt_ocr_vietnamese_syllable(good[i], strlen(good[i])))
			fail_msg("not a syllable: %s", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (lt_ocr_vietnamese_syllable(bad[i], strlen(bad[i])))
			fail_msg("taken for a syllable: %s", bad[i]);
}

/* A TIFF whose second page's directory is damaged: libtiff reads one page
 * and stops quietly; the probe refuses the file, naming page 2. */
static void test_probe_tiff_broken_chain(void **state)
{
	char *tif = fixture(SCAN0 "/doc.tif");
	size_t len = 0;
	unsigned char *d = (unsigned char *)lt_test_read_file(tif, &len);
	int le = d[0] == 'I';
	unsigned long first, next, n;
#define U16(p) (le ? (unsigned)((p)[0] | (p)[1] << 8) : (unsigned)((p)[0] << 8 | (p)[1]))
#define U32(p)                                                                                     \
	(le ? (unsigned long)(p)[0] | (unsigned long)(p)[1] << 8 | (unsigned long)(p)[2] << 16 |   \
	          (unsigned long)(p)[3] << 24                                                      \
	    : (unsigned long)(p)[3] | (unsigned long)(p)[2] << 8 | (unsigned long)(p)[1] << 16 |   \
	          (unsigned long)(p)[0] << 24)
	(void)state;
	first = U32(d + 4);
	n = U16(d + first);
	next = U32(d + first + 2 + 12 * n);
	assert_true(next > 0 && next + 2 < len);
	{
		/* The second directory's entries overwritten. */
		char *bad = tmp_path("broken-dir.tif");
		unsigned char *copy = malloc(len);
		memcpy(copy, d, len);
		memset(copy + next + 2, 0xab, 60);
		lt_test_write_file(bad, copy, len);
		expect_probe_error(bad, NULL, LT_ECORRUPT, "2");
		/* The link to it pointing past the end of the file. */
		memcpy(copy, d, len);
		copy[first + 2 + 12 * n] = 0xff;
		copy[first + 2 + 12 * n + 1] = 0xff;
		copy[first + 2 + 12 * n + 2] = 0xff;
		copy[first + 2 + 12 * n + 3] = 0x0f;
		lt_test_write_file(bad, copy, len);
		expect_probe_error(bad, NULL, LT_ECORRUPT, "2");
		free(copy);
		free(bad);
	}
#undef U16
#undef U32
	free(d);
	free(tif);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cer_helper),
	    cmocka_unit_test(test_media_names),
	    cmocka_unit_test(test_probe_png),
	    cmocka_unit_test(test_probe_jpeg),
	    cmocka_unit_test(test_probe_tiff),
	    cmocka_unit_test(test_probe_pdf),
	    cmocka_unit_test(test_probe_text),
	    cmocka_unit_test(test_probe_missing),
	    cmocka_unit_test(test_probe_empty),
	    cmocka_unit_test(test_probe_directory),
	    cmocka_unit_test(test_probe_garbage_named_png),
	    cmocka_unit_test(test_probe_png_header_then_garbage),
	    cmocka_unit_test(test_probe_truncated_images),
	    cmocka_unit_test(test_probe_pixel_bomb),
	    cmocka_unit_test(test_probe_page_limit),
	    cmocka_unit_test(test_probe_text_named_pdf),
	    cmocka_unit_test(test_probe_fake_pdf),
	    cmocka_unit_test(test_probe_encrypted_pdf),
	    cmocka_unit_test(test_probe_text_edge_cases),
	    cmocka_unit_test(test_clean_text),
	    cmocka_unit_test(test_count_letters),
	    cmocka_unit_test(test_run_limits),
	    cmocka_unit_test(test_engine_bad_language),
	    cmocka_unit_test(test_file_text),
	    cmocka_unit_test(test_file_refuses_bad_input),
	    cmocka_unit_test(test_file_pdf_text_layer),
	    cmocka_unit_test(test_file_png_clean),
	    cmocka_unit_test(test_file_tiff_pages),
	    cmocka_unit_test(test_file_pdf_mixed),
	    cmocka_unit_test(test_pdf_page_image),
	    cmocka_unit_test(test_file_rotated_page),
	    cmocka_unit_test(test_file_upside_down_page),
	    cmocka_unit_test(test_prep_background),
	    cmocka_unit_test(test_prep_deskew),
	    cmocka_unit_test(test_probe_keeps_pages),
	    cmocka_unit_test(test_pool_same_pages),
	    cmocka_unit_test(test_searchable_pdf_layout),
	    cmocka_unit_test(test_file_variant_ceilings),
	    cmocka_unit_test(test_syllables),
	    cmocka_unit_test(test_probe_tiff_broken_chain),
	    cmocka_unit_test(test_table_rows),
	    cmocka_unit_test(test_seal_dropout),
	    cmocka_unit_test(test_shaded_page_read_again),
	    cmocka_unit_test(test_blank_page),
	    cmocka_unit_test(test_empty_pdf_pages),
	    cmocka_unit_test(test_page_quality),
	};
	return cmocka_run_group_tests_name("ocr", tests, engine_setup, engine_teardown);
}
