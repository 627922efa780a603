/*
 * ocr/formats/detect.c — which of this module's types a file is, by its
 * content (formats.h, promise 1).
 *
 *   "PK\3\4"            a zip: DOCX, XLSX, PPTX by their main part, ODT,
 *                       ODS by the mimetype entry; any other zip is not
 *                       a document (unknown)
 *   D0 CF 11 E0 ...     OLE2: DOC (WordDocument), XLS (Workbook, Book),
 *                       an encrypted OOXML package (EncryptedPackage)
 *   "{\rtf"             RTF
 *   header lines        an e-mail: its first lines are RFC 5322 header
 *                       fields, among them From and one of Date,
 *                       Message-ID, MIME-Version, Received, Subject
 *   other 8-bit text    TCVN3 or VNI when it reads as Vietnamese in one
 *                       (core/vnenc)
 */
#include "ocr/formats/internal.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Bytes read to tell legacy text from binary. */
#define LEGACY_SNIFF_BYTES (256u * 1024)
/* Bytes read to find the end of an e-mail's header. */
#define EMAIL_SNIFF_BYTES (64u * 1024)

/* Whether the head of a file is a block of e-mail header fields. */
static int looks_like_email(const unsigned char *p, size_t n)
{
	size_t i = 0, fields = 0;
	int from = 0, other = 0;

	while (i < n) {
		size_t start = i, colon = 0;
		while (i < n && p[i] != '\n')
			i++;
		if (i >= n)
			break; /* a header line cut by the sniff window: judge what came */
		{
			size_t end = i > start && p[i - 1] == '\r' ? i - 1 : i;
			i++;
			if (end == start)
				break; /* the blank line that ends the header */
			if (p[start] == ' ' || p[start] == '\t') {
				if (fields == 0)
					return 0;
				continue; /* a folded continuation */
			}
			for (size_t k = start; k < end; k++) {
				if (p[k] == ':') {
					colon = k;
					break;
				}
				/* field names: printable ASCII, no space */
				if (p[k] <= ' ' || p[k] >= 0x7F)
					return 0;
			}
			if (colon == 0 || colon == start)
				return 0;
			fields++;
			if (colon - start == 4 &&
			    strncasecmp((const char *)p + start, "From", 4) == 0)
				from = 1;
			else if ((colon - start == 4 &&
			          strncasecmp((const char *)p + start, "Date", 4) == 0) ||
			         (colon - start == 10 &&
			          strncasecmp((const char *)p + start, "Message-ID", 10) == 0) ||
			         (colon - start == 12 &&
			          strncasecmp((const char *)p + start, "MIME-Version", 12) == 0) ||
			         (colon - start == 8 &&
			          strncasecmp((const char *)p + start, "Received", 8) == 0) ||
			         (colon - start == 7 &&
			          strncasecmp((const char *)p + start, "Subject", 7) == 0))
				other = 1;
		}
	}
	return fields >= 2 && from && other;
}

/* The first max bytes of the file at path into b. */
static int read_head(lt_buf *b, const char *path, size_t max, lt_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return lt_error_set(err, LT_EIO,
		                    LT_TR("không mở được tệp %s: %s", "cannot open file %s: %s"),
		                    path, strerror(errno));
	if (lt_buf_grow(b, max) != LT_OK) {
		close(fd);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	for (;;) {
		ssize_t r = read(fd, b->data + b->len, max - b->len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		b->len += (size_t)r;
		if (b->len >= max)
			break;
	}
	close(fd);
	return LT_OK;
}

/* 8-bit text in TCVN3 or VNI: no NUL, few control bytes, and it reads as
 * Vietnamese in one of them. */
static int sniff_legacy(lt_media_type *type, const char *path, lt_error *err)
{
	lt_buf b = LT_BUF_INIT;
	size_t controls = 0;
	lt_vnenc enc;
	int rc = read_head(&b, path, LEGACY_SNIFF_BYTES, err);

	if (rc != LT_OK) {
		lt_buf_free(&b);
		return rc;
	}
	for (size_t i = 0; i < b.len; i++) {
		unsigned char c = (unsigned char)b.data[i];
		if (c == 0) {
			controls = b.len;
			break;
		}
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
			controls++;
	}
	if (b.len && controls * 100 <= b.len) {
		enc = lt_vnenc_detect(b.data, b.len);
		if (enc == LT_VNENC_TCVN3)
			*type = LT_MEDIA_TEXT_TCVN3;
		else if (enc == LT_VNENC_VNI)
			*type = LT_MEDIA_TEXT_VNI;
	}
	lt_buf_free(&b);
	return LT_OK;
}

int lt_fmt_sniff(lt_media_type *type, const char *path, const unsigned char *head, size_t n,
                 int text_ok, lt_error *err)
{
	if (n >= 4 && memcmp(head, "PK\x03\x04", 4) == 0) {
		lt_media_type t = lt_fmt_zip_classify(path);
		if (t != LT_MEDIA_UNKNOWN)
			*type = t;
		return LT_OK;
	}
	if (n >= 8 && memcmp(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
		lt_media_type t = lt_fmt_cfb_classify(path);
		if (t != LT_MEDIA_UNKNOWN)
			*type = t;
		return LT_OK;
	}
	{
		size_t i = 0;
		/* A byte order mark or white space may come before "{\rtf". */
		if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
			i = 3;
		while (i < n && isspace(head[i]))
			i++;
		if (n - i >= 5 && memcmp(head + i, "{\\rtf", 5) == 0) {
			*type = LT_MEDIA_RTF;
			return LT_OK;
		}
	}
	/* An e-mail's header may run past the head media.c read (Received
	 * chains): read up to 64 KiB when its first line is a header field. */
	if (n > 0 && memchr(head, ':', n < 80 ? n : 80)) {
		lt_buf b = LT_BUF_INIT;
		int rc = read_head(&b, path, EMAIL_SNIFF_BYTES, err), mail;
		mail = rc == LT_OK && looks_like_email((const unsigned char *)b.data, b.len);
		lt_buf_free(&b);
		if (rc != LT_OK)
			return rc;
		if (mail) {
			*type = LT_MEDIA_EML;
			return LT_OK;
		}
	}
	if (!text_ok && *type == LT_MEDIA_UNKNOWN && n > 0)
		return sniff_legacy(type, path, err);
	return LT_OK;
}
