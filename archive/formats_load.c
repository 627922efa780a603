/*
 * archive/formats_load.c — the binary's import and package functions:
 * each loads luutru-formats.so on first use and calls the real one
 * through its table (archive/formats_module.h).
 *
 * Only the binary links this file; the library (build/libluutru.a) and
 * the tests have import.c and package.c instead.
 */
#include "archive/formats_module.h"

#include "core/module.h"

static lt_module formats_module = LT_FORMATS_MODULE_INIT("archive_formats");

static const lt_archive_formats_api *api(lt_error *err)
{
	return lt_module_get(&formats_module, err);
}

static int failed(const lt_error *err)
{
	return err ? err->code : LT_EIO;
}

int lt_import_run(lt_import_report **out, lt_archive *ar, const char *path,
                  const lt_import_options *opts, lt_error *err)
{
	const lt_archive_formats_api *m = api(err);
	*out = NULL;
	return m ? m->import_run(out, ar, path, opts, err) : failed(err);
}

/* A report exists only when the module made it: none to free else. */
void lt_import_report_free(lt_import_report *rep)
{
	const lt_archive_formats_api *m = rep ? lt_module_get(&formats_module, NULL) : NULL;
	if (m)
		m->import_report_free(rep);
}

int lt_import_check_name(const char *name, lt_error *err)
{
	const lt_archive_formats_api *m = api(err);
	return m ? m->import_check_name(name, err) : failed(err);
}

int lt_package_export(lt_package_summary *out, lt_archive *ar, const char *const *dossiers,
                      size_t n, const char *out_path, const lt_package_options *opts, lt_error *err)
{
	const lt_archive_formats_api *m = api(err);
	return m ? m->package_export(out, ar, dossiers, n, out_path, opts, err) : failed(err);
}

int lt_package_validate(lt_package_summary *out, const char *path, lt_error *err)
{
	const lt_archive_formats_api *m = api(err);
	return m ? m->package_validate(out, path, err) : failed(err);
}

int lt_package_import(lt_package_summary *out, lt_archive *ar, const char *path,
                      const lt_package_options *opts, lt_error *err)
{
	const lt_archive_formats_api *m = api(err);
	return m ? m->package_import(out, ar, path, opts, err) : failed(err);
}
