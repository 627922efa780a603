/*
 * ocr/formats/formats.h — the text of born-digital documents: office
 * files, e-mail, legacy-encoded text (docs/formats.md).
 *
 *   DOCX XLSX PPTX   zip + XML (libarchive, libxml2), read in process
 *   ODT ODS          zip + XML, read in process
 *   RTF              luutru's own reader of the RTF grammar
 *   DOC XLS          antiword / xls2csv (catdoc) in a child process
 *                    under the limits of the PDF tools (ocr/spawn.c)
 *   EML              MIME (RFC 2045-2047): headers, the text part, the
 *                    attachments (lt_fmt_eml_attachments)
 *   TCVN3, VNI text  8-bit text, converted (core/vnenc)
 *
 * Promises:
 *   1. Detection is by content (lt_fmt_sniff), never by name: a zip is
 *      OOXML when its [Content_Types].xml main part says so, ODF when its
 *      mimetype entry does; an OLE2 compound file is DOC or XLS by the
 *      stream it holds.
 *   2. Hostile input is refused with a clear message and nothing written:
 *      encrypted files (LT_EUNSUPPORTED: "encrypted, open it and save it
 *      without a password"), zip bombs (more than limits.max_bytes
 *      expanded, or an expansion ratio above limits.max_ratio, counted
 *      while reading, never trusted from headers; LT_ELIMIT), XML with a
 *      document type declaration (the only way to entity expansion;
 *      OOXML and ODF never have one; LT_ECORRUPT), nesting deeper than
 *      LT_FMT_MAX_DEPTH (LT_ECORRUPT), text beyond LT_OCR_TEXT_MAX_BYTES
 *      (LT_ELIMIT). Nothing is written to disk while reading, except by
 *      the child tools (into nothing but their output pipe) and by
 *      lt_fmt_eml_attachments / lt_fmt_render (into the caller's
 *      directory).
 *   3. Text is UTF-8 NFC. Runs set in a TCVN3 (".VnTime", ".VnTimeH") or
 *      VNI ("VNI-Times") font are converted (core/vnenc); lt_fmt_text
 *      says which legacy encoding was met.
 *
 * Thread-safe: every call works on its own data; libxml2 is initialised
 * once (lt_fmt_init, called by every entry point).
 */
#ifndef LT_OCR_FORMATS_H
#define LT_OCR_FORMATS_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/vnenc/vnenc.h"
#include "ocr/ocr.h"

/* Deepest nesting of XML elements, RTF groups or MIME parts read. */
#define LT_FMT_MAX_DEPTH 200

typedef struct lt_fmt_limits {
	uint64_t max_bytes; /* expanded bytes read from one container, all parts */
	uint64_t max_ratio; /* expanded ÷ compressed bytes of a zip */
	size_t max_entries; /* entries of a zip, parts of an e-mail */
	int timeout_ms;     /* a child tool's wall time */
} lt_fmt_limits;

#define LT_FMT_MAX_BYTES_DEFAULT   (256ull * 1024 * 1024)
#define LT_FMT_MAX_RATIO_DEFAULT   200
#define LT_FMT_MAX_ENTRIES_DEFAULT 10000
#define LT_FMT_TIMEOUT_MS_DEFAULT  60000
#define LT_FMT_LIMITS_INIT                                                                         \
	{                                                                                          \
		LT_FMT_MAX_BYTES_DEFAULT, LT_FMT_MAX_RATIO_DEFAULT, LT_FMT_MAX_ENTRIES_DEFAULT,    \
		    LT_FMT_TIMEOUT_MS_DEFAULT                                                      \
	}

/* Whether t is one of this module's types (office, e-mail, legacy text). */
int lt_fmt_handles(lt_media_type t);

/*
 * Refine a type sniffed from magic numbers (media.c): head[0..n) is the
 * start of the file, text_ok whether the whole file is valid UTF-8, *type
 * what media.c found (LT_MEDIA_UNKNOWN or LT_MEDIA_TEXT) and is replaced
 * when the content is one of this module's types. Fails only on I/O.
 */
int lt_fmt_sniff(lt_media_type *type, const char *path, const unsigned char *head, size_t n,
                 int text_ok, lt_error *err);

/* Validate a file of type t (lt_fmt_handles) by reading its text whole,
 * which is then dropped: the errors of lt_fmt_extract. For lt_ocr_probe:
 * a file that would fail later is refused before anything is stored. */
int lt_fmt_probe(const char *path, lt_media_type t, lt_error *err);

typedef struct lt_fmt_text {
	lt_buf text;       /* UTF-8 NFC */
	lt_vnenc encoding; /* legacy encoding converted from; UNICODE for none */
	int parts;         /* sheets, slides; 1 for the others */
	char *title;       /* from the document's properties, malloc'd; NULL */
} lt_fmt_text;

#define LT_FMT_TEXT_INIT                                                                           \
	{                                                                                          \
		LT_BUF_INIT, LT_VNENC_UNICODE, 0, NULL                                             \
	}
void lt_fmt_text_free(lt_fmt_text *t);

/*
 * The text of the file at path, which has type t (lt_fmt_handles). limits
 * may be NULL (LT_FMT_LIMITS_INIT). The errors of promise 2, LT_ECORRUPT
 * for a file that does not read as its type, LT_EUNSUPPORTED when the
 * tool a type needs is not installed (naming its package). out must be
 * LT_FMT_TEXT_INIT; free it whatever the result.
 */
int lt_fmt_extract(lt_fmt_text *out, const char *path, lt_media_type t, const lt_fmt_limits *limits,
                   lt_error *err);

/*
 * One page of the OCR engine (ocr/engine.c) for a file of this module's
 * types: its whole text as the page's (source LT_PAGE_DOCUMENT,
 * confidence 100), *encoding the legacy encoding met (lt_vnenc). With
 * rendition (a path), also the PDF/A rendition there when LibreOffice is
 * installed and the type has one; *rendered says whether it was made (a
 * failure to render is logged, never the page's).
 */
int lt_fmt_page(lt_ocr_page *page, const char *path, lt_media_type t, const char *rendition,
                int *rendered, int *encoding, lt_error *err);

/* Whether a rendition of type t can be made (LibreOffice installed, and
 * an office type). */
int lt_fmt_renderable(lt_media_type t);

/* One attachment of an e-mail, written to a file. */
typedef struct lt_fmt_attachment {
	char *path;      /* the file written, in the caller's directory */
	char *name;      /* the name the message gives it (sanitised), never NULL */
	char *mime_type; /* as the message says, lower case */
	uint64_t size;
} lt_fmt_attachment;

/* Write every attachment of the e-mail at path into dir (which exists
 * and is private to the caller), as files named 1, 2, ... Free *out with
 * lt_fmt_attachments_free (it does not remove the files). */
int lt_fmt_eml_attachments(lt_fmt_attachment **out, size_t *n, const char *path, const char *dir,
                           const lt_fmt_limits *limits, lt_error *err);
void lt_fmt_attachments_free(lt_fmt_attachment *a, size_t n);

/*
 * The PDF/A-2b rendition of an office file through LibreOffice headless
 * (`soffice --convert-to pdf` with the PDF/A-2 export filter), written to
 * out_pdf, in a child process under limits (its own profile directory,
 * removed after). Optional: LT_EUNSUPPORTED when LibreOffice is not
 * installed (lt_fmt_render_available says so beforehand).
 */
int lt_fmt_render_available(void);
int lt_fmt_render_pdfa(const char *path, lt_media_type t, const char *out_pdf,
                       const lt_fmt_limits *limits, lt_error *err);

#endif
