/*
 * fuzz/fuzz_util.h — shared helpers of the libFuzzer targets (fuzz/fuzz_*.c).
 *
 * Targets that need a file (libarchive, Leptonica and the package reader
 * work on paths) write the input to one private temp file per process,
 * made once in a private temp directory that is removed at exit.
 */
#ifndef LT_FUZZ_UTIL_H
#define LT_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* A NUL-terminated copy of data (malloc; abort on OOM). */
char *lt_fuzz_cstr(const uint8_t *data, size_t size);

/* The private temp directory of this process (made on first use). */
const char *lt_fuzz_dir(void);

/* Write data to <dir>/<name> and return that path (static storage). */
const char *lt_fuzz_write(const char *name, const uint8_t *data, size_t size);

/* A real archive in <dir>/data, created on first use and kept for the
 * process (abort with a message naming target when it cannot be made). */
struct lt_archive *lt_fuzz_archive(const char *target);

#endif
