/*
 * service/api_catalog.c — registers of incoming/outgoing records (sổ đăng
 * ký, NĐ 30 Phụ lục IV) and the annual dossier catalogs (danh mục hồ sơ,
 * Phụ lục V) over HTTP: list, the entries as JSON, the printout as CSV or
 * HTML, and a catalog imported from CSV.
 *
 * The JSON entries are read back from the library's own CSV printout
 * (lt_register_print, lt_fileplan_print), so the screen, the CSV and the
 * printed form never disagree. The catalog reads as the caller
 * (archive/access.h): a secret register (DEN-MAT, DI-MAT) needs clearance 1
 * or more and answers like a missing register otherwise; a row of a record
 * above the caller's clearance is not there (its number shows as a gap).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archive/fileplan.h"
#include "archive/register.h"
#include "core/date.h"
#include "retention/schedule.h"
#include "service/http.h"

/* Is the register visible to the caller? -1 after answering 404. */
static int register_visible(lt_http_req *req, lt_catalog *cat, const char *code)
{
	lt_error err = LT_ERROR_INIT;
	lt_register_list *l = NULL;
	int found = 0;

	if (lt_register_list_all(&l, cat, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return -1;
	}
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].code, code) == 0)
			found = 1;
	lt_register_list_free(l);
	if (!found) {
		lt_api_not_found(req, "sổ đăng ký", "register", code);
		return -1;
	}
	return 0;
}

void lt_api_register_list(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	lt_register_list *l = NULL;
	json_t *a;

	if (!cat)
		return;
	if (lt_register_list_all(&l, cat, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	a = json_array();
	for (size_t i = 0; i < l->n; i++) {
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:b}", "code", l->items[i].code,
		                                   "name", l->items[i].name, "direction",
		                                   l->items[i].outgoing ? "outgoing" : "incoming",
		                                   "secret", l->items[i].secret));
	}
	lt_register_list_free(l);
	lt_http_reply_json(req, 200, json_pack("{s:o}", "registers", a));
}

/* GET /registers/{code}/{year}?format=json|csv|html|pdf */
void lt_api_register_entries(lt_http_req *req)
{
	static const char *const formats[] = {"json", "csv", "html", "pdf", NULL};
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	const char *code = lt_http_param(req, 0);
	const char *format = lt_http_query(req, "format");
	lt_buf out = LT_BUF_INIT;
	char object[120];
	int year;

	if (!format)
		format = "json";
	if (!cat || lt_api_format(req, format, formats) != 0 ||
	    lt_api_year(req, lt_http_param(req, 1), 1, &year) != 0 ||
	    register_visible(req, cat, code) != 0)
		return;
	if (lt_register_print(&out, cat, code, year, strcmp(format, "json") ? format : "csv",
	                      &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		lt_buf_free(&out);
		return;
	}
	snprintf(object, sizeof(object), "register %s/%d", code, year);
	if (strcmp(format, "json") == 0) {
		json_t *rows = lt_api_csv_rows(out.data ? out.data : "", out.len);
		json_t *columns =
		    json_array_size(rows) ? json_incref(json_array_get(rows, 0)) : json_array();
		if (json_array_size(rows))
			json_array_remove(rows, 0);
		if (lt_http_audit(req, "view", object, NULL) != LT_OK) {
			json_decref(rows);
			json_decref(columns);
			lt_error_set(&err, LT_EBUSY,
			             LT_TR("không ghi được nhật ký truy cập; thử lại sau",
			                   "cannot write the audit log; try again later"));
			lt_http_reply_error(req, &err);
		} else {
			lt_http_reply_json(req, 200,
			                   json_pack("{s:s, s:i, s:o, s:o}", "register", code,
			                             "year", year, "columns", columns, "rows",
			                             rows));
		}
	} else {
		char base[80];
		snprintf(base, sizeof(base), "so-%s-%d", code, year);
		lt_api_reply_export(req, out.data, out.len, format, base, object);
	}
	lt_buf_free(&out);
}

void lt_api_catalog_list(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	lt_buf out = LT_BUF_INIT;
	json_t *a;
	const char *line;

	if (!cat)
		return;
	if (lt_fileplan_list(&out, cat, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		lt_buf_free(&out);
		return;
	}
	a = json_array();
	for (line = out.data; line && *line;) {
		const char *nl = strchr(line, '\n');
		char *copy = strndup(line, nl ? (size_t)(nl - line) : strlen(line));
		char *f[4];
		int ok = copy != NULL;
		if (ok) {
			f[0] = copy;
			for (int i = 1; i < 4 && ok; i++)
				if ((f[i] = strchr(f[i - 1], '\t')) != NULL)
					*f[i]++ = '\0';
				else
					ok = 0;
		}
		if (ok)
			json_array_append_new(
			    a, json_pack("{s:i, s:s, s:s, s:i}", "year", atoi(f[0]), "department",
			                 f[1], "numbering", f[2], "entries", atoi(f[3])));
		free(copy);
		line = nl ? nl + 1 : NULL;
	}
	lt_buf_free(&out);
	lt_http_reply_json(req, 200, json_pack("{s:o}", "catalogs", a));
}

static const char *cell(json_t *row, size_t i)
{
	const char *s = json_string_value(json_array_get(row, i));
	return s ? s : "";
}

/* The printed rows → headings with their entries. A heading row has an
 * empty first cell and "I. TITLE" in the second; rows after the entries
 * (the counts) go to "footer". */
static json_t *catalog_sections(json_t *rows)
{
	json_t *headings = json_array(), *footer = json_array(), *cur = NULL, *row;
	const char *sub = NULL;
	size_t i;

	json_array_foreach(rows, i, row)
	{
		const char *c0 = json_string_value(json_array_get(row, 0));
		const char *c1 = json_string_value(json_array_get(row, 1));
		const char *dot = c1 ? strstr(c1, ". ") : NULL;
		char roman[16] = "";
		int n = 0;
		if (i == 0)
			continue; /* the column headings */
		if (dot && (size_t)(dot - c1) < sizeof(roman)) {
			memcpy(roman, c1, (size_t)(dot - c1));
			roman[dot - c1] = '\0';
		}
		if (c0 && !*c0 && dot && lt_roman_parse(&n, roman) == LT_OK) {
			cur = json_pack("{s:s, s:s, s:i, s:[], s:[]}", "roman", roman, "title",
			                dot + 2, "ordinal", n, "entries", "subheadings");
			json_array_append_new(headings, cur);
			sub = NULL;
		} else if (cur && c0 && !*c0 && dot && roman[0] >= '0' && roman[0] <= '9') {
			/* "1. Văn bản chung": a sub-heading of the current heading */
			sub = dot + 2;
			json_array_append_new(
			    json_object_get(cur, "subheadings"),
			    json_pack("{s:i, s:s}", "ordinal", atoi(roman), "title", sub));
		} else if (cur && c0 && *c0 && json_array_size(row) >= 5) {
			json_array_append_new(json_object_get(cur, "entries"),
			                      json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s?}",
			                                "notation", c0, "title", c1 ? c1 : "",
			                                "retention", cell(row, 2), "keeper",
			                                cell(row, 3), "note",
			                                json_string_value(json_array_get(row, 4)),
			                                "subheading", sub));
		} else {
			json_array_append_new(footer, json_string(cell(row, 0)));
		}
	}
	return json_pack("{s:o, s:o}", "headings", headings, "footer", footer);
}

/* GET /catalogs/{year}?department=&format=json|csv|html|pdf */
/* Whether the catalog is finalised (the head's approval recorded), and by
 * whom: {"finalized": false} for a draft. */
static json_t *catalog_final(lt_catalog *cat, int year, const char *dept)
{
	lt_fileplan_final final;
	int64_t id;

	if (lt_fileplan_find(&id, cat, year, dept, NULL) != LT_OK ||
	    lt_fileplan_final_get(&final, cat, id, NULL) != LT_OK || !final.finalized)
		return json_pack("{s:b}", "finalized", 0);
	return json_pack("{s:b, s:s, s:s, s:s, s:s, s:{s:i, s:i, s:i}}", "finalized", 1,
	                 "approvedBy", final.approved_by, "issued", final.issued_date,
	                 "finalizedBy", final.finalized_by, "finalizedAt", final.finalized_at,
	                 "footer", "total", final.footer.total, "permanent", final.footer.permanent,
	                 "fixedTerm", final.footer.fixed_term);
}

void lt_api_catalog_get(lt_http_req *req)
{
	static const char *const formats[] = {"json", "csv", "html", "pdf", NULL};
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	const char *format = lt_http_query(req, "format");
	const char *dept = lt_http_query(req, "department");
	lt_buf out = LT_BUF_INIT;
	char object[200];
	int year;

	if (!format)
		format = "json";
	if (!dept)
		dept = "";
	if (!cat || lt_api_format(req, format, formats) != 0 ||
	    lt_api_year(req, lt_http_param(req, 0), 1, &year) != 0)
		return;
	if (lt_fileplan_print(&out, cat, year, dept, strcmp(format, "json") ? format : "csv",
	                      &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		lt_buf_free(&out);
		return;
	}
	snprintf(object, sizeof(object), "catalog %d/%s", year, dept);
	if (strcmp(format, "json") == 0) {
		json_t *rows = lt_api_csv_rows(out.data ? out.data : "", out.len);
		json_t *j = catalog_sections(rows);
		json_decref(rows);
		json_object_set_new(j, "year", json_integer(year));
		json_object_set_new(j, "department", json_string(dept));
		json_object_set_new(j, "final", catalog_final(cat, year, dept));
		lt_http_audit(req, "view", object, NULL);
		lt_http_reply_json(req, 200, j);
	} else {
		char base[80];
		snprintf(base, sizeof(base), "danh-muc-ho-so-%d", year);
		lt_api_reply_export(req, out.data, out.len, format, base, object);
	}
	lt_buf_free(&out);
}

/* POST /catalogs/{year}/import?department=&numbering=  (text/csv body) */
void lt_api_catalog_import(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	const char *dept = lt_http_query(req, "department");
	const char *numbering = lt_http_query(req, "numbering");
	size_t len = 0, entries = 0;
	const char *body = lt_http_body(req, &len);
	char detail[80];
	int year;

	if (!cat || lt_api_year(req, lt_http_param(req, 0), 1, &year) != 0)
		return;
	if (numbering && strcmp(numbering, "continuous") && strcmp(numbering, "per_heading")) {
		lt_api_bad(req, "%s",
		           LT_TR("numbering là continuous hoặc per_heading",
		                 "numbering is continuous or per_heading"));
		return;
	}
	if (len == 0) {
		lt_api_bad(req, "%s", LT_TR("tệp CSV rỗng", "the CSV is empty"));
		return;
	}
	if (lt_fileplan_import_csv_text(&entries, cat, year, dept ? dept : "", numbering, body, len,
	                                "catalog.csv", lt_api_who(req), &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	snprintf(detail, sizeof(detail), "entries=%zu", entries);
	lt_http_audit(req, "catalog_import", dept && *dept ? dept : "-", detail);
	lt_http_reply_json(req, 201,
	                   json_pack("{s:i, s:s, s:I}", "year", year, "department",
	                             dept ? dept : "", "entries", (json_int_t)entries));
}

/* POST /catalogs/{year}/finalize {"department"?, "approvedBy", "issued"?,
 * "footer"?: {"total", "permanent", "fixedTerm"}} — record the head's
 * approval and the footer counts of the issued catalog (NĐ 30 Đ28,
 * Phụ lục V); the footer defaults to the actual counts, the date to today. */
void lt_api_catalog_finalize(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	json_t *body = lt_http_json(req);
	json_t *footer = json_object_get(body, "footer");
	const char *dept = lt_api_str(body, "department");
	const char *approver = lt_api_str(body, "approvedBy");
	const char *issued = lt_api_str(body, "issued");
	lt_fileplan_counts declared, recorded, actual;
	lt_fileplan_final final;
	char today[11];
	int64_t id;
	int year;

	if (!cat || lt_api_year(req, lt_http_param(req, 0), 1, &year) != 0)
		return;
	if (!approver) {
		lt_api_bad(req, "%s",
		           LT_TR("cần \"approvedBy\" (thủ trưởng cơ quan phê duyệt danh mục)",
		                 "\"approvedBy\" is required (the head approving the catalog)"));
		return;
	}
	if (footer) {
		json_t *v[3] = {json_object_get(footer, "total"),
		                json_object_get(footer, "permanent"),
		                json_object_get(footer, "fixedTerm")};
		int *dst[3] = {&declared.total, &declared.permanent, &declared.fixed_term};
		for (int i = 0; i < 3; i++) {
			if (!json_is_integer(v[i]) || json_integer_value(v[i]) < 0 ||
			    json_integer_value(v[i]) > 1000000) {
				lt_api_bad(
				    req, "%s",
				    LT_TR("\"footer\" cần đủ total, permanent, fixedTerm (số ≥ 0)",
				          "\"footer\" needs total, permanent and fixedTerm (≥ 0)"));
				return;
			}
			*dst[i] = (int)json_integer_value(v[i]);
		}
	}
	if (!issued) {
		lt_date d;
		lt_date_today(&d);
		lt_date_format_iso(&d, today);
		issued = today;
	}
	if (lt_fileplan_finalize(&recorded, cat, year, dept, approver, issued,
	                         footer ? &declared : NULL, lt_api_who(req), &err) != LT_OK ||
	    lt_fileplan_find(&id, cat, year, dept, &err) != LT_OK ||
	    lt_fileplan_count(&actual, cat, id, &err) != LT_OK ||
	    lt_fileplan_final_get(&final, cat, id, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	lt_http_reply_json(
	    req, 200,
	    json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:{s:i, s:i, s:i}, s:{s:i, s:i, s:i}, s:b}",
	              "year", year, "department", dept ? dept : "", "approvedBy", final.approved_by,
	              "issued", final.issued_date, "finalizedBy", final.finalized_by, "finalizedAt",
	              final.finalized_at, "footer", "total", recorded.total, "permanent",
	              recorded.permanent, "fixedTerm", recorded.fixed_term, "actual", "total",
	              actual.total, "permanent", actual.permanent, "fixedTerm", actual.fixed_term,
	              "matches",
	              recorded.total == actual.total && recorded.permanent == actual.permanent &&
	                  recorded.fixed_term == actual.fixed_term));
}

/* ---- register numbers -------------------------------------------------- */

/* POST /registers/{code}/assign {"record", "date"?} → the number */
void lt_api_register_assign(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	json_t *body = lt_http_json(req);
	const char *code = lt_http_param(req, 0);
	const char *date = lt_api_str(body, "date");
	char ref[80];
	int64_t rec = 0, number = 0;

	if (!cat || register_visible(req, cat, code) != 0)
		return;
	if (!*lt_api_ref(json_object_get(body, "record"), ref, sizeof(ref))) {
		lt_api_bad(req, "%s",
		           LT_TR("cần {\"record\": mã văn bản, \"date\"?: ngày đăng ký}",
		                 "{\"record\": id, \"date\"?: registration date} is required"));
		return;
	}
	if (lt_api_record_visible(req, cat, ref, &rec) != 0)
		return;
	if (lt_register_assign(&number, cat, code, rec, date, lt_api_who(req), &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	lt_http_reply_json(req, 201,
	                   json_pack("{s:s, s:I, s:I}", "register", code, "record", (json_int_t)rec,
	                             "number", (json_int_t)number));
}

/* POST /registers/{code}/void {"year", "number", "reason"} */
void lt_api_register_void(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	json_t *body = lt_http_json(req);
	const char *code = lt_http_param(req, 0);
	json_t *jy = json_object_get(body, "year"), *jn = json_object_get(body, "number");

	if (!cat || register_visible(req, cat, code) != 0)
		return;
	if (!json_is_integer(jy) || !json_is_integer(jn)) {
		lt_api_bad(
		    req, "%s",
		    LT_TR("cần {\"year\": NĂM, \"number\": SỐ, \"reason\": \"lý do\"}",
		          "{\"year\": YEAR, \"number\": N, \"reason\": \"why\"} is required"));
		return;
	}
	if (lt_register_void(cat, code, (int)json_integer_value(jy),
	                     (int64_t)json_integer_value(jn), lt_api_str(body, "reason"),
	                     lt_api_who(req), &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	lt_http_reply_json(req, 200,
	                   json_pack("{s:s, s:I, s:I, s:b}", "register", code, "year",
	                             json_integer_value(jy), "number", json_integer_value(jn),
	                             "voided", 1));
}

/* ---- catalog amendments (bổ sung, sửa đổi) ---------------------------------- */

/* POST /catalogs/{year}/entries {"department"?, "heading", "subheading"?,
 * "title", "retention"? | "rule"?, "keeper", "note"?, "reason"} */
void lt_api_catalog_add_entry(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	json_t *body = lt_http_json(req);
	lt_fileplan_row row;
	char notation[64];
	int year;

	if (!cat || lt_api_year(req, lt_http_param(req, 0), 1, &year) != 0)
		return;
	row.heading = lt_api_str(body, "heading");
	row.subheading = lt_api_str(body, "subheading");
	row.title = lt_api_str(body, "title");
	row.retention = lt_api_str(body, "retention");
	row.rule = lt_api_str(body, "rule");
	row.keeper = lt_api_str(body, "keeper");
	row.note = lt_api_str(body, "note");
	if (lt_schedule_ensure_default(cat, &err) != LT_OK ||
	    lt_fileplan_add_entry(notation, cat, year, lt_api_str(body, "department"), &row,
	                          lt_api_str(body, "reason"), lt_api_who(req), &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	lt_http_reply_json(req, 201, json_pack("{s:i, s:s}", "year", year, "notation", notation));
}

/* PATCH /catalogs/{year}/entries/{notation} {"department"?, "reason",
 * "title"?, "retention"?, "rule"?, "keeper"?, "note"?} — all or nothing */
void lt_api_catalog_amend(lt_http_req *req)
{
	static const char *const FIELDS[] = {"title", "retention", "rule", "keeper", "note"};
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	json_t *body = lt_http_json(req);
	const char *notation = lt_http_param(req, 1);
	int year, given = 0, rc = LT_OK;

	if (!cat || lt_api_year(req, lt_http_param(req, 0), 1, &year) != 0)
		return;
	for (size_t i = 0; i < sizeof(FIELDS) / sizeof(FIELDS[0]); i++)
		given += json_object_get(body, FIELDS[i]) != NULL;
	if (!given) {
		lt_api_bad(req, "%s",
		           LT_TR("cần ít nhất một trường: title, retention, rule, keeper, note",
		                 "at least one field is needed: title, retention, rule, keeper, "
		                 "note"));
		return;
	}
	{
		lt_fileplan_kv kv[5];
		size_t n = 0;
		for (size_t i = 0; i < sizeof(FIELDS) / sizeof(FIELDS[0]); i++) {
			json_t *v = json_object_get(body, FIELDS[i]);
			if (v) {
				kv[n].field = FIELDS[i];
				kv[n++].value = json_is_string(v) ? json_string_value(v) : "";
			}
		}
		if ((rc = lt_schedule_ensure_default(cat, &err)) == LT_OK)
			rc = lt_fileplan_amend_fields(cat, year, lt_api_str(body, "department"),
			                              notation, kv, n, lt_api_str(body, "reason"),
			                              lt_api_who(req), &err);
	}
	if (rc != LT_OK) {
		if (rc == LT_ENOTFOUND)
			lt_api_not_found(req, "hồ sơ trong danh mục", "catalog entry", notation);
		else
			lt_http_reply_error(req, &err);
		return;
	}
	lt_http_reply_json(req, 200, json_pack("{s:i, s:s}", "year", year, "notation", notation));
}

/* POST /catalogs/{year}/headings {"department"?, "title", "abbr"? |
 * "parent"?, "reason"} */
void lt_api_catalog_add_heading(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	json_t *body = lt_http_json(req);
	int year;

	if (!cat || lt_api_year(req, lt_http_param(req, 0), 1, &year) != 0)
		return;
	if (lt_fileplan_add_heading(cat, year, lt_api_str(body, "department"),
	                            lt_api_str(body, "abbr"), lt_api_str(body, "title"),
	                            lt_api_str(body, "parent"), lt_api_str(body, "reason"),
	                            lt_api_who(req), &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	lt_http_reply_json(
	    req, 201, json_pack("{s:i, s:s?}", "year", year, "title", lt_api_str(body, "title")));
}

/* GET /catalogs/{year}/history?department= */
void lt_api_catalog_history(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	lt_buf out = LT_BUF_INIT;
	json_t *a;
	char *line;
	int year;

	if (!cat || lt_api_year(req, lt_http_param(req, 0), 1, &year) != 0)
		return;
	if (lt_fileplan_history(&out, cat, year, lt_http_query(req, "department"), &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		lt_buf_free(&out);
		return;
	}
	a = json_array();
	for (line = out.data; line && *line;) {
		char *f[8], *nl = strchr(line, '\n');
		*nl = '\0';
		f[0] = line;
		for (int i = 1; i < 8; i++) {
			f[i] = strchr(f[i - 1], '\t');
			*f[i]++ = '\0';
		}
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "at",
		                                   f[0], "who", f[1], "action", f[2], "object",
		                                   f[3], "field", f[4], "old", f[5], "new", f[6],
		                                   "reason", f[7]));
		line = nl + 1;
	}
	lt_buf_free(&out);
	lt_http_reply_json(req, 200, json_pack("{s:i, s:o}", "year", year, "changes", a));
}
