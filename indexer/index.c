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
 * States of one sync (lt_index_sync):
 *
 *   idle --read_batch()--> batch read --lt_xdb_begin()--> in transaction
 *     ^                                                     |
 *     |          apply_batch(): replace / delete per record |
 *     |                                                     v
 *     +---- lt_xdb_commit_tx() (documents + L) <---- applied
 *   error anywhere in the transaction: lt_xdb_cancel_tx(), L unchanged.
 */
#include "indexer/index.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "archive/record.h"
#include "indexer/terms.h"
#include "indexer/xapian_shim.h"

#define LAST_SEQ_KEY "luutru.last_seq"
#define SYNC_BATCH   1000

struct lt_index {
	lt_xdb *db;
	int64_t last_seq;
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

int lt_index_open(lt_index **out, const char *path, unsigned flags, lt_error *err)
{
	lt_index *ix;
	int rc;

	*out = NULL;
	ix = calloc(1, sizeof(*ix));
	if (!ix)
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	rc = lt_xdb_open(&ix->db, path, (flags & LT_INDEX_WRITE) ? LT_XDB_WRITE : 0, err);
	if (rc == LT_ENOTFOUND)
		lt_error_set(
		    err, rc, "%s: %s (%s)",
		    LT_TR("không mở được chỉ mục tìm kiếm", "cannot open the search index"), path,
		    LT_TR("chưa có; chạy `luutru reindex`", "missing; run `luutru reindex`"));
	if (rc == 0)
		rc = read_last_seq(ix->db, &ix->last_seq, err);
	if (rc) {
		lt_index_free(ix);
		return rc;
	}
	*out = ix;
	return 0;
}

void lt_index_free(lt_index *ix)
{
	if (!ix)
		return;
	lt_xdb_free(ix->db);
	free(ix);
}

int64_t lt_index_last_seq(lt_index *ix)
{
	int64_t v;

	/* A reader may be behind the writer: look at the latest commit. */
	if (lt_xdb_reopen(ix->db, NULL) == 0 && read_last_seq(ix->db, &v, NULL) == 0)
		ix->last_seq = v;
	return ix->last_seq;
}

int lt_index_doc_count(lt_index *ix, uint64_t *out, lt_error *err)
{
	int rc = lt_xdb_reopen(ix->db, err);
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

/* Invariant 3: bring record_id's document in line with the catalog now.
 * *replaced tells which of the two happened. */
static int apply_record(lt_index *ix, lt_catalog *cat, int64_t record_id, int is_delete,
                        int *replaced, lt_error *err)
{
	lt_record *rec = NULL;
	lt_xdoc *doc = NULL;
	lt_buf uterm = LT_BUF_INIT;
	int rc;

	*replaced = 0;
	if (is_delete)
		return delete_record(ix, record_id, err);
	rc = lt_record_load(&rec, cat, record_id, LT_RECORD_PAGES, err);
	if (rc == LT_ENOTFOUND) {
		lt_error_clear(err);
		return delete_record(ix, record_id, err);
	}
	if (rc)
		return rc;
	if (rec->status && strcmp(rec->status, "deleted") == 0) {
		lt_record_free(rec);
		return delete_record(ix, record_id, err);
	}
	rc = lt_terms_record_doc(&doc, rec, err);
	if (rc == 0 && lt_terms_uid(&uterm, rec->uid))
		rc = lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	if (rc == 0)
		rc = lt_xdb_replace(ix->db, uterm.data, doc, err);
	if (rc == 0)
		*replaced = 1;
	lt_buf_free(&uterm);
	lt_xdoc_free(doc);
	lt_record_free(rec);
	return rc;
}

/* One batch in one Xapian transaction (invariant 1). A record named by
 * several rows is applied once, at its last row: the earlier rows would
 * give the same document (invariant 3). */
static int apply_batch(lt_index *ix, lt_catalog *cat, const outbox_row *rows, size_t n,
                       lt_index_sync_stats *stats, lt_error *err)
{
	char seqtext[24];
	int rc;

	rc = lt_xdb_begin(ix->db, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		int later = 0, replaced = 0;
		for (size_t j = i + 1; j < n && !later; j++)
			later = rows[j].record_id == rows[i].record_id;
		if (later)
			continue;
		rc = apply_record(ix, cat, rows[i].record_id, rows[i].is_delete, &replaced, err);
		if (rc) {
			lt_xdb_cancel_tx(ix->db);
			return lt_error_prefix(err, "%s (seq %" PRId64 ")",
			                       LT_TR("đồng bộ chỉ mục", "index sync"), rows[i].seq);
		}
		if (replaced)
			stats->documents++;
		else
			stats->deleted++;
	}
	snprintf(seqtext, sizeof(seqtext), "%" PRId64, rows[n - 1].seq);
	rc = lt_xdb_metadata_set(ix->db, LAST_SEQ_KEY, seqtext, err);
	if (rc == 0)
		rc = lt_xdb_commit_tx(ix->db, err);
	if (rc) {
		lt_xdb_cancel_tx(ix->db);
		return rc;
	}
	ix->last_seq = rows[n - 1].seq;
	stats->applied += n;
	return 0;
}

int lt_index_sync(lt_index *ix, lt_catalog *cat, lt_index_sync_stats *stats, lt_error *err)
{
	lt_index_sync_stats local = {0, 0, 0, 0};
	outbox_row *rows;
	size_t n;
	int rc;

	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	if (!lt_xdb_is_writable(ix->db))
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("đồng bộ chỉ mục: chỉ mục mở chỉ để đọc",
		                          "index sync: the index is open read-only"));
	rows = malloc(SYNC_BATCH * sizeof(*rows));
	if (!rows)
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	rc = read_last_seq(ix->db, &ix->last_seq, err);
	while (rc == 0) {
		rc = read_batch(cat, ix->last_seq, rows, &n, err);
		if (rc || n == 0)
			break;
		rc = apply_batch(ix, cat, rows, n, stats, err);
	}
	free(rows);
	stats->last_seq = ix->last_seq;
	return rc;
}
