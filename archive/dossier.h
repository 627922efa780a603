/*
 * archive/dossier.h — dossiers (hồ sơ): opened from a catalog entry,
 * filled with records, closed, then archived, transferred or destroyed.
 *
 * A dossier's code (fileCode) is organ_id.year.notation, e.g.
 * "000.00.00.G09.2024.01.TCCB"; the organ id comes from the settings
 * (archive/settings.h) and opening is refused until it is set.
 *
 * Records are filed by reference (dossier_records): one record may sit in
 * several dossiers without a copy. Ordinals are 1..n in issued-date order
 * (then record id), recomputed on every add and remove (rule 21). The
 * record's own fileCode/docOrdinal fields name its FIRST dossier (the
 * earliest filing still present), so a record shows one home dossier
 * while the others list it too; every change writes index_outbox rows.
 *
 * The lifecycle is one state machine, in dossier.c, with
 * lt_dossier_transition() the only function that changes status.
 *
 * Strings in lt_dossier are owned by it; free it with lt_dossier_free.
 */
#ifndef LT_ARCHIVE_DOSSIER_H
#define LT_ARCHIVE_DOSSIER_H

#include <stdint.h>

#include "archive/catalog.h"
#include "core/buf.h"
#include "core/error.h"

typedef enum lt_dossier_status {
	LT_DOSSIER_OPEN = 0,
	LT_DOSSIER_CLOSED,
	LT_DOSSIER_ARCHIVED,
	LT_DOSSIER_TRANSFERRED,
	LT_DOSSIER_DESTROYED,
	LT_DOSSIER__COUNT
} lt_dossier_status;

/* "open", "closed", ... and back; parse returns LT_EINVAL when unknown. */
const char *lt_dossier_status_name(lt_dossier_status s);
/* Vietnamese (or English) label: "đang mở", "đã đóng", ... */
const char *lt_dossier_status_label(lt_dossier_status s);
int lt_dossier_status_parse(lt_dossier_status *out, const char *name);

/* 1 when the transition from → to is in the table (regardless of the
 * dossier's content). */
int lt_dossier_transition_allowed(lt_dossier_status from, lt_dossier_status to);

typedef struct lt_dossier {
	int64_t id;
	char *uid, *file_code, *organ_id, *notation, *title, *department;
	char *maintenance, *retention_label, *keeper, *language, *mode;
	char *start_date, *end_date, *opened_at, *closed_at;
	int year, retention_years, doc_total, page_total, secrecy;
	lt_dossier_status status;
} lt_dossier;

void lt_dossier_free(lt_dossier *d);

/* Open the dossier for catalog entry `notation` of the (year, department)
 * catalog. LT_ESTATE when the organ id is unset, LT_EEXISTS when it is
 * already open. */
int lt_dossier_open(int64_t *id, lt_catalog *cat, int year, const char *department,
                    const char *notation, const char *who, lt_error *err);

/* A dossier reference — numeric id, fileCode, uid, or a notation that is
 * unique ("01.TCCB") — to its id. */
int lt_dossier_find(int64_t *id, lt_catalog *cat, const char *ref, lt_error *err);

int lt_dossier_load(lt_dossier **out, lt_catalog *cat, int64_t id, lt_error *err);

/* Perform one lifecycle transition (see the diagram in dossier.c):
 * checks the table, the state's preconditions (closing: required
 * metadata; reopening: a reason and an archivist), writes the new status
 * and its timestamp, a dossier_events row and an audit_log row, in one
 * transaction — its own, or (through a savepoint) the caller's when one is
 * open on the connection. A refused transition changes nothing. */
int lt_dossier_transition(lt_catalog *cat, int64_t id, lt_dossier_status to, const char *who,
                          const char *reason, lt_error *err);

/* File a record into an open dossier / take it out. LT_ESTATE (Đ29.4)
 * when the dossier is not open. */
int lt_dossier_add(lt_catalog *cat, int64_t id, int64_t record_id, const char *who, lt_error *err);
int lt_dossier_remove(lt_catalog *cat, int64_t id, int64_t record_id, const char *who,
                      lt_error *err);

/* Edit a descriptive field of an open dossier: title, keeper, language,
 * mode, description, keyword. */
int lt_dossier_set(lt_catalog *cat, int64_t id, const char *field, const char *value,
                   const char *who, lt_error *err);

/* One line per dossier: "id<TAB>fileCode<TAB>status<TAB>docTotal<TAB>title\n";
 * year 0 = every year. */
int lt_dossier_list(lt_buf *out, lt_catalog *cat, int year, lt_error *err);

/* The records of a dossier in ordinal order: ids into *ids (malloc'd). */
int lt_dossier_records(int64_t **ids, size_t *n, lt_catalog *cat, int64_t id, lt_error *err);

/* Mục lục văn bản trong hồ sơ (NĐ 30 Phụ lục V): "html" or "csv". */
int lt_dossier_toc(lt_buf *out, lt_catalog *cat, int64_t id, const char *format, lt_error *err);

#endif
