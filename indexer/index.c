/*
 * indexer/index.c — the Xapian index and its sync from the catalog.
 *
 * The catalog (SQLite) is the only source of truth; the index is a cache
 * of it that can always be rebuilt. What ties them together is the
 * catalog's index_outbox: every transaction that changes something search
 * sees appends a row (seq, record_id, uid, op) in the same transaction, so
 * a change and its outbox row commit together or not at all.
 *
 * Invariants
 *
 *  1. The index's metadata "luutru.last_seq" (L) is the seq of the last
 *     outbox row whose effect is in the index. It is written in the same
 *     Xapian transaction as the document changes of its batch, so after a
 *     crash the index holds either the whole batch and its L, or neither.
 *
 *  2. Outbox seqs are handed out in commit order: SQLite has one writer at
 *     a time and the row is inserted inside the writer's transaction, so a
 *     reader that sees seq s also sees every row below s.
 *
 *  3. Applying a row is a function of the catalog's *current* state, not
 *     of the row: for the record named by the row, if it exists with a
 *     status other than 'deleted' (and its last row in the batch is not a
 *     'delete'), its document is rebuilt from the catalog and replaces the
 *     one found by Q<uid>; otherwise every document with XI<record id> is
 *     deleted. Applying a row twice, or applying an older row after a
 *     newer one, therefore leaves the same document as applying the newest
 *     once: application is idempotent.
 *
 *  4. A document is indexed by Q<uid> (unique, for replace) and by
 *     XI<record id> (for deletion when the catalog row is already gone).
 *
 * Replay argument. Sync reads rows with seq > L in seq order, applies a
 * batch of them and commits with L = the batch's highest seq. A crash
 * before that commit loses the batch's index changes and leaves L as it
 * was (1), so the next sync applies the same rows again; rows applied in
 * an earlier committed batch are never read again. Every row after L is
 * applied at least once, and applying more than once is harmless (3). A
 * change made to the catalog while a batch runs appends a new row with a
 * higher seq (2), which a later batch applies, so the index converges to
 * the catalog.
 *
 * Commit points. A batch need not be committed whole: after any item the
 * writer may commit with L = that item's row seq. The items of a batch come
 * in seq order, one per record at its last row in the batch; a row at or
 * below L whose record's item was not applied yet has a later row of the
 * same record above L, which the next sync reads again (3 makes the late
 * application right). So the writer commits when SYNC_BATCH rows are done
 * (at a batch end) or when the transaction has been open COMMIT_SECONDS
 * (or COMMIT_TIME_FACTOR times the last commit's duration, whichever is
 * longer), and at the end: a sync killed after minutes keeps all but its
 * last seconds of work.
 *
 * States of one sync (lt_index_sync): a producer thread reads a batch
 * (read_batch()) and queues one item per record to apply, then a batch
 * end carrying the batch's last seq; the writer (the caller's thread)
 * applies the items in order:
 *
 *   idle --first item--> lt_xdb_begin() --> in transaction
 *     ^                                       |
 *     |          replace / delete per record  |
 *     |                                       v
 *     +---- lt_xdb_commit_tx() (documents + L) <---- batch end item
 *   error anywhere in the transaction: lt_xdb_cancel_tx(), L unchanged;
 *   the producer is told to stop and its queued items are dropped.
 */
#define _GNU_SOURCE /* renameat2 */
#include "indexer/index.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "archive/access.h"
#include "archive/record.h"
#include "archive/work.h"
#include "core/buf.h"
#include "core/fs.h"
#include "core/progress.h"
#include "indexer/synonyms.h"
#include "indexer/terms.h"
#include "indexer/xapian_shim.h"

#define LAST_SEQ_KEY "luutru.last_seq"
#define SYNC_BATCH   10000
/* A sync also commits when its transaction has been open this long, or 9
 * times as long as the last commit took (so commits stay under a tenth of
 * the time): a long sync killed midway keeps what it did (invariant 1
 * holds at any item, see "Commit points" below). */
#define COMMIT_SECONDS     2.0
#define COMMIT_TIME_FACTOR 9.0

#define GEN_PREFIX    "index.g"
#define SHARD_TIMEOUT 10000 /* ms, connecting to and asking a remote shard */
#define SHARDS_MAX    64

struct lt_index {
	lt_xdb *db;
	int64_t last_seq;
	double commit_s; /* COMMIT_SECONDS unless lt_index_set_commit_seconds */
	unsigned flags;
	char *path;    /* as given: <dir>/index, maybe a symlink */
	char *target;  /* what path pointed to at open ("" if not a link) */
	char **shards; /* sharded reader: the specs, else NULL */
	size_t nshards;
};

typedef struct outbox_row {
	int64_t seq;
	int64_t record_id;
	int is_delete;
} outbox_row;

static int read_last_seq(lt_xdb *db, int64_t *out, lt_error *err)
{
	lt_buf v = LT_BUF_INIT;
	char *end = NULL;
	int rc;

	*out = 0;
	rc = lt_xdb_metadata_get(db, LAST_SEQ_KEY, &v, err);
	if (rc == 0 && v.len > 0) {
		long long n = strtoll(v.data, &end, 10);
		if (*end != '\0' || n < 0)
			rc = lt_error_set(err, LT_ECORRUPT, "%s: %s=\"%s\"",
			                  LT_TR("chỉ mục tìm kiếm hỏng", "search index corrupt"),
			                  LAST_SEQ_KEY, v.data);
		else
			*out = n;
	}
	lt_buf_free(&v);
	return rc;
}

/* path's symlink target, or "" when path is not a symlink (or absent). */
static char *link_target(const char *path)
{
	char buf[PATH_MAX];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);
	if (n < 0)
		n = 0;
	buf[n] = '\0';
	return strdup(buf);
}

/* The directory Xapian opens: path resolved through its symlink, so a
 * reader keeps reading one generation until lt_index_refresh() moves it. */
static int resolved_path(lt_buf *out, const char *path, const char *target)
{
	const char *slash;
	if (!*target || target[0] == '/')
		return lt_buf_puts(out, *target ? target : path);
	slash = strrchr(path, '/');
	if (slash && lt_buf_append(out, path, (size_t)(slash - path + 1)))
		return LT_ENOMEM;
	return lt_buf_puts(out, target);
}

/* A write that failed on a full or read-only disk (LT_ENOSPC from the
 * shim): say so in luutru's words, naming the index's file system
 * (core/fs.h), instead of Xapian's "Error writing block N". */
static int name_full_fs(const char *path, int rc, lt_error *err)
{
	if (rc == LT_ENOSPC && err) {
		char detail[LT_ERROR_MESSAGE_MAX];
		snprintf(detail, sizeof(detail), "%s", err->message);
		lt_fs_error_full(
		    err, LT_TR("không ghi được chỉ mục tìm kiếm", "cannot write the search index"),
		    path, strstr(detail, strerror(EROFS)) != NULL, detail);
	}
	return rc;
}

static int open_db(lt_index *ix, lt_error *err)
{
	lt_buf real = LT_BUF_INIT;
	int rc;

	free(ix->target);
	ix->target = link_target(ix->path);
	if (!ix->target || resolved_path(&real, ix->path, ix->target)) {
		lt_buf_free(&real);
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	}
	rc = lt_xdb_open(&ix->db, lt_buf_cstr(&real),
	                 (ix->flags & LT_INDEX_WRITE) ? LT_XDB_WRITE : 0, err);
	name_full_fs(lt_buf_cstr(&real), rc, err);
	lt_buf_free(&real);
	if (rc == LT_ENOTFOUND)
		lt_error_set(
		    err, rc, "%s: %s (%s)",
		    LT_TR("không mở được chỉ mục tìm kiếm", "cannot open the search index"),
		    ix->path,
		    LT_TR("chưa có; chạy `luutru reindex`", "missing; run `luutru reindex`"));
	if (rc == 0)
		rc = read_last_seq(ix->db, &ix->last_seq, err);
	return rc;
}

int lt_index_open(lt_index **out, const char *path, unsigned flags, lt_error *err)
{
	lt_index *ix;
	int rc;

	*out = NULL;
	ix = calloc(1, sizeof(*ix));
	if (!ix || !(ix->path = strdup(path))) {
		free(ix);
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	}
	ix->flags = flags;
	ix->commit_s = COMMIT_SECONDS;
	rc = open_db(ix, err);
	if (rc) {
		lt_index_free(ix);
		return rc;
	}
	*out = ix;
	return 0;
}

int lt_index_open_shards(lt_index **out, const char *const *specs, size_t n, lt_error *err)
{
	lt_index *ix;
	int rc;

	*out = NULL;
	if (n == 0 || n > SHARDS_MAX)
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("số phân đoạn chỉ mục phải từ 1 đến %d",
		                          "index shards must number 1 to %d"),
		                    SHARDS_MAX);
	ix = calloc(1, sizeof(*ix));
	if (!ix)
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	ix->shards = calloc(n, sizeof(char *));
	ix->path = strdup(specs[0]);
	ix->target = strdup("");
	rc = ix->shards && ix->path && ix->target ? 0 : LT_ENOMEM;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		ix->shards[i] = strdup(specs[i]);
		ix->nshards++;
		if (!ix->shards[i])
			rc = LT_ENOMEM;
	}
	if (rc)
		lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	else
		rc = lt_xdb_open_shards(&ix->db, specs, n, SHARD_TIMEOUT, err);
	if (rc == 0)
		rc = read_last_seq(ix->db, &ix->last_seq, err);
	if (rc) {
		lt_error_prefix(err, "%s", LT_TR("phân đoạn chỉ mục", "index shards"));
		lt_index_free(ix);
		return rc;
	}
	*out = ix;
	return 0;
}

/* index_shards = a, b, ... in <dir>/luutru.conf; *n = 0 when absent. */
static int read_shards_conf(const char *data_dir, char ***specs, size_t *n, lt_error *err)
{
	lt_buf path = LT_BUF_INIT, text = LT_BUF_INIT;
	int rc;

	*specs = NULL;
	*n = 0;
	if (lt_fs_join(&path, data_dir, "luutru.conf"))
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	if (!lt_fs_exists(lt_buf_cstr(&path))) {
		lt_buf_free(&path);
		return 0;
	}
	rc = lt_fs_read_file(&text, lt_buf_cstr(&path), 1 << 20, err);
	for (char *line = text.data, *next; rc == 0 && line && *line; line = next) {
		char *eq, *k, *v, *e;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		if (*line == '#' || !(eq = strchr(line, '=')))
			continue;
		*eq = '\0';
		k = line;
		for (e = eq; e > k && (e[-1] == ' ' || e[-1] == '\t'); e--)
			e[-1] = '\0';
		if (strcmp(k, "index_shards") != 0)
			continue;
		v = eq + 1;
		for (char *tok = strtok(v, ", \t\r"); rc == 0 && tok;
		     tok = strtok(NULL, ", \t\r")) {
			char **nv;
			char *spec = NULL;
			lt_buf full = LT_BUF_INIT;
			if (*n >= SHARDS_MAX) {
				rc = lt_error_set(
				    err, LT_EINVAL,
				    LT_TR("luutru.conf: index_shards: quá %d phân đoạn",
				          "luutru.conf: index_shards: more than %d shards"),
				    SHARDS_MAX);
				break;
			}
			/* A relative path is relative to the data directory. */
			if (strncmp(tok, "tcp://", 6) == 0 || tok[0] == '/')
				spec = strdup(tok);
			else if (lt_fs_join(&full, data_dir, tok) == 0)
				spec = lt_buf_detach(&full);
			lt_buf_free(&full);
			nv = spec ? realloc(*specs, (*n + 1) * sizeof(char *)) : NULL;
			if (!nv) {
				free(spec);
				rc = lt_error_set(err, LT_ENOMEM, "%s",
				                  LT_TR("hết bộ nhớ", "out of memory"));
				break;
			}
			*specs = nv;
			(*specs)[(*n)++] = spec;
		}
	}
	lt_buf_free(&text);
	lt_buf_free(&path);
	return rc;
}

int lt_index_open_reader(lt_index **out, const char *data_dir, const char *index_path,
                         lt_error *err)
{
	char **specs = NULL;
	size_t n = 0;
	int rc = read_shards_conf(data_dir, &specs, &n, err);

	*out = NULL;
	if (rc == 0)
		rc = n ? lt_index_open_shards(out, (const char *const *)specs, n, err)
		       : lt_index_open(out, index_path, 0, err);
	for (size_t i = 0; i < n; i++)
		free(specs[i]);
	free(specs);
	return rc;
}

void lt_index_free(lt_index *ix)
{
	if (!ix)
		return;
	lt_xdb_free(ix->db);
	for (size_t i = 0; i < ix->nshards; i++)
		free(ix->shards[i]);
	free(ix->shards);
	free(ix->path);
	free(ix->target);
	free(ix);
}

int lt_index_refresh(lt_index *ix, lt_error *err)
{
	char *now;
	int same, rc;

	if (ix->shards || (ix->flags & LT_INDEX_WRITE))
		return lt_xdb_reopen(ix->db, err);
	now = link_target(ix->path);
	if (!now)
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	same = strcmp(now, ix->target) == 0;
	free(now);
	if (same && lt_xdb_reopen(ix->db, NULL) == 0)
		return 0;
	/* A new generation (luutru reindex swapped it in), or the old one is
	 * gone: open afresh. */
	lt_xdb_free(ix->db);
	ix->db = NULL;
	rc = open_db(ix, err);
	return rc;
}

const char *lt_index_generation(const lt_index *ix)
{
	return ix->target ? ix->target : "";
}

int64_t lt_index_last_seq(lt_index *ix)
{
	int64_t v;

	/* A reader may be behind the writer: look at the latest commit. */
	if (lt_index_refresh(ix, NULL) == 0 && read_last_seq(ix->db, &v, NULL) == 0)
		ix->last_seq = v;
	return ix->last_seq;
}

int lt_index_doc_count(lt_index *ix, uint64_t *out, lt_error *err)
{
	int rc = lt_index_refresh(ix, err);
	if (rc) {
		*out = 0;
		return rc;
	}
	return lt_xdb_doc_count(ix->db, out, err);
}

struct lt_xdb *lt_index_xdb(lt_index *ix)
{
	return ix->db;
}

/* Rows with seq > after, in seq order, at most SYNC_BATCH. */
static int read_batch(lt_catalog *cat, int64_t after, outbox_row *rows, size_t *n, lt_error *err)
{
	static const char sql[] = "SELECT seq, record_id, op FROM index_outbox"
	                          " WHERE seq > ?1 ORDER BY seq LIMIT ?2";
	sqlite3 *db = lt_catalog_db(cat);
	sqlite3_stmt *st = NULL;
	int rc;

	*n = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(
		    cat, err, LT_TR("không đọc được index_outbox", "cannot read index_outbox"));
	sqlite3_bind_int64(st, 1, after);
	sqlite3_bind_int(st, 2, SYNC_BATCH);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *op = sqlite3_column_text(st, 2);
		rows[*n].seq = sqlite3_column_int64(st, 0);
		rows[*n].record_id = sqlite3_column_int64(st, 1);
		rows[*n].is_delete = op && strcmp((const char *)op, "delete") == 0;
		(*n)++;
	}
	if (rc != SQLITE_DONE) {
		rc = lt_catalog_error(
		    cat, err, LT_TR("không đọc được index_outbox", "cannot read index_outbox"));
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_finalize(st);
	return 0;
}

static int delete_record(lt_index *ix, int64_t record_id, lt_error *err)
{
	lt_buf term = LT_BUF_INIT;
	int rc;

	if (lt_terms_record_id(&term, record_id))
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	rc = lt_xdb_delete(ix->db, term.data, err);
	lt_buf_free(&term);
	return rc;
}

/* ---- the two-thread pipeline ---------------------------------------------
 *
 * Applying a row has two halves: reading the record from the catalog and
 * turning it into a Xapian document (tokenizing, folding, building the
 * document's term map: a producer thread), and handing the document to
 * the WritableDatabase (Xapian's inverter and B-tree: the caller's thread,
 * the only one that touches the database). A bounded queue joins them, so
 * both cores work and memory stays bounded. The producer only reads the
 * catalog; the writer only writes the index. Batch ends travel through
 * the queue in order, so the writer commits exactly the documents of the
 * rows up to the batch's last seq together with that seq (invariant 1).
 */

enum item_kind { ITEM_DOC, ITEM_DELETE, ITEM_BATCH_END, ITEM_END, ITEM_ERROR };

typedef struct sync_item {
	int kind;
	int64_t record_id; /* DOC, DELETE */
	int64_t seq;       /* the row's outbox seq (BATCH_END: the batch's last); -1 in a rebuild */
	size_t rows;       /* BATCH_END: outbox rows the batch covers */
	lt_xdoc *doc;      /* DOC */
	char *uterm;       /* DOC: Q<uid> */
} sync_item;

#define QUEUE_CAP      256
#define FOLLOW_WAIT_US 100000 /* follow mode: pause when too few rows are waiting */

typedef struct feed {
	pthread_mutex_t mu;
	pthread_cond_t not_empty, not_full;
	sync_item q[QUEUE_CAP];
	size_t head, count;
	int cancel; /* the writer stopped: the producer drops what it makes */

	/* producer's inputs */
	lt_catalog *cat;
	int lang;
	int64_t after;      /* sync: rows with seq > after */
	const int64_t *ids; /* rebuild: these records, in batches */
	size_t nids;
	atomic_int *done; /* follow: set once no more rows will come */
	lt_error err;     /* the producer's error, sent as ITEM_ERROR */
} feed;

static void item_free(sync_item *it)
{
	lt_xdoc_free(it->doc);
	free(it->uterm);
	it->doc = NULL;
	it->uterm = NULL;
}

/* Blocks while the queue is full. -1 when the writer cancelled (the item
 * is freed). */
static int feed_push(feed *f, sync_item *it)
{
	int cancelled;

	pthread_mutex_lock(&f->mu);
	while (f->count == QUEUE_CAP && !f->cancel)
		pthread_cond_wait(&f->not_full, &f->mu);
	cancelled = f->cancel;
	if (!cancelled) {
		f->q[(f->head + f->count) % QUEUE_CAP] = *it;
		f->count++;
		pthread_cond_signal(&f->not_empty);
	}
	pthread_mutex_unlock(&f->mu);
	if (cancelled)
		item_free(it);
	return cancelled ? -1 : 0;
}

static void feed_pop(feed *f, sync_item *it)
{
	pthread_mutex_lock(&f->mu);
	while (f->count == 0)
		pthread_cond_wait(&f->not_empty, &f->mu);
	*it = f->q[f->head];
	f->head = (f->head + 1) % QUEUE_CAP;
	f->count--;
	pthread_cond_signal(&f->not_full);
	pthread_mutex_unlock(&f->mu);
}

/* Invariant 3, producer half: what record_id's document should be now:
 * a DOC item built from the catalog, or a DELETE. */
static int make_item(lt_catalog *cat, int64_t record_id, int is_delete, sync_item *it,
                     lt_error *err)
{
	lt_record *rec = NULL;
	lt_buf uterm = LT_BUF_INIT;
	int rc;

	memset(it, 0, sizeof(*it));
	it->kind = ITEM_DELETE;
	it->record_id = record_id;
	if (is_delete)
		return 0;
	rc = lt_record_load(&rec, cat, record_id, LT_RECORD_PAGES | LT_RECORD_SIGNATURE, err);
	if (rc == LT_ENOTFOUND) {
		lt_error_clear(err);
		return 0;
	}
	if (rc)
		return rc;
	if (rec->status && strcmp(rec->status, "deleted") == 0) {
		lt_record_free(rec);
		return 0;
	}
	rc = lt_terms_record_doc(&it->doc, rec, err);
	if (rc == 0 && lt_terms_uid(&uterm, rec->uid))
		rc = lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	if (rc == 0) {
		it->kind = ITEM_DOC;
		it->uterm = lt_buf_detach(&uterm);
	} else {
		lt_xdoc_free(it->doc);
		it->doc = NULL;
	}
	lt_buf_free(&uterm);
	lt_record_free(rec);
	return rc;
}

typedef struct row_ref {
	int64_t record_id;
	size_t index;
} row_ref;

static int row_ref_cmp(const void *a, const void *b)
{
	const row_ref *x = a, *y = b;
	if (x->record_id != y->record_id)
		return x->record_id < y->record_id ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* last[i] = 1 when row i is its record's last row in the batch: a record
 * named by several rows is applied once, at its last row (invariant 3). */
static int mark_last(const outbox_row *rows, size_t n, unsigned char *last)
{
	row_ref *refs = malloc(n * sizeof(*refs));

	if (!refs)
		return LT_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		refs[i].record_id = rows[i].record_id;
		refs[i].index = i;
	}
	qsort(refs, n, sizeof(*refs), row_ref_cmp);
	for (size_t i = 0; i < n; i++)
		last[refs[i].index] = i + 1 == n || refs[i + 1].record_id != refs[i].record_id;
	free(refs);
	return 0;
}

/* Producer of a sync: outbox rows after f->after, batch by batch. */
static double seconds_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static int produce_sync(feed *f, lt_error *err)
{
	outbox_row *rows = malloc(SYNC_BATCH * sizeof(*rows));
	unsigned char *last = malloc(SYNC_BATCH);
	struct timespec waiting;
	size_t n;
	int rc = 0;

	clock_gettime(CLOCK_MONOTONIC, &waiting);
	if (!rows || !last) {
		free(rows);
		free(last);
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	}
	for (;;) {
		/* Read the flag before the rows: rows committed before it
		 * was set are then all visible to this read. */
		int done = f->done ? atomic_load(f->done) : 1;
		sync_item it;

		rc = read_batch(f->cat, f->after, rows, &n, err);
		if (rc)
			break;
		if (n == 0 && done)
			break;
		if (!done && n < SYNC_BATCH &&
		    (n == 0 || seconds_since(&waiting) < COMMIT_SECONDS)) {
			/* Following an import: gather rows for a while (the
			 * writer commits by count and time, not per batch). */
			if (n == 0)
				clock_gettime(CLOCK_MONOTONIC, &waiting);
			usleep(FOLLOW_WAIT_US);
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &waiting);
		if (mark_last(rows, n, last)) {
			rc = lt_error_set(err, LT_ENOMEM, "%s",
			                  LT_TR("hết bộ nhớ", "out of memory"));
			break;
		}
		for (size_t i = 0; rc == 0 && i < n; i++) {
			if (!last[i])
				continue;
			rc = make_item(f->cat, rows[i].record_id, rows[i].is_delete, &it, err);
			it.seq = rows[i].seq;
			if (rc)
				lt_error_prefix(err, "%s (seq %" PRId64 ")",
				                LT_TR("đồng bộ chỉ mục", "index sync"),
				                rows[i].seq);
			else if (feed_push(f, &it))
				rc = LT_ERR; /* the writer stopped; its error stands */
		}
		if (rc)
			break;
		memset(&it, 0, sizeof(it));
		it.kind = ITEM_BATCH_END;
		it.seq = rows[n - 1].seq;
		it.rows = n;
		if (feed_push(f, &it)) {
			rc = LT_ERR;
			break;
		}
		f->after = rows[n - 1].seq;
	}
	free(rows);
	free(last);
	return rc;
}

/* Producer of a rebuild: f->ids in batches of SYNC_BATCH. */
static int produce_rebuild(feed *f, lt_error *err)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < f->nids; i += SYNC_BATCH) {
		size_t end = i + SYNC_BATCH < f->nids ? i + SYNC_BATCH : f->nids;
		sync_item it;
		for (size_t j = i; rc == 0 && j < end; j++) {
			rc = make_item(f->cat, f->ids[j], 0, &it, err);
			it.seq = -1;
			if (rc == 0 && feed_push(f, &it))
				rc = LT_ERR;
		}
		if (rc)
			break;
		memset(&it, 0, sizeof(it));
		it.kind = ITEM_BATCH_END;
		it.seq = -1;
		if (feed_push(f, &it))
			rc = LT_ERR;
	}
	return rc;
}

static void *producer_main(void *arg)
{
	feed *f = arg;
	sync_item it;
	int rc;

	lt_lang_set_thread(f->lang);
	rc = f->ids ? produce_rebuild(f, &f->err) : produce_sync(f, &f->err);
	memset(&it, 0, sizeof(it));
	it.kind = rc ? ITEM_ERROR : ITEM_END;
	if (rc && f->err.code == LT_OK)
		lt_error_set(&f->err, rc, "%s", LT_TR("đồng bộ chỉ mục", "index sync"));
	feed_push(f, &it);
	return NULL;
}

/* The writer's commit points (see "Commit points" above). */
typedef struct commit_state {
	struct timespec began; /* the open transaction's start */
	double last_commit_s;  /* how long the last commit took */
	int64_t seq;           /* the last applied row's seq; -1: none (a rebuild) */
	size_t rows;           /* outbox rows of whole batches applied since the last commit */
	size_t items;          /* documents replaced or deleted since the last commit */
} commit_state;

/* Commit the open transaction with L = cp->seq. */
static int commit_point(lt_index *ix, commit_state *cp, lt_index_sync_stats *stats, lt_error *err)
{
	struct timespec t0;
	char seqtext[24];
	int rc = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (cp->seq >= 0) {
		snprintf(seqtext, sizeof(seqtext), "%" PRId64, cp->seq);
		rc = lt_xdb_metadata_set(ix->db, LAST_SEQ_KEY, seqtext, err);
	}
	if (rc == 0)
		rc = lt_xdb_commit_tx(ix->db, err);
	if (rc)
		return rc;
	if (cp->seq >= 0)
		ix->last_seq = cp->seq;
	stats->applied += cp->rows;
	cp->rows = 0;
	cp->items = 0;
	cp->last_commit_s = seconds_since(&t0);
	return 0;
}

/* The writer: apply the producer's items to ix until its END or ERROR. */
static int run_pipeline(lt_index *ix, feed *f, lt_index_sync_stats *stats, lt_error *err)
{
	pthread_t th;
	int rc = 0, in_tx = 0, finished = 0;
	commit_state cp;

	memset(&cp, 0, sizeof(cp));
	cp.seq = -1;

	if (pthread_mutex_init(&f->mu, NULL) != 0)
		return lt_error_set(err, LT_ERR, "pthread_mutex_init");
	pthread_cond_init(&f->not_empty, NULL);
	pthread_cond_init(&f->not_full, NULL);
	f->lang = (int)lt_lang_get();
	lt_error_clear(&f->err);
	if (pthread_create(&th, NULL, producer_main, f) != 0) {
		pthread_cond_destroy(&f->not_empty);
		pthread_cond_destroy(&f->not_full);
		pthread_mutex_destroy(&f->mu);
		return lt_error_set(err, LT_ERR, "pthread_create");
	}
	while (rc == 0) {
		sync_item it;
		int due;
		feed_pop(f, &it);
		if (it.kind == ITEM_END || it.kind == ITEM_ERROR) {
			finished = 1;
			if (it.kind == ITEM_ERROR) {
				rc = f->err.code ? f->err.code : LT_ERR;
				lt_error_set(err, rc, "%s", f->err.message);
			} else if (in_tx) {
				rc = commit_point(ix, &cp, stats, err);
				in_tx = rc != 0;
			}
			break;
		}
		if (!in_tx) {
			rc = lt_xdb_begin(ix->db, err);
			in_tx = rc == 0;
			clock_gettime(CLOCK_MONOTONIC, &cp.began);
		}
		if (rc == 0 && it.kind == ITEM_DOC) {
			rc = lt_xdb_replace(ix->db, it.uterm, it.doc, err);
			if (rc == 0)
				/* core/progress.h: a reindex's bar */
				lt_progress_report("index", ++stats->documents, 0);
		} else if (rc == 0 && it.kind == ITEM_DELETE) {
			rc = delete_record(ix, it.record_id, err);
			if (rc == 0)
				stats->deleted++;
		} else if (rc == 0 && it.kind == ITEM_BATCH_END) {
			cp.rows += it.rows;
		}
		if (it.kind == ITEM_DOC || it.kind == ITEM_DELETE)
			cp.items++;
		if (rc == 0 && it.seq >= 0)
			cp.seq = it.seq; /* applied: a commit point (see above) */
		due = (it.kind == ITEM_BATCH_END && cp.items >= SYNC_BATCH) ||
		      seconds_since(&cp.began) >=
		          (COMMIT_TIME_FACTOR * cp.last_commit_s > ix->commit_s
		               ? COMMIT_TIME_FACTOR * cp.last_commit_s
		               : ix->commit_s);
		if (rc == 0 && due) {
			rc = commit_point(ix, &cp, stats, err);
			in_tx = rc != 0;
		}
		if (rc && (it.kind == ITEM_DOC || it.kind == ITEM_DELETE))
			lt_error_prefix(err, "%s (%s %" PRId64 ")",
			                LT_TR("đồng bộ chỉ mục", "index sync"),
			                LT_TR("văn bản", "record"), it.record_id);
		item_free(&it);
	}
	if (in_tx)
		lt_xdb_cancel_tx(ix->db);
	if (!finished) {
		/* Stop the producer and drop what it queued. */
		pthread_mutex_lock(&f->mu);
		f->cancel = 1;
		pthread_cond_broadcast(&f->not_full);
		while (f->count > 0) {
			item_free(&f->q[f->head]);
			f->head = (f->head + 1) % QUEUE_CAP;
			f->count--;
		}
		pthread_mutex_unlock(&f->mu);
	}
	pthread_join(th, NULL);
	while (f->count > 0) {
		item_free(&f->q[f->head]);
		f->head = (f->head + 1) % QUEUE_CAP;
		f->count--;
	}
	pthread_cond_destroy(&f->not_empty);
	pthread_cond_destroy(&f->not_full);
	pthread_mutex_destroy(&f->mu);
	return rc;
}

int lt_index_terms_version(lt_index *ix)
{
	lt_buf v = LT_BUF_INIT;
	int version = 0;

	if (lt_xdb_metadata_get(ix->db, LT_TERMS_VERSION_KEY, &v, NULL) == 0 && v.len)
		version = atoi(v.data);
	lt_buf_free(&v);
	return version;
}

/* Record that every document of ix has this build's terms. */
static int mark_terms_version(lt_index *ix, lt_error *err)
{
	char v[16];
	int rc;

	snprintf(v, sizeof(v), "%d", LT_TERMS_VERSION);
	rc = lt_xdb_begin(ix->db, err);
	if (rc)
		return rc;
	rc = lt_xdb_metadata_set(ix->db, LT_TERMS_VERSION_KEY, v, err);
	if (rc == 0)
		rc = lt_xdb_commit_tx(ix->db, err);
	else
		lt_xdb_cancel_tx(ix->db);
	return rc;
}

static int sync_common(lt_index *ix, lt_catalog *cat, atomic_int *done, lt_index_sync_stats *stats,
                       lt_error *err)
{
	lt_index_sync_stats local = {0, 0, 0, 0};
	uint64_t ndocs = 1;
	int fresh;
	feed *f;
	int rc;

	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	if (!lt_xdb_is_writable(ix->db))
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("đồng bộ chỉ mục: chỉ mục mở chỉ để đọc",
		                          "index sync: the index is open read-only"));
	rc = read_last_seq(ix->db, &ix->last_seq, err);
	if (rc)
		return rc;
	/* An empty index gets this build's terms from here on. */
	fresh = lt_index_terms_version(ix) == 0 && lt_xdb_doc_count(ix->db, &ndocs, NULL) == 0 &&
	        ndocs == 0;
	f = calloc(1, sizeof(*f));
	if (!f)
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	f->cat = cat;
	f->after = ix->last_seq;
	f->done = done;
	rc = run_pipeline(ix, f, stats, err);
	free(f);
	stats->last_seq = ix->last_seq;
	if (rc == 0 && fresh)
		rc = mark_terms_version(ix, err);
	if (rc == 0)
		rc = lt_index_sync_synonyms(ix, cat, err);
	return name_full_fs(ix->path, rc, err);
}

void lt_index_tune_bulk(void)
{
	char v[24];

	snprintf(v, sizeof(v), "%d", LT_INDEX_BULK_FLUSH);
	setenv("XAPIAN_FLUSH_THRESHOLD", v, 0);
}

/* The index is for everyone: the outbox and the records are read whole,
 * whoever asks (lt_catalog_enter_system); search filters by clearance. */
static int sync_as_system(lt_index *ix, lt_catalog *cat, atomic_int *done,
                          lt_index_sync_stats *stats, lt_error *err)
{
	lt_principal saved;
	int rc;

	lt_catalog_enter_system(cat, &saved);
	rc = sync_common(ix, cat, done, stats, err);
	lt_catalog_leave_system(cat, &saved);
	return rc;
}

int lt_index_sync(lt_index *ix, lt_catalog *cat, lt_index_sync_stats *stats, lt_error *err)
{
	return sync_as_system(ix, cat, NULL, stats, err);
}

int lt_index_sync_follow(lt_index *ix, lt_catalog *cat, atomic_int *done,
                         lt_index_sync_stats *stats, lt_error *err)
{
	return sync_as_system(ix, cat, done, stats, err);
}

/* ---- rebuild and swap (luutru reindex) --------------------------------- */

/* The records to index and the outbox seq they reflect, read in one
 * catalog read transaction so the two agree: a change committed after it
 * has a higher seq and is applied by the next sync. */
static int snapshot_ids(lt_catalog *cat, unsigned shard_k, unsigned shard_n, int64_t **ids,
                        size_t *n, int64_t *seq, lt_error *err)
{
	sqlite3 *db = lt_catalog_db(cat);
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc = 0, step;

	*ids = NULL;
	*n = 0;
	*seq = 0;
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "BEGIN");
	if (sqlite3_prepare_v2(db, "SELECT COALESCE(MAX(seq), 0) FROM index_outbox", -1, &st,
	                       NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = lt_catalog_error(
		    cat, err, LT_TR("không đọc được index_outbox", "cannot read index_outbox"));
		goto out;
	}
	*seq = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db,
	                       "SELECT id FROM records WHERE COALESCE(status, '') <> 'deleted'"
	                       " AND (?1 = 0 OR id % ?1 = ?2) ORDER BY id",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err,
		                      LT_TR("không đọc được hồ sơ", "cannot read records"));
		goto out;
	}
	sqlite3_bind_int(st, 1, (int)shard_n);
	sqlite3_bind_int(st, 2, shard_n ? (int)(shard_k % shard_n) : 0);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 1024;
			int64_t *nv = realloc(*ids, nc * sizeof(*nv));
			if (!nv) {
				rc = lt_error_set(err, LT_ENOMEM, "%s",
				                  LT_TR("hết bộ nhớ", "out of memory"));
				goto out;
			}
			*ids = nv;
			cap = nc;
		}
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	if (step != SQLITE_DONE)
		rc = lt_catalog_error(cat, err,
		                      LT_TR("không đọc được hồ sơ", "cannot read records"));
out:
	sqlite3_finalize(st);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (rc) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	return rc;
}

static int rebuild(lt_index *ix, lt_catalog *cat, unsigned shard_k, unsigned shard_n,
                   lt_index_sync_stats *stats, lt_error *err)
{
	lt_index_sync_stats local;
	int64_t *ids = NULL, seq = 0;
	size_t n = 0;
	char seqtext[24];
	int rc;

	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	if (!lt_xdb_is_writable(ix->db))
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("dựng lại chỉ mục: chỉ mục mở chỉ để đọc",
		                          "index rebuild: the index is open read-only"));
	if (shard_n > 0 && shard_k >= shard_n)
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("phân đoạn %u/%u không hợp lệ", "invalid shard %u/%u"),
		                    shard_k + 1, shard_n);
	rc = snapshot_ids(cat, shard_k, shard_n, &ids, &n, &seq, err);
	if (rc == 0 && n > 0) {
		feed *f = calloc(1, sizeof(*f));
		if (!f) {
			rc = lt_error_set(err, LT_ENOMEM, "%s",
			                  LT_TR("hết bộ nhớ", "out of memory"));
		} else {
			f->cat = cat;
			f->ids = ids;
			f->nids = n;
			rc = run_pipeline(ix, f, stats, err);
			free(f);
		}
	}
	free(ids);
	snprintf(seqtext, sizeof(seqtext), "%" PRId64, seq);
	if (rc == 0)
		rc = lt_xdb_begin(ix->db, err);
	if (rc == 0) {
		rc = lt_xdb_metadata_set(ix->db, LAST_SEQ_KEY, seqtext, err);
		if (rc == 0)
			rc = lt_xdb_commit_tx(ix->db, err);
		else
			lt_xdb_cancel_tx(ix->db);
	}
	if (rc == 0)
		ix->last_seq = seq;
	stats->last_seq = ix->last_seq;
	if (rc == 0)
		rc = mark_terms_version(ix, err);
	if (rc == 0)
		rc = lt_index_sync_synonyms(ix, cat, err);
	return name_full_fs(ix->path, rc, err);
}

/* For the whole archive, whoever asks (lt_catalog_enter_system). */
int lt_index_rebuild(lt_index *ix, lt_catalog *cat, unsigned shard_k, unsigned shard_n,
                     lt_index_sync_stats *stats, lt_error *err)
{
	lt_principal saved;
	int rc;

	lt_catalog_enter_system(cat, &saved);
	rc = rebuild(ix, cat, shard_k, shard_n, stats, err);
	lt_catalog_leave_system(cat, &saved);
	return rc;
}

/* The generation number of a link target "index.g<N>", or 0. */
static unsigned long gen_number(const char *target)
{
	const char *base = strrchr(target, '/');
	char *end = NULL;
	unsigned long g;

	base = base ? base + 1 : target;
	if (strncmp(base, GEN_PREFIX, strlen(GEN_PREFIX)) != 0)
		return 0;
	g = strtoul(base + strlen(GEN_PREFIX), &end, 10);
	return *end ? 0 : g;
}

int lt_index_next_generation(const char *index_path, lt_buf *dir_out, lt_error *err)
{
	char *target = link_target(index_path);
	const char *slash = strrchr(index_path, '/');
	unsigned long g;
	int rc = 0;

	if (!target)
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	g = gen_number(target) + 1;
	free(target);
	if (slash)
		rc = lt_buf_append(dir_out, index_path, (size_t)(slash - index_path + 1));
	if (rc == 0)
		rc = lt_buf_printf(dir_out, GEN_PREFIX "%lu", g);
	return rc ? lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory")) : 0;
}

/* Remove the generations next to index_path other than keep1 and keep2
 * (base names), and leftovers of an interrupted swap. */
static int prune_generations(const char *index_path, const char *keep1, const char *keep2,
                             lt_error *err)
{
	const char *slash = strrchr(index_path, '/');
	lt_buf dir = LT_BUF_INIT;
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (slash ? lt_buf_append(&dir, index_path, (size_t)(slash - index_path))
	          : lt_buf_puts(&dir, "."))
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	d = opendir(lt_buf_cstr(&dir));
	while (d && rc == 0 && (e = readdir(d)) != NULL) {
		lt_buf p = LT_BUF_INIT;
		if (strncmp(e->d_name, GEN_PREFIX, strlen(GEN_PREFIX)) != 0 ||
		    strcmp(e->d_name, keep1) == 0 || strcmp(e->d_name, keep2) == 0)
			continue;
		if (lt_fs_join(&p, lt_buf_cstr(&dir), e->d_name) == 0)
			rc = lt_fs_remove_tree(lt_buf_cstr(&p), err);
		lt_buf_free(&p);
	}
	if (d)
		closedir(d);
	lt_buf_free(&dir);
	return rc;
}

int lt_index_prepare_generation(const char *index_path, const char *new_dir, lt_error *err)
{
	char *cur = link_target(index_path);
	const char *cb;
	int rc;

	if (!cur)
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	(void)new_dir;
	cb = strrchr(cur, '/');
	cb = cb ? cb + 1 : cur;
	/* Keep the current generation (readers use it); the new one's
	 * leftovers from an interrupted run go too, it is rebuilt anyway. */
	rc = prune_generations(index_path, *cb ? cb : GEN_PREFIX "0", "", err);
	free(cur);
	return rc;
}

int lt_index_swap(const char *index_path, const char *new_dir, lt_error *err)
{
	const char *nb = strrchr(new_dir, '/');
	lt_buf tmp = LT_BUF_INIT, old = LT_BUF_INIT;
	const char *slash = strrchr(index_path, '/');
	struct stat st;
	int rc = 0;

	nb = nb ? nb + 1 : new_dir;
	if (lt_buf_printf(&tmp, "%s.swap", index_path) ||
	    (slash && lt_buf_append(&old, index_path, (size_t)(slash - index_path + 1))) ||
	    lt_buf_puts(&old, GEN_PREFIX "0")) {
		rc = lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
		goto out;
	}
	unlink(lt_buf_cstr(&tmp));
	/* A relative link, so the data directory can move. */
	if (symlink(nb, lt_buf_cstr(&tmp)) != 0) {
		rc =
		    lt_error_set(err, LT_EIO, "symlink %s: %s", lt_buf_cstr(&tmp), strerror(errno));
		goto out;
	}
	if (lstat(index_path, &st) == 0 && S_ISDIR(st.st_mode)) {
		/* The first reindex of an index that is a plain directory:
		 * exchange the two names in one step, then keep the old
		 * directory as generation 0 until the next reindex. */
		if (renameat2(AT_FDCWD, lt_buf_cstr(&tmp), AT_FDCWD, index_path, RENAME_EXCHANGE) !=
		    0) {
			/* No RENAME_EXCHANGE here: move the directory aside
			 * first (readers opening in between retry). */
			if (rename(index_path, lt_buf_cstr(&old)) != 0 ||
			    rename(lt_buf_cstr(&tmp), index_path) != 0) {
				rc = lt_error_set(err, LT_EIO, "rename %s: %s", index_path,
				                  strerror(errno));
				goto out;
			}
		} else if (rename(lt_buf_cstr(&tmp), lt_buf_cstr(&old)) != 0) {
			rc = lt_error_set(err, LT_EIO, "rename %s: %s", lt_buf_cstr(&tmp),
			                  strerror(errno));
			goto out;
		}
	} else if (rename(lt_buf_cstr(&tmp), index_path) != 0) {
		/* A symlink (or nothing) is replaced atomically. */
		rc = lt_error_set(err, LT_EIO, "rename %s: %s", index_path, strerror(errno));
		goto out;
	}
	lt_buf_reset(&old);
	if (slash ? lt_buf_append(&old, index_path, (size_t)(slash - index_path))
	          : lt_buf_puts(&old, "."))
		rc = lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	else
		rc = lt_fs_fsync_dir(lt_buf_cstr(&old), err);
out:
	if (rc)
		unlink(lt_buf_cstr(&tmp));
	lt_buf_free(&tmp);
	lt_buf_free(&old);
	return rc;
}

int lt_index_partial_generations(const char *index_path, lt_buf *out, lt_error *err)
{
	const char *slash = strrchr(index_path, '/');
	const char *base = slash ? slash + 1 : index_path;
	char *cur = link_target(index_path);
	unsigned long current;
	lt_buf dir = LT_BUF_INIT, swap = LT_BUF_INIT;
	struct dirent *e;
	DIR *d;
	int rc = 0;

	if (!cur)
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	current = gen_number(cur);
	free(cur);
	if ((slash ? lt_buf_append(&dir, index_path, (size_t)(slash - index_path))
	           : lt_buf_puts(&dir, ".")) ||
	    lt_buf_printf(&swap, "%s.swap", base))
		rc = lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	d = rc ? NULL : opendir(lt_buf_cstr(&dir));
	while (d && rc == 0 && (e = readdir(d)) != NULL) {
		lt_buf p = LT_BUF_INIT;
		int partial = 0;

		if (strcmp(e->d_name, lt_buf_cstr(&swap)) == 0) {
			partial = 1;
		} else if (gen_number(e->d_name) > current) {
			/* Being built now? A reindex holds its write lock. */
			lt_xdb *db = NULL;
			lt_error oe = LT_ERROR_INIT;
			if (lt_fs_join(&p, lt_buf_cstr(&dir), e->d_name) == 0)
				partial = lt_xdb_open(&db, p.data, LT_XDB_WRITE, &oe) != LT_EBUSY;
			lt_xdb_free(db);
			lt_buf_reset(&p);
		}
		if (partial && (lt_fs_join(&p, lt_buf_cstr(&dir), e->d_name) ||
		                lt_buf_printf(out, "%s\n", p.data)))
			rc = lt_error_set(err, LT_ENOMEM, "%s",
			                  LT_TR("hết bộ nhớ", "out of memory"));
		lt_buf_free(&p);
	}
	if (d)
		closedir(d);
	lt_buf_free(&dir);
	lt_buf_free(&swap);
	return rc;
}

void lt_index_set_commit_seconds(lt_index *ix, double seconds)
{
	ix->commit_s = seconds >= 0 ? seconds : COMMIT_SECONDS;
}

int lt_index_regenerate(const char *index_path, lt_catalog *cat, lt_buf *dir_out,
                        lt_index_sync_stats *stats, lt_error *err)
{
	lt_index_sync_stats local;
	lt_work_scope scope = LT_WORK_SCOPE_INIT;
	lt_buf dir = LT_BUF_INIT;
	lt_index *ix = NULL;
	int rc;

	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	/* The whole archive's index: the operator or an admin of clearance 3,
	 * as backup and verify (archive/access.h), whichever path asks. */
	if ((rc = lt_access_require_whole(lt_catalog_principal(cat), "dựng lại chỉ mục",
	                                  "rebuild the index", err)) != LT_OK)
		return rc;
	/* one reindex at a time, whoever starts it (archive/work.h) */
	if ((rc = lt_work_enter(&scope, cat, "reindex", NULL, err)) != LT_OK)
		return rc;
	rc = lt_index_next_generation(index_path, &dir, err);
	if (rc == 0)
		rc = lt_index_prepare_generation(index_path, lt_buf_cstr(&dir), err);
	if (rc == 0)
		rc = lt_index_open(&ix, lt_buf_cstr(&dir), LT_INDEX_WRITE, err);
	if (rc == 0)
		rc = lt_index_rebuild(ix, cat, 0, 0, stats, err);
	lt_index_free(ix);
	if (rc == 0)
		rc = lt_index_swap(index_path, lt_buf_cstr(&dir), err);
	if (rc == 0 && dir_out && lt_buf_puts(dir_out, lt_buf_cstr(&dir)))
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
	if (rc == 0) {
		char result[64];
		snprintf(result, sizeof(result), "{\"documents\":%zu}", stats->documents);
		lt_work_leave(&scope, cat, result, NULL);
	} else {
		lt_error shown = *err;
		lt_error_hide_path(&shown, index_path, "index");
		lt_work_leave(&scope, cat, NULL, &shown);
	}
	lt_buf_free(&dir);
	return rc;
}
