/* service/cmd_check.c — `luutru check` (the inspector's compliance checks)
 * and `luutru stats` (statistics), both written through retention/report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/archive.h"
#include "core/date.h"
#include "core/fs.h"
#include "retention/check.h"
#include "retention/report.h"
#include "retention/stats.h"
#include "service/cli.h"

static void help(void)
{
	printf(
	    "%s",
	    LT_TR("Cách dùng: luutru check [--year NĂM] [--date NGÀY]\n"
	          "                    [--format text|json|csv|html|xlsx] [-o TỆP] [--json]\n\n"
	          "Kiểm tra tuân thủ các quy tắc của NĐ 30/2020, Luật Lưu trữ 2024, TT 05/2025,\n"
	          "TT 06/2025 và TT 10/2022 (docs/compliance.md). Mỗi phát hiện ghi số quy tắc,\n"
	          "căn cứ, mức độ (error/warning/info) và đối tượng vi phạm. Quy tắc mà dữ liệu\n"
	          "chưa có được ghi 'not_checkable' kèm lý do, không bao giờ coi là đạt.\n"
	          "Mã thoát 0 khi chạy xong (kể cả khi có phát hiện); xlsx cần -o.\n",
	          "Usage: luutru check [--year YEAR] [--date DATE]\n"
	          "                    [--format text|json|csv|html|xlsx] [-o FILE] [--json]\n\n"
	          "Checks compliance with NĐ 30/2020, the 2024 Archives Law, TT 05/2025,\n"
	          "TT 06/2025 and TT 10/2022 (docs/compliance.md). Each finding names the rule,\n"
	          "its legal source, a severity (error/warning/info) and the offending objects.\n"
	          "Rules whose data is not in the model are 'not_checkable' with the reason,\n"
	          "never reported as passing. Exit code 0 when the run completes (findings\n"
	          "or not); xlsx needs -o.\n"));
}

int lt_cmd_check(lt_cli *cli, int argc, char **argv)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_check_result *res = NULL;
	lt_report *rep = NULL;
	lt_check_opts opts;
	lt_report_format fmt = LT_REPORT_TEXT;
	const char *output = NULL;
	int rc = 0;

	if (lt_cli_wants_help(argc, argv)) {
		help();
		return 0;
	}
	memset(&opts, 0, sizeof(opts));
	lt_date_today(&opts.today);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--json") == 0) {
			fmt = LT_REPORT_JSON;
			continue;
		}
		if (strcmp(a, "--year") && strcmp(a, "--date") && strcmp(a, "--format") &&
		    strcmp(a, "-o") && strcmp(a, "--output"))
			return lt_cli_usage_error(
			    "check", LT_TR("tham số không hợp lệ: %s", "invalid argument: %s"), a);
		if (!v)
			return lt_cli_usage_error(
			    "check", LT_TR("%s cần một giá trị", "%s needs a value"), a);
		i++;
		if (strcmp(a, "--year") == 0) {
			size_t y;
			if (lt_cli_parse_size("check", a, v, 1900, 9999, &y))
				return 2;
			opts.year = (int)y;
		} else if (strcmp(a, "--date") == 0) {
			if (lt_date_parse(&opts.today, v, &err))
				return lt_cli_fail(&err);
		} else if (strcmp(a, "--format") == 0) {
			if (lt_report_format_parse(&fmt, v, &err))
				return lt_cli_fail(&err);
		} else {
			output = v;
		}
	}
	rc = lt_cli_open_archive(cli, &ar, LT_ARCHIVE_READONLY, &err);
	if (rc == 0) {
		opts.blobs = lt_archive_blobs(ar);
		rc = lt_check_run(&res, lt_archive_catalog(ar), &opts, &err);
	}
	if (rc == 0)
		rc = lt_check_report(&rep, res, &err);
	if (rc == 0)
		rc = lt_report_write(rep, fmt, output, &err);
	if (rc == 0 && output && strcmp(output, "-") != 0)
		rc = lt_fs_user_mode(output, &err);
	lt_report_free(rep);
	lt_check_result_free(res);
	lt_archive_free(ar);
	return rc ? lt_cli_fail(&err) : 0;
}

/* ---- luutru stats -------------------------------------------------------- */

static void stats_help(void)
{
	printf(
	    "%s",
	    LT_TR("Cách dùng: luutru stats [--from NGÀY] [--to NGÀY] [--date HÔM_NAY]\n"
	          "                    [--period month|quarter|year] [--stale-days N]\n"
	          "                    [--max-score ĐIỂM]\n"
	          "                    [--format text|json|csv|html|xlsx] [-o TỆP] [--json]\n\n"
	          "Thống kê: văn bản đến/đi theo kỳ (tháng, quý, năm) và đơn vị; tình hình giải\n"
	          "quyết văn bản đến theo kỳ (đúng hạn, trễ hạn, quá hạn, đang giải quyết); việc\n"
	          "giao chưa có thời hạn;\n"
	          "văn bản tồn đọng quá N ngày (mặc định 30); tỷ lệ số hóa theo đơn vị và điểm\n"
	          "QĐ 766 = min(1, tỷ lệ ÷ 0,8) × điểm tối đa (mặc định 10). HTML có biểu đồ.\n",
	          "Usage: luutru stats [--from DATE] [--to DATE] [--date TODAY]\n"
	          "                    [--period month|quarter|year] [--stale-days N]\n"
	          "                    [--max-score POINTS]\n"
	          "                    [--format text|json|csv|html|xlsx] [-o FILE] [--json]\n\n"
	          "Statistics: incoming/outgoing per period (month, quarter, year) and\n"
	          "department; handling of incoming records per period (on time, late,\n"
	          "overdue, pending); tasks without a deadline; records\n"
	          "left unprocessed more than N days (default 30); digitisation rate per\n"
	          "department and the QĐ 766 score = min(1, rate ÷ 0.8) × max (default 10).\n"
	          "The HTML page has charts.\n"));
}

int lt_cmd_stats(lt_cli *cli, int argc, char **argv)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_report *rep = NULL;
	lt_stats_opts opts;
	lt_report_format fmt = LT_REPORT_TEXT;
	const char *output = NULL;
	int rc;

	if (lt_cli_wants_help(argc, argv)) {
		stats_help();
		return 0;
	}
	memset(&opts, 0, sizeof(opts));
	lt_date_today(&opts.today);
	opts.stale_days = 30;
	opts.max_score = 10;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		size_t n;
		if (strcmp(a, "--json") == 0) {
			fmt = LT_REPORT_JSON;
			continue;
		}
		if (strcmp(a, "--from") && strcmp(a, "--to") && strcmp(a, "--date") &&
		    strcmp(a, "--stale-days") && strcmp(a, "--max-score") &&
		    strcmp(a, "--period") && strcmp(a, "--format") && strcmp(a, "-o") &&
		    strcmp(a, "--output"))
			return lt_cli_usage_error(
			    "stats", LT_TR("tham số không hợp lệ: %s", "invalid argument: %s"), a);
		if (!v)
			return lt_cli_usage_error(
			    "stats", LT_TR("%s cần một giá trị", "%s needs a value"), a);
		i++;
		if (strcmp(a, "--from") == 0 || strcmp(a, "--to") == 0 ||
		    strcmp(a, "--date") == 0) {
			lt_date *d = a[2] == 'f'   ? &opts.from
			             : a[2] == 't' ? &opts.to
			                           : &opts.today;
			if (lt_date_parse(d, v, &err))
				return lt_cli_fail(&err);
		} else if (strcmp(a, "--stale-days") == 0) {
			if (lt_cli_parse_size("stats", a, v, 1, 36500, &n))
				return 2;
			opts.stale_days = (int)n;
		} else if (strcmp(a, "--max-score") == 0) {
			if (lt_cli_parse_size("stats", a, v, 1, 1000, &n))
				return 2;
			opts.max_score = (double)n;
		} else if (strcmp(a, "--period") == 0) {
			if (lt_stats_period_parse(&opts.period, v, &err))
				return lt_cli_fail(&err);
		} else if (strcmp(a, "--format") == 0) {
			if (lt_report_format_parse(&fmt, v, &err))
				return lt_cli_fail(&err);
		} else {
			output = v;
		}
	}
	if (opts.from.year && opts.to.year && lt_date_cmp(&opts.from, &opts.to) > 0)
		return lt_cli_usage_error(
		    "stats", "%s", LT_TR("--from phải trước --to", "--from must precede --to"));
	rc = lt_cli_open_archive(cli, &ar, LT_ARCHIVE_READONLY, &err);
	if (rc == 0)
		rc = lt_stats_build(&rep, lt_archive_catalog(ar), &opts, &err);
	if (rc == 0)
		rc = lt_report_write(rep, fmt, output, &err);
	if (rc == 0 && output && strcmp(output, "-") != 0)
		rc = lt_fs_user_mode(output, &err);
	lt_report_free(rep);
	lt_archive_free(ar);
	return rc ? lt_cli_fail(&err) : 0;
}
