/* core/buf.c — see buf.h. */
#include "core/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lt_buf_grow(lt_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > SIZE_MAX - b->len - 1)
		return LT_ENOMEM;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return LT_OK;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(b->data, cap);
	if (!p)
		return LT_ENOMEM;
	b->data = p;
	b->cap = cap;
	b->data[b->len] = '\0';
	return LT_OK;
}

int lt_buf_append(lt_buf *b, const void *data, size_t len)
{
	if (lt_buf_grow(b, len) != LT_OK)
		return LT_ENOMEM;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return LT_OK;
}

int lt_buf_puts(lt_buf *b, const char *s)
{
	return lt_buf_append(b, s, strlen(s));
}

int lt_buf_putc(lt_buf *b, char c)
{
	return lt_buf_append(b, &c, 1);
}

int lt_buf_vprintf(lt_buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return LT_ERR;
	if (lt_buf_grow(b, (size_t)n) != LT_OK)
		return LT_ENOMEM;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return LT_OK;
}

int lt_buf_printf(lt_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = lt_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void lt_buf_reset(lt_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void lt_buf_truncate(lt_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

void lt_buf_free(lt_buf *b)
{
	if (!b)
		return;
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

char *lt_buf_detach(lt_buf *b)
{
	char *p;

	if (!b->data)
		return calloc(1, 1);
	p = b->data;
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}

const char *lt_buf_cstr(const lt_buf *b)
{
	return b->data ? b->data : "";
}
