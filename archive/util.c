/* archive/util.c — see util.h. */
#include "archive/util.h"

#include <stdio.h>
#include <string.h>

#include <openssl/rand.h>

#include "core/text.h"

#define SHORT_CHARS 48

void lt_ar_shorten(const char *s, char out[LT_SHORT_MAX])
{
	size_t i = 0, chars = 0;

	if (!s) {
		out[0] = '\0';
		return;
	}
	if (lt_text_validate(s, strlen(s), NULL) != 0) {
		snprintf(out, LT_SHORT_MAX, "%s", LT_TR("(UTF-8 không hợp lệ)", "(invalid UTF-8)"));
		return;
	}
	/* Cut on a character boundary: skip continuation bytes (10xxxxxx). */
	while (s[i] && chars < SHORT_CHARS) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	snprintf(out, LT_SHORT_MAX, "%.*s%s", (int)i, s, s[i] ? "…" : "");
}

int lt_ar_uuid4(char out[37], lt_error *err)
{
	unsigned char b[16];

	if (RAND_bytes(b, sizeof(b)) != 1)
		return lt_error_set(err, LT_ERR, "RAND_bytes failed");
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80); /* RFC 4122 variant */
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	         b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
	         b[13], b[14], b[15]);
	return 0;
}

const char *lt_ar_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}
