/*
 * archive/archive.c — a luutru data directory: catalog.db + blobs/ (+ the
 * index/ path, which the indexer owns). See archive.h.
 *
 * `luutru init` (LT_ARCHIVE_CREATE) refuses a directory that already holds
 * other files: making a data directory inside someone's home or a share
 * would mix the archive with unrelated files. It makes the directory and
 * blobs/ 0700 and catalog.db 0600 (SQLite gives the -wal and -shm files the
 * catalog's mode), whatever the umask: records of every secrecy level live
 * there. `luutru` runs with umask 077 besides (core/fs.h), for the files
 * made later (blobs, the index).
 */
#include "archive/archive.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "archive/audit.h"
#include "archive/keys.h"
#include "core/buf.h"
#include "core/fs.h"
#include "core/proc.h"

#define TMP_DIR           "tmp"
#define TMP_STRAY_SECONDS 3600 /* a file in tmp/ that names no process */

struct lt_archive {
	char *dir;
	char *index_path;
	lt_catalog *cat;
	lt_blobstore *blobs;
	lt_config *config;
};

void lt_archive_free(lt_archive *ar)
{
	if (!ar)
		return;
	lt_catalog_free(ar->cat);
	lt_blobstore_free(ar->blobs);
	lt_config_free(ar->config);
	free(ar->dir);
	free(ar->index_path);
	free(ar);
}

static int not_a_data_dir(lt_error *err, const char *dir)
{
	return lt_error_set(
	    err, LT_ENOTFOUND,
	    LT_TR("%s không phải thư mục dữ liệu luutru: hãy chạy `luutru --data %s "
	          "init` để tạo",
	          "%s is not a luutru data directory: run `luutru --data %s init` to "
	          "create one"),
	    dir, dir);
}

/* 1 when dir holds something that is not part of a data directory (so an
 * init interrupted after mkdir blobs/ can simply be run again). */
static int dir_has_foreign_entries(const char *dir)
{
	static const char *const ours[] = {".",    "..",          "blobs", "index",
	                                   "keys", "luutru.conf", TMP_DIR, NULL};
	DIR *d = opendir(dir);
	struct dirent *e;
	int foreign = 0;

	if (!d)
		return 0;
	while (!foreign && (e = readdir(d)) != NULL) {
		foreign = 1;
		for (size_t i = 0; ours[i] && foreign; i++)
			foreign = strcmp(e->d_name, ours[i]) != 0;
	}
	closedir(d);
	return foreign;
}

/* A new data directory private to its user (see the top). */
static int make_private(const char *dir, const char *blobs, const char *catalog, lt_error *err)
{
	int fd;

	if (chmod(dir, 0700) != 0 || chmod(blobs, 0700) != 0)
		return lt_error_set(
		    err, LT_EIO,
		    LT_TR("không đặt được quyền 0700 cho %s: %s", "cannot make %s mode 0700: %s"),
		    dir, strerror(errno));
	fd = open(catalog, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
	else if (errno != EEXIST)
		return lt_error_set(err, LT_EIO,
		                    LT_TR("không tạo được %s: %s", "cannot create %s: %s"), catalog,
		                    strerror(errno));
	return LT_OK;
}

/* <dir>/luutru.conf (core/config.h); a bad value refuses the open. */
static int load_config(lt_archive *ar, lt_error *err)
{
	lt_buf path = LT_BUF_INIT;
	int rc;

	if (lt_fs_join(&path, ar->dir, "luutru.conf"))
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	rc = lt_config_load(&ar->config, path.data, err);
	lt_buf_free(&path);
	return rc;
}

int lt_archive_open(lt_archive **out, const char *dir, unsigned flags, lt_error *err)
{
	lt_archive *ar;
	lt_buf cat_path = LT_BUF_INIT, blob_path = LT_BUF_INIT, idx = LT_BUF_INIT;
	unsigned cflags = 0;
	int rc = 0, fresh = 0;

	*out = NULL;
	if (!dir || !*dir)
		return lt_error_set(err, LT_EINVAL, "lt_archive_open: dir");
	if (lt_fs_join(&cat_path, dir, "catalog.db") || lt_fs_join(&blob_path, dir, "blobs") ||
	    lt_fs_join(&idx, dir, "index")) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto fail_bufs;
	}
	if (flags & LT_ARCHIVE_CREATE) {
		if (!lt_fs_exists(cat_path.data) && dir_has_foreign_entries(dir)) {
			rc = lt_error_set(
			    err, LT_EEXISTS,
			    LT_TR("không tạo được thư mục dữ liệu %s: thư mục đã có tệp khác; "
			          "hãy chọn một thư mục trống hoặc chưa tồn tại",
			          "cannot create data directory %s: it already holds other "
			          "files; choose an empty or new directory"),
			    dir);
			goto fail_bufs;
		}
		fresh = !lt_fs_exists(cat_path.data);
		if ((rc = lt_fs_mkdirs(blob_path.data, err)) != 0 ||
		    (fresh && (rc = make_private(dir, blob_path.data, cat_path.data, err)) != 0))
			goto fail_bufs;
		cflags |= LT_CATALOG_CREATE;
	} else if (!lt_fs_is_dir(dir) || !lt_fs_exists(cat_path.data) ||
	           !lt_fs_is_dir(blob_path.data)) {
		rc = not_a_data_dir(err, dir);
		goto fail_bufs;
	}
	if (flags & LT_ARCHIVE_READONLY)
		cflags |= LT_CATALOG_READONLY;

	ar = calloc(1, sizeof(*ar));
	if (!ar || !(ar->dir = strdup(dir))) {
		free(ar);
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto fail_bufs;
	}
	ar->index_path = lt_buf_detach(&idx);
	if (!ar->index_path) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = lt_catalog_open(&ar->cat, cat_path.data, cflags, err)) != 0)
		goto fail;
	if ((rc = lt_blobstore_open(&ar->blobs, blob_path.data, err)) != 0)
		goto fail;
	/* The signing key of the audit log (archive/keys.h), made once. */
	if ((flags & LT_ARCHIVE_CREATE) && (rc = lt_keys_ensure(dir, err)) != 0)
		goto fail;
	/* ... and, for a new catalog, the signed head of its empty audit log
	 * (archive/audit.h). */
	if (fresh && (rc = lt_audit_head_init(dir, err)) != 0)
		goto fail;
	if ((rc = load_config(ar, err)) != 0)
		goto fail;
	/* Rule 43: the one isolation setting is luutru.conf's; the catalog
	 * enforces it on every write (archive/access.h). */
	lt_catalog_set_isolated(ar->cat, lt_config_bool(ar->config, LT_CONF_ISOLATED));
	lt_buf_free(&cat_path);
	lt_buf_free(&blob_path);
	*out = ar;
	return 0;
fail:
	lt_archive_free(ar);
fail_bufs:
	lt_buf_free(&cat_path);
	lt_buf_free(&blob_path);
	lt_buf_free(&idx);
	return rc;
}

const char *lt_archive_dir(const lt_archive *ar)
{
	return ar->dir;
}

lt_catalog *lt_archive_catalog(lt_archive *ar)
{
	return ar->cat;
}

lt_blobstore *lt_archive_blobs(lt_archive *ar)
{
	return ar->blobs;
}

const char *lt_archive_index_path(const lt_archive *ar)
{
	return ar->index_path;
}

const lt_config *lt_archive_config(const lt_archive *ar)
{
	return ar->config;
}

int lt_archive_tmp_dir(lt_archive *ar, lt_buf *out, lt_error *err)
{
	char self[LT_PROC_ID_MAX];
	lt_buf root = LT_BUF_INIT;
	size_t start = out->len;
	int rc = 0;

	lt_proc_self(self);
	if (lt_fs_join(&root, ar->dir, TMP_DIR) || lt_fs_join(out, root.data, self))
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
	if (rc == 0 && mkdir(root.data, 0755) != 0 && errno != EEXIST)
		rc = lt_error_set(err, errno == ENOSPC ? LT_ENOSPC : LT_EIO, "%s %s: %s",
		                  LT_TR("không tạo được thư mục", "cannot create directory"),
		                  root.data, strerror(errno));
	if (rc == 0 && mkdir(out->data + start, 0700) != 0 && errno != EEXIST)
		rc = lt_error_set(err, errno == ENOSPC ? LT_ENOSPC : LT_EIO, "%s %s: %s",
		                  LT_TR("không tạo được thư mục", "cannot create directory"),
		                  out->data + start, strerror(errno));
	if (rc)
		lt_buf_truncate(out, start);
	lt_buf_free(&root);
	return rc;
}

int lt_archive_tmp_sweep(lt_archive *ar, size_t *removed, lt_error *err)
{
	lt_buf root = LT_BUF_INIT;
	time_t now = time(NULL);
	struct dirent *e;
	size_t n = 0;
	DIR *d;
	int rc = 0;

	if (removed)
		*removed = 0;
	if (lt_fs_join(&root, ar->dir, TMP_DIR))
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	d = opendir(root.data);
	while (d && rc == 0 && (e = readdir(d)) != NULL) {
		lt_buf p = LT_BUF_INIT;
		struct stat sb;
		int alive;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (lt_fs_join(&p, root.data, e->d_name)) {
			rc = lt_error_set(err, LT_ENOMEM, "out of memory");
			break;
		}
		alive = lt_proc_alive(e->d_name);
		if (alive == 0 || (alive < 0 && lstat(p.data, &sb) == 0 &&
		                   now - sb.st_mtime > TMP_STRAY_SECONDS)) {
			/* Another process may sweep the same leftovers: what it
			 * removed first is simply gone. */
			if (lt_fs_remove_tree(p.data, NULL) == 0)
				n++;
		}
		lt_buf_free(&p);
	}
	if (d)
		closedir(d);
	lt_buf_free(&root);
	if (removed)
		*removed = n;
	return rc;
}
