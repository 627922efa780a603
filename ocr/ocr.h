/*
 * ocr/ocr.h — from a file (image, PDF, text) to pages of text.
 *
 * Media detection looks at content, never at the file name. Validation
 * (lt_ocr_probe) reads only headers and refuses images above the pixel limit
 * before decoding them whole, so ingest can reject a corrupt or hostile file
 * before anything is stored.
 *
 * An lt_ocr_engine owns one Tesseract handle (vie+eng by default) and is
 * used by one thread at a time; make one per worker thread. lt_ocr_probe and
 * the lt_media_* functions are safe from any thread.
 *
 * Callers must guarantee OMP_THREAD_LIMIT=1 in the environment *before the
 * process starts* (OpenMP reads it once, at load time; setenv() later has no
 * effect): Tesseract's OpenMP threads make a 2-core machine 3-20x slower.
 * The CLI guarantees it (service/main.c re-executes itself when it is
 * missing); tests are run as `OMP_THREAD_LIMIT=1 make check-unit T=ocr`.
 * lt_ocr_engine_new logs a warning when it is not set.
 *
 * PDFs are read by poppler's tools (pdfinfo, pdftotext, pdftoppm) in child
 * processes under memory, CPU and time limits, never in this process
 * (docs/ocr-pdf.md); they must be on PATH (package poppler-utils).
 *
 * Pages are numbered from 1. Text is NFC with Ð/ð mapped to Đ/đ.
 */
#ifndef LT_OCR_OCR_H
#define LT_OCR_OCR_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

typedef enum lt_media_type {
	LT_MEDIA_UNKNOWN = 0,
	LT_MEDIA_PNG,
	LT_MEDIA_JPEG,
	LT_MEDIA_TIFF,
	LT_MEDIA_PDF,
	LT_MEDIA_TEXT, /* UTF-8 plain text */
} lt_media_type;

/* "image/png", ... "text/plain; charset=utf-8"; "application/octet-stream"
 * for unknown. */
const char *lt_media_mime(lt_media_type type);
/* Short name for messages: "PNG", "JPEG", "TIFF", "PDF", "text". */
const char *lt_media_name(lt_media_type type);
/* Inverse of lt_media_mime for the known types; LT_MEDIA_UNKNOWN otherwise. */
lt_media_type lt_media_from_mime(const char *mime);

typedef struct lt_ocr_limits {
	uint64_t max_pixels; /* per page, width × height */
	int max_pages;       /* per document */
} lt_ocr_limits;

#define LT_OCR_MAX_PIXELS_DEFAULT (100ull * 1000 * 1000) /* 100 Mpx: A0 at 300 dpi fits */
#define LT_OCR_MAX_PAGES_DEFAULT  2000
#define LT_OCR_LIMITS_INIT                                                                         \
	{                                                                                          \
		LT_OCR_MAX_PIXELS_DEFAULT, LT_OCR_MAX_PAGES_DEFAULT                                \
	}

typedef struct lt_ocr_probe_info {
	lt_media_type type;
	int pages; /* number of pages (1 for single images and text) */
	int width; /* first page, pixels; 0 for PDF and text */
	int height;
	int dpi; /* first page resolution when the file says, else 0 */
} lt_ocr_probe_info;

/*
 * Identify and validate a file: it exists, is not empty, has a supported
 * type (by content), and is readable as that type (image headers decode and
 * the pixel limit holds; a PDF opens and is not encrypted; text is valid
 * UTF-8). Errors: LT_ENOTFOUND, LT_EINVAL (empty), LT_EUNSUPPORTED,
 * LT_ECORRUPT, LT_ELIMIT — each with a message naming the file.
 *
 * The pixel limit is checked on each page's header before that page is
 * decoded; then every image page is decoded once to prove it is whole (a
 * valid header followed by garbage is LT_ECORRUPT). Text files are limited
 * to 64 MiB (LT_ELIMIT). A text file named .pdf is text: the name is never
 * consulted. limits may be NULL (LT_OCR_LIMITS_INIT); out may be NULL.
 */
int lt_ocr_probe(lt_ocr_probe_info *out, const char *path, const lt_ocr_limits *limits,
                 lt_error *err);

typedef enum lt_page_source {
	LT_PAGE_OCR = 0,        /* recognised by Tesseract */
	LT_PAGE_TEXT_LAYER = 1, /* taken from a born-digital PDF */
	LT_PAGE_PLAIN_TEXT = 2, /* the file was text */
} lt_page_source;

typedef struct lt_ocr_page {
	int page_no;       /* 1-based */
	char *text;        /* NFC, malloc'd; "" when nothing was recognised */
	double confidence; /* mean word confidence 0..100; 100 for text sources */
	int dpi;           /* resolution recognised at */
	double skew;       /* degrees corrected, 0 when none */
	int rotation;      /* 0, 90, 180, 270 applied */
	lt_page_source source;
	int status;  /* LT_OK, or the error that page hit */
	char *error; /* malloc'd message when status != LT_OK, else NULL */
} lt_ocr_page;

typedef struct lt_ocr_result {
	lt_ocr_page *pages;
	size_t npages;
} lt_ocr_result;

#define LT_OCR_RESULT_INIT                                                                         \
	{                                                                                          \
		NULL, 0                                                                            \
	}
void lt_ocr_result_free(lt_ocr_result *res);

/*
 * Image clean-up before recognition, a bit set. Each step was kept because
 * it lowered the character error rate on the shared scan fixtures
 * (bench/README.md); what each step did to a page is recorded in its
 * lt_ocr_page (rotation, skew, dpi).
 */
enum {
	/* Turn pages scanned sideways or upside down upright (Tesseract OSD,
	 * osd.traineddata; skipped when it is not installed). */
	LT_OCR_PREP_ORIENT = 1 << 0,
	/* Straighten a page scanned a few degrees askew. */
	LT_OCR_PREP_DESKEW = 1 << 1,
	/* Even out the brightness of grey scans lit unevenly. */
	LT_OCR_PREP_BACKGROUND = 1 << 2,
};

#define LT_OCR_PREP_NONE    0u
#define LT_OCR_PREP_DEFAULT (LT_OCR_PREP_ORIENT | LT_OCR_PREP_DESKEW | LT_OCR_PREP_BACKGROUND)

typedef struct lt_ocr_options {
	const char *languages; /* Tesseract language string, default "vie+eng" */
	const char *tessdata;  /* NULL: Tesseract's default location */
	lt_ocr_limits limits;
	unsigned preprocess; /* LT_OCR_PREP_* bits, default LT_OCR_PREP_DEFAULT */
} lt_ocr_options;

#define LT_OCR_OPTIONS_INIT                                                                        \
	{                                                                                          \
		"vie+eng", NULL, LT_OCR_LIMITS_INIT, LT_OCR_PREP_DEFAULT                           \
	}

typedef struct lt_ocr_engine lt_ocr_engine;

int lt_ocr_engine_new(lt_ocr_engine **out, const lt_ocr_options *opts, lt_error *err);
void lt_ocr_engine_free(lt_ocr_engine *engine);

/*
 * All pages of a file, in page order. The file is probed first (with the
 * engine's limits). Images give one page each (every page of a TIFF); a
 * text file one page; a PDF page its text layer when that holds real text,
 * else the page rendered at 300 dpi and recognised. A page that fails
 * records status and error and the other pages go on; the call fails only
 * when the file as a whole cannot be read. out must be LT_OCR_RESULT_INIT; free it with
 * lt_ocr_result_free() whatever the return value.
 */
int lt_ocr_file(lt_ocr_engine *engine, const char *path, lt_ocr_result *out, lt_error *err);

#endif
