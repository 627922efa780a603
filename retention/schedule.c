/* retention/schedule.c — the retention schedule: defaults, CSV, queries. */
#include "retention/schedule.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "retention/internal.h"

static const struct {
	const char *code;
	int years;
	const char *label;
} CODES[] = {
    {"01", LT_RETENTION_PERMANENT, "Vĩnh viễn"},
    {"02", 70, "70 năm"},
    {"03", 50, "50 năm"},
    {"04", 30, "30 năm"},
    {"05", 20, "20 năm"},
    {"06", 10, "10 năm"},
    {"07", 0, "Khác"},
};
#define NCODES (sizeof(CODES) / sizeof(CODES[0]))

const char *lt_retention_code_for_years(int years)
{
	for (size_t i = 0; i + 1 < NCODES; i++)
		if (CODES[i].years == years)
			return CODES[i].code;
	return "07";
}

int lt_retention_years_for_code(const char *code, int *years, lt_error *err)
{
	for (size_t i = 0; code && i < NCODES; i++) {
		if (strcmp(code, CODES[i].code) != 0)
			continue;
		if (i + 1 == NCODES)
			return lt_error_set(err, LT_ENOTFOUND, "%s",
			                    LT_TR("mã thời hạn 07 (Khác): số năm ghi riêng",
			                          "retention code 07 (other): the years are stated "
			                          "separately"));
		*years = CODES[i].years;
		return 0;
	}
	return lt_error_set(err, LT_EINVAL,
	                    LT_TR("mã thời hạn bảo quản không hợp lệ: '%s' (cần 01..07)",
	                          "invalid retention code: '%s' (expected 01..07)"),
	                    code ? code : "");
}

const char *lt_retention_code_label(const char *code)
{
	for (size_t i = 0; code && i < NCODES; i++)
		if (strcmp(code, CODES[i].code) == 0)
			return CODES[i].label;
	return NULL;
}

/* REGULATIONS §12 sample groups († values from TT 09/2011; re-check them
 * against TT 10/2022 and load the agency's own schedule). */
static const struct {
	const char *code, *title, *group;
	int years;
	const char *action, *basis;
	const char *event; /* retention counted from an event, or NULL */
} DEFAULTS[] = {
    {"1.0", "Tập văn bản gửi chung — chủ trương, pháp luật (hồ sơ nguyên tắc)", "1 Tổng hợp", 0,
     "review", "TT 09/2011 †", "văn bản hết hiệu lực"},
    {"1.1", "Hồ sơ xây dựng, ban hành chế độ/quy định chung của cơ quan", "1 Tổng hợp",
     LT_RETENTION_PERMANENT, "transfer", "TT 09/2011 † (kiểm tra lại theo TT 10/2022)", NULL},
    {"1.2", "Văn bản gửi để biết (đổi tên, trụ sở, dấu, chữ ký)", "1 Tổng hợp", 5, "destroy",
     "TT 09/2011 †", NULL},
    {"1.3", "Hội nghị tổng kết năm", "1 Tổng hợp", LT_RETENTION_PERMANENT, "transfer",
     "TT 09/2011 †", NULL},
    {"1.4", "Hội nghị sơ kết tháng, quý, 6 tháng", "1 Tổng hợp", 5, "destroy", "TT 09/2011 †",
     NULL},
    {"1.5", "Kế hoạch, báo cáo năm của cơ quan", "1 Tổng hợp", LT_RETENTION_PERMANENT, "transfer",
     "TT 09/2011 †", NULL},
    {"1.6", "Kế hoạch, báo cáo năm của cấp trên, đơn vị chức năng", "1 Tổng hợp", 10, "destroy",
     "TT 09/2011 †", NULL},
    {"1.7", "Kế hoạch, báo cáo quý, 6, 9 tháng của cơ quan", "1 Tổng hợp", 20, "destroy",
     "TT 09/2011 †", NULL},
    {"1.8", "Tập thông báo ý kiến, kết luận cuộc họp; công văn trao đổi chung", "1 Tổng hợp", 10,
     "destroy", "TT 09/2011 †", NULL},
    {"2.1", "Hồ sơ xây dựng quy hoạch phát triển ngành, cơ quan", "2 Quy hoạch, kế hoạch, thống kê",
     LT_RETENTION_PERMANENT, "transfer", "TT 09/2011 †", NULL},
    {"2.2", "Kế hoạch, báo cáo 6, 9 tháng", "2 Quy hoạch, kế hoạch, thống kê", 20, "destroy",
     "TT 09/2011 †", NULL},
    {"2.3", "Báo cáo điều tra cơ bản: phiếu điều tra", "2 Quy hoạch, kế hoạch, thống kê", 10,
     "destroy", "TT 09/2011 †", NULL},
    {"3.1", "Hồ sơ xây dựng, ban hành Điều lệ tổ chức và hoạt động, Quy chế làm việc",
     "3 Tổ chức, cán bộ, công chức, viên chức, người lao động", 20, "review", "TT 10/2022", NULL},
    {"3.2", "Bổ nhiệm, điều động, luân chuyển cán bộ; kỷ luật cán bộ",
     "3 Tổ chức, cán bộ, công chức, viên chức, người lao động", 70, "review", "TT 09/2011 †", NULL},
    {"3.3", "Hồ sơ gốc cán bộ, công chức, viên chức",
     "3 Tổ chức, cán bộ, công chức, viên chức, người lao động", LT_RETENTION_PERMANENT, "transfer",
     "TT 09/2011 †", NULL},
    {"3.4", "Thi tuyển: bài thi, hồ sơ dự thi",
     "3 Tổ chức, cán bộ, công chức, viên chức, người lao động", 5, "destroy", "TT 09/2011 †", NULL},
    {"4.1", "Hồ sơ nâng lương cán bộ, công chức, viên chức", "4 Lao động, tiền lương", 20,
     "destroy", "TT 09/2011 †", NULL},
    {"4.2", "Hợp đồng lao động vụ việc", "4 Lao động, tiền lương", 5, "destroy", "TT 09/2011 †",
     "chấm dứt hợp đồng"},
    {"5.1", "Ngân sách hằng năm của cơ quan", "5 Tài chính, kế toán", LT_RETENTION_PERMANENT,
     "transfer", "TT 09/2011 †", NULL},
};

static int insert_rule(sqlite3_stmt *st, const char *code, const char *title, const char *group,
                       int years, const char *action, const char *basis, const char *event)
{
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, title, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, group, -1, SQLITE_TRANSIENT);
	if (years == LT_RETENTION_PERMANENT)
		sqlite3_bind_null(st, 4);
	else
		sqlite3_bind_int(st, 4, years);
	/* A retention counted from an event is code 07 whatever its years. */
	sqlite3_bind_text(st, 5, event && *event ? "07" : lt_retention_code_for_years(years), -1,
	                  SQLITE_STATIC);
	sqlite3_bind_text(st, 6, action, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, basis, -1, SQLITE_TRANSIENT);
	if (event && *event)
		sqlite3_bind_text(st, 8, event, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 8);
	return sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
}

#define INSERT_RULE_SQL                                                                            \
	"INSERT INTO retention_rules (code, title, grp, years, maintenance, action, legal_basis,"  \
	" event) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"

int lt_schedule_ensure_default(lt_catalog *cat, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t n = 0;
	int rc = lt_ret_int(cat, "SELECT count(*) FROM retention_rules", -1, &n, err);

	if (rc || n > 0)
		return rc;
	rc = lt_catalog_begin(cat, err);
	if (rc)
		return rc;
	rc = lt_ret_prepare(cat, &st, INSERT_RULE_SQL, err);
	for (size_t i = 0; rc == 0 && i < sizeof(DEFAULTS) / sizeof(DEFAULTS[0]); i++)
		if (insert_rule(st, DEFAULTS[i].code, DEFAULTS[i].title, DEFAULTS[i].group,
		                DEFAULTS[i].years, DEFAULTS[i].action, DEFAULTS[i].basis,
		                DEFAULTS[i].event))
			rc = lt_catalog_error(
			    cat, err,
			    LT_TR("nạp bảng thời hạn mặc định", "loading the default schedule"));
	sqlite3_finalize(st);
	if (rc == 0)
		rc = lt_catalog_commit(cat, err);
	if (rc)
		lt_catalog_rollback(cat);
	return rc;
}

/* ---- CSV ---------------------------------------------------------------- */

#define CSV_COLS 8

/* Split one CSV line (RFC 4180 quoting, no embedded newlines) into at most
 * CSV_COLS fields. Returns the number of fields, -1 on a bad quote. */
static int csv_split(char *line, char *fields[CSV_COLS])
{
	int n = 0;
	char *p = line;

	for (;;) {
		char *out = p, *start = p;
		if (n == CSV_COLS)
			return n + 1;
		if (*p == '"') {
			p++;
			for (;;) {
				if (*p == '\0')
					return -1;
				if (*p == '"' && p[1] == '"') {
					*out++ = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					*out++ = *p++;
				}
			}
			if (*p != ',' && *p != '\0')
				return -1;
		} else {
			while (*p && *p != ',')
				*out++ = *p++;
		}
		fields[n++] = start;
		if (*p == '\0') {
			*out = '\0';
			return n;
		}
		p++;
		*out = '\0';
	}
}

static char *trim(char *s)
{
	char *e;
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

static int parse_years(const char *s, int *years)
{
	char *end;
	long v;

	if (!*s || strcmp(s, "vĩnh viễn") == 0 || strcmp(s, "Vĩnh viễn") == 0 ||
	    strcmp(s, "vinh vien") == 0 || strcmp(s, "permanent") == 0) {
		*years = LT_RETENTION_PERMANENT;
		return 0;
	}
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 0 || v > 1000)
		return -1;
	*years = (int)v;
	return 0;
}

/* Validate one data row; fills *years and *action (never NULL). */
static int check_row(char **fields, int n, const char *path, size_t lineno, int *years,
                     const char **action, lt_error *err)
{
	const char *maint = fields[3], *ytext = n > 4 ? fields[4] : "";
	int code_years = 0;

	const char *event = n > 7 ? fields[7] : "";

	*action = n > 5 && *fields[5] ? fields[5] : NULL;
	if (!*fields[0] || !*fields[1])
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("%s dòng %zu: thiếu mã hoặc tiêu đề",
		                          "%s line %zu: code or title missing"),
		                    path, lineno);
	if (!lt_retention_code_label(maint))
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("%s dòng %zu: mã thời hạn bảo quản không rõ '%s' "
		                          "(cần 01..07, TT 05/2025)",
		                          "%s line %zu: unknown retention code '%s' (expected "
		                          "01..07, TT 05/2025)"),
		                    path, lineno, maint);
	if (*event) {
		/* "N năm sau khi <event>" or "Đến khi <event>" (years empty or 0). */
		char *end;
		long v = *ytext ? strtol(ytext, &end, 10) : 0;
		if (strcmp(maint, "07") != 0 || (*ytext && (*end || v < 0 || v > 99)))
			return lt_error_set(
			    err, LT_EINVAL,
			    LT_TR(
			        "%s dòng %zu: thời hạn tính từ sự kiện '%s' dùng mã 07 và số năm "
			        "0–99 (trống: đến khi sự kiện xảy ra)",
			        "%s line %zu: a retention counted from the event '%s' has code 07 "
			        "and 0–99 years (empty: until the event)"),
			    path, lineno, event);
		*years = (int)v;
		if (!*action)
			*action = "destroy";
		goto action;
	}
	if (parse_years(ytext, years))
		goto bad_years;
	if (strcmp(maint, "07") == 0) {
		if (*years == LT_RETENTION_PERMANENT)
			goto bad_years;
	} else {
		lt_retention_years_for_code(maint, &code_years, NULL);
		if (*ytext && *years != code_years)
			goto bad_years;
		*years = code_years;
	}
	if (!*action)
		*action = *years == LT_RETENTION_PERMANENT ? "transfer" : "destroy";
action:
	if (strcmp(*action, "destroy") && strcmp(*action, "review") && strcmp(*action, "transfer"))
		return lt_error_set(
		    err, LT_EINVAL,
		    LT_TR("%s dòng %zu: hành động không rõ '%s' (destroy, review, "
		          "transfer)",
		          "%s line %zu: unknown action '%s' (destroy, review, transfer)"),
		    path, lineno, *action);
	if (*years == LT_RETENTION_PERMANENT && strcmp(*action, "destroy") == 0)
		return lt_error_set(
		    err, LT_EINVAL,
		    LT_TR("%s dòng %zu: hồ sơ vĩnh viễn không được tiêu hủy (quy tắc 33)",
		          "%s line %zu: a permanent rule cannot destroy (rule 33)"),
		    path, lineno);
	return 0;
bad_years:
	return lt_error_set(
	    err, LT_EINVAL,
	    LT_TR("%s dòng %zu: số năm không hợp lệ '%s' cho mã %s (số ≥ 0, bắt buộc "
	          "với mã 07, khớp với mã 01..06; quy tắc 29: năm hết hạn = năm kết thúc + "
	          "N; TT 05/2025)",
	          "%s line %zu: invalid years '%s' for code %s (a number ≥ 0, required "
	          "with code 07, matching codes 01..06; rule 29: expiry year = end year + "
	          "N; TT 05/2025)"),
	    path, lineno, ytext, maint);
}

int lt_schedule_load_csv(lt_catalog *cat, const char *path, size_t *loaded, lt_error *err)
{
	FILE *f = fopen(path, "r");
	sqlite3_stmt *st = NULL;
	char line[4096];
	size_t lineno = 0, count = 0;
	int rc;

	if (loaded)
		*loaded = 0;
	if (!f)
		return lt_error_set(err, LT_EIO,
		                    LT_TR("không mở được tệp %s", "cannot open file %s"), path);
	rc = lt_catalog_begin(cat, err);
	if (rc == 0)
		rc = lt_catalog_exec(cat, "DELETE FROM retention_rules", err);
	if (rc == 0)
		rc = lt_ret_prepare(cat, &st, INSERT_RULE_SQL, err);
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		char *fields[CSV_COLS] = {0};
		int n, years = 0;
		const char *code, *action;

		lineno++;
		if (strlen(line) == sizeof(line) - 1 && line[sizeof(line) - 2] != '\n') {
			rc = lt_error_set(
			    err, LT_EINVAL,
			    LT_TR("%s dòng %zu: dòng quá dài", "%s line %zu: line too long"), path,
			    lineno);
			break;
		}
		if (lineno == 1 || *trim(line) == '\0')
			continue; /* header, blank */
		n = csv_split(line, fields);
		if (n < 4 || n > CSV_COLS) {
			rc = lt_error_set(
			    err, LT_EINVAL,
			    LT_TR("%s dòng %zu: cần 4 đến 8 cột (code,title,group,"
			          "maintenance,years,action,legal_basis,event)",
			          "%s line %zu: expected 4 to 8 columns (code,title,group,"
			          "maintenance,years,action,legal_basis,event)"),
			    path, lineno);
			break;
		}
		for (int i = 0; i < n; i++)
			fields[i] = trim(fields[i]);
		code = fields[0];
		rc = check_row(fields, n, path, lineno, &years, &action, err);
		if (rc)
			break;
		if (insert_rule(st, code, fields[1], fields[2], years, action,
		                n > 6 && *fields[6] ? fields[6] : NULL, n > 7 ? fields[7] : NULL)) {
			rc = lt_error_set(
			    err, LT_EEXISTS,
			    LT_TR("%s dòng %zu: mã '%s' trùng", "%s line %zu: duplicate code '%s'"),
			    path, lineno, code);
		} else {
			count++;
		}
	}
	fclose(f);
	sqlite3_finalize(st);
	if (rc == 0 && count == 0)
		rc = lt_error_set(err, LT_EINVAL,
		                  LT_TR("%s: không có quy tắc nào", "%s: no rules in the file"),
		                  path);
	if ((rc = lt_ret_finish(cat, rc, NULL, "retention.schedule.load", path, NULL, err)) != 0)
		return rc;
	if (loaded)
		*loaded = count;
	return 0;
}

/* ---- listing ------------------------------------------------------------ */

struct lt_schedule {
	lt_retention_rule *rules;
	size_t n;
};

static char *dup_col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? strdup((const char *)t) : NULL;
}

int lt_schedule_list(lt_schedule **out, lt_catalog *cat, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_schedule *s;
	int rc;

	*out = NULL;
	rc = lt_schedule_ensure_default(cat, err);
	if (rc)
		return rc;
	s = calloc(1, sizeof(*s));
	if (!s)
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	rc = lt_ret_prepare(cat, &st,
	                    "SELECT code, title, grp, years, maintenance, action, legal_basis,"
	                    " event FROM retention_rules ORDER BY grp, code",
	                    err);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		lt_retention_rule *r;
		void *grown = realloc(s->rules, (s->n + 1) * sizeof(*s->rules));
		if (!grown) {
			rc = lt_error_set(err, LT_ENOMEM, "%s",
			                  LT_TR("hết bộ nhớ", "out of memory"));
			break;
		}
		s->rules = grown;
		r = &s->rules[s->n++];
		memset(r, 0, sizeof(*r));
		r->code = dup_col(st, 0);
		r->title = dup_col(st, 1);
		r->group = dup_col(st, 2);
		r->years = sqlite3_column_type(st, 3) == SQLITE_NULL ? LT_RETENTION_PERMANENT
		                                                     : sqlite3_column_int(st, 3);
		snprintf(r->maintenance, sizeof(r->maintenance), "%s",
		         sqlite3_column_text(st, 4) ? (const char *)sqlite3_column_text(st, 4)
		                                    : "07");
		r->action = dup_col(st, 5);
		r->legal_basis = dup_col(st, 6);
		r->event = dup_col(st, 7);
	}
	sqlite3_finalize(st);
	if (rc) {
		lt_schedule_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

size_t lt_schedule_count(const lt_schedule *s)
{
	return s ? s->n : 0;
}

const lt_retention_rule *lt_schedule_get(const lt_schedule *s, size_t i)
{
	return s && i < s->n ? &s->rules[i] : NULL;
}

void lt_schedule_free(lt_schedule *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->rules[i].code);
		free(s->rules[i].title);
		free(s->rules[i].group);
		free(s->rules[i].action);
		free(s->rules[i].legal_basis);
		free(s->rules[i].event);
	}
	free(s->rules);
	free(s);
}
