/*
 * search/snippet.h — the passage shown under a hit, with its matches.
 *
 * Xapian's own highlighter only knows the terms it indexed, and luutru's
 * query words match through folded and exact keys, so luutru finds its
 * matches itself: every word of the record's text is compared with the
 * query words by the same keys the index uses (a query word without
 * diacritics: folded form; with diacritics: the exact form, or the folded
 * form when the text word itself has no diacritics).
 *
 * A snippet is plain text (the original characters, white space runs
 * shown as one space, "…" where the passage is cut) plus the byte spans of
 * the matches inside it. It never cuts a UTF-8 character. The front doors
 * render it with lt_snippet_render(): «…» or ANSI bold in the CLI,
 * <mark>…</mark> with HTML escaping in the web UI.
 */
#ifndef LT_SEARCH_SNIPPET_H
#define LT_SEARCH_SNIPPET_H

#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"

/* Passage length aimed for, in characters. */
#define LT_SNIPPET_CHARS 200

typedef struct lt_span {
	size_t offset; /* byte offset in the snippet */
	size_t len;    /* bytes */
} lt_span;

/* A query word as the highlighter compares it. */
typedef struct lt_snippet_word {
	const char *folded; /* folded form (the prefix when wildcard) */
	const char *exact;  /* exact key, used when accented */
	int accented;
	int wildcard;
	/* A word of a phrase: phrase_len > 1 words, this one at phrase_pos
	 * (0-based); it counts only where the whole phrase stands in the text,
	 * word after word, so a phrase hit shows (and marks) the phrase. */
	size_t phrase_pos, phrase_len;
} lt_snippet_word;

/*
 * The best passage of text[0..len) for words: the window of about
 * max_chars characters with the most distinct query words, then the most
 * matches. Appends the passage to out and sets *spans (malloc'd, free()
 * it; NULL when *nspans is 0). With no match, the passage is the start of
 * the text.
 */
int lt_snippet_make(lt_buf *out, lt_span **spans, size_t *nspans, const char *text, size_t len,
                    const lt_snippet_word *words, size_t nwords, size_t max_chars, lt_error *err);

/*
 * Append snippet with each span wrapped in open ... close. With
 * html_escape, the text (not open/close) is escaped for HTML (& < > " ').
 * Spans must be sorted and not overlap; a span outside the snippet is
 * LT_EINVAL. Returns 0 or LT_ENOMEM / LT_EINVAL.
 */
int lt_snippet_render(lt_buf *out, const char *snippet, const lt_span *spans, size_t n,
                      const char *open, const char *close, int html_escape);

#endif
