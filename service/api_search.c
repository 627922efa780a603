/*
 * service/api_search.c — GET /api/v1/search?q=&limit=&offset=
 *
 * The caller's clearance goes into the index query (search/search.h), so
 * totals and snippets never reveal a record above it. Spans are byte
 * offsets into the UTF-8 snippet; the web UI turns them into <mark>.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/buf.h"
#include "search/search.h"
#include "service/http.h"

static int parse_size(const char *s, size_t dflt, size_t max, size_t *out)
{
	char *end = NULL;
	unsigned long long v;
	if (!s || !*s) {
		*out = dflt;
		return 0;
	}
	v = strtoull(s, &end, 10);
	if (*end || s[0] == '-' || v > max)
		return -1;
	*out = (size_t)v;
	return 0;
}

/* Filter parameters → the query language's field:value filters
 * (search/query.h), so a filter behaves exactly as typed in the box. */
static const struct {
	const char *param, *field;
} FILTERS[] = {
    {"type", "loai"},       {"year", "nam"},     {"organ", "coquan"},
    {"notation", "kyhieu"}, {"dossier", "hoso"}, {"date", "ngay"},
};

static int build_query(lt_buf *out, lt_http_req *req, const char *q)
{
	int rc = lt_buf_puts(out, q);
	for (size_t i = 0; rc == LT_OK && i < sizeof(FILTERS) / sizeof(FILTERS[0]); i++) {
		const char *v = lt_http_query(req, FILTERS[i].param);
		if (!v || !*v)
			continue;
		rc = lt_buf_printf(out, " %s:\"", FILTERS[i].field);
		for (const char *p = v; rc == LT_OK && *p; p++)
			if (*p != '"')
				rc = lt_buf_putc(out, *p);
		if (rc == LT_OK)
			rc = lt_buf_putc(out, '"');
	}
	return rc;
}

void lt_api_search(lt_http_req *req)
{
	lt_buf query = LT_BUF_INIT;
	lt_search_options opts = LT_SEARCH_OPTIONS_INIT;
	lt_search_results res = LT_SEARCH_RESULTS_INIT;
	lt_error err = LT_ERROR_INIT;
	const char *q = lt_http_query(req, "q");
	lt_archive *ar;
	lt_index *ix;
	json_t *hits, *j;

	if (!q || !*q) {
		lt_http_reply_status(
		    req, 400, "invalid",
		    LT_TR("thiếu từ khóa tìm kiếm (q)", "the query (q) is missing"));
		return;
	}
	if (parse_size(lt_http_query(req, "limit"), 10, LT_SEARCH_LIMIT_MAX, &opts.limit) ||
	    opts.limit == 0 ||
	    parse_size(lt_http_query(req, "offset"), 0, LT_SEARCH_OFFSET_MAX, &opts.offset)) {
		lt_http_reply_status(req, 400, "invalid",
		                     LT_TR("limit phải từ 1 đến 1000, offset từ 0 đến 100000",
		                           "limit must be 1..1000 and offset 0..100000"));
		return;
	}
	opts.clearance = lt_http_user(req)->clearance;
	ar = lt_http_archive(req, &err);
	ix = ar ? lt_http_index(req, &err) : NULL;
	if (ix && build_query(&query, req, q) != LT_OK)
		lt_error_set(&err, LT_ENOMEM, "out of memory");
	if (!ix || err.code ||
	    lt_search_run(ix, lt_archive_catalog(ar), lt_buf_cstr(&query), &opts, &res, &err) !=
	        LT_OK) {
		lt_buf_free(&query);
		lt_http_reply_error(req, &err);
		return;
	}
	hits = json_array();
	for (size_t i = 0; i < res.nhits; i++) {
		const lt_search_hit *h = &res.hits[i];
		json_t *spans = json_array();
		for (size_t k = 0; k < h->nspans; k++)
			json_array_append_new(spans,
			                      json_pack("[I, I]", (json_int_t)h->spans[k].offset,
			                                (json_int_t)h->spans[k].len));
		json_array_append_new(
		    hits, json_pack("{s:I, s:s, s:s?, s:s, s:f, s:i, s:s, s:o}", "id",
		                    (json_int_t)h->record_id, "uid", h->uid, "docId", h->doc_id,
		                    "title", h->title ? h->title : "", "score", h->score, "rank",
		                    h->rank, "snippet", h->snippet, "spans", spans));
	}
	j = json_pack("{s:I, s:I, s:I, s:o}", "total", (json_int_t)res.total, "limit",
	              (json_int_t)opts.limit, "offset", (json_int_t)opts.offset, "hits", hits);
	lt_http_audit(req, "search", NULL, lt_buf_cstr(&query));
	lt_buf_free(&query);
	lt_search_results_free(&res);
	lt_http_reply_json(req, 200, j);
}
