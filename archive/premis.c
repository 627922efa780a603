/* archive/premis.c — PREMIS 3 events, agents and objects of a package (premis.h). */
#include "archive/premis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"

/* How many verify --fixity runs are listed per file (the most recent). */
#define FIXITY_RUNS 5
#define LT_STR_(x)  #x
#define LT_STR(x)   LT_STR_(x)

typedef struct agent {
	char name[160];
	const char *type; /* "person", "software", "organization" (static) */
} agent;

typedef struct event {
	const char *type; /* LoC eventType (static) */
	char at[32];
	char *detail;
	const char *outcome; /* "success" / "failure" (static) */
	char *note;
	int agent; /* index into agents, or -1 */
	const char *agent_role;
	const char *objects[2];
	const char *object_roles[2];
} event;

typedef struct ctx {
	lt_catalog *cat;
	lt_buf *out;
	agent *agents;
	size_t nagents;
	event *events;
	size_t nevents;
	int oom;
} ctx;

static int esc(lt_buf *b, const char *s)
{
	int rc = 0;

	for (const char *p = s ? s : ""; *p && rc == 0; p++) {
		switch (*p) {
		case '&': rc = lt_buf_puts(b, "&amp;"); break;
		case '<': rc = lt_buf_puts(b, "&lt;"); break;
		case '>': rc = lt_buf_puts(b, "&gt;"); break;
		case '"': rc = lt_buf_puts(b, "&quot;"); break;
		default: rc = lt_buf_putc(b, *p);
		}
	}
	return rc;
}

static int el(lt_buf *b, const char *indent, const char *tag, const char *value)
{
	int rc = lt_buf_printf(b, "%s<premis:%s>", indent, tag);
	rc |= esc(b, value);
	return rc | lt_buf_printf(b, "</premis:%s>\n", tag);
}

static int agent_of(ctx *c, const char *name, const char *type)
{
	agent *g;

	if (!name || !*name)
		return -1;
	for (size_t i = 0; i < c->nagents; i++)
		if (strcmp(c->agents[i].name, name) == 0 && strcmp(c->agents[i].type, type) == 0)
			return (int)i;
	if (!(g = realloc(c->agents, (c->nagents + 1) * sizeof(*g)))) {
		c->oom = 1;
		return -1;
	}
	c->agents = g;
	snprintf(g[c->nagents].name, sizeof(g[c->nagents].name), "%s", name);
	g[c->nagents].type = type;
	return (int)c->nagents++;
}

/* A person's login as recorded ("cli:lan" → "lan"; "system", "cli" are
 * the software acting for the operator). */
static int person(ctx *c, const char *who)
{
	if (!who || !*who || strcmp(who, "system") == 0 || strcmp(who, "cli") == 0)
		return agent_of(c, "luutru", "software");
	if (strncmp(who, "cli:", 4) == 0)
		who += 4;
	return agent_of(c, who, "person");
}

static event *add(ctx *c, const char *type, const char *at, const char *detail, const char *outcome,
                  const char *note, int agent, const char *role)
{
	event *g = realloc(c->events, (c->nevents + 1) * sizeof(*g));
	event *e;

	if (!g) {
		c->oom = 1;
		return NULL;
	}
	c->events = g;
	e = &g[c->nevents++];
	memset(e, 0, sizeof(*e));
	e->type = type;
	snprintf(e->at, sizeof(e->at), "%s", at ? at : "");
	e->detail = detail ? strdup(detail) : NULL;
	e->outcome = outcome;
	e->note = note ? strdup(note) : NULL;
	e->agent = agent;
	e->agent_role = role;
	return e;
}

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* ---- collecting the events ------------------------------------------------ */

static void file_events(ctx *c, const lt_premis_file *f, const lt_premis_file *files, size_t n,
                        const lt_premis_opts *o)
{
	sqlite3_stmt *st = NULL;
	char created[32] = "", now[21];
	event *e;

	if (sqlite3_prepare_v2(lt_catalog_db(c->cat),
	                       "SELECT created_at FROM record_files WHERE record_id = ? AND"
	                       " sha256 = ? ORDER BY created_at LIMIT 1",
	                       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, f->record_id);
		sqlite3_bind_text(st, 2, f->sha256, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW && col(st, 0))
			snprintf(created, sizeof(created), "%s", col(st, 0));
		sqlite3_finalize(st);
	}
	/* The digest taken when the file was stored (content-addressed). */
	if ((e = add(c, "message digest calculation", created, "SHA-256", "success", f->sha256,
	             agent_of(c, "luutru", "software"), "executing program")))
		e->objects[0] = f->path;
	/* verify --fixity runs since, the most recent first. */
	if (sqlite3_prepare_v2(lt_catalog_db(c->cat),
	                       "SELECT at, who, instr(coalesce(detail, ''), ':' || ?2) > 0 FROM"
	                       " audit_log WHERE action = 'verify.fixity' AND at >= ?1"
	                       " ORDER BY id DESC LIMIT " LT_STR(FIXITY_RUNS),
	                       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, created, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, f->sha256, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			int bad = sqlite3_column_int(st, 2);
			if ((e = add(c, "fixity check", col(st, 0),
			             "luutru verify --fixity (SHA-256)",
			             bad ? "failure" : "success",
			             bad ? "mã băm không khớp hoặc thiếu tệp" : NULL,
			             person(c, col(st, 1)), "executing program")))
				e->objects[0] = f->path;
		}
		sqlite3_finalize(st);
	}
	/* The check the export itself made before packing the file. */
	lt_time_now_iso(now);
	if ((e = add(c, "fixity check", now, "khi lập gói (SHA-256)", "success", NULL,
	             agent_of(c, "luutru", "software"), "executing program")))
		e->objects[0] = f->path;
	/* A searchable PDF is a migration of the original. */
	if (strcmp(f->role, "searchable_pdf") == 0) {
		const char *source = NULL;
		for (size_t i = 0; i < n; i++)
			if (files[i].record_id == f->record_id &&
			    strcmp(files[i].role, "original") == 0)
				source = files[i].path;
		if ((e = add(c, "migration", created,
		             "bản PDF có lớp văn bản (OCR) từ bản gốc; TT 05/2025 Đ8", "success",
		             NULL, agent_of(c, "luutru", "software"), "executing program"))) {
			e->objects[0] = source;
			e->object_roles[0] = "source";
			e->objects[1] = f->path;
			e->object_roles[1] = "outcome";
		}
	}
	(void)o;
}

static void record_events(ctx *c, int64_t rid, const lt_premis_file *files, size_t n)
{
	sqlite3_stmt *st = NULL;
	const char *first = NULL;
	event *e;

	for (size_t i = 0; i < n && !first; i++)
		if (files[i].record_id == rid)
			first = files[i].path;
	/* Ingestion: the audit entry, else the record's creation. */
	if (sqlite3_prepare_v2(lt_catalog_db(c->cat),
	                       "SELECT coalesce(a.at, r.created_at), a.who, r.uid FROM records r"
	                       " LEFT JOIN audit_log a ON a.object = r.uid AND a.action ="
	                       " 'record.ingest' WHERE r.id = ? ORDER BY a.id LIMIT 1",
	                       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, rid);
		if (sqlite3_step(st) == SQLITE_ROW) {
			char detail[200];
			snprintf(detail, sizeof(detail), "văn bản %s",
			         col(st, 2) ? col(st, 2) : "");
			if ((e = add(c, "ingestion", col(st, 0), detail, "success", NULL,
			             person(c, col(st, 1)), "implementer")))
				e->objects[0] = first;
		}
		sqlite3_finalize(st);
	}
	/* OCR (text extraction) of the record. */
	if (sqlite3_prepare_v2(
	        lt_catalog_db(c->cat),
	        "SELECT j.updated_at, j.state, coalesce(j.error, ''),"
	        " (SELECT count(*) FROM pages p WHERE p.record_id = j.record_id),"
	        " (SELECT avg(p.confidence) FROM pages p WHERE p.record_id ="
	        " j.record_id AND p.confidence IS NOT NULL)"
	        " FROM jobs j WHERE j.record_id = ? AND j.kind = 'ocr' AND j.state IN"
	        " ('done','failed') ORDER BY j.id",
	        -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, rid);
		while (sqlite3_step(st) == SQLITE_ROW) {
			char detail[200];
			int ok = strcmp(col(st, 1), "done") == 0;
			if (sqlite3_column_type(st, 4) != SQLITE_NULL)
				snprintf(detail, sizeof(detail),
				         "OCR (Tesseract, vie+eng): %d trang, độ tin cậy trung "
				         "bình %.1f",
				         sqlite3_column_int(st, 3), sqlite3_column_double(st, 4));
			else
				snprintf(detail, sizeof(detail), "OCR / lớp văn bản: %d trang",
				         sqlite3_column_int(st, 3));
			if ((e = add(c, "extraction", col(st, 0), detail,
			             ok ? "success" : "failure", ok ? NULL : col(st, 2),
			             agent_of(c, "Tesseract OCR", "software"),
			             "executing program")))
				e->objects[0] = first;
		}
		sqlite3_finalize(st);
	}
}

static void dossier_events(ctx *c, int64_t dossier_id, const lt_premis_opts *o)
{
	sqlite3_stmt *st = NULL;
	char now[21];

	/* Disposition steps of the dossier's life (archive/dossier.c). */
	if (sqlite3_prepare_v2(lt_catalog_db(c->cat),
	                       "SELECT to_status, at, who, coalesce(reason, '') FROM dossier_events"
	                       " WHERE dossier_id = ? AND to_status IN ('archived','transferred',"
	                       "'destroyed') ORDER BY id",
	                       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, dossier_id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *to = col(st, 0);
			const char *type = strcmp(to, "archived") == 0      ? "accession"
			                   : strcmp(to, "transferred") == 0 ? "transfer"
			                                                    : "deletion";
			char detail[400];
			snprintf(detail, sizeof(detail), "%s%s%s",
			         strcmp(to, "archived") == 0 ? "nộp lưu vào lưu trữ cơ quan"
			         : strcmp(to, "transferred") == 0 ? "nộp lưu vào lưu trữ lịch sử"
			                                          : "tiêu hủy",
			         *col(st, 3) ? ": " : "", col(st, 3));
			add(c, type, col(st, 1), detail, "success", NULL, person(c, col(st, 2)),
			    "implementer");
		}
		sqlite3_finalize(st);
	}
	if (o && o->disposition_type) {
		lt_time_now_iso(now);
		add(c, o->disposition_type, now, o->disposition_detail, "success", NULL,
		    person(c, o->who), "implementer");
	}
}

/* ---- writing -------------------------------------------------------------- */

static int write_event(lt_buf *b, const ctx *c, const event *e, size_t i, const char *code)
{
	char id[240]; /* a code (< 200 bytes), "/event/", a number */
	int rc = 0;

	snprintf(id, sizeof(id), "%s/event/%zu", code, i + 1);
	rc |= lt_buf_printf(b,
	                    "  <digiprovMD ID=\"EVENT_%zu\">\n   <mdWrap MDTYPE=\"PREMIS:EVENT\">\n"
	                    "    <xmlData>\n     <premis:event>\n"
	                    "      <premis:eventIdentifier>\n",
	                    i + 1);
	rc |= el(b, "       ", "eventIdentifierType", "local");
	rc |= el(b, "       ", "eventIdentifierValue", id);
	rc |= lt_buf_puts(b, "      </premis:eventIdentifier>\n");
	rc |= el(b, "      ", "eventType", e->type);
	rc |= el(b, "      ", "eventDateTime", e->at);
	if (e->detail) {
		rc |= lt_buf_puts(b, "      <premis:eventDetailInformation>\n");
		rc |= el(b, "       ", "eventDetail", e->detail);
		rc |= lt_buf_puts(b, "      </premis:eventDetailInformation>\n");
	}
	rc |= lt_buf_puts(b, "      <premis:eventOutcomeInformation>\n");
	rc |= el(b, "       ", "eventOutcome", e->outcome);
	if (e->note) {
		rc |= lt_buf_puts(b, "       <premis:eventOutcomeDetail>\n");
		rc |= el(b, "        ", "eventOutcomeDetailNote", e->note);
		rc |= lt_buf_puts(b, "       </premis:eventOutcomeDetail>\n");
	}
	rc |= lt_buf_puts(b, "      </premis:eventOutcomeInformation>\n");
	if (e->agent >= 0) {
		rc |= lt_buf_puts(b, "      <premis:linkingAgentIdentifier>\n");
		rc |= el(b, "       ", "linkingAgentIdentifierType", "local");
		rc |= el(b, "       ", "linkingAgentIdentifierValue", c->agents[e->agent].name);
		rc |= el(b, "       ", "linkingAgentRole", e->agent_role);
		rc |= lt_buf_puts(b, "      </premis:linkingAgentIdentifier>\n");
	}
	for (int k = 0; k < 2; k++) {
		if (!e->objects[k])
			continue;
		rc |= lt_buf_puts(b, "      <premis:linkingObjectIdentifier>\n");
		rc |= el(b, "       ", "linkingObjectIdentifierType", "local");
		rc |= el(b, "       ", "linkingObjectIdentifierValue", e->objects[k]);
		if (e->object_roles[k])
			rc |= el(b, "       ", "linkingObjectRole", e->object_roles[k]);
		rc |= lt_buf_puts(b, "      </premis:linkingObjectIdentifier>\n");
	}
	rc |=
	    lt_buf_puts(b, "     </premis:event>\n    </xmlData>\n   </mdWrap>\n  </digiprovMD>\n");
	return rc;
}

static int write_agent(lt_buf *b, const agent *a, size_t i)
{
	int rc =
	    lt_buf_printf(b,
	                  "  <digiprovMD ID=\"AGENT_%zu\">\n   <mdWrap MDTYPE=\"PREMIS:AGENT\">\n"
	                  "    <xmlData>\n     <premis:agent>\n"
	                  "      <premis:agentIdentifier>\n",
	                  i + 1);
	rc |= el(b, "       ", "agentIdentifierType", "local");
	rc |= el(b, "       ", "agentIdentifierValue", a->name);
	rc |= lt_buf_puts(b, "      </premis:agentIdentifier>\n");
	rc |= el(b, "      ", "agentName", a->name);
	rc |= el(b, "      ", "agentType", a->type);
	if (strcmp(a->name, "luutru") == 0)
		rc |= el(b, "      ", "agentNote",
		         "luutru — hệ thống lưu trữ hồ sơ điện tử (GPL-3.0)");
	rc |=
	    lt_buf_puts(b, "     </premis:agent>\n    </xmlData>\n   </mdWrap>\n  </digiprovMD>\n");
	return rc;
}

int lt_premis_amdsec(lt_buf *out, lt_catalog *cat, int64_t dossier_id, const lt_premis_file *files,
                     size_t nfiles, const lt_premis_opts *opts, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	ctx c;
	char code[200] = "";
	int rc = 0;

	memset(&c, 0, sizeof(c));
	c.cat = cat;
	c.out = out;
	if (sqlite3_prepare_v2(lt_catalog_db(cat), "SELECT file_code FROM dossiers WHERE id = ?",
	                       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, dossier_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(code, sizeof(code), "%s", col(st, 0));
		sqlite3_finalize(st);
	}
	if (opts && opts->organization)
		agent_of(&c, opts->organization, "organization");
	/* The records in filing order, each with its files. */
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT record_id FROM dossier_records WHERE dossier_id = ?"
	                       " ORDER BY ordinal",
	                       -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "dossier_records");
	sqlite3_bind_int64(st, 1, dossier_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t rid = sqlite3_column_int64(st, 0);
		record_events(&c, rid, files, nfiles);
		for (size_t i = 0; i < nfiles; i++)
			if (files[i].record_id == rid)
				file_events(&c, &files[i], files, nfiles, opts);
	}
	sqlite3_finalize(st);
	dossier_events(&c, dossier_id, opts);

	rc |= lt_buf_puts(out, " <amdSec ID=\"AMD_HOSO\">\n");
	for (size_t i = 0; i < c.nevents; i++)
		rc |= write_event(out, &c, &c.events[i], i, code);
	for (size_t i = 0; i < c.nagents; i++)
		rc |= write_agent(out, &c.agents[i], i);
	rc |= lt_buf_puts(out, " </amdSec>\n");
	for (size_t i = 0; i < c.nevents; i++) {
		free(c.events[i].detail);
		free(c.events[i].note);
	}
	free(c.events);
	free(c.agents);
	if (rc || c.oom)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	return 0;
}
