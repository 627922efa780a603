/*
 * service/cmd_edit.c — `luutru edit RECORD --set KEY=VALUE...` and
 * `luutru history RECORD`: change metadata with a history of who changed
 * what from what to what (lt_record_update_fields), then bring the search
 * index up to date so a search finds the new values at once.
 *
 * lt_record_update_fields() makes the edit all or nothing: every field
 * name and value (lt_field_normalize), the number/notation pair as it will
 * be when the edit sets either (rule 6, lt_notation_check) and the freeze
 * of a recalled outgoing
 * record (rule 14) are checked, then all fields are written in one
 * transaction with their history rows. So bad input changes nothing, and
 * neither does a catalog failure half-way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archive/fields.h"
#include "archive/notation.h"
#include "archive/record.h"
#include "archive/tracking.h"
#include "service/cli.h"
#include "service/pipeline.h"

static void help_edit(void)
{
	printf(
	    "%s",
	    LT_TR("Cách dùng: luutru edit VĂN_BẢN --set KHÓA=GIÁ_TRỊ... [--user NGƯỜI] [--json]\n\n"
	          "Sửa siêu dữ liệu một văn bản (id, uid hoặc docId). KHÓA là tên trường chuẩn\n"
	          "như khi nhập (subject, codeNumber, codeNotation, dueDate, ...); GIÁ_TRỊ rỗng\n"
	          "là xóa. Mỗi thay đổi được ghi lịch sử (ai, khi nào, cũ → mới): xem\n"
	          "'luutru history VĂN_BẢN' hoặc 'luutru show VĂN_BẢN --history'.\n\n"
	          "Số và ký hiệu được kiểm tra theo NĐ 30 (ví dụ codeNumber=05,\n"
	          "codeNotation=QĐ-UBND); ký hiệu không khớp tên loại chỉ là cảnh báo.\n"
	          "Văn bản đi đã bị thu hồi bị khóa, không sửa được.\n",
	          "Usage: luutru edit RECORD --set KEY=VALUE... [--user WHO] [--json]\n\n"
	          "Change the metadata of a record (id, uid or docId). KEY is a standard tag as\n"
	          "for ingest (subject, codeNumber, codeNotation, dueDate, ...); an empty VALUE\n"
	          "unsets it. Every change is kept in the history (who, when, old → new): see\n"
	          "'luutru history RECORD' or 'luutru show RECORD --history'.\n\n"
	          "Number and notation are checked against NĐ 30 (e.g. codeNumber=05,\n"
	          "codeNotation=QĐ-UBND); a notation not matching the type is a warning only.\n"
	          "A recalled outgoing record is frozen and cannot be changed.\n"));
}

static void help_history(void)
{
	printf("%s", LT_TR("Cách dùng: luutru history VĂN_BẢN [--json]\n\n"
	                   "In lịch sử sửa siêu dữ liệu: thời điểm, người sửa, trường, cũ → mới.\n",
	                   "Usage: luutru history RECORD [--json]\n\n"
	                   "Print the metadata edit history: when, who, field, old → new.\n"));
}

static void print_json(json_t *j)
{
	lt_cli_print_json(j, JSON_INDENT(2));
	json_decref(j);
}

json_t *lt_cli_history_json(const lt_history *h)
{
	json_t *a = json_array();

	for (size_t i = 0; i < h->n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s?, s:s?, s:s?, s:s?}", "field",
		                                   h->items[i].field, "old", h->items[i].old_value,
		                                   "new", h->items[i].new_value, "who",
		                                   h->items[i].who, "at", h->items[i].at));
	return a;
}

void lt_cli_history_print(const lt_history *h)
{
	for (size_t i = 0; i < h->n; i++) {
		const lt_history_entry *e = &h->items[i];
		const lt_field_def *f = lt_field_find(e->field);
		printf("  %s  %s  %s (%s): ", e->at ? e->at : "", e->who ? e->who : "",
		       f ? lt_field_label(f) : e->field, e->field);
		if (e->old_value)
			printf("\"%s\"", e->old_value);
		else
			printf("%s", LT_TR("(trống)", "(empty)"));
		printf(" → ");
		if (e->new_value)
			printf("\"%s\"\n", e->new_value);
		else
			printf("%s\n", LT_TR("(trống)", "(empty)"));
	}
}

typedef struct edit_set {
	const lt_field_def *f;
	const char *value;
} edit_set;

int lt_cmd_edit(lt_cli *cli, int argc, char **argv)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_catalog *cat;
	lt_record *before = NULL, *after = NULL;
	lt_buf finding = LT_BUF_INIT;
	edit_set *sets = NULL;
	size_t nsets = 0;
	const char *ref = NULL, *who = NULL;
	int json = 0, exit_code = 0;
	int64_t id;
	json_t *warnings = json_array(), *changes = json_array();

	if (lt_cli_wants_help(argc, argv)) {
		help_edit();
		goto done;
	}
	sets = calloc((size_t)argc, sizeof(*sets));
	if (!sets) {
		exit_code = 1;
		goto done;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--json") == 0) {
			json = 1;
		} else if (strcmp(a, "--set") == 0 || strcmp(a, "--user") == 0) {
			char *eq;
			if (i + 1 >= argc) {
				exit_code = lt_cli_usage_error(
				    "edit", LT_TR("%s cần một giá trị", "%s needs a value"), a);
				goto done;
			}
			if (a[2] == 'u') {
				cli->user = argv[++i];
				continue;
			}
			eq = strchr(argv[++i], '=');
			if (!eq || eq == argv[i]) {
				exit_code = lt_cli_usage_error(
				    "edit",
				    LT_TR("--set cần dạng KHÓA=GIÁ_TRỊ, không phải '%s'",
				          "--set needs KEY=VALUE, not '%s'"),
				    argv[i]);
				goto done;
			}
			*eq = '\0';
			sets[nsets].f = lt_field_find(argv[i]);
			sets[nsets].value = eq + 1;
			if (!sets[nsets].f) {
				exit_code = lt_cli_usage_error(
				    "edit",
				    LT_TR("trường không xác định: \"%s\"", "unknown field: \"%s\""),
				    argv[i]);
				goto done;
			}
			for (size_t k = 0; k < nsets; k++)
				if (sets[k].f == sets[nsets].f) {
					exit_code =
					    lt_cli_usage_error("edit",
					                       LT_TR("trường %s được đặt hai lần",
					                             "field %s is set twice"),
					                       sets[nsets].f->tag);
					goto done;
				}
			nsets++;
		} else if (a[0] == '-' && a[1]) {
			exit_code = lt_cli_usage_error(
			    "edit", LT_TR("tùy chọn không hợp lệ: %s", "invalid option: %s"), a);
			goto done;
		} else if (ref) {
			exit_code = lt_cli_usage_error(
			    "edit", LT_TR("thừa tham số: %s", "unexpected argument: %s"), a);
			goto done;
		} else {
			ref = a;
		}
	}
	if (!ref || nsets == 0) {
		exit_code =
		    lt_cli_usage_error("edit", "%s",
		                       !ref ? LT_TR("cần mã văn bản", "a record is needed")
		                            : LT_TR("cần ít nhất một --set KHÓA=GIÁ_TRỊ",
		                                    "at least one --set KEY=VALUE is needed"));
		goto done;
	}
	if (lt_cli_open_archive(cli, &ar, 0, &err) != LT_OK) {
		exit_code = lt_cli_fail(&err);
		goto done;
	}
	cat = lt_archive_catalog(ar);
	who = lt_cli_who(ar);
	if (lt_cli_record_id(cat, ref, &id, &err) != 0 ||
	    lt_record_load(&before, cat, id, 0, &err) != 0) {
		exit_code = lt_cli_fail(&err);
		goto done;
	}
	/* All or nothing: lt_record_update_fields() validates every value and
	 * the number/notation pair before it writes any. */
	{
		lt_field_set *fs = calloc(nsets, sizeof(*fs));
		int rc;
		if (!fs) {
			exit_code = 1;
			goto done;
		}
		for (size_t i = 0; i < nsets; i++) {
			fs[i].tag = sets[i].f->tag;
			fs[i].value = sets[i].value;
		}
		rc = lt_record_update_fields(cat, id, fs, nsets, who, NULL, &err);
		free(fs);
		if (rc != 0) {
			exit_code = lt_cli_fail(&err);
			goto done;
		}
	}
	if (lt_record_load(&after, cat, id, 0, &err) != 0) {
		exit_code = lt_cli_fail(&err);
		goto done;
	}
	/* A notation not matching the type is a warning only (rule 6). */
	if (lt_notation_type_finding(after->values[LT_F_CODE_NOTATION],
	                             after->values[LT_F_TYPE_NAME], &finding) == 1)
		json_array_append_new(warnings, json_string(lt_buf_cstr(&finding)));
	for (size_t i = 0; i < nsets; i++) {
		const char *o = before->values[sets[i].f->id], *nv = after->values[sets[i].f->id];
		if ((!o && !nv) || (o && nv && strcmp(o, nv) == 0))
			continue;
		json_array_append_new(changes, json_pack("{s:s, s:s?, s:s?}", "field",
		                                         sets[i].f->tag, "old", o, "new", nv));
	}
	/* The update queued index_outbox rows: apply them now. */
	{
		lt_pipeline_stats st;
		if (lt_pipeline_drain(ar, &st, &err) != LT_OK)
			exit_code = lt_cli_fail(&err);
	}
	for (size_t i = 0; i < json_array_size(warnings); i++)
		fprintf(stderr, "%s: %s\n", LT_TR("luutru: cảnh báo", "luutru: warning"),
		        json_string_value(json_array_get(warnings, i)));
	if (json) {
		print_json(json_pack("{s:I, s:s, s:O, s:O}", "id", (json_int_t)id, "uid",
		                     after->uid, "changes", changes, "warnings", warnings));
	} else {
		printf(LT_TR("Văn bản %lld: %zu trường thay đổi\n",
		             "Record %lld: %zu fields changed\n"),
		       (long long)id, json_array_size(changes));
		for (size_t i = 0; i < json_array_size(changes); i++) {
			json_t *c = json_array_get(changes, i);
			const char *o = json_string_value(json_object_get(c, "old"));
			const char *nv = json_string_value(json_object_get(c, "new"));
			printf("  %s: %s%s%s → %s%s%s\n",
			       json_string_value(json_object_get(c, "field")), o ? "\"" : "",
			       o ? o : LT_TR("(trống)", "(empty)"), o ? "\"" : "", nv ? "\"" : "",
			       nv ? nv : LT_TR("(trống)", "(empty)"), nv ? "\"" : "");
		}
	}
done:
	json_decref(warnings);
	json_decref(changes);
	lt_record_free(before);
	lt_record_free(after);
	lt_buf_free(&finding);
	free(sets);
	lt_archive_free(ar);
	return exit_code;
}

int lt_cmd_history(lt_cli *cli, int argc, char **argv)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_history *h = NULL;
	const char *ref = NULL;
	int json = 0, exit_code = 0;
	int64_t id;

	if (lt_cli_wants_help(argc, argv)) {
		help_history();
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (argv[i][0] == '-' && argv[i][1])
			return lt_cli_usage_error(
			    "history", LT_TR("tùy chọn không hợp lệ: %s", "invalid option: %s"),
			    argv[i]);
		else if (ref)
			return lt_cli_usage_error(
			    "history", LT_TR("thừa tham số: %s", "unexpected argument: %s"),
			    argv[i]);
		else
			ref = argv[i];
	}
	if (!ref)
		return lt_cli_usage_error("history", "%s",
		                          LT_TR("cần mã văn bản", "a record is needed"));
	if (lt_cli_open_archive(cli, &ar, LT_ARCHIVE_READONLY, &err) != LT_OK ||
	    lt_cli_record_id(lt_archive_catalog(ar), ref, &id, &err) != 0 ||
	    lt_history_load(&h, lt_archive_catalog(ar), id, &err) != 0) {
		exit_code = lt_cli_fail(&err);
		goto done;
	}
	if (json) {
		print_json(json_pack("{s:I, s:o}", "id", (json_int_t)id, "history",
		                     lt_cli_history_json(h)));
	} else {
		printf(LT_TR("Lịch sử sửa văn bản %lld: %zu thay đổi\n",
		             "Edit history of record %lld: %zu changes\n"),
		       (long long)id, h->n);
		lt_cli_history_print(h);
	}
done:
	lt_history_free(h);
	lt_archive_free(ar);
	return exit_code;
}
