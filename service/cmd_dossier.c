/*
 * service/cmd_dossier.c — `luutru dossier ...`: open, fill, close, reopen
 * dossiers and print their table of contents (archive/dossier.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archive/dossier.h"
#include "service/cli.h"
#include "service/ops.h"

static void help(void)
{
	printf(
	    "%s",
	    LT_TR("Cách dùng:\n"
	          "  luutru dossier open --year NĂM --entry SỐ_KÝ_HIỆU [--department ĐƠN_VỊ]\n"
	          "  luutru dossier list [--year NĂM] [--json]\n"
	          "  luutru dossier show HỒ_SƠ [--json]\n"
	          "  luutru dossier add HỒ_SƠ VĂN_BẢN...\n"
	          "  luutru dossier remove HỒ_SƠ VĂN_BẢN...\n"
	          "  luutru dossier set HỒ_SƠ TRƯỜNG=GIÁ_TRỊ   (title, keeper, language, mode,\n"
	          "                                            description, keyword)\n"
	          "  luutru dossier close HỒ_SƠ\n"
	          "  luutru dossier reopen HỒ_SƠ --reason LÝ_DO\n"
	          "  luutru dossier archive HỒ_SƠ\n"
	          "  luutru dossier toc HỒ_SƠ --format html|csv [-o TỆP]\n\n"
	          "HỒ_SƠ là id, mã hồ sơ (000.00.00.G09.2024.01.TCCB) hoặc số ký hiệu. Hồ sơ\n"
	          "mở từ danh mục hồ sơ; mã hồ sơ = mã cơ quan.năm.số ký hiệu. Văn bản được\n"
	          "đánh số thứ tự theo ngày. Đóng hồ sơ kiểm tra siêu dữ liệu bắt buộc và chốt\n"
	          "số văn bản, số trang, thời gian; hồ sơ đã đóng không sửa được (Đ29.4) trừ\n"
	          "khi lưu trữ viên mở lại có lý do. Tùy chọn chung: --user NGƯỜI.\n",
	          "Usage:\n"
	          "  luutru dossier open --year YEAR --entry NOTATION [--department DEPT]\n"
	          "  luutru dossier list [--year YEAR] [--json]\n"
	          "  luutru dossier show DOSSIER [--json]\n"
	          "  luutru dossier add DOSSIER RECORD...\n"
	          "  luutru dossier remove DOSSIER RECORD...\n"
	          "  luutru dossier set DOSSIER FIELD=VALUE    (title, keeper, language, mode,\n"
	          "                                            description, keyword)\n"
	          "  luutru dossier close DOSSIER\n"
	          "  luutru dossier reopen DOSSIER --reason WHY\n"
	          "  luutru dossier archive DOSSIER\n"
	          "  luutru dossier toc DOSSIER --format html|csv [-o FILE]\n\n"
	          "DOSSIER is an id, a dossier code (000.00.00.G09.2024.01.TCCB) or a notation.\n"
	          "Dossiers open from the catalog; code = organ id.year.notation. Records are\n"
	          "numbered in date order. Closing checks required metadata and fixes the\n"
	          "record and page totals and dates; a closed dossier is read-only (Đ29.4)\n"
	          "unless an archivist reopens it with a reason. Common option: --user WHO.\n"));
}

static void show_text(lt_catalog *cat, const lt_dossier *d)
{
	int64_t *ids = NULL;
	size_t n = 0;

	printf("%s: %s\n", LT_TR("Mã hồ sơ", "Dossier code"), d->file_code);
	printf("%s: %s\n", LT_TR("Tiêu đề", "Title"), d->title ? d->title : "");
	printf("%s: %s\n", LT_TR("Trạng thái", "Status"), lt_dossier_status_label(d->status));
	printf("%s: %s\n", LT_TR("Thời hạn bảo quản", "Retention"),
	       d->retention_label ? d->retention_label : (d->maintenance ? d->maintenance : ""));
	printf("%s: %s\n", LT_TR("Người lập", "Keeper"), d->keeper ? d->keeper : "");
	if (d->start_date)
		printf("%s: %s – %s\n", LT_TR("Thời gian", "Dates"), d->start_date,
		       d->end_date ? d->end_date : "");
	printf("%s: %d, %s: %d\n", LT_TR("Số văn bản", "Records"), d->doc_total,
	       LT_TR("số trang", "pages"), d->page_total);
	if (lt_dossier_records(&ids, &n, cat, d->id, NULL) == 0 && n) {
		printf("%s:", LT_TR("Văn bản (theo thứ tự)", "Records (in order)"));
		for (size_t i = 0; i < n; i++)
			printf(" %lld", (long long)ids[i]);
		printf("\n");
	}
	free(ids);
}

int lt_cmd_dossier(lt_cli *cli, int argc, char **argv)
{
	enum { O_YEAR, O_ENTRY, O_DEPT, O_JSON, O_USER, O_REASON, O_FORMAT, O_OUT, O_N };
	lt_cli_opt o[O_N] = {{"--year", 1, NULL, 0},       {"--entry", 1, NULL, 0},
	                     {"--department", 1, NULL, 0}, {"--json", 0, NULL, 0},
	                     {"--user", 1, NULL, 0},       {"--reason", 1, NULL, 0},
	                     {"--format", 1, NULL, 0},     {"-o", 1, NULL, 0}};
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_catalog *cat;
	lt_dossier *d = NULL;
	lt_buf out = LT_BUF_INIT;
	char **pos;
	const char *sub, *who;
	int npos = 0, rc = 0, year = 0;
	int64_t id = 0;

	if (argc < 2 || lt_cli_wants_help(argc, argv)) {
		help();
		return argc < 2 ? 2 : 0;
	}
	sub = argv[1];
	if (!(pos = calloc((size_t)argc, sizeof(*pos))))
		return 1;
	if ((rc = lt_cli_parse_opts("dossier", argc, argv, 2, o, O_N, pos, &npos)) != 0)
		goto done;
	if (o[O_USER].value)
		cli->user = o[O_USER].value;
	if (strcmp(sub, "open") && strcmp(sub, "list") && npos < 1) {
		rc = lt_cli_usage_error("dossier", "%s", LT_TR("cần HỒ_SƠ", "DOSSIER is needed"));
		goto done;
	}
	if (lt_cli_open_archive(cli, &ar, 0, &err) != 0) {
		rc = lt_cli_fail(&err);
		goto done;
	}
	cat = lt_archive_catalog(ar);
	who = lt_cli_who(ar);
	if (strcmp(sub, "open") && strcmp(sub, "list") && lt_dossier_find(&id, cat, pos[0], &err)) {
		rc = lt_cli_fail(&err);
		goto done;
	}
	if (strcmp(sub, "open") == 0) {
		if ((rc = lt_cli_parse_year("dossier", o[O_YEAR].value, &year)) != 0)
			goto done;
		if (!o[O_ENTRY].value) {
			rc = lt_cli_usage_error("dossier", "%s",
			                        LT_TR("cần --entry SỐ_KÝ_HIỆU (ví dụ 01.TCCB)",
			                              "--entry NOTATION is needed (e.g. 01.TCCB)"));
			goto done;
		}
		if (lt_dossier_open(&id, cat, year, o[O_DEPT].value, o[O_ENTRY].value, who, &err) ||
		    lt_dossier_load(&d, cat, id, &err)) {
			rc = lt_cli_fail(&err);
			goto done;
		}
		if (o[O_JSON].set) {
			json_t *j = lt_ops_dossier_json(cat, d);
			lt_cli_print_json(j, JSON_INDENT(2));
			json_decref(j);
		} else {
			printf("%s %s (id %lld): %s\n", LT_TR("Đã mở hồ sơ", "Opened dossier"),
			       d->file_code, (long long)id, d->title);
		}
	} else if (strcmp(sub, "list") == 0) {
		char *line;
		json_t *a = json_array();
		if (o[O_YEAR].value && (rc = lt_cli_parse_year("dossier", o[O_YEAR].value, &year)))
			goto done;
		if (lt_dossier_list(&out, cat, year, &err) != 0) {
			json_decref(a);
			rc = lt_cli_fail(&err);
			goto done;
		}
		if (o[O_JSON].set) {
			json_decref(a);
			a = lt_ops_dossier_list_json(&out);
		}
		for (line = out.data; !o[O_JSON].set && line && *line;) {
			char *f[5], *nl = strchr(line, '\n');
			lt_dossier_status s = LT_DOSSIER_OPEN;
			*nl = '\0';
			f[0] = line;
			for (int i = 1; i < 5; i++) {
				f[i] = strchr(f[i - 1], '\t');
				*f[i]++ = '\0';
			}
			lt_dossier_status_parse(&s, f[2]);
			printf("%-4s %-32s %-12s %3s  %s\n", f[0], f[1], lt_dossier_status_label(s),
			       f[3], f[4]);
			line = nl + 1;
		}
		if (o[O_JSON].set) {
			lt_cli_print_json(a, JSON_INDENT(2));
		}
		json_decref(a);
	} else if (strcmp(sub, "show") == 0) {
		if (lt_dossier_load(&d, cat, id, &err) != 0) {
			rc = lt_cli_fail(&err);
			goto done;
		}
		if (o[O_JSON].set) {
			json_t *j = lt_ops_dossier_json(cat, d);
			lt_cli_print_json(j, JSON_INDENT(2));
			json_decref(j);
		} else {
			show_text(cat, d);
		}
	} else if (strcmp(sub, "add") == 0 || strcmp(sub, "remove") == 0) {
		int add = strcmp(sub, "add") == 0;
		if (npos < 2) {
			rc = lt_cli_usage_error(
			    "dossier", "%s",
			    LT_TR("cần HỒ_SƠ VĂN_BẢN...", "DOSSIER RECORD... is needed"));
			goto done;
		}
		for (int i = 1; i < npos; i++) {
			int64_t rec;
			if (lt_cli_record_id(cat, pos[i], &rec, &err) != 0 ||
			    (add ? lt_dossier_add(cat, id, rec, who, &err)
			         : lt_dossier_remove(cat, id, rec, who, &err)) != 0) {
				rc = lt_cli_fail(&err);
				goto done;
			}
			printf("%s %lld\n",
			       add ? LT_TR("Đã thêm văn bản", "Added record")
			           : LT_TR("Đã bỏ văn bản", "Removed record"),
			       (long long)rec);
		}
	} else if (strcmp(sub, "set") == 0) {
		for (int i = 1; i < npos; i++) {
			char *eq = strchr(pos[i], '=');
			if (!eq) {
				rc = lt_cli_usage_error(
				    "dossier", "%s",
				    LT_TR("cần TRƯỜNG=GIÁ_TRỊ", "FIELD=VALUE is needed"));
				goto done;
			}
			*eq = '\0';
			if (lt_dossier_set(cat, id, pos[i], eq + 1, who, &err) != 0) {
				rc = lt_cli_fail(&err);
				goto done;
			}
		}
		printf("%s\n", LT_TR("Đã sửa hồ sơ", "Dossier updated"));
	} else if (strcmp(sub, "close") == 0 || strcmp(sub, "reopen") == 0 ||
	           strcmp(sub, "archive") == 0) {
		lt_dossier_status to = strcmp(sub, "close") == 0    ? LT_DOSSIER_CLOSED
		                       : strcmp(sub, "reopen") == 0 ? LT_DOSSIER_OPEN
		                                                    : LT_DOSSIER_ARCHIVED;
		if (lt_ops_dossier_transition(cat, id, to, who, o[O_REASON].value, &err) != 0 ||
		    lt_dossier_load(&d, cat, id, &err) != 0) {
			rc = lt_cli_fail(&err);
			goto done;
		}
		printf("%s %s: %s (%d %s, %d %s)\n", LT_TR("Hồ sơ", "Dossier"), d->file_code,
		       lt_dossier_status_label(d->status), d->doc_total,
		       LT_TR("văn bản", "records"), d->page_total, LT_TR("trang", "pages"));
	} else if (strcmp(sub, "toc") == 0) {
		const char *format = o[O_FORMAT].value ? o[O_FORMAT].value : "html";
		if (lt_dossier_load(&d, cat, id, &err) != 0 ||
		    lt_dossier_toc(&out, cat, id, format, &err) != 0 ||
		    lt_cli_audit(ar, "export", d->uid, format, &err) != LT_OK ||
		    lt_cli_emit(&out, o[O_OUT].value, &err) != 0) {
			rc = lt_cli_fail(&err);
			goto done;
		}
	} else {
		rc = lt_cli_usage_error(
		    "dossier", LT_TR("lệnh con không biết: %s", "unknown subcommand: %s"), sub);
	}
done:
	lt_dossier_free(d);
	lt_buf_free(&out);
	lt_archive_free(ar);
	free(pos);
	return rc;
}
