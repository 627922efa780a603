/*
 * tests/unit/support.h — helpers shared by the cmocka unit tests.
 *
 * Unit tests use real parts (SQLite files, a Xapian index, Tesseract) in a
 * private temporary directory each; nothing is mocked.
 */
#ifndef LT_TESTS_SUPPORT_H
#define LT_TESTS_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "archive/archive.h"

/* A fresh directory under $TMPDIR (or /tmp); malloc'd path. */
char *lt_test_tmpdir(void);
/* rm -rf path and free it (NULL ok). */
void lt_test_rmtree_free(char *path);
/* The project's source root (LUUTRU_SRC, else the current directory). */
const char *lt_test_src_root(void);
/* ../shared/fixtures beside the source root, or NULL when absent. */
const char *lt_test_shared_fixtures(void);
/* Path of a file under the source root: malloc'd "<root>/<rel>". */
char *lt_test_src_path(const char *rel);
/* Write a file with the given bytes (the test fails when it cannot). */
void lt_test_write_file(const char *path, const void *data, size_t len);
/* Read a whole file, NUL-terminated; *len may be NULL. malloc'd. */
char *lt_test_read_file(const char *path, size_t *len);
/* A minimal PDF at path: objects 1..n in order (objs[i] is the body of
 * object i + 1), where a NULL entry becomes a content stream holding
 * content; the cross-reference table and trailer are computed. */
void lt_test_write_pdf(const char *path, const char *const *objs, int n, const char *content);
/* Regular files below dir, recursively, not descending into directories
 * named skip (NULL: none); 0 when dir is missing. */
int lt_test_count_files(const char *dir, const char *skip);

/* A fresh data directory "<tmp>/data" opened with LT_ARCHIVE_CREATE: the
 * usual fixture of catalog-level tests. Close with lt_test_archive_close(),
 * which also removes the temporary directory and frees dir. */
void lt_test_archive_open(char **dir, lt_archive **ar, lt_catalog **cat);
void lt_test_archive_close(char *dir, lt_archive *ar);
/* Bind the user `login` (from the users table: role, clearance) as the
 * catalog's principal (archive/access.h); NULL binds the system. */
void lt_test_as(lt_catalog *cat, const char *login);
/* The first column of the first row of sql, or -1 when there is no row. */
long long lt_test_scalar(lt_catalog *cat, const char *sql);

/* Run this test binary with one OpenMP thread, as luutru itself runs
 * (docs/startup.md): re-executes it with OMP_THREAD_LIMIT=1 when the
 * variable says otherwise. libgomp reads it when it is loaded, before
 * main; a child forked after Tesseract started its OpenMP threads would
 * wait for them forever (they are not copied into the child). Call first
 * in main. */
void lt_test_one_openmp_thread(char **argv);

#endif
