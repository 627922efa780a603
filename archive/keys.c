/*
 * archive/keys.c — Ed25519 key pair of a data directory. See keys.h.
 */
#include "archive/keys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "core/buf.h"
#include "core/fs.h"

#define PRIV_NAME "keys/audit-ed25519.pem"
#define PUB_NAME  "keys/audit-ed25519.pub.pem"

static int key_path(lt_buf *out, const char *dir, const char *name, lt_error *err)
{
	if (lt_fs_join(out, dir, name))
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	return 0;
}

int lt_keys_present(const char *data_dir)
{
	lt_buf p = LT_BUF_INIT;
	int present;

	if (key_path(&p, data_dir, PRIV_NAME, NULL))
		return 0;
	present = lt_fs_exists(p.data);
	lt_buf_free(&p);
	return present;
}

/* Write a PEM file through a BIO into a buffer, then atomically. */
static int write_pem(const char *path, EVP_PKEY *pk, int private, mode_t mode, lt_error *err)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *data = NULL;
	long len;
	int ok, rc;

	if (!bio)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	ok = private ? PEM_write_bio_PrivateKey(bio, pk, NULL, NULL, 0, NULL, NULL)
	             : PEM_write_bio_PUBKEY(bio, pk);
	len = BIO_get_mem_data(bio, &data);
	if (!ok || len <= 0) {
		BIO_free(bio);
		return lt_error_set(err, LT_ERR, "PEM_write: %s", path);
	}
	rc = lt_fs_write_atomic(path, data, (size_t)len, err);
	BIO_free(bio);
	if (rc == 0 && chmod(path, mode) != 0)
		rc = lt_error_set(err, LT_EIO, "chmod %s: %s", path, strerror(errno));
	return rc;
}

int lt_keys_ensure(const char *data_dir, lt_error *err)
{
	lt_buf dir = LT_BUF_INIT, priv = LT_BUF_INIT, pub = LT_BUF_INIT;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pk = NULL;
	int rc;

	if ((rc = key_path(&dir, data_dir, "keys", err)) != 0 ||
	    (rc = key_path(&priv, data_dir, PRIV_NAME, err)) != 0 ||
	    (rc = key_path(&pub, data_dir, PUB_NAME, err)) != 0)
		goto out;
	if (lt_fs_exists(priv.data) && lt_fs_exists(pub.data))
		goto out;
	if ((rc = lt_fs_mkdirs(dir.data, err)) != 0)
		goto out;
	chmod(dir.data, 0700);
	ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
	if (!ctx || EVP_PKEY_keygen_init(ctx) <= 0 || EVP_PKEY_keygen(ctx, &pk) <= 0) {
		rc = lt_error_set(
		    err, LT_ERR, "%s",
		    LT_TR("không tạo được khóa Ed25519", "cannot generate the Ed25519 key"));
		goto out;
	}
	/* Private first: a crash between the two leaves no public key, and
	 * the next run makes a fresh pair rather than a mismatched one. */
	if ((rc = write_pem(priv.data, pk, 1, 0600, err)) == 0)
		rc = write_pem(pub.data, pk, 0, 0600, err);
out:
	EVP_PKEY_free(pk);
	EVP_PKEY_CTX_free(ctx);
	lt_buf_free(&dir);
	lt_buf_free(&priv);
	lt_buf_free(&pub);
	return rc;
}

static int read_key(EVP_PKEY **out, const char *data_dir, int private, lt_error *err)
{
	lt_buf p = LT_BUF_INIT;
	FILE *f;
	int rc;

	*out = NULL;
	if ((rc = key_path(&p, data_dir, private ? PRIV_NAME : PUB_NAME, err)) != 0)
		return rc;
	f = fopen(p.data, "r");
	if (!f) {
		rc = lt_error_set(err, errno == ENOENT ? LT_ENOTFOUND : LT_EIO,
		                  LT_TR("không đọc được khóa ký %s: %s (chạy `luutru init` để tạo)",
		                        "cannot read the signing key %s: %s (run `luutru init` to "
		                        "create it)"),
		                  p.data, strerror(errno));
		lt_buf_free(&p);
		return rc;
	}
	*out = private ? PEM_read_PrivateKey(f, NULL, NULL, NULL)
	               : PEM_read_PUBKEY(f, NULL, NULL, NULL);
	fclose(f);
	if (!*out || EVP_PKEY_id(*out) != EVP_PKEY_ED25519) {
		EVP_PKEY_free(*out);
		*out = NULL;
		rc = lt_error_set(err, LT_ECORRUPT,
		                  LT_TR("khóa ký hỏng: %s: không phải khóa Ed25519 PEM",
		                        "damaged signing key: %s: not an Ed25519 PEM key"),
		                  p.data);
	}
	lt_buf_free(&p);
	return rc;
}

int lt_keys_sign(const char *data_dir, const void *msg, size_t len,
                 char sig[LT_KEYS_SIG_HEX_LEN + 1], lt_error *err)
{
	EVP_PKEY *pk = NULL;
	EVP_MD_CTX *md = NULL;
	unsigned char raw[64];
	size_t rawlen = sizeof(raw);
	int rc;

	sig[0] = '\0';
	if ((rc = read_key(&pk, data_dir, 1, err)) != 0)
		return rc;
	md = EVP_MD_CTX_new();
	if (!md || EVP_DigestSignInit(md, NULL, NULL, NULL, pk) <= 0 ||
	    EVP_DigestSign(md, raw, &rawlen, msg, len) <= 0 || rawlen != 64) {
		rc = lt_error_set(err, LT_ERR, "EVP_DigestSign (Ed25519) failed");
	} else {
		for (size_t i = 0; i < rawlen; i++)
			snprintf(sig + 2 * i, 3, "%02x", raw[i]);
	}
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(pk);
	return rc;
}

int lt_keys_verify(const char *data_dir, const void *msg, size_t len, const char *sig,
                   lt_error *err)
{
	EVP_PKEY *pk = NULL;
	EVP_MD_CTX *md = NULL;
	unsigned char raw[64];
	int rc;

	if (!sig || strlen(sig) != LT_KEYS_SIG_HEX_LEN)
		return lt_error_set(err, LT_ECORRUPT, "%s",
		                    LT_TR("chữ ký sai dạng", "malformed signature"));
	for (size_t i = 0; i < 64; i++) {
		unsigned v;
		if (sscanf(sig + 2 * i, "%2x", &v) != 1)
			return lt_error_set(err, LT_ECORRUPT, "%s",
			                    LT_TR("chữ ký sai dạng", "malformed signature"));
		raw[i] = (unsigned char)v;
	}
	if ((rc = read_key(&pk, data_dir, 0, err)) != 0)
		return rc;
	md = EVP_MD_CTX_new();
	if (!md || EVP_DigestVerifyInit(md, NULL, NULL, NULL, pk) <= 0)
		rc = lt_error_set(err, LT_ERR, "EVP_DigestVerifyInit (Ed25519) failed");
	else if (EVP_DigestVerify(md, raw, sizeof(raw), msg, len) != 1)
		rc = lt_error_set(err, LT_ECORRUPT, "%s",
		                  LT_TR("chữ ký không khớp", "signature does not verify"));
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(pk);
	return rc;
}
