/*
 * archive/backup.h — backups taken while others write, sealed, and restore.
 *
 * A backup set is one directory (docs/backup.md):
 *   catalog.db            the catalog at one moment: SQLite's online
 *                         backup in one step, under one read transaction
 *                         (in WAL mode a reader neither waits for writers
 *                         nor stops them)
 *   blobs/xx/yy/<sha256>  every stored file that snapshot names, read
 *                         through the verified reader (archive/fixity.h)
 *                         and read back after it was written
 *   keys/, luutru.conf    the signing keys (and whatever part of the
 *                         audit's witness lives beside them) and settings
 *   manifest-sha256.txt   "<sha256>  <path>" for every file above, in the
 *                         format of `sha256sum -c`
 *   manifest-seal.txt     the seal of the manifest: its line count and
 *                         SHA-256, the files left out as damaged, the
 *                         key's fingerprint, signed with the archive's
 *                         Ed25519 key (archive/keys.h) — as BagIt's tag
 *                         manifest seals its payload manifest
 * The search index is not in the set: it is derived from the catalog, and
 * restore rebuilds it (service/cmd_backup.c). So no backup ever waits for
 * the index's writer, and a set does not depend on Xapian's file format.
 *
 * Order of a run, and why the set is consistent while others write:
 *   1. backup-in-progress  a marker (run, start time), held locked: one
 *                          run per set; restore explains an unfinished one
 *   2. keys/, luutru.conf  before the snapshot, so a witness of the audit
 *                          chain kept beside the keys never names an
 *                          entry the snapshot lacks
 *   3. catalog.db.part     the snapshot (no write lock taken)
 *   4. blobs               those the snapshot names (an incremental run
 *                          skips those its previous manifest lists and
 *                          that are present with their size): a blob is
 *                          durable before any committed row names it and
 *                          never changes, so each is there — unless
 *                          damaged: then it is reported, marked (fixity),
 *                          left out, and the run goes on
 *   5. catalog.db.part → catalog.db, the manifest, the seal (each
 *      written atomically), the marker removed
 *   6. the run is logged: a backup_runs row and an audit entry
 *      "backup.run", in one transaction that waits for the write lock
 *      as long as it must (the set is complete by then)
 * Nothing of the run needs the catalog's write lock before step 6.
 *
 * Full (LT_BACKUP_FULL) needs an empty or new directory, or one holding
 * only an unfinished set (marker, no seal), which it starts over.
 * Incremental updates a sealed set in place: a new snapshot, the blobs not
 * in it yet, a new manifest and seal (the seal must verify first).
 */
#ifndef LT_ARCHIVE_BACKUP_H
#define LT_ARCHIVE_BACKUP_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "archive/archive.h"
#include "archive/blobstore.h"
#include "core/error.h"

#define LT_BACKUP_MANIFEST "manifest-sha256.txt"
#define LT_BACKUP_SEAL     "manifest-seal.txt"
#define LT_BACKUP_MARKER   "backup-in-progress"
/* In a data directory being restored, until the restored catalog has
 * recorded the restore. */
#define LT_BACKUP_RESTORE_MARKER "restore-in-progress"

typedef enum lt_backup_kind { LT_BACKUP_FULL = 0, LT_BACKUP_INCREMENTAL = 1 } lt_backup_kind;

/* A stored file left out of a set because it was damaged. */
typedef struct lt_backup_skipped {
	char sha256[LT_SHA256_HEX_LEN + 1];
	lt_blob_damage damage;
} lt_backup_skipped;

typedef struct lt_backup_result {
	int64_t run_id; /* backup_runs.id (0 when the log could not be written) */
	uint64_t files; /* files listed in the manifest */
	uint64_t bytes; /* their total size */
	uint64_t blobs_copied;
	uint64_t bytes_copied;
	int verified;    /* every copied file read back and matched */
	size_t nskipped; /* damaged stored files left out */
	lt_backup_skipped *skipped;
	char manifest_sha256[LT_SHA256_HEX_LEN + 1];
	char key_sha256[LT_SHA256_HEX_LEN + 1]; /* fingerprint of the sealing key */
} lt_backup_result;

/* Free what a result holds (not the struct). */
void lt_backup_result_clear(lt_backup_result *r);

/* A sealed run's result as the work registry and the API show it (name:
 * the set's directory name, no path). A new reference; NULL when out of
 * memory. */
json_t *lt_backup_result_json(const lt_backup_result *r, const char *name, lt_backup_kind kind);

/* Make or update the set in dir. 0 when the set is complete; LT_ECORRUPT
 * when it is sealed but incomplete (out->skipped lists the damaged files
 * left out; err says so); any other error leaves no new seal (the set
 * keeps describing its previous complete run, if any). out (may be NULL)
 * is filled in both of the first cases; clear it with
 * lt_backup_result_clear. It is work of kind "backup" in the registry
 * (archive/work.h): LT_EBUSY while another backup runs. */
int lt_backup_run(lt_archive *ar, const char *dir, lt_backup_kind kind, const char *who,
                  lt_backup_result *out, lt_error *err);

/* What a set's seal says. */
typedef struct lt_backup_set_info {
	int64_t run;
	char kind[16];
	char created[32];
	uint64_t files;
	size_t nskipped;
	lt_backup_skipped *skipped;
	char key_sha256[LT_SHA256_HEX_LEN + 1];
} lt_backup_set_info;

void lt_backup_set_info_clear(lt_backup_set_info *info);

/* Check a set: the seal's signature (with the set's public key; with
 * pubkey_path, only when that file is the same key), the manifest against
 * the seal, every listed file against its SHA-256, no file that is not
 * listed, and every stored file the set's catalog names listed or left
 * out as damaged. LT_ECORRUPT naming the first missing, extra, unlisted or
 * damaged file (LT_ENOTFOUND when dir is no set at all). info (may be
 * NULL) is filled when the check passes. */
int lt_backup_check(const char *dir, const char *pubkey_path, lt_backup_set_info *info,
                    lt_error *err);

typedef struct lt_backup_restore_options {
	const char *pubkey_path; /* NULL: the set's own key */
	int allow_incomplete;    /* restore a set with damaged files left out */
} lt_backup_restore_options;

#define LT_BACKUP_RESTORE_OPTIONS_INIT                                                             \
	{                                                                                          \
		NULL, 0                                                                            \
	}

/* Restore a set into data_dir, which must be empty or absent (LT_EEXISTS
 * otherwise) — or hold what a restore that died left (its marker
 * restore-in-progress), which is removed and the restore started over.
 * The set is checked first; nothing is written when it fails. An
 * incomplete set is refused (LT_ESTATE) unless allow_incomplete; its
 * left-out files are then marked missing in the restored catalog. The
 * index is not restored: the caller builds it from the restored catalog
 * (a restore stopped during that build leaves a whole archive whose
 * index `luutru reindex` makes). On failure what was written is removed
 * again. info as for check. */
int lt_backup_restore(const char *dir, const char *data_dir, const lt_backup_restore_options *o,
                      lt_backup_set_info *info, lt_error *err);

#endif
