/*
 * retention/disposition.h — destruction of expired dossiers (tiêu hủy tài
 * liệu hết giá trị), TT 06/2025 and REGULATIONS §10 rules 29–33.
 *
 * A destruction list (disposition batch) moves through three states; each
 * arrow is one function, one transaction, one audit row:
 *
 *      lt_disposition_propose()       lt_disposition_approve()
 *   ─────────────────────────▶ proposed ──────────────────────▶ approved
 *                                                                  │
 *                                        lt_disposition_execute()  │
 *                                  executed ◀──────────────────────┘
 *
 * Invariants (each is checked where it can break, and refused citing the
 * rule, changing nothing):
 *   1. A list holds only closed or archived dossiers past their expiry year
 *      (rule 29), never a permanent one (rule 33), never a held one (holds),
 *      never one already on another list that is not executed.
 *   2. Each step is done by the catalog's principal (archive/access.h), who
 *      must be an authenticated person, not the system: the proposer and
 *      the executor an archivist (or admin), the approver a different
 *      person from the proposer with the 'approver' role, recording the
 *      decision number, its date and the appraisal council's minutes
 *      (rule 30). The CLI and the HTTP API bind the same principal, so the
 *      four-eyes rule holds on both.
 *   3. Only an approved list is executed, and invariant 1 is checked again
 *      at execution (a hold may have been placed since).
 *   4. Execution keeps a tombstone: the record rows, their metadata, links
 *      and dossier stay, with status 'destroyed' and the note "Đã tiêu hủy
 *      theo Quyết định số …"; page text and file rows go, an index_outbox
 *      upsert makes the index drop the text, and a blob file is removed only
 *      when no remaining record references it (after the commit: a crash
 *      in between leaves an orphan file for verify to find, never a
 *      dangling reference).
 *   5. Execution produces the destruction record (biên bản hủy tài liệu) as
 *      an HTML document, stored with the list.
 */
#ifndef LT_RETENTION_DISPOSITION_H
#define LT_RETENTION_DISPOSITION_H

#include <stddef.h>
#include <stdint.h>

#include "archive/archive.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/error.h"

/* Propose destroying the given dossiers. today decides expiry (rule 29). */
int lt_disposition_propose(int64_t *batch_out, lt_catalog *cat, const int64_t *dossier_ids,
                           size_t n, const char *explanation, const lt_date *today, lt_error *err);

/* Candidates: ids of closed/archived, non-permanent, unheld dossiers past
 * expiry on `today` and not on a pending list. *ids is malloc'd (free()). */
int lt_disposition_candidates(int64_t **ids, size_t *n, lt_catalog *cat, const lt_date *today,
                              lt_error *err);

/* Approve with the destruction decision (number, date), the appraisal
 * council's minutes and the competent body's appraisal opinion (ý kiến
 * thẩm định), all required (rule 30). */
int lt_disposition_approve(lt_catalog *cat, int64_t batch_id, const char *decision_no,
                           const char *decision_date, const char *minutes, const char *appraisal,
                           lt_error *err);

/* Execute an approved list. handover (required, rule 30) records the
 * hand-over of the material destroyed: to whom, when. *report_html (may be
 * NULL) receives the destruction record, malloc'd (free()). *blobs_removed
 * may be NULL. */
int lt_disposition_execute(lt_archive *ar, int64_t batch_id, const lt_date *today,
                           const char *handover, char **report_html, size_t *blobs_removed,
                           lt_error *err);

/* Cancel a proposed or approved list (a reason is required; an
 * archivist, approver or admin, a person): it stays with who, when and
 * why, its dossiers may be proposed again. LT_ESTATE for an executed or
 * already cancelled list. */
int lt_disposition_cancel(lt_catalog *cat, int64_t batch_id, const char *reason, lt_error *err);

/* The stored destruction record of an executed list (malloc'd). */
int lt_disposition_report(char **html, lt_catalog *cat, int64_t batch_id, lt_error *err);
/* The destruction record in the NĐ 30 layout as "html", "pdf" or "csv",
 * from the stored list (who executed it and when). */
int lt_disposition_report_form(lt_buf *out, lt_catalog *cat, int64_t batch_id, const char *format,
                               lt_error *err);

/* ---- reading the lists ------------------------------------------------- */

/* One dossier of a list, as the caller sees it. */
typedef struct lt_disposition_dossier {
	int64_t id;
	char *file_code, *title, *retention, *status; /* retention: the label */
	int year;
} lt_disposition_dossier;

/* A destruction list and what was recorded at each step (NULL: not yet).
 * state is "proposed", "approved", "executed" or "cancelled". */
typedef struct lt_disposition_list {
	int64_t id;
	char state[16];
	char *explanation, *proposed_by, *proposed_at;
	char *approved_by, *approved_at, *decision_no, *decision_date, *minutes, *appraisal;
	char *executed_by, *executed_at, *handover;
	char *cancelled_by, *cancelled_at, *cancel_reason;
	int has_report;                   /* an executed list's destruction record is stored */
	size_t ndossiers;                 /* dossiers on the list */
	lt_disposition_dossier *dossiers; /* by lt_disposition_get only, by file code */
} lt_disposition_list;

/* The destruction lists the catalog's principal may see, newest first;
 * state NULL for all, else one of the four (LT_EINVAL otherwise). Read
 * through the access views (docs/security.md): a list holding any dossier
 * above the caller's clearance is not among them. *v is malloc'd
 * (lt_disposition_lists_free). */
int lt_disposition_lists(lt_disposition_list **v, size_t *n, lt_catalog *cat, const char *state,
                         lt_error *err);

/* One list with its dossiers; LT_ENOTFOUND when missing or not visible
 * (the same message). *out is malloc'd (lt_disposition_lists_free(out, 1)). */
int lt_disposition_get(lt_disposition_list **out, lt_catalog *cat, int64_t batch_id, lt_error *err);

void lt_disposition_lists_free(lt_disposition_list *v, size_t n);
/* A list's state ("proposed", "approved", "executed", "cancelled") as
 * people read it, in the current language. */
const char *lt_disposition_state_label(const char *state);

#endif
