/*
 * archive/signatures/store.h — signature checks in the catalog, and the
 * signer and trust store a data directory's luutru.conf configures
 * (docs/signatures.md).
 *
 *   signature_checks  one row per check of one record file: when, whose
 *                     signatures (origin: "incoming", an ingested file's;
 *                     "agency", luutru's own on a digitised copy), how
 *                     many, the worst result ("none" for an unsigned file)
 *   signatures        one row per signature found: status, reason, signer,
 *                     organisation, serial, issuer, signing time, ...
 *
 * A record's signature summary (lt_sig_record_summary) is the worst
 * result of its checks that found signatures, incoming ones before the
 * agency's; "none" when no check found one: what search filters on
 * (chuky:) and what the web UI's badge shows.
 *
 * Writes name main.* tables and run inside the caller's transaction.
 */
#ifndef LT_ARCHIVE_SIGNATURES_STORE_H
#define LT_ARCHIVE_SIGNATURES_STORE_H

#include <stdint.h>

#include <jansson.h>

#include "archive/archive.h"
#include "archive/catalog.h"
#include "archive/signatures/sig.h"
#include "core/error.h"

#define LT_SIG_ORIGIN_INCOMING "incoming"
#define LT_SIG_ORIGIN_AGENCY   "agency"

/* Store the check of file sha256 of record_id (replacing an earlier one
 * of the same file). */
int lt_sig_store(lt_catalog *cat, int64_t record_id, const char *sha256, const char *origin,
                 const lt_sig_list *l, lt_error *err);

/* "valid", "invalid", "unknown_issuer", "modified", "none", or NULL when
 * the record's files were never checked. *out is malloc'd. */
int lt_sig_record_summary(char **out, lt_catalog *cat, int64_t record_id, lt_error *err);

/* The record's checks, each with its signatures, as a JSON array:
 * [{"file": sha256, "origin", "checked_at", "result", "signatures": [
 *   {"seq", "status", "status_label", "reason", "signer", "organization",
 *    "serial", "issuer", "signing_time", "subfilter", "digest",
 *    "covers_whole", "revocation_checked"}]}]. */
int lt_sig_record_json(json_t **out, lt_catalog *cat, int64_t record_id, lt_error *err);

/* The trust store luutru.conf names (trust_store, relative to the data
 * directory). */
int lt_sig_archive_trust(lt_sig_trust **out, lt_archive *ar, lt_error *err);

/* The agency signer luutru.conf configures (sign_key ...); *out is NULL,
 * and LT_OK returned, when no key is configured. The agency name is
 * sign_agency_name, else the catalog's organ_name setting, else the
 * certificate's organisation. */
int lt_sig_archive_signer(lt_sig_signer **out, lt_archive *ar, lt_error *err);

/* Accept a search value for the signature filter (chuky:), in English or
 * Vietnamese, with or without diacritics ("hợp lệ", "hople", "valid",
 * "bị sửa", "modified", "không rõ", "unknown", "none", "không có", ...);
 * the stored name, or NULL. */
const char *lt_sig_filter_value(const char *typed);

#endif
