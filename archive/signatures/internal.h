/*
 * archive/signatures/internal.h — what the files of archive/signatures/
 * share; nothing outside the folder includes it (sig.h, store.h are the
 * contracts).
 *
 *   pdfobj.c  PDF syntax: objects, xref, first page (pdfobj.h)
 *   ttf.c     the visible block's font (ttf.h)
 *   trust.c   the operator's trust store
 *   verify.c  checking the signatures of a PDF
 *   sign.c    the agency's PAdES signature as an incremental update
 *   engine.c  a token's key through an OpenSSL ENGINE (Debian 12's
 *             libengine-pkcs11-openssl)
 *   store.c   the results in the catalog; the signer and trust store of a
 *             data directory (store.h)
 *   mets.c    signature evidence and format facts in a package's METS
 */
#ifndef LT_ARCHIVE_SIGNATURES_INTERNAL_H
#define LT_ARCHIVE_SIGNATURES_INTERNAL_H

#include <openssl/x509.h>

#include "archive/signatures/sig.h"

struct lt_sig_trust {
	X509_STORE *store;
	STACK_OF(X509_CRL) * crls;
	size_t anchors;
};

/* engine.c: the key key_id (a pkcs11: URI) through OpenSSL engine
 * engine_id ("pkcs11"), with the PKCS#11 module at module (NULL: the
 * engine's default) and the token's PIN; *engine is released with
 * lt_sig_engine_release after the key is freed. */
int lt_sig_engine_key(EVP_PKEY **key, void **engine, const char *engine_id, const char *module,
                      const char *key_id, const char *pin, lt_error *err);
void lt_sig_engine_release(void *engine);

/* A PDF date ("D:YYYYMMDDHHmmSSOHH'mm'") as a moment; 0 ok, -1 not one. */
int lt_sig_pdf_date(const char *s, size_t len, time_t *out);

#endif
