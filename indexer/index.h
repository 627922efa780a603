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
 * A long sync does not wait for the end of a batch to commit: it commits
 * every couple of seconds as well (lt_index_set_commit_seconds), so a
 * kill keeps what it applied.
 *
 * One writer at a time (Xapian's lock): a second writable open fails with
 * LT_EBUSY. Readers see the last commit.
 *
 * Generations (luutru reindex, docs/search.md): <dir>/index is either a
 * plain Xapian directory (as `luutru init` makes it) or a symlink to
 * <dir>/index.g<N>. `reindex` builds index.g<N+1> from the catalog, then
 * replaces the symlink with one rename (the first time, when index is a
 * directory, with renameat2 RENAME_EXCHANGE), so every open sees either
 * the old or the new generation, never neither. A reader opens the
 * symlink's target and keeps it; lt_index_refresh() notices a new target
 * and opens it. The previous generation is kept until the next reindex,
 * so a reader still in a search on it finishes.
 *
 * Shards: a reader may be one search over several indexes, local paths
 * and remote ones served by xapian-tcpsrv ("tcp://HOST:PORT"), listed in
 * luutru.conf as index_shards = a, b, ... (lt_index_open_reader).
 */
#ifndef LT_INDEXER_INDEX_H
#define LT_INDEXER_INDEX_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "archive/catalog.h"
#include "core/buf.h"
#include "core/error.h"

typedef struct lt_index lt_index;

enum {
	LT_INDEX_WRITE = 1 << 0, /* open for writing, create when missing */
};

typedef struct lt_index_sync_stats {
	size_t applied;   /* outbox rows applied */
	size_t documents; /* documents replaced */
	size_t deleted;   /* documents removed */
	int64_t last_seq; /* after the sync */
} lt_index_sync_stats;

int lt_index_open(lt_index **out, const char *path, unsigned flags, lt_error *err);
void lt_index_free(lt_index *ix);

/* A reader over several shards (each a local path or tcp://HOST:PORT). */
int lt_index_open_shards(lt_index **out, const char *const *specs, size_t n, lt_error *err);
/* The reader searches use for a data directory: the shards listed in
 * <data_dir>/luutru.conf as `index_shards = a, b, ...` (relative paths
 * are under data_dir), else index_path. */
int lt_index_open_reader(lt_index **out, const char *data_dir, const char *index_path,
                         lt_error *err);
/* Readers: move to the latest commit, or to the new generation when
 * `reindex` swapped one in since. Searches call it first. */
int lt_index_refresh(lt_index *ix, lt_error *err);
/* The symlink target this reader opened ("" when the index is a plain
 * directory or a shard set). */
const char *lt_index_generation(const lt_index *ix);

/* Rebuild: index every record of the catalog that is not deleted (with
 * shard_n > 0, only those with id % shard_n == shard_k) into ix (writable,
 * normally new and empty), then store as last_seq the outbox seq read in
 * the same catalog snapshot, so a later sync applies what changed since. */
int lt_index_rebuild(lt_index *ix, lt_catalog *cat, unsigned shard_k, unsigned shard_n,
                     lt_index_sync_stats *stats, lt_error *err);
/* The path of the next generation for index_path (index.g<N+1> beside
 * it), appended to dir_out. */
int lt_index_next_generation(const char *index_path, lt_buf *dir_out, lt_error *err);
/* Before building new_dir: remove the generations beside index_path
 * other than the current one (leftovers and the previous generation). */
int lt_index_prepare_generation(const char *index_path, const char *new_dir, lt_error *err);
/* Point index_path at new_dir (a sibling) atomically. */
int lt_index_swap(const char *index_path, const char *new_dir, lt_error *err);
/* A whole reindex of index_path (`luutru reindex`, POST /api/v1/work): the
 * next generation prepared, built from the catalog (lt_index_rebuild),
 * swapped in. What changed in the catalog during the build is not applied
 * yet: the caller syncs after (its writer, its lock). dir_out (may be
 * NULL) receives the new generation's path, stats (may be NULL) the
 * build's counts. Searches are answered from the old generation until the
 * swap. */
int lt_index_regenerate(const char *index_path, lt_catalog *cat, lt_buf *dir_out,
                        lt_index_sync_stats *stats, lt_error *err);
/* What a reindex that stopped midway (killed, a full disk) leaves beside
 * index_path: generations numbered above the current one that no reindex
 * is building now (Xapian's write lock tells), and the temporary link of
 * an interrupted swap. Their paths are appended to out, one per line.
 * Nothing reads them; lt_fs_remove_tree removes them (the next reindex
 * would too). */
int lt_index_partial_generations(const char *index_path, lt_buf *out, lt_error *err);

/* For a bulk writer (luutru import, reindex): let Xapian flush its
 * in-memory changes every LT_INDEX_BULK_FLUSH documents instead of its
 * default 10,000 (docs/search.md, "Index sync batches and import speed"),
 * unless XAPIAN_FLUSH_THRESHOLD is already set. It sets an environment
 * variable, which Xapian reads when a writable database opens: call it
 * from a command's main thread before it starts other threads. */
#define LT_INDEX_BULK_FLUSH 3000
void lt_index_tune_bulk(void);

/* Apply every outbox row after the index's last_seq. Two threads: one
 * reads records from cat and builds their documents, the caller's writes
 * them to the index (indexer/index.c, "the two-thread pipeline"); cat is
 * used only by the first while this runs. */
int lt_index_sync(lt_index *ix, lt_catalog *cat, lt_index_sync_stats *stats, lt_error *err);

/* The same while another connection is still adding rows (luutru import):
 * apply whole batches as they commit, waiting for more, until *done is
 * set; then apply what is left and return. cat must be a connection of
 * its own (the caller's thread keeps writing through another). */
int lt_index_sync_follow(lt_index *ix, lt_catalog *cat, atomic_int *done,
                         lt_index_sync_stats *stats, lt_error *err);

/* A sync commits (with its last applied seq) at least every this many
 * seconds — default 2, longer when commits are slow (9 times the last
 * commit's duration) — and after every 10,000 documents, so a long sync
 * that is killed keeps its progress. 0 commits after every document
 * (tests). */
void lt_index_set_commit_seconds(lt_index *ix, double seconds);

int64_t lt_index_last_seq(lt_index *ix);
/* The vocabulary version its documents were indexed with
 * (LT_TERMS_VERSION, indexer/terms.h); 0 for an index older than the
 * versions, which a search still reads (`luutru reindex` brings it up). */
int lt_index_terms_version(lt_index *ix);
/* Documents in the index. */
int lt_index_doc_count(lt_index *ix, uint64_t *out, lt_error *err);

/* The opaque Xapian database behind this index (indexer/xapian_shim.h);
 * search/ uses it. Valid while ix lives. */
struct lt_xdb *lt_index_xdb(lt_index *ix);

#endif
