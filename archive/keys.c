/*
 * archive/keys.c — Ed25519 key pair of a data directory. See keys.h.
 */
#include "archive/keys.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
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

/* The last key read of each kind, kept while its file is unchanged: the
 * audit log signs (and checks the previous seal) at every commit, and
 * parsing a PEM file costs more than the signature. */
static struct key_cache {
	char path[4096];
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	EVP_PKEY *pk;
} cache[2];
static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;

static int same_file(const struct key_cache *c, const char *path, const struct stat *st)
{
	return c->pk && strcmp(c->path, path) == 0 && c->dev == st->st_dev &&
	       c->ino == st->st_ino && c->size == st->st_size &&
	       c->mtime.tv_sec == st->st_mtim.tv_sec && c->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

/* The DER an Ed25519 key's PEM holds is fixed but for its 32 key bytes:
 * PKCS#8 (RFC 8410) for the private key, SubjectPublicKeyInfo for the
 * public one. Taking the bytes directly spares OpenSSL 3's generic
 * decoder, whose first use costs 10-15 ms — more than a whole `luutru
 * search` may take, and every CLI command that writes the audit log reads
 * the key. Anything else in the file falls back to PEM_read_*. */
static const unsigned char PKCS8_ED25519[16] = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06,
                                                0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
static const unsigned char SPKI_ED25519[12] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03,
                                               0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

static EVP_PKEY *raw_key(FILE *f, int private)
{
	const char *begin = private ? "-----BEGIN PRIVATE KEY-----" : "-----BEGIN PUBLIC KEY-----";
	const unsigned char *prefix = private ? PKCS8_ED25519 : SPKI_ED25519;
	size_t plen = private ? sizeof(PKCS8_ED25519) : sizeof(SPKI_ED25519);
	char line[256], b64[256] = "";
	unsigned char der[192];
	int in = 0, n;

	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!in) {
			in = strcmp(line, begin) == 0;
			continue;
		}
		if (strncmp(line, "-----END ", 9) == 0)
			break;
		if (strlen(b64) + strlen(line) >= sizeof(b64))
			return NULL;
		strcat(b64, line);
	}
	if (!in || !b64[0] || strlen(b64) % 4 != 0 || strlen(b64) / 4 * 3 > sizeof(der))
		return NULL;
	n = EVP_DecodeBlock(der, (const unsigned char *)b64, (int)strlen(b64));
	/* EVP_DecodeBlock counts the '=' padding as zero bytes. */
	for (size_t k = strlen(b64); k > 0 && b64[k - 1] == '='; k--)
		n--;
	if (n != (int)plen + 32 || memcmp(der, prefix, plen) != 0)
		return NULL;
	return private ? EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, der + plen, 32)
	               : EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, der + plen, 32);
}

static int read_key(EVP_PKEY **out, const char *data_dir, int private, lt_error *err)
{
	lt_buf p = LT_BUF_INIT;
	struct key_cache *c = &cache[private ? 1 : 0];
	struct stat st;
	FILE *f;
	int rc, have_stat;

	*out = NULL;
	if ((rc = key_path(&p, data_dir, private ? PRIV_NAME : PUB_NAME, err)) != 0)
		return rc;
	have_stat = stat(p.data, &st) == 0;
	pthread_mutex_lock(&cache_mu);
	if (have_stat && same_file(c, p.data, &st) && EVP_PKEY_up_ref(c->pk) == 1)
		*out = c->pk;
	pthread_mutex_unlock(&cache_mu);
	if (*out) {
		lt_buf_free(&p);
		return 0;
	}
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
	*out = raw_key(f, private);
	if (!*out) {
		rewind(f);
		*out = private ? PEM_read_PrivateKey(f, NULL, NULL, NULL)
		               : PEM_read_PUBKEY(f, NULL, NULL, NULL);
	}
	fclose(f);
	if (!*out || EVP_PKEY_id(*out) != EVP_PKEY_ED25519) {
		EVP_PKEY_free(*out);
		*out = NULL;
		rc = lt_error_set(err, LT_ECORRUPT,
		                  LT_TR("khóa ký hỏng: %s: không phải khóa Ed25519 PEM",
		                        "damaged signing key: %s: not an Ed25519 PEM key"),
		                  p.data);
	} else if (have_stat && strlen(p.data) < sizeof(c->path) && EVP_PKEY_up_ref(*out) == 1) {
		pthread_mutex_lock(&cache_mu);
		EVP_PKEY_free(c->pk);
		c->pk = *out;
		snprintf(c->path, sizeof(c->path), "%s", p.data);
		c->dev = st.st_dev;
		c->ino = st.st_ino;
		c->size = st.st_size;
		c->mtime = st.st_mtim;
		pthread_mutex_unlock(&cache_mu);
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
