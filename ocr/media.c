/*
 * ocr/media.c — media types, content sniffing, and name against content.
 *
 * The type of a file is decided by its bytes: magic numbers come first; a
 * file matching none of them is text only when the whole of it is valid
 * UTF-8 without NUL bytes, so binary garbage is never taken for text.
 *
 * The name is then checked against it (lt_ocr_check_name): a text file
 * renamed .pdf or .png, six bytes "GIF89a" named x.gif, a TIFF named
 * scan.pdf are refused with a message saying what the file really is.
 * Registering such a file under its name would file it as what it is not
 * (a "PDF" that no reader opens, a scan that is text); the person who
 * has it can rename or re-export it. A name without an extension, or with
 * one luutru does not know, says nothing and is not checked.
 */
#include "ocr/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "core/fs.h"
#include "core/text.h"

/* Acrobat accepts the PDF header anywhere in the first 1024 bytes. */
#define PDF_HEADER_WINDOW 1024

static const struct {
	lt_media_type type;
	const char *mime;
	const char *name;
} media_table[] = {
    {LT_MEDIA_PNG, "image/png", "PNG"},
    {LT_MEDIA_JPEG, "image/jpeg", "JPEG"},
    {LT_MEDIA_TIFF, "image/tiff", "TIFF"},
    {LT_MEDIA_PDF, "application/pdf", "PDF"},
    {LT_MEDIA_TEXT, "text/plain; charset=utf-8", "text"},
};

#define MEDIA_COUNT (sizeof(media_table) / sizeof(media_table[0]))

const char *lt_media_mime(lt_media_type type)
{
	for (size_t i = 0; i < MEDIA_COUNT; i++)
		if (media_table[i].type == type)
			return media_table[i].mime;
	return "application/octet-stream";
}

const char *lt_media_name(lt_media_type type)
{
	for (size_t i = 0; i < MEDIA_COUNT; i++)
		if (media_table[i].type == type)
			return media_table[i].name;
	return LT_TR("không rõ", "unknown");
}

lt_media_type lt_media_from_mime(const char *mime)
{
	if (!mime)
		return LT_MEDIA_UNKNOWN;
	for (size_t i = 0; i < MEDIA_COUNT; i++)
		if (strcmp(media_table[i].mime, mime) == 0)
			return media_table[i].type;
	/* "text/plain" without the charset parameter is what most clients send. */
	if (strcmp(mime, "text/plain") == 0)
		return LT_MEDIA_TEXT;
	return LT_MEDIA_UNKNOWN;
}

/* What a file's extension says it is. */
static const struct {
	const char *ext;
	lt_media_type type; /* LT_MEDIA_UNKNOWN: a format luutru does not take */
	const char *name;   /* for the message */
} ext_table[] = {
    {"png", LT_MEDIA_PNG, "PNG"},
    {"jpg", LT_MEDIA_JPEG, "JPEG"},
    {"jpeg", LT_MEDIA_JPEG, "JPEG"},
    {"jpe", LT_MEDIA_JPEG, "JPEG"},
    {"jfif", LT_MEDIA_JPEG, "JPEG"},
    {"tif", LT_MEDIA_TIFF, "TIFF"},
    {"tiff", LT_MEDIA_TIFF, "TIFF"},
    {"pdf", LT_MEDIA_PDF, "PDF"},
    {"txt", LT_MEDIA_TEXT, "text"},
    {"text", LT_MEDIA_TEXT, "text"},
    {"csv", LT_MEDIA_TEXT, "text"},
    {"md", LT_MEDIA_TEXT, "text"},
    {"gif", LT_MEDIA_UNKNOWN, "GIF"},
    {"bmp", LT_MEDIA_UNKNOWN, "BMP"},
    {"webp", LT_MEDIA_UNKNOWN, "WebP"},
    {"jp2", LT_MEDIA_UNKNOWN, "JPEG 2000"},
    {"heic", LT_MEDIA_UNKNOWN, "HEIC"},
    {"djvu", LT_MEDIA_UNKNOWN, "DjVu"},
    {"doc", LT_MEDIA_UNKNOWN, "Word"},
    {"docx", LT_MEDIA_UNKNOWN, "Word"},
    {"odt", LT_MEDIA_UNKNOWN, "OpenDocument"},
    {"rtf", LT_MEDIA_UNKNOWN, "RTF"},
    {"xls", LT_MEDIA_UNKNOWN, "Excel"},
    {"xlsx", LT_MEDIA_UNKNOWN, "Excel"},
    {"zip", LT_MEDIA_UNKNOWN, "ZIP"},
    {"rar", LT_MEDIA_UNKNOWN, "RAR"},
    {"7z", LT_MEDIA_UNKNOWN, "7-Zip"},
    {"gz", LT_MEDIA_UNKNOWN, "gzip"},
};

int lt_ocr_check_name(lt_media_type type, const char *name, lt_error *err)
{
	const char *slash = name ? strrchr(name, '/') : NULL;
	const char *base = slash ? slash + 1 : name, *dot;
	char ext[8];
	size_t n;

	if (!base || !(dot = strrchr(base, '.')) || dot == base || !dot[1])
		return LT_OK;
	n = strlen(dot + 1);
	if (n >= sizeof(ext))
		return LT_OK;
	for (size_t i = 0; i <= n; i++)
		ext[i] =
		    (char)(dot[1 + i] >= 'A' && dot[1 + i] <= 'Z' ? dot[1 + i] + 32 : dot[1 + i]);
	for (size_t i = 0; i < sizeof(ext_table) / sizeof(ext_table[0]); i++) {
		if (strcmp(ext, ext_table[i].ext) != 0)
			continue;
		if (ext_table[i].type == type && type != LT_MEDIA_UNKNOWN)
			return LT_OK;
		return lt_error_set(
		    err, LT_EUNSUPPORTED,
		    LT_TR("tên tệp %s cho biết đây là tệp %s, nhưng nội dung là %s: "
		          "tên và nội dung không khớp, tệp không được nhận (đổi tên "
		          "tệp cho đúng loại hoặc xuất lại tệp)",
		          "file name %s says %s, but the content is %s: name and "
		          "content disagree, the file is refused (rename it to its "
		          "real type or export it again)"),
		    base, ext_table[i].name, lt_media_name(type));
	}
	return LT_OK;
}

static int has_pdf_header(const unsigned char *p, size_t n)
{
	static const char magic[] = "%PDF-";
	size_t m = sizeof(magic) - 1;

	/* "%PDF-" followed by the version digit, so a text that merely
	 * mentions "%PDF-" is less likely to be taken for a PDF. */
	for (size_t i = 0; i + m < n; i++)
		if (memcmp(p + i, magic, m) == 0 && p[i + m] >= '1' && p[i + m] <= '9')
			return 1;
	return 0;
}

static lt_media_type sniff_magic(const unsigned char *p, size_t n)
{
	static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

	if (n >= 8 && memcmp(p, png, 8) == 0)
		return LT_MEDIA_PNG;
	if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return LT_MEDIA_JPEG;
	if (n >= 4 && (memcmp(p, "II*\0", 4) == 0 || memcmp(p, "MM\0*", 4) == 0))
		return LT_MEDIA_TIFF;
	if (has_pdf_header(p, n < PDF_HEADER_WINDOW ? n : PDF_HEADER_WINDOW))
		return LT_MEDIA_PDF;
	return LT_MEDIA_UNKNOWN;
}

/* Length of the UTF-8 sequence a lead byte announces; 1 for anything that
 * cannot lead one (the validator then rejects it). */
static size_t utf8_seq_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0)
		return 2;
	if ((c & 0xf0) == 0xe0)
		return 3;
	if ((c & 0xf8) == 0xf0)
		return 4;
	return 1;
}

/* Where the last complete code point of buf[0..n) ends, so a chunked
 * validation never splits a sequence. */
static size_t complete_prefix(const unsigned char *buf, size_t n)
{
	for (size_t back = 1; back <= 4 && back <= n; back++) {
		unsigned char c = buf[n - back];
		if ((c & 0xc0) == 0x80)
			continue; /* continuation byte: keep looking for the lead */
		return utf8_seq_len(c) > back ? n - back : n;
	}
	return n;
}

/* 1 when the file from offset 0 is valid UTF-8 without NUL, reading at most
 * LT_OCR_TEXT_MAX_BYTES + 1 bytes. */
static int sniff_text(int fd, int *is_text, const char *path, lt_error *err)
{
	unsigned char buf[65536];
	size_t carry = 0;
	uint64_t total = 0;

	*is_text = 0;
	if (lseek(fd, 0, SEEK_SET) < 0)
		goto io_error;
	for (;;) {
		ssize_t n = read(fd, buf + carry, sizeof(buf) - carry);
		size_t have, ok;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto io_error;
		if (n == 0)
			break;
		have = carry + (size_t)n;
		total += (uint64_t)n;
		ok = complete_prefix(buf, have);
		if (lt_text_validate((const char *)buf, ok, NULL) != LT_OK)
			return LT_OK;
		carry = have - ok;
		memmove(buf, buf + ok, carry);
		if (total > LT_OCR_TEXT_MAX_BYTES)
			break; /* text so far; the caller refuses it by size */
	}
	/* A sequence cut off by the end of the file is invalid. */
	if (carry && total <= LT_OCR_TEXT_MAX_BYTES &&
	    lt_text_validate((const char *)buf, carry, NULL) != LT_OK)
		return LT_OK;
	*is_text = 1;
	return LT_OK;

io_error:
	return lt_error_set(err, LT_EIO,
	                    LT_TR("không đọc được tệp %s: %s", "cannot read file %s: %s"), path,
	                    strerror(errno));
}

int lt_ocr_media_detect(lt_media_type *type, const char *path, lt_error *err)
{
	unsigned char head[PDF_HEADER_WINDOW];
	size_t n = 0;
	int is_text = 0;
	int fd, rc;

	*type = LT_MEDIA_UNKNOWN;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return lt_error_set(err, errno == ENOENT ? LT_ENOTFOUND : LT_EIO,
		                    LT_TR("không mở được tệp %s: %s", "cannot open file %s: %s"),
		                    path, strerror(errno));
	while (n < sizeof(head)) {
		ssize_t r = read(fd, head + n, sizeof(head) - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = lt_error_set(
			    err, LT_EIO,
			    LT_TR("không đọc được tệp %s: %s", "cannot read file %s: %s"), path,
			    strerror(errno));
			close(fd);
			return rc;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*type = sniff_magic(head, n);
	if (*type == LT_MEDIA_UNKNOWN && n > 0) {
		rc = sniff_text(fd, &is_text, path, err);
		if (rc != LT_OK) {
			close(fd);
			return rc;
		}
		if (is_text)
			*type = LT_MEDIA_TEXT;
	}
	close(fd);
	return LT_OK;
}
