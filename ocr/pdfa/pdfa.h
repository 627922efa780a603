/*
 * ocr/pdfa/pdfa.h — PDF/A-2b (ISO 19005-2, conformance level B): the
 * pieces luutru's writers put in a PDF to conform (the XMP packet with
 * its pdfaid identification, the sRGB output intent's ICC profile, the
 * dates in Vietnam time), and the facts read back from any PDF for the
 * digitisation rule (REGULATIONS rule 34): PDF/A identification, image
 * resolution and colour depth, embedded fonts, a text layer.
 *
 * The ICC profile comes from a Debian package (icc-profiles-free's
 * /usr/share/color/icc/sRGB.icc by default; luutru.conf icc_profile);
 * without it luutru writes plain PDF and says so (no PDF/A claim it
 * cannot back). docs/pdfa.md lists each requirement and where it is met.
 *
 * Thread-safe; output appended to lt_buf.
 */
#ifndef LT_OCR_PDFA_H
#define LT_OCR_PDFA_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/buf.h"
#include "core/error.h"

#define LT_PDFA_ICC_DEFAULT "/usr/share/color/icc/sRGB.icc"
/* Vietnam's offset from UTC, seconds (ICT, no daylight saving). */
#define LT_PDFA_VN_OFFSET (7 * 3600)

/* A moment in Vietnam time: ISO 8601 "2024-11-20T10:15:30+07:00" (size
 * 26) and the PDF date "D:20241120101530+07'00'" (size 24). */
void lt_pdfa_dates(time_t t, char iso[26], char pdf[24]);

/* Load an ICC profile for an sRGB output intent: an ICC header ('acsp'),
 * an RGB colour space, version 2 or 4, at most 1 MiB. LT_ENOTFOUND when
 * path is missing (the package is not installed), LT_ECORRUPT when it is
 * not such a profile. */
int lt_pdfa_load_icc(lt_buf *out, const char *path, lt_error *err);

/* The XMP metadata packet of a PDF/A-2b file: pdfaid part 2 conformance
 * B, and the properties the document information dictionary also holds
 * (they must agree): producer and creator tool (both `producer`), create
 * and modify dates (`iso`). title may be NULL. */
int lt_pdfa_xmp(lt_buf *out, const char *producer, const char *iso, const char *title);

/* What a PDF file is, as rule 34 asks (read with poppler's tools in a
 * child process, ocr/spawn.c). */
typedef struct lt_pdfa_facts {
	char pdf_version[8];      /* "1.7" */
	int pdfa_part;            /* 2 for PDF/A-2, 0 when not identified */
	char pdfa_conformance[4]; /* "B" */
	int pages;
	int images;   /* images drawn */
	int min_ppi;  /* lowest resolution of an image as drawn, 0 none */
	int min_bits; /* fewest bits per pixel of an image (1, 8, 24), 0 none */
	int fonts;    /* fonts used */
	int fonts_embedded;
	int text_pages; /* pages whose text layer has letters */
	int encrypted;
} lt_pdfa_facts;

int lt_pdfa_inspect(lt_pdfa_facts *out, const char *path, lt_error *err);

/* The PDF/A identification in an XMP packet (the pdfaid properties, as
 * elements or as attributes): *part (0 when none) and conformance. */
void lt_pdfa_parse_xmp(const char *xmp, size_t len, int *part, char conformance[4]);

#endif
