/* tests/unit/test_lang.c — the per-thread message language of core/error.h
 * (lt_lang_set_thread), which lets each HTTP request get its errors in its
 * own language while other threads keep theirs. */
#include "tests/unit/support.h"

#include <pthread.h>
#include <string.h>

#include "core/error.h"

static void test_thread_override(void **state)
{
	lt_error err = LT_ERROR_INIT;

	(void)state;
	lt_lang_set(LT_LANG_VI);
	assert_int_equal(lt_lang_get(), LT_LANG_VI);
	lt_lang_set_thread(LT_LANG_EN);
	assert_int_equal(lt_lang_get(), LT_LANG_EN);
	assert_string_equal(LT_TR("không", "no"), "no");
	lt_error_set(&err, LT_ENOTFOUND, LT_TR("không tìm thấy %s", "no such %s"), "x");
	assert_string_equal(err.message, "no such x");
	/* the process-wide setting does not undo this thread's choice */
	lt_lang_set(LT_LANG_VI);
	assert_int_equal(lt_lang_get(), LT_LANG_EN);
	lt_lang_set_thread(-1);
	assert_int_equal(lt_lang_get(), LT_LANG_VI);
	assert_string_equal(LT_TR("không", "no"), "không");
}

static void test_bad_values_follow_the_process(void **state)
{
	(void)state;
	lt_lang_set(LT_LANG_EN);
	lt_lang_set_thread(7);
	assert_int_equal(lt_lang_get(), LT_LANG_EN);
	lt_lang_set_thread(LT_LANG_VI);
	assert_int_equal(lt_lang_get(), LT_LANG_VI);
	lt_lang_set_thread(-5);
	assert_int_equal(lt_lang_get(), LT_LANG_EN);
	lt_lang_set(LT_LANG_VI);
}

static void *other_thread(void *arg)
{
	int *seen = arg;
	seen[0] = (int)lt_lang_get(); /* not touched by the main thread's override */
	lt_lang_set_thread(LT_LANG_EN);
	seen[1] = (int)lt_lang_get();
	return NULL;
}

static void test_threads_are_separate(void **state)
{
	pthread_t t;
	int seen[2] = {-1, -1};

	(void)state;
	lt_lang_set(LT_LANG_VI);
	lt_lang_set_thread(LT_LANG_EN);
	assert_int_equal(pthread_create(&t, NULL, other_thread, seen), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(seen[0], LT_LANG_VI);
	assert_int_equal(seen[1], LT_LANG_EN);
	lt_lang_set_thread(LT_LANG_VI);
	assert_int_equal(lt_lang_get(), LT_LANG_VI); /* the other thread's choice stayed there */
	lt_lang_set_thread(-1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_thread_override),
	    cmocka_unit_test(test_bad_values_follow_the_process),
	    cmocka_unit_test(test_threads_are_separate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
