/*
 * ocr/formats/eml.c — an e-mail message (RFC 5322, MIME RFC 2045-2047,
 * RFC 2231 file names): its text, and its attachments as files.
 *
 * The text is the message's From, To, Cc, Date and Subject lines, then
 * its body: the text/plain part (or, in a multipart/alternative without
 * one, the text/html part with its tags taken out by libxml2's HTML
 * parser). Every part with a file name, every non-text part and every
 * attached message is an attachment: lt_fmt_eml_attachments writes them,
 * and ingest makes each one a record linked to the message
 * (archive/ingest.c, docs/formats.md).
 *
 * Charsets: UTF-8 and US-ASCII as they are (invalid UTF-8 read as
 * Windows-1252), the Windows-125x and ISO-8859 families and others
 * through iconv(3); encoded words (=?charset?B|Q?...?=) in headers.
 * Base64 is decoded by OpenSSL's decoder.
 *
 * Limits: parts nested deeper than 20, more than limits.max_entries parts
 * or more than limits.max_bytes decoded refuse the message.
 */
#include "ocr/formats/internal.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <openssl/evp.h>

#include "core/fs.h"
#include "core/text.h"
#include "ocr/internal.h"

#define MAX_MIME_DEPTH 20
#define HEADER_MAX     (256u * 1024)

typedef struct header {
	char *name, *value; /* value unfolded, raw (encoded words kept) */
} header;

typedef struct headers {
	header *v;
	size_t n;
} headers;

typedef struct eml {
	lt_fmt_text *out;
	const char *path;
	const char *dir; /* where attachments go; NULL: not written */
	lt_fmt_attachment *att;
	size_t natt;
	const lt_fmt_limits *lim;
	size_t parts;
	uint64_t decoded;
	int have_body;
	lt_error *err;
} eml;

static void headers_free(headers *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free(h->v[i].name);
		free(h->v[i].value);
	}
	free(h->v);
	h->v = NULL;
	h->n = 0;
}

static const char *header_get(const headers *h, const char *name)
{
	for (size_t i = 0; i < h->n; i++)
		if (strcasecmp(h->v[i].name, name) == 0)
			return h->v[i].value;
	return NULL;
}

/* Split data at the header's end (the first empty line); parse the
 * header lines, unfolding continuations. *body is where the body starts. */
static int parse_headers(headers *h, const char *data, size_t len, size_t *body)
{
	size_t i = 0;
	lt_buf name = LT_BUF_INIT, value = LT_BUF_INIT;
	int have = 0, rc = 0;

	h->v = NULL;
	h->n = 0;
	*body = len;
	while (i < len && rc == 0) {
		size_t start = i, end;
		while (i < len && data[i] != '\n')
			i++;
		end = i > start && data[i - 1] == '\r' ? i - 1 : i;
		if (i < len)
			i++;
		if (end == start || start > HEADER_MAX) {
			*body = i;
			break;
		}
		if ((data[start] == ' ' || data[start] == '\t') && have) {
			rc |= lt_buf_putc(&value, ' ');
			while (start < end && (data[start] == ' ' || data[start] == '\t'))
				start++;
			rc |= lt_buf_append(&value, data + start, end - start);
			continue;
		}
		if (have) {
			header *g = realloc(h->v, (h->n + 1) * sizeof(*g));
			if (!g) {
				rc = -1;
				break;
			}
			h->v = g;
			h->v[h->n].name = lt_buf_detach(&name);
			h->v[h->n].value = lt_buf_detach(&value);
			if (!h->v[h->n].value)
				h->v[h->n].value = strdup("");
			h->n++;
			have = 0;
		}
		{
			const char *colon = memchr(data + start, ':', end - start);
			if (!colon)
				continue; /* not a header line: skipped */
			lt_buf_reset(&name);
			lt_buf_reset(&value);
			rc |= lt_buf_append(&name, data + start, (size_t)(colon - data - start));
			colon++;
			while (colon < data + end && (*colon == ' ' || *colon == '\t'))
				colon++;
			rc |= lt_buf_append(&value, colon, (size_t)(data + end - colon));
			if (!value.data)
				rc |= lt_buf_puts(&value, "");
			have = name.len > 0;
		}
	}
	if (have && rc == 0) {
		header *g = realloc(h->v, (h->n + 1) * sizeof(*g));
		if (g) {
			h->v = g;
			h->v[h->n].name = lt_buf_detach(&name);
			h->v[h->n].value = lt_buf_detach(&value);
			h->n++;
		} else {
			rc = -1;
		}
	}
	lt_buf_free(&name);
	lt_buf_free(&value);
	return rc ? LT_ENOMEM : LT_OK;
}

/* A parameter of a structured header (charset, boundary, name,
 * filename), unquoted, into out (""). RFC 2231 name*=charset''%xx is
 * decoded when the plain one is absent. */
static void header_param(const char *value, const char *param, char *out, size_t cap)
{
	size_t pl = strlen(param);
	const char *p = value;

	out[0] = '\0';
	while (p && (p = strchr(p, ';'))) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, param, pl) == 0 && (p[pl] == '=' || p[pl] == ' ')) {
			const char *v = strchr(p, '=');
			size_t n = 0;
			if (!v)
				return;
			v++;
			while (*v == ' ')
				v++;
			if (*v == '"') {
				v++;
				while (*v && *v != '"' && n + 1 < cap) {
					if (*v == '\\' && v[1])
						v++;
					out[n++] = *v++;
				}
			} else {
				while (*v && *v != ';' && !isspace((unsigned char)*v) &&
				       n + 1 < cap)
					out[n++] = *v++;
			}
			out[n] = '\0';
			return;
		}
	}
}

/* ---- decoding ------------------------------------------------------------- */

static int b64_decode(lt_buf *out, const char *s, size_t len)
{
	EVP_ENCODE_CTX *ctx = EVP_ENCODE_CTX_new();
	unsigned char *buf;
	int n = 0, m = 0, rc = LT_OK;

	if (!ctx)
		return LT_ENOMEM;
	buf = malloc(len / 4 * 3 + 16);
	if (!buf) {
		EVP_ENCODE_CTX_free(ctx);
		return LT_ENOMEM;
	}
	EVP_DecodeInit(ctx);
	/* Lines of garbage are common in mail: decode what decodes. */
	if (len > (size_t)INT32_MAX ||
	    EVP_DecodeUpdate(ctx, buf, &n, (const unsigned char *)s, (int)len) < 0)
		n = n < 0 ? 0 : n;
	EVP_DecodeFinal(ctx, buf + n, &m);
	if (lt_buf_append(out, buf, (size_t)n + (size_t)(m > 0 ? m : 0)) != LT_OK)
		rc = LT_ENOMEM;
	free(buf);
	EVP_ENCODE_CTX_free(ctx);
	return rc;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Quoted-printable (RFC 2045); q: the header "Q" form (_ is a space). */
static int qp_decode(lt_buf *out, const char *s, size_t len, int q)
{
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '=' && i + 2 < len + 1) {
			int h1 = i + 1 < len ? hexval((unsigned char)s[i + 1]) : -1;
			int h2 = i + 2 < len ? hexval((unsigned char)s[i + 2]) : -1;
			if (h1 >= 0 && h2 >= 0) {
				if (lt_buf_putc(out, (char)(h1 * 16 + h2)) != LT_OK)
					return LT_ENOMEM;
				i += 2;
				continue;
			}
			/* a soft line break: "=" at the end of a line */
			if (i + 1 < len && (s[i + 1] == '\n' || s[i + 1] == '\r')) {
				i++;
				if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
					i++;
				continue;
			}
		}
		if (q && c == '_')
			c = ' ';
		if (lt_buf_putc(out, c) != LT_OK)
			return LT_ENOMEM;
	}
	return LT_OK;
}

/* Bytes in charset to UTF-8, appended to out. */
static int to_utf8(lt_buf *out, const char *s, size_t len, const char *charset)
{
	if (!charset || !*charset || !strcasecmp(charset, "utf-8") ||
	    !strcasecmp(charset, "utf8") || !strcasecmp(charset, "us-ascii")) {
		if (lt_text_validate(s, len, NULL) == LT_OK)
			return lt_buf_append(out, s, len) == LT_OK ? LT_OK : LT_ENOMEM;
		charset = "windows-1252"; /* mislabelled 8-bit: read as Windows showed it */
	}
	{
		iconv_t cd = iconv_open("UTF-8", charset);
		char *in = (char *)s;
		size_t inleft = len;
		int rc = LT_OK;

		if (cd == (iconv_t)-1) {
			/* an unknown charset: Windows-1252 */
			for (size_t i = 0; i < len && rc == LT_OK; i++) {
				char tmp[8];
				uint32_t cp = lt_vnenc_cp1252((unsigned char)s[i]);
				int k =
				    cp < 0x80 ? snprintf(tmp, sizeof(tmp), "%c", (char)cp)
				    : cp < 0x800
				        ? snprintf(tmp, sizeof(tmp), "%c%c", 0xC0 | (cp >> 6),
				                   0x80 | (cp & 0x3F))
				        : snprintf(tmp, sizeof(tmp), "%c%c%c", 0xE0 | (cp >> 12),
				                   0x80 | ((cp >> 6) & 0x3F), 0x80 | (cp & 0x3F));
				if (cp == 0)
					continue;
				rc =
				    lt_buf_append(out, tmp, (size_t)k) == LT_OK ? LT_OK : LT_ENOMEM;
			}
			return rc;
		}
		while (inleft > 0 && rc == LT_OK) {
			char buf[4096], *o = buf;
			size_t oleft = sizeof(buf);
			size_t r = iconv(cd, &in, &inleft, &o, &oleft);
			if (lt_buf_append(out, buf, sizeof(buf) - oleft) != LT_OK)
				rc = LT_ENOMEM;
			if (r == (size_t)-1 && errno != E2BIG) {
				/* an invalid byte: U+FFFD, and on */
				if (lt_buf_puts(out, "\xEF\xBF\xBD") != LT_OK)
					rc = LT_ENOMEM;
				in++;
				inleft--;
			}
		}
		iconv_close(cd);
		return rc;
	}
}

/* A header value with its encoded words decoded, to UTF-8. */
static int decode_header(lt_buf *out, const char *v)
{
	const char *p = v;
	int last_encoded = 0, rc = LT_OK;

	while (*p && rc == LT_OK) {
		const char *start = strstr(p, "=?");
		const char *q1, *q2, *end;
		char charset[64];
		lt_buf raw = LT_BUF_INIT;

		if (!start) {
			rc = to_utf8(out, p, strlen(p), NULL);
			break;
		}
		q1 = strchr(start + 2, '?');
		q2 = q1 ? strchr(q1 + 1, '?') : NULL;
		end = q2 ? strstr(q2 + 1, "?=") : NULL;
		if (!q1 || !q2 || !end || q2 != q1 + 2 ||
		    (size_t)(q1 - start - 2) >= sizeof(charset)) {
			rc = to_utf8(out, p, (size_t)(start - p) + 2, NULL);
			p = start + 2;
			last_encoded = 0;
			continue;
		}
		/* white space between two encoded words is not text */
		{
			int blank = 1;
			for (const char *k = p; k < start; k++)
				if (!isspace((unsigned char)*k))
					blank = 0;
			if (!(blank && last_encoded))
				rc = to_utf8(out, p, (size_t)(start - p), NULL);
		}
		snprintf(charset, sizeof(charset), "%.*s", (int)(q1 - start - 2), start + 2);
		{
			char *star = strchr(charset, '*'); /* RFC 2231 language */
			if (star)
				*star = '\0';
		}
		if (toupper((unsigned char)q1[1]) == 'B')
			rc = rc ? rc : b64_decode(&raw, q2 + 1, (size_t)(end - q2 - 1));
		else
			rc = rc ? rc : qp_decode(&raw, q2 + 1, (size_t)(end - q2 - 1), 1);
		if (rc == LT_OK)
			rc = to_utf8(out, raw.data ? raw.data : "", raw.len, charset);
		lt_buf_free(&raw);
		last_encoded = 1;
		p = end + 2;
	}
	return rc;
}

/* ---- HTML ------------------------------------------------------------------- */

static int html_walk(lt_buf *out, xmlNode *n, int depth)
{
	int rc = LT_OK;

	for (; n && rc == LT_OK && depth < LT_FMT_MAX_DEPTH; n = n->next) {
		const char *name = (const char *)n->name;
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content && lt_buf_puts(out, (const char *)n->content) != LT_OK)
				rc = LT_ENOMEM;
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!strcasecmp(name, "script") || !strcasecmp(name, "style") ||
		    !strcasecmp(name, "head"))
			continue;
		rc = html_walk(out, n->children, depth + 1);
		if (rc == LT_OK && (!strcasecmp(name, "p") || !strcasecmp(name, "br") ||
		                    !strcasecmp(name, "div") || !strcasecmp(name, "tr") ||
		                    !strcasecmp(name, "li") || !strcasecmp(name, "h1") ||
		                    !strcasecmp(name, "h2") || !strcasecmp(name, "h3") ||
		                    !strcasecmp(name, "table")))
			rc = lt_buf_putc(out, '\n') == LT_OK ? LT_OK : LT_ENOMEM;
		else if (rc == LT_OK && (!strcasecmp(name, "td") || !strcasecmp(name, "th")))
			rc = lt_buf_putc(out, '\t') == LT_OK ? LT_OK : LT_ENOMEM;
	}
	return rc;
}

static int html_text(lt_buf *out, const char *html, size_t len)
{
	htmlDocPtr doc;
	int rc = LT_OK;

	if (len > (size_t)INT32_MAX)
		return LT_ELIMIT;
	doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
	                     HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	                         HTML_PARSE_RECOVER);
	if (!doc)
		return LT_OK; /* nothing readable: no text */
	rc = html_walk(out, xmlDocGetRootElement(doc), 0);
	xmlFreeDoc(doc);
	return rc;
}

/* ---- parts -------------------------------------------------------------------- */

static int add_attachment(eml *m, const char *name, const char *mime, const lt_buf *data)
{
	lt_fmt_attachment *g;
	lt_fmt_attachment *a;
	char clean[200];
	size_t n = 0;
	const char *base = name;

	if (!m->dir)
		return LT_OK;
	/* the last path component, no control characters, no leading dots */
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	for (const char *p = base; *p && n + 1 < sizeof(clean); p++)
		if ((unsigned char)*p >= 0x20 && *p != 0x7F)
			clean[n++] = *p;
	clean[n] = '\0';
	while (clean[0] == '.')
		memmove(clean, clean + 1, strlen(clean));
	g = realloc(m->att, (m->natt + 1) * sizeof(*g));
	if (!g)
		return lt_error_set(m->err, LT_ENOMEM, "out of memory");
	m->att = g;
	a = &m->att[m->natt];
	memset(a, 0, sizeof(*a));
	{
		lt_buf p = LT_BUF_INIT;
		lt_error e = LT_ERROR_INIT;
		if (lt_buf_printf(&p, "%s/%zu", m->dir, m->natt + 1) != LT_OK)
			return lt_error_set(m->err, LT_ENOMEM, "out of memory");
		if (lt_fs_write_atomic(lt_buf_cstr(&p), data->data ? data->data : "", data->len,
		                       &e) != LT_OK) {
			lt_buf_free(&p);
			return lt_error_set(m->err, e.code, "%s", e.message);
		}
		a->path = lt_buf_detach(&p);
	}
	a->name = strdup(clean[0] ? clean : "attachment");
	a->mime_type = strdup(mime && *mime ? mime : "application/octet-stream");
	a->size = data->len;
	m->natt++;
	if (!a->name || !a->mime_type)
		return lt_error_set(m->err, LT_ENOMEM, "out of memory");
	for (char *p = a->mime_type; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return LT_OK;
}

static int put_header_lines(eml *m, const headers *h)
{
	static const char *const names[] = {"From", "To", "Cc", "Date", "Subject"};
	int rc = LT_OK;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && rc == LT_OK; i++) {
		const char *v = header_get(h, names[i]);
		lt_buf d = LT_BUF_INIT;
		if (!v)
			continue;
		rc = decode_header(&d, v);
		if (rc == LT_OK &&
		    lt_buf_printf(&m->out->text, "%s: %s\n", names[i], lt_buf_cstr(&d)) != LT_OK)
			rc = LT_ENOMEM;
		if (rc == LT_OK && i == 4 && d.len && !m->out->title)
			m->out->title = lt_buf_detach(&d);
		lt_buf_free(&d);
	}
	if (rc == LT_OK && lt_buf_putc(&m->out->text, '\n') != LT_OK)
		rc = LT_ENOMEM;
	return rc == LT_ENOMEM ? lt_error_set(m->err, LT_ENOMEM, "out of memory") : rc;
}

static int parse_part(eml *m, const char *data, size_t len, int depth, int alternative);

static int parse_multipart(eml *m, const char *body, size_t len, const char *boundary, int depth,
                           int alternative)
{
	size_t bl = strlen(boundary);
	const char *p = body, *end = body + len, *part = NULL;
	int rc = LT_OK;

	if (bl == 0 || bl > 200)
		return lt_fmt_corrupt(m->err, m->path, "e-mail",
		                      LT_TR("ranh giới MIME sai", "bad MIME boundary"));
	while (p < end && rc == LT_OK) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;
		if (line_end - p >= (ptrdiff_t)(bl + 2) && p[0] == '-' && p[1] == '-' &&
		    memcmp(p + 2, boundary, bl) == 0) {
			int last = line_end - p >= (ptrdiff_t)(bl + 4) && p[bl + 2] == '-' &&
			           p[bl + 3] == '-';
			if (part) {
				size_t plen = (size_t)(p - part);
				/* the line end before the boundary belongs to it */
				if (plen && part[plen - 1] == '\n')
					plen--;
				if (plen && part[plen - 1] == '\r')
					plen--;
				rc = parse_part(m, part, plen, depth + 1, alternative);
			}
			if (last)
				break;
			part = nl ? nl + 1 : end;
		}
		p = nl ? nl + 1 : end;
	}
	return rc;
}

static int parse_part(eml *m, const char *data, size_t len, int depth, int alternative)
{
	headers h;
	size_t body_at;
	const char *ctype, *cte, *disp;
	char type[128] = "text/plain", charset[64], boundary[256], name[256];
	lt_buf decoded = LT_BUF_INIT;
	int rc;

	if (depth > MAX_MIME_DEPTH)
		return lt_fmt_corrupt(
		    m->err, m->path, "e-mail",
		    LT_TR("phần MIME lồng quá sâu", "MIME parts nested too deeply"));
	if (++m->parts > m->lim->max_entries)
		return lt_fmt_too_big(m->err, m->path,
		                      LT_TR("quá nhiều phần MIME", "too many MIME parts"));
	if ((rc = parse_headers(&h, data, len, &body_at)) != LT_OK)
		return lt_error_set(m->err, LT_ENOMEM, "out of memory");
	if (depth == 0 && (rc = put_header_lines(m, &h)) != LT_OK) {
		headers_free(&h);
		return rc;
	}
	ctype = header_get(&h, "Content-Type");
	cte = header_get(&h, "Content-Transfer-Encoding");
	disp = header_get(&h, "Content-Disposition");
	if (ctype) {
		size_t n = 0;
		while (ctype[n] && ctype[n] != ';' && !isspace((unsigned char)ctype[n]) &&
		       n + 1 < sizeof(type)) {
			type[n] = (char)tolower((unsigned char)ctype[n]);
			n++;
		}
		type[n] = '\0';
	}
	header_param(ctype ? ctype : "", "charset", charset, sizeof(charset));
	header_param(ctype ? ctype : "", "boundary", boundary, sizeof(boundary));
	header_param(disp ? disp : "", "filename", name, sizeof(name));
	if (!name[0])
		header_param(ctype ? ctype : "", "name", name, sizeof(name));
	if (!name[0]) {
		char ext[256];
		header_param(disp ? disp : "", "filename*", ext, sizeof(ext));
		if (ext[0]) {
			/* RFC 2231: charset'lang'%xx..., decoded to UTF-8 */
			const char *q = strchr(ext, '\'');
			const char *v = q ? strchr(q + 1, '\'') : NULL;
			lt_buf raw = LT_BUF_INIT, utf = LT_BUF_INIT;
			char cs[64];
			snprintf(cs, sizeof(cs), "%.*s", q ? (int)(q - ext) : 0, ext);
			for (const char *k = v ? v + 1 : ext; *k; k++) {
				if (*k == '%' && hexval((unsigned char)k[1]) >= 0 &&
				    hexval((unsigned char)k[2]) >= 0) {
					lt_buf_putc(&raw, (char)(hexval((unsigned char)k[1]) * 16 +
					                         hexval((unsigned char)k[2])));
					k += 2;
				} else {
					lt_buf_putc(&raw, *k);
				}
			}
			if (to_utf8(&utf, raw.data ? raw.data : "", raw.len, cs) == LT_OK)
				snprintf(name, sizeof(name), "%s", lt_buf_cstr(&utf));
			lt_buf_free(&raw);
			lt_buf_free(&utf);
		}
	} else if (strstr(name, "=?")) {
		lt_buf d = LT_BUF_INIT;
		if (decode_header(&d, name) == LT_OK)
			snprintf(name, sizeof(name), "%s", lt_buf_cstr(&d));
		lt_buf_free(&d);
	}

	if (strncmp(type, "multipart/", 10) == 0) {
		rc = parse_multipart(m, data + body_at, len - body_at, boundary, depth,
		                     strcmp(type, "multipart/alternative") == 0);
		headers_free(&h);
		return rc;
	}
	/* the body, decoded */
	if (cte && !strncasecmp(cte, "base64", 6))
		rc = b64_decode(&decoded, data + body_at, len - body_at);
	else if (cte && !strncasecmp(cte, "quoted-printable", 16))
		rc = qp_decode(&decoded, data + body_at, len - body_at, 0);
	else
		rc = lt_buf_append(&decoded, data + body_at, len - body_at) == LT_OK ? LT_OK
		                                                                     : LT_ENOMEM;
	if (rc != LT_OK) {
		headers_free(&h);
		lt_buf_free(&decoded);
		return lt_error_set(m->err, LT_ENOMEM, "out of memory");
	}
	m->decoded += decoded.len;
	if (m->decoded > m->lim->max_bytes) {
		headers_free(&h);
		lt_buf_free(&decoded);
		return lt_fmt_too_big(
		    m->err, m->path, LT_TR("nội dung giải mã quá lớn", "decodes to too much data"));
	}
	{
		int attachment = (disp && !strncasecmp(disp, "attachment", 10)) ||
		                 (name[0] && strcmp(type, "text/plain") != 0) ||
		                 strcmp(type, "message/rfc822") == 0 ||
		                 (strncmp(type, "text/", 5) != 0 && depth > 0);
		if (attachment && depth > 0) {
			char fallback[64];
			if (!name[0]) {
				snprintf(fallback, sizeof(fallback), "attachment-%zu%s",
				         m->natt + 1,
				         strcmp(type, "message/rfc822") == 0 ? ".eml" : "");
				rc = add_attachment(m, fallback, type, &decoded);
			} else {
				rc = add_attachment(m, name, type, &decoded);
			}
		} else if (strcmp(type, "text/plain") == 0 || (depth == 0 && !ctype)) {
			rc = to_utf8(&m->out->text, decoded.data ? decoded.data : "", decoded.len,
			             charset);
			if (rc == LT_OK)
				rc = lt_buf_putc(&m->out->text, '\n') == LT_OK ? LT_OK : LT_ENOMEM;
			m->have_body = 1;
			if (rc == LT_ENOMEM)
				rc = lt_error_set(m->err, LT_ENOMEM, "out of memory");
		} else if (strcmp(type, "text/html") == 0 && !(alternative && m->have_body)) {
			lt_buf utf = LT_BUF_INIT;
			rc = to_utf8(&utf, decoded.data ? decoded.data : "", decoded.len, charset);
			if (rc == LT_OK)
				rc = html_text(&m->out->text, utf.data ? utf.data : "", utf.len);
			m->have_body = 1;
			lt_buf_free(&utf);
			if (rc == LT_ENOMEM)
				rc = lt_error_set(m->err, LT_ENOMEM, "out of memory");
		}
	}
	headers_free(&h);
	lt_buf_free(&decoded);
	return rc;
}

int lt_fmt_eml_mem(lt_fmt_text *out, const char *data, size_t len, const char *path,
                   const char *dir, lt_fmt_attachment **att, size_t *natt, const lt_fmt_limits *lim,
                   lt_error *err)
{
	lt_fmt_limits defaults = LT_FMT_LIMITS_INIT;
	eml m;
	int rc;

	lt_fmt_init();
	memset(&m, 0, sizeof(m));
	m.out = out;
	m.path = path;
	m.dir = dir;
	m.lim = lim ? lim : &defaults;
	m.err = err;
	rc = parse_part(&m, data, len, 0, 0);
	if (rc == LT_OK && out->text.len > LT_OCR_TEXT_MAX_BYTES)
		rc = lt_fmt_too_big(err, path, LT_TR("văn bản quá lớn", "the text is too large"));
	if (rc != LT_OK || !att) {
		for (size_t i = 0; i < m.natt; i++)
			if (rc != LT_OK && m.att[i].path)
				unlink(m.att[i].path); /* leave nothing behind */
		lt_fmt_attachments_free(m.att, m.natt);
		if (att)
			*att = NULL;
		if (natt)
			*natt = 0;
		return rc;
	}
	*att = m.att;
	*natt = m.natt;
	return LT_OK;
}

int lt_fmt_eml(lt_fmt_text *out, const char *path, const lt_fmt_limits *lim, lt_error *err)
{
	lt_buf raw = LT_BUF_INIT;
	int rc = lt_fs_read_file(&raw, path, lim->max_bytes, err);

	if (rc == LT_OK)
		rc = lt_fmt_eml_mem(out, raw.data ? raw.data : "", raw.len, path, NULL, NULL, NULL,
		                    lim, err);
	lt_buf_free(&raw);
	return rc;
}

void lt_fmt_attachments_free(lt_fmt_attachment *a, size_t n)
{
	for (size_t i = 0; a && i < n; i++) {
		free(a[i].path);
		free(a[i].name);
		free(a[i].mime_type);
	}
	free(a);
}

int lt_fmt_eml_attachments(lt_fmt_attachment **out, size_t *n, const char *path, const char *dir,
                           const lt_fmt_limits *limits, lt_error *err)
{
	lt_fmt_limits defaults = LT_FMT_LIMITS_INIT;
	lt_fmt_text t = LT_FMT_TEXT_INIT;
	lt_buf raw = LT_BUF_INIT;
	const lt_fmt_limits *lim = limits ? limits : &defaults;
	int rc = lt_fs_read_file(&raw, path, lim->max_bytes, err);

	*out = NULL;
	*n = 0;
	if (rc == LT_OK)
		rc = lt_fmt_eml_mem(&t, raw.data ? raw.data : "", raw.len, path, dir, out, n, lim,
		                    err);
	lt_fmt_text_free(&t);
	lt_buf_free(&raw);
	return rc;
}
