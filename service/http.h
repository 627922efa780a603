/*
 * service/http.h — the HTTP JSON API and the web UI (libmicrohttpd).
 *
 * lt_http_serve() runs the service until SIGTERM or SIGINT: a pool of
 * libmicrohttpd threads (epoll) answers requests; each thread lazily opens
 * its own catalog connection and index reader (never shared across threads);
 * background workers (service/jobs_worker.c) run OCR jobs and keep the index
 * in sync. On a signal the listening socket closes first, requests in flight
 * finish (up to a few seconds), the running OCR job finishes, the index is
 * synced and closed, then lt_http_serve() returns 0.
 *
 * Routing is a table (service/http.c, ROUTES[]): method, path pattern with
 * {} placeholders, handler, roles allowed. Adding a capability (dossiers,
 * registers, ...) is one handler in a service/api_*.c file and one row.
 *
 * Authentication: a session cookie (lt_session; HttpOnly, SameSite=Strict,
 * Secure when the client used https) from POST /api/v1/auth/login, or
 * "Authorization: Bearer <token>" from `luutru user token`. A
 * state-changing request authenticated by cookie must carry the session's
 * X-CSRF-Token header, and come from the service's own origin (Origin or
 * Sec-Fetch-Site). Errors are JSON {"error": {"code", "message"}} with
 * lt_status_http(), with no server path in them. Idle and slow clients,
 * connection limits and trusted proxies: service/http_guard.h.
 * docs/http.md is the guide, docs/security.md the rules, docs/openapi.yaml
 * the contract.
 *
 * The second half of this header is the handler interface used by the
 * service/api_*.c files; nothing outside service/ uses it.
 */
#ifndef LT_SERVICE_HTTP_H
#define LT_SERVICE_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "archive/archive.h"
#include "archive/users.h"
#include "core/error.h"
#include "indexer/index.h"

/* libmicrohttpd gives each pool thread its own connections and answers
 * them one after another, so with few threads a cheap search waits behind
 * the expensive ones of its thread. 16 threads (each with its own catalog
 * connection and index reader) let the kernel share the cores among the
 * requests instead: at 64 connections p99 4.4 s and no timeouts against
 * 9.2 s and 12-68 timeouts with 4 (bench/README.md, "Search under load"). */
#define LT_HTTP_THREADS_DEFAULT 16

typedef struct lt_http_options {
	const char *data_dir;
	const char *listen;     /* "HOST:PORT"; port 0 picks a free one; default 127.0.0.1:8080 */
	unsigned threads;       /* HTTP worker threads; 0 = LT_HTTP_THREADS_DEFAULT */
	unsigned ocr_workers;   /* background OCR threads; 0 = 1 */
	uint64_t max_upload;    /* bytes per uploaded file; 0 = luutru.conf max_upload_bytes */
	const char *ready_file; /* when set, "http://HOST:PORT\n" is written there once serving */
	/* entries of the shared search cache (search/cache.h); 0 = the
	 * default, LT_HTTP_SEARCH_CACHE_OFF = none */
	size_t search_cache;
} lt_http_options;

#define LT_HTTP_SEARCH_CACHE_OFF ((size_t)-1)

#define LT_HTTP_OPTIONS_INIT                                                                       \
	{                                                                                          \
		NULL, NULL, 0, 0, 0, NULL, 0                                                       \
	}

/* Serve until SIGTERM/SIGINT. Returns 0 after a clean stop. */
int lt_http_serve(const lt_http_options *opts, lt_error *err);

/* ---- handler interface (service/api_*.c) -------------------------------- */

struct MHD_Connection;
struct json_t;
typedef struct lt_http_req lt_http_req;

/* Roles of a route: the LT_ROLE_* bits of archive/access.h, or: */
enum {
	LT_ROLE_PUBLIC = 1 << 8, /* no authentication */
};

/* Route flags. */
enum {
	LT_ROUTE_JSON_BODY = 1 << 0, /* body must be application/json (415 else) */
	LT_ROUTE_UPLOAD = 1 << 1,    /* multipart/form-data streamed to the blob store */
	LT_ROUTE_CSV_BODY = 1 << 2,  /* body must be text/csv, buffered (lt_http_body) */
};

typedef void (*lt_http_handler)(lt_http_req *req);

/* Accessors valid during the handler call. */
const char *lt_http_param(const lt_http_req *req, size_t i); /* {} captures */
const char *lt_http_query(const lt_http_req *req, const char *name);
const char *lt_http_header(const lt_http_req *req, const char *name);
/* The client's address: the TCP peer, or the client a trusted proxy
 * forwards (X-Forwarded-For). */
const char *lt_http_client_ip(const lt_http_req *req);
const lt_user *lt_http_user(const lt_http_req *req); /* NULL on public routes */
/* The request's principal (archive/access.h): the signed-in user, else
 * LT_PRINCIPAL_NOBODY. */
const lt_principal *lt_http_principal(const lt_http_req *req);
/* The raw body of a LT_ROUTE_CSV_BODY route (borrowed; not NUL-terminated). */
const char *lt_http_body(const lt_http_req *req, size_t *len);
/* The parsed JSON body of a LT_ROUTE_JSON_BODY route (borrowed). */
struct json_t *lt_http_json(const lt_http_req *req);
/* This thread's archive (catalog connection) and index reader (searches
 * refresh it to the newest commit: lt_search_run). */
lt_archive *lt_http_archive(lt_http_req *req, lt_error *err);
lt_index *lt_http_index(lt_http_req *req, lt_error *err);
/* The server's shared search cache; NULL when serve runs without one. */
struct lt_search_cache *lt_http_search_cache(lt_http_req *req);
/* Tell the background workers there is new work (after an upload). */
void lt_http_kick_workers(lt_http_req *req);
uint64_t lt_http_max_upload(const lt_http_req *req);

/* Answers: exactly one per request. json is stolen. */
void lt_http_reply_json(lt_http_req *req, unsigned status, struct json_t *json);
/* Bytes (copied) with a content type and an optional Content-Disposition. */
void lt_http_reply_data(lt_http_req *req, unsigned status, const char *content_type,
                        const void *data, size_t len, const char *disposition);
/* {"error": {"code", "message"}} with lt_status_http(err->code). */
void lt_http_reply_error(lt_http_req *req, const lt_error *err);
/* An HTTP-level error with its own code ("unauthorized", ...). */
void lt_http_reply_status(lt_http_req *req, unsigned status, const char *code, const char *msg);
/* A file from disk; content_type and disposition may be NULL. */
void lt_http_reply_file(lt_http_req *req, const char *path, const char *content_type,
                        const char *disposition);
/* size bytes of an open file from its current offset (a stored file
 * checked by archive/fixity.h); fd is stolen, also on failure. */
void lt_http_reply_fd(lt_http_req *req, int fd, uint64_t size, const char *content_type,
                      const char *disposition);
/* Add a header to the answer that is queued next. */
void lt_http_add_header(lt_http_req *req, const char *name, const char *value);

/* Write an audit row as the request's user (the single audit helper).
 * Returns 0, or an lt_status after logging the failure: callers that hand
 * out content (view, download) refuse to when the audit row is not written. */
int lt_http_audit(lt_http_req *req, const char *action, const char *object, const char *detail);
/* "login@ip", as the audit entries of a request name who acted. */
void lt_http_who(const lt_http_req *req, char *out, size_t n);
/* The same entry (who, what, the time now) queued for the server's audit
 * writer thread (archive/audit.h, lt_audit_queue): the request does not
 * wait for the catalog's write lock. For entries that hand out no content
 * (search); views and downloads use lt_http_audit. Written synchronously
 * when the server runs without a queue. */
int lt_http_audit_async(lt_http_req *req, const char *action, const char *object,
                        const char *detail);

/* Upload state of a LT_ROUTE_UPLOAD route, filled before the handler runs. */
typedef struct lt_http_upload {
	lt_blob_writer *writer; /* committed by the handler, or aborted by http.c */
	char filename[256];     /* the file part's name, sanitised; "" when none */
	int have_file;
	uint64_t bytes;
	char **keys, **values; /* other form fields */
	size_t nfields;
} lt_http_upload;
lt_http_upload *lt_http_upload_state(lt_http_req *req);

/* Session helpers for api_auth.c. */
void lt_http_set_session(lt_http_req *req, const char *sid, const char *csrf);
const char *lt_http_session_id(const lt_http_req *req); /* cookie value or NULL */
const char *lt_http_csrf(const lt_http_req *req);       /* of the cookie session or NULL */
/* Login throttling: 1 when login/IP already failed too often (answer 429).
 * Both write the refusal to the audit log ("login_throttled", the first
 * 429 of a login or address in its window; "login_failed"), at most
 * LOGIN_AUDIT_PER_MINUTE itemised a minute, the rest counted into one
 * "login_suppressed" entry a minute (service/http.c). */
int lt_http_login_throttled(lt_http_req *req, const char *login);
void lt_http_login_result(lt_http_req *req, const char *login, int success);

/* Handlers (service/api_*.c). */
void lt_api_health(lt_http_req *req);
void lt_api_login(lt_http_req *req);
void lt_api_logout(lt_http_req *req);
void lt_api_me(lt_http_req *req);
void lt_api_record_upload(lt_http_req *req);
void lt_api_record_get(lt_http_req *req);
void lt_api_record_patch(lt_http_req *req);
void lt_api_record_file(lt_http_req *req);
void lt_api_job_get(lt_http_req *req);
void lt_api_search(lt_http_req *req);
void lt_api_search_post(lt_http_req *req); /* service/api_search.c */

/* Handlers added with the records, dossier and retention capabilities. */
void lt_api_dossier_list(lt_http_req *req); /* api_dossiers.c */
void lt_api_dossier_open(lt_http_req *req);
void lt_api_dossier_get(lt_http_req *req);
void lt_api_dossier_toc(lt_http_req *req);
void lt_api_dossier_file(lt_http_req *req);
void lt_api_dossier_close(lt_http_req *req);
void lt_api_dossier_reopen(lt_http_req *req);
void lt_api_register_list(lt_http_req *req); /* api_catalog.c */
void lt_api_register_entries(lt_http_req *req);
void lt_api_catalog_list(lt_http_req *req);
void lt_api_catalog_get(lt_http_req *req);
void lt_api_catalog_import(lt_http_req *req);
void lt_api_catalog_finalize(lt_http_req *req);
void lt_api_links_list(lt_http_req *req); /* api_links.c */
void lt_api_links_add(lt_http_req *req);
void lt_api_task_list(lt_http_req *req);
void lt_api_task_add(lt_http_req *req);
void lt_api_task_update(lt_http_req *req);
void lt_api_retention_due(lt_http_req *req); /* api_retention.c */
void lt_api_retention_schedule(lt_http_req *req);
void lt_api_hold_list(lt_http_req *req);
void lt_api_hold_place(lt_http_req *req);
void lt_api_hold_release(lt_http_req *req);
void lt_api_compliance(lt_http_req *req); /* api_reports.c */
void lt_api_statistics(lt_http_req *req);
void lt_api_users_list(lt_http_req *req); /* api_users.c */
void lt_api_users_add(lt_http_req *req);
void lt_api_users_patch(lt_http_req *req);
void lt_api_users_password(lt_http_req *req);
void lt_api_users_token(lt_http_req *req);
void lt_api_ocr_review(lt_http_req *req);
void lt_api_ocr_correct(lt_http_req *req);

/* Helpers for handlers (service/api_util.c). */
struct lt_report;
/* This thread's catalog, or NULL after answering the error. */
lt_catalog *lt_api_catalog(lt_http_req *req);
const char *lt_api_who(const lt_http_req *req);
/* 400 "invalid" with a formatted message. */
void lt_api_bad(lt_http_req *req, const char *fmt, ...) LT_PRINTF(2, 3);
/* 404 "not_found": "không tìm thấy <what> <ref>" / "no such <what>: <ref>". */
void lt_api_not_found(lt_http_req *req, const char *what_vi, const char *what_en, const char *ref);
/* Decimal integer in [min, max] → 0, else -1. */
int lt_api_parse_int(const char *s, long long min, long long max, long long *out);
/* A year 1900–9999 (0 when absent and not required); -1 after a 400. */
int lt_api_year(lt_http_req *req, const char *s, int required, int *year);
/* 1 when the record or dossier with this id (kind "record" or "dossier")
 * is there for the request's principal (archive/access.h), else 0. */
int lt_api_visible(lt_catalog *cat, const char *kind, int64_t id);
/* A non-empty string member, or NULL. */
const char *lt_api_str(struct json_t *body, const char *key);
/* A positive id given as a number or a decimal string, else 0. */
int64_t lt_api_id(struct json_t *body, const char *key);
/* A record or dossier reference (a JSON integer id, or a string: id, docId
 * or dossier code) written to ref; "" when v is neither. Returns ref. */
char *lt_api_ref(struct json_t *v, char *ref, size_t size);
/* 0 when format is one of allowed (NULL-terminated), else -1 after a 400. */
int lt_api_format(lt_http_req *req, const char *format, const char *const *allowed);
/* Audit ("export", object, basename.format), then answer the bytes as a
 * download (HTML inline). */
void lt_api_reply_export(lt_http_req *req, const void *data, size_t len, const char *format,
                         const char *basename, const char *object);
/* A report (retention/report.h) as JSON (audited "view"; json_filter, when
 * given, may edit it first) or as csv, html, xlsx (audited "export").
 * format NULL means json. */
void lt_api_reply_report(lt_http_req *req, struct lt_report *rep, const char *format,
                         const char *basename, const char *object,
                         void (*json_filter)(lt_http_req *, struct json_t *));
/* A CSV text → [[cell, ...], ...] (new reference). */
struct json_t *lt_api_csv_rows(const char *csv, size_t len);
/* A record reference (id, uid, docId) the caller may see → 0 and *id; else
 * -1 after answering 404 exactly as for a missing record. */
int lt_api_record_visible(lt_http_req *req, lt_catalog *cat, const char *ref, int64_t *id);

/* A record's links and its tasks, as the caller may see them
 * (api_records.c; new references). */
struct json_t *lt_api_links_json(lt_catalog *cat, int64_t self);
struct json_t *lt_api_tasks_json(lt_catalog *cat, int64_t record);

/* The file part of an LT_ROUTE_UPLOAD request as a file named like the
 * client's, in a fresh private directory *dir under the blob store's tmp/
 * (the caller removes both); the bytes are not kept in the blob store. */
int lt_api_upload_to_temp(lt_http_req *req, lt_buf *dir, lt_buf *path, lt_error *err);

/* Batch imports and packages (api_import.c, api_packages.c). */
void lt_api_import_start(lt_http_req *req);
void lt_api_import_get(lt_http_req *req);
void lt_api_package_export(lt_http_req *req);
void lt_api_package_validate(lt_http_req *req);
void lt_api_disposition_candidates(lt_http_req *req); /* api_disposition.c */
void lt_api_disposition_propose(lt_http_req *req);
void lt_api_disposition_list(lt_http_req *req);
void lt_api_disposition_get(lt_http_req *req);
void lt_api_disposition_approve(lt_http_req *req);
void lt_api_disposition_execute(lt_http_req *req);
void lt_api_disposition_report(lt_http_req *req);
void lt_api_disposition_cancel(lt_http_req *req);
/* records law (issue 18): registers, catalog amendments (api_catalog.c),
 * dossier fields, retention events, deposits (api_dossiers.c) */
void lt_api_register_assign(lt_http_req *req);
void lt_api_register_void(lt_http_req *req);
void lt_api_catalog_add_entry(lt_http_req *req);
void lt_api_catalog_amend(lt_http_req *req);
void lt_api_catalog_add_heading(lt_http_req *req);
void lt_api_catalog_history(lt_http_req *req);
void lt_api_dossier_patch(lt_http_req *req);
void lt_api_dossier_fields(lt_http_req *req);
void lt_api_dossier_retention_event(lt_http_req *req);
void lt_api_deposit_create(lt_http_req *req);
void lt_api_deposit_list(lt_http_req *req);
void lt_api_deposit_form(lt_http_req *req);
void lt_api_transfer_candidates(lt_http_req *req);
void lt_api_transfer_list(lt_http_req *req);
void lt_api_transfer_run(lt_http_req *req);
void lt_api_transfer_file(lt_http_req *req);
/* Long work (api_work.c over archive/work.h): fn runs in a thread of its
 * own with a catalog connection bound to the request's principal, its
 * core/progress.h reports going to work id; it returns 0 and may set
 * *result (kept as the work's result), or fails with err (kept, shown
 * with paths scrubbed). arg is freed with arg_free when the work ends,
 * also when it cannot start. exclusive: LT_EBUSY while work of the same
 * kind runs. */
struct lt_work_item;
typedef int (*lt_api_work_fn)(lt_archive *ar, int64_t id, void *arg, struct json_t **result,
                              lt_error *err);
int lt_api_work_start(lt_http_req *req, const char *kind, const char *source, int exclusive,
                      lt_api_work_fn fn, void *arg, void (*arg_free)(void *arg), int64_t *id,
                      lt_error *err);
/* A piece of work as JSON (new reference). */
struct json_t *lt_api_work_json(const struct lt_work_item *it);
/* Wait for work still running (lt_http_serve, before it stops). */
void lt_api_work_wait(void);
void lt_api_work_list(lt_http_req *req);
void lt_api_work_get(lt_http_req *req);
void lt_api_work_post(lt_http_req *req);
/* The data directory and the background workers of the service. */
const char *lt_http_data_dir(const lt_http_req *req);
void lt_http_kick_workers_of(void *workers);
void *lt_http_workers(const lt_http_req *req);

/* The user as JSON (new reference). */
struct json_t *lt_api_user_json(const lt_user *u);

#endif
