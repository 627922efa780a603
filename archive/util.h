/*
 * archive/util.h — small helpers shared by the archive/ files (internal).
 */
#ifndef LT_ARCHIVE_UTIL_H
#define LT_ARCHIVE_UTIL_H

#include <stddef.h>

#include "core/error.h"

/* Room for a shortened value: 48 code points of up to 4 bytes + "…". */
#define LT_SHORT_MAX 200

/* A value for an error message: at most 48 characters, "…" when cut; a
 * value that is not valid UTF-8 is shown as "(UTF-8 không hợp lệ)". */
void lt_ar_shorten(const char *s, char out[LT_SHORT_MAX]);

/* A random (version 4) UUID in its 36-character text form. */
int lt_ar_uuid4(char out[37], lt_error *err);

/* Base name of a path (after the last '/'); points into path. */
const char *lt_ar_basename(const char *path);

#endif
