/*
 * search/eval.h — measure ranking quality against judged queries.
 *
 * Loads a test collection in the ALQAC layout (corpus.jsonl with id,
 * title, text; queries.jsonl with id, text; qrels.tsv in TREC format) into
 * a fresh Xapian index through indexer/terms, then runs every judged query
 * and reports hit@10 (a relevant document in the first ten) and MRR@10
 * (mean of 1/rank of the first relevant document, 0 past ten), overall and
 * per question class. A document with catalog fields (doc_number or
 * law_id, doc_title, issuer) is indexed as a record with those as number
 * and notation, subject and issuing body (lt_terms_record_doc), as the
 * archive indexes it; one without is a plain title + text document. A
 * query may list its "classes" (bench/make_devsets.sh). Used by
 * bench/relevance.c and tests/unit/test_relevance.c; docs/search.md has
 * the figures.
 */
#ifndef LT_SEARCH_EVAL_H
#define LT_SEARCH_EVAL_H

#include <stddef.h>

#include "core/error.h"
#include "search/query.h"

typedef struct lt_eval lt_eval;

/* Build the index at index_path from dir/corpus.jsonl (an index an earlier
 * lt_eval_open finished there is used as it is: remove it after changing
 * the index terms); read dir/queries.jsonl and dir/qrels.tsv. */
int lt_eval_open(lt_eval **out, const char *dir, const char *index_path, lt_error *err);
void lt_eval_free(lt_eval *ev);
size_t lt_eval_doc_count(const lt_eval *ev);

typedef enum lt_eval_system {
	LT_EVAL_BM25_EXACT,  /* OR of the words' exact terms, plain BM25 */
	LT_EVAL_BM25_FOLDED, /* OR of the words' folded terms, plain BM25 */
	LT_EVAL_LUUTRU,      /* search/query.c with the given tuning */
} lt_eval_system;

/* Question classes (bench/make_devsets.sh): a query may be in several. */
typedef enum lt_eval_class {
	LT_EVAL_ABBR,    /* has an abbreviation of indexer/synonyms.def */
	LT_EVAL_HEADING, /* holds >= 80 % of a relevant article's heading */
	LT_EVAL_SHORT,   /* a relevant article is under 500 characters */
	LT_EVAL_DOCNUM,  /* has a document number ("57/2020/QH14") */
	LT_EVAL_OTHER,   /* none of these */
	LT_EVAL__CLASSES
} lt_eval_class;

const char *lt_eval_class_name(lt_eval_class c);

typedef struct lt_eval_result {
	size_t queries; /* judged queries run */
	double hit10;
	double mrr10;
	/* The same per class (queries 0 when the set has no classes). */
	size_t class_queries[LT_EVAL__CLASSES];
	double class_hit10[LT_EVAL__CLASSES];
	double class_mrr10[LT_EVAL__CLASSES];
} lt_eval_result;

/* Run every judged query; stripped: with diacritics removed first, as a
 * user without a Vietnamese keyboard types them. BM25 k1 and b come from
 * t (the baselines use only those). */
int lt_eval_run(lt_eval *ev, lt_eval_system sys, const lt_query_tuning *t, int stripped,
                lt_eval_result *out, lt_error *err);

#endif
