/*
 * service/http_module.c — the entry of luutru-http.so
 * (service/http_module.h).
 */
#include "service/http_module.h"

#include <string.h>

#include "gen/module_abi.h"

static const lt_http_module_api api = {
    .serve = lt_http_serve,
};

const void *lt_http_module(const char *abi)
{
	return abi && strcmp(abi, LT_MODULE_ABI) == 0 ? &api : NULL;
}
