/*
 * archive/forms/module.c — the entry of luutru-forms.so
 * (archive/forms/module.h).
 */
#include "archive/forms/module.h"

#include <string.h>

#include "gen/module_abi.h"

static const lt_forms_module_api api = {
    .write_pdf = lt_form_write_pdf,
};

const void *lt_forms_module(const char *abi)
{
	return abi && strcmp(abi, LT_MODULE_ABI) == 0 ? &api : NULL;
}
