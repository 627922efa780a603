/* search/request.c — see request.h. */
#include "search/request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *field, *english;
} FILTERS[] = {
    {"so", "number"}, {"kyhieu", "notation"},  {"coquan", "organ"},
    {"loai", "type"}, {"hoso", "dossier"},     {"nam", "year"},
    {"ngay", "date"}, {"phong", "department"}, {"chuky", "signature"},
};
#define NFILTERS (sizeof(FILTERS) / sizeof(FILTERS[0]))

const char *const lt_search_filter_names[] = {
    "number", "notation", "organ", "type", "dossier", "year", "date", "department", "signature"};
const size_t lt_search_nfilters = NFILTERS;

static int oom(lt_error *err)
{
	return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
}

void lt_search_request_init(lt_search_request *r)
{
	lt_search_options d = LT_SEARCH_OPTIONS_INIT;
	lt_buf b = LT_BUF_INIT;
	r->query = b;
	r->opts = d;
}

void lt_search_request_free(lt_search_request *r)
{
	lt_buf_free(&r->query);
}

int lt_search_request_add_text(lt_search_request *r, const char *text, lt_error *err)
{
	if (!text || !*text)
		return 0;
	if ((r->query.len && lt_buf_putc(&r->query, ' ')) || lt_buf_puts(&r->query, text))
		return oom(err);
	return 0;
}

int lt_search_request_add_filter(lt_search_request *r, const char *name, const char *value,
                                 lt_error *err)
{
	const char *field = NULL;

	for (size_t i = 0; i < NFILTERS && !field; i++)
		if (strcmp(name, FILTERS[i].field) == 0 || strcmp(name, FILTERS[i].english) == 0)
			field = FILTERS[i].field;
	if (!field)
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("bộ lọc không có: \"%s\" (có: so, kyhieu, coquan, loai, "
		                          "hoso, nam, ngay, phong, chuky)",
		                          "no such filter: \"%s\" (there are: so, kyhieu, coquan, "
		                          "loai, hoso, nam, ngay, phong, chuky)"),
		                    name);
	if (!value || !*value)
		return 0;
	if (strchr(value, '"'))
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("bộ lọc %s: giá trị không được chứa dấu \"",
		                          "filter %s: the value must not contain \""),
		                    field);
	if ((r->query.len && lt_buf_putc(&r->query, ' ')) ||
	    lt_buf_printf(&r->query, "%s:\"%s\"", field, value))
		return oom(err);
	return 0;
}

int lt_search_request_set_facets(lt_search_request *r, const char *list, lt_error *err)
{
	const char *p = list;

	r->opts.facets = 0;
	if (strcmp(list, "all") == 0) {
		r->opts.facets = (1u << LT_FACET__COUNT) - 1;
		return 0;
	}
	while (*p) {
		char name[32];
		size_t n = strcspn(p, ", ");
		int f;
		if (n == 0) {
			p++;
			continue;
		}
		snprintf(name, sizeof(name), "%.*s", (int)(n < 31 ? n : 31), p);
		f = lt_search_facet_parse(name);
		if (f < 0 || n > 31)
			return lt_error_set(
			    err, LT_EINVAL,
			    LT_TR("nhóm lọc không có: \"%s\" (có: type, year, organ, "
			          "dossier, all)",
			          "no such facet: \"%s\" (there are: type, year, organ, "
			          "dossier, all)"),
			    name);
		r->opts.facets |= 1u << f;
		p += n;
	}
	return 0;
}

int lt_search_request_set_sort(lt_search_request *r, const char *name, lt_error *err)
{
	int s = lt_search_sort_parse(name);
	if (s < 0)
		return lt_error_set(
		    err, LT_EINVAL,
		    LT_TR("cách sắp xếp không có: \"%s\" (có: relevance, date_desc, "
		          "date_asc)",
		          "no such sort: \"%s\" (there are: relevance, date_desc, "
		          "date_asc)"),
		    name);
	r->opts.sort = (lt_search_sort)s;
	return 0;
}

static int bad_type(lt_error *err, const char *key, const char *want)
{
	return lt_error_set(
	    err, LT_EINVAL,
	    LT_TR("truy vấn JSON: \"%s\" phải là %s", "JSON query: \"%s\" must be %s"), key, want);
}

static int json_size(const json_t *v, const char *key, size_t min, size_t max, size_t *out,
                     lt_error *err)
{
	json_int_t n;
	if (!json_is_integer(v))
		return bad_type(err, key, LT_TR("số nguyên", "a whole number"));
	n = json_integer_value(v);
	if (n < (json_int_t)min || (json_int_t)max < n)
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("truy vấn JSON: \"%s\" phải từ %zu đến %zu",
		                          "JSON query: \"%s\" must be %zu to %zu"),
		                    key, min, max);
	*out = (size_t)n;
	return 0;
}

int lt_search_request_from_json(lt_search_request *r, const json_t *j, lt_error *err)
{
	const char *key;
	json_t *v;
	int rc = 0;

	if (!json_is_object(j))
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("truy vấn JSON phải là một đối tượng {...}",
		                          "a JSON query must be an object {...}"));
	json_object_foreach((json_t *)j, key, v)
	{
		if (rc)
			break;
		if (strcmp(key, "q") == 0) {
			if (!json_is_string(v))
				rc = bad_type(err, key, LT_TR("chuỗi", "a string"));
			else
				rc = lt_search_request_add_text(r, json_string_value(v), err);
		} else if (strcmp(key, "filters") == 0) {
			const char *fk;
			json_t *fv;
			if (!json_is_object(v)) {
				rc = bad_type(err, key, LT_TR("đối tượng", "an object"));
				break;
			}
			json_object_foreach(v, fk, fv)
			{
				char num[32];
				const char *s = NULL;
				if (rc)
					break;
				if (json_is_string(fv))
					s = json_string_value(fv);
				else if (json_is_integer(fv)) {
					snprintf(num, sizeof(num), "%lld",
					         (long long)json_integer_value(fv));
					s = num;
				} else if (!json_is_null(fv)) {
					rc = bad_type(
					    err, fk,
					    LT_TR("chuỗi hoặc số", "a string or a number"));
					break;
				}
				rc = lt_search_request_add_filter(r, fk, s, err);
			}
		} else if (strcmp(key, "sort") == 0) {
			if (!json_is_string(v))
				rc = bad_type(err, key, LT_TR("chuỗi", "a string"));
			else
				rc = lt_search_request_set_sort(r, json_string_value(v), err);
		} else if (strcmp(key, "offset") == 0) {
			rc = json_size(v, key, 0, LT_SEARCH_OFFSET_MAX, &r->opts.offset, err);
		} else if (strcmp(key, "limit") == 0) {
			rc = json_size(v, key, 1, LT_SEARCH_LIMIT_MAX, &r->opts.limit, err);
		} else if (strcmp(key, "facetLimit") == 0) {
			rc = json_size(v, key, 1, LT_SEARCH_FACET_MAX, &r->opts.facet_max, err);
		} else if (strcmp(key, "facets") == 0) {
			size_t i;
			json_t *f;
			if (!json_is_array(v)) {
				rc = bad_type(err, key, LT_TR("mảng", "an array"));
				break;
			}
			r->opts.facets = 0;
			json_array_foreach(v, i, f)
			{
				int k = json_is_string(f)
				            ? lt_search_facet_parse(json_string_value(f))
				            : -1;
				if (k < 0) {
					rc = lt_error_set(
					    err, LT_EINVAL, "%s",
					    LT_TR(
					        "truy vấn JSON: facets chỉ gồm \"type\", \"year\", "
					        "\"organ\", \"dossier\"",
					        "JSON query: facets are \"type\", \"year\", "
					        "\"organ\", "
					        "\"dossier\""));
					break;
				}
				r->opts.facets |= 1u << k;
			}
		} else {
			rc = lt_error_set(err, LT_EINVAL,
			                  LT_TR("truy vấn JSON: khóa không có: \"%s\"",
			                        "JSON query: unknown key \"%s\""),
			                  key);
		}
	}
	if (rc == 0 && r->query.len == 0)
		rc = lt_error_set(err, LT_EINVAL, "%s",
		                  LT_TR("truy vấn JSON: cần \"q\" hoặc \"filters\"",
		                        "JSON query: \"q\" or \"filters\" is needed"));
	return rc;
}

json_t *lt_search_results_json(const lt_search_results *res, const lt_search_options *opts)
{
	json_t *hits = json_array(), *root;

	for (size_t i = 0; i < res->nhits; i++) {
		const lt_search_hit *h = &res->hits[i];
		json_t *spans = json_array();
		for (size_t k = 0; k < h->nspans; k++)
			json_array_append_new(spans,
			                      json_pack("[I, I]", (json_int_t)h->spans[k].offset,
			                                (json_int_t)h->spans[k].len));
		json_array_append_new(
		    hits,
		    json_pack("{s:I, s:s, s:s?, s:s, s:s?, s:f, s:i, s:s, s:o}", "id",
		              (json_int_t)h->record_id, "uid", h->uid, "docId", h->doc_id, "title",
		              h->title ? h->title : "", "issuedDate", h->issued_date, "score",
		              h->score, "rank", h->rank, "snippet", h->snippet, "spans", spans));
	}
	root = json_pack("{s:I, s:I, s:I, s:s, s:o}", "total", (json_int_t)res->total, "offset",
	                 (json_int_t)opts->offset, "limit", (json_int_t)opts->limit, "sort",
	                 lt_search_sort_name(opts->sort), "hits", hits);
	if (opts->facets) {
		json_t *facets = json_object();
		for (int f = 0; f < LT_FACET__COUNT; f++) {
			json_t *arr;
			if (!res->facets[f].wanted)
				continue;
			arr = json_array();
			for (size_t i = 0; i < res->facets[f].n; i++) {
				const lt_facet_value *v = &res->facets[f].values[i];
				json_array_append_new(
				    arr, json_pack("{s:s, s:s, s:I}", "value", v->value, "label",
				                   v->label, "count", (json_int_t)v->count));
			}
			json_object_set_new(facets, lt_search_facet_name((lt_search_facet)f), arr);
		}
		json_object_set_new(root, "facets", facets);
	}
	return root;
}
