/*
 * retention/check.c — compliance rules of REGULATIONS §10 (check.h).
 *
 * Most rules are one SQL query that returns the offending objects as
 * (object, message) rows; the query binds ?1 = the year (0 = all) and
 * ?2 = today (ISO), and writes its texts as lt_tr('vi', 'en') so they
 * follow --lang. A few rules need C (number sequences, notation
 * format, blob files). The RULES table at the end is the list: adding a
 * rule is one function and one row there, plus its line in
 * docs/compliance.md and a passing and a failing case in
 * tests/unit/test_check.c.
 */
#include "retention/check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/audit.h"
#include "archive/notation.h"
#include "core/buf.h"
#include "retention/internal.h"

typedef struct ctx {
	lt_catalog *cat;
	const lt_check_opts *opts;
	lt_check_result *res;
	int rule;
	const char *source;
	char today[11];
	int year_or_today;        /* opts->year, else the year of today */
	const char *partial_note; /* set by a rule that checks only part */
} ctx;

/* lt_tr(vi, en) in SQL: the finding texts built by the queries follow
 * the user's language like LT_TR does in C. */
static void sql_tr(sqlite3_context *sc, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_result_value(sc, argv[lt_lang_get() == LT_LANG_EN ? 1 : 0]);
}

const char *lt_severity_name(lt_severity s)
{
	return s == LT_SEV_ERROR ? "error" : s == LT_SEV_WARNING ? "warning" : "info";
}

static int add(ctx *c, lt_severity sev, const char *object, const char *fmt, ...) LT_PRINTF(4, 5);

static int add(ctx *c, lt_severity sev, const char *object, const char *fmt, ...)
{
	lt_check_result *r = c->res;
	lt_finding *f;
	lt_buf msg = LT_BUF_INIT;
	va_list ap;
	void *grown = realloc(r->findings, (r->nfindings + 1) * sizeof(*r->findings));

	if (!grown)
		return LT_ENOMEM;
	r->findings = grown;
	va_start(ap, fmt);
	lt_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	f = &r->findings[r->nfindings];
	f->rule = c->rule;
	f->source = c->source;
	f->severity = sev;
	f->object = strdup(object ? object : "");
	f->message = lt_buf_detach(&msg);
	if (!f->object || !f->message) {
		free(f->object);
		free(f->message);
		return LT_ENOMEM;
	}
	r->nfindings++;
	return 0;
}

/* Run a query returning (object, message) rows; one finding per row. */
static int sql_findings(ctx *c, lt_severity sev, const char *sql, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = lt_ret_prepare(c->cat, &st, sql, err);

	if (rc)
		return rc;
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_int(st, 1, c->opts->year);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_text(st, 2, c->today, -1, SQLITE_STATIC);
	while (rc == 0) {
		int s = sqlite3_step(st);
		if (s == SQLITE_DONE)
			break;
		if (s != SQLITE_ROW) {
			rc = lt_catalog_error(c->cat, err, LT_TR("kiểm tra", "check"));
			break;
		}
		rc =
		    add(c, sev, (const char *)sqlite3_column_text(st, 0), "%s",
		        sqlite3_column_text(st, 1) ? (const char *)sqlite3_column_text(st, 1) : "");
	}
	sqlite3_finalize(st);
	return rc;
}

/* Record and dossier labels used by the queries below. */
#define REC_OBJ                                                                                    \
	"'record ' || r.id || COALESCE(' (' || r.code_number || '/' || r.code_notation || ')', "   \
	"'')"
#define DOS_OBJ "'dossier ' || d.id || ' (' || d.file_code || ')'"

/* ---- registers and numbering (1–5) -------------------------------------- */

/* Series rules shared by 1/2 (outgoing) and 4 (incoming): a series starts
 * at 1, has no duplicate numbers, no unexplained gaps, and number order
 * follows date order. The date is the registration date, the one
 * `register assign` checks (archive/register.c), and a voided number is a
 * justified gap: it is not compared (rule 2's justification note is its
 * void reason). */
static int series_rules(ctx *c, const char *direction, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;
	int64_t reg = -1, year = -1, expect = 1;
	char prev_date[16] = "";
	int64_t prev_number = 0;

	rc = lt_ret_prepare(c->cat, &st,
	                    "SELECT e.register_id, g.code, e.year, e.number, e.void_reason,"
	                    " substr(e.registered_at, 1, 10), e.record_id"
	                    " FROM register_entries e JOIN registers g ON g.id = e.register_id LEFT"
	                    " JOIN records r ON r.id = e.record_id"
	                    " WHERE g.direction = ?1 AND (?2 = 0 OR e.year = ?2)"
	                    " ORDER BY e.register_id, e.year, e.number",
	                    err);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, direction, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, c->opts->year);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		int64_t r = sqlite3_column_int64(st, 0), y = sqlite3_column_int64(st, 2);
		int64_t n = sqlite3_column_int64(st, 3);
		const char *code = (const char *)sqlite3_column_text(st, 1);
		const char *date = (const char *)sqlite3_column_text(st, 5);
		char obj[160];

		snprintf(obj, sizeof(obj), "register %s %lld", code, (long long)y);
		if (r != reg || y != year) {
			reg = r;
			year = y;
			expect = 1;
			prev_date[0] = '\0';
			prev_number = 0;
		}
		if (n > expect)
			rc = add(
			    c, LT_SEV_ERROR, obj,
			    LT_TR("thiếu số %lld..%lld trong sổ (số bị bỏ qua cần ghi chú lý do)",
			          "numbers %lld..%lld are missing from the register (a skipped "
			          "number needs a "
			          "justification note)"),
			    (long long)expect, (long long)n - 1);
		if (rc == 0 && sqlite3_column_type(st, 6) == SQLITE_NULL &&
		    sqlite3_column_type(st, 4) == SQLITE_NULL)
			rc = add(c, LT_SEV_WARNING, obj,
			         LT_TR("số %lld không gắn văn bản nào và không có lý do hủy số",
			               "number %lld has no record and no void reason"),
			         (long long)n);
		if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
			expect = n + 1; /* voided: kept with its reason, not dated */
			continue;
		}
		if (rc == 0 && date && *prev_date && strncmp(date, prev_date, 10) < 0)
			rc = add(c, LT_SEV_ERROR, obj,
			         LT_TR("số %lld (ngày %.10s) đứng sau số %lld (ngày %s): thứ tự số "
			               "không khớp thứ tự ngày",
			               "number %lld (dated %.10s) follows number %lld (dated %s): "
			               "number order does not "
			               "match date order"),
			         (long long)n, date, (long long)prev_number, prev_date);
		if (date)
			snprintf(prev_date, sizeof(prev_date), "%.10s", date);
		prev_number = n;
		expect = n + 1;
	}
	sqlite3_finalize(st);
	return rc;
}

static int register_direction(ctx *c, const char *direction, lt_error *err);

static int rule1(ctx *c, lt_error *err)
{
	/* Numbers unique per (series, year); every series starts at 1. */
	int rc = sql_findings(
	    c, LT_SEV_ERROR,
	    "SELECT 'register ' || g.code || ' ' || e.year, lt_tr('sổ bắt đầu từ số ', 'the"
	    " register starts at number ') || min(e.number) || lt_tr(', không phải 01', ', not 01')"
	    " FROM register_entries e JOIN registers g ON g.id = e.register_id"
	    " WHERE g.direction = 'outgoing' AND (?1 = 0 OR e.year = ?1)"
	    " GROUP BY e.register_id, e.year"
	    " HAVING min(e.number) <> 1",
	    err);
	if (rc == 0)
		rc = sql_findings(
		    c, LT_SEV_ERROR,
		    "SELECT 'records ' || group_concat(r.id, ','), lt_tr('số ', 'number ') ||"
		    " r.code_number || lt_tr(' năm ', ' year ') || CAST(substr(r.issued_date, 1, "
		    "4) AS"
		    " INTEGER) || lt_tr(' được cấp cho ', ' given to ') || count(*) || lt_tr(' văn "
		    "bản đi"
		    " cùng sổ', ' outgoing records of the same register')"
		    " FROM records r LEFT JOIN register_entries e ON e.record_id = r.id"
		    " AND e.void_reason IS NULL"
		    " WHERE r.kind = 'outgoing' AND r.code_number IS NOT NULL"
		    " AND r.status NOT IN ('deleted') AND (?1 = 0"
		    " OR CAST(substr(r.issued_date, 1, 4) AS INTEGER) = ?1)"
		    /* An unregistered record counts in the first series of its kind. */
		    " GROUP BY COALESCE(e.register_id, (SELECT min(g.id)"
		    " FROM registers g"
		    " WHERE g.direction = 'outgoing'"
		    " AND g.secret = (r.secrecy > 0)), 0), CAST(substr(r.issued_date, 1, 4) AS "
		    "INTEGER),"
		    " CAST(r.code_number AS INTEGER)"
		    " HAVING count(*) > 1",
		    err);
	if (rc == 0)
		rc = register_direction(c, "outgoing", err);
	return rc;
}

/* A register's direction and its records' (register.h promise 5): an
 * incoming record in an outgoing register lost its sender's number to it
 * (or still carries the register's), an outgoing one in an incoming
 * register has an arrival number it should not. */
static int register_direction(ctx *c, const char *direction, lt_error *err)
{
	return sql_findings(
	    c, LT_SEV_ERROR,
	    strcmp(direction, "outgoing") == 0
	        ? "SELECT " REC_OBJ ", lt_tr('văn bản đến lấy số của sổ đi ', 'incoming record"
	          " numbered in outgoing register ') || g.code || ' ' || e.year || '/' || e.number"
	          " || lt_tr(' (số của cơ quan gửi có thể đã bị thay: luutru history)', ' (the"
	          " sender''s number may have been replaced: luutru history)')"
	          " FROM register_entries e JOIN registers g ON g.id = e.register_id"
	          " JOIN records r ON r.id = e.record_id"
	          " WHERE g.direction = 'outgoing' AND r.kind = 'incoming' AND (?1 = 0 OR e.year ="
	          " ?1)"
	        : "SELECT " REC_OBJ ", lt_tr('văn bản đi lấy số của sổ đến ', 'outgoing record"
	          " numbered in incoming register ') || g.code || ' ' || e.year || '/' || e.number"
	          " FROM register_entries e JOIN registers g ON g.id = e.register_id"
	          " JOIN records r ON r.id = e.record_id"
	          " WHERE g.direction = 'incoming' AND r.kind IN ('outgoing','internal')"
	          " AND e.void_reason IS NULL AND (?1 = 0 OR e.year = ?1)",
	    err);
}

static int rule2(ctx *c, lt_error *err)
{
	return series_rules(c, "outgoing", err);
}

static int rule3(ctx *c, lt_error *err)
{
	return sql_findings(
	    c, LT_SEV_ERROR,
	    "SELECT " REC_OBJ
	    ", lt_tr('văn bản mật (độ mật ', 'secret record (secrecy ') || r.secrecy || lt_tr(')"
	    " lấy số từ sổ thường ', ') numbered in ordinary register ') || g.code"
	    " FROM records r JOIN register_entries e ON e.record_id = r.id"
	    " JOIN registers g ON g.id = e.register_id"
	    " WHERE r.secrecy > 0 AND g.secret = 0 AND (?1 = 0 OR e.year = ?1) UNION ALL "
	    "SELECT " REC_OBJ
	    ", lt_tr('văn bản thường lấy số từ sổ mật ', 'ordinary record numbered in secret"
	    " register ') || g.code"
	    " FROM records r JOIN register_entries e ON e.record_id = r.id"
	    " JOIN registers g ON g.id = e.register_id"
	    " WHERE r.secrecy = 0 AND g.secret = 1 AND (?1 = 0 OR e.year = ?1)",
	    err);
}

static int rule4(ctx *c, lt_error *err)
{
	int rc = series_rules(c, "incoming", err);
	if (rc == 0)
		rc = sql_findings(
		    c, LT_SEV_ERROR,
		    "SELECT 'records ' || group_concat(r.id, ','), lt_tr('số đến ', 'arrival "
		    "number ') ||"
		    " r.arrival_number || lt_tr(' năm ', ' year ') || CAST(substr(r.arrival_date, "
		    "1, 4) AS"
		    " INTEGER) || lt_tr(' trùng ', ' used ') || count(*) || lt_tr(' lần', ' times')"
		    " FROM records r"
		    " WHERE r.kind = 'incoming' AND r.arrival_number IS NOT NULL"
		    " AND r.arrival_date IS NOT NULL AND (?1 = 0"
		    " OR CAST(substr(r.arrival_date, 1, 4) AS INTEGER) = ?1)"
		    " GROUP BY CAST(substr(r.arrival_date, 1, 4) AS INTEGER), r.arrival_number"
		    " HAVING count(*) > 1",
		    err);
	if (rc == 0)
		rc = register_direction(c, "incoming", err);
	return rc;
}

static int rule5(ctx *c, lt_error *err)
{
	return sql_findings(
	    c, LT_SEV_WARNING,
	    "SELECT 'records ' || group_concat(id, ','), lt_tr('trùng mã định danh ', 'duplicate"
	    " identifier ') || doc_id"
	    " FROM records"
	    " WHERE doc_id IS NOT NULL AND status <> 'deleted'"
	    " GROUP BY doc_id"
	    " HAVING count(*) > 1 UNION ALL"
	    " SELECT 'records ' || group_concat(id, ','), lt_tr('trùng số, ký hiệu, cơ quan ban"
	    " hành: ', 'duplicate number, notation, issuing body: ') || code_number || '/' ||"
	    " code_notation || ' — ' || organ_name"
	    " FROM records"
	    " WHERE code_number IS NOT NULL AND code_notation IS NOT NULL"
	    " AND organ_name IS NOT NULL AND status <> 'deleted' AND kind <> 'incoming'"
	    " GROUP BY code_number, code_notation, organ_name"
	    " HAVING count(*) > 1 UNION ALL"
	    " SELECT 'records ' || group_concat(id, ','), lt_tr('văn bản đến trùng số, ký hiệu, cơ"
	    " quan ban hành: ', 'incoming records with the same number, notation, issuing body: ')"
	    " || code_number || '/' || code_notation || ' — ' || organ_name"
	    " FROM records"
	    " WHERE code_number IS NOT NULL AND code_notation IS NOT NULL"
	    " AND organ_name IS NOT NULL AND status <> 'deleted' AND kind = 'incoming'"
	    " GROUP BY code_number, code_notation, organ_name"
	    " HAVING count(*) > 1",
	    err);
}

/* ---- notation (6) and recall (14) ---------------------------------------- */

static int rule6(ctx *c, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = lt_ret_prepare(
	    c->cat, &st,
	    "SELECT r.id, r.code_number, r.code_notation, r.type_name"
	    " FROM records r"
	    " WHERE r.kind IN ('outgoing','internal') AND r.status <> 'deleted'"
	    " AND (r.code_number IS NOT NULL OR r.code_notation IS NOT NULL) AND (?1 = 0"
	    " OR CAST(substr(r.issued_date, 1, 4) AS INTEGER) = ?1)"
	    " ORDER BY r.id",
	    err);

	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, c->opts->year);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		const char *num = (const char *)sqlite3_column_text(st, 1);
		const char *nota = (const char *)sqlite3_column_text(st, 2);
		lt_error bad = LT_ERROR_INIT;
		lt_buf obj = LT_BUF_INIT, finding = LT_BUF_INIT;

		lt_buf_printf(&obj, "record %lld (", (long long)sqlite3_column_int64(st, 0));
		lt_notation_format(&obj, num, nota);
		lt_buf_putc(&obj, ')');
		if (lt_notation_check(num, nota, &bad) != 0)
			rc = add(c, LT_SEV_ERROR, obj.data, "%s", bad.message);
		if (rc == 0 && lt_notation_type_finding(
		                   nota, (const char *)sqlite3_column_text(st, 3), &finding) == 1)
			rc = add(c, LT_SEV_WARNING, obj.data, "%s", finding.data);
		lt_buf_free(&obj);
		lt_buf_free(&finding);
	}
	sqlite3_finalize(st);
	return rc;
}

static int rule14(ctx *c, lt_error *err)
{
	return sql_findings(
	    c, LT_SEV_ERROR,
	    "SELECT " REC_OBJ
	    ", lt_tr('văn bản đi đã bị thu hồi (', 'recalled outgoing record (') ||"
	    " substr(l.created_at, 1, 10) || lt_tr(') nhưng vẫn bị sửa: ', ') but was edited: ')"
	    " || h.field || lt_tr(' lúc ', ' at ') || h.at"
	    " FROM record_links l JOIN records r ON r.id = l.to_record_id"
	    " JOIN record_history h ON h.record_id = r.id"
	    " WHERE l.kind = 'recalls' AND r.kind = 'outgoing' AND h.at > l.created_at UNION ALL"
	    " SELECT " REC_OBJ
	    ", lt_tr('văn bản đến đã bị thu hồi (', 'recalled incoming record (') ||"
	    " substr(l.created_at, 1, 10) || lt_tr(') nhưng chưa được hủy', ') but is not"
	    " destroyed')"
	    " FROM record_links l JOIN records r ON r.id = l.to_record_id"
	    " WHERE l.kind = 'recalls' AND r.kind = 'incoming'"
	    " AND r.status NOT IN ('destroyed','deleted')",
	    err);
}

/* ---- processing and tasks (12, 13) -------------------------------------- */

static int rule12(ctx *c, lt_error *err)
{
	return sql_findings(
	    c, LT_SEV_ERROR,
	    "SELECT " REC_OBJ
	    ", lt_tr('giao cho nhiều đơn vị nhưng có ', 'routed to several units but has ') ||"
	    " count(DISTINCT t.lead_unit) || lt_tr(' đơn vị chủ trì', ' lead units') || CASE"
	    " WHEN sum(t.due_date IS NULL) > 0 THEN lt_tr(', thiếu thời hạn', ', a deadline is"
	    " missing') ELSE '' END"
	    " FROM tasks t JOIN records r ON r.id = t.record_id"
	    " WHERE t.status <> 'cancelled' AND (?1 = 0"
	    " OR CAST(substr(COALESCE(r.arrival_date, r.issued_date), 1, 4) AS INTEGER) = ?1)"
	    " GROUP BY t.record_id"
	    " HAVING (count(DISTINCT COALESCE(t.lead_unit, '') || '|' || COALESCE(t.assignee, ''))"
	    " > 1 OR max(COALESCE(t.cooperating_units, '') <> ''))"
	    " AND (count(DISTINCT t.lead_unit) <> 1 OR sum(t.lead_unit IS NULL) > 0"
	    " OR sum(t.due_date IS NULL) > 0)",
	    err);
}

/* A record is handled when a task on it is done or a reply links to it. */
static int rule13(ctx *c, lt_error *err)
{
	return sql_findings(
	    c, LT_SEV_WARNING,
	    "SELECT " REC_OBJ
	    ", lt_tr('quá hạn giải quyết từ ', 'handling overdue since ') || r.due_date || ' (' ||"
	    " CAST(julianday(?2) - julianday(r.due_date) AS INTEGER) || lt_tr(' ngày)', ' days)')"
	    " FROM records r"
	    " WHERE r.kind = 'incoming' AND r.due_date IS NOT NULL AND r.due_date < ?2"
	    " AND r.status NOT IN ('deleted','destroyed') AND NOT (EXISTS (SELECT 1"
	    " FROM tasks x"
	    " WHERE x.record_id = r.id AND x.status = 'done') OR EXISTS (SELECT 1"
	    " FROM record_links l"
	    " WHERE l.to_record_id = r.id AND l.kind = 'reply_to')) AND (?1 = 0"
	    " OR CAST(substr(COALESCE(r.arrival_date, r.issued_date), 1, 4) AS INTEGER) = ?1)"
	    " UNION ALL SELECT " REC_OBJ
	    ", lt_tr('việc giao ', 'task ') || t.id || ' (' || COALESCE(t.lead_unit, t.assignee,"
	    " '?') || lt_tr(') quá hạn từ ', ') overdue since ') || t.due_date ||"
	    " COALESCE(lt_tr(', văn bản trả lời: ', ', reply: ') || (SELECT q.code_number || '/'"
	    " || q.code_notation"
	    " FROM records q"
	    " WHERE q.id = t.reply_record_id), '')"
	    " FROM tasks t JOIN records r ON r.id = t.record_id"
	    " WHERE t.due_date IS NOT NULL AND t.due_date < ?2"
	    " AND t.status IN ('open','in_progress') AND (?1 = 0"
	    " OR CAST(substr(COALESCE(r.arrival_date, r.issued_date), 1, 4) AS INTEGER) = ?1)",
	    err);
}

/* ---- dossiers and catalog (15–24, 26) ----------------------------------- */

static int rule15(ctx *c, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	char obj[64], cutoff[16];
	int rc, found = 0;

	/* The cut-off is agency policy: setting fileplan_cutoff (MM-DD),
	 * default 01-31 (REGULATIONS rule 15). */
	snprintf(cutoff, sizeof(cutoff), "%d-01-31", c->year_or_today);
	rc = lt_ret_prepare(c->cat, &st, "SELECT value FROM settings WHERE key = 'fileplan_cutoff'",
	                    err);
	if (rc)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(cutoff, sizeof(cutoff), "%d-%.5s", c->year_or_today,
		         (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	rc = lt_ret_prepare(
	    c->cat, &st,
	    "SELECT id, department, approved_by, issued_date FROM fileplans WHERE year = ?", err);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, c->year_or_today);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		const char *issued = (const char *)sqlite3_column_text(st, 3);
		found = 1;
		snprintf(
		    obj, sizeof(obj), "fileplan %lld (%s)", (long long)sqlite3_column_int64(st, 0),
		    sqlite3_column_text(st, 1) ? (const char *)sqlite3_column_text(st, 1) : "");
		if (sqlite3_column_type(st, 2) == SQLITE_NULL)
			rc = add(c, LT_SEV_ERROR, obj, "%s",
			         LT_TR("danh mục hồ sơ chưa được thủ trưởng phê duyệt",
			               "the dossier catalog is not approved by the head"));
		if (rc == 0 && (!issued || strncmp(issued, cutoff, 10) > 0))
			rc = add(c, LT_SEV_WARNING, obj,
			         LT_TR("danh mục ban hành ngày %s, sau hạn %s",
			               "the catalog was issued on %s, after the cut-off %s"),
			         issued ? issued : "?", cutoff);
	}
	sqlite3_finalize(st);
	if (rc == 0 && !found) {
		snprintf(obj, sizeof(obj), "fileplan %d", c->year_or_today);
		rc = add(c, LT_SEV_ERROR, obj,
		         LT_TR("chưa có danh mục hồ sơ năm %d", "no dossier catalog for %d"),
		         c->year_or_today);
	}
	return rc;
}

static int rule16(ctx *c, lt_error *err)
{
	return sql_findings(
	    c, LT_SEV_ERROR,
	    "SELECT 'fileplan_entry ' || e.id || ' (' || e.notation || ')', lt_tr('thiếu: ',"
	    " 'missing: ') || trim(CASE"
	    " WHEN e.heading_id IS NULL THEN lt_tr('đề mục, ', 'heading, ') ELSE '' END || CASE"
	    " WHEN e.maintenance IS NULL"
	    " AND e.retention_years IS NULL THEN lt_tr('thời hạn bảo quản, ', 'retention, ') ELSE"
	    " '' END || CASE"
	    " WHEN COALESCE(e.keeper, '') = '' THEN lt_tr('người lập', 'keeper') ELSE '' END, ', ')"
	    " FROM fileplan_entries e JOIN fileplans p ON p.id = e.fileplan_id"
	    " WHERE (?1 = 0 OR p.year = ?1) AND (e.heading_id IS NULL OR (e.maintenance IS NULL"
	    " AND e.retention_years IS NULL) OR COALESCE(e.keeper, '') = '') UNION ALL"
	    /* The schedule rule an entry follows: present, and the same retention. */
	    " SELECT 'fileplan_entry ' || e.id || ' (' || e.notation || ')', CASE"
	    " WHEN r.code IS NULL THEN lt_tr('quy tắc không có trong bảng thời hạn bảo quản: ',"
	    " 'rule not in the retention schedule: ') || e.retention_rule"
	    " ELSE lt_tr('thời hạn ', 'retention ') || coalesce(e.retention_label, '?') ||"
	    " lt_tr(' khác bảng thời hạn bảo quản, quy tắc ', ' differs from the retention"
	    " schedule, rule ') || r.code END"
	    " FROM fileplan_entries e JOIN fileplans p ON p.id = e.fileplan_id"
	    " LEFT JOIN retention_rules r ON r.code = e.retention_rule"
	    " WHERE e.retention_rule IS NOT NULL AND (?1 = 0 OR p.year = ?1)"
	    " AND (r.code IS NULL OR r.maintenance IS NOT e.maintenance"
	    " OR coalesce(r.years, -1) <> coalesce(e.retention_years, -1)"
	    " OR coalesce(r.event, '') <> coalesce(e.retention_event, ''))",
	    err);
}

/* NN.ABBR: two or more digits, a dot, letters/digits (Đ allowed) and '-'. */
static int notation_ok(const char *s, long *number)
{
	const char *p = s;
	size_t digits = 0;

	while (*p >= '0' && *p <= '9') {
		p++;
		digits++;
	}
	if (digits < 2 || *p != '.' || !p[1])
		return 0;
	*number = strtol(s, NULL, 10);
	for (p++; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-')
			continue;
		if (strncmp(p, "Đ", strlen("Đ")) == 0) {
			p += strlen("Đ") - 1;
			continue;
		}
		return 0;
	}
	return 1;
}

static int rule17(ctx *c, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t plan = -1, group = -1;
	long expect = 1;
	int rc = lt_ret_prepare(
	    c->cat, &st,
	    "SELECT p.id, p.numbering, e.id, e.notation, COALESCE((WITH RECURSIVE up(id, parent)"
	    " AS (SELECT id, parent_id"
	    " FROM fileplan_headings"
	    " WHERE id = e.heading_id UNION ALL SELECT h.id, h.parent_id"
	    " FROM fileplan_headings h JOIN up ON h.id = up.parent) SELECT id"
	    " FROM up"
	    " WHERE parent IS NULL), 0)"
	    " FROM fileplan_entries e JOIN fileplans p ON p.id = e.fileplan_id"
	    " WHERE (?1 = 0 OR p.year = ?1)"
	    " ORDER BY p.id, CASE p.numbering"
	    " WHEN 'per_heading' THEN 5 ELSE 0 END, CAST(e.notation AS INTEGER)",
	    err);

	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, c->opts->year);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		int64_t p = sqlite3_column_int64(st, 0), top = sqlite3_column_int64(st, 4);
		int per_heading =
		    strcmp((const char *)sqlite3_column_text(st, 1), "per_heading") == 0;
		const char *notation = (const char *)sqlite3_column_text(st, 3);
		char obj[160];
		long n = 0;

		snprintf(obj, sizeof(obj), "fileplan_entry %lld (%s)",
		         (long long)sqlite3_column_int64(st, 2), notation);
		if (p != plan || (per_heading && top != group)) {
			plan = p;
			group = top;
			expect = 1;
		}
		if (!notation_ok(notation, &n)) {
			rc = add(c, LT_SEV_ERROR, obj,
			         LT_TR("số và ký hiệu hồ sơ sai dạng NN.KÝ_HIỆU: '%s'",
			               "dossier number and notation is not NN.ABBR: '%s'"),
			         notation);
			continue;
		}
		if (n != expect && !per_heading)
			rc = add(c, LT_SEV_WARNING, obj,
			         LT_TR("số hồ sơ %ld, cần %ld (đánh số liên tục toàn danh mục)",
			               "dossier number %ld, expected %ld (continuous numbering)"),
			         n, expect);
		else if (n != expect)
			rc = add(c, LT_SEV_WARNING, obj,
			         LT_TR("số hồ sơ %ld, cần %ld (đánh số lại theo từng đề mục lớn)",
			               "dossier number %ld, expected %ld (numbering restarts per "
			               "top-level heading)"),
			         n, expect);
		expect = n + 1;
	}
	sqlite3_finalize(st);
	return rc;
}

/* The footer recorded when the catalog was finalised (archive/fileplan.h)
 * against the rows; a catalog never finalised has no footer to compare. */
static int rule18(ctx *c, lt_error *err)
{
	int rc = sql_findings(
	    c, LT_SEV_ERROR,
	    "WITH n AS (SELECT p.id, p.year, p.department, p.footer_total AS ft,"
	    " p.footer_permanent AS fp, p.footer_fixed_term AS ff, count(e.id) AS total,"
	    " count(e.id) FILTER (WHERE e.maintenance = '01') AS perm"
	    " FROM fileplans p LEFT JOIN fileplan_entries e ON e.fileplan_id = p.id"
	    " WHERE p.finalized_at IS NOT NULL AND (?1 = 0 OR p.year = ?1)"
	    " GROUP BY p.id) SELECT 'fileplan ' || n.id || ' (' || n.year ||"
	    " CASE WHEN n.department <> '' THEN ', ' || n.department ELSE '' END || ')',"
	    " lt_tr('dòng tổng kết ghi ', 'the footer says ') || COALESCE(n.ft, '?') ||"
	    " lt_tr(' hồ sơ (', ' dossiers (') || COALESCE(n.fp, '?') ||"
	    " lt_tr(' vĩnh viễn, ', ' permanent, ') || COALESCE(n.ff, '?') ||"
	    " lt_tr(' có thời hạn) nhưng danh mục có ', ' fixed-term) but the catalog has ') ||"
	    " n.total || lt_tr(' hồ sơ (', ' dossiers (') || n.perm ||"
	    " lt_tr(' vĩnh viễn, ', ' permanent, ') || (n.total - n.perm) ||"
	    " lt_tr(' có thời hạn)', ' fixed-term)')"
	    " FROM n"
	    " WHERE n.ft IS NOT n.total OR n.fp IS NOT n.perm OR n.ff IS NOT n.total - n.perm"
	    " UNION ALL SELECT 'fileplan ' || n.id || ' (' || n.year || ')',"
	    " lt_tr('dòng tổng kết tự mâu thuẫn: tổng ', 'the footer contradicts itself: total ')"
	    " || n.ft || ' <> ' || n.fp || ' + ' || n.ff"
	    " FROM n"
	    " WHERE n.ft IS NOT n.fp + n.ff",
	    err);
	if (rc == 0)
		rc = sql_findings(
		    c, LT_SEV_WARNING,
		    "SELECT 'fileplan ' || p.id || ' (' || p.year || CASE WHEN p.department <> ''"
		    " THEN ', ' || p.department ELSE '' END || ')', lt_tr('danh mục chưa chốt"
		    " (chưa phê duyệt, ban hành): chưa ghi dòng tổng kết để đối chiếu — luutru"
		    " catalog finalize', 'the catalog is not finalised (approved and issued): no"
		    " footer is recorded to compare — luutru catalog finalize')"
		    " FROM fileplans p"
		    " WHERE p.finalized_at IS NULL AND (?1 = 0 OR p.year = ?1)",
		    err);
	return rc;
}

static int rule19(ctx *c, lt_error *err)
{
	return sql_findings(
	    c, LT_SEV_ERROR,
	    "SELECT " DOS_OBJ ", CASE WHEN d.maintenance IS NULL"
	    " AND d.retention_years IS NULL THEN lt_tr('chưa có thời hạn bảo quản', 'no retention"
	    " period') WHEN d.maintenance IS NOT NULL"
	    " AND d.maintenance NOT IN ('01','02','03','04','05','06','07') THEN lt_tr('mã thời"
	    " hạn bảo quản không hợp lệ: ', 'invalid retention code: ') || d.maintenance ELSE"
	    " lt_tr('mã 07 (Khác) nhưng không ghi số năm hay sự kiện', 'code 07 (other) without a "
	    "number of"
	    " years or event') END"
	    " FROM dossiers d"
	    " WHERE (?1 = 0 OR d.year = ?1) AND ( (d.maintenance IS NULL"
	    " AND d.retention_years IS NULL) OR (d.maintenance IS NOT NULL"
	    " AND d.maintenance NOT IN ('01','02','03','04','05','06','07'))"
	    " OR (d.maintenance = '07' AND coalesce(d.retention_years, 0) = 0"
	    " AND coalesce(d.retention_event, '') = ''))",
	    err);
}

static int rule20(ctx *c, lt_error *err)
{
	return sql_findings(
	    c, LT_SEV_WARNING,
	    "SELECT " REC_OBJ
	    ", lt_tr('văn bản chưa thuộc hồ sơ nào', 'record belongs to no dossier')"
	    " FROM records r"
	    " WHERE r.status NOT IN ('deleted') AND NOT EXISTS (SELECT 1"
	    " FROM dossier_records x"
	    " WHERE x.record_id = r.id) AND (?1 = 0"
	    " OR CAST(substr(COALESCE(r.issued_date, r.created_at), 1, 4) AS INTEGER) = ?1)",
	    err);
}

static int rule21(ctx *c, lt_error *err)
{
	/* Ordinals 1..n in date order; DocTotal = n; PageTotal = Σ pages. */
	return sql_findings(
	    c, LT_SEV_ERROR,
	    "WITH s AS (SELECT d.id, count(x.record_id) AS n, COALESCE(max(x.ordinal), 0) AS mx,"
	    " count(DISTINCT x.ordinal) AS nd, COALESCE(sum(r.page_count), 0) AS pages"
	    " FROM dossiers d LEFT JOIN dossier_records x ON x.dossier_id = d.id LEFT"
	    " JOIN records r ON r.id = x.record_id"
	    " WHERE (?1 = 0 OR d.year = ?1)"
	    " GROUP BY d.id) SELECT " DOS_OBJ
	    ", lt_tr('số thứ tự văn bản không liên tục 1..', 'document ordinals are not continuous"
	    " 1..') || s.n || lt_tr(' (lớn nhất ', ' (highest ') || s.mx || ')'"
	    " FROM s JOIN dossiers d ON d.id = s.id"
	    " WHERE s.mx <> s.n OR s.nd <> s.n UNION ALL SELECT " DOS_OBJ
	    ", lt_tr('tổng số văn bản ghi ', 'document total says ') || d.doc_total || lt_tr(',"
	    " thực tế ', ', actual ') || s.n"
	    " FROM s JOIN dossiers d ON d.id = s.id"
	    " WHERE d.doc_total <> s.n UNION ALL SELECT " DOS_OBJ
	    ", lt_tr('tổng số trang ghi ', 'page total says ') || d.page_total || lt_tr(', thực tế"
	    " ', ', actual ') || s.pages"
	    " FROM s JOIN dossiers d ON d.id = s.id"
	    " WHERE d.page_total <> s.pages UNION ALL SELECT " DOS_OBJ
	    ", lt_tr('văn bản số ', 'document no. ') || a.ordinal || ' (' || ra.issued_date ||"
	    " lt_tr(') muộn hơn văn bản số ', ') is later than document no. ') || b.ordinal || '"
	    " (' || rb.issued_date || lt_tr('): thứ tự không theo thời gian', '): not in date"
	    " order')"
	    " FROM dossier_records a JOIN dossier_records b ON b.dossier_id = a.dossier_id"
	    " AND b.ordinal = a.ordinal + 1 JOIN records ra ON ra.id = a.record_id"
	    " JOIN records rb ON rb.id = b.record_id JOIN dossiers d ON d.id = a.dossier_id"
	    " WHERE (?1 = 0 OR d.year = ?1) AND ra.issued_date > rb.issued_date",
	    err);
}

static int rule22(ctx *c, lt_error *err)
{
	return sql_findings(
	    c, LT_SEV_ERROR,
	    "SELECT " DOS_OBJ
	    ", lt_tr('hồ sơ đã đóng nhưng thiếu: ', 'closed dossier lacks: ') || rtrim( CASE"
	    " WHEN d.end_date IS NULL THEN lt_tr('ngày kết thúc, ', 'end date, ') ELSE '' END ||"
	    " CASE"
	    " WHEN d.start_date IS NULL THEN lt_tr('ngày bắt đầu, ', 'start date, ') ELSE '' END ||"
	    " CASE WHEN d.maintenance IS NULL"
	    " AND d.retention_years IS NULL THEN lt_tr('thời hạn bảo quản, ', 'retention, ') ELSE"
	    " '' END || CASE"
	    " WHEN d.mode IS NULL THEN lt_tr('chế độ sử dụng, ', 'access mode, ') ELSE '' END ||"
	    " CASE WHEN d.language IS NULL THEN lt_tr('ngôn ngữ, ', 'language, ') ELSE '' END ||"
	    " CASE"
	    " WHEN d.risk_recovery IS NULL THEN lt_tr('chế độ dự phòng, ', 'backup regime, ') ELSE"
	    " '' END || CASE"
	    " WHEN COALESCE(d.creator, '') = '' THEN lt_tr('người lập, ', 'creator, ') ELSE ''"
	    " END, ', ')"
	    " FROM dossiers d"
	    " WHERE d.status IN ('closed','archived','transferred') AND (?1 = 0 OR d.year = ?1)"
	    " AND (d.end_date IS NULL OR d.start_date IS NULL OR (d.maintenance IS NULL"
	    " AND d.retention_years IS NULL) OR d.mode IS NULL OR d.language IS NULL"
	    " OR d.risk_recovery IS NULL OR COALESCE(d.creator, '') = '')",
	    err);
}

/* Retention ≥ 5 years or permanent, as SQL over dossier d. */
#define MUST_DEPOSIT                                                                               \
	"(d.maintenance IN ('01','02','03','04','05','06')"                                        \
	" OR (COALESCE(d.maintenance, '07') = '07' AND d.retention_years >= 5))"

static int rule24(ctx *c, lt_error *err)
{
	c->partial_note = LT_TR(
	    "hồ sơ XDCB (3 tháng sau quyết toán) chưa phân biệt được trong dữ liệu; áp dụng hạn "
	    "1 năm cho mọi hồ sơ",
	    "construction (XDCB) dossiers (3 months after settlement) are not distinguished in "
	    "the data; the 1-year deadline is applied to all");
	return sql_findings(
	    c, LT_SEV_ERROR,
	    "SELECT " DOS_OBJ
	    ", lt_tr('quá hạn nộp lưu cơ quan: kết thúc ', 'overdue for the agency archive: ended"
	    " ') || d.end_date || lt_tr(', hạn ', ', due ') || date(d.end_date, '+1 year')"
	    " FROM dossiers d"
	    " WHERE d.status = 'closed' AND d.end_date IS NOT NULL AND " MUST_DEPOSIT
	    " AND date(d.end_date, '+1 year') < ?2 AND (?1 = 0 OR d.year = ?1) UNION ALL "
	    "SELECT " DOS_OBJ
	    ", lt_tr('nộp lưu muộn: ', 'deposited late: ') || substr(d.archived_at, 1, 10) ||"
	    " lt_tr(', hạn ', ', due ') || date(d.end_date, '+1 year')"
	    " FROM dossiers d"
	    " WHERE d.archived_at IS NOT NULL AND d.end_date IS NOT NULL AND " MUST_DEPOSIT
	    " AND substr(d.archived_at, 1, 10) > date(d.end_date, '+1 year') AND (?1 = 0 OR "
	    "d.year = ?1)",
	    err);
}

static int rule26(ctx *c, lt_error *err)
{
	/* Every deposit due within 30 days (or past) had an alert, raised at
	 * least 30 days ahead when the due date was still that far away. */
	return sql_findings(
	    c, LT_SEV_WARNING,
	    "SELECT " DOS_OBJ
	    ", lt_tr('không có cảnh báo đến hạn nộp lưu (hạn ', 'no due-for-deposit alert (due ')"
	    " || date(d.end_date, '+1 year') || ')'"
	    " FROM dossiers d"
	    " WHERE d.status = 'closed' AND d.end_date IS NOT NULL AND " MUST_DEPOSIT
	    " AND date(d.end_date, '+1 year') <= date(?2, '+30 days') AND (?1 = 0 OR d.year = ?1)"
	    " AND NOT EXISTS (SELECT 1"
	    " FROM retention_alerts a"
	    " WHERE a.dossier_id = d.id AND a.kind = 'deposit') UNION ALL SELECT " DOS_OBJ
	    ", lt_tr('cảnh báo nộp lưu phát ra ', 'deposit alert raised ') || substr(a.raised_at,"
	    " 1, 10) || lt_tr(', chưa đủ 30 ngày trước hạn ', ', less than 30 days before the due"
	    " date ') || a.due_date"
	    " FROM retention_alerts a JOIN dossiers d ON d.id = a.dossier_id"
	    " WHERE a.kind = 'deposit'"
	    " AND substr(a.raised_at, 1, 10) > date(a.due_date, '-30 days')"
	    " AND date(a.due_date, '-30 days') >= substr(d.closed_at, 1, 10) AND (?1 = 0"
	    " OR d.year = ?1)",
	    err);
}

/* ---- retention and destruction (29, 33) --------------------------------- */

/* Expiry = the base year + N: the year the work ended, or for a retention
 * counted from an event the year the event happened (NULL until its date
 * is recorded, so the expiry stays empty). */
static int rule29(ctx *c, lt_error *err)
{
	return sql_findings(
	    c, LT_SEV_ERROR,
	    "WITH y AS (SELECT d.id, CASE d.maintenance WHEN '01' THEN -1 WHEN '02' THEN 70"
	    " WHEN '03' THEN 50 WHEN '04' THEN 30 WHEN '05' THEN 20"
	    " WHEN '06' THEN 10 ELSE d.retention_years END AS n,"
	    " CASE WHEN coalesce(d.retention_event, '') <> ''"
	    " THEN CAST(substr(d.retention_event_date, 1, 4) AS INTEGER)"
	    " ELSE CAST(substr(d.end_date, 1, 4) AS INTEGER) END AS base"
	    " FROM dossiers d) SELECT " DOS_OBJ ", CASE"
	    " WHEN y.n = -1 THEN lt_tr('hồ sơ vĩnh viễn có năm hết hạn ', 'permanent dossier has"
	    " expiry year ') || d.expiry_year ELSE lt_tr('năm hết hạn ', 'expiry year ') ||"
	    " COALESCE(d.expiry_year, lt_tr('trống', 'empty')) || lt_tr(', cần ', ', expected ')"
	    " || COALESCE(y.base + y.n, lt_tr('trống (chờ ngày của sự kiện)', 'empty (waiting"
	    " for the event''s date)')) END"
	    " FROM dossiers d JOIN y ON y.id = d.id"
	    " WHERE d.status IN ('closed','archived') AND d.end_date IS NOT NULL"
	    " AND y.n IS NOT NULL AND (?1 = 0 OR d.year = ?1) AND ( (y.n = -1"
	    " AND d.expiry_year IS NOT NULL) OR (y.n >= 0 AND d.expiry_year IS NOT (y.base +"
	    " y.n))) UNION ALL"
	    " SELECT " DOS_OBJ
	    ", lt_tr('hồ sơ bị hủy trước khi hết hạn (năm hết hạn ', 'dossier destroyed before"
	    " expiry (expiry year ') || d.expiry_year || ')'"
	    " FROM dossiers d"
	    " WHERE d.status = 'destroyed' AND d.expiry_year IS NOT NULL"
	    " AND CAST(substr(d.destroyed_at, 1, 4) AS INTEGER) <= d.expiry_year",
	    err);
}

static int rule28(ctx *c, lt_error *err)
{
	static const char SQL[] =
	    "WITH h AS (SELECT d.*, (CAST(substr(d.archived_at, 1, 4) AS INTEGER) + 5) || '-12-31'"
	    " AS due"
	    " FROM dossiers d"
	    " WHERE (?1 = 0 OR d.year = ?1)) SELECT " DOS_OBJ
	    ", lt_tr('hồ sơ vĩnh viễn quá hạn nộp lưu lịch sử (vào lưu trữ cơ quan ', 'permanent"
	    " dossier overdue for the historical archive (entered the agency archive ') ||"
	    " substr(d.archived_at, 1, 10) || lt_tr(', hạn ', ', due ') || d.due || ')'"
	    " FROM h d"
	    " WHERE d.status = 'archived' AND d.maintenance = '01' AND d.archived_at IS NOT NULL"
	    " AND d.due < ?2 UNION ALL SELECT " DOS_OBJ
	    ", lt_tr('hồ sơ nộp lưu lịch sử không có mã thời hạn 01: ', 'dossier in the historical"
	    " archive without retention code 01: ') || COALESCE(d.maintenance, lt_tr('trống',"
	    " 'empty'))"
	    " FROM h d"
	    " WHERE d.status = 'transferred' AND COALESCE(d.maintenance, '') <> '01'";

	return sql_findings(c, LT_SEV_ERROR, SQL, err);
}

/* Every part of a disposal case (rule 30): the list's explanation, the
 * decision, the council's minutes, the competent body's appraisal opinion,
 * the hand-over of the material and the destruction record. */
static int rule30(ctx *c, lt_error *err)
{
	return sql_findings(
	    c, LT_SEV_ERROR,
	    "SELECT 'disposition ' || b.id, lt_tr('thiếu: ', 'missing: ') || rtrim( CASE"
	    " WHEN COALESCE(b.explanation, '') = '' THEN lt_tr('thuyết minh, ', 'explanation, ')"
	    " ELSE '' END || CASE"
	    " WHEN COALESCE(b.decision_no, '') = '' THEN lt_tr('quyết định hủy, ', 'destruction"
	    " decision, ') ELSE '' END || CASE"
	    " WHEN COALESCE(b.council_minutes, '') = '' THEN lt_tr('biên bản hội đồng, ', 'council"
	    " minutes, ') ELSE '' END || CASE"
	    " WHEN COALESCE(b.appraisal_opinion, '') = '' THEN lt_tr('ý kiến thẩm định, ',"
	    " 'appraisal opinion, ') ELSE '' END || CASE"
	    " WHEN COALESCE(b.handover_record, '') = '' THEN lt_tr('biên bản bàn giao tài liệu"
	    " hủy, ', 'hand-over record, ') ELSE '' END || CASE"
	    " WHEN COALESCE(b.report_html, '') = '' THEN lt_tr('biên bản hủy, ', 'destruction"
	    " record, ') ELSE '' END, ', ')"
	    " FROM disposition_batches b"
	    " WHERE b.status = 'executed' AND ( COALESCE(b.explanation, '') = ''"
	    " OR COALESCE(b.decision_no, '') = '' OR COALESCE(b.council_minutes, '') = ''"
	    " OR COALESCE(b.appraisal_opinion, '') = '' OR COALESCE(b.handover_record, '') = ''"
	    " OR COALESCE(b.report_html, '') = '') UNION ALL SELECT " REC_OBJ
	    ", lt_tr('văn bản đã hủy không thuộc danh sách tiêu hủy nào đã thực hiện', 'record"
	    " destroyed outside any executed destruction list')"
	    " FROM records r"
	    " WHERE r.status = 'destroyed' AND NOT EXISTS (SELECT 1"
	    " FROM dossier_records x JOIN disposition_items i ON i.dossier_id = x.dossier_id"
	    " JOIN disposition_batches b ON b.id = i.batch_id"
	    " WHERE x.record_id = r.id AND b.status = 'executed')",
	    err);
}

/* Every deposit to the agency archive has its list and hand-over record
 * (rule 27): an archived dossier came through a recorded deposit (whose
 * forms luutru prints from it), and the deposit's counts of dossiers and
 * files match what it holds. */
static int rule27(ctx *c, lt_error *err)
{
	return sql_findings(
	    c, LT_SEV_ERROR,
	    "SELECT " DOS_OBJ ", lt_tr('hồ sơ đã nộp lưu (', 'dossier deposited (') ||"
	    " substr(d.archived_at, 1, 10) || lt_tr(') không qua lần nộp lưu nào có mục lục và"
	    " biên bản giao nhận (luutru dossier archive)', ') outside any deposit with its list"
	    " and hand-over record (luutru dossier archive)')"
	    " FROM dossiers d"
	    " WHERE d.archived_at IS NOT NULL AND d.deposit_id IS NULL AND (?1 = 0 OR d.year = ?1)"
	    " UNION ALL SELECT 'deposit ' || p.id, lt_tr('biên bản giao nhận ghi ', 'the"
	    " hand-over record says ') || p.dossier_count || lt_tr(' hồ sơ, ', ' dossiers, ') ||"
	    " p.file_count || lt_tr(' tệp; thực tế ', ' files; actually ') || (SELECT count(*) FROM"
	    " dossiers d WHERE d.deposit_id = p.id) || lt_tr(' hồ sơ', ' dossiers')"
	    " FROM deposits p"
	    " WHERE p.dossier_count <> (SELECT count(*) FROM dossiers d WHERE d.deposit_id = p.id)"
	    " OR p.dossier_count = 0",
	    err);
}

static int rule31(ctx *c, lt_error *err)
{
	return sql_findings(
	    c, LT_SEV_WARNING,
	    "SELECT 'disposition ' || b.id, lt_tr('hủy ngày ', 'destroyed on ') ||"
	    " substr(b.executed_at, 1, 10) || ', ' || CAST(julianday(substr(b.executed_at, 1, 10))"
	    " - julianday(b.decision_date) AS INTEGER) || lt_tr(' ngày sau quyết định ', ' days"
	    " after decision ') || b.decision_no || lt_tr(' (tối đa 15)', ' (at most 15)')"
	    " FROM disposition_batches b"
	    " WHERE b.status = 'executed' AND b.decision_date IS NOT NULL"
	    " AND julianday(substr(b.executed_at, 1, 10)) - julianday(b.decision_date) > 15",
	    err);
}

static int rule33(ctx *c, lt_error *err)
{
	return sql_findings(
	    c, LT_SEV_ERROR,
	    "SELECT " DOS_OBJ
	    ", lt_tr('hồ sơ vĩnh viễn nằm trong danh sách tiêu hủy ', 'permanent dossier on"
	    " destruction list ') || i.batch_id"
	    " FROM disposition_items i JOIN dossiers d ON d.id = i.dossier_id"
	    " WHERE d.maintenance = '01' OR (d.maintenance IS NULL AND d.retention_years IS NULL"
	    " AND d.retention_label LIKE 'V%nh vi%n') UNION ALL SELECT " DOS_OBJ
	    ", lt_tr('hồ sơ đã hủy nhưng không có danh sách tiêu hủy đã thực hiện', 'dossier"
	    " destroyed without an executed destruction list')"
	    " FROM dossiers d"
	    " WHERE d.status = 'destroyed' AND NOT EXISTS (SELECT 1"
	    " FROM disposition_items i JOIN disposition_batches b ON b.id = i.batch_id"
	    " WHERE i.dossier_id = d.id AND b.status = 'executed') UNION ALL"
	    " SELECT 'disposition ' || b.id, lt_tr('tiêu hủy không có nhật ký kiểm toán',"
	    " 'destruction without an audit entry')"
	    " FROM disposition_batches b"
	    " WHERE b.status = 'executed' AND NOT EXISTS (SELECT 1"
	    " FROM audit_log a"
	    " WHERE a.object = 'disposition:' || b.id AND a.action = 'disposition.execute')",
	    err);
}

/* ---- digitisation and files (34, 36–38) --------------------------------- */

/* Records in scope of rules 34 and 35: digitised, live, of the year; and
 * for each its digitised file: the archival copy (luutru's searchable
 * PDF/A, signed by the agency), else an original PDF. */
#define DIGITISED_CTE                                                                              \
	"WITH dig AS (SELECT r.* FROM records r"                                                   \
	" WHERE (r.kind = 'scanned' OR r.confidence_level = '02')"                                 \
	" AND r.status NOT IN ('deleted','destroyed') AND (?1 = 0"                                 \
	" OR CAST(substr(COALESCE(r.issued_date, r.created_at), 1, 4) AS INTEGER) = ?1)),"         \
	" digfile AS (SELECT r.id AS record_id, (SELECT f.sha256 FROM record_files f"              \
	" WHERE f.record_id = r.id AND (f.role = 'searchable_pdf' OR (f.role = 'original'"         \
	" AND f.media_type = 'application/pdf')) ORDER BY f.role = 'searchable_pdf' DESC,"         \
	" f.created_at DESC LIMIT 1) AS sha256 FROM dig r)"
#define MIN_DPI_OF(r) "CASE WHEN " r ".type_name IN ('30','31') THEN 300 ELSE 200 END"

static int rule34(ctx *c, lt_error *err)
{
	static const char SQL[] = DIGITISED_CTE
	    " SELECT " REC_OBJ
	    ", lt_tr('trang ', 'page ') || p.page_no || lt_tr(' quét ', ' scanned at ') || p.dpi"
	    " || lt_tr(' dpi, cần ≥ ', ' dpi, needs ≥ ') || " MIN_DPI_OF(
	        "r") " FROM pages p JOIN dig r ON r.id = p.record_id"
	             " WHERE p.dpi IS NOT NULL AND p.dpi > 0 AND p.source <> 1 AND p.dpi "
	             "< " MIN_DPI_OF(
	                 "r") " UNION ALL SELECT " REC_OBJ ", lt_tr('bản số hóa chưa có lớp văn "
	                      "bản (OCR)', 'digitised copy has no text"
	                      " layer (OCR)')"
	                      " FROM dig r"
	                      " WHERE NOT EXISTS (SELECT 1"
	                      " FROM pages p"
	                      " WHERE p.record_id = r.id AND p.text <> '') UNION ALL "
	                      "SELECT " REC_OBJ ", lt_tr('bản số hóa chưa có tệp PDF lưu trữ', "
	                      "'digitised copy has no archival"
	                      " PDF')"
	                      " FROM dig r JOIN digfile d ON d.record_id = r.id WHERE d.sha256 IS "
	                      "NULL"
	                      /* the file's own facts (file_formats, read when the copy was made) */
	                      " UNION ALL SELECT " REC_OBJ ", lt_tr('tệp số hóa không phải PDF/A "
	                      "(không có định danh pdfaid)', 'the"
	                      " digitised file is not PDF/A (no pdfaid identification)')"
	                      " FROM dig r JOIN digfile d ON d.record_id = r.id"
	                      " JOIN file_formats x ON x.sha256 = d.sha256 WHERE x.pdfa IS NULL"
	                      " UNION ALL SELECT " REC_OBJ ", lt_tr('ảnh trong tệp số hóa chỉ có "
	                      "', 'an image of the digitised file has"
	                      " only ') || x.min_ppi || lt_tr(' dpi, cần ≥ ', ' dpi, needs ≥ ') "
	                      "|| " MIN_DPI_OF(
	                          "r") " FROM dig r JOIN digfile d ON d.record_id = r.id"
	                               " JOIN file_formats x ON x.sha256 = d.sha256"
	                               " WHERE x.min_ppi IS NOT NULL AND x.min_ppi < " MIN_DPI_OF(
	                                   "r") " UNION ALL SELECT " REC_OBJ
	                                        ", lt_tr('tệp số hóa có phông chữ không được "
	                                        "nhúng', 'the"
	                                        " digitised file has fonts not embedded')"
	                                        " FROM dig r JOIN digfile d ON d.record_id = r.id"
	                                        " JOIN file_formats x ON x.sha256 = d.sha256"
	                                        " WHERE x.fonts_embedded < x.fonts"
	                                        " UNION ALL SELECT " REC_OBJ
	                                        ", lt_tr('tệp số hóa có ', 'the digitised file has "
	                                        "') || "
	                                        "(x.pages - x.text_pages) || lt_tr(' trang không "
	                                        "có lớp văn"
	                                        " bản', ' pages without a text layer')"
	                                        " FROM dig r JOIN digfile d ON d.record_id = r.id"
	                                        " JOIN file_formats x ON x.sha256 = d.sha256"
	                                        " WHERE x.text_pages < x.pages";
	/* colour: a warning, a grey or black-and-white original copied as it is */
	static const char COLOUR_SQL[] = DIGITISED_CTE
	    " SELECT " REC_OBJ
	    ", lt_tr('ảnh trong tệp số hóa là ', 'an image of the digitised file has ') ||"
	    " x.min_bits || lt_tr(' bit/điểm ảnh; NĐ 30 PL I yêu cầu ảnh màu (≥ 24 bit)',"
	    " ' bits per pixel; NĐ 30 PL I asks for colour (≥ 24 bits)')"
	    " FROM dig r JOIN digfile d ON d.record_id = r.id"
	    " JOIN file_formats x ON x.sha256 = d.sha256"
	    " WHERE x.min_bits IS NOT NULL AND x.min_bits < 24"
	    " UNION ALL SELECT " REC_OBJ
	    ", lt_tr('chưa đọc được đặc điểm của tệp số hóa (PDF/A, độ phân giải, màu)',"
	    " 'the digitised file''s facts (PDF/A, resolution, colour) were not read')"
	    " FROM dig r JOIN digfile d ON d.record_id = r.id WHERE d.sha256 IS NOT NULL"
	    " AND NOT EXISTS (SELECT 1 FROM file_formats x WHERE x.sha256 = d.sha256)";
	int rc;

	c->partial_note = LT_TR("tỷ lệ 100% không được lưu trong dữ liệu nên chưa kiểm tra được "
	                        "(luutru đặt ảnh trang đúng độ phân giải của nó)",
	                        "100% scale is not stored, so it is not checkable (luutru draws "
	                        "each page image at its own resolution)");
	rc = sql_findings(c, LT_SEV_ERROR, SQL, err);
	if (rc == 0)
		rc = sql_findings(c, LT_SEV_WARNING, COLOUR_SQL, err);
	return rc;
}

/* Rule 35: the digitised file carries the agency's signature, and it
 * verifies (archive/signatures: signature_checks of that file). */
static int rule35(ctx *c, lt_error *err)
{
	return sql_findings(
	    c, LT_SEV_ERROR,
	    DIGITISED_CTE
	    " SELECT " REC_OBJ
	    ", lt_tr('tệp số hóa chưa có chữ ký số của cơ quan', 'the digitised file has no"
	    " agency digital signature')"
	    " FROM dig r JOIN digfile d ON d.record_id = r.id"
	    " WHERE d.sha256 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM signature_checks k"
	    " WHERE k.record_id = r.id AND k.sha256 = d.sha256 AND k.signatures > 0)"
	    " UNION ALL SELECT " REC_OBJ
	    ", lt_tr('chữ ký số trên tệp số hóa không hợp lệ: ', 'the digital signature of the"
	    " digitised file is not valid: ') || k.result"
	    " FROM dig r JOIN digfile d ON d.record_id = r.id JOIN signature_checks k"
	    " ON k.record_id = r.id AND k.sha256 = d.sha256"
	    " WHERE k.signatures > 0 AND k.result <> 'valid'",
	    err);
}

/* Rule 8, the part the signatures make checkable: an outgoing electronic
 * document is numbered (released) at most one working day after its
 * signer signed it (the file's first digital signature). The weekend does
 * not count; public holidays are not known. */
static int rule8(ctx *c, lt_error *err)
{
	c->partial_note = LT_TR("chỉ kiểm tra văn bản đi điện tử có chữ ký số: từ lúc người có "
	                        "thẩm quyền ký số đến lúc cấp số; thời điểm nhận văn bản đến và "
	                        "hạn của văn bản khẩn chưa có trong dữ liệu; ngày lễ không trừ",
	                        "checked for outgoing electronic documents with a digital "
	                        "signature only: from the signer's digital signature to numbering; "
	                        "receipt times of incoming documents and urgent deadlines are not "
	                        "in the data; public holidays are not subtracted");
	return sql_findings(
	    c, LT_SEV_WARNING,
	    "SELECT " REC_OBJ ", lt_tr('cấp số ngày ', 'numbered on ') || x.reg ||"
	    " lt_tr(', quá 1 ngày làm việc sau khi ký số ngày ', ', more than 1 working day"
	    " after it was signed on ') || x.signed"
	    " FROM (SELECT r.*, date(e.registered_at, '+7 hours') AS reg,"
	    " date(s.signing_time, '+7 hours') AS signed"
	    " FROM records r JOIN register_entries e ON e.record_id = r.id"
	    " AND e.void_reason IS NULL JOIN registers g ON g.id = e.register_id"
	    " AND g.direction = 'outgoing' JOIN signature_checks k ON k.record_id = r.id"
	    " AND k.origin = 'incoming' JOIN signatures s ON s.check_id = k.id AND s.seq = 1"
	    " AND s.signing_time IS NOT NULL WHERE r.kind = 'outgoing' AND (?1 = 0"
	    " OR CAST(substr(COALESCE(r.issued_date, r.created_at), 1, 4) AS INTEGER) = ?1)) x"
	    " JOIN records r ON r.id = x.id"
	    " WHERE julianday(x.reg) - julianday(x.signed) > CASE strftime('%w', x.signed)"
	    " WHEN '5' THEN 3 WHEN '6' THEN 2 ELSE 1 END",
	    err);
}

/* Rule 10: every incoming electronic document (kind incoming, not a
 * digitised paper copy, its file not an image) has its signature check
 * recorded, and before it was registered. */
static int rule10(ctx *c, lt_error *err)
{
#define EDOC_IN                                                                                    \
	"WITH ein AS (SELECT r.*, f.sha256 AS file_sha FROM records r JOIN record_files f"         \
	" ON f.record_id = r.id AND f.role = 'original'"                                           \
	" WHERE r.kind = 'incoming' AND COALESCE(r.confidence_level, '') <> '02'"                  \
	" AND f.media_type NOT LIKE 'image/%' AND r.status NOT IN ('deleted','destroyed')"         \
	" AND (?1 = 0 OR CAST(substr(COALESCE(r.issued_date, r.created_at), 1, 4) AS INTEGER) ="   \
	" ?1))"
	int rc = sql_findings(
	    c, LT_SEV_ERROR,
	    EDOC_IN
	    " SELECT " REC_OBJ
	    ", lt_tr('văn bản điện tử đến chưa được kiểm tra chữ ký số', 'incoming electronic"
	    " document without a recorded signature check')"
	    " FROM ein r WHERE NOT EXISTS (SELECT 1 FROM signature_checks k"
	    " WHERE k.record_id = r.id AND k.sha256 = r.file_sha)"
	    " UNION ALL SELECT " REC_OBJ
	    ", lt_tr('chữ ký số được kiểm tra lúc ', 'the signature was checked at ') ||"
	    " k.checked_at || lt_tr(', sau khi đăng ký lúc ', ', after registration at ') ||"
	    " e.registered_at"
	    " FROM ein r JOIN signature_checks k ON k.record_id = r.id AND k.sha256 = r.file_sha"
	    " JOIN register_entries e ON e.record_id = r.id AND e.void_reason IS NULL"
	    /* a registration dated by day only: a check that day is not after it */
	    " WHERE substr(k.checked_at, 1, length(e.registered_at)) > e.registered_at",
	    err);
	if (rc == 0)
		rc = sql_findings(c, LT_SEV_WARNING,
		                  EDOC_IN
		                  " SELECT " REC_OBJ ", CASE k.result WHEN 'none' THEN lt_tr('văn "
		                  "bản điện tử đến không có chữ ký số',"
		                  " 'incoming electronic document without a digital signature')"
		                  " ELSE lt_tr('chữ ký số của văn bản đến: ', 'the incoming "
		                  "document''s signature: ')"
		                  " || k.result END"
		                  " FROM ein r JOIN signature_checks k ON k.record_id = r.id AND "
		                  "k.sha256 = r.file_sha"
		                  " WHERE k.result <> 'valid'",
		                  err);
	return rc;
#undef EDOC_IN
}

static int rule36(ctx *c, lt_error *err)
{
	return sql_findings(
	    c, LT_SEV_ERROR,
	    "SELECT " REC_OBJ
	    ", lt_tr('mã lưu trữ ', 'archive code ') || r.doc_code || lt_tr(' không có dạng ', '"
	    " does not have the form ') || r.file_code || '.NNNNNNN'"
	    " FROM records r"
	    " WHERE r.doc_code IS NOT NULL AND r.file_code IS NOT NULL"
	    " AND NOT (r.doc_code = r.file_code || '.' || substr(r.doc_code, length(r.file_code) +"
	    " 2) AND length(r.doc_code) = length(r.file_code) + 8"
	    " AND substr(r.doc_code, -7) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9]') UNION ALL"
	    " SELECT " REC_OBJ
	    ", lt_tr('số thứ tự trong mã lưu trữ ', 'the ordinal in the archive code ') ||"
	    " substr(r.doc_code, -7) || lt_tr(' khác số thứ tự văn bản ', ' differs from the"
	    " document ordinal ') || r.doc_ordinal"
	    " FROM records r"
	    " WHERE r.doc_code IS NOT NULL AND r.doc_ordinal IS NOT NULL"
	    " AND substr(r.doc_code, -7) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9]'"
	    " AND CAST(substr(r.doc_code, -7) AS INTEGER) <> r.doc_ordinal UNION ALL "
	    "SELECT " REC_OBJ
	    ", lt_tr('năm trong mã lưu trữ khác năm hồ sơ ', 'the year in the archive code differs"
	    " from the dossier year ') || d.year"
	    " FROM records r JOIN dossiers d ON d.file_code = r.file_code"
	    " WHERE r.doc_code IS NOT NULL AND instr(r.doc_code, '.' || d.year || '.') = 0"
	    " UNION ALL SELECT " REC_OBJ
	    ", lt_tr('tên tệp số hóa ', 'digitised file name ') || f.name || lt_tr(' không có dạng"
	    " ', ' does not have the form ') || r.file_code || '.N.pdf'"
	    " FROM record_files f JOIN records r ON r.id = f.record_id"
	    " WHERE f.role = 'original' AND f.media_type = 'application/pdf'"
	    " AND (r.kind = 'scanned' OR r.confidence_level = '02') AND r.file_code IS NOT NULL"
	    " AND f.name IS NOT NULL"
	    " AND NOT (substr(f.name, 1, length(r.file_code) + 1) = r.file_code || '.'"
	    " AND f.name LIKE '%.pdf' AND length(f.name) > length(r.file_code) + 5"
	    " AND substr(f.name, length(r.file_code) + 2, length(f.name) - length(r.file_code) -"
	    " 5) NOT GLOB '*[^0-9]*')",
	    err);
}

static int rule37(ctx *c, lt_error *err)
{
	return sql_findings(
	    c, LT_SEV_ERROR,
	    "SELECT " DOS_OBJ
	    ", lt_tr('hồ sơ số hóa (confidenceLevel 02) thiếu mã hồ sơ gốc giấy', 'digitised"
	    " dossier (confidenceLevel 02) lacks paperFileCode')"
	    " FROM dossiers d"
	    " WHERE d.confidence_level = '02' AND COALESCE(d.paper_file_code, '') = '' AND (?1 = 0"
	    " OR d.year = ?1) UNION ALL SELECT " DOS_OBJ
	    ", lt_tr('riskRecovery = 1 nhưng thiếu riskRecoveryStatus', 'riskRecovery = 1 but"
	    " riskRecoveryStatus is missing')"
	    " FROM dossiers d"
	    " WHERE d.risk_recovery = 1 AND COALESCE(d.risk_recovery_status, '') = '' AND (?1 = 0"
	    " OR d.year = ?1) UNION ALL SELECT " REC_OBJ
	    ", lt_tr('riskRecovery = 1 nhưng thiếu riskRecoveryStatus', 'riskRecovery = 1 but"
	    " riskRecoveryStatus is missing')"
	    " FROM records r"
	    " WHERE r.risk_recovery = 1 AND COALESCE(r.risk_recovery_status, '') = '' UNION ALL"
	    " SELECT " REC_OBJ
	    ", lt_tr('văn bản điện tử (confidenceLevel ', 'electronic record (confidenceLevel ')"
	    " || r.confidence_level || lt_tr(') thiếu thông tin quy trình xử lý (process)', ')"
	    " lacks the processing-log flag (process)')"
	    " FROM records r"
	    " WHERE r.confidence_level IN ('01','03') AND r.process IS NULL",
	    err);
}

static int rule38(ctx *c, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	c->partial_note = LT_TR("tổng kiểm METS của gói được kiểm khi nhập/kiểm tra gói, không "
	                        "lưu trong danh mục",
	                        "package METS checksums are checked when a package is imported or "
	                        "validated, not stored in the catalog");
	rc = sql_findings(
	    c, LT_SEV_WARNING,
	    "SELECT 'blob ' || b.sha256, lt_tr('tệp không được văn bản nào tham chiếu"
	    " (mồ côi)', 'file referenced by no record (orphan)')"
	    " FROM blobs b"
	    " WHERE NOT EXISTS (SELECT 1 FROM record_files f WHERE f.sha256 = b.sha256)"
	    /* The periodic fixity job (luutru verify --fixity) is audited as
	     * verify.fixity; the interval is agency policy, setting
	     * fixity_interval_days, default 365. */
	    " UNION ALL SELECT 'fixity', lt_tr('không có lần kiểm tra toàn vẹn (fixity)"
	    " nào trong ', 'no fixity run in the last ') || n.days || lt_tr(' ngày qua',"
	    " ' days') FROM (SELECT COALESCE((SELECT CAST(value AS INTEGER) FROM settings"
	    " WHERE key = 'fixity_interval_days'), 365) AS days) n"
	    " WHERE EXISTS (SELECT 1 FROM blobs) AND NOT EXISTS (SELECT 1 FROM audit_log a"
	    " WHERE a.action = 'verify.fixity'"
	    " AND julianday(?2) - julianday(substr(a.at, 1, 10)) <= n.days)",
	    err);
	if (rc || !c->opts->blobs)
		return rc;
	rc = lt_ret_prepare(c->cat, &st, "SELECT sha256 FROM blobs ORDER BY sha256", err);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		const char *sha = (const char *)sqlite3_column_text(st, 0);
		char obj[80];
		if (lt_blobstore_exists(c->opts->blobs, sha))
			continue;
		snprintf(obj, sizeof(obj), "blob %s", sha);
		rc = add(c, LT_SEV_ERROR, obj, "%s",
		         LT_TR("danh mục tham chiếu tệp không còn trong kho (tham chiếu treo)",
		               "the catalog references a file missing from the store (dangling)"));
	}
	sqlite3_finalize(st);
	return rc;
}

/* ---- preservation (40) -------------------------------------------------- */

static int rule40(ctx *c, lt_error *err)
{
	c->partial_note = LT_TR("tuổi thọ phương tiện lưu trữ và thử khôi phục chưa có trong dữ "
	                        "liệu; kiểm tra toàn bộ tài liệu xem quy tắc 38",
	                        "media life and restore tests are not in the model; the full "
	                        "holdings check is rule 38");
	return sql_findings(
	    c, LT_SEV_WARNING,
	    "SELECT 'backup', lt_tr('chưa có bản sao lưu đầy đủ trong 31 ngày qua',"
	    " 'no full backup in the last 31 days')"
	    " WHERE NOT EXISTS (SELECT 1 FROM backup_runs b WHERE b.kind = 'full'"
	    " AND b.finished_at IS NOT NULL"
	    " AND julianday(?2) - julianday(substr(b.finished_at, 1, 10)) <= 31)"
	    " UNION ALL SELECT 'backup', lt_tr('chưa có bản sao lưu (gia tăng hoặc đầy đủ) trong 1"
	    " ngày qua', 'no backup (incremental or full) in the last day')"
	    " WHERE NOT EXISTS (SELECT 1 FROM backup_runs b WHERE b.finished_at IS NOT NULL"
	    " AND julianday(?2) - julianday(substr(b.finished_at, 1, 10)) <= 1)"
	    " UNION ALL SELECT 'backup', lt_tr('chỉ có ', 'only ') || count(DISTINCT b.dir) ||"
	    " lt_tr(' nơi lưu bản sao; cần ít nhất 2 bộ trên phương tiện độc lập',"
	    " ' backup location(s); at least 2 sets on independent media are needed')"
	    " FROM backup_runs b WHERE b.finished_at IS NOT NULL HAVING count(DISTINCT b.dir) < 2",
	    err);
}

/* ---- access logging (42) ----------------------------------------------- */

/* The audit actions that record a person reading something: the HTTP API
 * writes view, download and export (object = a record's or dossier's uid,
 * or a named object such as "register DI/2026"); record.* and print are
 * accepted for other front ends. */
#define ACCESS_ACTIONS                                                                             \
	"('view','download','print','export','record.view','record.download',"                     \
	"'record.print','record.export')"
#define ACCESS_SCOPE                                                                               \
	" a.action IN " ACCESS_ACTIONS " AND (?1 = 0 OR CAST(substr(a.at, 1, 4) AS INTEGER) = ?1)"

static int rule42(ctx *c, lt_error *err)
{
	lt_audit_report rep = LT_AUDIT_REPORT_INIT;
	lt_error verr = LT_ERROR_INIT;
	int rc;

	c->partial_note =
	    LT_TR("kiểm tra: mỗi lượt xem/tải/in trong nhật ký ghi người dùng, thời điểm và đối "
	          "tượng (văn bản, hồ sơ được ghi vẫn còn), và chuỗi nhật ký không bị sửa/xóa; "
	          "lượt đọc không qua API HTTP (lệnh luutru show, đọc thẳng tệp) và dấu trên bản "
	          "in không có trong dữ liệu",
	          "checked: every logged view/download/print names a user, a time and an object "
	          "(a record or dossier it names still exists), and the log chain is intact; "
	          "reads not made through the HTTP API (the luutru show command, direct file "
	          "reads) and the mark on printouts are not in the data");
	rc = sql_findings(
	    c, LT_SEV_ERROR,
	    "SELECT 'audit ' || a.id, lt_tr('lượt ', 'the ') || a.action || lt_tr(' lúc ', ' at ')"
	    " || COALESCE(a.at, '?') || lt_tr(' không ghi người dùng', ' names no user')"
	    " FROM audit_log a"
	    " WHERE" ACCESS_SCOPE " AND (trim(COALESCE(a.who, '')) IN ('', '-')"
	    " OR a.who LIKE '-@%')"
	    " UNION ALL SELECT 'audit ' || a.id, lt_tr('lượt ', 'the ') || a.action ||"
	    " lt_tr(' không ghi thời điểm', ' has no time')"
	    " FROM audit_log a"
	    " WHERE a.action IN " ACCESS_ACTIONS " AND COALESCE(a.at, '') = ''"
	    " UNION ALL SELECT 'audit ' || a.id, lt_tr('lượt ', 'the ') || a.action ||"
	    " lt_tr(' lúc ', ' at ') || a.at || lt_tr(' không ghi đối tượng được xem',"
	    " ' names nothing viewed')"
	    " FROM audit_log a"
	    " WHERE" ACCESS_SCOPE " AND trim(COALESCE(a.object, '')) = ''",
	    err);
	/* The object of an access entry is a record's or dossier's uid (a
	 * UUID), "record:<id>", or another named object (a register, a
	 * catalog, a report, a transfer) that is not looked up. A uid or record
	 * id the catalog no longer has means the record left it outside the
	 * disposal procedure (destruction keeps a tombstone row). */
	if (rc == 0)
		rc = sql_findings(
		    c, LT_SEV_WARNING,
		    "SELECT 'audit ' || a.id, lt_tr('lượt ', 'the ') || a.action ||"
		    " lt_tr(' lúc ', ' at ') || a.at || lt_tr(' ghi văn bản/hồ sơ không còn trong"
		    " danh mục: ', ' names a record or dossier the catalog does not have: ') ||"
		    " a.object"
		    " FROM audit_log a"
		    " WHERE" ACCESS_SCOPE " AND ((length(a.object) = 36 AND lower(a.object) GLOB"
		    " '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-*-*-*-*'"
		    " AND NOT EXISTS (SELECT 1 FROM records r WHERE r.uid = a.object)"
		    " AND NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.uid = a.object))"
		    " OR (a.object GLOB 'record:[0-9]*' AND NOT EXISTS (SELECT 1 FROM records r"
		    " WHERE 'record:' || r.id = a.object)))",
		    err);
	if (rc)
		return rc;
	/* A changed or removed log row can hide a view: the chain must hold. */
	rc = lt_audit_verify(c->cat, &rep, &verr);
	if (rc == LT_ECORRUPT || rc == 0) {
		rc = 0;
		for (size_t i = 0; rc == 0 && i < rep.nproblems; i++) {
			char obj[48];
			snprintf(obj, sizeof(obj), "audit %lld", (long long)rep.problems[i].id);
			rc = add(c, LT_SEV_ERROR, obj, "%s (%s): %s",
			         LT_TR("nhật ký truy cập không còn nguyên vẹn",
			               "the access log is not intact"),
			         rep.problems[i].kind, rep.problems[i].message);
		}
	} else {
		rc = lt_error_set(err, verr.code ? verr.code : rc, "%s", verr.message);
	}
	lt_audit_report_clear(&rep);
	return rc;
}

/* ---- security (43) ------------------------------------------------------ */

static int rule43(ctx *c, lt_error *err)
{
	int64_t isolated = 0;
	/* The deployment's one isolation setting (luutru.conf, bound to the
	 * catalog: archive/catalog.h). */
	int rc = lt_ret_int(c->cat, "SELECT lt_isolated()", -1, &isolated, err);
	if (rc || isolated)
		return rc;
	return sql_findings(
	    c, LT_SEV_ERROR,
	    "SELECT " REC_OBJ
	    ", lt_tr('văn bản mật (độ mật ', 'secret record (secrecy ') || r.secrecy || lt_tr(',"
	    " chế độ ', ', mode ') || COALESCE(r.mode, '-') || lt_tr(') trên hệ thống không cách"
	    " ly', ') on a deployment that is not isolated')"
	    " FROM records r"
	    " WHERE (r.secrecy > 0 OR r.mode = '03') AND r.status NOT IN ('deleted','destroyed')"
	    " UNION ALL SELECT " DOS_OBJ
	    ", lt_tr('hồ sơ mật trên hệ thống không cách ly', 'secret dossier on a deployment that"
	    " is not isolated')"
	    " FROM dossiers d"
	    " WHERE (d.secrecy > 0 OR d.mode = '03')"
	    " AND d.status NOT IN ('destroyed','transferred')",
	    err);
}

/* ---- the list ----------------------------------------------------------- */

typedef int (*rule_fn)(ctx *c, lt_error *err);

static const struct rule_def {
	int id;
	const char *source;
	const char *title_vi, *title_en;
	rule_fn fn;                  /* NULL: not checkable */
	const char *why_vi, *why_en; /* why not checkable */
} RULES[] = {
    {1, "NĐ 30 Đ15.1", "Số văn bản đi duy nhất theo sổ và năm, bắt đầu từ 01",
     "Outgoing numbers unique per series and year, starting at 01", rule1, NULL, NULL},
    {2, "NĐ 30 Đ15.1, PL VI III.1.đ", "Số văn bản đi liên tục, không trùng, theo thứ tự ngày",
     "Outgoing numbers without gaps or duplicates, in date order", rule2, NULL, NULL},
    {3, "NĐ 30 Đ15.2", "Văn bản mật dùng sổ riêng", "Secret documents use a separate series", rule3,
     NULL, NULL},
    {4, "NĐ 30 Đ22.2; TT 01/2019", "Số đến duy nhất và liên tục theo năm",
     "Incoming numbers unique and consecutive per year", rule4, NULL, NULL},
    {5, "NĐ 30 PL VI III.1.h", "Không trùng mã định danh hoặc (số, ký hiệu, cơ quan ban hành)",
     "No duplicate identifier or (number, notation, issuing body)", rule5, NULL, NULL},
    {6, "NĐ 30 PL I II.3, PL III", "Dạng số, ký hiệu văn bản và chữ viết tắt tên loại",
     "Number/notation format and type abbreviation", rule6, NULL, NULL},
    {7, "NĐ 30 PL I II.4", "Dạng ngày tháng", "Date format", NULL,
     "ngày được lưu dạng ISO; dạng hiển thị do hệ thống sinh",
     "dates are stored as ISO; the displayed form is generated"},
    {8, "NĐ 30 Đ4.2.c, Đ18.1, Đ23.1", "Thời gian đăng ký văn bản", "Registration lag", rule8, NULL,
     NULL},
    {9, "NĐ 30 Đ21.2.c", "Thông báo đã nhận văn bản điện tử", "E-receipt acknowledgement", NULL,
     "chưa có dữ liệu thông báo nhận", "no acknowledgement data in the model"},
    {10, "NĐ 30 Đ21.2.a", "Kiểm tra chữ ký số trước khi đăng ký",
     "Signature check before registration", rule10, NULL, NULL},
    {11, "NĐ 30 Đ16.2.b, Đ22.3.b", "Đóng sổ đăng ký hằng năm", "Yearly register binding", NULL,
     "chưa có sự kiện in/đóng sổ", "no register export (binding) event in the model"},
    {12, "NĐ 30 Đ23.2", "Văn bản giao nhiều đơn vị có đúng một đơn vị chủ trì và thời hạn",
     "Documents routed to several units have exactly one lead unit and a deadline", rule12, NULL,
     NULL},
    {13, "NĐ 30 Đ24, PL IV", "Văn bản đến quá hạn giải quyết", "Overdue incoming documents", rule13,
     NULL, NULL},
    {14, "NĐ 30 Đ18.4, PL VI III.8",
     "Văn bản bị thu hồi: văn bản đi không bị sửa, văn bản đến được hủy",
     "Recalled documents: outgoing frozen, incoming destroyed", rule14, NULL, NULL},
    {15, "NĐ 30 Đ28", "Danh mục hồ sơ năm được phê duyệt và ban hành đầu năm",
     "The year's dossier catalog exists, approved, issued early in the year", rule15, NULL, NULL},
    {16, "NĐ 30 PL V I", "Mục danh mục đủ đề mục, số ký hiệu, tiêu đề, thời hạn, người lập",
     "Catalog entries have heading, number, title, retention, keeper", rule16, NULL, NULL},
    {17, "NĐ 30 PL V I.2", "Số hồ sơ trong danh mục đúng dạng, không trùng, liên tục",
     "Dossier numbers well-formed, unique and continuous", rule17, NULL, NULL},
    {18, "NĐ 30 PL V II", "Số liệu tổng kết danh mục khớp số hồ sơ thực tế",
     "Catalog footer counts equal the actual rows", rule18, NULL, NULL},
    {19, "NĐ 30 PL V I.4; TT 05/2025", "Hồ sơ có thời hạn bảo quản hợp lệ (01..07)",
     "Dossiers have a valid retention code (01..07)", rule19, NULL, NULL},
    {20, "NĐ 30 Đ29; TT 05/2025 Đ17", "Mọi văn bản thuộc một hồ sơ",
     "Every document belongs to a dossier", rule20, NULL, NULL},
    {21, "NĐ 30 PL VI III.4.b", "Số thứ tự văn bản 1..n theo thời gian, tổng số văn bản/trang",
     "Ordinals 1..n in date order; document and page totals", rule21, NULL, NULL},
    {22, "NĐ 30 Đ29.4", "Hồ sơ đã đóng có ngày kết thúc và đủ trường bắt buộc",
     "Closed dossiers have an end date and required fields", rule22, NULL, NULL},
    {23, "NĐ 30 Đ29.4.c", "Hồ sơ giấy: đánh số tờ, mục lục, chứng từ kết thúc",
     "Paper dossiers: sheets numbered, index, closing note", NULL, "chưa có dữ liệu hồ sơ giấy",
     "no paper-dossier data in the model"},
    {24, "NĐ 30 Đ30.2, Đ31.3.c; Luật Lưu trữ 2024 Đ17", "Hạn nộp lưu vào lưu trữ cơ quan",
     "Deposit deadline to the agency archive", rule24, NULL, NULL},
    {25, "NĐ 30 Đ31.3.d", "Hồ sơ giữ lại quá hạn", "Dossiers retained beyond the deadline", NULL,
     "chưa có danh mục hồ sơ giữ lại", "no retained-dossier list in the model"},
    {26, "NĐ 30 PL VI III.5.b", "Cảnh báo đến hạn nộp lưu trước ≥ 30 ngày",
     "Due-for-deposit alert ≥ 30 days ahead", rule26, NULL, NULL},
    {27, "NĐ 30 Đ30.3, PL V", "Mục lục và biên bản giao nhận khi nộp lưu",
     "Deposit list and hand-over record", rule27, NULL, NULL},
    {28, "Luật Lưu trữ 2024 Đ17; TT 05/2025", "Nộp lưu lịch sử trong 5 năm, chỉ mã 01",
     "Historical-archive deposit within 5 years, code 01 only", rule28, NULL, NULL},
    {29, "TT 10/2022; Luật Lưu trữ", "Năm hết hạn = năm kết thúc + N; vĩnh viễn không hết hạn",
     "Expiry year = end year + N; permanent never expires", rule29, NULL, NULL},
    {30, "Luật 2011 Đ28; TT 06/2025", "Hồ sơ tiêu hủy đủ thành phần; không xóa ngoài thủ tục",
     "Complete disposal case; no deletion outside it", rule30, NULL, NULL},
    {31, "TT 06/2025", "Hủy trong 15 ngày sau quyết định", "Destruction ≤ 15 days after decision",
     rule31, NULL, NULL},
    {32, "Luật 2011 Đ28.4", "Lưu hồ sơ tiêu hủy ≥ 20 năm", "Disposal file kept ≥ 20 years", NULL,
     "danh sách tiêu hủy không bao giờ bị xóa", "disposal lists are never deleted"},
    {33, "TT 05/2025 Ch. VII", "Hồ sơ vĩnh viễn không bị tiêu hủy; tiêu hủy được ghi nhật ký",
     "Permanent dossiers never destroyed; destruction logged", rule33, NULL, NULL},
    {34, "NĐ 30 PL I Phần II; TT 05/2025 Đ8",
     "Bản số hóa: PDF/A có lớp văn bản, ≥ 200 dpi, ảnh màu, phông nhúng",
     "Digitised copies: PDF/A with a text layer, ≥ 200 dpi, colour, fonts embedded", rule34, NULL,
     NULL},
    {35, "NĐ 30 PL I; TT 05/2025 Đ8", "Chữ ký số của cơ quan trên bản số hóa",
     "Agency signature on digitised files", rule35, NULL, NULL},
    {36, "TT 05/2025", "Tên tệp số hóa và mã lưu trữ tài liệu đúng dạng",
     "Digitised file names and docCode format", rule36, NULL, NULL},
    {37, "TT 05/2025", "Trường điều kiện: paperFileCode, riskRecoveryStatus, process",
     "Conditional fields: paperFileCode, riskRecoveryStatus, process", rule37, NULL, NULL},
    {38, "TT 05/2025; NĐ 30 PL VI III.5.d", "Toàn vẹn tệp: không mồ côi, không tham chiếu treo",
     "File integrity: no orphans, no dangling references", rule38, NULL, NULL},
    {39, "QĐ 766", "Tỷ lệ số hóa", "Digitisation rate", NULL, "xem `luutru stats`",
     "see `luutru stats`"},
    {40, "TT 02/2019; TT 05/2025 Ch. V", "Sao lưu: hằng ngày, đầy đủ hằng tháng, ≥ 2 bộ",
     "Backups: daily, monthly full, ≥ 2 sets", rule40, NULL, NULL},
    {41, "NĐ 30 PL VI III.3", "Phân quyền có người duyệt", "Rights changes approved", NULL,
     "chưa có dữ liệu duyệt phân quyền", "no rights-approval data in the model"},
    {42, "NĐ 30 PL VI III.5.a, III.6.k–l", "Ghi nhật ký xem, tải, in", "View/download/print logged",
     rule42, NULL, NULL},
    {43, "Luật BVBMNN; TT 02/2019", "Tài liệu mật chỉ trên hệ thống cách ly",
     "Secret records only on an isolated deployment", rule43, NULL, NULL},
    {44, "TT 05/2025 Đ37, Đ40", "Bản đọc hết hạn", "Reading copies expire", NULL, "chưa có bản đọc",
     "no reading copies in the model"},
    {45, "NĐ 30 PL VI III.4.g, III.6", "Tìm kiếm toàn văn và xuất", "Full-text search and export",
     NULL, "yêu cầu chức năng, không phải dữ liệu", "a feature requirement, not data"},
};

int lt_check_run(lt_check_result **out, lt_catalog *cat, const lt_check_opts *opts, lt_error *err)
{
	const size_t n = sizeof(RULES) / sizeof(RULES[0]);
	lt_check_result *r = calloc(1, sizeof(*r));
	ctx c;
	int rc = 0;

	*out = NULL;
	if (!r || !(r->rules = calloc(n, sizeof(*r->rules)))) {
		free(r);
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	}
	if (sqlite3_create_function_v2(lt_catalog_db(cat), "lt_tr", 2, SQLITE_UTF8, NULL, sql_tr,
	                               NULL, NULL, NULL) != SQLITE_OK) {
		lt_check_result_free(r);
		return lt_catalog_error(cat, err, "lt_tr");
	}
	memset(&c, 0, sizeof(c));
	c.cat = cat;
	c.opts = opts;
	c.res = r;
	lt_date_format_iso(&opts->today, c.today);
	c.year_or_today = opts->year ? opts->year : opts->today.year;
	for (size_t i = 0; i < n && rc == 0; i++) {
		lt_rule_result *rr = &r->rules[r->nrules++];
		size_t before = r->nfindings;

		rr->rule = RULES[i].id;
		rr->source = RULES[i].source;
		rr->title = LT_TR(RULES[i].title_vi, RULES[i].title_en);
		if (!RULES[i].fn) {
			rr->status = "not_checkable";
			rr->note = LT_TR(RULES[i].why_vi, RULES[i].why_en);
			continue;
		}
		c.rule = RULES[i].id;
		c.source = RULES[i].source;
		c.partial_note = NULL;
		rc = RULES[i].fn(&c, err);
		if (rc == LT_ENOMEM)
			rc = lt_error_set(err, LT_ENOMEM, "%s",
			                  LT_TR("hết bộ nhớ", "out of memory"));
		if (rc)
			break;
		rr->nfindings = r->nfindings - before;
		rr->note = c.partial_note;
		rr->status = rr->nfindings ? "failed" : c.partial_note ? "partial" : "ok";
	}
	if (rc) {
		lt_check_result_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

void lt_check_result_free(lt_check_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nfindings; i++) {
		free(r->findings[i].object);
		free(r->findings[i].message);
	}
	free(r->findings);
	free(r->rules);
	free(r);
}

size_t lt_check_count(const lt_check_result *r, int rule, lt_severity min)
{
	size_t n = 0;
	for (size_t i = 0; r && i < r->nfindings; i++)
		if (r->findings[i].rule == rule && r->findings[i].severity >= min)
			n++;
	return n;
}

const lt_rule_result *lt_check_rule(const lt_check_result *r, int rule)
{
	for (size_t i = 0; r && i < r->nrules; i++)
		if (r->rules[i].rule == rule)
			return &r->rules[i];
	return NULL;
}

int lt_check_report(lt_report **out, const lt_check_result *r, lt_error *err)
{
	const char *rule_cols[] = {"rule", "source", "title", "status", "findings", "note"};
	const char *find_cols[] = {"rule", "source", "severity", "object", "message"};
	lt_report *rep = NULL;
	int rc;

	*out = NULL;
	rc = lt_report_new(&rep, LT_TR("Kiểm tra tuân thủ", "Compliance check"));
	if (rc == 0)
		rc = lt_report_table(rep, "rules", LT_TR("Quy tắc", "Rules"), rule_cols, 6);
	if (rc == 0) {
		const char *labels[] = {LT_TR("Quy tắc", "Rule"),       LT_TR("Căn cứ", "Source"),
		                        LT_TR("Nội dung", "Title"),     LT_TR("Kết quả", "Status"),
		                        LT_TR("Phát hiện", "Findings"), LT_TR("Ghi chú", "Note")};
		const char *status[] = {"ok",
		                        LT_TR("Đạt", "Passed"),
		                        "failed",
		                        LT_TR("Chưa đạt", "Failed"),
		                        "partial",
		                        LT_TR("Một phần", "Partly"),
		                        "not_checkable",
		                        LT_TR("Không kiểm tra được", "Not checkable"),
		                        NULL};
		rc = lt_report_labels(rep, labels);
		if (rc == 0)
			rc = lt_report_values(rep, "status", status);
	}
	for (size_t i = 0; rc == 0 && i < r->nrules; i++) {
		char id[16], count[24];
		const lt_rule_result *rr = &r->rules[i];
		const char *cells[6];
		snprintf(id, sizeof(id), "%d", rr->rule);
		snprintf(count, sizeof(count), "%zu", rr->nfindings);
		cells[0] = id;
		cells[1] = rr->source;
		cells[2] = rr->title;
		cells[3] = rr->status;
		cells[4] = count;
		cells[5] = rr->note ? rr->note : "";
		rc = lt_report_row(rep, cells);
	}
	if (rc == 0)
		rc = lt_report_table(rep, "findings", LT_TR("Phát hiện", "Findings"), find_cols, 5);
	if (rc == 0) {
		const char *labels[] = {LT_TR("Quy tắc", "Rule"), LT_TR("Căn cứ", "Source"),
		                        LT_TR("Mức độ", "Severity"), LT_TR("Đối tượng", "Object"),
		                        LT_TR("Nội dung", "Message")};
		const char *severity[] = {"error",   LT_TR("Lỗi", "Error"),
		                          "warning", LT_TR("Cảnh báo", "Warning"),
		                          "info",    LT_TR("Thông tin", "Information"),
		                          NULL};
		rc = lt_report_labels(rep, labels);
		if (rc == 0)
			rc = lt_report_values(rep, "severity", severity);
	}
	for (size_t i = 0; rc == 0 && i < r->nfindings; i++) {
		char id[16];
		const lt_finding *f = &r->findings[i];
		const char *cells[5];
		snprintf(id, sizeof(id), "%d", f->rule);
		cells[0] = id;
		cells[1] = f->source;
		cells[2] = lt_severity_name(f->severity);
		cells[3] = f->object;
		cells[4] = f->message;
		rc = lt_report_row(rep, cells);
	}
	if (rc) {
		lt_report_free(rep);
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	}
	*out = rep;
	return 0;
}
