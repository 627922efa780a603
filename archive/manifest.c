/*
 * archive/manifest.c — JSONL (jansson) and CSV manifests. See manifest.h.
 *
 * CSV has no parser among luutru's libraries, so RFC 4180 is read here by a
 * small state machine over the bytes (quoted / unquoted cell); it never
 * looks inside a cell except for quotes, so multi-byte UTF-8 is safe.
 */
#include "archive/manifest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "archive/fields.h"
#include "archive/util.h"
#include "core/buf.h"
#include "core/text.h"

struct lt_manifest {
	lt_manifest_row *rows;
	size_t n, cap;
	char **strings; /* every string the rows point at */
	size_t nstr, capstr;
	int tt02; /* the CSV header names TT 02/2019 dossier-code parts */
};

/* TT 02/2019 (REGULATIONS §9.3) names a record's dossier code by its parts:
 * Identifier (the historical archive's code), OrganId (mã phông),
 * FileCatalog (mục lục số / năm) and FileNotation; FileCode is their join.
 * In such a manifest DocCode is the document identifier (TT 05's docId),
 * not TT 05's archive code docCode. */
static const char *const TT02_PARTS[] = {"Identifier", "OrganId", "FileCatalog", "FileNotation"};
#define NTT02_PARTS (sizeof(TT02_PARTS) / sizeof(TT02_PARTS[0]))

static int tt02_part(const char *key, size_t len)
{
	for (size_t i = 0; i < NTT02_PARTS; i++)
		if (strlen(TT02_PARTS[i]) == len && strncasecmp(key, TT02_PARTS[i], len) == 0)
			return (int)i;
	return -1;
}

static int oom(lt_error *err)
{
	return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
}

int lt_manifest_format_of(const char *name)
{
	const char *base = lt_ar_basename(name);

	if (strcasecmp(base, "manifest.jsonl") == 0)
		return LT_MANIFEST_JSONL;
	if (strcasecmp(base, "manifest.csv") == 0)
		return LT_MANIFEST_CSV;
	return -1;
}

/* Keep s (malloc'd) for the manifest's lifetime; NULL on ENOMEM (s freed). */
static char *keep(lt_manifest *m, char *s)
{
	if (!s)
		return NULL;
	if (m->nstr == m->capstr) {
		size_t cap = m->capstr ? m->capstr * 2 : 64;
		char **p = realloc(m->strings, cap * sizeof(*p));
		if (!p) {
			free(s);
			return NULL;
		}
		m->strings = p;
		m->capstr = cap;
	}
	m->strings[m->nstr++] = s;
	return s;
}

static char *keep_copy(lt_manifest *m, const char *s, size_t len)
{
	char *c = malloc(len + 1);

	if (!c)
		return NULL;
	memcpy(c, s, len);
	c[len] = '\0';
	return keep(m, c);
}

static lt_manifest_row *new_row(lt_manifest *m, size_t line)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		lt_manifest_row *p = realloc(m->rows, cap * sizeof(*p));
		if (!p)
			return NULL;
		m->rows = p;
		m->cap = cap;
	}
	memset(&m->rows[m->n], 0, sizeof(m->rows[m->n]));
	m->rows[m->n].line = line;
	return &m->rows[m->n++];
}

static int row_error(lt_manifest *m, lt_manifest_row *row, const char *fmt, ...) LT_PRINTF(3, 4);
static int row_error(lt_manifest *m, lt_manifest_row *row, const char *fmt, ...)
{
	lt_buf b = LT_BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = lt_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (rc)
		return LT_ENOMEM;
	row->error = keep(m, lt_buf_detach(&b));
	lt_buf_free(&b);
	return row->error ? 0 : LT_ENOMEM;
}

/* Add key=value to row: file and text are columns of their own. */
static int row_put(lt_manifest *m, lt_manifest_row *row, const char *key, size_t klen,
                   const char *value, size_t vlen, size_t max_meta)
{
	char *v = keep_copy(m, value, vlen);

	if (!v)
		return LT_ENOMEM;
	if (klen == 4 && strncasecmp(key, "file", 4) == 0) {
		row->file = vlen ? v : NULL;
		return 0;
	}
	if (klen == 4 && strncasecmp(key, "text", 4) == 0) {
		row->text = vlen ? v : NULL;
		return 0;
	}
	if (!row->meta) {
		row->meta = calloc(max_meta ? max_meta : 1, sizeof(*row->meta));
		if (!row->meta || !keep(m, (char *)row->meta))
			return LT_ENOMEM;
	}
	row->meta[row->nmeta].key = keep_copy(m, key, klen);
	if (!row->meta[row->nmeta].key)
		return LT_ENOMEM;
	row->meta[row->nmeta].value = v;
	row->nmeta++;
	return 0;
}

/* A TT 02/2019 row: its dossier-code parts become fileCode (unless the row
 * gives FileCode itself) and DocCode becomes docId. */
static int map_tt02(lt_manifest *m, lt_manifest_row *row)
{
	const char *parts[NTT02_PARTS] = {0};
	int tt02 = m->tt02, has_file_code = 0;
	size_t keep_n = 0;
	lt_buf code = LT_BUF_INIT;

	for (size_t i = 0; i < row->nmeta; i++) {
		int p = tt02_part(row->meta[i].key, strlen(row->meta[i].key));
		if (p >= 0) {
			parts[p] = row->meta[i].value;
			tt02 = 1;
		}
		if (strcasecmp(row->meta[i].key, "fileCode") == 0)
			has_file_code = 1;
	}
	if (!tt02)
		return 0;
	for (size_t i = 0; i < row->nmeta; i++) {
		if (tt02_part(row->meta[i].key, strlen(row->meta[i].key)) >= 0)
			continue;
		if (strcasecmp(row->meta[i].key, "DocCode") == 0)
			row->meta[i].key = "docId";
		row->meta[keep_n++] = row->meta[i];
	}
	row->nmeta = keep_n;
	if (has_file_code)
		return 0;
	for (size_t i = 0; i < NTT02_PARTS; i++)
		if (parts[i] && *parts[i] &&
		    lt_buf_printf(&code, "%s%s", code.len ? "." : "", parts[i]))
			return LT_ENOMEM;
	if (code.len) {
		/* a part's slot is free now: the meta array held it */
		row->meta[row->nmeta].key = "fileCode";
		row->meta[row->nmeta].value = keep(m, lt_buf_detach(&code));
		if (!row->meta[row->nmeta].value)
			return LT_ENOMEM;
		row->nmeta++;
	}
	lt_buf_free(&code);
	return 0;
}

static int row_finish(lt_manifest *m, lt_manifest_row *row)
{
	if (row->error)
		return 0;
	if (map_tt02(m, row) != 0)
		return LT_ENOMEM;
	if (row->file && row->text)
		return row_error(m, row, "%s",
		                 LT_TR("dòng có cả cột file và cột text: chỉ được một",
		                       "the row has both a file and a text column: give one"));
	if (!row->file && !row->text)
		return row_error(
		    m, row, "%s",
		    LT_TR("dòng thiếu cột file (tệp trong gói) hoặc text (nội dung)",
		          "the row has neither a file (a file in the batch) nor a text"));
	return 0;
}

/* ---- JSONL ------------------------------------------------------------ */

static int parse_jsonl_line(lt_manifest *m, const char *s, size_t len, size_t line)
{
	lt_manifest_row *row;
	json_error_t jerr;
	json_t *obj;
	const char *key;
	json_t *val;
	int rc = 0;

	row = new_row(m, line);
	if (!row)
		return LT_ENOMEM;
	obj = json_loadb(s, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!obj)
		return row_error(
		    m, row,
		    LT_TR("JSON không hợp lệ ở cột %d: %s", "invalid JSON at column %d: %s"),
		    jerr.column, jerr.text);
	if (!json_is_object(obj)) {
		json_decref(obj);
		return row_error(m, row, "%s",
		                 LT_TR("mỗi dòng phải là một đối tượng JSON {\"docId\": ...}",
		                       "each line must be a JSON object {\"docId\": ...}"));
	}
	json_object_foreach(obj, key, val)
	{
		char num[64];
		const char *v = NULL;
		size_t vlen = 0;

		if (json_is_string(val)) {
			v = json_string_value(val);
			vlen = json_string_length(val);
		} else if (json_is_integer(val)) {
			snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
			         json_integer_value(val));
			v = num;
			vlen = strlen(num);
		} else if (json_is_boolean(val)) {
			v = json_is_true(val) ? "1" : "0";
			vlen = 1;
		} else if (json_is_null(val)) {
			continue;
		} else {
			char shown[LT_SHORT_MAX];
			lt_ar_shorten(key, shown);
			rc = row_error(m, row,
			               LT_TR("giá trị của \"%s\" phải là chuỗi hoặc số",
			                     "the value of \"%s\" must be a string or a number"),
			               shown);
			break;
		}
		if (memchr(v, '\0', vlen)) {
			rc = row_error(m, row, "%s",
			               LT_TR("giá trị chứa ký tự NUL", "a value contains a NUL"));
			break;
		}
		if ((rc = row_put(m, row, key, strlen(key), v, vlen, json_object_size(obj))) != 0)
			break;
	}
	json_decref(obj);
	if (rc == 0)
		rc = row_finish(m, row);
	return rc;
}

static int parse_jsonl(lt_manifest *m, const char *data, size_t len, lt_error *err)
{
	size_t pos = 0, line = 0;

	while (pos < len) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - data) : len;
		size_t a = pos, b = end;

		line++;
		while (a < b && (data[a] == ' ' || data[a] == '\t' || data[a] == '\r'))
			a++;
		while (b > a && (data[b - 1] == ' ' || data[b - 1] == '\t' || data[b - 1] == '\r'))
			b--;
		if (b > a) {
			if (m->n >= LT_MANIFEST_MAX_ROWS)
				return lt_error_set(err, LT_ELIMIT,
				                    LT_TR("quá %d dòng", "more than %d rows"),
				                    LT_MANIFEST_MAX_ROWS);
			if (parse_jsonl_line(m, data + a, b - a, line) != 0)
				return oom(err);
		}
		pos = end + 1;
	}
	return 0;
}

/* ---- CSV -------------------------------------------------------------- */

typedef struct csv_row {
	lt_buf *cells;
	size_t n, cap;
} csv_row;

static int csv_cell(csv_row *r, const lt_buf *cell)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		lt_buf *p = realloc(r->cells, cap * sizeof(*p));
		if (!p)
			return LT_ENOMEM;
		for (size_t i = r->cap; i < cap; i++)
			p[i] = (lt_buf)LT_BUF_INIT;
		r->cells = p;
		r->cap = cap;
	}
	lt_buf_reset(&r->cells[r->n]);
	if (lt_buf_append(&r->cells[r->n], cell->data ? cell->data : "", cell->len))
		return LT_ENOMEM;
	r->n++;
	return 0;
}

static void csv_row_free(csv_row *r)
{
	for (size_t i = 0; i < r->cap; i++)
		lt_buf_free(&r->cells[i]);
	free(r->cells);
}

/* Read one record starting at *pos; *line advances over newlines. Returns
 * 1 when a row was read, 0 at the end, negative on error. */
static int csv_next(csv_row *r, const char *d, size_t len, size_t *pos, size_t *line, lt_error *err)
{
	lt_buf cell = LT_BUF_INIT;
	size_t i = *pos, start_line = *line;
	int quoted = 0, rc = 0;

	r->n = 0;
	if (i >= len)
		return 0;
	for (;;) {
		if (i >= len) {
			if (quoted) {
				rc = lt_error_set(
				    err, LT_EINVAL,
				    LT_TR("dấu ngoặc kép mở ở dòng %zu không được đóng",
				          "the quote opened on line %zu is never closed"),
				    start_line);
				goto out;
			}
			rc = csv_cell(r, &cell);
			break;
		}
		char c = d[i];
		if (quoted) {
			if (c == '"') {
				if (i + 1 < len && d[i + 1] == '"') {
					rc = lt_buf_putc(&cell, '"');
					i += 2;
				} else {
					quoted = 0;
					i++;
				}
			} else {
				if (c == '\n')
					(*line)++;
				rc = lt_buf_putc(&cell, c);
				i++;
			}
		} else if (c == '"' && cell.len == 0) {
			quoted = 1;
			i++;
		} else if (c == ',') {
			rc = csv_cell(r, &cell);
			lt_buf_reset(&cell);
			i++;
		} else if (c == '\n' || c == '\r') {
			rc = csv_cell(r, &cell);
			if (c == '\r' && i + 1 < len && d[i + 1] == '\n')
				i++;
			i++;
			(*line)++;
			break;
		} else {
			rc = lt_buf_putc(&cell, c);
			i++;
		}
		if (rc)
			break;
	}
	if (rc == LT_ENOMEM)
		rc = oom(err);
out:
	lt_buf_free(&cell);
	*pos = i;
	return rc ? rc : 1;
}

static int csv_blank(const csv_row *r)
{
	return r->n == 1 && r->cells[0].len == 0;
}

static int parse_csv(lt_manifest *m, const char *data, size_t len, const char *name, lt_error *err)
{
	csv_row head = {0}, r = {0};
	size_t pos = 0, line = 1;
	int rc;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	rc = csv_next(&head, data, len, &pos, &line, err);
	if (rc == 0)
		rc = lt_error_set(err, LT_EINVAL,
		                  LT_TR("%s rỗng: thiếu dòng tiêu đề cột",
		                        "%s is empty: the header row is missing"),
		                  name);
	if (rc < 0)
		goto out;
	rc = 0;
	for (size_t c = 0; c < head.n; c++) {
		const char *h = lt_buf_cstr(&head.cells[c]);
		char shown[LT_SHORT_MAX];

		if (tt02_part(h, strlen(h)) >= 0) {
			m->tt02 = 1;
			continue;
		}
		if (strcasecmp(h, "file") == 0 || strcasecmp(h, "text") == 0 || lt_field_find(h))
			continue;
		lt_ar_shorten(h, shown);
		rc = lt_error_set(
		    err, LT_EINVAL,
		    LT_TR("%s: cột %zu \"%s\" không phải tên trường chuẩn (ví dụ docId, "
		          "typeName, issuedDate, subject, file, text)",
		          "%s: column %zu \"%s\" is not a standard field tag (e.g. docId, "
		          "typeName, issuedDate, subject, file, text)"),
		    name, c + 1, shown);
		goto out;
	}
	for (;;) {
		size_t row_line = line;
		lt_manifest_row *row;

		rc = csv_next(&r, data, len, &pos, &line, err);
		if (rc <= 0)
			break;
		rc = 0;
		if (csv_blank(&r))
			continue;
		if (m->n >= LT_MANIFEST_MAX_ROWS) {
			rc = lt_error_set(err, LT_ELIMIT, LT_TR("quá %d dòng", "more than %d rows"),
			                  LT_MANIFEST_MAX_ROWS);
			break;
		}
		row = new_row(m, row_line);
		if (!row) {
			rc = oom(err);
			break;
		}
		if (r.n != head.n) {
			if (row_error(m, row,
			              LT_TR("dòng có %zu ô, tiêu đề có %zu cột",
			                    "the row has %zu cells, the header has %zu columns"),
			              r.n, head.n) != 0) {
				rc = oom(err);
				break;
			}
			continue;
		}
		for (size_t c = 0; c < r.n && rc == 0; c++) {
			const lt_buf *h = &head.cells[c];
			if (r.cells[c].len == 0)
				continue;
			if (memchr(r.cells[c].data, '\0', r.cells[c].len)) {
				rc = row_error(
				    m, row, "%s",
				    LT_TR("giá trị chứa ký tự NUL", "a value contains a NUL"));
				break;
			}
			rc = row_put(m, row, h->data, h->len, r.cells[c].data, r.cells[c].len,
			             head.n);
		}
		if (rc == 0)
			rc = row_finish(m, row);
		if (rc) {
			rc = oom(err);
			break;
		}
	}
out:
	csv_row_free(&head);
	csv_row_free(&r);
	return rc < 0 ? rc : 0;
}

int lt_manifest_parse(lt_manifest **out, const char *data, size_t len, lt_manifest_format fmt,
                      const char *name, lt_error *err)
{
	lt_manifest *m;
	int rc;

	*out = NULL;
	if (len > LT_MANIFEST_MAX_BYTES)
		return lt_error_set(err, LT_ELIMIT,
		                    LT_TR("%s quá lớn: %zu byte, giới hạn %llu",
		                          "%s is too large: %zu bytes, the limit is %llu"),
		                    name, len, (unsigned long long)LT_MANIFEST_MAX_BYTES);
	if ((rc = lt_text_validate(data, len, err)) != 0)
		return lt_error_prefix(err, "%s", name);
	m = calloc(1, sizeof(*m));
	if (!m)
		return oom(err);
	if (fmt == LT_MANIFEST_JSONL)
		rc = parse_jsonl(m, data, len, err);
	else
		rc = parse_csv(m, data, len, name, err);
	if (rc) {
		lt_manifest_free(m);
		return rc;
	}
	*out = m;
	return 0;
}

void lt_manifest_free(lt_manifest *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nstr; i++)
		free(m->strings[i]);
	free(m->strings);
	free(m->rows);
	free(m);
}

size_t lt_manifest_count(const lt_manifest *m)
{
	return m ? m->n : 0;
}

const lt_manifest_row *lt_manifest_row_at(const lt_manifest *m, size_t i)
{
	return i < m->n ? &m->rows[i] : NULL;
}

const char *lt_manifest_row_get(const lt_manifest_row *row, const char *tag)
{
	const lt_field_def *want = lt_field_find(tag);

	for (size_t i = 0; i < row->nmeta; i++) {
		if (strcasecmp(row->meta[i].key, tag) == 0)
			return row->meta[i].value;
		if (want && lt_field_find(row->meta[i].key) == want)
			return row->meta[i].value;
	}
	return NULL;
}
