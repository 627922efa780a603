/*
 * archive/task.h — giao việc: the handling of an incoming record
 * (Phiếu giải quyết văn bản đến, NĐ 30 Đ23–24 and Phụ lục IV;
 * REGULATIONS.md §9.5 Task, rules 12 and 13).
 *
 * A task belongs to one incoming record and names the lead unit (đơn vị
 * chủ trì, exactly one), the cooperating units (đơn vị phối hợp), the
 * assignee, the deadline, the progress in per cent, the result and the
 * reply record (the outgoing answer).
 *
 * Life of a task (status column of tasks):
 *
 *                 lt_task_update(status=in_progress, or progress > 0)
 *     +------+  ----------------------------------->  +-------------+
 *     | open |                                         | in_progress |
 *     +------+                                         +-------------+
 *       |  |                 status=done                  |      |
 *       |  +-------------------------+   +----------------+      |
 *       |                            v   v                       |
 *       |  status=cancelled       +--------+                     |
 *       |                         |  done  |   (progress = 100,  |
 *       v                         +--------+    completed_at set)|
 *   +-----------+                                                |
 *   | cancelled | <----------------------------------------------+
 *   +-----------+        status=cancelled (completed_at set)
 *
 * done and cancelled are final: a task in them changes no more.
 *
 * Invariants (checked before anything is written; one transaction per
 * call):
 *   1. The record exists and is incoming (kind = 'incoming').
 *   2. Rule 12: cooperating units need exactly one lead unit and a due
 *      date; the lead unit is not also a cooperating unit; no unit twice.
 *   3. progress is 0..100; due dates are real dates (core/date.h forms),
 *      stored ISO 8601.
 *   4. A reply record is an existing outgoing record other than the task's
 *      record; setting it also adds the link reply --reply_to--> record
 *      (archive/link.h) in the same transaction, unless it exists.
 *   5. Every change appends an audit_log entry in the same transaction
 *      ("task.add" on "record R", "task.update" on "task T").
 *   6. Overdue (rule 13): status open or in_progress, no reply record,
 *      due_date < today.
 */
#ifndef LT_ARCHIVE_TASK_H
#define LT_ARCHIVE_TASK_H

#include <stddef.h>
#include <stdint.h>

#include "archive/catalog.h"
#include "core/error.h"

typedef enum lt_task_status {
	LT_TASK_OPEN,
	LT_TASK_IN_PROGRESS,
	LT_TASK_DONE,
	LT_TASK_CANCELLED,
	LT_TASK__COUNT
} lt_task_status;

/* "open", "in_progress", "done", "cancelled"; NULL when out of range. */
const char *lt_task_status_name(lt_task_status s);
/* Label for people in the current language ("đang xử lý"). */
const char *lt_task_status_label(lt_task_status s);
/* Accepts the names, "in-progress", and the Vietnamese labels with or
 * without diacritics. LT_EINVAL otherwise. */
int lt_task_status_parse(lt_task_status *out, const char *s, lt_error *err);

typedef struct lt_task {
	int64_t id;
	int64_t record_id;
	char *lead_unit; /* NULL when unset */
	char **coop_units;
	size_t ncoop;
	char *assignee; /* NULL when unset */
	char *due_date; /* ISO 8601 date, NULL when unset */
	int progress;   /* 0..100 */
	lt_task_status status;
	char *result;            /* NULL when unset */
	int64_t reply_record_id; /* 0 when none */
	char *created_by;
	char *created_at;
	char *updated_at;
	char *completed_at; /* NULL unless done or cancelled */
	int overdue;        /* rule 13, as of the day the task was loaded */
} lt_task;

typedef struct lt_task_new {
	const char *lead_unit;
	const char *const *coop_units;
	size_t ncoop;
	const char *assignee;
	const char *due_date; /* any core/date.h form */
} lt_task_new;

#define LT_TASK_NEW_INIT                                                                           \
	{                                                                                          \
		NULL, NULL, 0, NULL, NULL                                                          \
	}

/* Assign record (invariants 1–3). who NULL = "cli". *out_id (may be NULL)
 * gets the task id. Errors: LT_ENOTFOUND, LT_EINVAL, LT_EDB/LT_EBUSY. */
int lt_task_add(int64_t *out_id, lt_catalog *cat, int64_t record, const lt_task_new *t,
                const char *who, lt_error *err);

/* What to change; a member left at its _INIT value keeps the stored one. */
typedef struct lt_task_change {
	int progress;         /* -1 = keep */
	int status;           /* -1 = keep, else an lt_task_status */
	const char *result;   /* NULL = keep */
	int64_t reply_record; /* 0 = keep */
	const char *due_date; /* NULL = keep */
	const char *assignee; /* NULL = keep */
} lt_task_change;

#define LT_TASK_CHANGE_INIT                                                                        \
	{                                                                                          \
		-1, -1, NULL, 0, NULL, NULL                                                        \
	}

/* Apply a change in one transaction (state diagram above, invariants
 * 3–4). Errors: LT_ENOTFOUND (task, reply record), LT_EINVAL (bad value),
 * LT_ESTATE (a final task, a transition the diagram does not have). */
int lt_task_update(lt_catalog *cat, int64_t task, const lt_task_change *c, const char *who,
                   lt_error *err);

int lt_task_load(lt_task **out, lt_catalog *cat, int64_t task, lt_error *err);
void lt_task_free(lt_task *t);

typedef struct lt_task_list {
	lt_task *items;
	size_t n;
} lt_task_list;

typedef struct lt_task_filter {
	int64_t record;    /* 0 = every record */
	int overdue_only;  /* rule 13 */
	const char *today; /* ISO date for "overdue"; NULL = lt_date_today() */
} lt_task_filter;

#define LT_TASK_FILTER_INIT                                                                        \
	{                                                                                          \
		0, 0, NULL                                                                         \
	}

/* Tasks matching filter (NULL = all), by due date then id. LT_ENOTFOUND
 * when filter->record names no record. Free with lt_task_list_free. */
int lt_task_list_load(lt_task_list **out, lt_catalog *cat, const lt_task_filter *filter,
                      lt_error *err);
void lt_task_list_free(lt_task_list *list);

#endif
