/* tests/unit/support.c — see support.h. */
#include "tests/unit/support.h"

#include "archive/users.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/fs.h"

char *lt_test_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	lt_buf b = LT_BUF_INIT;
	char *p;

	lt_buf_printf(&b, "%s/luutru-test-XXXXXX", base && *base ? base : "/tmp");
	p = lt_buf_detach(&b);
	if (!mkdtemp(p)) {
		free(p);
		fail_msg("mkdtemp failed");
	}
	return p;
}

void lt_test_rmtree_free(char *path)
{
	if (!path)
		return;
	lt_fs_remove_tree(path, NULL);
	free(path);
}

const char *lt_test_src_root(void)
{
	const char *r = getenv("LUUTRU_SRC");
	return r && *r ? r : ".";
}

const char *lt_test_shared_fixtures(void)
{
	static char path[4096];
	const char *env = getenv("LUUTRU_SHARED");
	struct stat st;

	if (env && *env)
		snprintf(path, sizeof(path), "%s/fixtures", env);
	else
		snprintf(path, sizeof(path), "%s/../shared/fixtures", lt_test_src_root());
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return path;
	return NULL;
}

char *lt_test_src_path(const char *rel)
{
	lt_buf b = LT_BUF_INIT;
	lt_buf_printf(&b, "%s/%s", lt_test_src_root(), rel);
	return lt_buf_detach(&b);
}

void lt_test_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	if (len)
		assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

char *lt_test_read_file(const char *path, size_t *len)
{
	lt_buf b = LT_BUF_INIT;
	int rc = lt_fs_read_file(&b, path, 0, NULL);
	assert_int_equal(rc, 0);
	if (len)
		*len = b.len;
	return lt_buf_detach(&b);
}

void lt_test_archive_open(char **dir, lt_archive **ar, lt_catalog **cat)
{
	lt_buf p = LT_BUF_INIT;

	*dir = lt_test_tmpdir();
	lt_fs_join(&p, *dir, "data");
	assert_int_equal(lt_archive_open(ar, p.data, LT_ARCHIVE_CREATE, NULL), 0);
	if (cat)
		*cat = lt_archive_catalog(*ar);
	lt_buf_free(&p);
}

void lt_test_archive_close(char *dir, lt_archive *ar)
{
	lt_archive_free(ar);
	lt_test_rmtree_free(dir);
}

long long lt_test_scalar(lt_catalog *cat, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;

	assert_int_equal(sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int lt_test_count_files(const char *dir, const char *skip)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		lt_buf p = LT_BUF_INIT;
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    (skip && strcmp(e->d_name, skip) == 0))
			continue;
		lt_fs_join(&p, dir, e->d_name);
		if (lstat(p.data, &st) == 0)
			n += S_ISDIR(st.st_mode) ? lt_test_count_files(p.data, skip)
			                         : S_ISREG(st.st_mode);
		lt_buf_free(&p);
	}
	closedir(d);
	return n;
}

void lt_test_write_pdf(const char *path, const char *const *objs, int n, const char *content)
{
	lt_buf pdf = LT_BUF_INIT;
	size_t *offsets = calloc((size_t)n, sizeof(*offsets)), xref;

	assert_non_null(offsets);
	lt_buf_puts(&pdf, "%PDF-1.4\n");
	for (int i = 0; i < n; i++) {
		offsets[i] = pdf.len;
		if (objs[i])
			lt_buf_printf(&pdf, "%d 0 obj\n%s\nendobj\n", i + 1, objs[i]);
		else
			lt_buf_printf(
			    &pdf, "%d 0 obj\n<< /Length %zu >>\nstream\n%s\nendstream\nendobj\n",
			    i + 1, strlen(content), content);
	}
	xref = pdf.len;
	lt_buf_printf(&pdf, "xref\n0 %d\n0000000000 65535 f \n", n + 1);
	for (int i = 0; i < n; i++)
		lt_buf_printf(&pdf, "%010zu 00000 n \n", offsets[i]);
	lt_buf_printf(&pdf, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", n + 1,
	              xref);
	lt_test_write_file(path, pdf.data, pdf.len);
	lt_buf_free(&pdf);
	free(offsets);
}

void lt_test_as(lt_catalog *cat, const char *login)
{
	lt_user *u = NULL;
	lt_principal p;

	if (!login) {
		lt_catalog_set_principal(cat, &LT_PRINCIPAL_SYSTEM);
		return;
	}
	assert_int_equal(lt_users_get(&u, cat, login, NULL), 0);
	lt_access_principal_user(&p, u->id, u->login, u->role, u->clearance);
	lt_catalog_set_principal(cat, &p);
	lt_user_free(u);
}

void lt_test_one_openmp_thread(char **argv)
{
	const char *v = getenv("OMP_THREAD_LIMIT");

	if (v && strcmp(v, "1") == 0)
		return;
	if (setenv("OMP_THREAD_LIMIT", "1", 1) != 0)
		return;
	execv("/proc/self/exe", argv);
	fprintf(stderr, "cannot re-execute with OMP_THREAD_LIMIT=1; set it and run again\n");
	exit(1);
}
