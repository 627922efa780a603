/*
 * retention/report_internal.h — the report's tables (report.c), shared
 * with its XLSX writer (report_xlsx.c), which is built into
 * luutru-formats.so; nothing else includes it.
 */
#ifndef LT_RETENTION_REPORT_INTERNAL_H
#define LT_RETENTION_REPORT_INTERNAL_H

#include <stddef.h>
#include <string.h>

#include "retention/report.h"

typedef struct rep_table {
	char *key, *title, *extra_html;
	char **columns;
	char **labels; /* NULL or ncolumns labels */
	/* NULL, or per column NULL or the names of its codes for people:
	 * "code\0name\0code\0name\0\0" (lt_report_values) */
	char **values;
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

/* What people see in a cell: a code by its name when the column has names
 * (the text, HTML and XLSX writers; CSV and JSON keep the codes). */
static inline const char *lt_rep_shown(const rep_table *tb, size_t row, size_t col)
{
	const char *cell = lt_rep_cell(tb, row, col);
	const char *p = tb->values ? tb->values[col] : NULL;

	while (cell && p && *p) {
		const char *name = p + strlen(p) + 1;
		if (strcmp(p, cell) == 0)
			return name;
		p = name + strlen(name) + 1;
	}
	return cell;
}

/* Write r to path as XLSX (report_xlsx.c; in the binary, formats_load.c
 * loads luutru-formats.so for it). */
int lt_report_write_xlsx(lt_report *r, const char *path, lt_error *err);

#endif
