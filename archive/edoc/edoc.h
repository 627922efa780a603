/*
 * archive/edoc/edoc.h — electronic documents at the catalog's level
 * (docs/formats.md, docs/pdfa.md, docs/signatures.md):
 *
 *   - the archival copy a job makes (lt_edoc_copy): the PDF/A-2b
 *     searchable copy of a scan (or the rendition of an office file),
 *     signed by the agency when luutru.conf configures a key, its
 *     signature verified, its facts read (PDF/A identification, image
 *     resolution and colour depth, fonts, text layer), the original's
 *     facts (format, legacy encoding) beside it; all written in the job's
 *     own transaction (archive/jobs.c), so a record never has a copy
 *     without its facts;
 *   - the signature check of an ingested file (lt_edoc_check_incoming),
 *     stored in the ingest's transaction, before the record can be
 *     registered (rule 10);
 *   - an e-mail's attachments as records linked to the message
 *     (lt_edoc_ingest_attachments).
 *
 * The original is always kept as it came, bit for bit; the copy is a
 * second file of the record (role searchable_pdf).
 */
#ifndef LT_ARCHIVE_EDOC_H
#define LT_ARCHIVE_EDOC_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "archive/archive.h"
#include "archive/ingest.h"
#include "archive/signatures/sig.h"
#include "ocr/ocr.h"
#include "ocr/pdfa/pdfa.h"

/* What one job run shares between its documents: the signer (NULL when
 * no key is configured) and the trust store. */
typedef struct lt_edoc_ctx lt_edoc_ctx;

/* Load them from the data directory's luutru.conf. A key that is
 * configured but does not load is logged and signing is off (the copies
 * are still made, and rule 35 reports them unsigned). */
int lt_edoc_ctx_new(lt_edoc_ctx **out, lt_archive *ar, lt_error *err);
void lt_edoc_ctx_free(lt_edoc_ctx *c);

/* The archival copy of one recognised or extracted record. */
typedef struct lt_edoc_copy {
	char *path;       /* the file to store as the searchable PDF, or NULL */
	char *signed_tmp; /* a signed copy this module wrote (removed by free) */
	int have_facts;   /* facts of path were read */
	lt_pdfa_facts facts;
	lt_sig_list sigs;  /* the agency signature's check, when signed */
	int signed_ok;     /* signed */
	int text_encoding; /* lt_vnenc of the original's text */
	int original_pdf;  /* the original is a PDF: its facts too */
	lt_pdfa_facts original_facts;
	int have_original_facts;
} lt_edoc_copy;

#define LT_EDOC_COPY_INIT                                                                          \
	{                                                                                          \
		0                                                                                  \
	}

/* Make the copy of record_id from the OCR result res (whose searchable
 * PDF, if any, is the unsigned copy) and the original at original_path of
 * type t: sign it, read its facts. Never fails the job: what cannot be
 * done is logged. Free with lt_edoc_copy_free. */
void lt_edoc_prepare(lt_edoc_ctx *c, int64_t record_id, const lt_ocr_result *res,
                     const char *original_path, lt_media_type t, lt_edoc_copy *out);
void lt_edoc_copy_free(lt_edoc_copy *copy);

/* Write the copy's rows in the caller's transaction: the facts of the
 * stored copy (copy_sha256, NULL when none was stored) and of the
 * original (original_sha256, its format and legacy encoding), and the
 * agency signature's check. */
int lt_edoc_store(lt_catalog *cat, int64_t record_id, const lt_edoc_copy *copy,
                  const char *copy_sha256, const char *original_sha256, lt_media_type original,
                  lt_error *err);

/* Check the signatures of an incoming file (a PDF: lt_sig_verify; other
 * born-digital types: recorded as not signed) into *out; *checked says
 * whether a check row is due (images are no e-documents: none). */
int lt_edoc_check_incoming(lt_archive *ar, const char *path, lt_media_type t, lt_sig_list *out,
                           int *checked, lt_error *err);

/* An e-mail's attachments, ingested as records of their own, each linked
 * to the message (attachment_of); an attachment luutru does not read is
 * kept as a file of the message's record (role attachment). Counts into
 * *records and *files. Bad attachments never undo the message. */
int lt_edoc_ingest_attachments(lt_archive *ar, const char *eml_path, const lt_ingest_result *msg,
                               const lt_ingest_options *opts, size_t *records, size_t *files,
                               lt_error *err);

/* The format facts of record_id's files as a JSON object keyed by each
 * file's SHA-256: {"format", "mediaType", "pdfVersion", "pdfa", "pages",
 * "minResolution", "minBitsPerPixel", "fonts", "fontsEmbedded",
 * "pagesWithText", "encrypted", "convertedFromEncoding", "checkedAt"}
 * (absent keys: not known). */
int lt_edoc_formats_json(json_t **out, lt_catalog *cat, int64_t record_id, lt_error *err);

#endif
