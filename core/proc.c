/* core/proc.c — process ids that survive pid reuse. See proc.h. */
#include "core/proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define BOOT_ID_MAX 40

/* Read at most n-1 bytes of a small /proc file into buf. */
static int read_small(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t got;

	if (fd < 0)
		return -1;
	got = read(fd, buf, n - 1);
	close(fd);
	if (got < 0)
		return -1;
	buf[got] = '\0';
	return 0;
}

static int boot_id(char out[BOOT_ID_MAX])
{
	char buf[64];
	size_t n = 0;

	if (read_small("/proc/sys/kernel/random/boot_id", buf, sizeof(buf)) != 0)
		return -1;
	for (const char *p = buf; *p && *p != '\n' && n + 1 < BOOT_ID_MAX; p++)
		if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || *p == '-')
			out[n++] = *p;
	out[n] = '\0';
	return n ? 0 : -1;
}

/* Field 22 (starttime) of /proc/<pid>/stat; 0 when the process is gone.
 * The command name (field 2) is in parentheses and may hold spaces and
 * parentheses itself, so counting starts after the last ')'. */
static unsigned long long start_time(long pid)
{
	char path[64], buf[1024];
	const char *p;
	int field = 2;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if (read_small(path, buf, sizeof(buf)) != 0 || !(p = strrchr(buf, ')')))
		return 0;
	p++;
	while (*p && field < 22) {
		while (*p == ' ')
			p++;
		field++;
		if (field == 22)
			break;
		while (*p && *p != ' ')
			p++;
	}
	return field == 22 ? strtoull(p, NULL, 10) : 0;
}

int lt_proc_self(char out[LT_PROC_ID_MAX])
{
	char boot[BOOT_ID_MAX];
	long pid = (long)getpid();
	unsigned long long start = start_time(pid);

	if (!start || boot_id(boot) != 0) {
		snprintf(out, LT_PROC_ID_MAX, "%ld.0.unknown", pid);
		return -1;
	}
	snprintf(out, LT_PROC_ID_MAX, "%ld.%llu.%s", pid, start, boot);
	return 0;
}

/* Split "<pid>.<start>.<boot>"; -1 when malformed. */
static int parse(const char *id, long *pid, unsigned long long *start, const char **boot)
{
	char *end = NULL;

	if (!id || !*id || *id == '-')
		return -1;
	errno = 0;
	*pid = strtol(id, &end, 10);
	if (errno || *pid <= 0 || *end != '.')
		return -1;
	if (end[1] < '0' || end[1] > '9')
		return -1;
	*start = strtoull(end + 1, &end, 10);
	if (errno || *end != '.' || !end[1])
		return -1;
	*boot = end + 1;
	return 0;
}

long lt_proc_pid(const char *id)
{
	unsigned long long start;
	const char *boot;
	long pid;

	return parse(id, &pid, &start, &boot) == 0 ? pid : 0;
}

int lt_proc_alive(const char *id)
{
	char now[BOOT_ID_MAX];
	unsigned long long start;
	const char *boot;
	long pid;

	if (parse(id, &pid, &start, &boot) != 0)
		return -1;
	if (start == 0 || strcmp(boot, "unknown") == 0)
		/* Made without /proc: all we can ask is whether the pid runs. */
		return kill((pid_t)pid, 0) == 0 || errno == EPERM;
	if (boot_id(now) != 0)
		return kill((pid_t)pid, 0) == 0 || errno == EPERM;
	if (strcmp(boot, now) != 0)
		return 0; /* another boot: every process of it has stopped */
	return start_time(pid) == start;
}
