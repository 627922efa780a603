/* tests/unit/test_terms.c — the index vocabulary: folded and exact terms
 * at shared positions, field gaps, boolean terms and values. */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "indexer/terms.h"
#include "indexer/xapian_shim.h"

static char *exact_term(const char *word)
{
	lt_buf b = LT_BUF_INIT;
	assert_int_equal(lt_terms_exact(&b, word, strlen(word), NULL), 0);
	return lt_buf_detach(&b);
}

static void test_word_forms(void **state)
{
	(void)state;
	lt_buf b = LT_BUF_INIT;
	char *e1, *e2, *e3;

	assert_int_equal(lt_terms_folded(&b, "Quyết", 7, NULL), 0);
	assert_string_equal(lt_buf_cstr(&b), "quyet");
	lt_buf_reset(&b);
	assert_int_equal(lt_terms_folded(&b, "ĐỊNH", strlen("ĐỊNH"), NULL), 0);
	assert_string_equal(lt_buf_cstr(&b), "dinh");
	lt_buf_free(&b);

	e1 = exact_term("hoà");
	e2 = exact_term("hòa");
	e3 = exact_term("HOÀ");
	assert_string_equal(e1, e2);
	assert_string_equal(e1, e3);
	assert_memory_equal(e1, "XE", 2);
	free(e1);
	free(e2);
	free(e3);
	e1 = exact_term("thể");
	e2 = exact_term("thế");
	assert_string_not_equal(e1, e2);
	free(e1);
	free(e2);
	e1 = exact_term("ho");
	assert_string_equal(e1, "XEho");
	free(e1);

	/* Invalid UTF-8 is refused, nothing appended. */
	{
		lt_error err = LT_ERROR_INIT;
		b = (lt_buf)LT_BUF_INIT;
		assert_int_equal(lt_terms_exact(&b, "a\xff", 2, &err), LT_EINVAL);
		assert_int_equal(b.len, 0);
		lt_buf_free(&b);
	}
}

static void test_boolean_forms(void **state)
{
	(void)state;
	lt_buf b = LT_BUF_INIT;
	lt_buf big = LT_BUF_INIT;

	assert_int_equal(lt_terms_boolean(&b, "XO", "  UBND tỉnh   Nam Định ", NULL), 0);
	assert_string_equal(lt_buf_cstr(&b), "XOubnd_tinh_nam_dinh");
	lt_buf_reset(&b);
	assert_int_equal(lt_terms_boolean(&b, "XF", "01.TCCB", NULL), 0);
	assert_string_equal(lt_buf_cstr(&b), "XF01.tccb");
	lt_buf_reset(&b);

	/* Long values are cut below the limit, on a character boundary
	 * (Chinese characters keep 3 bytes each after folding). */
	for (int i = 0; i < 200; i++)
		lt_buf_puts(&big, "中");
	assert_int_equal(lt_terms_boolean(&b, "XO", lt_buf_cstr(&big), NULL), 0);
	assert_true(b.len < LT_TERMS_BOOLEAN_MAX);
	assert_true(b.len > LT_TERMS_BOOLEAN_MAX - 4);
	assert_int_equal((b.len - 2) % 3, 0);
	assert_int_equal(lt_text_validate(b.data, b.len, NULL), 0);
	lt_buf_free(&big);
	lt_buf_free(&b);
}

/* Index text into a real database and ask phrase questions: that is
 * where positions show. */
static lt_xdb *open_db(char **dir)
{
	lt_buf p = LT_BUF_INIT;
	lt_xdb *db = NULL;

	*dir = lt_test_tmpdir();
	lt_buf_printf(&p, "%s/ix", *dir);
	assert_int_equal(lt_xdb_open(&db, p.data, LT_XDB_WRITE, NULL), 0);
	lt_buf_free(&p);
	return db;
}

static size_t phrase_hits(lt_xdb *db, const char *t1, const char *t2)
{
	lt_xsearch_options o = LT_XSEARCH_OPTIONS_INIT;
	lt_xquery *a = NULL, *b = NULL, *q = NULL;
	const lt_xquery *v[2];
	lt_xmset *m = NULL;
	size_t n;

	assert_int_equal(lt_xquery_term(&a, t1, strlen(t1), NULL), 0);
	assert_int_equal(lt_xquery_term(&b, t2, strlen(t2), NULL), 0);
	v[0] = a;
	v[1] = b;
	assert_int_equal(lt_xquery_combine(&q, LT_XOP_PHRASE, v, 2, 0, NULL), 0);
	assert_int_equal(lt_xdb_search(&m, db, q, &o, NULL), 0);
	n = lt_xmset_size(m);
	lt_xmset_free(m);
	lt_xquery_free(a);
	lt_xquery_free(b);
	lt_xquery_free(q);
	return n;
}

static void test_positions_and_gaps(void **state)
{
	(void)state;
	char *dir;
	lt_xdb *db = open_db(&dir);
	lt_xdoc *doc = NULL;
	uint32_t pos = 0;
	char longword[80];
	char *xe_dinh = exact_term("định"), *xe_quyet = exact_term("quyết");
	lt_buf text = LT_BUF_INIT;

	memset(longword, 'x', sizeof(longword) - 1);
	longword[sizeof(longword) - 1] = '\0';
	lt_buf_printf(&text, "Quyết định %s bổ nhiệm", longword);
	assert_int_equal(lt_xdoc_new(&doc, NULL), 0);
	assert_int_equal(lt_terms_index_text(doc, &pos, text.data, text.len, NULL), 0);
	assert_int_equal(pos, 5 + LT_TERMS_FIELD_GAP);
	assert_int_equal(lt_terms_index_text(doc, &pos, "cán bộ", LT_TEXT_STRLEN, NULL), 0);
	assert_int_equal(lt_terms_index_text(doc, &pos, NULL, 0, NULL), 0);
	assert_true(lt_xdoc_has_term(doc, "quyet"));
	assert_true(lt_xdoc_has_term(doc, xe_quyet));
	assert_true(lt_xdoc_has_term(doc, "can"));
	assert_false(lt_xdoc_has_term(doc, longword));
	/* Neighbouring words give bigram terms, within a field only and
	 * never across a skipped word. */
	assert_true(lt_xdoc_has_term(doc, "XBquyet_dinh"));
	assert_true(lt_xdoc_has_term(doc, "XBbo_nhiem"));
	assert_true(lt_xdoc_has_term(doc, "XBcan_bo"));
	assert_false(lt_xdoc_has_term(doc, "XBnhiem_can"));
	assert_false(lt_xdoc_has_term(doc, "XBdinh_bo"));
	assert_int_equal(lt_xdb_replace(db, "Q1", doc, NULL), 0);
	lt_xdoc_free(doc);
	assert_int_equal(lt_xdb_commit(db, NULL), 0);

	/* Folded and exact share positions: they mix in one phrase. */
	assert_int_equal(phrase_hits(db, "quyet", "dinh"), 1);
	assert_int_equal(phrase_hits(db, xe_quyet, "dinh"), 1);
	assert_int_equal(phrase_hits(db, "quyet", xe_dinh), 1);
	/* The skipped long word still holds its place. */
	assert_int_equal(phrase_hits(db, "dinh", "bo"), 0);
	/* No phrase across fields. */
	assert_int_equal(phrase_hits(db, "nhiem", "can"), 0);
	assert_int_equal(phrase_hits(db, "can", "bo"), 1);

	free(xe_dinh);
	free(xe_quyet);
	lt_buf_free(&text);
	lt_xdb_free(db);
	lt_test_rmtree_free(dir);
}

static void test_record_document(void **state)
{
	(void)state;
	lt_record rec;
	lt_record_page pages[2];
	lt_xdoc *doc = NULL;
	lt_buf b = LT_BUF_INIT;
	char *dir;
	lt_xdb *db = open_db(&dir);

	memset(&rec, 0, sizeof(rec));
	memset(pages, 0, sizeof(pages));
	rec.id = 42;
	snprintf(rec.uid, sizeof(rec.uid), "%s", "0b8a6c1e-2f43-4d1b-9a77-5c2d3e4f5a6b");
	rec.secrecy = 2;
	rec.values[LT_F_TITLE] = "Quyết định bổ nhiệm";
	rec.values[LT_F_SUBJECT] = "Về việc bổ nhiệm cán bộ";
	rec.values[LT_F_TYPE_NAME] = "02";
	rec.values[LT_F_KIND] = "outgoing";
	rec.values[LT_F_ISSUED_DATE] = "2021-03-04";
	rec.values[LT_F_ORGAN_NAME] = "UBND tỉnh Nam Định";
	rec.values[LT_F_FILE_CODE] = "01.TCCB";
	rec.values[LT_F_CODE_NUMBER] = "12";
	rec.values[LT_F_CODE_NOTATION] = "QĐ-UBND";
	pages[0].page_no = 1;
	pages[0].text = "Điều 1. Bổ nhiệm ông Nguyễn Văn A";
	pages[1].page_no = 2;
	pages[1].text = "Điều 2. Hiệu lực thi hành";
	rec.pages = pages;
	rec.npages = 2;

	assert_int_equal(lt_terms_record_doc(&doc, &rec, NULL), 0);
	assert_true(lt_xdoc_has_term(doc, "Q0b8a6c1e-2f43-4d1b-9a77-5c2d3e4f5a6b"));
	assert_true(lt_xdoc_has_term(doc, "XI42"));
	assert_true(lt_xdoc_has_term(doc, "XS2"));
	assert_true(lt_xdoc_has_term(doc, "XT02"));
	assert_true(lt_xdoc_has_term(doc, "XKoutgoing"));
	assert_true(lt_xdoc_has_term(doc, "Y2021"));
	assert_true(lt_xdoc_has_term(doc, "XF01.tccb"));
	assert_true(lt_xdoc_has_term(doc, "XOubnd_tinh_nam_dinh"));
	assert_true(lt_xdoc_has_term(doc, "XNqd-ubnd"));
	assert_true(lt_xdoc_has_term(doc, "XN12/qd-ubnd"));
	/* Free text from title, subject, notation and every page. */
	assert_true(lt_xdoc_has_term(doc, "nhiem"));
	assert_true(lt_xdoc_has_term(doc, "viec"));
	assert_true(lt_xdoc_has_term(doc, "ubnd"));
	assert_true(lt_xdoc_has_term(doc, "nguyen"));
	assert_true(lt_xdoc_has_term(doc, "hieu"));
	/* The issuing body is a filter, not free text; its words match
	 * inside the name (coquan:"Nam Định"). */
	assert_false(lt_xdoc_has_term(doc, "tinh"));
	assert_true(lt_xdoc_has_term(doc, "XOWnam"));
	assert_true(lt_xdoc_has_term(doc, "XOWdinh"));
	/* Heading words and pairs (title, subject), not the pages'. */
	assert_true(lt_xdoc_has_term(doc, "XHbo_nhiem"));
	assert_true(lt_xdoc_has_term(doc, "XHcan_bo"));
	assert_true(lt_xdoc_has_term(doc, "XHquyet"));
	assert_false(lt_xdoc_has_term(doc, "XHhieu"));
	/* The number's words side by side: "12/QĐ-UBND" is one field. */
	{
		lt_xquery *w[3], *p = NULL;
		assert_int_equal(lt_xquery_term(&w[0], "12", 2, NULL), 0);
		assert_int_equal(lt_xquery_term(&w[1], "qd", 2, NULL), 0);
		assert_int_equal(lt_xquery_term(&w[2], "ubnd", 4, NULL), 0);
		assert_int_equal(
		    lt_xquery_combine(&p, LT_XOP_PHRASE, (const lt_xquery *const *)w, 3, 0, NULL),
		    0);
		assert_int_equal(lt_xdb_replace(db, "Qtmp", doc, NULL), 0);
		{
			lt_xsearch_options o = LT_XSEARCH_OPTIONS_INIT;
			lt_xmset *m = NULL;
			assert_int_equal(lt_xdb_search(&m, db, p, &o, NULL), 0);
			assert_int_equal(lt_xmset_size(m), 1);
			lt_xmset_free(m);
		}
		assert_int_equal(lt_xdb_delete(db, "Q0b8a6c1e-2f43-4d1b-9a77-5c2d3e4f5a6b", NULL),
		                 0);
		for (int i = 0; i < 3; i++)
			lt_xquery_free(w[i]);
		lt_xquery_free(p);
	}
	/* Zero-padded numbers also without their zeros. */
	lt_buf_reset(&b);
	assert_int_equal(lt_terms_notation(&b, "07/QĐ-UBND", NULL), 0);
	assert_string_equal(lt_buf_cstr(&b), "XN7/qd-ubnd");
	lt_buf_reset(&b);
	assert_int_equal(lt_terms_notation(&b, "0/QĐ", NULL), 0);
	assert_string_equal(lt_buf_cstr(&b), "XN0/qd");
	lt_buf_reset(&b);
	assert_int_equal(lt_terms_notation(&b, "57/2020/QH14", NULL), 0);
	assert_string_equal(lt_buf_cstr(&b), "XN57/2020/qh14");
	lt_buf_reset(&b);
	assert_int_equal(lt_xdb_replace(db, "Q0b8a6c1e-2f43-4d1b-9a77-5c2d3e4f5a6b", doc, NULL), 0);
	lt_xdoc_free(doc);
	assert_int_equal(lt_xdb_commit(db, NULL), 0);

	{
		lt_xsearch_options o = LT_XSEARCH_OPTIONS_INIT;
		lt_xquery *q = NULL;
		lt_xmset *m = NULL;
		assert_int_equal(lt_xquery_term(&q, "XI42", 4, NULL), 0);
		assert_int_equal(lt_xdb_search(&m, db, q, &o, NULL), 0);
		assert_int_equal(lt_xmset_size(m), 1);
		assert_int_equal(lt_xmset_data(m, 0, &b, NULL), 0);
		assert_string_equal(lt_buf_cstr(&b), "42");
		lt_buf_reset(&b);
		assert_int_equal(lt_xmset_value(m, 0, LT_SLOT_ISSUED_DATE, &b, NULL), 0);
		assert_string_equal(lt_buf_cstr(&b), "20210304");
		lt_buf_reset(&b);
		assert_int_equal(lt_xmset_value(m, 0, LT_SLOT_YEAR, &b, NULL), 0);
		assert_string_equal(lt_buf_cstr(&b), "2021");
		lt_buf_reset(&b);
		assert_int_equal(lt_xmset_value(m, 0, LT_SLOT_TYPE, &b, NULL), 0);
		assert_string_equal(lt_buf_cstr(&b), "02");
		lt_buf_reset(&b);
		assert_int_equal(lt_xmset_value(m, 0, LT_SLOT_ORGAN, &b, NULL), 0);
		assert_string_equal(lt_buf_cstr(&b), "UBND tỉnh Nam Định");
		lt_buf_reset(&b);
		assert_int_equal(lt_xmset_value(m, 0, LT_SLOT_FILE_CODE, &b, NULL), 0);
		assert_string_equal(lt_buf_cstr(&b), "01.TCCB");
		lt_buf_reset(&b);
		assert_int_equal(lt_xmset_value(m, 0, LT_SLOT_RECORD_ID, &b, NULL), 0);
		assert_true(lt_x_sortable_unserialise(b.data, b.len) == 42.0);
		lt_xmset_free(m);
		lt_xquery_free(q);
	}

	/* A record with almost nothing set still makes a document. */
	memset(&rec, 0, sizeof(rec));
	rec.id = 7;
	snprintf(rec.uid, sizeof(rec.uid), "%s", "u7");
	assert_int_equal(lt_terms_record_doc(&doc, &rec, NULL), 0);
	assert_true(lt_xdoc_has_term(doc, "Qu7"));
	assert_true(lt_xdoc_has_term(doc, "XS0"));
	lt_xdoc_free(doc);

	assert_int_equal(lt_terms_plain_doc(&doc, "art-1", "Điều 1", "Phạm vi điều chỉnh", NULL),
	                 0);
	assert_true(lt_xdoc_has_term(doc, "Qart-1"));
	assert_true(lt_xdoc_has_term(doc, "pham"));
	lt_xdoc_free(doc);

	lt_buf_free(&b);
	lt_xdb_free(db);
	lt_test_rmtree_free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_word_forms),
	    cmocka_unit_test(test_boolean_forms),
	    cmocka_unit_test(test_positions_and_gaps),
	    cmocka_unit_test(test_record_document),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
