/* retention/disposition.c — propose → approve → execute (disposition.h). */
#include "retention/disposition.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/dossier.h"
#include "archive/forms/form.h"
#include "core/buf.h"
#include "retention/due.h"
#include "retention/hold.h"
#include "retention/internal.h"
#include "retention/report.h"
#include "retention/schedule.h"

#define OOM(err) lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"))

/* Invariant 1 for one dossier. exclude_batch: the list being checked (its
 * own membership is not a conflict); 0 for none. */
static int check_eligible(lt_catalog *cat, int64_t id, int64_t exclude_batch, const lt_date *today,
                          lt_error *err)
{
	sqlite3_stmt *st = NULL;
	char code[128] = "", status[16] = "", end_text[16] = "";
	int64_t expiry = 0, pending = 0;
	int years, has_expiry = 0, rc;

	rc = lt_ret_prepare(cat, &st,
	                    "SELECT file_code, status, end_date, expiry_year FROM dossiers"
	                    " WHERE id = ?",
	                    err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return lt_error_set(err, LT_ENOTFOUND,
		                    LT_TR("không tìm thấy hồ sơ %lld", "dossier %lld not found"),
		                    (long long)id);
	}
	snprintf(code, sizeof(code), "%s", sqlite3_column_text(st, 0));
	snprintf(status, sizeof(status), "%s", sqlite3_column_text(st, 1));
	if (sqlite3_column_text(st, 2))
		snprintf(end_text, sizeof(end_text), "%s", sqlite3_column_text(st, 2));
	if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
		has_expiry = 1;
		expiry = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);

	if (strcmp(status, "closed") != 0 && strcmp(status, "archived") != 0)
		return lt_error_set(
		    err, LT_ESTATE,
		    LT_TR("hồ sơ %s đang ở trạng thái '%s': chỉ tiêu hủy hồ sơ đã "
		          "đóng hoặc đã nộp lưu",
		          "dossier %s is '%s': only closed or archived dossiers can "
		          "be destroyed"),
		    code, status);
	rc = lt_retention_dossier_years(cat, id, &years, err);
	if (rc)
		return rc;
	if (years == LT_RETENTION_PERMANENT)
		return lt_error_set(
		    err, LT_EDENIED,
		    LT_TR("hồ sơ %s bảo quản vĩnh viễn: không bao giờ được đưa vào "
		          "danh sách tiêu hủy (quy tắc 33, TT 05/2025 Ch. VII)",
		          "dossier %s is permanent: it is never on a destruction list "
		          "(rule 33, TT 05/2025 Ch. VII)"),
		    code);
	if (!has_expiry) {
		int computed = 0, pending = 0;
		lt_date end;
		if (!*end_text || lt_date_parse(&end, end_text, NULL) != 0)
			return lt_error_set(err, LT_EINVAL,
			                    LT_TR("hồ sơ %s chưa có ngày kết thúc (quy tắc 22)",
			                          "dossier %s has no end date (rule 22)"),
			                    code);
		if ((rc = lt_retention_expiry(cat, id, &computed, &pending, err)) != 0)
			return rc;
		if (pending)
			return lt_error_set(
			    err, LT_EDENIED,
			    LT_TR(
			        "hồ sơ %s tính thời hạn từ một sự kiện chưa ghi ngày: chưa hết hạn "
			        "(ghi ngày bằng luutru retention event HỒ_SƠ --date NGÀY; quy tắc "
			        "29)",
			        "dossier %s counts its retention from an event whose date is not "
			        "recorded: not expired (record it with luutru retention event "
			        "DOSSIER "
			        "--date DATE; rule 29)"),
			    code);
		expiry = computed;
	}
	if (expiry >= today->year)
		return lt_error_set(
		    err, LT_EDENIED,
		    LT_TR("hồ sơ %s chưa hết hạn bảo quản (hết hạn năm %lld; chỉ "
		          "tiêu hủy sau năm đó, quy tắc 29)",
		          "dossier %s has not expired (expiry year %lld; destruction "
		          "only after that year, rule 29)"),
		    code, (long long)expiry);
	rc = lt_hold_check(cat, LT_HOLD_DOSSIER, id, err);
	if (rc)
		return rc;
	{
		sqlite3_stmt *q = NULL;
		rc = lt_ret_prepare(
		    cat, &q,
		    "SELECT b.id FROM disposition_items i"
		    " JOIN disposition_batches b ON b.id = i.batch_id"
		    " WHERE i.dossier_id = ? AND b.status <> 'executed' AND b.cancelled_at IS NULL"
		    " AND b.id <> ?",
		    err);
		if (rc)
			return rc;
		sqlite3_bind_int64(q, 1, id);
		sqlite3_bind_int64(q, 2, exclude_batch);
		if (sqlite3_step(q) == SQLITE_ROW)
			pending = sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
	}
	if (pending)
		return lt_error_set(err, LT_EEXISTS,
		                    LT_TR("hồ sơ %s đã có trong danh sách tiêu hủy %lld",
		                          "dossier %s is already on destruction list %lld"),
		                    code, (long long)pending);
	return 0;
}

int lt_disposition_propose(int64_t *batch_out, lt_catalog *cat, const int64_t *ids, size_t n,
                           const char *explanation, const lt_date *today, lt_error *err)
{
	const lt_principal *p = lt_catalog_principal(cat);
	const char *who = p->login;
	sqlite3_stmt *st = NULL;
	char object[48];
	int64_t batch = 0;
	int rc;

	/* Listing records for destruction is the archivist's act. */
	if ((rc = lt_access_require(p, LT_ROLE_ARCHIVIST | LT_ROLE_ADMIN, 1,
	                            "lập danh sách tiêu hủy", "propose a destruction", err)) != 0)
		return rc;
	if (n == 0)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("danh sách tiêu hủy trống: không có hồ sơ nào hết hạn",
		                          "the destruction list is empty: no dossier has expired"));
	rc = lt_catalog_begin(cat, err);
	if (rc)
		return rc;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		for (size_t j = 0; j < i; j++)
			if (ids[j] == ids[i])
				rc = lt_error_set(err, LT_EINVAL,
				                  LT_TR("hồ sơ %lld được nêu hai lần",
				                        "dossier %lld is named twice"),
				                  (long long)ids[i]);
		if (rc == 0)
			rc = check_eligible(cat, ids[i], 0, today, err);
	}
	if (rc == 0)
		rc =
		    lt_ret_prepare(cat, &st,
		                   "INSERT INTO main.disposition_batches (explanation, proposed_by)"
		                   " VALUES (?, ?)",
		                   err);
	if (rc == 0) {
		sqlite3_bind_text(st, 1, explanation, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, who, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc =
			    lt_catalog_error(cat, err, LT_TR("lập danh sách", "creating the list"));
		batch = sqlite3_last_insert_rowid(lt_catalog_db(cat));
		sqlite3_finalize(st);
	}
	if (rc == 0)
		rc = lt_ret_prepare(
		    cat, &st,
		    "INSERT INTO main.disposition_items (batch_id, dossier_id) VALUES (?, ?)", err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, batch);
		sqlite3_bind_int64(st, 2, ids[i]);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc =
			    lt_catalog_error(cat, err, LT_TR("lập danh sách", "creating the list"));
	}
	sqlite3_finalize(st);
	snprintf(object, sizeof(object), "disposition:%lld", (long long)batch);
	if ((rc = lt_ret_finish(cat, rc, who, "disposition.propose", object, explanation, err)) !=
	    0)
		return rc;
	if (batch_out)
		*batch_out = batch;
	return 0;
}

int lt_disposition_candidates(int64_t **ids, size_t *n, lt_catalog *cat, const lt_date *today,
                              lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t *v = NULL;
	size_t count = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	rc = lt_ret_prepare(
	    cat, &st, "SELECT id FROM dossiers WHERE status IN ('closed','archived') ORDER BY id",
	    err);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		lt_error ignore = LT_ERROR_INIT;
		void *grown;
		if (check_eligible(cat, id, 0, today, &ignore) != 0)
			continue;
		grown = realloc(v, (count + 1) * sizeof(*v));
		if (!grown) {
			rc = OOM(err);
			break;
		}
		v = grown;
		v[count++] = id;
	}
	sqlite3_finalize(st);
	if (rc) {
		free(v);
		return rc;
	}
	*ids = v;
	*n = count;
	return 0;
}

/* Status and proposer of a list; LT_ENOTFOUND when absent. */
static int batch_state(lt_catalog *cat, int64_t batch, char status[16], char proposer[128],
                       lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = lt_ret_prepare(cat, &st,
	                        "SELECT CASE WHEN cancelled_at IS NOT NULL THEN 'cancelled' ELSE"
	                        " status END, proposed_by FROM disposition_batches WHERE id = ?",
	                        err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, batch);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(status, 16, "%s", sqlite3_column_text(st, 0));
		snprintf(proposer, 128, "%s", sqlite3_column_text(st, 1));
	} else {
		rc = lt_error_set(err, LT_ENOTFOUND,
		                  LT_TR("không tìm thấy danh sách tiêu hủy %lld",
		                        "destruction list %lld not found"),
		                  (long long)batch);
	}
	sqlite3_finalize(st);
	return rc;
}

int lt_disposition_approve(lt_catalog *cat, int64_t batch, const char *decision_no,
                           const char *decision_date, const char *minutes, const char *appraisal,
                           lt_error *err)
{
	const lt_principal *p = lt_catalog_principal(cat);
	const char *who = p->login;
	sqlite3_stmt *st = NULL;
	char status[16], proposer[128], object[48], iso[11];
	lt_date d;
	int rc;

	if ((rc = lt_access_require(p, LT_ROLE_APPROVER, 1,
	                            "duyệt tiêu hủy (chỉ người có vai trò approver, khác người "
	                            "lập danh sách: quy tắc 30, TT 06/2025)",
	                            "approve a destruction (only an approver, not the proposer: "
	                            "rule 30, TT 06/2025)",
	                            err)) != 0)
		return rc;
	if (!decision_no || !*decision_no || !minutes || !*minutes)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("cần số quyết định tiêu hủy và biên bản họp Hội đồng xác "
		                          "định giá trị tài liệu (quy tắc 30, TT 06/2025)",
		                          "the destruction decision number and the appraisal "
		                          "council's minutes are required (rule 30, TT 06/2025)"));
	if (!appraisal || !*appraisal)
		return lt_error_set(
		    err, LT_EINVAL, "%s",
		    LT_TR("cần ý kiến thẩm định của cơ quan có thẩm quyền "
		          "(--appraisal: cơ quan, số, ngày văn bản thẩm định; quy tắc "
		          "30, TT 06/2025)",
		          "the competent body's appraisal opinion is required "
		          "(--appraisal: body, number and date of its opinion; rule "
		          "30, TT 06/2025)"));
	if (!decision_date || lt_date_parse(&d, decision_date, err) != 0)
		return lt_error_prefix(err, "%s", LT_TR("ngày quyết định", "decision date"));
	lt_date_format_iso(&d, iso);
	rc = lt_catalog_begin(cat, err);
	if (rc)
		return rc;
	rc = batch_state(cat, batch, status, proposer, err);
	if (rc == 0 && strcmp(status, "proposed") != 0)
		rc = lt_error_set(err, LT_ESTATE,
		                  LT_TR("danh sách %lld đang ở trạng thái '%s', không thể duyệt",
		                        "list %lld is '%s' and cannot be approved"),
		                  (long long)batch, status);
	if (rc == 0 && strcmp(who, proposer) == 0)
		rc = lt_error_set(
		    err, LT_EDENIED,
		    LT_TR("'%s' đã lập danh sách %lld nên không được tự duyệt: người "
		          "duyệt phải là người khác (quy tắc 30, TT 06/2025)",
		          "'%s' proposed list %lld and cannot approve it: the approver "
		          "must be someone else (rule 30, TT 06/2025)"),
		    who, (long long)batch);
	if (rc == 0)
		rc = lt_ret_prepare(cat, &st,
		                    "UPDATE main.disposition_batches SET status = 'approved',"
		                    " approved_by = ?, approved_at = " LT_NOW_SQL
		                    ", decision_no = ?,"
		                    " decision_date = ?, council_minutes = ?, appraisal_opinion = ?"
		                    " WHERE id = ?",
		                    err);
	if (rc == 0) {
		sqlite3_bind_text(st, 1, who, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, decision_no, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, iso, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, minutes, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, appraisal, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 6, batch);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = lt_catalog_error(cat, err,
			                      LT_TR("duyệt danh sách", "approving the list"));
		sqlite3_finalize(st);
	}
	snprintf(object, sizeof(object), "disposition:%lld", (long long)batch);
	return lt_ret_finish(cat, rc, who, "disposition.approve", object, decision_no, err);
}

/* ---- execution ---------------------------------------------------------- */

typedef struct str_list {
	char **v;
	size_t n;
} str_list;

static int str_list_add(str_list *l, const char *s)
{
	void *grown;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 0;
	grown = realloc(l->v, (l->n + 1) * sizeof(*l->v));
	if (!grown)
		return LT_ENOMEM;
	l->v = grown;
	l->v[l->n] = strdup(s);
	return l->v[l->n++] ? 0 : LT_ENOMEM;
}

static void str_list_free(str_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static int exec_sql_id(lt_catalog *cat, const char *sql, int64_t id, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = lt_ret_prepare(cat, &st, sql, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, LT_TR("tiêu hủy", "destruction"));
	sqlite3_finalize(st);
	return rc;
}

/* Tombstone one record (invariant 4); its blobs go to *blobs. */
static int destroy_record(lt_catalog *cat, int64_t rec, const char *note, const char *keyword,
                          const char *who, str_list *blobs, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	char object[48];
	int rc = lt_hold_check(cat, LT_HOLD_RECORD, rec, err);

	if (rc == 0)
		rc = lt_ret_prepare(cat, &st, "SELECT sha256 FROM record_files WHERE record_id = ?",
		                    err);
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, rec);
		while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
			if (str_list_add(blobs, (const char *)sqlite3_column_text(st, 0)))
				rc = OOM(err);
		sqlite3_finalize(st);
	}
	if (rc == 0)
		rc =
		    exec_sql_id(cat, "DELETE FROM main.record_files WHERE record_id = ?", rec, err);
	if (rc == 0)
		rc = exec_sql_id(cat, "DELETE FROM main.pages WHERE record_id = ?", rec, err);
	if (rc == 0)
		rc = lt_ret_prepare(
		    cat, &st,
		    "UPDATE main.records SET status = 'destroyed', description = ?1 ||"
		    " CASE WHEN description IS NULL OR description = '' THEN ''"
		    " ELSE ' — ' || description END,"
		    /* keyword is indexed, description is not: the short
		     * form keeps the tombstone findable by its decision. */
		    " keyword = substr(?3 || CASE WHEN keyword IS NULL OR keyword = ''"
		    " THEN '' ELSE '; ' || keyword END, 1, 100),"
		    " updated_at = " LT_NOW_SQL " WHERE id = ?2",
		    err);
	if (rc == 0) {
		sqlite3_bind_text(st, 1, note, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, rec);
		sqlite3_bind_text(st, 3, keyword, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = lt_catalog_error(cat, err,
			                      LT_TR("tiêu hủy văn bản", "destroying record"));
		sqlite3_finalize(st);
	}
	if (rc == 0)
		rc = exec_sql_id(cat,
		                 "INSERT INTO main.index_outbox (record_id, uid, op)"
		                 " SELECT id, uid, 'upsert' FROM records WHERE id = ?",
		                 rec, err);
	snprintf(object, sizeof(object), "record:%lld", (long long)rec);
	if (rc == 0)
		rc = lt_ret_audit(cat, who, "record.destroy", object, note, err);
	return rc;
}

/* The biên bản hủy tài liệu (invariant 5) as a form: who executed it and
 * when (at execution, or as stored when printed again). */
static int report_form(lt_form **out, lt_catalog *cat, int64_t batch, const char *who,
                       const char *when, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_form *f = NULL;
	lt_table *t = NULL;
	lt_buf line = LT_BUF_INIT;
	lt_date day;
	char number[48], dday[48], dec_date[32] = "";
	char *decision = NULL, *minutes = NULL, *appraisal = NULL, *handover = NULL;
	char *proposer = NULL, *approver = NULL, *explanation = NULL;
	long long dossiers = 0, docs = 0, pages = 0;
	static const char *const H[] = {
	    "STT",        "Mã hồ sơ", "Tiêu đề hồ sơ", "Thời gian tài liệu", "Thời hạn bảo quản",
	    "Số văn bản", "Số trang"};
	static const double W[] = {0.5, 2.2, 3.2, 1.6, 1.3, 0.8, 0.8};
	int rc;

	*out = NULL;
	if (!when || lt_date_parse_iso(&day, when, NULL) != 0) {
		char d10[11];
		snprintf(d10, sizeof(d10), "%.10s", when ? when : "");
		if (lt_date_parse_iso(&day, d10, NULL) != 0)
			lt_date_today(&day);
	}
	lt_form_date_long(&day, dday);
	rc = lt_ret_prepare(cat, &st,
	                    "SELECT decision_no, decision_date, council_minutes, proposed_by,"
	                    " approved_by, explanation, appraisal_opinion, handover_record"
	                    " FROM disposition_batches WHERE id = ?",
	                    err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, batch);
	if (sqlite3_step(st) == SQLITE_ROW) {
#define DUP(i)                                                                                     \
	(sqlite3_column_text(st, i) ? strdup((const char *)sqlite3_column_text(st, i)) : NULL)
		decision = DUP(0);
		lt_table_date_dmy((const char *)sqlite3_column_text(st, 1), dec_date);
		minutes = DUP(2);
		proposer = DUP(3);
		approver = DUP(4);
		explanation = DUP(5);
		appraisal = DUP(6);
		handover = DUP(7);
#undef DUP
	}
	sqlite3_finalize(st);
	snprintf(number, sizeof(number), "%02lld/BB-HTL", (long long)batch);
	if ((rc = lt_form_new(&f, LT_FORM_PORTRAIT, err)) != 0 ||
	    (rc = lt_form_header_settings(f, cat, NULL, number, &day, err)) != 0 ||
	    (rc = lt_table_new(&t, 7, H, err)) != 0)
		goto out;
	lt_table_widths(t, W);
	rc |= lt_form_title(f, "Biên bản", "Về việc hủy tài liệu hết giá trị");
	rc |= lt_form_paraf(f, LT_FORM_INDENT | LT_FORM_ITALIC,
	                    "Căn cứ Quyết định số %s ngày %s về việc hủy tài liệu hết giá trị;",
	                    decision ? decision : "...", dec_date);
	rc |= lt_form_paraf(f, LT_FORM_INDENT | LT_FORM_ITALIC,
	                    "Căn cứ ý kiến thẩm định của cơ quan có thẩm quyền: %s;",
	                    appraisal ? appraisal : "...");
	rc |= lt_form_paraf(f, LT_FORM_INDENT | LT_FORM_ITALIC,
	                    "Căn cứ biên bản họp Hội đồng xác định giá trị tài liệu: %s;",
	                    minutes ? minutes : "...");
	rc |= lt_form_paraf(f, LT_FORM_INDENT,
	                    "Hôm nay, %s, người lập danh sách: %s; người duyệt: %s; người thực "
	                    "hiện hủy: %s. Danh sách tiêu hủy số %lld.",
	                    dday, proposer ? proposer : "", approver ? approver : "",
	                    who ? who : "", (long long)batch);
	if (explanation && *explanation)
		rc |= lt_form_paraf(f, LT_FORM_INDENT, "Thuyết minh: %s", explanation);
	rc |= lt_form_paraf(f, LT_FORM_INDENT, "Bàn giao tài liệu hủy: %s",
	                    handover ? handover : "...");
	rc |= lt_form_para(f, LT_FORM_INDENT, "Đã tiến hành hủy các hồ sơ, tài liệu sau:");
	if (rc) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto out;
	}
	rc = lt_ret_prepare(cat, &st,
	                    "SELECT d.file_code, d.title, d.start_date, d.end_date, d.maintenance,"
	                    " d.retention_label, (SELECT count(*) FROM dossier_records r"
	                    "  WHERE r.dossier_id = d.id), d.page_total"
	                    " FROM disposition_items i JOIN dossiers d ON d.id = i.dossier_id"
	                    " WHERE i.batch_id = ? ORDER BY d.file_code",
	                    err);
	if (rc)
		goto out;
	sqlite3_bind_int64(st, 1, batch);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char stt[24], a[32], b[32], span[80], n1[24], n2[24];
		const char *label = (const char *)sqlite3_column_text(st, 5);
		if (!label)
			label = lt_retention_code_label((const char *)sqlite3_column_text(st, 4));
		dossiers++;
		docs += sqlite3_column_int64(st, 6);
		pages += sqlite3_column_int64(st, 7);
		snprintf(stt, sizeof(stt), "%lld", dossiers);
		lt_table_date_dmy((const char *)sqlite3_column_text(st, 2), a);
		lt_table_date_dmy((const char *)sqlite3_column_text(st, 3), b);
		snprintf(span, sizeof(span), "%s – %s", a, b);
		snprintf(n1, sizeof(n1), "%lld", (long long)sqlite3_column_int64(st, 6));
		snprintf(n2, sizeof(n2), "%lld", (long long)sqlite3_column_int64(st, 7));
		rc |= lt_table_cell(t, stt);
		rc |= lt_table_cell(t, (const char *)sqlite3_column_text(st, 0));
		rc |= lt_table_cell(t, (const char *)sqlite3_column_text(st, 1));
		rc |= lt_table_cell(t, span);
		rc |= lt_table_cell(t, label);
		rc |= lt_table_cell(t, n1);
		rc |= lt_table_cell(t, n2);
	}
	sqlite3_finalize(st);
	rc |= lt_buf_puts(&line, "Tổng số: ");
	rc |= lt_words_count_vi(&line, dossiers);
	rc |= lt_buf_puts(&line, " hồ sơ, ");
	rc |= lt_words_count_vi(&line, docs);
	rc |= lt_buf_puts(&line, " văn bản, ");
	rc |= lt_words_count_vi(&line, pages);
	rc |= lt_buf_puts(&line, " trang.");
	rc |= lt_table_footer(t, lt_buf_cstr(&line));
	rc |= lt_form_table(f, t);
	t = NULL;
	rc |=
	    lt_form_para(f, LT_FORM_INDENT,
	                 "Phương thức hủy: nội dung số (tệp và văn bản toàn văn) đã được xóa khỏi "
	                 "kho lưu trữ và chỉ mục; siêu dữ liệu, liên kết và quyết định hủy được "
	                 "giữ lại.");
	{
		const char *titles[] = {"NGƯỜI THỰC HIỆN HỦY", "ĐẠI DIỆN HỘI ĐỒNG"};
		const char *notes[] = {"(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên)"};
		const char *names[] = {who, NULL};
		rc |= lt_form_signatures(f, 2, titles, notes, names);
	}
	if (rc)
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
out:
	lt_table_free(t);
	lt_buf_free(&line);
	free(decision);
	free(minutes);
	free(appraisal);
	free(handover);
	free(proposer);
	free(approver);
	free(explanation);
	if (rc) {
		lt_form_free(f);
		return rc;
	}
	*out = f;
	return 0;
}

static int build_report(lt_catalog *cat, int64_t batch, const char *who, lt_buf *b, lt_error *err)
{
	lt_form *f = NULL;
	char when[21];
	int rc;

	lt_time_now_iso(when);
	if ((rc = report_form(&f, cat, batch, who, when, err)) == 0)
		rc = lt_form_write(b, f, "html", err);
	lt_form_free(f);
	return rc;
}

int lt_disposition_execute(lt_archive *ar, int64_t batch, const lt_date *today,
                           const char *handover, char **report_html, size_t *blobs_removed,
                           lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	const lt_principal *p = lt_catalog_principal(cat);
	const char *who = p->login;
	sqlite3_stmt *st = NULL;
	char status[16], proposer[128], object[48];
	char decision_no[128] = "", decision_date[16] = "";
	int64_t *dossiers = NULL;
	size_t ndossiers = 0, removed = 0;
	str_list blobs = {NULL, 0}, gone = {NULL, 0};
	lt_buf note = LT_BUF_INIT, keyword = LT_BUF_INIT, html = LT_BUF_INIT;
	int rc;

	if (report_html)
		*report_html = NULL;
	if (blobs_removed)
		*blobs_removed = 0;
	if ((rc = lt_access_require(p, LT_ROLE_ARCHIVIST | LT_ROLE_ADMIN, 1, "thực hiện tiêu hủy",
	                            "execute a destruction", err)) != 0)
		return rc;
	if (!handover || !*handover)
		return lt_error_set(
		    err, LT_EINVAL, "%s",
		    LT_TR("cần biên bản bàn giao tài liệu hủy (--handover: bàn giao "
		          "cho ai, ngày nào; quy tắc 30, TT 06/2025)",
		          "the hand-over of the material destroyed is required "
		          "(--handover: to whom, when; rule 30, TT 06/2025)"));
	rc = lt_catalog_begin(cat, err);
	if (rc)
		return rc;
	rc = batch_state(cat, batch, status, proposer, err);
	if (rc == 0 && strcmp(status, "approved") != 0)
		rc = lt_error_set(
		    err, LT_ESTATE,
		    LT_TR("danh sách %lld đang ở trạng thái '%s': chỉ thực hiện hủy "
		          "danh sách đã có quyết định duyệt (quy tắc 30, TT 06/2025)",
		          "list %lld is '%s': only an approved list with a destruction "
		          "decision can be executed (rule 30, TT 06/2025)"),
		    (long long)batch, status);
	if (rc == 0)
		rc = lt_ret_prepare(cat, &st,
		                    "SELECT decision_no, decision_date FROM disposition_batches"
		                    " WHERE id = ?",
		                    err);
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, batch);
		if (sqlite3_step(st) == SQLITE_ROW) {
			snprintf(decision_no, sizeof(decision_no), "%s",
			         sqlite3_column_text(st, 0));
			snprintf(decision_date, sizeof(decision_date), "%s",
			         sqlite3_column_text(st, 1));
		}
		sqlite3_finalize(st);
		if (lt_buf_printf(
		        &note,
		        "Đã tiêu hủy theo Quyết định số %s ngày %s (danh sách tiêu hủy %lld)",
		        decision_no, decision_date, (long long)batch) ||
		    lt_buf_printf(&keyword, "đã tiêu hủy theo Quyết định số %s", decision_no))
			rc = OOM(err);
	}
	if (rc == 0)
		rc = lt_ret_prepare(cat, &st,
		                    "SELECT dossier_id FROM disposition_items WHERE batch_id = ?"
		                    " ORDER BY dossier_id",
		                    err);
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, batch);
		while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
			void *grown = realloc(dossiers, (ndossiers + 1) * sizeof(*dossiers));
			if (!grown) {
				rc = OOM(err);
				break;
			}
			dossiers = grown;
			dossiers[ndossiers++] = sqlite3_column_int64(st, 0);
		}
		sqlite3_finalize(st);
	}
	/* Invariant 3: the list is checked again before anything changes. */
	for (size_t i = 0; rc == 0 && i < ndossiers; i++)
		rc = check_eligible(cat, dossiers[i], batch, today, err);
	for (size_t i = 0; rc == 0 && i < ndossiers; i++) {
		int64_t *recs = NULL;
		size_t nrecs = 0;

		rc = lt_ret_prepare(
		    cat, &st, "SELECT record_id FROM dossier_records WHERE dossier_id = ?", err);
		if (rc)
			break;
		sqlite3_bind_int64(st, 1, dossiers[i]);
		while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
			void *grown = realloc(recs, (nrecs + 1) * sizeof(*recs));
			if (!grown) {
				rc = OOM(err);
				break;
			}
			recs = grown;
			recs[nrecs++] = sqlite3_column_int64(st, 0);
		}
		sqlite3_finalize(st);
		for (size_t r = 0; rc == 0 && r < nrecs; r++)
			rc =
			    destroy_record(cat, recs[r], note.data, keyword.data, who, &blobs, err);
		free(recs);
		/* closed|archived → destroyed through the one state machine
		 * (archive/dossier.h): status, time, event and audit entry in this
		 * transaction; it refuses an executor who is not an archivist. */
		if (rc == 0)
			rc = lt_dossier_transition(cat, dossiers[i], LT_DOSSIER_DESTROYED, who,
			                           note.data, err);
	}
	/* Blobs no remaining record references: their rows go now, files
	 * after the commit (invariant 4). */
	for (size_t i = 0; rc == 0 && i < blobs.n; i++) {
		int64_t refs = 0;
		sqlite3_stmt *q = NULL;
		rc = lt_ret_prepare(cat, &q, "SELECT count(*) FROM record_files WHERE sha256 = ?",
		                    err);
		if (rc)
			break;
		sqlite3_bind_text(q, 1, blobs.v[i], -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW)
			refs = sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
		if (refs)
			continue;
		rc = lt_ret_prepare(cat, &q, "DELETE FROM blobs WHERE sha256 = ?", err);
		if (rc)
			break;
		sqlite3_bind_text(q, 1, blobs.v[i], -1, SQLITE_STATIC);
		if (sqlite3_step(q) != SQLITE_DONE)
			rc = lt_catalog_error(cat, err, LT_TR("xóa tệp", "removing blob"));
		sqlite3_finalize(q);
		if (rc == 0 && str_list_add(&gone, blobs.v[i]))
			rc = OOM(err);
	}
	if (rc == 0)
		rc = lt_ret_prepare(
		    cat, &st,
		    "UPDATE main.disposition_batches SET handover_record = ? WHERE id = ?", err);
	if (rc == 0) {
		sqlite3_bind_text(st, 1, handover, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, batch);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc =
			    lt_catalog_error(cat, err, LT_TR("ghi danh sách", "updating the list"));
		sqlite3_finalize(st);
	}
	if (rc == 0)
		rc = build_report(cat, batch, who, &html, err);
	if (rc == 0)
		rc = lt_ret_prepare(
		    cat, &st,
		    "UPDATE main.disposition_batches SET status = 'executed', executed_by = ?,"
		    " executed_at = " LT_NOW_SQL ", report_html = ? WHERE id = ?",
		    err);
	if (rc == 0) {
		sqlite3_bind_text(st, 1, who, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, lt_buf_cstr(&html), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, batch);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc =
			    lt_catalog_error(cat, err, LT_TR("ghi danh sách", "updating the list"));
		sqlite3_finalize(st);
	}
	snprintf(object, sizeof(object), "disposition:%lld", (long long)batch);
	if (rc == 0) {
		char detail[256];
		snprintf(detail, sizeof(detail), "%zu dossiers, %zu blobs removed, decision %s",
		         ndossiers, gone.n, decision_no);
		rc = lt_ret_audit(cat, who, "disposition.execute", object, detail, err);
	}
	if (rc == 0)
		rc = lt_catalog_commit(cat, err);
	if (rc) {
		lt_catalog_rollback(cat);
	} else {
		for (size_t i = 0; i < gone.n; i++) {
			lt_error e = LT_ERROR_INIT;
			if (lt_blobstore_remove(lt_archive_blobs(ar), gone.v[i], &e) == 0)
				removed++;
		}
		if (blobs_removed)
			*blobs_removed = removed;
		if (report_html) {
			*report_html = lt_buf_detach(&html);
			if (!*report_html)
				rc = OOM(err);
		}
	}
	free(dossiers);
	str_list_free(&blobs);
	str_list_free(&gone);
	lt_buf_free(&note);
	lt_buf_free(&keyword);
	lt_buf_free(&html);
	return rc;
}

int lt_disposition_report(char **html, lt_catalog *cat, int64_t batch, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = lt_ret_prepare(cat, &st,
	                        "SELECT report_html FROM disposition_batches WHERE id = ?", err);
	*html = NULL;
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, batch);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
		*html = strdup((const char *)sqlite3_column_text(st, 0));
		if (!*html)
			rc = OOM(err);
	} else {
		rc = lt_error_set(err, LT_ENOTFOUND,
		                  LT_TR("danh sách %lld chưa có biên bản hủy (chưa thực hiện)",
		                        "list %lld has no destruction record (not executed)"),
		                  (long long)batch);
	}
	sqlite3_finalize(st);
	return rc;
}

int lt_disposition_report_form(lt_buf *out, lt_catalog *cat, int64_t batch, const char *format,
                               lt_error *err)
{
	sqlite3_stmt *st = NULL;
	char who[128] = "", when[32] = "", status[16] = "";
	lt_form *f = NULL;
	int rc =
	    lt_ret_prepare(cat, &st,
	                   "SELECT status, coalesce(executed_by, ''), coalesce(executed_at, '')"
	                   " FROM disposition_batches WHERE id = ?",
	                   err);

	if (rc)
		return rc;
	if ((rc = lt_table_check_format(format, err)) != 0) {
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_bind_int64(st, 1, batch);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(status, sizeof(status), "%s", sqlite3_column_text(st, 0));
		snprintf(who, sizeof(who), "%s", sqlite3_column_text(st, 1));
		snprintf(when, sizeof(when), "%s", sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	if (strcmp(status, "executed") != 0)
		return lt_error_set(err, LT_ENOTFOUND,
		                    LT_TR("danh sách %lld chưa có biên bản hủy (chưa thực hiện)",
		                          "list %lld has no destruction record (not executed)"),
		                    (long long)batch);
	if ((rc = report_form(&f, cat, batch, who, when, err)) == 0)
		rc = lt_form_write(out, f, format, err);
	lt_form_free(f);
	return rc;
}

int lt_disposition_cancel(lt_catalog *cat, int64_t batch, const char *reason, lt_error *err)
{
	const lt_principal *p = lt_catalog_principal(cat);
	sqlite3_stmt *st = NULL;
	char status[16], proposer[128], object[48];
	int rc;

	if ((rc = lt_access_require(p, LT_ROLE_ARCHIVIST | LT_ROLE_APPROVER | LT_ROLE_ADMIN, 1,
	                            "hủy bỏ danh sách tiêu hủy", "cancel a destruction list",
	                            err)) != 0)
		return rc;
	if (!reason || !*reason)
		return lt_error_set(
		    err, LT_EINVAL, "%s",
		    LT_TR("hủy bỏ danh sách tiêu hủy cần lý do (--reason)",
		          "cancelling a destruction list needs a reason (--reason)"));
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	rc = batch_state(cat, batch, status, proposer, err);
	if (rc == 0 && strcmp(status, "proposed") != 0 && strcmp(status, "approved") != 0)
		rc = lt_error_set(
		    err, LT_ESTATE,
		    LT_TR("danh sách %lld đang ở trạng thái '%s': chỉ hủy bỏ danh sách "
		          "chưa thực hiện",
		          "list %lld is '%s': only a list not executed can be "
		          "cancelled"),
		    (long long)batch, status);
	if (rc == 0)
		rc =
		    lt_ret_prepare(cat, &st,
		                   "UPDATE main.disposition_batches SET cancelled_by = ?,"
		                   " cancelled_at = " LT_NOW_SQL ", cancel_reason = ? WHERE id = ?",
		                   err);
	if (rc == 0) {
		sqlite3_bind_text(st, 1, p->login, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, batch);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc =
			    lt_catalog_error(cat, err, LT_TR("ghi danh sách", "updating the list"));
		sqlite3_finalize(st);
	}
	snprintf(object, sizeof(object), "disposition:%lld", (long long)batch);
	return lt_ret_finish(cat, rc, p->login, "disposition.cancel", object, reason, err);
}
