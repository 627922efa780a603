/*
 * service/api_import.c — batch import over HTTP: POST /api/v1/imports
 * uploads a .zip or .tar (with its manifest, docs/import.md) and answers
 * 202 with an import to poll at GET /api/v1/imports/{id}: state, rows done
 * of total, then the report. The import (archive/import.h) runs in a
 * thread of its own with its own catalog connection; the OCR jobs it
 * queues go to the service's background workers, kicked as rows arrive
 * and at the end.
 *
 * Imports are kept in memory (the last MAX_IMPORTS); their records and
 * audit rows are in the catalog as for `luutru import`. lt_http_serve()
 * waits for a running import before it stops.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "archive/import.h"
#include "core/fs.h"
#include "core/log.h"
#include "service/http.h"

#define MAX_IMPORTS 64

typedef struct import_job {
	int64_t id;
	char state[12]; /* "running", "done", "failed" */
	size_t done, total;
	json_t *report; /* when done */
	char error[LT_ERROR_MESSAGE_MAX];
	char error_code[24];
	char who[LT_USERS_LOGIN_MAX + 1];
	lt_principal principal; /* the importer: the import reads and writes as them */
	char source[256];
	int lang;
	lt_buf dir, path;
	char *data_dir;
	void *workers;
	pthread_t tid;
	int joined;
} import_job;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static import_job *jobs[MAX_IMPORTS];
static int64_t next_id = 1;

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
	import_job *j = ctx;
	pthread_mutex_lock(&lock);
	j->done = done;
	j->total = total;
	pthread_mutex_unlock(&lock);
	if (done % 50 == 0)
		lt_http_kick_workers_of(j->workers); /* OCR may start on what is in */
}

static void *run_import(void *arg)
{
	import_job *j = arg;
	lt_import_options opts = LT_IMPORT_OPTIONS_INIT;
	lt_import_report *rep = NULL;
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	json_t *report = NULL;
	int rc;

	lt_lang_set_thread(j->lang);
	opts.user = j->who;
	opts.progress = on_progress;
	opts.progress_ctx = j;
	rc = lt_archive_open(&ar, j->data_dir, 0, &err);
	if (rc == LT_OK)
		lt_catalog_set_principal(lt_archive_catalog(ar), &j->principal);
	if (rc == LT_OK)
		rc = lt_import_run(&rep, ar, lt_buf_cstr(&j->path), &opts, &err);
	if (rc == LT_OK)
		report = report_json(rep);
	lt_fs_remove_tree(lt_buf_cstr(&j->dir), NULL);
	if (rc == LT_OK && rep->imported)
		lt_http_kick_workers_of(j->workers);
	pthread_mutex_lock(&lock);
	if (rc == LT_OK) {
		snprintf(j->state, sizeof(j->state), "done");
		j->report = report;
		j->done = j->total = rep->total;
	} else {
		snprintf(j->state, sizeof(j->state), "failed");
		lt_api_error_hide_path(&err, lt_buf_cstr(&j->path), j->source);
		snprintf(j->error, sizeof(j->error), "%s", err.message);
		snprintf(j->error_code, sizeof(j->error_code), "%s", lt_status_name(err.code));
	}
	pthread_mutex_unlock(&lock);
	lt_log_info("http: import %lld by %s: %s", (long long)j->id, j->who, j->state);
	lt_import_report_free(rep);
	lt_archive_free(ar);
	lt_lang_set_thread(-1);
	return NULL;
}

static void job_free(import_job *j)
{
	if (!j)
		return;
	if (!j->joined)
		pthread_join(j->tid, NULL);
	json_decref(j->report);
	lt_buf_free(&j->dir);
	lt_buf_free(&j->path);
	free(j->data_dir);
	free(j);
}

void lt_api_import_start(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_http_upload *up = lt_http_upload_state(req);
	import_job *j = calloc(1, sizeof(*j)), *old = NULL;
	char detail[320];
	size_t slot = 0;

	if (!j) {
		lt_error_set(&err, LT_ENOMEM, "out of memory");
		lt_http_reply_error(req, &err);
		return;
	}
	if (up->have_file && lt_import_check_name(up->filename, &err) != LT_OK) {
		lt_http_reply_status(req, 400, "invalid", err.message);
		free(j);
		return;
	}
	if (lt_api_upload_to_temp(req, &j->dir, &j->path, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		lt_buf_free(&j->dir);
		lt_buf_free(&j->path);
		free(j);
		return;
	}
	snprintf(j->state, sizeof(j->state), "running");
	snprintf(j->who, sizeof(j->who), "%s", lt_api_who(req));
	j->principal = *lt_http_principal(req);
	snprintf(j->source, sizeof(j->source), "%s", up->filename);
	j->lang = (int)lt_lang_get();
	j->data_dir = strdup(lt_http_data_dir(req));
	j->workers = lt_http_workers(req);

	pthread_mutex_lock(&lock);
	j->id = next_id++;
	/* a free slot, else the oldest finished import makes room */
	for (slot = 0; slot < MAX_IMPORTS && jobs[slot]; slot++)
		;
	if (slot == MAX_IMPORTS) {
		for (slot = 0; slot < MAX_IMPORTS; slot++)
			if (strcmp(jobs[slot]->state, "running") != 0)
				break;
	}
	if (slot < MAX_IMPORTS) {
		old = jobs[slot];
		jobs[slot] = j;
	}
	pthread_mutex_unlock(&lock);
	if (slot == MAX_IMPORTS || !j->data_dir ||
	    pthread_create(&j->tid, NULL, run_import, j) != 0) {
		pthread_mutex_lock(&lock);
		if (slot < MAX_IMPORTS)
			jobs[slot] = old, old = NULL;
		pthread_mutex_unlock(&lock);
		lt_fs_remove_tree(lt_buf_cstr(&j->dir), NULL);
		j->joined = 1;
		job_free(j);
		lt_error_set(&err, LT_EBUSY,
		             LT_TR("đang có quá nhiều lượt nhập; thử lại sau",
		                   "too many imports running; try again later"));
		lt_http_reply_error(req, &err);
		return;
	}
	job_free(old);
	snprintf(detail, sizeof(detail), "import=%lld source=%s bytes=%llu", (long long)j->id,
	         up->filename, (unsigned long long)up->bytes);
	lt_http_audit(req, "import", up->filename, detail);
	{
		char url[64];
		snprintf(url, sizeof(url), "/api/v1/imports/%lld", (long long)j->id);
		lt_http_add_header(req, "Location", url);
		lt_http_reply_json(req, 202,
		                   json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)j->id,
		                             "state", "running", "source", up->filename, "url",
		                             url));
	}
}

void lt_api_import_get(lt_http_req *req)
{
	long long id = 0;
	json_t *out = NULL;

	if (lt_api_parse_int(lt_http_param(req, 0), 1, INT64_MAX, &id) == 0) {
		pthread_mutex_lock(&lock);
		for (size_t i = 0; i < MAX_IMPORTS; i++) {
			import_job *j = jobs[i];
			/* Its report names the importer's records: shown to those
			 * who may see all the importer may (archive/access.h). */
			if (!j || j->id != id ||
			    !lt_access_sees_all_of(lt_http_principal(req), &j->principal))
				continue;
			out = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I}", "id", (json_int_t)j->id,
			                "state", j->state, "source", j->source, "user", j->who,
			                "done", (json_int_t)j->done, "total", (json_int_t)j->total);
			if (j->report)
				json_object_set(out, "report", j->report);
			if (j->error[0])
				json_object_set_new(out, "error",
				                    json_pack("{s:s, s:s}", "code", j->error_code,
				                              "message", j->error));
		}
		pthread_mutex_unlock(&lock);
	}
	if (!out) {
		lt_api_not_found(req, "lượt nhập", "import", lt_http_param(req, 0));
		return;
	}
	lt_http_reply_json(req, 200, out);
}

void lt_api_imports_wait(void)
{
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < MAX_IMPORTS; i++) {
		import_job *j = jobs[i];
		jobs[i] = NULL;
		pthread_mutex_unlock(&lock);
		job_free(j);
		pthread_mutex_lock(&lock);
	}
	pthread_mutex_unlock(&lock);
}
