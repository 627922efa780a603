/*
 * service/cmd_backup.c — `luutru backup DIR [--incremental] [--json]` and
 * `luutru restore DIR --data NEWDIR [--key PUB.pem] [--allow-incomplete]
 * [--json]`.
 *
 * archive/backup.c makes and checks the sets. The search index is not in
 * a set (docs/backup.md, "The index"): restore builds it here from the
 * restored catalog, the one part archive/ cannot do (it does not know
 * indexer/).
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
	    LT_TR("Cách dùng: luutru backup THƯ_MỤC [--incremental] [--json]\n\n"
	          "Sao lưu nhất quán thư mục dữ liệu trong khi nhập, tải lên và dịch vụ vẫn chạy\n"
	          "(không chờ tiến trình nào): ảnh chụp danh mục (SQLite online backup), mọi tệp\n"
	          "lưu trữ (kiểm tra SHA-256 khi đọc), khóa ký và cấu hình, kèm tệp kê khai\n"
	          "manifest-sha256.txt (kiểm tra được bằng `sha256sum -c`) và niêm phong\n"
	          "manifest-seal.txt ký bằng khóa của kho. Chỉ mục tìm kiếm được dựng lại khi\n"
	          "khôi phục. Tệp hỏng được báo và bỏ qua, phần còn lại vẫn được sao lưu: mã\n"
	          "thoát 4 nghĩa là bộ sao lưu chưa đủ. Mỗi lần sao lưu được ghi vào bảng\n"
	          "backup_runs và nhật ký kiểm toán (quy tắc 40).\n\n"
	          "  --incremental  cập nhật bộ sao lưu có sẵn trong THƯ_MỤC: chỉ chép tệp mới\n"
	          "                 (mặc định: sao lưu đầy đủ vào thư mục trống hoặc mới)\n"
	          "  --json         in kết quả dạng JSON\n",
	          "Usage: luutru backup DIR [--incremental] [--json]\n\n"
	          "Make a consistent backup of the data directory while imports, uploads and the\n"
	          "service go on (it waits for none of them): a catalog snapshot (SQLite online\n"
	          "backup), every stored file (its SHA-256 checked as it is read), the signing\n"
	          "keys and the settings, with a manifest-sha256.txt (checkable with\n"
	          "`sha256sum -c`) and a manifest-seal.txt signed with the archive's key. The\n"
	          "search index is rebuilt on restore. A damaged file is reported and left out,\n"
	          "the rest is backed up: exit status 4 says the set is incomplete. Every run is\n"
	          "recorded in backup_runs and the audit log (rule 40).\n\n"
	          "  --incremental  update the existing set in DIR: copy only new files\n"
	          "                 (default: a full backup into an empty or new directory)\n"
	          "  --json         print the result as JSON\n"));
}

static void restore_help(void)
{
	printf(
	    "%s",
	    LT_TR("Cách dùng: luutru restore THƯ_MỤC_SAO_LƯU --data THƯ_MỤC_MỚI [--key PUB.pem]\n"
	          "                      [--allow-incomplete] [--json]\n\n"
	          "Khôi phục một bộ sao lưu vào thư mục dữ liệu trống hoặc chưa tồn tại. Trước\n"
	          "khi ghi, niêm phong được kiểm tra chữ ký và mọi tệp được đối chiếu với tệp kê\n"
	          "khai: bộ thiếu tệp, thừa tệp, có tệp không được liệt kê hay tệp sai mã bị từ\n"
	          "chối, nêu tên tệp. Chỉ mục tìm kiếm được dựng lại từ danh mục đã khôi phục.\n\n"
	          "  --key PUB.pem       chỉ nhận bộ được niêm phong bằng khóa công khai này\n"
	          "                      (bản giữ ngoài máy của keys/audit-ed25519.pub.pem)\n"
	          "  --allow-incomplete  khôi phục cả bộ chưa đủ (tệp hỏng khi sao lưu được\n"
	          "                      ghi là mất)\n",
	          "Usage: luutru restore BACKUP_DIR --data NEW_DIR [--key PUB.pem]\n"
	          "                      [--allow-incomplete] [--json]\n\n"
	          "Restore a backup set into an empty or new data directory. Before anything is\n"
	          "written the seal's signature is checked and every file against the manifest:\n"
	          "a set with a missing, extra or unlisted file, or one that does not match, is\n"
	          "refused, naming the file. The search index is rebuilt from the restored\n"
	          "catalog.\n\n"
	          "  --key PUB.pem       only accept a set sealed with this public key (a copy\n"
	          "                      of keys/audit-ed25519.pub.pem kept off the machine)\n"
	          "  --allow-incomplete  also restore an incomplete set (files that were damaged\n"
	          "                      when it was made are recorded as missing)\n"));
}

static json_t *skipped_json(const lt_backup_skipped *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "sha256", v[i].sha256, "damage",
		                                   lt_blob_damage_name(v[i].damage)));
	return a;
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

	memset(&res, 0, sizeof(res));
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
	rc = lt_backup_run(ar, dir, incremental ? LT_BACKUP_INCREMENTAL : LT_BACKUP_FULL, "cli",
	                   &res, &err);
	lt_archive_free(ar);
	/* A sealed set that lacks damaged files is still a result to show;
	 * the exit status (4) says it is incomplete. */
	if (rc && !(rc == LT_ECORRUPT && res.nskipped))
		return lt_cli_fail(&err);
	if (json) {
		json_t *root = json_pack(
		    "{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:b, s:b, s:o, s:s, s:s}", "dir", dir,
		    "kind", incremental ? "incremental" : "full", "run_id", (json_int_t)res.run_id,
		    "files", (json_int_t)res.files, "bytes", (json_int_t)res.bytes, "blobs_copied",
		    (json_int_t)res.blobs_copied, "bytes_copied", (json_int_t)res.bytes_copied,
		    "verified", res.verified, "complete", res.nskipped == 0, "skipped",
		    skipped_json(res.skipped, res.nskipped), "manifest_sha256", res.manifest_sha256,
		    "key_sha256", res.key_sha256);
		lt_cli_print_json(root, JSON_INDENT(2));
		json_decref(root);
	} else {
		printf(LT_TR("Đã sao lưu (%s) vào %s: %llu tệp, %llu byte; chép %llu tệp mới; "
		             "manifest %s, niêm phong bằng khóa %.16s…\n",
		             "Backed up (%s) to %s: %llu files, %llu bytes; copied %llu new files; "
		             "manifest %s, sealed with key %.16s…\n"),
		       incremental ? LT_TR("gia tăng", "incremental") : LT_TR("đầy đủ", "full"),
		       dir, (unsigned long long)res.files, (unsigned long long)res.bytes,
		       (unsigned long long)res.blobs_copied, res.manifest_sha256, res.key_sha256);
	}
	/* each damaged file was named (with its record) as it was met */
	if (res.nskipped)
		rc = lt_cli_fail(&err);
	lt_backup_result_clear(&res);
	return rc;
}

/* The index is derived: built from the restored catalog into a fresh
 * directory (the same build as `luutru reindex`). */
static int rebuild_index(const char *data_dir, lt_index_sync_stats *st, lt_error *err)
{
	lt_archive *ar = NULL;
	lt_index *ix = NULL;
	int rc;

	memset(st, 0, sizeof(*st));
	lt_index_tune_bulk();
	rc = lt_archive_open(&ar, data_dir, 0, err);
	if (rc == 0)
		rc = lt_fs_remove_tree(lt_archive_index_path(ar), err);
	if (rc == 0)
		rc = lt_index_open(&ix, lt_archive_index_path(ar), LT_INDEX_WRITE, err);
	if (rc == 0)
		rc = lt_index_rebuild(ix, lt_archive_catalog(ar), 0, 0, st, err);
	lt_index_free(ix);
	lt_archive_free(ar);
	return rc;
}

int lt_cmd_restore(lt_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"data", required_argument, NULL, 'd'},
	    {"key", required_argument, NULL, 'k'},
	    {"allow-incomplete", no_argument, NULL, 'a'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	lt_backup_restore_options o = LT_BACKUP_RESTORE_OPTIONS_INIT;
	lt_backup_set_info info;
	const char *target = NULL, *dir;
	int json = 0, opt, rc;
	lt_error err = LT_ERROR_INIT;
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
		else if (opt == 'k')
			o.pubkey_path = optarg;
		else if (opt == 'a')
			o.allow_incomplete = 1;
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
	if ((rc = lt_backup_restore(dir, target, &o, &info, &err)) != 0)
		return lt_cli_fail(&err);
	if ((rc = rebuild_index(target, &st, &err)) != 0) {
		lt_error_prefix(&err,
		                LT_TR("đã khôi phục %s nhưng chưa dựng được chỉ mục (chạy `luutru "
		                      "--data %s reindex`)",
		                      "restored %s but could not build the index (run `luutru "
		                      "--data %s reindex`)"),
		                target, target);
		lt_backup_set_info_clear(&info);
		return lt_cli_fail(&err);
	}
	if (json) {
		json_t *root =
		    json_pack("{s:s, s:s, s:s, s:s, s:I, s:b, s:o, s:s, s:I, s:I}", "from", dir,
		              "data", target, "kind", info.kind, "sealed", info.created, "files",
		              (json_int_t)info.files, "complete", info.nskipped == 0, "skipped",
		              skipped_json(info.skipped, info.nskipped), "key_sha256",
		              info.key_sha256, "index_documents", (json_int_t)st.documents,
		              "index_last_seq", (json_int_t)st.last_seq);
		lt_cli_print_json(root, JSON_INDENT(2));
		json_decref(root);
	} else {
		printf(
		    LT_TR("Đã khôi phục %s (niêm phong %s, khóa %.16s…) vào %s; chỉ mục: %zu văn "
		          "bản.\n",
		          "Restored %s (sealed %s, key %.16s…) into %s; index: %zu records.\n"),
		    dir, info.created, info.key_sha256, target, st.documents);
		if (info.nskipped)
			printf(
			    LT_TR(
			        "%zu tệp không có trong bộ sao lưu (hỏng khi sao lưu) được ghi là "
			        "mất.\n",
			        "%zu files not in the set (damaged when it was made) are recorded "
			        "as missing.\n"),
			    info.nskipped);
		printf(LT_TR("Hãy chạy `luutru --data %s verify`.\n",
		             "Run `luutru --data %s verify`.\n"),
		       target);
	}
	lt_backup_set_info_clear(&info);
	return 0;
}
