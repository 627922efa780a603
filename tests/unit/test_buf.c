/* tests/unit/test_buf.c — core/buf (the growable buffer) and core/error
 * (errors, status names and codes, message language). */
#include "tests/unit/support.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"

/* The invariants of buf.h, checked after every operation. */
static void assert_buf_ok(const lt_buf *b)
{
	if (!b->data) {
		assert_int_equal(b->len, 0);
		assert_int_equal(b->cap, 0);
		assert_string_equal(lt_buf_cstr(b), "");
		return;
	}
	assert_true(b->len < b->cap);
	assert_int_equal(b->data[b->len], '\0');
	assert_ptr_equal(lt_buf_cstr(b), b->data);
}

/* ---- buffer ------------------------------------------------------------- */

static void test_buf_init(void **state)
{
	lt_buf b = LT_BUF_INIT;

	(void)state;
	assert_null(b.data);
	assert_buf_ok(&b);
	assert_string_equal(lt_buf_cstr(&b), "");
	lt_buf_free(&b); /* freeing a fresh buffer is fine */
	assert_buf_ok(&b);
	lt_buf_free(NULL);
}

static void test_buf_append(void **state)
{
	lt_buf b = LT_BUF_INIT;

	(void)state;
	assert_int_equal(lt_buf_append(&b, "abc", 3), LT_OK);
	assert_buf_ok(&b);
	assert_int_equal(b.len, 3);
	assert_string_equal(b.data, "abc");
	assert_int_equal(lt_buf_puts(&b, "déf"), LT_OK);
	assert_int_equal(lt_buf_putc(&b, '!'), LT_OK);
	assert_buf_ok(&b);
	assert_string_equal(lt_buf_cstr(&b), "abcdéf!");
	assert_int_equal(b.len, strlen("abcdéf!"));
	/* appending nothing, even from NULL, changes nothing */
	assert_int_equal(lt_buf_append(&b, NULL, 0), LT_OK);
	assert_int_equal(lt_buf_puts(&b, ""), LT_OK);
	assert_string_equal(lt_buf_cstr(&b), "abcdéf!");
	lt_buf_free(&b);
	assert_buf_ok(&b);
}

static void test_buf_embedded_nul(void **state)
{
	lt_buf b = LT_BUF_INIT;

	(void)state;
	assert_int_equal(lt_buf_append(&b, "a\0b", 3), LT_OK);
	assert_int_equal(lt_buf_putc(&b, '\0'), LT_OK);
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.data, "a\0b\0", 5);
	assert_buf_ok(&b);
	lt_buf_free(&b);
}

static void test_buf_growth(void **state)
{
	lt_buf b = LT_BUF_INIT;
	size_t i;

	(void)state;
	/* many small appends: content exact, invariants hold throughout */
	for (i = 0; i < 100000; i++) {
		assert_int_equal(lt_buf_putc(&b, (char)('a' + i % 26)), LT_OK);
		if (i % 9973 == 0)
			assert_buf_ok(&b);
	}
	assert_int_equal(b.len, 100000);
	for (i = 0; i < 100000; i++)
		if (b.data[i] != (char)('a' + i % 26))
			fail_msg("byte %zu wrong", i);
	assert_buf_ok(&b);

	/* grow reserves room without changing content */
	lt_buf_reset(&b);
	assert_int_equal(lt_buf_puts(&b, "xy"), LT_OK);
	assert_int_equal(lt_buf_grow(&b, 1000000), LT_OK);
	assert_true(b.cap >= 2 + 1000000 + 1);
	assert_string_equal(b.data, "xy");
	assert_int_equal(b.len, 2);
	lt_buf_free(&b);
}

static void test_buf_enomem_keeps_content(void **state)
{
	lt_buf b = LT_BUF_INIT;
	char *before;

	(void)state;
	assert_int_equal(lt_buf_puts(&b, "keep me"), LT_OK);
	before = b.data;
	/* sizes that cannot be met fail cleanly instead of overflowing */
	assert_int_equal(lt_buf_grow(&b, SIZE_MAX), LT_ENOMEM);
	assert_int_equal(lt_buf_grow(&b, SIZE_MAX - 7), LT_ENOMEM);
	assert_int_equal(lt_buf_append(&b, "x", SIZE_MAX - 3), LT_ENOMEM);
	assert_ptr_equal(b.data, before);
	assert_string_equal(b.data, "keep me");
	assert_int_equal(b.len, 7);
	assert_buf_ok(&b);
	lt_buf_free(&b);
}

static int vprintf_wrapper(lt_buf *b, const char *fmt, ...) LT_PRINTF(2, 3);
static int vprintf_wrapper(lt_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = lt_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

static void test_buf_printf(void **state)
{
	lt_buf b = LT_BUF_INIT;
	char big[300];

	(void)state;
	assert_int_equal(lt_buf_printf(&b, "%d/%s-%s", 1234, "QĐ", "UBND"), LT_OK);
	assert_string_equal(lt_buf_cstr(&b), "1234/QĐ-UBND");
	assert_int_equal(vprintf_wrapper(&b, " %05.1f|%c", 3.14159, 'z'), LT_OK);
	assert_string_equal(lt_buf_cstr(&b), "1234/QĐ-UBND 003.1|z");
	/* longer than the first allocation: printf must grow first */
	memset(big, 'k', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(lt_buf_printf(&b, "[%s]", big), LT_OK);
	assert_int_equal(b.len, strlen("1234/QĐ-UBND 003.1|z") + 2 + 299);
	assert_int_equal(b.data[b.len - 1], ']');
	assert_buf_ok(&b);
	/* an empty result appends nothing */
	assert_int_equal(lt_buf_printf(&b, "%s", ""), LT_OK);
	assert_int_equal(b.len, strlen("1234/QĐ-UBND 003.1|z") + 2 + 299);
	lt_buf_free(&b);
}

static void test_buf_reset_truncate(void **state)
{
	lt_buf b = LT_BUF_INIT;
	size_t cap;
	char *data;

	(void)state;
	lt_buf_reset(&b); /* on a fresh buffer: no crash, still fresh */
	assert_buf_ok(&b);
	lt_buf_truncate(&b, 0);
	assert_buf_ok(&b);

	assert_int_equal(lt_buf_puts(&b, "hello world"), LT_OK);
	lt_buf_truncate(&b, 100); /* longer: no-op */
	assert_string_equal(b.data, "hello world");
	lt_buf_truncate(&b, 11);
	assert_string_equal(b.data, "hello world");
	lt_buf_truncate(&b, 5);
	assert_string_equal(b.data, "hello");
	assert_int_equal(b.len, 5);
	assert_buf_ok(&b);

	cap = b.cap;
	data = b.data;
	lt_buf_reset(&b); /* keeps the allocation */
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, cap);
	assert_ptr_equal(b.data, data);
	assert_string_equal(lt_buf_cstr(&b), "");
	assert_buf_ok(&b);
	lt_buf_free(&b);
	assert_null(b.data);
	lt_buf_free(&b); /* twice is fine */
}

static void test_buf_detach(void **state)
{
	lt_buf b = LT_BUF_INIT;
	char *s;

	(void)state;
	s = lt_buf_detach(&b); /* empty: a malloc'd "" */
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);

	assert_int_equal(lt_buf_puts(&b, "hồ sơ"), LT_OK);
	s = lt_buf_detach(&b);
	assert_string_equal(s, "hồ sơ");
	assert_null(b.data);
	assert_buf_ok(&b);
	/* the buffer is usable again and independent of s */
	assert_int_equal(lt_buf_puts(&b, "mới"), LT_OK);
	assert_string_equal(s, "hồ sơ");
	assert_string_equal(lt_buf_cstr(&b), "mới");
	free(s);
	lt_buf_free(&b);

	/* reset then detach gives "" too */
	assert_int_equal(lt_buf_puts(&b, "x"), LT_OK);
	lt_buf_reset(&b);
	s = lt_buf_detach(&b);
	assert_string_equal(s, "");
	free(s);
}

/* ---- errors ---------------------------------------------------------------- */

static void test_error_set(void **state)
{
	lt_error err = LT_ERROR_INIT;

	(void)state;
	assert_int_equal(err.code, LT_OK);
	assert_string_equal(err.message, "");
	assert_int_equal(
	    lt_error_set(&err, LT_ENOTFOUND, "không mở được tệp %s: %s", "a.png", "không tồn tại"),
	    LT_ENOTFOUND);
	assert_int_equal(err.code, LT_ENOTFOUND);
	assert_string_equal(err.message, "không mở được tệp a.png: không tồn tại");
	/* NULL error: the code is still returned */
	assert_int_equal(lt_error_set(NULL, LT_EINVAL, "x %d", 1), LT_EINVAL);
	/* an empty message is replaced by the status name: never empty */
	assert_int_equal(lt_error_set(&err, LT_EIO, "%s", ""), LT_EIO);
	assert_string_equal(err.message, "io");
	/* a second set replaces the first */
	lt_error_set(&err, LT_EBUSY, "locked");
	assert_int_equal(err.code, LT_EBUSY);
	assert_string_equal(err.message, "locked");
	lt_error_clear(&err);
	assert_int_equal(err.code, LT_OK);
	assert_string_equal(err.message, "");
	lt_error_clear(NULL);
}

static void test_error_set_truncates(void **state)
{
	lt_error err = LT_ERROR_INIT;
	char big[2000];

	(void)state;
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(lt_error_set(&err, LT_EINVAL, "start %s", big), LT_EINVAL);
	assert_int_equal(strlen(err.message), LT_ERROR_MESSAGE_MAX - 1);
	assert_memory_equal(err.message, "start aaa", 9);
}

static void test_error_prefix(void **state)
{
	lt_error err = LT_ERROR_INIT;
	char big[2000];

	(void)state;
	lt_error_set(&err, LT_ENOTFOUND, "không tồn tại");
	assert_int_equal(lt_error_prefix(&err, "không mở được hồ sơ %s", "01.TCCB"), LT_ENOTFOUND);
	assert_string_equal(err.message, "không mở được hồ sơ 01.TCCB: không tồn tại");
	assert_int_equal(err.code, LT_ENOTFOUND);
	/* prefixes stack, outermost first */
	lt_error_prefix(&err, "ingest");
	assert_string_equal(err.message, "ingest: không mở được hồ sơ 01.TCCB: không tồn tại");

	/* NULL err */
	assert_int_equal(lt_error_prefix(NULL, "ctx"), LT_ERR);

	/* on a clear error the code becomes LT_ERR, so it is never "ok" with a message */
	lt_error_clear(&err);
	assert_int_equal(lt_error_prefix(&err, "ctx"), LT_ERR);
	assert_int_equal(err.code, LT_ERR);
	assert_true(strncmp(err.message, "ctx: ", 5) == 0);

	/* a huge prefix is cut; the result stays terminated within bounds */
	memset(big, 'p', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	lt_error_set(&err, LT_EIO, "disk full");
	assert_int_equal(lt_error_prefix(&err, "%s", big), LT_EIO);
	assert_true(strlen(err.message) < LT_ERROR_MESSAGE_MAX);
	assert_int_equal(err.message[0], 'p');

	/* a huge old message is cut after the prefix */
	lt_error_set(&err, LT_EIO, "%s", big);
	lt_error_prefix(&err, "ctx");
	assert_true(strlen(err.message) < LT_ERROR_MESSAGE_MAX);
	assert_true(strncmp(err.message, "ctx: ppp", 8) == 0);
}

struct status_case {
	int code;
	const char *name;
	int exit_code;
	int http;
};

static void test_status_tables(void **state)
{
	/* exit codes as documented in error.h (docs/cli.md) */
	static const struct status_case cases[] = {
	    {LT_OK, "ok", 0, 200},
	    {LT_ERR, "internal", 1, 500},
	    {LT_ENOMEM, "out_of_memory", 1, 500},
	    {LT_EIO, "io", 5, 500},
	    {LT_ENOTFOUND, "not_found", 3, 404},
	    {LT_EINVAL, "invalid", 2, 400},
	    {LT_EUNSUPPORTED, "unsupported", 4, 415},
	    {LT_ECORRUPT, "corrupt", 4, 422},
	    {LT_EEXISTS, "exists", 7, 409},
	    {LT_EVERSION, "version", 8, 500},
	    {LT_ELIMIT, "limit", 6, 413},
	    {LT_EDB, "catalog", 5, 500},
	    {LT_EINDEX, "index", 5, 500},
	    {LT_EOCR, "ocr", 5, 500},
	    {LT_EDENIED, "denied", 7, 403},
	    {LT_ESTATE, "state", 7, 409},
	    {LT_EBUSY, "busy", 9, 503},
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (strcmp(lt_status_name(cases[i].code), cases[i].name) != 0)
			fail_msg("status %d: name %s, want %s", cases[i].code,
			         lt_status_name(cases[i].code), cases[i].name);
		if (lt_status_exit_code(cases[i].code) != cases[i].exit_code)
			fail_msg("status %s: exit %d, want %d", cases[i].name,
			         lt_status_exit_code(cases[i].code), cases[i].exit_code);
		if (lt_status_http(cases[i].code) != cases[i].http)
			fail_msg("status %s: http %d, want %d", cases[i].name,
			         lt_status_http(cases[i].code), cases[i].http);
		/* names are unique: the API's clients switch on them */
		for (j = 0; j < i; j++)
			assert_string_not_equal(cases[i].name, cases[j].name);
	}
	/* unknown codes are internal errors, never success */
	assert_string_equal(lt_status_name(-999), "unknown");
	assert_int_equal(lt_status_exit_code(-999), 1);
	assert_int_equal(lt_status_http(-999), 500);
	assert_int_equal(lt_status_exit_code(42), 1);
}

static void test_lang(void **state)
{
	lt_error err = LT_ERROR_INIT;

	(void)state;
	lt_lang_set(LT_LANG_VI);
	assert_int_equal(lt_lang_get(), LT_LANG_VI);
	assert_string_equal(LT_TR("tệp", "file"), "tệp");
	lt_error_set(&err, LT_ENOTFOUND, LT_TR("không tìm thấy %s", "%s not found"), "x");
	assert_string_equal(err.message, "không tìm thấy x");

	lt_lang_set(LT_LANG_EN);
	assert_int_equal(lt_lang_get(), LT_LANG_EN);
	assert_string_equal(LT_TR("tệp", "file"), "file");
	lt_error_set(&err, LT_ENOTFOUND, LT_TR("không tìm thấy %s", "%s not found"), "x");
	assert_string_equal(err.message, "x not found");
	lt_lang_set(LT_LANG_VI);
}

static void test_lang_from_env(void **state)
{
	(void)state;
	assert_int_equal(setenv("LUUTRU_LANG", "en", 1), 0);
	lt_lang_from_env();
	assert_int_equal(lt_lang_get(), LT_LANG_EN);
	assert_int_equal(setenv("LUUTRU_LANG", "en_US.UTF-8", 1), 0);
	lt_lang_set(LT_LANG_VI);
	lt_lang_from_env();
	assert_int_equal(lt_lang_get(), LT_LANG_EN);
	assert_int_equal(setenv("LUUTRU_LANG", "vi", 1), 0);
	lt_lang_from_env();
	assert_int_equal(lt_lang_get(), LT_LANG_VI);
	lt_lang_set(LT_LANG_EN);
	assert_int_equal(setenv("LUUTRU_LANG", "fr", 1), 0); /* unknown → Vietnamese */
	lt_lang_from_env();
	assert_int_equal(lt_lang_get(), LT_LANG_VI);
	lt_lang_set(LT_LANG_EN);
	assert_int_equal(unsetenv("LUUTRU_LANG"), 0); /* unset → Vietnamese */
	lt_lang_from_env();
	assert_int_equal(lt_lang_get(), LT_LANG_VI);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_buf_init),
	    cmocka_unit_test(test_buf_append),
	    cmocka_unit_test(test_buf_embedded_nul),
	    cmocka_unit_test(test_buf_growth),
	    cmocka_unit_test(test_buf_enomem_keeps_content),
	    cmocka_unit_test(test_buf_printf),
	    cmocka_unit_test(test_buf_reset_truncate),
	    cmocka_unit_test(test_buf_detach),
	    cmocka_unit_test(test_error_set),
	    cmocka_unit_test(test_error_set_truncates),
	    cmocka_unit_test(test_error_prefix),
	    cmocka_unit_test(test_status_tables),
	    cmocka_unit_test(test_lang),
	    cmocka_unit_test(test_lang_from_env),
	};
	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
