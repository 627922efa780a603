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

typedef struct lt_search_options {
	size_t limit;  /* hits per page, 1..LT_SEARCH_LIMIT_MAX; default 10 */
	size_t offset; /* hits to skip */
	int clearance; /* 0..3: highest secrecy the searcher may see */
} lt_search_options;

/* clang-format off */
#define LT_SEARCH_OPTIONS_INIT { 10, 0, 0 }
/* clang-format on */

typedef struct lt_search_hit {
	int64_t record_id;
	char uid[37];
	char *doc_id;   /* may be NULL */
	char *title;    /* lt_record_display_title() */
	char *snippet;  /* plain passage text (search/snippet.h), never NULL */
	lt_span *spans; /* the matches in snippet, sorted; NULL when nspans is 0 */
	size_t nspans;
	double score;
	int rank; /* 1-based over the whole result */
} lt_search_hit;

typedef struct lt_search_results {
	uint64_t total; /* matching records (Xapian's estimate, exact for small sets) */
	lt_search_hit *hits;
	size_t nhits;
} lt_search_results;

/* clang-format off */
#define LT_SEARCH_RESULTS_INIT { 0, NULL, 0 }
/* clang-format on */

int lt_search_run(lt_index *ix, lt_catalog *cat, const char *query, const lt_search_options *opts,
                  lt_search_results *out, lt_error *err);
void lt_search_results_free(lt_search_results *res);

#endif
