/*
 * search/request.h — one search request in the forms people and programs
 * send it: the query language, CLI options, a JSON object, HTTP query
 * parameters. All of them end as the same query text plus
 * lt_search_options, so they behave exactly alike (docs/search.md).
 *
 * The JSON form:
 *   {"q": "quyet dinh tuyen dung",
 *    "filters": {"loai": "QĐ", "nam": 2021, "coquan": "Sở Nội vụ",
 *                "ngay": "2021-01-01..2021-06-30"},
 *    "sort": "date_desc", "offset": 0, "limit": 20,
 *    "facets": ["type", "year", "organ", "dossier"], "facetLimit": 20}
 * Every key is optional, but q or a filter must be given. Filter names
 * are the query language's fields (so, kyhieu, coquan, loai, hoso, nam,
 * ngay, phong) or their English names (number, notation, organ, type,
 * dossier, year, date, department); a value is a string or a whole
 * number. A filter becomes ` field:"value"` appended to q: the same
 * terms the query language makes. Unknown keys, wrong types and values
 * with a '"' are refused (LT_EINVAL), naming the key.
 */
#ifndef LT_SEARCH_REQUEST_H
#define LT_SEARCH_REQUEST_H

#include <jansson.h>

#include "core/buf.h"
#include "core/error.h"
#include "search/search.h"

typedef struct lt_search_request {
	lt_buf query; /* query language text, filters appended */
	lt_search_options opts;
} lt_search_request;

void lt_search_request_init(lt_search_request *r);
void lt_search_request_free(lt_search_request *r);

/* Append free text to the query. */
int lt_search_request_add_text(lt_search_request *r, const char *text, lt_error *err);
/* Add one filter by name (Vietnamese field or English name); an empty
 * value is ignored. */
int lt_search_request_add_filter(lt_search_request *r, const char *name, const char *value,
                                 lt_error *err);
/* "type,year" or "all" → opts.facets. */
int lt_search_request_set_facets(lt_search_request *r, const char *list, lt_error *err);
int lt_search_request_set_sort(lt_search_request *r, const char *name, lt_error *err);
/* The JSON form above. The clearance is not part of it: the caller sets
 * opts.clearance from who is asking. */
int lt_search_request_from_json(lt_search_request *r, const json_t *j, lt_error *err);

/* The English filter names in order, for HTTP query parameters. */
extern const char *const lt_search_filter_names[];
extern const size_t lt_search_nfilters;

/* The answer: {"total", "offset", "limit", "sort", "hits": [{"id", "uid",
 * "docId", "title", "issuedDate", "score", "rank", "snippet", "spans"}],
 * "facets": {"type": [{"value", "label", "count"}], ...}} ("facets" only
 * when some were asked for). New reference. */
json_t *lt_search_results_json(const lt_search_results *res, const lt_search_options *opts);

#endif
