/*
 * archive/fields.h — record metadata fields and the code lists, as data.
 *
 * The fields are the rows of archive/record_fields.def (tags of NĐ 30 and
 * TT 05/2025); the code lists (typeName 01–32, language, maintenance, mode,
 * confidenceLevel, format, urgency, secrecy, kind, riskRecoveryStatus) are
 * tables in archive/codelists.c. Nothing else in luutru spells a field name
 * or a code as a constant.
 *
 * Validation (lt_field_normalize) turns user input into the stored form:
 * NFC text with surrounding white space trimmed; length checked in
 * characters; dates parsed by core/date and stored ISO 8601; numbers as
 * decimal digits; a code accepted as its code ("02"), its Vietnamese label
 * with or without diacritics ("Quyết định", "quyet dinh") or its
 * abbreviation ("QĐ") and stored as the code; booleans as 0/1.
 */
#ifndef LT_ARCHIVE_FIELDS_H
#define LT_ARCHIVE_FIELDS_H

#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"

typedef enum lt_field_type {
	LT_FT_STRING,
	LT_FT_TEXT,
	LT_FT_NUMBER,
	LT_FT_DATE,
	LT_FT_CODE,
	LT_FT_BOOL,
} lt_field_type;

typedef enum lt_field_id {
#define LT_FIELD(id, tag, column, type, max_len, codelist, vi, en) LT_F_##id,
#include "archive/record_fields.def"
#undef LT_FIELD
	LT_F__COUNT
} lt_field_id;

typedef struct lt_field_def {
	lt_field_id id;
	const char *tag;
	const char *column;
	lt_field_type type;
	int max_len;
	const char *codelist;
	const char *label_vi;
	const char *label_en;
} lt_field_def;

/* All record fields, in .def order; *n = LT_F__COUNT. */
const lt_field_def *lt_fields_all(size_t *n);
const lt_field_def *lt_field_get(lt_field_id id);
/* By tag (case-insensitive) or column name; NULL when unknown. */
const lt_field_def *lt_field_find(const char *name);
/* The label in the current language (lt_lang_get()). */
const char *lt_field_label(const lt_field_def *f);

/* Longest accepted text value of any field, in bytes (TEXT fields too). */
#define LT_FIELD_TEXT_MAX_BYTES (64 * 1024)

/* Validate and normalise value for field f; the stored form is appended to
 * out. Errors are LT_EINVAL with a message naming the tag and the value.
 * A value that is NULL, empty or only white space means "not set": 0 is
 * returned and nothing is appended (so out->len tells the caller). On
 * error out keeps its previous content. */
int lt_field_normalize(const lt_field_def *f, const char *value, lt_buf *out, lt_error *err);

typedef struct lt_code {
	const char *code;     /* "02" */
	const char *label_vi; /* "Quyết định" */
	const char *label_en; /* "Decision" */
	const char *abbr;     /* "QĐ" (PL III of NĐ 30), or NULL */
} lt_code;

/* A code list by name ("typeName", ...); NULL when unknown. */
const lt_code *lt_codelist(const char *name, size_t *n);
/* Look a value up in a list: by code, label (exact or folded) or abbr. */
const lt_code *lt_codelist_find(const char *list, const char *value);
/* The label for a stored code in the current language, or NULL. */
const char *lt_codelist_label(const char *list, const char *code);
/* The Vietnamese label whatever the language (legal forms). */
const char *lt_codelist_label_vi(const char *list, const char *code);

#endif
