/*
 * service/http_module.h — the HTTP service module, luutru-http.so
 * (core/module.h).
 *
 * The HTTP service (http.c, http_guard.c, the api_*.c handlers and the
 * web UI's files) is the only user of libmicrohttpd, which brings GnuTLS
 * and its libraries; it is built into luutru-http.so, and the binary's
 * lt_http_serve (http_load.c) loads it when `luutru serve` starts. Its one
 * entry is lt_http_serve; the tests link the real one directly.
 */
#ifndef LT_SERVICE_HTTP_MODULE_H
#define LT_SERVICE_HTTP_MODULE_H

#include "service/http.h"

typedef struct lt_http_module_api {
	int (*serve)(const lt_http_options *opts, lt_error *err);
} lt_http_module_api;

/* The module's entry (http_module.c): the table, or NULL when abi is not
 * the module's own LT_MODULE_ABI. */
const void *lt_http_module(const char *abi);

#endif
