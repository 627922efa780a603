/* fuzz/fuzz_util.c — see fuzz_util.h. */
#include "fuzz/fuzz_util.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive/archive.h"
#include "core/fs.h"

static char dir[256];
static char path[512];

static void cleanup(void)
{
	if (dir[0])
		lt_fs_remove_tree(dir, NULL);
}

char *lt_fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

const char *lt_fuzz_dir(void)
{
	if (!dir[0]) {
		const char *t = getenv("TMPDIR");
		snprintf(dir, sizeof(dir), "%s/luutru-fuzz-XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(dir))
			abort();
		atexit(cleanup);
	}
	return dir;
}

const char *lt_fuzz_write(const char *name, const uint8_t *data, size_t size)
{
	int fd;

	snprintf(path, sizeof(path), "%s/%s", lt_fuzz_dir(), name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		abort();
	while (size > 0) {
		ssize_t n = write(fd, data, size);
		if (n <= 0)
			abort();
		data += n;
		size -= (size_t)n;
	}
	close(fd);
	return path;
}

lt_archive *lt_fuzz_archive(const char *target)
{
	static lt_archive *ar;
	lt_error err = LT_ERROR_INIT;
	char data_dir[512];

	if (ar)
		return ar;
	snprintf(data_dir, sizeof(data_dir), "%s/data", lt_fuzz_dir());
	if (lt_archive_open(&ar, data_dir, LT_ARCHIVE_CREATE, &err) != LT_OK) {
		fprintf(stderr, "%s: %s\n", target, err.message);
		abort();
	}
	return ar;
}
