/*
 * archive/signatures/sign.c — the agency's signature on a PDF, as an
 * incremental update (sig.h; ISO 32000-1 §12.8, ETSI EN 319 142-1 B-B).
 *
 * The update appends, after the original bytes (unchanged, so the
 * PDF/A file and its earlier revisions stay as they were):
 *
 *   sig      << /Type /Sig /Filter /Adobe.PPKLite /SubFilter
 *              /ETSI.CAdES.detached /ByteRange [...] /Contents <...>
 *              /M (signing time) /Name (agency) /Reason (...) >>
 *   widget   the signature field and its widget in one dictionary, on
 *            page 1, printed (/F 4), its appearance only /N (PDF/A)
 *   ap       the visible block: the agency's name and the ISO 8601 time,
 *            Liberation Serif 10 pt, black (0 g), no image
 *   font     Type0 / CIDFontType2 with CIDToGIDMap /Identity, widths
 *            from the font's own hmtx, a subset embedded (ttf.c), a
 *            ToUnicode map
 *   acroform << /Fields [...] /SigFlags 3 >> (or the existing one, updated)
 *   page 1 and the catalog, rewritten with /Annots and /AcroForm
 *   a cross-reference section, a trailer with /Prev and the file's /ID
 *
 * The ByteRange is written with fixed-width numbers and the /Contents as
 * zeros first; both are filled in place once the update's bytes are
 * known. The CMS is built with OpenSSL without CMS_final (which would add
 * a signing-time attribute PAdES forbids): the content-type, message
 * digest and ESS signing-certificate-v2 attributes, then the signature
 * over their DER SET, made with EVP_DigestSign (so a provider's token key
 * signs the same way as a PKCS#12 file's).
 */
#include "archive/signatures/internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/store.h>
#include <openssl/ui.h>
#include <openssl/x509v3.h>
#include <utf8proc.h>

#include "archive/signatures/pdfobj.h"
#include "archive/signatures/ttf.h"
#include "core/buf.h"
#include "core/fs.h"
#include "ocr/pdfa/pdfa.h"

/* Room for the CMS: hex digits of /Contents (a 4096-bit RSA signature
 * with a chain of three certificates is about 6 KiB of DER). */
#define CONTENTS_HEX 32768
#define FONT_SIZE    10.0
#define LEADING      12.0
#define MARGIN       14.17 /* 5 mm from the page's top and right edges */
#define MAX_WIDTH    240.0 /* points: wider names wrap */
#define PAD          2.0

struct lt_sig_signer {
	EVP_PKEY *key;
	void *engine; /* an ENGINE holding the key (engine.c), or NULL */
	X509 *cert;
	STACK_OF(X509) * chain;
	OSSL_PROVIDER *prov, *prov_default;
	lt_ttf *font;
	char agency[512];
};

/* ---- the key ------------------------------------------------------------------ */

static int read_secret(char *out, size_t cap, const char *path, lt_error *err)
{
	lt_buf b = LT_BUF_INIT;
	int rc;

	out[0] = '\0';
	if (!path || !*path)
		return LT_OK;
	if ((rc = lt_fs_read_file(&b, path, 4096, err)) != LT_OK)
		return lt_error_prefix(err, "sign_key_password_file");
	/* one line; its line end is not part of the password */
	while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\r'))
		b.data[--b.len] = '\0';
	snprintf(out, cap, "%s", b.data ? b.data : "");
	OPENSSL_cleanse(b.data, b.len);
	lt_buf_free(&b);
	return LT_OK;
}

static int load_pkcs12(lt_sig_signer *s, const char *path, const char *pass, lt_error *err)
{
	lt_buf b = LT_BUF_INIT;
	PKCS12 *p12 = NULL;
	int rc = lt_fs_read_file(&b, path, 1u << 20, err);

	if (rc != LT_OK)
		return lt_error_prefix(err,
		                       LT_TR("khóa ký (sign_key)", "the signing key (sign_key)"));
	{
		const unsigned char *p = (const unsigned char *)b.data;
		p12 = d2i_PKCS12(NULL, &p, (long)b.len);
	}
	lt_buf_free(&b);
	if (!p12)
		return lt_error_set(err, LT_ECORRUPT,
		                    LT_TR("%s không phải tệp PKCS#12", "%s is not a PKCS#12 file"),
		                    path);
	if (PKCS12_parse(p12, pass, &s->key, &s->cert, &s->chain) != 1 || !s->key || !s->cert) {
		PKCS12_free(p12);
		return lt_error_set(err, LT_EDENIED,
		                    LT_TR("không mở được khóa ký %s: sai mật khẩu "
		                          "(sign_key_password_file) hoặc thiếu chứng thư",
		                          "cannot open the signing key %s: wrong password "
		                          "(sign_key_password_file) or no certificate in it"),
		                    path);
	}
	PKCS12_free(p12);
	return LT_OK;
}

static int pin_cb(char *buf, int size, int rwflag, void *u)
{
	(void)rwflag;
	snprintf(buf, (size_t)size, "%s", (const char *)u);
	return (int)strlen(buf);
}

/* A key served by URI (pkcs11:... through a provider): OSSL_STORE. */
static int load_uri(lt_sig_signer *s, const lt_sig_signer_opts *o, const char *pin, lt_error *err)
{
	UI_METHOD *ui = UI_UTIL_wrap_read_pem_callback(pin_cb, 0);
	OSSL_STORE_CTX *st;

	if (o->provider && *o->provider) {
		s->prov = OSSL_PROVIDER_load(NULL, o->provider);
		s->prov_default = OSSL_PROVIDER_load(NULL, "default");
		if (!s->prov) {
			UI_destroy_method(ui);
			return lt_error_set(
			    err, LT_EUNSUPPORTED,
			    LT_TR("không nạp được OpenSSL provider %s (sign_provider)",
			          "cannot load the OpenSSL provider %s (sign_provider)"),
			    o->provider);
		}
	}
	st = OSSL_STORE_open(o->key, ui, (void *)pin, NULL, NULL);
	while (st && !OSSL_STORE_eof(st)) {
		OSSL_STORE_INFO *info = OSSL_STORE_load(st);
		if (!info)
			continue;
		if (OSSL_STORE_INFO_get_type(info) == OSSL_STORE_INFO_PKEY && !s->key)
			s->key = OSSL_STORE_INFO_get1_PKEY(info);
		else if (OSSL_STORE_INFO_get_type(info) == OSSL_STORE_INFO_CERT && !s->cert)
			s->cert = OSSL_STORE_INFO_get1_CERT(info);
		OSSL_STORE_INFO_free(info);
	}
	if (st)
		OSSL_STORE_close(st);
	UI_destroy_method(ui);
	if (!s->key)
		return lt_error_set(err, LT_EDENIED,
		                    LT_TR("không lấy được khóa ký từ %s (thẻ, mã PIN, provider?)",
		                          "cannot get the signing key from %s (token, PIN, "
		                          "provider?)"),
		                    o->key);
	return LT_OK;
}

static int load_cert_file(lt_sig_signer *s, const char *path, lt_error *err)
{
	lt_buf b = LT_BUF_INIT;
	BIO *bio;
	X509 *x;
	int rc = lt_fs_read_file(&b, path, 1u << 20, err);

	if (rc != LT_OK)
		return lt_error_prefix(err, "sign_cert");
	bio = BIO_new_mem_buf(b.data, (int)b.len);
	if (!s->chain)
		s->chain = sk_X509_new_null();
	while (bio && (x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		if (!s->cert)
			s->cert = x; /* the first is the agency's own */
		else if (!sk_X509_push(s->chain, x))
			X509_free(x);
	}
	BIO_free(bio);
	lt_buf_free(&b);
	ERR_clear_error();
	return s->cert ? LT_OK
	               : lt_error_set(err, LT_ECORRUPT,
	                              LT_TR("%s không chứa chứng thư PEM nào",
	                                    "%s holds no PEM certificate"),
	                              path);
}

void lt_sig_signer_free(lt_sig_signer *s)
{
	if (!s)
		return;
	EVP_PKEY_free(s->key);
	lt_sig_engine_release(s->engine);
	X509_free(s->cert);
	sk_X509_pop_free(s->chain, X509_free);
	lt_ttf_free(s->font);
	if (s->prov)
		OSSL_PROVIDER_unload(s->prov);
	if (s->prov_default)
		OSSL_PROVIDER_unload(s->prov_default);
	free(s);
}

const char *lt_sig_signer_agency(const lt_sig_signer *s)
{
	return s->agency;
}

static int is_uri(const char *k)
{
	const char *colon = strchr(k, ':');
	if (!colon || colon == k)
		return 0;
	for (const char *p = k; p < colon; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '+' && *p != '.')
			return 0;
	return !lt_fs_exists(k);
}

int lt_sig_signer_new(lt_sig_signer **out, const lt_sig_signer_opts *o, lt_error *err)
{
	lt_sig_signer *s = calloc(1, sizeof(*s));
	char pass[1024];
	int rc;

	*out = NULL;
	if (!s)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	if (!o->key || !*o->key) {
		free(s);
		return lt_error_set(err, LT_EINVAL, "lt_sig_signer_new: no key");
	}
	rc = read_secret(pass, sizeof(pass), o->password_file, err);
	if (rc == LT_OK && o->provider && strncmp(o->provider, "engine:", 7) == 0)
		rc = lt_sig_engine_key(&s->key, &s->engine, o->provider + 7, o->module, o->key,
		                       pass, err);
	else if (rc == LT_OK)
		rc = is_uri(o->key) ? load_uri(s, o, pass, err) : load_pkcs12(s, o->key, pass, err);
	OPENSSL_cleanse(pass, sizeof(pass));
	if (rc == LT_OK && o->cert && *o->cert)
		rc = load_cert_file(s, o->cert, err);
	if (rc == LT_OK && !s->cert)
		rc = lt_error_set(err, LT_EINVAL,
		                  LT_TR("thiếu chứng thư của cơ quan (sign_cert)",
		                        "the agency certificate is missing (sign_cert)"));
	if (rc == LT_OK && X509_check_private_key(s->cert, s->key) != 1)
		rc = lt_error_set(err, LT_EINVAL,
		                  LT_TR("khóa ký không khớp với chứng thư của cơ quan",
		                        "the signing key does not match the agency certificate"));
	if (rc == LT_OK && (X509_cmp_current_time(X509_get0_notAfter(s->cert)) < 0 ||
	                    X509_cmp_current_time(X509_get0_notBefore(s->cert)) > 0))
		rc = lt_error_set(
		    err, LT_ESTATE,
		    LT_TR("chứng thư ký của cơ quan hết hiệu lực hoặc chưa có hiệu lực",
		          "the agency's signing certificate has expired or is not yet "
		          "valid"));
	if (rc == LT_OK)
		rc = lt_ttf_load(&s->font, o->font, err);
	if (rc == LT_OK) {
		char org[256] = "";
		X509_NAME *n = X509_get_subject_name(s->cert);
		int i = X509_NAME_get_index_by_NID(n, NID_organizationName, -1);
		if (i < 0)
			i = X509_NAME_get_index_by_NID(n, NID_commonName, -1);
		if (i >= 0) {
			unsigned char *utf = NULL;
			int len = ASN1_STRING_to_UTF8(
			    &utf, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i)));
			if (len > 0)
				snprintf(org, sizeof(org), "%.*s", len, (const char *)utf);
			OPENSSL_free(utf);
		}
		snprintf(s->agency, sizeof(s->agency), "%s",
		         o->agency_name && *o->agency_name ? o->agency_name : org);
	}
	ERR_clear_error();
	if (rc != LT_OK) {
		lt_sig_signer_free(s);
		return rc;
	}
	*out = s;
	return LT_OK;
}

/* ---- the visible block -------------------------------------------------------- */

typedef struct line {
	int *gids;
	size_t n;
	double width; /* points */
} line;

/* UTF-8 text to the font's glyphs (characters without one become '?'). */
static int to_glyphs(const lt_ttf *f, const char *s, int **gids, size_t *n)
{
	size_t len = strlen(s), k = 0;
	int *g = malloc((len + 1) * sizeof(*g));

	if (!g)
		return LT_ENOMEM;
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t step = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                         (utf8proc_ssize_t)(len - i), &cp);
		int gid;
		if (step <= 0) {
			i++;
			continue;
		}
		i += (size_t)step;
		gid = lt_ttf_glyph(f, (uint32_t)cp);
		/* PDF/A forbids showing .notdef */
		g[k++] = gid ? gid : lt_ttf_glyph(f, '?');
	}
	*gids = g;
	*n = k;
	return LT_OK;
}

static double width_of(const lt_ttf *f, const int *g, size_t n)
{
	double w = 0;
	for (size_t i = 0; i < n; i++)
		w += lt_ttf_advance(f, g[i]) * FONT_SIZE / 1000.0;
	return w;
}

/* The agency's name in lines no wider than MAX_WIDTH (broken at spaces),
 * then the time. */
static int layout(const lt_ttf *f, const char *name, const char *time_iso, line **out, size_t *nl)
{
	line *ls = NULL;
	size_t n = 0;
	int *g = NULL, space = lt_ttf_glyph(f, ' ');
	size_t ng = 0, start = 0;

	*out = NULL;
	*nl = 0;
	if (to_glyphs(f, name, &g, &ng) != LT_OK)
		return LT_ENOMEM;
	while (start < ng) {
		size_t end = start, best = 0;
		line *grown;
		while (end < ng) {
			size_t next = end + 1;
			while (next < ng && g[next] != space)
				next++;
			if (width_of(f, g + start, next - start) > MAX_WIDTH && best)
				break;
			best = next;
			end = next;
		}
		if (!best)
			best = ng;
		if (!(grown = realloc(ls, (n + 2) * sizeof(*ls)))) {
			free(g);
			free(ls);
			return LT_ENOMEM;
		}
		ls = grown;
		ls[n].n = best - start;
		ls[n].gids = malloc((ls[n].n ? ls[n].n : 1) * sizeof(int));
		if (!ls[n].gids) {
			free(g);
			return LT_ENOMEM;
		}
		memcpy(ls[n].gids, g + start, ls[n].n * sizeof(int));
		ls[n].width = width_of(f, ls[n].gids, ls[n].n);
		n++;
		start = best;
		while (start < ng && g[start] == space)
			start++;
	}
	free(g);
	if (!(ls = realloc(ls, (n + 1) * sizeof(*ls))))
		return LT_ENOMEM;
	if (to_glyphs(f, time_iso, &ls[n].gids, &ls[n].n) != LT_OK) {
		free(ls);
		return LT_ENOMEM;
	}
	ls[n].width = width_of(f, ls[n].gids, ls[n].n);
	*out = ls;
	*nl = n + 1;
	return LT_OK;
}

static void lines_free(line *ls, size_t n)
{
	for (size_t i = 0; ls && i < n; i++)
		free(ls[i].gids);
	free(ls);
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* ---- writing the update --------------------------------------------------------- */

typedef struct upd {
	lt_buf b;       /* the whole output: original bytes, then the update */
	uint64_t *offs; /* offset of each written object by number */
	int64_t *nums;  /* the numbers written, in order */
	size_t n;
	int failed;
} upd;

static void begin_obj(upd *u, int64_t num)
{
	int64_t *g = realloc(u->nums, (u->n + 1) * sizeof(*g));
	uint64_t *o = realloc(u->offs, (u->n + 1) * sizeof(*o));
	if (g)
		u->nums = g;
	if (o)
		u->offs = o;
	if (!g || !o) {
		u->failed = 1;
		return;
	}
	u->nums[u->n] = num;
	u->offs[u->n] = u->b.len;
	u->n++;
	if (lt_buf_printf(&u->b, "%lld 0 obj\n", (long long)num) != LT_OK)
		u->failed = 1;
}

static void end_obj(upd *u)
{
	if (lt_buf_puts(&u->b, "\nendobj\n") != LT_OK)
		u->failed = 1;
}

static void put_obj(upd *u, int64_t num, const lt_pdf_obj *o)
{
	begin_obj(u, num);
	if (lt_pdf_write(&u->b, o) != LT_OK)
		u->failed = 1;
	end_obj(u);
}

static void put_stream(upd *u, int64_t num, const char *dict_extra, const void *data, size_t len)
{
	begin_obj(u, num);
	if (lt_buf_printf(&u->b, "<< %s /Length %zu >>\nstream\n", dict_extra, len) != LT_OK ||
	    lt_buf_append(&u->b, data, len) != LT_OK || lt_buf_puts(&u->b, "\nendstream") != LT_OK)
		u->failed = 1;
	end_obj(u);
}

static int cmp_num(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* An array object (by reference or direct) with ref appended: direct
 * arrays are changed in place; a referenced one is written anew. */
static int append_ref(upd *u, lt_pdf_obj *holder, const char *key, int64_t ref,
                      const lt_pdf_xref *x, const char *d, size_t len, lt_error *err)
{
	lt_pdf_obj *v = lt_pdf_dict_get(holder, key);

	if (!v) {
		lt_pdf_obj *a = lt_pdf_new(LT_PDF_ARRAY);
		if (!a || lt_pdf_array_add(a, lt_pdf_new_ref(ref, 0)) != LT_OK) {
			lt_pdf_obj_free(a);
			return lt_error_set(err, LT_ENOMEM, "out of memory");
		}
		return lt_pdf_dict_set(holder, key, a) == LT_OK
		           ? LT_OK
		           : lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	if (v->type == LT_PDF_ARRAY)
		return lt_pdf_array_add(v, lt_pdf_new_ref(ref, 0)) == LT_OK
		           ? LT_OK
		           : lt_error_set(err, LT_ENOMEM, "out of memory");
	if (v->type == LT_PDF_REF) {
		lt_pdf_obj *a = NULL;
		int rc = lt_pdf_xref_get(&a, x, d, len, v->i, err);
		if (rc == LT_OK && a->type == LT_PDF_ARRAY &&
		    lt_pdf_array_add(a, lt_pdf_new_ref(ref, 0)) == LT_OK)
			put_obj(u, v->i, a);
		else if (rc == LT_OK)
			rc = lt_error_set(err, LT_ECORRUPT, "PDF /%s is not an array", key);
		lt_pdf_obj_free(a);
		return rc;
	}
	return lt_error_set(err, LT_ECORRUPT, "PDF /%s is not an array", key);
}

/* The font objects: Type0 (num), CIDFont (+1), descriptor (+2), font file
 * (+3), ToUnicode (+4). */
static int put_font(upd *u, int64_t num, const lt_ttf *f, const line *ls, size_t nl, lt_error *err)
{
	int *all = NULL;
	size_t na = 0, cap = 0;
	lt_buf w = LT_BUF_INIT, cmap = LT_BUF_INIT, sub = LT_BUF_INIT, tmp = LT_BUF_INIT;
	lt_ttf_metrics m;
	char tag[8], fname[96];
	uint32_t h = 2166136261u;
	int rc = LT_OK;

	for (size_t i = 0; i < nl; i++)
		for (size_t k = 0; k < ls[i].n; k++) {
			if (na == cap) {
				int *g = realloc(all, (cap = cap ? 2 * cap : 64) * sizeof(*g));
				if (!g) {
					free(all);
					return lt_error_set(err, LT_ENOMEM, "out of memory");
				}
				all = g;
			}
			all[na++] = ls[i].gids[k];
		}
	qsort(all, na, sizeof(*all), cmp_int);
	{
		size_t k = 0;
		for (size_t i = 0; i < na; i++)
			if (i == 0 || all[i] != all[i - 1])
				all[k++] = all[i];
		na = k;
	}
	/* a subset's name carries a tag of six capitals (ISO 32000-1 §9.6.4) */
	for (size_t i = 0; i < na; i++)
		h = (h ^ (uint32_t)all[i]) * 16777619u;
	for (int i = 0; i < 6; i++, h /= 26)
		tag[i] = (char)('A' + h % 26);
	tag[6] = '\0';
	snprintf(fname, sizeof(fname), "%s+%s", tag, lt_ttf_name(f));
	lt_ttf_get_metrics(f, &m);

	rc = lt_ttf_subset(f, all, na, &sub, err);
	/* widths of the glyphs used, by CID (= glyph id) */
	lt_buf_puts(&w, "[");
	for (size_t i = 0; i < na; i++)
		lt_buf_printf(&w, "%d [%d] ", all[i], lt_ttf_advance(f, all[i]));
	lt_buf_puts(&w, "]");
	/* ToUnicode: each glyph to the character it was chosen for */
	lt_buf_puts(&cmap, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> "
	                   "def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	                   "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	{
		size_t done = 0;
		/* find the character of each glyph: scan the BMP once */
		uint32_t *chr = calloc(na ? na : 1, sizeof(*chr));
		if (!chr)
			rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		for (uint32_t cp = 0x20; rc == LT_OK && cp < 0x10000; cp++) {
			int g = lt_ttf_glyph(f, cp);
			int *hit = g ? bsearch(&g, all, na, sizeof(*all), cmp_int) : NULL;
			if (hit && !chr[hit - all])
				chr[hit - all] = cp;
		}
		for (size_t i = 0; rc == LT_OK && i < na; i++) {
			if (!chr[i])
				continue;
			if (done % 100 == 0) {
				size_t left = 0;
				for (size_t k = i; k < na; k++)
					left += chr[k] != 0;
				lt_buf_printf(&cmap, "%zu beginbfchar\n", left < 100 ? left : 100);
			}
			lt_buf_printf(&cmap, "<%04X> <%04X>\n", (unsigned)all[i], (unsigned)chr[i]);
			if (++done % 100 == 0)
				lt_buf_puts(&cmap, "endbfchar\n");
		}
		if (done % 100)
			lt_buf_puts(&cmap, "endbfchar\n");
		free(chr);
	}
	lt_buf_puts(&cmap, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	if (rc == LT_OK && (!w.data || !cmap.data))
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
	if (rc == LT_OK) {
		begin_obj(u, num);
		lt_buf_printf(&u->b,
		              "<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H "
		              "/DescendantFonts [%lld 0 R] /ToUnicode %lld 0 R >>",
		              fname, (long long)(num + 1), (long long)(num + 4));
		end_obj(u);
		begin_obj(u, num + 1);
		lt_buf_printf(&u->b,
		              "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo "
		              "<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
		              "/FontDescriptor %lld 0 R /CIDToGIDMap /Identity /DW 1000 /W %s >>",
		              fname, (long long)(num + 2), w.data);
		end_obj(u);
		begin_obj(u, num + 2);
		lt_buf_printf(
		    &u->b,
		    "<< /Type /FontDescriptor /FontName /%s /Flags 34 /FontBBox [%d %d %d "
		    "%d] /ItalicAngle %d /Ascent %d /Descent %d /CapHeight %d /StemV 80 "
		    "/FontFile2 %lld 0 R >>",
		    fname, m.bbox[0], m.bbox[1], m.bbox[2], m.bbox[3], (int)m.italic_angle,
		    m.ascent, m.descent, m.cap_height, (long long)(num + 3));
		end_obj(u);
		lt_buf_printf(&tmp, "/Length1 %zu", sub.len);
		put_stream(u, num + 3, tmp.data, sub.data, sub.len);
		put_stream(u, num + 4, "", cmap.data, cmap.len);
	}
	free(all);
	lt_buf_free(&w);
	lt_buf_free(&cmap);
	lt_buf_free(&sub);
	lt_buf_free(&tmp);
	return rc;
}

/* ---- the CMS ---------------------------------------------------------------------- */

static int der_cmp(const void *a, const void *b)
{
	const lt_buf *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->data, y->data, n);
	return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* The signature over the signed attributes' DER SET OF, into si. */
static int sign_attrs(lt_sig_signer *s, CMS_SignerInfo *si)
{
	int n = CMS_signed_get_attr_count(si), rc = -1;
	lt_buf *enc = calloc((size_t)(n > 0 ? n : 1), sizeof(*enc));
	lt_buf set = LT_BUF_INIT;
	size_t total = 0;
	EVP_MD_CTX *mctx = NULL;
	unsigned char *sig = NULL;
	size_t siglen = 0;

	if (!enc || n <= 0)
		goto out;
	for (int i = 0; i < n; i++) {
		unsigned char *der = NULL;
		int l = i2d_X509_ATTRIBUTE(CMS_signed_get_attr(si, i), &der);
		if (l <= 0)
			goto out;
		lt_buf_append(&enc[i], der, (size_t)l);
		OPENSSL_free(der);
		total += (size_t)l;
	}
	qsort(enc, (size_t)n, sizeof(*enc), der_cmp);
	lt_buf_putc(&set, 0x31);
	if (total < 0x80) {
		lt_buf_putc(&set, (char)total);
	} else {
		unsigned char lb[8];
		int k = 0;
		for (size_t t = total; t; t >>= 8)
			lb[k++] = (unsigned char)(t & 0xFF);
		lt_buf_putc(&set, (char)(0x80 | k));
		while (k--)
			lt_buf_putc(&set, (char)lb[k]);
	}
	for (int i = 0; i < n; i++)
		lt_buf_append(&set, enc[i].data, enc[i].len);
	if (!set.data)
		goto out;
	mctx = EVP_MD_CTX_new();
	if (!mctx || EVP_DigestSignInit(mctx, NULL, EVP_sha256(), NULL, s->key) != 1 ||
	    EVP_DigestSign(mctx, NULL, &siglen, (const unsigned char *)set.data, set.len) != 1 ||
	    !(sig = OPENSSL_malloc(siglen)) ||
	    EVP_DigestSign(mctx, sig, &siglen, (const unsigned char *)set.data, set.len) != 1)
		goto out;
	if (ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), sig, (int)siglen) == 1)
		rc = 0;
out:
	for (int i = 0; enc && i < n; i++)
		lt_buf_free(&enc[i]);
	free(enc);
	lt_buf_free(&set);
	EVP_MD_CTX_free(mctx);
	OPENSSL_free(sig);
	return rc;
}

/* The CMS SignedData (PAdES B-B) over the two ranges of data, DER in out. */
static int make_cms(lt_sig_signer *s, const char *data, const uint64_t r[4], lt_buf *out,
                    lt_error *err)
{
	CMS_ContentInfo *cms =
	    CMS_sign(NULL, NULL, NULL, NULL, CMS_PARTIAL | CMS_DETACHED | CMS_BINARY);
	CMS_SignerInfo *si;
	unsigned char dig[EVP_MAX_MD_SIZE];
	unsigned dlen = 0;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ok = 0;

	if (!cms || !md)
		goto out;
	si = CMS_add1_signer(cms, s->cert, s->key, EVP_sha256(),
	                     CMS_PARTIAL | CMS_BINARY | CMS_CADES | CMS_NOSMIMECAP);
	if (!si)
		goto out;
	for (int i = 0; s->chain && i < sk_X509_num(s->chain); i++)
		CMS_add1_cert(cms, sk_X509_value(s->chain, i));
	if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(md, data + r[0], (size_t)r[1]) != 1 ||
	    EVP_DigestUpdate(md, data + r[2], (size_t)r[3]) != 1 ||
	    EVP_DigestFinal_ex(md, dig, &dlen) != 1)
		goto out;
	if (CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT,
	                                OBJ_nid2obj(NID_pkcs7_data), -1) != 1 ||
	    CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, dig,
	                                (int)dlen) != 1)
		goto out;
	if (sign_attrs(s, si) != 0)
		goto out;
	{
		BIO *bio = BIO_new(BIO_s_mem());
		BUF_MEM *bm = NULL;
		if (bio && i2d_CMS_bio(bio, cms) == 1 && BIO_get_mem_ptr(bio, &bm) == 1 && bm &&
		    lt_buf_append(out, bm->data, bm->length) == LT_OK)
			ok = 1;
		BIO_free(bio);
	}
out:
	EVP_MD_CTX_free(md);
	CMS_ContentInfo_free(cms);
	if (!ok) {
		unsigned long e = ERR_get_error();
		char msg[256];
		ERR_error_string_n(e, msg, sizeof(msg));
		ERR_clear_error();
		return lt_error_set(err, LT_ERR,
		                    LT_TR("không tạo được chữ ký CMS: %s", "cannot make the CMS "
		                                                           "signature: %s"),
		                    e ? msg : "?");
	}
	return LT_OK;
}

/* ---- lt_sig_sign ----------------------------------------------------------------------- */

int lt_sig_sign(lt_sig_signer *s, const char *in_pdf, const char *out_pdf, time_t when,
                lt_error *err)
{
	lt_buf in = LT_BUF_INIT, ap = LT_BUF_INIT, cms = LT_BUF_INIT, tmp = LT_BUF_INIT;
	lt_pdf_xref x;
	lt_pdf_obj *page = NULL, *cat = NULL, *acro = NULL;
	int64_t page_num = 0, root_num, n0, sig_num, wid_num, ap_num, font_num, acro_num = 0;
	double box[4];
	line *ls = NULL;
	size_t nl = 0, br_at = 0, contents_at = 0;
	char iso[26], pdfdate[24], field[64];
	upd u;
	int rc;

	memset(&u, 0, sizeof(u));
	memset(&x, 0, sizeof(x));
	if ((rc = lt_fs_read_file(&in, in_pdf, 1ull << 32, err)) != LT_OK)
		return rc;
	if ((rc = lt_pdf_xref_read(&x, in.data, in.len, err)) != LT_OK)
		goto out;
	if ((rc = lt_pdf_first_page(&page_num, &page, box, &x, in.data, in.len, err)) != LT_OK)
		goto out;
	{
		lt_pdf_obj *root = lt_pdf_dict_get(x.trailer, "Root");
		root_num = root->i;
		if ((rc = lt_pdf_xref_get(&cat, &x, in.data, in.len, root_num, err)) != LT_OK)
			goto out;
	}
	lt_pdfa_dates(when, iso, pdfdate);
	if (layout(s->font, s->agency, iso, &ls, &nl) != LT_OK) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto out;
	}
	n0 = (int64_t)x.n;
	sig_num = n0;
	wid_num = n0 + 1;
	ap_num = n0 + 2;
	font_num = n0 + 3; /* + 4 more */
	snprintf(field, sizeof(field), "luutru-agency-%lld", (long long)when);

	/* the original, then the update */
	u.b = in;
	in = (lt_buf)LT_BUF_INIT;
	if (u.b.len && u.b.data[u.b.len - 1] != '\n')
		lt_buf_putc(&u.b, '\n');

	/* the signature value dictionary */
	begin_obj(&u, sig_num);
	lt_buf_puts(&u.b, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
	                  "/ByteRange ");
	br_at = u.b.len;
	lt_buf_puts(&u.b, "[0 0000000000 0000000000 0000000000] /Contents ");
	contents_at = u.b.len;
	lt_buf_putc(&u.b, '<');
	for (size_t i = 0; i < CONTENTS_HEX; i++)
		lt_buf_putc(&u.b, '0');
	lt_buf_printf(&u.b, "> /M (%s) /Name ", pdfdate);
	lt_pdf_text_string(&u.b, s->agency);
	lt_buf_puts(&u.b, " /Reason ");
	lt_pdf_text_string(&u.b, "Chứng thực bản số hóa của cơ quan (NĐ 30/2020/NĐ-CP, Phụ lục I)");
	lt_buf_puts(&u.b, " >>");
	end_obj(&u);

	/* the visible block */
	{
		double w = 0, h = (double)nl * LEADING + 2 * PAD, x0, y0;
		lt_ttf_metrics m;
		for (size_t i = 0; i < nl; i++)
			if (ls[i].width > w)
				w = ls[i].width;
		w += 2 * PAD;
		x0 = box[2] - MARGIN - w;
		y0 = box[3] - MARGIN - h;
		if (x0 < box[0])
			x0 = box[0];
		lt_ttf_get_metrics(s->font, &m);
		lt_buf_puts(&ap, "q\n0 g\nBT\n/F1 10 Tf\n");
		for (size_t i = 0; i < nl; i++) {
			double base = h - PAD - (double)i * LEADING - FONT_SIZE * m.ascent / 1000.0;
			lt_buf_printf(&ap, "1 0 0 1 %.2f %.2f Tm <", PAD, base);
			for (size_t k = 0; k < ls[i].n; k++)
				lt_buf_printf(&ap, "%04X", (unsigned)ls[i].gids[k]);
			lt_buf_puts(&ap, "> Tj\n");
		}
		lt_buf_puts(&ap, "ET\nQ\n");
		begin_obj(&u, wid_num);
		lt_buf_printf(&u.b,
		              "<< /Type /Annot /Subtype /Widget /FT /Sig /T (%s) /V %lld 0 R /F 4 "
		              "/Rect [%.2f %.2f %.2f %.2f] /P %lld 0 R /AP << /N %lld 0 R >> >>",
		              field, (long long)sig_num, x0, y0, x0 + w, y0 + h,
		              (long long)page_num, (long long)ap_num);
		end_obj(&u);
		lt_buf_printf(&tmp,
		              "/Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] /Resources << "
		              "/Font << /F1 %lld 0 R >> >>",
		              w, h, (long long)font_num);
		put_stream(&u, ap_num, tmp.data, ap.data, ap.len);
	}
	if ((rc = put_font(&u, font_num, s->font, ls, nl, err)) != LT_OK)
		goto out;

	/* the form: new, or the document's own with this field added */
	{
		lt_pdf_obj *a = lt_pdf_dict_get(cat, "AcroForm");
		if (!a) {
			acro_num = font_num + 5;
			begin_obj(&u, acro_num);
			lt_buf_printf(&u.b, "<< /Fields [%lld 0 R] /SigFlags 3 >>",
			              (long long)wid_num);
			end_obj(&u);
			lt_pdf_dict_set(cat, "AcroForm", lt_pdf_new_ref(acro_num, 0));
		} else {
			lt_pdf_obj *dict = a;
			if (a->type == LT_PDF_REF) {
				acro_num = a->i;
				if ((rc = lt_pdf_xref_get(&acro, &x, u.b.data, u.b.len, acro_num,
				                          err)) != LT_OK)
					goto out;
				dict = acro;
			}
			if (dict->type != LT_PDF_DICT) {
				rc = lt_error_set(err, LT_ECORRUPT,
				                  "PDF /AcroForm is not a dictionary");
				goto out;
			}
			/* NeedAppearances true is forbidden in PDF/A */
			if (lt_pdf_dict_get(dict, "NeedAppearances"))
				lt_pdf_dict_set(dict, "NeedAppearances", lt_pdf_new(LT_PDF_BOOL));
			lt_pdf_dict_set(dict, "SigFlags", lt_pdf_new_int(3));
			if ((rc = append_ref(&u, dict, "Fields", wid_num, &x, u.b.data, u.b.len,
			                     err)) != LT_OK)
				goto out;
			if (acro)
				put_obj(&u, acro_num, acro);
		}
	}
	if ((rc = append_ref(&u, page, "Annots", wid_num, &x, u.b.data, u.b.len, err)) != LT_OK)
		goto out;
	put_obj(&u, page_num, page);
	put_obj(&u, root_num, cat);
	if (u.failed) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto out;
	}

	/* the cross-reference section: one subsection per run of numbers */
	{
		uint64_t xref_at = u.b.len;
		int64_t size = n0;
		struct pair {
			int64_t num;
			uint64_t off;
		} *pairs = malloc(u.n * sizeof(*pairs));
		if (!pairs) {
			rc = lt_error_set(err, LT_ENOMEM, "out of memory");
			goto out;
		}
		for (size_t i = 0; i < u.n; i++) {
			pairs[i].num = u.nums[i];
			pairs[i].off = u.offs[i];
			if (u.nums[i] + 1 > size)
				size = u.nums[i] + 1;
		}
		qsort(pairs, u.n, sizeof(*pairs), cmp_num);
		lt_buf_puts(&u.b, "xref\n");
		for (size_t i = 0; i < u.n;) {
			size_t j = i;
			while (j + 1 < u.n && pairs[j + 1].num == pairs[j].num + 1)
				j++;
			lt_buf_printf(&u.b, "%lld %zu\n", (long long)pairs[i].num, j - i + 1);
			for (size_t k = i; k <= j; k++)
				lt_buf_printf(&u.b, "%010llu 00000 n \n",
				              (unsigned long long)pairs[k].off);
			i = j + 1;
		}
		free(pairs);
		lt_buf_printf(&u.b, "trailer\n<< /Size %lld /Root %lld 0 R", (long long)size,
		              (long long)root_num);
		{
			lt_pdf_obj *info = lt_pdf_dict_get(x.trailer, "Info");
			lt_pdf_obj *id = lt_pdf_dict_get(x.trailer, "ID");
			if (info) {
				lt_buf_puts(&u.b, " /Info ");
				lt_pdf_write(&u.b, info);
			}
			/* the file's identifier: the first part stays, the second
			 * changes with every revision */
			if (id && id->type == LT_PDF_ARRAY && id->n == 2 &&
			    id->items[0]->type == LT_PDF_STRING) {
				unsigned char h[32];
				lt_buf_puts(&u.b, " /ID [");
				lt_pdf_write(&u.b, id->items[0]);
				EVP_Digest(u.b.data, u.b.len, h, NULL, EVP_sha256(), NULL);
				lt_buf_puts(&u.b, " <");
				for (int i = 0; i < 16; i++)
					lt_buf_printf(&u.b, "%02X", h[i]);
				lt_buf_puts(&u.b, ">]");
			}
		}
		lt_buf_printf(&u.b, " /Prev %llu >>\nstartxref\n%llu\n%%%%EOF\n",
		              (unsigned long long)x.startxref, (unsigned long long)xref_at);
	}
	if (!u.b.data || u.failed) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto out;
	}

	/* the byte range: everything but the /Contents string */
	{
		uint64_t r[4] = {0, contents_at, contents_at + CONTENTS_HEX + 2, 0};
		char brs[64];
		r[3] = u.b.len - r[2];
		snprintf(brs, sizeof(brs), "[0 %010llu %010llu %010llu]", (unsigned long long)r[1],
		         (unsigned long long)r[2], (unsigned long long)r[3]);
		memcpy(u.b.data + br_at, brs, strlen(brs));
		if ((rc = make_cms(s, u.b.data, r, &cms, err)) != LT_OK)
			goto out;
		if (cms.len * 2 > CONTENTS_HEX) {
			rc =
			    lt_error_set(err, LT_ELIMIT,
			                 LT_TR("chữ ký quá lớn (%zu byte) cho chỗ dành sẵn",
			                       "the signature (%zu bytes) is larger than its room"),
			                 cms.len);
			goto out;
		}
		for (size_t i = 0; i < cms.len; i++) {
			static const char hexd[] = "0123456789ABCDEF";
			u.b.data[contents_at + 1 + 2 * i] = hexd[(unsigned char)cms.data[i] >> 4];
			u.b.data[contents_at + 2 + 2 * i] = hexd[(unsigned char)cms.data[i] & 15];
		}
	}
	rc = lt_fs_write_atomic(out_pdf, u.b.data, u.b.len, err);
out:
	lt_buf_free(&in);
	lt_buf_free(&u.b);
	lt_buf_free(&ap);
	lt_buf_free(&cms);
	lt_buf_free(&tmp);
	free(u.offs);
	free(u.nums);
	lines_free(ls, nl);
	lt_pdf_obj_free(page);
	lt_pdf_obj_free(cat);
	lt_pdf_obj_free(acro);
	lt_pdf_xref_free(&x);
	return rc;
}
