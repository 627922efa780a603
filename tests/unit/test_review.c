/* tests/unit/test_review.c — archive/review: a reviewer's correction of a
 * page's recognised text (history, reindex row, the review list). */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/access.h"
#include "archive/archive.h"
#include "archive/catalog.h"
#include "archive/jobs.h"
#include "archive/review.h"
#include "archive/users.h"

typedef struct fixture {
	char *dir;
	lt_archive *ar;
	lt_catalog *cat;
} fixture;

/* Two records recognised badly: a public one of two pages, a Mật one of
 * one page; an archivist of clearance 0, an officer of clearance 3. */
static const char SCENE[] =
    "INSERT INTO main.records (id, uid, doc_id, secrecy, subject) VALUES"
    " (1, 'u1', 'D1', 0, 'công văn'), (2, 'u2', 'D2', 1, 'mật');"
    "INSERT INTO main.pages (record_id, page_no, text, confidence, quality) VALUES"
    " (1, 1, 'Kê hoach sô hóa tài liêu', 41, 35), (1, 2, 'trang hai', 90, 88),"
    " (2, 1, 'bí mât', 40, 30);";

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	lt_error err = LT_ERROR_INIT;
	lt_user_new a = {"vanthu", NULL, "archivist", 0, NULL, NULL};
	lt_user_new o = {"canbo", NULL, "officer", 3, NULL, NULL};

	lt_test_archive_open(&f->dir, &f->ar, &f->cat);
	lt_catalog_set_isolated(f->cat, 1);
	if (lt_catalog_exec(f->cat, SCENE, &err) != LT_OK)
		fail_msg("%s", err.message);
	assert_int_equal(lt_users_add(NULL, f->cat, &a, &err), LT_OK);
	assert_int_equal(lt_users_add(NULL, f->cat, &o, &err), LT_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	lt_test_archive_close(f->dir, f->ar);
	free(f);
	return 0;
}

static size_t listed(fixture *f, int64_t record, int page)
{
	lt_review_list list = {NULL, 0};
	lt_error err = LT_ERROR_INIT;
	size_t hits = 0;
	assert_int_equal(lt_jobs_review(f->ar, 60, 0, &list, &err), 0);
	for (size_t i = 0; i < list.n; i++)
		if (list.v[i].record_id == record && list.v[i].page_no == page)
			hits++;
	lt_review_list_free(&list);
	return hits;
}

static void test_correct_keeps_history_and_reindexes(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	long long outbox = lt_test_scalar(f->cat, "SELECT count(*) FROM index_outbox");
	int changed = -1;

	assert_int_equal(listed(f, 1, 1), 1);
	assert_int_equal(listed(f, 1, 2), 0); /* good enough already */
	lt_test_as(f->cat, "vanthu");
	/* decomposed input is stored in NFC */
	assert_int_equal(lt_review_correct(f->cat, 1, 1, "Ke\xcc\x82 hoạch số hóa tài liệu",
	                                   "vanthu", &changed, &err),
	                 LT_OK);
	assert_int_equal(changed, 1);
	lt_test_as(f->cat, NULL);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT text = 'Kê hoạch số hóa tài liệu'"
	                                        " FROM pages WHERE record_id = 1 AND page_no = 1"),
	                 1);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM record_history WHERE"
	                                        " record_id = 1 AND field = 'page:1' AND"
	                                        " old_value = 'Kê hoach sô hóa tài liêu' AND"
	                                        " new_value = 'Kê hoạch số hóa tài liệu' AND"
	                                        " who = 'vanthu' AND at IS NOT NULL"),
	                 1);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM index_outbox"), outbox + 1);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT uid = 'u1' AND op = 'upsert' AND"
	                                        " record_id = 1 FROM index_outbox ORDER BY seq DESC"
	                                        " LIMIT 1"),
	                 1);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT reviewed_by = 'vanthu' AND reviewed_at IS"
	                                        " NOT NULL FROM pages WHERE record_id = 1 AND"
	                                        " page_no = 1"),
	                 1);
	/* reviewed: it leaves the list */
	assert_int_equal(listed(f, 1, 1), 0);
}

static void test_confirm_without_change(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	long long outbox = lt_test_scalar(f->cat, "SELECT count(*) FROM index_outbox");
	int changed = -1;

	/* the same text, or none: reviewed, no history row, nothing to reindex */
	assert_int_equal(
	    lt_review_correct(f->cat, 1, 1, "Kê hoach sô hóa tài liêu", NULL, &changed, &err),
	    LT_OK);
	assert_int_equal(changed, 0);
	assert_int_equal(lt_review_correct(f->cat, 2, 1, NULL, "ai", &changed, &err), LT_OK);
	assert_int_equal(changed, 0);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM record_history"), 0);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM index_outbox"), outbox);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT reviewed_by = 'cli' FROM pages WHERE"
	                                        " record_id = 1 AND page_no = 1"),
	                 1);
	assert_int_equal(listed(f, 1, 1), 0);
	assert_int_equal(listed(f, 2, 1), 0);
}

static void test_refusals_change_nothing(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	char *big;

	/* bad input */
	assert_int_equal(lt_review_correct(f->cat, 1, 1, "h\xc3(", NULL, NULL, &err), LT_EINVAL);
	big = malloc(LT_REVIEW_TEXT_MAX + 2);
	memset(big, 'a', LT_REVIEW_TEXT_MAX + 1);
	big[LT_REVIEW_TEXT_MAX + 1] = '\0';
	assert_int_equal(lt_review_correct(f->cat, 1, 1, big, NULL, NULL, &err), LT_EINVAL);
	free(big);
	assert_int_equal(lt_review_correct(f->cat, 1, 9, "x", NULL, NULL, &err), LT_ENOTFOUND);
	assert_int_equal(lt_review_correct(f->cat, 99, 1, "x", NULL, NULL, &err), LT_ENOTFOUND);
	/* an officer may not correct, whatever their clearance */
	lt_test_as(f->cat, "canbo");
	assert_int_equal(lt_review_correct(f->cat, 1, 1, "x", "canbo", NULL, &err), LT_EDENIED);
	/* an archivist of clearance 0 does not see the Mật record's page */
	lt_test_as(f->cat, "vanthu");
	assert_int_equal(lt_review_correct(f->cat, 2, 1, "x", "vanthu", NULL, &err), LT_ENOTFOUND);
	assert_int_equal(listed(f, 2, 1), 0);
	lt_test_as(f->cat, NULL);
	assert_int_equal(listed(f, 2, 1), 1);
	assert_int_equal(lt_test_scalar(f->cat,
	                                "SELECT count(*) FROM pages WHERE reviewed_at IS NOT"
	                                " NULL OR text = 'x'"),
	                 0);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM record_history"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_correct_keeps_history_and_reindexes, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_confirm_without_change, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refusals_change_nothing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
