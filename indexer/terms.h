/*
 * indexer/terms.h — which Xapian terms and values a record gets.
 *
 * This file is the index's vocabulary; search/ builds its queries from the
 * same functions so the two sides never disagree on a term's spelling.
 *
 * Free text is indexed word by word (core/text.h's iterator). Each word at
 * position p gives two postings at p:
 *   <folded>      no prefix: lower-case, no diacritics, đ → d ("ho", "so")
 *   XE<exact>     the exact key: lower-case, diacritics kept, tone mark in
 *                 its canonical place ("XEhồ", "XEsơ"); a word written
 *                 without diacritics has XE<folded>
 * and each pair of neighbouring words in one field gives, without position,
 *   XB<folded1>_<folded2>   ("XBho_so"): a Vietnamese word is mostly two
 *                 syllables, and BM25 over these pairs ranks documents
 *                 with the query's words together (docs/search.md)
 * The heading fields (title, subject, keywords) also give, without
 * position, per word
 *   XH<folded>    ("XHtuyen"): heading terms, so a query can weigh a match
 *                 in a record's heading above one in its body or OCR pages
 *                 (docs/search.md, "Field weights")
 * The document number and notation are one field, "12/QĐ-UBND", so the
 * words of "12/QĐ-UBND" typed as a phrase are found side by side.
 * One position counter runs across a document's fields, with a gap of
 * LT_TERMS_FIELD_GAP between fields so a phrase never spans two fields.
 * Words longer than LT_TERMS_WORD_MAX bytes (OCR garbage, base64) are
 * skipped but still advance the position.
 *
 * Boolean (filter) terms, wdf 0:
 *   Q<uid>        unique term of the record's document
 *   XI<id>        the catalog's record id (deleting when the row is gone)
 *   XT<code>      typeName code ("02")
 *   Y<yyyy>       year of issuedDate
 *   XK<kind>      kind code
 *   XS<digit>     secrecy 0..3
 *   XF<folded>    fileCode (dossier), folded, spaces as '_'
 *   XO<folded>    organName, folded, spaces as '_'
 *   XD<folded>    department, folded, spaces as '_'
 * Terms without position that weigh (wdf 1):
 *   XN<folded>    "codeNumber/codeNotation" folded ("12/qd-ubnd"), the
 *                 same without the number's leading zeros ("07/…" also
 *                 gives "7/…"), and the notation alone ("qd-ubnd"): a
 *                 document number typed in a query finds its record first
 *                 (a rare term, so BM25 weighs it high); so: and kyhieu:
 *                 filter on them
 * With positions:
 *   XOW<folded>   each word of organName ("XOWnam", "XOWdinh"), so
 *                 coquan:"Nam Định" finds "UBND tỉnh Nam Định"
 * Boolean terms are cut (at a character boundary) to stay under
 * LT_TERMS_BOOLEAN_MAX bytes; Xapian refuses terms over 245 bytes.
 *
 * Values (slots): see lt_terms_slot. Document data is the record id in
 * decimal; search joins it with the catalog for display.
 */
#ifndef LT_INDEXER_TERMS_H
#define LT_INDEXER_TERMS_H

#include <stddef.h>
#include <stdint.h>

#include "archive/record.h"
#include "core/buf.h"
#include "core/error.h"
#include "indexer/xapian_shim.h"

#define LT_TERMS_WORD_MAX    64
#define LT_TERMS_FIELD_GAP   100
#define LT_TERMS_BOOLEAN_MAX 240

#define LT_TERM_EXACT      "XE"
#define LT_TERM_BIGRAM     "XB"
#define LT_TERM_UID        "Q"
#define LT_TERM_RECORD_ID  "XI"
#define LT_TERM_TYPE       "XT"
#define LT_TERM_YEAR       "Y"
#define LT_TERM_KIND       "XK"
#define LT_TERM_SECRECY    "XS"
#define LT_TERM_FILE_CODE  "XF"
#define LT_TERM_ORGAN      "XO"
#define LT_TERM_NOTATION   "XN"
#define LT_TERM_DEPARTMENT "XD"
#define LT_TERM_HEADING    "XH"
#define LT_TERM_ORGAN_WORD "XOW"

/* The index's vocabulary version, kept in the index metadata under
 * LT_TERMS_VERSION_KEY: 2 added XH, XOW, the weighing XN terms and the
 * joined number field. An index without it (or older) still answers, but
 * without what the newer terms give; `luutru reindex` rebuilds it. */
#define LT_TERMS_VERSION     2
#define LT_TERMS_VERSION_KEY "luutru.terms"

typedef enum lt_terms_slot {
	LT_SLOT_ISSUED_DATE = 0, /* "YYYYMMDD", sorts as dates */
	LT_SLOT_RECORD_ID = 1,   /* sortable_serialise(id) */
	LT_SLOT_TYPE = 2,        /* typeName code */
	LT_SLOT_YEAR = 3,        /* "YYYY" */
	LT_SLOT_ORGAN = 4,       /* organName as stored, for display and facets */
	LT_SLOT_FILE_CODE = 5,   /* fileCode as stored */
} lt_terms_slot;

/* Append a word's folded term (no prefix) / exact term ("XE" + exact key)
 * to out. LT_EINVAL on invalid UTF-8. */
int lt_terms_folded(lt_buf *out, const char *word, size_t len, lt_error *err);
int lt_terms_exact(lt_buf *out, const char *word, size_t len, lt_error *err);

/* Append the bigram term of two folded words ("XB" a "_" b). */
int lt_terms_bigram(lt_buf *out, const char *folded1, const char *folded2);

/* Append LT_TERM_NOTATION + the folded "number/notation" (or a notation, or
 * a number prefix "12/") with the leading zeros of its number removed
 * ("07/QĐ-UBND" → "XN7/qd-ubnd"), the form both sides compare. */
int lt_terms_notation(lt_buf *out, const char *value, lt_error *err);

/* Append prefix + the boolean form of a value (folded, white space runs as
 * one '_', cut to LT_TERMS_BOOLEAN_MAX bytes at a character boundary). */
int lt_terms_boolean(lt_buf *out, const char *prefix, const char *value, lt_error *err);

/*
 * Index free text into doc. *pos is the position counter: words get
 * *pos + 1, *pos + 2, ...; on return *pos is the last position used plus
 * LT_TERMS_FIELD_GAP, ready for the next field. Start a document with
 * *pos = 0.
 */
int lt_terms_index_text(lt_xdoc *doc, uint32_t *pos, const char *text, size_t len, lt_error *err);

/* The whole document of a record (pages included when rec has them
 * loaded); *out is freed with lt_xdoc_free(). The unique term is
 * "Q" + rec->uid (lt_terms_uid). */
int lt_terms_record_doc(lt_xdoc **out, const lt_record *rec, lt_error *err);

/* A plain document for measurement and tests, outside the catalog: id in
 * Q<id> and the data, title and text as free text. */
int lt_terms_plain_doc(lt_xdoc **out, const char *id, const char *title, const char *text,
                       lt_error *err);

/* Append "Q" + uid / "XI" + decimal id. */
int lt_terms_uid(lt_buf *out, const char *uid);
int lt_terms_record_id(lt_buf *out, int64_t id);

#endif
