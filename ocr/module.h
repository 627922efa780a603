/*
 * ocr/module.h — the OCR module, luutru-ocr.so (core/module.h).
 *
 * The functions of ocr/ocr.h that need Tesseract or Leptonica (engine.c,
 * probe.c and the files they call) are built into luutru-ocr.so; the
 * binary's definitions of them (ocr/load.c) load it on first use and
 * call through this table. Everything else of ocr/ (media detection, the
 * office readers, text clean-up, the child processes) is in the binary.
 * The tests link the real functions directly and never load a module.
 */
#ifndef LT_OCR_MODULE_H
#define LT_OCR_MODULE_H

#include "ocr/ocr.h"

typedef struct lt_ocr_module_api {
	int (*probe)(lt_ocr_probe_info *out, const char *path, const lt_ocr_limits *limits,
	             lt_error *err);
	int (*engine_new)(lt_ocr_engine **out, const lt_ocr_options *opts, lt_error *err);
	void (*engine_free)(lt_ocr_engine *engine);
	int (*file)(lt_ocr_engine *engine, const char *path, lt_ocr_result *out, lt_error *err);
	int (*submit)(lt_ocr_engine *engine, const char *path, void *tag, lt_error *err);
	int (*next)(lt_ocr_engine *engine, void **tag, lt_ocr_result *out, lt_error *err);
	size_t (*pending_pages)(lt_ocr_engine *engine);
	unsigned (*engine_workers)(const lt_ocr_engine *engine);
	void (*set_progress)(lt_ocr_engine *engine, lt_ocr_progress_fn fn, void *ctx);
	void (*set_doc_progress)(lt_ocr_engine *engine, lt_ocr_doc_progress_fn fn, void *ctx);
} lt_ocr_module_api;

/* The module's entry (ocr/module.c): the table, or NULL when abi is not
 * the module's own LT_MODULE_ABI. */
const void *lt_ocr_module(const char *abi);

#endif
