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

static void head(lt_buf *b, const char *title)
{
	lt_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>");
	lt_report_html_escape(b, title);
	lt_buf_puts(b, "</title><style>body{font-family:'Times New Roman',serif;max-width:60em;"
	               "margin:2em auto}table{border-collapse:collapse;width:100%}td,th{border:1px "
	               "solid #000;padding:4px}h1{text-align:center;font-size:1.3em}</style></head>"
	               "<body>\n<p style=\"text-align:center\"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT "
	               "NAM</b><br>Độc lập - Tự do - Hạnh phúc</p>\n<h1>");
	lt_report_html_escape(b, title);
	lt_buf_puts(b, "</h1>\n");
}

static void td(lt_buf *b, const char *s)
{
	lt_buf_puts(b, "<td>");
	lt_report_html_escape(b, s ? s : "");
	lt_buf_puts(b, "</td>");
}

/* Mục lục hồ sơ nộp lưu and biên bản giao nhận. */
static int write_documents(lt_catalog *cat, int64_t transfer, const char *who, const char *receiver,
                           lt_transfer_result *res, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_buf list = LT_BUF_INIT, hand = LT_BUF_INIT;
	long long pages = 0, count = 0;
	char first[16] = "", last[16] = "", organ[256] = "";
	int rc;

	rc = lt_ret_prepare(cat, &st, "SELECT value FROM settings WHERE key = 'organ_name'", err);
	if (rc)
		return rc;
	snprintf(organ, sizeof(organ), "%s",
	         sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0)
	                                        : LT_TR("Cơ quan nộp lưu", "Depositing agency"));
	sqlite3_finalize(st);
	head(&list, "MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU");
	lt_buf_printf(&list, "<p>Lần nộp lưu số %lld. Cơ quan nộp lưu: ", (long long)transfer);
	lt_report_html_escape(&list, organ);
	lt_buf_puts(&list, "</p>\n<table><tr><th>STT</th><th>Số, ký hiệu hồ sơ</th><th>Tiêu đề hồ "
	                   "sơ</th><th>Thời gian tài liệu</th><th>Thời hạn bảo quản</th><th>Số "
	                   "tờ/Số trang</th><th>Ghi chú</th></tr>\n");
	rc = lt_ret_prepare(cat, &st,
	                    "SELECT file_code, title, start_date, end_date, page_total, description"
	                    " FROM dossiers WHERE status = 'transferred' AND package_ref ="
	                    " (SELECT package_ref FROM transfers WHERE id = ?) ORDER BY file_code",
	                    err);
	if (rc) {
		lt_buf_free(&list);
		return rc;
	}
	sqlite3_bind_int64(st, 1, transfer);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 2);
		const char *e = (const char *)sqlite3_column_text(st, 3);
		char span[48];
		snprintf(span, sizeof(span), "%s – %s", s ? s : "", e ? e : "");
		if (s && (!*first || strcmp(s, first) < 0))
			snprintf(first, sizeof(first), "%s", s);
		if (e && strcmp(e, last) > 0)
			snprintf(last, sizeof(last), "%s", e);
		count++;
		pages += sqlite3_column_int64(st, 4);
		lt_buf_printf(&list, "<tr><td>%lld</td>", count);
		td(&list, (const char *)sqlite3_column_text(st, 0));
		td(&list, (const char *)sqlite3_column_text(st, 1));
		td(&list, span);
		td(&list, "Vĩnh viễn");
		lt_buf_printf(&list, "<td>%lld</td>", (long long)sqlite3_column_int64(st, 4));
		td(&list, (const char *)sqlite3_column_text(st, 5));
		lt_buf_puts(&list, "</tr>\n");
	}
	sqlite3_finalize(st);
	lt_buf_printf(&list, "</table>\n<p>Mục lục này gồm %lld (", count);
	lt_report_number_words_vi(&list, count);
	lt_buf_printf(&list, ") hồ sơ, %lld (", pages);
	lt_report_number_words_vi(&list, pages);
	lt_buf_puts(&list, ") trang.</p>\n</body></html>\n");

	head(&hand, "BIÊN BẢN GIAO NHẬN TÀI LIỆU");
	lt_buf_puts(&hand, "<p>Bên giao: ");
	lt_report_html_escape(&hand, organ);
	lt_buf_puts(&hand, ", đại diện: ");
	lt_report_html_escape(&hand, who);
	lt_buf_puts(&hand, ".</p>\n<p>Bên nhận: ");
	lt_report_html_escape(&hand, receiver);
	lt_buf_printf(&hand,
	              ".</p>\n<p>Tên khối tài liệu giao nộp: lần nộp lưu số %lld. Thời gian của "
	              "tài liệu: %s – %s.</p>\n<p>Số lượng tài liệu (điện tử): %zu (",
	              (long long)transfer, first, last, res->dossiers);
	lt_report_number_words_vi(&hand, (long long)res->dossiers);
	lt_buf_printf(&hand, ") hồ sơ, %zu (", res->files);
	lt_report_number_words_vi(&hand, (long long)res->files);
	lt_buf_puts(&hand, ") tệp. Gói nộp lưu: ");
	lt_report_html_escape(&hand, strrchr(res->package_path, '/')
	                                 ? strrchr(res->package_path, '/') + 1
	                                 : res->package_path);
	lt_buf_puts(&hand,
	            " (BagIt, METS, SHA-256 từng tệp).</p>\n<p>Tình trạng tài liệu: toàn "
	            "vẹn, đã kiểm tra mã băm khi lập gói.</p>\n<p>Kèm theo: Mục lục hồ sơ, tài "
	            "liệu nộp lưu.</p>\n<p>Biên bản được lập thành hai bản, mỗi bên giữ một "
	            "bản.</p>\n<table style=\"border:0\"><tr><td style=\"border:0;text-align:"
	            "center\"><b>ĐẠI DIỆN BÊN GIAO</b><br>(Ký, ghi rõ họ tên)</td><td style="
	            "\"border:0;text-align:center\"><b>ĐẠI DIỆN BÊN NHẬN</b><br>(Ký, ghi rõ họ "
	            "tên)</td></tr></table>\n</body></html>\n");
	rc = write_file(res->list_path, &list, err);
	if (rc == 0)
		rc = write_file(res->handover_path, &hand, err);
	lt_buf_free(&list);
	lt_buf_free(&hand);
	return rc;
}

int lt_transfer_run(lt_transfer_result *res, lt_archive *ar, const int64_t *ids, size_t n,
                    const char *who, const char *receiver, const char *outdir, lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	lt_package_summary sum;
	lt_package_options popts = LT_PACKAGE_OPTIONS_INIT;
	char **codes = NULL;
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
	if (rc == 0) {
		rc = lt_package_export(&sum, ar, (const char *const *)codes, n, res->package_path,
		                       &popts, err);
		packaged = rc == 0;
	}
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
			sqlite3_bind_int64(st, 4, (sqlite3_int64)sum.files);
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
			    lt_buf_printf(&reason, "transfer:%lld %s", (long long)res->transfer_id,
			                  res->package_path) != 0)
				rc = OOM(err);
			if (rc == 0)
				rc = lt_dossier_transition(cat, ids[i], LT_DOSSIER_TRANSFERRED, who,
				                           reason.data, err);
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
		res->files = sum.files;
		rc = write_documents(cat, res->transfer_id, who, receiver, res, err);
	} else if (packaged) {
		unlink(res->package_path);
	}
	for (size_t i = 0; i < n; i++)
		free(codes[i]);
	free(codes);
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
