/* service/cmd_serve.c — `luutru serve [--listen HOST:PORT] [--threads N] [--demo]`.
 *
 * Besides the HTTP service (service/http.c) it runs the scheduled fixity
 * check: a background thread that, every fixity_interval_hours of
 * luutru.conf (or --fixity-every SECONDS), re-hashes every blob with
 * lt_verify_fixity() on its own catalog connection. The run's counts and
 * the damaged blobs go into the audit log ("verify.fixity", who =
 * "system:fixity"); requests are served meanwhile (the check reads the
 * catalog in WAL mode and writes only its one audit row). */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "archive/catalog.h"
#include "archive/users.h"
#include "archive/verify.h"
#include "core/config.h"
#include "search/cache.h"
#include "service/cli.h"
#include "service/http.h"

static void serve_usage(FILE *out)
{
	fprintf(
	    out, "%s",
	    LT_TR(
	        "Cách dùng: luutru serve [--listen ĐỊA_CHỈ:CỔNG] [--threads N] [--ocr-workers N]\n"
	        "                    [--max-upload BYTE] [--ready-file TỆP] [--fixity-every GIÂY]\n"
	        "                    [--search-cache N] [--demo]\n\n"
	        "Chạy dịch vụ HTTP: API JSON dưới /api/v1 và giao diện web tại /.\n"
	        "  --listen       mặc định 127.0.0.1:8080; cổng 0 = tự chọn cổng trống\n"
	        "  --threads      số luồng phục vụ HTTP (mặc định 16)\n"
	        "  --ocr-workers  số luồng OCR nền (mặc định 1)\n"
	        "  --max-upload   giới hạn mỗi tệp tải lên (mặc định: luutru.conf)\n"
	        "  --ready-file   ghi địa chỉ phục vụ vào TỆP khi sẵn sàng\n"
	        "  --fixity-every kiểm tra toàn vẹn (băm lại mọi blob) mỗi GIÂY giây; mặc định\n"
	        "                 fixity_interval_hours trong luutru.conf; 0 = tắt\n"
	        "  --search-cache số lượt tìm kiếm gần đây giữ kết quả chỉ mục (mặc định 4096;\n"
	        "                 0 = tắt); chỉ dùng lại khi chỉ mục chưa đổi (khi tải nặng:\n"
	        "                 cũ tối đa 60 giây, rồi được làm mới)\n"
	        "  --demo         tạo tài khoản thử (admin/admin-demo, canbo/canbo-demo) nếu "
	        "chưa có người dùng\n"
	        "Dừng bằng Ctrl+C hoặc SIGTERM: xong việc đang làm rồi mới thoát.\n",
	        "Usage: luutru serve [--listen HOST:PORT] [--threads N] [--ocr-workers N]\n"
	        "                    [--max-upload BYTES] [--ready-file FILE] [--fixity-every "
	        "SECONDS]\n"
	        "                    [--search-cache N] [--demo]\n\n"
	        "Run the HTTP service: the JSON API under /api/v1 and the web UI at /.\n"
	        "  --listen       default 127.0.0.1:8080; port 0 picks a free port\n"
	        "  --threads      HTTP worker threads (default 16)\n"
	        "  --ocr-workers  background OCR threads (default 1)\n"
	        "  --max-upload   limit per uploaded file (default: luutru.conf)\n"
	        "  --ready-file   write the serving address to FILE when ready\n"
	        "  --fixity-every run the fixity check (re-hash every blob) every SECONDS;\n"
	        "                 default fixity_interval_hours of luutru.conf; 0 = off\n"
	        "  --search-cache recent searches whose index results are kept (default 4096;\n"
	        "                 0 = off); reused while the index is unchanged (under load:\n"
	        "                 up to 60 seconds older, then refreshed)\n"
	        "  --demo         create demo accounts (admin/admin-demo, canbo/canbo-demo) when "
	        "there are no users\n"
	        "Stop with Ctrl+C or SIGTERM: work in progress finishes first.\n"));
}

/* 1 when the demo's two accounts are among the users. */
static int has_demo_users(const lt_user *list, size_t n)
{
	int found = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i].login, "admin") == 0 || strcmp(list[i].login, "canbo") == 0)
			found++;
	return found == 2;
}

static int demo_users(lt_cli *cli, lt_error *err)
{
	lt_archive *ar = NULL;
	lt_user *list = NULL;
	size_t n = 0;
	int rc = lt_cli_open_archive(cli, &ar, 0, err);
	if (rc == LT_OK)
		rc = lt_users_list(&list, &n, lt_archive_catalog(ar), err);
	if (rc == LT_OK && n > 0 && has_demo_users(list, n))
		printf("%s",
		       LT_TR("luutru: tài khoản thử (đã có; mật khẩu như lần đầu nếu chưa đổi): "
		             "admin / admin-demo, canbo / canbo-demo\n",
		             "luutru: demo accounts (already made; passwords as first given unless "
		             "changed): admin / admin-demo, canbo / canbo-demo\n"));
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

/* The scheduled fixity check. */
typedef struct fixity_sched {
	const char *data_dir;
	uint64_t every_s; /* 0 = off */
	uint64_t first_s; /* wait before the first run */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop;
} fixity_sched;

static void fixity_once(const char *data_dir)
{
	lt_verify_report r = LT_VERIFY_REPORT_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	int rc = lt_archive_open(&ar, data_dir, 0, &err);

	if (rc == LT_OK)
		rc = lt_verify_fixity(ar, "system:fixity", &r, &err);
	if (rc != LT_OK)
		fprintf(stderr,
		        LT_TR("luutru: kiểm tra toàn vẹn định kỳ không chạy được: %s\n",
		              "luutru: scheduled fixity check failed to run: %s\n"),
		        err.message);
	else if (r.nissues)
		fprintf(stderr,
		        LT_TR("luutru: kiểm tra toàn vẹn định kỳ: %zu vấn đề trong %llu blob "
		              "(xem nhật ký kiểm toán, verify.fixity)\n",
		              "luutru: scheduled fixity check: %zu problems in %llu blobs "
		              "(see the audit log, verify.fixity)\n"),
		        r.nissues, (unsigned long long)r.blobs_checked);
	lt_verify_report_clear(&r);
	lt_archive_free(ar);
}

static void *fixity_main(void *arg)
{
	fixity_sched *fs = arg;
	struct timespec due;
	uint64_t wait = fs->first_s;

	pthread_mutex_lock(&fs->mu);
	while (!fs->stop) {
		int rc = 0;
		clock_gettime(CLOCK_MONOTONIC, &due);
		due.tv_sec += (time_t)wait;
		wait = fs->every_s;
		while (!fs->stop && rc != ETIMEDOUT)
			rc = pthread_cond_timedwait(&fs->cv, &fs->mu, &due);
		if (fs->stop)
			break;
		pthread_mutex_unlock(&fs->mu);
		fixity_once(fs->data_dir);
		pthread_mutex_lock(&fs->mu);
	}
	pthread_mutex_unlock(&fs->mu);
	return NULL;
}

/* The interval (--fixity-every, else luutru.conf; 0 = off) and the wait
 * before the first run: the interval counted from the last recorded
 * fixity run (or, when there was none, from the archive's first audit
 * entry), so restarting the service does not postpone the check for
 * ever. An overdue check runs a minute after the start. *every is -1
 * when the data directory cannot be opened (lt_http_serve reports it). */
static void fixity_interval(const char *data_dir, int64_t every_opt, int64_t *every, int64_t *first)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	sqlite3_stmt *st = NULL;
	int64_t since = 0;

	*every = -1;
	*first = 0;
	if (lt_archive_open(&ar, data_dir, 0, &err) != LT_OK)
		return;
	*every =
	    every_opt >= 0
	        ? every_opt
	        : (int64_t)(lt_config_u64(lt_archive_config(ar), LT_CONF_FIXITY_INTERVAL_HOURS) *
	                    3600);
	if (sqlite3_prepare_v2(lt_catalog_db(lt_archive_catalog(ar)),
	                       "SELECT CAST(strftime('%s','now') AS INTEGER) - CAST(strftime('%s',"
	                       " coalesce((SELECT max(at) FROM audit_log WHERE action ="
	                       " 'verify.fixity'), (SELECT min(at) FROM audit_log), 'now'))"
	                       " AS INTEGER)",
	                       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		since = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	lt_archive_free(ar);
	if (since < 0)
		since = 0;
	*first = *every - since;
	if (*first < 60 && since > 0 && every_opt < 0)
		*first = 60;
	if (*first < 0 || *first > *every)
		*first = *every;
}

int lt_cmd_serve(lt_cli *cli, int argc, char **argv)
{
	fixity_sched fs;
	pthread_t fixity_th;
	pthread_condattr_t ca;
	sigset_t sigs;
	int64_t every_opt = -1, every, first;
	int fixity_on = 0, rc;
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
		} else if (strcmp(a, "--fixity-every") == 0 && has) {
			if (lt_cli_parse_size("serve", a, argv[++i], 0, (size_t)1 << 32, &v))
				return 2;
			every_opt = (int64_t)v;
		} else if (strcmp(a, "--search-cache") == 0 && has) {
			if (lt_cli_parse_size("serve", a, argv[++i], 0, LT_SEARCH_CACHE_MAX, &v))
				return 2;
			opts.search_cache = v ? v : LT_HTTP_SEARCH_CACHE_OFF;
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
	{
		/* Scratch directory, TMPDIR and jobs of stopped processes
		 * (cli.h), before any thread starts. */
		lt_archive *ar = NULL;
		lt_user *users = NULL;
		size_t n_users = 0;
		if (lt_cli_open_archive(cli, &ar, 0, &err) != LT_OK)
			return lt_cli_fail(&err);
		/* A first start: nobody can sign in yet, so say how to begin. */
		if (lt_users_list(&users, &n_users, lt_archive_catalog(ar), &err) == LT_OK &&
		    n_users == 0)
			fprintf(
			    stderr, "%s",
			    LT_TR("luutru: chưa có người dùng nào, chưa ai đăng nhập được: tạo "
			          "người quản trị đầu tiên bằng\n"
			          "  luutru user add TÊN --role admin --clearance 3\n"
			          "(hoặc `luutru serve --demo` để có tài khoản thử)\n",
			          "luutru: no user exists yet, so nobody can sign in: create the "
			          "first administrator with\n"
			          "  luutru user add NAME --role admin --clearance 3\n"
			          "(or `luutru serve --demo` for demo accounts)\n"));
		lt_users_list_free(users, n_users);
		lt_error_clear(&err);
		lt_archive_free(ar);
	}

	/* The fixity thread must not take SIGTERM/SIGINT: lt_http_serve waits
	 * for them with sigwait(), so block them before the thread starts. */
	fixity_interval(opts.data_dir, every_opt, &every, &first);
	memset(&fs, 0, sizeof(fs));
	fs.data_dir = opts.data_dir;
	fs.every_s = every > 0 ? (uint64_t)every : 0;
	fs.first_s = first > 0 ? (uint64_t)first : 0;
	if (fs.every_s) {
		sigemptyset(&sigs);
		sigaddset(&sigs, SIGTERM);
		sigaddset(&sigs, SIGINT);
		pthread_sigmask(SIG_BLOCK, &sigs, NULL);
		pthread_mutex_init(&fs.mu, NULL);
		pthread_condattr_init(&ca);
		pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
		pthread_cond_init(&fs.cv, &ca);
		pthread_condattr_destroy(&ca);
		fixity_on = pthread_create(&fixity_th, NULL, fixity_main, &fs) == 0;
		if (!fixity_on) {
			pthread_cond_destroy(&fs.cv);
			pthread_mutex_destroy(&fs.mu);
		}
	}
	rc = lt_http_serve(&opts, &err);
	if (fixity_on) {
		/* A run in progress finishes first (it is one pass over the blobs). */
		pthread_mutex_lock(&fs.mu);
		fs.stop = 1;
		pthread_cond_signal(&fs.cv);
		pthread_mutex_unlock(&fs.mu);
		pthread_join(fixity_th, NULL);
		pthread_cond_destroy(&fs.cv);
		pthread_mutex_destroy(&fs.mu);
	}
	if (rc != LT_OK)
		return lt_cli_fail(&err);
	return 0;
}
