/*
 * ocr/spdf.c — the searchable PDF: every recognised page as the image
 * Tesseract read, with its words drawn over it in invisible text (render
 * mode 3), so that a viewer shows the scan and finds, selects and copies
 * the recognised text, and pdftotext reads it back.
 *
 * The layout is the one Tesseract's own PDF renderer writes: one image
 * XObject per page scaled to the page, and a Type0 font with Identity-H
 * encoding over tessdata's pdf.ttf (one blank glyph, every CID mapped to
 * it), whose CIDs are the text's UTF-16 code units and whose ToUnicode map
 * is the identity. Each word is placed on its line's baseline and stretched
 * (Tz) to its width on the image, so that selection follows the words;
 * spaces are the gaps between words, as readers (pdftotext) find them: a
 * space character stretched over the gap would also bridge the gutter
 * between the two blocks of a letter's header, which are then read row by
 * row.
 *
 * Why not Tesseract's renderer (docs/ocr.md, "Searchable PDF"): it walks
 * Tesseract's result iterator once more per page (50-60 ms a page, a third
 * of luutru's overhead over recognition), and writes one file per page,
 * which pdfunite (a child process, 0.1-0.15 s a document) had to join. Here
 * each worker writes its page's part — the image encoded (JPEG for grey
 * and colour, Flate for 1-bit), the content stream compressed — from the
 * words the engine already read (layout.c), and lt_ocr_spdf_join writes the
 * document from the parts in page order, copying their bytes.
 *
 * A part file is luutru's own, in the engine's private temporary
 * directory: a header line "LTSPDF1 width height dpi kind image_bytes
 * content_bytes", then the encoded image, then the compressed content.
 */
#include "ocr/internal.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <leptonica/allheaders.h>
#include <utf8proc.h>

#include "core/fs.h"
#include "core/text.h"

#define PART_MAGIC "LTSPDF1"
/* JPEG quality of grey and colour page images (Tesseract's default). */
#define JPEG_QUALITY 85
/* Width of the font's one glyph, in thousandths of the font size. */
#define GLYPH_WIDTH 500
/* Objects before the pages': catalog, pages, the font's five, info. */
enum {
	OBJ_CATALOG = 1,
	OBJ_PAGES,
	OBJ_FONT,
	OBJ_CIDFONT,
	OBJ_TOUNICODE,
	OBJ_CIDTOGID,
	OBJ_DESCRIPTOR,
	OBJ_FONTFILE,
	OBJ_INFO,
	OBJ_FIRST_PAGE
};
/* Page image kinds in a part. */
#define KIND_GREY 'g' /* JPEG, one component */
#define KIND_RGB  'c' /* JPEG, three components */
#define KIND_BI   'b' /* 1 bit per pixel, Flate, 1 = black */

/* A number as PDF writes it: at most two decimals, never an exponent, a
 * '.' whatever the locale. */
static void put_num(lt_buf *b, double v)
{
	long c = lround(v * 100.0);

	if (c < 0) {
		lt_buf_putc(b, '-');
		c = -c;
	}
	if (c % 100 == 0)
		lt_buf_printf(b, "%ld", c / 100);
	else if (c % 10 == 0)
		lt_buf_printf(b, "%ld.%ld", c / 100, c % 100 / 10);
	else
		lt_buf_printf(b, "%ld.%02ld", c / 100, c % 100);
}

/* The word's text as CIDs (UTF-16 code units, hex) into hex; the number of
 * code units. Characters outside the Basic Multilingual Plane (none in
 * Vietnamese) become U+FFFD: a CID is one code unit; controls are left out. */
static size_t put_word_hex(lt_buf *hex, const char *text)
{
	lt_buf nfc = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;
	const char *s = text;
	size_t len = strlen(text), units = 0;

	if (lt_text_nfc(&nfc, text, len, &err) == LT_OK) {
		s = nfc.data;
		len = nfc.len;
	}
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp = 0;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0) {
			n = 1;
			cp = 0xFFFD;
		}
		i += (size_t)n;
		if (cp < 0x20 || cp == 0x7F)
			continue;
		if (cp > 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			cp = 0xFFFD;
		lt_buf_printf(hex, "%04X", (unsigned)cp);
		units++;
	}
	lt_buf_free(&nfc);
	return units;
}

/* Height of line ln's baseline at x, in pixels from the top. */
static double baseline_at(const lt_ocr_line *ln, int x)
{
	if (ln->has_base && ln->base_x2 != ln->base_x1)
		return ln->base_y1 + (double)(ln->base_y2 - ln->base_y1) * (x - ln->base_x1) /
		                         (double)(ln->base_x2 - ln->base_x1);
	return ln->bottom;
}

/* The page's content stream: the image over the whole page, then each line's
 * words in invisible text. */
static void page_content(lt_buf *c, int w, int h, int dpi, const lt_ocr_words *pw)
{
	double s = 72.0 / dpi, height = h * s;
	lt_buf hex = LT_BUF_INIT;

	lt_buf_puts(c, "q\n");
	put_num(c, w * s);
	lt_buf_puts(c, " 0 0 ");
	put_num(c, height);
	lt_buf_puts(c, " 0 0 cm\n/Im0 Do\nQ\n");
	if (pw->nw == 0) {
		lt_buf_free(&hex);
		return;
	}
	lt_buf_puts(c, "BT\n3 Tr\n");
	for (size_t i = 0; i < pw->nl; i++) {
		const lt_ocr_line *ln = &pw->l[i];
		/* The line's height in whole points: readers (pdftotext) keep
		 * words of one size in one block, and lines of one paragraph
		 * differ by a pixel or two. */
		double size = floor((ln->height > 0 ? ln->height : 1) * s + 0.5);
		if (size < 1)
			size = 1;

		lt_buf_puts(c, "/F0 ");
		put_num(c, size);
		lt_buf_puts(c, " Tf\n");
		for (size_t k = 0; k < ln->n; k++) {
			const lt_ocr_word *wd = &pw->w[ln->first + k];
			int right = wd->right, width;
			size_t units;

			/* A word box can reach over the next word (a speck
			 * joined to it): end it a space (a quarter of the line's
			 * height) before the next word, or readers join the two. */
			if (k + 1 < ln->n && pw->w[ln->first + k + 1].left - ln->height / 4 < right)
				right = pw->w[ln->first + k + 1].left - ln->height / 4;
			width = right > wd->left ? right - wd->left : 1;

			lt_buf_reset(&hex);
			units = put_word_hex(&hex, wd->text);
			if (units == 0)
				continue;
			lt_buf_puts(c, "1 0 0 1 ");
			put_num(c, wd->left * s);
			lt_buf_putc(c, ' ');
			put_num(c, height - baseline_at(ln, wd->left) * s);
			lt_buf_puts(c, " Tm ");
			put_num(c,
			        100.0 * width * s / ((double)units * size * GLYPH_WIDTH / 1000.0));
			lt_buf_printf(c, " Tz <%s> Tj\n", lt_buf_cstr(&hex));
		}
	}
	lt_buf_puts(c, "ET\n");
	lt_buf_free(&hex);
}

/* The page image encoded for the PDF; free *data with lept_free. */
static int encode_image(PIX *pix, l_uint8 **data, size_t *len, int *kind)
{
	int d = pixGetDepth(pix);

	*data = NULL;
	*len = 0;
	if (d == 1) {
		/* Rows packed to whole bytes, most significant bit first. */
		int w = pixGetWidth(pix), h = pixGetHeight(pix), wpl = pixGetWpl(pix);
		size_t row = ((size_t)w + 7) / 8;
		l_uint8 *raw = malloc(row * (size_t)h);
		l_uint32 *px = pixGetData(pix);

		if (!raw)
			return -1;
		for (int y = 0; y < h; y++)
			for (size_t x = 0; x < row; x++)
				raw[(size_t)y * row + x] =
				    (l_uint8)GET_DATA_BYTE(px + (size_t)y * wpl, x);
		*data = zlibCompress(raw, row * (size_t)h, len);
		free(raw);
		*kind = KIND_BI;
	} else if (d == 8 || d == 32) {
		if (pixWriteMemJpeg(data, len, pix, JPEG_QUALITY, 0) != 0)
			*data = NULL;
		*kind = d == 8 ? KIND_GREY : KIND_RGB;
	}
	return *data && *len ? 0 : -1;
}

int lt_ocr_spdf_page(const char *part_path, PIX *pix, int dpi, const lt_ocr_words *pw,
                     lt_error *err)
{
	lt_buf content = LT_BUF_INIT;
	l_uint8 *img = NULL, *zc = NULL;
	size_t img_len = 0, zc_len = 0;
	int kind = 0, ok;
	FILE *f = NULL;

	if (dpi <= 0)
		dpi = LT_OCR_DEFAULT_DPI;
	page_content(&content, pixGetWidth(pix), pixGetHeight(pix), dpi, pw);
	ok = content.data && encode_image(pix, &img, &img_len, &kind) == 0 &&
	     (zc = zlibCompress((const l_uint8 *)content.data, content.len, &zc_len)) != NULL;
	lt_buf_free(&content);
	if (!ok) {
		lept_free(img);
		lept_free(zc);
		return lt_error_set(
		    err, LT_ENOMEM,
		    LT_TR("không mã hóa được ảnh trang", "cannot encode the page image"));
	}
	errno = 0;
	f = fopen(part_path, "wb");
	ok = f &&
	     fprintf(f, "%s %d %d %d %c %zu %zu\n", PART_MAGIC, pixGetWidth(pix), pixGetHeight(pix),
	             dpi, kind, img_len, zc_len) > 0 &&
	     fwrite(img, 1, img_len, f) == img_len && fwrite(zc, 1, zc_len, f) == zc_len;
	if (f && fclose(f) != 0)
		ok = 0;
	lept_free(img);
	lept_free(zc);
	if (!ok) {
		int e = errno ? errno : EIO;
		unlink(part_path);
		/* a full disk is named as such (core/fs.h) */
		return lt_fs_error(err, LT_TR("không ghi được", "cannot write"), part_path, e);
	}
	return LT_OK;
}

/* ---- the document ------------------------------------------------------ */

typedef struct writer {
	FILE *f;
	unsigned long long off;   /* bytes written */
	unsigned long long *xref; /* offset of each object, by number */
	int failed;
} writer;

static void put(writer *w, const void *p, size_t n)
{
	if (n && fwrite(p, 1, n, w->f) != n)
		w->failed = 1;
	w->off += n;
}

static void putf(writer *w, const char *fmt, ...) LT_PRINTF(2, 3);
static void putf(writer *w, const char *fmt, ...)
{
	lt_buf b = LT_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	if (lt_buf_vprintf(&b, fmt, ap) != 0)
		w->failed = 1;
	va_end(ap);
	put(w, b.data, b.len);
	lt_buf_free(&b);
}

static void obj(writer *w, size_t id)
{
	w->xref[id] = w->off;
	putf(w, "%zu 0 obj\n", id);
}

/* Object id: a stream of data with the dictionary entries extra. */
static void stream(writer *w, size_t id, const char *extra, const void *data, size_t len)
{
	obj(w, id);
	putf(w, "<< %s /Length %zu >>\nstream\n", extra, len);
	put(w, data, len);
	putf(w, "\nendstream\nendobj\n");
}

static void stream_flate(writer *w, size_t id, const void *data, size_t len)
{
	size_t zlen = 0;
	l_uint8 *z = zlibCompress((const l_uint8 *)data, len, &zlen);

	if (!z) {
		w->failed = 1;
		return;
	}
	stream(w, id, "/Filter /FlateDecode", z, zlen);
	lept_free(z);
}

/* The font: Type0 over a CIDFontType2 whose CIDs are UTF-16 code units,
 * every one drawn with glyph 1 of font (the blank glyph of pdf.ttf). */
static void write_font(writer *w, const lt_buf *font)
{
	lt_buf cmap = LT_BUF_INIT;
	unsigned char *gid = malloc(2 * 65536);

	obj(w, OBJ_FONT);
	putf(w,
	     "<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H "
	     "/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>\nendobj\n",
	     OBJ_CIDFONT, OBJ_TOUNICODE);
	obj(w, OBJ_CIDFONT);
	putf(w,
	     "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont /CIDSystemInfo "
	     "<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R "
	     "/DW %d /CIDToGIDMap %d 0 R >>\nendobj\n",
	     OBJ_DESCRIPTOR, GLYPH_WIDTH, OBJ_CIDTOGID);

	/* CID n is Unicode n: 256 ranges of 256 (a range may vary in its last
	 * byte only), at most 100 to a block; surrogates are never written. */
	lt_buf_puts(&cmap, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> "
	                   "def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	                   "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (unsigned hi = 0, done = 0; hi < 256; hi++) {
		if (hi >= 0xD8 && hi <= 0xDF)
			continue;
		if (done % 100 == 0)
			lt_buf_printf(&cmap, "%u beginbfrange\n",
			              248 - done < 100 ? 248 - done : 100);
		lt_buf_printf(&cmap, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi);
		if (++done % 100 == 0 || done == 248)
			lt_buf_puts(&cmap, "endbfrange\n");
	}
	lt_buf_puts(&cmap, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	if (cmap.data)
		stream_flate(w, OBJ_TOUNICODE, cmap.data, cmap.len);
	else
		w->failed = 1;
	lt_buf_free(&cmap);

	if (gid) {
		for (size_t i = 0; i < 65536; i++) {
			gid[2 * i] = 0;
			gid[2 * i + 1] = 1;
		}
		stream_flate(w, OBJ_CIDTOGID, gid, 2 * 65536);
		free(gid);
	} else {
		w->failed = 1;
	}

	obj(w, OBJ_DESCRIPTOR);
	putf(w,
	     "<< /Type /FontDescriptor /FontName /GlyphLessFont /Flags 5 /FontBBox [0 0 %d "
	     "1000] /ItalicAngle 0 /Ascent 1000 /Descent 0 /CapHeight 1000 /StemV 80",
	     GLYPH_WIDTH);
	if (font->len)
		putf(w, " /FontFile2 %d 0 R", OBJ_FONTFILE);
	putf(w, " >>\nendobj\n");
	if (font->len) {
		char extra[64];
		snprintf(extra, sizeof(extra), "/Length1 %zu", font->len);
		stream(w, OBJ_FONTFILE, extra, font->data, font->len);
	} else {
		obj(w, OBJ_FONTFILE);
		putf(w, "null\nendobj\n");
	}
}

/* Copy len bytes of in into a stream object's data. */
static void copy(writer *w, FILE *in, size_t len)
{
	char buf[65536];

	while (len > 0 && !w->failed) {
		size_t n = fread(buf, 1, len < sizeof(buf) ? len : sizeof(buf), in);
		if (n == 0) {
			w->failed = 1;
			break;
		}
		put(w, buf, n);
		len -= n;
	}
}

/* Page k (0-based) from its part: image, content and page objects. */
static int write_page(writer *w, size_t k, const char *part)
{
	size_t page = OBJ_FIRST_PAGE + 3 * k, content = page + 1, image = page + 2;
	size_t img_len = 0, content_len = 0;
	int width = 0, height = 0, dpi = 0;
	char kind = 0, magic[16];
	FILE *in = fopen(part, "rb");
	lt_buf b = LT_BUF_INIT;
	double s;

	if (!in)
		return -1;
	if (fscanf(in, "%15s %d %d %d %c %zu %zu", magic, &width, &height, &dpi, &kind, &img_len,
	           &content_len) != 7 ||
	    strcmp(magic, PART_MAGIC) != 0 || fgetc(in) != '\n' || width <= 0 || height <= 0 ||
	    dpi <= 0 || (kind != KIND_GREY && kind != KIND_RGB && kind != KIND_BI)) {
		fclose(in);
		return -1;
	}
	w->xref[image] = w->off;
	putf(w,
	     "%zu 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s "
	     "/BitsPerComponent %d /Filter %s%s /Length %zu >>\nstream\n",
	     image, width, height, kind == KIND_RGB ? "/DeviceRGB" : "/DeviceGray",
	     kind == KIND_BI ? 1 : 8, kind == KIND_BI ? "/FlateDecode" : "/DCTDecode",
	     kind == KIND_BI ? " /Decode [1 0]" : "", img_len);
	copy(w, in, img_len);
	putf(w, "\nendstream\nendobj\n");
	obj(w, content);
	putf(w, "<< /Filter /FlateDecode /Length %zu >>\nstream\n", content_len);
	copy(w, in, content_len);
	putf(w, "\nendstream\nendobj\n");
	fclose(in);

	s = 72.0 / dpi;
	lt_buf_puts(&b, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ");
	put_num(&b, width * s);
	lt_buf_putc(&b, ' ');
	put_num(&b, height * s);
	lt_buf_printf(&b,
	              "] /Contents %zu 0 R /Resources << /XObject << /Im0 %zu 0 R >> /Font << /F0 "
	              "%d 0 R >> >> >>\nendobj\n",
	              content, image, OBJ_FONT);
	obj(w, page);
	if (!b.data)
		w->failed = 1;
	else
		put(w, b.data, b.len);
	lt_buf_free(&b);
	return w->failed ? -1 : 0;
}

int lt_ocr_spdf_join(const char *out_path, const char *const *parts, size_t nparts,
                     const lt_buf *font, lt_error *err)
{
	size_t nobj = OBJ_FIRST_PAGE + 3 * nparts;
	writer w = {NULL, 0, NULL, 0};
	unsigned long long xref_at;

	if (nparts == 0)
		return lt_error_set(err, LT_EINVAL, "lt_ocr_spdf_join: no pages");
	w.xref = calloc(nobj, sizeof(*w.xref));
	if (!w.xref)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	w.f = fopen(out_path, "wb");
	if (!w.f) {
		free(w.xref);
		return lt_error_set(err, LT_EIO, LT_TR("không ghi được %s", "cannot write %s"),
		                    out_path);
	}
	put(&w, "%PDF-1.5\n%\xE2\xE3\xCF\xD3\n", 15);
	obj(&w, OBJ_CATALOG);
	putf(&w, "<< /Type /Catalog /Pages %d 0 R >>\nendobj\n", OBJ_PAGES);
	obj(&w, OBJ_PAGES);
	putf(&w, "<< /Type /Pages /Count %zu /Kids [", nparts);
	for (size_t k = 0; k < nparts; k++)
		putf(&w, "%s%zu 0 R", k ? " " : "", OBJ_FIRST_PAGE + 3 * k);
	putf(&w, "] >>\nendobj\n");
	write_font(&w, font);
	obj(&w, OBJ_INFO);
	putf(&w, "<< /Producer (luutru) >>\nendobj\n");
	for (size_t k = 0; k < nparts && !w.failed; k++)
		if (write_page(&w, k, parts[k]) != 0)
			w.failed = 1;

	xref_at = w.off;
	putf(&w, "xref\n0 %zu\n0000000000 65535 f \n", nobj);
	for (size_t i = 1; i < nobj; i++)
		putf(&w, "%010llu 00000 n \n", w.xref[i]);
	putf(&w, "trailer\n<< /Size %zu /Root %d 0 R /Info %d 0 R >>\nstartxref\n%llu\n%%%%EOF\n",
	     nobj, OBJ_CATALOG, OBJ_INFO, xref_at);
	if (fclose(w.f) != 0)
		w.failed = 1;
	free(w.xref);
	if (w.failed) {
		int e = errno;
		unlink(out_path);
		if (lt_fs_errno_is_full(e))
			return lt_fs_error(err,
			                   LT_TR("không ghi được PDF tìm kiếm được",
			                         "cannot write the searchable PDF"),
			                   out_path, e);
		return lt_error_set(err, LT_EIO,
		                    LT_TR("không ghi được PDF tìm kiếm được %s",
		                          "cannot write the searchable PDF %s"),
		                    out_path);
	}
	return LT_OK;
}
