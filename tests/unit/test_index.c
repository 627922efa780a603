/* tests/unit/test_index.c — catalog → index sync: batches, deletions,
 * last_seq in the same commit, and exact replay after a "crash". */
#include "tests/unit/support.h"

#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "archive/archive.h"
#include "core/buf.h"
#include "core/fs.h"
#include "indexer/index.h"
#include "indexer/xapian_shim.h"

typedef struct fixture {
	char *tmp;
	lt_archive *ar;
	lt_catalog *cat;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	lt_buf dir = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;

	f->tmp = lt_test_tmpdir();
	lt_buf_printf(&dir, "%s/data", f->tmp);
	if (lt_archive_open(&f->ar, dir.data, LT_ARCHIVE_CREATE, &err))
		fail_msg("lt_archive_open: %s", err.message);
	f->cat = lt_archive_catalog(f->ar);
	/* Secret records in the fixture: a deployment declared isolated (rule 43). */
	lt_catalog_set_isolated(f->cat, 1);
	lt_buf_free(&dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	lt_archive_free(f->ar);
	lt_test_rmtree_free(f->tmp);
	free(f);
	return 0;
}

static void exec_sql(lt_catalog *cat, const char *sql)
{
	lt_error err = LT_ERROR_INIT;
	if (lt_catalog_exec(cat, sql, &err))
		fail_msg("%s: %s", sql, err.message);
}

/* A record and its outbox row, the way archive/ writes them: one
 * transaction. Returns the record id. */
static int64_t add_record(lt_catalog *cat, const char *uid, const char *title, const char *page,
                          int secrecy)
{
	sqlite3 *db = lt_catalog_db(cat);
	sqlite3_stmt *st = NULL;
	int64_t id;

	exec_sql(cat, "BEGIN");
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	                       "INSERT INTO main.records(uid, title, secrecy, issued_date,"
	                       " type_name) VALUES (?, ?, ?, '2021-03-04', '02')",
	                       -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, uid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, title, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, secrecy);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	id = sqlite3_last_insert_rowid(db);
	if (page) {
		assert_int_equal(
		    sqlite3_prepare_v2(db,
		                       "INSERT INTO main.pages(record_id, page_no, text)"
		                       " VALUES (?, 1, ?)",
		                       -1, &st, NULL),
		    SQLITE_OK);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, page, -1, SQLITE_TRANSIENT);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
	}
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "INSERT INTO main.index_outbox(record_id, uid, op)"
	                                    " VALUES (?, ?, 'upsert')",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, uid, -1, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	exec_sql(cat, "COMMIT");
	return id;
}

static void outbox(lt_catalog *cat, int64_t id, const char *op)
{
	char sql[160];
	snprintf(sql, sizeof(sql),
	         "INSERT INTO main.index_outbox(record_id, op) VALUES (%" PRId64 ", '%s')", id, op);
	exec_sql(cat, sql);
}

static uint64_t doc_count(lt_index *ix)
{
	uint64_t n = 0;
	lt_error err = LT_ERROR_INIT;
	if (lt_index_doc_count(ix, &n, &err))
		fail_msg("doc_count: %s", err.message);
	return n;
}

static uint64_t term_freq(lt_index *ix, const char *term)
{
	uint64_t n = 0;
	assert_int_equal(lt_xdb_term_freq(lt_index_xdb(ix), term, &n, NULL), 0);
	return n;
}

static void sync_ok(lt_index *ix, lt_catalog *cat, lt_index_sync_stats *st)
{
	lt_error err = LT_ERROR_INIT;
	if (lt_index_sync(ix, cat, st, &err))
		fail_msg("sync: %s", err.message);
}

static void test_sync_and_replay(void **state)
{
	fixture *f = *state;
	const char *path = lt_archive_index_path(f->ar);
	lt_index_sync_stats st;
	lt_error err = LT_ERROR_INIT;
	lt_index *ix = NULL, *reader = NULL;
	int64_t r1, r2, r3, r4;
	char sql[200];

	r1 = add_record(f->cat, "uid-1", "Quyết định bổ nhiệm", "Điều 1. Bổ nhiệm ông A", 0);
	r2 = add_record(f->cat, "uid-2", "Công văn về việc họp", NULL, 1);
	r3 = add_record(f->cat, "uid-3", "Báo cáo tổng kết", "năm 2021", 0);

	assert_int_equal(lt_index_open(&ix, path, LT_INDEX_WRITE, &err), 0);
	assert_int_equal(lt_index_last_seq(ix), 0);
	assert_int_equal(doc_count(ix), 0);
	sync_ok(ix, f->cat, &st);
	assert_int_equal(st.applied, 3);
	assert_int_equal(st.documents, 3);
	assert_int_equal(st.deleted, 0);
	assert_int_equal(st.last_seq, 3);
	assert_int_equal(lt_index_last_seq(ix), 3);
	assert_int_equal(doc_count(ix), 3);
	assert_int_equal(term_freq(ix, "nhiem"), 1);
	assert_int_equal(term_freq(ix, "XS1"), 1);

	/* A reader opened now sees later commits through doc_count. */
	assert_int_equal(lt_index_open(&reader, path, 0, &err), 0);
	assert_int_equal(lt_index_last_seq(reader), 3);

	/* Nothing new: nothing applied. */
	sync_ok(ix, f->cat, &st);
	assert_int_equal(st.applied, 0);
	assert_int_equal(st.last_seq, 3);

	/* A new record, an edit, a soft delete and a hard delete. */
	r4 = add_record(f->cat, "uid-4", "Tờ trình", "xin ý kiến", 0);
	snprintf(sql, sizeof(sql),
	         "UPDATE main.records SET title = 'Quyết định khen thưởng' WHERE id = %" PRId64,
	         r1);
	exec_sql(f->cat, sql);
	outbox(f->cat, r1, "upsert");
	snprintf(sql, sizeof(sql), "UPDATE main.records SET status = 'deleted' WHERE id = %" PRId64,
	         r2);
	exec_sql(f->cat, sql);
	outbox(f->cat, r2, "upsert");
	snprintf(sql, sizeof(sql), "DELETE FROM main.pages WHERE record_id = %" PRId64, r3);
	exec_sql(f->cat, sql);
	snprintf(sql, sizeof(sql), "DELETE FROM main.records WHERE id = %" PRId64, r3);
	exec_sql(f->cat, sql);
	outbox(f->cat, r3, "delete");
	sync_ok(ix, f->cat, &st);
	assert_int_equal(st.applied, 4);
	assert_int_equal(st.documents, 2);
	assert_int_equal(st.deleted, 2);
	assert_int_equal(st.last_seq, 7);
	assert_int_equal(doc_count(ix), 2);
	assert_int_equal(term_freq(ix, "khen"), 1);
	assert_int_equal(term_freq(ix, "Quid-1"), 1);
	assert_int_equal(term_freq(ix, "Quid-2"), 0);
	assert_int_equal(term_freq(ix, "Quid-3"), 0);
	assert_int_equal(term_freq(ix, "Quid-4"), 1);
	assert_int_equal(doc_count(reader), 2);
	assert_int_equal(lt_index_last_seq(reader), 7);
	(void)r4;

	/* Crash before a commit = last_seq behind the documents. Roll it
	 * back by hand and sync again: the same index comes out. */
	assert_int_equal(lt_xdb_metadata_set(lt_index_xdb(ix), "luutru.last_seq", "0", &err), 0);
	assert_int_equal(lt_xdb_commit(lt_index_xdb(ix), &err), 0);
	lt_index_free(ix);
	assert_int_equal(lt_index_open(&ix, path, LT_INDEX_WRITE, &err), 0);
	assert_int_equal(lt_index_last_seq(ix), 0);
	sync_ok(ix, f->cat, &st);
	assert_int_equal(st.applied, 7);
	assert_int_equal(st.last_seq, 7);
	assert_int_equal(doc_count(ix), 2);
	assert_int_equal(term_freq(ix, "khen"), 1);
	assert_int_equal(term_freq(ix, "Quid-2"), 0);

	/* And a crash in the middle of a batch: changes without a commit of
	 * last_seq are dropped with the transaction. */
	assert_int_equal(lt_xdb_begin(lt_index_xdb(ix), &err), 0);
	assert_int_equal(lt_xdb_delete(lt_index_xdb(ix), "Quid-1", &err), 0);
	lt_index_free(ix); /* dies with the transaction open */
	assert_int_equal(lt_index_open(&ix, path, LT_INDEX_WRITE, &err), 0);
	assert_int_equal(doc_count(ix), 2);
	assert_int_equal(lt_index_last_seq(ix), 7);

	lt_index_free(reader);
	lt_index_free(ix);
}

static void test_batches(void **state)
{
	fixture *f = *state;
	const char *path = lt_archive_index_path(f->ar);
	lt_index_sync_stats st;
	lt_error err = LT_ERROR_INIT;
	lt_index *ix = NULL;
	int64_t ids[5];

	for (int i = 0; i < 5; i++) {
		char uid[16];
		snprintf(uid, sizeof(uid), "b-%d", i);
		ids[i] = add_record(f->cat, uid, "Văn bản", "nội dung", i % 4);
	}
	/* 25000 more rows: more than two batches of 10000, many naming one
	 * record. */
	exec_sql(f->cat, "BEGIN");
	for (int i = 0; i < 25000; i++)
		outbox(f->cat, ids[i % 5], "upsert");
	exec_sql(f->cat, "COMMIT");

	assert_int_equal(lt_index_open(&ix, path, LT_INDEX_WRITE, &err), 0);
	sync_ok(ix, f->cat, &st);
	assert_int_equal(st.applied, 25005);
	assert_int_equal(st.last_seq, 25005);
	/* Each record once per batch, three batches. */
	assert_int_equal(st.documents, 15);
	assert_int_equal(doc_count(ix), 5);
	lt_index_free(ix);
}

/* A long sync killed midway keeps what it committed (it commits by time,
 * not only at the end of a 10,000-row batch): a child syncs 3,000 records
 * committing after every document; once the index shows progress it is
 * killed; the index then holds exactly the documents of its last commit,
 * and the next sync completes from there. */
static void test_killed_sync_keeps_progress(void **state)
{
	fixture *f = *state;
	const char *path = lt_archive_index_path(f->ar);
	lt_index_sync_stats st;
	lt_error err = LT_ERROR_INIT;
	lt_index *ix = NULL, *reader = NULL;
	uint64_t docs = 0;
	int64_t seen = 0;
	int status;
	pid_t pid;

	exec_sql(f->cat, "BEGIN");
	for (int i = 0; i < 3000; i++) {
		char sql[200];
		snprintf(sql, sizeof(sql),
		         "INSERT INTO main.records(uid, title) VALUES ('k-%d', 'Công văn số %d');"
		         "INSERT INTO main.index_outbox(record_id, uid, op)"
		         " VALUES (last_insert_rowid(), 'k-%d', 'upsert');",
		         i, i, i);
		exec_sql(f->cat, sql);
	}
	exec_sql(f->cat, "COMMIT");
	/* The index exists before the child writes to it. */
	assert_int_equal(lt_index_open(&ix, path, LT_INDEX_WRITE, &err), 0);
	lt_index_free(ix);
	ix = NULL;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		lt_archive *ar = NULL;
		lt_index *w = NULL;
		if (lt_archive_open(&ar, lt_archive_dir(f->ar), 0, NULL) != 0 ||
		    lt_index_open(&w, path, LT_INDEX_WRITE, NULL) != 0)
			_exit(3);
		lt_index_set_commit_seconds(w, 0);
		lt_index_sync(w, lt_archive_catalog(ar), NULL, NULL);
		_exit(0);
	}
	assert_int_equal(lt_index_open(&reader, path, 0, &err), 0);
	while ((seen = lt_index_last_seq(reader)) == 0 && waitpid(pid, &status, WNOHANG) == 0)
		usleep(2000);
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	/* Progress survived the kill: the child was killed right after its
	 * first commits, thousands of commits before its end (a sync that
	 * committed only at the end of its batch shows 0 until it is done). */
	seen = lt_index_last_seq(reader);
	assert_true(seen > 0);
	assert_true(seen < 3000);
	assert_int_equal(lt_index_doc_count(reader, &docs, &err), 0);
	assert_int_equal((int64_t)docs, seen); /* one record per row: the commit is exact */
	lt_index_free(reader);
	assert_int_equal(lt_index_open(&ix, path, LT_INDEX_WRITE, &err), 0);
	sync_ok(ix, f->cat, &st);
	assert_int_equal(st.applied, (size_t)(3000 - seen));
	assert_int_equal(doc_count(ix), 3000);
	assert_int_equal(lt_index_last_seq(ix), 3000);
	lt_index_free(ix);
}

static void test_open_errors(void **state)
{
	fixture *f = *state;
	const char *path = lt_archive_index_path(f->ar);
	lt_error err = LT_ERROR_INIT;
	lt_index *w = NULL, *w2 = NULL, *r = NULL;

	/* No index yet: a reader gets "not found" and a hint. */
	assert_int_equal(lt_index_open(&r, path, 0, &err), LT_ENOTFOUND);
	assert_null(r);
	assert_non_null(strstr(err.message, "reindex"));
	assert_int_equal(lt_index_open(&w, path, LT_INDEX_WRITE, &err), 0);
	assert_int_equal(lt_index_open(&w2, path, LT_INDEX_WRITE, &err), LT_EBUSY);
	assert_null(w2);
	assert_int_equal(lt_index_open(&r, path, 0, &err), 0);
	/* Sync needs the writer. */
	assert_int_equal(lt_index_sync(r, f->cat, NULL, &err), LT_EINVAL);
	lt_index_free(r);
	lt_index_free(w);
	lt_index_free(NULL);
}

/* Rebuild into a new generation, swap, and a long-lived reader follows. */
static void test_rebuild_and_swap(void **state)
{
	fixture *f = *state;
	const char *path = lt_archive_index_path(f->ar);
	lt_index_sync_stats st;
	lt_error err = LT_ERROR_INIT;
	lt_index *w = NULL, *reader = NULL, *g = NULL;
	lt_buf next = LT_BUF_INIT, link = LT_BUF_INIT;
	char target[256];
	ssize_t n;
	int64_t r2;

	add_record(f->cat, "uid-1", "Quyết định bổ nhiệm", "Điều 1", 0);
	r2 = add_record(f->cat, "uid-2", "Công văn về việc họp", NULL, 0);
	add_record(f->cat, "uid-3", "Báo cáo tổng kết", "năm 2021", 0);
	assert_int_equal(lt_index_open(&w, path, LT_INDEX_WRITE, &err), 0);
	sync_ok(w, f->cat, &st);
	lt_index_free(w);
	assert_int_equal(lt_index_open(&reader, path, 0, &err), 0);
	assert_string_equal(lt_index_generation(reader), "");
	assert_int_equal(doc_count(reader), 3);

	/* A deleted record is not rebuilt; a shard takes its share. */
	exec_sql(f->cat, "UPDATE main.records SET status = 'deleted' WHERE id = 3");
	assert_int_equal(lt_index_next_generation(path, &next, &err), 0);
	assert_non_null(strstr(lt_buf_cstr(&next), "/index.g1"));
	assert_int_equal(lt_index_prepare_generation(path, lt_buf_cstr(&next), &err), 0);
	assert_int_equal(lt_index_open(&g, lt_buf_cstr(&next), LT_INDEX_WRITE, &err), 0);
	assert_int_equal(lt_index_rebuild(g, f->cat, 0, 0, &st, &err), 0);
	assert_int_equal(st.documents, 2);
	assert_int_equal(st.last_seq, 3);
	assert_int_equal(term_freq(g, "hop"), 1);
	lt_index_free(g);

	/* Until the swap the reader still sees the old generation. */
	assert_int_equal(lt_index_refresh(reader, &err), 0);
	assert_int_equal(doc_count(reader), 3);
	assert_int_equal(lt_index_swap(path, lt_buf_cstr(&next), &err), 0);
	n = readlink(path, target, sizeof(target) - 1);
	assert_true(n > 0);
	target[n] = '\0';
	assert_string_equal(target, "index.g1");
	/* The old directory is kept as generation 0 for readers in flight. */
	lt_buf_printf(&link, "%s.g0", path);
	assert_true(lt_fs_is_dir(lt_buf_cstr(&link)));
	assert_int_equal(lt_index_refresh(reader, &err), 0);
	assert_string_equal(lt_index_generation(reader), "index.g1");
	assert_int_equal(doc_count(reader), 2);
	assert_int_equal(lt_index_last_seq(reader), 3);

	/* Later changes sync into the new generation through the link. */
	exec_sql(f->cat, "UPDATE main.records SET title = 'Công văn mời họp' WHERE id = 2");
	outbox(f->cat, r2, "upsert");
	assert_int_equal(lt_index_open(&w, path, LT_INDEX_WRITE, &err), 0);
	sync_ok(w, f->cat, &st);
	assert_int_equal(st.applied, 1);
	lt_index_free(w);
	assert_int_equal(term_freq(reader, "moi"), 0); /* not refreshed yet */
	assert_int_equal(lt_index_refresh(reader, &err), 0);
	assert_int_equal(term_freq(reader, "moi"), 1);

	/* The next generation: g0 pruned, g1 kept, the swap a plain rename. */
	lt_buf_reset(&next);
	assert_int_equal(lt_index_next_generation(path, &next, &err), 0);
	assert_non_null(strstr(lt_buf_cstr(&next), "/index.g2"));
	assert_int_equal(lt_index_prepare_generation(path, lt_buf_cstr(&next), &err), 0);
	assert_false(lt_fs_exists(lt_buf_cstr(&link)));
	assert_int_equal(lt_index_open(&g, lt_buf_cstr(&next), LT_INDEX_WRITE, &err), 0);
	assert_int_equal(lt_index_rebuild(g, f->cat, 1, 2, &st, &err), 0);
	assert_int_equal(st.documents, 1); /* ids 1 and 3: 3 is deleted */
	assert_int_equal(lt_index_rebuild(g, f->cat, 2, 2, &st, &err), LT_EINVAL);
	lt_index_free(g);
	assert_int_equal(lt_index_swap(path, lt_buf_cstr(&next), &err), 0);
	assert_int_equal(lt_index_refresh(reader, &err), 0);
	assert_string_equal(lt_index_generation(reader), "index.g2");
	assert_int_equal(doc_count(reader), 1);

	/* A reader cannot rebuild. */
	assert_int_equal(lt_index_rebuild(reader, f->cat, 0, 0, &st, &err), LT_EINVAL);
	lt_index_free(reader);
	lt_buf_free(&next);
	lt_buf_free(&link);
}

/* Two local shards searched as one; the configured shards of a data
 * directory; bad shard lists. */
static void test_shards(void **state)
{
	fixture *f = *state;
	lt_buf a = LT_BUF_INIT, b = LT_BUF_INIT, conf = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_index *s1 = NULL, *s2 = NULL, *both = NULL;
	const char *specs[2];
	FILE *fp;

	add_record(f->cat, "uid-1", "Quyết định bổ nhiệm", "Điều 1", 0);
	add_record(f->cat, "uid-2", "Công văn bổ nhiệm", NULL, 0);
	add_record(f->cat, "uid-3", "Báo cáo tổng kết", "năm 2021", 0);
	lt_buf_printf(&a, "%s/shard-a", f->tmp);
	lt_buf_printf(&b, "%s/shard-b", f->tmp);
	assert_int_equal(lt_index_open(&s1, a.data, LT_INDEX_WRITE, &err), 0);
	assert_int_equal(lt_index_rebuild(s1, f->cat, 0, 2, NULL, &err), 0);
	assert_int_equal(lt_index_open(&s2, b.data, LT_INDEX_WRITE, &err), 0);
	assert_int_equal(lt_index_rebuild(s2, f->cat, 1, 2, NULL, &err), 0);
	assert_int_equal(doc_count(s1), 1);
	assert_int_equal(doc_count(s2), 2);
	lt_index_free(s1);
	lt_index_free(s2);
	specs[0] = a.data;
	specs[1] = b.data;
	assert_int_equal(lt_index_open_shards(&both, specs, 2, &err), 0);
	assert_int_equal(doc_count(both), 3);
	assert_int_equal(term_freq(both, "nhiem"), 2);
	assert_int_equal(lt_index_refresh(both, &err), 0);
	lt_index_free(both);

	/* Through luutru.conf, a relative path under the data directory. */
	lt_buf_printf(&conf, "%s/luutru.conf", lt_archive_dir(f->ar));
	fp = fopen(conf.data, "a");
	assert_non_null(fp);
	fprintf(fp, "# shards\nindex_shards = %s ,  ../shard-b\n", a.data);
	fclose(fp);
	assert_int_equal(
	    lt_index_open_reader(&both, lt_archive_dir(f->ar), lt_archive_index_path(f->ar), &err),
	    0);
	assert_int_equal(doc_count(both), 3);
	lt_index_free(both);

	specs[1] = "tcp://127.0.0.1:notaport";
	assert_int_equal(lt_index_open_shards(&both, specs, 2, &err), LT_EINVAL);
	assert_null(both);
	specs[1] = "tcp://nohost";
	assert_int_equal(lt_index_open_shards(&both, specs, 2, &err), LT_EINVAL);
	specs[1] = "/nonexistent/shard";
	assert_int_equal(lt_index_open_shards(&both, specs, 2, &err), LT_ENOTFOUND);
	assert_int_equal(lt_index_open_shards(&both, specs, 0, &err), LT_EINVAL);
	lt_buf_free(&a);
	lt_buf_free(&b);
	lt_buf_free(&conf);
}

/* lt_index_sync_follow (luutru import): a second connection follows the
 * outbox while this one keeps adding rows, and returns once told no more
 * will come, with every row applied. */
typedef struct follow_ctx {
	lt_index *ix;
	lt_catalog *cat;
	atomic_int done;
	lt_index_sync_stats st;
	int rc;
	lt_error err;
} follow_ctx;

static void *follow_thread(void *arg)
{
	follow_ctx *c = arg;
	c->rc = lt_index_sync_follow(c->ix, c->cat, &c->done, &c->st, &c->err);
	return NULL;
}

static void test_follow(void **state)
{
	fixture *f = *state;
	follow_ctx c;
	pthread_t th;
	lt_error err = LT_ERROR_INIT;
	int64_t ids[6];
	char uid[32], title[64];

	memset(&c, 0, sizeof(c));
	atomic_init(&c.done, 0);
	if (lt_index_open(&c.ix, lt_archive_index_path(f->ar), LT_INDEX_WRITE, &err) ||
	    lt_catalog_open(&c.cat, lt_catalog_path(f->cat), LT_CATALOG_READONLY, &err))
		fail_msg("open: %s", err.message);
	assert_int_equal(pthread_create(&th, NULL, follow_thread, &c), 0);
	for (int i = 0; i < 6; i++) {
		snprintf(uid, sizeof(uid), "follow-%d", i);
		snprintf(title, sizeof(title), "Văn bản theo dõi số %d", i);
		ids[i] = add_record(f->cat, uid, title, "nội dung hồ sơ", 0);
	}
	outbox(f->cat, ids[2], "delete");
	atomic_store(&c.done, 1);
	assert_int_equal(pthread_join(th, NULL), 0);
	if (c.rc)
		fail_msg("follow: %s", c.err.message);
	assert_int_equal(c.st.applied, 7);
	assert_int_equal(c.st.documents, 5);
	assert_int_equal(c.st.deleted, 1);
	assert_int_equal(doc_count(c.ix), 5);
	assert_int_equal(term_freq(c.ix, "Qfollow-2"), 0);
	assert_int_equal(term_freq(c.ix, "Qfollow-5"), 1);
	assert_int_equal(lt_index_last_seq(c.ix), c.st.last_seq);
	assert_true(c.st.last_seq >= 7);
	lt_catalog_free(c.cat);
	lt_index_free(c.ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_sync_and_replay, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_batches, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_killed_sync_keeps_progress, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_open_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rebuild_and_swap, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_shards, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_follow, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
