/*
 * ocr/spawn.c — run a poppler tool in a child process under resource limits.
 *
 * PDFs come from outside the agency and are parsed by a large C++ library;
 * a hostile or broken file must at worst kill a child process, never the
 * service (docs/ocr-pdf.md). So the child gets:
 *
 *   1. argv only, no shell, and the tool's path resolved before fork;
 *   2. stdin from /dev/null, no inherited descriptor beyond 0-2;
 *   3. RLIMIT_AS, RLIMIT_CPU, RLIMIT_FSIZE, and no core dump;
 *   4. a wall-clock deadline and a cap on stdout, after which it is killed.
 *
 * fork() rather than posix_spawn(), because only code between fork and exec
 * can set the child's rlimits. That code calls async-signal-safe functions
 * only, since the parent may have other threads (the OCR worker pool).
 */
#define _GNU_SOURCE /* pipe2, close_range */
#include "ocr/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define STDERR_KEEP          4096
#define CHILD_MAX_FILE_BYTES (64ull * 1024 * 1024)

/* Find an executable named tool in $PATH; the result goes to out. */
static int find_in_path(lt_buf *out, const char *tool)
{
	const char *path = getenv("PATH");

	if (strchr(tool, '/'))
		return access(tool, X_OK) == 0 ? lt_buf_puts(out, tool) : LT_ENOTFOUND;
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		const char *end = strchr(path, ':');
		size_t len = end ? (size_t)(end - path) : strlen(path);
		struct stat st;

		lt_buf_reset(out);
		if (len == 0)
			lt_buf_puts(out, ".");
		else
			lt_buf_append(out, path, len);
		if (lt_buf_printf(out, "/%s", tool) != LT_OK)
			return LT_ENOMEM;
		if (stat(out->data, &st) == 0 && S_ISREG(st.st_mode) &&
		    access(out->data, X_OK) == 0)
			return LT_OK;
		path += len;
		if (*path == ':')
			path++;
	}
	lt_buf_reset(out);
	return LT_ENOTFOUND;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void set_limit(int resource, rlim_t value)
{
	struct rlimit rl = {value, value};
	setrlimit(resource, &rl);
}

/* Runs in the child between fork and exec: async-signal-safe calls only. */
static void child_exec(const char *exe, const char *const argv[], int devnull, int out_fd,
                       int err_fd, int status_fd, const lt_ocr_run_limits *lim, long max_fd)
{
	sigset_t none;
	int e;

	/* Dispositions set to "ignore" and the signal mask survive exec: give
	 * the tool the defaults it expects (SIGPIPE must kill it, not EPIPE). */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (int s = 1; s < 32; s++)
		if (s != SIGKILL && s != SIGSTOP)
			signal(s, SIG_DFL);

	if (dup2(devnull, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0)
		goto fail;
	/* Descriptors the parent opened without O_CLOEXEC (other threads,
	 * libraries) must not leak into the tool; status_fd is CLOEXEC. */
	if ((status_fd > 3 && close_range(3, (unsigned)status_fd - 1, 0) != 0) ||
	    close_range((unsigned)status_fd + 1, ~0u, 0) != 0) {
		for (long fd = 3; fd < max_fd; fd++)
			if (fd != status_fd)
				close((int)fd);
	}

	set_limit(RLIMIT_CORE, 0);
	set_limit(RLIMIT_FSIZE, (rlim_t)CHILD_MAX_FILE_BYTES);
	if (lim->max_memory)
		set_limit(RLIMIT_AS, (rlim_t)lim->max_memory);
	if (lim->max_cpu_seconds > 0) {
		/* The soft limit sends SIGXCPU; the hard one a second later kills. */
		struct rlimit rl = {(rlim_t)lim->max_cpu_seconds, (rlim_t)lim->max_cpu_seconds + 1};
		setrlimit(RLIMIT_CPU, &rl);
	}
	execve(exe, (char *const *)argv, environ);
fail:
	e = errno;
	while (write(status_fd, &e, sizeof(e)) < 0 && errno == EINTR)
		;
	_exit(127);
}

/* Read what is available on fd into b, keeping b->len <= cap. Returns 1 at
 * end of file, 0 otherwise; *over is set when more than fits arrived. */
static int drain(int fd, lt_buf *b, size_t cap, int *over)
{
	char chunk[65536];
	ssize_t n = read(fd, chunk, sizeof(chunk));

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : 1;
	if (n == 0)
		return 1;
	if (b) {
		size_t room = b->len < cap ? cap - b->len : 0;
		size_t take = (size_t)n < room ? (size_t)n : room;
		if (take && lt_buf_append(b, chunk, take) != LT_OK)
			*over = 1; /* out of memory: treat as too much output */
		if ((size_t)n > take)
			*over = 1;
	}
	return 0;
}

int lt_ocr_run(lt_ocr_run_status *st, const char *const argv[], const lt_ocr_run_limits *lim,
               lt_buf *out, lt_buf *errout, lt_error *err)
{
	lt_buf exe = LT_BUF_INIT;
	int out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1}, status_pipe[2] = {-1, -1};
	int devnull = -1, rc = LT_OK, child_errno = 0, wstatus = 0;
	int out_open = 1, err_open = 1, out_over = 0, err_over = 0, killed = 0;
	long max_fd = sysconf(_SC_OPEN_MAX);
	int64_t deadline;
	size_t out_start = out->len, err_start = errout ? errout->len : 0;
	pid_t pid;
	ssize_t n;

	memset(st, 0, sizeof(*st));
	st->exit_code = -1;
	if (find_in_path(&exe, argv[0]) != LT_OK) {
		lt_buf_free(&exe);
		return lt_error_set(err, LT_EUNSUPPORTED,
		                    LT_TR("không tìm thấy chương trình %s (gói poppler-utils)",
		                          "program %s not found (package poppler-utils)"),
		                    argv[0]);
	}
	if (max_fd < 0 || max_fd > 65536)
		max_fd = 65536;

	devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (devnull < 0 || pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0 ||
	    pipe2(status_pipe, O_CLOEXEC) != 0) {
		rc = lt_error_set(err, LT_EIO,
		                  LT_TR("không tạo được tiến trình %s: %s", "cannot start %s: %s"),
		                  argv[0], strerror(errno));
		goto done;
	}

	pid = fork();
	if (pid < 0) {
		rc = lt_error_set(err, LT_EIO,
		                  LT_TR("không tạo được tiến trình %s: %s", "cannot start %s: %s"),
		                  argv[0], strerror(errno));
		goto done;
	}
	if (pid == 0)
		child_exec(exe.data, argv, devnull, out_pipe[1], err_pipe[1], status_pipe[1], lim,
		           max_fd);

	close(out_pipe[1]);
	close(err_pipe[1]);
	close(status_pipe[1]);
	out_pipe[1] = err_pipe[1] = status_pipe[1] = -1;

	/* The status pipe closes on a successful exec; otherwise it carries
	 * the errno of the failed exec. */
	do
		n = read(status_pipe[0], &child_errno, sizeof(child_errno));
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)sizeof(child_errno)) {
		while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
			;
		rc = lt_error_set(err, LT_EUNSUPPORTED,
		                  LT_TR("không chạy được %s: %s", "cannot run %s: %s"), argv[0],
		                  strerror(child_errno));
		goto done;
	}

	deadline = now_ms() + (lim->timeout_ms > 0 ? lim->timeout_ms : 600000);
	while (out_open || err_open) {
		struct pollfd fds[2];
		int nfds = 0, left = (int)(deadline - now_ms()), pr;

		if (left <= 0) {
			st->timed_out = 1;
			break;
		}
		if (out_open)
			fds[nfds++] = (struct pollfd){out_pipe[0], POLLIN, 0};
		if (err_open)
			fds[nfds++] = (struct pollfd){err_pipe[0], POLLIN, 0};
		pr = poll(fds, (nfds_t)nfds, left);
		if (pr < 0 && errno != EINTR)
			break;
		for (int i = 0; pr > 0 && i < nfds; i++) {
			if (!fds[i].revents)
				continue;
			if (fds[i].fd == out_pipe[0])
				out_open = !drain(out_pipe[0], out, out_start + lim->max_stdout,
				                  &out_over);
			else
				err_open =
				    !drain(err_pipe[0], errout, err_start + STDERR_KEEP, &err_over);
		}
		if (out_over) {
			st->out_truncated = 1;
			break;
		}
	}

	if (st->timed_out || st->out_truncated || out_open || err_open) {
		kill(pid, SIGKILL);
		killed = 1;
	}
	for (;;) {
		pid_t w = waitpid(pid, &wstatus, killed ? 0 : WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			wstatus = 0;
			break;
		}
		if (w == 0) {
			/* Output closed but the child lingers: wait until the deadline. */
			if (now_ms() >= deadline) {
				st->timed_out = 1;
				kill(pid, SIGKILL);
				killed = 1;
			} else {
				struct timespec ts = {0, 5 * 1000 * 1000};
				nanosleep(&ts, NULL);
			}
		}
	}
	if (WIFEXITED(wstatus))
		st->exit_code = WEXITSTATUS(wstatus);
	else if (WIFSIGNALED(wstatus))
		st->signal = WTERMSIG(wstatus);

done:
	for (int i = 0; i < 2; i++) {
		if (out_pipe[i] >= 0)
			close(out_pipe[i]);
		if (err_pipe[i] >= 0)
			close(err_pipe[i]);
		if (status_pipe[i] >= 0)
			close(status_pipe[i]);
	}
	if (devnull >= 0)
		close(devnull);
	lt_buf_free(&exe);
	return rc;
}

int lt_ocr_private_dir(lt_buf *dir)
{
	const char *td = getenv("TMPDIR");

	lt_buf_printf(dir, "%s/" LT_OCR_TMP_PREFIX "%ld-XXXXXX", td && *td ? td : "/tmp",
	              (long)getpid());
	return dir->data && mkdtemp(dir->data) ? 0 : -1;
}
