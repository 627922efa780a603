/*
 * service/api_reports.c — the compliance check and the statistics over
 * HTTP, as JSON for the web UI's dashboard and as CSV, HTML or XLSX
 * exports (retention/check.h, retention/stats.h, retention/report.h) —
 * the very reports `luutru check` and `luutru stats` write. They are
 * computed on the request's catalog connection, which reads as the caller
 * (archive/access.h): findings, rows and counts cover only what the caller
 * may see, in every format alike.
 */
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
	} else {
		lt_api_reply_report(req, rep, format, "kiem-tra-tuan-thu", "compliance", NULL);
	}
	lt_report_free(rep);
	lt_check_result_free(res);
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
	} else {
		lt_api_reply_report(req, rep, format, "thong-ke", "statistics", NULL);
	}
	lt_report_free(rep);
}
