/* tests/unit/test_hold.c — retention/hold and retention/disposition:
 * holds block destruction; propose → approve → execute with its refusals. */
#include "tests/unit/support.h"

#include "archive/blobstore.h"
#include "retention/disposition.h"
#include "retention/hold.h"
#include "tests/unit/retention_support.h"

static const char APPRAISAL[] = "Công văn số 45/SNV-CCVTLT ngày 10/11/2026 của Sở Nội vụ";
static const char HANDOVER[] = "Bàn giao cho Công ty Môi trường đô thị ngày 22/11/2026";

static const lt_date TODAY = {2026, 11, 23};

static void test_hold_place_check_release(void **state)
{
	rfix *f = *state;
	lt_error err = LT_ERROR_INIT;
	int64_t h = 0;

	add_dossier(f, 1, 2010, "01.TH", "closed", "06", "2010-06-30");
	add_record(f, 10, "incoming", "2010-02-01", 1, 1);
	add_record(f, 11, "incoming", "2010-02-02", 0, 0);
	assert_int_equal(lt_hold_check(f->cat, LT_HOLD_DOSSIER, 1, NULL), 0);
	assert_int_equal(
	    lt_hold_place(&h, f->cat, LT_HOLD_RECORD, 10, "Thanh tra 2026", "tra", &err), 0);
	/* A held record blocks itself and its dossier, not other records. */
	assert_int_equal(lt_hold_check(f->cat, LT_HOLD_RECORD, 10, &err), LT_EDENIED);
	assert_non_null(strstr(err.message, "Thanh tra 2026"));
	assert_int_equal(lt_hold_check(f->cat, LT_HOLD_DOSSIER, 1, NULL), LT_EDENIED);
	assert_int_equal(lt_hold_check(f->cat, LT_HOLD_RECORD, 11, NULL), 0);
	assert_int_equal(lt_hold_release(f->cat, h, "tra", "Kết thúc thanh tra", NULL), 0);
	assert_int_equal(lt_hold_check(f->cat, LT_HOLD_DOSSIER, 1, NULL), 0);
	assert_int_equal(lt_hold_release(f->cat, h, "tra", NULL, NULL), LT_ESTATE);
	/* History kept; both actions audited. */
	assert_int_equal(int1(f, "SELECT count(*) FROM holds WHERE released_by = 'tra'"), 1);
	assert_int_equal(
	    int1(f, "SELECT count(*) FROM audit_log WHERE action IN ('hold.place','hold.release')"),
	    2);
}

static void test_hold_bad_input(void **state)
{
	rfix *f = *state;
	lt_hold_kind k;

	assert_int_equal(lt_hold_place(NULL, f->cat, LT_HOLD_DOSSIER, 99, "x", "tra", NULL),
	                 LT_ENOTFOUND);
	add_dossier(f, 1, 2010, "01.TH", "closed", "06", "2010-06-30");
	assert_int_equal(lt_hold_place(NULL, f->cat, LT_HOLD_DOSSIER, 1, "", "tra", NULL),
	                 LT_EINVAL);
	assert_int_equal(lt_hold_kind_parse(&k, "box", NULL), LT_EINVAL);
	assert_int_equal(lt_hold_release(f->cat, 42, "tra", NULL, NULL), LT_ENOTFOUND);
	assert_int_equal(int1(f, "SELECT count(*) FROM holds"), 0);
}

/* Dossier 1 (expired, two records, a blob shared with a kept record),
 * 2 (permanent), 3 (not expired); users an (archivist), bo (approver),
 * chi (officer). */
static void scene(rfix *f, char shared[65], char own[65])
{
	lt_blob_info a, b;

	add_user(f, "an", "archivist");
	add_user(f, "bo", "approver");
	add_user(f, "chi", "officer");
	add_dossier(f, 1, 2010, "01.TH", "closed", "06", "2010-06-30");
	sql(f, "UPDATE main.dossiers SET expiry_year = 2020 WHERE id = 1");
	add_dossier(f, 2, 2010, "02.TH", "archived", "01", "2010-06-30");
	add_dossier(f, 3, 2020, "03.TH", "closed", "06", "2020-06-30");
	sql(f, "UPDATE main.dossiers SET expiry_year = 2030 WHERE id = 3");
	add_record(f, 10, "incoming", "2010-02-01", 1, 1);
	add_record(f, 11, "outgoing", "2010-03-01", 1, 2);
	add_record(f, 20, "outgoing", "2010-03-01", 2, 1);
	assert_int_equal(lt_blobstore_put_mem(lt_archive_blobs(f->ar), "shared", 6, &a, NULL), 0);
	assert_int_equal(lt_blobstore_put_mem(lt_archive_blobs(f->ar), "own", 3, &b, NULL), 0);
	memcpy(shared, a.sha256, 65);
	memcpy(own, b.sha256, 65);
	sqlf(f,
	     "INSERT INTO blobs (sha256, size, media_type) VALUES ('%s', 6, 'text/plain'),"
	     " ('%s', 3, 'text/plain')",
	     shared, own);
	sqlf(f,
	     "INSERT INTO main.record_files (record_id, sha256, role, media_type, size) VALUES"
	     " (10, '%s', 'original', 'text/plain', 6), (20, '%s', 'original', 'text/plain', 6),"
	     " (11, '%s', 'original', 'text/plain', 3)",
	     shared, shared, own);
	sql(f, "INSERT INTO main.pages (record_id, page_no, text) VALUES (10, 1, 'nội dung mật'),"
	       " (11, 1, 'nội dung'), (20, 1, 'giữ lại')");
	sql(f, "INSERT INTO main.record_links (from_record_id, to_record_id, kind) VALUES (11, 10, "
	       "'reply_to')");
}

static void test_propose_refusals(void **state)
{
	rfix *f = *state;
	char shared[65], own[65];
	lt_error err = LT_ERROR_INIT;
	int64_t ids[2], batch;

	scene(f, shared, own);
	lt_test_as(f->cat, "an");
	ids[0] = 2; /* permanent */
	assert_int_equal(lt_disposition_propose(&batch, f->cat, ids, 1, NULL, &TODAY, &err),
	                 LT_EDENIED);
	assert_non_null(strstr(err.message, "33"));
	ids[0] = 1;
	ids[1] = 3; /* not expired: the whole list is refused */
	lt_error_clear(&err);
	assert_int_equal(lt_disposition_propose(&batch, f->cat, ids, 2, NULL, &TODAY, &err),
	                 LT_EDENIED);
	assert_non_null(strstr(err.message, "29"));
	assert_int_equal(lt_hold_place(NULL, f->cat, LT_HOLD_RECORD, 11, "Khiếu nại", "an", NULL),
	                 0);
	lt_error_clear(&err);
	assert_int_equal(lt_disposition_propose(&batch, f->cat, ids, 1, NULL, &TODAY, &err),
	                 LT_EDENIED);
	assert_int_equal(int1(f, "SELECT count(*) FROM disposition_batches"), 0);
	assert_int_equal(int1(f, "SELECT count(*) FROM disposition_items"), 0);
}

static void test_candidates(void **state)
{
	rfix *f = *state;
	char shared[65], own[65];
	int64_t *ids = NULL;
	size_t n = 0;

	scene(f, shared, own);
	assert_int_equal(lt_disposition_candidates(&ids, &n, f->cat, &TODAY, NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], 1);
	free(ids);
}

static void test_full_cycle(void **state)
{
	rfix *f = *state;
	char shared[65], own[65];
	lt_error err = LT_ERROR_INIT;
	int64_t ids[1] = {1}, batch = 0, hold = 0;
	char *html = NULL;
	size_t removed = 0;

	scene(f, shared, own);
	/* Without a person (the system), no step is taken. */
	assert_int_equal(
	    lt_disposition_propose(&batch, f->cat, ids, 1, "Hết hạn 10 năm", &TODAY, &err),
	    LT_EDENIED);
	/* An officer may not propose a destruction. */
	lt_test_as(f->cat, "chi");
	assert_int_equal(
	    lt_disposition_propose(&batch, f->cat, ids, 1, "Hết hạn 10 năm", &TODAY, &err),
	    LT_EDENIED);
	assert_int_equal(int1(f, "SELECT count(*) FROM disposition_batches"), 0);
	lt_test_as(f->cat, "an");
	assert_int_equal(
	    lt_disposition_propose(&batch, f->cat, ids, 1, "Hết hạn 10 năm", &TODAY, &err), 0);
	/* Executing before approval is refused. */
	assert_int_equal(lt_disposition_execute(f->ar, batch, &TODAY, HANDOVER, NULL, NULL, &err),
	                 LT_ESTATE);
	/* Approving one's own proposal, or without the approver role, is refused. */
	lt_error_clear(&err);
	sql(f, "UPDATE users SET role = 'approver' WHERE login = 'an'");
	lt_test_as(f->cat, "an");
	assert_int_equal(lt_disposition_approve(f->cat, batch, "12/QĐ-UBND", "2026-11-20",
	                                        "Biên bản họp HĐ số 3", APPRAISAL, &err),
	                 LT_EDENIED);
	assert_non_null(strstr(err.message, "30"));
	lt_test_as(f->cat, "chi");
	assert_int_equal(lt_disposition_approve(f->cat, batch, "12/QĐ-UBND", "2026-11-20",
	                                        "Biên bản họp HĐ số 3", APPRAISAL, NULL),
	                 LT_EDENIED);
	lt_test_as(f->cat, "bo");
	assert_int_equal(
	    lt_disposition_approve(f->cat, batch, "", "2026-11-20", "Biên bản", APPRAISAL, NULL),
	    LT_EINVAL);
	assert_int_equal(int1(f, "SELECT status = 'proposed' FROM disposition_batches"), 1);
	assert_int_equal(lt_disposition_approve(f->cat, batch, "12/QĐ-UBND", "20/11/2026",
	                                        "Biên bản họp HĐ số 3", APPRAISAL, &err),
	                 0);
	assert_int_equal(int1(f, "SELECT approved_by = 'bo' FROM disposition_batches"), 1);
	/* A hold placed after approval still blocks execution. */
	assert_int_equal(lt_hold_place(&hold, f->cat, LT_HOLD_DOSSIER, 1, "Thanh tra", "bo", NULL),
	                 0);
	sql(f, "UPDATE users SET role = 'archivist' WHERE login = 'an'");
	lt_test_as(f->cat, "an");
	assert_int_equal(lt_disposition_execute(f->ar, batch, &TODAY, HANDOVER, NULL, NULL, &err),
	                 LT_EDENIED);
	assert_non_null(strstr(err.message, "Thanh tra"));
	assert_int_equal(int1(f, "SELECT count(*) FROM pages WHERE record_id = 10"), 1);
	assert_int_equal(lt_hold_release(f->cat, hold, "bo", NULL, NULL), 0);
	/* Only an archivist (or admin) destroys: with the approver role,
	 * "an" changes nothing. */
	sql(f, "UPDATE users SET role = 'approver' WHERE login = 'an'");
	lt_test_as(f->cat, "an");
	assert_int_equal(lt_disposition_execute(f->ar, batch, &TODAY, HANDOVER, NULL, NULL, NULL),
	                 LT_EDENIED);
	assert_int_equal(int1(f, "SELECT count(*) FROM pages WHERE record_id = 10"), 1);
	assert_int_equal(int1(f, "SELECT count(*) FROM dossiers WHERE id = 1 AND status = 'closed'"
	                         " AND destroyed_at IS NULL"),
	                 1);
	assert_int_equal(int1(f, "SELECT status = 'approved' FROM disposition_batches"), 1);
	sql(f, "UPDATE users SET role = 'archivist' WHERE login = 'an'");
	lt_test_as(f->cat, "an");

	assert_int_equal(
	    lt_disposition_execute(f->ar, batch, &TODAY, HANDOVER, &html, &removed, &err), 0);
	/* One status change through the state machine: event and audit row. */
	assert_int_equal(int1(f, "SELECT count(*) FROM dossier_events WHERE dossier_id = 1"
	                         " AND from_status = 'closed' AND to_status = 'destroyed'"
	                         " AND who = 'an' AND reason LIKE 'Đã tiêu hủy theo%'"),
	                 1);
	assert_int_equal(int1(f, "SELECT count(*) FROM audit_log WHERE action = 'dossier.destroy'"),
	                 1);
	/* Tombstones: metadata and links stay, content goes. */
	assert_int_equal(int1(f,
	                      "SELECT count(*) FROM records WHERE id IN (10, 11)"
	                      " AND status = 'destroyed'"
	                      " AND description LIKE 'Đã tiêu hủy theo Quyết định số 12/QĐ-UBND%'"),
	                 2);
	assert_int_equal(int1(f, "SELECT count(*) FROM pages WHERE record_id IN (10, 11)"), 0);
	assert_int_equal(int1(f, "SELECT count(*) FROM record_files WHERE record_id IN (10, 11)"),
	                 0);
	assert_int_equal(int1(f, "SELECT count(*) FROM record_links"), 1);
	assert_int_equal(int1(f, "SELECT count(*) FROM index_outbox WHERE record_id IN (10, 11)"
	                         " AND op = 'upsert'"),
	                 2);
	assert_int_equal(int1(f, "SELECT status = 'destroyed' FROM dossiers WHERE id = 1"), 1);
	/* The shared blob stays (record 20 uses it); the other is removed. */
	assert_int_equal(removed, 1);
	assert_true(lt_blobstore_exists(lt_archive_blobs(f->ar), shared));
	assert_false(lt_blobstore_exists(lt_archive_blobs(f->ar), own));
	assert_int_equal(int1(f, "SELECT count(*) FROM pages WHERE record_id = 20"), 1);
	/* The destruction record and the audit trail. */
	assert_non_null(html);
	assert_non_null(strstr(html, "Về việc hủy tài liệu hết giá trị"));
	assert_non_null(strstr(html, "12/QĐ-UBND"));
	/* rule 30: the appraisal opinion and the hand-over are in it, stored */
	assert_non_null(strstr(html, "Công văn số 45/SNV-CCVTLT"));
	assert_non_null(strstr(html, "Công ty Môi trường"));
	assert_int_equal(int1(f, "SELECT count(*) FROM disposition_batches WHERE"
	                         " appraisal_opinion LIKE 'Công văn số 45%'"
	                         " AND handover_record LIKE 'Bàn giao%'"),
	                 1);
	assert_non_null(strstr(html, "G09.2010.01.TH"));
	free(html);
	assert_int_equal(
	    int1(f, "SELECT count(*) FROM audit_log WHERE action LIKE 'disposition.%'"), 3);
	assert_int_equal(int1(f, "SELECT count(*) FROM audit_log WHERE action = 'record.destroy'"),
	                 2);
	/* Executing twice is refused. */
	assert_int_equal(lt_disposition_execute(f->ar, batch, &TODAY, HANDOVER, NULL, NULL, NULL),
	                 LT_ESTATE);
	assert_int_equal(lt_disposition_report(&html, f->cat, batch, NULL), 0);
	assert_non_null(strstr(html, "Về việc hủy tài liệu hết giá trị"));
	free(html);
	/* The same record as a PDF, in the NĐ 30 layout. */
	{
		lt_buf pdf = LT_BUF_INIT;
		assert_int_equal(lt_disposition_report_form(&pdf, f->cat, batch, "pdf", NULL), 0);
		assert_memory_equal(pdf.data, "%PDF-", 5);
		lt_buf_free(&pdf);
	}
	/* An executed list cannot be cancelled. */
	assert_int_equal(lt_disposition_cancel(f->cat, batch, "nhầm", NULL), LT_ESTATE);
}

/* Issue 18.7: the evidence rule 30 asks for is required (the appraisal
 * opinion at approval, the hand-over at execution), and a list not yet
 * executed can be cancelled with a reason, freeing its dossiers. */
static void test_evidence_and_cancel(void **state)
{
	rfix *f = *state;
	char shared[65], own[65];
	lt_error err = LT_ERROR_INIT;
	int64_t ids[1] = {1}, batch = 0, again = 0;

	scene(f, shared, own);
	lt_test_as(f->cat, "an");
	assert_int_equal(lt_disposition_propose(&batch, f->cat, ids, 1, "Hết hạn", &TODAY, NULL),
	                 0);
	lt_test_as(f->cat, "bo");
	assert_int_equal(lt_disposition_approve(f->cat, batch, "12/QĐ-UBND", "2026-11-20",
	                                        "Biên bản họp HĐ số 3", NULL, &err),
	                 LT_EINVAL);
	assert_non_null(strstr(err.message, "thẩm định"));
	assert_int_equal(int1(f, "SELECT status = 'proposed' FROM disposition_batches"), 1);
	assert_int_equal(lt_disposition_approve(f->cat, batch, "12/QĐ-UBND", "2026-11-20",
	                                        "Biên bản họp HĐ số 3", APPRAISAL, NULL),
	                 0);
	lt_test_as(f->cat, "an");
	lt_error_clear(&err);
	assert_int_equal(lt_disposition_execute(f->ar, batch, &TODAY, NULL, NULL, NULL, &err),
	                 LT_EINVAL);
	assert_non_null(strstr(err.message, "bàn giao"));
	assert_int_equal(int1(f, "SELECT count(*) FROM pages WHERE record_id = 10"), 1);
	/* cancel: a reason is needed; an officer may not */
	assert_int_equal(lt_disposition_cancel(f->cat, batch, "", NULL), LT_EINVAL);
	lt_test_as(f->cat, "chi");
	assert_int_equal(lt_disposition_cancel(f->cat, batch, "không cần", NULL), LT_EDENIED);
	lt_test_as(f->cat, "an");
	assert_int_equal(lt_disposition_cancel(f->cat, batch, "Hội đồng đề nghị giữ lại", NULL), 0);
	assert_int_equal(int1(f, "SELECT count(*) FROM disposition_batches WHERE cancelled_by ="
	                         " 'an' AND cancel_reason = 'Hội đồng đề nghị giữ lại'"),
	                 1);
	assert_int_equal(int1(f, "SELECT count(*) FROM audit_log WHERE action ="
	                         " 'disposition.cancel'"),
	                 1);
	/* a cancelled list is neither executed nor cancelled again ... */
	assert_int_equal(lt_disposition_execute(f->ar, batch, &TODAY, HANDOVER, NULL, NULL, NULL),
	                 LT_ESTATE);
	assert_int_equal(lt_disposition_cancel(f->cat, batch, "lại", NULL), LT_ESTATE);
	/* ... and its dossier may go on a new list */
	assert_int_equal(lt_disposition_propose(&again, f->cat, ids, 1, "Hết hạn", &TODAY, &err),
	                 0);
	assert_true(again > batch);
}

/* Reading the lists: every state, one list with its dossiers, and a list
 * holding a dossier above the reader's clearance is absent for them. */
static void test_lists_read(void **state)
{
	rfix *f = *state;
	char shared[65], own[65];
	lt_error err = LT_ERROR_INIT;
	lt_disposition_list *v = NULL, *l = NULL;
	int64_t ids[1] = {1}, batch = 0;
	size_t n = 9;

	scene(f, shared, own);
	sql(f, "INSERT INTO users (login, role, clearance) VALUES ('dung', 'inspector', 3)");
	assert_int_equal(lt_disposition_lists(&v, &n, f->cat, NULL, NULL), 0);
	assert_int_equal(n, 0);
	lt_disposition_lists_free(v, n);
	lt_test_as(f->cat, "an");
	assert_int_equal(lt_disposition_propose(&batch, f->cat, ids, 1, "Hết hạn", &TODAY, NULL),
	                 0);
	assert_int_equal(lt_disposition_lists(&v, &n, f->cat, NULL, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].state, "proposed");
	assert_string_equal(v[0].proposed_by, "an");
	assert_string_equal(v[0].explanation, "Hết hạn");
	assert_int_equal(v[0].ndossiers, 1);
	assert_null(v[0].dossiers);
	assert_null(v[0].decision_no);
	lt_disposition_lists_free(v, n);
	assert_int_equal(lt_disposition_lists(&v, &n, f->cat, "approved", NULL), 0);
	assert_int_equal(n, 0);
	lt_disposition_lists_free(v, n);
	assert_int_equal(lt_disposition_lists(&v, &n, f->cat, "gone", &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "cancelled"));
	lt_test_as(f->cat, "bo");
	assert_int_equal(lt_disposition_approve(f->cat, batch, "12/QĐ-UBND", "2026-11-20",
	                                        "Biên bản họp HĐ số 3", APPRAISAL, NULL),
	                 0);
	assert_int_equal(lt_disposition_get(&l, f->cat, batch, NULL), 0);
	assert_string_equal(l->state, "approved");
	assert_string_equal(l->approved_by, "bo");
	assert_string_equal(l->decision_no, "12/QĐ-UBND");
	assert_string_equal(l->appraisal, APPRAISAL);
	assert_null(l->executed_at);
	assert_int_equal(l->ndossiers, 1);
	assert_int_equal(l->dossiers[0].id, 1);
	assert_int_equal(l->dossiers[0].year, 2010);
	assert_string_equal(l->dossiers[0].status, "closed");
	assert_non_null(l->dossiers[0].retention);
	lt_disposition_lists_free(l, 1);
	lt_error_clear(&err);
	assert_int_equal(lt_disposition_get(&l, f->cat, batch + 1, &err), LT_ENOTFOUND);
	assert_null(l);
	/* record 10 becomes Mật: the dossier, and so the list, is above an's
	 * clearance (0) — absent, and "not found" by number like a missing one */
	lt_test_as(f->cat, NULL);
	sql(f, "UPDATE main.records SET secrecy = 1 WHERE id = 10");
	lt_test_as(f->cat, "an");
	assert_int_equal(lt_disposition_lists(&v, &n, f->cat, NULL, NULL), 0);
	assert_int_equal(n, 0);
	lt_disposition_lists_free(v, n);
	lt_error_clear(&err);
	assert_int_equal(lt_disposition_get(&l, f->cat, batch, &err), LT_ENOTFOUND);
	assert_null(strstr(err.message, "01.TH"));
	lt_test_as(f->cat, "dung");
	assert_int_equal(lt_disposition_get(&l, f->cat, batch, NULL), 0);
	assert_int_equal(l->ndossiers, 1);
	lt_disposition_lists_free(l, 1);
	/* cancelled, by an approver who may see it */
	lt_test_as(f->cat, NULL);
	sql(f, "UPDATE users SET clearance = 1 WHERE login = 'bo'");
	lt_test_as(f->cat, "bo");
	assert_int_equal(lt_disposition_cancel(f->cat, batch, "Giữ lại", NULL), 0);
	assert_int_equal(lt_disposition_lists(&v, &n, f->cat, "cancelled", NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].cancelled_by, "bo");
	assert_string_equal(v[0].cancel_reason, "Giữ lại");
	lt_disposition_lists_free(v, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_hold_place_check_release, rfix_setup,
	                                    rfix_teardown),
	    cmocka_unit_test_setup_teardown(test_evidence_and_cancel, rfix_setup, rfix_teardown),
	    cmocka_unit_test_setup_teardown(test_hold_bad_input, rfix_setup, rfix_teardown),
	    cmocka_unit_test_setup_teardown(test_propose_refusals, rfix_setup, rfix_teardown),
	    cmocka_unit_test_setup_teardown(test_candidates, rfix_setup, rfix_teardown),
	    cmocka_unit_test_setup_teardown(test_full_cycle, rfix_setup, rfix_teardown),
	    cmocka_unit_test_setup_teardown(test_lists_read, rfix_setup, rfix_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
