/*
 * ocr/formats/extract.c — lt_fmt_extract: each type to its reader, then
 * one clean-up for all (NFC, no control characters, the size limit), and
 * the legacy-encoded plain text (TCVN3, VNI) read here.
 */
#include "ocr/formats/internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/fs.h"
#include "core/log.h"
#include "core/text.h"
#include "ocr/internal.h"

void lt_fmt_text_free(lt_fmt_text *t)
{
	if (!t)
		return;
	lt_buf_free(&t->text);
	free(t->title);
	t->title = NULL;
}

int lt_fmt_encrypted(lt_error *err, const char *path, const char *kind)
{
	return lt_error_set(err, LT_EUNSUPPORTED,
	                    LT_TR("tệp %s (%s) được mã hóa bằng mật khẩu: không đọc được nội "
	                          "dung; hãy mở tệp và lưu lại không có mật khẩu",
	                          "file %s (%s) is encrypted with a password: its content cannot "
	                          "be read; open it and save it without a password"),
	                    path, kind);
}

int lt_fmt_corrupt(lt_error *err, const char *path, const char *kind, const char *why)
{
	return lt_error_set(err, LT_ECORRUPT,
	                    LT_TR("không đọc được tệp %s (%s): %s", "cannot read file %s (%s): %s"),
	                    path, kind, why ? why : "?");
}

int lt_fmt_too_big(lt_error *err, const char *path, const char *why)
{
	return lt_error_set(err, LT_ELIMIT, LT_TR("tệp %s bị từ chối: %s", "file %s refused: %s"),
	                    path, why);
}

int lt_fmt_put_run(lt_fmt_text *out, const char *s, size_t len, lt_vnenc enc, int upper,
                   lt_error *err)
{
	if (len == 0)
		return LT_OK;
	if (out->text.len + len > LT_OCR_TEXT_MAX_BYTES)
		return lt_error_set(err, LT_ELIMIT,
		                    LT_TR("văn bản trích ra quá lớn (giới hạn %u MiB)",
		                          "the text is too large (limit %u MiB)"),
		                    LT_OCR_TEXT_MAX_BYTES / (1024 * 1024));
	if (enc == LT_VNENC_TCVN3 || enc == LT_VNENC_VNI) {
		out->encoding = enc;
		return lt_vnenc_decode_cp1252(&out->text, enc, s, len, upper, err);
	}
	return lt_buf_append(&out->text, s, len) == LT_OK
	           ? LT_OK
	           : lt_error_set(err, LT_ENOMEM, "out of memory");
}

static int legacy_text(lt_fmt_text *out, const char *path, lt_media_type t, lt_error *err)
{
	lt_buf raw = LT_BUF_INIT;
	int rc = lt_fs_read_file(&raw, path, LT_OCR_TEXT_MAX_BYTES, err);
	lt_vnenc enc = t == LT_MEDIA_TEXT_TCVN3 ? LT_VNENC_TCVN3 : LT_VNENC_VNI;

	if (rc == LT_OK) {
		rc = lt_vnenc_decode(&out->text, enc, raw.data ? raw.data : "", raw.len, 0, err);
		out->encoding = enc;
	}
	lt_buf_free(&raw);
	return rc;
}

/* NFC; C0 controls other than tab and line feed out (carriage returns
 * and form feeds become line feeds); trailing white space of the whole
 * trimmed. */
static int finish(lt_fmt_text *out, lt_error *err)
{
	lt_buf nfc = LT_BUF_INIT, clean = LT_BUF_INIT;
	int rc;

	if (!out->text.len)
		return LT_OK;
	if ((rc = lt_text_nfc(&nfc, out->text.data, out->text.len, err)) != LT_OK)
		return rc;
	for (size_t i = 0; i < nfc.len; i++) {
		unsigned char c = (unsigned char)nfc.data[i];
		if (c == '\r' || c == '\f' || c == '\v') {
			if (c == '\r' && i + 1 < nfc.len && nfc.data[i + 1] == '\n')
				continue;
			c = '\n';
		} else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
			continue;
		}
		if (lt_buf_putc(&clean, (char)c) != LT_OK) {
			lt_buf_free(&nfc);
			lt_buf_free(&clean);
			return lt_error_set(err, LT_ENOMEM, "out of memory");
		}
	}
	while (clean.len &&
	       (clean.data[clean.len - 1] == ' ' || clean.data[clean.len - 1] == '\n' ||
	        clean.data[clean.len - 1] == '\t'))
		clean.data[--clean.len] = '\0';
	lt_buf_free(&nfc);
	lt_buf_free(&out->text);
	out->text = clean;
	return LT_OK;
}

int lt_fmt_extract(lt_fmt_text *out, const char *path, lt_media_type t, const lt_fmt_limits *limits,
                   lt_error *err)
{
	lt_fmt_limits defaults = LT_FMT_LIMITS_INIT;
	const lt_fmt_limits *lim = limits ? limits : &defaults;
	int rc;

	lt_fmt_init();
	out->encoding = LT_VNENC_UNICODE;
	out->parts = 1;
	switch (t) {
	case LT_MEDIA_DOCX:
	case LT_MEDIA_XLSX:
	case LT_MEDIA_PPTX: rc = lt_fmt_ooxml(out, path, t, lim, err); break;
	case LT_MEDIA_ODT:
	case LT_MEDIA_ODS: rc = lt_fmt_odf(out, path, t, lim, err); break;
	case LT_MEDIA_RTF: rc = lt_fmt_rtf(out, path, lim, err); break;
	case LT_MEDIA_DOC:
	case LT_MEDIA_XLS: rc = lt_fmt_legacy_office(out, path, t, lim, err); break;
	case LT_MEDIA_EML: rc = lt_fmt_eml(out, path, lim, err); break;
	case LT_MEDIA_TEXT_TCVN3:
	case LT_MEDIA_TEXT_VNI: rc = legacy_text(out, path, t, err); break;
	default:
		return lt_error_set(err, LT_EINVAL, "lt_fmt_extract: %s is not a document type",
		                    lt_media_name(t));
	}
	if (rc == LT_OK)
		rc = finish(out, err);
	if (rc != LT_OK) {
		lt_buf_free(&out->text);
		free(out->title);
		out->title = NULL;
	}
	return rc;
}

int lt_fmt_probe(const char *path, lt_media_type t, lt_error *err)
{
	lt_fmt_text text = LT_FMT_TEXT_INIT;
	int rc = lt_fmt_extract(&text, path, t, NULL, err);

	lt_fmt_text_free(&text);
	return rc;
}

int lt_fmt_page(lt_ocr_page *page, const char *path, lt_media_type t, const char *rendition,
                int *rendered, int *encoding, lt_error *err)
{
	lt_fmt_text text = LT_FMT_TEXT_INIT;
	int rc = lt_fmt_extract(&text, path, t, NULL, err);

	*rendered = 0;
	page->source = LT_PAGE_DOCUMENT;
	page->confidence = 100;
	if (rc == LT_OK) {
		char *s = text.text.len ? lt_buf_detach(&text.text) : strdup("");
		if (!s) {
			rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		} else {
			free(page->text);
			page->text = s;
			*encoding = (int)text.encoding;
		}
	}
	lt_fmt_text_free(&text);
	if (rc == LT_OK && rendition && lt_fmt_renderable(t)) {
		lt_error rerr = LT_ERROR_INIT;
		if (lt_fmt_render_pdfa(path, t, rendition, NULL, &rerr) == LT_OK)
			*rendered = 1;
		else
			lt_log_warn("PDF/A rendition of %s: %s", path, rerr.message);
	}
	return rc;
}
