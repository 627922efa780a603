/*
 * service/cmd_link.c — `luutru link add|remove|list`: links between
 * records (archive/link.h). Also home of lt_cli_record_id(), the
 * record-reference resolver the record commands share.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archive/link.h"
#include "archive/record.h"
#include "service/cli.h"

int lt_cli_record_id(lt_catalog *cat, const char *ref, int64_t *id, lt_error *err)
{
	lt_record *rec = NULL;
	char *end;
	long long n;
	int rc;

	*id = 0;
	n = ref ? strtoll(ref, &end, 10) : 0;
	if (ref && *ref && !*end && n > 0) {
		rc = lt_record_load(&rec, cat, (int64_t)n, 0, err);
		if (rc != LT_ENOTFOUND) {
			if (rc == 0)
				*id = rec->id;
			lt_record_free(rec);
			return rc;
		}
	}
	if ((rc = lt_record_load_ref(&rec, cat, ref, 0, err)) != 0)
		return rc;
	*id = rec->id;
	lt_record_free(rec);
	return 0;
}

static void help(void)
{
	printf(
	    "%s",
	    LT_TR("Cách dùng:\n"
	          "  luutru link add TỪ LOẠI ĐẾN [--note GHI_CHÚ] [--user NGƯỜI] [--json]\n"
	          "  luutru link add TỪ --reply-to ĐẾN   (cũng --refers-to, --supersedes,\n"
	          "                                       --recalls, --attachment-of)\n"
	          "  luutru link remove TỪ LOẠI ĐẾN\n"
	          "  luutru link list VĂN_BẢN [--json]\n\n"
	          "Liên kết hai văn bản (TỪ → ĐẾN; mã là id, uid hoặc docId). LOẠI:\n"
	          "  reply_to       TỪ trả lời văn bản ĐẾN (văn bản đi trả lời văn bản đến)\n"
	          "  refers_to      TỪ dẫn chiếu ĐẾN\n"
	          "  supersedes     TỪ thay thế, đính chính ĐẾN\n"
	          "  recalls        TỪ thu hồi ĐẾN; văn bản đi bị thu hồi bị khóa, không sửa được\n"
	          "  attachment_of  TỪ là phụ lục của ĐẾN\n\n"
	          "Không liên kết văn bản với chính nó, không trùng, không tạo vòng trả lời\n"
	          "hoặc thay thế. 'link list' in liên kết theo cả hai chiều.\n",
	          "Usage:\n"
	          "  luutru link add FROM KIND TO [--note TEXT] [--user WHO] [--json]\n"
	          "  luutru link add FROM --reply-to TO  (also --refers-to, --supersedes,\n"
	          "                                       --recalls, --attachment-of)\n"
	          "  luutru link remove FROM KIND TO\n"
	          "  luutru link list RECORD [--json]\n\n"
	          "Link two records (FROM → TO; an id, uid or docId). KIND:\n"
	          "  reply_to       FROM answers TO (an outgoing reply to an incoming letter)\n"
	          "  refers_to      FROM cites TO\n"
	          "  supersedes     FROM replaces or corrects TO\n"
	          "  recalls        FROM recalls TO; a recalled outgoing record is frozen\n"
	          "  attachment_of  FROM is an attachment of TO\n\n"
	          "No self-links, no duplicates, no reply or supersede cycles. 'link list'\n"
	          "shows links in both directions.\n"));
}

static void print_json(json_t *j)
{
	lt_cli_print_json(j, JSON_INDENT(2));
	json_decref(j);
}

static json_t *record_brief(lt_catalog *cat, int64_t id)
{
	lt_record *rec = NULL;
	json_t *j;

	if (lt_record_load(&rec, cat, id, LT_RECORD_FILES, NULL) != 0)
		return json_pack("{s:I}", "id", (json_int_t)id);
	j = json_pack("{s:I, s:s, s:s?, s:s?, s:s?, s:s?, s:s}", "id", (json_int_t)id, "uid",
	              rec->uid, "kind", rec->values[LT_F_KIND], "codeNumber",
	              rec->values[LT_F_CODE_NUMBER], "codeNotation",
	              rec->values[LT_F_CODE_NOTATION], "issuedDate", rec->values[LT_F_ISSUED_DATE],
	              "title", lt_record_display_title(rec));
	lt_record_free(rec);
	return j;
}

/* [id] số/ký hiệu · title */
static void print_brief(lt_catalog *cat, int64_t id)
{
	lt_record *rec = NULL;

	if (lt_record_load(&rec, cat, id, LT_RECORD_FILES, NULL) != 0) {
		printf("[%lld]", (long long)id);
		return;
	}
	printf("[%lld]", (long long)id);
	if (rec->values[LT_F_CODE_NUMBER] || rec->values[LT_F_CODE_NOTATION])
		printf(" %s%s%s",
		       rec->values[LT_F_CODE_NUMBER] ? rec->values[LT_F_CODE_NUMBER] : "",
		       rec->values[LT_F_CODE_NUMBER] && rec->values[LT_F_CODE_NOTATION] ? "/" : "",
		       rec->values[LT_F_CODE_NOTATION] ? rec->values[LT_F_CODE_NOTATION] : "");
	printf(" %s", lt_record_display_title(rec));
	lt_record_free(rec);
}

json_t *lt_cli_links_json(lt_catalog *cat, const lt_link_list *links, int64_t self)
{
	json_t *a = json_array();

	for (size_t i = 0; i < links->n; i++) {
		const lt_link *l = &links->items[i];
		int reverse = l->to_id == self;
		json_array_append_new(
		    a,
		    json_pack("{s:I, s:s, s:s, s:s, s:o, s:s?, s:s?, s:s?}", "id",
		              (json_int_t)l->id, "kind", lt_link_kind_name(l->kind), "direction",
		              reverse ? "in" : "out", "label", lt_link_kind_label(l->kind, reverse),
		              "record", record_brief(cat, reverse ? l->from_id : l->to_id), "note",
		              l->note, "createdBy", l->created_by, "createdAt", l->created_at));
	}
	return a;
}

void lt_cli_links_print(lt_catalog *cat, const lt_link_list *links, int64_t self)
{
	for (size_t i = 0; i < links->n; i++) {
		const lt_link *l = &links->items[i];
		int reverse = l->to_id == self;
		printf("  #%lld  %s ", (long long)l->id, lt_link_kind_label(l->kind, reverse));
		print_brief(cat, reverse ? l->from_id : l->to_id);
		if (l->note)
			printf("  (%s)", l->note);
		printf("\n");
	}
}

/* FROM KIND TO, or FROM --kind TO, from args[0..n). */
static int parse_triple(const char *cmd, char **args, int n, const char **from, lt_link_kind *kind,
                        const char **to)
{
	lt_error err = LT_ERROR_INIT;

	if (n != 3)
		return lt_cli_usage_error(cmd, "%s",
		                          LT_TR("cần TỪ LOẠI ĐẾN, ví dụ: 12 reply_to 7",
		                                "FROM KIND TO is needed, e.g. 12 reply_to 7"));
	*from = args[0];
	*to = args[2];
	if (lt_link_kind_parse(kind, args[1], &err) != 0)
		return lt_cli_usage_error(cmd, "%s", err.message);
	return 0;
}

int lt_cmd_link(lt_cli *cli, int argc, char **argv)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_catalog *cat;
	lt_link_list *links = NULL;
	const char *sub, *note = NULL, *who = NULL, *from = NULL, *to = NULL;
	char **pos;
	int npos = 0, json = 0, exit_code = 0;
	lt_link_kind kind = LT_LINK_REFERS_TO;
	int64_t from_id = 0, to_id = 0, link_id = 0;

	if (lt_cli_wants_help(argc, argv) || argc < 2) {
		if (argc < 2) {
			help();
			return 2;
		}
		help();
		return 0;
	}
	sub = argv[1];
	pos = calloc((size_t)argc, sizeof(*pos));
	if (!pos)
		return 1;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		lt_link_kind k;
		if (strcmp(a, "--json") == 0) {
			json = 1;
		} else if (strcmp(a, "--note") == 0 || strcmp(a, "--user") == 0) {
			if (i + 1 >= argc) {
				exit_code = lt_cli_usage_error(
				    "link", LT_TR("%s cần một giá trị", "%s needs a value"), a);
				goto done;
			}
			if (a[2] == 'n')
				note = argv[++i];
			else
				cli->user = argv[++i];
		} else if (a[0] == '-' && a[1] == '-' && lt_link_kind_parse(&k, a, NULL) == 0) {
			/* --reply-to TO: the kind in the middle of the triple. */
			pos[npos++] = (char *)lt_link_kind_name(k);
		} else if (a[0] == '-' && a[1]) {
			exit_code = lt_cli_usage_error(
			    "link", LT_TR("tùy chọn không hợp lệ: %s", "invalid option: %s"), a);
			goto done;
		} else {
			pos[npos++] = argv[i];
		}
	}
	if (strcmp(sub, "add") != 0 && strcmp(sub, "remove") != 0 && strcmp(sub, "list") != 0) {
		exit_code =
		    lt_cli_usage_error("link",
		                       LT_TR("lệnh con không rõ: %s (add, remove hoặc list)",
		                             "unknown subcommand: %s (add, remove or list)"),
		                       sub);
		goto done;
	}
	if (strcmp(sub, "list") == 0) {
		if (npos != 1) {
			exit_code = lt_cli_usage_error(
			    "link", "%s",
			    LT_TR("cần đúng một văn bản", "exactly one record is needed"));
			goto done;
		}
	} else if ((exit_code = parse_triple("link", pos, npos, &from, &kind, &to)) != 0) {
		goto done;
	}
	if (lt_cli_open_archive(cli, &ar, strcmp(sub, "list") == 0 ? LT_ARCHIVE_READONLY : 0,
	                        &err) != LT_OK) {
		exit_code = lt_cli_fail(&err);
		goto done;
	}
	who = lt_cli_who(ar);
	cat = lt_archive_catalog(ar);
	if (strcmp(sub, "list") == 0) {
		if (lt_cli_record_id(cat, pos[0], &from_id, &err) != 0 ||
		    lt_link_list_load(&links, cat, from_id, &err) != 0) {
			exit_code = lt_cli_fail(&err);
			goto done;
		}
		if (json) {
			print_json(json_pack("{s:I, s:o}", "id", (json_int_t)from_id, "links",
			                     lt_cli_links_json(cat, links, from_id)));
		} else {
			printf(LT_TR("Liên kết của văn bản %lld: %zu\n",
			             "Links of record %lld: %zu\n"),
			       (long long)from_id, links->n);
			lt_cli_links_print(cat, links, from_id);
		}
		goto done;
	}
	if (lt_cli_record_id(cat, from, &from_id, &err) != 0 ||
	    lt_cli_record_id(cat, to, &to_id, &err) != 0) {
		exit_code = lt_cli_fail(&err);
		goto done;
	}
	if (strcmp(sub, "add") == 0) {
		if (lt_link_add(&link_id, cat, from_id, to_id, kind, note, who, &err) != 0) {
			exit_code = lt_cli_fail(&err);
			goto done;
		}
		if (json)
			print_json(json_pack("{s:I, s:I, s:I, s:s}", "id", (json_int_t)link_id,
			                     "from", (json_int_t)from_id, "to", (json_int_t)to_id,
			                     "kind", lt_link_kind_name(kind)));
		else
			printf(LT_TR("Đã liên kết #%lld: văn bản %lld %s văn bản %lld\n",
			             "Linked #%lld: record %lld %s record %lld\n"),
			       (long long)link_id, (long long)from_id, lt_link_kind_label(kind, 0),
			       (long long)to_id);
	} else {
		if (lt_link_remove(cat, from_id, to_id, kind, who, &err) != 0) {
			exit_code = lt_cli_fail(&err);
			goto done;
		}
		if (json)
			print_json(json_pack("{s:I, s:I, s:s, s:b}", "from", (json_int_t)from_id,
			                     "to", (json_int_t)to_id, "kind",
			                     lt_link_kind_name(kind), "removed", 1));
		else
			printf(LT_TR("Đã gỡ liên kết: văn bản %lld %s văn bản %lld\n",
			             "Removed link: record %lld %s record %lld\n"),
			       (long long)from_id, lt_link_kind_label(kind, 0), (long long)to_id);
	}
done:
	lt_link_list_free(links);
	lt_archive_free(ar);
	free(pos);
	return exit_code;
}
