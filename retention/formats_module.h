/*
 * retention/formats_module.h — reports as XLSX, luutru-formats.so's part
 * for retention/ (core/module.h, LT_FORMATS_MODULE_INIT).
 *
 * The XLSX writer (report_xlsx.c) needs libxlsxwriter (and minizip), so it
 * is built into luutru-formats.so; the binary's lt_report_write_xlsx
 * (formats_load.c) loads it the first time a report is written as XLSX.
 * Every other format of reports stays in the binary (report.c).
 */
#ifndef LT_RETENTION_FORMATS_MODULE_H
#define LT_RETENTION_FORMATS_MODULE_H

#include "retention/report_internal.h"

typedef struct lt_retention_formats_api {
	int (*report_write_xlsx)(lt_report *r, const char *path, lt_error *err);
} lt_retention_formats_api;

/* The part's entry (formats_module.c): the table, or NULL when abi is not
 * the module's own LT_MODULE_ABI. */
const void *lt_retention_formats_module(const char *abi);

#endif
