/* service/cmd_package.c — `luutru package export|import|validate`
 * (archive/package.h; docs/packages.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "archive/package.h"
#include "core/fs.h"
#include "service/cli.h"
#include "service/pipeline.h"

static void help(void)
{
	printf(
	    "%s",
	    LT_TR(
	        "Cách dùng:\n"
	        "  luutru package export HỒ_SƠ... -o GÓI.zip|GÓI.tar|GÓI.tar.gz [--json]\n"
	        "  luutru package validate GÓI [--json]\n"
	        "  luutru package import GÓI [--json]\n\n"
	        "Gói hồ sơ theo BagIt 1.0: tệp gốc và PDF tìm kiếm được (đặt tên theo mã hồ sơ),\n"
	        "siêu dữ liệu JSON và METS/Dublin Core (TT 05/2025), mục lục văn bản (CSV, HTML),\n"
	        "mã kiểm tra SHA-256 của mọi tệp.\n\n"
	        "  export    HỒ_SƠ là mã hồ sơ (fileCode), uid hoặc số; -o tệp ra (.zip, .tar "
	        "hoặc .tar.gz)\n"
	        "  validate  kiểm tra cấu trúc BagIt, Payload-Oxum và mọi mã kiểm tra\n"
	        "  import    kiểm tra toàn bộ mã kiểm tra trước (từ chối cả gói nếu một tệp sai),\n"
	        "            rồi nhập hồ sơ, văn bản, thứ tự, liên kết và tệp; cập nhật chỉ mục\n"
	        "  --json    in kết quả dạng JSON\n",
	        "Usage:\n"
	        "  luutru package export DOSSIER... -o PKG.zip|PKG.tar|PKG.tar.gz [--json]\n"
	        "  luutru package validate PKG [--json]\n"
	        "  luutru package import PKG [--json]\n\n"
	        "BagIt 1.0 dossier packages: originals and searchable PDFs (named by file code),\n"
	        "metadata as JSON and METS/Dublin Core (TT 05/2025), the table of contents\n"
	        "(CSV, HTML), and a SHA-256 checksum of every file.\n\n"
	        "  export    DOSSIER is a file code, uid or number; -o the output (.zip, .tar or "
	        ".tar.gz)\n"
	        "  validate  check the BagIt structure, Payload-Oxum and every checksum\n"
	        "  import    verify every checksum first (any mismatch refuses the package),\n"
	        "            then import dossiers, records, order, links and files; update the\n"
	        "            index\n"
	        "  --json    print the result as JSON\n"));
}

static void print_json(const char *action, const char *pkg, const lt_package_summary *s)
{
	json_t *o = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "action", action, "package",
	                      pkg, "dossiers", (json_int_t)s->dossiers, "records",
	                      (json_int_t)s->records, "files", (json_int_t)s->files, "links",
	                      (json_int_t)s->links, "bytes", (json_int_t)s->bytes);
	lt_cli_print_json(o, JSON_INDENT(2));
	json_decref(o);
}

int lt_cmd_package(lt_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"output", required_argument, NULL, 'o'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	lt_package_summary sum;
	lt_archive *ar = NULL;
	lt_error err = LT_ERROR_INIT;
	const char *action, *output = NULL;
	int json = 0, opt, rc = 0, exit_code = 0;
	int nargs;
	char **args;

	if (lt_cli_wants_help(argc, argv) || argc < 2) {
		if (argc < 2)
			return lt_cli_usage_error("package", "%s",
			                          LT_TR("cần export, validate hoặc import",
			                                "export, validate or import is needed"));
		help();
		return 0;
	}
	action = argv[1];
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc - 1, argv + 1, ":o:", longopts, NULL)) != -1) {
		if (opt == 'j')
			json = 1;
		else if (opt == 'o')
			output = optarg;
		else
			return lt_cli_bad_option("package", opt, (argv + 1)[optind - 1]);
	}
	args = argv + 1 + optind;
	nargs = argc - 1 - optind;
	memset(&sum, 0, sizeof(sum));

	if (strcmp(action, "export") == 0) {
		if (nargs < 1 || !output)
			return lt_cli_usage_error(
			    "package", "%s",
			    LT_TR("export cần ít nhất một hồ sơ và -o TỆP",
			          "export needs at least one dossier and -o FILE"));
		if (lt_cli_open_archive(cli, &ar, 0, &err) != LT_OK)
			return lt_cli_fail(&err);
		rc = lt_package_export(&sum, ar, (const char *const *)args, (size_t)nargs, output,
		                       NULL, &err);
		if (rc == 0)
			rc = lt_fs_user_mode(output, &err);
		if (rc == 0) {
			char detail[160];
			snprintf(detail, sizeof(detail),
			         "package %s dossiers=%zu records=%zu files=%zu", output,
			         sum.dossiers, sum.records, sum.files);
			if ((rc = lt_cli_audit(ar, "export", args[0], detail, &err)) != LT_OK)
				unlink(output); /* not handed out without its audit entry */
		}
		if (rc == 0 && !json)
			printf(
			    LT_TR("Đã xuất gói %s: %zu hồ sơ, %zu văn bản, %zu tệp (%llu byte)\n",
			          "Exported package %s: %zu dossiers, %zu records, %zu files (%llu "
			          "bytes)\n"),
			    output, sum.dossiers, sum.records, sum.files,
			    (unsigned long long)sum.bytes);
	} else if (strcmp(action, "validate") == 0) {
		if (nargs != 1)
			return lt_cli_usage_error(
			    "package", "%s",
			    LT_TR("validate cần đúng một GÓI", "validate needs exactly one PKG"));
		output = args[0];
		rc = lt_package_validate(&sum, args[0], &err);
		if (rc == 0 && !json)
			printf(
			    LT_TR("Gói %s hợp lệ: %zu hồ sơ, %zu tệp dữ liệu (%llu byte), mọi mã "
			          "kiểm tra SHA-256 khớp\n",
			          "Package %s is valid: %zu dossiers, %zu payload files (%llu "
			          "bytes), "
			          "every SHA-256 checksum matches\n"),
			    args[0], sum.dossiers, sum.files, (unsigned long long)sum.bytes);
	} else if (strcmp(action, "import") == 0) {
		if (nargs != 1)
			return lt_cli_usage_error(
			    "package", "%s",
			    LT_TR("import cần đúng một GÓI", "import needs exactly one PKG"));
		output = args[0];
		if (lt_cli_open_archive(cli, &ar, 0, &err) != LT_OK)
			return lt_cli_fail(&err);
		rc = lt_package_import(&sum, ar, args[0], NULL, &err);
		if (rc == 0) {
			lt_pipeline_stats st;
			rc = lt_pipeline_drain(ar, &st, &err);
		}
		if (rc == 0 && !json)
			printf(
			    LT_TR("Đã nhập gói %s: %zu hồ sơ, %zu văn bản, %zu tệp, %zu liên kết\n",
			          "Imported package %s: %zu dossiers, %zu records, %zu files, %zu "
			          "links\n"),
			    args[0], sum.dossiers, sum.records, sum.files, sum.links);
	} else {
		return lt_cli_usage_error("package",
		                          LT_TR("hành động không rõ: %s (export, validate, import)",
		                                "unknown action: %s (export, validate, import)"),
		                          action);
	}
	if (rc)
		exit_code = lt_cli_fail(&err);
	else if (json)
		print_json(action, output, &sum);
	lt_archive_free(ar);
	return exit_code;
}
