/*
 * archive/formats_module.h — import and packages' part of
 * luutru-formats.so (core/module.h, LT_FORMATS_MODULE_INIT).
 *
 * Batch import (import.c) and dossier packages (package.c) read and write
 * zip and tar through libarchive, which with its compressors (liblzma,
 * libzstd, liblz4, libbz2), libacl, nettle and libxml2 every command
 * would map at start; so both files are built into luutru-formats.so.
 * The binary's definitions of their public functions (formats_load.c)
 * load it on first use and call through this table. The tests link the
 * real functions directly.
 */
#ifndef LT_ARCHIVE_FORMATS_MODULE_H
#define LT_ARCHIVE_FORMATS_MODULE_H

#include "archive/import.h"
#include "archive/package.h"

typedef struct lt_archive_formats_api {
	int (*import_run)(lt_import_report **out, lt_archive *ar, const char *path,
	                  const lt_import_options *opts, lt_error *err);
	void (*import_report_free)(lt_import_report *rep);
	int (*import_check_name)(const char *name, lt_error *err);
	int (*package_export)(lt_package_summary *out, lt_archive *ar, const char *const *dossiers,
	                      size_t n, const char *out_path, const lt_package_options *opts,
	                      lt_error *err);
	int (*package_validate)(lt_package_summary *out, const char *path, lt_error *err);
	int (*package_import)(lt_package_summary *out, lt_archive *ar, const char *path,
	                      const lt_package_options *opts, lt_error *err);
} lt_archive_formats_api;

/* The part's entry (formats_module.c): the table, or NULL when abi is not
 * the module's own LT_MODULE_ABI. */
const void *lt_archive_formats_module(const char *abi);

#endif
