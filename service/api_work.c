/*
 * service/api_work.c — long work over HTTP: POST /api/v1/work starts a
 * reindex, a verify or a backup; GET /api/v1/work lists the work of the
 * archive (these, batch imports and OCR jobs), newest first; GET
 * /api/v1/work/{id} shows one with its progress and result.
 *
 * The registry is archive/work.h: a row per piece of work in the catalog,
 * progress in memory while it runs here, the result kept when it ends, so
 * a browser may leave and come back, and a restarted service still shows
 * what was done (and what a stop interrupted). This file only runs the
 * work: each piece in a thread of its own with its own catalog connection
 * bound to its starter (lt_api_work_start, also used by api_import.c),
 * and lt_http_serve waits for them before it stops (lt_api_work_wait).
 *
 * Who may start what (docs/security.md, "Long work"): reindex, verify and
 * backup are work on the archive as a whole; archive/ lets only an admin
 * of clearance 3 (or the operator) do them (lt_access_require_whole), as
 * at the command line, so the route is the admin's. Reading the list is
 * for the roles that read compliance (an inspector sees verify's results);
 * each row is shown only to those cleared as far as its starter.
 *
 * A backup is made under luutru.conf's backup_dir (relative to the data
 * directory, default "backups"): a full one in a new set
 * luutru-YYYYMMDD-HHMMSS, an incremental one into the newest sealed set.
 * The request names no path, and the answer names the set, never where
 * it is.
 */
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "archive/backup.h"
#include "archive/verify.h"
#include "archive/work.h"
#include "core/config.h"
#include "core/fs.h"
#include "core/log.h"
#include "indexer/index.h"
#include "service/http.h"

/* ---- running work ------------------------------------------------------ */

typedef struct runner {
	int64_t id;
	char kind[12];
	lt_principal principal;
	int lang;
	char *data_dir;
	lt_api_work_fn fn;
	void *arg;
	void (*arg_free)(void *arg);
	pthread_t tid;
	int finished;
	struct runner *next;
} runner;

/* Work running at once in this service, all kinds together: beyond it a
 * start is refused (busy) rather than a thread and a connection more for
 * each request (imports are not exclusive). */
#define MAX_RUNNING 32

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static runner *runners;

static void runner_free(runner *r)
{
	if (r->arg_free && r->arg)
		r->arg_free(r->arg);
	free(r->data_dir);
	free(r);
}

/* Join and free the runners that have finished (lock held). */
static void reap(void)
{
	runner **pp = &runners;
	while (*pp) {
		runner *r = *pp;
		if (!r->finished) {
			pp = &r->next;
			continue;
		}
		*pp = r->next;
		pthread_join(r->tid, NULL);
		runner_free(r);
	}
}

static void *runner_main(void *p)
{
	runner *r = p;
	lt_error err = LT_ERROR_INIT, e2 = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	json_t *result = NULL;
	char *text = NULL;
	int rc;

	lt_lang_set_thread(r->lang);
	rc = lt_archive_open(&ar, r->data_dir, 0, &err);
	if (rc == LT_OK) {
		lt_catalog_set_principal(lt_archive_catalog(ar), &r->principal);
		lt_work_track(r->id);
		rc = r->fn(ar, r->id, r->arg, &result, &err);
		lt_work_track(0);
	}
	if (rc == LT_OK && result)
		text = json_dumps(result, JSON_COMPACT);
	json_decref(result);
	if (ar && lt_work_finish(lt_archive_catalog(ar), r->id, text, rc ? &err : NULL, &e2) != 0)
		lt_log_error("http: %s %lld: cannot record its end: %s", r->kind, (long long)r->id,
		             e2.message);
	else if (!ar)
		lt_log_error("http: %s %lld: %s", r->kind, (long long)r->id, err.message);
	lt_log_info("http: %s %lld by %s: %s", r->kind, (long long)r->id, r->principal.login,
	            rc ? "failed" : "done");
	free(text);
	lt_archive_free(ar);
	lt_lang_set_thread(-1);
	pthread_mutex_lock(&lock);
	r->finished = 1;
	pthread_mutex_unlock(&lock);
	return NULL;
}

int lt_api_work_start(lt_http_req *req, const char *kind, const char *source, int exclusive,
                      lt_api_work_fn fn, void *arg, void (*arg_free)(void *arg), int64_t *id,
                      lt_error *err)
{
	lt_catalog *cat = NULL;
	lt_archive *ar = lt_http_archive(req, err);
	runner *r = calloc(1, sizeof(*r));
	int rc = LT_OK;

	*id = 0;
	pthread_mutex_lock(&lock);
	{
		size_t running = 0;
		reap();
		for (runner *x = runners; x; x = x->next)
			running++;
		if (running >= MAX_RUNNING)
			rc = lt_error_set(err, LT_EBUSY,
			                  LT_TR("đang có quá nhiều công việc chạy; thử lại sau",
			                        "too much work running; try again later"));
	}
	pthread_mutex_unlock(&lock);
	if (rc == LT_OK && !ar)
		rc = err->code ? err->code : LT_ERR;
	else if (rc == LT_OK && (!r || !(r->data_dir = strdup(lt_http_data_dir(req)))))
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
	if (rc == LT_OK) {
		cat = lt_archive_catalog(ar);
		rc = lt_work_create(id, cat, kind, source, exclusive, err);
	}
	if (rc != LT_OK) {
		if (r)
			free(r->data_dir);
		free(r);
		if (arg_free)
			arg_free(arg);
		return rc;
	}
	r->id = *id;
	snprintf(r->kind, sizeof(r->kind), "%s", kind);
	r->principal = *lt_http_principal(req);
	r->lang = (int)lt_lang_get();
	r->fn = fn;
	r->arg = arg;
	r->arg_free = arg_free;
	pthread_mutex_lock(&lock);
	reap();
	if (pthread_create(&r->tid, NULL, runner_main, r) != 0) {
		pthread_mutex_unlock(&lock);
		lt_error_set(err, LT_EBUSY,
		             LT_TR("không tạo được luồng cho công việc; thử lại sau",
		                   "cannot start a thread for the work; try again later"));
		lt_work_finish(cat, r->id, NULL, err, NULL);
		runner_free(r);
		*id = 0;
		return LT_EBUSY;
	}
	r->next = runners;
	runners = r;
	pthread_mutex_unlock(&lock);
	return LT_OK;
}

void lt_api_work_wait(void)
{
	pthread_mutex_lock(&lock);
	while (runners) {
		runner *r = runners;
		runners = r->next;
		pthread_mutex_unlock(&lock);
		pthread_join(r->tid, NULL);
		runner_free(r);
		pthread_mutex_lock(&lock);
	}
	pthread_mutex_unlock(&lock);
}

/* ---- reading ------------------------------------------------------------ */

json_t *lt_api_work_json(const lt_work_item *it)
{
	json_t *j = json_pack(
	    "{s:s, s:s, s:s, s:s?, s:s, s:s, s:I, s:I, s:s, s:s?}", "id", it->id, "kind", it->kind,
	    "state", it->state, "startedBy", it->started_by, "source", it->source ? it->source : "",
	    "phase", it->phase ? it->phase : "", "done", (json_int_t)it->done, "total",
	    (json_int_t)it->total, "startedAt", it->created_at, "finishedAt", it->finished_at);
	if (!j)
		return NULL;
	if (it->record_id)
		json_object_set_new(j, "recordId", json_integer((json_int_t)it->record_id));
	if (it->result) {
		json_t *res = json_loads(it->result, 0, NULL);
		if (res)
			json_object_set_new(j, "result", res);
	}
	if (it->error || it->error_code)
		json_object_set_new(j, "error",
		                    json_pack("{s:s, s:s}", "code",
		                              it->error_code ? it->error_code : "failed", "message",
		                              it->error ? it->error : ""));
	return j;
}

/* GET /work?kind=&state=&limit=&offset= → {"work": [...]} newest first */
void lt_api_work_list(lt_http_req *req)
{
	lt_work_filter f = LT_WORK_FILTER_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	lt_work_item *v = NULL;
	const char *limit = lt_http_query(req, "limit"), *offset = lt_http_query(req, "offset");
	long long n;
	size_t cnt = 0;
	json_t *a;

	if (!cat)
		return;
	f.kind = lt_http_query(req, "kind");
	f.state = lt_http_query(req, "state");
	if (f.kind && !*f.kind)
		f.kind = NULL;
	if (f.state && !*f.state)
		f.state = NULL;
	if (f.kind && !lt_work_kind_valid(f.kind)) {
		lt_api_bad(req, LT_TR("kind phải là import, ocr, reindex, verify hoặc backup",
		                      "kind must be import, ocr, reindex, verify or backup"));
		return;
	}
	if (f.state && !lt_work_state_valid(f.state)) {
		lt_api_bad(req,
		           LT_TR("state phải là queued, running, done, failed hoặc interrupted",
		                 "state must be queued, running, done, failed or interrupted"));
		return;
	}
	if (limit && *limit) {
		if (lt_api_parse_int(limit, 1, 500, &n) != 0) {
			lt_api_bad(req, LT_TR("limit phải từ 1 đến 500", "limit must be 1 to 500"));
			return;
		}
		f.limit = (size_t)n;
	}
	if (offset && *offset) {
		if (lt_api_parse_int(offset, 0, 100000000, &n) != 0) {
			lt_api_bad(req, LT_TR("offset phải là số không âm",
			                      "offset must be a non-negative number"));
			return;
		}
		f.offset = (size_t)n;
	}
	if (lt_work_list(&v, &cnt, cat, &f, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	a = json_array();
	for (size_t i = 0; i < cnt; i++)
		json_array_append_new(a, lt_api_work_json(&v[i]));
	lt_work_items_free(v, cnt);
	lt_http_reply_json(req, 200, json_pack("{s:o}", "work", a));
}

/* GET /work/{id} */
void lt_api_work_get(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	lt_work_item *it = NULL;

	if (!cat)
		return;
	if (lt_work_get(&it, cat, lt_http_param(req, 0), &err) != LT_OK) {
		if (err.code == LT_ENOTFOUND)
			lt_api_not_found(req, "công việc", "work", lt_http_param(req, 0));
		else
			lt_http_reply_error(req, &err);
		return;
	}
	lt_http_reply_json(req, 200, lt_api_work_json(it));
	lt_work_items_free(it, 1);
}

/* ---- the kinds ---------------------------------------------------------- */

/* A count as the whole archive has it, for a progress bar's total. */
static uint64_t count_all(lt_archive *ar, const char *sql)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	lt_principal saved;
	sqlite3_stmt *st = NULL;
	uint64_t n = 0;

	/* only a bar's length: the starter works on the whole archive */
	lt_catalog_enter_system(cat, &saved);
	if (sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	lt_catalog_leave_system(cat, &saved);
	return n;
}

/* As `luutru reindex`: a new generation built from the catalog, swapped
 * in, then what changed meanwhile (searches go on from the old one). */
static int run_reindex(lt_archive *ar, int64_t id, void *arg, json_t **result, lt_error *err)
{
	const char *path = lt_archive_index_path(ar);
	lt_catalog *cat = lt_archive_catalog(ar);
	lt_index_sync_stats st, catchup;
	lt_index *ix = NULL;
	int rc;

	(void)arg;
	memset(&catchup, 0, sizeof(catchup));
	rc = lt_work_phase(cat, id, "index", 0, count_all(ar, "SELECT count(*) FROM records"), err);
	if (rc == LT_OK)
		rc = lt_index_regenerate(path, cat, NULL, &st, err);
	if (rc == LT_OK) {
		lt_error e = LT_ERROR_INIT;
		lt_work_phase(cat, id, "catchup", st.documents, st.documents, &e);
		/* What changed during the build; when the service's own index
		 * writer holds the lock, it applies the rest itself. */
		if (lt_index_open(&ix, path, LT_INDEX_WRITE, &e) == LT_OK)
			lt_index_sync(ix, cat, &catchup, &e);
		lt_index_free(ix);
		if (e.code && e.code != LT_EBUSY)
			lt_log_warn("reindex: catch-up: %s", e.message);
	}
	if (rc == LT_OK)
		*result = json_pack("{s:I, s:I}", "documents", (json_int_t)st.documents, "caughtUp",
		                    (json_int_t)catchup.documents);
	return rc;
}

typedef struct verify_arg {
	int fixity;
} verify_arg;

/* The structure check (catalog, stored files, leftovers), then with
 * fixity every stored file read and hashed again; both write their audit
 * entry (verify.structure, verify.fixity) as at the command line. */
static int run_verify(lt_archive *ar, int64_t id, void *arg, json_t **result, lt_error *err)
{
	const verify_arg *a = arg;
	lt_catalog *cat = lt_archive_catalog(ar);
	lt_verify_report s = LT_VERIFY_REPORT_INIT, f = LT_VERIFY_REPORT_INIT;
	const char *who = lt_catalog_principal(cat)->login;
	int rc;

	rc = lt_work_phase(cat, id, "structure", 0, 0, err);
	if (rc == LT_OK)
		rc = lt_verify_structure(ar, 0, who, &s, err);
	if (rc == LT_OK && a->fixity) {
		rc = lt_work_phase(cat, id, "fixity", 0,
		                   count_all(ar, "SELECT count(*) FROM blobs"), err);
		if (rc == LT_OK)
			rc = lt_verify_fixity(ar, who, &f, err);
	}
	if (rc == LT_OK)
		*result = lt_verify_result_json(&s, a->fixity ? &f : NULL);
	lt_verify_report_clear(&s);
	lt_verify_report_clear(&f);
	return rc;
}

typedef struct backup_arg {
	int incremental;
	char name[64];
	lt_buf dir;
} backup_arg;

static void backup_arg_free(void *p)
{
	backup_arg *a = p;
	lt_buf_free(&a->dir);
	free(a);
}

static int run_backup(lt_archive *ar, int64_t id, void *arg, json_t **result, lt_error *err)
{
	backup_arg *a = arg;
	lt_catalog *cat = lt_archive_catalog(ar);
	lt_backup_result res;
	int rc;

	memset(&res, 0, sizeof(res));
	rc = lt_work_phase(cat, id, "blobs", 0, 0, err);
	if (rc == LT_OK)
		rc = lt_backup_run(ar, lt_buf_cstr(&a->dir),
		                   a->incremental ? LT_BACKUP_INCREMENTAL : LT_BACKUP_FULL,
		                   lt_catalog_principal(cat)->login, &res, err);
	/* A sealed set that lacks damaged files is a result to show: done,
	 * with complete false and the files it lacks. */
	if (rc == LT_ECORRUPT && res.nskipped) {
		lt_error_clear(err);
		rc = LT_OK;
	}
	if (rc == LT_OK) {
		*result = lt_backup_result_json(
		    &res, a->name, a->incremental ? LT_BACKUP_INCREMENTAL : LT_BACKUP_FULL);
	} else {
		lt_error_hide_path(err, lt_buf_cstr(&a->dir), a->name);
	}
	lt_backup_result_clear(&res);
	return rc;
}

/* The newest sealed set (luutru-*) in dir into name; LT_ENOTFOUND when
 * there is none. */
static int newest_set(const char *dir, char *name, size_t size, lt_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	lt_buf seal = LT_BUF_INIT;

	name[0] = '\0';
	while (d && (e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "luutru-", 7) != 0 || strlen(e->d_name) >= size ||
		    strcmp(e->d_name, name) <= 0)
			continue;
		lt_buf_reset(&seal);
		if (lt_buf_printf(&seal, "%s/%s/%s", dir, e->d_name, LT_BACKUP_SEAL) == 0 &&
		    lt_fs_exists(lt_buf_cstr(&seal)))
			memcpy(name, e->d_name, strlen(e->d_name) + 1); /* fits: checked above */
	}
	if (d)
		closedir(d);
	lt_buf_free(&seal);
	if (!name[0])
		return lt_error_set(err, LT_ESTATE, "%s",
		                    LT_TR("chưa có bộ sao lưu đầy đủ nào để cập nhật: hãy sao lưu "
		                          "đầy đủ trước",
		                          "no full backup set to update yet: make a full backup "
		                          "first"));
	return LT_OK;
}

/* Where this backup goes: backup_dir (made when missing), then a new set
 * or the newest one. Nothing of it comes from the request. */
static int backup_target(lt_http_req *req, backup_arg *a, lt_error *err)
{
	lt_archive *ar = lt_http_archive(req, err);
	lt_buf base = LT_BUF_INIT;
	const char *conf;
	int rc;

	if (!ar)
		return err->code ? err->code : LT_ERR;
	conf = lt_config_str(lt_archive_config(ar), LT_CONF_BACKUP_DIR);
	if (!conf || !*conf)
		conf = "backups";
	rc =
	    conf[0] == '/' ? lt_buf_puts(&base, conf) : lt_fs_join(&base, lt_archive_dir(ar), conf);
	if (rc)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	rc = lt_fs_mkdirs(lt_buf_cstr(&base), err);
	if (rc == LT_OK && a->incremental) {
		rc = newest_set(lt_buf_cstr(&base), a->name, sizeof(a->name), err);
	} else if (rc == LT_OK) {
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(a->name, sizeof(a->name), "luutru-%Y%m%d-%H%M%S", &tm);
	}
	if (rc == LT_OK && lt_fs_join(&a->dir, lt_buf_cstr(&base), a->name))
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
	/* two full backups in one second: the second set gets "-2", ... */
	for (int i = 2; rc == LT_OK && !a->incremental && lt_fs_exists(lt_buf_cstr(&a->dir)); i++) {
		char *dash = i > 2 ? strrchr(a->name, '-') : NULL;
		if (dash)
			*dash = '\0';
		snprintf(a->name + strlen(a->name), sizeof(a->name) - strlen(a->name), "-%d", i);
		lt_buf_reset(&a->dir);
		if (lt_fs_join(&a->dir, lt_buf_cstr(&base), a->name))
			rc = lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	if (rc)
		lt_error_hide_path(err, lt_buf_cstr(&base), conf);
	lt_buf_free(&base);
	return rc;
}

/* POST /work {"kind": "reindex" | "verify" | "backup", "fixity": bool,
 * "incremental": bool} → 202 {id, kind, state, url} */
void lt_api_work_post(lt_http_req *req)
{
	json_t *body = lt_http_json(req);
	const char *kind = lt_api_str(body, "kind");
	lt_error err = LT_ERROR_INIT;
	char source[64] = "";
	lt_api_work_fn fn = NULL;
	void *arg = NULL;
	void (*arg_free)(void *) = free;
	char url[64], detail[128];
	int64_t id = 0;
	int rc;

	if (!kind ||
	    (strcmp(kind, "reindex") && strcmp(kind, "verify") && strcmp(kind, "backup"))) {
		lt_api_bad(req, LT_TR("kind phải là reindex, verify hoặc backup",
		                      "kind must be reindex, verify or backup"));
		return;
	}
	/* Refused now, not in the background: the same check the work's own
	 * function makes (backup, verify, lt_index_regenerate; archive/access.h). */
	rc = lt_access_require_whole(lt_http_principal(req), "công việc trên toàn bộ kho",
	                             "work on the whole archive", &err);
	if (rc == LT_OK && strcmp(kind, "verify") == 0) {
		verify_arg *a = calloc(1, sizeof(*a));
		if (!a) {
			rc = lt_error_set(&err, LT_ENOMEM, "out of memory");
		} else {
			a->fixity = !json_is_false(json_object_get(body, "fixity"));
			snprintf(source, sizeof(source), "%s", a->fixity ? "fixity" : "structure");
			fn = run_verify;
			arg = a;
		}
	} else if (rc == LT_OK && strcmp(kind, "backup") == 0) {
		backup_arg *a = calloc(1, sizeof(*a));
		if (!a) {
			rc = lt_error_set(&err, LT_ENOMEM, "out of memory");
		} else {
			a->incremental = json_is_true(json_object_get(body, "incremental"));
			fn = run_backup;
			arg = a;
			arg_free = backup_arg_free;
			rc = backup_target(req, a, &err);
			snprintf(source, sizeof(source), "%s", a->name);
			if (rc)
				backup_arg_free(a);
		}
	} else if (rc == LT_OK) {
		fn = run_reindex;
	}
	if (rc == LT_OK)
		rc = lt_api_work_start(req, kind, source, 1, fn, arg, arg_free, &id, &err);
	if (rc == LT_EBUSY) {
		lt_http_reply_status(req, 409, "busy", err.message);
		return;
	}
	if (rc != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	snprintf(url, sizeof(url), "/api/v1/work/%lld", (long long)id);
	snprintf(detail, sizeof(detail), "work=%lld kind=%s%s%s", (long long)id, kind,
	         *source ? " source=" : "", source);
	lt_http_audit(req, "work.start", NULL, detail);
	lt_http_add_header(req, "Location", url);
	{
		char ref[32];
		snprintf(ref, sizeof(ref), "%lld", (long long)id);
		lt_http_reply_json(req, 202,
		                   json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", ref, "kind", kind,
		                             "state", "running", "source", source, "url", url));
	}
}
