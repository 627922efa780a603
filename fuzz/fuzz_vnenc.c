/* fuzz/fuzz_vnenc.c — legacy Vietnamese encodings (core/vnenc/):
 * detection, TCVN3 and VNI decoding, the repair of text read as
 * Windows-1252, the syllable test. Input: any bytes. */
#include <stdint.h>
#include <stdio.h>

#include "core/text.h"
#include "core/vnenc/vnenc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	lt_buf b = LT_BUF_INIT;
	lt_vnenc used;

	lt_vnenc_detect(s, size);
	lt_vnenc_decode(&b, LT_VNENC_TCVN3, s, size, size % 2, NULL);
	lt_vnenc_decode(&b, LT_VNENC_VNI, s, size, 0, NULL);
	if (lt_text_validate(s, size, NULL) == LT_OK) {
		lt_vnenc_repair(&b, s, size, &used, NULL);
		lt_vnenc_decode_cp1252(&b, LT_VNENC_VNI, s, size, 1, NULL);
		lt_vnenc_syllable(s, size < 32 ? size : 32);
	}
	/* whatever came out is valid UTF-8 */
	if (b.len && lt_text_validate(b.data, b.len, NULL) != LT_OK)
		__builtin_trap();
	lt_buf_free(&b);
	return 0;
}
