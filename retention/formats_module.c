/*
 * retention/formats_module.c — the entry of luutru-formats.so's part for
 * reports as XLSX (retention/formats_module.h).
 */
#include "retention/formats_module.h"

#include <string.h>

#include "gen/module_abi.h"

static const lt_retention_formats_api api = {
    .report_write_xlsx = lt_report_write_xlsx,
};

const void *lt_retention_formats_module(const char *abi)
{
	return abi && strcmp(abi, LT_MODULE_ABI) == 0 ? &api : NULL;
}
