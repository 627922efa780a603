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
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archive/dossier.h"
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
		    a, json_pack("{s:i, s:I, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s, s:i, s:s?}",
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
		                 (const char *)sqlite3_column_text(st, 10)));
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
	static const char *const formats[] = {"html", "csv", NULL};
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
		           LT_TR("cần {\"record\": mã văn bản}", "{\"record\": id} is required"));
		return;
	}
	if (!(d = load_dossier(req, cat)))
		return;
	if (lt_api_record_visible(req, cat, ref, &rec) == 0) {
		if (lt_dossier_add(cat, d->id, rec, lt_api_who(req), &err) != LT_OK) {
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
