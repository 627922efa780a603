/*
 * indexer/synonyms.h — abbreviations in the index's synonym table.
 *
 * Each pair (abbreviation, expansion) — the curated list of
 * indexer/synonyms.def and the agency's own (archive/synonyms.h) — is
 * written to Xapian's synonym table both ways and in two forms, so search
 * can look a run of query words up in one B-tree read:
 *
 *   <folded words joined by ' '>      "bhyt" → "bảo hiểm y tế",
 *                                     "bao hiem y te" → "BHYT"
 *   XE<exact words joined by ' '>     "XEbhyt" → …, "XEbảo hiểm y tế" → …
 *
 * The values are the other side as written (NFC); search/query.c turns
 * them into words. A query typed with diacritics looks up the exact form,
 * so "HĐ" (hợp đồng, hội đồng) stays apart from "HD" (hướng dẫn); one
 * typed without any looks up the folded form, which holds both.
 *
 * The index metadata LT_SYNONYMS_KEY holds a hash of the pairs written;
 * lt_index_sync_synonyms() rewrites the table only when the pairs changed
 * (a new luutru with a longer list, an import), and every sync and rebuild
 * calls it, so the table follows the catalog like the documents do.
 */
#ifndef LT_INDEXER_SYNONYMS_H
#define LT_INDEXER_SYNONYMS_H

#include <stddef.h>

#include "archive/catalog.h"
#include "archive/synonyms.h"
#include "core/buf.h"
#include "core/error.h"
#include "indexer/index.h"
#include "indexer/xapian_shim.h"

#define LT_SYNONYMS_KEY "luutru.synonyms"

/* The curated pairs (indexer/synonyms.def), in file order. */
const lt_synonym_pair *lt_synonyms_builtin(size_t *n);

/* Append the lookup key of text's words: folded, or with exact = 1 "XE"
 * and the exact keys; words joined by one space. An empty text appends
 * nothing. LT_EINVAL on invalid UTF-8. */
int lt_synonyms_key(lt_buf *out, const char *text, size_t len, int exact, lt_error *err);

/* Replace db's synonym table by the curated pairs plus extra (may be
 * NULL), and store their hash; the caller commits. */
int lt_synonyms_write(lt_xdb *db, const lt_synonym_list *extra, lt_error *err);

/* Bring ix's synonym table up to the curated list plus cat's pairs, in a
 * commit of its own, when they changed since it was last written. */
int lt_index_sync_synonyms(lt_index *ix, lt_catalog *cat, lt_error *err);

#endif
