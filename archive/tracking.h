/*
 * archive/tracking.h — following an incoming record to its answer:
 *
 *   1. the Sổ theo dõi giải quyết văn bản đến (NĐ 30 Phụ lục IV;
 *      REGULATIONS.md §9.4, rule 13): one row per incoming record with its
 *      deadline, progress and the number of its reply, overdue rows marked;
 *      printable as text, CSV (UTF-8 with BOM, for spreadsheet programs)
 *      and a standalone HTML page with the Vietnamese column headings;
 *   2. the chain of a record: incoming letter → its tasks → the reply →
 *      onward links (replies to replies, supersedes, recalls), both
 *      directions, depth-limited and cycle-safe;
 *   3. the edit history of a record (record_history, written by
 *      lt_record_update_field).
 *
 * Read-only: nothing here writes the catalog. Every structure returned
 * through **out owns its strings and is freed with its _free (NULL ok).
 */
#ifndef LT_ARCHIVE_TRACKING_H
#define LT_ARCHIVE_TRACKING_H

#include <stddef.h>
#include <stdint.h>

#include "archive/catalog.h"
#include "archive/link.h"
#include "archive/task.h"
#include "core/buf.h"
#include "core/error.h"

/* ---- the register ---------------------------------------------------- */

typedef struct lt_tracking_row {
	int64_t record_id;
	char *arrival_number; /* Số đến; NULL when not registered */
	char *arrival_date;   /* ISO; NULL when unknown */
	char *document; /* Tên loại, số, ký hiệu, ngày, cơ quan ban hành (+ trích yếu) */
	char *units;    /* Đơn vị/người nhận: lead, cooperating units, assignee */
	char *due_date;   /* Thời hạn giải quyết, ISO; NULL when none */
	char *progress;   /* Tiến độ giải quyết, for people */
	int progress_pct; /* -1 when no task */
	char *replies;    /* Số, ký hiệu văn bản trả lời; NULL when none */
	char *note;       /* Ghi chú ("Quá hạn" for overdue rows) */
	int done;         /* answered, or every task done/cancelled */
	int overdue;      /* rule 13 */
} lt_tracking_row;

typedef struct lt_tracking {
	lt_tracking_row *rows;
	size_t n;
	size_t noverdue;
	char today[11]; /* the day "overdue" was judged on */
	int year;       /* 0 = every year */
} lt_tracking;

typedef struct lt_tracking_options {
	int year; /* arrival year (else issue/creation year); 0 = all */
	int overdue_only;
	const char *today; /* ISO date; NULL = lt_date_today() */
} lt_tracking_options;

#define LT_TRACKING_OPTIONS_INIT                                                                   \
	{                                                                                          \
		0, 0, NULL                                                                         \
	}

/* Build the register from the catalog: incoming records ordered by arrival
 * number then id. LT_EINVAL for a bad options->today or year. */
int lt_tracking_build(lt_tracking **out, lt_catalog *cat, const lt_tracking_options *opts,
                      lt_error *err);
void lt_tracking_free(lt_tracking *t);

typedef enum lt_tracking_format {
	LT_TRACKING_TEXT,
	LT_TRACKING_CSV,  /* RFC 4180, UTF-8 with BOM, CRLF */
	LT_TRACKING_HTML, /* a whole page, escaped */
} lt_tracking_format;

/* Append the register in the given format (labels follow lt_lang_get()).
 * 0 or LT_ENOMEM. */
int lt_tracking_render(const lt_tracking *t, lt_tracking_format fmt, lt_buf *out);

/* ---- the chain --------------------------------------------------------- */

typedef enum lt_chain_via {
	LT_CHAIN_ROOT,  /* the first item */
	LT_CHAIN_LINK,  /* a record reached through a link (kind, reverse) */
	LT_CHAIN_TASK,  /* a task of the parent record */
	LT_CHAIN_REPLY, /* the reply record named by the parent task */
} lt_chain_via;

typedef struct lt_chain_item {
	int depth; /* 0 for the root; a child is one deeper than its parent */
	lt_chain_via via;
	lt_link_kind link_kind; /* LT_CHAIN_LINK */
	int reverse;            /* LT_CHAIN_LINK: the parent is the link's TO */
	int64_t record_id;      /* every item but LT_CHAIN_TASK */
	int is_start;           /* the record the chain was asked for */
	int truncated;          /* depth limit reached: more links not shown */
	/* Record summary (NULL when unset): */
	char *uid, *kind, *number, *notation, *issued_date, *title;
	lt_task *task; /* LT_CHAIN_TASK only */
} lt_chain_item;

typedef struct lt_chain {
	lt_chain_item *items; /* pre-order: a parent comes before its children */
	size_t n;
} lt_chain;

#define LT_CHAIN_DEPTH_DEFAULT 6
#define LT_CHAIN_ITEMS_MAX     500

/* The chain around record: the walk first climbs from record to its
 * origin (following reply_to, attachment_of, supersedes and recalls
 * towards their TO), then lists everything reachable from there, each
 * record once (so cycles end), at most max_depth levels (0 = default) and
 * LT_CHAIN_ITEMS_MAX items. */
int lt_chain_load(lt_chain **out, lt_catalog *cat, int64_t record, int max_depth, lt_error *err);
void lt_chain_free(lt_chain *c);

/* ---- edit history ------------------------------------------------------ */

typedef struct lt_history_entry {
	char *field;                 /* tag */
	char *old_value, *new_value; /* NULL = unset */
	char *who, *at;
} lt_history_entry;

typedef struct lt_history {
	lt_history_entry *items; /* oldest first */
	size_t n;
} lt_history;

int lt_history_load(lt_history **out, lt_catalog *cat, int64_t record, lt_error *err);
void lt_history_free(lt_history *h);

#endif
