/*
 * core/config.h — luutru.conf, the settings of one data directory.
 *
 * Format: one `key = value` per line; blank lines and lines starting with
 * '#' are ignored; spaces around key and value are trimmed. Every key has a
 * type (bool, integer, or an address list) and a default (docs/limits.md
 * lists them). A missing file means all
 * defaults. An unknown key is logged as a warning and ignored (a typo must
 * not stop an archive from opening, but it must be seen). A bad value — a
 * bool that is not true/false, a number that is not a positive integer, a
 * line without '=' — is an error naming the file and line (LT_EINVAL), and
 * nothing is loaded.
 *
 * Values are read once; an lt_config is immutable after loading and may be
 * shared between threads.
 */
#ifndef LT_CORE_CONFIG_H
#define LT_CORE_CONFIG_H

#include <stdint.h>

#include "core/error.h"

typedef struct lt_config lt_config;

typedef enum lt_config_key {
	LT_CONF_ISOLATED,              /* bool: declared isolated (rule 43) */
	LT_CONF_MAX_UPLOAD_BYTES,      /* one ingested / uploaded file */
	LT_CONF_MAX_PAGES,             /* pages per document */
	LT_CONF_MAX_PIXELS,            /* pixels per page */
	LT_CONF_MAX_MANIFEST_ROWS,     /* rows of an import manifest */
	LT_CONF_MAX_QUERY_BYTES,       /* a search query */
	LT_CONF_ARCHIVE_MAX_ENTRIES,   /* entries in an imported zip/tar */
	LT_CONF_ARCHIVE_MAX_RATIO,     /* expanded ÷ compressed bytes */
	LT_CONF_FIXITY_INTERVAL_HOURS, /* how often fixity should run */
	LT_CONF_OCR_WORKERS,           /* OCR worker threads, 0 = one per core */
	/* The HTTP service against idle and slow clients (service/http_guard.h) */
	LT_CONF_HTTP_HEADER_TIMEOUT,  /* seconds for a request's head */
	LT_CONF_HTTP_BODY_TIMEOUT,    /* seconds of a body-rate window */
	LT_CONF_HTTP_BODY_MIN_RATE,   /* bytes per second a body must keep */
	LT_CONF_HTTP_MAX_CONNECTIONS, /* open connections in all */
	LT_CONF_HTTP_MAX_PER_ADDRESS, /* ... from one client address */
	LT_CONF_TRUSTED_PROXIES,      /* address list (core/netaddr.h) */
	/* Electronic documents (docs/formats.md, docs/signatures.md) */
	LT_CONF_ICC_PROFILE,            /* path: sRGB profile of PDF/A copies; "" none */
	LT_CONF_OFFICE_PDFA,            /* bool: PDF/A renditions through LibreOffice */
	LT_CONF_SIGN_KEY,               /* PKCS#12 path or provider URI ("pkcs11:...") */
	LT_CONF_SIGN_KEY_PASSWORD_FILE, /* path: the key's password / token PIN */
	LT_CONF_SIGN_CERT,              /* path: certificate chain (PEM), for a token key */
	LT_CONF_SIGN_PROVIDER,          /* OpenSSL provider ("pkcs11") or "engine:pkcs11" */
	LT_CONF_SIGN_MODULE,            /* path: the token's PKCS#11 module (engine) */
	LT_CONF_SIGN_AGENCY_NAME,       /* the name shown in the visible signature */
	LT_CONF_SIGN_FONT,              /* path: TrueType font of the visible signature */
	LT_CONF_TRUST_STORE,            /* path: trusted CA certificates and CRLs */
	/* Backups started from the web UI (docs/backup.md) */
	LT_CONF_BACKUP_DIR, /* path: where their sets are made */
	LT_CONF__COUNT
} lt_config_key;

/* Name of a key as written in luutru.conf. */
const char *lt_config_key_name(lt_config_key key);

/* A config holding only defaults (never NULL except on ENOMEM). */
lt_config *lt_config_defaults(void);
/* Load a file; a missing file gives the defaults. *out is freed with
 * lt_config_free(). */
int lt_config_load(lt_config **out, const char *path, lt_error *err);
/* Parse text (for tests and the API); name is used in messages. */
int lt_config_parse(lt_config **out, const char *text, const char *name, lt_error *err);
void lt_config_free(lt_config *cfg);

/* Typed getters; cfg may be NULL (defaults). */
int lt_config_bool(const lt_config *cfg, lt_config_key key);
uint64_t lt_config_u64(const lt_config *cfg, lt_config_key key);
/* A string key (a path, a URI, a name) or an address-list key as
 * written (checked by lt_netaddr_list_parse when loading); its default
 * ("" for most) when unset. Valid as long as cfg. */
const char *lt_config_str(const lt_config *cfg, lt_config_key key);
/* Number of unknown keys seen while loading (each was logged). */
int lt_config_unknown_keys(const lt_config *cfg);

/* The default file `luutru init` writes: every key, commented. malloc'd. */
char *lt_config_default_text(void);

#endif
