/*
 * archive/access.c — the visibility rule as TEMP views and triggers on
 * each catalog connection (archive/access.h has the rule and why).
 *
 * Invariants:
 *   1. Every table of main is in GUARDS[]: with a filter (a TEMP view of
 *      the same name and the same columns shadows it) or with NULL (it
 *      holds no record data). test_access.c checks both against the live
 *      schema, so a table added by a later migration cannot be forgotten.
 *   2. Filters read main.* tables only, never another view, so no view
 *      depends on another and each one is flattened by SQLite into the
 *      query that uses it (indexes still apply).
 *   3. At clearance 3 every row is visible; each filter starts with
 *      "lt_clearance() >= 3 OR ..." so the system and fully cleared users
 *      pay for one function call per row, not for the lookups.
 *   4. The views are made at open, after the migrations, so a column added
 *      later is in its view at the next open: t.* (expanded where the view
 *      is used), or, where columns are masked, from PRAGMA main.table_info.
 */
#include "archive/access.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"

const lt_principal LT_PRINCIPAL_SYSTEM = {0, "system", LT_ROLE_ANY, 3};
const lt_principal LT_PRINCIPAL_NOBODY = {0, "", 0, -1};

#define C "lt_clearance()"

/* A record id expression is visible. */
#define REC_VISIBLE(id)                                                                            \
	"EXISTS (SELECT 1 FROM main.records r_ WHERE r_.id = " id " AND r_.secrecy <= " C ")"
/* Dossier row d_ is visible: its own level and each of its records'. */
#define DOSSIER_ROW_VISIBLE(d)                                                                     \
	"(" d ".secrecy <= " C " AND NOT EXISTS (SELECT 1 FROM main.dossier_records x_"            \
	" JOIN main.records y_ ON y_.id = x_.record_id WHERE x_.dossier_id = " d ".id"             \
	" AND y_.secrecy > " C "))"
/* A dossier id expression is visible. */
#define DOSSIER_VISIBLE(id)                                                                        \
	"EXISTS (SELECT 1 FROM main.dossiers d_ WHERE d_.id = " id                                 \
	" AND " DOSSIER_ROW_VISIBLE("d_") ")"
#define REGISTER_VISIBLE(id)                                                                       \
	"EXISTS (SELECT 1 FROM main.registers g_ WHERE g_.id = " id " AND (g_.secret = 0 OR " C    \
	" >= 1))"
/* Record t is filed in (or names) a dossier the principal may not see:
 * its dossier code, archive code and ordinal are then not shown. */
/* clang-format off */
#define REC_IN_HIDDEN_DOSSIER \
	"(EXISTS (SELECT 1 FROM main.dossier_records z_ JOIN main.dossiers d_" \
	"  ON d_.id = z_.dossier_id WHERE z_.record_id = t.id" \
	"  AND NOT " DOSSIER_ROW_VISIBLE("d_") ")" \
	" OR EXISTS (SELECT 1 FROM main.dossiers d_ WHERE d_.file_code = t.file_code" \
	"  AND NOT " DOSSIER_ROW_VISIBLE("d_") "))"
/* clang-format on */
#define UNLESS_HIDDEN_DOSSIER(col)                                                                 \
	"CASE WHEN " C " >= 3 OR NOT " REC_IN_HIDDEN_DOSSIER " THEN t." col " END"
/* An audit entry names a record or dossier the principal may not see (by
 * uid, docId, "record:<id>", fileCode). */
/* clang-format off */
#define AUDIT_NAMES_HIDDEN \
	"(t.object IS NOT NULL AND (" \
	" EXISTS (SELECT 1 FROM main.records r_ WHERE r_.uid = t.object AND r_.secrecy > " C ")" \
	" OR EXISTS (SELECT 1 FROM main.records r_ WHERE r_.doc_id = t.object" \
	"  AND r_.secrecy > " C ")" \
	" OR (t.object GLOB 'record:[0-9]*' AND EXISTS (SELECT 1 FROM main.records r_" \
	"  WHERE r_.id = CAST(substr(t.object, 8) AS INTEGER) AND r_.secrecy > " C "))" \
	" OR EXISTS (SELECT 1 FROM main.dossiers d_ WHERE (d_.uid = t.object" \
	"  OR d_.file_code = t.object) AND NOT " DOSSIER_ROW_VISIBLE("d_") ")" \
	" OR (t.object GLOB 'dossier:[0-9]*'" \
	"  AND NOT " DOSSIER_VISIBLE("CAST(substr(t.object, 9) AS INTEGER)") ")" \
	" OR (t.object GLOB 'disposition:[0-9]*' AND EXISTS (SELECT 1" \
	"  FROM main.disposition_items i_ WHERE i_.batch_id = CAST(substr(t.object, 13)" \
	"  AS INTEGER) AND NOT " DOSSIER_VISIBLE("i_.dossier_id") "))))"
/* clang-format on */

typedef struct guard {
	const char *table;
	const char *filter; /* on alias t; NULL: no record data, not guarded */
	/* columns shown otherwise: "name", "expression" pairs, NULL-ended */
	const char *masks[8];
} guard;

static const guard GUARDS[] = {
    {"records",
     "t.secrecy <= " C,
     {"file_code", UNLESS_HIDDEN_DOSSIER("file_code"), "doc_code",
      UNLESS_HIDDEN_DOSSIER("doc_code"), "doc_ordinal", UNLESS_HIDDEN_DOSSIER("doc_ordinal"),
      NULL}},
    {"pages", REC_VISIBLE("t.record_id"), {NULL}},
    {"record_files", REC_VISIBLE("t.record_id"), {NULL}},
    {"jobs", REC_VISIBLE("t.record_id"), {NULL}},
    {"record_history", REC_VISIBLE("t.record_id"), {NULL}},
    {"index_outbox", REC_VISIBLE("t.record_id"), {NULL}},
    {"record_links", REC_VISIBLE("t.from_record_id") " AND " REC_VISIBLE("t.to_record_id"), {NULL}},
    {"signature_checks", REC_VISIBLE("t.record_id"), {NULL}},
    {"signatures", REC_VISIBLE("t.record_id"), {NULL}},
    {"tasks",
     REC_VISIBLE("t.record_id"),
     {"reply_record_id",
      "CASE WHEN t.reply_record_id IS NULL OR " C
      " >= 3 OR " REC_VISIBLE("t.reply_record_id") " THEN t.reply_record_id END",
      NULL}},
    {"dossiers", DOSSIER_ROW_VISIBLE("t"), {NULL}},
    {"dossier_records", DOSSIER_VISIBLE("t.dossier_id"), {NULL}},
    {"dossier_events", DOSSIER_VISIBLE("t.dossier_id"), {NULL}},
    {"retention_alerts", DOSSIER_VISIBLE("t.dossier_id"), {NULL}},
    {"disposition_items", DOSSIER_VISIBLE("t.dossier_id"), {NULL}},
    {"disposition_batches",
     "NOT EXISTS (SELECT 1 FROM main.disposition_items i_ WHERE i_.batch_id = t.id"
     " AND NOT " DOSSIER_VISIBLE("i_.dossier_id") ")",
     {NULL}},
    {"transfers",
     "NOT EXISTS (SELECT 1 FROM main.dossiers d_ WHERE d_.package_ref = t.package_ref"
     " AND NOT " DOSSIER_ROW_VISIBLE("d_") ")",
     {NULL}},
    /* A deposit to the agency archive names its dossiers. */
    {"deposits",
     "NOT EXISTS (SELECT 1 FROM main.dossiers d_ WHERE d_.deposit_id = t.id"
     " AND NOT " DOSSIER_ROW_VISIBLE("d_") ")",
     {NULL}},
    {"holds",
     "CASE t.kind WHEN 'dossier' THEN " DOSSIER_VISIBLE("t.object_id") " ELSE " REC_VISIBLE(
         "t.object_id") " END",
     {NULL}},
    {"registers", "t.secret = 0 OR " C " >= 1", {NULL}},
    {"register_counters", REGISTER_VISIBLE("t.register_id"), {NULL}},
    {"register_entries",
     REGISTER_VISIBLE("t.register_id") " AND (t.record_id IS NULL OR " REC_VISIBLE(
         "t.record_id") ")",
     {NULL}},
    /* What a person searched for is theirs: only the system and fully
     * cleared readers see the words of others' searches. */
    {"audit_log",
     "NOT " AUDIT_NAMES_HIDDEN,
     {"detail", "CASE WHEN t.action = 'search' AND " C " < 3 THEN NULL ELSE t.detail END", NULL}},
    /* Long work (archive/work.h): its result may name records up to its
     * starter's clearance (an import's failures, verify's problems). */
    {"work", "t.clearance <= " C, {NULL}},
    /* No record data. */
    {"blobs", NULL, {NULL}},
    /* facts of a file's format, keyed by its SHA-256 like blobs */
    {"file_formats", NULL, {NULL}},
    {"settings", NULL, {NULL}},
    {"users", NULL, {NULL}},
    {"api_tokens", NULL, {NULL}},
    {"sessions", NULL, {NULL}},
    {"fileplans", NULL, {NULL}},
    {"fileplan_headings", NULL, {NULL}},
    {"fileplan_entries", NULL, {NULL}},
    {"fileplan_changes", NULL, {NULL}},
    {"retention_rules", NULL, {NULL}},
    {"search_synonyms", NULL, {NULL}},
    {"backup_runs", NULL, {NULL}},
    {"audit_seals", NULL, {NULL}},
    {"sqlite_sequence", NULL, {NULL}},
};

#define NGUARDS (sizeof(GUARDS) / sizeof(GUARDS[0]))

/* Writes: nobody creates, changes or removes a record or dossier above
 * their clearance, whatever the path (upload, ingest, import, package
 * import, PATCH, filing). The reads above already make such a row look
 * missing; these are the floor under every write. Rule 43: state secrets
 * only on an isolated deployment. */
#define SECRET_ROW(r) "(" r ".secrecy > 0 OR coalesce(" r ".mode, '') = '03')"
#define REFUSE(name, event, cond, why)                                                             \
	"CREATE TEMP TRIGGER " name " BEFORE " event " WHEN " cond                                 \
	" BEGIN SELECT RAISE(ABORT, '" why "'); END;\n"
#define ABOVE(name, event, cond) REFUSE(name, event, C " < 3 AND (" cond ")", ACCESS_REFUSAL)
#define SECRET(name, event, cond)                                                                  \
	REFUSE(name, event, cond " AND NOT lt_isolated()", ISOLATED_REFUSAL)
#define ACCESS_REFUSAL   "lt-access: secrecy above clearance"
#define ISOLATED_REFUSAL "lt-isolated: rule 43"

/* clang-format off */
static const char TRIGGERS_SQL[] =
    SECRET("lt_isolated_records_insert", "INSERT ON main.records", SECRET_ROW("NEW"))
    SECRET("lt_isolated_records_update", "UPDATE OF secrecy, mode ON main.records",
           SECRET_ROW("NEW") " AND NOT " SECRET_ROW("OLD"))
    SECRET("lt_isolated_dossiers_insert", "INSERT ON main.dossiers", SECRET_ROW("NEW"))
    SECRET("lt_isolated_dossiers_update", "UPDATE OF secrecy, mode ON main.dossiers",
           SECRET_ROW("NEW") " AND NOT " SECRET_ROW("OLD"))
    ABOVE("lt_access_records_insert", "INSERT ON main.records", "NEW.secrecy > " C)
    ABOVE("lt_access_records_update", "UPDATE ON main.records",
          "OLD.secrecy > " C " OR NEW.secrecy > " C)
    ABOVE("lt_access_records_delete", "DELETE ON main.records", "OLD.secrecy > " C)
    ABOVE("lt_access_dossiers_insert", "INSERT ON main.dossiers", "NEW.secrecy > " C)
    ABOVE("lt_access_dossiers_update", "UPDATE ON main.dossiers",
          "NEW.secrecy > " C " OR NOT " DOSSIER_ROW_VISIBLE("OLD"))
    ABOVE("lt_access_filing", "INSERT ON main.dossier_records",
          "NOT " REC_VISIBLE("NEW.record_id") " OR NOT " DOSSIER_VISIBLE("NEW.dossier_id"))
    ABOVE("lt_access_links", "INSERT ON main.record_links",
          "NOT " REC_VISIBLE("NEW.from_record_id") " OR NOT " REC_VISIBLE("NEW.to_record_id"))
    ABOVE("lt_access_tasks", "INSERT ON main.tasks",
          "NOT " REC_VISIBLE("NEW.record_id") " OR (NEW.reply_record_id IS NOT NULL AND NOT "
          REC_VISIBLE("NEW.reply_record_id") ")");
/* clang-format on */

static void sql_isolated(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const int *isolated = sqlite3_user_data(ctx);

	(void)argc;
	(void)argv;
	sqlite3_result_int(ctx, *isolated != 0);
}

static void sql_clearance(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const lt_principal *p = sqlite3_user_data(ctx);

	(void)argc;
	(void)argv;
	sqlite3_result_int(ctx, p->clearance);
}

/* The view over g's table: every column as it is (t.*, expanded by SQLite
 * when a statement uses the view, so a column added later is in it), or
 * the columns one by one from table_info when some of them are masked. */
static int view_sql(lt_buf *sql, sqlite3 *db, const guard *g)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, ncols = 0;

	rc |= lt_buf_printf(sql, "CREATE TEMP VIEW %s AS SELECT ", g->table);
	if (!g->masks[0]) {
		rc |= lt_buf_puts(sql, "t.*");
		ncols = 1;
	} else if (sqlite3_prepare_v2(db,
	                              "SELECT name FROM pragma_table_info(?1, 'main') ORDER BY cid",
	                              -1, &st, NULL) != SQLITE_OK) {
		return -1;
	}
	sqlite3_bind_text(st, 1, g->table, -1, SQLITE_STATIC);
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(st, 0);
		const char *expr = NULL;

		for (size_t m = 0; g->masks[m]; m += 2)
			if (strcmp(g->masks[m], col) == 0)
				expr = g->masks[m + 1];
		rc |= lt_buf_puts(sql, ncols++ ? ", " : "");
		if (expr)
			rc |= lt_buf_printf(sql, "%s AS \"%s\"", expr, col);
		else
			rc |= lt_buf_printf(sql, "t.\"%s\"", col);
	}
	sqlite3_finalize(st);
	if (ncols == 0)
		return -1;
	rc |=
	    lt_buf_printf(sql, " FROM main.%s t WHERE " C " >= 3 OR (%s);\n", g->table, g->filter);
	return rc ? -1 : 0;
}

/* 1 when main has table name (an older catalog opened read-only may not
 * have the newest ones: no view then), 0 when not, -1 on error. */
static int has_table(sqlite3_stmt *st, const char *name)
{
	int rc;

	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int lt_access_install(sqlite3 *db, const lt_principal *principal, const int *isolated,
                      lt_error *err)
{
	lt_buf sql = LT_BUF_INIT;
	sqlite3_stmt *tables = NULL;
	char *msg = NULL;
	int rc = 0;

	if (sqlite3_create_function(db, "lt_clearance", 0, SQLITE_UTF8 | SQLITE_DIRECTONLY,
	                            (void *)principal, sql_clearance, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "lt_isolated", 0, SQLITE_UTF8 | SQLITE_DIRECTONLY,
	                            (void *)isolated, sql_isolated, NULL, NULL) != SQLITE_OK)
		return lt_error_set(err, LT_EDB, "lt_clearance: %s", sqlite3_errmsg(db));
	if (sqlite3_prepare_v2(
	        db, "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = ?1", -1,
	        &tables, NULL) != SQLITE_OK)
		rc = -1;
	for (size_t i = 0; i < NGUARDS && rc >= 0; i++)
		if (GUARDS[i].filter && (rc = has_table(tables, GUARDS[i].table)) == 1)
			rc = view_sql(&sql, db, &GUARDS[i]);
	sqlite3_finalize(tables);
	if (rc < 0) {
		lt_buf_free(&sql);
		return lt_error_set(err, LT_EDB, "access views: %s", sqlite3_errmsg(db));
	}
	/* One transaction: one schema lock for all of them, not one each. */
	if (lt_buf_puts(&sql, TRIGGERS_SQL) || lt_buf_puts(&sql, "COMMIT;")) {
		lt_buf_free(&sql);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, sql.data, NULL, NULL, &msg) != SQLITE_OK) {
		rc = lt_error_set(err, LT_EDB, "access views: %s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		if (!sqlite3_get_autocommit(db))
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	} else {
		rc = 0;
	}
	lt_buf_free(&sql);
	return rc;
}

const char *lt_access_table(size_t i, int *guarded)
{
	if (i >= NGUARDS)
		return NULL;
	if (guarded)
		*guarded = GUARDS[i].filter != NULL;
	return GUARDS[i].table;
}

int lt_access_is_refusal(const char *sqlite_message)
{
	return sqlite_message && strstr(sqlite_message, "lt-access:") != NULL;
}

/* ---- roles ---------------------------------------------------------------- */

static const char *const ROLE_NAMES[] = {"archivist", "officer", "inspector", "approver", "admin"};

unsigned lt_access_role_bit(const char *role)
{
	for (size_t i = 0; role && i < sizeof(ROLE_NAMES) / sizeof(ROLE_NAMES[0]); i++)
		if (strcmp(role, ROLE_NAMES[i]) == 0)
			return 1u << i;
	return 0;
}

void lt_access_principal_user(lt_principal *out, int64_t user_id, const char *login,
                              const char *role, int clearance)
{
	memset(out, 0, sizeof(*out));
	out->user_id = user_id;
	snprintf(out->login, sizeof(out->login), "%s", login ? login : "");
	out->roles = lt_access_role_bit(role);
	out->clearance = clearance < -1 ? -1 : clearance > 3 ? 3 : clearance;
}

int lt_access_sees_all_of(const lt_principal *a, const lt_principal *b)
{
	return a && b && a->clearance >= b->clearance;
}

int lt_access_has_role(const lt_principal *p, unsigned roles)
{
	return p && (p->roles & roles) != 0;
}

int lt_access_require(const lt_principal *p, unsigned roles, int person, const char *act_vi,
                      const char *act_en, lt_error *err)
{
	if (person && (!p || p->user_id <= 0))
		return lt_error_set(
		    err, LT_EDENIED,
		    LT_TR("%s phải do một người dùng đã xác thực thực hiện (luutru --user TÊN "
		          "--password-stdin, hoặc LUUTRU_TOKEN)",
		          "%s must be done by an authenticated user (luutru --user LOGIN "
		          "--password-stdin, or LUUTRU_TOKEN)"),
		    LT_TR(act_vi, act_en));
	if (!lt_access_has_role(p, roles))
		return lt_error_set(
		    err, LT_EDENIED,
		    LT_TR("vai trò của %s không được %s", "the role of %s may not %s"),
		    p && p->login[0] ? p->login : "?", LT_TR(act_vi, act_en));
	return 0;
}

int lt_access_require_whole(const lt_principal *p, const char *act_vi, const char *act_en,
                            lt_error *err)
{
	int rc = lt_access_require(p, LT_ROLE_ADMIN, 0, act_vi, act_en, err);

	if (rc == 0 && p->clearance < 3)
		rc = lt_error_set(err, LT_EDENIED,
		                  LT_TR("%s cần mức mật được xem 3 (toàn bộ kho): %s có mức %d",
		                        "%s needs clearance 3 (the whole archive): %s has %d"),
		                  LT_TR(act_vi, act_en), p->login, p->clearance);
	return rc;
}
