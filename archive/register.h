/*
 * archive/register.h — sổ đăng ký văn bản đến / đi (NĐ 30 Đ15, Đ22,
 * Phụ lục IV) and their numbering.
 *
 * Promises:
 *  1. Numbers come from luutru only: one counter row per (register, year)
 *     bumped inside BEGIN IMMEDIATE, so two processes never hand out the
 *     same number. The series restarts at 1 on 1 January (the year of the
 *     registration date) and a number is never reused: a voided number
 *     keeps its register_entries row with the reason (the gap's
 *     justification, rule 2).
 *  2. A secret record (records.secrecy > 0) takes a number only from a
 *     secret register, an ordinary record only from an ordinary one
 *     (NĐ 30 Đ15.2, rule 3).
 *  3. The number is written into the record — arrivalNumber (and
 *     arrivalDate when empty) for incoming, codeNumber ("01".."09", "10",
 *     ...) for outgoing — with an index_outbox row, in the same transaction.
 *  4. Duplicates (rule 5): a record whose docId, or (codeNumber,
 *     codeNotation, organName), equals that of a record already holding a
 *     live number in the same register is refused (LT_EEXISTS, naming the
 *     other record); lt_register_duplicates() lists all duplicate groups.
 *
 * The default registers DEN, DI, DEN-MAT, DI-MAT are created on first use.
 */
#ifndef LT_ARCHIVE_REGISTER_H
#define LT_ARCHIVE_REGISTER_H

#include <stdint.h>

#include "archive/catalog.h"
#include "archive/forms/form.h"
#include "core/buf.h"
#include "core/error.h"

typedef struct lt_register_info {
	int64_t id;
	char *code;
	char *name;
	int outgoing; /* 0 incoming (đến), 1 outgoing (đi) */
	int secret;
} lt_register_info;

typedef struct lt_register_list {
	lt_register_info *items;
	size_t n;
} lt_register_list;

/* Create DEN, DI, DEN-MAT, DI-MAT when the table is empty. */
int lt_register_ensure_defaults(lt_catalog *cat, lt_error *err);

int lt_register_create(lt_catalog *cat, const char *code, const char *name, int outgoing,
                       int secret, lt_error *err);

int lt_register_list_all(lt_register_list **out, lt_catalog *cat, lt_error *err);
void lt_register_list_free(lt_register_list *l);

/* Assign the next number of `code` to a record. date (YYYY-MM-DD or
 * DD/MM/YYYY; NULL = today) is the registration date and picks the year. */
int lt_register_assign(int64_t *number, lt_catalog *cat, const char *code, int64_t record_id,
                       const char *date, const char *who, lt_error *err);

/* Void a number (kept, with reason; never reused). */
int lt_register_void(lt_catalog *cat, const char *code, int year, int64_t number,
                     const char *reason, const char *who, lt_error *err);

/* Duplicate groups, one line each into out: "kind<TAB>key<TAB>id,id,..."
 * (kind = docId or number). *groups counts them. */
int lt_register_duplicates(lt_buf *out, size_t *groups, lt_catalog *cat, lt_error *err);

/* The register for a year as the NĐ 30 Phụ lục IV table: format "html"
 * (standalone page, print CSS) or "csv" (UTF-8 with BOM, RFC 4180). */
int lt_register_print(lt_buf *out, lt_catalog *cat, const char *code, int year, const char *format,
                      lt_error *err);

#endif
