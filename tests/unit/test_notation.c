/* tests/unit/test_notation.c — archive/notation: rule 6 and the type
 * abbreviation finding. */
#include "tests/unit/support.h"

#include <string.h>

#include "archive/notation.h"

static void test_valid_pairs(void **state)
{
	(void)state;
	assert_int_equal(lt_notation_check("05", "QĐ-UBND", NULL), 0);
	assert_int_equal(lt_notation_check("123", "UBND-VP", NULL), 0);
	assert_int_equal(lt_notation_check("1234", "TTr-SNV", NULL), 0);
	assert_int_equal(lt_notation_check("10", "QĐ", NULL), 0);
	assert_int_equal(lt_notation_check("07", "KH-đ2", NULL), 0);
	/* Unset halves are not checked. */
	assert_int_equal(lt_notation_check(NULL, NULL, NULL), 0);
	assert_int_equal(lt_notation_check("", "QĐ-UBND", NULL), 0);
	assert_int_equal(lt_notation_check("15", NULL, NULL), 0);
}

static void test_bad_number(void **state)
{
	lt_error err = LT_ERROR_INIT;

	(void)state;
	assert_int_equal(lt_notation_check("5", "QĐ-UBND", &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "05")); /* says how to write it */
	assert_int_equal(lt_notation_check("1a", "QĐ-UBND", &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "1a"));
	assert_int_equal(lt_notation_check("-12", NULL, NULL), LT_EINVAL);
	assert_int_equal(lt_notation_check(" 12", NULL, NULL), LT_EINVAL);
}

static void test_bad_notation(void **state)
{
	lt_error err = LT_ERROR_INIT;

	(void)state;
	assert_int_equal(lt_notation_check("05", "QĐ--UBND", &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "QĐ--UBND"));
	assert_int_equal(lt_notation_check("05", "-UBND", NULL), LT_EINVAL);
	assert_int_equal(lt_notation_check("05", "UBND-", NULL), LT_EINVAL);
	assert_int_equal(lt_notation_check("05", "QĐ UBND", NULL), LT_EINVAL);
	assert_int_equal(lt_notation_check("05", "QĐ/UBND", NULL), LT_EINVAL);
	/* Letters with diacritics other than Đ/đ are not allowed. */
	assert_int_equal(lt_notation_check("05", "QĐ-ỦBND", NULL), LT_EINVAL);
	assert_int_equal(lt_notation_check("05", "\xC4", NULL), LT_EINVAL);
}

/* Legal normative documents: "số/năm/ký hiệu" (the year is stored in the
 * notation), valid in form; their own forms have no NĐ 30 type part. */
static void test_normative(void **state)
{
	lt_buf f = LT_BUF_INIT;

	(void)state;
	assert_int_equal(lt_notation_check("57", "2020/QH14", NULL), 0);
	assert_int_equal(lt_notation_check("30", "2020/NĐ-CP", NULL), 0);
	assert_int_equal(lt_notation_check("05", "2025/TT-BNV", NULL), 0);
	assert_int_equal(lt_notation_check("15", "2024/QĐ-UBND", NULL), 0);
	/* Only a year, then a whole notation. */
	assert_int_equal(lt_notation_check("12", "2020/", NULL), LT_EINVAL);
	assert_int_equal(lt_notation_check("12", "2020//QH14", NULL), LT_EINVAL);
	assert_int_equal(lt_notation_check("12", "1800/QH14", NULL), LT_EINVAL);
	assert_int_equal(lt_notation_check("12", "20201/QH14", NULL), LT_EINVAL);
	assert_int_equal(lt_notation_check("12", "QH14/2020", NULL), LT_EINVAL);
	/* No finding for a law's "QH14" without a typeName ... */
	assert_int_equal(lt_notation_type_finding("2020/QH14", NULL, &f), 0);
	assert_int_equal(f.len, 0);
	/* ... but a decision's type part is still checked after the year. */
	assert_int_equal(lt_notation_type_finding("2024/QĐ-UBND", "02", &f), 0);
	assert_int_equal(lt_notation_type_finding("2024/TB-UBND", "02", &f), 1);
	assert_non_null(strstr(lt_buf_cstr(&f), "2024/TB-UBND"));
	lt_buf_free(&f);
}

static void test_format(void **state)
{
	lt_buf b = LT_BUF_INIT;

	(void)state;
	assert_int_equal(lt_notation_format(&b, "05", "QĐ-UBND"), 0);
	assert_string_equal(lt_buf_cstr(&b), "05/QĐ-UBND");
	lt_buf_reset(&b);
	assert_int_equal(lt_notation_format(&b, NULL, "UBND-VP"), 0);
	assert_string_equal(lt_buf_cstr(&b), "UBND-VP");
	lt_buf_reset(&b);
	assert_int_equal(lt_notation_format(&b, NULL, ""), 0);
	assert_int_equal(b.len, 0);
	lt_buf_free(&b);
}

static void test_type_finding(void **state)
{
	lt_buf f = LT_BUF_INIT;

	(void)state;
	/* Quyết định (02) is QĐ. */
	assert_int_equal(lt_notation_type_finding("QĐ-UBND", "02", &f), 0);
	assert_int_equal(f.len, 0);
	assert_int_equal(lt_notation_type_finding("TB-UBND", "02", &f), 1);
	assert_non_null(strstr(lt_buf_cstr(&f), "QĐ"));
	lt_buf_reset(&f);
	/* Diacritics count: HD is Hướng dẫn, HĐ is Hợp đồng (21). */
	assert_int_equal(lt_notation_type_finding("HD-UBND", "21", &f), 1);
	lt_buf_reset(&f);
	/* Công văn (22) has no type part. */
	assert_int_equal(lt_notation_type_finding("UBND-VP", "22", NULL), 0);
	/* No typeName: a known abbreviation or a công văn shape passes. */
	assert_int_equal(lt_notation_type_finding("KH-UBND", NULL, NULL), 0);
	assert_int_equal(lt_notation_type_finding("UBND-VP", NULL, NULL), 0);
	assert_int_equal(lt_notation_type_finding("XYZ", NULL, &f), 1);
	assert_true(f.len > 0);
	assert_int_equal(lt_notation_type_finding(NULL, "02", NULL), 0);
	lt_buf_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid_pairs),  cmocka_unit_test(test_bad_number),
	    cmocka_unit_test(test_bad_notation), cmocka_unit_test(test_format),
	    cmocka_unit_test(test_type_finding), cmocka_unit_test(test_normative),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
