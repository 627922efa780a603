/*
 * ocr/formats/internal.h — what the files of ocr/formats/ share; nothing
 * outside the folder includes it (formats.h is the contract).
 *
 *   types.c   lt_fmt_handles (in the binary, like render.c)
 *   detect.c  lt_fmt_sniff: zip, OLE2, RTF, e-mail, legacy text
 *   zip.c     reading the parts of a zip under limits (libarchive)
 *   cfb.c     the directory and streams of an OLE2 compound file
 *   xml.c     walking a part's XML under limits (libxml2's reader)
 *   ooxml.c   DOCX, XLSX, PPTX
 *   odf.c     ODT, ODS
 *   rtf.c     RTF
 *   legacy.c  DOC and XLS through antiword and xls2csv
 *   eml.c     e-mail
 *   render.c  the PDF/A rendition through LibreOffice
 *   extract.c lt_fmt_extract: the dispatcher, legacy text, clean-up
 *   module.c  the entry of luutru-formats.so's part for this folder
 *             (module.h): all but types.c and render.c are built into it
 */
#ifndef LT_OCR_FORMATS_INTERNAL_H
#define LT_OCR_FORMATS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"
#include "ocr/formats/formats.h"

/* libxml2 is initialised once per process. */
void lt_fmt_init(void);

/* Refusals every reader words the same way. */
int lt_fmt_encrypted(lt_error *err, const char *path, const char *kind);
int lt_fmt_corrupt(lt_error *err, const char *path, const char *kind, const char *why);
int lt_fmt_too_big(lt_error *err, const char *path, const char *why);

/* ---- zip.c ------------------------------------------------------------- */

typedef struct lt_fmt_part {
	char *name;
	lt_buf data;
} lt_fmt_part;

typedef struct lt_fmt_parts {
	lt_fmt_part *v;
	size_t n;
} lt_fmt_parts;

/* Read into *out the entries of the zip at path for which want(name)
 * says 1, under the limits (an encrypted entry anywhere refuses the
 * whole file, naming kind). Free *out with lt_fmt_parts_free. */
int lt_fmt_zip_read(lt_fmt_parts *out, const char *path, const char *kind,
                    int (*want)(const char *name), const lt_fmt_limits *lim, lt_error *err);
void lt_fmt_parts_free(lt_fmt_parts *p);
/* The part named name, or NULL. */
const lt_fmt_part *lt_fmt_parts_get(const lt_fmt_parts *p, const char *name);

/* The type of a zip by its parts: DOCX, XLSX, PPTX, ODT, ODS, or
 * LT_MEDIA_UNKNOWN for any other zip (or no zip at all). */
lt_media_type lt_fmt_zip_classify(const char *path);

/* ---- cfb.c ------------------------------------------------------------- */

typedef struct lt_fmt_cfb lt_fmt_cfb;

/* Open an OLE2 compound file; LT_ECORRUPT when it does not read as one. */
int lt_fmt_cfb_open(lt_fmt_cfb **out, const char *path, lt_error *err);
void lt_fmt_cfb_free(lt_fmt_cfb *c);
/* Whether a stream of this name (ASCII, compared without case) is in the
 * file; its size into *size (may be NULL). */
int lt_fmt_cfb_has(const lt_fmt_cfb *c, const char *name, uint64_t *size);
/* The first max bytes (at most) of stream name, appended to out. */
int lt_fmt_cfb_read(lt_fmt_cfb *c, const char *name, size_t max, lt_buf *out, lt_error *err);

/* An OLE2 file's kind: DOC, XLS, DOCX (an encrypted OOXML package: an
 * EncryptedPackage stream), or LT_MEDIA_UNKNOWN. */
lt_media_type lt_fmt_cfb_classify(const char *path);

/* ---- xml.c ------------------------------------------------------------- */

typedef enum lt_fmt_xml_event {
	LT_FMT_XML_START, /* an element begins: name, attributes via attr */
	LT_FMT_XML_END,   /* it ends (also right after START for <empty/>) */
	LT_FMT_XML_TEXT,  /* character data (text, CDATA, whitespace) */
} lt_fmt_xml_event;

typedef struct lt_fmt_xml lt_fmt_xml;

/* Called for each event; name is the element's local name with its
 * namespace prefix ("w:t"); text for LT_FMT_XML_TEXT. Non-zero stops the
 * walk and is returned. */
typedef int (*lt_fmt_xml_fn)(void *ctx, lt_fmt_xml *x, lt_fmt_xml_event ev, const char *name,
                             const char *text);

/* An attribute of the current START element by its qualified name
 * ("w:val"), or NULL. Valid until the callback returns. */
const char *lt_fmt_xml_attr(lt_fmt_xml *x, const char *qname);

/* Walk data (the part named part of the file path) with fn. A document
 * type declaration, nesting deeper than LT_FMT_MAX_DEPTH, and XML that is
 * not well-formed are LT_ECORRUPT naming path and part. */
int lt_fmt_xml_walk(const lt_buf *data, const char *path, const char *part, lt_fmt_xml_fn fn,
                    void *ctx, lt_error *err);

/* The document's title from a metadata part's dc:title (OOXML's
 * docProps/core.xml, ODF's meta.xml; p NULL: none) into out->title when
 * it has one; a part that does not parse gives none. */
void lt_fmt_xml_title(lt_fmt_text *out, const lt_fmt_part *p, const char *path);

/* ---- the readers -------------------------------------------------------- */

/* Text appended to out->text (raw, not yet NFC: extract.c normalises). */
int lt_fmt_ooxml(lt_fmt_text *out, const char *path, lt_media_type t, const lt_fmt_limits *lim,
                 lt_error *err);
int lt_fmt_odf(lt_fmt_text *out, const char *path, lt_media_type t, const lt_fmt_limits *lim,
               lt_error *err);
int lt_fmt_rtf(lt_fmt_text *out, const char *path, const lt_fmt_limits *lim, lt_error *err);
/* RTF already in memory (the fuzz target). */
int lt_fmt_rtf_mem(lt_fmt_text *out, const char *data, size_t len, const char *path, lt_error *err);
int lt_fmt_legacy_office(lt_fmt_text *out, const char *path, lt_media_type t,
                         const lt_fmt_limits *lim, lt_error *err);
int lt_fmt_eml(lt_fmt_text *out, const char *path, const lt_fmt_limits *lim, lt_error *err);
/* An e-mail in memory (the fuzz target); with dir, attachments written. */
int lt_fmt_eml_mem(lt_fmt_text *out, const char *data, size_t len, const char *path,
                   const char *dir, lt_fmt_attachment **att, size_t *natt, const lt_fmt_limits *lim,
                   lt_error *err);

/* Text in a legacy-font run: decoded from enc when it is TCVN3 or VNI
 * (noting the encoding in out), appended as it is otherwise. */
int lt_fmt_put_run(lt_fmt_text *out, const char *s, size_t len, lt_vnenc enc, int upper,
                   lt_error *err);

#endif
