/* archive/task.c — see task.h (the state diagram is there). */
#include "archive/task.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/audit.h"
#include "archive/link.h"
#include "archive/record.h"
#include "archive/schema.h"
#include "archive/util.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/text.h"

#define UNIT_MAX_CHARS   200  /* like the department field */
#define RESULT_MAX_CHARS 2000 /* like autograph: a handler's proposal */

static const struct {
	const char *name, *vi, *en;
} STATUS[LT_TASK__COUNT] = {
    [LT_TASK_OPEN] = {"open", "mới giao", "open"},
    [LT_TASK_IN_PROGRESS] = {"in_progress", "đang xử lý", "in progress"},
    [LT_TASK_DONE] = {"done", "đã xong", "done"},
    [LT_TASK_CANCELLED] = {"cancelled", "đã hủy", "cancelled"},
};

static int oom(lt_error *err)
{
	return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
}

const char *lt_task_status_name(lt_task_status s)
{
	return (unsigned)s < LT_TASK__COUNT ? STATUS[s].name : NULL;
}

const char *lt_task_status_label(lt_task_status s)
{
	return (unsigned)s < LT_TASK__COUNT ? LT_TR(STATUS[s].vi, STATUS[s].en) : "?";
}

int lt_task_status_parse(lt_task_status *out, const char *s, lt_error *err)
{
	lt_buf in = LT_BUF_INIT, lab = LT_BUF_INIT;
	char shown[LT_SHORT_MAX];
	int found = -1;

	if (s && lt_text_fold(&in, s, LT_TEXT_STRLEN, NULL) == 0) {
		for (size_t i = 0; i < in.len; i++)
			if (in.data[i] == '-' || in.data[i] == ' ')
				in.data[i] = '_';
		for (int k = 0; k < LT_TASK__COUNT && found < 0; k++) {
			if (strcmp(in.data ? in.data : "", STATUS[k].name) == 0)
				found = k;
			lt_buf_reset(&lab);
			if (found < 0 &&
			    lt_text_fold(&lab, STATUS[k].vi, LT_TEXT_STRLEN, NULL) == 0) {
				for (size_t i = 0; i < lab.len; i++)
					if (lab.data[i] == ' ')
						lab.data[i] = '_';
				if (strcmp(in.data ? in.data : "", lab.data ? lab.data : "") == 0)
					found = k;
			}
		}
	}
	lt_buf_free(&in);
	lt_buf_free(&lab);
	if (found >= 0) {
		*out = (lt_task_status)found;
		return 0;
	}
	lt_ar_shorten(s ? s : "", shown);
	return lt_error_set(err, LT_EINVAL,
	                    LT_TR("trạng thái không hợp lệ: \"%s\" (chọn open, in_progress, done"
	                          " hoặc cancelled)",
	                          "invalid status: \"%s\" (use open, in_progress, done or"
	                          " cancelled)"),
	                    shown);
}

/* NFC, trimmed, length-checked text into out (empty when blank). */
static int clean_text(lt_buf *out, const char *what, const char *s, size_t max_chars, lt_error *err)
{
	const char *end;
	char shown[LT_SHORT_MAX];

	lt_buf_reset(out);
	if (!s)
		return 0;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
		end--;
	if (lt_text_nfc(out, s, (size_t)(end - s), err) != 0)
		return lt_error_prefix(err, "%s", what);
	if (lt_text_length(out->data ? out->data : "", out->len) > max_chars) {
		lt_ar_shorten(out->data, shown);
		lt_buf_reset(out);
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("%s quá dài: \"%s\" (tối đa %zu ký tự)",
		                          "%s is too long: \"%s\" (at most %zu characters)"),
		                    what, shown, max_chars);
	}
	return 0;
}

static int parse_due(char iso[11], const char *s, lt_error *err)
{
	lt_date d;

	if (lt_date_parse(&d, s, err) != 0)
		return lt_error_prefix(err, "%s", LT_TR("hạn giải quyết", "due date"));
	lt_date_format_iso(&d, iso);
	return 0;
}

int lt_task_add(int64_t *out_id, lt_catalog *cat, int64_t record, const lt_task_new *t,
                const char *who, lt_error *err)
{
	lt_buf lead = LT_BUF_INIT, assignee = LT_BUF_INIT, unit = LT_BUF_INIT;
	json_t *coop = json_array();
	char kind[16], due[11] = "", *coop_json = NULL;
	sqlite3_stmt *st = NULL;
	int rc = 0, s, began = 0;

	if (out_id)
		*out_id = 0;
	if (!coop)
		return oom(err);
	/* Everything is checked before the transaction: bad input writes nothing. */
	if ((rc = clean_text(&lead, LT_TR("đơn vị chủ trì", "lead unit"), t->lead_unit,
	                     UNIT_MAX_CHARS, err)) != 0 ||
	    (rc = clean_text(&assignee, LT_TR("người xử lý", "assignee"), t->assignee,
	                     UNIT_MAX_CHARS, err)) != 0)
		goto out;
	for (size_t i = 0; i < t->ncoop; i++) {
		if ((rc = clean_text(&unit, LT_TR("đơn vị phối hợp", "cooperating unit"),
		                     t->coop_units[i], UNIT_MAX_CHARS, err)) != 0)
			goto out;
		if (unit.len == 0)
			continue;
		if (lead.len && strcmp(unit.data, lead.data) == 0) {
			rc = lt_error_set(
			    err, LT_EINVAL,
			    LT_TR("\"%s\" vừa là đơn vị chủ trì vừa là đơn vị phối hợp:"
			          " mỗi đơn vị chỉ có một vai trò",
			          "\"%s\" is both the lead unit and a cooperating unit:"
			          " each unit has one role"),
			    unit.data);
			goto out;
		}
		for (size_t j = 0; j < json_array_size(coop); j++) {
			if (strcmp(json_string_value(json_array_get(coop, j)), unit.data) == 0) {
				rc = lt_error_set(err, LT_EINVAL,
				                  LT_TR("đơn vị phối hợp \"%s\" được nêu hai lần",
				                        "cooperating unit \"%s\" is named twice"),
				                  unit.data);
				goto out;
			}
		}
		if (json_array_append_new(coop, json_string(unit.data))) {
			rc = oom(err);
			goto out;
		}
	}
	if (t->due_date && *t->due_date && (rc = parse_due(due, t->due_date, err)) != 0)
		goto out;
	if (json_array_size(coop) > 0 && (!lead.len || !due[0])) {
		/* Rule 12 (NĐ 30 Đ23.2). */
		rc = lt_error_set(
		    err, LT_EINVAL, "%s",
		    !lead.len ? LT_TR("có đơn vị phối hợp thì phải có đúng một đơn vị chủ trì"
		                      " (--lead) (NĐ 30 Đ23.2)",
		                      "cooperating units need exactly one lead unit (--lead)"
		                      " (NĐ 30 Art. 23.2)")
		              : LT_TR("giao cho nhiều đơn vị thì phải có thời hạn giải quyết"
		                      " (--due) (NĐ 30 Đ23.2)",
		                      "routing to several units needs a due date (--due)"
		                      " (NĐ 30 Art. 23.2)"));
		goto out;
	}
	if (!lead.len && !assignee.len) {
		rc = lt_error_set(
		    err, LT_EINVAL, "%s",
		    LT_TR("giao việc cần đơn vị chủ trì (--lead) hoặc người xử lý"
		          " (--assignee)",
		          "a task needs a lead unit (--lead) or an assignee (--assignee)"));
		goto out;
	}
	if (json_array_size(coop) > 0 && !(coop_json = json_dumps(coop, JSON_COMPACT))) {
		rc = oom(err);
		goto out;
	}
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		goto out;
	began = 1;
	if ((rc = lt_record_kind(cat, record, kind, err)) != 0)
		goto out;
	if (strcmp(kind, "incoming") != 0) {
		rc = lt_error_set(err, LT_EINVAL,
		                  LT_TR("không giao việc được cho văn bản số %lld: chỉ văn bản đến"
		                        " mới được giao giải quyết (văn bản này là %s)",
		                        "cannot assign record %lld: only incoming records are"
		                        " assigned for handling (this one is %s)"),
		                  (long long)record, kind);
		goto out;
	}
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "INSERT INTO main.tasks(record_id, lead_unit, cooperating_units,"
	                       " assignee, due_date, created_by) VALUES (?, ?, ?, ?, ?, ?)",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "tasks");
		goto out;
	}
	sqlite3_bind_int64(st, 1, record);
	if (lead.len)
		sqlite3_bind_text(st, 2, lead.data, -1, SQLITE_STATIC);
	if (coop_json)
		sqlite3_bind_text(st, 3, coop_json, -1, SQLITE_STATIC);
	if (assignee.len)
		sqlite3_bind_text(st, 4, assignee.data, -1, SQLITE_STATIC);
	if (due[0])
		sqlite3_bind_text(st, 5, due, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, who && *who ? who : "cli", -1, SQLITE_TRANSIENT);
	s = sqlite3_step(st);
	sqlite3_finalize(st);
	if (s != SQLITE_DONE) {
		rc = lt_catalog_error(cat, err, "tasks");
		goto out;
	}
	{
		int64_t tid = sqlite3_last_insert_rowid(lt_catalog_db(cat));
		char object[48], detail[64];
		snprintf(object, sizeof(object), "record %lld", (long long)record);
		snprintf(detail, sizeof(detail), "task %lld due %s", (long long)tid,
		         due[0] ? due : "-");
		if ((rc = lt_audit_append(cat, who && *who ? who : "cli", "task.add", object,
		                          detail, NULL, err)) != 0)
			goto out;
		if (out_id)
			*out_id = tid;
	}
	rc = lt_catalog_commit(cat, err);
	began = 0;
out:
	if (rc && began)
		lt_catalog_rollback(cat);
	if (rc && out_id)
		*out_id = 0;
	free(coop_json);
	json_decref(coop);
	lt_buf_free(&lead);
	lt_buf_free(&assignee);
	lt_buf_free(&unit);
	return rc;
}

static char *dup_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? strdup((const char *)t) : NULL;
}

static void task_clear(lt_task *t)
{
	free(t->lead_unit);
	for (size_t i = 0; i < t->ncoop; i++)
		free(t->coop_units[i]);
	free(t->coop_units);
	free(t->assignee);
	free(t->due_date);
	free(t->result);
	free(t->created_by);
	free(t->created_at);
	free(t->updated_at);
	free(t->completed_at);
}

void lt_task_free(lt_task *t)
{
	if (!t)
		return;
	task_clear(t);
	free(t);
}

#define TASK_COLUMNS                                                                               \
	"id, record_id, lead_unit, cooperating_units, assignee, due_date, progress, status,"       \
	" result, reply_record_id, created_by, created_at, updated_at, completed_at"

/* Fill t from a row of TASK_COLUMNS; today (ISO) decides overdue. */
static int task_from_row(lt_task *t, sqlite3_stmt *st, const char *today)
{
	const char *coop = (const char *)sqlite3_column_text(st, 3);

	memset(t, 0, sizeof(*t));
	t->id = sqlite3_column_int64(st, 0);
	t->record_id = sqlite3_column_int64(st, 1);
	t->lead_unit = dup_text(st, 2);
	t->assignee = dup_text(st, 4);
	t->due_date = dup_text(st, 5);
	t->progress = sqlite3_column_int(st, 6);
	t->status = LT_TASK_OPEN;
	lt_task_status_parse(&t->status, (const char *)sqlite3_column_text(st, 7), NULL);
	t->result = dup_text(st, 8);
	t->reply_record_id = sqlite3_column_int64(st, 9);
	t->created_by = dup_text(st, 10);
	t->created_at = dup_text(st, 11);
	t->updated_at = dup_text(st, 12);
	t->completed_at = dup_text(st, 13);
	if (coop) {
		json_t *a = json_loads(coop, 0, NULL);
		size_t n = json_is_array(a) ? json_array_size(a) : 0;
		if (n) {
			t->coop_units = calloc(n, sizeof(*t->coop_units));
			if (!t->coop_units) {
				json_decref(a);
				return LT_ENOMEM;
			}
			for (size_t i = 0; i < n; i++) {
				const char *u = json_string_value(json_array_get(a, i));
				if (u && (t->coop_units[t->ncoop] = strdup(u)) != NULL)
					t->ncoop++;
			}
		}
		json_decref(a);
	}
	t->overdue = (t->status == LT_TASK_OPEN || t->status == LT_TASK_IN_PROGRESS) &&
	             t->reply_record_id == 0 && t->due_date && strcmp(t->due_date, today) < 0;
	if (!t->created_at || !t->updated_at)
		return LT_ENOMEM;
	return 0;
}

static void today_iso(char out[11], const char *given)
{
	lt_date d;

	if (given && *given) {
		snprintf(out, 11, "%s", given);
		return;
	}
	lt_date_today(&d);
	lt_date_format_iso(&d, out);
}

int lt_task_load(lt_task **out, lt_catalog *cat, int64_t task, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_task *t = NULL;
	char today[11];
	int rc = 0, s;

	*out = NULL;
	today_iso(today, NULL);
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT " TASK_COLUMNS " FROM tasks WHERE id = ?", -1, &st,
	                       NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "tasks");
	sqlite3_bind_int64(st, 1, task);
	s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		t = calloc(1, sizeof(*t));
		if (!t || task_from_row(t, st, today) != 0)
			rc = oom(err);
	} else if (s == SQLITE_DONE) {
		rc = lt_error_set(err, LT_ENOTFOUND,
		                  LT_TR("không tìm thấy việc số %lld", "task %lld not found"),
		                  (long long)task);
	} else {
		rc = lt_catalog_error(cat, err, "tasks");
	}
	sqlite3_finalize(st);
	if (rc) {
		lt_task_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

void lt_task_list_free(lt_task_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++)
		task_clear(&list->items[i]);
	free(list->items);
	free(list);
}

int lt_task_list_load(lt_task_list **out, lt_catalog *cat, const lt_task_filter *filter,
                      lt_error *err)
{
	lt_task_filter none = LT_TASK_FILTER_INIT;
	lt_task_list *list;
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	char today[11], kind[16];
	int rc = 0, s;

	*out = NULL;
	if (!filter)
		filter = &none;
	if (filter->today && *filter->today) {
		lt_date d;
		if (lt_date_parse_iso(&d, filter->today, err) != 0)
			return LT_EINVAL;
	}
	today_iso(today, filter->today);
	if (filter->record && (rc = lt_record_kind(cat, filter->record, kind, err)) != 0)
		return rc;
	list = calloc(1, sizeof(*list));
	if (!list)
		return oom(err);
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT " TASK_COLUMNS " FROM tasks WHERE (?1 = 0 OR record_id = ?1)"
	                       " AND (?2 = 0 OR (status IN ('open','in_progress') AND"
	                       " reply_record_id IS NULL AND due_date < ?3))"
	                       " ORDER BY due_date IS NULL, due_date, id",
	                       -1, &st, NULL) != SQLITE_OK) {
		lt_task_list_free(list);
		return lt_catalog_error(cat, err, "tasks");
	}
	sqlite3_bind_int64(st, 1, filter->record);
	sqlite3_bind_int(st, 2, filter->overdue_only ? 1 : 0);
	sqlite3_bind_text(st, 3, today, -1, SQLITE_STATIC);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		if (list->n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			lt_task *ni = realloc(list->items, ncap * sizeof(*ni));
			if (!ni) {
				rc = oom(err);
				break;
			}
			list->items = ni;
			cap = ncap;
		}
		if (task_from_row(&list->items[list->n++], st, today) != 0) {
			rc = oom(err);
			break;
		}
	}
	if (rc == 0 && s != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "tasks");
	sqlite3_finalize(st);
	if (rc) {
		lt_task_list_free(list);
		return rc;
	}
	*out = list;
	return 0;
}

/* May a task go from a to b? (the diagram in task.h) */
static int transition_ok(lt_task_status a, lt_task_status b)
{
	if (a == b)
		return a == LT_TASK_OPEN || a == LT_TASK_IN_PROGRESS;
	switch (a) {
	case LT_TASK_OPEN: return 1; /* in_progress, done, cancelled */
	case LT_TASK_IN_PROGRESS: return b == LT_TASK_DONE || b == LT_TASK_CANCELLED;
	default: return 0; /* done, cancelled are final */
	}
}

int lt_task_update(lt_catalog *cat, int64_t task, const lt_task_change *c, const char *who,
                   lt_error *err)
{
	lt_buf result = LT_BUF_INIT, assignee = LT_BUF_INIT;
	lt_task *t = NULL;
	sqlite3_stmt *st = NULL;
	char due[11] = "", kind[16];
	lt_task_status ns;
	int progress, rc = 0, s, began = 0;

	if (c->progress != -1 && (c->progress < 0 || c->progress > 100))
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("tiến độ phải từ 0 đến 100 (%%), không phải %d",
		                          "progress must be 0 to 100 (%%), not %d"),
		                    c->progress);
	if (c->status != -1 && (c->status < 0 || c->status >= LT_TASK__COUNT))
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("trạng thái không hợp lệ", "invalid status"));
	if (c->due_date && *c->due_date && (rc = parse_due(due, c->due_date, err)) != 0)
		return rc;
	if ((rc = clean_text(&result, LT_TR("kết quả giải quyết", "result"), c->result,
	                     RESULT_MAX_CHARS, err)) != 0 ||
	    (rc = clean_text(&assignee, LT_TR("người xử lý", "assignee"), c->assignee,
	                     UNIT_MAX_CHARS, err)) != 0)
		goto out;
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		goto out;
	began = 1;
	if ((rc = lt_task_load(&t, cat, task, err)) != 0)
		goto out;
	if (t->status == LT_TASK_DONE || t->status == LT_TASK_CANCELLED) {
		rc = lt_error_set(err, LT_ESTATE,
		                  LT_TR("không cập nhật được việc số %lld: việc đã %s",
		                        "cannot update task %lld: it is %s already"),
		                  (long long)task, lt_task_status_label(t->status));
		goto out;
	}
	progress = c->progress == -1 ? t->progress : c->progress;
	if (c->status != -1)
		ns = (lt_task_status)c->status;
	else if (progress > 0 && t->status == LT_TASK_OPEN)
		ns = LT_TASK_IN_PROGRESS; /* work has started */
	else
		ns = t->status;
	if (!transition_ok(t->status, ns)) {
		rc = lt_error_set(err, LT_ESTATE,
		                  LT_TR("việc số %lld không chuyển được từ \"%s\" sang \"%s\"",
		                        "task %lld cannot go from \"%s\" to \"%s\""),
		                  (long long)task, lt_task_status_label(t->status),
		                  lt_task_status_label(ns));
		goto out;
	}
	if (ns == LT_TASK_DONE) {
		if (c->progress != -1 && c->progress != 100) {
			rc =
			    lt_error_set(err, LT_EINVAL,
			                 LT_TR("việc đã xong thì tiến độ là 100%%, không phải %d%%",
			                       "a done task has progress 100%%, not %d%%"),
			                 c->progress);
			goto out;
		}
		progress = 100;
	}
	if (c->reply_record) {
		if ((rc = lt_record_kind(cat, c->reply_record, kind, err)) != 0)
			goto out;
		if (c->reply_record == t->record_id || strcmp(kind, "outgoing") != 0) {
			rc = lt_error_set(
			    err, LT_EINVAL,
			    LT_TR("văn bản số %lld không là văn bản trả lời được: văn bản"
			          " trả lời phải là một văn bản đi khác (văn bản này là %s)",
			          "record %lld cannot be the reply: a reply is another,"
			          " outgoing record (this one is %s)"),
			    (long long)c->reply_record,
			    c->reply_record == t->record_id ? "incoming" : kind);
			goto out;
		}
		/* The reply link, unless the archivist linked them already. */
		{
			int64_t lid;
			lt_error e2 = LT_ERROR_INIT;
			rc = lt_link_insert(&lid, cat, c->reply_record, t->record_id,
			                    LT_LINK_REPLY_TO, NULL, who, &e2);
			if (rc == LT_EEXISTS) {
				rc = 0;
			} else if (rc) {
				if (err)
					*err = e2;
				goto out;
			}
		}
	}
	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "UPDATE main.tasks SET progress = ?1, status = ?2,"
	        " result = CASE WHEN ?3 IS NULL THEN result WHEN ?3 = '' THEN NULL ELSE ?3 END,"
	        " reply_record_id = coalesce(?4, reply_record_id),"
	        " due_date = coalesce(?5, due_date),"
	        " assignee = CASE WHEN ?6 IS NULL THEN assignee WHEN ?6 = '' THEN NULL ELSE ?6 END,"
	        " updated_at = " LT_NOW_SQL ","
	        " completed_at = CASE WHEN ?2 IN ('done','cancelled') THEN " LT_NOW_SQL
	        " ELSE NULL END WHERE id = ?7",
	        -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "tasks");
		goto out;
	}
	sqlite3_bind_int(st, 1, progress);
	sqlite3_bind_text(st, 2, STATUS[ns].name, -1, SQLITE_STATIC);
	if (c->result)
		sqlite3_bind_text(st, 3, result.data ? result.data : "", -1, SQLITE_STATIC);
	if (c->reply_record)
		sqlite3_bind_int64(st, 4, c->reply_record);
	if (due[0])
		sqlite3_bind_text(st, 5, due, -1, SQLITE_STATIC);
	if (c->assignee)
		sqlite3_bind_text(st, 6, assignee.data ? assignee.data : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, task);
	s = sqlite3_step(st);
	sqlite3_finalize(st);
	if (s != SQLITE_DONE) {
		rc = lt_catalog_error(cat, err, "tasks");
		goto out;
	}
	{
		char object[48], detail[96];
		snprintf(object, sizeof(object), "task %lld", (long long)task);
		snprintf(detail, sizeof(detail), "status %s progress %d reply %lld",
		         STATUS[ns].name, progress,
		         (long long)(c->reply_record ? c->reply_record : t->reply_record_id));
		if ((rc = lt_audit_append(cat, who && *who ? who : "cli", "task.update", object,
		                          detail, NULL, err)) != 0)
			goto out;
	}
	rc = lt_catalog_commit(cat, err);
	began = 0;
out:
	if (rc && began)
		lt_catalog_rollback(cat);
	lt_task_free(t);
	lt_buf_free(&result);
	lt_buf_free(&assignee);
	return rc;
}
