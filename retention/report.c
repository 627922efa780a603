/* retention/report.c — findings and statistics as text, JSON, CSV, HTML;
 * XLSX in report_xlsx.c (luutru-formats.so). */
#include "retention/report.h"
#include "retention/report_internal.h"

#include "archive/forms/form.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/text.h"

int lt_report_format_parse(lt_report_format *out, const char *s, lt_error *err)
{
	static const char *const names[] = {"text", "json", "csv", "html", "xlsx"};
	for (size_t i = 0; s && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (lt_report_format)i;
			return 0;
		}
	return lt_error_set(err, LT_EINVAL,
	                    LT_TR("định dạng không hỗ trợ: '%s' (text, json, csv, html, xlsx)",
	                          "unsupported format: '%s' (text, json, csv, html, xlsx)"),
	                    s ? s : "");
}

static char *xstrdup(const char *s)
{
	return strdup(s ? s : "");
}

int lt_report_new(lt_report **out, const char *title)
{
	lt_report *r = calloc(1, sizeof(*r));
	*out = NULL;
	if (!r || !(r->title = xstrdup(title))) {
		free(r);
		return LT_ENOMEM;
	}
	*out = r;
	return 0;
}

void lt_report_free(lt_report *r)
{
	if (!r)
		return;
	for (size_t t = 0; t < r->ntables; t++) {
		rep_table *tb = &r->tables[t];
		for (size_t i = 0; i < tb->ncolumns; i++) {
			free(tb->columns[i]);
			if (tb->labels)
				free(tb->labels[i]);
			if (tb->values)
				free(tb->values[i]);
		}
		free(tb->labels);
		free(tb->values);
		for (size_t i = 0; i < tb->nrows * tb->ncolumns; i++)
			free(tb->cells[i]);
		free(tb->columns);
		free(tb->cells);
		free(tb->key);
		free(tb->title);
		free(tb->extra_html);
	}
	free(r->tables);
	free(r->title);
	free(r);
}

int lt_report_table(lt_report *r, const char *key, const char *title, const char *const *columns,
                    size_t ncolumns)
{
	rep_table *tb;
	void *grown = realloc(r->tables, (r->ntables + 1) * sizeof(*r->tables));
	if (!grown)
		return LT_ENOMEM;
	r->tables = grown;
	tb = &r->tables[r->ntables++];
	memset(tb, 0, sizeof(*tb));
	tb->key = xstrdup(key);
	tb->title = xstrdup(title);
	tb->columns = calloc(ncolumns, sizeof(char *));
	if (!tb->key || !tb->title || !tb->columns)
		return LT_ENOMEM;
	tb->ncolumns = ncolumns;
	for (size_t i = 0; i < ncolumns; i++)
		if (!(tb->columns[i] = xstrdup(columns[i])))
			return LT_ENOMEM;
	return 0;
}

int lt_report_labels(lt_report *r, const char *const *labels)
{
	rep_table *tb;
	if (!r->ntables)
		return LT_ERR;
	tb = &r->tables[r->ntables - 1];
	if (tb->labels)
		return LT_ERR;
	tb->labels = calloc(tb->ncolumns, sizeof(char *));
	if (!tb->labels)
		return LT_ENOMEM;
	for (size_t i = 0; i < tb->ncolumns; i++)
		if (!(tb->labels[i] = xstrdup(labels[i])))
			return LT_ENOMEM;
	return 0;
}

int lt_report_values(lt_report *r, const char *column, const char *const *pairs)
{
	rep_table *tb;
	size_t c, len = 1;
	char *packed, *q;

	if (!r->ntables)
		return LT_ERR;
	tb = &r->tables[r->ntables - 1];
	for (c = 0; c < tb->ncolumns && strcmp(tb->columns[c], column) != 0; c++)
		;
	if (c == tb->ncolumns)
		return LT_ERR;
	if (!tb->values && !(tb->values = calloc(tb->ncolumns, sizeof(char *))))
		return LT_ENOMEM;
	for (size_t i = 0; pairs[i] && pairs[i + 1]; i += 2)
		len += strlen(pairs[i]) + strlen(pairs[i + 1]) + 2;
	if (!(q = packed = malloc(len)))
		return LT_ENOMEM;
	for (size_t i = 0; pairs[i] && pairs[i + 1]; i += 2)
		for (int k = 0; k < 2; k++) {
			size_t n = strlen(pairs[i + k]) + 1;
			memcpy(q, pairs[i + k], n);
			q += n;
		}
	*q = '\0';
	free(tb->values[c]);
	tb->values[c] = packed;
	return 0;
}

int lt_report_row(lt_report *r, const char *const *cells)
{
	rep_table *tb;
	void *grown;
	if (!r->ntables)
		return LT_ERR;
	tb = &r->tables[r->ntables - 1];
	grown = realloc(tb->cells, (tb->nrows + 1) * tb->ncolumns * sizeof(char *));
	if (!grown)
		return LT_ENOMEM;
	tb->cells = grown;
	for (size_t i = 0; i < tb->ncolumns; i++)
		tb->cells[tb->nrows * tb->ncolumns + i] = xstrdup(cells[i]);
	tb->nrows++;
	return 0;
}

int lt_report_html_extra(lt_report *r, const char *html)
{
	rep_table *tb;
	if (!r->ntables)
		return LT_ERR;
	tb = &r->tables[r->ntables - 1];
	free(tb->extra_html);
	tb->extra_html = xstrdup(html);
	return tb->extra_html ? 0 : LT_ENOMEM;
}

static const rep_table *find_table(const lt_report *r, const char *key)
{
	for (size_t t = 0; r && t < r->ntables; t++)
		if (strcmp(r->tables[t].key, key) == 0)
			return &r->tables[t];
	return NULL;
}

int lt_report_html_extra_for(lt_report *r, const char *key, const char *html)
{
	rep_table *tb = (rep_table *)find_table(r, key);
	if (!tb)
		return LT_ENOTFOUND;
	free(tb->extra_html);
	tb->extra_html = xstrdup(html);
	return tb->extra_html ? 0 : LT_ENOMEM;
}

size_t lt_report_rows(const lt_report *r, const char *key)
{
	const rep_table *tb = find_table(r, key);
	return tb ? tb->nrows : 0;
}

const char *lt_report_cell(const lt_report *r, const char *key, size_t row, const char *column)
{
	const rep_table *tb = find_table(r, key);
	if (!tb || row >= tb->nrows)
		return NULL;
	for (size_t c = 0; c < tb->ncolumns; c++)
		if (strcmp(tb->columns[c], column) == 0)
			return tb->cells[row * tb->ncolumns + c];
	return NULL;
}

/* ---- helpers ------------------------------------------------------------ */

int lt_report_html_escape(lt_buf *out, const char *s)
{
	int rc = 0;
	for (; s && *s && rc == 0; s++) {
		switch (*s) {
		case '<': rc = lt_buf_puts(out, "&lt;"); break;
		case '>': rc = lt_buf_puts(out, "&gt;"); break;
		case '&': rc = lt_buf_puts(out, "&amp;"); break;
		case '"': rc = lt_buf_puts(out, "&quot;"); break;
		case '\'': rc = lt_buf_puts(out, "&#39;"); break;
		default: rc = lt_buf_putc(out, *s);
		}
	}
	return rc;
}

/* One implementation of numbers in words: the forms' (archive/forms). */
int lt_report_number_words_vi(lt_buf *out, long long n)
{
	return lt_words_vi(out, n);
}

int lt_report_svg_bars(lt_buf *out, const char *title, const char *const *labels,
                       const double *values, size_t n, const char *unit)
{
	const int bar_h = 20, gap = 6, label_w = 220, chart_w = 360;
	double max = 0;
	int height = 30 + (int)n * (bar_h + gap), rc = 0;

	for (size_t i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	rc |= lt_buf_printf(out,
	                    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	                    "role=\"img\" font-family=\"sans-serif\" font-size=\"12\"><title>",
	                    label_w + chart_w + 80, height);
	rc |= lt_report_html_escape(out, title);
	rc |= lt_buf_puts(out, "</title>");
	for (size_t i = 0; i < n; i++) {
		int y = 20 + (int)i * (bar_h + gap);
		int w = max > 0 ? (int)(values[i] / max * chart_w) : 0;
		rc |= lt_buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
		                    label_w - 6, y + 14);
		rc |= lt_report_html_escape(out, labels[i]);
		rc |= lt_buf_printf(out,
		                    "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
		                    "fill=\"#3a6ea5\"/><text x=\"%d\" y=\"%d\">%g%s</text>",
		                    label_w, y, w, bar_h, label_w + w + 4, y + 14, values[i],
		                    unit ? unit : "");
	}
	rc |= lt_buf_puts(out, "</svg>\n");
	return rc;
}

/* ---- writers ------------------------------------------------------------ */

static int write_text(lt_report *r, lt_buf *b)
{
	int rc = lt_buf_printf(b, "%s\n", r->title);
	for (size_t t = 0; t < r->ntables; t++) {
		const rep_table *tb = &r->tables[t];
		size_t *w = calloc(tb->ncolumns, sizeof(size_t));
		if (!w)
			return LT_ENOMEM;
		for (size_t c = 0; c < tb->ncolumns; c++) {
			w[c] = lt_text_length(lt_rep_heading(tb, c), (size_t)-1);
			for (size_t i = 0; i < tb->nrows; i++) {
				size_t l = lt_text_length(lt_rep_shown(tb, i, c), (size_t)-1);
				if (l > w[c])
					w[c] = l < 60 ? l : 60;
			}
		}
		rc |= lt_buf_printf(b, "\n== %s (%zu) ==\n", tb->title, tb->nrows);
		for (size_t i = 0; i <= tb->nrows; i++) {
			for (size_t c = 0; c < tb->ncolumns; c++) {
				const char *s =
				    i == 0 ? lt_rep_heading(tb, c) : lt_rep_shown(tb, i - 1, c);
				size_t l = lt_text_length(s, (size_t)-1);
				rc |= lt_buf_puts(b, s);
				if (c + 1 < tb->ncolumns)
					for (size_t p = l; p < w[c] + 2 || p == l; p++)
						rc |= lt_buf_putc(b, ' ');
			}
			rc |= lt_buf_putc(b, '\n');
		}
		free(w);
	}
	return rc;
}

static int write_json(lt_report *r, lt_buf *b)
{
	json_t *root = json_object(), *tables = json_object();
	char *s;
	int rc;

	json_object_set_new(root, "title", json_string(r->title));
	for (size_t t = 0; t < r->ntables; t++) {
		const rep_table *tb = &r->tables[t];
		json_t *rows = json_array();
		for (size_t i = 0; i < tb->nrows; i++) {
			json_t *o = json_object();
			for (size_t c = 0; c < tb->ncolumns; c++)
				json_object_set_new(o, tb->columns[c],
				                    json_string(lt_rep_cell(tb, i, c)));
			json_array_append_new(rows, o);
		}
		json_object_set_new(tables, tb->key, rows);
	}
	json_object_set_new(root, "tables", tables);
	s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!s)
		return LT_ENOMEM;
	rc = lt_buf_printf(b, "%s\n", s);
	free(s);
	return rc;
}

static int csv_field(lt_buf *b, const char *s)
{
	int rc = 0;
	if (!strpbrk(s, ",\"\n\r"))
		return lt_buf_puts(b, s);
	rc |= lt_buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			rc |= lt_buf_putc(b, '"');
		rc |= lt_buf_putc(b, *s);
	}
	return rc | lt_buf_putc(b, '"');
}

/* One CSV stream: a "table" column first, so several tables share a file. */
static int write_csv(lt_report *r, lt_buf *b)
{
	int rc = 0;
	for (size_t t = 0; t < r->ntables; t++) {
		const rep_table *tb = &r->tables[t];
		if (t)
			rc |= lt_buf_putc(b, '\n');
		rc |= lt_buf_puts(b, "table");
		for (size_t c = 0; c < tb->ncolumns; c++) {
			rc |= lt_buf_putc(b, ',');
			rc |= csv_field(b, tb->columns[c]);
		}
		rc |= lt_buf_puts(b, "\r\n");
		for (size_t i = 0; i < tb->nrows; i++) {
			rc |= csv_field(b, tb->key);
			for (size_t c = 0; c < tb->ncolumns; c++) {
				rc |= lt_buf_putc(b, ',');
				rc |= csv_field(b, lt_rep_cell(tb, i, c));
			}
			rc |= lt_buf_puts(b, "\r\n");
		}
	}
	return rc;
}

static int write_html(lt_report *r, lt_buf *b)
{
	int rc = lt_print_html_head(b, LT_TR("vi", "en"), r->title, "report");
	rc |= lt_buf_puts(b, "<h1>");
	rc |= lt_report_html_escape(b, r->title);
	rc |= lt_buf_puts(b, "</h1>\n");
	for (size_t t = 0; t < r->ntables; t++) {
		const rep_table *tb = &r->tables[t];
		rc |= lt_buf_puts(b, "<h2>");
		rc |= lt_report_html_escape(b, tb->title);
		rc |= lt_buf_printf(b, " (%zu)</h2>\n", tb->nrows);
		if (tb->extra_html)
			rc |= lt_buf_puts(b, tb->extra_html);
		rc |= lt_buf_puts(b, "<table><tr>");
		for (size_t c = 0; c < tb->ncolumns; c++) {
			rc |= lt_buf_puts(b, "<th>");
			rc |= lt_report_html_escape(b, lt_rep_heading(tb, c));
			rc |= lt_buf_puts(b, "</th>");
		}
		rc |= lt_buf_puts(b, "</tr>\n");
		for (size_t i = 0; i < tb->nrows; i++) {
			rc |= lt_buf_puts(b, "<tr>");
			for (size_t c = 0; c < tb->ncolumns; c++) {
				rc |= lt_buf_puts(b, "<td>");
				rc |= lt_report_html_escape(b, lt_rep_shown(tb, i, c));
				rc |= lt_buf_puts(b, "</td>");
			}
			rc |= lt_buf_puts(b, "</tr>\n");
		}
		rc |= lt_buf_puts(b, "</table>\n");
	}
	return rc | lt_buf_puts(b, "</body></html>\n");
}

int lt_report_write(lt_report *r, lt_report_format fmt, const char *path, lt_error *err)
{
	lt_buf b = LT_BUF_INIT;
	int rc = 0;
	FILE *f;

	if (fmt == LT_REPORT_XLSX) {
		if (!path || strcmp(path, "-") == 0)
			return lt_error_set(
			    err, LT_EINVAL, "%s",
			    LT_TR("định dạng xlsx cần tệp ra (-o TỆP.xlsx)",
			          "the xlsx format needs an output file (-o FILE.xlsx)"));
		return lt_report_write_xlsx(r, path, err);
	}
	switch (fmt) {
	case LT_REPORT_JSON: rc = write_json(r, &b); break;
	case LT_REPORT_CSV: rc = write_csv(r, &b); break;
	case LT_REPORT_HTML: rc = write_html(r, &b); break;
	default: rc = write_text(r, &b); break;
	}
	if (rc) {
		lt_buf_free(&b);
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	}
	if (!path || strcmp(path, "-") == 0) {
		fwrite(b.data, 1, b.len, stdout);
	} else {
		f = fopen(path, "wb");
		if (!f || fwrite(b.data, 1, b.len, f) != b.len) {
			rc = lt_error_set(err, LT_EIO,
			                  LT_TR("không ghi được tệp %s", "cannot write file %s"),
			                  path);
		}
		if (f && fclose(f) != 0 && rc == 0)
			rc = lt_error_set(err, LT_EIO,
			                  LT_TR("không ghi được tệp %s", "cannot write file %s"),
			                  path);
	}
	lt_buf_free(&b);
	return rc;
}
