/*
 * service/api_users.c — the administrator's users, roles and clearances
 * over HTTP, and the OCR review (the pages to check, a page's correction).
 *
 * Who may do what is decided below this file, where the CLI's commands are
 * decided too: archive/users.c refuses every account change and the list
 * unless the principal is an administrator (rule 41), archive/review.c a
 * correction unless an archivist or administrator; the routes are open to
 * any signed-in user so that those refusals (403) are the one rule. Every
 * change is audited as the CLI audits it (action user_add, user_change,
 * user_disable, user_enable, user_passwd, token_new, ocr_correct).
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <openssl/crypto.h>

#include "archive/jobs.h"
#include "archive/review.h"
#include "archive/users.h"
#include "service/http.h"

static json_t *user_json(const lt_user *u)
{
	return json_pack("{s:s, s:s?, s:s, s:i, s:s?, s:b, s:s?, s:s?}", "login", u->login,
	                 "fullName", u->full_name, "role", u->role, "clearance", u->clearance,
	                 "department", u->department, "disabled", u->disabled, "createdAt",
	                 u->created_at, "lastLoginAt", u->last_login_at);
}

/* One user as the list shows it (with the last sign-in), or NULL after a
 * 403/404. */
static json_t *listed_user(lt_http_req *req, lt_catalog *cat, const char *login)
{
	lt_error err = LT_ERROR_INIT;
	lt_user *users = NULL;
	json_t *j = NULL;
	size_t n = 0;

	if (lt_users_list(&users, &n, cat, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return NULL;
	}
	for (size_t i = 0; i < n && !j; i++)
		if (strcmp(users[i].login, login) == 0)
			j = user_json(&users[i]);
	lt_users_list_free(users, n);
	if (!j)
		lt_api_not_found(req, "người dùng", "user", login);
	return j;
}

void lt_api_users_list(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	lt_user *users = NULL;
	json_t *arr;
	size_t n = 0;

	if (!cat)
		return;
	if (lt_users_list(&users, &n, cat, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, user_json(&users[i]));
	lt_users_list_free(users, n);
	lt_http_reply_json(req, 200, json_pack("{s:o}", "users", arr));
}

/* A member that must be a string when present: 1 ok (value or NULL in
 * *out), 0 after a 400. */
static int opt_string(lt_http_req *req, json_t *body, const char *key, const char **out)
{
	json_t *v = json_object_get(body, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return 1;
	if (!json_is_string(v)) {
		lt_api_bad(req, LT_TR("%s phải là chuỗi", "%s must be a string"), key);
		return 0;
	}
	*out = json_string_value(v);
	return 1;
}

/* clearance: an integer 0..3 when present (-1 when absent); 0 after a 400. */
static int opt_clearance(lt_http_req *req, json_t *body, int *out)
{
	json_t *v = json_object_get(body, "clearance");
	*out = -1;
	if (!v || json_is_null(v))
		return 1;
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 3) {
		lt_api_bad(req, "%s",
		           LT_TR("clearance phải là số nguyên từ 0 đến 3",
		                 "clearance must be an integer from 0 to 3"));
		return 0;
	}
	*out = (int)json_integer_value(v);
	return 1;
}

/* POST /users {"login", "password", "role", "clearance", "fullName"?, "department"?} */
void lt_api_users_add(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	json_t *body = lt_http_json(req), *j;
	lt_user_new nu = {NULL, NULL, NULL, -1, NULL, NULL};
	char detail[100];

	if (!cat)
		return;
	if (!json_is_object(body) || !opt_string(req, body, "login", &nu.login) ||
	    !opt_string(req, body, "password", &nu.password) ||
	    !opt_string(req, body, "role", &nu.role) ||
	    !opt_string(req, body, "fullName", &nu.full_name) ||
	    !opt_string(req, body, "department", &nu.department) ||
	    !opt_clearance(req, body, &nu.clearance)) {
		if (!json_is_object(body))
			lt_api_bad(
			    req, "%s",
			    LT_TR(
			        "cần {\"login\", \"password\", \"role\", \"clearance\"}",
			        "{\"login\", \"password\", \"role\", \"clearance\"} is required"));
		return;
	}
	/* The web adds people who sign in: a password is required (token-only
	 * accounts are made with the CLI). */
	if (!nu.login || !nu.role || nu.clearance < 0 || !nu.password) {
		lt_api_bad(req, "%s",
		           LT_TR("cần login, password, role và clearance",
		                 "login, password, role and clearance are required"));
		return;
	}
	if (nu.full_name && !*nu.full_name)
		nu.full_name = NULL;
	if (nu.department && !*nu.department)
		nu.department = NULL;
	if (lt_users_add(NULL, cat, &nu, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	snprintf(detail, sizeof(detail), "role=%s clearance=%d", nu.role, nu.clearance);
	lt_http_audit(req, "user_add", nu.login, detail);
	if ((j = listed_user(req, cat, nu.login)) != NULL)
		lt_http_reply_json(req, 201, j);
}

/* PATCH /users/{login} {"role"?, "clearance"?, "fullName"?, "department"?, "disabled"?} */
void lt_api_users_patch(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	json_t *body = lt_http_json(req), *dis, *j;
	const char *login = lt_http_param(req, 0);
	lt_user_change ch = LT_USER_CHANGE_INIT;
	char detail[200];

	if (!cat)
		return;
	if (!json_is_object(body) || json_object_size(body) == 0) {
		lt_api_bad(req, "%s",
		           LT_TR("cần một đối tượng JSON với role, clearance, fullName, department "
		                 "hoặc disabled",
		                 "a JSON object with role, clearance, fullName, department or "
		                 "disabled is required"));
		return;
	}
	{
		const char *key;
		json_t *v;
		json_object_foreach(body, key, v)
		{
			(void)v;
			if (strcmp(key, "role") && strcmp(key, "clearance") &&
			    strcmp(key, "fullName") && strcmp(key, "department") &&
			    strcmp(key, "disabled")) {
				lt_api_bad(req,
				           LT_TR("trường không xác định: %s", "unknown field: %s"),
				           key);
				return;
			}
		}
	}
	if (!opt_string(req, body, "role", &ch.role) ||
	    !opt_string(req, body, "fullName", &ch.full_name) ||
	    !opt_string(req, body, "department", &ch.department) ||
	    !opt_clearance(req, body, &ch.clearance))
		return;
	/* null clears a name or department, as "" does */
	if (json_is_null(json_object_get(body, "fullName")))
		ch.full_name = "";
	if (json_is_null(json_object_get(body, "department")))
		ch.department = "";
	dis = json_object_get(body, "disabled");
	if (dis && !json_is_boolean(dis)) {
		lt_api_bad(
		    req, "%s",
		    LT_TR("disabled phải là true hoặc false", "disabled must be true or false"));
		return;
	}
	if (dis)
		ch.disabled = json_is_true(dis);
	if (lt_users_update(cat, login, &ch, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	/* The same entries as the CLI: the rights change, then the lock. */
	lt_users_change_detail(
	    &(lt_user_change){ch.role, ch.clearance, ch.full_name, ch.department, -1}, detail,
	    sizeof(detail));
	if (detail[0])
		lt_http_audit(req, "user_change", login, detail);
	if (ch.disabled >= 0)
		lt_http_audit(req, ch.disabled ? "user_disable" : "user_enable", login, NULL);
	if ((j = listed_user(req, cat, login)) != NULL)
		lt_http_reply_json(req, 200, j);
}

/* POST /users/{login}/password {"password"} */
void lt_api_users_password(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	const char *login = lt_http_param(req, 0);
	const char *pw = NULL;

	if (!cat)
		return;
	if (!opt_string(req, lt_http_json(req), "password", &pw))
		return;
	if (!pw) {
		lt_api_bad(req, "%s",
		           LT_TR("cần {\"password\": \"…\"}", "{\"password\": \"…\"} is required"));
		return;
	}
	if (lt_users_set_password(cat, login, pw, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	lt_http_audit(req, "user_passwd", login, NULL);
	lt_http_reply_json(req, 200, json_pack("{s:s, s:s}", "login", login, "status", "ok"));
}

/* POST /users/{login}/tokens {"label"?}: the token, shown this once. */
void lt_api_users_token(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	const char *login = lt_http_param(req, 0);
	const char *label = NULL;
	char token[LT_USERS_TOKEN_HEX_LEN + 1];
	lt_user *u = NULL;
	int rc;

	if (!cat)
		return;
	if (!opt_string(req, lt_http_json(req), "label", &label))
		return;
	if (!label || !*label)
		label = "web";
	if (strlen(label) > LT_USERS_TEXT_MAX) {
		lt_api_bad(req, LT_TR("nhãn dài quá %d byte", "the label is longer than %d bytes"),
		           LT_USERS_TEXT_MAX);
		return;
	}
	rc = lt_users_get(&u, cat, login, &err);
	if (rc == LT_OK && u->disabled)
		rc =
		    lt_error_set(&err, LT_ESTATE,
		                 LT_TR("người dùng %s đang bị khóa", "user %s is disabled"), login);
	if (rc == LT_OK)
		rc = lt_users_token_new(token, cat, u->id, label, &err);
	lt_user_free(u);
	if (rc != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	lt_http_audit(req, "token_new", login, label);
	lt_http_add_header(req, "Cache-Control", "no-store");
	lt_http_reply_json(
	    req, 201, json_pack("{s:s, s:s, s:s}", "login", login, "label", label, "token", token));
	OPENSSL_cleanse(token, sizeof(token));
}

/* ---- OCR review ---------------------------------------------------------- */

/* GET /ocr/review?threshold=N&record=ID: `luutru ocr review --json`, as the
 * caller may see it, each page with its record's title. */
void lt_api_ocr_review(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = lt_http_archive(req, &err);
	const char *ts = lt_http_query(req, "threshold"), *rs = lt_http_query(req, "record");
	lt_review_list list = {NULL, 0};
	long long th = (long long)LT_OCR_REVIEW_THRESHOLD_DEFAULT;
	int64_t rec = 0;
	json_t *pages;
	sqlite3_stmt *st = NULL;

	if (!ar) {
		lt_http_reply_error(req, &err);
		return;
	}
	if (ts && *ts && lt_api_parse_int(ts, 0, 100, &th) != 0) {
		lt_api_bad(req, "%s",
		           LT_TR("threshold phải là số nguyên từ 0 đến 100",
		                 "threshold must be an integer from 0 to 100"));
		return;
	}
	if (rs && *rs && lt_api_record_visible(req, lt_archive_catalog(ar), rs, &rec) != 0)
		return;
	if (lt_jobs_review(ar, (double)th, rec, &list, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	sqlite3_prepare_v2(
	    lt_catalog_db(lt_archive_catalog(ar)),
	    "SELECT coalesce(subject, doc_id, uid), secrecy FROM records WHERE id = ?", -1, &st,
	    NULL);
	pages = json_array();
	for (size_t i = 0; i < list.n; i++) {
		const lt_review_page *p = &list.v[i];
		json_t *o = json_pack("{s:I, s:s, s:i, s:f, s:I, s:I}", "record",
		                      (json_int_t)p->record_id, "uid", p->uid, "page", p->page_no,
		                      "confidence", p->confidence, "words", (json_int_t)p->words,
		                      "lowConfidenceWords", (json_int_t)p->low_words);
		json_object_set_new(o, "quality",
		                    p->quality >= 0 ? json_integer(p->quality) : json_null());
		if (p->status != LT_OK)
			json_object_set_new(
			    o, "error",
			    json_string(p->error ? p->error : lt_status_name(p->status)));
		if (st) {
			sqlite3_reset(st);
			sqlite3_bind_int64(st, 1, p->record_id);
			if (sqlite3_step(st) == SQLITE_ROW) {
				json_object_set_new(
				    o, "title",
				    json_string((const char *)sqlite3_column_text(st, 0)));
				json_object_set_new(o, "secrecy",
				                    json_integer(sqlite3_column_int(st, 1)));
			}
		}
		json_array_append_new(pages, o);
	}
	sqlite3_finalize(st);
	lt_review_list_free(&list);
	lt_http_reply_json(req, 200,
	                   json_pack("{s:I, s:o}", "threshold", (json_int_t)th, "pages", pages));
}

/* PUT /records/{id}/pages/{page}/text {"text": "…"} or {"confirm": true} */
void lt_api_ocr_correct(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	json_t *body = lt_http_json(req), *jt;
	long long page = 0;
	int64_t id = 0;
	int changed = 0;
	char detail[32];

	if (!cat)
		return;
	jt = json_object_get(body, "text");
	if (!json_is_object(body) || (jt && !json_is_string(jt)) ||
	    (!jt && !json_is_true(json_object_get(body, "confirm")))) {
		lt_api_bad(req, "%s",
		           LT_TR("cần {\"text\": \"văn bản đã sửa\"} hoặc {\"confirm\": true}",
		                 "{\"text\": \"the corrected text\"} or {\"confirm\": true} is "
		                 "required"));
		return;
	}
	if (lt_api_parse_int(lt_http_param(req, 1), 1, 1000000, &page) != 0) {
		lt_api_not_found(req, "trang", "page", lt_http_param(req, 1));
		return;
	}
	if (lt_api_record_visible(req, cat, lt_http_param(req, 0), &id) != 0)
		return;
	if (lt_review_correct(cat, id, (int)page, jt ? json_string_value(jt) : NULL,
	                      lt_api_who(req), &changed, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	snprintf(detail, sizeof(detail), "page=%lld%s", page, changed ? " corrected" : "");
	lt_http_audit(req, "ocr_correct", lt_http_param(req, 0), detail);
	if (changed)
		lt_http_kick_workers(req); /* the index picks the new text up */
	lt_http_reply_json(req, 200,
	                   json_pack("{s:I, s:I, s:b, s:b}", "record", (json_int_t)id, "page",
	                             (json_int_t)page, "changed", changed, "reviewed", 1));
}
