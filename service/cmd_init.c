/* service/cmd_init.c — `luutru init`: make a data directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/archive.h"
#include "core/config.h"
#include "core/fs.h"
#include "indexer/index.h"
#include "service/cli.h"

static void help(void)
{
	printf("%s",
	       LT_TR("Cách dùng: luutru [--data THƯ_MỤC] init\n\n"
	             "Tạo thư mục dữ liệu: danh mục (SQLite), kho tệp và chỉ mục tìm kiếm.\n"
	             "Chạy lại trên thư mục đã có thì không thay đổi gì.\n",
	             "Usage: luutru [--data DIR] init\n\n"
	             "Create a data directory: the catalog (SQLite), the blob store and the search "
	             "index.\nRunning it again on an existing directory changes nothing.\n"));
}

/* luutru.conf with every key commented out (docs/limits.md), once. */
static int write_default_config(const char *dir, lt_error *err)
{
	lt_buf path = LT_BUF_INIT;
	char *text = NULL;
	int rc = 0;

	if (lt_fs_join(&path, dir, "luutru.conf") || !(text = lt_config_default_text()))
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
	else if (!lt_fs_exists(path.data))
		rc = lt_fs_write_atomic(path.data, text, strlen(text), err);
	free(text);
	lt_buf_free(&path);
	return rc;
}

int lt_cmd_init(lt_cli *cli, int argc, char **argv)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_index *ix = NULL;
	int rc;

	if (lt_cli_wants_help(argc, argv)) {
		help();
		return 0;
	}
	if (argc > 1)
		return lt_cli_usage_error(
		    "init", LT_TR("thừa tham số: %s", "unexpected argument: %s"), argv[1]);
	rc = lt_archive_open(&ar, cli->data_dir, LT_ARCHIVE_CREATE, &err);
	if (rc == LT_OK)
		rc = lt_index_open(&ix, lt_archive_index_path(ar), LT_INDEX_WRITE, &err);
	if (rc == LT_OK)
		rc = write_default_config(cli->data_dir, &err);
	if (rc != LT_OK) {
		lt_index_free(ix);
		lt_archive_free(ar);
		return lt_cli_fail(&err);
	}
	printf(LT_TR("Thư mục dữ liệu sẵn sàng: %s\n", "Data directory ready: %s\n"),
	       cli->data_dir);
	lt_index_free(ix);
	lt_archive_free(ar);
	return 0;
}
