/*
 * service/api_records.c — upload (multipart → blob store → ingest → 202 +
 * job), a record's metadata/pages/files, file download, job status.
 *
 * Clearance: the catalog connection reads as the signed-in user
 * (archive/access.h), so a record above the caller's clearance is not
 * found — it answers exactly like a record that does not exist. Views and
 * downloads are audited.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "archive/fields.h"
#include "archive/fixity.h"
#include "archive/ingest.h"
#include "archive/link.h"
#include "archive/task.h"
#include "archive/edoc/edoc.h"
#include "archive/record.h"
#include "archive/signatures/store.h"
#include "core/buf.h"
#include "service/cli.h"
#include "service/http.h"

static void reply_no_record(lt_http_req *req, const char *ref)
{
	char msg[200];
	snprintf(msg, sizeof(msg), LT_TR("không tìm thấy văn bản %s", "no such record: %s"), ref);
	lt_http_reply_status(req, 404, "not_found", msg);
}

/* Numeric id, uid or docId → the record, or NULL after answering 404 or an
 * error. */
static lt_record *load_visible(lt_http_req *req, lt_catalog *cat, const char *ref, unsigned what)
{
	lt_error err = LT_ERROR_INIT;
	lt_record *rec = NULL;
	char *end = NULL;
	long long id = strtoll(ref, &end, 10);
	int rc;

	if (*ref && end && *end == '\0' && id > 0)
		rc = lt_record_load(&rec, cat, (int64_t)id, what, &err);
	else
		rc = lt_record_load_ref(&rec, cat, ref, what, &err);
	if (rc == LT_ENOTFOUND) {
		reply_no_record(req, ref);
		return NULL;
	}
	if (rc != LT_OK) {
		lt_http_reply_error(req, &err);
		return NULL;
	}
	return rec;
}

static json_t *record_json(const lt_record *rec)
{
	json_t *j = json_object(), *fields = json_array(), *files = json_array(),
	       *pages = json_array();
	size_t nf = 0;
	const lt_field_def *defs = lt_fields_all(&nf);

	for (size_t i = 0; i < nf; i++) {
		const char *v = rec->values[defs[i].id];
		if (!v)
			continue;
		json_array_append_new(
		    fields,
		    json_pack("{s:s, s:s, s:s, s:s, s:s?}", "tag", defs[i].tag, "labelVi",
		              defs[i].label_vi, "labelEn", defs[i].label_en, "value", v, "display",
		              defs[i].codelist ? lt_codelist_label(defs[i].codelist, v) : NULL));
	}
	for (size_t i = 0; i < rec->nfiles; i++) {
		const lt_record_file *f = &rec->files[i];
		char url[200];
		snprintf(url, sizeof(url), "/api/v1/records/%lld/files/%s", (long long)rec->id,
		         f->sha256);
		json_array_append_new(
		    files, json_pack("{s:s, s:s?, s:s?, s:s?, s:I, s:s, s:s?}", "sha256", f->sha256,
		                     "role", f->role, "mediaType", f->media_type, "name", f->name,
		                     "size", (json_int_t)f->size, "url", url, "damage", f->damage));
	}
	for (size_t i = 0; i < rec->npages; i++) {
		const lt_record_page *p = &rec->pages[i];
		json_array_append_new(pages, json_pack("{s:i, s:s, s:f}", "page", p->page_no,
		                                       "text", p->text ? p->text : "", "confidence",
		                                       p->confidence));
	}
	json_object_set_new(j, "id", json_integer(rec->id));
	json_object_set_new(j, "uid", json_string(rec->uid));
	json_object_set_new(j, "title", json_string(lt_record_display_title(rec)));
	json_object_set_new(j, "secrecy", json_integer(rec->secrecy));
	json_object_set_new(j, "status", json_string(rec->status ? rec->status : ""));
	json_object_set_new(j, "statusLabel", json_string(lt_record_status_label(rec->status)));
	json_object_set_new(j, "pageCount", json_integer(rec->page_count));
	json_object_set_new(j, "createdAt", json_string(rec->created_at ? rec->created_at : ""));
	json_object_set_new(j, "updatedAt", json_string(rec->updated_at ? rec->updated_at : ""));
	json_object_set_new(j, "fields", fields);
	json_object_set_new(j, "files", files);
	json_object_set_new(j, "pages", pages);
	return j;
}

/* The record's links, each with the other record's brief (a link to a
 * record the caller may not see is not read: archive/access.h). */
json_t *lt_api_links_json(lt_catalog *cat, int64_t self)
{
	lt_link_list *links = NULL;
	json_t *a = json_array();
	sqlite3_stmt *st = NULL;

	if (lt_link_list_load(&links, cat, self, NULL) != LT_OK || !links)
		return a;
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT uid, coalesce(title, subject, uid), doc_id"
	                       " FROM records WHERE id = ?",
	                       -1, &st, NULL) != SQLITE_OK) {
		lt_link_list_free(links);
		return a;
	}
	for (size_t i = 0; i < links->n; i++) {
		const lt_link *l = &links->items[i];
		int reverse = l->to_id == self;
		int64_t other = reverse ? l->from_id : l->to_id;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, other);
		if (sqlite3_step(st) != SQLITE_ROW)
			continue;
		json_array_append_new(
		    a, json_pack("{s:I, s:s, s:s, s:s, s:{s:I, s:s, s:s, s:s?}, s:s?}", "id",
		                 (json_int_t)l->id, "kind", lt_link_kind_name(l->kind), "direction",
		                 reverse ? "in" : "out", "label",
		                 lt_link_kind_label(l->kind, reverse), "record", "id",
		                 (json_int_t)other, "uid", (const char *)sqlite3_column_text(st, 0),
		                 "title", (const char *)sqlite3_column_text(st, 1), "docId",
		                 (const char *)sqlite3_column_text(st, 2), "note", l->note));
	}
	sqlite3_finalize(st);
	lt_link_list_free(links);
	return a;
}

json_t *lt_api_tasks_json(lt_catalog *cat, int64_t record)
{
	lt_task_filter filter = LT_TASK_FILTER_INIT;
	lt_task_list *tasks = NULL;
	json_t *a = json_array();

	filter.record = record;
	if (lt_task_list_load(&tasks, cat, &filter, NULL) != LT_OK || !tasks)
		return a;
	for (size_t i = 0; i < tasks->n; i++)
		json_array_append_new(a, lt_cli_task_json(&tasks->items[i]));
	lt_task_list_free(tasks);
	return a;
}

void lt_api_record_get(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = lt_http_archive(req, &err);
	lt_record *rec;

	if (!ar) {
		lt_http_reply_error(req, &err);
		return;
	}
	rec = load_visible(req, lt_archive_catalog(ar), lt_http_param(req, 0),
	                   LT_RECORD_PAGES | LT_RECORD_FILES);
	if (!rec)
		return;
	/* Each file present with its size, else marked damaged (no bytes
	 * read: the download checks those). */
	{
		char who[200];
		lt_http_who(req, who, sizeof(who));
		lt_fixity_check_record(ar, rec, 0, who, "view");
	}
	if (lt_http_audit(req, "view", rec->uid, NULL) != LT_OK) {
		lt_error_set(&err, LT_EBUSY,
		             LT_TR("không ghi được nhật ký truy cập; thử lại sau",
		                   "cannot write the audit log; try again later"));
		lt_http_reply_error(req, &err);
		lt_record_free(rec);
		return;
	}
	{
		json_t *j = record_json(rec);
		lt_catalog *cat = lt_archive_catalog(ar);
		json_t *sigs = NULL, *formats = NULL;
		char *summary = NULL;
		json_object_set_new(j, "links", lt_api_links_json(cat, rec->id));
		json_object_set_new(j, "tasks", lt_api_tasks_json(cat, rec->id));
		/* signature evidence and format facts (docs/signatures.md) */
		if (lt_sig_record_json(&sigs, cat, rec->id, NULL) == LT_OK)
			json_object_set_new(j, "signatures", sigs);
		if (lt_edoc_formats_json(&formats, cat, rec->id, NULL) == LT_OK)
			json_object_set_new(j, "formats", formats);
		if (lt_sig_record_summary(&summary, cat, rec->id, NULL) == LT_OK)
			json_object_set_new(j, "signatureSummary",
			                    summary ? json_string(summary) : json_null());
		free(summary);
		lt_http_reply_json(req, 200, j);
	}
	lt_record_free(rec);
}

/* A stored file that failed its check: 422 {"error": {"code": "damaged",
 * "damage", "sha256", "message"}} (archive/fixity.h has marked it and
 * written the audit entry). */
static void reply_damaged(lt_http_req *req, const char *sha, lt_blob_damage damage,
                          const lt_error *err)
{
	lt_http_reply_json(req, (unsigned)lt_status_http(LT_ECORRUPT),
	                   json_pack("{s:{s:s, s:s, s:s, s:s}}", "error", "code", "damaged",
	                             "damage", lt_blob_damage_name(damage), "sha256", sha,
	                             "message", err->message));
}

void lt_api_record_file(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = lt_http_archive(req, &err);
	const char *sha = lt_http_param(req, 1);
	const lt_record_file *file = NULL;
	lt_fixity_reader *fx = NULL;
	lt_blob_damage damage = LT_BLOB_INTACT;
	lt_record *rec;
	char disp[400], detail[120], who[200];
	int rc;

	if (!ar) {
		lt_http_reply_error(req, &err);
		return;
	}
	rec = load_visible(req, lt_archive_catalog(ar), lt_http_param(req, 0), LT_RECORD_FILES);
	if (!rec)
		return;
	for (size_t i = 0; i < rec->nfiles; i++)
		if (strcmp(rec->files[i].sha256, sha) == 0)
			file = &rec->files[i];
	if (!file) {
		lt_http_reply_status(
		    req, 404, "not_found",
		    LT_TR("văn bản không có tệp này", "the record has no such file"));
		lt_record_free(rec);
		return;
	}
	/* Size and SHA-256 are checked before the first byte leaves. */
	lt_http_who(req, who, sizeof(who));
	rc = lt_fixity_open(&fx, &damage, ar, file->sha256, LT_BLOB_SIZE_UNKNOWN, who, "download",
	                    &err);
	if (rc == 0) {
		rc = lt_fixity_check(fx, &err);
		damage = lt_fixity_damage(fx);
	}
	if (rc == LT_ECORRUPT && damage != LT_BLOB_INTACT) {
		reply_damaged(req, file->sha256, damage, &err);
	} else if (rc) {
		lt_http_reply_error(req, &err);
	} else {
		/* inline for what a browser shows safely, attachment otherwise */
		const char *mt = file->media_type ? file->media_type : "application/octet-stream";
		int show = strncmp(mt, "image/png", 9) == 0 || strncmp(mt, "image/jpeg", 10) == 0 ||
		           strncmp(mt, "application/pdf", 15) == 0 ||
		           strncmp(mt, "text/plain", 10) == 0;
		char name[256];
		size_t j = 0;
		int fd;
		for (const char *p = file->name ? file->name : "file"; *p && j + 1 < sizeof(name);
		     p++)
			name[j++] = (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20 ||
			             (unsigned char)*p >= 0x80)
			                ? '_'
			                : *p;
		name[j] = '\0';
		snprintf(disp, sizeof(disp), "%s; filename=\"%s\"", show ? "inline" : "attachment",
		         name);
		snprintf(detail, sizeof(detail), "sha256=%s", file->sha256);
		if (lt_http_audit(req, "download", rec->uid, detail) != LT_OK) {
			lt_error_set(&err, LT_EBUSY,
			             LT_TR("không ghi được nhật ký truy cập; thử lại sau",
			                   "cannot write the audit log; try again later"));
			lt_http_reply_error(req, &err);
		} else if ((fd = dup(lt_fixity_fd(fx))) < 0) {
			lt_error_set(&err, LT_EIO, "dup: %s", strerror(errno));
			lt_http_reply_error(req, &err);
		} else {
			/* The checked descriptor itself: the bytes sent are the
			 * bytes that were hashed (blobs are never rewritten). */
			lt_http_reply_fd(req, fd, lt_fixity_size(fx),
			                 show ? mt : "application/octet-stream", disp);
		}
	}
	lt_fixity_close(fx);
	lt_record_free(rec);
}

static int job_of_record(lt_catalog *cat, int64_t record_id, int64_t *job)
{
	sqlite3_stmt *st = NULL;
	*job = 0;
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT id FROM jobs WHERE record_id = ? ORDER BY id DESC LIMIT 1",
	                       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, record_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		*job = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* Is a blob named by some catalog row? */
static int blob_referenced(lt_catalog *cat, const char *sha)
{
	sqlite3_stmt *st = NULL;
	int named = 1;
	if (sqlite3_prepare_v2(lt_catalog_db(cat), "SELECT 1 FROM blobs WHERE sha256 = ?", -1, &st,
	                       NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
		named = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return named;
}

void lt_api_record_upload(lt_http_req *req)
{
	lt_http_upload *up = lt_http_upload_state(req);
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = lt_http_archive(req, &err);
	lt_ingest_options opts = LT_INGEST_OPTIONS_INIT;
	lt_ingest_result res;
	lt_blob_info info;
	lt_meta_kv *meta = NULL;
	lt_buf blobpath = LT_BUF_INIT, dir = LT_BUF_INIT, link_path = LT_BUF_INIT;
	int64_t job = 0;
	int rc, bad_dossier = 0;

	if (!ar) {
		lt_http_reply_error(req, &err);
		return;
	}
	if (!up->have_file || !up->writer) {
		lt_http_reply_status(
		    req, 400, "invalid",
		    LT_TR("thiếu tệp: gửi trường \"file\" (multipart/form-data)",
		          "no file: send the field \"file\" (multipart/form-data)"));
		return;
	}
	rc = lt_blob_writer_commit(up->writer, &info, &err);
	up->writer = NULL;
	if (rc != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	/* The form's fields are the record's metadata, but "dossier": the
	 * open dossier the record is filed into, in the ingest's own
	 * transaction (archive/ingest.h). */
	meta = calloc(up->nfields + 1, sizeof(*meta));
	for (size_t i = 0; meta && i < up->nfields; i++) {
		if (strcmp(up->keys[i], "dossier") == 0) {
			long long d = 0;
			if (lt_api_parse_int(up->values[i], 1, INT64_MAX, &d) != 0)
				bad_dossier = 1;
			opts.dossier_id = d;
			continue;
		}
		meta[opts.nmeta].key = up->keys[i];
		meta[opts.nmeta].value = up->values[i];
		opts.nmeta++;
	}
	opts.meta = meta;
	if (!meta)
		opts.nmeta = 0;
	opts.max_bytes = lt_http_max_upload(req);
	opts.user = lt_http_user(req)->login;

	/* Ingest from the stored blob under the client's file name: a hard link
	 * in a private temp directory beside the blobs (same file system). The
	 * ingest sees the bytes are stored already and only adds catalog rows. */
	lt_blobstore_path(lt_archive_blobs(ar), info.sha256, &blobpath);
	lt_buf_printf(&dir, "%s/tmp/upload-XXXXXX", lt_blobstore_root(lt_archive_blobs(ar)));
	if (bad_dossier) {
		rc = lt_error_set(&err, LT_EINVAL, "%s",
		                  LT_TR("dossier phải là số định danh (id) của hồ sơ",
		                        "dossier must be a dossier's id"));
	} else if (!mkdtemp(dir.data)) {
		rc = lt_error_set(&err, LT_EIO,
		                  LT_TR("không tạo được thư mục tạm: %s",
		                        "cannot create a temporary directory: %s"),
		                  strerror(errno));
	} else {
		lt_buf_printf(&link_path, "%s/%s", lt_buf_cstr(&dir), up->filename);
		if (link(lt_buf_cstr(&blobpath), lt_buf_cstr(&link_path)) != 0 &&
		    symlink(lt_buf_cstr(&blobpath), lt_buf_cstr(&link_path)) != 0)
			rc = lt_error_set(
			    &err, LT_EIO,
			    LT_TR("không chuẩn bị được tệp: %s", "cannot prepare the file: %s"),
			    strerror(errno));
		else
			rc = lt_ingest_file(ar, lt_buf_cstr(&link_path), &opts, &res, &err);
		unlink(lt_buf_cstr(&link_path));
		rmdir(lt_buf_cstr(&dir));
	}
	if (rc != LT_OK && !info.existed && !blob_referenced(lt_archive_catalog(ar), info.sha256))
		lt_blobstore_remove(lt_archive_blobs(ar), info.sha256, NULL); /* nothing stored */
	free(meta);
	lt_buf_free(&blobpath);
	lt_buf_free(&dir);
	lt_buf_free(&link_path);
	if (rc != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	job_of_record(lt_archive_catalog(ar), res.record_id, &job);
	{
		char detail[400];
		snprintf(detail, sizeof(detail), "sha256=%s name=%s bytes=%llu", res.sha256,
		         up->filename, (unsigned long long)up->bytes);
		lt_http_audit(req, "upload", res.uid, detail);
	}
	lt_http_kick_workers(req);
	lt_http_reply_json(req, 202,
	                   json_pack("{s:I, s:{s:I, s:s, s:s, s:s, s:i, s:b, s:o, s:{s:I, s:I}}}",
	                             "job", (json_int_t)job, "record", "id",
	                             (json_int_t)res.record_id, "uid", res.uid, "sha256",
	                             res.sha256, "mediaType", lt_media_mime(res.type), "pages",
	                             res.pages, "duplicateBytes", info.existed, "signatures",
	                             lt_ingest_signatures_json(&res), "attachments", "records",
	                             (json_int_t)res.attachment_records, "files",
	                             (json_int_t)res.attachment_files));
}

void lt_api_job_get(lt_http_req *req)
{
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = lt_http_archive(req, &err);
	const char *ref = lt_http_param(req, 0);
	char *end = NULL;
	long long id = strtoll(ref, &end, 10);
	sqlite3_stmt *st = NULL;
	json_t *j = NULL;

	if (!ar) {
		lt_http_reply_error(req, &err);
		return;
	}
	if (!*ref || *end || id <= 0) {
		lt_http_reply_status(req, 400, "invalid",
		                     LT_TR("mã công việc phải là số", "a job id is a number"));
		return;
	}
	if (sqlite3_prepare_v2(lt_catalog_db(lt_archive_catalog(ar)),
	                       "SELECT j.id, j.kind, j.state, j.attempts, j.error, j.created_at,"
	                       " j.updated_at, r.id, r.uid, r.page_amount"
	                       " FROM jobs j JOIN records r ON r.id = j.record_id WHERE j.id = ?",
	                       -1, &st, NULL) != SQLITE_OK) {
		lt_catalog_error(lt_archive_catalog(ar), &err, "jobs");
		lt_http_reply_error(req, &err);
		return;
	}
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		j = json_pack(
		    "{s:I, s:s, s:s, s:i, s:s?, s:s, s:s, s:{s:I, s:s, s:i}}", "id",
		    (json_int_t)sqlite3_column_int64(st, 0), "kind",
		    (const char *)sqlite3_column_text(st, 1), "state",
		    (const char *)sqlite3_column_text(st, 2), "attempts", sqlite3_column_int(st, 3),
		    "error", (const char *)sqlite3_column_text(st, 4), "createdAt",
		    (const char *)sqlite3_column_text(st, 5), "updatedAt",
		    (const char *)sqlite3_column_text(st, 6), "record", "id",
		    (json_int_t)sqlite3_column_int64(st, 7), "uid",
		    (const char *)sqlite3_column_text(st, 8), "pages", sqlite3_column_int(st, 9));
	}
	sqlite3_finalize(st);
	if (!j) {
		char msg[120];
		json_decref(j);
		snprintf(msg, sizeof(msg), LT_TR("không tìm thấy công việc %s", "no such job: %s"),
		         ref);
		lt_http_reply_status(req, 404, "not_found", msg);
		return;
	}
	lt_http_reply_json(req, 200, j);
}

/* PATCH /records/{id} {"subject": "...", "codeNumber": "05", "dueDate": null, ...}
 * — change metadata fields by their standard tags, all or nothing, with a
 * history row per changed field (lt_record_update_fields); null or "" unsets
 * a field. The index follows through the outbox (the background worker is
 * woken). Answers the record as GET does, plus "changed". */
void lt_api_record_patch(lt_http_req *req)
{
	enum { MAX_FIELDS = 64 };
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = lt_http_archive(req, &err);
	json_t *body = lt_http_json(req), *v, *j;
	lt_field_set sets[MAX_FIELDS];
	char numbers[MAX_FIELDS][24];
	const char *tag;
	lt_record *rec;
	size_t n = 0, changed = 0;
	int64_t id;

	if (!ar) {
		lt_http_reply_error(req, &err);
		return;
	}
	if (!json_is_object(body) || json_object_size(body) == 0 ||
	    json_object_size(body) > MAX_FIELDS) {
		lt_api_bad(req,
		           LT_TR("cần một đối tượng JSON {\"trường\": giá trị, ...} (1–%d trường)",
		                 "a JSON object {\"field\": value, ...} is required (1–%d fields)"),
		           MAX_FIELDS);
		return;
	}
	json_object_foreach(body, tag, v)
	{
		sets[n].tag = tag;
		if (json_is_string(v))
			sets[n].value = json_string_value(v);
		else if (json_is_null(v))
			sets[n].value = NULL;
		else if (json_is_integer(v)) {
			snprintf(numbers[n], sizeof(numbers[n]), "%lld",
			         (long long)json_integer_value(v));
			sets[n].value = numbers[n];
		} else {
			lt_api_bad(
			    req,
			    LT_TR("trường %s: giá trị phải là chuỗi, số nguyên hoặc null",
			          "field %s: the value must be a string, an integer or null"),
			    tag);
			return;
		}
		n++;
	}
	if (!(rec = load_visible(req, lt_archive_catalog(ar), lt_http_param(req, 0), 0)))
		return;
	id = rec->id;
	lt_record_free(rec);
	if (lt_record_update_fields(lt_archive_catalog(ar), id, sets, n, lt_api_who(req), &changed,
	                            &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	if (changed)
		lt_http_kick_workers(req);
	if (lt_record_load(&rec, lt_archive_catalog(ar), id, LT_RECORD_PAGES | LT_RECORD_FILES,
	                   &err) != LT_OK) {
		lt_http_reply_error(req, &err);
		return;
	}
	j = record_json(rec);
	json_object_set_new(j, "changed", json_integer((json_int_t)changed));
	lt_http_reply_json(req, 200, j);
	lt_record_free(rec);
}
