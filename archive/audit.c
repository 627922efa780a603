/*
 * archive/audit.c — append-only, hash-chained, signed audit log. See audit.h.
 *
 * Invariants (checked by lt_audit_verify):
 *   1. ids are 1, 2, 3, ... with no gap (ids are given here, not by SQLite,
 *      so a deleted row leaves a visible hole).
 *   2. row n's prev_hash is row n-1's hash; row 1's is LT_AUDIT_GENESIS.
 *   3. row n's hash is SHA-256 of serialise(row n) (see audit.h).
 *   4. an anchor row's detail signs row n-1's id and hash.
 * Writers hold SQLite's write lock from reading the head to inserting the
 * new row, so two processes can never chain onto the same head.
 */
#include "archive/audit.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "archive/blobstore.h"
#include "archive/keys.h"
#include "core/buf.h"
#include "core/fs.h"
#include "core/log.h"

static int db_error(lt_catalog *cat, lt_error *err)
{
	return lt_catalog_error(cat, err, LT_TR("nhật ký kiểm toán", "audit log"));
}

static int put_field(lt_buf *b, const char *s)
{
	if (!s)
		return lt_buf_puts(b, "-,");
	return lt_buf_printf(b, "%zu:", strlen(s)) || lt_buf_puts(b, s) || lt_buf_putc(b, ',');
}

/* hash = SHA-256("luutru-audit-v1," + fields) */
static int row_hash(int64_t id, const char *at, const char *who, const char *action,
                    const char *object, const char *detail, const char *prev,
                    char out[LT_SHA256_HEX_LEN + 1])
{
	lt_buf b = LT_BUF_INIT;
	char idbuf[32];
	int rc;

	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	rc = lt_buf_puts(&b, "luutru-audit-v1,") || put_field(&b, idbuf) || put_field(&b, at) ||
	     put_field(&b, who) || put_field(&b, action) || put_field(&b, object) ||
	     put_field(&b, detail) || put_field(&b, prev);
	if (rc == 0)
		lt_sha256_hex(b.data, b.len, out);
	lt_buf_free(&b);
	return rc ? LT_ENOMEM : 0;
}

static int anchor_message(lt_buf *b, int64_t id, const char *head)
{
	return lt_buf_printf(b, "luutru-audit-anchor\n%lld\n%s", (long long)id, head);
}

/* The data directory is the catalog file's directory. */
static int data_dir_of(lt_catalog *cat, lt_buf *out)
{
	char *copy = strdup(lt_catalog_path(cat));
	int rc;

	if (!copy)
		return LT_ENOMEM;
	rc = lt_buf_puts(out, dirname(copy));
	free(copy);
	return rc;
}

static void now_iso(char out[LT_AUDIT_TIME_LEN])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, LT_AUDIT_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The newest row: id (0 when empty), hash (GENESIS when empty). */
static int head(lt_catalog *cat, int64_t *id, char hash[LT_SHA256_HEX_LEN + 1],
                int64_t *last_anchor, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int s;

	*id = 0;
	snprintf(hash, LT_SHA256_HEX_LEN + 1, "%s", LT_AUDIT_GENESIS);
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT id, hash, (SELECT coalesce(max(id), 0) FROM main.audit_log"
	                       " WHERE action = '" LT_AUDIT_ANCHOR_ACTION "')"
	                       " FROM main.audit_log ORDER BY id DESC LIMIT 1",
	                       -1, &st, NULL) != SQLITE_OK)
		return db_error(cat, err);
	s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		const char *h = (const char *)sqlite3_column_text(st, 1);
		*id = sqlite3_column_int64(st, 0);
		/* A row written around lt_audit_append has no hash: chain onto
		 * a marker of it, and verify reports it as unchained. */
		snprintf(hash, LT_SHA256_HEX_LEN + 1, "%s", h ? h : LT_AUDIT_GENESIS);
		if (last_anchor)
			*last_anchor = sqlite3_column_int64(st, 2);
	} else if (last_anchor) {
		*last_anchor = 0;
	}
	sqlite3_finalize(st);
	if (s != SQLITE_ROW && s != SQLITE_DONE)
		return db_error(cat, err);
	return 0;
}

/* at: the entry's time, NULL for now. */
static int insert_row(lt_catalog *cat, int64_t id, const char *at_given, const char *who,
                      const char *action, const char *object, const char *detail, const char *prev,
                      lt_error *err)
{
	sqlite3_stmt *st = NULL;
	char at[32], hash[LT_SHA256_HEX_LEN + 1];
	int rc = 0;

	if (at_given)
		snprintf(at, sizeof(at), "%s", at_given);
	else
		now_iso(at);
	if (row_hash(id, at, who, action, object, detail, prev, hash))
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "INSERT INTO main.audit_log(id, at, who, action, object, detail,"
	                       " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	                       -1, &st, NULL) != SQLITE_OK)
		return db_error(cat, err);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, who, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, object, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, detail, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, prev, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 8, hash, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(cat, err);
	sqlite3_finalize(st);
	return rc;
}

static int append_anchor(lt_catalog *cat, const char *who, int64_t head_id, const char *head_hash,
                         lt_error *err)
{
	lt_buf dir = LT_BUF_INIT, msg = LT_BUF_INIT, detail = LT_BUF_INIT;
	char sig[LT_KEYS_SIG_HEX_LEN + 1];
	int rc;

	if (data_dir_of(cat, &dir) || anchor_message(&msg, head_id, head_hash)) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = lt_keys_sign(dir.data, msg.data, msg.len, sig, err)) != 0)
		goto out;
	if (lt_buf_printf(&detail, "head=%s sig=%s", head_hash, sig)) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto out;
	}
	rc = insert_row(cat, head_id + 1, NULL, who, LT_AUDIT_ANCHOR_ACTION, NULL, detail.data,
	                head_hash, err);
out:
	lt_buf_free(&dir);
	lt_buf_free(&msg);
	lt_buf_free(&detail);
	return rc;
}

static int key_available(lt_catalog *cat)
{
	lt_buf dir = LT_BUF_INIT;
	int ok = data_dir_of(cat, &dir) == 0 && lt_keys_present(dir.data);

	lt_buf_free(&dir);
	return ok;
}

void lt_audit_now(char out[LT_AUDIT_TIME_LEN])
{
	now_iso(out);
}

/* ---- seals: the witnessed tail ------------------------------------------
 *
 * Every commit that adds entries adds one seal (audit_seals, schema step
 * 9) in the same transaction: the range first..last it added, the hash of
 * entry last, the digest of the previous seal (so the seals are a chain of
 * their own), `checked` — whether the writer found the previous seal's
 * signature valid, its hash still the chain's and its range ending right
 * before this one — the time, and an Ed25519 signature of all that. The
 * newest seal is also written to keys/audit-head after the commit (no
 * fsync: it may lag the catalog after a crash, never lead it).
 *
 *   lt_audit_append_at ──note_append──▶ pending (first id)
 *   lt_catalog_commit ──seal_before_commit──▶ seal row inserted, sealed
 *                     ──COMMIT──▶ seal_after_commit: keys/audit-head
 *   rollback (any) ──seal_ended──▶ nothing pending
 *   a raw COMMIT of pending entries ──seal_veto──▶ rolled back
 *
 * Verification needs one signature (the newest good seal's) in the
 * normal case; see lt_audit_verify.
 */

#define SEAL_TAG  "luutru-audit-seal-v1"
#define HEAD_FILE "keys/audit-head"

typedef struct seal {
	int64_t first, last;
	char hash[LT_SHA256_HEX_LEN + 1];
	char prev[LT_SHA256_HEX_LEN + 1];
	int checked;
	char at[LT_AUDIT_TIME_LEN];
	char sig[LT_KEYS_SIG_HEX_LEN + 1];
} seal;

/* The text a seal's signature covers. */
static int seal_message(lt_buf *b, const seal *s)
{
	return lt_buf_printf(b, SEAL_TAG "\n%lld\n%lld\n%s\n%s\n%d\n%s", (long long)s->first,
	                     (long long)s->last, s->hash, s->prev, s->checked, s->at);
}

/* What the next seal's prev names: SHA-256 of the message and signature. */
static int seal_digest(const seal *s, char out[LT_SHA256_HEX_LEN + 1])
{
	lt_buf b = LT_BUF_INIT;
	int rc = seal_message(&b, s) || lt_buf_printf(&b, "\n%s", s->sig);

	if (rc == 0)
		lt_sha256_hex(b.data, b.len, out);
	lt_buf_free(&b);
	return rc ? LT_ENOMEM : 0;
}

/* 1 when s's signature verifies, 0 when it does not; a negative status
 * (err set) when it cannot be checked — the key cannot be read, memory —
 * which is not evidence against the seal. */
static int seal_sig_check(const char *dir, const seal *s, lt_error *err)
{
	lt_buf msg = LT_BUF_INIT;
	lt_error e = LT_ERROR_INIT;
	int rc;

	if (seal_message(&msg, s) != 0) {
		lt_buf_free(&msg);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	rc = lt_keys_verify(dir, msg.data, msg.len, s->sig, &e);
	lt_buf_free(&msg);
	if (rc == 0)
		return 1;
	if (rc == LT_ECORRUPT)
		return 0;
	if (err)
		*err = e;
	return rc;
}

static int seal_sig_ok(const char *dir, const seal *s)
{
	return seal_sig_check(dir, s, NULL) == 1;
}

static void seal_from_row(sqlite3_stmt *st, int c, seal *s)
{
	const char *t;

	memset(s, 0, sizeof(*s));
	s->first = sqlite3_column_int64(st, c);
	s->last = sqlite3_column_int64(st, c + 1);
	t = (const char *)sqlite3_column_text(st, c + 2);
	snprintf(s->hash, sizeof(s->hash), "%s", t ? t : "");
	t = (const char *)sqlite3_column_text(st, c + 3);
	snprintf(s->prev, sizeof(s->prev), "%s", t ? t : "");
	s->checked = sqlite3_column_int(st, c + 4);
	t = (const char *)sqlite3_column_text(st, c + 5);
	snprintf(s->at, sizeof(s->at), "%s", t ? t : "");
	t = (const char *)sqlite3_column_text(st, c + 6);
	snprintf(s->sig, sizeof(s->sig), "%s", t ? t : "");
}

#define SEAL_COLS "first, last, hash, prev, checked, at, sig"

/* The stored hash of entry id (GENESIS for 0) into out: 1 when it
 * exists, 0 when not, negative on a database error. */
static int entry_hash(lt_catalog *cat, int64_t id, char out[LT_SHA256_HEX_LEN + 1])
{
	sqlite3_stmt *st = NULL;
	int s, found = 0;

	if (id == 0) {
		snprintf(out, LT_SHA256_HEX_LEN + 1, "%s", LT_AUDIT_GENESIS);
		return 1;
	}
	if (sqlite3_prepare_v2(lt_catalog_db(cat), "SELECT hash FROM main.audit_log WHERE id = ?",
	                       -1, &st, NULL) != SQLITE_OK)
		return LT_EDB;
	sqlite3_bind_int64(st, 1, id);
	s = sqlite3_step(st);
	if (s == SQLITE_ROW && sqlite3_column_text(st, 0)) {
		snprintf(out, LT_SHA256_HEX_LEN + 1, "%s",
		         (const char *)sqlite3_column_text(st, 0));
		found = 1;
	}
	sqlite3_finalize(st);
	return s == SQLITE_ROW || s == SQLITE_DONE ? found : LT_EDB;
}

/* ---- keys/audit-head: the newest seal, outside catalog.db ---- */

static int head_path(lt_buf *out, const char *dir)
{
	return lt_fs_join(out, dir, HEAD_FILE);
}

static int seal_to_text(lt_buf *b, const seal *s)
{
	return lt_buf_printf(
	    b,
	    SEAL_TAG "\nfirst %lld\nlast %lld\nhash %s\nprev %s\nchecked %d\nat %s\n"
	             "sig %s\n",
	    (long long)s->first, (long long)s->last, s->hash, s->prev, s->checked, s->at, s->sig);
}

/* 0 and *s filled; LT_ENOTFOUND when there is no file; LT_ECORRUPT when
 * it is not a seal (its signature is not checked here). */
static int read_head(const char *dir, seal *s)
{
	lt_buf p = LT_BUF_INIT, text = LT_BUF_INIT;
	long long first = 0, last = -1;
	int checked = -1, rc;

	memset(s, 0, sizeof(*s));
	if (head_path(&p, dir))
		return LT_ENOMEM;
	if (!lt_fs_exists(p.data)) {
		lt_buf_free(&p);
		return LT_ENOTFOUND;
	}
	rc = lt_fs_read_file(&text, p.data, 4096, NULL);
	if (rc == 0 &&
	    (sscanf(lt_buf_cstr(&text),
	            SEAL_TAG "\nfirst %lld\nlast %lld\nhash %64s\nprev %64s\nchecked %d\nat %31s\n"
	                     "sig %128s",
	            &first, &last, s->hash, s->prev, &checked, s->at, s->sig) != 7 ||
	     last < 0 || first < 1 || (checked != 0 && checked != 1) ||
	     strlen(s->hash) != LT_SHA256_HEX_LEN || strlen(s->sig) != LT_KEYS_SIG_HEX_LEN))
		rc = LT_ECORRUPT;
	else if (rc)
		rc = LT_ECORRUPT;
	s->first = first;
	s->last = last;
	s->checked = checked;
	lt_buf_free(&p);
	lt_buf_free(&text);
	return rc;
}

/* Write s to keys/audit-head unless the file already holds a newer seal.
 * Under an flock of keys/ (writers of several processes), through a
 * temporary file and rename, without fsync: after a crash the file holds
 * this seal or an older one (a lag verify accepts), never a torn one on
 * a journalling file system. */
static int write_head(const char *dir, const seal *s, int force, lt_error *err)
{
	lt_buf keys = LT_BUF_INIT, p = LT_BUF_INIT, tmp = LT_BUF_INIT, text = LT_BUF_INIT;
	seal cur;
	int dfd = -1, fd = -1, rc = 0;

	if (lt_fs_join(&keys, dir, "keys") || head_path(&p, dir) ||
	    lt_buf_printf(&tmp, "%s.tmp-XXXXXX", p.data) || seal_to_text(&text, s)) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto out;
	}
	dfd = open(keys.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || flock(dfd, LOCK_EX) != 0) {
		rc = lt_fs_error(err, LT_TR("không ghi được", "cannot write"), keys.data, errno);
		goto out;
	}
	if (!force && read_head(dir, &cur) == 0 && cur.last > s->last)
		goto out; /* a newer seal is there already */
	fd = mkstemp(tmp.data);
	if (fd < 0 || write(fd, text.data, text.len) != (ssize_t)text.len) {
		rc = lt_fs_error(err, LT_TR("không ghi được", "cannot write"), tmp.data, errno);
		goto out;
	}
	fchmod(fd, 0600); /* private, like the rest of keys/ (docs/security.md) */
	if (rename(tmp.data, p.data) != 0)
		rc = lt_fs_error(err, LT_TR("không ghi được", "cannot write"), p.data, errno);
out:
	if (fd >= 0) {
		close(fd);
		if (rc)
			unlink(tmp.data);
	}
	if (dfd >= 0)
		close(dfd); /* releases the lock */
	lt_buf_free(&keys);
	lt_buf_free(&p);
	lt_buf_free(&tmp);
	lt_buf_free(&text);
	return rc;
}

int lt_audit_head_init(const char *dir, lt_error *err)
{
	lt_buf p = LT_BUF_INIT, msg = LT_BUF_INIT;
	seal s;
	int rc = 0;

	if (head_path(&p, dir))
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	if (lt_fs_exists(p.data) || !lt_keys_present(dir))
		goto out;
	memset(&s, 0, sizeof(s));
	s.first = 1;
	s.last = 0;
	s.checked = 1;
	snprintf(s.hash, sizeof(s.hash), "%s", LT_AUDIT_GENESIS);
	snprintf(s.prev, sizeof(s.prev), "%s", LT_AUDIT_GENESIS);
	now_iso(s.at);
	if (seal_message(&msg, &s)) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = lt_keys_sign(dir, msg.data, msg.len, s.sig, err)) == 0)
		rc = write_head(dir, &s, 0, err);
out:
	lt_buf_free(&p);
	lt_buf_free(&msg);
	return rc;
}

int lt_audit_head_write(lt_catalog *cat, const char *dir, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	seal s;
	int step;

	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT " SEAL_COLS
	                       " FROM main.audit_seals ORDER BY id DESC LIMIT 1",
	                       -1, &st, NULL) != SQLITE_OK)
		return db_error(cat, err);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		seal_from_row(st, 0, &s);
	sqlite3_finalize(st);
	if (step == SQLITE_DONE)
		return 0;
	if (step != SQLITE_ROW)
		return db_error(cat, err);
	return write_head(dir, &s, 1, err);
}

/* ---- sealing at commit (catalog hook) ---- */

typedef struct seal_txn {
	int64_t first; /* first entry the open transaction appended; 0: none */
	int sealed;    /* seal_before_commit inserted the seal */
	seal s;
} seal_txn;

static void seal_reset(seal_txn *t)
{
	t->first = 0;
	t->sealed = 0;
}

/* What the writer of a seal found before its first entry (the seal's
 * `checked`): CHECKED_OK when the previous seal verifies, still matches
 * the log and ends right before first (or there is none yet: a new
 * archive, the first commit since the upgrade); CHECKED_GAP when it does
 * not (entries were added without the key, or the seal was forged);
 * CHECKED_DELETED when keys/audit-head seals entries at or after first:
 * the newest entries had been deleted. */
enum { CHECKED_GAP = 0, CHECKED_OK = 1, CHECKED_DELETED = 2 };

/* *checked as above; a negative status when a signature could not be
 * checked at all (the key unreadable): the commit fails then, rather than
 * record a gap that is not one. */
static int previous_checks_out(lt_catalog *cat, const char *dir, const seal *p, int have_p,
                               int64_t first, int *checked, lt_error *err)
{
	char h[LT_SHA256_HEX_LEN + 1];
	seal f;
	int v;

	/* The file lags or equals the log in the normal case: no signature
	 * to check then. */
	if (read_head(dir, &f) == 0 && f.last >= first) {
		if ((v = seal_sig_check(dir, &f, err)) < 0)
			return v;
		if (v) {
			*checked = CHECKED_DELETED;
			return 0;
		}
	}
	if (!have_p) {
		*checked = CHECKED_OK;
		if (read_head(dir, &f) == 0 && f.last > 0) {
			if ((v = seal_sig_check(dir, &f, err)) < 0)
				return v;
			if (v)
				*checked = CHECKED_GAP;
		}
		return 0;
	}
	*checked = CHECKED_GAP;
	if (p->last == first - 1 && entry_hash(cat, p->last, h) == 1 && strcmp(h, p->hash) == 0) {
		if ((v = seal_sig_check(dir, p, err)) < 0)
			return v;
		if (v)
			*checked = CHECKED_OK;
	}
	return 0;
}

static int seal_before_commit(lt_catalog *cat, void *ctx, lt_error *err)
{
	seal_txn *t = ctx;
	lt_buf dir = LT_BUF_INIT, msg = LT_BUF_INIT;
	sqlite3_stmt *st = NULL;
	seal p, *s = &t->s;
	int64_t hid;
	int have_p = 0, rc, step;

	if (!t->first || t->sealed)
		return 0;
	if ((rc = head(cat, &hid, s->hash, NULL, err)) != 0)
		return rc;
	if (hid < t->first) {
		t->first = 0; /* all of it rolled back to a savepoint */
		return 0;
	}
	if (data_dir_of(cat, &dir))
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT " SEAL_COLS
	                       " FROM main.audit_seals ORDER BY id DESC LIMIT 1",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(cat, err);
		goto out;
	}
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		seal_from_row(st, 0, &p);
		have_p = 1;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = db_error(cat, err);
		goto out;
	}
	s->first = t->first;
	s->last = hid;
	if ((rc = previous_checks_out(cat, dir.data, &p, have_p, t->first, &s->checked, err)) != 0)
		goto out;
	if (have_p)
		rc = seal_digest(&p, s->prev);
	else
		snprintf(s->prev, sizeof(s->prev), "%s", LT_AUDIT_GENESIS);
	now_iso(s->at);
	if (rc || seal_message(&msg, s)) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = lt_keys_sign(dir.data, msg.data, msg.len, s->sig, err)) != 0)
		goto out;
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "INSERT INTO main.audit_seals(" SEAL_COLS
	                       ") VALUES (?, ?, ?, ?, ?, ?, ?)",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(cat, err);
		goto out;
	}
	sqlite3_bind_int64(st, 1, s->first);
	sqlite3_bind_int64(st, 2, s->last);
	sqlite3_bind_text(st, 3, s->hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, s->prev, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, s->checked);
	sqlite3_bind_text(st, 6, s->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, s->sig, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(cat, err);
	sqlite3_finalize(st);
	if (rc == 0)
		t->sealed = 1;
out:
	lt_buf_free(&dir);
	lt_buf_free(&msg);
	return rc;
}

static void seal_after_commit(lt_catalog *cat, void *ctx)
{
	seal_txn *t = ctx;
	lt_error err = LT_ERROR_INIT;
	lt_buf dir = LT_BUF_INIT;

	/* The seal is committed: a head file that cannot be written only
	 * lags (verify accepts that), so this is a warning. */
	if (t->sealed && data_dir_of(cat, &dir) == 0 && write_head(dir.data, &t->s, 0, &err) != 0)
		lt_log_warn("audit: %s", err.message);
	lt_buf_free(&dir);
	seal_reset(t);
}

static void seal_ended(void *ctx)
{
	seal_reset(ctx);
}

static int seal_veto(void *ctx)
{
	seal_txn *t = ctx;

	if (t->first && !t->sealed) {
		lt_log_error("audit: a transaction that appended audit entries was committed "
		             "without lt_catalog_commit (unsealed): rolled back");
		return 1;
	}
	return 0;
}

static const lt_catalog_hook SEAL_HOOK = {seal_before_commit, seal_after_commit, seal_ended,
                                          seal_veto, free};

/* Entry id was appended inside the open transaction: seal it at commit
 * (when the data directory has a key: a bare catalog is not sealed). */
static int note_append(lt_catalog *cat, int64_t id, lt_error *err)
{
	seal_txn *t = lt_catalog_hook_ctx(cat, &SEAL_HOOK);
	int rc;

	if (!t) {
		if (!key_available(cat))
			return 0;
		if (!(t = calloc(1, sizeof(*t))))
			return lt_error_set(err, LT_ENOMEM, "out of memory");
		if ((rc = lt_catalog_set_hook(cat, &SEAL_HOOK, t, err)) != 0) {
			free(t);
			return rc;
		}
	}
	if (!t->first)
		t->first = id;
	return 0;
}

int lt_audit_append(lt_catalog *cat, const char *who, const char *action, const char *object,
                    const char *detail, int64_t *id_out, lt_error *err)
{
	return lt_audit_append_at(cat, NULL, who, action, object, detail, id_out, err);
}

int lt_audit_append_at(lt_catalog *cat, const char *at, const char *who, const char *action,
                       const char *object, const char *detail, int64_t *id_out, lt_error *err)
{
	int own = sqlite3_get_autocommit(lt_catalog_db(cat)) != 0;
	char prev[LT_SHA256_HEX_LEN + 1];
	int64_t id, last_anchor = 0;
	int rc;

	if (!who || !*who || !action || !*action)
		return lt_error_set(err, LT_EINVAL, "lt_audit_append: who, action");
	if (at && (strlen(at) + 1 > LT_AUDIT_TIME_LEN || !*at))
		return lt_error_set(err, LT_EINVAL, "lt_audit_append_at: at");
	if (own && (rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	rc = head(cat, &id, prev, &last_anchor, err);
	if (rc == 0)
		rc = insert_row(cat, id + 1, at, who, action, object, detail, prev, err);
	if (rc == 0)
		rc = note_append(cat, id + 1, err);
	if (rc == 0 && id_out)
		*id_out = id + 1;
	/* Anchor when enough entries have gone by and the key is here (a
	 * bare catalog in a test has none: it simply is not anchored). */
	if (rc == 0 && id + 1 - last_anchor >= LT_AUDIT_ANCHOR_EVERY && key_available(cat)) {
		char h[LT_SHA256_HEX_LEN + 1];
		int64_t hid;
		if ((rc = head(cat, &hid, h, NULL, err)) == 0)
			rc = append_anchor(cat, "system", hid, h, err);
	}
	if (own) {
		if (rc == 0)
			rc = lt_catalog_commit(cat, err);
		else
			lt_catalog_rollback(cat);
	}
	return rc;
}

int lt_audit_anchor(lt_catalog *cat, const char *who, lt_error *err)
{
	int own = sqlite3_get_autocommit(lt_catalog_db(cat)) != 0;
	char h[LT_SHA256_HEX_LEN + 1];
	int64_t id;
	int rc;

	if (own && (rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	rc = head(cat, &id, h, NULL, err);
	if (rc == 0)
		rc = append_anchor(cat, who ? who : "system", id, h, err);
	if (rc == 0)
		rc = note_append(cat, id + 1, err);
	if (own) {
		if (rc == 0)
			rc = lt_catalog_commit(cat, err);
		else
			lt_catalog_rollback(cat);
	}
	return rc;
}

/* ---- verification ---------------------------------------------------- */

void lt_audit_report_clear(lt_audit_report *r)
{
	if (!r)
		return;
	free(r->problems);
	memset(r, 0, sizeof(*r));
}

static int add_problem(lt_audit_report *r, int64_t id, const char *kind, const char *fmt, ...)
    LT_PRINTF(4, 5);
static int add_problem(lt_audit_report *r, int64_t id, const char *kind, const char *fmt, ...)
{
	lt_audit_problem *p = realloc(r->problems, (r->nproblems + 1) * sizeof(*p));
	va_list ap;

	if (!p)
		return LT_ENOMEM;
	r->problems = p;
	p += r->nproblems++;
	p->id = id;
	p->kind = kind;
	va_start(ap, fmt);
	vsnprintf(p->message, sizeof(p->message), fmt, ap);
	va_end(ap);
	return 0;
}

/* The id of the first row sql (one text parameter) finds, 0 when none. */
static int64_t id_where(lt_catalog *cat, const char *sql, const char *value)
{
	sqlite3_stmt *st = NULL;
	int64_t id = 0;

	if (sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, value, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

/* id of a row whose stored hash is h, 0 when none. */
static int64_t row_with_hash(lt_catalog *cat, const char *h)
{
	return id_where(cat, "SELECT id FROM main.audit_log WHERE hash = ?", h);
}

static int check_anchor(lt_catalog *cat, const char *dir, int64_t id, const char *detail,
                        const char *prev, lt_audit_report *r)
{
	char head_hash[65] = "", sig[LT_KEYS_SIG_HEX_LEN + 1] = "";
	lt_buf msg = LT_BUF_INIT;
	lt_error e = LT_ERROR_INIT;
	int rc;

	(void)cat;
	if (!detail || sscanf(detail, "head=%64s sig=%128s", head_hash, sig) != 2)
		return add_problem(
		    r, id, "bad_anchor",
		    LT_TR("mục %lld: mốc ký sai dạng", "entry %lld: malformed anchor"),
		    (long long)id);
	if (!prev || strcmp(head_hash, prev) != 0)
		return add_problem(r, id, "bad_anchor",
		                   LT_TR("mục %lld: mốc ký không khớp mục trước",
		                         "entry %lld: anchor does not match the previous entry"),
		                   (long long)id);
	if (anchor_message(&msg, id - 1, head_hash))
		return LT_ENOMEM;
	rc = lt_keys_verify(dir, msg.data, msg.len, sig, &e);
	lt_buf_free(&msg);
	if (rc == 0) {
		r->anchors++;
		return 0;
	}
	return add_problem(r, id, "bad_anchor",
	                   LT_TR("mục %lld: chữ ký mốc không hợp lệ: %s",
	                         "entry %lld: anchor signature invalid: %s"),
	                   (long long)id, e.message);
}

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* ---- seals, verified ---- */

static int sig_ok_msg(const char *dir, const seal *s)
{
	return seal_sig_ok(dir, s);
}

static int same_seal(const seal *a, const seal *b)
{
	return a->first == b->first && a->last == b->last && !strcmp(a->hash, b->hash) &&
	       !strcmp(a->prev, b->prev) && a->checked == b->checked && !strcmp(a->at, b->at) &&
	       !strcmp(a->sig, b->sig);
}

/* Does seal x still match the log: the entry it names exists with the
 * hash it signed, and its signature verifies? Cheap test first. */
static int seal_good(lt_catalog *cat, const char *dir, const seal *x)
{
	char h[LT_SHA256_HEX_LEN + 1];
	return entry_hash(cat, x->last, h) == 1 && strcmp(h, x->hash) == 0 && sig_ok_msg(dir, x);
}

/* A problem the seals show, unless the walk of the chain already named
 * that entry (a row with no hash is also a row without a seal). */
static int seal_problem(lt_audit_report *r, int64_t id, const char *kind, const char *fmt, ...)
    LT_PRINTF(4, 5);
static int seal_problem(lt_audit_report *r, int64_t id, const char *kind, const char *fmt, ...)
{
	char msg[sizeof(r->problems->message)];
	va_list ap;

	for (size_t i = 0; i < r->nproblems; i++)
		if (r->problems[i].id == id)
			return 0;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return add_problem(r, id, kind, "%s", msg);
}

/* Entries first..last, sealed together, no longer match their seal: the
 * first that may differ is first. */
static int report_edit(lt_audit_report *r, int64_t first, int64_t last, int sig_valid)
{
	if (sig_valid && first == last)
		return seal_problem(r, first, "edited",
		                    LT_TR("mục %lld đã bị sửa: nó không còn khớp dấu niêm phong ký "
		                          "khi ghi",
		                          "entry %lld was changed: it no longer matches the seal "
		                          "signed when it was written"),
		                    (long long)first);
	if (sig_valid)
		return seal_problem(
		    r, first, "edited",
		    LT_TR(
		        "các mục %lld..%lld (ghi trong cùng một giao dịch) không còn khớp dấu niêm "
		        "phong của chúng: một trong số đó đã bị sửa, sớm nhất là mục %lld",
		        "entries %lld..%lld (written in one transaction) no longer match their "
		        "seal: one of them was changed, entry %lld at the earliest"),
		    (long long)first, (long long)last, (long long)first);
	return seal_problem(r, first, "edited",
	                    LT_TR("từ mục %lld trở đi nhật ký không còn khớp dấu niêm phong hợp lệ "
	                          "nào: các mục hoặc dấu niêm phong của chúng đã bị viết lại",
	                          "from entry %lld on, the log matches no valid seal: entries or "
	                          "their seals were rewritten"),
	                    (long long)first);
}

/* The chain of seals up to seal g_id (the newest good one), oldest first:
 * each names its predecessor's digest (so g's signature vouches for every
 * seal before it), their ranges follow each other, each still matches
 * the log (a log rewritten below g and then written on shows here), and
 * each writer found what came before it sound (checked). After the first
 * break, what follows is its consequence and is not reported again. */
static int check_seal_chain(lt_catalog *cat, const char *dir, int64_t g_id, lt_audit_report *r)
{
	sqlite3_stmt *st = NULL;
	seal p, s;
	int have_p = 0, rc = 0, step, broken = 0;
	int64_t edit_from = 0;
	size_t before = r->nproblems;

	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT " SEAL_COLS ", (SELECT a.hash FROM main.audit_log a"
	                       " WHERE a.id = s.last) FROM main.audit_seals s WHERE s.id <= ?"
	                       " ORDER BY s.id",
	                       -1, &st, NULL) != SQLITE_OK)
		return LT_EDB;
	sqlite3_bind_int64(st, 1, g_id);
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *now = (const char *)sqlite3_column_text(st, 7);
		char d[LT_SHA256_HEX_LEN + 1];

		seal_from_row(st, 0, &s);
		r->seals++;
		/* The seal before no longer matched the log: an edit, unless
		 * this one seals the same ids again (deleted, ids reused). */
		if (edit_from && !(have_p && s.first <= p.last))
			rc = report_edit(r, edit_from, p.last, seal_sig_ok(dir, &p));
		edit_from = 0;
		broken = r->nproblems > before;
		if (rc || broken)
			;
		else if (!have_p && strcmp(s.prev, LT_AUDIT_GENESIS) != 0)
			rc = seal_problem(r, s.first, "bad_seal",
			                  LT_TR("các dấu niêm phong trước mục %lld đã bị xóa",
			                        "the seals before entry %lld were removed"),
			                  (long long)s.first);
		else if (have_p && (seal_digest(&p, d) || strcmp(d, s.prev) != 0))
			rc = seal_problem(
			    r, s.first, "bad_seal",
			    LT_TR("dấu niêm phong của các mục %lld..%lld không nối tiếp dấu "
			          "trước nó: một dấu niêm phong đã bị xóa hoặc sửa",
			          "the seal of entries %lld..%lld does not follow the one "
			          "before it: a seal was removed or changed"),
			    (long long)s.first, (long long)s.last);
		else if (have_p && s.first <= p.last)
			/* A writer chained onto a shorter log: the newest entries
			 * had been deleted and their ids were given again. */
			rc = seal_problem(
			    r, s.first, "deleted",
			    LT_TR("các mục %lld..%lld đã bị xóa rồi số của chúng được dùng lại: "
			          "chúng "
			          "được niêm phong hai lần",
			          "entries %lld..%lld were deleted and their ids given again: they "
			          "were sealed twice"),
			    (long long)s.first, (long long)p.last);
		else if (s.checked == CHECKED_DELETED)
			rc = seal_problem(
			    r, s.first, "deleted",
			    LT_TR("mục %lld trở đi đã từng được ghi và niêm phong rồi bị xóa "
			          "(keys/audit-head nêu chúng khi mục %lld mới được ghi)",
			          "entries from %lld on had been written and sealed, then "
			          "deleted (keys/audit-head named them when the new entry "
			          "%lld was written)"),
			    (long long)s.first, (long long)s.first);
		else if (have_p && s.first > p.last + 1)
			rc = seal_problem(
			    r, p.last + 1, "unsigned",
			    LT_TR("các mục %lld..%lld không có dấu niêm phong: được thêm "
			          "không qua luutru (không có khóa)",
			          "entries %lld..%lld carry no seal: added around luutru "
			          "(without the key)"),
			    (long long)(p.last + 1), (long long)(s.first - 1));
		else if (!now || strcmp(now, s.hash) != 0)
			edit_from = have_p ? p.last + 1 : s.first; /* judged at the next seal */
		else if (s.checked == CHECKED_GAP && have_p)
			rc = seal_problem(
			    r, p.first, "unsigned",
			    LT_TR(
			        "khi ghi mục %lld, dấu niêm phong trước đó (các mục %lld..%lld) "
			        "không "
			        "hợp lệ: các mục đó được thêm không qua luutru (không có khóa)",
			        "when entry %lld was written, the seal before it (entries "
			        "%lld..%lld) was not valid: those entries were added around luutru "
			        "(without the key)"),
			    (long long)s.first, (long long)p.first, (long long)p.last);
		else if (s.checked == CHECKED_GAP)
			rc = seal_problem(
			    r, s.first, "bad_seal",
			    LT_TR("khi ghi mục %lld, các dấu niêm phong trước đó đã bị xóa",
			          "when entry %lld was written, the seals before it had "
			          "been removed"),
			    (long long)s.first);
		p = s;
		have_p = 1;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = LT_EDB;
	if (rc == 0 && edit_from)
		rc = report_edit(r, edit_from, p.last, seal_sig_ok(dir, &p));
	sqlite3_finalize(st);
	return rc;
}

/* The catalog id of the seal equal to s, 0 when none (removed). */
static int64_t seal_id_of(lt_catalog *cat, const seal *s)
{
	return id_where(cat, "SELECT id FROM main.audit_seals WHERE sig = ?", s->sig);
}

/* The witnessed tail (see the comment at "seals" above): find the newest
 * seal that still matches the log and verifies (g) — scanning down from
 * the newest, the catalog's seals and keys/audit-head together, checking
 * a signature only where the hash matches, so an intact log costs one
 * signature — then judge what lies after it and check the seals before. */
static int check_seals(lt_catalog *cat, const char *dir, lt_audit_report *r)
{
	sqlite3_stmt *st = NULL;
	seal f, c = {0}, g = {0}, b = {0}, newest = {0};
	int fstate, f_ok = 0, f_used = 0, have_g = 0, have_b = 0, have_c = 0, any = 0;
	int have_newest = 0, step, rc = 0;
	int64_t chain_max = r->head_id, min_first = 0, c_id = 0, x_id = 0, g_id = 0;

	fstate = read_head(dir, &f);
	if (fstate == 0) {
		r->head_file = f.last;
		f_ok = sig_ok_msg(dir, &f);
		if (!f_ok)
			rc = seal_problem(
			    r, f.last, "bad_seal",
			    LT_TR("bản đầu chuỗi ký giữ ngoài danh mục (keys/audit-head) "
			          "không hợp lệ: bị sửa, hoặc hỏng khi máy mất điện (lần "
			          "ghi sau sẽ thay nó)",
			          "the signed head kept outside the catalog "
			          "(keys/audit-head) does not verify: changed, or damaged "
			          "by a power loss (the next entry replaces it)"));
	} else if (fstate == LT_ECORRUPT) {
		rc =
		    seal_problem(r, 0, "bad_seal",
		                 LT_TR("bản đầu chuỗi ký giữ ngoài danh mục (keys/audit-head) hỏng "
		                       "(lần ghi sau sẽ thay nó)",
		                       "the signed head kept outside the catalog (keys/audit-head) "
		                       "is damaged (the next entry replaces it)"));
	}
	if (rc)
		return rc;
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT " SEAL_COLS ", (SELECT min(first) FROM main.audit_seals), id"
	                       " FROM main.audit_seals ORDER BY id DESC",
	                       -1, &st, NULL) != SQLITE_OK)
		return LT_EDB;
	for (int need_row = 1;;) {
		seal *x;
		if (need_row && st) {
			step = sqlite3_step(st);
			need_row = 0;
			if (step == SQLITE_ROW) {
				seal_from_row(st, 0, &c);
				min_first = sqlite3_column_int64(st, 7);
				c_id = sqlite3_column_int64(st, 8);
				have_c = 1;
			} else {
				sqlite3_finalize(st);
				st = NULL;
				if (step != SQLITE_DONE)
					return LT_EDB;
			}
		}
		/* the next candidate, newest first; the head file in its place */
		if (f_ok && !f_used && have_c && f.last == c.last && same_seal(&f, &c))
			f_used = 1;
		if (f_ok && !f_used && (!have_c || f.last >= c.last)) {
			x = &f;
			x_id = 0;
			f_used = 1;
		} else if (have_c) {
			x = &c;
			x_id = c_id;
			have_c = 0;
			need_row = 1;
		} else {
			break;
		}
		any = 1;
		if (!have_newest) {
			newest = *x;
			have_newest = 1;
		}
		if (seal_good(cat, dir, x)) {
			g = *x;
			g_id = x_id;
			have_g = 1;
			break;
		}
		b = *x;
		have_b = 1;
	}
	if (st)
		sqlite3_finalize(st);
	if (!any)
		return 0; /* no seal anywhere: a log from before seals, or no key */
	if (fstate == LT_ENOTFOUND)
		rc = seal_problem(
		    r, newest.last, "bad_seal",
		    LT_TR(
		        "thiếu bản đầu chuỗi ký giữ ngoài danh mục (keys/audit-head): các mục mới "
		        "nhất có thể bị xóa mà không ai biết (lần ghi sau sẽ viết lại nó)",
		        "the signed head kept outside the catalog (keys/audit-head) is missing: "
		        "the newest entries could be removed unnoticed (the next entry writes it "
		        "again)"));
	if (have_g) {
		r->sealed_to = g.last;
		/* g from the head file (id 0) stands for the catalog seal
		 * equal to it: check the chain up to that one. */
		if (g_id == 0 && g.last > 0 && rc == 0)
			g_id = seal_id_of(cat, &g);
		if (g_id > 0 && rc == 0)
			rc = check_seal_chain(cat, dir, g_id, r);
	}
	{
		/* Where trust ends: after g, or before the first seal. */
		int64_t from = have_g ? g.last + 1 : (min_first > 0 ? min_first : 1);
		if (rc == 0 && have_b && b.last > chain_max) {
			if (sig_ok_msg(dir, &b))
				rc = seal_problem(
				    r, chain_max + 1 > from ? chain_max + 1 : from, "deleted",
				    LT_TR("các mục %lld..%lld đã bị xóa: chúng đã được niêm phong "
				          "khi "
				          "ghi, nay không còn",
				          "entries %lld..%lld were deleted: they were sealed when "
				          "written and are gone now"),
				    (long long)(chain_max + 1 > from ? chain_max + 1 : from),
				    (long long)b.last);
			else
				rc = seal_problem(
				    r, b.first, "bad_seal",
				    LT_TR("một dấu niêm phong nêu các mục %lld..%lld không "
				          "có, và chữ ký của nó không hợp lệ",
				          "a seal names entries %lld..%lld that do not "
				          "exist, and its signature does not verify"),
				    (long long)b.first, (long long)b.last);
		} else if (rc == 0 && have_b && have_g && b.last <= g.last) {
			/* The head file seals, for the same entries, other contents
			 * than the log has now: they were deleted and their ids given
			 * again (the catalog's seals were removed with them). */
			rc = seal_problem(
			    r, b.first, "deleted",
			    LT_TR("các mục %lld..%lld đã bị xóa rồi số của chúng được dùng "
			          "lại (keys/audit-head niêm phong nội dung khác)",
			          "entries %lld..%lld were deleted and their ids given "
			          "again (keys/audit-head seals other contents)"),
			    (long long)b.first, (long long)b.last);
		} else if (rc == 0 && have_b) {
			rc = report_edit(r, from, b.last, sig_ok_msg(dir, &b));
		} else if (rc == 0 && chain_max >= from) {
			rc = seal_problem(
			    r, from, "unsigned",
			    LT_TR("các mục %lld..%lld không có dấu niêm phong: được thêm "
			          "không qua luutru (không có khóa)",
			          "entries %lld..%lld carry no seal: added around luutru "
			          "(without the key)"),
			    (long long)from, (long long)chain_max);
		}
	}
	return rc;
}

static int problem_cmp(const void *a, const void *b)
{
	const lt_audit_problem *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

int lt_audit_verify(lt_catalog *cat, lt_audit_report *r, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_buf dir = LT_BUF_INIT;
	char prev_stored[LT_SHA256_HEX_LEN + 1];
	int64_t prev_id = 0;
	int s, rc = 0;

	memset(r, 0, sizeof(*r));
	r->head_file = -1;
	snprintf(prev_stored, sizeof(prev_stored), "%s", LT_AUDIT_GENESIS);
	if (data_dir_of(cat, &dir))
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT id, at, who, action, object, detail, prev_hash, hash"
	                       " FROM main.audit_log ORDER BY id",
	                       -1, &st, NULL) != SQLITE_OK) {
		lt_buf_free(&dir);
		return db_error(cat, err);
	}
	while (rc == 0 && (s = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *prev = col(st, 6), *stored = col(st, 7);
		char calc[LT_SHA256_HEX_LEN + 1];

		r->entries++;
		if (!stored || !prev) {
			rc = add_problem(r, id, "unchained",
			                 LT_TR("mục %lld: không có mã băm (được ghi không qua "
			                       "lt_audit_append)",
			                       "entry %lld: no hash (written around "
			                       "lt_audit_append)"),
			                 (long long)id);
			snprintf(prev_stored, sizeof(prev_stored), "%s", LT_AUDIT_GENESIS);
			prev_id = id;
			continue;
		}
		if (row_hash(id, col(st, 1), col(st, 2), col(st, 3), col(st, 4), col(st, 5), prev,
		             calc)) {
			rc = LT_ENOMEM;
			break;
		}
		if (strcmp(calc, stored) != 0)
			rc = add_problem(r, id, "edited",
			                 LT_TR("mục %lld: nội dung đã bị sửa (mã băm không khớp)",
			                       "entry %lld: content was changed (hash mismatch)"),
			                 (long long)id);
		if (rc == 0 && id != prev_id + 1)
			rc = add_problem(r, prev_id + 1, "deleted",
			                 LT_TR("mục %lld..%lld đã bị xóa (thiếu trước mục %lld)",
			                       "entries %lld..%lld were deleted (missing before "
			                       "entry %lld)"),
			                 (long long)(prev_id + 1), (long long)(id - 1),
			                 (long long)id);
		else if (rc == 0 && strcmp(prev, prev_stored) != 0) {
			int64_t other = row_with_hash(cat, prev);
			if (other && other != prev_id)
				rc = add_problem(
				    r, id, "reordered",
				    LT_TR("mục %lld: thứ tự bị đảo (mục trước của nó là "
				          "mục %lld, không phải %lld)",
				          "entry %lld: order changed (its predecessor "
				          "is entry %lld, not %lld)"),
				    (long long)id, (long long)other, (long long)prev_id);
			else
				rc =
				    add_problem(r, id, "edited",
				                LT_TR("mục %lld: chuỗi băm đứt (mục %lld đã bị sửa "
				                      "hoặc thay)",
				                      "entry %lld: chain broken (entry %lld was "
				                      "changed or replaced)"),
				                (long long)id, (long long)prev_id);
		}
		if (rc == 0 && col(st, 3) && strcmp(col(st, 3), LT_AUDIT_ANCHOR_ACTION) == 0)
			rc = check_anchor(cat, dir.data, id, col(st, 5), prev, r);
		snprintf(prev_stored, sizeof(prev_stored), "%s", stored);
		prev_id = id;
		r->head_id = id;
		snprintf(r->head, sizeof(r->head), "%s", stored);
	}
	if (rc == 0 && s != SQLITE_DONE)
		rc = db_error(cat, err);
	sqlite3_finalize(st);
	if (rc == 0 && (rc = check_seals(cat, dir.data, r)) == LT_EDB)
		rc = db_error(cat, err);
	lt_buf_free(&dir);
	if (rc == LT_ENOMEM)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	if (rc)
		return rc;
	/* By entry id: the first problem is the first entry that differs. */
	if (r->nproblems > 1)
		qsort(r->problems, r->nproblems, sizeof(*r->problems), problem_cmp);
	if (r->nproblems)
		return lt_error_set(err, LT_ECORRUPT,
		                    LT_TR("nhật ký kiểm toán bị can thiệp: %s (và %zu vấn đề khác)",
		                          "the audit log was tampered with: %s (and %zu more)"),
		                    r->problems[0].message, r->nproblems - 1);
	return 0;
}

/* ---- asynchronous appends (group commit) -------------------------------- */

typedef struct qentry {
	char at[LT_AUDIT_TIME_LEN];
	char *who, *action, *object, *detail;
} qentry;

struct lt_audit_queue {
	pthread_mutex_t lock;
	pthread_cond_t more; /* entries queued, or stop */
	pthread_cond_t done; /* a batch was written (or given up on) */
	qentry *v;           /* the pending entries, oldest first */
	size_t n, cap;
	uint64_t pushed;  /* entries ever queued */
	uint64_t settled; /* of those, written or given up on (in order) */
	uint64_t written, retries;
	int stop;
	char *path;
	lt_catalog *cat; /* the writer's connection, opened by the writer */
	pthread_t thread;
};

static void qentry_free(qentry *e)
{
	free(e->who);
	free(e->action);
	free(e->object);
	free(e->detail);
}

static int write_batch(lt_audit_queue *q, const qentry *b, size_t n, lt_error *err)
{
	int rc = 0;

	if (!q->cat && (rc = lt_catalog_open(&q->cat, q->path, 0, err)) != 0)
		return rc;
	if ((rc = lt_catalog_begin(q->cat, err)) != 0)
		return rc;
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = lt_audit_append_at(q->cat, b[i].at, b[i].who, b[i].action, b[i].object,
		                        b[i].detail, NULL, err);
	if (rc == 0)
		rc = lt_catalog_commit(q->cat, err);
	if (rc)
		lt_catalog_rollback(q->cat);
	return rc;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0)
		;
}

static void *queue_writer(void *arg)
{
	lt_audit_queue *q = arg;
	qentry *batch = NULL;
	size_t n = 0;
	long backoff = 0;
	time_t stop_deadline = 0;

	for (;;) {
		lt_error err = LT_ERROR_INIT;
		int rc, stopping;

		pthread_mutex_lock(&q->lock);
		while (q->n == 0 && !q->stop)
			pthread_cond_wait(&q->more, &q->lock);
		if (q->n == 0 && q->stop) {
			pthread_mutex_unlock(&q->lock);
			break;
		}
		stopping = q->stop;
		pthread_mutex_unlock(&q->lock);
		/* Let a burst gather: one transaction (one fsync) for all of it. */
		if (!stopping && backoff == 0)
			sleep_ms(LT_AUDIT_QUEUE_DELAY_MS);

		pthread_mutex_lock(&q->lock);
		n = q->n < LT_AUDIT_QUEUE_BATCH ? q->n : LT_AUDIT_QUEUE_BATCH;
		batch = malloc(n * sizeof(*batch));
		if (batch)
			memcpy(batch, q->v, n * sizeof(*batch));
		stopping = q->stop;
		pthread_mutex_unlock(&q->lock);
		if (!batch) {
			sleep_ms(100);
			continue;
		}

		/* The entries stay in the queue until written: a concurrent
		 * push only appends behind them. */
		rc = write_batch(q, batch, n, &err);
		free(batch);
		if (rc) {
			pthread_mutex_lock(&q->lock);
			q->retries++;
			pthread_mutex_unlock(&q->lock);
			if (stopping && !stop_deadline)
				stop_deadline = time(NULL) + LT_AUDIT_QUEUE_STOP_TRY_S;
			if (!stopping || time(NULL) < stop_deadline) {
				if (backoff == 0 || backoff >= 1000)
					lt_log_warn(
					    "audit: %zu queued entries not written yet (%s); "
					    "retrying",
					    n, err.message);
				backoff = backoff ? (backoff * 2 > 1000 ? 1000 : backoff * 2) : 50;
				sleep_ms(backoff);
				continue;
			}
			/* Stopping and still failing: keep them in the error log. */
			pthread_mutex_lock(&q->lock);
			for (size_t i = 0; i < n; i++)
				lt_log_error("audit: entry lost (%s): at=%s who=%s action=%s "
				             "object=%s detail=%s",
				             err.message, q->v[i].at, q->v[i].who, q->v[i].action,
				             q->v[i].object ? q->v[i].object : "-",
				             q->v[i].detail ? q->v[i].detail : "-");
			pthread_mutex_unlock(&q->lock);
		}
		backoff = 0;
		pthread_mutex_lock(&q->lock);
		if (rc == 0)
			q->written += n;
		for (size_t i = 0; i < n; i++)
			qentry_free(&q->v[i]);
		memmove(q->v, q->v + n, (q->n - n) * sizeof(*q->v));
		q->n -= n;
		q->settled += n;
		pthread_cond_broadcast(&q->done);
		pthread_mutex_unlock(&q->lock);
	}
	lt_catalog_free(q->cat);
	q->cat = NULL;
	return NULL;
}

int lt_audit_queue_start(lt_audit_queue **out, const char *catalog_path, lt_error *err)
{
	lt_audit_queue *q = calloc(1, sizeof(*q));

	*out = NULL;
	if (!q || !(q->path = strdup(catalog_path))) {
		free(q);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->more, NULL);
	pthread_cond_init(&q->done, NULL);
	if (pthread_create(&q->thread, NULL, queue_writer, q) != 0) {
		pthread_cond_destroy(&q->done);
		pthread_cond_destroy(&q->more);
		pthread_mutex_destroy(&q->lock);
		free(q->path);
		free(q);
		return lt_error_set(err, LT_ERR, "%s",
		                    LT_TR("không tạo được luồng ghi nhật ký kiểm toán",
		                          "cannot start the audit log writer thread"));
	}
	*out = q;
	return 0;
}

static char *dup_or_null(const char *s, int *failed)
{
	char *d;
	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*failed = 1;
	return d;
}

int lt_audit_queue_push(lt_audit_queue *q, const char *who, const char *action, const char *object,
                        const char *detail, lt_error *err)
{
	qentry e;
	int failed = 0;

	if (!who || !*who || !action || !*action)
		return lt_error_set(err, LT_EINVAL, "lt_audit_queue_push: who, action");
	memset(&e, 0, sizeof(e));
	now_iso(e.at);
	e.who = dup_or_null(who, &failed);
	e.action = dup_or_null(action, &failed);
	e.object = dup_or_null(object, &failed);
	e.detail = dup_or_null(detail, &failed);
	if (failed) {
		qentry_free(&e);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	pthread_mutex_lock(&q->lock);
	while (q->n >= LT_AUDIT_QUEUE_MAX && !q->stop)
		pthread_cond_wait(&q->done, &q->lock);
	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 256;
		qentry *v = realloc(q->v, cap * sizeof(*v));
		if (!v) {
			pthread_mutex_unlock(&q->lock);
			qentry_free(&e);
			return lt_error_set(err, LT_ENOMEM, "out of memory");
		}
		q->v = v;
		q->cap = cap;
	}
	q->v[q->n++] = e;
	q->pushed++;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&q->lock);
	return 0;
}

void lt_audit_queue_flush(lt_audit_queue *q)
{
	uint64_t target;

	if (!q)
		return;
	pthread_mutex_lock(&q->lock);
	target = q->pushed;
	while (q->settled < target)
		pthread_cond_wait(&q->done, &q->lock);
	pthread_mutex_unlock(&q->lock);
}

void lt_audit_queue_stats(lt_audit_queue *q, uint64_t *written, uint64_t *retries)
{
	pthread_mutex_lock(&q->lock);
	if (written)
		*written = q->written;
	if (retries)
		*retries = q->retries;
	pthread_mutex_unlock(&q->lock);
}

void lt_audit_queue_stop(lt_audit_queue *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->lock);
	q->stop = 1;
	pthread_cond_broadcast(&q->more);
	pthread_cond_broadcast(&q->done);
	pthread_mutex_unlock(&q->lock);
	pthread_join(q->thread, NULL);
	for (size_t i = 0; i < q->n; i++)
		qentry_free(&q->v[i]);
	free(q->v);
	free(q->path);
	pthread_cond_destroy(&q->done);
	pthread_cond_destroy(&q->more);
	pthread_mutex_destroy(&q->lock);
	free(q);
}
