/*
 * bench/fts5_bench.c — the SQLite FTS5 side of bench/search_speed.sh: the
 * same records and queries as luutru, in an FTS5 table with the
 * unicode61 tokenizer and remove_diacritics 2.
 *
 *   fts5_bench build DB MANIFEST     import the manifest's text rows
 *   fts5_bench query DB QUERIES REPS latency per query kind
 *
 * build prints "records seconds". The table holds title (subject) and
 * body (text) as indexed columns and type, year, organ, dossier and
 * secrecy unindexed, for filters and facets. A query answers what luutru
 * answers: the 10 best by bm25 (rank) with a snippet, the total, for the
 * "faceted" kind counts by type, year, organ and dossier, always with
 * secrecy 0 (the clearance of a plain user). Words are joined with OR
 * (luutru ranks documents matching any word, best first); a quoted query
 * is an FTS5 phrase; "loai:" and "nam:A..B" become column conditions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sqlite3.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void die(sqlite3 *db, const char *what)
{
	fprintf(stderr, "fts5_bench: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
	exit(1);
}

static const char *jstr(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : "";
}

static int build(const char *path, const char *manifest)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	FILE *f = fopen(manifest, "r");
	size_t cap = 1 << 20, n = 0;
	char *line = malloc(cap);
	double t0 = now_ms();

	if (!f || !line || sqlite3_open(path, &db) != SQLITE_OK)
		die(NULL, "open");
	if (sqlite3_exec(db,
	                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	                 "CREATE VIRTUAL TABLE docs USING fts5(title, body, type UNINDEXED,"
	                 " year UNINDEXED, organ UNINDEXED, dossier UNINDEXED, secrecy UNINDEXED,"
	                 " tokenize = 'unicode61 remove_diacritics 2'); BEGIN",
	                 NULL, NULL, NULL) != SQLITE_OK)
		die(db, "create");
	if (sqlite3_prepare_v2(db, "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &st,
	                       NULL) != SQLITE_OK)
		die(db, "prepare");
	while (fgets(line, (int)cap, f)) {
		json_t *o = json_loads(line, 0, NULL);
		const char *date;
		if (!o)
			continue;
		date = jstr(o, "issuedDate");
		sqlite3_bind_text(st, 1, jstr(o, "subject"), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, jstr(o, "text"), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, jstr(o, "typeName"), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 4, atoi(date));
		sqlite3_bind_text(st, 5, jstr(o, "organName"), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, jstr(o, "fileCode"), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 7, atoi(jstr(o, "secrecy")));
		if (sqlite3_step(st) != SQLITE_DONE)
			die(db, "insert");
		sqlite3_reset(st);
		json_decref(o);
		if (++n % 10000 == 0 && sqlite3_exec(db, "COMMIT; BEGIN", NULL, NULL, NULL))
			die(db, "commit");
	}
	sqlite3_finalize(st);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		die(db, "commit");
	sqlite3_close(db);
	fclose(f);
	free(line);
	printf("%zu %.1f\n", n, (now_ms() - t0) / 1000.0);
	return 0;
}

/* The FTS5 MATCH text and the extra WHERE conditions for one query. */
static void translate(const char *q, char *match, size_t msize, char *where, size_t wsize)
{
	char buf[8192];
	size_t m = 0;
	char *save = NULL;

	where[0] = '\0';
	match[0] = '\0';
	if (q[0] == '"') {
		snprintf(match, msize, "%s", q);
		return;
	}
	snprintf(buf, sizeof(buf), "%s", q);
	for (char *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char clean[512];
		size_t c = 0;
		int y1, y2;
		if (strncmp(tok, "loai:", 5) == 0) {
			size_t l = strlen(where);
			snprintf(where + l, wsize - l, " AND type = '%.8s'", tok + 5);
			continue;
		}
		if (sscanf(tok, "nam:%d..%d", &y1, &y2) == 2) {
			size_t l = strlen(where);
			snprintf(where + l, wsize - l, " AND year BETWEEN %d AND %d", y1, y2);
			continue;
		}
		/* Keep letters and digits (any UTF-8 byte >= 0x80). */
		for (const unsigned char *p = (const unsigned char *)tok;
		     *p && c < sizeof(clean) - 1; p++)
			if (*p >= 0x80 || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
			    (*p >= 'A' && *p <= 'Z'))
				clean[c++] = (char)*p;
		clean[c] = '\0';
		if (!c)
			continue;
		m += (size_t)snprintf(match + m, msize - m, "%s\"%s\"", m ? " OR " : "", clean);
		if (m >= msize)
			break;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void run_sql(sqlite3 *db, const char *sql, const char *match)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die(db, sql);
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		;
	sqlite3_finalize(st);
}

static void one_query(sqlite3 *db, const char *match, const char *where, int facets)
{
	static const char *const cols[] = {"type", "year", "organ", "dossier"};
	char sql[16384];

	snprintf(sql, sizeof(sql),
	         "SELECT rowid, title, snippet(docs, 1, '[', ']', '…', 24) FROM docs"
	         " WHERE docs MATCH ?1 AND secrecy = 0%s ORDER BY rank LIMIT 10",
	         where);
	run_sql(db, sql, match);
	snprintf(sql, sizeof(sql),
	         "SELECT count(*) FROM docs WHERE docs MATCH ?1 AND secrecy = 0%s", where);
	run_sql(db, sql, match);
	for (int i = 0; facets && i < 4; i++) {
		snprintf(sql, sizeof(sql),
		         "SELECT %s, count(*) AS n FROM docs WHERE docs MATCH ?1 AND secrecy = 0%s"
		         " GROUP BY 1 ORDER BY n DESC LIMIT 20",
		         cols[i], where);
		run_sql(db, sql, match);
	}
}

static int query(const char *path, const char *queries, int reps)
{
	struct {
		char name[32];
		double ms[4096];
		size_t n, queries;
	} *kinds = calloc(16, sizeof(*kinds));
	size_t nkinds = 0;
	char line[8192], match[16384], where[256];
	sqlite3 *db;
	FILE *f = fopen(queries, "r");

	if (!f || !kinds || sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		die(NULL, "open");
	while (fgets(line, sizeof(line), f)) {
		char *tab = strchr(line, '\t');
		size_t k;
		if (!tab)
			continue;
		*tab = '\0';
		tab[1 + strcspn(tab + 1, "\n")] = '\0';
		for (k = 0; k < nkinds && strcmp(kinds[k].name, line) != 0; k++)
			;
		if (k == nkinds) {
			if (nkinds == 16)
				continue;
			snprintf(kinds[nkinds++].name, 32, "%.31s", line);
		}
		translate(tab + 1, match, sizeof(match), where, sizeof(where));
		if (!match[0])
			continue;
		kinds[k].queries++;
		for (int r = 0; r <= reps; r++) {
			double t0 = now_ms();
			one_query(db, match, where, strcmp(line, "faceted") == 0);
			if (r > 0 && kinds[k].n < 4096)
				kinds[k].ms[kinds[k].n++] = now_ms() - t0;
		}
	}
	fclose(f);
	for (size_t k = 0; k < nkinds; k++) {
		size_t n = kinds[k].n;
		qsort(kinds[k].ms, n, sizeof(double), cmp_double);
		printf("%s\t%zu\t%zu\t%.1f\t%.1f\t%.1f\n", kinds[k].name, kinds[k].queries, n,
		       kinds[k].ms[(size_t)(0.50 * (double)(n - 1) + 0.5)],
		       kinds[k].ms[(size_t)(0.95 * (double)(n - 1) + 0.5)],
		       kinds[k].ms[(size_t)(0.99 * (double)(n - 1) + 0.5)]);
	}
	sqlite3_close(db);
	free(kinds);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "build") == 0)
		return build(argv[2], argv[3]);
	if (argc == 5 && strcmp(argv[1], "query") == 0)
		return query(argv[2], argv[3], atoi(argv[4]));
	fprintf(stderr, "usage: fts5_bench build DB MANIFEST | query DB QUERIES REPS\n");
	return 2;
}
