/* tests/unit/test_fields.c — archive/fields and archive/codelists. */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/fields.h"
#include "core/buf.h"

static void test_field_table(void **state)
{
	(void)state;
	size_t n = 0;
	const lt_field_def *all = lt_fields_all(&n);

	assert_int_equal(n, LT_F__COUNT);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(all[i].id, (lt_field_id)i);
		assert_ptr_equal(lt_field_get(all[i].id), &all[i]);
		assert_ptr_equal(lt_field_find(all[i].tag), &all[i]);
		assert_ptr_equal(lt_field_find(all[i].column), &all[i]);
		if (all[i].type == LT_FT_CODE)
			assert_non_null(lt_codelist(all[i].codelist, NULL));
	}
	assert_ptr_equal(lt_field_find("ISSUEDDATE"), lt_field_get(LT_F_ISSUED_DATE));
	assert_ptr_equal(lt_field_find("issued_date"), lt_field_get(LT_F_ISSUED_DATE));
	assert_null(lt_field_find("issuedDay"));
	assert_null(lt_field_find(NULL));
	assert_null(lt_field_get(LT_F__COUNT));
	assert_string_equal(lt_field_get(LT_F_SUBJECT)->tag, "subject");
	assert_int_equal(lt_field_get(LT_F_SUBJECT)->max_len, 500);
	assert_string_equal(lt_field_label(lt_field_get(LT_F_SUBJECT)), "Trích yếu nội dung");
	lt_lang_set(LT_LANG_EN);
	assert_string_equal(lt_field_label(lt_field_get(LT_F_SUBJECT)), "Subject");
	lt_lang_set(LT_LANG_VI);
}

static void test_codelists_content(void **state)
{
	(void)state;
	static const struct {
		const char *list;
		size_t n;
	} sizes[] = {
	    {"typeName", 32},       {"language", 11}, {"maintenance", 7},        {"mode", 3},
	    {"confidenceLevel", 3}, {"format", 3},    {"riskRecoveryStatus", 2}, {"urgency", 5},
	    {"secrecy", 4},         {"kind", 4},
	};
	size_t n;
	const lt_code *tn;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		assert_non_null(lt_codelist(sizes[i].list, &n));
		assert_int_equal(n, sizes[i].n);
	}
	assert_null(lt_codelist("colour", &n));
	assert_int_equal(n, 0);

	/* typeName 01–32 in order, TT 05/2025 labels, NĐ 30 abbreviations. */
	tn = lt_codelist("typeName", &n);
	for (size_t i = 0; i < n; i++) {
		char code[24];
		snprintf(code, sizeof(code), "%02zu", i + 1);
		assert_string_equal(tn[i].code, code);
		assert_non_null(tn[i].label_en);
	}
	assert_string_equal(tn[0].label_vi, "Nghị quyết");
	assert_string_equal(tn[0].abbr, "NQ");
	assert_string_equal(tn[4].abbr, "QyĐ");
	assert_string_equal(tn[11].abbr, "ĐA");
	assert_string_equal(tn[12].abbr, "DA");
	assert_string_equal(tn[21].label_vi, "Công văn");
	assert_null(tn[21].abbr); /* Công văn has no abbreviation */
	assert_string_equal(tn[31].label_vi, "Khác");

	assert_string_equal(lt_codelist_label("typeName", "22"), "Công văn");
	assert_string_equal(lt_codelist_label("secrecy", "2"), "Tối mật");
	assert_string_equal(lt_codelist_label("urgency", "4"), "Hỏa tốc hẹn giờ");
	assert_string_equal(lt_codelist_label("kind", "incoming"), "Văn bản đến");
	assert_string_equal(lt_codelist_label("maintenance", "01"), "Vĩnh viễn");
	assert_string_equal(lt_codelist_label("mode", "02"), "Sử dụng có điều kiện");
	lt_lang_set(LT_LANG_EN);
	assert_string_equal(lt_codelist_label("typeName", "22"), "Official letter");
	lt_lang_set(LT_LANG_VI);
	assert_null(lt_codelist_label("typeName", "33"));
	assert_null(lt_codelist_label("nolist", "01"));
}

static const char *code_of(const char *list, const char *value)
{
	const lt_code *c = lt_codelist_find(list, value);
	return c ? c->code : NULL;
}

static void test_codelist_find(void **state)
{
	(void)state;
	assert_string_equal(code_of("typeName", "02"), "02");
	assert_string_equal(code_of("typeName", "2"), "02");
	assert_string_equal(code_of("typeName", "Quyết định"), "02");
	assert_string_equal(code_of("typeName", "  quyết định "), "02");
	assert_string_equal(code_of("typeName", "QUYẾT ĐỊNH"), "02");
	assert_string_equal(code_of("typeName", "quyet dinh"), "02");
	assert_string_equal(code_of("typeName", "Decision"), "02");
	assert_string_equal(code_of("typeName", "QĐ"), "02");
	assert_string_equal(code_of("typeName", "qđ"), "02");
	/* Abbreviations keep their diacritics: different documents. */
	assert_string_equal(code_of("typeName", "ĐA"), "12");
	assert_string_equal(code_of("typeName", "DA"), "13");
	assert_string_equal(code_of("typeName", "HĐ"), "21");
	assert_string_equal(code_of("typeName", "HD"), "08");
	assert_string_equal(code_of("typeName", "QyĐ"), "05");
	assert_string_equal(code_of("typeName", "cong van"), "22");
	/* Old and new tone placement are the same word. */
	assert_string_equal(code_of("typeName", "Bản thoả thuận"), "25");
	assert_string_equal(code_of("urgency", "Hoả tốc"), "3");
	assert_string_equal(code_of("urgency", "hoa toc hen gio"), "4");
	assert_string_equal(code_of("secrecy", "Tuyệt mật"), "3");
	assert_string_equal(code_of("secrecy", "mat"), "1");
	assert_string_equal(code_of("language", "Việt"), "01");
	assert_string_equal(code_of("language", "Tiếng Việt"), "01");
	assert_string_equal(code_of("language", "tieng anh"), "02");
	assert_string_equal(code_of("language", "Hán Nôm"), "09");
	assert_string_equal(code_of("kind", "Văn bản đến"), "incoming");
	assert_string_equal(code_of("kind", "outgoing"), "outgoing");
	assert_null(code_of("typeName", "33"));
	assert_null(code_of("typeName", "Sắc lệnh"));
	assert_null(code_of("typeName", "\xff"));
	assert_null(code_of("typeName", NULL));
	assert_null(code_of("nolist", "01"));
}

/* Normalise into a fresh buffer; returns the status, *out the result. */
static int norm(lt_field_id id, const char *value, char **out, lt_error *err)
{
	lt_buf b = LT_BUF_INIT;
	int rc = lt_field_normalize(lt_field_get(id), value, &b, err);

	*out = lt_buf_detach(&b);
	return rc;
}

#define NORM_OK(id, in, want)                                                                      \
	do {                                                                                       \
		char *got_;                                                                        \
		lt_error e_ = LT_ERROR_INIT;                                                       \
		assert_int_equal(norm(id, in, &got_, &e_), 0);                                     \
		assert_string_equal(got_, want);                                                   \
		free(got_);                                                                        \
	} while (0)

#define NORM_BAD(id, in, err)                                                                      \
	do {                                                                                       \
		char *got_;                                                                        \
		assert_int_equal(norm(id, in, &got_, err), LT_EINVAL);                             \
		assert_string_equal(got_, "");                                                     \
		free(got_);                                                                        \
	} while (0)

static void test_normalize_strings(void **state)
{
	(void)state;
	lt_error err = LT_ERROR_INIT;
	lt_buf b = LT_BUF_INIT;
	char long_subject[501 * 3 + 1];

	/* NFC ("e" + U+0302 + U+0301 → "ế"), trimmed, one line. */
	NORM_OK(LT_F_SUBJECT, "  Quye\xcc\x82\xcc\x81t toa\xcc\x81n \n", "Quyết toán");
	NORM_OK(LT_F_SUBJECT, "Về việc\r\n  triển khai\tkế hoạch", "Về việc triển khai kế hoạch");
	NORM_OK(LT_F_ORGAN_NAME, "\xc2\xa0UBND tỉnh\xc2\xa0", "UBND tỉnh");
	/* A long text keeps its lines. */
	NORM_OK(LT_F_TRACE, "Giao phòng A\nHạn 30/9", "Giao phòng A\nHạn 30/9");
	/* Empty means unset: nothing appended. */
	NORM_OK(LT_F_SUBJECT, "   ", "");
	NORM_OK(LT_F_SUBJECT, NULL, "");

	/* 500 characters (1500 bytes) are fine; 501 are not. */
	for (int i = 0; i < 501; i++)
		memcpy(long_subject + 3 * i, "ệ", 3);
	long_subject[500 * 3] = '\0';
	{
		char *got;
		assert_int_equal(norm(LT_F_SUBJECT, long_subject, &got, &err), 0);
		assert_int_equal(strlen(got), 1500);
		free(got);
	}
	memcpy(long_subject + 500 * 3, "ệ", 3);
	long_subject[501 * 3] = '\0';
	NORM_BAD(LT_F_SUBJECT, long_subject, &err);
	assert_non_null(strstr(err.message, "subject"));
	assert_non_null(strstr(err.message, "501"));
	assert_non_null(strstr(err.message, "500"));
	assert_non_null(strstr(err.message, "…")); /* the value is shortened */
	assert_true(strlen(err.message) < 400);

	/* Invalid UTF-8 and control characters. */
	NORM_BAD(LT_F_SUBJECT, "abc\xc3\x28", &err);
	assert_non_null(strstr(err.message, "subject"));
	assert_non_null(strstr(err.message, "UTF-8"));
	NORM_BAD(LT_F_SIGNER_NAME, "Nguyễn\x01Văn A", &err);
	assert_non_null(strstr(err.message, "fullName"));

	/* docId: 25 characters. */
	NORM_OK(LT_F_DOC_ID, "000.00.00.G09-2017-0001", "000.00.00.G09-2017-0001");
	NORM_BAD(LT_F_DOC_ID, "12345678901234567890123456", &err);

	/* On error the buffer keeps what it had. */
	lt_buf_puts(&b, "keep");
	assert_int_equal(lt_field_normalize(lt_field_get(LT_F_ISSUED_DATE), "x", &b, &err),
	                 LT_EINVAL);
	assert_string_equal(lt_buf_cstr(&b), "keep");
	lt_buf_free(&b);

	/* English messages. */
	lt_lang_set(LT_LANG_EN);
	NORM_BAD(LT_F_SUBJECT, long_subject, &err);
	lt_lang_set(LT_LANG_VI);
	assert_non_null(strstr(err.message, "invalid value for field subject"));
}

static void test_normalize_typed(void **state)
{
	(void)state;
	lt_error err = LT_ERROR_INIT;

	NORM_OK(LT_F_ISSUED_DATE, "2017-09-22", "2017-09-22");
	NORM_OK(LT_F_ISSUED_DATE, "22/9/2017", "2017-09-22");
	NORM_OK(LT_F_ISSUED_DATE, " ngày 22 tháng 9 năm 2017 ", "2017-09-22");
	NORM_BAD(LT_F_ISSUED_DATE, "2021-02-29", &err);
	NORM_BAD(LT_F_ISSUED_DATE, "hôm qua", &err);
	assert_non_null(strstr(err.message, "issuedDate"));
	assert_non_null(strstr(err.message, "hôm qua"));

	/* Outgoing field 13.1: the recipient's agency identifier (QCVN 102). */
	NORM_OK(LT_F_RECIPIENT_ORGAN_ID, "000.00.00.G09", "000.00.00.G09");
	NORM_OK(LT_F_RECIPIENT_ORGAN_ID, " 000.00.00.h26 ", "000.00.00.H26");
	NORM_BAD(LT_F_RECIPIENT_ORGAN_ID, "000.00.00.G09.1", &err); /* 15 characters */
	assert_non_null(strstr(err.message, "recipientOrganId"));
	NORM_BAD(LT_F_RECIPIENT_ORGAN_ID, "000..00.G09", &err);
	NORM_BAD(LT_F_RECIPIENT_ORGAN_ID, "Sở Nội vụ", &err);
	NORM_BAD(LT_F_RECIPIENT_ORGAN_ID, "000-00-G09", &err);
	assert_non_null(strstr(err.message, "QCVN 102"));
	assert_non_null(lt_field_find("recipientOrganId"));
	assert_non_null(lt_field_find("recipient_organ_id"));

	NORM_OK(LT_F_PAGE_AMOUNT, "12", "12");
	NORM_OK(LT_F_PAGE_AMOUNT, "0007", "7");
	NORM_OK(LT_F_PAGE_AMOUNT, "0", "0");
	NORM_BAD(LT_F_PAGE_AMOUNT, "12345", &err); /* 4 digits at most */
	NORM_BAD(LT_F_PAGE_AMOUNT, "-1", &err);
	NORM_BAD(LT_F_PAGE_AMOUNT, "1.5", &err);
	NORM_BAD(LT_F_ARRIVAL_NUMBER, "12a", &err);
	assert_non_null(strstr(err.message, "arrivalNumber"));

	NORM_OK(LT_F_TYPE_NAME, "Công văn", "22");
	NORM_OK(LT_F_TYPE_NAME, "QĐ", "02");
	NORM_OK(LT_F_SECRECY, "Mật", "1");
	NORM_OK(LT_F_URGENCY, "0", "0");
	NORM_OK(LT_F_MAINTENANCE, "vinh vien", "01");
	NORM_BAD(LT_F_TYPE_NAME, "Sắc lệnh", &err);
	assert_non_null(strstr(err.message, "typeName"));
	assert_non_null(strstr(err.message, "01–32"));
	NORM_BAD(LT_F_SECRECY, "5", &err);
	assert_non_null(strstr(err.message, "Tuyệt mật")); /* short lists are spelled out */

	NORM_OK(LT_F_RISK_RECOVERY, "1", "1");
	NORM_OK(LT_F_RISK_RECOVERY, "true", "1");
	NORM_OK(LT_F_RISK_RECOVERY, "Có", "1");
	NORM_OK(LT_F_RISK_RECOVERY, "không", "0");
	NORM_OK(LT_F_PROCESS, "FALSE", "0");
	NORM_BAD(LT_F_PROCESS, "maybe", &err);
	assert_non_null(strstr(err.message, "process"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_field_table),     cmocka_unit_test(test_codelists_content),
	    cmocka_unit_test(test_codelist_find),   cmocka_unit_test(test_normalize_strings),
	    cmocka_unit_test(test_normalize_typed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
