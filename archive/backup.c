/*
 * archive/backup.c — backup sets and restore. See backup.h for the layout
 * and for why the order of the steps makes the snapshot consistent.
 */
#include "archive/backup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "archive/audit.h"
#include "archive/blobstore.h"
#include "archive/schema.h"
#include "core/buf.h"
#include "core/fs.h"

static int oom(lt_error *err)
{
	return lt_error_set(err, LT_ENOMEM, "out of memory");
}

static int io_fail(lt_error *err, const char *what, const char *path)
{
	return lt_error_set(err, LT_EIO, "%s: %s: %s", what, path, strerror(errno));
}

/* Copy one regular file durably (fsync), keeping its permission bits. */
static int copy_file(const char *src, const char *dst, lt_error *err)
{
	char buf[1 << 16];
	struct stat sb;
	int in, out, rc = 0;
	ssize_t n;

	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return io_fail(err, LT_TR("không đọc được", "cannot read"), src);
	if (fstat(in, &sb) != 0) {
		close(in);
		return io_fail(err, LT_TR("không đọc được", "cannot read"), src);
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (out < 0) {
		close(in);
		return io_fail(err, LT_TR("không ghi được", "cannot write"), dst);
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		char *p = buf;
		while (n > 0) {
			ssize_t w = write(out, p, (size_t)n);
			if (w < 0) {
				if (errno == EINTR)
					continue;
				rc = io_fail(err, LT_TR("không ghi được", "cannot write"), dst);
				goto done;
			}
			p += w;
			n -= w;
		}
	}
	if (n < 0)
		rc = io_fail(err, LT_TR("không đọc được", "cannot read"), src);
	else if (fsync(out) != 0)
		rc = io_fail(err, LT_TR("không ghi được", "cannot write"), dst);
done:
	close(in);
	if (close(out) != 0 && rc == 0)
		rc = io_fail(err, LT_TR("không ghi được", "cannot write"), dst);
	if (rc == 0)
		chmod(dst, sb.st_mode & 07777);
	else
		unlink(dst);
	return rc;
}

int lt_backup_copy_tree(const char *src, const char *dst, lt_error *err)
{
	DIR *d = opendir(src);
	struct dirent *e;
	int rc;

	if (!d)
		return io_fail(err, LT_TR("không đọc được", "cannot read"), src);
	if (mkdir(dst, 0755) != 0 && errno != EEXIST) {
		closedir(d);
		return io_fail(err, LT_TR("không tạo được thư mục", "cannot create directory"),
		               dst);
	}
	rc = 0;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		lt_buf s = LT_BUF_INIT, t = LT_BUF_INIT;
		struct stat sb;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (lt_fs_join(&s, src, e->d_name) || lt_fs_join(&t, dst, e->d_name))
			rc = oom(err);
		else if (lstat(s.data, &sb) != 0)
			rc = io_fail(err, LT_TR("không đọc được", "cannot read"), s.data);
		else if (S_ISDIR(sb.st_mode))
			rc = lt_backup_copy_tree(s.data, t.data, err);
		else if (S_ISREG(sb.st_mode))
			rc = copy_file(s.data, t.data, err);
		lt_buf_free(&s);
		lt_buf_free(&t);
	}
	closedir(d);
	if (rc == 0)
		rc = lt_fs_fsync_dir(dst, err);
	return rc;
}

static int dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return 1;
	while (empty && (e = readdir(d)) != NULL)
		empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
	closedir(d);
	return empty;
}

/* ---- manifest -------------------------------------------------------- */

/* List every file under root (relative paths), sorted; skip the manifest. */
static int walk(const char *root, const char *rel, lt_buf *lines, lt_error *err)
{
	lt_buf abs = LT_BUF_INIT;
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (lt_fs_join(&abs, root, rel))
		return oom(err);
	d = opendir(abs.data);
	if (!d) {
		rc = io_fail(err, LT_TR("không đọc được", "cannot read"), abs.data);
		lt_buf_free(&abs);
		return rc;
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		lt_buf r = LT_BUF_INIT, a = LT_BUF_INIT;
		struct stat sb;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if ((*rel ? lt_fs_join(&r, rel, e->d_name) : lt_buf_puts(&r, e->d_name)) ||
		    lt_fs_join(&a, abs.data, e->d_name))
			rc = oom(err);
		else if (lstat(a.data, &sb) != 0)
			rc = io_fail(err, LT_TR("không đọc được", "cannot read"), a.data);
		else if (S_ISDIR(sb.st_mode))
			rc = walk(root, r.data, lines, err);
		else if (S_ISREG(sb.st_mode) && strcmp(r.data, LT_BACKUP_MANIFEST) != 0 &&
		         strncmp(r.data, "catalog.db.part", 15) != 0)
			rc = lt_buf_printf(lines, "%s\n", r.data) ? oom(err) : 0;
		lt_buf_free(&r);
		lt_buf_free(&a);
	}
	closedir(d);
	lt_buf_free(&abs);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Split text into lines (in place); *out malloc'd array. */
static int split_lines(char *text, char ***out, size_t *n)
{
	size_t cap = 0;
	char *p = text, **v = NULL;

	*n = 0;
	while (p && *p) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (*p) {
			if (*n == cap) {
				char **nv = realloc(v, (cap = cap ? cap * 2 : 64) * sizeof(*v));
				if (!nv) {
					free(v);
					return LT_ENOMEM;
				}
				v = nv;
			}
			v[(*n)++] = p;
		}
		p = nl ? nl + 1 : NULL;
	}
	*out = v;
	return 0;
}

/* Blob paths listed in an existing manifest (for incremental). */
typedef struct path_set {
	lt_buf text;
	char **paths;
	size_t n;
} path_set;

static void path_set_free(path_set *s)
{
	lt_buf_free(&s->text);
	free(s->paths);
}

static int path_set_load(path_set *s, const char *dir, lt_error *err)
{
	lt_buf m = LT_BUF_INIT;
	int rc;

	memset(s, 0, sizeof(*s));
	if (lt_fs_join(&m, dir, LT_BACKUP_MANIFEST))
		return oom(err);
	rc = lt_fs_read_file(&s->text, m.data, 0, err);
	lt_buf_free(&m);
	if (rc)
		return rc;
	if (s->text.len && split_lines(s->text.data, &s->paths, &s->n))
		return oom(err);
	for (size_t i = 0; i < s->n; i++) {
		/* "<sha>  <path>": keep the path part */
		char *sp = strstr(s->paths[i], "  ");
		s->paths[i] = sp ? sp + 2 : s->paths[i];
	}
	qsort(s->paths, s->n, sizeof(char *), cmp_str);
	return 0;
}

static int path_set_has(const path_set *s, const char *path)
{
	return s->n && bsearch(&path, s->paths, s->n, sizeof(char *), cmp_str) != NULL;
}

/* Write the manifest: blobs are named by their hash (and were checked
 * when copied), every other file is hashed now. */
static int write_manifest(const char *dir, lt_backup_result *res, lt_error *err)
{
	lt_buf list = LT_BUF_INIT, out = LT_BUF_INIT, path = LT_BUF_INIT;
	char **files = NULL;
	size_t n = 0;
	int rc;

	if ((rc = walk(dir, "", &list, err)) != 0)
		goto done;
	if (list.len && split_lines(list.data, &files, &n)) {
		rc = oom(err);
		goto done;
	}
	qsort(files, n, sizeof(char *), cmp_str);
	res->files = n;
	res->bytes = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		char sha[LT_SHA256_HEX_LEN + 1];
		const char *base = strrchr(files[i], '/');
		uint64_t size = 0;

		lt_buf_reset(&path);
		if (lt_fs_join(&path, dir, files[i])) {
			rc = oom(err);
			break;
		}
		if ((rc = lt_fs_file_size(path.data, &size, err)) != 0)
			break;
		res->bytes += size;
		if (strncmp(files[i], "blobs/", 6) == 0 && base && strlen(base + 1) == 64)
			snprintf(sha, sizeof(sha), "%s", base + 1);
		else if ((rc = lt_sha256_file_hex(path.data, sha, err)) != 0)
			break;
		if (lt_buf_printf(&out, "%s  %s\n", sha, files[i]))
			rc = oom(err);
	}
	if (rc == 0) {
		lt_buf_reset(&path);
		if (lt_fs_join(&path, dir, LT_BACKUP_MANIFEST))
			rc = oom(err);
		else if ((rc = lt_fs_write_atomic(path.data, out.data ? out.data : "", out.len,
		                                  err)) == 0)
			lt_sha256_hex(out.data ? out.data : "", out.len, res->manifest_sha256);
	}
done:
	free(files);
	lt_buf_free(&list);
	lt_buf_free(&out);
	lt_buf_free(&path);
	return rc;
}

int lt_backup_check(const char *dir, uint64_t *files, lt_error *err)
{
	lt_buf m = LT_BUF_INIT, lines_text = LT_BUF_INIT, p = LT_BUF_INIT;
	char **lines = NULL;
	size_t n = 0;
	int rc;

	if (files)
		*files = 0;
	if (lt_fs_join(&m, dir, LT_BACKUP_MANIFEST))
		return oom(err);
	if (!lt_fs_exists(m.data)) {
		rc = lt_error_set(err, LT_ENOTFOUND,
		                  LT_TR("%s không phải bộ sao lưu luutru: thiếu %s",
		                        "%s is not a luutru backup set: %s is missing"),
		                  dir, LT_BACKUP_MANIFEST);
		lt_buf_free(&m);
		return rc;
	}
	rc = lt_fs_read_file(&lines_text, m.data, 0, err);
	lt_buf_free(&m);
	if (rc)
		return rc;
	if (lines_text.len && split_lines(lines_text.data, &lines, &n)) {
		lt_buf_free(&lines_text);
		return oom(err);
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		char sha[LT_SHA256_HEX_LEN + 1];
		const char *rel;
		lt_error e = LT_ERROR_INIT;

		if (strlen(lines[i]) < 67 || lines[i][64] != ' ' || lines[i][65] != ' ') {
			rc = lt_error_set(err, LT_ECORRUPT,
			                  LT_TR("tệp kê khai sao lưu hỏng: %s dòng %zu",
			                        "damaged backup manifest: %s line %zu"),
			                  dir, i + 1);
			break;
		}
		rel = lines[i] + 66;
		if (strstr(rel, "..") || rel[0] == '/') {
			rc = lt_error_set(err, LT_ECORRUPT,
			                  LT_TR("tệp kê khai sao lưu có đường dẫn không hợp lệ: %s",
			                        "backup manifest has an invalid path: %s"),
			                  rel);
			break;
		}
		lt_buf_reset(&p);
		if (lt_fs_join(&p, dir, rel)) {
			rc = oom(err);
			break;
		}
		if (lt_sha256_file_hex(p.data, sha, &e) != 0)
			rc = lt_error_set(
			    err, LT_ECORRUPT,
			    LT_TR("bộ sao lưu %s hỏng: thiếu hoặc không đọc được %s",
			          "backup set %s is damaged: %s is missing or unreadable"),
			    dir, rel);
		else if (strncmp(sha, lines[i], 64) != 0)
			rc = lt_error_set(err, LT_ECORRUPT,
			                  LT_TR("bộ sao lưu %s hỏng: %s không khớp mã SHA-256",
			                        "backup set %s is damaged: %s does not match its "
			                        "SHA-256"),
			                  dir, rel);
	}
	if (rc == 0 && files)
		*files = n;
	free(lines);
	lt_buf_free(&lines_text);
	lt_buf_free(&p);
	return rc;
}

/* ---- backup ---------------------------------------------------------- */

static int snapshot_catalog(lt_catalog *cat, const char *dest, lt_error *err)
{
	lt_buf part = LT_BUF_INIT;
	sqlite3 *db = NULL;
	sqlite3_backup *bk;
	int rc = 0, s;

	if (lt_buf_printf(&part, "%s.part", dest))
		return oom(err);
	unlink(part.data);
	if (sqlite3_open_v2(part.data, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		rc = lt_error_set(err, LT_EDB, "%s: %s", part.data, sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_busy_timeout(db, 10000);
	bk = sqlite3_backup_init(db, "main", lt_catalog_db(cat), "main");
	if (!bk) {
		rc = lt_error_set(err, LT_EDB, "sqlite3_backup_init: %s", sqlite3_errmsg(db));
		goto out;
	}
	/* -1: all pages in one step, under one read transaction of the
	 * source: the copy is the catalog at one moment. */
	s = sqlite3_backup_step(bk, -1);
	sqlite3_backup_finish(bk);
	if (s != SQLITE_DONE) {
		rc = lt_error_set(
		    err, s == SQLITE_BUSY || s == SQLITE_LOCKED ? LT_EBUSY : LT_EDB,
		    LT_TR("không chụp được danh mục: %s", "cannot snapshot the catalog: %s"),
		    sqlite3_errstr(s));
		goto out;
	}
	/* A self-contained file: no -wal beside it in the set. */
	if (sqlite3_exec(db, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK)
		rc = lt_error_set(err, LT_EDB, "%s: %s", part.data, sqlite3_errmsg(db));
out:
	sqlite3_close(db);
	if (rc == 0 && rename(part.data, dest) != 0)
		rc = io_fail(err, "rename", dest);
	if (rc)
		unlink(part.data);
	lt_buf_free(&part);
	return rc;
}

static int copy_blobs(lt_archive *ar, const char *dir, const char *snapshot, const path_set *have,
                      lt_backup_result *res, lt_error *err)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	lt_buf src = LT_BUF_INIT, dst = LT_BUF_INIT, rel = LT_BUF_INIT;
	int rc = 0, s;

	if (sqlite3_open_v2(snapshot, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT sha256 FROM blobs ORDER BY sha256", -1, &st, NULL) !=
	        SQLITE_OK) {
		rc = lt_error_set(err, LT_EDB, "%s: %s", snapshot, sqlite3_errmsg(db));
		goto out;
	}
	res->verified = 1;
	while (rc == 0 && (s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *sha = (const char *)sqlite3_column_text(st, 0);
		char got[LT_SHA256_HEX_LEN + 1];
		uint64_t size = 0;

		lt_buf_reset(&rel);
		lt_buf_reset(&src);
		lt_buf_reset(&dst);
		if (lt_buf_printf(&rel, "blobs/%.2s/%.2s/%s", sha, sha + 2, sha)) {
			rc = oom(err);
			break;
		}
		if (have && path_set_has(have, rel.data))
			continue;
		if (lt_blobstore_path(lt_archive_blobs(ar), sha, &src) ||
		    lt_fs_join(&dst, dir, rel.data)) {
			rc = oom(err);
			break;
		}
		{
			char *slash = strrchr(dst.data, '/');
			*slash = '\0';
			rc = lt_fs_mkdirs(dst.data, err);
			*slash = '/';
		}
		if (rc == 0)
			rc = copy_file(src.data, dst.data, err);
		if (rc)
			break;
		/* Re-read the copy: a backup that was never read back is not
		 * known to be a backup. */
		if (lt_sha256_file_hex(dst.data, got, err) != 0 || strcmp(got, sha) != 0) {
			res->verified = 0;
			rc =
			    lt_error_set(err, LT_ECORRUPT,
			                 LT_TR("bản sao blob %s không khớp mã SHA-256 (nguồn hỏng? "
			                       "chạy `luutru verify --fixity`)",
			                       "the copy of blob %s does not match its SHA-256 "
			                       "(damaged source? run `luutru verify --fixity`)"),
			                 sha);
			unlink(dst.data);
			break;
		}
		lt_fs_file_size(dst.data, &size, NULL);
		res->blobs_copied++;
		res->bytes_copied += size;
	}
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	lt_buf_free(&src);
	lt_buf_free(&dst);
	lt_buf_free(&rel);
	return rc;
}

static int run_started(lt_catalog *cat, lt_backup_kind kind, const char *dir, int64_t *id,
                       lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "INSERT INTO backup_runs(kind, dir) VALUES (?, ?)", -1, &st,
	                       NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "backup_runs");
	sqlite3_bind_text(st, 1, kind == LT_BACKUP_FULL ? "full" : "incremental", -1,
	                  SQLITE_STATIC);
	sqlite3_bind_text(st, 2, dir, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "backup_runs");
	else
		*id = sqlite3_last_insert_rowid(lt_catalog_db(cat));
	sqlite3_finalize(st);
	return rc;
}

static int run_finished(lt_catalog *cat, const char *who, const char *dir,
                        const lt_backup_result *res, lt_backup_kind kind, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_buf detail = LT_BUF_INIT;
	char obj[32];
	int rc;

	if ((rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "UPDATE backup_runs SET finished_at = " LT_NOW_SQL
	                       ", files = ?, bytes = ?, manifest_sha256 = ?, verified = ?"
	                       " WHERE id = ?",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "backup_runs");
		goto out;
	}
	sqlite3_bind_int64(st, 1, (sqlite3_int64)res->files);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)res->bytes);
	sqlite3_bind_text(st, 3, res->manifest_sha256, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 4, res->verified);
	sqlite3_bind_int64(st, 5, res->run_id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "backup_runs");
	sqlite3_finalize(st);
	snprintf(obj, sizeof(obj), "backup_run:%lld", (long long)res->run_id);
	if (rc == 0 &&
	    lt_buf_printf(&detail, "kind=%s dir=%s files=%llu bytes=%llu copied=%llu manifest=%s",
	                  kind == LT_BACKUP_FULL ? "full" : "incremental", dir,
	                  (unsigned long long)res->files, (unsigned long long)res->bytes,
	                  (unsigned long long)res->blobs_copied, res->manifest_sha256))
		rc = oom(err);
	if (rc == 0)
		rc = lt_audit_append(cat, who ? who : "cli", "backup.run", obj, detail.data, NULL,
		                     err);
out:
	lt_buf_free(&detail);
	if (rc == 0)
		return lt_catalog_commit(cat, err);
	lt_catalog_rollback(cat);
	return rc;
}

static int copy_if_exists(const char *from_dir, const char *to_dir, const char *name, int tree,
                          lt_error *err)
{
	lt_buf s = LT_BUF_INIT, t = LT_BUF_INIT;
	int rc = 0;

	if (lt_fs_join(&s, from_dir, name) || lt_fs_join(&t, to_dir, name))
		rc = oom(err);
	else if (lt_fs_exists(s.data)) {
		if (tree) {
			if ((rc = lt_fs_remove_tree(t.data, err)) == 0)
				rc = lt_backup_copy_tree(s.data, t.data, err);
		} else {
			rc = copy_file(s.data, t.data, err);
		}
	}
	lt_buf_free(&s);
	lt_buf_free(&t);
	return rc;
}

int lt_backup_run(lt_archive *ar, const char *dir, lt_backup_kind kind,
                  lt_backup_copy_index_fn copy_index, void *ctx, const char *who,
                  lt_backup_result *out, lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	lt_backup_result res;
	lt_buf manifest = LT_BUF_INIT, snap = LT_BUF_INIT, idx = LT_BUF_INIT, idx_new = LT_BUF_INIT;
	path_set have;
	char *abs_dir = NULL;
	int rc;

	memset(&res, 0, sizeof(res));
	memset(&have, 0, sizeof(have));
	if ((rc = lt_access_require_whole(lt_catalog_principal(cat), "sao lưu", "back up", err)) !=
	    0)
		return rc;
	if (out)
		memset(out, 0, sizeof(*out));
	if (!dir || !*dir)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("thiếu thư mục sao lưu", "missing backup directory"));
	if (lt_fs_join(&manifest, dir, LT_BACKUP_MANIFEST) ||
	    lt_fs_join(&snap, dir, "catalog.db") || lt_fs_join(&idx, dir, "index") ||
	    lt_fs_join(&idx_new, dir, "index.new")) {
		rc = oom(err);
		goto out;
	}
	if (kind == LT_BACKUP_FULL && lt_fs_exists(dir) && !dir_is_empty(dir)) {
		rc = lt_error_set(err, LT_EEXISTS,
		                  LT_TR("không sao lưu đầy đủ vào %s: thư mục không trống (dùng "
		                        "--incremental để cập nhật bộ sao lưu có sẵn, hoặc chọn "
		                        "thư mục mới)",
		                        "cannot make a full backup in %s: the directory is not "
		                        "empty (use --incremental to update an existing set, or "
		                        "choose a new directory)"),
		                  dir);
		goto out;
	}
	if (kind == LT_BACKUP_INCREMENTAL) {
		if (!lt_fs_exists(manifest.data)) {
			rc = lt_error_set(err, LT_ENOTFOUND,
			                  LT_TR("không sao lưu gia tăng vào %s: chưa có bộ sao lưu "
			                        "đầy đủ ở đó (thiếu %s); hãy chạy `luutru backup "
			                        "%s` trước",
			                        "cannot make an incremental backup in %s: no full "
			                        "backup there (%s is missing); run `luutru backup "
			                        "%s` first"),
			                  dir, LT_BACKUP_MANIFEST, dir);
			goto out;
		}
		if ((rc = path_set_load(&have, dir, err)) != 0)
			goto out;
	}
	if ((rc = lt_fs_mkdirs(dir, err)) != 0)
		goto out;
	/* Record the absolute path: "bk" means nothing in a log read later. */
	abs_dir = realpath(dir, NULL);
	if ((rc = run_started(cat, kind, abs_dir ? abs_dir : dir, &res.run_id, err)) != 0)
		goto out;

	/* 2. The index first: it may then lag the snapshot, never lead it. */
	if (copy_index) {
		if ((rc = lt_fs_remove_tree(idx_new.data, err)) != 0 ||
		    (rc = copy_index(ctx, idx_new.data, err)) != 0)
			goto out;
		if (lt_fs_exists(idx_new.data)) {
			if ((rc = lt_fs_remove_tree(idx.data, err)) != 0)
				goto out;
			if (rename(idx_new.data, idx.data) != 0) {
				rc = io_fail(err, "rename", idx.data);
				goto out;
			}
		}
	}
	/* 3. The catalog at one moment. */
	if ((rc = snapshot_catalog(cat, snap.data, err)) != 0)
		goto out;
	/* 4–5. The blobs it names, read back. */
	if ((rc = copy_blobs(ar, dir, snap.data, kind == LT_BACKUP_INCREMENTAL ? &have : NULL, &res,
	                     err)) != 0)
		goto out;
	if ((rc = copy_if_exists(lt_archive_dir(ar), dir, "keys", 1, err)) != 0 ||
	    (rc = copy_if_exists(lt_archive_dir(ar), dir, "luutru.conf", 0, err)) != 0)
		goto out;
	/* 6. Manifest last: a set with a manifest is a complete set. */
	if ((rc = write_manifest(dir, &res, err)) != 0)
		goto out;
	if ((rc = run_finished(cat, who, abs_dir ? abs_dir : dir, &res, kind, err)) != 0)
		goto out;
	if (out)
		*out = res;
out:
	free(abs_dir);
	path_set_free(&have);
	lt_buf_free(&manifest);
	lt_buf_free(&snap);
	lt_buf_free(&idx);
	lt_buf_free(&idx_new);
	return rc;
}

/* ---- restore --------------------------------------------------------- */

int lt_backup_restore(const char *dir, const char *data_dir, lt_error *err)
{
	lt_archive *ar = NULL;
	int created = 0, rc;

	if (!dir || !*dir || !data_dir || !*data_dir)
		return lt_error_set(err, LT_EINVAL, "lt_backup_restore: dir, data_dir");
	if ((rc = lt_backup_check(dir, NULL, err)) != 0)
		return rc;
	if (lt_fs_exists(data_dir) && (!lt_fs_is_dir(data_dir) || !dir_is_empty(data_dir)))
		return lt_error_set(err, LT_EEXISTS,
		                    LT_TR("không khôi phục vào %s: thư mục không trống (khôi phục "
		                          "chỉ ghi vào thư mục trống hoặc chưa tồn tại)",
		                          "cannot restore into %s: the directory is not empty "
		                          "(restore only writes into an empty or new directory)"),
		                    data_dir);
	if (!lt_fs_exists(data_dir))
		created = 1;
	if ((rc = lt_fs_mkdirs(data_dir, err)) != 0)
		return rc;
	if ((rc = copy_if_exists(dir, data_dir, "catalog.db", 0, err)) != 0 ||
	    (rc = copy_if_exists(dir, data_dir, "blobs", 1, err)) != 0 ||
	    (rc = copy_if_exists(dir, data_dir, "index", 1, err)) != 0 ||
	    (rc = copy_if_exists(dir, data_dir, "keys", 1, err)) != 0 ||
	    (rc = copy_if_exists(dir, data_dir, "luutru.conf", 0, err)) != 0)
		goto fail;
	{
		lt_buf b = LT_BUF_INIT;
		if (lt_fs_join(&b, data_dir, "blobs") || lt_fs_mkdirs(b.data, err)) {
			lt_buf_free(&b);
			rc = err && err->code ? err->code : oom(err);
			goto fail;
		}
		lt_buf_free(&b);
	}
	if ((rc = lt_archive_open(&ar, data_dir, 0, err)) != 0)
		goto fail;
	/* keys/ was copied after the catalog's snapshot: its audit head may
	 * name entries the snapshot does not have (archive/audit.h). */
	rc = lt_audit_head_write(lt_archive_catalog(ar), data_dir, err);
	if (rc == 0)
		rc = lt_audit_append(lt_archive_catalog(ar), "cli", "backup.restore", data_dir, dir,
		                     NULL, err);
	lt_archive_free(ar);
	if (rc == 0)
		return 0;
fail:
	if (created) {
		lt_fs_remove_tree(data_dir, NULL);
	} else {
		/* It was empty: empty it again. */
		DIR *d = opendir(data_dir);
		struct dirent *e;
		while (d && (e = readdir(d)) != NULL) {
			lt_buf p = LT_BUF_INIT;
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
			    lt_fs_join(&p, data_dir, e->d_name) == 0)
				lt_fs_remove_tree(p.data, NULL);
			lt_buf_free(&p);
		}
		if (d)
			closedir(d);
	}
	return rc;
}
