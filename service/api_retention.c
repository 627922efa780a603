/*
 * service/api_retention.c — retention over HTTP: what is due (deposit,
 * historical archive, expiry), the retention schedule, and legal holds.
 *
 * The due list only reads (no alert is written: `luutru retention due
 * --record` does that). The catalog reads as the caller (archive/access.h):
 * a dossier above their clearance is not there.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archive/dossier.h"
#include "core/date.h"
#include "retention/due.h"
#include "retention/hold.h"
#include "retention/schedule.h"
#include "service/http.h"

/* GET /retention/due?date=YYYY-MM-DD */
void lt_api_retention_due(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	const char *date = lt_http_query(req, "date");
	lt_due_list *l = NULL;
	lt_date day;
	json_t *a;

	if (!cat)
		return;
	lt_date_today(&day);
	if (date && lt_date_parse(&day, date, &err) != LT_OK) {
		lt_http_reply_status(req, 400, "invalid", err.message);
		return;
	}
	if (lt_retention_due(&l, cat, &day, 0, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	a = json_array();
	for (size_t i = 0; i < l->n; i++) {
		const lt_due_item *it = &l->items[i];
		char due[11];
		lt_date_format_iso(&it->due, due);
		json_array_append_new(a, json_pack("{s:I, s:s?, s:s?, s:s, s:s, s:b}", "dossier",
		                                   (json_int_t)it->dossier_id, "fileCode",
		                                   it->file_code, "title", it->title, "kind",
		                                   it->kind, "due", due, "overdue", it->overdue));
	}
	lt_due_list_free(l);
	lt_http_reply_json(req, 200, json_pack("{s:o}", "due", a));
}

void lt_api_retention_schedule(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	lt_schedule *s = NULL;
	json_t *a;

	if (!cat)
		return;
	if (lt_schedule_list(&s, cat, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	a = json_array();
	for (size_t i = 0; i < lt_schedule_count(s); i++) {
		const lt_retention_rule *r = lt_schedule_get(s, i);
		json_array_append_new(
		    a,
		    json_pack("{s:s, s:s, s:s?, s:o, s:s, s:s?, s:s?}", "code", r->code, "title",
		              r->title, "group", r->group, "years",
		              r->years < 0 ? json_null() : json_integer(r->years), "maintenance",
		              r->maintenance, "action", r->action, "legalBasis", r->legal_basis));
	}
	lt_schedule_free(s);
	lt_http_reply_json(req, 200, json_pack("{s:o}", "schedule", a));
}

static json_t *hold_json(const lt_hold *h)
{
	return json_pack("{s:I, s:s, s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:b}", "id",
	                 (json_int_t)h->id, "kind", h->kind, "object", (json_int_t)h->object_id,
	                 "reason", h->reason, "placedBy", h->placed_by, "placedAt", h->placed_at,
	                 "releasedBy", h->released_by, "releasedAt", h->released_at, "active",
	                 h->released_at == NULL);
}

/* GET /holds?all=1 */
void lt_api_hold_list(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	const char *all = lt_http_query(req, "all");
	lt_hold_list *l = NULL;
	json_t *a;

	if (!cat)
		return;
	if (lt_hold_list_get(&l, cat, !(all && strcmp(all, "1") == 0), &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, hold_json(&l->items[i]));
	lt_hold_list_free(l);
	lt_http_reply_json(req, 200, json_pack("{s:o}", "holds", a));
}

/* POST /holds {"kind": "dossier"|"record", "object": id, "reason": "..."} */
void lt_api_hold_place(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	json_t *body = lt_http_json(req);
	const char *kind_s = lt_api_str(body, "kind");
	const char *reason = lt_api_str(body, "reason");
	int64_t object = lt_api_id(body, "object"), id = 0;
	lt_hold_kind kind;

	if (!cat)
		return;
	if (!kind_s || !object || !reason) {
		lt_api_bad(req, "%s",
		           LT_TR("cần {\"kind\": \"dossier\"|\"record\", \"object\": mã, "
		                 "\"reason\": \"lý do\"}",
		                 "{\"kind\": \"dossier\"|\"record\", \"object\": id, \"reason\": "
		                 "\"why\"} is required"));
		return;
	}
	if (lt_hold_kind_parse(&kind, kind_s, &err) != LT_OK) {
		lt_http_reply_status(req, 400, "invalid", err.message);
		return;
	}
	if (lt_hold_place(&id, cat, kind, object, reason, lt_api_who(req), &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	lt_http_reply_json(req, 201,
	                   json_pack("{s:I, s:s, s:I, s:s, s:b}", "id", (json_int_t)id, "kind",
	                             kind_s, "object", (json_int_t)object, "reason", reason,
	                             "active", 1));
}

/* POST /holds/{id}/release {"reason": "..."} */
void lt_api_hold_release(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	const char *reason = lt_api_str(lt_http_json(req), "reason");
	long long id = 0;

	if (!cat)
		return;
	if (lt_api_parse_int(lt_http_param(req, 0), 1, INT64_MAX, &id) != 0) {
		lt_api_not_found(req, "lệnh phong tỏa", "hold", lt_http_param(req, 0));
		return;
	}
	if (!reason) {
		lt_api_bad(
		    req, "%s",
		    LT_TR("cần {\"reason\": \"lý do\"}", "{\"reason\": \"why\"} is required"));
		return;
	}
	if (lt_hold_release(cat, (int64_t)id, lt_api_who(req), reason, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	lt_http_reply_json(req, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "active", 0));
}
