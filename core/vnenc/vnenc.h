/*
 * core/vnenc/vnenc.h — the legacy 8-bit Vietnamese encodings, TCVN3 and
 * VNI, detected and converted to Unicode (NFC).
 *
 * Decades of agency files were typed in these encodings, with the fonts
 * that carry them: TCVN3 (TCVN 5712:1993 VN3, the "ABC" fonts ".VnTime",
 * ".VnArial"; ".VnTimeH" and other names ending in H show every letter as
 * a capital) and VNI ("VNI-Times", "VNI-Helve"; a base letter followed by
 * a byte that carries its marks). Read as they are, their words are not
 * Vietnamese words and are never found.
 *
 * Promises:
 *   1. Valid UTF-8 is Unicode and is never converted (lt_vnenc_detect);
 *      nor is UTF-8 damaged here and there (a cut sequence, a stray
 *      byte) among its Vietnamese letters: that is LT_VNENC_UNKNOWN.
 *   2. Conversion never fails on content: a byte that is no letter of the
 *      encoding is read as Windows-1252, as Windows showed it.
 *   3. The result is NFC, valid UTF-8, with no C0 control other than
 *      tab, line feed and carriage return.
 *   4. Detection decides by reading: the text is decoded in each encoding
 *      and the one whose words are Vietnamese syllables wins
 *      (lt_vnenc_syllable); a text that reads as neither is
 *      LT_VNENC_UNKNOWN.
 *
 * The tables (tables.c) are written from the published charts of the two
 * encodings; docs/formats.md says where each mapping comes from and
 * bench/README.md how well detection and conversion do.
 *
 * All functions are pure and thread-safe; output is appended to an
 * lt_buf (not reset first).
 */
#ifndef LT_CORE_VNENC_H
#define LT_CORE_VNENC_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"

typedef enum lt_vnenc {
	LT_VNENC_UNICODE = 0, /* UTF-8: nothing to convert */
	LT_VNENC_TCVN3 = 1,
	LT_VNENC_VNI = 2,
	LT_VNENC_UNKNOWN = 3, /* 8-bit text that reads as neither */
} lt_vnenc;

/* "Unicode", "TCVN3", "VNI", "unknown". */
const char *lt_vnenc_name(lt_vnenc enc);

/*
 * The encoding of raw bytes (a .txt file): LT_VNENC_UNICODE when they are
 * valid UTF-8 (pure ASCII included), else TCVN3 or VNI when the bytes
 * decoded so read as Vietnamese, else LT_VNENC_UNKNOWN.
 */
lt_vnenc lt_vnenc_detect(const char *s, size_t len);

/* Decode bytes in TCVN3 or VNI (enc) to UTF-8 NFC, appended to out. With
 * upper, letters are made capitals (the text of a ".VnTimeH" font). Fails
 * only for lack of memory, or LT_EINVAL for another enc. */
int lt_vnenc_decode(lt_buf *out, lt_vnenc enc, const char *s, size_t len, int upper, lt_error *err);

/*
 * Convert Unicode text whose characters are the Windows-1252 reading of
 * legacy bytes — a DOCX or RTF run set in a TCVN3 or VNI font, whose
 * bytes Word kept as the characters Windows showed — to the Unicode the
 * bytes mean. Characters with no Windows-1252 byte (and U+F000..U+F0FF,
 * a symbol font's private use) are kept, as the latter byte when in it.
 * s must be valid UTF-8 (LT_EINVAL otherwise).
 */
int lt_vnenc_decode_cp1252(lt_buf *out, lt_vnenc enc, const char *s, size_t len, int upper,
                           lt_error *err);

/*
 * The encoding a font name implies: ".VnTime", ".VnArialH", "VnTime"
 * (the TCVN3 "ABC" family: a name starting ".Vn" or "Vn" followed by a
 * capital) → TCVN3; "VNI-Times", "VNI Helve" → VNI; anything else →
 * Unicode. *upper (may be NULL) is set for the all-capitals variants (a
 * TCVN3 name ending in 'H').
 */
lt_vnenc lt_vnenc_from_font(const char *font, int *upper);

/*
 * Text without font information that may hold legacy text read as
 * Windows-1252 (antiword's output of a TCVN3 .doc): each line is
 * converted when one legacy reading makes more of its words Vietnamese
 * syllables than it has now, and at least half of its non-ASCII words;
 * other lines are kept as they are, so Vietnamese Unicode stays
 * unchanged. *used (may be NULL) is the encoding of the converted lines
 * with the most characters, LT_VNENC_UNICODE when none was converted.
 * s must be valid UTF-8.
 */
int lt_vnenc_repair(lt_buf *out, const char *s, size_t len, lt_vnenc *used, lt_error *err);

/* The code point Windows-1252 / Windows-1258 (Vietnamese; its tone marks
 * are combining characters after the letter) shows for byte b; bytes
 * the code page leaves undefined give their C1 code point. */
uint32_t lt_vnenc_cp1252(unsigned char b);
uint32_t lt_vnenc_cp1258(unsigned char b);

/*
 * Whether the UTF-8 word w[0..len) (letters only) is a well-formed
 * Vietnamese syllable: an initial consonant of the alphabet's list, a
 * vowel group Vietnamese writes, a final consonant, and at most one tone
 * mark. 1 yes, 0 no. Used by detection; exposed for tests.
 */
int lt_vnenc_syllable(const char *w, size_t len);

/*
 * For tests and the benchmark: write Unicode text in a legacy encoding,
 * as a typist of the time would have. TCVN3 has no toned capitals, so
 * they are written as their small letters; a character neither the
 * encoding nor Windows-1252 can hold becomes '?'. *lost (may be NULL)
 * counts the characters changed so. s must be valid UTF-8.
 */
int lt_vnenc_encode(lt_buf *out, lt_vnenc enc, const char *s, size_t len, size_t *lost,
                    lt_error *err);

#endif
