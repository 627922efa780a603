/*
 * core/module.h — the parts of luutru built as modules the binary loads on
 * first use (docs/startup.md).
 *
 * OCR (Tesseract, Leptonica), the legal forms' PDF (Pango, Cairo) and the
 * HTTP service (libmicrohttpd, GnuTLS) need large shared libraries —
 * seventy with everything they pull in — that a search, show or verify
 * never uses; loading them cost a CLI search most of its time. So their
 * code is built twice from the same sources: into build/libluutru.a,
 * which the tests link as they always did, and into a module per
 * concern, luutru-NAME.so beside the binary, which the binary opens with
 * dlopen the first time one of its functions is called (ocr/module.h,
 * archive/forms/module.h, service/http_module.h hold the tables).
 *
 * A module exports one function, lt_NAME_module(abi), that returns its
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
	const char *what_vi, *what_en; /* what it does, for the error message */
	pthread_mutex_t lock;
	int tried;
	const void *api;  /* the table, once loaded */
	char reason[384]; /* why loading failed (dlerror), when it did */
} lt_module;

#define LT_MODULE_INIT(name, what_vi, what_en)                                                     \
	{                                                                                          \
		name, what_vi, what_en, PTHREAD_MUTEX_INITIALIZER, 0, NULL,                        \
		{                                                                                  \
			0                                                                          \
		}                                                                                  \
	}

/* The module's table, loading it on the first call; NULL with LT_EIO in
 * err ("cannot load luutru's OCR module luutru-ocr.so: ...", naming the
 * file and what the system said) when it cannot be loaded. */
const void *lt_module_get(lt_module *m, lt_error *err);

/* The type of lt_NAME_module. */
typedef const void *(*lt_module_entry)(const char *abi);

#endif
