/*
 * archive/audit.h — the tamper-evident audit log.
 *
 * audit_log is append-only (triggers abort UPDATE and DELETE) and
 * hash-chained: every row stores
 *   prev_hash  the previous row's hash (LT_AUDIT_GENESIS for the first row)
 *   hash       SHA-256 (hex) of the canonical serialisation of
 *              (id, at, who, action, object, detail, prev_hash)
 * The serialisation is length-prefixed — each field is "<len>:<bytes>,"
 * and a NULL is "-," — so no two different rows serialise alike.
 *
 * Anchors: every LT_AUDIT_ANCHOR_EVERY entries, and on demand
 * (lt_audit_anchor), an anchor row (action "audit.anchor") is appended
 * whose detail is "head=<hash of the previous row> sig=<Ed25519 hex>":
 * the data directory's key (archive/keys.h) signs
 * "luutru-audit-anchor\n<previous row id>\n<head hash>". Someone who can
 * write the database but not read the key cannot rewrite history up to
 * the last anchor without the signature failing.
 *
 * Seals (the witnessed tail): every commit that adds entries adds, in the
 * same transaction, a signed seal of the entries it added (table
 * audit_seals; see archive/audit.c), and the newest seal is also kept
 * outside catalog.db in keys/audit-head (written after the commit, so it
 * may lag the catalog after a crash, never lead it). Without the key
 * nobody can add, remove or change an entry — the newest included —
 * without a seal failing to match.
 *
 * What verify catches, by entry id (the first that differs): an edited
 * row (its hash no longer matches its content; or, re-hashed onwards, it
 * no longer matches the seal of its commit), a deleted row (a gap in ids;
 * the newest rows: a seal or keys/audit-head names entries that are gone),
 * reordered rows (prev_hash links broken), a row written around
 * lt_audit_append (no hash) or appended with a correct hash but without
 * the key (no seal covers it: "unsigned"), a bad anchor signature, and
 * seals removed or changed ("bad_seal"). docs/audit.md says what an
 * attacker with the key can still do.
 *
 * Transactions: lt_audit_append() and lt_audit_anchor() join the caller's
 * transaction when one is open on the connection (the audit row then
 * commits or rolls back with the change it describes — call them INSIDE
 * that transaction); otherwise they run in a BEGIN IMMEDIATE of their own.
 * The write lock serialises appenders across processes.
 */
#ifndef LT_ARCHIVE_AUDIT_H
#define LT_ARCHIVE_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "archive/catalog.h"
#include "core/error.h"

#define LT_AUDIT_GENESIS       "0000000000000000000000000000000000000000000000000000000000000000"
#define LT_AUDIT_ANCHOR_EVERY  100
#define LT_AUDIT_ANCHOR_ACTION "audit.anchor"
#define LT_AUDIT_TIME_LEN      32 /* "YYYY-MM-DDTHH:MM:SSZ" and its NUL, with room */

/* Append one entry. who and action are required; object and detail may
 * be NULL. *id_out (may be NULL) receives the new row's id. */
int lt_audit_append(lt_catalog *cat, const char *who, const char *action, const char *object,
                    const char *detail, int64_t *id_out, lt_error *err);

/* The same with the entry's time given (at, UTC "YYYY-MM-DDTHH:MM:SSZ" as
 * lt_audit_now writes it; NULL = now): for an entry recorded when the
 * event happened and written later (lt_audit_queue). The chain order is
 * the order of writing, so such an entry's time may be a little earlier
 * than its predecessor's. */
int lt_audit_append_at(lt_catalog *cat, const char *at, const char *who, const char *action,
                       const char *object, const char *detail, int64_t *id_out, lt_error *err);

/* The current time as the log writes it. */
void lt_audit_now(char out[LT_AUDIT_TIME_LEN]);

/* Append an anchor signing the current head. The key is looked up in the
 * data directory that holds the catalog file. LT_ENOTFOUND without key. */
int lt_audit_anchor(lt_catalog *cat, const char *who, lt_error *err);

/* A new data directory's keys/audit-head: the signed head of the empty
 * log (entry 0), so the file exists from the start and its absence later
 * means it was removed. Nothing when it exists or there is no key. */
int lt_audit_head_init(const char *data_dir, lt_error *err);

/* Make keys/audit-head of data_dir the newest seal in cat, even when the
 * file names a newer one: after a restore, whose keys/ may have been
 * copied after the catalog's snapshot (a head ahead of the log reads as
 * entries deleted). Nothing when the catalog has no seal. */
int lt_audit_head_write(lt_catalog *cat, const char *data_dir, lt_error *err);

/*
 * Asynchronous appends (group commit), for entries that must not make the
 * caller wait for the catalog's write lock — `luutru serve` records
 * searches this way (docs/audit.md, "Search entries are written
 * asynchronously"). lt_audit_queue_push copies the entry and its time
 * (now) into memory and returns; one background thread with its own
 * catalog connection writes whatever has queued up in one transaction
 * (every entry through lt_audit_append_at, so the chain and the anchors
 * are exactly as if written one by one). A batch that cannot be written
 * (the lock stays busy, a disk error) is kept and retried, never dropped
 * while the queue runs. lt_audit_queue_stop writes what is left before it
 * returns, retrying for up to LT_AUDIT_QUEUE_STOP_TRY_S seconds; entries it
 * still cannot write are put in the error log, each in full.
 *
 * What can be lost: entries pushed but not yet written when the process
 * dies without stop (SIGKILL, power loss) — at most the entries of the last
 * LT_AUDIT_QUEUE_DELAY_MS plus the time a busy catalog holds them back.
 */
#define LT_AUDIT_QUEUE_MAX        100000 /* a full queue makes push wait */
#define LT_AUDIT_QUEUE_BATCH      1000   /* entries per transaction, at most */
#define LT_AUDIT_QUEUE_DELAY_MS   50     /* the writer gathers entries this long */
#define LT_AUDIT_QUEUE_STOP_TRY_S 30

typedef struct lt_audit_queue lt_audit_queue;

/* Start the writer for the catalog at catalog_path (it opens its own
 * connection). */
int lt_audit_queue_start(lt_audit_queue **out, const char *catalog_path, lt_error *err);
/* Queue one entry (who and action required). Thread-safe. LT_EINVAL for a
 * missing who/action, LT_ENOMEM; the entry is then not queued. */
int lt_audit_queue_push(lt_audit_queue *q, const char *who, const char *action, const char *object,
                        const char *detail, lt_error *err);
/* Wait until every entry pushed before this call is written (or given up
 * on at stop). */
void lt_audit_queue_flush(lt_audit_queue *q);
/* Entries written so far, and batches that failed and were retried. */
void lt_audit_queue_stats(lt_audit_queue *q, uint64_t *written, uint64_t *retries);
/* Write what is left, stop the thread, free q (NULL is fine). */
void lt_audit_queue_stop(lt_audit_queue *q);

typedef struct lt_audit_problem {
	int64_t id;       /* the entry concerned: the first that differs */
	const char *kind; /* "edited", "deleted", "reordered", "unchained", "bad_anchor",
	                     "unsigned", "bad_seal" */
	char message[320];
} lt_audit_problem;

typedef struct lt_audit_report {
	size_t entries;
	size_t anchors; /* anchors whose signature verified */
	char head[65];  /* hash of the newest entry ("" when empty) */
	int64_t head_id;
	size_t nproblems;
	lt_audit_problem *problems; /* owned, by entry id; lt_audit_report_clear frees */
	size_t seals;               /* seals in the checked chain of seals */
	int64_t sealed_to;          /* the newest entry a valid seal covers (0: none) */
	int64_t head_file;          /* the entry keys/audit-head seals, -1 when absent */
} lt_audit_report;

#define LT_AUDIT_REPORT_INIT                                                                       \
	{                                                                                          \
		0, 0, {0}, 0, 0, NULL, 0, 0, -1                                                    \
	}

/* Walk the whole chain. Returns 0 when intact, LT_ECORRUPT when problems
 * were found (all listed in report; err names the first), other errors
 * when the catalog cannot be read. */
int lt_audit_verify(lt_catalog *cat, lt_audit_report *report, lt_error *err);
void lt_audit_report_clear(lt_audit_report *report);

#endif
