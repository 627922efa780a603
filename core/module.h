/*
 * core/module.h — the parts of luutru built as modules the binary loads on
 * first use (docs/startup.md).
 *
 * OCR (Tesseract, Leptonica), the legal forms' PDF (Pango, Cairo), the
 * HTTP service (libmicrohttpd, GnuTLS) and the file formats (libarchive,
 * libxml2 with ICU, libxlsxwriter) need large shared libraries — eighty
 * with everything they pull in — that a search, show or verify never
 * uses; loading them cost a CLI search most of its time. So their
 * code is built twice from the same sources: into build/libluutru.a,
 * which the tests link as they always did, and into a module per
 * concern, luutru-NAME.so beside the binary, which the binary opens with
 * dlopen the first time one of its functions is called (ocr/module.h,
 * archive/forms/module.h, service/http_module.h, and the three parts of
 * luutru-formats.so, LT_FORMATS_MODULE_INIT, hold the tables).
 *
 * A module exports one function, lt_NAME_module(abi) (one per part), that returns its
 * table, or NULL when it was built from other headers than the binary
 * (LT_MODULE_ABI, a hash of every header, made by the Makefile): a module
 * left from another build is refused, not called with the wrong layouts.
 * The module's own calls to luutru's functions (core/, the light parts of
 * its layer) resolve to the binary's, which exports them for it.
 *
 * Thread-safe: the first caller loads, concurrent callers wait for it; a
 * module is never unloaded. A load that fails is not retried, and every
 * call after it fails the same way, in the caller's language.
 */
#ifndef LT_CORE_MODULE_H
#define LT_CORE_MODULE_H

#include <pthread.h>

#include "core/error.h"

typedef struct lt_module {
	const char *name;              /* "ocr": luutru-ocr.so, entry lt_ocr_module */
	const char *entry;             /* the entry's name, when not name's: "x": lt_x_module */
	const char *what_vi, *what_en; /* what it does, for the error message */
	pthread_mutex_t lock;
	int tried;
	const void *api;  /* the table, once loaded */
	char reason[384]; /* why loading failed (dlerror), when it did */
} lt_module;

#define LT_MODULE_INIT(name, what_vi, what_en) LT_MODULE_INIT_ENTRY(name, NULL, what_vi, what_en)

/* One part of a module whose code spans layers: each layer has its own
 * table and entry (lt_ENTRY_module) in the same file, so that no layer
 * includes a higher one's headers; each part is loaded (the file once)
 * and fails on its own. */
#define LT_MODULE_INIT_ENTRY(name, entry, what_vi, what_en)                                        \
	{                                                                                          \
		name, entry, what_vi, what_en, PTHREAD_MUTEX_INITIALIZER, 0, NULL,                 \
		{                                                                                  \
			0                                                                          \
		}                                                                                  \
	}

/* luutru-formats.so: what needs libarchive, libxml2 or libxlsxwriter —
 * the office and e-mail readers (ocr/formats/module.h), import and
 * packages (archive/formats_module.h), reports as XLSX
 * (retention/formats_module.h). One file, an entry per layer. */
#define LT_FORMATS_MODULE_INIT(entry)                                                              \
	LT_MODULE_INIT_ENTRY("formats", entry, "định dạng tệp: văn phòng, thư điện tử, gói, XLSX", \
	                     "file formats: office, e-mail, packages, XLSX")

/* The module's table, loading it on the first call; NULL with LT_EIO in
 * err ("cannot load luutru's OCR module luutru-ocr.so: ...", naming the
 * file and what the system said) when it cannot be loaded. */
const void *lt_module_get(lt_module *m, lt_error *err);

/* The type of lt_NAME_module. */
typedef const void *(*lt_module_entry)(const char *abi);

#endif
