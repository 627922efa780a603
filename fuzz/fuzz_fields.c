/* fuzz/fuzz_fields.c — metadata validation: every field's normaliser
 * (archive/fields.c) and the number/notation check (archive/notation.c).
 * Input: a first byte choosing the field, then the value; the value is
 * also split at its first '/' into code number and notation. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "archive/fields.h"
#include "archive/notation.h"
#include "core/buf.h"
#include "fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t nfields = 0;
	const lt_field_def *all = lt_fields_all(&nfields);
	lt_error err = LT_ERROR_INIT;
	lt_buf out = LT_BUF_INIT;
	char *value, *slash;

	if (size < 1 || nfields == 0)
		return 0;
	value = lt_fuzz_cstr(data + 1, size - 1);
	lt_field_normalize(&all[data[0] % nfields], value, &out, &err);
	lt_buf_free(&out);
	lt_error_clear(&err);
	lt_notation_check(value, NULL, &err);
	lt_error_clear(&err);
	slash = strchr(value, '/');
	if (slash) {
		*slash = '\0';
		lt_notation_check(value, slash + 1, &err);
		lt_error_clear(&err);
		lt_notation_format(&out, value, slash + 1);
		lt_buf_free(&out);
		lt_notation_type_finding(slash + 1, "01", &out);
		lt_buf_free(&out);
	}
	free(value);
	return 0;
}
