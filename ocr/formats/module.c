/*
 * ocr/formats/module.c — the entry of luutru-formats.so's part for the
 * office and e-mail readers (ocr/formats/module.h).
 */
#include "ocr/formats/module.h"

#include <string.h>

#include "gen/module_abi.h"

static const lt_fmt_module_api api = {
    .sniff = lt_fmt_sniff,
    .probe = lt_fmt_probe,
    .page = lt_fmt_page,
    .eml_attachments = lt_fmt_eml_attachments,
    .attachments_free = lt_fmt_attachments_free,
};

const void *lt_ocr_formats_module(const char *abi)
{
	return abi && strcmp(abi, LT_MODULE_ABI) == 0 ? &api : NULL;
}
