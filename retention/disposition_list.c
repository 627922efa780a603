/* retention/disposition_list.c — reading destruction lists: all of them
 * (lt_disposition_lists) and one with its dossiers (lt_disposition_get),
 * for `luutru dispose list|show` and GET /disposition[/{id}].
 *
 * Every read goes through the catalog's access views (archive/access.h):
 * disposition_batches there holds only the lists all of whose dossiers the
 * principal sees, so a list with a dossier above the caller's clearance is
 * absent — not listed, not counted, "not found" when asked for by number —
 * and its explanation, decision and minutes are not shown either
 * (docs/security.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "retention/disposition.h"
#include "retention/internal.h"
#include "retention/schedule.h"

#define OOM(err) lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"))

static const char *const STATES[] = {"proposed", "approved", "executed", "cancelled"};

/* The state as one expression: a cancelled list keeps the status it had. */
#define STATE_SQL "CASE WHEN b.cancelled_at IS NOT NULL THEN 'cancelled' ELSE b.status END"

#define LIST_SQL                                                                                   \
	"SELECT b.id, " STATE_SQL ", b.explanation, b.proposed_by, b.proposed_at,"                 \
	" b.approved_by, b.approved_at, b.decision_no, b.decision_date, b.council_minutes,"        \
	" b.appraisal_opinion, b.executed_by, b.executed_at, b.handover_record,"                   \
	" b.cancelled_by, b.cancelled_at, b.cancel_reason, b.report_html IS NOT NULL,"             \
	" (SELECT count(*) FROM disposition_items i JOIN dossiers d ON d.id = i.dossier_id"        \
	"  WHERE i.batch_id = b.id)"                                                               \
	" FROM disposition_batches b"

/* Copy of column i, NULL for NULL; *failed set when out of memory. */
static char *col(sqlite3_stmt *st, int i, int *failed)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	char *s;
	if (!t)
		return NULL;
	s = strdup((const char *)t);
	if (!s)
		*failed = 1;
	return s;
}

static int fill(lt_disposition_list *l, sqlite3_stmt *st)
{
	int failed = 0;
	char **text[] = {&l->explanation,  &l->proposed_by,  &l->proposed_at,   &l->approved_by,
	                 &l->approved_at,  &l->decision_no,  &l->decision_date, &l->minutes,
	                 &l->appraisal,    &l->executed_by,  &l->executed_at,   &l->handover,
	                 &l->cancelled_by, &l->cancelled_at, &l->cancel_reason};

	memset(l, 0, sizeof(*l));
	l->id = sqlite3_column_int64(st, 0);
	snprintf(l->state, sizeof(l->state), "%s", (const char *)sqlite3_column_text(st, 1));
	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++)
		*text[i] = col(st, (int)i + 2, &failed);
	l->has_report = sqlite3_column_int(st, 17);
	l->ndossiers = (size_t)sqlite3_column_int64(st, 18);
	return failed;
}

static void list_clear(lt_disposition_list *l)
{
	char *text[] = {l->explanation,  l->proposed_by,  l->proposed_at,   l->approved_by,
	                l->approved_at,  l->decision_no,  l->decision_date, l->minutes,
	                l->appraisal,    l->executed_by,  l->executed_at,   l->handover,
	                l->cancelled_by, l->cancelled_at, l->cancel_reason};
	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++)
		free(text[i]);
	for (size_t i = 0; l->dossiers && i < l->ndossiers; i++) {
		free(l->dossiers[i].file_code);
		free(l->dossiers[i].title);
		free(l->dossiers[i].retention);
		free(l->dossiers[i].status);
	}
	free(l->dossiers);
}

void lt_disposition_lists_free(lt_disposition_list *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		list_clear(&v[i]);
	free(v);
}

int lt_disposition_lists(lt_disposition_list **v, size_t *n, lt_catalog *cat, const char *state,
                         lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_disposition_list *out = NULL;
	size_t count = 0;
	int rc, step, known = state == NULL;

	*v = NULL;
	*n = 0;
	for (size_t i = 0; state && i < sizeof(STATES) / sizeof(STATES[0]); i++)
		known |= strcmp(state, STATES[i]) == 0;
	if (!known)
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("trạng thái không hợp lệ: %s (proposed, approved, "
		                          "executed, cancelled)",
		                          "invalid state: %s (proposed, approved, executed, "
		                          "cancelled)"),
		                    state);
	rc = lt_ret_prepare(cat, &st,
	                    LIST_SQL " WHERE ?1 IS NULL OR " STATE_SQL " = ?1"
	                             " ORDER BY b.id DESC",
	                    err);
	if (rc)
		return rc;
	if (state)
		sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		void *grown = realloc(out, (count + 1) * sizeof(*out));
		if (!grown) {
			rc = OOM(err);
			break;
		}
		out = grown;
		if (fill(&out[count++], st)) {
			rc = OOM(err);
			break;
		}
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = lt_catalog_error(
		    cat, err, LT_TR("đọc danh sách tiêu hủy", "reading the destruction lists"));
	sqlite3_finalize(st);
	if (rc) {
		lt_disposition_lists_free(out, count);
		return rc;
	}
	*v = out;
	*n = count;
	return 0;
}

int lt_disposition_get(lt_disposition_list **out, lt_catalog *cat, int64_t batch, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_disposition_list *l = calloc(1, sizeof(*l));
	int rc, found = 0;

	*out = NULL;
	if (!l)
		return OOM(err);
	rc = lt_ret_prepare(cat, &st, LIST_SQL " WHERE b.id = ?", err);
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, batch);
		if (sqlite3_step(st) == SQLITE_ROW) {
			found = 1;
			if (fill(l, st))
				rc = OOM(err);
		}
		sqlite3_finalize(st);
		st = NULL;
	}
	if (rc == 0 && !found)
		rc = lt_error_set(err, LT_ENOTFOUND,
		                  LT_TR("không tìm thấy danh sách tiêu hủy %lld",
		                        "destruction list %lld not found"),
		                  (long long)batch);
	/* The dossiers as read now: the count is the rows read. */
	if (rc == 0) {
		l->ndossiers = 0;
		rc = lt_ret_prepare(
		    cat, &st,
		    "SELECT d.id, d.file_code, d.title, d.year, d.status,"
		    " d.retention_label, d.maintenance"
		    " FROM disposition_items i JOIN dossiers d ON d.id = i.dossier_id"
		    " WHERE i.batch_id = ? ORDER BY d.file_code, d.id",
		    err);
	}
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, batch);
		while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
			lt_disposition_dossier *d;
			const char *label = (const char *)sqlite3_column_text(st, 5);
			void *grown =
			    realloc(l->dossiers, (l->ndossiers + 1) * sizeof(*l->dossiers));
			int failed = 0;
			if (!grown) {
				rc = OOM(err);
				break;
			}
			l->dossiers = grown;
			d = &l->dossiers[l->ndossiers++];
			memset(d, 0, sizeof(*d));
			if (!label)
				label = lt_retention_code_label(
				    (const char *)sqlite3_column_text(st, 6));
			d->id = sqlite3_column_int64(st, 0);
			d->file_code = col(st, 1, &failed);
			d->title = col(st, 2, &failed);
			d->year = sqlite3_column_int(st, 3);
			d->status = col(st, 4, &failed);
			if (label && !(d->retention = strdup(label)))
				failed = 1;
			if (failed)
				rc = OOM(err);
		}
		sqlite3_finalize(st);
	}
	if (rc) {
		lt_disposition_lists_free(l, 1);
		return rc;
	}
	*out = l;
	return 0;
}

const char *lt_disposition_state_label(const char *state)
{
	if (!state)
		return "";
	if (strcmp(state, "proposed") == 0)
		return LT_TR("đã lập, chờ duyệt", "proposed, awaiting approval");
	if (strcmp(state, "approved") == 0)
		return LT_TR("đã duyệt, chờ hủy", "approved, awaiting destruction");
	if (strcmp(state, "executed") == 0)
		return LT_TR("đã tiêu hủy", "executed (destroyed)");
	if (strcmp(state, "cancelled") == 0)
		return LT_TR("đã hủy bỏ", "cancelled");
	return state;
}
