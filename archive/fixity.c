/*
 * archive/fixity.c — verified reads. See fixity.h.
 *
 * The bytes and their check are the blob store's (lt_blob_reader); this
 * file adds what the catalog knows and keeps: the expected size, the
 * records that hold the file (for the message), the damage mark and the
 * audit entries.
 */
#include "archive/fixity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "archive/audit.h"
#include "core/log.h"

struct lt_fixity_reader {
	lt_archive *ar;
	lt_blob_reader *blob;
	char sha[LT_SHA256_HEX_LEN + 1];
	char *who;
	char *via;
	lt_blob_damage marked; /* the catalog's mark when opened */
	int reported;          /* damage already marked and explained */
};

static int oom(lt_error *err)
{
	return lt_error_set(err, LT_ENOMEM, "out of memory");
}

int lt_fixity_records(lt_archive *ar, const char *sha256, size_t max, lt_buf *out, size_t *n)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	sqlite3_stmt *st = NULL;
	size_t k = 0;
	int rc = 0;

	if (n)
		*n = 0;
	/* Unqualified names: the connection's principal sees only the
	 * records it may see (archive/access.h), so a message never names
	 * a record above the reader's clearance. */
	if (lt_catalog_stmt(cat,
	                    "SELECT r.doc_id, r.uid FROM record_files f"
	                    " JOIN records r ON r.id = f.record_id"
	                    " WHERE f.sha256 = ? GROUP BY r.id ORDER BY r.id",
	                    &st) != SQLITE_OK)
		return LT_EDB;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_TRANSIENT);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		const char *doc = (const char *)sqlite3_column_text(st, 0);
		const char *uid = (const char *)sqlite3_column_text(st, 1);
		if (k == max) {
			rc = lt_buf_puts(out, ", …");
			break;
		}
		rc = doc && *doc ? lt_buf_printf(out, "%s%s (uid %s)", k ? ", " : "", doc, uid)
		                 : lt_buf_printf(out, "%s%s", k ? ", " : "", uid);
		k++;
	}
	lt_catalog_stmt_done(cat, st);
	if (n)
		*n = k;
	return rc ? LT_ENOMEM : 0;
}

/* The catalog's size and mark of a stored file; LT_ENOTFOUND without
 * a row. */
static int catalog_row(lt_catalog *cat, const char *sha, uint64_t *size, lt_blob_damage *mark)
{
	sqlite3_stmt *st = NULL;
	int rc = LT_ENOTFOUND;

	if (lt_catalog_stmt(cat, "SELECT size, damage FROM blobs WHERE sha256 = ?", &st) !=
	    SQLITE_OK)
		return LT_EDB;
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*size = (uint64_t)sqlite3_column_int64(st, 0);
		*mark = lt_blob_damage_parse((const char *)sqlite3_column_text(st, 1));
		rc = 0;
	}
	lt_catalog_stmt_done(cat, st);
	return rc;
}

/* Set (or clear, damage = INTACT) the mark and write the audit entries,
 * in one transaction of cat. The entries are written when the mark
 * changes, and for every refusal when always_audit is set. */
static int write_mark(lt_catalog *cat, const char *sha, lt_blob_damage damage, const char *who,
                      const char *via, int always_audit, lt_error *err)
{
	sqlite3 *db = lt_catalog_db(cat);
	sqlite3_stmt *st = NULL;
	const char *action = damage ? "blob.damaged" : "blob.intact";
	char detail[200];
	int rc, named = 0, changed = 0, known = 0, s;

	if ((rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	if (sqlite3_prepare_v2(db,
	                       "UPDATE main.blobs SET damage = ?2, damage_found_at = CASE WHEN ?2"
	                       " IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%SZ', 'now') END"
	                       " WHERE sha256 = ?1 AND damage IS NOT ?2",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "blobs");
		goto out;
	}
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	if (damage)
		sqlite3_bind_text(st, 2, lt_blob_damage_name(damage), -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "blobs");
	changed = sqlite3_changes(db) > 0;
	sqlite3_finalize(st);
	st = NULL;
	if (rc == 0 && !changed &&
	    sqlite3_prepare_v2(db, "SELECT 1 FROM main.blobs WHERE sha256 = ?", -1, &st, NULL) ==
	        SQLITE_OK) {
		sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
		known = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
		st = NULL;
	}
	/* A file the catalog no longer names (destroyed since a backup's
	 * snapshot) has nothing to mark and nobody to tell. */
	if (rc || !(changed || (known && always_audit && damage)))
		goto out;
	snprintf(detail, sizeof(detail), "sha256=%s damage=%s via=%s", sha,
	         damage ? lt_blob_damage_name(damage) : "none", via ? via : "-");
	/* Every record holding the file, whatever the caller may see: the
	 * log is complete, and each entry is shown to whoever may see its
	 * record (access.c, AUDIT_NAMES_HIDDEN). */
	if (sqlite3_prepare_v2(db,
	                       "SELECT DISTINCT r.uid FROM main.record_files f"
	                       " JOIN main.records r ON r.id = f.record_id WHERE f.sha256 = ?"
	                       " ORDER BY r.id",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "record_files");
		goto out;
	}
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	while (rc == 0 && (s = sqlite3_step(st)) == SQLITE_ROW) {
		rc = lt_audit_append(cat, who, action, (const char *)sqlite3_column_text(st, 0),
		                     detail, NULL, err);
		named++;
	}
	sqlite3_finalize(st);
	if (rc == 0 && named == 0) {
		char obj[LT_SHA256_HEX_LEN + 8];
		snprintf(obj, sizeof(obj), "blob:%s", sha);
		rc = lt_audit_append(cat, who, action, obj, detail, NULL, err);
	}
out:
	if (rc) {
		lt_catalog_rollback(cat);
		return rc;
	}
	return lt_catalog_commit(cat, err);
}

/* Record what a read found. On the reader's connection when it is free;
 * inside a caller's transaction on a connection of our own (the caller
 * may roll back, and the mark must stay). Failures are logged: the read
 * is refused either way. */
static void mark(lt_fixity_reader *r, lt_blob_damage damage)
{
	lt_catalog *cat = lt_archive_catalog(r->ar), *own = NULL;
	int always = strcmp(r->via, "verify") != 0;
	lt_error e = LT_ERROR_INIT;
	int rc;

	if (damage == r->marked && !(damage && always))
		return;
	if (!sqlite3_get_autocommit(lt_catalog_db(cat))) {
		if ((rc = lt_catalog_open(&own, lt_catalog_path(cat), 0, &e)) != 0) {
			lt_log_error("fixity: %s: %s", r->sha, e.message);
			return;
		}
		cat = own;
	}
	rc = write_mark(cat, r->sha, damage, r->who, r->via, always, &e);
	lt_catalog_free(own);
	if (rc)
		lt_log_error("fixity: %s %s %s: %s", damage ? "marking" : "unmarking", r->sha,
		             lt_blob_damage_name(damage), e.message);
	else
		r->marked = damage;
}

/* The reader's error, said for people: which record, what is wrong, what
 * to do. Replaces the blob store's message (which names only the blob). */
static int explain(lt_fixity_reader *r, lt_blob_damage damage, lt_error *err)
{
	lt_buf recs = LT_BUF_INIT;
	size_t n = 0;

	if (!r->reported) {
		mark(r, damage);
		r->reported = 1;
	}
	lt_fixity_records(r->ar, r->sha, 3, &recs, &n);
	if (n)
		lt_error_set(
		    err, LT_ECORRUPT,
		    LT_TR("tệp lưu trữ của văn bản %s bị hỏng: %s (blob %s); không giao "
		          "tệp hỏng — khôi phục tệp từ bộ sao lưu (docs/backup.md)",
		          "the stored file of record %s is damaged: %s (blob %s); a damaged "
		          "file is not handed out — restore it from a backup set "
		          "(docs/backup.md)"),
		    recs.data, lt_blob_damage_text(damage), r->sha);
	else
		lt_error_set(
		    err, LT_ECORRUPT,
		    LT_TR("tệp lưu trữ %s bị hỏng: %s; không giao tệp hỏng — khôi phục "
		          "tệp từ bộ sao lưu (docs/backup.md)",
		          "stored file %s is damaged: %s; a damaged file is not handed out "
		          "— restore it from a backup set (docs/backup.md)"),
		    r->sha, lt_blob_damage_text(damage));
	lt_buf_free(&recs);
	return LT_ECORRUPT;
}

void lt_fixity_close(lt_fixity_reader *r)
{
	if (!r)
		return;
	lt_blob_reader_free(r->blob);
	free(r->who);
	free(r->via);
	free(r);
}

int lt_fixity_open(lt_fixity_reader **out, lt_blob_damage *damage, lt_archive *ar,
                   const char *sha256, uint64_t size, const char *who, const char *via,
                   lt_error *err)
{
	lt_fixity_reader *r;
	lt_blob_damage d = LT_BLOB_INTACT;
	uint64_t want = 0;
	int rc;

	*out = NULL;
	if (damage)
		*damage = LT_BLOB_INTACT;
	r = calloc(1, sizeof(*r));
	if (!r || !(r->who = strdup(who ? who : "cli")) || !(r->via = strdup(via ? via : "read"))) {
		lt_fixity_close(r);
		return oom(err);
	}
	r->ar = ar;
	snprintf(r->sha, sizeof(r->sha), "%s", sha256 ? sha256 : "");
	rc = catalog_row(lt_archive_catalog(ar), r->sha, &want, &r->marked);
	if (rc == LT_ENOTFOUND && size == LT_BLOB_SIZE_UNKNOWN)
		rc = lt_error_set(err, LT_ENOTFOUND,
		                  LT_TR("không có tệp lưu trữ %s trong danh mục",
		                        "the catalog has no stored file %s"),
		                  r->sha);
	else if (rc == LT_EDB)
		rc = lt_catalog_error(lt_archive_catalog(ar), err, "blobs");
	else
		rc = 0;
	if (rc == 0)
		rc = lt_blob_reader_open(&r->blob, &d, lt_archive_blobs(ar), r->sha,
		                         size == LT_BLOB_SIZE_UNKNOWN ? want : size, err);
	if (rc == LT_ECORRUPT && d != LT_BLOB_INTACT)
		rc = explain(r, d, err);
	if (damage)
		*damage = d;
	if (rc) {
		lt_fixity_close(r);
		return rc;
	}
	*out = r;
	return 0;
}

int lt_fixity_read(lt_fixity_reader *r, void *buf, size_t cap, size_t *got, lt_error *err)
{
	int rc = lt_blob_reader_read(r->blob, buf, cap, got, err);

	if (rc == LT_ECORRUPT && lt_blob_reader_damage(r->blob))
		return explain(r, lt_blob_reader_damage(r->blob), err);
	if (rc == 0 && *got == 0 && r->marked)
		mark(r, LT_BLOB_INTACT); /* intact again: restored from a backup */
	return rc;
}

int lt_fixity_check(lt_fixity_reader *r, lt_error *err)
{
	int rc = lt_blob_reader_check(r->blob, err);

	if (rc == LT_ECORRUPT && lt_blob_reader_damage(r->blob))
		return explain(r, lt_blob_reader_damage(r->blob), err);
	if (rc == 0 && r->marked)
		mark(r, LT_BLOB_INTACT);
	return rc;
}

lt_blob_damage lt_fixity_damage(const lt_fixity_reader *r)
{
	return lt_blob_reader_damage(r->blob);
}

uint64_t lt_fixity_size(const lt_fixity_reader *r)
{
	return lt_blob_reader_size(r->blob);
}

int lt_fixity_fd(const lt_fixity_reader *r)
{
	return lt_blob_reader_fd(r->blob);
}

int lt_fixity_verify(lt_archive *ar, const char *sha256, uint64_t size, const char *who,
                     const char *via, lt_blob_damage *damage, lt_error *err)
{
	lt_fixity_reader *r = NULL;
	int rc = lt_fixity_open(&r, damage, ar, sha256, size, who, via, err);

	if (rc == 0) {
		rc = lt_fixity_check(r, err);
		if (damage)
			*damage = lt_fixity_damage(r);
	}
	lt_fixity_close(r);
	return rc;
}

size_t lt_fixity_check_record(lt_archive *ar, lt_record *rec, int full, const char *who,
                              const char *via)
{
	size_t bad = 0;

	for (size_t i = 0; i < rec->nfiles; i++) {
		lt_record_file *f = &rec->files[i];
		lt_fixity_reader *r = NULL;
		lt_blob_damage d = LT_BLOB_INTACT;
		int rc =
		    lt_fixity_open(&r, &d, ar, f->sha256, LT_BLOB_SIZE_UNKNOWN, who, via, NULL);

		if (rc == 0 && full) {
			rc = lt_fixity_check(r, NULL);
			d = lt_fixity_damage(r);
		}
		lt_fixity_close(r);
		if (rc != 0 && rc != LT_ECORRUPT)
			continue; /* not damage: the catalog's mark stands */
		if (d != LT_BLOB_INTACT) {
			char *name = strdup(lt_blob_damage_name(d));
			if (name) {
				free(f->damage);
				f->damage = name;
			}
			bad++;
		} else if (full && f->damage) {
			free(f->damage); /* found intact again: the mark is cleared */
			f->damage = NULL;
		} else if (f->damage) {
			bad++; /* marked by an earlier full read; not re-read here */
		}
	}
	return bad;
}
