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
 * mismatch, LT_ENOTFOUND when missing. (A raw check of the store; what
 * hands a file out goes through archive/fixity.h, which also knows the
 * catalog's size and records the damage.) */
int lt_blobstore_verify(lt_blobstore *bs, const char *sha256, lt_error *err);

/* ---- verified reading ------------------------------------------------ */

/* What reading a stored blob found. Missing, a size that differs from
 * the one expected and bytes that do not hash to the name are told
 * apart: a truncation is not "changed content", and an operator acts
 * differently on each (docs/backup.md, "Damaged files"). */
typedef enum lt_blob_damage {
	LT_BLOB_INTACT = 0,
	LT_BLOB_MISSING = 1,         /* no file at the blob's path */
	LT_BLOB_SIZE_CHANGED = 2,    /* the file holds more or fewer bytes than expected */
	LT_BLOB_CONTENT_CHANGED = 3, /* the right size, but not the bytes named */
} lt_blob_damage;

#define LT_BLOB_SIZE_UNKNOWN UINT64_MAX

/* Stable names ("missing", "size_changed", "content_changed"; "" for
 * intact), as stored in the catalog (blobs.damage) and in JSON. */
const char *lt_blob_damage_name(lt_blob_damage d);
/* The name back; LT_BLOB_INTACT for NULL or an unknown name. */
lt_blob_damage lt_blob_damage_parse(const char *name);
/* For people, current language ("mất tệp" / "missing", ...). */
const char *lt_blob_damage_text(lt_blob_damage d);

/* A stored blob opened for reading, every byte hashed on the way.
 *
 * lt_blob_reader_open() checks what costs no reading at once: the file
 * exists (else LT_ECORRUPT, LT_BLOB_MISSING) and holds the expected size
 * (else LT_ECORRUPT, LT_BLOB_SIZE_CHANGED; pass LT_BLOB_SIZE_UNKNOWN to
 * skip that). *damage (may be NULL) says which; a file that exists but
 * cannot be opened (permissions, no descriptors left) is LT_EIO and not
 * damage. lt_blob_reader_read() hands out the bytes; the call that
 * reaches the end compares count and SHA-256 with the name and returns
 * LT_ECORRUPT (damage LT_BLOB_CONTENT_CHANGED, or SIZE_CHANGED when the
 * file changed length while read) instead of the end: the caller must
 * then throw away what it read (a temp file, a half-written package).
 * lt_blob_reader_check() reads to the end and rewinds, for a consumer
 * that must know before its first byte leaves (an HTTP answer).
 *
 * One thread at a time per reader; the reader owns its descriptor. */
typedef struct lt_blob_reader lt_blob_reader;

int lt_blob_reader_open(lt_blob_reader **out, lt_blob_damage *damage, lt_blobstore *bs,
                        const char *sha256, uint64_t size, lt_error *err);
/* Up to cap bytes into buf; *got = 0 at the (verified) end. */
int lt_blob_reader_read(lt_blob_reader *r, void *buf, size_t cap, size_t *got, lt_error *err);
/* Read everything, check it, rewind to the first byte. */
int lt_blob_reader_check(lt_blob_reader *r, lt_error *err);
lt_blob_damage lt_blob_reader_damage(const lt_blob_reader *r);
/* The size on disk (equal to the expected size once open succeeded). */
uint64_t lt_blob_reader_size(const lt_blob_reader *r);
const char *lt_blob_reader_sha256(const lt_blob_reader *r);
/* The open descriptor, valid until _free; after a successful check it
 * stands at the first byte. A caller that hands it on dup()s it. */
int lt_blob_reader_fd(const lt_blob_reader *r);
void lt_blob_reader_free(lt_blob_reader *r);

/* SHA-256 of memory, as hex (OpenSSL EVP). */
void lt_sha256_hex(const void *data, size_t len, char out[LT_SHA256_HEX_LEN + 1]);
int lt_sha256_file_hex(const char *path, char out[LT_SHA256_HEX_LEN + 1], lt_error *err);

#endif
