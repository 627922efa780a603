/*
 * core/text.h — UTF-8 validation and Vietnamese-aware normalisation
 * (utf8proc underneath).
 *
 * Three forms of a text, each a function of the one before:
 *
 *   NFC     lt_text_nfc()    — what luutru stores. Unicode NFC; OCR's
 *                              look-alikes U+00D0 'Ð' and U+00F0 'ð' become
 *                              U+0110 'Đ' and U+0111 'đ' first.
 *   exact   lt_text_exact()  — the "same word with the same diacritics"
 *                              key: NFC, case-folded, and the tone mark of
 *                              every word moved to one canonical place, so
 *                              the old and new tone placements are equal
 *                              ("hoà" == "hòa", "thuỷ" == "thủy") while
 *                              distinct words stay distinct ("thể" != "thế").
 *   folded  lt_text_fold()   — the diacritic-free key: the exact form with
 *                              every combining mark stripped and đ → d
 *                              ("Quyết Định" → "quyet dinh").
 *
 * The exact form is a key, not display text: the canonical tone place is
 * "after the word's last letter" (NFC then composes what it can), which is
 * deterministic and needs no spelling rules. Never show it to a user.
 *
 * All functions take (s, len) with len == (size_t)-1 meaning strlen(s), and
 * append their result to an lt_buf (the buffer is not reset first). Invalid
 * UTF-8 gives LT_EINVAL with a message naming the byte offset; nothing is
 * appended then.
 */
#ifndef LT_CORE_TEXT_H
#define LT_CORE_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"

#define LT_TEXT_STRLEN ((size_t)-1)

/* 0 when s[0..len) is valid UTF-8 (no overlongs, no surrogates, no NUL
 * inside len); otherwise LT_EINVAL and err says at which byte. */
int lt_text_validate(const char *s, size_t len, lt_error *err);

int lt_text_nfc(lt_buf *out, const char *s, size_t len, lt_error *err);
int lt_text_exact(lt_buf *out, const char *s, size_t len, lt_error *err);
int lt_text_fold(lt_buf *out, const char *s, size_t len, lt_error *err);

/* True when the exact and folded forms of the word differ, i.e. the user
 * typed a diacritic or đ. */
int lt_text_has_diacritics(const char *s, size_t len);

/* Number of code points (for length limits counted in characters, as the
 * regulations count them). Invalid UTF-8 counts each bad byte as one. */
size_t lt_text_length(const char *s, size_t len);

/*
 * Word tokenizer. A word is a maximal run of letters (L*), marks (M*) and
 * digits (N*); every other character splits, '-', '/' and the apostrophe
 * included, so "1234/QĐ-UBND" gives "1234", "QĐ" and "UBND" (document
 * notations are searched by their parts). Invalid bytes split too.
 * Positions are byte offsets into the original text so a highlighter can
 * mark the original, diacritics and case intact.
 *
 *     lt_text_iter it; lt_text_iter_init(&it, text, len);
 *     while (lt_text_iter_next(&it)) use(it.word, it.word_len, it.offset);
 */
typedef struct lt_text_iter {
	const char *text;
	size_t len;
	size_t pos;       /* where the next scan starts */
	const char *word; /* points into text */
	size_t word_len;
	size_t offset; /* word - text */
} lt_text_iter;

void lt_text_iter_init(lt_text_iter *it, const char *text, size_t len);
/* 1 when a word was found, 0 at the end. Invalid bytes are skipped. */
int lt_text_iter_next(lt_text_iter *it);

#endif
