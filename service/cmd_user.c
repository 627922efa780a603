/*
 * service/cmd_user.c — `luutru user add|list|set|passwd|disable|enable|token`.
 *
 * Passwords are read from standard input (one line), never from the
 * command line, where other users could see them. Every change of rights
 * is written to the audit log as "cli:<$USER>".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/crypto.h>

#include "archive/users.h"
#include "service/cli.h"

static void user_usage(FILE *out)
{
	fprintf(
	    out, "%s",
	    LT_TR(
	        "Cách dùng:\n"
	        "  luutru user add TÊN --role VAI_TRÒ --clearance 0-3 [--full-name \"Họ tên\"]\n"
	        "                  [--department ĐƠN_VỊ] [--password-stdin]\n"
	        "  luutru user list [--json]\n"
	        "  luutru user set TÊN [--role VAI_TRÒ] [--clearance 0-3] [--full-name \"Họ "
	        "tên\"]\n"
	        "                  [--department ĐƠN_VỊ]   (\"\" xóa họ tên / đơn vị)\n"
	        "  luutru user passwd TÊN          (mật khẩu mới đọc từ stdin)\n"
	        "  luutru user disable TÊN | enable TÊN\n"
	        "  luutru user token TÊN [--label NHÃN]   in mã truy cập API mới (chỉ một lần)\n"
	        "Vai trò: archivist (văn thư), officer (chuyên viên), inspector (thanh tra),\n"
	        "approver (lãnh đạo duyệt), admin (quản trị). Mức mật được xem: 0 thường, 1 mật,\n"
	        "2 tối mật, 3 tuyệt mật. Không khóa hay hạ vai trò được người quản trị cuối\n"
	        "cùng còn hoạt động.\n",
	        "Usage:\n"
	        "  luutru user add LOGIN --role ROLE --clearance 0-3 [--full-name \"Name\"]\n"
	        "                  [--department DEPT] [--password-stdin]\n"
	        "  luutru user list [--json]\n"
	        "  luutru user set LOGIN [--role ROLE] [--clearance 0-3] [--full-name \"Name\"]\n"
	        "                  [--department DEPT]   (\"\" clears the name / department)\n"
	        "  luutru user passwd LOGIN        (new password read from stdin)\n"
	        "  luutru user disable LOGIN | enable LOGIN\n"
	        "  luutru user token LOGIN [--label LABEL]  print a new API token (shown once)\n"
	        "Roles: archivist, officer, inspector, approver, admin. Clearance: 0 normal,\n"
	        "1 confidential, 2 secret, 3 top secret. The last enabled administrator cannot\n"
	        "be disabled or demoted.\n"));
}

static int read_password(char *buf, size_t cap, lt_error *err)
{
	size_t n;
	if (!fgets(buf, (int)cap, stdin))
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("không đọc được mật khẩu từ stdin",
		                          "cannot read the password from stdin"));
	n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	return LT_OK;
}

static void audit(lt_archive *ar, const char *action, const char *object, const char *detail)
{
	lt_cli_audit(ar, action, object, detail, NULL);
}

static int cmd_add(lt_cli *cli, int argc, char **argv)
{
	lt_user_new nu = {NULL, NULL, NULL, -1, NULL, NULL};
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	char pw[LT_USERS_PASSWORD_MAX + 2];
	int from_stdin = 0, rc;
	size_t v;

	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		int has = i + 1 < argc;
		if (strcmp(a, "--role") == 0 && has)
			nu.role = argv[++i];
		else if (strcmp(a, "--clearance") == 0 && has) {
			if (lt_cli_parse_size("user add", a, argv[++i], 0, 3, &v))
				return 2;
			nu.clearance = (int)v;
		} else if (strcmp(a, "--full-name") == 0 && has)
			nu.full_name = argv[++i];
		else if (strcmp(a, "--department") == 0 && has)
			nu.department = argv[++i];
		else if (strcmp(a, "--password-stdin") == 0)
			from_stdin = 1;
		else if (a[0] != '-' && !nu.login)
			nu.login = a;
		else
			return lt_cli_usage_error(
			    "user add", LT_TR("tham số không rõ: %s", "unknown argument: %s"), a);
	}
	if (!nu.login || !nu.role || nu.clearance < 0)
		return lt_cli_usage_error("user add", "%s",
		                          LT_TR("cần TÊN, --role và --clearance",
		                                "LOGIN, --role and --clearance are required"));
	if (from_stdin) {
		if (read_password(pw, sizeof(pw), &err) != LT_OK)
			return lt_cli_fail(&err);
		nu.password = pw;
	}
	rc = lt_cli_open_archive(cli, &ar, 0, &err);
	if (rc == LT_OK)
		rc = lt_users_add(NULL, lt_archive_catalog(ar), &nu, &err);
	if (rc == LT_OK) {
		char detail[100];
		snprintf(detail, sizeof(detail), "role=%s clearance=%d", nu.role, nu.clearance);
		audit(ar, "user_add", nu.login, detail);
		printf(LT_TR("đã tạo người dùng %s (%s, mức mật %d)\n",
		             "created user %s (%s, clearance %d)\n"),
		       nu.login, nu.role, nu.clearance);
	}
	OPENSSL_cleanse(pw, sizeof(pw));
	lt_archive_free(ar);
	return rc == LT_OK ? 0 : lt_cli_fail(&err);
}

static int cmd_list(lt_cli *cli, int argc, char **argv)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_user *users = NULL;
	size_t n = 0;
	int json = argc > 2 && strcmp(argv[2], "--json") == 0;
	int rc = lt_cli_open_archive(cli, &ar, 0, &err);

	if (rc == LT_OK)
		rc = lt_users_list(&users, &n, lt_archive_catalog(ar), &err);
	if (rc == LT_OK && json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(
			    arr,
			    json_pack("{s:s, s:s?, s:s, s:i, s:s?, s:b, s:s?}", "login",
			              users[i].login, "fullName", users[i].full_name, "role",
			              users[i].role, "clearance", users[i].clearance, "department",
			              users[i].department, "disabled", users[i].disabled,
			              "lastLoginAt", users[i].last_login_at));
		lt_cli_print_json(arr, JSON_INDENT(2));
		json_decref(arr);
	} else if (rc == LT_OK) {
		for (size_t i = 0; i < n; i++)
			printf("%-20s %-10s %d %s%s\n", users[i].login, users[i].role,
			       users[i].clearance, users[i].full_name ? users[i].full_name : "",
			       users[i].disabled ? LT_TR(" (đã khóa)", " (disabled)") : "");
	}
	lt_users_list_free(users, n);
	lt_archive_free(ar);
	return rc == LT_OK ? 0 : lt_cli_fail(&err);
}

static int cmd_set(lt_cli *cli, int argc, char **argv)
{
	lt_user_change ch = LT_USER_CHANGE_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	const char *login = NULL;
	char detail[200];
	int rc;
	size_t v;

	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		int has = i + 1 < argc;
		if (strcmp(a, "--role") == 0 && has)
			ch.role = argv[++i];
		else if (strcmp(a, "--clearance") == 0 && has) {
			if (lt_cli_parse_size("user set", a, argv[++i], 0, 3, &v))
				return 2;
			ch.clearance = (int)v;
		} else if (strcmp(a, "--full-name") == 0 && has)
			ch.full_name = argv[++i];
		else if (strcmp(a, "--department") == 0 && has)
			ch.department = argv[++i];
		else if (a[0] != '-' && !login)
			login = a;
		else
			return lt_cli_usage_error(
			    "user set", LT_TR("tham số không rõ: %s", "unknown argument: %s"), a);
	}
	if (!login || (!ch.role && ch.clearance < 0 && !ch.full_name && !ch.department))
		return lt_cli_usage_error(
		    "user set", "%s",
		    LT_TR("cần TÊN và ít nhất một trong --role, --clearance, --full-name, "
		          "--department",
		          "LOGIN and at least one of --role, --clearance, --full-name, "
		          "--department are required"));
	rc = lt_cli_open_archive(cli, &ar, 0, &err);
	if (rc == LT_OK)
		rc = lt_users_update(lt_archive_catalog(ar), login, &ch, &err);
	if (rc == LT_OK) {
		lt_users_change_detail(&ch, detail, sizeof(detail));
		audit(ar, "user_change", login, detail);
		printf(LT_TR("đã cập nhật %s: %s\n", "updated %s: %s\n"), login, detail);
	}
	lt_archive_free(ar);
	return rc == LT_OK ? 0 : lt_cli_fail(&err);
}

static int cmd_one(lt_cli *cli, const char *sub, int argc, char **argv)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	const char *login = argc > 2 ? argv[2] : NULL;
	const char *label = "cli";
	char pw[LT_USERS_PASSWORD_MAX + 2];
	int rc;

	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--label") == 0 && i + 1 < argc)
			label = argv[++i];
		else if (strcmp(argv[i], "--password-stdin") != 0)
			return lt_cli_usage_error(
			    "user", LT_TR("tham số không rõ: %s", "unknown argument: %s"), argv[i]);
	}
	if (!login || login[0] == '-')
		return lt_cli_usage_error(
		    "user", LT_TR("cần TÊN đăng nhập sau '%s'", "a LOGIN is needed after '%s'"),
		    sub);
	memset(pw, 0, sizeof(pw));
	if (strcmp(sub, "passwd") == 0 && read_password(pw, sizeof(pw), &err) != LT_OK)
		return lt_cli_fail(&err);
	rc = lt_cli_open_archive(cli, &ar, 0, &err);
	if (rc == LT_OK && strcmp(sub, "passwd") == 0) {
		rc = lt_users_set_password(lt_archive_catalog(ar), login, pw, &err);
		if (rc == LT_OK) {
			audit(ar, "user_passwd", login, NULL);
			printf(LT_TR("đã đổi mật khẩu của %s\n", "password of %s changed\n"),
			       login);
		}
	} else if (rc == LT_OK && (strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0)) {
		int dis = strcmp(sub, "disable") == 0;
		rc = lt_users_set_disabled(lt_archive_catalog(ar), login, dis, &err);
		if (rc == LT_OK) {
			audit(ar, dis ? "user_disable" : "user_enable", login, NULL);
			printf(dis ? LT_TR("đã khóa %s\n", "disabled %s\n")
			           : LT_TR("đã mở khóa %s\n", "enabled %s\n"),
			       login);
		}
	} else if (rc == LT_OK) { /* token */
		lt_user *u = NULL;
		char token[LT_USERS_TOKEN_HEX_LEN + 1];
		rc = lt_users_get(&u, lt_archive_catalog(ar), login, &err);
		if (rc == LT_OK && u->disabled)
			rc = lt_error_set(
			    &err, LT_ESTATE,
			    LT_TR("người dùng %s đang bị khóa", "user %s is disabled"), login);
		if (rc == LT_OK)
			rc = lt_users_token_new(token, lt_archive_catalog(ar), u->id, label, &err);
		if (rc == LT_OK) {
			audit(ar, "token_new", login, label);
			printf("%s\n", token);
			OPENSSL_cleanse(token, sizeof(token));
		}
		lt_user_free(u);
	}
	OPENSSL_cleanse(pw, sizeof(pw));
	lt_archive_free(ar);
	return rc == LT_OK ? 0 : lt_cli_fail(&err);
}

int lt_cmd_user(lt_cli *cli, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;
	if (!sub || lt_cli_wants_help(argc, argv)) {
		user_usage(sub ? stdout : stderr);
		return sub ? 0 : 2;
	}
	if (strcmp(sub, "add") == 0)
		return cmd_add(cli, argc, argv);
	if (strcmp(sub, "list") == 0)
		return cmd_list(cli, argc, argv);
	if (strcmp(sub, "set") == 0)
		return cmd_set(cli, argc, argv);
	if (strcmp(sub, "passwd") == 0 || strcmp(sub, "disable") == 0 ||
	    strcmp(sub, "enable") == 0 || strcmp(sub, "token") == 0)
		return cmd_one(cli, sub, argc, argv);
	return lt_cli_usage_error("user", LT_TR("lệnh con không rõ: %s", "unknown subcommand: %s"),
	                          sub);
}
