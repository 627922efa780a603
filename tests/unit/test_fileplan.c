/* tests/unit/test_fileplan.c — archive/fileplan: Roman numerals, retention
 * parsing, CSV import (good file; a bad row leaves nothing), numbering
 * modes (rule 17), footer counts (rule 18), the printed catalog, finalising
 * (approval, issue date, recorded footer; refusals change nothing). */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/archive.h"
#include "archive/fileplan.h"
#include "core/buf.h"
#include "core/fs.h"

typedef struct fixture {
	char *dir;
	lt_archive *ar;
	lt_catalog *cat;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	lt_test_archive_open(&f->dir, &f->ar, &f->cat);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	lt_test_archive_close(f->dir, f->ar);
	free(f);
	return 0;
}

static void test_roman(void **state)
{
	char s[16];
	int v;

	(void)state;
	const struct {
		int n;
		const char *r;
	} cases[] = {{1, "I"},          {2, "II"},        {4, "IV"},          {9, "IX"},
	             {14, "XIV"},       {40, "XL"},       {90, "XC"},         {400, "CD"},
	             {1994, "MCMXCIV"}, {2024, "MMXXIV"}, {3999, "MMMCMXCIX"}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(lt_roman_format(s, cases[i].n), 0);
		assert_string_equal(s, cases[i].r);
		assert_int_equal(lt_roman_parse(&v, cases[i].r), 0);
		assert_int_equal(v, cases[i].n);
	}
	for (int n = 1; n <= 3999; n++) {
		assert_int_equal(lt_roman_format(s, n), 0);
		assert_int_equal(lt_roman_parse(&v, s), 0);
		assert_int_equal(v, n);
	}
	assert_int_equal(lt_roman_format(s, 0), LT_EINVAL);
	assert_int_equal(lt_roman_format(s, 4000), LT_EINVAL);
	assert_int_equal(lt_roman_parse(&v, "IIII"), LT_EINVAL);
	assert_int_equal(lt_roman_parse(&v, "IC"), LT_EINVAL);
	assert_int_equal(lt_roman_parse(&v, ""), LT_EINVAL);
	assert_int_equal(lt_roman_parse(&v, "TH"), LT_EINVAL);
	assert_int_equal(lt_roman_parse(&v, "iv"), LT_EINVAL);
}

static void test_retention(void **state)
{
	lt_retention r;

	(void)state;
	assert_int_equal(lt_retention_parse(&r, "Vĩnh viễn", NULL), 0);
	assert_string_equal(r.maintenance, "01");
	assert_int_equal(lt_retention_parse(&r, "vinh vien", NULL), 0);
	assert_string_equal(r.label, "Vĩnh viễn");
	assert_int_equal(lt_retention_parse(&r, " 20 năm ", NULL), 0);
	assert_string_equal(r.maintenance, "05");
	assert_int_equal(r.years, 20);
	assert_string_equal(r.label, "20 năm");
	assert_int_equal(lt_retention_parse(&r, "15 năm", NULL), 0);
	assert_string_equal(r.maintenance, "07");
	assert_int_equal(r.years, 15);
	assert_int_equal(lt_retention_parse(&r, "04", NULL), 0);
	assert_int_equal(r.years, 30);
	assert_int_equal(lt_retention_parse(&r, "Đến khi văn bản hết hiệu lực", NULL), 0);
	assert_string_equal(r.maintenance, "07");
	assert_string_equal(r.label, "Đến khi văn bản hết hiệu lực");
	assert_int_equal(lt_retention_parse(&r, "", NULL), LT_EINVAL);
	assert_int_equal(lt_retention_parse(&r, "0 năm", NULL), LT_EINVAL);
}

/* Issue 18.3: retention is code + years + an optional event; free text is
 * refused with the accepted forms listed. */
static void test_retention_events(void **state)
{
	lt_retention r;
	lt_error err = LT_ERROR_INIT;

	(void)state;
	assert_int_equal(lt_retention_parse(&r, "Đến khi văn bản hết hiệu lực", NULL), 0);
	assert_string_equal(r.maintenance, "07");
	assert_int_equal(r.years, 0);
	assert_string_equal(r.event, "văn bản hết hiệu lực");
	assert_int_equal(lt_retention_parse(&r, "5 năm sau khi chấm dứt hợp đồng", NULL), 0);
	assert_string_equal(r.maintenance, "07");
	assert_int_equal(r.years, 5);
	assert_string_equal(r.event, "chấm dứt hợp đồng");
	assert_string_equal(r.label, "5 năm sau khi chấm dứt hợp đồng");
	/* typed without diacritics, "kể từ khi" reads as "sau khi" */
	assert_int_equal(lt_retention_parse(&r, "10 nam ke tu khi nghi huu", NULL), 0);
	assert_int_equal(r.years, 10);
	assert_string_equal(r.event, "nghi huu");
	assert_string_equal(r.label, "10 năm sau khi nghi huu");
	assert_int_equal(lt_retention_parse(&r, "cho đến khi thanh lý tài sản", NULL), 0);
	assert_string_equal(r.event, "thanh lý tài sản");
	/* refused: free text, a bare 07, an event with no words, a years
	 * count with something that is not an event form */
	assert_int_equal(lt_retention_parse(&r, "abc", &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "N năm sau khi"));
	assert_non_null(strstr(err.message, "Đến khi"));
	assert_int_equal(lt_retention_parse(&r, "07", NULL), LT_EINVAL);
	assert_int_equal(lt_retention_parse(&r, "5 năm sau khi", NULL), LT_EINVAL);
	assert_int_equal(lt_retention_parse(&r, "5 năm rưỡi", NULL), LT_EINVAL);
	assert_int_equal(lt_retention_parse(&r, "Đến khi", NULL), LT_EINVAL);
	/* from stored parts */
	assert_int_equal(lt_retention_set(&r, "07", 5, "chấm dứt hợp đồng", NULL), 0);
	assert_string_equal(r.label, "5 năm sau khi chấm dứt hợp đồng");
	assert_int_equal(lt_retention_set(&r, NULL, 20, NULL, NULL), 0);
	assert_string_equal(r.maintenance, "05");
	assert_int_equal(lt_retention_set(&r, "06", 20, NULL, NULL), LT_EINVAL);
}

/* The schedule linked to catalog rows (a rule column), sub-headings, and
 * the catalog amended after it was finalised, with history. */
static void test_rules_subheadings_amendments(void **state)
{
	fixture *f = *state;
	static const char PLAN[] =
	    "heading,heading_abbr,subheading,notation,title,retention,keeper,note,rule\n"
	    "TỔNG HỢP,TH,,,Tập văn bản gửi chung,,Văn phòng,,R1\n"
	    "TỔNG HỢP,TH,1. Văn bản chung,,Hồ sơ hội nghị,Vĩnh viễn,Văn phòng,,\n"
	    "LAO ĐỘNG,LĐ,,,Hợp đồng vụ việc,5 năm sau khi chấm dứt hợp đồng,Phòng TCCB,,R2\n";
	static const char CLASH[] =
	    "heading,heading_abbr,notation,title,retention,keeper,note,rule\n"
	    "TỔNG HỢP,TH,,Tập văn bản,10 năm,Văn phòng,,R1\n";
	lt_error err = LT_ERROR_INIT;
	lt_buf out = LT_BUF_INIT;
	lt_fileplan_counts c;
	char notation[64];
	size_t n;
	int64_t fp;

	assert_int_equal(
	    lt_catalog_exec(f->cat,
	                    "INSERT INTO retention_rules (code, title, years, maintenance, action,"
	                    " event) VALUES ('R1', 'Văn bản gửi chung', 0, '07', 'review',"
	                    " 'văn bản hết hiệu lực'), ('R2', 'Hợp đồng vụ việc', 5, '07',"
	                    " 'destroy', 'chấm dứt hợp đồng')",
	                    NULL),
	    0);
	/* a row whose retention contradicts its rule is refused */
	assert_int_equal(lt_fileplan_import_csv_text(&n, f->cat, 2025, NULL, NULL, CLASH,
	                                             sizeof(CLASH) - 1, "c.csv", "lan", &err),
	                 LT_EINVAL);
	assert_non_null(strstr(err.message, "R1"));
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM fileplan_entries"), 0);
	if (lt_fileplan_import_csv_text(&n, f->cat, 2025, NULL, NULL, PLAN, sizeof(PLAN) - 1,
	                                "plan.csv", "lan", &err) != 0)
		fail_msg("%s", err.message);
	assert_int_equal(n, 3);
	/* the rule gave the retention of row 1 */
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM fileplan_entries WHERE"
	                                        " notation = '01.TH' AND retention_rule = 'R1'"
	                                        " AND maintenance = '07' AND retention_years = 0"
	                                        " AND retention_event = 'văn bản hết hiệu lực'"),
	                 1);
	/* the sub-heading is a child of TỔNG HỢP, numbered 1 */
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM fileplan_headings s JOIN"
	                                        " fileplan_headings t ON t.id = s.parent_id"
	                                        " WHERE s.title = 'Văn bản chung' AND s.ordinal"
	                                        " = 1 AND t.abbr = 'TH'"),
	                 1);
	assert_int_equal(lt_fileplan_print(&out, f->cat, 2025, NULL, "csv", NULL), 0);
	assert_non_null(strstr(out.data, ",I. TỔNG HỢP,"));
	assert_non_null(strstr(out.data, ",1. Văn bản chung,"));
	assert_non_null(strstr(out.data, ",II. LAO ĐỘNG,"));
	assert_non_null(strstr(out.data, "03.LĐ,Hợp đồng vụ việc,5 năm sau khi chấm dứt hợp đồng"));
	lt_buf_reset(&out);

	assert_int_equal(lt_fileplan_finalize(NULL, f->cat, 2025, NULL, "Giám đốc", "2025-01-10",
	                                      NULL, "lan", NULL),
	                 0);
	assert_int_equal(lt_fileplan_find(&fp, f->cat, 2025, NULL, NULL), 0);
	/* amendments need a reason; a bad value changes nothing */
	{
		lt_fileplan_row row = {"TH",        NULL, "Hồ sơ thi đua", "10 năm", NULL,
		                       "Văn phòng", NULL};
		assert_int_equal(
		    lt_fileplan_add_entry(notation, f->cat, 2025, NULL, &row, NULL, "lan", NULL),
		    LT_EINVAL);
		row.retention = "abc";
		assert_int_equal(lt_fileplan_add_entry(notation, f->cat, 2025, NULL, &row,
		                                       "phát sinh", "lan", NULL),
		                 LT_EINVAL);
		row.retention = "Vĩnh viễn";
		assert_int_equal(lt_fileplan_add_entry(notation, f->cat, 2025, NULL, &row,
		                                       "phát sinh công việc mới", "lan", &err),
		                 0);
		/* continuous numbering: after the last of the catalog */
		assert_string_equal(notation, "04.TH");
	}
	{
		lt_fileplan_kv kv[2] = {{"title", "Hồ sơ hội nghị tổng kết"}, {"retention", "xyz"}};
		assert_int_equal(lt_fileplan_amend_fields(f->cat, 2025, NULL, "02.TH", kv, 2,
		                                          "đổi tên", "lan", NULL),
		                 LT_EINVAL);
		assert_int_equal(lt_test_scalar(f->cat,
		                                "SELECT count(*) FROM fileplan_entries WHERE"
		                                " title = 'Hồ sơ hội nghị tổng kết'"),
		                 0);
		kv[1].value = "10 năm"; /* 02.TH was permanent */
		assert_int_equal(lt_fileplan_amend_fields(f->cat, 2025, NULL, "02.TH", kv, 2,
		                                          "đổi tên", "lan", NULL),
		                 0);
	}
	assert_int_equal(lt_fileplan_add_heading(f->cat, 2025, NULL, NULL, "2. Văn bản riêng", "TH",
	                                         "tách nhóm", "lan", NULL),
	                 0);
	/* the finalised footer follows: +1 permanent row, one permanent row
	 * turned fixed-term → 4 rows, 1 permanent, 3 fixed-term */
	{
		lt_fileplan_final fin;
		assert_int_equal(lt_fileplan_final_get(&fin, f->cat, fp, NULL), 0);
		assert_int_equal(fin.footer.total, 4);
		assert_int_equal(fin.footer.permanent, 1);
		assert_int_equal(fin.footer.fixed_term, 3);
		assert_int_equal(lt_fileplan_count(&c, f->cat, fp, NULL), 0);
		assert_int_equal(c.total, 4);
		assert_int_equal(c.permanent, 1);
	}
	assert_int_equal(lt_fileplan_history(&out, f->cat, 2025, NULL, NULL), 0);
	assert_non_null(strstr(out.data, "add_entry\t04.TH"));
	assert_non_null(strstr(out.data,
	                       "amend_entry\t02.TH\ttitle\tHồ sơ hội nghị\tHồ sơ hội nghị "
	                       "tổng kết\tđổi tên"));
	assert_non_null(strstr(out.data, "amend_entry\t02.TH\tretention\tVĩnh viễn\t10 năm"));
	assert_non_null(strstr(out.data, "add_heading"));
	lt_buf_reset(&out);
	assert_int_equal(lt_fileplan_print(&out, f->cat, 2025, NULL, "csv", NULL), 0);
	assert_non_null(strstr(out.data, "04.TH,Hồ sơ thi đua,Vĩnh viễn,Văn phòng,Bổ sung ngày"));
	lt_buf_free(&out);
}

static const char GOOD[] =
    "\xEF\xBB\xBFheading,heading_abbr,notation,title,retention,keeper,note\r\n"
    "I. TỔNG HỢP,TH,01.TH,\"Kế hoạch, báo cáo năm\",Vĩnh viễn,Văn phòng,\r\n"
    "TỔNG HỢP,TH,,Hồ sơ hội nghị,20 năm,Văn phòng,\r\n"
    "TỔ CHỨC CÁN BỘ,TCCB,03.TCCB,Hồ sơ tuyển dụng,Vĩnh viễn,Phòng TCCB,\"dòng \"\"một\"\"\"\r\n"
    "TỔ CHỨC CÁN BỘ,TCCB,,Quy chế,Đến khi văn bản hết hiệu lực,Phòng TCCB,\r\n"
    "TÀI CHÍNH,TC,,Dự toán ngân sách,10 năm,Phòng KHTC,\r\n";

static void test_import_good(void **state)
{
	fixture *f = *state;
	lt_fileplan_counts c;
	lt_buf out = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;
	size_t n = 0;
	int64_t fp, entry;

	if (lt_fileplan_import_csv_text(&n, f->cat, 2024, NULL, NULL, GOOD, sizeof(GOOD) - 1,
	                                "plan.csv", "lan", &err) != 0)
		fail_msg("%s", err.message);
	assert_int_equal(n, 5);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM fileplan_headings"), 3);
	assert_int_equal(
	    lt_test_scalar(f->cat, "SELECT ordinal FROM fileplan_headings WHERE abbr='TC'"), 3);
	assert_int_equal(lt_fileplan_entry_find(&entry, f->cat, 2024, NULL, "05.TC", NULL), 0);
	assert_int_equal(lt_fileplan_entry_find(&entry, f->cat, 2024, "", "02.TH", NULL), 0);
	assert_int_equal(lt_fileplan_entry_find(&entry, f->cat, 2024, NULL, "01.TC", NULL),
	                 LT_ENOTFOUND);
	assert_int_equal(lt_fileplan_find(&fp, f->cat, 2024, NULL, NULL), 0);
	assert_int_equal(lt_fileplan_count(&c, f->cat, fp, NULL), 0);
	assert_int_equal(c.total, 5);
	assert_int_equal(c.permanent, 2);
	assert_int_equal(c.fixed_term, 3);
	assert_int_equal(lt_fileplan_print(&out, f->cat, 2024, NULL, "html", NULL), 0);
	assert_non_null(strstr(out.data, "I. TỔNG HỢP"));
	assert_non_null(strstr(out.data, "III. TÀI CHÍNH"));
	assert_non_null(strstr(out.data, "Kế hoạch, báo cáo năm"));
	assert_non_null(strstr(out.data, "dòng &quot;một&quot;"));
	assert_non_null(strstr(out.data, "có 5 hồ sơ, bao gồm: 2 hồ sơ bảo quản vĩnh viễn; 3 hồ sơ "
	                                 "bảo quản có thời hạn"));
	lt_buf_reset(&out);
	assert_int_equal(lt_fileplan_print(&out, f->cat, 2024, NULL, "csv", NULL), 0);
	assert_non_null(strstr(out.data, "\r\n04.TCCB,Quy chế,Đến khi văn bản hết hiệu lực,"));
	lt_buf_free(&out);
	/* a second import into a filled catalog is refused */
	assert_int_equal(lt_fileplan_import_csv_text(&n, f->cat, 2024, NULL, NULL, GOOD,
	                                             sizeof(GOOD) - 1, "plan.csv", "lan", &err),
	                 LT_EEXISTS);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM fileplan_entries"), 5);
}

static void test_per_heading_numbering(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	size_t n;
	int64_t e;
	const char csv[] = "heading,heading_abbr,notation,title,retention,keeper,note\n"
	                   "TỔNG HỢP,TH,01.TH,A,Vĩnh viễn,VP,\n"
	                   "TỔNG HỢP,TH,,B,Vĩnh viễn,VP,\n"
	                   "TỔ CHỨC,TCCB,01.TCCB,C,20 năm,TCCB,\n";

	if (lt_fileplan_import_csv_text(&n, f->cat, 2025, "Phòng A", "per_heading", csv,
	                                sizeof(csv) - 1, "p.csv", NULL, &err) != 0)
		fail_msg("%s", err.message);
	assert_int_equal(lt_fileplan_entry_find(&e, f->cat, 2025, "Phòng A", "02.TH", NULL), 0);
	assert_int_equal(lt_fileplan_entry_find(&e, f->cat, 2025, "Phòng A", "01.TCCB", NULL), 0);
}

static void expect_bad(fixture *f, const char *csv, const char *row, const char *what)
{
	lt_error err = LT_ERROR_INIT;
	size_t n = 99;

	assert_int_equal(lt_fileplan_import_csv_text(&n, f->cat, 2024, NULL, NULL, csv, strlen(csv),
	                                             "bad.csv", NULL, &err),
	                 LT_EINVAL);
	assert_int_equal(n, 0);
	if (!strstr(err.message, row) || (what && !strstr(err.message, what)))
		fail_msg("message lacks '%s'/'%s': %s", row, what ? what : "", err.message);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM fileplans"), 0);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM fileplan_headings"), 0);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM fileplan_entries"), 0);
}

#define H   "heading,heading_abbr,notation,title,retention,keeper,note\n"
#define OK1 "TỔNG HỢP,TH,01.TH,A,Vĩnh viễn,VP,\n"

static void test_bad_rows_leave_nothing(void **state)
{
	fixture *f = *state;

	expect_bad(f, "heading,abbr\n" OK1, "dòng 1", NULL);
	expect_bad(f, H OK1 "TỔNG HỢP,TH,02.TH,B,,VP,\n", "dòng 3", "thời hạn");
	expect_bad(f, H OK1 "TỔNG HỢP,TH,03.TH,B,Vĩnh viễn,VP,\n", "dòng 3", "02.TH");
	expect_bad(f, H OK1 "TỔNG HỢP,TH,02.TH,,Vĩnh viễn,VP,\n", "dòng 3", "tiêu đề");
	expect_bad(f, H OK1 "TỔNG HỢP,TH,02.TH,B,Vĩnh viễn,,\n", "dòng 3", "người lập");
	expect_bad(f, H OK1 "TỔNG HỢP,TC,02.TC,B,Vĩnh viễn,VP,\n", "dòng 3", "không khớp");
	expect_bad(f, H OK1 "KHÁC,th,02.th,B,Vĩnh viễn,VP,\n", "dòng 3", "viết tắt");
	expect_bad(f, H OK1 "TỔNG HỢP,TH,02.TH,B,Vĩnh viễn\n", "dòng 3", "7");
	expect_bad(f, H OK1 "TỔNG HỢP,TH,02.TH,\"B,Vĩnh viễn,VP,\n", "dòng 3", "RFC 4180");
	expect_bad(f, H, "bad.csv", NULL);
	expect_bad(f, H OK1 "TỔNG HỢP,TH,02.TH,\xff,Vĩnh viễn,VP,\n", "UTF-8", NULL);
}

static void test_create(void **state)
{
	fixture *f = *state;
	int64_t id;

	assert_int_equal(lt_fileplan_create(&id, f->cat, 2024, NULL, NULL, "lan", NULL), 0);
	assert_true(id > 0);
	assert_int_equal(lt_fileplan_create(&id, f->cat, 2024, "", NULL, "lan", NULL), LT_EEXISTS);
	assert_int_equal(lt_fileplan_create(&id, f->cat, 2024, "Phòng A", "weird", "lan", NULL),
	                 LT_EINVAL);
	assert_int_equal(lt_fileplan_create(&id, f->cat, 12, NULL, NULL, "lan", NULL), LT_EINVAL);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM fileplans"), 1);
}

/* Finalising: refusals change nothing; the recorded footer, approval and
 * issue date are what later prints carry (rule 18, rule 15). */
static void test_finalize(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_fileplan_counts c, bad = {5, -1, 6};
	lt_fileplan_final fin;
	lt_buf out = LT_BUF_INIT;
	size_t n = 0;
	int64_t fp, id;

	/* no catalog; an empty catalog */
	assert_int_equal(lt_fileplan_finalize(&c, f->cat, 2024, NULL, "Giám đốc", "2024-01-10",
	                                      NULL, "lan", NULL),
	                 LT_ENOTFOUND);
	assert_int_equal(lt_fileplan_create(&id, f->cat, 2024, NULL, NULL, "lan", NULL), 0);
	assert_int_equal(lt_fileplan_finalize(&c, f->cat, 2024, NULL, "Giám đốc", "2024-01-10",
	                                      NULL, "lan", &err),
	                 LT_ESTATE);
	assert_non_null(strstr(err.message, "chưa có hồ sơ"));
	if (lt_fileplan_import_csv_text(&n, f->cat, 2024, NULL, NULL, GOOD, sizeof(GOOD) - 1,
	                                "plan.csv", "lan", &err) != 0)
		fail_msg("%s", err.message);
	/* a draft prints the counts from the rows, marked as a draft */
	assert_int_equal(lt_fileplan_print(&out, f->cat, 2024, NULL, "csv", NULL), 0);
	assert_non_null(strstr(out.data, "có 5 hồ sơ, bao gồm: 2 hồ sơ bảo quản vĩnh viễn; 3"));
	assert_non_null(strstr(out.data, "Bản nháp"));
	/* bad input: no approver, a bad date, a negative count */
	assert_int_equal(
	    lt_fileplan_finalize(&c, f->cat, 2024, NULL, "  ", "2024-01-10", NULL, "lan", NULL),
	    LT_EINVAL);
	assert_int_equal(
	    lt_fileplan_finalize(&c, f->cat, 2024, NULL, "", "2024-01-10", NULL, "lan", NULL),
	    LT_EINVAL);
	assert_int_equal(
	    lt_fileplan_finalize(&c, f->cat, 2024, NULL, "Gi\xff", "2024-01-10", NULL, "lan", NULL),
	    LT_EINVAL);
	assert_int_equal(
	    lt_fileplan_finalize(&c, f->cat, 2024, NULL, NULL, "2024-01-10", NULL, "lan", NULL),
	    LT_EINVAL);
	assert_int_equal(lt_fileplan_finalize(&c, f->cat, 2024, NULL, "Giám đốc", "10/01/2024",
	                                      NULL, "lan", NULL),
	                 LT_EINVAL);
	assert_int_equal(lt_fileplan_finalize(&c, f->cat, 2024, NULL, "Giám đốc", "2024-02-30",
	                                      NULL, "lan", NULL),
	                 LT_EINVAL);
	assert_int_equal(lt_fileplan_finalize(&c, f->cat, 2024, NULL, "Giám đốc", "2024-01-10",
	                                      &bad, "lan", NULL),
	                 LT_EINVAL);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM fileplans WHERE finalized_at"
	                                        " IS NOT NULL OR approved_by IS NOT NULL"),
	                 0);
	assert_int_equal(
	    lt_test_scalar(f->cat,
	                   "SELECT count(*) FROM audit_log WHERE action = 'fileplan.finalize'"),
	    0);
	/* finalised with the actual counts by default */
	if (lt_fileplan_finalize(&c, f->cat, 2024, NULL, "Nguyễn Văn A, Giám đốc", "2024-01-10",
	                         NULL, "lan", &err) != 0)
		fail_msg("%s", err.message);
	assert_int_equal(c.total, 5);
	assert_int_equal(c.permanent, 2);
	assert_int_equal(c.fixed_term, 3);
	assert_int_equal(lt_fileplan_find(&fp, f->cat, 2024, NULL, NULL), 0);
	assert_int_equal(lt_fileplan_final_get(&fin, f->cat, fp, NULL), 0);
	assert_int_equal(fin.finalized, 1);
	assert_string_equal(fin.approved_by, "Nguyễn Văn A, Giám đốc");
	assert_string_equal(fin.issued_date, "2024-01-10");
	assert_string_equal(fin.finalized_by, "lan");
	assert_int_equal(fin.footer.total, 5);
	assert_int_equal(
	    lt_test_scalar(f->cat,
	                   "SELECT count(*) FROM audit_log WHERE action = 'fileplan.finalize'"
	                   " AND detail LIKE 'total=5 permanent=2 fixed_term=3 %'"),
	    1);
	/* finalising again is refused and changes nothing */
	assert_int_equal(
	    lt_fileplan_finalize(&c, f->cat, 2024, NULL, "Khác", "2024-02-01", NULL, "lan", &err),
	    LT_ESTATE);
	assert_non_null(strstr(err.message, "đã chốt"));
	assert_int_equal(lt_fileplan_final_get(&fin, f->cat, fp, NULL), 0);
	assert_string_equal(fin.approved_by, "Nguyễn Văn A, Giám đốc");
	/* the print carries the recorded footer: change it behind the API and
	 * the print follows the record, not the rows */
	assert_int_equal(
	    sqlite3_exec(lt_catalog_db(f->cat),
	                 "UPDATE fileplans SET footer_total = 6, footer_fixed_term = 4", NULL, NULL,
	                 NULL),
	    SQLITE_OK);
	lt_buf_reset(&out);
	assert_int_equal(lt_fileplan_print(&out, f->cat, 2024, NULL, "html", NULL), 0);
	assert_non_null(strstr(out.data, "có 6 hồ sơ, bao gồm: 2 hồ sơ bảo quản vĩnh viễn; 4"));
	assert_non_null(strstr(out.data, "Phê duyệt: Nguyễn Văn A, Giám đốc. Ban hành ngày "
	                                 "10/01/2024."));
	assert_null(strstr(out.data, "Bản nháp"));
	lt_buf_reset(&out);
	assert_int_equal(lt_fileplan_list(&out, f->cat, NULL), 0);
	assert_string_equal(out.data, "2024\t\tcontinuous\t5\t2024-01-10\n");
	lt_buf_free(&out);
}

/* Declared counts are recorded as given (the issued paper's footer). */
static void test_finalize_declared(void **state)
{
	fixture *f = *state;
	lt_fileplan_counts c, declared = {4, 2, 2};
	size_t n = 0;

	assert_int_equal(lt_fileplan_import_csv_text(&n, f->cat, 2024, "VP", NULL, GOOD,
	                                             sizeof(GOOD) - 1, "plan.csv", "lan", NULL),
	                 0);
	assert_int_equal(lt_fileplan_finalize(&c, f->cat, 2024, "VP", "Giám đốc", "2024-01-05",
	                                      &declared, "lan", NULL),
	                 0);
	assert_int_equal(c.total, 4);
	assert_int_equal(lt_test_scalar(f->cat,
	                                "SELECT footer_total * 100 + footer_permanent * 10 +"
	                                " footer_fixed_term FROM fileplans"),
	                 422);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roman),
	    cmocka_unit_test(test_retention),
	    cmocka_unit_test(test_retention_events),
	    cmocka_unit_test_setup_teardown(test_rules_subheadings_amendments, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_good, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_per_heading_numbering, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_rows_leave_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_create, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_finalize, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_finalize_declared, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
