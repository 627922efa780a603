/* service/ops.c — operations shared by the CLI and the HTTP API (ops.h). */
#include "service/ops.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archive/fields.h"
#include "retention/due.h"
#include "retention/hold.h"

json_t *lt_ops_dossier_fields_json(void)
{
	static const char *const TYPES[] = {"text", "code", "bool", "int", "date", "retention"};
	size_t n;
	const lt_dossier_field *f = lt_dossier_fields(&n);
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack(
		    "{s:s, s:s, s:s, s:i}", "tag", f[i].tag, "type", TYPES[f[i].type], "label",
		    LT_TR(f[i].label_vi, f[i].label_en), "maxLength", f[i].max_len);
		if (f[i].codelist) {
			size_t nc;
			const lt_code *codes = lt_codelist(f[i].codelist, &nc);
			json_t *c = json_array();
			for (size_t k = 0; k < nc; k++)
				json_array_append_new(
				    c, json_pack("{s:s, s:s}", "code", codes[k].code, "label",
				                 LT_TR(codes[k].label_vi, codes[k].label_en)));
			json_object_set_new(o, "codes", c);
		}
		json_array_append_new(a, o);
	}
	return a;
}

json_t *lt_ops_dossier_json(lt_catalog *cat, const lt_dossier *d)
{
	json_t *recs = json_array(), *j, *fields = json_object();
	const lt_dossier_field *defs;
	int64_t *ids = NULL;
	size_t n = 0, nf;

	if (lt_dossier_records(&ids, &n, cat, d->id, NULL) == 0)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(recs, json_integer((json_int_t)ids[i]));
	free(ids);
	j = json_pack("{s:I, s:s, s:s, s:i, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, "
	              "s:s?, s:i, s:i, s:s, s:o}",
	              "id", (json_int_t)d->id, "uid", d->uid, "fileCode", d->file_code, "year",
	              d->year, "notation", d->notation, "title", d->title, "department",
	              d->department, "maintenance", d->maintenance, "retention", d->retention_label,
	              "keeper", d->keeper, "language", d->language, "startDate", d->start_date,
	              "endDate", d->end_date, "docTotal", d->doc_total, "pageTotal", d->page_total,
	              "status", lt_dossier_status_name(d->status), "records", recs);
	/* Every TT 05/2025 field, by its tag, as stored (codes as codes; the
	 * labels are in "fieldLabels" for the web UI's forms). */
	defs = lt_dossier_fields(&nf);
	for (size_t i = 0; i < nf && i < d->nvalues; i++) {
		const char *v = d->values[i];
		if (defs[i].type == LT_DF_RETENTION)
			continue; /* "retention" above */
		if (!v)
			json_object_set_new(j, defs[i].tag, json_null());
		else if (defs[i].type == LT_DF_BOOL || defs[i].type == LT_DF_INT)
			json_object_set_new(j, defs[i].tag, json_integer(atoll(v)));
		else
			json_object_set_new(j, defs[i].tag, json_string(v));
		json_object_set_new(fields, defs[i].tag,
		                    json_string(LT_TR(defs[i].label_vi, defs[i].label_en)));
	}
	json_object_set_new(j, "fieldLabels", fields);
	json_object_set_new(j, "kind", json_string(d->kind ? d->kind : "file"));
	json_object_set_new(j, "retentionEvent",
	                    d->retention_event ? json_string(d->retention_event) : json_null());
	json_object_set_new(j, "retentionEventDate",
	                    d->retention_event_date ? json_string(d->retention_event_date)
	                                            : json_null());
	json_object_set_new(j, "retentionRule",
	                    d->retention_rule ? json_string(d->retention_rule) : json_null());
	json_object_set_new(j, "expiryYear",
	                    d->expiry_year ? json_integer(d->expiry_year) : json_null());
	json_object_set_new(j, "archivedAt",
	                    d->archived_at ? json_string(d->archived_at) : json_null());
	json_object_set_new(j, "depositId",
	                    d->deposit_id ? json_integer((json_int_t)d->deposit_id) : json_null());
	if (d->kind && strcmp(d->kind, "tthc") == 0) {
		lt_tthc_flags t;
		if (lt_dossier_tthc(&t, cat, d->id, NULL) == 0)
			json_object_set_new(
			    j, "tthc",
			    json_pack("{s:i, s:i, s:b, s:b, s:b, s:b}", "components", t.components,
			              "results", t.results, "componentFiled", t.component_filed,
			              "resultFiled", t.result_filed, "resultOnPaper",
			              t.result_on_paper, "digitised", t.digitised));
	}
	return j;
}

/* Lines of nf tab-separated fields, each made an object by row(f); a
 * line with fewer fields is left out. A JSON array (new reference). */
static json_t *tsv_rows(const lt_buf *lines, int nf, json_t *(*row)(char **f))
{
	json_t *a = json_array();
	const char *line = lines->data;

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *copy = strndup(line, len), *f[8] = {copy};
		int ok = copy != NULL;
		for (int i = 1; i < nf && ok; i++) {
			f[i] = strchr(f[i - 1], '\t');
			if (f[i])
				*f[i]++ = '\0';
			else
				ok = 0;
		}
		if (ok)
			json_array_append_new(a, row(f));
		free(copy);
		line = nl ? nl + 1 : NULL;
	}
	return a;
}

static json_t *transfer_row(char **f)
{
	return json_pack("{s:I, s:s, s:s, s:I, s:s, s:s}", "dossierId", (json_int_t)atoll(f[0]),
	                 "fileCode", f[1], "transferredAt", f[2], "transferId",
	                 (json_int_t)atoll(f[3]), "package", f[4], "title", f[5]);
}

json_t *lt_ops_transfer_list_json(const lt_buf *lines)
{
	return tsv_rows(lines, 6, transfer_row);
}

static json_t *dossier_row(char **f)
{
	return json_pack("{s:I, s:s, s:s, s:i, s:s}", "id", (json_int_t)atoll(f[0]), "fileCode",
	                 f[1], "status", f[2], "docTotal", atoi(f[3]), "title", f[4]);
}

json_t *lt_ops_dossier_list_json(const lt_buf *lines)
{
	return tsv_rows(lines, 5, dossier_row);
}

int lt_ops_dossier_transition(lt_catalog *cat, int64_t id, lt_dossier_status to, const char *who,
                              const char *reason, lt_error *err)
{
	if (lt_catalog_begin(cat, err) != 0 ||
	    (to == LT_DOSSIER_OPEN && lt_hold_check(cat, LT_HOLD_DOSSIER, id, err) != 0) ||
	    lt_dossier_transition(cat, id, to, who, reason, err) != 0 ||
	    (to == LT_DOSSIER_CLOSED && lt_retention_on_close(cat, id, err) != 0) ||
	    lt_catalog_commit(cat, err) != 0) {
		lt_catalog_rollback(cat);
		return err->code ? err->code : LT_ERR;
	}
	return LT_OK;
}

json_t *lt_ops_disposition_json(const lt_disposition_list *l)
{
	json_t *j = json_pack(
	    "{s:I, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?,"
	    " s:s?, s:s?, s:s?, s:I, s:b}",
	    "id", (json_int_t)l->id, "state", l->state, "explanation", l->explanation, "proposedBy",
	    l->proposed_by, "proposedAt", l->proposed_at, "approvedBy", l->approved_by,
	    "approvedAt", l->approved_at, "decisionNo", l->decision_no, "decisionDate",
	    l->decision_date, "minutes", l->minutes, "appraisal", l->appraisal, "executedBy",
	    l->executed_by, "executedAt", l->executed_at, "handover", l->handover, "cancelledBy",
	    l->cancelled_by, "cancelledAt", l->cancelled_at, "cancelReason", l->cancel_reason,
	    "dossierCount", (json_int_t)l->ndossiers, "hasReport", l->has_report);
	if (j && l->dossiers) {
		json_t *a = json_array();
		for (size_t i = 0; i < l->ndossiers; i++) {
			const lt_disposition_dossier *d = &l->dossiers[i];
			json_array_append_new(a, json_pack("{s:I, s:s?, s:s?, s:s?, s:i, s:s?}",
			                                   "id", (json_int_t)d->id, "fileCode",
			                                   d->file_code, "title", d->title,
			                                   "retention", d->retention, "year",
			                                   d->year, "status", d->status));
		}
		json_object_set_new(j, "dossiers", a);
	}
	return j;
}
