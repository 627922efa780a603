/*
 * service/api_dossiers.c — dossiers over HTTP: list, open from a catalog
 * entry, view with the table of contents in order (and holds, retention),
 * print the table of contents, file a record, close, reopen.
 *
 * Clearance: the catalog reads as the caller (archive/access.h), so a
 * dossier above their clearance — by its own độ mật or that of a record
 * it holds — answers exactly like a missing one. The multi-step operations
 * are the CLI's (service/ops.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archive/dossier.h"
#include "archive/fields.h"
#include "core/date.h"
#include "retention/deposit.h"
#include "retention/due.h"
#include "retention/hold.h"
#include "service/http.h"
#include "service/ops.h"

/* The dossier named by path parameter 0, visible to the caller, or NULL
 * after answering. */
static lt_dossier *load_dossier(lt_http_req *req, lt_catalog *cat)
{
	lt_error err = LT_ERROR_INIT;
	const char *ref = lt_http_param(req, 0);
	lt_dossier *d = NULL;
	int64_t id = 0;
	int rc = lt_dossier_find(&id, cat, ref, &err);

	if (rc == LT_OK)
		rc = lt_dossier_load(&d, cat, id, &err);
	if (rc == LT_ENOTFOUND) {
		lt_api_not_found(req, "hồ sơ", "dossier", ref);
		return NULL;
	}
	if (rc != LT_OK) {
		lt_http_reply_error(req, &err);
		return NULL;
	}
	return d;
}

/* A document type code's name ("22" → "Công văn"), or the stored value. */
static const char *type_label(const char *type)
{
	const char *l = type ? lt_codelist_label("typeName", type) : NULL;
	return l ? l : type;
}

/* The table of contents: the dossier's records in ordinal order with the
 * columns of Phụ lục V. */
static json_t *toc_json(lt_catalog *cat, int64_t dossier)
{
	json_t *a = json_array();
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "SELECT dr.ordinal, r.id, r.uid, r.doc_id, r.code_number, r.code_notation,"
	        " r.issued_date, r.organ_name, coalesce(r.subject, r.title, r.uid), r.page_count,"
	        " r.type_name"
	        " FROM dossier_records dr JOIN records r ON r.id = dr.record_id"
	        " WHERE dr.dossier_id = ? ORDER BY dr.ordinal",
	        -1, &st, NULL) != SQLITE_OK)
		return a;
	sqlite3_bind_int64(st, 1, dossier);
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_array_append_new(
		    a,
		    json_pack("{s:i, s:I, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s, s:i, s:s?, s:s?}",
		              "ordinal", sqlite3_column_int(st, 0), "id",
		              (json_int_t)sqlite3_column_int64(st, 1), "uid",
		              (const char *)sqlite3_column_text(st, 2), "docId",
		              (const char *)sqlite3_column_text(st, 3), "number",
		              (const char *)sqlite3_column_text(st, 4), "notation",
		              (const char *)sqlite3_column_text(st, 5), "issuedDate",
		              (const char *)sqlite3_column_text(st, 6), "organ",
		              (const char *)sqlite3_column_text(st, 7), "title",
		              (const char *)sqlite3_column_text(st, 8), "pages",
		              sqlite3_column_int(st, 9), "type",
		              (const char *)sqlite3_column_text(st, 10), "typeLabel",
		              type_label((const char *)sqlite3_column_text(st, 10))));
	}
	sqlite3_finalize(st);
	return a;
}

static json_t *holds_json(lt_catalog *cat, int64_t dossier)
{
	lt_hold_list *l = NULL;
	json_t *a = json_array();
	if (lt_hold_list_get(&l, cat, 1, NULL) != LT_OK || !l)
		return a;
	for (size_t i = 0; i < l->n; i++) {
		const lt_hold *h = &l->items[i];
		if (strcmp(h->kind, "dossier") != 0 || h->object_id != dossier)
			continue;
		json_array_append_new(
		    a, json_pack("{s:I, s:s?, s:s?, s:s?}", "id", (json_int_t)h->id, "reason",
		                 h->reason, "placedBy", h->placed_by, "placedAt", h->placed_at));
	}
	lt_hold_list_free(l);
	return a;
}

/* The full answer for one dossier. */
static json_t *dossier_full(lt_catalog *cat, const lt_dossier *d)
{
	json_t *j = lt_ops_dossier_json(cat, d);
	json_t *toc = toc_json(cat, d->id);
	json_t *ids = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(toc, i, v) json_array_append(ids, json_object_get(v, "id"));
	json_object_set_new(j, "records", ids);
	json_object_set_new(j, "toc", toc);
	json_object_set_new(j, "statusLabel", json_string(lt_dossier_status_label(d->status)));
	json_object_set_new(j, "retentionYears", json_integer(d->retention_years));
	json_object_set_new(j, "secrecy", json_integer(d->secrecy));
	json_object_set_new(j, "openedAt", d->opened_at ? json_string(d->opened_at) : json_null());
	json_object_set_new(j, "closedAt", d->closed_at ? json_string(d->closed_at) : json_null());
	json_object_set_new(j, "holds", holds_json(cat, d->id));
	return j;
}

void lt_api_dossier_list(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	lt_buf out = LT_BUF_INIT;
	json_t *all, *visible, *v;
	size_t i;
	int year;

	if (!cat || lt_api_year(req, lt_http_query(req, "year"), 0, &year) != 0)
		goto done;
	if (lt_dossier_list(&out, cat, year, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		goto done;
	}
	all = lt_ops_dossier_list_json(&out);
	visible = json_array();
	json_array_foreach(all, i, v)
	{
		lt_dossier *d = NULL;
		if (lt_dossier_load(&d, cat, (int64_t)json_integer_value(json_object_get(v, "id")),
		                    NULL) == LT_OK) {
			json_object_set_new(v, "year", json_integer(d->year));
			json_object_set_new(v, "notation",
			                    d->notation ? json_string(d->notation) : json_null());
			json_object_set_new(v, "department",
			                    d->department ? json_string(d->department)
			                                  : json_null());
			json_object_set_new(v, "retention",
			                    d->retention_label ? json_string(d->retention_label)
			                                       : json_null());
			json_object_set_new(v, "statusLabel",
			                    json_string(lt_dossier_status_label(d->status)));
			json_array_append(visible, v);
		}
		lt_dossier_free(d);
	}
	json_decref(all);
	lt_http_reply_json(req, 200, json_pack("{s:o}", "dossiers", visible));
done:
	lt_buf_free(&out);
}

void lt_api_dossier_open(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	json_t *body = lt_http_json(req);
	const char *entry = lt_api_str(body, "entry");
	json_t *jy = json_object_get(body, "year");
	lt_dossier *d = NULL;
	int64_t id = 0;
	int year = 0;

	if (!cat)
		return;
	if (lt_api_str(body, "tthc")) {
		/* An administrative-procedure case (QĐ 766): no catalog entry. */
		json_t *paper = json_object_get(body, "resultOnPaper");
		if (lt_dossier_open_tthc(&id, cat, lt_api_str(body, "tthc"),
		                         lt_api_str(body, "procedure"),
		                         lt_api_str(body, "received"),
		                         json_is_true(paper) ||
		                             (json_is_integer(paper) && json_integer_value(paper)),
		                         lt_api_str(body, "title"), lt_api_str(body, "retention"),
		                         lt_api_who(req), &err) != LT_OK ||
		    lt_dossier_load(&d, cat, id, &err) != LT_OK) {
			lt_http_reply_error(req, &err);
			return;
		}
		lt_http_reply_json(req, 201, dossier_full(cat, d));
		lt_dossier_free(d);
		return;
	}
	if (json_is_integer(jy))
		year = (int)json_integer_value(jy);
	if (!entry || year < 1900 || year > 9999) {
		lt_api_bad(req, "%s",
		           LT_TR("cần {\"year\": NĂM, \"entry\": \"SỐ_KÝ_HIỆU\", \"department\"?}",
		                 "{\"year\": YEAR, \"entry\": \"NOTATION\", \"department\"?} is "
		                 "required"));
		return;
	}
	if (lt_dossier_open(&id, cat, year, lt_api_str(body, "department"), entry, lt_api_who(req),
	                    &err) != LT_OK ||
	    lt_dossier_load(&d, cat, id, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	lt_http_reply_json(req, 201, dossier_full(cat, d));
	lt_dossier_free(d);
}

void lt_api_dossier_get(lt_http_req *req)
{
	lt_catalog *cat = lt_api_catalog(req);
	lt_dossier *d = cat ? load_dossier(req, cat) : NULL;
	lt_error err = LT_ERROR_INIT;

	if (!d)
		return;
	if (lt_http_audit(req, "view", d->uid, "dossier") != LT_OK) {
		lt_error_set(&err, LT_EBUSY,
		             LT_TR("không ghi được nhật ký truy cập; thử lại sau",
		                   "cannot write the audit log; try again later"));
		lt_http_reply_error(req, &err);
	} else {
		lt_http_reply_json(req, 200, dossier_full(cat, d));
	}
	lt_dossier_free(d);
}

void lt_api_dossier_toc(lt_http_req *req)
{
	static const char *const formats[] = {"html", "csv", "pdf", NULL};
	lt_catalog *cat = lt_api_catalog(req);
	const char *format = lt_http_query(req, "format");
	lt_error err = LT_ERROR_INIT;
	lt_buf out = LT_BUF_INIT;
	lt_dossier *d;

	if (!format)
		format = "html";
	if (!cat || lt_api_format(req, format, formats) != 0 || !(d = load_dossier(req, cat)))
		return;
	if (lt_dossier_toc(&out, cat, d->id, format, &err) != LT_OK)
		lt_http_reply_error(req, &err);
	else
		lt_api_reply_export(req, out.data, out.len, format, "muc-luc-van-ban", d->uid);
	lt_buf_free(&out);
	lt_dossier_free(d);
}

void lt_api_dossier_file(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	json_t *body = lt_http_json(req);
	json_t *jr = json_object_get(body, "record");
	char ref[64];
	lt_dossier *d;
	int64_t rec = 0;

	if (!cat)
		return;
	if (!*lt_api_ref(jr, ref, sizeof(ref))) {
		lt_api_bad(req, "%s",
		           LT_TR("cần {\"record\": mã văn bản, \"role\"?: component|result}",
		                 "{\"record\": id, \"role\"?: component|result} is required"));
		return;
	}
	if (!(d = load_dossier(req, cat)))
		return;
	if (lt_api_record_visible(req, cat, ref, &rec) == 0) {
		if (lt_dossier_add_role(cat, d->id, rec, lt_api_str(body, "role"), lt_api_who(req),
		                        &err) != LT_OK) {
			lt_http_reply_error(req, &err);
		} else {
			lt_dossier *now = NULL;
			if (lt_dossier_load(&now, cat, d->id, &err) != LT_OK)
				lt_http_reply_error(req, &err);
			else
				lt_http_reply_json(req, 200, dossier_full(cat, now));
			lt_dossier_free(now);
		}
	}
	lt_dossier_free(d);
}

static void transition(lt_http_req *req, lt_dossier_status to)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	const char *reason = lt_api_str(lt_http_json(req), "reason");
	lt_dossier *d, *now = NULL;

	if (!cat || !(d = load_dossier(req, cat)))
		return;
	if (to == LT_DOSSIER_OPEN && !reason) {
		lt_api_bad(req, "%s",
		           LT_TR("mở lại hồ sơ cần {\"reason\": \"lý do\"}",
		                 "reopening needs {\"reason\": \"why\"}"));
	} else if (lt_ops_dossier_transition(cat, d->id, to, lt_api_who(req), reason, &err) !=
	               LT_OK ||
	           lt_dossier_load(&now, cat, d->id, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
	} else {
		lt_http_reply_json(req, 200, dossier_full(cat, now));
	}
	lt_dossier_free(now);
	lt_dossier_free(d);
}

void lt_api_dossier_close(lt_http_req *req)
{
	transition(req, LT_DOSSIER_CLOSED);
}

void lt_api_dossier_reopen(lt_http_req *req)
{
	transition(req, LT_DOSSIER_OPEN);
}

/* PATCH /dossiers/{id} {"field": value, ...}: the TT 05/2025 fields
 * (GET /dossier-fields lists them), all or nothing. */
void lt_api_dossier_patch(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	json_t *body = lt_http_json(req), *v;
	lt_dossier_set_kv kv[64];
	char vals[64][32];
	const char *key;
	lt_dossier *d, *now = NULL;
	size_t n = 0;

	if (!cat || !(d = load_dossier(req, cat)))
		return;
	json_object_foreach(body, key, v)
	{
		if (n == 64)
			break;
		kv[n].tag = key;
		if (json_is_string(v)) {
			kv[n].value = json_string_value(v);
		} else if (json_is_integer(v) || json_is_boolean(v)) {
			snprintf(vals[n], sizeof(vals[n]), "%lld",
			         json_is_boolean(v) ? (long long)json_is_true(v)
			                            : (long long)json_integer_value(v));
			kv[n].value = vals[n];
		} else if (json_is_null(v)) {
			kv[n].value = "";
		} else {
			lt_api_bad(req,
			           LT_TR("giá trị của \"%s\" phải là chuỗi, số hoặc null",
			                 "the value of \"%s\" must be a string, a number or null"),
			           key);
			lt_dossier_free(d);
			return;
		}
		n++;
	}
	if (lt_dossier_set_fields(cat, d->id, kv, n, lt_api_who(req), &err) != LT_OK ||
	    lt_dossier_load(&now, cat, d->id, &err) != LT_OK)
		lt_http_reply_error(req, &err);
	else
		lt_http_reply_json(req, 200, dossier_full(cat, now));
	lt_dossier_free(now);
	lt_dossier_free(d);
}

/* GET /dossier-fields: the settable fields, their types and code lists
 * (what the web UI's dossier form needs). */
void lt_api_dossier_fields(lt_http_req *req)
{
	lt_http_reply_json(req, 200, json_pack("{s:o}", "fields", lt_ops_dossier_fields_json()));
}

/* POST /dossiers/{id}/retention-event {"date", "note"?}: the date of the
 * event the retention counts from; answers the expiry it fixes. */
void lt_api_dossier_retention_event(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	json_t *body = lt_http_json(req);
	lt_dossier *d;
	lt_date due;
	char iso[11];

	if (!cat || !(d = load_dossier(req, cat)))
		return;
	if (lt_retention_event_record(cat, d->id, lt_api_str(body, "date"),
	                              lt_api_str(body, "note"), lt_api_who(req), &due,
	                              &err) != LT_OK) {
		lt_http_reply_error(req, &err);
	} else {
		lt_date_format_iso(&due, iso);
		lt_http_reply_json(req, 200,
		                   json_pack("{s:I, s:s, s:i, s:s}", "id", (json_int_t)d->id,
		                             "eventDate", lt_api_str(body, "date"), "expiryYear",
		                             due.year - 1, "disposalFrom", iso));
	}
	lt_dossier_free(d);
}

/* ---- deposits to the agency archive ----------------------------------------- */

/* POST /deposits {"dossiers": [...], "date"?, "giver"?, "giverPerson"?,
 * "receiver"?, "receiverPerson"?} */
void lt_api_deposit_create(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	json_t *body = lt_http_json(req), *list = json_object_get(body, "dossiers");
	lt_deposit_opts o = LT_DEPOSIT_OPTS_INIT;
	int64_t *ids = NULL, deposit = 0;
	size_t n = json_array_size(list);
	char today[11];
	lt_date t;

	if (!cat)
		return;
	if (!json_is_array(list) || n == 0 || n > 10000) {
		lt_api_bad(req, "%s",
		           LT_TR("cần \"dossiers\": [mã hồ sơ, ...]",
		                 "\"dossiers\": [dossier, ...] is required"));
		return;
	}
	ids = calloc(n, sizeof(*ids));
	for (size_t i = 0; ids && i < n; i++) {
		char ref[80];
		if (lt_dossier_find(&ids[i], cat,
		                    lt_api_ref(json_array_get(list, i), ref, sizeof(ref)),
		                    NULL) != LT_OK) {
			lt_api_not_found(req, "hồ sơ", "dossier", ref);
			free(ids);
			return;
		}
	}
	if (!ids)
		return;
	lt_date_today(&t);
	lt_date_format_iso(&t, today);
	o.date = lt_api_str(body, "date") ? lt_api_str(body, "date") : today;
	o.giver = lt_api_str(body, "giver");
	o.giver_person = lt_api_str(body, "giverPerson");
	o.receiver = lt_api_str(body, "receiver");
	o.receiver_person = lt_api_str(body, "receiverPerson");
	if (lt_deposit_create(&deposit, cat, ids, n, &o, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
	} else {
		char base[80];
		snprintf(base, sizeof(base), "/api/v1/deposits/%lld", (long long)deposit);
		lt_http_reply_json(req, 201,
		                   json_pack("{s:I, s:s, s:I, s:{s:s+, s:s+}}", "id",
		                             (json_int_t)deposit, "date", o.date, "dossiers",
		                             (json_int_t)n, "forms", "list", base, "/list",
		                             "handover", base, "/handover"));
	}
	free(ids);
}

/* GET /deposits */
void lt_api_deposit_list(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	lt_buf out = LT_BUF_INIT;
	json_t *a;
	char *line;

	if (!cat)
		return;
	if (lt_deposit_list(&out, cat, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		lt_buf_free(&out);
		return;
	}
	a = json_array();
	for (line = out.data; line && *line;) {
		char *f[7], *nl = strchr(line, '\n');
		*nl = '\0';
		f[0] = line;
		for (int i = 1; i < 7; i++) {
			f[i] = strchr(f[i - 1], '\t');
			*f[i]++ = '\0';
		}
		json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s, s:i, s:i, s:i}", "id",
		                                   (json_int_t)atoll(f[0]), "date", f[1], "giver",
		                                   f[2], "receiver", f[3], "dossiers", atoi(f[4]),
		                                   "files", atoi(f[5]), "pages", atoi(f[6])));
		line = nl + 1;
	}
	lt_buf_free(&out);
	lt_http_reply_json(req, 200, json_pack("{s:o}", "deposits", a));
}

/* GET /deposits/{id}/{list|handover}?format=html|pdf|csv */
void lt_api_deposit_form(lt_http_req *req)
{
	static const char *const formats[] = {"html", "pdf", "csv", NULL};
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	const char *form = lt_http_param(req, 1);
	const char *format = lt_http_query(req, "format");
	lt_buf out = LT_BUF_INIT;
	long long id = 0;
	char object[64];
	int rc;

	if (!format)
		format = "html";
	if (!cat || lt_api_format(req, format, formats) != 0)
		return;
	if (lt_api_parse_int(lt_http_param(req, 0), 1, INT64_MAX, &id) != 0 ||
	    (strcmp(form, "list") && strcmp(form, "handover"))) {
		lt_api_not_found(req, "lần nộp lưu", "deposit", lt_http_param(req, 0));
		return;
	}
	rc = lt_deposit_form(&out, cat, id, form, format, &err);
	if (rc == LT_ENOTFOUND)
		lt_api_not_found(req, "lần nộp lưu", "deposit", lt_http_param(req, 0));
	else if (rc != LT_OK)
		lt_http_reply_error(req, &err);
	else {
		snprintf(object, sizeof(object), "deposit %lld", id);
		lt_api_reply_export(
		    req, out.data, out.len, format,
		    strcmp(form, "list") == 0 ? "muc-luc-nop-luu" : "bien-ban-giao-nhan", object);
	}
	lt_buf_free(&out);
}
