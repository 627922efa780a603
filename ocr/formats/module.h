/*
 * ocr/formats/module.h — the office and e-mail readers' part of
 * luutru-formats.so (core/module.h, LT_FORMATS_MODULE_INIT).
 *
 * The readers of this folder need libarchive (zip.c) and libxml2 (xml.c,
 * eml.c), which with ICU and the compressors are a third of what the
 * binary would map at every start; so the folder is built into
 * luutru-formats.so, all but types.c (lt_fmt_handles) and render.c (the
 * LibreOffice child), which need neither. The binary's definitions of the
 * functions called from outside the folder (load.c) load the module on
 * first use and call through this table. The tests link the real
 * functions directly.
 */
#ifndef LT_OCR_FORMATS_MODULE_H
#define LT_OCR_FORMATS_MODULE_H

#include "ocr/formats/formats.h"

typedef struct lt_fmt_module_api {
	int (*sniff)(lt_media_type *type, const char *path, const unsigned char *head, size_t n,
	             int text_ok, lt_error *err);
	int (*probe)(const char *path, lt_media_type t, lt_error *err);
	int (*page)(lt_ocr_page *page, const char *path, lt_media_type t, const char *rendition,
	            int *rendered, int *encoding, lt_error *err);
	int (*eml_attachments)(lt_fmt_attachment **out, size_t *n, const char *path,
	                       const char *dir, const lt_fmt_limits *limits, lt_error *err);
	void (*attachments_free)(lt_fmt_attachment *a, size_t n);
} lt_fmt_module_api;

/* The part's entry (module.c): the table, or NULL when abi is not the
 * module's own LT_MODULE_ABI. */
const void *lt_ocr_formats_module(const char *abi);

#endif
