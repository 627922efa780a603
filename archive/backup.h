/*
 * archive/backup.h — consistent backups of a data directory, and restore.
 *
 * A backup set is one directory:
 *   catalog.db            SQLite online-backup snapshot (sqlite3_backup_*)
 *   index/                the Xapian index, copied by the caller's
 *                         copy_index callback (archive/ does not know
 *                         indexer/; service/cmd_backup.c copies it while
 *                         holding the index's write lock)
 *   blobs/xx/yy/<sha256>  every blob the snapshot's blobs table names
 *   keys/, luutru.conf    the audit signing keys and the settings
 *   manifest-sha256.txt   "<sha256>  <path>" for every file above, in the
 *                         format of `sha256sum -c`; written last, atomically
 *
 * Full (LT_BACKUP_FULL) needs an empty or new directory. Incremental
 * updates an existing set: a new catalog snapshot, the index, and only the
 * blobs its manifest does not list yet (blobs never change: same name,
 * same bytes). Blobs are copied, never hard-linked: a backup must not
 * share a disk block with the archive it protects (rule 40).
 *
 * Order, and why the snapshot is consistent while others write:
 *   1. backup_runs row (started) — in the live catalog
 *   2. copy_index()    — the index may lag the catalog, never lead it
 *   3. catalog snapshot — one read transaction: a point in time
 *   4. blobs named by the snapshot — written before their rows, immutable
 *   5. each copied file re-hashed against its name (blobs) → verified
 *   6. manifest, then backup_runs row finished + audit entry "backup.run"
 * Restore syncs the index from the restored catalog's outbox, which
 * closes any lag from step 2.
 */
#ifndef LT_ARCHIVE_BACKUP_H
#define LT_ARCHIVE_BACKUP_H

#include <stdint.h>

#include "archive/archive.h"
#include "core/error.h"

#define LT_BACKUP_MANIFEST "manifest-sha256.txt"

typedef enum lt_backup_kind { LT_BACKUP_FULL = 0, LT_BACKUP_INCREMENTAL = 1 } lt_backup_kind;

/* Copy the index into dest (a path that does not exist yet). */
typedef int (*lt_backup_copy_index_fn)(void *ctx, const char *dest, lt_error *err);

typedef struct lt_backup_result {
	int64_t run_id; /* backup_runs.id */
	uint64_t files; /* files listed in the manifest */
	uint64_t bytes; /* their total size */
	uint64_t blobs_copied;
	uint64_t bytes_copied;
	int verified; /* every copied file re-hashed and matched */
	char manifest_sha256[65];
} lt_backup_result;

int lt_backup_run(lt_archive *ar, const char *dir, lt_backup_kind kind,
                  lt_backup_copy_index_fn copy_index, void *ctx, const char *who,
                  lt_backup_result *out, lt_error *err);

/* Check every file of a backup set against its manifest: LT_ECORRUPT
 * naming the first bad or missing file. *files (may be NULL) = count. */
int lt_backup_check(const char *dir, uint64_t *files, lt_error *err);

/* Restore a set into data_dir, which must be empty or absent (LT_EEXISTS
 * otherwise). The set is checked first; nothing is written when it fails.
 * The index is copied as backed up: the caller syncs it afterwards. On
 * failure what was written is removed again. */
int lt_backup_restore(const char *dir, const char *data_dir, lt_error *err);

/* cp -r for a directory of regular files (for copy_index callbacks). */
int lt_backup_copy_tree(const char *src, const char *dst, lt_error *err);

#endif
