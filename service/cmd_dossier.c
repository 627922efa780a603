/*
 * service/cmd_dossier.c — `luutru dossier ...`: open, fill, close, reopen
 * dossiers and print their table of contents (archive/dossier.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include <jansson.h>

#include "archive/dossier.h"
#include "archive/fields.h"
#include "retention/deposit.h"
#include "service/cli.h"
#include "service/ops.h"

static void help(void)
{
	printf(
	    "%s",
	    LT_TR("Cách dùng:\n"
	          "  luutru dossier open --year NĂM --entry SỐ_KÝ_HIỆU [--department ĐƠN_VỊ]\n"
	          "  luutru dossier open --tthc MÃ_HỒ_SƠ --procedure MÃ_TTHC --received NGÀY\n"
	          "                      [--result-on-paper] [--title T] [--retention R]\n"
	          "  luutru dossier list [--year NĂM] [--json]\n"
	          "  luutru dossier show HỒ_SƠ [--json]\n"
	          "  luutru dossier add HỒ_SƠ VĂN_BẢN... [--role component|result]\n"
	          "  luutru dossier remove HỒ_SƠ VĂN_BẢN...\n"
	          "  luutru dossier set HỒ_SƠ TRƯỜNG=GIÁ_TRỊ...\n"
	          "  luutru dossier fields [--json]          các trường đặt được\n"
	          "  luutru dossier close HỒ_SƠ\n"
	          "  luutru dossier reopen HỒ_SƠ --reason LÝ_DO\n"
	          "  luutru dossier archive HỒ_SƠ... [--date NGÀY] [--giver ĐƠN_VỊ]\n"
	          "                      [--giver-person TÊN] [--receiver TÊN] [--receiver-person "
	          "TÊN]\n"
	          "                      [-o THƯ_MỤC] [--json]\n"
	          "  luutru dossier toc HỒ_SƠ --format html|pdf|csv [-o TỆP]\n\n"
	          "HỒ_SƠ là id, mã hồ sơ (000.00.00.G09.2024.01.TCCB) hoặc số ký hiệu. Hồ sơ\n"
	          "mở từ danh mục hồ sơ (hoặc là hồ sơ thủ tục hành chính, --tthc); mã hồ sơ =\n"
	          "mã cơ quan.năm.số ký hiệu. Văn bản được đánh số thứ tự theo ngày. Đóng hồ sơ\n"
	          "kiểm tra siêu dữ liệu bắt buộc của hồ sơ (TT 05/2025: người lập, chế độ dự\n"
	          "phòng, ...) và của từng văn bản, rồi chốt số văn bản, số trang, thời gian; hồ\n"
	          "sơ đã đóng và văn bản trong đó không sửa được (Đ29.4) trừ khi lưu trữ viên mở\n"
	          "lại có lý do. archive nộp lưu hồ sơ đã đóng vào lưu trữ cơ quan vào ngày\n"
	          "--date (mặc định hôm nay) và lập mục lục hồ sơ nộp lưu cùng biên bản giao\n"
	          "nhận (HTML và PDF trong -o THƯ_MỤC; luutru deposit print in lại). Tùy chọn\n"
	          "chung: --user NGƯỜI.\n",
	          "Usage:\n"
	          "  luutru dossier open --year YEAR --entry NOTATION [--department DEPT]\n"
	          "  luutru dossier open --tthc CASE --procedure CODE --received DATE\n"
	          "                      [--result-on-paper] [--title T] [--retention R]\n"
	          "  luutru dossier list [--year YEAR] [--json]\n"
	          "  luutru dossier show DOSSIER [--json]\n"
	          "  luutru dossier add DOSSIER RECORD... [--role component|result]\n"
	          "  luutru dossier remove DOSSIER RECORD...\n"
	          "  luutru dossier set DOSSIER FIELD=VALUE...\n"
	          "  luutru dossier fields [--json]          the fields that can be set\n"
	          "  luutru dossier close DOSSIER\n"
	          "  luutru dossier reopen DOSSIER --reason WHY\n"
	          "  luutru dossier archive DOSSIER... [--date DATE] [--giver UNIT]\n"
	          "                      [--giver-person NAME] [--receiver NAME] "
	          "[--receiver-person NAME]\n"
	          "                      [-o DIR] [--json]\n"
	          "  luutru dossier toc DOSSIER --format html|pdf|csv [-o FILE]\n\n"
	          "DOSSIER is an id, a dossier code (000.00.00.G09.2024.01.TCCB) or a notation.\n"
	          "Dossiers open from the catalog (or are administrative-procedure cases,\n"
	          "--tthc); code = organ id.year.notation. Records are numbered in date order.\n"
	          "Closing checks the dossier's required metadata (TT 05/2025: creator, backup\n"
	          "regime, ...) and each record's, then fixes the record and page totals and\n"
	          "dates; a closed dossier and its records are read-only (Đ29.4) unless an\n"
	          "archivist reopens it with a reason. archive deposits closed dossiers to the\n"
	          "agency archive on --date (default today) with the deposit list and the\n"
	          "hand-over record (HTML and PDF in -o DIR; luutru deposit print prints them\n"
	          "again). Common option: --user WHO.\n"));
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
	if (d->retention_event)
		printf("%s: %s\n", LT_TR("Ngày xảy ra sự kiện", "Event date"),
		       d->retention_event_date ? d->retention_event_date
		                               : LT_TR("(chưa ghi)", "(not recorded)"));
	if (d->expiry_year)
		printf("%s: %d\n", LT_TR("Năm hết hạn", "Expiry year"), d->expiry_year);
	if (d->archived_at)
		printf("%s: %.10s\n", LT_TR("Ngày nộp lưu", "Deposited"), d->archived_at);
	{
		size_t nf;
		const lt_dossier_field *defs = lt_dossier_fields(&nf);
		for (size_t i = 0; i < nf && i < d->nvalues; i++)
			if (d->values[i] && defs[i].type != LT_DF_RETENTION &&
			    strcmp(defs[i].tag, "title") && strcmp(defs[i].tag, "keeper"))
				printf("%s (%s): %s\n", LT_TR(defs[i].label_vi, defs[i].label_en),
				       defs[i].tag, d->values[i]);
	}
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

/* `dossier fields`: the settable fields with their types and code lists. */
static int print_fields(int json)
{
	json_t *a = lt_ops_dossier_fields_json();
	size_t i;
	json_t *o;

	if (json)
		lt_cli_print_json(a, JSON_INDENT(2));
	else
		json_array_foreach(a, i, o)
		    printf("%-20s %-10s %s\n", json_string_value(json_object_get(o, "tag")),
		           json_string_value(json_object_get(o, "type")),
		           json_string_value(json_object_get(o, "label")));
	json_decref(a);
	return 0;
}

/* Write a deposit's list and hand-over record as HTML and PDF into dir. */
static int write_deposit_forms(lt_catalog *cat, int64_t deposit, const char *dir, json_t *paths,
                               lt_error *err)
{
	static const char *const FORMS[] = {"list", "handover"};
	static const char *const NAMES[] = {"muc-luc-nop-luu", "bien-ban-giao-nhan"};
	static const char *const FORMATS[] = {"html", "pdf"};
	int rc = 0;

	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return lt_error_set(err, LT_EIO, "%s: %s",
		                    LT_TR("không tạo được thư mục", "cannot create directory"),
		                    dir);
	for (int f = 0; rc == 0 && f < 2; f++)
		for (int k = 0; rc == 0 && k < 2; k++) {
			lt_buf b = LT_BUF_INIT;
			char path[2048];
			snprintf(path, sizeof(path), "%s/%s-%lld.%s", dir, NAMES[f],
			         (long long)deposit, FORMATS[k]);
			rc = lt_deposit_form(&b, cat, deposit, FORMS[f], FORMATS[k], err);
			if (rc == 0)
				rc = lt_cli_emit(&b, path, err);
			if (rc == 0 && paths)
				json_array_append_new(paths, json_string(path));
			else if (rc == 0)
				printf("%s\n", path);
			lt_buf_free(&b);
		}
	return rc;
}

int lt_cmd_dossier(lt_cli *cli, int argc, char **argv)
{
	enum {
		O_YEAR,
		O_ENTRY,
		O_DEPT,
		O_JSON,
		O_USER,
		O_REASON,
		O_FORMAT,
		O_OUT,
		O_DATE,
		O_GIVER,
		O_GIVER_P,
		O_RECV,
		O_RECV_P,
		O_ROLE,
		O_TTHC,
		O_PROC,
		O_RECEIVED,
		O_PAPER,
		O_TITLE,
		O_RETENTION,
		O_N
	};
	lt_cli_opt o[O_N] = {{"--year", 1, NULL, 0},
	                     {"--entry", 1, NULL, 0},
	                     {"--department", 1, NULL, 0},
	                     {"--json", 0, NULL, 0},
	                     {"--user", 1, NULL, 0},
	                     {"--reason", 1, NULL, 0},
	                     {"--format", 1, NULL, 0},
	                     {"-o", 1, NULL, 0},
	                     {"--date", 1, NULL, 0},
	                     {"--giver", 1, NULL, 0},
	                     {"--giver-person", 1, NULL, 0},
	                     {"--receiver", 1, NULL, 0},
	                     {"--receiver-person", 1, NULL, 0},
	                     {"--role", 1, NULL, 0},
	                     {"--tthc", 1, NULL, 0},
	                     {"--procedure", 1, NULL, 0},
	                     {"--received", 1, NULL, 0},
	                     {"--result-on-paper", 0, NULL, 0},
	                     {"--title", 1, NULL, 0},
	                     {"--retention", 1, NULL, 0}};
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_catalog *cat;
	lt_dossier *d = NULL;
	lt_buf out = LT_BUF_INIT;
	char **pos;
	const char *sub, *who;
	int npos = 0, rc = 0, year = 0, many;
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
	if (strcmp(sub, "fields") == 0) {
		rc = print_fields(o[O_JSON].set);
		goto done;
	}
	many = strcmp(sub, "open") == 0 || strcmp(sub, "list") == 0;
	if (!many && npos < 1) {
		rc = lt_cli_usage_error("dossier", "%s", LT_TR("cần HỒ_SƠ", "DOSSIER is needed"));
		goto done;
	}
	if (lt_cli_open_archive(cli, &ar, 0, &err) != 0) {
		rc = lt_cli_fail(&err);
		goto done;
	}
	cat = lt_archive_catalog(ar);
	who = lt_cli_who(ar);
	if (!many && lt_dossier_find(&id, cat, pos[0], &err)) {
		rc = lt_cli_fail(&err);
		goto done;
	}
	if (strcmp(sub, "open") == 0) {
		if (o[O_TTHC].value) {
			if (lt_dossier_open_tthc(&id, cat, o[O_TTHC].value, o[O_PROC].value,
			                         o[O_RECEIVED].value, o[O_PAPER].set,
			                         o[O_TITLE].value, o[O_RETENTION].value, who,
			                         &err) != 0 ||
			    lt_dossier_load(&d, cat, id, &err) != 0) {
				rc = lt_cli_fail(&err);
				goto done;
			}
		} else {
			if ((rc = lt_cli_parse_year("dossier", o[O_YEAR].value, &year)) != 0)
				goto done;
			if (!o[O_ENTRY].value) {
				rc = lt_cli_usage_error(
				    "dossier", "%s",
				    LT_TR("cần --entry SỐ_KÝ_HIỆU (ví dụ 01.TCCB)",
				          "--entry NOTATION is needed (e.g. 01.TCCB)"));
				goto done;
			}
			if (lt_dossier_open(&id, cat, year, o[O_DEPT].value, o[O_ENTRY].value, who,
			                    &err) ||
			    lt_dossier_load(&d, cat, id, &err)) {
				rc = lt_cli_fail(&err);
				goto done;
			}
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
			    (add ? lt_dossier_add_role(cat, id, rec, o[O_ROLE].value, who, &err)
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
		lt_dossier_set_kv *kv = calloc((size_t)npos, sizeof(*kv));
		const char **vals = calloc((size_t)npos, sizeof(*vals));
		size_t n = (size_t)npos - 1;
		if (!kv || !vals ||
		    (rc = lt_cli_split_kv("dossier", pos + 1, npos - 1, vals)) != 0) {
			free(kv);
			free(vals);
			rc = rc ? rc : 1;
			goto done;
		}
		for (size_t i = 0; i < n; i++) {
			kv[i].tag = pos[i + 1];
			kv[i].value = vals[i];
		}
		free(vals);
		/* All or nothing: one bad value changes nothing. */
		if (lt_dossier_set_fields(cat, id, kv, n, who, &err) != 0) {
			free(kv);
			rc = lt_cli_fail(&err);
			goto done;
		}
		free(kv);
		printf("%s\n", LT_TR("Đã sửa hồ sơ", "Dossier updated"));
	} else if (strcmp(sub, "archive") == 0) {
		int64_t *ids = calloc((size_t)npos, sizeof(*ids)), deposit = 0;
		lt_deposit_opts dopt = LT_DEPOSIT_OPTS_INIT;
		char today[11];
		lt_date t;
		if (!ids) {
			rc = 1;
			goto done;
		}
		ids[0] = id;
		for (int i = 1; i < npos; i++)
			if (lt_dossier_find(&ids[i], cat, pos[i], &err) != 0) {
				free(ids);
				rc = lt_cli_fail(&err);
				goto done;
			}
		lt_date_today(&t);
		lt_date_format_iso(&t, today);
		dopt.date = o[O_DATE].value ? o[O_DATE].value : today;
		dopt.giver = o[O_GIVER].value;
		dopt.giver_person = o[O_GIVER_P].value;
		dopt.receiver = o[O_RECV].value;
		dopt.receiver_person = o[O_RECV_P].value;
		if (lt_deposit_create(&deposit, cat, ids, (size_t)npos, &dopt, &err) != 0) {
			free(ids);
			rc = lt_cli_fail(&err);
			goto done;
		}
		free(ids);
		if (o[O_JSON].set) {
			json_t *files = json_array();
			json_t *j = json_pack("{s:I, s:s, s:i}", "depositId", (json_int_t)deposit,
			                      "date", dopt.date, "dossiers", npos);
			if (o[O_OUT].value &&
			    write_deposit_forms(cat, deposit, o[O_OUT].value, files, &err) != 0) {
				json_decref(files);
				json_decref(j);
				rc = lt_cli_fail(&err);
				goto done;
			}
			json_object_set_new(j, "files", files);
			lt_cli_print_json(j, JSON_INDENT(2));
			json_decref(j);
		} else {
			printf("%s %lld: %d %s (%s)\n",
			       LT_TR("Đã nộp lưu, lần", "Deposited, deposit"), (long long)deposit,
			       npos, LT_TR("hồ sơ", "dossiers"), dopt.date);
			if (o[O_OUT].value &&
			    write_deposit_forms(cat, deposit, o[O_OUT].value, NULL, &err) != 0) {
				rc = lt_cli_fail(&err);
				goto done;
			}
		}
	} else if (strcmp(sub, "close") == 0 || strcmp(sub, "reopen") == 0) {
		lt_dossier_status to =
		    strcmp(sub, "close") == 0 ? LT_DOSSIER_CLOSED : LT_DOSSIER_OPEN;
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

/* ---- luutru deposit ------------------------------------------------------- */

static void deposit_help(void)
{
	printf("%s",
	       LT_TR("Cách dùng:\n"
	             "  luutru deposit list [--json]\n"
	             "  luutru deposit print LẦN_NỘP --form list|handover [--format html|pdf|csv]\n"
	             "                       [-o TỆP]\n\n"
	             "Các lần nộp lưu hồ sơ vào lưu trữ cơ quan (luutru dossier archive): mục lục\n"
	             "hồ sơ, tài liệu nộp lưu (list) và biên bản giao nhận (handover) theo mẫu\n"
	             "NĐ 30/2020 Phụ lục V.\n",
	             "Usage:\n"
	             "  luutru deposit list [--json]\n"
	             "  luutru deposit print DEPOSIT --form list|handover [--format html|pdf|csv]\n"
	             "                       [-o FILE]\n\n"
	             "Deposits to the agency archive (luutru dossier archive): the deposit list\n"
	             "(list) and the hand-over record (handover) in the forms of NĐ 30/2020\n"
	             "Appendix V.\n"));
}

int lt_cmd_deposit(lt_cli *cli, int argc, char **argv)
{
	enum { O_JSON, O_USER, O_FORM, O_FORMAT, O_OUT, O_N };
	lt_cli_opt o[O_N] = {{"--json", 0, NULL, 0},
	                     {"--user", 1, NULL, 0},
	                     {"--form", 1, NULL, 0},
	                     {"--format", 1, NULL, 0},
	                     {"-o", 1, NULL, 0}};
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_buf out = LT_BUF_INIT;
	char **pos;
	int npos = 0, rc = 0;

	if (argc < 2 || lt_cli_wants_help(argc, argv)) {
		deposit_help();
		return argc < 2 ? 2 : 0;
	}
	if (!(pos = calloc((size_t)argc, sizeof(*pos))))
		return 1;
	if ((rc = lt_cli_parse_opts("deposit", argc, argv, 2, o, O_N, pos, &npos)) != 0)
		goto done;
	if (o[O_USER].value)
		cli->user = o[O_USER].value;
	if (strcmp(argv[1], "list") && strcmp(argv[1], "print")) {
		rc = lt_cli_usage_error(
		    "deposit", LT_TR("lệnh con không biết: %s", "unknown subcommand: %s"), argv[1]);
		goto done;
	}
	if (lt_cli_open_archive(cli, &ar, 0, &err) != 0) {
		rc = lt_cli_fail(&err);
		goto done;
	}
	if (strcmp(argv[1], "list") == 0) {
		json_t *a = json_array();
		char *line;
		if (lt_deposit_list(&out, lt_archive_catalog(ar), &err) != 0) {
			json_decref(a);
			rc = lt_cli_fail(&err);
			goto done;
		}
		for (line = out.data; line && *line;) {
			char *f[7], *nl = strchr(line, '\n');
			*nl = '\0';
			f[0] = line;
			for (int i = 1; i < 7; i++) {
				f[i] = strchr(f[i - 1], '\t');
				*f[i]++ = '\0';
			}
			if (o[O_JSON].set)
				json_array_append_new(
				    a, json_pack("{s:I, s:s, s:s, s:s, s:i, s:i, s:i}", "id",
				                 (json_int_t)atoll(f[0]), "date", f[1], "giver",
				                 f[2], "receiver", f[3], "dossiers", atoi(f[4]),
				                 "files", atoi(f[5]), "pages", atoi(f[6])));
			else
				printf("%-4s %s  %s → %s: %s %s, %s %s\n", f[0], f[1], f[2], f[3],
				       f[4], LT_TR("hồ sơ", "dossiers"), f[5],
				       LT_TR("tệp", "files"));
			line = nl + 1;
		}
		if (o[O_JSON].set)
			lt_cli_print_json(a, JSON_INDENT(2));
		json_decref(a);
	} else {
		char *end = NULL;
		long long id = npos >= 1 ? strtoll(pos[0], &end, 10) : 0;
		const char *format = o[O_FORMAT].value ? o[O_FORMAT].value : "html";
		char object[64];
		if (id <= 0 || (end && *end)) {
			rc = lt_cli_usage_error(
			    "deposit", "%s",
			    LT_TR("cần số lần nộp lưu", "a deposit number is needed"));
			goto done;
		}
		snprintf(object, sizeof(object), "deposit %lld", id);
		if (lt_deposit_form(&out, lt_archive_catalog(ar), id,
		                    o[O_FORM].value ? o[O_FORM].value : "handover", format,
		                    &err) != 0 ||
		    lt_cli_audit(ar, "export", object, format, &err) != LT_OK ||
		    lt_cli_emit(&out, o[O_OUT].value, &err) != 0) {
			rc = lt_cli_fail(&err);
			goto done;
		}
	}
done:
	lt_buf_free(&out);
	lt_archive_free(ar);
	free(pos);
	return rc;
}
