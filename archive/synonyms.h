/*
 * archive/synonyms.h — an agency's own abbreviations for search, kept in
 * the catalog (table search_synonyms) so a rebuilt index gets them back.
 *
 * The curated list is indexer/synonyms.def; the index's synonym table
 * holds both (indexer/synonyms.h). A pair is stored as given (NFC,
 * trimmed); lt_synonyms_parse() checks a file before anything is stored.
 */
#ifndef LT_ARCHIVE_SYNONYMS_H
#define LT_ARCHIVE_SYNONYMS_H

#include <stddef.h>

#include "archive/catalog.h"
#include "core/error.h"

#define LT_SYNONYM_MAX_BYTES 200 /* each side */
#define LT_SYNONYM_MAX_WORDS 8   /* each side */
#define LT_SYNONYMS_FILE_MAX (1u << 20)

typedef struct lt_synonym_pair {
	char *term;      /* the abbreviation, e.g. "BHYT" */
	char *expansion; /* what it stands for, e.g. "bảo hiểm y tế" */
} lt_synonym_pair;

typedef struct lt_synonym_list {
	lt_synonym_pair *pairs;
	size_t n;
} lt_synonym_list;

void lt_synonym_list_free(lt_synonym_list *list);

/* Read a synonyms file: UTF-8 text, one pair a line, "ABBREVIATION<TAB>
 * expansion" (or a comma instead of the tab, as a spreadsheet saves CSV);
 * blank lines and lines starting with '#' are skipped. A bad line
 * (no separator, an empty or over-long side, more than
 * LT_SYNONYM_MAX_WORDS words, invalid UTF-8) is LT_EINVAL naming the file
 * and line, and *out stays empty. */
int lt_synonyms_parse(lt_synonym_list *out, const char *path, lt_error *err);

/* Add the pairs in one transaction (a pair already there is kept once);
 * with replace, the agency's earlier pairs are removed first. *added:
 * pairs that were new. */
int lt_synonyms_store(lt_catalog *cat, const lt_synonym_list *list, int replace, size_t *added,
                      lt_error *err);

/* The agency's pairs, by term then expansion. A catalog older than the
 * table (read-only, not migrated) has none. */
int lt_synonyms_load(lt_catalog *cat, lt_synonym_list *out, lt_error *err);

#endif
