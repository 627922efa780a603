/* search/search.c — see search.h. */
#include "search/search.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/record.h"
#include "core/log.h"
#include "indexer/terms.h"
#include "indexer/xapian_shim.h"
#include "search/query.h"
#include "search/snippet.h"

/* Count matches exactly up to here, so the totals people see on small
 * result sets (the usual case in one agency's archive) are exact. */
#define CHECK_AT_LEAST 1000

static int oom(lt_error *err)
{
	return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
}

static int check_options(const lt_search_options *o, lt_error *err)
{
	if (o->limit < 1 || o->limit > LT_SEARCH_LIMIT_MAX)
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("số kết quả mỗi trang phải từ 1 đến %d, không phải %zu",
		                          "hits per page must be 1 to %d, not %zu"),
		                    LT_SEARCH_LIMIT_MAX, o->limit);
	if (o->offset > LT_SEARCH_OFFSET_MAX)
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("vị trí bắt đầu phải từ 0 đến %d, không phải %zu",
		                          "offset must be 0 to %d, not %zu"),
		                    LT_SEARCH_OFFSET_MAX, o->offset);
	if (o->clearance < 0 || o->clearance > 3)
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("cấp độ mật được xem phải từ 0 đến 3, không phải %d",
		                          "clearance must be 0 to 3, not %d"),
		                    o->clearance);
	return 0;
}

/* q FILTER (XS0 OR ... OR XS<clearance>): a boolean filter inside the
 * match, so totals, facets and snippets never see a higher record. */
static int add_clearance(lt_xquery **q, int clearance, lt_error *err)
{
	lt_xquery *levels[4] = {NULL, NULL, NULL, NULL};
	lt_xquery *any = NULL, *filtered = NULL;
	const lt_xquery *pair[2];
	int rc = 0;

	for (int i = 0; rc == 0 && i <= clearance; i++) {
		char term[16];
		snprintf(term, sizeof(term), "%s%d", LT_TERM_SECRECY, i);
		rc = lt_xquery_term(&levels[i], term, strlen(term), err);
	}
	if (rc == 0)
		rc = lt_xquery_combine(&any, LT_XOP_OR, (const lt_xquery *const *)levels,
		                       (size_t)clearance + 1, 0, err);
	pair[0] = *q;
	pair[1] = any;
	if (rc == 0)
		rc = lt_xquery_combine(&filtered, LT_XOP_FILTER, pair, 2, 0, err);
	for (int i = 0; i < 4; i++)
		lt_xquery_free(levels[i]);
	lt_xquery_free(any);
	if (rc)
		return rc;
	lt_xquery_free(*q);
	*q = filtered;
	return 0;
}

/* The query's positive words, as the highlighter compares them. */
static int snippet_words(lt_snippet_word **out, size_t *n, const lt_query *q, lt_error *err)
{
	size_t total = 0;
	lt_snippet_word *w;

	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < q->n; i++)
		if (q->clauses[i].occur != LT_Q_MUST_NOT)
			total += q->clauses[i].nwords;
	if (total == 0)
		return 0;
	w = calloc(total, sizeof(*w));
	if (!w)
		return oom(err);
	for (size_t i = 0; i < q->n; i++) {
		const lt_qclause *c = &q->clauses[i];
		if (c->occur == LT_Q_MUST_NOT)
			continue;
		for (size_t j = 0; j < c->nwords; j++) {
			w[*n].folded = c->words[j].folded;
			w[*n].exact = c->words[j].exact;
			w[*n].accented = c->words[j].accented;
			w[*n].wildcard = c->words[j].wildcard;
			(*n)++;
		}
	}
	*out = w;
	return 0;
}

static int record_text(lt_buf *text, const lt_record *rec)
{
	const char *title = lt_record_value(rec, LT_F_TITLE);
	const char *subject = lt_record_value(rec, LT_F_SUBJECT);
	int rc = 0;

	if (title)
		rc |= lt_buf_printf(text, "%s\n", title);
	if (subject)
		rc |= lt_buf_printf(text, "%s\n", subject);
	rc |= lt_record_full_text(rec, text);
	return rc ? LT_ENOMEM : 0;
}

static int fill_hit(lt_search_hit *hit, const lt_record *rec, const lt_snippet_word *words,
                    size_t nwords, lt_error *err)
{
	const char *doc_id = lt_record_value(rec, LT_F_DOC_ID);
	lt_buf text = LT_BUF_INIT, snip = LT_BUF_INIT;
	int rc;

	hit->record_id = rec->id;
	snprintf(hit->uid, sizeof(hit->uid), "%s", rec->uid);
	hit->title = strdup(lt_record_display_title(rec));
	hit->doc_id = doc_id ? strdup(doc_id) : NULL;
	if (!hit->title || (doc_id && !hit->doc_id))
		return oom(err);
	if (record_text(&text, rec)) {
		lt_buf_free(&text);
		return oom(err);
	}
	rc = lt_snippet_make(&snip, &hit->spans, &hit->nspans, text.data ? text.data : "", text.len,
	                     words, nwords, LT_SNIPPET_CHARS, err);
	lt_buf_free(&text);
	if (rc == 0) {
		hit->snippet = lt_buf_detach(&snip);
		if (!hit->snippet)
			rc = oom(err);
	}
	lt_buf_free(&snip);
	return rc;
}

static void hit_free(lt_search_hit *h)
{
	free(h->doc_id);
	free(h->title);
	free(h->snippet);
	free(h->spans);
}

void lt_search_results_free(lt_search_results *res)
{
	if (!res)
		return;
	for (size_t i = 0; i < res->nhits; i++)
		hit_free(&res->hits[i]);
	free(res->hits);
	res->hits = NULL;
	res->nhits = 0;
	res->total = 0;
}

/* Join the page of hits with the catalog. A hit whose record is gone,
 * deleted or now above the clearance (the index lags the catalog by at
 * most one sync) is left out rather than shown stale. */
static int join_hits(lt_search_results *out, const lt_xmset *m, lt_catalog *cat,
                     const lt_search_options *opts, const lt_query *q, lt_error *err)
{
	lt_snippet_word *words = NULL;
	size_t nwords = 0, n = lt_xmset_size(m);
	lt_buf data = LT_BUF_INIT;
	int rc;

	rc = snippet_words(&words, &nwords, q, err);
	if (rc)
		return rc;
	out->hits = n ? calloc(n, sizeof(*out->hits)) : NULL;
	if (n && !out->hits) {
		free(words);
		return oom(err);
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		lt_record *rec = NULL;
		lt_search_hit *hit = &out->hits[out->nhits];
		char *end = NULL;
		long long id;

		lt_buf_reset(&data);
		rc = lt_xmset_data(m, i, &data, err);
		if (rc)
			break;
		id = strtoll(lt_buf_cstr(&data), &end, 10);
		if (data.len == 0 || *end != '\0') {
			lt_log_warn("search: index document %" PRIu32 " has no record id",
			            lt_xmset_docid(m, i));
			continue;
		}
		rc = lt_record_load(&rec, cat, id, LT_RECORD_PAGES | LT_RECORD_FILES, err);
		if (rc == LT_ENOTFOUND) {
			lt_error_clear(err);
			rc = 0;
			continue;
		}
		if (rc)
			break;
		if (rec->secrecy > opts->clearance ||
		    (rec->status && strcmp(rec->status, "deleted") == 0)) {
			lt_record_free(rec);
			continue;
		}
		memset(hit, 0, sizeof(*hit));
		hit->score = lt_xmset_weight(m, i);
		hit->rank = (int)lt_xmset_rank(m, i) + 1;
		rc = fill_hit(hit, rec, words, nwords, err);
		lt_record_free(rec);
		out->nhits++;
	}
	lt_buf_free(&data);
	free(words);
	return rc;
}

int lt_search_run(lt_index *ix, lt_catalog *cat, const char *query, const lt_search_options *opts,
                  lt_search_results *out, lt_error *err)
{
	lt_search_options defaults = LT_SEARCH_OPTIONS_INIT;
	lt_xsearch_options xo = LT_XSEARCH_OPTIONS_INIT;
	lt_query q = LT_QUERY_INIT;
	lt_xquery *xq = NULL;
	lt_xmset *m = NULL;
	lt_xdb *db = lt_index_xdb(ix);
	int rc;

	out->total = 0;
	out->hits = NULL;
	out->nhits = 0;
	if (!opts)
		opts = &defaults;
	rc = check_options(opts, err);
	if (rc == 0)
		rc = lt_query_parse(&q, query, err);
	if (rc == 0)
		rc = lt_query_build(&xq, &q, lt_query_ranking(), err);
	if (rc == 0)
		rc = add_clearance(&xq, opts->clearance, err);
	if (rc == 0)
		rc = lt_xdb_reopen(db, err);
	if (rc == 0) {
		xo.offset = opts->offset;
		xo.limit = opts->limit;
		xo.check_at_least = CHECK_AT_LEAST;
		xo.bm25_k1 = lt_query_ranking()->bm25_k1;
		xo.bm25_b = lt_query_ranking()->bm25_b;
		rc = lt_xdb_search(&m, db, xq, &xo, err);
	}
	if (rc == 0) {
		out->total = lt_xmset_estimated(m);
		rc = join_hits(out, m, cat, opts, &q, err);
	}
	if (rc)
		lt_search_results_free(out);
	lt_xmset_free(m);
	lt_xquery_free(xq);
	lt_query_free(&q);
	return rc;
}
