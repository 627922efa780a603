/*
 * retention/hold.h — holds (legal / inspection freezes) on dossiers and
 * records.
 *
 * A hold is placed with a reason, by someone, at a time, and stays active
 * until released (released_by, released_at, release_reason are then set;
 * the row is never deleted, so the history stays visible). While a hold is
 * active the held object cannot be destroyed, transferred or reopened.
 * A hold on a dossier covers every record filed in it; a hold on a record
 * blocks the dossier holding it too (a dossier is destroyed or transferred
 * as a whole).
 *
 * Other modules call lt_hold_check() before such a transition; it runs
 * inside their transaction (read-only).
 */
#ifndef LT_RETENTION_HOLD_H
#define LT_RETENTION_HOLD_H

#include <stddef.h>
#include <stdint.h>

#include "archive/catalog.h"
#include "core/error.h"

typedef enum lt_hold_kind { LT_HOLD_DOSSIER = 0, LT_HOLD_RECORD = 1 } lt_hold_kind;

/* "dossier" / "record" → kind; LT_EINVAL otherwise. */
int lt_hold_kind_parse(lt_hold_kind *out, const char *s, lt_error *err);

/* Place a hold; *id_out (may be NULL) receives its id. The object must
 * exist; reason and who must not be empty. One transaction, audited. */
int lt_hold_place(int64_t *id_out, lt_catalog *cat, lt_hold_kind kind, int64_t object_id,
                  const char *reason, const char *who, lt_error *err);
/* Release an active hold. LT_ENOTFOUND / LT_ESTATE (already released). */
int lt_hold_release(lt_catalog *cat, int64_t hold_id, const char *who, const char *reason,
                    lt_error *err);

/* 0 when nothing holds the object; LT_EDENIED with a message naming the
 * hold (id, reason, who, when) when an active hold covers it. */
int lt_hold_check(lt_catalog *cat, lt_hold_kind kind, int64_t object_id, lt_error *err);

typedef struct lt_hold {
	int64_t id;
	char kind[8];
	int64_t object_id;
	char *reason, *placed_by, *placed_at;
	char *released_by, *released_at; /* NULL while active */
} lt_hold;

typedef struct lt_hold_list {
	lt_hold *items;
	size_t n;
} lt_hold_list;

/* All holds (active_only: only active ones), newest first. */
int lt_hold_list_get(lt_hold_list **out, lt_catalog *cat, int active_only, lt_error *err);
void lt_hold_list_free(lt_hold_list *l);

#endif
