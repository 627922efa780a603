/*
 * service/cmd_settings.c — `luutru config set|get|show`: agency settings
 * (archive/settings.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/settings.h"
#include "service/cli.h"

static void help(void)
{
	printf(
	    "%s",
	    LT_TR(
	        "Cách dùng:\n"
	        "  luutru config set organ_id MÃ        (ví dụ 000.00.00.G09)\n"
	        "  luutru config set organ_name \"TÊN CƠ QUAN\"\n"
	        "  luutru config set organ_parent \"TÊN CƠ QUAN CHỦ QUẢN\"  (in trên biểu mẫu)\n"
	        "  luutru config set place \"ĐỊA DANH\"   (dòng \"Hà Tĩnh, ngày ... tháng ...\")\n"
	        "  luutru config get KHÓA\n"
	        "  luutru config show\n\n"
	        "isolated (quy tắc 43: văn bản mật chỉ trên hệ thống cách ly) đặt trong\n"
	        "luutru.conf của thư mục dữ liệu; config show in giá trị đang dùng.\n"
	        "Cấu hình chung của cơ quan. organ_id là mã định danh cơ quan theo\n"
	        "QCVN 102 (tối đa 13 ký tự), phần đầu của mã hồ sơ\n"
	        "(mã cơ quan.năm.số ký hiệu hồ sơ); cần đặt trước khi mở hồ sơ.\n",
	        "Usage:\n"
	        "  luutru config set organ_id ID        (e.g. 000.00.00.G09)\n"
	        "  luutru config set organ_name \"AGENCY NAME\"\n"
	        "  luutru config set organ_parent \"PARENT AGENCY\"   (printed on the forms)\n"
	        "  luutru config set place \"PLACE NAME\"   (the forms' date line)\n"
	        "  luutru config get KEY\n"
	        "  luutru config show\n\n"
	        "isolated (rule 43: classified records only on an isolated system) is set\n"
	        "in the data directory's luutru.conf; config show prints the value in use.\n"
	        "Agency-wide settings. organ_id is the agency identifier (QCVN 102, at\n"
	        "most 13 characters), the first part of every dossier code\n"
	        "(organ.year.notation); set it before opening dossiers.\n"));
}

int lt_cmd_config(lt_cli *cli, int argc, char **argv)
{
	lt_cli_opt o[] = {{"--user", 1, NULL, 0}, {"--json", 0, NULL, 0}};
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	char **pos, *value = NULL;
	int npos = 0, rc = 0;

	if (argc < 2 || lt_cli_wants_help(argc, argv)) {
		help();
		return argc < 2 ? 2 : 0;
	}
	if (!(pos = calloc((size_t)argc, sizeof(*pos))))
		return 1;
	if ((rc = lt_cli_parse_opts("config", argc, argv, 2, o, 2, pos, &npos)) != 0)
		goto done;
	if (o[0].value)
		cli->user = o[0].value;
	if (lt_cli_open_archive(cli, &ar, 0, &err) != 0) {
		rc = lt_cli_fail(&err);
		goto done;
	}
	if (strcmp(argv[1], "set") == 0) {
		if (npos != 2) {
			rc = lt_cli_usage_error("config", "%s",
			                        LT_TR("cần KHÓA GIÁ_TRỊ", "KEY VALUE is needed"));
			goto done;
		}
		if (lt_settings_set(lt_archive_catalog(ar), pos[0], pos[1], lt_cli_who(ar), &err) !=
		    0) {
			rc = lt_cli_fail(&err);
			goto done;
		}
		printf("%s: %s = %s\n", LT_TR("Đã đặt", "Set"), pos[0], pos[1]);
	} else if (strcmp(argv[1], "get") == 0) {
		if (npos != 1) {
			rc = lt_cli_usage_error("config", "%s", LT_TR("cần KHÓA", "KEY is needed"));
			goto done;
		}
		if (lt_settings_get(&value, lt_archive_catalog(ar), pos[0], &err) != 0) {
			rc = lt_cli_fail(&err);
			goto done;
		}
		printf("%s\n", value);
	} else if (strcmp(argv[1], "show") == 0) {
		const char *keys[] = {LT_SETTING_ORGAN_ID, LT_SETTING_ORGAN_NAME};
		for (size_t i = 0; i < 2; i++) {
			char *v = NULL;
			lt_settings_get(&v, lt_archive_catalog(ar), keys[i], NULL);
			printf("%-11s %s\n", keys[i], v ? v : LT_TR("(chưa đặt)", "(not set)"));
			free(v);
		}
		/* Rule 43's setting, from luutru.conf (the one place). */
		printf("%-11s %s (luutru.conf)\n", "isolated",
		       lt_catalog_isolated(lt_archive_catalog(ar)) ? "true" : "false");
	} else {
		rc = lt_cli_usage_error(
		    "config", LT_TR("lệnh con không biết: %s", "unknown subcommand: %s"), argv[1]);
	}
done:
	free(value);
	lt_archive_free(ar);
	free(pos);
	return rc;
}
