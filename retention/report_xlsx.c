/*
 * retention/report_xlsx.c — a report as an XLSX workbook (libxlsxwriter):
 * a sheet per table, its title, the column headings in bold, numbers as
 * numbers. Built into luutru-formats.so (retention/formats_module.h); the
 * binary's lt_report_write_xlsx (formats_load.c) loads it.
 */
#include "retention/report_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

/* XLSX sheet names: ≤ 31 characters, none of []:*?/\ . */
static void sheet_name(const char *key, size_t t, char out[32])
{
	size_t j = 0;
	for (size_t i = 0; key[i] && j < 28; i++)
		if (!strchr("[]:*?/\\", key[i]))
			out[j++] = key[i];
	out[j] = '\0';
	if (j == 0)
		snprintf(out, 32, "sheet%zu", t + 1);
}

int lt_report_write_xlsx(lt_report *r, const char *path, lt_error *err)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_format *bold;

	if (!wb)
		return lt_error_set(err, LT_EIO,
		                    LT_TR("không tạo được tệp %s", "cannot create file %s"), path);
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (size_t t = 0; t < r->ntables; t++) {
		const rep_table *tb = &r->tables[t];
		char name[32];
		lxw_worksheet *ws;
		sheet_name(tb->key, t, name);
		ws = workbook_add_worksheet(wb, name);
		if (!ws)
			ws = workbook_add_worksheet(wb, NULL);
		worksheet_write_string(ws, 0, 0, tb->title, bold);
		for (size_t c = 0; c < tb->ncolumns; c++)
			worksheet_write_string(ws, 1, (lxw_col_t)c, lt_rep_heading(tb, c), bold);
		for (size_t i = 0; i < tb->nrows; i++)
			for (size_t c = 0; c < tb->ncolumns; c++) {
				const char *s = lt_rep_shown(tb, i, c);
				char *end;
				double v = strtod(s, &end);
				if (*s && !*end && s[0] != '0')
					worksheet_write_number(ws, (lxw_row_t)(i + 2), (lxw_col_t)c,
					                       v, NULL);
				else
					worksheet_write_string(ws, (lxw_row_t)(i + 2), (lxw_col_t)c,
					                       s, NULL);
			}
	}
	if (workbook_close(wb) != LXW_NO_ERROR)
		return lt_error_set(err, LT_EIO,
		                    LT_TR("không ghi được tệp %s", "cannot write file %s"), path);
	return 0;
}
