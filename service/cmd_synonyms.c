/*
 * service/cmd_synonyms.c — `luutru synonyms import FILE [--replace]` and
 * `luutru synonyms list [--json]`: an agency's own abbreviations for
 * search, beside the curated list (indexer/synonyms.def; docs/search.md,
 * "Abbreviations").
 *
 * The pairs go to the catalog (archive/synonyms.h), then into the index's
 * synonym table; when another process holds the index (luutru serve, a
 * reindex) its next sync writes them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archive/synonyms.h"
#include "indexer/index.h"
#include "indexer/synonyms.h"
#include "service/cli.h"

static void help(void)
{
	printf("%s",
	       LT_TR("Cách dùng:\n"
	             "  luutru synonyms import TỆP [--replace]\n"
	             "  luutru synonyms list [--json]\n\n"
	             "Chữ viết tắt riêng của cơ quan cho tìm kiếm, thêm vào danh sách có sẵn\n"
	             "(BHYT, UBND, QSDĐ ...). Mỗi dòng của TỆP (UTF-8): VIẾT_TẮT<TAB>từ đầy đủ,\n"
	             "hoặc dấu phẩy thay TAB (CSV); dòng trống và dòng bắt đầu bằng # bỏ qua.\n"
	             "Tìm kiếm dùng cả hai chiều: gõ viết tắt tìm thấy từ đầy đủ và ngược lại.\n"
	             "  --replace   thay toàn bộ danh sách riêng đã nhập trước đó\n"
	             "  --json      in danh sách dạng JSON\n",
	             "Usage:\n"
	             "  luutru synonyms import FILE [--replace]\n"
	             "  luutru synonyms list [--json]\n\n"
	             "The agency's own abbreviations for search, added to the built-in list\n"
	             "(BHYT, UBND, QSDĐ ...). Each line of FILE (UTF-8): ABBREVIATION<TAB>\n"
	             "expansion, or a comma for the tab (CSV); blank lines and lines starting\n"
	             "with # are skipped. Search applies them both ways: the abbreviation finds\n"
	             "the expansion and the other way round.\n"
	             "  --replace   replace the whole list imported before\n"
	             "  --json      print the list as JSON\n"));
}

/* The index's synonym table brought up to the catalog; 1 when another
 * process holds the index (it applies them at its next sync). */
static int update_index(lt_archive *ar, lt_error *err)
{
	lt_index *ix = NULL;
	int rc;

	rc = lt_index_open(&ix, lt_archive_index_path(ar), LT_INDEX_WRITE, err);
	if (rc == LT_EBUSY) {
		lt_error_clear(err);
		return 1;
	}
	if (rc == 0)
		rc = lt_index_sync_synonyms(ix, lt_archive_catalog(ar), err);
	lt_index_free(ix);
	return rc;
}

static int do_import(lt_archive *ar, const char *path, int replace, int json)
{
	lt_synonym_list list = {NULL, 0};
	lt_error err = LT_ERROR_INIT;
	size_t added = 0;
	int busy = 0, rc;

	rc = lt_synonyms_parse(&list, path, &err);
	if (rc == 0)
		rc = lt_synonyms_store(lt_archive_catalog(ar), &list, replace, &added, &err);
	if (rc == 0)
		rc = lt_cli_audit(ar, "synonyms.import", NULL, path, &err);
	if (rc == 0) {
		busy = update_index(ar, &err);
		rc = busy == 1 ? 0 : busy;
	}
	if (rc) {
		lt_synonym_list_free(&list);
		return lt_cli_fail(&err);
	}
	if (json)
		printf("{\"pairs\": %zu, \"added\": %zu, \"indexBusy\": %s}\n", list.n, added,
		       busy ? "true" : "false");
	else {
		printf(LT_TR("Đã nhập %zu cặp viết tắt (%zu cặp mới).\n",
		             "Imported %zu abbreviation pairs (%zu new).\n"),
		       list.n, added);
		if (busy)
			printf("%s",
			       LT_TR("Chỉ mục tìm kiếm đang do một tiến trình khác ghi; lần đồng "
			             "bộ tới của tiến trình đó sẽ áp dụng các cặp này.\n",
			             "The search index is being written by another process; "
			             "its next sync applies these pairs.\n"));
	}
	lt_synonym_list_free(&list);
	return 0;
}

static int do_list(lt_archive *ar, int json)
{
	lt_synonym_list list = {NULL, 0};
	lt_error err = LT_ERROR_INIT;
	const lt_synonym_pair *builtin;
	size_t nbuiltin;

	if (lt_synonyms_load(lt_archive_catalog(ar), &list, &err))
		return lt_cli_fail(&err);
	builtin = lt_synonyms_builtin(&nbuiltin);
	if (json) {
		json_t *root = json_object(), *a = json_array(), *b = json_array();
		char *s;
		for (size_t i = 0; i < list.n; i++)
			json_array_append_new(a, json_pack("{s:s, s:s}", "term", list.pairs[i].term,
			                                   "expansion", list.pairs[i].expansion));
		for (size_t i = 0; i < nbuiltin; i++)
			json_array_append_new(b, json_pack("{s:s, s:s}", "term", builtin[i].term,
			                                   "expansion", builtin[i].expansion));
		json_object_set_new(root, "agency", a);
		json_object_set_new(root, "builtin", b);
		s = json_dumps(root, JSON_INDENT(2));
		if (s)
			printf("%s\n", s);
		free(s);
		json_decref(root);
	} else {
		printf(LT_TR("Viết tắt riêng của cơ quan (%zu):\n",
		             "The agency's abbreviations (%zu):\n"),
		       list.n);
		for (size_t i = 0; i < list.n; i++)
			printf("  %s\t%s\n", list.pairs[i].term, list.pairs[i].expansion);
		printf(LT_TR("Danh sách có sẵn (%zu, indexer/synonyms.def):\n",
		             "Built in (%zu, indexer/synonyms.def):\n"),
		       nbuiltin);
		for (size_t i = 0; i < nbuiltin; i++)
			printf("  %s\t%s\n", builtin[i].term, builtin[i].expansion);
	}
	lt_synonym_list_free(&list);
	return 0;
}

int lt_cmd_synonyms(lt_cli *cli, int argc, char **argv)
{
	lt_cli_opt o[] = {{"--replace", 0, NULL, 0}, {"--json", 0, NULL, 0}};
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	char **pos;
	int npos = 0, rc = 0;

	if (argc < 2 || lt_cli_wants_help(argc, argv)) {
		help();
		return argc < 2 ? 2 : 0;
	}
	if (!(pos = calloc((size_t)argc, sizeof(*pos))))
		return 1;
	if ((rc = lt_cli_parse_opts("synonyms", argc, argv, 2, o, 2, pos, &npos)) != 0)
		goto done;
	if (strcmp(argv[1], "import") == 0 && npos != 1) {
		rc = lt_cli_usage_error("synonyms", "%s",
		                        LT_TR("cần một TỆP để nhập", "a FILE to import is needed"));
		goto done;
	}
	if (strcmp(argv[1], "import") != 0 && strcmp(argv[1], "list") != 0) {
		rc = lt_cli_usage_error("synonyms",
		                        LT_TR("lệnh con không rõ: %s (import hoặc list)",
		                              "unknown subcommand: %s (import or list)"),
		                        argv[1]);
		goto done;
	}
	if (lt_cli_open_archive(cli, &ar, 0, &err) != 0) {
		rc = lt_cli_fail(&err);
		goto done;
	}
	if (strcmp(argv[1], "import") == 0)
		rc = do_import(ar, pos[0], o[0].set, o[1].set);
	else
		rc = do_list(ar, o[1].set);
done:
	lt_archive_free(ar);
	free(pos);
	return rc;
}
