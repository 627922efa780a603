/*
 * archive/catalog.c — opening the SQLite catalog and migrating it.
 *
 * Order matters when opening: the version is read before anything can
 * write to the file (journal_mode=WAL rewrites the header), so a catalog
 * from a newer luutru, or another program's SQLite file, is refused without
 * a single byte changed. synchronous=FULL: in WAL mode NORMAL may lose the
 * last transactions on power loss, and an archive must not forget a record
 * it said it stored.
 */
#include "archive/catalog.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>

#include "archive/access.h"
#include "archive/schema.h"
#include "core/buf.h"
#include "core/fs.h"

#define BUSY_TIMEOUT_MS 5000

#define STMT_CACHE 8

struct lt_catalog {
	sqlite3 *db;
	char *path;
	/* on whose behalf it reads and writes (archive/access.h); the
	 * connection's lt_clearance() reads it */
	lt_principal principal;
	int isolated; /* rule 43: lt_catalog_set_isolated() */
	/* lt_catalog_set_hook() */
	const lt_catalog_hook *hook;
	void *hook_ctx;
	/* lt_catalog_stmt(): statements kept prepared, by their SQL */
	struct {
		const char *sql; /* the caller's string, compared by content */
		sqlite3_stmt *st;
		int busy;
	} stmts[STMT_CACHE];
};

/* The catalog's file system is mounted read-only (not merely a
 * connection opened read-only). */
static int fs_read_only(const char *path)
{
	struct statvfs vfs;
	return path && statvfs(path, &vfs) == 0 && (vfs.f_flag & ST_RDONLY);
}

int lt_catalog_error(lt_catalog *cat, lt_error *err, const char *what)
{
	sqlite3 *db = cat ? cat->db : NULL;
	int ext = db ? sqlite3_extended_errcode(db) : SQLITE_ERROR;
	const char *msg = db ? sqlite3_errmsg(db) : "no connection";
	int code;

	if (lt_access_is_refusal(msg))
		return lt_error_set(err, LT_EDENIED, "%s: %s", what,
		                    LT_TR("độ mật vượt quá mức mật được xem của người dùng",
		                          "secrecy above the user's clearance"));
	if (msg && strstr(msg, "lt-isolated:"))
		return lt_error_set(
		    err, LT_EDENIED, "%s: %s", what,
		    LT_TR(
		        "từ chối lưu văn bản, hồ sơ mật: hệ thống này không được khai báo là "
		        "cách ly khỏi Internet (luutru.conf: isolated = false); Luật Bảo vệ bí "
		        "mật nhà nước; quy tắc 43",
		        "refused to store a classified record or dossier: this system is not "
		        "declared isolated from the Internet (luutru.conf: isolated = false); Law "
		        "on Protection of State Secrets; rule 43"));
	/* A full or read-only disk, named as such (core/fs.h): SQLite says
	 * SQLITE_FULL, SQLITE_READONLY, or an I/O error whose errno tells. */
	if (db && ((ext & 0xff) == SQLITE_FULL ||
	           (((ext & 0xff) == SQLITE_READONLY || (ext & 0xff) == SQLITE_CANTOPEN) &&
	            fs_read_only(cat->path)) ||
	           ((ext & 0xff) == SQLITE_IOERR && lt_fs_errno_is_full(sqlite3_system_errno(db)))))
		return lt_fs_error_full(
		    err, what, cat->path,
		    (ext & 0xff) != SQLITE_FULL &&
		        ((ext & 0xff) != SQLITE_IOERR || sqlite3_system_errno(db) == EROFS),
		    msg);
	switch (ext & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED: code = LT_EBUSY; break;
	case SQLITE_NOMEM: code = LT_ENOMEM; break;
	case SQLITE_CONSTRAINT:
		code = (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
		           ? LT_EEXISTS
		           : LT_EDB;
		break;
	default: code = LT_EDB; break;
	}
	return lt_error_set(err, code, "%s: %s", what, msg);
}

static int pragma_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		*out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
		rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	sqlite3_finalize(st);
	return rc;
}

int lt_catalog_exec(lt_catalog *cat, const char *sql, lt_error *err)
{
	if (sqlite3_exec(cat->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, sql);
	return 0;
}

int lt_catalog_begin(lt_catalog *cat, lt_error *err)
{
	if (sqlite3_exec(cat->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return lt_catalog_error(
		    cat, err, LT_TR("không bắt đầu được giao dịch", "cannot begin a transaction"));
	return 0;
}

/* Busy handler of lt_catalog_begin_patient: retry every 2 ms until the
 * deadline (SQLite's own handler backs off to 100 ms sleeps, and misses
 * the short gaps between a busy writer's transactions). */
static int patient_busy(void *ctx, int count)
{
	const struct timespec *deadline = ctx;
	struct timespec now, pause = {0, 2 * 1000 * 1000};

	(void)count;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec > deadline->tv_sec ||
	    (now.tv_sec == deadline->tv_sec && now.tv_nsec >= deadline->tv_nsec))
		return 0;
	nanosleep(&pause, NULL);
	return 1;
}

int lt_catalog_begin_patient(lt_catalog *cat, int seconds, lt_error *err)
{
	struct timespec deadline;
	int rc = 0;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += seconds;
	sqlite3_busy_handler(cat->db, patient_busy, &deadline);
	if (sqlite3_exec(cat->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		rc = lt_catalog_error(
		    cat, err, LT_TR("không bắt đầu được giao dịch", "cannot begin a transaction"));
	sqlite3_busy_timeout(cat->db, BUSY_TIMEOUT_MS); /* the usual handler again */
	return rc;
}

int lt_catalog_step_nowait(lt_catalog *cat, sqlite3_stmt *st)
{
	int s;

	sqlite3_busy_timeout(cat->db, 0);
	s = sqlite3_step(st);
	sqlite3_busy_timeout(cat->db, BUSY_TIMEOUT_MS);
	return s;
}

int lt_catalog_commit(lt_catalog *cat, lt_error *err)
{
	int rc;

	if (cat->hook && cat->hook->before_commit &&
	    (rc = cat->hook->before_commit(cat, cat->hook_ctx, err)) != 0) {
		lt_catalog_rollback(cat);
		return rc;
	}
	if (sqlite3_exec(cat->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(
		    cat, err, LT_TR("không ghi được giao dịch", "cannot commit a transaction"));
		lt_catalog_rollback(cat);
		return rc;
	}
	if (cat->hook && cat->hook->after_commit)
		cat->hook->after_commit(cat, cat->hook_ctx);
	return 0;
}

static int on_commit(void *arg)
{
	lt_catalog *cat = arg;
	return cat->hook && cat->hook->veto ? cat->hook->veto(cat->hook_ctx) : 0;
}

static void on_rollback(void *arg)
{
	lt_catalog *cat = arg;
	if (cat->hook && cat->hook->ended)
		cat->hook->ended(cat->hook_ctx);
}

int lt_catalog_set_hook(lt_catalog *cat, const lt_catalog_hook *hook, void *ctx, lt_error *err)
{
	if (cat->hook && cat->hook != hook)
		return lt_error_set(err, LT_EBUSY, "lt_catalog_set_hook: another hook is set");
	if (cat->hook && cat->hook->free_ctx && cat->hook_ctx != ctx)
		cat->hook->free_ctx(cat->hook_ctx);
	cat->hook = hook;
	cat->hook_ctx = ctx;
	sqlite3_commit_hook(cat->db, on_commit, cat);
	sqlite3_rollback_hook(cat->db, on_rollback, cat);
	return 0;
}

void *lt_catalog_hook_ctx(lt_catalog *cat, const lt_catalog_hook *hook)
{
	return cat->hook == hook ? cat->hook_ctx : NULL;
}

void lt_catalog_rollback(lt_catalog *cat)
{
	if (cat && cat->db && !sqlite3_get_autocommit(cat->db))
		sqlite3_exec(cat->db, "ROLLBACK", NULL, NULL, NULL);
}

void lt_catalog_set_principal(lt_catalog *cat, const lt_principal *p)
{
	cat->principal = p ? *p : LT_PRINCIPAL_NOBODY;
}

const lt_principal *lt_catalog_principal(const lt_catalog *cat)
{
	return &cat->principal;
}

void lt_catalog_set_isolated(lt_catalog *cat, int isolated)
{
	cat->isolated = isolated != 0;
}

int lt_catalog_isolated(const lt_catalog *cat)
{
	return cat->isolated;
}

void lt_catalog_enter_system(lt_catalog *cat, lt_principal *saved)
{
	*saved = cat->principal;
	cat->principal = LT_PRINCIPAL_SYSTEM;
}

void lt_catalog_leave_system(lt_catalog *cat, const lt_principal *saved)
{
	cat->principal = *saved;
}

sqlite3 *lt_catalog_db(lt_catalog *cat)
{
	return cat->db;
}

const char *lt_catalog_path(const lt_catalog *cat)
{
	return cat->path;
}

int lt_catalog_schema_version(lt_catalog *cat)
{
	int v = -1;

	if (pragma_int(cat->db, "PRAGMA user_version", &v) != SQLITE_OK)
		return -1;
	return v;
}

int lt_catalog_stmt(lt_catalog *cat, const char *sql, sqlite3_stmt **out)
{
	int free_slot = -1, rc;

	*out = NULL;
	for (int i = 0; i < STMT_CACHE; i++) {
		if (!cat->stmts[i].st) {
			if (free_slot < 0)
				free_slot = i;
		} else if (!cat->stmts[i].busy && strcmp(cat->stmts[i].sql, sql) == 0) {
			cat->stmts[i].busy = 1;
			*out = cat->stmts[i].st;
			return SQLITE_OK;
		}
	}
	rc = sqlite3_prepare_v3(cat->db, sql, -1, free_slot >= 0 ? SQLITE_PREPARE_PERSISTENT : 0,
	                        out, NULL);
	if (rc == SQLITE_OK && free_slot >= 0) {
		cat->stmts[free_slot].sql = sql;
		cat->stmts[free_slot].st = *out;
		cat->stmts[free_slot].busy = 1;
	}
	return rc;
}

void lt_catalog_stmt_done(lt_catalog *cat, sqlite3_stmt *st)
{
	if (!st)
		return;
	for (int i = 0; i < STMT_CACHE; i++)
		if (cat->stmts[i].st == st) {
			/* Reset: no read transaction stays open behind it. */
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			cat->stmts[i].busy = 0;
			return;
		}
	sqlite3_finalize(st);
}

/* A WAL longer than this is copied into the database and truncated as a
 * connection closes. Each process that opens the catalog while no other
 * has it open rebuilds the WAL's index by reading the whole WAL, and
 * forgets what earlier processes had already copied back; a connection
 * that skips the checkpoint at close (a CLI search: one sync for its audit
 * entry, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE) would otherwise leave a WAL that
 * only grows, read again by every later command (bench/README.md, "CLI
 * search"). 1 MiB (about 250 frames) costs well under a millisecond to
 * read and is passed once in some eighty searches. */
#define WAL_KEEP_BYTES (1 << 20)

static void truncate_long_wal(lt_catalog *cat)
{
	struct stat st;
	char wal[4096];

	if (!cat->db || !cat->path || sqlite3_db_readonly(cat->db, "main") != 0 ||
	    snprintf(wal, sizeof(wal), "%s-wal", cat->path) >= (int)sizeof(wal) ||
	    stat(wal, &st) != 0 || st.st_size <= WAL_KEEP_BYTES)
		return;
	/* Never wait for another process's readers: the next close tries again. */
	sqlite3_busy_timeout(cat->db, 0);
	sqlite3_wal_checkpoint_v2(cat->db, "main", SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
}

void lt_catalog_free(lt_catalog *cat)
{
	if (!cat)
		return;
	for (int i = 0; i < STMT_CACHE; i++)
		sqlite3_finalize(cat->stmts[i].st);
	if (cat->db) {
		sqlite3_commit_hook(cat->db, NULL, NULL);
		sqlite3_rollback_hook(cat->db, NULL, NULL);
		truncate_long_wal(cat);
	}
	sqlite3_close_v2(cat->db);
	if (cat->hook && cat->hook->free_ctx)
		cat->hook->free_ctx(cat->hook_ctx);
	free(cat->path);
	free(cat);
}

/* Refuse what this build must not touch, before anything is written. */
static int check_version(lt_catalog *cat, unsigned flags, lt_error *err)
{
	int version = 0, app_id = 0, tables = 0;

	if (pragma_int(cat->db, "PRAGMA user_version", &version) != SQLITE_OK ||
	    pragma_int(cat->db, "PRAGMA application_id", &app_id) != SQLITE_OK ||
	    pragma_int(cat->db, "SELECT count(*) FROM sqlite_master", &tables) != SQLITE_OK) {
		int rc = lt_catalog_error(cat, err, cat->path);
		int ec = sqlite3_errcode(cat->db);

		/* Not a database at all (or a damaged one): say so precisely. */
		if (rc == LT_EDB && (ec == SQLITE_NOTADB || ec == SQLITE_CORRUPT)) {
			rc = LT_ECORRUPT;
			if (err)
				err->code = rc;
		}
		return rc;
	}
	if (version > LT_CATALOG_SCHEMA_VERSION)
		return lt_error_set(
		    err, LT_EVERSION,
		    LT_TR("danh mục %s có lược đồ phiên bản %d, bản luutru này chỉ hiểu "
		          "đến phiên bản %d; tệp không bị thay đổi — hãy dùng bản "
		          "luutru mới hơn",
		          "catalog %s has schema version %d, this luutru understands up "
		          "to version %d; the file was not changed — use a newer luutru"),
		    cat->path, version, LT_CATALOG_SCHEMA_VERSION);
	if ((app_id != 0 && app_id != LT_CATALOG_APPLICATION_ID) || (version == 0 && tables > 0))
		return lt_error_set(
		    err, LT_EINVAL,
		    LT_TR("%s không phải danh mục luutru (tệp SQLite của chương trình "
		          "khác); tệp không bị thay đổi",
		          "%s is not a luutru catalog (another program's SQLite file); "
		          "the file was not changed"),
		    cat->path);
	if ((flags & LT_CATALOG_READONLY) && version < LT_CATALOG_SCHEMA_VERSION)
		return lt_error_set(
		    err, LT_EVERSION,
		    LT_TR("danh mục %s có lược đồ cũ (phiên bản %d, cần %d): hãy mở "
		          "nó một lần ở chế độ ghi để nâng cấp (ví dụ `luutru config "
		          "show`, hoặc khởi động `luutru serve`)",
		          "catalog %s has an old schema (version %d, need %d): open it "
		          "once read-write to upgrade it (for example `luutru config "
		          "show`, or start `luutru serve`)"),
		    cat->path, version, LT_CATALOG_SCHEMA_VERSION);
	return 0;
}

/* One step per transaction; the version is re-read under the write lock
 * because another process may have migrated while we waited for it. */
static int migrate(lt_catalog *cat, lt_error *err)
{
	size_t nsteps;
	const lt_schema_step *steps = lt_schema_steps(&nsteps);
	int current = 0;

	/* Up to date (every open but the first after an upgrade): no write
	 * lock, so opening for a read does not wait behind a long writer. */
	if (pragma_int(cat->db, "PRAGMA user_version", &current) == SQLITE_OK &&
	    current >= LT_CATALOG_SCHEMA_VERSION)
		return 0;
	for (;;) {
		int version = 0, rc;
		char sql[64];

		if ((rc = lt_catalog_begin(cat, err)) != 0)
			return rc;
		if (pragma_int(cat->db, "PRAGMA user_version", &version) != SQLITE_OK) {
			rc = lt_catalog_error(cat, err, "user_version");
			lt_catalog_rollback(cat);
			return rc;
		}
		if (version >= LT_CATALOG_SCHEMA_VERSION || version < 0 ||
		    (size_t)version >= nsteps) {
			lt_catalog_rollback(cat);
			return 0;
		}
		if (steps[version].fn && (rc = steps[version].fn(cat->db, err)) != 0) {
			lt_catalog_rollback(cat);
			return lt_error_prefix(err,
			                       LT_TR("nâng cấp danh mục lên phiên bản %d",
			                             "upgrading the catalog to version %d"),
			                       version + 1);
		}
		if (steps[version].sql &&
		    sqlite3_exec(cat->db, steps[version].sql, NULL, NULL, NULL) != SQLITE_OK)
			goto db_fail;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version + 1);
		if (sqlite3_exec(cat->db, sql, NULL, NULL, NULL) != SQLITE_OK)
			goto db_fail;
		if (version == 0) {
			snprintf(sql, sizeof(sql), "PRAGMA application_id = %d",
			         LT_CATALOG_APPLICATION_ID);
			if (sqlite3_exec(cat->db, sql, NULL, NULL, NULL) != SQLITE_OK)
				goto db_fail;
		}
		if ((rc = lt_catalog_commit(cat, err)) != 0)
			return rc;
		continue;
	db_fail:
		rc = lt_catalog_error(
		    cat, err, LT_TR("nâng cấp danh mục thất bại", "catalog upgrade failed"));
		lt_catalog_rollback(cat);
		return rc;
	}
}

static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

/* Before SQLite's first use in the process: no memory statistics. They
 * take one process-wide mutex on every allocation, which the service's
 * threads then queue on (we never read them). Refused, harmlessly, when
 * SQLite was already initialised by someone else. */
static void sqlite_setup(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int lt_catalog_open(lt_catalog **out, const char *path, unsigned flags, lt_error *err)
{
	lt_catalog *cat;
	struct stat st;
	int oflags, rc;

	*out = NULL;
	if (!path || !*path)
		return lt_error_set(err, LT_EINVAL, "lt_catalog_open: path");
	if (!(flags & LT_CATALOG_CREATE) && stat(path, &st) != 0)
		return lt_error_set(err, LT_ENOTFOUND,
		                    LT_TR("không mở được danh mục %s: không tồn tại",
		                          "cannot open catalog %s: does not exist"),
		                    path);
	cat = calloc(1, sizeof(*cat));
	if (!cat || !(cat->path = strdup(path))) {
		free(cat);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	cat->principal = LT_PRINCIPAL_SYSTEM;
	pthread_once(&sqlite_once, sqlite_setup);
	if (flags & LT_CATALOG_READONLY)
		oflags = SQLITE_OPEN_READONLY;
	else
		oflags =
		    SQLITE_OPEN_READWRITE | (flags & LT_CATALOG_CREATE ? SQLITE_OPEN_CREATE : 0);
	if ((flags & LT_CATALOG_READONLY) && fs_read_only(path)) {
		/* On a read-only file system WAL's -shm cannot be made; nothing
		 * can change the file either, so it may be read as immutable
		 * (how `luutru verify` still reports on such a disk). */
		char *uri = sqlite3_mprintf("file:%s?immutable=1", path);
		rc = uri ? sqlite3_open_v2(uri, &cat->db, oflags | SQLITE_OPEN_URI, NULL)
		         : SQLITE_NOMEM;
		sqlite3_free(uri);
	} else {
		rc = sqlite3_open_v2(path, &cat->db, oflags, NULL);
	}
	if (rc != SQLITE_OK) {
		rc = lt_catalog_error(cat, err,
		                      LT_TR("không mở được danh mục", "cannot open the catalog"));
		lt_error_prefix(err, "%s", path);
		goto fail;
	}
	sqlite3_extended_result_codes(cat->db, 1);
	sqlite3_busy_timeout(cat->db, BUSY_TIMEOUT_MS);
	if ((rc = check_version(cat, flags, err)) != 0)
		goto fail;
	if (!(flags & LT_CATALOG_READONLY)) {
		sqlite3_stmt *stm = NULL;
		int wal = 0;

		if (sqlite3_prepare_v2(cat->db, "PRAGMA journal_mode=WAL", -1, &stm, NULL) ==
		        SQLITE_OK &&
		    sqlite3_step(stm) == SQLITE_ROW)
			wal = strcmp((const char *)sqlite3_column_text(stm, 0), "wal") == 0;
		sqlite3_finalize(stm);
		if (!wal) {
			rc = lt_catalog_error(cat, err, "PRAGMA journal_mode=WAL");
			goto fail;
		}
		if ((rc = lt_catalog_exec(cat, "PRAGMA synchronous=FULL", err)) != 0)
			goto fail;
	}
	if ((rc = lt_catalog_exec(cat, "PRAGMA foreign_keys=ON", err)) != 0)
		goto fail;
	if (!(flags & LT_CATALOG_READONLY) && (rc = migrate(cat, err)) != 0)
		goto fail;
	if ((rc = lt_schema_check_record_columns(cat->db, err)) != 0)
		goto fail;
	if ((rc = lt_access_install(cat->db, &cat->principal, &cat->isolated, err)) != 0)
		goto fail;
	*out = cat;
	return 0;
fail:
	lt_catalog_free(cat);
	return rc;
}
