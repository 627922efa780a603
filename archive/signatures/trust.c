/*
 * archive/signatures/trust.c — the operator's trust store: the root
 * certificates whose chains are believed (the government CAs an agency
 * adds) and the CRLs at hand offline. Every file of the directory is read
 * as PEM (any number of certificates and CRLs), else as one DER
 * certificate or CRL; a file that is neither is skipped with a warning
 * (a README in the directory must not stop verification).
 */
#include "archive/signatures/internal.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "core/buf.h"
#include "core/fs.h"
#include "core/log.h"

#define MAX_TRUST_FILES 10000

void lt_sig_trust_free(lt_sig_trust *t)
{
	if (!t)
		return;
	X509_STORE_free(t->store);
	sk_X509_CRL_pop_free(t->crls, X509_CRL_free);
	free(t);
}

size_t lt_sig_trust_anchors(const lt_sig_trust *t)
{
	return t ? t->anchors : 0;
}

size_t lt_sig_trust_crls(const lt_sig_trust *t)
{
	return t && t->crls ? (size_t)sk_X509_CRL_num(t->crls) : 0;
}

static void add_cert(lt_sig_trust *t, X509 *x)
{
	if (X509_STORE_add_cert(t->store, x) == 1)
		t->anchors++;
	X509_free(x);
}

static void add_crl(lt_sig_trust *t, X509_CRL *c)
{
	if (!sk_X509_CRL_push(t->crls, c))
		X509_CRL_free(c);
}

/* One file: PEM objects, else a DER certificate or CRL. */
static void load_file(lt_sig_trust *t, const char *path)
{
	lt_buf b = LT_BUF_INIT;
	int found = 0;

	if (lt_fs_read_file(&b, path, 16u << 20, NULL) != LT_OK || !b.len) {
		lt_buf_free(&b);
		return;
	}
	{
		BIO *bio = BIO_new_mem_buf(b.data, (int)b.len);
		STACK_OF(X509_INFO) *infos =
		    bio ? PEM_X509_INFO_read_bio(bio, NULL, NULL, NULL) : NULL;
		for (int i = 0; infos && i < sk_X509_INFO_num(infos); i++) {
			X509_INFO *xi = sk_X509_INFO_value(infos, i);
			if (xi->x509) {
				X509_up_ref(xi->x509);
				add_cert(t, xi->x509);
				found++;
			}
			if (xi->crl) {
				X509_CRL_up_ref(xi->crl);
				add_crl(t, xi->crl);
				found++;
			}
		}
		sk_X509_INFO_pop_free(infos, X509_INFO_free);
		BIO_free(bio);
	}
	if (!found) {
		const unsigned char *p = (const unsigned char *)b.data;
		X509 *x = d2i_X509(NULL, &p, (long)b.len);
		if (x) {
			add_cert(t, x);
			found++;
		} else {
			X509_CRL *c;
			p = (const unsigned char *)b.data;
			c = d2i_X509_CRL(NULL, &p, (long)b.len);
			if (c) {
				add_crl(t, c);
				found++;
			}
		}
	}
	if (!found)
		lt_log_warn("trust store: %s holds no certificate or CRL, skipped", path);
	lt_buf_free(&b);
}

int lt_sig_trust_load(lt_sig_trust **out, const char *path, lt_error *err)
{
	lt_sig_trust *t = calloc(1, sizeof(*t));
	struct stat st;

	*out = NULL;
	if (!t || !(t->store = X509_STORE_new()) || !(t->crls = sk_X509_CRL_new_null())) {
		lt_sig_trust_free(t);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	if (path && *path && stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			DIR *d = opendir(path);
			struct dirent *de;
			int files = 0;
			while (d && (de = readdir(d)) != NULL && files < MAX_TRUST_FILES) {
				lt_buf f = LT_BUF_INIT;
				if (de->d_name[0] == '.')
					continue;
				files++;
				if (lt_fs_join(&f, path, de->d_name) == LT_OK &&
				    !lt_fs_is_dir(f.data))
					load_file(t, f.data);
				lt_buf_free(&f);
			}
			if (d)
				closedir(d);
		} else {
			load_file(t, path);
		}
	}
	*out = t;
	return LT_OK;
}
