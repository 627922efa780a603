/*
 * archive/signatures/engine.c — a signing key on a token through an
 * OpenSSL ENGINE (docs/signatures.md, "The agency key").
 *
 * In Vietnam agency keys live on USB tokens (PKCS#11). OpenSSL 3 reaches
 * them through a provider (pkcs11-provider: sign.c, OSSL_STORE) or, on
 * Debian 12 where that provider is not packaged, through the engine of
 * libengine-pkcs11-openssl. Engines are deprecated in OpenSSL 3 but
 * supported; this file is the only one that uses the ENGINE API, so the
 * rest of the module stays on current interfaces. The key never leaves
 * the token: EVP_DigestSign (sign.c) sends the digest to it.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "archive/signatures/internal.h"

#include <stdio.h>
#include <string.h>

#include <openssl/engine.h>
#include <openssl/err.h>
#include <openssl/ui.h>

static int pin_cb(char *buf, int size, int rwflag, void *u)
{
	(void)rwflag;
	snprintf(buf, (size_t)size, "%s", (const char *)u);
	return (int)strlen(buf);
}

int lt_sig_engine_key(EVP_PKEY **key, void **engine, const char *engine_id, const char *module,
                      const char *key_id, const char *pin, lt_error *err)
{
	ENGINE *e;
	UI_METHOD *ui;

	*key = NULL;
	*engine = NULL;
	ENGINE_load_builtin_engines();
	e = ENGINE_by_id(engine_id);
	if (!e) {
		ERR_clear_error();
		return lt_error_set(err, LT_EUNSUPPORTED,
		                    LT_TR("không nạp được OpenSSL engine %s (gói "
		                          "libengine-pkcs11-openssl?)",
		                          "cannot load the OpenSSL engine %s (package "
		                          "libengine-pkcs11-openssl?)"),
		                    engine_id);
	}
	if (module && *module && !ENGINE_ctrl_cmd_string(e, "MODULE_PATH", module, 0)) {
		ENGINE_free(e);
		ERR_clear_error();
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("engine %s không nhận mô-đun PKCS#11 %s",
		                          "engine %s does not take the PKCS#11 module %s"),
		                    engine_id, module);
	}
	if (pin && *pin)
		ENGINE_ctrl_cmd_string(e, "PIN", pin, 1);
	if (!ENGINE_init(e)) {
		ENGINE_free(e);
		ERR_clear_error();
		return lt_error_set(
		    err, LT_EUNSUPPORTED,
		    LT_TR("không khởi động được engine %s", "cannot start engine %s"), engine_id);
	}
	ui = UI_UTIL_wrap_read_pem_callback(pin_cb, 0);
	*key = ENGINE_load_private_key(e, key_id, ui, (void *)(pin ? pin : ""));
	UI_destroy_method(ui);
	ENGINE_free(e); /* the functional reference (ENGINE_init) stays */
	if (!*key) {
		ENGINE_finish(e);
		ERR_clear_error();
		return lt_error_set(err, LT_EDENIED,
		                    LT_TR("không lấy được khóa ký %s từ thẻ (mã PIN, mã khóa?)",
		                          "cannot get the signing key %s from the token (PIN, key "
		                          "id?)"),
		                    key_id);
	}
	*engine = e;
	return LT_OK;
}

void lt_sig_engine_release(void *engine)
{
	if (engine)
		ENGINE_finish((ENGINE *)engine);
}
