/* service/api_auth.c — health, login, logout, the current user. */
#include <string.h>

#include <jansson.h>

#include "service/http.h"

json_t *lt_api_user_json(const lt_user *u)
{
	return json_pack("{s:I, s:s, s:s?, s:s, s:i, s:s?}", "id", (json_int_t)u->id, "login",
	                 u->login, "fullName", u->full_name, "role", u->role, "clearance",
	                 u->clearance, "department", u->department);
}

void lt_api_health(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = lt_http_archive(req, &err);
	if (!ar) {
		lt_http_reply_error(req, &err);
		return;
	}
	lt_http_reply_json(req, 200, json_pack("{s:s}", "status", "ok"));
}

void lt_api_login(lt_http_req *req)
{
	json_t *body = lt_http_json(req);
	const char *login = json_string_value(json_object_get(body, "login"));
	const char *password = json_string_value(json_object_get(body, "password"));
	char sid[LT_USERS_TOKEN_HEX_LEN + 1], csrf[LT_USERS_TOKEN_HEX_LEN + 1];
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar;
	lt_user *u = NULL;
	int rc;

	if (!login || !password || !*login) {
		lt_http_reply_status(req, 400, "invalid",
		                     LT_TR("cần {\"login\": \"…\", \"password\": \"…\"}",
		                           "{\"login\": \"…\", \"password\": \"…\"} is required"));
		return;
	}
	if (strlen(login) > LT_USERS_LOGIN_MAX || strlen(password) > LT_USERS_PASSWORD_MAX) {
		lt_http_reply_status(
		    req, 400, "invalid",
		    LT_TR("tên đăng nhập hoặc mật khẩu quá dài", "login or password too long"));
		return;
	}
	if (lt_http_login_throttled(req, login)) {
		lt_http_add_header(req, "Retry-After", "900");
		lt_http_reply_status(req, 429, "too_many_requests",
		                     LT_TR("đăng nhập sai quá nhiều lần; thử lại sau 15 phút",
		                           "too many failed logins; try again in 15 minutes"));
		return;
	}
	ar = lt_http_archive(req, &err);
	if (!ar) {
		lt_http_reply_error(req, &err);
		return;
	}
	rc = lt_users_authenticate(&u, lt_archive_catalog(ar), login, password, &err);
	if (rc == LT_EDENIED) {
		lt_http_login_result(req, login, 0); /* audited there (rate-limited) */
		lt_http_reply_status(req, 401, "unauthorized", err.message);
		return;
	}
	if (rc == LT_OK)
		rc = lt_users_session_new(sid, csrf, lt_archive_catalog(ar), u->id, 8 * 3600, &err);
	if (rc != LT_OK) {
		lt_user_free(u);
		lt_http_reply_error(req, &err);
		return;
	}
	lt_http_login_result(req, login, 1);
	lt_http_set_session(req, sid, csrf);
	lt_http_audit(req, "login", u->login, NULL);
	lt_http_reply_json(req, 200,
	                   json_pack("{s:o, s:s}", "user", lt_api_user_json(u), "csrf", csrf));
	lt_user_free(u);
}

void lt_api_logout(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = lt_http_archive(req, &err);
	const char *sid = lt_http_session_id(req);

	if (!ar) {
		lt_http_reply_error(req, &err);
		return;
	}
	if (sid && lt_users_session_end(lt_archive_catalog(ar), sid, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	lt_http_audit(req, "logout", lt_http_user(req)->login, NULL);
	lt_http_set_session(req, NULL, NULL);
	lt_http_reply_json(req, 200, json_pack("{s:b}", "ok", 1));
}

void lt_api_me(lt_http_req *req)
{
	const char *csrf = lt_http_csrf(req);
	json_t *j = json_pack("{s:o}", "user", lt_api_user_json(lt_http_user(req)));
	if (j && csrf)
		json_object_set_new(j, "csrf", json_string(csrf));
	lt_http_reply_json(req, 200, j);
}
