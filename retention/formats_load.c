/*
 * retention/formats_load.c — the binary's lt_report_write_xlsx: loads
 * luutru-formats.so on first use and calls the real one
 * (retention/formats_module.h). Only the binary links this file; the
 * library and the tests have report_xlsx.c.
 */
#include "retention/formats_module.h"

#include "core/module.h"

static lt_module formats_module = LT_FORMATS_MODULE_INIT("retention_formats");

int lt_report_write_xlsx(lt_report *r, const char *path, lt_error *err)
{
	const lt_retention_formats_api *m = lt_module_get(&formats_module, err);
	return m ? m->report_write_xlsx(r, path, err) : err ? err->code : LT_EIO;
}
