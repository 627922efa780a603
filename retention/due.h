/*
 * retention/due.h — retention due dates and the alerts that announce them.
 *
 * Three dates fall due for a dossier (REGULATIONS §10):
 *   deposit     a closed dossier kept ≥ 5 years (or permanently) goes to the
 *               agency archive one year after its work ended:
 *               due = end_date + 1 year                          (rule 24)
 *   historical  a permanent dossier in the agency archive goes to the
 *               historical archive by the end of the fifth year after it
 *               was deposited: due = 31/12/(year(archived_at) + 5) (rule 28)
 *   expiry      a fixed-term dossier becomes a disposal candidate after
 *               expiry_year = year(end_date) + N: due = 01/01/(expiry_year+1)
 *               Permanent dossiers never expire.                  (rule 29)
 *
 * lt_retention_due() lists what is due on a given day or within the alert
 * window (LT_RETENTION_ALERT_DAYS = 30 days ahead, rule 26) and records one
 * retention_alerts row per (dossier, kind, due date) the first time it is
 * seen, so an inspector can see that an alert was raised and when.
 */
#ifndef LT_RETENTION_DUE_H
#define LT_RETENTION_DUE_H

#include <stddef.h>
#include <stdint.h>

#include "archive/catalog.h"
#include "core/date.h"
#include "core/error.h"

#define LT_RETENTION_ALERT_DAYS 30

/* The dossier's retention in years (LT_RETENTION_PERMANENT for 01). From
 * maintenance (01..06), else retention_years (code 07 or no code).
 * LT_EINVAL when neither is usable (rule 19), LT_ENOTFOUND for no dossier. */
int lt_retention_dossier_years(lt_catalog *cat, int64_t dossier_id, int *years, lt_error *err);

/* The year after which the dossier may be destroyed (rule 29):
 *   permanent                           *expiry 0, *pending 0
 *   N years                             year(end_date) + N
 *   N years after an event, "until" it  year(event date) + N (N = 0) once
 *                                       the event's date is recorded;
 *                                       before that *expiry 0, *pending 1
 * LT_EINVAL when the retention or the needed date is missing. */
int lt_retention_expiry(lt_catalog *cat, int64_t dossier_id, int *expiry, int *pending,
                        lt_error *err);

/* Record the date the dossier's retention event happened (the contract
 * ended, the document lost effect): in one transaction with its audit
 * entry ("retention.event"), and for a closed or archived dossier the
 * expiry year computed from it. *due receives 1 January of the year after
 * expiry, the day it becomes a disposal candidate. LT_EINVAL when the
 * dossier's retention has no event or the date is bad (after today,
 * before the dossier's start); LT_ESTATE for a destroyed or transferred
 * dossier. */
int lt_retention_event_record(lt_catalog *cat, int64_t dossier_id, const char *date,
                              const char *note, const char *who, lt_date *due, lt_error *err);

/* A dossier by numeric id or by file code (mã hồ sơ); LT_ENOTFOUND. */
int lt_retention_dossier_ref(lt_catalog *cat, const char *ref, int64_t *id, lt_error *err);

/* Hook for closing a dossier: fixes expiry_year (lt_retention_expiry), or
 * NULL for a permanent dossier or one waiting for its event's date. Runs
 * one UPDATE inside the caller's transaction (it neither begins nor
 * commits). Refuses a dossier without end date or retention (LT_EINVAL),
 * changing nothing. */
int lt_retention_on_close(lt_catalog *cat, int64_t dossier_id, lt_error *err);

typedef struct lt_due_item {
	int64_t dossier_id;
	char *file_code;
	char *title;
	const char *kind; /* "deposit", "historical" or "expiry" (static) */
	lt_date due;
	int overdue;      /* due < day */
	int alert_new;    /* this call raised the alert */
	char *alerted_at; /* when the alert was first raised */
} lt_due_item;

typedef struct lt_due_list {
	lt_due_item *items;
	size_t n;
} lt_due_list;

/* Everything due on or before day + LT_RETENTION_ALERT_DAYS, overdue first.
 * record != 0 writes the alerts (one transaction). Free with
 * lt_due_list_free. */
int lt_retention_due(lt_due_list **out, lt_catalog *cat, const lt_date *day, int record,
                     lt_error *err);
void lt_due_list_free(lt_due_list *list);

#endif
