/* search/search.c — see search.h. */
#include "search/search.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/fields.h"
#include "archive/record.h"
#include "core/log.h"
#include "indexer/terms.h"
#include "indexer/xapian_shim.h"
#include "search/cache.h"
#include "search/query.h"
#include "search/snippet.h"

/* Count matches exactly up to here, so the totals people see on small
 * result sets (the usual case in one agency's archive) are exact. */
#define CHECK_AT_LEAST 1000
/* With facets, look at more matches so the counts are exact up to here. */
#define CHECK_AT_LEAST_FACETS 20000

static const char *const sort_names[] = {"relevance", "date_desc", "date_asc"};
static const char *const facet_names[] = {"type", "year", "organ", "dossier"};
static const unsigned facet_slots[] = {LT_SLOT_TYPE, LT_SLOT_YEAR, LT_SLOT_ORGAN,
                                       LT_SLOT_FILE_CODE};

const char *lt_search_sort_name(lt_search_sort s)
{
	return (unsigned)s < 3 ? sort_names[s] : "relevance";
}

int lt_search_sort_parse(const char *name)
{
	for (int i = 0; name && i < 3; i++)
		if (strcmp(name, sort_names[i]) == 0)
			return i;
	return -1;
}

const char *lt_search_facet_name(lt_search_facet f)
{
	return (unsigned)f < LT_FACET__COUNT ? facet_names[f] : "";
}

int lt_search_facet_parse(const char *name)
{
	for (int i = 0; name && i < LT_FACET__COUNT; i++)
		if (strcmp(name, facet_names[i]) == 0)
			return i;
	return -1;
}

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
	if (o->facets && (o->facet_max < 1 || o->facet_max > LT_SEARCH_FACET_MAX))
		return lt_error_set(
		    err, LT_EINVAL,
		    LT_TR("số giá trị mỗi nhóm lọc phải từ 1 đến %d, không phải %zu",
		          "values per facet must be 1 to %d, not %zu"),
		    LT_SEARCH_FACET_MAX, o->facet_max);
	if ((unsigned)o->sort > LT_SORT_DATE_ASC)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("cách sắp xếp không hợp lệ", "invalid sort order"));
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
		if (q->clauses[i].occur != LT_Q_MUST_NOT && q->clauses[i].kind != LT_QK_TERM)
			total += q->clauses[i].nwords;
	if (total == 0)
		return 0;
	w = calloc(total, sizeof(*w));
	if (!w)
		return oom(err);
	for (size_t i = 0; i < q->n; i++) {
		const lt_qclause *c = &q->clauses[i];
		if (c->occur == LT_Q_MUST_NOT || c->kind == LT_QK_TERM)
			continue;
		for (size_t j = 0; j < c->nwords; j++) {
			w[*n].folded = c->words[j].folded;
			w[*n].exact = c->words[j].exact;
			w[*n].accented = c->words[j].accented;
			w[*n].wildcard = c->words[j].wildcard;
			if (c->kind == LT_QK_PHRASE && c->nwords > 1) {
				w[*n].phrase_pos = j;
				w[*n].phrase_len = c->nwords;
			}
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
	const char *issued = lt_record_value(rec, LT_F_ISSUED_DATE);
	lt_buf text = LT_BUF_INIT, snip = LT_BUF_INIT;
	int rc;

	hit->record_id = rec->id;
	snprintf(hit->uid, sizeof(hit->uid), "%s", rec->uid);
	hit->title = strdup(lt_record_display_title(rec));
	hit->doc_id = doc_id ? strdup(doc_id) : NULL;
	hit->issued_date = issued ? strdup(issued) : NULL;
	if (!hit->title || (doc_id && !hit->doc_id) || (issued && !hit->issued_date))
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
	free(h->issued_date);
	free(h->title);
	free(h->snippet);
	free(h->spans);
}

void lt_facets_free(lt_facet *facets)
{
	for (int f = 0; f < LT_FACET__COUNT; f++) {
		lt_facet *fa = &facets[f];
		for (size_t i = 0; i < fa->n; i++) {
			free(fa->values[i].value);
			free(fa->values[i].label);
		}
		free(fa->values);
		fa->values = NULL;
		fa->n = 0;
		fa->wanted = 0;
	}
}

void lt_search_results_free(lt_search_results *res)
{
	if (!res)
		return;
	lt_facets_free(res->facets);
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
static int join_hits(lt_search_results *out, const lt_search_match *m, lt_catalog *cat,
                     const lt_search_options *opts, const lt_query *q, lt_error *err)
{
	lt_snippet_word *words = NULL;
	size_t nwords = 0, n = m->nrows;
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
		const lt_search_match_row *row = &m->rows[i];
		lt_record *rec = NULL;
		lt_search_hit *hit = &out->hits[out->nhits];

		if (row->record_id < 0) {
			lt_log_warn("search: index document %" PRIu32 " has no record id",
			            row->docid);
			continue;
		}
		rc = lt_record_load(&rec, cat, row->record_id, LT_RECORD_PAGES | LT_RECORD_FILES,
		                    err);
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
		hit->score = row->weight;
		hit->rank = row->rank + 1;
		rc = fill_hit(hit, rec, words, nwords, err);
		lt_record_free(rec);
		out->nhits++;
	}
	free(words);
	return rc;
}

typedef struct facet_ctx {
	lt_facet *facet;
	lt_search_facet which;
	size_t cap;
	int failed;
} facet_ctx;

static int facet_visit(void *ctx, const char *value, size_t len, uint64_t count)
{
	facet_ctx *c = ctx;
	lt_facet_value *v;
	const char *label = NULL;

	if (len == 0)
		return 0;
	if (c->facet->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		lt_facet_value *nv = realloc(c->facet->values, cap * sizeof(*nv));
		if (!nv) {
			c->failed = 1;
			return 1;
		}
		c->facet->values = nv;
		c->cap = cap;
	}
	v = &c->facet->values[c->facet->n];
	v->value = strndup(value, len);
	if (v->value && c->which == LT_FACET_TYPE)
		label = lt_codelist_label("typeName", v->value);
	v->label = strdup(label ? label : (v->value ? v->value : ""));
	v->count = count;
	if (!v->value || !v->label) {
		free(v->value);
		free(v->label);
		c->failed = 1;
		return 1;
	}
	c->facet->n++;
	return 0;
}

static int collect_facets(lt_facet *facets, lt_xspy *const *spies, const lt_search_options *opts,
                          lt_error *err)
{
	for (int f = 0; f < LT_FACET__COUNT; f++) {
		facet_ctx ctx = {&facets[f], (lt_search_facet)f, 0, 0};
		int rc;
		if (!spies[f])
			continue;
		facets[f].wanted = 1;
		rc = lt_xspy_top(spies[f], opts->facet_max, facet_visit, &ctx, err);
		if (rc)
			return rc;
		if (ctx.failed)
			return oom(err);
	}
	return 0;
}

/* The page's rows out of the match set. */
static int match_rows(lt_search_match *out, const lt_xmset *m, lt_error *err)
{
	size_t n = lt_xmset_size(m);
	lt_buf data = LT_BUF_INIT;
	int rc = 0;

	out->rows = n ? calloc(n, sizeof(*out->rows)) : NULL;
	if (n && !out->rows)
		return oom(err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		lt_search_match_row *row = &out->rows[i];
		char *end = NULL;
		long long id;

		lt_buf_reset(&data);
		rc = lt_xmset_data(m, i, &data, err);
		if (rc)
			break;
		id = strtoll(lt_buf_cstr(&data), &end, 10);
		row->record_id = data.len == 0 || *end != '\0' || id < 0 ? -1 : (int64_t)id;
		row->docid = lt_xmset_docid(m, i);
		row->rank = (int)lt_xmset_rank(m, i);
		row->weight = lt_xmset_weight(m, i);
		out->nrows++;
	}
	lt_buf_free(&data);
	return rc;
}

/* The dossier facet counts records by the dossier code the index holds; a
 * public record filed in a dossier the caller may not see (a dossier is at
 * the level of its most secret record) must not name that dossier. The
 * catalog shows a record's dossier code only when its dossier is visible
 * (archive/access.c), so a value no visible record carries is dropped. */
static int hide_dossier_facets(lt_facet *fa, lt_catalog *cat, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t k = 0;

	if (!fa->n)
		return 0;
	/* records.file_code is a masked column of the access view, which no
	 * index serves: the lookup goes by main.records' index on the code,
	 * and the row must still come through the view with that code shown
	 * (one lookup per value instead of a scan of every record). */
	if (lt_catalog_stmt(cat,
	                    "SELECT 1 FROM main.records m JOIN records r ON r.id = m.id"
	                    " WHERE m.file_code = ?1 AND r.file_code = ?1 LIMIT 1",
	                    &st) != SQLITE_OK)
		return lt_catalog_error(cat, err, "facets");
	for (size_t i = 0; i < fa->n; i++) {
		int seen;
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, fa->values[i].value, -1, SQLITE_STATIC);
		seen = sqlite3_step(st) == SQLITE_ROW;
		if (seen) {
			fa->values[k++] = fa->values[i];
		} else {
			free(fa->values[i].value);
			free(fa->values[i].label);
		}
	}
	fa->n = k;
	lt_catalog_stmt_done(cat, st);
	return 0;
}

/* The index half of a search: total, the page's rows and the facets. */
static int match_index(lt_index *ix, const lt_query *q, const lt_search_options *opts,
                       lt_search_match *out, lt_error *err)
{
	lt_xsearch_options xo = LT_XSEARCH_OPTIONS_INIT;
	lt_xquery *xq = NULL;
	lt_xmset *m = NULL;
	lt_xspy *spies[LT_FACET__COUNT] = {NULL};
	lt_xspy *attached[LT_FACET__COUNT];
	size_t nspies = 0;
	int rc;

	rc = lt_query_build_db(&xq, q, lt_query_ranking(), lt_index_xdb(ix), err);
	if (rc == 0)
		rc = add_clearance(&xq, opts->clearance, err);
	for (int f = 0; rc == 0 && f < LT_FACET__COUNT; f++)
		if (opts->facets & (1u << f)) {
			rc = lt_xspy_new(&spies[f], facet_slots[f], err);
			if (rc == 0)
				attached[nspies++] = spies[f];
		}
	if (rc == 0) {
		xo.offset = opts->offset;
		xo.limit = opts->limit;
		xo.check_at_least = nspies ? CHECK_AT_LEAST_FACETS : CHECK_AT_LEAST;
		xo.bm25_k1 = lt_query_ranking()->bm25_k1;
		xo.bm25_b = lt_query_ranking()->bm25_b;
		xo.bm25plus_delta = lt_query_ranking()->bm25_delta;
		if (opts->sort != LT_SORT_RELEVANCE) {
			xo.sort_slot = LT_SLOT_ISSUED_DATE;
			xo.sort_reverse = opts->sort == LT_SORT_DATE_DESC;
		}
		xo.spies = attached;
		xo.nspies = nspies;
		rc = lt_xdb_search(&m, lt_index_xdb(ix), xq, &xo, err);
	}
	if (rc == 0) {
		out->total = lt_xmset_estimated(m);
		rc = collect_facets(out->facets, spies, opts, err);
	}
	if (rc == 0)
		rc = match_rows(out, m, err);
	for (int f = 0; f < LT_FACET__COUNT; f++)
		lt_xspy_free(spies[f]);
	lt_xmset_free(m);
	lt_xquery_free(xq);
	return rc;
}

/* The index state a search reads (search/cache.h). 1: none to cache by
 * (several shards). */
static int index_state(lt_index *ix, lt_search_cache_state *state)
{
	if (lt_xdb_revision(lt_index_xdb(ix), &state->revision) != 0)
		return 1;
	state->generation = lt_search_cache_hash(lt_index_generation(ix));
	return 0;
}

/* Everything that decides the index half (search/cache.h); parse_key()
 * below reads it back. */
static int cache_key(lt_buf *key, const char *query, const lt_search_options *o)
{
	return lt_buf_printf(key, "%d\x1f%d\x1f%zu\x1f%zu\x1f%d\x1f%u\x1f%zu\x1f%s",
	                     (int)lt_lang_get(), o->clearance, o->offset, o->limit, (int)o->sort,
	                     o->facets, o->facet_max, query);
}

int lt_search_run(lt_index *ix, lt_catalog *cat, const char *query, const lt_search_options *opts,
                  lt_search_results *out, lt_error *err)
{
	lt_search_options defaults = LT_SEARCH_OPTIONS_INIT, bounded;
	lt_search_match match = LT_SEARCH_MATCH_INIT;
	lt_query q = LT_QUERY_INIT;
	lt_buf key = LT_BUF_INIT;
	lt_search_cache_state state;
	int rc, cached = 0, keyed = 0;

	memset(out, 0, sizeof(*out));
	if (!opts)
		opts = &defaults;
	rc = check_options(opts, err);
	/* The catalog's principal bounds the clearance (archive/access.h):
	 * the index filter and the catalog join then agree. */
	if (rc == 0 && opts->clearance > lt_catalog_principal(cat)->clearance) {
		bounded = *opts;
		bounded.clearance = lt_catalog_principal(cat)->clearance;
		if (bounded.clearance < 0)
			rc = lt_error_set(err, LT_EDENIED, "%s",
			                  LT_TR("chưa đăng nhập", "not signed in"));
		opts = &bounded;
	}
	if (rc == 0)
		rc = lt_query_parse(&q, query, err);
	/* The index first: a long question's words are weighed against it,
	 * and the cache key holds the revision it now reads. */
	if (rc == 0)
		rc = lt_index_refresh(ix, err);
	if (rc == 0 && opts->cache) {
		keyed = index_state(ix, &state) == 0 && cache_key(&key, query, opts) == 0;
		cached = keyed && lt_search_cache_get(opts->cache, lt_buf_cstr(&key), state,
		                                      &match) != LT_CACHE_MISS;
	}
	if (rc == 0 && !cached) {
		rc = match_index(ix, &q, opts, &match, err);
		if (keyed)
			lt_search_cache_put(opts->cache, lt_buf_cstr(&key), state,
			                    rc == 0 ? &match : NULL);
	}
	if (rc == 0) {
		out->total = match.total;
		/* The facets move over; the rows stay with the match. */
		memcpy(out->facets, match.facets, sizeof(out->facets));
		memset(match.facets, 0, sizeof(match.facets));
		rc = join_hits(out, &match, cat, opts, &q, err);
	}
	if (rc == 0)
		rc = hide_dossier_facets(&out->facets[LT_FACET_DOSSIER], cat, err);
	if (rc)
		lt_search_results_free(out);
	lt_search_match_free(&match);
	lt_buf_free(&key);
	lt_query_free(&q);
	return rc;
}

/* ---- the refresher ----------------------------------------------------- */

struct lt_search_refresher {
	lt_search_cache *cache;
	char *data_dir, *index_path;
	lt_index *ix; /* opened at the first key: the index may not exist yet */
	pthread_t thread;
};

/* A cache key (cache_key above) back into its query and options. */
static int parse_key(char *key, int *lang, lt_search_options *o, const char **query)
{
	long long f[7];
	char *p = key, *end;

	for (int i = 0; i < 7; i++) {
		f[i] = strtoll(p, &end, 10);
		if (end == p || *end != '\x1f' || f[i] < 0)
			return -1;
		p = end + 1;
	}
	*lang = (int)f[0];
	o->clearance = (int)f[1];
	o->offset = (size_t)f[2];
	o->limit = (size_t)f[3];
	o->sort = (lt_search_sort)f[4];
	o->facets = (unsigned)f[5];
	o->facet_max = (size_t)f[6];
	*query = p;
	return 0;
}

static void refresh_one(lt_search_refresher *r, char *key)
{
	lt_search_options o = LT_SEARCH_OPTIONS_INIT;
	lt_search_match match = LT_SEARCH_MATCH_INIT;
	lt_search_cache_state state = {0, 0};
	lt_error err = LT_ERROR_INIT;
	lt_query q = LT_QUERY_INIT;
	const char *query;
	int lang, rc;

	rc = parse_key(key, &lang, &o, &query) == 0 ? 0 : LT_EINVAL;
	if (rc == 0) {
		lt_lang_set_thread(lang);
		rc = check_options(&o, &err);
	}
	if (rc == 0)
		rc = lt_query_parse(&q, query, &err);
	if (rc == 0 && !r->ix)
		rc = lt_index_open_reader(&r->ix, r->data_dir, r->index_path, &err);
	if (rc == 0)
		rc = lt_index_refresh(r->ix, &err);
	if (rc == 0 && index_state(r->ix, &state) != 0)
		rc = LT_ERR;
	if (rc == 0)
		rc = match_index(r->ix, &q, &o, &match, &err);
	lt_search_cache_put(r->cache, key, state, rc == 0 ? &match : NULL);
	if (rc && err.code)
		lt_log_warn("search refresh: %s", err.message);
	lt_search_match_free(&match);
	lt_query_free(&q);
}

static void *refresher_main(void *arg)
{
	lt_search_refresher *r = arg;
	char *key;

	while ((key = lt_search_cache_next_refresh(r->cache)) != NULL) {
		refresh_one(r, key);
		free(key);
	}
	return NULL;
}

int lt_search_refresher_start(lt_search_refresher **out, lt_search_cache *cache,
                              const char *data_dir, const char *index_path, lt_error *err)
{
	lt_search_refresher *r = calloc(1, sizeof(*r));
	int rc;

	*out = NULL;
	if (!r)
		return oom(err);
	r->cache = cache;
	r->data_dir = strdup(data_dir);
	r->index_path = strdup(index_path);
	rc = r->data_dir && r->index_path ? 0 : oom(err);
	if (rc == 0 && pthread_create(&r->thread, NULL, refresher_main, r) != 0)
		rc = lt_error_set(err, LT_ERR, "%s",
		                  LT_TR("không tạo được luồng làm mới kết quả tìm kiếm",
		                        "cannot start the search refresher thread"));
	if (rc) {
		free(r->data_dir);
		free(r->index_path);
		free(r);
		return rc;
	}
	*out = r;
	return 0;
}

void lt_search_refresher_stop(lt_search_refresher *r)
{
	if (!r)
		return;
	lt_search_cache_stop_refresh(r->cache);
	pthread_join(r->thread, NULL);
	lt_index_free(r->ix);
	free(r->data_dir);
	free(r->index_path);
	free(r);
}
