/*
 * archive/signatures/verify.c — the signatures of a PDF, checked in the
 * order sig.h gives.
 *
 * Signature dictionaries are found where they must be, in the file's own
 * bytes: the ByteRange only means something for an object written
 * directly in the file (never in an object stream). Each "/ByteRange" is
 * traced to the indirect object holding it, which is parsed, and the
 * dictionary with the key is taken; its ByteRange and /Contents are then
 * checked against the bytes themselves (a dictionary claiming a range
 * that is not where its /Contents is fails, whatever its CMS says).
 *
 * The CMS is read with OpenSSL: the message digest attribute is compared
 * with our own digest of the ranges (streamed from the file, never all in
 * memory), the signature over the signed attributes is verified with
 * CMS_SignerInfo_verify, and the chain with an X509_STORE_CTX at the
 * signing time. CRLs are looked up by hand, so that a revocation after
 * the signing time is told from one before.
 */
#define _GNU_SOURCE /* memmem */
#include "archive/signatures/internal.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "archive/signatures/pdfobj.h"
#include "core/buf.h"
#include "ocr/pdfa/pdfa.h"

#define MAX_SIGNATURES 256

const char *lt_sig_status_name(lt_sig_status s)
{
	switch (s) {
	case LT_SIG_VALID: return "valid";
	case LT_SIG_INVALID: return "invalid";
	case LT_SIG_UNKNOWN_ISSUER: return "unknown_issuer";
	case LT_SIG_MODIFIED: return "modified";
	}
	return "invalid";
}

const char *lt_sig_status_label(lt_sig_status s)
{
	switch (s) {
	case LT_SIG_VALID: return LT_TR("hợp lệ", "valid");
	case LT_SIG_INVALID: return LT_TR("không hợp lệ", "invalid");
	case LT_SIG_UNKNOWN_ISSUER: return LT_TR("không rõ nơi cấp chứng thư", "unknown issuer");
	case LT_SIG_MODIFIED: return LT_TR("bị sửa sau khi ký", "modified after signing");
	}
	return "?";
}

int lt_sig_status_parse(const char *name)
{
	for (int s = LT_SIG_VALID; s <= LT_SIG_MODIFIED; s++)
		if (name && strcmp(name, lt_sig_status_name((lt_sig_status)s)) == 0)
			return s;
	return -1;
}

void lt_sig_list_free(lt_sig_list *l)
{
	if (!l)
		return;
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int lt_sig_overall(const lt_sig_list *l)
{
	static const int rank[] = {[LT_SIG_VALID] = 0,
	                           [LT_SIG_UNKNOWN_ISSUER] = 1,
	                           [LT_SIG_INVALID] = 2,
	                           [LT_SIG_MODIFIED] = 3};
	int worst = -1;

	for (size_t i = 0; i < l->n; i++)
		if (worst < 0 || rank[l->v[i].status] > rank[worst])
			worst = (int)l->v[i].status;
	return worst;
}

int lt_sig_pdf_date(const char *s, size_t len, time_t *out)
{
	int f[6] = {0, 1, 1, 0, 0, 0}, widths[6] = {4, 2, 2, 2, 2, 2}, k = 0;
	size_t p = 0;
	long off = 0;
	struct tm tm;

	if (len >= 2 && s[0] == 'D' && s[1] == ':')
		p = 2;
	for (k = 0; k < 6; k++) {
		int v = 0, w;
		if (p >= len || !isdigit((unsigned char)s[p]))
			break;
		for (w = 0; w < widths[k] && p < len && isdigit((unsigned char)s[p]); w++)
			v = v * 10 + (s[p++] - '0');
		if (w != widths[k])
			return -1;
		f[k] = v;
	}
	if (k == 0)
		return -1;
	if (p < len && (s[p] == '+' || s[p] == '-')) {
		int sign = s[p++] == '-' ? -1 : 1, hh = 0, mm = 0;
		for (int w = 0; w < 2 && p < len && isdigit((unsigned char)s[p]); w++)
			hh = hh * 10 + (s[p++] - '0');
		if (p < len && s[p] == '\'')
			p++;
		for (int w = 0; w < 2 && p < len && isdigit((unsigned char)s[p]); w++)
			mm = mm * 10 + (s[p++] - '0');
		off = sign * (hh * 3600L + mm * 60L);
	}
	if (f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > 31 || f[3] > 23 || f[4] > 59 || f[5] > 60)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = f[0] - 1900;
	tm.tm_mon = f[1] - 1;
	tm.tm_mday = f[2];
	tm.tm_hour = f[3];
	tm.tm_min = f[4];
	tm.tm_sec = f[5];
	*out = timegm(&tm) - off;
	return 0;
}

/* ---- finding the signature dictionaries ----------------------------------- */

/* The dictionary within o that has a /ByteRange, or NULL. */
static const lt_pdf_obj *find_sig_dict(const lt_pdf_obj *o, int depth)
{
	if (!o || depth > LT_PDF_MAX_DEPTH)
		return NULL;
	if (o->type == LT_PDF_DICT && lt_pdf_dict_get(o, "ByteRange"))
		return o;
	if (o->type == LT_PDF_DICT || o->type == LT_PDF_ARRAY)
		for (size_t i = 0; i < o->n; i++) {
			const lt_pdf_obj *r = find_sig_dict(o->items[i], depth + 1);
			if (r)
				return r;
		}
	return NULL;
}

/* Back from p over white space and one run of digits: the run's start,
 * or (size_t)-1 when no digit precedes the white space. */
static size_t back_over_number(const char *d, size_t p)
{
	while (p > 0 && (d[p - 1] == ' ' || d[p - 1] == '\r' || d[p - 1] == '\n'))
		p--;
	if (p == 0 || !isdigit((unsigned char)d[p - 1]))
		return (size_t)-1;
	while (p > 0 && isdigit((unsigned char)d[p - 1]))
		p--;
	return p;
}

/* The start of the indirect object ("N G obj") that contains offset at,
 * or (size_t)-1. */
static size_t object_start(const char *d, size_t at)
{
	size_t lim = at > (4u << 20) ? at - (4u << 20) : 0;

	for (size_t i = at; i-- > lim + 3;) {
		size_t p;
		/* "obj" after white space, not "endobj" */
		if (memcmp(d + i, "obj", 3) != 0 ||
		    (d[i - 1] != ' ' && d[i - 1] != '\n' && d[i - 1] != '\r') ||
		    (i + 3 < at && isalnum((unsigned char)d[i + 3])))
			continue;
		/* back over " G " and " N " */
		p = back_over_number(d, i);
		if (p != (size_t)-1)
			p = back_over_number(d, p);
		if (p != (size_t)-1)
			return p;
	}
	return (size_t)-1;
}

/* ---- certificate fields ------------------------------------------------------- */

static void name_field(X509_NAME *n, int nid, char *out, size_t cap)
{
	int i = X509_NAME_get_index_by_NID(n, nid, -1);
	X509_NAME_ENTRY *e = i >= 0 ? X509_NAME_get_entry(n, i) : NULL;
	unsigned char *utf = NULL;
	int len;

	out[0] = '\0';
	if (!e)
		return;
	len = ASN1_STRING_to_UTF8(&utf, X509_NAME_ENTRY_get_data(e));
	if (len > 0)
		snprintf(out, cap, "%.*s", len, (const char *)utf);
	OPENSSL_free(utf);
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
}

static void cert_fields(lt_sig *s, X509 *x)
{
	ASN1_INTEGER *serial = X509_get_serialNumber(x);
	BIGNUM *bn = serial ? ASN1_INTEGER_to_BN(serial, NULL) : NULL;
	char *hex = bn ? BN_bn2hex(bn) : NULL;

	name_field(X509_get_subject_name(x), NID_commonName, s->signer, sizeof(s->signer));
	name_field(X509_get_subject_name(x), NID_organizationName, s->organization,
	           sizeof(s->organization));
	name_field(X509_get_issuer_name(x), NID_commonName, s->issuer, sizeof(s->issuer));
	if (!s->issuer[0])
		name_field(X509_get_issuer_name(x), NID_organizationName, s->issuer,
		           sizeof(s->issuer));
	snprintf(s->serial, sizeof(s->serial), "%s", hex ? hex : "");
	OPENSSL_free(hex);
	BN_free(bn);
}

static void set_reason(lt_sig *s, lt_sig_status st, const char *fmt, const char *arg)
{
	s->status = st;
	snprintf(s->reason, sizeof(s->reason), fmt, arg ? arg : "");
}

/* ---- one signature ------------------------------------------------------------ */

/* Digest the two ranges of d with md into out (len *olen). */
static int digest_ranges(const char *d, const uint64_t r[4], const EVP_MD *md, unsigned char *out,
                         unsigned *olen)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = ctx && EVP_DigestInit_ex(ctx, md, NULL) == 1 &&
	         EVP_DigestUpdate(ctx, d + r[0], (size_t)r[1]) == 1 &&
	         EVP_DigestUpdate(ctx, d + r[2], (size_t)r[3]) == 1 &&
	         EVP_DigestFinal_ex(ctx, out, olen) == 1;
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -1;
}

/* The revocation of chain's certificates by the trust store's CRLs. */
static void check_revocation(lt_sig *s, const lt_sig_trust *trust, STACK_OF(X509) * chain,
                             time_t when)
{
	for (int i = 0; i + 1 < sk_X509_num(chain) && s->status == LT_SIG_VALID; i++) {
		X509 *c = sk_X509_value(chain, i), *issuer = sk_X509_value(chain, i + 1);
		EVP_PKEY *ik = X509_get0_pubkey(issuer);
		for (int k = 0; k < sk_X509_CRL_num(trust->crls); k++) {
			X509_CRL *crl = sk_X509_CRL_value(trust->crls, k);
			X509_REVOKED *rev = NULL;
			if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_issuer_name(c)) != 0 ||
			    !ik || X509_CRL_verify(crl, ik) != 1)
				continue;
			if (i == 0)
				s->revocation = 1;
			if (X509_CRL_get0_by_cert(crl, &rev, c) == 1 && rev) {
				const ASN1_TIME *at = X509_REVOKED_get0_revocationDate(rev);
				struct tm tm;
				char date[32] = "?";
				if (at && ASN1_TIME_to_tm(at, &tm) == 1)
					strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
				if (at && X509_cmp_time(at, &when) > 0) {
					/* revoked after the signature was made: noted */
					snprintf(s->reason, sizeof(s->reason),
					         LT_TR("chứng thư bị thu hồi sau khi ký (%s)",
					               "certificate revoked after signing (%s)"),
					         date);
				} else {
					set_reason(
					    s, LT_SIG_INVALID,
					    i == 0 ? LT_TR("chứng thư bị thu hồi (%s)",
					                   "certificate revoked (%s)")
					           : LT_TR("chứng thư của nơi cấp bị thu hồi (%s)",
					                   "an issuing certificate revoked (%s)"),
					    date);
				}
			}
		}
	}
}

static void check_one(lt_sig *s, const char *d, size_t len, const lt_pdf_obj *dict,
                      const lt_sig_trust *trust)
{
	const lt_pdf_obj *br = lt_pdf_dict_get(dict, "ByteRange");
	const lt_pdf_obj *contents = lt_pdf_dict_get(dict, "Contents");
	const lt_pdf_obj *sub = lt_pdf_dict_get(dict, "SubFilter");
	const lt_pdf_obj *m = lt_pdf_dict_get(dict, "M");
	CMS_ContentInfo *cms = NULL;
	STACK_OF(CMS_SignerInfo) * sis;
	CMS_SignerInfo *si;
	X509 *signer = NULL;
	STACK_OF(X509) *certs = NULL;
	X509_STORE_CTX *ctx = NULL;
	X509_ALGOR *dalg = NULL;
	time_t when = time(NULL);
	int have_time = 0;

	s->status = LT_SIG_VALID;
	snprintf(s->subfilter, sizeof(s->subfilter), "%s",
	         sub && sub->type == LT_PDF_NAME ? sub->s : "");
	/* 1. the ByteRange and the gap */
	if (!br || br->type != LT_PDF_ARRAY || br->n != 4) {
		set_reason(s, LT_SIG_INVALID, LT_TR("thiếu ByteRange%s", "no ByteRange%s"), "");
		return;
	}
	for (int i = 0; i < 4; i++) {
		if (br->items[i]->type != LT_PDF_INT || br->items[i]->i < 0) {
			set_reason(s, LT_SIG_INVALID, LT_TR("ByteRange sai%s", "bad ByteRange%s"),
			           "");
			return;
		}
		s->range[i] = (uint64_t)br->items[i]->i;
	}
	if (s->range[0] != 0 || s->range[1] > s->range[2] || s->range[2] > len ||
	    s->range[3] > len - s->range[2]) {
		set_reason(s, LT_SIG_INVALID,
		           LT_TR("ByteRange vượt ra ngoài tệp%s", "ByteRange outside the file%s"),
		           "");
		return;
	}
	if (!contents || contents->type != LT_PDF_STRING || !contents->hex ||
	    contents->start != s->range[1] || contents->end != s->range[2]) {
		set_reason(
		    s, LT_SIG_INVALID,
		    LT_TR("ByteRange không loại trừ đúng chữ ký (/Contents)%s",
		          "the ByteRange does not exclude exactly the signature (/Contents)%s"),
		    "");
		return;
	}
	{
		uint64_t end = s->range[2] + s->range[3];
		s->covers_whole = end == len;
		/* a line end after %%EOF is no content */
		while (!s->covers_whole && end < len &&
		       (d[end] == '\r' || d[end] == '\n' || d[end] == ' '))
			s->covers_whole = ++end == len;
	}
	if (m && m->type == LT_PDF_STRING) {
		time_t t;
		if (lt_sig_pdf_date(m->s, m->len, &t) == 0) {
			when = t;
			have_time = 1;
		}
	}
	if (strcmp(s->subfilter, "adbe.pkcs7.detached") != 0 &&
	    strcmp(s->subfilter, "ETSI.CAdES.detached") != 0) {
		set_reason(
		    s, LT_SIG_INVALID,
		    LT_TR("kiểu chữ ký %s không được hỗ trợ", "signature type %s is not supported"),
		    s->subfilter[0] ? s->subfilter : "?");
		return;
	}
	/* 2. the CMS and its message digest */
	{
		const unsigned char *p = (const unsigned char *)contents->s;
		BIO *bio = BIO_new_mem_buf(p, (int)contents->len);
		cms = bio ? d2i_CMS_bio(bio, NULL) : NULL;
		BIO_free(bio);
	}
	if (!cms || OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed ||
	    !(sis = CMS_get0_SignerInfos(cms)) || sk_CMS_SignerInfo_num(sis) != 1) {
		set_reason(s, LT_SIG_INVALID,
		           LT_TR("chữ ký không đọc được (CMS)%s", "unreadable signature (CMS)%s"),
		           "");
		goto out;
	}
	si = sk_CMS_SignerInfo_value(sis, 0);
	CMS_set1_signers_certs(cms, NULL, 0);
	CMS_SignerInfo_get0_algs(si, NULL, &signer, &dalg, NULL);
	if (signer)
		cert_fields(s, signer);
	if (!have_time) {
		int i = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
		X509_ATTRIBUTE *a = i >= 0 ? CMS_signed_get_attr(si, i) : NULL;
		ASN1_TYPE *v = a ? X509_ATTRIBUTE_get0_type(a, 0) : NULL;
		struct tm tm;
		if (v && (v->type == V_ASN1_UTCTIME || v->type == V_ASN1_GENERALIZEDTIME) &&
		    ASN1_TIME_to_tm((const ASN1_TIME *)v->value.asn1_string, &tm) == 1) {
			when = timegm(&tm);
			have_time = 1;
		}
	}
	if (have_time) {
		char pdfdate[24];
		lt_pdfa_dates(when, s->signing_time, pdfdate);
	}
	{
		const EVP_MD *md = dalg ? EVP_get_digestbyobj(dalg->algorithm) : NULL;
		unsigned char dig[EVP_MAX_MD_SIZE];
		unsigned dlen = 0;
		const ASN1_OCTET_STRING *md_attr;

		if (!md) {
			set_reason(s, LT_SIG_INVALID,
			           LT_TR("thuật toán băm không rõ%s", "unknown digest%s"), "");
			goto out;
		}
		snprintf(s->digest, sizeof(s->digest), "%s", EVP_MD_get0_name(md));
		if (strcmp(s->digest, "SHA256") == 0)
			snprintf(s->digest, sizeof(s->digest), "SHA-256");
		if (digest_ranges(d, s->range, md, dig, &dlen) != 0) {
			set_reason(s, LT_SIG_INVALID, "digest failed%s", "");
			goto out;
		}
		md_attr = CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3,
		                                      V_ASN1_OCTET_STRING);
		if (!md_attr) {
			set_reason(s, LT_SIG_INVALID,
			           LT_TR("chữ ký không có thuộc tính băm nội dung%s",
			                 "the signature has no message digest attribute%s"),
			           "");
			goto out;
		}
		if ((unsigned)ASN1_STRING_length(md_attr) != dlen ||
		    memcmp(ASN1_STRING_get0_data(md_attr), dig, dlen) != 0) {
			set_reason(
			    s, LT_SIG_MODIFIED,
			    LT_TR("nội dung đã bị thay đổi sau khi ký (giá trị băm không khớp)%s",
			          "the content was changed after signing (digest mismatch)%s"),
			    "");
			goto out;
		}
	}
	/* 3. the signature value */
	if (!signer) {
		set_reason(s, LT_SIG_INVALID,
		           LT_TR("không có chứng thư của người ký%s", "the signer's certificate is "
		                                                      "missing%s"),
		           "");
		goto out;
	}
	if (CMS_SignerInfo_verify(si) != 1) {
		set_reason(
		    s, LT_SIG_INVALID,
		    LT_TR("giá trị chữ ký không đúng%s", "the signature value does not verify%s"),
		    "");
		goto out;
	}
	/* 4, 5. the chain, at the signing time */
	certs = CMS_get1_certs(cms);
	ctx = X509_STORE_CTX_new();
	if (!ctx || !trust || X509_STORE_CTX_init(ctx, trust->store, signer, certs) != 1) {
		set_reason(s, LT_SIG_UNKNOWN_ISSUER,
		           LT_TR("không có chứng thư gốc tin cậy nào được cấu hình%s",
		                 "no trusted root certificate is configured%s"),
		           "");
		goto out;
	}
	X509_STORE_CTX_set_time(ctx, 0, when);
	if (X509_verify_cert(ctx) != 1) {
		int e = X509_STORE_CTX_get_error(ctx);
		switch (e) {
		case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
		case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
		case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
		case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
		case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
			set_reason(s, LT_SIG_UNKNOWN_ISSUER,
			           LT_TR("chứng thư không thuộc nơi cấp tin cậy (%s)",
			                 "the certificate does not chain to a trusted issuer (%s)"),
			           X509_verify_cert_error_string(e));
			break;
		case X509_V_ERR_CERT_HAS_EXPIRED:
		case X509_V_ERR_CERT_NOT_YET_VALID:
			set_reason(s, LT_SIG_INVALID,
			           LT_TR("chứng thư không còn hiệu lực vào lúc ký (%s)",
			                 "the certificate was not valid at the signing time (%s)"),
			           X509_verify_cert_error_string(e));
			break;
		default:
			set_reason(s, LT_SIG_INVALID,
			           LT_TR("chứng thư không hợp lệ (%s)", "invalid certificate (%s)"),
			           X509_verify_cert_error_string(e));
		}
		goto out;
	}
	if ((X509_get_extension_flags(signer) & EXFLAG_KUSAGE) &&
	    !(X509_get_key_usage(signer) & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION))) {
		set_reason(
		    s, LT_SIG_INVALID,
		    LT_TR("chứng thư không dùng để ký%s", "the certificate is not for signing%s"),
		    "");
		goto out;
	}
	/* 6. revocation, where a CRL is at hand */
	{
		STACK_OF(X509) *chain = X509_STORE_CTX_get1_chain(ctx);
		check_revocation(s, trust, chain, when);
		sk_X509_pop_free(chain, X509_free);
	}
out:
	ERR_clear_error();
	X509_STORE_CTX_free(ctx);
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
}

int lt_sig_verify_mem(lt_sig_list *out, const char *d, size_t len, const lt_sig_trust *trust,
                      lt_error *err)
{
	size_t *seen = NULL, nseen = 0;
	const char *p = d;
	int rc = LT_OK;

	out->v = NULL;
	out->n = 0;
	while (p && (size_t)(p - d) < len && out->n < MAX_SIGNATURES) {
		const char *hit = memmem(p, len - (size_t)(p - d), "/ByteRange", 10);
		size_t start;
		lt_pdf_obj *o = NULL;
		const lt_pdf_obj *dict;
		int dup = 0;

		if (!hit)
			break;
		p = hit + 10;
		start = object_start(d, (size_t)(hit - d));
		if (start == (size_t)-1)
			continue;
		for (size_t i = 0; i < nseen; i++)
			dup |= seen[i] == start;
		if (dup)
			continue;
		{
			size_t *g = realloc(seen, (nseen + 1) * sizeof(*g));
			if (!g) {
				rc = lt_error_set(err, LT_ENOMEM, "out of memory");
				break;
			}
			seen = g;
			seen[nseen++] = start;
		}
		if (lt_pdf_parse_indirect(&o, NULL, NULL, d, len, start, NULL) != LT_OK)
			continue; /* not an object after all: ByteRange in some text */
		dict = find_sig_dict(o, 0);
		{
			const lt_pdf_obj *type = lt_pdf_dict_get(dict, "Type");
			/* a document time-stamp (RFC 3161) is not a signature */
			if (dict && !(type && type->type == LT_PDF_NAME &&
			              strcmp(type->s, "DocTimeStamp") == 0)) {
				lt_sig *g = realloc(out->v, (out->n + 1) * sizeof(*g));
				if (!g) {
					lt_pdf_obj_free(o);
					rc = lt_error_set(err, LT_ENOMEM, "out of memory");
					break;
				}
				out->v = g;
				memset(&out->v[out->n], 0, sizeof(out->v[out->n]));
				out->v[out->n].seq = (int)out->n + 1;
				check_one(&out->v[out->n], d, len, dict, trust);
				out->n++;
			}
		}
		lt_pdf_obj_free(o);
	}
	free(seen);
	/* 7. bytes after a signature are covered by a later valid one */
	for (size_t i = 0; rc == LT_OK && i < out->n; i++) {
		lt_sig *s = &out->v[i];
		int covered = 0;
		/* the first failure decides: only a signature valid so far */
		if (s->covers_whole || s->status != LT_SIG_VALID)
			continue;
		for (size_t k = 0; k < out->n; k++)
			if (k != i && out->v[k].covers_whole && out->v[k].status == LT_SIG_VALID &&
			    out->v[k].range[2] + out->v[k].range[3] > s->range[2] + s->range[3])
				covered = 1;
		if (!covered)
			set_reason(
			    s, LT_SIG_MODIFIED,
			    LT_TR("tệp có phần được thêm sau khi ký mà không có chữ ký hợp lệ nào "
			          "bao phủ%s",
			          "bytes were added after signing and no valid signature covers "
			          "them%s"),
			    "");
	}
	if (rc != LT_OK)
		lt_sig_list_free(out);
	return rc;
}

int lt_sig_verify(lt_sig_list *out, const char *path, const lt_sig_trust *trust, lt_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	void *map;
	int rc;

	out->v = NULL;
	out->n = 0;
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return lt_error_set(err, LT_EIO,
		                    LT_TR("không đọc được tệp %s", "cannot read file %s"), path);
	}
	if (st.st_size == 0) {
		close(fd);
		return LT_OK;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return lt_error_set(err, LT_EIO,
		                    LT_TR("không đọc được tệp %s", "cannot read file %s"), path);
	rc = lt_sig_verify_mem(out, map, (size_t)st.st_size, trust, err);
	munmap(map, (size_t)st.st_size);
	return rc;
}
