/* tests/unit/test_search.c — Vietnamese-aware matching, clearance,
 * snippets and bad queries, on a real catalog and index. */
#include "tests/unit/support.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "archive/archive.h"
#include "core/buf.h"
#include "core/text.h"
#include "archive/synonyms.h"
#include "indexer/index.h"
#include "indexer/terms.h"
#include "search/cache.h"
#include "search/query.h"
#include "search/request.h"
#include "search/search.h"
#include "search/snippet.h"

typedef struct fixture {
	char *tmp;
	lt_archive *ar;
	lt_catalog *cat;
	lt_index *ix;
} fixture;

typedef struct rec_spec {
	const char *uid, *title, *page;
	int secrecy;
	const char *issued; /* ISO date */
	const char *type;   /* typeName code */
	const char *organ, *file_code, *number, *notation;
} rec_spec;

static const rec_spec records[] = {
    {"r-hoso", "Hồ sơ tuyển dụng công chức năm 2021",
     "Căn cứ Luật Cán bộ, công chức. Quyết định số 12 về việc tuyển dụng công chức "
     "vào làm việc tại Sở Nội vụ.",
     0, "2021-03-04", "02", "Sở Nội vụ", "01.TCCB", "12", "QĐ-SNV"},
    {"r-the", "Thể lệ cuộc thi viết", "Ban hành thể lệ cuộc thi.", 0, "2020-05-06", "05",
     "UBND tỉnh Nam Định", "02.VP", "34", "TB-UBND"},
    {"r-thegioi", "Thế giới quan", "Bài viết về thế giới.", 0, "2019-01-02", "05",
     "UBND tỉnh Nam Định", "02.VP", NULL, NULL},
    {"r-hoa", "Hòa giải ở cơ sở", "Công tác hòa giải năm 2022.", 0, "2022-07-08", "02",
     "Sở Tư pháp", "03.TP", "56", "QĐ-STP"},
    {"r-secret", "Kế hoạch phòng thủ", "Phương án zebra bảo vệ.", 2, "2021-09-10", "02",
     "Sở Nội vụ", "01.TCCB", NULL, NULL},
    {"r-plain", "quyet dinh phe duyet du an", "van ban go khong dau ve quyet dinh", 0, "2021-11-12",
     "02", "Sở Nội vụ", "01.TCCB", NULL, NULL},
};

static void exec_sql(lt_catalog *cat, const char *sql)
{
	lt_error err = LT_ERROR_INIT;
	if (lt_catalog_exec(cat, sql, &err))
		fail_msg("%s: %s", sql, err.message);
}

static void bind_opt(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static void add_record(lt_catalog *cat, const rec_spec *r)
{
	sqlite3 *db = lt_catalog_db(cat);
	sqlite3_stmt *st = NULL;
	int64_t id;

	exec_sql(cat, "BEGIN");
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	                       "INSERT INTO main.records(uid, title, secrecy, issued_date,"
	                       " type_name, organ_name, file_code, code_number,"
	                       " code_notation, doc_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                       -1, &st, NULL),
	    SQLITE_OK);
	bind_opt(st, 1, r->uid);
	bind_opt(st, 2, r->title);
	sqlite3_bind_int(st, 3, r->secrecy);
	bind_opt(st, 4, r->issued);
	bind_opt(st, 5, r->type);
	bind_opt(st, 6, r->organ);
	bind_opt(st, 7, r->file_code);
	bind_opt(st, 8, r->number);
	bind_opt(st, 9, r->notation);
	bind_opt(st, 10, r->uid);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	id = sqlite3_last_insert_rowid(db);
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	                       "INSERT INTO main.pages(record_id, page_no, text) VALUES (?, 1, ?)",
	                       -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	bind_opt(st, 2, r->page);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "INSERT INTO main.index_outbox(record_id, uid, op)"
	                                    " VALUES (?, ?, 'upsert')",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	bind_opt(st, 2, r->uid);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	exec_sql(cat, "COMMIT");
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	lt_buf dir = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_index *w = NULL;

	f->tmp = lt_test_tmpdir();
	lt_buf_printf(&dir, "%s/data", f->tmp);
	if (lt_archive_open(&f->ar, dir.data, LT_ARCHIVE_CREATE, &err))
		fail_msg("lt_archive_open: %s", err.message);
	lt_buf_free(&dir);
	f->cat = lt_archive_catalog(f->ar);
	/* Secret records in the fixture: a deployment declared isolated (rule 43). */
	lt_catalog_set_isolated(f->cat, 1);
	for (size_t i = 0; i < sizeof(records) / sizeof(records[0]); i++)
		add_record(f->cat, &records[i]);
	if (lt_index_open(&w, lt_archive_index_path(f->ar), LT_INDEX_WRITE, &err) ||
	    lt_index_sync(w, f->cat, NULL, &err))
		fail_msg("index: %s", err.message);
	lt_index_free(w);
	/* Search through a reader, as the service does. */
	if (lt_index_open(&f->ix, lt_archive_index_path(f->ar), 0, &err))
		fail_msg("index: %s", err.message);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	lt_index_free(f->ix);
	lt_archive_free(f->ar);
	lt_test_rmtree_free(f->tmp);
	free(f);
	return 0;
}

static lt_search_results run(fixture *f, const char *q, int clearance)
{
	lt_search_options o = LT_SEARCH_OPTIONS_INIT;
	o.clearance = 0; /* as an officer of clearance 0 */
	lt_search_results res = LT_SEARCH_RESULTS_INIT;
	lt_error err = LT_ERROR_INIT;

	o.clearance = clearance;
	if (lt_search_run(f->ix, f->cat, q, &o, &res, &err))
		fail_msg("search \"%s\": %s", q, err.message);
	assert_int_equal(res.total, res.nhits);
	return res;
}

static int has_uid(const lt_search_results *r, const char *uid)
{
	for (size_t i = 0; i < r->nhits; i++)
		if (strcmp(r->hits[i].uid, uid) == 0)
			return (int)i + 1;
	return 0;
}

static void test_folded_and_exact(void **state)
{
	fixture *f = *state;
	lt_search_results r;

	r = run(f, "ho so", 0);
	assert_true(has_uid(&r, "r-hoso"));
	lt_search_results_free(&r);

	r = run(f, "quyet dinh", 0);
	assert_true(has_uid(&r, "r-hoso"));
	assert_true(has_uid(&r, "r-plain"));
	lt_search_results_free(&r);

	/* Typed with diacritics: the exact record first, then the one
	 * written without diacritics. */
	r = run(f, "quyết định", 0);
	assert_int_equal(has_uid(&r, "r-hoso"), 1);
	assert_int_equal(has_uid(&r, "r-plain"), 2);
	lt_search_results_free(&r);

	r = run(f, "thể", 0);
	assert_true(has_uid(&r, "r-the"));
	assert_false(has_uid(&r, "r-thegioi"));
	assert_int_equal(r.total, 1);
	lt_search_results_free(&r);

	r = run(f, "the", 0);
	assert_true(has_uid(&r, "r-the"));
	assert_true(has_uid(&r, "r-thegioi"));
	lt_search_results_free(&r);

	/* Old and new tone placement are one word. */
	r = run(f, "hoà", 0);
	assert_true(has_uid(&r, "r-hoa"));
	lt_search_results_free(&r);
	r = run(f, "HÒA GIẢI", 0);
	assert_int_equal(has_uid(&r, "r-hoa"), 1);
	lt_search_results_free(&r);

	r = run(f, "khôngcótừnày", 0);
	assert_int_equal(r.total, 0);
	assert_int_equal(r.nhits, 0);
	lt_search_results_free(&r);
}

static void test_hit_fields_and_paging(void **state)
{
	fixture *f = *state;
	lt_search_options o = LT_SEARCH_OPTIONS_INIT;
	o.clearance = 0; /* as an officer of clearance 0 */
	lt_search_results r = LT_SEARCH_RESULTS_INIT;
	lt_error err = LT_ERROR_INIT;

	r = run(f, "tuyển dụng", 0);
	assert_int_equal(has_uid(&r, "r-hoso"), 1);
	assert_string_equal(r.hits[0].title, "Hồ sơ tuyển dụng công chức năm 2021");
	assert_string_equal(r.hits[0].doc_id, "r-hoso");
	assert_int_equal(r.hits[0].rank, 1);
	assert_true(r.hits[0].score > 0);
	assert_true(r.hits[0].record_id > 0);
	lt_search_results_free(&r);

	o.limit = 1;
	o.offset = 1;
	assert_int_equal(lt_search_run(f->ix, f->cat, "quyet dinh", &o, &r, &err), 0);
	assert_int_equal(r.total, 3); /* r-hoa's notation 56/QĐ-STP: QĐ is quyết định */
	assert_int_equal(r.nhits, 1);
	assert_int_equal(r.hits[0].rank, 2);
	lt_search_results_free(&r);
	lt_search_results_free(NULL);
}

static void test_clearance(void **state)
{
	fixture *f = *state;
	lt_search_results r;

	r = run(f, "zebra", 0);
	assert_int_equal(r.total, 0);
	assert_int_equal(r.nhits, 0);
	lt_search_results_free(&r);
	r = run(f, "zebra", 1);
	assert_int_equal(r.total, 0);
	lt_search_results_free(&r);
	r = run(f, "zebra", 2);
	assert_int_equal(r.total, 1);
	lt_search_results_free(&r);
	r = run(f, "zebra", 3);
	assert_int_equal(r.total, 1);
	assert_string_equal(r.hits[0].uid, "r-secret");
	lt_search_results_free(&r);

	/* A shared word: the total for clearance 0 does not count it. */
	r = run(f, "kế hoạch OR tuyển", 0);
	assert_false(has_uid(&r, "r-secret"));
	assert_int_equal(r.total, 1);
	lt_search_results_free(&r);
}

static void check_spans(const lt_search_hit *h, const char *word_folded)
{
	lt_buf b = LT_BUF_INIT;

	assert_true(h->nspans > 0);
	for (size_t i = 0; i < h->nspans; i++) {
		assert_true(h->spans[i].offset + h->spans[i].len <= strlen(h->snippet));
		if (i > 0)
			assert_true(h->spans[i].offset >=
			            h->spans[i - 1].offset + h->spans[i - 1].len);
	}
	/* The first span is one of the query words, in its original form. */
	assert_int_equal(lt_text_fold(&b, h->snippet + h->spans[0].offset, h->spans[0].len, NULL),
	                 0);
	assert_non_null(strstr(word_folded, lt_buf_cstr(&b)));
	lt_buf_free(&b);
}

static void test_snippets(void **state)
{
	fixture *f = *state;
	lt_search_results r;
	lt_buf out = LT_BUF_INIT;

	r = run(f, "tuyen dung", 0);
	assert_int_equal(has_uid(&r, "r-hoso"), 1);
	assert_non_null(strstr(r.hits[0].snippet, "tuyển dụng"));
	check_spans(&r.hits[0], "tuyen dung");
	assert_int_equal(lt_snippet_render(&out, r.hits[0].snippet, r.hits[0].spans,
	                                   r.hits[0].nspans, "«", "»", 0),
	                 0);
	/* Neighbouring matches make one mark. */
	assert_non_null(strstr(lt_buf_cstr(&out), "«tuyển dụng»"));
	lt_buf_free(&out);
	lt_search_results_free(&r);

	/* Accented query words mark only the same word. */
	r = run(f, "thể", 0);
	assert_int_equal(r.nhits, 1);
	assert_int_equal(lt_snippet_render(&out, r.hits[0].snippet, r.hits[0].spans,
	                                   r.hits[0].nspans, "[", "]", 0),
	                 0);
	assert_non_null(strstr(lt_buf_cstr(&out), "[Thể] lệ"));
	assert_null(strstr(lt_buf_cstr(&out), "[thế]"));
	lt_buf_free(&out);
	lt_search_results_free(&r);
}

static void test_snippet_unit(void **state)
{
	(void)state;
	lt_buf out = LT_BUF_INIT, big = LT_BUF_INIT;
	lt_span *spans = NULL;
	size_t n = 0;
	lt_snippet_word w[2] = {{"ho", "hồ", 1, 0, 0, 0}, {"so", "sơ", 1, 0, 0, 0}};

	/* A long text: the window lands on the matches, cut with "…" on
	 * word boundaries and never inside a character. */
	for (int i = 0; i < 100; i++)
		lt_buf_puts(&big, "Đây là một đoạn văn bản dài không liên quan. ");
	lt_buf_puts(&big, "Nộp hồ\n\nsơ tại bộ phận một cửa. ");
	for (int i = 0; i < 100; i++)
		lt_buf_puts(&big, "Còn nhiều chữ nữa ở phía sau đoạn này. ");
	assert_int_equal(lt_snippet_make(&out, &spans, &n, big.data, big.len, w, 2, 200, NULL), 0);
	assert_int_equal(lt_text_validate(out.data, out.len, NULL), 0);
	/* "hồ" and "sơ" only a space apart: one span over the phrase. */
	assert_int_equal(n, 1);
	assert_int_equal(spans[0].len, strlen("hồ sơ"));
	assert_memory_equal(out.data + spans[0].offset, "hồ sơ", strlen("hồ sơ"));
	assert_non_null(strstr(out.data, "hồ sơ")); /* white space folded to one space */
	assert_memory_equal(out.data, "… ", strlen("… "));
	assert_true(lt_text_length(out.data, out.len) <= 200 + 4);
	free(spans);
	lt_buf_reset(&out);

	/* "ho so" typed without diacritics; text without matches gives the
	 * start of the text. */
	w[0].accented = w[1].accented = 0;
	assert_int_equal(lt_snippet_make(&out, &spans, &n, "Không có gì", strlen("Không có gì"), w,
	                                 2, 200, NULL),
	                 0);
	assert_int_equal(n, 0);
	assert_null(spans);
	assert_string_equal(out.data, "Không có gì");
	lt_buf_reset(&out);

	/* Rendering: HTML escaping of the text, markers as given. */
	{
		const char *s = "a<b> & \"hồ\" sơ";
		lt_span sp[2] = {{8, strlen("hồ")}, {8 + strlen("hồ") + 2, strlen("sơ")}};
		assert_int_equal(lt_snippet_render(&out, s, sp, 2, "<mark>", "</mark>", 1), 0);
		assert_string_equal(lt_buf_cstr(&out),
		                    "a&lt;b&gt; &amp; &quot;<mark>hồ</mark>&quot; <mark>sơ</mark>");
		lt_buf_reset(&out);
		assert_int_equal(lt_snippet_render(&out, s, sp, 2, "\033[1m", "\033[0m", 0), 0);
		assert_string_equal(lt_buf_cstr(&out),
		                    "a<b> & \"\033[1mhồ\033[0m\" \033[1msơ\033[0m");
		lt_buf_reset(&out);
		sp[1].offset = 1000;
		assert_int_equal(lt_snippet_render(&out, s, sp, 2, "[", "]", 0), LT_EINVAL);
		assert_int_equal(out.len, 0);
	}
	lt_buf_free(&out);
	lt_buf_free(&big);
}

static size_t count(fixture *f, const char *q, int clearance)
{
	lt_search_results r = run(f, q, clearance);
	size_t n = r.nhits;
	lt_search_results_free(&r);
	return n;
}

static void expect_only(fixture *f, const char *q, const char *uid)
{
	lt_search_results r = run(f, q, 0);
	if (r.nhits != 1 || strcmp(r.hits[0].uid, uid) != 0)
		fail_msg("\"%s\": %zu hits, first %s, expected only %s", q, r.nhits,
		         r.nhits ? r.hits[0].uid : "-", uid);
	lt_search_results_free(&r);
}

static void test_query_language(void **state)
{
	fixture *f = *state;
	lt_search_results r;
	lt_search_options o = LT_SEARCH_OPTIONS_INIT;
	o.clearance = 0; /* as an officer of clearance 0 */

	/* Phrases: in order, folded or exact. */
	expect_only(f, "\"tuyển dụng công chức\"", "r-hoso");
	assert_int_equal(count(f, "\"công chức tuyển dụng\"", 0), 0);
	assert_int_equal(count(f, "\"quyet dinh\"", 0), 2);
	r = run(f, "\"quyết định\"", 0);
	assert_int_equal(r.nhits, 2); /* exact, and the text without diacritics */
	lt_search_results_free(&r);
	assert_int_equal(count(f, "\"thể lệ\"", 0), 1);
	assert_int_equal(count(f, "\"thế lệ\"", 0), 0);
	/* An unclosed quote runs to the end. */
	expect_only(f, "\"tuyển dụng", "r-hoso");

	/* Operators. */
	expect_only(f, "quyet NOT phe", "r-hoso");
	expect_only(f, "quyet -phe", "r-hoso");
	expect_only(f, "hòa AND giải", "r-hoa");
	assert_int_equal(count(f, "hòa AND zebra", 3), 0);
	assert_int_equal(count(f, "hòa OR zebra", 3), 2);
	expect_only(f, "+thể +lệ", "r-the");
	assert_int_equal(count(f, "+thể thế", 0), 1);

	/* Trailing wildcard over folded terms; one letter is refused with a
	 * message (it would be searched as the letter). */
	expect_only(f, "tuyen*", "r-hoso");
	expect_only(f, "tuyể*", "r-hoso");
	{
		lt_search_options so = LT_SEARCH_OPTIONS_INIT;
		lt_search_results sr = LT_SEARCH_RESULTS_INIT;
		lt_error serr = LT_ERROR_INIT;
		assert_int_equal(lt_search_run(f->ix, f->cat, "z*", &so, &sr, &serr), LT_EINVAL);
		assert_non_null(strstr(serr.message, "z*"));
	}

	/* Fields. */
	assert_int_equal(count(f, "coquan:\"Sở Nội vụ\" quyet", 0), 2);
	assert_int_equal(count(f, "coquan:\"so noi vu\"", 0), 2);
	assert_int_equal(count(f, "coquan:\"so noi vu\"", 3), 3);
	expect_only(f, "hoso:03.TP", "r-hoa");
	expect_only(f, "kyhieu:QĐ-SNV", "r-hoso");
	expect_only(f, "kyhieu:12/QĐ-SNV", "r-hoso");
	assert_int_equal(count(f, "kyhieu:13/QĐ-SNV", 0), 0);
	assert_int_equal(count(f, "loai:QĐ", 0), 3);
	assert_int_equal(count(f, "loai:\"Quyết định\" hòa", 0), 1);
	assert_int_equal(count(f, "loai:02 loai:05", 0), 5);
	assert_int_equal(count(f, "nam:2021", 0), 2);
	assert_int_equal(count(f, "nam:2020..2021", 0), 3);
	assert_int_equal(count(f, "nam:..2020", 0), 2);
	expect_only(f, "ngay:2021-01-01..2021-06-30", "r-hoso");
	expect_only(f, "ngay:04/03/2021", "r-hoso");
	assert_int_equal(count(f, "ngay:2021-03-05..", 0), 2);
	assert_int_equal(count(f, "nam:2021 -hoso:01.TCCB", 0), 0);
	expect_only(f, "Năm:2022", "r-hoa");
	/* Stray field names are words. */
	assert_int_equal(count(f, "nam:", 0), 2); /* "năm" in two records */
	assert_int_equal(count(f, "abc:tuyển", 0), 0);

	/* Field errors say what is wrong. */
	{
		lt_search_results e = LT_SEARCH_RESULTS_INIT;
		lt_error err = LT_ERROR_INIT;
		assert_int_equal(
		    lt_search_run(f->ix, f->cat, "ngay:2021-12-31..2021-01-01", &o, &e, &err),
		    LT_EINVAL);
		assert_non_null(strstr(err.message, "khoảng ngược"));
		assert_int_equal(lt_search_run(f->ix, f->cat, "ngay:2021-02-30", &o, &e, &err),
		                 LT_EINVAL);
		assert_int_equal(lt_search_run(f->ix, f->cat, "nam:20x1", &o, &e, &err), LT_EINVAL);
		assert_int_equal(lt_search_run(f->ix, f->cat, "nam:2022..2021", &o, &e, &err),
		                 LT_EINVAL);
		assert_int_equal(lt_search_run(f->ix, f->cat, "loai:khongco", &o, &e, &err),
		                 LT_EINVAL);
		assert_non_null(strstr(err.message, "khongco"));
	}
}

static void expect_error(fixture *f, const char *q, const lt_search_options *o, int code)
{
	lt_search_results r = LT_SEARCH_RESULTS_INIT;
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(lt_search_run(f->ix, f->cat, q, o, &r, &err), code);
	assert_int_equal(err.code, code);
	assert_true(strlen(err.message) > 0);
	assert_int_equal(r.nhits, 0);
	assert_null(r.hits);
}

static void test_bad_queries(void **state)
{
	fixture *f = *state;
	lt_search_options o = LT_SEARCH_OPTIONS_INIT;
	o.clearance = 0; /* as an officer of clearance 0 */
	lt_search_results r = LT_SEARCH_RESULTS_INIT;
	lt_error err = LT_ERROR_INIT;
	char *longq;

	expect_error(f, "", NULL, LT_EINVAL);
	expect_error(f, "   ", NULL, LT_EINVAL);
	expect_error(f, " ... !!! ?? ", NULL, LT_EINVAL);
	expect_error(f, "ho \xff so", NULL, LT_EINVAL);
	expect_error(f, "-ho", NULL, LT_EINVAL);
	longq = malloc(LT_SEARCH_QUERY_MAX_BYTES + 2);
	memset(longq, 'a', LT_SEARCH_QUERY_MAX_BYTES + 1);
	longq[LT_SEARCH_QUERY_MAX_BYTES + 1] = '\0';
	expect_error(f, longq, NULL, LT_ELIMIT);
	free(longq);
	o.limit = 0;
	expect_error(f, "ho so", &o, LT_EINVAL);
	o.limit = LT_SEARCH_LIMIT_MAX + 1;
	expect_error(f, "ho so", &o, LT_EINVAL);
	o.limit = 10;
	o.offset = LT_SEARCH_OFFSET_MAX + 1;
	expect_error(f, "ho so", &o, LT_EINVAL);
	o.offset = 0;
	o.clearance = 4;
	expect_error(f, "ho so", &o, LT_EINVAL);
	o.clearance = -1;
	expect_error(f, "ho so", &o, LT_EINVAL);

	/* Vietnamese first, English on request. */
	assert_int_equal(lt_search_run(f->ix, f->cat, "", NULL, &r, &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "truy vấn trống"));
	lt_lang_set(LT_LANG_EN);
	assert_int_equal(lt_search_run(f->ix, f->cat, "", NULL, &r, &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "empty query"));
	lt_lang_set(LT_LANG_VI);

	/* A paging offset past the end is an empty page, not an error. */
	o.clearance = 0;
	o.offset = 500;
	assert_int_equal(lt_search_run(f->ix, f->cat, "ho so", &o, &r, &err), 0);
	assert_int_equal(r.nhits, 0);
	assert_int_equal(r.total, 2); /* "hồ sơ", and "cơ sở" through "so" */
	lt_search_results_free(&r);
}

static lt_search_results run_opts(fixture *f, const char *q, const lt_search_options *o)
{
	lt_search_results res = LT_SEARCH_RESULTS_INIT;
	lt_error err = LT_ERROR_INIT;

	if (lt_search_run(f->ix, f->cat, q, o, &res, &err))
		fail_msg("search \"%s\": %s", q, err.message);
	return res;
}

static uint64_t facet_count(const lt_search_results *r, lt_search_facet f, const char *value)
{
	assert_true(r->facets[f].wanted);
	for (size_t i = 0; i < r->facets[f].n; i++)
		if (strcmp(r->facets[f].values[i].value, value) == 0)
			return r->facets[f].values[i].count;
	return 0;
}

static void test_facets(void **state)
{
	fixture *f = *state;
	lt_search_options o = LT_SEARCH_OPTIONS_INIT;
	o.clearance = 0; /* as an officer of clearance 0 */
	lt_search_results r;

	o.facets = (1u << LT_FACET__COUNT) - 1;
	/* Every record but the secret one, at clearance 0. */
	r = run_opts(f, "nam:2019..2022", &o);
	assert_int_equal(r.total, 5);
	assert_int_equal(facet_count(&r, LT_FACET_TYPE, "02"), 3);
	assert_int_equal(facet_count(&r, LT_FACET_TYPE, "05"), 2);
	assert_int_equal(facet_count(&r, LT_FACET_YEAR, "2021"), 2);
	assert_int_equal(facet_count(&r, LT_FACET_YEAR, "2019"), 1);
	assert_int_equal(facet_count(&r, LT_FACET_ORGAN, "Sở Nội vụ"), 2);
	assert_int_equal(facet_count(&r, LT_FACET_DOSSIER, "01.TCCB"), 2);
	/* Most frequent first; the type's label from the code list. */
	assert_string_equal(r.facets[LT_FACET_TYPE].values[0].value, "02");
	assert_string_equal(r.facets[LT_FACET_TYPE].values[0].label, "Quyết định");
	assert_string_equal(r.facets[LT_FACET_ORGAN].values[0].label, "Sở Nội vụ");
	lt_search_results_free(&r);

	/* Cleared for it, the secret record counts. */
	o.clearance = 2;
	r = run_opts(f, "nam:2019..2022", &o);
	assert_int_equal(r.total, 6);
	assert_int_equal(facet_count(&r, LT_FACET_TYPE, "02"), 4);
	assert_int_equal(facet_count(&r, LT_FACET_YEAR, "2021"), 3);
	assert_int_equal(facet_count(&r, LT_FACET_ORGAN, "Sở Nội vụ"), 3);
	assert_int_equal(facet_count(&r, LT_FACET_DOSSIER, "01.TCCB"), 3);
	lt_search_results_free(&r);

	/* The secret record's unique word: nothing anywhere below its level. */
	for (int c = 0; c <= 3; c++) {
		o.clearance = c;
		r = run_opts(f, "zebra", &o);
		assert_int_equal(r.total, c >= 2 ? 1 : 0);
		assert_int_equal(r.nhits, c >= 2 ? 1 : 0);
		for (int k = 0; k < LT_FACET__COUNT; k++) {
			assert_true(r.facets[k].wanted);
			assert_int_equal(r.facets[k].n, c >= 2 ? 1 : 0);
		}
		if (c >= 2)
			assert_int_equal(facet_count(&r, LT_FACET_YEAR, "2021"), 1);
		lt_search_results_free(&r);
	}

	/* Only what was asked for; facet_max bounds each list. */
	o.clearance = 0;
	o.facets = 1u << LT_FACET_YEAR;
	o.facet_max = 2;
	r = run_opts(f, "nam:2019..2022", &o);
	assert_false(r.facets[LT_FACET_TYPE].wanted);
	assert_int_equal(r.facets[LT_FACET_TYPE].n, 0);
	assert_int_equal(r.facets[LT_FACET_YEAR].n, 2);
	assert_string_equal(r.facets[LT_FACET_YEAR].values[0].value, "2021");
	lt_search_results_free(&r);
}

static void expect_order(const lt_search_results *r, const char *const *uids, size_t n)
{
	assert_int_equal(r->nhits, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(r->hits[i].uid, uids[i]);
}

static void test_sort_and_pages(void **state)
{
	static const char *const desc[] = {"r-hoa", "r-plain", "r-hoso", "r-the", "r-thegioi"};
	static const char *const asc[] = {"r-thegioi", "r-the", "r-hoso", "r-plain", "r-hoa"};
	fixture *f = *state;
	lt_search_options o = LT_SEARCH_OPTIONS_INIT;
	o.clearance = 0; /* as an officer of clearance 0 */
	lt_search_results r;

	o.sort = LT_SORT_DATE_DESC;
	r = run_opts(f, "nam:2019..2022", &o);
	expect_order(&r, desc, 5);
	assert_string_equal(r.hits[0].issued_date, "2022-07-08");
	lt_search_results_free(&r);
	o.sort = LT_SORT_DATE_ASC;
	r = run_opts(f, "nam:2019..2022", &o);
	expect_order(&r, asc, 5);
	lt_search_results_free(&r);

	/* Pages of a sorted result join up. */
	o.sort = LT_SORT_DATE_DESC;
	o.limit = 2;
	for (size_t page = 0; page < 3; page++) {
		o.offset = page * 2;
		r = run_opts(f, "nam:2019..2022", &o);
		assert_int_equal(r.total, 5);
		assert_int_equal(r.nhits, page < 2 ? 2 : 1);
		for (size_t i = 0; i < r.nhits; i++) {
			assert_string_equal(r.hits[i].uid, desc[page * 2 + i]);
			assert_int_equal(r.hits[i].rank, (int)(page * 2 + i + 1));
		}
		lt_search_results_free(&r);
	}

	/* Date order with words: only the matches, newest first. */
	o.limit = 10;
	o.offset = 0;
	r = run_opts(f, "quyet dinh", &o);
	/* r-hoa is a QĐ (56/QĐ-STP): the abbreviation of "quyết định". */
	assert_int_equal(r.nhits, 3);
	assert_string_equal(r.hits[0].uid, "r-hoa");
	assert_string_equal(r.hits[1].uid, "r-plain");
	assert_string_equal(r.hits[2].uid, "r-hoso");
	lt_search_results_free(&r);

	assert_int_equal(lt_search_sort_parse("date_desc"), LT_SORT_DATE_DESC);
	assert_int_equal(lt_search_sort_parse("newest"), -1);
	assert_int_equal(lt_search_facet_parse("dossier"), LT_FACET_DOSSIER);
	assert_int_equal(lt_search_facet_parse("hoso"), -1);
}

static void test_number_field(void **state)
{
	fixture *f = *state;
	lt_search_results r;

	r = run(f, "so:12", 0);
	assert_int_equal(r.total, 1);
	assert_string_equal(r.hits[0].uid, "r-hoso");
	lt_search_results_free(&r);
	r = run(f, "so:\"12/QĐ-SNV\"", 0);
	assert_int_equal(r.total, 1);
	lt_search_results_free(&r);
	r = run(f, "so:34 OR so:56", 0);
	assert_int_equal(r.total, 2);
	lt_search_results_free(&r);
	r = run(f, "so:1", 0); /* not a prefix of 12 */
	assert_int_equal(r.total, 0);
	lt_search_results_free(&r);
	r = run(f, "so:99", 0);
	assert_int_equal(r.total, 0);
	lt_search_results_free(&r);
	r = run(f, "phong:\"Không có\"", 0);
	assert_int_equal(r.total, 0);
	lt_search_results_free(&r);
}

static void request_results(fixture *f, lt_search_request *rq, lt_search_results *out)
{
	lt_error err = LT_ERROR_INIT;
	if (lt_search_run(f->ix, f->cat, lt_buf_cstr(&rq->query), &rq->opts, out, &err))
		fail_msg("search \"%s\": %s", lt_buf_cstr(&rq->query), err.message);
}

static void test_json_request(void **state)
{
	static const char *const bad[] = {
	    "[]",
	    "{}",
	    "{\"q\": 3}",
	    "{\"q\": \"x\", \"limit\": 0}",
	    "{\"q\": \"x\", \"limit\": 1001}",
	    "{\"q\": \"x\", \"offset\": -1}",
	    "{\"q\": \"x\", \"sort\": \"newest\"}",
	    "{\"q\": \"x\", \"facets\": [\"hoso\"]}",
	    "{\"q\": \"x\", \"facets\": \"type\"}",
	    "{\"q\": \"x\", \"filters\": []}",
	    "{\"q\": \"x\", \"filters\": {\"color\": \"red\"}}",
	    "{\"q\": \"x\", \"filters\": {\"coquan\": \"a\\\"b\"}}",
	    "{\"q\": \"x\", \"filters\": {\"nam\": [2021]}}",
	    "{\"q\": \"x\", \"page\": 2}",
	};
	fixture *f = *state;
	lt_search_request a, b;
	lt_search_results ra = LT_SEARCH_RESULTS_INIT, rb = LT_SEARCH_RESULTS_INIT;
	lt_error err = LT_ERROR_INIT;
	json_error_t jerr;
	json_t *j, *out, *facets;

	j = json_loads("{\"q\": \"quyet dinh\", \"filters\": {\"nam\": 2021, \"loai\": \"QĐ\","
	               " \"coquan\": \"Sở Nội vụ\"}, \"sort\": \"date_asc\", \"offset\": 0,"
	               " \"limit\": 5, \"facets\": [\"type\", \"year\", \"organ\", \"dossier\"]}",
	               0, &jerr);
	assert_non_null(j);
	lt_search_request_init(&a);
	assert_int_equal(lt_search_request_from_json(&a, j, &err), 0);
	json_decref(j);
	assert_int_equal(a.opts.sort, LT_SORT_DATE_ASC);
	assert_int_equal(a.opts.limit, 5);
	assert_int_equal(a.opts.facets, (1u << LT_FACET__COUNT) - 1);

	/* The same as typed in the query language. */
	lt_search_request_init(&b);
	assert_int_equal(lt_search_request_add_text(
	                     &b, "quyet dinh nam:2021 loai:QĐ coquan:\"Sở Nội vụ\"", &err),
	                 0);
	assert_int_equal(lt_search_request_set_sort(&b, "date_asc", &err), 0);
	assert_int_equal(lt_search_request_set_facets(&b, "type,year,organ,dossier", &err), 0);
	b.opts.limit = 5;
	request_results(f, &a, &ra);
	request_results(f, &b, &rb);
	assert_int_equal(ra.total, 2);
	assert_int_equal(ra.total, rb.total);
	assert_int_equal(ra.nhits, rb.nhits);
	for (size_t i = 0; i < ra.nhits; i++)
		assert_string_equal(ra.hits[i].uid, rb.hits[i].uid);
	assert_string_equal(ra.hits[0].uid, "r-hoso");

	/* The answer's shape, as the web UI reads it. */
	out = lt_search_results_json(&ra, &a.opts);
	assert_int_equal(json_integer_value(json_object_get(out, "total")), 2);
	assert_string_equal(json_string_value(json_object_get(out, "sort")), "date_asc");
	facets = json_object_get(out, "facets");
	assert_non_null(json_object_get(facets, "dossier"));
	j = json_array_get(json_object_get(facets, "type"), 0);
	assert_string_equal(json_string_value(json_object_get(j, "value")), "02");
	assert_string_equal(json_string_value(json_object_get(j, "label")), "Quyết định");
	assert_int_equal(json_integer_value(json_object_get(j, "count")), 2);
	j = json_array_get(json_object_get(out, "hits"), 0);
	assert_string_equal(json_string_value(json_object_get(j, "issuedDate")), "2021-03-04");
	json_decref(out);
	lt_search_results_free(&ra);
	lt_search_results_free(&rb);
	lt_search_request_free(&a);
	lt_search_request_free(&b);

	/* Filters alone are a query. */
	lt_search_request_init(&a);
	assert_int_equal(lt_search_request_add_filter(&a, "year", "2020", &err), 0);
	assert_int_equal(lt_search_request_add_filter(&a, "phong", "", &err), 0);
	request_results(f, &a, &ra);
	assert_int_equal(ra.total, 1);
	assert_string_equal(ra.hits[0].uid, "r-the");
	lt_search_results_free(&ra);
	lt_search_request_free(&a);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		j = json_loads(bad[i], 0, &jerr);
		assert_non_null(j);
		lt_search_request_init(&a);
		lt_error_clear(&err);
		if (lt_search_request_from_json(&a, j, &err) != LT_EINVAL)
			fail_msg("accepted: %s", bad[i]);
		assert_true(err.message[0] != '\0');
		json_decref(j);
		lt_search_request_free(&a);
	}
	lt_search_request_init(&a);
	assert_int_equal(lt_search_request_set_facets(&a, "type,color", &err), LT_EINVAL);
	assert_int_equal(lt_search_request_set_facets(&a, "all", &err), 0);
	assert_int_equal(a.opts.facets, (1u << LT_FACET__COUNT) - 1);
	lt_search_request_free(&a);
}

/* The query for text with tuning t, described by Xapian. */
static char *describe_t(const char *text, const lt_query_tuning *t)
{
	lt_query q = LT_QUERY_INIT;
	lt_xquery *x = NULL;
	lt_buf b = LT_BUF_INIT;

	assert_int_equal(lt_query_parse(&q, text, NULL), 0);
	assert_int_equal(lt_query_build(&x, &q, t, NULL), 0);
	assert_int_equal(lt_xquery_describe(x, &b), 0);
	lt_xquery_free(x);
	lt_query_free(&q);
	return lt_buf_detach(&b);
}

static int has_term(const char *desc, const char *term)
{
	size_t n = strlen(term);
	for (const char *p = strstr(desc, term); p; p = strstr(p + 1, term))
		if ((p == desc || strchr("( ", p[-1])) && p[n] && strchr(" )", p[n]))
			return 1;
	return 0;
}

/* The exact term of a word ("XE" + its exact key) in desc. */
static int has_exact(const char *desc, const char *word)
{
	lt_buf b = LT_BUF_INIT;
	int found;

	assert_int_equal(lt_buf_puts(&b, "XE"), 0);
	assert_int_equal(lt_text_exact(&b, word, strlen(word), NULL), 0);
	found = has_term(desc, lt_buf_cstr(&b));
	lt_buf_free(&b);
	return found;
}

/* The shipped ranking, except that words left out of a long query are
 * left out entirely (long_boost 0), so the description shows which. */
static char *describe(const char *text)
{
	lt_query_tuning t = *lt_query_ranking();
	t.long_boost = 0;
	return describe_t(text, &t);
}

/* Long questions leave out function syllables (search/stopwords.def) and
 * ask one term per word; their pairs still boost. Short queries keep all. */
static void test_long_questions(void **state)
{
	const char *lq = "Người chuẩn bị phạm tội phản bội Tổ quốc thì bị phạt tù bao nhiêu năm";
	char *d;
	(void)state;

	/* Shipped: the common words only add weight, under AND_MAYBE, after
	 * the words that find the records. */
	d = describe_t(lq, lt_query_ranking());
	if (lt_query_ranking()->long_boost) {
		lt_buf b = LT_BUF_INIT;
		const char *maybe = strstr(d, "AND_MAYBE");
		assert_int_equal(lt_buf_puts(&b, "XE"), 0);
		assert_int_equal(lt_text_exact(&b, "thì", strlen("thì"), NULL), 0);
		assert_non_null(maybe);
		assert_true(strstr(d, lt_buf_cstr(&b)) > maybe);
		lt_buf_free(&b);
	}
	free(d);

	d = describe(lq);
	assert_false(has_exact(d, "thì"));
	assert_false(has_exact(d, "bị"));
	assert_true(has_exact(d, "phạt"));
	assert_true(has_exact(d, "tù"));
	assert_true(has_term(d, "XBthi_bi")); /* the pair still boosts */
	if (lt_query_ranking()->long_single)
		assert_false(has_term(d, "XEphat")); /* one term per word */
	free(d);
	/* Without diacritics only unambiguous forms go: "tu" is also "tù". */
	d = describe("nguoi chuan bi pham toi phan boi to quoc thi bi phat tu cua nam");
	assert_true(has_term(d, "tu"));
	assert_true(has_term(d, "bi"));
	assert_false(has_term(d, "cua"));
	assert_true(has_term(d, "XBtu_cua"));
	free(d);
	/* Short: every word, both terms. */
	d = describe("phạt tù thì bị");
	assert_true(has_exact(d, "thì"));
	assert_true(has_term(d, "XEphat"));
	free(d);
	/* Required words are never left out. */
	d = describe("+của người chuẩn bị phạm tội phản bội tổ quốc phạt tù năm");
	assert_true(has_exact(d, "của"));
	free(d);
	/* A question of function words only keeps them. */
	d = describe("của và là có được các những cho trong theo");
	assert_true(has_exact(d, "của"));
	free(d);
}

/* ---- the result cache (search/cache.h) ---------------------------------- */

/* Records added after the index was built. */
static const rec_spec later[] = {
    {"r-hoa2", "Hòa giải viên", "Danh sách hòa giải viên.", 0, "2023-01-02", "05", "Sở Tư pháp",
     "03.TP", NULL, NULL},
    {"r-hoa3", "Hòa giải ở thôn", "Biên bản hòa giải.", 0, "2023-03-04", "05", "Sở Tư pháp",
     "03.TP", NULL, NULL},
};

static void sync_index(fixture *f)
{
	lt_error err = LT_ERROR_INIT;
	lt_index *w = NULL;
	if (lt_index_open(&w, lt_archive_index_path(f->ar), LT_INDEX_WRITE, &err) ||
	    lt_index_sync(w, f->cat, NULL, &err))
		fail_msg("index: %s", err.message);
	lt_index_free(w);
}

static lt_search_cache_stats cache_stats(lt_search_cache *c)
{
	lt_search_cache_stats st;
	lt_search_cache_get_stats(c, &st);
	return st;
}

static void assert_same_results(const lt_search_results *a, const lt_search_results *b)
{
	assert_int_equal(a->total, b->total);
	assert_int_equal(a->nhits, b->nhits);
	for (size_t i = 0; i < a->nhits; i++) {
		assert_string_equal(a->hits[i].uid, b->hits[i].uid);
		assert_string_equal(a->hits[i].snippet, b->hits[i].snippet);
		assert_int_equal(a->hits[i].rank, b->hits[i].rank);
		assert_true(a->hits[i].score == b->hits[i].score);
	}
	for (int k = 0; k < LT_FACET__COUNT; k++) {
		assert_int_equal(a->facets[k].n, b->facets[k].n);
		for (size_t i = 0; i < a->facets[k].n; i++) {
			assert_string_equal(a->facets[k].values[i].value,
			                    b->facets[k].values[i].value);
			assert_int_equal(a->facets[k].values[i].count,
			                 b->facets[k].values[i].count);
		}
	}
}

/* Cached searches answer as uncached ones; the catalog is re-read on
 * every hit; a commit to the index is seen at once by a lone searcher. */
static void test_cache_search(void **state)
{
	fixture *f = *state;
	lt_search_options o = LT_SEARCH_OPTIONS_INIT;
	o.clearance = 0; /* as an officer of clearance 0 */
	lt_search_results plain, first, second;
	lt_search_cache *c = NULL;
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(lt_search_cache_new(&c, 16, 0, &err), 0);
	o.facets = (1u << LT_FACET__COUNT) - 1;
	plain = run_opts(f, "hòa giải", &o);
	o.cache = c;
	first = run_opts(f, "hòa giải", &o);
	second = run_opts(f, "hòa giải", &o);
	assert_int_equal(cache_stats(c).misses, 1);
	assert_int_equal(cache_stats(c).hits, 1);
	assert_same_results(&plain, &first);
	assert_same_results(&plain, &second);
	assert_true(has_uid(&second, "r-hoa"));
	lt_search_results_free(&plain);
	lt_search_results_free(&first);
	lt_search_results_free(&second);

	/* Another clearance, page or language is another entry. */
	o.clearance = 1;
	first = run_opts(f, "hòa giải", &o);
	o.clearance = 0;
	o.limit = 1;
	second = run_opts(f, "hòa giải", &o);
	o.limit = 10;
	assert_int_equal(cache_stats(c).misses, 3);
	lt_search_results_free(&first);
	lt_search_results_free(&second);

	/* Classified higher in the catalog, not yet in the index: the cached
	 * match still names it, the join leaves it out. */
	exec_sql(f->cat, "UPDATE main.records SET secrecy = 2 WHERE uid = 'r-hoa'");
	first = run_opts(f, "hòa giải", &o);
	assert_int_equal(cache_stats(c).hits, 2);
	assert_false(has_uid(&first, "r-hoa"));
	lt_search_results_free(&first);
	exec_sql(f->cat, "UPDATE main.records SET secrecy = 0 WHERE uid = 'r-hoa'");

	/* A new record committed to the index: not answered from the cache. */
	add_record(f->cat, &later[0]);
	sync_index(f);
	first = run_opts(f, "hòa giải", &o);
	assert_int_equal(cache_stats(c).misses, 4);
	assert_true(has_uid(&first, "r-hoa2"));
	assert_true(has_uid(&first, "r-hoa"));
	lt_search_results_free(&first);
	lt_search_cache_free(c);
}

static lt_search_match one_row_match(int64_t id, uint64_t total)
{
	lt_search_match m = LT_SEARCH_MATCH_INIT;
	m.total = total;
	m.rows = calloc(1, sizeof(*m.rows));
	assert_non_null(m.rows);
	m.rows[0].record_id = id;
	m.nrows = 1;
	m.facets[LT_FACET_YEAR].wanted = 1;
	m.facets[LT_FACET_YEAR].values = calloc(1, sizeof(lt_facet_value));
	assert_non_null(m.facets[LT_FACET_YEAR].values);
	m.facets[LT_FACET_YEAR].values[0].value = strdup("2021");
	m.facets[LT_FACET_YEAR].values[0].label = strdup("2021");
	m.facets[LT_FACET_YEAR].values[0].count = total;
	m.facets[LT_FACET_YEAR].n = 1;
	return m;
}

/* Least recently used out first; by entries and by bytes. */
static void test_cache_bounds(void **state)
{
	lt_search_cache_state s1 = {1, 1};
	lt_search_match m = one_row_match(7, 3), out;
	lt_search_cache *c = NULL;
	lt_error err = LT_ERROR_INIT;

	(void)state;
	assert_int_equal(lt_search_cache_new(&c, 0, 0, &err), LT_EINVAL);
	assert_null(c);
	assert_int_equal(lt_search_cache_new(&c, 2, 0, &err), 0);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(lt_search_cache_get(c, i ? "b" : "a", s1, &out), LT_CACHE_MISS);
		lt_search_cache_put(c, i ? "b" : "a", s1, &m);
	}
	assert_int_equal(lt_search_cache_get(c, "a", s1, &out), LT_CACHE_HIT);
	assert_int_equal(out.total, 3);
	assert_int_equal(out.rows[0].record_id, 7);
	assert_string_equal(out.facets[LT_FACET_YEAR].values[0].value, "2021");
	lt_search_match_free(&out);
	assert_int_equal(lt_search_cache_get(c, "c", s1, &out), LT_CACHE_MISS);
	lt_search_cache_put(c, "c", s1, &m); /* "b" was the least recently used */
	assert_int_equal(lt_search_cache_get(c, "b", s1, &out), LT_CACHE_MISS);
	lt_search_cache_put(c, "b", s1, NULL); /* a failed computation keeps nothing */
	assert_int_equal(lt_search_cache_get(c, "b", s1, &out), LT_CACHE_MISS);
	lt_search_cache_put(c, "b", s1, NULL);
	assert_int_equal(lt_search_cache_get(c, "a", s1, &out), LT_CACHE_HIT);
	lt_search_match_free(&out);
	assert_int_equal(cache_stats(c).entries, 2);
	lt_search_cache_free(c);

	/* An entry above a quarter of the byte budget is not kept. */
	assert_int_equal(lt_search_cache_new(&c, 8, 64, &err), 0);
	assert_int_equal(lt_search_cache_get(c, "a", s1, &out), LT_CACHE_MISS);
	lt_search_cache_put(c, "a", s1, &m);
	assert_int_equal(lt_search_cache_get(c, "a", s1, &out), LT_CACHE_MISS);
	lt_search_cache_put(c, "a", s1, NULL);
	assert_int_equal(cache_stats(c).entries, 0);
	lt_search_cache_free(c);
	lt_search_match_free(&m);
}

/* An older revision's entry: recomputed by a lone searcher; answered
 * stale, within the bound, only while others are computing, and then
 * queued for the refresher; a slower put of an older revision does not
 * replace a newer entry. */
static void test_cache_stale(void **state)
{
	lt_search_cache_state old = {1, 1}, now = {1, 2};
	lt_search_match m1 = one_row_match(1, 1), m2 = one_row_match(2, 2), out;
	lt_search_cache *c = NULL;
	lt_error err = LT_ERROR_INIT;
	char *key;

	(void)state;
	assert_int_equal(lt_search_cache_new(&c, 8, 0, &err), 0);
	lt_search_cache_set_stale(c, 1, 60);
	assert_int_equal(lt_search_cache_get(c, "q", old, &out), LT_CACHE_MISS);
	lt_search_cache_put(c, "q", old, &m1);

	assert_int_equal(lt_search_cache_get(c, "q", now, &out), LT_CACHE_MISS);
	/* ... still computing: a second searcher gets the old entry */
	assert_int_equal(lt_search_cache_get(c, "q", now, &out), LT_CACHE_STALE);
	assert_int_equal(out.rows[0].record_id, 1);
	lt_search_match_free(&out);
	key = lt_search_cache_next_refresh(c);
	assert_non_null(key);
	assert_string_equal(key, "q");
	lt_search_cache_put(c, key, now, &m2); /* the refresher */
	free(key);
	lt_search_cache_put(c, "q", old, &m1); /* the first searcher, late */
	assert_int_equal(lt_search_cache_get(c, "q", now, &out), LT_CACHE_HIT);
	assert_int_equal(out.rows[0].record_id, 2);
	lt_search_match_free(&out);
	assert_int_equal(cache_stats(c).stale, 1);
	assert_int_equal(cache_stats(c).refreshed, 1);

	/* Without a bound (stale_max 0) nothing is answered stale. */
	lt_search_cache_set_stale(c, 1, 0);
	now.revision = 3;
	assert_int_equal(lt_search_cache_get(c, "q", now, &out), LT_CACHE_MISS);
	assert_int_equal(lt_search_cache_get(c, "q", now, &out), LT_CACHE_MISS);
	lt_search_cache_put(c, "q", now, NULL);
	lt_search_cache_put(c, "q", now, NULL);
	lt_search_cache_stop_refresh(c);
	assert_null(lt_search_cache_next_refresh(c));
	lt_search_cache_free(c);
	lt_search_match_free(&m1);
	lt_search_match_free(&m2);
}

/* The refresher recomputes, on its own reader, what was answered stale. */
static void test_cache_refresher(void **state)
{
	fixture *f = *state;
	lt_search_options o = LT_SEARCH_OPTIONS_INIT;
	o.clearance = 0; /* as an officer of clearance 0 */
	lt_search_cache_state any = {0, 0};
	lt_search_refresher *r = NULL;
	lt_search_results res;
	lt_search_match held;
	lt_search_cache *c = NULL;
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(lt_search_cache_new(&c, 16, 0, &err), 0);
	lt_search_cache_set_stale(c, 1, 60);
	o.cache = c;
	res = run_opts(f, "hòa giải", &o);
	assert_false(has_uid(&res, "r-hoa3"));
	lt_search_results_free(&res);
	add_record(f->cat, &later[1]);
	sync_index(f);

	/* Another search computing: this one is answered from the entry of
	 * the revision before, without the new record. */
	assert_int_equal(lt_search_cache_get(c, "another", any, &held), LT_CACHE_MISS);
	res = run_opts(f, "hòa giải", &o);
	assert_int_equal(cache_stats(c).stale, 1);
	assert_false(has_uid(&res, "r-hoa3"));
	lt_search_results_free(&res);

	assert_int_equal(lt_search_refresher_start(&r, c, lt_archive_dir(f->ar),
	                                           lt_archive_index_path(f->ar), &err),
	                 0);
	for (int i = 0; i < 500 && cache_stats(c).refreshed == 0; i++)
		usleep(10000);
	lt_search_refresher_stop(r); /* waits for the refresh in progress */
	assert_int_equal(cache_stats(c).refreshed, 1);
	lt_search_cache_put(c, "another", any, NULL);
	res = run_opts(f, "hòa giải", &o);
	assert_true(has_uid(&res, "r-hoa3"));
	lt_search_results_free(&res);
	assert_int_equal(cache_stats(c).hits, 1);
	lt_search_cache_free(c);
}

/*
 * The keys file of a restart: the most recently used keys first, any byte
 * but NUL in a key (a query may hold a newline); a key the cache already
 * has is not queued again; a damaged file is refused with the keys before
 * the damage queued; a missing one is no keys.
 */
static void test_cache_keys_file(void **state)
{
	lt_search_cache_state st = {1, 1};
	lt_search_match m = one_row_match(1, 1), out;
	lt_search_cache *c = NULL, *c2 = NULL;
	lt_error err = LT_ERROR_INIT;
	char *tmp = lt_test_tmpdir(), path[600], *key, *data;
	size_t queued = 0, len = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/keys", tmp);
	assert_int_equal(lt_search_cache_new(&c, 8, 0, &err), 0);
	lt_search_cache_put(c, "a", st, &m);
	lt_search_cache_put(c, "b\nline two", st, &m);
	lt_search_cache_put(c, "c", st, &m);
	assert_int_equal(lt_search_cache_get(c, "a", st, &out), LT_CACHE_HIT); /* a: newest */
	lt_search_match_free(&out);
	assert_int_equal(lt_search_cache_save_keys(c, path, &err), LT_OK);

	assert_int_equal(lt_search_cache_new(&c2, 8, 0, &err), 0);
	lt_search_cache_put(c2, "c", st, &m); /* already there: not queued */
	assert_int_equal(lt_search_cache_warm_from(c2, path, &queued, &err), LT_OK);
	assert_int_equal(queued, 2);
	key = lt_search_cache_next_refresh(c2);
	assert_string_equal(key, "a");
	lt_search_cache_put(c2, key, st, &m);
	free(key);
	key = lt_search_cache_next_refresh(c2);
	assert_string_equal(key, "b\nline two");
	lt_search_cache_put(c2, key, st, NULL);
	free(key);
	assert_int_equal(cache_stats(c2).refreshed, 2);
	lt_search_cache_free(c2);

	/* Damaged: cut inside the third key (newest first: a, c, b...). */
	data = lt_test_read_file(path, &len);
	assert_non_null(data);
	assert_int_equal(len, strlen("luutru-search-keys 1\n1\na\n1\nc\n10\nb\nline two\n"));
	assert_memory_equal(data, "luutru-search-keys 1\n1\na\n1\nc\n10\nb\nline two\n", len);
	lt_test_write_file(path, data, strlen("luutru-search-keys 1\n1\na\n1\nc\n10\nb\nli"));
	assert_int_equal(lt_search_cache_new(&c2, 8, 0, &err), 0);
	assert_int_equal(lt_search_cache_warm_from(c2, path, &queued, &err), LT_ECORRUPT);
	assert_int_equal(queued, 2);
	assert_non_null(strstr(err.message, "keys"));
	lt_search_cache_free(c2);
	/* Not a keys file at all; no file. */
	lt_test_write_file(path, "hello\n", 6);
	assert_int_equal(lt_search_cache_new(&c2, 8, 0, &err), 0);
	assert_int_equal(lt_search_cache_warm_from(c2, path, &queued, &err), LT_ECORRUPT);
	assert_int_equal(queued, 0);
	unlink(path);
	assert_int_equal(lt_search_cache_warm_from(c2, path, &queued, &err), LT_OK);
	assert_int_equal(queued, 0);
	lt_search_cache_free(c2);

	free(data);
	lt_search_match_free(&m);
	lt_search_cache_free(c);
	lt_test_rmtree_free(tmp);
}

/*
 * A restart: the keys the last run saved are computed by the refresher
 * before anyone asks, so the first search after the restart is a hit at
 * the current index.
 */
static void test_cache_warm_restart(void **state)
{
	fixture *f = *state;
	lt_search_options o = LT_SEARCH_OPTIONS_INIT;
	o.clearance = 0; /* as an officer of clearance 0 */
	lt_search_refresher *r = NULL;
	lt_search_results res, before;
	lt_search_cache *c = NULL;
	lt_error err = LT_ERROR_INIT;
	char path[600];
	size_t queued = 0;

	snprintf(path, sizeof(path), "%s/search-cache.keys", f->tmp);
	assert_int_equal(lt_search_cache_new(&c, 16, 0, &err), 0);
	o.cache = c;
	before = run_opts(f, "hòa giải", &o);
	res = run_opts(f, "biên bản", &o);
	lt_search_results_free(&res);
	assert_int_equal(lt_search_cache_save_keys(c, path, &err), LT_OK);
	lt_search_cache_free(c);

	assert_int_equal(lt_search_cache_new(&c, 16, 0, &err), 0);
	o.cache = c;
	assert_int_equal(lt_search_cache_warm_from(c, path, &queued, &err), LT_OK);
	assert_int_equal(queued, 2);
	assert_int_equal(lt_search_refresher_start(&r, c, lt_archive_dir(f->ar),
	                                           lt_archive_index_path(f->ar), &err),
	                 0);
	for (int i = 0; i < 500 && cache_stats(c).entries < 2; i++)
		usleep(10000);
	lt_search_refresher_stop(r);
	assert_int_equal(cache_stats(c).entries, 2);
	res = run_opts(f, "hòa giải", &o);
	assert_int_equal(cache_stats(c).hits, 1);
	assert_int_equal(cache_stats(c).misses, 0);
	assert_int_equal(res.total, before.total);
	assert_int_equal(res.nhits, before.nhits);
	for (size_t i = 0; i < res.nhits; i++)
		assert_string_equal(res.hits[i].uid, before.hits[i].uid);
	lt_search_results_free(&res);
	lt_search_results_free(&before);
	lt_search_cache_free(c);
}

/* ---- issue 20: abbreviations, document numbers, headings, phrases ------- */

static const rec_spec official[] = {
    {"o-ins", "Mức hưởng bảo hiểm y tế của học sinh",
     "Học sinh tham gia bảo hiểm y tế được thanh toán chi phí khám bệnh.", 0, "2021-01-04", "07",
     "Sở Y tế", "04.YT", "03", "TB-SYT"},
    {"o-ins2", "Thông báo về BHYT", "Các trường thu BHYT học sinh trước ngày 30.", 0, "2021-02-04",
     "07", "Sở Giáo dục", "05.GD", "04", "TB-SGD"},
    {"o-soc", "Bảo hiểm xã hội tự nguyện",
     "Người lao động tham gia bảo hiểm xã hội; chi phí y tế do quỹ khác chi trả.", 0, "2021-03-04",
     "07", "Sở Lao động", "06.LĐ", "05", "TB-SLĐ"},
    {"o-dec7", "Quyết định công nhận tổ hòa giải", "Công nhận tổ hòa giải thôn Đông.", 0,
     "2021-04-05", "02", "UBND tỉnh Nam Định", "02.VP", "07", "QĐ-UBND"},
    {"o-dec12", "Quyết định thành lập đoàn kiểm tra",
     "Căn cứ Quyết định số 07/QĐ-UBND của UBND tỉnh Nam Định về tổ hòa giải; thành lập "
     "đoàn kiểm tra.",
     0, "2021-05-06", "02", "UBND huyện Ý Yên", "02.VP", "12", "QĐ-UBND"},
    {"o-law", "Luật Thanh niên", "Luật này quy định quyền và nghĩa vụ của thanh niên.", 0,
     "2020-06-16", "01", "Quốc hội", "07.QH", "57", "2020/QH14"},
    {"o-file", "Lập hồ sơ công việc", "Văn thư lập hồ sơ công việc theo danh mục.", 0, "2022-01-03",
     "22", "Văn phòng", "08.VT", NULL, NULL},
    {"o-file-plain", "lap ho so", "ho so ho so ho so: van ban go khong dau ve ho so cong viec", 0,
     "2022-01-04", "22", "Văn phòng", "08.VT", NULL, NULL},
    {"o-decree", "Thực hiện Nghị định 15/2020/NĐ-CP",
     "Triển khai Nghị định 15/2020/NĐ-CP về xử phạt vi phạm hành chính.", 0, "2022-02-03", "22",
     "Văn phòng", "08.VT", NULL, NULL},
    {"o-decree-plain", "ND-CP", "ND-CP ND-CP", 0, "2022-02-04", "22", "Văn phòng", "08.VT", NULL,
     NULL},
    {"o-gloss", "Giải thích từ ngữ",
     "Trong Luật này, các từ ngữ dưới đây được hiểu như sau: an ninh mạng là sự bảo đảm "
     "hoạt động trên không gian mạng không gây phương hại đến an ninh quốc gia.",
     0, "2018-06-12", "01", "Quốc hội", "07.QH", "24", "2018/QH14"},
    {"o-cyber", "Bảo vệ an ninh mạng",
     "Nhà nước bảo vệ an ninh mạng; an ninh mạng của hệ thống thông tin quan trọng về an "
     "ninh quốc gia được bảo vệ; lực lượng bảo vệ an ninh mạng.",
     0, "2018-06-12", "01", "Quốc hội", "07.QH", "24", "2018/QH14"},
    {"o-head", "Tuyển dụng viên chức", "Thủ tục tuyển dụng viên chức.", 0, "2019-02-03", "05",
     "Sở Nội vụ", "01.TCCB", NULL, NULL},
    {"o-body", "Quy định chung về quản lý",
     "Chương này quy định về quản lý, sử dụng, đánh giá, khen thưởng, kỷ luật; việc tuyển dụng "
     "viên chức, tuyển dụng công chức, nâng ngạch, bổ nhiệm, điều động, luân chuyển, biệt phái, "
     "thôi việc và nghỉ hưu đối với cán bộ, công chức, viên chức trong cơ quan, tổ chức, đơn vị "
     "sự nghiệp công lập; viên chức được tuyển dụng theo vị trí việc làm.",
     0, "2019-02-04", "05", "Sở Nội vụ", "01.TCCB", NULL, NULL},
};

static int setup_official(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	lt_buf dir = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_index *w = NULL;

	f->tmp = lt_test_tmpdir();
	lt_buf_printf(&dir, "%s/data", f->tmp);
	if (lt_archive_open(&f->ar, dir.data, LT_ARCHIVE_CREATE, &err))
		fail_msg("lt_archive_open: %s", err.message);
	lt_buf_free(&dir);
	f->cat = lt_archive_catalog(f->ar);
	for (size_t i = 0; i < sizeof(official) / sizeof(official[0]); i++)
		add_record(f->cat, &official[i]);
	if (lt_index_open(&w, lt_archive_index_path(f->ar), LT_INDEX_WRITE, &err) ||
	    lt_index_sync(w, f->cat, NULL, &err))
		fail_msg("index: %s", err.message);
	lt_index_free(w);
	if (lt_index_open(&f->ix, lt_archive_index_path(f->ar), 0, &err))
		fail_msg("index: %s", err.message);
	*state = f;
	return 0;
}

/* The first hit of q is uid (and q finds it at all). */
static void first_is(fixture *f, const char *q, const char *uid)
{
	lt_search_results r = run(f, q, 0);
	if (r.nhits == 0 || strcmp(r.hits[0].uid, uid) != 0)
		fail_msg("\"%s\": first hit %s, expected %s (%zu hits)", q,
		         r.nhits ? r.hits[0].uid : "none", uid, r.nhits);
	lt_search_results_free(&r);
}

static void test_abbreviations(void **state)
{
	fixture *f = *state;
	lt_synonym_list list = {NULL, 0};
	lt_search_results r;
	lt_error err = LT_ERROR_INIT;
	lt_index *w = NULL;
	size_t added = 0;
	char *path;
	FILE *fp;

	/* Both ways, typed with or without diacritics. */
	r = run(f, "BHYT học sinh", 0);
	assert_true(has_uid(&r, "o-ins"));
	assert_true(has_uid(&r, "o-ins2"));
	assert_false(has_uid(&r, "o-soc") && has_uid(&r, "o-soc") < has_uid(&r, "o-ins"));
	lt_search_results_free(&r);
	r = run(f, "bhyt", 0);
	assert_true(has_uid(&r, "o-ins"));
	lt_search_results_free(&r);
	first_is(f, "mức hưởng BHYT", "o-ins");
	first_is(f, "muc huong BHYT", "o-ins");
	r = run(f, "thu bảo hiểm y tế", 0);
	assert_true(has_uid(&r, "o-ins2"));
	lt_search_results_free(&r);
	r = run(f, "thu bao hiem y te", 0);
	assert_true(has_uid(&r, "o-ins2"));
	lt_search_results_free(&r);
	/* A required word is taken as typed. */
	r = run(f, "+BHYT", 0);
	assert_int_equal(r.total, 1);
	lt_search_results_free(&r);

	/* An agency's own pair: stored in the catalog, written to the index
	 * by the next sync, applied both ways. */
	r = run(f, "TNCS", 0);
	assert_int_equal(r.total, 0);
	lt_search_results_free(&r);
	path = malloc(strlen(f->tmp) + 16);
	sprintf(path, "%s/syn.tsv", f->tmp);
	fp = fopen(path, "w");
	fputs("# abbreviations of our office\nTNCS\ttổ hòa giải\n\"GD\",giáo dục\n", fp);
	fclose(fp);
	if (lt_synonyms_parse(&list, path, &err))
		fail_msg("parse: %s", err.message);
	assert_int_equal(list.n, 2);
	assert_int_equal(lt_synonyms_store(f->cat, &list, 0, &added, &err), 0);
	assert_int_equal(added, 2);
	assert_int_equal(lt_synonyms_store(f->cat, &list, 0, &added, &err), 0);
	assert_int_equal(added, 0);
	lt_synonym_list_free(&list);
	if (lt_index_open(&w, lt_archive_index_path(f->ar), LT_INDEX_WRITE, &err) ||
	    lt_index_sync(w, f->cat, NULL, &err))
		fail_msg("index: %s", err.message);
	lt_index_free(w);
	first_is(f, "TNCS", "o-dec7");
	first_is(f, "tncs", "o-dec7");

	/* A bad line changes nothing and names the line. */
	fp = fopen(path, "w");
	fputs("ABC\tmột\nno separator here\n", fp);
	fclose(fp);
	assert_int_equal(lt_synonyms_parse(&list, path, &err), LT_EINVAL);
	assert_non_null(strstr(err.message, ":2:"));
	assert_int_equal(list.n, 0);
	free(path);
}

static void test_document_numbers(void **state)
{
	fixture *f = *state;
	lt_search_results r;

	first_is(f, "12/QĐ-UBND", "o-dec12");
	first_is(f, "07/QĐ-UBND", "o-dec7"); /* above the record that cites it */
	first_is(f, "số 07/QĐ-UBND", "o-dec7");
	first_is(f, "7/QĐ-UBND", "o-dec7");
	first_is(f, "07 QĐ-UBND", "o-dec7");
	first_is(f, "07/QD-UBND", "o-dec7");
	first_is(f, "57/2020/QH14", "o-law");
	first_is(f, "luật thanh niên 57/2020/QH14", "o-law");
	first_is(f, "so:7", "o-dec7");
	first_is(f, "so:07", "o-dec7");
	first_is(f, "so:\"7/QĐ-UBND\"", "o-dec7");
	first_is(f, "so:\"số 12 QĐ-UBND\"", "o-dec12");
	r = run(f, "so:7", 0);
	assert_int_equal(r.total, 1);
	lt_search_results_free(&r);
	r = run(f, "kyhieu:QĐ-UBND", 0);
	assert_int_equal(r.total, 2);
	lt_search_results_free(&r);
}

static void test_headings_and_phrases(void **state)
{
	fixture *f = *state;
	lt_search_results r;
	size_t i;

	/* A record whose heading is the query beats a longer body. */
	first_is(f, "tuyển dụng viên chức", "o-head");
	first_is(f, "tuyen dung vien chuc", "o-head");
	/* A question asking what a term means: the glossary. */
	first_is(f, "An ninh mạng là gì?", "o-gloss");
	/* Exact spelling first, for a phrase too. */
	first_is(f, "\"hồ sơ\"", "o-file");
	first_is(f, "NĐ CP", "o-decree");
	first_is(f, "NĐ-CP", "o-decree");
	/* The snippet shows and marks the phrase, not its words apart. */
	r = run(f, "\"hòa giải thôn\"", 0);
	assert_int_equal(r.total, 1);
	for (i = 0; i < r.hits[0].nspans; i++) {
		const lt_span *sp = &r.hits[0].spans[i];
		assert_int_equal(strncmp(r.hits[0].snippet + sp->offset, "hòa giải thôn",
		                         strlen("hòa giải thôn")),
		                 0);
	}
	assert_int_equal(r.hits[0].nspans, 1);
	lt_search_results_free(&r);
}

static void test_organ_and_wildcards(void **state)
{
	fixture *f = *state;
	lt_search_results r;
	lt_query q = LT_QUERY_INIT;
	lt_error err = LT_ERROR_INIT;

	r = run(f, "coquan:\"Nam Định\"", 0);
	assert_int_equal(r.total, 1);
	assert_string_equal(r.hits[0].uid, "o-dec7");
	lt_search_results_free(&r);
	r = run(f, "coquan:\"nam dinh\"", 0);
	assert_int_equal(r.total, 1);
	lt_search_results_free(&r);
	/* Unquoted: the words after the value still name the issuer. */
	r = run(f, "coquan:UBND tỉnh Nam Định", 0);
	assert_int_equal(r.total, 1);
	assert_string_equal(r.hits[0].uid, "o-dec7");
	lt_search_results_free(&r);
	/* ... unless no issuer is called so: then they are words. */
	r = run(f, "coquan:UBND tổ hòa giải", 0);
	assert_int_equal(r.total, 2);
	assert_string_equal(r.hits[0].uid, "o-dec7");
	lt_search_results_free(&r);
	r = run(f, "coquan:UBND", 0);
	assert_int_equal(r.total, 2);
	lt_search_results_free(&r);
	r = run(f, "coquan:\"UBND tỉnh Nam Định\"", 0);
	assert_int_equal(r.total, 1);
	lt_search_results_free(&r);

	/* A wildcard needs two letters; the user is told. */
	assert_int_equal(lt_query_parse(&q, "q*", &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "q*"));
	lt_error_clear(&err);
	assert_int_equal(lt_query_parse(&q, "quyết đ*", &err), LT_EINVAL);
	lt_error_clear(&err);
	assert_int_equal(lt_query_parse(&q, "qu*", &err), 0);
	lt_query_free(&q);
}

static void test_old_index(void **state)
{
	fixture *f = *state;
	uint64_t n = 0;
	(void)n;
	/* An index built by this luutru says so; sync kept the version. */
	assert_int_equal(lt_index_terms_version(f->ix), LT_TERMS_VERSION);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_folded_and_exact, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hit_fields_and_paging, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_clearance, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_snippets, setup, teardown),
	    cmocka_unit_test(test_snippet_unit),
	    cmocka_unit_test_setup_teardown(test_query_language, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_queries, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_facets, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sort_and_pages, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_number_field, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_json_request, setup, teardown),
	    cmocka_unit_test(test_long_questions),
	    cmocka_unit_test_setup_teardown(test_cache_search, setup, teardown),
	    cmocka_unit_test(test_cache_bounds),
	    cmocka_unit_test(test_cache_stale),
	    cmocka_unit_test_setup_teardown(test_cache_refresher, setup, teardown),
	    cmocka_unit_test(test_cache_keys_file),
	    cmocka_unit_test_setup_teardown(test_cache_warm_restart, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_abbreviations, setup_official, teardown),
	    cmocka_unit_test_setup_teardown(test_document_numbers, setup_official, teardown),
	    cmocka_unit_test_setup_teardown(test_headings_and_phrases, setup_official, teardown),
	    cmocka_unit_test_setup_teardown(test_organ_and_wildcards, setup_official, teardown),
	    cmocka_unit_test_setup_teardown(test_old_index, setup_official, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
