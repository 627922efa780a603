/*
 * archive/signatures/pdfobj.c — PDF objects, xref tables, the first page
 * (pdfobj.h). A recursive-descent reader over bytes in memory; every read
 * is bounded by the buffer and the nesting by LT_PDF_MAX_DEPTH.
 */
#include "archive/signatures/pdfobj.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#define MAX_ITEMS     (1u << 20) /* items of one array or dict */
#define MAX_XREF_SIZE 10000000
#define MAX_XREF_HOPS 256

static int is_ws(int c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static int is_delim(int c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
	       c == '}' || c == '/' || c == '%';
}

static void skip_ws(const char *d, size_t len, size_t *p)
{
	while (*p < len) {
		if (is_ws((unsigned char)d[*p])) {
			(*p)++;
		} else if (d[*p] == '%') {
			while (*p < len && d[*p] != '\n' && d[*p] != '\r')
				(*p)++;
		} else {
			break;
		}
	}
}

void lt_pdf_obj_free(lt_pdf_obj *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->n; i++) {
		lt_pdf_obj_free(o->items ? o->items[i] : NULL);
		if (o->keys)
			free(o->keys[i]);
	}
	free(o->items);
	free(o->keys);
	free(o->s);
	free(o);
}

lt_pdf_obj *lt_pdf_new(lt_pdf_type t)
{
	lt_pdf_obj *o = calloc(1, sizeof(*o));
	if (o)
		o->type = t;
	return o;
}

lt_pdf_obj *lt_pdf_new_ref(int64_t num, int gen)
{
	lt_pdf_obj *o = lt_pdf_new(LT_PDF_REF);
	if (o) {
		o->i = num;
		o->gen = gen;
	}
	return o;
}

lt_pdf_obj *lt_pdf_new_name(const char *name)
{
	lt_pdf_obj *o = lt_pdf_new(LT_PDF_NAME);
	if (o && !(o->s = strdup(name))) {
		free(o);
		return NULL;
	}
	return o;
}

lt_pdf_obj *lt_pdf_new_int(int64_t v)
{
	lt_pdf_obj *o = lt_pdf_new(LT_PDF_INT);
	if (o)
		o->i = v;
	return o;
}

static int push(lt_pdf_obj *c, char *key, lt_pdf_obj *v)
{
	lt_pdf_obj **items;

	if (c->n >= MAX_ITEMS)
		return -1;
	items = realloc(c->items, (c->n + 1) * sizeof(*items));
	if (!items)
		return -1;
	c->items = items;
	if (c->type == LT_PDF_DICT) {
		char **keys = realloc(c->keys, (c->n + 1) * sizeof(*keys));
		if (!keys)
			return -1;
		c->keys = keys;
		c->keys[c->n] = key;
	}
	c->items[c->n++] = v;
	return 0;
}

lt_pdf_obj *lt_pdf_dict_get(const lt_pdf_obj *d, const char *key)
{
	if (!d || d->type != LT_PDF_DICT)
		return NULL;
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->keys[i], key) == 0)
			return d->items[i];
	return NULL;
}

int lt_pdf_dict_set(lt_pdf_obj *d, const char *key, lt_pdf_obj *v)
{
	char *k;

	if (!d || d->type != LT_PDF_DICT || !v) {
		lt_pdf_obj_free(v);
		return LT_EINVAL;
	}
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->keys[i], key) == 0) {
			lt_pdf_obj_free(d->items[i]);
			d->items[i] = v;
			return LT_OK;
		}
	if (!(k = strdup(key)) || push(d, k, v) != 0) {
		free(k);
		lt_pdf_obj_free(v);
		return LT_ENOMEM;
	}
	return LT_OK;
}

int lt_pdf_array_add(lt_pdf_obj *a, lt_pdf_obj *v)
{
	if (!a || a->type != LT_PDF_ARRAY || !v || push(a, NULL, v) != 0) {
		lt_pdf_obj_free(v);
		return LT_ENOMEM;
	}
	return LT_OK;
}

/* ---- reading -------------------------------------------------------------- */

typedef struct rd {
	const char *d;
	size_t len;
	lt_error *err;
} rd;

static int bad(rd *r, size_t at, const char *what)
{
	return lt_error_set(r->err, LT_ECORRUPT,
	                    LT_TR("PDF hỏng tại byte %zu: %s", "corrupt PDF at byte %zu: %s"), at,
	                    what);
}

static int hexv(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int parse_obj(rd *r, size_t *p, int depth, lt_pdf_obj **out);

static int parse_literal(rd *r, size_t *p, lt_pdf_obj *o)
{
	lt_buf b = LT_BUF_INIT;
	int nest = 1;

	(*p)++; /* ( */
	while (*p < r->len) {
		char c = r->d[(*p)++];
		if (c == '\\' && *p < r->len) {
			char e = r->d[(*p)++];
			switch (e) {
			case 'n': lt_buf_putc(&b, '\n'); break;
			case 'r': lt_buf_putc(&b, '\r'); break;
			case 't': lt_buf_putc(&b, '\t'); break;
			case 'b': lt_buf_putc(&b, '\b'); break;
			case 'f': lt_buf_putc(&b, '\f'); break;
			case '\r':
				if (*p < r->len && r->d[*p] == '\n')
					(*p)++;
				break;
			case '\n': break;
			default:
				if (e >= '0' && e <= '7') {
					int v = e - '0';
					for (int k = 0; k < 2 && *p < r->len && r->d[*p] >= '0' &&
					                r->d[*p] <= '7';
					     k++)
						v = v * 8 + (r->d[(*p)++] - '0');
					lt_buf_putc(&b, (char)(v & 0xFF));
				} else {
					lt_buf_putc(&b, e);
				}
			}
			continue;
		}
		if (c == '(')
			nest++;
		else if (c == ')' && --nest == 0)
			break;
		lt_buf_putc(&b, c);
	}
	if (nest != 0) {
		lt_buf_free(&b);
		return bad(r, *p, "unterminated string");
	}
	o->len = b.len;
	o->s = b.data ? lt_buf_detach(&b) : calloc(1, 1);
	return o->s ? LT_OK : LT_ENOMEM;
}

static int parse_hex(rd *r, size_t *p, lt_pdf_obj *o)
{
	lt_buf b = LT_BUF_INIT;
	int hi = -1;

	(*p)++; /* < */
	while (*p < r->len && r->d[*p] != '>') {
		int v = hexv((unsigned char)r->d[*p]);
		(*p)++;
		if (v < 0) {
			if (is_ws((unsigned char)r->d[*p - 1]))
				continue;
			lt_buf_free(&b);
			return bad(r, *p - 1, "bad hex string");
		}
		if (hi < 0) {
			hi = v;
		} else {
			lt_buf_putc(&b, (char)(hi * 16 + v));
			hi = -1;
		}
	}
	if (*p >= r->len) {
		lt_buf_free(&b);
		return bad(r, *p, "unterminated hex string");
	}
	(*p)++; /* > */
	if (hi >= 0)
		lt_buf_putc(&b, (char)(hi * 16));
	o->hex = 1;
	o->len = b.len;
	o->s = b.data ? lt_buf_detach(&b) : calloc(1, 1);
	return o->s ? LT_OK : LT_ENOMEM;
}

static int parse_name(rd *r, size_t *p, char **out)
{
	lt_buf b = LT_BUF_INIT;

	(*p)++; /* / */
	while (*p < r->len && !is_ws((unsigned char)r->d[*p]) &&
	       !is_delim((unsigned char)r->d[*p])) {
		char c = r->d[(*p)++];
		if (c == '#' && *p + 1 < r->len && hexv((unsigned char)r->d[*p]) >= 0 &&
		    hexv((unsigned char)r->d[*p + 1]) >= 0) {
			c = (char)(hexv((unsigned char)r->d[*p]) * 16 +
			           hexv((unsigned char)r->d[*p + 1]));
			*p += 2;
		}
		if (c && lt_buf_putc(&b, c) != LT_OK) {
			lt_buf_free(&b);
			return LT_ENOMEM;
		}
	}
	*out = b.data ? lt_buf_detach(&b) : calloc(1, 1);
	return *out ? LT_OK : LT_ENOMEM;
}

/* A number token at *p: 1 integer (*iv), 2 real (*rv), 0 not a number. */
static int number(rd *r, size_t *p, int64_t *iv, double *rv)
{
	size_t q = *p, digits = 0;
	int dot = 0, neg = 0;
	int64_t v = 0;
	double frac = 0, scale = 1;

	if (q < r->len && (r->d[q] == '+' || r->d[q] == '-'))
		neg = r->d[q++] == '-';
	while (q < r->len && (isdigit((unsigned char)r->d[q]) || (r->d[q] == '.' && !dot))) {
		if (r->d[q] == '.') {
			dot = 1;
		} else {
			digits++;
			if (dot) {
				scale /= 10;
				frac += (r->d[q] - '0') * scale;
			} else if (v < INT64_MAX / 10 - 10) {
				v = v * 10 + (r->d[q] - '0');
			}
		}
		q++;
	}
	if (!digits)
		return 0;
	*p = q;
	if (dot) {
		*rv = ((double)v + frac) * (neg ? -1 : 1);
		return 2;
	}
	*iv = neg ? -v : v;
	return 1;
}

static int parse_obj(rd *r, size_t *p, int depth, lt_pdf_obj **out)
{
	lt_pdf_obj *o;
	int rc = LT_OK;
	char c;

	*out = NULL;
	if (depth > LT_PDF_MAX_DEPTH)
		return bad(r, *p, "nested too deeply");
	skip_ws(r->d, r->len, p);
	if (*p >= r->len)
		return bad(r, *p, "unexpected end");
	c = r->d[*p];
	if (!(o = lt_pdf_new(LT_PDF_NULL)))
		return LT_ENOMEM;
	o->start = *p;
	if (c == '(') {
		o->type = LT_PDF_STRING;
		rc = parse_literal(r, p, o);
	} else if (c == '<' && *p + 1 < r->len && r->d[*p + 1] == '<') {
		o->type = LT_PDF_DICT;
		*p += 2;
		for (;;) {
			char *key = NULL;
			lt_pdf_obj *v = NULL;
			skip_ws(r->d, r->len, p);
			if (*p + 1 < r->len && r->d[*p] == '>' && r->d[*p + 1] == '>') {
				*p += 2;
				break;
			}
			if (*p >= r->len || r->d[*p] != '/') {
				rc = bad(r, *p, "dictionary key expected");
				break;
			}
			if ((rc = parse_name(r, p, &key)) != LT_OK)
				break;
			if ((rc = parse_obj(r, p, depth + 1, &v)) != LT_OK) {
				free(key);
				break;
			}
			if (push(o, key, v) != 0) {
				free(key);
				lt_pdf_obj_free(v);
				rc = LT_ENOMEM;
				break;
			}
		}
	} else if (c == '<') {
		o->type = LT_PDF_STRING;
		rc = parse_hex(r, p, o);
	} else if (c == '[') {
		o->type = LT_PDF_ARRAY;
		(*p)++;
		for (;;) {
			lt_pdf_obj *v = NULL;
			skip_ws(r->d, r->len, p);
			if (*p < r->len && r->d[*p] == ']') {
				(*p)++;
				break;
			}
			if ((rc = parse_obj(r, p, depth + 1, &v)) != LT_OK)
				break;
			if (push(o, NULL, v) != 0) {
				lt_pdf_obj_free(v);
				rc = LT_ENOMEM;
				break;
			}
		}
	} else if (c == '/') {
		o->type = LT_PDF_NAME;
		rc = parse_name(r, p, &o->s);
	} else {
		int64_t iv = 0;
		double rv = 0;
		int kind = number(r, p, &iv, &rv);
		if (kind == 1) {
			/* "N G R" is a reference */
			size_t q = *p;
			int64_t g = 0;
			o->type = LT_PDF_INT;
			o->i = iv;
			skip_ws(r->d, r->len, &q);
			if (iv >= 0 && q < r->len && isdigit((unsigned char)r->d[q]) &&
			    number(r, &q, &g, &rv) == 1 && g >= 0 && g < 65536) {
				skip_ws(r->d, r->len, &q);
				if (q < r->len && r->d[q] == 'R' &&
				    (q + 1 >= r->len || is_ws((unsigned char)r->d[q + 1]) ||
				     is_delim((unsigned char)r->d[q + 1]))) {
					o->type = LT_PDF_REF;
					o->gen = (int)g;
					*p = q + 1;
				}
			}
		} else if (kind == 2) {
			o->type = LT_PDF_REAL;
			o->r = rv;
		} else if (r->len - *p >= 4 && memcmp(r->d + *p, "true", 4) == 0) {
			o->type = LT_PDF_BOOL;
			o->i = 1;
			*p += 4;
		} else if (r->len - *p >= 5 && memcmp(r->d + *p, "false", 5) == 0) {
			o->type = LT_PDF_BOOL;
			*p += 5;
		} else if (r->len - *p >= 4 && memcmp(r->d + *p, "null", 4) == 0) {
			*p += 4;
		} else {
			rc = bad(r, *p, "unexpected token");
		}
	}
	o->end = *p;
	if (rc != LT_OK) {
		if (rc == LT_ENOMEM)
			lt_error_set(r->err, LT_ENOMEM, "out of memory");
		lt_pdf_obj_free(o);
		return rc;
	}
	*out = o;
	return LT_OK;
}

int lt_pdf_parse(lt_pdf_obj **out, const char *data, size_t len, size_t *pos, lt_error *err)
{
	rd r = {data, len, err};
	return parse_obj(&r, pos, 0, out);
}

int lt_pdf_parse_indirect(lt_pdf_obj **out, int64_t *num, int *gen, const char *data, size_t len,
                          size_t off, lt_error *err)
{
	rd r = {data, len, err};
	size_t p = off;
	int64_t n = 0, g = 0;
	double dummy;

	*out = NULL;
	if (off >= len)
		return bad(&r, off, "object offset past the end");
	skip_ws(data, len, &p);
	if (number(&r, &p, &n, &dummy) != 1)
		return bad(&r, p, "object number expected");
	skip_ws(data, len, &p);
	if (number(&r, &p, &g, &dummy) != 1)
		return bad(&r, p, "generation expected");
	skip_ws(data, len, &p);
	if (len - p < 3 || memcmp(data + p, "obj", 3) != 0)
		return bad(&r, p, "'obj' expected");
	p += 3;
	if (num)
		*num = n;
	if (gen)
		*gen = (int)g;
	return parse_obj(&r, &p, 0, out);
}

/* ---- writing ---------------------------------------------------------------- */

static int write_name(lt_buf *out, const char *s)
{
	int rc = lt_buf_putc(out, '/');
	for (; *s && rc == LT_OK; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x21 || c > 0x7E || c == '#' || is_delim(c))
			rc = lt_buf_printf(out, "#%02X", c);
		else
			rc = lt_buf_putc(out, (char)c);
	}
	return rc;
}

int lt_pdf_write(lt_buf *out, const lt_pdf_obj *o)
{
	int rc = LT_OK;

	switch (o->type) {
	case LT_PDF_NULL: return lt_buf_puts(out, "null");
	case LT_PDF_BOOL: return lt_buf_puts(out, o->i ? "true" : "false");
	case LT_PDF_INT: return lt_buf_printf(out, "%lld", (long long)o->i);
	case LT_PDF_REAL: {
		char tmp[64];
		snprintf(tmp, sizeof(tmp), "%.6f", o->r);
		/* no trailing zeros, a '.' whatever the locale */
		for (char *c = tmp; *c; c++)
			if (*c == ',')
				*c = '.';
		if (strchr(tmp, '.')) {
			size_t n = strlen(tmp);
			while (n && tmp[n - 1] == '0')
				tmp[--n] = '\0';
			if (n && tmp[n - 1] == '.')
				tmp[--n] = '\0';
		}
		return lt_buf_puts(out, tmp);
	}
	case LT_PDF_REF: return lt_buf_printf(out, "%lld %d R", (long long)o->i, o->gen);
	case LT_PDF_NAME: return write_name(out, o->s);
	case LT_PDF_STRING:
		if (o->hex) {
			rc = lt_buf_putc(out, '<');
			for (size_t i = 0; i < o->len && rc == LT_OK; i++)
				rc = lt_buf_printf(out, "%02X", (unsigned char)o->s[i]);
			return rc == LT_OK ? lt_buf_putc(out, '>') : rc;
		}
		rc = lt_buf_putc(out, '(');
		for (size_t i = 0; i < o->len && rc == LT_OK; i++) {
			unsigned char c = (unsigned char)o->s[i];
			if (c == '(' || c == ')' || c == '\\')
				rc = lt_buf_printf(out, "\\%c", c);
			else if (c < 0x20 || c > 0x7E)
				rc = lt_buf_printf(out, "\\%03o", c);
			else
				rc = lt_buf_putc(out, (char)c);
		}
		return rc == LT_OK ? lt_buf_putc(out, ')') : rc;
	case LT_PDF_ARRAY:
		rc = lt_buf_putc(out, '[');
		for (size_t i = 0; i < o->n && rc == LT_OK; i++) {
			if (i)
				rc = lt_buf_putc(out, ' ');
			if (rc == LT_OK)
				rc = lt_pdf_write(out, o->items[i]);
		}
		return rc == LT_OK ? lt_buf_putc(out, ']') : rc;
	case LT_PDF_DICT:
		rc = lt_buf_puts(out, "<<");
		for (size_t i = 0; i < o->n && rc == LT_OK; i++) {
			rc = write_name(out, o->keys[i]);
			if (rc == LT_OK)
				rc = lt_buf_putc(out, ' ');
			if (rc == LT_OK)
				rc = lt_pdf_write(out, o->items[i]);
			if (rc == LT_OK)
				rc = lt_buf_putc(out, ' ');
		}
		return rc == LT_OK ? lt_buf_puts(out, ">>") : rc;
	}
	return LT_EINVAL;
}

int lt_pdf_text_string(lt_buf *out, const char *utf8)
{
	int ascii = 1, rc;

	for (const char *p = utf8; *p; p++)
		if ((unsigned char)*p >= 0x80 || (unsigned char)*p < 0x20)
			ascii = 0;
	if (ascii) {
		lt_pdf_obj o;
		memset(&o, 0, sizeof(o));
		o.type = LT_PDF_STRING;
		o.s = (char *)utf8;
		o.len = strlen(utf8);
		return lt_pdf_write(out, &o);
	}
	rc = lt_buf_puts(out, "<FEFF");
	for (size_t i = 0, len = strlen(utf8); i < len && rc == LT_OK;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)utf8 + i,
		                                      (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0) {
			cp = 0xFFFD;
			k = 1;
		}
		i += (size_t)k;
		if (cp > 0xFFFF) {
			cp -= 0x10000;
			rc = lt_buf_printf(out, "%04X%04X", 0xD800 + (cp >> 10),
			                   0xDC00 + (cp & 0x3FF));
		} else {
			rc = lt_buf_printf(out, "%04X", (unsigned)cp);
		}
	}
	return rc == LT_OK ? lt_buf_putc(out, '>') : rc;
}

/* ---- cross-reference ------------------------------------------------------------ */

void lt_pdf_xref_free(lt_pdf_xref *x)
{
	if (!x)
		return;
	free(x->off);
	lt_pdf_obj_free(x->trailer);
	memset(x, 0, sizeof(*x));
}

/* One classic xref section at off: its entries into x (those not set by
 * a later section), its trailer into *trailer. */
static int read_section(lt_pdf_xref *x, const char *d, size_t len, size_t off, lt_pdf_obj **trailer,
                        uint8_t *seen, lt_error *err)
{
	rd r = {d, len, err};
	size_t p = off;
	double dummy;

	skip_ws(d, len, &p);
	if (len - p < 4 || memcmp(d + p, "xref", 4) != 0) {
		/* "N G obj" here is a cross-reference stream */
		int64_t n;
		if (number(&r, &p, &n, &dummy) == 1)
			return lt_error_set(
			    err, LT_EUNSUPPORTED,
			    LT_TR("PDF dùng luồng tham chiếu chéo (xref stream): chưa "
			          "hỗ trợ ký thêm",
			          "the PDF uses a cross-reference stream: appending a "
			          "signature to it is not supported"));
		return bad(&r, p, "'xref' expected");
	}
	p += 4;
	for (;;) {
		int64_t start = 0, count = 0;
		skip_ws(d, len, &p);
		if (len - p >= 7 && memcmp(d + p, "trailer", 7) == 0) {
			p += 7;
			return parse_obj(&r, &p, 0, trailer);
		}
		if (number(&r, &p, &start, &dummy) != 1 || start < 0)
			return bad(&r, p, "xref subsection expected");
		skip_ws(d, len, &p);
		if (number(&r, &p, &count, &dummy) != 1 || count < 0 || count > MAX_XREF_SIZE)
			return bad(&r, p, "xref count expected");
		for (int64_t i = 0; i < count; i++) {
			int64_t o = 0, g = 0;
			char type;
			skip_ws(d, len, &p);
			if (number(&r, &p, &o, &dummy) != 1)
				return bad(&r, p, "xref entry expected");
			skip_ws(d, len, &p);
			if (number(&r, &p, &g, &dummy) != 1)
				return bad(&r, p, "xref entry expected");
			skip_ws(d, len, &p);
			if (p >= len)
				return bad(&r, p, "xref entry expected");
			type = d[p++];
			if (start + i < (int64_t)x->n && !seen[start + i]) {
				seen[start + i] = 1;
				x->off[start + i] =
				    type == 'n' && o >= 0 && (uint64_t)o < len ? (uint64_t)o : 0;
			}
		}
	}
}

int lt_pdf_xref_read(lt_pdf_xref *x, const char *d, size_t len, lt_error *err)
{
	rd r = {d, len, err};
	size_t tail = len > 2048 ? len - 2048 : 0, p = 0, at = 0;
	int64_t sx = -1, size;
	double dummy;
	uint8_t *seen = NULL;
	int rc = LT_OK;

	memset(x, 0, sizeof(*x));
	/* the last "startxref" */
	for (size_t i = len >= 9 ? len - 8 : 0; i-- > tail;) {
		if (memcmp(d + i, "startxref", 9) == 0) {
			at = i + 9;
			break;
		}
	}
	if (!at)
		return bad(&r, len, "no startxref");
	p = at;
	skip_ws(d, len, &p);
	if (number(&r, &p, &sx, &dummy) != 1 || sx < 0 || (uint64_t)sx >= len)
		return bad(&r, p, "bad startxref");
	x->startxref = (uint64_t)sx;
	/* the last trailer's /Size, read first to size the table */
	{
		lt_pdf_obj *t = NULL;
		lt_pdf_xref probe = {NULL, 0, NULL, 0};
		uint8_t none = 0;
		rc = read_section(&probe, d, len, (size_t)sx, &t, &none, err);
		if (rc != LT_OK)
			return rc;
		{
			lt_pdf_obj *s = lt_pdf_dict_get(t, "Size");
			size = s && s->type == LT_PDF_INT ? s->i : -1;
		}
		if (size <= 0 || size > MAX_XREF_SIZE) {
			lt_pdf_obj_free(t);
			return bad(&r, (size_t)sx, "bad trailer /Size");
		}
		x->trailer = t;
	}
	x->n = (size_t)size;
	x->off = calloc(x->n, sizeof(*x->off));
	seen = calloc(x->n, 1);
	if (!x->off || !seen) {
		free(seen);
		lt_pdf_xref_free(x);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	/* this section and its /Prev chain, the latest first */
	{
		int64_t off = sx;
		for (int hop = 0; rc == LT_OK && off >= 0 && hop < MAX_XREF_HOPS; hop++) {
			lt_pdf_obj *t = NULL, *prev;
			rc = read_section(x, d, len, (size_t)off, &t, seen, err);
			if (rc != LT_OK)
				break;
			prev = lt_pdf_dict_get(t, "Prev");
			off = prev && prev->type == LT_PDF_INT && prev->i >= 0 &&
			              (uint64_t)prev->i < len && prev->i != off
			          ? prev->i
			          : -1;
			lt_pdf_obj_free(t);
		}
	}
	free(seen);
	if (rc != LT_OK)
		lt_pdf_xref_free(x);
	return rc;
}

int lt_pdf_xref_get(lt_pdf_obj **out, const lt_pdf_xref *x, const char *d, size_t len, int64_t num,
                    lt_error *err)
{
	int64_t got = -1;
	int rc;

	*out = NULL;
	if (num <= 0 || (uint64_t)num >= x->n || x->off[num] == 0)
		return lt_error_set(err, LT_ENOTFOUND, "PDF object %lld not found", (long long)num);
	rc = lt_pdf_parse_indirect(out, &got, NULL, d, len, (size_t)x->off[num], err);
	if (rc == LT_OK && got != num) {
		lt_pdf_obj_free(*out);
		*out = NULL;
		return lt_error_set(err, LT_ECORRUPT, "PDF xref points object %lld at object %lld",
		                    (long long)num, (long long)got);
	}
	return rc;
}

static int read_box(double box[4], const lt_pdf_obj *o, const lt_pdf_xref *x, const char *d,
                    size_t len)
{
	lt_pdf_obj *held = NULL;
	int ok = 0;

	if (o && o->type == LT_PDF_REF && lt_pdf_xref_get(&held, x, d, len, o->i, NULL) == LT_OK)
		o = held;
	if (o && o->type == LT_PDF_ARRAY && o->n == 4) {
		ok = 1;
		for (int i = 0; i < 4; i++) {
			const lt_pdf_obj *v = o->items[i];
			if (v->type == LT_PDF_INT)
				box[i] = (double)v->i;
			else if (v->type == LT_PDF_REAL)
				box[i] = v->r;
			else
				ok = 0;
		}
	}
	lt_pdf_obj_free(held);
	return ok;
}

int lt_pdf_first_page(int64_t *num, lt_pdf_obj **page, double box[4], const lt_pdf_xref *x,
                      const char *d, size_t len, lt_error *err)
{
	lt_pdf_obj *root = lt_pdf_dict_get(x->trailer, "Root"), *cat = NULL, *node = NULL, *ref;
	int have_box = 0, rc;

	*page = NULL;
	if (!root || root->type != LT_PDF_REF)
		return lt_error_set(err, LT_ECORRUPT, "PDF trailer has no /Root");
	if ((rc = lt_pdf_xref_get(&cat, x, d, len, root->i, err)) != LT_OK)
		return rc;
	ref = lt_pdf_dict_get(cat, "Pages");
	*num = ref && ref->type == LT_PDF_REF ? ref->i : -1;
	lt_pdf_obj_free(cat);
	for (int depth = 0; depth < 32 && *num > 0; depth++) {
		lt_pdf_obj *type, *kids;
		if ((rc = lt_pdf_xref_get(&node, x, d, len, *num, err)) != LT_OK)
			return rc;
		if (read_box(box, lt_pdf_dict_get(node, "MediaBox"), x, d, len))
			have_box = 1;
		type = lt_pdf_dict_get(node, "Type");
		if (type && type->type == LT_PDF_NAME && strcmp(type->s, "Page") == 0) {
			if (!have_box)
				box[0] = box[1] = 0, box[2] = 595.28, box[3] = 841.89; /* A4 */
			*page = node;
			return LT_OK;
		}
		kids = lt_pdf_dict_get(node, "Kids");
		*num = kids && kids->type == LT_PDF_ARRAY && kids->n &&
		               kids->items[0]->type == LT_PDF_REF
		           ? kids->items[0]->i
		           : -1;
		lt_pdf_obj_free(node);
		node = NULL;
	}
	return lt_error_set(err, LT_ECORRUPT, "PDF has no first page");
}
