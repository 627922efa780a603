/* tests/unit/test_proc.c — core/proc: process ids that survive pid reuse
 * and reboots, with real processes. */
#include "tests/unit/support.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/proc.h"

static void test_self_is_alive(void **state)
{
	char id[LT_PROC_ID_MAX];

	(void)state;
	assert_int_equal(lt_proc_self(id), 0);
	assert_int_equal(lt_proc_pid(id), (long)getpid());
	assert_int_equal(lt_proc_alive(id), 1);
}

/* A child that has exited (and been reaped) is gone; while it runs it is
 * alive, and its id differs from ours. */
static void test_child_lives_then_dies(void **state)
{
	char id[LT_PROC_ID_MAX], self[LT_PROC_ID_MAX];
	int up[2], down[2], status;
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(up), 0);
	assert_int_equal(pipe(down), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char buf[1];
		close(up[0]);
		close(down[1]);
		lt_proc_self(id);
		if (write(up[1], id, sizeof(id)) != (ssize_t)sizeof(id))
			_exit(2);
		/* live until the parent closes its end */
		while (read(down[0], buf, 1) > 0)
			;
		_exit(0);
	}
	close(up[1]);
	close(down[0]);
	assert_int_equal(read(up[0], id, sizeof(id)), (ssize_t)sizeof(id));
	lt_proc_self(self);
	assert_string_not_equal(id, self);
	assert_int_equal(lt_proc_pid(id), (long)pid);
	assert_int_equal(lt_proc_alive(id), 1);
	close(down[1]);
	close(up[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(lt_proc_alive(id), 0);
}

/* The same pid with another start time is another process (pid reuse);
 * the same pid and start time under another boot id is from before a
 * reboot. Both are gone. */
static void test_reused_pid_and_other_boot(void **state)
{
	char id[LT_PROC_ID_MAX], forged[2 * LT_PROC_ID_MAX];
	long pid;
	unsigned long long start;
	char boot[LT_PROC_ID_MAX];

	(void)state;
	lt_proc_self(id);
	assert_int_equal(sscanf(id, "%ld.%llu.%79s", &pid, &start, boot), 3);
	snprintf(forged, sizeof(forged), "%ld.%llu.%s", pid, start + 1, boot);
	assert_int_equal(lt_proc_alive(forged), 0);
	snprintf(forged, sizeof(forged), "%ld.%llu.%s", pid, start,
	         "00000000-0000-0000-0000-000000000000");
	assert_int_equal(lt_proc_alive(forged), 0);
	snprintf(forged, sizeof(forged), "%ld.%llu.%s", pid, start, boot);
	assert_int_equal(lt_proc_alive(forged), 1);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {"",       "x",     "12",    "12.", "12.x.y",
	                                  "-1.2.b", "0.5.b", "12.5.", NULL};

	(void)state;
	assert_int_equal(lt_proc_alive(NULL), -1);
	for (size_t i = 0; bad[i]; i++) {
		assert_int_equal(lt_proc_alive(bad[i]), -1);
		assert_int_equal(lt_proc_pid(bad[i]), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_self_is_alive),
	    cmocka_unit_test(test_child_lives_then_dies),
	    cmocka_unit_test(test_reused_pid_and_other_boot),
	    cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
