/*
 * service/api_import.c — batch import over HTTP: POST /api/v1/imports
 * uploads a .zip or .tar (with its manifest, docs/import.md) and answers
 * 202 with an import to poll at GET /api/v1/imports/{id}: state, rows done
 * of total, then the report. The import (archive/import.h) runs in a
 * thread of its own with its own catalog connection; the OCR jobs it
 * queues go to the service's background workers, kicked as rows arrive
 * and at the end.
 *
 * An import is long work of the registry (archive/work.h, run by
 * api_work.c): its state, rows done of total and its report are the work's
 * (kept in the catalog, also listed by GET /api/v1/work); its records and
 * audit rows are in the catalog as for `luutru import`. lt_http_serve()
 * waits for a running import before it stops.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "archive/import.h"
#include "archive/work.h"
#include "core/fs.h"
#include "core/log.h"
#include "service/http.h"

typedef struct import_arg {
	int64_t id;
	char source[256];
	lt_buf dir, path;
	void *workers;
} import_arg;

static json_t *report_json(const lt_import_report *rep)
{
	json_t *fails = json_array(), *warns = json_array();
	for (size_t i = 0; i < rep->nfailures; i++) {
		const lt_import_failure *f = &rep->failures[i];
		json_array_append_new(fails,
		                      json_pack("{s:I, s:I, s:s?, s:s?, s:s, s:s}", "row",
		                                (json_int_t)f->row, "line", (json_int_t)f->line,
		                                "entry", f->entry, "docId", f->doc_id, "code",
		                                lt_status_name(f->code), "message", f->message));
	}
	for (size_t i = 0; i < rep->nwarnings; i++) {
		const lt_import_failure *w = &rep->warnings[i];
		json_array_append_new(warns,
		                      json_pack("{s:I, s:s?, s:s}", "row", (json_int_t)w->row,
		                                "docId", w->doc_id, "message", w->message));
	}
	return json_pack("{s:s, s:I, s:I, s:I, s:I, s:o, s:o}", "manifest",
	                 rep->manifest ? rep->manifest : "", "total", (json_int_t)rep->total,
	                 "imported", (json_int_t)rep->imported, "skipped", (json_int_t)rep->skipped,
	                 "failed", (json_int_t)rep->failed, "failures", fails, "warnings", warns);
}

static void on_progress(void *ctx, size_t done, size_t total)
{
	import_arg *a = ctx;
	lt_work_progress(a->id, "rows", done, total);
	if (done % 50 == 0)
		lt_http_kick_workers_of(a->workers); /* OCR may start on what is in */
}

static void import_arg_free(void *p)
{
	import_arg *a = p;
	if (lt_buf_cstr(&a->dir)[0])
		lt_fs_remove_tree(lt_buf_cstr(&a->dir), NULL);
	lt_buf_free(&a->dir);
	lt_buf_free(&a->path);
	free(a);
}

static int run_import(lt_archive *ar, int64_t id, void *arg, json_t **result, lt_error *err)
{
	import_arg *a = arg;
	lt_import_options opts = LT_IMPORT_OPTIONS_INIT;
	lt_import_report *rep = NULL;
	int rc;

	a->id = id;
	opts.user = lt_catalog_principal(lt_archive_catalog(ar))->login;
	opts.progress = on_progress;
	opts.progress_ctx = a;
	rc = lt_import_run(&rep, ar, lt_buf_cstr(&a->path), &opts, err);
	if (rc == LT_OK) {
		*result = report_json(rep);
		lt_work_progress(id, "rows", rep->total, rep->total);
		if (rep->imported)
			lt_http_kick_workers_of(a->workers);
	} else {
		lt_error_hide_path(err, lt_buf_cstr(&a->path), a->source);
	}
	lt_import_report_free(rep);
	return rc;
}

void lt_api_import_start(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_http_upload *up = lt_http_upload_state(req);
	import_arg *a = calloc(1, sizeof(*a));
	char detail[320], url[64];
	int64_t id = 0;

	if (!a) {
		lt_error_set(&err, LT_ENOMEM, "out of memory");
		lt_http_reply_error(req, &err);
		return;
	}
	if (up->have_file && lt_import_check_name(up->filename, &err) != LT_OK) {
		lt_http_reply_status(req, 400, "invalid", err.message);
		free(a);
		return;
	}
	if (lt_api_upload_to_temp(req, &a->dir, &a->path, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		lt_buf_free(&a->dir);
		lt_buf_free(&a->path);
		free(a);
		return;
	}
	snprintf(a->source, sizeof(a->source), "%s", up->filename);
	a->workers = lt_http_workers(req);
	/* a->id is set by run_import before any progress is reported */
	if (lt_api_work_start(req, "import", up->filename, 0, run_import, a, import_arg_free, &id,
	                      &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	snprintf(detail, sizeof(detail), "import=%lld source=%s bytes=%llu", (long long)id,
	         up->filename, (unsigned long long)up->bytes);
	lt_http_audit(req, "import", up->filename, detail);
	snprintf(url, sizeof(url), "/api/v1/imports/%lld", (long long)id);
	lt_http_add_header(req, "Location", url);
	lt_http_reply_json(req, 202,
	                   json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "state",
	                             "running", "source", up->filename, "url", url));
}

/* GET /imports/{id}: the import's work as this route has always shown it
 * (id a number, "report" for the result). */
void lt_api_import_get(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	const char *ref = lt_http_param(req, 0);
	lt_work_item *it = NULL;
	long long id = 0;
	json_t *out = NULL;

	if (!cat)
		return;
	if (lt_api_parse_int(ref, 1, INT64_MAX, &id) == 0 &&
	    lt_work_get(&it, cat, ref, &err) == LT_OK && strcmp(it->kind, "import") == 0) {
		out = lt_api_work_json(it);
		json_object_set_new(out, "id", json_integer(id));
		json_object_set(out, "user", json_object_get(out, "startedBy"));
		if (json_object_get(out, "result")) {
			json_object_set(out, "report", json_object_get(out, "result"));
			json_object_del(out, "result");
		}
	}
	lt_work_items_free(it, it ? 1 : 0);
	if (!out) {
		lt_api_not_found(req, "lượt nhập", "import", ref);
		return;
	}
	lt_http_reply_json(req, 200, out);
}
