/* tests/unit/test_signatures.c — archive/signatures: the PDF object reader
 * and writer, the signature font, signing and verifying in process with a
 * CA and an agency certificate made here with OpenSSL, and every status a
 * damaged or untrusted signature gets. (tests/integration/test_edocs.sh
 * checks the same files with poppler's pdfsig.) */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509v3.h>

#include "archive/signatures/internal.h"
#include "archive/signatures/pdfobj.h"
#include "archive/signatures/sig.h"
#include "archive/signatures/ttf.h"
#include "core/buf.h"

#define FONT "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"

typedef struct pki {
	char *dir;
	char p12[512], pass[512], ca_pem[512], rogue_pem[512], rogue_p12[512];
	char pdf[512];
} pki;

static EVP_PKEY *rsa_key(void)
{
	EVP_PKEY *k = EVP_RSA_gen(2048);
	assert_non_null(k);
	return k;
}

static void add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *e;

	X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
	e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	assert_non_null(e);
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
}

/* A certificate for key, named (O, CN), signed by issuer (NULL: itself). */
static X509 *cert(EVP_PKEY *key, const char *o, const char *cn, X509 *issuer, EVP_PKEY *ikey,
                  int ca, long serial)
{
	X509 *x = X509_new();
	X509_NAME *n = X509_NAME_new();

	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	X509_gmtime_adj(X509_getm_notBefore(x), -3600);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600L * 24 * 365);
	X509_NAME_add_entry_by_txt(n, "O", MBSTRING_UTF8, (const unsigned char *)o, -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0);
	X509_set_subject_name(x, n);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : n);
	X509_set_pubkey(x, key);
	add_ext(x, issuer ? issuer : x, NID_basic_constraints,
	        ca ? "critical,CA:TRUE" : "CA:FALSE");
	add_ext(x, issuer ? issuer : x, NID_key_usage,
	        ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,nonRepudiation");
	assert_true(X509_sign(x, ikey ? ikey : key, EVP_sha256()) > 0);
	X509_NAME_free(n);
	return x;
}

static void write_pem(const char *path, X509 *x)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	PEM_write_X509(f, x);
	fclose(f);
}

static void write_p12(const char *path, EVP_PKEY *k, X509 *x, X509 *ca, const char *pass)
{
	STACK_OF(X509) *chain = sk_X509_new_null();
	PKCS12 *p;
	FILE *f;

	sk_X509_push(chain, ca);
	p = PKCS12_create(pass, "agency", k, x, chain, 0, 0, 0, 0, 0);
	assert_non_null(p);
	f = fopen(path, "wb");
	assert_non_null(f);
	i2d_PKCS12_fp(f, p);
	fclose(f);
	PKCS12_free(p);
	sk_X509_free(chain);
}

static int setup(void **state)
{
	pki *p = calloc(1, sizeof(*p));
	EVP_PKEY *cak = rsa_key(), *ak = rsa_key(), *rk = rsa_key(), *sk = rsa_key();
	X509 *ca = cert(cak, "Root CA thử nghiệm", "Root CA", NULL, NULL, 1, 1);
	X509 *ag = cert(ak, "Ủy ban nhân dân tỉnh Thử Nghiệm", "Văn thư UBND tỉnh", ca, cak, 0, 42);
	X509 *rogue = cert(rk, "Rogue", "Rogue CA", NULL, NULL, 1, 7);
	X509 *stranger = cert(sk, "Công ty lạ", "Người lạ", rogue, rk, 0, 8);
	const char *pdf_objs[] = {
	    "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
	    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 "
	    "R >>",
	    NULL};

	p->dir = lt_test_tmpdir();
	snprintf(p->p12, sizeof(p->p12), "%s/agency.p12", p->dir);
	snprintf(p->pass, sizeof(p->pass), "%s/pass", p->dir);
	snprintf(p->ca_pem, sizeof(p->ca_pem), "%s/ca.pem", p->dir);
	snprintf(p->rogue_pem, sizeof(p->rogue_pem), "%s/rogue.pem", p->dir);
	snprintf(p->rogue_p12, sizeof(p->rogue_p12), "%s/stranger.p12", p->dir);
	snprintf(p->pdf, sizeof(p->pdf), "%s/doc.pdf", p->dir);
	lt_test_write_file(p->pass, "mat-khau\n", 9);
	write_pem(p->ca_pem, ca);
	write_pem(p->rogue_pem, rogue);
	write_p12(p->p12, ak, ag, ca, "mat-khau");
	write_p12(p->rogue_p12, sk, stranger, rogue, "mat-khau");
	lt_test_write_pdf(p->pdf, pdf_objs, 4, "BT /F1 12 Tf 72 720 Td (Hello) Tj ET");
	EVP_PKEY_free(cak);
	EVP_PKEY_free(ak);
	EVP_PKEY_free(rk);
	EVP_PKEY_free(sk);
	X509_free(ca);
	X509_free(ag);
	X509_free(rogue);
	X509_free(stranger);
	*state = p;
	return 0;
}

static int teardown(void **state)
{
	pki *p = *state;
	lt_test_rmtree_free(p->dir);
	free(p);
	return 0;
}

static lt_sig_signer *signer(pki *p, const char *p12, const char *agency)
{
	lt_sig_signer_opts o = {p12, p->pass, NULL, NULL, NULL, agency, FONT};
	lt_sig_signer *s = NULL;
	lt_error err = LT_ERROR_INIT;
	if (lt_sig_signer_new(&s, &o, &err) != LT_OK)
		fail_msg("signer: %s", err.message);
	return s;
}

/* Verify path with a trust store of the given PEM (NULL: empty). */
static lt_sig_list verify(const char *path, const char *trust_pem)
{
	lt_sig_trust *t = NULL;
	lt_sig_list l = LT_SIG_LIST_INIT;
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(lt_sig_trust_load(&t, trust_pem, &err), LT_OK);
	if (lt_sig_verify(&l, path, t, &err) != LT_OK)
		fail_msg("verify: %s", err.message);
	lt_sig_trust_free(t);
	return l;
}

static char *signed_copy(pki *p, const char *p12, const char *name)
{
	lt_sig_signer *s = signer(p, p12, "Ủy ban nhân dân tỉnh Thử Nghiệm");
	lt_error err = LT_ERROR_INIT;
	char *out = malloc(600);

	snprintf(out, 600, "%s/%s", p->dir, name);
	if (lt_sig_sign(s, p->pdf, out, time(NULL), &err) != LT_OK)
		fail_msg("sign: %s", err.message);
	lt_sig_signer_free(s);
	return out;
}

static void test_sign_and_verify(void **state)
{
	pki *p = *state;
	char *out = signed_copy(p, p->p12, "signed.pdf");
	lt_sig_list l = verify(out, p->ca_pem);
	size_t len = 0;
	char *bytes = lt_test_read_file(out, &len), *orig;
	size_t olen = 0;

	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].status, LT_SIG_VALID);
	assert_string_equal(l.v[0].signer, "Văn thư UBND tỉnh");
	assert_string_equal(l.v[0].organization, "Ủy ban nhân dân tỉnh Thử Nghiệm");
	assert_string_equal(l.v[0].serial, "2A"); /* 42 */
	assert_string_equal(l.v[0].issuer, "Root CA");
	assert_string_equal(l.v[0].subfilter, "ETSI.CAdES.detached");
	assert_string_equal(l.v[0].digest, "SHA-256");
	assert_true(l.v[0].covers_whole);
	assert_int_equal(strlen(l.v[0].signing_time), 25);
	assert_string_equal(l.v[0].signing_time + 19, "+07:00");
	/* the original is unchanged: the update is appended */
	orig = lt_test_read_file(p->pdf, &olen);
	assert_true(len > olen);
	assert_memory_equal(bytes, orig, olen);
	/* PAdES B-B: no signing-time attribute in the CMS */
	assert_null(strstr(bytes, "/SubFilter /adbe"));
	lt_sig_list_free(&l);
	/* without the CA in the trust store: unknown issuer */
	l = verify(out, NULL);
	assert_int_equal(l.v[0].status, LT_SIG_UNKNOWN_ISSUER);
	lt_sig_list_free(&l);
	free(bytes);
	free(orig);
	free(out);
}

static void test_statuses(void **state)
{
	pki *p = *state;
	char *out = signed_copy(p, p->p12, "s.pdf"),
	     *stranger = signed_copy(p, p->rogue_p12, "x.pdf");
	size_t len = 0;
	char *b = lt_test_read_file(out, &len), *hit;
	char path[600];
	lt_sig_list l;

	/* one byte of the content changed: modified */
	snprintf(path, sizeof(path), "%s/changed.pdf", p->dir);
	hit = strstr(b, "(Hello)");
	assert_non_null(hit);
	hit[1] = 'J';
	lt_test_write_file(path, b, len);
	l = verify(path, p->ca_pem);
	assert_int_equal(l.v[0].status, LT_SIG_MODIFIED);
	lt_sig_list_free(&l);
	hit[1] = 'H';
	/* bytes appended after signing: modified, the range short of the end */
	{
		lt_buf more = LT_BUF_INIT;
		lt_buf_append(&more, b, len);
		lt_buf_puts(&more, "1 0 obj\n<< /Type /Catalog >>\nendobj\n");
		snprintf(path, sizeof(path), "%s/appended.pdf", p->dir);
		lt_test_write_file(path, more.data, more.len);
		lt_buf_free(&more);
	}
	l = verify(path, p->ca_pem);
	assert_int_equal(l.v[0].status, LT_SIG_MODIFIED);
	assert_false(l.v[0].covers_whole);
	lt_sig_list_free(&l);
	/* the ByteRange no longer excludes exactly /Contents: invalid */
	hit = strstr(b, "/ByteRange [0 ");
	assert_non_null(hit);
	hit[14] = hit[14] == '9' ? '8' : '9';
	snprintf(path, sizeof(path), "%s/range.pdf", p->dir);
	lt_test_write_file(path, b, len);
	l = verify(path, p->ca_pem);
	assert_int_equal(l.v[0].status, LT_SIG_INVALID);
	lt_sig_list_free(&l);
	/* the signature value changed (a hex digit in the CMS's end): invalid
	 * or modified, never valid */
	free(b);
	b = lt_test_read_file(out, &len);
	hit = strstr(b, "/Contents <");
	assert_non_null(hit);
	{
		char *end = strchr(hit + 11, '>');
		char *q = end - 1;
		while (*q == '0')
			q--; /* the last digit of the DER, not the padding */
		*q = *q == 'A' ? 'B' : 'A';
	}
	snprintf(path, sizeof(path), "%s/value.pdf", p->dir);
	lt_test_write_file(path, b, len);
	l = verify(path, p->ca_pem);
	assert_int_not_equal(l.v[0].status, LT_SIG_VALID);
	lt_sig_list_free(&l);
	/* a signer under another CA: unknown issuer, even with a store */
	l = verify(stranger, p->ca_pem);
	assert_int_equal(l.v[0].status, LT_SIG_UNKNOWN_ISSUER);
	lt_sig_list_free(&l);
	l = verify(stranger, p->rogue_pem);
	assert_int_equal(l.v[0].status, LT_SIG_VALID);
	lt_sig_list_free(&l);
	/* an unsigned PDF: no signature */
	l = verify(p->pdf, p->ca_pem);
	assert_int_equal(l.n, 0);
	assert_int_equal(lt_sig_overall(&l), -1);
	lt_sig_list_free(&l);
	free(b);
	free(out);
	free(stranger);
}

/* Signing a signed file again: two signatures; the first no longer
 * covers the file, but the second, valid one does. */
static void test_second_signature(void **state)
{
	pki *p = *state;
	char *once = signed_copy(p, p->p12, "once.pdf");
	lt_sig_signer *s = signer(p, p->p12, "Văn phòng");
	lt_error err = LT_ERROR_INIT;
	char twice[600];
	lt_sig_list l;

	snprintf(twice, sizeof(twice), "%s/twice.pdf", p->dir);
	assert_int_equal(lt_sig_sign(s, once, twice, time(NULL), &err), LT_OK);
	l = verify(twice, p->ca_pem);
	assert_int_equal(l.n, 2);
	assert_false(l.v[0].covers_whole);
	assert_true(l.v[1].covers_whole);
	assert_int_equal(l.v[0].status, LT_SIG_VALID);
	assert_int_equal(l.v[1].status, LT_SIG_VALID);
	lt_sig_list_free(&l);
	lt_sig_signer_free(s);
	free(once);
}

static void test_signer_errors(void **state)
{
	pki *p = *state;
	lt_sig_signer_opts o = {p->p12, NULL, NULL, NULL, NULL, NULL, FONT};
	lt_sig_signer *s = NULL;
	lt_error err = LT_ERROR_INIT;
	char wrong[600];

	/* no password: the PKCS#12 does not open */
	assert_int_equal(lt_sig_signer_new(&s, &o, &err), LT_EDENIED);
	assert_null(s);
	snprintf(wrong, sizeof(wrong), "%s/wrong", p->dir);
	lt_test_write_file(wrong, "sai\n", 4);
	o.password_file = wrong;
	assert_int_equal(lt_sig_signer_new(&s, &o, &err), LT_EDENIED);
	/* not a PKCS#12 file */
	o.key = p->ca_pem;
	o.password_file = p->pass;
	assert_int_equal(lt_sig_signer_new(&s, &o, &err), LT_ECORRUPT);
	/* the agency name: the certificate's organisation when not given */
	o.key = p->p12;
	assert_int_equal(lt_sig_signer_new(&s, &o, &err), LT_OK);
	assert_string_equal(lt_sig_signer_agency(s), "Ủy ban nhân dân tỉnh Thử Nghiệm");
	lt_sig_signer_free(s);
	/* a font that is not a font */
	o.font = p->ca_pem;
	assert_int_equal(lt_sig_signer_new(&s, &o, &err), LT_ECORRUPT);
}

static void test_pdf_objects(void **state)
{
	static const char src[] =
	    "<< /Type /Sig /Name (A \\(b\\) \\101) /H <48 69> /N#20x 1 /A [1 2.5 "
	    "-3 true null 12 0 R] /D << /K /V >> >>";
	lt_pdf_obj *o = NULL;
	lt_buf out = LT_BUF_INIT, t = LT_BUF_INIT;
	size_t pos = 0;
	lt_error err = LT_ERROR_INIT;
	(void)state;

	assert_int_equal(lt_pdf_parse(&o, src, strlen(src), &pos, &err), LT_OK);
	assert_int_equal(pos, strlen(src));
	assert_string_equal(lt_pdf_dict_get(o, "Type")->s, "Sig");
	assert_string_equal(lt_pdf_dict_get(o, "Name")->s, "A (b) A");
	assert_string_equal(lt_pdf_dict_get(o, "H")->s, "Hi");
	assert_non_null(lt_pdf_dict_get(o, "N x"));
	assert_int_equal(lt_pdf_dict_get(o, "A")->n, 6);
	assert_int_equal(lt_pdf_dict_get(o, "A")->items[5]->type, LT_PDF_REF);
	assert_int_equal(lt_pdf_dict_get(o, "A")->items[5]->i, 12);
	assert_int_equal(lt_pdf_write(&out, o), LT_OK);
	/* written back, it reads the same */
	{
		lt_pdf_obj *again = NULL;
		size_t p2 = 0;
		lt_buf out2 = LT_BUF_INIT;
		assert_int_equal(lt_pdf_parse(&again, out.data, out.len, &p2, &err), LT_OK);
		lt_pdf_write(&out2, again);
		assert_string_equal(out.data, out2.data);
		lt_buf_free(&out2);
		lt_pdf_obj_free(again);
	}
	lt_pdf_obj_free(o);
	/* hostile: unterminated, too deep */
	{
		char deep[300];
		memset(deep, '[', sizeof(deep) - 1);
		deep[sizeof(deep) - 1] = '\0';
		pos = 0;
		assert_int_equal(lt_pdf_parse(&o, deep, strlen(deep), &pos, &err), LT_ECORRUPT);
		pos = 0;
		assert_int_equal(lt_pdf_parse(&o, "(abc", 4, &pos, &err), LT_ECORRUPT);
		pos = 0;
		assert_int_equal(lt_pdf_parse(&o, "<< /A", 5, &pos, &err), LT_ECORRUPT);
	}
	/* text strings: ASCII literal, else UTF-16BE with its mark */
	lt_pdf_text_string(&t, "Sign");
	assert_string_equal(t.data, "(Sign)");
	lt_buf_reset(&t);
	lt_pdf_text_string(&t, "Ủy");
	assert_string_equal(t.data, "<FEFF1EE60079>");
	lt_buf_free(&t);
	lt_buf_free(&out);
}

static void test_pdf_dates(void **state)
{
	time_t t = 0;
	(void)state;

	assert_int_equal(lt_sig_pdf_date("D:20241120101530+07'00'", 23, &t), 0);
	assert_int_equal((long)t, 1732072530L); /* 2024-11-20T03:15:30Z */
	assert_int_equal(lt_sig_pdf_date("D:20241120031530Z", 17, &t), 0);
	assert_int_equal((long)t, 1732072530L);
	assert_int_equal(lt_sig_pdf_date("D:2024", 6, &t), 0);
	assert_int_equal(lt_sig_pdf_date("D:20241320", 10, &t), -1);
	assert_int_equal(lt_sig_pdf_date("nonsense", 8, &t), -1);
}

static void test_xref_and_first_page(void **state)
{
	pki *p = *state;
	size_t len = 0;
	char *d = lt_test_read_file(p->pdf, &len);
	lt_pdf_xref x;
	lt_pdf_obj *page = NULL;
	int64_t num = 0;
	double box[4];
	lt_error err = LT_ERROR_INIT;
	char cmd[1200], os[600];

	assert_int_equal(lt_pdf_xref_read(&x, d, len, &err), LT_OK);
	assert_int_equal(x.n, 5);
	assert_int_equal(lt_pdf_first_page(&num, &page, box, &x, d, len, &err), LT_OK);
	assert_int_equal(num, 3);
	assert_true(box[2] == 595 && box[3] == 842);
	lt_pdf_obj_free(page);
	lt_pdf_xref_free(&x);
	free(d);
	/* a cross-reference stream (qpdf's object streams): signing refuses */
	snprintf(os, sizeof(os), "%s/objstm.pdf", p->dir);
	snprintf(cmd, sizeof(cmd), "qpdf --object-streams=generate '%s' '%s'", p->pdf, os);
	if (system(cmd) == 0) {
		lt_sig_signer *s = signer(p, p->p12, NULL);
		char out[600];
		snprintf(out, sizeof(out), "%s/objstm-signed.pdf", p->dir);
		assert_int_equal(lt_sig_sign(s, os, out, time(NULL), &err), LT_EUNSUPPORTED);
		lt_sig_signer_free(s);
	}
}

static void test_font(void **state)
{
	lt_ttf *f = NULL, *sub = NULL;
	lt_error err = LT_ERROR_INIT;
	lt_buf b = LT_BUF_INIT;
	char path[600];
	pki *p = *state;
	int gids[3];

	assert_int_equal(lt_ttf_load(&f, FONT, &err), LT_OK);
	gids[0] = lt_ttf_glyph(f, 'A');
	gids[1] = lt_ttf_glyph(f, 0x1EE6); /* Ủ */
	gids[2] = lt_ttf_glyph(f, 0x0111); /* đ */
	assert_true(gids[0] > 0 && gids[1] > 0 && gids[2] > 0);
	assert_int_equal(lt_ttf_glyph(f, 0xE000), 0); /* private use: none */
	/* Times New Roman's metrics: A is 722 thousandths wide */
	assert_int_equal(lt_ttf_advance(f, gids[0]), 722);
	assert_string_equal(lt_ttf_name(f), "LiberationSerif");
	assert_int_equal(lt_ttf_subset(f, gids, 3, &b, &err), LT_OK);
	snprintf(path, sizeof(path), "%s/sub.ttf", p->dir);
	lt_test_write_file(path, b.data, b.len);
	/* the subset is a TrueType font with the same glyphs and widths */
	assert_int_equal(lt_ttf_load(&sub, path, &err), LT_OK);
	assert_int_equal(lt_ttf_glyph(sub, 'A'), gids[0]);
	assert_int_equal(lt_ttf_advance(sub, gids[1]), lt_ttf_advance(f, gids[1]));
	{
		size_t full = 0;
		free(lt_test_read_file(FONT, &full));
		assert_true(b.len < full / 3);
	}
	lt_ttf_free(sub);
	lt_ttf_free(f);
	lt_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sign_and_verify),     cmocka_unit_test(test_statuses),
	    cmocka_unit_test(test_second_signature),    cmocka_unit_test(test_signer_errors),
	    cmocka_unit_test(test_pdf_objects),         cmocka_unit_test(test_pdf_dates),
	    cmocka_unit_test(test_xref_and_first_page), cmocka_unit_test(test_font),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
