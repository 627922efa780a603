/* core/log.c — see log.h. */
#include "core/log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static _Atomic int threshold = LT_LOG_WARN;

void lt_log_set_level(lt_log_level level)
{
	atomic_store(&threshold, (int)level);
}

lt_log_level lt_log_get_level(void)
{
	return (lt_log_level)atomic_load(&threshold);
}

void lt_log_from_env(void)
{
	static const char *names[] = {"error", "warn", "info", "debug"};
	const char *v = getenv("LUUTRU_LOG");

	if (!v)
		return;
	for (int i = 0; i < 4; i++) {
		if (strcmp(v, names[i]) == 0) {
			lt_log_set_level((lt_log_level)i);
			return;
		}
	}
}

void lt_log(lt_log_level level, const char *fmt, ...)
{
	static const char *names[] = {"error", "warn", "info", "debug"};
	char line[1024];
	va_list ap;
	int n, m;

	if ((int)level > atomic_load(&threshold))
		return;
	n = snprintf(line, sizeof(line), "luutru: %s: ", names[level]);
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	n += m;
	if ((size_t)n > sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	/* One write() per line so lines from threads do not interleave. */
	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return;
}
