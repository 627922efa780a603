/*
 * archive/keys.h — the data directory's Ed25519 signing key.
 *
 * `luutru init` makes one key pair (OpenSSL EVP_PKEY_ED25519):
 *   <dir>/keys/audit-ed25519.pem      private key, PKCS#8 PEM, mode 0600
 *   <dir>/keys/audit-ed25519.pub.pem  public key, PEM, mode 0600 (the data directory is private)
 * The audit log signs its head hash with it (archive/audit.h). The public
 * key is enough to verify; keep a copy of it off the machine so an
 * attacker who replaces both the log and the key is still caught.
 *
 * lt_keys_ensure() is idempotent: existing keys are kept. Signatures are
 * 64 bytes, handled as 128 lower-case hex characters.
 */
#ifndef LT_ARCHIVE_KEYS_H
#define LT_ARCHIVE_KEYS_H

#include <stddef.h>

#include "core/error.h"

#define LT_KEYS_SIG_HEX_LEN 128

/* Create <dir>/keys and the key pair when missing. */
int lt_keys_ensure(const char *data_dir, lt_error *err);
/* 1 when the private key file exists. */
int lt_keys_present(const char *data_dir);
/* Sign msg with the private key: hex signature into sig. */
int lt_keys_sign(const char *data_dir, const void *msg, size_t len,
                 char sig[LT_KEYS_SIG_HEX_LEN + 1], lt_error *err);
/* 0 when sig is a valid signature of msg under the public key,
 * LT_ECORRUPT when it is not, other errors when the key cannot be read. */
int lt_keys_verify(const char *data_dir, const void *msg, size_t len, const char *sig,
                   lt_error *err);

#endif
