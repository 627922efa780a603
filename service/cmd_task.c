/*
 * service/cmd_task.c — `luutru task add|update|list`: giao việc on incoming
 * records (archive/task.h, Phiếu giải quyết văn bản đến).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archive/record.h"
#include "archive/task.h"
#include "core/date.h"
#include "service/cli.h"

static void help(void)
{
	printf(
	    "%s",
	    LT_TR("Cách dùng:\n"
	          "  luutru task add VĂN_BẢN [--lead ĐƠN_VỊ] [--coop \"ĐV1,ĐV2\"] [--assignee "
	          "NGƯỜI]\n"
	          "                  [--due NGÀY] [--user NGƯỜI] [--json]\n"
	          "  luutru task update VIỆC [--progress 0-100] [--status TRẠNG_THÁI]\n"
	          "                  [--result NỘI_DUNG] [--reply VĂN_BẢN] [--due NGÀY]\n"
	          "                  [--assignee NGƯỜI] [--user NGƯỜI] [--json]\n"
	          "  luutru task list [--record VĂN_BẢN] [--overdue] [--today NGÀY] [--json]\n\n"
	          "Giao giải quyết văn bản đến (Phiếu giải quyết văn bản đến, NĐ 30 Đ23–24):\n"
	          "  --lead      đơn vị chủ trì (đúng một; bắt buộc khi có đơn vị phối hợp)\n"
	          "  --coop      các đơn vị phối hợp, cách nhau bằng dấu phẩy\n"
	          "  --due       thời hạn giải quyết (2024-12-31, 31/12/2024 hoặc\n"
	          "              \"ngày 31 tháng 12 năm 2024\"); bắt buộc khi giao nhiều đơn vị\n"
	          "  --status    open → in_progress → done | cancelled (done, cancelled là cuối)\n"
	          "  --reply     văn bản đi trả lời; tự tạo liên kết reply_to\n"
	          "  --overdue   chỉ việc quá hạn: chưa xong, chưa có văn bản trả lời, quá hạn\n",
	          "Usage:\n"
	          "  luutru task add RECORD [--lead UNIT] [--coop \"U1,U2\"] [--assignee WHO]\n"
	          "                  [--due DATE] [--user WHO] [--json]\n"
	          "  luutru task update TASK [--progress 0-100] [--status STATUS]\n"
	          "                  [--result TEXT] [--reply RECORD] [--due DATE]\n"
	          "                  [--assignee WHO] [--user WHO] [--json]\n"
	          "  luutru task list [--record RECORD] [--overdue] [--today DATE] [--json]\n\n"
	          "Assign an incoming record for handling (NĐ 30 Art. 23–24):\n"
	          "  --lead      the lead unit (exactly one; required with cooperating units)\n"
	          "  --coop      cooperating units, comma-separated\n"
	          "  --due       deadline (2024-12-31, 31/12/2024, ...); required when several\n"
	          "              units are involved\n"
	          "  --status    open → in_progress → done | cancelled (done, cancelled final)\n"
	          "  --reply     the outgoing reply record; adds a reply_to link\n"
	          "  --overdue   only overdue tasks: not finished, no reply, past the deadline\n"));
}

static void print_json(json_t *j)
{
	lt_cli_print_json(j, JSON_INDENT(2));
	json_decref(j);
}

json_t *lt_cli_task_json(const lt_task *t)
{
	json_t *coop = json_array();

	for (size_t i = 0; i < t->ncoop; i++)
		json_array_append_new(coop, json_string(t->coop_units[i]));
	return json_pack("{s:I, s:I, s:s?, s:o, s:s?, s:s?, s:i, s:s, s:s, s:s?, s:o, s:b, s:s?,"
	                 " s:s?, s:s?}",
	                 "id", (json_int_t)t->id, "record", (json_int_t)t->record_id, "lead",
	                 t->lead_unit, "coop", coop, "assignee", t->assignee, "due", t->due_date,
	                 "progress", t->progress, "status", lt_task_status_name(t->status),
	                 "statusLabel", lt_task_status_label(t->status), "result", t->result,
	                 "reply",
	                 t->reply_record_id ? json_integer(t->reply_record_id) : json_null(),
	                 "overdue", t->overdue, "createdAt", t->created_at, "updatedAt",
	                 t->updated_at, "completedAt", t->completed_at);
}

void lt_cli_task_print(const lt_task *t, const char *indent)
{
	printf("%s#%lld", indent, (long long)t->id);
	if (t->lead_unit)
		printf(LT_TR(" · chủ trì: %s", " · lead: %s"), t->lead_unit);
	for (size_t i = 0; i < t->ncoop; i++)
		printf("%s%s", i == 0 ? LT_TR(" · phối hợp: ", " · cooperating: ") : ", ",
		       t->coop_units[i]);
	if (t->assignee)
		printf(LT_TR(" · người xử lý: %s", " · assignee: %s"), t->assignee);
	if (t->due_date) {
		lt_date d;
		char dmy[11];
		if (lt_date_parse_iso(&d, t->due_date, NULL) == 0) {
			lt_date_format_dmy(&d, dmy);
			printf(LT_TR(" · hạn %s", " · due %s"), dmy);
		}
	}
	printf(" · %d%% · %s", t->progress, lt_task_status_label(t->status));
	if (t->overdue)
		printf(" · %s", LT_TR("QUÁ HẠN", "OVERDUE"));
	if (t->reply_record_id)
		printf(LT_TR(" · trả lời: văn bản %lld", " · reply: record %lld"),
		       (long long)t->reply_record_id);
	if (t->result)
		printf(LT_TR(" · kết quả: %s", " · result: %s"), t->result);
	printf("\n");
}

/* Split "A, B ,C" in place into trimmed parts. */
static size_t split_units(char *s, const char **out, size_t max)
{
	size_t n = 0;
	char *save = NULL;

	for (char *p = strtok_r(s, ",", &save); p && n < max; p = strtok_r(NULL, ",", &save))
		out[n++] = p; /* archive trims and normalises each */
	return n;
}

enum {
	O_LEAD = 1000,
	O_COOP,
	O_ASSIGNEE,
	O_DUE,
	O_USER,
	O_JSON,
	O_PROGRESS,
	O_STATUS,
	O_RESULT,
	O_REPLY,
	O_RECORD,
	O_OVERDUE,
	O_TODAY
};

int lt_cmd_task(lt_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"lead", required_argument, NULL, O_LEAD},
	    {"coop", required_argument, NULL, O_COOP},
	    {"assignee", required_argument, NULL, O_ASSIGNEE},
	    {"due", required_argument, NULL, O_DUE},
	    {"user", required_argument, NULL, O_USER},
	    {"json", no_argument, NULL, O_JSON},
	    {"progress", required_argument, NULL, O_PROGRESS},
	    {"status", required_argument, NULL, O_STATUS},
	    {"result", required_argument, NULL, O_RESULT},
	    {"reply", required_argument, NULL, O_REPLY},
	    {"record", required_argument, NULL, O_RECORD},
	    {"overdue", no_argument, NULL, O_OVERDUE},
	    {"today", required_argument, NULL, O_TODAY},
	    {NULL, 0, NULL, 0},
	};
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_catalog *cat;
	lt_task_new tn = LT_TASK_NEW_INIT;
	lt_task_change tc = LT_TASK_CHANGE_INIT;
	lt_task_filter tf = LT_TASK_FILTER_INIT;
	lt_task *task = NULL;
	lt_task_list *list = NULL;
	const char *sub, *who = NULL, *reply = NULL, *record = NULL, *coop_arg = NULL;
	const char **coop = NULL;
	char *coop_copy = NULL;
	int json = 0, opt, exit_code = 0, is_add, is_update, is_list;
	size_t v = 0;

	if (lt_cli_wants_help(argc, argv)) {
		help();
		return 0;
	}
	if (argc < 2) {
		help();
		return 2;
	}
	sub = argv[1];
	is_add = strcmp(sub, "add") == 0;
	is_update = strcmp(sub, "update") == 0;
	is_list = strcmp(sub, "list") == 0;
	if (!is_add && !is_update && !is_list)
		return lt_cli_usage_error("task",
		                          LT_TR("lệnh con không rõ: %s (add, update hoặc list)",
		                                "unknown subcommand: %s (add, update or list)"),
		                          sub);
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc - 1, argv + 1, ":", longopts, NULL)) != -1) {
		int ok_here = 1;
		switch (opt) {
		case O_LEAD:
			ok_here = is_add;
			tn.lead_unit = optarg;
			break;
		case O_COOP:
			ok_here = is_add;
			coop_arg = optarg;
			break;
		case O_ASSIGNEE:
			tn.assignee = tc.assignee = optarg;
			ok_here = !is_list;
			break;
		case O_DUE:
			tn.due_date = tc.due_date = optarg;
			ok_here = !is_list;
			break;
		case O_USER:
			cli->user = optarg;
			ok_here = !is_list;
			break;
		case O_JSON: json = 1; break;
		case O_PROGRESS:
			ok_here = is_update;
			if (ok_here && lt_cli_parse_size("task", "--progress", optarg, 0, 100, &v))
				return 2;
			tc.progress = (int)v;
			break;
		case O_STATUS: {
			lt_task_status s = 0;
			ok_here = is_update;
			if (ok_here && lt_task_status_parse(&s, optarg, &err) != 0)
				return lt_cli_usage_error("task", "%s", err.message);
			tc.status = (int)s;
			break;
		}
		case O_RESULT:
			ok_here = is_update;
			tc.result = optarg;
			break;
		case O_REPLY:
			ok_here = is_update;
			reply = optarg;
			break;
		case O_RECORD:
			ok_here = is_list;
			record = optarg;
			break;
		case O_OVERDUE:
			ok_here = is_list;
			tf.overdue_only = 1;
			break;
		case O_TODAY:
			ok_here = is_list;
			tf.today = optarg;
			break;
		default: return lt_cli_bad_option("task", opt, argv[optind]);
		}
		if (!ok_here)
			return lt_cli_usage_error("task",
			                          LT_TR("'task %s' không nhận tùy chọn %s",
			                                "'task %s' takes no option %s"),
			                          sub, argv[optind]);
	}
	/* argv+1 was parsed: positional arguments start at optind + 1. */
	if ((is_list && optind + 1 < argc) || (!is_list && optind + 2 != argc))
		return lt_cli_usage_error(
		    "task", "%s",
		    is_add
		        ? LT_TR("cần đúng một văn bản đến", "exactly one incoming record is needed")
		    : is_update ? LT_TR("cần đúng một số việc", "exactly one task number is needed")
		                : LT_TR("thừa tham số", "unexpected argument"));
	if (lt_cli_open_archive(cli, &ar, is_list ? LT_ARCHIVE_READONLY : 0, &err) != LT_OK) {
		exit_code = lt_cli_fail(&err);
		goto done;
	}
	who = lt_cli_who(ar);
	cat = lt_archive_catalog(ar);
	if (is_add) {
		int64_t rid, tid;
		if (coop_arg) {
			coop_copy = strdup(coop_arg);
			coop = calloc(strlen(coop_arg) + 1, sizeof(*coop));
			if (!coop_copy || !coop) {
				exit_code = 1;
				goto done;
			}
			tn.coop_units = coop;
			tn.ncoop = split_units(coop_copy, coop, strlen(coop_arg) + 1);
		}
		if (lt_cli_record_id(cat, argv[optind + 1], &rid, &err) != 0 ||
		    lt_task_add(&tid, cat, rid, &tn, who, &err) != 0 ||
		    lt_task_load(&task, cat, tid, &err) != 0) {
			exit_code = lt_cli_fail(&err);
			goto done;
		}
		if (json) {
			print_json(lt_cli_task_json(task));
		} else {
			printf(LT_TR("Đã giao việc %lld cho văn bản %lld:\n",
			             "Task %lld assigned for record %lld:\n"),
			       (long long)tid, (long long)rid);
			lt_cli_task_print(task, "  ");
		}
	} else if (is_update) {
		char *end;
		long long tid = strtoll(argv[optind + 1], &end, 10);
		if (*end || tid <= 0) {
			exit_code = lt_cli_usage_error(
			    "task", LT_TR("số việc không hợp lệ: %s", "invalid task number: %s"),
			    argv[optind + 1]);
			goto done;
		}
		if (reply && lt_cli_record_id(cat, reply, &tc.reply_record, &err) != 0) {
			exit_code = lt_cli_fail(&err);
			goto done;
		}
		if (lt_task_update(cat, tid, &tc, who, &err) != 0 ||
		    lt_task_load(&task, cat, tid, &err) != 0) {
			exit_code = lt_cli_fail(&err);
			goto done;
		}
		if (json) {
			print_json(lt_cli_task_json(task));
		} else {
			printf(LT_TR("Đã cập nhật việc %lld:\n", "Task %lld updated:\n"), tid);
			lt_cli_task_print(task, "  ");
		}
	} else {
		if (record && lt_cli_record_id(cat, record, &tf.record, &err) != 0) {
			exit_code = lt_cli_fail(&err);
			goto done;
		}
		if (lt_task_list_load(&list, cat, &tf, &err) != 0) {
			exit_code = lt_cli_fail(&err);
			goto done;
		}
		if (json) {
			json_t *a = json_array();
			for (size_t i = 0; i < list->n; i++)
				json_array_append_new(a, lt_cli_task_json(&list->items[i]));
			print_json(
			    json_pack("{s:I, s:o}", "total", (json_int_t)list->n, "tasks", a));
		} else {
			printf(tf.overdue_only
			           ? LT_TR("Việc quá hạn: %zu\n", "Overdue tasks: %zu\n")
			           : LT_TR("Việc: %zu\n", "Tasks: %zu\n"),
			       list->n);
			for (size_t i = 0; i < list->n; i++) {
				printf(LT_TR("  văn bản %lld  ", "  record %lld  "),
				       (long long)list->items[i].record_id);
				lt_cli_task_print(&list->items[i], "");
			}
		}
	}
done:
	lt_task_free(task);
	lt_task_list_free(list);
	free(coop);
	free(coop_copy);
	lt_archive_free(ar);
	return exit_code;
}
