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
 *   layout.c  page text from the words, two-column blocks in reading order
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

typedef struct lt_ocr_pdf_info {
	int pages;
	double *width_pt; /* per page, PostScript points; NULL unless asked for */
	double *height_pt;
} lt_ocr_pdf_info;

#define LT_OCR_PDF_INFO_INIT                                                                       \
	{                                                                                          \
		0, NULL, NULL                                                                      \
	}
void lt_ocr_pdf_info_free(lt_ocr_pdf_info *info);

/* pdfinfo: page count (and page sizes when with_sizes). An encrypted PDF is
 * LT_EUNSUPPORTED, one poppler cannot open LT_ECORRUPT. */
int lt_ocr_pdf_info_read(lt_ocr_pdf_info *out, const char *path, int with_sizes, lt_error *err);

/* pdftotext: the text layer of one page, appended to out (raw UTF-8 as
 * poppler gives it, form feeds removed). */
int lt_ocr_pdf_page_text(lt_buf *out, const char *path, int page_no, lt_error *err);

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

/* ---- prep.c ----------------------------------------------------------- */

typedef struct lt_ocr_prep_info {
	int rotation; /* 0, 90, 180, 270 degrees turned */
	double skew;  /* degrees straightened, 0 when none */
} lt_ocr_prep_info;

/*
 * Apply the LT_OCR_PREP_* steps in flags to *pix (replaced by the cleaned
 * image; it stays valid when a step fails, which only skips the step) whose
 * resolution is *dpi. osd is a Tesseract
 * handle initialised with "osd", or NULL to skip orientation.
 */
int lt_ocr_prep(struct Pix **pix, int *dpi, unsigned flags, struct TessBaseAPI *osd,
                lt_ocr_prep_info *info);

/* ---- layout.c --------------------------------------------------------- */

/* The recognised page's text (after TessBaseAPIRecognize) with side-by-side
 * blocks read left block first (see layout.c); malloc'd, NULL on failure
 * (then use TessBaseAPIGetUTF8Text). */
char *lt_ocr_layout_text(struct TessBaseAPI *api);

/* ---- clean.c ---------------------------------------------------------- */

/* Count letters (Unicode category L*) in UTF-8 text. */
size_t lt_ocr_count_letters(const char *s, size_t len);

/* Post-recognition clean-up of page text in place (see clean.c). */
int lt_ocr_clean_text(lt_buf *text);

#endif
