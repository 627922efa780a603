/*
 * ocr/internal.h — what the files of ocr/ share with each other; not part of
 * the module's contract (ocr/ocr.h is). Nothing outside ocr/ includes it.
 *
 *   media.c   content sniffing (magic bytes, UTF-8 text)
 *   spawn.c   running a poppler tool in a child process under resource limits
 *   pdf.c     pdfinfo / pdftotext / pdftoppm wrappers built on spawn.c
 *   probe.c   lt_ocr_probe and the image header checks
 *   engine.c  the Tesseract handle, lt_ocr_file
 *   prep.c    Leptonica preprocessing before recognition
 *   clean.c   clean-up of recognised text
 *   layout.c  the words of a page; its text, two-column blocks in reading order
 *   spdf.c    the searchable PDF: page image + invisible text layer
 */
#ifndef LT_OCR_INTERNAL_H
#define LT_OCR_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"
#include "ocr/ocr.h"

struct Pix;
struct TessBaseAPI;

/* Text files larger than this are refused (LT_ELIMIT): one page of text that
 * size is already far beyond any document an agency registers. */
#define LT_OCR_TEXT_MAX_BYTES (64u * 1024 * 1024)

/* Resolution assumed when an image does not carry a plausible one. */
#define LT_OCR_DEFAULT_DPI       300
#define LT_OCR_MIN_PLAUSIBLE_DPI 70

/* Silence Leptonica's own stderr messages, once per process; luutru reports
 * errors itself. */
void lt_ocr_quiet_leptonica(void);

/* ---- media.c ---------------------------------------------------------- */

/*
 * Sniff the type of the regular file at path from its content. *type is
 * LT_MEDIA_UNKNOWN for anything unsupported (binary garbage, other image
 * formats). For text, the whole file is checked to be valid UTF-8 without NUL
 * bytes, up to LT_OCR_TEXT_MAX_BYTES + 1 bytes (a bigger valid prefix still
 * counts as text, so the caller can refuse it by size). Fails only on I/O.
 */
int lt_ocr_media_detect(lt_media_type *type, const char *path, lt_error *err);

/* ---- spawn.c ---------------------------------------------------------- */

typedef struct lt_ocr_run_limits {
	size_t max_stdout;   /* bytes of stdout kept; more kills the child */
	uint64_t max_memory; /* RLIMIT_AS of the child, bytes */
	int max_cpu_seconds; /* RLIMIT_CPU of the child */
	int timeout_ms;      /* wall clock; the child is killed after it */
} lt_ocr_run_limits;

typedef struct lt_ocr_run_status {
	int exit_code;     /* when the child exited normally, else -1 */
	int signal;        /* the signal that ended the child, else 0 */
	int timed_out;     /* killed because timeout_ms passed */
	int out_truncated; /* killed because stdout exceeded max_stdout */
} lt_ocr_run_status;

/*
 * Run argv[0] (looked up in PATH) with argv, never through a shell, stdin
 * from /dev/null, stdout into out (appended) and the first few KiB of stderr
 * into errout (may be NULL), under the limits above, and wait for it.
 * Returns LT_OK whenever the child ran, whatever became of it (see *st);
 * LT_EUNSUPPORTED when the tool is not installed; LT_EIO when the process
 * could not be created.
 */
int lt_ocr_run(lt_ocr_run_status *st, const char *const argv[], const lt_ocr_run_limits *lim,
               lt_buf *out, lt_buf *errout, lt_error *err);

/* ---- pdf.c ------------------------------------------------------------ */

/* What pdfimages -list says of one page's images. */
typedef struct lt_ocr_pdf_image {
	int count; /* images, masks and stencils drawn on the page */
	int width; /* the first one: pixels */
	int height;
	double xppi; /* its resolution as drawn */
	double yppi;
	int jpeg;   /* stored as a JPEG */
	int usable; /* an image (not a mask), grey or RGB */
	int num;    /* the first one's number in the listing */
} lt_ocr_pdf_image;

typedef struct lt_ocr_pdf_info {
	int pages;
	double *width_pt; /* per page, PostScript points; NULL unless asked for */
	double *height_pt;
	int *rot; /* per page, degrees (pdfinfo's "rot"); with the sizes */
	/* lt_ocr_pdf_doc_read: per page, NULL when not read */
	char **text;              /* the text layer (pdftotext), raw */
	lt_ocr_pdf_image *images; /* pdfimages -list */
	/* The scanned pages' images as stored, extracted by one pdfimages
	 * run (lt_ocr_pdf_doc_read, with the sizes known); removed with the
	 * info. NULL: extracted page by page. */
	char *image_dir;
	int image_base; /* listing number of the first image extracted */
	/* Per page, 1 when the page draws nothing at all (no image, no text
	 * layer, and drawn small, not a dot of ink: lt_ocr_pdf_doc_read);
	 * NULL when not known (each page is then drawn small on its own). */
	unsigned char *empty;
} lt_ocr_pdf_info;

#define LT_OCR_PDF_INFO_INIT                                                                       \
	{                                                                                          \
		0, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL                                     \
	}
/* Resolution a PDF page that draws no image is drawn at first, to tell an
 * empty page without drawing it at 300 dpi. */
#define LT_OCR_PDF_PREVIEW_DPI 24
void lt_ocr_pdf_info_free(lt_ocr_pdf_info *info);

/* pdfinfo: page count (and page sizes when with_sizes). An encrypted PDF is
 * LT_EUNSUPPORTED, one poppler cannot open LT_ECORRUPT. */
int lt_ocr_pdf_info_read(lt_ocr_pdf_info *out, const char *path, int with_sizes, lt_error *err);

/* pdftotext: the text layer of one page, appended to out (raw UTF-8 as
 * poppler gives it, form feeds removed). */
int lt_ocr_pdf_page_text(lt_buf *out, const char *path, int page_no, lt_error *err);

/* The text layer of every page (pdftotext) and the list of every page's
 * images (pdfimages -list), one run each for the whole document, into
 * info->text and info->images; with the page sizes known, the images of
 * the pages that are one scanned image, extracted by one more run into
 * info->image_dir. Each stays NULL when its tool fails (the pages are then
 * asked one by one). Fails only for lack of memory. */
int lt_ocr_pdf_doc_read(lt_ocr_pdf_info *info, const char *path, lt_error *err);

/* pdfimages: when page page_no is one image covering the unturned page
 * (info with sizes), that image as stored, at its own resolution (*dpi);
 * else *out is NULL, and the page is for lt_ocr_pdf_render. Fails only
 * for lack of memory; a tool that fails means "render it". */
int lt_ocr_pdf_page_image(struct Pix **out, int *dpi, const char *path, int page_no,
                          const lt_ocr_pdf_info *info, uint64_t max_pixels, lt_error *err);

/* Temporary directories: $TMPDIR/LT_OCR_TMP_PREFIX<pid>-XXXXXX; each new
 * engine removes those of processes that are gone (engine.c). */
#define LT_OCR_TMP_PREFIX "luutru-pdf-"

/* Make such a directory (mode 0700), its path into *dir (appended to an
 * empty buffer); -1 when it cannot be made. */
int lt_ocr_private_dir(lt_buf *dir);

/* pdftoppm: one page rendered to 8-bit grey at dpi; the pixel count is capped
 * by max_pixels (LT_ELIMIT). *out is freed with pixDestroy. */
int lt_ocr_pdf_render(struct Pix **out, const char *path, int page_no, int dpi, uint64_t max_pixels,
                      lt_error *err);

/* ---- probe.c ---------------------------------------------------------- */

/* Header-only check of page `index` (0-based; TIFF only, else 0) against
 * the pixel limit, then a full decode. On success *out is the page
 * (pixDestroy it). */
int lt_ocr_image_load(struct Pix **out, const char *path, lt_media_type type, int index,
                      const lt_ocr_limits *limits, lt_error *err);

/* What lt_ocr_probe_ex keeps of its work for the engine, so that nothing
 * is decoded or asked of poppler twice. */
typedef struct lt_ocr_probe_keep {
	size_t budget;      /* in: bytes of decoded pages to keep, 0 for none */
	struct Pix **pages; /* out: one per page (npages), NULL when not kept */
	size_t npages;
	lt_ocr_pdf_info pdf; /* out: a PDF's pdfinfo, with the page sizes */
} lt_ocr_probe_keep;

#define LT_OCR_PROBE_KEEP_INIT                                                                     \
	{                                                                                          \
		0, NULL, 0, LT_OCR_PDF_INFO_INIT                                                   \
	}

/* lt_ocr_probe, keeping in *keep (may be NULL) the decoded pages, first
 * page first, while they fit in keep->budget bytes, and a PDF's page sizes.
 * Free *keep with lt_ocr_probe_keep_free, whatever the result. */
int lt_ocr_probe_ex(lt_ocr_probe_info *out, const char *path, const lt_ocr_limits *limits,
                    lt_ocr_probe_keep *keep, lt_error *err);
void lt_ocr_probe_keep_free(lt_ocr_probe_keep *keep);

/* ---- prep.c ----------------------------------------------------------- */

/*
 * The steps before recognition, as the engine runs them (engine.c):
 * lt_ocr_prep_clean (despeckle + smooth of 1-bit pages, background
 * normalisation of unevenly lit grey pages), lt_ocr_prep_deskew, recognise;
 * only when the result does not look like upright text,
 * lt_ocr_prep_orientation on the cleaned page, lt_ocr_prep_turn, deskew
 * and recognise again. Every step keeps *pix valid when it fails (the step
 * is then skipped).
 */
void lt_ocr_prep_clean(struct Pix **pix, int dpi, unsigned flags);

/* Straighten *pix (LT_OCR_PREP_DESKEW in flags); the angle turned, 0 when
 * none. */
double lt_ocr_prep_deskew(struct Pix **pix, unsigned flags);

/* Quarter turns (1..3) the page is turned clockwise by, per Tesseract OSD
 * (osd: a handle initialised with "osd"); 0 when upright or unsure. */
int lt_ocr_prep_orientation(struct TessBaseAPI *osd, struct Pix *pix, int dpi);

/* Undo quads clockwise quarter turns of *pix. */
int lt_ocr_prep_turn(struct Pix **pix, int quads);

typedef struct lt_ocr_prep_info {
	int rotation; /* 0, 90, 180, 270 degrees turned */
	double skew;  /* degrees straightened, 0 when none */
} lt_ocr_prep_info;

/* Every step in flags at once, orientation (when osd is not NULL) before
 * deskew, without recognition (fuzz/fuzz_image.c). */
int lt_ocr_prep(struct Pix **pix, int *dpi, unsigned flags, struct TessBaseAPI *osd,
                lt_ocr_prep_info *info);

/* Turn *pix by angle degrees (clockwise positive, as deskew found it). */
int lt_ocr_prep_rotate(struct Pix **pix, double angle);

/* A grey page for recognition from a colour one (32 bpp): each pixel as
 * bright as its brightest channel, plus its saturation, so that red seals
 * and blue ink read as paper and black print stays black (also under a
 * seal, where the inks multiply). NULL for lack of memory. */
struct Pix *lt_ocr_prep_dropout(struct Pix *pix);

/* ---- ink.c ------------------------------------------------------------ */

/* How much ink a page holds, measured on the cleaned, deskewed page before
 * recognition (ink.c). */
typedef struct lt_ocr_ink {
	int glyphs;       /* connected marks of a glyph's size (letters, marks) */
	double dark;      /* share of the page's pixels that are ink, 0..1 */
	int paper;        /* grey level of the paper */
	int threshold;    /* grey level below which a pixel is ink */
	struct Pix *mask; /* the ink at half resolution, 1 bpp (tables) */
	int dpi;          /* the page's resolution */
	/* The LT_OCR_INK_TOP topmost glyph marks: left, top, right, bottom
	 * in page pixels, in no order. */
	int top[16][4];
	int ntop;
} lt_ocr_ink;
#define LT_OCR_INK_TOP 16

/* Measure pix (any depth; colour as its luminance). */
void lt_ocr_ink_measure(struct Pix *pix, int dpi, lt_ocr_ink *ink);
void lt_ocr_ink_free(lt_ocr_ink *ink);
/* A page with no glyph-sized mark and almost no ink: nothing to read. */
int lt_ocr_ink_blank(const lt_ocr_ink *ink);
/* No ink at all (a page drawn small, engine.c: an empty PDF page). */
int lt_ocr_ink_empty(const lt_ocr_ink *ink);
/* The page as 1 bpp (ink black), for storing a blank page small. */
struct Pix *lt_ocr_ink_bitonal(struct Pix *pix, const lt_ocr_ink *ink);

/* ---- layout.c --------------------------------------------------------- */

/* One recognised word: its text (UTF-8, as Tesseract gave it) and box in
 * the page image's pixels (top < bottom). */
typedef struct lt_ocr_word {
	char *text;
	int left, top, right, bottom;
	unsigned letters; /* letters (Unicode L*) in text */
	int dict;         /* found in the language's dictionary */
	int conf;         /* Tesseract's confidence, 0..100 */
	int cell;         /* table cell it lies in (layout.c, tables), -1 none */
} lt_ocr_word;

/* One text line: words[first .. first + n), their extent, and the line's
 * baseline from (base_x1, base_y1) to (base_x2, base_y2) (has_base). */
typedef struct lt_ocr_line {
	size_t first, n;
	int left, right, bottom, height;
	int para;  /* starts a paragraph (a blank line before it) */
	int split; /* index (1..n-1) of the first word right of the widest gap; 0 none */
	int table; /* a line of a table cell (table.c): read as it is, never split */
	int gap_left, gap_right;
	int has_base, base_x1, base_y1, base_x2, base_y2;
} lt_ocr_line;

/* The words of a recognised page, read once (one pass of Tesseract's
 * result iterator) for the page text, the upright test and the
 * searchable PDF's text layer. */
typedef struct lt_ocr_words {
	lt_ocr_word *w;
	size_t nw, capw;
	lt_ocr_line *l;
	size_t nl, capl;
} lt_ocr_words;

/* Read the words of the page just recognised (after TessBaseAPIRecognize)
 * into *pw (zeroed first), lines measured. Fails (-1) for lack of memory
 * or without a result iterator; *pw is then empty. */
int lt_ocr_words_read(struct TessBaseAPI *api, lt_ocr_words *pw);
void lt_ocr_words_free(lt_ocr_words *pw);
/* Room for element n of the array *v of *cap elements of size bytes
 * (doubling); -1 for lack of memory. */
int lt_ocr_grow(void **v, size_t *cap, size_t n, size_t size);
/* Put one word (text as one word, its box, its confidence) as a line of
 * its own before all the others; -1 for lack of memory. */
int lt_ocr_words_prepend_line(lt_ocr_words *pw, const char *text, int left, int top, int right,
                              int bottom, int conf);
/* Measure every line of pw again (extent, height, widest gap). */
void lt_ocr_words_measure(lt_ocr_words *pw);

/* The page text from its words with side-by-side blocks read left block
 * first (see layout.c); malloc'd, NULL for lack of memory. */
char *lt_ocr_layout_text(const lt_ocr_words *pw);

/* ---- table.c ---------------------------------------------------------- */

typedef struct lt_ocr_table {
	int left, top, right, bottom; /* page pixels */
	int *xs, nx;                  /* column rules, left to right (nx >= 2) */
	int *ys, ny;                  /* row rules, top to bottom (ny >= 2) */
} lt_ocr_table;

typedef struct lt_ocr_tables {
	lt_ocr_table *t;
	size_t n;
} lt_ocr_tables;

/* Ruled tables of the deskewed page pix, found on its ink (ink->mask);
 * NULL when there is none, else a copy of pix with the rules painted over
 * in paper, for recognition. */
struct Pix *lt_ocr_tables_find(struct Pix *pix, const lt_ocr_ink *ink, lt_ocr_tables *out);
void lt_ocr_tables_free(lt_ocr_tables *tables);
/* Put the words that lie in a table into reading order: row by row, cell
 * by cell, each cell's lines in order, one line per cell line; returns
 * the number of tables that held words. */
int lt_ocr_tables_order(lt_ocr_words *pw, const lt_ocr_tables *tables);

/* ---- quality.c -------------------------------------------------------- */

/* Page quality 0..100 from the words read and the page's ink (docs/ocr.md,
 * "Page quality"). */
int lt_ocr_quality(const lt_ocr_words *pw, const lt_ocr_ink *ink);
/* A well-formed Vietnamese syllable (initial, rhyme, tone), any case. */
int lt_ocr_vietnamese_syllable(const char *word, size_t len);

/* ---- spdf.c ----------------------------------------------------------- */

/*
 * The searchable PDF (docs/ocr.md): each worker writes the part of the page
 * it recognised (the page image as Tesseract saw it, encoded, and the
 * invisible text layer of its words) to part_path; lt_ocr_spdf_join writes
 * the document from its parts, in page order. font: the glyphless font
 * (tessdata's pdf.ttf) to embed, empty to embed none.
 */
int lt_ocr_spdf_page(const char *part_path, struct Pix *pix, int dpi, const lt_ocr_words *pw,
                     lt_error *err);
int lt_ocr_spdf_join(const char *out_path, const char *const *parts, size_t nparts,
                     const lt_buf *font, lt_error *err);

/* ---- clean.c ---------------------------------------------------------- */

/* Count letters (Unicode category L*) in UTF-8 text. */
size_t lt_ocr_count_letters(const char *s, size_t len);

/* What a recognised word is written in: Vietnamese letters with their
 * marks (or đ), ASCII only (English, numbers, addresses — or a Vietnamese
 * word that has no mark), or with a character that is neither (ø, €: a
 * misreading, or foreign). */
enum { LT_OCR_SCRIPT_ASCII = 0, LT_OCR_SCRIPT_VIETNAMESE = 1, LT_OCR_SCRIPT_FOREIGN = 2 };
int lt_ocr_word_script(const char *s);

/* A "word" made only of modifier letters, modifier symbols or combining
 * marks ("ˆ", "`": a tone mark read apart from its letter), or of "_" and
 * "|" (a speck, the end of a rule). */
int lt_ocr_is_stray_mark(const char *s);

/* Post-recognition clean-up of page text in place (see clean.c). */
int lt_ocr_clean_text(lt_buf *text);

#endif
