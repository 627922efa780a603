/*
 * service/api_disposition.c — disposition (tiêu hủy: propose, approve by
 * someone else, execute, destruction record) and transfer to the
 * historical archive (nộp lưu: candidates, run, download) over HTTP, on
 * retention/disposition.h and retention/transfer.h as `luutru dispose` and
 * `luutru transfer` use them.
 *
 * The catalog reads as the caller (archive/access.h): a dossier they may
 * not see answers 404 as if missing. A transfer's outputs go to <data>/transfers/<id>/ and are
 * downloaded from GET /transfers/{id}/{package|list|handover}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "archive/dossier.h"
#include "core/date.h"
#include "core/fs.h"
#include "retention/disposition.h"
#include "retention/due.h"
#include "retention/transfer.h"
#include "service/http.h"
#include "service/ops.h"

static int visible_dossier(lt_http_req *req, lt_catalog *cat, const char *ref, int64_t *id)
{
	if (lt_retention_dossier_ref(cat, ref, id, NULL) == LT_OK)
		return 0;
	lt_api_not_found(req, "hồ sơ", "dossier", ref);
	return -1;
}

/* body "dossiers": [ref, ...] → ids (malloc'd), or NULL after answering. */
static int64_t *dossier_ids(lt_http_req *req, lt_catalog *cat, json_t *list, size_t *n)
{
	int64_t *ids;
	*n = json_array_size(list);
	if (!json_is_array(list) || *n == 0 || *n > 10000) {
		lt_api_bad(req, "%s",
		           LT_TR("cần \"dossiers\": [mã hồ sơ, ...]",
		                 "\"dossiers\": [dossier, ...] is required"));
		return NULL;
	}
	ids = calloc(*n, sizeof(*ids));
	for (size_t i = 0; ids && i < *n; i++) {
		json_t *v = json_array_get(list, i);
		char ref[80];
		if (visible_dossier(req, cat, lt_api_ref(v, ref, sizeof(ref)), &ids[i]) != 0) {
			free(ids);
			return NULL;
		}
	}
	return ids;
}

static json_t *ids_json(const int64_t *ids, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_integer((json_int_t)ids[i]));
	return a;
}

static int today_of(lt_http_req *req, lt_date *day)
{
	lt_error err = LT_ERROR_INIT;
	const char *v = lt_http_query(req, "date");
	lt_date_today(day);
	if (v && lt_date_parse(day, v, &err) != LT_OK) {
		lt_http_reply_status(req, 400, "invalid", err.message);
		return -1;
	}
	return 0;
}

/* GET /disposition/candidates and /transfers/candidates */
static void candidates(lt_http_req *req, int transfer)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	int64_t *ids = NULL;
	size_t n = 0;
	lt_date day;

	if (!cat || today_of(req, &day) != 0)
		return;
	if ((transfer ? lt_transfer_candidates(&ids, &n, cat, &day, &err)
	              : lt_disposition_candidates(&ids, &n, cat, &day, &err)) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	lt_http_reply_json(req, 200, json_pack("{s:o}", "dossiers", ids_json(ids, n)));
	free(ids);
}

void lt_api_disposition_candidates(lt_http_req *req)
{
	candidates(req, 0);
}

void lt_api_transfer_candidates(lt_http_req *req)
{
	candidates(req, 1);
}

/* POST /disposition {"dossiers": [...], "explanation": "..."} */
void lt_api_disposition_propose(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	json_t *body = lt_http_json(req);
	int64_t *ids, batch = 0;
	size_t n;
	lt_date day;

	if (!cat || today_of(req, &day) != 0 ||
	    !(ids = dossier_ids(req, cat, json_object_get(body, "dossiers"), &n)))
		return;
	if (lt_disposition_propose(&batch, cat, ids, n, lt_api_str(body, "explanation"), &day,
	                           &err) != LT_OK)
		lt_http_reply_error(req, &err);
	else
		lt_http_reply_json(req, 201,
		                   json_pack("{s:I, s:o, s:s}", "id", (json_int_t)batch, "dossiers",
		                             ids_json(ids, n), "state", "proposed"));
	free(ids);
}

static int batch_param(lt_http_req *req, int64_t *batch)
{
	long long v = 0;
	if (lt_api_parse_int(lt_http_param(req, 0), 1, INT64_MAX, &v) != 0) {
		lt_api_not_found(req, "danh sách tiêu hủy", "destruction list",
		                 lt_http_param(req, 0));
		return -1;
	}
	*batch = (int64_t)v;
	return 0;
}

/* GET /disposition[?state=] → {"lists": [...]}, the lists the caller sees
 * (service/ops.h has the shape; a list with a dossier above the caller's
 * clearance is not among them) */
void lt_api_disposition_list(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	lt_disposition_list *v = NULL;
	json_t *a;
	size_t n = 0;

	if (!cat)
		return;
	if (lt_disposition_lists(&v, &n, cat, lt_http_query(req, "state"), &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, lt_ops_disposition_json(&v[i]));
	lt_disposition_lists_free(v, n);
	lt_http_reply_json(req, 200, json_pack("{s:o}", "lists", a));
}

/* GET /disposition/{id} → one list with its dossiers; 404 when missing or
 * not visible. "report": the destruction record's URL once executed. */
void lt_api_disposition_get(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	lt_disposition_list *l = NULL;
	json_t *j;
	int64_t batch;

	if (!cat || batch_param(req, &batch) != 0)
		return;
	if (lt_disposition_get(&l, cat, batch, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	j = lt_ops_disposition_json(l);
	if (l->has_report) {
		char url[80];
		snprintf(url, sizeof(url), "/api/v1/disposition/%lld/report", (long long)batch);
		json_object_set_new(j, "report", json_string(url));
	}
	lt_disposition_lists_free(l, 1);
	lt_http_reply_json(req, 200, j);
}

/* POST /disposition/{id}/approve {"decisionNo", "decisionDate", "minutes",
 * "appraisal"} */
void lt_api_disposition_approve(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	json_t *body = lt_http_json(req);
	int64_t batch;

	if (!cat || batch_param(req, &batch) != 0)
		return;
	if (lt_disposition_approve(cat, batch, lt_api_str(body, "decisionNo"),
	                           lt_api_str(body, "decisionDate"), lt_api_str(body, "minutes"),
	                           lt_api_str(body, "appraisal"), &err) != LT_OK)
		lt_http_reply_error(req, &err);
	else
		lt_http_reply_json(
		    req, 200,
		    json_pack("{s:I, s:s}", "id", (json_int_t)batch, "state", "approved"));
}

/* POST /disposition/{id}/execute {"handover"} */
void lt_api_disposition_execute(lt_http_req *req)
{
	json_t *body = lt_http_json(req);
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = lt_http_archive(req, &err);
	char *html = NULL, url[80];
	size_t blobs = 0;
	int64_t batch;
	lt_date day;

	if (!ar) {
		lt_http_reply_error(req, &err);
		return;
	}
	if (batch_param(req, &batch) != 0 || today_of(req, &day) != 0)
		return;
	if (lt_disposition_execute(ar, batch, &day, lt_api_str(body, "handover"), &html, &blobs,
	                           &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	free(html);
	lt_http_kick_workers(req); /* the index drops the destroyed records */
	snprintf(url, sizeof(url), "/api/v1/disposition/%lld/report", (long long)batch);
	lt_http_reply_json(req, 200,
	                   json_pack("{s:I, s:s, s:I, s:s}", "id", (json_int_t)batch, "state",
	                             "executed", "blobsRemoved", (json_int_t)blobs, "report", url));
}

/* GET /disposition/{id}/report[?format=html|pdf] → the destruction record
 * (biên bản hủy): the HTML stored at execution, or the same form as PDF */
void lt_api_disposition_report(lt_http_req *req)
{
	static const char *const formats[] = {"html", "pdf", NULL};
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	const char *format = lt_http_query(req, "format");
	char *html = NULL, object[64];
	int64_t batch;

	if (!format)
		format = "html";
	if (!cat || batch_param(req, &batch) != 0 || lt_api_format(req, format, formats) != 0)
		return;
	snprintf(object, sizeof(object), "disposition %lld", (long long)batch);
	if (strcmp(format, "pdf") == 0) {
		lt_buf out = LT_BUF_INIT;
		if (lt_disposition_report_form(&out, cat, batch, "pdf", &err) != LT_OK)
			lt_http_reply_error(req, &err);
		else
			lt_api_reply_export(req, out.data, out.len, "pdf", "bien-ban-huy", object);
		lt_buf_free(&out);
		return;
	}
	if (lt_disposition_report(&html, cat, batch, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	lt_api_reply_export(req, html, strlen(html), "html", "bien-ban-huy", object);
	free(html);
}

/* POST /disposition/{id}/cancel {"reason"} */
void lt_api_disposition_cancel(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	int64_t batch;

	if (!cat || batch_param(req, &batch) != 0)
		return;
	if (lt_disposition_cancel(cat, batch, lt_api_str(lt_http_json(req), "reason"), &err) !=
	    LT_OK)
		lt_http_reply_error(req, &err);
	else
		lt_http_reply_json(
		    req, 200,
		    json_pack("{s:I, s:s}", "id", (json_int_t)batch, "state", "cancelled"));
}

/* POST /transfers {"dossiers": [...], "receiver"?, "date"?} — date: the
 * transfer as of that day (retention/transfer.h, lt_transfer_run_at). */
void lt_api_transfer_run(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = lt_http_archive(req, &err);
	json_t *body = lt_http_json(req);
	lt_buf tmp = LT_BUF_INIT, parent = LT_BUF_INIT, final = LT_BUF_INIT;
	lt_transfer_result res;
	int64_t *ids = NULL;
	size_t n;

	if (!ar) {
		lt_http_reply_error(req, &err);
		return;
	}
	if (!(ids =
	          dossier_ids(req, lt_archive_catalog(ar), json_object_get(body, "dossiers"), &n)))
		return;
	memset(&res, 0, sizeof(res));
	lt_buf_printf(&parent, "%s/transfers", lt_http_data_dir(req));
	if (lt_fs_mkdirs(lt_buf_cstr(&parent), &err) != LT_OK ||
	    lt_fs_mkdtemp(&tmp, lt_buf_cstr(&parent), &err) != LT_OK ||
	    lt_transfer_run_at(&res, ar, ids, n, lt_api_who(req), lt_api_str(body, "receiver"),
	                       lt_api_str(body, "date"), lt_buf_cstr(&tmp), &err) != LT_OK) {
		if (tmp.len)
			lt_fs_remove_tree(lt_buf_cstr(&tmp), NULL);
		lt_http_reply_error(req, &err);
		goto done;
	}
	/* <data>/transfers/<id>/ with the three outputs under fixed names */
	lt_buf_printf(&final, "%s/%lld", lt_buf_cstr(&parent), (long long)res.transfer_id);
	{
		const char *ext = strrchr(res.package_path, '.');
		lt_buf a = LT_BUF_INIT;
		int ok = rename(lt_buf_cstr(&tmp), lt_buf_cstr(&final)) == 0;
		const char *base[3] = {strrchr(res.package_path, '/'), strrchr(res.list_path, '/'),
		                       strrchr(res.handover_path, '/')};
		const char *names[3] = {"package", "list.html", "handover.html"};
		for (int i = 0; ok && i < 3; i++) {
			lt_buf b = LT_BUF_INIT;
			a.len = 0;
			lt_buf_printf(&a, "%s%s", lt_buf_cstr(&final), base[i] ? base[i] : "/-");
			if (i == 0)
				lt_buf_printf(&b, "%s/package%s", lt_buf_cstr(&final),
				              ext && !strchr(ext, '/') ? ext : "");
			else
				lt_buf_printf(&b, "%s/%s", lt_buf_cstr(&final), names[i]);
			ok = rename(lt_buf_cstr(&a), lt_buf_cstr(&b)) == 0;
			lt_buf_free(&b);
		}
		lt_buf_free(&a);
		if (!ok) {
			lt_error_set(&err, LT_EIO, "%s",
			             LT_TR("đã nộp lưu nhưng không chuyển được tệp kết quả",
			                   "transferred, but the output files could not be moved"));
			lt_http_reply_error(req, &err);
			goto done;
		}
	}
	{
		char base[80];
		snprintf(base, sizeof(base), "/api/v1/transfers/%lld", (long long)res.transfer_id);
		lt_http_audit(req, "transfer", NULL, base);
		lt_http_reply_json(req, 201,
		                   json_pack("{s:I, s:s, s:I, s:I, s:{s:s+, s:s+, s:s+}}", "id",
		                             (json_int_t)res.transfer_id, "date", res.date,
		                             "dossiers", (json_int_t)res.dossiers, "files",
		                             (json_int_t)res.files, "downloads", "package", base,
		                             "/package", "list", base, "/list", "handover", base,
		                             "/handover"));
	}
done:
	free(ids);
	lt_buf_free(&tmp);
	lt_buf_free(&parent);
	lt_buf_free(&final);
}

/* GET /transfers/{id}/{package|list|handover} */
/* GET /transfers → {"transfers": [{id, transferredAt, dossiers: [{id,
 * fileCode, title}]}]}, newest first: the dossiers the caller may see
 * (the catalog reads as the caller), grouped by transfer. */
void lt_api_transfer_list(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	lt_buf out = LT_BUF_INIT;
	json_t *rows, *list, *v, *by_id;
	size_t i;

	if (!cat)
		return;
	if (lt_transfer_list(&out, cat, 0, 0, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		lt_buf_free(&out);
		return;
	}
	rows = lt_ops_transfer_list_json(&out);
	lt_buf_free(&out);
	list = json_array();
	by_id = json_object();
	json_array_foreach(rows, i, v)
	{
		char key[24];
		json_t *t;
		snprintf(key, sizeof(key), "%lld",
		         (long long)json_integer_value(json_object_get(v, "transferId")));
		if (!(t = json_object_get(by_id, key))) {
			t = json_pack("{s:O, s:O, s:[]}", "id", json_object_get(v, "transferId"),
			              "transferredAt", json_object_get(v, "transferredAt"),
			              "dossiers");
			json_object_set_new(by_id, key, t);
			json_array_insert(list, 0, t); /* the rows come oldest first */
		}
		json_array_append_new(json_object_get(t, "dossiers"),
		                      json_pack("{s:O, s:O, s:O}", "id",
		                                json_object_get(v, "dossierId"), "fileCode",
		                                json_object_get(v, "fileCode"), "title",
		                                json_object_get(v, "title")));
	}
	json_decref(by_id);
	json_decref(rows);
	lt_http_reply_json(req, 200, json_pack("{s:o}", "transfers", list));
}

void lt_api_transfer_file(lt_http_req *req)
{
	const char *what = lt_http_param(req, 1);
	long long id = 0;
	lt_buf path = LT_BUF_INIT;
	char object[64], disp[120];
	const char *exts[] = {".zip", ".tar", ".tar.gz", ""};
	int found = 0;

	if (lt_api_parse_int(lt_http_param(req, 0), 1, INT64_MAX, &id) != 0 ||
	    (strcmp(what, "package") && strcmp(what, "list") && strcmp(what, "handover"))) {
		lt_api_not_found(req, "tệp nộp lưu", "transfer file", what);
		return;
	}
	for (size_t i = 0; !found && i < sizeof(exts) / sizeof(exts[0]); i++) {
		struct stat st;
		path.len = 0;
		if (strcmp(what, "package") == 0)
			lt_buf_printf(&path, "%s/transfers/%lld/package%s", lt_http_data_dir(req),
			              id, exts[i]);
		else
			lt_buf_printf(&path, "%s/transfers/%lld/%s.html", lt_http_data_dir(req), id,
			              what);
		found = stat(lt_buf_cstr(&path), &st) == 0 && S_ISREG(st.st_mode);
	}
	if (!found) {
		lt_api_not_found(req, "tệp nộp lưu", "transfer file", what);
		lt_buf_free(&path);
		return;
	}
	snprintf(object, sizeof(object), "transfer %lld", id);
	if (lt_http_audit(req, "download", object, what) != LT_OK) {
		lt_error err = LT_ERROR_INIT;
		lt_error_set(&err, LT_EBUSY,
		             LT_TR("không ghi được nhật ký truy cập; thử lại sau",
		                   "cannot write the audit log; try again later"));
		lt_http_reply_error(req, &err);
	} else if (strcmp(what, "package") == 0) {
		snprintf(disp, sizeof(disp), "attachment; filename=\"nop-luu-%lld%s\"", id,
		         strrchr(lt_buf_cstr(&path), '.'));
		lt_http_reply_file(req, lt_buf_cstr(&path), "application/octet-stream", disp);
	} else {
		lt_http_reply_file(req, lt_buf_cstr(&path), "text/html; charset=utf-8", NULL);
	}
	lt_buf_free(&path);
}
