/*
 * ocr/probe.c — validate a file before anything is stored.
 *
 * Order matters: existence and size first, then the type by content, then
 * image headers. The pixel limit is checked on the header alone, before a
 * single pixel is decoded, so a small file claiming 30000 × 30000 pixels (a
 * decompression bomb) is refused at once. Only then is every page decoded,
 * because a valid header followed by garbage is the usual shape of a
 * damaged scan.
 */
#include "ocr/internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <leptonica/allheaders.h>

#include "ocr/formats/formats.h"

static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;

static void quiet_now(void)
{
	setMsgSeverity(L_SEVERITY_NONE);
}

void lt_ocr_quiet_leptonica(void)
{
	pthread_once(&quiet_once, quiet_now);
}

static int corrupt_image(lt_error *err, const char *path, lt_media_type type, int index,
                         int multipage)
{
	if (multipage)
		return lt_error_set(err, LT_ECORRUPT,
		                    LT_TR("không đọc được ảnh %s %s (trang %d): tệp hỏng",
		                          "cannot read %s image %s (page %d): corrupt file"),
		                    lt_media_name(type), path, index + 1);
	return lt_error_set(
	    err, LT_ECORRUPT,
	    LT_TR("không đọc được ảnh %s %s: tệp hỏng", "cannot read %s image %s: corrupt file"),
	    lt_media_name(type), path);
}

/*
 * A PNG is a signature and a chain of chunks (length, type, data, CRC)
 * ending with IEND. libpng reports a file cut short by printing "libpng
 * error: Read Error" on stderr from its default handler, which Leptonica
 * leaves in place: so the chain is walked here first, by its lengths, and
 * a file that ends before IEND is refused with luutru's own message.
 * 1 when the chain is whole.
 */
static int png_chain_whole(const char *path)
{
	unsigned char h[8];
	int whole = 0;
	long size, at = 8;
	FILE *f = fopen(path, "rb");

	if (!f)
		return 0;
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 8)
		goto out;
	while (at + 12 <= size) {
		unsigned long len;
		if (fseek(f, at, SEEK_SET) != 0 || fread(h, 1, 8, f) != 8)
			goto out;
		len = (unsigned long)h[0] << 24 | (unsigned long)h[1] << 16 |
		      (unsigned long)h[2] << 8 | h[3];
		if (len > 0x7fffffffUL || (unsigned long)(size - at - 12) < len)
			goto out;
		if (memcmp(h + 4, "IEND", 4) == 0) {
			whole = 1;
			goto out;
		}
		at += 12 + (long)len;
	}
out:
	fclose(f);
	return whole;
}

/*
 * A JPEG is a chain of marker segments from SOI to EOI; after each SOS the
 * entropy-coded data runs to the next marker (0xFF not followed by 0x00 or
 * a restart marker). libjpeg warns "Premature end of JPEG file" on stderr
 * for a file cut short, and decodes the missing rows as grey: the chain is
 * walked here first, so such a file is refused with luutru's own message.
 * 1 when EOI is reached.
 */
static int jpeg_chain_whole(const char *path)
{
	int c, whole = 0;
	FILE *f = fopen(path, "rb");

	if (!f)
		return 0;
	if (getc(f) != 0xFF || getc(f) != 0xD8)
		goto out;
	for (;;) {
		int marker, hi, lo;
		while ((c = getc(f)) != EOF && c != 0xFF)
			; /* entropy-coded data or fill before a marker */
		if (c == EOF)
			goto out;
		while ((marker = getc(f)) == 0xFF)
			; /* fill bytes */
		if (marker == EOF)
			goto out;
		if (marker == 0x00 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01)
			continue; /* a stuffed 0xFF, a restart or TEM: no length */
		if (marker == 0xD9) {
			whole = 1;
			goto out;
		}
		if ((hi = getc(f)) == EOF || (lo = getc(f)) == EOF || (hi << 8 | lo) < 2 ||
		    fseek(f, (long)(hi << 8 | lo) - 2, SEEK_CUR) != 0)
			goto out;
	}
out:
	fclose(f);
	return whole;
}

int lt_ocr_image_load(struct Pix **out, const char *path, lt_media_type type, int index,
                      const lt_ocr_limits *limits, lt_error *err)
{
	l_int32 w = 0, h = 0, bps = 0, spp = 0, res = 0, cmap = 0, format = 0;
	int multipage = type == LT_MEDIA_TIFF && index > 0;
	l_ok bad;
	PIX *pix;

	*out = NULL;
	lt_ocr_quiet_leptonica();
	if (type == LT_MEDIA_TIFF)
		bad = readHeaderTiff(path, index, &w, &h, &bps, &spp, &res, &cmap, &format);
	else
		bad = pixReadHeader(path, &format, &w, &h, &bps, &spp, &cmap);
	if (bad || w <= 0 || h <= 0)
		return corrupt_image(err, path, type, index, multipage);
	if ((uint64_t)w * (uint64_t)h > limits->max_pixels)
		return lt_error_set(
		    err, LT_ELIMIT,
		    LT_TR("ảnh %s quá lớn: %d × %d điểm ảnh, vượt giới hạn %llu",
		          "image %s is too large: %d × %d pixels, over the limit of "
		          "%llu"),
		    path, w, h, (unsigned long long)limits->max_pixels);

	if ((type == LT_MEDIA_PNG && !png_chain_whole(path)) ||
	    (type == LT_MEDIA_JPEG && !jpeg_chain_whole(path)))
		return corrupt_image(err, path, type, index, multipage);
	pix = type == LT_MEDIA_TIFF ? pixReadTiff(path, index) : pixRead(path);
	if (!pix)
		return corrupt_image(err, path, type, index, multipage);
	if (pixGetWidth(pix) != w || pixGetHeight(pix) != h) {
		pixDestroy(&pix);
		return corrupt_image(err, path, type, index, multipage);
	}
	*out = pix;
	return LT_OK;
}

/*
 * The pages of a TIFF are a chain of directories (IFDs), each naming the
 * offset of the next. libtiff counts the directories it can read and stops
 * quietly at the first it cannot: a two-page TIFF whose second directory
 * is damaged counted as one page, and was ingested as one. So the chain is
 * walked here too, by its offsets: every directory must lie inside the
 * file, and there must be as many as libtiff reads. Returns the number of
 * directories the chain links (stopping after `max` + 1), or -(k + 1) when
 * the link to directory k (0-based) points outside the file.
 */
static int tiff_chain_length(FILE *f, int max)
{
	unsigned char h[16];
	long size;
	int le, big, count = 0;
	unsigned long long off;

	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 8 || fseek(f, 0, SEEK_SET) != 0 ||
	    fread(h, 1, 16 > size ? (size_t)size : 16, f) < 8)
		return -1;
	le = h[0] == 'I';
#define RD16(p) (le ? (unsigned)((p)[0] | (p)[1] << 8) : (unsigned)((p)[0] << 8 | (p)[1]))
#define RD32(p)                                                                                    \
	(le ? ((unsigned long long)(p)[0] | (unsigned long long)(p)[1] << 8 |                      \
	       (unsigned long long)(p)[2] << 16 | (unsigned long long)(p)[3] << 24)                \
	    : ((unsigned long long)(p)[3] | (unsigned long long)(p)[2] << 8 |                      \
	       (unsigned long long)(p)[1] << 16 | (unsigned long long)(p)[0] << 24))
#define RD64(p) (le ? RD32(p) | RD32((p) + 4) << 32 : RD32(p) << 32 | RD32((p) + 4))
	/* BigTIFF (43): 8-byte offsets and entry counts. */
	big = RD16(h + 2) == 43;
	off = big ? RD64(h + 8) : RD32(h + 4);
	while (off != 0 && count <= max) {
		unsigned char b[8];
		unsigned long long n, entry = big ? 20 : 12, head = big ? 8 : 2, link = big ? 8 : 4;

		if (off < 8 || off + head > (unsigned long long)size ||
		    fseek(f, (long)off, SEEK_SET) != 0 || fread(b, 1, (size_t)head, f) != head)
			return -(count + 1);
		n = big ? RD64(b) : RD16(b);
		if (n == 0 || off + head + n * entry + link > (unsigned long long)size ||
		    fseek(f, (long)(off + head + n * entry), SEEK_SET) != 0 ||
		    fread(b, 1, (size_t)link, f) != link)
			return -(count + 1);
		count++;
		off = big ? RD64(b) : RD32(b);
	}
#undef RD16
#undef RD32
#undef RD64
	return count;
}

static int probe_tiff_count(int *pages, const char *path, int max_pages, lt_error *err)
{
	FILE *f = fopen(path, "rb");
	l_int32 n = 0;
	l_ok bad;
	int chain;

	if (!f)
		return lt_error_set(err, LT_EIO,
		                    LT_TR("không mở được tệp %s: %s", "cannot open file %s: %s"),
		                    path, strerror(errno));
	bad = tiffGetCount(f, &n);
	chain = tiff_chain_length(f, max_pages);
	fclose(f);
	if (bad || n <= 0)
		return corrupt_image(err, path, LT_MEDIA_TIFF, 0, 0);
	if (chain < 0 || chain > n) {
		/* Page n + 1 (or the one the broken link leads to) is there but
		 * cannot be read: refuse the file rather than lose the page. */
		int lost = chain < 0 ? -chain : n + 1;
		if (lost <= n)
			lost = n + 1;
		return lt_error_set(
		    err, LT_ECORRUPT,
		    LT_TR("không đọc được ảnh TIFF %s: đọc được %d trang, trang %d "
		          "hỏng (thư mục trang không đọc được); tệp không được nhận "
		          "để không mất trang",
		          "cannot read TIFF image %s: %d page(s) read, page %d is "
		          "corrupt (its directory cannot be read); the file is "
		          "refused so that no page is lost"),
		    path, (int)n, lost);
	}
	*pages = n;
	return LT_OK;
}

static int too_many_pages(lt_error *err, const char *path, int pages, int max)
{
	return lt_error_set(err, LT_ELIMIT,
	                    LT_TR("tệp %s có %d trang, vượt giới hạn %d trang",
	                          "file %s has %d pages, over the limit of %d pages"),
	                    path, pages, max);
}

static int probe_image(lt_ocr_probe_info *info, const char *path, const lt_ocr_limits *limits,
                       lt_ocr_probe_keep *keep, lt_error *err)
{
	size_t kept_bytes = 0;
	int rc;

	info->pages = 1;
	lt_ocr_quiet_leptonica();
	if (info->type == LT_MEDIA_TIFF) {
		rc = probe_tiff_count(&info->pages, path, limits->max_pages, err);
		if (rc != LT_OK)
			return rc;
		if (info->pages > limits->max_pages)
			return too_many_pages(err, path, info->pages, limits->max_pages);
	}
	if (keep && keep->budget &&
	    !(keep->pages = calloc((size_t)info->pages, sizeof(*keep->pages))))
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	for (int i = 0; i < info->pages; i++) {
		PIX *pix;
		size_t bytes;

		rc = lt_ocr_image_load(&pix, path, info->type, i, limits, err);
		if (rc != LT_OK)
			return rc;
		if (i == 0) {
			info->width = pixGetWidth(pix);
			info->height = pixGetHeight(pix);
			info->dpi = pixGetXRes(pix) > 0 ? pixGetXRes(pix) : 0;
		}
		bytes = (size_t)pixGetWpl(pix) * 4 * (size_t)pixGetHeight(pix);
		if (keep && keep->pages && kept_bytes + bytes <= keep->budget) {
			keep->pages[i] = pix;
			kept_bytes += bytes;
		} else {
			pixDestroy(&pix);
		}
	}
	return LT_OK;
}

void lt_ocr_probe_keep_free(lt_ocr_probe_keep *keep)
{
	if (keep->pages)
		for (size_t i = 0; i < keep->npages; i++)
			pixDestroy(&keep->pages[i]);
	free(keep->pages);
	keep->pages = NULL;
	keep->npages = 0;
	lt_ocr_pdf_info_free(&keep->pdf);
}

int lt_ocr_probe_ex(lt_ocr_probe_info *out, const char *path, const lt_ocr_limits *limits,
                    lt_ocr_probe_keep *keep, lt_error *err)
{
	lt_ocr_limits defaults = LT_OCR_LIMITS_INIT;
	lt_ocr_probe_info info = {LT_MEDIA_UNKNOWN, 0, 0, 0, 0};
	lt_ocr_pdf_info pdf = LT_OCR_PDF_INFO_INIT;
	struct stat st;
	int rc;

	if (!limits)
		limits = &defaults;
	if (out)
		*out = info;
	if (stat(path, &st) != 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return lt_error_set(err, LT_ENOTFOUND,
			                    LT_TR("không tìm thấy tệp %s", "file %s not found"),
			                    path);
		return lt_error_set(err, LT_EIO,
		                    LT_TR("không đọc được tệp %s: %s", "cannot read file %s: %s"),
		                    path, strerror(errno));
	}
	if (!S_ISREG(st.st_mode))
		return lt_error_set(
		    err, LT_EINVAL,
		    LT_TR("%s không phải là tệp thông thường", "%s is not a regular file"), path);
	if (st.st_size == 0)
		return lt_error_set(
		    err, LT_EINVAL,
		    LT_TR("không nhận được tệp %s: tệp rỗng", "cannot accept file %s: empty file"),
		    path);

	rc = lt_ocr_media_detect(&info.type, path, err);
	if (rc != LT_OK)
		return rc;

	switch (info.type) {
	case LT_MEDIA_UNKNOWN:
		return lt_error_set(
		    err, LT_EUNSUPPORTED,
		    LT_TR("định dạng của tệp %s không được hỗ trợ (chỉ nhận PNG, "
		          "JPEG, TIFF, PDF, văn bản UTF-8, TCVN3 hoặc VNI, DOCX, "
		          "XLSX, PPTX, ODT, ODS, RTF, DOC, XLS và thư điện tử .eml)",
		          "file %s has an unsupported format (accepted: PNG, JPEG, "
		          "TIFF, PDF, UTF-8, TCVN3 or VNI text, DOCX, XLSX, PPTX, ODT, "
		          "ODS, RTF, DOC, XLS and .eml e-mail)"),
		    path);
	case LT_MEDIA_TEXT:
		if ((uint64_t)st.st_size > LT_OCR_TEXT_MAX_BYTES)
			return lt_error_set(err, LT_ELIMIT,
			                    LT_TR("tệp văn bản %s quá lớn (giới hạn %u MiB)",
			                          "text file %s is too large (limit %u MiB)"),
			                    path, LT_OCR_TEXT_MAX_BYTES / (1024 * 1024));
		info.pages = 1;
		break;
	case LT_MEDIA_PDF:
		rc = lt_ocr_pdf_info_read(keep ? &keep->pdf : &pdf, path, keep != NULL, err);
		if (rc != LT_OK)
			return rc;
		info.pages = keep ? keep->pdf.pages : pdf.pages;
		lt_ocr_pdf_info_free(&pdf);
		if (info.pages > limits->max_pages)
			return too_many_pages(err, path, info.pages, limits->max_pages);
		break;
	case LT_MEDIA_PNG:
	case LT_MEDIA_JPEG:
	case LT_MEDIA_TIFF:
		rc = probe_image(&info, path, limits, keep, err);
		if (keep && keep->pages)
			keep->npages = (size_t)info.pages;
		if (rc != LT_OK)
			return rc;
		break;
	default:
		/* Office files, e-mail, legacy text: read whole (ocr/formats/). */
		if ((rc = lt_fmt_probe(path, info.type, err)) != LT_OK)
			return rc;
		info.pages = 1;
		break;
	}
	if (out)
		*out = info;
	return LT_OK;
}

int lt_ocr_probe(lt_ocr_probe_info *out, const char *path, const lt_ocr_limits *limits,
                 lt_error *err)
{
	return lt_ocr_probe_ex(out, path, limits, NULL, err);
}
