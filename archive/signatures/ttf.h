/*
 * archive/signatures/ttf.h — a TrueType font for the visible signature:
 * its characters' glyphs and widths, and a subset to embed (PDF/A wants
 * every font embedded, and the width PDF states for a glyph to be the
 * font's own).
 *
 * The subset keeps every glyph index (so the text's CIDs are the glyph
 * ids: CIDToGIDMap /Identity) but only the used glyphs' outlines (and
 * the components of composite ones); the tables a PDF viewer needs are
 * kept, layout tables and glyph names dropped, the checksums remade.
 * Every offset read from the font is checked against its size.
 */
#ifndef LT_ARCHIVE_SIGNATURES_TTF_H
#define LT_ARCHIVE_SIGNATURES_TTF_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"

typedef struct lt_ttf lt_ttf;

int lt_ttf_load(lt_ttf **out, const char *path, lt_error *err);
void lt_ttf_free(lt_ttf *f);

/* The glyph of code point cp; 0 (.notdef) when the font has none. */
int lt_ttf_glyph(const lt_ttf *f, uint32_t cp);
/* Advance width of glyph gid in thousandths of the font size. */
int lt_ttf_advance(const lt_ttf *f, int gid);
/* The font's PostScript name (name table, ID 6), or "Font". */
const char *lt_ttf_name(const lt_ttf *f);

typedef struct lt_ttf_metrics {
	int ascent, descent, cap_height; /* thousandths */
	int bbox[4];
	double italic_angle;
} lt_ttf_metrics;

void lt_ttf_get_metrics(const lt_ttf *f, lt_ttf_metrics *m);

/* The font with only glyphs gids[0..n) outlined (and glyph 0). */
int lt_ttf_subset(const lt_ttf *f, const int *gids, size_t n, lt_buf *out, lt_error *err);

#endif
