/*
 * search/query.h — a user's query, parsed, and turned into a Xapian query.
 *
 * The query language (docs/search.md):
 *
 *   ho so                words; a record matching more of them ranks higher
 *   "quyết định số"      a phrase (an unclosed quote runs to the end)
 *   +word  -word         the word must / must not appear
 *   a AND b, a OR b, NOT a   upper-case English operators (AND makes both
 *                        sides required; OR is the default; NOT excludes)
 *   quyet*               words starting with "quyet" (at least 2 letters;
 *                        at most LT_QUERY_WILDCARD_MAX expansions)
 *   field:value          filters: kyhieu: (notation), coquan: (issuing
 *                        body), loai: (document type: code, label or
 *                        abbreviation), hoso: (dossier code), nam: (year),
 *                        ngay: (issue date, a day or a range a..b, either
 *                        end may be empty), so: (document number: so:12 is
 *                        every notation numbered 12, so:12/QĐ-UBND one),
 *                        phong: (department). Values with spaces go in quotes:
 *                        coquan:"UBND tỉnh Nam Định". An unknown field name
 *                        is read as words.
 *
 * Words are matched Vietnamese-aware: a word typed without diacritics
 * matches its folded form in any text; a word typed with diacritics
 * matches the same word exactly, or the word in text written without
 * diacritics, ranked lower — never a different accented word.
 */
#ifndef LT_SEARCH_QUERY_H
#define LT_SEARCH_QUERY_H

#include <stddef.h>

#include "core/error.h"
#include "indexer/xapian_shim.h"

#define LT_QUERY_WILDCARD_MAX       100
#define LT_QUERY_WILDCARD_MIN_CHARS 2
#define LT_QUERY_NUMBER_MAX         100000 /* so:N expands to at most this many notations */

typedef struct lt_qword {
	char *folded; /* the folded term */
	char *exact;  /* the exact key (no "XE" prefix) */
	int accented; /* typed with diacritics */
	int wildcard; /* trailing '*': folded is a prefix */
} lt_qword;

typedef enum lt_qoccur {
	LT_Q_SHOULD,
	LT_Q_MUST,
	LT_Q_MUST_NOT,
} lt_qoccur;

typedef enum lt_qkind {
	LT_QK_WORD,   /* one word */
	LT_QK_PHRASE, /* words in order */
	LT_QK_TERM,   /* a boolean filter term */
	LT_QK_RANGE,  /* a value range */
} lt_qkind;

typedef struct lt_qclause {
	lt_qkind kind;
	lt_qoccur occur;
	lt_qword *words; /* WORD: 1, PHRASE: nwords */
	size_t nwords;
	char *field;    /* TERM, RANGE: field name as typed, for grouping */
	char *term;     /* TERM; PHRASE of a document number ("12/QĐ-UBND" typed
	                 * as words): its XN term without leading zeros */
	char *alt_term; /* PHRASE of a document number: its XN term as typed,
	                 * when that differs (NULL otherwise) */
	int prefix;     /* TERM: term is a prefix (so:12 → every "XN12/…") */
	int organ;      /* TERM of coquan:: words holds the value's words, which
	                 * also match as a phrase inside the issuer's name */
	int unquoted;   /* TERM of coquan: typed without quotes */
	int quoted;     /* PHRASE typed in quotes: exactly these words (no
	                 * abbreviation or expansion added) */
	unsigned slot;  /* RANGE */
	char *lo, *hi;  /* RANGE: NULL = open */
} lt_qclause;

typedef struct lt_query {
	lt_qclause *clauses;
	size_t n;
} lt_query;

/* clang-format off */
#define LT_QUERY_INIT { NULL, 0 }
/* clang-format on */

/* Parse text (NUL-terminated). Errors (LT_EINVAL, LT_ELIMIT) leave *out
 * empty; the message names the problem in the user's terms. */
int lt_query_parse(lt_query *out, const char *text, lt_error *err);
void lt_query_free(lt_query *q);

/* Ranking knobs, chosen by measurement (bench/relevance.c, docs/search.md). */
typedef struct lt_query_tuning {
	double exact_weight;       /* exact-diacritics match of an accented word */
	double folded_weight;      /* the same word written without diacritics */
	double plain_exact_weight; /* a word typed without diacritics in a query
	                            * that has some: that word as written, with
	                            * its folded term (folded_weight) below
	                            * (0 = off: folded term only) */
	double all_weight;         /* extra weight when every word matches (0 = off) */
	double bigram_weight;      /* weight of neighbouring query words as one
	                            * bigram term (indexer/terms.h): Vietnamese
	                            * words are mostly two syllables (0 = off) */
	double bm25_k1, bm25_b;
	/* Long questions (docs/search.md, "Long questions"): a query with at
	 * least long_words optional words (0 = never) is long; then */
	unsigned long_words;
	int long_stop;         /* 1: its stop syllables (search/stopwords.def) are
	                        * left out, when long_words content words remain */
	int long_stop_bigrams; /* 1: pairs with a left-out syllable still boost */
	int long_single;       /* 1: one term per word: an accented word its exact
	                        * term only, a plain word its folded term only */
	double long_common;    /* > 0: with an index at hand (lt_query_build_db),
	                        * also leave out a word whose term is in more than
	                        * this share of the documents (0 = off) */
	int long_boost;        /* 1: the words left out still add weight to the
	                        * documents the others match (AND_MAYBE): they
	                        * rank as before but find no record alone */
	/* Issue 20 (docs/search.md): each 0 = off, as before. */
	double synonym_weight;    /* with an index at hand, a run of query words
	                           * that is an abbreviation or its expansion in
	                           * the index's synonym table (indexer/synonyms.h)
	                           * also asks the other side, at this weight */
	double heading_weight;    /* the query's words in a record's heading
	                           * fields (XH terms) add this much weight */
	int heading_long;         /* 1: in long questions too (their content
	                           * words only) */
	int heading_pairs;        /* 1: the query's neighbouring word pairs in a
	                           * heading (XH pairs), not its single words */
	double define_weight;     /* a question asking what a term means ("… là
	                           * gì?") weighs a glossary article ("Giải thích
	                           * từ ngữ" in its heading) up by this much */
	double docnum_weight;     /* a document number typed as words also asks
	                           * its XN term, at this weight */
	int exact_phrase;         /* 1: a phrase with diacritics matches as typed
	                           * at full weight, the same words without
	                           * diacritics at folded_weight */
	double exact_pair_weight; /* a short query's neighbouring words, one
	                           * accented, found side by side as typed
	                           * (exact terms), add this much weight */
	double bm25_delta;        /* > 0: BM25+ with this delta (short records no
	                           * longer lose on length alone) */
} lt_query_tuning;

/* LT_QUERY_TUNING_INIT is the phase-1 ranking (accented words' exact
 * matches ×2, Xapian's BM25 defaults, no boosts), kept as the baseline
 * bench/relevance.c reports; LT_QUERY_RANKING_SHIPPED is what search uses:
 * exact 1, without diacritics 0.25, plain words as written 1, bigrams 1,
 * BM25 k1 1.0 b 0.6 (docs/search.md). */
/* clang-format off */
#define LT_QUERY_TUNING_INIT { 2.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.5, 0, 0, 0, 0, 0.0, 0, \
                               0.0, 0.0, 0, 0, 0.0, 0.0, 0, 0.0, 0.0 }
#define LT_QUERY_RANKING_SHIPPED { 1.0, 0.25, 1.0, 0.0, 1.0, 1.0, 0.6, 8, 1, 1, 1, 0.2, 1, \
                                   0.5, 0.25, 0, 1, 1.0, 1.0, 1, 0.0, 0.5 }
/* clang-format on */

/* The ranking luutru ships (docs/search.md says how it was chosen). */
const lt_query_tuning *lt_query_ranking(void);

/* The Xapian query for q, without the clearance filter (search.c adds
 * it). A query of only filters matches every document that passes them
 * (the parser refuses a query of only exclusions). Boosts (bigrams,
 * all words) sit under AND_MAYBE: they reorder matches, never add any. */
int lt_query_build(lt_xquery **out, const lt_query *q, const lt_query_tuning *t, lt_error *err);
/* The same, with the index it will run on (NULL = none): a long query may
 * then also leave out its commonest words (lt_query_tuning.long_common). */
int lt_query_build_db(lt_xquery **out, const lt_query *q, const lt_query_tuning *t, lt_xdb *db,
                      lt_error *err);

#endif
