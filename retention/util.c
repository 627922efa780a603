/* retention/util.c — the seams described in retention/internal.h. */
#include "retention/internal.h"

#include "archive/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lt_ret_prepare(lt_catalog *cat, sqlite3_stmt **st, const char *sql, lt_error *err)
{
	if (sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, LT_TR("truy vấn danh mục", "catalog query"));
	return 0;
}

int lt_ret_int(lt_catalog *cat, const char *sql, int64_t bind, int64_t *out, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = lt_ret_prepare(cat, &st, sql, err);

	if (rc)
		return rc;
	if (bind >= 0)
		sqlite3_bind_int64(st, 1, bind);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		*out = 0;
		rc = 0;
	} else {
		rc = lt_catalog_error(cat, err, LT_TR("truy vấn danh mục", "catalog query"));
	}
	sqlite3_finalize(st);
	return rc;
}

int lt_ret_year_of(const char *iso)
{
	if (!iso || strlen(iso) < 4)
		return 0;
	for (int i = 0; i < 4; i++)
		if (iso[i] < '0' || iso[i] > '9')
			return 0;
	return atoi(iso) > 0 ? (int)strtol(iso, NULL, 10) : 0;
}

int lt_ret_audit(lt_catalog *cat, const char *who, const char *action, const char *object,
                 const char *detail, lt_error *err)
{
	/* Joins the caller's open transaction (archive/audit.h). */
	return lt_audit_append(cat, who ? who : "system", action, object, detail, NULL, err);
}

int lt_ret_dossier_transition(lt_catalog *cat, int64_t dossier_id, const char *from_status,
                              const char *to_status, const char *who, const char *reason,
                              lt_error *err)
{
	sqlite3_stmt *st = NULL;
	const char *sql;
	int rc;

#define SET_STATUS "UPDATE dossiers SET status = ?1, updated_at = " LT_NOW_SQL
#define WHERE_FROM " WHERE id = ?2 AND status = ?3"
	if (strcmp(to_status, "destroyed") == 0)
		sql = SET_STATUS ", destroyed_at = " LT_NOW_SQL WHERE_FROM;
	else if (strcmp(to_status, "transferred") == 0)
		sql = SET_STATUS ", transferred_at = " LT_NOW_SQL WHERE_FROM;
	else if (strcmp(to_status, "archived") == 0)
		sql = SET_STATUS ", archived_at = " LT_NOW_SQL WHERE_FROM;
	else
		sql = SET_STATUS WHERE_FROM;
#undef SET_STATUS
#undef WHERE_FROM
	rc = lt_ret_prepare(cat, &st, sql, err);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, to_status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, dossier_id);
	sqlite3_bind_text(st, 3, from_status, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = lt_catalog_error(cat, err,
		                      LT_TR("đổi trạng thái hồ sơ", "changing dossier status"));
	else if (sqlite3_changes(lt_catalog_db(cat)) != 1)
		rc = lt_error_set(err, LT_ESTATE,
		                  LT_TR("hồ sơ %lld không ở trạng thái '%s'",
		                        "dossier %lld is not in state '%s'"),
		                  (long long)dossier_id, from_status);
	sqlite3_finalize(st);
	if (rc)
		return rc;
	rc = lt_ret_prepare(
	    cat, &st,
	    "INSERT INTO dossier_events (dossier_id, from_status, to_status, who, reason)"
	    " VALUES (?, ?, ?, ?, ?)",
	    err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, dossier_id);
	sqlite3_bind_text(st, 2, from_status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to_status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, who ? who : "system", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, reason, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = lt_catalog_error(cat, err,
		                      LT_TR("ghi sự kiện hồ sơ", "recording dossier event"));
	sqlite3_finalize(st);
	return rc;
}
