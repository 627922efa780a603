/* tests/unit/test_audit.c — archive/audit: the hash chain, transactions,
 * signed anchors, and detection of edited, deleted, reordered and
 * unchained entries (tampering done with SQL after dropping the triggers). */
#include "tests/unit/support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "archive/archive.h"
#include "archive/audit.h"
#include "archive/blobstore.h"
#include "archive/keys.h"
#include "core/buf.h"
#include "core/fs.h"

typedef struct fixture {
	char *dir;
	lt_archive *ar;
	lt_catalog *cat;
	sqlite3 *db;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	lt_buf p = LT_BUF_INIT;

	f->dir = lt_test_tmpdir();
	lt_fs_join(&p, f->dir, "data");
	assert_int_equal(lt_archive_open(&f->ar, p.data, LT_ARCHIVE_CREATE, NULL), 0);
	lt_buf_free(&p);
	f->cat = lt_archive_catalog(f->ar);
	f->db = lt_catalog_db(f->cat);
	*state = f;
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

static void exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

static long long scalar(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void append_n(fixture *f, int n)
{
	for (int i = 0; i < n; i++) {
		char obj[16];
		snprintf(obj, sizeof(obj), "obj%d", i);
		assert_int_equal(lt_audit_append(f->cat, "alice", "record.view", obj,
		                                 i % 2 ? NULL : "d", NULL, NULL),
		                 0);
	}
}

/* Verify and expect exactly one problem of kind at id. */
static void expect_problem(fixture *f, const char *kind, int64_t id)
{
	lt_audit_report r = LT_AUDIT_REPORT_INIT;
	lt_error err = LT_ERROR_INIT;
	int found = 0;

	assert_int_equal(lt_audit_verify(f->cat, &r, &err), LT_ECORRUPT);
	assert_true(r.nproblems >= 1);
	for (size_t i = 0; i < r.nproblems; i++)
		if (!strcmp(r.problems[i].kind, kind) && r.problems[i].id == id)
			found = 1;
	if (!found)
		fail_msg("no %s problem at %lld; first: %s %lld %s", kind, (long long)id,
		         r.problems[0].kind, (long long)r.problems[0].id, r.problems[0].message);
	lt_audit_report_clear(&r);
}

static void untrigger(fixture *f)
{
	exec(f->db, "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
}

static void test_chain(void **state)
{
	fixture *f = *state;
	lt_audit_report r = LT_AUDIT_REPORT_INIT;
	lt_error err = LT_ERROR_INIT;
	int64_t id = 0;

	assert_int_equal(lt_audit_verify(f->cat, &r, &err), 0); /* empty log */
	assert_int_equal(r.entries, 0);
	lt_audit_report_clear(&r);
	append_n(f, 3);
	assert_int_equal(lt_audit_append(f->cat, "bob", "x", NULL, NULL, &id, &err), 0);
	assert_int_equal(id, 4);
	assert_int_equal(
	    scalar(f->db, "SELECT prev_hash = '" LT_AUDIT_GENESIS "' FROM audit_log WHERE id = 1"),
	    1);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log a JOIN audit_log b"
	                               " ON b.id = a.id + 1 WHERE b.prev_hash = a.hash"),
	                 3);
	assert_int_equal(lt_audit_verify(f->cat, &r, &err), 0);
	assert_int_equal(r.entries, 4);
	assert_int_equal(r.head_id, 4);
	assert_int_equal(strlen(r.head), 64);
	lt_audit_report_clear(&r);
	/* triggers still forbid rewriting */
	assert_int_not_equal(sqlite3_exec(f->db, "UPDATE main.audit_log SET who = 'x'", 0, 0, 0),
	                     SQLITE_OK);
}

static void test_bad_input_writes_nothing(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(lt_audit_append(f->cat, NULL, "x", NULL, NULL, NULL, &err), LT_EINVAL);
	assert_int_equal(lt_audit_append(f->cat, "a", "", NULL, NULL, NULL, &err), LT_EINVAL);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log"), 0);
}

static void test_joins_caller_transaction(void **state)
{
	fixture *f = *state;

	assert_int_equal(lt_catalog_begin(f->cat, NULL), 0);
	append_n(f, 2);
	lt_catalog_rollback(f->cat);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log"), 0);
	assert_int_equal(lt_catalog_begin(f->cat, NULL), 0);
	append_n(f, 2);
	assert_int_equal(lt_catalog_commit(f->cat, NULL), 0);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log"), 2);
}

static void test_edited(void **state)
{
	fixture *f = *state;

	append_n(f, 5);
	untrigger(f);
	exec(f->db, "UPDATE main.audit_log SET detail = 'harmless' WHERE id = 3");
	expect_problem(f, "edited", 3);
}

static void test_edited_with_new_hash(void **state)
{
	fixture *f = *state;

	append_n(f, 5);
	untrigger(f);
	/* a forger who also replaces the hash breaks the next link */
	exec(f->db, "UPDATE main.audit_log SET hash = '" LT_AUDIT_GENESIS "' WHERE id = 2");
	expect_problem(f, "edited", 2);
	expect_problem(f, "edited", 3);
}

static void test_deleted(void **state)
{
	fixture *f = *state;

	append_n(f, 5);
	untrigger(f);
	exec(f->db, "DELETE FROM main.audit_log WHERE id = 4");
	expect_problem(f, "deleted", 4);
}

static void test_reordered(void **state)
{
	fixture *f = *state;

	append_n(f, 5);
	untrigger(f);
	exec(f->db, "UPDATE main.audit_log SET id = -1 WHERE id = 2;"
	            "UPDATE main.audit_log SET id = 2 WHERE id = 3;"
	            "UPDATE main.audit_log SET id = 3 WHERE id = -1;");
	expect_problem(f, "reordered", 2);
}

static void test_unchained(void **state)
{
	fixture *f = *state;
	lt_audit_report r = LT_AUDIT_REPORT_INIT;

	append_n(f, 2);
	exec(f->db, "INSERT INTO main.audit_log(who, action) VALUES ('sneaky', 'raw')");
	append_n(f, 2);
	expect_problem(f, "unchained", 3);
	/* and only that one: the chain resumes after it */
	assert_int_equal(lt_audit_verify(f->cat, &r, NULL), LT_ECORRUPT);
	assert_int_equal(r.nproblems, 1);
	lt_audit_report_clear(&r);
}

static void test_anchors(void **state)
{
	fixture *f = *state;
	lt_audit_report r = LT_AUDIT_REPORT_INIT;
	lt_error err = LT_ERROR_INIT;
	int64_t anchor;

	append_n(f, LT_AUDIT_ANCHOR_EVERY);
	/* the 100th entry triggered an anchor right after it */
	assert_int_equal(
	    scalar(f->db,
	           "SELECT count(*) FROM audit_log WHERE action = '" LT_AUDIT_ANCHOR_ACTION "'"),
	    1);
	assert_int_equal(lt_audit_anchor(f->cat, "cli", &err), 0);
	assert_int_equal(lt_audit_verify(f->cat, &r, &err), 0);
	assert_int_equal(r.anchors, 2);
	lt_audit_report_clear(&r);

	anchor = scalar(f->db, "SELECT max(id) FROM audit_log");
	/* an anchor signed with another key fails: replace the public key */
	{
		lt_buf other = LT_BUF_INIT, pub = LT_BUF_INIT, opub = LT_BUF_INIT;
		char *text;
		size_t len;
		lt_fs_join(&other, f->dir, "other");
		assert_int_equal(lt_keys_ensure(other.data, NULL), 0);
		lt_fs_join(&opub, other.data, "keys/audit-ed25519.pub.pem");
		lt_fs_join(&pub, lt_archive_dir(f->ar), "keys/audit-ed25519.pub.pem");
		text = lt_test_read_file(opub.data, &len);
		lt_test_write_file(pub.data, text, len);
		free(text);
		expect_problem(f, "bad_anchor", anchor);
		lt_buf_free(&other);
		lt_buf_free(&pub);
		lt_buf_free(&opub);
	}
}

static void test_sign_verify(void **state)
{
	fixture *f = *state;
	char sig[LT_KEYS_SIG_HEX_LEN + 1];
	const char *dir = lt_archive_dir(f->ar);

	assert_int_equal(lt_keys_sign(dir, "abc", 3, sig, NULL), 0);
	assert_int_equal(strlen(sig), 128);
	assert_int_equal(lt_keys_verify(dir, "abc", 3, sig, NULL), 0);
	assert_int_equal(lt_keys_verify(dir, "abd", 3, sig, NULL), LT_ECORRUPT);
	sig[0] = sig[0] == 'a' ? 'b' : 'a';
	assert_int_equal(lt_keys_verify(dir, "abc", 3, sig, NULL), LT_ECORRUPT);
	assert_int_equal(lt_keys_verify(dir, "abc", 3, "zz", NULL), LT_ECORRUPT);
}

static void test_no_key(void **state)
{
	char *dir = lt_test_tmpdir();
	lt_buf p = LT_BUF_INIT;
	lt_catalog *cat = NULL;
	lt_error err = LT_ERROR_INIT;

	(void)state;
	lt_fs_join(&p, dir, "catalog.db");
	assert_int_equal(lt_catalog_open(&cat, p.data, LT_CATALOG_CREATE, NULL), 0);
	for (int i = 0; i < LT_AUDIT_ANCHOR_EVERY + 1; i++)
		assert_int_equal(lt_audit_append(cat, "a", "b", NULL, NULL, NULL, &err), 0);
	assert_int_equal(lt_audit_anchor(cat, "a", &err), LT_ENOTFOUND);
	assert_non_null(strstr(err.message, "luutru init"));
	lt_catalog_free(cat);
	lt_buf_free(&p);
	lt_test_rmtree_free(dir);
}

/* ---- the asynchronous queue (group commit) ---- */

typedef struct pusher {
	lt_audit_queue *q;
	int id;
} pusher;

static void *push_some(void *arg)
{
	pusher *p = arg;
	for (int i = 0; i < 60; i++) {
		char who[32], detail[32];
		snprintf(who, sizeof(who), "user%d@127.0.0.1", p->id);
		snprintf(detail, sizeof(detail), "q %d", i);
		if (lt_audit_queue_push(p->q, who, "search", NULL, detail, NULL) != 0)
			return (void *)1;
	}
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Pushes never wait for the write lock (another connection holds it, as an
 * import does); once it is free every entry is written, in one chain that
 * verifies, with the time it was pushed, not written. */
static void test_queue(void **state)
{
	fixture *f = *state;
	lt_audit_queue *q = NULL;
	lt_audit_report r = LT_AUDIT_REPORT_INIT;
	lt_error err = LT_ERROR_INIT;
	pthread_t th[4];
	pusher ps[4];
	char before[LT_AUDIT_TIME_LEN], after[LT_AUDIT_TIME_LEN];
	double t0, t1;
	sqlite3_stmt *st = NULL;

	append_n(f, 5);
	assert_int_equal(lt_audit_queue_start(&q, lt_catalog_path(f->cat), &err), 0);
	assert_int_equal(lt_catalog_begin(f->cat, &err), 0); /* the "import" */
	lt_audit_now(before);
	t0 = now_s();
	for (int i = 0; i < 4; i++) {
		ps[i].q = q;
		ps[i].id = i;
		assert_int_equal(pthread_create(&th[i], NULL, push_some, &ps[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		void *ret = NULL;
		pthread_join(th[i], &ret);
		assert_null(ret);
	}
	t1 = now_s();
	lt_audit_now(after);
	assert_true(t1 - t0 < 1.0); /* 240 pushes, the lock held throughout */
	sleep(2);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = 'search'"),
	                 0);
	assert_int_equal(lt_catalog_commit(f->cat, &err), 0);
	lt_audit_queue_flush(q);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = 'search'"),
	                 240);
	assert_int_equal(scalar(f->db, "SELECT count(DISTINCT who) FROM audit_log"
	                               " WHERE action = 'search'"),
	                 4);
	/* every entry has the time it was pushed (the writer ran 2 s later) */
	assert_int_equal(sqlite3_prepare_v2(f->db,
	                                    "SELECT count(*) FROM audit_log WHERE action = 'search'"
	                                    " AND at BETWEEN ?1 AND ?2",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, before, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, after, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 240);
	sqlite3_finalize(st);
	/* one thread's entries keep their order */
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log a JOIN audit_log b"
	                               " ON b.who = a.who AND b.id > a.id"
	                               " WHERE a.action = 'search' AND b.action = 'search'"
	                               " AND CAST(substr(b.detail, 3) AS INTEGER) <"
	                               " CAST(substr(a.detail, 3) AS INTEGER)"),
	                 0);
	/* entries pushed and not flushed are written by stop */
	for (int i = 0; i < 30; i++)
		assert_int_equal(
		    lt_audit_queue_push(q, "late@127.0.0.1", "search", NULL, "x", &err), 0);
	lt_audit_queue_stop(q);
	assert_int_equal(
	    scalar(f->db, "SELECT count(*) FROM audit_log WHERE who = 'late@127.0.0.1'"), 30);
	assert_int_equal(lt_audit_verify(f->cat, &r, &err), 0);
	assert_int_equal(r.entries, (size_t)scalar(f->db, "SELECT count(*) FROM audit_log"));
	lt_audit_report_clear(&r);
}

static void test_queue_bad_input(void **state)
{
	fixture *f = *state;
	lt_audit_queue *q = NULL;
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(lt_audit_queue_start(&q, lt_catalog_path(f->cat), &err), 0);
	assert_int_equal(lt_audit_queue_push(q, "", "search", NULL, NULL, &err), LT_EINVAL);
	assert_int_equal(lt_audit_queue_push(q, "a", NULL, NULL, NULL, &err), LT_EINVAL);
	lt_audit_queue_flush(q);
	lt_audit_queue_stop(q);
	lt_audit_queue_stop(NULL);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log"), 0);
}

/* ---- the witnessed tail: seals and keys/audit-head ---- */

/* The row hash as archive/audit.c computes it, for a forger who knows it. */
static void forge_hash(int64_t id, const char *at, const char *who, const char *action,
                       const char *object, const char *detail, const char *prev, char out[65])
{
	const char *v[7];
	char idbuf[32];
	lt_buf b = LT_BUF_INIT;

	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	v[0] = idbuf, v[1] = at, v[2] = who, v[3] = action, v[4] = object, v[5] = detail,
	v[6] = prev;
	lt_buf_puts(&b, "luutru-audit-v1,");
	for (int i = 0; i < 7; i++) {
		if (v[i])
			lt_buf_printf(&b, "%zu:%s,", strlen(v[i]), v[i]);
		else
			lt_buf_puts(&b, "-,");
	}
	lt_sha256_hex(b.data, b.len, out);
	lt_buf_free(&b);
}

/* Rewrite every row from id on with a correct chain (after changing
 * detail of row id), as a forger without the key would. */
static void rehash_from(fixture *f, int64_t from)
{
	sqlite3_stmt *st = NULL;
	char prev[65] = LT_AUDIT_GENESIS, h[65];
	int64_t max = scalar(f->db, "SELECT max(id) FROM audit_log");

	if (from > 1) {
		assert_int_equal(sqlite3_prepare_v2(f->db,
		                                    "SELECT hash FROM audit_log WHERE id = ?", -1,
		                                    &st, NULL),
		                 SQLITE_OK);
		sqlite3_bind_int64(st, 1, from - 1);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		snprintf(prev, sizeof(prev), "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	for (int64_t id = from; id <= max; id++) {
		sqlite3_stmt *u = NULL;
		assert_int_equal(sqlite3_prepare_v2(f->db,
		                                    "SELECT at, who, action, object, detail"
		                                    " FROM audit_log WHERE id = ?",
		                                    -1, &st, NULL),
		                 SQLITE_OK);
		sqlite3_bind_int64(st, 1, id);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		forge_hash(id, (const char *)sqlite3_column_text(st, 0),
		           (const char *)sqlite3_column_text(st, 1),
		           (const char *)sqlite3_column_text(st, 2),
		           (const char *)sqlite3_column_text(st, 3),
		           (const char *)sqlite3_column_text(st, 4), prev, h);
		sqlite3_finalize(st);
		assert_int_equal(
		    sqlite3_prepare_v2(f->db,
		                       "UPDATE main.audit_log SET prev_hash = ?, hash = ?"
		                       " WHERE id = ?",
		                       -1, &u, NULL),
		    SQLITE_OK);
		sqlite3_bind_text(u, 1, prev, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(u, 2, h, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(u, 3, id);
		assert_int_equal(sqlite3_step(u), SQLITE_DONE);
		sqlite3_finalize(u);
		snprintf(prev, sizeof(prev), "%s", h);
	}
}

static void untrigger_seals(fixture *f)
{
	exec(f->db, "DROP TRIGGER audit_seals_no_update; DROP TRIGGER audit_seals_no_delete;");
}

static char *head_file(fixture *f)
{
	lt_buf p = LT_BUF_INIT;
	char *path;

	lt_fs_join(&p, lt_archive_dir(f->ar), "keys/audit-head");
	path = lt_buf_detach(&p);
	return path;
}

/* One seal per commit, over the entries it added; the newest also in
 * keys/audit-head; an intact log verifies, sealed to its newest entry. */
static void test_seals(void **state)
{
	fixture *f = *state;
	lt_audit_report r = LT_AUDIT_REPORT_INIT;
	lt_error err = LT_ERROR_INIT;
	char *path = head_file(f), *text;

	/* a new archive has the signed head of its empty log */
	text = lt_test_read_file(path, NULL);
	assert_non_null(strstr(text, "\nlast 0\n"));
	free(text);
	append_n(f, 3); /* three commits */
	assert_int_equal(lt_catalog_begin(f->cat, &err), 0);
	append_n(f, 4); /* one commit of four */
	assert_int_equal(lt_catalog_commit(f->cat, &err), 0);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_seals"), 4);
	assert_int_equal(scalar(f->db, "SELECT first FROM audit_seals WHERE last = 7"), 4);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_seals WHERE checked = 1"), 4);
	text = lt_test_read_file(path, NULL);
	assert_non_null(strstr(text, "\nfirst 4\nlast 7\n"));
	free(text);
	/* a transaction whose entries all rolled back to a savepoint seals
	 * nothing */
	assert_int_equal(lt_catalog_begin(f->cat, &err), 0);
	exec(f->db, "SAVEPOINT s");
	append_n(f, 1);
	exec(f->db, "ROLLBACK TO s; RELEASE s");
	assert_int_equal(lt_catalog_commit(f->cat, &err), 0);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_seals"), 4);
	assert_int_equal(lt_audit_verify(f->cat, &r, &err), 0);
	assert_int_equal(r.sealed_to, 7);
	assert_int_equal(r.seals, 4);
	assert_int_equal(r.head_file, 7);
	lt_audit_report_clear(&r);
	free(path);
}

/* Entries committed around lt_catalog_commit (a raw COMMIT) would be
 * unsealed: the commit is turned into a rollback. */
static void test_raw_commit_refused(void **state)
{
	fixture *f = *state;

	append_n(f, 1);
	exec(f->db, "BEGIN IMMEDIATE");
	append_n(f, 1);
	assert_int_not_equal(sqlite3_exec(f->db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	lt_catalog_rollback(f->cat);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log"), 1);
	append_n(f, 1); /* and the connection goes on */
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log"), 2);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_seals"), 2);
}

/* A row appended with a correct hash but without the key: named, and
 * still named after a legitimate writer chained onto it. */
static void test_appended_row_named(void **state)
{
	fixture *f = *state;
	char h[65], prev[65], sql[512];
	sqlite3_stmt *st = NULL;

	append_n(f, 5);
	assert_int_equal(
	    sqlite3_prepare_v2(f->db, "SELECT hash FROM audit_log WHERE id = 5", -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(prev, sizeof(prev), "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	forge_hash(6, "2026-01-01T00:00:00Z", "mallory", "view", "x", NULL, prev, h);
	snprintf(sql, sizeof(sql),
	         "INSERT INTO main.audit_log(id, at, who, action, object, prev_hash, hash)"
	         " VALUES (6, '2026-01-01T00:00:00Z', 'mallory', 'view', 'x', '%s', '%s')",
	         prev, h);
	exec(f->db, sql);
	expect_problem(f, "unsigned", 6);
	append_n(f, 2);
	expect_problem(f, "unsigned", 6);
}

/* Deleting the newest entry: named by its seal; with its seal as well,
 * by keys/audit-head; and after the id was given again, still named. */
static void test_newest_deleted(void **state)
{
	fixture *f = *state;

	append_n(f, 5);
	untrigger(f);
	exec(f->db, "DELETE FROM main.audit_log WHERE id = 5");
	expect_problem(f, "deleted", 5);
	untrigger_seals(f);
	exec(f->db, "DELETE FROM main.audit_seals WHERE last = 5");
	expect_problem(f, "deleted", 5);
	append_n(f, 1); /* the new entry 5 */
	expect_problem(f, "deleted", 5);
}

/* Editing an entry and re-hashing every later one names that entry (it
 * was its own commit), not the later anchors; still after more writes. */
static void test_rehashed_edit_named(void **state)
{
	fixture *f = *state;
	lt_audit_report r = LT_AUDIT_REPORT_INIT;
	lt_error err = LT_ERROR_INIT;

	append_n(f, 250);
	untrigger(f);
	exec(f->db, "UPDATE main.audit_log SET detail = 'forged' WHERE id = 40");
	rehash_from(f, 40);
	assert_int_equal(lt_audit_verify(f->cat, &r, &err), LT_ECORRUPT);
	assert_string_equal(r.problems[0].kind, "edited");
	assert_int_equal(r.problems[0].id, 40);
	assert_non_null(strstr(err.message, "40"));
	lt_audit_report_clear(&r);
	append_n(f, 3);
	assert_int_equal(lt_audit_verify(f->cat, &r, &err), LT_ECORRUPT);
	assert_string_equal(r.problems[0].kind, "edited");
	assert_int_equal(r.problems[0].id, 40);
	lt_audit_report_clear(&r);
}

/* keys/audit-head lagging the catalog (a crash between the commit and
 * the file) is no problem; a missing or damaged one is, until the next
 * entry writes it again. */
static void test_head_file_lag_and_loss(void **state)
{
	fixture *f = *state;
	lt_audit_report r = LT_AUDIT_REPORT_INIT;
	lt_error err = LT_ERROR_INIT;
	char *path = head_file(f), *old;
	size_t len;

	append_n(f, 3);
	old = lt_test_read_file(path, &len);
	append_n(f, 3);
	lt_test_write_file(path, old, len); /* the seal of entry 3, not 6 */
	assert_int_equal(lt_audit_verify(f->cat, &r, &err), 0);
	assert_int_equal(r.head_file, 3);
	assert_int_equal(r.sealed_to, 6);
	lt_audit_report_clear(&r);
	unlink(path);
	expect_problem(f, "bad_seal", 6);
	append_n(f, 1);
	assert_int_equal(lt_audit_verify(f->cat, &r, &err), 0);
	lt_audit_report_clear(&r);
	lt_test_write_file(path, "junk\n", 5);
	expect_problem(f, "bad_seal", 0);
	free(old);
	free(path);
}

/* A restore whose keys/ was copied after the catalog's snapshot: the
 * head names entries the snapshot lacks (they read as deleted) until
 * lt_audit_head_write makes it the snapshot's newest seal; then the
 * restored log verifies and goes on. */
static void test_head_rewritten_after_restore(void **state)
{
	fixture *f = *state;
	lt_audit_report r = LT_AUDIT_REPORT_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_buf snap = LT_BUF_INIT, keys = LT_BUF_INIT, rkeys = LT_BUF_INIT;
	lt_buf head = LT_BUF_INIT, rhead = LT_BUF_INIT;
	lt_archive *ar = NULL;
	char *rdir, *text;
	size_t len;

	append_n(f, 3);
	rdir = lt_test_tmpdir();
	lt_fs_join(&snap, rdir, "catalog.db");
	{
		/* the snapshot, as a backup takes it (SQLite's online backup) */
		sqlite3 *dst = NULL;
		sqlite3_backup *b;
		assert_int_equal(sqlite3_open(snap.data, &dst), SQLITE_OK);
		b = sqlite3_backup_init(dst, "main", f->db, "main");
		assert_non_null(b);
		assert_int_equal(sqlite3_backup_step(b, -1), SQLITE_DONE);
		sqlite3_backup_finish(b);
		sqlite3_close(dst);
	}
	append_n(f, 3); /* after the snapshot: keys/audit-head moves on */
	lt_fs_join(&keys, lt_archive_dir(f->ar), "keys");
	lt_fs_join(&rkeys, rdir, "keys");
	assert_int_equal(lt_fs_mkdirs(rkeys.data, NULL), 0);
	for (int i = 0; i < 3; i++) {
		const char *name[] = {"audit-ed25519.pem", "audit-ed25519.pub.pem", "audit-head"};
		lt_buf_reset(&head);
		lt_buf_reset(&rhead);
		lt_fs_join(&head, keys.data, name[i]);
		lt_fs_join(&rhead, rkeys.data, name[i]);
		text = lt_test_read_file(head.data, &len);
		lt_test_write_file(rhead.data, text, len);
		free(text);
	}
	lt_buf_reset(&rhead);
	lt_fs_join(&rhead, rdir, "blobs");
	assert_int_equal(lt_fs_mkdirs(rhead.data, NULL), 0);
	assert_int_equal(lt_archive_open(&ar, rdir, 0, &err), 0);
	assert_int_equal(lt_audit_verify(lt_archive_catalog(ar), &r, &err), LT_ECORRUPT);
	assert_string_equal(r.problems[0].kind, "deleted");
	lt_audit_report_clear(&r);
	assert_int_equal(lt_audit_head_write(lt_archive_catalog(ar), rdir, &err), 0);
	assert_int_equal(lt_audit_verify(lt_archive_catalog(ar), &r, &err), 0);
	assert_int_equal(r.head_file, 3);
	lt_audit_report_clear(&r);
	assert_int_equal(lt_audit_append(lt_archive_catalog(ar), "cli", "backup.restore", NULL,
	                                 NULL, NULL, &err),
	                 0);
	assert_int_equal(lt_audit_verify(lt_archive_catalog(ar), &r, &err), 0);
	assert_int_equal(r.sealed_to, 4);
	lt_audit_report_clear(&r);
	lt_archive_free(ar);
	lt_buf_free(&snap);
	lt_buf_free(&keys);
	lt_buf_free(&rkeys);
	lt_buf_free(&head);
	lt_buf_free(&rhead);
	lt_test_rmtree_free(rdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_chain, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_input_writes_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_joins_caller_transaction, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_edited, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_edited_with_new_hash, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_deleted, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reordered, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unchained, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_anchors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sign_verify, setup, teardown),
	    cmocka_unit_test(test_no_key),
	    cmocka_unit_test_setup_teardown(test_queue, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_queue_bad_input, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_seals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_raw_commit_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_appended_row_named, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_newest_deleted, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rehashed_edit_named, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_head_file_lag_and_loss, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_head_rewritten_after_restore, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
