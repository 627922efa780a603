/* service/cli.c — see cli.h. */
#include "service/cli.h"

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive/users.h"

int lt_cli_fail(const lt_error *err)
{
	fprintf(stderr, "luutru: %s\n", err->message[0] ? err->message : lt_status_name(err->code));
	return lt_status_exit_code(err->code ? err->code : LT_ERR);
}

int lt_cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "luutru%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
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

int lt_cli_open_archive(lt_cli *cli, lt_archive **out, unsigned flags, lt_error *err)
{
	return lt_archive_open(out, cli->data_dir, flags, err);
}

int lt_cli_audit(lt_archive *ar, const char *user, const char *action, const char *object,
                 const char *detail, lt_error *err)
{
	const char *u = lt_cli_who(user);
	char who[128];

	if (!u || !*u) {
		const struct passwd *pw = getpwuid(geteuid());
		u = pw ? pw->pw_name : "?";
	}
	snprintf(who, sizeof(who), "cli:%s", u);
	if (lt_users_audit(lt_archive_catalog(ar), who, action, object, detail, err) != LT_OK)
		return lt_error_prefix(
		    err, "%s",
		    LT_TR("không ghi được nhật ký truy cập", "cannot write the audit log"));
	return LT_OK;
}

int lt_cli_bad_option(const char *cmd, int opt, const char *arg)
{
	return lt_cli_usage_error(cmd,
	                          opt == ':'
	                              ? LT_TR("%s cần một giá trị", "%s needs a value")
	                              : LT_TR("tùy chọn không hợp lệ: %s", "invalid option: %s"),
	                          arg);
}
