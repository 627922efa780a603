/* tests/unit/test_users.c — archive/users: scrypt passwords, tokens, sessions. */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "archive/catalog.h"
#include "archive/users.h"

typedef struct fixture {
	char *dir;
	lt_catalog *cat;
	int64_t uid;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	lt_error err = LT_ERROR_INIT;
	char path[4096];
	lt_user_new nu = {"an.nguyen", "Nguyễn Văn An", "officer", 1, "VP", "mat-khau-dai"};

	f->dir = lt_test_tmpdir();
	snprintf(path, sizeof(path), "%s/catalog.db", f->dir);
	assert_int_equal(lt_catalog_open(&f->cat, path, LT_CATALOG_CREATE, &err), LT_OK);
	assert_int_equal(lt_users_add(&f->uid, f->cat, &nu, &err), LT_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	lt_catalog_free(f->cat);
	lt_test_rmtree_free(f->dir);
	free(f);
	return 0;
}

static void test_hash_format_and_verify(void **state)
{
	lt_error err = LT_ERROR_INIT;
	char *h1 = NULL, *h2 = NULL;
	(void)state;

	assert_int_equal(lt_users_password_hash(&h1, "mật khẩu đúng", &err), LT_OK);
	assert_int_equal(lt_users_password_hash(&h2, "mật khẩu đúng", &err), LT_OK);
	assert_true(strncmp(h1, "scrypt$32768$8$1$", 17) == 0);
	/* 16-byte salt and 32-byte key in hex */
	assert_int_equal(strlen(h1), 17 + 32 + 1 + 64);
	assert_string_not_equal(h1, h2); /* random salt */
	assert_true(lt_users_password_verify(h1, "mật khẩu đúng"));
	assert_true(lt_users_password_verify(h2, "mật khẩu đúng"));
	assert_false(lt_users_password_verify(h1, "mật khẩu sai"));
	assert_false(lt_users_password_verify(h1, "mat khau dung"));
	assert_false(lt_users_password_verify(h1, ""));
	/* a tampered hash never verifies */
	h1[strlen(h1) - 1] = h1[strlen(h1) - 1] == '0' ? '1' : '0';
	assert_false(lt_users_password_verify(h1, "mật khẩu đúng"));
	/* malformed and hostile encodings are refused, not crashed on */
	assert_false(lt_users_password_verify("", "x"));
	assert_false(lt_users_password_verify("plain", "plain"));
	assert_false(lt_users_password_verify("scrypt$1073741824$8$1$00$00", "x"));
	assert_false(lt_users_password_verify(NULL, "x"));
	free(h1);
	free(h2);
}

static void test_short_password_refused(void **state)
{
	lt_error err = LT_ERROR_INIT;
	char *h = NULL;
	(void)state;
	assert_int_equal(lt_users_password_hash(&h, "short", &err), LT_EINVAL);
	assert_null(h);
	assert_true(strlen(err.message) > 0);
}

static void test_authenticate(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT, err2 = LT_ERROR_INIT;
	lt_user *u = NULL;

	assert_int_equal(lt_users_authenticate(&u, f->cat, "an.nguyen", "mat-khau-dai", &err),
	                 LT_OK);
	assert_string_equal(u->role, "officer");
	assert_int_equal(u->clearance, 1);
	assert_string_equal(u->full_name, "Nguyễn Văn An");
	lt_user_free(u);
	u = NULL;
	/* wrong password and unknown login: same status, same message */
	assert_int_equal(lt_users_authenticate(&u, f->cat, "an.nguyen", "sai-mat-khau", &err),
	                 LT_EDENIED);
	assert_null(u);
	assert_int_equal(lt_users_authenticate(&u, f->cat, "khong.co", "sai-mat-khau", &err2),
	                 LT_EDENIED);
	assert_string_equal(err.message, err2.message);
	/* a disabled user cannot sign in */
	assert_int_equal(lt_users_set_disabled(f->cat, "an.nguyen", 1, &err), LT_OK);
	assert_int_equal(lt_users_authenticate(&u, f->cat, "an.nguyen", "mat-khau-dai", &err),
	                 LT_EDENIED);
	assert_int_equal(lt_users_set_disabled(f->cat, "an.nguyen", 0, &err), LT_OK);
	/* a new password replaces the old one */
	assert_int_equal(lt_users_set_password(f->cat, "an.nguyen", "mat-khau-moi-1", &err), LT_OK);
	assert_int_equal(lt_users_authenticate(&u, f->cat, "an.nguyen", "mat-khau-dai", &err),
	                 LT_EDENIED);
	assert_int_equal(lt_users_authenticate(&u, f->cat, "an.nguyen", "mat-khau-moi-1", &err),
	                 LT_OK);
	lt_user_free(u);
}

static void test_add_validation(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_user_new dup = {"an.nguyen", NULL, "officer", 0, NULL, NULL};
	lt_user_new badrole = {"b", NULL, "boss", 0, NULL, NULL};
	lt_user_new badclear = {"c", NULL, "officer", 4, NULL, NULL};
	lt_user_new badlogin = {"a b/../", NULL, "officer", 0, NULL, NULL};
	lt_user *list = NULL;
	size_t n = 0;

	assert_int_equal(lt_users_add(NULL, f->cat, &dup, &err), LT_EEXISTS);
	assert_int_equal(lt_users_add(NULL, f->cat, &badrole, &err), LT_EINVAL);
	assert_int_equal(lt_users_add(NULL, f->cat, &badclear, &err), LT_EINVAL);
	assert_int_equal(lt_users_add(NULL, f->cat, &badlogin, &err), LT_EINVAL);
	assert_int_equal(lt_users_list(&list, &n, f->cat, &err), LT_OK);
	assert_int_equal(n, 1); /* nothing was added */
	lt_users_list_free(list, n);
}

static void test_tokens(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	char token[LT_USERS_TOKEN_HEX_LEN + 1], hash[LT_USERS_TOKEN_HEX_LEN + 1];
	char sql[256];
	sqlite3_stmt *st = NULL;
	lt_user *u = NULL;

	assert_int_equal(lt_users_token_new(token, f->cat, f->uid, "test", &err), LT_OK);
	assert_int_equal(strlen(token), 64);
	/* the catalog holds SHA-256(token), never the token */
	lt_users_token_hash(token, hash);
	assert_string_not_equal(hash, token);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM api_tokens WHERE token_hash = '%s'", hash);
	assert_int_equal(sqlite3_prepare_v2(lt_catalog_db(f->cat), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM api_tokens WHERE token_hash = '%s'",
	         token);
	assert_int_equal(sqlite3_prepare_v2(lt_catalog_db(f->cat), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	/* SHA-256("abc") is the known vector */
	lt_users_token_hash("abc", hash);
	assert_string_equal(hash,
	                    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

	assert_int_equal(lt_users_token_check(&u, f->cat, token, &err), LT_OK);
	assert_string_equal(u->login, "an.nguyen");
	lt_user_free(u);
	/* one changed digit, a wrong length, or junk is refused */
	token[0] = token[0] == 'a' ? 'b' : 'a';
	assert_int_equal(lt_users_token_check(&u, f->cat, token, &err), LT_EDENIED);
	assert_int_equal(lt_users_token_check(&u, f->cat, "abc", &err), LT_EDENIED);
	assert_int_equal(lt_users_token_check(&u, f->cat, "' OR 1=1 --", &err), LT_EDENIED);
	assert_null(u);
	/* disabling revokes tokens */
	token[0] = token[0] == 'a' ? 'b' : 'a';
	assert_int_equal(lt_users_set_disabled(f->cat, "an.nguyen", 1, &err), LT_OK);
	assert_int_equal(lt_users_set_disabled(f->cat, "an.nguyen", 0, &err), LT_OK);
	assert_int_equal(lt_users_token_check(&u, f->cat, token, &err), LT_EDENIED);
}

static void test_sessions(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	char sid[LT_USERS_TOKEN_HEX_LEN + 1], csrf[LT_USERS_TOKEN_HEX_LEN + 1];
	char got[LT_USERS_TOKEN_HEX_LEN + 1];
	char old_sid[LT_USERS_TOKEN_HEX_LEN + 1], old_csrf[LT_USERS_TOKEN_HEX_LEN + 1];
	lt_user *u = NULL;

	assert_int_equal(lt_users_session_new(sid, csrf, f->cat, f->uid, 3600, &err), LT_OK);
	assert_string_not_equal(sid, csrf);
	assert_int_equal(lt_users_session_check(&u, got, f->cat, sid, &err), LT_OK);
	assert_string_equal(got, csrf);
	assert_string_equal(u->login, "an.nguyen");
	lt_user_free(u);
	u = NULL;
	/* an expired session is refused */
	assert_int_equal(lt_users_session_new(old_sid, old_csrf, f->cat, f->uid, -1, &err), LT_OK);
	assert_int_equal(lt_users_session_check(&u, NULL, f->cat, old_sid, &err), LT_EDENIED);
	assert_null(u);
	/* ending a session ends it (and sweeps expired ones) */
	assert_int_equal(lt_users_session_end(f->cat, sid, &err), LT_OK);
	assert_int_equal(lt_users_session_check(&u, NULL, f->cat, sid, &err), LT_EDENIED);
	{
		sqlite3_stmt *st = NULL;
		assert_int_equal(sqlite3_prepare_v2(lt_catalog_db(f->cat),
		                                    "SELECT count(*) FROM sessions", -1, &st, NULL),
		                 SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), 0);
		sqlite3_finalize(st);
	}
}

static void test_audit_row(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	sqlite3_stmt *st = NULL;

	assert_int_equal(lt_users_audit(f->cat, "an.nguyen@127.0.0.1", "view", "uid-1", NULL, &err),
	                 LT_OK);
	assert_int_equal(sqlite3_prepare_v2(lt_catalog_db(f->cat),
	                                    "SELECT who, action, object FROM audit_log", -1, &st,
	                                    NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "an.nguyen@127.0.0.1");
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "view");
	sqlite3_finalize(st);
}

/* Role, clearance, particulars; the last enabled administrator and the
 * administrator's own account are guarded; disabling ends sessions. */
static void test_update_and_guards(void **state)
{
	fixture *f = *state;
	lt_error err = LT_ERROR_INIT;
	lt_user_change ch = LT_USER_CHANGE_INIT;
	lt_user_new boss = {"quan.tri", NULL, "admin", 3, NULL, "mat-khau-dai"};
	lt_user_new boss2 = {"quan.tri2", NULL, "admin", 3, NULL, "mat-khau-dai"};
	char sid[LT_USERS_TOKEN_HEX_LEN + 1], csrf[LT_USERS_TOKEN_HEX_LEN + 1];
	lt_user *u = NULL, *list = NULL;
	size_t n = 0;
	int64_t boss_id = 0;

	assert_int_equal(lt_users_add(&boss_id, f->cat, &boss, &err), LT_OK);
	/* role, clearance, department; full name cleared with "" */
	ch.role = "archivist";
	ch.clearance = 2;
	ch.department = "Văn thư";
	ch.full_name = "";
	assert_int_equal(lt_users_update(f->cat, "an.nguyen", &ch, &err), LT_OK);
	assert_int_equal(lt_users_get(&u, f->cat, "an.nguyen", &err), LT_OK);
	assert_string_equal(u->role, "archivist");
	assert_int_equal(u->clearance, 2);
	assert_string_equal(u->department, "Văn thư");
	assert_null(u->full_name);
	lt_user_free(u);
	/* bad values change nothing */
	ch = (lt_user_change)LT_USER_CHANGE_INIT;
	ch.role = "boss";
	assert_int_equal(lt_users_update(f->cat, "an.nguyen", &ch, &err), LT_EINVAL);
	ch = (lt_user_change)LT_USER_CHANGE_INIT;
	ch.clearance = 4;
	assert_int_equal(lt_users_update(f->cat, "an.nguyen", &ch, &err), LT_EINVAL);
	ch = (lt_user_change)LT_USER_CHANGE_INIT;
	ch.department = "\xff\xfe";
	assert_int_equal(lt_users_update(f->cat, "an.nguyen", &ch, &err), LT_EINVAL);
	ch = (lt_user_change)LT_USER_CHANGE_INIT;
	ch.clearance = 0;
	assert_int_equal(lt_users_update(f->cat, "khong.co", &ch, &err), LT_ENOTFOUND);
	assert_int_equal(
	    lt_test_scalar(f->cat, "SELECT clearance FROM users WHERE login = 'an.nguyen'"), 2);

	/* the last enabled administrator can be neither disabled nor demoted */
	ch = (lt_user_change)LT_USER_CHANGE_INIT;
	ch.disabled = 1;
	assert_int_equal(lt_users_update(f->cat, "quan.tri", &ch, &err), LT_ESTATE);
	assert_non_null(strstr(err.message, "quan.tri"));
	ch = (lt_user_change)LT_USER_CHANGE_INIT;
	ch.role = "officer";
	assert_int_equal(lt_users_update(f->cat, "quan.tri", &ch, &err), LT_ESTATE);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM users WHERE role = 'admin'"
	                                        " AND disabled = 0"),
	                 1);
	/* with a second one, the first may go, but not by their own hand */
	assert_int_equal(lt_users_add(NULL, f->cat, &boss2, &err), LT_OK);
	lt_test_as(f->cat, "quan.tri");
	ch = (lt_user_change)LT_USER_CHANGE_INIT;
	ch.disabled = 1;
	assert_int_equal(lt_users_update(f->cat, "quan.tri", &ch, &err), LT_ESTATE);
	ch = (lt_user_change)LT_USER_CHANGE_INIT;
	ch.role = "archivist";
	assert_int_equal(lt_users_update(f->cat, "quan.tri", &ch, &err), LT_ESTATE);
	ch = (lt_user_change)LT_USER_CHANGE_INIT;
	ch.clearance = 2; /* their own particulars are theirs to keep right */
	assert_int_equal(lt_users_update(f->cat, "quan.tri", &ch, &err), LT_OK);
	/* disabling another ends their sessions and tokens */
	assert_int_equal(lt_users_session_new(sid, csrf, f->cat, boss_id, 3600, &err), LT_OK);
	assert_int_equal(lt_test_scalar(f->cat, "SELECT count(*) FROM users WHERE last_login_at"
	                                        " IS NOT NULL AND login = 'quan.tri'"),
	                 1);
	lt_test_as(f->cat, "quan.tri2");
	ch = (lt_user_change)LT_USER_CHANGE_INIT;
	ch.disabled = 1;
	assert_int_equal(lt_users_update(f->cat, "quan.tri", &ch, &err), LT_OK);
	assert_int_equal(lt_users_session_check(&u, NULL, f->cat, sid, &err), LT_EDENIED);
	/* now quan.tri2 is the last one */
	assert_int_equal(lt_users_update(f->cat, "quan.tri2", &ch, &err), LT_ESTATE);

	/* the list (with the last sign-in) is the administrator's alone */
	assert_int_equal(lt_users_list(&list, &n, f->cat, &err), LT_OK);
	assert_int_equal(n, 3);
	assert_string_equal(list[1].login, "quan.tri");
	assert_non_null(list[1].last_login_at);
	assert_null(list[2].last_login_at);
	lt_users_list_free(list, n);
	lt_test_as(f->cat, "an.nguyen");
	assert_int_equal(lt_users_list(&list, &n, f->cat, &err), LT_EDENIED);
	ch = (lt_user_change)LT_USER_CHANGE_INIT;
	ch.clearance = 3;
	assert_int_equal(lt_users_update(f->cat, "an.nguyen", &ch, &err), LT_EDENIED);
	lt_test_as(f->cat, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hash_format_and_verify),
	    cmocka_unit_test(test_short_password_refused),
	    cmocka_unit_test_setup_teardown(test_authenticate, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_add_validation, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sessions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_audit_row, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_update_and_guards, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
