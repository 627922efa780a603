/*
 * archive/edoc/mail.c — an e-mail's attachments as records linked to the
 * message (edoc.h).
 *
 * The attachments are written by ocr/formats/eml.c into a private
 * temporary directory, then each is ingested as a record of its own
 * (lt_ingest_file: the same checks as any file, its own OCR or text job)
 * with the message's kind, secrecy and mode, titled by its file name, and
 * linked to the message (attachment_of). One luutru cannot read (a zip, a
 * video) stays with the message as a file of its record (role
 * "attachment"), so nothing the message carried is lost. The directory is
 * removed whatever happens.
 */
#include "archive/edoc/edoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/audit.h"
#include "archive/link.h"
#include "archive/record.h"
#include "core/buf.h"
#include "core/fs.h"
#include "core/log.h"
#include "ocr/formats/formats.h"

/* The message's metadata an attachment inherits. */
static int copy_meta(lt_catalog *cat, int64_t msg_id, char kind[16], char secrecy[8], char mode[8])
{
	sqlite3_stmt *st = NULL;
	int ok = 0;

	kind[0] = secrecy[0] = mode[0] = '\0';
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT kind, secrecy, mode FROM records WHERE id = ?", -1, &st,
	                       NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, msg_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(kind, 16, "%s",
		         sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0)
		                                    : "");
		snprintf(secrecy, 8, "%d", sqlite3_column_int(st, 1));
		snprintf(mode, 8, "%s",
		         sqlite3_column_text(st, 2) ? (const char *)sqlite3_column_text(st, 2)
		                                    : "");
		ok = 1;
	}
	sqlite3_finalize(st);
	return ok ? 0 : -1;
}

/* Keep an unreadable attachment as a file of the message's record. */
static int keep_as_file(lt_archive *ar, int64_t msg_id, const lt_fmt_attachment *a, const char *who,
                        lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	lt_blob_info blob;
	sqlite3_stmt *st = NULL;
	int rc = lt_blobstore_put_file(lt_archive_blobs(ar), a->path, 0, &blob, err);

	if (rc != LT_OK)
		return rc;
	if ((rc = lt_catalog_begin(cat, err)) != LT_OK)
		return rc;
	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "INSERT OR IGNORE INTO blobs(sha256, size, media_type) VALUES (?, ?, ?)", -1, &st,
	        NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "blobs");
		goto fail;
	}
	sqlite3_bind_text(st, 1, blob.sha256, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)blob.size);
	sqlite3_bind_text(st, 3, a->mime_type, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "blobs");
	sqlite3_finalize(st);
	if (rc != LT_OK)
		goto fail;
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "INSERT OR IGNORE INTO main.record_files(record_id, sha256, role,"
	                       " media_type, name, size) VALUES (?, ?, 'attachment', ?, ?, ?)",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "record_files");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, msg_id);
	sqlite3_bind_text(st, 2, blob.sha256, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, a->mime_type, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, a->name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)blob.size);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "record_files");
	sqlite3_finalize(st);
	if (rc == LT_OK) {
		lt_buf d = LT_BUF_INIT;
		lt_buf_printf(&d, "sha256=%s name=%s", blob.sha256, a->name);
		rc = lt_audit_append(cat, who, "record.attachment", NULL, d.data, NULL, err);
		lt_buf_free(&d);
	}
	if (rc == LT_OK)
		return lt_catalog_commit(cat, err);
fail:
	lt_catalog_rollback(cat);
	return rc;
}

int lt_edoc_ingest_attachments(lt_archive *ar, const char *eml_path, const lt_ingest_result *msg,
                               const lt_ingest_options *opts, size_t *records, size_t *files,
                               lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	lt_fmt_attachment *att = NULL;
	size_t n = 0;
	lt_buf dir = LT_BUF_INIT;
	char kind[16], secrecy[8], mode[8];
	const char *who = opts && opts->user ? opts->user : "cli";
	int rc;

	*records = *files = 0;
	{
		const char *td = getenv("TMPDIR");
		if ((rc = lt_fs_mkdtemp(&dir, td && *td ? td : "/tmp", err)) != LT_OK)
			return rc;
	}
	rc = lt_fmt_eml_attachments(&att, &n, eml_path, dir.data, NULL, err);
	if (rc == LT_OK && copy_meta(cat, msg->record_id, kind, secrecy, mode) != 0)
		rc = lt_catalog_error(cat, err, "records");
	for (size_t i = 0; rc == LT_OK && i < n; i++) {
		lt_ingest_options o = LT_INGEST_OPTIONS_INIT;
		lt_meta_kv meta[4];
		size_t nm = 0;
		lt_ingest_result r;
		lt_error aerr = LT_ERROR_INIT;
		char title[256];

		snprintf(title, sizeof(title), "%s", att[i].name);
		meta[nm++] = (lt_meta_kv){"title", title};
		if (kind[0])
			meta[nm++] = (lt_meta_kv){"kind", kind};
		if (secrecy[0] && strcmp(secrecy, "0") != 0)
			meta[nm++] = (lt_meta_kv){"secrecy", secrecy};
		if (mode[0])
			meta[nm++] = (lt_meta_kv){"mode", mode};
		if (opts) {
			o.max_bytes = opts->max_bytes;
			o.limits = opts->limits;
			o.user = opts->user;
		}
		o.meta = meta;
		o.nmeta = nm;
		if (lt_ingest_file(ar, att[i].path, &o, &r, &aerr) == LT_OK) {
			if (lt_link_add(NULL, cat, r.record_id, msg->record_id,
			                LT_LINK_ATTACHMENT_OF, NULL, who, &aerr) != LT_OK)
				lt_log_warn("attachment %s: %s", att[i].name, aerr.message);
			(*records)++;
		} else if (aerr.code == LT_EUNSUPPORTED || aerr.code == LT_ECORRUPT ||
		           aerr.code == LT_EINVAL) {
			lt_error ferr = LT_ERROR_INIT;
			if (keep_as_file(ar, msg->record_id, &att[i], who, &ferr) == LT_OK)
				(*files)++;
			else
				lt_log_warn("attachment %s: %s", att[i].name, ferr.message);
		} else {
			lt_log_warn("attachment %s: %s", att[i].name, aerr.message);
		}
	}
	lt_fmt_attachments_free(att, n);
	lt_fs_remove_tree(dir.data, NULL);
	lt_buf_free(&dir);
	return rc;
}
