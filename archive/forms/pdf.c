/*
 * archive/forms/pdf.c — a form (form.h) as a searchable A4 PDF.
 *
 * Pango lays the text out (line breaking, Vietnamese shaping) and Cairo's
 * PDF surface writes it with the font embedded and a ToUnicode map, so the
 * words are text a reader can search and `pdftotext` extracts. The font is
 * Liberation Serif (fonts-liberation2), metric-compatible with Times New
 * Roman, which NĐ 30 Phụ lục I prescribes.
 *
 * Page geometry (NĐ 30 PL I, phần I.3): A4, margins top 20 mm, bottom
 * 20 mm, left 30 mm, right 15 mm (landscape: 20 mm all round, 25 mm top);
 * page numbers centred at the top from the second page. A table row that
 * does not fit moves to the next page, where the heading row is repeated.
 *
 * Each document gets its own font map and Pango context, so concurrent
 * writers (HTTP threads) share nothing but fontconfig's thread-safe cache.
 */
#include "archive/forms/form.h"

#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#define MM        (72.0 / 25.4)
#define FONT      "Liberation Serif"
#define BODY_PT   13.0
#define TABLE_PT  11.0
#define HEADER_PT 12.0
#define PAD       3.0

typedef struct pdf {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoFontMap *fontmap;
	PangoContext *pango;
	double w, h, ml, mr, mt, mb, y;
	int page;
	lt_buf *out;
	int failed;
} pdf;

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int len)
{
	pdf *p = closure;

	if (lt_buf_append(p->out, data, len) != 0) {
		p->failed = 1;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

static double content_width(const pdf *p)
{
	return p->w - p->ml - p->mr;
}

/* A layout of text in the form's font; width in points (≤ 0: no wrap). */
static PangoLayout *layout(pdf *p, const char *text, double size, int bold, int italic,
                           double width, PangoAlignment align)
{
	PangoLayout *l = pango_layout_new(p->pango);
	PangoFontDescription *fd = pango_font_description_new();

	pango_font_description_set_family(fd, FONT);
	pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE));
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(fd, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_alignment(l, align);
	pango_layout_set_text(l, text ? text : "", -1);
	return l;
}

static double height_of(PangoLayout *l)
{
	PangoRectangle logical;

	pango_layout_get_extents(l, NULL, &logical);
	return (double)logical.height / PANGO_SCALE;
}

static double width_of(PangoLayout *l)
{
	PangoRectangle logical;

	pango_layout_get_extents(l, NULL, &logical);
	return (double)logical.width / PANGO_SCALE;
}

static void show(pdf *p, PangoLayout *l, double x, double y)
{
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
}

static void hline(pdf *p, double x0, double x1, double y)
{
	cairo_set_line_width(p->cr, 0.6);
	cairo_move_to(p->cr, x0, y);
	cairo_line_to(p->cr, x1, y);
	cairo_stroke(p->cr);
}

static void page_number(pdf *p)
{
	char n[16];
	PangoLayout *l;

	if (p->page < 2)
		return;
	snprintf(n, sizeof(n), "%d", p->page);
	l = layout(p, n, 11, 0, 0, content_width(p), PANGO_ALIGN_CENTER);
	show(p, l, p->ml, p->mt - 8 * MM);
	g_object_unref(l);
}

static void new_page(pdf *p)
{
	cairo_show_page(p->cr);
	p->page++;
	p->y = p->mt;
	page_number(p);
}

/* Room for h more points on this page, else a new page. */
static void ensure(pdf *p, double h)
{
	if (p->y + h > p->h - p->mb && p->y > p->mt + 1)
		new_page(p);
}

/* A paragraph at the current position; returns nothing, advances y. */
static void para(pdf *p, const char *text, double size, unsigned style, double gap)
{
	PangoLayout *l =
	    layout(p, text, size, style & LT_FORM_BOLD, style & LT_FORM_ITALIC, content_width(p),
	           style & LT_FORM_CENTER ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
	double h;

	if (style & LT_FORM_INDENT)
		pango_layout_set_indent(l, (int)(10 * MM * PANGO_SCALE));
	if (!(style & LT_FORM_CENTER))
		pango_layout_set_justify(l, TRUE);
	h = height_of(l);
	ensure(p, h);
	show(p, l, p->ml, p->y);
	p->y += h + gap;
	g_object_unref(l);
}

static void upper_text(lt_buf *b, const char *s)
{
	lt_buf_reset(b);
	lt_form_upper(b, s);
}

/* The two header columns of NĐ 30 PL I. */
static void header(pdf *p, const lt_form *f)
{
	double cw = content_width(p), lw = cw * 0.42, rw = cw - lw, lx = p->ml, rx = p->ml + lw;
	double ly = p->y, ry = p->y;
	lt_buf b = LT_BUF_INIT;
	PangoLayout *l;

	if (f->parent) {
		upper_text(&b, f->parent);
		l = layout(p, lt_buf_cstr(&b), HEADER_PT, 0, 0, lw, PANGO_ALIGN_CENTER);
		show(p, l, lx, ly);
		ly += height_of(l);
		g_object_unref(l);
	}
	upper_text(&b, f->organ ? f->organ : "");
	if (f->unit) {
		lt_buf_putc(&b, '\n');
		lt_form_upper(&b, f->unit);
	}
	l = layout(p, lt_buf_cstr(&b), HEADER_PT, 1, 0, lw, PANGO_ALIGN_CENTER);
	show(p, l, lx, ly);
	ly += height_of(l) + 2;
	g_object_unref(l);
	hline(p, lx + lw / 3, lx + 2 * lw / 3, ly);
	ly += 6;
	if (f->number) {
		lt_buf_reset(&b);
		lt_buf_printf(&b, "Số: %s", f->number);
		l = layout(p, lt_buf_cstr(&b), BODY_PT, 0, 0, lw, PANGO_ALIGN_CENTER);
		show(p, l, lx, ly);
		ly += height_of(l);
		g_object_unref(l);
	}

	/* One line, centred over the right column even when a little wider. */
	l = layout(p, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", HEADER_PT, 1, 0, 0, PANGO_ALIGN_LEFT);
	show(p, l, rx + (rw - width_of(l)) / 2, ry);
	ry += height_of(l);
	g_object_unref(l);
	l = layout(p, "Độc lập - Tự do - Hạnh phúc", BODY_PT, 1, 0, rw, PANGO_ALIGN_CENTER);
	show(p, l, rx, ry);
	{
		double tw = 0;
		PangoLayout *m =
		    layout(p, "Độc lập - Tự do - Hạnh phúc", BODY_PT, 1, 0, 0, PANGO_ALIGN_LEFT);
		tw = width_of(m);
		g_object_unref(m);
		ry += height_of(l) + 2;
		hline(p, rx + (rw - tw) / 2, rx + (rw + tw) / 2, ry);
	}
	ry += 6;
	g_object_unref(l);
	if (f->has_date) {
		char d[48];
		lt_form_date_long(&f->date, d);
		lt_buf_reset(&b);
		if (f->place)
			lt_buf_printf(&b, "%s, ", f->place);
		lt_buf_puts(&b, d);
		/* one line, centred over the right column */
		l = layout(p, lt_buf_cstr(&b), BODY_PT, 0, 1, 0, PANGO_ALIGN_LEFT);
		show(p, l, rx + (rw - width_of(l)) / 2, ry);
		ry += height_of(l);
		g_object_unref(l);
	}
	lt_buf_free(&b);
	p->y = (ly > ry ? ly : ry) + 14;
}

/* Column x positions and widths for a table. */
static void columns(const pdf *p, const lt_table *t, double *x, double *w)
{
	double total = 0, cw = content_width(p), at = p->ml;

	for (size_t i = 0; i < t->ncol; i++)
		total += t->widths[i];
	for (size_t i = 0; i < t->ncol; i++) {
		w[i] = cw * t->widths[i] / (total > 0 ? total : 1);
		x[i] = at;
		at += w[i];
	}
}

/* One row of cells (heading when bold), returned height; drawn when draw. */
static double row(pdf *p, const lt_table *t, char *const *cells, int bold, int section,
                  const double *x, const double *w, int draw)
{
	double hmax = 0;
	size_t n = section ? 1 : t->ncol;

	for (size_t i = 0; i < n; i++) {
		double cw = section ? content_width(p) : w[i];
		PangoLayout *l = layout(p, cells[i], TABLE_PT, bold || section, 0, cw - 2 * PAD,
		                        bold ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
		double h = height_of(l);
		if (draw)
			show(p, l, (section ? p->ml : x[i]) + PAD, p->y + PAD);
		if (h > hmax)
			hmax = h;
		g_object_unref(l);
	}
	hmax += 2 * PAD;
	if (draw) {
		cairo_set_line_width(p->cr, 0.5);
		if (section) {
			cairo_rectangle(p->cr, p->ml, p->y, content_width(p), hmax);
		} else {
			for (size_t i = 0; i < n; i++)
				cairo_rectangle(p->cr, x[i], p->y, w[i], hmax);
		}
		cairo_stroke(p->cr);
		p->y += hmax;
	}
	return hmax;
}

static void table(pdf *p, const lt_table *t)
{
	double x[64], w[64];
	double hh;

	if (t->ncol == 0 || t->ncol > 64)
		return;
	columns(p, t, x, w);
	hh = row(p, t, t->headings, 1, 0, x, w, 0);
	ensure(p, hh + 20);
	row(p, t, t->headings, 1, 0, x, w, 1);
	for (size_t r = 0; r < t->nrows; r++) {
		const lt_form_row *rw = &t->rows[r];
		double h = row(p, t, rw->cells, 0, rw->section, x, w, 0);
		if (p->y + h > p->h - p->mb) {
			new_page(p);
			row(p, t, t->headings, 1, 0, x, w, 1);
		}
		row(p, t, rw->cells, 0, rw->section, x, w, 1);
	}
	p->y += 6;
	for (size_t i = 0; i < t->nfooters; i++)
		para(p, t->footers[i], BODY_PT - 1, 0, 3);
	p->y += 4;
}

static void signatures(pdf *p, const lt_form_block *b)
{
	double cw = content_width(p), colw = b->nsig ? cw / (double)b->nsig : cw;
	double hmax = 0;

	ensure(p, 110);
	p->y += 10;
	for (size_t k = 0; k < b->nsig; k++) {
		double x = p->ml + colw * (double)k, y = p->y;
		PangoLayout *l =
		    layout(p, b->sig_title[k], BODY_PT, 1, 0, colw, PANGO_ALIGN_CENTER);
		show(p, l, x, y);
		y += height_of(l);
		g_object_unref(l);
		l = layout(p, b->sig_note[k], BODY_PT - 1, 0, 1, colw, PANGO_ALIGN_CENTER);
		show(p, l, x, y);
		y += height_of(l) + 60;
		g_object_unref(l);
		l = layout(p, b->sig_name[k], BODY_PT, 1, 0, colw, PANGO_ALIGN_CENTER);
		show(p, l, x, y);
		y += height_of(l);
		g_object_unref(l);
		if (y - p->y > hmax)
			hmax = y - p->y;
	}
	p->y += hmax + 10;
}

int lt_form_write_pdf(lt_buf *out, const lt_form *f, lt_error *err)
{
	cairo_font_options_t *fo;
	lt_buf b = LT_BUF_INIT;
	size_t start = out->len;
	pdf p;

	memset(&p, 0, sizeof(p));
	p.out = out;
	if (f->orientation == LT_FORM_LANDSCAPE) {
		p.w = 297 * MM;
		p.h = 210 * MM;
		p.ml = p.mr = p.mb = 20 * MM;
		p.mt = 25 * MM;
	} else {
		p.w = 210 * MM;
		p.h = 297 * MM;
		p.mt = p.mb = 20 * MM;
		p.ml = 30 * MM;
		p.mr = 15 * MM;
	}
	p.surface = cairo_pdf_surface_create_for_stream(write_cb, &p, p.w, p.h);
	p.cr = cairo_create(p.surface);
	p.fontmap = pango_cairo_font_map_new();
	p.pango = pango_font_map_create_context(p.fontmap);
	/* Metrics as designed, not hinted to a screen grid: the PDF is
	 * printed. */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p.pango, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_update_context(p.cr, p.pango);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATOR, "luutru");
	for (size_t i = 0; i < f->nblocks; i++)
		if (f->blocks[i].kind == LT_FB_TITLE) {
			cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_TITLE,
			                               f->blocks[i].text);
			break;
		}
	cairo_set_source_rgb(p.cr, 0, 0, 0);
	p.page = 1;
	p.y = p.mt;
	header(&p, f);
	for (size_t i = 0; i < f->nblocks; i++) {
		const lt_form_block *blk = &f->blocks[i];
		switch (blk->kind) {
		case LT_FB_TITLE:
			upper_text(&b, blk->text);
			p.y += 6;
			para(&p, lt_buf_cstr(&b), 14, LT_FORM_BOLD | LT_FORM_CENTER, 1);
			if (blk->text2)
				para(&p, blk->text2, BODY_PT, LT_FORM_BOLD | LT_FORM_CENTER, 0);
			p.y += 10;
			break;
		case LT_FB_PARA:
			para(&p, blk->text, blk->style & LT_FORM_SMALL ? BODY_PT - 2 : BODY_PT,
			     blk->style, 4);
			break;
		case LT_FB_TABLE: table(&p, blk->table); break;
		case LT_FB_SIGN: signatures(&p, blk); break;
		}
	}
	lt_buf_free(&b);
	cairo_destroy(p.cr);
	cairo_surface_finish(p.surface);
	if (cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS)
		p.failed = 1;
	cairo_surface_destroy(p.surface);
	g_object_unref(p.pango);
	g_object_unref(p.fontmap);
	if (p.failed) {
		lt_buf_truncate(out, start);
		return lt_error_set(err, LT_ERR, "%s",
		                    LT_TR("không tạo được tệp PDF", "cannot write the PDF"));
	}
	return 0;
}
