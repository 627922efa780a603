/*
 * archive/record.c — reading a record (with its pages and files) and
 * changing one metadata field with its history. See record.h.
 */
#include "archive/record.h"
#include "archive/signatures/store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/link.h"
#include "archive/notation.h"
#include "archive/schema.h"
#include "archive/util.h"
#include "core/buf.h"

static char *dup_col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? strdup((const char *)t) : NULL;
}

void lt_record_free(lt_record *rec)
{
	if (!rec)
		return;
	for (size_t i = 0; i < LT_F__COUNT; i++)
		free(rec->values[i]);
	free(rec->status);
	free(rec->created_at);
	free(rec->updated_at);
	free(rec->signature);
	for (size_t i = 0; i < rec->npages; i++)
		free(rec->pages[i].text);
	free(rec->pages);
	for (size_t i = 0; i < rec->nfiles; i++) {
		free(rec->files[i].role);
		free(rec->files[i].media_type);
		free(rec->files[i].name);
		free(rec->files[i].damage);
	}
	free(rec->files);
	free(rec);
}

static int oom(lt_error *err)
{
	return lt_error_set(err, LT_ENOMEM, "out of memory");
}

static int load_pages(lt_record *rec, lt_catalog *cat, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc = 0, s;

	if (lt_catalog_stmt(cat,
	                    "SELECT page_no, text, confidence, dpi, skew, rotation, source"
	                    " FROM pages WHERE record_id = ? ORDER BY page_no",
	                    &st) != SQLITE_OK)
		return lt_catalog_error(cat, err, "pages");
	sqlite3_bind_int64(st, 1, rec->id);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		lt_record_page *p;

		if (rec->npages == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			lt_record_page *np = realloc(rec->pages, ncap * sizeof(*np));
			if (!np) {
				rc = oom(err);
				break;
			}
			rec->pages = np;
			cap = ncap;
		}
		p = &rec->pages[rec->npages];
		p->page_no = sqlite3_column_int(st, 0);
		p->text = dup_col(st, 1);
		if (!p->text)
			p->text = strdup("");
		p->confidence = sqlite3_column_double(st, 2);
		p->dpi = sqlite3_column_int(st, 3);
		p->skew = sqlite3_column_double(st, 4);
		p->rotation = sqlite3_column_int(st, 5);
		p->source = sqlite3_column_int(st, 6);
		rec->npages++;
		if (!p->text) {
			rc = oom(err);
			break;
		}
	}
	if (rc == 0 && s != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "pages");
	lt_catalog_stmt_done(cat, st);
	return rc;
}

static int load_files(lt_record *rec, lt_catalog *cat, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc = 0, s;

	/* The original first: display code shows files[0]'s name. */
	if (lt_catalog_stmt(cat,
	                    "SELECT f.sha256, f.role, f.media_type, f.name, f.size, b.damage"
	                    " FROM record_files f LEFT JOIN blobs b ON b.sha256 = f.sha256"
	                    " WHERE f.record_id = ?"
	                    " ORDER BY f.role <> 'original', f.created_at, f.role",
	                    &st) != SQLITE_OK)
		return lt_catalog_error(cat, err, "record_files");
	sqlite3_bind_int64(st, 1, rec->id);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		lt_record_file *f;
		const unsigned char *sha = sqlite3_column_text(st, 0);

		if (rec->nfiles == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			lt_record_file *nf = realloc(rec->files, ncap * sizeof(*nf));
			if (!nf) {
				rc = oom(err);
				break;
			}
			rec->files = nf;
			cap = ncap;
		}
		f = &rec->files[rec->nfiles++];
		memset(f, 0, sizeof(*f));
		snprintf(f->sha256, sizeof(f->sha256), "%s", sha ? (const char *)sha : "");
		f->role = dup_col(st, 1);
		f->media_type = dup_col(st, 2);
		f->name = dup_col(st, 3);
		f->size = (uint64_t)sqlite3_column_int64(st, 4);
		f->damage = dup_col(st, 5);
		if (!f->role || !f->media_type) {
			rc = oom(err);
			break;
		}
	}
	if (rc == 0 && s != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "record_files");
	lt_catalog_stmt_done(cat, st);
	return rc;
}

/* "SELECT id, uid, <every .def column>, page_count, status, created_at,
 * updated_at FROM records WHERE id = ?", built once (lt_catalog_stmt keeps
 * the string). */
static char *select_sql_text;

static void build_select_sql(void)
{
	const lt_field_def *fields;
	lt_buf sql = LT_BUF_INIT;
	size_t n;
	int rc = lt_buf_puts(&sql, "SELECT id, uid");

	fields = lt_fields_all(&n);
	for (size_t i = 0; i < n; i++)
		rc |= lt_buf_printf(&sql, ", %s", fields[i].column);
	rc |= lt_buf_puts(&sql, ", page_count, status, created_at, updated_at FROM records"
	                        " WHERE id = ?");
	if (rc == 0)
		select_sql_text = strdup(lt_buf_cstr(&sql));
	lt_buf_free(&sql);
}

static const char *select_sql(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, build_select_sql);
	return select_sql_text;
}

int lt_record_load(lt_record **out, lt_catalog *cat, int64_t id, unsigned what, lt_error *err)
{
	const char *sql = select_sql();
	sqlite3_stmt *st = NULL;
	lt_record *rec = NULL;
	int rc = 0, s;

	*out = NULL;
	if (!sql)
		return oom(err);
	if (lt_catalog_stmt(cat, sql, &st) != SQLITE_OK)
		return lt_catalog_error(cat, err, "records");
	sqlite3_bind_int64(st, 1, id);
	s = sqlite3_step(st);
	if (s == SQLITE_DONE) {
		rc = lt_error_set(err, LT_ENOTFOUND,
		                  LT_TR("không tìm thấy văn bản số %lld", "record %lld not found"),
		                  (long long)id);
		goto out;
	}
	if (s != SQLITE_ROW) {
		rc = lt_catalog_error(cat, err, "records");
		goto out;
	}
	rec = calloc(1, sizeof(*rec));
	if (!rec) {
		rc = oom(err);
		goto out;
	}
	rec->id = sqlite3_column_int64(st, 0);
	snprintf(rec->uid, sizeof(rec->uid), "%s", (const char *)sqlite3_column_text(st, 1));
	for (int i = 0; i < LT_F__COUNT; i++) {
		if (sqlite3_column_type(st, 2 + i) == SQLITE_NULL)
			continue;
		rec->values[i] = dup_col(st, 2 + i);
		if (!rec->values[i]) {
			rc = oom(err);
			goto out;
		}
	}
	rec->secrecy = sqlite3_column_int(st, 2 + LT_F_SECRECY);
	rec->page_count = sqlite3_column_int(st, 2 + LT_F__COUNT);
	rec->status = dup_col(st, 3 + LT_F__COUNT);
	rec->created_at = dup_col(st, 4 + LT_F__COUNT);
	rec->updated_at = dup_col(st, 5 + LT_F__COUNT);
	if (!rec->status || !rec->created_at || !rec->updated_at) {
		rc = oom(err);
		goto out;
	}
	if ((what & LT_RECORD_PAGES) && (rc = load_pages(rec, cat, err)) != 0)
		goto out;
	if ((what & LT_RECORD_FILES) && (rc = load_files(rec, cat, err)) != 0)
		goto out;
	if ((what & LT_RECORD_SIGNATURE) &&
	    (rc = lt_sig_record_summary(&rec->signature, cat, rec->id, err)) != 0)
		goto out;
out:
	lt_catalog_stmt_done(cat, st);
	if (rc) {
		lt_record_free(rec);
		return rc;
	}
	*out = rec;
	return 0;
}

/* The id of the record whose `column` equals value; 0 when none. */
static int id_by(lt_catalog *cat, const char *sql, const char *value, int64_t *id, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int s;

	*id = 0;
	if (sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "records");
	sqlite3_bind_text(st, 1, value, -1, SQLITE_TRANSIENT);
	s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (s != SQLITE_ROW && s != SQLITE_DONE)
		return lt_catalog_error(cat, err, "records");
	return 0;
}

int lt_record_load_ref(lt_record **out, lt_catalog *cat, const char *ref, unsigned what,
                       lt_error *err)
{
	int64_t id = 0;
	int rc;

	*out = NULL;
	if (!ref || !*ref)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("thiếu mã văn bản", "missing record reference"));
	if ((rc = id_by(cat, "SELECT id FROM records WHERE uid = ?", ref, &id, err)) != 0)
		return rc;
	if (id == 0 &&
	    (rc = id_by(cat, "SELECT id FROM records WHERE doc_id = ?", ref, &id, err)) != 0)
		return rc;
	if (id == 0) {
		char shown[LT_SHORT_MAX];
		lt_ar_shorten(ref, shown);
		return lt_error_set(err, LT_ENOTFOUND,
		                    LT_TR("không tìm thấy văn bản %s (không có uid hay docId này)",
		                          "record %s not found (no such uid or docId)"),
		                    shown);
	}
	return lt_record_load(out, cat, id, what, err);
}

const char *lt_record_status_label(const char *status)
{
	if (!status)
		return "";
	if (strcmp(status, "active") == 0)
		return LT_TR("đang lưu giữ", "kept");
	if (strcmp(status, "destroyed") == 0)
		return LT_TR("đã hủy", "destroyed");
	if (strcmp(status, "deleted") == 0)
		return LT_TR("đã xóa", "deleted");
	return status;
}

const char *lt_record_display_title(const lt_record *rec)
{
	if (rec->values[LT_F_TITLE] && *rec->values[LT_F_TITLE])
		return rec->values[LT_F_TITLE];
	if (rec->values[LT_F_SUBJECT] && *rec->values[LT_F_SUBJECT])
		return rec->values[LT_F_SUBJECT];
	for (size_t i = 0; i < rec->nfiles; i++)
		if (rec->files[i].name && *rec->files[i].name &&
		    strcmp(rec->files[i].role, "original") == 0)
			return rec->files[i].name;
	return rec->uid;
}

int lt_record_full_text(const lt_record *rec, lt_buf *out)
{
	size_t start = out->len;

	for (size_t i = 0; i < rec->npages; i++) {
		if ((i > 0 && lt_buf_puts(out, "\n\n")) ||
		    lt_buf_puts(out, rec->pages[i].text ? rec->pages[i].text : "")) {
			lt_buf_truncate(out, start);
			return LT_ENOMEM;
		}
	}
	return 0;
}

int lt_record_count(lt_catalog *cat, int64_t *out, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int s;

	*out = 0;
	if (sqlite3_prepare_v2(lt_catalog_db(cat), "SELECT count(*) FROM records", -1, &st, NULL) !=
	    SQLITE_OK)
		return lt_catalog_error(cat, err, "records");
	s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return s == SQLITE_ROW ? 0 : lt_catalog_error(cat, err, "records");
}

/* ---- editing ----------------------------------------------------------- */

static int exec_bound(lt_catalog *cat, const char *sql, lt_error *err, int nargs,
                      const char *const *args, int64_t id)
{
	sqlite3_stmt *st = NULL;
	int s;

	if (sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, sql);
	for (int i = 0; i < nargs; i++)
		if (args[i])
			sqlite3_bind_text(st, i + 1, args[i], -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, nargs + 1, id);
	s = sqlite3_step(st);
	sqlite3_finalize(st);
	return s == SQLITE_DONE || s == SQLITE_ROW ? 0 : lt_catalog_error(cat, err, sql);
}

/* The text of record rec's field f as it will be after the edit: the new
 * value when sets has f, else the stored one. */
static const char *value_after(const lt_record *rec, char *const *newv, const int *given,
                               lt_field_id f)
{
	return given[f] ? newv[f] : rec->values[f];
}

int lt_record_update_fields(lt_catalog *cat, int64_t id, const lt_field_set *sets, size_t n,
                            const char *who, size_t *changed, lt_error *err)
{
	const lt_field_def *defs[LT_F__COUNT];
	char *newv[LT_F__COUNT] = {0};
	int given[LT_F__COUNT] = {0};
	lt_buf nv = LT_BUF_INIT, sql = LT_BUF_INIT;
	lt_record *rec = NULL;
	size_t nchanged = 0;
	int rc = 0;

	if (changed)
		*changed = 0;
	if (n == 0)
		return 0;
	/* 1. Every name and value, before the catalog is touched. */
	for (size_t i = 0; i < n; i++) {
		const lt_field_def *f = lt_field_find(sets[i].tag ? sets[i].tag : "");
		if (!f) {
			char shown[LT_SHORT_MAX];
			lt_ar_shorten(sets[i].tag ? sets[i].tag : "", shown);
			rc = lt_error_set(
			    err, LT_EINVAL,
			    LT_TR("trường không xác định: \"%s\"", "unknown field: \"%s\""), shown);
			goto out;
		}
		if (given[f->id]) {
			rc = lt_error_set(
			    err, LT_EINVAL,
			    LT_TR("trường %s được đặt hai lần", "field %s is set twice"), f->tag);
			goto out;
		}
		lt_buf_reset(&nv);
		if ((rc = lt_field_normalize(f, sets[i].value, &nv, err)) != 0)
			goto out;
		if (!nv.len && (f->id == LT_F_SECRECY || f->id == LT_F_KIND)) {
			rc = lt_error_set(
			    err, LT_EINVAL,
			    LT_TR("trường %s không được để trống", "field %s cannot be empty"),
			    f->tag);
			goto out;
		}
		if (nv.len && !(newv[f->id] = lt_buf_detach(&nv))) {
			rc = oom(err);
			goto out;
		}
		given[f->id] = 1;
		defs[i] = f;
	}

	/* 2. One transaction: the checks that need the stored record, then
	 * every column, a history row per changed field, one reindex row. */
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		goto out;
	if ((rc = lt_record_load(&rec, cat, id, 0, err)) != 0 ||
	    (rc = lt_link_check_editable(cat, id, err)) != 0 ||
	    (rc = lt_record_check_editable(cat, id, err)) != 0)
		goto fail;
	/* Rule 6 when the edit touches the pair; a legacy record whose stored
	 * notation is odd (a warning at ingest) stays editable otherwise. */
	if ((given[LT_F_CODE_NUMBER] || given[LT_F_CODE_NOTATION]) &&
	    (rc = lt_notation_check(value_after(rec, newv, given, LT_F_CODE_NUMBER),
	                            value_after(rec, newv, given, LT_F_CODE_NOTATION), err)) != 0)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		const lt_field_def *f = defs[i];
		const char *old = rec->values[f->id], *v = newv[f->id];
		const char *a1[] = {v};
		const char *a3[] = {f->tag, old, v, who && *who ? who : "cli"};

		/* Nothing changes: no history row. */
		if ((!old && !v) || (old && v && strcmp(old, v) == 0))
			continue;
		lt_buf_reset(&sql);
		if (lt_buf_printf(&sql,
		                  "UPDATE main.records SET %s = ?, updated_at = %s WHERE id = ?",
		                  f->column, LT_NOW_SQL)) {
			rc = oom(err);
			goto fail;
		}
		rc = exec_bound(cat, sql.data, err, 1, a1, id);
		if (rc == LT_EEXISTS && f->id == LT_F_DOC_ID) {
			rc = lt_error_set(err, LT_EEXISTS,
			                  LT_TR("docId %s đã được dùng cho văn bản khác",
			                        "docId %s is already used by another record"),
			                  v);
			goto fail;
		}
		if (rc == 0)
			rc = exec_bound(
			    cat,
			    "INSERT INTO main.record_history(field, old_value, new_value, who,"
			    " record_id) VALUES (?, ?, ?, ?, ?)",
			    err, 4, a3, id);
		if (rc)
			goto fail;
		nchanged++;
	}
	if (nchanged == 0)
		goto fail; /* nothing to commit; not an error */
	{
		const char *a0[] = {rec->uid};
		if ((rc = exec_bound(cat,
		                     "INSERT INTO main.index_outbox(uid, op, record_id)"
		                     " VALUES (?, 'upsert', ?)",
		                     err, 1, a0, id)) != 0)
			goto fail;
	}
	if ((rc = lt_catalog_commit(cat, err)) == 0 && changed)
		*changed = nchanged;
	goto out;
fail:
	lt_catalog_rollback(cat);
out:
	for (size_t i = 0; i < LT_F__COUNT; i++)
		free(newv[i]);
	lt_record_free(rec);
	lt_buf_free(&nv);
	lt_buf_free(&sql);
	return rc;
}

int lt_record_update_field(lt_catalog *cat, int64_t id, const char *tag, const char *value,
                           const char *who, lt_error *err)
{
	lt_field_set one = {tag, value};

	return lt_record_update_fields(cat, id, &one, 1, who, NULL, err);
}

int lt_record_check_editable(lt_catalog *cat, int64_t id, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT d.file_code, d.status FROM dossier_records x JOIN dossiers d"
	                       " ON d.id = x.dossier_id WHERE x.record_id = ? AND d.status <> "
	                       "'open' ORDER BY d.id LIMIT 1",
	                       -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "dossier_records");
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = lt_error_set(
		    err, LT_ESTATE,
		    LT_TR("văn bản %lld thuộc hồ sơ %s (trạng thái %s): hồ sơ đã đóng thì văn "
		          "bản trong đó chỉ đọc (NĐ 30 Đ29.4); lưu trữ viên mở lại hồ sơ nếu "
		          "cần sửa",
		          "record %lld is filed in dossier %s (status %s): the records of a "
		          "closed dossier are read-only (NĐ 30 Đ29.4); an archivist may reopen "
		          "the dossier to correct them"),
		    (long long)id, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	return rc;
}

int lt_record_kind(lt_catalog *cat, int64_t id, char kind[16], lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int s;

	if (sqlite3_prepare_v2(lt_catalog_db(cat), "SELECT kind FROM records WHERE id = ?", -1, &st,
	                       NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "records");
	sqlite3_bind_int64(st, 1, id);
	s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		snprintf(kind, 16, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (s == SQLITE_DONE)
		return lt_error_set(
		    err, LT_ENOTFOUND,
		    LT_TR("không tìm thấy văn bản số %lld", "record %lld not found"),
		    (long long)id);
	return s == SQLITE_ROW ? 0 : lt_catalog_error(cat, err, "records");
}
