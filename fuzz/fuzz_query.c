/* fuzz/fuzz_query.c — the search query parser (search/query.c) and the
 * Xapian query built from what it accepts. Input: the query text. */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz/fuzz_util.h"
#include "indexer/xapian_shim.h"
#include "search/query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = lt_fuzz_cstr(data, size);
	lt_query q = LT_QUERY_INIT;
	lt_error err = LT_ERROR_INIT;

	if (lt_query_parse(&q, text, &err) == LT_OK) {
		lt_xquery *xq = NULL;
		if (lt_query_build(&xq, &q, lt_query_ranking(), &err) == LT_OK)
			lt_xquery_free(xq);
	}
	lt_query_free(&q);
	free(text);
	return 0;
}
