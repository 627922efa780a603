/*
 * archive/notation.h — the "số, ký hiệu" of a document (NĐ 30 Phụ lục I
 * II.3, rule 6 of REGULATIONS.md §10).
 *
 * The full form is "<số>/<ký hiệu>", e.g. "05/QĐ-UBND", and must match
 *     ^\d{2,}/[A-ZĐa-zđ0-9]+(-[A-ZĐa-zđ0-9]+)*$
 * (numbers below 10 are zero-padded). luutru stores the two halves in
 * separate fields, codeNumber and codeNotation; lt_notation_check()
 * validates each half that is set and so their combination.
 *
 * The type abbreviation (the first part of the ký hiệu: QĐ, TB, KH, ...)
 * should be the one Phụ lục III gives for the document's typeName; công văn
 * has none. That is a warning, not a refusal: lt_notation_type_finding()
 * reports it for compliance checks and for the editor to show.
 *
 * Pure functions, no catalog access; safe from any thread.
 */
#ifndef LT_ARCHIVE_NOTATION_H
#define LT_ARCHIVE_NOTATION_H

#include "core/buf.h"
#include "core/error.h"

/* Validate a document's number and notation (either may be NULL or "" =
 * not set). 0 when every part that is set is well-formed; LT_EINVAL with a
 * message quoting the value and saying what to write otherwise. */
int lt_notation_check(const char *code_number, const char *code_notation, lt_error *err);

/* Append "số/ký hiệu" ("05/QĐ-UBND"); only the half that is set when one
 * is missing; nothing when both are. Returns 0 or LT_ENOMEM. */
int lt_notation_format(lt_buf *out, const char *code_number, const char *code_notation);

/* Warn-level check of the type abbreviation. type_name is the stored
 * typeName code ("02") or NULL. Returns 0 when there is nothing to report,
 * 1 when there is a finding, whose text (Vietnamese or English per
 * lt_lang_get()) is appended to finding (may be NULL); LT_ENOMEM. */
int lt_notation_type_finding(const char *code_notation, const char *type_name, lt_buf *finding);

#endif
