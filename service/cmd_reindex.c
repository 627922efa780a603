/*
 * service/cmd_reindex.c — `luutru reindex [--out DIR] [--shard K/N] [--json]`.
 *
 * Without --out: build a new generation of <data>/index from the catalog
 * and swap it in atomically (indexer/index.h), then apply what changed
 * during the build. Searches keep being answered from the old generation
 * until the swap, and from the new one after. With --out: build an index
 * (optionally one hash shard of the records) in DIR and stop there, to be
 * served with xapian-tcpsrv or listed in index_shards (docs/search.md).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "archive/archive.h"
#include "core/fs.h"
#include "indexer/index.h"
#include "service/cli.h"

static void help(void)
{
	printf("%s",
	       LT_TR("Cách dùng: luutru reindex [--out THƯ_MỤC] [--shard K/N] [--json]\n\n"
	             "Dựng lại chỉ mục tìm kiếm từ danh mục (catalog) vào một thế hệ mới rồi\n"
	             "thay thế nguyên tử: việc tìm kiếm vẫn được trả lời trong lúc dựng.\n\n"
	             "  --out DIR    chỉ dựng chỉ mục vào DIR (mới), không thay thế\n"
	             "  --shard K/N  chỉ các văn bản có mã số id % N = K-1 (một phân đoạn)\n"
	             "  --json       {\"documents\", \"lastSeq\", \"path\", \"seconds\"}\n",
	             "Usage: luutru reindex [--out DIR] [--shard K/N] [--json]\n\n"
	             "Rebuild the search index from the catalog into a new generation and\n"
	             "swap it in atomically: searches keep being answered meanwhile.\n\n"
	             "  --out DIR    only build an index in DIR (new), no swap\n"
	             "  --shard K/N  only records whose id % N = K-1 (one shard)\n"
	             "  --json       {\"documents\", \"lastSeq\", \"path\", \"seconds\"}\n"));
}

static int parse_shard(const char *s, unsigned *k, unsigned *n)
{
	char *end = NULL, *end2 = NULL;
	unsigned long a = strtoul(s, &end, 10), b;

	if (end == s || *end != '/')
		return -1;
	b = strtoul(end + 1, &end2, 10);
	if (end2 == end + 1 || *end2 || a < 1 || b < 1 || a > b || b > 1024)
		return -1;
	*k = (unsigned)a - 1;
	*n = (unsigned)b;
	return 0;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int lt_cmd_reindex(lt_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"out", required_argument, NULL, 'o'},
	    {"shard", required_argument, NULL, 's'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_index *ix = NULL;
	lt_index_sync_stats st, catchup;
	lt_buf dir = LT_BUF_INIT;
	const char *out_dir = NULL;
	unsigned shard_k = 0, shard_n = 0;
	int json = 0, opt, exit_code = 0, rc;
	double t0 = now_s();

	if (lt_cli_wants_help(argc, argv)) {
		help();
		return 0;
	}
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o': out_dir = optarg; break;
		case 's':
			if (parse_shard(optarg, &shard_k, &shard_n))
				return lt_cli_usage_error(
				    "reindex",
				    LT_TR(
				        "--shard cần dạng K/N (1 ≤ K ≤ N ≤ 1024), không phải '%s'",
				        "--shard needs K/N (1 ≤ K ≤ N ≤ 1024), not '%s'"),
				    optarg);
			break;
		case 'j': json = 1; break;
		default: return lt_cli_bad_option("reindex", opt, argv[optind - 1]);
		}
	}
	if (optind < argc)
		return lt_cli_usage_error("reindex", LT_TR("thừa đối số: %s", "extra argument: %s"),
		                          argv[optind]);
	if (shard_n && !out_dir)
		return lt_cli_usage_error("reindex", "%s",
		                          LT_TR("--shard cần --out (một phân đoạn không thay thế "
		                                "chỉ mục chính)",
		                                "--shard needs --out (a shard does not replace the "
		                                "main index)"));
	memset(&catchup, 0, sizeof(catchup));
	lt_index_tune_bulk(); /* a bulk writer; before any thread starts */
	rc = lt_cli_open_archive(cli, &ar, 0, &err);
	if (rc == 0 && out_dir) {
		if (lt_fs_exists(out_dir))
			rc = lt_error_set(&err, LT_EEXISTS,
			                  LT_TR("%s đã có; --out cần một thư mục mới",
			                        "%s exists; --out needs a new directory"),
			                  out_dir);
		else if (lt_buf_puts(&dir, out_dir))
			rc = lt_error_set(&err, LT_ENOMEM, "out of memory");
		if (rc == 0)
			rc = lt_index_open(&ix, lt_buf_cstr(&dir), LT_INDEX_WRITE, &err);
		if (rc == 0)
			rc = lt_index_rebuild(ix, lt_archive_catalog(ar), shard_k, shard_n, &st,
			                      &err);
		lt_index_free(ix);
		ix = NULL;
	} else if (rc == 0) {
		rc = lt_index_regenerate(lt_archive_index_path(ar), lt_archive_catalog(ar), &dir,
		                         &st, &err);
	}
	if (rc == 0 && !out_dir) {
		/* What changed in the catalog during the build. */
		if (rc == 0)
			rc = lt_index_open(&ix, lt_archive_index_path(ar), LT_INDEX_WRITE, &err);
		if (rc == 0)
			rc = lt_index_sync(ix, lt_archive_catalog(ar), &catchup, &err);
		lt_index_free(ix);
	} else if (rc && out_dir && lt_fs_exists(lt_buf_cstr(&dir))) {
		lt_error e2 = LT_ERROR_INIT;
		lt_fs_remove_tree(lt_buf_cstr(&dir), &e2);
	}
	if (rc) {
		exit_code = lt_cli_fail(&err);
		goto done;
	}
	if (json) {
		json_t *j =
		    json_pack("{s:I, s:I, s:s, s:f}", "documents",
		              (json_int_t)(st.documents + catchup.documents), "lastSeq",
		              (json_int_t)(catchup.applied ? catchup.last_seq : st.last_seq),
		              "path", lt_buf_cstr(&dir), "seconds", now_s() - t0);
		lt_cli_print_json(j, JSON_COMPACT);
		json_decref(j);
	} else {
		printf(LT_TR("Đã dựng lại chỉ mục: %zu văn bản, %.1f giây (%s)\n",
		             "Index rebuilt: %zu records, %.1f s (%s)\n"),
		       st.documents + catchup.documents, now_s() - t0, lt_buf_cstr(&dir));
	}
done:
	lt_buf_free(&dir);
	lt_archive_free(ar);
	return exit_code;
}
