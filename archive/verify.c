/*
 * archive/verify.c — integrity and fixity checks. See verify.h.
 */
#include "archive/verify.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "archive/audit.h"
#include "archive/work.h"
#include "archive/fixity.h"
#include "core/buf.h"
#include "core/fs.h"
#include "core/progress.h"
#include "core/proc.h"

int lt_verify_report_add(lt_verify_report *r, const char *kind, const char *object, int repaired,
                         const char *fmt, ...)
{
	lt_verify_issue *is = realloc(r->issues, (r->nissues + 1) * sizeof(*is));
	lt_buf msg = LT_BUF_INIT;
	va_list ap;
	int rc;

	if (!is)
		return LT_ENOMEM;
	r->issues = is;
	is += r->nissues;
	va_start(ap, fmt);
	rc = lt_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	is->kind = strdup(kind);
	is->object = strdup(object ? object : "");
	is->message = rc ? NULL : lt_buf_detach(&msg);
	is->repaired = repaired;
	is->doc_id = NULL;
	is->uid = NULL;
	lt_buf_free(&msg);
	if (!is->kind || !is->object || !is->message) {
		free(is->kind);
		free(is->object);
		free(is->message);
		return LT_ENOMEM;
	}
	r->nissues++;
	if (repaired)
		r->repaired++;
	return 0;
}

size_t lt_verify_report_open_issues(const lt_verify_report *r)
{
	return r->nissues - r->repaired;
}

void lt_verify_report_clear(lt_verify_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nissues; i++) {
		free(r->issues[i].kind);
		free(r->issues[i].object);
		free(r->issues[i].message);
		free(r->issues[i].doc_id);
		free(r->issues[i].uid);
	}
	free(r->issues);
	memset(r, 0, sizeof(*r));
}

static int oom(lt_error *err)
{
	return lt_error_set(err, LT_ENOMEM, "out of memory");
}

/* Rows of a PRAGMA that reports problems ("ok" is none). */
static int pragma_check(lt_catalog *cat, const char *sql, const char *kind, lt_verify_report *r,
                        lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int s, rc = 0;

	if (sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, sql);
	while (rc == 0 && (s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *c0 = (const char *)sqlite3_column_text(st, 0);
		const char *c2 =
		    sqlite3_column_count(st) > 2 ? (const char *)sqlite3_column_text(st, 2) : NULL;
		if (c0 && strcmp(c0, "ok") == 0)
			continue;
		if (c2)
			rc = lt_verify_report_add(
			    r, kind, c0, 0,
			    LT_TR("khóa ngoại hỏng: bảng %s, dòng %lld trỏ tới %s không tồn tại",
			          "broken foreign key: table %s, row %lld points to a missing %s"),
			    c0, (long long)sqlite3_column_int64(st, 1), c2);
		else
			rc = lt_verify_report_add(
			    r, kind, "catalog.db", 0,
			    LT_TR("danh mục SQLite hỏng: %s", "SQLite catalog damaged: %s"),
			    c0 ? c0 : "?");
		if (rc)
			rc = oom(err);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Each row of sql (one text column) becomes an issue. */
static int rows_as_issues(lt_catalog *cat, const char *sql, const char *kind, const char *fmt,
                          lt_verify_report *r, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, s;

	if (sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, sql);
	while (rc == 0 && (s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		if (lt_verify_report_add(r, kind, v, 0, fmt, v ? v : "") != 0)
			rc = oom(err);
	}
	sqlite3_finalize(st);
	return rc;
}

/* The first record holding blob sha (docId, uid) on the last issue, so a
 * report names what an officer looks up, not only a hash. */
static int name_record(lt_archive *ar, lt_verify_report *r, const char *sha)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	lt_verify_issue *is = &r->issues[r->nissues - 1];
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (lt_catalog_stmt(cat,
	                    "SELECT r.doc_id, r.uid FROM record_files f"
	                    " JOIN records r ON r.id = f.record_id WHERE f.sha256 = ?"
	                    " ORDER BY r.id LIMIT 1",
	                    &st) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *doc = (const char *)sqlite3_column_text(st, 0);
		const char *uid = (const char *)sqlite3_column_text(st, 1);
		if ((doc && !(is->doc_id = strdup(doc))) || (uid && !(is->uid = strdup(uid))))
			rc = LT_ENOMEM;
	}
	lt_catalog_stmt_done(cat, st);
	return rc;
}

/* One issue for a damaged stored file: its kind ("missing_blob",
 * "size_changed", "content_changed"), the records holding it, what to
 * do. how: "" (found now) or a note on an earlier finding. */
static int damage_issue(lt_archive *ar, lt_verify_report *r, const char *sha, lt_blob_damage d,
                        const char *how)
{
	static const char *const kinds[] = {"", "missing_blob", "size_changed", "content_changed"};
	lt_buf recs = LT_BUF_INIT;
	size_t n = 0;
	int rc;

	if (lt_fixity_records(ar, sha, 3, &recs, &n))
		return LT_ENOMEM;
	if (n)
		rc = lt_verify_report_add(
		    r, kinds[d], sha, 0,
		    LT_TR("tệp lưu trữ của văn bản %s bị hỏng: %s%s (blob %s); khôi phục từ bộ "
		          "sao lưu (docs/backup.md)",
		          "the stored file of record %s is damaged: %s%s (blob %s); restore it "
		          "from a backup set (docs/backup.md)"),
		    recs.data, lt_blob_damage_text(d), how, sha);
	else
		rc = lt_verify_report_add(
		    r, kinds[d], sha, 0,
		    LT_TR("tệp lưu trữ %s bị hỏng: %s%s (không văn bản nào chứa nó)",
		          "stored file %s is damaged: %s%s (no record holds it)"),
		    sha, lt_blob_damage_text(d), how);
	lt_buf_free(&recs);
	if (rc == 0)
		rc = name_record(ar, r, sha);
	return rc;
}

/* The stored files in sha256 order, a page at a time: no statement stays
 * open while a file is read (a read that finds damage writes its mark,
 * which a long read transaction of the same connection would stop when
 * another process has written since; and a fixity run of hours must not
 * hold back the WAL's checkpoints). fn returns 0 to go on. */
typedef struct blob_row {
	char sha[LT_SHA256_HEX_LEN + 1];
	uint64_t size;
	lt_blob_damage marked;
} blob_row;

#define BLOB_PAGE 512

static int each_blob(lt_archive *ar, int (*fn)(lt_archive *, const blob_row *, void *), void *ctx,
                     lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	blob_row *page = malloc(BLOB_PAGE * sizeof(*page));
	char after[LT_SHA256_HEX_LEN + 1] = "";
	size_t n;
	int rc = 0;

	if (!page)
		return oom(err);
	do {
		sqlite3_stmt *st = NULL;
		n = 0;
		if (lt_catalog_stmt(cat,
		                    "SELECT sha256, size, damage FROM blobs WHERE sha256 > ?"
		                    " ORDER BY sha256 LIMIT 512",
		                    &st) != SQLITE_OK) {
			rc = lt_catalog_error(cat, err, "blobs");
			break;
		}
		sqlite3_bind_text(st, 1, after, -1, SQLITE_TRANSIENT);
		while (n < BLOB_PAGE && sqlite3_step(st) == SQLITE_ROW) {
			snprintf(page[n].sha, sizeof(page[n].sha), "%s",
			         (const char *)sqlite3_column_text(st, 0));
			page[n].size = (uint64_t)sqlite3_column_int64(st, 1);
			page[n].marked =
			    lt_blob_damage_parse((const char *)sqlite3_column_text(st, 2));
			n++;
		}
		lt_catalog_stmt_done(cat, st);
		for (size_t i = 0; i < n && rc == 0; i++)
			rc = fn(ar, &page[i], ctx);
		if (n)
			memcpy(after, page[n - 1].sha, sizeof(after));
	} while (rc == 0 && n == BLOB_PAGE);
	free(page);
	if (rc == LT_ENOMEM)
		oom(err);
	return rc;
}

/* Every stored file is present with the catalog's size (opened, not
 * read: lt_fixity_open marks what it finds), and every file an earlier
 * read found damaged is reported until a read finds it intact. */
typedef struct scan_ctx {
	const char *who;
	lt_verify_report *r;
} scan_ctx;

static int damaged_file(lt_archive *ar, const blob_row *b, void *ctx)
{
	scan_ctx *c = ctx;
	lt_fixity_reader *fx = NULL;
	lt_blob_damage d = LT_BLOB_INTACT;

	lt_fixity_open(&fx, &d, ar, b->sha, b->size, c->who, "verify", NULL);
	lt_fixity_close(fx);
	if (d != LT_BLOB_INTACT)
		return damage_issue(ar, c->r, b->sha, d, "");
	if (b->marked != LT_BLOB_INTACT)
		return damage_issue(
		    ar, c->r, b->sha, b->marked,
		    LT_TR(" (phát hiện khi đọc tệp; `luutru verify --fixity` kiểm "
		          "tra lại)",
		          " (found when the file was read; `luutru verify --fixity` "
		          "checks again)"));
	return 0;
}

static int damaged_files(lt_archive *ar, const char *who, lt_verify_report *r, lt_error *err)
{
	scan_ctx c = {who ? who : "cli", r};

	return each_blob(ar, damaged_file, &c, err);
}

static int blob_row_exists(lt_catalog *cat, const char *sha)
{
	sqlite3_stmt *st = NULL;
	int found = 1;

	if (sqlite3_prepare_v2(lt_catalog_db(cat), "SELECT 1 FROM blobs WHERE sha256 = ?", -1, &st,
	                       NULL) != SQLITE_OK)
		return 1; /* unsure: keep the file */
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
	found = sqlite3_step(st) != SQLITE_DONE;
	sqlite3_finalize(st);
	return found;
}

static int is_hex64(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return 0;
	return n == 64;
}

/* Walk <root>/xx/yy/<sha>; any other file under root (but tmp/) is
 * reported as a stray. Under the write lock when repairing. */
static int orphans(lt_archive *ar, unsigned flags, lt_verify_report *r, lt_error *err)
{
	const char *root = lt_blobstore_root(lt_archive_blobs(ar));
	lt_catalog *cat = lt_archive_catalog(ar);
	DIR *d1 = opendir(root);
	struct dirent *e1;
	int rc = 0;

	if (!d1)
		return lt_error_set(err, LT_EIO, "%s: %s", LT_TR("không đọc được", "cannot read"),
		                    root);
	while (rc == 0 && (e1 = readdir(d1)) != NULL) {
		lt_buf p1 = LT_BUF_INIT;
		DIR *d2;
		struct dirent *e2;

		if (e1->d_name[0] == '.' || strcmp(e1->d_name, "tmp") == 0)
			continue;
		if (lt_fs_join(&p1, root, e1->d_name))
			return oom(err);
		d2 = opendir(p1.data);
		while (d2 && rc == 0 && (e2 = readdir(d2)) != NULL) {
			lt_buf p2 = LT_BUF_INIT;
			DIR *d3;
			struct dirent *e3;

			if (e2->d_name[0] == '.')
				continue;
			if (lt_fs_join(&p2, p1.data, e2->d_name)) {
				rc = oom(err);
				break;
			}
			d3 = opendir(p2.data);
			while (d3 && rc == 0 && (e3 = readdir(d3)) != NULL) {
				lt_buf f = LT_BUF_INIT;
				int fixed = 0;

				if (e3->d_name[0] == '.')
					continue;
				if (is_hex64(e3->d_name) && blob_row_exists(cat, e3->d_name))
					continue;
				if (lt_fs_join(&f, p2.data, e3->d_name)) {
					rc = oom(err);
					break;
				}
				if ((flags & LT_VERIFY_REPAIR) && unlink(f.data) == 0)
					fixed = 1;
				if (lt_verify_report_add(
				        r, "orphan_blob", f.data, fixed,
				        LT_TR("tệp mồ côi trong kho (không dòng nào trỏ tới): %s%s",
				              "orphan file in the blob store (no row names it): "
				              "%s%s"),
				        f.data, fixed ? LT_TR(" — đã xóa", " — removed") : ""))
					rc = oom(err);
				lt_buf_free(&f);
			}
			if (d3)
				closedir(d3);
			lt_buf_free(&p2);
		}
		if (d2)
			closedir(d2);
		lt_buf_free(&p1);
	}
	closedir(d1);
	return rc;
}

static int tmp_leftovers(lt_archive *ar, unsigned flags, lt_verify_report *r, lt_error *err)
{
	lt_buf tmp = LT_BUF_INIT;
	DIR *d;
	struct dirent *e;
	time_t now = time(NULL);
	int rc = 0;

	if (lt_fs_join(&tmp, lt_blobstore_root(lt_archive_blobs(ar)), "tmp"))
		return oom(err);
	d = opendir(tmp.data);
	while (d && rc == 0 && (e = readdir(d)) != NULL) {
		lt_buf f = LT_BUF_INIT;
		struct stat sb;
		int old, fixed = 0;

		if (e->d_name[0] == '.' && (!e->d_name[1] || !strcmp(e->d_name, "..")))
			continue;
		if (lt_fs_join(&f, tmp.data, e->d_name)) {
			rc = oom(err);
			break;
		}
		/* Left by a dead writer: old, or a writer's file it no longer
		 * holds locked (archive/blobstore.c). */
		old = stat(f.data, &sb) == 0 &&
		      (now - sb.st_mtime > LT_VERIFY_TMP_AGE_SECONDS ||
		       (S_ISREG(sb.st_mode) && !lt_blobstore_tmp_in_use(f.data)));
		if ((flags & LT_VERIFY_REPAIR) && old && lt_fs_remove_tree(f.data, NULL) == 0)
			fixed = 1;
		if (lt_verify_report_add(
		        r, "tmp_leftover", f.data, fixed,
		        LT_TR("tệp tạm còn sót trong blobs/tmp: %s%s",
		              "leftover temporary file in blobs/tmp: %s%s"),
		        f.data,
		        fixed ? LT_TR(" — đã xóa", " — removed")
		        : old ? ""
		              : LT_TR(" (đang được ghi, không xóa)", " (being written, kept)")))
			rc = oom(err);
		lt_buf_free(&f);
	}
	if (d)
		closedir(d);
	lt_buf_free(&tmp);
	return rc;
}

int lt_verify_record(lt_archive *ar, const char *who, const char *action, const char *object,
                     const char *detail, lt_verify_report *r, lt_error *err)
{
	lt_error e = LT_ERROR_INIT;
	int rc = lt_audit_append(lt_archive_catalog(ar), who ? who : "cli", action, object, detail,
	                         NULL, &e);

	if (rc != LT_ENOSPC) {
		if (rc)
			lt_error_set(err, rc, "%s", e.message);
		return rc;
	}
	/* The findings stand; only their record is missing. */
	return lt_verify_report_add(r, "audit_unwritten", action, 0,
	                            LT_TR("kết quả kiểm tra này không ghi được vào nhật ký kiểm "
	                                  "toán: %s",
	                                  "this check's result could not be written to the "
	                                  "audit log: %s"),
	                            e.message)
	           ? oom(err)
	           : 0;
}

static int record_run(lt_archive *ar, const char *who, const char *action, lt_verify_report *r,
                      lt_error *err)
{
	lt_buf detail = LT_BUF_INIT;
	int rc;

	size_t named = 0;

	if (lt_buf_printf(&detail, "issues=%zu repaired=%zu blobs=%llu bytes=%llu", r->nissues,
	                  r->repaired, (unsigned long long)r->blobs_checked,
	                  (unsigned long long)r->bytes_checked))
		return oom(err);
	/* Fixity also counts each kind and names the damaged blobs (the
	 * first LT_VERIFY_AUDIT_NAMED), so the audit entry alone says what
	 * a scheduled run found. */
	if (!strcmp(action, "verify.fixity")) {
		size_t changed = 0, resized = 0, missing = 0, unreadable = 0;
		for (size_t i = 0; i < r->nissues; i++) {
			const char *k = r->issues[i].kind;
			changed += !strcmp(k, "content_changed");
			resized += !strcmp(k, "size_changed");
			missing += !strcmp(k, "missing_blob");
			unreadable += !strcmp(k, "unreadable_blob");
		}
		if (lt_buf_printf(
		        &detail, " content_changed=%zu size_changed=%zu missing=%zu unreadable=%zu",
		        changed, resized, missing, unreadable))
			return oom(err);
		for (size_t i = 0; i < r->nissues && named < LT_VERIFY_AUDIT_NAMED; i++, named++)
			if (lt_buf_printf(&detail, " %s:%s", r->issues[i].kind,
			                  r->issues[i].object))
				return oom(err);
		if (named < r->nissues && lt_buf_printf(&detail, " +%zu", r->nissues - named))
			return oom(err);
	}
	rc = lt_verify_record(ar, who, action, "data", detail.data, r, err);
	lt_buf_free(&detail);
	return rc;
}

/* The object of a problem as a reader of the registry may see it: a path
 * by its last part. */
static const char *object_shown(const char *o)
{
	const char *slash = o ? strrchr(o, '/') : NULL;
	return slash ? slash + 1 : o;
}

static void add_problems(json_t *a, const lt_verify_report *r, const char *check)
{
	for (size_t i = 0; r && i < r->nissues; i++) {
		const lt_verify_issue *is = &r->issues[i];
		json_array_append_new(a, json_pack("{s:s, s:s, s:s?, s:s, s:b, s:s?, s:s?}",
		                                   "check", check, "kind", is->kind, "object",
		                                   object_shown(is->object), "message", is->message,
		                                   "repaired", is->repaired, "docId", is->doc_id,
		                                   "uid", is->uid));
	}
}

json_t *lt_verify_result_json(const lt_verify_report *s, const lt_verify_report *f)
{
	json_t *problems = json_array();

	if (!problems)
		return NULL;
	add_problems(problems, s, "structure");
	add_problems(problems, f, "fixity");
	return json_pack("{s:b, s:I, s:I, s:I, s:o}", "fixity", f != NULL, "issues",
	                 (json_int_t)((s ? s->nissues : 0) + (f ? f->nissues : 0)), "blobsChecked",
	                 (json_int_t)(f ? f->blobs_checked : 0), "bytesChecked",
	                 (json_int_t)(f ? f->bytes_checked : 0), "problems", problems);
}

/* The end of a verify in the work registry (archive/work.h). */
static void verify_leave(lt_work_scope *scope, lt_catalog *cat, const lt_verify_report *s,
                         const lt_verify_report *f, const lt_error *failure)
{
	json_t *j;
	char *text;

	if (!scope->owned)
		return;
	if (failure) {
		lt_work_leave(scope, cat, NULL, failure);
		return;
	}
	j = lt_verify_result_json(s, f);
	text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	lt_work_leave(scope, cat, text, NULL);
	free(text);
}

static int structure(lt_archive *ar, lt_catalog *cat, unsigned flags, const char *who,
                     lt_verify_report *r, lt_error *err);

int lt_verify_structure(lt_archive *ar, unsigned flags, const char *who, lt_verify_report *r,
                        lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	lt_work_scope scope = LT_WORK_SCOPE_INIT;
	int rc;

	if ((rc = lt_access_require_whole(lt_catalog_principal(cat), "kiểm tra toàn vẹn",
	                                  "verify the archive", err)) != 0)
		return rc;
	if ((rc = lt_work_enter(&scope, cat, "verify", "structure", err)) != 0)
		return rc;
	rc = structure(ar, cat, flags, who, r, err);
	verify_leave(&scope, cat, r, NULL, rc ? err : NULL);
	return rc;
}

static int structure(lt_archive *ar, lt_catalog *cat, unsigned flags, const char *who,
                     lt_verify_report *r, lt_error *err)
{
	int rc;

	if ((rc = pragma_check(cat, "PRAGMA integrity_check", "integrity", r, err)) != 0 ||
	    (rc = pragma_check(cat, "PRAGMA foreign_key_check", "foreign_key", r, err)) != 0)
		return rc;
	if ((rc = rows_as_issues(
	         cat,
	         "SELECT DISTINCT f.sha256 FROM record_files f"
	         " LEFT JOIN blobs b ON b.sha256 = f.sha256 WHERE b.sha256 IS NULL",
	         "dangling_reference",
	         LT_TR("tệp của văn bản trỏ tới blob %s không có trong bảng blobs",
	               "a record file points to blob %s, which the blobs table lacks"),
	         r, err)) != 0)
		return rc;
	if ((rc = damaged_files(ar, who, r, err)) != 0)
		return rc;
	/* Orphans are judged and removed under the write lock, so no ingest
	 * commits a row for a file between our check and the unlink. */
	if ((rc = lt_catalog_begin(cat, err)) == LT_ENOSPC) {
		/* A read-only disk: look without the lock, remove nothing. */
		lt_error_clear(err);
		rc = orphans(ar, flags & ~(unsigned)LT_VERIFY_REPAIR, r, err);
	} else if (rc == 0) {
		rc = orphans(ar, flags, r, err);
	}
	lt_catalog_rollback(cat);
	if (rc == 0)
		rc = tmp_leftovers(ar, flags, r, err);
	if (rc == 0)
		rc = record_run(ar, who, "verify.structure", r, err);
	return rc;
}

static int fixity_file(lt_archive *ar, const blob_row *b, void *ctx)
{
	scan_ctx *c = ctx;
	lt_error e = LT_ERROR_INIT;
	lt_blob_damage d = LT_BLOB_INTACT;
	/* The one verified read (archive/fixity.h): it marks what it finds
	 * damaged and clears the mark of what is intact again. */
	int v = lt_fixity_verify(ar, b->sha, b->size, c->who, "verify", &d, &e);

	c->r->blobs_checked++;
	lt_progress_report("fixity", c->r->blobs_checked, 0); /* core/progress.h */
	if (v == 0) {
		c->r->bytes_checked += b->size;
		return 0;
	}
	if (v == LT_ECORRUPT && d != LT_BLOB_INTACT) {
		if (d != LT_BLOB_MISSING)
			c->r->bytes_checked += b->size;
		return damage_issue(ar, c->r, b->sha, d, "");
	}
	return lt_verify_report_add(c->r, "unreadable_blob", b->sha, 0, "%s", e.message);
}

int lt_verify_fixity(lt_archive *ar, const char *who, lt_verify_report *r, lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	lt_work_scope scope = LT_WORK_SCOPE_INIT;
	scan_ctx c = {who ? who : "cli", r};
	int rc = lt_access_require_whole(lt_catalog_principal(cat), "kiểm tra toàn vẹn tệp",
	                                 "check fixity", err);

	if (rc == 0 && (rc = lt_work_enter(&scope, cat, "verify", "fixity", err)) == 0) {
		rc = each_blob(ar, fixity_file, &c, err);
		if (rc == 0)
			rc = record_run(ar, who, "verify.fixity", r, err);
		verify_leave(&scope, cat, NULL, r, rc ? err : NULL);
	}
	return rc;
}

/* ---- work left undone (lt_verify_work) ---------------------------------- */

/* 1 when some process alive now is running a job: the queue is worked. */
static int someone_runs_jobs(lt_catalog *cat)
{
	sqlite3_stmt *st = NULL;
	int alive = 0;

	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "SELECT lease FROM jobs WHERE state = 'running' AND lease IS NOT NULL", -1, &st,
	        NULL) != SQLITE_OK)
		return 0;
	while (!alive && sqlite3_step(st) == SQLITE_ROW)
		alive = lt_proc_alive((const char *)sqlite3_column_text(st, 0)) == 1;
	sqlite3_finalize(st);
	return alive;
}

static const char *text_or(sqlite3_stmt *st, int i, const char *dflt)
{
	const char *v = (const char *)sqlite3_column_text(st, i);
	return v ? v : dflt;
}

static int job_issues(lt_catalog *cat, lt_verify_report *r, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int worked = someone_runs_jobs(cat);
	int rc = 0, s;

	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "SELECT r.uid, coalesce(r.doc_id, ''), j.state, j.lease, j.error, j.attempts,"
	        " j.max_attempts,"
	        " CAST(strftime('%s','now') AS INTEGER) - CAST(strftime('%s', j.updated_at) AS "
	        "INTEGER)"
	        " FROM jobs j JOIN records r ON r.id = j.record_id"
	        " WHERE j.state IN ('queued', 'running', 'failed') ORDER BY j.id",
	        -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "jobs");
	while (rc == 0 && (s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *uid = text_or(st, 0, ""), *doc = text_or(st, 1, "");
		const char *state = text_or(st, 2, ""), *lease = text_or(st, 3, NULL);
		const char *error = text_or(st, 4, NULL);
		int attempts = sqlite3_column_int(st, 5), max = sqlite3_column_int(st, 6);
		long long age = sqlite3_column_int64(st, 7);

		if (!strcmp(state, "running")) {
			long pid = lt_proc_pid(lease);
			if (lease && lt_proc_alive(lease) == 1)
				continue;
			rc = lt_verify_report_add(
			    r, "job_interrupted", uid, 0,
			    LT_TR(
			        "việc nhận dạng văn bản %s (%s) bị gián đoạn: tiến trình %ld chạy "
			        "nó "
			        "đã dừng; chạy `luutru ocr resume` hoặc `luutru verify --repair`",
			        "recognition of record %s (%s) was interrupted: process %ld, which "
			        "ran it, has stopped; run `luutru ocr resume` or `luutru verify "
			        "--repair`"),
			    uid, *doc ? doc : "-", pid);
		} else if (!strcmp(state, "failed")) {
			rc = lt_verify_report_add(
			    r, "job_failed", uid, 0,
			    LT_TR("nhận dạng văn bản %s (%s) thất bại sau %d lần: %s; văn bản chưa "
			          "tìm "
			          "được theo nội dung (nhập lại cùng tệp để thử lại)",
			          "recognition of record %s (%s) failed after %d attempts: %s; its "
			          "text cannot be searched (ingest the same file again to retry)"),
			    uid, *doc ? doc : "-", attempts, error ? error : "?");
		} else if (!worked && error) {
			/* Queued again after an interruption or a failed attempt. */
			rc = lt_verify_report_add(
			    r, "job_interrupted", uid, 0,
			    LT_TR(
			        "việc nhận dạng văn bản %s (%s) đang chờ chạy lại (lần %d/%d): %s; "
			        "chạy `luutru ocr resume` hoặc `luutru verify --repair`",
			        "recognition of record %s (%s) waits to be run again (attempt "
			        "%d/%d): %s; run `luutru ocr resume` or `luutru verify --repair`"),
			    uid, *doc ? doc : "-", attempts, max, error);
		} else if (!worked && age >= LT_VERIFY_JOB_WAIT_SECONDS) {
			rc = lt_verify_report_add(
			    r, "job_waiting", uid, 0,
			    LT_TR(
			        "việc nhận dạng văn bản %s (%s) chờ %lld giây mà không tiến trình "
			        "nào chạy; chạy `luutru ocr resume` hoặc `luutru verify --repair`",
			        "recognition of record %s (%s) has waited %lld s and no process "
			        "runs it; run `luutru ocr resume` or `luutru verify --repair`"),
			    uid, *doc ? doc : "-", age);
		}
		if (rc)
			rc = oom(err);
	}
	if (rc == 0 && s != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "jobs");
	sqlite3_finalize(st);
	return rc;
}

/* Scans whose every page was recognised from an image without error get
 * a searchable PDF (ocr/engine.c); a done job without it lost it. */
static int missing_searchable_pdfs(lt_catalog *cat, lt_verify_report *r, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, s;

	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "SELECT r.uid, coalesce(r.doc_id, '') FROM records r"
	        " WHERE EXISTS (SELECT 1 FROM jobs j WHERE j.record_id = r.id AND j.state = 'done'"
	        "   AND j.id = (SELECT max(id) FROM jobs WHERE record_id = r.id))"
	        " AND EXISTS (SELECT 1 FROM pages p WHERE p.record_id = r.id)"
	        " AND NOT EXISTS (SELECT 1 FROM pages p WHERE p.record_id = r.id"
	        "   AND (p.source <> 0 OR p.status <> 0))"
	        " AND NOT EXISTS (SELECT 1 FROM record_files f WHERE f.record_id = r.id"
	        "   AND f.role = 'searchable_pdf')"
	        " AND coalesce(r.status, '') NOT IN ('deleted', 'destroyed')"
	        " ORDER BY r.id",
	        -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "records");
	while (rc == 0 && (s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *uid = text_or(st, 0, ""), *doc = text_or(st, 1, "");
		if (lt_verify_report_add(
		        r, "searchable_pdf_missing", uid, 0,
		        LT_TR("văn bản %s (%s) đã nhận dạng nhưng thiếu bản PDF tìm kiếm được (bản "
		              "lưu trữ), ví dụ vì đĩa đầy lúc đó; chạy `luutru verify --repair` để "
		              "làm lại",
		              "record %s (%s) was recognised but its searchable PDF (the archival "
		              "copy) was not stored, e.g. because the disk was full then; run "
		              "`luutru verify --repair` to make it again"),
		        uid, *doc ? doc : "-"))
			rc = oom(err);
	}
	if (rc == 0 && s != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "records");
	sqlite3_finalize(st);
	return rc;
}

int lt_verify_work(lt_archive *ar, lt_verify_report *r, lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	int rc = job_issues(cat, r, err);

	if (rc == 0)
		rc = missing_searchable_pdfs(cat, r, err);
	return rc;
}
