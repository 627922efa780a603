/* tests/unit/test_dossier.c — archive/dossier: opening from the catalog,
 * the lifecycle state machine (every allowed and every refused edge),
 * closing computes totals, a closed dossier is read-only, reopening is
 * audited, ordinals follow issued dates. */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/archive.h"
#include "archive/dossier.h"
#include "archive/fileplan.h"
#include "archive/record.h"
#include "archive/settings.h"
#include "core/buf.h"
#include "core/fs.h"

typedef struct fixture {
	char *dir;
	lt_archive *ar;
	lt_catalog *cat;
	int n;
} fixture;

static const char PLAN[] = "heading,heading_abbr,notation,title,retention,keeper,note\n"
                           "TỔ CHỨC CÁN BỘ,TCCB,01.TCCB,Hồ sơ tuyển dụng,Vĩnh viễn,Phòng TCCB,\n"
                           "TỔ CHỨC CÁN BỘ,TCCB,02.TCCB,Hồ sơ thi đua,20 năm,Phòng TCCB,\n";

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	lt_buf p = LT_BUF_INIT;
	size_t n;

	f->dir = lt_test_tmpdir();
	lt_fs_join(&p, f->dir, "data");
	assert_int_equal(lt_archive_open(&f->ar, p.data, LT_ARCHIVE_CREATE, NULL), 0);
	f->cat = lt_archive_catalog(f->ar);
	lt_buf_free(&p);
	assert_int_equal(lt_fileplan_import_csv_text(&n, f->cat, 2024, NULL, NULL, PLAN,
	                                             sizeof(PLAN) - 1, "plan.csv", NULL, NULL),
	                 0);
	*state = f;
	return 0;
}

static int setup_organ(void **state)
{
	fixture *f;

	setup(state);
	f = *state;
	assert_int_equal(lt_settings_set(f->cat, "organ_id", "000.00.00.G09", "admin", NULL), 0);
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	lt_archive_free(f->ar);
	lt_test_rmtree_free(f->dir);
	free(f);
	return 0;
}

static int64_t record(fixture *f, const char *issued, int pages)
{
	sqlite3_stmt *st = NULL;
	char uid[32];

	snprintf(uid, sizeof(uid), "uid-%d", ++f->n);
	assert_int_equal(
	    sqlite3_prepare_v2(lt_catalog_db(f->cat),
	                       "INSERT INTO main.records(uid, issued_date, page_count, "
	                       "code_notation, subject, organ_name, type_name) VALUES (?,?,?,"
	                       "'QĐ-SNV','Về việc thử','Sở Nội vụ','02')",
	                       -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, uid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, issued, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, pages);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	return sqlite3_last_insert_rowid(lt_catalog_db(f->cat));
}

static long long scalar(lt_catalog *cat, const char *fmt, long long a)
{
	sqlite3_stmt *st = NULL;
	char sql[512];
	long long v = -1;

	snprintf(sql, sizeof(sql), fmt, a);
	assert_int_equal(sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static char *text(lt_catalog *cat, const char *fmt, long long a)
{
	sqlite3_stmt *st = NULL;
	char sql[512], *v = NULL;

	snprintf(sql, sizeof(sql), fmt, a);
	assert_int_equal(sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static int64_t open_dossier(fixture *f, const char *notation)
{
	lt_error err = LT_ERROR_INIT;
	int64_t id;

	if (lt_dossier_open(&id, f->cat, 2024, NULL, notation, "lan", &err) != 0)
		fail_msg("open: %s", err.message);
	/* TT 05/2025 requires the backup regime of every closed dossier. */
	if (lt_dossier_set(f->cat, id, "riskRecovery", "0", "lan", &err) != 0)
		fail_msg("set: %s", err.message);
	return id;
}

static void test_open_needs_organ_id(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	int64_t id;
	char *s;

	assert_int_equal(lt_dossier_open(&id, f->cat, 2024, NULL, "01.TCCB", "lan", &err),
	                 LT_ESTATE);
	assert_non_null(strstr(err.message, "luutru config set organ_id"));
	assert_int_equal(scalar(f->cat, "SELECT count(*) FROM dossiers WHERE %lld", 1), 0);
	assert_int_equal(lt_settings_set(f->cat, "organ_id", "000.00.00.g09", NULL, &err),
	                 LT_EINVAL);
	assert_int_equal(lt_settings_set(f->cat, "organ_id", "000.00.00.G09X1", NULL, &err),
	                 LT_EINVAL);
	assert_int_equal(lt_settings_set(f->cat, "organ_id", "000..00", NULL, &err), LT_EINVAL);
	assert_int_equal(lt_settings_set(f->cat, "colour", "x", NULL, &err), LT_EINVAL);
	assert_int_equal(lt_settings_set(f->cat, "organ_id", "000.00.00.G09", NULL, &err), 0);
	assert_int_equal(lt_dossier_open(&id, f->cat, 2024, NULL, "09.TCCB", "lan", &err),
	                 LT_ENOTFOUND);
	assert_int_equal(lt_dossier_open(&id, f->cat, 2024, NULL, "01.TCCB", "lan", &err), 0);
	s = text(f->cat,
	         "SELECT file_code || '|' || title || '|' || maintenance || '|' || "
	         "status FROM dossiers WHERE id = %lld",
	         id);
	assert_string_equal(s, "000.00.00.G09.2024.01.TCCB|Hồ sơ tuyển dụng|01|open");
	free(s);
	assert_int_equal(lt_dossier_open(&id, f->cat, 2024, NULL, "01.TCCB", "lan", &err),
	                 LT_EEXISTS);
	assert_int_equal(lt_dossier_find(&id, f->cat, "01.TCCB", NULL), 0);
	assert_int_equal(lt_dossier_find(&id, f->cat, "000.00.00.G09.2024.01.TCCB", NULL), 0);
	assert_int_equal(lt_dossier_find(&id, f->cat, "nope", NULL), LT_ENOTFOUND);
}

static const int EXPECTED[LT_DOSSIER__COUNT][LT_DOSSIER__COUNT] = {
    /*            open closed archived transferred destroyed */
    /* open */ {0, 1, 0, 0, 0},
    /* closed */ {1, 0, 1, 0, 1},
    /* archived */ {0, 0, 0, 1, 1},
    /* transferred */ {0, 0, 0, 0, 0},
    /* destroyed */ {0, 0, 0, 0, 0},
};

static void force_status(fixture *f, int64_t id, lt_dossier_status s)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "UPDATE main.dossiers SET status = '%s' WHERE id = %lld",
	         lt_dossier_status_name(s), (long long)id);
	assert_int_equal(lt_catalog_exec(f->cat, sql, NULL), 0);
}

static void test_state_machine(void **state)
{
	fixture *f = *state;
	int64_t id = open_dossier(f, "01.TCCB");

	assert_int_equal(lt_dossier_add(f->cat, id, record(f, "2024-02-01", 1), NULL, NULL), 0);
	for (int from = 0; from < LT_DOSSIER__COUNT; from++) {
		for (int to = 0; to < LT_DOSSIER__COUNT; to++) {
			lt_error err = LT_ERROR_INIT;
			long long events, audits;
			char *now;
			int rc;

			assert_int_equal(lt_dossier_transition_allowed(from, to),
			                 EXPECTED[from][to]);
			force_status(f, id, (lt_dossier_status)from);
			events =
			    scalar(f->cat, "SELECT count(*) FROM dossier_events WHERE %lld", 1);
			audits = scalar(f->cat, "SELECT count(*) FROM audit_log WHERE %lld", 1);
			rc = lt_dossier_transition(f->cat, id, (lt_dossier_status)to, "lan",
			                           "lý do", &err);
			now = text(f->cat, "SELECT status FROM dossiers WHERE id = %lld", id);
			if (EXPECTED[from][to]) {
				if (rc != 0)
					fail_msg("%s → %s refused: %s",
					         lt_dossier_status_name(from),
					         lt_dossier_status_name(to), err.message);
				assert_string_equal(now, lt_dossier_status_name(to));
				assert_int_equal(
				    scalar(f->cat, "SELECT count(*) FROM dossier_events WHERE %lld",
				           1),
				    events + 1);
				assert_true(scalar(f->cat,
				                   "SELECT count(*) FROM audit_log WHERE %lld",
				                   1) > audits);
			} else {
				assert_int_equal(rc, LT_ESTATE);
				assert_string_equal(now, lt_dossier_status_name(from));
				assert_int_equal(
				    scalar(f->cat, "SELECT count(*) FROM dossier_events WHERE %lld",
				           1),
				    events);
				assert_int_equal(
				    scalar(f->cat, "SELECT count(*) FROM audit_log WHERE %lld", 1),
				    audits);
			}
			free(now);
		}
	}
}

static void test_close_computes_totals(void **state)
{
	fixture *f = *state;
	int64_t id = open_dossier(f, "02.TCCB");
	int64_t late = record(f, "2024-09-30", 3), early = record(f, "2024-01-15", 2);
	lt_error err = LT_ERROR_INIT;
	lt_dossier *d = NULL;

	assert_int_equal(lt_dossier_transition(f->cat, id, LT_DOSSIER_CLOSED, "lan", NULL, &err),
	                 LT_ESTATE); /* empty */
	assert_int_equal(lt_dossier_add(f->cat, id, late, NULL, NULL), 0);
	assert_int_equal(lt_dossier_add(f->cat, id, early, NULL, NULL), 0);
	assert_int_equal(lt_dossier_transition(f->cat, id, LT_DOSSIER_CLOSED, "lan", NULL, &err),
	                 0);
	assert_int_equal(lt_dossier_load(&d, f->cat, id, NULL), 0);
	assert_int_equal(d->status, LT_DOSSIER_CLOSED);
	assert_int_equal(d->doc_total, 2);
	assert_int_equal(d->page_total, 5);
	assert_string_equal(d->start_date, "2024-01-15");
	assert_string_equal(d->end_date, "2024-09-30");
	assert_string_equal(d->language, "01");
	assert_string_equal(d->mode, "01");
	assert_non_null(d->closed_at);
	lt_dossier_free(d);
}

static void test_close_refuses_undated(void **state)
{
	fixture *f = *state;
	int64_t id = open_dossier(f, "02.TCCB");
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(lt_dossier_add(f->cat, id, record(f, "2024-01-15", 1), NULL, NULL), 0);
	assert_int_equal(lt_dossier_add(f->cat, id, record(f, NULL, 1), NULL, NULL), 0);
	assert_int_equal(lt_dossier_transition(f->cat, id, LT_DOSSIER_CLOSED, "lan", NULL, &err),
	                 LT_ESTATE);
	assert_non_null(strstr(err.message, "issuedDate"));
	assert_int_equal(scalar(f->cat,
	                        "SELECT count(*) FROM dossiers WHERE status = 'open' AND "
	                        "end_date IS NULL AND id = %lld",
	                        id),
	                 1);
	assert_int_equal(
	    lt_catalog_exec(f->cat, "UPDATE main.records SET issued_date = '2024-02-01'", NULL), 0);
	assert_int_equal(lt_dossier_set(f->cat, id, "keeper", "", NULL, &err), 0);
	assert_int_equal(lt_dossier_transition(f->cat, id, LT_DOSSIER_CLOSED, "lan", NULL, &err),
	                 LT_ESTATE);
	assert_non_null(strstr(err.message, "người lập"));
	assert_int_equal(lt_dossier_set(f->cat, id, "keeper", "Phòng TCCB", NULL, &err), 0);
	assert_int_equal(lt_dossier_set(f->cat, id, "language", "Klingon", NULL, &err), LT_EINVAL);
	assert_int_equal(lt_dossier_set(f->cat, id, "status", "closed", NULL, &err), LT_EINVAL);
	assert_int_equal(lt_dossier_transition(f->cat, id, LT_DOSSIER_CLOSED, "lan", NULL, &err),
	                 0);
}

static void test_closed_is_read_only(void **state)
{
	fixture *f = *state;
	int64_t id = open_dossier(f, "01.TCCB");
	int64_t a = record(f, "2024-03-01", 1), b = record(f, "2024-03-02", 1);
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(lt_dossier_add(f->cat, id, a, NULL, NULL), 0);
	assert_int_equal(lt_dossier_transition(f->cat, id, LT_DOSSIER_CLOSED, "lan", NULL, NULL),
	                 0);
	assert_int_equal(lt_dossier_add(f->cat, id, b, NULL, &err), LT_ESTATE);
	assert_non_null(strstr(err.message, "Đ29.4"));
	assert_int_equal(lt_dossier_remove(f->cat, id, a, NULL, &err), LT_ESTATE);
	assert_int_equal(lt_dossier_set(f->cat, id, "title", "Khác", NULL, &err), LT_ESTATE);
	assert_int_equal(
	    scalar(f->cat, "SELECT count(*) FROM dossier_records WHERE dossier_id = %lld", id), 1);
}

static void test_reopen_audited(void **state)
{
	fixture *f = *state;
	int64_t id = open_dossier(f, "01.TCCB");
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(lt_catalog_exec(f->cat,
	                                 "INSERT INTO users(login, role) VALUES ('an', 'officer'), "
	                                 "('lan', 'archivist')",
	                                 NULL),
	                 0);
	assert_int_equal(lt_dossier_add(f->cat, id, record(f, "2024-03-01", 1), NULL, NULL), 0);
	assert_int_equal(lt_dossier_transition(f->cat, id, LT_DOSSIER_CLOSED, "lan", NULL, NULL),
	                 0);
	assert_int_equal(lt_dossier_transition(f->cat, id, LT_DOSSIER_OPEN, "lan", "", &err),
	                 LT_EINVAL);
	assert_int_equal(lt_dossier_transition(f->cat, id, LT_DOSSIER_OPEN, "an", "cần sửa", &err),
	                 LT_EDENIED);
	assert_int_equal(
	    lt_dossier_transition(f->cat, id, LT_DOSSIER_OPEN, "lan", "bổ sung văn bản", &err), 0);
	assert_int_equal(
	    scalar(f->cat,
	           "SELECT count(*) FROM audit_log WHERE action = 'dossier.reopen' AND "
	           "who = 'lan' AND detail = 'bổ sung văn bản' AND %lld",
	           1),
	    1);
	assert_int_equal(
	    scalar(f->cat,
	           "SELECT count(*) FROM dossier_events WHERE from_status = 'closed' AND "
	           "to_status = 'open' AND reason = 'bổ sung văn bản' AND dossier_id = "
	           "%lld",
	           id),
	    1);
	assert_int_equal(lt_dossier_add(f->cat, id, record(f, "2024-03-05", 1), NULL, NULL), 0);
}

static void test_ordinals_follow_dates(void **state)
{
	fixture *f = *state;
	int64_t d1 = open_dossier(f, "01.TCCB"), d2 = open_dossier(f, "02.TCCB");
	int64_t c = record(f, "2024-05-01", 1), a = record(f, "2024-01-01", 1),
	        b = record(f, "2024-03-01", 1);
	lt_buf out = LT_BUF_INIT;
	char *s;

	assert_int_equal(lt_dossier_add(f->cat, d1, c, NULL, NULL), 0);
	assert_int_equal(lt_dossier_add(f->cat, d1, a, NULL, NULL), 0);
	assert_int_equal(lt_dossier_add(f->cat, d1, b, NULL, NULL), 0);
	s = text(f->cat,
	         "SELECT group_concat(record_id || ':' || ordinal) FROM (SELECT * FROM "
	         "dossier_records WHERE dossier_id = %lld ORDER BY ordinal)",
	         d1);
	assert_string_equal(s, "2:1,3:2,1:3");
	free(s);
	assert_int_equal(lt_dossier_add(f->cat, d1, a, NULL, NULL), LT_EEXISTS);
	/* one record in two dossiers; its own fields name the first */
	assert_int_equal(lt_dossier_add(f->cat, d2, b, NULL, NULL), 0);
	s = text(f->cat, "SELECT file_code || '#' || doc_ordinal FROM records WHERE id = %lld", b);
	assert_string_equal(s, "000.00.00.G09.2024.01.TCCB#2");
	free(s);
	assert_int_equal(lt_dossier_remove(f->cat, d1, a, NULL, NULL), 0);
	s = text(f->cat,
	         "SELECT group_concat(record_id || ':' || ordinal) FROM (SELECT * FROM "
	         "dossier_records WHERE dossier_id = %lld ORDER BY ordinal)",
	         d1);
	assert_string_equal(s, "3:1,1:2");
	free(s);
	assert_int_equal(scalar(f->cat,
	                        "SELECT count(*) FROM records WHERE file_code IS NULL AND "
	                        "id = %lld",
	                        a),
	                 1);
	assert_int_equal(lt_dossier_remove(f->cat, d1, b, NULL, NULL), 0);
	s = text(f->cat, "SELECT file_code || '#' || doc_ordinal FROM records WHERE id = %lld", b);
	assert_string_equal(s, "000.00.00.G09.2024.02.TCCB#1");
	free(s);
	assert_int_equal(scalar(f->cat, "SELECT doc_total FROM dossiers WHERE id = %lld", d1), 1);
	assert_int_equal(lt_dossier_remove(f->cat, d1, a, NULL, NULL), LT_ENOTFOUND);
	assert_int_equal(lt_dossier_toc(&out, f->cat, d1, "csv", NULL), 0);
	assert_non_null(strstr(out.data, "STT,\"Số, ký hiệu văn bản\",Ngày tháng văn bản"));
	assert_non_null(
	    strstr(out.data, "\r\n1,QĐ-SNV,01/05/2024,Quyết định Về việc thử,Sở Nội vụ,1,"));
	lt_buf_free(&out);
}

/* retention/ moves dossiers inside its own transaction: the transition
 * joins it, and a refusal inside leaves the caller's transaction usable. */
static void test_transition_joins_caller_transaction(void **state)
{
	fixture *f = *state;
	int64_t id = open_dossier(f, "01.TCCB");
	lt_error err = LT_ERROR_INIT;
	char *s;

	assert_int_equal(lt_dossier_add(f->cat, id, record(f, "2024-03-01", 1), NULL, NULL), 0);
	assert_int_equal(lt_catalog_begin(f->cat, NULL), 0);
	assert_int_equal(lt_dossier_transition(f->cat, id, LT_DOSSIER_ARCHIVED, "lan", NULL, &err),
	                 LT_ESTATE);
	assert_int_equal(lt_dossier_transition(f->cat, id, LT_DOSSIER_CLOSED, "lan", NULL, &err),
	                 0);
	lt_catalog_rollback(f->cat);
	s = text(f->cat, "SELECT status FROM dossiers WHERE id = %lld", id);
	assert_string_equal(s, "open"); /* rolled back with the caller */
	free(s);
	assert_int_equal(lt_catalog_begin(f->cat, NULL), 0);
	assert_int_equal(lt_dossier_transition(f->cat, id, LT_DOSSIER_CLOSED, "lan", NULL, &err),
	                 0);
	assert_int_equal(lt_catalog_commit(f->cat, NULL), 0);
	s = text(f->cat, "SELECT status FROM dossiers WHERE id = %lld", id);
	assert_string_equal(s, "closed");
	free(s);
}

/* Issue 18.4: every TT 05/2025 field is settable and validated, all or
 * nothing. */
static void test_set_fields(void **state)
{
	fixture *f = *state;
	int64_t id = open_dossier(f, "02.TCCB");
	lt_error err = LT_ERROR_INIT;
	lt_dossier *d = NULL;
	const lt_dossier_set_kv good[] = {{"riskRecovery", "có"},
	                                  {"riskRecoveryStatus", "01"},
	                                  {"confidenceLevel", "Số hóa"},
	                                  {"paperFileCode", "G09.2024.02.TCCB-G"},
	                                  {"format", "02"},
	                                  {"numberOfPaper", "45"},
	                                  {"creator", "Trần Thị Lan"},
	                                  {"inforSign", "TC-01"},
	                                  {"mode", "Công khai"},
	                                  {"keyword", "tuyển dụng"},
	                                  {"description", "Hồ sơ giấy số hóa năm 2025"},
	                                  {"retention", "5 năm sau khi chấm dứt hợp đồng"}};
	const lt_dossier_set_kv bad[] = {{"format", "04"}, {"title", "Không được ghi"}};
	const lt_dossier_set_kv badnum[] = {{"numberOfPaper", "-3"}};
	const lt_dossier_set_kv badret[] = {{"retention", "abc"}};
	const lt_dossier_set_kv unknown[] = {{"colour", "đỏ"}};

	if (lt_dossier_set_fields(f->cat, id, good, sizeof(good) / sizeof(good[0]), "lan", &err))
		fail_msg("%s", err.message);
	assert_int_equal(lt_dossier_load(&d, f->cat, id, NULL), 0);
	assert_string_equal(lt_dossier_value(d, "riskRecovery"), "1");
	assert_string_equal(lt_dossier_value(d, "confidenceLevel"), "02");
	assert_string_equal(lt_dossier_value(d, "format"), "02");
	assert_string_equal(lt_dossier_value(d, "numberOfPaper"), "45");
	assert_string_equal(lt_dossier_value(d, "mode"), "01");
	assert_string_equal(d->maintenance, "07");
	assert_int_equal(d->retention_years, 5);
	assert_string_equal(d->retention_event, "chấm dứt hợp đồng");
	lt_dossier_free(d);
	/* one bad value among good ones changes nothing */
	assert_int_equal(lt_dossier_set_fields(f->cat, id, bad, 2, "lan", &err), LT_EINVAL);
	assert_int_equal(
	    scalar(f->cat, "SELECT count(*) FROM dossiers WHERE title = 'Không được ghi' AND %lld",
	           1),
	    0);
	assert_int_equal(lt_dossier_set_fields(f->cat, id, badnum, 1, "lan", NULL), LT_EINVAL);
	err.code = 0;
	assert_int_equal(lt_dossier_set_fields(f->cat, id, badret, 1, "lan", &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "Đến khi"));
	err.code = 0;
	assert_int_equal(lt_dossier_set_fields(f->cat, id, unknown, 1, "lan", &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "riskRecovery")); /* lists the fields */
	assert_int_equal(scalar(f->cat,
	                        "SELECT count(*) FROM audit_log WHERE action = 'dossier.set'"
	                        " AND %lld",
	                        1),
	                 (long long)(sizeof(good) / sizeof(good[0])) + 1);
}

/* Issue 18.4: closing checks the records' required fields and the
 * dossier's (riskRecovery, rule 37's conditions); a closed dossier's
 * records are read-only. */
static void test_close_checks_records_and_fields(void **state)
{
	fixture *f = *state;
	int64_t id = open_dossier(f, "02.TCCB");
	int64_t a = record(f, "2024-02-01", 1), b = record(f, "2024-02-02", 1);
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(lt_dossier_add(f->cat, id, a, NULL, NULL), 0);
	assert_int_equal(lt_dossier_add(f->cat, id, b, NULL, NULL), 0);
	assert_int_equal(lt_catalog_exec(f->cat,
	                                 "UPDATE main.records SET type_name = NULL, subject = ''"
	                                 " WHERE id = 2",
	                                 NULL),
	                 0);
	assert_int_equal(lt_dossier_transition(f->cat, id, LT_DOSSIER_CLOSED, "lan", NULL, &err),
	                 LT_ESTATE);
	assert_non_null(strstr(err.message, "typeName, subject"));
	assert_int_equal(lt_catalog_exec(f->cat,
	                                 "UPDATE main.records SET type_name = '22', subject = "
	                                 "'Về việc' WHERE id = 2",
	                                 NULL),
	                 0);
	/* rule 37: a digitised dossier names its paper original */
	assert_int_equal(lt_dossier_set(f->cat, id, "confidenceLevel", "02", "lan", NULL), 0);
	err.code = 0;
	assert_int_equal(lt_dossier_transition(f->cat, id, LT_DOSSIER_CLOSED, "lan", NULL, &err),
	                 LT_ESTATE);
	assert_non_null(strstr(err.message, "paperFileCode"));
	assert_int_equal(lt_dossier_set(f->cat, id, "paperFileCode", "HS-GIAY-02", "lan", NULL), 0);
	assert_int_equal(lt_dossier_set(f->cat, id, "riskRecovery", "1", "lan", NULL), 0);
	assert_int_equal(lt_dossier_transition(f->cat, id, LT_DOSSIER_CLOSED, "lan", NULL, NULL),
	                 LT_ESTATE); /* riskRecoveryStatus missing */
	assert_int_equal(lt_dossier_set(f->cat, id, "riskRecoveryStatus", "02", "lan", NULL), 0);
	assert_int_equal(lt_dossier_transition(f->cat, id, LT_DOSSIER_CLOSED, "lan", NULL, &err),
	                 0);
	/* closed: its records are read-only */
	err.code = 0;
	assert_int_equal(
	    lt_record_update_field(f->cat, a, "subject", "sửa sau khi đóng", "lan", &err),
	    LT_ESTATE);
	assert_non_null(strstr(err.message, "Đ29.4"));
}

/* Issue 18.5: a deposit keeps its real date, checked against the work. */
static void test_archive_date(void **state)
{
	fixture *f = *state;
	int64_t id = open_dossier(f, "02.TCCB");
	lt_error err = LT_ERROR_INIT;
	char *s;

	assert_int_equal(lt_dossier_add(f->cat, id, record(f, "2024-02-01", 1), NULL, NULL), 0);
	assert_int_equal(lt_dossier_transition(f->cat, id, LT_DOSSIER_CLOSED, "lan", NULL, NULL),
	                 0);
	assert_int_equal(lt_dossier_transition_at(f->cat, id, LT_DOSSIER_ARCHIVED, "lan", NULL,
	                                          "2024-01-15", &err),
	                 LT_EINVAL); /* before the work ended */
	assert_int_equal(lt_dossier_transition_at(f->cat, id, LT_DOSSIER_ARCHIVED, "lan", NULL,
	                                          "2999-01-01", NULL),
	                 LT_EINVAL); /* in the future */
	assert_int_equal(lt_dossier_transition_at(f->cat, id, LT_DOSSIER_ARCHIVED, "lan", NULL,
	                                          "15/03/2025", NULL),
	                 0);
	s = text(f->cat, "SELECT archived_at FROM dossiers WHERE id = %lld", id);
	assert_string_equal(s, "2025-03-15T00:00:00Z");
	free(s);
}

/* Issue 18.8: a TTHC dossier with components and a result on paper, and its
 * QĐ 766 flags. */
static void test_tthc(void **state)
{
	fixture *f = *state;
	int64_t id = 0, c = record(f, "2024-05-02", 2), r = record(f, "2024-05-20", 1);
	int64_t plain = open_dossier(f, "01.TCCB");
	lt_tthc_flags t;
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(lt_dossier_open_tthc(&id, f->cat, "bad code", "1.001", "2024-05-02", 1,
	                                      NULL, NULL, "lan", NULL),
	                 LT_EINVAL);
	if (lt_dossier_open_tthc(&id, f->cat, "000.17.H26-240502-0001", "1.004227", "02/05/2024", 1,
	                         NULL, "5 năm", "lan", &err))
		fail_msg("%s", err.message);
	assert_int_equal(lt_dossier_add_role(f->cat, id, c, "component", "lan", NULL), 0);
	assert_int_equal(lt_dossier_add_role(f->cat, id, r, "result", "lan", NULL), 0);
	assert_int_equal(lt_dossier_add_role(f->cat, plain, c, "component", "lan", NULL),
	                 LT_EINVAL); /* not a TTHC dossier */
	assert_int_equal(lt_dossier_add_role(f->cat, id, c, "appendix", "lan", NULL), LT_EINVAL);
	assert_int_equal(lt_dossier_tthc(&t, f->cat, id, NULL), 0);
	assert_int_equal(t.components, 1);
	assert_int_equal(t.results, 1);
	assert_int_equal(t.component_filed, 0);
	assert_int_equal(t.digitised, 0);
	assert_int_equal(
	    lt_catalog_exec(
	        f->cat,
	        "INSERT INTO blobs (sha256, size, media_type) VALUES (printf('%064d', 1), "
	        "1, 'application/pdf'); INSERT INTO main.record_files (record_id, sha256,"
	        " role, media_type, size) VALUES (1, printf('%064d', 1), 'original',"
	        " 'application/pdf', 1)",
	        NULL),
	    0);
	assert_int_equal(lt_dossier_tthc(&t, f->cat, id, NULL), 0);
	assert_int_equal(t.component_filed, 1);
	assert_int_equal(t.digitised, 0); /* the paper result has no file */
	assert_int_equal(lt_catalog_exec(f->cat,
	                                 "INSERT INTO main.record_files (record_id, sha256, role,"
	                                 " media_type, size) VALUES (2, printf('%064d', 1),"
	                                 " 'original', 'application/pdf', 1)",
	                                 NULL),
	                 0);
	assert_int_equal(lt_dossier_tthc(&t, f->cat, id, NULL), 0);
	assert_int_equal(t.digitised, 1);
	assert_int_equal(
	    scalar(f->cat,
	           "SELECT count(*) FROM dossiers WHERE id = %lld AND kind = 'tthc' AND"
	           " file_code = '000.00.00.G09.2024.000.17.H26-240502-0001' AND"
	           " received_date = '2024-05-02' AND result_on_paper = 1",
	           id),
	    1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_open_needs_organ_id, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_state_machine, setup_organ, teardown),
	    cmocka_unit_test_setup_teardown(test_close_computes_totals, setup_organ, teardown),
	    cmocka_unit_test_setup_teardown(test_close_refuses_undated, setup_organ, teardown),
	    cmocka_unit_test_setup_teardown(test_closed_is_read_only, setup_organ, teardown),
	    cmocka_unit_test_setup_teardown(test_reopen_audited, setup_organ, teardown),
	    cmocka_unit_test_setup_teardown(test_ordinals_follow_dates, setup_organ, teardown),
	    cmocka_unit_test_setup_teardown(test_set_fields, setup_organ, teardown),
	    cmocka_unit_test_setup_teardown(test_close_checks_records_and_fields, setup_organ,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_archive_date, setup_organ, teardown),
	    cmocka_unit_test_setup_teardown(test_tthc, setup_organ, teardown),
	    cmocka_unit_test_setup_teardown(test_transition_joins_caller_transaction, setup_organ,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
