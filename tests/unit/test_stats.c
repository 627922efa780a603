/* tests/unit/test_stats.c — retention/stats: volumes, handling status,
 * tasks without deadline, stale records, digitisation rate and QĐ 766. */
#include "tests/unit/support.h"

#include "retention/stats.h"
#include "tests/unit/retention_support.h"

static lt_report *build(rfix *f, int stale_days)
{
	lt_report *r = NULL;
	lt_stats_opts o;
	lt_error err = LT_ERROR_INIT;

	memset(&o, 0, sizeof(o));
	o.today = (lt_date){2026, 3, 31};
	o.stale_days = stale_days;
	o.max_score = 10;
	if (lt_stats_build(&r, f->cat, &o, &err) != 0)
		fail_msg("%s", err.message);
	return r;
}

static const char *cell(lt_report *r, const char *table, size_t row, const char *col)
{
	const char *s = lt_report_cell(r, table, row, col);
	if (!s)
		fail_msg("no cell %s[%zu].%s", table, row, col);
	return s;
}

static void scene(rfix *f)
{
	/* January: 3 incoming (VP), 1 outgoing (VP); February: 1 incoming (KT). */
	sql(f, "INSERT INTO main.records (id, uid, kind, arrival_date, due_date, department) VALUES"
	       " (1, 'a', 'incoming', '2026-01-05', '2026-01-20', 'VP')," /* done on time */
	       " (2, 'b', 'incoming', '2026-01-06', '2026-01-10', 'VP')," /* done late */
	       " (3, 'c', 'incoming', '2026-01-07', '2026-02-01', 'VP')," /* overdue */
	       " (5, 'e', 'incoming', '2026-02-10', NULL, 'KT')");        /* pending */
	sql(f, "INSERT INTO main.records (id, uid, kind, issued_date, department) VALUES"
	       " (4, 'd', 'outgoing', '2026-01-15', 'VP')");
	sql(f, "INSERT INTO main.record_links (from_record_id, to_record_id, kind)"
	       " VALUES (4, 1, 'reply_to')");
	sql(f, "INSERT INTO main.tasks (record_id, lead_unit, due_date, status, completed_at)"
	       " VALUES (2, 'VP', '2026-01-10', 'done', '2026-01-12T09:00:00Z')");
	sql(f, "INSERT INTO main.tasks (record_id, lead_unit, status) VALUES (5, 'KT', 'open')");
	/* Digitisation: 1 and 2 have a stored file / OCR text. */
	sql(f, "INSERT INTO blobs (sha256, size, media_type) VALUES (printf('%064d', 7), 1, "
	       "'image/png');"
	       "INSERT INTO main.record_files (record_id, sha256, role, media_type, size)"
	       " VALUES (1, printf('%064d', 7), 'original', 'image/png', 1);"
	       "INSERT INTO main.pages (record_id, page_no, text) VALUES (2, 1, 'văn bản')");
}

static void test_volume_and_processing(void **state)
{
	rfix *f = *state;
	lt_report *r;

	scene(f);
	r = build(f, 30);
	assert_int_equal(lt_report_rows(r, "volume"), 2);
	assert_string_equal(cell(r, "volume", 0, "month"), "2026-01");
	assert_string_equal(cell(r, "volume", 0, "department"), "VP");
	assert_string_equal(cell(r, "volume", 0, "incoming"), "3");
	assert_string_equal(cell(r, "volume", 0, "outgoing"), "1");
	assert_string_equal(cell(r, "volume", 1, "department"), "KT");
	assert_string_equal(cell(r, "processing", 0, "received"), "3");
	assert_string_equal(cell(r, "processing", 0, "done_on_time"), "1");
	assert_string_equal(cell(r, "processing", 0, "done_late"), "1");
	assert_string_equal(cell(r, "processing", 0, "overdue"), "1");
	assert_string_equal(cell(r, "processing", 1, "pending"), "1");
	assert_int_equal(lt_report_rows(r, "no_deadline"), 1);
	assert_string_equal(cell(r, "no_deadline", 0, "record"), "5");
	lt_report_free(r);
}

static void test_stale_days(void **state)
{
	rfix *f = *state;
	lt_report *r;

	scene(f);
	r = build(f, 60); /* 3 (84 days) is stale, 5 (49 days) is not */
	assert_int_equal(lt_report_rows(r, "stale"), 1);
	assert_string_equal(cell(r, "stale", 0, "record"), "3");
	lt_report_free(r);
	r = build(f, 30);
	assert_int_equal(lt_report_rows(r, "stale"), 2);
	lt_report_free(r);
}

/* QĐ 766 (rule 39), hand-computed: TTHC dossiers received in 2026.
 *   VP 10  component with a file, result electronic          digitised
 *   VP 11  component with OCR text only (no file)             not
 *   VP 12  component with a file, result on paper, no file    not
 *   VP 13  component with a file, result on paper with file   digitised
 *   KT 14  no component                                       not
 * VP: 2/4 = 50 % → min(1, 0.5 ÷ 0.8) × 10 = 6.25; KT: 0/1 → 0.00.
 * An ordinary dossier with files does not count. */
static void tthc(rfix *f, int id, const char *dept, int paper)
{
	sqlf(f,
	     "INSERT INTO main.dossiers (id, uid, organ_id, year, notation, file_code, title,"
	     " department, kind, procedure_code, received_date, result_on_paper)"
	     " VALUES (%d, 't%d', 'G09', 2026, 'TT%d', 'G09.2026.TT%d', 'Hồ sơ TTHC', '%s',"
	     " 'tthc', '1.001', '2026-01-10', %d)",
	     id, id, id, id, dept, paper);
}

static void file_in(rfix *f, int dossier, int record, const char *role)
{
	sqlf(f,
	     "INSERT INTO main.dossier_records (dossier_id, record_id, ordinal, role)"
	     " VALUES (%d, %d, (SELECT count(*) + 1 FROM dossier_records WHERE dossier_id = %d),"
	     " '%s')",
	     dossier, record, dossier, role);
}

static void test_digitisation_score(void **state)
{
	rfix *f = *state;
	lt_report *r;

	scene(f); /* record 1 has a stored file, record 2 OCR text only */
	sql(f, "INSERT INTO main.record_files (record_id, sha256, role, media_type, size)"
	       " VALUES (3, printf('%064d', 7), 'original', 'image/png', 1)");
	tthc(f, 10, "VP", 0);
	file_in(f, 10, 1, "component");
	tthc(f, 11, "VP", 0);
	file_in(f, 11, 2, "component");
	tthc(f, 12, "VP", 1);
	file_in(f, 12, 1, "component");
	file_in(f, 12, 4, "result");
	tthc(f, 13, "VP", 1);
	file_in(f, 13, 1, "component");
	file_in(f, 13, 3, "result");
	tthc(f, 14, "KT", 0);
	add_dossier(f, 20, 2026, "01.TH", "open", "06", NULL); /* not TTHC */
	sql(f,
	    "INSERT INTO main.dossier_records (dossier_id, record_id, ordinal) VALUES (20, 3, 1)");
	r = build(f, 30);
	assert_int_equal(lt_report_rows(r, "digitisation"), 2);
	assert_string_equal(cell(r, "digitisation", 0, "department"), "KT");
	assert_string_equal(cell(r, "digitisation", 0, "dossiers"), "1");
	assert_string_equal(cell(r, "digitisation", 0, "score"), "0.00");
	assert_string_equal(cell(r, "digitisation", 1, "dossiers"), "4");
	assert_string_equal(cell(r, "digitisation", 1, "digitised"), "2");
	assert_string_equal(cell(r, "digitisation", 1, "rate"), "50.0");
	assert_string_equal(cell(r, "digitisation", 1, "score"), "6.25");
	lt_report_free(r);
	/* The paper result of 12 gets its file: 3/4 = 75 % → 0.9375 × 10. */
	sql(f, "INSERT INTO main.record_files (record_id, sha256, role, media_type, size)"
	       " VALUES (4, printf('%064d', 7), 'original', 'image/png', 1)");
	r = build(f, 30);
	assert_string_equal(cell(r, "digitisation", 1, "rate"), "75.0");
	assert_string_equal(cell(r, "digitisation", 1, "score"), "9.38");
	lt_report_free(r);
	/* Above 80 %: capped at the maximum. */
	sql(f, "INSERT INTO main.record_files (record_id, sha256, role, media_type, size)"
	       " VALUES (2, printf('%064d', 7), 'original', 'image/png', 1)");
	r = build(f, 30);
	assert_string_equal(cell(r, "digitisation", 1, "score"), "10.00");
	lt_report_free(r);
}

static void test_outputs(void **state)
{
	rfix *f = *state;
	lt_report *r;
	lt_buf p = LT_BUF_INIT;
	char *html;

	scene(f);
	r = build(f, 30);
	lt_fs_join(&p, f->dir, "s.html");
	assert_int_equal(lt_report_write(r, LT_REPORT_HTML, p.data, NULL), 0);
	html = lt_test_read_file(p.data, NULL);
	assert_non_null(strstr(html, "<svg"));
	assert_null(strstr(html, "<script"));
	free(html);
	lt_buf_reset(&p);
	lt_fs_join(&p, f->dir, "s.xlsx");
	assert_int_equal(lt_report_write(r, LT_REPORT_XLSX, p.data, NULL), 0);
	html = lt_test_read_file(p.data, NULL);
	assert_memory_equal(html, "PK", 2);
	free(html);
	assert_int_equal(lt_report_write(r, LT_REPORT_XLSX, NULL, NULL), LT_EINVAL);
	lt_buf_free(&p);
	lt_report_free(r);
}

/* A column's codes are shown by their names where people read (text,
 * HTML), kept as codes where programs read (CSV, JSON). */
static void test_value_names(void **state)
{
	rfix *f = *state;
	lt_report *r = NULL;
	const char *cols[] = {"rule", "status"};
	const char *pairs[] = {"ok", "Đạt", "not_checkable", "Không kiểm tra được", NULL};
	const char *rows[][2] = {{"1", "ok"}, {"2", "not_checkable"}, {"3", "other"}};
	const char *fmt_name[] = {"r.txt", "r.html", "r.csv", "r.json"};
	lt_report_format fmts[] = {LT_REPORT_TEXT, LT_REPORT_HTML, LT_REPORT_CSV, LT_REPORT_JSON};

	assert_int_equal(lt_report_new(&r, "Kiểm tra"), 0);
	assert_int_equal(lt_report_table(r, "rules", "Quy tắc", cols, 2), 0);
	assert_int_equal(lt_report_values(r, "nope", pairs), LT_ERR);
	assert_int_equal(lt_report_values(r, "status", pairs), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(lt_report_row(r, rows[i]), 0);
	assert_string_equal(lt_report_cell(r, "rules", 1, "status"), "not_checkable");
	for (int k = 0; k < 4; k++) {
		lt_buf p = LT_BUF_INIT;
		char *out;
		lt_fs_join(&p, f->dir, fmt_name[k]);
		assert_int_equal(lt_report_write(r, fmts[k], p.data, NULL), 0);
		out = lt_test_read_file(p.data, NULL);
		assert_non_null(out);
		if (k < 2) {
			assert_non_null(strstr(out, "Không kiểm tra được"));
			assert_non_null(strstr(out, "Đạt"));
			assert_null(strstr(out, "not_checkable"));
		} else {
			assert_non_null(strstr(out, "not_checkable"));
			assert_null(strstr(out, "Không kiểm tra được"));
		}
		assert_non_null(strstr(out, "other")); /* a code without a name */
		free(out);
		lt_buf_free(&p);
	}
	lt_report_free(r);
}

static void test_number_words(void **state)
{
	lt_buf b = LT_BUF_INIT;
	(void)state;
	lt_report_number_words_vi(&b, 15);
	assert_string_equal(b.data, "mười lăm");
	lt_buf_reset(&b);
	lt_report_number_words_vi(&b, 21);
	assert_string_equal(b.data, "hai mươi mốt");
	lt_buf_reset(&b);
	lt_report_number_words_vi(&b, 105);
	assert_string_equal(b.data, "một trăm lẻ năm");
	lt_buf_reset(&b);
	lt_report_number_words_vi(&b, 1024);
	assert_string_equal(b.data, "một nghìn không trăm hai mươi tư");
	lt_buf_free(&b);
}

/* Grouped per quarter and per year: the first column is "period". */
static void test_periods(void **state)
{
	rfix *f = *state;
	lt_report *r = NULL;
	lt_stats_opts o;
	lt_stats_period p;

	scene(f);
	sql(f,
	    "INSERT INTO main.records (id, uid, kind, arrival_date, department) VALUES"
	    " (6, 'g', 'incoming', '2026-04-02', 'VP'), (7, 'h', 'incoming', '2025-12-30', 'VP')");
	memset(&o, 0, sizeof(o));
	o.today = (lt_date){2026, 6, 30};
	assert_int_equal(lt_stats_period_parse(&p, "quarter", NULL), 0);
	o.period = p;
	assert_int_equal(lt_stats_build(&r, f->cat, &o, NULL), 0);
	assert_null(lt_report_cell(r, "volume", 0, "month"));
	assert_string_equal(cell(r, "volume", 0, "period"), "2025-Q4");
	assert_string_equal(cell(r, "volume", 1, "period"), "2026-Q1");
	assert_string_equal(cell(r, "volume", 1, "department"), "KT");
	assert_string_equal(cell(r, "volume", 2, "period"), "2026-Q1");
	assert_string_equal(cell(r, "volume", 2, "incoming"), "3");
	assert_string_equal(cell(r, "volume", 3, "period"), "2026-Q2");
	assert_string_equal(cell(r, "processing", 1, "period"), "2026-Q1");
	assert_string_equal(cell(r, "processing", 1, "received"), "4");
	lt_report_free(r);
	o.period = LT_STATS_YEAR;
	assert_int_equal(lt_stats_build(&r, f->cat, &o, NULL), 0);
	assert_int_equal(lt_report_rows(r, "processing"), 2);
	assert_string_equal(cell(r, "processing", 1, "period"), "2026");
	assert_string_equal(cell(r, "processing", 1, "received"), "5");
	lt_report_free(r);
	assert_int_equal(lt_stats_period_parse(&p, "week", NULL), LT_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_volume_and_processing, rfix_setup, rfix_teardown),
	    cmocka_unit_test_setup_teardown(test_stale_days, rfix_setup, rfix_teardown),
	    cmocka_unit_test_setup_teardown(test_digitisation_score, rfix_setup, rfix_teardown),
	    cmocka_unit_test_setup_teardown(test_outputs, rfix_setup, rfix_teardown),
	    cmocka_unit_test_setup_teardown(test_value_names, rfix_setup, rfix_teardown),
	    cmocka_unit_test_setup_teardown(test_periods, rfix_setup, rfix_teardown),
	    cmocka_unit_test(test_number_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
