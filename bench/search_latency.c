/*
 * bench/search_latency.c — query latency of luutru's search on an archive
 * (bench/search_speed.sh builds and runs it).
 *
 *   search_latency DATA_DIR QUERIES REPS [CLEARANCE]
 *
 * QUERIES has one "kind<TAB>query" per line (bench/make_corpus.sh). Each
 * query runs once to warm up, then REPS times, through lt_search_run()
 * exactly as the HTTP API runs it for an officer of CLEARANCE (default 0:
 * the catalog connection bound to such a user, so the catalog join reads
 * through the access views, archive/access.h; 3 takes their short path),
 * 10 hits with snippets joined from the catalog; the "faceted" kind also
 * counts the four facets; "filtered" queries carry loai: and nam:.
 * Prints one line per kind: kind, queries, runs, p50, p95, p99 (ms), and
 * the mean CPU time of a run (ms, this thread's): on a shared machine the
 * wall times include waiting for a core, the CPU time much less so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "archive/archive.h"
#include "indexer/index.h"
#include "search/search.h"

#define MAX_KINDS 16

typedef struct kind {
	char name[32];
	double *ms;
	double cpu_ms; /* sum over the timed runs */
	size_t n, cap, queries;
} kind;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(const kind *k, double p)
{
	size_t i = (size_t)(p * (double)(k->n - 1) + 0.5);
	return k->ms[i];
}

int main(int argc, char **argv)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_index *ix = NULL;
	kind kinds[MAX_KINDS];
	size_t nkinds = 0;
	char line[8192];
	FILE *f;
	int reps;
	lt_principal officer;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: search_latency DATA_DIR QUERIES REPS [CLEARANCE]\n");
		return 2;
	}
	reps = atoi(argv[3]);
	lt_access_principal_user(&officer, 1, "bench", "officer", argc == 5 ? atoi(argv[4]) : 0);
	if (lt_archive_open(&ar, argv[1], LT_ARCHIVE_READONLY, &err) ||
	    lt_index_open_reader(&ix, lt_archive_dir(ar), lt_archive_index_path(ar), &err)) {
		fprintf(stderr, "search_latency: %s\n", err.message);
		return 1;
	}
	lt_catalog_set_principal(lt_archive_catalog(ar), &officer);
	f = fopen(argv[2], "r");
	if (!f) {
		perror(argv[2]);
		return 1;
	}
	memset(kinds, 0, sizeof(kinds));
	while (fgets(line, sizeof(line), f)) {
		char *tab = strchr(line, '\t'), *q;
		lt_search_options o = LT_SEARCH_OPTIONS_INIT;
		kind *k = NULL;

		o.clearance = officer.clearance;
		size_t i;

		if (!tab)
			continue;
		*tab = '\0';
		q = tab + 1;
		q[strcspn(q, "\n")] = '\0';
		for (i = 0; i < nkinds; i++)
			if (strcmp(kinds[i].name, line) == 0)
				k = &kinds[i];
		if (!k) {
			if (nkinds == MAX_KINDS)
				continue;
			k = &kinds[nkinds++];
			snprintf(k->name, sizeof(k->name), "%.31s", line);
		}
		if (strcmp(line, "faceted") == 0)
			o.facets = (1u << LT_FACET__COUNT) - 1;
		k->queries++;
		for (int r = 0; r <= reps; r++) {
			lt_search_results res = LT_SEARCH_RESULTS_INIT;
			double t0 = now_ms(), c0 = cpu_ms(), dt, dc;
			if (lt_search_run(ix, lt_archive_catalog(ar), q, &o, &res, &err)) {
				fprintf(stderr, "search_latency: \"%s\": %s\n", q, err.message);
				return 1;
			}
			dt = now_ms() - t0;
			dc = cpu_ms() - c0;
			lt_search_results_free(&res);
			if (r == 0)
				continue; /* warm-up */
			if (k->n == k->cap) {
				k->cap = k->cap ? k->cap * 2 : 64;
				k->ms = realloc(k->ms, k->cap * sizeof(double));
				if (!k->ms)
					return 1;
			}
			k->ms[k->n++] = dt;
			k->cpu_ms += dc;
		}
	}
	fclose(f);
	for (size_t i = 0; i < nkinds; i++) {
		kind *k = &kinds[i];
		qsort(k->ms, k->n, sizeof(double), cmp_double);
		printf("%s\t%zu\t%zu\t%.1f\t%.1f\t%.1f\t%.1f\n", k->name, k->queries, k->n,
		       pct(k, 0.50), pct(k, 0.95), pct(k, 0.99),
		       k->n ? k->cpu_ms / (double)k->n : 0.0);
		free(k->ms);
	}
	lt_index_free(ix);
	lt_archive_free(ar);
	return 0;
}
