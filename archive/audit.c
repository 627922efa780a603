/*
 * archive/audit.c — append-only, hash-chained, signed audit log. See audit.h.
 *
 * Invariants (checked by lt_audit_verify):
 *   1. ids are 1, 2, 3, ... with no gap (ids are given here, not by SQLite,
 *      so a deleted row leaves a visible hole).
 *   2. row n's prev_hash is row n-1's hash; row 1's is LT_AUDIT_GENESIS.
 *   3. row n's hash is SHA-256 of serialise(row n) (see audit.h).
 *   4. an anchor row's detail signs row n-1's id and hash.
 * Writers hold SQLite's write lock from reading the head to inserting the
 * new row, so two processes can never chain onto the same head.
 */
#include "archive/audit.h"

#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "archive/blobstore.h"
#include "archive/keys.h"
#include "core/buf.h"

static int db_error(lt_catalog *cat, lt_error *err)
{
	return lt_catalog_error(cat, err, LT_TR("nhật ký kiểm toán", "audit log"));
}

static int put_field(lt_buf *b, const char *s)
{
	if (!s)
		return lt_buf_puts(b, "-,");
	return lt_buf_printf(b, "%zu:", strlen(s)) || lt_buf_puts(b, s) || lt_buf_putc(b, ',');
}

/* hash = SHA-256("luutru-audit-v1," + fields) */
static int row_hash(int64_t id, const char *at, const char *who, const char *action,
                    const char *object, const char *detail, const char *prev,
                    char out[LT_SHA256_HEX_LEN + 1])
{
	lt_buf b = LT_BUF_INIT;
	char idbuf[32];
	int rc;

	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	rc = lt_buf_puts(&b, "luutru-audit-v1,") || put_field(&b, idbuf) || put_field(&b, at) ||
	     put_field(&b, who) || put_field(&b, action) || put_field(&b, object) ||
	     put_field(&b, detail) || put_field(&b, prev);
	if (rc == 0)
		lt_sha256_hex(b.data, b.len, out);
	lt_buf_free(&b);
	return rc ? LT_ENOMEM : 0;
}

static int anchor_message(lt_buf *b, int64_t id, const char *head)
{
	return lt_buf_printf(b, "luutru-audit-anchor\n%lld\n%s", (long long)id, head);
}

/* The data directory is the catalog file's directory. */
static int data_dir_of(lt_catalog *cat, lt_buf *out)
{
	char *copy = strdup(lt_catalog_path(cat));
	int rc;

	if (!copy)
		return LT_ENOMEM;
	rc = lt_buf_puts(out, dirname(copy));
	free(copy);
	return rc;
}

static void now_iso(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The newest row: id (0 when empty), hash (GENESIS when empty). */
static int head(lt_catalog *cat, int64_t *id, char hash[LT_SHA256_HEX_LEN + 1],
                int64_t *last_anchor, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int s;

	*id = 0;
	snprintf(hash, LT_SHA256_HEX_LEN + 1, "%s", LT_AUDIT_GENESIS);
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT id, hash, (SELECT coalesce(max(id), 0) FROM audit_log"
	                       " WHERE action = '" LT_AUDIT_ANCHOR_ACTION "')"
	                       " FROM audit_log ORDER BY id DESC LIMIT 1",
	                       -1, &st, NULL) != SQLITE_OK)
		return db_error(cat, err);
	s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		const char *h = (const char *)sqlite3_column_text(st, 1);
		*id = sqlite3_column_int64(st, 0);
		/* A row written around lt_audit_append has no hash: chain onto
		 * a marker of it, and verify reports it as unchained. */
		snprintf(hash, LT_SHA256_HEX_LEN + 1, "%s", h ? h : LT_AUDIT_GENESIS);
		if (last_anchor)
			*last_anchor = sqlite3_column_int64(st, 2);
	} else if (last_anchor) {
		*last_anchor = 0;
	}
	sqlite3_finalize(st);
	if (s != SQLITE_ROW && s != SQLITE_DONE)
		return db_error(cat, err);
	return 0;
}

static int insert_row(lt_catalog *cat, int64_t id, const char *who, const char *action,
                      const char *object, const char *detail, const char *prev, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	char at[32], hash[LT_SHA256_HEX_LEN + 1];
	int rc = 0;

	now_iso(at);
	if (row_hash(id, at, who, action, object, detail, prev, hash))
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "INSERT INTO audit_log(id, at, who, action, object, detail,"
	                       " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	                       -1, &st, NULL) != SQLITE_OK)
		return db_error(cat, err);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, who, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, object, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, detail, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, prev, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 8, hash, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(cat, err);
	sqlite3_finalize(st);
	return rc;
}

static int append_anchor(lt_catalog *cat, const char *who, int64_t head_id, const char *head_hash,
                         lt_error *err)
{
	lt_buf dir = LT_BUF_INIT, msg = LT_BUF_INIT, detail = LT_BUF_INIT;
	char sig[LT_KEYS_SIG_HEX_LEN + 1];
	int rc;

	if (data_dir_of(cat, &dir) || anchor_message(&msg, head_id, head_hash)) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = lt_keys_sign(dir.data, msg.data, msg.len, sig, err)) != 0)
		goto out;
	if (lt_buf_printf(&detail, "head=%s sig=%s", head_hash, sig)) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto out;
	}
	rc = insert_row(cat, head_id + 1, who, LT_AUDIT_ANCHOR_ACTION, NULL, detail.data, head_hash,
	                err);
out:
	lt_buf_free(&dir);
	lt_buf_free(&msg);
	lt_buf_free(&detail);
	return rc;
}

static int key_available(lt_catalog *cat)
{
	lt_buf dir = LT_BUF_INIT;
	int ok = data_dir_of(cat, &dir) == 0 && lt_keys_present(dir.data);

	lt_buf_free(&dir);
	return ok;
}

int lt_audit_append(lt_catalog *cat, const char *who, const char *action, const char *object,
                    const char *detail, int64_t *id_out, lt_error *err)
{
	int own = sqlite3_get_autocommit(lt_catalog_db(cat)) != 0;
	char prev[LT_SHA256_HEX_LEN + 1];
	int64_t id, last_anchor = 0;
	int rc;

	if (!who || !*who || !action || !*action)
		return lt_error_set(err, LT_EINVAL, "lt_audit_append: who, action");
	if (own && (rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	rc = head(cat, &id, prev, &last_anchor, err);
	if (rc == 0)
		rc = insert_row(cat, id + 1, who, action, object, detail, prev, err);
	if (rc == 0 && id_out)
		*id_out = id + 1;
	/* Anchor when enough entries have gone by and the key is here (a
	 * bare catalog in a test has none: it simply is not anchored). */
	if (rc == 0 && id + 1 - last_anchor >= LT_AUDIT_ANCHOR_EVERY && key_available(cat)) {
		char h[LT_SHA256_HEX_LEN + 1];
		int64_t hid;
		if ((rc = head(cat, &hid, h, NULL, err)) == 0)
			rc = append_anchor(cat, "system", hid, h, err);
	}
	if (own) {
		if (rc == 0)
			rc = lt_catalog_commit(cat, err);
		else
			lt_catalog_rollback(cat);
	}
	return rc;
}

int lt_audit_anchor(lt_catalog *cat, const char *who, lt_error *err)
{
	int own = sqlite3_get_autocommit(lt_catalog_db(cat)) != 0;
	char h[LT_SHA256_HEX_LEN + 1];
	int64_t id;
	int rc;

	if (own && (rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	rc = head(cat, &id, h, NULL, err);
	if (rc == 0)
		rc = append_anchor(cat, who ? who : "system", id, h, err);
	if (own) {
		if (rc == 0)
			rc = lt_catalog_commit(cat, err);
		else
			lt_catalog_rollback(cat);
	}
	return rc;
}

/* ---- verification ---------------------------------------------------- */

void lt_audit_report_clear(lt_audit_report *r)
{
	if (!r)
		return;
	free(r->problems);
	memset(r, 0, sizeof(*r));
}

static int add_problem(lt_audit_report *r, int64_t id, const char *kind, const char *fmt, ...)
    LT_PRINTF(4, 5);
static int add_problem(lt_audit_report *r, int64_t id, const char *kind, const char *fmt, ...)
{
	lt_audit_problem *p = realloc(r->problems, (r->nproblems + 1) * sizeof(*p));
	va_list ap;

	if (!p)
		return LT_ENOMEM;
	r->problems = p;
	p += r->nproblems++;
	p->id = id;
	p->kind = kind;
	va_start(ap, fmt);
	vsnprintf(p->message, sizeof(p->message), fmt, ap);
	va_end(ap);
	return 0;
}

/* id of a row whose stored hash is h, 0 when none. */
static int64_t row_with_hash(lt_catalog *cat, const char *h)
{
	sqlite3_stmt *st = NULL;
	int64_t id = 0;

	if (sqlite3_prepare_v2(lt_catalog_db(cat), "SELECT id FROM audit_log WHERE hash = ?", -1,
	                       &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, h, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

static int check_anchor(lt_catalog *cat, const char *dir, int64_t id, const char *detail,
                        const char *prev, lt_audit_report *r)
{
	char head_hash[65] = "", sig[LT_KEYS_SIG_HEX_LEN + 1] = "";
	lt_buf msg = LT_BUF_INIT;
	lt_error e = LT_ERROR_INIT;
	int rc;

	(void)cat;
	if (!detail || sscanf(detail, "head=%64s sig=%128s", head_hash, sig) != 2)
		return add_problem(
		    r, id, "bad_anchor",
		    LT_TR("mục %lld: mốc ký sai dạng", "entry %lld: malformed anchor"),
		    (long long)id);
	if (!prev || strcmp(head_hash, prev) != 0)
		return add_problem(r, id, "bad_anchor",
		                   LT_TR("mục %lld: mốc ký không khớp mục trước",
		                         "entry %lld: anchor does not match the previous entry"),
		                   (long long)id);
	if (anchor_message(&msg, id - 1, head_hash))
		return LT_ENOMEM;
	rc = lt_keys_verify(dir, msg.data, msg.len, sig, &e);
	lt_buf_free(&msg);
	if (rc == 0) {
		r->anchors++;
		return 0;
	}
	return add_problem(r, id, "bad_anchor",
	                   LT_TR("mục %lld: chữ ký mốc không hợp lệ: %s",
	                         "entry %lld: anchor signature invalid: %s"),
	                   (long long)id, e.message);
}

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int lt_audit_verify(lt_catalog *cat, lt_audit_report *r, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_buf dir = LT_BUF_INIT;
	char prev_stored[LT_SHA256_HEX_LEN + 1];
	int64_t prev_id = 0;
	int s, rc = 0;

	memset(r, 0, sizeof(*r));
	snprintf(prev_stored, sizeof(prev_stored), "%s", LT_AUDIT_GENESIS);
	if (data_dir_of(cat, &dir))
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT id, at, who, action, object, detail, prev_hash, hash"
	                       " FROM audit_log ORDER BY id",
	                       -1, &st, NULL) != SQLITE_OK) {
		lt_buf_free(&dir);
		return db_error(cat, err);
	}
	while (rc == 0 && (s = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *prev = col(st, 6), *stored = col(st, 7);
		char calc[LT_SHA256_HEX_LEN + 1];

		r->entries++;
		if (!stored || !prev) {
			rc = add_problem(r, id, "unchained",
			                 LT_TR("mục %lld: không có mã băm (được ghi không qua "
			                       "lt_audit_append)",
			                       "entry %lld: no hash (written around "
			                       "lt_audit_append)"),
			                 (long long)id);
			snprintf(prev_stored, sizeof(prev_stored), "%s", LT_AUDIT_GENESIS);
			prev_id = id;
			continue;
		}
		if (row_hash(id, col(st, 1), col(st, 2), col(st, 3), col(st, 4), col(st, 5), prev,
		             calc)) {
			rc = LT_ENOMEM;
			break;
		}
		if (strcmp(calc, stored) != 0)
			rc = add_problem(r, id, "edited",
			                 LT_TR("mục %lld: nội dung đã bị sửa (mã băm không khớp)",
			                       "entry %lld: content was changed (hash mismatch)"),
			                 (long long)id);
		if (rc == 0 && id != prev_id + 1)
			rc = add_problem(r, prev_id + 1, "deleted",
			                 LT_TR("mục %lld..%lld đã bị xóa (thiếu trước mục %lld)",
			                       "entries %lld..%lld were deleted (missing before "
			                       "entry %lld)"),
			                 (long long)(prev_id + 1), (long long)(id - 1),
			                 (long long)id);
		else if (rc == 0 && strcmp(prev, prev_stored) != 0) {
			int64_t other = row_with_hash(cat, prev);
			if (other && other != prev_id)
				rc = add_problem(
				    r, id, "reordered",
				    LT_TR("mục %lld: thứ tự bị đảo (mục trước của nó là "
				          "mục %lld, không phải %lld)",
				          "entry %lld: order changed (its predecessor "
				          "is entry %lld, not %lld)"),
				    (long long)id, (long long)other, (long long)prev_id);
			else
				rc =
				    add_problem(r, id, "edited",
				                LT_TR("mục %lld: chuỗi băm đứt (mục %lld đã bị sửa "
				                      "hoặc thay)",
				                      "entry %lld: chain broken (entry %lld was "
				                      "changed or replaced)"),
				                (long long)id, (long long)prev_id);
		}
		if (rc == 0 && col(st, 3) && strcmp(col(st, 3), LT_AUDIT_ANCHOR_ACTION) == 0)
			rc = check_anchor(cat, dir.data, id, col(st, 5), prev, r);
		snprintf(prev_stored, sizeof(prev_stored), "%s", stored);
		prev_id = id;
		r->head_id = id;
		snprintf(r->head, sizeof(r->head), "%s", stored);
	}
	if (rc == 0 && s != SQLITE_DONE)
		rc = db_error(cat, err);
	sqlite3_finalize(st);
	lt_buf_free(&dir);
	if (rc == LT_ENOMEM)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	if (rc)
		return rc;
	if (r->nproblems)
		return lt_error_set(err, LT_ECORRUPT,
		                    LT_TR("nhật ký kiểm toán bị can thiệp: %s (và %zu vấn đề khác)",
		                          "the audit log was tampered with: %s (and %zu more)"),
		                    r->problems[0].message, r->nproblems - 1);
	return 0;
}
