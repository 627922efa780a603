/*
 * archive/signatures/pdfobj.h — just enough of PDF's syntax (ISO 32000-1
 * §7.2-7.5) to find and check signatures and to append a signature as an
 * incremental update: objects (parsed from bytes, written back), the
 * classic cross-reference table and trailer, the document's first page.
 *
 * PDFs come from outside; the reader never trusts them: every offset is
 * checked against the buffer, nesting is limited (LT_PDF_MAX_DEPTH),
 * strings and arrays are bounded by the buffer, xref chains by a step
 * count. Rendering and text are poppler's (ocr/), never read here.
 *
 * Objects returned through **out are freed with lt_pdf_obj_free.
 */
#ifndef LT_ARCHIVE_SIGNATURES_PDFOBJ_H
#define LT_ARCHIVE_SIGNATURES_PDFOBJ_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"

#define LT_PDF_MAX_DEPTH 64

typedef enum lt_pdf_type {
	LT_PDF_NULL,
	LT_PDF_BOOL,
	LT_PDF_INT,
	LT_PDF_REAL,
	LT_PDF_STRING, /* literal or hex: bytes in s/len; hex marks which */
	LT_PDF_NAME,   /* without the slash, #xx decoded */
	LT_PDF_ARRAY,
	LT_PDF_DICT,
	LT_PDF_REF,
} lt_pdf_type;

typedef struct lt_pdf_obj lt_pdf_obj;
struct lt_pdf_obj {
	lt_pdf_type type;
	int64_t i;          /* BOOL, INT; REF: object number */
	int gen;            /* REF: generation */
	double r;           /* REAL */
	char *s;            /* STRING bytes, NAME */
	size_t len;         /* STRING length */
	int hex;            /* STRING written <hex> */
	lt_pdf_obj **items; /* ARRAY items; DICT values */
	char **keys;        /* DICT keys (names, without slash) */
	size_t n;
	size_t start, end; /* where it was in the bytes parsed [start, end) */
};

void lt_pdf_obj_free(lt_pdf_obj *o);

/* Parse one object at data[*pos] (white space and comments skipped
 * first); *pos moves past it. A reference "N G R" is one object. */
int lt_pdf_parse(lt_pdf_obj **out, const char *data, size_t len, size_t *pos, lt_error *err);

/* Parse the indirect object "N G obj ... endobj" starting at offset
 * off; its number and generation into *num, *gen (may be NULL). */
int lt_pdf_parse_indirect(lt_pdf_obj **out, int64_t *num, int *gen, const char *data, size_t len,
                          size_t off, lt_error *err);

/* A dictionary's value for key, or NULL. */
lt_pdf_obj *lt_pdf_dict_get(const lt_pdf_obj *d, const char *key);
/* Set key (replacing a value there); v is taken over. */
int lt_pdf_dict_set(lt_pdf_obj *d, const char *key, lt_pdf_obj *v);
/* Append v (taken over) to an array. */
int lt_pdf_array_add(lt_pdf_obj *a, lt_pdf_obj *v);

lt_pdf_obj *lt_pdf_new(lt_pdf_type t);
lt_pdf_obj *lt_pdf_new_ref(int64_t num, int gen);
lt_pdf_obj *lt_pdf_new_name(const char *name);
lt_pdf_obj *lt_pdf_new_int(int64_t v);

/* Write o in PDF syntax onto out. */
int lt_pdf_write(lt_buf *out, const lt_pdf_obj *o);

/* A PDF text string (ISO 32000-1 §7.9.2.2) for UTF-8 text: plain ASCII
 * as a literal string, anything else UTF-16BE with its byte order mark,
 * as hex. */
int lt_pdf_text_string(lt_buf *out, const char *utf8);

/* The cross-reference of a file with classic xref tables (the /Prev
 * chain followed; cross-reference streams are LT_EUNSUPPORTED). */
typedef struct lt_pdf_xref {
	uint64_t *off;       /* offset of object i, 0 when free or unknown */
	size_t n;            /* entries (the trailer's /Size) */
	lt_pdf_obj *trailer; /* the last trailer */
	uint64_t startxref;  /* offset of the last xref section */
} lt_pdf_xref;

int lt_pdf_xref_read(lt_pdf_xref *out, const char *data, size_t len, lt_error *err);
void lt_pdf_xref_free(lt_pdf_xref *x);

/* Object num of the file, parsed; LT_ENOTFOUND when not in the xref. */
int lt_pdf_xref_get(lt_pdf_obj **out, const lt_pdf_xref *x, const char *data, size_t len,
                    int64_t num, lt_error *err);

/* The catalog's first page: its object number, dictionary (*page) and
 * MediaBox (inherited from its parents when not its own) in points. */
int lt_pdf_first_page(int64_t *num, lt_pdf_obj **page, double box[4], const lt_pdf_xref *x,
                      const char *data, size_t len, lt_error *err);

#endif
