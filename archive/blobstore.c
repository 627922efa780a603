/*
 * archive/blobstore.c — content-addressed files under <root>. See
 * blobstore.h for the layout and docs/internals/blobstore.md.
 *
 * Invariants:
 *   1. A file at <root>/ab/cd/<sha> always holds exactly the bytes whose
 *      SHA-256 is <sha>: it only appears there by an atomic link/rename of
 *      a temp file that was completely written, hashed and fsync'ed.
 *   2. Placing a blob never replaces an existing file: link(2) fails with
 *      EEXIST when another writer got there first, and then that writer's
 *      file is kept and this one reports existed = 1. So exactly one of
 *      several concurrent puts of the same bytes reports existed = 0.
 *   3. Temp files live in <root>/tmp (same file system, so the final link
 *      or rename is atomic) and are unlinked on every failure path.
 */
#include "archive/blobstore.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "core/fs.h"

#define CHUNK (64 * 1024)

struct lt_blobstore {
	char *root;
	char *tmp;
};

struct lt_blob_writer {
	lt_blobstore *bs;
	EVP_MD_CTX *md;
	int fd;
	char *tmp_path;
	uint64_t size;
	uint64_t max;
	int failed; /* the temp file is gone; only abort is left */
};

static int io_error(lt_error *err, const char *what, const char *path)
{
	int e = errno;
	/* A full or read-only disk is named as such (core/fs.h). */
	if (lt_fs_errno_is_full(e))
		return lt_fs_error(err, what, path, e);
	return lt_error_set(err, LT_EIO, "%s %s: %s", what, path, strerror(e));
}

static void to_hex(const unsigned char *md, char out[LT_SHA256_HEX_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[LT_SHA256_HEX_LEN] = '\0';
}

/* Only 64 lower-case hex digits name a blob: anything else could walk out
 * of the store ("../"). */
static int valid_sha(const char *sha)
{
	size_t i;

	if (!sha)
		return 0;
	for (i = 0; i < LT_SHA256_HEX_LEN; i++)
		if (!((sha[i] >= '0' && sha[i] <= '9') || (sha[i] >= 'a' && sha[i] <= 'f')))
			return 0;
	return sha[i] == '\0';
}

static int bad_sha(lt_error *err, const char *sha)
{
	return lt_error_set(err, LT_EINVAL, "%s: \"%.80s\"",
	                    LT_TR("mã SHA-256 không hợp lệ", "invalid SHA-256"), sha ? sha : "");
}

void lt_sha256_hex(const void *data, size_t len, char out[LT_SHA256_HEX_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
	to_hex(md, out);
}

static int hash_fd(int fd, const char *path, char out[LT_SHA256_HEX_LEN + 1], lt_error *err)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0;
	char *buf = malloc(CHUNK);
	int rc = 0;

	if (!md || !buf) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto out;
	}
	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	for (;;) {
		ssize_t n = read(fd, buf, CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = io_error(err, LT_TR("không đọc được", "cannot read"), path);
			goto out;
		}
		if (n == 0)
			break;
		EVP_DigestUpdate(md, buf, (size_t)n);
	}
	EVP_DigestFinal_ex(md, digest, &dlen);
	to_hex(digest, out);
out:
	EVP_MD_CTX_free(md);
	free(buf);
	return rc;
}

int lt_sha256_file_hex(const char *path, char out[LT_SHA256_HEX_LEN + 1], lt_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return errno == ENOENT ? lt_error_set(err, LT_ENOTFOUND, "%s %s: %s",
		                                      LT_TR("không mở được", "cannot open"), path,
		                                      LT_TR("không tồn tại", "does not exist"))
		                       : io_error(err, LT_TR("không mở được", "cannot open"), path);
	rc = hash_fd(fd, path, out, err);
	close(fd);
	return rc;
}

int lt_blobstore_open(lt_blobstore **out, const char *root, lt_error *err)
{
	lt_blobstore *bs;
	lt_buf tmp = LT_BUF_INIT;

	*out = NULL;
	if (!lt_fs_is_dir(root))
		return lt_error_set(err, LT_ENOTFOUND, "%s %s: %s",
		                    LT_TR("không mở được kho tệp", "cannot open the blob store"),
		                    root, LT_TR("không phải thư mục", "not a directory"));
	bs = calloc(1, sizeof(*bs));
	if (!bs || lt_fs_join(&tmp, root, "tmp") || !(bs->root = strdup(root))) {
		free(bs);
		lt_buf_free(&tmp);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	bs->tmp = lt_buf_detach(&tmp);
	/* A read-only store may lack tmp/: writes will then say why. */
	if (mkdir(bs->tmp, 0755) != 0 && errno != EEXIST && errno != EROFS && errno != EACCES) {
		int rc = io_error(err, LT_TR("không tạo được thư mục", "cannot create directory"),
		                  bs->tmp);
		lt_blobstore_free(bs);
		return rc;
	}
	*out = bs;
	return 0;
}

void lt_blobstore_free(lt_blobstore *bs)
{
	if (!bs)
		return;
	free(bs->root);
	free(bs->tmp);
	free(bs);
}

const char *lt_blobstore_root(const lt_blobstore *bs)
{
	return bs->root;
}

int lt_blobstore_path(lt_blobstore *bs, const char *sha256, lt_buf *out)
{
	if (!valid_sha(sha256))
		return LT_EINVAL;
	return lt_buf_printf(out, "%s/%.2s/%.2s/%s", bs->root, sha256, sha256 + 2, sha256);
}

int lt_blobstore_exists(lt_blobstore *bs, const char *sha256)
{
	lt_buf p = LT_BUF_INIT;
	int yes = 0;

	if (lt_blobstore_path(bs, sha256, &p) == 0)
		yes = access(p.data, F_OK) == 0;
	lt_buf_free(&p);
	return yes;
}

/* ---- writing ----------------------------------------------------------- */

int lt_blobstore_tmp_in_use(const char *path)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), busy;

	if (fd < 0)
		return 0; /* gone, or not a file this store writes */
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		busy = errno == EWOULDBLOCK;
	} else {
		busy = fstat(fd, &sb) == 0 && sb.st_size == 0 && time(NULL) - sb.st_mtime < 60;
		flock(fd, LOCK_UN);
	}
	close(fd);
	return busy;
}

/* The temp name goes before the descriptor (and with it the lock that
 * tells verify the file is still being written). */
static void writer_drop_temp(lt_blob_writer *w)
{
	if (w->tmp_path)
		unlink(w->tmp_path);
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	w->failed = 1;
}

void lt_blob_writer_abort(lt_blob_writer *w)
{
	if (!w)
		return;
	if (!w->failed)
		writer_drop_temp(w);
	EVP_MD_CTX_free(w->md);
	free(w->tmp_path);
	free(w);
}

int lt_blob_writer_new(lt_blob_writer **out, lt_blobstore *bs, uint64_t max_bytes, lt_error *err)
{
	lt_blob_writer *w;
	lt_buf p = LT_BUF_INIT;

	*out = NULL;
	w = calloc(1, sizeof(*w));
	if (!w)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	w->fd = -1;
	w->bs = bs;
	w->max = max_bytes;
	w->md = EVP_MD_CTX_new();
	if (!w->md || lt_buf_printf(&p, "%s/put-XXXXXX", bs->tmp)) {
		lt_buf_free(&p);
		w->failed = 1;
		lt_blob_writer_abort(w);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	w->tmp_path = lt_buf_detach(&p);
	if (mkdir(bs->tmp, 0755) != 0 && errno != EEXIST) {
		int rc = io_error(err, LT_TR("không tạo được thư mục", "cannot create directory"),
		                  bs->tmp);
		w->failed = 1;
		lt_blob_writer_abort(w);
		return rc;
	}
	w->fd = mkstemp(w->tmp_path);
	/* The lock lives as long as the writer's descriptor: a temp file
	 * nobody holds locked was left by a writer that died (see
	 * lt_blobstore_tmp_in_use), whatever its age. */
	if (w->fd < 0 || flock(w->fd, LOCK_EX | LOCK_NB) != 0) {
		int rc = io_error(err, LT_TR("không tạo được tệp tạm", "cannot create temp file"),
		                  w->tmp_path);
		if (w->fd >= 0)
			writer_drop_temp(w);
		w->failed = 1;
		lt_blob_writer_abort(w);
		return rc;
	}
	EVP_DigestInit_ex(w->md, EVP_sha256(), NULL);
	*out = w;
	return 0;
}

int lt_blob_writer_write(lt_blob_writer *w, const void *data, size_t len, lt_error *err)
{
	const char *p = data;

	if (w->failed)
		return lt_error_set(err, LT_ESTATE, "blob writer already failed");
	if (w->max && (len > w->max || w->size > w->max - len)) {
		writer_drop_temp(w);
		return lt_error_set(err, LT_ELIMIT,
		                    LT_TR("tệp quá lớn: vượt giới hạn %llu byte",
		                          "file too large: exceeds the limit of %llu bytes"),
		                    (unsigned long long)w->max);
	}
	EVP_DigestUpdate(w->md, data, len);
	while (len > 0) {
		ssize_t n = write(w->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int rc =
			    io_error(err, LT_TR("không ghi được", "cannot write"), w->tmp_path);
			writer_drop_temp(w);
			return rc;
		}
		p += n;
		len -= (size_t)n;
		w->size += (uint64_t)n;
	}
	return 0;
}

/* mkdir one fan-out level; a new directory is made durable in its parent. */
static int make_level(const char *dir, const char *parent, lt_error *err)
{
	if (mkdir(dir, 0755) == 0)
		return lt_fs_fsync_dir(parent, err);
	if (errno == EEXIST)
		return 0;
	return io_error(err, LT_TR("không tạo được thư mục", "cannot create directory"), dir);
}

int lt_blob_writer_commit(lt_blob_writer *w, lt_blob_info *out, lt_error *err)
{
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0;
	char sha[LT_SHA256_HEX_LEN + 1];
	lt_buf l1 = LT_BUF_INIT, l2 = LT_BUF_INIT, target = LT_BUF_INIT;
	int rc = 0, existed = 0;

	if (w->failed) {
		lt_blob_writer_abort(w);
		return lt_error_set(err, LT_ESTATE, "blob writer already failed");
	}
	EVP_DigestFinal_ex(w->md, digest, &dlen);
	to_hex(digest, sha);
	if (fchmod(w->fd, 0400) != 0 || fsync(w->fd) != 0) { /* read-only, private */
		rc = io_error(err, LT_TR("không ghi được", "cannot write"), w->tmp_path);
		goto out;
	}
	if (lt_buf_printf(&l1, "%s/%.2s", w->bs->root, sha) ||
	    lt_buf_printf(&l2, "%s/%.2s", l1.data, sha + 2) ||
	    lt_buf_printf(&target, "%s/%s", l2.data, sha)) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = make_level(l1.data, w->bs->root, err)) != 0 ||
	    (rc = make_level(l2.data, l1.data, err)) != 0)
		goto out;
	if (access(target.data, F_OK) == 0) {
		existed = 1;
	} else if (link(w->tmp_path, target.data) == 0) {
		rc = lt_fs_fsync_dir(l2.data, err);
	} else if (errno == EEXIST) {
		existed = 1; /* a concurrent writer placed the same bytes first */
	} else if (errno == EPERM || errno == EOPNOTSUPP || errno == ENOSYS) {
		/* No hard links on this file system: rename (may replace an
		 * identical file placed concurrently, which is harmless). */
		if (rename(w->tmp_path, target.data) != 0)
			rc = io_error(err, LT_TR("không lưu được blob", "cannot store blob"),
			              target.data);
		else
			rc = lt_fs_fsync_dir(l2.data, err);
	} else {
		rc = io_error(err, LT_TR("không lưu được blob", "cannot store blob"), target.data);
	}
	if (rc == 0 && out) {
		memcpy(out->sha256, sha, sizeof(sha));
		out->size = w->size;
		out->existed = existed;
	}
out:
	lt_buf_free(&l1);
	lt_buf_free(&l2);
	lt_buf_free(&target);
	writer_drop_temp(w); /* unlinks the temp name; the blob keeps its link */
	lt_blob_writer_abort(w);
	return rc;
}

int lt_blobstore_put_mem(lt_blobstore *bs, const void *data, size_t len, lt_blob_info *out,
                         lt_error *err)
{
	lt_blob_writer *w;
	int rc = lt_blob_writer_new(&w, bs, 0, err);

	if (rc)
		return rc;
	if ((rc = lt_blob_writer_write(w, data, len, err)) != 0) {
		lt_blob_writer_abort(w);
		return rc;
	}
	return lt_blob_writer_commit(w, out, err);
}

int lt_blobstore_put_file(lt_blobstore *bs, const char *path, uint64_t max_bytes, lt_blob_info *out,
                          lt_error *err)
{
	lt_blob_writer *w = NULL;
	struct stat st;
	char *buf = NULL;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT
		           ? lt_error_set(err, LT_ENOTFOUND, "%s %s: %s",
		                          LT_TR("không mở được tệp", "cannot open file"), path,
		                          LT_TR("không tồn tại", "does not exist"))
		           : io_error(err, LT_TR("không mở được tệp", "cannot open file"), path);
	if (fstat(fd, &st) != 0) {
		rc = io_error(err, LT_TR("không đọc được", "cannot read"), path);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = lt_error_set(err, LT_EINVAL, "%s: %s", path,
		                  LT_TR("không phải tệp thông thường", "not a regular file"));
		goto out;
	}
	/* Refuse early when the size is known; the writer still enforces the
	 * cap for a file that grows while it is read. */
	if (max_bytes && (uint64_t)st.st_size > max_bytes) {
		rc = lt_error_set(err, LT_ELIMIT,
		                  LT_TR("tệp %s quá lớn: %llu byte, giới hạn %llu byte",
		                        "file %s is too large: %llu bytes, the limit is %llu"),
		                  path, (unsigned long long)st.st_size,
		                  (unsigned long long)max_bytes);
		goto out;
	}
	buf = malloc(CHUNK);
	if (!buf) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = lt_blob_writer_new(&w, bs, max_bytes, err)) != 0)
		goto out;
	for (;;) {
		ssize_t n = read(fd, buf, CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = io_error(err, LT_TR("không đọc được", "cannot read"), path);
			break;
		}
		if (n == 0)
			break;
		if ((rc = lt_blob_writer_write(w, buf, (size_t)n, err)) != 0)
			break;
	}
	if (rc)
		lt_blob_writer_abort(w);
	else
		rc = lt_blob_writer_commit(w, out, err);
out:
	free(buf);
	close(fd);
	return rc;
}

int lt_blobstore_remove(lt_blobstore *bs, const char *sha256, lt_error *err)
{
	lt_buf p = LT_BUF_INIT;
	int rc = 0;

	if (!valid_sha(sha256))
		return bad_sha(err, sha256);
	if (lt_blobstore_path(bs, sha256, &p))
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	if (unlink(p.data) == 0) {
		char *slash = strrchr(p.data, '/');
		*slash = '\0';
		rc = lt_fs_fsync_dir(p.data, err);
	} else if (errno != ENOENT) {
		rc = io_error(err, LT_TR("không xóa được blob", "cannot remove blob"), p.data);
	}
	lt_buf_free(&p);
	return rc;
}

/* ---- verified reading --------------------------------------------------- */

struct lt_blob_reader {
	int fd;
	char sha[LT_SHA256_HEX_LEN + 1];
	uint64_t expected; /* LT_BLOB_SIZE_UNKNOWN: any */
	uint64_t size;     /* on disk at open */
	uint64_t done;     /* bytes hashed since the first byte */
	EVP_MD_CTX *md;
	lt_blob_damage damage;
	int ended; /* the end was reached and matched */
};

const char *lt_blob_damage_name(lt_blob_damage d)
{
	switch (d) {
	case LT_BLOB_MISSING: return "missing";
	case LT_BLOB_SIZE_CHANGED: return "size_changed";
	case LT_BLOB_CONTENT_CHANGED: return "content_changed";
	default: return "";
	}
}

lt_blob_damage lt_blob_damage_parse(const char *name)
{
	if (!name)
		return LT_BLOB_INTACT;
	if (!strcmp(name, "missing"))
		return LT_BLOB_MISSING;
	if (!strcmp(name, "size_changed"))
		return LT_BLOB_SIZE_CHANGED;
	if (!strcmp(name, "content_changed"))
		return LT_BLOB_CONTENT_CHANGED;
	return LT_BLOB_INTACT;
}

const char *lt_blob_damage_text(lt_blob_damage d)
{
	switch (d) {
	case LT_BLOB_MISSING:
		return LT_TR("mất tệp (không còn trong kho)", "missing from the store");
	case LT_BLOB_SIZE_CHANGED: return LT_TR("dung lượng đã thay đổi", "size changed");
	case LT_BLOB_CONTENT_CHANGED:
		return LT_TR("nội dung đã thay đổi (SHA-256 không khớp)",
		             "content changed (SHA-256 does not match)");
	default: return LT_TR("nguyên vẹn", "intact");
	}
}

static int reader_damaged(lt_blob_reader *r, lt_blob_damage d, uint64_t size, const char *got,
                          lt_error *err)
{
	r->damage = d;
	if (d == LT_BLOB_MISSING)
		return lt_error_set(
		    err, LT_ECORRUPT,
		    LT_TR("blob %s không có trong kho", "blob %s is missing from the store"),
		    r->sha);
	if (d == LT_BLOB_SIZE_CHANGED)
		return lt_error_set(
		    err, LT_ECORRUPT,
		    LT_TR("blob %s bị hỏng: dung lượng %llu byte, đúng ra %llu byte",
		          "blob %s is damaged: %llu bytes where %llu were stored"),
		    r->sha, (unsigned long long)size, (unsigned long long)r->expected);
	return lt_error_set(err, LT_ECORRUPT,
	                    LT_TR("blob %s bị hỏng: nội dung có SHA-256 %s",
	                          "blob %s is damaged: its content hashes to %s"),
	                    r->sha, got ? got : "?");
}

int lt_blob_reader_open(lt_blob_reader **out, lt_blob_damage *damage, lt_blobstore *bs,
                        const char *sha256, uint64_t size, lt_error *err)
{
	lt_blob_reader *r;
	lt_buf p = LT_BUF_INIT;
	struct stat sb;
	int rc = 0;

	*out = NULL;
	if (damage)
		*damage = LT_BLOB_INTACT;
	if (!valid_sha(sha256))
		return bad_sha(err, sha256);
	r = calloc(1, sizeof(*r));
	if (!r || !(r->md = EVP_MD_CTX_new()) || lt_blobstore_path(bs, sha256, &p)) {
		if (r)
			EVP_MD_CTX_free(r->md);
		free(r);
		lt_buf_free(&p);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	memcpy(r->sha, sha256, sizeof(r->sha));
	r->expected = size;
	r->fd = open(p.data, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	/* "Missing" is recorded as damage (lt_blob_reader_damage), so it must
	 * be the file's state, not the call's: an open that fails with ENOENT
	 * while the file is there (a transient fault, as libfiu injects in
	 * test_faults) is an I/O error to retry, and damage only when lstat
	 * agrees that no regular file is at the path. */
	if (r->fd < 0 && (errno == ENOENT || errno == ENOTDIR || errno == ELOOP) &&
	    (lstat(p.data, &sb) != 0 || !S_ISREG(sb.st_mode)))
		rc = reader_damaged(r, LT_BLOB_MISSING, 0, NULL, err);
	else if (r->fd < 0 || fstat(r->fd, &sb) != 0)
		rc = io_error(err, LT_TR("không mở được", "cannot open"), p.data);
	else if (!S_ISREG(sb.st_mode))
		rc = reader_damaged(r, LT_BLOB_MISSING, 0, NULL, err);
	else if ((r->size = (uint64_t)sb.st_size) != size && size != LT_BLOB_SIZE_UNKNOWN)
		rc = reader_damaged(r, LT_BLOB_SIZE_CHANGED, r->size, NULL, err);
	else if (!EVP_DigestInit_ex(r->md, EVP_sha256(), NULL))
		rc = lt_error_set(err, LT_ERR, "SHA-256 init");
	lt_buf_free(&p);
	if (damage)
		*damage = r->damage;
	if (rc) {
		lt_blob_reader_free(r);
		return rc;
	}
#ifdef POSIX_FADV_SEQUENTIAL
	posix_fadvise(r->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	*out = r;
	return 0;
}

/* The end: count and hash against the name. */
static int reader_finish(lt_blob_reader *r, lt_error *err)
{
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0;
	char got[LT_SHA256_HEX_LEN + 1];

	EVP_DigestFinal_ex(r->md, digest, &dlen);
	to_hex(digest, got);
	if (r->expected != LT_BLOB_SIZE_UNKNOWN && r->done != r->expected)
		return reader_damaged(r, LT_BLOB_SIZE_CHANGED, r->done, NULL, err);
	if (strcmp(got, r->sha) != 0)
		return reader_damaged(r, LT_BLOB_CONTENT_CHANGED, r->done, got, err);
	r->ended = 1;
	return 0;
}

int lt_blob_reader_read(lt_blob_reader *r, void *buf, size_t cap, size_t *got, lt_error *err)
{
	ssize_t n;

	*got = 0;
	if (r->damage)
		return reader_damaged(r, r->damage, r->done, NULL, err);
	if (r->ended)
		return 0;
	if (cap == 0)
		return lt_error_set(err, LT_EINVAL, "lt_blob_reader_read: cap 0");
	do
		n = read(r->fd, buf, cap);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return lt_error_set(err, LT_EIO, "%s blob %s: %s",
		                    LT_TR("không đọc được", "cannot read"), r->sha,
		                    strerror(errno));
	if (n == 0)
		return reader_finish(r, err);
	r->done += (uint64_t)n;
	if (r->expected != LT_BLOB_SIZE_UNKNOWN && r->done > r->expected)
		return reader_damaged(r, LT_BLOB_SIZE_CHANGED, r->done, NULL, err);
	EVP_DigestUpdate(r->md, buf, (size_t)n);
	*got = (size_t)n;
	return 0;
}

int lt_blob_reader_check(lt_blob_reader *r, lt_error *err)
{
	char *buf = malloc(CHUNK);
	size_t got = 0;
	int rc = 0;

	if (!buf)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	do
		rc = lt_blob_reader_read(r, buf, CHUNK, &got, err);
	while (rc == 0 && got > 0);
	free(buf);
	if (rc)
		return rc;
	/* Rewind: a later read hashes again from the first byte. */
	if (lseek(r->fd, 0, SEEK_SET) != 0)
		return lt_error_set(err, LT_EIO, "lseek blob %s: %s", r->sha, strerror(errno));
	r->done = 0;
	r->ended = 0;
	if (!EVP_DigestInit_ex(r->md, EVP_sha256(), NULL))
		return lt_error_set(err, LT_ERR, "SHA-256 init");
	return 0;
}

lt_blob_damage lt_blob_reader_damage(const lt_blob_reader *r)
{
	return r->damage;
}

uint64_t lt_blob_reader_size(const lt_blob_reader *r)
{
	return r->size;
}

const char *lt_blob_reader_sha256(const lt_blob_reader *r)
{
	return r->sha;
}

int lt_blob_reader_fd(const lt_blob_reader *r)
{
	return r->fd;
}

void lt_blob_reader_free(lt_blob_reader *r)
{
	if (!r)
		return;
	if (r->fd >= 0)
		close(r->fd);
	EVP_MD_CTX_free(r->md);
	free(r);
}

int lt_blobstore_verify(lt_blobstore *bs, const char *sha256, lt_error *err)
{
	lt_blob_reader *r = NULL;
	lt_blob_damage d = LT_BLOB_INTACT;
	int rc = lt_blob_reader_open(&r, &d, bs, sha256, LT_BLOB_SIZE_UNKNOWN, err);

	if (rc == 0)
		rc = lt_blob_reader_check(r, err);
	lt_blob_reader_free(r);
	if (rc == LT_ECORRUPT && d == LT_BLOB_MISSING)
		rc = lt_error_set(
		    err, LT_ENOTFOUND,
		    LT_TR("blob %s không có trong kho", "blob %s is missing from the store"),
		    sha256);
	return rc;
}
