/*
 * ocr/pdfa/pdfa.c — PDF/A-2b pieces and facts (pdfa.h).
 *
 * The facts are read by poppler's tools in child processes (ocr/spawn.c),
 * never by parsing the PDF here: pdfinfo (version, pages, encryption),
 * pdfinfo -meta (the XMP packet: pdfaid), pdfimages -list (each image's
 * components, bits and resolution as drawn), pdffonts (embedded or not),
 * pdftotext (letters per page).
 */
#include "ocr/pdfa/pdfa.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fs.h"
#include "ocr/internal.h"

#define TOOL_MEMORY  (1536ull * 1024 * 1024)
#define TOOL_CPU     60
#define TOOL_TIMEOUT 120000
#define TOOL_OUT     (16u * 1024 * 1024)

void lt_pdfa_dates(time_t t, char iso[26], char pdf[24])
{
	time_t local = t + LT_PDFA_VN_OFFSET;
	struct tm tm;
	char a[96], b[96];

	gmtime_r(&local, &tm);
	snprintf(a, sizeof(a), "%04d-%02d-%02dT%02d:%02d:%02d+07:00", tm.tm_year + 1900,
	         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	snprintf(b, sizeof(b), "D:%04d%02d%02d%02d%02d%02d+07'00'", tm.tm_year + 1900,
	         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	snprintf(iso, 26, "%.25s", a);
	snprintf(pdf, 24, "%.23s", b);
}

int lt_pdfa_load_icc(lt_buf *out, const char *path, lt_error *err)
{
	lt_buf b = LT_BUF_INIT;
	const unsigned char *p;
	int rc;

	if (!lt_fs_exists(path))
		return lt_error_set(err, LT_ENOTFOUND,
		                    LT_TR("không có hồ sơ màu ICC %s (gói icc-profiles-free)",
		                          "ICC profile %s not found (package icc-profiles-free)"),
		                    path);
	if ((rc = lt_fs_read_file(&b, path, 1u << 20, err)) != LT_OK)
		return rc;
	p = (const unsigned char *)b.data;
	if (b.len < 132 || memcmp(p + 36, "acsp", 4) != 0 || memcmp(p + 16, "RGB ", 4) != 0 ||
	    (p[8] != 2 && p[8] != 4)) {
		lt_buf_free(&b);
		return lt_error_set(err, LT_ECORRUPT,
		                    LT_TR("%s không phải hồ sơ màu ICC RGB (phiên bản 2 hoặc 4)",
		                          "%s is not an RGB ICC profile (version 2 or 4)"),
		                    path);
	}
	rc = lt_buf_append(out, b.data, b.len) == LT_OK
	         ? LT_OK
	         : lt_error_set(err, LT_ENOMEM, "out of memory");
	lt_buf_free(&b);
	return rc;
}

static int xml_text(lt_buf *b, const char *s)
{
	int rc = 0;
	for (; s && *s; s++) {
		switch (*s) {
		case '&': rc |= lt_buf_puts(b, "&amp;"); break;
		case '<': rc |= lt_buf_puts(b, "&lt;"); break;
		case '>': rc |= lt_buf_puts(b, "&gt;"); break;
		default:
			rc |= lt_buf_putc(
			    b, (unsigned char)*s < 0x20 && *s != '\n' && *s != '\t' ? ' ' : *s);
		}
	}
	return rc;
}

int lt_pdfa_xmp(lt_buf *out, const char *producer, const char *iso, const char *title)
{
	int rc = 0;

	/* The packet wrapper's begin attribute is the UTF-8 byte order mark. */
	rc |= lt_buf_puts(
	    out, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	         "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	         " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	         "  <rdf:Description rdf:about=\"\""
	         " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
	         "   <pdfaid:part>2</pdfaid:part>\n"
	         "   <pdfaid:conformance>B</pdfaid:conformance>\n"
	         "  </rdf:Description>\n"
	         "  <rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
	         "   <pdf:Producer>");
	rc |= xml_text(out, producer);
	rc |=
	    lt_buf_puts(out, "</pdf:Producer>\n  </rdf:Description>\n"
	                     "  <rdf:Description rdf:about=\"\""
	                     " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n   <xmp:CreatorTool>");
	rc |= xml_text(out, producer);
	rc |= lt_buf_printf(out,
	                    "</xmp:CreatorTool>\n   <xmp:CreateDate>%s</xmp:CreateDate>\n"
	                    "   <xmp:ModifyDate>%s</xmp:ModifyDate>\n"
	                    "   <xmp:MetadataDate>%s</xmp:MetadataDate>\n  </rdf:Description>\n",
	                    iso, iso, iso);
	if (title && *title) {
		rc |= lt_buf_puts(out, "  <rdf:Description rdf:about=\"\""
		                       " xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
		                       "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		rc |= xml_text(out, title);
		rc |= lt_buf_puts(out, "</rdf:li></rdf:Alt></dc:title>\n  </rdf:Description>\n");
	}
	rc |= lt_buf_puts(out, " </rdf:RDF>\n</x:xmpmeta>\n");
	/* Padding, so that an editor may update the packet in place. */
	for (int i = 0; i < 20; i++)
		rc |= lt_buf_puts(out, "                                                  "
		                       "                                                  \n");
	rc |= lt_buf_puts(out, "<?xpacket end=\"w\"?>");
	return rc ? LT_ENOMEM : LT_OK;
}

/* The value of pdfaid:name as element (<pdfaid:part>2</...>) or attribute
 * (pdfaid:part="2"), into out (size cap); "" when absent. */
static void xmp_value(const char *xmp, size_t len, const char *name, char *out, size_t cap)
{
	size_t nl = strlen(name);

	out[0] = '\0';
	for (size_t i = 0; i + nl < len; i++) {
		if (memcmp(xmp + i, name, nl) != 0)
			continue;
		{
			const char *p = xmp + i + nl, *end = xmp + len;
			char stop;
			size_t n = 0;
			if (p < end && *p == '>') {
				stop = '<';
				p++;
			} else if (p + 1 < end && *p == '=' && (p[1] == '"' || p[1] == '\'')) {
				stop = p[1];
				p += 2;
			} else {
				continue;
			}
			while (p < end && *p != stop && n + 1 < cap) {
				if (!isspace((unsigned char)*p))
					out[n++] = *p;
				p++;
			}
			out[n] = '\0';
			return;
		}
	}
}

void lt_pdfa_parse_xmp(const char *xmp, size_t len, int *part, char conformance[4])
{
	char v[16];

	xmp_value(xmp, len, "pdfaid:part", v, sizeof(v));
	*part = atoi(v);
	xmp_value(xmp, len, "pdfaid:conformance", v, sizeof(v));
	snprintf(conformance, 4, "%.3s", v);
}

static int run(const char *const argv[], const char *path, lt_buf *out, lt_error *err)
{
	lt_ocr_run_limits lim = {TOOL_OUT, TOOL_MEMORY, TOOL_CPU, TOOL_TIMEOUT};
	lt_ocr_run_status st;
	int rc = lt_ocr_run(&st, argv, &lim, out, NULL, err);

	if (rc == LT_OK && (st.exit_code != 0 || st.signal || st.timed_out || st.out_truncated))
		rc = lt_error_set(err, LT_ECORRUPT,
		                  LT_TR("không đọc được PDF %s (%s)", "cannot read PDF %s (%s)"),
		                  path, argv[0]);
	return rc;
}

/* The value of a "Key:   value" line, or NULL. */
static const char *field(const char *text, const char *key)
{
	size_t kl = strlen(key);

	for (const char *line = text; line && *line;) {
		if (strncmp(line, key, kl) == 0 && line[kl] == ':') {
			line += kl + 1;
			while (*line == ' ')
				line++;
			return line;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return NULL;
}

/* Split a line on white space into at most max fields (in place). */
static int split(char *line, char **f, int max)
{
	int n = 0;
	char *save = NULL;

	for (char *t = strtok_r(line, " \t", &save); t && n < max; t = strtok_r(NULL, " \t", &save))
		f[n++] = t;
	return n;
}

static void images(lt_pdfa_facts *out, lt_buf *list)
{
	char *save = NULL;
	int line_no = 0;

	for (char *line = strtok_r(list->data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[16];
		int n, bits, ppi;
		if (line_no++ < 2)
			continue; /* the header and its rule */
		n = split(line, f, 16);
		if (n < 14 || strcmp(f[2], "image") != 0)
			continue;
		out->images++;
		bits = atoi(f[6]) * atoi(f[7]);
		ppi = atoi(f[12]) < atoi(f[13]) ? atoi(f[12]) : atoi(f[13]);
		if (bits > 0 && (out->min_bits == 0 || bits < out->min_bits))
			out->min_bits = bits;
		if (ppi > 0 && (out->min_ppi == 0 || ppi < out->min_ppi))
			out->min_ppi = ppi;
	}
}

static void fonts(lt_pdfa_facts *out, const lt_buf *list)
{
	const char *text = list->data ? list->data : "";
	const char *rule = strstr(text, "\n---");
	size_t emb_at = 0;

	if (!rule)
		return;
	rule++;
	/* the emb column is the fourth run of dashes */
	{
		int group = 0;
		for (size_t i = 0; rule[i] && rule[i] != '\n'; i++)
			if (rule[i] == '-' && (i == 0 || rule[i - 1] == ' ') && ++group == 4) {
				emb_at = i;
				break;
			}
	}
	if (!emb_at)
		return;
	for (const char *line = strchr(rule, '\n'); line && *++line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		if (len > emb_at + 2) {
			out->fonts++;
			if (strncmp(line + emb_at, "yes", 3) == 0)
				out->fonts_embedded++;
		}
		line = nl;
	}
}

int lt_pdfa_inspect(lt_pdfa_facts *out, const char *path, lt_error *err)
{
	lt_buf p = LT_BUF_INIT, info = LT_BUF_INIT, meta = LT_BUF_INIT, list = LT_BUF_INIT,
	       fl = LT_BUF_INIT, text = LT_BUF_INIT;
	const char *v;
	int rc;

	memset(out, 0, sizeof(*out));
	if (lt_buf_printf(&p, "%s%s", path[0] == '-' ? "./" : "", path))
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	{
		const char *a[] = {"pdfinfo", p.data, NULL};
		rc = run(a, path, &info, err);
	}
	if (rc == LT_OK) {
		for (size_t i = 0; i < info.len; i++)
			if (!info.data[i])
				info.data[i] = ' ';
		if ((v = field(info.data, "PDF version")))
			snprintf(out->pdf_version, sizeof(out->pdf_version), "%.*s",
			         (int)strcspn(v, "\n "), v);
		if ((v = field(info.data, "Pages")))
			out->pages = atoi(v);
		if ((v = field(info.data, "Encrypted")))
			out->encrypted = strncmp(v, "yes", 3) == 0;
	}
	if (rc == LT_OK && !out->encrypted) {
		const char *a[] = {"pdfinfo", "-meta", p.data, NULL};
		if (run(a, path, &meta, NULL) == LT_OK && meta.len)
			lt_pdfa_parse_xmp(meta.data, meta.len, &out->pdfa_part,
			                  out->pdfa_conformance);
	}
	if (rc == LT_OK && !out->encrypted) {
		const char *a[] = {"pdfimages", "-list", p.data, NULL};
		if (run(a, path, &list, NULL) == LT_OK && list.len)
			images(out, &list);
	}
	if (rc == LT_OK && !out->encrypted) {
		const char *a[] = {"pdffonts", p.data, NULL};
		if (run(a, path, &fl, NULL) == LT_OK)
			fonts(out, &fl);
	}
	if (rc == LT_OK && !out->encrypted) {
		const char *a[] = {"pdftotext", "-enc", "UTF-8", p.data, "-", NULL};
		if (run(a, path, &text, NULL) == LT_OK && text.len) {
			const char *page = text.data, *end = text.data + text.len;
			while (page < end) {
				const char *ff = memchr(page, '\f', (size_t)(end - page));
				size_t n = ff ? (size_t)(ff - page) : (size_t)(end - page);
				if (lt_ocr_count_letters(page, n) > 0)
					out->text_pages++;
				page = ff ? ff + 1 : end;
			}
		}
	}
	lt_buf_free(&p);
	lt_buf_free(&info);
	lt_buf_free(&meta);
	lt_buf_free(&list);
	lt_buf_free(&fl);
	lt_buf_free(&text);
	return rc;
}
