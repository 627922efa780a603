/*
 * service/cmd_retention.c — `luutru retention`, `luutru hold`,
 * `luutru dispose`, `luutru transfer`: the retention schedule, due dates
 * and alerts, holds, destruction (propose → approve → execute) and the
 * historical-archive deposit. The rules live in
 * retention/; this file parses arguments and prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archive/archive.h"
#include "archive/dossier.h"
#include "core/date.h"
#include "core/fs.h"
#include "retention/disposition.h"
#include "retention/due.h"
#include "retention/hold.h"
#include "retention/schedule.h"
#include "retention/transfer.h"
#include "service/cli.h"
#include "service/ops.h"
#include "service/pipeline.h"

/* Options shared by the three commands. */
typedef struct opts {
	int json, all;
	const char *user, *reason, *date, *output, *decision, *decision_date, *minutes;
	const char *appraisal, *handover, *format, *note, *state;
	const char *pos[4];
	int npos;
	int64_t *dossiers;
	size_t ndossiers;
	const char **dossier_refs;
} opts;

static int parse(const char *cmd, int argc, char **argv, opts *o)
{
	memset(o, 0, sizeof(*o));
	o->dossier_refs = calloc((size_t)argc, sizeof(char *));
	if (!o->dossier_refs)
		return 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		if (strcmp(a, "--json") == 0) {
			o->json = 1;
			continue;
		}
		if (strcmp(a, "--all") == 0 || strcmp(a, "--all-due") == 0) {
			o->all = 1;
			continue;
		}
		if (strcmp(a, "--user") == 0)
			slot = &o->user;
		else if (strcmp(a, "--reason") == 0)
			slot = &o->reason;
		else if (strcmp(a, "--date") == 0)
			slot = &o->date;
		else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)
			slot = &o->output;
		else if (strcmp(a, "--decision") == 0)
			slot = &o->decision;
		else if (strcmp(a, "--decision-date") == 0)
			slot = &o->decision_date;
		else if (strcmp(a, "--minutes") == 0)
			slot = &o->minutes;
		else if (strcmp(a, "--appraisal") == 0)
			slot = &o->appraisal;
		else if (strcmp(a, "--handover") == 0)
			slot = &o->handover;
		else if (strcmp(a, "--format") == 0)
			slot = &o->format;
		else if (strcmp(a, "--note") == 0)
			slot = &o->note;
		else if (strcmp(a, "--state") == 0)
			slot = &o->state;
		else if (strcmp(a, "--dossier") == 0)
			slot = &o->dossier_refs[o->ndossiers++];
		if (slot) {
			if (i + 1 >= argc) {
				lt_cli_usage_error(
				    cmd, LT_TR("%s cần một giá trị", "%s needs a value"), a);
				return 1;
			}
			*slot = argv[++i];
			continue;
		}
		if (a[0] == '-' && a[1]) {
			lt_cli_usage_error(
			    cmd, LT_TR("tùy chọn không hợp lệ: %s", "invalid option: %s"), a);
			return 1;
		}
		if (o->npos == 4) {
			lt_cli_usage_error(cmd,
			                   LT_TR("thừa tham số: %s", "unexpected argument: %s"), a);
			return 1;
		}
		o->pos[o->npos++] = a;
	}
	return 0;
}

static void opts_free(opts *o)
{
	free(o->dossier_refs);
	free(o->dossiers);
}

static int day_of(const opts *o, lt_date *day, lt_error *err)
{
	if (!o->date) {
		lt_date_today(day);
		return 0;
	}
	return lt_date_parse(day, o->date, err);
}

static void print_json(json_t *j)
{
	lt_cli_print_json(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
}

static int64_t parse_id(const char *s)
{
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;
	return s && *s && !*end && v > 0 ? (int64_t)v : 0;
}

/* ---- luutru retention ---------------------------------------------------- */

static void retention_help(void)
{
	printf(
	    "%s",
	    LT_TR(
	        "Cách dùng:\n"
	        "  luutru retention schedule [--json]        bảng thời hạn bảo quản\n"
	        "  luutru retention schedule load TỆP.csv    nạp bảng thời hạn (thay toàn bộ)\n"
	        "  luutru retention due [--date NGÀY] [--json]\n"
	        "      hồ sơ đến hạn nộp lưu, nộp lưu lịch sử, hết hạn bảo quản; cảnh báo\n"
	        "      trước 30 ngày và ghi lại thời điểm cảnh báo\n"
	        "  luutru retention event HỒ_SƠ --date NGÀY [--note GHI_CHÚ]\n"
	        "      ghi ngày xảy ra sự kiện mà thời hạn bảo quản tính từ đó (\"5 năm sau\n"
	        "      khi chấm dứt hợp đồng\", \"Đến khi văn bản hết hiệu lực\"); năm hết hạn\n"
	        "      = năm của sự kiện + N\n"
	        "  luutru retention close-hook HỒ_SƠ          tính lại năm hết hạn của hồ sơ\n\n"
	        "CSV: code,title,group,maintenance,years,action,legal_basis[,event] (mã\n"
	        "01..07; years bắt buộc với mã 07 trừ khi có event; action\n"
	        "destroy|review|transfer).\n",
	        "Usage:\n"
	        "  luutru retention schedule [--json]        the retention schedule\n"
	        "  luutru retention schedule load FILE.csv   load a schedule (replaces it)\n"
	        "  luutru retention due [--date DATE] [--json]\n"
	        "      dossiers due for deposit, historical transfer, or past expiry; alerts\n"
	        "      30 days ahead, recording when each alert was raised\n"
	        "  luutru retention event DOSSIER --date DATE [--note NOTE]\n"
	        "      record the date of the event the retention counts from (\"5 năm sau\n"
	        "      khi chấm dứt hợp đồng\", \"Đến khi văn bản hết hiệu lực\"); expiry\n"
	        "      year = the event's year + N\n"
	        "  luutru retention close-hook DOSSIER       recompute a dossier's expiry year\n\n"
	        "CSV: code,title,group,maintenance,years,action,legal_basis[,event] (codes\n"
	        "01..07; years required with code 07 unless there is an event; action\n"
	        "destroy|review|transfer).\n"));
}

static const char *kind_label(const char *kind)
{
	if (strcmp(kind, "deposit") == 0)
		return LT_TR("nộp lưu cơ quan", "agency deposit");
	if (strcmp(kind, "historical") == 0)
		return LT_TR("nộp lưu lịch sử", "historical transfer");
	return LT_TR("hết hạn bảo quản", "retention expired");
}

static int cmd_schedule(lt_catalog *cat, const opts *o, lt_error *err)
{
	lt_schedule *s = NULL;
	json_t *arr;
	int rc;

	if (o->npos >= 2 && strcmp(o->pos[1], "load") == 0) {
		size_t n = 0;
		if (o->npos < 3)
			return lt_error_set(
			    err, LT_EINVAL, "%s",
			    LT_TR("cần đường dẫn tệp CSV", "a CSV file path is needed"));
		rc = lt_schedule_load_csv(cat, o->pos[2], &n, err);
		if (rc == 0)
			printf(LT_TR("Đã nạp %zu quy tắc thời hạn bảo quản.\n",
			             "Loaded %zu retention rules.\n"),
			       n);
		return rc;
	}
	rc = lt_schedule_list(&s, cat, err);
	if (rc)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < lt_schedule_count(s); i++) {
		const lt_retention_rule *r = lt_schedule_get(s, i);
		if (o->json) {
			json_array_append_new(
			    arr, json_pack("{s:s, s:s, s:s?, s:o, s:s, s:s, s:s?, s:s?}", "code",
			                   r->code, "title", r->title, "group", r->group, "years",
			                   r->years < 0 ? json_null() : json_integer(r->years),
			                   "maintenance", r->maintenance, "action", r->action,
			                   "legalBasis", r->legal_basis, "event", r->event));
		} else {
			char y[256];
			if (r->years < 0)
				snprintf(y, sizeof(y), "%s", LT_TR("Vĩnh viễn", "Permanent"));
			else if (r->event && r->years > 0)
				snprintf(y, sizeof(y), "%d năm sau khi %s", r->years, r->event);
			else if (r->event)
				snprintf(y, sizeof(y), "Đến khi %s", r->event);
			else
				snprintf(y, sizeof(y), LT_TR("%d năm", "%d years"), r->years);
			printf("%-5s %-3s %-10s %-9s %s\n", r->code, r->maintenance, y, r->action,
			       r->title);
		}
	}
	if (o->json)
		print_json(arr);
	else
		json_decref(arr);
	lt_schedule_free(s);
	return 0;
}

static int cmd_due(lt_catalog *cat, const opts *o, lt_error *err)
{
	lt_due_list *l = NULL;
	lt_date day;
	json_t *arr;
	int rc = day_of(o, &day, err);

	if (rc == 0)
		rc = lt_retention_due(&l, cat, &day, 1, err);
	if (rc)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < l->n; i++) {
		const lt_due_item *it = &l->items[i];
		char due[11];
		lt_date_format_iso(&it->due, due);
		if (o->json)
			json_array_append_new(
			    arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:b, s:s?}", "dossierId",
			                   (json_int_t)it->dossier_id, "fileCode", it->file_code,
			                   "title", it->title, "kind", it->kind, "due", due,
			                   "overdue", it->overdue, "alertNew", it->alert_new,
			                   "alertedAt", it->alerted_at));
		else
			printf("%s  %-10s %-20s %s  %s%s\n", due,
			       it->overdue ? LT_TR("QUÁ HẠN", "OVERDUE") : LT_TR("sắp đến", "soon"),
			       kind_label(it->kind), it->file_code, it->title,
			       it->alert_new ? LT_TR("  [cảnh báo mới]", "  [new alert]") : "");
	}
	if (o->json)
		print_json(arr);
	else {
		json_decref(arr);
		if (l->n == 0)
			printf("%s\n", LT_TR("Không có hồ sơ nào đến hạn trong 30 ngày tới.",
			                     "Nothing falls due in the next 30 days."));
	}
	lt_due_list_free(l);
	return 0;
}

int lt_cmd_retention(lt_cli *cli, int argc, char **argv)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	opts o;
	int rc;

	if (lt_cli_wants_help(argc, argv)) {
		retention_help();
		return 0;
	}
	if (parse("retention", argc, argv, &o)) {
		opts_free(&o);
		return 2;
	}
	if (o.user)
		cli->user = o.user;
	if (o.npos < 1 || (strcmp(o.pos[0], "schedule") && strcmp(o.pos[0], "due") &&
	                   strcmp(o.pos[0], "close-hook") && strcmp(o.pos[0], "event"))) {
		opts_free(&o);
		return lt_cli_usage_error(
		    "retention", "%s",
		    LT_TR("cần lệnh con: schedule, due, event, close-hook",
		          "a subcommand is needed: schedule, due, event, close-hook"));
	}
	rc = lt_cli_open_archive(cli, &ar, 0, &err);
	if (rc == 0)
		o.user = lt_cli_who(ar);
	if (rc == 0 && strcmp(o.pos[0], "schedule") == 0) {
		rc = cmd_schedule(lt_archive_catalog(ar), &o, &err);
	} else if (rc == 0 && strcmp(o.pos[0], "due") == 0) {
		rc = cmd_due(lt_archive_catalog(ar), &o, &err);
	} else if (rc == 0 && strcmp(o.pos[0], "event") == 0) {
		lt_catalog *cat = lt_archive_catalog(ar);
		int64_t id = 0;
		lt_date due;
		rc = o.npos < 2 ? lt_error_set(&err, LT_EINVAL, "%s",
		                               LT_TR("cần mã hồ sơ", "a dossier is needed"))
		                : lt_dossier_find(&id, cat, o.pos[1], &err);
		if (rc == 0)
			rc = lt_retention_event_record(cat, id, o.date, o.note, o.user, &due, &err);
		if (rc == 0) {
			char d[11];
			lt_date_format_iso(&due, d);
			if (o.json)
				print_json(json_pack("{s:I, s:s, s:i, s:s}", "dossierId",
				                     (json_int_t)id, "eventDate", o.date,
				                     "expiryYear", due.year - 1, "disposalFrom",
				                     d));
			else
				printf(
				    LT_TR(
				        "Đã ghi ngày sự kiện. Hết hạn bảo quản năm %d; có thể "
				        "đưa vào danh sách tiêu hủy từ %s.\n",
				        "Event date recorded. Retention expires in %d; a disposal "
				        "candidate from %s.\n"),
				    due.year - 1, d);
		}
	} else if (rc == 0) {
		lt_catalog *cat = lt_archive_catalog(ar);
		int64_t id = 0;
		rc = o.npos < 2 ? lt_error_set(&err, LT_EINVAL, "%s",
		                               LT_TR("cần mã hồ sơ", "a dossier is needed"))
		                : lt_retention_dossier_ref(cat, o.pos[1], &id, &err);
		if (rc == 0)
			rc = lt_catalog_begin(cat, &err);
		if (rc == 0) {
			rc = lt_retention_on_close(cat, id, &err);
			if (rc == 0)
				rc = lt_catalog_commit(cat, &err);
			if (rc)
				lt_catalog_rollback(cat);
		}
	}
	opts_free(&o);
	lt_archive_free(ar);
	return rc ? lt_cli_fail(&err) : 0;
}

/* ---- luutru hold --------------------------------------------------------- */

static void hold_help(void)
{
	printf("%s",
	       LT_TR("Cách dùng:\n"
	             "  luutru hold place dossier|record ID --reason LÝ_DO --user TÊN\n"
	             "  luutru hold release MÃ_PHONG_TỎA --user TÊN [--reason LÝ_DO]\n"
	             "  luutru hold list [--all] [--json]\n\n"
	             "Đối tượng đang bị phong tỏa không thể bị tiêu hủy, chuyển giao hay mở lại.\n"
	             "ID hồ sơ là số id hoặc mã hồ sơ.\n",
	             "Usage:\n"
	             "  luutru hold place dossier|record ID --reason REASON --user LOGIN\n"
	             "  luutru hold release HOLD_ID --user LOGIN [--reason REASON]\n"
	             "  luutru hold list [--all] [--json]\n\n"
	             "A held object cannot be destroyed, transferred or reopened.\n"
	             "A dossier ID is the numeric id or the dossier code.\n"));
}

int lt_cmd_hold(lt_cli *cli, int argc, char **argv)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_catalog *cat;
	opts o;
	int rc;

	if (lt_cli_wants_help(argc, argv)) {
		hold_help();
		return 0;
	}
	if (parse("hold", argc, argv, &o)) {
		opts_free(&o);
		return 2;
	}
	if (o.user)
		cli->user = o.user;
	if (o.npos < 1 || (strcmp(o.pos[0], "place") && strcmp(o.pos[0], "release") &&
	                   strcmp(o.pos[0], "list"))) {
		opts_free(&o);
		return lt_cli_usage_error("hold", "%s",
		                          LT_TR("cần lệnh con: place, release, list",
		                                "a subcommand is needed: place, release, list"));
	}
	rc = lt_cli_open_archive(cli, &ar, 0, &err);
	if (rc == 0)
		o.user = lt_cli_who(ar);
	cat = ar ? lt_archive_catalog(ar) : NULL;
	if (rc == 0 && strcmp(o.pos[0], "place") == 0) {
		lt_hold_kind kind;
		int64_t id = 0, hold = 0;
		if (o.npos < 3)
			rc = lt_error_set(&err, LT_EINVAL, "%s",
			                  LT_TR("cần loại (dossier|record) và ID",
			                        "a kind (dossier|record) and an ID are needed"));
		if (rc == 0)
			rc = lt_hold_kind_parse(&kind, o.pos[1], &err);
		if (rc == 0 && kind == LT_HOLD_DOSSIER)
			rc = lt_retention_dossier_ref(cat, o.pos[2], &id, &err);
		else if (rc == 0)
			id = parse_id(o.pos[2]);
		if (rc == 0)
			rc = lt_hold_place(&hold, cat, kind, id, o.reason, o.user, &err);
		if (rc == 0 && o.json)
			print_json(json_pack("{s:I}", "holdId", (json_int_t)hold));
		else if (rc == 0)
			printf(LT_TR("Đã phong tỏa (mã %lld).\n", "Hold placed (id %lld).\n"),
			       (long long)hold);
	} else if (rc == 0 && strcmp(o.pos[0], "release") == 0) {
		int64_t id = o.npos >= 2 ? parse_id(o.pos[1]) : 0;
		rc = id ? lt_hold_release(cat, id, o.user, o.reason, &err)
		        : lt_error_set(&err, LT_EINVAL, "%s",
		                       LT_TR("cần mã phong tỏa", "a hold id is needed"));
		if (rc == 0)
			printf(LT_TR("Đã gỡ phong tỏa %lld.\n", "Hold %lld released.\n"),
			       (long long)id);
	} else if (rc == 0) {
		lt_hold_list *l = NULL;
		rc = lt_hold_list_get(&l, cat, !o.all, &err);
		if (rc == 0) {
			json_t *arr = json_array();
			for (size_t i = 0; i < l->n; i++) {
				const lt_hold *h = &l->items[i];
				if (o.json)
					json_array_append_new(
					    arr, json_pack(
					             "{s:I, s:s, s:I, s:s, s:s, s:s, s:s?, s:s?}",
					             "id", (json_int_t)h->id, "kind", h->kind,
					             "objectId", (json_int_t)h->object_id, "reason",
					             h->reason, "placedBy", h->placed_by,
					             "placedAt", h->placed_at, "releasedBy",
					             h->released_by, "releasedAt", h->released_at));
				else
					printf("%lld  %s %lld  %s  %s %s%s%s\n", (long long)h->id,
					       h->kind, (long long)h->object_id, h->placed_at,
					       h->placed_by, h->reason,
					       h->released_at ? LT_TR("  [đã gỡ ", "  [released ")
					                      : "",
					       h->released_at ? h->released_at : "");
			}
			if (o.json)
				print_json(arr);
			else
				json_decref(arr);
		}
		lt_hold_list_free(l);
	}
	opts_free(&o);
	lt_archive_free(ar);
	return rc ? lt_cli_fail(&err) : 0;
}

/* ---- luutru dispose ------------------------------------------------------ */

static void dispose_help(void)
{
	printf(
	    "%s",
	    LT_TR("Cách dùng:\n"
	          "  luutru dispose candidates [--date NGÀY] [--json]\n"
	          "  luutru dispose propose (--dossier HỒ_SƠ ... | --all-due) --user TÊN\n"
	          "                         [--reason THUYẾT_MINH] [--date NGÀY] [--json]\n"
	          "  luutru dispose approve DANH_SÁCH --user TÊN --decision SỐ_QĐ\n"
	          "                         --decision-date NGÀY --minutes BIÊN_BẢN_HỘI_ĐỒNG\n"
	          "                         --appraisal Ý_KIẾN_THẨM_ĐỊNH\n"
	          "  luutru dispose execute DANH_SÁCH --user TÊN --handover BÀN_GIAO\n"
	          "                         [-o BIÊN_BẢN.html] [--json]\n"
	          "  luutru dispose cancel DANH_SÁCH --user TÊN --reason LÝ_DO\n"
	          "  luutru dispose report DANH_SÁCH [--format html|pdf] [-o TỆP]\n"
	          "  luutru dispose list [--state TRẠNG_THÁI] [--json]\n"
	          "  luutru dispose show DANH_SÁCH [--json]\n\n"
	          "Tiêu hủy: lập danh sách (chỉ hồ sơ đã hết hạn, không vĩnh viễn, không bị\n"
	          "phong tỏa) → duyệt bởi người khác có vai trò approver → thực hiện: xóa tệp\n"
	          "và văn bản toàn văn, giữ siêu dữ liệu với ghi chú quyết định hủy; lập biên\n"
	          "bản hủy (HTML, PDF). Duyệt ghi quyết định, biên bản họp Hội đồng và ý kiến\n"
	          "thẩm định của cơ quan có thẩm quyền; thực hiện ghi biên bản bàn giao tài liệu\n"
	          "hủy (quy tắc 30). Danh sách chưa thực hiện có thể hủy bỏ (cancel, có lý do).\n"
	          "Mỗi bước do một người dùng đã xác thực làm: --user TÊN với\n"
	          "mật khẩu (gõ vào, hoặc --password-stdin trước lệnh) hoặc mã API trong\n"
	          "LUUTRU_TOKEN; lập và thực hiện: văn thư/lưu trữ (archivist) hoặc admin.\n"
	          "list và show chỉ đọc: các danh sách và trạng thái (proposed, approved,\n"
	          "executed, cancelled), những gì mỗi bước đã ghi, hồ sơ của danh sách; danh\n"
	          "sách có hồ sơ trên mức mật của người xem không hiện với người đó.\n",
	          "Usage:\n"
	          "  luutru dispose candidates [--date DATE] [--json]\n"
	          "  luutru dispose propose (--dossier DOSSIER ... | --all-due) --user LOGIN\n"
	          "                         [--reason EXPLANATION] [--date DATE] [--json]\n"
	          "  luutru dispose approve LIST --user LOGIN --decision NUMBER\n"
	          "                         --decision-date DATE --minutes COUNCIL_MINUTES\n"
	          "                         --appraisal APPRAISAL_OPINION\n"
	          "  luutru dispose execute LIST --user LOGIN --handover HAND_OVER\n"
	          "                         [-o RECORD.html] [--json]\n"
	          "  luutru dispose cancel LIST --user LOGIN --reason WHY\n"
	          "  luutru dispose report LIST [--format html|pdf] [-o FILE]\n"
	          "  luutru dispose list [--state STATE] [--json]\n"
	          "  luutru dispose show LIST [--json]\n\n"
	          "Destruction: propose a list (only expired, non-permanent, unheld dossiers)\n"
	          "→ approval by a different user with the approver role → execution: files\n"
	          "and full text removed, metadata kept with the decision; the destruction\n"
	          "record (HTML, PDF) is produced. Approval records the decision, the council's\n"
	          "minutes and the competent body's appraisal opinion; execution the hand-over\n"
	          "of the material destroyed (rule 30). A list not executed may be cancelled\n"
	          "(with a reason). Each step is done by an authenticated user:\n"
	          "--user LOGIN with the password (typed, or --password-stdin before the\n"
	          "command) or an API token in LUUTRU_TOKEN; propose and execute: an\n"
	          "archivist or admin.\n"
	          "list and show only read: the lists and their state (proposed, approved,\n"
	          "executed, cancelled), what each step recorded, a list's dossiers; a list\n"
	          "holding a dossier above the reader's clearance is not shown to them.\n"));
}

static int write_html(const char *path, const char *html, lt_error *err)
{
	FILE *f;
	if (!path || strcmp(path, "-") == 0) {
		fputs(html, stdout);
		return 0;
	}
	f = fopen(path, "w");
	if (!f || fputs(html, f) < 0) {
		if (f)
			fclose(f);
		return lt_error_set(err, LT_EIO,
		                    LT_TR("không ghi được tệp %s", "cannot write file %s"), path);
	}
	if (fclose(f) != 0)
		return lt_error_set(err, LT_EIO,
		                    LT_TR("không ghi được tệp %s", "cannot write file %s"), path);
	return lt_fs_user_mode(path, err);
}

/* `dispose list` and `dispose show LIST`: read only. */
static int dispose_read(lt_catalog *cat, const opts *o, lt_error *err)
{
	lt_disposition_list *v = NULL;
	size_t n = 0;
	int show = strcmp(o->pos[0], "show") == 0;
	int64_t batch = show && o->npos >= 2 ? parse_id(o->pos[1]) : 0;
	int rc;

	if (show && !batch)
		return lt_error_set(
		    err, LT_EINVAL, "%s",
		    LT_TR("cần số danh sách tiêu hủy", "a destruction list number is needed"));
	if (show) {
		rc = lt_disposition_get(&v, cat, batch, err);
		n = rc == 0;
	} else {
		rc = lt_disposition_lists(&v, &n, cat, o->state, err);
	}
	if (rc)
		return rc;
	if (o->json && show) {
		print_json(lt_ops_disposition_json(v));
	} else if (o->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, lt_ops_disposition_json(&v[i]));
		print_json(arr);
	} else if (show) {
		const char *none = "—";
		printf(LT_TR("Danh sách tiêu hủy %lld: %s\n", "Destruction list %lld: %s\n"),
		       (long long)v->id, lt_disposition_state_label(v->state));
		printf("  %s: %s, %s%s%s\n", LT_TR("Lập", "Proposed"), v->proposed_by,
		       v->proposed_at, v->explanation ? " — " : "",
		       v->explanation ? v->explanation : "");
		if (v->approved_by) {
			printf(LT_TR("  Duyệt: %s, %s — Quyết định số %s ngày %s\n",
			             "  Approved: %s, %s — decision %s of %s\n"),
			       v->approved_by, v->approved_at ? v->approved_at : none,
			       v->decision_no ? v->decision_no : none,
			       v->decision_date ? v->decision_date : none);
			printf("  %s: %s\n", LT_TR("Biên bản họp Hội đồng", "Council minutes"),
			       v->minutes ? v->minutes : none);
			printf("  %s: %s\n", LT_TR("Ý kiến thẩm định", "Appraisal opinion"),
			       v->appraisal ? v->appraisal : none);
		}
		if (v->executed_at) {
			printf("  %s: %s, %s\n", LT_TR("Thực hiện hủy", "Executed"),
			       v->executed_by ? v->executed_by : none, v->executed_at);
			printf("  %s: %s\n", LT_TR("Bàn giao tài liệu hủy", "Hand-over"),
			       v->handover ? v->handover : none);
		}
		if (v->cancelled_at)
			printf("  %s: %s, %s — %s\n", LT_TR("Hủy bỏ", "Cancelled"),
			       v->cancelled_by ? v->cancelled_by : none, v->cancelled_at,
			       v->cancel_reason ? v->cancel_reason : none);
		if (v->has_report)
			printf(LT_TR("  Biên bản hủy: luutru dispose report %lld\n",
			             "  Destruction record: luutru dispose report %lld\n"),
			       (long long)v->id);
		printf(LT_TR("Hồ sơ (%zu):\n", "Dossiers (%zu):\n"), v->ndossiers);
		for (size_t i = 0; i < v->ndossiers; i++) {
			const lt_disposition_dossier *d = &v->dossiers[i];
			printf("  %-24s %4d  %-12s %-12s %s\n", d->file_code ? d->file_code : none,
			       d->year, d->retention ? d->retention : none,
			       d->status ? d->status : none, d->title ? d->title : "");
		}
	} else {
		if (n == 0)
			printf("%s\n", LT_TR("Không có danh sách tiêu hủy nào.",
			                     "There are no destruction lists."));
		for (size_t i = 0; i < n; i++)
			printf(LT_TR("%-5lld %-30s %3zu hồ sơ  lập %s bởi %s%s%s\n",
			             "%-5lld %-30s %3zu dossiers  proposed %s by %s%s%s\n"),
			       (long long)v[i].id, lt_disposition_state_label(v[i].state),
			       v[i].ndossiers, v[i].proposed_at, v[i].proposed_by,
			       v[i].decision_no ? LT_TR("  QĐ số ", "  decision ") : "",
			       v[i].decision_no ? v[i].decision_no : "");
	}
	lt_disposition_lists_free(v, n);
	return 0;
}

int lt_cmd_dispose(lt_cli *cli, int argc, char **argv)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_catalog *cat;
	lt_date day;
	opts o;
	const char *sub;
	int rc;

	if (lt_cli_wants_help(argc, argv)) {
		dispose_help();
		return 0;
	}
	if (parse("dispose", argc, argv, &o)) {
		opts_free(&o);
		return 2;
	}
	if (o.user)
		cli->user = o.user;
	sub = o.npos ? o.pos[0] : "";
	if (strcmp(sub, "candidates") && strcmp(sub, "propose") && strcmp(sub, "approve") &&
	    strcmp(sub, "execute") && strcmp(sub, "report") && strcmp(sub, "cancel") &&
	    strcmp(sub, "list") && strcmp(sub, "show")) {
		opts_free(&o);
		return lt_cli_usage_error(
		    "dispose", "%s",
		    LT_TR("cần lệnh con: candidates, propose, approve, execute, "
		          "report, cancel, list, show",
		          "a subcommand is needed: candidates, propose, approve, "
		          "execute, report, cancel, list, show"));
	}
	rc = day_of(&o, &day, &err);
	if (rc == 0)
		rc = lt_cli_open_archive(cli, &ar, 0, &err);
	if (rc == 0)
		o.user = lt_cli_who(ar);
	cat = ar ? lt_archive_catalog(ar) : NULL;
	if (rc == 0 && (strcmp(sub, "list") == 0 || strcmp(sub, "show") == 0)) {
		rc = dispose_read(cat, &o, &err);
		opts_free(&o);
		lt_archive_free(ar);
		return rc ? lt_cli_fail(&err) : 0;
	}
	if (rc == 0 && (strcmp(sub, "candidates") == 0 || (strcmp(sub, "propose") == 0 && o.all))) {
		rc = lt_disposition_candidates(&o.dossiers, &o.ndossiers, cat, &day, &err);
	} else if (rc == 0 && strcmp(sub, "propose") == 0) {
		o.dossiers = calloc(o.ndossiers ? o.ndossiers : 1, sizeof(int64_t));
		for (size_t i = 0; rc == 0 && i < o.ndossiers; i++)
			rc = lt_retention_dossier_ref(cat, o.dossier_refs[i], &o.dossiers[i], &err);
	}
	if (rc == 0 && strcmp(sub, "candidates") == 0) {
		json_t *arr = json_array();
		for (size_t i = 0; i < o.ndossiers; i++)
			json_array_append_new(arr, json_integer(o.dossiers[i]));
		if (o.json) {
			print_json(arr);
		} else {
			json_decref(arr);
			printf(
			    LT_TR("%zu hồ sơ đã hết hạn bảo quản có thể đưa vào danh sách tiêu hủy",
			          "%zu expired dossiers can be put on a destruction list"),
			    o.ndossiers);
			for (size_t i = 0; i < o.ndossiers; i++)
				printf("%s%lld", i ? ", " : ": ", (long long)o.dossiers[i]);
			printf("\n");
		}
	} else if (rc == 0 && strcmp(sub, "propose") == 0) {
		int64_t batch = 0;
		rc = lt_disposition_propose(&batch, cat, o.dossiers, o.ndossiers, o.reason, &day,
		                            &err);
		if (rc == 0 && o.json)
			print_json(json_pack("{s:I, s:I}", "listId", (json_int_t)batch, "dossiers",
			                     (json_int_t)o.ndossiers));
		else if (rc == 0)
			printf(
			    LT_TR("Đã lập danh sách tiêu hủy %lld (%zu hồ sơ); chờ người khác "
			          "duyệt.\n",
			          "Destruction list %lld created (%zu dossiers); awaiting approval "
			          "by someone else.\n"),
			    (long long)batch, o.ndossiers);
	} else if (rc == 0) {
		int64_t batch = o.npos >= 2 ? parse_id(o.pos[1]) : 0;
		if (!batch)
			rc = lt_error_set(&err, LT_EINVAL, "%s",
			                  LT_TR("cần số danh sách tiêu hủy",
			                        "a destruction list number is needed"));
		if (rc == 0 && strcmp(sub, "approve") == 0) {
			rc = lt_disposition_approve(cat, batch, o.decision, o.decision_date,
			                            o.minutes, o.appraisal, &err);
			if (rc == 0)
				printf(
				    LT_TR(
				        "Đã duyệt danh sách tiêu hủy %lld theo Quyết định số %s.\n",
				        "Destruction list %lld approved by decision %s.\n"),
				    (long long)batch, o.decision);
		} else if (rc == 0 && strcmp(sub, "execute") == 0) {
			char *html = NULL;
			size_t blobs = 0;
			rc = lt_disposition_execute(ar, batch, &day, o.handover, &html, &blobs,
			                            &err);
			if (rc == 0) {
				/* The index drops the destroyed text now; if this fails the
				 * outbox rows stay and the next sync applies them. */
				lt_error ierr = LT_ERROR_INIT;
				lt_pipeline_stats ps;
				if (lt_pipeline_drain(ar, &ps, &ierr) != 0)
					fprintf(stderr, "luutru: %s: %s\n",
					        LT_TR("chưa cập nhật được chỉ mục",
					              "index not updated yet"),
					        ierr.message);
			}
			if (rc == 0 && o.output)
				rc = write_html(o.output, html, &err);
			if (rc == 0 && o.json)
				print_json(json_pack("{s:I, s:I, s:s?}", "listId",
				                     (json_int_t)batch, "blobsRemoved",
				                     (json_int_t)blobs, "report", o.output));
			else if (rc == 0)
				printf(
				    LT_TR("Đã tiêu hủy theo danh sách %lld; xóa %zu tệp. Biên bản "
				          "hủy: %s\n",
				          "List %lld destroyed; %zu files removed. Destruction "
				          "record: %s\n"),
				    (long long)batch, blobs,
				    o.output
				        ? o.output
				        : LT_TR("luutru dispose report", "luutru dispose report"));
			free(html);
		} else if (rc == 0 && strcmp(sub, "cancel") == 0) {
			rc = lt_disposition_cancel(cat, batch, o.reason, &err);
			if (rc == 0 && o.json)
				print_json(json_pack("{s:I, s:s}", "listId", (json_int_t)batch,
				                     "state", "cancelled"));
			else if (rc == 0)
				printf(LT_TR("Đã hủy bỏ danh sách tiêu hủy %lld.\n",
				             "Destruction list %lld cancelled.\n"),
				       (long long)batch);
		} else if (rc == 0 && o.format && strcmp(o.format, "html") != 0) {
			/* The destruction record as PDF (or CSV): the same form. */
			lt_buf b = LT_BUF_INIT;
			rc = lt_disposition_report_form(&b, cat, batch, o.format, &err);
			if (rc == 0)
				rc = lt_cli_emit(&b, o.output, &err);
			lt_buf_free(&b);
		} else if (rc == 0) {
			char *html = NULL;
			rc = lt_disposition_report(&html, cat, batch, &err);
			if (rc == 0)
				rc = write_html(o.output, html, &err);
			free(html);
		}
	}
	opts_free(&o);
	lt_archive_free(ar);
	return rc ? lt_cli_fail(&err) : 0;
}

/* ---- luutru transfer ----------------------------------------------------- */

static void transfer_help(void)
{
	printf(
	    "%s",
	    LT_TR("Cách dùng:\n"
	          "  luutru transfer candidates [--date NGÀY] [--json]\n"
	          "  luutru transfer run (--dossier HỒ_SƠ ... | --all-due) --user TÊN -o THƯ_MỤC\n"
	          "                      [--receiver BÊN_NHẬN] [--date NGÀY] [--json]\n"
	          "  luutru transfer list [--dossier HỒ_SƠ | --record VĂN_BẢN] [--json]\n\n"
	          "Nộp lưu lịch sử hồ sơ vĩnh viễn đã ở lưu trữ cơ quan: lập gói nộp lưu\n"
	          "(BagIt, METS, SHA-256), mục lục hồ sơ nộp lưu và biên bản giao nhận trong\n"
	          "THƯ_MỤC; hồ sơ chuyển sang trạng thái transferred, siêu dữ liệu vẫn tìm được.\n"
	          "run --date NGÀY: nộp lưu tính đến ngày đó (đã giao nhận trước khi nhập vào\n"
	          "hệ thống): hồ sơ đến hạn tính đến ngày đó (--all-due), mục lục, biên bản giao\n"
	          "nhận và ngày nộp lưu của hồ sơ ghi ngày đó; không nhận ngày ở tương lai hoặc\n"
	          "trước ngày hồ sơ vào lưu trữ cơ quan.\n"
	          "list cho biết hồ sơ (hoặc hồ sơ chứa văn bản) đã nộp lưu nằm trong gói nào.\n",
	          "Usage:\n"
	          "  luutru transfer candidates [--date DATE] [--json]\n"
	          "  luutru transfer run (--dossier DOSSIER ... | --all-due) --user LOGIN -o DIR\n"
	          "                      [--receiver RECEIVER] [--date DATE] [--json]\n"
	          "  luutru transfer list [--dossier DOSSIER | --record RECORD] [--json]\n\n"
	          "Deposits permanent dossiers from the agency archive to the historical\n"
	          "archive: writes the package (BagIt, METS, SHA-256), the deposit list and the\n"
	          "hand-over record into DIR; the dossiers become transferred and their\n"
	          "metadata stays searchable. run --date DATE: the transfer as of that day\n"
	          "(handed over before it was entered): the dossiers due by then (--all-due),\n"
	          "the deposit list, the hand-over record and the dossiers' transfer date\n"
	          "carry that day; a future date, or one before a dossier entered the agency\n"
	          "archive, is refused. list tells which package a transferred dossier\n"
	          "(or the dossier holding a record) went into.\n"));
}

/* `transfer list`: the pointer from a transferred dossier or record to its
 * package. */
static int transfer_list(lt_catalog *cat, const opts *o, const char *record_ref, lt_error *err)
{
	lt_buf out = LT_BUF_INIT;
	int64_t dossier = 0, record = 0;
	json_t *arr = NULL, *v;
	size_t n = 0, i;
	int rc = 0;

	if (o->ndossiers > 1)
		rc = lt_error_set(err, LT_EINVAL, "%s",
		                  LT_TR("chỉ một --dossier", "only one --dossier"));
	if (rc == 0 && o->ndossiers == 1)
		rc = lt_retention_dossier_ref(cat, o->dossier_refs[0], &dossier, err);
	if (rc == 0 && record_ref)
		rc = lt_cli_record_id(cat, record_ref, &record, err);
	if (rc == 0)
		rc = lt_transfer_list(&out, cat, dossier, record, err);
	if (rc == 0) {
		arr = lt_ops_transfer_list_json(&out);
		n = json_array_size(arr);
	}
	if (rc == 0 && o->json) {
		print_json(arr);
		arr = NULL;
	}
	json_array_foreach(arr, i, v)
	{
		printf("%-32s %-20s %s  %s\n", json_string_value(json_object_get(v, "fileCode")),
		       json_string_value(json_object_get(v, "transferredAt")),
		       json_string_value(json_object_get(v, "package")),
		       json_string_value(json_object_get(v, "title")));
	}
	json_decref(arr);
	if (rc == 0 && !o->json && n == 0)
		printf("%s\n", LT_TR("Không có hồ sơ đã nộp lưu lịch sử phù hợp.",
		                     "No matching dossier has been transferred."));
	lt_buf_free(&out);
	return rc;
}

int lt_cmd_transfer(lt_cli *cli, int argc, char **argv)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_catalog *cat;
	lt_date day;
	const char *receiver = NULL, *record_ref = NULL;
	opts o;
	int rc;

	if (lt_cli_wants_help(argc, argv)) {
		transfer_help();
		return 0;
	}
	/* --receiver and --record are ours alone: take them out before the
	 * shared parser. */
	for (int i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "--receiver") == 0 || strcmp(argv[i], "--record") == 0) {
			*(strcmp(argv[i], "--receiver") == 0 ? &receiver : &record_ref) =
			    argv[i + 1];
			for (int j = i; j + 2 <= argc; j++)
				argv[j] = j + 2 < argc ? argv[j + 2] : NULL;
			argc -= 2;
			i--;
		}
	if (parse("transfer", argc, argv, &o)) {
		opts_free(&o);
		return 2;
	}
	if (o.user)
		cli->user = o.user;
	if (o.npos < 1 || (strcmp(o.pos[0], "candidates") && strcmp(o.pos[0], "run") &&
	                   strcmp(o.pos[0], "list"))) {
		opts_free(&o);
		return lt_cli_usage_error("transfer", "%s",
		                          LT_TR("cần lệnh con: candidates, run, list",
		                                "a subcommand is needed: candidates, run, list"));
	}
	if (strcmp(o.pos[0], "list") == 0) {
		rc = lt_cli_open_archive(cli, &ar, 0, &err);
		if (rc == 0)
			o.user = lt_cli_who(ar);
		if (rc == 0)
			rc = transfer_list(lt_archive_catalog(ar), &o, record_ref, &err);
		opts_free(&o);
		lt_archive_free(ar);
		return rc ? lt_cli_fail(&err) : 0;
	}
	if (strcmp(o.pos[0], "run") == 0 && !o.output) {
		opts_free(&o);
		return lt_cli_usage_error(
		    "transfer", "%s",
		    LT_TR("cần thư mục ra (-o THƯ_MỤC)", "an output directory is needed (-o DIR)"));
	}
	rc = day_of(&o, &day, &err);
	if (rc == 0)
		rc = lt_cli_open_archive(cli, &ar, 0, &err);
	if (rc == 0)
		o.user = lt_cli_who(ar);
	cat = ar ? lt_archive_catalog(ar) : NULL;
	if (rc == 0 && (strcmp(o.pos[0], "candidates") == 0 || o.all)) {
		rc = lt_transfer_candidates(&o.dossiers, &o.ndossiers, cat, &day, &err);
	} else if (rc == 0) {
		o.dossiers = calloc(o.ndossiers ? o.ndossiers : 1, sizeof(int64_t));
		for (size_t i = 0; rc == 0 && i < o.ndossiers; i++)
			rc = lt_retention_dossier_ref(cat, o.dossier_refs[i], &o.dossiers[i], &err);
	}
	if (rc == 0 && strcmp(o.pos[0], "candidates") == 0) {
		json_t *arr = json_array();
		for (size_t i = 0; i < o.ndossiers; i++)
			json_array_append_new(arr, json_integer(o.dossiers[i]));
		if (o.json) {
			print_json(arr);
		} else {
			json_decref(arr);
			printf(LT_TR("%zu hồ sơ vĩnh viễn đến hạn nộp lưu lịch sử",
			             "%zu permanent dossiers due for the historical archive"),
			       o.ndossiers);
			for (size_t i = 0; i < o.ndossiers; i++)
				printf("%s%lld", i ? ", " : ": ", (long long)o.dossiers[i]);
			printf("\n");
		}
	} else if (rc == 0) {
		lt_transfer_result res;
		int made_dir = !lt_fs_exists(o.output);
		/* --date: the candidates as of that day (--all-due) and the
		 * transfer's own date (its paperwork, transferred_at) */
		rc = lt_transfer_run_at(&res, ar, o.dossiers, o.ndossiers, o.user, receiver, o.date,
		                        o.output, &err);
		/* The user's files: the directory too when luutru made it. */
		if (rc == 0)
			rc = made_dir ? lt_fs_user_mode(o.output, &err)
			              : lt_fs_user_mode(res.package_path, &err) ||
			                    lt_fs_user_mode(res.list_path, &err) ||
			                    lt_fs_user_mode(res.handover_path, &err);
		if (rc == 0 && o.json)
			print_json(json_pack("{s:I, s:s, s:I, s:I, s:s, s:s, s:s}", "transferId",
			                     (json_int_t)res.transfer_id, "date", res.date,
			                     "dossiers", (json_int_t)res.dossiers, "files",
			                     (json_int_t)res.files, "package", res.package_path,
			                     "depositList", res.list_path, "handover",
			                     res.handover_path));
		else if (rc == 0) {
			char dmy[11] = "";
			if (lt_date_parse(&day, res.date, NULL) == 0)
				lt_date_format_dmy(&day, dmy);
			printf(LT_TR("Đã nộp lưu %zu hồ sơ (%zu tệp), ngày %s.\n  Gói: %s\n"
			             "  Mục lục: %s\n  Biên bản giao nhận: %s\n",
			             "Transferred %zu dossiers (%zu files) on %s.\n  Package: %s\n"
			             "  Deposit list: %s\n  Hand-over record: %s\n"),
			       res.dossiers, res.files, dmy, res.package_path, res.list_path,
			       res.handover_path);
		}
	}
	opts_free(&o);
	lt_archive_free(ar);
	return rc ? lt_cli_fail(&err) : 0;
}
