/*
 * core/date.h — calendar dates as the regulations write them.
 *
 * A date is a proleptic Gregorian day (year 1..9999). Accepted input forms:
 *   ISO 8601          2017-09-22
 *   Vietnamese        ngày 22 tháng 9 năm 2017   (also "ngày 22/9/2017",
 *                     without diacritics, any case, extra spaces)
 *   dd/mm/yyyy        22/09/2017 or 22/9/2017 (also with '-' or '.')
 * Everything else is LT_EINVAL with a message quoting the input. Impossible
 * dates (2021-02-29, month 13) are rejected, never normalised.
 */
#ifndef LT_CORE_DATE_H
#define LT_CORE_DATE_H

#include <stdint.h>
#include <time.h>

#include "core/error.h"

typedef struct lt_date {
	int year;  /* 1..9999 */
	int month; /* 1..12 */
	int day;   /* 1..31 */
} lt_date;

int lt_date_parse_iso(lt_date *out, const char *s, lt_error *err);
int lt_date_parse_vn(lt_date *out, const char *s, lt_error *err);
/* Any of the accepted forms. */
int lt_date_parse(lt_date *out, const char *s, lt_error *err);

int lt_date_is_valid(int year, int month, int day);
int lt_date_is_leap(int year);
int lt_date_days_in_month(int year, int month);

/* "2017-09-22"; out must hold 11 bytes. */
void lt_date_format_iso(const lt_date *d, char out[11]);
/* "22/09/2017": day and month always two digits (DD/MM/YYYY, TT 02/2019);
 * the "months 1–2 only" rule of NĐ 30 applies to the long form below. */
void lt_date_format_dmy(const lt_date *d, char out[11]);
/* "ngày 22 tháng 9 năm 2017" in Vietnamese, "22 September 2017" in English
 * (follows lt_lang_get()); out must hold 48 bytes. Per NĐ 30, days below 10
 * and months 1 and 2 are written with a leading zero ("ngày 05 tháng 02"). */
void lt_date_format_long(const lt_date *d, char out[48]);

/* Days since 1970-01-01 (negative before), and back. */
int64_t lt_date_to_days(const lt_date *d);
void lt_date_from_days(lt_date *out, int64_t days);
int lt_date_cmp(const lt_date *a, const lt_date *b);
/* Today in local time. */
void lt_date_today(lt_date *out);

/* Current time as ISO 8601 UTC "2026-11-23T09:26:04Z"; out holds 21 bytes. */
void lt_time_now_iso(char out[21]);

#endif
