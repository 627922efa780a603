/*
 * service/http_load.c — the binary's lt_http_serve: loads luutru-http.so
 * and runs the real one (http_module.h). Only the binary links this file;
 * the library and the tests have http.c.
 */
#include "service/http_module.h"

#include "core/module.h"

static lt_module http_module = LT_MODULE_INIT("http", "dịch vụ HTTP", "the HTTP service");

int lt_http_serve(const lt_http_options *opts, lt_error *err)
{
	const lt_http_module_api *m = lt_module_get(&http_module, err);
	return m ? m->serve(opts, err) : err ? err->code : LT_EIO;
}
