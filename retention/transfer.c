/* retention/transfer.c — historical-archive deposit (transfer.h). */
#include "retention/transfer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive/package.h"
#include "archive/dossier.h"
#include "core/buf.h"
#include "retention/deposit.h"
#include "retention/due.h"
#include "retention/hold.h"
#include "retention/internal.h"
#include "retention/report.h"
#include "retention/schedule.h"

#define OOM(err) lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"))

int lt_transfer_candidates(int64_t **ids, size_t *n, lt_catalog *cat, const lt_date *today,
                           lt_error *err)
{
	lt_due_list *l = NULL;
	int64_t *v;
	int rc = lt_retention_due(&l, cat, today, 0, err);

	*ids = NULL;
	*n = 0;
	if (rc)
		return rc;
	v = calloc(l->n ? l->n : 1, sizeof(*v));
	if (!v) {
		lt_due_list_free(l);
		return OOM(err);
	}
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].kind, "historical") == 0 &&
		    lt_hold_check(cat, LT_HOLD_DOSSIER, l->items[i].dossier_id, NULL) == 0)
			v[(*n)++] = l->items[i].dossier_id;
	lt_due_list_free(l);
	*ids = v;
	return 0;
}

/* A dossier may go to the historical archive: archived, permanent, unheld. */
static int check_transferable(lt_catalog *cat, int64_t id, char code[128], lt_error *err)
{
	sqlite3_stmt *st = NULL;
	char status[16] = "";
	int years, rc = lt_ret_prepare(cat, &st,
	                               "SELECT file_code, status FROM dossiers WHERE id = ?", err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(code, 128, "%s", sqlite3_column_text(st, 0));
		snprintf(status, sizeof(status), "%s", sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (!*status)
		return lt_error_set(err, LT_ENOTFOUND,
		                    LT_TR("không tìm thấy hồ sơ %lld", "dossier %lld not found"),
		                    (long long)id);
	if (strcmp(status, "open") == 0)
		return lt_error_set(err, LT_ESTATE,
		                    LT_TR("hồ sơ %s chưa đóng: không thể nộp lưu (chỉ hồ sơ đã "
		                          "đóng, NĐ 30 Đ29.4, đã vào lưu trữ cơ quan mới nộp "
		                          "lưu lịch sử, quy tắc 28, Luật Lưu trữ 2024 Đ17)",
		                          "dossier %s is not closed: it cannot be transferred "
		                          "(only closed dossiers, NĐ 30 Đ29.4, kept in the "
		                          "agency archive go to the historical archive, rule "
		                          "28, Luật Lưu trữ 2024 Đ17)"),
		                    code);
	if (strcmp(status, "closed") == 0)
		return lt_error_set(
		    err, LT_ESTATE,
		    LT_TR("hồ sơ %s chưa nộp vào lưu trữ cơ quan (trạng thái closed): "
		          "nộp lưu lịch sử chỉ từ lưu trữ cơ quan (quy tắc 28, Luật Lưu trữ "
		          "2024 Đ17)",
		          "dossier %s is not in the agency archive yet (closed): the "
		          "historical deposit starts from the agency archive (rule 28, Luật "
		          "Lưu trữ 2024 Đ17)"),
		    code);
	if (strcmp(status, "archived") != 0)
		return lt_error_set(err, LT_ESTATE,
		                    LT_TR("hồ sơ %s đang ở trạng thái '%s': không thể nộp lưu",
		                          "dossier %s is '%s': it cannot be transferred"),
		                    code, status);
	rc = lt_retention_dossier_years(cat, id, &years, err);
	if (rc == 0 && years != LT_RETENTION_PERMANENT)
		rc = lt_error_set(
		    err, LT_EDENIED,
		    LT_TR("hồ sơ %s không bảo quản vĩnh viễn: chỉ hồ sơ mã 01 được nộp "
		          "lưu lịch sử (quy tắc 28, TT 05/2025)",
		          "dossier %s is not permanent: only code 01 dossiers go to the "
		          "historical archive (rule 28, TT 05/2025)"),
		    code);
	if (rc == 0)
		rc = lt_hold_check(cat, LT_HOLD_DOSSIER, id, err);
	return rc;
}

static int write_file(const char *path, const lt_buf *b, lt_error *err)
{
	FILE *f = fopen(path, "w");
	int ok = f && fwrite(b->data, 1, b->len, f) == b->len;
	if (f && fclose(f) != 0)
		ok = 0;
	return ok ? 0
	          : lt_error_set(err, LT_EIO,
	                         LT_TR("không ghi được tệp %s", "cannot write file %s"), path);
}

/* Write a form as name.html and name.pdf. */
static int write_form(const lt_form *f, const char *html_path, lt_error *err)
{
	lt_buf b = LT_BUF_INIT;
	char pdf[1100];
	size_t len = strlen(html_path);
	int rc = lt_form_write(&b, f, "html", err);

	if (rc == 0)
		rc = write_file(html_path, &b, err);
	lt_buf_reset(&b);
	if (rc == 0 && len > 5 && strcmp(html_path + len - 5, ".html") == 0) {
		snprintf(pdf, sizeof(pdf), "%.*s.pdf", (int)(len - 5), html_path);
		if ((rc = lt_form_write(&b, f, "pdf", err)) == 0)
			rc = write_file(pdf, &b, err);
	}
	lt_buf_free(&b);
	return rc;
}

/* Mục lục hồ sơ nộp lưu and biên bản giao nhận (retention/deposit.h). */
static int write_documents(lt_catalog *cat, int64_t transfer, const int64_t *ids, size_t n,
                           const char *who, const char *receiver, const lt_date *day,
                           lt_transfer_result *res, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_handover h;
	lt_form *list = NULL, *hand = NULL;
	char organ[256] = "";
	int rc;

	rc = lt_ret_prepare(cat, &st, "SELECT value FROM settings WHERE key = 'organ_name'", err);
	if (rc)
		return rc;
	snprintf(organ, sizeof(organ), "%s",
	         sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0)
	                                        : "Cơ quan nộp lưu");
	sqlite3_finalize(st);
	memset(&h, 0, sizeof(h));
	h.historical = 1;
	h.number = transfer;
	h.date = *day;
	h.giver = organ;
	h.giver_person = who;
	h.receiver = receiver;
	h.dossiers = ids;
	h.n = n;
	h.files = (long long)res->files;
	h.package = strrchr(res->package_path, '/') ? strrchr(res->package_path, '/') + 1
	                                            : res->package_path;
	rc = lt_handover_list_form(&list, cat, &h, err);
	if (rc == 0)
		rc = lt_handover_record_form(&hand, cat, &h, err);
	if (rc == 0)
		rc = write_form(list, res->list_path, err);
	if (rc == 0)
		rc = write_form(hand, res->handover_path, err);
	lt_form_free(list);
	lt_form_free(hand);
	return rc;
}

int lt_transfer_run(lt_transfer_result *res, lt_archive *ar, const int64_t *ids, size_t n,
                    const char *who, const char *receiver, const char *outdir, lt_error *err)
{
	return lt_transfer_run_at(res, ar, ids, n, who, receiver, NULL, outdir, err);
}

/* The transfer's date: today, or the one given (not in the future; the
 * state machine also refuses one before a dossier's deposit). iso is ""
 * for today. */
static int transfer_day(lt_date *day, char iso[11], const char *date, lt_error *err)
{
	lt_date today;

	lt_date_today(&today);
	*iso = '\0';
	*day = today;
	if (!date || !*date)
		return 0;
	if (lt_date_parse(day, date, err) != 0)
		return lt_error_prefix(err, "%s", LT_TR("ngày nộp lưu", "transfer date"));
	lt_date_format_iso(day, iso);
	if (lt_date_cmp(day, &today) > 0)
		return lt_error_set(
		    err, LT_EINVAL, "%s: %s",
		    LT_TR("ngày nộp lưu ở tương lai", "the transfer date is in the future"), iso);
	return 0;
}

int lt_transfer_run_at(lt_transfer_result *res, lt_archive *ar, const int64_t *ids, size_t n,
                       const char *who, const char *receiver, const char *date, const char *outdir,
                       lt_error *err)
{
	lt_date day;
	char iso[11];
	lt_catalog *cat = lt_archive_catalog(ar);
	lt_package_summary sum;
	lt_package_options popts = LT_PACKAGE_OPTIONS_INIT;
	char **codes = NULL;
	lt_buf detail = LT_BUF_INIT;
	long long content_files = 0;
	int rc = 0, packaged = 0;

	memset(res, 0, sizeof(*res));
	if (!who || !*who)
		return lt_error_set(
		    err, LT_EINVAL, "%s",
		    LT_TR("cần người giao nộp (--user)", "who transfers is needed (--user)"));
	if (n == 0)
		return lt_error_set(
		    err, LT_EINVAL, "%s",
		    LT_TR("không có hồ sơ nào để nộp lưu", "no dossier to transfer"));
	if (!receiver || !*receiver)
		receiver = "Lưu trữ lịch sử";
	if ((rc = transfer_day(&day, iso, date, err)) != 0)
		return rc;
	lt_date_format_iso(&day, res->date);
	codes = calloc(n, sizeof(*codes));
	if (!codes)
		return OOM(err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char code[128];
		rc = check_transferable(cat, ids[i], code, err);
		if (rc == 0 && !(codes[i] = strdup(code)))
			rc = OOM(err);
	}
	if (rc == 0 && mkdir(outdir, 0755) != 0 && errno != EEXIST)
		rc = lt_error_set(err, LT_EIO,
		                  LT_TR("không tạo được thư mục %s", "cannot create directory %s"),
		                  outdir);
	snprintf(res->package_path, sizeof(res->package_path), "%s/goi-nop-luu.zip", outdir);
	snprintf(res->list_path, sizeof(res->list_path), "%s/muc-luc-nop-luu.html", outdir);
	snprintf(res->handover_path, sizeof(res->handover_path), "%s/bien-ban-giao-nhan.html",
	         outdir);
	if (rc == 0 && access(res->package_path, F_OK) == 0)
		rc = lt_error_set(
		    err, LT_EEXISTS,
		    LT_TR("%s đã có: chọn thư mục khác", "%s exists: choose another directory"),
		    res->package_path);
	popts.user = who;
	/* The package carries its own disposition as a PREMIS event. */
	popts.disposition_type = "transfer";
	if (lt_buf_printf(&detail, "nộp lưu vào lưu trữ lịch sử: %s", receiver) != 0)
		rc = OOM(err);
	popts.disposition_detail = lt_buf_cstr(&detail);
	if (rc == 0) {
		rc = lt_package_export(&sum, ar, (const char *const *)codes, n, res->package_path,
		                       &popts, err);
		packaged = rc == 0;
	}
	/* The files handed over are the records' files, not the package's
	 * tag and metadata files (BagIt, METS, lists). */
	if (rc == 0)
		rc = lt_handover_count_files(&content_files, NULL, cat, ids, n, err);
	if (rc == 0)
		rc = lt_catalog_begin(cat, err);
	if (rc == 0) {
		sqlite3_stmt *st = NULL;
		rc = lt_ret_prepare(
		    cat, &st,
		    "INSERT INTO main.transfers (created_by, package_ref, dossier_count,"
		    " file_count) VALUES (?, ?, ?, ?)",
		    err);
		if (rc == 0) {
			sqlite3_bind_text(st, 1, who, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, res->package_path, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 3, (sqlite3_int64)n);
			sqlite3_bind_int64(st, 4, (sqlite3_int64)content_files);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = lt_catalog_error(cat, err,
				                      LT_TR("ghi nộp lưu", "recording transfer"));
			res->transfer_id = sqlite3_last_insert_rowid(lt_catalog_db(cat));
			sqlite3_finalize(st);
		}
		for (size_t i = 0; rc == 0 && i < n; i++) {
			char code[128];
			lt_buf reason = LT_BUF_INIT;
			rc = check_transferable(cat, ids[i], code, err);
			/* The one state machine (archive/dossier.h) writes the status,
			 * its time, the dossier_events row and the audit entry
			 * "dossier.transfer", inside this transaction. */
			if (rc == 0 &&
			    lt_buf_printf(&reason, "transfer:%lld %s%s%s%s",
			                  (long long)res->transfer_id, *iso ? "date=" : "", iso,
			                  *iso ? " " : "", res->package_path) != 0)
				rc = OOM(err);
			/* as of the transfer's date (none: now) */
			if (rc == 0)
				rc = lt_dossier_transition_at(cat, ids[i], LT_DOSSIER_TRANSFERRED,
				                              who, reason.data, iso, err);
			lt_buf_free(&reason);
			if (rc == 0) {
				rc = lt_ret_prepare(
				    cat, &st,
				    "UPDATE main.dossiers SET package_ref = ? WHERE id = ?", err);
				if (rc == 0) {
					sqlite3_bind_text(st, 1, res->package_path, -1,
					                  SQLITE_STATIC);
					sqlite3_bind_int64(st, 2, ids[i]);
					if (sqlite3_step(st) != SQLITE_DONE)
						rc = lt_catalog_error(cat, err, "package_ref");
					sqlite3_finalize(st);
				}
			}
		}
		if (rc == 0)
			rc = lt_catalog_commit(cat, err);
		if (rc)
			lt_catalog_rollback(cat);
	}
	if (rc == 0) {
		res->dossiers = n;
		res->files = (size_t)content_files;
		rc = write_documents(cat, res->transfer_id, ids, n, who, receiver, &day, res, err);
	} else if (packaged) {
		unlink(res->package_path);
	}
	for (size_t i = 0; i < n; i++)
		free(codes[i]);
	free(codes);
	lt_buf_free(&detail);
	return rc;
}

int lt_transfer_list(lt_buf *out, lt_catalog *cat, int64_t dossier_id, int64_t record_id,
                     lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = lt_ret_prepare(
	    cat, &st,
	    "SELECT d.id, d.file_code, COALESCE(d.transferred_at, ''),"
	    " COALESCE((SELECT max(t.id) FROM transfers t WHERE t.package_ref = d.package_ref), 0),"
	    " COALESCE(d.package_ref, ''), d.title"
	    " FROM dossiers d"
	    " WHERE d.status = 'transferred' AND (?1 = 0 OR d.id = ?1) AND (?2 = 0 OR EXISTS"
	    " (SELECT 1 FROM dossier_records x WHERE x.dossier_id = d.id AND x.record_id = ?2))"
	    " ORDER BY d.transferred_at, d.file_code",
	    err);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, dossier_id);
	sqlite3_bind_int64(st, 2, record_id);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
		if (lt_buf_printf(out, "%lld\t%s\t%s\t%lld\t%s\t%s\n",
		                  (long long)sqlite3_column_int64(st, 0),
		                  (const char *)sqlite3_column_text(st, 1),
		                  (const char *)sqlite3_column_text(st, 2),
		                  (long long)sqlite3_column_int64(st, 3),
		                  (const char *)sqlite3_column_text(st, 4),
		                  (const char *)sqlite3_column_text(st, 5)) != 0)
			rc = OOM(err);
	sqlite3_finalize(st);
	return rc;
}
