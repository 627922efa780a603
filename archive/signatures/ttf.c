/*
 * archive/signatures/ttf.c — TrueType tables read and a subset written
 * (ttf.h; the OpenType specification's head, hhea, maxp, hmtx, cmap
 * formats 4 and 12, loca, glyf, OS/2, post, name).
 */
#include "archive/signatures/ttf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fs.h"

#define MAX_FONT_BYTES (32u << 20)

typedef struct table {
	char tag[5];
	uint32_t off, len;
} table;

struct lt_ttf {
	unsigned char *d;
	size_t len;
	table *t;
	unsigned nt;
	unsigned units, nglyphs, nmetrics;
	int loca_long;
	uint32_t cmap_sub; /* offset of the chosen cmap subtable, 0 none */
	int cmap_fmt;
	char name[64];
};

static uint16_t u16(const lt_ttf *f, size_t o)
{
	return o + 2 <= f->len ? (uint16_t)(f->d[o] << 8 | f->d[o + 1]) : 0;
}

static int16_t i16(const lt_ttf *f, size_t o)
{
	return (int16_t)u16(f, o);
}

static uint32_t u32(const lt_ttf *f, size_t o)
{
	return o + 4 <= f->len ? (uint32_t)f->d[o] << 24 | (uint32_t)f->d[o + 1] << 16 |
	                             (uint32_t)f->d[o + 2] << 8 | f->d[o + 3]
	                       : 0;
}

static const table *find(const lt_ttf *f, const char *tag)
{
	for (unsigned i = 0; i < f->nt; i++)
		if (memcmp(f->t[i].tag, tag, 4) == 0)
			return &f->t[i];
	return NULL;
}

void lt_ttf_free(lt_ttf *f)
{
	if (!f)
		return;
	free(f->d);
	free(f->t);
	free(f);
}

static void read_name(lt_ttf *f)
{
	const table *n = find(f, "name");
	unsigned count, strings;

	snprintf(f->name, sizeof(f->name), "Font");
	if (!n)
		return;
	count = u16(f, n->off + 2);
	strings = n->off + u16(f, n->off + 4);
	for (unsigned i = 0; i < count && i < 1024; i++) {
		size_t r = n->off + 6 + 12 * (size_t)i;
		unsigned pid = u16(f, r), nid = u16(f, r + 6), len = u16(f, r + 8),
		         off = u16(f, r + 10);
		size_t at = (size_t)strings + off, k = 0;
		char tmp[64];
		if (nid != 6 || at + len > f->len)
			continue;
		if (pid == 3 || pid == 0) { /* UTF-16BE; a PostScript name is ASCII */
			for (size_t j = 0; j + 1 < len && k + 1 < sizeof(tmp); j += 2) {
				unsigned c = u16(f, at + j);
				if (c > 0x20 && c < 0x7F && c != '/' && c != '(' && c != ')' &&
				    c != '[' && c != ']' && c != '<' && c != '>' && c != '%')
					tmp[k++] = (char)c;
			}
		} else {
			for (size_t j = 0; j < len && k + 1 < sizeof(tmp); j++) {
				unsigned char c = f->d[at + j];
				if (c > 0x20 && c < 0x7F && c != '/')
					tmp[k++] = (char)c;
			}
		}
		tmp[k] = '\0';
		if (k) {
			snprintf(f->name, sizeof(f->name), "%s", tmp);
			return;
		}
	}
}

int lt_ttf_load(lt_ttf **out, const char *path, lt_error *err)
{
	lt_buf b = LT_BUF_INIT;
	lt_ttf *f;
	const table *head, *hhea, *maxp, *cmap;
	int rc;

	*out = NULL;
	if ((rc = lt_fs_read_file(&b, path, MAX_FONT_BYTES, err)) != LT_OK) {
		lt_buf_free(&b);
		return lt_error_prefix(err,
		                       LT_TR("phông chữ chữ ký (gói fonts-liberation2)",
		                             "the signature font (package fonts-liberation2)"));
	}
	if (!(f = calloc(1, sizeof(*f)))) {
		lt_buf_free(&b);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	f->len = b.len;
	f->d = (unsigned char *)lt_buf_detach(&b);
	if (!f->d || f->len < 12 || (u32(f, 0) != 0x00010000 && u32(f, 0) != 0x74727565))
		goto bad;
	f->nt = u16(f, 4);
	if (f->nt == 0 || f->nt > 256 || 12 + 16 * (size_t)f->nt > f->len ||
	    !(f->t = calloc(f->nt, sizeof(*f->t))))
		goto bad;
	for (unsigned i = 0; i < f->nt; i++) {
		size_t r = 12 + 16 * (size_t)i;
		memcpy(f->t[i].tag, f->d + r, 4);
		f->t[i].off = u32(f, r + 8);
		f->t[i].len = u32(f, r + 12);
		if ((uint64_t)f->t[i].off + f->t[i].len > f->len)
			goto bad;
	}
	head = find(f, "head");
	hhea = find(f, "hhea");
	maxp = find(f, "maxp");
	cmap = find(f, "cmap");
	if (!head || !hhea || !maxp || !cmap || !find(f, "hmtx") || !find(f, "loca") ||
	    !find(f, "glyf") || head->len < 54 || hhea->len < 36 || maxp->len < 6)
		goto bad;
	f->units = u16(f, head->off + 18);
	f->loca_long = i16(f, head->off + 50) == 1;
	f->nglyphs = u16(f, maxp->off + 4);
	f->nmetrics = u16(f, hhea->off + 34);
	if (!f->units || !f->nglyphs || !f->nmetrics || f->nmetrics > f->nglyphs ||
	    find(f, "hmtx")->len < 4u * f->nmetrics)
		goto bad;
	/* cmap: Windows full Unicode (format 12) over BMP (format 4) */
	{
		unsigned n = u16(f, cmap->off + 2);
		for (unsigned i = 0; i < n && i < 64; i++) {
			size_t r = cmap->off + 4 + 8 * (size_t)i;
			unsigned pid = u16(f, r), eid = u16(f, r + 2);
			uint32_t sub = cmap->off + u32(f, r + 4);
			unsigned fmt = u16(f, sub);
			if (sub >= f->len)
				continue;
			if (fmt == 12 && (pid == 3 || pid == 0)) {
				f->cmap_sub = sub;
				f->cmap_fmt = 12;
				break;
			}
			if (fmt == 4 && ((pid == 3 && eid == 1) || pid == 0) && !f->cmap_sub) {
				f->cmap_sub = sub;
				f->cmap_fmt = 4;
			}
		}
		if (!f->cmap_sub)
			goto bad;
	}
	read_name(f);
	*out = f;
	return LT_OK;
bad:
	lt_ttf_free(f);
	return lt_error_set(
	    err, LT_ECORRUPT,
	    LT_TR("%s không phải phông TrueType dùng được", "%s is not a usable TrueType font"),
	    path);
}

int lt_ttf_glyph(const lt_ttf *f, uint32_t cp)
{
	size_t s = f->cmap_sub;

	if (f->cmap_fmt == 12) {
		uint32_t groups = u32(f, s + 12);
		for (uint32_t i = 0; i < groups && i < 100000; i++) {
			size_t g = s + 16 + 12 * (size_t)i;
			uint32_t start = u32(f, g), end = u32(f, g + 4), gid = u32(f, g + 8);
			if (cp >= start && cp <= end) {
				uint32_t r = gid + (cp - start);
				return r < f->nglyphs ? (int)r : 0;
			}
		}
		return 0;
	}
	if (cp > 0xFFFF)
		return 0;
	{
		unsigned segs = u16(f, s + 6) / 2;
		size_t ends = s + 14, starts = ends + 2 * (size_t)segs + 2,
		       deltas = starts + 2 * (size_t)segs, ranges = deltas + 2 * (size_t)segs;
		for (unsigned i = 0; i < segs; i++) {
			unsigned end = u16(f, ends + 2 * i), start = u16(f, starts + 2 * i);
			if (cp > end)
				continue;
			if (cp < start)
				return 0;
			{
				unsigned delta = u16(f, deltas + 2 * i),
				         ro = u16(f, ranges + 2 * i);
				unsigned g;
				if (ro == 0) {
					g = (cp + delta) & 0xFFFF;
				} else {
					size_t at = ranges + 2 * i + ro + 2 * (cp - start);
					g = u16(f, at);
					if (g)
						g = (g + delta) & 0xFFFF;
				}
				return g < f->nglyphs ? (int)g : 0;
			}
		}
	}
	return 0;
}

int lt_ttf_advance(const lt_ttf *f, int gid)
{
	const table *h = find(f, "hmtx");
	unsigned i = (unsigned)gid < f->nmetrics ? (unsigned)gid : f->nmetrics - 1;
	unsigned adv = u16(f, h->off + 4 * (size_t)i);
	return (int)((adv * 1000 + f->units / 2) / f->units);
}

const char *lt_ttf_name(const lt_ttf *f)
{
	return f->name;
}

static int scale(const lt_ttf *f, int v)
{
	return (int)((long)v * 1000 / (long)f->units);
}

void lt_ttf_get_metrics(const lt_ttf *f, lt_ttf_metrics *m)
{
	const table *head = find(f, "head"), *hhea = find(f, "hhea"), *os2 = find(f, "OS/2"),
	            *post = find(f, "post");

	memset(m, 0, sizeof(*m));
	m->bbox[0] = scale(f, i16(f, head->off + 36));
	m->bbox[1] = scale(f, i16(f, head->off + 38));
	m->bbox[2] = scale(f, i16(f, head->off + 40));
	m->bbox[3] = scale(f, i16(f, head->off + 42));
	m->ascent = scale(f, i16(f, hhea->off + 4));
	m->descent = scale(f, i16(f, hhea->off + 6));
	m->cap_height = m->ascent * 7 / 10;
	if (os2 && os2->len >= 90 && u16(f, os2->off) >= 2)
		m->cap_height = scale(f, i16(f, os2->off + 88));
	if (post && post->len >= 8)
		m->italic_angle = (double)(int32_t)u32(f, post->off + 4) / 65536.0;
}

/* ---- the subset ---------------------------------------------------------- */

static uint32_t glyph_off(const lt_ttf *f, unsigned gid)
{
	const table *loca = find(f, "loca");
	return f->loca_long ? u32(f, loca->off + 4 * (size_t)gid)
	                    : 2u * u16(f, loca->off + 2 * (size_t)gid);
}

/* Mark gid and, for a composite glyph, its components. */
static void mark(const lt_ttf *f, unsigned char *keep, unsigned gid, int depth)
{
	const table *glyf = find(f, "glyf");
	uint32_t a, b;
	size_t p;

	if (gid >= f->nglyphs || keep[gid] || depth > 16)
		return;
	keep[gid] = 1;
	a = glyph_off(f, gid);
	b = glyph_off(f, gid + 1);
	if (b <= a + 10 || b > glyf->len || i16(f, glyf->off + a) >= 0)
		return;
	p = glyf->off + a + 10;
	for (int k = 0; k < 256 && p + 4 <= (size_t)glyf->off + b; k++) {
		unsigned flags = u16(f, p), comp = u16(f, p + 2);
		mark(f, keep, comp, depth + 1);
		p += 4 + ((flags & 0x0001) ? 4 : 2);
		if (flags & 0x0008)
			p += 2;
		else if (flags & 0x0040)
			p += 4;
		else if (flags & 0x0080)
			p += 8;
		if (!(flags & 0x0020))
			break;
	}
}

static uint32_t checksum(const unsigned char *p, size_t len)
{
	uint32_t sum = 0;
	for (size_t i = 0; i < len; i += 4) {
		uint32_t w = 0;
		for (size_t k = 0; k < 4; k++)
			w = w << 8 | (i + k < len ? p[i + k] : 0);
		sum += w;
	}
	return sum;
}

static void be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void be16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

int lt_ttf_subset(const lt_ttf *f, const int *gids, size_t n, lt_buf *out, lt_error *err)
{
	static const char *const keep_tags[] = {"OS/2", "cmap", "cvt ", "fpgm", "glyf",
	                                        "head", "hhea", "hmtx", "loca", "maxp",
	                                        "name", "post", "prep"};
	const size_t ntags = sizeof(keep_tags) / sizeof(keep_tags[0]);
	unsigned char *keep = calloc(f->nglyphs, 1);
	lt_buf glyf = LT_BUF_INIT, loca = LT_BUF_INIT, head = LT_BUF_INIT, post = LT_BUF_INIT;
	const table *g = find(f, "glyf");
	struct {
		const char *tag;
		const unsigned char *data;
		size_t len;
	} tabs[16];
	size_t nt = 0, off, head_at = 0;
	unsigned char tmp[4];
	int rc = LT_OK;

	if (!keep)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	mark(f, keep, 0, 0);
	for (size_t i = 0; i < n; i++)
		if (gids[i] > 0)
			mark(f, keep, (unsigned)gids[i], 0);
	/* glyf and a long loca */
	for (unsigned gid = 0; gid <= f->nglyphs && rc == LT_OK; gid++) {
		be32(tmp, (uint32_t)glyf.len);
		rc = lt_buf_append(&loca, tmp, 4);
		if (gid == f->nglyphs || !keep[gid] || rc != LT_OK)
			continue;
		{
			uint32_t a = glyph_off(f, gid), b = glyph_off(f, gid + 1);
			if (b > a && b <= g->len)
				rc = lt_buf_append(&glyf, f->d + g->off + a, b - a);
			while (rc == LT_OK && glyf.len % 4)
				rc = lt_buf_putc(&glyf, 0);
		}
	}
	/* head with long loca offsets and the checksum adjustment zeroed */
	{
		const table *h = find(f, "head");
		if (rc == LT_OK)
			rc = lt_buf_append(&head, f->d + h->off, h->len);
		if (rc == LT_OK && head.len >= 54) {
			be32((unsigned char *)head.data + 8, 0);
			be16((unsigned char *)head.data + 50, 1);
		}
	}
	/* post version 3: no glyph names */
	{
		const table *p = find(f, "post");
		unsigned char hdr[32] = {0};
		if (p && p->len >= 32)
			memcpy(hdr, f->d + p->off, 32);
		be32(hdr, 0x00030000);
		if (rc == LT_OK)
			rc = lt_buf_append(&post, hdr, 32);
	}
	free(keep);
	if (rc != LT_OK)
		goto out;
	for (size_t i = 0; i < ntags; i++) {
		const table *t = find(f, keep_tags[i]);
		if (!t && strcmp(keep_tags[i], "post") != 0)
			continue;
		tabs[nt].tag = keep_tags[i];
		if (!strcmp(keep_tags[i], "glyf")) {
			tabs[nt].data = (const unsigned char *)glyf.data;
			tabs[nt].len = glyf.len;
		} else if (!strcmp(keep_tags[i], "loca")) {
			tabs[nt].data = (const unsigned char *)loca.data;
			tabs[nt].len = loca.len;
		} else if (!strcmp(keep_tags[i], "head")) {
			tabs[nt].data = (const unsigned char *)head.data;
			tabs[nt].len = head.len;
		} else if (!strcmp(keep_tags[i], "post")) {
			tabs[nt].data = (const unsigned char *)post.data;
			tabs[nt].len = post.len;
		} else {
			tabs[nt].data = f->d + t->off;
			tabs[nt].len = t->len;
		}
		nt++;
	}
	/* the offset table and table records (tags in order already) */
	{
		unsigned char hdr[12];
		unsigned es = 0, sr = 1;
		while (sr * 2 <= nt) {
			sr *= 2;
			es++;
		}
		be32(hdr, 0x00010000);
		be16(hdr + 4, (unsigned)nt);
		be16(hdr + 6, sr * 16);
		be16(hdr + 8, es);
		be16(hdr + 10, (unsigned)nt * 16 - sr * 16);
		rc = lt_buf_append(out, hdr, 12);
	}
	off = 12 + 16 * nt;
	for (size_t i = 0; i < nt && rc == LT_OK; i++) {
		unsigned char rec[16];
		memcpy(rec, tabs[i].tag, 4);
		be32(rec + 4, checksum(tabs[i].data, tabs[i].len));
		be32(rec + 8, (uint32_t)off);
		be32(rec + 12, (uint32_t)tabs[i].len);
		rc = lt_buf_append(out, rec, 16);
		off += (tabs[i].len + 3) & ~(size_t)3;
	}
	{
		size_t base = out->len - (12 + 16 * nt);
		for (size_t i = 0; i < nt && rc == LT_OK; i++) {
			if (!strcmp(tabs[i].tag, "head"))
				head_at = out->len;
			rc = lt_buf_append(out, tabs[i].data, tabs[i].len);
			while (rc == LT_OK && out->len % 4 != base % 4)
				rc = lt_buf_putc(out, 0);
		}
		if (rc == LT_OK && head_at)
			be32((unsigned char *)out->data + head_at + 8,
			     0xB1B0AFBAu - checksum((const unsigned char *)out->data + base,
			                            out->len - base));
	}
	if (rc != LT_OK)
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
out:
	lt_buf_free(&glyf);
	lt_buf_free(&loca);
	lt_buf_free(&head);
	lt_buf_free(&post);
	return rc;
}
