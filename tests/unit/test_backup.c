/* tests/unit/test_backup.c — archive/backup: full and incremental sets with
 * their signed seal, a snapshot taken while another connection holds the
 * write lock, a damaged stored file left out (the set sealed as
 * incomplete), and restore that refuses a missing, extra, unlisted or
 * damaged file, a tampered seal, another key or an unfinished run, naming
 * it, without writing anything. */
#include "tests/unit/support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "archive/audit.h"
#include "archive/backup.h"
#include "archive/ingest.h"
#include "archive/keys.h"
#include "archive/verify.h"
#include "core/buf.h"
#include "core/fs.h"

typedef struct fixture {
	char *dir, *data, *set;
	lt_archive *ar;
	char sha[3][65];
} fixture;

static char *path_in(const char *a, const char *b)
{
	lt_buf p = LT_BUF_INIT;
	lt_fs_join(&p, a, b);
	return lt_buf_detach(&p);
}

static void ingest_text(fixture *f, const char *name, const char *text, char *sha)
{
	char *p = path_in(f->dir, name);
	lt_error err = LT_ERROR_INIT;
	lt_ingest_result res;

	lt_test_write_file(p, text, strlen(text));
	if (lt_ingest_file(f->ar, p, NULL, &res, &err) != 0)
		fail_msg("ingest: %s", err.message);
	if (sha)
		memcpy(sha, res.sha256, 65);
	free(p);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	f->dir = lt_test_tmpdir();
	f->data = path_in(f->dir, "data");
	f->set = path_in(f->dir, "set");
	assert_int_equal(lt_archive_open(&f->ar, f->data, LT_ARCHIVE_CREATE, NULL), 0);
	assert_int_equal(lt_keys_ensure(f->data, NULL), 0);
	ingest_text(f, "a.txt", "Công văn về lưu trữ hồ sơ.\n", f->sha[0]);
	ingest_text(f, "b.txt", "Báo cáo tổng kết năm.\n", f->sha[1]);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	lt_archive_free(f->ar);
	free(f->data);
	free(f->set);
	lt_test_rmtree_free(f->dir);
	free(f);
	return 0;
}

static long long scalar_db(const char *dbpath, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long v = -1;

	assert_int_equal(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static long long scalar(fixture *f, const char *sql)
{
	return lt_test_scalar(lt_archive_catalog(f->ar), sql);
}

static void backup_ok(fixture *f, const char *set, lt_backup_kind kind, lt_backup_result *res)
{
	lt_error err = LT_ERROR_INIT;

	if (lt_backup_run(f->ar, set, kind, "t", res, &err))
		fail_msg("backup: %s", err.message);
}

static char *blob_in(const char *root, const char *sha)
{
	char rel[128];
	snprintf(rel, sizeof(rel), "blobs/%.2s/%.2s/%s", sha, sha + 2, sha);
	return path_in(root, rel);
}

static void test_full_and_restore(void **state)
{
	fixture *f = *state;
	lt_backup_result res;
	lt_backup_set_info info;
	lt_error err = LT_ERROR_INIT;
	char *snap = path_in(f->set, "catalog.db"), *idx = path_in(f->set, "index");
	char *seal = path_in(f->set, LT_BACKUP_SEAL), *marker = path_in(f->set, LT_BACKUP_MARKER);
	char *target = path_in(f->dir, "restored"), *rcat = path_in(target, "catalog.db");
	char *pub = path_in(f->data, "keys/audit-ed25519.pub.pem");
	lt_archive *r = NULL;
	lt_verify_report rep = LT_VERIFY_REPORT_INIT;
	lt_audit_report arep = LT_AUDIT_REPORT_INIT;
	lt_backup_restore_options o = LT_BACKUP_RESTORE_OPTIONS_INIT;

	backup_ok(f, f->set, LT_BACKUP_FULL, &res);
	assert_int_equal(res.blobs_copied, 2);
	assert_int_equal(res.verified, 1);
	assert_int_equal(res.nskipped, 0);
	assert_true(res.run_id > 0);
	assert_int_equal(strlen(res.manifest_sha256), 64);
	assert_int_equal(strlen(res.key_sha256), 64);
	lt_backup_result_clear(&res);
	/* the index is derived: not in the set; the seal is; no marker left */
	assert_false(lt_fs_exists(idx));
	assert_true(lt_fs_exists(seal));
	assert_false(lt_fs_exists(marker));
	assert_int_equal(scalar_db(snap, "SELECT count(*) FROM records"), 2);
	assert_int_equal(scalar(f, "SELECT count(*) FROM backup_runs WHERE kind = 'full' AND"
	                           " verified = 1 AND finished_at IS NOT NULL AND files > 4"
	                           " AND skipped = 0 AND length(seal_sha256) = 64"),
	                 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM audit_log WHERE action = 'backup.run'"
	                           " AND detail LIKE '% complete %'"),
	                 1);
	assert_int_equal(lt_backup_check(f->set, NULL, &info, &err), 0);
	assert_int_equal(info.nskipped, 0);
	assert_string_equal(info.kind, "full");
	lt_backup_set_info_clear(&info);
	/* the archive's own public key, kept apart, accepts it */
	assert_int_equal(lt_backup_check(f->set, pub, NULL, &err), 0);

	o.pubkey_path = pub;
	if (lt_backup_restore(f->set, target, &o, &info, &err))
		fail_msg("%s", err.message);
	lt_backup_set_info_clear(&info);
	assert_int_equal(scalar_db(rcat, "SELECT count(*) FROM records"), 2);
	assert_int_equal(lt_archive_open(&r, target, 0, &err), 0);
	assert_int_equal(lt_verify_structure(r, 0, "t", &rep, &err), 0);
	assert_int_equal(rep.nissues, 0);
	assert_int_equal(lt_verify_fixity(r, "t", &rep, &err), 0);
	assert_int_equal(rep.nissues, 0);
	assert_int_equal(rep.blobs_checked, 2);
	assert_int_equal(lt_audit_verify(lt_archive_catalog(r), &arep, &err), 0);
	assert_int_equal(lt_test_scalar(lt_archive_catalog(r), "SELECT count(*) FROM audit_log"
	                                                       " WHERE action = 'backup.restore'"),
	                 1);
	lt_audit_report_clear(&arep);
	lt_verify_report_clear(&rep);
	lt_archive_free(r);
	free(snap);
	free(idx);
	free(seal);
	free(marker);
	free(target);
	free(rcat);
	free(pub);
}

static void test_incremental(void **state)
{
	fixture *f = *state;
	lt_backup_result res;
	lt_error err = LT_ERROR_INIT;
	char *other = path_in(f->dir, "other"), *oset = path_in(f->dir, "oset");
	lt_archive *o = NULL;

	assert_int_equal(lt_backup_run(f->ar, f->set, LT_BACKUP_INCREMENTAL, "t", &res, &err),
	                 LT_ENOTFOUND);
	assert_non_null(strstr(err.message, "luutru backup"));
	backup_ok(f, f->set, LT_BACKUP_FULL, &res);
	/* a second full into the same set is refused, nothing recorded */
	assert_int_equal(lt_backup_run(f->ar, f->set, LT_BACKUP_FULL, "t", &res, &err), LT_EEXISTS);
	assert_int_equal(scalar(f, "SELECT count(*) FROM backup_runs"), 1);
	ingest_text(f, "c.txt", "Thông báo mới.\n", f->sha[2]);
	backup_ok(f, f->set, LT_BACKUP_INCREMENTAL, &res);
	assert_int_equal(res.blobs_copied, 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM backup_runs WHERE kind = 'incremental'"),
	                 1);
	assert_int_equal(lt_backup_check(f->set, NULL, NULL, &err), 0);

	/* another archive (another key) cannot update this set */
	assert_int_equal(lt_archive_open(&o, other, LT_ARCHIVE_CREATE, NULL), 0);
	assert_int_equal(lt_keys_ensure(other, NULL), 0);
	assert_int_equal(lt_backup_run(o, f->set, LT_BACKUP_INCREMENTAL, "t", &res, &err),
	                 LT_ESTATE);
	/* and a set of that archive is not this key's */
	if (lt_backup_run(o, oset, LT_BACKUP_FULL, "t", &res, &err))
		fail_msg("%s", err.message);
	{
		char *pub = path_in(f->data, "keys/audit-ed25519.pub.pem");
		assert_int_equal(lt_backup_check(oset, pub, NULL, &err), LT_ECORRUPT);
		assert_non_null(strstr(err.message, pub));
		free(pub);
	}
	lt_archive_free(o);
	free(other);
	free(oset);
}

/* Another connection holds the catalog's write lock, with an uncommitted
 * row, for the whole run until the set is sealed: the backup does not
 * wait for it (only its log entry, last, does), and the snapshot is the
 * catalog before that row. */
typedef struct holder {
	char *catalog, *seal;
	int began;
	pthread_mutex_t mu;
	pthread_cond_t cv;
} holder;

static void *hold_write_lock(void *arg)
{
	holder *h = arg;
	lt_catalog *c = NULL;
	struct timespec pause = {0, 5 * 1000 * 1000};

	assert_int_equal(lt_catalog_open(&c, h->catalog, 0, NULL), 0);
	assert_int_equal(lt_catalog_begin(c, NULL), 0);
	assert_int_equal(
	    lt_catalog_exec(c, "INSERT INTO main.records(uid) VALUES ('during')", NULL), 0);
	pthread_mutex_lock(&h->mu);
	h->began = 1;
	pthread_cond_signal(&h->cv);
	pthread_mutex_unlock(&h->mu);
	while (!lt_fs_exists(h->seal))
		nanosleep(&pause, NULL);
	assert_int_equal(lt_catalog_commit(c, NULL), 0);
	lt_catalog_free(c);
	return NULL;
}

static void test_write_lock_held_during_backup(void **state)
{
	fixture *f = *state;
	lt_backup_result res;
	holder h = {NULL, NULL, 0, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};
	pthread_t t;
	char *snap = path_in(f->set, "catalog.db");

	h.catalog = strdup(lt_catalog_path(lt_archive_catalog(f->ar)));
	h.seal = path_in(f->set, LT_BACKUP_SEAL);
	assert_int_equal(pthread_create(&t, NULL, hold_write_lock, &h), 0);
	pthread_mutex_lock(&h.mu);
	while (!h.began)
		pthread_cond_wait(&h.cv, &h.mu);
	pthread_mutex_unlock(&h.mu);
	backup_ok(f, f->set, LT_BACKUP_FULL, &res);
	pthread_join(t, NULL);
	assert_true(res.run_id > 0); /* logged once the lock was free */
	assert_int_equal(scalar_db(snap, "SELECT count(*) FROM records WHERE uid = 'during'"), 0);
	assert_int_equal(scalar_db(snap, "SELECT count(*) FROM records"), 2);
	assert_int_equal(scalar(f, "SELECT count(*) FROM records WHERE uid = 'during'"), 1);
	/* a snapshot is self-contained: no WAL mode, no -wal file needed */
	assert_int_equal(scalar_db(snap, "SELECT count(*) FROM pragma_journal_mode"
	                                 " WHERE journal_mode = 'delete'"),
	                 1);
	free(h.catalog);
	free(h.seal);
	free(snap);
}

static void test_damaged_file_left_out(void **state)
{
	fixture *f = *state;
	lt_backup_result res;
	lt_backup_set_info info;
	lt_backup_restore_options o = LT_BACKUP_RESTORE_OPTIONS_INIT;
	lt_error err = LT_ERROR_INIT;
	char *src = blob_in(f->data, f->sha[0]), *copy = blob_in(f->set, f->sha[0]);
	char *good = blob_in(f->set, f->sha[1]), *target = path_in(f->dir, "r");
	lt_archive *r = NULL;
	lt_verify_report rep = LT_VERIFY_REPORT_INIT;
	size_t len;
	char *bytes = lt_test_read_file(src, &len);

	bytes[0] ^= 0x20;
	chmod(src, 0644);
	lt_test_write_file(src, bytes, len);
	free(bytes);
	assert_int_equal(lt_backup_run(f->ar, f->set, LT_BACKUP_FULL, "t", &res, &err),
	                 LT_ECORRUPT);
	assert_non_null(strstr(err.message, f->sha[0]));
	assert_int_equal(res.nskipped, 1);
	assert_string_equal(res.skipped[0].sha256, f->sha[0]);
	assert_int_equal(res.skipped[0].damage, LT_BLOB_CONTENT_CHANGED);
	assert_int_equal(res.blobs_copied, 1);
	lt_backup_result_clear(&res);
	assert_false(lt_fs_exists(copy));
	assert_true(lt_fs_exists(good));
	/* reported where it matters: the mark, the run's log */
	assert_int_equal(scalar(f, "SELECT count(*) FROM blobs WHERE damage = 'content_changed'"),
	                 1);
	assert_int_equal(scalar(f, "SELECT skipped FROM backup_runs"), 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM audit_log WHERE action = 'backup.run'"
	                           " AND detail LIKE '% incomplete %'"),
	                 1);
	/* the set checks (it is what its seal says), and says it lacks one */
	assert_int_equal(lt_backup_check(f->set, NULL, &info, &err), 0);
	assert_int_equal(info.nskipped, 1);
	lt_backup_set_info_clear(&info);
	/* restore refuses it unless told, then records the file missing */
	assert_int_equal(lt_backup_restore(f->set, target, &o, NULL, &err), LT_ESTATE);
	assert_non_null(strstr(err.message, "--allow-incomplete"));
	assert_false(lt_fs_exists(target));
	o.allow_incomplete = 1;
	if (lt_backup_restore(f->set, target, &o, NULL, &err))
		fail_msg("%s", err.message);
	assert_int_equal(lt_archive_open(&r, target, 0, &err), 0);
	assert_int_equal(lt_test_scalar(lt_archive_catalog(r),
	                                "SELECT count(*) FROM blobs WHERE damage = 'missing'"),
	                 1);
	assert_int_equal(lt_verify_structure(r, 0, "t", &rep, &err), 0);
	assert_int_equal(rep.nissues, 1);
	assert_string_equal(rep.issues[0].kind, "missing_blob");
	assert_string_equal(rep.issues[0].object, f->sha[0]);
	lt_verify_report_clear(&rep);
	lt_archive_free(r);
	free(src);
	free(copy);
	free(good);
	free(target);
}

/* A copy of the set, damaged by fn; restore must refuse it naming want. */
static void refused(fixture *f, const char *name, void (*fn)(fixture *, const char *),
                    const char *want)
{
	char *set = path_in(f->dir, name), *target = path_in(f->dir, "never");
	lt_buf cmd = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_backup_restore_options o = LT_BACKUP_RESTORE_OPTIONS_INIT;

	lt_buf_printf(&cmd, "cp -a '%s' '%s' && chmod -R u+w '%s'", f->set, set, set);
	assert_int_equal(system(cmd.data), 0);
	fn(f, set);
	assert_int_equal(lt_backup_restore(set, target, &o, NULL, &err), LT_ECORRUPT);
	if (!strstr(err.message, want))
		fail_msg("%s: \"%s\" does not name %s", name, err.message, want);
	assert_false(lt_fs_exists(target));
	lt_buf_free(&cmd);
	free(set);
	free(target);
}

static void drop_manifest_lines(const char *set, const char *containing, int last)
{
	char *m = path_in(set, LT_BACKUP_MANIFEST);
	size_t len;
	char *text = lt_test_read_file(m, &len), *out = calloc(1, len + 1), *line, *save = NULL;
	size_t n = 0, k = 0;

	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n';
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save), k++) {
		if ((containing && strstr(line, containing)) || (last && k + (size_t)last >= n))
			continue;
		strcat(out, line);
		strcat(out, "\n");
	}
	lt_test_write_file(m, out, strlen(out));
	free(text);
	free(out);
	free(m);
}

static const char *victim_sha;

static void lose_last_line(fixture *f, const char *set)
{
	(void)f;
	drop_manifest_lines(set, NULL, 1);
}

static void lose_blob_and_line(fixture *f, const char *set)
{
	char *b = blob_in(set, victim_sha);
	(void)f;
	assert_int_equal(unlink(b), 0);
	drop_manifest_lines(set, victim_sha, 0);
	free(b);
}

static void lose_blob(fixture *f, const char *set)
{
	char *b = blob_in(set, victim_sha);
	(void)f;
	assert_int_equal(unlink(b), 0);
	free(b);
}

static void add_unlisted(fixture *f, const char *set)
{
	char *p = path_in(set, "blobs/extra.txt");
	(void)f;
	lt_test_write_file(p, "x", 1);
	free(p);
}

static void flip_blob(fixture *f, const char *set)
{
	char *b = blob_in(set, victim_sha);
	size_t len;
	char *bytes = lt_test_read_file(b, &len);
	(void)f;
	bytes[1] ^= 1;
	lt_test_write_file(b, bytes, len);
	free(bytes);
	free(b);
}

static void edit_seal(fixture *f, const char *set)
{
	char *s = path_in(set, LT_BACKUP_SEAL);
	size_t len;
	char *text = lt_test_read_file(s, &len), *p = strstr(text, "manifest-lines: ");
	(void)f;
	/* one line fewer, as if the seal were made for the shortened list */
	p += strlen("manifest-lines: ");
	p[strspn(p, "0123456789") - 1]--;
	lt_test_write_file(s, text, len);
	free(text);
	free(s);
	drop_manifest_lines(set, NULL, 1);
}

static void unfinished_update(fixture *f, const char *set)
{
	char *m = path_in(set, LT_BACKUP_MARKER), *b = blob_in(set, f->sha[2]);
	lt_buf part = LT_BUF_INIT;

	lt_test_write_file(m, "started 2026-01-01T00:00:00Z pid 1\n", 35);
	lt_buf_printf(&part, "%s.part", b);
	{
		char *slash = strrchr(part.data, '/');
		*slash = '\0';
		lt_fs_mkdirs(part.data, NULL);
		*slash = '/';
	}
	lt_test_write_file(part.data, "half", 4);
	lt_buf_free(&part);
	free(m);
	free(b);
}

static void test_restore_refusals(void **state)
{
	fixture *f = *state;
	lt_backup_result res;
	lt_error err = LT_ERROR_INIT;
	char *busy = path_in(f->dir, "busy"), *keep = path_in(busy, "keep.txt");
	char *target = path_in(f->dir, "r2"), *victim, rel[100];
	lt_buf p = LT_BUF_INIT;

	ingest_text(f, "c.txt", "Thông báo thứ ba.\n", f->sha[2]);
	backup_ok(f, f->set, LT_BACKUP_FULL, &res);
	assert_int_equal(lt_backup_restore(f->set, busy, NULL, NULL, &err), 0);
	lt_fs_remove_tree(busy, NULL);
	assert_int_equal(lt_fs_mkdirs(busy, NULL), 0);
	lt_test_write_file(keep, "k", 1);
	assert_int_equal(lt_backup_restore(f->set, busy, NULL, NULL, &err), LT_EEXISTS);
	assert_true(lt_fs_exists(keep));

	/* the last line of the manifest gone: its file is then unlisted */
	{
		char *m = path_in(f->set, LT_BACKUP_MANIFEST), *text, *last;
		size_t len;
		text = lt_test_read_file(m, &len);
		text[len - 1] = '\0';
		last = strrchr(text, '\n') + 1 + 66; /* "<sha>  <path>" */
		refused(f, "s1", lose_last_line, last);
		free(text);
		free(m);
	}
	/* a stored file deleted together with its line: the set's catalog
	 * still names it, and so does the refusal (with its record) */
	victim_sha = f->sha[1];
	snprintf(rel, sizeof(rel), "blobs/%.2s/%.2s/%s", victim_sha, victim_sha + 2, victim_sha);
	refused(f, "s2", lose_blob_and_line, rel);
	refused(f, "s3", lose_blob, rel);
	refused(f, "s4", flip_blob, rel);
	refused(f, "s5", add_unlisted, "blobs/extra.txt");
	/* the seal edited to match: its signature no longer verifies */
	refused(f, "s6", edit_seal, LT_BACKUP_SEAL);
	/* an update that died half-way: the half-written file is named, and
	 * what to do */
	refused(f, "s7", unfinished_update, "--incremental");

	/* the catalog itself damaged */
	lt_fs_join(&p, f->set, "catalog.db");
	victim = lt_buf_detach(&p);
	chmod(victim, 0644);
	lt_test_write_file(victim, "not a catalog", 13);
	assert_int_equal(lt_backup_check(f->set, NULL, NULL, &err), LT_ECORRUPT);
	assert_non_null(strstr(err.message, "catalog.db"));
	assert_int_equal(lt_backup_restore(f->set, target, NULL, NULL, &err), LT_ECORRUPT);
	assert_false(lt_fs_exists(target));
	free(busy);
	free(keep);
	free(target);
	free(victim);
}

/* A run that died leaves its marker and no seal: restore says so; a full
 * run starts it over, an incremental one of a sealed set completes it. */
static void test_unfinished_runs(void **state)
{
	fixture *f = *state;
	lt_backup_result res;
	lt_error err = LT_ERROR_INIT;
	char *marker = path_in(f->set, LT_BACKUP_MARKER),
	     *half = path_in(f->set, "catalog.db.part");

	assert_int_equal(lt_fs_mkdirs(f->set, NULL), 0);
	lt_test_write_file(marker, "started x pid 1\n", 16);
	lt_test_write_file(half, "half", 4);
	assert_int_equal(lt_backup_check(f->set, NULL, NULL, &err), LT_ECORRUPT);
	assert_non_null(strstr(err.message, "started x"));
	backup_ok(f, f->set, LT_BACKUP_FULL, &res);
	assert_false(lt_fs_exists(half));
	assert_false(lt_fs_exists(marker));
	assert_int_equal(lt_backup_check(f->set, NULL, NULL, &err), 0);

	/* an update interrupted after copying a new file: completed by the
	 * next incremental run */
	ingest_text(f, "c.txt", "Thông báo thứ ba.\n", f->sha[2]);
	unfinished_update(f, f->set);
	assert_int_equal(lt_backup_check(f->set, NULL, NULL, &err), LT_ECORRUPT);
	backup_ok(f, f->set, LT_BACKUP_INCREMENTAL, &res);
	assert_int_equal(res.blobs_copied, 1);
	assert_int_equal(lt_backup_check(f->set, NULL, NULL, &err), 0);

	/* a restore that died while copying: the next one starts over; a
	 * directory without its marker is never overwritten */
	{
		char *target = path_in(f->dir, "r"),
		     *rm = path_in(target, LT_BACKUP_RESTORE_MARKER);
		char *junk = path_in(target, "catalog.db");
		lt_archive *r = NULL;
		assert_int_equal(lt_fs_mkdirs(target, NULL), 0);
		lt_test_write_file(rm, "x", 1);
		lt_test_write_file(junk, "half", 4);
		if (lt_backup_restore(f->set, target, NULL, NULL, &err))
			fail_msg("%s", err.message);
		assert_false(lt_fs_exists(rm));
		assert_int_equal(lt_archive_open(&r, target, 0, &err), 0);
		assert_int_equal(
		    lt_test_scalar(lt_archive_catalog(r), "SELECT count(*) FROM records"), 3);
		lt_archive_free(r);
		assert_int_equal(lt_backup_restore(f->set, target, NULL, NULL, &err), LT_EEXISTS);
		assert_non_null(strstr(err.message, "reindex"));
		free(target);
		free(rm);
		free(junk);
	}
	free(marker);
	free(half);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_full_and_restore, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_incremental, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_write_lock_held_during_backup, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_damaged_file_left_out, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_restore_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unfinished_runs, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
