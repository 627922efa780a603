/*
 * core/fs.h — small file-system helpers with durable writes.
 *
 * lt_fs_write_atomic() is the one way luutru writes a file that must survive
 * a crash: write to a temporary name in the same directory, fsync it,
 * rename over the target, fsync the directory. Either the old or the new
 * content is there after a crash, never a torn mix.
 */
#ifndef LT_CORE_FS_H
#define LT_CORE_FS_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"

/* mkdir -p with mode 0755; existing directories are fine. */
int lt_fs_mkdirs(const char *path, lt_error *err);
/* 1 when path exists (any type), 0 when not. */
int lt_fs_exists(const char *path);
int lt_fs_is_dir(const char *path);
/* Size of a regular file; LT_ENOTFOUND, or LT_EINVAL when not regular. */
int lt_fs_file_size(const char *path, uint64_t *out, lt_error *err);
/* Append the whole file to out; refuses files larger than max_bytes with
 * LT_ELIMIT (max_bytes 0 = no limit). */
int lt_fs_read_file(lt_buf *out, const char *path, uint64_t max_bytes, lt_error *err);
/* Read up to n bytes from the start; *got is how many were read. */
int lt_fs_read_head(const char *path, void *dst, size_t n, size_t *got, lt_error *err);
int lt_fs_write_atomic(const char *path, const void *data, size_t len, lt_error *err);
/* write(2) until all len bytes are written (EINTR retried): 0, or -1 with
 * errno set. */
int lt_fs_write_all(int fd, const void *data, size_t len);
int lt_fs_fsync_dir(const char *dir, lt_error *err);
/* Join a and b with one '/', appended to out. */
int lt_fs_join(lt_buf *out, const char *a, const char *b);
/* rm -r; a missing path is not an error. */
int lt_fs_remove_tree(const char *path, lt_error *err);
/* A fresh private directory under parent ("luutru-XXXXXX"); path appended to out. */
int lt_fs_mkdtemp(lt_buf *out, const char *parent, lt_error *err);

#endif
