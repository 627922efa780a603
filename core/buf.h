/*
 * core/buf.h — the one growable byte buffer, used everywhere instead of
 * ad-hoc malloc arithmetic.
 *
 * Invariants: data is NULL with len == cap == 0 (a fresh LT_BUF_INIT), or
 * data points to cap bytes of which the first len are content and
 * data[len] == '\0'. So a buffer holding text is always a C string
 * (lt_buf_cstr() gives "" for an empty one). Embedded NULs are allowed.
 *
 * Every appending function returns 0 or LT_ENOMEM; on failure the buffer
 * keeps its previous content. lt_buf_free() accepts a buffer in any state
 * and leaves it as LT_BUF_INIT.
 */
#ifndef LT_CORE_BUF_H
#define LT_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "core/error.h"

typedef struct lt_buf {
	char *data;
	size_t len;
	size_t cap;
} lt_buf;

#define LT_BUF_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Make room for at least `extra` more bytes (plus the terminating NUL). */
int lt_buf_grow(lt_buf *b, size_t extra);
int lt_buf_append(lt_buf *b, const void *data, size_t len);
int lt_buf_puts(lt_buf *b, const char *s);
int lt_buf_putc(lt_buf *b, char c);
int lt_buf_printf(lt_buf *b, const char *fmt, ...) LT_PRINTF(2, 3);
int lt_buf_vprintf(lt_buf *b, const char *fmt, va_list ap) LT_PRINTF(2, 0);
/* Set len to 0, keep the allocation. */
void lt_buf_reset(lt_buf *b);
/* Shorten to len (no-op when len >= b->len). */
void lt_buf_truncate(lt_buf *b, size_t len);
void lt_buf_free(lt_buf *b);
/* Hand the content to the caller (free() it); the buffer becomes empty.
 * Returns a malloc'd "" for an empty buffer, NULL only on ENOMEM. */
char *lt_buf_detach(lt_buf *b);
/* The content as a C string; "" for an empty buffer. Valid until the next
 * change to the buffer. */
const char *lt_buf_cstr(const lt_buf *b);

#endif
