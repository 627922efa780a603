/*
 * archive/fileplan.c — the dossier catalog (see fileplan.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/audit.h"
#include "archive/fields.h"
#include "archive/fileplan.h"
#include "archive/forms/form.h"
#include "archive/register.h"
#include "archive/schema.h"
#include "archive/util.h"
#include "core/date.h"
#include "core/fs.h"
#include "core/text.h"

/* ---- Roman numerals -------------------------------------------------- */

static const struct {
	int value;
	const char *digits;
} ROMAN[] = {{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"},
             {40, "XL"},  {10, "X"},   {9, "IX"},  {5, "V"},    {4, "IV"},  {1, "I"}};

int lt_roman_format(char out[16], int n)
{
	size_t len = 0;

	out[0] = '\0';
	if (n < 1 || n > 3999)
		return LT_EINVAL;
	for (size_t i = 0; i < sizeof(ROMAN) / sizeof(ROMAN[0]); i++) {
		while (n >= ROMAN[i].value) {
			size_t k = strlen(ROMAN[i].digits);
			memcpy(out + len, ROMAN[i].digits, k);
			len += k;
			n -= ROMAN[i].value;
		}
	}
	out[len] = '\0';
	return 0;
}

int lt_roman_parse(int *out, const char *s)
{
	char again[16];

	*out = 0;
	/* Greedy value, then accept only the canonical spelling. */
	for (int n = 0, i = 0; s && s[i];) {
		size_t k;
		for (k = 0; k < sizeof(ROMAN) / sizeof(ROMAN[0]); k++) {
			size_t l = strlen(ROMAN[k].digits);
			if (strncmp(s + i, ROMAN[k].digits, l) == 0) {
				n += ROMAN[k].value;
				i += (int)l;
				break;
			}
		}
		if (k == sizeof(ROMAN) / sizeof(ROMAN[0]) || n > 3999)
			return LT_EINVAL;
		*out = n;
	}
	if (*out == 0 || lt_roman_format(again, *out) != 0 || strcmp(again, s) != 0) {
		*out = 0;
		return LT_EINVAL;
	}
	return 0;
}

/* ---- retention ------------------------------------------------------- */

static const struct {
	int years;
	const char *code;
} YEARS_CODE[] = {{70, "02"}, {50, "03"}, {30, "04"}, {20, "05"}, {10, "06"}};

static void trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	while (s[i] && isspace((unsigned char)s[i]))
		i++;
	memmove(s, s + i, n - i + 1);
}

/* Split s at runs of white space into at most max words (pointers into s,
 * which is modified). */
static size_t split_words(char *s, char **w, size_t max)
{
	size_t n = 0;

	while (*s && n < max) {
		while (*s && isspace((unsigned char)*s))
			*s++ = '\0';
		if (!*s)
			break;
		w[n++] = s;
		while (*s && !isspace((unsigned char)*s))
			s++;
	}
	return n;
}

static int years_of(const char *w, int *n)
{
	char *end;
	long v = strtol(w, &end, 10);

	if (*end || end == w || v < 1 || v > 99)
		return -1;
	*n = (int)v;
	return 0;
}

/* The event: original words [from, n) joined by single spaces. */
static void join_words(char *out, size_t cap, char **w, size_t from, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = from; i < n && len + 1 < cap; i++)
		len += (size_t)snprintf(out + len, cap - len, "%s%s", i > from ? " " : "", w[i]);
}

static const char *code_for_years(int years)
{
	for (size_t i = 0; i < sizeof(YEARS_CODE) / sizeof(YEARS_CODE[0]); i++)
		if (YEARS_CODE[i].years == years)
			return YEARS_CODE[i].code;
	return "07";
}

void lt_retention_label(const lt_retention *r, char out[256])
{
	if (strcmp(r->maintenance, "01") == 0)
		snprintf(out, 256, "Vĩnh viễn");
	else if (r->event[0] && r->years > 0)
		snprintf(out, 256, "%d năm sau khi %s", r->years, r->event);
	else if (r->event[0])
		snprintf(out, 256, "Đến khi %s", r->event);
	else
		snprintf(out, 256, "%d năm", r->years);
}

int lt_retention_set(lt_retention *out, const char *maintenance, int years, const char *event,
                     lt_error *err)
{
	memset(out, 0, sizeof(*out));
	if (event && *event) {
		snprintf(out->event, sizeof(out->event), "%s", event);
		if (years < 0 || years > 99)
			goto bad;
		memcpy(out->maintenance, "07", 3);
		out->years = years;
	} else if (maintenance && strcmp(maintenance, "01") == 0) {
		memcpy(out->maintenance, "01", 3);
	} else if (years >= 1 && years <= 99) {
		memcpy(out->maintenance, code_for_years(years), 3);
		out->years = years;
	} else {
		goto bad;
	}
	if (maintenance && *maintenance && strcmp(maintenance, out->maintenance) != 0)
		goto bad;
	lt_retention_label(out, out->label);
	return 0;
bad:
	return lt_error_set(err, LT_EINVAL, "%s: %s %s, %d, %s",
	                    LT_TR("thời hạn bảo quản không nhất quán", "inconsistent retention"),
	                    LT_TR("mã", "code"), maintenance ? maintenance : "-", years,
	                    event && *event ? event : "-");
}

int lt_retention_parse(lt_retention *out, const char *text, lt_error *err)
{
	lt_buf folded = LT_BUF_INIT;
	char t[200], f[200], *w[40], *fw[40];
	size_t n, fn;
	int rc = 0, years = 0;

	memset(out, 0, sizeof(*out));
	snprintf(t, sizeof(t), "%s", text ? text : "");
	trim(t);
	if (!*t)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("thiếu thời hạn bảo quản", "retention missing"));
	if (strlen(t) == 2 && t[0] == '0' && t[1] >= '1' && t[1] <= '6') {
		memcpy(out->maintenance, t, 3);
		for (size_t i = 0; i < sizeof(YEARS_CODE) / sizeof(YEARS_CODE[0]); i++)
			if (strcmp(YEARS_CODE[i].code, t) == 0)
				out->years = YEARS_CODE[i].years;
		lt_retention_label(out, out->label);
		return 0;
	}
	if ((rc = lt_text_fold(&folded, t, strlen(t), err)) != 0)
		return rc;
	snprintf(f, sizeof(f), "%s", lt_buf_cstr(&folded));
	lt_buf_free(&folded);
	/* Folding keeps the words (it only drops marks and case), so the
	 * folded words and the original ones line up. */
	n = split_words(t, w, 40);
	fn = split_words(f, fw, 40);
	if (n != fn)
		goto refuse;
	if (n == 2 && strcmp(fw[0], "vinh") == 0 && strcmp(fw[1], "vien") == 0) {
		memcpy(out->maintenance, "01", 3);
	} else if (n >= 2 && years_of(fw[0], &years) == 0 && strcmp(fw[1], "nam") == 0) {
		size_t from = 2;
		/* "N năm", "N năm sau khi X", "N năm sau X", "N năm kể từ (khi) X" */
		if (n > 2 && strcmp(fw[2], "sau") == 0)
			from = n > 3 && strcmp(fw[3], "khi") == 0 ? 4 : 3;
		else if (n > 3 && strcmp(fw[2], "ke") == 0 && strcmp(fw[3], "tu") == 0)
			from = n > 4 && strcmp(fw[4], "khi") == 0 ? 5 : 4;
		else if (n > 2)
			goto refuse;
		if (from > 2 && from >= n)
			goto refuse;
		out->years = years;
		if (from < n) {
			memcpy(out->maintenance, "07", 3);
			join_words(out->event, sizeof(out->event), w, from, n);
		} else {
			memcpy(out->maintenance, code_for_years(years), 3);
		}
	} else if (n >= 3 && strcmp(fw[0], "den") == 0 && strcmp(fw[1], "khi") == 0) {
		memcpy(out->maintenance, "07", 3);
		join_words(out->event, sizeof(out->event), w, 2, n);
	} else if (n >= 4 && strcmp(fw[0], "cho") == 0 && strcmp(fw[1], "den") == 0 &&
	           strcmp(fw[2], "khi") == 0) {
		memcpy(out->maintenance, "07", 3);
		join_words(out->event, sizeof(out->event), w, 3, n);
	} else {
		goto refuse;
	}
	lt_retention_label(out, out->label);
	return 0;
refuse:
	memset(out, 0, sizeof(*out));
	return lt_error_set(
	    err, LT_EINVAL, "%s '%s'; %s",
	    LT_TR("không hiểu thời hạn bảo quản", "cannot read the retention"), text,
	    LT_TR("viết theo một trong các dạng: \"Vĩnh viễn\", \"N năm\" (1–99), \"N năm sau "
	          "khi <sự kiện>\" (ví dụ \"5 năm sau khi chấm dứt hợp đồng\"), \"Đến khi <sự "
	          "kiện>\" (ví dụ \"Đến khi văn bản hết hiệu lực\"), hoặc mã 01–06 (TT 05/2025; "
	          "TT 10/2022)",
	          "write one of: \"Vĩnh viễn\" (permanent), \"N năm\" (N years, 1–99), \"N năm "
	          "sau khi <event>\" (e.g. \"5 năm sau khi chấm dứt hợp đồng\"), \"Đến khi "
	          "<event>\" (e.g. \"Đến khi văn bản hết hiệu lực\"), or a code 01–06 (TT "
	          "05/2025; TT 10/2022)"));
}

/* ---- catalogs -------------------------------------------------------- */

int lt_fileplan_find(int64_t *id, lt_catalog *cat, int year, const char *department, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*id = 0;
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT id FROM fileplans WHERE year = ? AND department = ?", -1,
	                       &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "fileplans");
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_text(st, 2, department ? department : "", -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = 0;
	} else {
		rc = lt_error_set(
		    err, LT_ENOTFOUND, "%s %d%s%s",
		    LT_TR("chưa có danh mục hồ sơ năm", "no dossier catalog for year"), year,
		    department && *department ? ", " : "", department ? department : "");
	}
	sqlite3_finalize(st);
	return rc;
}

static int check_numbering(const char *numbering, lt_error *err)
{
	if (!numbering || strcmp(numbering, "continuous") == 0 ||
	    strcmp(numbering, "per_heading") == 0)
		return 0;
	return lt_error_set(err, LT_EINVAL, "%s: %s",
	                    LT_TR("cách đánh số phải là continuous hoặc per_heading",
	                          "numbering must be continuous or per_heading"),
	                    numbering);
}

static int insert_fileplan(int64_t *id, lt_catalog *cat, int year, const char *department,
                           const char *numbering, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "INSERT INTO fileplans(year, department, numbering) VALUES (?, ?, ?)", -1, &st,
	        NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "fileplans");
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_text(st, 2, department ? department : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, numbering ? numbering : "continuous", -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : lt_catalog_error(cat, err, "fileplans");
	sqlite3_finalize(st);
	if (rc == LT_EEXISTS)
		return lt_error_set(
		    err, LT_EEXISTS, "%s %d%s%s",
		    LT_TR("đã có danh mục hồ sơ năm", "a dossier catalog exists for"), year,
		    department && *department ? ", " : "", department ? department : "");
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(lt_catalog_db(cat));
	return rc;
}

int lt_fileplan_create(int64_t *id, lt_catalog *cat, int year, const char *department,
                       const char *numbering, const char *who, lt_error *err)
{
	char obj[300];
	int rc;

	*id = 0;
	if (year < 1900 || year > 9999)
		return lt_error_set(err, LT_EINVAL, "%s: %d",
		                    LT_TR("năm không hợp lệ", "invalid year"), year);
	if ((rc = check_numbering(numbering, err)) != 0)
		return rc;
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	if ((rc = insert_fileplan(id, cat, year, department, numbering, err)) != 0)
		goto fail;
	snprintf(obj, sizeof(obj), "fileplan:%d:%s", year, department ? department : "");
	if ((rc = lt_audit_append(cat, who ? who : "system", "fileplan.create", obj,
	                          numbering ? numbering : "continuous", NULL, err)) != 0)
		goto fail;
	return lt_catalog_commit(cat, err);
fail:
	*id = 0;
	lt_catalog_rollback(cat);
	return rc;
}

/* ---- CSV (RFC 4180) ---------------------------------------------------- */

typedef struct csv_reader {
	const char *p, *end;
	int row; /* 1-based number of the record just read */
} csv_reader;

/* Columns, by name in the header: the first seven are required, the
 * others optional. */
enum { C_HEADING, C_ABBR, C_NOTATION, C_TITLE, C_RETENTION, C_KEEPER, C_NOTE, C_RULE, C_SUB, C_N };
#define C_REQUIRED 7
static const char *const CSV_HEADER[C_N] = {"heading", "heading_abbr", "notation",
                                            "title",   "retention",    "keeper",
                                            "note",    "rule",         "subheading"};
#define CSV_COLS 16

/* Read one record into fields (malloc'd); *n fields. 1 = got a record,
 * 0 = end of input, LT_EINVAL = malformed quoting. */
static int csv_next(csv_reader *r, char **fields, size_t max, size_t *n)
{
	lt_buf cur = LT_BUF_INIT;

	*n = 0;
	if (r->p >= r->end)
		return 0;
	r->row++;
	for (;;) {
		int quoted = 0;
		lt_buf_reset(&cur);
		lt_buf_puts(&cur, "");
		if (r->p < r->end && *r->p == '"') {
			quoted = 1;
			r->p++;
			for (;;) {
				if (r->p >= r->end) {
					lt_buf_free(&cur);
					return LT_EINVAL;
				}
				if (*r->p == '"') {
					if (r->p + 1 < r->end && r->p[1] == '"') {
						lt_buf_putc(&cur, '"');
						r->p += 2;
						continue;
					}
					r->p++;
					break;
				}
				lt_buf_putc(&cur, *r->p++);
			}
		}
		while (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r') {
			if (quoted || *r->p == '"') {
				lt_buf_free(&cur);
				return LT_EINVAL;
			}
			lt_buf_putc(&cur, *r->p++);
		}
		if (*n < max)
			fields[*n] = lt_buf_detach(&cur);
		(*n)++;
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == '\r')
			r->p++;
		if (r->p < r->end && *r->p == '\n')
			r->p++;
		break;
	}
	lt_buf_free(&cur);
	return 1;
}

static void free_fields(char **f, size_t n)
{
	for (size_t i = 0; i < n && i < CSV_COLS; i++) {
		free(f[i]);
		f[i] = NULL;
	}
}

static int row_error(lt_error *err, const char *name, int row, const char *what, const char *value)
{
	char shown[LT_SHORT_MAX];

	lt_ar_shorten(value ? value : "", shown);
	return lt_error_set(
	    err, LT_EINVAL, "%s: %s: %s %d: %s%s%s%s",
	    LT_TR("không nhập được danh mục hồ sơ", "cannot import dossier catalog"), name,
	    LT_TR("dòng", "row"), row, what, value ? " (" : "", value ? shown : "",
	    value ? ")" : "");
}

/* Capital letters (Đ too), digits and '-': "TCCB", "LĐ". */
static int abbr_ok(const char *s)
{
	if (!*s || strlen(s) > 20)
		return 0;
	for (; *s; s++) {
		if ((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-')
			continue;
		if (strncmp(s, "Đ", strlen("Đ")) == 0) {
			s += strlen("Đ") - 1;
			continue;
		}
		return 0;
	}
	return 1;
}

typedef struct heading {
	int64_t id, parent;
	char *title, *abbr; /* abbr: the top heading's, for a sub-heading too */
	int count;          /* entries numbered under a top heading */
	int subs;           /* sub-headings under a top heading */
} heading;

/* The retention of a catalog row: its text, its schedule rule, or both
 * (which must agree). */
static int resolve_retention(lt_catalog *cat, const char *text, const char *rule, lt_retention *out,
                             lt_error *err)
{
	lt_retention from_rule;
	int have_rule = rule && *rule, rc;

	if (have_rule) {
		sqlite3_stmt *st = NULL;
		int found = 0;
		if (sqlite3_prepare_v2(lt_catalog_db(cat),
		                       "SELECT maintenance, years, event FROM retention_rules"
		                       " WHERE code = ?",
		                       -1, &st, NULL) != SQLITE_OK)
			return lt_catalog_error(cat, err, "retention_rules");
		sqlite3_bind_text(st, 1, rule, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW) {
			found = 1;
			rc = lt_retention_set(&from_rule, (const char *)sqlite3_column_text(st, 0),
			                      sqlite3_column_int(st, 1),
			                      (const char *)sqlite3_column_text(st, 2), err);
		}
		sqlite3_finalize(st);
		if (!found)
			return lt_error_set(err, LT_ENOTFOUND, "%s: %s (luutru retention schedule)",
			                    LT_TR("bảng thời hạn bảo quản không có quy tắc",
			                          "the retention schedule has no rule"),
			                    rule);
		if (rc)
			return rc;
	}
	if (!text || !*text) {
		if (!have_rule)
			return lt_error_set(err, LT_EINVAL, "%s",
			                    LT_TR("thiếu thời hạn bảo quản", "retention missing"));
		*out = from_rule;
		return 0;
	}
	if ((rc = lt_retention_parse(out, text, err)) != 0)
		return rc;
	if (have_rule &&
	    (strcmp(out->maintenance, from_rule.maintenance) != 0 ||
	     out->years != from_rule.years || strcmp(out->event, from_rule.event) != 0))
		return lt_error_set(
		    err, LT_EINVAL, "%s '%s' %s %s: '%s'", LT_TR("thời hạn", "retention"),
		    out->label, LT_TR("khác quy tắc", "differs from rule"), rule, from_rule.label);
	return 0;
}

static void bind_retention(sqlite3_stmt *st, int at, const lt_retention *r)
{
	sqlite3_bind_text(st, at, r->maintenance, -1, SQLITE_TRANSIENT);
	if (strcmp(r->maintenance, "01") == 0)
		sqlite3_bind_null(st, at + 1);
	else
		sqlite3_bind_int(st, at + 1, r->years);
	sqlite3_bind_text(st, at + 2, r->label, -1, SQLITE_TRANSIENT);
	if (r->event[0])
		sqlite3_bind_text(st, at + 3, r->event, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, at + 3);
}

#define INSERT_HEADING_SQL                                                                         \
	"INSERT INTO fileplan_headings(fileplan_id, parent_id, ordinal, abbr, title, added_at)"    \
	" VALUES (?, ?, ?, ?, ?, ?)"
#define INSERT_ENTRY_SQL                                                                           \
	"INSERT INTO fileplan_entries(fileplan_id, heading_id, ordinal, notation, title,"          \
	" maintenance, retention_years, retention_label, retention_event, keeper, note,"           \
	" retention_rule, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

static int insert_heading(lt_catalog *cat, sqlite3_stmt *st, int64_t fp, int64_t parent,
                          int ordinal, const char *abbr, const char *title, const char *added,
                          int64_t *id, lt_error *err)
{
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, fp);
	if (parent)
		sqlite3_bind_int64(st, 2, parent);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_int(st, 3, ordinal);
	if (abbr)
		sqlite3_bind_text(st, 4, abbr, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 4);
	sqlite3_bind_text(st, 5, title, -1, SQLITE_TRANSIENT);
	if (added)
		sqlite3_bind_text(st, 6, added, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 6);
	if (sqlite3_step(st) != SQLITE_DONE)
		return lt_catalog_error(cat, err, "fileplan_headings");
	*id = sqlite3_last_insert_rowid(lt_catalog_db(cat));
	return 0;
}

static int insert_entry(lt_catalog *cat, sqlite3_stmt *st, int64_t fp, int64_t heading, int ordinal,
                        const char *notation, const char *title, const lt_retention *ret,
                        const char *keeper, const char *note, const char *rule, const char *added,
                        lt_error *err)
{
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, fp);
	sqlite3_bind_int64(st, 2, heading);
	sqlite3_bind_int(st, 3, ordinal);
	sqlite3_bind_text(st, 4, notation, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, title, -1, SQLITE_TRANSIENT);
	/* 6 maintenance, 7 years, 8 label, 9 event */
	bind_retention(st, 6, ret);
	sqlite3_bind_text(st, 10, keeper, -1, SQLITE_TRANSIENT);
	if (note && *note)
		sqlite3_bind_text(st, 11, note, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 11);
	if (rule && *rule)
		sqlite3_bind_text(st, 12, rule, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 12);
	if (added)
		sqlite3_bind_text(st, 13, added, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 13);
	if (sqlite3_step(st) != SQLITE_DONE)
		return lt_catalog_error(cat, err, "fileplan_entries");
	return 0;
}

/* "I. TỔNG HỢP" → "TỔNG HỢP": the numeral is generated. */
static void drop_numeral(char *title)
{
	char *dot = strchr(title, '.');
	int v;

	if (!dot)
		return;
	*dot = '\0';
	if (lt_roman_parse(&v, title) == 0) {
		memmove(title, dot + 1, strlen(dot + 1) + 1);
		trim(title);
	} else {
		*dot = '.';
	}
}

/* "1. Văn bản chung" → "Văn bản chung" for a sub-heading. */
static void drop_arabic(char *title)
{
	char *p = title;

	while (*p >= '0' && *p <= '9')
		p++;
	if (p > title && *p == '.') {
		memmove(title, p + 1, strlen(p + 1) + 1);
		trim(title);
	}
}

int lt_fileplan_import_csv_text(size_t *entries, lt_catalog *cat, int year, const char *department,
                                const char *numbering, const char *text, size_t len,
                                const char *name, const char *who, lt_error *err)
{
	sqlite3 *db = lt_catalog_db(cat);
	sqlite3_stmt *st = NULL, *ins_h = NULL, *ins_e = NULL;
	csv_reader r;
	char *f[CSV_COLS] = {0};
	int col[C_N];
	heading *hs = NULL;
	size_t nh = 0, ntop = 0, n, ncols, count = 0;
	int64_t fp_id = 0;
	int rc, got, total = 0, per_heading;
	char mode[16], obj[300], detail[64];

	*entries = 0;
	if ((rc = check_numbering(numbering, err)) != 0)
		return rc;
	if (lt_text_validate(text, len, NULL) != 0)
		return lt_error_set(
		    err, LT_EINVAL, "%s: %s: %s",
		    LT_TR("không nhập được danh mục hồ sơ", "cannot import dossier catalog"), name,
		    LT_TR("tệp không phải UTF-8 hợp lệ", "not valid UTF-8"));
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	r.p = text;
	r.end = text + len;
	r.row = 0;
	/* The header names the columns; the required ones in any order. */
	for (int i = 0; i < C_N; i++)
		col[i] = -1;
	got = csv_next(&r, f, CSV_COLS, &n);
	ncols = n;
	for (size_t i = 0; got == 1 && i < n && i < CSV_COLS && rc == 0; i++) {
		int known = -1;
		trim(f[i]);
		for (int k = 0; k < C_N; k++)
			if (strcmp(f[i], CSV_HEADER[k]) == 0)
				known = k;
		if (known < 0 || col[known] >= 0)
			rc =
			    row_error(err, name, 1,
			              known < 0 ? LT_TR("cột không biết (cột nhận được: heading, "
			                                "heading_abbr, notation, title, retention, "
			                                "keeper, note, rule, subheading)",
			                                "unknown column (known: heading, "
			                                "heading_abbr, notation, title, retention, "
			                                "keeper, note, rule, subheading)")
			                        : LT_TR("cột lặp lại", "column given twice"),
			              f[i]);
		else
			col[known] = (int)i;
	}
	for (int k = 0; rc == 0 && k < C_REQUIRED; k++)
		if (got != 1 || col[k] < 0 || n > CSV_COLS)
			rc = row_error(
			    err, name, 1,
			    LT_TR("dòng tiêu đề phải có heading,heading_abbr,notation,title,"
			          "retention,keeper,note (và có thể rule, subheading)",
			          "the header must have heading,heading_abbr,notation,title,"
			          "retention,keeper,note (and may have rule, subheading)"),
			    NULL);
	free_fields(f, n);
	if (rc)
		return rc;

	if ((rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	rc = lt_fileplan_find(&fp_id, cat, year, department, NULL);
	if (rc == LT_ENOTFOUND) {
		if ((rc = insert_fileplan(&fp_id, cat, year, department, numbering, err)) != 0)
			goto fail;
	} else if (rc != 0) {
		rc = lt_catalog_error(cat, err, "fileplans");
		goto fail;
	}
	if (sqlite3_prepare_v2(db,
	                       "SELECT numbering, (SELECT count(*) FROM fileplan_entries WHERE "
	                       "fileplan_id = ?1), finalized_at IS NOT NULL FROM fileplans WHERE "
	                       "id = ?1",
	                       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, fp_id) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		rc = lt_catalog_error(cat, err, "fileplans");
		goto fail;
	}
	snprintf(mode, sizeof(mode), "%s", (const char *)sqlite3_column_text(st, 0));
	if (sqlite3_column_int(st, 1) > 0 || sqlite3_column_int(st, 2)) {
		rc = lt_error_set(
		    err, LT_EEXISTS, "%s: %s %d %s",
		    LT_TR("không nhập được danh mục hồ sơ", "cannot import dossier catalog"),
		    LT_TR("danh mục năm", "the catalog for"), year,
		    LT_TR("đã có hồ sơ; không nhập chồng — bổ sung bằng luutru catalog add",
		          "already has entries; add rows with luutru catalog add"));
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	per_heading = strcmp(mode, "per_heading") == 0;
	if (sqlite3_prepare_v2(db, INSERT_HEADING_SQL, -1, &ins_h, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, INSERT_ENTRY_SQL, -1, &ins_e, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "fileplan_entries");
		goto fail;
	}

	while ((got = csv_next(&r, f, CSV_COLS, &n)) == 1) {
		heading *h = NULL, *top = NULL;
		lt_retention ret;
		lt_error rerr = LT_ERROR_INIT;
		char expect[64], *title, *sub;
		const char *rule, *abbr;
		int number;

		if (n == 1 && f[0][0] == '\0') { /* blank line */
			free_fields(f, n);
			continue;
		}
		if (n != ncols) {
			char cols[64];
			snprintf(cols, sizeof(cols), "%zu/%zu", n, ncols);
			rc =
			    row_error(err, name, r.row,
			              LT_TR("số cột khác dòng tiêu đề", "column count differs from "
			                                                "the header"),
			              cols);
			goto fail_row;
		}
		for (size_t i = 0; i < n; i++)
			trim(f[i]);
		title = f[col[C_HEADING]];
		abbr = f[col[C_ABBR]];
		sub = col[C_SUB] >= 0 ? f[col[C_SUB]] : NULL;
		rule = col[C_RULE] >= 0 ? f[col[C_RULE]] : NULL;
		drop_numeral(title);
		if (!*title) {
			rc = row_error(err, name, r.row,
			               LT_TR("thiếu đề mục (heading)", "heading missing"), NULL);
			goto fail_row;
		}
		if (!abbr_ok(abbr)) {
			rc = row_error(err, name, r.row,
			               LT_TR("chữ viết tắt đề mục phải là chữ in hoa không dấu, số",
			                     "heading_abbr must be capital letters and digits"),
			               abbr);
			goto fail_row;
		}
		for (size_t i = 0; i < nh; i++) {
			if (hs[i].parent)
				continue;
			if (strcmp(hs[i].abbr, abbr) == 0 || strcmp(hs[i].title, title) == 0) {
				if (strcmp(hs[i].abbr, abbr) != 0 ||
				    strcmp(hs[i].title, title) != 0) {
					rc = row_error(
					    err, name, r.row,
					    LT_TR(
					        "đề mục và chữ viết tắt không khớp với dòng trước",
					        "heading and abbreviation disagree with an earlier "
					        "row"),
					    abbr);
					goto fail_row;
				}
				top = &hs[i];
			}
		}
		if (!top || (sub && *sub)) {
			heading *grown = realloc(hs, (nh + 2) * sizeof(*hs));
			if (!grown) {
				rc = lt_error_set(err, LT_ENOMEM, "out of memory");
				goto fail_row;
			}
			hs = grown;
			/* pointers into hs moved with it */
			top = NULL;
			for (size_t i = 0; i < nh; i++)
				if (!hs[i].parent && strcmp(hs[i].abbr, abbr) == 0)
					top = &hs[i];
		}
		if (!top) {
			top = &hs[nh++];
			memset(top, 0, sizeof(*top));
			top->title = strdup(title);
			top->abbr = strdup(abbr);
			if ((rc = insert_heading(cat, ins_h, fp_id, 0, (int)++ntop, abbr, title,
			                         NULL, &top->id, err)) != 0)
				goto fail_row;
		}
		h = top;
		if (sub && *sub) {
			drop_arabic(sub);
			h = NULL;
			for (size_t i = 0; i < nh; i++)
				if (hs[i].parent == top->id && strcmp(hs[i].title, sub) == 0)
					h = &hs[i];
			if (!h) {
				int64_t top_id = top->id;
				int ordinal = ++top->subs;
				h = &hs[nh++];
				memset(h, 0, sizeof(*h));
				h->parent = top_id;
				h->title = strdup(sub);
				h->abbr = strdup(abbr);
				if ((rc = insert_heading(cat, ins_h, fp_id, top_id, ordinal, NULL,
				                         sub, NULL, &h->id, err)) != 0)
					goto fail_row;
				/* hs did not move: room for two was made above */
				for (size_t i = 0; i < nh; i++)
					if (hs[i].id == top_id)
						top = &hs[i];
			}
		}
		top->count++;
		total++;
		number = per_heading ? top->count : total;
		snprintf(expect, sizeof(expect), "%02d.%s", number, top->abbr);
		if (*f[col[C_NOTATION]] && strcmp(f[col[C_NOTATION]], expect) != 0) {
			char what[200];
			snprintf(what, sizeof(what), "%s %s",
			         LT_TR("số và ký hiệu hồ sơ sai thứ tự hoặc sai chữ viết tắt; cần",
			               "dossier notation out of sequence or wrong abbreviation; "
			               "expected"),
			         expect);
			rc = row_error(err, name, r.row, what, f[col[C_NOTATION]]);
			goto fail_row;
		}
		if (!*f[col[C_TITLE]]) {
			rc = row_error(err, name, r.row,
			               LT_TR("thiếu tiêu đề hồ sơ", "dossier title missing"), NULL);
			goto fail_row;
		}
		if (resolve_retention(cat, f[col[C_RETENTION]], rule, &ret, &rerr) != 0) {
			rc = row_error(err, name, r.row, rerr.message, NULL);
			goto fail_row;
		}
		if (!*f[col[C_KEEPER]]) {
			rc = row_error(err, name, r.row,
			               LT_TR("thiếu người lập hồ sơ (keeper)", "keeper missing"),
			               NULL);
			goto fail_row;
		}
		rc = insert_entry(cat, ins_e, fp_id, h->id, total, expect, f[col[C_TITLE]], &ret,
		                  f[col[C_KEEPER]], f[col[C_NOTE]], rule, NULL, err);
		if (rc) {
			if (rc == LT_EEXISTS)
				rc = row_error(err, name, r.row,
				               LT_TR("trùng số và ký hiệu hồ sơ",
				                     "duplicate dossier notation"),
				               expect);
			goto fail_row;
		}
		free_fields(f, n);
		count++;
	}
	if (got < 0) {
		rc = row_error(err, name, r.row,
		               LT_TR("dấu ngoặc kép không đúng quy tắc CSV (RFC 4180)",
		                     "bad CSV quoting (RFC 4180)"),
		               NULL);
		goto fail_row;
	}
	if (count == 0) {
		rc = lt_error_set(
		    err, LT_EINVAL, "%s: %s: %s",
		    LT_TR("không nhập được danh mục hồ sơ", "cannot import dossier catalog"), name,
		    LT_TR("tệp không có dòng hồ sơ nào", "no entry rows"));
		goto fail;
	}
	snprintf(obj, sizeof(obj), "fileplan:%d:%s", year, department ? department : "");
	snprintf(detail, sizeof(detail), "entries=%zu headings=%zu", count, nh);
	if ((rc = lt_audit_append(cat, who ? who : "system", "fileplan.import", obj, detail, NULL,
	                          err)) != 0)
		goto fail;
	sqlite3_finalize(ins_h);
	sqlite3_finalize(ins_e);
	ins_h = ins_e = NULL;
	if ((rc = lt_catalog_commit(cat, err)) != 0)
		goto fail;
	for (size_t i = 0; i < nh; i++) {
		free(hs[i].title);
		free(hs[i].abbr);
	}
	free(hs);
	*entries = count;
	return 0;
fail_row:
	free_fields(f, n);
fail:
	sqlite3_finalize(st);
	sqlite3_finalize(ins_h);
	sqlite3_finalize(ins_e);
	for (size_t i = 0; i < nh; i++) {
		free(hs[i].title);
		free(hs[i].abbr);
	}
	free(hs);
	lt_catalog_rollback(cat);
	return rc;
}

int lt_fileplan_import_csv(size_t *entries, lt_catalog *cat, int year, const char *department,
                           const char *numbering, const char *path, const char *who, lt_error *err)
{
	lt_buf data = LT_BUF_INIT;
	int rc;

	*entries = 0;
	if ((rc = lt_fs_read_file(&data, path, 16u << 20, err)) != 0)
		return rc;
	rc = lt_fileplan_import_csv_text(entries, cat, year, department, numbering,
	                                 data.data ? data.data : "", data.len, lt_ar_basename(path),
	                                 who, err);
	lt_buf_free(&data);
	return rc;
}

int lt_fileplan_count(lt_fileplan_counts *out, lt_catalog *cat, int64_t fileplan_id, lt_error *err)
{
	sqlite3_stmt *st = NULL;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT count(*), count(*) FILTER (WHERE maintenance = '01') FROM "
	                       "fileplan_entries WHERE fileplan_id = ?",
	                       -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "fileplan_entries");
	sqlite3_bind_int64(st, 1, fileplan_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->total = sqlite3_column_int(st, 0);
		out->permanent = sqlite3_column_int(st, 1);
		out->fixed_term = out->total - out->permanent;
	}
	sqlite3_finalize(st);
	return 0;
}

int lt_fileplan_final_get(lt_fileplan_final *out, lt_catalog *cat, int64_t fileplan_id,
                          lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT finalized_at, finalized_by, approved_by, issued_date,"
	                       " footer_total, footer_permanent, footer_fixed_term FROM fileplans"
	                       " WHERE id = ?",
	                       -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "fileplans");
	sqlite3_bind_int64(st, 1, fileplan_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = lt_error_set(err, LT_ENOTFOUND, "%s %lld",
		                  LT_TR("không có danh mục hồ sơ", "no dossier catalog"),
		                  (long long)fileplan_id);
	} else if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
#define COL(i) (sqlite3_column_text(st, i) ? (const char *)sqlite3_column_text(st, i) : "")
		out->finalized = 1;
		snprintf(out->finalized_at, sizeof(out->finalized_at), "%s", COL(0));
		snprintf(out->finalized_by, sizeof(out->finalized_by), "%s", COL(1));
		snprintf(out->approved_by, sizeof(out->approved_by), "%s", COL(2));
		snprintf(out->issued_date, sizeof(out->issued_date), "%.10s", COL(3));
#undef COL
		out->footer.total = sqlite3_column_int(st, 4);
		out->footer.permanent = sqlite3_column_int(st, 5);
		out->footer.fixed_term = sqlite3_column_int(st, 6);
	}
	sqlite3_finalize(st);
	return rc;
}

static int finalize_refused(lt_error *err, int code, int year, const char *department,
                            const char *why)
{
	return lt_error_set(
	    err, code, "%s %d%s%s: %s",
	    LT_TR("không chốt được danh mục hồ sơ năm", "cannot finalise the dossier catalog for"),
	    year, department && *department ? ", " : "", department ? department : "", why);
}

int lt_fileplan_finalize(lt_fileplan_counts *recorded, lt_catalog *cat, int year,
                         const char *department, const char *approved_by, const char *issued_date,
                         const lt_fileplan_counts *declared, const char *who, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_fileplan_counts actual, footer;
	lt_fileplan_final final;
	lt_buf approver = LT_BUF_INIT;
	lt_date issued;
	lt_error derr = LT_ERROR_INIT;
	char obj[300], detail[600], iso[11];
	int64_t fp_id;
	int rc;

	if (recorded)
		memset(recorded, 0, sizeof(*recorded));
	if (!approved_by || lt_text_validate(approved_by, strlen(approved_by), NULL) != 0 ||
	    lt_text_nfc(&approver, approved_by, strlen(approved_by), NULL) != 0)
		return finalize_refused(
		    err, LT_EINVAL, year, department,
		    LT_TR("cần người phê duyệt (thủ trưởng cơ quan, --approved-by)",
		          "the approving head is needed (--approved-by)"));
	if (approver.data)
		trim(approver.data);
	if (!approver.data || !*approver.data ||
	    strlen(approver.data) >= sizeof(final.approved_by)) {
		lt_buf_free(&approver);
		return finalize_refused(
		    err, LT_EINVAL, year, department,
		    LT_TR("người phê duyệt trống hoặc quá dài (tối đa 255 byte)",
		          "the approver is empty or too long (at most 255 bytes)"));
	}
	if (!issued_date || lt_date_parse_iso(&issued, issued_date, &derr) != 0) {
		lt_buf_free(&approver);
		return lt_error_set(err, LT_EINVAL, "%s %d: %s: %s",
		                    LT_TR("không chốt được danh mục hồ sơ năm",
		                          "cannot finalise the dossier catalog for"),
		                    year,
		                    LT_TR("ngày ban hành phải có dạng YYYY-MM-DD",
		                          "the issue date must be YYYY-MM-DD"),
		                    issued_date ? issued_date : "");
	}
	lt_date_format_iso(&issued, iso);
	if (declared &&
	    (declared->total < 0 || declared->permanent < 0 || declared->fixed_term < 0)) {
		lt_buf_free(&approver);
		return finalize_refused(
		    err, LT_EINVAL, year, department,
		    LT_TR("số liệu tổng kết không được âm", "footer counts cannot be negative"));
	}
	if ((rc = lt_catalog_begin(cat, err)) != 0) {
		lt_buf_free(&approver);
		return rc;
	}
	if ((rc = lt_fileplan_find(&fp_id, cat, year, department, err)) != 0 ||
	    (rc = lt_fileplan_final_get(&final, cat, fp_id, err)) != 0 ||
	    (rc = lt_fileplan_count(&actual, cat, fp_id, err)) != 0)
		goto fail;
	if (final.finalized) {
		char why[200];
		snprintf(why, sizeof(why), "%s %s (%s)",
		         LT_TR("đã chốt ngày", "already finalised on"), final.finalized_at,
		         final.finalized_by);
		rc = finalize_refused(err, LT_ESTATE, year, department, why);
		goto fail;
	}
	if (actual.total == 0) {
		rc = finalize_refused(
		    err, LT_ESTATE, year, department,
		    LT_TR("danh mục chưa có hồ sơ nào; nhập trước (catalog import)",
		          "the catalog has no entries; import them first"));
		goto fail;
	}
	footer = declared ? *declared : actual;
	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "UPDATE fileplans SET approved_by = ?, approved_at = " LT_NOW_SQL
	        ", issued_date = ?, footer_total = ?, footer_permanent = ?,"
	        " footer_fixed_term = ?, finalized_by = ?, finalized_at = " LT_NOW_SQL
	        " WHERE id = ? AND finalized_at IS NULL",
	        -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "fileplans");
		goto fail;
	}
	sqlite3_bind_text(st, 1, approver.data, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, iso, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, footer.total);
	sqlite3_bind_int(st, 4, footer.permanent);
	sqlite3_bind_int(st, 5, footer.fixed_term);
	sqlite3_bind_text(st, 6, who ? who : "system", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 7, fp_id);
	if (sqlite3_step(st) != SQLITE_DONE || sqlite3_changes(lt_catalog_db(cat)) != 1) {
		rc = lt_catalog_error(cat, err, "fileplans");
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	snprintf(obj, sizeof(obj), "fileplan:%d:%s", year, department ? department : "");
	snprintf(detail, sizeof(detail),
	         "total=%d permanent=%d fixed_term=%d actual=%d/%d/%d approved_by=%s issued=%s",
	         footer.total, footer.permanent, footer.fixed_term, actual.total, actual.permanent,
	         actual.fixed_term, approver.data, iso);
	if ((rc = lt_audit_append(cat, who ? who : "system", "fileplan.finalize", obj, detail, NULL,
	                          err)) != 0)
		goto fail;
	if ((rc = lt_catalog_commit(cat, err)) != 0)
		goto fail;
	if (recorded)
		*recorded = footer;
	lt_buf_free(&approver);
	return 0;
fail:
	sqlite3_finalize(st);
	lt_catalog_rollback(cat);
	lt_buf_free(&approver);
	return rc;
}

static const char *const PLAN_HEADINGS[] = {"Số và ký hiệu hồ sơ", "Tên đề mục và tiêu đề hồ sơ",
                                            "Thời hạn bảo quản", "Đơn vị/người lập hồ sơ",
                                            "Ghi chú"};

int lt_fileplan_print(lt_buf *out, lt_catalog *cat, int year, const char *department,
                      const char *format, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_table *t = NULL;
	lt_form *form = NULL;
	lt_fileplan_counts c;
	lt_fileplan_final final;
	int64_t fp_id, last_top = -1, last_sub = -1;
	int rc;
	char title[300], line[400], *organ = NULL;
	static const double W[] = {1.3, 3.6, 1.3, 1.7, 1.1};

	if ((rc = lt_table_check_format(format, err)) != 0)
		return rc;
	if ((rc = lt_fileplan_find(&fp_id, cat, year, department, err)) != 0)
		return rc;
	if ((rc = lt_fileplan_count(&c, cat, fp_id, err)) != 0 ||
	    (rc = lt_fileplan_final_get(&final, cat, fp_id, err)) != 0)
		return rc;
	if (final.finalized)
		c = final.footer; /* as issued (rule 18 compares it with the rows) */
	if ((rc = lt_table_new(&t, 5, PLAN_HEADINGS, err)) != 0)
		return rc;
	lt_table_widths(t, W);
	/* Top headings with Roman numerals, sub-headings with Arabic ones
	 * (NĐ 30 Phụ lục V), entries in their numbering order. */
	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "SELECT top.id, top.ordinal, top.title, sub.id, sub.ordinal, sub.title, e.notation,"
	        " e.title, e.retention_label, e.maintenance, e.keeper, e.note, e.added_at"
	        " FROM fileplan_entries e LEFT JOIN fileplan_headings h ON h.id = e.heading_id"
	        " LEFT JOIN fileplan_headings top ON top.id = coalesce(h.parent_id, h.id)"
	        " LEFT JOIN fileplan_headings sub ON sub.id = h.id AND h.parent_id IS NOT NULL"
	        " WHERE e.fileplan_id = ? ORDER BY top.ordinal, coalesce(sub.ordinal, 0),"
	        " CAST(e.notation AS INTEGER), e.ordinal",
	        -1, &st, NULL) != SQLITE_OK) {
		lt_table_free(t);
		return lt_catalog_error(cat, err, "fileplan_entries");
	}
	sqlite3_bind_int64(st, 1, fp_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *label = (const char *)sqlite3_column_text(st, 8);
		const char *note = (const char *)sqlite3_column_text(st, 11);
		char head[400], dmy[32], notes[700];
		if (sqlite3_column_type(st, 0) != SQLITE_NULL &&
		    sqlite3_column_int64(st, 0) != last_top) {
			char roman[16];
			last_top = sqlite3_column_int64(st, 0);
			last_sub = -1;
			lt_roman_format(roman, sqlite3_column_int(st, 1));
			snprintf(head, sizeof(head), "%s. %s", roman,
			         (const char *)sqlite3_column_text(st, 2));
			lt_table_section(t, head);
		}
		if (sqlite3_column_type(st, 3) != SQLITE_NULL &&
		    sqlite3_column_int64(st, 3) != last_sub) {
			last_sub = sqlite3_column_int64(st, 3);
			snprintf(head, sizeof(head), "%d. %s", sqlite3_column_int(st, 4),
			         (const char *)sqlite3_column_text(st, 5));
			lt_table_section(t, head);
		}
		if (!label && sqlite3_column_text(st, 9))
			label = lt_codelist_label_vi("maintenance",
			                             (const char *)sqlite3_column_text(st, 9));
		lt_table_date_dmy((const char *)sqlite3_column_text(st, 12), dmy);
		if (*dmy)
			snprintf(notes, sizeof(notes), "%s%sBổ sung ngày %s", note ? note : "",
			         note ? "; " : "", dmy);
		else
			snprintf(notes, sizeof(notes), "%s", note ? note : "");
		lt_table_cell(t, (const char *)sqlite3_column_text(st, 6));
		lt_table_cell(t, (const char *)sqlite3_column_text(st, 7));
		lt_table_cell(t, label);
		lt_table_cell(t, (const char *)sqlite3_column_text(st, 10));
		lt_table_cell(t, notes);
	}
	sqlite3_finalize(st);
	snprintf(line, sizeof(line),
	         "Bản danh mục hồ sơ này có %d hồ sơ, bao gồm: %d hồ sơ bảo quản vĩnh viễn; %d hồ "
	         "sơ bảo quản có thời hạn.",
	         c.total, c.permanent, c.fixed_term);
	lt_table_footer(t, line);
	if (final.finalized) {
		char dmy[32];
		lt_table_date_dmy(final.issued_date, dmy);
		snprintf(line, sizeof(line), "Phê duyệt: %s. Ban hành ngày %s.", final.approved_by,
		         dmy);
	} else {
		snprintf(
		    line, sizeof(line),
		    "Bản nháp: danh mục chưa được phê duyệt, ban hành (chưa chốt); số liệu tính "
		    "từ các dòng.");
	}
	lt_table_footer(t, line);
	{
		sqlite3_stmt *q = NULL;
		if (sqlite3_prepare_v2(lt_catalog_db(cat),
		                       "SELECT value FROM settings WHERE key = 'organ_name'", -1,
		                       &q, NULL) == SQLITE_OK &&
		    sqlite3_step(q) == SQLITE_ROW)
			organ = strdup((const char *)sqlite3_column_text(q, 0));
		sqlite3_finalize(q);
	}
	/* NĐ 30 Phụ lục V: "DANH MỤC HỒ SƠ CỦA <CƠ QUAN> NĂM <Y>". */
	if (department && *department)
		snprintf(title, sizeof(title), "Danh mục hồ sơ của %s năm %d", department, year);
	else if (organ)
		snprintf(title, sizeof(title), "Danh mục hồ sơ của %s năm %d", organ, year);
	else
		snprintf(title, sizeof(title), "Danh mục hồ sơ năm %d", year);
	free(organ);
	if ((rc = lt_form_new(&form, LT_FORM_PORTRAIT, err)) != 0) {
		lt_table_free(t);
		return rc;
	}
	if (final.finalized) {
		lt_date d;
		if (lt_date_parse_iso(&d, final.issued_date, NULL) == 0)
			rc = lt_form_header_settings(form, cat, department, NULL, &d, err);
		else
			rc = lt_form_header_settings(form, cat, department, NULL, NULL, err);
	} else {
		rc = lt_form_header_settings(form, cat, department, NULL, NULL, err);
	}
	if (rc == 0 && (lt_form_title(form, title, final.finalized ? NULL : "(Bản nháp)") ||
	                lt_form_table(form, t)))
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
	else if (rc)
		lt_table_free(t);
	t = NULL;
	if (rc == 0 && final.finalized) {
		const char *titles[] = {"THỦ TRƯỞNG CƠ QUAN"};
		const char *notes[] = {"(Ký tên, đóng dấu)"};
		const char *names[] = {final.approved_by};
		rc = lt_form_signatures(form, 1, titles, notes, names) ? LT_ENOMEM : 0;
	}
	if (rc == 0)
		rc = lt_form_write(out, form, format, err);
	lt_form_free(form);
	return rc;
}

/* ---- amendments (bổ sung, sửa đổi) --------------------------------------- */

static int log_change(lt_catalog *cat, int64_t fp, int64_t entry, int64_t heading,
                      const char *action, const char *field, const char *old_value,
                      const char *new_value, const char *reason, const char *who, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "INSERT INTO main.fileplan_changes(fileplan_id, entry_id, heading_id,"
	        " action, field, old_value, new_value, reason, who)"
	        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	        -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "fileplan_changes");
	sqlite3_bind_int64(st, 1, fp);
	if (entry)
		sqlite3_bind_int64(st, 2, entry);
	if (heading)
		sqlite3_bind_int64(st, 3, heading);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
	if (field)
		sqlite3_bind_text(st, 5, field, -1, SQLITE_STATIC);
	if (old_value)
		sqlite3_bind_text(st, 6, old_value, -1, SQLITE_TRANSIENT);
	if (new_value)
		sqlite3_bind_text(st, 7, new_value, -1, SQLITE_TRANSIENT);
	if (reason)
		sqlite3_bind_text(st, 8, reason, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 9, who, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : lt_catalog_error(cat, err, "fileplan_changes");
	sqlite3_finalize(st);
	return rc;
}

static int need_reason(const char *reason, lt_error *err)
{
	if (reason && *reason)
		return 0;
	return lt_error_set(err, LT_EINVAL, "%s",
	                    LT_TR("sửa đổi, bổ sung danh mục cần lý do (--reason)",
	                          "amending the catalog needs a reason (--reason)"));
}

/* A finalised catalog's footer follows its amendments, so rule 18 keeps
 * comparing what was declared with what is there. */
static int footer_delta(lt_catalog *cat, int64_t fp, int dtotal, int dperm, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "UPDATE fileplans SET footer_total = footer_total + ?2,"
	                       " footer_permanent = footer_permanent + ?3,"
	                       " footer_fixed_term = footer_fixed_term + (?2 - ?3)"
	                       " WHERE id = ?1 AND finalized_at IS NOT NULL",
	                       -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "fileplans");
	sqlite3_bind_int64(st, 1, fp);
	sqlite3_bind_int(st, 2, dtotal);
	sqlite3_bind_int(st, 3, dperm);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : lt_catalog_error(cat, err, "fileplans");
	sqlite3_finalize(st);
	return rc;
}

/* A heading of the catalog by abbreviation (top level) or by title under
 * parent; 0 when absent. */
static int64_t heading_find(lt_catalog *cat, int64_t fp, int64_t parent, const char *abbr,
                            const char *title)
{
	sqlite3_stmt *st = NULL;
	int64_t id = 0;

	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       parent ? "SELECT id FROM fileplan_headings WHERE fileplan_id = ?1"
	                                " AND parent_id = ?2 AND title = ?3"
	                              : "SELECT id FROM fileplan_headings WHERE fileplan_id = ?1"
	                                " AND parent_id IS NULL AND (abbr = ?3 OR title = ?3)",
	                       -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(st, 1, fp);
	sqlite3_bind_int64(st, 2, parent);
	sqlite3_bind_text(st, 3, parent ? title : abbr, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

static int scalar(lt_catalog *cat, const char *sql, int64_t a, int64_t b, int64_t *out)
{
	sqlite3_stmt *st = NULL;

	*out = 0;
	if (sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

int lt_fileplan_add_heading(lt_catalog *cat, int year, const char *department, const char *abbr,
                            const char *title, const char *parent_abbr, const char *reason,
                            const char *who, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t fp, parent = 0, id = 0, ordinal = 0;
	char now[21], t[400];
	int rc;

	if ((rc = need_reason(reason, err)) != 0)
		return rc;
	snprintf(t, sizeof(t), "%s", title ? title : "");
	trim(t);
	if (!*t)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("thiếu tên đề mục", "the heading title is missing"));
	if (!parent_abbr && !abbr_ok(abbr ? abbr : ""))
		return lt_error_set(err, LT_EINVAL, "%s: %s",
		                    LT_TR("chữ viết tắt đề mục phải là chữ in hoa không dấu, số",
		                          "a heading abbreviation is capital letters and digits"),
		                    abbr ? abbr : "");
	lt_time_now_iso(now);
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	if ((rc = lt_fileplan_find(&fp, cat, year, department, err)) != 0)
		goto fail;
	if (parent_abbr && !(parent = heading_find(cat, fp, 0, parent_abbr, NULL))) {
		rc = lt_error_set(err, LT_ENOTFOUND, "%s: %s",
		                  LT_TR("không có đề mục", "no such heading"), parent_abbr);
		goto fail;
	}
	if ((parent ? heading_find(cat, fp, parent, NULL, t)
	            : heading_find(cat, fp, 0, abbr, NULL)) ||
	    (!parent && heading_find(cat, fp, 0, t, NULL))) {
		rc = lt_error_set(err, LT_EEXISTS, "%s: %s",
		                  LT_TR("đã có đề mục", "the heading exists"), t);
		goto fail;
	}
	scalar(cat,
	       parent ? "SELECT coalesce(max(ordinal), 0) FROM fileplan_headings"
	                " WHERE fileplan_id = ?1 AND parent_id = ?2"
	              : "SELECT coalesce(max(ordinal), 0) FROM fileplan_headings"
	                " WHERE fileplan_id = ?1 AND parent_id IS NULL AND ?2 = ?2",
	       fp, parent, &ordinal);
	if (sqlite3_prepare_v2(lt_catalog_db(cat), INSERT_HEADING_SQL, -1, &st, NULL) !=
	    SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "fileplan_headings");
		goto fail;
	}
	rc = insert_heading(cat, st, fp, parent, (int)ordinal + 1, parent ? NULL : abbr, t, now,
	                    &id, err);
	sqlite3_finalize(st);
	if (rc == 0)
		rc = log_change(cat, fp, 0, id, "add_heading", NULL, NULL, t, reason,
		                who ? who : "system", err);
	if (rc == 0) {
		char obj[300];
		snprintf(obj, sizeof(obj), "fileplan:%d:%s", year, department ? department : "");
		rc = lt_audit_append(cat, who ? who : "system", "fileplan.add_heading", obj, t,
		                     NULL, err);
	}
	if (rc == 0 && (rc = lt_catalog_commit(cat, err)) == 0)
		return 0;
fail:
	lt_catalog_rollback(cat);
	return rc;
}

int lt_fileplan_add_entry(char notation[64], lt_catalog *cat, int year, const char *department,
                          const lt_fileplan_row *row, const char *reason, const char *who,
                          lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_retention ret;
	int64_t fp, top, heading, number = 0, ordinal = 0;
	char now[21], mode[16] = "continuous", *abbr = NULL;
	int rc;

	notation[0] = '\0';
	if ((rc = need_reason(reason, err)) != 0)
		return rc;
	if (!row->title || !*row->title)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("thiếu tiêu đề hồ sơ", "dossier title missing"));
	if (!row->keeper || !*row->keeper)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("thiếu người lập hồ sơ (keeper)", "keeper missing"));
	lt_time_now_iso(now);
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	if ((rc = lt_fileplan_find(&fp, cat, year, department, err)) != 0)
		goto fail;
	if ((rc = resolve_retention(cat, row->retention, row->rule, &ret, err)) != 0)
		goto fail;
	if (!(top = heading_find(cat, fp, 0, row->heading ? row->heading : "", NULL))) {
		rc = lt_error_set(err, LT_ENOTFOUND, "%s: %s (luutru catalog add-heading)",
		                  LT_TR("không có đề mục", "no such heading"),
		                  row->heading ? row->heading : "");
		goto fail;
	}
	heading = top;
	if (row->subheading && *row->subheading &&
	    !(heading = heading_find(cat, fp, top, NULL, row->subheading))) {
		rc = lt_error_set(err, LT_ENOTFOUND, "%s: %s",
		                  LT_TR("không có đề mục con", "no such sub-heading"),
		                  row->subheading);
		goto fail;
	}
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT p.numbering, h.abbr FROM fileplans p, fileplan_headings h"
	                       " WHERE p.id = ? AND h.id = ?",
	                       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, fp);
		sqlite3_bind_int64(st, 2, top);
		if (sqlite3_step(st) == SQLITE_ROW) {
			snprintf(mode, sizeof(mode), "%s",
			         (const char *)sqlite3_column_text(st, 0));
			abbr = strdup((const char *)sqlite3_column_text(st, 1));
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	/* The next number in the catalog's mode (rule 17): after the last of
	 * the catalog, or of the top heading when numbering restarts. */
	if (strcmp(mode, "per_heading") == 0)
		scalar(
		    cat,
		    "SELECT coalesce(max(CAST(e.notation AS INTEGER)), 0) FROM fileplan_entries e"
		    " JOIN fileplan_headings h ON h.id = e.heading_id WHERE e.fileplan_id = ?1"
		    " AND coalesce(h.parent_id, h.id) = ?2",
		    fp, top, &number);
	else
		scalar(cat,
		       "SELECT coalesce(max(CAST(notation AS INTEGER)), 0) FROM fileplan_entries"
		       " WHERE fileplan_id = ?1 AND ?2 = ?2",
		       fp, 0, &number);
	scalar(cat,
	       "SELECT coalesce(max(ordinal), 0) FROM fileplan_entries WHERE fileplan_id = ?1"
	       " AND ?2 = ?2",
	       fp, 0, &ordinal);
	snprintf(notation, 64, "%02lld.%s", (long long)number + 1, abbr ? abbr : "");
	if (sqlite3_prepare_v2(lt_catalog_db(cat), INSERT_ENTRY_SQL, -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "fileplan_entries");
		goto fail;
	}
	rc = insert_entry(cat, st, fp, heading, (int)ordinal + 1, notation, row->title, &ret,
	                  row->keeper, row->note, row->rule, now, err);
	sqlite3_finalize(st);
	if (rc == 0)
		rc = log_change(cat, fp, sqlite3_last_insert_rowid(lt_catalog_db(cat)), heading,
		                "add_entry", NULL, NULL, notation, reason, who ? who : "system",
		                err);
	if (rc == 0)
		rc = footer_delta(cat, fp, 1, strcmp(ret.maintenance, "01") == 0, err);
	if (rc == 0) {
		char obj[300];
		snprintf(obj, sizeof(obj), "fileplan:%d:%s", year, department ? department : "");
		rc = lt_audit_append(cat, who ? who : "system", "fileplan.add_entry", obj, notation,
		                     NULL, err);
	}
	free(abbr);
	if (rc == 0 && (rc = lt_catalog_commit(cat, err)) == 0)
		return 0;
	lt_catalog_rollback(cat);
	notation[0] = '\0';
	return rc;
fail:
	free(abbr);
	lt_catalog_rollback(cat);
	notation[0] = '\0';
	return rc;
}

static int amend_field_ok(const char *field, const char *value, lt_error *err)
{
	if (!field || (strcmp(field, "title") && strcmp(field, "retention") &&
	               strcmp(field, "rule") && strcmp(field, "keeper") && strcmp(field, "note")))
		return lt_error_set(err, LT_EINVAL, "%s: %s (title, retention, rule, keeper, note)",
		                    LT_TR("không sửa được trường", "cannot amend field"),
		                    field ? field : "");
	if ((!value || !*value) && strcmp(field, "note") != 0 && strcmp(field, "rule") != 0)
		return lt_error_set(err, LT_EINVAL, "%s: %s",
		                    LT_TR("giá trị không được rỗng", "the value cannot be empty"),
		                    field);
	return 0;
}

/* One field of entry, inside the caller's transaction. */
static int amend_one(lt_catalog *cat, int64_t fp, int64_t entry, const char *notation,
                     const char *field, const char *value, const char *reason, const char *who,
                     const char *obj, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	char *old = NULL, *old_rule = NULL, old_maint[4] = "";
	lt_retention ret;
	int rc = 0, is_ret = strcmp(field, "retention") == 0 || strcmp(field, "rule") == 0;

	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT CASE ?2 WHEN 'title' THEN title WHEN 'retention' THEN"
	                       " retention_label WHEN 'rule' THEN retention_rule WHEN 'keeper' THEN"
	                       " keeper ELSE note END, retention_rule, maintenance"
	                       " FROM fileplan_entries WHERE id = ?1",
	                       -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "fileplan_entries");
	sqlite3_bind_int64(st, 1, entry);
	sqlite3_bind_text(st, 2, field, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_text(st, 0))
			old = strdup((const char *)sqlite3_column_text(st, 0));
		if (sqlite3_column_text(st, 1))
			old_rule = strdup((const char *)sqlite3_column_text(st, 1));
		if (sqlite3_column_text(st, 2))
			snprintf(old_maint, sizeof(old_maint), "%s", sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	st = NULL;
	if (is_ret) {
		const char *text = strcmp(field, "retention") == 0 ? value : NULL;
		const char *rule = strcmp(field, "rule") == 0 ? value : old_rule;
		if (!text && rule && *rule)
			rc = resolve_retention(cat, NULL, rule, &ret, err);
		else if (!text)
			rc = lt_error_set(err, LT_EINVAL, "%s",
			                  LT_TR("bỏ liên kết quy tắc: sửa thời hạn (retention)",
			                        "to unlink the rule, amend the retention"));
		else
			rc = resolve_retention(cat, text, rule, &ret, err);
		if (rc)
			goto out;
		if (sqlite3_prepare_v2(
		        lt_catalog_db(cat),
		        "UPDATE fileplan_entries SET maintenance = ?2, retention_years"
		        " = ?3, retention_label = ?4, retention_event = ?5,"
		        " retention_rule = ?6 WHERE id = ?1",
		        -1, &st, NULL) != SQLITE_OK) {
			rc = lt_catalog_error(cat, err, "fileplan_entries");
			goto out;
		}
		sqlite3_bind_int64(st, 1, entry);
		bind_retention(st, 2, &ret);
		if (rule && *rule)
			sqlite3_bind_text(st, 6, rule, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, 6);
	} else {
		char sql[128];
		snprintf(sql, sizeof(sql), "UPDATE fileplan_entries SET %s = ?2 WHERE id = ?1",
		         field);
		if (sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, &st, NULL) != SQLITE_OK) {
			rc = lt_catalog_error(cat, err, "fileplan_entries");
			goto out;
		}
		sqlite3_bind_int64(st, 1, entry);
		if (value && *value)
			sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, 2);
	}
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : lt_catalog_error(cat, err, "fileplan_entries");
	sqlite3_finalize(st);
	if (rc == 0)
		rc = log_change(cat, fp, entry, 0, "amend_entry", field, old,
		                is_ret ? ret.label : value, reason, who, err);
	if (rc == 0 && is_ret) {
		int was = strcmp(old_maint, "01") == 0,
		    now_perm = strcmp(ret.maintenance, "01") == 0;
		if (was != now_perm)
			rc = footer_delta(cat, fp, 0, now_perm - was, err);
	}
	if (rc == 0) {
		char detail[400];
		snprintf(detail, sizeof(detail), "%s %s", notation, field);
		rc = lt_audit_append(cat, who, "fileplan.amend", obj, detail, NULL, err);
	}
out:
	free(old);
	free(old_rule);
	return rc;
}

int lt_fileplan_amend_fields(lt_catalog *cat, int year, const char *department,
                             const char *notation, const lt_fileplan_kv *kv, size_t n,
                             const char *reason, const char *who, lt_error *err)
{
	int64_t fp, entry;
	char obj[300];
	int rc;

	if ((rc = need_reason(reason, err)) != 0)
		return rc;
	if (n == 0)
		return amend_field_ok(NULL, NULL, err);
	for (size_t i = 0; i < n; i++)
		if ((rc = amend_field_ok(kv[i].field, kv[i].value, err)) != 0)
			return rc;
	snprintf(obj, sizeof(obj), "fileplan:%d:%s", year, department ? department : "");
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	if ((rc = lt_fileplan_find(&fp, cat, year, department, err)) != 0 ||
	    (rc = lt_fileplan_entry_find(&entry, cat, year, department, notation, err)) != 0)
		goto fail;
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = amend_one(cat, fp, entry, notation, kv[i].field, kv[i].value, reason,
		               who ? who : "system", obj, err);
	if (rc == 0 && (rc = lt_catalog_commit(cat, err)) == 0)
		return 0;
fail:
	lt_catalog_rollback(cat);
	return rc;
}

int lt_fileplan_amend(lt_catalog *cat, int year, const char *department, const char *notation,
                      const char *field, const char *value, const char *reason, const char *who,
                      lt_error *err)
{
	lt_fileplan_kv one = {field, value};

	return lt_fileplan_amend_fields(cat, year, department, notation, &one, 1, reason, who, err);
}

int lt_fileplan_history(lt_buf *out, lt_catalog *cat, int year, const char *department,
                        lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t fp;
	int rc;

	if ((rc = lt_fileplan_find(&fp, cat, year, department, err)) != 0)
		return rc;
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT c.at, c.who, c.action, coalesce(e.notation, h.title, ''),"
	                       " coalesce(c.field, ''), coalesce(c.old_value, ''),"
	                       " coalesce(c.new_value, ''), coalesce(c.reason, '')"
	                       " FROM fileplan_changes c LEFT JOIN fileplan_entries e ON e.id ="
	                       " c.entry_id LEFT JOIN fileplan_headings h ON h.id = c.heading_id"
	                       " WHERE c.fileplan_id = ? ORDER BY c.id",
	                       -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "fileplan_changes");
	sqlite3_bind_int64(st, 1, fp);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
		rc = lt_buf_printf(out, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
		                   (const char *)sqlite3_column_text(st, 0),
		                   (const char *)sqlite3_column_text(st, 1),
		                   (const char *)sqlite3_column_text(st, 2),
		                   (const char *)sqlite3_column_text(st, 3),
		                   (const char *)sqlite3_column_text(st, 4),
		                   (const char *)sqlite3_column_text(st, 5),
		                   (const char *)sqlite3_column_text(st, 6),
		                   (const char *)sqlite3_column_text(st, 7))
		         ? LT_ENOMEM
		         : 0;
	sqlite3_finalize(st);
	return rc ? lt_error_set(err, LT_ENOMEM, "out of memory") : 0;
}

int lt_fileplan_list(lt_buf *out, lt_catalog *cat, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "SELECT p.year, p.department, p.numbering, (SELECT count(*) FROM "
	        "fileplan_entries e WHERE e.fileplan_id = p.id), CASE WHEN p.finalized_at IS "
	        "NULL THEN '' ELSE COALESCE(p.issued_date, '') END FROM fileplans p ORDER "
	        "BY p.year, p.department",
	        -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "fileplans");
	while (sqlite3_step(st) == SQLITE_ROW)
		rc |= lt_buf_printf(out, "%d\t%s\t%s\t%d\t%s\n", sqlite3_column_int(st, 0),
		                    (const char *)sqlite3_column_text(st, 1),
		                    (const char *)sqlite3_column_text(st, 2),
		                    sqlite3_column_int(st, 3),
		                    (const char *)sqlite3_column_text(st, 4));
	sqlite3_finalize(st);
	return rc ? lt_error_set(err, LT_ENOMEM, "out of memory") : 0;
}

int lt_fileplan_entry_find(int64_t *entry_id, lt_catalog *cat, int year, const char *department,
                           const char *notation, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t fp_id;
	int rc;

	*entry_id = 0;
	if ((rc = lt_fileplan_find(&fp_id, cat, year, department, err)) != 0)
		return rc;
	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "SELECT id FROM fileplan_entries WHERE fileplan_id = ? AND notation = ?", -1, &st,
	        NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "fileplan_entries");
	sqlite3_bind_int64(st, 1, fp_id);
	sqlite3_bind_text(st, 2, notation ? notation : "", -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*entry_id = sqlite3_column_int64(st, 0);
		rc = 0;
	} else {
		rc = lt_error_set(
		    err, LT_ENOTFOUND, "%s %d: %s",
		    LT_TR("không có hồ sơ trong danh mục năm", "no such entry in the catalog for"),
		    year, notation ? notation : "");
	}
	sqlite3_finalize(st);
	return rc;
}
