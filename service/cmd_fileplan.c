/*
 * service/cmd_fileplan.c — `luutru catalog ...`: the annual dossier catalog
 * (danh mục hồ sơ, archive/fileplan.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archive/fileplan.h"
#include "core/date.h"
#include "retention/schedule.h"
#include "service/cli.h"

static void help(void)
{
	printf(
	    "%s",
	    LT_TR(
	        "Cách dùng:\n"
	        "  luutru catalog create --year NĂM [--department ĐƠN_VỊ] "
	        "[--numbering continuous|per_heading]\n"
	        "  luutru catalog import TỆP.csv --year NĂM [--department ĐƠN_VỊ] "
	        "[--numbering ...]\n"
	        "  luutru catalog print --year NĂM [--department ĐƠN_VỊ] --format html|pdf|csv "
	        "[-o TỆP]\n"
	        "  luutru catalog finalize --year NĂM [--department ĐƠN_VỊ] --approved-by "
	        "THỦ_TRƯỞNG\n"
	        "         [--issued YYYY-MM-DD] [--total N --permanent N --fixed-term N] "
	        "[--json]\n"
	        "  luutru catalog list [--json]\n"
	        "  luutru catalog add --year NĂM --heading VIẾT_TẮT [--subheading TÊN] --title T\n"
	        "         (--retention R | --rule MÃ_QUY_TẮC) --keeper K [--note N] --reason "
	        "LÝ_DO\n"
	        "  luutru catalog amend SỐ_KÝ_HIỆU --year NĂM TRƯỜNG=GIÁ_TRỊ... --reason LÝ_DO\n"
	        "         (title, retention, rule, keeper, note)\n"
	        "  luutru catalog add-heading --year NĂM --title T (--abbr VIẾT_TẮT | --parent "
	        "VIẾT_TẮT) --reason LÝ_DO\n"
	        "  luutru catalog history --year NĂM [--json]\n\n"
	        "Danh mục hồ sơ hằng năm (NĐ 30 Đ28, Phụ lục V). Tệp CSV (UTF-8) có dòng\n"
	        "tiêu đề: heading,heading_abbr,notation,title,retention,keeper,note\n"
	        "(và có thể thêm cột rule — mã quy tắc trong bảng thời hạn bảo quản — và\n"
	        "subheading — đề mục con)\n"
	        "  heading       đề mục (số La Mã I, II, ... tự đánh)\n"
	        "  heading_abbr  chữ viết tắt đề mục, ví dụ TCCB\n"
	        "  notation      số và ký hiệu hồ sơ 01.TCCB (để trống: tự đánh số)\n"
	        "  retention     Vĩnh viễn, N năm, N năm sau khi <sự kiện>, Đến khi <sự kiện>\n"
	        "                hoặc mã 01–06; để trống khi có cột rule\n"
	        "  keeper        đơn vị/người lập hồ sơ (bắt buộc)\n"
	        "Một dòng sai thì không nhập gì, thông báo nêu số dòng.\n\n"
	        "finalize chốt danh mục khi thủ trưởng phê duyệt, ban hành: ghi người phê\n"
	        "duyệt, ngày ban hành (mặc định hôm nay) và dòng tổng kết (tổng số, vĩnh\n"
	        "viễn, có thời hạn) như ghi trên bản ban hành — mặc định là số đếm thực tế.\n"
	        "Bản in sau đó mang dòng tổng kết đã ghi; `luutru check` (quy tắc 18) so\n"
	        "nó với các dòng. Danh mục đã chốt không nhập thêm, không chốt lại.\n",
	        "Usage:\n"
	        "  luutru catalog create --year YEAR [--department DEPT] "
	        "[--numbering continuous|per_heading]\n"
	        "  luutru catalog import FILE.csv --year YEAR [--department DEPT] "
	        "[--numbering ...]\n"
	        "  luutru catalog print --year YEAR [--department DEPT] --format html|pdf|csv "
	        "[-o FILE]\n"
	        "  luutru catalog finalize --year YEAR [--department DEPT] --approved-by "
	        "HEAD\n"
	        "         [--issued YYYY-MM-DD] [--total N --permanent N --fixed-term N] "
	        "[--json]\n"
	        "  luutru catalog list [--json]\n"
	        "  luutru catalog add --year YEAR --heading ABBR [--subheading NAME] --title T\n"
	        "         (--retention R | --rule RULE_CODE) --keeper K [--note N] --reason WHY\n"
	        "  luutru catalog amend NOTATION --year YEAR FIELD=VALUE... --reason WHY\n"
	        "         (title, retention, rule, keeper, note)\n"
	        "  luutru catalog add-heading --year YEAR --title T (--abbr ABBR | --parent "
	        "ABBR) --reason WHY\n"
	        "  luutru catalog history --year YEAR [--json]\n\n"
	        "The annual dossier catalog (NĐ 30 Đ28, Appendix V). The CSV (UTF-8) has\n"
	        "the header: heading,heading_abbr,notation,title,retention,keeper,note\n"
	        "(and may add rule — the retention schedule rule's code — and subheading)\n"
	        "  heading       top-level heading (Roman numerals I, II, ... generated)\n"
	        "  heading_abbr  its abbreviation, e.g. TCCB\n"
	        "  notation      dossier number 01.TCCB (empty: numbered for you)\n"
	        "  retention     Vĩnh viễn, N năm, N năm sau khi <event>, Đến khi <event>,\n"
	        "                or a code 01–06; empty when the rule column is given\n"
	        "  keeper        the unit or person keeping the dossier (required)\n"
	        "One bad row imports nothing; the message names the row.\n\n"
	        "finalize records the head's approval and issue: the approver, the issue\n"
	        "date (default today) and the footer counts (total, permanent, fixed-term)\n"
	        "as declared on the issued catalog — by default the actual counts. Later\n"
	        "prints carry the recorded footer; `luutru check` rule 18 compares it with\n"
	        "the rows. A finalised catalog takes no import and is not finalised again.\n"));
}

/* --total/--permanent/--fixed-term: all three or none. */
static int parse_footer(lt_fileplan_counts *c, int *given, const char *total, const char *perm,
                        const char *fixed)
{
	const char *v[3] = {total, perm, fixed};
	const char *names[3] = {"--total", "--permanent", "--fixed-term"};
	int *dst[3] = {&c->total, &c->permanent, &c->fixed_term};
	int n = 0, rc;

	*given = 0;
	for (int i = 0; i < 3; i++)
		n += v[i] != NULL;
	if (n == 0)
		return 0;
	if (n != 3)
		return lt_cli_usage_error(
		    "catalog", "%s",
		    LT_TR("cần đủ cả --total, --permanent và --fixed-term (dòng tổng kết)",
		          "--total, --permanent and --fixed-term go together (the footer)"));
	for (int i = 0; i < 3; i++) {
		size_t x;
		if ((rc = lt_cli_parse_size("catalog", names[i], v[i], 0, 1000000, &x)) != 0)
			return rc;
		*dst[i] = (int)x;
	}
	*given = 1;
	return 0;
}

static int finalize(lt_catalog *cat, int year, const char *department, const char *approver,
                    const char *issued, const char *total, const char *perm, const char *fixed,
                    const char *who, int json)
{
	lt_error err = LT_ERROR_INIT;
	lt_fileplan_counts declared, recorded, actual;
	lt_fileplan_final final;
	char today[11];
	int64_t id;
	int given, rc;

	if ((rc = parse_footer(&declared, &given, total, perm, fixed)) != 0)
		return rc;
	if (!approver)
		return lt_cli_usage_error(
		    "catalog", "%s",
		    LT_TR("cần --approved-by (thủ trưởng cơ quan phê duyệt danh mục, NĐ 30 Đ28)",
		          "--approved-by is needed (the head approving the catalog, NĐ 30 Đ28)"));
	if (!issued) {
		lt_date d;
		lt_date_today(&d);
		lt_date_format_iso(&d, today);
		issued = today;
	}
	if (lt_fileplan_finalize(&recorded, cat, year, department, approver, issued,
	                         given ? &declared : NULL, who, &err) != 0 ||
	    lt_fileplan_find(&id, cat, year, department, &err) != 0 ||
	    lt_fileplan_count(&actual, cat, id, &err) != 0 ||
	    lt_fileplan_final_get(&final, cat, id, &err) != 0)
		return lt_cli_fail(&err);
	if (json) {
		json_t *j = json_pack(
		    "{s:i, s:s, s:s, s:s, s:{s:i, s:i, s:i}, s:{s:i, s:i, s:i}, s:b}", "year", year,
		    "department", department ? department : "", "approved_by", final.approved_by,
		    "issued", final.issued_date, "footer", "total", recorded.total, "permanent",
		    recorded.permanent, "fixed_term", recorded.fixed_term, "actual", "total",
		    actual.total, "permanent", actual.permanent, "fixed_term", actual.fixed_term,
		    "matches",
		    recorded.total == actual.total && recorded.permanent == actual.permanent &&
		        recorded.fixed_term == actual.fixed_term);
		lt_cli_print_json(j, JSON_INDENT(2));
		json_decref(j);
	} else {
		printf(
		    LT_TR("Đã chốt danh mục hồ sơ năm %d: %d hồ sơ, gồm %d vĩnh viễn, %d có thời "
		          "hạn; phê duyệt: %s, ban hành ngày %s\n",
		          "Finalised the dossier catalog for %d: %d dossiers, %d permanent, %d "
		          "fixed-term; approved by %s, issued %s\n"),
		    year, recorded.total, recorded.permanent, recorded.fixed_term,
		    final.approved_by, final.issued_date);
	}
	if (recorded.total != actual.total || recorded.permanent != actual.permanent ||
	    recorded.fixed_term != actual.fixed_term ||
	    recorded.total != recorded.permanent + recorded.fixed_term)
		fprintf(
		    stderr,
		    LT_TR("cảnh báo: dòng tổng kết ghi %d/%d/%d nhưng danh mục có %d hồ sơ (%d "
		          "vĩnh viễn, %d có thời hạn); `luutru check` quy tắc 18 sẽ báo\n",
		          "warning: the footer says %d/%d/%d but the catalog has %d dossiers (%d "
		          "permanent, %d fixed-term); `luutru check` rule 18 will report it\n"),
		    recorded.total, recorded.permanent, recorded.fixed_term, actual.total,
		    actual.permanent, actual.fixed_term);
	return 0;
}

int lt_cmd_catalog(lt_cli *cli, int argc, char **argv)
{
	enum {
		O_YEAR,
		O_DEPT,
		O_NUM,
		O_FORMAT,
		O_OUT,
		O_JSON,
		O_USER,
		O_APPROVER,
		O_ISSUED,
		O_TOTAL,
		O_PERM,
		O_FIXED,
		O_HEADING,
		O_SUBHEADING,
		O_TITLE,
		O_RETENTION,
		O_RULE,
		O_KEEPER,
		O_NOTE,
		O_REASON,
		O_ABBR,
		O_PARENT,
		O_N
	};
	lt_cli_opt o[O_N] = {{"--year", 1, NULL, 0},      {"--department", 1, NULL, 0},
	                     {"--numbering", 1, NULL, 0}, {"--format", 1, NULL, 0},
	                     {"-o", 1, NULL, 0},          {"--json", 0, NULL, 0},
	                     {"--user", 1, NULL, 0},      {"--approved-by", 1, NULL, 0},
	                     {"--issued", 1, NULL, 0},    {"--total", 1, NULL, 0},
	                     {"--permanent", 1, NULL, 0}, {"--fixed-term", 1, NULL, 0},
	                     {"--heading", 1, NULL, 0},   {"--subheading", 1, NULL, 0},
	                     {"--title", 1, NULL, 0},     {"--retention", 1, NULL, 0},
	                     {"--rule", 1, NULL, 0},      {"--keeper", 1, NULL, 0},
	                     {"--note", 1, NULL, 0},      {"--reason", 1, NULL, 0},
	                     {"--abbr", 1, NULL, 0},      {"--parent", 1, NULL, 0}};
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
	if (o[O_USER].value)
		cli->user = o[O_USER].value;
	if (strcmp(sub, "list") != 0 && (rc = lt_cli_parse_year("catalog", o[O_YEAR].value, &year)))
		goto done;
	if (lt_cli_open_archive(cli, &ar, 0, &err) != 0) {
		rc = lt_cli_fail(&err);
		goto done;
	}
	cat = lt_archive_catalog(ar);
	/* Catalog rows may follow schedule rules: the schedule must exist. */
	if ((strcmp(sub, "import") == 0 || strcmp(sub, "add") == 0 || strcmp(sub, "amend") == 0) &&
	    lt_schedule_ensure_default(cat, &err) != 0) {
		rc = lt_cli_fail(&err);
		goto done;
	}
	if (strcmp(sub, "add") == 0) {
		lt_fileplan_row row = {o[O_HEADING].value, o[O_SUBHEADING].value,
		                       o[O_TITLE].value,   o[O_RETENTION].value,
		                       o[O_RULE].value,    o[O_KEEPER].value,
		                       o[O_NOTE].value};
		char notation[64];
		if (lt_fileplan_add_entry(notation, cat, year, o[O_DEPT].value, &row,
		                          o[O_REASON].value, lt_cli_who(ar), &err) != 0) {
			rc = lt_cli_fail(&err);
			goto done;
		}
		if (o[O_JSON].set)
			printf("{\"year\": %d, \"notation\": \"%s\"}\n", year, notation);
		else
			printf("%s %s\n", LT_TR("Đã bổ sung hồ sơ", "Added entry"), notation);
	} else if (strcmp(sub, "amend") == 0) {
		if (npos < 2) {
			rc = lt_cli_usage_error("catalog", "%s",
			                        LT_TR("cần SỐ_KÝ_HIỆU TRƯỜNG=GIÁ_TRỊ...",
			                              "NOTATION FIELD=VALUE... is needed"));
			goto done;
		}
		{
			lt_fileplan_kv *kv = calloc((size_t)npos, sizeof(*kv));
			const char **vals = calloc((size_t)npos, sizeof(*vals));
			size_t n = (size_t)npos - 1;
			if (!kv || !vals ||
			    (rc = lt_cli_split_kv("catalog", pos + 1, npos - 1, vals)) != 0) {
				free(kv);
				free(vals);
				rc = rc ? rc : 1;
				goto done;
			}
			for (size_t i = 0; i < n; i++) {
				kv[i].field = pos[i + 1];
				kv[i].value = vals[i];
			}
			free(vals);
			if (lt_fileplan_amend_fields(cat, year, o[O_DEPT].value, pos[0], kv, n,
			                             o[O_REASON].value, lt_cli_who(ar),
			                             &err) != 0) {
				free(kv);
				rc = lt_cli_fail(&err);
				goto done;
			}
			free(kv);
		}
		printf("%s %s\n", LT_TR("Đã sửa đổi hồ sơ trong danh mục", "Amended entry"),
		       pos[0]);
	} else if (strcmp(sub, "add-heading") == 0) {
		if (lt_fileplan_add_heading(cat, year, o[O_DEPT].value, o[O_ABBR].value,
		                            o[O_TITLE].value, o[O_PARENT].value, o[O_REASON].value,
		                            lt_cli_who(ar), &err) != 0) {
			rc = lt_cli_fail(&err);
			goto done;
		}
		printf("%s %s\n", LT_TR("Đã thêm đề mục", "Added heading"), o[O_TITLE].value);
	} else if (strcmp(sub, "history") == 0) {
		json_t *a = json_array();
		char *line;
		if (lt_fileplan_history(&out, cat, year, o[O_DEPT].value, &err) != 0) {
			json_decref(a);
			rc = lt_cli_fail(&err);
			goto done;
		}
		for (line = out.data; line && *line;) {
			char *f[8], *nl = strchr(line, '\n');
			*nl = '\0';
			f[0] = line;
			for (int i = 1; i < 8; i++) {
				f[i] = strchr(f[i - 1], '\t');
				*f[i]++ = '\0';
			}
			if (o[O_JSON].set)
				json_array_append_new(
				    a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "at",
				                 f[0], "who", f[1], "action", f[2], "object", f[3],
				                 "field", f[4], "old", f[5], "new", f[6], "reason",
				                 f[7]));
			else
				printf("%s  %-10s %-12s %-10s %s%s%s → %s  (%s)\n", f[0], f[1],
				       f[2], f[3], f[4], *f[4] ? ": " : "", f[5], f[6], f[7]);
			line = nl + 1;
		}
		if (o[O_JSON].set)
			lt_cli_print_json(a, JSON_INDENT(2));
		json_decref(a);
	} else if (strcmp(sub, "create") == 0) {
		int64_t id;
		if (lt_fileplan_create(&id, cat, year, o[O_DEPT].value, o[O_NUM].value,
		                       lt_cli_who(ar), &err) != 0) {
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
		                           lt_cli_who(ar), &err) != 0) {
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
		const char *format = o[O_FORMAT].value ? o[O_FORMAT].value : "html";
		char object[160];
		snprintf(object, sizeof(object), "catalog %d/%s", year,
		         o[O_DEPT].value ? o[O_DEPT].value : "");
		if (lt_fileplan_print(&out, cat, year, o[O_DEPT].value, format, &err) != 0 ||
		    lt_cli_audit(ar, "export", object, format, &err) != LT_OK ||
		    lt_cli_emit(&out, o[O_OUT].value, &err) != 0) {
			rc = lt_cli_fail(&err);
			goto done;
		}
	} else if (strcmp(sub, "finalize") == 0) {
		rc = finalize(cat, year, o[O_DEPT].value, o[O_APPROVER].value, o[O_ISSUED].value,
		              o[O_TOTAL].value, o[O_PERM].value, o[O_FIXED].value, lt_cli_who(ar),
		              o[O_JSON].set);
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
			printf("%s\n",
			       LT_TR("Năm   Đơn vị               Đánh số       Số hồ sơ  Ban hành",
			             "Year  Department           Numbering     Entries   Issued"));
		while (line && *line) {
			char *f[5], *nl = strchr(line, '\n');
			*nl = '\0';
			f[0] = line;
			for (int i = 1; i < 5; i++) {
				f[i] = strchr(f[i - 1], '\t');
				*f[i]++ = '\0';
			}
			if (o[O_JSON].set)
				json_array_append_new(
				    a, json_pack("{s:i, s:s, s:s, s:i, s:b, s:s?}", "year",
				                 atoi(f[0]), "department", f[1], "numbering", f[2],
				                 "entries", atoi(f[3]), "finalized", *f[4] != '\0',
				                 "issued", *f[4] ? f[4] : NULL));
			else
				printf("%-5s %-20s %-13s %-9s %s\n", f[0], *f[1] ? f[1] : "-", f[2],
				       f[3], *f[4] ? f[4] : LT_TR("(nháp, chưa chốt)", "(draft)"));
			line = nl + 1;
		}
		if (o[O_JSON].set) {
			lt_cli_print_json(a, JSON_INDENT(2));
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
