/* tests/unit/test_register.c — archive/register: numbering per (register,
 * year), restart on 1 January, two connections never duplicating, secret
 * series separation, voiding, duplicates, the printed register. */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/archive.h"
#include "archive/register.h"
#include "core/buf.h"
#include "core/fs.h"

typedef struct fixture {
	char *dir;
	lt_archive *ar;
	lt_catalog *cat;
	int n;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	lt_test_archive_open(&f->dir, &f->ar, &f->cat);
	/* Secret records in the fixture: a deployment declared isolated (rule 43). */
	lt_catalog_set_isolated(f->cat, 1);
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

/* A record row (the register only reads the catalog). */
static int64_t record(fixture *f, const char *kind, int secrecy, const char *num,
                      const char *notation, const char *organ)
{
	sqlite3_stmt *st = NULL;
	char uid[32];

	snprintf(uid, sizeof(uid), "uid-%d", ++f->n);
	assert_int_equal(
	    sqlite3_prepare_v2(lt_catalog_db(f->cat),
	                       "INSERT INTO main.records(uid, kind, secrecy, code_number, "
	                       "code_notation, organ_name, subject) VALUES (?,?,?,?,?,?,"
	                       "'Về việc thử')",
	                       -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, uid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, secrecy);
	sqlite3_bind_text(st, 4, num, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, notation, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, organ, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	return sqlite3_last_insert_rowid(lt_catalog_db(f->cat));
}

static char *text(lt_catalog *cat, const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;

	assert_int_equal(sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static void test_defaults_and_create(void **state)
{
	fixture *f = *state;
	lt_register_list *l = NULL;
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(lt_register_list_all(&l, f->cat, NULL), 0);
	assert_int_equal(l->n, 4);
	lt_register_list_free(l);
	assert_int_equal(lt_register_create(f->cat, "DI", "x", 1, 0, &err), LT_EEXISTS);
	assert_int_equal(lt_register_create(f->cat, "di thường", "x", 1, 0, &err), LT_EINVAL);
	assert_int_equal(lt_register_create(f->cat, "QD", "Sổ quyết định", 1, 0, &err), 0);
	assert_int_equal(lt_register_list_all(&l, f->cat, NULL), 0);
	assert_int_equal(l->n, 5);
	lt_register_list_free(l);
}

static void test_numbers_restart_each_year(void **state)
{
	fixture *f = *state;
	int64_t a = record(f, "outgoing", 0, NULL, "QĐ-UBND", NULL);
	int64_t b = record(f, "outgoing", 0, NULL, "CV-UBND", NULL);
	int64_t c = record(f, "outgoing", 0, NULL, "TB-UBND", NULL);
	int64_t d = record(f, "incoming", 0, "15", "UBND", "UBND xã");
	int64_t n;
	char *s;

	assert_int_equal(lt_register_assign(&n, f->cat, "DI", a, "2024-12-30", "lan", NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(lt_register_assign(&n, f->cat, "DI", b, "31/12/2024", "lan", NULL), 0);
	assert_int_equal(n, 2);
	assert_int_equal(lt_register_assign(&n, f->cat, "DI", c, "2025-01-01", "lan", NULL), 0);
	assert_int_equal(n, 1);
	s = text(f->cat, "SELECT code_number FROM records WHERE id = 1");
	assert_string_equal(s, "01");
	free(s);
	/* incoming → arrivalNumber and arrivalDate */
	assert_int_equal(lt_register_assign(&n, f->cat, "DEN", d, "2024-05-02", NULL, NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT arrival_number FROM records WHERE id = 4"),
	                 1);
	s = text(f->cat, "SELECT arrival_date FROM records WHERE id = 4");
	assert_string_equal(s, "2024-05-02");
	free(s);
	/* every numbering queued the record for the index */
	assert_true(
	    lt_test_scalar(f->cat, "SELECT count(*) FROM index_outbox WHERE record_id = 3") >= 1);
	/* a second number for the same record is refused */
	assert_int_equal(lt_register_assign(&n, f->cat, "DI", a, "2024-12-31", NULL, NULL),
	                 LT_EEXISTS);
	assert_int_equal(lt_register_assign(&n, f->cat, "DI", a, "2024-02-30", NULL, NULL),
	                 LT_EINVAL);
	assert_int_equal(lt_register_assign(&n, f->cat, "NOPE", a, NULL, NULL, NULL), LT_ENOTFOUND);
	/* rule 2: a date before the last number's date would break date order */
	{
		int64_t e = record(f, "outgoing", 0, NULL, "KH-UBND", NULL);
		lt_error err = LT_ERROR_INIT;
		assert_int_equal(lt_register_assign(&n, f->cat, "DI", e, "2024-06-01", NULL, &err),
		                 LT_EINVAL);
		assert_non_null(strstr(err.message, "Đ15.1"));
	}
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM register_entries"), 4);
}

static void test_two_connections_never_duplicate(void **state)
{
	fixture *f = *state;
	lt_catalog *other = NULL;
	int64_t ids[40], n;

	assert_int_equal(lt_catalog_open(&other, lt_catalog_path(f->cat), 0, NULL), 0);
	for (int i = 0; i < 40; i++)
		ids[i] = record(f, "outgoing", 0, NULL, NULL, NULL);
	for (int i = 0; i < 40; i++) {
		lt_error err = LT_ERROR_INIT;
		int rc = lt_register_assign(&n, i % 2 ? other : f->cat, "DI", ids[i], "2024-03-01",
		                            NULL, &err);
		if (rc)
			fail_msg("assign %d: %s", i, err.message);
		assert_int_equal(n, i + 1);
	}
	lt_catalog_free(other);
	assert_int_equal(
	    lt_test_scalar(f->cat, "SELECT count(DISTINCT number) FROM register_entries"), 40);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT max(number) FROM register_entries"), 40);
}

static void test_secret_series_separate(void **state)
{
	fixture *f = *state;
	int64_t secret = record(f, "outgoing", 1, NULL, NULL, NULL);
	int64_t plain = record(f, "outgoing", 0, NULL, NULL, NULL);
	lt_error err = LT_ERROR_INIT;
	int64_t n;

	assert_int_equal(lt_register_assign(&n, f->cat, "DI", secret, "2024-01-05", NULL, &err),
	                 LT_EDENIED);
	assert_non_null(strstr(err.message, "Đ15.2"));
	assert_int_equal(lt_register_assign(&n, f->cat, "DI-MAT", plain, "2024-01-05", NULL, &err),
	                 LT_EDENIED);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM register_entries"), 0);
	assert_int_equal(lt_register_assign(&n, f->cat, "DI-MAT", secret, "2024-01-05", NULL, NULL),
	                 0);
	assert_int_equal(n, 1);
	assert_int_equal(lt_register_assign(&n, f->cat, "DI", plain, "2024-01-05", NULL, NULL), 0);
	assert_int_equal(n, 1); /* its own series */
}

static void test_void_keeps_gap(void **state)
{
	fixture *f = *state;
	int64_t a = record(f, "outgoing", 0, NULL, NULL, NULL);
	int64_t b = record(f, "outgoing", 0, NULL, NULL, NULL);
	lt_error err = LT_ERROR_INIT;
	int64_t n;

	assert_int_equal(lt_register_assign(&n, f->cat, "DI", a, "2024-04-01", NULL, NULL), 0);
	assert_int_equal(lt_register_void(f->cat, "DI", 2024, 1, "", NULL, &err), LT_EINVAL);
	assert_int_equal(lt_register_void(f->cat, "DI", 2024, 7, "x", NULL, &err), LT_ENOTFOUND);
	assert_int_equal(lt_register_void(f->cat, "DI", 2024, 1, "cấp nhầm", "lan", &err), 0);
	assert_int_equal(lt_register_void(f->cat, "DI", 2024, 1, "again", "lan", &err), LT_ESTATE);
	assert_int_equal(lt_test_scalar(f->cat,
	                                "SELECT count(*) FROM records WHERE code_number IS NULL "
	                                "AND id = 1"),
	                 1);
	/* never reused */
	assert_int_equal(lt_register_assign(&n, f->cat, "DI", b, "2024-04-02", NULL, NULL), 0);
	assert_int_equal(n, 2);
	assert_int_equal(lt_test_scalar(f->cat,
	                                "SELECT count(*) FROM register_entries WHERE void_reason = "
	                                "'cấp nhầm'"),
	                 1);
	/* the record may be numbered again after its number was voided */
	assert_int_equal(lt_register_assign(&n, f->cat, "DI", a, "2024-04-02", NULL, NULL), 0);
	assert_int_equal(n, 3);
	/* The record's history shows each number given and taken: 01, 01 → none,
	 * then 03 (who: "system" when nobody is named, else the user). */
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM record_history"
	                                        " WHERE record_id = 1 AND field = 'codeNumber'"),
	                 3);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM record_history"
	                                        " WHERE record_id = 1 AND old_value IS NULL"
	                                        " AND new_value = '01' AND who = 'system'"),
	                 1);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM record_history"
	                                        " WHERE record_id = 1 AND old_value = '01'"
	                                        " AND new_value IS NULL AND who = 'lan'"),
	                 1);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM record_history"
	                                        " WHERE record_id = 1 AND new_value = '03'"),
	                 1);
}

/* An incoming number and the arrival date it sets are in the history too. */
static void test_incoming_history(void **state)
{
	fixture *f = *state;
	int64_t a = record(f, "incoming", 0, NULL, NULL, NULL);
	int64_t n;

	assert_int_equal(lt_register_assign(&n, f->cat, "DEN", a, "2024-05-06", "vanthu", NULL), 0);
	assert_int_equal(lt_test_scalar(f->cat,
	                                "SELECT count(*) FROM record_history"
	                                " WHERE field = 'arrivalNumber' AND old_value IS NULL"
	                                " AND new_value = '1' AND who = 'vanthu'"),
	                 1);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM record_history"
	                                        " WHERE field = 'arrivalDate'"
	                                        " AND new_value = '2024-05-06'"),
	                 1);
	assert_int_equal(lt_register_void(f->cat, "DEN", 2024, 1, "nhầm", "vanthu", NULL), 0);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM record_history"
	                                        " WHERE field = 'arrivalNumber' AND old_value = '1'"
	                                        " AND new_value IS NULL"),
	                 1);
}

/* Issue 18.1: a register's direction and its records'. An incoming letter
 * (the sender's number 15, notation VP-HC) cannot take an outgoing number;
 * in the incoming register it gets an arrival number of its own and keeps
 * the sender's number and notation, through a void too. An outgoing record
 * cannot take an arrival number. A record whose direction was never given
 * takes the register's, unless it already carries a number an outgoing
 * register would overwrite. */
static void test_direction(void **state)
{
	fixture *f = *state;
	int64_t in = record(f, "incoming", 0, "15", "VP-HC", "UBND xã Tân Lập");
	int64_t out = record(f, "outgoing", 0, NULL, "QĐ-UBND", NULL);
	int64_t bare = record(f, "scanned", 0, NULL, "TB-UBND", NULL);
	int64_t numbered = record(f, "scanned", 0, "07", "BC-UBND", "UBND xã Tân Lập");
	lt_error err = LT_ERROR_INIT;
	int64_t n;
	char *s;

	assert_int_equal(lt_register_assign(&n, f->cat, "DI", in, "2025-01-10", "lan", &err),
	                 LT_EDENIED);
	assert_non_null(strstr(err.message, "sổ văn bản đến"));
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM register_entries"), 0);
	assert_int_equal(lt_register_assign(&n, f->cat, "DEN", in, "2025-01-10", "lan", NULL), 0);
	s = text(f->cat, "SELECT code_number || '/' || code_notation || ' ' || arrival_number"
	                 " FROM records WHERE id = 1");
	assert_string_equal(s, "15/VP-HC 1");
	free(s);
	assert_int_equal(lt_register_void(f->cat, "DEN", 2025, 1, "vào sổ nhầm", "lan", NULL), 0);
	s = text(f->cat, "SELECT code_number || '/' || code_notation || ' '"
	                 " || coalesce(arrival_number, '-') FROM records WHERE id = 1");
	assert_string_equal(s, "15/VP-HC -");
	free(s);

	err.code = 0;
	assert_int_equal(lt_register_assign(&n, f->cat, "DEN", out, "2025-01-10", "lan", &err),
	                 LT_EDENIED);
	assert_non_null(strstr(err.message, "sổ văn bản đi"));

	/* no direction given: the register settles it, in the history */
	assert_int_equal(lt_register_assign(&n, f->cat, "DI", bare, "2025-01-11", "lan", NULL), 0);
	s = text(f->cat, "SELECT kind || ' ' || code_number || ' ' || issued_date FROM records"
	                 " WHERE id = 3");
	assert_string_equal(s, "outgoing 01 2025-01-11");
	free(s);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM record_history WHERE"
	                                        " record_id = 3 AND field = 'kind'"
	                                        " AND new_value = 'outgoing'"),
	                 1);
	/* ... but an outgoing register never overwrites a number it did not give */
	err.code = 0;
	assert_int_equal(lt_register_assign(&n, f->cat, "DI", numbered, "2025-01-12", "lan", &err),
	                 LT_EDENIED);
	s = text(f->cat, "SELECT code_number FROM records WHERE id = 4");
	assert_string_equal(s, "07");
	free(s);
	assert_int_equal(lt_register_assign(&n, f->cat, "DEN", numbered, "2025-01-12", "lan", NULL),
	                 0);
	s = text(f->cat, "SELECT kind || ' ' || code_number FROM records WHERE id = 4");
	assert_string_equal(s, "incoming 07");
	free(s);
}

/* A record filed in a closed dossier is read-only: no number given or
 * taken away (NĐ 30 Đ29.4). */
static void test_closed_dossier_read_only(void **state)
{
	fixture *f = *state;
	int64_t a = record(f, "outgoing", 0, NULL, "QĐ-UBND", NULL);
	int64_t b = record(f, "outgoing", 0, NULL, "QĐ-UBND", NULL);
	lt_error err = LT_ERROR_INIT;
	int64_t n;

	assert_int_equal(lt_register_assign(&n, f->cat, "DI", a, "2025-01-10", "lan", NULL), 0);
	assert_int_equal(
	    sqlite3_exec(lt_catalog_db(f->cat),
	                 "INSERT INTO main.dossiers (id, uid, organ_id, year, notation, file_code,"
	                 " title, status) VALUES (1, 'd1', 'G09', 2025, '01.TH', 'G09.2025.01.TH',"
	                 " 'Hồ sơ', 'closed');"
	                 "INSERT INTO main.dossier_records (dossier_id, record_id, ordinal)"
	                 " VALUES (1, 1, 1), (1, 2, 2);",
	                 NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(lt_register_assign(&n, f->cat, "DI", b, "2025-01-11", "lan", &err),
	                 LT_ESTATE);
	assert_non_null(strstr(err.message, "Đ29.4"));
	assert_int_equal(lt_register_void(f->cat, "DI", 2025, 1, "nhầm", "lan", NULL), LT_ESTATE);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM register_entries"
	                                        " WHERE void_reason IS NOT NULL"),
	                 0);
}

static void test_duplicates(void **state)
{
	fixture *f = *state;
	int64_t a = record(f, "incoming", 0, "15", "UBND-VP", "UBND xã Tân Lập");
	int64_t b = record(f, "incoming", 0, "15", "UBND-VP", "UBND xã Tân Lập");
	lt_error err = LT_ERROR_INIT;
	lt_buf out = LT_BUF_INIT;
	size_t groups;
	int64_t n;

	assert_int_equal(lt_register_duplicates(&out, &groups, f->cat, NULL), 0);
	assert_int_equal(groups, 1);
	assert_non_null(strstr(out.data, "number\t15 | UBND-VP | UBND xã Tân Lập\t1,2"));
	lt_buf_free(&out);
	assert_int_equal(lt_register_assign(&n, f->cat, "DEN", a, "2024-01-02", NULL, NULL), 0);
	assert_int_equal(lt_register_assign(&n, f->cat, "DEN", b, "2024-01-02", NULL, &err),
	                 LT_EEXISTS);
	assert_non_null(strstr(err.message, "1"));
	assert_int_equal(lt_test_scalar(f->cat, "SELECT last_number FROM register_counters"), 1);
}

static void test_print(void **state)
{
	fixture *f = *state;
	int64_t a = record(f, "outgoing", 0, NULL, "QĐ-UBND", NULL);
	int64_t b = record(f, "incoming", 0, "7", "CV, \"khẩn\"", "Bộ Nội vụ");
	lt_buf out = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;
	int64_t n;

	assert_int_equal(lt_register_assign(&n, f->cat, "DI", a, "2024-04-01", NULL, NULL), 0);
	assert_int_equal(lt_register_assign(&n, f->cat, "DEN", b, "2024-04-01", NULL, NULL), 0);
	assert_int_equal(lt_register_print(&out, f->cat, "DI", 2024, "csv", NULL), 0);
	assert_memory_equal(out.data, "\xEF\xBB\xBF", 3);
	assert_non_null(strstr(out.data, "\"Số, ký hiệu văn bản\",Ngày tháng văn bản,"));
	assert_non_null(strstr(out.data, "\r\n01/QĐ-UBND,"));
	lt_buf_reset(&out);
	assert_int_equal(lt_register_print(&out, f->cat, "DEN", 2024, "csv", NULL), 0);
	assert_non_null(strstr(out.data, "Ngày đến,Số đến,Tác giả,\"Số, ký hiệu\",Ngày tháng"));
	assert_non_null(strstr(out.data, "\"7/CV, \"\"khẩn\"\"\""));
	lt_buf_reset(&out);
	assert_int_equal(lt_register_print(&out, f->cat, "DEN", 2024, "html", NULL), 0);
	assert_non_null(strstr(out.data, "<h1>SỔ ĐĂNG KÝ VĂN BẢN ĐẾN</h1>"));
	assert_non_null(strstr(out.data, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
	assert_non_null(strstr(out.data, "Độc lập - Tự do - Hạnh phúc"));
	assert_non_null(strstr(out.data, "@media print"));
	assert_non_null(strstr(out.data, "CV, &quot;khẩn&quot;"));
	lt_buf_reset(&out);
	assert_int_equal(lt_register_print(&out, f->cat, "DEN", 2024, "pdf", &err), 0);
	assert_memory_equal(out.data, "%PDF-", 5);
	lt_buf_reset(&out);
	assert_int_equal(lt_register_print(&out, f->cat, "DEN", 2024, "docx", &err), LT_EINVAL);
	lt_buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_defaults_and_create, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_numbers_restart_each_year, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_two_connections_never_duplicate, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_secret_series_separate, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_void_keeps_gap, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_incoming_history, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_duplicates, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_print, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_direction, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_closed_dossier_read_only, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
