/*
 * archive/schema.h — the catalog's migrations (internal to archive/).
 *
 * lt_schema_steps()[i] upgrades user_version i to i+1: first its function
 * (when not NULL) runs, then its SQL (when not NULL). catalog.c wraps each
 * step in one transaction and sets user_version inside it.
 */
#ifndef LT_ARCHIVE_SCHEMA_H
#define LT_ARCHIVE_SCHEMA_H

#include <stddef.h>

#include <sqlite3.h>

#include "core/error.h"

/* SQL expression for "now" as ISO 8601 UTC, the form of every *_at column. */
#define LT_NOW_SQL "strftime('%Y-%m-%dT%H:%M:%SZ','now')"

typedef struct lt_schema_step {
	const char *sql;
	int (*fn)(sqlite3 *db, lt_error *err);
} lt_schema_step;

/* PRAGMA application_id of a luutru catalog. */
extern const int LT_CATALOG_APPLICATION_ID;

const lt_schema_step *lt_schema_steps(size_t *n);

/* Add the records columns of record_fields.def rows that the table lacks
 * (for a future step after a .def row is added; see schema.c). */
int lt_schema_add_record_columns(sqlite3 *db, lt_error *err);
/* LT_ERR naming the first .def column the records table lacks: a .def row
 * was added without its migration step (a bug caught at open, not later). */
int lt_schema_check_record_columns(sqlite3 *db, lt_error *err);

#endif
