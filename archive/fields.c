/*
 * archive/fields.c — the record field table (from record_fields.def) and
 * validation of user input into the stored form. See fields.h.
 */
#include "archive/fields.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "archive/settings.h"
#include "archive/util.h"
#include "core/date.h"
#include "core/text.h"

static const lt_field_def FIELDS[] = {
#define LT_FIELD(id, tag, column, type, max_len, codelist, vi, en)                                 \
	{LT_F_##id, tag, column, LT_FT_##type, max_len, codelist, vi, en},
#include "archive/record_fields.def"
#undef LT_FIELD
};

const lt_field_def *lt_fields_all(size_t *n)
{
	if (n)
		*n = LT_F__COUNT;
	return FIELDS;
}

const lt_field_def *lt_field_get(lt_field_id id)
{
	if ((int)id < 0 || id >= LT_F__COUNT)
		return NULL;
	return &FIELDS[id];
}

const lt_field_def *lt_field_find(const char *name)
{
	for (size_t i = 0; name && i < LT_F__COUNT; i++)
		if (strcasecmp(FIELDS[i].tag, name) == 0 || strcmp(FIELDS[i].column, name) == 0)
			return &FIELDS[i];
	return NULL;
}

const char *lt_field_label(const lt_field_def *f)
{
	return lt_lang_get() == LT_LANG_EN ? f->label_en : f->label_vi;
}

/* "tag: "value": why" — every validation message has this shape. */
static int invalid(const lt_field_def *f, const char *value, lt_error *err, const char *why)
{
	char shown[LT_SHORT_MAX];

	lt_ar_shorten(value, shown);
	return lt_error_set(err, LT_EINVAL, "%s %s: \"%s\": %s",
	                    LT_TR("giá trị không hợp lệ cho trường", "invalid value for field"),
	                    f->tag, shown, why);
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Trim ASCII white space and U+00A0 (copied from office documents). */
static void trim(const char **s, size_t *len)
{
	const char *p = *s, *e = *s + *len;

	for (;;) {
		if (p < e && is_space((unsigned char)*p))
			p++;
		else if (e - p >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
			p += 2;
		else
			break;
	}
	for (;;) {
		if (e > p && is_space((unsigned char)e[-1]))
			e--;
		else if (e - p >= 2 && (unsigned char)e[-2] == 0xC2 && (unsigned char)e[-1] == 0xA0)
			e -= 2;
		else
			break;
	}
	*s = p;
	*len = (size_t)(e - p);
}

/* Text values: no control characters; a one-line STRING turns line breaks
 * and tabs into single spaces (a subject pasted from a PDF keeps its words,
 * not its line breaks); a TEXT keeps them. */
static int clean_text(const lt_field_def *f, const char *orig, const char *s, size_t len,
                      lt_buf *out, lt_error *err)
{
	size_t start = out->len;
	int last_space = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int rc;

		if (c == '\t' || c == '\n' || c == '\r') {
			if (f->type == LT_FT_TEXT) {
				rc = lt_buf_putc(out, (char)c);
			} else {
				if (last_space)
					continue;
				rc = lt_buf_putc(out, ' ');
			}
			last_space = 1;
		} else if (c < 0x20 || c == 0x7F) {
			lt_buf_truncate(out, start);
			return invalid(
			    f, orig, err,
			    LT_TR("có ký tự điều khiển", "contains a control character"));
		} else {
			if (c == ' ' && last_space && f->type != LT_FT_TEXT)
				continue;
			last_space = c == ' ';
			rc = lt_buf_putc(out, (char)c);
		}
		if (rc) {
			lt_buf_truncate(out, start);
			return lt_error_set(err, LT_ENOMEM, "out of memory");
		}
	}
	return 0;
}

static int normalize_code(const lt_field_def *f, const char *orig, const char *s, lt_buf *out,
                          lt_error *err)
{
	size_t n;
	const lt_code *codes = lt_codelist(f->codelist, &n);
	const lt_code *hit = lt_codelist_find(f->codelist, s);
	lt_buf hint = LT_BUF_INIT;
	int rc;

	if (hit)
		return lt_buf_puts(out, hit->code) ? lt_error_set(err, LT_ENOMEM, "out of memory")
		                                   : 0;
	if (!codes)
		return lt_error_set(err, LT_ERR, "no code list %s",
		                    f->codelist ? f->codelist : "?");
	/* Short lists are spelled out; long ones give the range. */
	lt_buf_puts(&hint, LT_TR("không có trong danh mục mã (", "not in the code list ("));
	if (n <= 11) {
		for (size_t i = 0; i < n; i++)
			lt_buf_printf(&hint, "%s%s %s", i ? ", " : "", codes[i].code,
			              lt_lang_get() == LT_LANG_EN ? codes[i].label_en
			                                          : codes[i].label_vi);
	} else {
		lt_buf_printf(&hint, "%s–%s", codes[0].code, codes[n - 1].code);
		lt_buf_puts(&hint, LT_TR(", tên hoặc chữ viết tắt", ", a name or an abbreviation"));
	}
	lt_buf_putc(&hint, ')');
	rc = invalid(f, orig, err, lt_buf_cstr(&hint));
	lt_buf_free(&hint);
	return rc;
}

static int normalize_bool(const lt_field_def *f, const char *orig, const char *s, lt_buf *out,
                          lt_error *err)
{
	static const char *const yes[] = {"1", "true", "yes", "co", NULL};
	static const char *const no[] = {"0", "false", "no", "khong", NULL};
	lt_buf folded = LT_BUF_INIT;
	const char *v = NULL;

	if (lt_text_fold(&folded, s, LT_TEXT_STRLEN, NULL) == 0) {
		for (size_t i = 0; yes[i] && !v; i++)
			if (strcmp(lt_buf_cstr(&folded), yes[i]) == 0)
				v = "1";
		for (size_t i = 0; no[i] && !v; i++)
			if (strcmp(lt_buf_cstr(&folded), no[i]) == 0)
				v = "0";
	}
	lt_buf_free(&folded);
	if (!v)
		return invalid(f, orig, err,
		               LT_TR("phải là 1/0, true/false hoặc có/không",
		                     "must be 1/0, true/false or có/không (yes/no)"));
	return lt_buf_puts(out, v) ? lt_error_set(err, LT_ENOMEM, "out of memory") : 0;
}

static int normalize_number(const lt_field_def *f, const char *orig, const char *s, lt_buf *out,
                            lt_error *err)
{
	size_t ndigits;

	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p))
			return invalid(f, orig, err,
			               LT_TR("phải là số nguyên không âm (chỉ chữ số)",
			                     "must be a whole number (digits only)"));
	while (s[0] == '0' && s[1])
		s++;
	ndigits = strlen(s);
	if (f->max_len > 0 && ndigits > (size_t)f->max_len) {
		char why[128];
		snprintf(
		    why, sizeof(why),
		    LT_TR("quá dài (%zu chữ số, tối đa %d)", "too long (%zu digits, at most %d)"),
		    ndigits, f->max_len);
		return invalid(f, orig, err, why);
	}
	return lt_buf_puts(out, s) ? lt_error_set(err, LT_ENOMEM, "out of memory") : 0;
}

static int normalize_date(const lt_field_def *f, const char *orig, const char *s, lt_buf *out,
                          lt_error *err)
{
	lt_date d;
	char iso[11];

	if (lt_date_parse(&d, s, NULL) != 0)
		return invalid(
		    f, orig, err,
		    LT_TR("không phải ngày hợp lệ (ví dụ 2017-09-22, 22/09/2017, ngày 22 "
		          "tháng 9 năm 2017)",
		          "not a valid date (e.g. 2017-09-22, 22/09/2017, ngày 22 tháng 9 "
		          "năm 2017)"));
	lt_date_format_iso(&d, iso);
	return lt_buf_puts(out, iso) ? lt_error_set(err, LT_ENOMEM, "out of memory") : 0;
}

/* An agency identifier (mã định danh, QCVN 102: "000.00.00.G09"): letters
 * are stored in capitals, then the form is checked like the agency's own
 * organ_id (archive/settings.c). */
static int normalize_organ_id(const lt_field_def *f, const char *orig, lt_buf *v, lt_buf *out,
                              lt_error *err)
{
	lt_error why = LT_ERROR_INIT;

	for (size_t i = 0; i < v->len; i++)
		if (v->data[i] >= 'a' && v->data[i] <= 'z')
			v->data[i] = (char)(v->data[i] - 'a' + 'A');
	if (lt_settings_check_organ_id(v->data, &why) != 0) {
		int rc = invalid(f, orig, err,
		                 LT_TR("cần mã định danh theo QCVN 102 (tối đa 13 ký tự: chữ số,"
		                       " chữ in hoa không dấu, nhóm cách nhau bằng dấu chấm, ví dụ"
		                       " 000.00.00.G09)",
		                       "a QCVN 102 identifier is needed (at most 13 characters:"
		                       " digits, capital letters, groups separated by dots, e.g."
		                       " 000.00.00.G09)"));
		lt_error_clear(&why);
		return rc;
	}
	return lt_buf_append(out, v->data, v->len) ? lt_error_set(err, LT_ENOMEM, "out of memory")
	                                           : 0;
}

int lt_field_normalize(const lt_field_def *f, const char *value, lt_buf *out, lt_error *err)
{
	lt_buf nfc = LT_BUF_INIT, clean = LT_BUF_INIT;
	const char *s;
	size_t len, start = out->len;
	int rc;

	if (!f)
		return lt_error_set(err, LT_EINVAL, "lt_field_normalize: no field");
	if (!value)
		return 0;
	len = strlen(value);
	if (len > LT_FIELD_TEXT_MAX_BYTES) {
		char why[128];
		snprintf(why, sizeof(why),
		         LT_TR("quá dài (%zu byte, tối đa %d)", "too long (%zu bytes, at most %d)"),
		         len, LT_FIELD_TEXT_MAX_BYTES);
		return invalid(f, value, err, why);
	}
	if (lt_text_validate(value, len, NULL) != 0)
		return invalid(f, value, err,
		               LT_TR("không phải văn bản UTF-8 hợp lệ", "not valid UTF-8 text"));
	if (lt_text_nfc(&nfc, value, len, err) != 0)
		return lt_error_prefix(err, "%s", f->tag);
	s = lt_buf_cstr(&nfc);
	len = nfc.len;
	trim(&s, &len);
	if ((rc = clean_text(f, value, s, len, &clean, err)) != 0)
		goto out;
	s = lt_buf_cstr(&clean);
	len = clean.len;
	trim(&s, &len);
	if (len == 0) /* empty means "not set": nothing is appended */
		goto out;
	/* From here on the value is a C string of its own. */
	{
		lt_buf v = LT_BUF_INIT;
		size_t chars;

		if (lt_buf_append(&v, s, len)) {
			rc = lt_error_set(err, LT_ENOMEM, "out of memory");
			goto out;
		}
		switch (f->type) {
		case LT_FT_STRING:
		case LT_FT_TEXT:
			chars = lt_text_length(v.data, v.len);
			if (f->max_len > 0 && chars > (size_t)f->max_len) {
				char why[128];
				snprintf(why, sizeof(why),
				         LT_TR("quá dài (%zu ký tự, tối đa %d)",
				               "too long (%zu characters, at most %d)"),
				         chars, f->max_len);
				rc = invalid(f, value, err, why);
			} else if (f->id == LT_F_RECIPIENT_ORGAN_ID) {
				rc = normalize_organ_id(f, value, &v, out, err);
			} else if (lt_buf_append(out, v.data, v.len)) {
				rc = lt_error_set(err, LT_ENOMEM, "out of memory");
			}
			break;
		case LT_FT_NUMBER: rc = normalize_number(f, value, v.data, out, err); break;
		case LT_FT_DATE: rc = normalize_date(f, value, v.data, out, err); break;
		case LT_FT_CODE: rc = normalize_code(f, value, v.data, out, err); break;
		case LT_FT_BOOL: rc = normalize_bool(f, value, v.data, out, err); break;
		default: rc = lt_error_set(err, LT_ERR, "field %s: unknown type", f->tag); break;
		}
		lt_buf_free(&v);
	}
out:
	if (rc)
		lt_buf_truncate(out, start);
	lt_buf_free(&nfc);
	lt_buf_free(&clean);
	return rc;
}
