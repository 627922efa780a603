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

/* GET /registers/{code}/{year}?format=json|csv|html */
void lt_api_register_entries(lt_http_req *req)
{
	static const char *const formats[] = {"json", "csv", "html", NULL};
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
			cur = json_pack("{s:s, s:s, s:i, s:[]}", "roman", roman, "title", dot + 2,
			                "ordinal", n, "entries");
			json_array_append_new(headings, cur);
		} else if (cur && c0 && *c0 && json_array_size(row) >= 5) {
			json_array_append_new(json_object_get(cur, "entries"),
			                      json_pack("{s:s, s:s, s:s, s:s, s:s?}", "notation",
			                                c0, "title", c1 ? c1 : "", "retention",
			                                cell(row, 2), "keeper", cell(row, 3),
			                                "note",
			                                json_string_value(json_array_get(row, 4))));
		} else {
			json_array_append_new(footer, json_string(cell(row, 0)));
		}
	}
	return json_pack("{s:o, s:o}", "headings", headings, "footer", footer);
}

/* GET /catalogs/{year}?department=&format=json|csv|html */
void lt_api_catalog_get(lt_http_req *req)
{
	static const char *const formats[] = {"json", "csv", "html", NULL};
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
