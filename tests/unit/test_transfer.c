/* tests/unit/test_transfer.c — retention/transfer: historical deposit of
 * permanent dossiers; refusals change nothing. */
#include "tests/unit/support.h"

#include <unistd.h>

#include "retention/hold.h"
#include "retention/transfer.h"
#include "tests/unit/retention_support.h"

static void scene(rfix *f)
{
	add_dossier(f, 1, 2015, "01.TH", "archived", "01", "2015-12-31");
	sql(f, "UPDATE main.dossiers SET archived_at = '2017-02-01T00:00:00Z', page_total = 1,"
	       " doc_total = 1 WHERE id = 1");
	add_record(f, 10, "outgoing", "2015-05-05", 1, 1);
	sql(f, "INSERT INTO main.pages (record_id, page_no, text) VALUES (10, 1, 'Quyết định thành "
	       "lập')");
	add_dossier(f, 2, 2015, "02.TH", "archived", "06", "2015-12-31");
	add_dossier(f, 3, 2015, "03.TH", "open", "01", NULL);
	add_dossier(f, 4, 2015, "04.TH", "closed", "01", "2015-12-31");
}

static void test_candidates(void **state)
{
	rfix *f = *state;
	lt_date today = {2026, 11, 23};
	int64_t *ids = NULL;
	size_t n = 0;

	scene(f);
	assert_int_equal(lt_transfer_candidates(&ids, &n, f->cat, &today, NULL), 0);
	assert_int_equal(n, 1); /* due 2022-12-31 */
	assert_int_equal(ids[0], 1);
	free(ids);
}

static void test_refusals(void **state)
{
	rfix *f = *state;
	lt_transfer_result res;
	lt_error err = LT_ERROR_INIT;
	lt_buf out = LT_BUF_INIT;
	int64_t ids[2] = {1, 3};

	scene(f);
	lt_fs_join(&out, f->dir, "out");
	assert_int_equal(lt_transfer_run(&res, f->ar, ids, 2, "an", NULL, out.data, &err),
	                 LT_ESTATE);
	assert_non_null(strstr(err.message, "03.TH"));
	ids[1] = 4; /* closed, not in the agency archive */
	assert_int_equal(lt_transfer_run(&res, f->ar, ids, 2, "an", NULL, out.data, NULL),
	                 LT_ESTATE);
	ids[1] = 2; /* not permanent */
	lt_error_clear(&err);
	assert_int_equal(lt_transfer_run(&res, f->ar, ids, 2, "an", NULL, out.data, &err),
	                 LT_EDENIED);
	assert_non_null(strstr(err.message, "28"));
	assert_int_equal(lt_hold_place(NULL, f->cat, LT_HOLD_RECORD, 10, "Tranh chấp", "an", NULL),
	                 0);
	assert_int_equal(lt_transfer_run(&res, f->ar, ids, 1, "an", NULL, out.data, NULL),
	                 LT_EDENIED);
	assert_int_equal(int1(f, "SELECT count(*) FROM dossiers WHERE status = 'transferred'"), 0);
	assert_int_equal(int1(f, "SELECT count(*) FROM transfers"), 0);
	lt_buf_free(&out);
}

static void test_transfer(void **state)
{
	rfix *f = *state;
	lt_transfer_result res;
	lt_error err = LT_ERROR_INIT;
	lt_buf out = LT_BUF_INIT;
	int64_t ids[1] = {1};
	char *list, *hand;

	scene(f);
	/* The dossier state machine lets only an archivist (or admin) move a
	 * dossier to the historical archive: an officer is refused, and the
	 * package already written is removed. */
	add_user(f, "chi", "officer");
	lt_fs_join(&out, f->dir, "out0");
	assert_int_equal(lt_transfer_run(&res, f->ar, ids, 1, "chi", NULL, out.data, NULL),
	                 LT_EDENIED);
	assert_int_not_equal(access(res.package_path, F_OK), 0);
	assert_int_equal(int1(f, "SELECT count(*) FROM dossiers WHERE status = 'transferred'"), 0);
	assert_int_equal(int1(f, "SELECT count(*) FROM transfers"), 0);
	lt_buf_reset(&out);
	lt_fs_join(&out, f->dir, "out");
	if (lt_transfer_run(&res, f->ar, ids, 1, "an", "Trung tâm Lưu trữ lịch sử", out.data, &err))
		fail_msg("%s", err.message);
	/* One transition: one event and one audit row naming the transfer. */
	assert_int_equal(int1(f, "SELECT count(*) FROM audit_log WHERE action = 'dossier.transfer'"
	                         " AND object = 'G09.2015.01.TH' AND detail LIKE 'transfer:1 %'"),
	                 1);
	assert_int_equal(
	    int1(f, "SELECT count(*) FROM audit_log WHERE action = 'dossier.transfer'"), 1);
	assert_int_equal(res.dossiers, 1);
	assert_int_equal(access(res.package_path, R_OK), 0);
	assert_int_equal(int1(f, "SELECT status = 'transferred' AND package_ref IS NOT NULL"
	                         " AND transferred_at IS NOT NULL FROM dossiers WHERE id = 1"),
	                 1);
	assert_int_equal(int1(f, "SELECT count(*) FROM dossier_events WHERE dossier_id = 1"
	                         " AND to_status = 'transferred'"),
	                 1);
	/* Metadata and text stay in the catalog (searchable). */
	assert_int_equal(int1(f, "SELECT count(*) FROM pages WHERE record_id = 10"), 1);
	list = lt_test_read_file(res.list_path, NULL);
	assert_non_null(strstr(list, "MỤC LỤC HỒ SƠ"));
	assert_non_null(strstr(list, "G09.2015.01.TH"));
	assert_non_null(strstr(list, "1 (một) hồ sơ"));
	hand = lt_test_read_file(res.handover_path, NULL);
	assert_non_null(strstr(hand, "Về việc giao nhận hồ sơ, tài liệu"));
	assert_non_null(strstr(hand, "Trung tâm Lưu trữ lịch sử"));
	assert_non_null(strstr(hand, "tổng số hồ sơ (đơn vị bảo quản): 1 (một)"));
	/* the files handed over are the records' (none stored here), not the
	 * package's metadata files (issue 18.6: "10 (mười) tệp" for two
	 * dossiers of one file each) */
	assert_non_null(strstr(hand, "tổng số tệp tài liệu: 0 (không)"));
	assert_int_equal(res.files, 0);
	free(list);
	free(hand);
	/* Transferring again is refused (state). */
	lt_buf_reset(&out);
	lt_fs_join(&out, f->dir, "out2");
	assert_int_equal(lt_transfer_run(&res, f->ar, ids, 1, "an", NULL, out.data, NULL),
	                 LT_ESTATE);
	lt_buf_free(&out);
}

/* A transfer entered after the hand-over: as of its date (the dossier's
 * transfer date, the paperwork); a date in the future or before the
 * dossier entered the agency archive is refused, and nothing changes. */
static void test_transfer_as_of(void **state)
{
	rfix *f = *state;
	lt_transfer_result res;
	lt_error err = LT_ERROR_INIT;
	lt_buf out = LT_BUF_INIT;
	int64_t ids[1] = {1};
	lt_date today;
	char future[11], *list, *hand;

	scene(f); /* dossier 1 entered the agency archive on 2017-02-01 */
	lt_date_today(&today);
	lt_date_from_days(&today, lt_date_to_days(&today) + 1);
	lt_date_format_iso(&today, future);
	lt_fs_join(&out, f->dir, "tf");
	assert_int_equal(
	    lt_transfer_run_at(&res, f->ar, ids, 1, "an", NULL, future, out.data, &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "tương lai"));
	lt_error_clear(&err);
	assert_int_equal(
	    lt_transfer_run_at(&res, f->ar, ids, 1, "an", NULL, "15/01/2017", out.data, &err),
	    LT_EINVAL);
	assert_non_null(strstr(err.message, "2017-02-01"));
	lt_error_clear(&err);
	assert_int_equal(
	    lt_transfer_run_at(&res, f->ar, ids, 1, "an", NULL, "31/02/2020", out.data, &err),
	    LT_EINVAL);
	lt_error_clear(&err);
	assert_int_not_equal(access(res.package_path, F_OK), 0);
	assert_int_equal(int1(f, "SELECT count(*) FROM dossiers WHERE status = 'transferred'"), 0);
	assert_int_equal(int1(f, "SELECT count(*) FROM transfers"), 0);
	lt_buf_reset(&out);
	lt_fs_join(&out, f->dir, "t2020");
	if (lt_transfer_run_at(&res, f->ar, ids, 1, "an", NULL, "10/03/2020", out.data, &err))
		fail_msg("%s", err.message);
	assert_string_equal(res.date, "2020-03-10");
	assert_int_equal(int1(f, "SELECT transferred_at = '2020-03-10T00:00:00Z' FROM dossiers"
	                         " WHERE id = 1"),
	                 1);
	assert_int_equal(int1(f, "SELECT count(*) FROM audit_log WHERE action = 'dossier.transfer'"
	                         " AND detail LIKE 'transfer:1 date=2020-03-10 %goi-nop-luu.zip'"),
	                 1);
	/* the paperwork is dated that day (NĐ 30 long form) */
	list = lt_test_read_file(res.list_path, NULL);
	hand = lt_test_read_file(res.handover_path, NULL);
	assert_non_null(strstr(list, "ngày 10 tháng 3 năm 2020"));
	assert_non_null(strstr(hand, "ngày 10 tháng 3 năm 2020"));
	free(list);
	free(hand);
	lt_buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_candidates, rfix_setup, rfix_teardown),
	    cmocka_unit_test_setup_teardown(test_refusals, rfix_setup, rfix_teardown),
	    cmocka_unit_test_setup_teardown(test_transfer, rfix_setup, rfix_teardown),
	    cmocka_unit_test_setup_teardown(test_transfer_as_of, rfix_setup, rfix_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
