/*
 * archive/notation.c — see notation.h.
 *
 * The pattern of rule 6 is small enough to check directly: a POSIX regex
 * would depend on the process locale to treat "Đ" (two bytes in UTF-8) as
 * one character, and the CLI does not set one.
 */
#include "archive/notation.h"

#include <string.h>

#include "archive/fields.h"
#include "archive/util.h"

/* Length in bytes of the notation character at s (ASCII letter or digit,
 * Đ U+0110, đ U+0111), 0 when s does not start with one. */
static size_t notation_char(const char *s)
{
	unsigned char c = (unsigned char)s[0];

	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		return 1;
	if (c == 0xC4 && ((unsigned char)s[1] == 0x90 || (unsigned char)s[1] == 0x91))
		return 2;
	return 0;
}

static int check_number(const char *n, lt_error *err)
{
	char shown[LT_SHORT_MAX];
	size_t len = strlen(n);

	for (size_t i = 0; i < len; i++) {
		if (n[i] < '0' || n[i] > '9') {
			lt_ar_shorten(n, shown);
			return lt_error_set(err, LT_EINVAL,
			                    LT_TR("số văn bản không hợp lệ: \"%s\": chỉ gồm chữ số,"
			                          " ví dụ 05 hoặc 123",
			                          "invalid document number: \"%s\": digits only,"
			                          " e.g. 05 or 123"),
			                    shown);
		}
	}
	if (len < 2) {
		lt_ar_shorten(n, shown);
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("số văn bản không hợp lệ: \"%s\": số nhỏ hơn 10 phải"
		                          " viết hai chữ số (0%s)",
		                          "invalid document number: \"%s\": numbers below 10 are"
		                          " written with two digits (0%s)"),
		                    shown, shown);
	}
	return 0;
}

/*
 * A legal normative document (văn bản quy phạm pháp luật: laws,
 * ordinances, decrees, circulars, and the councils' and committees'
 * normative resolutions and decisions) is numbered "số/năm/ký hiệu" by the
 * Law on Promulgation of Legal Documents (2015, Art. 8): "57/2020/QH14",
 * "30/2020/NĐ-CP", "05/2025/TT-BNV". Stored as codeNumber "57" and
 * codeNotation "2020/QH14", the year is part of the notation. Returns the
 * notation after "YYYY/" (a year 1945–2099), or s when it has none.
 */
static const char *after_year(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return s;
	if (s[4] != '/' || strncmp(s, "1945", 4) < 0 || strncmp(s, "2099", 4) > 0)
		return s;
	return s + 5;
}

static int check_notation(const char *s, lt_error *err)
{
	size_t part = 0; /* characters in the current part */
	const char *p = after_year(s);

	while (*p) {
		size_t k = notation_char(p);
		if (k) {
			part++;
			p += k;
		} else if (*p == '-' && part > 0) {
			part = 0;
			p++;
		} else {
			break;
		}
	}
	if (*p == '\0' && part > 0)
		return 0;
	{
		char shown[LT_SHORT_MAX];
		lt_ar_shorten(s, shown);
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("ký hiệu văn bản không hợp lệ: \"%s\": chỉ gồm chữ cái"
		                          " không dấu (trừ Đ), chữ số và dấu gạch nối giữa các"
		                          " phần, ví dụ QĐ-UBND",
		                          "invalid notation: \"%s\": letters without diacritics"
		                          " (Đ allowed), digits, and hyphens between parts,"
		                          " e.g. QĐ-UBND"),
		                    shown);
	}
}

int lt_notation_check(const char *code_number, const char *code_notation, lt_error *err)
{
	int rc;

	if (code_number && *code_number && (rc = check_number(code_number, err)) != 0)
		return rc;
	if (code_notation && *code_notation && (rc = check_notation(code_notation, err)) != 0)
		return rc;
	return 0;
}

int lt_notation_format(lt_buf *out, const char *code_number, const char *code_notation)
{
	int has_n = code_number && *code_number, has_k = code_notation && *code_notation;

	if (has_n && has_k)
		return lt_buf_printf(out, "%s/%s", code_number, code_notation);
	if (has_n)
		return lt_buf_puts(out, code_number);
	if (has_k)
		return lt_buf_puts(out, code_notation);
	return 0;
}

int lt_notation_type_finding(const char *code_notation, const char *type_name, lt_buf *finding)
{
	size_t n, first;
	const lt_code *types;
	const lt_code *type = NULL;
	int rc = 0;

	const char *whole = code_notation;
	int normative;

	if (!code_notation || !*code_notation)
		return 0;
	code_notation = after_year(code_notation);
	normative = code_notation != whole;
	first = strcspn(code_notation, "-");
	types = lt_codelist("typeName", &n);
	if (type_name && *type_name)
		type = lt_codelist_find("typeName", type_name);
	if (type && type->abbr) {
		/* Abbreviations keep their diacritics: "HĐ" and "HD" differ. */
		if (strlen(type->abbr) == first && strncmp(type->abbr, code_notation, first) == 0)
			return 0;
		if (finding)
			rc =
			    lt_buf_printf(finding,
			                  LT_TR("ký hiệu \"%s\" không bắt đầu bằng chữ viết tắt"
			                        " \"%s\" của %s (NĐ 30 Phụ lục III)",
			                        "notation \"%s\" does not start with the"
			                        " abbreviation \"%s\" of %s (NĐ 30 Appendix III)"),
			                  whole, type->abbr, LT_TR(type->label_vi, type->label_en));
		return rc ? rc : 1;
	}
	if (type || normative)
		return 0; /* công văn, the types without an abbreviation, and the
		             legal documents' own forms ("QH14", "NĐ-CP") */
	/* typeName unknown: the first part should at least be some type's
	 * abbreviation, or the notation is that of a công văn (no type part,
	 * at least two parts: "UBND-VP"). */
	for (size_t i = 0; i < n; i++)
		if (types[i].abbr && strlen(types[i].abbr) == first &&
		    strncmp(types[i].abbr, code_notation, first) == 0)
			return 0;
	if (code_notation[first] == '-')
		return 0;
	if (finding)
		rc = lt_buf_printf(finding,
		                   LT_TR("ký hiệu \"%s\" không có chữ viết tắt tên loại văn bản"
		                         " (NĐ 30 Phụ lục III) và chưa có typeName",
		                         "notation \"%s\" has no document type abbreviation"
		                         " (NĐ 30 Appendix III) and typeName is not set"),
		                   whole);
	return rc ? rc : 1;
}
