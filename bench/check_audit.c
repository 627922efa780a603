/*
 * bench/check_audit.c — what the access-log part of `luutru check` rule 42
 * costs as the audit log grows: a fresh data directory, N view entries
 * appended through lt_audit_append (hash chain and signed anchors, as the
 * HTTP API writes them) for N existing records, then the time of
 * lt_audit_verify alone and of the whole lt_check_run.
 *
 *   check_audit DATA_DIR N [PER_COMMIT]
 *
 * PER_COMMIT entries go in one transaction, so one seal each (default N:
 * one seal for all; 1 is the service's synchronous views, one seal per
 * entry — the fill then runs with synchronous=OFF, it is not what is
 * measured). Prints one Markdown table row. DATA_DIR must not exist.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "archive/archive.h"
#include "archive/audit.h"
#include "retention/check.h"

static double seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int fail(const lt_error *err)
{
	fprintf(stderr, "check_audit: %s\n", err->message);
	return 1;
}

int main(int argc, char **argv)
{
	lt_error err = LT_ERROR_INIT;
	lt_audit_report rep = LT_AUDIT_REPORT_INIT;
	lt_check_result *res = NULL;
	lt_check_opts opts;
	lt_archive *ar = NULL;
	lt_catalog *cat;
	sqlite3_stmt *st = NULL;
	double t0, t1, t2;
	long n, per;

	if ((argc != 3 && argc != 4) || (n = strtol(argv[2], NULL, 10)) < 1 ||
	    (per = argc == 4 ? strtol(argv[3], NULL, 10) : n) < 1) {
		fprintf(stderr, "usage: check_audit DATA_DIR N [PER_COMMIT]\n");
		return 2;
	}
	if (lt_archive_open(&ar, argv[1], LT_ARCHIVE_CREATE, &err) != 0)
		return fail(&err);
	cat = lt_archive_catalog(ar);
	if (per < n && lt_catalog_exec(cat, "PRAGMA synchronous=OFF", &err) != 0)
		return fail(&err);
	if (lt_catalog_begin(cat, &err) != 0)
		return fail(&err);
	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "INSERT INTO main.records (uid, kind, subject) VALUES (?, 'incoming', 'x')", -1,
	        &st, NULL) != SQLITE_OK)
		return 1;
	for (long i = 0; i < n; i++) {
		char uid[48];
		snprintf(uid, sizeof(uid), "%08lx-0000-4000-8000-000000000000", i);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, uid, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			return 1;
		if (lt_audit_append(cat, "lan@127.0.0.1", "view", uid, NULL, NULL, &err) != 0)
			return fail(&err);
		if ((i + 1) % per == 0 && i + 1 < n &&
		    (lt_catalog_commit(cat, &err) != 0 || lt_catalog_begin(cat, &err) != 0))
			return fail(&err);
	}
	sqlite3_finalize(st);
	if (lt_catalog_commit(cat, &err) != 0)
		return fail(&err);
	memset(&opts, 0, sizeof(opts));
	lt_date_today(&opts.today);
	t0 = seconds();
	if (lt_audit_verify(cat, &rep, &err) != 0)
		return fail(&err);
	t1 = seconds();
	if (lt_check_run(&res, cat, &opts, &err) != 0)
		return fail(&err);
	t2 = seconds();
	printf("| %ld | %zu | %zu | %.2f s | %.2f s | %zu |\n", n, rep.anchors, rep.seals, t1 - t0,
	       t2 - t1, lt_check_count(res, 42, LT_SEV_INFO));
	lt_audit_report_clear(&rep);
	lt_check_result_free(res);
	lt_archive_free(ar);
	return 0;
}
