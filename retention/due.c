/* retention/due.c — due dates (rules 24, 26, 28, 29). */
#include "retention/due.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "retention/internal.h"
#include "retention/schedule.h"

int lt_retention_dossier_years(lt_catalog *cat, int64_t dossier_id, int *years, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = lt_ret_prepare(cat, &st,
	                        "SELECT maintenance, retention_years, file_code FROM dossiers"
	                        " WHERE id = ?",
	                        err);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, dossier_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return lt_error_set(err, LT_ENOTFOUND,
		                    LT_TR("không tìm thấy hồ sơ %lld", "dossier %lld not found"),
		                    (long long)dossier_id);
	}
	{
		const char *m = (const char *)sqlite3_column_text(st, 0);
		int has_years = sqlite3_column_type(st, 1) != SQLITE_NULL;
		int y = sqlite3_column_int(st, 1);

		if (m && *m && strcmp(m, "07") != 0) {
			rc = lt_retention_years_for_code(m, years, err);
		} else if (has_years && y >= 0) {
			*years = y;
		} else {
			rc = lt_error_set(err, LT_EINVAL,
			                  LT_TR("hồ sơ %s chưa có thời hạn bảo quản (quy tắc 19)",
			                        "dossier %s has no retention period (rule 19)"),
			                  (const char *)sqlite3_column_text(st, 2));
		}
	}
	sqlite3_finalize(st);
	return rc;
}

int lt_retention_dossier_ref(lt_catalog *cat, const char *ref, int64_t *id, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = lt_ret_prepare(cat, &st,
	                        "SELECT id FROM dossiers WHERE file_code = ?1 OR uid = ?1"
	                        " OR CAST(id AS TEXT) = ?1 ORDER BY file_code = ?1 DESC LIMIT 1",
	                        err);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else
		rc =
		    lt_error_set(err, LT_ENOTFOUND,
		                 LT_TR("không tìm thấy hồ sơ '%s'", "dossier '%s' not found"), ref);
	sqlite3_finalize(st);
	return rc;
}

int lt_retention_expiry(lt_catalog *cat, int64_t dossier_id, int *expiry, int *pending,
                        lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_date d;
	int years, rc;

	*expiry = 0;
	*pending = 0;
	if ((rc = lt_retention_dossier_years(cat, dossier_id, &years, err)) != 0)
		return rc;
	if (years == LT_RETENTION_PERMANENT)
		return 0;
	if ((rc = lt_ret_prepare(cat, &st,
	                         "SELECT end_date, file_code, retention_event,"
	                         " retention_event_date FROM dossiers WHERE id = ?",
	                         err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, dossier_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *end = (const char *)sqlite3_column_text(st, 0);
		const char *code = (const char *)sqlite3_column_text(st, 1);
		const char *event = (const char *)sqlite3_column_text(st, 2);
		const char *when = (const char *)sqlite3_column_text(st, 3);
		if (event && *event) {
			/* Counted from the event, once it happened. */
			if (when && lt_date_parse(&d, when, NULL) == 0)
				*expiry = d.year + years;
			else
				*pending = 1;
		} else if (end && lt_date_parse(&d, end, NULL) == 0) {
			*expiry = d.year + years;
		} else {
			rc =
			    lt_error_set(err, LT_EINVAL,
			                 LT_TR("hồ sơ %s chưa có ngày kết thúc hợp lệ (quy tắc 22)",
			                       "dossier %s has no valid end date (rule 22)"),
			                 code ? code : "?");
		}
	}
	sqlite3_finalize(st);
	return rc;
}

int lt_retention_on_close(lt_catalog *cat, int64_t dossier_id, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int expiry, pending, rc;

	if ((rc = lt_retention_expiry(cat, dossier_id, &expiry, &pending, err)) != 0)
		return rc;
	{
		/* Closing needs an end date even when the expiry waits for an
		 * event (rule 22). */
		int64_t has_end = 0;
		rc = lt_ret_int(cat, "SELECT end_date IS NOT NULL FROM dossiers WHERE id = ?",
		                dossier_id, &has_end, err);
		if (rc == 0 && !has_end)
			rc = lt_error_set(err, LT_EINVAL, "%s",
			                  LT_TR("hồ sơ chưa có ngày kết thúc hợp lệ (quy tắc 22)",
			                        "the dossier has no valid end date (rule 22)"));
		if (rc)
			return rc;
	}
	rc = lt_ret_prepare(cat, &st, "UPDATE main.dossiers SET expiry_year = ? WHERE id = ?", err);
	if (rc)
		return rc;
	if (expiry > 0)
		sqlite3_bind_int(st, 1, expiry);
	else
		sqlite3_bind_null(st, 1);
	sqlite3_bind_int64(st, 2, dossier_id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = lt_catalog_error(cat, err,
		                      LT_TR("ghi hạn bảo quản", "writing the expiry year"));
	sqlite3_finalize(st);
	return rc;
}

int lt_retention_event_record(lt_catalog *cat, int64_t dossier_id, const char *date,
                              const char *note, const char *who, lt_date *due, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_date d, today;
	char iso[11], code[128] = "", status[16] = "", start[16] = "", event[200] = "";
	char detail[400];
	int expiry = 0, pending = 0, rc;

	memset(due, 0, sizeof(*due));
	if (!date || lt_date_parse(&d, date, err) != 0)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("cần ngày xảy ra sự kiện (--date NGÀY)",
		                          "the date of the event is needed (--date DATE)"));
	lt_date_format_iso(&d, iso);
	lt_date_today(&today);
	if (lt_date_cmp(&d, &today) > 0)
		return lt_error_set(err, LT_EINVAL, "%s: %s",
		                    LT_TR("sự kiện chưa xảy ra (ngày ở tương lai)",
		                          "the event has not happened (a future date)"),
		                    iso);
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	rc = lt_ret_prepare(cat, &st,
	                    "SELECT file_code, status, coalesce(start_date, ''),"
	                    " coalesce(retention_event, '') FROM dossiers WHERE id = ?",
	                    err);
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, dossier_id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			snprintf(code, sizeof(code), "%s", sqlite3_column_text(st, 0));
			snprintf(status, sizeof(status), "%s", sqlite3_column_text(st, 1));
			snprintf(start, sizeof(start), "%s", sqlite3_column_text(st, 2));
			snprintf(event, sizeof(event), "%s", sqlite3_column_text(st, 3));
		}
		sqlite3_finalize(st);
	}
	if (rc == 0 && !*code)
		rc = lt_error_set(err, LT_ENOTFOUND,
		                  LT_TR("không tìm thấy hồ sơ %lld", "dossier %lld not found"),
		                  (long long)dossier_id);
	if (rc == 0 && !*event)
		rc = lt_error_set(err, LT_EINVAL,
		                  LT_TR("thời hạn bảo quản của hồ sơ %s không tính từ sự kiện nào",
		                        "the retention of dossier %s is not counted from an event"),
		                  code);
	if (rc == 0 && (strcmp(status, "destroyed") == 0 || strcmp(status, "transferred") == 0))
		rc =
		    lt_error_set(err, LT_ESTATE,
		                 LT_TR("hồ sơ %s đã %s", "dossier %s is already %s"), code, status);
	if (rc == 0 && *start && strncmp(iso, start, 10) < 0)
		rc = lt_error_set(err, LT_EINVAL,
		                  LT_TR("ngày sự kiện %s trước ngày bắt đầu của hồ sơ %s (%s)",
		                        "the event date %s is before dossier %s began (%s)"),
		                  iso, code, start);
	if (rc == 0)
		rc = lt_ret_prepare(
		    cat, &st, "UPDATE main.dossiers SET retention_event_date = ? WHERE id = ?",
		    err);
	if (rc == 0) {
		sqlite3_bind_text(st, 1, iso, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, dossier_id);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = lt_catalog_error(cat, err, "dossiers");
		sqlite3_finalize(st);
	}
	if (rc == 0)
		rc = lt_retention_expiry(cat, dossier_id, &expiry, &pending, err);
	if (rc == 0 && (strcmp(status, "closed") == 0 || strcmp(status, "archived") == 0))
		rc = lt_retention_on_close(cat, dossier_id, err);
	snprintf(detail, sizeof(detail), "%s: %s%s%.300s", event, iso, note ? " — " : "",
	         note ? note : "");
	if ((rc = lt_ret_finish(cat, rc, who, "retention.event", code, detail, err)) != 0)
		return rc;
	*due = (lt_date){expiry + 1, 1, 1};
	return 0;
}

/* ---- due list ---------------------------------------------------------- */

static void add_years(lt_date *d, int years)
{
	d->year += years;
	if (d->month == 2 && d->day == 29 && !lt_date_is_leap(d->year))
		d->day = 28;
}

static int push(lt_due_list *l, int64_t id, const char *code, const char *title, const char *kind,
                const lt_date *due, const lt_date *day)
{
	lt_due_item *it;
	void *grown = realloc(l->items, (l->n + 1) * sizeof(*l->items));

	if (!grown)
		return LT_ENOMEM;
	l->items = grown;
	it = &l->items[l->n++];
	memset(it, 0, sizeof(*it));
	it->dossier_id = id;
	it->file_code = strdup(code ? code : "");
	it->title = strdup(title ? title : "");
	it->kind = kind;
	it->due = *due;
	it->overdue = lt_date_cmp(due, day) < 0;
	return it->file_code && it->title ? 0 : LT_ENOMEM;
}

static int cmp_item(const void *a, const void *b)
{
	const lt_due_item *x = a, *y = b;
	int c = lt_date_cmp(&x->due, &y->due);
	return c ? c : (x->dossier_id > y->dossier_id) - (x->dossier_id < y->dossier_id);
}

static int record_alert(lt_catalog *cat, lt_due_item *it, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	char due[11];
	int rc;

	lt_date_format_iso(&it->due, due);
	rc = lt_ret_prepare(
	    cat, &st,
	    "INSERT OR IGNORE INTO main.retention_alerts (dossier_id, kind, due_date)"
	    " VALUES (?, ?, ?)",
	    err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, it->dossier_id);
	sqlite3_bind_text(st, 2, it->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, due, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, LT_TR("ghi cảnh báo", "recording the alert"));
	else
		it->alert_new = sqlite3_changes(lt_catalog_db(cat)) > 0;
	sqlite3_finalize(st);
	return rc;
}

static int read_alert(lt_catalog *cat, lt_due_item *it, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	char due[11];
	int rc;

	lt_date_format_iso(&it->due, due);
	rc = lt_ret_prepare(cat, &st,
	                    "SELECT raised_at FROM retention_alerts"
	                    " WHERE dossier_id = ? AND kind = ? AND due_date = ?",
	                    err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, it->dossier_id);
	sqlite3_bind_text(st, 2, it->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, due, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		it->alerted_at = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return 0;
}

int lt_retention_due(lt_due_list **out, lt_catalog *cat, const lt_date *day, int record,
                     lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_due_list *l;
	lt_date horizon;
	int rc;

	*out = NULL;
	lt_date_from_days(&horizon, lt_date_to_days(day) + LT_RETENTION_ALERT_DAYS);
	l = calloc(1, sizeof(*l));
	if (!l)
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	rc =
	    lt_ret_prepare(cat, &st,
	                   "SELECT id, file_code, title, status, end_date, archived_at, expiry_year"
	                   " FROM dossiers WHERE status IN ('closed','archived') ORDER BY id",
	                   err);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *code = (const char *)sqlite3_column_text(st, 1);
		const char *title = (const char *)sqlite3_column_text(st, 2);
		const char *status = (const char *)sqlite3_column_text(st, 3);
		const char *end_text = (const char *)sqlite3_column_text(st, 4);
		int archived_year = lt_ret_year_of((const char *)sqlite3_column_text(st, 5));
		lt_date end, due;
		int years, has_end;
		lt_error ignore = LT_ERROR_INIT;

		if (lt_retention_dossier_years(cat, id, &years, &ignore) != 0)
			continue; /* no retention: reported by check (rule 19) */
		has_end = end_text && lt_date_parse(&end, end_text, NULL) == 0;
		if (strcmp(status, "closed") == 0 && has_end &&
		    (years == LT_RETENTION_PERMANENT || years >= 5)) {
			due = end;
			add_years(&due, 1);
			if (lt_date_cmp(&due, &horizon) <= 0)
				rc = push(l, id, code, title, "deposit", &due, day);
		}
		if (rc == 0 && strcmp(status, "archived") == 0 && years == LT_RETENTION_PERMANENT &&
		    archived_year > 0) {
			due = (lt_date){archived_year + 5, 12, 31};
			if (lt_date_cmp(&due, &horizon) <= 0)
				rc = push(l, id, code, title, "historical", &due, day);
		}
		if (rc == 0 && years != LT_RETENTION_PERMANENT) {
			int expiry = 0, pending = 0;
			if (sqlite3_column_type(st, 6) != SQLITE_NULL)
				expiry = sqlite3_column_int(st, 6);
			else if (lt_retention_expiry(cat, id, &expiry, &pending, &ignore) != 0)
				expiry = 0; /* waiting for its event, or no date: check says so */
			due = (lt_date){expiry + 1, 1, 1};
			if (expiry > 0 && lt_date_cmp(&due, &horizon) <= 0)
				rc = push(l, id, code, title, "expiry", &due, day);
		}
		if (rc == LT_ENOMEM)
			rc = lt_error_set(err, LT_ENOMEM, "%s",
			                  LT_TR("hết bộ nhớ", "out of memory"));
	}
	sqlite3_finalize(st);
	if (rc == 0 && l->n > 1)
		qsort(l->items, l->n, sizeof(*l->items), cmp_item);
	if (rc == 0 && record && l->n > 0) {
		rc = lt_catalog_begin(cat, err);
		for (size_t i = 0; rc == 0 && i < l->n; i++)
			rc = record_alert(cat, &l->items[i], err);
		if (rc == 0)
			rc = lt_catalog_commit(cat, err);
		if (rc)
			lt_catalog_rollback(cat);
	}
	for (size_t i = 0; rc == 0 && i < l->n; i++)
		rc = read_alert(cat, &l->items[i], err);
	if (rc) {
		lt_due_list_free(l);
		return rc;
	}
	*out = l;
	return 0;
}

void lt_due_list_free(lt_due_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].file_code);
		free(l->items[i].title);
		free(l->items[i].alerted_at);
	}
	free(l->items);
	free(l);
}
