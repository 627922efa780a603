/*
 * archive/formats_module.c — the entry of luutru-formats.so's part for
 * import and packages (archive/formats_module.h).
 */
#include "archive/formats_module.h"

#include <string.h>

#include "gen/module_abi.h"

static const lt_archive_formats_api api = {
    .import_run = lt_import_run,
    .import_report_free = lt_import_report_free,
    .import_check_name = lt_import_check_name,
    .package_export = lt_package_export,
    .package_validate = lt_package_validate,
    .package_import = lt_package_import,
};

const void *lt_archive_formats_module(const char *abi)
{
	return abi && strcmp(abi, LT_MODULE_ABI) == 0 ? &api : NULL;
}
