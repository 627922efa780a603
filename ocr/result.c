/*
 * ocr/result.c — the parts of ocr.h's engine API that need no engine:
 * freeing a result and the default number of workers. They are here, not
 * in engine.c, so that the binary has them without loading the OCR module
 * (ocr/module.h): a caller frees an empty result whether or not OCR ever
 * ran.
 */
#include "ocr/ocr.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

unsigned lt_ocr_default_workers(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > LT_OCR_MAX_WORKERS ? LT_OCR_MAX_WORKERS : (unsigned)n;
}

void lt_ocr_result_free(lt_ocr_result *res)
{
	if (!res)
		return;
	for (size_t i = 0; i < res->npages; i++) {
		free(res->pages[i].text);
		free(res->pages[i].error);
		free(res->pages[i].word_conf);
	}
	free(res->pages);
	res->pages = NULL;
	res->npages = 0;
	if (res->searchable_pdf) {
		char *slash = strrchr(res->searchable_pdf, '/');
		unlink(res->searchable_pdf);
		if (slash) {
			*slash = '\0';
			rmdir(res->searchable_pdf); /* the private temp directory */
		}
		free(res->searchable_pdf);
		res->searchable_pdf = NULL;
	}
}
