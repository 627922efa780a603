/*
 * archive/signatures/store.c — signature checks in the catalog; a data
 * directory's signer and trust store (store.h).
 */
#include "archive/signatures/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/settings.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/fs.h"
#include "core/text.h"

static int prepare(lt_catalog *cat, const char *sql, sqlite3_stmt **st, lt_error *err)
{
	if (sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "signatures");
	return LT_OK;
}

static int step_done(lt_catalog *cat, sqlite3_stmt *st, lt_error *err)
{
	int s = sqlite3_step(st);
	sqlite3_finalize(st);
	return s == SQLITE_DONE ? LT_OK : lt_catalog_error(cat, err, "signatures");
}

static void bind_opt(sqlite3_stmt *st, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

int lt_sig_store(lt_catalog *cat, int64_t record_id, const char *sha256, const char *origin,
                 const lt_sig_list *l, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int worst = lt_sig_overall(l), rc;
	int64_t check_id;

	if ((rc = prepare(cat,
	                  "DELETE FROM main.signature_checks WHERE record_id = ? AND sha256 = ?",
	                  &st, err)) != LT_OK)
		return rc;
	sqlite3_bind_int64(st, 1, record_id);
	sqlite3_bind_text(st, 2, sha256, -1, SQLITE_TRANSIENT);
	if ((rc = step_done(cat, st, err)) != LT_OK)
		return rc;
	if ((rc = prepare(cat,
	                  "INSERT INTO main.signature_checks(record_id, sha256, origin, signatures,"
	                  " result) VALUES (?, ?, ?, ?, ?)",
	                  &st, err)) != LT_OK)
		return rc;
	sqlite3_bind_int64(st, 1, record_id);
	sqlite3_bind_text(st, 2, sha256, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, origin, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)l->n);
	sqlite3_bind_text(st, 5, worst < 0 ? "none" : lt_sig_status_name((lt_sig_status)worst), -1,
	                  SQLITE_STATIC);
	if ((rc = step_done(cat, st, err)) != LT_OK)
		return rc;
	check_id = sqlite3_last_insert_rowid(lt_catalog_db(cat));
	for (size_t i = 0; i < l->n && rc == LT_OK; i++) {
		const lt_sig *s = &l->v[i];
		if ((rc = prepare(cat,
		                  "INSERT INTO main.signatures(check_id, record_id, seq, status,"
		                  " reason, signer, organization, serial, issuer, signing_time,"
		                  " subfilter, digest, covers_whole, revocation_checked)"
		                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		                  &st, err)) != LT_OK)
			return rc;
		sqlite3_bind_int64(st, 1, check_id);
		sqlite3_bind_int64(st, 2, record_id);
		sqlite3_bind_int(st, 3, s->seq);
		sqlite3_bind_text(st, 4, lt_sig_status_name(s->status), -1, SQLITE_STATIC);
		bind_opt(st, 5, s->reason);
		bind_opt(st, 6, s->signer);
		bind_opt(st, 7, s->organization);
		bind_opt(st, 8, s->serial);
		bind_opt(st, 9, s->issuer);
		bind_opt(st, 10, s->signing_time);
		bind_opt(st, 11, s->subfilter);
		bind_opt(st, 12, s->digest);
		sqlite3_bind_int(st, 13, s->covers_whole);
		sqlite3_bind_int(st, 14, s->revocation);
		rc = step_done(cat, st, err);
	}
	return rc;
}

int lt_sig_record_summary(char **out, lt_catalog *cat, int64_t record_id, lt_error *err)
{
	/* checks that found signatures first (a scanned PDF's own unsigned
	 * original does not hide its signed copy), incoming before agency,
	 * then the worst result */
	static const char SQL[] =
	    "SELECT result FROM signature_checks WHERE record_id = ?"
	    " ORDER BY signatures > 0 DESC, origin = 'incoming' DESC,"
	    " CASE result WHEN 'modified' THEN 0 WHEN 'invalid' THEN 1"
	    " WHEN 'unknown_issuer' THEN 2 WHEN 'valid' THEN 3 ELSE 4 END LIMIT 1";
	sqlite3_stmt *st = NULL;
	int rc = prepare(cat, SQL, &st, err), s;

	*out = NULL;
	if (rc != LT_OK)
		return rc;
	sqlite3_bind_int64(st, 1, record_id);
	s = sqlite3_step(st);
	if (s == SQLITE_ROW && sqlite3_column_text(st, 0) &&
	    !(*out = strdup((const char *)sqlite3_column_text(st, 0))))
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
	else if (s != SQLITE_ROW && s != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "signature_checks");
	sqlite3_finalize(st);
	return rc;
}

static json_t *col_str(sqlite3_stmt *st, int i)
{
	const char *v = (const char *)sqlite3_column_text(st, i);
	return v ? json_string(v) : json_null();
}

int lt_sig_record_json(json_t **out, lt_catalog *cat, int64_t record_id, lt_error *err)
{
	sqlite3_stmt *cs = NULL, *ss = NULL;
	json_t *arr = json_array();
	int rc;

	*out = NULL;
	if (!arr)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	if ((rc = prepare(cat,
	                  "SELECT id, sha256, origin, checked_at, result, signatures"
	                  " FROM signature_checks WHERE record_id = ? ORDER BY id",
	                  &cs, err)) != LT_OK ||
	    (rc = prepare(cat,
	                  "SELECT seq, status, reason, signer, organization, serial, issuer,"
	                  " signing_time, subfilter, digest, covers_whole, revocation_checked"
	                  " FROM signatures WHERE check_id = ? ORDER BY seq",
	                  &ss, err)) != LT_OK) {
		sqlite3_finalize(cs);
		json_decref(arr);
		return rc;
	}
	sqlite3_bind_int64(cs, 1, record_id);
	while (sqlite3_step(cs) == SQLITE_ROW) {
		json_t *c = json_object(), *sigs = json_array();
		const char *result = (const char *)sqlite3_column_text(cs, 4);
		int parsed = lt_sig_status_parse(result);
		json_object_set_new(c, "file", col_str(cs, 1));
		json_object_set_new(c, "origin", col_str(cs, 2));
		json_object_set_new(c, "checked_at", col_str(cs, 3));
		json_object_set_new(c, "result", col_str(cs, 4));
		json_object_set_new(c, "result_label",
		                    json_string(parsed >= 0
		                                    ? lt_sig_status_label((lt_sig_status)parsed)
		                                    : LT_TR("không có chữ ký", "not signed")));
		sqlite3_reset(ss);
		sqlite3_bind_int64(ss, 1, sqlite3_column_int64(cs, 0));
		while (sqlite3_step(ss) == SQLITE_ROW) {
			json_t *s = json_object();
			int status = lt_sig_status_parse((const char *)sqlite3_column_text(ss, 1));
			json_object_set_new(s, "seq", json_integer(sqlite3_column_int(ss, 0)));
			json_object_set_new(s, "status", col_str(ss, 1));
			json_object_set_new(
			    s, "status_label",
			    json_string(lt_sig_status_label(status < 0 ? LT_SIG_INVALID
			                                               : (lt_sig_status)status)));
			json_object_set_new(s, "reason", col_str(ss, 2));
			json_object_set_new(s, "signer", col_str(ss, 3));
			json_object_set_new(s, "organization", col_str(ss, 4));
			json_object_set_new(s, "serial", col_str(ss, 5));
			json_object_set_new(s, "issuer", col_str(ss, 6));
			json_object_set_new(s, "signing_time", col_str(ss, 7));
			json_object_set_new(s, "subfilter", col_str(ss, 8));
			json_object_set_new(s, "digest", col_str(ss, 9));
			json_object_set_new(s, "covers_whole",
			                    json_boolean(sqlite3_column_int(ss, 10) != 0));
			json_object_set_new(s, "revocation_checked",
			                    json_boolean(sqlite3_column_int(ss, 11) != 0));
			json_array_append_new(sigs, s);
		}
		json_object_set_new(c, "signatures", sigs);
		json_array_append_new(arr, c);
	}
	sqlite3_finalize(cs);
	sqlite3_finalize(ss);
	*out = arr;
	return LT_OK;
}

/* A luutru.conf path: absolute as written, else under the data directory. */
static int conf_path(lt_buf *out, lt_archive *ar, lt_config_key key)
{
	const char *v = lt_config_str(lt_archive_config(ar), key);

	if (!*v)
		return LT_OK;
	if (v[0] == '/')
		return lt_buf_puts(out, v);
	return lt_fs_join(out, lt_archive_dir(ar), v);
}

int lt_sig_archive_trust(lt_sig_trust **out, lt_archive *ar, lt_error *err)
{
	lt_buf p = LT_BUF_INIT;
	int rc = conf_path(&p, ar, LT_CONF_TRUST_STORE) == LT_OK
	             ? lt_sig_trust_load(out, p.data, err)
	             : lt_error_set(err, LT_ENOMEM, "out of memory");
	lt_buf_free(&p);
	return rc;
}

int lt_sig_archive_signer(lt_sig_signer **out, lt_archive *ar, lt_error *err)
{
	const lt_config *cfg = lt_archive_config(ar);
	lt_buf key = LT_BUF_INIT, pw = LT_BUF_INIT, cert = LT_BUF_INIT;
	char *organ = NULL;
	lt_sig_signer_opts o;
	int rc = LT_OK;

	*out = NULL;
	if (!*lt_config_str(cfg, LT_CONF_SIGN_KEY))
		return LT_OK;
	memset(&o, 0, sizeof(o));
	/* a URI is as written; a file is relative to the data directory */
	{
		const char *k = lt_config_str(cfg, LT_CONF_SIGN_KEY);
		if (strncmp(k, "pkcs11:", 7) == 0 || strstr(k, "://"))
			rc = lt_buf_puts(&key, k);
		else
			rc = conf_path(&key, ar, LT_CONF_SIGN_KEY);
	}
	if (rc == LT_OK)
		rc = conf_path(&pw, ar, LT_CONF_SIGN_KEY_PASSWORD_FILE);
	if (rc == LT_OK)
		rc = conf_path(&cert, ar, LT_CONF_SIGN_CERT);
	if (rc != LT_OK) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto out;
	}
	o.key = key.data;
	o.password_file = pw.data;
	o.cert = cert.data;
	o.provider = lt_config_str(cfg, LT_CONF_SIGN_PROVIDER);
	o.module = lt_config_str(cfg, LT_CONF_SIGN_MODULE);
	o.agency_name = lt_config_str(cfg, LT_CONF_SIGN_AGENCY_NAME);
	o.font = lt_config_str(cfg, LT_CONF_SIGN_FONT);
	if (!*o.agency_name) {
		lt_error ignored = LT_ERROR_INIT;
		if (lt_settings_get(&organ, lt_archive_catalog(ar), LT_SETTING_ORGAN_NAME,
		                    &ignored) == LT_OK)
			o.agency_name = organ;
	}
	rc = lt_sig_signer_new(out, &o, err);
	if (rc != LT_OK)
		lt_error_prefix(err, LT_TR("khóa ký của cơ quan (luutru.conf sign_key)",
		                           "the agency signing key (luutru.conf sign_key)"));
out:
	free(organ);
	lt_buf_free(&key);
	lt_buf_free(&pw);
	lt_buf_free(&cert);
	return rc;
}

const char *lt_sig_filter_value(const char *typed)
{
	static const struct {
		const char *folded, *name;
	} map[] = {
	    {"valid", "valid"},
	    {"hop le", "valid"},
	    {"hople", "valid"},
	    {"invalid", "invalid"},
	    {"khong hop le", "invalid"},
	    {"khonghople", "invalid"},
	    {"unknown_issuer", "unknown_issuer"},
	    {"unknown", "unknown_issuer"},
	    {"khong ro", "unknown_issuer"},
	    {"khongro", "unknown_issuer"},
	    {"modified", "modified"},
	    {"bi sua", "modified"},
	    {"bisua", "modified"},
	    {"none", "none"},
	    {"khong co", "none"},
	    {"khongco", "none"},
	    {"khong", "none"},
	};
	lt_buf f = LT_BUF_INIT;
	const char *found = NULL;

	if (!typed || lt_text_fold(&f, typed, LT_TEXT_STRLEN, NULL) != LT_OK) {
		lt_buf_free(&f);
		return NULL;
	}
	for (size_t i = 0; f.data && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(f.data, map[i].folded) == 0)
			found = map[i].name;
	lt_buf_free(&f);
	return found;
}
