/*
 * retention/schedule.h — the retention schedule (bảng thời hạn bảo quản).
 *
 * A rule says how long one kind of dossier is kept and what happens at
 * expiry: code ("1.3"), title, group ("1 Tổng hợp"), years (or permanent),
 * the TT 05/2025 maintenance code (01 Vĩnh viễn, 02 70, 03 50, 04 30,
 * 05 20, 06 10, 07 Khác), the action at expiry (destroy | review |
 * transfer) and the legal basis.
 *
 * The schedule lives in the catalog (retention_rules). On first use an
 * empty table is filled with the sample groups of REGULATIONS §12
 * (lt_schedule_ensure_default); values marked † there come from the
 * replaced TT 09/2011 and must be re-checked against TT 10/2022 — replace
 * them with `luutru retention schedule load FILE.csv`.
 *
 * CSV (UTF-8, header line required, comma separated, "..." quoting):
 *   code,title,group,maintenance,years,action,legal_basis[,event]
 * event (optional) is the event the retention is counted from ("chấm dứt
 * hợp đồng"); the code is then 07 and years 0–99 (empty or 0: until the
 * event, "Đến khi văn bản hết hiệu lực").
 * maintenance is the TT 05/2025 code 01..07; years may be left empty for
 * 01..06 (it follows from the code; when given it must match) and is
 * required for 07 (a whole number ≥ 0). action defaults to transfer for
 * permanent rules and destroy otherwise. Loading replaces the whole schedule in one transaction;
 * a bad line (unknown action, negative or non-numeric years, an unknown
 * maintenance code, a duplicate code) refuses the file naming the line and
 * loads nothing.
 */
#ifndef LT_RETENTION_SCHEDULE_H
#define LT_RETENTION_SCHEDULE_H

#include <stddef.h>

#include "archive/catalog.h"
#include "core/error.h"

#define LT_RETENTION_PERMANENT (-1)

typedef struct lt_retention_rule {
	char *code;
	char *title;
	char *group;
	int years;           /* LT_RETENTION_PERMANENT or ≥ 0 */
	char maintenance[3]; /* "01".."07" */
	char *action;        /* "destroy", "review" or "transfer" */
	char *legal_basis;   /* may be NULL */
	char *event;         /* counted from this event (code 07), or NULL */
} lt_retention_rule;

typedef struct lt_schedule lt_schedule;

/* The TT 05/2025 maintenance code for a number of years: 01 for
 * permanent, 02..06 for 70/50/30/20/10, 07 (Khác) otherwise. */
const char *lt_retention_code_for_years(int years);
/* Years of a maintenance code: LT_RETENTION_PERMANENT for 01, 70..10 for
 * 02..06; LT_ENOTFOUND for 07 (the years are elsewhere), LT_EINVAL for
 * anything not in 01..07. */
int lt_retention_years_for_code(const char *code, int *years, lt_error *err);
/* Vietnamese label: "Vĩnh viễn", "70 năm", ..., "Khác". NULL if unknown. */
const char *lt_retention_code_label(const char *code);

/* Fill an empty retention_rules table with the default schedule. */
int lt_schedule_ensure_default(lt_catalog *cat, lt_error *err);
/* Replace the schedule with a CSV file (see above). *loaded may be NULL. */
int lt_schedule_load_csv(lt_catalog *cat, const char *path, size_t *loaded, lt_error *err);
/* The schedule, sorted by code. Free with lt_schedule_free. */
int lt_schedule_list(lt_schedule **out, lt_catalog *cat, lt_error *err);
size_t lt_schedule_count(const lt_schedule *s);
/* Valid until lt_schedule_free. */
const lt_retention_rule *lt_schedule_get(const lt_schedule *s, size_t i);
void lt_schedule_free(lt_schedule *s);

#endif
