/*
 * retention/transfer.h — deposit of permanent dossiers to the historical
 * archive (nộp lưu lịch sử), Luật Lưu trữ 2024 Đ17, TT 05/2025, NĐ 30 PL V.
 *
 * lt_transfer_run() takes archived, permanent (maintenance 01), unheld
 * dossiers and, in this order:
 *   1. writes the transfer package with archive/package.h (BagIt + METS,
 *      SHA-256 of every file) as <outdir>/goi-nop-luu.zip;
 *   2. in one transaction: re-checks every dossier, moves it
 *      archived → transferred with package_ref = the package path, records
 *      a transfers row and the audit entries;
 *   3. writes the deposit list (mục lục hồ sơ nộp lưu, NĐ 30 PL V / §9.4
 *      columns, totals in figures and in words) and the hand-over record
 *      (biên bản giao nhận: giver, receiver, time span, number of dossiers
 *      and of files) as HTML in outdir.
 * A dossier that is open, closed but not yet in the agency archive, not
 * permanent, or on hold is refused and nothing changes (a package written
 * in step 1 is removed). The records stay in the catalog and the index:
 * their metadata remains searchable.
 */
#ifndef LT_RETENTION_TRANSFER_H
#define LT_RETENTION_TRANSFER_H

#include <stddef.h>
#include <stdint.h>

#include "archive/archive.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/error.h"

/* Archived permanent dossiers whose historical deposit falls due by
 * today + LT_RETENTION_ALERT_DAYS (rule 28). *ids malloc'd (free()). */
int lt_transfer_candidates(int64_t **ids, size_t *n, lt_catalog *cat, const lt_date *today,
                           lt_error *err);

typedef struct lt_transfer_result {
	int64_t transfer_id;
	size_t dossiers;
	size_t files;
	char package_path[1024];
	char list_path[1024];     /* mục lục hồ sơ nộp lưu (HTML) */
	char handover_path[1024]; /* biên bản giao nhận (HTML) */
	char date[11];            /* the transfer's date, YYYY-MM-DD */
} lt_transfer_result;

/* receiver may be NULL ("Lưu trữ lịch sử"). outdir is created if missing.
 * The transfer takes effect today. */
int lt_transfer_run(lt_transfer_result *out, lt_archive *ar, const int64_t *ids, size_t n,
                    const char *who, const char *receiver, const char *outdir, lt_error *err);

/* lt_transfer_run() as of a date (YYYY-MM-DD or DD/MM/YYYY; NULL or "" =
 * today), for a transfer entered after the hand-over took place: the
 * dossiers' transferred_at, the deposit list and the hand-over record are
 * dated that day. A date in the future, or before a dossier entered the
 * agency archive, is LT_EINVAL and nothing changes (no package is left).
 * transfers.created_at stays the time the transfer was entered. */
int lt_transfer_run_at(lt_transfer_result *out, lt_archive *ar, const int64_t *ids, size_t n,
                       const char *who, const char *receiver, const char *date, const char *outdir,
                       lt_error *err);

/* Where transferred dossiers went (the pointer to the package): one line
 * per transferred dossier, oldest transfer first,
 * "dossier_id<TAB>fileCode<TAB>transferred_at<TAB>transfer_id<TAB>package<TAB>title\n".
 * dossier_id > 0 keeps only that dossier, record_id > 0 only the dossiers
 * holding that record (0: no filter). No match is an empty list. */
int lt_transfer_list(lt_buf *out, lt_catalog *cat, int64_t dossier_id, int64_t record_id,
                     lt_error *err);

#endif
