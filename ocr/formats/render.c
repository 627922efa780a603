/*
 * ocr/formats/render.c — the PDF/A-2b rendition of an office file,
 * through LibreOffice headless when it is installed (optional:
 * docs/formats.md). Without it the text is indexed all the same and the
 * original is what a reader opens.
 *
 * LibreOffice runs as a child (ocr/spawn.c) with its own profile in a
 * private temporary directory (so two conversions never share one, and
 * nothing is left in $HOME), the input linked there under a name with the
 * type's extension (the blob store's names have none), the PDF export
 * filter asked for PDF/A-2 (SelectPdfVersion 2), and the wall-clock, CPU
 * and memory limits below. The temporary directory is removed whatever
 * happens.
 */
#include "ocr/formats/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fs.h"
#include "ocr/internal.h"

#define SOFFICE_MAX_MEMORY (4ull * 1024 * 1024 * 1024)
#define SOFFICE_MAX_CPU    300

static int on_path(const char *tool)
{
	const char *path = getenv("PATH");
	lt_buf b = LT_BUF_INIT;
	int found = 0;

	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path && !found) {
		const char *end = strchr(path, ':');
		size_t len = end ? (size_t)(end - path) : strlen(path);
		struct stat st;
		lt_buf_reset(&b);
		if (len && lt_buf_append(&b, path, len) == LT_OK &&
		    lt_buf_printf(&b, "/%s", tool) == LT_OK && stat(b.data, &st) == 0 &&
		    S_ISREG(st.st_mode) && access(b.data, X_OK) == 0)
			found = 1;
		path += len;
		if (*path == ':')
			path++;
	}
	lt_buf_free(&b);
	return found;
}

int lt_fmt_render_available(void)
{
	return on_path("soffice");
}

static const char *extension(lt_media_type t)
{
	switch (t) {
	case LT_MEDIA_DOCX: return "docx";
	case LT_MEDIA_XLSX: return "xlsx";
	case LT_MEDIA_PPTX: return "pptx";
	case LT_MEDIA_ODT: return "odt";
	case LT_MEDIA_ODS: return "ods";
	case LT_MEDIA_RTF: return "rtf";
	case LT_MEDIA_DOC: return "doc";
	case LT_MEDIA_XLS: return "xls";
	default: return NULL;
	}
}

int lt_fmt_renderable(lt_media_type t)
{
	return extension(t) != NULL && lt_fmt_render_available();
}

int lt_fmt_render_pdfa(const char *path, lt_media_type t, const char *out_pdf,
                       const lt_fmt_limits *limits, lt_error *err)
{
	lt_fmt_limits defaults = LT_FMT_LIMITS_INIT;
	const lt_fmt_limits *lim = limits ? limits : &defaults;
	const char *ext = extension(t);
	int calc = t == LT_MEDIA_XLSX || t == LT_MEDIA_ODS || t == LT_MEDIA_XLS;
	int impress = t == LT_MEDIA_PPTX;
	lt_buf dir = LT_BUF_INIT, in = LT_BUF_INIT, profile = LT_BUF_INIT, filter = LT_BUF_INIT,
	       pdf = LT_BUF_INIT, outbuf = LT_BUF_INIT, errout = LT_BUF_INIT;
	lt_ocr_run_limits rl = {1 << 20, SOFFICE_MAX_MEMORY, SOFFICE_MAX_CPU, lim->timeout_ms * 2};
	lt_ocr_run_status st;
	int rc = LT_OK;

	if (!ext)
		return lt_error_set(err, LT_EINVAL, "lt_fmt_render_pdfa: %s has no rendition",
		                    lt_media_name(t));
	if (!lt_fmt_render_available())
		return lt_error_set(err, LT_EUNSUPPORTED,
		                    LT_TR("không có LibreOffice (gói libreoffice-writer-nogui, "
		                          "libreoffice-calc-nogui): không tạo bản PDF/A",
		                          "LibreOffice is not installed (packages "
		                          "libreoffice-writer-nogui, libreoffice-calc-nogui): no "
		                          "PDF/A rendition"));
	if (lt_ocr_private_dir(&dir) != 0)
		return lt_error_set(err, LT_EIO,
		                    LT_TR("không tạo được thư mục tạm", "cannot make a temporary "
		                                                        "directory"));
	if (lt_buf_printf(&in, "%s/document.%s", dir.data, ext) ||
	    lt_buf_printf(&profile, "-env:UserInstallation=file://%s/profile", dir.data) ||
	    lt_buf_printf(&filter,
	                  "pdf:%s:{\"SelectPdfVersion\":{\"type\":\"long\",\"value\":\"2\"}}",
	                  calc      ? "calc_pdf_Export"
	                  : impress ? "impress_pdf_Export"
	                            : "writer_pdf_Export") ||
	    lt_buf_printf(&pdf, "%s/document.pdf", dir.data)) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto out;
	}
	if (symlink(path, in.data) != 0) {
		rc = lt_error_set(err, LT_EIO, LT_TR("không tạo được %s", "cannot create %s"),
		                  in.data);
		goto out;
	}
	{
		const char *argv[] = {"soffice",     "--headless", "--norestore",  "--nolockcheck",
		                      "--nodefault", profile.data, "--convert-to", filter.data,
		                      "--outdir",    dir.data,     in.data,        NULL};
		rc = lt_ocr_run(&st, argv, &rl, &outbuf, &errout, err);
	}
	if (rc == LT_OK &&
	    (st.timed_out || st.exit_code != 0 || st.signal || !lt_fs_exists(pdf.data)))
		rc = lt_error_set(
		    err, LT_ECORRUPT,
		    LT_TR("LibreOffice không tạo được bản PDF/A của %s%s%s",
		          "LibreOffice could not make the PDF/A rendition of %s%s%s"),
		    path, st.timed_out ? LT_TR(" (quá thời gian)", " (timed out)") : "", "");
	if (rc == LT_OK && rename(pdf.data, out_pdf) != 0) {
		/* another file system: copy */
		lt_buf bytes = LT_BUF_INIT;
		rc = lt_fs_read_file(&bytes, pdf.data, 1ull << 32, err);
		if (rc == LT_OK)
			rc = lt_fs_write_atomic(out_pdf, bytes.data ? bytes.data : "", bytes.len,
			                        err);
		lt_buf_free(&bytes);
	}
out:
	if (dir.data)
		lt_fs_remove_tree(dir.data, NULL);
	lt_buf_free(&dir);
	lt_buf_free(&in);
	lt_buf_free(&profile);
	lt_buf_free(&filter);
	lt_buf_free(&pdf);
	lt_buf_free(&outbuf);
	lt_buf_free(&errout);
	return rc;
}
