/*
 * service/api_links.c — links between records (reply_to, refers_to, ...)
 * and tasks (việc giao xử lý văn bản đến) over HTTP.
 *
 * The catalog reads as the caller (archive/access.h): a record above their
 * clearance answers like a missing record, a link to one is not there, and
 * a task on one is not listed.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archive/link.h"
#include "archive/task.h"
#include "service/cli.h"
#include "service/http.h"

void lt_api_links_list(lt_http_req *req)
{
	lt_catalog *cat = lt_api_catalog(req);
	int64_t id;

	if (!cat || lt_api_record_visible(req, cat, lt_http_param(req, 0), &id) != 0)
		return;
	lt_http_reply_json(
	    req, 200,
	    json_pack("{s:I, s:o}", "record", (json_int_t)id, "links", lt_api_links_json(cat, id)));
}

/* POST /records/{id}/links {"kind": "reply_to", "to": 7, "note"?} */
void lt_api_links_add(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	json_t *body = lt_http_json(req);
	const char *kind_s = lt_api_str(body, "kind");
	json_t *jt = json_object_get(body, "to");
	lt_link_kind kind;
	int64_t from, to, link = 0;
	char ref[64];

	if (!cat)
		return;
	if (!kind_s || !*lt_api_ref(jt, ref, sizeof(ref))) {
		lt_api_bad(
		    req, "%s",
		    LT_TR("cần {\"kind\": \"reply_to\", \"to\": mã văn bản, \"note\"?}",
		          "{\"kind\": \"reply_to\", \"to\": record, \"note\"?} is required"));
		return;
	}
	if (lt_link_kind_parse(&kind, kind_s, &err) != LT_OK) {
		lt_http_reply_status(req, 400, "invalid", err.message);
		return;
	}
	if (lt_api_record_visible(req, cat, lt_http_param(req, 0), &from) != 0 ||
	    lt_api_record_visible(req, cat, ref, &to) != 0)
		return;
	if (lt_link_add(&link, cat, from, to, kind, lt_api_str(body, "note"), lt_api_who(req),
	                &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	lt_http_reply_json(
	    req, 201,
	    json_pack("{s:I, s:o}", "id", (json_int_t)link, "links", lt_api_links_json(cat, from)));
}

/* GET /tasks?record=&overdue=1 */
void lt_api_task_list(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	lt_task_filter filter = LT_TASK_FILTER_INIT;
	lt_task_list *l = NULL;
	const char *record = lt_http_query(req, "record");
	const char *overdue = lt_http_query(req, "overdue");
	json_t *a;

	if (!cat)
		return;
	if (record && lt_api_record_visible(req, cat, record, &filter.record) != 0)
		return;
	filter.overdue_only =
	    overdue && (strcmp(overdue, "1") == 0 || strcmp(overdue, "true") == 0);
	if (lt_task_list_load(&l, cat, &filter, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, lt_cli_task_json(&l->items[i]));
	lt_task_list_free(l);
	lt_http_reply_json(req, 200, json_pack("{s:o}", "tasks", a));
}

/* POST /tasks {"record", "leadUnit"?, "coopUnits"?: [..], "assignee"?, "dueDate"?} */
void lt_api_task_add(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	json_t *body = lt_http_json(req);
	json_t *jr = json_object_get(body, "record"), *coop = json_object_get(body, "coopUnits");
	lt_task_new tn = LT_TASK_NEW_INIT;
	const char *units[32];
	lt_task *t = NULL;
	int64_t rec, id;
	char ref[64];

	if (!cat)
		return;
	if (!*lt_api_ref(jr, ref, sizeof(ref))) {
		lt_api_bad(req, "%s",
		           LT_TR("cần {\"record\": mã văn bản đến, ...}",
		                 "{\"record\": incoming record, ...} is required"));
		return;
	}
	if (coop && (!json_is_array(coop) || json_array_size(coop) > 32)) {
		lt_api_bad(req, "%s",
		           LT_TR("coopUnits là danh sách (tối đa 32) tên đơn vị",
		                 "coopUnits is a list of at most 32 unit names"));
		return;
	}
	for (size_t i = 0; coop && i < json_array_size(coop); i++) {
		units[i] = json_string_value(json_array_get(coop, i));
		if (!units[i]) {
			lt_api_bad(
			    req, "%s",
			    LT_TR("coopUnits chỉ chứa chuỗi", "coopUnits holds strings only"));
			return;
		}
	}
	tn.coop_units = units;
	tn.ncoop = coop ? json_array_size(coop) : 0;
	tn.lead_unit = lt_api_str(body, "leadUnit");
	tn.assignee = lt_api_str(body, "assignee");
	tn.due_date = lt_api_str(body, "dueDate");
	if (lt_api_record_visible(req, cat, ref, &rec) != 0)
		return;
	if (lt_task_add(&id, cat, rec, &tn, lt_api_who(req), &err) != LT_OK ||
	    lt_task_load(&t, cat, id, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	lt_http_reply_json(req, 201, lt_cli_task_json(t));
	lt_task_free(t);
}

/* PATCH /tasks/{id} {"progress"?, "status"?, "result"?, "replyRecord"?,
 * "dueDate"?, "assignee"?} */
void lt_api_task_update(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	json_t *body = lt_http_json(req), *jp = json_object_get(body, "progress");
	const char *status = lt_api_str(body, "status");
	lt_task_change tc = LT_TASK_CHANGE_INIT;
	lt_task *t = NULL;
	long long id = 0;

	if (!cat)
		return;
	if (lt_api_parse_int(lt_http_param(req, 0), 1, INT64_MAX, &id) != 0 ||
	    lt_task_load(&t, cat, (int64_t)id, &err) != LT_OK) {
		lt_task_free(t);
		lt_api_not_found(req, "việc", "task", lt_http_param(req, 0));
		return;
	}
	lt_task_free(t);
	t = NULL;
	if (jp &&
	    (!json_is_integer(jp) || json_integer_value(jp) < 0 || json_integer_value(jp) > 100)) {
		lt_api_bad(req, "%s",
		           LT_TR("progress là số từ 0 đến 100", "progress is a number 0..100"));
		return;
	}
	if (jp)
		tc.progress = (int)json_integer_value(jp);
	if (status) {
		lt_task_status s;
		if (lt_task_status_parse(&s, status, &err) != LT_OK) {
			lt_http_reply_status(req, 400, "invalid", err.message);
			return;
		}
		tc.status = (int)s;
	}
	tc.result = lt_api_str(body, "result");
	tc.due_date = lt_api_str(body, "dueDate");
	tc.assignee = lt_api_str(body, "assignee");
	if (json_object_get(body, "replyRecord")) {
		json_t *jr = json_object_get(body, "replyRecord");
		char ref[64];
		if (lt_api_record_visible(req, cat, lt_api_ref(jr, ref, sizeof(ref)),
		                          &tc.reply_record) != 0)
			return;
	}
	if (lt_task_update(cat, (int64_t)id, &tc, lt_api_who(req), &err) != LT_OK ||
	    lt_task_load(&t, cat, (int64_t)id, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	lt_http_reply_json(req, 200, lt_cli_task_json(t));
	lt_task_free(t);
}
