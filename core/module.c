/*
 * core/module.c — load a module beside the binary (core/module.h).
 *
 * The file is found from /proc/self/exe, not from PATH or the current
 * directory: the module is part of the installed program, as trusted as
 * the binary itself, and a copy elsewhere must not be picked up.
 * RTLD_NOW: a module whose libraries or symbols are missing fails here,
 * with the reason, rather than in the middle of an OCR job. The parts of
 * one file (LT_MODULE_INIT_ENTRY) each dlopen it: the second is the same
 * handle, counted, not a second load. Nothing is
 * dlclose'd, not even a file refused: its libraries' constructors have run
 * (GLib's type system allocates), and unloading them would leave that
 * memory unreachable for no gain.
 */
#include "core/module.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gen/module_abi.h"

/* The module's path: the binary's directory + "/luutru-NAME.so". */
static int module_path(char *out, size_t cap, const char *name)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0)
		return -1;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	n = snprintf(out, cap, "%s/luutru-%s.so", exe, name);
	return n > 0 && (size_t)n < cap ? 0 : -1;
}

static void load(lt_module *m)
{
	char path[PATH_MAX + 32], entry_name[64];
	void *handle;
	lt_module_entry entry;
	const char *why;

	if (module_path(path, sizeof(path), m->name) != 0) {
		snprintf(m->reason, sizeof(m->reason), "luutru-%s.so: /proc/self/exe unreadable",
		         m->name);
		return;
	}
	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		why = dlerror();
		snprintf(m->reason, sizeof(m->reason), "%.380s", why ? why : path);
		return;
	}
	snprintf(entry_name, sizeof(entry_name), "lt_%s_module", m->entry ? m->entry : m->name);
	/* POSIX: a function pointer converts from dlsym's void *. */
	*(void **)&entry = dlsym(handle, entry_name);
	if (!entry) {
		snprintf(m->reason, sizeof(m->reason), "%.300s: no %s", path, entry_name);
		return;
	}
	m->api = entry(LT_MODULE_ABI);
	if (!m->api) {
		snprintf(m->reason, sizeof(m->reason),
		         "%.300s: built from other sources than this binary", path);
	}
}

const void *lt_module_get(lt_module *m, lt_error *err)
{
	const void *api;
	char reason[sizeof(m->reason)];

	pthread_mutex_lock(&m->lock);
	if (!m->tried) {
		m->tried = 1;
		load(m);
	}
	api = m->api;
	memcpy(reason, m->reason, sizeof(reason));
	pthread_mutex_unlock(&m->lock);
	if (!api)
		lt_error_set(
		    err, LT_EIO,
		    LT_TR("không nạp được mô-đun luutru-%s.so (%s) của luutru; tệp này phải "
		          "nằm cạnh chương trình luutru (cài đặt lại luutru, hoặc chạy make): %s",
		          "cannot load luutru's module luutru-%s.so (%s); it must be beside "
		          "the luutru binary (reinstall luutru, or run make): %s"),
		    m->name, LT_TR(m->what_vi, m->what_en), reason);
	return api;
}
