/* tests/unit/test_relevance.c — the search-quality floors on ALQAC 2022
 * (docs/search.md): luutru's shipped ranking keeps hit@10 >= 0.95 and
 * MRR@10 >= 0.85 with the questions as written, and stays within 5% of
 * that with diacritics stripped. Skipped when ../shared/fixtures is
 * absent. The full table comes from bench/relevance.sh. */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "search/eval.h"
#include "search/query.h"

static void test_alqac_floors(void **state)
{
	(void)state;
	const char *fixtures = lt_test_shared_fixtures();
	lt_buf dir = LT_BUF_INIT, ixpath = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_eval_result a, s;
	lt_eval *ev = NULL;
	char *tmp;

	if (!fixtures) {
		skip();
		return;
	}
	lt_buf_printf(&dir, "%s/corpus/alqac2022", fixtures);
	tmp = lt_test_tmpdir();
	lt_buf_printf(&ixpath, "%s/index", tmp);
	if (lt_eval_open(&ev, dir.data, ixpath.data, &err))
		fail_msg("eval: %s", err.message);
	assert_int_equal(lt_eval_doc_count(ev), 1377);
	assert_int_equal(lt_eval_run(ev, LT_EVAL_LUUTRU, lt_query_ranking(), 0, &a, &err), 0);
	assert_int_equal(lt_eval_run(ev, LT_EVAL_LUUTRU, lt_query_ranking(), 1, &s, &err), 0);
	print_message("accented hit@10 %.3f MRR@10 %.3f; stripped hit@10 %.3f MRR@10 %.3f\n",
	              a.hit10, a.mrr10, s.hit10, s.mrr10);
	assert_int_equal(a.queries, 520);
	assert_true(a.hit10 >= 0.95);
	assert_true(a.mrr10 >= 0.85);
	assert_true(s.hit10 >= a.hit10 * 0.95);
	assert_true(s.mrr10 >= a.mrr10 * 0.95);
	lt_eval_free(ev);
	lt_buf_free(&dir);
	lt_buf_free(&ixpath);
	lt_test_rmtree_free(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_alqac_floors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
