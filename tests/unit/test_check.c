/* tests/unit/test_check.c — retention/check: for every checkable rule, a
 * catalog that passes, then one change that makes it fail. */
#include "tests/unit/support.h"

#include "archive/audit.h"
#include "archive/fileplan.h"
#include "retention/check.h"
#include "tests/unit/retention_support.h"

static const lt_date TODAY = {2026, 11, 23};

/* Findings of `rule` (any severity) on the whole catalog (year 0) or a year. */
static size_t findings_y(rfix *f, int rule, int year)
{
	lt_check_result *r = NULL;
	lt_check_opts o;
	lt_error err = LT_ERROR_INIT;
	size_t n;

	memset(&o, 0, sizeof(o));
	o.today = TODAY;
	o.year = year;
	o.blobs = lt_archive_blobs(f->ar);
	if (lt_check_run(&r, f->cat, &o, &err) != 0)
		fail_msg("check failed: %s", err.message);
	n = lt_check_count(r, rule, LT_SEV_INFO);
	if (n == 0)
		assert_string_not_equal(lt_check_rule(r, rule)->status, "failed");
	else
		assert_string_equal(lt_check_rule(r, rule)->status, "failed");
	lt_check_result_free(r);
	return n;
}

static size_t findings(rfix *f, int rule)
{
	return findings_y(f, rule, 0);
}

/* A rule's status on the whole catalog ("ok", "partial", ...; static). */
static const char *status_of(rfix *f, int rule)
{
	lt_check_result *r = NULL;
	lt_check_opts o;
	const char *s;

	memset(&o, 0, sizeof(o));
	o.today = TODAY;
	assert_int_equal(lt_check_run(&r, f->cat, &o, NULL), 0);
	s = lt_check_rule(r, rule)->status; /* a static string */
	lt_check_result_free(r);
	return s;
}

static void registers(rfix *f)
{
	sql(f, "INSERT INTO main.registers (id, code, name, direction, secret) VALUES"
	       " (1, 'DI', 'Sổ văn bản đi', 'outgoing', 0), (2, 'DEN', 'Sổ văn bản đến', "
	       "'incoming', 0),"
	       " (3, 'MAT', 'Sổ văn bản mật', 'outgoing', 1)");
}

static void entry(rfix *f, int reg, int number, int record)
{
	sqlf(f,
	     "INSERT INTO main.register_entries (register_id, year, number, record_id)"
	     " VALUES (%d, 2026, %d, %d)",
	     reg, number, record);
}

static void out_record(rfix *f, int id, const char *number, const char *date)
{
	sqlf(f,
	     "INSERT INTO main.records (id, uid, kind, code_number, code_notation, organ_name,"
	     " issued_date) VALUES (%d, 'r%d', 'outgoing', '%s', 'QĐ-UBND', 'UBND', '%s')",
	     id, id, number, date);
}

static void test_rule1(void **state)
{
	rfix *f = *state;
	registers(f);
	out_record(f, 1, "01", "2026-01-05");
	out_record(f, 2, "02", "2026-01-06");
	entry(f, 1, 1, 1);
	entry(f, 1, 2, 2);
	assert_int_equal(findings(f, 1), 0);
	/* The same number given to a second record in the same year. */
	sql(f, "INSERT INTO main.records (id, uid, kind, code_number, issued_date)"
	       " VALUES (3, 'r3', 'outgoing', '2', '2026-02-01')");
	assert_true(findings(f, 1) > 0);
}

static void test_rule1_starts_at_one(void **state)
{
	rfix *f = *state;
	registers(f);
	out_record(f, 1, "03", "2026-01-05");
	entry(f, 1, 3, 1);
	assert_true(findings(f, 1) > 0);
}

static void test_rule2(void **state)
{
	rfix *f = *state;
	registers(f);
	out_record(f, 1, "01", "2026-01-05");
	out_record(f, 2, "02", "2026-01-06");
	out_record(f, 3, "04", "2026-01-07");
	entry(f, 1, 1, 1);
	entry(f, 1, 2, 2);
	assert_int_equal(findings(f, 2), 0);
	entry(f, 1, 4, 3); /* number 3 skipped */
	assert_true(findings(f, 2) > 0);
}

/* Rule 2 compares registration dates, the ones `register assign` checks:
 * number 2 registered before number 1 is out of order. */
static void test_rule2_date_order(void **state)
{
	rfix *f = *state;
	registers(f);
	out_record(f, 1, "01", "2026-01-05");
	out_record(f, 2, "02", "2026-01-06");
	entry(f, 1, 1, 1);
	entry(f, 1, 2, 2);
	sqlf(f, "UPDATE main.register_entries SET registered_at = '2026-03-05' WHERE number = 1");
	sqlf(f, "UPDATE main.register_entries SET registered_at = '2026-01-06' WHERE number = 2");
	assert_true(findings(f, 2) > 0);
}

/* Issue 18.2: numbers given in registration order pass whatever the
 * documents' own dates, and a voided number (its reason the justification)
 * is neither a gap nor out of order. */
static void test_rule2_registration_dates_and_voids(void **state)
{
	rfix *f = *state;
	registers(f);
	out_record(f, 1, "01", "2026-02-01"); /* issued after number 2's document */
	out_record(f, 2, "02", "2026-01-20");
	out_record(f, 3, "03", "2026-01-01");
	entry(f, 1, 1, 1);
	entry(f, 1, 2, 2);
	entry(f, 1, 3, 3);
	sqlf(f, "UPDATE main.register_entries SET registered_at = '2026-02-01' WHERE number = 1");
	sqlf(f, "UPDATE main.register_entries SET registered_at = '2026-02-02' WHERE number = 2");
	sqlf(f, "UPDATE main.register_entries SET registered_at = '2026-01-01',"
	        " void_reason = 'cấp nhầm' WHERE number = 3");
	assert_int_equal(findings(f, 2), 0);
	/* the same void without its reason is an error */
	sqlf(f, "UPDATE main.register_entries SET void_reason = NULL WHERE number = 3");
	assert_true(findings(f, 2) > 0);
}

/* Issue 18.1: an incoming record numbered in an outgoing register (its
 * sender's number overwritten) and an outgoing one in an incoming register
 * are flagged. */
static void test_register_direction(void **state)
{
	rfix *f = *state;
	registers(f);
	out_record(f, 1, "01", "2026-01-05");
	entry(f, 1, 1, 1);
	assert_int_equal(findings(f, 1), 0);
	sqlf(f, "UPDATE main.records SET kind = 'incoming' WHERE id = 1");
	assert_true(findings(f, 1) > 0);
	out_record(f, 2, "02", "2026-01-06");
	sqlf(f, "INSERT INTO main.register_entries (register_id, year, number, record_id)"
	        " SELECT id, 2026, 1, 2 FROM registers WHERE direction = 'incoming' LIMIT 1");
	assert_true(findings(f, 4) > 0);
}

static void test_rule3(void **state)
{
	rfix *f = *state;
	registers(f);
	out_record(f, 1, "01", "2026-01-05");
	sql(f, "UPDATE main.records SET secrecy = 1 WHERE id = 1");
	entry(f, 3, 1, 1);
	assert_int_equal(findings(f, 3), 0);
	out_record(f, 2, "01", "2026-01-05");
	sql(f, "UPDATE main.records SET secrecy = 2 WHERE id = 2");
	entry(f, 1, 1, 2); /* secret document numbered in the ordinary series */
	assert_true(findings(f, 3) > 0);
}

static void test_rule4(void **state)
{
	rfix *f = *state;
	registers(f);
	sql(f, "INSERT INTO main.records (id, uid, kind, arrival_number, arrival_date) VALUES"
	       " (1, 'r1', 'incoming', 1, '2026-01-02'), (2, 'r2', 'incoming', 2, '2026-01-03')");
	entry(f, 2, 1, 1);
	entry(f, 2, 2, 2);
	assert_int_equal(findings(f, 4), 0);
	sql(f, "INSERT INTO main.records (id, uid, kind, arrival_number, arrival_date) VALUES"
	       " (3, 'r3', 'incoming', 2, '2026-01-04')");
	assert_true(findings(f, 4) > 0);
}

static void test_rule5(void **state)
{
	rfix *f = *state;
	out_record(f, 1, "01", "2026-01-05");
	out_record(f, 2, "02", "2026-01-06");
	assert_int_equal(findings(f, 5), 0);
	sql(f, "UPDATE main.records SET code_number = '01' WHERE id = 2");
	assert_true(findings(f, 5) > 0);
}

static void test_rule12(void **state)
{
	rfix *f = *state;
	add_record(f, 1, "incoming", "2026-01-05", 0, 0);
	sql(f, "INSERT INTO main.tasks (record_id, lead_unit, cooperating_units, due_date)"
	       " VALUES (1, 'Phòng TCCB', 'Phòng KHTC', '2026-02-01')");
	assert_int_equal(findings(f, 12), 0);
	sql(f, "UPDATE main.tasks SET due_date = NULL");
	assert_true(findings(f, 12) > 0);
}

static void test_rule13(void **state)
{
	rfix *f = *state;
	add_record(f, 1, "incoming", "2026-01-05", 0, 0);
	add_record(f, 2, "outgoing", "2026-01-20", 0, 0);
	sql(f, "UPDATE main.records SET due_date = '2026-01-15' WHERE id = 1");
	sql(f, "INSERT INTO main.record_links (from_record_id, to_record_id, kind)"
	       " VALUES (2, 1, 'reply_to')");
	assert_int_equal(findings(f, 13), 0);
	sql(f, "DELETE FROM main.record_links");
	assert_true(findings(f, 13) > 0);
}

static void fileplan(rfix *f)
{
	sql(f, "INSERT INTO fileplans (id, year, department, approved_by, issued_date)"
	       " VALUES (1, 2026, 'VP', 'Giám đốc', '2026-01-10');"
	       "INSERT INTO fileplan_headings (id, fileplan_id, ordinal, abbr, title)"
	       " VALUES (1, 1, 1, 'TH', 'I. TỔNG HỢP');"
	       "INSERT INTO fileplan_entries (fileplan_id, heading_id, ordinal, notation, title,"
	       " maintenance, keeper) VALUES (1, 1, 1, '01.TH', 'Kế hoạch', '01', 'Lan'),"
	       " (1, 1, 2, '02.TH', 'Báo cáo', '06', 'Lan')");
}

static void test_rule15(void **state)
{
	rfix *f = *state;
	assert_true(findings_y(f, 15, 2026) > 0); /* none */
	fileplan(f);
	assert_int_equal(findings_y(f, 15, 2026), 0);
	sql(f, "UPDATE fileplans SET approved_by = NULL");
	assert_true(findings_y(f, 15, 2026) > 0);
	sql(f, "UPDATE fileplans SET approved_by = 'GĐ', issued_date = '2026-04-01'");
	assert_true(findings_y(f, 15, 2026) > 0);
}

static void test_rule16(void **state)
{
	rfix *f = *state;
	fileplan(f);
	assert_int_equal(findings(f, 16), 0);
	sql(f, "UPDATE fileplan_entries SET keeper = NULL WHERE notation = '02.TH'");
	assert_true(findings(f, 16) > 0);
}

static void test_rule17(void **state)
{
	rfix *f = *state;
	fileplan(f);
	assert_int_equal(findings(f, 17), 0);
	sql(f, "INSERT INTO fileplan_entries (fileplan_id, heading_id, ordinal, notation, title,"
	       " maintenance, keeper) VALUES (1, 1, 3, '5/TH', 'Sai dạng', '06', 'Lan')");
	assert_true(findings(f, 17) > 0);
}

static void test_rule17_gap(void **state)
{
	rfix *f = *state;
	fileplan(f);
	sql(f, "INSERT INTO fileplan_entries (fileplan_id, heading_id, ordinal, notation, title,"
	       " maintenance, keeper) VALUES (1, 1, 3, '04.TH', 'Bỏ số', '06', 'Lan')");
	assert_true(findings(f, 17) > 0);
}

static void test_rule18(void **state)
{
	rfix *f = *state;
	lt_error err = LT_ERROR_INIT;

	fileplan(f);
	/* A draft has no footer to compare: a warning, not a pass. */
	assert_true(findings(f, 18) > 0);
	if (lt_fileplan_finalize(NULL, f->cat, 2026, "VP", "Giám đốc", "2026-01-10", NULL, "lan",
	                         &err) != 0)
		fail_msg("%s", err.message);
	assert_int_equal(findings(f, 18), 0);
	assert_int_equal(findings_y(f, 18, 2026), 0);
	/* A row added behind the recorded footer: 2 recorded, 3 actual. */
	sql(f, "INSERT INTO fileplan_entries (fileplan_id, heading_id, ordinal, notation, title,"
	       " maintenance, keeper) VALUES (1, 1, 3, '03.TH', 'Thêm sau', '06', 'Lan')");
	assert_int_equal(findings(f, 18), 1);
	assert_int_equal(findings_y(f, 18, 2025), 0); /* another year */
}

static void test_rule18_declared_footer(void **state)
{
	rfix *f = *state;
	lt_fileplan_counts wrong = {2, 2, 0}, odd = {2, 1, 2};

	fileplan(f);
	/* The paper footer declares 2 permanent; the catalog has 1 + 1. */
	assert_int_equal(lt_fileplan_finalize(NULL, f->cat, 2026, "VP", "Giám đốc", "2026-01-10",
	                                      &wrong, "lan", NULL),
	                 0);
	assert_int_equal(findings(f, 18), 1);
	/* A footer whose total is not permanent + fixed-term. */
	sql(f,
	    "INSERT INTO fileplans (id, year, department) VALUES (2, 2025, 'VP');"
	    "INSERT INTO fileplan_entries (fileplan_id, ordinal, notation, title, maintenance,"
	    " keeper) VALUES (2, 1, '01.TH', 'A', '01', 'Lan'), (2, 2, '02.TH', 'B', '06', 'Lan')");
	assert_int_equal(lt_fileplan_finalize(NULL, f->cat, 2025, "VP", "Giám đốc", "2025-01-10",
	                                      &odd, "lan", NULL),
	                 0);
	assert_true(findings_y(f, 18, 2025) >= 1);
}

static void test_rule19(void **state)
{
	rfix *f = *state;
	add_dossier(f, 1, 2026, "01.TH", "open", "06", NULL);
	assert_int_equal(findings(f, 19), 0);
	sql(f, "UPDATE main.dossiers SET maintenance = '09'");
	assert_true(findings(f, 19) > 0);
}

static void test_rule20(void **state)
{
	rfix *f = *state;
	add_dossier(f, 1, 2026, "01.TH", "open", "06", NULL);
	add_record(f, 1, "incoming", "2026-01-05", 1, 1);
	assert_int_equal(findings(f, 20), 0);
	add_record(f, 2, "incoming", "2026-01-06", 0, 0);
	assert_true(findings(f, 20) > 0);
}

static void test_rule21(void **state)
{
	rfix *f = *state;
	add_dossier(f, 1, 2026, "01.TH", "open", "06", NULL);
	add_record(f, 1, "incoming", "2026-01-05", 1, 1);
	add_record(f, 2, "incoming", "2026-01-06", 1, 2);
	sql(f, "UPDATE main.dossiers SET doc_total = 2, page_total = 2");
	assert_int_equal(findings(f, 21), 0);
	sql(f, "UPDATE main.dossier_records SET ordinal = 3 WHERE record_id = 2");
	assert_true(findings(f, 21) > 0);
}

static void test_rule21_totals_and_order(void **state)
{
	rfix *f = *state;
	add_dossier(f, 1, 2026, "01.TH", "open", "06", NULL);
	add_record(f, 1, "incoming", "2026-03-05", 1, 1);
	add_record(f, 2, "incoming", "2026-01-06", 1, 2); /* earlier date, later ordinal */
	sql(f, "UPDATE main.dossiers SET doc_total = 5, page_total = 2");
	assert_true(findings(f, 21) >= 2);
}

static void test_rule22(void **state)
{
	rfix *f = *state;
	add_dossier(f, 1, 2025, "01.TH", "closed", "06", "2025-12-01");
	assert_int_equal(findings(f, 22), 0);
	sql(f, "UPDATE main.dossiers SET end_date = NULL, language = NULL");
	assert_true(findings(f, 22) > 0);
}

static void test_rule24(void **state)
{
	rfix *f = *state;
	add_dossier(f, 1, 2025, "01.TH", "closed", "06", "2025-12-30"); /* due 2026-12-30 */
	add_dossier(f, 2, 2024, "02.TH", "archived", "06", "2024-06-30");
	sql(f, "UPDATE main.dossiers SET archived_at = '2025-05-01T00:00:00Z' WHERE id = 2");
	assert_int_equal(findings(f, 24), 0);
	sql(f, "UPDATE main.dossiers SET end_date = '2025-06-30' WHERE id = 1");
	assert_true(findings(f, 24) > 0);
}

static void test_rule26(void **state)
{
	rfix *f = *state;
	add_dossier(f, 1, 2025, "01.TH", "closed", "06", "2025-12-10"); /* due 2026-12-10 */
	sql(f, "UPDATE main.dossiers SET closed_at = '2025-12-15T00:00:00Z'");
	sql(f, "INSERT INTO main.retention_alerts (dossier_id, kind, due_date, raised_at)"
	       " VALUES (1, 'deposit', '2026-12-10', '2026-11-01T08:00:00Z')");
	assert_int_equal(findings(f, 26), 0);
	sql(f, "DELETE FROM main.retention_alerts");
	assert_true(findings(f, 26) > 0);
	/* Raised, but only 5 days ahead. */
	sql(f, "INSERT INTO main.retention_alerts (dossier_id, kind, due_date, raised_at)"
	       " VALUES (1, 'deposit', '2026-12-10', '2026-12-05T08:00:00Z')");
	assert_true(findings(f, 26) > 0);
}

static void test_rule29(void **state)
{
	rfix *f = *state;
	add_dossier(f, 1, 2015, "01.TH", "closed", "06", "2015-12-01");
	add_dossier(f, 2, 2015, "02.TH", "closed", "01", "2015-12-01");
	sql(f, "UPDATE main.dossiers SET expiry_year = 2025 WHERE id = 1");
	assert_int_equal(findings(f, 29), 0);
	sql(f,
	    "UPDATE main.dossiers SET expiry_year = 2040 WHERE id = 2"); /* permanent with expiry */
	assert_true(findings(f, 29) > 0);
}

static void test_rule6(void **state)
{
	rfix *f = *state;
	out_record(f, 1, "05", "2026-01-05");
	sql(f, "UPDATE main.records SET type_name = '02'"); /* Quyết định: QĐ */
	assert_int_equal(findings(f, 6), 0);
	sql(f, "UPDATE main.records SET code_number = '5'"); /* not zero-padded */
	assert_true(findings(f, 6) > 0);
}

static void test_rule6_type_abbreviation(void **state)
{
	rfix *f = *state;
	out_record(f, 1, "05", "2026-01-05");
	sql(f, "UPDATE main.records SET type_name = '07'"); /* Thông báo expects TB, has QĐ */
	assert_true(findings(f, 6) > 0);
}

static void test_rule14(void **state)
{
	rfix *f = *state;
	add_record(f, 1, "incoming", "2026-01-05", 0, 0);
	add_record(f, 2, "outgoing", "2026-01-06", 0, 0);
	sql(f, "INSERT INTO main.record_links (from_record_id, to_record_id, kind, created_at)"
	       " VALUES (2, 1, 'recalls', '2026-01-07T00:00:00Z')");
	sql(f, "UPDATE main.records SET status = 'destroyed' WHERE id = 1");
	assert_int_equal(findings(f, 14), 0);
	sql(f, "UPDATE main.records SET status = 'active' WHERE id = 1");
	assert_true(findings(f, 14) > 0);
}

static void test_rule14_frozen(void **state)
{
	rfix *f = *state;
	add_record(f, 1, "outgoing", "2026-01-05", 0, 0);
	add_record(f, 2, "outgoing", "2026-01-06", 0, 0);
	sql(f, "INSERT INTO main.record_links (from_record_id, to_record_id, kind, created_at)"
	       " VALUES (2, 1, 'recalls', '2026-01-07T00:00:00Z');"
	       "INSERT INTO main.record_history (record_id, field, who, at)"
	       " VALUES (1, 'subject', 'an', '2026-01-06T00:00:00Z')");
	assert_int_equal(findings(f, 14), 0);
	sql(f, "INSERT INTO main.record_history (record_id, field, who, at)"
	       " VALUES (1, 'subject', 'an', '2026-01-09T00:00:00Z')");
	assert_true(findings(f, 14) > 0);
}

static void test_rule28(void **state)
{
	rfix *f = *state;
	add_dossier(f, 1, 2020, "01.TH", "archived", "01", "2020-12-31");
	sql(f,
	    "UPDATE main.dossiers SET archived_at = '2022-03-01T00:00:00Z'"); /* due 2027-12-31 */
	assert_int_equal(findings(f, 28), 0);
	sql(f,
	    "UPDATE main.dossiers SET archived_at = '2020-03-01T00:00:00Z'"); /* due 2025-12-31 */
	assert_true(findings(f, 28) > 0);
}

static void batch(rfix *f, const char *decision_date, const char *executed_at)
{
	sqlf(f,
	     "INSERT INTO main.disposition_batches (id, status, explanation, proposed_by, "
	     "approved_by,"
	     " decision_no, decision_date, council_minutes, executed_by, executed_at, report_html,"
	     " appraisal_opinion, handover_record)"
	     " VALUES (1, 'executed', 'Hết hạn', 'an', 'bo', '12/QĐ', '%s', 'BB 3', 'an', '%s',"
	     " '<html>', 'CV 45/SNV', 'Bàn giao cho công ty X')",
	     decision_date, executed_at);
}

static void test_rule30(void **state)
{
	rfix *f = *state;
	add_dossier(f, 1, 2010, "01.TH", "destroyed", "06", "2010-12-01");
	add_record(f, 1, "incoming", "2010-01-05", 1, 1);
	sql(f, "UPDATE main.records SET status = 'destroyed'");
	batch(f, "2026-11-01", "2026-11-05T00:00:00Z");
	sql(f, "INSERT INTO main.disposition_items (batch_id, dossier_id) VALUES (1, 1)");
	assert_int_equal(findings(f, 30), 0);
	/* issue 18.7: the appraisal opinion and the hand-over are part of it */
	sql(f, "UPDATE main.disposition_batches SET handover_record = NULL");
	assert_true(findings(f, 30) > 0);
	sql(f, "UPDATE main.disposition_batches SET handover_record = 'Bàn giao'");
	assert_int_equal(findings(f, 30), 0);
	assert_string_equal(status_of(f, 30), "ok"); /* no longer partial */
	add_record(f, 2, "incoming", "2010-01-06", 0, 0);
	sql(f, "UPDATE main.records SET status = 'destroyed' WHERE id = 2"); /* outside any list */
	assert_true(findings(f, 30) > 0);
}

static void test_rule31(void **state)
{
	rfix *f = *state;
	batch(f, "2026-11-01", "2026-11-10T00:00:00Z");
	assert_int_equal(findings(f, 31), 0);
	sql(f, "UPDATE main.disposition_batches SET decision_date = '2026-10-01'");
	assert_true(findings(f, 31) > 0);
}

static void test_rule33(void **state)
{
	rfix *f = *state;
	add_dossier(f, 1, 2010, "01.TH", "closed", "06", "2010-12-01");
	add_dossier(f, 2, 2010, "02.TH", "closed", "01", "2010-12-01");
	sql(f, "INSERT INTO main.disposition_batches (id, proposed_by) VALUES (1, 'an');"
	       "INSERT INTO main.disposition_items (batch_id, dossier_id) VALUES (1, 1)");
	assert_int_equal(findings(f, 33), 0);
	sql(f, "INSERT INTO main.disposition_items (batch_id, dossier_id) VALUES (1, 2)");
	assert_true(findings(f, 33) > 0);
}

static void test_rule33_unlogged_destruction(void **state)
{
	rfix *f = *state;
	add_dossier(f, 1, 2010, "01.TH", "destroyed", "06", "2010-12-01");
	assert_true(findings(f, 33) > 0);
}

/* A scanned record whose digitised file is a PDF with the facts given. */
static void digitised_pdf(rfix *f, const char *pdfa, int ppi, int bits)
{
	add_record(f, 1, "scanned", "2026-01-05", 0, 0);
	sql(f, "INSERT INTO blobs (sha256, size, media_type) VALUES (printf('%064d', 1), 1,"
	       " 'application/pdf');"
	       "INSERT INTO main.record_files (record_id, sha256, role, media_type, size)"
	       " VALUES (1, printf('%064d', 1), 'original', 'application/pdf', 1);"
	       "INSERT INTO main.pages (record_id, page_no, text, dpi) VALUES (1, 1, 'Quyết định', "
	       "300)");
	sqlf(f,
	     "INSERT INTO file_formats (sha256, format, media_type, pdfa, pages, images,"
	     " min_ppi, min_bits, fonts, fonts_embedded, text_pages)"
	     " VALUES (printf('%%064d', 1), 'PDF', 'application/pdf', %s, 1, 1, %d, %d, 1, 1, 1)",
	     pdfa ? "'2B'" : "NULL", ppi, bits);
}

static void test_rule34(void **state)
{
	rfix *f = *state;
	digitised_pdf(f, "2B", 300, 24);
	assert_int_equal(findings(f, 34), 0);
	sql(f, "UPDATE main.pages SET dpi = 150");
	assert_true(findings(f, 34) > 0);
}

/* Rule 34 on the digitised file's own facts: PDF/A identification,
 * image resolution, colour depth, embedded fonts, text layer, and facts
 * never read. */
static void test_rule34_file_facts(void **state)
{
	rfix *f = *state;
	static const char *const breaks[] = {
	    "UPDATE file_formats SET pdfa = NULL",    "UPDATE file_formats SET min_ppi = 150",
	    "UPDATE file_formats SET min_bits = 8",   "UPDATE file_formats SET fonts_embedded = 0",
	    "UPDATE file_formats SET text_pages = 0", "DELETE FROM file_formats"};
	digitised_pdf(f, "2B", 300, 24);
	for (size_t i = 0; i < sizeof(breaks) / sizeof(breaks[0]); i++) {
		sql(f, "SAVEPOINT b");
		sql(f, breaks[i]);
		if (findings(f, 34) == 0)
			fail_msg("rule 34 misses: %s", breaks[i]);
		sql(f, "ROLLBACK TO b; RELEASE b");
		assert_int_equal(findings(f, 34), 0);
	}
}

/* Rule 35: the digitised file carries a valid (agency) signature. */
static void test_rule35(void **state)
{
	rfix *f = *state;
	digitised_pdf(f, "2B", 300, 24);
	assert_true(findings(f, 35) > 0); /* not signed */
	sql(f,
	    "INSERT INTO main.signature_checks (id, record_id, sha256, origin, signatures, result)"
	    " VALUES (1, 1, printf('%064d', 1), 'agency', 1, 'valid')");
	assert_int_equal(findings(f, 35), 0);
	sql(f, "UPDATE main.signature_checks SET result = 'modified'");
	assert_true(findings(f, 35) > 0);
}

/* Rule 8 (its signed part): an outgoing electronic document numbered more
 * than one working day after its signer signed it. */
static void test_rule8(void **state)
{
	rfix *f = *state;
	registers(f);
	add_record(f, 1, "outgoing", "2026-01-05", 0, 0);
	sql(f,
	    "INSERT INTO blobs (sha256, size, media_type) VALUES (printf('%064d', 1), 1,"
	    " 'application/pdf');"
	    "INSERT INTO main.record_files (record_id, sha256, role, media_type, size)"
	    " VALUES (1, printf('%064d', 1), 'original', 'application/pdf', 1);"
	    "INSERT INTO main.signature_checks (id, record_id, sha256, origin, signatures, result)"
	    " VALUES (1, 1, printf('%064d', 1), 'incoming', 1, 'valid');"
	    /* signed on Friday 2026-01-02, 16:00 Vietnam time */
	    "INSERT INTO main.signatures (check_id, record_id, seq, status, signing_time)"
	    " VALUES (1, 1, 1, 'valid', '2026-01-02T16:00:00+07:00');"
	    /* numbered on Monday 2026-01-05 09:00 Vietnam time: 1 working day */
	    "INSERT INTO main.register_entries (register_id, year, number, record_id,"
	    " registered_at) VALUES (1, 2026, 1, 1, '2026-01-05T02:00:00Z')");
	assert_int_equal(findings(f, 8), 0);
	/* Tuesday: two working days */
	sql(f, "UPDATE main.register_entries SET registered_at = '2026-01-06T02:00:00Z'");
	assert_true(findings(f, 8) > 0);
	/* a voided number does not count */
	sql(f, "UPDATE main.register_entries SET void_reason = 'nhầm'");
	assert_int_equal(findings(f, 8), 0);
}

/* Rule 10: an incoming electronic document has its signature check,
 * made before it was registered. */
static void test_rule10(void **state)
{
	rfix *f = *state;
	registers(f);
	add_record(f, 1, "incoming", "2026-01-05", 0, 0);
	sql(f, "INSERT INTO blobs (sha256, size, media_type) VALUES (printf('%064d', 1), 1,"
	       " 'application/pdf');"
	       "INSERT INTO main.record_files (record_id, sha256, role, media_type, size)"
	       " VALUES (1, printf('%064d', 1), 'original', 'application/pdf', 1);"
	       "INSERT INTO main.register_entries (register_id, year, number, record_id,"
	       " registered_at) VALUES (2, 2026, 1, 1, '2026-01-05T09:00:00Z')");
	assert_true(findings(f, 10) > 0); /* no check recorded */
	sql(f, "INSERT INTO main.signature_checks (record_id, sha256, origin, signatures, result,"
	       " checked_at) VALUES (1, printf('%064d', 1), 'incoming', 1, 'valid',"
	       " '2026-01-05T08:59:00Z')");
	assert_int_equal(findings(f, 10), 0);
	/* checked after registration */
	sql(f, "UPDATE main.signature_checks SET checked_at = '2026-01-05T10:00:00Z'");
	assert_true(findings(f, 10) > 0);
	/* a registration dated by day only: a check that day is not after it,
	 * one the next day is */
	sql(f, "UPDATE main.register_entries SET registered_at = '2026-01-05'");
	assert_int_equal(findings(f, 10), 0);
	sql(f, "UPDATE main.signature_checks SET checked_at = '2026-01-06T08:00:00Z'");
	assert_true(findings(f, 10) > 0);
	sql(f, "UPDATE main.register_entries SET registered_at = '2026-01-05T09:00:00Z'");
	/* a document modified after signing is flagged (a warning) */
	sql(f, "UPDATE main.signature_checks SET checked_at = '2026-01-05T08:59:00Z',"
	       " result = 'modified'");
	assert_true(findings(f, 10) > 0);
	/* a scanned image is no electronic document */
	sql(f, "UPDATE main.record_files SET media_type = 'image/png'");
	assert_int_equal(findings(f, 10), 0);
}

static void test_rule36(void **state)
{
	rfix *f = *state;
	add_dossier(f, 1, 2026, "01.TH", "open", "06", NULL);
	add_record(f, 1, "internal", "2026-01-05", 1, 1);
	sql(f, "UPDATE main.records SET file_code = 'G09.2026.01.TH', doc_code = "
	       "'G09.2026.01.TH.0000001',"
	       " doc_ordinal = 1");
	assert_int_equal(findings(f, 36), 0);
	sql(f, "UPDATE main.records SET doc_code = 'G09.2026.01.TH.0000002'");
	assert_true(findings(f, 36) > 0);
}

static void test_rule37(void **state)
{
	rfix *f = *state;
	add_dossier(f, 1, 2026, "01.TH", "open", "06", NULL);
	sql(f, "UPDATE main.dossiers SET confidence_level = '02', paper_file_code = "
	       "'G09.2026.01.TH-G'");
	assert_int_equal(findings(f, 37), 0);
	sql(f, "UPDATE main.dossiers SET paper_file_code = NULL");
	assert_true(findings(f, 37) > 0);
}

static void test_rule38(void **state)
{
	rfix *f = *state;
	lt_blob_info b;
	add_record(f, 1, "internal", "2026-01-05", 0, 0);
	assert_int_equal(lt_blobstore_put_mem(lt_archive_blobs(f->ar), "abc", 3, &b, NULL), 0);
	sqlf(f,
	     "INSERT INTO blobs (sha256, size, media_type) VALUES ('%s', 3, 'text/plain');"
	     "INSERT INTO main.record_files (record_id, sha256, role, media_type, size)"
	     " VALUES (1, '%s', 'original', 'text/plain', 3)",
	     b.sha256, b.sha256);
	sql(f, "INSERT INTO main.audit_log (at, who, action) VALUES ('2026-06-01T00:00:00Z', 'sys',"
	       " 'verify.fixity')");
	assert_int_equal(findings(f, 38), 0);
	assert_int_equal(lt_blobstore_remove(lt_archive_blobs(f->ar), b.sha256, NULL), 0);
	assert_true(findings(f, 38) > 0); /* dangling reference */
}

static void test_rule38_fixity_history(void **state)
{
	rfix *f = *state;
	size_t before;
	sql(f, "INSERT INTO blobs (sha256, size, media_type) VALUES (printf('%064d', 5), 1, 'x')");
	sql(f, "INSERT INTO settings (key, value) VALUES ('fixity_interval_days', '30')");
	sql(f, "INSERT INTO main.audit_log (at, who, action) VALUES ('2026-11-01T00:00:00Z', 'sys',"
	       " 'verify.fixity')");
	before = findings(f, 38); /* the orphan row (and its missing file) */
	sql(f, "UPDATE settings SET value = '10' WHERE key = 'fixity_interval_days'");
	assert_int_equal(findings(f, 38), before + 1); /* plus: no fixity run in 10 days */
}

static void test_rule40(void **state)
{
	rfix *f = *state;
	sql(f, "INSERT INTO backup_runs (kind, dir, started_at, finished_at) VALUES"
	       " ('full', '/mnt/a', '2026-11-10T01:00:00Z', '2026-11-10T02:00:00Z'),"
	       " ('incremental', '/mnt/b', '2026-11-23T01:00:00Z', '2026-11-23T01:10:00Z')");
	assert_int_equal(findings(f, 40), 0);
	sql(f, "UPDATE backup_runs SET dir = '/mnt/a'");
	assert_true(findings(f, 40) > 0);
}

static void test_rule43(void **state)
{
	rfix *f = *state;
	lt_error err = LT_ERROR_INIT;

	lt_catalog_set_isolated(f->cat, 0);
	add_record(f, 1, "internal", "2026-01-05", 0, 0);
	/* Not isolated: the catalog refuses to make it secret. */
	assert_int_equal(lt_catalog_exec(f->cat, "UPDATE main.records SET secrecy = 1", &err),
	                 LT_EDENIED);
	assert_non_null(strstr(err.message, "43"));
	/* Stored while the deployment was declared isolated ... */
	lt_catalog_set_isolated(f->cat, 1);
	sql(f, "UPDATE main.records SET secrecy = 1");
	assert_int_equal(findings(f, 43), 0);
	/* ... and reported once luutru.conf no longer says so. */
	lt_catalog_set_isolated(f->cat, 0);
	assert_true(findings(f, 43) > 0);
}

static void test_rule42(void **state)
{
	rfix *f = *state;
	lt_check_result *r = NULL;
	lt_check_opts o;

	add_record(f, 1, "incoming", "2026-01-05", 0, 0);
	assert_int_equal(lt_audit_append(f->cat, "lan@127.0.0.1", "view", "r1", NULL, NULL, NULL),
	                 0);
	assert_int_equal(
	    lt_audit_append(f->cat, "lan@127.0.0.1", "download", "r1", "sha256=00", NULL, NULL), 0);
	assert_int_equal(findings(f, 42), 0);
	/* Checked in part (the mark on printouts is not data): partial, not ok. */
	memset(&o, 0, sizeof(o));
	o.today = TODAY;
	assert_int_equal(lt_check_run(&r, f->cat, &o, NULL), 0);
	assert_string_equal(lt_check_rule(r, 42)->status, "partial");
	lt_check_result_free(r);
	/* A view logged without a user. */
	assert_int_equal(lt_audit_append(f->cat, "-@127.0.0.1", "view", "r1", NULL, NULL, NULL), 0);
	assert_int_equal(findings(f, 42), 1);
	assert_int_equal(findings_y(f, 42, 2001), 0); /* the view is not of 2001 */
}

static void test_rule42_object(void **state)
{
	rfix *f = *state;
	const char *uid = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";

	add_record(f, 1, "incoming", "2026-01-05", 0, 0);
	sqlf(f, "UPDATE main.records SET uid = '%s' WHERE id = 1", uid);
	add_dossier(f, 2, 2026, "01.TH", "open", "06", NULL);
	sql(f,
	    "UPDATE main.dossiers SET uid = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d' WHERE id = 2");
	/* A record's and a dossier's uid, a record id, named objects. */
	assert_int_equal(lt_audit_append(f->cat, "lan", "view", uid, NULL, NULL, NULL), 0);
	assert_int_equal(lt_audit_append(f->cat, "lan", "view",
	                                 "0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d", "dossier", NULL,
	                                 NULL),
	                 0);
	assert_int_equal(
	    lt_audit_append(f->cat, "lan", "record.print", "record:1", NULL, NULL, NULL), 0);
	assert_int_equal(
	    lt_audit_append(f->cat, "lan", "export", "register DI/2026", "csv", NULL, NULL), 0);
	assert_int_equal(findings(f, 42), 0);
	/* A download naming nothing. */
	assert_int_equal(lt_audit_append(f->cat, "lan", "download", NULL, NULL, NULL, NULL), 0);
	assert_int_equal(findings(f, 42), 1);
	/* A view of a record the catalog no longer has (by uid, by id). */
	assert_int_equal(lt_audit_append(f->cat, "lan", "record.view",
	                                 "99999999-9999-4999-8999-999999999999", NULL, NULL, NULL),
	                 0);
	assert_int_equal(findings(f, 42), 2);
	assert_int_equal(lt_audit_append(f->cat, "lan", "print", "record:7", NULL, NULL, NULL), 0);
	assert_int_equal(findings(f, 42), 3);
}

static void test_rule42_chain(void **state)
{
	rfix *f = *state;

	add_record(f, 1, "incoming", "2026-01-05", 0, 0);
	assert_int_equal(lt_audit_append(f->cat, "lan", "view", "r1", NULL, NULL, NULL), 0);
	assert_int_equal(findings(f, 42), 0);
	/* A row written around the hash chain: the log can no longer vouch
	 * that every view is in it. */
	sql(f, "INSERT INTO main.audit_log (who, action, object) VALUES ('lan', 'view', 'r1')");
	assert_true(findings(f, 42) > 0);
}

static void test_not_checkable_is_never_ok(void **state)
{
	rfix *f = *state;
	lt_check_result *r = NULL;
	lt_check_opts o;
	lt_report *rep = NULL;

	memset(&o, 0, sizeof(o));
	o.today = TODAY;
	assert_int_equal(lt_check_run(&r, f->cat, &o, NULL), 0);
	assert_string_equal(lt_check_rule(r, 44)->status, "not_checkable");
	assert_non_null(lt_check_rule(r, 44)->note);
	assert_string_equal(lt_check_rule(r, 38)->status, "partial");
	assert_int_equal(lt_check_report(&rep, r, NULL), 0);
	lt_report_free(rep);
	lt_check_result_free(r);
}

static void test_findings_follow_language(void **state)
{
	rfix *f = *state;
	lt_check_result *r = NULL;
	lt_check_opts o;
	const char *msg = NULL;

	memset(&o, 0, sizeof(o));
	o.today = TODAY;
	add_record(f, 1, "incoming", "2026-01-05", 0, 0);
	lt_lang_set(LT_LANG_EN);
	assert_int_equal(lt_check_run(&r, f->cat, &o, NULL), 0);
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].rule == 20)
			msg = r->findings[i].message;
	assert_non_null(msg);
	assert_string_equal(msg, "record belongs to no dossier");
	assert_string_equal(lt_check_rule(r, 20)->title, "Every document belongs to a dossier");
	lt_check_result_free(r);
	lt_lang_set(LT_LANG_VI);
	assert_int_equal(lt_check_run(&r, f->cat, &o, NULL), 0);
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].rule == 20)
			msg = r->findings[i].message;
	assert_string_equal(msg, "văn bản chưa thuộc hồ sơ nào");
	lt_check_result_free(r);
}

#define T(name) cmocka_unit_test_setup_teardown(name, rfix_setup, rfix_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_rule1),
	    T(test_rule1_starts_at_one),
	    T(test_rule2),
	    T(test_rule2_date_order),
	    T(test_rule2_registration_dates_and_voids),
	    T(test_register_direction),
	    T(test_rule3),
	    T(test_rule4),
	    T(test_rule5),
	    T(test_rule12),
	    T(test_rule13),
	    T(test_rule15),
	    T(test_rule16),
	    T(test_rule17),
	    T(test_rule17_gap),
	    T(test_rule18),
	    T(test_rule18_declared_footer),
	    T(test_rule19),
	    T(test_rule20),
	    T(test_rule21),
	    T(test_rule21_totals_and_order),
	    T(test_rule22),
	    T(test_rule6),
	    T(test_rule6_type_abbreviation),
	    T(test_rule14),
	    T(test_rule14_frozen),
	    T(test_rule28),
	    T(test_rule30),
	    T(test_rule31),
	    T(test_rule24),
	    T(test_rule26),
	    T(test_rule29),
	    T(test_rule33),
	    T(test_rule33_unlogged_destruction),
	    T(test_rule34),
	    T(test_rule34_file_facts),
	    T(test_rule35),
	    T(test_rule10),
	    T(test_rule8),
	    T(test_rule36),
	    T(test_rule37),
	    T(test_rule38),
	    T(test_rule38_fixity_history),
	    T(test_rule40),
	    T(test_rule42),
	    T(test_rule42_object),
	    T(test_rule42_chain),
	    T(test_rule43),
	    T(test_not_checkable_is_never_ok),
	    T(test_findings_follow_language),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
