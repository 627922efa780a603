/*
 * core/proc.h — who a process is, so that work a process leaves behind can
 * be told apart from work it is still doing.
 *
 * A process id alone is not enough: pids are reused, and after a reboot
 * every pid is fresh. A luutru process is named by
 *
 *     "<pid>.<start>.<boot id>"
 *
 * where <start> is the process's start time in clock ticks since boot
 * (field 22 of /proc/<pid>/stat) and <boot id> the kernel's random boot id
 * (/proc/sys/kernel/random/boot_id). Such an id names one process of one
 * boot of one machine, and never another process, so "is it alive?" has a
 * safe answer: it is, exactly when this machine runs under the same boot
 * id and /proc/<pid>/stat shows the same start time. A data directory
 * shared between machines (NFS) is not supported (SQLite's locking is not
 * safe there either): another machine's ids look dead here.
 *
 * Archive jobs carry the id of the process that runs them (a lease,
 * archive/jobs.h), and each process's temporary directory is named by it
 * (archive/archive.h), so whoever comes next can reclaim or remove what a
 * killed process left.
 *
 * Linux only (/proc). Thread-safe.
 */
#ifndef LT_CORE_PROC_H
#define LT_CORE_PROC_H

#define LT_PROC_ID_MAX 80 /* with its NUL */

/* This process's id into out. 0, or -1 when /proc cannot be read (out is
 * then "<pid>.0.unknown", which lt_proc_alive takes for alive while that
 * pid exists). */
int lt_proc_self(char out[LT_PROC_ID_MAX]);

/* 1 when the process id names runs now, 0 when it has stopped; -1 when
 * id is not a process id. */
int lt_proc_alive(const char *id);

/* The pid an id names, 0 when id is not a process id. */
long lt_proc_pid(const char *id);

#endif
