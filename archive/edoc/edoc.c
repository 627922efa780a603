/*
 * archive/edoc/edoc.c — the archival copy of a record and the facts of
 * its files; the signature check of an ingested file (edoc.h).
 */
#include "archive/edoc/edoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "archive/signatures/store.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/vnenc/vnenc.h"
#include "ocr/formats/formats.h"

struct lt_edoc_ctx {
	lt_sig_signer *signer;
	lt_sig_trust *trust;
};

int lt_edoc_ctx_new(lt_edoc_ctx **out, lt_archive *ar, lt_error *err)
{
	lt_edoc_ctx *c = calloc(1, sizeof(*c));
	lt_error kerr = LT_ERROR_INIT;
	int rc;

	*out = NULL;
	if (!c)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	if ((rc = lt_sig_archive_trust(&c->trust, ar, err)) != LT_OK) {
		free(c);
		return rc;
	}
	if (lt_sig_archive_signer(&c->signer, ar, &kerr) != LT_OK) {
		lt_log_error("digitised copies will not be signed: %s", kerr.message);
		c->signer = NULL;
	}
	*out = c;
	return LT_OK;
}

void lt_edoc_ctx_free(lt_edoc_ctx *c)
{
	if (!c)
		return;
	lt_sig_signer_free(c->signer);
	lt_sig_trust_free(c->trust);
	free(c);
}

void lt_edoc_copy_free(lt_edoc_copy *copy)
{
	if (!copy)
		return;
	if (copy->signed_tmp) {
		unlink(copy->signed_tmp);
		free(copy->signed_tmp);
	}
	free(copy->path);
	lt_sig_list_free(&copy->sigs);
	memset(copy, 0, sizeof(*copy));
}

void lt_edoc_prepare(lt_edoc_ctx *c, int64_t record_id, const lt_ocr_result *res,
                     const char *original_path, lt_media_type t, lt_edoc_copy *out)
{
	lt_error err = LT_ERROR_INIT;

	memset(out, 0, sizeof(*out));
	out->text_encoding = res->text_encoding;
	if (t == LT_MEDIA_PDF && original_path) {
		out->original_pdf = 1;
		out->have_original_facts =
		    lt_pdfa_inspect(&out->original_facts, original_path, &err) == LT_OK;
		if (!out->have_original_facts)
			lt_log_warn("record %lld: facts of the original PDF: %s",
			            (long long)record_id, err.message);
		lt_error_clear(&err);
	}
	if (!res->searchable_pdf)
		return;
	/* Signing happens after recognition: the copy is complete. A scan's
	 * copy is signed; an office file's rendition is not the agency's
	 * digitised copy, and is kept as LibreOffice made it. */
	if (c && c->signer && !lt_fmt_handles(t)) {
		lt_buf tmp = LT_BUF_INIT;
		if (lt_buf_printf(&tmp, "%s.signed", res->searchable_pdf) == LT_OK &&
		    lt_sig_sign(c->signer, res->searchable_pdf, tmp.data, time(NULL), &err) ==
		        LT_OK) {
			out->signed_tmp = lt_buf_detach(&tmp);
			out->signed_ok = 1;
			if (lt_sig_verify(&out->sigs, out->signed_tmp, c->trust, &err) != LT_OK)
				lt_log_warn("record %lld: verifying the agency signature: %s",
				            (long long)record_id, err.message);
		} else {
			lt_log_error("record %lld: the digitised copy is not signed: %s",
			             (long long)record_id, err.message);
		}
		lt_buf_free(&tmp);
		lt_error_clear(&err);
	}
	out->path = strdup(out->signed_tmp ? out->signed_tmp : res->searchable_pdf);
	if (out->path) {
		out->have_facts = lt_pdfa_inspect(&out->facts, out->path, &err) == LT_OK;
		if (!out->have_facts)
			lt_log_warn("record %lld: facts of the archival copy: %s",
			            (long long)record_id, err.message);
	}
}

static int put_facts(lt_catalog *cat, const char *sha, lt_media_type t, const lt_pdfa_facts *f,
                     const char *encoding, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int s;

	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "INSERT OR REPLACE INTO file_formats(sha256, format, media_type,"
	                       " pdf_version, pdfa, pages, images, min_ppi, min_bits, fonts,"
	                       " fonts_embedded, text_pages, encrypted, encoding)"
	                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                       -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "file_formats");
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, lt_media_name(t), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, lt_media_mime(t), -1, SQLITE_STATIC);
	if (f) {
		char pdfa[8];
		if (f->pdf_version[0])
			sqlite3_bind_text(st, 4, f->pdf_version, -1, SQLITE_TRANSIENT);
		snprintf(pdfa, sizeof(pdfa), "%d%s", f->pdfa_part, f->pdfa_conformance);
		if (f->pdfa_part > 0)
			sqlite3_bind_text(st, 5, pdfa, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 6, f->pages);
		sqlite3_bind_int(st, 7, f->images);
		if (f->min_ppi)
			sqlite3_bind_int(st, 8, f->min_ppi);
		if (f->min_bits)
			sqlite3_bind_int(st, 9, f->min_bits);
		sqlite3_bind_int(st, 10, f->fonts);
		sqlite3_bind_int(st, 11, f->fonts_embedded);
		sqlite3_bind_int(st, 12, f->text_pages);
		sqlite3_bind_int(st, 13, f->encrypted != 0);
	} else {
		sqlite3_bind_int(st, 13, 0);
	}
	if (encoding)
		sqlite3_bind_text(st, 14, encoding, -1, SQLITE_STATIC);
	s = sqlite3_step(st);
	sqlite3_finalize(st);
	return s == SQLITE_DONE ? LT_OK : lt_catalog_error(cat, err, "file_formats");
}

int lt_edoc_store(lt_catalog *cat, int64_t record_id, const lt_edoc_copy *copy,
                  const char *copy_sha256, const char *original_sha256, lt_media_type original,
                  lt_error *err)
{
	int rc = LT_OK;

	if (original_sha256)
		rc = put_facts(cat, original_sha256, original,
		               copy->have_original_facts ? &copy->original_facts : NULL,
		               copy->text_encoding == LT_VNENC_TCVN3 ||
		                       copy->text_encoding == LT_VNENC_VNI
		                   ? lt_vnenc_name((lt_vnenc)copy->text_encoding)
		                   : NULL,
		               err);
	if (rc == LT_OK && copy_sha256 && copy->have_facts)
		rc = put_facts(cat, copy_sha256, LT_MEDIA_PDF, &copy->facts, NULL, err);
	if (rc == LT_OK && copy_sha256 && copy->signed_ok)
		rc = lt_sig_store(cat, record_id, copy_sha256, LT_SIG_ORIGIN_AGENCY, &copy->sigs,
		                  err);
	return rc;
}

int lt_edoc_check_incoming(lt_archive *ar, const char *path, lt_media_type t, lt_sig_list *out,
                           int *checked, lt_error *err)
{
	lt_sig_trust *trust = NULL;
	int rc;

	out->v = NULL;
	out->n = 0;
	*checked = 0;
	if (t == LT_MEDIA_PNG || t == LT_MEDIA_JPEG || t == LT_MEDIA_TIFF || t == LT_MEDIA_UNKNOWN)
		return LT_OK; /* a scan is no electronic document */
	*checked = 1;
	if (t != LT_MEDIA_PDF)
		return LT_OK; /* no PDF signature to check: recorded as not signed */
	if ((rc = lt_sig_archive_trust(&trust, ar, err)) != LT_OK)
		return rc;
	rc = lt_sig_verify(out, path, trust, err);
	lt_sig_trust_free(trust);
	return rc;
}

int lt_edoc_formats_json(json_t **out, lt_catalog *cat, int64_t record_id, lt_error *err)
{
	static const char *const keys[] = {
	    "format",        "mediaType",     "pdfVersion",      "pdfa",
	    "pages",         "minResolution", "minBitsPerPixel", "fonts",
	    "fontsEmbedded", "pagesWithText", "encrypted",       "convertedFromEncoding",
	    "checkedAt"};
	sqlite3_stmt *st = NULL;
	json_t *o = json_object();

	*out = NULL;
	if (!o)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT DISTINCT x.sha256, x.format, x.media_type, x.pdf_version,"
	                       " x.pdfa, x.pages, x.min_ppi, x.min_bits, x.fonts, x.fonts_embedded,"
	                       " x.text_pages, x.encrypted, x.encoding, x.checked_at"
	                       " FROM file_formats x JOIN record_files f ON f.sha256 = x.sha256"
	                       " WHERE f.record_id = ?",
	                       -1, &st, NULL) != SQLITE_OK) {
		json_decref(o);
		return lt_catalog_error(cat, err, "file_formats");
	}
	sqlite3_bind_int64(st, 1, record_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_t *f = json_object();
		for (int i = 0; i < 13; i++) {
			int c = i + 1;
			if (sqlite3_column_type(st, c) == SQLITE_NULL)
				continue;
			if (sqlite3_column_type(st, c) == SQLITE_INTEGER)
				json_object_set_new(
				    f, keys[i],
				    !strcmp(keys[i], "encrypted")
				        ? json_boolean(sqlite3_column_int(st, c))
				        : json_integer(sqlite3_column_int64(st, c)));
			else
				json_object_set_new(
				    f, keys[i],
				    json_string((const char *)sqlite3_column_text(st, c)));
		}
		json_object_set_new(o, (const char *)sqlite3_column_text(st, 0), f);
	}
	sqlite3_finalize(st);
	*out = o;
	return LT_OK;
}
