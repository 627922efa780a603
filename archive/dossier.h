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

/* The descriptive fields of a dossier that people set (TT 05/2025 hồ sơ,
 * NĐ 30 PL VI III), as data: tag (the TT 05 name, also the JSON key and
 * the `dossier set` key), column, type, maximum length in characters, code
 * list (archive/codelists.c) and labels. */
typedef enum lt_dossier_field_type {
	LT_DF_TEXT,
	LT_DF_CODE,
	LT_DF_BOOL,
	LT_DF_INT,
	LT_DF_DATE,
	LT_DF_RETENTION, /* lt_retention_parse(): code, years, event */
} lt_dossier_field_type;

typedef struct lt_dossier_field {
	const char *tag, *column;
	lt_dossier_field_type type;
	int max_len;
	const char *codelist;
	const char *label_vi, *label_en;
} lt_dossier_field;

/* Every settable field, in display order; *n receives the count. */
const lt_dossier_field *lt_dossier_fields(size_t *n);
const lt_dossier_field *lt_dossier_field_find(const char *tag);

typedef struct lt_dossier {
	int64_t id;
	char *uid, *file_code, *organ_id, *notation, *title, *department;
	char *maintenance, *retention_label, *keeper, *language, *mode;
	char *start_date, *end_date, *opened_at, *closed_at;
	int year, retention_years, doc_total, page_total, secrecy;
	lt_dossier_status status;
	/* TT 05 fields by lt_dossier_fields() index (stored form, NULL unset) */
	char **values;
	size_t nvalues;
	char *retention_event, *retention_event_date, *retention_rule;
	char *archived_at, *kind;
	int64_t deposit_id;      /* 0: not deposited */
	int expiry_year;         /* 0: none (permanent) or not known yet */
	int has_retention_years; /* retention_years is set (0 "until" an event) */
} lt_dossier;

/* The stored value of field tag, or NULL. */
const char *lt_dossier_value(const lt_dossier *d, const char *tag);

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
/* The same inside the caller's transaction (an ingest that files its new
 * record: both or neither); the caller commits or rolls back. */
int lt_dossier_add_in(lt_catalog *cat, int64_t id, int64_t record_id, const char *who,
                      lt_error *err);
int lt_dossier_remove(lt_catalog *cat, int64_t id, int64_t record_id, const char *who,
                      lt_error *err);

/* Edit descriptive fields of an open dossier (lt_dossier_fields()), all or
 * nothing: every value is validated (length, code list, boolean, number,
 * date, retention form) before the catalog is touched; then one
 * transaction writes them with one audit entry per field. An empty value
 * clears an optional field; title cannot be cleared. */
typedef struct lt_dossier_set_kv {
	const char *tag, *value;
} lt_dossier_set_kv;

int lt_dossier_set_fields(lt_catalog *cat, int64_t id, const lt_dossier_set_kv *kv, size_t n,
                          const char *who, lt_error *err);
int lt_dossier_set(lt_catalog *cat, int64_t id, const char *field, const char *value,
                   const char *who, lt_error *err);

/* lt_dossier_transition() with the date the transition took effect
 * (ISO YYYY-MM-DD; NULL = now), for deposits entered afterwards: archiving
 * on a date before the dossier's end date or after today is LT_EINVAL. */
int lt_dossier_transition_at(lt_catalog *cat, int64_t id, lt_dossier_status to, const char *who,
                             const char *reason, const char *date, lt_error *err);

/* TTHC dossiers (QĐ 766, rule 39): an administrative-procedure case,
 * opened with its case code (the one-stop system's mã hồ sơ), the
 * procedure code, the date received and whether the result is issued on
 * paper; fileCode = organ_id.year.case code. Records are filed in it as
 * components (thành phần hồ sơ) or as the result (kết quả giải quyết). */
int lt_dossier_open_tthc(int64_t *id, lt_catalog *cat, const char *case_code, const char *procedure,
                         const char *received, int result_on_paper, const char *title,
                         const char *retention, const char *who, lt_error *err);
/* QĐ 766 (REGULATIONS rule 39): a TTHC dossier d counts as digitised
 * when at least one component has a file attached and, where the result
 * is issued on paper, the result has a file attached too. One SQL
 * expression over dossier row `d`, used by lt_dossier_tthc() and by the
 * statistics (retention/stats.c). */
#define LT_TTHC_COMPONENT_FILED(d)                                                                 \
	"EXISTS (SELECT 1 FROM dossier_records x_ JOIN record_files f_ ON f_.record_id ="          \
	" x_.record_id WHERE x_.dossier_id = " d ".id AND x_.role = 'component')"
#define LT_TTHC_RESULT_FILED(d)                                                                    \
	"EXISTS (SELECT 1 FROM dossier_records x_ JOIN record_files f_ ON f_.record_id ="          \
	" x_.record_id WHERE x_.dossier_id = " d ".id AND x_.role = 'result')"
#define LT_TTHC_DIGITISED(d)                                                                       \
	"(" LT_TTHC_COMPONENT_FILED(d) " AND (coalesce(" d                                         \
	                               ".result_on_paper, 0) = 0 OR " LT_TTHC_RESULT_FILED(d) "))"

typedef struct lt_tthc_flags {
	int components, results; /* records filed in each role */
	int component_filed;     /* ≥ 1 component has a file */
	int result_filed;        /* the result has a file */
	int result_on_paper;
	int digitised; /* LT_TTHC_DIGITISED */
} lt_tthc_flags;

/* The QĐ 766 flags of a TTHC dossier (zeros for any other). */
int lt_dossier_tthc(lt_tthc_flags *out, lt_catalog *cat, int64_t id, lt_error *err);

/* File a record with a role ("component", "result"; NULL = none). */
int lt_dossier_add_role(lt_catalog *cat, int64_t id, int64_t record_id, const char *role,
                        const char *who, lt_error *err);

/* One line per dossier: "id<TAB>fileCode<TAB>status<TAB>docTotal<TAB>title\n";
 * year 0 = every year. */
int lt_dossier_list(lt_buf *out, lt_catalog *cat, int year, lt_error *err);

/* The records of a dossier in ordinal order: ids into *ids (malloc'd). */
int lt_dossier_records(int64_t **ids, size_t *n, lt_catalog *cat, int64_t id, lt_error *err);

/* Mục lục văn bản trong hồ sơ (NĐ 30 Phụ lục V): "html" or "csv". */
int lt_dossier_toc(lt_buf *out, lt_catalog *cat, int64_t id, const char *format, lt_error *err);

#endif
