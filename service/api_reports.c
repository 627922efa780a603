/*
 * service/api_reports.c — the compliance check and the statistics over
 * HTTP, as JSON for the web UI's dashboard and as CSV, HTML or XLSX
 * exports (retention/check.h, retention/stats.h, retention/report.h) —
 * the very reports `luutru check` and `luutru stats` write.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/date.h"
#include "retention/check.h"
#include "retention/report.h"
#include "retention/stats.h"
#include "service/http.h"

static int parse_date(lt_http_req *req, const char *name, lt_date *out)
{
	lt_error err = LT_ERROR_INIT;
	const char *v = lt_http_query(req, name);
	if (!v || !*v)
		return 0;
	if (lt_date_parse(out, v, &err) != LT_OK) {
		lt_http_reply_status(req, 400, "invalid", err.message);
		return -1;
	}
	return 0;
}

/* A finding's object names a record or a dossier ("record 12 (…)",
 * "dossier 3 (…)"): is it above the caller's clearance? */
static int object_hidden(lt_http_req *req, lt_catalog *cat, const char *object)
{
	const char *kind;
	char *end = NULL;
	long long id;

	if (!object)
		return 0;
	if (strncmp(object, "record ", 7) == 0) {
		kind = "record";
		object += 7;
	} else if (strncmp(object, "dossier ", 8) == 0) {
		kind = "dossier";
		object += 8;
	} else {
		return 0;
	}
	id = strtoll(object, &end, 10);
	if (end == object)
		return 1;
	return lt_api_secrecy(cat, kind, id) > lt_http_user(req)->clearance;
}

/* The dashboard's JSON leaves out findings about what the caller may not
 * see (the per-rule counts stay: they name nothing). */
static void compliance_filter(lt_http_req *req, json_t *j)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = lt_http_archive(req, &err);
	json_t *rows = json_object_get(json_object_get(j, "tables"), "findings");
	if (!ar)
		return;
	for (size_t i = json_array_size(rows); i-- > 0;)
		if (object_hidden(
		        req, lt_archive_catalog(ar),
		        json_string_value(json_object_get(json_array_get(rows, i), "object"))))
			json_array_remove(rows, i);
}

/* GET /compliance?year=&date=&format=json|csv|html|xlsx */
void lt_api_compliance(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = lt_http_archive(req, &err);
	lt_check_opts opts;
	lt_check_result *res = NULL;
	lt_report *rep = NULL;
	const char *format = lt_http_query(req, "format");

	if (!ar) {
		lt_http_reply_error(req, &err);
		return;
	}
	memset(&opts, 0, sizeof(opts));
	lt_date_today(&opts.today);
	if (lt_api_year(req, lt_http_query(req, "year"), 0, &opts.year) != 0 ||
	    parse_date(req, "date", &opts.today) != 0)
		return;
	opts.blobs = lt_archive_blobs(ar);
	if (lt_check_run(&res, lt_archive_catalog(ar), &opts, &err) != LT_OK ||
	    lt_check_report(&rep, res, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
	} else if (format && strcmp(format, "json")) {
		int hidden = 0;
		for (size_t i = 0; i < res->nfindings && !hidden; i++)
			hidden =
			    object_hidden(req, lt_archive_catalog(ar), res->findings[i].object);
		if (hidden)
			lt_http_reply_status(
			    req, 403, "denied",
			    LT_TR(
			        "bản xuất có phát hiện về hồ sơ, văn bản vượt quá độ mật bạn được "
			        "xem; hãy xem trên màn hình hoặc nhờ người có thẩm quyền xuất",
			        "the export has findings about dossiers or records above your "
			        "clearance; view it on screen or ask someone cleared to export "
			        "it"));
		else
			lt_api_reply_report(req, rep, format, "kiem-tra-tuan-thu", "compliance",
			                    NULL);
	} else {
		lt_api_reply_report(req, rep, format, "kiem-tra-tuan-thu", "compliance",
		                    compliance_filter);
	}
	lt_report_free(rep);
	lt_check_result_free(res);
}

/* The tables of the statistics that list records (not counts). */
static const char *const RECORD_TABLES[] = {"stale", "no_deadline"};

static int record_hidden(lt_http_req *req, lt_catalog *cat, const char *id)
{
	return !id || lt_api_secrecy(cat, "record", atoll(id)) > lt_http_user(req)->clearance;
}

/* Would an export (which cannot leave rows out) list a record above the
 * caller's clearance? */
static int stats_has_hidden(lt_http_req *req, lt_catalog *cat, const lt_report *rep)
{
	for (size_t t = 0; t < sizeof(RECORD_TABLES) / sizeof(RECORD_TABLES[0]); t++)
		for (size_t i = 0; i < lt_report_rows(rep, RECORD_TABLES[t]); i++)
			if (record_hidden(req, cat,
			                  lt_report_cell(rep, RECORD_TABLES[t], i, "record")))
				return 1;
	return 0;
}

/* The JSON leaves out rows naming a record above the caller's clearance
 * (counts stay: they name no record). */
static void stats_filter(lt_http_req *req, json_t *j)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = lt_http_archive(req, &err);
	json_t *tables = json_object_get(j, "tables");
	if (!ar)
		return;
	for (size_t t = 0; t < sizeof(RECORD_TABLES) / sizeof(RECORD_TABLES[0]); t++) {
		json_t *rows = json_object_get(tables, RECORD_TABLES[t]);
		for (size_t i = json_array_size(rows); i-- > 0;)
			if (record_hidden(req, lt_archive_catalog(ar),
			                  json_string_value(
			                      json_object_get(json_array_get(rows, i), "record"))))
				json_array_remove(rows, i);
	}
}

/* GET /statistics?from=&to=&date=&staleDays=&format=json|csv|html|xlsx */
void lt_api_statistics(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_catalog *cat = lt_api_catalog(req);
	const char *stale = lt_http_query(req, "staleDays");
	const char *format = lt_http_query(req, "format");
	lt_stats_opts opts;
	lt_report *rep = NULL;
	long long n = 30;

	if (!cat)
		return;
	memset(&opts, 0, sizeof(opts));
	lt_date_today(&opts.today);
	opts.max_score = 10;
	if (parse_date(req, "from", &opts.from) != 0 || parse_date(req, "to", &opts.to) != 0 ||
	    parse_date(req, "date", &opts.today) != 0)
		return;
	if (stale && lt_api_parse_int(stale, 1, 36500, &n) != 0) {
		lt_api_bad(
		    req, "%s",
		    LT_TR("staleDays là số từ 1 đến 36500", "staleDays is a number 1..36500"));
		return;
	}
	opts.stale_days = (int)n;
	if (opts.from.year && opts.to.year && lt_date_cmp(&opts.from, &opts.to) > 0) {
		lt_api_bad(req, "%s", LT_TR("from phải trước to", "from must precede to"));
		return;
	}
	if (lt_stats_build(&rep, cat, &opts, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
	} else if (format && strcmp(format, "json") && stats_has_hidden(req, cat, rep)) {
		lt_http_reply_status(
		    req, 403, "denied",
		    LT_TR("bản xuất thống kê có văn bản vượt quá độ mật bạn được xem; hãy xem "
		          "trên màn hình hoặc nhờ người có thẩm quyền xuất",
		          "the statistics export lists records above your clearance; view it on "
		          "screen or ask someone cleared to export it"));
	} else {
		lt_api_reply_report(req, rep, format, "thong-ke", "statistics", stats_filter);
	}
	lt_report_free(rep);
}
