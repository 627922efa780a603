/*
 * archive/access.h — who is asking, and the one visibility rule.
 *
 * Every catalog connection (archive/catalog.h) carries a principal: the
 * person (or the system) on whose behalf it reads and writes. The rule
 * (docs/security.md) is that a principal below an object's secrecy (độ mật)
 * learns nothing of it — not its row, its words, its place in a list, its
 * part of a count or a total:
 *
 *   - a record is visible when records.secrecy <= clearance;
 *   - a dossier is visible when its own secrecy and that of every record
 *     filed in it are <= clearance (a dossier is at the highest level of
 *     its contents, as a file of documents is marked with the highest
 *     secrecy of what it holds);
 *   - everything that belongs to records or dossiers (pages, files, jobs,
 *     edit history, filings, lifecycle events, register entries, links,
 *     tasks, holds, alerts, destruction lists, transfers, audit entries
 *     naming them) is visible when what it belongs to is;
 *   - a secret register (DEN-MAT, DI-MAT) is visible from clearance 1.
 *
 * How it is enforced, in one place for every path: lt_access_install()
 * gives the connection TEMP views named like the tables they guard
 * (temp.records over main.records, ...). SQLite resolves an unqualified
 * table name in the temp schema first, so every read — `SELECT ... FROM
 * records` in any file, present or future — sees only the rows the
 * principal may see, with counts and totals computed over them. The filter
 * calls lt_clearance(), a function of the connection that returns the
 * bound principal's clearance. Writes name the table itself (`UPDATE
 * main.records ...`; an unqualified write fails with "cannot modify
 * records because it is a view", loudly), and TEMP triggers refuse any
 * write that would create, change or remove a record or dossier above the
 * principal's clearance ("lt-access" errors, mapped to LT_EDENIED by
 * lt_catalog_error()).
 *
 * Every table of the catalog is named in access.c's table list, either
 * with its filter or as holding no record data; tests/unit/test_access.c
 * fails on a table that is neither, and on a view whose columns differ from
 * its table's.
 *
 * Roles are checked where the act is done (retention/disposition.c for the
 * destruction steps, ...) against the principal's roles, so the CLI and the
 * HTTP API obey the same rule.
 */
#ifndef LT_ARCHIVE_ACCESS_H
#define LT_ARCHIVE_ACCESS_H

#include <sqlite3.h>
#include <stdint.h>

#include "core/error.h"

/* Roles (users.role), as bits. */
enum {
	LT_ROLE_ARCHIVIST = 1 << 0,
	LT_ROLE_OFFICER = 1 << 1,
	LT_ROLE_INSPECTOR = 1 << 2,
	LT_ROLE_APPROVER = 1 << 3,
	LT_ROLE_ADMIN = 1 << 4,
	LT_ROLE_ANY = 0x1f,
};

#define LT_PRINCIPAL_LOGIN_MAX 80

typedef struct lt_principal {
	int64_t user_id; /* users.id; 0 for the system (no person) */
	char login[LT_PRINCIPAL_LOGIN_MAX];
	unsigned roles; /* LT_ROLE_* bits */
	int clearance;  /* highest secrecy seen, 0..3; -1 sees no record */
} lt_principal;

/* The system: the operator who owns the data directory at the command
 * line, the background workers. Sees everything, holds every role, is
 * no person (user_id 0). */
extern const lt_principal LT_PRINCIPAL_SYSTEM;
/* Nobody: sees no record, holds no role. A connection of the HTTP service
 * is bound to it between requests. */
extern const lt_principal LT_PRINCIPAL_NOBODY;

/* The role bit of a role name ("archivist" → LT_ROLE_ARCHIVIST); 0 for an
 * unknown name. */
unsigned lt_access_role_bit(const char *role);

/* A principal for a user (login, role name, clearance). */
void lt_access_principal_user(lt_principal *out, int64_t user_id, const char *login,
                              const char *role, int clearance);

/* 1 when a sees everything b sees (a's clearance is at least b's): for
 * what is kept outside the catalog on b's behalf, such as the report of an
 * import in progress. */
int lt_access_sees_all_of(const lt_principal *a, const lt_principal *b);

/* 1 when p holds at least one of the roles. */
int lt_access_has_role(const lt_principal *p, unsigned roles);

/* LT_EDENIED with a message naming the act ("đề nghị tiêu hủy" / "propose a
 * destruction") unless p holds one of roles and, when person is set, is a
 * person (user_id > 0): legal acts are done by a named, authenticated user,
 * never by the bare system. Returns 0 when allowed. */
int lt_access_require(const lt_principal *p, unsigned roles, int person, const char *act_vi,
                      const char *act_en, lt_error *err);

/* Work on the archive as a whole (verify, backup, restore) sees and
 * reports on every record: LT_EDENIED unless p is the system or an admin
 * of clearance 3. */
int lt_access_require_whole(const lt_principal *p, const char *act_vi, const char *act_en,
                            lt_error *err);

/* Install the guard on a connection (archive/catalog.c, at open, after the
 * migrations): the lt_clearance() function reading *principal and
 * lt_isolated() reading *isolated (both must outlive the connection), the
 * TEMP views and the TEMP triggers — among them rule 43's: a record or
 * dossier marked Mật or above (or access regime 03) is refused while the
 * deployment is not isolated ("lt-isolated" errors). */
int lt_access_install(sqlite3 *db, const lt_principal *principal, const int *isolated,
                      lt_error *err);

/* The tables of the catalog, in the order access.c lists them, and whether
 * each is guarded by a view (1) or holds no record data (0); NULL past
 * the end. For tests/unit/test_access.c. */
const char *lt_access_table(size_t i, int *guarded);

/* 1 when an SQLite error message is one of the guard's refusals. */
int lt_access_is_refusal(const char *sqlite_message);

#endif
