/* tests/unit/test_xapian_shim.c — the C face of Xapian: exceptions become
 * codes, documents, queries and searches work on a real database. */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "indexer/xapian_shim.h"

static char *db_path(const char *dir, const char *name)
{
	lt_buf b = LT_BUF_INIT;
	lt_buf_printf(&b, "%s/%s", dir, name);
	return lt_buf_detach(&b);
}

static void test_missing_readonly_is_not_found(void **state)
{
	(void)state;
	char *dir = lt_test_tmpdir();
	char *path = db_path(dir, "none");
	lt_error err = LT_ERROR_INIT;
	lt_xdb *db = NULL;

	assert_int_equal(lt_xdb_open(&db, path, 0, &err), LT_ENOTFOUND);
	assert_null(db);
	assert_int_equal(err.code, LT_ENOTFOUND);
	assert_non_null(strstr(err.message, "none"));
	free(path);
	lt_test_rmtree_free(dir);
}

static void test_second_writer_is_busy(void **state)
{
	(void)state;
	char *dir = lt_test_tmpdir();
	char *path = db_path(dir, "ix");
	lt_error err = LT_ERROR_INIT;
	lt_xdb *w1 = NULL, *w2 = NULL, *r = NULL;

	assert_int_equal(lt_xdb_open(&w1, path, LT_XDB_WRITE, &err), 0);
	assert_int_equal(lt_xdb_open(&w2, path, LT_XDB_WRITE, &err), LT_EBUSY);
	assert_null(w2);
	assert_true(strlen(err.message) > 0);
	/* Readers are fine while a writer holds the lock. */
	assert_int_equal(lt_xdb_open(&r, path, 0, &err), 0);
	lt_xdb_free(r);
	lt_xdb_free(w1);
	/* The lock goes with the writer. */
	assert_int_equal(lt_xdb_open(&w2, path, LT_XDB_WRITE, &err), 0);
	lt_xdb_free(w2);
	free(path);
	lt_test_rmtree_free(dir);
}

static void test_corrupt_or_garbage_is_an_error(void **state)
{
	(void)state;
	char *dir = lt_test_tmpdir();
	char *path = db_path(dir, "garbage");
	lt_error err = LT_ERROR_INIT;
	lt_xdb *db = NULL;
	int rc;

	/* A plain file where a database should be: never an exception, a code. */
	lt_test_write_file(path, "not a database", 14);
	rc = lt_xdb_open(&db, path, 0, &err);
	assert_true(rc < 0);
	assert_null(db);
	assert_true(strlen(err.message) > 0);
	free(path);
	lt_test_rmtree_free(dir);
}

static void test_bad_argument_is_einval(void **state)
{
	(void)state;
	char *dir = lt_test_tmpdir();
	char *path = db_path(dir, "ix");
	lt_error err = LT_ERROR_INIT;
	lt_xdb *db = NULL;
	lt_xdoc *doc = NULL;
	char longterm[300];

	assert_int_equal(lt_xdb_open(&db, path, LT_XDB_WRITE, &err), 0);
	/* An empty unique term is an InvalidArgumentError in Xapian. */
	assert_int_equal(lt_xdoc_new(&doc, &err), 0);
	assert_int_equal(lt_xdb_replace(db, "", doc, &err), LT_EINVAL);
	/* A term over Xapian's limit fails at commit time at the latest. */
	memset(longterm, 'a', sizeof(longterm) - 1);
	longterm[sizeof(longterm) - 1] = '\0';
	assert_int_equal(lt_xdoc_add_term(doc, longterm, strlen(longterm), &err), 0);
	{
		int rc = lt_xdb_replace(db, "Qx", doc, &err);
		if (rc == 0)
			rc = lt_xdb_commit(db, &err);
		assert_true(rc < 0);
		assert_true(strlen(err.message) > 0);
	}
	lt_xdoc_free(doc);
	lt_xdb_free(db);
	free(path);
	lt_test_rmtree_free(dir);
}

static void add_doc(lt_xdb *db, const char *uid, const char *words, const char *date,
                    const char *type)
{
	lt_error err = LT_ERROR_INIT;
	lt_xdoc *doc;
	char uterm[64], tterm[16];
	uint32_t pos = 0;
	const char *p = words;

	assert_int_equal(lt_xdoc_new(&doc, &err), 0);
	while (*p) {
		const char *e = strchr(p, ' ');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		assert_int_equal(lt_xdoc_add_posting(doc, p, n, ++pos, &err), 0);
		p += n;
		while (*p == ' ')
			p++;
	}
	snprintf(uterm, sizeof(uterm), "Q%s", uid);
	snprintf(tterm, sizeof(tterm), "XT%s", type);
	assert_int_equal(lt_xdoc_add_boolean_term(doc, uterm, strlen(uterm), &err), 0);
	assert_int_equal(lt_xdoc_add_boolean_term(doc, tterm, strlen(tterm), &err), 0);
	assert_int_equal(lt_xdoc_add_value(doc, 0, date, strlen(date), &err), 0);
	assert_int_equal(lt_xdoc_add_value(doc, 2, type, strlen(type), &err), 0);
	assert_int_equal(lt_xdoc_set_data(doc, uid, strlen(uid), &err), 0);
	assert_true(lt_xdoc_has_term(doc, uterm));
	assert_false(lt_xdoc_has_term(doc, "Qnothing"));
	assert_int_equal(lt_xdb_replace(db, uterm, doc, &err), 0);
	lt_xdoc_free(doc);
}

static lt_xquery *term(const char *t)
{
	lt_xquery *q = NULL;
	assert_int_equal(lt_xquery_term(&q, t, strlen(t), NULL), 0);
	return q;
}

static lt_xquery *combine2(lt_xop op, lt_xquery *a, lt_xquery *b, unsigned window)
{
	const lt_xquery *v[2] = {a, b};
	lt_xquery *q = NULL;
	assert_int_equal(lt_xquery_combine(&q, op, v, 2, window, NULL), 0);
	lt_xquery_free(a);
	lt_xquery_free(b);
	return q;
}

static size_t count(lt_xdb *db, lt_xquery *q)
{
	lt_xsearch_options o = LT_XSEARCH_OPTIONS_INIT;
	lt_xmset *m = NULL;
	lt_error err = LT_ERROR_INIT;
	size_t n;

	o.limit = 100;
	assert_int_equal(lt_xdb_search(&m, db, q, &o, &err), 0);
	n = lt_xmset_size(m);
	assert_int_equal(lt_xmset_estimated(m), n);
	lt_xmset_free(m);
	lt_xquery_free(q);
	return n;
}

static int visit(void *ctx, const char *value, size_t len, uint64_t n)
{
	lt_buf *b = ctx;
	lt_buf_printf(b, "%.*s=%llu;", (int)len, value, (unsigned long long)n);
	return 0;
}

static void test_documents_queries_search(void **state)
{
	(void)state;
	char *dir = lt_test_tmpdir();
	char *path = db_path(dir, "ix");
	lt_error err = LT_ERROR_INIT;
	lt_xdb *db = NULL, *r = NULL;
	uint64_t n = 0;
	lt_buf b = LT_BUF_INIT;

	assert_int_equal(lt_xdb_open(&db, path, LT_XDB_WRITE, &err), 0);
	add_doc(db, "a", "quyet dinh bo nhiem can bo", "20210304", "02");
	add_doc(db, "b", "cong van ve viec bo nhiem", "20200101", "05");
	add_doc(db, "c", "quyet dinh khen thuong", "20211231", "02");
	add_doc(db, "a", "quyet dinh bo nhiem can bo moi", "20210304", "02"); /* replaces a */
	assert_int_equal(lt_xdb_metadata_set(db, "k", "v", &err), 0);
	assert_int_equal(lt_xdb_commit(db, &err), 0);
	assert_int_equal(lt_xdb_doc_count(db, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(lt_xdb_term_freq(db, "quyet", &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(lt_xdb_metadata_get(db, "k", &b, &err), 0);
	assert_string_equal(lt_buf_cstr(&b), "v");
	lt_buf_reset(&b);
	assert_int_equal(lt_xdb_metadata_get(db, "missing", &b, &err), 0);
	assert_int_equal(b.len, 0);

	assert_int_equal(count(db, term("nhiem")), 2);
	assert_int_equal(count(db, combine2(LT_XOP_AND, term("quyet"), term("nhiem"), 0)), 1);
	assert_int_equal(count(db, combine2(LT_XOP_OR, term("khen"), term("cong"), 0)), 2);
	assert_int_equal(count(db, combine2(LT_XOP_AND_NOT, term("nhiem"), term("quyet"), 0)), 1);
	assert_int_equal(count(db, combine2(LT_XOP_AND_MAYBE, term("nhiem"), term("quyet"), 0)), 2);
	assert_int_equal(count(db, combine2(LT_XOP_FILTER, term("bo"), term("XT05"), 0)), 1);
	assert_int_equal(count(db, combine2(LT_XOP_PHRASE, term("bo"), term("nhiem"), 0)), 2);
	assert_int_equal(count(db, combine2(LT_XOP_PHRASE, term("nhiem"), term("bo"), 0)), 0);
	assert_int_equal(count(db, combine2(LT_XOP_NEAR, term("nhiem"), term("quyet"), 4)), 1);
	assert_int_equal(count(db, combine2(LT_XOP_SYNONYM, term("khen"), term("cong"), 0)), 2);
	{
		lt_xquery *q = NULL;
		assert_int_equal(lt_xquery_value_range(&q, 0, "20210101", "20211231", &err), 0);
		assert_int_equal(count(db, q), 2);
		assert_int_equal(lt_xquery_value_range(&q, 0, "20210305", NULL, &err), 0);
		assert_int_equal(count(db, q), 1);
		assert_int_equal(lt_xquery_wildcard(&q, "nhi", 10, &err), 0);
		assert_int_equal(count(db, q), 2);
		assert_int_equal(lt_xquery_wildcard(&q, "zz", 10, &err), 0);
		assert_int_equal(count(db, q), 0);
		assert_int_equal(lt_xquery_match_all(&q, &err), 0);
		assert_int_equal(count(db, q), 3);
		assert_int_equal(lt_xquery_match_nothing(&q, &err), 0);
		assert_true(lt_xquery_is_empty(q));
		assert_int_equal(count(db, q), 0);
	}

	/* Ranking, weights, data, values, sorting, facets — from a reader. */
	assert_int_equal(lt_xdb_open(&r, path, 0, &err), 0);
	{
		lt_xsearch_options o = LT_XSEARCH_OPTIONS_INIT;
		lt_xmset *m = NULL;
		lt_xspy *spy = NULL;
		lt_xquery *q = NULL, *s = NULL;
		assert_int_equal(lt_xspy_new(&spy, 2, &err), 0);
		q = combine2(LT_XOP_OR, term("quyet"), term("cong"), 0);
		/* Scale "cong" up so the cong document ranks first. */
		assert_int_equal(lt_xquery_scale(&s, q, 1.0, &err), 0);
		lt_xquery_free(s);
		lt_xquery_free(q);
		{
			lt_xquery *c = term("cong"), *cs = NULL;
			assert_int_equal(lt_xquery_scale(&cs, c, 10.0, &err), 0);
			lt_xquery_free(c);
			q = combine2(LT_XOP_OR, term("quyet"), cs, 0);
		}
		lt_buf_reset(&b);
		assert_int_equal(lt_xquery_describe(q, &b), 0);
		assert_non_null(strstr(lt_buf_cstr(&b), "cong"));
		o.spies = &spy;
		o.nspies = 1;
		assert_int_equal(lt_xdb_search(&m, r, q, &o, &err), 0);
		assert_int_equal(lt_xmset_size(m), 3);
		lt_buf_reset(&b);
		assert_int_equal(lt_xmset_data(m, 0, &b, &err), 0);
		assert_string_equal(lt_buf_cstr(&b), "b");
		assert_int_equal(lt_xmset_rank(m, 0), 0);
		assert_true(lt_xmset_weight(m, 0) > lt_xmset_weight(m, 1));
		assert_true(lt_xmset_docid(m, 0) > 0);
		lt_buf_reset(&b);
		assert_int_equal(lt_xmset_value(m, 0, 0, &b, &err), 0);
		assert_string_equal(lt_buf_cstr(&b), "20200101");
		lt_xmset_free(m);
		assert_int_equal(lt_xspy_total(spy), 3);
		lt_buf_reset(&b);
		assert_int_equal(lt_xspy_top(spy, 10, visit, &b, &err), 0);
		assert_string_equal(lt_buf_cstr(&b), "02=2;05=1;");

		/* Sort by date, newest first; then a page of one. */
		o.spies = NULL;
		o.nspies = 0;
		o.sort_slot = 0;
		o.sort_reverse = 1;
		assert_int_equal(lt_xdb_search(&m, r, q, &o, &err), 0);
		lt_buf_reset(&b);
		assert_int_equal(lt_xmset_data(m, 0, &b, &err), 0);
		assert_string_equal(lt_buf_cstr(&b), "c");
		lt_xmset_free(m);
		o.offset = 1;
		o.limit = 1;
		assert_int_equal(lt_xdb_search(&m, r, q, &o, &err), 0);
		assert_int_equal(lt_xmset_size(m), 1);
		assert_int_equal(lt_xmset_rank(m, 0), 1);
		assert_int_equal(lt_xmset_estimated(m), 3);
		lt_xmset_free(m);
		/* BM25 parameters are taken. */
		o.offset = 0;
		o.limit = 10;
		o.sort_slot = -1;
		o.bm25_k1 = 1.6;
		o.bm25_b = 0.9;
		assert_int_equal(lt_xdb_search(&m, r, q, &o, &err), 0);
		assert_int_equal(lt_xmset_size(m), 3);
		lt_xmset_free(m);
		lt_xquery_free(q);
		lt_xspy_free(spy);
	}

	/* A reader sees the next commit after reopen. */
	assert_int_equal(lt_xdb_delete(db, "Qb", &err), 0);
	assert_int_equal(lt_xdb_commit(db, &err), 0);
	assert_int_equal(lt_xdb_reopen(r, &err), 0);
	assert_int_equal(lt_xdb_doc_count(r, &n, &err), 0);
	assert_int_equal(n, 2);
	/* Writes on a reader are refused with a code, not a crash. */
	assert_true(lt_xdb_metadata_set(r, "k", "v", &err) < 0);

	/* A cancelled transaction leaves nothing behind. */
	assert_int_equal(lt_xdb_begin(db, &err), 0);
	assert_int_equal(lt_xdb_delete(db, "Qa", &err), 0);
	lt_xdb_cancel_tx(db);
	assert_int_equal(lt_xdb_doc_count(db, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(lt_xdb_begin(db, &err), 0);
	assert_int_equal(lt_xdb_delete(db, "Qa", &err), 0);
	assert_int_equal(lt_xdb_commit_tx(db, &err), 0);
	assert_int_equal(lt_xdb_doc_count(db, &n, &err), 0);
	assert_int_equal(n, 1);

	{
		lt_buf s = LT_BUF_INIT, t = LT_BUF_INIT;
		assert_int_equal(lt_x_sortable_serialise(&s, 9.0), 0);
		assert_int_equal(lt_x_sortable_serialise(&t, 10.0), 0);
		assert_true(
		    memcmp(s.data, t.data, s.len < t.len ? s.len : t.len) < 0 ||
		    (memcmp(s.data, t.data, s.len < t.len ? s.len : t.len) == 0 && s.len < t.len));
		assert_true(lt_x_sortable_unserialise(t.data, t.len) == 10.0);
		lt_buf_free(&s);
		lt_buf_free(&t);
	}

	lt_buf_free(&b);
	lt_xdb_free(r);
	lt_xdb_free(db);
	lt_xdb_free(NULL);
	lt_xdoc_free(NULL);
	lt_xquery_free(NULL);
	lt_xmset_free(NULL);
	lt_xspy_free(NULL);
	free(path);
	lt_test_rmtree_free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_missing_readonly_is_not_found),
	    cmocka_unit_test(test_second_writer_is_busy),
	    cmocka_unit_test(test_corrupt_or_garbage_is_an_error),
	    cmocka_unit_test(test_bad_argument_is_einval),
	    cmocka_unit_test(test_documents_queries_search),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
