/* retention/hold.c — holds on dossiers and records. */
#include "retention/hold.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "retention/internal.h"

static const char *kind_name(lt_hold_kind k)
{
	return k == LT_HOLD_RECORD ? "record" : "dossier";
}

int lt_hold_kind_parse(lt_hold_kind *out, const char *s, lt_error *err)
{
	if (s && strcmp(s, "dossier") == 0)
		*out = LT_HOLD_DOSSIER;
	else if (s && strcmp(s, "record") == 0)
		*out = LT_HOLD_RECORD;
	else
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("loại đối tượng không hợp lệ: '%s' (dossier hoặc record)",
		                          "invalid object kind: '%s' (dossier or record)"),
		                    s ? s : "");
	return 0;
}

static int object_exists(lt_catalog *cat, lt_hold_kind kind, int64_t id, lt_error *err)
{
	int64_t n = 0;
	int rc = lt_ret_int(cat,
	                    kind == LT_HOLD_RECORD ? "SELECT count(*) FROM records WHERE id = ?"
	                                           : "SELECT count(*) FROM dossiers WHERE id = ?",
	                    id, &n, err);
	if (rc == 0 && n == 0)
		rc =
		    lt_error_set(err, LT_ENOTFOUND,
		                 kind == LT_HOLD_RECORD
		                     ? LT_TR("không tìm thấy văn bản %lld", "record %lld not found")
		                     : LT_TR("không tìm thấy hồ sơ %lld", "dossier %lld not found"),
		                 (long long)id);
	return rc;
}

int lt_hold_place(int64_t *id_out, lt_catalog *cat, lt_hold_kind kind, int64_t object_id,
                  const char *reason, const char *who, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	char object[48];
	int rc;

	if (!reason || !*reason || !who || !*who)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("phong tỏa cần lý do và người thực hiện",
		                          "a hold needs a reason and who places it"));
	rc = lt_catalog_begin(cat, err);
	if (rc)
		return rc;
	rc = object_exists(cat, kind, object_id, err);
	if (rc == 0)
		rc = lt_ret_prepare(cat, &st,
		                    "INSERT INTO main.holds (kind, object_id, reason, placed_by)"
		                    " VALUES (?, ?, ?, ?)",
		                    err);
	if (rc == 0) {
		sqlite3_bind_text(st, 1, kind_name(kind), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, object_id);
		sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, who, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = lt_catalog_error(cat, err, LT_TR("đặt phong tỏa", "placing the hold"));
		sqlite3_finalize(st);
	}
	snprintf(object, sizeof(object), "%s:%lld", kind_name(kind), (long long)object_id);
	if (rc == 0 && id_out)
		*id_out = sqlite3_last_insert_rowid(lt_catalog_db(cat));
	return lt_ret_finish(cat, rc, who, "hold.place", object, reason, err);
}

int lt_hold_release(lt_catalog *cat, int64_t hold_id, const char *who, const char *reason,
                    lt_error *err)
{
	sqlite3_stmt *st = NULL;
	char object[48];
	int64_t active = 0;
	int rc;

	if (!who || !*who)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("gỡ phong tỏa cần người thực hiện",
		                          "releasing a hold needs who releases it"));
	rc = lt_catalog_begin(cat, err);
	if (rc)
		return rc;
	rc = lt_ret_int(cat, "SELECT released_at IS NULL FROM holds WHERE id = ?", hold_id, &active,
	                err);
	if (rc == 0) {
		int64_t exists = 0;
		rc = lt_ret_int(cat, "SELECT count(*) FROM holds WHERE id = ?", hold_id, &exists,
		                err);
		if (rc == 0 && !exists)
			rc = lt_error_set(
			    err, LT_ENOTFOUND,
			    LT_TR("không tìm thấy phong tỏa %lld", "hold %lld not found"),
			    (long long)hold_id);
		else if (rc == 0 && !active)
			rc = lt_error_set(
			    err, LT_ESTATE,
			    LT_TR("phong tỏa %lld đã được gỡ", "hold %lld is already released"),
			    (long long)hold_id);
	}
	if (rc == 0)
		rc = lt_ret_prepare(
		    cat, &st,
		    "UPDATE main.holds SET released_by = ?, released_at = " LT_NOW_SQL
		    ", release_reason = ? WHERE id = ?",
		    err);
	if (rc == 0) {
		sqlite3_bind_text(st, 1, who, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, hold_id);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc =
			    lt_catalog_error(cat, err, LT_TR("gỡ phong tỏa", "releasing the hold"));
		sqlite3_finalize(st);
	}
	snprintf(object, sizeof(object), "hold:%lld", (long long)hold_id);
	return lt_ret_finish(cat, rc, who, "hold.release", object, reason, err);
}

int lt_hold_check(lt_catalog *cat, lt_hold_kind kind, int64_t object_id, lt_error *err)
{
	/* Dossier: a hold on it or on any record filed in it. Record: a hold
	 * on it or on any dossier it is filed in. */
	static const char DOSSIER_SQL[] =
	    "SELECT id, kind, object_id, reason, placed_by, placed_at FROM holds"
	    " WHERE released_at IS NULL AND ((kind = 'dossier' AND object_id = ?1)"
	    " OR (kind = 'record' AND object_id IN"
	    " (SELECT record_id FROM dossier_records WHERE dossier_id = ?1)))"
	    " ORDER BY id LIMIT 1";
	static const char RECORD_SQL[] =
	    "SELECT id, kind, object_id, reason, placed_by, placed_at FROM holds"
	    " WHERE released_at IS NULL AND ((kind = 'record' AND object_id = ?1)"
	    " OR (kind = 'dossier' AND object_id IN"
	    " (SELECT dossier_id FROM dossier_records WHERE record_id = ?1)))"
	    " ORDER BY id LIMIT 1";
	sqlite3_stmt *st = NULL;
	int rc = lt_ret_prepare(cat, &st, kind == LT_HOLD_RECORD ? RECORD_SQL : DOSSIER_SQL, err);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, object_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = lt_error_set(
		    err, LT_EDENIED,
		    LT_TR("%s %lld đang bị phong tỏa (phong tỏa %lld trên %s %lld: %s; "
		          "%s, %s): không được tiêu hủy, chuyển giao hay mở lại",
		          "%s %lld is on hold (hold %lld on %s %lld: %s; %s, %s): it "
		          "cannot be destroyed, transferred or reopened"),
		    kind == LT_HOLD_RECORD ? LT_TR("văn bản", "record") : LT_TR("hồ sơ", "dossier"),
		    (long long)object_id, (long long)sqlite3_column_int64(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (long long)sqlite3_column_int64(st, 2),
		    (const char *)sqlite3_column_text(st, 3),
		    (const char *)sqlite3_column_text(st, 4),
		    (const char *)sqlite3_column_text(st, 5));
	sqlite3_finalize(st);
	return rc;
}

static char *dup_col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? strdup((const char *)t) : NULL;
}

int lt_hold_list_get(lt_hold_list **out, lt_catalog *cat, int active_only, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_hold_list *l = calloc(1, sizeof(*l));
	int rc;

	*out = NULL;
	if (!l)
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	rc =
	    lt_ret_prepare(cat, &st,
	                   active_only ? "SELECT id, kind, object_id, reason, placed_by, placed_at,"
	                                 " released_by, released_at FROM holds"
	                                 " WHERE released_at IS NULL ORDER BY id DESC"
	                               : "SELECT id, kind, object_id, reason, placed_by, placed_at,"
	                                 " released_by, released_at FROM holds ORDER BY id DESC",
	                   err);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		lt_hold *h;
		void *grown = realloc(l->items, (l->n + 1) * sizeof(*l->items));
		if (!grown) {
			rc = lt_error_set(err, LT_ENOMEM, "%s",
			                  LT_TR("hết bộ nhớ", "out of memory"));
			break;
		}
		l->items = grown;
		h = &l->items[l->n++];
		memset(h, 0, sizeof(*h));
		h->id = sqlite3_column_int64(st, 0);
		snprintf(h->kind, sizeof(h->kind), "%s", sqlite3_column_text(st, 1));
		h->object_id = sqlite3_column_int64(st, 2);
		h->reason = dup_col(st, 3);
		h->placed_by = dup_col(st, 4);
		h->placed_at = dup_col(st, 5);
		h->released_by = dup_col(st, 6);
		h->released_at = dup_col(st, 7);
	}
	sqlite3_finalize(st);
	if (rc) {
		lt_hold_list_free(l);
		return rc;
	}
	*out = l;
	return 0;
}

void lt_hold_list_free(lt_hold_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].reason);
		free(l->items[i].placed_by);
		free(l->items[i].placed_at);
		free(l->items[i].released_by);
		free(l->items[i].released_at);
	}
	free(l->items);
	free(l);
}
