/*
 * service/cmd_search.c — `luutru search [QUERY] [filters] [--sort S]
 * [--page N | --offset N] [--limit N] [--facets LIST] [--json]
 * [--query-json FILE|-]`.
 *
 * Options come first, as with any command, but a query word may start with
 * '-' ("-viên" leaves out records with that word), so only the long
 * options below are options; everything else is the query.
 *
 * Every option becomes part of one lt_search_request (search/request.h),
 * the same the HTTP API builds, so a search gives the same answer typed in
 * the box, given as options or sent as JSON.
 */
#include <getopt.h> /* struct option: the table of long options */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "archive/archive.h"
#include "indexer/index.h"
#include "indexer/terms.h"
#include "search/request.h"
#include "search/search.h"
#include "service/cli.h"

static void help(void)
{
	printf(
	    "%s",
	    LT_TR(
	        "Cách dùng: luutru search [TRUY_VẤN] [tùy chọn]\n\n"
	        "Tìm văn bản theo nội dung và siêu dữ liệu, gõ có dấu hoặc không dấu:\n"
	        "\"ho so\" tìm thấy \"hồ sơ\"; gõ có dấu thì kết quả đúng dấu xếp trước.\n"
	        "Cú pháp truy vấn: docs/search.md (\"cụm từ\", AND, OR, NOT, +từ, -từ, tiền_tố*,\n"
	        "so:, kyhieu:, coquan:, loai:, hoso:, nam:, ngay:A..B, phong:).\n\n"
	        "Bộ lọc (giống trường trong truy vấn):\n"
	        "  --so SỐ          số văn bản (12 hoặc 12/QĐ-UBND)\n"
	        "  --kyhieu KH      ký hiệu (QĐ-UBND)\n"
	        "  --coquan TÊN     cơ quan ban hành\n"
	        "  --loai LOẠI      loại văn bản (mã, tên hoặc viết tắt: 02, \"Quyết định\", QĐ)\n"
	        "  --hoso MÃ        mã hồ sơ\n"
	        "  --nam NĂM        năm (2021 hoặc 2019..2021)\n"
	        "  --ngay TỪ..ĐẾN   ngày ban hành (2021-01-01..2021-06-30)\n"
	        "  --phong TÊN      phòng, ban (cũng: --dept)\n"
	        "Kết quả:\n"
	        "  --sort S         relevance (mặc định), date_desc (mới trước), date_asc\n"
	        "  --limit N        số kết quả mỗi trang (1–1000, mặc định 10)\n"
	        "  --page N         trang thứ N (từ 1); hoặc --offset N: bỏ qua N kết quả\n"
	        "  --facets DS      đếm theo nhóm: type,year,organ,dossier hoặc all\n"
	        "  --clearance N    mức mật được xem: 0 thường, 1 mật, 2 tối mật, 3 tuyệt mật\n"
	        "                   (mặc định 3: người chạy lệnh có toàn quyền thư mục dữ liệu)\n"
	        "  --query-json F   đọc truy vấn dạng JSON từ tệp F (- là đầu vào chuẩn)\n"
	        "  --json           in kết quả dạng JSON (như GET /api/v1/search)\n",
	        "Usage: luutru search [QUERY] [options]\n\n"
	        "Search records by content and metadata, typed with or without diacritics:\n"
	        "\"ho so\" finds \"hồ sơ\"; typed with diacritics, exact matches rank first.\n"
	        "Query syntax: docs/search.md (\"phrase\", AND, OR, NOT, +word, -word, prefix*,\n"
	        "so:, kyhieu:, coquan:, loai:, hoso:, nam:, ngay:A..B, phong:).\n\n"
	        "Filters (the same as fields in the query):\n"
	        "  --so NUMBER      document number (12 or 12/QĐ-UBND)\n"
	        "  --kyhieu N       notation (QĐ-UBND)\n"
	        "  --coquan NAME    issuing body\n"
	        "  --loai TYPE      document type (code, label or abbreviation)\n"
	        "  --hoso CODE      dossier code\n"
	        "  --nam YEAR       year (2021 or 2019..2021)\n"
	        "  --ngay FROM..TO  issue date (2021-01-01..2021-06-30)\n"
	        "  --phong NAME     department (also: --dept)\n"
	        "Results:\n"
	        "  --sort S         relevance (default), date_desc (newest first), date_asc\n"
	        "  --limit N        hits per page (1–1000, default 10)\n"
	        "  --page N         page N (from 1); or --offset N: skip N hits\n"
	        "  --facets LIST    counts by: type,year,organ,dossier or all\n"
	        "  --clearance N    highest secrecy shown: 0 normal, 1 mật, 2 tối mật, 3 tuyệt "
	        "mật\n"
	        "                   (default 3: whoever runs the CLI owns the data directory)\n"
	        "  --query-json F   read a JSON query from file F (- for standard input)\n"
	        "  --json           print results as JSON (as GET /api/v1/search)\n"));
}

static void print_text(const lt_search_results *res, const lt_search_request *r)
{
	int tty = isatty(STDOUT_FILENO);

	printf(LT_TR("Tìm thấy %llu văn bản cho \"%s\"\n", "%llu records found for \"%s\"\n"),
	       (unsigned long long)res->total, lt_buf_cstr(&r->query));
	for (size_t i = 0; i < res->nhits; i++) {
		const lt_search_hit *h = &res->hits[i];
		lt_buf snip = LT_BUF_INIT;
		lt_snippet_render(&snip, h->snippet, h->spans, h->nspans, tty ? "\033[1m" : "«",
		                  tty ? "\033[0m" : "»", 0);
		printf("\n%d. %s  [%lld, %s%s%s]  %.3f\n   %s\n", h->rank, h->title,
		       (long long)h->record_id, h->doc_id ? h->doc_id : h->uid,
		       h->issued_date ? ", " : "", h->issued_date ? h->issued_date : "", h->score,
		       lt_buf_cstr(&snip));
		lt_buf_free(&snip);
	}
	for (int f = 0; f < LT_FACET__COUNT; f++) {
		if (!res->facets[f].wanted)
			continue;
		printf("\n%s:", lt_search_facet_name((lt_search_facet)f));
		for (size_t i = 0; i < res->facets[f].n; i++)
			printf("%s %s (%llu)", i ? "," : "", res->facets[f].values[i].label,
			       (unsigned long long)res->facets[f].values[i].count);
		printf("\n");
	}
	if (res->total > r->opts.offset + res->nhits && res->nhits > 0)
		printf(LT_TR("\n(xem thêm: --offset %zu)\n", "\n(more: --offset %zu)\n"),
		       r->opts.offset + res->nhits);
}

static int read_json_query(lt_search_request *r, const char *path, lt_error *err)
{
	json_error_t jerr;
	json_t *j;
	int rc;

	if (strcmp(path, "-") == 0)
		j = json_loadf(stdin, JSON_REJECT_DUPLICATES, &jerr);
	else
		j = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!j)
		return lt_error_set(
		    err, LT_EINVAL,
		    LT_TR("%s: JSON không hợp lệ, dòng %d: %s", "%s: invalid JSON, line %d: %s"),
		    path, jerr.line, jerr.text);
	rc = lt_search_request_from_json(r, j, err);
	json_decref(j);
	return rc;
}

enum { O_LIMIT = 256, O_OFFSET, O_PAGE, O_CLEARANCE, O_JSON, O_SORT, O_FACETS, O_QJSON };

int lt_cmd_search(lt_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"limit", required_argument, NULL, O_LIMIT},
	    {"offset", required_argument, NULL, O_OFFSET},
	    {"page", required_argument, NULL, O_PAGE},
	    {"clearance", required_argument, NULL, O_CLEARANCE},
	    {"json", no_argument, NULL, O_JSON},
	    {"sort", required_argument, NULL, O_SORT},
	    {"facets", required_argument, NULL, O_FACETS},
	    {"query-json", required_argument, NULL, O_QJSON},
	    {"so", required_argument, NULL, 's'},
	    {"kyhieu", required_argument, NULL, 'k'},
	    {"coquan", required_argument, NULL, 'c'},
	    {"loai", required_argument, NULL, 't'},
	    {"hoso", required_argument, NULL, 'f'},
	    {"nam", required_argument, NULL, 'y'},
	    {"ngay", required_argument, NULL, 'd'},
	    {"phong", required_argument, NULL, 'p'},
	    {"dept", required_argument, NULL, 'p'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	static const struct {
		int opt;
		const char *field;
	} filters[] = {{'s', "so"},   {'k', "kyhieu"}, {'c', "coquan"}, {'t', "loai"},
	               {'f', "hoso"}, {'y', "nam"},    {'d', "ngay"},   {'p', "phong"}};
	lt_search_request r;
	lt_search_results res = LT_SEARCH_RESULTS_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_index *ix = NULL;
	lt_buf words = LT_BUF_INIT;
	const char *json_in = NULL;
	size_t page = 0, v;
	int json = 0, opt, exit_code = 0, clearance = 3, rc = 0, offset_set = 0, words_only = 0;

	if (lt_cli_wants_help(argc, argv)) {
		help();
		return 0;
	}
	lt_search_request_init(&r);
	/* Options are the long ones above; every other argument is a query
	 * word, one that starts with '-' too ("-viên" excludes a word), and
	 * after "--" everything is. Filters are collected after the query
	 * words, in option order. */
	for (int a = 1; a < argc; a++) {
		const char *arg = argv[a], *val = NULL, *eq;
		const struct option *o = NULL;
		const char *field = NULL;
		size_t nlen;

		if (words_only || strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
			if (!words_only && strcmp(arg, "--") == 0) {
				words_only = 1;
				continue;
			}
			if (words.len)
				lt_buf_putc(&words, ' ');
			lt_buf_puts(&words, arg);
			continue;
		}
		eq = strchr(arg + 2, '=');
		nlen = eq ? (size_t)(eq - (arg + 2)) : strlen(arg + 2);
		for (const struct option *l = longopts; l->name && !o; l++)
			if (strlen(l->name) == nlen && strncmp(l->name, arg + 2, nlen) == 0)
				o = l;
		if (!o) {
			exit_code = lt_cli_usage_error(
			    "search",
			    LT_TR("tùy chọn không rõ: %s (từ cần tìm bắt đầu bằng \"--\" thì "
			          "đặt sau --)",
			          "unknown option: %s (put a query word that starts with \"--\" "
			          "after --)"),
			    arg);
			goto done;
		}
		if (o->has_arg == required_argument) {
			if (eq)
				val = eq + 1;
			else if (a + 1 < argc)
				val = argv[++a];
			else {
				exit_code = lt_cli_bad_option("search", ':', arg);
				goto done;
			}
		} else if (eq) {
			exit_code = lt_cli_usage_error(
			    "search", LT_TR("%.*s không nhận giá trị", "%.*s takes no value"),
			    (int)(nlen + 2), arg);
			goto done;
		}
		opt = o->val;
		for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++)
			if (filters[i].opt == opt)
				field = filters[i].field;
		if (field) {
			rc = lt_search_request_add_filter(&r, field, val, &err);
			if (rc)
				break;
			continue;
		}
		switch (opt) {
		case O_LIMIT:
			if (lt_cli_parse_size("search", "--limit", val, 1, LT_SEARCH_LIMIT_MAX, &v))
				goto usage;
			r.opts.limit = v;
			break;
		case O_OFFSET:
			if (lt_cli_parse_size("search", "--offset", val, 0, LT_SEARCH_OFFSET_MAX,
			                      &v))
				goto usage;
			r.opts.offset = v;
			offset_set = 1;
			break;
		case O_PAGE:
			if (lt_cli_parse_size("search", "--page", val, 1, LT_SEARCH_OFFSET_MAX,
			                      &page))
				goto usage;
			break;
		case O_CLEARANCE:
			if (lt_cli_parse_size("search", "--clearance", val, 0, 3, &v))
				goto usage;
			clearance = (int)v;
			break;
		case O_JSON: json = 1; break;
		case O_SORT: rc = lt_search_request_set_sort(&r, val, &err); break;
		case O_FACETS: rc = lt_search_request_set_facets(&r, val, &err); break;
		case O_QJSON: json_in = val; break;
		default: break; /* --help: answered above */
		}
		if (rc)
			break;
	}
	if (rc) {
		exit_code = lt_cli_usage_error("search", "%s", err.message);
		goto done;
	}
	if (page && offset_set) {
		exit_code = lt_cli_usage_error("search", "%s",
		                               LT_TR("--page và --offset không dùng cùng nhau",
		                                     "--page and --offset exclude each other"));
		goto done;
	}
	/* Several words without quotes make one query, before the filters. */
	if (words.len) {
		lt_buf rest = r.query;
		lt_buf empty = LT_BUF_INIT;
		r.query = empty;
		lt_buf_puts(&r.query, lt_buf_cstr(&words));
		if (rest.len) {
			lt_buf_putc(&r.query, ' ');
			lt_buf_puts(&r.query, lt_buf_cstr(&rest));
		}
		lt_buf_free(&rest);
	}
	if (json_in) {
		lt_search_request jr;
		lt_search_request_init(&jr);
		rc = read_json_query(&jr, json_in, &err);
		if (rc == 0 && r.query.len)
			rc = lt_search_request_add_text(&jr, lt_buf_cstr(&r.query), &err);
		if (rc) {
			lt_search_request_free(&jr);
			exit_code = lt_cli_fail(&err);
			goto done;
		}
		/* Options given on the command line win over the file's. */
		if (r.opts.sort != LT_SORT_RELEVANCE)
			jr.opts.sort = r.opts.sort;
		if (r.opts.facets)
			jr.opts.facets = r.opts.facets;
		if (r.opts.limit != 10)
			jr.opts.limit = r.opts.limit;
		if (offset_set)
			jr.opts.offset = r.opts.offset;
		lt_search_request_free(&r);
		r = jr;
	}
	if (page) {
		if ((page - 1) * r.opts.limit > LT_SEARCH_OFFSET_MAX) {
			exit_code =
			    lt_cli_usage_error("search",
			                       LT_TR("--page quá lớn (tối đa vị trí %d)",
			                             "--page too large (offset at most %d)"),
			                       LT_SEARCH_OFFSET_MAX);
			goto done;
		}
		r.opts.offset = (page - 1) * r.opts.limit;
	}
	if (r.query.len == 0) {
		exit_code = lt_cli_usage_error(
		    "search", "%s",
		    LT_TR("cần một truy vấn hoặc bộ lọc", "a query or a filter is needed"));
		goto done;
	}
	r.opts.clearance = clearance;

	/* Read-write: the search is an access, audited like a search through
	 * the API (docs/audit.md); without its entry nothing is printed. The
	 * entry's commit is the one sync of a search: the connection leaves
	 * the WAL for a later checkpoint (SQLite's automatic one, or the next
	 * command that writes more) instead of copying it into the database
	 * as it closes, which cost three more syncs (bench/README.md, "CLI
	 * search"). */
	if (lt_cli_open_archive(cli, &ar, 0, &err) == LT_OK)
		sqlite3_db_config(lt_catalog_db(lt_archive_catalog(ar)),
		                  SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	if (!ar ||
	    lt_index_open_reader(&ix, lt_archive_dir(ar), lt_archive_index_path(ar), &err) !=
	        LT_OK ||
	    lt_search_run(ix, lt_archive_catalog(ar), lt_buf_cstr(&r.query), &r.opts, &res, &err) !=
	        LT_OK ||
	    lt_cli_audit(ar, "search", NULL, lt_buf_cstr(&r.query), &err) != LT_OK) {
		exit_code = lt_cli_fail(&err);
		goto done;
	}

	/* An index of an older luutru answers, without what newer terms give
	 * (document numbers typed as words, heading weights, coquan: inside a
	 * name); say how to bring it up to date. */
	if (lt_index_terms_version(ix) < LT_TERMS_VERSION) {
		uint64_t ndocs = 0;
		if (lt_index_doc_count(ix, &ndocs, NULL) == 0 && ndocs > 0)
			fprintf(
			    stderr, "%s",
			    LT_TR("luutru: cảnh báo: chỉ mục tìm kiếm do phiên bản cũ lập; chạy "
			          "'luutru reindex' để tìm được số ký hiệu văn bản, tiêu đề và "
			          "cơ quan ban hành như phiên bản này\n",
			          "luutru: warning: the search index was built by an older "
			          "luutru; run 'luutru reindex' so document numbers, headings and "
			          "issuers are found as this version finds them\n"));
	}
	if (json) {
		json_t *root = lt_search_results_json(&res, &r.opts);
		lt_cli_print_json(root, JSON_INDENT(2));
		json_decref(root);
	} else {
		print_text(&res, &r);
	}
done:
	lt_search_results_free(&res);
	lt_index_free(ix);
	lt_archive_free(ar);
	lt_buf_free(&words);
	lt_search_request_free(&r);
	return exit_code;
usage:
	exit_code = 2;
	goto done;
}
