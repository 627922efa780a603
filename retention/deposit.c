/* retention/deposit.c — deposits to the agency archive and the hand-over
 * documents (deposit.h). */
#include "retention/deposit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/access.h"
#include "archive/dossier.h"
#include "archive/fields.h"
#include "retention/internal.h"

#define OOM(err) lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"))

/* "1, 2, 3" of the ids, for an IN (...) list. */
static int id_list(lt_buf *b, const int64_t *ids, size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		rc |= lt_buf_printf(b, "%s%lld", i ? "," : "", (long long)ids[i]);
	return rc;
}

int lt_handover_count_files(long long *files, long long *pages, lt_catalog *cat,
                            const int64_t *dossiers, size_t n, lt_error *err)
{
	lt_buf sql = LT_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc = 0;

	*files = 0;
	if (pages)
		*pages = 0;
	if (n == 0)
		return 0;
	if (lt_buf_puts(&sql, "SELECT (SELECT count(*) FROM dossier_records x JOIN record_files f"
	                      " ON f.record_id = x.record_id WHERE x.dossier_id IN (") ||
	    id_list(&sql, dossiers, n) ||
	    lt_buf_puts(&sql,
	                ")), (SELECT coalesce(sum(page_total), 0) FROM dossiers WHERE id IN (") ||
	    id_list(&sql, dossiers, n) || lt_buf_puts(&sql, "))")) {
		lt_buf_free(&sql);
		return OOM(err);
	}
	rc = lt_ret_prepare(cat, &st, sql.data, err);
	lt_buf_free(&sql);
	if (rc)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*files = sqlite3_column_int64(st, 0);
		if (pages)
			*pages = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return 0;
}

/* The time span of the dossiers: first start, last end (ISO). */
static void span(lt_catalog *cat, const int64_t *ids, size_t n, char first[16], char last[16])
{
	lt_buf sql = LT_BUF_INIT;
	sqlite3_stmt *st = NULL;

	first[0] = last[0] = '\0';
	if (lt_buf_puts(&sql,
	                "SELECT min(start_date), max(end_date) FROM dossiers WHERE id IN (") ||
	    id_list(&sql, ids, n) || lt_buf_puts(&sql, ")") ||
	    sqlite3_prepare_v2(lt_catalog_db(cat), sql.data, -1, &st, NULL) != SQLITE_OK) {
		lt_buf_free(&sql);
		return;
	}
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(first, 16, "%s",
		         sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0)
		                                    : "");
		snprintf(last, 16, "%s",
		         sqlite3_column_text(st, 1) ? (const char *)sqlite3_column_text(st, 1)
		                                    : "");
	}
	sqlite3_finalize(st);
	lt_buf_free(&sql);
}

static const char *const LIST_HEADINGS[] = {"STT",
                                            "Số, ký hiệu hồ sơ",
                                            "Tiêu đề hồ sơ",
                                            "Thời gian tài liệu",
                                            "Thời hạn bảo quản",
                                            "Số tờ/Số trang",
                                            "Ghi chú"};

int lt_handover_list_form(lt_form **out, lt_catalog *cat, const lt_handover *h, lt_error *err)
{
	static const double W[] = {0.5, 1.4, 3.4, 1.6, 1.3, 0.9, 1.1};
	lt_buf sql = LT_BUF_INIT, line = LT_BUF_INIT;
	sqlite3_stmt *st = NULL;
	lt_table *t = NULL;
	lt_form *f = NULL;
	long long count = 0, pages = 0;
	int rc;

	*out = NULL;
	if ((rc = lt_form_new(&f, LT_FORM_LANDSCAPE, err)) != 0)
		return rc;
	if ((rc = lt_form_header_settings(f, cat, h->giver, NULL, &h->date, err)) != 0 ||
	    (rc = lt_table_new(&t, 7, LIST_HEADINGS, err)) != 0)
		goto fail;
	lt_table_widths(t, W);
	if (lt_buf_puts(&sql,
	                "SELECT notation, title, start_date, end_date, retention_label,"
	                " maintenance, page_total, number_of_paper, 'Mã hồ sơ: ' || file_code"
	                " || coalesce('. ' || description, '') FROM dossiers WHERE id IN (") ||
	    id_list(&sql, h->dossiers, h->n) || lt_buf_puts(&sql, ") ORDER BY year, file_code")) {
		rc = OOM(err);
		goto fail;
	}
	if ((rc = lt_ret_prepare(cat, &st, sql.data, err)) != 0)
		goto fail;
	while (sqlite3_step(st) == SQLITE_ROW) {
		char stt[24], a[32], b[32], when[80], sheets[64];
		const char *label = (const char *)sqlite3_column_text(st, 4);
		if (!label && sqlite3_column_text(st, 5))
			label = lt_codelist_label_vi("maintenance",
			                             (const char *)sqlite3_column_text(st, 5));
		count++;
		pages += sqlite3_column_int64(st, 6);
		snprintf(stt, sizeof(stt), "%lld", count);
		lt_table_date_dmy((const char *)sqlite3_column_text(st, 2), a);
		lt_table_date_dmy((const char *)sqlite3_column_text(st, 3), b);
		snprintf(when, sizeof(when), "%s – %s", a, b);
		if (sqlite3_column_type(st, 7) != SQLITE_NULL)
			snprintf(sheets, sizeof(sheets), "%d/%d", sqlite3_column_int(st, 7),
			         sqlite3_column_int(st, 6));
		else
			snprintf(sheets, sizeof(sheets), "%d", sqlite3_column_int(st, 6));
		if (lt_table_cell(t, stt) ||
		    lt_table_cell(t, (const char *)sqlite3_column_text(st, 0)) ||
		    lt_table_cell(t, (const char *)sqlite3_column_text(st, 1)) ||
		    lt_table_cell(t, when) || lt_table_cell(t, label) || lt_table_cell(t, sheets) ||
		    lt_table_cell(t, (const char *)sqlite3_column_text(st, 8))) {
			rc = OOM(err);
			break;
		}
	}
	sqlite3_finalize(st);
	if (rc)
		goto fail;
	/* Totals in figures and in words (NĐ 30 Phụ lục V). */
	rc |= lt_buf_puts(&line, "Mục lục này gồm: ");
	rc |= lt_words_count_vi(&line, count);
	rc |= lt_buf_puts(&line, " hồ sơ (đơn vị bảo quản); ");
	rc |= lt_words_count_vi(&line, h->files);
	rc |= lt_buf_puts(&line, " tệp tài liệu điện tử; ");
	rc |= lt_words_count_vi(&line, pages);
	rc |= lt_buf_puts(&line, " trang.");
	if (rc || lt_table_footer(t, lt_buf_cstr(&line))) {
		rc = OOM(err);
		goto fail;
	}
	{
		char sub[200];
		snprintf(sub, sizeof(sub), "%s số %lld",
		         h->historical ? "Nộp lưu vào Lưu trữ lịch sử — lần"
		                       : "Nộp lưu vào Lưu trữ cơ quan — lần",
		         (long long)h->number);
		const char *titles[] = {"NGƯỜI LẬP"};
		const char *notes[] = {"(Ký, ghi rõ họ tên)"};
		const char *names[] = {h->giver_person};
		if (lt_form_title(f, "Mục lục hồ sơ, tài liệu nộp lưu", sub) ||
		    lt_form_table(f, t)) {
			t = NULL;
			rc = OOM(err);
			goto fail;
		}
		t = NULL;
		if (lt_form_signatures(f, 1, titles, notes, names)) {
			rc = OOM(err);
			goto fail;
		}
	}
	lt_buf_free(&sql);
	lt_buf_free(&line);
	*out = f;
	return 0;
fail:
	lt_table_free(t);
	lt_form_free(f);
	lt_buf_free(&sql);
	lt_buf_free(&line);
	return rc;
}

int lt_handover_record_form(lt_form **out, lt_catalog *cat, const lt_handover *h, lt_error *err)
{
	lt_form *f = NULL;
	lt_buf b = LT_BUF_INIT;
	char number[48], first[16], last[16], a[32], z[32], day[48], *organ = NULL;
	long long files = 0, pages = 0;
	int rc;

	*out = NULL;
	if ((rc = lt_handover_count_files(&files, &pages, cat, h->dossiers, h->n, err)) != 0)
		return rc;
	span(cat, h->dossiers, h->n, first, last);
	lt_table_date_dmy(first, a);
	lt_table_date_dmy(last, z);
	lt_form_date_long(&h->date, day);
	snprintf(number, sizeof(number), "%02lld/BB-%s", (long long)h->number,
	         h->historical ? "NLLS" : "NLCQ");
	{
		sqlite3_stmt *st = NULL;
		if (lt_ret_prepare(cat, &st, "SELECT value FROM settings WHERE key = 'organ_name'",
		                   NULL) == 0) {
			if (sqlite3_step(st) == SQLITE_ROW)
				organ = strdup((const char *)sqlite3_column_text(st, 0));
			sqlite3_finalize(st);
		}
	}
	if ((rc = lt_form_new(&f, LT_FORM_PORTRAIT, err)) != 0 ||
	    (rc = lt_form_header_settings(f, cat, NULL, number, &h->date, err)) != 0)
		goto out;
	rc |= lt_form_title(f, "Biên bản", "Về việc giao nhận hồ sơ, tài liệu");
	if (h->historical)
		rc |= lt_form_para(f, LT_FORM_INDENT | LT_FORM_ITALIC,
		                   "Căn cứ Luật Lưu trữ số 33/2024/QH15 ngày 21 tháng 6 năm 2024;");
	else
		rc |= lt_form_para(f, LT_FORM_INDENT | LT_FORM_ITALIC,
		                   "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của "
		                   "Chính phủ về công tác văn thư;");
	rc |= lt_form_paraf(f, LT_FORM_INDENT, "Hôm nay, %s, tại %s, chúng tôi gồm:", day,
	                    organ ? organ : h->giver);
	rc |= lt_form_paraf(f, LT_FORM_BOLD, "BÊN GIAO: %s", h->giver);
	rc |= lt_form_paraf(f, LT_FORM_INDENT, "Đại diện là ông (bà): %s",
	                    h->giver_person && *h->giver_person ? h->giver_person
	                                                        : "..............................");
	rc |= lt_form_paraf(f, LT_FORM_BOLD, "BÊN NHẬN: %s", h->receiver);
	rc |= lt_form_paraf(f, LT_FORM_INDENT, "Đại diện là ông (bà): %s",
	                    h->receiver_person && *h->receiver_person
	                        ? h->receiver_person
	                        : "..............................");
	rc |= lt_form_para(f, LT_FORM_INDENT,
	                   "Thống nhất lập biên bản giao nhận hồ sơ, tài liệu như sau:");
	rc |= lt_form_paraf(f, LT_FORM_INDENT,
	                    "1. Tên khối tài liệu giao nộp: hồ sơ, tài liệu của %s, lần nộp lưu số "
	                    "%lld.",
	                    h->giver, (long long)h->number);
	rc |= lt_form_paraf(f, LT_FORM_INDENT, "2. Thời gian của tài liệu: %s – %s.", a, z);
	rc |= lt_buf_puts(&b, "3. Số lượng tài liệu (tài liệu điện tử): tổng số hồ sơ (đơn vị bảo "
	                      "quản): ");
	rc |= lt_words_count_vi(&b, (long long)h->n);
	rc |= lt_buf_puts(&b, "; tổng số tệp tài liệu: ");
	rc |= lt_words_count_vi(&b, files);
	rc |= lt_buf_puts(&b, "; tổng số trang: ");
	rc |= lt_words_count_vi(&b, pages);
	rc |= lt_buf_puts(&b, ".");
	rc |= lt_form_para(f, LT_FORM_INDENT, lt_buf_cstr(&b));
	if (h->historical)
		rc |= lt_form_paraf(f, LT_FORM_INDENT,
		                    "4. Tình trạng tài liệu giao nộp: gói nộp lưu %s (BagIt, METS, "
		                    "PREMIS), mã băm SHA-256 của từng tệp đã được kiểm tra khi lập "
		                    "gói.",
		                    h->package ? h->package : "");
	else
		rc |=
		    lt_form_para(f, LT_FORM_INDENT,
		                 "4. Tình trạng tài liệu giao nộp: hồ sơ đã được lập, đóng và kiểm "
		                 "tra đủ siêu dữ liệu bắt buộc; tệp lưu theo mã băm SHA-256.");
	rc |= lt_form_para(f, LT_FORM_INDENT, "5. Mục lục hồ sơ, tài liệu nộp lưu kèm theo.");
	rc |= lt_form_para(f, LT_FORM_INDENT,
	                   "Biên bản này được lập thành hai bản; bên giao giữ một bản; bên nhận "
	                   "giữ một bản.");
	{
		const char *titles[] = {"ĐẠI DIỆN BÊN GIAO", "ĐẠI DIỆN BÊN NHẬN"};
		const char *notes[] = {"(Ký tên và ghi rõ họ tên)", "(Ký tên và ghi rõ họ tên)"};
		const char *names[] = {h->giver_person, h->receiver_person};
		rc |= lt_form_signatures(f, 2, titles, notes, names);
	}
	if (rc)
		rc = OOM(err);
out:
	free(organ);
	lt_buf_free(&b);
	if (rc) {
		lt_form_free(f);
		return rc;
	}
	*out = f;
	return 0;
}

/* ---- deposits -------------------------------------------------------------- */

int lt_deposit_create(int64_t *deposit_id, lt_catalog *cat, const int64_t *dossiers, size_t n,
                      const lt_deposit_opts *o, lt_error *err)
{
	const lt_principal *p = lt_catalog_principal(cat);
	sqlite3_stmt *st = NULL;
	lt_date d;
	char iso[11], giver[256] = "", object[48], detail[200];
	long long files = 0, pages = 0;
	int64_t id = 0;
	int rc;

	*deposit_id = 0;
	if ((rc = lt_access_require(p, LT_ROLE_ARCHIVIST | LT_ROLE_ADMIN, 0,
	                            "nộp lưu hồ sơ vào lưu trữ cơ quan",
	                            "deposit dossiers to the agency archive", err)) != 0)
		return rc;
	if (n == 0)
		return lt_error_set(
		    err, LT_EINVAL, "%s",
		    LT_TR("không có hồ sơ nào để nộp lưu", "no dossier to deposit"));
	if (!o || !o->date || !*o->date)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("cần ngày nộp lưu (--date NGÀY)",
		                          "the deposit date is needed (--date DATE)"));
	if (lt_date_parse(&d, o->date, err) != 0)
		return lt_error_prefix(err, "%s", LT_TR("ngày nộp lưu", "deposit date"));
	lt_date_format_iso(&d, iso);
	if (o->giver && *o->giver) {
		snprintf(giver, sizeof(giver), "%s", o->giver);
	} else {
		/* The unit that kept the dossiers: their department, else the
		 * catalog's keeper, else the agency. */
		rc = lt_ret_prepare(cat, &st,
		                    "SELECT coalesce(nullif(department, ''), keeper) FROM dossiers"
		                    " WHERE id = ?",
		                    err);
		if (rc)
			return rc;
		sqlite3_bind_int64(st, 1, dossiers[0]);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
			snprintf(giver, sizeof(giver), "%s", sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		if (!*giver)
			snprintf(giver, sizeof(giver), "%s", "Đơn vị nộp lưu");
	}
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	rc =
	    lt_ret_prepare(cat, &st,
	                   "INSERT INTO main.deposits (deposit_date, giver, giver_person, receiver,"
	                   " receiver_person, created_by) VALUES (?, ?, ?, ?, ?, ?)",
	                   err);
	if (rc == 0) {
		sqlite3_bind_text(st, 1, iso, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, giver, -1, SQLITE_TRANSIENT);
		/* The giver's representative: given, else the person acting (not
		 * the operator's system login: then a blank to sign). */
		if (o->giver_person && *o->giver_person)
			sqlite3_bind_text(st, 3, o->giver_person, -1, SQLITE_TRANSIENT);
		else if (p->user_id > 0)
			sqlite3_bind_text(st, 3, p->login, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4,
		                  o->receiver && *o->receiver ? o->receiver : "Lưu trữ cơ quan", -1,
		                  SQLITE_TRANSIENT);
		if (o->receiver_person && *o->receiver_person)
			sqlite3_bind_text(st, 5, o->receiver_person, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, p->login, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = lt_catalog_error(cat, err, "deposits");
		id = sqlite3_last_insert_rowid(lt_catalog_db(cat));
		sqlite3_finalize(st);
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char reason[64];
		for (size_t j = 0; j < i && rc == 0; j++)
			if (dossiers[j] == dossiers[i])
				rc = lt_error_set(err, LT_EINVAL, "%s: %lld",
				                  LT_TR("hồ sơ có hai lần trong lần nộp lưu",
				                        "a dossier is given twice"),
				                  (long long)dossiers[i]);
		snprintf(reason, sizeof(reason), "deposit:%lld", (long long)id);
		/* closed → archived on the deposit date (the one state machine
		 * refuses anything not closed and checks the date). */
		if (rc == 0)
			rc = lt_dossier_transition_at(cat, dossiers[i], LT_DOSSIER_ARCHIVED,
			                              p->login, reason, iso, err);
		if (rc == 0)
			rc = lt_ret_prepare(
			    cat, &st, "UPDATE main.dossiers SET deposit_id = ? WHERE id = ?", err);
		if (rc == 0) {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, dossiers[i]);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = lt_catalog_error(cat, err, "dossiers");
			sqlite3_finalize(st);
		}
	}
	if (rc == 0)
		rc = lt_handover_count_files(&files, &pages, cat, dossiers, n, err);
	if (rc == 0)
		rc = lt_ret_prepare(cat, &st,
		                    "UPDATE main.deposits SET dossier_count = ?, file_count = ?,"
		                    " page_count = ? WHERE id = ?",
		                    err);
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, (sqlite3_int64)n);
		sqlite3_bind_int64(st, 2, files);
		sqlite3_bind_int64(st, 3, pages);
		sqlite3_bind_int64(st, 4, id);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = lt_catalog_error(cat, err, "deposits");
		sqlite3_finalize(st);
	}
	snprintf(object, sizeof(object), "deposit:%lld", (long long)id);
	snprintf(detail, sizeof(detail), "date=%s dossiers=%zu files=%lld pages=%lld", iso, n,
	         files, pages);
	if ((rc = lt_ret_finish(cat, rc, p->login, "deposit.create", object, detail, err)) != 0)
		return rc;
	*deposit_id = id;
	return 0;
}

int lt_deposit_form(lt_buf *out, lt_catalog *cat, int64_t id, const char *form, const char *format,
                    lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_handover h;
	lt_form *f = NULL;
	int64_t *ids = NULL;
	size_t n = 0;
	char date[16] = "", giver[256] = "", gp[128] = "", receiver[256] = "", rp[128] = "";
	long long files = 0;
	int rc, found = 0;

	if (!form || (strcmp(form, "list") != 0 && strcmp(form, "handover") != 0))
		return lt_error_set(err, LT_EINVAL, "%s: %s (list, handover)",
		                    LT_TR("biểu mẫu không biết", "unknown form"), form ? form : "");
	if ((rc = lt_table_check_format(format, err)) != 0)
		return rc;
	rc = lt_ret_prepare(cat, &st,
	                    "SELECT deposit_date, giver, coalesce(giver_person, ''), receiver,"
	                    " coalesce(receiver_person, ''), file_count FROM deposits WHERE id = ?",
	                    err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		snprintf(date, sizeof(date), "%s", sqlite3_column_text(st, 0));
		snprintf(giver, sizeof(giver), "%s", sqlite3_column_text(st, 1));
		snprintf(gp, sizeof(gp), "%s", sqlite3_column_text(st, 2));
		snprintf(receiver, sizeof(receiver), "%s", sqlite3_column_text(st, 3));
		snprintf(rp, sizeof(rp), "%s", sqlite3_column_text(st, 4));
		files = sqlite3_column_int64(st, 5);
	}
	sqlite3_finalize(st);
	if (!found)
		return lt_error_set(
		    err, LT_ENOTFOUND,
		    LT_TR("không tìm thấy lần nộp lưu %lld", "deposit %lld not found"),
		    (long long)id);
	rc = lt_ret_prepare(cat, &st, "SELECT id FROM dossiers WHERE deposit_id = ? ORDER BY id",
	                    err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		int64_t *g = realloc(ids, (n + 1) * sizeof(*ids));
		if (!g)
			rc = OOM(err);
		else
			(ids = g)[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	memset(&h, 0, sizeof(h));
	h.number = id;
	lt_date_parse(&h.date, date, NULL);
	h.giver = giver;
	h.giver_person = gp;
	h.receiver = receiver;
	h.receiver_person = rp;
	h.dossiers = ids;
	h.n = n;
	h.files = files;
	if (rc == 0)
		rc = strcmp(form, "list") == 0 ? lt_handover_list_form(&f, cat, &h, err)
		                               : lt_handover_record_form(&f, cat, &h, err);
	if (rc == 0)
		rc = lt_form_write(out, f, format, err);
	lt_form_free(f);
	free(ids);
	return rc;
}

int lt_deposit_list(lt_buf *out, lt_catalog *cat, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = lt_ret_prepare(cat, &st,
	                        "SELECT id, deposit_date, giver, receiver, dossier_count,"
	                        " file_count, page_count FROM deposits ORDER BY id",
	                        err);

	if (rc)
		return rc;
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
		if (lt_buf_printf(out, "%lld\t%s\t%s\t%s\t%d\t%d\t%d\n",
		                  (long long)sqlite3_column_int64(st, 0),
		                  (const char *)sqlite3_column_text(st, 1),
		                  (const char *)sqlite3_column_text(st, 2),
		                  (const char *)sqlite3_column_text(st, 3),
		                  sqlite3_column_int(st, 4), sqlite3_column_int(st, 5),
		                  sqlite3_column_int(st, 6)))
			rc = OOM(err);
	sqlite3_finalize(st);
	return rc;
}
