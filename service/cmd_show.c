/* service/cmd_show.c — `luutru show ID [--json]`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archive/archive.h"
#include "archive/fields.h"
#include "archive/fixity.h"
#include "archive/link.h"
#include "archive/record.h"
#include "archive/task.h"
#include "archive/tracking.h"
#include "core/date.h"
#include "core/text.h"
#include "service/cli.h"

static void help(void)
{
	printf(
	    "%s",
	    LT_TR(
	        "Cách dùng: luutru show ID [--history] [--depth N] [--json]\n\n"
	        "In một văn bản: siêu dữ liệu, chuỗi văn bản (văn bản đến → giao việc →\n"
	        "văn bản trả lời → thay thế, thu hồi...), tệp lưu trữ và nội dung từng trang.\n"
	        "ID là số thứ tự (id), mã uid, hoặc mã định danh văn bản (docId).\n\n"
	        "  --history  in cả lịch sử sửa siêu dữ liệu\n"
	        "  --depth N  số tầng tối đa của chuỗi văn bản (1–50, mặc định 6)\n"
	        "  --json     thêm các khóa \"links\", \"tasks\", \"chain\" (và \"history\")\n",
	        "Usage: luutru show ID [--history] [--depth N] [--json]\n\n"
	        "Print one record: metadata, its chain (incoming letter → tasks → reply →\n"
	        "supersedes, recalls...), stored files and the text of each page.\n"
	        "ID is the numeric id, the uid, or the document identifier (docId).\n\n"
	        "  --history  also print the metadata edit history\n"
	        "  --depth N  deepest level of the chain (1–50, default 6)\n"
	        "  --json     adds the keys \"links\", \"tasks\", \"chain\" (and \"history\")\n"));
}

static int load(lt_catalog *cat, const char *ref, lt_record **rec, lt_error *err)
{
	const unsigned what = LT_RECORD_PAGES | LT_RECORD_FILES;
	char *end;
	long long id = strtoll(ref, &end, 10);

	if (*ref && !*end && id > 0) {
		int rc = lt_record_load(rec, cat, (int64_t)id, what, err);
		if (rc != LT_ENOTFOUND)
			return rc;
	}
	return lt_record_load_ref(rec, cat, ref, what, err);
}

static json_t *record_json(const lt_record *r)
{
	size_t n;
	const lt_field_def *fields = lt_fields_all(&n);
	json_t *meta = json_object(), *files = json_array(), *pages = json_array();

	for (size_t i = 0; i < n; i++) {
		const char *v = r->values[fields[i].id];
		if (v)
			json_object_set_new(meta, fields[i].tag, json_string(v));
	}
	for (size_t i = 0; i < r->nfiles; i++) {
		const lt_record_file *f = &r->files[i];
		json_array_append_new(files, json_pack("{s:s, s:s, s:s, s:s?, s:I, s:s?}", "sha256",
		                                       f->sha256, "role", f->role, "mediaType",
		                                       f->media_type, "name", f->name, "size",
		                                       (json_int_t)f->size, "damage", f->damage));
	}
	for (size_t i = 0; i < r->npages; i++) {
		const lt_record_page *p = &r->pages[i];
		json_array_append_new(pages, json_pack("{s:i, s:s, s:f, s:i, s:f, s:i}", "page",
		                                       p->page_no, "text", p->text ? p->text : "",
		                                       "confidence", p->confidence, "dpi", p->dpi,
		                                       "skew", p->skew, "rotation", p->rotation));
	}
	return json_pack("{s:I, s:s, s:s, s:i, s:i, s:s?, s:s?, s:o, s:o, s:o}", "id",
	                 (json_int_t)r->id, "uid", r->uid, "title", lt_record_display_title(r),
	                 "secrecy", r->secrecy, "pageCount", r->page_count, "status", r->status,
	                 "createdAt", r->created_at, "metadata", meta, "files", files, "pages",
	                 pages);
}

/* ---- the chain, links and tasks (archive/tracking.h) -------------------- */

typedef struct show_extra {
	lt_link_list *links;
	lt_task_list *tasks;
	lt_chain *chain;
	lt_history *history; /* only with --history */
} show_extra;

static void extra_free(show_extra *x)
{
	lt_link_list_free(x->links);
	lt_task_list_free(x->tasks);
	lt_chain_free(x->chain);
	lt_history_free(x->history);
}

static int extra_load(show_extra *x, lt_catalog *cat, int64_t id, int depth, int history,
                      lt_error *err)
{
	lt_task_filter f = LT_TASK_FILTER_INIT;

	f.record = id;
	if (lt_link_list_load(&x->links, cat, id, err) != 0 ||
	    lt_task_list_load(&x->tasks, cat, &f, err) != 0 ||
	    lt_chain_load(&x->chain, cat, id, depth, err) != 0)
		return err ? err->code : LT_ERR;
	if (history && lt_history_load(&x->history, cat, id, err) != 0)
		return err ? err->code : LT_ERR;
	return 0;
}

static const char *via_name(const lt_chain_item *it)
{
	switch (it->via) {
	case LT_CHAIN_ROOT: return "root";
	case LT_CHAIN_TASK: return "task";
	case LT_CHAIN_REPLY: return "reply";
	default: return "link";
	}
}

/* The subtree at items[*i] (pre-order with depths) as nested JSON. */
static json_t *chain_node(const lt_chain *c, size_t *i)
{
	const lt_chain_item *it = &c->items[*i];
	json_t *node, *children = json_array();

	if (it->via == LT_CHAIN_TASK) {
		node = json_pack("{s:s, s:o}", "via", "task", "task", lt_cli_task_json(it->task));
	} else {
		node = json_pack("{s:s, s:I, s:s, s:s?, s:s?, s:s?, s:s?, s:s, s:b, s:b}", "via",
		                 via_name(it), "id", (json_int_t)it->record_id, "uid", it->uid,
		                 "kind", it->kind, "codeNumber", it->number, "codeNotation",
		                 it->notation, "issuedDate", it->issued_date, "title", it->title,
		                 "start", it->is_start, "truncated", it->truncated);
		if (it->via == LT_CHAIN_LINK) {
			json_object_set_new(node, "relation",
			                    json_string(lt_link_kind_name(it->link_kind)));
			json_object_set_new(node, "direction",
			                    json_string(it->reverse ? "in" : "out"));
		}
	}
	(*i)++;
	while (*i < c->n && c->items[*i].depth > it->depth)
		json_array_append_new(children, chain_node(c, i));
	json_object_set_new(node, "children", children);
	return node;
}

static void add_extra_json(json_t *j, lt_catalog *cat, int64_t id, const show_extra *x)
{
	json_t *tasks = json_array();
	size_t i = 0;

	for (size_t k = 0; k < x->tasks->n; k++)
		json_array_append_new(tasks, lt_cli_task_json(&x->tasks->items[k]));
	json_object_set_new(j, "links", lt_cli_links_json(cat, x->links, id));
	json_object_set_new(j, "tasks", tasks);
	json_object_set_new(j, "chain", x->chain->n ? chain_node(x->chain, &i) : json_null());
	if (x->history)
		json_object_set_new(j, "history", lt_cli_history_json(x->history));
}

static void print_chain(const lt_chain *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const lt_chain_item *it = &c->items[i];
		const char *kind_label;
		char indent[128];
		int w = 2 + 4 * it->depth;

		snprintf(indent, sizeof(indent), "%*s", w > 100 ? 100 : w, "");
		if (it->via == LT_CHAIN_TASK) {
			printf("%s%s ", indent, LT_TR("giao việc", "task"));
			lt_cli_task_print(it->task, "");
			continue;
		}
		printf("%s", indent);
		if (it->via == LT_CHAIN_LINK)
			printf("%s → ", lt_link_kind_label(it->link_kind, it->reverse));
		else if (it->via == LT_CHAIN_REPLY)
			printf("%s → ", LT_TR("văn bản trả lời", "reply"));
		printf("[%lld]", (long long)it->record_id);
		kind_label = it->kind ? lt_codelist_label("kind", it->kind) : NULL;
		if (kind_label)
			printf(" %s", kind_label);
		if (it->number || it->notation)
			printf(" %s%s%s", it->number ? it->number : "",
			       it->number && it->notation ? "/" : "",
			       it->notation ? it->notation : "");
		if (it->issued_date) {
			lt_date d;
			char dmy[11];
			if (lt_date_parse_iso(&d, it->issued_date, NULL) == 0) {
				lt_date_format_dmy(&d, dmy);
				printf(LT_TR(" ngày %s", " of %s"), dmy);
			}
		}
		printf(" · %s%s%s\n", it->title, it->truncated ? " …" : "",
		       it->is_start ? "  ◀" : "");
	}
}

static void print_extra(lt_catalog *cat, int64_t id, const show_extra *x)
{
	if (x->chain->n > 1 || x->tasks->n) {
		printf("\n%s\n", LT_TR("Chuỗi văn bản:", "Chain:"));
		print_chain(x->chain);
	}
	if (x->links->n) {
		printf("\n%s\n", LT_TR("Liên kết:", "Links:"));
		lt_cli_links_print(cat, x->links, id);
	}
	if (x->history) {
		printf("\n%s\n", LT_TR("Lịch sử sửa:", "Edit history:"));
		if (!x->history->n)
			printf("  %s\n", LT_TR("(chưa sửa lần nào)", "(never edited)"));
		lt_cli_history_print(x->history);
	}
}

static void print_record(const lt_record *r, lt_catalog *cat, const show_extra *x)
{
	size_t n;
	const lt_field_def *fields = lt_fields_all(&n);

	printf("%s\n", lt_record_display_title(r));
	printf("  %-32s %lld\n", "id", (long long)r->id);
	printf("  %-32s %s\n", "uid", r->uid);
	for (size_t i = 0; i < n; i++) {
		const char *v = r->values[fields[i].id];
		const char *label;
		if (!v)
			continue;
		label = fields[i].codelist ? lt_codelist_label(fields[i].codelist, v) : NULL;
		/* %-32s counts bytes; pad by hand so Vietnamese labels line up. */
		printf("  %s", lt_field_label(&fields[i]));
		for (int pad = 32 - (int)lt_text_length(lt_field_label(&fields[i]), (size_t)-1);
		     pad > 0; pad--)
			putchar(' ');
		printf(" %s%s%s%s\n", v, label ? " (" : "", label ? label : "", label ? ")" : "");
	}
	print_extra(cat, r->id, x);
	printf("\n%s\n", LT_TR("Tệp lưu trữ:", "Stored files:"));
	for (size_t i = 0; i < r->nfiles; i++) {
		const lt_record_file *f = &r->files[i];
		printf("  %s  %s  %s  %llu B  %s\n", f->role, f->media_type,
		       f->name ? f->name : "-", (unsigned long long)f->size, f->sha256);
		/* marked by a read that found it damaged (archive/fixity.h) */
		if (f->damage)
			printf(
			    LT_TR("    !! TỆP HỎNG: %s — không giao tệp này; khôi phục từ bộ sao "
			          "lưu (docs/backup.md)\n",
			          "    !! DAMAGED: %s — this file is not handed out; restore it "
			          "from a backup set (docs/backup.md)\n"),
			    lt_blob_damage_text(lt_blob_damage_parse(f->damage)));
	}
	for (size_t i = 0; i < r->npages; i++) {
		const lt_record_page *p = &r->pages[i];
		printf(LT_TR("\n--- Trang %d (độ tin cậy %.0f%%) ---\n%s\n",
		             "\n--- Page %d (confidence %.0f%%) ---\n%s\n"),
		       p->page_no, p->confidence, p->text ? p->text : "");
	}
}

int lt_cmd_show(lt_cli *cli, int argc, char **argv)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_record *rec = NULL;
	const char *ref = NULL;
	int json = 0, exit_code = 0, history = 0;
	size_t depth = LT_CHAIN_DEPTH_DEFAULT;
	show_extra extra = {NULL, NULL, NULL, NULL};

	if (lt_cli_wants_help(argc, argv)) {
		help();
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--history") == 0)
			history = 1;
		else if (strcmp(argv[i], "--depth") == 0) {
			if (lt_cli_parse_size("show", "--depth", i + 1 < argc ? argv[i + 1] : NULL,
			                      1, 50, &depth))
				return 2;
			i++;
		} else if (argv[i][0] == '-' && argv[i][1])
			return lt_cli_usage_error(
			    "show", LT_TR("tùy chọn không hợp lệ: %s", "invalid option: %s"),
			    argv[i]);
		else if (ref)
			return lt_cli_usage_error(
			    "show", LT_TR("thừa tham số: %s", "unexpected argument: %s"), argv[i]);
		else
			ref = argv[i];
	}
	if (!ref)
		return lt_cli_usage_error("show", "%s",
		                          LT_TR("cần ID văn bản", "a record ID is needed"));
	if (lt_cli_open_archive(cli, &ar, 0, &err) != LT_OK ||
	    load(lt_archive_catalog(ar), ref, &rec, &err) != LT_OK ||
	    extra_load(&extra, lt_archive_catalog(ar), rec->id, (int)depth, history, &err) != 0 ||
	    lt_cli_audit(ar, "view", rec->uid, NULL, &err) != LT_OK) {
		exit_code = lt_cli_fail(&err);
		goto done;
	}
	/* The files are re-hashed (one record's: milliseconds), so what is
	 * listed as stored is known to be intact or shown as damaged. */
	if (lt_fixity_check_record(ar, rec, 1, "cli", "show") > 0)
		fprintf(stderr, "%s\n",
		        LT_TR("luutru: cảnh báo: có tệp lưu trữ bị hỏng (xem danh sách tệp)",
		              "luutru: warning: a stored file is damaged (see the list of files)"));
	if (json) {
		json_t *j = record_json(rec);
		add_extra_json(j, lt_archive_catalog(ar), rec->id, &extra);
		lt_cli_print_json(j, JSON_INDENT(2));
		json_decref(j);
	} else {
		print_record(rec, lt_archive_catalog(ar), &extra);
	}
done:
	extra_free(&extra);
	lt_record_free(rec);
	lt_archive_free(ar);
	return exit_code;
}
