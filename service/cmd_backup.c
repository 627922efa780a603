/*
 * service/cmd_backup.c — `luutru backup DIR [--incremental] [--json]` and
 * `luutru restore DIR --data NEWDIR [--json]`.
 *
 * The index is the one part archive/backup.c cannot copy itself. Here it
 * is copied while this process holds the index's write lock (a writable
 * lt_index): no other writer can commit in the middle of the copy, so the
 * copied files are one Xapian revision. The catalog snapshot is taken
 * after, so the index may lag it and never leads it; restore then syncs
 * the index from the restored outbox (docs/backup.md).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "archive/backup.h"
#include "core/fs.h"
#include "indexer/index.h"
#include "service/cli.h"

static void backup_help(void)
{
	printf(
	    "%s",
	    LT_TR(
	        "Cách dùng: luutru backup THƯ_MỤC [--incremental] [--json]\n\n"
	        "Sao lưu nhất quán thư mục dữ liệu trong khi tiến trình khác vẫn có thể ghi:\n"
	        "ảnh chụp danh mục (SQLite online backup), chỉ mục tìm kiếm, mọi blob, khóa ký\n"
	        "và cấu hình, kèm tệp kê khai manifest-sha256.txt (kiểm tra được bằng\n"
	        "`sha256sum -c`). Mỗi lần sao lưu được ghi vào bảng backup_runs và nhật ký\n"
	        "kiểm toán (quy tắc 40).\n\n"
	        "  --incremental  cập nhật bộ sao lưu có sẵn trong THƯ_MỤC: chỉ chép blob mới\n"
	        "                 (mặc định: sao lưu đầy đủ vào thư mục trống hoặc mới)\n"
	        "  --json         in kết quả dạng JSON\n",
	        "Usage: luutru backup DIR [--incremental] [--json]\n\n"
	        "Make a consistent backup of the data directory while other processes may write:\n"
	        "a catalog snapshot (SQLite online backup), the search index, every blob, the\n"
	        "signing keys and the settings, with a manifest-sha256.txt (checkable with\n"
	        "`sha256sum -c`). Every run is recorded in backup_runs and the audit log\n"
	        "(rule 40).\n\n"
	        "  --incremental  update the existing set in DIR: copy only new blobs\n"
	        "                 (default: a full backup into an empty or new directory)\n"
	        "  --json         print the result as JSON\n"));
}

static void restore_help(void)
{
	printf(
	    "%s",
	    LT_TR("Cách dùng: luutru restore THƯ_MỤC_SAO_LƯU --data THƯ_MỤC_MỚI [--json]\n\n"
	          "Khôi phục một bộ sao lưu vào thư mục dữ liệu trống hoặc chưa tồn tại. Mọi tệp\n"
	          "được kiểm tra với manifest trước khi ghi; chỉ mục tìm kiếm được đồng bộ lại\n"
	          "với danh mục đã khôi phục. Sau đó hãy chạy `luutru verify`.\n",
	          "Usage: luutru restore BACKUP_DIR --data NEW_DIR [--json]\n\n"
	          "Restore a backup set into an empty or new data directory. Every file is\n"
	          "checked against the manifest before anything is written; the search index is\n"
	          "synced with the restored catalog. Run `luutru verify` afterwards.\n"));
}

/* Copy the index under its write lock (waits up to ~30 s for a writer). */
static int copy_index(void *ctx, const char *dest, lt_error *err)
{
	lt_archive *ar = ctx;
	const char *path = lt_archive_index_path(ar);
	lt_index *ix = NULL;
	int rc = LT_EBUSY;

	if (!lt_fs_is_dir(path))
		return 0; /* no index yet: restore builds it */
	for (int attempt = 0; attempt < 60 && rc == LT_EBUSY; attempt++) {
		lt_error_clear(err);
		rc = lt_index_open(&ix, path, LT_INDEX_WRITE, err);
		if (rc == LT_EBUSY) {
			struct timespec ts = {0, 500 * 1000 * 1000};
			nanosleep(&ts, NULL);
		}
	}
	if (rc)
		return rc;
	rc = lt_backup_copy_tree(path, dest, err);
	lt_index_free(ix);
	return rc;
}

int lt_cmd_backup(lt_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"incremental", no_argument, NULL, 'i'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int incremental = 0, json = 0, opt, rc;
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_backup_result res;
	const char *dir;

	if (lt_cli_wants_help(argc, argv)) {
		backup_help();
		return 0;
	}
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (opt == 'i')
			incremental = 1;
		else if (opt == 'j')
			json = 1;
		else
			return lt_cli_usage_error(
			    "backup", LT_TR("tùy chọn không hợp lệ: %s", "invalid option: %s"),
			    argv[optind - 1]);
	}
	if (argc - optind != 1)
		return lt_cli_usage_error(
		    "backup", "%s",
		    LT_TR("cần đúng một THƯ_MỤC sao lưu", "exactly one backup DIR is needed"));
	dir = argv[optind];
	if (lt_cli_open_archive(cli, &ar, 0, &err) != LT_OK)
		return lt_cli_fail(&err);
	rc = lt_backup_run(ar, dir, incremental ? LT_BACKUP_INCREMENTAL : LT_BACKUP_FULL,
	                   copy_index, ar, "cli", &res, &err);
	lt_archive_free(ar);
	if (rc)
		return lt_cli_fail(&err);
	if (json) {
		json_t *root = json_pack(
		    "{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:b, s:s}", "dir", dir, "kind",
		    incremental ? "incremental" : "full", "run_id", (json_int_t)res.run_id, "files",
		    (json_int_t)res.files, "bytes", (json_int_t)res.bytes, "blobs_copied",
		    (json_int_t)res.blobs_copied, "bytes_copied", (json_int_t)res.bytes_copied,
		    "verified", res.verified, "manifest_sha256", res.manifest_sha256);
		lt_cli_print_json(root, JSON_INDENT(2));
		json_decref(root);
	} else {
		printf(LT_TR("Đã sao lưu (%s) vào %s: %llu tệp, %llu byte; chép %llu blob mới; "
		             "manifest %s\n",
		             "Backed up (%s) to %s: %llu files, %llu bytes; copied %llu new blobs; "
		             "manifest %s\n"),
		       incremental ? LT_TR("gia tăng", "incremental") : LT_TR("đầy đủ", "full"),
		       dir, (unsigned long long)res.files, (unsigned long long)res.bytes,
		       (unsigned long long)res.blobs_copied, res.manifest_sha256);
	}
	return 0;
}

int lt_cmd_restore(lt_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"data", required_argument, NULL, 'd'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *target = NULL, *dir;
	int json = 0, opt, rc;
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_index *ix = NULL;
	lt_index_sync_stats st;

	(void)cli;
	if (lt_cli_wants_help(argc, argv)) {
		restore_help();
		return 0;
	}
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (opt == 'd')
			target = optarg;
		else if (opt == 'j')
			json = 1;
		else
			return lt_cli_bad_option("restore", opt, argv[optind - 1]);
	}
	if (argc - optind != 1 || !target || !*target)
		return lt_cli_usage_error("restore", "%s",
		                          LT_TR("cần THƯ_MỤC_SAO_LƯU và --data THƯ_MỤC_MỚI",
		                                "BACKUP_DIR and --data NEW_DIR are needed"));
	dir = argv[optind];
	if ((rc = lt_backup_restore(dir, target, &err)) != 0)
		return lt_cli_fail(&err);
	/* The index may lag the restored catalog (or be absent, or not
	 * open): sync it; when it cannot be opened, rebuild it from the
	 * outbox into a fresh directory. */
	rc = lt_archive_open(&ar, target, 0, &err);
	if (rc == 0) {
		rc = lt_index_open(&ix, lt_archive_index_path(ar), LT_INDEX_WRITE, &err);
		if (rc != 0 && rc != LT_EBUSY) {
			lt_error_clear(&err);
			rc = lt_fs_remove_tree(lt_archive_index_path(ar), &err);
			if (rc == 0)
				rc = lt_index_open(&ix, lt_archive_index_path(ar), LT_INDEX_WRITE,
				                   &err);
		}
		if (rc == 0)
			rc = lt_index_sync(ix, lt_archive_catalog(ar), &st, &err);
	}
	lt_index_free(ix);
	lt_archive_free(ar);
	if (rc)
		return lt_cli_fail(&err);
	if (json) {
		json_t *root =
		    json_pack("{s:s, s:s, s:I, s:I}", "from", dir, "data", target, "index_applied",
		              (json_int_t)st.applied, "index_last_seq", (json_int_t)st.last_seq);
		lt_cli_print_json(root, JSON_INDENT(2));
		json_decref(root);
	} else {
		printf(LT_TR("Đã khôi phục %s vào %s; chỉ mục: áp dụng thêm %zu thay đổi.\n"
		             "Hãy chạy `luutru --data %s verify`.\n",
		             "Restored %s into %s; index: applied %zu more changes.\n"
		             "Run `luutru --data %s verify`.\n"),
		       dir, target, st.applied, target);
	}
	return 0;
}
