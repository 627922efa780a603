/*
 * archive/dossier.c — dossiers and their lifecycle.
 *
 * THE LIFECYCLE
 *
 *                 lt_dossier_open()
 *                        |
 *                        v
 *     reopen  +-------> OPEN  <-- add / remove / set allowed only here
 *   (reason,  |          |
 *  archivist) |          | close: required metadata present; fixes
 *             |          | DocTotal, PageTotal, start/end dates
 *             |          v
 *             +------- CLOSED ------------------+   (read-only, NĐ 30 Đ29.4)
 *                        |                      |
 *                        | archive (nộp lưu     | destroy (reason: the
 *                        | Lưu trữ cơ quan)     | disposition decision)
 *                        v                      |
 *                    ARCHIVED                   |
 *                     |     \                   |
 *          transfer   |      \ destroy (reason) |
 *  (Lưu trữ lịch sử)  v       v                 v
 *               TRANSFERRED   DESTROYED <-------+       (both final)
 *
 * Invariants:
 *  1. status changes only in lt_dossier_transition(), driven by TRANSITIONS[]
 *     below; anything not in the table is LT_ESTATE and changes nothing.
 *  2. Every transition writes, in the same transaction, the new status and
 *     its timestamp column, one dossier_events row (from, to, who, reason)
 *     and one audit_log row ("dossier.<verb>", object = fileCode).
 *  3. Only an OPEN dossier gains or loses records or edits its fields.
 *  4. dossier_records ordinals are 1..n in issued-date order; doc_total and
 *     page_total always match the rows (kept on every add/remove, fixed
 *     again at close).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "archive/audit.h"
#include "archive/dossier.h"
#include "archive/fields.h"
#include "archive/fileplan.h"
#include "archive/record.h"
#include "archive/register.h"
#include "archive/schema.h"
#include "archive/settings.h"
#include "archive/util.h"

static const struct {
	const char *name, *vi, *en, *stamp;
} STATUS[LT_DOSSIER__COUNT] = {
    {"open", "đang mở", "open", "opened_at"},
    {"closed", "đã đóng", "closed", "closed_at"},
    {"archived", "đã nộp lưu", "archived", "archived_at"},
    {"transferred", "đã nộp lưu lịch sử", "transferred", "transferred_at"},
    {"destroyed", "đã tiêu hủy", "destroyed", "destroyed_at"},
};

/* The settable fields (dossier.h), TT 05/2025 hồ sơ §9.2 and NĐ 30 PL VI
 * III, with the lengths of those texts. */
static const lt_dossier_field FIELDS[] = {
    {"title", "title", LT_DF_TEXT, 1000, NULL, "Tiêu đề hồ sơ", "Title"},
    {"retention", "retention_label", LT_DF_RETENTION, 100, NULL, "Thời hạn bảo quản", "Retention"},
    {"mode", "mode", LT_DF_CODE, 30, "mode", "Chế độ sử dụng", "Access regime"},
    {"language", "language", LT_DF_CODE, 100, "language", "Ngôn ngữ", "Language"},
    {"keeper", "keeper", LT_DF_TEXT, 200, NULL, "Đơn vị/người lập hồ sơ (danh mục)",
     "Keeper (catalog)"},
    {"creator", "creator", LT_DF_TEXT, 100, NULL, "Người lập hồ sơ", "Creator"},
    {"keyword", "keyword", LT_DF_TEXT, 100, NULL, "Từ khóa", "Keywords"},
    {"numberOfPaper", "number_of_paper", LT_DF_INT, 10, NULL, "Số lượng tờ", "Sheet count"},
    {"format", "format", LT_DF_CODE, 50, "format", "Tình trạng vật lý", "Physical condition"},
    {"inforSign", "infor_sign", LT_DF_TEXT, 30, NULL, "Ký hiệu thông tin", "Classification code"},
    {"confidenceLevel", "confidence_level", LT_DF_CODE, 40, "confidenceLevel", "Mức độ tin cậy",
     "Provenance"},
    {"paperFileCode", "paper_file_code", LT_DF_TEXT, 100, NULL, "Mã hồ sơ gốc giấy",
     "Paper original"},
    {"riskRecovery", "risk_recovery", LT_DF_BOOL, 1, NULL, "Chế độ dự phòng", "Backup regime"},
    {"riskRecoveryStatus", "risk_recovery_status", LT_DF_CODE, 2, "riskRecoveryStatus",
     "Tình trạng dự phòng", "Backup status"},
    {"description", "description", LT_DF_TEXT, 2000, NULL, "Ghi chú", "Note"},
    {"procedureCode", "procedure_code", LT_DF_TEXT, 50, NULL, "Mã thủ tục hành chính",
     "Procedure code"},
    {"receivedDate", "received_date", LT_DF_DATE, 10, NULL, "Ngày tiếp nhận", "Received"},
    {"resultOnPaper", "result_on_paper", LT_DF_BOOL, 1, NULL, "Kết quả bản giấy",
     "Result on paper"},
};
#define NFIELDS (sizeof(FIELDS) / sizeof(FIELDS[0]))

const lt_dossier_field *lt_dossier_fields(size_t *n)
{
	*n = NFIELDS;
	return FIELDS;
}

const lt_dossier_field *lt_dossier_field_find(const char *tag)
{
	for (size_t i = 0; tag && i < NFIELDS; i++)
		if (strcasecmp(tag, FIELDS[i].tag) == 0 || strcmp(tag, FIELDS[i].column) == 0)
			return &FIELDS[i];
	return NULL;
}

const char *lt_dossier_value(const lt_dossier *d, const char *tag)
{
	for (size_t i = 0; i < NFIELDS && i < d->nvalues; i++)
		if (strcmp(FIELDS[i].tag, tag) == 0)
			return d->values[i];
	return NULL;
}

/* The transition table: the only edges of the diagram above. */
static const struct transition {
	lt_dossier_status from, to;
	const char *verb;    /* audit action "dossier.<verb>" */
	int needs_reason;    /* a written reason is required */
	int needs_archivist; /* a known user must be archivist or admin */
} TRANSITIONS[] = {
    {LT_DOSSIER_OPEN, LT_DOSSIER_CLOSED, "close", 0, 0},
    {LT_DOSSIER_CLOSED, LT_DOSSIER_OPEN, "reopen", 1, 1},
    {LT_DOSSIER_CLOSED, LT_DOSSIER_ARCHIVED, "archive", 0, 1},
    {LT_DOSSIER_ARCHIVED, LT_DOSSIER_TRANSFERRED, "transfer", 0, 1},
    {LT_DOSSIER_CLOSED, LT_DOSSIER_DESTROYED, "destroy", 1, 1},
    {LT_DOSSIER_ARCHIVED, LT_DOSSIER_DESTROYED, "destroy", 1, 1},
};
#define NTRANSITIONS (sizeof(TRANSITIONS) / sizeof(TRANSITIONS[0]))

const char *lt_dossier_status_name(lt_dossier_status s)
{
	return (unsigned)s < LT_DOSSIER__COUNT ? STATUS[s].name : "?";
}

const char *lt_dossier_status_label(lt_dossier_status s)
{
	return (unsigned)s < LT_DOSSIER__COUNT ? LT_TR(STATUS[s].vi, STATUS[s].en) : "?";
}

int lt_dossier_status_parse(lt_dossier_status *out, const char *name)
{
	for (int i = 0; i < LT_DOSSIER__COUNT; i++) {
		if (name && strcmp(name, STATUS[i].name) == 0) {
			*out = (lt_dossier_status)i;
			return 0;
		}
	}
	return LT_EINVAL;
}

static const struct transition *find_transition(lt_dossier_status from, lt_dossier_status to)
{
	for (size_t i = 0; i < NTRANSITIONS; i++)
		if (TRANSITIONS[i].from == from && TRANSITIONS[i].to == to)
			return &TRANSITIONS[i];
	return NULL;
}

int lt_dossier_transition_allowed(lt_dossier_status from, lt_dossier_status to)
{
	return find_transition(from, to) != NULL;
}

/* ---- small SQL helpers ----------------------------------------------- */

static char *dup_col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? strdup((const char *)s) : NULL;
}

/* Run one statement binding ?1 = a, ?2 = b, ?3 = s (NULL → SQL NULL), as
 * far as the statement's highest parameter number goes. */
static int exec_bind(lt_catalog *cat, const char *sql, int64_t a, int64_t b, const char *s,
                     lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "dossiers");
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_int64(st, 1, a);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, b);
	if (sqlite3_bind_parameter_count(st) >= 3) {
		if (s)
			sqlite3_bind_text(st, 3, s, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, 3);
	}
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : lt_catalog_error(cat, err, "dossiers");
	sqlite3_finalize(st);
	return rc;
}

static int add_event(lt_catalog *cat, int64_t id, const char *from, const char *to, const char *who,
                     const char *reason, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "INSERT INTO main.dossier_events(dossier_id, from_status, to_status, who, "
	        "reason) VALUES (?, ?, ?, ?, ?)",
	        -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "dossier_events");
	sqlite3_bind_int64(st, 1, id);
	if (from)
		sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, who, -1, SQLITE_TRANSIENT);
	if (reason)
		sqlite3_bind_text(st, 5, reason, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : lt_catalog_error(cat, err, "dossier_events");
	sqlite3_finalize(st);
	return rc;
}

void lt_dossier_free(lt_dossier *d)
{
	if (!d)
		return;
	free(d->uid);
	free(d->file_code);
	free(d->organ_id);
	free(d->notation);
	free(d->title);
	free(d->department);
	free(d->maintenance);
	free(d->retention_label);
	free(d->keeper);
	free(d->language);
	free(d->mode);
	free(d->start_date);
	free(d->end_date);
	free(d->opened_at);
	free(d->closed_at);
	for (size_t i = 0; i < d->nvalues; i++)
		free(d->values[i]);
	free(d->values);
	free(d->retention_event);
	free(d->retention_event_date);
	free(d->retention_rule);
	free(d->archived_at);
	free(d->kind);
	free(d);
}

int lt_dossier_load(lt_dossier **out, lt_catalog *cat, int64_t id, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_dossier *d;
	int rc;

	*out = NULL;
	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "SELECT id, uid, file_code, organ_id, notation, title, department, "
	        "maintenance, retention_label, keeper, language, mode, start_date, "
	        "end_date, opened_at, closed_at, year, coalesce(retention_years, 0), "
	        "doc_total, page_total, secrecy, status, retention_event, "
	        "retention_event_date, retention_rule, archived_at, kind, "
	        "coalesce(deposit_id, 0), coalesce(expiry_year, 0), retention_years IS NOT NULL "
	        "FROM dossiers WHERE id = ?",
	        -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "dossiers");
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return lt_error_set(err, LT_ENOTFOUND, "%s: %lld",
		                    LT_TR("không tìm thấy hồ sơ", "dossier not found"),
		                    (long long)id);
	}
	if (!(d = calloc(1, sizeof(*d)))) {
		sqlite3_finalize(st);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	d->id = sqlite3_column_int64(st, 0);
	d->uid = dup_col(st, 1);
	d->file_code = dup_col(st, 2);
	d->organ_id = dup_col(st, 3);
	d->notation = dup_col(st, 4);
	d->title = dup_col(st, 5);
	d->department = dup_col(st, 6);
	d->maintenance = dup_col(st, 7);
	d->retention_label = dup_col(st, 8);
	d->keeper = dup_col(st, 9);
	d->language = dup_col(st, 10);
	d->mode = dup_col(st, 11);
	d->start_date = dup_col(st, 12);
	d->end_date = dup_col(st, 13);
	d->opened_at = dup_col(st, 14);
	d->closed_at = dup_col(st, 15);
	d->year = sqlite3_column_int(st, 16);
	d->retention_years = sqlite3_column_int(st, 17);
	d->doc_total = sqlite3_column_int(st, 18);
	d->page_total = sqlite3_column_int(st, 19);
	d->secrecy = sqlite3_column_int(st, 20);
	lt_dossier_status_parse(&d->status, (const char *)sqlite3_column_text(st, 21));
	d->retention_event = dup_col(st, 22);
	d->retention_event_date = dup_col(st, 23);
	d->retention_rule = dup_col(st, 24);
	d->archived_at = dup_col(st, 25);
	d->kind = dup_col(st, 26);
	d->deposit_id = sqlite3_column_int64(st, 27);
	d->expiry_year = sqlite3_column_int(st, 28);
	d->has_retention_years = sqlite3_column_int(st, 29);
	sqlite3_finalize(st);
	/* The TT 05 fields, by the table. */
	{
		lt_buf sql = LT_BUF_INIT;
		int bad = lt_buf_puts(&sql, "SELECT ");
		for (size_t i = 0; i < NFIELDS; i++)
			bad |= lt_buf_printf(&sql, "%s%s", i ? ", " : "", FIELDS[i].column);
		bad |= lt_buf_puts(&sql, " FROM dossiers WHERE id = ?");
		d->values = calloc(NFIELDS, sizeof(char *));
		if (bad || !d->values ||
		    sqlite3_prepare_v2(lt_catalog_db(cat), sql.data, -1, &st, NULL) != SQLITE_OK) {
			lt_buf_free(&sql);
			lt_dossier_free(d);
			return lt_catalog_error(cat, err, "dossiers");
		}
		lt_buf_free(&sql);
		d->nvalues = NFIELDS;
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			for (size_t i = 0; i < NFIELDS; i++)
				d->values[i] = dup_col(st, (int)i);
		sqlite3_finalize(st);
	}
	*out = d;
	return 0;
}

int lt_dossier_find(int64_t *id, lt_catalog *cat, const char *ref, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, n = 0;

	*id = 0;
	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "SELECT id FROM dossiers WHERE CAST(id AS TEXT) = ?1 OR file_code = ?1 "
	        "OR uid = ?1 UNION SELECT id FROM dossiers WHERE notation = ?1 AND NOT "
	        "EXISTS (SELECT 1 FROM dossiers WHERE file_code = ?1 OR uid = ?1 OR "
	        "CAST(id AS TEXT) = ?1) LIMIT 2",
	        -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "dossiers");
	sqlite3_bind_text(st, 1, ref ? ref : "", -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		n++;
	}
	sqlite3_finalize(st);
	if (n == 1)
		return 0;
	*id = 0;
	if (n > 1)
		return lt_error_set(
		    err, LT_EINVAL, "%s: %s",
		    LT_TR("nhiều hồ sơ cùng số, ký hiệu; dùng mã hồ sơ đầy đủ",
		          "several dossiers share that notation; use the full code"),
		    ref);
	return lt_error_set(err, LT_ENOTFOUND, "%s: %s",
	                    LT_TR("không tìm thấy hồ sơ", "dossier not found"), ref ? ref : "");
}

/* Run a prepared INSERT of a new dossier (code: its file code), then its
 * "open" event, the audit entry (detail, e.g. "tthc") and the commit of the
 * transaction the caller began; *id is the new dossier's. */
static int finish_open(int64_t *id, lt_catalog *cat, sqlite3_stmt *st, const char *code,
                       const char *detail, const char *who, lt_error *err)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : lt_catalog_error(cat, err, "dossiers");

	sqlite3_finalize(st);
	if (rc == LT_EEXISTS)
		return lt_error_set(err, LT_EEXISTS, "%s: %s",
		                    LT_TR("không mở được hồ sơ: đã có hồ sơ mã",
		                          "cannot open dossier: a dossier exists with code"),
		                    code);
	if (rc)
		return rc;
	*id = sqlite3_last_insert_rowid(lt_catalog_db(cat));
	if ((rc = add_event(cat, *id, NULL, "open", who ? who : "system", NULL, err)) != 0 ||
	    (rc = lt_audit_append(cat, who ? who : "system", "dossier.open", code, detail, NULL,
	                          err)) != 0)
		return rc;
	return lt_catalog_commit(cat, err);
}

int lt_dossier_open(int64_t *id, lt_catalog *cat, int year, const char *department,
                    const char *notation, const char *who, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	char *organ = NULL, uid[37], code[200];
	int64_t entry_id;
	int rc;

	*id = 0;
	if ((rc = lt_settings_organ_id(&organ, cat, err)) != 0)
		return rc;
	if ((rc = lt_ar_uuid4(uid, err)) != 0)
		goto out;
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		goto out;
	if ((rc = lt_fileplan_entry_find(&entry_id, cat, year, department, notation, err)) != 0)
		goto fail;
	snprintf(code, sizeof(code), "%s.%d.%s", organ, year, notation);
	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "INSERT INTO main.dossiers(uid, organ_id, year, notation, file_code, "
	        "fileplan_entry_id, "
	        "title, department, maintenance, retention_years, retention_label, keeper, "
	        "creator, retention_event, retention_rule) SELECT ?1, ?2, ?3, e.notation, ?4, "
	        "e.id, e.title, p.department, e.maintenance, e.retention_years, "
	        "e.retention_label, e.keeper, coalesce(?5, e.keeper), e.retention_event, "
	        "e.retention_rule FROM "
	        "fileplan_entries e JOIN fileplans p ON p.id = e.fileplan_id WHERE e.id = ?6",
	        -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "dossiers");
		goto fail;
	}
	sqlite3_bind_text(st, 1, uid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, organ, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, year);
	sqlite3_bind_text(st, 4, code, -1, SQLITE_TRANSIENT);
	/* The creator (người lập hồ sơ) is the person who opens it, else the
	 * catalog's keeper; `dossier set creator=...` changes it. */
	if (lt_catalog_principal(cat)->user_id > 0)
		sqlite3_bind_text(st, 5, lt_catalog_principal(cat)->login, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_int64(st, 6, entry_id);
	if ((rc = finish_open(id, cat, st, code, NULL, who, err)) != 0)
		goto fail;
	goto out;
fail:
	*id = 0;
	lt_catalog_rollback(cat);
out:
	free(organ);
	return rc;
}

/* ---- filing ------------------------------------------------------------ */

static int load_status(lt_catalog *cat, int64_t id, lt_dossier_status *status, char **code,
                       lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT status, file_code FROM dossiers WHERE id = ?", -1, &st,
	                       NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "dossiers");
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return lt_error_set(err, LT_ENOTFOUND, "%s: %lld",
		                    LT_TR("không tìm thấy hồ sơ", "dossier not found"),
		                    (long long)id);
	}
	rc = lt_dossier_status_parse(status, (const char *)sqlite3_column_text(st, 0));
	*code = dup_col(st, 1);
	sqlite3_finalize(st);
	return rc ? lt_error_set(err, LT_ECORRUPT, "dossier %lld: bad status", (long long)id) : 0;
}

static int refuse_not_open(lt_error *err, const char *what, const char *code, lt_dossier_status s)
{
	return lt_error_set(
	    err, LT_ESTATE, "%s %s: %s '%s'; %s", what, code,
	    LT_TR("hồ sơ đang ở trạng thái", "the dossier is"), lt_dossier_status_label(s),
	    LT_TR("hồ sơ đã đóng không được thêm, bớt, sửa văn bản (NĐ 30 Đ29.4); lưu trữ viên "
	          "mở lại bằng: luutru dossier reopen HỒ_SƠ --reason LÝ_DO",
	          "a closed dossier cannot gain, lose or change records (NĐ 30 Đ29.4); an "
	          "archivist may reopen it: luutru dossier reopen DOSSIER --reason WHY"));
}

/* Ordinals 1..n in issued-date order, doc_total, page_total, then every
 * record's home-dossier fields and an index_outbox row for each. */
static int renumber(lt_catalog *cat, int64_t id, lt_error *err)
{
	int rc;

	if ((rc = exec_bind(
	         cat,
	         "UPDATE main.dossier_records SET ordinal = (SELECT x.rn FROM (SELECT "
	         "dr.record_id AS rid, row_number() OVER (ORDER BY r.issued_date IS "
	         "NULL, r.issued_date, r.id) AS rn FROM dossier_records dr JOIN records r "
	         "ON r.id = dr.record_id WHERE dr.dossier_id = ?1) x WHERE x.rid = "
	         "dossier_records.record_id) WHERE dossier_id = ?1",
	         id, 0, NULL, err)) != 0)
		return rc;
	if ((rc = exec_bind(
	         cat,
	         "UPDATE main.dossiers SET doc_total = (SELECT count(*) FROM dossier_records "
	         "WHERE dossier_id = ?1), page_total = (SELECT coalesce(sum(coalesce("
	         "r.page_amount, r.page_count)), 0) FROM dossier_records dr JOIN records "
	         "r ON r.id = dr.record_id WHERE dr.dossier_id = ?1), updated_at = "
	         "strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1",
	         id, 0, NULL, err)) != 0)
		return rc;
	return 0;
}

/* The record's fileCode/docOrdinal name its first dossier; `left` is the
 * code of a dossier the record just left (cleared when it was the home). */
static int sync_record(lt_catalog *cat, int64_t record_id, const char *left, lt_error *err)
{
	int rc;

	if ((rc = exec_bind(
	         cat,
	         "UPDATE main.records SET file_code = coalesce((SELECT d.file_code FROM "
	         "dossier_records dr JOIN dossiers d ON d.id = dr.dossier_id WHERE "
	         "dr.record_id = ?1 ORDER BY dr.rowid LIMIT 1), CASE WHEN file_code = ?3 "
	         "THEN NULL ELSE file_code END), doc_ordinal = coalesce((SELECT dr.ordinal "
	         "FROM dossier_records dr WHERE dr.record_id = ?1 ORDER BY dr.rowid LIMIT "
	         "1), CASE WHEN file_code = ?3 THEN NULL ELSE doc_ordinal END), "
	         "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1",
	         record_id, 0, left, err)) != 0)
		return rc;
	return exec_bind(
	    cat,
	    "INSERT INTO main.index_outbox(record_id, uid, op) SELECT id, uid, 'upsert' "
	    "FROM records WHERE id = ?1",
	    record_id, 0, left, err);
}

static int sync_all(lt_catalog *cat, int64_t id, lt_error *err)
{
	int64_t *ids = NULL;
	size_t n = 0;
	int rc;

	if ((rc = lt_dossier_records(&ids, &n, cat, id, err)) != 0)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = sync_record(cat, ids[i], NULL, err);
	free(ids);
	return rc;
}

/* Add or remove a record inside the caller's transaction (nothing
 * committed or rolled back here). */
static int change_records_in(lt_catalog *cat, int64_t id, int64_t record_id, int add,
                             const char *who, const char *role, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_dossier_status s;
	char *code = NULL, detail[64];
	int rc, present;

	if ((rc = load_status(cat, id, &s, &code, err)) != 0)
		goto fail;
	if (s != LT_DOSSIER_OPEN) {
		rc = refuse_not_open(err,
		                     add ? LT_TR("không thêm được văn bản vào hồ sơ",
		                                 "cannot add a record to dossier")
		                         : LT_TR("không bỏ được văn bản khỏi hồ sơ",
		                                 "cannot remove a record from dossier"),
		                     code, s);
		goto fail;
	}
	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "SELECT (SELECT count(*) FROM records WHERE id = ?2), (SELECT count(*) "
	        "FROM dossier_records WHERE dossier_id = ?1 AND record_id = ?2)",
	        -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "records");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, record_id);
	sqlite3_step(st);
	if (sqlite3_column_int(st, 0) == 0) {
		sqlite3_finalize(st);
		rc = lt_error_set(err, LT_ENOTFOUND, "%s: %lld",
		                  LT_TR("không tìm thấy văn bản", "record not found"),
		                  (long long)record_id);
		goto fail;
	}
	present = sqlite3_column_int(st, 1);
	sqlite3_finalize(st);
	if (add && present) {
		rc = lt_error_set(err, LT_EEXISTS, "%s %lld %s %s", LT_TR("văn bản", "record"),
		                  (long long)record_id,
		                  LT_TR("đã có trong hồ sơ", "is already in dossier"), code);
		goto fail;
	}
	if (!add && !present) {
		rc = lt_error_set(err, LT_ENOTFOUND, "%s %lld %s %s", LT_TR("văn bản", "record"),
		                  (long long)record_id,
		                  LT_TR("không có trong hồ sơ", "is not in dossier"), code);
		goto fail;
	}
	rc = exec_bind(
	    cat,
	    add ? "INSERT INTO main.dossier_records(dossier_id, record_id, ordinal, added_by) "
	          "VALUES (?1, ?2, 1, ?3)"
	        : "DELETE FROM main.dossier_records WHERE dossier_id = ?1 AND record_id = ?2",
	    id, record_id, who, err);
	if (rc == 0 && add && role) {
		sqlite3_stmt *q = NULL;
		if (sqlite3_prepare_v2(
		        lt_catalog_db(cat),
		        "UPDATE main.dossier_records SET role = ?3 WHERE dossier_id = ?1"
		        " AND record_id = ?2 AND (SELECT kind FROM dossiers WHERE id ="
		        " ?1) = 'tthc'",
		        -1, &q, NULL) != SQLITE_OK) {
			rc = lt_catalog_error(cat, err, "dossier_records");
			goto fail;
		}
		sqlite3_bind_int64(q, 1, id);
		sqlite3_bind_int64(q, 2, record_id);
		sqlite3_bind_text(q, 3, role, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(q) == SQLITE_DONE ? 0
		                                    : lt_catalog_error(cat, err, "dossier_records");
		sqlite3_finalize(q);
		if (rc == 0 && sqlite3_changes(lt_catalog_db(cat)) == 0)
			rc = lt_error_set(
			    err, LT_EINVAL, "%s %s",
			    LT_TR("chỉ hồ sơ thủ tục hành chính (TTHC) có thành phần và "
			          "kết quả:",
			          "only administrative-procedure (TTHC) dossiers have "
			          "components and a result:"),
			    code);
	}
	if (rc || (rc = renumber(cat, id, err)) != 0 || (rc = sync_all(cat, id, err)) != 0)
		goto fail;
	if (!add && (rc = sync_record(cat, record_id, code, err)) != 0)
		goto fail;
	snprintf(detail, sizeof(detail), "record=%lld", (long long)record_id);
	rc = lt_audit_append(cat, who ? who : "system", add ? "dossier.add" : "dossier.remove",
	                     code, detail, NULL, err);
fail:
	free(code);
	return rc;
}

static int change_records(lt_catalog *cat, int64_t id, int64_t record_id, int add, const char *who,
                          const char *role, lt_error *err)
{
	int rc;

	if ((rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	rc = change_records_in(cat, id, record_id, add, who, role, err);
	if (rc == 0)
		rc = lt_catalog_commit(cat, err);
	if (rc)
		lt_catalog_rollback(cat);
	return rc;
}

int lt_dossier_add_in(lt_catalog *cat, int64_t id, int64_t record_id, const char *who,
                      lt_error *err)
{
	return change_records_in(cat, id, record_id, 1, who, NULL, err);
}

int lt_dossier_add(lt_catalog *cat, int64_t id, int64_t record_id, const char *who, lt_error *err)
{
	return change_records(cat, id, record_id, 1, who, NULL, err);
}

int lt_dossier_add_role(lt_catalog *cat, int64_t id, int64_t record_id, const char *role,
                        const char *who, lt_error *err)
{
	if (role && strcmp(role, "component") != 0 && strcmp(role, "result") != 0)
		return lt_error_set(err, LT_EINVAL, "%s: %s (component, result)",
		                    LT_TR("vai trò không hợp lệ", "invalid role"), role);
	return change_records(cat, id, record_id, 1, who, role, err);
}

int lt_dossier_remove(lt_catalog *cat, int64_t id, int64_t record_id, const char *who,
                      lt_error *err)
{
	return change_records(cat, id, record_id, 0, who, NULL, err);
}

int lt_dossier_tthc(lt_tthc_flags *out, lt_catalog *cat, int64_t id, lt_error *err)
{
	sqlite3_stmt *st = NULL;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "SELECT (SELECT count(*) FROM dossier_records WHERE dossier_id = d.id AND role ="
	        " 'component'), (SELECT count(*) FROM dossier_records WHERE dossier_id = d.id AND"
	        " role = 'result'), " LT_TTHC_COMPONENT_FILED("d") ", " LT_TTHC_RESULT_FILED(
	            "d") ", coalesce(d.result_on_paper, 0), " LT_TTHC_DIGITISED("d") " FROM "
	                                                                             "dossiers d "
	                                                                             "WHERE d.id = "
	                                                                             "? AND d.kind "
	                                                                             "= 'tthc'",
	        -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "dossiers");
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->components = sqlite3_column_int(st, 0);
		out->results = sqlite3_column_int(st, 1);
		out->component_filed = sqlite3_column_int(st, 2);
		out->result_filed = sqlite3_column_int(st, 3);
		out->result_on_paper = sqlite3_column_int(st, 4);
		out->digitised = sqlite3_column_int(st, 5);
	}
	sqlite3_finalize(st);
	return 0;
}

int lt_dossier_open_tthc(int64_t *id, lt_catalog *cat, const char *case_code, const char *procedure,
                         const char *received, int result_on_paper, const char *title,
                         const char *retention, const char *who, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_retention ret;
	lt_date d;
	char *organ = NULL, uid[37], code[200], iso[11], label[300];
	int rc, has_ret = retention && *retention;

	*id = 0;
	if (!case_code || !*case_code || strlen(case_code) > 50 || strpbrk(case_code, " \t/"))
		return lt_error_set(err, LT_EINVAL, "%s: %s",
		                    LT_TR("mã hồ sơ TTHC không hợp lệ (1–50 ký tự, không dấu cách)",
		                          "invalid TTHC case code (1–50 characters, no spaces)"),
		                    case_code ? case_code : "");
	if (!procedure || !*procedure || strlen(procedure) > 50)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("cần mã thủ tục hành chính (--procedure)",
		                          "the procedure code is needed (--procedure)"));
	if (!received || lt_date_parse(&d, received, err) != 0)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("cần ngày tiếp nhận hợp lệ (--received)",
		                          "a valid date received is needed (--received)"));
	if (has_ret && (rc = lt_retention_parse(&ret, retention, err)) != 0)
		return rc;
	lt_date_format_iso(&d, iso);
	if ((rc = lt_settings_organ_id(&organ, cat, err)) != 0)
		return rc;
	if ((rc = lt_ar_uuid4(uid, err)) != 0)
		goto out;
	snprintf(code, sizeof(code), "%s.%d.%s", organ, d.year, case_code);
	snprintf(label, sizeof(label), "Hồ sơ thủ tục hành chính %s", case_code);
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		goto out;
	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "INSERT INTO main.dossiers(uid, organ_id, year, notation, file_code, title, kind,"
	        " procedure_code, received_date, result_on_paper, creator, maintenance,"
	        " retention_years, retention_label, retention_event) VALUES (?1, ?2, ?3, ?4, ?5,"
	        " ?6, 'tthc', ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
	        -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "dossiers");
		goto fail;
	}
	sqlite3_bind_text(st, 1, uid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, organ, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, d.year);
	sqlite3_bind_text(st, 4, case_code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, title && *title ? title : label, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, procedure, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 8, iso, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 9, result_on_paper ? 1 : 0);
	if (lt_catalog_principal(cat)->user_id > 0)
		sqlite3_bind_text(st, 10, lt_catalog_principal(cat)->login, -1, SQLITE_TRANSIENT);
	if (has_ret) {
		sqlite3_bind_text(st, 11, ret.maintenance, -1, SQLITE_TRANSIENT);
		if (strcmp(ret.maintenance, "01") != 0)
			sqlite3_bind_int(st, 12, ret.years);
		sqlite3_bind_text(st, 13, ret.label, -1, SQLITE_TRANSIENT);
		if (ret.event[0])
			sqlite3_bind_text(st, 14, ret.event, -1, SQLITE_TRANSIENT);
	}
	if ((rc = finish_open(id, cat, st, code, "tthc", who, err)) != 0)
		goto fail;
	goto out;
fail:
	*id = 0;
	lt_catalog_rollback(cat);
out:
	free(organ);
	return rc;
}

/* Validate one value into its stored form (empty out = clear). */
static int normalize_value(const lt_dossier_field *f, const char *value, lt_buf *out,
                           lt_retention *ret, lt_error *err)
{
	lt_field_def def;

	if (f->type == LT_DF_RETENTION) {
		if (!value || !*value)
			return lt_error_set(
			    err, LT_EINVAL, "%s",
			    LT_TR("thời hạn bảo quản không được bỏ trống (quy tắc 19)",
			          "the retention cannot be cleared (rule 19)"));
		if (lt_retention_parse(ret, value, err) != 0)
			return LT_EINVAL;
		return lt_buf_puts(out, ret->label) ? LT_ENOMEM : 0;
	}
	memset(&def, 0, sizeof(def));
	def.id = LT_F__COUNT;
	def.tag = f->tag;
	def.column = f->column;
	def.max_len = f->max_len;
	def.codelist = f->codelist;
	def.label_vi = f->label_vi;
	def.label_en = f->label_en;
	def.type = f->type == LT_DF_CODE   ? LT_FT_CODE
	           : f->type == LT_DF_BOOL ? LT_FT_BOOL
	           : f->type == LT_DF_INT  ? LT_FT_NUMBER
	           : f->type == LT_DF_DATE ? LT_FT_DATE
	                                   : LT_FT_STRING;
	if (lt_field_normalize(&def, value, out, err) != 0)
		return LT_EINVAL;
	if (f->type == LT_DF_TEXT && strcmp(f->tag, "title") == 0 && out->len == 0)
		return lt_error_set(
		    err, LT_EINVAL, "%s",
		    LT_TR("tiêu đề hồ sơ không được rỗng", "the title cannot be empty"));
	return 0;
}

static int unknown_field(const char *tag, lt_error *err)
{
	lt_buf known = LT_BUF_INIT;
	int rc;

	for (size_t i = 0; i < NFIELDS; i++)
		lt_buf_printf(&known, "%s%s", i ? ", " : "", FIELDS[i].tag);
	rc = lt_error_set(err, LT_EINVAL, "%s: %s (%s)",
	                  LT_TR("không sửa được trường hồ sơ", "cannot set dossier field"),
	                  tag ? tag : "", lt_buf_cstr(&known));
	lt_buf_free(&known);
	return rc;
}

int lt_dossier_set_fields(lt_catalog *cat, int64_t id, const lt_dossier_set_kv *kv, size_t n,
                          const char *who, lt_error *err)
{
	const lt_dossier_field *defs[64];
	char *vals[64] = {0};
	lt_retention ret;
	lt_dossier_status s;
	lt_buf v = LT_BUF_INIT;
	char *code = NULL;
	int rc = 0, has_ret = 0;

	if (n == 0 || n > 64)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("cần TRƯỜNG=GIÁ_TRỊ", "FIELD=VALUE is needed"));
	/* 1. Every name and value before the catalog is touched. */
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!(defs[i] = lt_dossier_field_find(kv[i].tag))) {
			rc = unknown_field(kv[i].tag, err);
			break;
		}
		for (size_t j = 0; j < i; j++)
			if (defs[j] == defs[i])
				rc = lt_error_set(
				    err, LT_EINVAL,
				    LT_TR("trường %s được đặt hai lần", "field %s is set twice"),
				    defs[i]->tag);
		lt_buf_reset(&v);
		if (rc == 0 && (rc = normalize_value(defs[i], kv[i].value, &v, &ret, err)) == 0) {
			if (defs[i]->type == LT_DF_RETENTION)
				has_ret = 1;
			if (v.len && !(vals[i] = lt_buf_detach(&v)))
				rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		}
	}
	lt_buf_free(&v);
	if (rc)
		goto out;
	/* 2. One transaction: the state, then each column and its audit row. */
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		goto out;
	if ((rc = load_status(cat, id, &s, &code, err)) != 0)
		goto fail;
	if (s != LT_DOSSIER_OPEN) {
		rc = refuse_not_open(err, LT_TR("không sửa được hồ sơ", "cannot edit dossier"),
		                     code, s);
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		char sql[200], detail[600];
		if (defs[i]->type == LT_DF_RETENTION) {
			sqlite3_stmt *st = NULL;
			if (sqlite3_prepare_v2(
			        lt_catalog_db(cat),
			        "UPDATE main.dossiers SET maintenance = ?2, retention_years = ?3,"
			        " retention_label = ?4, retention_event = ?5, retention_rule = "
			        "NULL,"
			        " updated_at = " LT_NOW_SQL " WHERE id = ?1",
			        -1, &st, NULL) != SQLITE_OK) {
				rc = lt_catalog_error(cat, err, "dossiers");
				goto fail;
			}
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_text(st, 2, ret.maintenance, -1, SQLITE_TRANSIENT);
			if (strcmp(ret.maintenance, "01") == 0)
				sqlite3_bind_null(st, 3);
			else
				sqlite3_bind_int(st, 3, ret.years);
			sqlite3_bind_text(st, 4, ret.label, -1, SQLITE_TRANSIENT);
			if (ret.event[0])
				sqlite3_bind_text(st, 5, ret.event, -1, SQLITE_TRANSIENT);
			else
				sqlite3_bind_null(st, 5);
			rc = sqlite3_step(st) == SQLITE_DONE
			         ? 0
			         : lt_catalog_error(cat, err, "dossiers");
			sqlite3_finalize(st);
		} else {
			snprintf(sql, sizeof(sql),
			         "UPDATE main.dossiers SET %s = ?3, updated_at = %s WHERE id = ?1",
			         defs[i]->column, LT_NOW_SQL);
			rc = exec_bind(cat, sql, id, 0, vals[i], err);
		}
		if (rc)
			goto fail;
		snprintf(detail, sizeof(detail), "%s=%.500s", defs[i]->tag, vals[i] ? vals[i] : "");
		if ((rc = lt_audit_append(cat, who ? who : "system", "dossier.set", code, detail,
		                          NULL, err)) != 0)
			goto fail;
	}
	(void)has_ret;
	if ((rc = lt_catalog_commit(cat, err)) != 0)
		goto fail;
	goto out;
fail:
	lt_catalog_rollback(cat);
out:
	for (size_t i = 0; i < n && i < 64; i++)
		free(vals[i]);
	free(code);
	return rc;
}

int lt_dossier_set(lt_catalog *cat, int64_t id, const char *field, const char *value,
                   const char *who, lt_error *err)
{
	lt_dossier_set_kv one = {field, value};

	return lt_dossier_set_fields(cat, id, &one, 1, who, err);
}

/* ---- closing ----------------------------------------------------------- */

/* Records filed in dossier id that lack a required field (TT 05/2025
 * EAD_doc: typeName, issuedDate, organName, subject): LT_ESTATE naming up to
 * three of them and what each lacks. */
static int record_fields_check(lt_catalog *cat, int64_t id, const char *code, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_buf list = LT_BUF_INIT;
	int n = 0, rc = 0;

	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "SELECT r.id, rtrim(CASE WHEN coalesce(r.type_name, '') = '' THEN 'typeName, '"
	        " ELSE '' END || CASE WHEN r.issued_date IS NULL THEN 'issuedDate, ' ELSE '' END"
	        " || CASE WHEN coalesce(r.organ_name, '') = '' THEN 'organName, ' ELSE '' END"
	        " || CASE WHEN coalesce(r.subject, '') = '' THEN 'subject, ' ELSE '' END, ', ')"
	        " FROM dossier_records dr JOIN records r ON r.id = dr.record_id"
	        " WHERE dr.dossier_id = ? AND (coalesce(r.type_name, '') = '' OR r.issued_date IS"
	        " NULL OR coalesce(r.organ_name, '') = '' OR coalesce(r.subject, '') = '')"
	        " ORDER BY dr.ordinal",
	        -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "records");
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n < 3)
			lt_buf_printf(&list, "%s%s %lld: %s", n ? "; " : "",
			              LT_TR("văn bản", "record"),
			              (long long)sqlite3_column_int64(st, 0),
			              (const char *)sqlite3_column_text(st, 1));
		n++;
	}
	sqlite3_finalize(st);
	if (n)
		rc = lt_error_set(err, LT_ESTATE,
		                  "%s %s: %d %s (%s%s) — luutru edit VĂN_BẢN --set ...",
		                  LT_TR("không đóng được hồ sơ", "cannot close dossier"), code, n,
		                  LT_TR("văn bản thiếu trường bắt buộc (TT 05/2025)",
		                        "records lack required fields (TT 05/2025)"),
		                  lt_buf_cstr(&list), n > 3 ? ", ..." : "");
	lt_buf_free(&list);
	return rc;
}

/* The dossier's own required fields at close (rule 22, TT 05/2025 hồ sơ:
 * creator, riskRecovery) and the conditional ones (rule 37). */
static int required_fields_check(const lt_dossier *d, const char *code, lt_error *err)
{
	const char *creator = lt_dossier_value(d, "creator");
	const char *risk = lt_dossier_value(d, "riskRecovery");
	const char *conf = lt_dossier_value(d, "confidenceLevel");

	if (!creator || !*creator)
		return lt_error_set(
		    err, LT_ESTATE, "%s %s: %s",
		    LT_TR("không đóng được hồ sơ", "cannot close dossier"), code,
		    LT_TR("thiếu người lập hồ sơ; đặt bằng: luutru dossier set HỒ_SƠ "
		          "creator=TÊN",
		          "the creator is missing; set it: luutru dossier set DOSSIER "
		          "creator=NAME"));
	if (!risk)
		return lt_error_set(
		    err, LT_ESTATE, "%s %s: %s",
		    LT_TR("không đóng được hồ sơ", "cannot close dossier"), code,
		    LT_TR("thiếu chế độ dự phòng (riskRecovery, bắt buộc theo TT "
		          "05/2025); đặt bằng: luutru dossier set HỒ_SƠ riskRecovery=0 "
		          "(hoặc 1 và riskRecoveryStatus=01|02)",
		          "the backup regime is missing (riskRecovery, required by TT "
		          "05/2025); set it: luutru dossier set DOSSIER riskRecovery=0 "
		          "(or 1 with riskRecoveryStatus=01|02)"));
	if (strcmp(risk, "1") == 0 && !lt_dossier_value(d, "riskRecoveryStatus"))
		return lt_error_set(
		    err, LT_ESTATE, "%s %s: %s",
		    LT_TR("không đóng được hồ sơ", "cannot close dossier"), code,
		    LT_TR("riskRecovery = 1 cần riskRecoveryStatus (01 đã, 02 chưa; "
		          "quy tắc 37)",
		          "riskRecovery = 1 needs riskRecoveryStatus (01 done, 02 not "
		          "yet; rule 37)"));
	if (conf && strcmp(conf, "02") == 0 && !lt_dossier_value(d, "paperFileCode"))
		return lt_error_set(
		    err, LT_ESTATE, "%s %s: %s",
		    LT_TR("không đóng được hồ sơ", "cannot close dossier"), code,
		    LT_TR("hồ sơ số hóa (confidenceLevel 02) cần mã hồ sơ gốc giấy "
		          "paperFileCode (quy tắc 37)",
		          "a digitised dossier (confidenceLevel 02) needs the paper "
		          "original's code paperFileCode (rule 37)"));
	return 0;
}

/* Rule 21/22: the dossier's derived fields, then its required ones. */
static int close_checks(lt_catalog *cat, int64_t id, const char *code, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_dossier *d = NULL;
	int rc, undated = 0, n = 0;
	int64_t first_undated = 0;

	if ((rc = renumber(cat, id, err)) != 0)
		return rc;
	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "SELECT count(*), count(*) FILTER (WHERE r.issued_date IS NULL), "
	        "min(r.id) FILTER (WHERE r.issued_date IS NULL) FROM dossier_records dr "
	        "JOIN records r ON r.id = dr.record_id WHERE dr.dossier_id = ?",
	        -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "dossier_records");
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int(st, 0);
		undated = sqlite3_column_int(st, 1);
		first_undated = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	if (n == 0)
		return lt_error_set(err, LT_ESTATE, "%s %s: %s",
		                    LT_TR("không đóng được hồ sơ", "cannot close dossier"), code,
		                    LT_TR("hồ sơ chưa có văn bản nào", "it holds no records"));
	if (undated)
		return lt_error_set(err, LT_ESTATE, "%s %s: %d %s %lld)",
		                    LT_TR("không đóng được hồ sơ", "cannot close dossier"), code,
		                    undated,
		                    LT_TR("văn bản thiếu ngày ban hành (issuedDate), ví dụ văn bản",
		                          "records lack an issued date (issuedDate), e.g. record"),
		                    (long long)first_undated);
	/* Derived: dates span, language and mode defaults, secrecy. */
	if ((rc = exec_bind(
	         cat,
	         "UPDATE main.dossiers SET start_date = (SELECT min(substr(r.issued_date, 1, 10)) "
	         "FROM "
	         "dossier_records dr JOIN records r ON r.id = dr.record_id WHERE dr.dossier_id = "
	         "?1), "
	         "end_date = (SELECT max(substr(r.issued_date, 1, 10)) FROM dossier_records dr "
	         "JOIN "
	         "records r ON r.id = dr.record_id WHERE dr.dossier_id = ?1), secrecy = (SELECT "
	         "max(r.secrecy) FROM dossier_records dr JOIN records r ON r.id = dr.record_id "
	         "WHERE "
	         "dr.dossier_id = ?1), language = coalesce(language, (SELECT r.language FROM "
	         "dossier_records dr JOIN records r ON r.id = dr.record_id WHERE dr.dossier_id = "
	         "?1 "
	         "AND r.language IS NOT NULL GROUP BY r.language ORDER BY count(*) DESC, "
	         "r.language "
	         "LIMIT 1), '01'), mode = coalesce(mode, CASE WHEN (SELECT max(r.secrecy) FROM "
	         "dossier_records dr JOIN records r ON r.id = dr.record_id WHERE dr.dossier_id = "
	         "?1) "
	         "> 0 THEN '03' ELSE '01' END) WHERE id = ?1",
	         id, 0, NULL, err)) != 0)
		return rc;
	/* The records' own required fields (TT 05/2025 EAD_doc: typeName,
	 * issuedDate, organName, subject), named for the first few records. */
	if ((rc = record_fields_check(cat, id, code, err)) != 0)
		return rc;
	if ((rc = lt_dossier_load(&d, cat, id, err)) != 0)
		return rc;
	if (!d->title || !*d->title)
		rc = lt_error_set(err, LT_ESTATE, "%s %s: %s",
		                  LT_TR("không đóng được hồ sơ", "cannot close dossier"), code,
		                  LT_TR("thiếu tiêu đề hồ sơ", "the title is missing"));
	else if (!d->maintenance || !lt_codelist_find("maintenance", d->maintenance))
		rc = lt_error_set(err, LT_ESTATE, "%s %s: %s",
		                  LT_TR("không đóng được hồ sơ", "cannot close dossier"), code,
		                  LT_TR("thiếu thời hạn bảo quản (mã 01–07)",
		                        "the retention (code 01–07) is missing"));
	else if ((!d->keeper || !*d->keeper) && (!d->kind || strcmp(d->kind, "tthc") != 0))
		rc = lt_error_set(err, LT_ESTATE, "%s %s: %s",
		                  LT_TR("không đóng được hồ sơ", "cannot close dossier"), code,
		                  LT_TR("thiếu người lập hồ sơ; đặt bằng: luutru dossier set HỒ_SƠ "
		                        "keeper=TÊN",
		                        "the keeper is missing; set it: luutru dossier set DOSSIER "
		                        "keeper=NAME"));
	else if (!d->start_date || !d->end_date)
		rc = lt_error_set(err, LT_ESTATE, "%s %s: %s",
		                  LT_TR("không đóng được hồ sơ", "cannot close dossier"), code,
		                  LT_TR("không xác định được thời gian tài liệu",
		                        "the date span cannot be derived"));
	else if (strcmp(d->maintenance, "07") == 0 && !d->retention_event &&
	         d->retention_years <= 0)
		rc = lt_error_set(
		    err, LT_ESTATE, "%s %s: %s",
		    LT_TR("không đóng được hồ sơ", "cannot close dossier"), code,
		    LT_TR("mã 07 cần số năm hoặc sự kiện; đặt bằng: luutru dossier set "
		          "HỒ_SƠ retention=\"5 năm sau khi chấm dứt hợp đồng\"",
		          "code 07 needs years or an event; set it: luutru dossier set "
		          "DOSSIER retention=\"5 năm sau khi chấm dứt hợp đồng\""));
	else
		rc = required_fields_check(d, code, err);
	lt_dossier_free(d);
	return rc;
}

static int check_archivist(lt_catalog *cat, const char *who, const char *verb, const char *code,
                           lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (!who)
		return 0;
	if (sqlite3_prepare_v2(lt_catalog_db(cat), "SELECT role FROM users WHERE login = ?", -1,
	                       &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "users");
	sqlite3_bind_text(st, 1, who, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *role = (const char *)sqlite3_column_text(st, 0);
		if (strcmp(role, "archivist") != 0 && strcmp(role, "admin") != 0)
			rc = lt_error_set(err, LT_EDENIED, "%s %s (%s): %s %s %s",
			                  LT_TR("không thực hiện được", "cannot"), verb, code, who,
			                  LT_TR("có vai trò", "has role"), role);
	}
	sqlite3_finalize(st);
	return rc;
}

int lt_dossier_transition(lt_catalog *cat, int64_t id, lt_dossier_status to, const char *who,
                          const char *reason, lt_error *err)
{
	return lt_dossier_transition_at(cat, id, to, who, reason, NULL, err);
}

/* The date a transition took effect: not after today, an archive
 * (deposit) not before the work ended, a transfer to the historical
 * archive not before the dossier entered the agency archive. */
static int check_effective_date(lt_catalog *cat, int64_t id, lt_dossier_status to, const char *date,
                                char stamp[32], lt_error *err)
{
	lt_date d, today;
	char iso[11];
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (lt_date_parse(&d, date, err) != 0)
		return lt_error_prefix(err, "%s", LT_TR("ngày", "date"));
	lt_date_format_iso(&d, iso);
	lt_date_today(&today);
	if (lt_date_cmp(&d, &today) > 0)
		return lt_error_set(err, LT_EINVAL, "%s: %s",
		                    LT_TR("ngày ở tương lai", "the date is in the future"), iso);
	if (to == LT_DOSSIER_ARCHIVED || to == LT_DOSSIER_TRANSFERRED) {
		if (sqlite3_prepare_v2(lt_catalog_db(cat),
		                       to == LT_DOSSIER_ARCHIVED
		                           ? "SELECT end_date, file_code FROM dossiers WHERE id = ?"
		                           : "SELECT substr(archived_at, 1, 10), file_code"
		                             " FROM dossiers WHERE id = ?",
		                       -1, &st, NULL) != SQLITE_OK)
			return lt_catalog_error(cat, err, "dossiers");
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) &&
		    strncmp((const char *)sqlite3_column_text(st, 0), iso, 10) > 0)
			rc = lt_error_set(
			    err, LT_EINVAL,
			    to == LT_DOSSIER_ARCHIVED
			        ? LT_TR("hồ sơ %s kết thúc ngày %s: không nộp lưu ngày %s trước "
			                "đó",
			                "dossier %s ended on %s: it cannot be deposited on %s "
			                "before that")
			        : LT_TR("hồ sơ %s vào lưu trữ cơ quan ngày %s: không nộp lưu "
			                "lịch sử ngày %s trước đó",
			                "dossier %s entered the agency archive on %s: it cannot "
			                "be transferred on %s before that"),
			    (const char *)sqlite3_column_text(st, 1),
			    (const char *)sqlite3_column_text(st, 0), iso);
		sqlite3_finalize(st);
	}
	snprintf(stamp, 32, "%sT00:00:00Z", iso);
	return rc;
}

int lt_dossier_transition_at(lt_catalog *cat, int64_t id, lt_dossier_status to, const char *who,
                             const char *reason, const char *date, lt_error *err)
{
	const struct transition *t;
	lt_dossier_status from;
	char *code = NULL, action[32], sql[240], stamp[32] = "";
	int rc, joined;

	if ((unsigned)to >= LT_DOSSIER__COUNT)
		return lt_error_set(err, LT_EINVAL, "dossier: bad target status %d", (int)to);
	if (date && *date && (rc = check_effective_date(cat, id, to, date, stamp, err)) != 0)
		return rc;
	if (!who)
		who = "system";
	/* Join the caller's transaction (retention/ moves dossiers inside its
	 * own) through a savepoint, so a refusal still changes nothing. */
	joined = !sqlite3_get_autocommit(lt_catalog_db(cat));
	if ((rc = joined ? lt_catalog_exec(cat, "SAVEPOINT dossier_transition", err)
	                 : lt_catalog_begin(cat, err)) != 0)
		return rc;
	if ((rc = load_status(cat, id, &from, &code, err)) != 0)
		goto fail;
	if (!(t = find_transition(from, to))) {
		rc = lt_error_set(err, LT_ESTATE, "%s %s %s '%s' %s '%s'",
		                  LT_TR("không chuyển được hồ sơ", "cannot move dossier"), code,
		                  LT_TR("từ", "from"), lt_dossier_status_label(from),
		                  LT_TR("sang", "to"), lt_dossier_status_label(to));
		goto fail;
	}
	if (t->needs_reason && (!reason || !*reason)) {
		rc = lt_error_set(
		    err, LT_EINVAL, "%s %s %s: %s", LT_TR("không", "cannot"), t->verb, code,
		    LT_TR("cần ghi lý do (--reason)", "a reason is required (--reason)"));
		goto fail;
	}
	if (t->needs_archivist && (rc = check_archivist(cat, who, t->verb, code, err)) != 0)
		goto fail;
	if (to == LT_DOSSIER_CLOSED && (rc = close_checks(cat, id, code, err)) != 0)
		goto fail;
	snprintf(sql, sizeof(sql),
	         "UPDATE main.dossiers SET status = ?3, %s = coalesce(?4, "
	         "strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ','now')), "
	         "updated_at = strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ','now') WHERE id = ?1",
	         to == LT_DOSSIER_OPEN ? "updated_at" : STATUS[to].stamp);
	{
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, &st, NULL) != SQLITE_OK) {
			rc = lt_catalog_error(cat, err, "dossiers");
			goto fail;
		}
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 3, STATUS[to].name, -1, SQLITE_STATIC);
		if (*stamp)
			sqlite3_bind_text(st, 4, stamp, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : lt_catalog_error(cat, err, "dossiers");
		sqlite3_finalize(st);
		if (rc)
			goto fail;
	}
	if (to == LT_DOSSIER_OPEN &&
	    (rc = exec_bind(cat, "UPDATE main.dossiers SET closed_at = NULL WHERE id = ?1", id, 0,
	                    NULL, err)) != 0)
		goto fail;
	if ((rc = add_event(cat, id, STATUS[from].name, STATUS[to].name, who, reason, err)) != 0)
		goto fail;
	snprintf(action, sizeof(action), "dossier.%s", t->verb);
	if ((rc = lt_audit_append(cat, who, action, code, reason, NULL, err)) != 0)
		goto fail;
	if ((rc = joined ? lt_catalog_exec(cat, "RELEASE dossier_transition", err)
	                 : lt_catalog_commit(cat, err)) != 0)
		goto fail;
	free(code);
	return 0;
fail:
	free(code);
	if (joined) {
		sqlite3_exec(lt_catalog_db(cat),
		             "ROLLBACK TO dossier_transition; RELEASE dossier_transition", NULL,
		             NULL, NULL);
	} else {
		lt_catalog_rollback(cat);
	}
	return rc;
}

/* ---- listing and printing ---------------------------------------------- */

int lt_dossier_list(lt_buf *out, lt_catalog *cat, int year, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "SELECT id, file_code, status, doc_total, title FROM dossiers WHERE ?1 "
	        "= 0 OR year = ?1 ORDER BY year, file_code",
	        -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "dossiers");
	sqlite3_bind_int(st, 1, year);
	while (sqlite3_step(st) == SQLITE_ROW)
		rc |= lt_buf_printf(
		    out, "%lld\t%s\t%s\t%d\t%s\n", (long long)sqlite3_column_int64(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2), sqlite3_column_int(st, 3),
		    (const char *)sqlite3_column_text(st, 4));
	sqlite3_finalize(st);
	return rc ? lt_error_set(err, LT_ENOMEM, "out of memory") : 0;
}

int lt_dossier_records(int64_t **ids, size_t *n, lt_catalog *cat, int64_t id, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t *v = NULL;
	size_t k = 0;

	*ids = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "SELECT record_id FROM dossier_records WHERE dossier_id = ? ORDER BY "
	        "ordinal, record_id",
	        -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "dossier_records");
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t *g = realloc(v, (k + 1) * sizeof(*v));
		if (!g) {
			free(v);
			sqlite3_finalize(st);
			return lt_error_set(err, LT_ENOMEM, "out of memory");
		}
		v = g;
		v[k++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	*ids = v;
	*n = k;
	return 0;
}

static const char *const TOC_HEADINGS[] = {"STT",
                                           "Số, ký hiệu văn bản",
                                           "Ngày tháng văn bản",
                                           "Tên loại và trích yếu nội dung",
                                           "Tác giả",
                                           "Tờ số/Trang số",
                                           "Ghi chú"};

int lt_dossier_toc(lt_buf *out, lt_catalog *cat, int64_t id, const char *format, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_dossier *d = NULL;
	lt_table *t = NULL;
	int rc, page = 1;
	char title[300], sub[400];

	if ((rc = lt_table_check_format(format, err)) != 0)
		return rc;
	if ((rc = lt_dossier_load(&d, cat, id, err)) != 0)
		return rc;
	if ((rc = lt_table_new(&t, 7, TOC_HEADINGS, err)) != 0)
		goto out;
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT dr.ordinal, r.code_number, r.code_notation, r.issued_date, "
	                       "r.type_name, coalesce(r.subject, r.title), r.organ_name, "
	                       "coalesce(r.page_amount, r.page_count, 0), r.description FROM "
	                       "dossier_records dr JOIN records r ON r.id = dr.record_id WHERE "
	                       "dr.dossier_id = ? ORDER BY dr.ordinal",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "dossier_records");
		goto out;
	}
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *num = (const char *)sqlite3_column_text(st, 1);
		const char *nota = (const char *)sqlite3_column_text(st, 2);
		const char *type =
		    sqlite3_column_text(st, 4)
		        ? lt_codelist_label_vi("typeName", (const char *)sqlite3_column_text(st, 4))
		        : NULL;
		const char *subj = (const char *)sqlite3_column_text(st, 5);
		int pages = sqlite3_column_int(st, 7);
		char ord[16], ref[128], date[32], kind[700], sheets[32];

		snprintf(ord, sizeof(ord), "%d", sqlite3_column_int(st, 0));
		snprintf(ref, sizeof(ref), "%s%s%s", num ? num : "", num && nota ? "/" : "",
		         nota ? nota : "");
		lt_table_date_dmy((const char *)sqlite3_column_text(st, 3), date);
		snprintf(kind, sizeof(kind), "%s%s%s", type ? type : "", type && subj ? " " : "",
		         subj ? subj : "");
		if (pages > 1)
			snprintf(sheets, sizeof(sheets), "%d-%d", page, page + pages - 1);
		else
			snprintf(sheets, sizeof(sheets), "%d", page);
		page += pages > 0 ? pages : 1;
		lt_table_cell(t, ord);
		lt_table_cell(t, ref);
		lt_table_cell(t, date);
		lt_table_cell(t, kind);
		lt_table_cell(t, (const char *)sqlite3_column_text(st, 6));
		lt_table_cell(t, sheets);
		lt_table_cell(t, (const char *)sqlite3_column_text(st, 8));
	}
	sqlite3_finalize(st);
	snprintf(sub, sizeof(sub), "%s %s — %s", "Hồ sơ số", d->file_code,
	         d->title ? d->title : "");
	snprintf(title, sizeof(title), "Mục lục văn bản");
	{
		char line[200];
		snprintf(line, sizeof(line), "Tổng số: %d văn bản, %d trang.", d->doc_total,
		         d->page_total);
		lt_table_footer(t, line);
	}
	rc = lt_form_write_table(out, cat, t, LT_FORM_PORTRAIT, format, title, sub, err);
	t = NULL;
out:
	lt_table_free(t);
	lt_dossier_free(d);
	return rc;
}
