/*
 * archive/schema.c — the catalog schema, as an ordered list of migrations.
 *
 * Step i (1-based) upgrades a catalog from user_version i-1 to i. Each step
 * runs in its own transaction and sets user_version inside it (catalog.c),
 * so a crash leaves the catalog at a whole version, never between two.
 *
 * Invariants:
 *   1. A released step is never edited; a change is a new step at the end.
 *   2. The records table has one column per row of archive/record_fields.def.
 *      Step 1 generates them from the .def (no hand-written list to drift).
 *      A row added to the .def later needs a new step that calls
 *      lt_schema_add_record_columns(): it adds only the columns that are
 *      missing, so it is right both for old catalogs and for new ones whose
 *      step 1 already created the column from the current .def.
 *   3. Times are ISO 8601 UTC text ("2026-11-23T09:26:04Z"), see LT_NOW_SQL.
 */
#include "archive/schema.h"

#include <stdlib.h>
#include <string.h>

#include "archive/fields.h"
#include "core/buf.h"

/* "luut" — PRAGMA application_id of a luutru catalog, so another program's
 * SQLite file is not mistaken for (and migrated into) a catalog. */
const int LT_CATALOG_APPLICATION_ID = 0x6c757574;

#define NOW LT_NOW_SQL

/* One records column from its .def row, with its type and constraints. */
static int append_column(lt_buf *sql, const lt_field_def *f)
{
	switch (f->id) {
	/* secrecy drives access control: never NULL, always in range. */
	case LT_F_SECRECY:
		return lt_buf_puts(sql, "secrecy INTEGER NOT NULL DEFAULT 0"
		                        " CHECK (secrecy BETWEEN 0 AND 3)");
	case LT_F_URGENCY:
		return lt_buf_puts(sql, "urgency INTEGER CHECK (urgency BETWEEN 0 AND 4)");
	case LT_F_KIND:
		return lt_buf_puts(sql,
		                   "kind TEXT NOT NULL DEFAULT 'scanned'"
		                   " CHECK (kind IN ('incoming','outgoing','internal','scanned'))");
	default: break;
	}
	switch (f->type) {
	case LT_FT_NUMBER: return lt_buf_printf(sql, "%s INTEGER", f->column);
	case LT_FT_BOOL:
		return lt_buf_printf(sql, "%s INTEGER CHECK (%s IN (0, 1))", f->column, f->column);
	default: return lt_buf_printf(sql, "%s TEXT", f->column);
	}
}

static int create_records(sqlite3 *db, lt_error *err)
{
	lt_buf sql = LT_BUF_INIT;
	const lt_field_def *fields;
	size_t n;
	char *msg = NULL;
	int rc = 0;

	fields = lt_fields_all(&n);
	rc |= lt_buf_puts(&sql, "CREATE TABLE records (\n"
	                        "  id INTEGER PRIMARY KEY,\n"
	                        "  uid TEXT UNIQUE NOT NULL,\n");
	for (size_t i = 0; i < n; i++) {
		rc |= lt_buf_puts(&sql, "  ");
		rc |= append_column(&sql, &fields[i]);
		rc |= lt_buf_puts(&sql, ",\n");
	}
	rc |= lt_buf_puts(&sql, "  page_count INTEGER NOT NULL DEFAULT 0,\n"
	                        "  status TEXT NOT NULL DEFAULT 'active',\n"
	                        "  created_at TEXT NOT NULL DEFAULT (" NOW "),\n"
	                        "  updated_at TEXT NOT NULL DEFAULT (" NOW ")\n"
	                        ");\n"
	                        /* docId identifies a document: at most one record each. */
	                        "CREATE UNIQUE INDEX records_doc_id ON records(doc_id)"
	                        " WHERE doc_id IS NOT NULL;\n"
	                        "CREATE INDEX records_issued_date ON records(issued_date);\n"
	                        "CREATE INDEX records_file_code ON records(file_code);\n");
	if (rc) {
		lt_buf_free(&sql);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	if (sqlite3_exec(db, sql.data, NULL, NULL, &msg) != SQLITE_OK) {
		rc = lt_error_set(
		    err, LT_EDB, "%s: %s",
		    LT_TR("không tạo được bảng records", "cannot create table records"),
		    msg ? msg : "?");
		sqlite3_free(msg);
	}
	lt_buf_free(&sql);
	return rc;
}

int lt_schema_add_record_columns(sqlite3 *db, lt_error *err)
{
	const lt_field_def *fields;
	size_t n;
	int rc = 0;

	fields = lt_fields_all(&n);
	for (size_t i = 0; i < n && rc == 0; i++) {
		sqlite3_stmt *st = NULL;
		lt_buf sql = LT_BUF_INIT;
		int present = 0;

		if (sqlite3_prepare_v2(
		        db, "SELECT 1 FROM pragma_table_info('records', 'main') WHERE name = ?", -1,
		        &st, NULL) != SQLITE_OK)
			return lt_error_set(err, LT_EDB, "table_info: %s", sqlite3_errmsg(db));
		sqlite3_bind_text(st, 1, fields[i].column, -1, SQLITE_STATIC);
		present = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
		if (present)
			continue;
		if (lt_buf_puts(&sql, "ALTER TABLE records ADD COLUMN ") ||
		    append_column(&sql, &fields[i])) {
			lt_buf_free(&sql);
			return lt_error_set(err, LT_ENOMEM, "out of memory");
		}
		if (sqlite3_exec(db, sql.data, NULL, NULL, NULL) != SQLITE_OK)
			rc = lt_error_set(err, LT_EDB, "%s: %s", sql.data, sqlite3_errmsg(db));
		lt_buf_free(&sql);
	}
	return rc;
}

int lt_schema_check_record_columns(sqlite3 *db, lt_error *err)
{
	const lt_field_def *fields;
	sqlite3_stmt *st = NULL;
	char **cols = NULL;
	size_t n, ncols = 0, cap = 0;
	int rc = 0;

	/* One pass over the table's columns (a lookup per field ran
	 * table_info again for each one: a tenth of a CLI search's CPU). */
	if (sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info('records', 'main')", -1, &st,
	                       NULL) != SQLITE_OK)
		return lt_error_set(err, LT_EDB, "table_info: %s", sqlite3_errmsg(db));
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		if (ncols == cap) {
			char **grown = realloc(cols, (cap = cap ? 2 * cap : 64) * sizeof(*cols));
			if (!grown)
				rc = lt_error_set(err, LT_ENOMEM, "out of memory");
			else
				cols = grown;
		}
		if (rc == 0 && !(cols[ncols++] = strdup(name ? name : "")))
			rc = lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	sqlite3_finalize(st);
	fields = lt_fields_all(&n);
	for (size_t i = 0; i < n && rc == 0; i++) {
		size_t k = 0;
		while (k < ncols && cols[k] && strcmp(cols[k], fields[i].column) != 0)
			k++;
		if (k == ncols)
			rc =
			    lt_error_set(err, LT_ERR,
			                 "records has no column %s (field %s of record_fields.def):"
			                 " add a migration step that calls"
			                 " lt_schema_add_record_columns()",
			                 fields[i].column, fields[i].tag);
	}
	for (size_t k = 0; k < ncols; k++)
		free(cols[k]);
	free(cols);
	return rc;
}

static const char V1_SQL[] =
    "CREATE TABLE blobs (\n"
    "  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),\n"
    "  size INTEGER NOT NULL CHECK (size >= 0),\n"
    "  media_type TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL DEFAULT (" NOW ")\n"
    ");\n"
    "CREATE TABLE record_files (\n"
    "  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,\n"
    "  sha256 TEXT NOT NULL REFERENCES blobs(sha256),\n"
    "  role TEXT NOT NULL CHECK (role IN ('original','searchable_pdf','attachment')),\n"
    "  media_type TEXT NOT NULL,\n"
    "  name TEXT,\n"
    "  size INTEGER NOT NULL,\n"
    "  created_at TEXT NOT NULL DEFAULT (" NOW "),\n"
    "  PRIMARY KEY (record_id, sha256, role)\n"
    ");\n"
    "CREATE INDEX record_files_sha256 ON record_files(sha256);\n"
    "CREATE TABLE pages (\n"
    "  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,\n"
    "  page_no INTEGER NOT NULL CHECK (page_no >= 1),\n"
    "  text TEXT NOT NULL DEFAULT '',\n"
    "  confidence REAL,\n"
    "  dpi INTEGER,\n"
    "  skew REAL,\n"
    "  rotation INTEGER,\n"
    "  source INTEGER NOT NULL DEFAULT 0,\n" /* lt_page_source */
    "  status INTEGER NOT NULL DEFAULT 0,\n" /* lt_status of the page, 0 = ok */
    "  error TEXT,\n"
    "  PRIMARY KEY (record_id, page_no)\n"
    ");\n"
    "CREATE TABLE jobs (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('ocr','extract')),\n"
    "  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,\n"
    "  state TEXT NOT NULL DEFAULT 'queued'"
    " CHECK (state IN ('queued','running','done','failed')),\n"
    "  attempts INTEGER NOT NULL DEFAULT 0,\n"
    "  max_attempts INTEGER NOT NULL DEFAULT 3,\n"
    "  error TEXT,\n"
    "  created_at TEXT NOT NULL DEFAULT (" NOW "),\n"
    "  updated_at TEXT NOT NULL DEFAULT (" NOW ")\n"
    ");\n"
    "CREATE INDEX jobs_state ON jobs(state);\n"
    "CREATE INDEX jobs_record ON jobs(record_id);\n"
    /* No foreign key on record_id: a 'delete' row outlives its record. uid
     * is kept so the indexer can find the Xapian document (Q+uid) then. */
    "CREATE TABLE index_outbox (\n"
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  record_id INTEGER NOT NULL,\n"
    "  uid TEXT,\n"
    "  op TEXT NOT NULL CHECK (op IN ('upsert','delete')),\n"
    "  created_at TEXT NOT NULL DEFAULT (" NOW ")\n"
    ");\n"
    "CREATE TABLE record_history (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  record_id INTEGER NOT NULL REFERENCES records(id),\n"
    "  field TEXT NOT NULL,\n"
    "  old_value TEXT,\n"
    "  new_value TEXT,\n"
    "  who TEXT NOT NULL,\n"
    "  at TEXT NOT NULL DEFAULT (" NOW ")\n"
    ");\n"
    "CREATE INDEX record_history_record ON record_history(record_id);\n"
    "CREATE TABLE audit_log (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  at TEXT NOT NULL DEFAULT (" NOW "),\n"
    "  who TEXT NOT NULL,\n"
    "  action TEXT NOT NULL,\n"
    "  object TEXT,\n"
    "  detail TEXT\n"
    ");\n"
    /* Append-only is enforced by the database, not by convention. */
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
    " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;\n"
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
    " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;\n";

/*
 * Step 2 — the NĐ 30 clerical model and the service's users:
 *   settings          agency-wide settings (organ id, isolation, ...)
 *   registers         sổ đăng ký văn bản đến / đi, one numbering series each
 *                     (a secret series is its own register, secret = 1)
 *   register_counters the next number per (register, year), restarting 1/1
 *   register_entries  every number handed out, or voided with a reason
 *   fileplans         danh mục hồ sơ per (year, department)
 *   fileplan_headings Roman-numeral headings (I. TỔNG HỢP, abbr TH), nested
 *   fileplan_entries  01.TCCB "Tiêu đề hồ sơ", retention, keeper
 *   dossiers          hồ sơ: fileCode = organ_id.year.notation, lifecycle
 *   dossier_records   records filed in a dossier, ordinal 1..n (no copies)
 *   dossier_events    every lifecycle transition (who, when, why)
 *   record_links      reply_to / refers_to / supersedes / recalls / attachment_of
 *   tasks             giao việc on an incoming record
 *   users, api_tokens, sessions — the service's accounts (hashes only)
 *   audit_log gains prev_hash/hash for the hash chain.
 */
static const char V2_SQL[] =
    "CREATE TABLE settings (\n"
    "  key TEXT PRIMARY KEY,\n"
    "  value TEXT NOT NULL,\n"
    "  updated_at TEXT NOT NULL DEFAULT (" NOW ")\n"
    ");\n"
    "CREATE TABLE registers (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  code TEXT UNIQUE NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  direction TEXT NOT NULL CHECK (direction IN ('incoming','outgoing')),\n"
    "  secret INTEGER NOT NULL DEFAULT 0 CHECK (secret IN (0, 1)),\n"
    "  created_at TEXT NOT NULL DEFAULT (" NOW ")\n"
    ");\n"
    "CREATE TABLE register_counters (\n"
    "  register_id INTEGER NOT NULL REFERENCES registers(id),\n"
    "  year INTEGER NOT NULL,\n"
    "  last_number INTEGER NOT NULL DEFAULT 0,\n"
    "  PRIMARY KEY (register_id, year)\n"
    ");\n"
    "CREATE TABLE register_entries (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  register_id INTEGER NOT NULL REFERENCES registers(id),\n"
    "  year INTEGER NOT NULL,\n"
    "  number INTEGER NOT NULL CHECK (number >= 1),\n"
    "  record_id INTEGER REFERENCES records(id),\n"
    "  registered_at TEXT NOT NULL DEFAULT (" NOW "),\n"
    "  registered_by TEXT,\n"
    "  void_reason TEXT,\n"
    "  UNIQUE (register_id, year, number)\n"
    ");\n"
    "CREATE INDEX register_entries_record ON register_entries(record_id);\n"
    "CREATE TABLE fileplans (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  year INTEGER NOT NULL,\n"
    "  department TEXT NOT NULL DEFAULT '',\n"
    "  title TEXT,\n"
    "  numbering TEXT NOT NULL DEFAULT 'continuous'"
    " CHECK (numbering IN ('continuous','per_heading')),\n"
    "  approved_by TEXT,\n"
    "  approved_at TEXT,\n"
    "  issued_date TEXT,\n"
    "  created_at TEXT NOT NULL DEFAULT (" NOW "),\n"
    "  UNIQUE (year, department)\n"
    ");\n"
    "CREATE TABLE fileplan_headings (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  fileplan_id INTEGER NOT NULL REFERENCES fileplans(id) ON DELETE CASCADE,\n"
    "  parent_id INTEGER REFERENCES fileplan_headings(id),\n"
    "  ordinal INTEGER NOT NULL,\n"
    "  abbr TEXT,\n"
    "  title TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE fileplan_entries (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  fileplan_id INTEGER NOT NULL REFERENCES fileplans(id) ON DELETE CASCADE,\n"
    "  heading_id INTEGER REFERENCES fileplan_headings(id),\n"
    "  ordinal INTEGER NOT NULL,\n"
    "  notation TEXT NOT NULL,\n"
    "  title TEXT NOT NULL,\n"
    "  maintenance TEXT,\n"
    "  retention_years INTEGER,\n"
    "  retention_label TEXT,\n"
    "  keeper TEXT,\n"
    "  note TEXT,\n"
    "  UNIQUE (fileplan_id, notation)\n"
    ");\n"
    "CREATE TABLE dossiers (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  uid TEXT UNIQUE NOT NULL,\n"
    "  organ_id TEXT NOT NULL,\n"
    "  year INTEGER NOT NULL,\n"
    "  notation TEXT NOT NULL,\n"
    "  file_code TEXT UNIQUE NOT NULL,\n"
    "  fileplan_entry_id INTEGER REFERENCES fileplan_entries(id),\n"
    "  title TEXT NOT NULL,\n"
    "  department TEXT,\n"
    "  maintenance TEXT,\n"
    "  retention_years INTEGER,\n"
    "  retention_label TEXT,\n"
    "  mode TEXT,\n"
    "  creator TEXT,\n"
    "  keeper TEXT,\n"
    "  language TEXT,\n"
    "  start_date TEXT,\n"
    "  end_date TEXT,\n"
    "  doc_total INTEGER NOT NULL DEFAULT 0,\n"
    "  page_total INTEGER NOT NULL DEFAULT 0,\n"
    "  description TEXT,\n"
    "  keyword TEXT,\n"
    "  infor_sign TEXT,\n"
    "  format TEXT,\n"
    "  confidence_level TEXT,\n"
    "  paper_file_code TEXT,\n"
    "  risk_recovery INTEGER CHECK (risk_recovery IN (0, 1)),\n"
    "  risk_recovery_status TEXT,\n"
    "  secrecy INTEGER NOT NULL DEFAULT 0 CHECK (secrecy BETWEEN 0 AND 3),\n"
    "  status TEXT NOT NULL DEFAULT 'open'"
    " CHECK (status IN ('open','closed','archived','transferred','destroyed')),\n"
    "  opened_at TEXT NOT NULL DEFAULT (" NOW "),\n"
    "  closed_at TEXT,\n"
    "  archived_at TEXT,\n"
    "  transferred_at TEXT,\n"
    "  destroyed_at TEXT,\n"
    "  expiry_year INTEGER,\n"
    "  package_ref TEXT,\n"
    "  created_at TEXT NOT NULL DEFAULT (" NOW "),\n"
    "  updated_at TEXT NOT NULL DEFAULT (" NOW ")\n"
    ");\n"
    "CREATE INDEX dossiers_year ON dossiers(year);\n"
    "CREATE TABLE dossier_records (\n"
    "  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),\n"
    "  record_id INTEGER NOT NULL REFERENCES records(id),\n"
    "  ordinal INTEGER NOT NULL CHECK (ordinal >= 1),\n"
    "  added_at TEXT NOT NULL DEFAULT (" NOW "),\n"
    "  added_by TEXT,\n"
    "  PRIMARY KEY (dossier_id, record_id)\n"
    ");\n"
    "CREATE INDEX dossier_records_record ON dossier_records(record_id);\n"
    "CREATE TABLE dossier_events (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),\n"
    "  from_status TEXT,\n"
    "  to_status TEXT NOT NULL,\n"
    "  who TEXT NOT NULL,\n"
    "  reason TEXT,\n"
    "  at TEXT NOT NULL DEFAULT (" NOW ")\n"
    ");\n"
    "CREATE INDEX dossier_events_dossier ON dossier_events(dossier_id);\n"
    "CREATE TABLE record_links (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  from_record_id INTEGER NOT NULL REFERENCES records(id),\n"
    "  to_record_id INTEGER NOT NULL REFERENCES records(id),\n"
    "  kind TEXT NOT NULL"
    " CHECK (kind IN ('reply_to','refers_to','supersedes','recalls','attachment_of')),\n"
    "  note TEXT,\n"
    "  created_by TEXT,\n"
    "  created_at TEXT NOT NULL DEFAULT (" NOW "),\n"
    "  UNIQUE (from_record_id, to_record_id, kind),\n"
    "  CHECK (from_record_id <> to_record_id)\n"
    ");\n"
    "CREATE INDEX record_links_to ON record_links(to_record_id);\n"
    "CREATE TABLE tasks (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  record_id INTEGER NOT NULL REFERENCES records(id),\n"
    "  lead_unit TEXT,\n"
    "  cooperating_units TEXT,\n"
    "  assignee TEXT,\n"
    "  due_date TEXT,\n"
    "  progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),\n"
    "  status TEXT NOT NULL DEFAULT 'open'"
    " CHECK (status IN ('open','in_progress','done','cancelled')),\n"
    "  result TEXT,\n"
    "  reply_record_id INTEGER REFERENCES records(id),\n"
    "  created_by TEXT,\n"
    "  created_at TEXT NOT NULL DEFAULT (" NOW "),\n"
    "  updated_at TEXT NOT NULL DEFAULT (" NOW "),\n"
    "  completed_at TEXT\n"
    ");\n"
    "CREATE INDEX tasks_record ON tasks(record_id);\n"
    "CREATE TABLE users (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  login TEXT UNIQUE NOT NULL,\n"
    "  full_name TEXT,\n"
    "  role TEXT NOT NULL"
    " CHECK (role IN ('archivist','officer','inspector','approver','admin')),\n"
    "  clearance INTEGER NOT NULL DEFAULT 0 CHECK (clearance BETWEEN 0 AND 3),\n"
    "  department TEXT,\n"
    "  password_hash TEXT,\n"
    "  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),\n"
    "  created_at TEXT NOT NULL DEFAULT (" NOW "),\n"
    "  updated_at TEXT NOT NULL DEFAULT (" NOW ")\n"
    ");\n"
    "CREATE TABLE api_tokens (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  user_id INTEGER NOT NULL REFERENCES users(id),\n"
    "  token_hash TEXT UNIQUE NOT NULL,\n"
    "  label TEXT,\n"
    "  created_at TEXT NOT NULL DEFAULT (" NOW "),\n"
    "  revoked_at TEXT\n"
    ");\n"
    "CREATE TABLE sessions (\n"
    "  id_hash TEXT PRIMARY KEY,\n"
    "  user_id INTEGER NOT NULL REFERENCES users(id),\n"
    "  csrf_token TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL DEFAULT (" NOW "),\n"
    "  expires_at TEXT NOT NULL\n"
    ");\n"
    "ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;\n"
    "ALTER TABLE audit_log ADD COLUMN hash TEXT;\n";

/*
 * Step 3 — retention (retention/): the schedule, holds, due-date alerts,
 * disposition (propose → approve → execute) and transfers.
 *   retention_rules      schedule rows: code, group, years (NULL = permanent),
 *                        action at expiry (destroy | review | transfer)
 *   holds                a hold on a dossier or a record; active while
 *                        released_at IS NULL
 *   retention_alerts     every due-date alert raised (rule 26), once each
 *   disposition_batches  a destruction list and its decision
 *   disposition_items    the dossiers of a list
 *   transfers            a deposit to the historical archive
 */
static const char V3_SQL[] =
    "CREATE TABLE retention_rules (\n"
    "  code TEXT PRIMARY KEY,\n"
    "  title TEXT NOT NULL,\n"
    "  grp TEXT,\n"
    "  years INTEGER CHECK (years IS NULL OR years >= 0),\n"
    "  maintenance TEXT,\n"
    "  action TEXT NOT NULL DEFAULT 'destroy'"
    " CHECK (action IN ('destroy','review','transfer')),\n"
    "  legal_basis TEXT,\n"
    "  created_at TEXT NOT NULL DEFAULT (" NOW ")\n"
    ");\n"
    "CREATE TABLE holds (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('dossier','record')),\n"
    "  object_id INTEGER NOT NULL,\n"
    "  reason TEXT NOT NULL,\n"
    "  placed_by TEXT NOT NULL,\n"
    "  placed_at TEXT NOT NULL DEFAULT (" NOW "),\n"
    "  released_by TEXT,\n"
    "  released_at TEXT,\n"
    "  release_reason TEXT\n"
    ");\n"
    "CREATE INDEX holds_object ON holds(kind, object_id);\n"
    "CREATE TABLE retention_alerts (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('deposit','historical','expiry')),\n"
    "  due_date TEXT NOT NULL,\n"
    "  raised_at TEXT NOT NULL DEFAULT (" NOW "),\n"
    "  UNIQUE (dossier_id, kind, due_date)\n"
    ");\n"
    "CREATE TABLE disposition_batches (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  status TEXT NOT NULL DEFAULT 'proposed'"
    " CHECK (status IN ('proposed','approved','executed')),\n"
    "  explanation TEXT,\n"
    "  proposed_by TEXT NOT NULL,\n"
    "  proposed_at TEXT NOT NULL DEFAULT (" NOW "),\n"
    "  approved_by TEXT,\n"
    "  approved_at TEXT,\n"
    "  decision_no TEXT,\n"
    "  decision_date TEXT,\n"
    "  council_minutes TEXT,\n"
    "  executed_by TEXT,\n"
    "  executed_at TEXT,\n"
    "  report_html TEXT\n"
    ");\n"
    "CREATE TABLE disposition_items (\n"
    "  batch_id INTEGER NOT NULL REFERENCES disposition_batches(id),\n"
    "  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),\n"
    "  PRIMARY KEY (batch_id, dossier_id)\n"
    ");\n"
    "CREATE TABLE transfers (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  created_by TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL DEFAULT (" NOW "),\n"
    "  package_ref TEXT,\n"
    "  dossier_count INTEGER NOT NULL DEFAULT 0,\n"
    "  file_count INTEGER NOT NULL DEFAULT 0\n"
    ");\n";

/*
 * Step 4 — reliability (archive/backup.c, rule 40): every backup run, full
 * or incremental, with its manifest's SHA-256 and whether it was verified.
 */
static const char V4_BACKUP_SQL[] =
    "CREATE TABLE backup_runs (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  started_at TEXT NOT NULL DEFAULT (" NOW "),\n"
    "  finished_at TEXT,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('full','incremental')),\n"
    "  dir TEXT NOT NULL,\n"
    "  files INTEGER NOT NULL DEFAULT 0,\n"
    "  bytes INTEGER NOT NULL DEFAULT 0,\n"
    "  manifest_sha256 TEXT,\n"
    "  verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1))\n"
    ");\n";

/*
 * Step 5 — the finalised dossier catalog (archive/fileplan.c, rule 18):
 * the footer counts as declared and printed when the catalog is approved
 * and issued (total, permanent, fixed-term), who finalised it and when.
 */
static const char V5_FILEPLAN_FOOTER_SQL[] =
    "ALTER TABLE fileplans ADD COLUMN footer_total INTEGER"
    " CHECK (footer_total IS NULL OR footer_total >= 0);\n"
    "ALTER TABLE fileplans ADD COLUMN footer_permanent INTEGER"
    " CHECK (footer_permanent IS NULL OR footer_permanent >= 0);\n"
    "ALTER TABLE fileplans ADD COLUMN footer_fixed_term INTEGER"
    " CHECK (footer_fixed_term IS NULL OR footer_fixed_term >= 0);\n"
    "ALTER TABLE fileplans ADD COLUMN finalized_by TEXT;\n"
    "ALTER TABLE fileplans ADD COLUMN finalized_at TEXT;\n";

/*
 * Step 6 — OCR review (ocr/, `luutru ocr review`): the confidence of every
 * recognised word of a page, as space-separated integers 0..100 in reading
 * order; NULL for pages not recognised by Tesseract.
 */
static const char V6_OCR_WORDS_SQL[] = "ALTER TABLE pages ADD COLUMN word_conf TEXT;\n";

/*
 * Step 8 — an agency's own abbreviations for search (`luutru synonyms
 * import`, docs/search.md "Abbreviations"): each pair is applied both ways
 * at query time, beside the curated list of indexer/synonyms.def. The
 * catalog keeps them so a rebuilt index (`luutru reindex`) gets them back.
 */
static const char V8_SYNONYMS_SQL[] =
    "CREATE TABLE search_synonyms (\n"
    "    term TEXT NOT NULL,\n"
    "    expansion TEXT NOT NULL,\n"
    "    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
    "    PRIMARY KEY (term, expansion)\n"
    ");\n";

/*
 * Step 9 — page quality (ocr/quality.c, `luutru ocr review`): the page's
 * quality 0..100 from its word confidences, its share of Vietnamese
 * syllables and its text against its ink; NULL for pages not judged (text
 * layers, text files, pages recognised before this step). blank: the page
 * held no ink and was not recognised (docs/ocr.md).
 */
static const char V9_OCR_QUALITY_SQL[] =
    "ALTER TABLE pages ADD COLUMN quality INTEGER"
    " CHECK (quality IS NULL OR quality BETWEEN 0 AND 100);\n"
    "ALTER TABLE pages ADD COLUMN blank INTEGER NOT NULL DEFAULT 0 CHECK (blank IN (0, 1));\n";

/*
 * Step 10 — job leases (archive/jobs.c): the process that claimed a running
 * job, as core/proc.h names processes ("<pid>.<start>.<boot id>"), so
 * that any later process can tell a job whose process died (and put it
 * back in the queue) from one still being worked on. NULL for jobs not
 * running, and for jobs left running by a luutru older than this step
 * (those are taken for interrupted).
 */
static const char V10_JOB_LEASE_SQL[] = "ALTER TABLE jobs ADD COLUMN lease TEXT;\n";

/*
 * Step 11 — the audit log's witnessed tail (archive/audit.c, docs/audit.md):
 * every commit that adds entries also adds one seal, an Ed25519 signature
 * of the range of entries it added (first..last), the hash of the last,
 * the hash of the previous seal (so seals form a chain of their own) and
 * what the writer found before its first entry (checked). Append-only,
 * like audit_log.
 */
static const char V11_AUDIT_SEALS_SQL[] =
    "CREATE TABLE audit_seals (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  first INTEGER NOT NULL,\n" /* the first entry the commit added */
    "  last INTEGER NOT NULL,\n"  /* and the newest */
    "  hash TEXT NOT NULL,\n"     /* audit_log.hash of entry last */
    "  prev TEXT NOT NULL,\n"     /* SHA-256 of the previous seal, 64 zeros for the first */
    /* 1: the previous seal was sound; 0: it did not verify, or entries
     * between it and this one had none; 2: keys/audit-head named newer
     * entries than the log had (entries deleted) */
    "  checked INTEGER NOT NULL CHECK (checked IN (0, 1, 2)),\n"
    "  at TEXT NOT NULL,\n"
    "  sig TEXT NOT NULL\n"
    ");\n"
    /* not unique: ids of deleted entries reused make two seals name one */
    "CREATE INDEX audit_seals_last ON audit_seals(last);\n"
    "CREATE TRIGGER audit_seals_no_update BEFORE UPDATE ON audit_seals"
    " BEGIN SELECT RAISE(ABORT, 'audit_seals is append-only'); END;\n"
    "CREATE TRIGGER audit_seals_no_delete BEFORE DELETE ON audit_seals"
    " BEGIN SELECT RAISE(ABORT, 'audit_seals is append-only'); END;\n";

/*
 * Step 12 — verified reads (archive/fixity.c): a stored file found damaged
 * when it was read (a download, a package, a backup, verify --fixity) is
 * marked here until a read finds it intact again: 'missing', 'size_changed'
 * or 'content_changed', and when it was found. `show`, the record's JSON
 * and `verify` report the mark.
 */
static const char V12_BLOB_DAMAGE_SQL[] =
    "ALTER TABLE blobs ADD COLUMN damage TEXT"
    " CHECK (damage IS NULL OR damage IN ('missing','size_changed','content_changed'));\n"
    "ALTER TABLE blobs ADD COLUMN damage_found_at TEXT;\n";

/*
 * Step 13 — backups while others write (archive/backup.c): how many damaged
 * stored files a run left out of its set (0: the set is complete), and the
 * SHA-256 of the set's signed seal.
 */
static const char V13_BACKUP_SEAL_SQL[] =
    "ALTER TABLE backup_runs ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0"
    " CHECK (skipped >= 0);\n"
    "ALTER TABLE backup_runs ADD COLUMN seal_sha256 TEXT;\n";

/*
 * Step 14 — electronic documents (docs/formats.md, docs/signatures.md):
 *   file_formats      what a stored file is, by its SHA-256: format and
 *                     version, PDF/A identification, the lowest image
 *                     resolution and colour depth, fonts embedded, pages
 *                     with a text layer (rule 34), the legacy encoding its
 *                     text was converted from (TCVN3, VNI)
 *   signature_checks  every check of a record file's digital signatures:
 *                     an incoming file's at ingest (rule 10), the agency's
 *                     own on a digitised copy (rule 35); the worst result
 *   signatures        each signature found: status and why, signer,
 *                     organisation, certificate serial, issuer, signing
 *                     time (ISO 8601), subfilter, digest, whether it
 *                     covers the whole file and a CRL was checked
 */
static const char V14_EDOCS_SQL[] =
    "CREATE TABLE file_formats (\n"
    "  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),\n"
    "  format TEXT NOT NULL,\n"
    "  media_type TEXT NOT NULL,\n"
    "  pdf_version TEXT,\n"
    "  pdfa TEXT,\n"
    "  pages INTEGER,\n"
    "  images INTEGER,\n"
    "  min_ppi INTEGER,\n"
    "  min_bits INTEGER,\n"
    "  fonts INTEGER,\n"
    "  fonts_embedded INTEGER,\n"
    "  text_pages INTEGER,\n"
    "  encrypted INTEGER NOT NULL DEFAULT 0 CHECK (encrypted IN (0, 1)),\n"
    "  encoding TEXT,\n"
    "  checked_at TEXT NOT NULL DEFAULT (" NOW ")\n"
    ");\n"
    "CREATE TABLE signature_checks (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,\n"
    "  sha256 TEXT NOT NULL,\n"
    "  origin TEXT NOT NULL CHECK (origin IN ('incoming','agency')),\n"
    "  signatures INTEGER NOT NULL DEFAULT 0,\n"
    "  result TEXT NOT NULL"
    " CHECK (result IN ('none','valid','invalid','unknown_issuer','modified')),\n"
    "  checked_at TEXT NOT NULL DEFAULT (" NOW "),\n"
    "  UNIQUE (record_id, sha256)\n"
    ");\n"
    "CREATE INDEX signature_checks_record ON signature_checks(record_id);\n"
    "CREATE TABLE signatures (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  check_id INTEGER NOT NULL REFERENCES signature_checks(id) ON DELETE CASCADE,\n"
    "  record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,\n"
    "  seq INTEGER NOT NULL,\n"
    "  status TEXT NOT NULL"
    " CHECK (status IN ('valid','invalid','unknown_issuer','modified')),\n"
    "  reason TEXT,\n"
    "  signer TEXT,\n"
    "  organization TEXT,\n"
    "  serial TEXT,\n"
    "  issuer TEXT,\n"
    "  signing_time TEXT,\n"
    "  subfilter TEXT,\n"
    "  digest TEXT,\n"
    "  covers_whole INTEGER NOT NULL DEFAULT 0,\n"
    "  revocation_checked INTEGER NOT NULL DEFAULT 0,\n"
    "  UNIQUE (check_id, seq)\n"
    ");\n"
    "CREATE INDEX signatures_record ON signatures(record_id);\n";

/*
 * Step 15 — records law (issue 18; docs/records.md, docs/retention.md):
 *   retention as code + years + an optional triggering event
 *     fileplan_entries / dossiers / retention_rules gain the event
 *     ("văn bản hết hiệu lực", "chấm dứt hợp đồng"); dossiers the event's
 *     date once it happened; catalog entries and dossiers the code of the
 *     schedule rule they follow (retention_rules.code)
 *   TT 05/2025 dossier metadata: numberOfPaper (số lượng tờ)
 *   deposits            a deposit to the agency archive (nộp lưu cơ quan):
 *                       date, giver, receiver, counts; dossiers.deposit_id
 *   fileplan_changes    the catalog's amendment history (rows added, rows
 *                       amended, headings added), who, when, why
 *   fileplan_headings / fileplan_entries  when a row was added after import
 *   disposition_batches the appraisal opinion of the competent body, the
 *                       hand-over of the material destroyed, cancellation
 *   dossiers.kind       'file' (from the catalog) or 'tthc' (an
 *                       administrative-procedure case, QĐ 766), with the
 *                       procedure code, the date received and whether the
 *                       result is issued on paper; dossier_records.role
 *                       'component' or 'result' for TTHC dossiers
 */
static const char V15_RECORDS_LAW_SQL[] =
    "ALTER TABLE fileplan_entries ADD COLUMN retention_event TEXT;\n"
    "ALTER TABLE fileplan_entries ADD COLUMN retention_rule TEXT;\n"
    "ALTER TABLE fileplan_entries ADD COLUMN added_at TEXT;\n"
    "ALTER TABLE fileplan_headings ADD COLUMN added_at TEXT;\n"
    "ALTER TABLE dossiers ADD COLUMN retention_event TEXT;\n"
    "ALTER TABLE dossiers ADD COLUMN retention_event_date TEXT;\n"
    "ALTER TABLE dossiers ADD COLUMN retention_rule TEXT;\n"
    "ALTER TABLE retention_rules ADD COLUMN event TEXT;\n"
    "ALTER TABLE dossiers ADD COLUMN number_of_paper INTEGER"
    " CHECK (number_of_paper IS NULL OR number_of_paper >= 0);\n"
    "CREATE TABLE deposits (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  deposit_date TEXT NOT NULL,\n"
    "  giver TEXT NOT NULL,\n"
    "  giver_person TEXT,\n"
    "  receiver TEXT NOT NULL,\n"
    "  receiver_person TEXT,\n"
    "  dossier_count INTEGER NOT NULL DEFAULT 0,\n"
    "  file_count INTEGER NOT NULL DEFAULT 0,\n"
    "  page_count INTEGER NOT NULL DEFAULT 0,\n"
    "  created_by TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL DEFAULT (" NOW ")\n"
    ");\n"
    "ALTER TABLE dossiers ADD COLUMN deposit_id INTEGER REFERENCES deposits(id);\n"
    "CREATE TABLE fileplan_changes (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  fileplan_id INTEGER NOT NULL REFERENCES fileplans(id),\n"
    "  entry_id INTEGER REFERENCES fileplan_entries(id),\n"
    "  heading_id INTEGER REFERENCES fileplan_headings(id),\n"
    "  action TEXT NOT NULL CHECK (action IN ('add_entry','amend_entry','add_heading')),\n"
    "  field TEXT,\n"
    "  old_value TEXT,\n"
    "  new_value TEXT,\n"
    "  reason TEXT,\n"
    "  who TEXT NOT NULL,\n"
    "  at TEXT NOT NULL DEFAULT (" NOW ")\n"
    ");\n"
    "CREATE INDEX fileplan_changes_plan ON fileplan_changes(fileplan_id);\n"
    "ALTER TABLE disposition_batches ADD COLUMN appraisal_opinion TEXT;\n"
    "ALTER TABLE disposition_batches ADD COLUMN handover_record TEXT;\n"
    "ALTER TABLE disposition_batches ADD COLUMN cancelled_by TEXT;\n"
    "ALTER TABLE disposition_batches ADD COLUMN cancelled_at TEXT;\n"
    "ALTER TABLE disposition_batches ADD COLUMN cancel_reason TEXT;\n"
    "ALTER TABLE dossiers ADD COLUMN kind TEXT NOT NULL DEFAULT 'file'"
    " CHECK (kind IN ('file','tthc'));\n"
    "ALTER TABLE dossiers ADD COLUMN procedure_code TEXT;\n"
    "ALTER TABLE dossiers ADD COLUMN received_date TEXT;\n"
    "ALTER TABLE dossiers ADD COLUMN result_on_paper INTEGER"
    " CHECK (result_on_paper IS NULL OR result_on_paper IN (0, 1));\n"
    "ALTER TABLE dossier_records ADD COLUMN role TEXT"
    " CHECK (role IS NULL OR role IN ('component','result'));\n";

/*
 * Step 16 — OCR review and the admin's user list (issue 22):
 *   pages.reviewed_at / reviewed_by  a person checked the page's recognised
 *                       text (and corrected it, record_history keeps the
 *                       previous text); a reviewed page leaves `luutru ocr
 *                       review` (archive/review.h)
 *   users.last_login_at the user's last sign-in (HTTP or --user), shown to
 *                       the administrator
 */
static const char V16_OCR_REVIEW_USERS_SQL[] = "ALTER TABLE pages ADD COLUMN reviewed_at TEXT;\n"
                                               "ALTER TABLE pages ADD COLUMN reviewed_by TEXT;\n"
                                               "ALTER TABLE users ADD COLUMN last_login_at TEXT;\n";
/* Step 17: long work (archive/work.h) — a batch import, a reindex, a
 * verify, a backup started from the web UI — with who started it, its
 * progress and its result, kept after it ends so that one can leave and
 * come back. OCR jobs are not copied here: the registry reads them from
 * `jobs`. clearance is the starter's: a result may name records up to it
 * (the guard shows the row to those cleared as far, archive/access.c);
 * lease is the process running it (core/proc.h), so work a stopped
 * process left is told from work still going (state 'interrupted'). */
static const char V17_WORK_SQL[] =
    "CREATE TABLE work (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('import','reindex','verify','backup')),\n"
    "  state TEXT NOT NULL DEFAULT 'running'"
    " CHECK (state IN ('queued','running','done','failed','interrupted')),\n"
    "  started_by TEXT NOT NULL,\n"
    "  clearance INTEGER NOT NULL DEFAULT 0,\n"
    "  source TEXT NOT NULL DEFAULT '',\n"
    "  phase TEXT NOT NULL DEFAULT '',\n"
    "  done INTEGER NOT NULL DEFAULT 0,\n"
    "  total INTEGER NOT NULL DEFAULT 0,\n"
    "  result TEXT,\n"
    "  error_code TEXT,\n"
    "  error TEXT,\n"
    "  lease TEXT,\n"
    "  created_at TEXT NOT NULL DEFAULT (" NOW "),\n"
    "  finished_at TEXT\n"
    ");\n"
    "CREATE INDEX work_kind_state ON work(kind, state);\n";

/* Step 18: an OCR job's progress, page by page (archive/jobs.c), so that
 * the OCR of a big PDF shows how far it has come in the list of long work
 * (archive/work.h): pages_done of pages_total (0: not known yet — the
 * file is not counted before its job starts). Written while the job runs,
 * at most about once a second, outside the transaction that stores its
 * result; pages_done goes back to 0 when the job is queued again. Jobs
 * done before this step are given their record's page count. */
static const char V18_JOB_PAGES_SQL[] =
    "ALTER TABLE jobs ADD COLUMN pages_done INTEGER NOT NULL DEFAULT 0;\n"
    "ALTER TABLE jobs ADD COLUMN pages_total INTEGER NOT NULL DEFAULT 0;\n"
    "UPDATE jobs SET pages_total = coalesce((SELECT r.page_count FROM records r"
    " WHERE r.id = jobs.record_id), 0) WHERE state = 'done';\n"
    "UPDATE jobs SET pages_done = pages_total WHERE state = 'done';\n";

static const lt_schema_step STEPS[] = {
    {V1_SQL, create_records}, /* 1 */
    {V2_SQL, NULL},           /* 2: registers, file plan, dossiers, links, tasks, users */
    {V3_SQL, NULL},           /* 3: retention schedule, holds, disposition, transfers */
    {V4_BACKUP_SQL, NULL},    /* 4: backup_runs (rule 40) */
    /* 5: catalog footer counts (rule 18) */
    {V5_FILEPLAN_FOOTER_SQL, NULL},
    /* 6: per-word OCR confidences (luutru ocr review) */
    {V6_OCR_WORDS_SQL, NULL},
    /* 7: records columns of .def rows added later (recipientOrganId) */
    {NULL, lt_schema_add_record_columns},
    /* 8: an agency's abbreviations for search (luutru synonyms import) */
    {V8_SYNONYMS_SQL, NULL},
    /* 9: page quality and blank pages (luutru ocr review) */
    {V9_OCR_QUALITY_SQL, NULL},
    /* 10: the process running each job (lease) */
    {V10_JOB_LEASE_SQL, NULL},
    /* 11: signed seals of the audit log, one per commit that adds entries */
    {V11_AUDIT_SEALS_SQL, NULL},
    /* 12: damaged stored files (verified reads) */
    {V12_BLOB_DAMAGE_SQL, NULL},
    /* 13: backup_runs.skipped, seal_sha256 (sealed, possibly incomplete sets) */
    {V13_BACKUP_SEAL_SQL, NULL},
    /* 14: file formats, signature checks and signatures (issue 19) */
    {V14_EDOCS_SQL, NULL},
    /* 15: records law: retention events, deposits, catalog history,
     * destruction evidence, TTHC dossiers (issue 18) */
    {V15_RECORDS_LAW_SQL, NULL},
    /* 16: pages reviewed by a person, users' last sign-in (issue 22) */
    {V16_OCR_REVIEW_USERS_SQL, NULL},
    /* 17: long work and its progress (archive/work.h, issue 22) */
    {V17_WORK_SQL, NULL},
    /* 18: an OCR job's pages done and total (archive/jobs.c, issue 22) */
    {V18_JOB_PAGES_SQL, NULL},
};

/* The newest version is the number of steps: nothing to keep in sync. */
const int LT_CATALOG_SCHEMA_VERSION = (int)(sizeof(STEPS) / sizeof(STEPS[0]));

const lt_schema_step *lt_schema_steps(size_t *n)
{
	*n = sizeof(STEPS) / sizeof(STEPS[0]);
	return STEPS;
}
