/* tests/unit/test_deposit.c — retention/deposit and retention events:
 * deposits to the agency archive on their own date with the deposit list
 * and hand-over record (counts in figures and words); retention counted
 * from an event, whose date is recorded later (issue 18.3, 18.5, 18.6). */
#include "tests/unit/support.h"

#include "retention/check.h"
#include "retention/deposit.h"
#include "retention/disposition.h"
#include "retention/due.h"
#include "tests/unit/retention_support.h"

/* A record with one stored file, filed in dossier d. */
static void record_with_file(rfix *f, int id, int d, const char *issued)
{
	add_record(f, id, "outgoing", issued, d, 1);
	sqlf(f,
	     "INSERT OR IGNORE INTO blobs (sha256, size, media_type) VALUES (printf('%%064d', %d),"
	     " 10, 'application/pdf'); INSERT INTO main.record_files (record_id, sha256, role,"
	     " media_type, size) VALUES (%d, printf('%%064d', %d), 'original', 'application/pdf',"
	     " 10)",
	     id, id, id);
}

/* Two closed dossiers of one file each (the transfer once said "10 (mười)
 * tệp"), deposited on 20/03/2016, entered afterwards. */
static void test_deposit_forms(void **state)
{
	rfix *f = *state;
	int64_t ids[2] = {1, 2}, dep = 0;
	lt_deposit_opts o = LT_DEPOSIT_OPTS_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_buf out = LT_BUF_INIT;

	add_dossier(f, 1, 2015, "01.TH", "closed", "01", "2015-06-30");
	add_dossier(f, 2, 2015, "02.TH", "closed", "05", "2015-11-30");
	add_dossier(f, 3, 2015, "03.TH", "open", "05", NULL);
	record_with_file(f, 10, 1, "2015-06-30");
	record_with_file(f, 11, 2, "2015-11-30");
	sql(f, "UPDATE main.dossiers SET page_total = 1, doc_total = 1 WHERE id IN (1, 2)");
	sql(f, "INSERT INTO settings (key, value) VALUES ('organ_name', 'UBND huyện Cẩm Xuyên'),"
	       " ('place', 'Cẩm Xuyên')");
	/* no date, an open dossier, a date before a dossier's end: refused,
	 * nothing changes */
	assert_int_equal(lt_deposit_create(&dep, f->cat, ids, 2, &o, NULL), LT_EINVAL);
	o.date = "2016-03-20";
	{
		int64_t with_open[2] = {1, 3};
		assert_int_equal(lt_deposit_create(&dep, f->cat, with_open, 2, &o, NULL),
		                 LT_ESTATE);
	}
	o.date = "2015-10-01";
	assert_int_equal(lt_deposit_create(&dep, f->cat, ids, 2, &o, &err), LT_EINVAL);
	assert_int_equal(int1(f, "SELECT count(*) FROM deposits"), 0);
	assert_int_equal(int1(f, "SELECT count(*) FROM dossiers WHERE status = 'archived'"), 0);
	/* an officer may not deposit */
	add_user(f, "chi", "officer");
	lt_test_as(f->cat, "chi");
	o.date = "20/03/2016";
	assert_int_equal(lt_deposit_create(&dep, f->cat, ids, 2, &o, NULL), LT_EDENIED);
	lt_test_as(f->cat, NULL);
	o.giver = "Văn phòng";
	o.giver_person = "Nguyễn Văn An";
	o.receiver_person = "Lê Thị Bình";
	if (lt_deposit_create(&dep, f->cat, ids, 2, &o, &err) != 0)
		fail_msg("%s", err.message);
	assert_int_equal(int1(f, "SELECT count(*) FROM dossiers WHERE status = 'archived' AND"
	                         " archived_at = '2016-03-20T00:00:00Z' AND deposit_id = 1"),
	                 2);
	assert_int_equal(int1(f, "SELECT dossier_count * 100 + file_count FROM deposits"), 202);
	/* the hand-over record: the real counts, in figures and words */
	assert_int_equal(lt_deposit_form(&out, f->cat, dep, "handover", "html", NULL), 0);
	assert_non_null(strstr(out.data, "BIÊN BẢN"));
	assert_non_null(strstr(out.data, "Số: 01/BB-NLCQ"));
	assert_non_null(strstr(out.data, "Cẩm Xuyên, ngày 20 tháng 3 năm 2016"));
	assert_non_null(strstr(out.data, "tổng số hồ sơ (đơn vị bảo quản): 2 (hai)"));
	assert_non_null(strstr(out.data, "tổng số tệp tài liệu: 2 (hai)"));
	assert_non_null(strstr(out.data, "Thời gian của tài liệu: 05/01/2015 – 30/11/2015"));
	assert_non_null(strstr(out.data, "Nguyễn Văn An"));
	assert_non_null(strstr(out.data, "Lê Thị Bình"));
	assert_null(strstr(out.data, "mười"));
	lt_buf_reset(&out);
	/* the deposit list, dates dd/mm/yyyy, totals in words */
	assert_int_equal(lt_deposit_form(&out, f->cat, dep, "list", "html", NULL), 0);
	assert_non_null(strstr(out.data, "MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU"));
	assert_non_null(strstr(out.data, "05/01/2015 – 30/06/2015"));
	assert_non_null(strstr(out.data, "Mục lục này gồm: 2 (hai) hồ sơ"));
	assert_non_null(strstr(out.data, "Vĩnh viễn"));
	lt_buf_reset(&out);
	assert_int_equal(lt_deposit_form(&out, f->cat, dep, "list", "pdf", NULL), 0);
	assert_memory_equal(out.data, "%PDF-", 5);
	lt_buf_reset(&out);
	assert_int_equal(lt_deposit_form(&out, f->cat, 99, "list", "html", NULL), LT_ENOTFOUND);
	assert_int_equal(lt_deposit_form(&out, f->cat, dep, "receipt", "html", NULL), LT_EINVAL);
	lt_buf_free(&out);
	assert_int_equal(int1(f, "SELECT count(*) FROM audit_log WHERE action = 'deposit.create'"),
	                 1);
	/* the historical-archive due date follows the deposit's date
	 * (31/12 of 2016 + 5), not the day it was entered */
	{
		lt_due_list *l = NULL;
		lt_date day = {2021, 12, 1};
		int found = 0;
		assert_int_equal(lt_retention_due(&l, f->cat, &day, 0, NULL), 0);
		for (size_t i = 0; i < l->n; i++)
			if (strcmp(l->items[i].kind, "historical") == 0 &&
			    l->items[i].dossier_id == 1) {
				assert_int_equal(l->items[i].due.year, 2021);
				assert_int_equal(l->items[i].due.month, 12);
				assert_int_equal(l->items[i].due.day, 31);
				found = 1;
			}
		assert_true(found);
		lt_due_list_free(l);
	}
}

/* Rule 27: an archived dossier outside any deposit is found; rule 24 reads
 * the deposit's own date (on time here, where "today" would be late). */
static void test_check_deposits(void **state)
{
	rfix *f = *state;
	int64_t ids[1] = {1}, dep = 0;
	lt_deposit_opts o = LT_DEPOSIT_OPTS_INIT;
	lt_check_result *r = NULL;
	lt_check_opts co;

	add_dossier(f, 1, 2015, "01.TH", "closed", "05", "2015-06-30");
	add_dossier(f, 2, 2015, "02.TH", "archived", "05", "2015-06-30");
	sql(f, "UPDATE main.dossiers SET archived_at = '2016-01-10T00:00:00Z' WHERE id = 2");
	o.date = "2016-02-01";
	assert_int_equal(lt_deposit_create(&dep, f->cat, ids, 1, &o, NULL), 0);
	memset(&co, 0, sizeof(co));
	co.today = (lt_date){2026, 12, 5};
	assert_int_equal(lt_check_run(&r, f->cat, &co, NULL), 0);
	assert_int_equal(lt_check_count(r, 27, LT_SEV_ERROR), 1); /* dossier 2 */
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].rule == 27)
			assert_non_null(strstr(r->findings[i].object, "G09.2015.02.TH"));
	assert_int_equal(lt_check_count(r, 24, LT_SEV_INFO), 0);
	lt_check_result_free(r);
}

/* Issue 18.3: "5 năm sau khi chấm dứt hợp đồng" — closed without an
 * expiry; the event's date recorded later fixes it, and only then is the
 * dossier a disposal candidate. */
static void test_retention_event(void **state)
{
	rfix *f = *state;
	lt_date due, today = {2026, 12, 5};
	lt_error err = LT_ERROR_INIT;
	int64_t *ids = NULL;
	size_t n = 0;
	int expiry = 0, pending = 0;

	add_dossier(f, 1, 2015, "03.LĐ", "open", "07", NULL);
	add_dossier(f, 2, 2015, "01.TH", "open", "05", NULL);
	sql(f, "UPDATE main.dossiers SET retention_years = 5, retention_event = 'chấm dứt hợp"
	       " đồng', retention_label = '5 năm sau khi chấm dứt hợp đồng' WHERE id = 1");
	add_record(f, 10, "outgoing", "2015-03-05", 1, 1);
	sql(f, "UPDATE main.dossiers SET end_date = '2015-03-05', start_date = '2015-03-05',"
	       " status = 'closed'");
	assert_int_equal(lt_catalog_begin(f->cat, NULL), 0);
	assert_int_equal(lt_retention_on_close(f->cat, 1, &err), 0);
	assert_int_equal(lt_catalog_commit(f->cat, NULL), 0);
	assert_int_equal(int1(f, "SELECT expiry_year IS NULL FROM dossiers WHERE id = 1"), 1);
	assert_int_equal(lt_retention_expiry(f->cat, 1, &expiry, &pending, NULL), 0);
	assert_int_equal(pending, 1);
	/* waiting for its event, it is no disposal candidate whatever the year */
	assert_int_equal(lt_disposition_candidates(&ids, &n, f->cat, &today, NULL), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(ids[i], 1);
	free(ids);
	/* refusals: a future date, a dossier whose retention has no event */
	assert_int_equal(
	    lt_retention_event_record(f->cat, 1, "2999-01-01", NULL, "lan", &due, NULL), LT_EINVAL);
	assert_int_equal(
	    lt_retention_event_record(f->cat, 2, "2018-06-30", NULL, "lan", &due, &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "G09.2015.01.TH"));
	assert_int_equal(
	    lt_retention_event_record(f->cat, 1, "2015-01-01", NULL, "lan", &due, NULL),
	    LT_EINVAL); /* before the dossier began */
	/* the contract ended on 30/06/2018: expiry 2018 + 5, a candidate from
	 * 01/01/2024 */
	assert_int_equal(
	    lt_retention_event_record(f->cat, 1, "30/06/2018", "HĐ số 12", "lan", &due, &err), 0);
	assert_int_equal(due.year, 2024);
	assert_int_equal(due.month, 1);
	assert_int_equal(due.day, 1);
	assert_int_equal(int1(f, "SELECT expiry_year FROM dossiers WHERE id = 1"), 2023);
	assert_int_equal(int1(f, "SELECT count(*) FROM dossiers WHERE id = 1 AND"
	                         " retention_event_date = '2018-06-30'"),
	                 1);
	assert_int_equal(int1(f, "SELECT count(*) FROM audit_log WHERE action = 'retention.event'"),
	                 1);
	assert_int_equal(lt_disposition_candidates(&ids, &n, f->cat, &today, NULL), 0);
	assert_true(n >= 1);
	assert_int_equal(ids[0], 1);
	free(ids);
	/* rule 29 agrees: expiry = the event's year + N */
	{
		lt_check_result *r = NULL;
		lt_check_opts co;
		memset(&co, 0, sizeof(co));
		co.today = today;
		assert_int_equal(lt_check_run(&r, f->cat, &co, NULL), 0);
		assert_int_equal(lt_check_count(r, 19, LT_SEV_INFO), 0);
		for (size_t i = 0; i < r->nfindings; i++)
			if (r->findings[i].rule == 29)
				assert_null(strstr(r->findings[i].object, "03.LĐ"));
		lt_check_result_free(r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_deposit_forms, rfix_setup, rfix_teardown),
	    cmocka_unit_test_setup_teardown(test_check_deposits, rfix_setup, rfix_teardown),
	    cmocka_unit_test_setup_teardown(test_retention_event, rfix_setup, rfix_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
