/* service/cli.c — see cli.h. */
#include "service/cli.h"

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include <jansson.h>

#include "archive/jobs.h"
#include "archive/users.h"
#include "core/fs.h"

/* --json: every failure ends in a JSON error object on stdout
 * (lt_cli_finish) unless the command printed its own document. */
static int json_mode, json_printed;
static lt_error last_error;

int lt_cli_fail(const lt_error *err)
{
	const char *msg = err->message[0] ? err->message : lt_status_name(err->code);

	fprintf(stderr, "luutru: %s\n", msg);
	lt_error_set(&last_error, err->code ? err->code : LT_ERR, "%s", msg);
	return lt_status_exit_code(err->code ? err->code : LT_ERR);
}

void lt_cli_json_mode(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--json") == 0)
			json_mode = 1;
}

void lt_cli_print_json(const json_t *root, size_t flags)
{
	char *s = root ? json_dumps(root, flags) : NULL;

	if (s)
		printf("%s\n", s);
	free(s);
	lt_cli_printed();
}

void lt_cli_printed(void)
{
	json_printed = 1;
}

int lt_cli_finish(int exit_code)
{
	json_t *o;

	if (!json_mode || exit_code == 0 || json_printed)
		return exit_code;
	if (!last_error.code)
		lt_error_set(&last_error, LT_ERR, "%s",
		             LT_TR("lệnh thất bại (xem thông báo lỗi)",
		                   "the command failed (see the error message)"));
	o = json_pack("{s:{s:s, s:s, s:i}}", "error", "code", lt_status_name(last_error.code),
	              "message", last_error.message, "exit", exit_code);
	lt_cli_print_json(o, JSON_INDENT(2));
	json_decref(o);
	return exit_code;
}

int lt_cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "luutru%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	va_start(ap, fmt);
	vsnprintf(last_error.message, sizeof(last_error.message), fmt, ap);
	va_end(ap);
	last_error.code = LT_EINVAL;
	if (cmd)
		fprintf(stderr, LT_TR(" (xem 'luutru %s --help')\n", " (see 'luutru %s --help')\n"),
		        cmd);
	else
		fprintf(stderr, "%s",
		        LT_TR(" (xem 'luutru --help')\n", " (see 'luutru --help')\n"));
	return 2;
}

int lt_cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return 1;
	}
	return 0;
}

int lt_cli_parse_size(const char *cmd, const char *opt, const char *value, size_t min, size_t max,
                      size_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (!value || !*value || *value == '-')
		goto bad;
	v = strtoull(value, &end, 10);
	if (errno || *end || v < min || v > max)
		goto bad;
	*out = (size_t)v;
	return 0;
bad:
	return lt_cli_usage_error(cmd,
	                          LT_TR("%s phải là số nguyên từ %zu đến %zu, không phải '%s'",
	                                "%s must be a whole number from %zu to %zu, not '%s'"),
	                          opt, min, max, value ? value : "");
}

/* One line from stdin, or typed at the terminal without echo; NUL-ended,
 * newline removed. */
static int read_password(char *out, size_t size, int from_stdin, const char *login, lt_error *err)
{
	struct termios old, quiet;
	int tty = !from_stdin && isatty(STDIN_FILENO);
	size_t n;

	if (!from_stdin && !tty)
		return lt_error_set(
		    err, LT_EDENIED,
		    LT_TR("--user %s cần xác thực: --password-stdin (mật khẩu ở dòng đầu của "
		          "đầu vào chuẩn) hoặc mã API trong LUUTRU_TOKEN",
		          "--user %s needs authentication: --password-stdin (the password on the "
		          "first line of standard input) or an API token in LUUTRU_TOKEN"),
		    login);
	if (tty) {
		fprintf(stderr, LT_TR("Mật khẩu của %s: ", "Password for %s: "), login);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	if (!fgets(out, (int)size, stdin))
		out[0] = '\0';
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	n = strcspn(out, "\r\n");
	out[n] = '\0';
	return 0;
}

/* This process's scratch directory (archive.h), removed at exit. */
static char *scratch;
/* Jobs start_session took back (lt_cli_reclaimed). */
static size_t reclaimed;

static void remove_scratch(void)
{
	if (scratch)
		lt_fs_remove_tree(scratch, NULL);
	free(scratch);
	scratch = NULL;
}

/* What every command that writes does first, once per process: remove
 * the scratch directories stopped processes left, make this one's and
 * point TMPDIR at it (so OCR page images, expanded import entries and
 * the poppler tools' files stay on the data directory's file system and
 * are removed even after a kill), and take back the jobs of stopped
 * processes (archive/jobs.h). Runs before the command starts threads. A
 * failure here only loses the tidying: the command goes on. */
static void start_session(lt_archive *ar)
{
	lt_error err = LT_ERROR_INIT;
	lt_buf dir = LT_BUF_INIT;
	size_t taken = 0;

	if (!scratch) {
		lt_archive_tmp_sweep(ar, NULL, NULL);
		if (lt_archive_tmp_dir(ar, &dir, &err) == LT_OK &&
		    setenv("TMPDIR", dir.data, 1) == 0) {
			scratch = lt_buf_detach(&dir);
			atexit(remove_scratch);
		}
		lt_buf_free(&dir);
	}
	lt_error_clear(&err);
	if (lt_jobs_reclaim(ar, &taken, &err) == LT_OK)
		reclaimed += taken;
	if (taken > 0)
		fprintf(stderr,
		        LT_TR("luutru: %zu việc nhận dạng bị gián đoạn (tiến trình chạy chúng đã "
		              "dừng) được xếp lại hàng đợi; `luutru ocr resume`, lần nhập sau hoặc "
		              "`luutru serve` đang chạy sẽ làm tiếp\n",
		              "luutru: %zu interrupted recognition job(s) (their process stopped) "
		              "put back in the queue; `luutru ocr resume`, the next ingest or "
		              "import, or a running `luutru serve` finishes them\n"),
		        taken);
}

size_t lt_cli_reclaimed(void)
{
	return reclaimed;
}

/* Who acts: a token's user, a user and password, or the operator. */
static int bind_principal(lt_cli *cli, lt_catalog *cat, lt_error *err)
{
	const char *token = getenv("LUUTRU_TOKEN");
	const char *login = cli->user && *cli->user ? cli->user : getenv("LUUTRU_USER");
	lt_principal p = LT_PRINCIPAL_SYSTEM;
	lt_user *u = NULL;
	int rc = 0;

	if (login && !*login)
		login = NULL;
	if (token && *token) {
		rc = lt_users_token_check(&u, cat, token, err);
		if (rc == 0 && login && strcmp(login, u->login) != 0)
			rc = lt_error_set(err, LT_EDENIED,
			                  LT_TR("LUUTRU_TOKEN là mã của %s, không phải của %s",
			                        "LUUTRU_TOKEN belongs to %s, not to %s"),
			                  u->login, login);
	} else if (login) {
		char password[LT_USERS_PASSWORD_MAX + 2];
		rc = read_password(password, sizeof(password), cli->password_stdin, login, err);
		if (rc == 0)
			rc = lt_users_authenticate(&u, cat, login, password, err);
		OPENSSL_cleanse(password, sizeof(password));
	} else {
		/* The operator: the owner of the data directory, named by
		 * their system login in the audit log. */
		const struct passwd *pw = getpwuid(geteuid());
		const char *name = getenv("USER");
		if (!name || !*name)
			name = pw ? pw->pw_name : "?";
		snprintf(p.login, sizeof(p.login), "%s", name);
	}
	if (rc == 0 && u)
		lt_access_principal_user(&p, u->id, u->login, u->role, u->clearance);
	lt_user_free(u);
	if (rc == 0)
		lt_catalog_set_principal(cat, &p);
	return rc;
}

int lt_cli_open_archive(lt_cli *cli, lt_archive **out, unsigned flags, lt_error *err)
{
	int rc = lt_archive_open(out, cli->data_dir, flags, err);

	if (rc == 0 && (rc = bind_principal(cli, lt_archive_catalog(*out), err)) != 0) {
		lt_archive_free(*out);
		*out = NULL;
	}
	if (rc == LT_OK && !(flags & LT_ARCHIVE_READONLY))
		start_session(*out);
	return rc;
}

const char *lt_cli_who(lt_archive *ar)
{
	return lt_catalog_principal(lt_archive_catalog(ar))->login;
}

void lt_cli_jobs_failed(const lt_jobs_stats *st)
{
	if (st->failed && st->error[0])
		fprintf(stderr,
		        LT_TR("luutru: nhận dạng lỗi (%zu việc): %s\n",
		              "luutru: recognition failed (%zu jobs): %s\n"),
		        st->failed, st->error);
}

int lt_cli_audit(lt_archive *ar, const char *action, const char *object, const char *detail,
                 lt_error *err)
{
	char who[128];

	snprintf(who, sizeof(who), "cli:%s", lt_cli_who(ar));
	if (lt_users_audit(lt_archive_catalog(ar), who, action, object, detail, err) != LT_OK)
		return lt_error_prefix(
		    err, "%s",
		    LT_TR("không ghi được nhật ký truy cập", "cannot write the audit log"));
	return LT_OK;
}

int lt_cli_split_kv(const char *cmd, char **args, int n, const char **vals)
{
	for (int i = 0; i < n; i++) {
		char *eq = strchr(args[i], '=');
		if (!eq)
			return lt_cli_usage_error(
			    cmd, "%s", LT_TR("cần TRƯỜNG=GIÁ_TRỊ", "FIELD=VALUE is needed"));
		*eq = '\0';
		vals[i] = eq + 1;
	}
	return 0;
}

int lt_cli_bad_option(const char *cmd, int opt, const char *arg)
{
	return lt_cli_usage_error(cmd,
	                          opt == ':'
	                              ? LT_TR("%s cần một giá trị", "%s needs a value")
	                              : LT_TR("tùy chọn không hợp lệ: %s", "invalid option: %s"),
	                          arg);
}
