/* service/cmd_search.c — `luutru search QUERY [--limit N] [--offset N] [--json]`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "archive/archive.h"
#include "indexer/index.h"
#include "search/search.h"
#include "service/cli.h"

static void help(void)
{
	printf(
	    "%s",
	    LT_TR(
	        "Cách dùng: luutru search TRUY_VẤN [--limit N] [--offset N] [--clearance 0-3] "
	        "[--json]\n\n"
	        "Tìm văn bản theo nội dung và siêu dữ liệu, gõ có dấu hoặc không dấu:\n"
	        "\"ho so\" tìm thấy \"hồ sơ\"; gõ có dấu thì kết quả đúng dấu xếp trước.\n\n"
	        "  --limit N      số kết quả mỗi trang (1–1000, mặc định 10)\n"
	        "  --offset N     bỏ qua N kết quả đầu (phân trang)\n"
	        "  --clearance N  mức mật được xem: 0 thường, 1 mật, 2 tối mật, 3 tuyệt mật\n"
	        "                 (mặc định 3: người chạy lệnh trên máy có toàn quyền thư mục dữ "
	        "liệu)\n"
	        "  --json         {\"total\", \"hits\": [{\"id\", \"uid\", \"docId\", \"title\", "
	        "\"score\", "
	        "\"snippet\"}]}\n",
	        "Usage: luutru search QUERY [--limit N] [--offset N] [--clearance 0-3] [--json]\n\n"
	        "Search records by content and metadata, typed with or without diacritics:\n"
	        "\"ho so\" finds \"hồ sơ\"; typed with diacritics, exact matches rank first.\n\n"
	        "  --limit N      hits per page (1–1000, default 10)\n"
	        "  --offset N     skip the first N hits (paging)\n"
	        "  --clearance N  highest secrecy shown: 0 normal, 1 mật, 2 tối mật, 3 tuyệt mật\n"
	        "                 (default 3: whoever runs the CLI owns the data directory)\n"
	        "  --json         {\"total\", \"hits\": [{\"id\", \"uid\", \"docId\", \"title\", "
	        "\"score\", "
	        "\"snippet\"}]}\n"));
}

int lt_cmd_search(lt_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"limit", required_argument, NULL, 'l'},
	    {"offset", required_argument, NULL, 'o'},
	    {"clearance", required_argument, NULL, 'c'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	lt_search_options opts = LT_SEARCH_OPTIONS_INIT;
	lt_search_results res = LT_SEARCH_RESULTS_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_index *ix = NULL;
	lt_buf query = LT_BUF_INIT;
	int json = 0, opt, exit_code = 0;
	size_t v;

	if (lt_cli_wants_help(argc, argv)) {
		help();
		return 0;
	}
	opts.clearance = 3;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (opt) {
		case 'l':
			if (lt_cli_parse_size("search", "--limit", optarg, 1, LT_SEARCH_LIMIT_MAX,
			                      &v))
				return 2;
			opts.limit = v;
			break;
		case 'o':
			if (lt_cli_parse_size("search", "--offset", optarg, 0, 1000000, &v))
				return 2;
			opts.offset = v;
			break;
		case 'c':
			if (lt_cli_parse_size("search", "--clearance", optarg, 0, 3, &v))
				return 2;
			opts.clearance = (int)v;
			break;
		case 'j': json = 1; break;
		default:
			return lt_cli_usage_error(
			    "search",
			    opt == ':' ? LT_TR("%s cần một giá trị", "%s needs a value")
			               : LT_TR("tùy chọn không hợp lệ: %s", "invalid option: %s"),
			    argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return lt_cli_usage_error("search", "%s",
		                          LT_TR("cần một truy vấn", "a query is needed"));
	/* Several words without quotes make one query. */
	for (int a = optind; a < argc; a++) {
		if (a > optind)
			lt_buf_putc(&query, ' ');
		lt_buf_puts(&query, argv[a]);
	}

	if (lt_cli_open_archive(cli, &ar, LT_ARCHIVE_READONLY, &err) != LT_OK ||
	    lt_index_open(&ix, lt_archive_index_path(ar), 0, &err) != LT_OK ||
	    lt_search_run(ix, lt_archive_catalog(ar), lt_buf_cstr(&query), &opts, &res, &err) !=
	        LT_OK) {
		exit_code = lt_cli_fail(&err);
		goto done;
	}

	if (json) {
		json_t *hits = json_array();
		for (size_t i = 0; i < res.nhits; i++) {
			const lt_search_hit *h = &res.hits[i];
			json_array_append_new(hits,
			                      json_pack("{s:I, s:s, s:s?, s:s, s:f, s:s}", "id",
			                                (json_int_t)h->record_id, "uid", h->uid,
			                                "docId", h->doc_id, "title", h->title,
			                                "score", h->score, "snippet", h->snippet));
		}
		json_t *root =
		    json_pack("{s:I, s:o}", "total", (json_int_t)res.total, "hits", hits);
		char *s = json_dumps(root, JSON_INDENT(2));
		if (s)
			printf("%s\n", s);
		free(s);
		json_decref(root);
	} else {
		int tty = isatty(STDOUT_FILENO);
		printf(
		    LT_TR("Tìm thấy %llu văn bản cho \"%s\"\n", "%llu records found for \"%s\"\n"),
		    (unsigned long long)res.total, lt_buf_cstr(&query));
		for (size_t i = 0; i < res.nhits; i++) {
			const lt_search_hit *h = &res.hits[i];
			lt_buf snip = LT_BUF_INIT;
			lt_snippet_render(&snip, h->snippet, h->spans, h->nspans,
			                  tty ? "\033[1m" : "«", tty ? "\033[0m" : "»", 0);
			printf("\n%d. %s  [%lld, %s]  %.3f\n   %s\n", h->rank, h->title,
			       (long long)h->record_id, h->doc_id ? h->doc_id : h->uid, h->score,
			       lt_buf_cstr(&snip));
			lt_buf_free(&snip);
		}
		if (res.total > opts.offset + res.nhits)
			printf(LT_TR("\n(xem thêm: --offset %zu)\n", "\n(more: --offset %zu)\n"),
			       opts.offset + res.nhits);
	}
done:
	lt_search_results_free(&res);
	lt_index_free(ix);
	lt_archive_free(ar);
	lt_buf_free(&query);
	return exit_code;
}
