/*
 * archive/users.h — the service's accounts: users, roles, clearance,
 * passwords, API tokens and browser sessions.
 *
 * Only hashes are stored. Passwords: scrypt (OpenSSL EVP_KDF "SCRYPT",
 * N=2^15, r=8, p=1, 16 random salt bytes, 32-byte key), encoded
 * "scrypt$N$r$p$<salt hex>$<hash hex>" and compared in constant time
 * (CRYPTO_memcmp). API tokens and session ids: 32 random bytes shown once
 * as 64 hex digits; the catalog keeps their SHA-256. A session carries its
 * own CSRF token and an expiry; an expired, unknown or disabled-user session
 * is refused exactly like a missing one (LT_EDENIED).
 *
 * Roles: archivist, officer, inspector, approver, admin. Clearance 0..3 is
 * the highest secrecy (độ mật) the user may see. lt_user values are
 * returned through **out and freed with lt_user_free() (NULL ok).
 *
 * Every function takes the caller's lt_catalog: one connection, one thread
 * at a time (archive/catalog.h).
 */
#ifndef LT_ARCHIVE_USERS_H
#define LT_ARCHIVE_USERS_H

#include <stddef.h>
#include <stdint.h>

#include "archive/catalog.h"
#include "core/error.h"

#define LT_USERS_TOKEN_HEX_LEN 64 /* tokens, session ids, CSRF tokens */
#define LT_USERS_LOGIN_MAX     64
#define LT_USERS_PASSWORD_MIN  8
#define LT_USERS_PASSWORD_MAX  1024

typedef struct lt_user {
	int64_t id;
	char *login;
	char *full_name;  /* may be NULL */
	char *role;       /* "archivist", "officer", "inspector", "approver", "admin" */
	int clearance;    /* 0..3 */
	char *department; /* may be NULL */
	int disabled;
	char *created_at;
	char *last_login_at; /* last web sign-in; filled by lt_users_list only, may be NULL */
} lt_user;

void lt_user_free(lt_user *u);

/* 1 when role is one of the five roles. */
int lt_users_role_valid(const char *role);

/* ---- passwords ---------------------------------------------------------- */

/* scrypt-hash password with a fresh random salt; *out is malloc'd ("scrypt$…"). */
int lt_users_password_hash(char **out, const char *password, lt_error *err);
/* 1 when password matches encoded, 0 when not or when encoded is malformed. */
int lt_users_password_verify(const char *encoded, const char *password);

/* ---- users -------------------------------------------------------------- */

typedef struct lt_user_new {
	const char *login;      /* [A-Za-z0-9._-], 1..LT_USERS_LOGIN_MAX */
	const char *full_name;  /* optional */
	const char *role;       /* required */
	int clearance;          /* 0..3 */
	const char *department; /* optional */
	const char *password;   /* optional (token-only users); >= 8 bytes */
} lt_user_new;

/* Create a user; LT_EEXISTS when the login is taken, LT_EINVAL on a bad value. */
int lt_users_add(int64_t *out_id, lt_catalog *cat, const lt_user_new *nu, lt_error *err);
/* By login; LT_ENOTFOUND when unknown. */
int lt_users_get(lt_user **out, lt_catalog *cat, const char *login, lt_error *err);
int lt_users_get_id(lt_user **out, lt_catalog *cat, int64_t id, lt_error *err);
/* All users ordered by login (the administrator's: LT_EDENIED unless the
 * catalog's principal is an admin or the system): *out is a malloc'd array
 * of *n users, freed with lt_users_list_free(). */
int lt_users_list(lt_user **out, size_t *n, lt_catalog *cat, lt_error *err);
void lt_users_list_free(lt_user *users, size_t n);
int lt_users_set_password(lt_catalog *cat, const char *login, const char *password, lt_error *err);
/* Disabling also ends the user's sessions and revokes their tokens
 * (lt_users_update with only `disabled`). */
int lt_users_set_disabled(lt_catalog *cat, const char *login, int disabled, lt_error *err);

/* A change of a user's rights and particulars; what is left at its
 * LT_USER_CHANGE_INIT value stays as it is. */
typedef struct lt_user_change {
	const char *role;       /* NULL: unchanged */
	int clearance;          /* 0..3; -1: unchanged */
	const char *full_name;  /* NULL: unchanged; "": none */
	const char *department; /* NULL: unchanged; "": none */
	int disabled;           /* 0/1; -1: unchanged */
} lt_user_change;
#define LT_USER_CHANGE_INIT                                                                        \
	{                                                                                          \
		NULL, -1, NULL, NULL, -1                                                           \
	}
#define LT_USERS_TEXT_MAX 200 /* bytes of a full name or department */

/*
 * Change a user, all or nothing, as the administrator (LT_EDENIED
 * otherwise). Refused, nothing changed:
 *   - a bad role, clearance, or a name/department that is not UTF-8 or
 *     longer than LT_USERS_TEXT_MAX (LT_EINVAL); an unknown login
 *     (LT_ENOTFOUND);
 *   - a change that would leave no enabled administrator while there was
 *     one (disabling or demoting the last one) (LT_ESTATE);
 *   - a person disabling or demoting themself (LT_ESTATE: another
 *     administrator does it, so nobody locks themself out by a slip).
 * Disabling ends the user's sessions and revokes their API tokens.
 */
int lt_users_update(lt_catalog *cat, const char *login, const lt_user_change *ch, lt_error *err);
/* The audit detail of a change, the same from every path: "role=archivist
 * clearance=2 department fullName disabled=1" (what changed, never the
 * text of a name). */
void lt_users_change_detail(const lt_user_change *ch, char *out, size_t n);

/* Check a login and password. Unknown login, wrong password, disabled user
 * and a user without password all give LT_EDENIED with the same message;
 * the time taken does not tell them apart (a dummy hash is verified). */
int lt_users_authenticate(lt_user **out, lt_catalog *cat, const char *login, const char *password,
                          lt_error *err);

/* ---- tokens and sessions ----------------------------------------------- */

/* 32 random bytes as 64 lower-case hex digits + NUL. */
int lt_users_random_hex(char out[LT_USERS_TOKEN_HEX_LEN + 1], lt_error *err);
/* SHA-256 hex of a token (what the catalog stores). */
void lt_users_token_hash(const char *token, char out[LT_USERS_TOKEN_HEX_LEN + 1]);

/* A new API token for user_id; `token` receives the only clear copy. */
int lt_users_token_new(char token[LT_USERS_TOKEN_HEX_LEN + 1], lt_catalog *cat, int64_t user_id,
                       const char *label, lt_error *err);
/* The enabled user owning a non-revoked token; LT_EDENIED otherwise. */
int lt_users_token_check(lt_user **out, lt_catalog *cat, const char *token, lt_error *err);

/* A session lasting ttl_seconds (may be <= 0 for tests: already expired).
 * sid and csrf receive the clear values. */
int lt_users_session_new(char sid[LT_USERS_TOKEN_HEX_LEN + 1],
                         char csrf[LT_USERS_TOKEN_HEX_LEN + 1], lt_catalog *cat, int64_t user_id,
                         long ttl_seconds, lt_error *err);
/* The enabled user of a live session, and its CSRF token (csrf may be NULL). */
int lt_users_session_check(lt_user **out, char csrf[LT_USERS_TOKEN_HEX_LEN + 1], lt_catalog *cat,
                           const char *sid, lt_error *err);
/* End a session (unknown is not an error); also drops expired sessions. */
int lt_users_session_end(lt_catalog *cat, const char *sid, lt_error *err);

/* ---- audit -------------------------------------------------------------- */

/* Append one audit_log row (who, action, object, detail). The single place
 * the service writes the audit log: lt_audit_append (hash-chained). */
int lt_users_audit(lt_catalog *cat, const char *who, const char *action, const char *object,
                   const char *detail, lt_error *err);

#endif
