/*
 * archive/blobstore.h — the content-addressed blob store.
 *
 * A blob is stored once, named by the SHA-256 of its bytes (lower-case hex),
 * at <root>/<h[0..2)>/<h[2..4)>/<h>. Writing goes: temp file in <root>/tmp
 * → fsync → rename into place → fsync the directory, so a crash leaves
 * either nothing or a complete blob, never a torn one. Putting bytes that
 * are already stored writes nothing new (deduplicated) and says so.
 * Stored files are read-only (0444). The catalog's blobs table records what
 * is referenced; a blob file no row names is an orphan (see verify).
 *
 * Thread-safe: distinct writers use distinct temp files.
 */
#ifndef LT_ARCHIVE_BLOBSTORE_H
#define LT_ARCHIVE_BLOBSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"

#define LT_SHA256_HEX_LEN 64

typedef struct lt_blobstore lt_blobstore;

int lt_blobstore_open(lt_blobstore **out, const char *root, lt_error *err);
void lt_blobstore_free(lt_blobstore *bs);
const char *lt_blobstore_root(const lt_blobstore *bs);

/* Is the temp file at path (in <root>/tmp) still being written? A writer
 * holds an flock on its temp file for as long as it lives, so an unlocked
 * one was left by a writer that died. An empty file younger than a minute
 * counts as in use (a writer between creating and locking it). */
int lt_blobstore_tmp_in_use(const char *path);

typedef struct lt_blob_info {
	char sha256[LT_SHA256_HEX_LEN + 1];
	uint64_t size;
	int existed; /* 1 when the blob was already stored before this put */
} lt_blob_info;

/* Copy a file in (streamed, hashed as it is read); max_bytes 0 = no limit,
 * beyond it LT_ELIMIT and nothing is kept. */
int lt_blobstore_put_file(lt_blobstore *bs, const char *path, uint64_t max_bytes, lt_blob_info *out,
                          lt_error *err);
int lt_blobstore_put_mem(lt_blobstore *bs, const void *data, size_t len, lt_blob_info *out,
                         lt_error *err);

/* Streaming writer (for uploads): bytes are hashed as they arrive.
 * Exactly one of commit or abort ends it; both free the writer. */
typedef struct lt_blob_writer lt_blob_writer;
int lt_blob_writer_new(lt_blob_writer **out, lt_blobstore *bs, uint64_t max_bytes, lt_error *err);
int lt_blob_writer_write(lt_blob_writer *w, const void *data, size_t len, lt_error *err);
int lt_blob_writer_commit(lt_blob_writer *w, lt_blob_info *out, lt_error *err);
void lt_blob_writer_abort(lt_blob_writer *w);

/* Path of a stored blob, appended to out (the blob may not exist). */
int lt_blobstore_path(lt_blobstore *bs, const char *sha256, lt_buf *out);
int lt_blobstore_exists(lt_blobstore *bs, const char *sha256);
/* Remove a stored blob; missing is not an error. */
int lt_blobstore_remove(lt_blobstore *bs, const char *sha256, lt_error *err);
/* Re-hash a stored blob: 0 when it matches its name, LT_ECORRUPT on a
 * mismatch, LT_ENOTFOUND when missing. */
int lt_blobstore_verify(lt_blobstore *bs, const char *sha256, lt_error *err);

/* SHA-256 of memory, as hex (OpenSSL EVP). */
void lt_sha256_hex(const void *data, size_t len, char out[LT_SHA256_HEX_LEN + 1]);
int lt_sha256_file_hex(const char *path, char out[LT_SHA256_HEX_LEN + 1], lt_error *err);

#endif
