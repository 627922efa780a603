/*
 * ocr/ocr.h — from a file (image, PDF, text) to pages of text.
 *
 * Media detection looks at content, never at the file name. Validation
 * (lt_ocr_probe) reads only headers and refuses images above the pixel limit
 * before decoding them whole, so ingest can reject a corrupt or hostile file
 * before anything is stored.
 *
 * An lt_ocr_engine owns one Tesseract handle per worker (vie by default,
 * with an eng handle for words that read as English; loaded once and kept
 * warm) and is used by one thread at a time;
 * with more than one worker it runs its own threads (lt_ocr_submit). lt_ocr_probe and
 * the lt_media_* functions are safe from any thread.
 *
 * Callers must guarantee OMP_THREAD_LIMIT=1 in the environment before
 * libgomp loads (OpenMP reads it once, at load time; setenv() later has no
 * effect): Tesseract's OpenMP threads make a 2-core machine 3-20x slower.
 * The CLI guarantees it: Tesseract and libgomp come with the OCR module
 * (ocr/module.h), loaded on first use, and service/main.c sets the
 * variable before that; tests are run as `OMP_THREAD_LIMIT=1 make
 * check-unit T=ocr`. lt_ocr_engine_new logs a warning when it is not set.
 *
 * PDFs are read by poppler's tools (pdfinfo, pdftotext, pdftoppm) in child
 * processes under memory, CPU and time limits, never in this process
 * (docs/ocr-pdf.md); they must be on PATH (package poppler-utils).
 *
 * Pages are numbered from 1. Text is NFC with Ð/ð mapped to Đ/đ; a
 * recognised page's side-by-side blocks (a letter's header and foot) are
 * read left block first (docs/ocr.md).
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
	/* Born-digital documents, read by ocr/formats/ (docs/formats.md) */
	LT_MEDIA_DOCX,
	LT_MEDIA_XLSX,
	LT_MEDIA_PPTX,
	LT_MEDIA_ODT,
	LT_MEDIA_ODS,
	LT_MEDIA_RTF,
	LT_MEDIA_DOC,
	LT_MEDIA_XLS,
	LT_MEDIA_EML,
	LT_MEDIA_TEXT_TCVN3, /* 8-bit text in TCVN3 (ABC, .VnTime) */
	LT_MEDIA_TEXT_VNI,   /* 8-bit text in VNI (VNI-Times) */
} lt_media_type;

/* "image/png", ... "text/plain; charset=utf-8"; "application/octet-stream"
 * for unknown. */
const char *lt_media_mime(lt_media_type type);
/* Short name for messages: "PNG", "JPEG", "TIFF", "PDF", "text", "DOCX"... */
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
 * valid header followed by garbage is LT_ECORRUPT); a multi-page TIFF
 * whose chain of pages breaks before its end is LT_ECORRUPT too, naming
 * the first page that cannot be read. Text files are limited to 64 MiB
 * (LT_ELIMIT). The type comes from the content only; the name is checked
 * against it by lt_ocr_check_name. limits may be NULL
 * (LT_OCR_LIMITS_INIT); out may be NULL.
 */
int lt_ocr_probe(lt_ocr_probe_info *out, const char *path, const lt_ocr_limits *limits,
                 lt_error *err);

/*
 * The file name's extension against the type found in the content: a
 * known extension (png, jpg, tif, pdf, txt, ...; also formats luutru does
 * not take: gif, bmp, doc, ...) that is not the content's type is
 * LT_EUNSUPPORTED, with a message naming both ("x.pdf says PDF, but the
 * content is text"). No extension, or an unknown one: LT_OK.
 */
int lt_ocr_check_name(lt_media_type type, const char *name, lt_error *err);

typedef enum lt_page_source {
	LT_PAGE_OCR = 0,        /* recognised by Tesseract */
	LT_PAGE_TEXT_LAYER = 1, /* taken from a born-digital PDF */
	LT_PAGE_PLAIN_TEXT = 2, /* the file was text */
	LT_PAGE_DOCUMENT = 3,   /* the text of an office file or e-mail (ocr/formats/) */
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
	/* Confidence 0..100 of each recognised word, in reading order
	 * (malloc'd; NULL and 0 for pages not recognised by Tesseract). */
	unsigned char *word_conf;
	size_t nwords;
	int searchable;     /* its searchable PDF page was written */
	double ocr_seconds; /* wall time inside Tesseract's recognition (bench) */
	int blank;          /* no ink found: not recognised (LT_OCR_PREP_BLANK) */
	int reread;         /* the second reading (LT_OCR_PREP_REREAD) was kept */
	int tables;         /* ruled tables read cell by cell */
	/* Page quality 0..100 (docs/ocr.md, "Page quality"): low when the
	 * reading is unsure, does not look like Vietnamese, or found far less
	 * text than the page's ink; -1 when not judged (text layer, text
	 * file). review: below LT_OCR_QUALITY_REVIEW, a person should look. */
	int quality;
	int review;
} lt_ocr_page;

/* Pages of quality below this need a person's look (bench/README.md,
 * "Page quality": on 73 pages it flags 7 of the 10 read above 5 % CER and
 * none of the 56 read below 1 %). */
#define LT_OCR_QUALITY_REVIEW 60

typedef struct lt_ocr_result {
	lt_ocr_page *pages;
	size_t npages;
	/* With lt_ocr_options.searchable_pdf: path of a temporary PDF of the
	 * whole document (each page image with its recognised text as an
	 * invisible layer, Tesseract's PDF renderer), made only when every
	 * page was recognised from an image without error; NULL otherwise.
	 * Copy it before lt_ocr_result_free, which deletes it. For an office
	 * file (lt_ocr_options.office_pdf), its PDF/A rendition. */
	char *searchable_pdf;
	/* The legacy encoding (core/vnenc lt_vnenc) the text was converted
	 * from: 0 (Unicode) when none. */
	int text_encoding;
} lt_ocr_result;

#define LT_OCR_RESULT_INIT                                                                         \
	{                                                                                          \
		NULL, 0, NULL, 0                                                                   \
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
	/* 1-bit pages (fax, G4 TIFF): drop specks of at most 4 × 4 pixels
	 * (at 300 dpi; scaled with the resolution). */
	LT_OCR_PREP_DESPECKLE = 1 << 3,
	/* 1-bit pages: turn into 8-bit grey with a 3 × 3 blur (anti-aliased
	 * edges). */
	LT_OCR_PREP_SMOOTH = 1 << 4,
	/* Pages without ink are not recognised: empty text, stored small in
	 * the searchable PDF. */
	LT_OCR_PREP_BLANK = 1 << 5,
	/* A page whose reading found far less text than its ink suggests is
	 * read again with Sauvola thresholding; the better reading is kept. */
	LT_OCR_PREP_REREAD = 1 << 6,
	/* Words read without Vietnamese marks and with low confidence, or
	 * with letters Vietnamese does not have, are read again with the
	 * English model (opts.latin_languages); the surer reading is kept. */
	LT_OCR_PREP_LATIN = 1 << 7,
	/* Ruled tables: found by their rules, the rules kept out of
	 * recognition, the words read cell by cell, row by row. */
	LT_OCR_PREP_TABLES = 1 << 8,
	/* Colour pages: red (seals) and blue (signatures, hand notes) ink
	 * left out of the image recognised; the searchable PDF keeps the
	 * colours. */
	LT_OCR_PREP_DROPOUT = 1 << 9,
};

#define LT_OCR_PREP_NONE 0u
#define LT_OCR_PREP_DEFAULT                                                                        \
	(LT_OCR_PREP_ORIENT | LT_OCR_PREP_DESKEW | LT_OCR_PREP_BACKGROUND |                        \
	 LT_OCR_PREP_DESPECKLE | LT_OCR_PREP_SMOOTH | LT_OCR_PREP_BLANK | LT_OCR_PREP_REREAD |     \
	 LT_OCR_PREP_LATIN | LT_OCR_PREP_TABLES | LT_OCR_PREP_DROPOUT)

typedef struct lt_ocr_options {
	/* Tesseract language string, default "vie": vie+eng lost tone marks
	 * to the English model on whole pages (bench/README.md). */
	const char *languages;
	const char *tessdata; /* NULL: Tesseract's default location */
	lt_ocr_limits limits;
	unsigned preprocess; /* LT_OCR_PREP_* bits, default LT_OCR_PREP_DEFAULT */
	/* Worker threads, each with its own Tesseract handle loaded once and
	 * kept warm; 0 = one per core (lt_ocr_default_workers). With 1, pages
	 * are recognised in the calling thread. Default 1. */
	unsigned workers;
	/* Also write a searchable PDF of each scanned document
	 * (lt_ocr_result.searchable_pdf). Default off. */
	int searchable_pdf;
	/* The sRGB ICC profile that makes the searchable PDF PDF/A-2b
	 * (docs/pdfa.md): NULL for the default (ocr/pdfa/pdfa.h), "" for
	 * none (a plain PDF). */
	const char *icc_profile;
	/* With searchable_pdf: also a PDF/A rendition of each office file
	 * through LibreOffice when it is installed (ocr/formats/). */
	int office_pdf;
	/* The model words that look English are read again with
	 * (LT_OCR_PREP_LATIN), default "eng"; skipped when not installed. */
	const char *latin_languages;
	/* Load a worker's Tesseract models when it first recognises a page,
	 * not when the engine is made: a run of text and office files (or a
	 * PDF with its own text) never pays the ~0.6 s of CPU of loading
	 * them. A missing model then fails the pages that needed it, with the
	 * same message, instead of lt_ocr_engine_new. Default off (doctor and
	 * the benchmarks want the models loaded, or refused, up front). */
	int load_on_use;
} lt_ocr_options;

#define LT_OCR_MAX_WORKERS 64

#define LT_OCR_OPTIONS_INIT                                                                        \
	{                                                                                          \
		"vie", NULL, LT_OCR_LIMITS_INIT, LT_OCR_PREP_DEFAULT, 1, 0, NULL, 0, "eng", 0      \
	}

/* Online processors, capped at LT_OCR_MAX_WORKERS; at least 1. */
unsigned lt_ocr_default_workers(void);

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

/*
 * The worker pool, for many files: lt_ocr_submit probes a file and queues
 * its pages (fails, queuing nothing, when the file as a whole cannot be
 * read — same errors as lt_ocr_file); the workers take queued pages in
 * submission order, one page per task, so the pages of one document are
 * spread over all workers. lt_ocr_next waits for the oldest submitted file
 * and gives its result in page order, with the tag it was submitted with;
 * LT_ENOTFOUND when nothing is submitted. lt_ocr_file is submit + next and
 * must not be mixed with files still queued. Submit and next are called
 * from one thread (the engine's owner).
 */
int lt_ocr_submit(lt_ocr_engine *engine, const char *path, void *tag, lt_error *err);
int lt_ocr_next(lt_ocr_engine *engine, void **tag, lt_ocr_result *out, lt_error *err);
/* Pages submitted and not yet recognised. */
size_t lt_ocr_pending_pages(lt_ocr_engine *engine);
unsigned lt_ocr_engine_workers(const lt_ocr_engine *engine);

/* Called in the owner's thread, inside lt_ocr_next, each time pages
 * finished; pages_done counts every page this engine recognised. */
typedef void (*lt_ocr_progress_fn)(void *ctx, size_t pages_done);
void lt_ocr_engine_set_progress(lt_ocr_engine *engine, lt_ocr_progress_fn fn, void *ctx);

/* How far one submitted document has come, for a caller that shows each
 * document's progress (archive/jobs.c writes it to the job's row). Called
 * in the owner's thread with the tag the document was submitted with:
 * from lt_ocr_submit once its pages are counted (done 0, total its pages
 * — the probe's count, so known before any page is read), then inside
 * lt_ocr_next each time pages of it finished (done up to total), for
 * every submitted document, not only the one waited for; before the
 * engine's lt_ocr_progress_fn. A document whose pages all finished while
 * the owner was away is told once, with its last count. */
typedef void (*lt_ocr_doc_progress_fn)(void *ctx, void *tag, size_t done, size_t total);
void lt_ocr_engine_set_doc_progress(lt_ocr_engine *engine, lt_ocr_doc_progress_fn fn, void *ctx);

#endif
