/*
 * ocr/formats/load.c — the binary's office and e-mail readers: each loads
 * luutru-formats.so on first use and calls the real one through its
 * table (ocr/formats/module.h).
 *
 * Only the binary links this file; the library (build/libluutru.a) and
 * the tests have the real functions instead.
 */
#include "ocr/formats/module.h"

#include "core/module.h"

static lt_module formats_module = LT_FORMATS_MODULE_INIT("ocr_formats");

static const lt_fmt_module_api *api(lt_error *err)
{
	return lt_module_get(&formats_module, err);
}

static int failed(const lt_error *err)
{
	return err ? err->code : LT_EIO;
}

int lt_fmt_sniff(lt_media_type *type, const char *path, const unsigned char *head, size_t n,
                 int text_ok, lt_error *err)
{
	const lt_fmt_module_api *m = api(err);
	return m ? m->sniff(type, path, head, n, text_ok, err) : failed(err);
}

int lt_fmt_probe(const char *path, lt_media_type t, lt_error *err)
{
	const lt_fmt_module_api *m = api(err);
	return m ? m->probe(path, t, err) : failed(err);
}

int lt_fmt_page(lt_ocr_page *page, const char *path, lt_media_type t, const char *rendition,
                int *rendered, int *encoding, lt_error *err)
{
	const lt_fmt_module_api *m = api(err);
	*rendered = 0;
	return m ? m->page(page, path, t, rendition, rendered, encoding, err) : failed(err);
}

int lt_fmt_eml_attachments(lt_fmt_attachment **out, size_t *n, const char *path, const char *dir,
                           const lt_fmt_limits *limits, lt_error *err)
{
	const lt_fmt_module_api *m = api(err);
	*out = NULL;
	*n = 0;
	return m ? m->eml_attachments(out, n, path, dir, limits, err) : failed(err);
}

/* Attachments exist only when the module made them: none to free else. */
void lt_fmt_attachments_free(lt_fmt_attachment *a, size_t n)
{
	const lt_fmt_module_api *m = a ? lt_module_get(&formats_module, NULL) : NULL;
	if (m)
		m->attachments_free(a, n);
}
