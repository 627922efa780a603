/*
 * tests/unit/retention_support.h — a fresh data directory per test and
 * SQL helpers to build small catalogs for the retention/ tests.
 * Include after tests/unit/support.h.
 */
#ifndef LT_TESTS_RETENTION_SUPPORT_H
#define LT_TESTS_RETENTION_SUPPORT_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/archive.h"
#include "core/buf.h"
#include "core/fs.h"

typedef struct rfix {
	char *dir;
	lt_archive *ar;
	lt_catalog *cat;
} rfix;

static inline int rfix_setup(void **state)
{
	rfix *f = calloc(1, sizeof(*f));
	lt_buf p = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;

	f->dir = lt_test_tmpdir();
	lt_fs_join(&p, f->dir, "data");
	if (lt_archive_open(&f->ar, p.data, LT_ARCHIVE_CREATE, &err) != 0)
		fail_msg("%s", err.message);
	f->cat = lt_archive_catalog(f->ar);
	/* The scenes hold secret records: an isolated deployment (rule 43). */
	lt_catalog_set_isolated(f->cat, 1);
	lt_buf_free(&p);
	*state = f;
	return 0;
}

static inline int rfix_teardown(void **state)
{
	rfix *f = *state;
	lt_archive_free(f->ar);
	lt_test_rmtree_free(f->dir);
	free(f);
	return 0;
}

static inline void sql(rfix *f, const char *s)
{
	char *msg = NULL;
	if (sqlite3_exec(lt_catalog_db(f->cat), s, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("SQL failed: %s\n%s", msg ? msg : "?", s);
}

static inline void sqlf(rfix *f, const char *fmt, ...) LT_PRINTF(2, 3);
static inline void sqlf(rfix *f, const char *fmt, ...)
{
	lt_buf b = LT_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	lt_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	sql(f, b.data);
	lt_buf_free(&b);
}

static inline long long int1(rfix *f, const char *s)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;
	assert_int_equal(sqlite3_prepare_v2(lt_catalog_db(f->cat), s, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* A dossier with id, code "G09.<year>.<notation>", status, maintenance,
 * end date (NULL ok) and every field rule 22 asks for. */
static inline void add_dossier(rfix *f, int id, int year, const char *notation, const char *status,
                               const char *maintenance, const char *end_date)
{
	sqlf(f,
	     "INSERT INTO main.dossiers (id, uid, organ_id, year, notation, file_code, title,"
	     " maintenance, mode, creator, language, start_date, end_date, risk_recovery, status)"
	     " VALUES (%d, 'd%d', 'G09', %d, '%s', 'G09.%d.%s', 'Hồ sơ %s', '%s', '01', 'lan',"
	     " '01', '%d-01-05', %s%s%s, 0, '%s')",
	     id, id, year, notation, year, notation, notation, maintenance, year,
	     end_date ? "'" : "", end_date ? end_date : "NULL", end_date ? "'" : "", status);
}

/* A record filed in a dossier (dossier 0: none). */
static inline void add_record(rfix *f, int id, const char *kind, const char *issued, int dossier,
                              int ordinal)
{
	sqlf(f,
	     "INSERT INTO main.records (id, uid, kind, issued_date, subject, page_count)"
	     " VALUES (%d, 'r%d', '%s', '%s', 'Trích yếu %d', 1)",
	     id, id, kind, issued, id);
	if (dossier)
		sqlf(f,
		     "INSERT INTO main.dossier_records (dossier_id, record_id, ordinal) VALUES "
		     "(%d, %d, "
		     "%d)",
		     dossier, id, ordinal);
}

static inline void add_user(rfix *f, const char *login, const char *role)
{
	sqlf(f, "INSERT INTO users (login, role) VALUES ('%s', '%s')", login, role);
}

#endif
