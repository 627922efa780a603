/*
 * service/api_util.c — helpers shared by the service/api_*.c handlers:
 * argument parsing with JSON 400s, exports (audited, then answered as a
 * download), reports (retention/report.h) in any of their formats, and a
 * small CSV reader that turns a printed table into JSON rows.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "core/fs.h"
#include "retention/report.h"
#include "service/http.h"

lt_catalog *lt_api_catalog(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = lt_http_archive(req, &err);
	if (!ar) {
		lt_http_reply_error(req, &err);
		return NULL;
	}
	return lt_archive_catalog(ar);
}

const char *lt_api_who(const lt_http_req *req)
{
	return lt_http_user(req)->login;
}

void lt_api_bad(lt_http_req *req, const char *fmt, ...)
{
	char msg[LT_ERROR_MESSAGE_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	lt_http_reply_status(req, 400, "invalid", msg);
}

void lt_api_not_found(lt_http_req *req, const char *what_vi, const char *what_en, const char *ref)
{
	char msg[LT_ERROR_MESSAGE_MAX];
	snprintf(msg, sizeof(msg), LT_TR("không tìm thấy %s %s", "no such %s: %s"),
	         LT_TR(what_vi, what_en), ref ? ref : "");
	lt_http_reply_status(req, 404, "not_found", msg);
}

int lt_api_parse_int(const char *s, long long min, long long max, long long *out)
{
	char *end = NULL;
	long long v;
	if (!s || !*s)
		return -1;
	v = strtoll(s, &end, 10);
	if (*end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int lt_api_year(lt_http_req *req, const char *s, int required, int *year)
{
	long long y = 0;
	*year = 0;
	if ((!s || !*s) && !required)
		return 0;
	if (lt_api_parse_int(s, 1900, 9999, &y) != 0) {
		lt_api_bad(req,
		           LT_TR("năm không hợp lệ: \"%s\" (cần 1900–9999)",
		                 "invalid year: \"%s\" (1900–9999 expected)"),
		           s ? s : "");
		return -1;
	}
	*year = (int)y;
	return 0;
}

int lt_api_visible(lt_catalog *cat, const char *kind, int64_t id)
{
	sqlite3_stmt *st = NULL;
	int found = 0;
	const char *sql = strcmp(kind, "dossier") == 0 ? "SELECT 1 FROM dossiers WHERE id = ?"
	                                               : "SELECT 1 FROM records WHERE id = ?";
	if (sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		found = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return found;
}

const char *lt_api_str(json_t *body, const char *key)
{
	const char *v = json_string_value(json_object_get(body, key));
	return v && *v ? v : NULL;
}

char *lt_api_ref(json_t *v, char *ref, size_t size)
{
	if (json_is_integer(v))
		snprintf(ref, size, "%lld", (long long)json_integer_value(v));
	else
		snprintf(ref, size, "%s", json_string_value(v) ? json_string_value(v) : "");
	return ref;
}

int64_t lt_api_id(json_t *body, const char *key)
{
	json_t *v = json_object_get(body, key);
	long long n = 0;
	if (json_is_integer(v))
		return json_integer_value(v) > 0 ? (int64_t)json_integer_value(v) : 0;
	if (json_is_string(v) && lt_api_parse_int(json_string_value(v), 1, INT64_MAX, &n) == 0)
		return (int64_t)n;
	return 0;
}

static const char *mime_of_format(const char *format)
{
	if (strcmp(format, "csv") == 0)
		return "text/csv; charset=utf-8";
	if (strcmp(format, "html") == 0)
		return "text/html; charset=utf-8";
	if (strcmp(format, "json") == 0)
		return "application/json; charset=utf-8";
	if (strcmp(format, "xlsx") == 0)
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	if (strcmp(format, "pdf") == 0)
		return "application/pdf";
	return "text/plain; charset=utf-8";
}

void lt_api_reply_export(lt_http_req *req, const void *data, size_t len, const char *format,
                         const char *basename, const char *object)
{
	char disp[200], detail[200];
	lt_error err = LT_ERROR_INIT;

	snprintf(detail, sizeof(detail), "%s.%s", basename, format);
	if (lt_http_audit(req, "export", object, detail) != LT_OK) {
		lt_error_set(&err, LT_EBUSY,
		             LT_TR("không ghi được nhật ký truy cập; thử lại sau",
		                   "cannot write the audit log; try again later"));
		lt_http_reply_error(req, &err);
		return;
	}
	/* HTML opens in the browser (the printable form); the rest downloads. */
	snprintf(disp, sizeof(disp), "%s; filename=\"%s.%s\"",
	         strcmp(format, "html") == 0 ? "inline" : "attachment", basename, format);
	lt_http_reply_data(req, 200, mime_of_format(format), data, len, disp);
}

void lt_api_reply_report(lt_http_req *req, lt_report *rep, const char *format, const char *basename,
                         const char *object, void (*json_filter)(lt_http_req *, json_t *))
{
	lt_error err = LT_ERROR_INIT;
	lt_report_format fmt = LT_REPORT_JSON;
	lt_archive *ar = lt_http_archive(req, &err);
	lt_buf dir = LT_BUF_INIT, path = LT_BUF_INIT, data = LT_BUF_INIT;
	int rc;

	if (!format || !*format)
		format = "json";
	if (!ar || lt_report_format_parse(&fmt, format, &err) != LT_OK || fmt == LT_REPORT_TEXT) {
		if (fmt == LT_REPORT_TEXT && !err.code)
			lt_error_set(&err, LT_EINVAL,
			             LT_TR("định dạng phải là json, csv, html hoặc xlsx",
			                   "the format must be json, csv, html or xlsx"));
		lt_http_reply_error(req, &err);
		return;
	}
	/* The report writers write files (xlsx needs one): a private temp
	 * directory beside the blobs, removed before answering. */
	lt_buf_printf(&path, "%s/tmp", lt_blobstore_root(lt_archive_blobs(ar)));
	rc = lt_fs_mkdtemp(&dir, lt_buf_cstr(&path), &err);
	path.len = 0;
	if (rc == LT_OK) {
		lt_buf_printf(&path, "%s/report.%s", lt_buf_cstr(&dir), format);
		rc = lt_report_write(rep, fmt, lt_buf_cstr(&path), &err);
		if (rc == LT_OK)
			rc = lt_fs_read_file(&data, lt_buf_cstr(&path), 256u << 20, &err);
		unlink(lt_buf_cstr(&path));
		rmdir(lt_buf_cstr(&dir));
	}
	if (rc != LT_OK) {
		lt_http_reply_error(req, &err);
	} else if (fmt == LT_REPORT_JSON) {
		json_error_t jerr;
		json_t *j = json_loadb(data.data ? data.data : "", data.len, 0, &jerr);
		if (!j) {
			lt_error_set(&err, LT_ERR, "report JSON: %s", jerr.text);
			lt_http_reply_error(req, &err);
		} else if (lt_http_audit(req, "view", object, basename) != LT_OK) {
			json_decref(j);
			lt_error_set(&err, LT_EBUSY,
			             LT_TR("không ghi được nhật ký truy cập; thử lại sau",
			                   "cannot write the audit log; try again later"));
			lt_http_reply_error(req, &err);
		} else {
			if (json_filter)
				json_filter(req, j);
			lt_http_reply_json(req, 200, j);
		}
	} else {
		lt_api_reply_export(req, data.data, data.len, format, basename, object);
	}
	lt_buf_free(&dir);
	lt_buf_free(&path);
	lt_buf_free(&data);
}

/* RFC 4180: fields separated by commas, quoted with "" inside quotes;
 * records end with CRLF or LF; a UTF-8 BOM is skipped. */
json_t *lt_api_csv_rows(const char *csv, size_t len)
{
	json_t *rows = json_array(), *row = json_array();
	lt_buf field = LT_BUF_INIT;
	size_t i = 0;
	int quoted = 0, any = 0;

	if (len >= 3 && memcmp(csv, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (; i <= len; i++) {
		char c = i < len ? csv[i] : '\n';
		if (quoted) {
			if (c == '"' && i + 1 < len && csv[i + 1] == '"') {
				lt_buf_putc(&field, '"');
				i++;
			} else if (c == '"') {
				quoted = 0;
			} else {
				lt_buf_putc(&field, c);
			}
			continue;
		}
		if (c == '"') {
			quoted = any = 1;
		} else if (c == ',') {
			json_array_append_new(
			    row, json_stringn(field.data ? field.data : "", field.len));
			field.len = 0;
			any = 1;
		} else if (c == '\n') {
			if (any || field.len) {
				json_array_append_new(
				    row, json_stringn(field.data ? field.data : "", field.len));
				json_array_append_new(rows, row);
				row = json_array();
			}
			field.len = 0;
			any = 0;
		} else if (c != '\r') {
			lt_buf_putc(&field, c);
			any = 1;
		}
	}
	json_decref(row);
	lt_buf_free(&field);
	return rows;
}

int lt_api_format(lt_http_req *req, const char *format, const char *const *allowed)
{
	lt_buf list = LT_BUF_INIT;
	for (size_t i = 0; allowed[i]; i++)
		if (format && strcmp(format, allowed[i]) == 0)
			return 0;
	for (size_t i = 0; allowed[i]; i++)
		lt_buf_printf(&list, "%s%s", i ? ", " : "", allowed[i]);
	lt_api_bad(req,
	           LT_TR("định dạng không hỗ trợ: \"%s\" (chọn: %s)",
	                 "unsupported format: \"%s\" (one of: %s)"),
	           format ? format : "", lt_buf_cstr(&list));
	lt_buf_free(&list);
	return -1;
}

int lt_api_record_visible(lt_http_req *req, lt_catalog *cat, const char *ref, int64_t *id)
{
	sqlite3_stmt *st = NULL;
	long long n = 0;

	*id = 0;
	if (ref && *ref &&
	    sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT id FROM records WHERE id = ?2 OR uid = ?1 OR doc_id = ?1",
	                       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, ref, -1, SQLITE_TRANSIENT);
		if (lt_api_parse_int(ref, 1, INT64_MAX, &n) == 0)
			sqlite3_bind_int64(st, 2, n);
		if (sqlite3_step(st) == SQLITE_ROW)
			*id = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (*id <= 0) {
		char msg[200];
		snprintf(msg, sizeof(msg), LT_TR("không tìm thấy văn bản %s", "no such record: %s"),
		         ref ? ref : "");
		lt_http_reply_status(req, 404, "not_found", msg);
		return -1;
	}
	return 0;
}

int lt_api_upload_to_temp(lt_http_req *req, lt_buf *dir, lt_buf *path, lt_error *err)
{
	lt_http_upload *up = lt_http_upload_state(req);
	lt_archive *ar = lt_http_archive(req, err);
	lt_buf blob = LT_BUF_INIT, parent = LT_BUF_INIT;
	lt_blob_info info;
	sqlite3_stmt *st = NULL;
	int rc, named = 1;

	if (!ar)
		return err->code ? err->code : LT_ERR;
	if (!up->have_file || !up->writer)
		return lt_error_set(
		    err, LT_EINVAL, "%s",
		    LT_TR("thiếu tệp: gửi trường \"file\" (multipart/form-data)",
		          "no file: send the field \"file\" (multipart/form-data)"));
	rc = lt_blob_writer_commit(up->writer, &info, err);
	up->writer = NULL;
	if (rc != LT_OK)
		return rc;
	lt_blobstore_path(lt_archive_blobs(ar), info.sha256, &blob);
	lt_buf_printf(&parent, "%s/tmp", lt_blobstore_root(lt_archive_blobs(ar)));
	rc = lt_fs_mkdtemp(dir, lt_buf_cstr(&parent), err);
	if (rc == LT_OK) {
		lt_buf_printf(path, "%s/%s", lt_buf_cstr(dir), up->filename);
		if (link(lt_buf_cstr(&blob), lt_buf_cstr(path)) != 0) {
			rc = lt_error_set(err, LT_EIO, "%s",
			                  LT_TR("không chuẩn bị được tệp tải lên",
			                        "cannot prepare the uploaded file"));
			rmdir(lt_buf_cstr(dir));
		}
	}
	/* The temp link keeps the bytes: the upload is not kept as a blob
	 * unless some record already names the same bytes. */
	if (!info.existed && sqlite3_prepare_v2(lt_catalog_db(lt_archive_catalog(ar)),
	                                        "SELECT 1 FROM blobs WHERE sha256 = ?", -1, &st,
	                                        NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, info.sha256, -1, SQLITE_TRANSIENT);
		named = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	if (!info.existed && !named)
		lt_blobstore_remove(lt_archive_blobs(ar), info.sha256, NULL);
	lt_buf_free(&blob);
	lt_buf_free(&parent);
	return rc;
}
