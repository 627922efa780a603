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

int lt_blobstore_verify(lt_blobstore *bs, const char *sha256, lt_error *err)
{
	lt_buf p = LT_BUF_INIT;
	char got[LT_SHA256_HEX_LEN + 1];
	int rc;

	if (!valid_sha(sha256))
		return bad_sha(err, sha256);
	if (lt_blobstore_path(bs, sha256, &p))
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	rc = lt_sha256_file_hex(p.data, got, err);
	if (rc == 0 && strcmp(got, sha256) != 0)
		rc = lt_error_set(err, LT_ECORRUPT,
		                  LT_TR("blob %s bị hỏng: nội dung có SHA-256 %s",
		                        "blob %s is corrupt: its content hashes to %s"),
		                  sha256, got);
	else if (rc == LT_ENOTFOUND)
		rc = lt_error_set(
		    err, LT_ENOTFOUND,
		    LT_TR("blob %s không có trong kho", "blob %s is missing from the store"),
		    sha256);
	lt_buf_free(&p);
	return rc;
}
