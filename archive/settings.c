/*
 * archive/settings.c — agency settings (see settings.h).
 */
#include <stdlib.h>
#include <string.h>

#include "archive/audit.h"
#include "archive/settings.h"
#include "archive/util.h"

int lt_settings_check_organ_id(const char *s, lt_error *err)
{
	char shown[LT_SHORT_MAX];
	size_t n = s ? strlen(s) : 0, group = 0;

	lt_ar_shorten(s ? s : "", shown);
	if (n == 0 || n > 13)
		return lt_error_set(err, LT_EINVAL, "%s: %s: %s",
		                    LT_TR("mã định danh cơ quan không hợp lệ", "invalid organ id"),
		                    shown,
		                    LT_TR("cần 1–13 ký tự theo QCVN 102, ví dụ 000.00.00.G09",
		                          "1–13 characters in QCVN 102 form are needed, e.g. "
		                          "000.00.00.G09"));
	for (size_t i = 0; i <= n; i++) {
		char c = s[i];
		if (c == '.' || c == '\0') {
			if (group == 0)
				return lt_error_set(
				    err, LT_EINVAL, "%s: %s: %s",
				    LT_TR("mã định danh cơ quan không hợp lệ", "invalid organ id"),
				    shown,
				    LT_TR("có nhóm rỗng giữa các dấu chấm",
				          "an empty group between dots"));
			group = 0;
			continue;
		}
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')))
			return lt_error_set(
			    err, LT_EINVAL, "%s: %s: %s",
			    LT_TR("mã định danh cơ quan không hợp lệ", "invalid organ id"), shown,
			    LT_TR("chỉ dùng chữ số, chữ in hoa không dấu và dấu chấm",
			          "only digits, capital letters and dots are allowed"));
		group++;
	}
	return 0;
}

int lt_settings_get(char **out, lt_catalog *cat, const char *key, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*out = NULL;
	if (sqlite3_prepare_v2(lt_catalog_db(cat), "SELECT value FROM settings WHERE key = ?", -1,
	                       &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "settings");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = strdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		return *out ? 0 : lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return lt_catalog_error(cat, err, "settings");
	return lt_error_set(err, LT_ENOTFOUND, "%s: %s",
	                    LT_TR("chưa đặt cấu hình", "setting not set"), key);
}

int lt_settings_set(lt_catalog *cat, const char *key, const char *value, const char *who,
                    lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (!key || !value)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("thiếu khóa hoặc giá trị", "key or value missing"));
	if (strcmp(key, LT_SETTING_ORGAN_ID) == 0) {
		if ((rc = lt_settings_check_organ_id(value, err)) != 0)
			return rc;
	} else if (strcmp(key, LT_SETTING_ORGAN_NAME) == 0) {
		if (!*value || strlen(value) > 600)
			return lt_error_set(err, LT_EINVAL, "%s",
			                    LT_TR("tên cơ quan phải có 1–200 ký tự",
			                          "the organ name needs 1–200 characters"));
	} else if (strcmp(key, LT_SETTING_ORGAN_PARENT) == 0 ||
	           strcmp(key, LT_SETTING_PLACE) == 0) {
		/* Printed on the forms: the parent agency (empty: none) and the
		 * place name of the date line (NĐ 30 PL I). */
		if (strlen(value) > 600)
			return lt_error_set(
			    err, LT_EINVAL, "%s",
			    LT_TR("giá trị quá dài (tối đa 200 ký tự)",
			          "the value is too long (200 characters at most)"));
	} else if (strcmp(key, "isolated") == 0) {
		/* Rule 43's one setting describes the machine, not the agency. */
		return lt_error_set(
		    err, LT_EINVAL, "%s",
		    LT_TR("isolated là cấu hình của hệ thống, đặt trong luutru.conf của thư mục dữ "
		          "liệu (isolated = true) khi máy chủ được cách ly khỏi Internet; xem "
		          "docs/security.md",
		          "isolated describes the deployment and is set in the data directory's "
		          "luutru.conf (isolated = true) when the server is isolated from the "
		          "Internet; see docs/security.md"));
	} else {
		return lt_error_set(err, LT_EINVAL,
		                    "%s: %s (organ_id, organ_name, organ_parent, place)",
		                    LT_TR("khóa cấu hình không biết", "unknown setting"), key);
	}
	if ((rc = lt_access_require(lt_catalog_principal(cat), LT_ROLE_ADMIN, 0,
	                            "đổi cấu hình cơ quan", "change the agency settings", err)) !=
	    0)
		return rc;
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO "
	                       "UPDATE SET value = excluded.value, updated_at = "
	                       "strftime('%Y-%m-%dT%H:%M:%SZ','now')",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "settings");
		goto fail;
	}
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = lt_catalog_error(cat, err, "settings");
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = lt_audit_append(cat, who ? who : "system", "settings.set", key, value, NULL,
	                          err)) != 0)
		goto fail;
	return lt_catalog_commit(cat, err);
fail:
	sqlite3_finalize(st);
	lt_catalog_rollback(cat);
	return rc;
}

int lt_settings_organ_id(char **out, lt_catalog *cat, lt_error *err)
{
	int rc = lt_settings_get(out, cat, LT_SETTING_ORGAN_ID, err);

	if (rc == LT_ENOTFOUND)
		return lt_error_set(err, LT_ESTATE, "%s",
		                    LT_TR("chưa đặt mã định danh cơ quan (organ_id); đặt bằng: "
		                          "luutru config set organ_id 000.00.00.G09",
		                          "the organ id (organ_id) is not set; set it with: "
		                          "luutru config set organ_id 000.00.00.G09"));
	return rc;
}
