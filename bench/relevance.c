/*
 * bench/relevance.c — search quality on ALQAC 2022 (hit@10, MRR@10), for
 * plain BM25 and for luutru's ranking, with queries as written and with
 * diacritics stripped. See bench/README.md for how to build and
 * run it and docs/search.md for what the numbers decided.
 *
 *   relevance [collection-dir] [--sweep] [--classes] [--keep-index DIR]
 *             [--try k1=1.2,b=0.75,...]
 *
 * collection-dir defaults to ../shared/fixtures/corpus/alqac2022. With
 * --sweep it also walks the tuning knobs one at a time around the shipped
 * ranking, which is how the shipped values were chosen. --try runs one
 * more row from the shipped ranking with some knobs changed: k1, b, exact,
 * folded, plain, all, bigram, and the long-question knobs. --classes adds
 * a line per question class under each luutru row (bench/make_devsets.sh).
 * --keep-index DIR builds the index there once and reuses it on later runs
 * (remove it when the index terms change).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/fs.h"
#include "search/eval.h"
#include "search/query.h"

static lt_eval *ev;
static int show_classes;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void row(const char *name, lt_eval_system sys, const lt_query_tuning *t)
{
	lt_eval_result a, s;
	lt_error err = LT_ERROR_INIT;
	double t0 = now();

	if (lt_eval_run(ev, sys, t, 0, &a, &err) || lt_eval_run(ev, sys, t, 1, &s, &err)) {
		fprintf(stderr, "relevance: %s\n", err.message);
		exit(1);
	}
	printf("| %-44s | %.3f | %.3f | %.3f | %.3f | %5.1f |\n", name, a.hit10, a.mrr10, s.hit10,
	       s.mrr10, (now() - t0) * 1000.0 / (double)(a.queries + s.queries));
	for (unsigned c = 0; show_classes && sys == LT_EVAL_LUUTRU && c < LT_EVAL__CLASSES; c++)
		if (a.class_queries[c])
			printf("| &nbsp;&nbsp;%-10s (%4zu) | %.3f | %.3f | %.3f | %.3f | |\n",
			       lt_eval_class_name((lt_eval_class)c), a.class_queries[c],
			       a.class_hit10[c], a.class_mrr10[c], s.class_hit10[c],
			       s.class_mrr10[c]);
	fflush(stdout);
}

/* "k1=1.2,b=0.75" over t; 0 or -1 on a bad spec. */
static int parse_try(lt_query_tuning *t, const char *spec)
{
	char key[16];
	double v;
	int n;

	while (*spec) {
		if (sscanf(spec, "%15[a-z0-9]=%lf%n", key, &v, &n) != 2)
			return -1;
		if (strcmp(key, "k1") == 0)
			t->bm25_k1 = v;
		else if (strcmp(key, "b") == 0)
			t->bm25_b = v;
		else if (strcmp(key, "exact") == 0)
			t->exact_weight = v;
		else if (strcmp(key, "folded") == 0)
			t->folded_weight = v;
		else if (strcmp(key, "plain") == 0)
			t->plain_exact_weight = v;
		else if (strcmp(key, "all") == 0)
			t->all_weight = v;
		else if (strcmp(key, "bigram") == 0)
			t->bigram_weight = v;
		else if (strcmp(key, "long") == 0)
			t->long_words = (unsigned)v;
		else if (strcmp(key, "stop") == 0)
			t->long_stop = (int)v;
		else if (strcmp(key, "stopbi") == 0)
			t->long_stop_bigrams = (int)v;
		else if (strcmp(key, "single") == 0)
			t->long_single = (int)v;
		else if (strcmp(key, "common") == 0)
			t->long_common = v;
		else if (strcmp(key, "boost") == 0)
			t->long_boost = (int)v;
		else if (strcmp(key, "syn") == 0)
			t->synonym_weight = v;
		else if (strcmp(key, "heading") == 0)
			t->heading_weight = v;
		else if (strcmp(key, "define") == 0)
			t->define_weight = v;
		else if (strcmp(key, "hpairs") == 0)
			t->heading_pairs = (int)v;
		else if (strcmp(key, "hlong") == 0)
			t->heading_long = (int)v;
		else if (strcmp(key, "docnum") == 0)
			t->docnum_weight = v;
		else if (strcmp(key, "phrase") == 0)
			t->exact_phrase = (int)v;
		else if (strcmp(key, "pair") == 0)
			t->exact_pair_weight = v;
		else if (strcmp(key, "delta") == 0)
			t->bm25_delta = v;
		else
			return -1;
		spec += n;
		if (*spec == ',')
			spec++;
	}
	return 0;
}

static void header(void)
{
	printf("| %-44s | hit@10 | MRR@10 | stripped hit@10 | stripped MRR@10 | ms/query |\n",
	       "system");
	printf("| --- | --- | --- | --- | --- | --- |\n");
}

int main(int argc, char **argv)
{
	const char *dir = "../shared/fixtures/corpus/alqac2022";
	const lt_query_tuning *shipped = lt_query_ranking();
	lt_query_tuning t;
	lt_buf tmp = LT_BUF_INIT, ixpath = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;
	const char *try_specs[16];
	size_t ntry = 0;
	const char *keep = NULL;
	int sweep = 0;
	char name[128];
	double t0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--sweep") == 0)
			sweep = 1;
		else if (strcmp(argv[i], "--classes") == 0)
			show_classes = 1;
		else if (strcmp(argv[i], "--keep-index") == 0 && i + 1 < argc)
			keep = argv[++i];
		else if (strcmp(argv[i], "--try") == 0 && i + 1 < argc && ntry < 16)
			try_specs[ntry++] = argv[++i];
		else
			dir = argv[i];
	}
	if (keep)
		lt_buf_puts(&ixpath, keep);
	if (!keep && (lt_fs_mkdtemp(&tmp, getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", &err) ||
	              lt_fs_join(&ixpath, tmp.data, "index"))) {
		fprintf(stderr, "relevance: %s\n", err.message);
		return 1;
	}
	t0 = now();
	if (lt_eval_open(&ev, dir, ixpath.data, &err)) {
		fprintf(stderr, "relevance: %s\n", err.message);
		if (!keep)
			lt_fs_remove_tree(tmp.data, NULL);
		return 1;
	}
	printf("collection %s: %zu documents indexed in %.1f s\n\n", dir, lt_eval_doc_count(ev),
	       now() - t0);
	header();
	t = (lt_query_tuning)LT_QUERY_TUNING_INIT;
	t.bm25_k1 = 1.2;
	t.bm25_b = 0.75;
	row("BM25 exact syllables (k1 1.2, b 0.75)", LT_EVAL_BM25_EXACT, &t);
	row("BM25 folded syllables (k1 1.2, b 0.75)", LT_EVAL_BM25_FOLDED, &t);
	t = (lt_query_tuning)LT_QUERY_TUNING_INIT;
	row("BM25 exact syllables (Xapian k1 1, b 0.5)", LT_EVAL_BM25_EXACT, &t);
	row("luutru, phase 1 (exact x2, no boosts)", LT_EVAL_LUUTRU, &t);
	snprintf(name, sizeof(name), "luutru shipped (k1 %.2g b %.2g bigram %.2g long %u)",
	         shipped->bm25_k1, shipped->bm25_b, shipped->bigram_weight, shipped->long_words);
	row(name, LT_EVAL_LUUTRU, shipped);
	for (size_t i = 0; i < ntry; i++) {
		t = *shipped;
		if (parse_try(&t, try_specs[i])) {
			fprintf(stderr, "relevance: bad --try \"%s\"\n", try_specs[i]);
			return 2;
		}
		snprintf(name, sizeof(name), "try %s", try_specs[i]);
		row(name, LT_EVAL_LUUTRU, &t);
	}

	if (sweep) {
		static const double k1s[] = {0.6, 0.9, 1.2, 1.5, 2.0};
		static const double bs[] = {0.3, 0.5, 0.75, 0.9};
		static const double exacts[] = {1.0, 1.5, 2.0, 3.0};
		static const double bigrams[] = {0.0, 0.25, 0.5, 1.0, 2.0};
		static const double alls[] = {0.0, 0.5, 1.0};
		static const double plains[] = {0.0, 1.0, 2.0, 3.0};
		printf("\nsweep, one knob at a time around the shipped ranking:\n\n");
		header();
		for (size_t i = 0; i < sizeof(k1s) / sizeof(k1s[0]); i++) {
			t = *shipped;
			t.bm25_k1 = k1s[i];
			snprintf(name, sizeof(name), "k1 %.2g", k1s[i]);
			row(name, LT_EVAL_LUUTRU, &t);
		}
		for (size_t i = 0; i < sizeof(bs) / sizeof(bs[0]); i++) {
			t = *shipped;
			t.bm25_b = bs[i];
			snprintf(name, sizeof(name), "b %.2g", bs[i]);
			row(name, LT_EVAL_LUUTRU, &t);
		}
		for (size_t i = 0; i < sizeof(exacts) / sizeof(exacts[0]); i++) {
			t = *shipped;
			t.exact_weight = exacts[i];
			snprintf(name, sizeof(name), "exact weight %.2g", exacts[i]);
			row(name, LT_EVAL_LUUTRU, &t);
		}
		for (size_t i = 0; i < sizeof(bigrams) / sizeof(bigrams[0]); i++) {
			t = *shipped;
			t.bigram_weight = bigrams[i];
			snprintf(name, sizeof(name), "bigram weight %.2g", bigrams[i]);
			row(name, LT_EVAL_LUUTRU, &t);
		}
		for (size_t i = 0; i < sizeof(plains) / sizeof(plains[0]); i++) {
			t = *shipped;
			t.plain_exact_weight = plains[i];
			snprintf(name, sizeof(name), "plain-word exact weight %.2g", plains[i]);
			row(name, LT_EVAL_LUUTRU, &t);
		}
		for (size_t i = 0; i < sizeof(alls) / sizeof(alls[0]); i++) {
			t = *shipped;
			t.all_weight = alls[i];
			snprintf(name, sizeof(name), "all-words weight %.2g", alls[i]);
			row(name, LT_EVAL_LUUTRU, &t);
		}
	}
	lt_eval_free(ev);
	if (!keep)
		lt_fs_remove_tree(tmp.data, NULL);
	lt_buf_free(&tmp);
	lt_buf_free(&ixpath);
	return 0;
}
