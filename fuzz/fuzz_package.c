/* fuzz/fuzz_package.c — dossier packages (archive/package.c): BagIt
 * validation of a zip / tar and, when it passes, the import into a real
 * archive in a temp directory. Input: the package file's bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "archive/archive.h"
#include "archive/package.h"
#include "fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lt_package_options opts = LT_PACKAGE_OPTIONS_INIT;
	lt_package_summary sum;
	lt_error err = LT_ERROR_INIT;
	const char *path;

	path = lt_fuzz_write("package.zip", data, size);
	if (lt_package_validate(&sum, path, &err) == LT_OK) {
		lt_error_clear(&err);
		lt_package_import(&sum, lt_fuzz_archive("fuzz_package"), path, &opts, &err);
	}
	return 0;
}
