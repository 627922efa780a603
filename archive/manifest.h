/*
 * archive/manifest.h — the manifest of a batch import: one row per record.
 *
 * Two formats, chosen by the file name (manifest.jsonl / manifest.csv):
 *   JSONL  one JSON object per line; keys are the standard field tags
 *          (docId, typeName, issuedDate, subject, fileCode, ...); values are
 *          strings or numbers (null = not set). Blank lines are skipped.
 *   CSV    RFC 4180: a header row of tags, then one row per record; fields
 *          may be quoted ("..."), a quoted field may hold commas, doubled
 *          quotes and newlines; CRLF or LF line ends; a UTF-8 BOM is skipped.
 * Two columns are not fields: `file` (a path inside the import source) and
 * `text` (the record's text inline). A row has exactly one of them.
 *
 * A row that cannot be read (a JSONL line that is not an object, a CSV row
 * with the wrong number of cells, both or neither of file/text) is kept with
 * its `error` set, so the import reports it by line and goes on with the
 * rest. The manifest as a whole is refused (LT_EINVAL) only when nothing
 * after the error can be trusted: invalid UTF-8, an unterminated quote, a
 * CSV header naming an unknown field, more than LT_MANIFEST_MAX_ROWS rows.
 *
 * Keys and values are validated as fields later, by the ingest; here only
 * the shape is checked. Everything is owned by the lt_manifest.
 */
#ifndef LT_ARCHIVE_MANIFEST_H
#define LT_ARCHIVE_MANIFEST_H

#include <stddef.h>

#include "archive/ingest.h"
#include "core/error.h"

/* A manifest larger than this is refused before it is read (a text-only
 * batch of 500,000 passages is about 1 GiB at 2 kB each). */
#define LT_MANIFEST_MAX_BYTES (2048ull * 1024 * 1024)
#define LT_MANIFEST_MAX_ROWS  5000000

typedef enum lt_manifest_format {
	LT_MANIFEST_JSONL,
	LT_MANIFEST_CSV,
} lt_manifest_format;

typedef struct lt_manifest_row {
	size_t line;      /* 1-based line of the file where the row starts */
	lt_meta_kv *meta; /* field tag → value, neither file nor text */
	size_t nmeta;
	const char *file;  /* path inside the source, or NULL */
	const char *text;  /* inline text, or NULL */
	const char *error; /* why the row cannot be used, or NULL */
} lt_manifest_row;

typedef struct lt_manifest lt_manifest;

/* The format of a manifest file name ("manifest.jsonl", "x/manifest.csv");
 * -1 when the name is not a manifest. Only the base name counts. */
int lt_manifest_format_of(const char *name);

/* Parse len bytes of data. name is used in messages ("manifest.csv"). */
int lt_manifest_parse(lt_manifest **out, const char *data, size_t len, lt_manifest_format fmt,
                      const char *name, lt_error *err);
void lt_manifest_free(lt_manifest *m);

size_t lt_manifest_count(const lt_manifest *m);
/* Row i (0-based); valid while m lives. */
const lt_manifest_row *lt_manifest_row_at(const lt_manifest *m, size_t i);
/* The value of tag in row (case-insensitive), or NULL. */
const char *lt_manifest_row_get(const lt_manifest_row *row, const char *tag);

#endif
