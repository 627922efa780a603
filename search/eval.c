/* search/eval.c — see eval.h. */
#include "search/eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/fs.h"
#include "archive/record.h"
#include "core/text.h"
#include "indexer/synonyms.h"
#include "indexer/terms.h"
#include "indexer/xapian_shim.h"

/* Test collections are a few MB; refuse anything absurd. */
#define EVAL_FILE_MAX (256u * 1024 * 1024)

typedef struct eval_query {
	char *id;
	char *text;
	char **relevant;
	size_t nrelevant;
	unsigned classes; /* bit (1u << lt_eval_class) */
} eval_query;

struct lt_eval {
	lt_xdb *db;
	size_t ndocs;
	int reuse;  /* the index was built before: read the ids only */
	char **ids; /* ids[n - 1]: the collection's id of document data "n" */
	eval_query *queries;
	size_t nqueries;
};

static const char *const class_names[LT_EVAL__CLASSES] = {"abbr", "heading", "short", "docnum",
                                                          "other"};

const char *lt_eval_class_name(lt_eval_class c)
{
	return (unsigned)c < LT_EVAL__CLASSES ? class_names[c] : "";
}

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

/* A document with catalog fields, as the archive would index it. */
static int record_doc(lt_xdoc **out, json_t *obj, const char *key, const char *title,
                      const char *text, lt_error *err)
{
	const char *number = json_string_value(json_object_get(obj, "doc_number"));
	const char *law = json_string_value(json_object_get(obj, "law_id"));
	lt_record_page page;
	lt_record rec;
	char *num = NULL;
	int rc;

	memset(&rec, 0, sizeof(rec));
	memset(&page, 0, sizeof(page));
	rec.id = strtoll(key, NULL, 10);
	snprintf(rec.uid, sizeof(rec.uid), "%s", key);
	rec.values[LT_F_TITLE] = (char *)title;
	rec.values[LT_F_SUBJECT] = (char *)json_string_value(json_object_get(obj, "doc_title"));
	rec.values[LT_F_ORGAN_NAME] = (char *)json_string_value(json_object_get(obj, "issuer"));
	if (!number || !*number)
		number = law;
	/* "57/2020/QH14": number 57, notation 2020/QH14. */
	if (number && strchr(number, '/')) {
		num = strdup(number);
		if (!num)
			return oom(err);
		*strchr(num, '/') = '\0';
		rec.values[LT_F_CODE_NUMBER] = num;
		rec.values[LT_F_CODE_NOTATION] = num + strlen(num) + 1;
	}
	page.page_no = 1;
	page.text = (char *)text;
	rec.pages = &page;
	rec.npages = 1;
	rc = lt_terms_record_doc(out, &rec, err);
	free(num);
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
	char key[24];
	char **ids;
	int rc;

	if (!id)
		return lt_error_set(err, LT_EINVAL, "corpus: a document without \"id\"");
	ids = realloc(ev->ids, (ev->ndocs + 1) * sizeof(*ids));
	if (!ids)
		return oom(err);
	ev->ids = ids;
	ids[ev->ndocs] = strdup(id);
	if (!ids[ev->ndocs])
		return oom(err);
	snprintf(key, sizeof(key), "%zu", ev->ndocs + 1);
	if (ev->reuse) {
		ev->ndocs++;
		return 0;
	}
	if (json_object_get(obj, "doc_number") || json_object_get(obj, "law_id") ||
	    json_object_get(obj, "issuer"))
		rc = record_doc(&doc, obj, key, title ? title : "", text ? text : "", err);
	else
		rc = lt_terms_plain_doc(&doc, key, title ? title : "", text ? text : "", err);
	if (rc == 0 && lt_terms_uid(&term, key))
		rc = oom(err);
	if (rc == 0)
		rc = lt_xdb_replace(ev->db, term.data, doc, err);
	if (rc == 0)
		ev->ndocs++;
	else
		free(ids[ev->ndocs]);
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
	{
		json_t *classes = json_object_get(obj, "classes"), *c;
		size_t k;
		json_array_foreach(classes, k, c)
		{
			for (unsigned j = 0; j < LT_EVAL__CLASSES; j++)
				if (json_is_string(c) &&
				    strcmp(json_string_value(c), class_names[j]) == 0)
					q->classes |= 1u << j;
		}
	}
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
	for (size_t i = 0; i < ev->ndocs; i++)
		free(ev->ids[i]);
	free(ev->ids);
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
	/* An index this function built and finished (bench/relevance.c's
	 * --keep-index): only the ids are read again. */
	if (rc == 0 && lt_xdb_metadata_get(ev->db, "eval.done", &path, err) == 0 && path.len)
		ev->reuse = 1;
	lt_buf_reset(&path);
	if (rc == 0 && lt_buf_printf(&path, "%s/corpus.jsonl", dir))
		rc = oom(err);
	if (rc == 0)
		rc = each_json_line(path.data, add_doc, ev, err);
	if (rc == 0 && !ev->reuse)
		rc = lt_xdb_metadata_set(ev->db, "eval.done", "1", err);
	/* The curated abbreviations, as every archive's index has them. */
	if (rc == 0)
		rc = lt_synonyms_write(ev->db, NULL, err);
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
	double chits[LT_EVAL__CLASSES] = {0}, crr[LT_EVAL__CLASSES] = {0};
	int rc = 0;

	memset(out, 0, sizeof(*out));
	xo.limit = 10;
	xo.bm25_k1 = t->bm25_k1;
	xo.bm25_b = t->bm25_b;
	xo.bm25plus_delta = t->bm25_delta;
	for (size_t i = 0; rc == 0 && i < ev->nqueries; i++) {
		const eval_query *q = &ev->queries[i];
		lt_xquery *xq = NULL;
		lt_xmset *m = NULL;
		lt_error qerr = LT_ERROR_INIT;

		if (q->nrelevant == 0)
			continue;
		out->queries++;
		for (unsigned c = 0; c < LT_EVAL__CLASSES; c++)
			out->class_queries[c] += (q->classes >> c) & 1;
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
			const char *id;
			size_t n;
			int relevant = 0;
			lt_buf_reset(&data);
			rc = lt_xmset_data(m, r, &data, err);
			n = rc == 0 ? strtoul(lt_buf_cstr(&data), NULL, 10) : 0;
			id = n >= 1 && n <= ev->ndocs ? ev->ids[n - 1] : "";
			for (size_t j = 0; rc == 0 && j < q->nrelevant; j++)
				relevant |= strcmp(q->relevant[j], id) == 0;
			if (relevant) {
				hits += 1;
				rr += 1.0 / (double)(r + 1);
				for (unsigned c = 0; c < LT_EVAL__CLASSES; c++)
					if ((q->classes >> c) & 1) {
						chits[c] += 1;
						crr[c] += 1.0 / (double)(r + 1);
					}
				break;
			}
		}
		/* LT_EVAL_TRACE=1: each query's rank of its first relevant
		 * document (0: none in the first ten), to compare two runs. */
		if (getenv("LT_EVAL_TRACE")) {
			size_t rank = 0;
			for (size_t r = 0; rc == 0 && r < lt_xmset_size(m) && !rank; r++) {
				size_t n;
				lt_buf_reset(&data);
				if (lt_xmset_data(m, r, &data, NULL))
					break;
				n = strtoul(lt_buf_cstr(&data), NULL, 10);
				for (size_t j = 0; n >= 1 && n <= ev->ndocs && j < q->nrelevant;
				     j++)
					if (strcmp(q->relevant[j], ev->ids[n - 1]) == 0)
						rank = r + 1;
			}
			fprintf(stderr, "%s\t%d\t%zu\t%s\n", q->id, stripped, rank, text.data);
		}
		lt_xmset_free(m);
	}
	lt_buf_free(&text);
	lt_buf_free(&data);
	if (rc == 0 && out->queries) {
		out->hit10 = hits / (double)out->queries;
		out->mrr10 = rr / (double)out->queries;
	}
	for (unsigned c = 0; rc == 0 && c < LT_EVAL__CLASSES; c++)
		if (out->class_queries[c]) {
			out->class_hit10[c] = chits[c] / (double)out->class_queries[c];
			out->class_mrr10[c] = crr[c] / (double)out->class_queries[c];
		}
	return rc;
}
