/* core/fs.c — see fs.h. */
#include "core/fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

static int io_error(lt_error *err, const char *what, const char *path, int e)
{
	return lt_fs_error(err, what, path, e);
}

int lt_fs_errno_is_full(int e)
{
	return e == ENOSPC || e == EDQUOT || e == EROFS;
}

/* "12.3 MiB" */
static void human_bytes(char *out, size_t n, unsigned long long b)
{
	static const char *const unit[] = {"byte", "KiB", "MiB", "GiB", "TiB"};
	double v = (double)b;
	int u = 0;

	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(out, n, "%llu %s", b, unit[0]);
	else
		snprintf(out, n, "%.1f %s", v, unit[u]);
}

/* The nearest existing ancestor of path (itself when it exists), made
 * absolute; "" when none. */
static void existing_ancestor(const char *path, char out[PATH_MAX])
{
	char tmp[PATH_MAX];
	char *slash;

	snprintf(tmp, sizeof(tmp), "%s", path && *path ? path : ".");
	while (!realpath(tmp, out)) {
		slash = strrchr(tmp, '/');
		if (!slash) {
			snprintf(tmp, sizeof(tmp), ".");
			if (!realpath(tmp, out))
				out[0] = '\0';
			return;
		}
		if (slash == tmp)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
}

int lt_fs_describe(lt_buf *out, const char *path)
{
	char real[PATH_MAX], mount[PATH_MAX], parent[PATH_MAX];
	char freeb[32], sizeb[32];
	struct statvfs vfs;
	struct stat st, pst;

	existing_ancestor(path, real);
	if (!real[0] || stat(real, &st) != 0)
		return lt_buf_printf(out, "%s", path ? path : "?");
	/* The mount point: go up while the parent is on the same device. */
	snprintf(mount, sizeof(mount), "%s", real);
	while (strcmp(mount, "/") != 0) {
		char *slash;
		snprintf(parent, sizeof(parent), "%s", mount);
		slash = strrchr(parent, '/');
		if (slash == parent)
			parent[1] = '\0';
		else if (slash)
			*slash = '\0';
		if (stat(parent, &pst) != 0 || pst.st_dev != st.st_dev)
			break;
		snprintf(mount, sizeof(mount), "%s", parent);
	}
	if (statvfs(real, &vfs) != 0)
		return lt_buf_printf(out, "%s", mount);
	if (vfs.f_flag & ST_RDONLY)
		return lt_buf_printf(out, "%s (%s)", mount, LT_TR("chỉ đọc", "read-only"));
	human_bytes(freeb, sizeof(freeb), (unsigned long long)vfs.f_bavail * vfs.f_frsize);
	human_bytes(sizeb, sizeof(sizeb), (unsigned long long)vfs.f_blocks * vfs.f_frsize);
	return lt_buf_printf(out, LT_TR("%s (còn trống %s trên %s)", "%s (%s free of %s)"), mount,
	                     freeb, sizeb);
}

int lt_fs_error_full(lt_error *err, const char *what, const char *path, int read_only,
                     const char *detail)
{
	lt_buf fs = LT_BUF_INIT;
	int rc;

	lt_fs_describe(&fs, path);
	if (read_only)
		rc = lt_error_set(
		    err, LT_ENOSPC,
		    LT_TR("%s %s: hệ thống tệp chỉ cho đọc: %s; hãy gắn lại cho phép ghi%s%s",
		          "%s %s: the file system is read-only: %s; remount it "
		          "read-write%s%s"),
		    what, path, lt_buf_cstr(&fs), detail ? " — " : "", detail ? detail : "");
	else
		rc = lt_error_set(err, LT_ENOSPC,
		                  LT_TR("%s %s: hệ thống tệp đã đầy: %s; hãy giải phóng chỗ trống "
		                        "rồi chạy lại%s%s",
		                        "%s %s: the file system is full: %s; free some space and "
		                        "run it again%s%s"),
		                  what, path, lt_buf_cstr(&fs), detail ? " — " : "",
		                  detail ? detail : "");
	lt_buf_free(&fs);
	return rc;
}

int lt_fs_error(lt_error *err, const char *what, const char *path, int e)
{
	if (lt_fs_errno_is_full(e))
		return lt_fs_error_full(err, what, path, e == EROFS, NULL);
	return lt_error_set(err, e == ENOENT ? LT_ENOTFOUND : LT_EIO, "%s %s: %s", what, path,
	                    strerror(e));
}

int lt_fs_mkdirs(const char *path, lt_error *err)
{
	char tmp[4096];
	size_t len = strlen(path);

	if (len == 0 || len >= sizeof(tmp))
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("đường dẫn không hợp lệ: %s", "invalid path: %s"), path);
	memcpy(tmp, path, len + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			return io_error(err,
			                LT_TR("không tạo được thư mục", "cannot create directory"),
			                tmp, errno);
		*p = '/';
	}
	if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
		return io_error(err, LT_TR("không tạo được thư mục", "cannot create directory"),
		                tmp, errno);
	if (!lt_fs_is_dir(tmp))
		return lt_error_set(
		    err, LT_EIO, LT_TR("%s không phải là thư mục", "%s is not a directory"), tmp);
	return LT_OK;
}

int lt_fs_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

int lt_fs_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int lt_fs_file_size(const char *path, uint64_t *out, lt_error *err)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return io_error(err, LT_TR("không đọc được tệp", "cannot read file"), path, errno);
	if (!S_ISREG(st.st_mode))
		return lt_error_set(
		    err, LT_EINVAL,
		    LT_TR("%s không phải là tệp thông thường", "%s is not a regular file"), path);
	*out = (uint64_t)st.st_size;
	return LT_OK;
}

int lt_fs_read_file(lt_buf *out, const char *path, uint64_t max_bytes, lt_error *err)
{
	char chunk[65536];
	size_t start = out->len;
	uint64_t total = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return io_error(err, LT_TR("không mở được tệp", "cannot open file"), path, errno);
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			lt_buf_truncate(out, start);
			return io_error(err, LT_TR("không đọc được tệp", "cannot read file"), path,
			                e);
		}
		if (n == 0)
			break;
		total += (uint64_t)n;
		if (max_bytes && total > max_bytes) {
			close(fd);
			lt_buf_truncate(out, start);
			return lt_error_set(err, LT_ELIMIT,
			                    LT_TR("tệp %s lớn hơn giới hạn %llu byte",
			                          "file %s is larger than the limit of %llu bytes"),
			                    path, (unsigned long long)max_bytes);
		}
		if (lt_buf_append(out, chunk, (size_t)n) != LT_OK) {
			close(fd);
			lt_buf_truncate(out, start);
			return lt_error_set(err, LT_ENOMEM, "%s",
			                    LT_TR("hết bộ nhớ", "out of memory"));
		}
	}
	close(fd);
	if (!out->data)
		lt_buf_grow(out, 0);
	return LT_OK;
}

int lt_fs_read_head(const char *path, void *dst, size_t n, size_t *got, lt_error *err)
{
	size_t have = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return io_error(err, LT_TR("không mở được tệp", "cannot open file"), path, errno);
	while (have < n) {
		ssize_t r = read(fd, (char *)dst + have, n - have);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			return io_error(err, LT_TR("không đọc được tệp", "cannot read file"), path,
			                e);
		}
		if (r == 0)
			break;
		have += (size_t)r;
	}
	close(fd);
	*got = have;
	return LT_OK;
}

int lt_fs_fsync_dir(const char *dir, lt_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return io_error(err, LT_TR("không mở được thư mục", "cannot open directory"), dir,
		                errno);
	if (fsync(fd) != 0) {
		int e = errno;
		close(fd);
		return io_error(err, LT_TR("không đồng bộ được thư mục", "cannot sync directory"),
		                dir, e);
	}
	close(fd);
	return LT_OK;
}

int lt_fs_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int lt_fs_write_atomic(const char *path, const void *data, size_t len, lt_error *err)
{
	lt_buf tmp = LT_BUF_INIT;
	lt_buf dir = LT_BUF_INIT;
	const char *slash;
	int fd, rc = LT_OK;

	if (lt_buf_printf(&tmp, "%s.tmp-XXXXXX", path) != LT_OK)
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	fd = mkstemp(tmp.data);
	if (fd < 0) {
		rc = io_error(err, LT_TR("không tạo được tệp", "cannot create file"), tmp.data,
		              errno);
		goto out;
	}
	if (lt_fs_write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		rc = io_error(err, LT_TR("không ghi được tệp", "cannot write file"), tmp.data,
		              errno);
		close(fd);
		unlink(tmp.data);
		goto out;
	}
	close(fd);
	if (rename(tmp.data, path) != 0) {
		rc = io_error(err, LT_TR("không ghi được tệp", "cannot write file"), path, errno);
		unlink(tmp.data);
		goto out;
	}
	slash = strrchr(path, '/');
	if (slash)
		lt_buf_append(&dir, path, slash == path ? 1 : (size_t)(slash - path));
	else
		lt_buf_puts(&dir, ".");
	rc = lt_fs_fsync_dir(dir.data, err);
out:
	lt_buf_free(&tmp);
	lt_buf_free(&dir);
	return rc;
}

int lt_fs_join(lt_buf *out, const char *a, const char *b)
{
	size_t la = strlen(a);

	if (la && a[la - 1] == '/')
		la--;
	while (*b == '/')
		b++;
	if (lt_buf_append(out, a, la) || lt_buf_putc(out, '/') || lt_buf_puts(out, b))
		return LT_ENOMEM;
	return LT_OK;
}

int lt_fs_remove_tree(const char *path, lt_error *err)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int rc = LT_OK;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? LT_OK : io_error(err, "lstat", path, errno);
	if (!S_ISDIR(st.st_mode)) {
		if (unlink(path) != 0 && errno != ENOENT)
			return io_error(err, LT_TR("không xóa được", "cannot remove"), path, errno);
		return LT_OK;
	}
	d = opendir(path);
	if (!d)
		return io_error(err, LT_TR("không mở được thư mục", "cannot open directory"), path,
		                errno);
	while ((e = readdir(d)) != NULL) {
		lt_buf child = LT_BUF_INIT;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		lt_fs_join(&child, path, e->d_name);
		rc = lt_fs_remove_tree(child.data, err);
		lt_buf_free(&child);
		if (rc != LT_OK)
			break;
	}
	closedir(d);
	if (rc == LT_OK && rmdir(path) != 0 && errno != ENOENT)
		rc = io_error(err, LT_TR("không xóa được", "cannot remove"), path, errno);
	return rc;
}

int lt_fs_mkdtemp(lt_buf *out, const char *parent, lt_error *err)
{
	size_t start = out->len;

	if (lt_fs_join(out, parent, "luutru-XXXXXX") != LT_OK)
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	if (!mkdtemp(out->data + start)) {
		int e = errno;
		lt_buf_truncate(out, start);
		return io_error(err,
		                LT_TR("không tạo được thư mục tạm trong",
		                      "cannot create a temporary directory in"),
		                parent, e);
	}
	return LT_OK;
}

static mode_t user_umask;
static int user_umask_saved;

void lt_fs_private_umask(void)
{
	mode_t old = umask(077);
	if (!user_umask_saved) {
		user_umask = old;
		user_umask_saved = 1;
	}
}

static mode_t the_user_umask(void)
{
	mode_t m;
	if (user_umask_saved)
		return user_umask;
	m = umask(077); /* read it back unchanged */
	umask(m);
	return m;
}

int lt_fs_user_mode(const char *path, lt_error *err)
{
	mode_t um = the_user_umask();
	struct stat st;
	DIR *d;
	struct dirent *e;
	int rc = LT_OK;

	if (stat(path, &st) != 0)
		return io_error(err, "stat", path, errno);
	if (!S_ISDIR(st.st_mode))
		return chmod(path, 0666 & ~um) == 0 ? LT_OK : io_error(err, "chmod", path, errno);
	if (chmod(path, 0777 & ~um) != 0)
		return io_error(err, "chmod", path, errno);
	if (!(d = opendir(path)))
		return io_error(err, LT_TR("không mở được thư mục", "cannot open directory"), path,
		                errno);
	while (rc == LT_OK && (e = readdir(d)) != NULL) {
		lt_buf child = LT_BUF_INIT;
		if (lt_fs_join(&child, path, e->d_name) == LT_OK && lstat(child.data, &st) == 0 &&
		    S_ISREG(st.st_mode) && chmod(child.data, 0666 & ~um) != 0)
			rc = io_error(err, "chmod", child.data, errno);
		lt_buf_free(&child);
	}
	closedir(d);
	return rc;
}
