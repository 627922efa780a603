/*
 * indexer/xapian_shim.h — a plain C face on Xapian 1.4, the only place
 * C++ lives in luutru (indexer/xapian_shim.cc).
 *
 * The shim is thin on purpose: it turns Xapian objects into opaque
 * handles and Xapian exceptions into lt_status codes, and holds no
 * business logic (which terms a record gets lives in indexer/terms.c,
 * how a user's query is read in search/query.c). No C++ exception ever
 * crosses into C: every entry point catches everything.
 *
 * Exceptions map to codes as follows; the message always carries
 * Xapian's own text (get_msg()):
 *   DatabaseLockError                        LT_EBUSY (another writer)
 *   DatabaseCorruptError                     LT_ECORRUPT
 *   DatabaseVersionError                     LT_EVERSION
 *   DatabaseNotFoundError, DatabaseOpening…  LT_ENOTFOUND
 *   QueryParserError, InvalidArgumentError   LT_EINVAL
 *   std::bad_alloc                           LT_ENOMEM
 *   any other Xapian::Error                  LT_EINDEX
 *   anything else                            LT_ERR
 *
 * Ownership: every handle returned through **out is freed with its own
 * _free(), which accepts NULL. Queries are values: combining queries copies
 * them (cheaply, Xapian reference-counts them), so the caller frees its
 * inputs whenever it likes. An MSet stays usable while its database lives.
 *
 * Threads: one lt_xdb is used by one thread at a time. Xapian allows one
 * writer per database (a second writable open fails with LT_EBUSY) and
 * any number of readers; a reader sees the commit that was current when
 * it opened or last called lt_xdb_reopen().
 */
#ifndef LT_INDEXER_XAPIAN_SHIM_H
#define LT_INDEXER_XAPIAN_SHIM_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lt_xdb lt_xdb;
typedef struct lt_xdoc lt_xdoc;
typedef struct lt_xquery lt_xquery;
typedef struct lt_xmset lt_xmset;
typedef struct lt_xspy lt_xspy;

/* ---- database --------------------------------------------------------- */

enum {
	LT_XDB_WRITE = 1 << 0, /* writable; created when missing */
};

int lt_xdb_open(lt_xdb **out, const char *path, unsigned flags, lt_error *err);
/* Closes the database; a writable one commits pending changes first
 * (Xapian's behaviour) unless a transaction is open, which is cancelled. */
void lt_xdb_free(lt_xdb *db);
/* One read-only database over several shards, searched as one (Xapian
 * merges the rankings with collection-wide statistics): each spec is a
 * local path or "tcp://HOST:PORT" (a remote database served by
 * xapian-tcpsrv; timeout_ms for connecting and each request). Document ids
 * interleave; document data and values come from the shard holding the
 * document. Metadata reads come from the first shard. */
int lt_xdb_open_shards(lt_xdb **out, const char *const *specs, size_t n, unsigned timeout_ms,
                       lt_error *err);
int lt_xdb_is_writable(const lt_xdb *db);
/* Readers: move to the latest commit. */
int lt_xdb_reopen(lt_xdb *db, lt_error *err);
/* The commit the handle reads (it changes with every commit it sees);
 * LT_EINVAL, without a message, for several shards, which have no single
 * revision. */
int lt_xdb_revision(lt_xdb *db, uint64_t *out);
int lt_xdb_commit(lt_xdb *db, lt_error *err);
/* A flushed transaction: everything between begin and commit lands in one
 * Xapian commit; cancel drops it all. Writable databases only. */
int lt_xdb_begin(lt_xdb *db, lt_error *err);
int lt_xdb_commit_tx(lt_xdb *db, lt_error *err);
void lt_xdb_cancel_tx(lt_xdb *db);

int lt_xdb_doc_count(lt_xdb *db, uint64_t *out, lt_error *err);
/* Documents indexed by term (0 when the term is absent). */
int lt_xdb_term_freq(lt_xdb *db, const char *term, uint64_t *out, lt_error *err);

/* The value is appended to out; a missing key appends nothing. */
int lt_xdb_metadata_get(lt_xdb *db, const char *key, lt_buf *out, lt_error *err);
int lt_xdb_metadata_set(lt_xdb *db, const char *key, const char *value, lt_error *err);

/* Replace the documents indexed by unique_term with doc (add it when none
 * is). The term should be in doc too, so a later replace finds it. */
int lt_xdb_replace(lt_xdb *db, const char *unique_term, const lt_xdoc *doc, lt_error *err);
/* Delete every document indexed by term; none is not an error. */
int lt_xdb_delete(lt_xdb *db, const char *term, lt_error *err);

/* Xapian's synonym table: key (a term, or words joined by spaces) → its
 * synonyms. Add one; clear the whole table (writable databases); visit
 * the synonyms of key (none is not an error; a non-zero return of visit
 * stops the walk). */
int lt_xdb_add_synonym(lt_xdb *db, const char *key, const char *synonym, lt_error *err);
int lt_xdb_clear_synonyms(lt_xdb *db, lt_error *err);
/* 1 when some key of the synonym table starts with prefix (one B-tree
 * seek), else 0 (also on error). */
int lt_xdb_synonym_prefix(lt_xdb *db, const char *prefix);
int lt_xdb_synonyms(lt_xdb *db, const char *key,
                    int (*visit)(void *ctx, const char *synonym, size_t len), void *ctx,
                    lt_error *err);

/* Xapian::sortable_serialise: a double as bytes that sort like numbers. */
int lt_x_sortable_serialise(lt_buf *out, double value);
double lt_x_sortable_unserialise(const char *s, size_t len);

/* ---- documents -------------------------------------------------------- */

int lt_xdoc_new(lt_xdoc **out, lt_error *err);
void lt_xdoc_free(lt_xdoc *doc);
/* A term at a position (1-based positions; wdf grows by one). */
int lt_xdoc_add_posting(lt_xdoc *doc, const char *term, size_t len, uint32_t pos, lt_error *err);
/* A term without position (wdf grows by one). */
int lt_xdoc_add_term(lt_xdoc *doc, const char *term, size_t len, lt_error *err);
/* A filter term: wdf 0, so it never changes a document's weight. */
int lt_xdoc_add_boolean_term(lt_xdoc *doc, const char *term, size_t len, lt_error *err);
int lt_xdoc_add_value(lt_xdoc *doc, unsigned slot, const char *value, size_t len, lt_error *err);
int lt_xdoc_set_data(lt_xdoc *doc, const char *data, size_t len, lt_error *err);
/* Number of distinct terms (for tests and diagnostics). */
size_t lt_xdoc_term_count(const lt_xdoc *doc);
/* 1 when doc has term. */
int lt_xdoc_has_term(const lt_xdoc *doc, const char *term);

/* ---- queries ---------------------------------------------------------- */

typedef enum lt_xop {
	LT_XOP_AND,
	LT_XOP_OR,
	LT_XOP_AND_NOT,   /* first, minus any of the others */
	LT_XOP_AND_MAYBE, /* first; the others only add weight */
	LT_XOP_FILTER,    /* first, restricted to the others, which add no weight */
	LT_XOP_PHRASE,    /* in order within window (0 = exactly adjacent) */
	LT_XOP_NEAR,      /* any order within window */
	LT_XOP_SYNONYM,   /* one term for weighting: wdfs added */
} lt_xop;

/* Every constructor makes a new query in *out (free with lt_xquery_free). */
int lt_xquery_term(lt_xquery **out, const char *term, size_t len, lt_error *err);
int lt_xquery_match_all(lt_xquery **out, lt_error *err);
int lt_xquery_match_nothing(lt_xquery **out, lt_error *err);
/* OP_SCALE_WEIGHT: multiply q's weight by factor (>= 0). */
int lt_xquery_scale(lt_xquery **out, const lt_xquery *q, double factor, lt_error *err);
/* Combine n >= 1 subqueries; window applies to PHRASE and NEAR only. */
int lt_xquery_combine(lt_xquery **out, lt_xop op, const lt_xquery *const *subs, size_t n,
                      unsigned window, lt_error *err);
/* Documents whose value in slot lies in [lo, hi] (byte order); lo or hi
 * NULL means open-ended. */
int lt_xquery_value_range(lt_xquery **out, unsigned slot, const char *lo, const char *hi,
                          lt_error *err);
/* Terms starting with prefix, at most max_expansion of them (the most
 * frequent win), combined as one synonym. An empty expansion matches
 * nothing. */
int lt_xquery_wildcard(lt_xquery **out, const char *prefix, unsigned max_expansion, lt_error *err);
/* True for a query that can match nothing (MatchNothing). */
int lt_xquery_is_empty(const lt_xquery *q);
/* Xapian's get_description(), appended to out (debugging, tests). */
int lt_xquery_describe(const lt_xquery *q, lt_buf *out);
void lt_xquery_free(lt_xquery *q);

/* ---- searching -------------------------------------------------------- */

/* A ValueCountMatchSpy over one value slot, for facets. Attach it to one
 * search (lt_xsearch_options.spies), then read its counts. */
int lt_xspy_new(lt_xspy **out, unsigned slot, lt_error *err);
void lt_xspy_free(lt_xspy *spy);
/* Documents the spy saw. */
uint64_t lt_xspy_total(const lt_xspy *spy);
/* Visit at most max values, most frequent first; the callback gets the
 * value bytes and its document count; a non-zero return stops the walk. */
int lt_xspy_top(const lt_xspy *spy, size_t max,
                int (*visit)(void *ctx, const char *value, size_t len, uint64_t count), void *ctx,
                lt_error *err);

typedef struct lt_xsearch_options {
	size_t offset;         /* hits to skip */
	size_t limit;          /* hits to return */
	size_t check_at_least; /* count at least this many matches exactly */
	double bm25_k1, bm25_k2, bm25_k3, bm25_b, bm25_min_normlen;
	int sort_slot;         /* -1: by relevance; else by this value slot */
	int sort_reverse;      /* with sort_slot: descending */
	lt_xspy *const *spies; /* match spies to fill, may be NULL */
	size_t nspies;
	double bm25plus_delta; /* > 0: BM25+ (Xapian's BM25PlusWeight) with this
	                        * lower bound on a matching term's tf part, so a
	                        * long document cannot outweigh a short one on
	                        * length alone; 0: plain BM25 */
} lt_xsearch_options;

/* Xapian's BM25 defaults. */
/* clang-format off */
#define LT_XSEARCH_OPTIONS_INIT { 0, 10, 0, 1.0, 0.0, 1.0, 0.5, 0.5, -1, 0, NULL, 0, 0.0 }
/* clang-format on */

/* Run q against db. check_at_least is raised to offset + limit. */
int lt_xdb_search(lt_xmset **out, lt_xdb *db, const lt_xquery *q, const lt_xsearch_options *opts,
                  lt_error *err);

void lt_xmset_free(lt_xmset *m);
/* Hits in this page. */
size_t lt_xmset_size(const lt_xmset *m);
/* Xapian's estimate of all matches; exact when lower == upper bound. */
uint64_t lt_xmset_estimated(const lt_xmset *m);
uint64_t lt_xmset_lower_bound(const lt_xmset *m);
uint64_t lt_xmset_upper_bound(const lt_xmset *m);
uint32_t lt_xmset_docid(const lt_xmset *m, size_t i);
/* 0-based rank over the whole result (offset included). */
size_t lt_xmset_rank(const lt_xmset *m, size_t i);
double lt_xmset_weight(const lt_xmset *m, size_t i);
/* Document data / one value slot of hit i, appended to out. */
int lt_xmset_data(const lt_xmset *m, size_t i, lt_buf *out, lt_error *err);
int lt_xmset_value(const lt_xmset *m, size_t i, unsigned slot, lt_buf *out, lt_error *err);

#ifdef __cplusplus
}
#endif

#endif
