/*
 * archive/import.c — batch import from a directory or an archive. See
 * import.h for the promises; this comment says how they are kept.
 *
 * A row moves through these states (ctx.state[i]):
 *
 *     PENDING ──prescan──▶ DONE (failed: row error, bad or repeated docId)
 *        │                 DONE (skipped: docId already in the catalog, or
 *        │                       stored since by an overlapping import)
 *        ├──text rows, in chunks of SAVEPOINTs──▶ DONE (imported | failed)
 *        └──file rows: directory → lt_ingest_file(path)
 *                      archive   → pass 2 reaches the entry → temp file →
 *                                  lt_ingest_file(temp) → unlink ─▶ DONE
 *     anything still PENDING at the end failed (entry never reached:
 *     truncated archive, a limit stopped pass 2).
 *
 * Invariants:
 *   1. Every row ends DONE exactly once, counted once (imported, skipped
 *      or failed); report->total = imported + skipped + failed.
 *   2. At most one expanded entry is on disk (ctx.tmpdir), removed before
 *      the next is written and the directory removed at the end.
 *   3. No row's catalog rows outlive its failure: text rows roll back to
 *      their SAVEPOINT and remove the blob they created; file rows have
 *      lt_ingest_file's guarantee.
 */
#include "archive/import.h"
#include "archive/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "archive/manifest.h"
#include "archive/schema.h"
#include "archive/util.h"
#include "core/fs.h"
#include "core/text.h"

#define TEXT_MAX_BYTES (64u * 1024 * 1024) /* as a text file (ocr/internal.h) */

enum { PENDING = 0, DONE = 1 };

typedef struct entry {
	char *name;    /* full name inside the archive */
	char *refused; /* why the entry cannot be used, or NULL */
	size_t *rows;
	size_t nrows, caprows;
} entry;

typedef struct ctx {
	lt_archive *ar;
	lt_catalog *cat;
	const lt_import_options *o;
	lt_import_report *rep;
	lt_manifest *man;
	const char *source;
	unsigned char *state;
	char **warn; /* per row: its rule 6 warning until the row is counted, or NULL */
	size_t done;
	entry *entries;
	size_t nentries, capentries;
	char *prefix; /* directory of the manifest inside an archive, "" or "dir/" */
	char *tmpdir;
	char man_sha[LT_SHA256_HEX_LEN + 1]; /* of the manifest's bytes, for the audit trail */
	sqlite3_stmt *st_exists, *st_rec, *st_blob, *st_file, *st_page, *st_outbox, *st_named;
} ctx;

static int oom(lt_error *err)
{
	return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* ---- report ----------------------------------------------------------- */

static int add_item(ctx *c, lt_import_failure **items, size_t *nitems, size_t row,
                    const char *entry_name, int code, const char *msg)
{
	lt_import_failure *f;

	if ((*nitems & (*nitems - 1)) == 0) {
		size_t cap = *nitems ? *nitems * 2 : 8;
		lt_import_failure *p = realloc(*items, cap * sizeof(*p));
		if (!p)
			return LT_ENOMEM;
		*items = p;
	}
	f = &(*items)[(*nitems)++];
	memset(f, 0, sizeof(*f));
	if (row != (size_t)-1) {
		const lt_manifest_row *mr = lt_manifest_row_at(c->man, row);
		f->row = row + 1;
		f->line = mr->line;
		f->doc_id = dup_or_null(lt_manifest_row_get(mr, "docId"));
	}
	f->entry = dup_or_null(entry_name);
	f->code = code;
	f->message = strdup(msg ? msg : "?");
	return 0;
}

static int add_failure(ctx *c, size_t row, const char *entry_name, int code, const char *msg)
{
	return add_item(c, &c->rep->failures, &c->rep->nfailures, row, entry_name, code, msg);
}

static void progress(ctx *c)
{
	c->done++;
	if (c->o->progress)
		c->o->progress(c->o->progress_ctx, c->done, c->rep->total);
}

static void row_failed(ctx *c, size_t i, const char *entry_name, int code, const char *msg)
{
	if (c->state[i] == DONE)
		return;
	c->state[i] = DONE;
	c->rep->failed++;
	add_failure(c, i, entry_name, code, msg);
	progress(c);
}

static void row_ok(ctx *c, size_t i, int skipped)
{
	c->state[i] = DONE;
	if (skipped) {
		c->rep->skipped++;
	} else {
		c->rep->imported++;
		if (c->warn && c->warn[i])
			add_item(c, &c->rep->warnings, &c->rep->nwarnings, i, NULL, 0, c->warn[i]);
	}
	progress(c);
}

/* Keep row i's rule 6 warning (lt_ingest_check_notation) for the report,
 * where it goes once the row is counted as imported. */
static void row_warning(ctx *c, size_t i, const char *msg)
{
	if (!c->warn || !msg || !*msg)
		return;
	free(c->warn[i]);
	c->warn[i] = strdup(msg);
}

/* ---- names ------------------------------------------------------------ */

int lt_import_check_name(const char *name, lt_error *err)
{
	char shown[LT_SHORT_MAX];
	const char *p = name;

	if (!name || !*name)
		return lt_error_set(err, LT_EINVAL, "%s", LT_TR("tên tệp rỗng", "empty file name"));
	lt_ar_shorten(name, shown);
	if (name[0] == '/' || name[0] == '\\' || (name[0] && name[1] == ':'))
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("tên tệp %s là đường dẫn tuyệt đối: bị từ chối",
		                          "file name %s is an absolute path: refused"),
		                    shown);
	while (*p) {
		size_t n = strcspn(p, "/\\");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return lt_error_set(
			    err, LT_EINVAL,
			    LT_TR("tên tệp %s chứa \"..\" (ra ngoài gói): bị từ chối",
			          "file name %s contains \"..\" (escapes the batch): "
			          "refused"),
			    shown);
		p += n;
		if (*p == '\\')
			return lt_error_set(err, LT_EINVAL,
			                    LT_TR("tên tệp %s chứa dấu \\: bị từ chối",
			                          "file name %s contains a backslash: refused"),
			                    shown);
		if (*p)
			p++;
	}
	return lt_text_validate(name, strlen(name), err);
}

/* "./a/./b" → "a/b" in place (leading and inner "./" only). */
static void tidy_name(char *s)
{
	char *r = s, *w = s;

	while (*r) {
		if (r[0] == '.' && r[1] == '/' && (r == s || r[-1] == '/')) {
			r += 2;
			continue;
		}
		if (r[0] == '/' && r[1] == '/') {
			r++;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

/* ---- catalog: text rows ----------------------------------------------- */

static int prep(ctx *c, sqlite3_stmt **st, const char *sql, lt_error *err)
{
	if (*st) {
		sqlite3_reset(*st);
		sqlite3_clear_bindings(*st);
		return 0;
	}
	if (sqlite3_prepare_v2(lt_catalog_db(c->cat), sql, -1, st, NULL) != SQLITE_OK)
		return lt_catalog_error(c->cat, err, sql);
	return 0;
}

static int step(ctx *c, sqlite3_stmt *st, const char *what, lt_error *err)
{
	int s = sqlite3_step(st);
	int rc = s == SQLITE_DONE || s == SQLITE_ROW ? 0 : lt_catalog_error(c->cat, err, what);

	sqlite3_reset(st);
	return rc;
}

static void finalize_all(ctx *c)
{
	sqlite3_stmt **all[] = {&c->st_exists, &c->st_rec,    &c->st_blob, &c->st_file,
	                        &c->st_page,   &c->st_outbox, &c->st_named};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		sqlite3_finalize(*all[i]);
		*all[i] = NULL;
	}
}

/* 1 when a record has this (normalised) docId, 0 when not. */
static int doc_id_exists(ctx *c, const char *doc_id, lt_error *err)
{
	int s, rc;

	if ((rc = prep(c, &c->st_exists, "SELECT 1 FROM records WHERE doc_id = ?", err)) != 0)
		return rc;
	sqlite3_bind_text(c->st_exists, 1, doc_id, -1, SQLITE_TRANSIENT);
	s = sqlite3_step(c->st_exists);
	sqlite3_reset(c->st_exists);
	if (s == SQLITE_ROW)
		return 1;
	if (s == SQLITE_DONE)
		return 0;
	return lt_catalog_error(c->cat, err, "records");
}

typedef struct values {
	char *v[LT_F__COUNT];
} values;

static void values_free(values *vals)
{
	for (size_t i = 0; i < LT_F__COUNT; i++)
		free(vals->v[i]);
	memset(vals, 0, sizeof(*vals));
}

/* The same checks as lt_ingest_file's (unknown tag, repeated tag, value). */
static int validate_meta(values *vals, const lt_manifest_row *row, lt_error *err)
{
	for (size_t i = 0; i < row->nmeta; i++) {
		const lt_field_def *f = lt_field_find(row->meta[i].key);
		lt_buf nv = LT_BUF_INIT;
		char shown[LT_SHORT_MAX];
		int rc;

		if (!f) {
			lt_ar_shorten(row->meta[i].key, shown);
			return lt_error_set(err, LT_EINVAL,
			                    LT_TR("trường siêu dữ liệu không xác định: \"%s\"",
			                          "unknown metadata field: \"%s\""),
			                    shown);
		}
		if (vals->v[f->id])
			return lt_error_set(err, LT_EINVAL,
			                    LT_TR("trường %s được cho nhiều lần",
			                          "field %s is given more than once"),
			                    f->tag);
		if ((rc = lt_field_normalize(f, row->meta[i].value, &nv, err)) != 0)
			return rc;
		if (nv.len)
			vals->v[f->id] = lt_buf_detach(&nv);
		lt_buf_free(&nv);
	}
	return 0;
}

static int set_default(values *vals, lt_field_id id, const char *v)
{
	if (vals->v[id])
		return 0;
	vals->v[id] = strdup(v);
	return vals->v[id] ? 0 : LT_ENOMEM;
}

static int insert_text_rows(ctx *c, size_t i, const values *vals, const char *text, size_t len,
                            const lt_blob_info *blob, lt_error *err)
{
	const lt_manifest_row *row = lt_manifest_row_at(c->man, i);
	const lt_field_def *fields;
	char uid[LT_UID_LEN + 1];
	lt_buf sql = LT_BUF_INIT, name = LT_BUF_INIT, detail = LT_BUF_INIT;
	int64_t id;
	size_t n;
	int rc, k = 2;

	fields = lt_fields_all(&n);
	if (!c->st_rec) {
		lt_buf qs = LT_BUF_INIT;
		int m = 0;
		m |= lt_buf_puts(&sql, "INSERT INTO main.records(uid");
		for (size_t f = 0; f < n; f++) {
			m |= lt_buf_printf(&sql, ", %s", fields[f].column);
			m |= lt_buf_puts(&qs, ", ?");
		}
		m |= lt_buf_printf(&sql, ", page_count) VALUES (?%s, 1)", lt_buf_cstr(&qs));
		lt_buf_free(&qs);
		if (m) {
			lt_buf_free(&sql);
			return oom(err);
		}
	}
	rc = prep(c, &c->st_rec, sql.data, err);
	lt_buf_free(&sql);
	if (rc)
		return rc;
	if ((rc = lt_ar_uuid4(uid, err)) != 0)
		return rc;
	sqlite3_bind_text(c->st_rec, 1, uid, -1, SQLITE_TRANSIENT);
	for (size_t f = 0; f < n; f++, k++)
		if (vals->v[f])
			sqlite3_bind_text(c->st_rec, k, vals->v[f], -1, SQLITE_STATIC);
	if ((rc = step(c, c->st_rec, LT_TR("không thêm được văn bản", "cannot insert the record"),
	               err)) != 0)
		return rc;
	id = sqlite3_last_insert_rowid(lt_catalog_db(c->cat));

	if (blob) {
		if ((rc = prep(
		         c, &c->st_blob,
		         "INSERT OR IGNORE INTO blobs(sha256, size, media_type) VALUES (?, ?, ?)",
		         err)) != 0)
			return rc;
		sqlite3_bind_text(c->st_blob, 1, blob->sha256, -1, SQLITE_STATIC);
		sqlite3_bind_int64(c->st_blob, 2, (sqlite3_int64)blob->size);
		sqlite3_bind_text(c->st_blob, 3, lt_media_mime(LT_MEDIA_TEXT), -1, SQLITE_STATIC);
		if ((rc = step(c, c->st_blob, "blobs", err)) != 0)
			return rc;

		if (lt_buf_printf(&name, "%s.txt",
		                  vals->v[LT_F_DOC_ID] ? vals->v[LT_F_DOC_ID] : "text"))
			return oom(err);
		rc = prep(
		    c, &c->st_file,
		    "INSERT INTO main.record_files(record_id, sha256, role, media_type, name, size)"
		    " VALUES (?, ?, 'original', ?, ?, ?)",
		    err);
		if (rc == 0) {
			sqlite3_bind_int64(c->st_file, 1, id);
			sqlite3_bind_text(c->st_file, 2, blob->sha256, -1, SQLITE_STATIC);
			sqlite3_bind_text(c->st_file, 3, lt_media_mime(LT_MEDIA_TEXT), -1,
			                  SQLITE_STATIC);
			sqlite3_bind_text(c->st_file, 4, name.data, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(c->st_file, 5, (sqlite3_int64)blob->size);
			rc = step(c, c->st_file, "record_files", err);
		}
		lt_buf_free(&name);
		if (rc)
			return rc;
	}

	if ((rc =
	         prep(c, &c->st_page,
	              "INSERT INTO main.pages(record_id, page_no, text, confidence, source, status)"
	              " VALUES (?, 1, ?, 100, ?, 0)",
	              err)) != 0)
		return rc;
	sqlite3_bind_int64(c->st_page, 1, id);
	sqlite3_bind_text(c->st_page, 2, text, (int)len, SQLITE_STATIC);
	sqlite3_bind_int(c->st_page, 3, LT_PAGE_PLAIN_TEXT);
	if ((rc = step(c, c->st_page, "pages", err)) != 0)
		return rc;

	if ((rc = prep(c, &c->st_outbox,
	               "INSERT INTO main.index_outbox(record_id, uid, op) VALUES (?, ?, 'upsert')",
	               err)) != 0)
		return rc;
	sqlite3_bind_int64(c->st_outbox, 1, id);
	sqlite3_bind_text(c->st_outbox, 2, uid, -1, SQLITE_TRANSIENT);
	if ((rc = step(c, c->st_outbox, "index_outbox", err)) != 0)
		return rc;

	if (blob ? lt_buf_printf(&detail, "sha256=%s source=%s manifest=%s line=%zu", blob->sha256,
	                         c->source, c->man_sha, row->line)
	         : lt_buf_printf(&detail, "source=%s manifest=%s line=%zu", c->source, c->man_sha,
	                         row->line))
		return oom(err);
	/* Joins the chunk's open transaction and extends the hash chain. */
	rc = lt_audit_append(lt_archive_catalog(c->ar), c->o->user ? c->o->user : "cli",
	                     "record.import", uid, detail.data, NULL, err);
	lt_buf_free(&detail);
	return rc;
}

/* A blob this row created and no blobs row names: remove (inside the
 * chunk's transaction, i.e. under the write lock, as ingest does). */
static void drop_blob_if_unnamed(ctx *c, const char *sha256)
{
	int s;

	if (prep(c, &c->st_named, "SELECT 1 FROM blobs WHERE sha256 = ?", NULL) != 0)
		return;
	sqlite3_bind_text(c->st_named, 1, sha256, -1, SQLITE_STATIC);
	s = sqlite3_step(c->st_named);
	sqlite3_reset(c->st_named);
	if (s == SQLITE_DONE)
		lt_blobstore_remove(lt_archive_blobs(c->ar), sha256, NULL);
}

/* One text row inside the open chunk transaction. */
static int text_row(ctx *c, size_t i, lt_error *err)
{
	const lt_manifest_row *row = lt_manifest_row_at(c->man, i);
	lt_buf text = LT_BUF_INIT;
	lt_blob_info blob;
	values vals;
	int rc, have_blob = 0;

	memset(&vals, 0, sizeof(vals));
	rc = validate_meta(&vals, row, err);
	if (rc == 0)
		rc = lt_ingest_check_kind(LT_MEDIA_TEXT, vals.v[LT_F_KIND],
		                          LT_TR("dòng văn bản", "text row"), err);
	if (rc == 0 &&
	    (set_default(&vals, LT_F_KIND, lt_ingest_default_kind(LT_MEDIA_TEXT)) ||
	     set_default(&vals, LT_F_LANGUAGE, "01") || set_default(&vals, LT_F_SECRECY, "0") ||
	     set_default(&vals, LT_F_PAGE_AMOUNT, "1")))
		rc = oom(err);
	if (rc == 0)
		rc = lt_ingest_check_secret(c->ar, atoi(vals.v[LT_F_SECRECY]), vals.v[LT_F_MODE],
		                            err);
	if (rc == 0) {
		char warning[LT_INGEST_WARNING_MAX];
		rc =
		    lt_ingest_check_notation(vals.v[LT_F_KIND], vals.v[LT_F_CONFIDENCE_LEVEL],
		                             vals.v[LT_F_CODE_NUMBER], vals.v[LT_F_CODE_NOTATION],
		                             vals.v[LT_F_TYPE_NAME], warning, sizeof(warning), err);
		if (rc == 0)
			row_warning(c, i, warning);
	}
	if (rc == 0 && strlen(row->text) > TEXT_MAX_BYTES)
		rc = lt_error_set(err, LT_ELIMIT,
		                  LT_TR("cột text quá dài: %zu byte, giới hạn %u",
		                        "the text column is too long: %zu bytes, the limit is %u"),
		                  strlen(row->text), TEXT_MAX_BYTES);
	if (rc == 0)
		rc = lt_text_nfc(&text, row->text, LT_TEXT_STRLEN, err);
	if (rc == 0 && text.len == 0)
		rc = lt_error_set(err, LT_EINVAL, "%s",
		                  LT_TR("cột text rỗng", "the text column is empty"));
	if (rc == 0 && c->o->text_blobs) {
		rc = lt_blobstore_put_mem(lt_archive_blobs(c->ar), text.data, text.len, &blob, err);
		have_blob = rc == 0;
	}
	if (rc == 0)
		rc = lt_catalog_exec(c->cat, "SAVEPOINT import_row", err);
	if (rc == 0) {
		rc = insert_text_rows(c, i, &vals, text.data, text.len, have_blob ? &blob : NULL,
		                      err);
		if (rc == LT_EEXISTS)
			lt_error_set(err, LT_EEXISTS,
			             LT_TR("docId %s đã có trong kho", "docId %s already exists"),
			             vals.v[LT_F_DOC_ID] ? vals.v[LT_F_DOC_ID] : "?");
		if (rc == 0) {
			rc = lt_catalog_exec(c->cat, "RELEASE import_row", err);
		} else {
			lt_catalog_exec(c->cat, "ROLLBACK TO import_row", NULL);
			lt_catalog_exec(c->cat, "RELEASE import_row", NULL);
		}
	}
	if (rc && have_blob && !blob.existed)
		drop_blob_if_unnamed(c, blob.sha256);
	values_free(&vals);
	lt_buf_free(&text);
	return rc;
}

static int run_text_rows(ctx *c, lt_error *err)
{
	size_t chunk = c->o->chunk_rows ? c->o->chunk_rows : LT_IMPORT_CHUNK_ROWS;
	size_t n = lt_manifest_count(c->man), i = 0;
	size_t *ok = malloc(chunk * sizeof(*ok));
	int rc = 0;

	if (!ok)
		return oom(err);
	while (i < n && rc == 0) {
		size_t in_chunk = 0, nok = 0;

		if ((rc = lt_catalog_begin(c->cat, err)) != 0)
			break;
		for (; i < n && in_chunk < chunk; i++) {
			const lt_manifest_row *row = lt_manifest_row_at(c->man, i);
			lt_error rerr = LT_ERROR_INIT;

			if (c->state[i] != PENDING || !row->text)
				continue;
			in_chunk++;
			if (text_row(c, i, &rerr) == 0) {
				ok[nok++] = i;
			} else if (rerr.code == LT_EEXISTS) {
				/* Another import stored this docId since the prescan
				 * (two overlapping batches at once): as a re-run
				 * would, count it skipped. */
				row_ok(c, i, 1);
			} else if (rerr.code == LT_EDB || rerr.code == LT_EBUSY ||
			           rerr.code == LT_ENOMEM || rerr.code == LT_ENOSPC) {
				/* the catalog, not the row: stop the batch */
				rc = lt_error_set(err, rerr.code, "%s", rerr.message);
				break;
			} else {
				row_failed(c, i, NULL, rerr.code, rerr.message);
			}
		}
		if (rc == 0)
			rc = lt_catalog_commit(c->cat, err);
		if (rc) {
			lt_catalog_rollback(c->cat);
			for (size_t k = 0; k < nok; k++)
				row_failed(c, ok[k], NULL, rc, err->message);
			break;
		}
		for (size_t k = 0; k < nok; k++)
			row_ok(c, ok[k], 0);
	}
	free(ok);
	return rc;
}

/* ---- prescan ---------------------------------------------------------- */

typedef struct idref {
	const char *doc_id; /* normalised */
	size_t row;
} idref;

static int idref_cmp(const void *a, const void *b)
{
	const idref *x = a, *y = b;
	int c = strcmp(x->doc_id, y->doc_id);

	return c ? c : (x->row < y->row ? -1 : x->row > y->row);
}

/* Row errors, docIds: invalid, repeated in the batch, already stored. */
static int prescan(ctx *c, lt_error *err)
{
	size_t n = lt_manifest_count(c->man), nid = 0;
	idref *ids = calloc(n ? n : 1, sizeof(*ids));
	char **norm = calloc(n ? n : 1, sizeof(*norm));
	const lt_field_def *fdoc = lt_field_get(LT_F_DOC_ID);
	int rc = 0;

	if (!ids || !norm) {
		free(ids);
		free(norm);
		return oom(err);
	}
	for (size_t i = 0; i < n; i++) {
		const lt_manifest_row *row = lt_manifest_row_at(c->man, i);
		const char *d = lt_manifest_row_get(row, "docId");
		lt_error rerr = LT_ERROR_INIT;
		lt_buf nv = LT_BUF_INIT;

		if (row->error) {
			row_failed(c, i, row->file, LT_EINVAL, row->error);
			continue;
		}
		if (!d)
			continue;
		if (lt_field_normalize(fdoc, d, &nv, &rerr) != 0) {
			row_failed(c, i, row->file, rerr.code, rerr.message);
			continue;
		}
		if (!nv.len)
			continue;
		norm[i] = lt_buf_detach(&nv);
		ids[nid].doc_id = norm[i];
		ids[nid].row = i;
		nid++;
	}
	qsort(ids, nid, sizeof(*ids), idref_cmp);
	for (size_t k = 1; k < nid; k++) {
		size_t first = k - 1;
		char msg[LT_ERROR_MESSAGE_MAX];

		if (strcmp(ids[k].doc_id, ids[k - 1].doc_id) != 0)
			continue;
		while (first > 0 && strcmp(ids[first - 1].doc_id, ids[k].doc_id) == 0)
			first--;
		snprintf(msg, sizeof(msg),
		         LT_TR("docId %s lặp lại trong lô: đã có ở dòng %zu",
		               "docId %s is repeated in the batch: already on row %zu"),
		         ids[k].doc_id, ids[first].row + 1);
		row_failed(c, ids[k].row, lt_manifest_row_at(c->man, ids[k].row)->file, LT_EEXISTS,
		           msg);
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (c->state[i] != PENDING || !norm[i])
			continue;
		rc = doc_id_exists(c, norm[i], err);
		if (rc == 1) {
			row_ok(c, i, 1);
			rc = 0;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(norm[i]);
	free(norm);
	free(ids);
	return rc;
}

/* ---- file rows -------------------------------------------------------- */

static void ingest_row(ctx *c, size_t i, const char *path, const char *shown_name)
{
	const lt_manifest_row *row = lt_manifest_row_at(c->man, i);
	lt_ingest_options io = LT_INGEST_OPTIONS_INIT;
	lt_error rerr = LT_ERROR_INIT;
	lt_ingest_result res;

	io.meta = row->meta;
	io.nmeta = row->nmeta;
	io.user = c->o->user;
	if (lt_ingest_file(c->ar, path, &io, &res, &rerr) == 0) {
		/* resumed: stored by an earlier or a concurrent run, its
		 * unfinished recognition queued again — not a new record */
		if (!res.resumed)
			row_warning(c, i, res.warning);
		row_ok(c, i, res.resumed);
		return;
	}
	/* The docId was stored since the prescan (another import of an
	 * overlapping batch): skipped, as a re-run would say. */
	if (rerr.code == LT_EEXISTS && lt_manifest_row_get(row, "docId"))
		row_ok(c, i, 1);
	else
		row_failed(c, i, shown_name, rerr.code, rerr.message);
}

static void run_dir_rows(ctx *c, const char *root)
{
	char real_root[PATH_MAX];
	size_t n = lt_manifest_count(c->man);

	if (!realpath(root, real_root))
		snprintf(real_root, sizeof(real_root), "%s", root);
	for (size_t i = 0; i < n; i++) {
		const lt_manifest_row *row = lt_manifest_row_at(c->man, i);
		lt_error rerr = LT_ERROR_INIT;
		lt_buf p = LT_BUF_INIT;
		char real[PATH_MAX];
		struct stat sb;
		size_t rl = strlen(real_root);

		if (c->state[i] != PENDING || !row->file)
			continue;
		if (lt_import_check_name(row->file, &rerr) != 0) {
			row_failed(c, i, row->file, rerr.code, rerr.message);
			continue;
		}
		if (lt_fs_join(&p, root, row->file)) {
			row_failed(c, i, row->file, LT_ENOMEM, "out of memory");
			continue;
		}
		if (lstat(p.data, &sb) != 0) {
			lt_error_set(&rerr, LT_ENOTFOUND,
			             LT_TR("tệp %s (dòng %zu) không có trong %s",
			                   "file %s (line %zu) is not in %s"),
			             row->file, row->line, c->source);
		} else if (S_ISLNK(sb.st_mode)) {
			lt_error_set(&rerr, LT_EINVAL,
			             LT_TR("tệp %s là liên kết tượng trưng: bị từ chối",
			                   "file %s is a symbolic link: refused"),
			             row->file);
		} else if (!S_ISREG(sb.st_mode)) {
			lt_error_set(&rerr, LT_EINVAL,
			             LT_TR("%s không phải tệp thường", "%s is not a regular file"),
			             row->file);
		} else if (!realpath(p.data, real) || strncmp(real, real_root, rl) != 0 ||
		           real[rl] != '/') {
			lt_error_set(&rerr, LT_EINVAL,
			             LT_TR("tệp %s nằm ngoài %s: bị từ chối",
			                   "file %s lies outside %s: refused"),
			             row->file, c->source);
		}
		if (rerr.code)
			row_failed(c, i, row->file, rerr.code, rerr.message);
		else
			ingest_row(c, i, p.data, row->file);
		lt_buf_free(&p);
	}
}

/* ---- archives --------------------------------------------------------- */

static int open_reader(struct archive **out, const char *path, lt_error *err)
{
	struct archive *a = archive_read_new();

	*out = NULL;
	if (!a)
		return oom(err);
	archive_read_support_format_zip(a);
	archive_read_support_format_tar(a);
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_xz(a);
	if (archive_read_open_filename(a, path, 64 * 1024) != ARCHIVE_OK) {
		int rc =
		    lt_error_set(err, LT_EUNSUPPORTED,
		                 LT_TR("không đọc được %s: không phải thư mục, zip hay tar: %s",
		                       "cannot read %s: not a directory, zip or tar: %s"),
		                 path, archive_error_string(a) ? archive_error_string(a) : "?");
		archive_read_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

static entry *find_entry(ctx *c, const char *name)
{
	entry key;

	key.name = (char *)name;
	if (!c->nentries)
		return NULL;
	return bsearch(&key, c->entries, c->nentries, sizeof(entry), entry_cmp);
}

static int add_entry(ctx *c, const char *name, const char *refused)
{
	entry *e;

	if (c->nentries == c->capentries) {
		size_t cap = c->capentries ? c->capentries * 2 : 64;
		entry *p = realloc(c->entries, cap * sizeof(*p));
		if (!p)
			return LT_ENOMEM;
		c->entries = p;
		c->capentries = cap;
	}
	e = &c->entries[c->nentries];
	memset(e, 0, sizeof(*e));
	e->name = strdup(name);
	e->refused = dup_or_null(refused);
	if (!e->name || (refused && !e->refused)) {
		free(e->name);
		free(e->refused);
		return LT_ENOMEM;
	}
	c->nentries++;
	return 0;
}

static void free_entries(ctx *c)
{
	for (size_t i = 0; i < c->nentries; i++) {
		free(c->entries[i].name);
		free(c->entries[i].refused);
		free(c->entries[i].rows);
	}
	free(c->entries);
	c->entries = NULL;
	c->nentries = 0;
}

/* Bytes expanded so far against the limits; a message when one is hit. */
typedef struct meter {
	uint64_t total;
} meter;

static int meter_add(ctx *c, meter *m, struct archive *a, const char *name, uint64_t entry_bytes,
                     size_t add, lt_error *err)
{
	const lt_import_limits *l = &c->o->limits;
	int64_t raw = archive_filter_bytes(a, -1);

	m->total += add;
	if (entry_bytes > l->max_entry_bytes)
		return lt_error_set(err, LT_ELIMIT,
		                    LT_TR("mục %s quá lớn khi giải nén: hơn %llu byte",
		                          "entry %s expands beyond %llu bytes"),
		                    name, (unsigned long long)l->max_entry_bytes);
	if (m->total > l->max_total_bytes)
		return lt_error_set(
		    err, LT_ELIMIT,
		    LT_TR("gói giải nén quá %llu byte (tại mục %s): dừng lại",
		          "the batch expands beyond %llu bytes (at entry %s): stopped"),
		    (unsigned long long)l->max_total_bytes, name);
	if (m->total > l->ratio_floor_bytes && raw > 0 && m->total / (uint64_t)raw > l->max_ratio)
		return lt_error_set(
		    err, LT_ELIMIT,
		    LT_TR("tỉ lệ nén bất thường (hơn %llu:1, tại mục %s): có thể là "
		          "bom nén, dừng lại",
		          "abnormal compression ratio (over %llu:1, at entry %s): "
		          "possibly a zip bomb, stopped"),
		    (unsigned long long)l->max_ratio, name);
	return 0;
}

/* Read the current entry's data into out (manifest) or fd (a payload
 * file), under the limits. */
static int read_entry(ctx *c, meter *m, struct archive *a, const char *name, lt_buf *out, int fd,
                      lt_error *err)
{
	uint64_t got = 0;

	for (;;) {
		const void *buf;
		size_t size;
		la_int64_t off;
		int r = archive_read_data_block(a, &buf, &size, &off);
		int rc;

		if (r == ARCHIVE_EOF)
			return 0;
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
			return lt_error_set(
			    err, LT_ECORRUPT,
			    LT_TR("không đọc được mục %s: gói bị cắt cụt hoặc hỏng: %s",
			          "cannot read entry %s: the archive is truncated or "
			          "corrupt: %s"),
			    name, archive_error_string(a) ? archive_error_string(a) : "?");
		if ((uint64_t)off > got) {
			/* a sparse hole: count it, it expands too */
			size_t hole = (size_t)((uint64_t)off - got);
			got = (uint64_t)off;
			if ((rc = meter_add(c, m, a, name, got, hole, err)) != 0)
				return rc;
			if (fd >= 0 && lseek(fd, off, SEEK_SET) < 0)
				return lt_error_set(err, LT_EIO, "lseek: %s", strerror(errno));
			if (out) {
				for (size_t k = 0; k < hole; k++)
					if (lt_buf_putc(out, '\0'))
						return oom(err);
			}
		}
		got += size;
		if ((rc = meter_add(c, m, a, name, got, size, err)) != 0)
			return rc;
		if (out && lt_buf_append(out, buf, size))
			return oom(err);
		if (fd >= 0) {
			const char *p = buf;
			while (size > 0) {
				ssize_t w = write(fd, p, size);
				if (w < 0) {
					if (errno == EINTR)
						continue;
					return lt_error_set(
					    err, LT_EIO,
					    LT_TR("không ghi được tệp tạm cho %s: %s",
					          "cannot write the temp file for %s: %s"),
					    name, strerror(errno));
				}
				p += w;
				size -= (size_t)w;
			}
		}
	}
}

static size_t depth_of(const char *name)
{
	size_t d = 0;

	for (; *name; name++)
		d += *name == '/';
	return d;
}

/* Pass 1: headers (and the manifest's bytes). */
static int pass1(ctx *c, const char *path, lt_buf *man, char **man_name, lt_error *err)
{
	struct archive *a = NULL;
	struct archive_entry *e;
	size_t best_depth = (size_t)-1;
	uint64_t count = 0;
	meter m = {0};
	int rc, r;

	if ((rc = open_reader(&a, path, err)) != 0)
		return rc;
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		const char *raw = archive_entry_pathname(e);
		char *name = strdup(raw ? raw : "");
		lt_error nerr = LT_ERROR_INIT;
		int type = (int)archive_entry_filetype(e);

		if (!name) {
			rc = oom(err);
			break;
		}
		if (++count > c->o->limits.max_entries) {
			free(name);
			rc = lt_error_set(
			    err, LT_ELIMIT,
			    LT_TR("%s có hơn %llu mục: từ chối cả gói",
			          "%s has more than %llu entries: the batch is refused"),
			    path, (unsigned long long)c->o->limits.max_entries);
			break;
		}
		tidy_name(name);
		if (type == AE_IFDIR) {
			free(name);
			archive_read_data_skip(a);
			continue;
		}
		if (lt_import_check_name(name, &nerr) == 0) {
			if (type == AE_IFLNK)
				lt_error_set(&nerr, LT_EINVAL,
				             LT_TR("mục %s là liên kết tượng trưng: bị từ chối",
				                   "entry %s is a symbolic link: refused"),
				             name);
			else if (archive_entry_hardlink(e))
				lt_error_set(&nerr, LT_EINVAL,
				             LT_TR("mục %s là liên kết cứng: bị từ chối",
				                   "entry %s is a hard link: refused"),
				             name);
			else if (type != AE_IFREG)
				lt_error_set(&nerr, LT_EINVAL,
				             LT_TR("mục %s không phải tệp thường: bị từ chối",
				                   "entry %s is not a regular file: refused"),
				             name);
		}
		if (nerr.code) {
			add_failure(c, (size_t)-1, name, nerr.code, nerr.message);
			rc = add_entry(c, name, nerr.message);
		} else if (lt_manifest_format_of(name) >= 0 && depth_of(name) <= 1 &&
		           depth_of(name) <= best_depth) {
			if (depth_of(name) == best_depth) {
				rc = lt_error_set(err, LT_EINVAL,
				                  LT_TR("%s có hai tệp kê khai: %s và %s",
				                        "%s has two manifests: %s and %s"),
				                  path, *man_name, name);
			} else {
				best_depth = depth_of(name);
				lt_buf_reset(man);
				free(*man_name);
				*man_name = strdup(name);
				rc =
				    *man_name ? read_entry(c, &m, a, name, man, -1, err) : oom(err);
			}
			free(name);
			if (rc)
				break;
			continue;
		} else {
			rc = add_entry(c, name, NULL);
		}
		free(name);
		if (rc) {
			rc = oom(err);
			break;
		}
		archive_read_data_skip(a);
	}
	if (rc == 0 && r == ARCHIVE_FATAL) {
		lt_error terr = LT_ERROR_INIT;
		lt_error_set(&terr, LT_ECORRUPT,
		             LT_TR("gói %s bị cắt cụt hoặc hỏng sau %llu mục: %s",
		                   "archive %s is truncated or corrupt after %llu entries: %s"),
		             path, (unsigned long long)count,
		             archive_error_string(a) ? archive_error_string(a) : "?");
		if (!*man_name)
			rc = lt_error_set(err, terr.code, "%s", terr.message);
		else
			add_failure(c, (size_t)-1, NULL, terr.code, terr.message);
	}
	archive_read_free(a);
	return rc;
}

static int link_rows(ctx *c, lt_error *err)
{
	size_t n = lt_manifest_count(c->man);

	if (c->nentries)
		qsort(c->entries, c->nentries, sizeof(entry), entry_cmp);
	/* The same name twice: which one is meant is a guess we do not make. */
	for (size_t k = 1; k < c->nentries; k++) {
		if (strcmp(c->entries[k].name, c->entries[k - 1].name) != 0)
			continue;
		for (size_t j = k - 1; j <= k; j++) {
			if (c->entries[j].refused)
				continue;
			c->entries[j].refused =
			    strdup(LT_TR("tên mục xuất hiện hai lần trong gói",
			                 "the entry name appears twice in the archive"));
			if (!c->entries[j].refused)
				return oom(err);
		}
	}
	for (size_t i = 0; i < n; i++) {
		const lt_manifest_row *row = lt_manifest_row_at(c->man, i);
		lt_error rerr = LT_ERROR_INIT;
		lt_buf full = LT_BUF_INIT;
		entry *e;

		if (c->state[i] != PENDING || !row->file)
			continue;
		if (lt_import_check_name(row->file, &rerr) != 0) {
			row_failed(c, i, row->file, rerr.code, rerr.message);
			continue;
		}
		if (lt_buf_printf(&full, "%s%s", c->prefix, row->file))
			return oom(err);
		tidy_name(full.data);
		e = find_entry(c, full.data);
		if (!e) {
			lt_error_set(&rerr, LT_ENOTFOUND,
			             LT_TR("tệp %s (dòng %zu) không có trong gói %s",
			                   "file %s (line %zu) is not in the archive %s"),
			             row->file, row->line, c->source);
			row_failed(c, i, row->file, rerr.code, rerr.message);
		} else if (e->refused) {
			row_failed(c, i, row->file, LT_EINVAL, e->refused);
		} else {
			if (e->nrows == e->caprows) {
				size_t cap = e->caprows ? e->caprows * 2 : 2;
				size_t *p = realloc(e->rows, cap * sizeof(*p));
				if (!p) {
					lt_buf_free(&full);
					return oom(err);
				}
				e->rows = p;
				e->caprows = cap;
			}
			e->rows[e->nrows++] = i;
		}
		lt_buf_free(&full);
	}
	return 0;
}

/* The pending rows of e all fail with msg. */
static void fail_entry_rows(ctx *c, entry *e, int code, const char *msg)
{
	for (size_t k = 0; k < e->nrows; k++)
		row_failed(c, e->rows[k], e->name, code, msg);
}

/* Pass 2: stream each needed entry through one temp file. */
static int pass2(ctx *c, const char *path, lt_error *err)
{
	struct archive *a = NULL;
	struct archive_entry *ae;
	meter m = {0};
	int rc, r;
	lt_error stop = LT_ERROR_INIT;

	if ((rc = open_reader(&a, path, err)) != 0)
		return rc;
	while ((r = archive_read_next_header(a, &ae)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		const char *raw = archive_entry_pathname(ae);
		char *name = strdup(raw ? raw : "");
		lt_error eerr = LT_ERROR_INIT;
		lt_buf tmp = LT_BUF_INIT;
		size_t plen = strlen(c->prefix);
		entry *e;
		int fd;

		if (!name) {
			rc = oom(err);
			break;
		}
		tidy_name(name);
		e = strncmp(name, c->prefix, plen) == 0 && archive_entry_filetype(ae) == AE_IFREG &&
		            !archive_entry_hardlink(ae)
		        ? find_entry(c, name)
		        : NULL;
		free(name);
		if (!e || e->refused || e->nrows == 0) {
			archive_read_data_skip(a);
			continue;
		}
		if (lt_fs_join(&tmp, c->tmpdir, lt_ar_basename(e->name))) {
			rc = oom(err);
			break;
		}
		fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0) {
			lt_error_set(&eerr, LT_EIO,
			             LT_TR("không tạo được tệp tạm %s: %s",
			                   "cannot create the temp file %s: %s"),
			             tmp.data, strerror(errno));
		} else {
			int rr = read_entry(c, &m, a, e->name, NULL, fd, &eerr);
			if (close(fd) != 0 && rr == 0)
				lt_error_set(&eerr, LT_EIO, "close %s: %s", tmp.data,
				             strerror(errno));
		}
		if (eerr.code) {
			fail_entry_rows(c, e, eerr.code, eerr.message);
			unlink(tmp.data);
			lt_buf_free(&tmp);
			if (eerr.code == LT_ELIMIT || eerr.code == LT_ECORRUPT) {
				stop = eerr;
				break;
			}
			continue;
		}
		for (size_t k = 0; k < e->nrows; k++)
			ingest_row(c, e->rows[k], tmp.data, e->name);
		unlink(tmp.data);
		lt_buf_free(&tmp);
	}
	if (rc == 0 && !stop.code && r == ARCHIVE_FATAL)
		lt_error_set(&stop, LT_ECORRUPT,
		             LT_TR("gói %s bị cắt cụt hoặc hỏng: %s",
		                   "archive %s is truncated or corrupt: %s"),
		             c->source, archive_error_string(a) ? archive_error_string(a) : "?");
	archive_read_free(a);
	if (rc)
		return rc;
	/* Rows whose entry was never reached. */
	for (size_t k = 0; k < c->nentries; k++) {
		entry *e = &c->entries[k];
		char msg[2 * LT_ERROR_MESSAGE_MAX];

		if (!e->nrows)
			continue;
		if (stop.code)
			snprintf(msg, sizeof(msg), "%s: %s",
			         LT_TR("không nhập: gói dừng trước mục này",
			               "not imported: the batch stopped before this entry"),
			         stop.message);
		else
			snprintf(msg, sizeof(msg), "%s",
			         LT_TR("không đọc được mục này trong lần đọc thứ hai",
			               "the entry was not found on the second read"));
		for (size_t j = 0; j < e->nrows; j++)
			if (c->state[e->rows[j]] == PENDING)
				row_failed(c, e->rows[j], e->name,
				           stop.code ? stop.code : LT_ECORRUPT, msg);
	}
	return 0;
}

/* ---- the whole batch -------------------------------------------------- */

static int load_dir_manifest(const char *dir, lt_buf *data, char **name, lt_error *err)
{
	static const char *const names[] = {"manifest.jsonl", "manifest.csv"};
	int found = 0, rc = 0;

	for (size_t i = 0; i < 2; i++) {
		lt_buf p = LT_BUF_INIT;
		if (lt_fs_join(&p, dir, names[i]))
			return oom(err);
		if (lt_fs_exists(p.data)) {
			if (found++) {
				lt_buf_free(&p);
				return lt_error_set(
				    err, LT_EINVAL,
				    LT_TR("%s có cả manifest.jsonl và manifest.csv: "
				          "chỉ giữ một",
				          "%s has both manifest.jsonl and manifest.csv: "
				          "keep one"),
				    dir);
			}
			*name = strdup(names[i]);
			rc = *name ? lt_fs_read_file(data, p.data, LT_MANIFEST_MAX_BYTES, err)
			           : oom(err);
		}
		lt_buf_free(&p);
		if (rc)
			return rc;
	}
	if (!found)
		return lt_error_set(err, LT_ENOTFOUND,
		                    LT_TR("%s không có manifest.jsonl hay manifest.csv",
		                          "%s has no manifest.jsonl or manifest.csv"),
		                    dir);
	return 0;
}

int lt_import_run(lt_import_report **out, lt_archive *ar, const char *path,
                  const lt_import_options *opts, lt_error *err)
{
	lt_import_options defaults = LT_IMPORT_OPTIONS_INIT;
	lt_error local = LT_ERROR_INIT;
	ctx c;
	lt_buf man = LT_BUF_INIT, tmp = LT_BUF_INIT;
	char *man_name = NULL;
	int is_dir, rc;
	const char *tmproot = getenv("TMPDIR");

	*out = NULL;
	if (!err)
		err = &local; /* run_text_rows reports a chunk's failure from it */
	memset(&c, 0, sizeof(c));
	c.ar = ar;
	c.cat = lt_archive_catalog(ar);
	c.o = opts ? opts : &defaults;
	c.source = path;
	c.rep = calloc(1, sizeof(*c.rep));
	if (!c.rep)
		return oom(err);
	if (!lt_fs_exists(path)) {
		rc = lt_error_set(err, LT_ENOTFOUND, LT_TR("không có %s", "%s does not exist"),
		                  path);
		goto out;
	}
	is_dir = lt_fs_is_dir(path);
	if (is_dir)
		rc = load_dir_manifest(path, &man, &man_name, err);
	else
		rc = pass1(&c, path, &man, &man_name, err);
	if (rc == 0 && !man_name)
		rc = lt_error_set(
		    err, LT_ENOTFOUND,
		    LT_TR("%s không có manifest.jsonl hay manifest.csv (ở gốc hoặc trong "
		          "một thư mục trên cùng)",
		          "%s has no manifest.jsonl or manifest.csv (at the top or in one "
		          "top directory)"),
		    path);
	if (rc)
		goto out;
	c.rep->manifest = strdup(man_name);
	{
		const char *slash = strrchr(man_name, '/');
		size_t plen = slash ? (size_t)(slash - man_name) + 1 : 0;
		c.prefix = strndup(man_name, plen);
	}
	if (!c.rep->manifest || !c.prefix) {
		rc = oom(err);
		goto out;
	}
	lt_sha256_hex(man.data ? man.data : "", man.len, c.man_sha);
	rc = lt_manifest_parse(&c.man, man.data ? man.data : "", man.len,
	                       (lt_manifest_format)lt_manifest_format_of(man_name), man_name, err);
	lt_buf_free(&man);
	if (rc)
		goto out;
	c.rep->total = lt_manifest_count(c.man);
	c.state = calloc(c.rep->total ? c.rep->total : 1, 1);
	c.warn = calloc(c.rep->total ? c.rep->total : 1, sizeof(*c.warn));
	if (!c.state || !c.warn) {
		rc = oom(err);
		goto out;
	}
	if ((rc = prescan(&c, err)) != 0)
		goto out;
	if ((rc = run_text_rows(&c, err)) != 0)
		goto out;
	if (is_dir) {
		run_dir_rows(&c, path);
	} else {
		if ((rc = link_rows(&c, err)) != 0)
			goto out;
		if ((rc = lt_fs_mkdtemp(&tmp, tmproot && *tmproot ? tmproot : "/tmp", err)) != 0)
			goto out;
		c.tmpdir = tmp.data;
		rc = pass2(&c, path, err);
		lt_fs_remove_tree(tmp.data, NULL);
		if (rc)
			goto out;
	}
	for (size_t i = 0; i < c.rep->total; i++)
		if (c.state[i] == PENDING)
			row_failed(&c, i, NULL, LT_ERR, "not processed");
out:
	finalize_all(&c);
	free_entries(&c);
	lt_manifest_free(c.man);
	free(c.state);
	if (c.warn)
		for (size_t i = 0; i < c.rep->total; i++)
			free(c.warn[i]);
	free(c.warn);
	free(c.prefix);
	free(man_name);
	lt_buf_free(&man);
	lt_buf_free(&tmp);
	if (rc) {
		lt_import_report_free(c.rep);
		return rc;
	}
	*out = c.rep;
	return 0;
}

void lt_import_report_free(lt_import_report *rep)
{
	if (!rep)
		return;
	for (size_t i = 0; i < rep->nfailures; i++) {
		free(rep->failures[i].entry);
		free(rep->failures[i].doc_id);
		free(rep->failures[i].message);
	}
	free(rep->failures);
	for (size_t i = 0; i < rep->nwarnings; i++) {
		free(rep->warnings[i].entry);
		free(rep->warnings[i].doc_id);
		free(rep->warnings[i].message);
	}
	free(rep->warnings);
	free(rep->manifest);
	free(rep);
}
