/*
 * retention/deposit.h — deposit of closed dossiers to the agency archive
 * (nộp lưu vào Lưu trữ cơ quan; NĐ 30/2020 Đ30–31, Phụ lục V), and the two
 * documents every hand-over of records produces, shared with the transfer
 * to the historical archive (retention/transfer.h):
 *   - the deposit list (mục lục hồ sơ, tài liệu nộp lưu): STT | Số, ký
 *     hiệu hồ sơ | Tiêu đề hồ sơ | Thời gian tài liệu | Thời hạn bảo quản |
 *     Số tờ/Số trang | Ghi chú, totals in figures and in words;
 *   - the hand-over record (biên bản giao nhận): giver and receiver with
 *     their representatives, the batch, its time span, the number of
 *     dossiers and of files (electronic deposit), condition, the list
 *     attached, two copies.
 * Both are forms in the NĐ 30 layout (archive/forms/form.h): HTML, PDF.
 *
 * lt_deposit_create() takes closed dossiers and a deposit date (a deposit
 * entered afterwards keeps its real date: the historical-archive due date,
 * rule 28, and the lateness of rule 24 follow it) and, in one
 * transaction, records a deposits row (date, giver, receiver, counts),
 * moves each dossier closed → archived through the one state machine with
 * that date (archive/dossier.h), links it to the deposit and writes the
 * audit entry "deposit.create". A dossier not closed, a date before a
 * dossier's end date or after today, or a caller who is not an archivist
 * is refused and nothing changes. `luutru check` rule 27 finds archived
 * dossiers without a deposit.
 */
#ifndef LT_RETENTION_DEPOSIT_H
#define LT_RETENTION_DEPOSIT_H

#include <stddef.h>
#include <stdint.h>

#include "archive/catalog.h"
#include "archive/forms/form.h"
#include "core/buf.h"
#include "core/error.h"

typedef struct lt_deposit_opts {
	const char *date;            /* YYYY-MM-DD or DD/MM/YYYY; required */
	const char *giver;           /* depositing unit; NULL: the dossiers' department
	                                or keeper */
	const char *giver_person;    /* its representative; NULL: the caller */
	const char *receiver;        /* NULL: "Lưu trữ cơ quan" */
	const char *receiver_person; /* may be NULL (a blank to sign) */
} lt_deposit_opts;

#define LT_DEPOSIT_OPTS_INIT                                                                       \
	{                                                                                          \
		NULL, NULL, NULL, NULL, NULL                                                       \
	}

int lt_deposit_create(int64_t *deposit_id, lt_catalog *cat, const int64_t *dossiers, size_t n,
                      const lt_deposit_opts *opts, lt_error *err);

/* A deposit's document: form "list" (mục lục) or "handover" (biên bản),
 * format "html", "pdf" or "csv" (the list's table). LT_ENOTFOUND for no
 * such deposit (or one naming a dossier the caller may not see). */
int lt_deposit_form(lt_buf *out, lt_catalog *cat, int64_t deposit_id, const char *form,
                    const char *format, lt_error *err);

/* One line per deposit, oldest first:
 * "id<TAB>date<TAB>giver<TAB>receiver<TAB>dossiers<TAB>files<TAB>pages\n". */
int lt_deposit_list(lt_buf *out, lt_catalog *cat, lt_error *err);

/* ---- the hand-over documents, shared with transfer.c --------------------- */

typedef struct lt_handover {
	int historical; /* 0: agency archive (NĐ 30); 1: historical archive */
	int64_t number; /* the deposit's or transfer's number */
	lt_date date;   /* of the hand-over */
	const char *giver, *giver_person, *receiver, *receiver_person;
	const int64_t *dossiers;
	size_t n;
	long long files;     /* electronic files handed over */
	const char *package; /* the package file's name (historical), or NULL */
} lt_handover;

/* The files (record files) of the records filed in the dossiers, each
 * counted once per dossier it is handed over in. */
int lt_handover_count_files(long long *files, long long *pages, lt_catalog *cat,
                            const int64_t *dossiers, size_t n, lt_error *err);
/* The deposit list / the hand-over record of h as forms (caller frees). */
int lt_handover_list_form(lt_form **out, lt_catalog *cat, const lt_handover *h, lt_error *err);
int lt_handover_record_form(lt_form **out, lt_catalog *cat, const lt_handover *h, lt_error *err);

#endif
