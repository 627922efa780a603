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

int lt_ret_finish(lt_catalog *cat, int rc, const char *who, const char *action, const char *object,
                  const char *detail, lt_error *err)
{
	if (rc == 0)
		rc = lt_ret_audit(cat, who, action, object, detail, err);
	if (rc == 0)
		rc = lt_catalog_commit(cat, err);
	if (rc)
		lt_catalog_rollback(cat);
	return rc;
}
