/*
 * retention/stats.h — statistics for the agency's reports (read-only).
 *
 * lt_stats_build() fills a report (retention/report.h) with these tables:
 *   volume        incoming / outgoing records per period (month, quarter
 *                 or year) and department (of arrival_date, else
 *                 issued_date)
 *   processing    incoming records by handling status — done on time,
 *                 done late, overdue, pending — per month; an incoming
 *                 record is done when a task on it is done or a reply links
 *                 to it; its deadline is its due_date, else its earliest
 *                 task deadline; per period
 *   no_deadline   open tasks without a deadline
 *   stale         incoming records not done, received more than
 *                 stale_days ago
 *   digitisation  per department, over the administrative-procedure (TTHC)
 *                 dossiers received in the period: those digitised (a
 *                 component with a file attached and, where the result is
 *                 on paper, the result's file attached; archive/dossier.h)
 *                 ÷ all, and the QĐ 766 score = min(1, rate ÷ 0.8) ×
 *                 max_score (rule 39)
 * The HTML output carries inline SVG bar charts (no script, no CDN).
 */
#ifndef LT_RETENTION_STATS_H
#define LT_RETENTION_STATS_H

#include "archive/catalog.h"
#include "core/date.h"
#include "core/error.h"
#include "retention/report.h"

/* How volume and processing are grouped. With LT_STATS_MONTH the first
 * column is "month" (YYYY-MM); otherwise it is "period" (YYYY-Qn, YYYY). */
typedef enum lt_stats_period {
	LT_STATS_MONTH = 0,
	LT_STATS_QUARTER,
	LT_STATS_YEAR
} lt_stats_period;

/* "month", "quarter", "year" → the period; LT_EINVAL otherwise. */
int lt_stats_period_parse(lt_stats_period *out, const char *s, lt_error *err);

typedef struct lt_stats_opts {
	lt_date from, to; /* inclusive; from.year == 0: no lower bound, to.year == 0: none */
	lt_date today;
	int stale_days;         /* default 30 */
	double max_score;       /* QĐ 766 maximum, default 10 */
	lt_stats_period period; /* default (0) per month */
} lt_stats_opts;

int lt_stats_build(lt_report **out, lt_catalog *cat, const lt_stats_opts *opts, lt_error *err);

#endif
