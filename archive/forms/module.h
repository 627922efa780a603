/*
 * archive/forms/module.h — the forms' PDF module, luutru-forms.so
 * (core/module.h).
 *
 * lt_form_write_pdf (pdf.c) draws with Pango and Cairo, so it is built
 * into luutru-forms.so; the binary's lt_form_write_pdf (load.c) loads the
 * module the first time a form is printed as PDF and calls through this
 * table. The forms' model, HTML and CSV stay in the binary; the tests link
 * pdf.c directly.
 */
#ifndef LT_ARCHIVE_FORMS_MODULE_H
#define LT_ARCHIVE_FORMS_MODULE_H

#include "archive/forms/form.h"

typedef struct lt_forms_module_api {
	int (*write_pdf)(lt_buf *out, const lt_form *f, lt_error *err);
} lt_forms_module_api;

/* The module's entry (module.c): the table, or NULL when abi is not the
 * module's own LT_MODULE_ABI. */
const void *lt_forms_module(const char *abi);

#endif
