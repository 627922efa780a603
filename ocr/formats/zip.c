/*
 * ocr/formats/zip.c — the parts of an office zip, read under limits.
 *
 * libarchive's seekable zip reader takes the central directory, so
 * entries not wanted are skipped without being expanded. What is read is
 * counted as it expands, never trusted from the headers (a zip bomb lies
 * in them): more than lim->max_bytes in all, or more than lim->max_ratio
 * times the file's size, stops the read with LT_ELIMIT. An encrypted
 * entry refuses the file: its parts cannot be read, and the user must
 * save it without a password.
 */
#include "ocr/formats/internal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>

void lt_fmt_parts_free(lt_fmt_parts *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].name);
		lt_buf_free(&p->v[i].data);
	}
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

const lt_fmt_part *lt_fmt_parts_get(const lt_fmt_parts *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].name, name) == 0)
			return &p->v[i];
	return NULL;
}

static struct archive *open_zip(const char *path)
{
	struct archive *a = archive_read_new();

	if (!a)
		return NULL;
	archive_read_support_format_zip_seekable(a);
	if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
		archive_read_free(a);
		return NULL;
	}
	return a;
}

int lt_fmt_zip_read(lt_fmt_parts *out, const char *path, const char *kind,
                    int (*want)(const char *name), const lt_fmt_limits *lim, lt_error *err)
{
	struct archive *a;
	struct archive_entry *e;
	struct stat st;
	uint64_t expanded = 0, cap;
	size_t entries = 0;
	int rc = LT_OK, r;

	out->v = NULL;
	out->n = 0;
	if (stat(path, &st) != 0)
		return lt_fmt_corrupt(err, path, kind, "stat");
	cap = lim->max_bytes;
	if (lim->max_ratio && (uint64_t)st.st_size * lim->max_ratio < cap)
		cap = (uint64_t)st.st_size * lim->max_ratio;
	a = open_zip(path);
	if (!a)
		return lt_fmt_corrupt(err, path, kind,
		                      LT_TR("không phải tệp zip", "not a zip file"));
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);
		lt_fmt_part *grown;
		lt_fmt_part *p;

		if (++entries > lim->max_entries) {
			rc = lt_fmt_too_big(
			    err, path,
			    LT_TR("quá nhiều mục trong tệp nén", "too many zip entries"));
			break;
		}
		if (archive_entry_is_encrypted(e)) {
			rc = lt_fmt_encrypted(err, path, kind);
			break;
		}
		if (!name || !want(name) || archive_entry_filetype(e) != AE_IFREG)
			continue;
		grown = realloc(out->v, (out->n + 1) * sizeof(*out->v));
		if (!grown) {
			rc = lt_error_set(err, LT_ENOMEM, "out of memory");
			break;
		}
		out->v = grown;
		p = &out->v[out->n];
		p->data = (lt_buf)LT_BUF_INIT;
		if (!(p->name = strdup(name))) {
			rc = lt_error_set(err, LT_ENOMEM, "out of memory");
			break;
		}
		out->n++;
		for (;;) {
			char chunk[65536];
			la_ssize_t got = archive_read_data(a, chunk, sizeof(chunk));
			if (got == 0)
				break;
			if (got < 0) {
				rc = archive_entry_is_encrypted(e)
				         ? lt_fmt_encrypted(err, path, kind)
				         : lt_fmt_corrupt(err, path, kind, archive_error_string(a));
				break;
			}
			expanded += (uint64_t)got;
			if (expanded > cap) {
				rc = lt_fmt_too_big(err, path,
				                    LT_TR("giải nén ra quá lớn (tệp nén độc hại?)",
				                          "expands too much (a zip bomb?)"));
				break;
			}
			if (lt_buf_append(&p->data, chunk, (size_t)got) != LT_OK) {
				rc = lt_error_set(err, LT_ENOMEM, "out of memory");
				break;
			}
		}
		if (rc != LT_OK)
			break;
	}
	if (rc == LT_OK && r != ARCHIVE_EOF)
		rc = lt_fmt_corrupt(err, path, kind, archive_error_string(a));
	archive_read_free(a);
	if (rc != LT_OK)
		lt_fmt_parts_free(out);
	return rc;
}

lt_media_type lt_fmt_zip_classify(const char *path)
{
	struct archive *a = open_zip(path);
	struct archive_entry *e;
	int types = 0, word = 0, sheet = 0, slides = 0, entries = 0;
	char mimetype[64] = "";

	if (!a)
		return LT_MEDIA_UNKNOWN;
	while (archive_read_next_header(a, &e) == ARCHIVE_OK && ++entries <= 100000) {
		const char *name = archive_entry_pathname(e);
		if (!name)
			continue;
		if (strcmp(name, "[Content_Types].xml") == 0)
			types = 1;
		else if (strcmp(name, "word/document.xml") == 0)
			word = 1;
		else if (strcmp(name, "xl/workbook.xml") == 0)
			sheet = 1;
		else if (strcmp(name, "ppt/presentation.xml") == 0)
			slides = 1;
		else if (strcmp(name, "mimetype") == 0 && !archive_entry_is_encrypted(e)) {
			la_ssize_t got = archive_read_data(a, mimetype, sizeof(mimetype) - 1);
			mimetype[got > 0 ? got : 0] = '\0';
		}
	}
	archive_read_free(a);
	if (strcmp(mimetype, "application/vnd.oasis.opendocument.text") == 0)
		return LT_MEDIA_ODT;
	if (strcmp(mimetype, "application/vnd.oasis.opendocument.spreadsheet") == 0)
		return LT_MEDIA_ODS;
	if (types && word)
		return LT_MEDIA_DOCX;
	if (types && sheet)
		return LT_MEDIA_XLSX;
	if (types && slides)
		return LT_MEDIA_PPTX;
	return LT_MEDIA_UNKNOWN;
}
