/* tests/unit/test_date.c — core/date: parsing, validity, formats, day numbers, clocks. */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "core/error.h"
#include "core/text.h"

typedef int (*parse_fn)(lt_date *, const char *, lt_error *);

static void assert_parses(parse_fn parse, const char *s, int y, int m, int d)
{
	lt_date out = {0, 0, 0};
	lt_error err = LT_ERROR_INIT;
	int rc = parse(&out, s, &err);

	if (rc != LT_OK)
		fail_msg("\"%s\" did not parse: %s", s, err.message);
	if (out.year != y || out.month != m || out.day != d)
		fail_msg("\"%s\" gave %04d-%02d-%02d, want %04d-%02d-%02d", s, out.year, out.month,
		         out.day, y, m, d);
	assert_int_equal(err.code, LT_OK);
}

/* Refused with LT_EINVAL, out untouched, a message that quotes (part of)
 * the input when `quoted` is given and is itself valid UTF-8. */
static void assert_rejects(parse_fn parse, const char *s, const char *quoted)
{
	lt_date out = {1234, 5, 6};
	lt_error err = LT_ERROR_INIT;
	int rc = parse(&out, s, &err);

	if (rc != LT_EINVAL)
		fail_msg("\"%s\": expected LT_EINVAL, got %d (%04d-%02d-%02d)", s ? s : "(null)",
		         rc, out.year, out.month, out.day);
	assert_int_equal(err.code, LT_EINVAL);
	assert_true(err.message[0] != '\0');
	assert_int_equal(lt_text_validate(err.message, LT_TEXT_STRLEN, NULL), LT_OK);
	if (quoted && !strstr(err.message, quoted))
		fail_msg("message \"%s\" does not quote \"%s\"", err.message, quoted);
	assert_int_equal(out.year, 1234);
	assert_int_equal(out.month, 5);
	assert_int_equal(out.day, 6);
	/* NULL error object is fine */
	assert_int_equal(parse(&out, s, NULL), LT_EINVAL);
}

/* ---- calendar rules ------------------------------------------------------ */

static void test_leap_years(void **state)
{
	(void)state;
	assert_true(lt_date_is_leap(2000));
	assert_true(lt_date_is_leap(2024));
	assert_true(lt_date_is_leap(1600));
	assert_true(lt_date_is_leap(4));
	assert_false(lt_date_is_leap(1900));
	assert_false(lt_date_is_leap(2100));
	assert_false(lt_date_is_leap(2023));
	assert_false(lt_date_is_leap(1));
}

static void test_days_in_month(void **state)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int m;

	(void)state;
	for (m = 1; m <= 12; m++)
		assert_int_equal(lt_date_days_in_month(2021, m), days[m - 1]);
	assert_int_equal(lt_date_days_in_month(2020, 2), 29);
	assert_int_equal(lt_date_days_in_month(1900, 2), 28);
	assert_int_equal(lt_date_days_in_month(2000, 2), 29);
	assert_int_equal(lt_date_days_in_month(2021, 0), 0);
	assert_int_equal(lt_date_days_in_month(2021, 13), 0);
	assert_int_equal(lt_date_days_in_month(2021, -1), 0);
}

static void test_is_valid(void **state)
{
	(void)state;
	assert_true(lt_date_is_valid(1, 1, 1));
	assert_true(lt_date_is_valid(9999, 12, 31));
	assert_true(lt_date_is_valid(2020, 2, 29));
	assert_true(lt_date_is_valid(2017, 9, 22));
	assert_false(lt_date_is_valid(2021, 2, 29));
	assert_false(lt_date_is_valid(1900, 2, 29));
	assert_false(lt_date_is_valid(2017, 4, 31));
	assert_false(lt_date_is_valid(2017, 13, 1));
	assert_false(lt_date_is_valid(2017, 0, 1));
	assert_false(lt_date_is_valid(2017, 1, 0));
	assert_false(lt_date_is_valid(2017, 1, 32));
	assert_false(lt_date_is_valid(0, 1, 1));
	assert_false(lt_date_is_valid(10000, 1, 1));
	assert_false(lt_date_is_valid(-5, 1, 1));
}

/* ---- parsing ---------------------------------------------------------------- */

static void test_parse_iso(void **state)
{
	(void)state;
	assert_parses(lt_date_parse_iso, "2017-09-22", 2017, 9, 22);
	assert_parses(lt_date_parse_iso, "2020-02-29", 2020, 2, 29);
	assert_parses(lt_date_parse_iso, "0001-01-01", 1, 1, 1);
	assert_parses(lt_date_parse_iso, "9999-12-31", 9999, 12, 31);
	assert_parses(lt_date_parse_iso, "  2017-09-22\n", 2017, 9, 22);

	assert_rejects(lt_date_parse_iso, "2021-02-29", "2021-02-29");
	assert_rejects(lt_date_parse_iso, "2017-13-01", "2017-13-01");
	assert_rejects(lt_date_parse_iso, "2017-00-10", NULL);
	assert_rejects(lt_date_parse_iso, "2017-01-00", NULL);
	assert_rejects(lt_date_parse_iso, "2017-04-31", NULL);
	assert_rejects(lt_date_parse_iso, "0000-01-01", NULL);
	assert_rejects(lt_date_parse_iso, "2017-9-22", "2017-9-22");
	assert_rejects(lt_date_parse_iso, "2017-09-2", NULL);
	assert_rejects(lt_date_parse_iso, "17-09-22", NULL);
	assert_rejects(lt_date_parse_iso, "02017-09-22", NULL);
	assert_rejects(lt_date_parse_iso, "2017-09-22x", "2017-09-22x");
	assert_rejects(lt_date_parse_iso, "2017-09-22T10:00:00Z", NULL);
	assert_rejects(lt_date_parse_iso, "2017-09-22 2017-09-23", NULL);
	assert_rejects(lt_date_parse_iso, "2017/09/22", NULL);
	assert_rejects(lt_date_parse_iso, "+2017-09-22", NULL);
	assert_rejects(lt_date_parse_iso, "2017-09- 2", NULL);
	assert_rejects(lt_date_parse_iso, "22/09/2017", NULL);
	assert_rejects(lt_date_parse_iso, "", NULL);
	assert_rejects(lt_date_parse_iso, "   ", NULL);
	assert_rejects(lt_date_parse_iso, NULL, NULL);
}

static void test_parse_vn_words(void **state)
{
	(void)state;
	assert_parses(lt_date_parse_vn, "ngày 22 tháng 9 năm 2017", 2017, 9, 22);
	assert_parses(lt_date_parse_vn, "ngày 05 tháng 02 năm 2020", 2020, 2, 5);
	assert_parses(lt_date_parse_vn, "Ngày 1 tháng 1 năm 2021", 2021, 1, 1);
	assert_parses(lt_date_parse_vn, "NGÀY 22 THÁNG 9 NĂM 2017", 2017, 9, 22);
	assert_parses(lt_date_parse_vn, "ngay 22 thang 9 nam 2017", 2017, 9, 22);
	assert_parses(lt_date_parse_vn, "Ngay 22 Thang 09 Nam 2017", 2017, 9, 22);
	assert_parses(lt_date_parse_vn, "  ngày   22   tháng  9\tnăm   2017  ", 2017, 9, 22);
	assert_parses(lt_date_parse_vn,
	              "ngày\xC2\xA0"
	              "22 tháng\xC2\xA0"
	              "9 năm 2017",
	              2017, 9, 22);
	/* decomposed input (NFD) and the OCR eth do not matter here */
	assert_parses(lt_date_parse_vn, "nga\xCC\x80y 22 tha\xCC\x81ng 9 na\xCC\x86m 2017", 2017, 9,
	              22);
	/* OCR drops spaces */
	assert_parses(lt_date_parse_vn, "ngày22tháng9năm2017", 2017, 9, 22);
	/* "ngày" may be left out */
	assert_parses(lt_date_parse_vn, "22 tháng 9 năm 2017", 2017, 9, 22);
	assert_parses(lt_date_parse_vn, "ngày 29 tháng 2 năm 2024", 2024, 2, 29);
}

static void test_parse_vn_numeric(void **state)
{
	(void)state;
	assert_parses(lt_date_parse_vn, "ngày 22/9/2017", 2017, 9, 22);
	assert_parses(lt_date_parse_vn, "Ngày 22/09/2017", 2017, 9, 22);
	assert_parses(lt_date_parse_vn, "22/09/2017", 2017, 9, 22);
	assert_parses(lt_date_parse_vn, "22/9/2017", 2017, 9, 22);
	assert_parses(lt_date_parse_vn, "5/1/2017", 2017, 1, 5);
	assert_parses(lt_date_parse_vn, "22-09-2017", 2017, 9, 22);
	assert_parses(lt_date_parse_vn, "22.09.2017", 2017, 9, 22);
	assert_parses(lt_date_parse_vn, " 22 / 09 / 2017 ", 2017, 9, 22);
	assert_parses(lt_date_parse_vn, "31/12/9999", 9999, 12, 31);
}

static void test_parse_vn_rejects(void **state)
{
	(void)state;
	assert_rejects(lt_date_parse_vn, "29/02/2021", "29/02/2021");
	assert_rejects(lt_date_parse_vn, "ngày 29 tháng 2 năm 2021", "ngày 29 tháng 2 năm 2021");
	assert_rejects(lt_date_parse_vn, "ngày 22 tháng 13 năm 2017", NULL);
	assert_rejects(lt_date_parse_vn, "ngày 0 tháng 9 năm 2017", NULL);
	assert_rejects(lt_date_parse_vn, "32/01/2017", NULL);
	assert_rejects(lt_date_parse_vn, "31/04/2017", NULL);
	assert_rejects(lt_date_parse_vn, "22/09-2017", NULL); /* mixed separators */
	assert_rejects(lt_date_parse_vn, "22/09/17", NULL);   /* two-digit year */
	assert_rejects(lt_date_parse_vn, "22/09/02017", NULL);
	assert_rejects(lt_date_parse_vn, "022/09/2017", NULL);
	assert_rejects(lt_date_parse_vn, "22/09/2017/1", NULL);
	assert_rejects(lt_date_parse_vn, "22/09/2017 abc", "22/09/2017 abc");
	assert_rejects(lt_date_parse_vn, "ngày 22 tháng 9 năm 2017 xyz", NULL);
	assert_rejects(lt_date_parse_vn, "ngày 22 tháng 9", NULL);
	assert_rejects(lt_date_parse_vn, "ngày tháng năm", NULL);
	assert_rejects(lt_date_parse_vn, "ngày 22 tháng 9 2017", NULL); /* "năm" missing */
	assert_rejects(lt_date_parse_vn, "22 9 2017", NULL);
	assert_rejects(lt_date_parse_vn, "2017-09-22", NULL); /* ISO is not a Vietnamese form */
	assert_rejects(lt_date_parse_vn, "ngày ngày 22/9/2017", NULL);
	assert_rejects(lt_date_parse_vn, "", NULL);
	assert_rejects(lt_date_parse_vn, NULL, NULL);
	/* invalid UTF-8: refused, and the message stays valid UTF-8 */
	assert_rejects(lt_date_parse_vn, "ng\xC3y 22/9/2017", "ng?y 22/9/2017");
	assert_rejects(lt_date_parse_vn, "\xED\xA0\x80 22/9/2017", NULL);
}

static void test_parse_any(void **state)
{
	(void)state;
	assert_parses(lt_date_parse, "2017-09-22", 2017, 9, 22);
	assert_parses(lt_date_parse, "22/09/2017", 2017, 9, 22);
	assert_parses(lt_date_parse, "22.9.2017", 2017, 9, 22);
	assert_parses(lt_date_parse, "ngày 22 tháng 9 năm 2017", 2017, 9, 22);
	assert_parses(lt_date_parse, "NGAY 22/9/2017", 2017, 9, 22);

	assert_rejects(lt_date_parse, "yesterday", "yesterday");
	assert_rejects(lt_date_parse, "2021-02-29", "2021-02-29");
	assert_rejects(lt_date_parse, "2017-09", NULL);
	assert_rejects(lt_date_parse, "09/2017", NULL);
	assert_rejects(lt_date_parse, "2017", NULL);
	assert_rejects(lt_date_parse, "22/09/2017\n22/09/2017", NULL);
	assert_rejects(lt_date_parse, "", NULL);
	assert_rejects(lt_date_parse, NULL, NULL);
}

static void test_parse_messages(void **state)
{
	lt_date d;
	lt_error err = LT_ERROR_INIT;
	char big[4000];

	(void)state;
	lt_lang_set(LT_LANG_VI);
	assert_int_equal(lt_date_parse(&d, "2021-02-29", &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "ngày không hợp lệ"));
	assert_non_null(strstr(err.message, "28 ngày"));
	assert_int_equal(lt_date_parse(&d, "2017-13-01", &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "tháng 13"));
	assert_int_equal(lt_date_parse(&d, "hôm qua", &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "\"hôm qua\""));
	assert_non_null(strstr(err.message, "22/09/2017"));

	lt_lang_set(LT_LANG_EN);
	assert_int_equal(lt_date_parse(&d, "2021-02-29", &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "February 2021 has 28 days"));
	assert_int_equal(lt_date_parse(&d, "2017-13-01", &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "no month 13"));
	assert_int_equal(lt_date_parse(&d, "0000-01-01", &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "year 0"));
	assert_int_equal(lt_date_parse(&d, "soon", &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "cannot read the date \"soon\""));
	assert_int_equal(lt_date_parse(&d, NULL, &err), LT_EINVAL);
	assert_string_equal(err.message, "no date given");
	lt_lang_set(LT_LANG_VI);

	/* a long input is quoted in part, cut on a character boundary */
	memset(big, 0, sizeof(big));
	while (strlen(big) + strlen("ngày ") < sizeof(big) - 1)
		strcat(big, "ngày ");
	assert_int_equal(lt_date_parse(&d, big, &err), LT_EINVAL);
	assert_true(strlen(err.message) < 300);
	assert_non_null(strstr(err.message, "…"));
	assert_int_equal(lt_text_validate(err.message, LT_TEXT_STRLEN, NULL), LT_OK);
	/* control characters are not copied into the message */
	assert_int_equal(lt_date_parse(&d, "a\x1b[31mb", &err), LT_EINVAL);
	assert_null(strchr(err.message, '\x1b'));
}

/* ---- formats -------------------------------------------------------------- */

static void test_format_iso_dmy(void **state)
{
	char out[11];
	lt_date d = {2017, 9, 22};
	lt_date e = {2020, 2, 5};
	lt_date first = {1, 1, 1};
	lt_date corrupt = {123456, -3, 400};

	(void)state;
	lt_date_format_iso(&d, out);
	assert_string_equal(out, "2017-09-22");
	lt_date_format_dmy(&d, out);
	assert_string_equal(out, "22/09/2017");
	lt_date_format_iso(&e, out);
	assert_string_equal(out, "2020-02-05");
	lt_date_format_dmy(&e, out);
	assert_string_equal(out, "05/02/2020");
	lt_date_format_iso(&first, out);
	assert_string_equal(out, "0001-01-01");
	lt_date_format_dmy(&first, out);
	assert_string_equal(out, "01/01/0001");
	/* a corrupt value never writes past out[] */
	lt_date_format_iso(&corrupt, out);
	assert_int_equal(strlen(out), 10);
	lt_date_format_dmy(&corrupt, out);
	assert_int_equal(strlen(out), 10);
}

static void test_format_long(void **state)
{
	char out[48];
	lt_date d = {2017, 9, 22};
	lt_date e = {2020, 2, 5};
	lt_date f = {2021, 1, 15};
	lt_date g = {2019, 12, 9};
	lt_date corrupt = {-7, 77, -1};

	(void)state;
	lt_lang_set(LT_LANG_VI);
	lt_date_format_long(&d, out);
	assert_string_equal(out, "ngày 22 tháng 9 năm 2017");
	lt_date_format_long(&e, out);
	assert_string_equal(out, "ngày 05 tháng 02 năm 2020");
	lt_date_format_long(&f, out);
	assert_string_equal(out, "ngày 15 tháng 01 năm 2021");
	lt_date_format_long(&g, out);
	assert_string_equal(out, "ngày 09 tháng 12 năm 2019");
	lt_date_format_long(&corrupt, out);
	assert_true(strlen(out) < 48);

	lt_lang_set(LT_LANG_EN);
	lt_date_format_long(&d, out);
	assert_string_equal(out, "22 September 2017");
	lt_date_format_long(&e, out);
	assert_string_equal(out, "5 February 2020");
	lt_date_format_long(&g, out);
	assert_string_equal(out, "9 December 2019");
	lt_date_format_long(&corrupt, out);
	assert_true(strlen(out) < 48);
	lt_lang_set(LT_LANG_VI);
}

/* Whatever luutru writes, luutru reads back. */
static void test_format_parse_round_trip(void **state)
{
	int64_t days;

	(void)state;
	lt_lang_set(LT_LANG_VI);
	for (days = -719162; days <= 2932896; days += 997) {
		lt_date d, back;
		char iso[11], dmy[11], lng[48];

		lt_date_from_days(&d, days);
		lt_date_format_iso(&d, iso);
		lt_date_format_dmy(&d, dmy);
		lt_date_format_long(&d, lng);
		assert_int_equal(lt_date_parse_iso(&back, iso, NULL), LT_OK);
		assert_int_equal(lt_date_cmp(&back, &d), 0);
		assert_int_equal(lt_date_parse_vn(&back, dmy, NULL), LT_OK);
		assert_int_equal(lt_date_cmp(&back, &d), 0);
		if (d.year >= 1000) { /* the long form writes the year unpadded */
			assert_int_equal(lt_date_parse(&back, lng, NULL), LT_OK);
			assert_int_equal(lt_date_cmp(&back, &d), 0);
		}
	}
}

/* ---- day numbers ---------------------------------------------------------- */

static void test_days_known_values(void **state)
{
	static const struct {
		lt_date d;
		int64_t days;
	} known[] = {
	    {{1970, 1, 1}, 0},      {{1970, 1, 2}, 1},        {{1969, 12, 31}, -1},
	    {{2000, 1, 1}, 10957},  {{2000, 3, 1}, 11017},    {{2017, 9, 22}, 17431},
	    {{1900, 3, 1}, -25508}, {{1, 1, 1}, -719162},     {{9999, 12, 31}, 2932896},
	    {{2024, 2, 29}, 19782}, {{1600, 2, 29}, -135081},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		lt_date back;
		assert_int_equal(lt_date_to_days(&known[i].d), known[i].days);
		lt_date_from_days(&back, known[i].days);
		assert_int_equal(lt_date_cmp(&back, &known[i].d), 0);
	}
}

/* Every day of 1..9999 in order: to_days counts up by one, from_days
 * inverts it, and the calendar advances as the month lengths say. */
static void test_days_every_day(void **state)
{
	lt_date d = {1, 1, 1};
	int64_t expect = -719162;

	(void)state;
	for (;;) {
		lt_date back;
		assert_int_equal(lt_date_to_days(&d), expect);
		lt_date_from_days(&back, expect);
		if (back.year != d.year || back.month != d.month || back.day != d.day)
			fail_msg("day %lld: got %d-%d-%d want %d-%d-%d", (long long)expect,
			         back.year, back.month, back.day, d.year, d.month, d.day);
		if (d.year == 9999 && d.month == 12 && d.day == 31)
			break;
		if (++d.day > lt_date_days_in_month(d.year, d.month)) {
			d.day = 1;
			if (++d.month > 12) {
				d.month = 1;
				d.year++;
			}
		}
		expect++;
	}
	assert_int_equal(expect, 2932896);
}

static void test_from_days_clamps(void **state)
{
	lt_date d;

	(void)state;
	lt_date_from_days(&d, -719163);
	assert_int_equal(d.year, 1);
	assert_int_equal(d.month, 1);
	assert_int_equal(d.day, 1);
	lt_date_from_days(&d, INT64_MIN);
	assert_true(lt_date_is_valid(d.year, d.month, d.day));
	assert_int_equal(d.year, 1);
	lt_date_from_days(&d, 2932897);
	assert_int_equal(d.year, 9999);
	assert_int_equal(d.month, 12);
	assert_int_equal(d.day, 31);
	lt_date_from_days(&d, INT64_MAX);
	assert_int_equal(d.year, 9999);
}

static void test_cmp(void **state)
{
	lt_date a = {2017, 9, 22};
	lt_date b = {2017, 9, 23};
	lt_date c = {2017, 10, 1};
	lt_date e = {2018, 1, 1};
	lt_date a2 = {2017, 9, 22};

	(void)state;
	assert_int_equal(lt_date_cmp(&a, &a2), 0);
	assert_true(lt_date_cmp(&a, &b) < 0);
	assert_true(lt_date_cmp(&b, &a) > 0);
	assert_true(lt_date_cmp(&b, &c) < 0);
	assert_true(lt_date_cmp(&c, &e) < 0);
	assert_true(lt_date_cmp(&e, &a) > 0);
	/* agrees with the day numbers */
	assert_true((lt_date_cmp(&c, &b) > 0) == (lt_date_to_days(&c) > lt_date_to_days(&b)));
}

/* ---- clocks ------------------------------------------------------------------ */

static void test_today(void **state)
{
	lt_date got, before, after;
	time_t t0, t1;
	struct tm tm;

	(void)state;
	t0 = time(NULL);
	lt_date_today(&got);
	t1 = time(NULL);
	assert_non_null(localtime_r(&t0, &tm));
	before = (lt_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
	assert_non_null(localtime_r(&t1, &tm));
	after = (lt_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
	assert_true(lt_date_is_valid(got.year, got.month, got.day));
	/* midnight may pass between the calls */
	assert_true(lt_date_cmp(&got, &before) == 0 || lt_date_cmp(&got, &after) == 0);
}

static void test_now_iso(void **state)
{
	char out[21];
	lt_date d;
	time_t t0, t1;
	struct tm tm0, tm1;
	int i;

	(void)state;
	memset(out, 'x', sizeof(out));
	t0 = time(NULL);
	lt_time_now_iso(out);
	t1 = time(NULL);
	assert_int_equal(strlen(out), 20);
	for (i = 0; i < 20; i++) {
		switch (i) {
		case 4:
		case 7: assert_int_equal(out[i], '-'); break;
		case 10: assert_int_equal(out[i], 'T'); break;
		case 13:
		case 16: assert_int_equal(out[i], ':'); break;
		case 19: assert_int_equal(out[i], 'Z'); break;
		default: assert_true(out[i] >= '0' && out[i] <= '9');
		}
	}
	/* UTC, not local time: the date part is the UTC date */
	{
		char datepart[11];
		memcpy(datepart, out, 10);
		datepart[10] = '\0';
		assert_int_equal(lt_date_parse_iso(&d, datepart, NULL), LT_OK);
	}
	assert_non_null(gmtime_r(&t0, &tm0));
	assert_non_null(gmtime_r(&t1, &tm1));
	assert_true(
	    (d.year == tm0.tm_year + 1900 && d.month == tm0.tm_mon + 1 && d.day == tm0.tm_mday) ||
	    (d.year == tm1.tm_year + 1900 && d.month == tm1.tm_mon + 1 && d.day == tm1.tm_mday));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_leap_years),
	    cmocka_unit_test(test_days_in_month),
	    cmocka_unit_test(test_is_valid),
	    cmocka_unit_test(test_parse_iso),
	    cmocka_unit_test(test_parse_vn_words),
	    cmocka_unit_test(test_parse_vn_numeric),
	    cmocka_unit_test(test_parse_vn_rejects),
	    cmocka_unit_test(test_parse_any),
	    cmocka_unit_test(test_parse_messages),
	    cmocka_unit_test(test_format_iso_dmy),
	    cmocka_unit_test(test_format_long),
	    cmocka_unit_test(test_format_parse_round_trip),
	    cmocka_unit_test(test_days_known_values),
	    cmocka_unit_test(test_days_every_day),
	    cmocka_unit_test(test_from_days_clamps),
	    cmocka_unit_test(test_cmp),
	    cmocka_unit_test(test_today),
	    cmocka_unit_test(test_now_iso),
	};
	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
