/* tests/unit/test_forms.c — archive/forms: numbers in Vietnamese words
 * (hand-computed cases), the NĐ 30 date line, the form layout in HTML and
 * CSV, and the searchable A4 PDF read back by pdftotext. */

#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive/forms/form.h"
#include "core/buf.h"

static char *words(long long n)
{
	lt_buf b = LT_BUF_INIT;

	assert_int_equal(lt_words_vi(&b, n), 0);
	return lt_buf_detach(&b);
}

/* Each case written out by hand from the rules of Vietnamese numerals:
 * "mười" for 10–19, "mươi" for the tens above, "mốt" for 1 and "lăm" for 5
 * after a ten, "tư" for 4 after "mươi", "lẻ" for a zero ten, "không trăm"
 * for a zero hundred inside a bigger number, "nghìn", "triệu", "tỷ",
 * "nghìn tỷ". */
static void test_words(void **state)
{
	static const struct {
		long long n;
		const char *vi;
	} CASES[] = {
	    {0, "không"},
	    {1, "một"},
	    {2, "hai"},
	    {5, "năm"},
	    {10, "mười"},
	    {11, "mười một"},
	    {14, "mười bốn"},
	    {15, "mười lăm"},
	    {20, "hai mươi"},
	    {21, "hai mươi mốt"},
	    {24, "hai mươi tư"},
	    {25, "hai mươi lăm"},
	    {55, "năm mươi lăm"},
	    {100, "một trăm"},
	    {101, "một trăm lẻ một"},
	    {105, "một trăm lẻ năm"},
	    {110, "một trăm mười"},
	    {115, "một trăm mười lăm"},
	    {121, "một trăm hai mươi mốt"},
	    {999, "chín trăm chín mươi chín"},
	    {1000, "một nghìn"},
	    {1005, "một nghìn không trăm lẻ năm"},
	    {1010, "một nghìn không trăm mười"},
	    {1024, "một nghìn không trăm hai mươi tư"},
	    {2500, "hai nghìn năm trăm"},
	    {15000, "mười lăm nghìn"},
	    {100000, "một trăm nghìn"},
	    {1000000, "một triệu"},
	    {1000005, "một triệu không trăm lẻ năm"},
	    {2021000, "hai triệu không trăm hai mươi mốt nghìn"},
	    {1000000000, "một tỷ"},
	    {1500000000, "một tỷ năm trăm triệu"},
	    {1000000000000LL, "một nghìn tỷ"},
	    {-3, "âm ba"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
		char *w = words(CASES[i].n);
		if (strcmp(w, CASES[i].vi) != 0)
			fail_msg("%lld: \"%s\", expected \"%s\"", CASES[i].n, w, CASES[i].vi);
		free(w);
	}
	{
		lt_buf b = LT_BUF_INIT;
		/* what the transfer record printed for 2 dossiers of 1 file each */
		assert_int_equal(lt_words_count_vi(&b, 2), 0);
		assert_string_equal(b.data, "2 (hai)");
		lt_buf_free(&b);
	}
}

/* NĐ 30 PL I II.4: days below 10 and months 1–2 with a leading zero, in
 * Vietnamese whatever the language of the messages. */
static void test_date_line(void **state)
{
	char out[48];
	lt_date a = {2026, 2, 5}, b = {2026, 12, 15}, c = {2026, 3, 9};

	(void)state;
	lt_lang_set(LT_LANG_EN);
	lt_form_date_long(&a, out);
	assert_string_equal(out, "ngày 05 tháng 02 năm 2026");
	lt_form_date_long(&b, out);
	assert_string_equal(out, "ngày 15 tháng 12 năm 2026");
	lt_form_date_long(&c, out);
	assert_string_equal(out, "ngày 09 tháng 3 năm 2026");
	lt_lang_set(LT_LANG_VI);
}

static lt_form *sample(void)
{
	static const char *const H[] = {"STT", "Số, ký hiệu", "Ngày tháng"};
	lt_date d = {2026, 1, 7};
	lt_form *f = NULL;
	lt_table *t = NULL;
	char dmy[32];

	assert_int_equal(lt_form_new(&f, LT_FORM_PORTRAIT, NULL), 0);
	assert_int_equal(lt_form_header(f, "Ủy ban nhân dân tỉnh Hà Tĩnh", "Sở Nội vụ", NULL,
	                                "07/BB-NLCQ", "Hà Tĩnh", &d),
	                 0);
	assert_int_equal(lt_form_title(f, "Biên bản", "Về việc giao nhận hồ sơ, tài liệu"), 0);
	assert_int_equal(lt_form_para(f, LT_FORM_INDENT, "Hôm nay, chúng tôi gồm: <đại diện>"), 0);
	assert_int_equal(lt_table_new(&t, 3, H, NULL), 0);
	assert_int_equal(lt_table_section(t, "I. TỔNG HỢP"), 0);
	lt_table_cell(t, "1");
	lt_table_cell(t, "01.TH");
	lt_table_date_dmy("2025-03-05", dmy);
	lt_table_cell(t, dmy);
	lt_table_footer(t, "Tổng số: 1 (một) hồ sơ.");
	assert_int_equal(lt_form_table(f, t), 0);
	{
		const char *titles[] = {"ĐẠI DIỆN BÊN GIAO", "ĐẠI DIỆN BÊN NHẬN"};
		const char *notes[] = {"(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên)"};
		const char *names[] = {"Nguyễn Văn An", NULL};
		assert_int_equal(lt_form_signatures(f, 2, titles, notes, names), 0);
	}
	return f;
}

static void test_html_layout(void **state)
{
	lt_form *f = sample();
	lt_buf out = LT_BUF_INIT;

	(void)state;
	assert_int_equal(lt_form_write(&out, f, "html", NULL), 0);
	/* the header of NĐ 30 PL I: parent agency, agency, number, Quốc hiệu,
	 * Tiêu ngữ, place and date */
	assert_non_null(strstr(out.data, "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH"));
	assert_non_null(strstr(out.data, "SỞ NỘI VỤ"));
	assert_non_null(strstr(out.data, "Số: 07/BB-NLCQ"));
	assert_non_null(strstr(out.data, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
	assert_non_null(strstr(out.data, "Độc lập - Tự do - Hạnh phúc"));
	assert_non_null(strstr(out.data, "Hà Tĩnh, ngày 07 tháng 01 năm 2026"));
	assert_non_null(strstr(out.data, "<h1>BIÊN BẢN</h1>"));
	assert_non_null(strstr(out.data, "05/03/2025"));
	assert_non_null(strstr(out.data, "&lt;đại diện&gt;"));
	assert_non_null(strstr(out.data, "size:A4 portrait"));
	assert_non_null(strstr(out.data, "ĐẠI DIỆN BÊN NHẬN"));
	lt_buf_reset(&out);
	/* CSV: the table only, the section row in the second cell */
	assert_int_equal(lt_form_write(&out, f, "csv", NULL), 0);
	assert_memory_equal(out.data, "\xEF\xBB\xBFSTT,\"Số, ký hiệu\",Ngày tháng\r\n", 32);
	assert_non_null(strstr(out.data, "\r\n,I. TỔNG HỢP,\r\n1,01.TH,05/03/2025\r\n"));
	lt_buf_reset(&out);
	assert_int_equal(lt_form_write(&out, f, "docx", NULL), LT_EINVAL);
	lt_buf_free(&out);
	lt_form_free(f);
}

/* Every HTML printout has one inline stylesheet, LT_PRINT_CSS exactly (the
 * server's CSP allows it by its hash), and no style attribute. */
static void test_html_one_stylesheet(void **state)
{
	lt_form *f = sample();
	lt_buf out = LT_BUF_INIT, want = LT_BUF_INIT;
	const char *at;

	(void)state;
	assert_int_equal(lt_form_write(&out, f, "html", NULL), 0);
	lt_buf_printf(&want, "<style>%s</style>", LT_PRINT_CSS);
	at = strstr(out.data, want.data);
	assert_non_null(at);
	assert_null(strstr(at + 1, "<style"));
	assert_null(strstr(out.data, " style="));
	assert_non_null(strstr(out.data, "<body class=\"form\">"));
	assert_non_null(strstr(out.data, "<col width="));
	assert_non_null(strstr(LT_PRINT_CSS, "@page{size:A4 portrait;margin:2cm 1.5cm 2cm 3cm}"));
	assert_non_null(strstr(LT_PRINT_CSS, "@page landscape{size:A4 landscape"));
	lt_buf_free(&want);
	lt_buf_free(&out);
	lt_form_free(f);
}

/* The PDF is A4, searchable: pdftotext reads the Vietnamese text back. */
static void test_pdf_searchable(void **state)
{
	lt_form *f = sample();
	lt_buf out = LT_BUF_INIT;
	char *dir = lt_test_tmpdir(), path[1024], cmd[2200], *text;
	FILE *p;

	(void)state;
	assert_int_equal(lt_form_write(&out, f, "pdf", NULL), 0);
	assert_memory_equal(out.data, "%PDF-", 5);
	snprintf(path, sizeof(path), "%s/form.pdf", dir);
	lt_test_write_file(path, out.data, out.len);
	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' '%s/form.txt'", path, dir);
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_int_equal(pclose(p), 0);
	snprintf(path, sizeof(path), "%s/form.txt", dir);
	text = lt_test_read_file(path, NULL);
	assert_non_null(strstr(text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
	assert_non_null(strstr(text, "Độc lập - Tự do - Hạnh phúc"));
	assert_non_null(strstr(text, "Số: 07/BB-NLCQ"));
	assert_non_null(strstr(text, "ngày 07 tháng 01 năm 2026"));
	assert_non_null(strstr(text, "BIÊN BẢN"));
	assert_non_null(strstr(text, "Tổng số: 1 (một) hồ sơ."));
	assert_non_null(strstr(text, "05/03/2025"));
	free(text);
	lt_buf_free(&out);
	lt_form_free(f);
	lt_test_rmtree_free(dir);
}

/* A table longer than a page goes on with its heading row repeated. */
static void test_pdf_pages(void **state)
{
	static const char *const H[] = {"STT", "Nội dung"};
	lt_form *f = NULL;
	lt_table *t = NULL;
	lt_buf out = LT_BUF_INIT;
	char *dir = lt_test_tmpdir(), path[1024], cmd[2200], line[128];
	FILE *p;
	int pages = 0;

	(void)state;
	assert_int_equal(lt_form_new(&f, LT_FORM_LANDSCAPE, NULL), 0);
	assert_int_equal(lt_form_header(f, NULL, "Sở Nội vụ", NULL, NULL, NULL, NULL), 0);
	assert_int_equal(lt_table_new(&t, 2, H, NULL), 0);
	for (int i = 1; i <= 120; i++) {
		char n[16];
		snprintf(n, sizeof(n), "%d", i);
		lt_table_cell(t, n);
		lt_table_cell(t, "Công văn về việc lập hồ sơ công việc");
	}
	assert_int_equal(lt_form_table(f, t), 0);
	assert_int_equal(lt_form_write(&out, f, "pdf", NULL), 0);
	snprintf(path, sizeof(path), "%s/long.pdf", dir);
	lt_test_write_file(path, out.data, out.len);
	snprintf(cmd, sizeof(cmd), "pdfinfo '%s'", path);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p))
		if (strncmp(line, "Pages:", 6) == 0)
			pages = atoi(line + 6);
		else if (strncmp(line, "Page size:", 10) == 0)
			assert_non_null(strstr(line, "841.89 x 595.276")); /* A4 landscape */
	pclose(p);
	assert_true(pages >= 3);
	lt_buf_free(&out);
	lt_form_free(f);
	lt_test_rmtree_free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_words),          cmocka_unit_test(test_date_line),
	    cmocka_unit_test(test_html_layout),    cmocka_unit_test(test_html_one_stylesheet),
	    cmocka_unit_test(test_pdf_searchable), cmocka_unit_test(test_pdf_pages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
