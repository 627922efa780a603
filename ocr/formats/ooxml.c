/*
 * ocr/formats/ooxml.c — the text of DOCX, XLSX and PPTX (ECMA-376).
 *
 *   DOCX  word/document.xml (paragraphs, tables as tab-separated cells),
 *         then footnotes, endnotes, headers and footers; a run's font is
 *         its own w:rFonts, else its character style's, else its
 *         paragraph style's, else the document default (styles.xml)
 *   XLSX  every worksheet in workbook order (its name on a line, then
 *         rows of tab-separated cells); shared strings with their runs'
 *         fonts, else the font of the cell's format (styles.xml)
 *   PPTX  every slide in order of its number; a run's a:latin typeface
 *
 * A run set in a TCVN3 or VNI font is converted (lt_fmt_put_run).
 * Deleted revisions (w:delText) and field codes (w:instrText) are not
 * text of the document and are left out.
 */
#include "ocr/formats/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_STYLES 4096

/* ---- fonts of styles ------------------------------------------------------ */

typedef struct style_font {
	char *id;    /* style id */
	char *font;  /* the font name, NULL when the style sets none */
	char *based; /* DOCX basedOn */
} style_font;

typedef struct styles {
	style_font *v;
	size_t n;
	char *default_font; /* docDefaults / the default paragraph style */
	char *default_para; /* DOCX: id of the default paragraph style */
	/* parsing state */
	int in_style, in_defaults;
	style_font cur;
	lt_error *err;
} styles;

static void styles_free(styles *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].id);
		free(s->v[i].font);
		free(s->v[i].based);
	}
	free(s->v);
	free(s->default_font);
	free(s->default_para);
	free(s->cur.id);
	free(s->cur.font);
	free(s->cur.based);
}

static const style_font *style_get(const styles *s, const char *id)
{
	if (!id)
		return NULL;
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].id && strcmp(s->v[i].id, id) == 0)
			return &s->v[i];
	return NULL;
}

/* The font a DOCX style gives, following basedOn (at most 16 steps). */
static const char *style_font_of(const styles *s, const char *id)
{
	for (int k = 0; k < 16 && id; k++) {
		const style_font *f = style_get(s, id);
		if (!f)
			return NULL;
		if (f->font)
			return f->font;
		id = f->based;
	}
	return NULL;
}

static int set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = v ? strdup(v) : NULL;
	return !v || *dst ? LT_OK : LT_ENOMEM;
}

static int docx_styles_cb(void *ctx, lt_fmt_xml *x, lt_fmt_xml_event ev, const char *name,
                          const char *text)
{
	styles *s = ctx;
	(void)text;

	if (ev == LT_FMT_XML_START) {
		if (strcmp(name, "w:style") == 0) {
			const char *def = lt_fmt_xml_attr(x, "w:default");
			int para_default = def && strcmp(def, "1") == 0;
			const char *type;
			s->in_style = 1;
			if (set_str(&s->cur.id, lt_fmt_xml_attr(x, "w:styleId")) != LT_OK)
				return lt_error_set(s->err, LT_ENOMEM, "out of memory");
			type = lt_fmt_xml_attr(x, "w:type");
			if (para_default && type && strcmp(type, "paragraph") == 0 &&
			    set_str(&s->default_para, s->cur.id) != LT_OK)
				return lt_error_set(s->err, LT_ENOMEM, "out of memory");
		} else if (strcmp(name, "w:docDefaults") == 0) {
			s->in_defaults = 1;
		} else if (strcmp(name, "w:basedOn") == 0 && s->in_style) {
			if (set_str(&s->cur.based, lt_fmt_xml_attr(x, "w:val")) != LT_OK)
				return lt_error_set(s->err, LT_ENOMEM, "out of memory");
		} else if (strcmp(name, "w:rFonts") == 0 && (s->in_style || s->in_defaults)) {
			const char *f = lt_fmt_xml_attr(x, "w:ascii");
			if (!f)
				f = lt_fmt_xml_attr(x, "w:hAnsi");
			if (f && set_str(s->in_style ? &s->cur.font : &s->default_font, f) != LT_OK)
				return lt_error_set(s->err, LT_ENOMEM, "out of memory");
		}
	} else if (ev == LT_FMT_XML_END) {
		if (strcmp(name, "w:style") == 0 && s->in_style) {
			style_font *g;
			s->in_style = 0;
			if (s->n >= MAX_STYLES)
				return LT_OK;
			g = realloc(s->v, (s->n + 1) * sizeof(*s->v));
			if (!g)
				return lt_error_set(s->err, LT_ENOMEM, "out of memory");
			s->v = g;
			s->v[s->n++] = s->cur;
			memset(&s->cur, 0, sizeof(s->cur));
		} else if (strcmp(name, "w:docDefaults") == 0) {
			s->in_defaults = 0;
		}
	}
	return LT_OK;
}

/* ---- DOCX ---------------------------------------------------------------- */

typedef struct docx {
	lt_fmt_text *out;
	const styles *st;
	lt_error *err;
	char pstyle[128];   /* current paragraph's style */
	char rstyle[128];   /* current run's character style */
	char run_font[128]; /* current run's own font */
	int in_run, in_rpr, in_ppr, in_text, skip_text;
	int in_cell; /* table cells open */
} docx;

static const char *docx_font(const docx *d)
{
	const char *f;

	if (d->run_font[0])
		return d->run_font;
	if (d->rstyle[0] && (f = style_font_of(d->st, d->rstyle)))
		return f;
	if (d->pstyle[0] && (f = style_font_of(d->st, d->pstyle)))
		return f;
	if (d->st->default_para && (f = style_font_of(d->st, d->st->default_para)))
		return f;
	return d->st->default_font;
}

static int docx_put(docx *d, const char *s)
{
	int upper = 0;
	lt_vnenc enc = lt_vnenc_from_font(docx_font(d), &upper);
	return lt_fmt_put_run(d->out, s, strlen(s), enc, upper, d->err);
}

static int docx_cb(void *ctx, lt_fmt_xml *x, lt_fmt_xml_event ev, const char *name,
                   const char *text)
{
	docx *d = ctx;

	if (ev == LT_FMT_XML_TEXT) {
		if (d->in_text && !d->skip_text)
			return docx_put(d, text);
		return LT_OK;
	}
	if (ev == LT_FMT_XML_START) {
		if (strcmp(name, "w:p") == 0) {
			d->pstyle[0] = '\0';
		} else if (strcmp(name, "w:tc") == 0) {
			d->in_cell++;
		} else if (strcmp(name, "w:pPr") == 0) {
			d->in_ppr = 1;
		} else if (strcmp(name, "w:pStyle") == 0 && d->in_ppr) {
			const char *v = lt_fmt_xml_attr(x, "w:val");
			snprintf(d->pstyle, sizeof(d->pstyle), "%s", v ? v : "");
		} else if (strcmp(name, "w:r") == 0) {
			d->in_run = 1;
			d->run_font[0] = d->rstyle[0] = '\0';
		} else if (strcmp(name, "w:rPr") == 0) {
			d->in_rpr = 1;
		} else if (strcmp(name, "w:rStyle") == 0 && d->in_rpr && d->in_run) {
			const char *v = lt_fmt_xml_attr(x, "w:val");
			snprintf(d->rstyle, sizeof(d->rstyle), "%s", v ? v : "");
		} else if (strcmp(name, "w:rFonts") == 0 && d->in_rpr && d->in_run) {
			const char *v = lt_fmt_xml_attr(x, "w:ascii");
			if (!v)
				v = lt_fmt_xml_attr(x, "w:hAnsi");
			if (v)
				snprintf(d->run_font, sizeof(d->run_font), "%s", v);
		} else if (strcmp(name, "w:t") == 0) {
			d->in_text = 1;
		} else if (strcmp(name, "w:delText") == 0 || strcmp(name, "w:instrText") == 0) {
			d->skip_text = 1;
		} else if (strcmp(name, "w:tab") == 0 && d->in_run) {
			return lt_fmt_put_run(d->out, "\t", 1, LT_VNENC_UNICODE, 0, d->err);
		} else if ((strcmp(name, "w:br") == 0 || strcmp(name, "w:cr") == 0) && d->in_run) {
			return lt_fmt_put_run(d->out, "\n", 1, LT_VNENC_UNICODE, 0, d->err);
		}
		return LT_OK;
	}
	/* end: a paragraph ends its line, or in a table its cell's text;
	 * cells are tab-separated, rows lines */
	if (strcmp(name, "w:p") == 0)
		return lt_fmt_put_run(d->out, d->in_cell ? " " : "\n", 1, LT_VNENC_UNICODE, 0,
		                      d->err);
	if (strcmp(name, "w:tc") == 0) {
		if (d->in_cell)
			d->in_cell--;
		return lt_fmt_put_run(d->out, "\t", 1, LT_VNENC_UNICODE, 0, d->err);
	}
	if (strcmp(name, "w:tr") == 0)
		return lt_fmt_put_run(d->out, "\n", 1, LT_VNENC_UNICODE, 0, d->err);
	if (strcmp(name, "w:pPr") == 0)
		d->in_ppr = 0;
	else if (strcmp(name, "w:rPr") == 0)
		d->in_rpr = 0;
	else if (strcmp(name, "w:r") == 0)
		d->in_run = 0;
	else if (strcmp(name, "w:t") == 0)
		d->in_text = 0;
	else if (strcmp(name, "w:delText") == 0 || strcmp(name, "w:instrText") == 0)
		d->skip_text = 0;
	return LT_OK;
}

/* ---- XLSX ------------------------------------------------------------------ */

typedef struct xlsx_styles {
	char **fonts; /* font names by index */
	size_t nfonts;
	int *xf; /* cellXfs → font index */
	size_t nxf;
	int in_fonts, in_font, in_xfs;
	lt_error *err;
} xlsx_styles;

static int xlsx_styles_cb(void *ctx, lt_fmt_xml *x, lt_fmt_xml_event ev, const char *name,
                          const char *text)
{
	xlsx_styles *s = ctx;
	(void)text;

	if (ev == LT_FMT_XML_START) {
		if (strcmp(name, "fonts") == 0)
			s->in_fonts = 1;
		else if (strcmp(name, "cellXfs") == 0)
			s->in_xfs = 1;
		else if (strcmp(name, "font") == 0 && s->in_fonts && s->nfonts < MAX_STYLES) {
			char **g = realloc(s->fonts, (s->nfonts + 1) * sizeof(*g));
			if (!g)
				return lt_error_set(s->err, LT_ENOMEM, "out of memory");
			s->fonts = g;
			s->fonts[s->nfonts++] = NULL;
			s->in_font = 1;
		} else if (strcmp(name, "name") == 0 && s->in_font && s->nfonts) {
			const char *v = lt_fmt_xml_attr(x, "val");
			if (v && set_str(&s->fonts[s->nfonts - 1], v) != LT_OK)
				return lt_error_set(s->err, LT_ENOMEM, "out of memory");
		} else if (strcmp(name, "xf") == 0 && s->in_xfs && s->nxf < 65536) {
			const char *v = lt_fmt_xml_attr(x, "fontId");
			int *g = realloc(s->xf, (s->nxf + 1) * sizeof(*g));
			if (!g)
				return lt_error_set(s->err, LT_ENOMEM, "out of memory");
			s->xf = g;
			s->xf[s->nxf++] = v ? atoi(v) : 0;
		}
	} else if (ev == LT_FMT_XML_END) {
		if (strcmp(name, "fonts") == 0)
			s->in_fonts = 0;
		else if (strcmp(name, "font") == 0)
			s->in_font = 0;
		else if (strcmp(name, "cellXfs") == 0)
			s->in_xfs = 0;
	}
	return LT_OK;
}

static const char *xlsx_cell_font(const xlsx_styles *s, const char *style)
{
	long xf = style ? atol(style) : 0;
	int f;

	if (xf < 0 || (size_t)xf >= s->nxf)
		return NULL;
	f = s->xf[xf];
	return f >= 0 && (size_t)f < s->nfonts ? s->fonts[f] : NULL;
}

/* A shared string: its text as it stands, and its runs decoded by their
 * own fonts where they name one (decoded later by the cell's font when
 * none does). */
typedef struct sstr {
	char *raw;        /* the text, UTF-8 as stored */
	int has_run_font; /* some run named a legacy font: raw is decoded already */
} sstr;

typedef struct xlsx_shared {
	sstr *v;
	size_t n;
	lt_buf cur, run;
	char run_font[128];
	int in_si, in_t, in_r, in_rpr, legacy_run, in_rph;
	lt_error *err;
	size_t max;
} xlsx_shared;

static int shared_cb(void *ctx, lt_fmt_xml *x, lt_fmt_xml_event ev, const char *name,
                     const char *text)
{
	xlsx_shared *s = ctx;

	if (ev == LT_FMT_XML_TEXT) {
		if (s->in_t && !s->in_rph)
			return lt_buf_puts(s->in_r ? &s->run : &s->cur, text) == LT_OK
			           ? LT_OK
			           : lt_error_set(s->err, LT_ENOMEM, "out of memory");
		return LT_OK;
	}
	if (ev == LT_FMT_XML_START) {
		if (strcmp(name, "si") == 0) {
			s->in_si = 1;
			s->legacy_run = 0;
			lt_buf_reset(&s->cur);
		} else if (strcmp(name, "r") == 0 && s->in_si) {
			s->in_r = 1;
			s->run_font[0] = '\0';
			lt_buf_reset(&s->run);
		} else if (strcmp(name, "rPr") == 0) {
			s->in_rpr = 1;
		} else if (strcmp(name, "rFont") == 0 && s->in_rpr && s->in_r) {
			const char *v = lt_fmt_xml_attr(x, "val");
			snprintf(s->run_font, sizeof(s->run_font), "%s", v ? v : "");
		} else if (strcmp(name, "t") == 0) {
			s->in_t = 1;
		} else if (strcmp(name, "rPh") == 0) {
			s->in_rph = 1; /* phonetic runs (East Asian): not text */
		}
		return LT_OK;
	}
	if (strcmp(name, "t") == 0) {
		s->in_t = 0;
	} else if (strcmp(name, "rPr") == 0) {
		s->in_rpr = 0;
	} else if (strcmp(name, "rPh") == 0) {
		s->in_rph = 0;
	} else if (strcmp(name, "r") == 0 && s->in_r) {
		int upper = 0;
		lt_vnenc enc = lt_vnenc_from_font(s->run_font, &upper);
		int rc;
		s->in_r = 0;
		if (enc != LT_VNENC_UNICODE) {
			s->legacy_run = 1;
			rc = lt_vnenc_decode_cp1252(&s->cur, enc, s->run.data ? s->run.data : "",
			                            s->run.len, upper, s->err);
		} else {
			rc = lt_buf_append(&s->cur, s->run.data ? s->run.data : "", s->run.len) ==
			             LT_OK
			         ? LT_OK
			         : lt_error_set(s->err, LT_ENOMEM, "out of memory");
		}
		return rc;
	} else if (strcmp(name, "si") == 0 && s->in_si) {
		sstr *g;
		s->in_si = 0;
		if (s->n >= s->max)
			return lt_error_set(s->err, LT_ELIMIT, "too many shared strings");
		g = realloc(s->v, (s->n + 1) * sizeof(*g));
		if (!g)
			return lt_error_set(s->err, LT_ENOMEM, "out of memory");
		s->v = g;
		s->v[s->n].raw = strdup(s->cur.data ? s->cur.data : "");
		s->v[s->n].has_run_font = s->legacy_run;
		if (!s->v[s->n].raw)
			return lt_error_set(s->err, LT_ENOMEM, "out of memory");
		s->n++;
	}
	return LT_OK;
}

typedef struct xlsx_sheet {
	lt_fmt_text *out;
	const xlsx_shared *shared;
	const xlsx_styles *st;
	lt_error *err;
	char type[16], style[16];
	lt_buf val;
	int in_c, in_v, in_is_t, cells_in_row;
} xlsx_sheet;

static int sheet_cb(void *ctx, lt_fmt_xml *x, lt_fmt_xml_event ev, const char *name,
                    const char *text)
{
	xlsx_sheet *s = ctx;

	if (ev == LT_FMT_XML_TEXT) {
		if ((s->in_v || s->in_is_t) && s->val.len < (1u << 20))
			return lt_buf_puts(&s->val, text) == LT_OK
			           ? LT_OK
			           : lt_error_set(s->err, LT_ENOMEM, "out of memory");
		return LT_OK;
	}
	if (ev == LT_FMT_XML_START) {
		if (strcmp(name, "row") == 0) {
			s->cells_in_row = 0;
		} else if (strcmp(name, "c") == 0) {
			const char *t = lt_fmt_xml_attr(x, "t");
			const char *st;
			snprintf(s->type, sizeof(s->type), "%s", t ? t : "n");
			st = lt_fmt_xml_attr(x, "s");
			snprintf(s->style, sizeof(s->style), "%s", st ? st : "");
			s->in_c = 1;
			lt_buf_reset(&s->val);
		} else if (strcmp(name, "v") == 0 && s->in_c) {
			s->in_v = 1;
		} else if (strcmp(name, "t") == 0 && s->in_c) {
			s->in_is_t = 1;
		}
		return LT_OK;
	}
	if (strcmp(name, "v") == 0) {
		s->in_v = 0;
	} else if (strcmp(name, "t") == 0) {
		s->in_is_t = 0;
	} else if (strcmp(name, "row") == 0) {
		return s->cells_in_row
		           ? lt_fmt_put_run(s->out, "\n", 1, LT_VNENC_UNICODE, 0, s->err)
		           : LT_OK;
	} else if (strcmp(name, "c") == 0 && s->in_c) {
		const char *v = s->val.data ? s->val.data : "";
		const char *font = xlsx_cell_font(s->st, s->style);
		int upper = 0, rc;
		lt_vnenc enc = lt_vnenc_from_font(font, &upper);

		s->in_c = 0;
		if (strcmp(s->type, "s") == 0) {
			long i = atol(v);
			if (i < 0 || (size_t)i >= s->shared->n)
				return LT_OK;
			v = s->shared->v[i].raw;
			if (s->shared->v[i].has_run_font)
				enc = LT_VNENC_UNICODE;
		} else if (strcmp(s->type, "inlineStr") != 0 && strcmp(s->type, "str") != 0) {
			enc = LT_VNENC_UNICODE; /* numbers, booleans, errors */
		}
		if (!*v)
			return LT_OK;
		if (s->cells_in_row++ &&
		    (rc = lt_fmt_put_run(s->out, "\t", 1, LT_VNENC_UNICODE, 0, s->err)) != LT_OK)
			return rc;
		return lt_fmt_put_run(s->out, v, strlen(v), enc, upper, s->err);
	}
	return LT_OK;
}

/* Sheets in workbook order: names from workbook.xml, targets from its
 * relationships. */
typedef struct wb_sheet {
	char *name, *rid, *target;
} wb_sheet;

typedef struct workbook {
	wb_sheet *v;
	size_t n;
	int rels; /* walking the .rels part */
	lt_error *err;
} workbook;

static int workbook_cb(void *ctx, lt_fmt_xml *x, lt_fmt_xml_event ev, const char *name,
                       const char *text)
{
	workbook *w = ctx;
	(void)text;

	if (ev != LT_FMT_XML_START)
		return LT_OK;
	if (!w->rels && strcmp(name, "sheet") == 0 && w->n < 4096) {
		wb_sheet *g = realloc(w->v, (w->n + 1) * sizeof(*g));
		if (!g)
			return lt_error_set(w->err, LT_ENOMEM, "out of memory");
		w->v = g;
		memset(&w->v[w->n], 0, sizeof(w->v[w->n]));
		if (set_str(&w->v[w->n].name, lt_fmt_xml_attr(x, "name")) != LT_OK ||
		    set_str(&w->v[w->n].rid, lt_fmt_xml_attr(x, "r:id")) != LT_OK)
			return lt_error_set(w->err, LT_ENOMEM, "out of memory");
		w->n++;
	} else if (w->rels && strcmp(name, "Relationship") == 0) {
		const char *id = lt_fmt_xml_attr(x, "Id");
		char idc[128];
		snprintf(idc, sizeof(idc), "%s", id ? id : "");
		for (size_t i = 0; i < w->n; i++)
			if (w->v[i].rid && strcmp(w->v[i].rid, idc) == 0) {
				const char *t = lt_fmt_xml_attr(x, "Target");
				char full[512];
				if (!t)
					continue;
				/* Relative to xl/, or absolute from the package root. */
				if (t[0] == '/')
					snprintf(full, sizeof(full), "%s", t + 1);
				else
					snprintf(full, sizeof(full), "xl/%s", t);
				if (set_str(&w->v[i].target, full) != LT_OK)
					return lt_error_set(w->err, LT_ENOMEM, "out of memory");
			}
	}
	return LT_OK;
}

static void workbook_free(workbook *w)
{
	for (size_t i = 0; i < w->n; i++) {
		free(w->v[i].name);
		free(w->v[i].rid);
		free(w->v[i].target);
	}
	free(w->v);
}

static int want_xlsx(const char *n)
{
	return strcmp(n, "xl/workbook.xml") == 0 || strcmp(n, "xl/_rels/workbook.xml.rels") == 0 ||
	       strcmp(n, "xl/sharedStrings.xml") == 0 || strcmp(n, "xl/styles.xml") == 0 ||
	       strcmp(n, "docProps/core.xml") == 0 || strncmp(n, "xl/worksheets/", 14) == 0;
}

static int xlsx(lt_fmt_text *out, const lt_fmt_parts *parts, const char *path,
                const lt_fmt_limits *lim, lt_error *err)
{
	const lt_fmt_part *p;
	xlsx_styles st = {0};
	xlsx_shared sh = {0};
	workbook wb = {0};
	int rc = LT_OK;

	st.err = sh.err = wb.err = err;
	sh.max = lim->max_bytes / 8 + 1;
	if ((p = lt_fmt_parts_get(parts, "xl/styles.xml")))
		rc = lt_fmt_xml_walk(&p->data, path, p->name, xlsx_styles_cb, &st, err);
	if (rc == LT_OK && (p = lt_fmt_parts_get(parts, "xl/sharedStrings.xml")))
		rc = lt_fmt_xml_walk(&p->data, path, p->name, shared_cb, &sh, err);
	if (rc == LT_OK && !(p = lt_fmt_parts_get(parts, "xl/workbook.xml")))
		rc = lt_fmt_corrupt(err, path, "XLSX", "xl/workbook.xml");
	if (rc == LT_OK)
		rc = lt_fmt_xml_walk(&p->data, path, p->name, workbook_cb, &wb, err);
	if (rc == LT_OK && (p = lt_fmt_parts_get(parts, "xl/_rels/workbook.xml.rels"))) {
		wb.rels = 1;
		rc = lt_fmt_xml_walk(&p->data, path, p->name, workbook_cb, &wb, err);
	}
	out->parts = 0;
	for (size_t i = 0; rc == LT_OK && i < wb.n; i++) {
		xlsx_sheet s = {out, &sh, &st, err, "", "", LT_BUF_INIT, 0, 0, 0, 0};
		if (!wb.v[i].target || !(p = lt_fmt_parts_get(parts, wb.v[i].target)))
			continue;
		out->parts++;
		if (wb.v[i].name)
			rc = lt_fmt_put_run(out, wb.v[i].name, strlen(wb.v[i].name),
			                    LT_VNENC_UNICODE, 0, err);
		if (rc == LT_OK)
			rc = lt_fmt_put_run(out, "\n", 1, LT_VNENC_UNICODE, 0, err);
		if (rc == LT_OK)
			rc = lt_fmt_xml_walk(&p->data, path, p->name, sheet_cb, &s, err);
		if (rc == LT_OK)
			rc = lt_fmt_put_run(out, "\n", 1, LT_VNENC_UNICODE, 0, err);
		lt_buf_free(&s.val);
	}
	if (out->parts == 0)
		out->parts = 1;
	for (size_t i = 0; i < st.nfonts; i++)
		free(st.fonts[i]);
	free(st.fonts);
	free(st.xf);
	for (size_t i = 0; i < sh.n; i++)
		free(sh.v[i].raw);
	free(sh.v);
	lt_buf_free(&sh.cur);
	lt_buf_free(&sh.run);
	workbook_free(&wb);
	return rc;
}

/* ---- PPTX ------------------------------------------------------------------ */

typedef struct pptx {
	lt_fmt_text *out;
	lt_error *err;
	char font[128];
	int in_r, in_rpr, in_t;
} pptx;

static int pptx_cb(void *ctx, lt_fmt_xml *x, lt_fmt_xml_event ev, const char *name,
                   const char *text)
{
	pptx *p = ctx;

	if (ev == LT_FMT_XML_TEXT) {
		if (p->in_t) {
			int upper = 0;
			lt_vnenc enc = lt_vnenc_from_font(p->font, &upper);
			return lt_fmt_put_run(p->out, text, strlen(text), enc, upper, p->err);
		}
		return LT_OK;
	}
	if (ev == LT_FMT_XML_START) {
		if (strcmp(name, "a:r") == 0) {
			p->in_r = 1;
			p->font[0] = '\0';
		} else if (strcmp(name, "a:rPr") == 0) {
			p->in_rpr = 1;
		} else if (strcmp(name, "a:latin") == 0 && p->in_rpr) {
			const char *v = lt_fmt_xml_attr(x, "typeface");
			snprintf(p->font, sizeof(p->font), "%s", v ? v : "");
		} else if (strcmp(name, "a:t") == 0) {
			p->in_t = 1;
		} else if (strcmp(name, "a:br") == 0) {
			return lt_fmt_put_run(p->out, "\n", 1, LT_VNENC_UNICODE, 0, p->err);
		}
		return LT_OK;
	}
	if (strcmp(name, "a:p") == 0)
		return lt_fmt_put_run(p->out, "\n", 1, LT_VNENC_UNICODE, 0, p->err);
	if (strcmp(name, "a:r") == 0) {
		p->in_r = 0;
		p->font[0] = '\0';
	} else if (strcmp(name, "a:rPr") == 0) {
		p->in_rpr = 0;
	} else if (strcmp(name, "a:t") == 0) {
		p->in_t = 0;
	}
	return LT_OK;
}

static int want_pptx(const char *n)
{
	return strcmp(n, "docProps/core.xml") == 0 ||
	       (strncmp(n, "ppt/slides/slide", 16) == 0 && !strchr(n + 11, '/'));
}

static long slide_number(const char *name)
{
	return atol(name + 16);
}

static int cmp_slides(const void *a, const void *b)
{
	const lt_fmt_part *x = *(const lt_fmt_part *const *)a, *y = *(const lt_fmt_part *const *)b;
	long nx = slide_number(x->name), ny = slide_number(y->name);
	return nx < ny ? -1 : nx > ny;
}

static int pptx_text(lt_fmt_text *out, const lt_fmt_parts *parts, const char *path, lt_error *err)
{
	const lt_fmt_part **slides = calloc(parts->n ? parts->n : 1, sizeof(*slides));
	size_t ns = 0;
	int rc = LT_OK;

	if (!slides)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	for (size_t i = 0; i < parts->n; i++)
		if (strncmp(parts->v[i].name, "ppt/slides/slide", 16) == 0)
			slides[ns++] = &parts->v[i];
	qsort(slides, ns, sizeof(*slides), cmp_slides);
	for (size_t i = 0; rc == LT_OK && i < ns; i++) {
		pptx p = {out, err, "", 0, 0, 0};
		rc = lt_fmt_xml_walk(&slides[i]->data, path, slides[i]->name, pptx_cb, &p, err);
		if (rc == LT_OK)
			rc = lt_fmt_put_run(out, "\n", 1, LT_VNENC_UNICODE, 0, err);
	}
	out->parts = ns ? (int)ns : 1;
	free(slides);
	return rc;
}

/* ---- the package ------------------------------------------------------------ */

static int want_docx(const char *n)
{
	return strcmp(n, "word/document.xml") == 0 || strcmp(n, "word/styles.xml") == 0 ||
	       strcmp(n, "word/footnotes.xml") == 0 || strcmp(n, "word/endnotes.xml") == 0 ||
	       strcmp(n, "docProps/core.xml") == 0 ||
	       ((strncmp(n, "word/header", 11) == 0 || strncmp(n, "word/footer", 11) == 0) &&
	        !strchr(n + 5, '/'));
}

static int docx_text(lt_fmt_text *out, const lt_fmt_parts *parts, const char *path, lt_error *err)
{
	styles st;
	const lt_fmt_part *p;
	int rc = LT_OK;
	/* The body first; notes, headers and footers after it. */
	static const char *const order[] = {"word/document.xml", "word/footnotes.xml",
	                                    "word/endnotes.xml"};

	memset(&st, 0, sizeof(st));
	st.err = err;
	if ((p = lt_fmt_parts_get(parts, "word/styles.xml")))
		rc = lt_fmt_xml_walk(&p->data, path, p->name, docx_styles_cb, &st, err);
	if (rc == LT_OK && !lt_fmt_parts_get(parts, "word/document.xml"))
		rc = lt_fmt_corrupt(err, path, "DOCX", "word/document.xml");
	for (size_t i = 0; rc == LT_OK && i < sizeof(order) / sizeof(order[0]); i++) {
		docx d;
		memset(&d, 0, sizeof(d));
		d.out = out;
		d.st = &st;
		d.err = err;
		if ((p = lt_fmt_parts_get(parts, order[i])))
			rc = lt_fmt_xml_walk(&p->data, path, p->name, docx_cb, &d, err);
	}
	for (size_t i = 0; rc == LT_OK && i < parts->n; i++) {
		docx d;
		if (strncmp(parts->v[i].name, "word/header", 11) != 0 &&
		    strncmp(parts->v[i].name, "word/footer", 11) != 0)
			continue;
		memset(&d, 0, sizeof(d));
		d.out = out;
		d.st = &st;
		d.err = err;
		rc = lt_fmt_xml_walk(&parts->v[i].data, path, parts->v[i].name, docx_cb, &d, err);
	}
	styles_free(&st);
	return rc;
}

int lt_fmt_ooxml(lt_fmt_text *out, const char *path, lt_media_type t, const lt_fmt_limits *lim,
                 lt_error *err)
{
	lt_fmt_parts parts;
	const char *kind = lt_media_name(t);
	int rc;

	/* An encrypted OOXML document is an OLE2 file, not a zip. */
	{
		lt_fmt_cfb *c = NULL;
		if (lt_fmt_cfb_open(&c, path, NULL) == LT_OK) {
			int enc = lt_fmt_cfb_has(c, "EncryptedPackage", NULL);
			lt_fmt_cfb_free(c);
			return enc ? lt_fmt_encrypted(err, path, "Office Open XML")
			           : lt_fmt_corrupt(err, path, kind, "OLE2");
		}
	}
	rc = lt_fmt_zip_read(&parts, path, kind,
	                     t == LT_MEDIA_DOCX   ? want_docx
	                     : t == LT_MEDIA_XLSX ? want_xlsx
	                                          : want_pptx,
	                     lim, err);
	if (rc != LT_OK)
		return rc;
	if (t == LT_MEDIA_DOCX)
		rc = docx_text(out, &parts, path, err);
	else if (t == LT_MEDIA_XLSX)
		rc = xlsx(out, &parts, path, lim, err);
	else
		rc = pptx_text(out, &parts, path, err);
	if (rc == LT_OK)
		lt_fmt_xml_title(out, lt_fmt_parts_get(&parts, "docProps/core.xml"), path);
	lt_fmt_parts_free(&parts);
	return rc;
}
