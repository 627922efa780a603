/*
 * archive/forms/load.c — the binary's lt_form_write_pdf: loads
 * luutru-forms.so on first use and calls the real one (module.h). Only the
 * binary links this file; the library and the tests have pdf.c.
 */
#include "archive/forms/module.h"

#include "core/module.h"

static lt_module forms_module = LT_MODULE_INIT("forms", "in biểu mẫu ra PDF", "forms as PDF");

int lt_form_write_pdf(lt_buf *out, const lt_form *f, lt_error *err)
{
	const lt_forms_module_api *m = lt_module_get(&forms_module, err);
	return m ? m->write_pdf(out, f, err) : err ? err->code : LT_EIO;
}
