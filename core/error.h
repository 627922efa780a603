/*
 * core/error.h — the one error convention of luutru.
 *
 * A function that can fail returns int: 0 (LT_OK) on success, a negative
 * lt_status on failure. When the caller passes a non-NULL lt_error, the
 * function fills it with a message a person can act on, written as
 * "what failed: the object: why" ("không mở được tệp a.png: không tồn tại").
 * Messages are Vietnamese by default; lt_lang_set(LT_LANG_EN) switches every
 * later message to English (LT_TR picks the string at run time).
 *
 * The CLI prints err.message to stderr and exits with lt_status_exit_code();
 * the HTTP API answers {"error": {"code": lt_status_name(), "message"}} with
 * lt_status_http().
 */
#ifndef LT_CORE_ERROR_H
#define LT_CORE_ERROR_H

#include <stddef.h>

typedef enum lt_status {
	LT_OK = 0,
	LT_ERR = -1,          /* internal error, a bug or an unexpected state */
	LT_ENOMEM = -2,       /* out of memory */
	LT_EIO = -3,          /* file system or I/O failure */
	LT_ENOTFOUND = -4,    /* the named object does not exist */
	LT_EINVAL = -5,       /* bad input: a value, an argument, a query */
	LT_EUNSUPPORTED = -6, /* a file type or feature luutru does not handle */
	LT_ECORRUPT = -7,     /* damaged data: a corrupt image, a bad checksum */
	LT_EEXISTS = -8,      /* the object already exists */
	LT_EVERSION = -9,     /* data written by a newer luutru */
	LT_ELIMIT = -10,      /* a configured limit was exceeded */
	LT_EDB = -11,         /* the catalog (SQLite) failed */
	LT_EINDEX = -12,      /* the search index (Xapian) failed */
	LT_EOCR = -13,        /* OCR (Tesseract/Leptonica) failed */
	LT_EDENIED = -14,     /* not allowed: role, clearance, a legal rule */
	LT_ESTATE = -15,      /* not allowed in the object's current state */
	LT_EBUSY = -16,       /* locked by another process; try again */
	LT_ENOSPC = -17,      /* a file system is full or read-only (the message names it) */
} lt_status;

#define LT_ERROR_MESSAGE_MAX 512

typedef struct lt_error {
	int code;                           /* an lt_status, LT_OK when clear */
	char message[LT_ERROR_MESSAGE_MAX]; /* NUL-terminated, never empty when code != 0 */
} lt_error;

#define LT_ERROR_INIT                                                                              \
	{                                                                                          \
		LT_OK,                                                                             \
		{                                                                                  \
			0                                                                          \
		}                                                                                  \
	}

#if defined(__GNUC__)
#define LT_PRINTF(fmt_idx, first_arg) __attribute__((format(printf, fmt_idx, first_arg)))
#else
#define LT_PRINTF(fmt_idx, first_arg)
#endif

/* Fill err (may be NULL) and return code, so callers can write
 * `return lt_error_set(err, LT_EINVAL, ...);`. */
int lt_error_set(lt_error *err, int code, const char *fmt, ...) LT_PRINTF(3, 4);

/* Prefix an already-set message with context: "context: old message".
 * Returns err->code (or LT_ERR when err is NULL). */
int lt_error_prefix(lt_error *err, const char *fmt, ...) LT_PRINTF(2, 3);

/* Replace each occurrence of path in err's message by name (a server-side
 * path by what the reader knows it as: a client's file name, a backup
 * set's name). */
void lt_error_hide_path(lt_error *err, const char *path, const char *name);

void lt_error_clear(lt_error *err);

/* Stable machine name of a status ("not_found", "invalid", ...). */
const char *lt_status_name(int code);

/* Process exit code for a status (documented in docs/cli.md):
 * 0 ok, 1 internal, 2 usage/invalid input, 3 not found, 4 unsupported or
 * corrupt input, 5 I/O or storage, 6 limit, 7 denied or wrong state,
 * 8 newer data version, 9 busy; a full or read-only file system is 5. */
int lt_status_exit_code(int code);

/* HTTP status for a status: 400, 403, 404, 409, 413, 415, 422, 500, 503,
 * 507 (a full or read-only file system). */
int lt_status_http(int code);

/* ---- user-facing language ------------------------------------------- */

typedef enum lt_lang { LT_LANG_VI = 0, LT_LANG_EN = 1 } lt_lang;

void lt_lang_set(lt_lang lang);
lt_lang lt_lang_get(void);
/* This thread only (an HTTP request's language): LT_LANG_VI or LT_LANG_EN
 * overrides lt_lang_set(); -1 follows it again. */
void lt_lang_set_thread(int lang);
/* Reads LUUTRU_LANG ("en", "vi"); unset or unknown means Vietnamese. */
void lt_lang_from_env(void);

/* Pick the Vietnamese or English literal. Both arms are literals, so the
 * compiler still checks printf formats built with it. */
#define LT_TR(vi, en) (lt_lang_get() == LT_LANG_EN ? (en) : (vi))

#endif
