/*
 * search/search.h — a user's query in, ranked records out.
 *
 * The query is free text in Vietnamese, with or without diacritics. A word
 * typed without diacritics matches its folded form (so "ho so" finds
 * "hồ sơ"); a word typed with diacritics matches the same word exactly,
 * and also text that was itself written without diacritics, ranked below
 * exact matches. Every search runs with a clearance: records above it are
 * filtered inside the index query, so they change no hit, total, facet
 * or snippet.
 *
 * Hits are joined with the catalog for display. Results own their strings;
 * free them with lt_search_results_free(). The query language is in
 * search/query.h; snippets and their rendering in search/snippet.h.
 *
 * Errors: an empty query or one without a word (only punctuation),
 * invalid UTF-8, a bad field value or a backwards range, limit outside
 * 1..LT_SEARCH_LIMIT_MAX, offset above LT_SEARCH_OFFSET_MAX or clearance
 * outside 0..3 give LT_EINVAL; a query longer than
 * LT_SEARCH_QUERY_MAX_BYTES gives LT_ELIMIT. Messages are Vietnamese
 * first (English with lt_lang_set(LT_LANG_EN)).
 */
#ifndef LT_SEARCH_SEARCH_H
#define LT_SEARCH_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "archive/catalog.h"
#include "core/error.h"
#include "indexer/index.h"
#include "search/snippet.h"

#define LT_SEARCH_QUERY_MAX_BYTES 4096
#define LT_SEARCH_LIMIT_MAX       1000
#define LT_SEARCH_OFFSET_MAX      100000

#define LT_SEARCH_FACET_MAX 100 /* values per facet, at most */

typedef enum lt_search_sort {
	LT_SORT_RELEVANCE, /* default: BM25 ranking (docs/search.md) */
	LT_SORT_DATE_DESC, /* issue date, newest first; ties by relevance */
	LT_SORT_DATE_ASC,  /* issue date, oldest first; ties by relevance */
} lt_search_sort;

/* Facets: the matching records counted by one field's value. */
typedef enum lt_search_facet {
	LT_FACET_TYPE,    /* typeName code; label from the code list */
	LT_FACET_YEAR,    /* year of issuedDate */
	LT_FACET_ORGAN,   /* organName as stored */
	LT_FACET_DOSSIER, /* fileCode as stored */
	LT_FACET__COUNT
} lt_search_facet;

typedef struct lt_search_options {
	size_t limit;  /* hits per page, 1..LT_SEARCH_LIMIT_MAX; default 10 */
	size_t offset; /* hits to skip */
	/* 0..3: highest secrecy shown; the catalog's principal bounds it
	 * (archive/access.h), so the default 3 means "all the searcher may see" */
	int clearance;
	lt_search_sort sort; /* default LT_SORT_RELEVANCE */
	unsigned facets;     /* bit (1u << lt_search_facet) per facet wanted */
	size_t facet_max;    /* values per facet, 1..LT_SEARCH_FACET_MAX; default 20 */
	/* Optional: reuse the index half of an equal search at the same index
	 * revision (search/cache.h); NULL searches the index every time. */
	struct lt_search_cache *cache;
} lt_search_options;

/* clang-format off */
#define LT_SEARCH_OPTIONS_INIT { 10, 0, 3, LT_SORT_RELEVANCE, 0, 20, NULL }
/* clang-format on */

/* Names used by the CLI, the JSON query form and the HTTP API:
 * "relevance", "date_desc", "date_asc" / "type", "year", "organ",
 * "dossier". Parse returns -1 for an unknown name. */
const char *lt_search_sort_name(lt_search_sort s);
int lt_search_sort_parse(const char *name);
const char *lt_search_facet_name(lt_search_facet f);
int lt_search_facet_parse(const char *name);

typedef struct lt_search_hit {
	int64_t record_id;
	char uid[37];
	char *doc_id;      /* may be NULL */
	char *title;       /* lt_record_display_title() */
	char *issued_date; /* ISO "2021-03-04", may be NULL */
	char *snippet;     /* plain passage text (search/snippet.h), never NULL */
	lt_span *spans;    /* the matches in snippet, sorted; NULL when nspans is 0 */
	size_t nspans;
	double score;
	int rank; /* 1-based over the whole result */
} lt_search_hit;

typedef struct lt_facet_value {
	char *value;    /* as stored: "02", "2021", "Sở Nội vụ", "01.TCCB" */
	char *label;    /* for display: the type's label, else the value */
	uint64_t count; /* matching records with this value */
} lt_facet_value;

typedef struct lt_facet {
	lt_facet_value *values; /* most frequent first (ties: by value) */
	size_t n;
	int wanted; /* asked for in lt_search_options.facets */
} lt_facet;

typedef struct lt_search_results {
	uint64_t total; /* matching records (Xapian's estimate, exact for small sets) */
	lt_search_hit *hits;
	size_t nhits;
	/* Counted over every match the clearance lets through (not only this
	 * page): Xapian's match spies see each candidate document once. On a
	 * very broad query Xapian may stop early (check_at_least), and the
	 * counts are then over the documents it looked at. */
	lt_facet facets[LT_FACET__COUNT];
} lt_search_results;

/* clang-format off */
#define LT_SEARCH_RESULTS_INIT { 0, NULL, 0, {{NULL, 0, 0}} }
/* clang-format on */

int lt_search_run(lt_index *ix, lt_catalog *cat, const char *query, const lt_search_options *opts,
                  lt_search_results *out, lt_error *err);
void lt_search_results_free(lt_search_results *res);
/* Frees the values of facets[0..LT_FACET__COUNT) and empties them. */
void lt_facets_free(lt_facet *facets);

/* A thread that recomputes, at the index's current revision, the cached
 * searches answered stale (search/cache.h), with its own reader of the
 * archive's index (opened when first needed). Stop it before freeing the
 * cache. */
typedef struct lt_search_refresher lt_search_refresher;
int lt_search_refresher_start(lt_search_refresher **out, struct lt_search_cache *cache,
                              const char *data_dir, const char *index_path, lt_error *err);
void lt_search_refresher_stop(lt_search_refresher *r);

#endif
