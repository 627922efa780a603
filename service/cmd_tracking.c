/*
 * service/cmd_tracking.c — `luutru tracking`: the Sổ theo dõi giải quyết
 * văn bản đến (archive/tracking.h) as text, CSV or a standalone HTML page.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archive/tracking.h"
#include "core/date.h"
#include "core/fs.h"
#include "service/cli.h"

static void help(void)
{
	printf(
	    "%s",
	    LT_TR("Cách dùng: luutru tracking [--year NĂM] [--overdue] [--format text|csv|html]\n"
	          "                        [--output TỆP] [--today NGÀY] [--json]\n\n"
	          "In Sổ theo dõi giải quyết văn bản đến (NĐ 30 Phụ lục IV): số đến; tên loại,\n"
	          "số, ký hiệu, ngày, cơ quan ban hành; đơn vị/người nhận; thời hạn giải quyết;\n"
	          "tiến độ; số, ký hiệu văn bản trả lời; ghi chú. Văn bản quá hạn (quá thời hạn,\n"
	          "chưa trả lời, chưa xong) được đánh dấu \"Quá hạn\".\n\n"
	          "  --year NĂM     chỉ văn bản đến trong năm (theo ngày đến)\n"
	          "  --overdue      chỉ văn bản quá hạn\n"
	          "  --format       text (mặc định), csv (UTF-8 có BOM, mở bằng Excel) hoặc html\n"
	          "  --output TỆP   ghi ra tệp thay vì màn hình\n"
	          "  --today NGÀY   tính quá hạn theo ngày này (mặc định: hôm nay)\n",
	          "Usage: luutru tracking [--year YEAR] [--overdue] [--format text|csv|html]\n"
	          "                       [--output FILE] [--today DATE] [--json]\n\n"
	          "Print the register of incoming records handling (NĐ 30 Appendix IV): arrival\n"
	          "number; type, number, notation, date, issuing body; unit/recipient; deadline;\n"
	          "progress; number of the reply; note. Overdue records (past the deadline, no\n"
	          "reply, not finished) are marked \"Overdue\".\n\n"
	          "  --year YEAR    only records that arrived in that year\n"
	          "  --overdue      only overdue records\n"
	          "  --format       text (default), csv (UTF-8 with BOM, opens in Excel) or html\n"
	          "  --output FILE  write to a file instead of the screen\n"
	          "  --today DATE   judge \"overdue\" as of this day (default: today)\n"));
}

int lt_cmd_tracking(lt_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"year", required_argument, NULL, 'y'},
	    {"overdue", no_argument, NULL, 'o'},
	    {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'O'},
	    {"today", required_argument, NULL, 't'},
	    {"json", no_argument, NULL, 'j'},
	    {NULL, 0, NULL, 0},
	};
	lt_tracking_options opts = LT_TRACKING_OPTIONS_INIT;
	lt_tracking_format fmt = LT_TRACKING_TEXT;
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_tracking *t = NULL;
	lt_buf out = LT_BUF_INIT;
	const char *output = NULL;
	char today[11] = "";
	int json = 0, opt, exit_code = 0;
	size_t v;

	if (lt_cli_wants_help(argc, argv)) {
		help();
		return 0;
	}
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (opt) {
		case 'y':
			if (lt_cli_parse_size("tracking", "--year", optarg, 1, 9999, &v))
				return 2;
			opts.year = (int)v;
			break;
		case 'o': opts.overdue_only = 1; break;
		case 'f':
			if (strcmp(optarg, "text") == 0)
				fmt = LT_TRACKING_TEXT;
			else if (strcmp(optarg, "csv") == 0)
				fmt = LT_TRACKING_CSV;
			else if (strcmp(optarg, "html") == 0)
				fmt = LT_TRACKING_HTML;
			else
				return lt_cli_usage_error(
				    "tracking",
				    LT_TR("--format phải là text, csv hoặc html, không phải '%s'",
				          "--format must be text, csv or html, not '%s'"),
				    optarg);
			break;
		case 'O': output = optarg; break;
		case 't': {
			lt_date d;
			if (lt_date_parse(&d, optarg, &err) != 0)
				return lt_cli_usage_error("tracking", "--today: %s", err.message);
			lt_date_format_iso(&d, today);
			opts.today = today;
			break;
		}
		case 'j': json = 1; break;
		default: return lt_cli_bad_option("tracking", opt, argv[optind - 1]);
		}
	}
	if (optind < argc)
		return lt_cli_usage_error(
		    "tracking", LT_TR("thừa tham số: %s", "unexpected argument: %s"), argv[optind]);
	if (lt_cli_open_archive(cli, &ar, LT_ARCHIVE_READONLY, &err) != LT_OK ||
	    lt_tracking_build(&t, lt_archive_catalog(ar), &opts, &err) != 0) {
		exit_code = lt_cli_fail(&err);
		goto done;
	}
	if (json) {
		json_t *rows = json_array(), *root;
		char *s;
		for (size_t i = 0; i < t->n; i++) {
			const lt_tracking_row *r = &t->rows[i];
			json_array_append_new(
			    rows,
			    json_pack("{s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:i, s:s?, s:s?,"
			              " s:b, s:b}",
			              "record", (json_int_t)r->record_id, "arrivalNumber",
			              r->arrival_number, "arrivalDate", r->arrival_date, "document",
			              r->document, "units", r->units, "dueDate", r->due_date,
			              "progress", r->progress, "progressPercent", r->progress_pct,
			              "replies", r->replies, "note", r->note, "done", r->done,
			              "overdue", r->overdue));
		}
		root =
		    json_pack("{s:s, s:I, s:I, s:o}", "today", t->today, "total", (json_int_t)t->n,
		              "overdue", (json_int_t)t->noverdue, "rows", rows);
		s = json_dumps(root, JSON_INDENT(2));
		if (!s || lt_buf_printf(&out, "%s\n", s)) {
			free(s);
			json_decref(root);
			lt_error_set(&err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
			exit_code = lt_cli_fail(&err);
			goto done;
		}
		free(s);
		json_decref(root);
	} else if (lt_tracking_render(t, fmt, &out) != 0) {
		lt_error_set(&err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
		exit_code = lt_cli_fail(&err);
		goto done;
	}
	if (output) {
		if (lt_fs_write_atomic(output, out.data ? out.data : "", out.len, &err) != 0 ||
		    lt_fs_user_mode(output, &err) != 0) {
			exit_code = lt_cli_fail(&err);
			goto done;
		}
	} else {
		lt_cli_emit(&out, NULL, &err);
	}
done:
	lt_buf_free(&out);
	lt_tracking_free(t);
	lt_archive_free(ar);
	return exit_code;
}
