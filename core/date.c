/*
 * core/date.c — see date.h.
 *
 * Parsing is strict on purpose: a registration date is legal evidence, so
 * an input that is not clearly one date is refused with a message instead
 * of being guessed at or normalised (2021-02-29 is not 2021-03-01).
 *
 * The Vietnamese forms are matched on the folded text (lt_text_fold), so
 * "Ngày", "ngay" and "NGÀY" are one keyword and the matcher compares
 * against plain lower-case ASCII ("ngay", "thang", "nam").
 *
 * Day counting uses the days-from-civil algorithm (H. Hinnant): exact for
 * the proleptic Gregorian calendar in the whole 1..9999 range.
 */
#include "core/date.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"

/* Days of 0001-01-01 and 9999-12-31 relative to 1970-01-01. */
#define DAYS_MIN (-719162)
#define DAYS_MAX 2932896

int lt_date_is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int lt_date_days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && lt_date_is_leap(year))
		return 29;
	return days[month - 1];
}

int lt_date_is_valid(int year, int month, int day)
{
	return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
	       day <= lt_date_days_in_month(year, month);
}

/* ---- parsing -------------------------------------------------------- */

/* The input as it may appear inside an error message: at most ~60 bytes,
 * cut on a character boundary, invalid bytes and controls shown as '?',
 * so the message stays valid UTF-8 whatever the caller passed. */
static void quote_input(char *out, size_t size, const char *s)
{
	size_t i = 0, o = 0, n;
	size_t slen = strlen(s);
	const size_t limit = 60;

	while (i < slen && o + 8 < size) {
		if (i >= limit) {
			memcpy(out + o, "…", 3);
			o += 3;
			break;
		}
		n = 1;
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			out[o++] = '?';
		} else if ((unsigned char)s[i] < 0x80) {
			out[o++] = s[i];
		} else {
			size_t k;
			for (n = 1; n < 4 && i + n < slen; n++) {
				if (((unsigned char)s[i + n] & 0xC0) != 0x80)
					break;
			}
			if (lt_text_validate(s + i, n, NULL) == LT_OK) {
				for (k = 0; k < n; k++)
					out[o++] = s[i + k];
			} else {
				out[o++] = '?';
				n = 1;
			}
		}
		i += n;
	}
	out[o] = '\0';
}

static const char *const month_en[12] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};

/* The form was right but the calendar has no such day. */
static int impossible(lt_error *err, const char *s, int year, int month)
{
	char q[256];

	quote_input(q, sizeof(q), s);
	if (year < 1 || year > 9999)
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("ngày không hợp lệ \"%s\": năm %d ngoài khoảng 1–9999",
		                          "invalid date \"%s\": year %d is outside 1–9999"),
		                    q, year);
	if (month < 1 || month > 12)
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("ngày không hợp lệ \"%s\": không có tháng %d",
		                          "invalid date \"%s\": there is no month %d"),
		                    q, month);
	if (lt_lang_get() == LT_LANG_EN)
		return lt_error_set(err, LT_EINVAL, "invalid date \"%s\": %s %d has %d days", q,
		                    month_en[month - 1], year, lt_date_days_in_month(year, month));
	return lt_error_set(err, LT_EINVAL, "ngày không hợp lệ \"%s\": tháng %d năm %d có %d ngày",
	                    q, month, year, lt_date_days_in_month(year, month));
}

static int is_space(const char *p, size_t *n)
{
	if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
		*n = 1;
		return 1;
	}
	/* U+00A0 NO-BREAK SPACE, common in word-processor and OCR output */
	if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) {
		*n = 2;
		return 1;
	}
	return 0;
}

static const char *skip_spaces(const char *p)
{
	size_t n;

	while (is_space(p, &n))
		p += n;
	return p;
}

/* Exactly min..max ASCII digits; advances *p past them. */
static int read_number(const char **p, int min, int max, int *out)
{
	const char *q = *p;
	int v = 0, n = 0;

	while (*q >= '0' && *q <= '9') {
		if (n == max)
			return 0;
		v = v * 10 + (*q - '0');
		q++;
		n++;
	}
	if (n < min)
		return 0;
	*p = q;
	*out = v;
	return 1;
}

static int read_keyword(const char **p, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(*p, word, n) != 0)
		return 0;
	*p += n;
	return 1;
}

/* YYYY-MM-DD, nothing else; leading and trailing spaces allowed. */
static int match_iso(const char *s, int *y, int *m, int *d)
{
	const char *p = skip_spaces(s);

	if (!read_number(&p, 4, 4, y) || !read_keyword(&p, "-") || !read_number(&p, 2, 2, m) ||
	    !read_keyword(&p, "-") || !read_number(&p, 2, 2, d))
		return 0;
	return *skip_spaces(p) == '\0';
}

/*
 * On folded text (lower-case ASCII letters, no diacritics):
 *
 *   [ngay] D thang M nam YYYY
 *   [ngay] D sep M sep YYYY      sep one of / - . and the same both times
 *
 * Spaces are optional between tokens: OCR drops and doubles them.
 */
static int match_vn(const char *f, int *y, int *m, int *d)
{
	const char *p = skip_spaces(f);
	char sep;

	if (read_keyword(&p, "ngay"))
		p = skip_spaces(p);
	if (!read_number(&p, 1, 2, d))
		return 0;
	p = skip_spaces(p);
	if (read_keyword(&p, "thang")) {
		p = skip_spaces(p);
		if (!read_number(&p, 1, 2, m))
			return 0;
		p = skip_spaces(p);
		if (!read_keyword(&p, "nam"))
			return 0;
	} else {
		sep = *p;
		if (sep != '/' && sep != '-' && sep != '.')
			return 0;
		p = skip_spaces(p + 1);
		if (!read_number(&p, 1, 2, m))
			return 0;
		p = skip_spaces(p);
		if (*p != sep)
			return 0;
		p++;
	}
	p = skip_spaces(p);
	if (!read_number(&p, 4, 4, y))
		return 0;
	return *skip_spaces(p) == '\0';
}

static int no_input(lt_error *err)
{
	return lt_error_set(err, LT_EINVAL, LT_TR("chưa nhập ngày", "no date given"));
}

static int finish(lt_date *out, const char *s, int y, int m, int d, lt_error *err)
{
	if (!lt_date_is_valid(y, m, d))
		return impossible(err, s, y, m);
	out->year = y;
	out->month = m;
	out->day = d;
	return LT_OK;
}

int lt_date_parse_iso(lt_date *out, const char *s, lt_error *err)
{
	char q[256];
	int y, m, d;

	if (!s || !*skip_spaces(s))
		return no_input(err);
	if (match_iso(s, &y, &m, &d))
		return finish(out, s, y, m, d, err);
	quote_input(q, sizeof(q), s);
	return lt_error_set(
	    err, LT_EINVAL,
	    LT_TR("không hiểu ngày \"%s\": cần dạng YYYY-MM-DD, ví dụ 2017-09-22",
	          "cannot read the date \"%s\": expected YYYY-MM-DD, e.g. 2017-09-22"),
	    q);
}

/* 1 matched (y, m, d set), 0 not this form. */
static int match_vn_text(const char *s, int *y, int *m, int *d)
{
	lt_buf f = LT_BUF_INIT;
	int ok = 0;

	if (lt_text_fold(&f, s, LT_TEXT_STRLEN, NULL) == LT_OK)
		ok = match_vn(lt_buf_cstr(&f), y, m, d);
	lt_buf_free(&f);
	return ok;
}

int lt_date_parse_vn(lt_date *out, const char *s, lt_error *err)
{
	char q[256];
	int y, m, d;

	if (!s || !*skip_spaces(s))
		return no_input(err);
	if (match_vn_text(s, &y, &m, &d))
		return finish(out, s, y, m, d, err);
	quote_input(q, sizeof(q), s);
	return lt_error_set(err, LT_EINVAL,
	                    LT_TR("không hiểu ngày \"%s\": cần dạng 22/09/2017 "
	                          "hoặc ngày 22 tháng 9 năm 2017",
	                          "cannot read the date \"%s\": expected 22/09/2017 "
	                          "or ngày 22 tháng 9 năm 2017"),
	                    q);
}

int lt_date_parse(lt_date *out, const char *s, lt_error *err)
{
	char q[256];
	int y, m, d;

	if (!s || !*skip_spaces(s))
		return no_input(err);
	if (match_iso(s, &y, &m, &d) || match_vn_text(s, &y, &m, &d))
		return finish(out, s, y, m, d, err);
	quote_input(q, sizeof(q), s);
	return lt_error_set(err, LT_EINVAL,
	                    LT_TR("không hiểu ngày \"%s\": hãy viết 2017-09-22, 22/09/2017 "
	                          "hoặc ngày 22 tháng 9 năm 2017",
	                          "cannot read the date \"%s\": write 2017-09-22, 22/09/2017 "
	                          "or ngày 22 tháng 9 năm 2017"),
	                    q);
}

/* ---- formatting ----------------------------------------------------- */

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Formatting never overflows out[]: a corrupt lt_date prints clamped
 * fields rather than writing past the array. */
void lt_date_format_iso(const lt_date *d, char out[11])
{
	snprintf(out, 11, "%04d-%02d-%02d", clamp(d->year, 0, 9999), clamp(d->month, 0, 99),
	         clamp(d->day, 0, 99));
}

void lt_date_format_dmy(const lt_date *d, char out[11])
{
	snprintf(out, 11, "%02d/%02d/%04d", clamp(d->day, 0, 99), clamp(d->month, 0, 99),
	         clamp(d->year, 0, 9999));
}

void lt_date_format_long(const lt_date *d, char out[48])
{
	int year = clamp(d->year, 0, 9999), month = clamp(d->month, 0, 99);
	int day = clamp(d->day, 0, 99);

	if (lt_lang_get() == LT_LANG_EN) {
		if (month >= 1 && month <= 12)
			snprintf(out, 48, "%d %s %d", day, month_en[month - 1], year);
		else
			snprintf(out, 48, "%d/%d/%d", day, month, year);
		return;
	}
	/* NĐ 30/2020 Phụ lục I: days below 10 and months 1, 2 get a leading
	 * zero ("ngày 05 tháng 02"), other months do not ("tháng 9"). */
	if (month <= 2)
		snprintf(out, 48, "ngày %02d tháng %02d năm %d", day, month, year);
	else
		snprintf(out, 48, "ngày %02d tháng %d năm %d", day, month, year);
}

/* ---- day numbers ---------------------------------------------------- */

int64_t lt_date_to_days(const lt_date *d)
{
	int64_t y = d->year, m = d->month, day = d->day;
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Day numbers outside 0001-01-01..9999-12-31 are clamped to that range:
 * an lt_date must stay valid and there is no error to report here. */
void lt_date_from_days(lt_date *out, int64_t days)
{
	int64_t z, era, doe, yoe, y, doy, mp, d, m;

	if (days < DAYS_MIN)
		days = DAYS_MIN;
	if (days > DAYS_MAX)
		days = DAYS_MAX;
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	out->year = (int)(y + (m <= 2));
	out->month = (int)m;
	out->day = (int)d;
}

int lt_date_cmp(const lt_date *a, const lt_date *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}

void lt_date_today(lt_date *out)
{
	time_t t = time(NULL);
	struct tm tm;

	if (localtime_r(&t, &tm)) {
		out->year = tm.tm_year + 1900;
		out->month = tm.tm_mon + 1;
		out->day = tm.tm_mday;
	} else {
		lt_date_from_days(out, (int64_t)t / 86400);
	}
}

void lt_time_now_iso(char out[21])
{
	time_t t = time(NULL);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 21, "%s", "1970-01-01T00:00:00Z");
}
