/*
 * archive/backup.c — backup sets, their seal, and restore. See backup.h for
 * the layout and for why the order of the steps makes a set consistent
 * while others write; docs/backup.md for what is guaranteed.
 *
 * Invariants:
 *   1. A set with a seal that verifies is complete up to what the seal
 *      lists as left out: the seal is written last, atomically, after
 *      every file it covers is durable (syncfs).
 *   2. Nothing here takes the catalog's write lock before the set is
 *      sealed; the log entry is the last step and waits for the lock.
 *   3. Every stored file enters a set through the verified reader
 *      (archive/fixity.h): a damaged one is left out and named, never
 *      copied as if it were good.
 */
#define _GNU_SOURCE /* syncfs */
#include "archive/backup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "archive/audit.h"
#include "archive/fixity.h"
#include "archive/keys.h"
#include "archive/schema.h"
#include "archive/work.h"
#include "core/buf.h"
#include "core/progress.h"
#include "core/fs.h"
#include "core/log.h"

/* The public half of the archive's key (archive/keys.h), relative to a
 * data directory or a set. */
#define PUBKEY_FILE "keys/audit-ed25519.pub.pem"
#define SEAL_MAGIC  "luutru-backup-seal: 1"
/* How long the run's log entry waits for the catalog's write lock. */
#define LOG_WAIT_SECONDS 600

static int oom(lt_error *err)
{
	return lt_error_set(err, LT_ENOMEM, "out of memory");
}

static int io_fail(lt_error *err, const char *what, const char *path)
{
	return lt_error_set(err, LT_EIO, "%s: %s: %s", what, path, strerror(errno));
}

/* Copy one regular file, keeping its permission bits. Not fsynced: the
 * callers make everything they wrote durable at once (sync_dir_fs),
 * which costs one flush instead of one per file (a set holds one file
 * per stored file). */
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
	while ((n = read(in, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR)) {
		if (n > 0 && lt_fs_write_all(out, buf, (size_t)n) != 0) {
			rc = io_fail(err, LT_TR("không ghi được", "cannot write"), dst);
			goto done;
		}
	}
	if (n < 0)
		rc = io_fail(err, LT_TR("không đọc được", "cannot read"), src);
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

static int copy_tree(const char *src, const char *dst, lt_error *err)
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
			rc = copy_tree(s.data, t.data, err);
		else if (S_ISREG(sb.st_mode))
			rc = copy_file(s.data, t.data, err);
		lt_buf_free(&s);
		lt_buf_free(&t);
	}
	closedir(d);
	return rc;
}

/* Flush every write to the file system that holds dir (syncfs): the
 * files and directories a run wrote become durable at once. */
static int sync_dir_fs(const char *dir, lt_error *err)
{
	int rc = 0, fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0 || syncfs(fd) != 0)
		rc = io_fail(err, "syncfs", dir);
	if (fd >= 0)
		close(fd);
	return rc;
}

static int copy_if_exists(const char *from_dir, const char *to_dir, const char *name, lt_error *err)
{
	lt_buf s = LT_BUF_INIT, t = LT_BUF_INIT;
	struct stat sb;
	int rc = 0;

	if (lt_fs_join(&s, from_dir, name) || lt_fs_join(&t, to_dir, name))
		rc = oom(err);
	else if (lstat(s.data, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		if ((rc = lt_fs_remove_tree(t.data, err)) == 0)
			rc = copy_tree(s.data, t.data, err);
	} else if (lstat(s.data, &sb) == 0) {
		rc = copy_file(s.data, t.data, err);
	}
	lt_buf_free(&s);
	lt_buf_free(&t);
	return rc;
}

/* The set's own files, which the manifest does not list. */
static int is_set_meta(const char *rel)
{
	return !strcmp(rel, LT_BACKUP_MANIFEST) || !strcmp(rel, LT_BACKUP_SEAL) ||
	       !strcmp(rel, LT_BACKUP_MARKER);
}

/* What a run that died left half-written: "<name>.part" and the temp
 * names of lt_fs_write_atomic ("<name>.tmp-XXXXXX"). */
static int is_leftover(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && !strcmp(name + n - 5, ".part")) || strstr(name, ".tmp-") != NULL;
}

/* Every regular file under root (relative paths, one per line), but the
 * set's own files; with leftovers set, only leftovers, else none. */
static int walk(const char *root, const char *rel, int leftovers, lt_buf *lines, lt_error *err)
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
			rc = walk(root, r.data, leftovers, lines, err);
		else if (!is_set_meta(r.data) && !is_leftover(e->d_name) == !leftovers)
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
	*out = NULL;
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

/* Remove everything in dir (not dir itself). */
static void empty_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL) {
		lt_buf p = LT_BUF_INIT;
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    lt_fs_join(&p, dir, e->d_name) == 0)
			lt_fs_remove_tree(p.data, NULL);
		lt_buf_free(&p);
	}
	if (d)
		closedir(d);
}

static int sha_of_file(const char *path, char out[LT_SHA256_HEX_LEN + 1])
{
	return lt_sha256_file_hex(path, out, NULL);
}

/* ---- the manifest: "<sha256>  <path>" per line --------------------------- */

typedef struct manifest {
	lt_buf text;  /* as read (and then split in place) */
	char **lines; /* sorted by path */
	size_t n;
	char sha256[LT_SHA256_HEX_LEN + 1]; /* of the file as read */
} manifest;

static void manifest_free(manifest *m)
{
	lt_buf_free(&m->text);
	free(m->lines);
	memset(m, 0, sizeof(*m));
}

static const char *line_path(const char *line)
{
	return strlen(line) > 66 ? line + 66 : "";
}

static int cmp_line_path(const void *a, const void *b)
{
	return strcmp(line_path(*(char *const *)a), line_path(*(char *const *)b));
}

/* Read dir's manifest: LT_ENOTFOUND when there is none, LT_ECORRUPT
 * naming a line that is not "<64 hex>  <relative path>". */
static int manifest_load(manifest *m, const char *dir, lt_error *err)
{
	lt_buf p = LT_BUF_INIT;
	int rc;

	memset(m, 0, sizeof(*m));
	if (lt_fs_join(&p, dir, LT_BACKUP_MANIFEST))
		return oom(err);
	if (!lt_fs_exists(p.data)) {
		lt_buf_free(&p);
		return LT_ENOTFOUND;
	}
	rc = lt_fs_read_file(&m->text, p.data, 0, err);
	lt_buf_free(&p);
	if (rc)
		return rc;
	lt_sha256_hex(m->text.data ? m->text.data : "", m->text.len, m->sha256);
	if (m->text.len && split_lines(m->text.data, &m->lines, &m->n))
		return oom(err);
	for (size_t i = 0; i < m->n; i++) {
		const char *l = m->lines[i], *rel = line_path(l);
		size_t k = 0;
		while (k < 64 && ((l[k] >= '0' && l[k] <= '9') || (l[k] >= 'a' && l[k] <= 'f')))
			k++;
		if (k != 64 || l[64] != ' ' || l[65] != ' ' || !*rel)
			return lt_error_set(err, LT_ECORRUPT,
			                    LT_TR("tệp kê khai %s/%s hỏng ở dòng %zu",
			                          "damaged manifest %s/%s at line %zu"),
			                    dir, LT_BACKUP_MANIFEST, i + 1);
		if (strstr(rel, "..") || rel[0] == '/')
			return lt_error_set(
			    err, LT_ECORRUPT,
			    LT_TR("tệp kê khai sao lưu có đường dẫn không hợp lệ: %s",
			          "backup manifest has an invalid path: %s"),
			    rel);
	}
	qsort(m->lines, m->n, sizeof(char *), cmp_line_path);
	return 0;
}

/* The manifest line for a path, or NULL. */
static const char *manifest_find(const manifest *m, const char *rel)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(line_path(m->lines[mid]), rel);
		if (c == 0)
			return m->lines[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void blob_rel(char out[80], const char *sha)
{
	snprintf(out, 80, "blobs/%.2s/%.2s/%.64s", sha, sha + 2, sha);
}

/* Write the manifest: blobs are named by their hash (each was read back
 * against it when copied), every other file is hashed now. */
static int write_manifest(const char *dir, lt_backup_result *res, uint64_t *lines, lt_error *err)
{
	lt_buf list = LT_BUF_INIT, out = LT_BUF_INIT, path = LT_BUF_INIT;
	char **files = NULL;
	size_t n = 0;
	int rc;

	if ((rc = walk(dir, "", 0, &list, err)) != 0)
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
	*lines = n;
done:
	free(files);
	lt_buf_free(&list);
	lt_buf_free(&out);
	lt_buf_free(&path);
	return rc;
}

/* ---- the seal ------------------------------------------------------------- */

/*
 * manifest-seal.txt, "key: value" lines, signed over every byte before the
 * "signature:" line:
 *
 *   luutru-backup-seal: 1
 *   kind: full | incremental
 *   started: 2026-11-30T02:00:00Z
 *   sealed: 2026-11-30T02:04:31Z
 *   source: /srv/luutru-data
 *   manifest: manifest-sha256.txt
 *   manifest-lines: 1234
 *   manifest-sha256: <hex>
 *   skipped: 1
 *   skipped-file: <sha256> content_changed     (one line per file left out)
 *   key-sha256: <SHA-256 of keys/audit-ed25519.pub.pem>
 *   signature: <Ed25519, 128 hex>
 */
typedef struct seal {
	char kind[16], started[32], sealed[32];
	uint64_t lines;
	char manifest_sha256[LT_SHA256_HEX_LEN + 1];
	char key_sha256[LT_SHA256_HEX_LEN + 1];
	char signature[LT_KEYS_SIG_HEX_LEN + 1];
	size_t nskipped;
	lt_backup_skipped *skipped;
	size_t signed_len; /* bytes covered by the signature */
} seal;

static int add_skipped(lt_backup_skipped **v, size_t *n, const char *sha, lt_blob_damage d)
{
	lt_backup_skipped *nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (!nv)
		return LT_ENOMEM;
	*v = nv;
	snprintf(nv[*n].sha256, sizeof(nv[*n].sha256), "%.64s", sha);
	nv[*n].damage = d;
	(*n)++;
	return 0;
}

static int write_seal(lt_archive *ar, const char *dir, lt_backup_kind kind, const char *started,
                      uint64_t lines, lt_backup_result *res, lt_error *err)
{
	lt_buf text = LT_BUF_INIT, pub = LT_BUF_INIT, path = LT_BUF_INIT;
	char sealed[LT_AUDIT_TIME_LEN], sig[LT_KEYS_SIG_HEX_LEN + 1];
	char *src = realpath(lt_archive_dir(ar), NULL);
	int rc = 0;

	lt_audit_now(sealed);
	if (lt_fs_join(&pub, lt_archive_dir(ar), PUBKEY_FILE) ||
	    lt_fs_join(&path, dir, LT_BACKUP_SEAL)) {
		rc = oom(err);
		goto out;
	}
	if (sha_of_file(pub.data, res->key_sha256) != 0) {
		rc = lt_error_set(err, LT_ENOTFOUND,
		                  LT_TR("không niêm phong được bộ sao lưu: thiếu khóa công khai %s "
		                        "(chạy `luutru init` để tạo khóa)",
		                        "cannot seal the backup set: the public key %s is missing "
		                        "(run `luutru init` to create the keys)"),
		                  pub.data);
		goto out;
	}
	rc |= lt_buf_printf(&text,
	                    SEAL_MAGIC "\nkind: %s\nstarted: %s\nsealed: %s\nsource: %s\n"
	                               "manifest: " LT_BACKUP_MANIFEST "\nmanifest-lines: %llu\n"
	                               "manifest-sha256: %s\nskipped: %zu\n",
	                    kind == LT_BACKUP_FULL ? "full" : "incremental", started, sealed,
	                    src ? src : lt_archive_dir(ar), (unsigned long long)lines,
	                    res->manifest_sha256, res->nskipped);
	for (size_t i = 0; i < res->nskipped; i++)
		rc |= lt_buf_printf(&text, "skipped-file: %s %s\n", res->skipped[i].sha256,
		                    lt_blob_damage_name(res->skipped[i].damage));
	rc |= lt_buf_printf(&text, "key-sha256: %s\n", res->key_sha256);
	if (rc) {
		rc = oom(err);
		goto out;
	}
	if ((rc = lt_keys_sign(lt_archive_dir(ar), text.data, text.len, sig, err)) != 0) {
		lt_error_prefix(
		    err, "%s",
		    LT_TR("không niêm phong được bộ sao lưu", "cannot seal the backup set"));
		goto out;
	}
	if (lt_buf_printf(&text, "signature: %s\n", sig)) {
		rc = oom(err);
		goto out;
	}
	rc = lt_fs_write_atomic(path.data, text.data, text.len, err);
out:
	free(src);
	lt_buf_free(&text);
	lt_buf_free(&pub);
	lt_buf_free(&path);
	return rc;
}

static void seal_free(seal *s)
{
	free(s->skipped);
	memset(s, 0, sizeof(*s));
}

static int seal_bad(lt_error *err, const char *dir, const char *why)
{
	return lt_error_set(err, LT_ECORRUPT,
	                    LT_TR("bộ sao lưu %s: niêm phong %s không hợp lệ: %s",
	                          "backup set %s: its seal %s is not valid: %s"),
	                    dir, LT_BACKUP_SEAL, why);
}

/* Read and verify dir's seal. pubkey_path (may be NULL): the key the
 * seal must be made with. */
static int seal_load(seal *s, const char *dir, const char *pubkey_path, lt_error *err)
{
	lt_buf text = LT_BUF_INIT, p = LT_BUF_INIT;
	char **lines = NULL, have_key[LT_SHA256_HEX_LEN + 1], want_key[LT_SHA256_HEX_LEN + 1];
	size_t n = 0, declared = 0;
	int rc, magic = 0;

	memset(s, 0, sizeof(*s));
	if (lt_fs_join(&p, dir, LT_BACKUP_SEAL))
		return oom(err);
	rc = lt_fs_read_file(&text, p.data, 1 << 24, err);
	lt_buf_free(&p);
	if (rc)
		return rc;
	{
		const char *sigline = text.data ? strstr(text.data, "\nsignature: ") : NULL;
		s->signed_len = sigline ? (size_t)(sigline - text.data) + 1 : 0;
	}
	if (text.len && split_lines(text.data, &lines, &n)) {
		lt_buf_free(&text);
		return oom(err);
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *v = strstr(lines[i], ": ");
		if (!v)
			continue;
		*v = '\0';
		v += 2;
		if (!strcmp(lines[i], "luutru-backup-seal"))
			magic = !strcmp(v, "1");
		else if (!strcmp(lines[i], "kind"))
			snprintf(s->kind, sizeof(s->kind), "%s", v);
		else if (!strcmp(lines[i], "started"))
			snprintf(s->started, sizeof(s->started), "%s", v);
		else if (!strcmp(lines[i], "sealed"))
			snprintf(s->sealed, sizeof(s->sealed), "%s", v);
		else if (!strcmp(lines[i], "manifest-lines"))
			s->lines = strtoull(v, NULL, 10);
		else if (!strcmp(lines[i], "manifest-sha256"))
			snprintf(s->manifest_sha256, sizeof(s->manifest_sha256), "%s", v);
		else if (!strcmp(lines[i], "skipped"))
			declared = (size_t)strtoull(v, NULL, 10);
		else if (!strcmp(lines[i], "skipped-file")) {
			char *sp = strchr(v, ' ');
			if (!sp || sp - v != 64)
				rc = seal_bad(err, dir, "skipped-file");
			else if (add_skipped(&s->skipped, &s->nskipped, v,
			                     lt_blob_damage_parse(sp + 1)))
				rc = oom(err);
		} else if (!strcmp(lines[i], "key-sha256"))
			snprintf(s->key_sha256, sizeof(s->key_sha256), "%s", v);
		else if (!strcmp(lines[i], "signature"))
			snprintf(s->signature, sizeof(s->signature), "%s", v);
	}
	free(lines);
	/* lines were split in place: read the signed bytes again */
	lt_buf_reset(&text);
	if (rc == 0 && (!magic || !s->signed_len || strlen(s->signature) != LT_KEYS_SIG_HEX_LEN ||
	                strlen(s->manifest_sha256) != 64 || declared != s->nskipped))
		rc = seal_bad(
		    err, dir,
		    LT_TR("thiếu trường hoặc sai dạng", "a field is missing or malformed"));
	if (rc == 0) {
		if (lt_fs_join(&p, dir, PUBKEY_FILE))
			rc = oom(err);
		else if (sha_of_file(p.data, have_key) != 0)
			rc = seal_bad(err, dir,
			              LT_TR("bộ sao lưu không có khóa công khai " PUBKEY_FILE,
			                    "the set has no public key " PUBKEY_FILE));
		else if (strcmp(have_key, s->key_sha256) != 0)
			rc = seal_bad(
			    err, dir,
			    LT_TR("khóa công khai trong bộ sao lưu không phải khóa đã niêm "
			          "phong",
			          "the public key in the set is not the key that sealed it"));
		else if (pubkey_path && (sha_of_file(pubkey_path, want_key) != 0 ||
		                         strcmp(want_key, have_key) != 0))
			rc = lt_error_set(err, LT_ECORRUPT,
			                  LT_TR("bộ sao lưu %s không được niêm phong bằng khóa %s",
			                        "backup set %s was not sealed with the key %s"),
			                  dir, pubkey_path);
		lt_buf_free(&p);
	}
	if (rc == 0) {
		lt_buf raw = LT_BUF_INIT;
		lt_error e = LT_ERROR_INIT;
		if (lt_fs_join(&p, dir, LT_BACKUP_SEAL) ||
		    lt_fs_read_file(&raw, p.data, 1 << 24, NULL) || raw.len < s->signed_len)
			rc = seal_bad(err, dir, "?");
		else if (lt_keys_verify(dir, raw.data, s->signed_len, s->signature, &e) != 0)
			rc = seal_bad(err, dir, e.message);
		lt_buf_free(&raw);
		lt_buf_free(&p);
	}
	lt_buf_free(&text);
	if (rc)
		seal_free(s);
	return rc;
}

/* ---- the set's catalog ---------------------------------------------------- */

/* The stored files a catalog file names, sorted; with the first record
 * holding each, for messages. */
typedef struct named_blobs {
	char (*sha)[LT_SHA256_HEX_LEN + 1];
	uint64_t *size;
	size_t n;
} named_blobs;

static void named_free(named_blobs *b)
{
	free(b->sha);
	free(b->size);
	memset(b, 0, sizeof(*b));
}

/* Open a catalog file of a set read-only, without writing beside it (a
 * set may be on read-only media): immutable=1 in a URI. */
static int open_set_catalog(sqlite3 **db, const char *path, lt_error *err)
{
	lt_buf uri = LT_BUF_INIT;
	int rc = 0;

	*db = NULL;
	rc = lt_buf_puts(&uri, "file:");
	for (const char *p = path; rc == 0 && *p; p++)
		rc = (*p == '%' || *p == '?' || *p == '#') ? lt_buf_printf(&uri, "%%%02X", *p)
		                                           : lt_buf_append(&uri, p, 1);
	if (rc == 0)
		rc = lt_buf_puts(&uri, "?immutable=1");
	if (rc) {
		lt_buf_free(&uri);
		return oom(err);
	}
	if (sqlite3_open_v2(uri.data, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) !=
	    SQLITE_OK) {
		rc = lt_error_set(err, LT_ECORRUPT, "%s: %s", path, sqlite3_errmsg(*db));
		sqlite3_close(*db);
		*db = NULL;
	}
	lt_buf_free(&uri);
	return rc;
}

static int named_load(named_blobs *b, const char *catalog_path, lt_error *err)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc;

	memset(b, 0, sizeof(*b));
	if ((rc = open_set_catalog(&db, catalog_path, err)) != 0)
		return rc;
	if (sqlite3_prepare_v2(db, "SELECT sha256, size FROM blobs ORDER BY sha256", -1, &st,
	                       NULL) != SQLITE_OK) {
		rc = lt_error_set(err, LT_ECORRUPT, "%s: %s", catalog_path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return rc;
	}
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		if (b->n == cap) {
			size_t nc = cap ? cap * 2 : 256;
			void *ns = realloc(b->sha, nc * sizeof(*b->sha));
			void *nz = ns ? realloc(b->size, nc * sizeof(*b->size)) : NULL;
			if (ns)
				b->sha = ns;
			if (!nz) {
				rc = oom(err);
				break;
			}
			b->size = nz;
			cap = nc;
		}
		snprintf(b->sha[b->n], sizeof(b->sha[b->n]), "%.64s",
		         (const char *)sqlite3_column_text(st, 0));
		b->size[b->n] = (uint64_t)sqlite3_column_int64(st, 1);
		b->n++;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	if (rc)
		named_free(b);
	return rc;
}

/* "docId (uid)" of the first record holding sha in a set's catalog. */
static void record_of(const char *catalog_path, const char *sha, char *out, size_t n)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;

	snprintf(out, n, "?");
	if (open_set_catalog(&db, catalog_path, NULL) != 0)
		return;
	if (sqlite3_prepare_v2(db,
	                       "SELECT coalesce(r.doc_id, '-'), r.uid FROM record_files f"
	                       " JOIN records r ON r.id = f.record_id WHERE f.sha256 = ?"
	                       " ORDER BY r.id LIMIT 1",
	                       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(out, n, "%s (uid %s)", (const char *)sqlite3_column_text(st, 0),
			         (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static int is_skipped(const lt_backup_skipped *v, size_t n, const char *sha)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].sha256, sha))
			return 1;
	return 0;
}

/* ---- checking a set --------------------------------------------------------- */

/* A file under dir that the manifest does not list (first in path
 * order), into out; 0 when there is none. */
static int first_unlisted(const char *dir, const manifest *m, lt_buf *out, lt_error *err)
{
	lt_buf list = LT_BUF_INIT;
	char **files = NULL;
	size_t n = 0;
	int rc = walk(dir, "", 0, &list, err);

	if (rc == 0 && list.len && split_lines(list.data, &files, &n))
		rc = oom(err);
	if (rc == 0) {
		qsort(files, n, sizeof(char *), cmp_str);
		for (size_t i = 0; i < n; i++)
			if (!manifest_find(m, files[i])) {
				rc = lt_buf_puts(out, files[i]) ? oom(err) : 0;
				break;
			}
	}
	/* a leftover of a run that died is unlisted too */
	if (rc == 0 && !out->len) {
		lt_buf_reset(&list);
		rc = walk(dir, "", 1, &list, err);
		if (rc == 0 && list.len) {
			char *nl = strchr(list.data, '\n');
			if (nl)
				*nl = '\0';
			rc = lt_buf_puts(out, list.data) ? oom(err) : 0;
		}
	}
	free(files);
	lt_buf_free(&list);
	return rc;
}

/* A stored file the set's catalog names that is neither listed nor left
 * out as damaged, into out with its record; 0 when there is none. */
static int first_unlisted_blob(const char *dir, const manifest *m, const seal *s,
                               const named_blobs *nb, lt_buf *out)
{
	lt_buf cat = LT_BUF_INIT;

	for (size_t i = 0; i < nb->n; i++) {
		char rel[80], rec[200];
		blob_rel(rel, nb->sha[i]);
		if (manifest_find(m, rel) || is_skipped(s->skipped, s->nskipped, nb->sha[i]))
			continue;
		if (lt_fs_join(&cat, dir, "catalog.db"))
			return LT_ENOMEM;
		record_of(cat.data, nb->sha[i], rec, sizeof(rec));
		lt_buf_free(&cat);
		return lt_buf_printf(out, "%s (%s %s)", rel, LT_TR("văn bản", "record"), rec)
		           ? LT_ENOMEM
		           : 0;
	}
	return 0;
}

/* The note for a set whose last update did not finish (its marker is
 * there), appended to a refusal. */
static void unfinished_note(const char *dir, lt_error *err)
{
	lt_buf p = LT_BUF_INIT, text = LT_BUF_INIT;

	if (err && lt_fs_join(&p, dir, LT_BACKUP_MARKER) == 0 && lt_fs_exists(p.data)) {
		lt_fs_read_file(&text, p.data, 4096, NULL);
		for (size_t i = 0; i < text.len; i++)
			if (text.data[i] == '\n')
				text.data[i] = ' ';
		{
			char msg[LT_ERROR_MESSAGE_MAX];
			snprintf(msg, sizeof(msg), "%s", err->message);
			lt_error_set(
			    err, err->code,
			    LT_TR("%s — lần sao lưu trước vào bộ này chưa xong (%s): chạy lại "
			          "`luutru backup --incremental %s` để hoàn tất",
			          "%s — the last backup into this set did not finish (%s): run "
			          "`luutru backup --incremental %s` again to complete it"),
			    msg, lt_buf_cstr(&text), dir);
		}
	}
	lt_buf_free(&p);
	lt_buf_free(&text);
}

typedef struct checked {
	manifest m;
	seal s;
	named_blobs nb;
} checked;

static void checked_free(checked *c)
{
	manifest_free(&c->m);
	seal_free(&c->s);
	named_free(&c->nb);
}

static int check_set(checked *c, const char *dir, const char *pubkey_path, lt_error *err)
{
	lt_buf p = LT_BUF_INIT, name = LT_BUF_INIT;
	int rc;

	memset(c, 0, sizeof(*c));
	rc = manifest_load(&c->m, dir, err);
	if (rc == LT_ENOTFOUND) {
		if (lt_fs_join(&p, dir, LT_BACKUP_MARKER) == 0 && lt_fs_exists(p.data))
			rc = lt_error_set(
			    err, LT_ECORRUPT,
			    LT_TR("bộ sao lưu %s chưa xong: chưa có tệp kê khai",
			          "backup set %s is unfinished: it has no manifest yet"),
			    dir);
		else
			rc = lt_error_set(err, LT_ENOTFOUND,
			                  LT_TR("%s không phải bộ sao lưu luutru: thiếu %s",
			                        "%s is not a luutru backup set: %s is missing"),
			                  dir, LT_BACKUP_MANIFEST);
		goto out;
	}
	if (rc)
		goto out;
	if (lt_fs_join(&p, dir, LT_BACKUP_SEAL))
		goto nomem;
	if (!lt_fs_exists(p.data)) {
		rc = lt_error_set(err, LT_ECORRUPT,
		                  LT_TR("bộ sao lưu %s không có niêm phong %s (chưa xong, hoặc do "
		                        "phiên bản luutru cũ tạo: hãy sao lưu đầy đủ lại)",
		                        "backup set %s has no seal %s (unfinished, or made by an "
		                        "older luutru: make a new full backup)"),
		                  dir, LT_BACKUP_SEAL);
		goto out;
	}
	if ((rc = seal_load(&c->s, dir, pubkey_path, err)) != 0)
		goto out;
	/* The set's catalog: every stored file it names must be listed or
	 * left out as damaged (checked below, once its bytes are known to
	 * be the listed ones). */
	lt_buf_reset(&p);
	if (lt_fs_join(&p, dir, "catalog.db"))
		goto nomem;
	if (c->s.lines != c->m.n || strcmp(c->s.manifest_sha256, c->m.sha256) != 0) {
		/* Name what the change hides: a file no longer listed, or a
		 * stored file the catalog names that is gone with its line. */
		lt_error e = LT_ERROR_INIT;
		if (first_unlisted(dir, &c->m, &name, &e) == 0 && !name.len &&
		    named_load(&c->nb, p.data, &e) == 0)
			first_unlisted_blob(dir, &c->m, &c->s, &c->nb, &name);
		rc = lt_error_set(err, LT_ECORRUPT,
		                  LT_TR("bộ sao lưu %s hỏng: tệp kê khai đã bị sửa sau khi niêm "
		                        "phong (%zu dòng, niêm phong ghi %llu)%s%s",
		                        "backup set %s is damaged: its manifest was changed after "
		                        "it was sealed (%zu lines, the seal says %llu)%s%s"),
		                  dir, c->m.n, (unsigned long long)c->s.lines,
		                  name.len ? LT_TR(": không còn liệt kê ", ": no longer listed: ")
		                           : "",
		                  name.len ? name.data : "");
		goto out;
	}
	for (size_t i = 0; i < c->m.n; i++) {
		const char *rel = line_path(c->m.lines[i]);
		char sha[LT_SHA256_HEX_LEN + 1];
		lt_buf_reset(&p);
		if (lt_fs_join(&p, dir, rel))
			goto nomem;
		if (!lt_fs_exists(p.data)) {
			rc = lt_error_set(err, LT_ECORRUPT,
			                  LT_TR("bộ sao lưu %s hỏng: thiếu tệp %s",
			                        "backup set %s is damaged: file %s is missing"),
			                  dir, rel);
			goto out;
		}
		if (sha_of_file(p.data, sha) != 0 || strncmp(sha, c->m.lines[i], 64) != 0) {
			rc = lt_error_set(err, LT_ECORRUPT,
			                  LT_TR("bộ sao lưu %s hỏng: %s không khớp mã SHA-256",
			                        "backup set %s is damaged: %s does not match its "
			                        "SHA-256"),
			                  dir, rel);
			goto out;
		}
	}
	if ((rc = first_unlisted(dir, &c->m, &name, err)) != 0)
		goto out;
	if (name.len) {
		rc =
		    lt_error_set(err, LT_ECORRUPT,
		                 LT_TR("bộ sao lưu %s có tệp không có trong tệp kê khai: %s",
		                       "backup set %s holds a file its manifest does not list: %s"),
		                 dir, name.data);
		goto out;
	}
	lt_buf_reset(&p);
	if (lt_fs_join(&p, dir, "catalog.db"))
		goto nomem;
	if (!manifest_find(&c->m, "catalog.db")) {
		rc = lt_error_set(err, LT_ECORRUPT,
		                  LT_TR("bộ sao lưu %s không có danh mục catalog.db",
		                        "backup set %s has no catalog.db"),
		                  dir);
		goto out;
	}
	if ((rc = named_load(&c->nb, p.data, err)) != 0)
		goto out;
	if ((rc = first_unlisted_blob(dir, &c->m, &c->s, &c->nb, &name)) != 0)
		goto nomem;
	if (name.len)
		rc =
		    lt_error_set(err, LT_ECORRUPT,
		                 LT_TR("bộ sao lưu %s thiếu tệp lưu trữ mà danh mục của nó ghi: %s",
		                       "backup set %s lacks a stored file its catalog names: %s"),
		                 dir, name.data);
	goto out;
nomem:
	rc = oom(err);
out:
	if (rc && rc != LT_ENOTFOUND)
		unfinished_note(dir, err);
	if (rc)
		checked_free(c);
	lt_buf_free(&p);
	lt_buf_free(&name);
	return rc;
}

static void fill_info(lt_backup_set_info *info, const checked *c)
{
	memset(info, 0, sizeof(*info));
	snprintf(info->kind, sizeof(info->kind), "%s", c->s.kind);
	snprintf(info->created, sizeof(info->created), "%s", c->s.sealed);
	snprintf(info->key_sha256, sizeof(info->key_sha256), "%s", c->s.key_sha256);
	info->files = c->m.n;
	if (c->s.nskipped && (info->skipped = malloc(c->s.nskipped * sizeof(*info->skipped)))) {
		memcpy(info->skipped, c->s.skipped, c->s.nskipped * sizeof(*info->skipped));
		info->nskipped = c->s.nskipped;
	}
}

void lt_backup_set_info_clear(lt_backup_set_info *info)
{
	if (info) {
		free(info->skipped);
		memset(info, 0, sizeof(*info));
	}
}

int lt_backup_check(const char *dir, const char *pubkey_path, lt_backup_set_info *info,
                    lt_error *err)
{
	checked c;
	int rc;

	if (info)
		memset(info, 0, sizeof(*info));
	if ((rc = check_set(&c, dir, pubkey_path, err)) != 0)
		return rc;
	if (info)
		fill_info(info, &c);
	checked_free(&c);
	return 0;
}

/* ---- backup ---------------------------------------------------------- */

static int snapshot_catalog(lt_catalog *cat, const char *dest, lt_error *err)
{
	sqlite3 *db = NULL;
	sqlite3_backup *bk;
	int rc = 0, s;

	unlink(dest);
	if (sqlite3_open_v2(dest, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		rc = lt_error_set(err, LT_EDB, "%s: %s", dest, sqlite3_errmsg(db));
		goto out;
	}
	bk = sqlite3_backup_init(db, "main", lt_catalog_db(cat), "main");
	if (!bk) {
		rc = lt_error_set(err, LT_EDB, "sqlite3_backup_init: %s", sqlite3_errmsg(db));
		goto out;
	}
	/* -1: every page in one step, under one read transaction of the
	 * source — the catalog at one moment. In WAL mode that reader
	 * neither waits for the writers nor holds them up. */
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
		rc = lt_error_set(err, LT_EDB, "%s: %s", dest, sqlite3_errmsg(db));
out:
	if (sqlite3_close(db) != SQLITE_OK && rc == 0)
		rc = lt_error_set(err, LT_EDB, "%s: %s", dest, sqlite3_errmsg(db));
	if (rc)
		unlink(dest);
	return rc;
}

/* Copy one stored file into the set through the verified reader, under
 * a .part name, then read the copy back. LT_ECORRUPT with *damage set
 * when the source is damaged (nothing is left in the set). */
static int copy_blob(lt_archive *ar, const char *sha, uint64_t size, const char *dst,
                     const char *who, lt_blob_damage *damage, lt_error *err)
{
	lt_fixity_reader *fx = NULL;
	lt_buf part = LT_BUF_INIT;
	char *buf = NULL, got[LT_SHA256_HEX_LEN + 1];
	size_t n = 0;
	int out = -1, rc;

	*damage = LT_BLOB_INTACT;
	if (lt_buf_printf(&part, "%s.part", dst) || !(buf = malloc(1 << 16))) {
		lt_buf_free(&part);
		return oom(err);
	}
	rc = lt_fixity_open(&fx, damage, ar, sha, size, who, "backup", err);
	if (rc == 0 && (out = open(part.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0444)) < 0)
		rc = io_fail(err, LT_TR("không ghi được", "cannot write"), part.data);
	while (rc == 0 && (rc = lt_fixity_read(fx, buf, 1 << 16, &n, err)) == 0 && n > 0)
		if (lt_fs_write_all(out, buf, n) != 0)
			rc = io_fail(err, LT_TR("không ghi được", "cannot write"), part.data);
	if (rc == LT_ECORRUPT && fx)
		*damage = lt_fixity_damage(fx);
	if (out >= 0 && close(out) != 0 && rc == 0)
		rc = io_fail(err, LT_TR("không ghi được", "cannot write"), part.data);
	lt_fixity_close(fx);
	free(buf);
	/* The bytes written are the bytes checked; read the copy back (a
	 * backup never read back is not known to be one). Durability for
	 * every copy at once: syncfs before the seal. */
	if (rc == 0 && (sha_of_file(part.data, got) != 0 || strcmp(got, sha) != 0))
		rc = lt_error_set(err, LT_EIO,
		                  LT_TR("bản sao %s đọc lại không khớp mã SHA-256 (lỗi thiết bị "
		                        "sao lưu?)",
		                        "the copy %s does not read back as its SHA-256 (a fault of "
		                        "the backup medium?)"),
		                  part.data);
	if (rc == 0 && rename(part.data, dst) != 0)
		rc = io_fail(err, "rename", dst);
	if (rc)
		unlink(part.data);
	lt_buf_free(&part);
	return rc;
}

static int copy_blobs(lt_archive *ar, const char *dir, const char *snapshot, const manifest *have,
                      const char *who, lt_backup_result *res, lt_error *err)
{
	named_blobs nb;
	lt_buf dst = LT_BUF_INIT;
	int rc;

	if ((rc = named_load(&nb, snapshot, err)) != 0)
		return rc;
	res->verified = 1;
	for (size_t i = 0; i < nb.n && rc == 0; i++) {
		const char *sha = nb.sha[i];
		char rel[80];
		lt_blob_damage d = LT_BLOB_INTACT;
		struct stat sb;

		lt_progress_report("blobs", i + 1, nb.n); /* core/progress.h */
		blob_rel(rel, sha);
		lt_buf_reset(&dst);
		if (lt_fs_join(&dst, dir, rel)) {
			rc = oom(err);
			break;
		}
		/* Listed by the previous run and still there with its size:
		 * blobs never change. */
		if (have && manifest_find(have, rel) && stat(dst.data, &sb) == 0 &&
		    (uint64_t)sb.st_size == nb.size[i])
			continue;
		{
			char *slash = strrchr(dst.data, '/');
			*slash = '\0';
			rc = lt_fs_mkdirs(dst.data, err);
			*slash = '/';
		}
		if (rc == 0)
			rc = copy_blob(ar, sha, nb.size[i], dst.data, who, &d, err);
		if (rc == LT_ECORRUPT && d != LT_BLOB_INTACT) {
			/* Reported and left out (fixity has marked it); the rest
			 * is backed up and the seal lists what is missing. */
			lt_log_warn("backup: %s", err->message);
			if (add_skipped(&res->skipped, &res->nskipped, sha, d))
				rc = oom(err);
			else
				rc = 0;
			lt_error_clear(err);
			continue;
		}
		if (rc)
			break;
		res->blobs_copied++;
		res->bytes_copied += nb.size[i];
	}
	named_free(&nb);
	lt_buf_free(&dst);
	return rc;
}

/* Remove the leftovers of a run that died (.part, .tmp-…). */
static int remove_leftovers(const char *dir, lt_error *err)
{
	lt_buf list = LT_BUF_INIT, p = LT_BUF_INIT;
	char **files = NULL;
	size_t n = 0;
	int rc = walk(dir, "", 1, &list, err);

	if (rc == 0 && list.len && split_lines(list.data, &files, &n))
		rc = oom(err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		lt_buf_reset(&p);
		if (lt_fs_join(&p, dir, files[i]))
			rc = oom(err);
		else
			unlink(p.data);
	}
	free(files);
	lt_buf_free(&list);
	lt_buf_free(&p);
	return rc;
}

/* The marker: created and held locked (flock) for the run; it says which
 * run to a restore that finds it. LT_EBUSY when another run holds it. */
static int marker_take(const char *dir, const char *started, int *fd, lt_error *err)
{
	lt_buf p = LT_BUF_INIT, text = LT_BUF_INIT;
	int rc = 0;

	*fd = -1;
	if (lt_fs_join(&p, dir, LT_BACKUP_MARKER) ||
	    lt_buf_printf(&text, "started %s pid %ld\n", started, (long)getpid())) {
		rc = oom(err);
		goto out;
	}
	*fd = open(p.data, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (*fd < 0) {
		rc = io_fail(err, LT_TR("không ghi được", "cannot write"), p.data);
		goto out;
	}
	if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
		rc = lt_error_set(err, LT_EBUSY,
		                  LT_TR("một lần sao lưu khác đang ghi vào %s",
		                        "another backup is writing into %s"),
		                  dir);
		close(*fd);
		*fd = -1;
		goto out;
	}
	if (ftruncate(*fd, 0) != 0 || lt_fs_write_all(*fd, text.data, text.len) != 0 ||
	    fsync(*fd) != 0 || lt_fs_fsync_dir(dir, NULL) != 0)
		rc = io_fail(err, LT_TR("không ghi được", "cannot write"), p.data);
out:
	lt_buf_free(&p);
	lt_buf_free(&text);
	return rc;
}

static void marker_drop(const char *dir, int fd, int remove)
{
	lt_buf p = LT_BUF_INIT;

	if (remove && lt_fs_join(&p, dir, LT_BACKUP_MARKER) == 0) {
		unlink(p.data);
		lt_fs_fsync_dir(dir, NULL);
	}
	if (fd >= 0)
		close(fd);
	lt_buf_free(&p);
}

/* The run in backup_runs and the audit log, in one transaction that
 * waits for the write lock as long as it must (the set is sealed). */
static int log_run(lt_catalog *cat, const char *who, const char *dir, const char *started,
                   lt_backup_kind kind, const lt_backup_result *res, const char *seal_sha,
                   int finished, int64_t *id, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_buf detail = LT_BUF_INIT;
	char obj[32];
	int rc;

	if ((rc = lt_catalog_begin_patient(cat, LOG_WAIT_SECONDS, err)) != 0)
		return rc;
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "INSERT INTO main.backup_runs(started_at, finished_at, kind, dir,"
	                       " files, bytes, manifest_sha256, verified, skipped, seal_sha256)"
	                       " VALUES (?, CASE WHEN ? THEN " LT_NOW_SQL
	                       " END, ?, ?, ?, ?, ?, ?, ?, ?)",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "backup_runs");
		goto out;
	}
	sqlite3_bind_text(st, 1, started, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, finished);
	sqlite3_bind_text(st, 3, kind == LT_BACKUP_FULL ? "full" : "incremental", -1,
	                  SQLITE_STATIC);
	sqlite3_bind_text(st, 4, dir, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)res->files);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)res->bytes);
	if (finished)
		sqlite3_bind_text(st, 7, res->manifest_sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, finished && res->verified);
	sqlite3_bind_int64(st, 9, (sqlite3_int64)res->nskipped);
	if (finished && seal_sha)
		sqlite3_bind_text(st, 10, seal_sha, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "backup_runs");
	else
		*id = sqlite3_last_insert_rowid(lt_catalog_db(cat));
	sqlite3_finalize(st);
	snprintf(obj, sizeof(obj), "backup_run:%lld", (long long)*id);
	if (rc == 0 &&
	    lt_buf_printf(&detail,
	                  "kind=%s dir=%s %s files=%llu bytes=%llu copied=%llu skipped=%zu "
	                  "manifest=%s seal=%s",
	                  kind == LT_BACKUP_FULL ? "full" : "incremental", dir,
	                  finished ? (res->nskipped ? "incomplete" : "complete") : "failed",
	                  (unsigned long long)res->files, (unsigned long long)res->bytes,
	                  (unsigned long long)res->blobs_copied, res->nskipped,
	                  finished ? res->manifest_sha256 : "-", seal_sha ? seal_sha : "-"))
		rc = oom(err);
	for (size_t i = 0; rc == 0 && finished && i < res->nskipped && i < 20; i++)
		if (lt_buf_printf(&detail, " %s:%s", lt_blob_damage_name(res->skipped[i].damage),
		                  res->skipped[i].sha256))
			rc = oom(err);
	if (rc == 0)
		rc = lt_audit_append(cat, who ? who : "cli",
		                     finished ? "backup.run" : "backup.failed", obj, detail.data,
		                     NULL, err);
out:
	lt_buf_free(&detail);
	if (rc == 0)
		return lt_catalog_commit(cat, err);
	lt_catalog_rollback(cat);
	return rc;
}

void lt_backup_result_clear(lt_backup_result *r)
{
	if (r) {
		free(r->skipped);
		r->skipped = NULL;
		r->nskipped = 0;
	}
}

json_t *lt_backup_result_json(const lt_backup_result *r, const char *name, lt_backup_kind kind)
{
	json_t *skipped = json_array();

	for (size_t i = 0; skipped && i < r->nskipped; i++)
		json_array_append_new(
		    skipped, json_pack("{s:s, s:s}", "sha256", r->skipped[i].sha256, "damage",
		                       lt_blob_damage_name(r->skipped[i].damage)));
	return json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:b, s:b, s:o, s:s, s:s}", "name",
	                 name, "kind", kind == LT_BACKUP_INCREMENTAL ? "incremental" : "full",
	                 "runId", (json_int_t)r->run_id, "files", (json_int_t)r->files, "bytes",
	                 (json_int_t)r->bytes, "blobsCopied", (json_int_t)r->blobs_copied,
	                 "bytesCopied", (json_int_t)r->bytes_copied, "verified", r->verified,
	                 "complete", r->nskipped == 0, "skipped", skipped, "manifestSha256",
	                 r->manifest_sha256, "keySha256", r->key_sha256);
}

/* A set as others are shown it: its directory's last part, no path. */
static const char *set_name(const char *dir)
{
	const char *slash = strrchr(dir, '/');
	return slash && slash[1] ? slash + 1 : dir;
}

/* The end of a backup in the work registry (archive/work.h): a sealed set,
 * complete or not, is a result; anything else a failure, the set's path
 * shown by its name. */
static void backup_leave(lt_work_scope *scope, lt_catalog *cat, const char *dir, int sealed,
                         const lt_backup_result *res, lt_backup_kind kind, const lt_error *err)
{
	const char *name = set_name(dir);
	json_t *j = NULL;
	char *text = NULL;
	lt_error shown;

	if (!scope->owned)
		return;
	if (sealed) {
		j = lt_backup_result_json(res, name, kind);
		text = j ? json_dumps(j, JSON_COMPACT) : NULL;
		json_decref(j);
		lt_work_leave(scope, cat, text, NULL);
		free(text);
		return;
	}
	shown = *err;
	lt_error_hide_path(&shown, dir, name);
	lt_work_leave(scope, cat, NULL, &shown);
}

/* A full run may start in an empty directory, or over an unfinished set
 * (its marker there, no seal). */
static int full_target_ok(const char *dir)
{
	lt_buf m = LT_BUF_INIT, s = LT_BUF_INIT;
	int ok;

	if (!lt_fs_exists(dir) || dir_is_empty(dir))
		return 1;
	ok = lt_fs_join(&m, dir, LT_BACKUP_MARKER) == 0 &&
	     lt_fs_join(&s, dir, LT_BACKUP_SEAL) == 0 && lt_fs_exists(m.data) &&
	     !lt_fs_exists(s.data);
	lt_buf_free(&m);
	lt_buf_free(&s);
	return ok;
}

int lt_backup_run(lt_archive *ar, const char *dir, lt_backup_kind kind, const char *who,
                  lt_backup_result *out, lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	lt_backup_result res;
	lt_buf snap = LT_BUF_INIT, final = LT_BUF_INIT, sealp = LT_BUF_INIT;
	manifest have;
	seal old;
	char started[LT_AUDIT_TIME_LEN], seal_sha[LT_SHA256_HEX_LEN + 1] = "";
	char *abs_dir = NULL;
	uint64_t lines = 0;
	int rc, marker = -1, sealed = 0, began = 0;
	lt_error lerr = LT_ERROR_INIT;
	lt_work_scope scope = LT_WORK_SCOPE_INIT;
	int64_t id = 0;

	memset(&res, 0, sizeof(res));
	memset(&have, 0, sizeof(have));
	memset(&old, 0, sizeof(old));
	if (out)
		memset(out, 0, sizeof(*out));
	if ((rc = lt_access_require_whole(lt_catalog_principal(cat), "sao lưu", "back up", err)) !=
	    0)
		return rc;
	lt_audit_now(started);
	if (!dir || !*dir)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("thiếu thư mục sao lưu", "missing backup directory"));
	if (kind == LT_BACKUP_FULL && !full_target_ok(dir))
		return lt_error_set(err, LT_EEXISTS,
		                    LT_TR("không sao lưu đầy đủ vào %s: thư mục không trống (dùng "
		                          "--incremental để cập nhật bộ sao lưu có sẵn, hoặc chọn "
		                          "thư mục mới)",
		                          "cannot make a full backup in %s: the directory is not "
		                          "empty (use --incremental to update an existing set, or "
		                          "choose a new directory)"),
		                    dir);
	if (kind == LT_BACKUP_INCREMENTAL) {
		char mine[LT_SHA256_HEX_LEN + 1];
		lt_buf pub = LT_BUF_INIT;
		rc = manifest_load(&have, dir, err);
		if (rc == LT_ENOTFOUND)
			rc = lt_error_set(err, LT_ENOTFOUND,
			                  LT_TR("không sao lưu gia tăng vào %s: chưa có bộ sao lưu "
			                        "đầy đủ ở đó (thiếu %s); hãy chạy `luutru backup "
			                        "%s` trước",
			                        "cannot make an incremental backup in %s: no full "
			                        "backup there (%s is missing); run `luutru backup "
			                        "%s` first"),
			                  dir, LT_BACKUP_MANIFEST, dir);
		/* The listing decides what is not copied again: it must be
		 * this archive's own sealed set. */
		if (rc == 0)
			rc = seal_load(&old, dir, NULL, err);
		if (rc == 0 && (lt_fs_join(&pub, lt_archive_dir(ar), PUBKEY_FILE) ||
		                sha_of_file(pub.data, mine) != 0 || strcmp(mine, old.key_sha256)))
			rc = lt_error_set(
			    err, LT_ESTATE,
			    LT_TR("bộ sao lưu %s được niêm phong bằng khóa khác: không "
			          "phải của kho này; hãy sao lưu đầy đủ vào thư mục mới",
			          "backup set %s was sealed with another key: it is not "
			          "this archive's; make a full backup into a new "
			          "directory"),
			    dir);
		lt_buf_free(&pub);
		if (rc && rc != LT_ENOTFOUND && rc != LT_ESTATE)
			lt_error_prefix(
			    err,
			    LT_TR("không sao lưu gia tăng vào %s (hãy sao lưu đầy đủ vào "
			          "thư mục mới)",
			          "cannot update %s (make a full backup into a new "
			          "directory)"),
			    dir);
		if (rc)
			goto out;
	}
	/* 0. in the registry of long work: one backup at a time, whoever
	 * starts it (the command line, the web UI) */
	if ((rc = lt_work_enter(&scope, cat, "backup", set_name(dir), err)) != 0)
		goto out;
	if ((rc = lt_fs_mkdirs(dir, err)) != 0)
		goto out;
	/* 1. one run per set, and a trace of it until the seal */
	if ((rc = marker_take(dir, started, &marker, err)) != 0)
		goto out;
	began = 1;
	if (kind == LT_BACKUP_FULL) {
		/* an unfinished set found here starts over (the marker stays) */
		DIR *d = opendir(dir);
		struct dirent *e;
		while (d && (e = readdir(d)) != NULL) {
			lt_buf p = LT_BUF_INIT;
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
			    strcmp(e->d_name, LT_BACKUP_MARKER) &&
			    lt_fs_join(&p, dir, e->d_name) == 0)
				lt_fs_remove_tree(p.data, NULL);
			lt_buf_free(&p);
		}
		if (d)
			closedir(d);
	} else if ((rc = remove_leftovers(dir, err)) != 0) {
		goto out;
	}
	abs_dir = realpath(dir, NULL);
	if (lt_fs_join(&snap, dir, "catalog.db.part") || lt_fs_join(&final, dir, "catalog.db") ||
	    lt_fs_join(&sealp, dir, LT_BACKUP_SEAL)) {
		rc = oom(err);
		goto out;
	}
	/* 2. keys and settings before the snapshot: a witness of the audit
	 * chain kept beside the keys then never names an entry the
	 * snapshot lacks */
	if ((rc = copy_if_exists(lt_archive_dir(ar), dir, "keys", err)) != 0 ||
	    (rc = copy_if_exists(lt_archive_dir(ar), dir, "luutru.conf", err)) != 0)
		goto out;
	/* 3. the catalog at one moment */
	if ((rc = snapshot_catalog(cat, snap.data, err)) != 0)
		goto out;
	/* 4. the stored files it names */
	if ((rc = copy_blobs(ar, dir, snap.data, kind == LT_BACKUP_INCREMENTAL ? &have : NULL, who,
	                     &res, err)) != 0)
		goto out;
	/* 5. everything durable, then the manifest and its seal */
	if (rename(snap.data, final.data) != 0) {
		rc = io_fail(err, "rename", final.data);
		goto out;
	}
	if ((rc = sync_dir_fs(dir, err)) != 0)
		goto out;
	if ((rc = write_manifest(dir, &res, &lines, err)) != 0 ||
	    (rc = write_seal(ar, dir, kind, started, lines, &res, err)) != 0)
		goto out;
	sealed = 1;
	sha_of_file(sealp.data, seal_sha);
	marker_drop(dir, marker, 1);
	marker = -1;
out:
	if (marker >= 0)
		marker_drop(dir, marker, 0);
	if (snap.data)
		unlink(snap.data);
	/* 6. the log: a sealed run, or the failure of one */
	if (began) {
		int lrc = log_run(cat, who, abs_dir ? abs_dir : dir, started, kind, &res,
		                  sealed ? seal_sha : NULL, sealed, &id, &lerr);
		if (lrc && sealed && rc == 0) {
			lt_error_set(
			    err, lrc,
			    LT_TR("bộ sao lưu %s đã niêm phong, nhưng không ghi được nhật ký "
			          "sao lưu: %s",
			          "backup set %s is sealed, but the backup log could not be "
			          "written: %s"),
			    dir, lerr.message);
			rc = lrc;
		}
	}
	res.run_id = id;
	if (rc == 0 && res.nskipped)
		rc = lt_error_set(
		    err, LT_ECORRUPT,
		    LT_TR("bộ sao lưu %s chưa đủ: %zu tệp lưu trữ hỏng không được sao "
		          "lưu (đầu tiên: %s, %s); phần còn lại đã được sao lưu và "
		          "niêm phong",
		          "backup set %s is incomplete: %zu damaged stored files were "
		          "left out (first: %s, %s); the rest is backed up and sealed"),
		    dir, res.nskipped, res.skipped[0].sha256,
		    lt_blob_damage_text(res.skipped[0].damage));
	backup_leave(&scope, cat, dir, sealed, &res, kind, err);
	if (out && sealed)
		*out = res;
	else
		lt_backup_result_clear(&res);
	free(abs_dir);
	manifest_free(&have);
	seal_free(&old);
	lt_buf_free(&snap);
	lt_buf_free(&final);
	lt_buf_free(&sealp);
	return rc;
}

/* ---- restore --------------------------------------------------------- */

/* data_dir holds what a restore left that did not finish: its marker,
 * there from before the first file is copied until the restored catalog
 * has recorded the restore. */
static int restore_unfinished(const char *data_dir)
{
	lt_buf p = LT_BUF_INIT;
	int yes = lt_fs_join(&p, data_dir, LT_BACKUP_RESTORE_MARKER) == 0 && lt_fs_exists(p.data);

	lt_buf_free(&p);
	return yes;
}

/* The stored files left out of the set are missing from the restored
 * archive: marked so (archive/fixity.h's mark), with the restore's audit
 * entry, in one transaction. */
static int restored(lt_archive *ar, const char *dir, const checked *c, lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	lt_buf detail = LT_BUF_INIT;
	int rc;

	/* keys/ was copied before the catalog's snapshot: its audit head may
	 * lag the snapshot; make it the restored log's newest seal
	 * (archive/audit.h). */
	if ((rc = lt_audit_head_write(cat, lt_archive_dir(ar), err)) != 0)
		return rc;
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	for (size_t i = 0; rc == 0 && i < c->s.nskipped; i++) {
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(
		        lt_catalog_db(cat),
		        "UPDATE main.blobs SET damage = 'missing', damage_found_at = "
		        "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE sha256 = ?",
		        -1, &st, NULL) != SQLITE_OK)
			rc = lt_catalog_error(cat, err, "blobs");
		else {
			sqlite3_bind_text(st, 1, c->s.skipped[i].sha256, -1, SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = lt_catalog_error(cat, err, "blobs");
		}
		sqlite3_finalize(st);
	}
	if (rc == 0 &&
	    lt_buf_printf(&detail, "from=%s sealed=%s kind=%s files=%zu skipped=%zu key=%s", dir,
	                  c->s.sealed, c->s.kind, c->m.n, c->s.nskipped, c->s.key_sha256))
		rc = oom(err);
	if (rc == 0)
		rc = lt_audit_append(cat, "cli", "backup.restore", lt_archive_dir(ar), detail.data,
		                     NULL, err);
	lt_buf_free(&detail);
	if (rc) {
		lt_catalog_rollback(cat);
		return rc;
	}
	return lt_catalog_commit(cat, err);
}

int lt_backup_restore(const char *dir, const char *data_dir, const lt_backup_restore_options *o,
                      lt_backup_set_info *info, lt_error *err)
{
	lt_backup_restore_options defaults = LT_BACKUP_RESTORE_OPTIONS_INIT;
	lt_archive *ar = NULL;
	checked c;
	lt_buf s = LT_BUF_INIT, t = LT_BUF_INIT;
	int created = 0, rc;

	if (!o)
		o = &defaults;
	if (info)
		memset(info, 0, sizeof(*info));
	if (!dir || !*dir || !data_dir || !*data_dir)
		return lt_error_set(err, LT_EINVAL, "lt_backup_restore: dir, data_dir");
	if ((rc = check_set(&c, dir, o->pubkey_path, err)) != 0)
		return rc;
	if (c.s.nskipped && !o->allow_incomplete) {
		char rec[200];
		lt_buf_printf(&s, "%s/catalog.db", dir);
		record_of(s.data, c.s.skipped[0].sha256, rec, sizeof(rec));
		rc = lt_error_set(
		    err, LT_ESTATE,
		    LT_TR("bộ sao lưu %s chưa đủ: %zu tệp lưu trữ hỏng khi sao lưu nên "
		          "không có trong bộ (đầu tiên: %s của văn bản %s, %s); khôi "
		          "phục vẫn được với --allow-incomplete, các tệp đó sẽ được "
		          "ghi là mất",
		          "backup set %s is incomplete: %zu stored files were damaged "
		          "when it was made and are not in it (first: %s of record "
		          "%s, %s); --allow-incomplete restores it anyway, with those "
		          "files recorded as missing"),
		    dir, c.s.nskipped, c.s.skipped[0].sha256, rec,
		    lt_blob_damage_text(c.s.skipped[0].damage));
		goto done;
	}
	if (lt_fs_exists(data_dir) && lt_fs_is_dir(data_dir) && restore_unfinished(data_dir))
		empty_dir(data_dir); /* a restore that died here: start it over */
	if (lt_fs_exists(data_dir) && (!lt_fs_is_dir(data_dir) || !dir_is_empty(data_dir))) {
		rc =
		    lt_error_set(err, LT_EEXISTS,
		                 LT_TR("không khôi phục vào %s: thư mục không trống (khôi phục "
		                       "chỉ ghi vào thư mục trống hoặc chưa tồn tại; nếu lần khôi "
		                       "phục trước bị ngắt khi đang dựng chỉ mục, hãy chạy `luutru "
		                       "--data %s reindex`)",
		                       "cannot restore into %s: the directory is not empty "
		                       "(restore only writes into an empty or new directory; if an "
		                       "earlier restore was stopped while it built the index, run "
		                       "`luutru --data %s reindex`)"),
		                 data_dir, data_dir);
		goto done;
	}
	created = !lt_fs_exists(data_dir);
	if ((rc = lt_fs_mkdirs(data_dir, err)) != 0)
		goto done;
	/* first: a restore killed from here on is known as one */
	lt_buf_reset(&t);
	if (lt_fs_join(&t, data_dir, LT_BACKUP_RESTORE_MARKER) ||
	    lt_fs_write_atomic(t.data, dir, strlen(dir), err) != 0) {
		rc = err && err->code ? err->code : oom(err);
		goto fail;
	}
	if ((rc = copy_if_exists(dir, data_dir, "catalog.db", err)) != 0 ||
	    (rc = copy_if_exists(dir, data_dir, "keys", err)) != 0 ||
	    (rc = copy_if_exists(dir, data_dir, "luutru.conf", err)) != 0)
		goto fail;
	/* The stored files the catalog names (a set updated in place may
	 * still hold files destroyed since: they are not restored). */
	for (size_t i = 0; rc == 0 && i < c.nb.n; i++) {
		char rel[80];
		blob_rel(rel, c.nb.sha[i]);
		if (!manifest_find(&c.m, rel))
			continue; /* left out as damaged */
		lt_buf_reset(&s);
		lt_buf_reset(&t);
		if (lt_fs_join(&s, dir, rel) || lt_fs_join(&t, data_dir, rel)) {
			rc = oom(err);
			break;
		}
		{
			char *slash = strrchr(t.data, '/');
			*slash = '\0';
			rc = lt_fs_mkdirs(t.data, err);
			*slash = '/';
		}
		if (rc == 0)
			rc = copy_file(s.data, t.data, err);
	}
	if (rc)
		goto fail;
	lt_buf_reset(&t);
	if (lt_fs_join(&t, data_dir, "blobs") || lt_fs_mkdirs(t.data, err)) {
		rc = err && err->code ? err->code : oom(err);
		goto fail;
	}
	/* all of it durable before the restore is recorded as done */
	if ((rc = sync_dir_fs(data_dir, err)) != 0)
		goto fail;
	if ((rc = lt_archive_open(&ar, data_dir, 0, err)) != 0)
		goto fail;
	rc = restored(ar, dir, &c, err);
	lt_archive_free(ar);
	if (rc)
		goto fail;
	/* the archive is whole: from here on the directory is the user's
	 * (the index, derived, is the caller's to build) */
	lt_buf_reset(&t);
	if (lt_fs_join(&t, data_dir, LT_BACKUP_RESTORE_MARKER) || unlink(t.data) != 0 ||
	    lt_fs_fsync_dir(data_dir, err) != 0) {
		rc = err && err->code
		         ? err->code
		         : io_fail(err, LT_TR("không xóa được", "cannot remove"), lt_buf_cstr(&t));
		goto fail;
	}
	if (info)
		fill_info(info, &c);
	goto done;
fail:
	if (created)
		lt_fs_remove_tree(data_dir, NULL);
	else
		empty_dir(data_dir); /* it was empty: empty it again */
done:
	checked_free(&c);
	lt_buf_free(&s);
	lt_buf_free(&t);
	return rc;
}
