/*
 * indexer/index.h — the search index and its sync from the catalog.
 *
 * The catalog is the source of truth; the index is derived. Every change
 * that affects search appends a row to the catalog's index_outbox (seq,
 * record_id). lt_index_sync() applies outbox rows in seq order, in batches;
 * each batch ends with one Xapian commit that also stores the last applied
 * seq in the index metadata ("luutru.last_seq"), so after a crash the next
 * sync starts exactly where the last commit ended: no row lost, none
 * applied twice in a way that matters (applying a row is idempotent: it
 * replaces the record's document, or deletes it).
 *
 * One record is one Xapian document, found by its unique term Q<uid>. Free
 * text (title, subject, OCR text) is indexed twice with positions: folded
 * terms (no prefix) and exact terms (prefix XE), see indexer/terms.h.
 * Boolean terms: XT<typeName code>, Y<year>, XK<kind>, XS<secrecy>,
 * XF<fileCode folded>, XO<issuing body folded>. Values: see terms.h.
 *
 * One writer at a time (Xapian's lock): a second writable open fails with
 * LT_EBUSY. Readers see the last commit.
 */
#ifndef LT_INDEXER_INDEX_H
#define LT_INDEXER_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "archive/catalog.h"
#include "core/error.h"

typedef struct lt_index lt_index;

enum {
	LT_INDEX_WRITE = 1 << 0, /* open for writing, create when missing */
};

int lt_index_open(lt_index **out, const char *path, unsigned flags, lt_error *err);
void lt_index_free(lt_index *ix);

typedef struct lt_index_sync_stats {
	size_t applied;   /* outbox rows applied */
	size_t documents; /* documents replaced */
	size_t deleted;   /* documents removed */
	int64_t last_seq; /* after the sync */
} lt_index_sync_stats;

/* Apply every outbox row after the index's last_seq. */
int lt_index_sync(lt_index *ix, lt_catalog *cat, lt_index_sync_stats *stats, lt_error *err);

int64_t lt_index_last_seq(lt_index *ix);
/* Documents in the index. */
int lt_index_doc_count(lt_index *ix, uint64_t *out, lt_error *err);

/* The opaque Xapian database behind this index (indexer/xapian_shim.h);
 * search/ uses it. Valid while ix lives. */
struct lt_xdb *lt_index_xdb(lt_index *ix);

#endif
