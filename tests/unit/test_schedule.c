/* tests/unit/test_schedule.c — retention/schedule: codes, defaults, CSV. */
#include "tests/unit/support.h"

#include <stdarg.h>

#include "retention/schedule.h"
#include "tests/unit/retention_support.h"

static void write_csv(rfix *f, const char *name, const char *text, char **path)
{
	lt_buf p = LT_BUF_INIT;
	lt_fs_join(&p, f->dir, name);
	lt_test_write_file(p.data, text, strlen(text));
	*path = lt_buf_detach(&p);
}

static void test_codes(void **state)
{
	int years = 0;
	(void)state;
	assert_string_equal(lt_retention_code_for_years(LT_RETENTION_PERMANENT), "01");
	assert_string_equal(lt_retention_code_for_years(70), "02");
	assert_string_equal(lt_retention_code_for_years(10), "06");
	assert_string_equal(lt_retention_code_for_years(5), "07");
	assert_int_equal(lt_retention_years_for_code("01", &years, NULL), 0);
	assert_int_equal(years, LT_RETENTION_PERMANENT);
	assert_int_equal(lt_retention_years_for_code("04", &years, NULL), 0);
	assert_int_equal(years, 30);
	assert_int_equal(lt_retention_years_for_code("07", &years, NULL), LT_ENOTFOUND);
	assert_int_equal(lt_retention_years_for_code("08", &years, NULL), LT_EINVAL);
	assert_string_equal(lt_retention_code_label("05"), "20 năm");
}

static void test_default_loaded_once(void **state)
{
	rfix *f = *state;
	lt_schedule *s = NULL;
	int permanent = 0;

	assert_int_equal(lt_schedule_list(&s, f->cat, NULL), 0);
	assert_true(lt_schedule_count(s) >= 10);
	for (size_t i = 0; i < lt_schedule_count(s); i++) {
		const lt_retention_rule *r = lt_schedule_get(s, i);
		if (r->years == LT_RETENTION_PERMANENT) {
			permanent++;
			assert_string_equal(r->maintenance, "01");
			assert_string_not_equal(r->action, "destroy");
		}
	}
	assert_true(permanent > 0);
	lt_schedule_free(s);
	/* Not loaded twice. */
	sql(f, "DELETE FROM retention_rules WHERE code <> '1.1'");
	assert_int_equal(lt_schedule_list(&s, f->cat, NULL), 0);
	assert_int_equal(lt_schedule_count(s), 1);
	lt_schedule_free(s);
}

static void test_csv_ok(void **state)
{
	rfix *f = *state;
	char *path;
	size_t n = 0;
	lt_error err = LT_ERROR_INIT;

	write_csv(f, "ok.csv",
	          "code,title,group,maintenance,years,action,legal_basis\n"
	          "A1,\"Hồ sơ gốc, cán bộ\",3,01,,,TT 10/2022\n"
	          "A2,Nâng lương,4,05,20,destroy,TT 10/2022\n"
	          "A3,Hợp đồng vụ việc,4,07,5,review,\n",
	          &path);
	assert_int_equal(lt_schedule_load_csv(f->cat, path, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(int1(f, "SELECT count(*) FROM retention_rules"), 3);
	assert_int_equal(int1(f, "SELECT years IS NULL FROM retention_rules WHERE code = 'A1'"), 1);
	assert_int_equal(
	    int1(f, "SELECT action = 'transfer' FROM retention_rules WHERE code = 'A1'"), 1);
	assert_int_equal(int1(f, "SELECT years FROM retention_rules WHERE code = 'A3'"), 5);
	assert_int_equal(
	    int1(f, "SELECT count(*) FROM retention_rules WHERE title = 'Hồ sơ gốc, cán bộ'"), 1);
	free(path);
}

static void refused(rfix *f, const char *csv, const char *expect_in_message)
{
	char *path;
	lt_error err = LT_ERROR_INIT;
	long long before = int1(f, "SELECT count(*) FROM retention_rules");

	write_csv(f, "bad.csv", csv, &path);
	assert_int_not_equal(lt_schedule_load_csv(f->cat, path, NULL, &err), 0);
	if (!strstr(err.message, expect_in_message))
		fail_msg("message '%s' lacks '%s'", err.message, expect_in_message);
	assert_int_equal(int1(f, "SELECT count(*) FROM retention_rules"), before);
	free(path);
}

static void test_csv_refused_nothing_loaded(void **state)
{
	rfix *f = *state;
	const char *head = "code,title,group,maintenance,years,action,legal_basis\n"
	                   "B1,Một,1,06,,destroy,\n";
	lt_buf b = LT_BUF_INIT;

	assert_int_equal(lt_schedule_ensure_default(f->cat, NULL), 0);
	lt_buf_printf(&b, "%sB2,Hai,1,09,,destroy,\n", head);
	refused(f, b.data, "dòng 3");
	lt_buf_reset(&b);
	lt_buf_printf(&b, "%sB2,Hai,1,07,-3,destroy,\n", head);
	refused(f, b.data, "-3");
	lt_buf_reset(&b);
	lt_buf_printf(&b, "%sB2,Hai,1,04,20,destroy,\n", head); /* 04 is 30 years */
	refused(f, b.data, "dòng 3");
	lt_buf_reset(&b);
	lt_buf_printf(&b, "%sB2,Hai,1,06,,burn,\n", head);
	refused(f, b.data, "burn");
	lt_buf_reset(&b);
	lt_buf_printf(&b, "%sB2,Hai,1,01,,destroy,\n", head);
	refused(f, b.data, "33");
	lt_buf_reset(&b);
	lt_buf_printf(&b, "%sB1,Trùng,1,06,,destroy,\n", head);
	refused(f, b.data, "B1");
	lt_buf_free(&b);
	/* The default schedule is still there, untouched. */
	assert_int_equal(int1(f, "SELECT count(*) FROM retention_rules WHERE code = '1.1'"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_codes),
	    cmocka_unit_test_setup_teardown(test_default_loaded_once, rfix_setup, rfix_teardown),
	    cmocka_unit_test_setup_teardown(test_csv_ok, rfix_setup, rfix_teardown),
	    cmocka_unit_test_setup_teardown(test_csv_refused_nothing_loaded, rfix_setup,
	                                    rfix_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
