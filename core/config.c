/*
 * core/config.c — luutru.conf parsing. See config.h.
 *
 * The key table below is the single list of settings: name, type, default
 * and the largest accepted value. docs/limits.md mirrors it.
 */
#include "core/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fs.h"
#include "core/log.h"
#include "core/netaddr.h"

typedef enum { KT_BOOL, KT_U64, KT_ADDRS, KT_STR } key_type;

typedef struct key_def {
	const char *name;
	key_type type;
	uint64_t def;
	uint64_t max;
	const char *comment;
	const char *def_str; /* KT_STR: the default */
} key_def;

#define GiB (1024ull * 1024 * 1024)

static const key_def KEYS[LT_CONF__COUNT] = {
    [LT_CONF_ISOLATED] = {"isolated", KT_BOOL, 0, 1,
                          "true only on a system with no Internet connection (rule 43)", NULL},
    [LT_CONF_MAX_UPLOAD_BYTES] = {"max_upload_bytes", KT_U64, 512ull * 1024 * 1024, 64 * GiB,
                                  "largest file accepted by ingest / upload", NULL},
    [LT_CONF_MAX_PAGES] = {"max_pages", KT_U64, 2000, 1000000, "pages per document", NULL},
    [LT_CONF_MAX_PIXELS] = {"max_pixels", KT_U64, 100ull * 1000 * 1000, 4000ull * 1000 * 1000,
                            "pixels per page (width x height)", NULL},
    [LT_CONF_MAX_MANIFEST_ROWS] = {"max_manifest_rows", KT_U64, 5000000, 100000000,
                                   "rows of an import manifest", NULL},
    [LT_CONF_MAX_QUERY_BYTES] = {"max_query_bytes", KT_U64, 4096, 1024 * 1024,
                                 "bytes of one search query", NULL},
    [LT_CONF_ARCHIVE_MAX_ENTRIES] = {"archive_max_entries", KT_U64, 1000000, 100000000,
                                     "entries of an imported zip / tar", NULL},
    [LT_CONF_ARCHIVE_MAX_RATIO] = {"archive_max_ratio", KT_U64, 200, 100000,
                                   "expanded / compressed bytes of an imported archive", NULL},
    [LT_CONF_FIXITY_INTERVAL_HOURS] = {"fixity_interval_hours", KT_U64, 168, 24 * 366 * 3,
                                       "hours between fixity checks by luutru serve (0 = off)",
                                       NULL},
    [LT_CONF_OCR_WORKERS] = {"ocr_workers", KT_U64, 0, 64,
                             "OCR worker threads of ingest / import (0 = one per core)", NULL},
    [LT_CONF_HTTP_HEADER_TIMEOUT] = {"http_header_timeout", KT_U64, 10, 3600,
                                     "seconds a connection has to send a whole request "
                                     "head (from its start, or from the last answer)",
                                     NULL},
    [LT_CONF_HTTP_BODY_TIMEOUT] = {"http_body_timeout", KT_U64, 10, 3600,
                                   "seconds of each window in which a request body must "
                                   "arrive at http_body_min_rate",
                                   NULL},
    [LT_CONF_HTTP_BODY_MIN_RATE] = {"http_body_min_rate", KT_U64, 1024, 1ull << 30,
                                    "bytes per second a request body must keep up", NULL},
    [LT_CONF_HTTP_MAX_CONNECTIONS] = {"http_max_connections", KT_U64, 1024, 100000,
                                      "open HTTP connections in all", NULL},
    [LT_CONF_HTTP_MAX_PER_ADDRESS] = {"http_max_connections_per_address", KT_U64, 64, 100000,
                                      "open HTTP connections (or requests, behind a trusted "
                                      "proxy) of one client address",
                                      NULL},
    [LT_CONF_TRUSTED_PROXIES] = {"trusted_proxies", KT_ADDRS, 0, 0,
                                 "reverse proxies whose X-Forwarded-For / X-Forwarded-Proto "
                                 "are believed: addresses or CIDR ranges, e.g. 127.0.0.1, ::1",
                                 NULL},
    [LT_CONF_ICC_PROFILE] = {"icc_profile", KT_STR, 0, 0,
                             "sRGB ICC profile of the PDF/A archival copies (package "
                             "icc-profiles-free); empty: plain PDF, no PDF/A",
                             "/usr/share/color/icc/sRGB.icc"},
    [LT_CONF_OFFICE_PDFA] = {"office_pdfa", KT_BOOL, 1, 1,
                             "PDF/A-2b renditions of office files through LibreOffice, "
                             "when it is installed (docs/formats.md)",
                             NULL},
    [LT_CONF_SIGN_KEY] = {"sign_key", KT_STR, 0, 0,
                          "the agency's signing key: a PKCS#12 file, or a token's URI "
                          "(pkcs11:...) through an OpenSSL provider; empty: digitised "
                          "copies are not signed (docs/signatures.md)",
                          ""},
    [LT_CONF_SIGN_KEY_PASSWORD_FILE] = {"sign_key_password_file", KT_STR, 0, 0,
                                        "file holding the key's password or the token's "
                                        "PIN (mode 0600)",
                                        ""},
    [LT_CONF_SIGN_CERT] = {"sign_cert", KT_STR, 0, 0,
                           "the agency certificate and its chain (PEM), when the key is "
                           "on a token",
                           ""},
    [LT_CONF_SIGN_PROVIDER] = {"sign_provider", KT_STR, 0, 0,
                               "OpenSSL provider that serves a token key (pkcs11), or "
                               "engine:pkcs11 (package libengine-pkcs11-openssl)",
                               ""},
    [LT_CONF_SIGN_MODULE] = {"sign_module", KT_STR, 0, 0,
                             "the token's PKCS#11 module, for the engine (e.g. "
                             "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so)",
                             ""},
    [LT_CONF_SIGN_AGENCY_NAME] = {"sign_agency_name", KT_STR, 0, 0,
                                  "the agency's name in the visible signature; empty: "
                                  "organ_name, else the certificate's organisation",
                                  ""},
    [LT_CONF_SIGN_FONT] = {"sign_font", KT_STR, 0, 0,
                           "TrueType font of the visible signature (Times New Roman's "
                           "metric twin, package fonts-liberation2)",
                           "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"},
    [LT_CONF_TRUST_STORE] = {"trust_store", KT_STR, 0, 0,
                             "directory (or PEM file) of trusted root certificates and CRLs "
                             "for signed documents; relative to the data directory",
                             "trust"},
    [LT_CONF_BACKUP_DIR] = {"backup_dir", KT_STR, 0, 0,
                            "directory of the backup sets made from the web UI (one new "
                            "set per full backup); relative to the data directory; put it on "
                            "other media (rule 40)",
                            "backups"},
};

struct lt_config {
	uint64_t v[LT_CONF__COUNT];
	char *str[LT_CONF__COUNT]; /* KT_ADDRS values as written; NULL = "" */
	int unknown;
};

const char *lt_config_key_name(lt_config_key key)
{
	return key < LT_CONF__COUNT ? KEYS[key].name : "?";
}

lt_config *lt_config_defaults(void)
{
	lt_config *cfg = calloc(1, sizeof(*cfg));

	if (!cfg)
		return NULL;
	for (int i = 0; i < LT_CONF__COUNT; i++)
		cfg->v[i] = KEYS[i].def;
	return cfg;
}

void lt_config_free(lt_config *cfg)
{
	if (!cfg)
		return;
	for (int i = 0; i < LT_CONF__COUNT; i++)
		free(cfg->str[i]);
	free(cfg);
}

static char *trim(char *s)
{
	char *e;

	while (*s && isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int bad_line(lt_error *err, const char *name, size_t line, const char *why_vi,
                    const char *why_en, const char *what)
{
	return lt_error_set(
	    err, LT_EINVAL,
	    LT_TR("cấu hình sai: %s dòng %zu: %s: %s", "bad configuration: %s line %zu: %s: %s"),
	    name, line, LT_TR(why_vi, why_en), what);
}

static int parse_value(const key_def *k, const char *val, uint64_t *out)
{
	char *end = NULL;
	unsigned long long n;

	if (k->type == KT_BOOL) {
		if (!strcmp(val, "true") || !strcmp(val, "yes") || !strcmp(val, "1")) {
			*out = 1;
			return 0;
		}
		if (!strcmp(val, "false") || !strcmp(val, "no") || !strcmp(val, "0")) {
			*out = 0;
			return 0;
		}
		return -1;
	}
	if (!isdigit((unsigned char)val[0]))
		return -1;
	errno = 0;
	n = strtoull(val, &end, 10);
	/* fixity_interval_hours = 0 turns the scheduled fixity check off. */
	if (errno || *end ||
	    (n == 0 && k != &KEYS[LT_CONF_FIXITY_INTERVAL_HOURS] &&
	     k != &KEYS[LT_CONF_OCR_WORKERS]) ||
	    n > k->max)
		return -1;
	*out = n;
	return 0;
}

int lt_config_parse(lt_config **out, const char *text, const char *name, lt_error *err)
{
	lt_config *cfg = lt_config_defaults();
	lt_buf line = LT_BUF_INIT;
	const char *p = text ? text : "";
	size_t lineno = 0;
	int rc = 0;

	*out = NULL;
	if (!cfg)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	while (*p && rc == 0) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *s, *eq, *key, *val;
		int k;

		lineno++;
		lt_buf_reset(&line);
		if (lt_buf_append(&line, p, len)) {
			rc = lt_error_set(err, LT_ENOMEM, "out of memory");
			break;
		}
		p += len + (nl ? 1 : 0);
		s = trim(line.data ? line.data : (char *)"");
		if (!*s || *s == '#')
			continue;
		eq = strchr(s, '=');
		if (!eq) {
			rc = bad_line(err, name, lineno, "thiếu dấu '=' (dạng khóa = giá_trị)",
			              "missing '=' (form: key = value)", s);
			break;
		}
		*eq = '\0';
		key = trim(s);
		val = trim(eq + 1);
		for (k = 0; k < LT_CONF__COUNT; k++)
			if (!strcmp(key, KEYS[k].name))
				break;
		if (k == LT_CONF__COUNT && strcmp(key, "index_shards") == 0)
			continue; /* a list, read by indexer/index.c */
		if (k == LT_CONF__COUNT) {
			cfg->unknown++;
			lt_log_warn("%s line %zu: unknown key '%s' ignored", name, lineno, key);
			continue;
		}
		if (KEYS[k].type == KT_STR) {
			free(cfg->str[k]);
			if (!(cfg->str[k] = strdup(val))) {
				rc = lt_error_set(err, LT_ENOMEM, "out of memory");
				break;
			}
			continue;
		}
		if (KEYS[k].type == KT_ADDRS) {
			lt_netaddr_list *list = NULL;
			lt_error e = LT_ERROR_INIT;
			if (lt_netaddr_list_parse(&list, val, &e) != LT_OK) {
				rc = bad_line(err, name, lineno, "danh sách địa chỉ sai",
				              "bad address list", e.message);
				break;
			}
			lt_netaddr_list_free(list);
			free(cfg->str[k]);
			if (!(cfg->str[k] = strdup(val))) {
				rc = lt_error_set(err, LT_ENOMEM, "out of memory");
				break;
			}
			continue;
		}
		if (parse_value(&KEYS[k], val, &cfg->v[k]) != 0) {
			if (KEYS[k].type == KT_BOOL)
				rc = bad_line(err, name, lineno, "giá trị phải là true hoặc false",
				              "the value must be true or false", key);
			else
				rc = lt_error_set(
				    err, LT_EINVAL,
				    LT_TR("cấu hình sai: %s dòng %zu: %s = '%s': cần số nguyên "
				          "dương từ 1 đến %llu",
				          "bad configuration: %s line %zu: %s = '%s': needs a "
				          "positive integer from 1 to %llu"),
				    name, lineno, key, val, (unsigned long long)KEYS[k].max);
		}
	}
	lt_buf_free(&line);
	if (rc) {
		lt_config_free(cfg);
		return rc;
	}
	*out = cfg;
	return 0;
}

int lt_config_load(lt_config **out, const char *path, lt_error *err)
{
	lt_buf text = LT_BUF_INIT;
	int rc;

	*out = NULL;
	if (!lt_fs_exists(path)) {
		*out = lt_config_defaults();
		return *out ? 0 : lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	if ((rc = lt_fs_read_file(&text, path, 1024 * 1024, err)) != 0)
		return rc;
	rc = lt_config_parse(out, lt_buf_cstr(&text), path, err);
	lt_buf_free(&text);
	return rc;
}

int lt_config_bool(const lt_config *cfg, lt_config_key key)
{
	if (key >= LT_CONF__COUNT)
		return 0;
	return (cfg ? cfg->v[key] : KEYS[key].def) != 0;
}

uint64_t lt_config_u64(const lt_config *cfg, lt_config_key key)
{
	if (key >= LT_CONF__COUNT)
		return 0;
	return cfg ? cfg->v[key] : KEYS[key].def;
}

const char *lt_config_str(const lt_config *cfg, lt_config_key key)
{
	if (key >= LT_CONF__COUNT)
		return "";
	if (!cfg || !cfg->str[key])
		return KEYS[key].def_str ? KEYS[key].def_str : "";
	return cfg->str[key];
}

int lt_config_unknown_keys(const lt_config *cfg)
{
	return cfg ? cfg->unknown : 0;
}

char *lt_config_default_text(void)
{
	lt_buf b = LT_BUF_INIT;
	int rc = lt_buf_puts(&b, "# luutru.conf — settings of this data directory "
	                         "(docs/limits.md).\n# Uncomment a line to change its "
	                         "default.\n");

	for (int i = 0; i < LT_CONF__COUNT && rc == 0; i++) {
		if (KEYS[i].type == KT_BOOL)
			rc = lt_buf_printf(&b, "\n# %s\n# %s = %s\n", KEYS[i].comment, KEYS[i].name,
			                   KEYS[i].def ? "true" : "false");
		else if (KEYS[i].type == KT_ADDRS)
			rc = lt_buf_printf(&b, "\n# %s\n# %s =\n", KEYS[i].comment, KEYS[i].name);
		else if (KEYS[i].type == KT_STR)
			rc = lt_buf_printf(&b, "\n# %s\n# %s = %s\n", KEYS[i].comment, KEYS[i].name,
			                   KEYS[i].def_str ? KEYS[i].def_str : "");
		else
			rc = lt_buf_printf(&b, "\n# %s\n# %s = %llu\n", KEYS[i].comment,
			                   KEYS[i].name, (unsigned long long)KEYS[i].def);
	}
	if (rc) {
		lt_buf_free(&b);
		return NULL;
	}
	return lt_buf_detach(&b);
}
