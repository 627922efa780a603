/*
 * service/api_packages.c — dossier packages (archive/package.h) over HTTP:
 * export dossiers as a BagIt package and download it; validate an
 * uploaded package. The catalog reads as the caller (archive/access.h): a
 * dossier above their clearance, or holding a record above it, answers like
 * a missing dossier.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "archive/dossier.h"
#include "archive/package.h"
#include "core/fs.h"
#include "service/http.h"

static json_t *summary_json(const lt_package_summary *s)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I}", "dossiers", (json_int_t)s->dossiers,
	                 "records", (json_int_t)s->records, "files", (json_int_t)s->files, "links",
	                 (json_int_t)s->links, "bytes", (json_int_t)s->bytes);
}

/* POST /packages {"dossiers": [ref, ...], "format": "zip"|"tar"} → the
 * package as a download. */
void lt_api_package_export(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = lt_http_archive(req, &err);
	json_t *body = lt_http_json(req), *list = json_object_get(body, "dossiers");
	const char *format = lt_api_str(body, "format");
	lt_package_options popts = LT_PACKAGE_OPTIONS_INIT;
	lt_package_summary sum;
	const char **refs = NULL;
	lt_buf dir = LT_BUF_INIT, path = LT_BUF_INIT, parent = LT_BUF_INIT;
	size_t n;
	char disp[120], detail[200];

	if (!ar) {
		lt_http_reply_error(req, &err);
		return;
	}
	if (!format)
		format = "zip";
	if (!json_is_array(list) || (n = json_array_size(list)) == 0 || n > 1000 ||
	    (strcmp(format, "zip") && strcmp(format, "tar"))) {
		lt_api_bad(
		    req, "%s",
		    LT_TR("cần {\"dossiers\": [mã hồ sơ, ...], \"format\"?: \"zip\"|\"tar\"}",
		          "{\"dossiers\": [dossier, ...], \"format\"?: \"zip\"|\"tar\"} is "
		          "required"));
		return;
	}
	refs = calloc(n, sizeof(*refs));
	for (size_t i = 0; refs && i < n; i++) {
		refs[i] = json_string_value(json_array_get(list, i));
		if (!refs[i] || !*refs[i]) {
			lt_api_bad(req, "%s",
			           LT_TR("mỗi hồ sơ là một chuỗi (id, mã hồ sơ hoặc uid)",
			                 "each dossier is a string (id, fileCode or uid)"));
			goto done;
		}
		if (lt_dossier_find(&(int64_t){0}, lt_archive_catalog(ar), refs[i], NULL) !=
		    LT_OK) {
			lt_api_not_found(req, "hồ sơ", "dossier", refs[i]);
			goto done;
		}
	}
	if (!refs) {
		lt_error_set(&err, LT_ENOMEM, "out of memory");
		lt_http_reply_error(req, &err);
		goto done;
	}
	popts.user = lt_api_who(req);
	lt_buf_printf(&parent, "%s/tmp", lt_blobstore_root(lt_archive_blobs(ar)));
	memset(&sum, 0, sizeof(sum));
	if (lt_fs_mkdtemp(&dir, lt_buf_cstr(&parent), &err) != LT_OK ||
	    lt_buf_printf(&path, "%s/goi-ho-so.%s", lt_buf_cstr(&dir), format) != LT_OK ||
	    lt_package_export(&sum, ar, refs, n, lt_buf_cstr(&path), &popts, &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		goto done;
	}
	snprintf(detail, sizeof(detail), "package.%s dossiers=%zu records=%zu files=%zu", format,
	         sum.dossiers, sum.records, sum.files);
	if (lt_http_audit(req, "export", refs[0], detail) != LT_OK) {
		lt_error_set(&err, LT_EBUSY,
		             LT_TR("không ghi được nhật ký truy cập; thử lại sau",
		                   "cannot write the audit log; try again later"));
		lt_http_reply_error(req, &err);
		goto done;
	}
	snprintf(disp, sizeof(disp), "attachment; filename=\"goi-ho-so.%s\"", format);
	/* the answer holds the open file: the name can go now */
	lt_http_reply_file(req, lt_buf_cstr(&path),
	                   strcmp(format, "zip") == 0 ? "application/zip" : "application/x-tar",
	                   disp);
done:
	if (dir.len)
		lt_fs_remove_tree(lt_buf_cstr(&dir), NULL);
	free(refs);
	lt_buf_free(&dir);
	lt_buf_free(&path);
	lt_buf_free(&parent);
}

/* POST /packages/validate (multipart, field file) → the summary, or the
 * first failing file (422). Nothing is stored. */
void lt_api_package_validate(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_buf dir = LT_BUF_INIT, path = LT_BUF_INIT;
	lt_package_summary sum;
	int rc;

	memset(&sum, 0, sizeof(sum));
	rc = lt_api_upload_to_temp(req, &dir, &path, &err);
	if (rc == LT_OK)
		rc = lt_package_validate(&sum, lt_buf_cstr(&path), &err);
	if (dir.len)
		lt_fs_remove_tree(lt_buf_cstr(&dir), NULL);
	if (rc != LT_OK && path.len)
		lt_error_hide_path(&err, lt_buf_cstr(&path), lt_http_upload_state(req)->filename);
	if (rc != LT_OK)
		lt_http_reply_error(req, &err);
	else
		lt_http_reply_json(
		    req, 200, json_pack("{s:b, s:o}", "valid", 1, "summary", summary_json(&sum)));
	lt_buf_free(&dir);
	lt_buf_free(&path);
}
