/*
 * archive/forms/form.c — the form model, its HTML and CSV writers, and
 * numbers and dates in words (form.h). The PDF writer is pdf.c.
 */
#include "archive/forms/form.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OOM(err) lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"))

/* ---- tables -------------------------------------------------------------- */

int lt_table_new(lt_table **out, size_t ncol, const char *const *headings, lt_error *err)
{
	lt_table *t = calloc(1, sizeof(*t));

	*out = NULL;
	if (!t || !(t->headings = calloc(ncol, sizeof(char *))) ||
	    !(t->widths = calloc(ncol, sizeof(double)))) {
		if (t)
			free(t->headings);
		free(t);
		return OOM(err);
	}
	t->ncol = ncol;
	for (size_t i = 0; i < ncol; i++) {
		t->headings[i] = strdup(headings[i] ? headings[i] : "");
		t->widths[i] = 1.0;
		if (!t->headings[i]) {
			lt_table_free(t);
			return OOM(err);
		}
	}
	*out = t;
	return 0;
}

void lt_table_free(lt_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ncol; i++)
		free(t->headings[i]);
	for (size_t r = 0; r < t->nrows; r++) {
		size_t n = t->rows[r].section ? 1 : t->ncol;
		for (size_t i = 0; i < n; i++)
			free(t->rows[r].cells[i]);
		free(t->rows[r].cells);
	}
	for (size_t i = 0; i < t->nfooters; i++)
		free(t->footers[i]);
	free(t->headings);
	free(t->widths);
	free(t->rows);
	free(t->footers);
	free(t);
}

void lt_table_widths(lt_table *t, const double *widths)
{
	for (size_t i = 0; i < t->ncol; i++)
		t->widths[i] = widths[i] > 0 ? widths[i] : 1.0;
}

static int new_row(lt_table *t, int section)
{
	lt_form_row *r;

	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		lt_form_row *g = realloc(t->rows, cap * sizeof(*g));
		if (!g)
			return LT_ENOMEM;
		t->rows = g;
		t->cap = cap;
	}
	r = &t->rows[t->nrows];
	r->section = section;
	r->cells = calloc(section ? 1 : t->ncol, sizeof(char *));
	if (!r->cells)
		return LT_ENOMEM;
	t->nrows++;
	t->fill = 0;
	return 0;
}

int lt_table_cell(lt_table *t, const char *s)
{
	lt_form_row *r;

	if (t->nrows == 0 || t->rows[t->nrows - 1].section || t->fill == t->ncol)
		if (new_row(t, 0))
			return LT_ENOMEM;
	r = &t->rows[t->nrows - 1];
	if (!(r->cells[t->fill] = strdup(s ? s : "")))
		return LT_ENOMEM;
	t->fill++;
	return 0;
}

int lt_table_section(lt_table *t, const char *s)
{
	/* A partly filled row is completed with empty cells first. */
	while (t->nrows && !t->rows[t->nrows - 1].section && t->fill < t->ncol)
		if (lt_table_cell(t, ""))
			return LT_ENOMEM;
	if (new_row(t, 1))
		return LT_ENOMEM;
	if (!(t->rows[t->nrows - 1].cells[0] = strdup(s ? s : "")))
		return LT_ENOMEM;
	t->fill = 1;
	return 0;
}

int lt_table_footer(lt_table *t, const char *line)
{
	char **f = realloc(t->footers, (t->nfooters + 1) * sizeof(char *));

	if (!f)
		return LT_ENOMEM;
	t->footers = f;
	if (!(f[t->nfooters] = strdup(line)))
		return LT_ENOMEM;
	t->nfooters++;
	return 0;
}

size_t lt_table_rows(const lt_table *t)
{
	return t ? t->nrows : 0;
}

int lt_table_check_format(const char *format, lt_error *err)
{
	if (format && (strcmp(format, "html") == 0 || strcmp(format, "csv") == 0 ||
	               strcmp(format, "pdf") == 0))
		return 0;
	return lt_error_set(err, LT_EINVAL, "%s: %s",
	                    LT_TR("định dạng không hỗ trợ, dùng html, pdf hoặc csv",
	                          "unsupported format, use html, pdf or csv"),
	                    format ? format : "(null)");
}

void lt_table_date_dmy(const char *iso, char out[32])
{
	lt_date d;

	out[0] = '\0';
	if (!iso)
		return;
	if (strlen(iso) >= 10) {
		char day[11];
		memcpy(day, iso, 10);
		day[10] = '\0';
		if (lt_date_parse_iso(&d, day, NULL) == 0) {
			lt_date_format_dmy(&d, out);
			return;
		}
	}
	snprintf(out, 32, "%s", iso);
}

/* ---- the form model ------------------------------------------------------ */

int lt_form_new(lt_form **out, lt_form_orientation orientation, lt_error *err)
{
	lt_form *f = calloc(1, sizeof(*f));

	*out = NULL;
	if (!f)
		return OOM(err);
	f->orientation = orientation;
	*out = f;
	return 0;
}

static void block_free(lt_form_block *b)
{
	free(b->text);
	free(b->text2);
	lt_table_free(b->table);
	for (size_t i = 0; i < b->nsig; i++) {
		free(b->sig_title[i]);
		free(b->sig_note[i]);
		free(b->sig_name[i]);
	}
	free(b->sig_title);
	free(b->sig_note);
	free(b->sig_name);
}

void lt_form_free(lt_form *f)
{
	if (!f)
		return;
	free(f->parent);
	free(f->organ);
	free(f->unit);
	free(f->number);
	free(f->place);
	for (size_t i = 0; i < f->nblocks; i++)
		block_free(&f->blocks[i]);
	free(f->blocks);
	free(f);
}

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

int lt_form_header(lt_form *f, const char *parent, const char *organ, const char *unit,
                   const char *number, const char *place, const lt_date *date)
{
	free(f->parent);
	free(f->organ);
	free(f->unit);
	free(f->number);
	free(f->place);
	f->parent = dup_or_null(parent);
	f->organ = dup_or_null(organ);
	f->unit = dup_or_null(unit);
	f->number = dup_or_null(number);
	f->place = dup_or_null(place);
	f->has_date = date != NULL;
	if (date)
		f->date = *date;
	return 0;
}

static char *setting(lt_catalog *cat, const char *key)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;

	if (sqlite3_prepare_v2(lt_catalog_db(cat), "SELECT value FROM settings WHERE key = ?", -1,
	                       &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

int lt_form_header_settings(lt_form *f, lt_catalog *cat, const char *unit, const char *number,
                            const lt_date *date, lt_error *err)
{
	char *parent = setting(cat, "organ_parent"), *organ = setting(cat, "organ_name");
	char *place = setting(cat, "place");
	int rc = lt_form_header(f, parent, organ ? organ : "TÊN CƠ QUAN, TỔ CHỨC", unit, number,
	                        place, date);

	free(parent);
	free(organ);
	free(place);
	return rc ? OOM(err) : 0;
}

static lt_form_block *add_block(lt_form *f, lt_form_block_kind kind)
{
	lt_form_block *g = realloc(f->blocks, (f->nblocks + 1) * sizeof(*g));

	if (!g)
		return NULL;
	f->blocks = g;
	memset(&g[f->nblocks], 0, sizeof(*g));
	g[f->nblocks].kind = kind;
	return &g[f->nblocks++];
}

int lt_form_title(lt_form *f, const char *title, const char *subtitle)
{
	lt_form_block *b = add_block(f, LT_FB_TITLE);

	if (!b || !(b->text = strdup(title ? title : "")))
		return LT_ENOMEM;
	if (subtitle && *subtitle && !(b->text2 = strdup(subtitle)))
		return LT_ENOMEM;
	return 0;
}

int lt_form_para(lt_form *f, unsigned style, const char *text)
{
	lt_form_block *b = add_block(f, LT_FB_PARA);

	if (!b || !(b->text = strdup(text ? text : "")))
		return LT_ENOMEM;
	b->style = style;
	return 0;
}

int lt_form_paraf(lt_form *f, unsigned style, const char *fmt, ...)
{
	lt_buf b = LT_BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = lt_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (rc == 0)
		rc = lt_form_para(f, style, lt_buf_cstr(&b));
	lt_buf_free(&b);
	return rc;
}

int lt_form_table(lt_form *f, lt_table *t)
{
	lt_form_block *b = add_block(f, LT_FB_TABLE);

	if (!b) {
		lt_table_free(t);
		return LT_ENOMEM;
	}
	/* A last row left short is completed, so every writer sees whole rows. */
	while (t->nrows && !t->rows[t->nrows - 1].section && t->fill < t->ncol)
		if (lt_table_cell(t, ""))
			break;
	b->table = t;
	return 0;
}

int lt_form_signatures(lt_form *f, size_t n, const char *const *titles, const char *const *notes,
                       const char *const *names)
{
	lt_form_block *b = add_block(f, LT_FB_SIGN);

	if (!b)
		return LT_ENOMEM;
	b->sig_title = calloc(n ? n : 1, sizeof(char *));
	b->sig_note = calloc(n ? n : 1, sizeof(char *));
	b->sig_name = calloc(n ? n : 1, sizeof(char *));
	if (!b->sig_title || !b->sig_note || !b->sig_name)
		return LT_ENOMEM;
	b->nsig = n;
	for (size_t i = 0; i < n; i++) {
		b->sig_title[i] = strdup(titles[i] ? titles[i] : "");
		b->sig_note[i] = strdup(notes && notes[i] ? notes[i] : "");
		b->sig_name[i] = strdup(names && names[i] ? names[i] : "");
		if (!b->sig_title[i] || !b->sig_note[i] || !b->sig_name[i])
			return LT_ENOMEM;
	}
	return 0;
}

/* ---- numbers and dates --------------------------------------------------- */

static const char *const DIGITS[] = {"không", "một", "hai", "ba",  "bốn",
                                     "năm",   "sáu", "bảy", "tám", "chín"};

/* 0..999 inside a number; full: the hundreds are read even when zero
 * ("một nghìn không trăm lẻ năm"). */
static int words_999(lt_buf *b, int n, int full)
{
	int h = n / 100, t = (n / 10) % 10, u = n % 10, rc = 0;

	if (h || full)
		rc |= lt_buf_printf(b, "%s trăm", DIGITS[h]);
	if (t == 0 && u == 0)
		return rc;
	if (h || full)
		rc |= lt_buf_putc(b, ' ');
	if (t == 0) {
		if (h || full)
			rc |= lt_buf_puts(b, "lẻ ");
		return rc | lt_buf_puts(b, DIGITS[u]);
	}
	rc |= lt_buf_puts(b, t == 1 ? "mười" : DIGITS[t]);
	if (t > 1)
		rc |= lt_buf_puts(b, " mươi");
	if (u == 0)
		return rc;
	rc |= lt_buf_putc(b, ' ');
	if (u == 1 && t > 1)
		return rc | lt_buf_puts(b, "mốt");
	if (u == 5)
		return rc | lt_buf_puts(b, "lăm");
	if (u == 4 && t > 1)
		return rc | lt_buf_puts(b, "tư");
	return rc | lt_buf_puts(b, DIGITS[u]);
}

/* Below a billion: groups of three with nghìn and triệu. */
static int words_below_billion(lt_buf *b, long long n, int started)
{
	static const char *const SCALE[] = {"", " nghìn", " triệu"};
	int groups[3] = {(int)(n % 1000), (int)(n / 1000 % 1000), (int)(n / 1000000)};
	int rc = 0;

	for (int g = 2; g >= 0; g--) {
		if (groups[g] == 0)
			continue;
		if (started)
			rc |= lt_buf_putc(b, ' ');
		rc |= words_999(b, groups[g], started);
		rc |= lt_buf_puts(b, SCALE[g]);
		started = 1;
	}
	return rc;
}

int lt_words_vi(lt_buf *out, long long n)
{
	unsigned long long u;
	long long billions, rest;
	int rc = 0;

	if (n < 0) {
		rc |= lt_buf_puts(out, "âm ");
		u = 0ULL - (unsigned long long)n;
	} else {
		u = (unsigned long long)n;
	}
	if (u == 0)
		return rc | lt_buf_puts(out, "không");
	/* 10^9 is "tỷ"; above it the count of billions is read on its own
	 * ("một nghìn tỷ", "một triệu tỷ"). */
	billions = (long long)(u / 1000000000ULL);
	rest = (long long)(u % 1000000000ULL);
	if (billions) {
		if (billions >= 1000000000LL) {
			rc |= lt_words_vi(out, billions);
		} else {
			rc |= words_below_billion(out, billions, 0);
		}
		rc |= lt_buf_puts(out, " tỷ");
	}
	if (rest)
		rc |= words_below_billion(out, rest, billions != 0);
	return rc;
}

int lt_words_count_vi(lt_buf *out, long long n)
{
	int rc = lt_buf_printf(out, "%lld (", n);
	rc |= lt_words_vi(out, n);
	return rc | lt_buf_putc(out, ')');
}

void lt_form_date_long(const lt_date *d, char out[48])
{
	/* NĐ 30/2020 Phụ lục I II.4: days below 10 and months 1, 2 with a
	 * leading zero ("ngày 05 tháng 02"); other months without. */
	if (d->month <= 2)
		snprintf(out, 48, "ngày %02d tháng %02d năm %d", d->day, d->month, d->year);
	else
		snprintf(out, 48, "ngày %02d tháng %d năm %d", d->day, d->month, d->year);
}

/* ---- HTML ---------------------------------------------------------------- */

static int esc(lt_buf *out, const char *s)
{
	int rc = 0;

	for (const char *p = s ? s : ""; *p && rc == 0; p++) {
		switch (*p) {
		case '&': rc = lt_buf_puts(out, "&amp;"); break;
		case '<': rc = lt_buf_puts(out, "&lt;"); break;
		case '>': rc = lt_buf_puts(out, "&gt;"); break;
		case '"': rc = lt_buf_puts(out, "&quot;"); break;
		case '\n': rc = lt_buf_puts(out, "<br>"); break;
		default: rc = lt_buf_putc(out, *p);
		}
	}
	return rc;
}

/* Upper case of Vietnamese text for titles (ASCII and the precomposed
 * Latin letters the language uses: Latin-1, Latin Extended-A/B and the
 * Vietnamese block U+1EA0..U+1EF9, where capitals are the even code
 * points). */
int lt_form_upper(lt_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	int rc = 0;

	while (*p && rc == 0) {
		unsigned cp;
		int len;
		if (*p < 0x80) {
			rc = lt_buf_putc(out, (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p));
			p++;
			continue;
		}
		if ((*p & 0xE0) == 0xC0 && p[1]) {
			cp = ((unsigned)(*p & 0x1F) << 6) | (p[1] & 0x3F);
			len = 2;
		} else if ((*p & 0xF0) == 0xE0 && p[1] && p[2]) {
			cp = ((unsigned)(*p & 0x0F) << 12) | ((unsigned)(p[1] & 0x3F) << 6) |
			     (p[2] & 0x3F);
			len = 3;
		} else {
			rc = lt_buf_putc(out, (char)*p++);
			continue;
		}
		if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)
			cp -= 0x20;
		else if ((cp >= 0x100 && cp <= 0x17F && (cp & 1)) && cp != 0x131)
			cp -= 1;
		else if (cp == 0x1A1 || cp == 0x1B0) /* ơ ư */
			cp -= 1;
		else if (cp >= 0x1EA0 && cp <= 0x1EF9 && (cp & 1))
			cp -= 1;
		if (cp < 0x800) {
			rc |= lt_buf_putc(out, (char)(0xC0 | (cp >> 6)));
			rc |= lt_buf_putc(out, (char)(0x80 | (cp & 0x3F)));
		} else {
			rc |= lt_buf_putc(out, (char)(0xE0 | (cp >> 12)));
			rc |= lt_buf_putc(out, (char)(0x80 | ((cp >> 6) & 0x3F)));
			rc |= lt_buf_putc(out, (char)(0x80 | (cp & 0x3F)));
		}
		p += len;
	}
	return rc;
}

static int html_table(lt_buf *out, const lt_table *t)
{
	double total = 0;
	int rc = 0;

	for (size_t i = 0; i < t->ncol; i++)
		total += t->widths[i];
	rc |= lt_buf_puts(out, "<table class=\"grid\">\n<colgroup>");
	for (size_t i = 0; i < t->ncol; i++)
		rc |= lt_buf_printf(out, "<col width=\"%.1f%%\">",
		                    100.0 * t->widths[i] / (total > 0 ? total : 1));
	rc |= lt_buf_puts(out, "</colgroup>\n<thead><tr>");
	for (size_t i = 0; i < t->ncol; i++) {
		rc |= lt_buf_puts(out, "<th>");
		rc |= esc(out, t->headings[i]);
		rc |= lt_buf_puts(out, "</th>");
	}
	rc |= lt_buf_puts(out, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < t->nrows; r++) {
		const lt_form_row *row = &t->rows[r];
		if (row->section) {
			rc |= lt_buf_printf(out, "<tr class=\"section\"><td colspan=\"%zu\">",
			                    t->ncol);
			rc |= esc(out, row->cells[0]);
			rc |= lt_buf_puts(out, "</td></tr>\n");
			continue;
		}
		rc |= lt_buf_puts(out, "<tr>");
		for (size_t i = 0; i < t->ncol; i++) {
			rc |= lt_buf_puts(out, "<td>");
			rc |= esc(out, row->cells[i]);
			rc |= lt_buf_puts(out, "</td>");
		}
		rc |= lt_buf_puts(out, "</tr>\n");
	}
	rc |= lt_buf_puts(out, "</tbody>\n</table>\n");
	for (size_t i = 0; i < t->nfooters; i++) {
		rc |= lt_buf_puts(out, "<p class=\"footer\">");
		rc |= esc(out, t->footers[i]);
		rc |= lt_buf_puts(out, "</p>\n");
	}
	return rc;
}

static int html_header(lt_buf *out, const lt_form *f)
{
	int rc = 0;

	rc |= lt_buf_puts(out, "<table class=\"hdr\"><tr><td class=\"organ\">");
	if (f->parent) {
		rc |= lt_buf_puts(out, "<div class=\"parent\">");
		rc |= lt_form_upper(out, f->parent);
		rc |= lt_buf_puts(out, "</div>");
	}
	rc |= lt_buf_puts(out, "<div class=\"name\">");
	rc |= lt_form_upper(out, f->organ);
	rc |= lt_buf_puts(out, "</div>");
	if (f->unit) {
		rc |= lt_buf_puts(out, "<div class=\"name\">");
		rc |= lt_form_upper(out, f->unit);
		rc |= lt_buf_puts(out, "</div>");
	}
	rc |= lt_buf_puts(out, "<hr class=\"short\">");
	if (f->number) {
		rc |= lt_buf_puts(out, "<div class=\"num\">Số: ");
		rc |= esc(out, f->number);
		rc |= lt_buf_puts(out, "</div>");
	}
	rc |= lt_buf_puts(out, "</td><td class=\"nation\"><div class=\"qh\">CỘNG HÒA XÃ HỘI CHỦ "
	                       "NGHĨA VIỆT NAM</div><div class=\"tn\">Độc lập - Tự do - Hạnh "
	                       "phúc</div><hr class=\"short\">");
	if (f->has_date) {
		char d[48];
		lt_form_date_long(&f->date, d);
		rc |= lt_buf_puts(out, "<div class=\"date\">");
		if (f->place) {
			rc |= esc(out, f->place);
			rc |= lt_buf_puts(out, ", ");
		}
		rc |= lt_buf_puts(out, d);
		rc |= lt_buf_puts(out, "</div>");
	}
	rc |= lt_buf_puts(out, "</td></tr></table>\n");
	return rc;
}

const char LT_PRINT_CSS[] =
    "\n"
    "body{font-family:\"Times New Roman\",\"Liberation Serif\",serif;font-size:13pt;"
    "color:#000;background:#fff;margin:2cm 1.5cm 2cm 3cm}\n"
    "body.report,body.register{font-size:12pt;margin:1.5cm}\n"
    "h1{text-align:center;font-size:14pt;margin:1em 0 0}\n"
    "body.report h1,body.register h1{margin:0 0 .5em}\n"
    "h2{font-size:13pt;margin:1em 0 .3em}\n"
    "p{margin:.3em 0;text-align:justify}\n"
    "table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}\n"
    "th,td{border:1px solid #000;padding:3px 5px;vertical-align:top;text-align:left}\n"
    "th{font-weight:bold;text-align:center;background:#eee}\n"
    "tr.overdue td{background:#fdd}\n"
    "table.hdr{margin-bottom:1em}\n"
    "table.hdr td{text-align:center;border:0;padding:0}\n"
    "td.organ{width:40%}td.nation{width:60%}\n"
    ".parent{font-size:12pt}.name{font-weight:bold;font-size:12pt}\n"
    ".qh{font-weight:bold;font-size:12pt}.tn{font-weight:bold;font-size:13pt}\n"
    "hr.short{width:35%;border:0;border-top:1px solid #000;margin:2px auto 6px}\n"
    ".num{font-size:13pt}.date{font-style:italic;margin-top:6px}\n"
    "p.sub{text-align:center;font-weight:bold;margin:0 0 1em}\n"
    "p.b{font-weight:bold}p.i{font-style:italic}p.c{text-align:center}"
    "p.in{text-indent:1cm}p.s{font-size:11pt}\n"
    "table.grid{font-size:12pt;margin:.5em 0}\n"
    "table.grid th{background:none}\n"
    "tr.section td{font-weight:bold}\n"
    "table.sign{margin-top:1.5em}table.sign td{text-align:center;border:0}\n"
    ".st{font-weight:bold}.sn{font-style:italic}.sname{font-weight:bold;padding-top:4em}\n"
    "@page{size:A4 portrait;margin:2cm 1.5cm 2cm 3cm}\n"
    "@page landscape{size:A4 landscape;margin:2cm 1.5cm 2cm 2cm}\n"
    "body.landscape{page:landscape}\n"
    "@media print{body,body.report,body.register{margin:0}"
    "th{background:none}thead{display:table-header-group}tr{break-inside:avoid}}\n";

int lt_print_html_head(lt_buf *out, const char *lang, const char *title, const char *body_class)
{
	int rc = lt_buf_printf(out,
	                       "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	                       "<meta charset=\"utf-8\">\n<title>",
	                       lang && *lang ? lang : "vi");
	rc |= esc(out, title ? title : "");
	rc |= lt_buf_puts(out, "</title>\n<style>");
	rc |= lt_buf_puts(out, LT_PRINT_CSS);
	rc |= lt_buf_printf(out, "</style>\n</head>\n<body class=\"%s\">\n",
	                    body_class ? body_class : "");
	return rc;
}

static int write_html(lt_buf *out, const lt_form *f)
{
	const char *title = "";
	int rc = 0;

	for (size_t i = 0; i < f->nblocks; i++)
		if (f->blocks[i].kind == LT_FB_TITLE) {
			title = f->blocks[i].text;
			break;
		}
	rc |= lt_print_html_head(out, "vi", title,
	                         f->orientation == LT_FORM_LANDSCAPE ? "form landscape" : "form");
	rc |= html_header(out, f);
	for (size_t i = 0; i < f->nblocks && rc == 0; i++) {
		const lt_form_block *b = &f->blocks[i];
		switch (b->kind) {
		case LT_FB_TITLE:
			rc |= lt_buf_puts(out, "<h1>");
			rc |= lt_form_upper(out, b->text);
			rc |= lt_buf_puts(out, "</h1>\n");
			if (b->text2) {
				rc |= lt_buf_puts(out, "<p class=\"sub\">");
				rc |= esc(out, b->text2);
				rc |= lt_buf_puts(out, "</p>\n");
			}
			break;
		case LT_FB_PARA:
			rc |= lt_buf_printf(out, "<p class=\"%s%s%s%s%s\">",
			                    b->style & LT_FORM_BOLD ? "b " : "",
			                    b->style & LT_FORM_ITALIC ? "i " : "",
			                    b->style & LT_FORM_CENTER ? "c " : "",
			                    b->style & LT_FORM_INDENT ? "in " : "",
			                    b->style & LT_FORM_SMALL ? "s" : "");
			rc |= esc(out, b->text);
			rc |= lt_buf_puts(out, "</p>\n");
			break;
		case LT_FB_TABLE: rc |= html_table(out, b->table); break;
		case LT_FB_SIGN:
			rc |= lt_buf_puts(out, "<table class=\"sign\"><tr>");
			for (size_t k = 0; k < b->nsig; k++) {
				rc |= lt_buf_puts(out, "<td><div class=\"st\">");
				rc |= esc(out, b->sig_title[k]);
				rc |= lt_buf_puts(out, "</div><div class=\"sn\">");
				rc |= esc(out, b->sig_note[k]);
				rc |= lt_buf_puts(out, "</div><div class=\"sname\">");
				rc |= esc(out, b->sig_name[k]);
				rc |= lt_buf_puts(out, "</div></td>");
			}
			rc |= lt_buf_puts(out, "</tr></table>\n");
			break;
		}
	}
	rc |= lt_buf_puts(out, "</body>\n</html>\n");
	return rc;
}

/* ---- CSV ----------------------------------------------------------------- */

static int csv_field(lt_buf *out, const char *s)
{
	int rc = 0;

	if (!strpbrk(s, ",\"\r\n"))
		return lt_buf_puts(out, s);
	rc |= lt_buf_putc(out, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			rc |= lt_buf_putc(out, '"');
		rc |= lt_buf_putc(out, *p);
	}
	rc |= lt_buf_putc(out, '"');
	return rc;
}

static int csv_table(lt_buf *out, const lt_table *t)
{
	int rc = 0;

	for (size_t i = 0; i < t->ncol; i++) {
		if (i)
			rc |= lt_buf_putc(out, ',');
		rc |= csv_field(out, t->headings[i]);
	}
	rc |= lt_buf_puts(out, "\r\n");
	for (size_t r = 0; r < t->nrows; r++) {
		const lt_form_row *row = &t->rows[r];
		for (size_t i = 0; i < t->ncol; i++) {
			const char *cell = row->section ? (i == (t->ncol > 1) ? row->cells[0] : "")
			                                : row->cells[i];
			if (i)
				rc |= lt_buf_putc(out, ',');
			rc |= csv_field(out, cell ? cell : "");
		}
		rc |= lt_buf_puts(out, "\r\n");
	}
	for (size_t i = 0; i < t->nfooters; i++) {
		rc |= csv_field(out, t->footers[i]);
		rc |= lt_buf_puts(out, "\r\n");
	}
	return rc;
}

static int write_csv(lt_buf *out, const lt_form *f)
{
	int rc = lt_buf_puts(out, "\xEF\xBB\xBF");

	for (size_t i = 0; i < f->nblocks; i++)
		if (f->blocks[i].kind == LT_FB_TABLE)
			rc |= csv_table(out, f->blocks[i].table);
	return rc;
}

int lt_form_write(lt_buf *out, const lt_form *f, const char *format, lt_error *err)
{
	int rc;

	if ((rc = lt_table_check_format(format, err)) != 0)
		return rc;
	if (strcmp(format, "pdf") == 0)
		return lt_form_write_pdf(out, f, err);
	rc = strcmp(format, "csv") == 0 ? write_csv(out, f) : write_html(out, f);
	return rc ? OOM(err) : 0;
}

int lt_form_write_table(lt_buf *out, lt_catalog *cat, lt_table *t, lt_form_orientation o,
                        const char *format, const char *title, const char *subtitle, lt_error *err)
{
	lt_form *f = NULL;
	int rc;

	if ((rc = lt_table_check_format(format, err)) != 0 || (rc = lt_form_new(&f, o, err)) != 0) {
		lt_table_free(t);
		return rc;
	}
	if ((rc = lt_form_header_settings(f, cat, NULL, NULL, NULL, err)) != 0 ||
	    lt_form_title(f, title, subtitle)) {
		lt_table_free(t);
		rc = rc ? rc : OOM(err);
	} else if (lt_form_table(f, t)) {
		rc = OOM(err);
	} else {
		rc = lt_form_write(out, f, format, err);
	}
	lt_form_free(f);
	return rc;
}
