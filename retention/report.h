/*
 * retention/report.h — one output layer for compliance findings and
 * statistics tables: text, JSON, CSV, HTML and XLSX, plus the small
 * helpers the HTML documents of retention/ share (escaping, numbers in
 * Vietnamese words).
 *
 * A report is a list of tables; a table has a title, column headers and
 * rows of cells (strings, copied). The writer decides the layout of each
 * format; callers never format by hand.
 */
#ifndef LT_RETENTION_REPORT_H
#define LT_RETENTION_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "core/buf.h"
#include "core/error.h"

typedef enum lt_report_format {
	LT_REPORT_TEXT = 0,
	LT_REPORT_JSON,
	LT_REPORT_CSV,
	LT_REPORT_HTML,
	LT_REPORT_XLSX,
} lt_report_format;

int lt_report_format_parse(lt_report_format *out, const char *s, lt_error *err);

typedef struct lt_report lt_report;

int lt_report_new(lt_report **out, const char *title);
void lt_report_free(lt_report *r);
/* Start a new table; the columns are copied. key is its JSON name. */
int lt_report_table(lt_report *r, const char *key, const char *title, const char *const *columns,
                    size_t ncolumns);
/* Column labels for people (text, HTML, XLSX) for the current table;
 * JSON and CSV keep the keys given to lt_report_table. Copied. */
int lt_report_labels(lt_report *r, const char *const *labels);
/* The names people read for the codes of one column of the last table:
 * pairs "code", "name", ..., NULL. The text, HTML and XLSX outputs show the
 * names; CSV and JSON keep the codes (for programs). */
int lt_report_values(lt_report *r, const char *column, const char *const *pairs);
/* Add a row to the current table: ncolumns cells (NULL = empty). */
int lt_report_row(lt_report *r, const char *const *cells);
/* Attach raw HTML (an SVG chart) after the current table's title. */
int lt_report_html_extra(lt_report *r, const char *html);
/* The same for the table named key (LT_ENOTFOUND when absent). */
int lt_report_html_extra_for(lt_report *r, const char *key, const char *html);

/* Read back (tests, callers that post-process): rows of the table named
 * key (0 when absent) and one cell (NULL when out of range). */
size_t lt_report_rows(const lt_report *r, const char *key);
const char *lt_report_cell(const lt_report *r, const char *key, size_t row, const char *column);

/* Write the report. XLSX needs a path (it is a zip); the other formats go
 * to path, or to stdout when path is NULL or "-". */
int lt_report_write(lt_report *r, lt_report_format fmt, const char *path, lt_error *err);

/* HTML-escape s into out. */
int lt_report_html_escape(lt_buf *out, const char *s);
/* A whole number written in Vietnamese words ("mười lăm"). */
int lt_report_number_words_vi(lt_buf *out, long long n);
/* A simple horizontal-bar SVG chart. */
int lt_report_svg_bars(lt_buf *out, const char *title, const char *const *labels,
                       const double *values, size_t n, const char *unit);

#endif
