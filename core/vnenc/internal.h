/*
 * core/vnenc/internal.h — the tables of core/vnenc/, shared by its files;
 * nothing outside core/vnenc/ includes it.
 */
#ifndef LT_CORE_VNENC_INTERNAL_H
#define LT_CORE_VNENC_INTERNAL_H

#include <stdint.h>

#include "core/vnenc/vnenc.h"

typedef struct lt_vnenc_vni_mark {
	unsigned char byte; /* small-letter value; the capital is byte - 0x20 */
	uint16_t shape;     /* combining circumflex / breve, 0 for none */
	uint16_t tone;      /* combining tone mark, 0 for none */
} lt_vnenc_vni_mark;

typedef struct lt_vnenc_vni_letter {
	unsigned char byte; /* small-letter value; the capital is byte - 0x20 */
	uint16_t small, capital;
} lt_vnenc_vni_letter;

extern const uint16_t lt_vnenc_cp1252_hi[32];
extern const uint16_t lt_vnenc_tcvn3[128];
extern const uint16_t lt_vnenc_cp1258_diff[][2];         /* ends with {0, 0} */
extern const lt_vnenc_vni_mark lt_vnenc_vni_marks[];     /* ends with byte 0 */
extern const lt_vnenc_vni_letter lt_vnenc_vni_letters[]; /* ends with byte 0 */

#endif
