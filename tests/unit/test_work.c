/*
 * tests/unit/test_work.c — the registry of long work (archive/work.h) on a
 * real catalog: a row's life (create, progress, finish), one running
 * piece per exclusive kind, work a stopped process left shown and
 * recorded as interrupted, finished work kept across a reopen, OCR jobs
 * in the same list, and rows shown only to those cleared as far as their
 * starter.
 */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/access.h"
#include "archive/backup.h"
#include "archive/verify.h"
#include "archive/work.h"
#include "core/fs.h"
#include "core/progress.h"
#include "indexer/index.h"

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

static void as_user(lt_catalog *cat, const char *login, const char *role, int clearance)
{
	lt_principal p;
	lt_access_principal_user(&p, 7, login, role, clearance);
	lt_catalog_set_principal(cat, &p);
}

static void test_lifecycle(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_work_item *it = NULL;
	int64_t id = 0;
	char ref[32];

	as_user(f->cat, "quantri", "admin", 3);
	assert_int_equal(lt_work_create(&id, f->cat, "verify", "fixity", 1, &err), 0);
	assert_true(id > 0);
	snprintf(ref, sizeof(ref), "%lld", (long long)id);

	assert_int_equal(lt_work_get(&it, f->cat, ref, &err), 0);
	assert_string_equal(it->kind, "verify");
	assert_string_equal(it->state, "running");
	assert_string_equal(it->started_by, "quantri");
	assert_string_equal(it->source, "fixity");
	assert_null(it->finished_at);
	lt_work_items_free(it, 1);

	/* A phase written to the row, then finer counts reported from below
	 * through core/progress.h into memory: get shows the newer. */
	assert_int_equal(lt_work_phase(f->cat, id, "fixity", 0, 10, &err), 0);
	lt_work_track(id);
	lt_progress_report("fixity", 4, 0);
	lt_work_track(0);
	lt_progress_report("fixity", 9, 0); /* no longer tracked: ignored */
	assert_int_equal(lt_work_get(&it, f->cat, ref, &err), 0);
	assert_string_equal(it->phase, "fixity");
	assert_int_equal(it->done, 4);
	assert_int_equal(it->total, 10);
	lt_work_items_free(it, 1);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT done FROM main.work"), 0);

	assert_int_equal(lt_work_finish(f->cat, id, "{\"issues\":2}", NULL, &err), 0);
	assert_int_equal(lt_work_get(&it, f->cat, ref, &err), 0);
	assert_string_equal(it->state, "done");
	assert_string_equal(it->result, "{\"issues\":2}");
	assert_non_null(it->finished_at);
	assert_int_equal(it->done, 10); /* done work did all its units */
	lt_work_items_free(it, 1);

	/* A failure keeps its code and message, and no result. */
	assert_int_equal(lt_work_create(&id, f->cat, "backup", NULL, 1, &err), 0);
	{
		lt_error why = LT_ERROR_INIT;
		lt_error_set(&why, LT_ENOSPC, "đĩa đầy");
		assert_int_equal(lt_work_finish(f->cat, id, "{}", &why, &err), 0);
	}
	snprintf(ref, sizeof(ref), "%lld", (long long)id);
	assert_int_equal(lt_work_get(&it, f->cat, ref, &err), 0);
	assert_string_equal(it->state, "failed");
	assert_string_equal(it->error_code, lt_status_name(LT_ENOSPC));
	assert_string_equal(it->error, "đĩa đầy");
	assert_null(it->result);
	lt_work_items_free(it, 1);

	assert_int_equal(lt_work_get(&it, f->cat, "999", &err), LT_ENOTFOUND);
	assert_int_equal(lt_work_get(&it, f->cat, "12x", &err), LT_ENOTFOUND);
	assert_int_equal(lt_work_get(&it, f->cat, "../1", &err), LT_ENOTFOUND);
	assert_int_equal(lt_work_create(&id, f->cat, "ocr", NULL, 0, &err), LT_EINVAL);
	assert_int_equal(lt_work_create(&id, f->cat, "format", NULL, 0, &err), LT_EINVAL);
}

/* One backup at a time: a second start while the first runs is busy; any
 * number of imports may run; once the first ends another may start. */
static void test_exclusive(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	int64_t a = 0, b = 0, i1 = 0, i2 = 0;

	as_user(f->cat, "quantri", "admin", 3);
	assert_int_equal(lt_work_create(&a, f->cat, "backup", NULL, 1, &err), 0);
	assert_int_equal(lt_work_create(&b, f->cat, "backup", NULL, 1, &err), LT_EBUSY);
	assert_non_null(strstr(err.message, "#"));
	assert_int_equal(b, 0);
	assert_int_equal(lt_work_create(&b, f->cat, "reindex", NULL, 1, &err), 0);
	assert_int_equal(lt_work_create(&i1, f->cat, "import", "a.zip", 0, &err), 0);
	assert_int_equal(lt_work_create(&i2, f->cat, "import", "b.zip", 0, &err), 0);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM main.work WHERE kind = "
	                                        "'backup'"),
	                 1);
	assert_int_equal(lt_work_finish(f->cat, a, NULL, NULL, &err), 0);
	assert_int_equal(lt_work_create(&a, f->cat, "backup", NULL, 1, &err), 0);
}

/* Work whose process is gone: shown as interrupted at once, recorded so
 * by recover, and it does not hold an exclusive kind. */
static void test_interrupted(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_work_item *v = NULL;
	size_t n = 0, fixed = 0;
	int64_t id = 0;

	as_user(f->cat, "quantri", "admin", 3);
	assert_int_equal(lt_work_create(&id, f->cat, "reindex", NULL, 1, &err), 0);
	assert_int_equal(lt_work_create(&id, f->cat, "verify", NULL, 1, &err), 0);
	/* The reindex's process died (a lease no live process has). */
	assert_int_equal(sqlite3_exec(lt_catalog_db(f->cat),
	                              "UPDATE main.work SET lease ="
	                              " '1.1.00000000-0000-0000-0000-000000000000'"
	                              " WHERE kind = 'reindex'",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(lt_work_list(&v, &n, f->cat, NULL, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].kind, "verify"); /* newest first */
	assert_string_equal(v[0].state, "running");
	assert_string_equal(v[1].kind, "reindex");
	assert_string_equal(v[1].state, "interrupted");
	lt_work_items_free(v, n);

	assert_int_equal(lt_work_recover(f->cat, &fixed, &err), 0);
	assert_int_equal(fixed, 1);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM main.work WHERE state ="
	                                        " 'interrupted' AND finished_at IS NOT NULL"
	                                        " AND lease IS NULL"),
	                 1);
	/* the live verify is left alone */
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM main.work WHERE state ="
	                                        " 'running'"),
	                 1);
	assert_int_equal(lt_work_create(&id, f->cat, "reindex", NULL, 1, &err), 0);
}

/* Finished work is in the catalog: a new connection (a restarted
 * service) lists it with its result. */
static void test_kept_across_reopen(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar2 = NULL;
	lt_work_item *v = NULL;
	size_t n = 0;
	int64_t id = 0;

	as_user(f->cat, "quantri", "admin", 3);
	assert_int_equal(lt_work_create(&id, f->cat, "backup", NULL, 1, &err), 0);
	assert_int_equal(lt_work_finish(f->cat, id, "{\"name\":\"luutru-1\"}", NULL, &err), 0);
	{
		char data[4096];
		snprintf(data, sizeof(data), "%s/data", f->dir);
		assert_int_equal(lt_archive_open(&ar2, data, 0, &err), 0);
	}
	assert_int_equal(lt_work_list(&v, &n, lt_archive_catalog(ar2), NULL, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].state, "done");
	assert_string_equal(v[0].result, "{\"name\":\"luutru-1\"}");
	lt_work_items_free(v, n);
	lt_archive_free(ar2);
}

/* OCR jobs are in the same list as kind "ocr" ("ocr-N"), filters apply,
 * and what a row names is shown only to those cleared as far: a work row
 * by its starter's clearance, a job by its record's. */
static void test_ocr_and_clearance(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_work_filter flt = LT_WORK_FILTER_INIT;
	lt_work_item *v = NULL, *it = NULL;
	size_t n = 0;
	int64_t id = 0;

	lt_catalog_set_isolated(f->cat, 1);
	assert_int_equal(sqlite3_exec(lt_catalog_db(f->cat),
	                              "INSERT INTO main.records (id, uid, doc_id, secrecy) VALUES"
	                              " (1, 'u1', 'D1', 0), (2, 'u2', 'D2', 2);"
	                              "INSERT INTO main.jobs (kind, record_id, state, pages_done,"
	                              " pages_total) VALUES ('ocr', 1, 'done', 4, 4),"
	                              " ('ocr', 2, 'queued', 0, 0);",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	as_user(f->cat, "vanthu", "archivist", 0);
	assert_int_equal(lt_work_create(&id, f->cat, "import", "lo-1.zip", 0, &err), 0);
	as_user(f->cat, "quantri", "admin", 3);
	assert_int_equal(lt_work_create(&id, f->cat, "verify", NULL, 1, &err), 0);

	assert_int_equal(lt_work_list(&v, &n, f->cat, NULL, &err), 0);
	assert_int_equal(n, 4);
	lt_work_items_free(v, n);
	flt.kind = "ocr";
	assert_int_equal(lt_work_list(&v, &n, f->cat, &flt, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].id, "ocr-2");
	assert_string_equal(v[0].source, "D2");
	assert_int_equal(v[0].record_id, 2);
	assert_string_equal(v[1].state, "done");
	assert_string_equal(v[1].phase, "ocr"); /* its pages: 4 of 4 */
	assert_int_equal(v[1].done, 4);
	assert_int_equal(v[1].total, 4);
	assert_int_equal(v[0].done, 0);
	assert_int_equal(v[0].total, 0);
	lt_work_items_free(v, n);
	flt.kind = NULL;
	flt.state = "queued";
	assert_int_equal(lt_work_list(&v, &n, f->cat, &flt, &err), 0);
	assert_int_equal(n, 1);
	lt_work_items_free(v, n);
	assert_int_equal(lt_work_get(&it, f->cat, "ocr-2", &err), 0);
	assert_string_equal(it->kind, "ocr");
	lt_work_items_free(it, 1);

	/* clearance 0: the archivist's import and the public record's job */
	as_user(f->cat, "kiemtra", "inspector", 0);
	assert_int_equal(lt_work_list(&v, &n, f->cat, NULL, &err), 0);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++)
		assert_true(strcmp(v[i].id, "ocr-1") == 0 || strcmp(v[i].kind, "import") == 0);
	lt_work_items_free(v, n);
	assert_int_equal(lt_work_get(&it, f->cat, "ocr-2", &err), LT_ENOTFOUND);
	{
		char ref[32];
		snprintf(ref, sizeof(ref), "%lld", (long long)id);
		assert_int_equal(lt_work_get(&it, f->cat, ref, &err), LT_ENOTFOUND);
	}
}

/* The lower layer's long work registers itself, whichever path calls it:
 * a backup, a verify and a reindex run directly (as the command line
 * does) each leave a row with its result, and are refused while work of
 * their kind runs; run inside a tracked row (as the HTTP runner does)
 * they report to it and make none. */
static void test_lower_layer_registers(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_verify_report r = LT_VERIFY_REPORT_INIT;
	lt_backup_result res;
	lt_work_item *items = NULL;
	int64_t held = 0;
	char *tmp = lt_test_tmpdir(), dir[512];
	size_t n = 0;

	memset(&res, 0, sizeof(res));
	as_user(f->cat, "quantri", "admin", 3);
	snprintf(dir, sizeof(dir), "%s/luutru-set-1", tmp);
	/* refused while another backup runs: nothing written */
	assert_int_equal(lt_work_create(&held, f->cat, "backup", "other", 1, &err), 0);
	assert_int_equal(lt_backup_run(f->ar, dir, LT_BACKUP_FULL, "quantri", &res, &err),
	                 LT_EBUSY);
	assert_false(lt_fs_exists(dir));
	assert_int_equal(lt_work_finish(f->cat, held, NULL, NULL, &err), 0);
	/* then it runs, and its row says what it made */
	assert_int_equal(lt_backup_run(f->ar, dir, LT_BACKUP_FULL, "quantri", &res, &err), 0);
	lt_backup_result_clear(&res);
	lt_work_filter bf = {"backup", "done", 0, 0};
	assert_int_equal(lt_work_list(&items, &n, f->cat, &bf, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(items[0].source, "luutru-set-1");
	assert_string_equal(items[0].started_by, "quantri");
	assert_non_null(strstr(items[0].result, "\"files\":"));
	assert_null(strstr(items[0].result, tmp)); /* no server path */
	lt_work_items_free(items, n);

	/* verify and reindex alike */
	assert_int_equal(lt_verify_structure(f->ar, 0, "quantri", &r, &err), 0);
	lt_verify_report_clear(&r);
	assert_int_equal(
	    lt_index_regenerate(lt_archive_index_path(f->ar), f->cat, NULL, NULL, &err), 0);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM main.work WHERE kind = "
	                                        "'verify' AND source = 'structure' AND state = "
	                                        "'done' AND result LIKE '%\"issues\":%'"),
	                 1);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM main.work WHERE kind = "
	                                        "'reindex' AND state = 'done' AND result LIKE "
	                                        "'{\"documents\":%'"),
	                 1);
	assert_int_equal(lt_work_create(&held, f->cat, "reindex", NULL, 1, &err), 0);
	assert_int_equal(
	    lt_index_regenerate(lt_archive_index_path(f->ar), f->cat, NULL, NULL, &err), LT_EBUSY);
	assert_int_equal(lt_work_finish(f->cat, held, NULL, NULL, &err), 0);

	/* inside a tracked row: no row of its own */
	assert_int_equal(lt_work_create(&held, f->cat, "verify", "fixity", 1, &err), 0);
	lt_work_track(held);
	assert_int_equal(lt_verify_fixity(f->ar, "quantri", &r, &err), 0);
	lt_work_track(0);
	lt_verify_report_clear(&r);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM main.work WHERE kind = "
	                                        "'verify'"),
	                 2);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM main.work WHERE state = "
	                                        "'running'"),
	                 1);
	assert_int_equal(lt_work_finish(f->cat, held, NULL, NULL, &err), 0);
	lt_test_rmtree_free(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_lifecycle, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_exclusive, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_interrupted, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_kept_across_reopen, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ocr_and_clearance, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lower_layer_registers, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
