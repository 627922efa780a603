/*
 * service/cmd_register.c — `luutru register ...`: the registers of
 * incoming and outgoing records (archive/register.h). Also home of the
 * option parser and output writer the records-management commands share
 * (register, catalog, dossier, config).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archive/register.h"
#include "core/fs.h"
#include "service/cli.h"

int lt_cli_parse_opts(const char *cmd, int argc, char **argv, int start, lt_cli_opt *opts,
                      size_t nopts, char **pos, int *npos)
{
	*npos = 0;
	for (int i = start; i < argc; i++) {
		size_t k;
		if (strncmp(argv[i], "-", 1) != 0 || strcmp(argv[i], "-") == 0) {
			pos[(*npos)++] = argv[i];
			continue;
		}
		for (k = 0; k < nopts; k++)
			if (strcmp(argv[i], opts[k].name) == 0)
				break;
		if (k == nopts)
			return lt_cli_usage_error(
			    cmd, LT_TR("tùy chọn không biết: %s", "unknown option: %s"), argv[i]);
		opts[k].set = 1;
		if (opts[k].has_value) {
			if (i + 1 >= argc)
				return lt_cli_usage_error(
				    cmd, LT_TR("%s cần một giá trị", "%s needs a value"), argv[i]);
			opts[k].value = argv[++i];
		}
	}
	return 0;
}

int lt_cli_emit(const lt_buf *data, const char *path, lt_error *err)
{
	if (path && strcmp(path, "-") != 0) {
		int rc = lt_fs_write_atomic(path, data->data ? data->data : "", data->len, err);
		return rc == LT_OK ? lt_fs_user_mode(path, err) : rc;
	}
	if (data->len)
		fwrite(data->data, 1, data->len, stdout);
	lt_cli_printed();
	return 0;
}

int lt_cli_parse_year(const char *cmd, const char *value, int *year)
{
	char *end;
	long y;

	if (!value)
		return lt_cli_usage_error(cmd, "%s",
		                          LT_TR("cần --year NĂM", "--year YEAR is needed"));
	y = strtol(value, &end, 10);
	if (*end || y < 1900 || y > 9999)
		return lt_cli_usage_error(cmd, LT_TR("năm không hợp lệ: %s", "invalid year: %s"),
		                          value);
	*year = (int)y;
	return 0;
}

static void help(void)
{
	printf(
	    "%s",
	    LT_TR(
	        "Cách dùng:\n"
	        "  luutru register list [--json]\n"
	        "  luutru register create MÃ --name TÊN --direction incoming|outgoing [--secret]\n"
	        "  luutru register assign VĂN_BẢN --register DI [--date NGÀY] [--user NGƯỜI] "
	        "[--json]\n"
	        "  luutru register void --register DI --year NĂM --number SỐ --reason LÝ_DO\n"
	        "  luutru register print --register DI --year NĂM --format html|csv [-o TỆP]\n"
	        "  luutru register duplicates [--json]\n\n"
	        "Sổ đăng ký văn bản đến/đi (NĐ 30/2020, Phụ lục IV). Sổ mặc định: DEN, DI,\n"
	        "DEN-MAT, DI-MAT (sổ mật). Số do luutru cấp, bắt đầu lại từ 1 ngày 01/01,\n"
	        "không dùng lại; số bị hủy vẫn được giữ cùng lý do. Văn bản mật chỉ lấy số\n"
	        "của sổ mật (Đ15.2). Văn bản trùng mã định danh hoặc trùng số, ký hiệu, cơ\n"
	        "quan ban hành với văn bản đã đăng ký trong cùng sổ bị từ chối.\n",
	        "Usage:\n"
	        "  luutru register list [--json]\n"
	        "  luutru register create CODE --name NAME --direction incoming|outgoing "
	        "[--secret]\n"
	        "  luutru register assign RECORD --register DI [--date DATE] [--user WHO] "
	        "[--json]\n"
	        "  luutru register void --register DI --year YEAR --number N --reason WHY\n"
	        "  luutru register print --register DI --year YEAR --format html|csv [-o FILE]\n"
	        "  luutru register duplicates [--json]\n\n"
	        "Registers of incoming/outgoing records (NĐ 30/2020, Appendix IV). Defaults:\n"
	        "DEN, DI, DEN-MAT, DI-MAT (secret). luutru assigns the numbers, restarting at\n"
	        "1 on 1 January, never reused; a voided number is kept with its reason. A\n"
	        "secret record takes numbers only from a secret register (Đ15.2). A record\n"
	        "with the same docId, or number+notation+issuer, as one already registered in\n"
	        "the same register is refused.\n"));
}

int lt_cmd_register(lt_cli *cli, int argc, char **argv)
{
	enum {
		O_JSON,
		O_NAME,
		O_DIR,
		O_SECRET,
		O_REG,
		O_DATE,
		O_USER,
		O_YEAR,
		O_NUMBER,
		O_REASON,
		O_FORMAT,
		O_OUT,
		O_N
	};
	lt_cli_opt o[O_N] = {
	    {"--json", 0, NULL, 0},   {"--name", 1, NULL, 0},     {"--direction", 1, NULL, 0},
	    {"--secret", 0, NULL, 0}, {"--register", 1, NULL, 0}, {"--date", 1, NULL, 0},
	    {"--user", 1, NULL, 0},   {"--year", 1, NULL, 0},     {"--number", 1, NULL, 0},
	    {"--reason", 1, NULL, 0}, {"--format", 1, NULL, 0},   {"-o", 1, NULL, 0}};
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
	if ((rc = lt_cli_parse_opts("register", argc, argv, 2, o, O_N, pos, &npos)) != 0)
		goto done;
	if (o[O_USER].value)
		cli->user = o[O_USER].value;
	if (lt_cli_open_archive(cli, &ar, 0, &err) != 0) {
		rc = lt_cli_fail(&err);
		goto done;
	}
	cat = lt_archive_catalog(ar);
	if (strcmp(sub, "list") == 0) {
		lt_register_list *l = NULL;
		if (lt_register_list_all(&l, cat, &err) != 0) {
			rc = lt_cli_fail(&err);
			goto done;
		}
		if (o[O_JSON].set) {
			json_t *a = json_array();
			for (size_t i = 0; i < l->n; i++)
				json_array_append_new(
				    a, json_pack("{s:s, s:s, s:s, s:b}", "code", l->items[i].code,
				                 "name", l->items[i].name, "direction",
				                 l->items[i].outgoing ? "outgoing" : "incoming",
				                 "secret", l->items[i].secret));
			lt_cli_print_json(a, JSON_INDENT(2));
			json_decref(a);
		} else {
			for (size_t i = 0; i < l->n; i++)
				printf("%-10s %s %s%s\n", l->items[i].code,
				       l->items[i].outgoing ? LT_TR("đi ", "out")
				                            : LT_TR("đến", "in "),
				       l->items[i].name,
				       l->items[i].secret ? LT_TR(" (mật)", " (secret)") : "");
		}
		lt_register_list_free(l);
	} else if (strcmp(sub, "create") == 0) {
		int outgoing;
		if (npos != 1 || !o[O_NAME].value || !o[O_DIR].value) {
			rc = lt_cli_usage_error(
			    "register", "%s",
			    LT_TR("cần MÃ --name TÊN --direction incoming|outgoing",
			          "CODE --name NAME --direction incoming|outgoing "
			          "is needed"));
			goto done;
		}
		if (strcmp(o[O_DIR].value, "incoming") && strcmp(o[O_DIR].value, "outgoing")) {
			rc = lt_cli_usage_error("register", "%s",
			                        LT_TR("--direction là incoming hoặc outgoing",
			                              "--direction is incoming or outgoing"));
			goto done;
		}
		outgoing = strcmp(o[O_DIR].value, "outgoing") == 0;
		if (lt_register_create(cat, pos[0], o[O_NAME].value, outgoing, o[O_SECRET].set,
		                       &err) != 0) {
			rc = lt_cli_fail(&err);
			goto done;
		}
		printf("%s %s\n", LT_TR("Đã tạo sổ", "Created register"), pos[0]);
	} else if (strcmp(sub, "assign") == 0) {
		int64_t rec = 0, number = 0;
		if (npos != 1 || !o[O_REG].value) {
			rc = lt_cli_usage_error("register", "%s",
			                        LT_TR("cần VĂN_BẢN --register MÃ_SỔ",
			                              "RECORD --register CODE is needed"));
			goto done;
		}
		if (lt_cli_record_id(cat, pos[0], &rec, &err) != 0 ||
		    lt_register_assign(&number, cat, o[O_REG].value, rec, o[O_DATE].value,
		                       lt_cli_who(ar), &err) != 0) {
			rc = lt_cli_fail(&err);
			goto done;
		}
		if (o[O_JSON].set)
			printf("{\"record\": %lld, \"register\": \"%s\", \"number\": %lld}\n",
			       (long long)rec, o[O_REG].value, (long long)number);
		else
			/* NĐ 30 Đ15.1: numbers below 10 are written "01".."09". */
			printf("%s %lld: %s %s %s %02lld\n", LT_TR("Văn bản", "Record"),
			       (long long)rec, LT_TR("sổ", "register"), o[O_REG].value,
			       LT_TR("số", "number"), (long long)number);
	} else if (strcmp(sub, "void") == 0) {
		size_t number;
		if ((rc = lt_cli_parse_year("register", o[O_YEAR].value, &year)) != 0)
			goto done;
		if (!o[O_REG].value || !o[O_NUMBER].value) {
			rc = lt_cli_usage_error(
			    "register", "%s",
			    LT_TR("cần --register, --number và --reason",
			          "--register, --number and --reason are needed"));
			goto done;
		}
		if ((rc = lt_cli_parse_size("register", "--number", o[O_NUMBER].value, 1,
		                            1000000000, &number)) != 0)
			goto done;
		if (lt_register_void(cat, o[O_REG].value, year, (int64_t)number, o[O_REASON].value,
		                     lt_cli_who(ar), &err) != 0) {
			rc = lt_cli_fail(&err);
			goto done;
		}
		printf("%s %s %zu/%d\n", LT_TR("Đã hủy số", "Voided number"), o[O_REG].value,
		       number, year);
	} else if (strcmp(sub, "print") == 0) {
		if ((rc = lt_cli_parse_year("register", o[O_YEAR].value, &year)) != 0)
			goto done;
		if (!o[O_REG].value) {
			rc = lt_cli_usage_error(
			    "register", "%s",
			    LT_TR("cần --register MÃ_SỔ", "--register CODE is needed"));
			goto done;
		}
		const char *format = o[O_FORMAT].value ? o[O_FORMAT].value : "html";
		char object[160];
		snprintf(object, sizeof(object), "register %s/%d", o[O_REG].value, year);
		if (lt_register_print(&out, cat, o[O_REG].value, year, format, &err) != 0 ||
		    lt_cli_audit(ar, "export", object, format, &err) != LT_OK ||
		    lt_cli_emit(&out, o[O_OUT].value, &err) != 0) {
			rc = lt_cli_fail(&err);
			goto done;
		}
	} else if (strcmp(sub, "duplicates") == 0) {
		size_t groups = 0;
		if (lt_register_duplicates(&out, &groups, cat, &err) != 0) {
			rc = lt_cli_fail(&err);
			goto done;
		}
		if (o[O_JSON].set) {
			json_t *a = json_array();
			char *line = out.data;
			while (line && *line) {
				char *nl = strchr(line, '\n'), *t1, *t2;
				*nl = '\0';
				t1 = strchr(line, '\t');
				*t1 = '\0';
				t2 = strchr(t1 + 1, '\t');
				*t2 = '\0';
				json_array_append_new(a,
				                      json_pack("{s:s, s:s, s:s}", "kind", line,
				                                "key", t1 + 1, "records", t2 + 1));
				line = nl + 1;
			}
			lt_cli_print_json(a, JSON_INDENT(2));
			json_decref(a);
		} else {
			printf("%s: %zu\n", LT_TR("Nhóm văn bản trùng", "Duplicate groups"),
			       groups);
			fwrite(out.data ? out.data : "", 1, out.len, stdout);
		}
	} else {
		rc = lt_cli_usage_error(
		    "register", LT_TR("lệnh con không biết: %s", "unknown subcommand: %s"), sub);
	}
done:
	lt_buf_free(&out);
	lt_archive_free(ar);
	free(pos);
	return rc;
}
