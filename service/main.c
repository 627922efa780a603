/*
 * service/main.c — `luutru`, the command line front door.
 *
 * Tesseract's OpenMP runtime must run single-threaded: parallelism comes
 * from luutru's own workers, one Tesseract handle each, and OpenMP threads
 * on top make a 2-core machine many times slower (bench/README.md). libgomp
 * reads OMP_THREAD_LIMIT once, when it is loaded; it comes with the OCR
 * module (core/module.h), which is loaded on the first OCR, long after
 * main() sets the variable here. A value the user set is respected. So
 * every command starts once, and a search, show or verify loads none of
 * OCR's libraries (docs/startup.md).
 *
 * Then the umask becomes 077 (lt_fs_private_umask, core/fs.h): what luutru
 * writes for itself — the data directory, its catalog, blobs and index,
 * temporary files — is private to its user; an output named with -o gets
 * the user's own umask back (lt_fs_user_mode).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "core/error.h"
#include "core/fs.h"
#include "core/log.h"
#include "service/cli.h"

#define LT_VERSION "0.1.0"

static const lt_cli_command commands[] = {
    {"init", lt_cmd_init, "tạo thư mục dữ liệu mới", "create a new data directory"},
    {"ingest", lt_cmd_ingest, "nhập tệp (ảnh, PDF, văn bản) thành văn bản lưu trữ",
     "ingest files (images, PDF, text) as records"},
    {"import", lt_cmd_import, "nhập một lô văn bản (thư mục, zip, tar) theo tệp kê khai",
     "import a batch of records (directory, zip, tar) from a manifest"},
    {"package", lt_cmd_package, "xuất, kiểm tra, nhập gói hồ sơ BagIt",
     "export, validate, import BagIt dossier packages"},
    {"search", lt_cmd_search, "tìm kiếm văn bản, có hoặc không dấu",
     "search records, with or without diacritics"},
    {"synonyms", lt_cmd_synonyms, "chữ viết tắt riêng của cơ quan cho tìm kiếm",
     "the agency's own abbreviations for search"},
    {"reindex", lt_cmd_reindex, "dựng lại chỉ mục tìm kiếm và thay thế nguyên tử",
     "rebuild the search index and swap it in atomically"},
    {"show", lt_cmd_show, "xem một văn bản", "show one record"},
    {"ocr", lt_cmd_ocr, "trang nhận dạng cần kiểm tra lại", "recognised pages to check"},
    {"serve", lt_cmd_serve, "chạy dịch vụ HTTP (API JSON và giao diện web)",
     "run the HTTP service (JSON API and web UI)"},
    {"user", lt_cmd_user, "người dùng, vai trò, mức mật, mã truy cập API",
     "users, roles, clearance, API tokens"},
    {"verify", lt_cmd_verify, "kiểm tra toàn vẹn, băm lại tệp (fixity), nhật ký kiểm toán",
     "check integrity, re-hash files (fixity), the audit log"},
    {"backup", lt_cmd_backup, "sao lưu nhất quán (đầy đủ hoặc gia tăng)",
     "consistent backup (full or incremental)"},
    {"restore", lt_cmd_restore, "khôi phục bộ sao lưu vào thư mục dữ liệu mới",
     "restore a backup set into a new data directory"},
    {"doctor", lt_cmd_doctor, "kiểm tra cài đặt và môi trường chạy",
     "check the installation and runtime environment"},
    {"edit", lt_cmd_edit, "sửa siêu dữ liệu văn bản (có lịch sử)",
     "change a record's metadata (with history)"},
    {"history", lt_cmd_history, "lịch sử sửa siêu dữ liệu văn bản", "a record's edit history"},
    {"link", lt_cmd_link, "liên kết văn bản: trả lời, dẫn chiếu, thay thế, thu hồi",
     "link records: reply, reference, supersede, recall"},
    {"task", lt_cmd_task, "giao việc giải quyết văn bản đến", "assign incoming records"},
    {"tracking", lt_cmd_tracking, "sổ theo dõi giải quyết văn bản đến",
     "register of incoming records handling"},
    {"register", lt_cmd_register, "sổ đăng ký văn bản đến, đi: cấp số, hủy số, in sổ",
     "incoming/outgoing registers: numbers, voids, printing"},
    {"catalog", lt_cmd_catalog, "danh mục hồ sơ hằng năm: lập, nhập CSV, in",
     "the annual dossier catalog: create, import CSV, print"},
    {"dossier", lt_cmd_dossier, "hồ sơ: mở, thêm văn bản, đóng, mục lục",
     "dossiers: open, file records, close, table of contents"},
    {"deposit", lt_cmd_deposit, "các lần nộp lưu vào lưu trữ cơ quan: mục lục, biên bản",
     "deposits to the agency archive: list, hand-over record"},
    {"config", lt_cmd_config, "cấu hình cơ quan: mã định danh, tên cơ quan",
     "agency settings: organ id, organ name"},
    {"retention", lt_cmd_retention, "bảng thời hạn bảo quản, hồ sơ đến hạn, cảnh báo",
     "retention schedule, what falls due, alerts"},
    {"hold", lt_cmd_hold, "phong tỏa / gỡ phong tỏa hồ sơ, văn bản", "place / release holds"},
    {"dispose", lt_cmd_dispose, "tiêu hủy tài liệu hết giá trị: lập, duyệt, thực hiện",
     "destroy expired records: propose, approve, execute"},
    {"transfer", lt_cmd_transfer, "nộp lưu lịch sử hồ sơ vĩnh viễn",
     "deposit permanent dossiers to the historical archive"},
    {"check", lt_cmd_check, "kiểm tra tuân thủ (thanh tra)", "compliance checks (inspector)"},
    {"stats", lt_cmd_stats, "thống kê văn bản, giải quyết, số hóa",
     "statistics: volumes, handling, digitisation"},
};

static void usage(FILE *out)
{
	fprintf(
	    out, "%s",
	    LT_TR(
	        "Cách dùng: luutru [--data THƯ_MỤC] [--lang vi|en] [--user TÊN "
	        "[--password-stdin]]\n"
	        "                  LỆNH [THAM_SỐ...]\n"
	        "\n"
	        "luutru lưu trữ và tìm kiếm văn bản điện tử: quét → OCR → hồ sơ → tìm kiếm.\n"
	        "\n"
	        "Tùy chọn chung:\n"
	        "  --data THƯ_MỤC  thư mục dữ liệu (mặc định: $LUUTRU_DATA hoặc ./luutru-data)\n"
	        "  --lang vi|en    ngôn ngữ thông báo (mặc định: $LUUTRU_LANG hoặc vi)\n"
	        "  --user TÊN      làm việc với tư cách người dùng TÊN (mức mật, vai trò của họ;\n"
	        "                  mặc định $LUUTRU_USER); xác thực bằng mật khẩu gõ vào,\n"
	        "                  --password-stdin, hoặc mã API trong $LUUTRU_TOKEN. Không có:\n"
	        "                  người vận hành sở hữu thư mục dữ liệu (toàn quyền)\n"
	        "  --version       in phiên bản\n"
	        "  -h, --help      trợ giúp; 'luutru LỆNH --help' cho từng lệnh\n"
	        "\n"
	        "Lệnh:\n",
	        "Usage: luutru [--data DIR] [--lang vi|en] [--user LOGIN [--password-stdin]]\n"
	        "              COMMAND [ARGS...]\n"
	        "\n"
	        "luutru archives and searches electronic records: scan → OCR → dossier → search.\n"
	        "\n"
	        "Global options:\n"
	        "  --data DIR      data directory (default: $LUUTRU_DATA or ./luutru-data)\n"
	        "  --lang vi|en    message language (default: $LUUTRU_LANG or vi)\n"
	        "  --user LOGIN    act as user LOGIN (their clearance and role; default\n"
	        "                  $LUUTRU_USER); authenticated by a password typed in,\n"
	        "                  --password-stdin, or an API token in $LUUTRU_TOKEN. Without:\n"
	        "                  the operator who owns the data directory (full rights)\n"
	        "  --version       print the version\n"
	        "  -h, --help      help; 'luutru COMMAND --help' for each command\n"
	        "\n"
	        "Commands:\n"));
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name,
		        LT_TR(commands[i].summary_vi, commands[i].summary_en));
	fprintf(
	    out, "%s",
	    LT_TR(
	        "\nMã thoát: 0 thành công, 1 lỗi nội bộ, 2 tham số hoặc dữ liệu vào sai, 3 không "
	        "tìm "
	        "thấy,\n4 tệp không hỗ trợ hoặc hỏng, 5 lỗi lưu trữ/chỉ mục/OCR, 6 vượt giới hạn, "
	        "7 không được phép,\n8 dữ liệu của phiên bản mới hơn, 9 đang bận.\n",
	        "\nExit codes: 0 success, 1 internal error, 2 bad arguments or input, 3 not "
	        "found,\n"
	        "4 unsupported or corrupt file, 5 storage/index/OCR failure, 6 limit exceeded,\n"
	        "7 not allowed, 8 data from a newer version, 9 busy.\n"));
}

int main(int argc, char **argv)
{
	lt_cli cli = {NULL, argv[0], NULL, 0};
	int i = 1;

	/* Before any thread, and before the OCR module (and libgomp) loads. */
	setenv("OMP_THREAD_LIMIT", "1", 0);
	/* luutru's own hashing and signing need only OpenSSL's default
	 * provider: the system's openssl.cnf (TLS settings, read and parsed on
	 * the first digest, a millisecond of every command) is read only when
	 * OPENSSL_CONF names a configuration to apply (a FIPS provider, say). */
	if (!getenv("OPENSSL_CONF"))
		OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
	lt_lang_from_env();
	lt_log_from_env();
	cli.data_dir = getenv("LUUTRU_DATA");

	/* Global options come before the command. */
	while (i < argc && argv[i][0] == '-') {
		const char *a = argv[i];
		if (strcmp(a, "--data") == 0 || strcmp(a, "--lang") == 0) {
			if (i + 1 >= argc)
				return lt_cli_usage_error(
				    NULL, LT_TR("%s cần một giá trị", "%s needs a value"), a);
			if (a[2] == 'd') {
				cli.data_dir = argv[i + 1];
			} else if (strcmp(argv[i + 1], "en") == 0) {
				lt_lang_set(LT_LANG_EN);
			} else if (strcmp(argv[i + 1], "vi") == 0) {
				lt_lang_set(LT_LANG_VI);
			} else {
				return lt_cli_usage_error(
				    NULL,
				    LT_TR("ngôn ngữ không hỗ trợ: %s (chọn vi hoặc en)",
				          "unsupported language: %s (use vi or en)"),
				    argv[i + 1]);
			}
			i += 2;
		} else if (strncmp(a, "--data=", 7) == 0) {
			cli.data_dir = a + 7;
			i++;
		} else if (strcmp(a, "--user") == 0) {
			if (i + 1 >= argc || !*argv[i + 1])
				return lt_cli_usage_error(
				    NULL, LT_TR("%s cần một giá trị", "%s needs a value"), a);
			cli.user = argv[i + 1];
			i += 2;
		} else if (strcmp(a, "--password-stdin") == 0) {
			cli.password_stdin = 1;
			i++;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			printf("luutru %s\n", LT_VERSION);
			return 0;
		} else {
			return lt_cli_usage_error(
			    NULL, LT_TR("tùy chọn không rõ: %s", "unknown option: %s"), a);
		}
	}
	if (!cli.data_dir || !*cli.data_dir)
		cli.data_dir = "luutru-data";
	if (i >= argc) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[i], "help") == 0) {
		usage(stdout);
		return 0;
	}
	for (size_t c = 0; c < sizeof(commands) / sizeof(commands[0]); c++) {
		if (strcmp(argv[i], commands[c].name) != 0)
			continue;
		lt_fs_private_umask();
		lt_cli_json_mode(argc - i, argv + i);
		return lt_cli_finish(commands[c].run(&cli, argc - i, argv + i));
	}
	return lt_cli_usage_error(NULL, LT_TR("lệnh không rõ: %s", "unknown command: %s"), argv[i]);
}
