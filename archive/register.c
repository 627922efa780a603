/*
 * archive/register.c — registers and their numbering (see register.h);
 * the printed register is a form (archive/forms/form.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/audit.h"
#include "archive/fields.h"
#include "archive/record.h"
#include "archive/register.h"
#include "archive/util.h"
#include "core/date.h"

/* ---- registers ------------------------------------------------------- */

static const char DEFAULTS_SQL[] =
    "INSERT OR IGNORE INTO main.registers(code, name, direction, secret) VALUES"
    " ('DEN', 'Sổ đăng ký văn bản đến', 'incoming', 0),"
    " ('DI', 'Sổ đăng ký văn bản đi', 'outgoing', 0),"
    " ('DEN-MAT', 'Sổ đăng ký văn bản mật đến', 'incoming', 1),"
    " ('DI-MAT', 'Sổ đăng ký văn bản mật đi', 'outgoing', 1)";

static int ensure_defaults(lt_catalog *cat, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int empty;

	if (sqlite3_prepare_v2(lt_catalog_db(cat), "SELECT count(*) FROM main.registers", -1, &st,
	                       NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "registers");
	empty = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0;
	sqlite3_finalize(st);
	return empty ? lt_catalog_exec(cat, DEFAULTS_SQL, err) : 0;
}

int lt_register_ensure_defaults(lt_catalog *cat, lt_error *err)
{
	return ensure_defaults(cat, err);
}

static int check_code(const char *code, lt_error *err)
{
	size_t n = code ? strlen(code) : 0;

	if (n == 0 || n > 20)
		goto bad;
	for (size_t i = 0; i < n; i++) {
		char c = code[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
			goto bad;
	}
	return 0;
bad:
	return lt_error_set(err, LT_EINVAL, "%s: %s",
	                    LT_TR("mã sổ không hợp lệ (1–20 ký tự A–Z, 0–9, -)",
	                          "invalid register code (1–20 characters A–Z, 0–9, -)"),
	                    code ? code : "");
}

int lt_register_create(lt_catalog *cat, const char *code, const char *name, int outgoing,
                       int secret, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = check_code(code, err)) != 0)
		return rc;
	if (!name || !*name)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("thiếu tên sổ", "register name missing"));
	if ((rc = ensure_defaults(cat, err)) != 0)
		return rc;
	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "INSERT INTO main.registers(code, name, direction, secret) VALUES (?,?,?,?)", -1,
	        &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "registers");
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, outgoing ? "outgoing" : "incoming", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, secret ? 1 : 0);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : lt_catalog_error(cat, err, code);
	sqlite3_finalize(st);
	if (rc == LT_EEXISTS)
		rc = lt_error_set(
		    err, LT_EEXISTS, "%s: %s",
		    LT_TR("không tạo được sổ: đã có", "cannot create register: exists"), code);
	return rc;
}

int lt_register_list_all(lt_register_list **out, lt_catalog *cat, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_register_list *l;
	int rc;

	*out = NULL;
	if ((rc = ensure_defaults(cat, err)) != 0)
		return rc;
	if (!(l = calloc(1, sizeof(*l))))
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "SELECT id, code, name, direction = 'outgoing', secret FROM registers "
	        "ORDER BY secret, direction, code",
	        -1, &st, NULL) != SQLITE_OK) {
		lt_register_list_free(l);
		return lt_catalog_error(cat, err, "registers");
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		lt_register_info *it = realloc(l->items, (l->n + 1) * sizeof(*it));
		if (!it)
			break;
		l->items = it;
		it = &l->items[l->n++];
		it->id = sqlite3_column_int64(st, 0);
		it->code = strdup((const char *)sqlite3_column_text(st, 1));
		it->name = strdup((const char *)sqlite3_column_text(st, 2));
		it->outgoing = sqlite3_column_int(st, 3);
		it->secret = sqlite3_column_int(st, 4);
	}
	sqlite3_finalize(st);
	*out = l;
	return 0;
}

void lt_register_list_free(lt_register_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].code);
		free(l->items[i].name);
	}
	free(l->items);
	free(l);
}

static int find_register(lt_catalog *cat, const char *code, int64_t *id, int *outgoing, int *secret,
                         lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "SELECT id, direction = 'outgoing', secret FROM registers WHERE code = ?", -1, &st,
	        NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "registers");
	sqlite3_bind_text(st, 1, code ? code : "", -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*outgoing = sqlite3_column_int(st, 1);
		*secret = sqlite3_column_int(st, 2);
		rc = 0;
	} else {
		rc = lt_error_set(err, LT_ENOTFOUND, "%s: %s (DEN, DI, DEN-MAT, DI-MAT, ...)",
		                  LT_TR("không tìm thấy sổ đăng ký", "register not found"),
		                  code ? code : "");
	}
	sqlite3_finalize(st);
	return rc;
}

static int step_done(lt_catalog *cat, sqlite3_stmt *st, lt_error *err, const char *what)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : lt_catalog_error(cat, err, what);
	sqlite3_finalize(st);
	return rc;
}

/* record_history rows for a number set by luutru: number n given (iso the
 * registration date) or, with iso NULL, number n taken away again by a
 * void. Only fields that change get a row (the values as the UPDATE that
 * follows will store them). */
static int history_rows(lt_catalog *cat, int64_t record_id, int outgoing, int64_t n,
                        const char *iso, const char *who, lt_error *err)
{
	static const char *const sql[2][2] = {
	    /* incoming: arrival number, then the arrival date (set when unset) */
	    {"INSERT INTO main.record_history(record_id, field, old_value, new_value, who)"
	     " SELECT id, 'arrivalNumber', arrival_number,"
	     " CASE WHEN ?4 IS NULL THEN NULL ELSE CAST(?2 AS TEXT) END, ?3"
	     " FROM records WHERE id = ?1 AND (?4 IS NOT NULL OR arrival_number = ?2)"
	     " AND arrival_number IS NOT (CASE WHEN ?4 IS NULL THEN NULL ELSE ?2 END)",
	     "INSERT INTO main.record_history(record_id, field, old_value, new_value, who)"
	     " SELECT id, 'arrivalDate', NULL, ?4, ?3 FROM records"
	     " WHERE id = ?1 AND ?4 IS NOT NULL AND arrival_date IS NULL"},
	    /* outgoing: the document number, zero-padded */
	    {"INSERT INTO main.record_history(record_id, field, old_value, new_value, who)"
	     " SELECT id, 'codeNumber', code_number,"
	     " CASE WHEN ?4 IS NULL THEN NULL ELSE printf('%02d', ?2) END, ?3"
	     " FROM records WHERE id = ?1"
	     " AND (?4 IS NOT NULL OR code_number = printf('%02d', ?2))"
	     " AND code_number IS NOT (CASE WHEN ?4 IS NULL THEN NULL ELSE printf('%02d', ?2) END)",
	     "INSERT INTO main.record_history(record_id, field, old_value, new_value, who)"
	     " SELECT id, 'issuedDate', NULL, ?4, ?3 FROM records"
	     " WHERE id = ?1 AND ?4 IS NOT NULL AND issued_date IS NULL"},
	};

	for (int k = 0; k < 2; k++) {
		const char *q = sql[outgoing ? 1 : 0][k];
		sqlite3_stmt *st = NULL;
		int rc;

		if (!q)
			continue;
		if (sqlite3_prepare_v2(lt_catalog_db(cat), q, -1, &st, NULL) != SQLITE_OK)
			return lt_catalog_error(cat, err, "record_history");
		sqlite3_bind_int64(st, 1, record_id);
		sqlite3_bind_int64(st, 2, n);
		sqlite3_bind_text(st, 3, who, -1, SQLITE_TRANSIENT);
		if (iso)
			sqlite3_bind_text(st, 4, iso, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, 4);
		if ((rc = step_done(cat, st, err, "record_history")) != 0)
			return rc;
	}
	return 0;
}

/* Promise 5: an incoming record takes only an incoming register's number
 * (its arrival number), an outgoing or internal record only an outgoing
 * register's (its document number). A record whose kind was never given
 * (scanned) takes the register's direction — unless it already carries a
 * number, which an outgoing register would overwrite: that number is a
 * sender's until someone says otherwise (`luutru edit ID --set kind=...`). */
static int check_direction(int64_t record_id, const char *kind, int has_number, int outgoing,
                           const char *code, lt_error *err)
{
	int incoming_kind = strcmp(kind, "incoming") == 0;
	int outgoing_kind = strcmp(kind, "outgoing") == 0 || strcmp(kind, "internal") == 0;

	if (outgoing && incoming_kind)
		return lt_error_set(
		    err, LT_EDENIED, "%s %lld: %s %s (NĐ 30 Đ15, Đ22)",
		    LT_TR("không cấp số cho văn bản", "cannot number record"), (long long)record_id,
		    LT_TR("văn bản đến chỉ đăng ký vào sổ văn bản đến (số đến); số và ký hiệu "
		          "của cơ quan gửi giữ nguyên; không dùng sổ đi",
		          "an incoming record is registered in an incoming register only (its "
		          "arrival number); the sender's number and notation stay; not the "
		          "outgoing register"),
		    code);
	if (!outgoing && outgoing_kind)
		return lt_error_set(
		    err, LT_EDENIED, "%s %lld: %s %s (NĐ 30 Đ15, Đ22)",
		    LT_TR("không cấp số cho văn bản", "cannot number record"), (long long)record_id,
		    LT_TR("văn bản đi chỉ lấy số của sổ văn bản đi; không dùng sổ đến",
		          "an outgoing record takes a number of an outgoing register only; not the "
		          "incoming register"),
		    code);
	if (outgoing && !outgoing_kind && has_number)
		return lt_error_set(
		    err, LT_EDENIED, "%s %lld: %s",
		    LT_TR("không cấp số cho văn bản", "cannot number record"), (long long)record_id,
		    LT_TR(
		        "văn bản chưa rõ là đi hay đến đã có số (có thể là số của cơ quan gửi); "
		        "sổ đi không ghi đè số đó. Nếu là văn bản đi của cơ quan: luutru edit "
		        "VĂN_BẢN --set kind=outgoing; nếu là văn bản đến: đăng ký vào sổ đến",
		        "the record's direction is not given and it already has a number (maybe "
		        "the sender's); an outgoing register does not overwrite it. If it is this "
		        "agency's outgoing record: luutru edit RECORD --set kind=outgoing; if it "
		        "is incoming: use an incoming register"));
	return 0;
}

/* The history row of a kind the register settles (scanned → direction). */
static int kind_history(lt_catalog *cat, int64_t record_id, const char *kind, int outgoing,
                        const char *iso, const char *who, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	(void)iso;
	if (strcmp(kind, "scanned") != 0)
		return 0;
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "INSERT INTO main.record_history(record_id, field, old_value, "
	                       "new_value, who) VALUES (?, 'kind', 'scanned', ?, ?)",
	                       -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "record_history");
	sqlite3_bind_int64(st, 1, record_id);
	sqlite3_bind_text(st, 2, outgoing ? "outgoing" : "incoming", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, who, -1, SQLITE_TRANSIENT);
	rc = step_done(cat, st, err, "record_history");
	return rc;
}

int lt_register_assign(int64_t *number, lt_catalog *cat, const char *code, int64_t record_id,
                       const char *date, const char *who, lt_error *err)
{
	sqlite3 *db = lt_catalog_db(cat);
	sqlite3_stmt *st = NULL;
	lt_date d;
	char iso[11];
	int64_t reg_id, n = 0;
	int outgoing, secret, secrecy, rc, has_number;
	char *uid = NULL, detail[160], kind[16];

	*number = 0;
	if (date) {
		if ((rc = lt_date_parse(&d, date, err)) != 0)
			return rc;
	} else {
		lt_date_today(&d);
	}
	lt_date_format_iso(&d, iso);
	if ((rc = ensure_defaults(cat, err)) != 0)
		return rc;
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	if ((rc = find_register(cat, code, &reg_id, &outgoing, &secret, err)) != 0)
		goto fail;

	if (sqlite3_prepare_v2(db,
	                       "SELECT uid, secrecy, kind, code_number FROM records WHERE id = ?",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "records");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, record_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		rc = lt_error_set(err, LT_ENOTFOUND, "%s: %lld",
		                  LT_TR("không tìm thấy văn bản", "record not found"),
		                  (long long)record_id);
		goto fail;
	}
	uid = strdup((const char *)sqlite3_column_text(st, 0));
	secrecy = sqlite3_column_int(st, 1);
	snprintf(kind, sizeof(kind), "%s", (const char *)sqlite3_column_text(st, 2));
	has_number = sqlite3_column_type(st, 3) != SQLITE_NULL;
	sqlite3_finalize(st);
	/* Promise 5: the register's direction and the record's. */
	if ((rc = check_direction(record_id, kind, has_number, outgoing, code, err)) != 0)
		goto fail;
	/* A record filed in a closed dossier is read-only (NĐ 30 Đ29.4). */
	if ((rc = lt_record_check_editable(cat, record_id, err)) != 0)
		goto fail;
	if (secrecy > 0 && !secret) {
		rc = lt_error_set(
		    err, LT_EDENIED, "%s %lld: %s %s",
		    LT_TR("không cấp số cho văn bản", "cannot number record"), (long long)record_id,
		    LT_TR("văn bản mật phải đăng ký vào sổ mật riêng (NĐ 30 Đ15.2), không dùng sổ",
		          "a secret record must use a separate secret register (NĐ 30 "
		          "Đ15.2), not"),
		    code);
		goto fail;
	}
	if (secrecy == 0 && secret) {
		rc = lt_error_set(err, LT_EDENIED, "%s %lld: %s %s",
		                  LT_TR("không cấp số cho văn bản", "cannot number record"),
		                  (long long)record_id,
		                  LT_TR("văn bản thường không lấy số của sổ mật (NĐ 30 Đ15.2):",
		                        "an ordinary record cannot take a number from a secret "
		                        "register (NĐ 30 Đ15.2):"),
		                  code);
		goto fail;
	}
	/* Already numbered in this register? Then a second number is a mistake. */
	if (sqlite3_prepare_v2(
	        db,
	        "SELECT year, number FROM register_entries WHERE register_id = ? AND "
	        "record_id = ? AND void_reason IS NULL",
	        -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "register_entries");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, reg_id);
	sqlite3_bind_int64(st, 2, record_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		rc = lt_error_set(err, LT_EEXISTS, "%s %lld: %s %s %d/%d",
		                  LT_TR("không cấp số cho văn bản", "cannot number record"),
		                  (long long)record_id,
		                  LT_TR("đã có số trong sổ", "already numbered in register"), code,
		                  sqlite3_column_int(st, 1), sqlite3_column_int(st, 0));
		sqlite3_finalize(st);
		goto fail;
	}
	sqlite3_finalize(st);
	/* Rule 5: the same document registered twice in this register. */
	if (sqlite3_prepare_v2(
	        db,
	        "SELECT o.id FROM records r JOIN records o ON o.id <> r.id "
	        "JOIN register_entries e ON e.record_id = o.id AND e.register_id = ?2 "
	        "AND e.void_reason IS NULL WHERE r.id = ?1 AND ((r.doc_id IS NOT NULL AND "
	        "r.doc_id = o.doc_id) OR (r.code_number IS NOT NULL AND r.code_notation IS NOT "
	        "NULL "
	        "AND r.organ_name IS NOT NULL AND r.code_number = o.code_number AND "
	        "r.code_notation = o.code_notation AND r.organ_name = o.organ_name)) LIMIT 1",
	        -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "records");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, record_id);
	sqlite3_bind_int64(st, 2, reg_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		rc = lt_error_set(
		    err, LT_EEXISTS, "%s %lld: %s %lld (NĐ 30 PL VI III.1.h)",
		    LT_TR("không cấp số cho văn bản", "cannot number record"), (long long)record_id,
		    LT_TR("trùng mã định danh hoặc số, ký hiệu, cơ quan ban hành với văn bản "
		          "đã đăng ký",
		          "same docId or number, notation and issuer as registered record"),
		    (long long)sqlite3_column_int64(st, 0));
		sqlite3_finalize(st);
		goto fail;
	}
	sqlite3_finalize(st);

	/* Rule 2: number order follows date order within a series. */
	if (sqlite3_prepare_v2(db,
	                       "SELECT max(substr(registered_at, 1, 10)) FROM register_entries "
	                       "WHERE register_id = ? AND year = ? AND void_reason IS NULL",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "register_entries");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, reg_id);
	sqlite3_bind_int(st, 2, d.year);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) &&
	    strcmp((const char *)sqlite3_column_text(st, 0), iso) > 0) {
		rc = lt_error_set(
		    err, LT_EINVAL, "%s %lld: %s %s %s %s (NĐ 30 Đ15.1)",
		    LT_TR("không cấp số cho văn bản", "cannot number record"), (long long)record_id,
		    LT_TR("ngày đăng ký", "registration date"), iso,
		    LT_TR("trước ngày của số đã cấp", "precedes the date of an issued number"),
		    (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		goto fail;
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db,
	                       "INSERT INTO main.register_counters(register_id, year, last_number) "
	                       "VALUES (?, ?, 1) ON CONFLICT(register_id, year) DO UPDATE SET "
	                       "last_number = last_number + 1 RETURNING last_number",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "register_counters");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, reg_id);
	sqlite3_bind_int(st, 2, d.year);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (n <= 0) {
		rc = lt_catalog_error(cat, err, "register_counters");
		goto fail;
	}
	if (sqlite3_prepare_v2(
	        db,
	        "INSERT INTO main.register_entries(register_id, year, number, record_id, "
	        "registered_at, registered_by) VALUES (?, ?, ?, ?, ?, ?)",
	        -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "register_entries");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, reg_id);
	sqlite3_bind_int(st, 2, d.year);
	sqlite3_bind_int64(st, 3, n);
	sqlite3_bind_int64(st, 4, record_id);
	sqlite3_bind_text(st, 5, iso, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, who, -1, SQLITE_TRANSIENT);
	if ((rc = step_done(cat, st, err, "register_entries")) != 0)
		goto fail;
	/* The record's own history shows the numbers luutru gave it, as it
	 * shows edits (who, when, old → new). */
	if ((rc = history_rows(cat, record_id, outgoing, n, iso, who ? who : "system", err)) != 0)
		goto fail;
	/* An outgoing record is dated on the day it is numbered (NĐ 30 PL VI
	 * II.I.6 "auto"), an incoming one arrives on the day it is registered
	 * (II.II.12): the date is filled when unset, never changed. A record
	 * whose kind was not given (scanned) takes the register's direction. */
	if ((rc = kind_history(cat, record_id, kind, outgoing, iso, who ? who : "system", err)) !=
	    0)
		goto fail;
	if (sqlite3_prepare_v2(
	        db,
	        outgoing
	            ? "UPDATE main.records SET code_number = printf('%02d', ?2), issued_date = "
	              "coalesce(issued_date, ?3), kind = CASE kind WHEN 'scanned' THEN "
	              "'outgoing' ELSE kind END, updated_at = "
	              "strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1"
	            : "UPDATE main.records SET arrival_number = ?2, arrival_date = "
	              "coalesce(arrival_date, ?3), kind = CASE kind WHEN 'scanned' THEN "
	              "'incoming' ELSE kind END, updated_at = "
	              "strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1",
	        -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "records");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, record_id);
	sqlite3_bind_int64(st, 2, n);
	sqlite3_bind_text(st, 3, iso, -1, SQLITE_TRANSIENT);
	if ((rc = step_done(cat, st, err, "records")) != 0)
		goto fail;
	if (sqlite3_prepare_v2(
	        db, "INSERT INTO main.index_outbox(record_id, uid, op) VALUES (?, ?, 'upsert')", -1,
	        &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "index_outbox");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, record_id);
	sqlite3_bind_text(st, 2, uid, -1, SQLITE_TRANSIENT);
	if ((rc = step_done(cat, st, err, "index_outbox")) != 0)
		goto fail;
	snprintf(detail, sizeof(detail), "record=%lld year=%d number=%lld date=%s",
	         (long long)record_id, d.year, (long long)n, iso);
	if ((rc = lt_audit_append(cat, who ? who : "system", "register.assign", code, detail, NULL,
	                          err)) != 0)
		goto fail;
	if ((rc = lt_catalog_commit(cat, err)) != 0)
		goto fail;
	free(uid);
	*number = n;
	return 0;
fail:
	free(uid);
	lt_catalog_rollback(cat);
	return rc;
}

int lt_register_void(lt_catalog *cat, const char *code, int year, int64_t number,
                     const char *reason, const char *who, lt_error *err)
{
	sqlite3 *db = lt_catalog_db(cat);
	sqlite3_stmt *st = NULL;
	int64_t reg_id, entry_id, record_id = 0;
	int outgoing, secret, rc;
	char detail[600];

	if (!reason || !*reason)
		return lt_error_set(
		    err, LT_EINVAL, "%s",
		    LT_TR("hủy số cần lý do (--reason), để giải trình số bị trống",
		          "voiding a number needs a reason (--reason) to justify the gap"));
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	if ((rc = find_register(cat, code, &reg_id, &outgoing, &secret, err)) != 0)
		goto fail;
	if (sqlite3_prepare_v2(
	        db,
	        "SELECT id, record_id, void_reason IS NOT NULL FROM register_entries "
	        "WHERE register_id = ? AND year = ? AND number = ?",
	        -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "register_entries");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, reg_id);
	sqlite3_bind_int(st, 2, year);
	sqlite3_bind_int64(st, 3, number);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		rc = lt_error_set(
		    err, LT_ENOTFOUND, "%s: %s %lld/%d",
		    LT_TR("không hủy được số: chưa cấp", "cannot void: never assigned"), code,
		    (long long)number, year);
		goto fail;
	}
	entry_id = sqlite3_column_int64(st, 0);
	record_id = sqlite3_column_int64(st, 1);
	if (record_id > 0 && (rc = lt_record_check_editable(cat, record_id, err)) != 0) {
		sqlite3_finalize(st);
		goto fail;
	}
	if (sqlite3_column_int(st, 2)) {
		sqlite3_finalize(st);
		rc = lt_error_set(err, LT_ESTATE, "%s: %s %lld/%d",
		                  LT_TR("số đã bị hủy trước đó", "number already voided"), code,
		                  (long long)number, year);
		goto fail;
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db, "UPDATE main.register_entries SET void_reason = ? WHERE id = ?",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "register_entries");
		goto fail;
	}
	sqlite3_bind_text(st, 1, reason, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, entry_id);
	if ((rc = step_done(cat, st, err, "register_entries")) != 0)
		goto fail;
	if (record_id > 0) {
		/* The record loses the number it no longer holds (and its history
		 * says so). */
		if ((rc = history_rows(cat, record_id, outgoing, number, NULL,
		                       who && *who ? who : "system", err)) != 0)
			goto fail;
		if (sqlite3_prepare_v2(
		        db,
		        outgoing
		            ? "UPDATE main.records SET code_number = NULL WHERE id = ?1 AND "
		              "code_number = printf('%02d', ?2)"
		            : "UPDATE main.records SET arrival_number = NULL WHERE id = ?1 AND "
		              "arrival_number = ?2",
		        -1, &st, NULL) != SQLITE_OK) {
			rc = lt_catalog_error(cat, err, "records");
			goto fail;
		}
		sqlite3_bind_int64(st, 1, record_id);
		sqlite3_bind_int64(st, 2, number);
		if ((rc = step_done(cat, st, err, "records")) != 0)
			goto fail;
		if (sqlite3_prepare_v2(
		        db,
		        "INSERT INTO main.index_outbox(record_id, uid, op) SELECT id, uid, "
		        "'upsert' FROM records WHERE id = ?",
		        -1, &st, NULL) != SQLITE_OK) {
			rc = lt_catalog_error(cat, err, "index_outbox");
			goto fail;
		}
		sqlite3_bind_int64(st, 1, record_id);
		if ((rc = step_done(cat, st, err, "index_outbox")) != 0)
			goto fail;
	}
	snprintf(detail, sizeof(detail), "year=%d number=%lld reason=%.500s", year,
	         (long long)number, reason);
	if ((rc = lt_audit_append(cat, who ? who : "system", "register.void", code, detail, NULL,
	                          err)) != 0)
		goto fail;
	return lt_catalog_commit(cat, err);
fail:
	lt_catalog_rollback(cat);
	return rc;
}

int lt_register_duplicates(lt_buf *out, size_t *groups, lt_catalog *cat, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t n = 0;
	int rc = 0;

	*groups = 0;
	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "SELECT 'docId', doc_id, group_concat(id) FROM (SELECT id, doc_id FROM records "
	        "WHERE doc_id IS NOT NULL ORDER BY id) GROUP BY doc_id HAVING count(*) > 1 "
	        "UNION ALL SELECT 'number', code_number || ' | ' || code_notation || ' | ' || "
	        "organ_name, group_concat(id) FROM (SELECT id, code_number, code_notation, "
	        "organ_name FROM records WHERE code_number IS NOT NULL AND code_notation IS NOT "
	        "NULL AND organ_name IS NOT NULL ORDER BY id) GROUP BY code_number, code_notation, "
	        "organ_name HAVING count(*) > 1",
	        -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "records");
	while (sqlite3_step(st) == SQLITE_ROW) {
		rc |= lt_buf_printf(out, "%s\t%s\t%s\n", (const char *)sqlite3_column_text(st, 0),
		                    (const char *)sqlite3_column_text(st, 1),
		                    (const char *)sqlite3_column_text(st, 2));
		n++;
	}
	sqlite3_finalize(st);
	*groups = n;
	return rc ? lt_error_set(err, LT_ENOMEM, "out of memory") : 0;
}

static const char *const OUT_HEADINGS[] = {"Số, ký hiệu văn bản",
                                           "Ngày tháng văn bản",
                                           "Tên loại và trích yếu nội dung văn bản",
                                           "Người ký",
                                           "Nơi nhận văn bản",
                                           "Đơn vị, người nhận bản lưu",
                                           "Số lượng bản",
                                           "Ngày chuyển",
                                           "Ký nhận",
                                           "Ghi chú"};
static const char *const IN_HEADINGS[] = {"Ngày đến",
                                          "Số đến",
                                          "Tác giả",
                                          "Số, ký hiệu",
                                          "Ngày tháng văn bản",
                                          "Tên loại và trích yếu nội dung",
                                          "Đơn vị hoặc người nhận",
                                          "Ngày chuyển",
                                          "Ký nhận",
                                          "Ghi chú"};

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int lt_register_print(lt_buf *out, lt_catalog *cat, const char *code, int year, const char *format,
                      lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_table *t = NULL;
	int64_t reg_id;
	int outgoing, secret, rc;
	char title[200], sub[300];
	int first = 0, last = 0;
	/* dates (dd/mm/yyyy) and numbers/notations kept on one line */
	static const double OUT_W[] = {1.8, 1.4, 3, 1.3, 1.5, 1.3, 0.8, 1.2, 0.9, 1.3};
	static const double IN_W[] = {1.4, 0.8, 1.6, 1.8, 1.4, 2.8, 1.5, 1.2, 0.9, 1.3};

	if ((rc = lt_table_check_format(format, err)) != 0)
		return rc;
	if ((rc = ensure_defaults(cat, err)) != 0)
		return rc;
	if ((rc = find_register(cat, code, &reg_id, &outgoing, &secret, err)) != 0)
		return rc;
	if ((rc = lt_table_new(&t, 10, outgoing ? OUT_HEADINGS : IN_HEADINGS, err)) != 0)
		return rc;
	lt_table_widths(t, outgoing ? OUT_W : IN_W);
	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "SELECT e.number, e.void_reason, e.registered_at, r.code_number, r.code_notation, "
	        "r.issued_date, r.type_name, coalesce(r.subject, r.title), r.signer_name, "
	        "r.recipients, r.to_places, r.issued_amount, r.organ_name, r.arrival_date, "
	        "r.description FROM register_entries e LEFT JOIN records r ON r.id = e.record_id "
	        "WHERE e.register_id = ? AND e.year = ? ORDER BY e.number",
	        -1, &st, NULL) != SQLITE_OK) {
		lt_table_free(t);
		return lt_catalog_error(cat, err, "register_entries");
	}
	sqlite3_bind_int64(st, 1, reg_id);
	sqlite3_bind_int(st, 2, year);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char num[32], ref[128], issued[32], arrived[32], kind[700], note[700];
		/* A register is a legal book: Vietnamese whatever --lang says. */
		const char *type = col(st, 6) ? lt_codelist_label_vi("typeName", col(st, 6)) : NULL;
		int voided = col(st, 1) != NULL;

		if (!first)
			first = sqlite3_column_int(st, 0);
		last = sqlite3_column_int(st, 0);

		snprintf(num, sizeof(num),
		         outgoing && sqlite3_column_int(st, 0) < 10 ? "%02d" : "%d",
		         sqlite3_column_int(st, 0));
		if (outgoing)
			snprintf(ref, sizeof(ref), "%s%s%s", num, col(st, 4) ? "/" : "",
			         col(st, 4) ? col(st, 4) : "");
		else
			snprintf(ref, sizeof(ref), "%s%s%s", col(st, 3) ? col(st, 3) : "",
			         col(st, 3) && col(st, 4) ? "/" : "", col(st, 4) ? col(st, 4) : "");
		lt_table_date_dmy(col(st, 5), issued);
		lt_table_date_dmy(col(st, 13) ? col(st, 13) : col(st, 2), arrived);
		snprintf(kind, sizeof(kind), "%s%s%s", type ? type : "",
		         type && col(st, 7) ? " " : "", col(st, 7) ? col(st, 7) : "");
		if (voided)
			snprintf(note, sizeof(note), "Số bị hủy: %s", col(st, 1));
		else
			snprintf(note, sizeof(note), "%s", col(st, 14) ? col(st, 14) : "");
		if (outgoing) {
			lt_table_cell(t, ref);
			lt_table_cell(t, voided ? "" : issued);
			lt_table_cell(t, voided ? "" : kind);
			lt_table_cell(t, voided ? "" : col(st, 8));
			lt_table_cell(t, voided ? "" : col(st, 9));
			lt_table_cell(t, voided ? "" : col(st, 10));
			lt_table_cell(t, voided ? "" : col(st, 11));
			lt_table_cell(t, "");
			lt_table_cell(t, "");
			lt_table_cell(t, note);
		} else {
			lt_table_cell(t, voided ? "" : arrived);
			lt_table_cell(t, num);
			lt_table_cell(t, voided ? "" : col(st, 12));
			lt_table_cell(t, voided ? "" : ref);
			lt_table_cell(t, voided ? "" : issued);
			lt_table_cell(t, voided ? "" : kind);
			lt_table_cell(t, voided ? "" : col(st, 10));
			lt_table_cell(t, "");
			lt_table_cell(t, "");
			lt_table_cell(t, note);
		}
	}
	sqlite3_finalize(st);
	/* The cover of NĐ 30 Phụ lục IV: the book, its year and its range. */
	snprintf(title, sizeof(title), "%s%s",
	         outgoing ? "Sổ đăng ký văn bản đi" : "Sổ đăng ký văn bản đến",
	         secret ? " mật" : "");
	if (first)
		snprintf(sub, sizeof(sub), "Năm %d — Sổ %s — Từ số %02d đến số %02d", year, code,
		         first, last);
	else
		snprintf(sub, sizeof(sub), "Năm %d — Sổ %s", year, code);
	return lt_form_write_table(out, cat, t, LT_FORM_LANDSCAPE, format, title, sub, err);
}
