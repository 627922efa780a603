/* search/eval.c — see eval.h. */
#include "search/eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/fs.h"
#include "core/text.h"
#include "indexer/terms.h"
#include "indexer/xapian_shim.h"

/* Test collections are a few MB; refuse anything absurd. */
#define EVAL_FILE_MAX (256u * 1024 * 1024)

typedef struct eval_query {
	char *id;
	char *text;
	char **relevant;
	size_t nrelevant;
} eval_query;

struct lt_eval {
	lt_xdb *db;
	size_t ndocs;
	eval_query *queries;
	size_t nqueries;
};

static int oom(lt_error *err)
{
	return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
}

/* Call fn for every JSON object line of path. */
static int each_json_line(const char *path, int (*fn)(void *ctx, json_t *obj, lt_error *err),
                          void *ctx, lt_error *err)
{
	lt_buf data = LT_BUF_INIT;
	char *line, *next;
	size_t lineno = 0;
	int rc;

	rc = lt_fs_read_file(&data, path, EVAL_FILE_MAX, err);
	if (rc) {
		lt_buf_free(&data);
		return rc;
	}
	for (line = data.data; rc == 0 && line && *line; line = next) {
		json_error_t jerr;
		json_t *obj;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		if (*line == '\0')
			continue;
		obj = json_loads(line, 0, &jerr);
		if (!obj || !json_is_object(obj)) {
			rc = lt_error_set(err, LT_EINVAL, "%s:%zu: %s", path, lineno,
			                  obj ? "not an object" : jerr.text);
			json_decref(obj);
			break;
		}
		rc = fn(ctx, obj, err);
		json_decref(obj);
	}
	lt_buf_free(&data);
	return rc;
}

static int add_doc(void *ctx, json_t *obj, lt_error *err)
{
	lt_eval *ev = ctx;
	const char *id = json_string_value(json_object_get(obj, "id"));
	const char *title = json_string_value(json_object_get(obj, "title"));
	const char *text = json_string_value(json_object_get(obj, "text"));
	lt_buf term = LT_BUF_INIT;
	lt_xdoc *doc = NULL;
	int rc;

	if (!id)
		return lt_error_set(err, LT_EINVAL, "corpus: a document without \"id\"");
	rc = lt_terms_plain_doc(&doc, id, title ? title : "", text ? text : "", err);
	if (rc == 0 && lt_terms_uid(&term, id))
		rc = oom(err);
	if (rc == 0)
		rc = lt_xdb_replace(ev->db, term.data, doc, err);
	if (rc == 0)
		ev->ndocs++;
	lt_buf_free(&term);
	lt_xdoc_free(doc);
	return rc;
}

static int add_query(void *ctx, json_t *obj, lt_error *err)
{
	lt_eval *ev = ctx;
	const char *id = json_string_value(json_object_get(obj, "id"));
	const char *text = json_string_value(json_object_get(obj, "text"));
	eval_query *q;

	if (!id || !text)
		return lt_error_set(err, LT_EINVAL, "queries: a query without \"id\" or \"text\"");
	q = realloc(ev->queries, (ev->nqueries + 1) * sizeof(*q));
	if (!q)
		return oom(err);
	ev->queries = q;
	q = &ev->queries[ev->nqueries++];
	memset(q, 0, sizeof(*q));
	q->id = strdup(id);
	q->text = strdup(text);
	return q->id && q->text ? 0 : oom(err);
}

static int read_qrels(lt_eval *ev, const char *path, lt_error *err)
{
	lt_buf data = LT_BUF_INIT;
	char *line, *next;
	int rc;

	rc = lt_fs_read_file(&data, path, EVAL_FILE_MAX, err);
	for (line = data.data; rc == 0 && line && *line; line = next) {
		char qid[256], zero[16], docid[512];
		int rel = 0;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (sscanf(line, "%255s %15s %511s %d", qid, zero, docid, &rel) != 4 || rel <= 0)
			continue;
		for (size_t i = 0; i < ev->nqueries; i++) {
			eval_query *q = &ev->queries[i];
			char **r;
			if (strcmp(q->id, qid) != 0)
				continue;
			r = realloc(q->relevant, (q->nrelevant + 1) * sizeof(*r));
			if (!r) {
				rc = oom(err);
				break;
			}
			q->relevant = r;
			r[q->nrelevant] = strdup(docid);
			if (!r[q->nrelevant++])
				rc = oom(err);
			break;
		}
	}
	lt_buf_free(&data);
	return rc;
}

void lt_eval_free(lt_eval *ev)
{
	if (!ev)
		return;
	for (size_t i = 0; i < ev->nqueries; i++) {
		for (size_t j = 0; j < ev->queries[i].nrelevant; j++)
			free(ev->queries[i].relevant[j]);
		free(ev->queries[i].relevant);
		free(ev->queries[i].id);
		free(ev->queries[i].text);
	}
	free(ev->queries);
	lt_xdb_free(ev->db);
	free(ev);
}

size_t lt_eval_doc_count(const lt_eval *ev)
{
	return ev->ndocs;
}

int lt_eval_open(lt_eval **out, const char *dir, const char *index_path, lt_error *err)
{
	lt_buf path = LT_BUF_INIT;
	lt_eval *ev;
	int rc;

	*out = NULL;
	ev = calloc(1, sizeof(*ev));
	if (!ev)
		return oom(err);
	rc = lt_xdb_open(&ev->db, index_path, LT_XDB_WRITE, err);
	if (rc == 0 && lt_buf_printf(&path, "%s/corpus.jsonl", dir))
		rc = oom(err);
	if (rc == 0)
		rc = each_json_line(path.data, add_doc, ev, err);
	if (rc == 0)
		rc = lt_xdb_commit(ev->db, err);
	lt_buf_reset(&path);
	if (rc == 0 && lt_buf_printf(&path, "%s/queries.jsonl", dir))
		rc = oom(err);
	if (rc == 0)
		rc = each_json_line(path.data, add_query, ev, err);
	lt_buf_reset(&path);
	if (rc == 0 && lt_buf_printf(&path, "%s/qrels.tsv", dir))
		rc = oom(err);
	if (rc == 0)
		rc = read_qrels(ev, path.data, err);
	lt_buf_free(&path);
	if (rc) {
		lt_eval_free(ev);
		return rc;
	}
	*out = ev;
	return 0;
}

/* Plain BM25 baselines: every word of the text as one term, OR'ed. */
static int baseline_query(lt_xquery **out, const char *text, int exact, lt_error *err)
{
	lt_buf term = LT_BUF_INIT;
	lt_xquery **terms = NULL;
	size_t n = 0, cap = 0;
	lt_text_iter it;
	int rc = 0;

	*out = NULL;
	lt_text_iter_init(&it, text, strlen(text));
	while (rc == 0 && lt_text_iter_next(&it)) {
		if (it.word_len > LT_TERMS_WORD_MAX)
			continue;
		lt_buf_reset(&term);
		rc = exact ? lt_terms_exact(&term, it.word, it.word_len, err)
		           : lt_terms_folded(&term, it.word, it.word_len, err);
		if (rc)
			break;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			lt_xquery **t = realloc(terms, ncap * sizeof(*t));
			if (!t) {
				rc = oom(err);
				break;
			}
			terms = t;
			cap = ncap;
		}
		rc = lt_xquery_term(&terms[n], term.data, term.len, err);
		if (rc == 0)
			n++;
	}
	if (rc == 0 && n == 0)
		rc = lt_xquery_match_nothing(out, err);
	else if (rc == 0)
		rc = lt_xquery_combine(out, LT_XOP_OR, (const lt_xquery *const *)terms, n, 0, err);
	for (size_t i = 0; i < n; i++)
		lt_xquery_free(terms[i]);
	free(terms);
	lt_buf_free(&term);
	return rc;
}

static int build(lt_xquery **out, lt_eval_system sys, const lt_query_tuning *t, const char *text,
                 lt_xdb *db, lt_error *err)
{
	lt_query q = LT_QUERY_INIT;
	int rc;

	if (sys != LT_EVAL_LUUTRU)
		return baseline_query(out, text, sys == LT_EVAL_BM25_EXACT, err);
	rc = lt_query_parse(&q, text, err);
	if (rc == 0)
		rc = lt_query_build_db(out, &q, t, db, err);
	lt_query_free(&q);
	return rc;
}

int lt_eval_run(lt_eval *ev, lt_eval_system sys, const lt_query_tuning *t, int stripped,
                lt_eval_result *out, lt_error *err)
{
	lt_xsearch_options xo = LT_XSEARCH_OPTIONS_INIT;
	lt_buf text = LT_BUF_INIT, data = LT_BUF_INIT;
	double hits = 0, rr = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	xo.limit = 10;
	xo.bm25_k1 = t->bm25_k1;
	xo.bm25_b = t->bm25_b;
	for (size_t i = 0; rc == 0 && i < ev->nqueries; i++) {
		const eval_query *q = &ev->queries[i];
		lt_xquery *xq = NULL;
		lt_xmset *m = NULL;
		lt_error qerr = LT_ERROR_INIT;

		if (q->nrelevant == 0)
			continue;
		out->queries++;
		lt_buf_reset(&text);
		if (stripped)
			rc = lt_text_fold(&text, q->text, LT_TEXT_STRLEN, err);
		else
			rc = lt_buf_puts(&text, q->text) ? oom(err) : 0;
		if (rc)
			break;
		/* A query the parser refuses counts as a miss, not a failure. */
		if (build(&xq, sys, t, text.data, ev->db, &qerr))
			continue;
		rc = lt_xdb_search(&m, ev->db, xq, &xo, err);
		lt_xquery_free(xq);
		for (size_t r = 0; rc == 0 && r < lt_xmset_size(m); r++) {
			int relevant = 0;
			lt_buf_reset(&data);
			rc = lt_xmset_data(m, r, &data, err);
			for (size_t j = 0; rc == 0 && j < q->nrelevant; j++)
				relevant |= strcmp(q->relevant[j], lt_buf_cstr(&data)) == 0;
			if (relevant) {
				hits += 1;
				rr += 1.0 / (double)(r + 1);
				break;
			}
		}
		lt_xmset_free(m);
	}
	lt_buf_free(&text);
	lt_buf_free(&data);
	if (rc == 0 && out->queries) {
		out->hit10 = hits / (double)out->queries;
		out->mrr10 = rr / (double)out->queries;
	}
	return rc;
}
