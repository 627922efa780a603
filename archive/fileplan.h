/*
 * archive/fileplan.h — the annual dossier catalog (danh mục hồ sơ,
 * NĐ 30 Đ28 and Phụ lục V).
 *
 * A catalog belongs to (year, department) — department "" is the whole
 * agency. It holds top-level headings (đề mục) numbered with Roman
 * numerals (the ordinal is stored; the numeral is generated) and carrying
 * an abbreviation (TH, TCCB), and entries "NN.<ABBR>" with a title, a
 * retention (maintenance code 01–07 of TT 05/2025 plus years or a label)
 * and a keeper (người lập hồ sơ).
 *
 * Invariants:
 *  1. Notations are unique in a catalog and follow its numbering mode
 *     (rule 17): "continuous" numbers 01, 02, ... across the catalog;
 *     "per_heading" restarts at 01 under each heading. The ABBR part is the
 *     heading's abbreviation.
 *  2. Every entry has heading, notation, title, retention and keeper
 *     (rule 16).
 *  3. An import is one transaction: a bad row is an LT_EINVAL naming the
 *     row ("dòng 4: ...") and nothing is written.
 *  4. Footer counts (rule 18): a draft catalog prints the counts computed
 *     from its rows. Finalising (lt_fileplan_finalize) records the head who
 *     approved it, the issue date (rule 15) and the footer counts as
 *     declared on the issued catalog — by default the actual counts at
 *     that moment; a finalised catalog prints those recorded counts, takes
 *     no further import and cannot be finalised again. `luutru check`
 *     rule 18 compares the recorded footer with the rows.
 *
 * CSV import format (UTF-8, optional BOM, RFC 4180, header row required):
 *   heading,heading_abbr,notation,title,retention,keeper,note
 * heading      the heading title ("TỔNG HỢP"; a leading "I. " is dropped)
 * heading_abbr its abbreviation; rows with a new heading open the next
 *              Roman numeral
 * notation     "01.TH" or empty (then generated in the catalog's mode)
 * retention    "Vĩnh viễn", "N năm", "N năm sau khi <sự kiện>", "Đến khi
 *              <sự kiện>" or a code 01–06 (lt_retention_parse); may be empty
 *              when `rule` names a schedule rule
 * optional columns, by name:
 * rule         the code of the retention schedule rule the entry follows
 *              (retention_rules.code): its retention when `retention` is
 *              empty, else the two must agree
 * subheading   a sub-heading under the row's heading ("1. Văn bản chung")
 * keeper, note free text; keeper is required
 */
#ifndef LT_ARCHIVE_FILEPLAN_H
#define LT_ARCHIVE_FILEPLAN_H

#include <stddef.h>
#include <stdint.h>

#include "archive/catalog.h"
#include "core/buf.h"
#include "core/error.h"

/* n in 1..3999 → "I", "II", "IV", ... LT_EINVAL outside the range. */
int lt_roman_format(char out[16], int n);
/* "XIV" → 14 (capital letters, canonical form only); LT_EINVAL otherwise. */
int lt_roman_parse(int *out, const char *s);

/* A retention (thời hạn bảo quản): the TT 05/2025 code, a number of years
 * and, for retention counted from an event, the event (REGULATIONS §11):
 *   "Vĩnh viễn"                          01, years 0, no event
 *   "20 năm"                             05, years 20 (70/50/30/20/10 have
 *                                        codes 02–06, other N code 07)
 *   "5 năm sau khi chấm dứt hợp đồng"    07, years 5, event "chấm dứt hợp đồng"
 *   "Đến khi văn bản hết hiệu lực"       07, years 0, event "văn bản hết hiệu lực"
 * The expiry of an event's retention is counted from the year the event
 * happened, once its date is recorded (retention/due.h). */
typedef struct lt_retention {
	char maintenance[3]; /* "01".."07" */
	int years;           /* 0 for permanent, or "until" an event */
	char event[160];     /* the triggering event, or "" */
	char label[256];     /* display text, as the forms above */
} lt_retention;

/* Parse a retention as written in a catalog or by a user: the forms above
 * (diacritics optional; "kể từ khi" also reads as "sau khi") or a code
 * 01–06. Anything else — free text, "abc", a bare 07 — is LT_EINVAL with
 * a message listing the accepted forms. */
int lt_retention_parse(lt_retention *out, const char *text, lt_error *err);
/* The same from stored parts (a schedule rule): LT_EINVAL when they do not
 * agree (a code that is not the years', a permanent rule with an event). */
int lt_retention_set(lt_retention *out, const char *maintenance, int years, const char *event,
                     lt_error *err);
/* The canonical label of r into out. */
void lt_retention_label(const lt_retention *r, char out[256]);

/* Create an empty catalog; numbering is "continuous" (NULL) or
 * "per_heading". LT_EEXISTS when (year, department) has one. */
int lt_fileplan_create(int64_t *id, lt_catalog *cat, int year, const char *department,
                       const char *numbering, const char *who, lt_error *err);

int lt_fileplan_find(int64_t *id, lt_catalog *cat, int year, const char *department, lt_error *err);

/* Import entries from a CSV file into the (year, department) catalog,
 * creating it when missing; refused when it already has entries. */
int lt_fileplan_import_csv(size_t *entries, lt_catalog *cat, int year, const char *department,
                           const char *numbering, const char *path, const char *who, lt_error *err);
/* The same from bytes in memory (name is used in messages). */
int lt_fileplan_import_csv_text(size_t *entries, lt_catalog *cat, int year, const char *department,
                                const char *numbering, const char *text, size_t len,
                                const char *name, const char *who, lt_error *err);

typedef struct lt_fileplan_counts {
	int total, permanent, fixed_term;
} lt_fileplan_counts;

int lt_fileplan_count(lt_fileplan_counts *out, lt_catalog *cat, int64_t fileplan_id, lt_error *err);

/* What finalising recorded; finalized = 0 for a draft (the rest empty). */
typedef struct lt_fileplan_final {
	int finalized;
	lt_fileplan_counts footer; /* the declared footer counts */
	char approved_by[256];
	char issued_date[11]; /* ISO */
	char finalized_by[128];
	char finalized_at[24];
} lt_fileplan_final;

int lt_fileplan_final_get(lt_fileplan_final *out, lt_catalog *cat, int64_t fileplan_id,
                          lt_error *err);

/* Finalise the (year, department) catalog: approved_by (the head who
 * approved it, required), issued_date (ISO, required) and the footer
 * counts as declared on the issued catalog — declared NULL records the
 * actual counts. Refused, changing nothing: no such catalog
 * (LT_ENOTFOUND), no entries or already finalised (LT_ESTATE), a missing
 * approver, a bad date or a negative count (LT_EINVAL). *recorded (may be
 * NULL) receives the counts written. Audited as "fileplan.finalize". */
int lt_fileplan_finalize(lt_fileplan_counts *recorded, lt_catalog *cat, int year,
                         const char *department, const char *approved_by, const char *issued_date,
                         const lt_fileplan_counts *declared, const char *who, lt_error *err);

/* The catalog as the Phụ lục V table with the footer counts (the recorded
 * ones once finalised, else computed from the rows, marked as a draft). */
int lt_fileplan_print(lt_buf *out, lt_catalog *cat, int year, const char *department,
                      const char *format, lt_error *err);

/* ---- amendments (bổ sung, sửa đổi danh mục) --------------------------------
 * A catalog changes during its year: rows are added, amended, headings
 * added. Each change needs a reason and is recorded in fileplan_changes
 * (who, when, field, old → new, why) with an audit entry, in one
 * transaction. A finalised catalog takes amendments too (not imports): its
 * recorded footer follows them (a row added, a row turned permanent), so
 * rule 18 still compares what was declared with the rows. Dossiers already
 * opened from an entry keep what they copied (luutru dossier set). */

typedef struct lt_fileplan_row {
	const char *heading;    /* the top heading's abbreviation (or title) */
	const char *subheading; /* a sub-heading's title under it, or NULL */
	const char *title, *retention, *rule, *keeper, *note;
} lt_fileplan_row;

/* Add a row; its notation is the next number in the catalog's mode
 * (rule 17), written into notation. */
int lt_fileplan_add_entry(char notation[64], lt_catalog *cat, int year, const char *department,
                          const lt_fileplan_row *row, const char *reason, const char *who,
                          lt_error *err);
/* Amend one field of a row: title, retention, rule (the schedule rule; the
 * retention follows it), keeper or note. */
int lt_fileplan_amend(lt_catalog *cat, int year, const char *department, const char *notation,
                      const char *field, const char *value, const char *reason, const char *who,
                      lt_error *err);
/* Several fields of one row, all or nothing (one transaction). */
typedef struct lt_fileplan_kv {
	const char *field, *value;
} lt_fileplan_kv;
int lt_fileplan_amend_fields(lt_catalog *cat, int year, const char *department,
                             const char *notation, const lt_fileplan_kv *kv, size_t n,
                             const char *reason, const char *who, lt_error *err);
/* Add a top heading (parent_abbr NULL; abbr required) or a sub-heading
 * under the top heading parent_abbr (numbered 1, 2, ... under it). */
int lt_fileplan_add_heading(lt_catalog *cat, int year, const char *department, const char *abbr,
                            const char *title, const char *parent_abbr, const char *reason,
                            const char *who, lt_error *err);
/* The changes, oldest first, one line each:
 * "at<TAB>who<TAB>action<TAB>object<TAB>field<TAB>old<TAB>new<TAB>reason\n". */
int lt_fileplan_history(lt_buf *out, lt_catalog *cat, int year, const char *department,
                        lt_error *err);

/* One line per catalog:
 * "year<TAB>department<TAB>numbering<TAB>entries<TAB>issued_date\n", the issue
 * date empty while the catalog is a draft (not finalised). */
int lt_fileplan_list(lt_buf *out, lt_catalog *cat, lt_error *err);

/* The entry id for a notation in the (year, department) catalog. */
int lt_fileplan_entry_find(int64_t *entry_id, lt_catalog *cat, int year, const char *department,
                           const char *notation, lt_error *err);

#endif
