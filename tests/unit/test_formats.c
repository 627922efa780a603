/* tests/unit/test_formats.c — ocr/formats: each office format detected by
 * its content (never its name) and read, legacy-font runs converted,
 * hostile files refused with the right error, RTF and e-mail edge cases.
 * The office files come from tests/edocs/make_docs.py (python3, a test
 * dependency) and the committed DOC, XLS and legacy text fixtures. */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/fs.h"
#include "core/text.h"
#include "ocr/formats/internal.h"
#include "ocr/ocr.h"

typedef struct fx {
	char *dir;
	char docs[512];
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof(*f));
	char cmd[1400];
	char *gen = lt_test_src_path("tests/edocs/make_docs.py");

	f->dir = lt_test_tmpdir();
	snprintf(f->docs, sizeof(f->docs), "%s/docs", f->dir);
	snprintf(cmd, sizeof(cmd), "python3 '%s' '%s' >/dev/null 2>&1", gen, f->docs);
	free(gen);
	if (system(cmd) != 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	lt_test_rmtree_free(f->dir);
	free(f);
	return 0;
}

/* A copy of a file under a name that says nothing ("x.bin"). */
static char *anonymous(fx *f, const char *path)
{
	size_t len = 0;
	char *data = lt_test_read_file(path, &len);
	char *out = malloc(600);

	snprintf(out, 600, "%s/x.bin", f->dir);
	unlink(out);
	lt_test_write_file(out, data, len);
	free(data);
	return out;
}

static char *text_of(const char *path, lt_media_type want, lt_vnenc enc)
{
	lt_ocr_probe_info info;
	lt_fmt_text t = LT_FMT_TEXT_INIT;
	lt_error err = LT_ERROR_INIT;
	char *s;

	if (lt_ocr_probe(&info, path, NULL, &err) != LT_OK)
		fail_msg("probe %s: %s", path, err.message);
	if (info.type != want)
		fail_msg("%s: detected as %s, not %s", path, lt_media_name(info.type),
		         lt_media_name(want));
	if (lt_fmt_extract(&t, path, info.type, NULL, &err) != LT_OK)
		fail_msg("extract %s: %s", path, err.message);
	assert_int_equal(t.encoding, enc);
	s = t.text.data ? strdup(t.text.data) : strdup("");
	lt_fmt_text_free(&t);
	return s;
}

static void has(const char *text, const char *what)
{
	if (!strstr(text, what))
		fail_msg("\"%s\" not in: %.300s", what, text);
}

static void test_office_by_content(void **state)
{
	fx *f = *state;
	static const struct {
		const char *name;
		lt_media_type type;
		lt_vnenc enc;
		const char *words[3];
	} cases[] = {
	    {"word.docx",
	     LT_MEDIA_DOCX,
	     LT_VNENC_VNI,
	     {"quy hoạch thủy lợi", "chỉnh lý tài liệu tồn đọng", "Hội đồng xác định giá trị"}},
	    {"styled.docx", LT_MEDIA_DOCX, LT_VNENC_TCVN3, {"Sở Nội vụ thành Hà Tây", NULL, NULL}},
	    {"text.odt",
	     LT_MEDIA_ODT,
	     LT_VNENC_TCVN3,
	     {"giải phóng mặt bằng", "thu hồi  12 ha", "Sở Nội vụ tỉnh Hà Tây"}},
	    {"sheet.xlsx",
	     LT_MEDIA_XLSX,
	     LT_VNENC_VNI,
	     {"Kinh phí bồi dưỡng cán bộ lưu trữ\t1500000", "Sở Nội vụ tỉnh Hà Tây",
	      "Ủy ban nhân dân huyện Đông Anh"}},
	    {"slides.pptx",
	     LT_MEDIA_PPTX,
	     LT_VNENC_UNICODE,
	     {"chuyển đổi số", "Lộ trình thực hiện", NULL}},
	    {"table.ods",
	     LT_MEDIA_ODS,
	     LT_VNENC_UNICODE,
	     {"Tổng hợp", "Quyết toán ngân sách xã", NULL}},
	    {"letter.rtf",
	     LT_MEDIA_RTF,
	     LT_VNENC_TCVN3,
	     {"phòng cháy chữa cháy", "Báo cáo tổng kết công tác văn thư", NULL}},
	    {"mail.eml",
	     LT_MEDIA_EML,
	     LT_VNENC_UNICODE,
	     {"Subject: Đơn kiến nghị môi trường", "ô nhiễm môi trường", NULL}},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[700], *anon, *t;
		snprintf(path, sizeof(path), "%s/%s", f->docs, cases[i].name);
		anon = anonymous(f, path);
		t = text_of(anon, cases[i].type, cases[i].enc);
		for (int k = 0; k < 3 && cases[i].words[k]; k++)
			has(t, cases[i].words[k]);
		free(t);
		free(anon);
	}
	/* the title of docProps/core.xml and of ODF's meta.xml */
	{
		static const struct {
			const char *name;
			lt_media_type type;
			const char *title;
		} titled[] = {{"word.docx", LT_MEDIA_DOCX, "Kế hoạch thủy lợi"},
		              {"text.odt", LT_MEDIA_ODT, "Phương án giải phóng mặt bằng"}};
		for (size_t i = 0; i < sizeof(titled) / sizeof(titled[0]); i++) {
			char path[700];
			lt_fmt_text t = LT_FMT_TEXT_INIT;
			lt_error err = LT_ERROR_INIT;
			snprintf(path, sizeof(path), "%s/%s", f->docs, titled[i].name);
			if (lt_fmt_extract(&t, path, titled[i].type, NULL, &err) != LT_OK)
				fail_msg("extract %s: %s", path, err.message);
			assert_non_null(t.title);
			assert_string_equal(t.title, titled[i].title);
			lt_fmt_text_free(&t);
		}
	}
	/* a deleted revision is not text; an RTF's info destination neither */
	{
		char path[700], *t;
		snprintf(path, sizeof(path), "%s/word.docx", f->docs);
		t = text_of(path, LT_MEDIA_DOCX, LT_VNENC_VNI);
		assert_null(strstr(t, "chữxóabỏ"));
		free(t);
		snprintf(path, sizeof(path), "%s/letter.rtf", f->docs);
		t = text_of(path, LT_MEDIA_RTF, LT_VNENC_TCVN3);
		assert_null(strstr(t, "nope"));
		assert_null(strstr(t, "test"));
		free(t);
	}
}

static void test_committed_fixtures(void **state)
{
	static const struct {
		const char *rel;
		lt_media_type type;
		lt_vnenc enc;
		const char *words;
	} cases[] = {
	    {"tests/edocs/unicode.doc", LT_MEDIA_DOC, LT_VNENC_UNICODE, "tiếp công dân"},
	    {"tests/edocs/tcvn3.doc", LT_MEDIA_DOC, LT_VNENC_TCVN3, "thi đua khen thưởng"},
	    {"tests/edocs/sheet.xls", LT_MEDIA_XLS, LT_VNENC_UNICODE, "Tổng hợp số liệu thống kê"},
	    {"tests/edocs/tcvn3.txt", LT_MEDIA_TEXT_TCVN3, LT_VNENC_TCVN3,
	     "Việc chỉnh lý tài liệu tồn đọng"},
	    {"tests/edocs/vni.txt", LT_MEDIA_TEXT_VNI, LT_VNENC_VNI,
	     "Ủy ban nhân dân huyện Đông Anh"},
	};
	fx *f = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *src = lt_test_src_path(cases[i].rel), *anon = anonymous(f, src), *t;
		t = text_of(anon, cases[i].type, cases[i].enc);
		has(t, cases[i].words);
		free(t);
		free(anon);
		free(src);
	}
}

static void test_hostile(void **state)
{
	fx *f = *state;
	static const struct {
		const char *name;
		int code;
	} cases[] = {
	    {"bomb.docx", LT_ELIMIT},
	    {"entity.docx", LT_ECORRUPT},
	    {"encrypted.docx", LT_EUNSUPPORTED},
	    {"encrypted.odt", LT_EUNSUPPORTED},
	    {"encrypted.doc", LT_EUNSUPPORTED},
	    {"encrypted.xls", LT_EUNSUPPORTED},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[700];
		lt_ocr_probe_info info;
		lt_error err = LT_ERROR_INIT;
		int rc;
		snprintf(path, sizeof(path), "%s/bad/%s", f->docs, cases[i].name);
		rc = lt_ocr_probe(&info, path, NULL, &err);
		if (rc != cases[i].code)
			fail_msg("%s: %d (%s), expected %d", cases[i].name, rc, err.message,
			         cases[i].code);
		/* the message names the file */
		assert_non_null(strstr(err.message, cases[i].name));
	}
	/* the limits count what expands, whatever the headers say: the same
	 * DOCX passes, then not under a smaller absolute limit or ratio */
	{
		char path[700];
		lt_fmt_limits lim = LT_FMT_LIMITS_INIT;
		lt_fmt_text t = LT_FMT_TEXT_INIT;
		lt_error err = LT_ERROR_INIT;
		snprintf(path, sizeof(path), "%s/word.docx", f->docs);
		assert_int_equal(lt_fmt_extract(&t, path, LT_MEDIA_DOCX, &lim, &err), LT_OK);
		lt_fmt_text_free(&t);
		lim.max_bytes = 1000;
		assert_int_equal(lt_fmt_extract(&t, path, LT_MEDIA_DOCX, &lim, &err), LT_ELIMIT);
		lt_fmt_text_free(&t);
		lim = (lt_fmt_limits)LT_FMT_LIMITS_INIT;
		lim.max_ratio = 0; /* off */
		assert_int_equal(lt_fmt_extract(&t, path, LT_MEDIA_DOCX, &lim, &err), LT_OK);
		lt_fmt_text_free(&t);
	}
}

static char *rtf(const char *src, int *rc)
{
	lt_fmt_text t = LT_FMT_TEXT_INIT;
	lt_error err = LT_ERROR_INIT;
	char *s;

	*rc = lt_fmt_rtf_mem(&t, src, strlen(src), "t.rtf", &err);
	/* the reader's text is raw; lt_fmt_extract makes it NFC */
	{
		lt_buf nfc = LT_BUF_INIT;
		lt_text_nfc(&nfc, t.text.data ? t.text.data : "", t.text.len, NULL);
		s = strdup(nfc.data ? nfc.data : "");
		lt_buf_free(&nfc);
	}
	lt_fmt_text_free(&t);
	return s;
}

static void test_rtf(void **state)
{
	int rc;
	char *t;
	(void)state;

	/* \u with its fallback, \uc, code page 1258 with a combining tone */
	t = rtf("{\\rtf1\\ansi\\ansicpg1258 H\\u7891?a \\uc2\\u7891\\'3f\\'3fi Ho\\'ecng}", &rc);
	assert_int_equal(rc, LT_OK);
	has(t, "Hồa");
	has(t, " ồi ");
	has(t, "Hóng"); /* o + U+0301 from 0xEC */
	free(t);
	/* a VNI run and an all-capitals TCVN3 run, by their fonts */
	t = rtf("{\\rtf1\\ansi{\\fonttbl{\\f0\\fnil VNI-Times;}{\\f1\\fnil .VnTimeH;}}"
	        "{\\f0 Quye\\'e1t \\'f1\\'f2nh}\\par{\\f1 b\\'b8o c\\'b8o}}",
	        &rc);
	assert_int_equal(rc, LT_OK);
	has(t, "Quyết định");
	has(t, "BÁO CÁO");
	free(t);
	/* destinations that are no text */
	t = rtf(
	    "{\\rtf1{\\*\\unknown x}{\\pict abc}{\\colortbl;\\red0;}{\\fldinst HYPERLINK}visible}",
	    &rc);
	assert_int_equal(rc, LT_OK);
	assert_string_equal(t, "visible");
	free(t);
	/* hostile */
	{
		char deep[1200];
		size_t n = 0;
		n += (size_t)snprintf(deep, sizeof(deep), "{\\rtf1");
		for (int i = 0; i < 300; i++)
			deep[n++] = '{';
		deep[n] = '\0';
		free(rtf(deep, &rc));
		assert_int_equal(rc, LT_ECORRUPT);
	}
	free(rtf("{\\rtf1 \\bin999999 x}", &rc));
	assert_int_equal(rc, LT_ECORRUPT);
	free(rtf("not rtf", &rc));
	assert_int_equal(rc, LT_ECORRUPT);
}

static void test_eml(void **state)
{
	fx *f = *state;
	lt_fmt_text t = LT_FMT_TEXT_INIT;
	lt_fmt_attachment *att = NULL;
	size_t n = 0;
	lt_error err = LT_ERROR_INIT;
	char path[700], dir[700];
	size_t len = 0;
	char *data;

	snprintf(path, sizeof(path), "%s/mail.eml", f->docs);
	snprintf(dir, sizeof(dir), "%s/att", f->dir);
	assert_int_equal(lt_fs_mkdirs(dir, NULL), 0);
	data = lt_test_read_file(path, &len);
	assert_int_equal(lt_fmt_eml_mem(&t, data, len, path, dir, &att, &n, NULL, &err), LT_OK);
	assert_string_equal(t.title, "Đơn kiến nghị môi trường");
	assert_int_equal(n, 2);
	assert_string_equal(att[0].name, "phuong-an.docx");
	assert_string_equal(att[1].name, "du-lieu.zip");
	assert_string_equal(att[1].mime_type, "application/zip");
	{
		lt_ocr_probe_info info;
		assert_int_equal(lt_ocr_probe(&info, att[0].path, NULL, &err), LT_OK);
		assert_int_equal(info.type, LT_MEDIA_DOCX);
	}
	lt_fmt_attachments_free(att, n);
	lt_fmt_text_free(&t);
	free(data);

	/* HTML only, Latin-1, an encoded-word in Q form */
	{
		static const char m[] =
		    "From: a@b\r\nDate: x\r\nSubject: =?ISO-8859-1?Q?Caf=E9?=\r\n"
		    "Content-Type: text/html; charset=iso-8859-1\r\n\r\n"
		    "<html><head><style>p{}</style></head><body><p>Na\xefve"
		    "</p><script>x()</script></body></html>\r\n";
		lt_fmt_text h = LT_FMT_TEXT_INIT;
		assert_int_equal(
		    lt_fmt_eml_mem(&h, m, sizeof(m) - 1, "m.eml", NULL, NULL, NULL, NULL, &err),
		    LT_OK);
		has(h.text.data, "Subject: Café");
		has(h.text.data, "Naïve");
		assert_null(strstr(h.text.data, "x()"));
		assert_null(strstr(h.text.data, "p{}"));
		lt_fmt_text_free(&h);
	}
	/* too many parts */
	{
		lt_buf m = LT_BUF_INIT;
		lt_fmt_limits lim = LT_FMT_LIMITS_INIT;
		lt_fmt_text h = LT_FMT_TEXT_INIT;
		lim.max_entries = 10;
		lt_buf_puts(&m, "From: a@b\r\nSubject: s\r\nContent-Type: multipart/mixed; "
		                "boundary=B\r\n\r\n");
		for (int i = 0; i < 20; i++)
			lt_buf_puts(&m, "--B\r\nContent-Type: text/plain\r\n\r\nx\r\n");
		lt_buf_puts(&m, "--B--\r\n");
		assert_int_equal(
		    lt_fmt_eml_mem(&h, m.data, m.len, "m.eml", NULL, NULL, NULL, &lim, &err),
		    LT_ELIMIT);
		lt_fmt_text_free(&h);
		lt_buf_free(&m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_office_by_content),
	    cmocka_unit_test(test_committed_fixtures),
	    cmocka_unit_test(test_hostile),
	    cmocka_unit_test(test_rtf),
	    cmocka_unit_test(test_eml),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
