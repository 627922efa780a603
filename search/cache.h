/*
 * search/cache.h — the index half of recent searches, shared by the
 * service's threads.
 *
 * A search has two halves: matching in the index (the costly one: posting
 * lists, ranking, facet counts) and joining the page of hits with the
 * catalog (titles, snippets, the clearance and status re-check). The cache
 * keeps the first half: the total, the page's record ids with their
 * weights and ranks, and the facet counts, under a key holding everything
 * that decides it (clearance, language of the facet labels, paging, sort,
 * facets, the query text), tagged with the index state it was computed on
 * (generation and revision). The join runs on every search, so a record
 * edited, destroyed or classified higher in the catalog since shows as it
 * is now, or not at all, exactly as without the cache.
 *
 * An entry of an older index state is not used, with one exception that
 * keeps latency flat while another process commits to the index under
 * load: when at least `busy` index halves are already being computed, a
 * search whose entry is at most `stale_max` seconds out of date gets that
 * entry at once, and the key goes to a refresh queue that one background
 * thread (the refresher) recomputes at the current revision
 * (docs/search.md, "Result cache"). A lone searcher gets the current
 * index.
 *
 * Bounded by entries and bytes, least recently used out first. All calls
 * are thread-safe.
 */
#ifndef LT_SEARCH_CACHE_H
#define LT_SEARCH_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "search/search.h"

#define LT_SEARCH_CACHE_DEFAULT 4096 /* entries (luutru serve --search-cache) */
#define LT_SEARCH_CACHE_MAX     1000000

/* One page of matches, before the catalog join. */
typedef struct lt_search_match_row {
	int64_t record_id; /* -1: the index document carries no record id */
	uint32_t docid;
	int rank; /* 0-based over the whole result */
	double weight;
} lt_search_match_row;

typedef struct lt_search_match {
	uint64_t total;
	lt_search_match_row *rows;
	size_t nrows;
	lt_facet facets[LT_FACET__COUNT];
} lt_search_match;

/* clang-format off */
#define LT_SEARCH_MATCH_INIT { 0, NULL, 0, {{NULL, 0, 0}} }
/* clang-format on */

void lt_search_match_free(lt_search_match *m);
/* A deep copy; LT_ENOMEM leaves dst empty. */
int lt_search_match_copy(lt_search_match *dst, const lt_search_match *src);

typedef struct lt_search_cache lt_search_cache;

/* The index a match was computed on: a hash of the generation and the
 * revision (lt_xdb_revision). */
typedef struct lt_search_cache_state {
	uint64_t generation, revision;
} lt_search_cache_state;

/* FNV-1a of a NUL-terminated string (keys; the state's generation). */
uint64_t lt_search_cache_hash(const char *s);

typedef enum lt_search_cache_answer {
	LT_CACHE_MISS,  /* compute, then lt_search_cache_put() (always) */
	LT_CACHE_HIT,   /* *out is the match at the current state */
	LT_CACHE_STALE, /* *out is the match at an older state (busy; see above) */
} lt_search_cache_answer;

typedef struct lt_search_cache_stats {
	uint64_t hits, stale, misses, refreshed;
	size_t entries, bytes;
} lt_search_cache_stats;

#define LT_SEARCH_CACHE_STALE_MAX 60 /* seconds */

/* max_entries 1..LT_SEARCH_CACHE_MAX; max_bytes 0 = 64 MiB. busy starts
 * as half the processors (at least 1), stale_max as
 * LT_SEARCH_CACHE_STALE_MAX. */
int lt_search_cache_new(lt_search_cache **out, size_t max_entries, size_t max_bytes, lt_error *err);
void lt_search_cache_free(lt_search_cache *c);
/* busy 0 or stale_max 0: never answer stale. */
void lt_search_cache_set_stale(lt_search_cache *c, unsigned busy, unsigned stale_max);

/* Looks key up for the index at state. On LT_CACHE_MISS (also when a copy
 * fails for want of memory) the caller computes and must then call
 * lt_search_cache_put(), with NULL when the computation failed: until
 * then it counts as one search computing. */
lt_search_cache_answer lt_search_cache_get(lt_search_cache *c, const char *key,
                                           lt_search_cache_state state, lt_search_match *out);
/* Ends a computation begun by a miss; keeps a copy of m (when not NULL)
 * under key at state, replacing the entry there. When memory is short
 * the entry is simply not kept. */
void lt_search_cache_put(lt_search_cache *c, const char *key, lt_search_cache_state state,
                         const lt_search_match *m);
void lt_search_cache_get_stats(lt_search_cache *c, lt_search_cache_stats *out);

/* The refresher's side (lt_search_refresher_start, search/search.h): the
 * next key answered stale, waiting for one; NULL once stopping. The
 * caller owns the key, recomputes it and ends with lt_search_cache_put()
 * (it counts as computing until then). */
char *lt_search_cache_next_refresh(lt_search_cache *c);
/* Wakes and ends lt_search_cache_next_refresh() for good. */
void lt_search_cache_stop_refresh(lt_search_cache *c);

/*
 * Warming after a restart (docs/search.md, "Result cache"): the service
 * saves the keys of its most recently used entries when it stops, and
 * queues them for the refresher when it starts again, so that the first
 * searches after a restart find their index half computed, and the index
 * pages they need read from disk, instead of each computing it under the
 * first load.
 */
/* Queue key for the refresher unless the cache has it (or the queue is
 * full, or stopping): 1 when queued. */
int lt_search_cache_warm(lt_search_cache *c, const char *key);
/* The keys of the most recently used entries (at most as many as the
 * refresh queue holds, newest first) into path, atomically, mode 0600. */
int lt_search_cache_save_keys(lt_search_cache *c, const char *path, lt_error *err);
/* The keys saved in path queued by lt_search_cache_warm, in order; the
 * number queued in *queued. A missing file is no keys; a damaged one is
 * LT_ECORRUPT (the keys before the damage are queued). */
int lt_search_cache_warm_from(lt_search_cache *c, const char *path, size_t *queued, lt_error *err);
/* Keys queued for the refresher plus computations not yet put back. */
size_t lt_search_cache_refresh_pending(lt_search_cache *c);

#endif
