/*
 * archive/audit.c — append-only, hash-chained, signed audit log. See audit.h.
 *
 * Invariants (checked by lt_audit_verify):
 *   1. ids are 1, 2, 3, ... with no gap (ids are given here, not by SQLite,
 *      so a deleted row leaves a visible hole).
 *   2. row n's prev_hash is row n-1's hash; row 1's is LT_AUDIT_GENESIS.
 *   3. row n's hash is SHA-256 of serialise(row n) (see audit.h).
 *   4. an anchor row's detail signs row n-1's id and hash.
 * Writers hold SQLite's write lock from reading the head to inserting the
 * new row, so two processes can never chain onto the same head.
 */
#include "archive/audit.h"

#include <libgen.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "archive/blobstore.h"
#include "archive/keys.h"
#include "core/buf.h"
#include "core/log.h"

static int db_error(lt_catalog *cat, lt_error *err)
{
	return lt_catalog_error(cat, err, LT_TR("nhật ký kiểm toán", "audit log"));
}

static int put_field(lt_buf *b, const char *s)
{
	if (!s)
		return lt_buf_puts(b, "-,");
	return lt_buf_printf(b, "%zu:", strlen(s)) || lt_buf_puts(b, s) || lt_buf_putc(b, ',');
}

/* hash = SHA-256("luutru-audit-v1," + fields) */
static int row_hash(int64_t id, const char *at, const char *who, const char *action,
                    const char *object, const char *detail, const char *prev,
                    char out[LT_SHA256_HEX_LEN + 1])
{
	lt_buf b = LT_BUF_INIT;
	char idbuf[32];
	int rc;

	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	rc = lt_buf_puts(&b, "luutru-audit-v1,") || put_field(&b, idbuf) || put_field(&b, at) ||
	     put_field(&b, who) || put_field(&b, action) || put_field(&b, object) ||
	     put_field(&b, detail) || put_field(&b, prev);
	if (rc == 0)
		lt_sha256_hex(b.data, b.len, out);
	lt_buf_free(&b);
	return rc ? LT_ENOMEM : 0;
}

static int anchor_message(lt_buf *b, int64_t id, const char *head)
{
	return lt_buf_printf(b, "luutru-audit-anchor\n%lld\n%s", (long long)id, head);
}

/* The data directory is the catalog file's directory. */
static int data_dir_of(lt_catalog *cat, lt_buf *out)
{
	char *copy = strdup(lt_catalog_path(cat));
	int rc;

	if (!copy)
		return LT_ENOMEM;
	rc = lt_buf_puts(out, dirname(copy));
	free(copy);
	return rc;
}

static void now_iso(char out[LT_AUDIT_TIME_LEN])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, LT_AUDIT_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The newest row: id (0 when empty), hash (GENESIS when empty). */
static int head(lt_catalog *cat, int64_t *id, char hash[LT_SHA256_HEX_LEN + 1],
                int64_t *last_anchor, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int s;

	*id = 0;
	snprintf(hash, LT_SHA256_HEX_LEN + 1, "%s", LT_AUDIT_GENESIS);
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT id, hash, (SELECT coalesce(max(id), 0) FROM main.audit_log"
	                       " WHERE action = '" LT_AUDIT_ANCHOR_ACTION "')"
	                       " FROM main.audit_log ORDER BY id DESC LIMIT 1",
	                       -1, &st, NULL) != SQLITE_OK)
		return db_error(cat, err);
	s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		const char *h = (const char *)sqlite3_column_text(st, 1);
		*id = sqlite3_column_int64(st, 0);
		/* A row written around lt_audit_append has no hash: chain onto
		 * a marker of it, and verify reports it as unchained. */
		snprintf(hash, LT_SHA256_HEX_LEN + 1, "%s", h ? h : LT_AUDIT_GENESIS);
		if (last_anchor)
			*last_anchor = sqlite3_column_int64(st, 2);
	} else if (last_anchor) {
		*last_anchor = 0;
	}
	sqlite3_finalize(st);
	if (s != SQLITE_ROW && s != SQLITE_DONE)
		return db_error(cat, err);
	return 0;
}

/* at: the entry's time, NULL for now. */
static int insert_row(lt_catalog *cat, int64_t id, const char *at_given, const char *who,
                      const char *action, const char *object, const char *detail, const char *prev,
                      lt_error *err)
{
	sqlite3_stmt *st = NULL;
	char at[32], hash[LT_SHA256_HEX_LEN + 1];
	int rc = 0;

	if (at_given)
		snprintf(at, sizeof(at), "%s", at_given);
	else
		now_iso(at);
	if (row_hash(id, at, who, action, object, detail, prev, hash))
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "INSERT INTO main.audit_log(id, at, who, action, object, detail,"
	                       " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	                       -1, &st, NULL) != SQLITE_OK)
		return db_error(cat, err);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, who, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, object, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, detail, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, prev, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 8, hash, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(cat, err);
	sqlite3_finalize(st);
	return rc;
}

static int append_anchor(lt_catalog *cat, const char *who, int64_t head_id, const char *head_hash,
                         lt_error *err)
{
	lt_buf dir = LT_BUF_INIT, msg = LT_BUF_INIT, detail = LT_BUF_INIT;
	char sig[LT_KEYS_SIG_HEX_LEN + 1];
	int rc;

	if (data_dir_of(cat, &dir) || anchor_message(&msg, head_id, head_hash)) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = lt_keys_sign(dir.data, msg.data, msg.len, sig, err)) != 0)
		goto out;
	if (lt_buf_printf(&detail, "head=%s sig=%s", head_hash, sig)) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto out;
	}
	rc = insert_row(cat, head_id + 1, NULL, who, LT_AUDIT_ANCHOR_ACTION, NULL, detail.data,
	                head_hash, err);
out:
	lt_buf_free(&dir);
	lt_buf_free(&msg);
	lt_buf_free(&detail);
	return rc;
}

static int key_available(lt_catalog *cat)
{
	lt_buf dir = LT_BUF_INIT;
	int ok = data_dir_of(cat, &dir) == 0 && lt_keys_present(dir.data);

	lt_buf_free(&dir);
	return ok;
}

void lt_audit_now(char out[LT_AUDIT_TIME_LEN])
{
	now_iso(out);
}

int lt_audit_append(lt_catalog *cat, const char *who, const char *action, const char *object,
                    const char *detail, int64_t *id_out, lt_error *err)
{
	return lt_audit_append_at(cat, NULL, who, action, object, detail, id_out, err);
}

int lt_audit_append_at(lt_catalog *cat, const char *at, const char *who, const char *action,
                       const char *object, const char *detail, int64_t *id_out, lt_error *err)
{
	int own = sqlite3_get_autocommit(lt_catalog_db(cat)) != 0;
	char prev[LT_SHA256_HEX_LEN + 1];
	int64_t id, last_anchor = 0;
	int rc;

	if (!who || !*who || !action || !*action)
		return lt_error_set(err, LT_EINVAL, "lt_audit_append: who, action");
	if (at && (strlen(at) + 1 > LT_AUDIT_TIME_LEN || !*at))
		return lt_error_set(err, LT_EINVAL, "lt_audit_append_at: at");
	if (own && (rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	rc = head(cat, &id, prev, &last_anchor, err);
	if (rc == 0)
		rc = insert_row(cat, id + 1, at, who, action, object, detail, prev, err);
	if (rc == 0 && id_out)
		*id_out = id + 1;
	/* Anchor when enough entries have gone by and the key is here (a
	 * bare catalog in a test has none: it simply is not anchored). */
	if (rc == 0 && id + 1 - last_anchor >= LT_AUDIT_ANCHOR_EVERY && key_available(cat)) {
		char h[LT_SHA256_HEX_LEN + 1];
		int64_t hid;
		if ((rc = head(cat, &hid, h, NULL, err)) == 0)
			rc = append_anchor(cat, "system", hid, h, err);
	}
	if (own) {
		if (rc == 0)
			rc = lt_catalog_commit(cat, err);
		else
			lt_catalog_rollback(cat);
	}
	return rc;
}

int lt_audit_anchor(lt_catalog *cat, const char *who, lt_error *err)
{
	int own = sqlite3_get_autocommit(lt_catalog_db(cat)) != 0;
	char h[LT_SHA256_HEX_LEN + 1];
	int64_t id;
	int rc;

	if (own && (rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	rc = head(cat, &id, h, NULL, err);
	if (rc == 0)
		rc = append_anchor(cat, who ? who : "system", id, h, err);
	if (own) {
		if (rc == 0)
			rc = lt_catalog_commit(cat, err);
		else
			lt_catalog_rollback(cat);
	}
	return rc;
}

/* ---- verification ---------------------------------------------------- */

void lt_audit_report_clear(lt_audit_report *r)
{
	if (!r)
		return;
	free(r->problems);
	memset(r, 0, sizeof(*r));
}

static int add_problem(lt_audit_report *r, int64_t id, const char *kind, const char *fmt, ...)
    LT_PRINTF(4, 5);
static int add_problem(lt_audit_report *r, int64_t id, const char *kind, const char *fmt, ...)
{
	lt_audit_problem *p = realloc(r->problems, (r->nproblems + 1) * sizeof(*p));
	va_list ap;

	if (!p)
		return LT_ENOMEM;
	r->problems = p;
	p += r->nproblems++;
	p->id = id;
	p->kind = kind;
	va_start(ap, fmt);
	vsnprintf(p->message, sizeof(p->message), fmt, ap);
	va_end(ap);
	return 0;
}

/* id of a row whose stored hash is h, 0 when none. */
static int64_t row_with_hash(lt_catalog *cat, const char *h)
{
	sqlite3_stmt *st = NULL;
	int64_t id = 0;

	if (sqlite3_prepare_v2(lt_catalog_db(cat), "SELECT id FROM main.audit_log WHERE hash = ?",
	                       -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, h, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

static int check_anchor(lt_catalog *cat, const char *dir, int64_t id, const char *detail,
                        const char *prev, lt_audit_report *r)
{
	char head_hash[65] = "", sig[LT_KEYS_SIG_HEX_LEN + 1] = "";
	lt_buf msg = LT_BUF_INIT;
	lt_error e = LT_ERROR_INIT;
	int rc;

	(void)cat;
	if (!detail || sscanf(detail, "head=%64s sig=%128s", head_hash, sig) != 2)
		return add_problem(
		    r, id, "bad_anchor",
		    LT_TR("mục %lld: mốc ký sai dạng", "entry %lld: malformed anchor"),
		    (long long)id);
	if (!prev || strcmp(head_hash, prev) != 0)
		return add_problem(r, id, "bad_anchor",
		                   LT_TR("mục %lld: mốc ký không khớp mục trước",
		                         "entry %lld: anchor does not match the previous entry"),
		                   (long long)id);
	if (anchor_message(&msg, id - 1, head_hash))
		return LT_ENOMEM;
	rc = lt_keys_verify(dir, msg.data, msg.len, sig, &e);
	lt_buf_free(&msg);
	if (rc == 0) {
		r->anchors++;
		return 0;
	}
	return add_problem(r, id, "bad_anchor",
	                   LT_TR("mục %lld: chữ ký mốc không hợp lệ: %s",
	                         "entry %lld: anchor signature invalid: %s"),
	                   (long long)id, e.message);
}

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int lt_audit_verify(lt_catalog *cat, lt_audit_report *r, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_buf dir = LT_BUF_INIT;
	char prev_stored[LT_SHA256_HEX_LEN + 1];
	int64_t prev_id = 0;
	int s, rc = 0;

	memset(r, 0, sizeof(*r));
	snprintf(prev_stored, sizeof(prev_stored), "%s", LT_AUDIT_GENESIS);
	if (data_dir_of(cat, &dir))
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT id, at, who, action, object, detail, prev_hash, hash"
	                       " FROM main.audit_log ORDER BY id",
	                       -1, &st, NULL) != SQLITE_OK) {
		lt_buf_free(&dir);
		return db_error(cat, err);
	}
	while (rc == 0 && (s = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *prev = col(st, 6), *stored = col(st, 7);
		char calc[LT_SHA256_HEX_LEN + 1];

		r->entries++;
		if (!stored || !prev) {
			rc = add_problem(r, id, "unchained",
			                 LT_TR("mục %lld: không có mã băm (được ghi không qua "
			                       "lt_audit_append)",
			                       "entry %lld: no hash (written around "
			                       "lt_audit_append)"),
			                 (long long)id);
			snprintf(prev_stored, sizeof(prev_stored), "%s", LT_AUDIT_GENESIS);
			prev_id = id;
			continue;
		}
		if (row_hash(id, col(st, 1), col(st, 2), col(st, 3), col(st, 4), col(st, 5), prev,
		             calc)) {
			rc = LT_ENOMEM;
			break;
		}
		if (strcmp(calc, stored) != 0)
			rc = add_problem(r, id, "edited",
			                 LT_TR("mục %lld: nội dung đã bị sửa (mã băm không khớp)",
			                       "entry %lld: content was changed (hash mismatch)"),
			                 (long long)id);
		if (rc == 0 && id != prev_id + 1)
			rc = add_problem(r, prev_id + 1, "deleted",
			                 LT_TR("mục %lld..%lld đã bị xóa (thiếu trước mục %lld)",
			                       "entries %lld..%lld were deleted (missing before "
			                       "entry %lld)"),
			                 (long long)(prev_id + 1), (long long)(id - 1),
			                 (long long)id);
		else if (rc == 0 && strcmp(prev, prev_stored) != 0) {
			int64_t other = row_with_hash(cat, prev);
			if (other && other != prev_id)
				rc = add_problem(
				    r, id, "reordered",
				    LT_TR("mục %lld: thứ tự bị đảo (mục trước của nó là "
				          "mục %lld, không phải %lld)",
				          "entry %lld: order changed (its predecessor "
				          "is entry %lld, not %lld)"),
				    (long long)id, (long long)other, (long long)prev_id);
			else
				rc =
				    add_problem(r, id, "edited",
				                LT_TR("mục %lld: chuỗi băm đứt (mục %lld đã bị sửa "
				                      "hoặc thay)",
				                      "entry %lld: chain broken (entry %lld was "
				                      "changed or replaced)"),
				                (long long)id, (long long)prev_id);
		}
		if (rc == 0 && col(st, 3) && strcmp(col(st, 3), LT_AUDIT_ANCHOR_ACTION) == 0)
			rc = check_anchor(cat, dir.data, id, col(st, 5), prev, r);
		snprintf(prev_stored, sizeof(prev_stored), "%s", stored);
		prev_id = id;
		r->head_id = id;
		snprintf(r->head, sizeof(r->head), "%s", stored);
	}
	if (rc == 0 && s != SQLITE_DONE)
		rc = db_error(cat, err);
	sqlite3_finalize(st);
	lt_buf_free(&dir);
	if (rc == LT_ENOMEM)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	if (rc)
		return rc;
	if (r->nproblems)
		return lt_error_set(err, LT_ECORRUPT,
		                    LT_TR("nhật ký kiểm toán bị can thiệp: %s (và %zu vấn đề khác)",
		                          "the audit log was tampered with: %s (and %zu more)"),
		                    r->problems[0].message, r->nproblems - 1);
	return 0;
}

/* ---- asynchronous appends (group commit) -------------------------------- */

typedef struct qentry {
	char at[LT_AUDIT_TIME_LEN];
	char *who, *action, *object, *detail;
} qentry;

struct lt_audit_queue {
	pthread_mutex_t lock;
	pthread_cond_t more; /* entries queued, or stop */
	pthread_cond_t done; /* a batch was written (or given up on) */
	qentry *v;           /* the pending entries, oldest first */
	size_t n, cap;
	uint64_t pushed;  /* entries ever queued */
	uint64_t settled; /* of those, written or given up on (in order) */
	uint64_t written, retries;
	int stop;
	char *path;
	lt_catalog *cat; /* the writer's connection, opened by the writer */
	pthread_t thread;
};

static void qentry_free(qentry *e)
{
	free(e->who);
	free(e->action);
	free(e->object);
	free(e->detail);
}

static int write_batch(lt_audit_queue *q, const qentry *b, size_t n, lt_error *err)
{
	int rc = 0;

	if (!q->cat && (rc = lt_catalog_open(&q->cat, q->path, 0, err)) != 0)
		return rc;
	if ((rc = lt_catalog_begin(q->cat, err)) != 0)
		return rc;
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = lt_audit_append_at(q->cat, b[i].at, b[i].who, b[i].action, b[i].object,
		                        b[i].detail, NULL, err);
	if (rc == 0)
		rc = lt_catalog_commit(q->cat, err);
	if (rc)
		lt_catalog_rollback(q->cat);
	return rc;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0)
		;
}

static void *queue_writer(void *arg)
{
	lt_audit_queue *q = arg;
	qentry *batch = NULL;
	size_t n = 0;
	long backoff = 0;
	time_t stop_deadline = 0;

	for (;;) {
		lt_error err = LT_ERROR_INIT;
		int rc, stopping;

		pthread_mutex_lock(&q->lock);
		while (q->n == 0 && !q->stop)
			pthread_cond_wait(&q->more, &q->lock);
		if (q->n == 0 && q->stop) {
			pthread_mutex_unlock(&q->lock);
			break;
		}
		stopping = q->stop;
		pthread_mutex_unlock(&q->lock);
		/* Let a burst gather: one transaction (one fsync) for all of it. */
		if (!stopping && backoff == 0)
			sleep_ms(LT_AUDIT_QUEUE_DELAY_MS);

		pthread_mutex_lock(&q->lock);
		n = q->n < LT_AUDIT_QUEUE_BATCH ? q->n : LT_AUDIT_QUEUE_BATCH;
		batch = malloc(n * sizeof(*batch));
		if (batch)
			memcpy(batch, q->v, n * sizeof(*batch));
		stopping = q->stop;
		pthread_mutex_unlock(&q->lock);
		if (!batch) {
			sleep_ms(100);
			continue;
		}

		/* The entries stay in the queue until written: a concurrent
		 * push only appends behind them. */
		rc = write_batch(q, batch, n, &err);
		free(batch);
		if (rc) {
			pthread_mutex_lock(&q->lock);
			q->retries++;
			pthread_mutex_unlock(&q->lock);
			if (stopping && !stop_deadline)
				stop_deadline = time(NULL) + LT_AUDIT_QUEUE_STOP_TRY_S;
			if (!stopping || time(NULL) < stop_deadline) {
				if (backoff == 0 || backoff >= 1000)
					lt_log_warn(
					    "audit: %zu queued entries not written yet (%s); "
					    "retrying",
					    n, err.message);
				backoff = backoff ? (backoff * 2 > 1000 ? 1000 : backoff * 2) : 50;
				sleep_ms(backoff);
				continue;
			}
			/* Stopping and still failing: keep them in the error log. */
			pthread_mutex_lock(&q->lock);
			for (size_t i = 0; i < n; i++)
				lt_log_error("audit: entry lost (%s): at=%s who=%s action=%s "
				             "object=%s detail=%s",
				             err.message, q->v[i].at, q->v[i].who, q->v[i].action,
				             q->v[i].object ? q->v[i].object : "-",
				             q->v[i].detail ? q->v[i].detail : "-");
			pthread_mutex_unlock(&q->lock);
		}
		backoff = 0;
		pthread_mutex_lock(&q->lock);
		if (rc == 0)
			q->written += n;
		for (size_t i = 0; i < n; i++)
			qentry_free(&q->v[i]);
		memmove(q->v, q->v + n, (q->n - n) * sizeof(*q->v));
		q->n -= n;
		q->settled += n;
		pthread_cond_broadcast(&q->done);
		pthread_mutex_unlock(&q->lock);
	}
	lt_catalog_free(q->cat);
	q->cat = NULL;
	return NULL;
}

int lt_audit_queue_start(lt_audit_queue **out, const char *catalog_path, lt_error *err)
{
	lt_audit_queue *q = calloc(1, sizeof(*q));

	*out = NULL;
	if (!q || !(q->path = strdup(catalog_path))) {
		free(q);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->more, NULL);
	pthread_cond_init(&q->done, NULL);
	if (pthread_create(&q->thread, NULL, queue_writer, q) != 0) {
		pthread_cond_destroy(&q->done);
		pthread_cond_destroy(&q->more);
		pthread_mutex_destroy(&q->lock);
		free(q->path);
		free(q);
		return lt_error_set(err, LT_ERR, "%s",
		                    LT_TR("không tạo được luồng ghi nhật ký kiểm toán",
		                          "cannot start the audit log writer thread"));
	}
	*out = q;
	return 0;
}

static char *dup_or_null(const char *s, int *failed)
{
	char *d;
	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*failed = 1;
	return d;
}

int lt_audit_queue_push(lt_audit_queue *q, const char *who, const char *action, const char *object,
                        const char *detail, lt_error *err)
{
	qentry e;
	int failed = 0;

	if (!who || !*who || !action || !*action)
		return lt_error_set(err, LT_EINVAL, "lt_audit_queue_push: who, action");
	memset(&e, 0, sizeof(e));
	now_iso(e.at);
	e.who = dup_or_null(who, &failed);
	e.action = dup_or_null(action, &failed);
	e.object = dup_or_null(object, &failed);
	e.detail = dup_or_null(detail, &failed);
	if (failed) {
		qentry_free(&e);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	pthread_mutex_lock(&q->lock);
	while (q->n >= LT_AUDIT_QUEUE_MAX && !q->stop)
		pthread_cond_wait(&q->done, &q->lock);
	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 256;
		qentry *v = realloc(q->v, cap * sizeof(*v));
		if (!v) {
			pthread_mutex_unlock(&q->lock);
			qentry_free(&e);
			return lt_error_set(err, LT_ENOMEM, "out of memory");
		}
		q->v = v;
		q->cap = cap;
	}
	q->v[q->n++] = e;
	q->pushed++;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&q->lock);
	return 0;
}

void lt_audit_queue_flush(lt_audit_queue *q)
{
	uint64_t target;

	if (!q)
		return;
	pthread_mutex_lock(&q->lock);
	target = q->pushed;
	while (q->settled < target)
		pthread_cond_wait(&q->done, &q->lock);
	pthread_mutex_unlock(&q->lock);
}

void lt_audit_queue_stats(lt_audit_queue *q, uint64_t *written, uint64_t *retries)
{
	pthread_mutex_lock(&q->lock);
	if (written)
		*written = q->written;
	if (retries)
		*retries = q->retries;
	pthread_mutex_unlock(&q->lock);
}

void lt_audit_queue_stop(lt_audit_queue *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->lock);
	q->stop = 1;
	pthread_cond_broadcast(&q->more);
	pthread_cond_broadcast(&q->done);
	pthread_mutex_unlock(&q->lock);
	pthread_join(q->thread, NULL);
	for (size_t i = 0; i < q->n; i++)
		qentry_free(&q->v[i]);
	free(q->v);
	free(q->path);
	pthread_cond_destroy(&q->done);
	pthread_cond_destroy(&q->more);
	pthread_mutex_destroy(&q->lock);
	free(q);
}
