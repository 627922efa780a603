/*
 * archive/archive.h — a luutru data directory: the catalog and the blob
 * store, opened together.
 *
 * Layout of a data directory (docs/data-directory.md):
 *   catalog.db      SQLite catalog (+ -wal, -shm)
 *   blobs/          content-addressed files, blobs/tmp for writes in flight
 *   index/          the Xapian index (owned by indexer/, not opened here)
 *   luutru.conf     settings, key = value (optional, core/config.h)
 *   keys/           the audit log's Ed25519 key pair (archive/keys.h)
 *   tmp/<process>/  each running process's scratch files (lt_archive_tmp_dir)
 *
 * lt_archive_open() with LT_ARCHIVE_CREATE makes the layout; without it a
 * directory that is not a luutru data directory is refused (LT_ENOTFOUND
 * with a message that says to run `luutru init`).
 */
#ifndef LT_ARCHIVE_ARCHIVE_H
#define LT_ARCHIVE_ARCHIVE_H

#include "archive/blobstore.h"
#include "archive/catalog.h"
#include "core/config.h"
#include "core/error.h"

typedef struct lt_archive lt_archive;

enum {
	LT_ARCHIVE_CREATE = 1 << 0,
	LT_ARCHIVE_READONLY = 1 << 1,
};

int lt_archive_open(lt_archive **out, const char *dir, unsigned flags, lt_error *err);
void lt_archive_free(lt_archive *ar);

const char *lt_archive_dir(const lt_archive *ar);
lt_catalog *lt_archive_catalog(lt_archive *ar);
lt_blobstore *lt_archive_blobs(lt_archive *ar);
/* <dir>/index — where the indexer keeps the Xapian database. */
const char *lt_archive_index_path(const lt_archive *ar);
/* The settings of <dir>/luutru.conf, loaded at open (defaults when the
 * file is absent; a bad value makes lt_archive_open fail naming the line).
 * Valid while ar lives. */
const lt_config *lt_archive_config(const lt_archive *ar);

/*
 * Scratch files. Every luutru process keeps its temporary files (OCR page
 * images and PDF parts, expanded import entries, what the poppler tools
 * write) in <dir>/tmp/<process id>/, named as core/proc.h names processes:
 * on the data directory's file system (its space, not the system's
 * /tmp), and tied to a process, so that what a killed process left can be
 * told from what a live one is using. The CLI and `luutru serve` point
 * TMPDIR at it and remove it when they end; the next one to start removes
 * what stopped processes left (lt_archive_tmp_sweep).
 */
/* This process's scratch directory, made when missing (mode 0700); its
 * path is appended to out. */
int lt_archive_tmp_dir(lt_archive *ar, lt_buf *out, lt_error *err);
/* Remove from <dir>/tmp the directories of processes that have stopped,
 * and anything else there older than an hour. *removed (may be NULL)
 * counts what went. */
int lt_archive_tmp_sweep(lt_archive *ar, size_t *removed, lt_error *err);

#endif
