/*
 * ocr/load.c — the binary's OCR functions: each loads luutru-ocr.so on
 * first use and calls the real one through its table (ocr/module.h).
 *
 * Only the binary links this file; the library (build/libluutru.a) and
 * the tests have the real functions instead.
 */
#include "ocr/module.h"

#include "core/module.h"

static lt_module ocr_module = LT_MODULE_INIT("ocr", "nhận dạng chữ, OCR", "OCR");

static const lt_ocr_module_api *api(lt_error *err)
{
	return lt_module_get(&ocr_module, err);
}

/* For a function with no error to report: NULL only when there can be no
 * engine either (the module did not load), so there is nothing to do. */
static const lt_ocr_module_api *loaded(void)
{
	return lt_module_get(&ocr_module, NULL);
}

static int failed(const lt_error *err)
{
	return err ? err->code : LT_EIO;
}

int lt_ocr_probe(lt_ocr_probe_info *out, const char *path, const lt_ocr_limits *limits,
                 lt_error *err)
{
	const lt_ocr_module_api *m = api(err);
	return m ? m->probe(out, path, limits, err) : failed(err);
}

int lt_ocr_engine_new(lt_ocr_engine **out, const lt_ocr_options *opts, lt_error *err)
{
	const lt_ocr_module_api *m = api(err);
	*out = NULL;
	return m ? m->engine_new(out, opts, err) : failed(err);
}

void lt_ocr_engine_free(lt_ocr_engine *engine)
{
	const lt_ocr_module_api *m = loaded();
	if (m)
		m->engine_free(engine);
}

int lt_ocr_file(lt_ocr_engine *engine, const char *path, lt_ocr_result *out, lt_error *err)
{
	const lt_ocr_module_api *m = api(err);
	return m ? m->file(engine, path, out, err) : failed(err);
}

int lt_ocr_submit(lt_ocr_engine *engine, const char *path, void *tag, lt_error *err)
{
	const lt_ocr_module_api *m = api(err);
	return m ? m->submit(engine, path, tag, err) : failed(err);
}

int lt_ocr_next(lt_ocr_engine *engine, void **tag, lt_ocr_result *out, lt_error *err)
{
	const lt_ocr_module_api *m = api(err);
	return m ? m->next(engine, tag, out, err) : failed(err);
}

size_t lt_ocr_pending_pages(lt_ocr_engine *engine)
{
	const lt_ocr_module_api *m = loaded();
	return m ? m->pending_pages(engine) : 0;
}

unsigned lt_ocr_engine_workers(const lt_ocr_engine *engine)
{
	const lt_ocr_module_api *m = loaded();
	return m ? m->engine_workers(engine) : 0;
}

void lt_ocr_engine_set_progress(lt_ocr_engine *engine, lt_ocr_progress_fn fn, void *ctx)
{
	const lt_ocr_module_api *m = loaded();
	if (m)
		m->set_progress(engine, fn, ctx);
}

void lt_ocr_engine_set_doc_progress(lt_ocr_engine *engine, lt_ocr_doc_progress_fn fn, void *ctx)
{
	const lt_ocr_module_api *m = loaded();
	if (m)
		m->set_doc_progress(engine, fn, ctx);
}
