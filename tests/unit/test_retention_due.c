/* tests/unit/test_retention_due.c — retention/due: expiry on close, due
 * dates and the alerts that announce them (rules 24, 26, 28, 29). */
#include "tests/unit/support.h"

#include "retention/due.h"
#include "retention/schedule.h"
#include "tests/unit/retention_support.h"

static void test_on_close_fixed_term(void **state)
{
	rfix *f = *state;
	lt_error err = LT_ERROR_INIT;

	add_dossier(f, 1, 2015, "01.TH", "closed", "06", "2015-12-20");
	assert_int_equal(lt_retention_on_close(f->cat, 1, &err), 0);
	assert_int_equal(int1(f, "SELECT expiry_year FROM dossiers WHERE id = 1"), 2025);
	/* Code 07 takes the years from retention_years. */
	add_dossier(f, 2, 2015, "02.TH", "closed", "07", "2016-03-01");
	sql(f, "UPDATE main.dossiers SET retention_years = 5 WHERE id = 2");
	assert_int_equal(lt_retention_on_close(f->cat, 2, &err), 0);
	assert_int_equal(int1(f, "SELECT expiry_year FROM dossiers WHERE id = 2"), 2021);
}

static void test_on_close_permanent_never_expires(void **state)
{
	rfix *f = *state;

	add_dossier(f, 1, 2015, "01.TH", "closed", "01", "2015-12-20");
	sql(f, "UPDATE main.dossiers SET expiry_year = 1999 WHERE id = 1");
	assert_int_equal(lt_retention_on_close(f->cat, 1, NULL), 0);
	assert_int_equal(int1(f, "SELECT expiry_year IS NULL FROM dossiers WHERE id = 1"), 1);
}

static void test_on_close_refuses_missing_data(void **state)
{
	rfix *f = *state;
	lt_error err = LT_ERROR_INIT;

	add_dossier(f, 1, 2015, "01.TH", "closed", "06", NULL);
	assert_int_equal(lt_retention_on_close(f->cat, 1, &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "22"));
	add_dossier(f, 2, 2015, "02.TH", "closed", "07", "2015-05-05");
	lt_error_clear(&err);
	assert_int_equal(lt_retention_on_close(f->cat, 2, &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "19"));
	assert_int_equal(int1(f, "SELECT count(*) FROM dossiers WHERE expiry_year IS NOT NULL"), 0);
}

static const lt_due_item *find(const lt_due_list *l, int64_t id, const char *kind)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].dossier_id == id && strcmp(l->items[i].kind, kind) == 0)
			return &l->items[i];
	return NULL;
}

static void test_due_and_alerts(void **state)
{
	rfix *f = *state;
	lt_due_list *l = NULL;
	lt_date day = {2026, 11, 23};
	const lt_due_item *it;
	char iso[11];

	/* Deposit due 2026-12-10: within 30 days → alert. */
	add_dossier(f, 1, 2025, "01.TH", "closed", "06", "2025-12-10");
	/* Deposit due 2027-06-01: too far ahead. */
	add_dossier(f, 2, 2026, "02.TH", "closed", "06", "2026-06-01");
	/* Retention < 5 years: never deposited. */
	add_dossier(f, 3, 2025, "03.TH", "closed", "07", "2025-11-30");
	sql(f, "UPDATE main.dossiers SET retention_years = 3 WHERE id = 3");
	/* Permanent, in the agency archive since 2020 → historical due 2025-12-31. */
	add_dossier(f, 4, 2018, "04.TH", "archived", "01", "2018-12-31");
	sql(f, "UPDATE main.dossiers SET archived_at = '2020-03-01T00:00:00Z' WHERE id = 4");
	/* Fixed term expired in 2020 → disposal candidate since 2021-01-01. */
	add_dossier(f, 5, 2010, "05.TH", "archived", "06", "2010-06-30");
	sql(f, "UPDATE main.dossiers SET expiry_year = 2020 WHERE id = 5");
	/* Open dossiers are not due. */
	add_dossier(f, 6, 2010, "06.TH", "open", "06", "2010-06-30");

	assert_int_equal(lt_retention_due(&l, f->cat, &day, 1, NULL), 0);
	it = find(l, 1, "deposit");
	assert_non_null(it);
	lt_date_format_iso(&it->due, iso);
	assert_string_equal(iso, "2026-12-10");
	assert_false(it->overdue);
	assert_true(it->alert_new);
	assert_null(find(l, 2, "deposit"));
	assert_null(find(l, 3, "deposit"));
	it = find(l, 4, "historical");
	assert_non_null(it);
	assert_true(it->overdue);
	assert_null(find(l, 4, "expiry"));
	it = find(l, 5, "expiry");
	assert_non_null(it);
	assert_true(it->overdue);
	assert_null(find(l, 6, "deposit"));
	assert_null(find(l, 6, "expiry"));
	lt_due_list_free(l);
	assert_int_equal(int1(f, "SELECT count(*) FROM retention_alerts WHERE dossier_id = 1"
	                         " AND kind = 'deposit' AND due_date = '2026-12-10'"),
	                 1);
	/* A second run raises no new alert but shows when it was raised. */
	assert_int_equal(lt_retention_due(&l, f->cat, &day, 1, NULL), 0);
	it = find(l, 1, "deposit");
	assert_false(it->alert_new);
	assert_non_null(it->alerted_at);
	lt_due_list_free(l);
	assert_int_equal(int1(f, "SELECT count(*) FROM retention_alerts WHERE dossier_id = 1"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_on_close_fixed_term, rfix_setup, rfix_teardown),
	    cmocka_unit_test_setup_teardown(test_on_close_permanent_never_expires, rfix_setup,
	                                    rfix_teardown),
	    cmocka_unit_test_setup_teardown(test_on_close_refuses_missing_data, rfix_setup,
	                                    rfix_teardown),
	    cmocka_unit_test_setup_teardown(test_due_and_alerts, rfix_setup, rfix_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
