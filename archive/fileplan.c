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

int lt_retention_parse(lt_retention *out, const char *text, lt_error *err)
{
	lt_buf folded = LT_BUF_INIT;
	char t[200];
	int rc = 0, n;
	char rest[64];

	memset(out, 0, sizeof(*out));
	snprintf(t, sizeof(t), "%s", text ? text : "");
	trim(t);
	if (!*t)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("thiếu thời hạn bảo quản", "retention missing"));
	if (strlen(t) == 2 && t[0] == '0' && t[1] >= '1' && t[1] <= '7') {
		const char *label = lt_codelist_label("maintenance", t);
		memcpy(out->maintenance, t, 3);
		for (size_t i = 0; i < sizeof(YEARS_CODE) / sizeof(YEARS_CODE[0]); i++)
			if (strcmp(YEARS_CODE[i].code, t) == 0)
				out->years = YEARS_CODE[i].years;
		if (strcmp(t, "01") == 0)
			snprintf(out->label, sizeof(out->label), "Vĩnh viễn");
		else if (out->years)
			snprintf(out->label, sizeof(out->label), "%d năm", out->years);
		else
			snprintf(out->label, sizeof(out->label), "%s", label ? label : t);
		return 0;
	}
	if ((rc = lt_text_fold(&folded, t, strlen(t), err)) != 0)
		return rc;
	if (strcmp(lt_buf_cstr(&folded), "vinh vien") == 0) {
		memcpy(out->maintenance, "01", 3);
		snprintf(out->label, sizeof(out->label), "Vĩnh viễn");
	} else if (sscanf(lt_buf_cstr(&folded), "%d %63s", &n, rest) == 2 &&
	           strcmp(rest, "nam") == 0) {
		if (n < 1 || n > 99) {
			lt_buf_free(&folded);
			return lt_error_set(err, LT_EINVAL, "%s: %s",
			                    LT_TR("thời hạn bảo quản phải từ 1 đến 99 năm",
			                          "a fixed retention must be 1–99 years"),
			                    t);
		}
		memcpy(out->maintenance, "07", 3);
		for (size_t i = 0; i < sizeof(YEARS_CODE) / sizeof(YEARS_CODE[0]); i++)
			if (YEARS_CODE[i].years == n)
				memcpy(out->maintenance, YEARS_CODE[i].code, 3);
		out->years = n;
		snprintf(out->label, sizeof(out->label), "%d năm", n);
	} else {
		/* "Đến khi văn bản hết hiệu lực" and other agency labels. */
		memcpy(out->maintenance, "07", 3);
		snprintf(out->label, sizeof(out->label), "%s", t);
	}
	lt_buf_free(&folded);
	return 0;
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

#define CSV_COLS 7
static const char *const CSV_HEADER[CSV_COLS] = {"heading",   "heading_abbr", "notation", "title",
                                                 "retention", "keeper",       "note"};

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

static int abbr_ok(const char *s)
{
	if (!*s || strlen(s) > 20)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return 0;
	return 1;
}

typedef struct heading {
	int64_t id;
	char *title, *abbr;
	int count;
} heading;

int lt_fileplan_import_csv_text(size_t *entries, lt_catalog *cat, int year, const char *department,
                                const char *numbering, const char *text, size_t len,
                                const char *name, const char *who, lt_error *err)
{
	sqlite3 *db = lt_catalog_db(cat);
	sqlite3_stmt *st = NULL, *ins_h = NULL, *ins_e = NULL;
	csv_reader r;
	char *f[CSV_COLS] = {0};
	heading *hs = NULL;
	size_t nh = 0, n, count = 0;
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
	got = csv_next(&r, f, CSV_COLS, &n);
	if (got != 1 || n != CSV_COLS) {
		free_fields(f, n);
		return row_error(err, name, 1,
		                 LT_TR("dòng tiêu đề phải là heading,heading_abbr,notation,title,"
		                       "retention,keeper,note",
		                       "the header must be heading,heading_abbr,notation,title,"
		                       "retention,keeper,note"),
		                 NULL);
	}
	for (size_t i = 0; i < CSV_COLS; i++) {
		trim(f[i]);
		if (strcmp(f[i], CSV_HEADER[i]) != 0) {
			rc = row_error(
			    err, name, 1,
			    LT_TR("cột tiêu đề sai, cần", "wrong header column, expected"),
			    CSV_HEADER[i]);
			free_fields(f, n);
			return rc;
		}
	}
	free_fields(f, n);

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
	                       "fileplan_id = ?1) FROM fileplans WHERE id = ?1",
	                       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, fp_id) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		rc = lt_catalog_error(cat, err, "fileplans");
		goto fail;
	}
	snprintf(mode, sizeof(mode), "%s", (const char *)sqlite3_column_text(st, 0));
	if (sqlite3_column_int(st, 1) > 0) {
		rc = lt_error_set(
		    err, LT_EEXISTS, "%s: %s %d %s",
		    LT_TR("không nhập được danh mục hồ sơ", "cannot import dossier catalog"),
		    LT_TR("danh mục năm", "the catalog for"), year,
		    LT_TR("đã có hồ sơ; không nhập chồng", "already has entries"));
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	per_heading = strcmp(mode, "per_heading") == 0;
	if (sqlite3_prepare_v2(db,
	                       "INSERT INTO fileplan_headings(fileplan_id, ordinal, abbr, title) "
	                       "VALUES (?, ?, ?, ?)",
	                       -1, &ins_h, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
	                       "INSERT INTO fileplan_entries(fileplan_id, heading_id, ordinal, "
	                       "notation, title, maintenance, retention_years, retention_label, "
	                       "keeper, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                       -1, &ins_e, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "fileplan_entries");
		goto fail;
	}

	while ((got = csv_next(&r, f, CSV_COLS, &n)) == 1) {
		heading *h = NULL;
		lt_retention ret;
		lt_error rerr = LT_ERROR_INIT;
		char expect[64], *title;
		int number;

		if (n == 1 && f[0][0] == '\0') { /* blank line */
			free_fields(f, n);
			continue;
		}
		if (n != CSV_COLS) {
			char cols[32];
			snprintf(cols, sizeof(cols), "%zu", n);
			rc = row_error(err, name, r.row,
			               LT_TR("cần đúng 7 cột, có", "7 columns are needed, got"),
			               cols);
			goto fail_row;
		}
		for (size_t i = 0; i < CSV_COLS; i++)
			trim(f[i]);
		title = f[0];
		/* "I. TỔNG HỢP" → "TỔNG HỢP": the numeral is generated. */
		{
			char *dot = strchr(title, '.');
			if (dot) {
				int v;
				char save = *dot;
				*dot = '\0';
				if (lt_roman_parse(&v, title) == 0) {
					memmove(title, dot + 1, strlen(dot + 1) + 1);
					trim(title);
				} else {
					*dot = save;
				}
			}
		}
		if (!*title) {
			rc = row_error(err, name, r.row,
			               LT_TR("thiếu đề mục (heading)", "heading missing"), NULL);
			goto fail_row;
		}
		if (!abbr_ok(f[1])) {
			rc = row_error(err, name, r.row,
			               LT_TR("chữ viết tắt đề mục phải là chữ in hoa không dấu, số",
			                     "heading_abbr must be capital letters and digits"),
			               f[1]);
			goto fail_row;
		}
		for (size_t i = 0; i < nh; i++) {
			if (strcmp(hs[i].abbr, f[1]) == 0 || strcmp(hs[i].title, title) == 0) {
				if (strcmp(hs[i].abbr, f[1]) != 0 ||
				    strcmp(hs[i].title, title) != 0) {
					rc = row_error(
					    err, name, r.row,
					    LT_TR(
					        "đề mục và chữ viết tắt không khớp với dòng trước",
					        "heading and abbreviation disagree with an earlier "
					        "row"),
					    f[1]);
					goto fail_row;
				}
				h = &hs[i];
			}
		}
		if (!h) {
			heading *grown = realloc(hs, (nh + 1) * sizeof(*hs));
			if (!grown) {
				rc = lt_error_set(err, LT_ENOMEM, "out of memory");
				goto fail_row;
			}
			hs = grown;
			h = &hs[nh++];
			h->title = strdup(title);
			h->abbr = strdup(f[1]);
			h->count = 0;
			sqlite3_reset(ins_h);
			sqlite3_bind_int64(ins_h, 1, fp_id);
			sqlite3_bind_int(ins_h, 2, (int)nh);
			sqlite3_bind_text(ins_h, 3, f[1], -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins_h, 4, title, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(ins_h) != SQLITE_DONE) {
				rc = lt_catalog_error(cat, err, "fileplan_headings");
				goto fail_row;
			}
			h->id = sqlite3_last_insert_rowid(db);
		}
		h->count++;
		total++;
		number = per_heading ? h->count : total;
		snprintf(expect, sizeof(expect), "%02d.%s", number, h->abbr);
		if (*f[2] && strcmp(f[2], expect) != 0) {
			char what[200];
			snprintf(what, sizeof(what), "%s %s",
			         LT_TR("số và ký hiệu hồ sơ sai thứ tự hoặc sai chữ viết tắt; cần",
			               "dossier notation out of sequence or wrong abbreviation; "
			               "expected"),
			         expect);
			rc = row_error(err, name, r.row, what, f[2]);
			goto fail_row;
		}
		if (!*f[3]) {
			rc = row_error(err, name, r.row,
			               LT_TR("thiếu tiêu đề hồ sơ", "dossier title missing"), NULL);
			goto fail_row;
		}
		if (lt_retention_parse(&ret, f[4], &rerr) != 0) {
			rc = row_error(err, name, r.row, rerr.message, f[4]);
			goto fail_row;
		}
		if (!*f[5]) {
			rc = row_error(err, name, r.row,
			               LT_TR("thiếu người lập hồ sơ (keeper)", "keeper missing"),
			               NULL);
			goto fail_row;
		}
		sqlite3_reset(ins_e);
		sqlite3_bind_int64(ins_e, 1, fp_id);
		sqlite3_bind_int64(ins_e, 2, h->id);
		sqlite3_bind_int(ins_e, 3, total);
		sqlite3_bind_text(ins_e, 4, expect, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins_e, 5, f[3], -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins_e, 6, ret.maintenance, -1, SQLITE_TRANSIENT);
		if (ret.years)
			sqlite3_bind_int(ins_e, 7, ret.years);
		else
			sqlite3_bind_null(ins_e, 7);
		sqlite3_bind_text(ins_e, 8, ret.label, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins_e, 9, f[5], -1, SQLITE_TRANSIENT);
		if (*f[6])
			sqlite3_bind_text(ins_e, 10, f[6], -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(ins_e, 10);
		if (sqlite3_step(ins_e) != SQLITE_DONE) {
			rc = lt_catalog_error(cat, err, "fileplan_entries");
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
	lt_fileplan_counts c;
	lt_fileplan_final final;
	int64_t fp_id, last_heading = -1;
	int rc;
	char title[200], line[400], sub[300];

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
	{
		static const double W[] = {1.3, 3.6, 1.3, 1.7, 1.1};
		lt_table_widths(t, W);
	}
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT h.id, h.ordinal, h.title, e.notation, e.title, "
	                       "e.retention_label, e.maintenance, e.keeper, e.note FROM "
	                       "fileplan_entries e LEFT JOIN fileplan_headings h ON h.id = "
	                       "e.heading_id WHERE e.fileplan_id = ? ORDER BY h.ordinal, e.ordinal",
	                       -1, &st, NULL) != SQLITE_OK) {
		lt_table_free(t);
		return lt_catalog_error(cat, err, "fileplan_entries");
	}
	sqlite3_bind_int64(st, 1, fp_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *label = (const char *)sqlite3_column_text(st, 5);
		if (sqlite3_column_type(st, 0) != SQLITE_NULL &&
		    sqlite3_column_int64(st, 0) != last_heading) {
			char roman[16], head[400];
			last_heading = sqlite3_column_int64(st, 0);
			lt_roman_format(roman, sqlite3_column_int(st, 1));
			snprintf(head, sizeof(head), "%s. %s", roman,
			         (const char *)sqlite3_column_text(st, 2));
			lt_table_section(t, head);
		}
		if (!label && sqlite3_column_text(st, 6))
			label = lt_codelist_label("maintenance",
			                          (const char *)sqlite3_column_text(st, 6));
		lt_table_cell(t, (const char *)sqlite3_column_text(st, 3));
		lt_table_cell(t, (const char *)sqlite3_column_text(st, 4));
		lt_table_cell(t, label);
		lt_table_cell(t, (const char *)sqlite3_column_text(st, 7));
		lt_table_cell(t, (const char *)sqlite3_column_text(st, 8));
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
	snprintf(title, sizeof(title), "Danh mục hồ sơ năm %d", year);
	snprintf(sub, sizeof(sub), "%s", department && *department ? department : "");
	return lt_form_write_table(out, cat, t, LT_FORM_PORTRAIT, format, title, *sub ? sub : NULL,
	                           err);
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
