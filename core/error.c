/* core/error.c — see error.h. */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdatomic.h>

static _Atomic int current_lang = LT_LANG_VI;
/* -1: follow current_lang; else this thread's language (an HTTP request's). */
static _Thread_local int thread_lang = -1;

int lt_error_set(lt_error *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof(err->message), fmt, ap);
		va_end(ap);
		err->code = code;
		if (err->message[0] == '\0')
			snprintf(err->message, sizeof(err->message), "%s", lt_status_name(code));
	}
	return code;
}

int lt_error_prefix(lt_error *err, const char *fmt, ...)
{
	char prefix[LT_ERROR_MESSAGE_MAX];
	char old[LT_ERROR_MESSAGE_MAX];
	va_list ap;

	if (!err)
		return LT_ERR;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->message, sizeof(old));
	/* Truncation is acceptable: the head of the message says what failed. */
	size_t n = strlen(prefix);
	if (n > sizeof(err->message) - 3)
		n = sizeof(err->message) - 3;
	memcpy(err->message, prefix, n);
	memcpy(err->message + n, ": ", 2);
	size_t rest = sizeof(err->message) - n - 3;
	size_t olen = strnlen(old, rest);
	memcpy(err->message + n + 2, old, olen);
	err->message[n + 2 + olen] = '\0';
	if (err->code == LT_OK)
		err->code = LT_ERR;
	return err->code;
}

void lt_error_clear(lt_error *err)
{
	if (err) {
		err->code = LT_OK;
		err->message[0] = '\0';
	}
}

const char *lt_status_name(int code)
{
	switch (code) {
	case LT_OK: return "ok";
	case LT_ERR: return "internal";
	case LT_ENOMEM: return "out_of_memory";
	case LT_EIO: return "io";
	case LT_ENOTFOUND: return "not_found";
	case LT_EINVAL: return "invalid";
	case LT_EUNSUPPORTED: return "unsupported";
	case LT_ECORRUPT: return "corrupt";
	case LT_EEXISTS: return "exists";
	case LT_EVERSION: return "version";
	case LT_ELIMIT: return "limit";
	case LT_EDB: return "catalog";
	case LT_EINDEX: return "index";
	case LT_EOCR: return "ocr";
	case LT_EDENIED: return "denied";
	case LT_ESTATE: return "state";
	case LT_EBUSY: return "busy";
	case LT_ENOSPC: return "no_space";
	default: return "unknown";
	}
}

int lt_status_exit_code(int code)
{
	switch (code) {
	case LT_OK: return 0;
	case LT_EINVAL: return 2;
	case LT_ENOTFOUND: return 3;
	case LT_EUNSUPPORTED:
	case LT_ECORRUPT: return 4;
	case LT_EIO:
	case LT_ENOSPC:
	case LT_EDB:
	case LT_EINDEX:
	case LT_EOCR: return 5;
	case LT_ELIMIT: return 6;
	case LT_EDENIED:
	case LT_ESTATE:
	case LT_EEXISTS: return 7;
	case LT_EVERSION: return 8;
	case LT_EBUSY: return 9;
	default: return 1;
	}
}

int lt_status_http(int code)
{
	switch (code) {
	case LT_OK: return 200;
	case LT_EINVAL: return 400;
	case LT_EDENIED: return 403;
	case LT_ENOTFOUND: return 404;
	case LT_EEXISTS:
	case LT_ESTATE: return 409;
	case LT_ELIMIT: return 413;
	case LT_EUNSUPPORTED: return 415;
	case LT_ECORRUPT: return 422;
	case LT_EBUSY: return 503;
	case LT_ENOSPC: return 507;
	default: return 500;
	}
}

void lt_lang_set(lt_lang lang)
{
	atomic_store(&current_lang, (int)lang);
}

lt_lang lt_lang_get(void)
{
	if (thread_lang >= 0)
		return (lt_lang)thread_lang;
	return (lt_lang)atomic_load(&current_lang);
}

void lt_lang_set_thread(int lang)
{
	thread_lang = lang == LT_LANG_VI || lang == LT_LANG_EN ? lang : -1;
}

void lt_lang_from_env(void)
{
	const char *v = getenv("LUUTRU_LANG");
	if (v && (strncmp(v, "en", 2) == 0 || strncmp(v, "EN", 2) == 0))
		lt_lang_set(LT_LANG_EN);
	else
		lt_lang_set(LT_LANG_VI);
}

void lt_error_hide_path(lt_error *err, const char *path, const char *name)
{
	char out[LT_ERROR_MESSAGE_MAX];
	size_t plen = strlen(path), j = 0;
	const char *p = err->message;

	if (!plen)
		return;
	while (*p && j + 1 < sizeof(out)) {
		if (strncmp(p, path, plen) == 0) {
			for (const char *q = name; *q && j + 1 < sizeof(out); q++)
				out[j++] = *q;
			p += plen;
		} else {
			out[j++] = *p++;
		}
	}
	out[j] = '\0';
	snprintf(err->message, sizeof(err->message), "%s", out);
}
