/*
 * ocr/formats/odf.c — the text of ODT and ODS (OASIS OpenDocument 1.2).
 *
 * content.xml holds the body: paragraphs and headings (text:p, text:h)
 * with their spans, spaces (text:s c="n"), tabs and line breaks; tables
 * (an ODS file is only tables) as rows of tab-separated cells, each sheet
 * introduced by its name. A span's font is its style's, else its
 * paragraph's, following parent styles (content.xml's automatic styles,
 * styles.xml's common ones); a text set in a TCVN3 or VNI font is
 * converted. Tracked deletions (text:tracked-changes) and comments
 * (office:annotation) are not the document's text.
 *
 * An encrypted document lists encryption data for its parts in
 * META-INF/manifest.xml, and its content.xml is ciphertext: refused.
 */
#include "ocr/formats/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_STYLES 8192

typedef struct ostyle {
	char *name, *parent, *font; /* font: a font-face name or a family */
} ostyle;

typedef struct face {
	char *name, *family;
} face;

typedef struct ostyles {
	ostyle *v;
	size_t n;
	face *f;
	size_t nf;
	char *default_font; /* style:default-style family="paragraph" */
	int in_style, in_default;
	lt_error *err;
} ostyles;

static int dup_to(char **dst, const char *v)
{
	free(*dst);
	*dst = v ? strdup(v) : NULL;
	return !v || *dst ? LT_OK : LT_ENOMEM;
}

static int styles_cb(void *ctx, lt_fmt_xml *x, lt_fmt_xml_event ev, const char *name,
                     const char *text)
{
	ostyles *s = ctx;
	(void)text;

	if (ev == LT_FMT_XML_END) {
		if (strcmp(name, "style:style") == 0)
			s->in_style = 0;
		else if (strcmp(name, "style:default-style") == 0)
			s->in_default = 0;
		return LT_OK;
	}
	if (ev != LT_FMT_XML_START)
		return LT_OK;
	if (strcmp(name, "style:font-face") == 0 && s->nf < MAX_STYLES) {
		face *g = realloc(s->f, (s->nf + 1) * sizeof(*g));
		if (!g)
			return lt_error_set(s->err, LT_ENOMEM, "out of memory");
		s->f = g;
		memset(&s->f[s->nf], 0, sizeof(s->f[s->nf]));
		if (dup_to(&s->f[s->nf].name, lt_fmt_xml_attr(x, "style:name")) ||
		    dup_to(&s->f[s->nf].family, lt_fmt_xml_attr(x, "svg:font-family")))
			return lt_error_set(s->err, LT_ENOMEM, "out of memory");
		s->nf++;
	} else if (strcmp(name, "style:style") == 0 && s->n < MAX_STYLES) {
		ostyle *g = realloc(s->v, (s->n + 1) * sizeof(*g));
		if (!g)
			return lt_error_set(s->err, LT_ENOMEM, "out of memory");
		s->v = g;
		memset(&s->v[s->n], 0, sizeof(s->v[s->n]));
		if (dup_to(&s->v[s->n].name, lt_fmt_xml_attr(x, "style:name")) ||
		    dup_to(&s->v[s->n].parent, lt_fmt_xml_attr(x, "style:parent-style-name")))
			return lt_error_set(s->err, LT_ENOMEM, "out of memory");
		s->n++;
		s->in_style = 1;
	} else if (strcmp(name, "style:default-style") == 0) {
		const char *fam = lt_fmt_xml_attr(x, "style:family");
		s->in_default = fam && strcmp(fam, "paragraph") == 0;
	} else if (strcmp(name, "style:text-properties") == 0 && (s->in_style || s->in_default)) {
		const char *f = lt_fmt_xml_attr(x, "style:font-name");
		char tmp[256];
		if (!f)
			f = lt_fmt_xml_attr(x, "fo:font-family");
		if (!f)
			return LT_OK;
		snprintf(tmp, sizeof(tmp), "%s", f);
		if (dup_to(s->in_style ? &s->v[s->n - 1].font : &s->default_font, tmp))
			return lt_error_set(s->err, LT_ENOMEM, "out of memory");
	}
	return LT_OK;
}

static void ostyles_free(ostyles *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].name);
		free(s->v[i].parent);
		free(s->v[i].font);
	}
	for (size_t i = 0; i < s->nf; i++) {
		free(s->f[i].name);
		free(s->f[i].family);
	}
	free(s->v);
	free(s->f);
	free(s->default_font);
}

/* The font family a style name leads to (NULL: none set). */
static const char *style_family(const ostyles *s, const char *style)
{
	const char *font = NULL;

	for (int k = 0; k < 16 && style && !font; k++) {
		const ostyle *st = NULL;
		/* later definitions (content.xml's) win over earlier ones */
		for (size_t i = s->n; i-- > 0;)
			if (s->v[i].name && strcmp(s->v[i].name, style) == 0) {
				st = &s->v[i];
				break;
			}
		if (!st)
			break;
		font = st->font;
		style = st->parent;
	}
	if (!font)
		font = s->default_font;
	if (!font)
		return NULL;
	for (size_t i = 0; i < s->nf; i++)
		if (s->f[i].name && strcmp(s->f[i].name, font) == 0 && s->f[i].family)
			return s->f[i].family;
	return font;
}

/* A family as ODF writes it may be quoted: '.VnTime'. */
static lt_vnenc family_enc(const char *family, int *upper)
{
	char tmp[256];
	size_t n;

	*upper = 0;
	if (!family)
		return LT_VNENC_UNICODE;
	snprintf(tmp, sizeof(tmp), "%s",
	         family[0] == '\'' || family[0] == '"' ? family + 1 : family);
	n = strlen(tmp);
	if (n && (tmp[n - 1] == '\'' || tmp[n - 1] == '"'))
		tmp[n - 1] = '\0';
	return lt_vnenc_from_font(tmp, upper);
}

typedef struct body {
	lt_fmt_text *out;
	const ostyles *st;
	lt_error *err;
	const char *fonts[LT_FMT_MAX_DEPTH + 2]; /* active family per text element depth */
	int depth;
	int skip;  /* inside tracked changes or an annotation */
	int cells; /* cells written in the current row */
	int in_cell;
	int tables;
} body;

static int put(body *b, const char *s)
{
	return lt_fmt_put_run(b->out, s, strlen(s), LT_VNENC_UNICODE, 0, b->err);
}

static int is_text_el(const char *name)
{
	return strcmp(name, "text:p") == 0 || strcmp(name, "text:h") == 0 ||
	       strcmp(name, "text:span") == 0 || strcmp(name, "text:a") == 0;
}

static int body_cb(void *ctx, lt_fmt_xml *x, lt_fmt_xml_event ev, const char *name,
                   const char *text)
{
	body *b = ctx;

	if (ev == LT_FMT_XML_TEXT) {
		int upper = 0;
		lt_vnenc enc;
		if (b->skip || b->depth == 0)
			return LT_OK;
		enc = family_enc(b->fonts[b->depth], &upper);
		return lt_fmt_put_run(b->out, text, strlen(text), enc, upper, b->err);
	}
	if (ev == LT_FMT_XML_START) {
		if (strcmp(name, "text:tracked-changes") == 0 ||
		    strcmp(name, "office:annotation") == 0) {
			b->skip++;
		} else if (is_text_el(name)) {
			const char *sn = lt_fmt_xml_attr(x, "text:style-name");
			const char *fam = sn ? style_family(b->st, sn) : NULL;
			if (b->depth >= LT_FMT_MAX_DEPTH)
				return lt_fmt_corrupt(
				    b->err, "content.xml", "ODF",
				    LT_TR("lồng nhau quá sâu", "nested too deeply"));
			b->depth++;
			b->fonts[b->depth] = fam            ? fam
			                     : b->depth > 1 ? b->fonts[b->depth - 1]
			                                    : NULL;
		} else if (b->skip) {
			return LT_OK;
		} else if (strcmp(name, "text:s") == 0) {
			const char *c = lt_fmt_xml_attr(x, "text:c");
			long n = c ? atol(c) : 1;
			int rc = LT_OK;
			for (long i = 0; i < (n > 0 && n < 64 ? n : 1) && rc == LT_OK; i++)
				rc = put(b, " ");
			return rc;
		} else if (strcmp(name, "text:tab") == 0) {
			return put(b, "\t");
		} else if (strcmp(name, "text:line-break") == 0) {
			return put(b, "\n");
		} else if (strcmp(name, "table:table") == 0) {
			const char *tn = lt_fmt_xml_attr(x, "table:name");
			int rc = LT_OK;
			b->tables++;
			if (tn && *tn) {
				rc = put(b, tn);
				if (rc == LT_OK)
					rc = put(b, "\n");
			}
			return rc;
		} else if (strcmp(name, "table:table-row") == 0) {
			b->cells = 0;
		} else if (strcmp(name, "table:table-cell") == 0) {
			b->in_cell = 1;
			return b->cells++ ? put(b, "\t") : LT_OK;
		}
		return LT_OK;
	}
	/* end */
	if (strcmp(name, "text:tracked-changes") == 0 || strcmp(name, "office:annotation") == 0) {
		if (b->skip)
			b->skip--;
		return LT_OK;
	}
	if (is_text_el(name)) {
		if (b->depth > 0)
			b->depth--;
		/* a paragraph ends its line, except the last one of a cell */
		if (!b->skip && (strcmp(name, "text:p") == 0 || strcmp(name, "text:h") == 0))
			return b->in_cell ? put(b, " ") : put(b, "\n");
		return LT_OK;
	}
	if (strcmp(name, "table:table-cell") == 0)
		b->in_cell = 0;
	else if (strcmp(name, "table:table-row") == 0 && b->cells)
		return put(b, "\n");
	return LT_OK;
}

typedef struct manifest {
	int encrypted;
} manifest;

static int manifest_cb(void *ctx, lt_fmt_xml *x, lt_fmt_xml_event ev, const char *name,
                       const char *text)
{
	manifest *m = ctx;
	(void)x;
	(void)text;
	if (ev == LT_FMT_XML_START && strcmp(name, "manifest:encryption-data") == 0)
		m->encrypted = 1;
	return LT_OK;
}

static int want_odf(const char *n)
{
	return strcmp(n, "content.xml") == 0 || strcmp(n, "styles.xml") == 0 ||
	       strcmp(n, "meta.xml") == 0 || strcmp(n, "META-INF/manifest.xml") == 0;
}

int lt_fmt_odf(lt_fmt_text *out, const char *path, lt_media_type t, const lt_fmt_limits *lim,
               lt_error *err)
{
	const char *kind = lt_media_name(t);
	lt_fmt_parts parts;
	const lt_fmt_part *p;
	ostyles st;
	manifest m = {0};
	body b;
	int rc = lt_fmt_zip_read(&parts, path, kind, want_odf, lim, err);

	if (rc != LT_OK)
		return rc;
	memset(&st, 0, sizeof(st));
	memset(&b, 0, sizeof(b));
	st.err = err;
	if ((p = lt_fmt_parts_get(&parts, "META-INF/manifest.xml")))
		rc = lt_fmt_xml_walk(&p->data, path, p->name, manifest_cb, &m, err);
	if (rc == LT_OK && m.encrypted)
		rc = lt_fmt_encrypted(err, path, kind);
	if (rc == LT_OK && !(p = lt_fmt_parts_get(&parts, "content.xml")))
		rc = lt_fmt_corrupt(err, path, kind, "content.xml");
	if (rc == LT_OK && (p = lt_fmt_parts_get(&parts, "styles.xml")))
		rc = lt_fmt_xml_walk(&p->data, path, p->name, styles_cb, &st, err);
	/* content.xml twice: its automatic styles first, then its body. */
	if (rc == LT_OK && (p = lt_fmt_parts_get(&parts, "content.xml")))
		rc = lt_fmt_xml_walk(&p->data, path, p->name, styles_cb, &st, err);
	if (rc == LT_OK) {
		b.out = out;
		b.st = &st;
		b.err = err;
		rc = lt_fmt_xml_walk(&p->data, path, p->name, body_cb, &b, err);
	}
	if (rc == LT_OK)
		lt_fmt_xml_title(out, lt_fmt_parts_get(&parts, "meta.xml"), path);
	out->parts = t == LT_MEDIA_ODS && b.tables ? b.tables : 1;
	ostyles_free(&st);
	lt_fmt_parts_free(&parts);
	return rc;
}
