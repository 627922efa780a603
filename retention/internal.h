/*
 * retention/internal.h — helpers shared by the retention/ files only.
 *
 * lt_ret_audit() appends to the hash-chained audit log (lt_audit_append,
 * archive/audit.h) inside the caller's transaction. Dossier status changes
 * (destroy, transfer) go through the one state machine,
 * lt_dossier_transition() in archive/dossier.h, which joins that
 * transaction too.
 */
#ifndef LT_RETENTION_INTERNAL_H
#define LT_RETENTION_INTERNAL_H

#include <stdint.h>

#include "archive/catalog.h"
#include "archive/schema.h"
#include "core/error.h"

int lt_ret_audit(lt_catalog *cat, const char *who, const char *action, const char *object,
                 const char *detail, lt_error *err);

/* The end of a write transaction: when rc is 0, the audit entry
 * (lt_ret_audit) and the commit; when rc or either of those fails, the
 * rollback. Returns the first failure, else 0. */
int lt_ret_finish(lt_catalog *cat, int rc, const char *who, const char *action, const char *object,
                  const char *detail, lt_error *err);

/* Prepare or fill err with LT_EDB. */
int lt_ret_prepare(lt_catalog *cat, sqlite3_stmt **st, const char *sql, lt_error *err);

/* A scalar integer query with up to one bound int64 (bind < 0: none). */
int lt_ret_int(lt_catalog *cat, const char *sql, int64_t bind, int64_t *out, lt_error *err);

/* Year of an ISO date or time text ("2020-05-01..."), 0 when unparsable. */
int lt_ret_year_of(const char *iso);

#endif
