/*
 * ocr/formats/rtf.c — the text of an RTF file (RTF 1.9.1 grammar).
 *
 * The reader keeps, per group, the font, the \uc skip count and whether
 * the group's text is a destination that is not the document's text
 * (font table, styles, pictures, field instructions, anything behind \*
 * it does not know). Text comes as plain bytes and \'hh in the
 * document's code page (\ansicpg: Windows-1252, or 1258 for Vietnamese),
 * or as \uN with \uc fallback bytes skipped. A run set in a TCVN3 or VNI
 * font (the font table's names) is collected as the bytes Windows showed
 * and converted (core/vnenc); Word writes such runs as \'hh, never \u.
 *
 * Limits: groups nested deeper than LT_FMT_MAX_DEPTH, \bin data beyond
 * the file, and text beyond LT_OCR_TEXT_MAX_BYTES refuse the file.
 */
#include "ocr/formats/internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core/fs.h"
#include "ocr/internal.h"

#define MAX_FONTS 1024

typedef struct font {
	int num;
	int charset;
	char name[64];
} font;

typedef struct group {
	int font;    /* font number, -1 none */
	int uc;      /* bytes to skip after \u */
	int skip;    /* not document text */
	int fonttbl; /* inside the font table */
} group;

typedef struct rtf {
	const unsigned char *p, *end;
	lt_fmt_text *out;
	const char *path;
	lt_error *err;
	group st[LT_FMT_MAX_DEPTH + 1];
	int depth;
	font fonts[MAX_FONTS];
	int nfonts;
	int codepage;     /* 1252 or 1258 */
	int pending_skip; /* \u fallback bytes still to skip */
	lt_buf run;       /* text of the current run, UTF-8 (Windows reading) */
	lt_vnenc run_enc; /* encoding of the run's font */
	int run_upper;
	font *cur_font; /* font being read in the font table */
	lt_buf font_name;
} rtf;

static int end_font_entry(rtf *r);

static const font *find_font(const rtf *r, int num)
{
	for (int i = 0; i < r->nfonts; i++)
		if (r->fonts[i].num == num)
			return &r->fonts[i];
	return NULL;
}

static int flush(rtf *r)
{
	int rc = LT_OK;

	if (r->run.len)
		rc = lt_fmt_put_run(r->out, r->run.data, r->run.len, r->run_enc, r->run_upper,
		                    r->err);
	lt_buf_reset(&r->run);
	return rc;
}

/* The encoding of the current group's font; a change flushes the run. */
static int set_run_font(rtf *r)
{
	const font *f = find_font(r, r->st[r->depth].font);
	int upper = 0;
	lt_vnenc enc = f ? lt_vnenc_from_font(f->name, &upper) : LT_VNENC_UNICODE;
	int rc = LT_OK;

	if (enc != r->run_enc || upper != r->run_upper) {
		rc = flush(r);
		r->run_enc = enc;
		r->run_upper = upper;
	}
	return rc;
}

static int put_cp(rtf *r, uint32_t cp)
{
	utf8proc_uint8_t u[4];
	utf8proc_ssize_t k;

	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	k = utf8proc_encode_char((utf8proc_int32_t)cp, u);
	if (r->run.len + r->out->text.len > LT_OCR_TEXT_MAX_BYTES)
		return lt_fmt_too_big(r->err, r->path,
		                      LT_TR("văn bản quá lớn", "the text is too large"));
	return lt_buf_append(&r->run, u, (size_t)k) == LT_OK
	           ? LT_OK
	           : lt_error_set(r->err, LT_ENOMEM, "out of memory");
}

/* A byte of text in the document's code page (or, in a legacy-font run,
 * as Windows-1252 showed it). */
static int put_byte(rtf *r, unsigned char b)
{
	const group *g = &r->st[r->depth];
	const font *f;
	int rc;

	if (r->pending_skip > 0) {
		r->pending_skip--;
		return LT_OK;
	}
	if (g->skip)
		return LT_OK;
	if (g->fonttbl) {
		if (b == ';')
			return end_font_entry(r);
		if (!r->cur_font)
			return LT_OK;
		return r->font_name.len < 63
		           ? (lt_buf_putc(&r->font_name, (char)b) == LT_OK
		                  ? LT_OK
		                  : lt_error_set(r->err, LT_ENOMEM, "out of memory"))
		           : LT_OK;
	}
	if ((rc = set_run_font(r)) != LT_OK)
		return rc;
	f = find_font(r, g->font);
	if (r->run_enc == LT_VNENC_UNICODE && (r->codepage == 1258 || (f && f->charset == 163)))
		return put_cp(r, lt_vnenc_cp1258(b));
	return put_cp(r, lt_vnenc_cp1252(b));
}

static int put_text(rtf *r, const char *s)
{
	int rc = LT_OK;

	if (r->st[r->depth].skip || r->st[r->depth].fonttbl)
		return LT_OK;
	if ((rc = set_run_font(r)) != LT_OK)
		return rc;
	for (; *s && rc == LT_OK; s++)
		rc = put_cp(r, (unsigned char)*s);
	return rc;
}

/* Destinations whose content is not the document's text. */
static int ignored_destination(const char *w)
{
	static const char *const names[] = {"colortbl",      "stylesheet",
	                                    "info",          "pict",
	                                    "object",        "fldinst",
	                                    "listtable",     "listoverridetable",
	                                    "revtbl",        "filetbl",
	                                    "themedata",     "datastore",
	                                    "latentstyles",  "xmlnstbl",
	                                    "rsidtbl",       "generator",
	                                    "mmathPr",       "colorschememapping",
	                                    "pgdsctbl",      "bkmkstart",
	                                    "bkmkend",       "atnid",
	                                    "atnauthor",     "annotation",
	                                    "nonshppict",    "private",
	                                    "listtext",      "pntext",
	                                    "pntxta",        "pntxtb",
	                                    "userprops",     "docvar",
	                                    "template",      "operator",
	                                    "author",        "title",
	                                    "subject",       "keywords",
	                                    "comment",       "doccomm",
	                                    "wgrffmtfilter", "passwordhash",
	                                    "protusertbl"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(w, names[i]) == 0)
			return 1;
	return 0;
}

static int control_word(rtf *r, const char *w, int has_param, long param, int star)
{
	group *g = &r->st[r->depth];

	if (star && !ignored_destination(w) && strcmp(w, "ud") != 0 && strcmp(w, "upr") != 0) {
		/* \*\word: a destination the reader may ignore */
		g->skip = 1;
		return LT_OK;
	}
	if (strcmp(w, "fonttbl") == 0) {
		g->fonttbl = 1;
		return LT_OK;
	}
	if (ignored_destination(w)) {
		g->skip = 1;
		return LT_OK;
	}
	if (g->fonttbl) {
		if (strcmp(w, "f") == 0 && has_param && r->nfonts < MAX_FONTS) {
			font *f = &r->fonts[r->nfonts++];
			memset(f, 0, sizeof(*f));
			f->num = (int)param;
			r->cur_font = f;
			lt_buf_reset(&r->font_name);
		} else if (strcmp(w, "fcharset") == 0 && r->cur_font) {
			r->cur_font->charset = (int)param;
		}
		return LT_OK;
	}
	if (strcmp(w, "ansicpg") == 0) {
		r->codepage = param == 1258 ? 1258 : 1252;
	} else if (strcmp(w, "f") == 0 && has_param) {
		g->font = (int)param;
	} else if (strcmp(w, "uc") == 0 && has_param) {
		g->uc = param < 0 ? 0 : param > 8 ? 8 : (int)param;
	} else if (strcmp(w, "u") == 0 && has_param) {
		int rc = LT_OK;
		long cp = param < 0 ? param + 65536 : param;
		if (!g->skip) {
			rc = set_run_font(r);
			if (rc == LT_OK)
				rc = put_cp(r, (uint32_t)cp);
		}
		r->pending_skip = g->uc;
		return rc;
	} else if (strcmp(w, "par") == 0 || strcmp(w, "line") == 0 || strcmp(w, "sect") == 0 ||
	           strcmp(w, "page") == 0 || strcmp(w, "row") == 0) {
		return put_text(r, "\n");
	} else if (strcmp(w, "tab") == 0 || strcmp(w, "cell") == 0) {
		return put_text(r, "\t");
	} else if (strcmp(w, "emdash") == 0) {
		return put_text(r, "\xE2\x80\x94");
	} else if (strcmp(w, "endash") == 0) {
		return put_text(r, "\xE2\x80\x93");
	} else if (strcmp(w, "lquote") == 0) {
		return put_text(r, "\xE2\x80\x98");
	} else if (strcmp(w, "rquote") == 0) {
		return put_text(r, "\xE2\x80\x99");
	} else if (strcmp(w, "ldblquote") == 0) {
		return put_text(r, "\xE2\x80\x9C");
	} else if (strcmp(w, "rdblquote") == 0) {
		return put_text(r, "\xE2\x80\x9D");
	} else if (strcmp(w, "bullet") == 0) {
		return put_text(r, "\xE2\x80\xA2");
	} else if (strcmp(w, "bin") == 0 && has_param) {
		/* binary data: skipped whole */
		if (param < 0 || param > r->end - r->p)
			return lt_fmt_corrupt(
			    r->err, r->path, "RTF",
			    LT_TR("dữ liệu \\bin vượt quá tệp", "\\bin past the end"));
		r->p += param;
	}
	return LT_OK;
}

static int end_font_entry(rtf *r)
{
	if (r->cur_font) {
		size_t n = r->font_name.len;
		const char *s = r->font_name.data ? r->font_name.data : "";
		while (n && s[n - 1] == ' ')
			n--;
		while (n && *s == ' ')
			s++, n--;
		snprintf(r->cur_font->name, sizeof(r->cur_font->name), "%.*s", (int)n, s);
	}
	r->cur_font = NULL;
	lt_buf_reset(&r->font_name);
	return LT_OK;
}

static int parse(rtf *r)
{
	int rc = LT_OK, star = 0;

	r->st[0] = (group){-1, 1, 0, 0};
	while (r->p < r->end && rc == LT_OK) {
		unsigned char c = *r->p++;

		if (c == '{') {
			if (r->depth >= LT_FMT_MAX_DEPTH)
				return lt_fmt_corrupt(
				    r->err, r->path, "RTF",
				    LT_TR("lồng nhóm quá sâu", "groups nested too deeply"));
			r->st[r->depth + 1] = r->st[r->depth];
			r->depth++;
			star = 0;
		} else if (c == '}') {
			if (r->st[r->depth].fonttbl && !r->st[r->depth].skip)
				end_font_entry(r);
			if (r->depth == 0)
				break; /* the document's closing brace */
			r->depth--;
			if ((rc = set_run_font(r)) != LT_OK)
				return rc;
			star = 0;
		} else if (c == '\\') {
			char word[33];
			size_t n = 0;
			int has_param = 0, neg = 0;
			long param = 0;

			if (r->p >= r->end)
				break;
			c = *r->p;
			if (isalpha(c)) {
				while (r->p < r->end && isalpha(*r->p) && n < sizeof(word) - 1)
					word[n++] = (char)*r->p++;
				word[n] = '\0';
				while (r->p < r->end && isalpha(*r->p))
					r->p++; /* an over-long word: the rest ignored */
				if (r->p < r->end && *r->p == '-') {
					neg = 1;
					r->p++;
				}
				while (r->p < r->end && isdigit(*r->p)) {
					has_param = 1;
					if (param < 100000000)
						param = param * 10 + (*r->p - '0');
					r->p++;
				}
				if (neg)
					param = -param;
				if (r->p < r->end && *r->p == ' ')
					r->p++;
				if (r->pending_skip > 0 && strcmp(word, "u") != 0 &&
				    strcmp(word, "par") != 0) {
					r->pending_skip--; /* a control word counts as one
					                    * fallback character */
					continue;
				}
				rc = control_word(r, word, has_param, param, star);
				star = 0;
			} else if (c == '\'') {
				int hi, lo;
				r->p++;
				if (r->end - r->p < 2)
					break;
				hi = isxdigit(r->p[0])
				         ? (isdigit(r->p[0]) ? r->p[0] - '0'
				                             : (tolower(r->p[0]) - 'a' + 10))
				         : -1;
				lo = isxdigit(r->p[1])
				         ? (isdigit(r->p[1]) ? r->p[1] - '0'
				                             : (tolower(r->p[1]) - 'a' + 10))
				         : -1;
				r->p += 2;
				if (hi >= 0 && lo >= 0)
					rc = put_byte(r, (unsigned char)(hi * 16 + lo));
			} else {
				r->p++;
				if (c == '*')
					star = 1;
				else if (c == '\\' || c == '{' || c == '}')
					rc = put_byte(r, c);
				else if (c == '~')
					rc = put_text(r, "\xC2\xA0");
				else if (c == '_')
					rc = put_text(r, "-");
				else if (c == '\n' || c == '\r')
					rc = put_text(r, "\n");
			}
		} else if (c == '\r' || c == '\n') {
			continue; /* line ends in RTF source are not text */
		} else {
			rc = put_byte(r, c);
		}
	}
	if (rc == LT_OK)
		rc = flush(r);
	return rc;
}

int lt_fmt_rtf_mem(lt_fmt_text *out, const char *data, size_t len, const char *path, lt_error *err)
{
	rtf *r = calloc(1, sizeof(*r));
	int rc;

	if (!r)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	r->p = (const unsigned char *)data;
	r->end = r->p + len;
	r->out = out;
	r->path = path;
	r->err = err;
	r->codepage = 1252;
	r->run = (lt_buf)LT_BUF_INIT;
	r->font_name = (lt_buf)LT_BUF_INIT;
	if (len < 5 || memcmp(data, "{\\rtf", 5) != 0) {
		/* a byte order mark or white space before it */
		while (r->p < r->end && (isspace(*r->p) || *r->p >= 0x80))
			r->p++;
		if (r->end - r->p < 5 || memcmp(r->p, "{\\rtf", 5) != 0) {
			free(r);
			return lt_fmt_corrupt(
			    err, path, "RTF",
			    LT_TR("không bắt đầu bằng {\\rtf", "does not start with {\\rtf"));
		}
	}
	r->p++; /* the document group's brace */
	rc = parse(r);
	lt_buf_free(&r->run);
	lt_buf_free(&r->font_name);
	free(r);
	return rc;
}

int lt_fmt_rtf(lt_fmt_text *out, const char *path, const lt_fmt_limits *lim, lt_error *err)
{
	lt_buf raw = LT_BUF_INIT;
	uint64_t max = lim->max_bytes;
	int rc = lt_fs_read_file(&raw, path, max, err);

	if (rc == LT_OK)
		rc = lt_fmt_rtf_mem(out, raw.data ? raw.data : "", raw.len, path, err);
	lt_buf_free(&raw);
	return rc;
}
