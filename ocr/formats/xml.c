/*
 * ocr/formats/xml.c — a part's XML, walked as a stream of events with
 * libxml2's reader (constant memory on a sheet of a million cells).
 *
 * Entity expansion (the "billion laughs") needs entities declared in a
 * document type declaration; OOXML and ODF never have one, so the walk
 * refuses any DOCTYPE when the reader meets it, before an entity is used.
 * The parser never loads anything (no DTD, no XInclude, no network), is
 * never given XML_PARSE_HUGE, and keeps its own nesting limit besides
 * LT_FMT_MAX_DEPTH.
 */
#include "ocr/formats/internal.h"

#include <pthread.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>

struct lt_fmt_xml {
	xmlTextReaderPtr r;
	char attr_buf[4096];
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void init_now(void)
{
	xmlInitParser();
	/* Messages go to the caller's error, never to stderr. */
	xmlSetGenericErrorFunc(NULL, silent);
}

void lt_fmt_init(void)
{
	pthread_once(&init_once, init_now);
}

static void reader_error(void *arg, const char *msg, xmlParserSeverities sev,
                         xmlTextReaderLocatorPtr loc)
{
	(void)arg;
	(void)msg;
	(void)sev;
	(void)loc;
}

const char *lt_fmt_xml_attr(lt_fmt_xml *x, const char *qname)
{
	xmlChar *v = xmlTextReaderGetAttribute(x->r, (const xmlChar *)qname);

	if (!v)
		return NULL;
	snprintf(x->attr_buf, sizeof(x->attr_buf), "%s", (const char *)v);
	xmlFree(v);
	return x->attr_buf;
}

int lt_fmt_xml_walk(const lt_buf *data, const char *path, const char *part, lt_fmt_xml_fn fn,
                    void *ctx, lt_error *err)
{
	lt_fmt_xml x;
	int rc = LT_OK, r;

	lt_fmt_init();
	if (!data->len)
		return lt_fmt_corrupt(err, path, part, LT_TR("phần rỗng", "empty part"));
	if (data->len > (size_t)INT32_MAX)
		return lt_fmt_too_big(err, path, part);
	x.r = xmlReaderForMemory(data->data, (int)data->len, NULL, NULL,
	                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	                             XML_PARSE_NOCDATA);
	if (!x.r)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	xmlTextReaderSetErrorHandler(x.r, reader_error, NULL);
	while (rc == LT_OK && (r = xmlTextReaderRead(x.r)) == 1) {
		int type = xmlTextReaderNodeType(x.r);
		const char *name = (const char *)xmlTextReaderConstName(x.r);

		if (xmlTextReaderDepth(x.r) > LT_FMT_MAX_DEPTH) {
			rc = lt_fmt_corrupt(err, path, part,
			                    LT_TR("lồng nhau quá sâu", "nested too deeply"));
			break;
		}
		switch (type) {
		case XML_READER_TYPE_DOCUMENT_TYPE:
			rc = lt_fmt_corrupt(
			    err, path, part,
			    LT_TR("có khai báo DOCTYPE (có thể mở rộng thực thể), bị từ chối",
			          "has a DOCTYPE declaration (entity expansion), refused"));
			break;
		case XML_READER_TYPE_ELEMENT:
			rc = fn(ctx, &x, LT_FMT_XML_START, name ? name : "", NULL);
			if (rc == LT_OK && xmlTextReaderIsEmptyElement(x.r))
				rc = fn(ctx, &x, LT_FMT_XML_END, name ? name : "", NULL);
			break;
		case XML_READER_TYPE_END_ELEMENT:
			rc = fn(ctx, &x, LT_FMT_XML_END, name ? name : "", NULL);
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
			const char *v = (const char *)xmlTextReaderConstValue(x.r);
			rc = fn(ctx, &x, LT_FMT_XML_TEXT, "", v ? v : "");
			break;
		}
		case XML_READER_TYPE_ENTITY_REFERENCE:
			rc = lt_fmt_corrupt(err, path, part,
			                    LT_TR("có tham chiếu thực thể, bị từ chối",
			                          "has an entity reference, refused"));
			break;
		default: break;
		}
	}
	if (rc == LT_OK && r < 0)
		rc = lt_fmt_corrupt(err, path, part,
		                    LT_TR("XML không hợp lệ", "is not well-formed XML"));
	xmlFreeTextReader(x.r);
	return rc;
}

typedef struct title_ctx {
	lt_buf title;
	int in_title;
} title_ctx;

static int title_cb(void *ctx, lt_fmt_xml *x, lt_fmt_xml_event ev, const char *name,
                    const char *text)
{
	title_ctx *c = ctx;
	(void)x;

	if (ev == LT_FMT_XML_START && strcmp(name, "dc:title") == 0)
		c->in_title = 1;
	else if (ev == LT_FMT_XML_END && strcmp(name, "dc:title") == 0)
		c->in_title = 0;
	else if (ev == LT_FMT_XML_TEXT && c->in_title && c->title.len < 1024)
		lt_buf_puts(&c->title, text);
	return LT_OK;
}

void lt_fmt_xml_title(lt_fmt_text *out, const lt_fmt_part *p, const char *path)
{
	title_ctx c = {LT_BUF_INIT, 0};

	if (p && lt_fmt_xml_walk(&p->data, path, p->name, title_cb, &c, NULL) == LT_OK &&
	    c.title.len)
		out->title = lt_buf_detach(&c.title);
	lt_buf_free(&c.title);
}
