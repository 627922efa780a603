/*
 * archive/codelists.c — the code lists of TT 05/2025/TT-BNV (REGULATIONS.md
 * §9.2), the abbreviations of NĐ 30/2020 Phụ lục III, and luutru's own lists
 * (urgency, secrecy, kind).
 *
 * Codes are what the catalog stores; labels are for people. Lookup accepts
 * what an archivist types: the code, the label with or without diacritics,
 * any case, or the abbreviation. Abbreviations are compared with their
 * diacritics kept ("ĐA" Đề án and "DA" Dự án, "HĐ" Hợp đồng and "HD" Hướng
 * dẫn are different documents), labels also folded ("quyet dinh").
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "archive/fields.h"
#include "core/buf.h"
#include "core/text.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const lt_code TYPE_NAME[] = {
    {"01", "Nghị quyết", "Resolution", "NQ"},
    {"02", "Quyết định", "Decision", "QĐ"},
    {"03", "Chỉ thị", "Directive", "CT"},
    {"04", "Quy chế", "Regulation", "QC"},
    {"05", "Quy định", "Rules", "QyĐ"},
    {"06", "Thông cáo", "Communiqué", "TC"},
    {"07", "Thông báo", "Notice", "TB"},
    {"08", "Hướng dẫn", "Guidance", "HD"},
    {"09", "Chương trình", "Programme", "CTr"},
    {"10", "Kế hoạch", "Plan", "KH"},
    {"11", "Phương án", "Option plan", "PA"},
    {"12", "Đề án", "Scheme", "ĐA"},
    {"13", "Dự án", "Project", "DA"},
    {"14", "Báo cáo", "Report", "BC"},
    {"15", "Tờ trình", "Submission", "TTr"},
    {"16", "Giấy ủy quyền", "Power of attorney", "GUQ"},
    {"17", "Phiếu gửi", "Dispatch note", "PG"},
    {"18", "Phiếu chuyển", "Transfer note", "PC"},
    {"19", "Phiếu báo", "Notification note", "PB"},
    {"20", "Biên bản", "Minutes", "BB"},
    {"21", "Hợp đồng", "Contract", "HĐ"},
    {"22", "Công văn", "Official letter", NULL}, /* NĐ 30: no abbreviation */
    {"23", "Công điện", "Official dispatch", "CĐ"},
    {"24", "Bản ghi nhớ", "Memorandum of understanding", "BGN"},
    {"25", "Bản thỏa thuận", "Agreement", "BTT"},
    {"26", "Giấy mời", "Invitation", "GM"},
    {"27", "Giấy giới thiệu", "Letter of introduction", "GGT"},
    {"28", "Giấy nghỉ phép", "Leave permit", "GNP"},
    {"29", "Thư công", "Public letter", NULL},
    {"30", "Bản đồ", "Map", NULL},
    {"31", "Bản vẽ kỹ thuật", "Technical drawing", NULL},
    {"32", "Khác", "Other", NULL},
};

static const lt_code LANGUAGE[] = {
    {"01", "Việt", "Vietnamese", NULL},
    {"02", "Anh", "English", NULL},
    {"03", "Pháp", "French", NULL},
    {"04", "Nga", "Russian", NULL},
    {"05", "Trung", "Chinese", NULL},
    {"06", "Việt-Anh", "Vietnamese-English", NULL},
    {"07", "Việt-Nga", "Vietnamese-Russian", NULL},
    {"08", "Việt-Pháp", "Vietnamese-French", NULL},
    {"09", "Hán Nôm", "Han Nom", NULL},
    {"10", "Việt-Trung", "Vietnamese-Chinese", NULL},
    {"11", "Khác", "Other", NULL},
};

static const lt_code MAINTENANCE[] = {
    {"01", "Vĩnh viễn", "Permanent", NULL}, {"02", "70 năm", "70 years", NULL},
    {"03", "50 năm", "50 years", NULL},     {"04", "30 năm", "30 years", NULL},
    {"05", "20 năm", "20 years", NULL},     {"06", "10 năm", "10 years", NULL},
    {"07", "Khác", "Other", NULL},
};

static const lt_code MODE[] = {
    {"01", "Công khai", "Public", NULL},
    {"02", "Sử dụng có điều kiện", "Restricted use", NULL},
    {"03", "Mật", "Confidential", NULL},
};

static const lt_code CONFIDENCE_LEVEL[] = {
    {"01", "Gốc điện tử", "Born digital", NULL},
    {"02", "Số hóa", "Digitised", NULL},
    {"03", "Hỗn hợp", "Mixed", NULL},
};

static const lt_code FORMAT[] = {
    {"01", "Tốt", "Good", NULL},
    {"02", "Bình thường", "Normal", NULL},
    {"03", "Hỏng", "Damaged", NULL},
};

static const lt_code RISK_RECOVERY_STATUS[] = {
    {"01", "Đã", "Done", NULL},
    {"02", "Chưa", "Not yet", NULL},
};

static const lt_code URGENCY[] = {
    {"0", "Thường", "Normal", NULL},
    {"1", "Khẩn", "Urgent", NULL},
    {"2", "Thượng khẩn", "Very urgent", NULL},
    {"3", "Hỏa tốc", "Express", NULL},
    {"4", "Hỏa tốc hẹn giờ", "Express, timed", NULL},
};

static const lt_code SECRECY[] = {
    {"0", "Thường", "Unclassified", NULL},
    {"1", "Mật", "Confidential", NULL},
    {"2", "Tối mật", "Secret", NULL},
    {"3", "Tuyệt mật", "Top secret", NULL},
};

static const lt_code KIND[] = {
    {"incoming", "Văn bản đến", "Incoming", NULL},
    {"outgoing", "Văn bản đi", "Outgoing", NULL},
    {"internal", "Văn bản nội bộ", "Internal", NULL},
    {"scanned", "Tài liệu số hóa", "Digitised document", NULL},
};

static const struct {
	const char *name;
	const lt_code *codes;
	size_t n;
} LISTS[] = {
    {"typeName", TYPE_NAME, N(TYPE_NAME)},
    {"language", LANGUAGE, N(LANGUAGE)},
    {"maintenance", MAINTENANCE, N(MAINTENANCE)},
    {"mode", MODE, N(MODE)},
    {"confidenceLevel", CONFIDENCE_LEVEL, N(CONFIDENCE_LEVEL)},
    {"format", FORMAT, N(FORMAT)},
    {"riskRecoveryStatus", RISK_RECOVERY_STATUS, N(RISK_RECOVERY_STATUS)},
    {"urgency", URGENCY, N(URGENCY)},
    {"secrecy", SECRECY, N(SECRECY)},
    {"kind", KIND, N(KIND)},
};

const lt_code *lt_codelist(const char *name, size_t *n)
{
	for (size_t i = 0; name && i < N(LISTS); i++) {
		if (strcmp(LISTS[i].name, name) == 0) {
			if (n)
				*n = LISTS[i].n;
			return LISTS[i].codes;
		}
	}
	if (n)
		*n = 0;
	return NULL;
}

typedef int (*keyfn)(lt_buf *, const char *, size_t, lt_error *);

/* 1 when key(a) == key(b); invalid text never matches. */
static int same_key(keyfn key, const char *a, const char *b)
{
	lt_buf ka = LT_BUF_INIT, kb = LT_BUF_INIT;
	int same = a && b && key(&ka, a, LT_TEXT_STRLEN, NULL) == 0 &&
	           key(&kb, b, LT_TEXT_STRLEN, NULL) == 0 && ka.len == kb.len &&
	           memcmp(lt_buf_cstr(&ka), lt_buf_cstr(&kb), ka.len) == 0;

	lt_buf_free(&ka);
	lt_buf_free(&kb);
	return same;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

static const lt_code *find_in(const lt_code *codes, size_t n, const char *v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(codes[i].code, v) == 0)
			return &codes[i];
	for (i = 0; i < n; i++)
		if (strcmp(codes[i].label_vi, v) == 0 || strcasecmp(codes[i].label_en, v) == 0 ||
		    (codes[i].abbr && strcmp(codes[i].abbr, v) == 0))
			return &codes[i];
	/* Same diacritics, any case and tone placement ("hoả tốc", "qđ"). */
	for (i = 0; i < n; i++)
		if (same_key(lt_text_exact, codes[i].label_vi, v) ||
		    (codes[i].abbr && same_key(lt_text_exact, codes[i].abbr, v)))
			return &codes[i];
	/* Typed without diacritics ("quyet dinh"). Labels only: folded
	 * abbreviations collide (ĐA/DA). */
	for (i = 0; i < n; i++)
		if (same_key(lt_text_fold, codes[i].label_vi, v) ||
		    same_key(lt_text_fold, codes[i].label_en, v))
			return &codes[i];
	/* "2" for "02", "01" for "1". */
	if (all_digits(v) && strlen(v) <= 4) {
		long want = strtol(v, NULL, 10);
		for (i = 0; i < n; i++)
			if (all_digits(codes[i].code) && strtol(codes[i].code, NULL, 10) == want)
				return &codes[i];
	}
	return NULL;
}

const lt_code *lt_codelist_find(const char *list, const char *value)
{
	size_t n;
	const lt_code *codes = lt_codelist(list, &n);
	const lt_code *hit;
	lt_buf v = LT_BUF_INIT, folded = LT_BUF_INIT;
	const char *s, *e;

	if (!codes || !value)
		return NULL;
	s = value;
	e = value + strlen(value);
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	if (lt_text_nfc(&v, s, (size_t)(e - s), NULL) != 0) {
		lt_buf_free(&v);
		return NULL;
	}
	hit = find_in(codes, n, lt_buf_cstr(&v));
	/* Languages are often written "Tiếng Việt". */
	if (!hit && strcmp(list, "language") == 0 &&
	    lt_text_fold(&folded, v.data ? v.data : "", v.len, NULL) == 0 &&
	    strncmp(lt_buf_cstr(&folded), "tieng ", 6) == 0) {
		/* The folded prefix "tieng " is 6 bytes; in the NFC original
		 * it is "tiếng " (8 bytes) or "tieng " — skip the first word. */
		const char *sp = strchr(lt_buf_cstr(&v), ' ');
		if (sp)
			hit = find_in(codes, n, sp + 1);
	}
	lt_buf_free(&v);
	lt_buf_free(&folded);
	return hit;
}

const char *lt_codelist_label(const char *list, const char *code)
{
	size_t n;
	const lt_code *codes = lt_codelist(list, &n);

	for (size_t i = 0; codes && code && i < n; i++)
		if (strcmp(codes[i].code, code) == 0)
			return lt_lang_get() == LT_LANG_EN ? codes[i].label_en : codes[i].label_vi;
	return NULL;
}

const char *lt_codelist_label_vi(const char *list, const char *code)
{
	size_t n;
	const lt_code *codes = lt_codelist(list, &n);

	for (size_t i = 0; codes && code && i < n; i++)
		if (strcmp(codes[i].code, code) == 0)
			return codes[i].label_vi;
	return NULL;
}
