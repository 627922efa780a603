/*
 * service/ops.h — operations shared by the CLI commands (service/cmd_*.c)
 * and the HTTP handlers (service/api_*.c), so both front doors do exactly
 * the same thing: one place for each multi-step operation and each JSON
 * shape that both print.
 */
#ifndef LT_SERVICE_OPS_H
#define LT_SERVICE_OPS_H

#include <stdint.h>

#include "archive/dossier.h"
#include "core/buf.h"
#include "core/error.h"
#include "retention/disposition.h"

struct json_t;

/* A dossier as JSON (new reference): its fields, status and the ids of its
 * records in ordinal order. */
struct json_t *lt_ops_dossier_json(lt_catalog *cat, const lt_dossier *d);

/* The fields `dossier set` and PATCH /dossiers/{id} take (lt_dossier_fields)
 * as a JSON array of {tag, type, label, maxLength, codes?: [{code, label}]}
 * (new reference). */
struct json_t *lt_ops_dossier_fields_json(void);

/* The lines of lt_dossier_list() as a JSON array of {id, fileCode, status,
 * docTotal, title} (new reference). */
struct json_t *lt_ops_dossier_list_json(const lt_buf *lines);

/* The lines of lt_transfer_list() as a JSON array of {dossierId, fileCode,
 * transferredAt, transferId, package, title} (new reference), for
 * `luutru transfer list --json` and GET /transfers (which drops package,
 * a server path). */
struct json_t *lt_ops_transfer_list_json(const lt_buf *lines);

/* A destruction list as JSON (new reference), the same shape for `luutru
 * dispose list|show --json` and GET /disposition[/{id}]: id, state, what
 * each step recorded (null when not yet), dossierCount, hasReport, and
 * with show "dossiers": [{id, fileCode, title, retention, year, status}]. */
struct json_t *lt_ops_disposition_json(const lt_disposition_list *l);

/* Close, reopen or archive a dossier in one transaction: a held dossier is
 * not reopened (retention/hold.h), and closing fixes the expiry year from
 * the retention schedule in the same commit as the new status
 * (retention/due.h). Nothing changes on error. */
int lt_ops_dossier_transition(lt_catalog *cat, int64_t id, lt_dossier_status to, const char *who,
                              const char *reason, lt_error *err);

#endif
