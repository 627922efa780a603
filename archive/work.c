/*
 * archive/work.c — the registry of long work (see work.h).
 *
 * Invariants:
 *   1. A row is `running` only while the process its lease names lives;
 *      readers show a row whose process is gone as `interrupted` at once,
 *      and lt_work_recover (serve's start) writes that down.
 *   2. An exclusive kind has at most one running row: the check and the
 *      insert are one IMMEDIATE transaction, so two starters cannot both
 *      pass the check.
 *   3. The in-memory progress of a piece of work exists from its create
 *      to its finish in this process; its counts are never written from
 *      a progress sink (which may run inside the work's own transaction),
 *      only by lt_work_phase and lt_work_finish.
 */
#include "archive/work.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "archive/access.h"
#include "archive/schema.h"
#include "core/log.h"
#include "core/proc.h"
#include "core/progress.h"

/* ---- progress in memory ---------------------------------------------------- */

#define LIVE_MAX 64

typedef struct live {
	int64_t id; /* 0: free slot */
	char phase[24];
	uint64_t done, total;
} live;

static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static live lives[LIVE_MAX];

static live *live_find(int64_t id)
{
	for (size_t i = 0; i < LIVE_MAX; i++)
		if (lives[i].id == id)
			return &lives[i];
	return NULL;
}

static void live_add(int64_t id)
{
	pthread_mutex_lock(&live_lock);
	live *l = live_find(0); /* no slot left: the row's counts are shown */
	if (l) {
		memset(l, 0, sizeof(*l));
		l->id = id;
	}
	pthread_mutex_unlock(&live_lock);
}

static void live_remove(int64_t id)
{
	pthread_mutex_lock(&live_lock);
	live *l = live_find(id);
	if (l)
		l->id = 0;
	pthread_mutex_unlock(&live_lock);
}

void lt_work_progress(int64_t id, const char *phase, uint64_t done, uint64_t total)
{
	if (id <= 0)
		return;
	pthread_mutex_lock(&live_lock);
	live *l = live_find(id);
	if (l) {
		if (phase && strcmp(l->phase, phase) != 0) {
			snprintf(l->phase, sizeof(l->phase), "%s", phase);
			if (!total)
				l->total = 0; /* a new phase: the old total is not its */
		}
		l->done = done;
		if (total)
			l->total = total;
	}
	pthread_mutex_unlock(&live_lock);
}

static void track_sink(void *ctx, const char *phase, uint64_t done, uint64_t total)
{
	lt_work_progress((int64_t)(intptr_t)ctx, phase, done, total);
}

/* The row the calling thread's work reports to (lt_work_track). */
static _Thread_local int64_t tracked;

void lt_work_track(int64_t id)
{
	tracked = id > 0 ? id : 0;
	if (id > 0)
		lt_progress_set(track_sink, (void *)(intptr_t)id);
	else
		lt_progress_set(NULL, NULL);
}

/* The live counts of a row of this process over what the row says. */
static void live_overlay(lt_work_item *it, int64_t id)
{
	pthread_mutex_lock(&live_lock);
	live *l = live_find(id);
	if (l && l->phase[0]) {
		char *p = strdup(l->phase);
		if (p) {
			free(it->phase);
			it->phase = p;
			it->done = l->done;
			it->total = l->total;
		}
	}
	pthread_mutex_unlock(&live_lock);
}

/* ---- names ------------------------------------------------------------------ */

static const char *const KINDS[] = {"import", "ocr", "reindex", "verify", "backup", NULL};
static const char *const STATES[] = {"queued", "running", "done", "failed", "interrupted", NULL};

static int in_list(const char *const *list, const char *s)
{
	for (size_t i = 0; s && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

int lt_work_kind_valid(const char *kind)
{
	return in_list(KINDS, kind);
}

int lt_work_state_valid(const char *state)
{
	return in_list(STATES, state);
}

static const char *kind_label(const char *kind)
{
	if (strcmp(kind, "import") == 0)
		return LT_TR("nhập lô", "batch import");
	if (strcmp(kind, "reindex") == 0)
		return LT_TR("dựng lại chỉ mục", "reindex");
	if (strcmp(kind, "verify") == 0)
		return LT_TR("kiểm tra toàn vẹn", "verify");
	if (strcmp(kind, "backup") == 0)
		return LT_TR("sao lưu", "backup");
	return kind;
}

/* ---- rows ------------------------------------------------------------------- */

static int oom(lt_error *err)
{
	return lt_error_set(err, LT_ENOMEM, "out of memory");
}

static int prepare(lt_catalog *cat, sqlite3_stmt **st, const char *sql, lt_error *err)
{
	if (sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "work");
	return 0;
}

static int lease_dead(const char *lease)
{
	return !lease || lt_proc_alive(lease) != 1;
}

/* Running rows of kind (NULL: all) whose process is gone → interrupted;
 * inside the caller's transaction. *busy_id receives a live running
 * row's id of that kind (may be NULL). */
static int sweep(lt_catalog *cat, const char *kind, int64_t *busy_id, size_t *n, lt_error *err)
{
	sqlite3_stmt *st = NULL, *up = NULL;
	int rc = prepare(cat, &st,
	                 "SELECT id, lease FROM main.work WHERE state IN ('queued','running')"
	                 " AND (?1 IS NULL OR kind = ?1)",
	                 err);
	if (rc == 0)
		rc = prepare(cat, &up,
		             "UPDATE main.work SET state = 'interrupted', lease = NULL,"
		             " finished_at = " LT_NOW_SQL " WHERE id = ?",
		             err);
	if (rc) {
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *lease = (const char *)sqlite3_column_text(st, 1);
		if (!lease_dead(lease)) {
			if (busy_id)
				*busy_id = id;
			continue;
		}
		sqlite3_bind_int64(up, 1, id);
		if (sqlite3_step(up) != SQLITE_DONE)
			rc = lt_catalog_error(cat, err, "work");
		sqlite3_reset(up);
		if (rc == 0 && n)
			(*n)++;
	}
	sqlite3_finalize(up);
	sqlite3_finalize(st);
	return rc;
}

int lt_work_create(int64_t *id, lt_catalog *cat, const char *kind, const char *source,
                   int exclusive, lt_error *err)
{
	const lt_principal *p = lt_catalog_principal(cat);
	char lease[LT_PROC_ID_MAX];
	sqlite3_stmt *st = NULL;
	int64_t busy = 0;
	int rc;

	*id = 0;
	if (!lt_work_kind_valid(kind) || strcmp(kind, "ocr") == 0)
		return lt_error_set(
		    err, LT_EINVAL,
		    LT_TR("loại công việc không hợp lệ: %s", "invalid kind of work: %s"),
		    kind ? kind : "");
	lt_proc_self(lease);
	/* in a gap between a busy writer's transactions (an import's
	 * batches), not after SQLite's backing-off sleeps */
	if ((rc = lt_catalog_begin_patient(cat, 2, err)) != 0)
		return rc;
	rc = sweep(cat, exclusive ? kind : NULL, exclusive ? &busy : NULL, NULL, err);
	if (rc == 0 && busy)
		rc = lt_error_set(err, LT_EBUSY,
		                  LT_TR("đang có một lượt %s chạy (công việc #%" PRId64
		                        "); chờ xong rồi thử lại",
		                        "a %s is already running (work #%" PRId64
		                        "); wait for it to end and try again"),
		                  kind_label(kind), busy);
	if (rc == 0)
		rc = prepare(cat, &st,
		             "INSERT INTO main.work (kind, started_by, clearance, source, lease)"
		             " VALUES (?, ?, ?, ?, ?)",
		             err);
	if (rc == 0) {
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, p && p->login[0] ? p->login : "system", -1,
		                  SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 3, p && p->clearance > 0 ? p->clearance : 0);
		sqlite3_bind_text(st, 4, source ? source : "", -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, lease, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = lt_catalog_error(cat, err, "work");
		else
			*id = sqlite3_last_insert_rowid(lt_catalog_db(cat));
		sqlite3_finalize(st);
	}
	if (rc == 0)
		rc = lt_catalog_commit(cat, err);
	if (rc) {
		lt_catalog_rollback(cat);
		*id = 0;
		return rc;
	}
	live_add(*id);
	return 0;
}

/* 1 when a live process runs work of kind (a read: no lock taken). */
static int running_here(lt_catalog *cat, const char *kind)
{
	sqlite3_stmt *st = NULL;
	int found = 0;

	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT lease FROM main.work WHERE state IN ('queued','running')"
	                       " AND kind = ?1",
	                       -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	while (!found && sqlite3_step(st) == SQLITE_ROW)
		found = !lease_dead((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return found;
}

int lt_work_enter(lt_work_scope *s, lt_catalog *cat, const char *kind, const char *source,
                  lt_error *err)
{
	int rc;

	s->id = tracked;
	s->owned = 0;
	if (tracked > 0)
		return 0;
	/* A catalog that cannot be written (a read-only or full disk) keeps
	 * no registry: the checks that still run there are not refused. */
	if (sqlite3_db_readonly(lt_catalog_db(cat), "main") == 1)
		return 0;
	rc = lt_work_create(&s->id, cat, kind, source, strcmp(kind, "import") != 0, err);
	/* Busy: another piece of this kind runs (the refusal), or the
	 * catalog's write lock is held by someone else all along — which
	 * the work itself was made not to need (a backup beside a long
	 * transaction): it goes on, unregistered. */
	if (rc == LT_ENOSPC || (rc == LT_EBUSY && !running_here(cat, kind))) {
		lt_log_warn("work: %s not in the registry: %s", kind, err->message);
		lt_error_clear(err);
		s->id = 0;
		return 0;
	}
	if (rc)
		return rc;
	s->owned = 1;
	lt_work_track(s->id);
	return 0;
}

void lt_work_leave(lt_work_scope *s, lt_catalog *cat, const char *result, const lt_error *failure)
{
	lt_error e = LT_ERROR_INIT;

	if (!s->owned)
		return;
	lt_work_track(0);
	if (lt_work_finish(cat, s->id, result, failure, &e) != 0)
		lt_log_warn("work %lld: its end could not be recorded: %s", (long long)s->id,
		            e.message);
	s->owned = 0;
}

int lt_work_phase(lt_catalog *cat, int64_t id, const char *phase, uint64_t done, uint64_t total,
                  lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	lt_work_progress(id, phase, done, total);
	rc = prepare(cat, &st, "UPDATE main.work SET phase = ?, done = ?, total = ? WHERE id = ?",
	             err);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, phase ? phase : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)done);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)total);
	sqlite3_bind_int64(st, 4, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "work");
	sqlite3_finalize(st);
	return rc;
}

int lt_work_finish(lt_catalog *cat, int64_t id, const char *result, const lt_error *failure,
                   lt_error *err)
{
	live last = {0, "", 0, 0};
	sqlite3_stmt *st = NULL;
	int have_live = 0, rc;

	pthread_mutex_lock(&live_lock);
	live *l = live_find(id);
	if (l) {
		last = *l;
		have_live = 1;
	}
	pthread_mutex_unlock(&live_lock);
	/* The last word of long work: waits as a backup's log entry does. */
	if ((rc = lt_catalog_begin_patient(cat, 600, err)) != 0)
		return rc;
	rc = prepare(cat, &st,
	             "UPDATE main.work SET state = ?1, result = ?2, error_code = ?3, error = ?4,"
	             " lease = NULL, finished_at = " LT_NOW_SQL ","
	             " phase = CASE WHEN ?5 THEN ?6 ELSE phase END,"
	             " done = CASE WHEN ?5 THEN ?7 ELSE done END,"
	             " total = CASE WHEN ?5 THEN ?8 ELSE total END"
	             " WHERE id = ?9",
	             err);
	if (rc == 0) {
		sqlite3_bind_text(st, 1, failure ? "failed" : "done", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, failure ? NULL : result, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, failure ? lt_status_name(failure->code) : NULL, -1,
		                  SQLITE_STATIC);
		sqlite3_bind_text(st, 4, failure ? failure->message : NULL, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 5, have_live && last.phase[0]);
		sqlite3_bind_text(st, 6, last.phase, -1, SQLITE_TRANSIENT);
		/* done work has done all its units */
		sqlite3_bind_int64(
		    st, 7, (sqlite3_int64)(!failure && last.total ? last.total : last.done));
		sqlite3_bind_int64(st, 8, (sqlite3_int64)last.total);
		sqlite3_bind_int64(st, 9, id);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = lt_catalog_error(cat, err, "work");
		sqlite3_finalize(st);
	}
	if (rc == 0)
		rc = lt_catalog_commit(cat, err);
	else
		lt_catalog_rollback(cat);
	live_remove(id);
	return rc;
}

int lt_work_recover(lt_catalog *cat, size_t *n, lt_error *err)
{
	int rc;

	if (n)
		*n = 0;
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	rc = sweep(cat, NULL, NULL, n, err);
	if (rc == 0)
		return lt_catalog_commit(cat, err);
	lt_catalog_rollback(cat);
	return rc;
}

/* ---- reading ---------------------------------------------------------------- */

/* The columns both parts of a read give, in this order. Reads go through
 * the guard's views (work, jobs, records): what the principal may see. */
#define WORK_COLS                                                                                  \
	"SELECT CAST(w.id AS TEXT) AS ref, w.id AS seq, w.kind AS kind, w.state AS state,"         \
	" w.lease, w.started_by, w.source, w.phase, w.done, w.total, w.result, w.error_code,"      \
	" w.error, w.created_at AS created_at, w.finished_at, 0 FROM work w"
#define JOB_COLS                                                                                   \
	"SELECT 'ocr-' || j.id, j.id, 'ocr', j.state, j.lease, NULL,"                              \
	" coalesce(r.doc_id, r.uid), 'ocr', j.pages_done, j.pages_total, NULL,"                    \
	" CASE WHEN j.state = 'failed' THEN 'failed' END, j.error, j.created_at,"                  \
	" CASE WHEN j.state IN ('done','failed') THEN j.updated_at END, j.record_id"               \
	" FROM jobs j LEFT JOIN records r ON r.id = j.record_id"

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? strdup((const char *)s) : NULL;
}

static int read_row(lt_work_item *it, sqlite3_stmt *st)
{
	const char *lease = (const char *)sqlite3_column_text(st, 4);
	int64_t seq = sqlite3_column_int64(st, 1);

	memset(it, 0, sizeof(*it));
	snprintf(it->id, sizeof(it->id), "%s", (const char *)sqlite3_column_text(st, 0));
	snprintf(it->kind, sizeof(it->kind), "%s", (const char *)sqlite3_column_text(st, 2));
	snprintf(it->state, sizeof(it->state), "%s", (const char *)sqlite3_column_text(st, 3));
	it->started_by = col_dup(st, 5);
	it->source = col_dup(st, 6);
	it->phase = col_dup(st, 7);
	it->done = (uint64_t)sqlite3_column_int64(st, 8);
	it->total = (uint64_t)sqlite3_column_int64(st, 9);
	it->result = col_dup(st, 10);
	it->error_code = col_dup(st, 11);
	it->error = col_dup(st, 12);
	it->created_at = col_dup(st, 13);
	it->finished_at = col_dup(st, 14);
	it->record_id = sqlite3_column_int64(st, 15);
	if (!it->phase || !it->created_at)
		return -1;
	if (strcmp(it->state, "running") == 0 && lease_dead(lease))
		snprintf(it->state, sizeof(it->state), "interrupted");
	else if (strcmp(it->state, "running") == 0 && strcmp(it->kind, "ocr") != 0)
		live_overlay(it, seq);
	return 0;
}

static void item_clear(lt_work_item *it)
{
	free(it->started_by);
	free(it->source);
	free(it->phase);
	free(it->result);
	free(it->error_code);
	free(it->error);
	free(it->created_at);
	free(it->finished_at);
}

void lt_work_items_free(lt_work_item *items, size_t n)
{
	for (size_t i = 0; items && i < n; i++)
		item_clear(&items[i]);
	free(items);
}

/* Rows of a prepared read into a new array. */
static int read_rows(lt_work_item **out, size_t *n, lt_catalog *cat, sqlite3_stmt *st,
                     lt_error *err)
{
	lt_work_item *arr = NULL;
	size_t cnt = 0, cap = 0;
	int s, rc = 0;

	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		if (cnt == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			lt_work_item *na = realloc(arr, ncap * sizeof(*arr));
			if (!na) {
				rc = oom(err);
				break;
			}
			arr = na;
			cap = ncap;
		}
		if (read_row(&arr[cnt], st) != 0) {
			item_clear(&arr[cnt]);
			rc = oom(err);
			break;
		}
		cnt++;
	}
	if (rc == 0 && s != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "work");
	if (rc) {
		lt_work_items_free(arr, cnt);
		return rc;
	}
	*out = arr;
	*n = cnt;
	return 0;
}

int lt_work_get(lt_work_item **out, lt_catalog *cat, const char *id, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	const char *digits = id;
	int ocr = 0, rc;
	char *end = NULL;
	long long v;
	size_t n = 0;

	*out = NULL;
	if (id && strncmp(id, "ocr-", 4) == 0) {
		ocr = 1;
		digits = id + 4;
	}
	v = digits && *digits >= '1' && *digits <= '9' ? strtoll(digits, &end, 10) : 0;
	if (v <= 0 || !end || *end)
		return lt_error_set(err, LT_ENOTFOUND,
		                    LT_TR("không có công việc %s", "no such work: %s"),
		                    id ? id : "");
	rc = prepare(cat, &st, ocr ? JOB_COLS " WHERE j.id = ?" : WORK_COLS " WHERE w.id = ?", err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, v);
	rc = read_rows(out, &n, cat, st, err);
	sqlite3_finalize(st);
	if (rc == 0 && n == 0) {
		lt_work_items_free(*out, 0);
		*out = NULL;
		rc = lt_error_set(err, LT_ENOTFOUND,
		                  LT_TR("không có công việc %s", "no such work: %s"), id);
	}
	return rc;
}

int lt_work_list(lt_work_item **out, size_t *n, lt_catalog *cat, const lt_work_filter *f,
                 lt_error *err)
{
	static const lt_work_filter none = LT_WORK_FILTER_INIT;
	sqlite3_stmt *st = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (!f)
		f = &none;
	rc = prepare(cat, &st,
	             "SELECT * FROM (" WORK_COLS " UNION ALL " JOB_COLS ")"
	             " WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR state = ?2)"
	             " ORDER BY created_at DESC, seq DESC LIMIT ?3 OFFSET ?4",
	             err);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, f->kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, f->state, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)(f->limit ? f->limit : 50));
	sqlite3_bind_int64(st, 4, (sqlite3_int64)f->offset);
	rc = read_rows(out, n, cat, st, err);
	sqlite3_finalize(st);
	return rc;
}
