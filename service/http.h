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
 * Authentication: a session cookie (lt_session; HttpOnly, SameSite=Strict)
 * from POST /api/v1/auth/login, or "Authorization: Bearer <token>" from
 * `luutru user token`. A state-changing request authenticated by cookie must
 * carry the session's X-CSRF-Token header. Errors are JSON
 * {"error": {"code", "message"}} with lt_status_http(). docs/http.md is the
 * guide, docs/openapi.yaml the contract.
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

typedef struct lt_http_options {
	const char *data_dir;
	const char *listen;     /* "HOST:PORT"; port 0 picks a free one; default 127.0.0.1:8080 */
	unsigned threads;       /* HTTP worker threads; 0 = 4 */
	unsigned ocr_workers;   /* background OCR threads; 0 = 1 */
	uint64_t max_upload;    /* bytes per uploaded file; 0 = luutru.conf max_upload_bytes */
	const char *ready_file; /* when set, "http://HOST:PORT\n" is written there once serving */
} lt_http_options;

#define LT_HTTP_OPTIONS_INIT                                                                       \
	{                                                                                          \
		NULL, NULL, 0, 0, 0, NULL                                                          \
	}

/* Serve until SIGTERM/SIGINT. Returns 0 after a clean stop. */
int lt_http_serve(const lt_http_options *opts, lt_error *err);

/* ---- handler interface (service/api_*.c) -------------------------------- */

struct MHD_Connection;
struct json_t;
typedef struct lt_http_req lt_http_req;

enum {
	LT_ROLE_ARCHIVIST = 1 << 0,
	LT_ROLE_OFFICER = 1 << 1,
	LT_ROLE_INSPECTOR = 1 << 2,
	LT_ROLE_APPROVER = 1 << 3,
	LT_ROLE_ADMIN = 1 << 4,
	LT_ROLE_ANY = 0x1f,
	LT_ROLE_PUBLIC = 1 << 8, /* no authentication */
};

/* Route flags. */
enum {
	LT_ROUTE_JSON_BODY = 1 << 0, /* body must be application/json (415 else) */
	LT_ROUTE_UPLOAD = 1 << 1,    /* multipart/form-data streamed to the blob store */
};

typedef void (*lt_http_handler)(lt_http_req *req);

/* Accessors valid during the handler call. */
const char *lt_http_param(const lt_http_req *req, size_t i); /* {} captures */
const char *lt_http_query(const lt_http_req *req, const char *name);
const char *lt_http_header(const lt_http_req *req, const char *name);
const char *lt_http_client_ip(const lt_http_req *req);
const lt_user *lt_http_user(const lt_http_req *req); /* NULL on public routes */
/* The parsed JSON body of a LT_ROUTE_JSON_BODY route (borrowed). */
struct json_t *lt_http_json(const lt_http_req *req);
/* This thread's archive (catalog connection) and a fresh-enough index reader. */
lt_archive *lt_http_archive(lt_http_req *req, lt_error *err);
lt_index *lt_http_index(lt_http_req *req, lt_error *err);
/* Tell the background workers there is new work (after an upload). */
void lt_http_kick_workers(lt_http_req *req);
uint64_t lt_http_max_upload(const lt_http_req *req);

/* Answers: exactly one per request. json is stolen. */
void lt_http_reply_json(lt_http_req *req, unsigned status, struct json_t *json);
/* {"error": {"code", "message"}} with lt_status_http(err->code). */
void lt_http_reply_error(lt_http_req *req, const lt_error *err);
/* An HTTP-level error with its own code ("unauthorized", ...). */
void lt_http_reply_status(lt_http_req *req, unsigned status, const char *code, const char *msg);
/* A file from disk; content_type and disposition may be NULL. */
void lt_http_reply_file(lt_http_req *req, const char *path, const char *content_type,
                        const char *disposition);
/* Add a header to the answer that is queued next. */
void lt_http_add_header(lt_http_req *req, const char *name, const char *value);

/* Write an audit row as the request's user (the single audit helper).
 * Returns 0, or an lt_status after logging the failure: callers that hand
 * out content (view, download) refuse to when the audit row is not written. */
int lt_http_audit(lt_http_req *req, const char *action, const char *object, const char *detail);

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
/* Login throttling: 1 when login/IP already failed too often (answer 429). */
int lt_http_login_throttled(lt_http_req *req, const char *login);
void lt_http_login_result(lt_http_req *req, const char *login, int success);

/* Handlers (service/api_*.c). */
void lt_api_health(lt_http_req *req);
void lt_api_login(lt_http_req *req);
void lt_api_logout(lt_http_req *req);
void lt_api_me(lt_http_req *req);
void lt_api_record_upload(lt_http_req *req);
void lt_api_record_get(lt_http_req *req);
void lt_api_record_file(lt_http_req *req);
void lt_api_job_get(lt_http_req *req);
void lt_api_search(lt_http_req *req);

/* The user as JSON (new reference). */
struct json_t *lt_api_user_json(const lt_user *u);

#endif
