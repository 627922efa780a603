/* service/cmd_serve.c — `luutru serve [--listen HOST:PORT] [--threads N] [--demo]`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/users.h"
#include "service/cli.h"
#include "service/http.h"

static void serve_usage(FILE *out)
{
	fprintf(
	    out, "%s",
	    LT_TR(
	        "Cách dùng: luutru serve [--listen ĐỊA_CHỈ:CỔNG] [--threads N] [--ocr-workers N]\n"
	        "                    [--max-upload BYTE] [--ready-file TỆP] [--demo]\n\n"
	        "Chạy dịch vụ HTTP: API JSON dưới /api/v1 và giao diện web tại /.\n"
	        "  --listen       mặc định 127.0.0.1:8080; cổng 0 = tự chọn cổng trống\n"
	        "  --threads      số luồng phục vụ HTTP (mặc định 4)\n"
	        "  --ocr-workers  số luồng OCR nền (mặc định 1)\n"
	        "  --max-upload   giới hạn mỗi tệp tải lên (mặc định: luutru.conf)\n"
	        "  --ready-file   ghi địa chỉ phục vụ vào TỆP khi sẵn sàng\n"
	        "  --demo         tạo tài khoản thử (admin/admin-demo, canbo/canbo-demo) nếu "
	        "chưa có người dùng\n"
	        "Dừng bằng Ctrl+C hoặc SIGTERM: xong việc đang làm rồi mới thoát.\n",
	        "Usage: luutru serve [--listen HOST:PORT] [--threads N] [--ocr-workers N]\n"
	        "                    [--max-upload BYTES] [--ready-file FILE] [--demo]\n\n"
	        "Run the HTTP service: the JSON API under /api/v1 and the web UI at /.\n"
	        "  --listen       default 127.0.0.1:8080; port 0 picks a free port\n"
	        "  --threads      HTTP worker threads (default 4)\n"
	        "  --ocr-workers  background OCR threads (default 1)\n"
	        "  --max-upload   limit per uploaded file (default: luutru.conf)\n"
	        "  --ready-file   write the serving address to FILE when ready\n"
	        "  --demo         create demo accounts (admin/admin-demo, canbo/canbo-demo) when "
	        "there are no users\n"
	        "Stop with Ctrl+C or SIGTERM: work in progress finishes first.\n"));
}

static int demo_users(lt_cli *cli, lt_error *err)
{
	lt_archive *ar = NULL;
	lt_user *list = NULL;
	size_t n = 0;
	int rc = lt_cli_open_archive(cli, &ar, 0, err);
	if (rc == LT_OK)
		rc = lt_users_list(&list, &n, lt_archive_catalog(ar), err);
	if (rc == LT_OK && n == 0) {
		lt_user_new admin = {"admin", "Quản trị (thử)", "admin", 3, NULL, "admin-demo"};
		lt_user_new officer = {"canbo", "Cán bộ (thử)", "officer", 0, NULL, "canbo-demo"};
		rc = lt_users_add(NULL, lt_archive_catalog(ar), &admin, err);
		if (rc == LT_OK)
			rc = lt_users_add(NULL, lt_archive_catalog(ar), &officer, err);
		if (rc == LT_OK)
			printf("%s",
			       LT_TR("luutru: tài khoản thử: admin / admin-demo (quản trị, mật "
			             "3), canbo / canbo-demo (cán bộ, mật 0)\n",
			             "luutru: demo accounts: admin / admin-demo (admin, "
			             "clearance 3), canbo / canbo-demo (officer, clearance 0)\n"));
	}
	lt_users_list_free(list, n);
	lt_archive_free(ar);
	return rc;
}

int lt_cmd_serve(lt_cli *cli, int argc, char **argv)
{
	lt_http_options opts = LT_HTTP_OPTIONS_INIT;
	lt_error err = LT_ERROR_INIT;
	int demo = 0;
	size_t v = 0;

	if (lt_cli_wants_help(argc, argv)) {
		serve_usage(stdout);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int has = i + 1 < argc;
		if (strcmp(a, "--demo") == 0) {
			demo = 1;
		} else if (strcmp(a, "--listen") == 0 && has) {
			opts.listen = argv[++i];
		} else if (strcmp(a, "--ready-file") == 0 && has) {
			opts.ready_file = argv[++i];
		} else if (strcmp(a, "--threads") == 0 && has) {
			if (lt_cli_parse_size("serve", a, argv[++i], 1, 256, &v))
				return 2;
			opts.threads = (unsigned)v;
		} else if (strcmp(a, "--ocr-workers") == 0 && has) {
			if (lt_cli_parse_size("serve", a, argv[++i], 1, 16, &v))
				return 2;
			opts.ocr_workers = (unsigned)v;
		} else if (strcmp(a, "--max-upload") == 0 && has) {
			if (lt_cli_parse_size("serve", a, argv[++i], 1, (size_t)1 << 40, &v))
				return 2;
			opts.max_upload = v;
		} else {
			return lt_cli_usage_error("serve",
			                          LT_TR("tham số không rõ hoặc thiếu giá trị: %s",
			                                "unknown argument or missing value: %s"),
			                          a);
		}
	}
	opts.data_dir = cli->data_dir;
	if (demo && demo_users(cli, &err) != LT_OK)
		return lt_cli_fail(&err);
	if (lt_http_serve(&opts, &err) != LT_OK)
		return lt_cli_fail(&err);
	return 0;
}
