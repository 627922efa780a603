/*
 * ocr/module.c — the entry of luutru-ocr.so (ocr/module.h): its table of
 * the real functions.
 */
#include "ocr/module.h"

#include <string.h>

#include "gen/module_abi.h"

static const lt_ocr_module_api api = {
    .probe = lt_ocr_probe,
    .engine_new = lt_ocr_engine_new,
    .engine_free = lt_ocr_engine_free,
    .file = lt_ocr_file,
    .submit = lt_ocr_submit,
    .next = lt_ocr_next,
    .pending_pages = lt_ocr_pending_pages,
    .engine_workers = lt_ocr_engine_workers,
    .set_progress = lt_ocr_engine_set_progress,
    .set_doc_progress = lt_ocr_engine_set_doc_progress,
};

const void *lt_ocr_module(const char *abi)
{
	return abi && strcmp(abi, LT_MODULE_ABI) == 0 ? &api : NULL;
}
