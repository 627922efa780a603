/*
 * archive/catalog.h — the SQLite catalog, luutru's single source of truth.
 *
 * Opening a catalog sets WAL, foreign keys on, a busy timeout, and runs the
 * migrations: the schema version lives in PRAGMA user_version; an older
 * catalog is upgraded in one transaction per step; a catalog written by a
 * newer luutru (user_version > LT_CATALOG_SCHEMA_VERSION) is refused with
 * LT_EVERSION and left untouched. The schema itself is in archive/schema.c.
 *
 * One lt_catalog is one SQLite connection: use it from one thread at a
 * time. Other archive modules reach the connection with lt_catalog_db().
 */
#ifndef LT_ARCHIVE_CATALOG_H
#define LT_ARCHIVE_CATALOG_H

#include <sqlite3.h>

#include "archive/access.h"
#include "core/error.h"

typedef struct lt_catalog lt_catalog;

enum {
	LT_CATALOG_CREATE = 1 << 0,   /* create the file when missing */
	LT_CATALOG_READONLY = 1 << 1, /* open read-only; no migrations run */
};

/* Defined in archive/schema.c: the newest schema this build writes. */
extern const int LT_CATALOG_SCHEMA_VERSION;

int lt_catalog_open(lt_catalog **out, const char *path, unsigned flags, lt_error *err);
void lt_catalog_free(lt_catalog *cat);

/* The principal the connection reads and writes for (archive/access.h):
 * LT_PRINCIPAL_SYSTEM after open. Every read of a guarded table sees only
 * what it may see; a write above its clearance is refused (LT_EDENIED).
 * set copies *p (NULL binds LT_PRINCIPAL_NOBODY). */
void lt_catalog_set_principal(lt_catalog *cat, const lt_principal *p);
const lt_principal *lt_catalog_principal(const lt_catalog *cat);

/* Whether the deployment is declared isolated (REGULATIONS rule 43;
 * luutru.conf `isolated`, bound by lt_archive_open). Until it is, the
 * catalog refuses to store a record or dossier marked Mật or above, or
 * with access regime 03 (LT_EDENIED, whatever the path), and lt_isolated()
 * in SQL — read by the compliance check — is 0. A catalog opened on its
 * own (not through lt_archive_open) is not isolated. */
void lt_catalog_set_isolated(lt_catalog *cat, int isolated);
int lt_catalog_isolated(const lt_catalog *cat);

/* Work done for the whole archive, not shown to the person asking —
 * applying the index outbox, running OCR jobs — reads every row whatever
 * the connection's principal: enter binds LT_PRINCIPAL_SYSTEM and keeps
 * the principal in *saved, leave puts it back. Never around a read whose
 * rows or counts reach the principal. */
void lt_catalog_enter_system(lt_catalog *cat, lt_principal *saved);
void lt_catalog_leave_system(lt_catalog *cat, const lt_principal *saved);

sqlite3 *lt_catalog_db(lt_catalog *cat);
/* A statement for sql, kept prepared by the connection for the next call
 * with the same SQL (a hot path's few statements; sql must stay valid
 * as long as the catalog: a literal, or a string built once). Give it back
 * with lt_catalog_stmt_done(), which resets it (so no read transaction
 * stays open) or finalizes one that was not kept. Returns an SQLite code;
 * one connection, one thread. */
int lt_catalog_stmt(lt_catalog *cat, const char *sql, sqlite3_stmt **out);
void lt_catalog_stmt_done(lt_catalog *cat, sqlite3_stmt *st);
const char *lt_catalog_path(const lt_catalog *cat);
int lt_catalog_schema_version(lt_catalog *cat);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. rollback is safe when no
 * transaction is open. */
int lt_catalog_begin(lt_catalog *cat, lt_error *err);
/* BEGIN IMMEDIATE, waiting up to seconds for other writers (polled every
 * 2 ms, so it gets in between a busy writer's transactions) instead of the
 * connection's usual 5 s: for the last write of long work that must not
 * be lost to a busy catalog (a backup's log entry). */
int lt_catalog_begin_patient(lt_catalog *cat, int seconds, lt_error *err);
int lt_catalog_commit(lt_catalog *cat, lt_error *err);
void lt_catalog_rollback(lt_catalog *cat);
/* sqlite3_step(st) without waiting for another writer: SQLITE_BUSY at
 * once while the catalog is locked, then the usual busy timeout again.
 * For a write that may be skipped (a job's progress), never for one that
 * must be made. */
int lt_catalog_step_nowait(lt_catalog *cat, sqlite3_stmt *st);

/*
 * Work tied to the connection's transactions. archive/audit.c seals the
 * audit log this way: what a transaction appended is signed inside that
 * same transaction, just before it commits. One hook per connection, set
 * once and kept until lt_catalog_free (which calls free_ctx):
 *   before_commit  lt_catalog_commit calls it inside the transaction,
 *                  before COMMIT; non-zero rolls the transaction back
 *                  and is the commit's error
 *   after_commit   once COMMIT succeeded (outside any transaction)
 *   ended          the transaction rolled back, whoever ended it
 *   veto           any commit of the connection, even one not made by
 *                  lt_catalog_commit (a raw COMMIT or RELEASE): non-zero
 *                  turns it into a rollback (work before_commit had to
 *                  do was skipped)
 */
typedef struct lt_catalog_hook {
	int (*before_commit)(lt_catalog *cat, void *ctx, lt_error *err);
	void (*after_commit)(lt_catalog *cat, void *ctx);
	void (*ended)(void *ctx);
	int (*veto)(void *ctx);
	void (*free_ctx)(void *ctx);
} lt_catalog_hook;
/* Set the connection's hook (hook must outlive the connection: a static).
 * LT_EBUSY when another hook is set. */
int lt_catalog_set_hook(lt_catalog *cat, const lt_catalog_hook *hook, void *ctx, lt_error *err);
/* The ctx set with hook, NULL when hook is not the connection's. */
void *lt_catalog_hook_ctx(lt_catalog *cat, const lt_catalog_hook *hook);

/* Execute SQL with no result rows. */
int lt_catalog_exec(lt_catalog *cat, const char *sql, lt_error *err);

/* Turn the connection's current SQLite error into an lt_error:
 * LT_EBUSY for SQLITE_BUSY/LOCKED, LT_EEXISTS for a UNIQUE constraint,
 * LT_EDB otherwise; the message is "<what>: <sqlite message>". */
int lt_catalog_error(lt_catalog *cat, lt_error *err, const char *what);

#endif
