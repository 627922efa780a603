/*
 * archive/signatures/sig.h — digital signatures in PDF files: checking the
 * signatures of an incoming document, and signing the agency's digitised
 * copies (docs/signatures.md; REGULATIONS rules 10 and 35; NĐ 30 Đ21.2,
 * Phụ lục I).
 *
 * Verification (lt_sig_verify), for every signature dictionary in the
 * file, in this order, the first failure deciding its status:
 *   1. the ByteRange is [0 b c d] and the gap [b, c) is exactly the
 *      /Contents hex string: else INVALID;
 *   2. the CMS SignedData decodes and its message digest equals the
 *      digest of the signed bytes: else MODIFIED (the document changed
 *      after signing);
 *   3. the signature value verifies with the signer's certificate: else
 *      INVALID;
 *   4. the certificate chains to a trust anchor of the operator's trust
 *      store (luutru.conf trust_store): else UNKNOWN_ISSUER;
 *   5. every certificate of the chain was valid at the signing time (/M,
 *      else the CMS signing-time; now when neither), and the signer's
 *      key may sign: else INVALID;
 *   6. no certificate is revoked, where a CRL of its issuer is in the
 *      trust store (offline; a revocation dated after the signing time is
 *      noted, not failed): else INVALID;
 *   7. the signed bytes reach the end of the file, or a later signature
 *      that is VALID does: else MODIFIED (bytes added after signing).
 * A document that fails is kept and flagged, never refused: the status
 * is stored with the record (store.h).
 *
 * Signing (lt_sig_sign) appends an incremental update to a PDF (classic
 * cross-reference table, as luutru's own PDF/A copies have): a signature
 * field whose widget shows, top right of page 1, the agency's name and
 * the signing time (ISO 8601, Vietnam time) in Liberation Serif 10 pt
 * (Times New Roman's metric twin), black, no image; and a PAdES baseline
 * B-B signature (ETSI.CAdES.detached: CMS SignedData, SHA-256, the
 * signing-certificate-v2 attribute, no signing-time attribute, the
 * claimed time in /M). The key is a PKCS#12 file, or a token's key by
 * URI (pkcs11:...) through an OpenSSL provider or engine.
 *
 * Thread-safety: an lt_sig_trust may be shared by threads for
 * verification; an lt_sig_signer is one thread's at a time.
 */
#ifndef LT_ARCHIVE_SIGNATURES_SIG_H
#define LT_ARCHIVE_SIGNATURES_SIG_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/error.h"

typedef enum lt_sig_status {
	LT_SIG_VALID = 0,
	LT_SIG_INVALID = 1,
	LT_SIG_UNKNOWN_ISSUER = 2,
	LT_SIG_MODIFIED = 3,
} lt_sig_status;

/* "valid", "invalid", "unknown_issuer", "modified" (stored, in the API). */
const char *lt_sig_status_name(lt_sig_status s);
/* The status for people, in the current language. */
const char *lt_sig_status_label(lt_sig_status s);
/* Parse a stored name; -1 when it is none of them. */
int lt_sig_status_parse(const char *name);

typedef struct lt_sig {
	int seq; /* 1.. in the order of the file */
	lt_sig_status status;
	char reason[256];       /* why it is not valid, or a note; "" */
	char signer[256];       /* the certificate subject's common name */
	char organization[256]; /* its organisation */
	char serial[80];        /* certificate serial number, hex */
	char issuer[256];       /* issuer's common name (or organisation) */
	char signing_time[32];  /* ISO 8601, Vietnam time; "" when none is claimed */
	char subfilter[40];     /* ETSI.CAdES.detached, adbe.pkcs7.detached */
	char digest[16];        /* SHA-256 */
	int covers_whole;       /* the signed bytes reach the end of the file */
	int revocation;         /* a CRL of the signer's issuer was checked */
	uint64_t range[4];      /* the ByteRange */
} lt_sig;

typedef struct lt_sig_list {
	lt_sig *v;
	size_t n;
} lt_sig_list;

#define LT_SIG_LIST_INIT                                                                           \
	{                                                                                          \
		NULL, 0                                                                            \
	}
void lt_sig_list_free(lt_sig_list *l);

/* The worst status of the list (MODIFIED, INVALID, UNKNOWN_ISSUER, VALID);
 * -1 for an empty list. */
int lt_sig_overall(const lt_sig_list *l);

typedef struct lt_sig_trust lt_sig_trust;

/* The trust anchors and CRLs at path: a directory of PEM or DER files
 * (*.pem, *.crt, *.cer, *.der, *.crl), or one PEM file. A path that does
 * not exist is an empty store (every issuer unknown), not an error. */
int lt_sig_trust_load(lt_sig_trust **out, const char *path, lt_error *err);
void lt_sig_trust_free(lt_sig_trust *t);
size_t lt_sig_trust_anchors(const lt_sig_trust *t);
size_t lt_sig_trust_crls(const lt_sig_trust *t);

/* Every signature of the PDF at path (none: an empty list). Fails only
 * when the file cannot be read; a damaged signature is a status. trust
 * may be NULL (no anchors). out must be LT_SIG_LIST_INIT. */
int lt_sig_verify(lt_sig_list *out, const char *path, const lt_sig_trust *trust, lt_error *err);
/* The same on bytes in memory (the fuzz target). */
int lt_sig_verify_mem(lt_sig_list *out, const char *data, size_t len, const lt_sig_trust *trust,
                      lt_error *err);

typedef struct lt_sig_signer_opts {
	const char *key;           /* a PKCS#12 file, or a URI ("pkcs11:...") */
	const char *password_file; /* the key's password / PIN; NULL none */
	const char *cert;          /* PEM chain, needed with a URI key */
	/* OpenSSL provider to load for a URI key (e.g. "pkcs11"), or
	 * "engine:ID" for an engine (e.g. "engine:pkcs11", Debian 12's
	 * libengine-pkcs11-openssl); NULL */
	const char *provider;
	const char *module;      /* the PKCS#11 module an engine loads; NULL */
	const char *agency_name; /* shown; NULL: the certificate's organisation */
	const char *font;        /* TrueType font of the visible block */
} lt_sig_signer_opts;

typedef struct lt_sig_signer lt_sig_signer;

int lt_sig_signer_new(lt_sig_signer **out, const lt_sig_signer_opts *o, lt_error *err);
void lt_sig_signer_free(lt_sig_signer *s);
/* The name the visible block shows. Valid while s lives. */
const char *lt_sig_signer_agency(const lt_sig_signer *s);

/* Sign in_pdf into out_pdf (a new file; in_pdf unchanged) at time when.
 * LT_EUNSUPPORTED for a PDF whose cross-reference is a stream. */
int lt_sig_sign(lt_sig_signer *s, const char *in_pdf, const char *out_pdf, time_t when,
                lt_error *err);

#endif
