/* archive/users.c — see users.h. */
#include "archive/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "archive/audit.h"
#include "archive/blobstore.h"
#include "core/text.h"

#define SCRYPT_N      32768u
#define SCRYPT_R      8u
#define SCRYPT_P      1u
#define SCRYPT_SALT   16
#define SCRYPT_KEY    32
#define SCRYPT_MAXMEM (256ull * 1024 * 1024)
#define USER_COLUMNS  "id, login, full_name, role, clearance, department, disabled, created_at"
#define ISO_NOW_SQL   "strftime('%Y-%m-%dT%H:%M:%SZ','now')"

static const char *const ROLES[] = {"archivist", "officer", "inspector", "approver", "admin"};

static char *dup_or_null(const unsigned char *s)
{
	return s ? strdup((const char *)s) : NULL;
}

void lt_user_free(lt_user *u)
{
	if (!u)
		return;
	free(u->login);
	free(u->full_name);
	free(u->role);
	free(u->department);
	free(u->created_at);
	free(u->last_login_at);
	free(u);
}

int lt_users_role_valid(const char *role)
{
	for (size_t i = 0; role && i < sizeof(ROLES) / sizeof(ROLES[0]); i++)
		if (strcmp(role, ROLES[i]) == 0)
			return 1;
	return 0;
}

static void to_hex(const unsigned char *in, size_t n, char *out)
{
	static const char hexd[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hexd[in[i] >> 4];
		out[2 * i + 1] = hexd[in[i] & 15];
	}
	out[2 * n] = '\0';
}

static int from_hex(const char *in, size_t hexlen, unsigned char *out)
{
	for (size_t i = 0; i < hexlen / 2; i++) {
		unsigned v = 0;
		for (int k = 0; k < 2; k++) {
			char c = in[2 * i + k];
			v <<= 4;
			if (c >= '0' && c <= '9')
				v |= (unsigned)(c - '0');
			else if (c >= 'a' && c <= 'f')
				v |= (unsigned)(c - 'a' + 10);
			else
				return -1;
		}
		out[i] = (unsigned char)v;
	}
	return 0;
}

static int scrypt_derive(unsigned char *key, size_t keylen, const char *password,
                         const unsigned char *salt, size_t saltlen, uint64_t n, uint32_t r,
                         uint32_t p)
{
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "SCRYPT", NULL);
	EVP_KDF_CTX *ctx = NULL;
	uint64_t maxmem = SCRYPT_MAXMEM;
	int ok = -1;
	OSSL_PARAM params[7];

	if (!kdf)
		return -1;
	ctx = EVP_KDF_CTX_new(kdf);
	if (ctx) {
		params[0] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
		                                              (void *)password, strlen(password));
		params[1] =
		    OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, saltlen);
		params[2] = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n);
		params[3] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r);
		params[4] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p);
		params[5] = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem);
		params[6] = OSSL_PARAM_construct_end();
		if (EVP_KDF_derive(ctx, key, keylen, params) == 1)
			ok = 0;
	}
	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(kdf);
	return ok;
}

int lt_users_password_hash(char **out, const char *password, lt_error *err)
{
	unsigned char salt[SCRYPT_SALT], key[SCRYPT_KEY];
	char salthex[2 * SCRYPT_SALT + 1], keyhex[2 * SCRYPT_KEY + 1];
	char buf[256];

	*out = NULL;
	if (!password || strlen(password) < LT_USERS_PASSWORD_MIN ||
	    strlen(password) > LT_USERS_PASSWORD_MAX)
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("mật khẩu phải dài từ %d đến %d byte",
		                          "a password must be %d to %d bytes long"),
		                    LT_USERS_PASSWORD_MIN, LT_USERS_PASSWORD_MAX);
	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return lt_error_set(err, LT_ERR,
		                    LT_TR("không tạo được số ngẫu nhiên (OpenSSL)",
		                          "cannot get random bytes (OpenSSL)"));
	if (scrypt_derive(key, sizeof(key), password, salt, sizeof(salt), SCRYPT_N, SCRYPT_R,
	                  SCRYPT_P) != 0)
		return lt_error_set(err, LT_ERR,
		                    LT_TR("không băm được mật khẩu (scrypt, OpenSSL)",
		                          "cannot hash the password (scrypt, OpenSSL)"));
	to_hex(salt, sizeof(salt), salthex);
	to_hex(key, sizeof(key), keyhex);
	OPENSSL_cleanse(key, sizeof(key));
	snprintf(buf, sizeof(buf), "scrypt$%u$%u$%u$%s$%s", SCRYPT_N, SCRYPT_R, SCRYPT_P, salthex,
	         keyhex);
	*out = strdup(buf);
	return *out ? LT_OK : lt_error_set(err, LT_ENOMEM, "out of memory");
}

int lt_users_password_verify(const char *encoded, const char *password)
{
	unsigned long n, r, p;
	char salthex[2 * 64 + 1], keyhex[2 * 64 + 1];
	unsigned char salt[64], want[64], got[64];
	size_t saltlen, keylen;
	int match;

	if (!encoded || !password)
		return 0;
	if (sscanf(encoded, "scrypt$%lu$%lu$%lu$%128[0-9a-f]$%128[0-9a-f]", &n, &r, &p, salthex,
	           keyhex) != 5)
		return 0;
	saltlen = strlen(salthex);
	keylen = strlen(keyhex);
	/* Refuse parameters that would let a stored string cost unbounded work. */
	if (saltlen % 2 || keylen % 2 || keylen < 32 || n < 2 || n > (1ul << 20) || (n & (n - 1)) ||
	    r < 1 || r > 32 || p < 1 || p > 16)
		return 0;
	if (from_hex(salthex, saltlen, salt) || from_hex(keyhex, keylen, want))
		return 0;
	if (scrypt_derive(got, keylen / 2, password, salt, saltlen / 2, n, (uint32_t)r,
	                  (uint32_t)p) != 0)
		return 0;
	match = CRYPTO_memcmp(got, want, keylen / 2) == 0;
	OPENSSL_cleanse(got, sizeof(got));
	return match;
}

/* ---- users -------------------------------------------------------------- */

static int login_valid(const char *login)
{
	size_t n = login ? strlen(login) : 0;
	if (n == 0 || n > LT_USERS_LOGIN_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = login[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

static lt_user *user_from_row(sqlite3_stmt *st)
{
	lt_user *u = calloc(1, sizeof(*u));
	if (!u)
		return NULL;
	u->id = sqlite3_column_int64(st, 0);
	u->login = dup_or_null(sqlite3_column_text(st, 1));
	u->full_name = dup_or_null(sqlite3_column_text(st, 2));
	u->role = dup_or_null(sqlite3_column_text(st, 3));
	u->clearance = sqlite3_column_int(st, 4);
	u->department = dup_or_null(sqlite3_column_text(st, 5));
	u->disabled = sqlite3_column_int(st, 6);
	u->created_at = dup_or_null(sqlite3_column_text(st, 7));
	if (!u->login || !u->role) {
		lt_user_free(u);
		return NULL;
	}
	return u;
}

static int prepare(lt_catalog *cat, sqlite3_stmt **st, const char *sql, lt_error *err)
{
	if (sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "users");
	return LT_OK;
}

/* Run a prepared single-user query. */
static int fetch_user(lt_user **out, lt_catalog *cat, sqlite3_stmt *st, lt_error *err,
                      const char *what)
{
	int rc = sqlite3_step(st);
	*out = NULL;
	if (rc == SQLITE_ROW) {
		*out = user_from_row(st);
		rc = *out ? LT_OK : lt_error_set(err, LT_ENOMEM, "out of memory");
	} else if (rc == SQLITE_DONE) {
		rc = lt_error_set(err, LT_ENOTFOUND,
		                  LT_TR("không tìm thấy người dùng %s", "no such user: %s"), what);
	} else {
		rc = lt_catalog_error(cat, err, "users");
	}
	sqlite3_finalize(st);
	return rc;
}

/* Accounts, roles and clearances are the administrator's (rule 41): the
 * catalog's principal must hold the admin role (the operator does). */
static int admin_only(lt_catalog *cat, lt_error *err)
{
	return lt_access_require(lt_catalog_principal(cat), LT_ROLE_ADMIN, 0, "quản lý người dùng",
	                         "manage users", err);
}

int lt_users_add(int64_t *out_id, lt_catalog *cat, const lt_user_new *nu, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	char *hash = NULL;
	int rc;

	if ((rc = admin_only(cat, err)) != 0)
		return rc;
	if (out_id)
		*out_id = 0;
	if (!login_valid(nu->login))
		return lt_error_set(
		    err, LT_EINVAL,
		    LT_TR("tên đăng nhập không hợp lệ: \"%s\" (chữ, số, . _ -; tối "
		          "đa %d ký tự)",
		          "invalid login: \"%s\" (letters, digits, . _ -; at most %d)"),
		    nu->login ? nu->login : "", LT_USERS_LOGIN_MAX);
	if (!lt_users_role_valid(nu->role))
		return lt_error_set(
		    err, LT_EINVAL,
		    LT_TR("vai trò không hợp lệ: %s (archivist, officer, inspector, "
		          "approver, admin)",
		          "invalid role: %s (archivist, officer, inspector, approver, "
		          "admin)"),
		    nu->role ? nu->role : "");
	if (nu->clearance < 0 || nu->clearance > 3)
		return lt_error_set(
		    err, LT_EINVAL,
		    LT_TR("mức mật được xem phải từ 0 đến 3: %d", "clearance must be 0 to 3: %d"),
		    nu->clearance);
	if (nu->password) {
		rc = lt_users_password_hash(&hash, nu->password, err);
		if (rc)
			return rc;
	}
	rc = prepare(
	    cat, &st,
	    "INSERT INTO users(login, full_name, role, clearance, department, password_hash)"
	    " VALUES (?, ?, ?, ?, ?, ?)",
	    err);
	if (rc == LT_OK) {
		sqlite3_bind_text(st, 1, nu->login, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, nu->full_name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, nu->role, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 4, nu->clearance);
		sqlite3_bind_text(st, 5, nu->department, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, hash, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = lt_catalog_error(cat, err, "users");
			if (rc == LT_EEXISTS)
				lt_error_set(
				    err, LT_EEXISTS,
				    LT_TR("tên đăng nhập đã có: %s", "login already taken: %s"),
				    nu->login);
		} else if (out_id) {
			*out_id = sqlite3_last_insert_rowid(lt_catalog_db(cat));
		}
	}
	sqlite3_finalize(st);
	free(hash);
	return rc;
}

int lt_users_get(lt_user **out, lt_catalog *cat, const char *login, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;
	*out = NULL;
	rc = prepare(cat, &st, "SELECT " USER_COLUMNS " FROM users WHERE login = ?", err);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, login ? login : "", -1, SQLITE_TRANSIENT);
	return fetch_user(out, cat, st, err, login ? login : "");
}

int lt_users_get_id(lt_user **out, lt_catalog *cat, int64_t id, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	char what[32];
	int rc;
	*out = NULL;
	rc = prepare(cat, &st, "SELECT " USER_COLUMNS " FROM users WHERE id = ?", err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	snprintf(what, sizeof(what), "#%lld", (long long)id);
	return fetch_user(out, cat, st, err, what);
}

int lt_users_list(lt_user **out, size_t *n, lt_catalog *cat, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_user *arr = NULL;
	size_t cnt = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = admin_only(cat, err)) != 0)
		return rc;
	rc = prepare(cat, &st, "SELECT " USER_COLUMNS ", last_login_at FROM users ORDER BY login",
	             err);
	if (rc)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		lt_user *u;
		if (cnt == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			lt_user *na = realloc(arr, ncap * sizeof(*arr));
			if (!na)
				break;
			arr = na;
			cap = ncap;
		}
		u = user_from_row(st);
		if (!u)
			break;
		u->last_login_at = dup_or_null(sqlite3_column_text(st, 8));
		arr[cnt++] = *u;
		free(u);
	}
	if (rc != SQLITE_DONE) {
		rc = rc == SQLITE_ROW ? lt_error_set(err, LT_ENOMEM, "out of memory")
		                      : lt_catalog_error(cat, err, "users");
		sqlite3_finalize(st);
		lt_users_list_free(arr, cnt);
		return rc;
	}
	sqlite3_finalize(st);
	*out = arr;
	*n = cnt;
	return LT_OK;
}

void lt_users_list_free(lt_user *users, size_t n)
{
	for (size_t i = 0; users && i < n; i++) {
		free(users[i].login);
		free(users[i].full_name);
		free(users[i].role);
		free(users[i].department);
		free(users[i].created_at);
		free(users[i].last_login_at);
	}
	free(users);
}

/* UPDATE one user by login; LT_ENOTFOUND when no row changed. */
static int update_user(lt_catalog *cat, const char *sql, const char *text, int ival,
                       const char *login, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(cat, &st, sql, err);
	if (rc)
		return rc;
	if (text)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_int(st, 1, ival);
	sqlite3_bind_text(st, 2, login, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "users");
	else if (sqlite3_changes(lt_catalog_db(cat)) == 0)
		rc = lt_error_set(err, LT_ENOTFOUND,
		                  LT_TR("không tìm thấy người dùng %s", "no such user: %s"), login);
	sqlite3_finalize(st);
	return rc;
}

int lt_users_set_password(lt_catalog *cat, const char *login, const char *password, lt_error *err)
{
	char *hash = NULL;
	int rc = admin_only(cat, err);
	if (rc == 0)
		rc = lt_users_password_hash(&hash, password, err);
	if (rc)
		return rc;
	rc = update_user(
	    cat, "UPDATE users SET password_hash = ?, updated_at = " ISO_NOW_SQL " WHERE login = ?",
	    hash, 0, login, err);
	free(hash);
	return rc;
}

int lt_users_set_disabled(lt_catalog *cat, const char *login, int disabled, lt_error *err)
{
	lt_user_change ch = LT_USER_CHANGE_INIT;
	ch.disabled = disabled ? 1 : 0;
	return lt_users_update(cat, login, &ch, err);
}

static int enabled_admins(lt_catalog *cat, int *n, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(cat, &st,
	                 "SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0", err);
	if (rc)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = sqlite3_column_int(st, 0);
	else
		rc = lt_catalog_error(cat, err, "users");
	sqlite3_finalize(st);
	return rc;
}

static int text_ok(const char *what, const char *s, lt_error *err)
{
	if (!s)
		return LT_OK;
	if (strlen(s) > LT_USERS_TEXT_MAX)
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("%s dài quá %d byte", "%s is longer than %d bytes"), what,
		                    LT_USERS_TEXT_MAX);
	if (lt_text_validate(s, strlen(s), err) != LT_OK)
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("%s không phải UTF-8 hợp lệ", "%s is not valid UTF-8"),
		                    what);
	return LT_OK;
}

/* Bind NULL for "", the text otherwise. */
static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

int lt_users_update(lt_catalog *cat, const char *login, const lt_user_change *ch, lt_error *err)
{
	const lt_principal *me = lt_catalog_principal(cat);
	lt_user *u = NULL;
	sqlite3_stmt *st = NULL;
	int rc, before = 0, after = 0;

	if ((rc = admin_only(cat, err)) != 0)
		return rc;
	if (ch->role && !lt_users_role_valid(ch->role))
		return lt_error_set(
		    err, LT_EINVAL,
		    LT_TR(
		        "vai trò không hợp lệ: %s (archivist, officer, inspector, approver, admin)",
		        "invalid role: %s (archivist, officer, inspector, approver, admin)"),
		    ch->role);
	if (ch->clearance < -1 || ch->clearance > 3)
		return lt_error_set(
		    err, LT_EINVAL,
		    LT_TR("mức mật được xem phải từ 0 đến 3: %d", "clearance must be 0 to 3: %d"),
		    ch->clearance);
	if (ch->disabled < -1 || ch->disabled > 1)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("disabled phải là 0 hoặc 1", "disabled must be 0 or 1"));
	if ((rc = text_ok(LT_TR("họ tên", "the full name"), ch->full_name, err)) != 0 ||
	    (rc = text_ok(LT_TR("đơn vị", "the department"), ch->department, err)) != 0)
		return rc;
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	if ((rc = lt_users_get(&u, cat, login ? login : "", err)) != 0 ||
	    (rc = enabled_admins(cat, &before, err)) != 0)
		goto fail;
	/* Nobody locks themself out by a slip: another administrator does it. */
	if (me && me->user_id > 0 && me->user_id == u->id &&
	    (ch->disabled == 1 || (ch->role && strcmp(ch->role, u->role) != 0))) {
		rc =
		    lt_error_set(err, LT_ESTATE, "%s",
		                 LT_TR("không tự khóa hoặc tự đổi vai trò của mình được; một người "
		                       "quản trị khác làm việc này",
		                       "you cannot disable yourself or change your own role; "
		                       "another administrator does it"));
		goto fail;
	}
	rc = prepare(cat, &st,
	             "UPDATE main.users SET role = coalesce(?1, role),"
	             " clearance = CASE WHEN ?2 < 0 THEN clearance ELSE ?2 END,"
	             " full_name = CASE WHEN ?3 THEN ?4 ELSE full_name END,"
	             " department = CASE WHEN ?5 THEN ?6 ELSE department END,"
	             " disabled = CASE WHEN ?7 < 0 THEN disabled ELSE ?7 END,"
	             " updated_at = " ISO_NOW_SQL " WHERE id = ?8",
	             err);
	if (rc)
		goto fail;
	if (ch->role)
		sqlite3_bind_text(st, 1, ch->role, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, ch->clearance);
	sqlite3_bind_int(st, 3, ch->full_name != NULL);
	bind_text_or_null(st, 4, ch->full_name);
	sqlite3_bind_int(st, 5, ch->department != NULL);
	bind_text_or_null(st, 6, ch->department);
	sqlite3_bind_int(st, 7, ch->disabled);
	sqlite3_bind_int64(st, 8, u->id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "users");
	sqlite3_finalize(st);
	if (rc == LT_OK)
		rc = enabled_admins(cat, &after, err);
	if (rc == LT_OK && before > 0 && after == 0)
		rc = lt_error_set(
		    err, LT_ESTATE,
		    LT_TR("%s là người quản trị cuối cùng còn hoạt động: không khóa hay "
		          "đổi vai trò được (thêm một người quản trị khác trước)",
		          "%s is the last enabled administrator: it cannot be disabled "
		          "or demoted (add another administrator first)"),
		    u->login);
	if (rc == LT_OK && ch->disabled == 1) {
		const char *sqls[] = {
		    "DELETE FROM main.sessions WHERE user_id = ?",
		    "UPDATE main.api_tokens SET revoked_at = " ISO_NOW_SQL
		    " WHERE revoked_at IS NULL AND user_id = ?",
		};
		for (size_t i = 0; rc == LT_OK && i < 2; i++) {
			if ((rc = prepare(cat, &st, sqls[i], err)) != 0)
				break;
			sqlite3_bind_int64(st, 1, u->id);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = lt_catalog_error(cat, err, "users");
			sqlite3_finalize(st);
		}
	}
	if (rc)
		goto fail;
	lt_user_free(u);
	return lt_catalog_commit(cat, err);
fail:
	lt_user_free(u);
	lt_catalog_rollback(cat);
	return rc;
}

void lt_users_change_detail(const lt_user_change *ch, char *out, size_t n)
{
	size_t k = 0;
	out[0] = '\0';
	if (ch->role)
		k += (size_t)snprintf(out + k, n - k, "role=%s ", ch->role);
	if (ch->clearance >= 0 && k < n)
		k += (size_t)snprintf(out + k, n - k, "clearance=%d ", ch->clearance);
	if (ch->department && k < n)
		k += (size_t)snprintf(out + k, n - k, "department ");
	if (ch->full_name && k < n)
		k += (size_t)snprintf(out + k, n - k, "fullName ");
	if (ch->disabled >= 0 && k < n)
		k += (size_t)snprintf(out + k, n - k, "disabled=%d ", ch->disabled);
	if (k > 0 && k < n)
		out[k - 1] = '\0';
}

/* 1 when the users table is empty (a fresh data directory), so a refused
 * sign-in can say how to begin instead of "wrong password". */
static int no_users(lt_catalog *cat)
{
	sqlite3_stmt *st = NULL;
	int empty = 0;
	if (sqlite3_prepare_v2(lt_catalog_db(cat), "SELECT NOT EXISTS (SELECT 1 FROM users)", -1,
	                       &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		empty = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return empty;
}

int lt_users_authenticate(lt_user **out, lt_catalog *cat, const char *login, const char *password,
                          lt_error *err)
{
	/* A valid hash of a random string: verifying against it costs what a
	 * real check costs, so timing does not reveal unknown logins. */
	static const char DUMMY[] =
	    "scrypt$32768$8$1$00112233445566778899aabbccddeeff$"
	    "0000000000000000000000000000000000000000000000000000000000000000";
	sqlite3_stmt *st = NULL;
	char *hash = NULL;
	lt_user *u = NULL;
	int rc, ok = 0;

	*out = NULL;
	rc = prepare(cat, &st, "SELECT " USER_COLUMNS ", password_hash FROM users WHERE login = ?",
	             err);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, login ? login : "", -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		u = user_from_row(st);
		hash = dup_or_null(sqlite3_column_text(st, 8));
	} else if (rc != SQLITE_DONE) {
		rc = lt_catalog_error(cat, err, "users");
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_finalize(st);
	ok = lt_users_password_verify(hash ? hash : DUMMY, password ? password : "");
	free(hash);
	if (!u && no_users(cat))
		return lt_error_set(
		    err, LT_EDENIED,
		    LT_TR("chưa có người dùng nào: người quản trị tạo tài khoản đầu tiên bằng "
		          "`luutru user add TÊN --role admin --clearance 3` trên máy chủ",
		          "no user exists yet: the administrator creates the first account with "
		          "`luutru user add NAME --role admin --clearance 3` on the server"));
	if (!u || !ok || u->disabled) {
		lt_user_free(u);
		return lt_error_set(
		    err, LT_EDENIED,
		    LT_TR("sai tên đăng nhập hoặc mật khẩu", "wrong login or password"));
	}
	*out = u;
	return LT_OK;
}

/* ---- tokens and sessions ----------------------------------------------- */

int lt_users_random_hex(char out[LT_USERS_TOKEN_HEX_LEN + 1], lt_error *err)
{
	unsigned char raw[LT_USERS_TOKEN_HEX_LEN / 2];
	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return lt_error_set(err, LT_ERR,
		                    LT_TR("không tạo được số ngẫu nhiên (OpenSSL)",
		                          "cannot get random bytes (OpenSSL)"));
	to_hex(raw, sizeof(raw), out);
	OPENSSL_cleanse(raw, sizeof(raw));
	return LT_OK;
}

void lt_users_token_hash(const char *token, char out[LT_USERS_TOKEN_HEX_LEN + 1])
{
	lt_sha256_hex(token, strlen(token), out);
}

int lt_users_token_new(char token[LT_USERS_TOKEN_HEX_LEN + 1], lt_catalog *cat, int64_t user_id,
                       const char *label, lt_error *err)
{
	char hash[LT_USERS_TOKEN_HEX_LEN + 1];
	sqlite3_stmt *st = NULL;
	int rc = admin_only(cat, err);
	if (rc == 0)
		rc = lt_users_random_hex(token, err);
	if (rc)
		return rc;
	lt_users_token_hash(token, hash);
	rc = prepare(cat, &st,
	             "INSERT INTO api_tokens(user_id, token_hash, label) VALUES (?, ?, ?)", err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, label, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "api_tokens");
	sqlite3_finalize(st);
	if (rc)
		memset(token, 0, LT_USERS_TOKEN_HEX_LEN + 1);
	return rc;
}

static int denied(lt_error *err)
{
	return lt_error_set(err, LT_EDENIED,
	                    LT_TR("chưa đăng nhập hoặc phiên/mã truy cập không hợp lệ",
	                          "not signed in, or the session/token is not valid"));
}

static int token_shape_ok(const char *t)
{
	if (!t || strlen(t) != LT_USERS_TOKEN_HEX_LEN)
		return 0;
	for (const char *p = t; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return 1;
}

int lt_users_token_check(lt_user **out, lt_catalog *cat, const char *token, lt_error *err)
{
	char hash[LT_USERS_TOKEN_HEX_LEN + 1];
	sqlite3_stmt *st = NULL;
	int rc;

	*out = NULL;
	if (!token_shape_ok(token))
		return denied(err);
	lt_users_token_hash(token, hash);
	rc = prepare(cat, &st,
	             "SELECT u.id, u.login, u.full_name, u.role, u.clearance, u.department,"
	             " u.disabled, u.created_at FROM api_tokens t JOIN users u ON u.id = t.user_id"
	             " WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled = 0",
	             err);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
	rc = fetch_user(out, cat, st, err, "token");
	return rc == LT_ENOTFOUND ? denied(err) : rc;
}

int lt_users_session_new(char sid[LT_USERS_TOKEN_HEX_LEN + 1],
                         char csrf[LT_USERS_TOKEN_HEX_LEN + 1], lt_catalog *cat, int64_t user_id,
                         long ttl_seconds, lt_error *err)
{
	char hash[LT_USERS_TOKEN_HEX_LEN + 1], expires[32];
	time_t at = time(NULL) + ttl_seconds;
	struct tm tm;
	sqlite3_stmt *st = NULL;
	int rc = lt_users_random_hex(sid, err);

	if (rc == LT_OK)
		rc = lt_users_random_hex(csrf, err);
	if (rc)
		return rc;
	gmtime_r(&at, &tm);
	strftime(expires, sizeof(expires), "%Y-%m-%dT%H:%M:%SZ", &tm);
	lt_users_token_hash(sid, hash);
	rc = prepare(
	    cat, &st,
	    "INSERT INTO sessions(id_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)",
	    err);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_text(st, 3, csrf, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, expires, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "sessions");
	sqlite3_finalize(st);
	/* The last sign-in, for the administrator's list. */
	if (rc == LT_OK &&
	    (rc = prepare(cat, &st,
	                  "UPDATE main.users SET last_login_at = " ISO_NOW_SQL " WHERE id = ?",
	                  err)) == LT_OK) {
		sqlite3_bind_int64(st, 1, user_id);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = lt_catalog_error(cat, err, "users");
		sqlite3_finalize(st);
	}
	return rc;
}

int lt_users_session_check(lt_user **out, char csrf[LT_USERS_TOKEN_HEX_LEN + 1], lt_catalog *cat,
                           const char *sid, lt_error *err)
{
	char hash[LT_USERS_TOKEN_HEX_LEN + 1];
	sqlite3_stmt *st = NULL;
	int rc;

	*out = NULL;
	if (!token_shape_ok(sid))
		return denied(err);
	lt_users_token_hash(sid, hash);
	rc = prepare(cat, &st,
	             "SELECT u.id, u.login, u.full_name, u.role, u.clearance, u.department,"
	             " u.disabled, u.created_at, s.csrf_token FROM sessions s"
	             " JOIN users u ON u.id = s.user_id WHERE s.id_hash = ? AND u.disabled = 0"
	             " AND s.expires_at > " ISO_NOW_SQL,
	             err);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = user_from_row(st);
		if (csrf) {
			const unsigned char *c = sqlite3_column_text(st, 8);
			snprintf(csrf, LT_USERS_TOKEN_HEX_LEN + 1, "%s", c ? (const char *)c : "");
		}
		rc = *out ? LT_OK : lt_error_set(err, LT_ENOMEM, "out of memory");
	} else if (rc == SQLITE_DONE) {
		rc = denied(err);
	} else {
		rc = lt_catalog_error(cat, err, "sessions");
	}
	sqlite3_finalize(st);
	return rc;
}

int lt_users_session_end(lt_catalog *cat, const char *sid, lt_error *err)
{
	char hash[LT_USERS_TOKEN_HEX_LEN + 1];
	sqlite3_stmt *st = NULL;
	int rc = prepare(
	    cat, &st, "DELETE FROM sessions WHERE id_hash = ? OR expires_at <= " ISO_NOW_SQL, err);
	if (rc)
		return rc;
	lt_users_token_hash(sid ? sid : "", hash);
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "sessions");
	sqlite3_finalize(st);
	return rc;
}

int lt_users_audit(lt_catalog *cat, const char *who, const char *action, const char *object,
                   const char *detail, lt_error *err)
{
	/* The hash-chained log (archive/audit.h); it joins an open transaction. */
	return lt_audit_append(cat, who ? who : "-", action, object, detail, NULL, err);
}
