/*
 * retention/report_internal.h — the report's tables (report.c), shared
 * with its XLSX writer (report_xlsx.c), which is built into
 * luutru-formats.so; nothing else includes it.
 */
#ifndef LT_RETENTION_REPORT_INTERNAL_H
#define LT_RETENTION_REPORT_INTERNAL_H

#include <stddef.h>

#include "retention/report.h"

typedef struct rep_table {
	char *key, *title, *extra_html;
	char **columns;
	char **labels; /* NULL or ncolumns labels */
	size_t ncolumns;
	char **cells; /* nrows * ncolumns */
	size_t nrows;
} rep_table;

struct lt_report {
	char *title;
	rep_table *tables;
	size_t ntables;
};

/* What people see as a column's heading. */
static inline const char *lt_rep_heading(const rep_table *tb, size_t c)
{
	return tb->labels ? tb->labels[c] : tb->columns[c];
}

static inline const char *lt_rep_cell(const rep_table *tb, size_t row, size_t col)
{
	return tb->cells[row * tb->ncolumns + col];
}

/* Write r to path as XLSX (report_xlsx.c; in the binary, formats_load.c
 * loads luutru-formats.so for it). */
int lt_report_write_xlsx(lt_report *r, const char *path, lt_error *err);

#endif
