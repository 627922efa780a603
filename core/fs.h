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

/* File modes. What luutru keeps for itself is private: `luutru` calls
 * lt_fs_private_umask() first (umask 077), so everything it and its
 * libraries (SQLite, Xapian) create in the data directory, temp
 * directories and backups is 0600 / 0700. A file the user names as an
 * output (-o) is the user's: lt_fs_user_mode() gives it — a directory: it
 * and the files directly in it — the mode the user's own umask gives new
 * files, as cp or a shell redirection would. Call the first before any
 * thread starts; the user's umask is the one it replaced (the current one
 * when it was never called). */
void lt_fs_private_umask(void);
int lt_fs_user_mode(const char *path, lt_error *err);
/*
 * Full and read-only file systems. A write that fails because the disk is
 * full (ENOSPC, EDQUOT) or mounted read-only (EROFS) gets luutru's own
 * message naming the file system — its mount point, and for a full one
 * the space left — instead of a library's ("Error writing block 648"),
 * and the status LT_ENOSPC (exit 5, HTTP 507).
 */
/* 1 for ENOSPC, EDQUOT and EROFS. */
int lt_fs_errno_is_full(int e);
/* The file system holding path (or its nearest existing parent), as
 * "<mount point> (<free> free of <size>)" or "<mount point> (read-only)",
 * appended to out. */
int lt_fs_describe(lt_buf *out, const char *path);
/* Fill err for "what path" failing with errno e: LT_ENOSPC with the file
 * system named (lt_fs_errno_is_full), LT_ENOTFOUND for ENOENT, else
 * LT_EIO with strerror. Returns the status. */
int lt_fs_error(lt_error *err, const char *what, const char *path, int e);
/* The same message for a library that reported "full" without an errno
 * (SQLITE_FULL, a Xapian write error): LT_ENOSPC naming path's file
 * system; read_only says which kind. detail (may be NULL) is the
 * library's own words, kept at the end. */
int lt_fs_error_full(lt_error *err, const char *what, const char *path, int read_only,
                     const char *detail);

#endif
