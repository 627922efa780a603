/*
 * service/api_search.c — GET /api/v1/search?q=&filters…&sort=&offset=
 * &limit=&facets= and POST /api/v1/search with the JSON query form
 * (search/request.h). Both build the same lt_search_request as the CLI.
 *
 * The request's principal bounds the search (search/search.h): its clearance
 * goes into the index query, so totals, facet counts and snippets never
 * reveal a record above it. Spans
 * are byte offsets into the UTF-8 snippet; the web UI turns them into
 * <mark>.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/buf.h"
#include "search/request.h"
#include "search/search.h"
#include "service/http.h"

static int parse_size(const char *s, size_t dflt, size_t min, size_t max, size_t *out)
{
	char *end = NULL;
	unsigned long long v;
	if (!s || !*s) {
		*out = dflt;
		return 0;
	}
	v = strtoull(s, &end, 10);
	if (*end || s[0] == '-' || v < min || v > max)
		return -1;
	*out = (size_t)v;
	return 0;
}

/* Vietnamese field names are accepted as parameters too. */
static const char *const VI_FILTERS[] = {"so",  "kyhieu", "coquan", "loai", "hoso",
                                         "nam", "ngay",   "phong",  "chuky"};

static int from_query(lt_search_request *r, lt_http_req *req, lt_error *err)
{
	const char *s;
	int rc = lt_search_request_add_text(r, lt_http_query(req, "q"), err);

	for (size_t i = 0; rc == 0 && i < lt_search_nfilters; i++)
		rc = lt_search_request_add_filter(r, lt_search_filter_names[i],
		                                  lt_http_query(req, lt_search_filter_names[i]),
		                                  err);
	for (size_t i = 0; rc == 0 && i < sizeof(VI_FILTERS) / sizeof(VI_FILTERS[0]); i++)
		rc = lt_search_request_add_filter(r, VI_FILTERS[i],
		                                  lt_http_query(req, VI_FILTERS[i]), err);
	if (rc)
		return rc;
	if (parse_size(lt_http_query(req, "limit"), 10, 1, LT_SEARCH_LIMIT_MAX, &r->opts.limit) ||
	    parse_size(lt_http_query(req, "offset"), 0, 0, LT_SEARCH_OFFSET_MAX, &r->opts.offset) ||
	    parse_size(lt_http_query(req, "facetLimit"), 20, 1, LT_SEARCH_FACET_MAX,
	               &r->opts.facet_max))
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("limit phải từ 1 đến 1000, offset từ 0 đến 100000, "
		                          "facetLimit từ 1 đến 100",
		                          "limit must be 1..1000, offset 0..100000, facetLimit "
		                          "1..100"));
	s = lt_http_query(req, "sort");
	if (s && *s && (rc = lt_search_request_set_sort(r, s, err)) != 0)
		return rc;
	s = lt_http_query(req, "facets");
	if (s && *s && (rc = lt_search_request_set_facets(r, s, err)) != 0)
		return rc;
	if (r->query.len == 0)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("thiếu từ khóa tìm kiếm (q) hoặc bộ lọc",
		                          "the query (q) or a filter is missing"));
	return 0;
}

static void run(lt_http_req *req, lt_search_request *r)
{
	lt_search_results res = LT_SEARCH_RESULTS_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar;
	lt_index *ix;

	r->opts.cache = lt_http_search_cache(req);
	ar = lt_http_archive(req, &err);
	ix = ar ? lt_http_index(req, &err) : NULL;
	if (!ix || lt_search_run(ix, lt_archive_catalog(ar), lt_buf_cstr(&r->query), &r->opts, &res,
	                         &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	/* Queued, not written here: a search must not wait for the catalog's
	 * write lock (an import holds it; docs/audit.md). */
	lt_http_audit_async(req, "search", NULL, lt_buf_cstr(&r->query));
	lt_http_reply_json(req, 200, lt_search_results_json(&res, &r->opts));
	lt_search_results_free(&res);
}

void lt_api_search(lt_http_req *req)
{
	lt_search_request r;
	lt_error err = LT_ERROR_INIT;

	lt_search_request_init(&r);
	if (from_query(&r, req, &err) != LT_OK)
		lt_http_reply_error(req, &err);
	else
		run(req, &r);
	lt_search_request_free(&r);
}

void lt_api_search_post(lt_http_req *req)
{
	lt_search_request r;
	lt_error err = LT_ERROR_INIT;

	lt_search_request_init(&r);
	if (lt_search_request_from_json(&r, lt_http_json(req), &err) != LT_OK)
		lt_http_reply_error(req, &err);
	else
		run(req, &r);
	lt_search_request_free(&r);
}
