/* tests/unit/test_record.c — archive/record: loading and editing records. */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/ingest.h"
#include "archive/record.h"
#include "core/buf.h"
#include "core/fs.h"

typedef struct fixture {
	char *dir;
	lt_archive *ar;
	lt_catalog *cat;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	lt_test_archive_open(&f->dir, &f->ar, &f->cat);
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

static long long int1(fixture *f, const char *sql)
{
	return lt_test_scalar(f->cat, sql);
}

static lt_ingest_result add(fixture *f, const char *name, const char *doc_id, const char *subject)
{
	lt_buf p = LT_BUF_INIT;
	lt_ingest_result res;
	lt_error err = LT_ERROR_INIT;
	lt_meta_kv kv[2];
	lt_ingest_options o = LT_INGEST_OPTIONS_INIT;
	size_t n = 0;

	if (doc_id)
		kv[n++] = (lt_meta_kv){"docId", doc_id};
	if (subject)
		kv[n++] = (lt_meta_kv){"subject", subject};
	o.meta = kv;
	o.nmeta = n;
	lt_fs_join(&p, f->dir, name);
	lt_test_write_file(p.data, name, strlen(name)); /* distinct text per name */
	if (lt_ingest_file(f->ar, p.data, &o, &res, &err) != 0)
		fail_msg("ingest: %s", err.message);
	lt_buf_free(&p);
	return res;
}

static void test_load_and_display(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_ingest_result a = add(f, "cv-12.txt", "SXD-2017-12", "Về việc cấp phép xây dựng");
	lt_ingest_result b = add(f, "bao-cao.txt", NULL, NULL);
	lt_record *rec = NULL;
	int64_t n = 0;

	assert_int_equal(lt_record_count(f->cat, &n, &err), 0);
	assert_int_equal(n, 2);

	/* By uid, and by docId. */
	assert_int_equal(lt_record_load_ref(&rec, f->cat, a.uid, LT_RECORD_FILES, &err), 0);
	assert_int_equal(rec->id, a.record_id);
	assert_string_equal(lt_record_display_title(rec), "Về việc cấp phép xây dựng");
	lt_record_free(rec);
	assert_int_equal(lt_record_load_ref(&rec, f->cat, "SXD-2017-12", 0, &err), 0);
	assert_string_equal(rec->uid, a.uid);
	assert_null(rec->files);
	assert_null(rec->pages);
	lt_record_free(rec);

	/* No title or subject: the file name, else the uid. */
	assert_int_equal(lt_record_load(&rec, f->cat, b.record_id, LT_RECORD_FILES, &err), 0);
	assert_int_equal(rec->nfiles, 1);
	assert_string_equal(rec->files[0].role, "original");
	assert_string_equal(rec->files[0].name, "bao-cao.txt");
	assert_int_equal(rec->files[0].size, strlen("bao-cao.txt"));
	assert_string_equal(lt_record_display_title(rec), "bao-cao.txt");
	lt_record_free(rec);
	assert_int_equal(lt_record_load(&rec, f->cat, b.record_id, 0, &err), 0);
	assert_string_equal(lt_record_display_title(rec), b.uid);
	assert_int_equal(strlen(rec->created_at), 20);
	lt_record_free(rec);
	lt_record_free(NULL);

	assert_int_equal(lt_record_load(&rec, f->cat, 999, 0, &err), LT_ENOTFOUND);
	assert_null(rec);
	assert_int_equal(lt_record_load_ref(&rec, f->cat, "nope", 0, &err), LT_ENOTFOUND);
	assert_non_null(strstr(err.message, "nope"));
}

static void test_update_field(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_ingest_result a = add(f, "a.txt", "DOC-A", "cũ");
	lt_ingest_result b = add(f, "b.txt", "DOC-B", NULL);
	lt_record *rec = NULL;
	sqlite3_stmt *st = NULL;

	assert_int_equal(int1(f, "SELECT count(*) FROM index_outbox"), 2);
	assert_int_equal(
	    lt_record_update_field(f->cat, a.record_id, "subject", " mới ", "archivist", &err), 0);
	assert_int_equal(
	    lt_record_update_field(f->cat, a.record_id, "typeName", "quyet dinh", NULL, &err), 0);
	assert_int_equal(
	    lt_record_update_field(f->cat, a.record_id, "secrecy", "Tối mật", "admin", &err), 0);
	assert_int_equal(lt_record_load(&rec, f->cat, a.record_id, 0, &err), 0);
	assert_string_equal(lt_record_value(rec, LT_F_SUBJECT), "mới");
	assert_string_equal(lt_record_value(rec, LT_F_TYPE_NAME), "02");
	assert_int_equal(rec->secrecy, 2);
	lt_record_free(rec);

	/* History: old → new, who; one outbox row per change. */
	assert_int_equal(int1(f, "SELECT count(*) FROM record_history"), 3);
	assert_int_equal(sqlite3_prepare_v2(lt_catalog_db(f->cat),
	                                    "SELECT field, old_value, new_value, who, length(at)"
	                                    " FROM record_history ORDER BY id",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "subject");
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "cũ");
	assert_string_equal((const char *)sqlite3_column_text(st, 2), "mới");
	assert_string_equal((const char *)sqlite3_column_text(st, 3), "archivist");
	assert_int_equal(sqlite3_column_int(st, 4), 20);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_null(sqlite3_column_text(st, 1)); /* typeName was unset */
	assert_string_equal((const char *)sqlite3_column_text(st, 3), "cli");
	sqlite3_finalize(st);
	assert_int_equal(int1(f, "SELECT count(*) FROM index_outbox"), 5);

	/* The same value again: nothing written. */
	assert_int_equal(lt_record_update_field(f->cat, a.record_id, "subject", "mới", "x", &err),
	                 0);
	assert_int_equal(int1(f, "SELECT count(*) FROM record_history"), 3);

	/* Refusals change nothing. */
	assert_int_equal(lt_record_update_field(f->cat, a.record_id, "colour", "red", "x", &err),
	                 LT_EINVAL);
	assert_non_null(strstr(err.message, "colour"));
	assert_int_equal(
	    lt_record_update_field(f->cat, a.record_id, "issuedDate", "30/02/2020", "x", &err),
	    LT_EINVAL);
	assert_int_equal(lt_record_update_field(f->cat, a.record_id, "secrecy", "", "x", &err),
	                 LT_EINVAL);
	assert_int_equal(lt_record_update_field(f->cat, b.record_id, "docId", "DOC-A", "x", &err),
	                 LT_EEXISTS);
	assert_non_null(strstr(err.message, "DOC-A"));
	assert_int_equal(lt_record_update_field(f->cat, 999, "subject", "x", "x", &err),
	                 LT_ENOTFOUND);
	assert_int_equal(int1(f, "SELECT count(*) FROM record_history"), 3);
	assert_int_equal(int1(f, "SELECT count(*) FROM index_outbox"), 5);

	/* Clearing a field stores NULL. */
	assert_int_equal(lt_record_update_field(f->cat, b.record_id, "docId", "  ", "x", &err), 0);
	assert_int_equal(int1(f, "SELECT count(*) FROM records WHERE doc_id IS NULL"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_load_and_display, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_update_field, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
