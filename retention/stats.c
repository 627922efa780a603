/* retention/stats.c — statistics tables (stats.h). Every table is one query
 * binding ?1 = from, ?2 = to (ISO; '0000-01-01' / '9999-12-31' when open),
 * ?3 = today, ?4 = stale days. */
#include "retention/stats.h"

#include "archive/dossier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "retention/internal.h"

#define OOM(err) lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"))

typedef struct sctx {
	lt_catalog *cat;
	lt_report *rep;
	char from[11], to[11], today[11];
	int stale;
} sctx;

/* One table from a query whose columns map 1:1 to `columns`. */
static int table(sctx *c, const char *key, const char *title, const char *const *columns,
                 const char *const *labels, size_t ncol, const char *sql, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	const char *cells[16];
	int rc;

	if (lt_report_table(c->rep, key, title, columns, ncol) || lt_report_labels(c->rep, labels))
		return OOM(err);
	rc = lt_ret_prepare(c->cat, &st, sql, err);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, c->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->today, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, c->stale);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		for (size_t i = 0; i < ncol && i < 16; i++)
			cells[i] = (const char *)sqlite3_column_text(st, (int)i);
		if (lt_report_row(c->rep, cells))
			rc = OOM(err);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Done = a task done or a reply; when = the earliest such moment. */
#define INCOMING_CTE                                                                               \
	"WITH inc AS (SELECT r.id, r.code_number, r.code_notation, r.subject,"                     \
	" COALESCE(r.department, '') AS dept,"                                                     \
	" COALESCE(r.arrival_date, r.issued_date, substr(r.created_at, 1, 10)) AS recv,"           \
	" COALESCE(r.due_date, (SELECT min(t.due_date) FROM tasks t WHERE t.record_id = r.id"      \
	"  AND t.status <> 'cancelled')) AS due,"                                                  \
	" (SELECT min(w) FROM (SELECT substr(t.completed_at, 1, 10) AS w FROM tasks t"             \
	"  WHERE t.record_id = r.id AND t.status = 'done' UNION ALL SELECT "                       \
	"COALESCE(q.issued_date,"                                                                  \
	"  substr(q.created_at, 1, 10)) FROM record_links l JOIN records q"                        \
	"  ON q.id = l.from_record_id WHERE l.to_record_id = r.id AND l.kind = 'reply_to')) AS "   \
	"done_at,"                                                                                 \
	" (EXISTS (SELECT 1 FROM tasks t WHERE t.record_id = r.id AND t.status = 'done')"          \
	"  OR EXISTS (SELECT 1 FROM record_links l WHERE l.to_record_id = r.id"                    \
	"  AND l.kind = 'reply_to')) AS done"                                                      \
	" FROM records r WHERE r.kind = 'incoming' AND r.status NOT IN ('deleted'))"

int lt_stats_period_parse(lt_stats_period *out, const char *s, lt_error *err)
{
	static const char *const NAMES[] = {"month", "quarter", "year"};

	for (int i = 0; i < 3; i++)
		if (s && strcmp(s, NAMES[i]) == 0) {
			*out = (lt_stats_period)i;
			return 0;
		}
	return lt_error_set(err, LT_EINVAL, "%s: %s",
	                    LT_TR("kỳ thống kê phải là month, quarter hoặc year",
	                          "the period must be month, quarter or year"),
	                    s ? s : "");
}

/* The period of an ISO date column as SQL. */
static const char *period_sql(lt_stats_period p, int recv)
{
	if (p == LT_STATS_YEAR)
		return recv ? "substr(recv, 1, 4)" : "substr(d, 1, 4)";
	if (p == LT_STATS_QUARTER)
		return recv ? "substr(recv, 1, 4) || '-Q' || ((CAST(substr(recv, 6, 2) AS INTEGER)"
		              " + 2) / 3)"
		            : "substr(d, 1, 4) || '-Q' || ((CAST(substr(d, 6, 2) AS INTEGER) + 2) "
		              "/ 3)";
	return recv ? "substr(recv, 1, 7)" : "substr(d, 1, 7)";
}

int lt_stats_build(lt_report **out, lt_catalog *cat, const lt_stats_opts *o, lt_error *err)
{
	const char *pkey = o->period == LT_STATS_MONTH ? "month" : "period";
	const char *plab = o->period == LT_STATS_YEAR      ? LT_TR("Năm", "Year")
	                   : o->period == LT_STATS_QUARTER ? LT_TR("Quý", "Quarter")
	                                                   : LT_TR("Tháng", "Month");
	const char *const vol_cols[] = {pkey, "department", "incoming", "outgoing"};
	const char *const proc_cols[] = {pkey,        "received", "done_on_time",
	                                 "done_late", "overdue",  "pending"};
	static const char *const nodl_cols[] = {"task", "record", "lead_unit", "assignee",
	                                        "created_at"};
	static const char *const stale_cols[] = {"record", "number", "received", "days", "subject"};
	static const char *const dig_cols[] = {"department", "dossiers", "digitised", "rate",
	                                       "score"};
	const char *vol_lab[] = {plab, LT_TR("Đơn vị", "Department"),
	                         LT_TR("Văn bản đến", "Incoming"), LT_TR("Văn bản đi", "Outgoing")};
	const char *proc_lab[] = {plab,
	                          LT_TR("Đã nhận", "Received"),
	                          LT_TR("Xong đúng hạn", "On time"),
	                          LT_TR("Xong trễ hạn", "Late"),
	                          LT_TR("Quá hạn", "Overdue"),
	                          LT_TR("Đang giải quyết", "Pending")};
	const char *nodl_lab[] = {LT_TR("Việc", "Task"), LT_TR("Văn bản", "Record"),
	                          LT_TR("Đơn vị chủ trì", "Lead unit"),
	                          LT_TR("Người xử lý", "Assignee"), LT_TR("Ngày giao", "Created")};
	const char *stale_lab[] = {LT_TR("Văn bản", "Record"), LT_TR("Số, ký hiệu", "Number"),
	                           LT_TR("Ngày đến", "Received"), LT_TR("Số ngày", "Days"),
	                           LT_TR("Trích yếu", "Subject")};
	const char *dig_lab[] = {LT_TR("Đơn vị", "Department"),
	                         LT_TR("Hồ sơ TTHC tiếp nhận", "TTHC dossiers received"),
	                         LT_TR("Đã số hóa", "Digitised"), LT_TR("Tỷ lệ (%)", "Rate (%)"),
	                         LT_TR("Điểm QĐ 766", "QĐ 766 score")};
	sctx c;
	lt_buf svg = LT_BUF_INIT;
	char score_sql[1600], vol_sql[800], proc_sql[2400];
	int rc;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	c.cat = cat;
	c.stale = o->stale_days > 0 ? o->stale_days : 30;
	if (o->from.year)
		lt_date_format_iso(&o->from, c.from);
	else
		snprintf(c.from, sizeof(c.from), "0000-01-01");
	if (o->to.year)
		lt_date_format_iso(&o->to, c.to);
	else
		snprintf(c.to, sizeof(c.to), "9999-12-31");
	lt_date_format_iso(&o->today, c.today);
	if (lt_report_new(
	        &c.rep, LT_TR("Thống kê văn bản và số hóa", "Records and digitisation statistics")))
		return OOM(err);
	snprintf(
	    vol_sql, sizeof(vol_sql),
	    "SELECT %s, dept, sum(kind = 'incoming'), sum(kind = 'outgoing')"
	    " FROM (SELECT COALESCE(arrival_date, issued_date, substr(created_at, 1, 10)) AS d,"
	    " COALESCE(department, '') AS dept, kind FROM records"
	    " WHERE kind IN ('incoming','outgoing') AND status NOT IN ('deleted'))"
	    " WHERE d BETWEEN ?1 AND ?2 GROUP BY 1, 2 ORDER BY 1, 2",
	    period_sql(o->period, 0));
	snprintf(proc_sql, sizeof(proc_sql),
	         "%s SELECT %s, count(*),"
	         " sum(done AND (due IS NULL OR done_at IS NULL OR done_at <= due)),"
	         " sum(done AND due IS NOT NULL AND done_at > due),"
	         " sum(NOT done AND due IS NOT NULL AND due < ?3),"
	         " sum(NOT done AND (due IS NULL OR due >= ?3))"
	         " FROM inc WHERE recv BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 1",
	         INCOMING_CTE, period_sql(o->period, 1));
	rc = table(&c, "volume",
	           o->period == LT_STATS_MONTH
	               ? LT_TR("Văn bản đến / đi theo tháng và đơn vị",
	                       "Incoming / outgoing per month and department")
	               : LT_TR("Văn bản đến / đi theo kỳ và đơn vị",
	                       "Incoming / outgoing per period and department"),
	           vol_cols, vol_lab, 4, vol_sql, err);
	if (rc == 0)
		rc =
		    table(&c, "processing",
		          LT_TR("Tình hình giải quyết văn bản đến", "Handling of incoming records"),
		          proc_cols, proc_lab, 6, proc_sql, err);
	if (rc == 0)
		rc = table(
		    &c, "no_deadline",
		    LT_TR("Việc giao chưa có thời hạn", "Tasks without a deadline"), nodl_cols,
		    nodl_lab, 5,
		    "SELECT t.id, t.record_id, t.lead_unit, t.assignee, t.created_at FROM tasks t"
		    " WHERE t.due_date IS NULL AND t.status IN ('open','in_progress')"
		    " AND substr(t.created_at, 1, 10) BETWEEN ?1 AND ?2 ORDER BY t.id",
		    err);
	if (rc == 0)
		rc = table(&c, "stale",
		           LT_TR("Văn bản đến tồn đọng quá số ngày quy định",
		                 "Incoming records left unprocessed too long"),
		           stale_cols, stale_lab, 5,
		           INCOMING_CTE
		           " SELECT id, COALESCE(code_number || '/' || code_notation, ''),"
		           " recv, CAST(julianday(?3) - julianday(recv) AS INTEGER), subject"
		           " FROM inc WHERE NOT done AND julianday(?3) - julianday(recv) > ?4"
		           " AND recv BETWEEN ?1 AND ?2 ORDER BY recv",
		           err);
	/* QĐ 766 (REGULATIONS rule 39): over the administrative-procedure
	 * (TTHC) dossiers received in the period, one is digitised when a
	 * component has a file attached and, where the result is issued on
	 * paper, the result has one too (LT_TTHC_DIGITISED, archive/dossier.h);
	 * score = min(1, rate ÷ 0.8) × max. */
	snprintf(
	    score_sql, sizeof(score_sql),
	    "SELECT dept, n, dig, printf('%%.1f', 100.0 * dig / n),"
	    " printf('%%.2f', min(1.0, (1.0 * dig / n) / 0.8) * %.4f)"
	    " FROM (SELECT COALESCE(d.department, '') AS dept, count(*) AS n,"
	    " sum(" LT_TTHC_DIGITISED(
	        "d") ") AS dig FROM dossiers d WHERE d.kind = 'tthc'"
	             " AND d.status <> 'destroyed'"
	             " AND COALESCE(d.received_date, substr(d.opened_at, 1, 10)) BETWEEN ?1 AND ?2"
	             " GROUP BY 1) ORDER BY 1",
	    o->max_score > 0 ? o->max_score : 10.0);
	if (rc == 0)
		rc = table(&c, "digitisation",
		           LT_TR("Tỷ lệ số hóa hồ sơ thủ tục hành chính theo đơn vị (QĐ 766)",
		                 "Digitisation rate of administrative-procedure dossiers per "
		                 "department (QĐ 766)"),
		           dig_cols, dig_lab, 5, score_sql, err);
	/* Charts for the HTML page. */
	if (rc == 0) {
		size_t n = lt_report_rows(c.rep, "digitisation");
		const char **labels = calloc(n ? n : 1, sizeof(char *));
		double *values = calloc(n ? n : 1, sizeof(double));
		if (!labels || !values) {
			rc = OOM(err);
		} else {
			for (size_t i = 0; i < n; i++) {
				const char *d =
				    lt_report_cell(c.rep, "digitisation", i, "department");
				labels[i] =
				    d && *d ? d : LT_TR("(chưa ghi đơn vị)", "(no department)");
				values[i] = atof(lt_report_cell(c.rep, "digitisation", i, "rate"));
			}
			if (lt_report_svg_bars(&svg, LT_TR("Tỷ lệ số hóa", "Digitisation rate"),
			                       labels, values, n, "%") ||
			    lt_report_html_extra(c.rep, svg.data ? svg.data : ""))
				rc = OOM(err);
		}
		free(labels);
		free(values);
	}
	if (rc == 0) {
		/* The incoming-per-month chart goes with the processing table. */
		size_t n = lt_report_rows(c.rep, "processing");
		const char **labels = calloc(n ? n : 1, sizeof(char *));
		double *values = calloc(n ? n : 1, sizeof(double));
		lt_buf_reset(&svg);
		if (!labels || !values) {
			rc = OOM(err);
		} else {
			for (size_t i = 0; i < n; i++) {
				labels[i] = lt_report_cell(c.rep, "processing", i, pkey);
				values[i] =
				    atof(lt_report_cell(c.rep, "processing", i, "received"));
			}
			if (lt_report_svg_bars(
			        &svg,
			        o->period == LT_STATS_MONTH
			            ? LT_TR("Văn bản đến theo tháng", "Incoming records per month")
			            : LT_TR("Văn bản đến theo kỳ", "Incoming records per period"),
			        labels, values, n, NULL) ||
			    lt_report_html_extra_for(c.rep, "processing", svg.data ? svg.data : ""))
				rc = OOM(err);
		}
		free(labels);
		free(values);
	}
	lt_buf_free(&svg);
	if (rc) {
		lt_report_free(c.rep);
		return rc;
	}
	*out = c.rep;
	return 0;
}
