/*
 * service/cmd_fileplan.c — `luutru catalog ...`: the annual dossier catalog
 * (danh mục hồ sơ, archive/fileplan.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archive/fileplan.h"
#include "service/cli.h"

static void help(void)
{
	printf("%s",
	       LT_TR("Cách dùng:\n"
	             "  luutru catalog create --year NĂM [--department ĐƠN_VỊ] "
	             "[--numbering continuous|per_heading]\n"
	             "  luutru catalog import TỆP.csv --year NĂM [--department ĐƠN_VỊ] "
	             "[--numbering ...]\n"
	             "  luutru catalog print --year NĂM [--department ĐƠN_VỊ] --format html|csv "
	             "[-o TỆP]\n"
	             "  luutru catalog list [--json]\n\n"
	             "Danh mục hồ sơ hằng năm (NĐ 30 Đ28, Phụ lục V). Tệp CSV (UTF-8) có dòng\n"
	             "tiêu đề: heading,heading_abbr,notation,title,retention,keeper,note\n"
	             "  heading       đề mục (số La Mã I, II, ... tự đánh)\n"
	             "  heading_abbr  chữ viết tắt đề mục, ví dụ TCCB\n"
	             "  notation      số và ký hiệu hồ sơ 01.TCCB (để trống: tự đánh số)\n"
	             "  retention     Vĩnh viễn, 20 năm, mã 01–07, hoặc \"Đến khi văn bản hết "
	             "hiệu lực\"\n"
	             "  keeper        đơn vị/người lập hồ sơ (bắt buộc)\n"
	             "Một dòng sai thì không nhập gì, thông báo nêu số dòng.\n",
	             "Usage:\n"
	             "  luutru catalog create --year YEAR [--department DEPT] "
	             "[--numbering continuous|per_heading]\n"
	             "  luutru catalog import FILE.csv --year YEAR [--department DEPT] "
	             "[--numbering ...]\n"
	             "  luutru catalog print --year YEAR [--department DEPT] --format html|csv "
	             "[-o FILE]\n"
	             "  luutru catalog list [--json]\n\n"
	             "The annual dossier catalog (NĐ 30 Đ28, Appendix V). The CSV (UTF-8) has\n"
	             "the header: heading,heading_abbr,notation,title,retention,keeper,note\n"
	             "  heading       top-level heading (Roman numerals I, II, ... generated)\n"
	             "  heading_abbr  its abbreviation, e.g. TCCB\n"
	             "  notation      dossier number 01.TCCB (empty: numbered for you)\n"
	             "  retention     Vĩnh viễn, 20 năm, a code 01–07, or a label\n"
	             "  keeper        the unit or person keeping the dossier (required)\n"
	             "One bad row imports nothing; the message names the row.\n"));
}

int lt_cmd_catalog(lt_cli *cli, int argc, char **argv)
{
	enum { O_YEAR, O_DEPT, O_NUM, O_FORMAT, O_OUT, O_JSON, O_USER, O_N };
	lt_cli_opt o[O_N] = {{"--year", 1, NULL, 0},      {"--department", 1, NULL, 0},
	                     {"--numbering", 1, NULL, 0}, {"--format", 1, NULL, 0},
	                     {"-o", 1, NULL, 0},          {"--json", 0, NULL, 0},
	                     {"--user", 1, NULL, 0}};
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_catalog *cat;
	lt_buf out = LT_BUF_INIT;
	char **pos;
	const char *sub;
	int npos = 0, rc = 0, year = 0;

	if (argc < 2 || lt_cli_wants_help(argc, argv)) {
		help();
		return argc < 2 ? 2 : 0;
	}
	sub = argv[1];
	if (!(pos = calloc((size_t)argc, sizeof(*pos))))
		return 1;
	if ((rc = lt_cli_parse_opts("catalog", argc, argv, 2, o, O_N, pos, &npos)) != 0)
		goto done;
	if (strcmp(sub, "list") != 0 && (rc = lt_cli_parse_year("catalog", o[O_YEAR].value, &year)))
		goto done;
	if (lt_cli_open_archive(cli, &ar, 0, &err) != 0) {
		rc = lt_cli_fail(&err);
		goto done;
	}
	cat = lt_archive_catalog(ar);
	if (strcmp(sub, "create") == 0) {
		int64_t id;
		if (lt_fileplan_create(&id, cat, year, o[O_DEPT].value, o[O_NUM].value,
		                       lt_cli_who(o[O_USER].value), &err) != 0) {
			rc = lt_cli_fail(&err);
			goto done;
		}
		printf("%s %d\n",
		       LT_TR("Đã lập danh mục hồ sơ năm", "Created the dossier catalog for"), year);
	} else if (strcmp(sub, "import") == 0) {
		size_t n = 0;
		if (npos != 1) {
			rc = lt_cli_usage_error("catalog", "%s",
			                        LT_TR("cần TỆP.csv", "FILE.csv is needed"));
			goto done;
		}
		if (lt_fileplan_import_csv(&n, cat, year, o[O_DEPT].value, o[O_NUM].value, pos[0],
		                           lt_cli_who(o[O_USER].value), &err) != 0) {
			rc = lt_cli_fail(&err);
			goto done;
		}
		if (o[O_JSON].set)
			printf("{\"year\": %d, \"entries\": %zu}\n", year, n);
		else
			printf("%s %zu %s %d\n", LT_TR("Đã nhập", "Imported"), n,
			       LT_TR("hồ sơ vào danh mục năm", "entries into the catalog for"),
			       year);
	} else if (strcmp(sub, "print") == 0) {
		if (lt_fileplan_print(&out, cat, year, o[O_DEPT].value,
		                      o[O_FORMAT].value ? o[O_FORMAT].value : "html", &err) != 0 ||
		    lt_cli_emit(&out, o[O_OUT].value, &err) != 0) {
			rc = lt_cli_fail(&err);
			goto done;
		}
	} else if (strcmp(sub, "list") == 0) {
		json_t *a = json_array();
		char *line;
		if (lt_fileplan_list(&out, cat, &err) != 0) {
			json_decref(a);
			rc = lt_cli_fail(&err);
			goto done;
		}
		line = out.data;
		if (!o[O_JSON].set)
			printf("%s\n", LT_TR("Năm   Đơn vị               Đánh số       Số hồ sơ",
			                     "Year  Department           Numbering     Entries"));
		while (line && *line) {
			char *f[4], *nl = strchr(line, '\n');
			*nl = '\0';
			f[0] = line;
			for (int i = 1; i < 4; i++) {
				f[i] = strchr(f[i - 1], '\t');
				*f[i]++ = '\0';
			}
			if (o[O_JSON].set)
				json_array_append_new(a, json_pack("{s:i, s:s, s:s, s:i}", "year",
				                                   atoi(f[0]), "department", f[1],
				                                   "numbering", f[2], "entries",
				                                   atoi(f[3])));
			else
				printf("%-5s %-20s %-13s %s\n", f[0], *f[1] ? f[1] : "-", f[2],
				       f[3]);
			line = nl + 1;
		}
		if (o[O_JSON].set) {
			char *s = json_dumps(a, JSON_INDENT(2));
			printf("%s\n", s ? s : "[]");
			free(s);
		}
		json_decref(a);
	} else {
		rc = lt_cli_usage_error(
		    "catalog", LT_TR("lệnh con không biết: %s", "unknown subcommand: %s"), sub);
	}
done:
	lt_buf_free(&out);
	lt_archive_free(ar);
	free(pos);
	return rc;
}
