/* archive/review.c — see review.h. */
#include "archive/review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/access.h"
#include "archive/schema.h"
#include "core/buf.h"
#include "core/text.h"

static int step_done(lt_catalog *cat, sqlite3_stmt *st, const char *what, lt_error *err)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? LT_OK : lt_catalog_error(cat, err, what);
	sqlite3_finalize(st);
	return rc;
}

int lt_review_correct(lt_catalog *cat, int64_t record_id, int page_no, const char *text,
                      const char *who, int *changed, lt_error *err)
{
	sqlite3 *db = lt_catalog_db(cat);
	sqlite3_stmt *st = NULL;
	lt_buf nfc = LT_BUF_INIT;
	char field[32];
	char *old = NULL;
	const char *uid_col;
	char uid[64] = "";
	int rc, differs = 0;

	if (changed)
		*changed = 0;
	if ((rc = lt_access_require(lt_catalog_principal(cat), LT_ROLE_ARCHIVIST | LT_ROLE_ADMIN, 0,
	                            "sửa văn bản nhận dạng", "correct recognised text", err)) != 0)
		return rc;
	who = who && *who ? who : "cli";
	if (text) {
		size_t len = strlen(text);
		if (len > LT_REVIEW_TEXT_MAX)
			return lt_error_set(err, LT_EINVAL,
			                    LT_TR("văn bản của trang dài quá %d byte",
			                          "the page's text is longer than %d bytes"),
			                    LT_REVIEW_TEXT_MAX);
		if ((rc = lt_text_nfc(&nfc, text, len, err)) != 0)
			return rc;
	}
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		goto out;
	/* Through the views: a page of a record the principal may not see is
	 * not found, exactly like a page that does not exist. */
	if (sqlite3_prepare_v2(
	        db,
	        "SELECT p.text, r.uid FROM pages p JOIN records r ON r.id = p.record_id"
	        " WHERE p.record_id = ? AND p.page_no = ?",
	        -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "pages");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, record_id);
	sqlite3_bind_int(st, 2, page_no);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		uid_col = (const char *)sqlite3_column_text(st, 1);
		old = strdup(sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0)
		                                        : "");
		snprintf(uid, sizeof(uid), "%s", uid_col ? uid_col : "");
		rc = old ? LT_OK : lt_error_set(err, LT_ENOMEM, "out of memory");
	} else if (rc == SQLITE_DONE) {
		rc = lt_error_set(
		    err, LT_ENOTFOUND,
		    LT_TR("không có trang %d của văn bản %lld", "no page %d of record %lld"),
		    page_no, (long long)record_id);
	} else {
		rc = lt_catalog_error(cat, err, "pages");
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc)
		goto fail;
	differs = text && strcmp(old, lt_buf_cstr(&nfc)) != 0;
	if (sqlite3_prepare_v2(db,
	                       "UPDATE main.pages SET text = CASE WHEN ?1 THEN ?2 ELSE text END,"
	                       " reviewed_at = " LT_NOW_SQL ", reviewed_by = ?3"
	                       " WHERE record_id = ?4 AND page_no = ?5",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "pages");
		goto fail;
	}
	sqlite3_bind_int(st, 1, differs);
	sqlite3_bind_text(st, 2, differs ? lt_buf_cstr(&nfc) : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, who, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, record_id);
	sqlite3_bind_int(st, 5, page_no);
	if ((rc = step_done(cat, st, "pages", err)) != 0)
		goto fail;
	if (differs) {
		snprintf(field, sizeof(field), "page:%d", page_no);
		if (sqlite3_prepare_v2(
		        db,
		        "INSERT INTO main.record_history(record_id, field, old_value,"
		        " new_value, who) VALUES (?, ?, ?, ?, ?)",
		        -1, &st, NULL) != SQLITE_OK) {
			rc = lt_catalog_error(cat, err, "record_history");
			goto fail;
		}
		sqlite3_bind_int64(st, 1, record_id);
		sqlite3_bind_text(st, 2, field, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, old, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, lt_buf_cstr(&nfc), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, who, -1, SQLITE_TRANSIENT);
		if ((rc = step_done(cat, st, "record_history", err)) != 0)
			goto fail;
		if (sqlite3_prepare_v2(db,
		                       "INSERT INTO main.index_outbox(uid, op, record_id)"
		                       " VALUES (?, 'upsert', ?)",
		                       -1, &st, NULL) != SQLITE_OK) {
			rc = lt_catalog_error(cat, err, "index_outbox");
			goto fail;
		}
		sqlite3_bind_text(st, 1, uid, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, record_id);
		if ((rc = step_done(cat, st, "index_outbox", err)) != 0)
			goto fail;
	}
	if ((rc = lt_catalog_commit(cat, err)) == 0 && changed)
		*changed = differs;
	goto out;
fail:
	lt_catalog_rollback(cat);
out:
	free(old);
	lt_buf_free(&nfc);
	return rc;
}
