/*
 * ocr/formats/legacy.c — DOC (Word 6 to 2003) and XLS (Excel 5 to 2003)
 * through Debian's antiword and catdoc's xls2csv.
 *
 * The binary formats are read by those tools in a child process under the
 * same limits as poppler's tools (ocr/spawn.c): no shell, memory, CPU and
 * wall-clock limits, output capped; a hostile file kills at most the
 * child. Before the tool runs, the compound file is checked here (cfb.c):
 * an encrypted DOC (FIB flag fEncrypted) or XLS (a FILEPASS record before
 * the sheets) is refused with the usual message, rather than read as
 * garbage.
 *
 * The tools know no fonts, so a document typed in TCVN3 or VNI comes out
 * as the characters Windows showed ("B¶o c¸o"); lt_vnenc_repair converts
 * the lines that read as Vietnamese in one of them and leaves Vietnamese
 * Unicode alone.
 */
#include "ocr/formats/internal.h"

#include <string.h>

#include "ocr/internal.h"

#define TOOL_MAX_MEMORY (1024ull * 1024 * 1024)
#define TOOL_MAX_CPU    60

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* An encrypted DOC or XLS: 1, else 0; -1 when the file does not read. */
static int encrypted(const char *path, lt_media_type t, lt_error *err)
{
	lt_fmt_cfb *c = NULL;
	lt_buf head = LT_BUF_INIT;
	int enc = 0, rc = lt_fmt_cfb_open(&c, path, err);

	if (rc != LT_OK)
		return -1;
	if (t == LT_MEDIA_DOC) {
		if (lt_fmt_cfb_read(c, "WordDocument", 64, &head, err) != LT_OK || head.len < 12) {
			enc = -1;
		} else {
			const unsigned char *fib = (const unsigned char *)head.data;
			/* FIB: wIdent, nFib, ..., then flags: fEncrypted 0x0100,
			 * fObfuscated 0x8000 (an XOR "protection" that hides the
			 * text all the same). */
			uint16_t flags = le16(fib + 0x0A);
			enc = (flags & 0x0100) || (flags & 0x8000);
		}
	} else {
		const char *stream = lt_fmt_cfb_has(c, "Workbook", NULL) ? "Workbook" : "Book";
		if (lt_fmt_cfb_read(c, stream, 65536, &head, err) != LT_OK || head.len < 4) {
			enc = -1;
		} else {
			const unsigned char *p = (const unsigned char *)head.data;
			size_t off = 0;
			/* Records: type, length, data. FILEPASS (0x2F) comes
			 * right after the BOF when the workbook is encrypted. */
			for (int k = 0; k < 64 && off + 4 <= head.len; k++) {
				uint16_t type = le16(p + off), len = le16(p + off + 2);
				if (type == 0x002F) {
					enc = 1;
					break;
				}
				if (type == 0x0085 || type == 0x000A)
					break; /* the sheets, or the end: not encrypted */
				off += 4u + len;
			}
		}
	}
	lt_buf_free(&head);
	lt_fmt_cfb_free(c);
	if (enc < 0)
		lt_fmt_corrupt(err, path, lt_media_name(t),
		               LT_TR("không đọc được cấu trúc tệp", "unreadable structure"));
	return enc;
}

int lt_fmt_legacy_office(lt_fmt_text *out, const char *path, lt_media_type t,
                         const lt_fmt_limits *lim, lt_error *err)
{
	const char *kind = lt_media_name(t);
	const char *tool = t == LT_MEDIA_DOC ? "antiword" : "xls2csv";
	/* doc_argv: -w 0, one line per paragraph; -i 1, no image markers */
	const char *package = t == LT_MEDIA_DOC ? "antiword" : "catdoc";
	const char *doc_argv[] = {"antiword", "-m", "UTF-8.txt", "-w", "0", "-i", "1", path, NULL};
	const char *xls_argv[] = {"xls2csv", "-d", "utf-8", "-c", "\t", "-q", "0", path, NULL};
	lt_ocr_run_limits rl = {LT_OCR_TEXT_MAX_BYTES, TOOL_MAX_MEMORY, TOOL_MAX_CPU,
	                        lim->timeout_ms};
	lt_ocr_run_status st;
	lt_buf raw = LT_BUF_INIT, errout = LT_BUF_INIT;
	lt_vnenc used = LT_VNENC_UNICODE;
	int rc, enc = encrypted(path, t, err);

	if (enc < 0)
		return err ? err->code : LT_ECORRUPT;
	if (enc)
		return lt_fmt_encrypted(err, path, kind);
	rc = lt_ocr_run(&st, t == LT_MEDIA_DOC ? doc_argv : xls_argv, &rl, &raw, &errout, err);
	/* antiword refuses some files it need not (a text stream "too
	 * small", Word 2 files): catdoc, of the xls2csv package, reads them. */
	if (t == LT_MEDIA_DOC &&
	    (rc == LT_EUNSUPPORTED || (rc == LT_OK && !st.timed_out && !st.out_truncated &&
	                               (st.exit_code != 0 || st.signal)))) {
		const char *cat_argv[] = {"catdoc", "-d", "utf-8", "-w", path, NULL};
		int arc = rc;
		lt_buf_reset(&raw);
		lt_buf_reset(&errout);
		rc = lt_ocr_run(&st, cat_argv, &rl, &raw, &errout, err);
		if (rc == LT_EUNSUPPORTED && arc == LT_OK)
			rc = LT_OK, st.exit_code = 1; /* antiword's failure stands */
		if (rc == LT_EUNSUPPORTED)
			tool = "antiword, catdoc", package = "antiword, catdoc";
	}
	if (rc == LT_EUNSUPPORTED) {
		rc = lt_error_set(err, LT_EUNSUPPORTED,
		                  LT_TR("không đọc được tệp %s (%s): thiếu chương trình %s (gói "
		                        "Debian %s)",
		                        "cannot read file %s (%s): program %s is missing (Debian "
		                        "package %s)"),
		                  path, kind, tool, package);
	} else if (rc == LT_OK && (st.timed_out || st.out_truncated)) {
		rc = lt_fmt_too_big(err, path,
		                    st.timed_out
		                        ? LT_TR("đọc quá lâu", "reading took too long")
		                        : LT_TR("văn bản quá lớn", "the text is too large"));
	} else if (rc == LT_OK && (st.exit_code != 0 || st.signal)) {
		rc = lt_fmt_corrupt(err, path, kind,
		                    errout.len
		                        ? lt_buf_cstr(&errout)
		                        : LT_TR("chương trình đọc bị lỗi", "the reader failed"));
	}
	if (rc == LT_OK && raw.len) {
		/* The tools write UTF-8; what is not (a broken file) is refused. */
		lt_buf fixed = LT_BUF_INIT;
		rc = lt_vnenc_repair(&fixed, raw.data, raw.len, &used, err);
		if (rc == LT_EINVAL)
			rc = lt_fmt_corrupt(err, path, kind, "UTF-8");
		if (rc == LT_OK && fixed.len &&
		    lt_buf_append(&out->text, fixed.data, fixed.len) != LT_OK)
			rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		lt_buf_free(&fixed);
		out->encoding = used;
	}
	if (rc == LT_OK && t == LT_MEDIA_XLS) {
		int sheets = 1;
		/* xls2csv ends every sheet with a form feed */
		for (size_t i = 0; i + 1 < out->text.len; i++)
			sheets += out->text.data[i] == '\f';
		out->parts = sheets;
	}
	lt_buf_free(&raw);
	lt_buf_free(&errout);
	return rc;
}
