/*
 * archive/ingest.c — a file plus metadata becomes one record. See ingest.h.
 *
 * The order is what makes a failed ingest leave nothing behind:
 *   1. check everything that can be checked without storing anything: the
 *      file (lt_ocr_probe: exists, not empty, supported, readable), its size,
 *      every metadata value, a docId that is already taken;
 *   2. put the bytes into the blob store (durable before the catalog names
 *      them, so a committed record never points at a missing blob);
 *   3. one catalog transaction: records, blobs, record_files, jobs,
 *      index_outbox and audit_log rows;
 *   4. when 3 fails, remove the blob if this call created it and no blobs
 *      row names it (another ingest of the same bytes may have committed).
 */
#include "archive/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archive/audit.h"
#include "archive/dossier.h"
#include "archive/edoc/edoc.h"
#include "archive/jobs.h"
#include "archive/notation.h"
#include "archive/signatures/store.h"
#include "archive/util.h"
#include "core/buf.h"
#include "core/fs.h"
#include "core/log.h"
#include "ocr/formats/formats.h"

typedef struct values {
	char *v[LT_F__COUNT]; /* stored forms, NULL = not set */
} values;

static void values_free(values *vals)
{
	for (size_t i = 0; i < LT_F__COUNT; i++)
		free(vals->v[i]);
}

static int set_default(values *vals, lt_field_id id, const char *v, lt_error *err)
{
	if (vals->v[id])
		return 0;
	vals->v[id] = strdup(v);
	return vals->v[id] ? 0 : lt_error_set(err, LT_ENOMEM, "out of memory");
}

/* Validate every key and value; duplicates are an error (which of two
 * values the user meant is a guess we do not make). */
static int validate_meta(values *vals, const lt_ingest_options *o, lt_error *err)
{
	for (size_t i = 0; i < o->nmeta; i++) {
		const char *key = o->meta[i].key;
		const lt_field_def *f = lt_field_find(key);
		lt_buf nv = LT_BUF_INIT;
		char shown[LT_SHORT_MAX];
		int rc;

		if (!f) {
			lt_ar_shorten(key ? key : "", shown);
			return lt_error_set(
			    err, LT_EINVAL,
			    LT_TR("trường siêu dữ liệu không xác định: \"%s\" (xem "
			          "danh sách trường trong tài liệu, ví dụ docId, "
			          "typeName, issuedDate, subject)",
			          "unknown metadata field: \"%s\" (see the field list "
			          "in the documentation, e.g. docId, typeName, "
			          "issuedDate, subject)"),
			    shown);
		}
		for (size_t j = 0; j < i; j++) {
			if (lt_field_find(o->meta[j].key) == f)
				return lt_error_set(err, LT_EINVAL,
				                    LT_TR("trường %s được cho nhiều lần",
				                          "field %s is given more than once"),
				                    f->tag);
		}
		if ((rc = lt_field_normalize(f, o->meta[i].value, &nv, err)) != 0)
			return rc;
		if (nv.len)
			vals->v[f->id] = lt_buf_detach(&nv);
		lt_buf_free(&nv);
	}
	return 0;
}

/* uid of the record that has this docId, "" when none. */
static int doc_id_owner(lt_catalog *cat, const char *doc_id, char uid[LT_UID_LEN + 1],
                        lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int s;

	uid[0] = '\0';
	if (sqlite3_prepare_v2(lt_catalog_db(cat), "SELECT uid FROM records WHERE doc_id = ?", -1,
	                       &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "records");
	sqlite3_bind_text(st, 1, doc_id, -1, SQLITE_TRANSIENT);
	s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		snprintf(uid, LT_UID_LEN + 1, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (s != SQLITE_ROW && s != SQLITE_DONE)
		return lt_catalog_error(cat, err, "records");
	return 0;
}

static int doc_id_taken(lt_catalog *cat, const char *doc_id, lt_error *err)
{
	char owner[LT_UID_LEN + 1];
	int rc;

	if (!doc_id)
		return 0;
	if ((rc = doc_id_owner(cat, doc_id, owner, err)) != 0)
		return rc;
	if (owner[0])
		return lt_error_set(err, LT_EEXISTS,
		                    LT_TR("docId %s đã có trong kho: văn bản %s",
		                          "docId %s already exists: record %s"),
		                    doc_id, owner);
	return 0;
}

/* A re-run of an ingest: doc_id is taken by a record whose original file
 * has path's bytes. 1 and res filled (its job queued again) when its
 * recognition is unfinished, 0 when it is another file or nothing is left
 * to do (*same says which), or an error. */
static int resume_same_file(lt_archive *ar, const char *doc_id, const char *path,
                            lt_ingest_result *res, int *same, lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	sqlite3_stmt *st = NULL;
	char sha[LT_SHA256_HEX_LEN + 1];
	int64_t id = 0;
	int s, rc;

	*same = 0;
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT r.id, r.uid, f.sha256 FROM records r JOIN record_files f"
	                       " ON f.record_id = r.id AND f.role = 'original' WHERE r.doc_id = ?"
	                       " ORDER BY f.created_at LIMIT 1",
	                       -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "records");
	sqlite3_bind_text(st, 1, doc_id, -1, SQLITE_TRANSIENT);
	s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		snprintf(res->uid, sizeof(res->uid), "%s",
		         (const char *)sqlite3_column_text(st, 1));
		snprintf(res->sha256, sizeof(res->sha256), "%s",
		         (const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	if (s != SQLITE_ROW)
		return s == SQLITE_DONE ? 0 : lt_catalog_error(cat, err, "records");
	if ((rc = lt_sha256_file_hex(path, sha, err)) != 0)
		return rc;
	if (strcmp(sha, res->sha256) != 0)
		return 0;
	*same = 1;
	rc = lt_jobs_requeue(ar, id, 0, NULL, err);
	if (rc == 1) {
		res->record_id = id;
		res->blob_existed = 1;
		res->resumed = 1;
	}
	return rc;
}

static int step_done(lt_catalog *cat, sqlite3_stmt *st, const char *what, lt_error *err)
{
	int s = sqlite3_step(st);
	int rc = s == SQLITE_DONE ? 0 : lt_catalog_error(cat, err, what);

	sqlite3_finalize(st);
	return rc;
}

static int insert_record(lt_catalog *cat, const values *vals, const char *uid, int64_t *id,
                         lt_error *err)
{
	const lt_field_def *fields;
	size_t n;
	lt_buf sql = LT_BUF_INIT, qs = LT_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc = 0, k = 2;

	fields = lt_fields_all(&n);
	rc |= lt_buf_puts(&sql, "INSERT INTO main.records(uid");
	rc |= lt_buf_puts(&qs, "?");
	for (size_t i = 0; i < n; i++) {
		if (!vals->v[i])
			continue;
		rc |= lt_buf_printf(&sql, ", %s", fields[i].column);
		rc |= lt_buf_puts(&qs, ", ?");
	}
	rc |= lt_buf_printf(&sql, ") VALUES (%s)", lt_buf_cstr(&qs));
	lt_buf_free(&qs);
	if (rc) {
		lt_buf_free(&sql);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	if (sqlite3_prepare_v2(lt_catalog_db(cat), sql.data, -1, &st, NULL) != SQLITE_OK) {
		lt_buf_free(&sql);
		return lt_catalog_error(cat, err, "records");
	}
	lt_buf_free(&sql);
	sqlite3_bind_text(st, 1, uid, -1, SQLITE_TRANSIENT);
	for (size_t i = 0; i < n; i++)
		if (vals->v[i])
			sqlite3_bind_text(st, k++, vals->v[i], -1, SQLITE_TRANSIENT);
	if ((rc = step_done(cat, st, LT_TR("không thêm được văn bản", "cannot insert the record"),
	                    err)) != 0)
		return rc;
	*id = sqlite3_last_insert_rowid(lt_catalog_db(cat));
	return 0;
}

static int prepare(lt_catalog *cat, const char *sql, sqlite3_stmt **st, lt_error *err)
{
	if (sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, sql);
	return 0;
}

static int write_rows(lt_catalog *cat, const values *vals, const char *path,
                      const lt_ingest_result *res, const char *mime, uint64_t size, const char *who,
                      const lt_sig_list *sigs, int64_t dossier_id, int64_t *record_id,
                      lt_error *err)
{
	sqlite3_stmt *st = NULL;
	const char *job_kind =
	    res->type == LT_MEDIA_TEXT || res->type == LT_MEDIA_PDF || lt_fmt_handles(res->type)
	        ? "extract"
	        : "ocr";
	lt_buf detail = LT_BUF_INIT;
	int rc;

	/* Under the write lock now: a docId committed since the first check
	 * is caught here with the owner's uid (the unique index backs it). */
	if ((rc = doc_id_taken(cat, vals->v[LT_F_DOC_ID], err)) != 0)
		return rc;
	if ((rc = insert_record(cat, vals, res->uid, record_id, err)) != 0)
		return rc;

	if ((rc = prepare(cat,
	                  "INSERT OR IGNORE INTO blobs(sha256, size, media_type) VALUES (?, ?, ?)",
	                  &st, err)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, res->sha256, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)size);
	sqlite3_bind_text(st, 3, mime, -1, SQLITE_STATIC);
	if ((rc = step_done(cat, st, "blobs", err)) != 0)
		return rc;

	if ((rc = prepare(
	         cat,
	         "INSERT INTO main.record_files(record_id, sha256, role, media_type, name, size)"
	         " VALUES (?, ?, 'original', ?, ?, ?)",
	         &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, *record_id);
	sqlite3_bind_text(st, 2, res->sha256, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, mime, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, lt_ar_basename(path), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)size);
	if ((rc = step_done(cat, st, "record_files", err)) != 0)
		return rc;

	/* Rule 10: the signature check, with the record, before it can be
	 * registered. */
	if (res->sig_checked && (rc = lt_sig_store(cat, *record_id, res->sha256,
	                                           LT_SIG_ORIGIN_INCOMING, sigs, err)) != 0)
		return rc;

	if ((rc = prepare(cat, "INSERT INTO main.jobs(kind, record_id) VALUES (?, ?)", &st, err)) !=
	    0)
		return rc;
	sqlite3_bind_text(st, 1, job_kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, *record_id);
	if ((rc = step_done(cat, st, "jobs", err)) != 0)
		return rc;

	if ((rc = prepare(
	         cat, "INSERT INTO main.index_outbox(record_id, uid, op) VALUES (?, ?, 'upsert')",
	         &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, *record_id);
	sqlite3_bind_text(st, 2, res->uid, -1, SQLITE_TRANSIENT);
	if ((rc = step_done(cat, st, "index_outbox", err)) != 0)
		return rc;

	if (lt_buf_printf(&detail, "sha256=%s name=%s", res->sha256, lt_ar_basename(path)))
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	rc = lt_audit_append(cat, who, "record.ingest", res->uid, detail.data, NULL, err);
	lt_buf_free(&detail);
	/* filed where it belongs, with the record or not at all */
	if (rc == 0 && dossier_id > 0)
		rc = lt_dossier_add_in(cat, dossier_id, *record_id, who, err);
	return rc;
}

/* Undo a blob this call created, unless a blobs row names it by now. The
 * check and the unlink happen under the catalog's write lock, so an ingest
 * that commits a row for the same bytes waits until we are done. */
static void remove_created_blob(lt_archive *ar, const char *sha256)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	sqlite3_stmt *st = NULL;
	int named = 1;

	if (lt_catalog_begin(cat, NULL) != 0)
		return; /* an orphan blob is harmless; verify reports it */
	if (sqlite3_prepare_v2(lt_catalog_db(cat), "SELECT 1 FROM blobs WHERE sha256 = ?", -1, &st,
	                       NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, sha256, -1, SQLITE_TRANSIENT);
		named = sqlite3_step(st) != SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (!named)
		lt_blobstore_remove(lt_archive_blobs(ar), sha256, NULL);
	lt_catalog_rollback(cat);
}

/* Rule 43 (Luật Bảo vệ bí mật nhà nước): a deployment not declared
 * isolated (luutru.conf isolated = true) keeps no state secrets. */
int lt_ingest_check_secret(lt_archive *ar, int secrecy, const char *mode, lt_error *err)
{
	if (lt_config_bool(lt_archive_config(ar), LT_CONF_ISOLATED))
		return 0;
	if (secrecy >= 1 || (mode && strcmp(mode, "03") == 0))
		return lt_error_set(
		    err, LT_EDENIED,
		    LT_TR("từ chối lưu văn bản mật (độ mật %d, chế độ sử dụng %s): hệ thống này "
		          "không được khai báo là cách ly khỏi Internet (luutru.conf: isolated = "
		          "false); Luật Bảo vệ bí mật nhà nước; quy tắc 43 — hãy lưu văn bản mật "
		          "trên hệ thống cách ly",
		          "refused to store a classified record (secrecy %d, mode %s): this "
		          "system is not declared isolated from the Internet (luutru.conf: "
		          "isolated = false); Law on Protection of State Secrets; rule 43 — "
		          "keep classified records on an isolated system"),
		    secrecy, mode ? mode : "-");
	return 0;
}

int lt_ingest_check_notation(const char *kind, const char *confidence, const char *number,
                             const char *notation, const char *type_name, char *warning,
                             size_t size, lt_error *err)
{
	lt_error bad = LT_ERROR_INIT;
	lt_buf finding = LT_BUF_INIT;
	int rc = 0;

	if (warning && size)
		warning[0] = '\0';
	if (lt_notation_check(number, notation, &bad) != 0) {
		/* Born digital and issued here: NĐ 30 applies in full. */
		if (kind && strcmp(kind, "outgoing") == 0 && confidence &&
		    strcmp(confidence, "01") == 0) {
			rc = lt_error_set(
			    err, LT_EINVAL, "%s (%s)", bad.message,
			    LT_TR("văn bản đi gốc điện tử của cơ quan phải có số, ký "
			          "hiệu đúng NĐ 30; quy tắc 6",
			          "a born-digital outgoing record of this agency needs "
			          "a number and notation as NĐ 30 sets them; rule 6"));
		} else if (warning && size) {
			snprintf(warning, size, "%s", bad.message);
		}
	} else if (lt_notation_type_finding(notation, type_name, &finding) == 1 && warning &&
	           size) {
		snprintf(warning, size, "%s", lt_buf_cstr(&finding));
	}
	lt_error_clear(&bad);
	lt_buf_free(&finding);
	return rc;
}

static int state_secret_check(lt_archive *ar, const values *vals, lt_error *err)
{
	const char *sec = vals->v[LT_F_SECRECY];

	return lt_ingest_check_secret(ar, sec ? atoi(sec) : 0, vals->v[LT_F_MODE], err);
}

const char *lt_ingest_default_kind(lt_media_type type)
{
	/* A born-digital document is no scan either (a registration kind the
	 * user may set: incoming, outgoing). */
	return type == LT_MEDIA_TEXT || lt_fmt_handles(type) ? "internal" : "scanned";
}

int lt_ingest_check_kind(lt_media_type type, const char *kind, const char *name, lt_error *err)
{
	if ((type != LT_MEDIA_TEXT && !lt_fmt_handles(type)) || !kind ||
	    strcmp(kind, "scanned") != 0)
		return 0;
	return lt_error_set(err, LT_EINVAL,
	                    LT_TR("%s là văn bản, không phải bản số hóa (kind=scanned): chọn "
	                          "kind là incoming, outgoing hoặc internal",
	                          "%s is text, not a digitised scan (kind=scanned): give kind "
	                          "incoming, outgoing or internal"),
	                    name);
}

int lt_ingest_file(lt_archive *ar, const char *path, const lt_ingest_options *opts,
                   lt_ingest_result *out, lt_error *err)
{
	lt_ingest_options defaults = LT_INGEST_OPTIONS_INIT;
	const lt_ingest_options *o = opts ? opts : &defaults;
	lt_catalog *cat = lt_archive_catalog(ar);
	const lt_config *cfg = lt_archive_config(ar);
	/* 0 = the data directory's setting (luutru.conf, docs/limits.md). */
	uint64_t max = o->max_bytes ? o->max_bytes : lt_config_u64(cfg, LT_CONF_MAX_UPLOAD_BYTES);
	lt_ingest_result res;
	lt_ocr_probe_info info;
	lt_ocr_limits limits = o->limits;
	lt_blob_info blob;
	values vals;
	uint64_t size = 0;
	char pages[16];
	int64_t record_id = 0;
	lt_sig_list sigs = LT_SIG_LIST_INIT;
	int rc;

	memset(&res, 0, sizeof(res));
	memset(&vals, 0, sizeof(vals));
	if (out)
		memset(out, 0, sizeof(*out));
	if (!path || !*path)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("thiếu đường dẫn tệp", "missing file path"));
	if (o->nmeta && !o->meta)
		return lt_error_set(err, LT_EINVAL, "lt_ingest_file: meta");

	/* A zeroed or built-in default limit means "the data directory's
	 * setting" (luutru.conf max_pixels / max_pages, docs/limits.md). */
	if (!limits.max_pixels || limits.max_pixels == LT_OCR_MAX_PIXELS_DEFAULT)
		limits.max_pixels = lt_config_u64(cfg, LT_CONF_MAX_PIXELS);
	if (limits.max_pages <= 0 || limits.max_pages == LT_OCR_MAX_PAGES_DEFAULT)
		limits.max_pages = (int)lt_config_u64(cfg, LT_CONF_MAX_PAGES);

	/* 1. Check everything before storing anything. */
	if ((rc = lt_ocr_probe(&info, path, &limits, err)) != 0)
		return rc;
	/* The name must not say another type than the content (ocr/media.c). */
	if ((rc = lt_ocr_check_name(info.type, lt_ar_basename(path), err)) != 0)
		return rc;
	if ((rc = lt_fs_file_size(path, &size, err)) != 0)
		return rc;
	if (size > max)
		return lt_error_set(err, LT_ELIMIT,
		                    LT_TR("tệp %s quá lớn: %llu byte, giới hạn %llu byte",
		                          "file %s is too large: %llu bytes, the limit is %llu"),
		                    path, (unsigned long long)size, (unsigned long long)max);
	if ((rc = validate_meta(&vals, o, err)) != 0)
		goto out;
	if ((rc = state_secret_check(ar, &vals, err)) != 0)
		goto out;
	if ((rc = lt_ingest_check_notation(vals.v[LT_F_KIND], vals.v[LT_F_CONFIDENCE_LEVEL],
	                                   vals.v[LT_F_CODE_NUMBER], vals.v[LT_F_CODE_NOTATION],
	                                   vals.v[LT_F_TYPE_NAME], res.warning, sizeof(res.warning),
	                                   err)) != 0)
		goto out;
	snprintf(pages, sizeof(pages), "%d", info.pages);
	if ((rc = lt_ingest_check_kind(info.type, vals.v[LT_F_KIND], lt_ar_basename(path), err)) !=
	    0)
		goto out;
	if ((rc = set_default(&vals, LT_F_KIND, lt_ingest_default_kind(info.type), err)) != 0 ||
	    (rc = set_default(&vals, LT_F_LANGUAGE, "01", err)) != 0 ||
	    (rc = set_default(&vals, LT_F_SECRECY, "0", err)) != 0 ||
	    (rc = set_default(&vals, LT_F_PAGE_AMOUNT, pages, err)) != 0)
		goto out;
	if ((rc = doc_id_taken(cat, vals.v[LT_F_DOC_ID], err)) == LT_EEXISTS) {
		/* The same file again: finish what an earlier run left. */
		lt_error again = LT_ERROR_INIT;
		int same = 0,
		    r = resume_same_file(ar, vals.v[LT_F_DOC_ID], path, &res, &same, &again);
		if (r == 1) {
			res.type = info.type;
			res.pages = info.pages;
			if (out)
				*out = res;
			lt_error_clear(err);
			rc = 0;
			goto out;
		}
		if (r < 0) {
			rc = lt_error_set(err, r, "%s", again.message);
		} else if (same) {
			lt_error_prefix(err, "%s",
			                LT_TR("cùng tệp đã được nhập và nhận dạng xong",
			                      "the same file was ingested and recognised already"));
		}
		goto out;
	}
	if (rc != 0)
		goto out;
	if ((rc = lt_ar_uuid4(res.uid, err)) != 0)
		goto out;
	res.type = info.type;
	res.pages = info.pages;

	/* 2. The bytes, durably. */
	if ((rc = lt_blobstore_put_file(lt_archive_blobs(ar), path, max, &blob, err)) != 0)
		goto out;
	memcpy(res.sha256, blob.sha256, sizeof(res.sha256));
	res.blob_existed = blob.existed;

	/* The signatures of an electronic document, checked on the stored
	 * bytes (they cannot change under the check). A failed check is a
	 * status, never a refusal: a modified document is kept, flagged. */
	{
		lt_buf bp = LT_BUF_INIT;
		rc = lt_blobstore_path(lt_archive_blobs(ar), blob.sha256, &bp) == 0
		         ? lt_edoc_check_incoming(ar, bp.data, info.type, &sigs, &res.sig_checked,
		                                  err)
		         : lt_error_set(err, LT_ENOMEM, "out of memory");
		lt_buf_free(&bp);
		if (rc) {
			if (!blob.existed)
				remove_created_blob(ar, blob.sha256);
			goto out;
		}
		res.sig_count = sigs.n;
		res.sig_status = sigs.n ? lt_sig_overall(&sigs) : 0;
	}

	/* 3. The rows, all or nothing. */
	if ((rc = lt_catalog_begin(cat, err)) == 0) {
		/* Under the write lock: a failed ingest of the same bytes may
		 * have removed the blob we found (it does so under this lock,
		 * and only while no blobs row names it). Put it back. */
		if (!lt_blobstore_exists(lt_archive_blobs(ar), blob.sha256)) {
			lt_blob_info again;
			rc = lt_blobstore_put_file(lt_archive_blobs(ar), path, max, &again, err);
			if (rc == 0 && strcmp(again.sha256, blob.sha256) != 0) {
				if (!again.existed)
					lt_blobstore_remove(lt_archive_blobs(ar), again.sha256,
					                    NULL);
				rc = lt_error_set(err, LT_ESTATE,
				                  LT_TR("tệp %s đã thay đổi trong khi nhập",
				                        "file %s changed while it was ingested"),
				                  path);
			}
			if (rc == 0 && !again.existed)
				blob.existed = res.blob_existed = 0;
		}
		if (rc == 0)
			rc = write_rows(cat, &vals, path, &res, lt_media_mime(info.type), blob.size,
			                o->user ? o->user : "cli", &sigs, o->dossier_id, &record_id,
			                err);
		if (rc == 0)
			rc = lt_catalog_commit(cat, err);
		else
			lt_catalog_rollback(cat);
	}
	if (rc) {
		/* 4. Leave nothing behind. */
		if (!blob.existed)
			remove_created_blob(ar, blob.sha256);
		goto out;
	}
	res.record_id = record_id;
	/* An e-mail's attachments become records of their own, linked to it. */
	if (info.type == LT_MEDIA_EML) {
		lt_buf bp = LT_BUF_INIT;
		lt_error aerr = LT_ERROR_INIT;
		if (lt_blobstore_path(lt_archive_blobs(ar), blob.sha256, &bp) == 0 &&
		    lt_edoc_ingest_attachments(ar, bp.data, &res, o, &res.attachment_records,
		                               &res.attachment_files, &aerr) != LT_OK)
			lt_log_warn("attachments of %s: %s", path, aerr.message);
		lt_buf_free(&bp);
	}
	if (out)
		*out = res;
out:
	lt_sig_list_free(&sigs);
	values_free(&vals);
	return rc;
}

json_t *lt_ingest_signatures_json(const lt_ingest_result *res)
{
	if (!res->sig_checked)
		return json_null();
	return json_pack(
	    "{s:b, s:I, s:s}", "checked", 1, "count", (json_int_t)res->sig_count, "status",
	    res->sig_count ? lt_sig_status_name((lt_sig_status)res->sig_status) : "none");
}
