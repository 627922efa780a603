/* tests/unit/test_vnenc.c — core/vnenc: TCVN3 and VNI decoding, detection,
 * font names, repair of text read as Windows-1252, the syllable test. */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "core/vnenc/vnenc.h"

static char *decode(lt_vnenc enc, const char *bytes, int upper)
{
	lt_buf b = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;

	char *s;

	if (lt_vnenc_decode(&b, enc, bytes, strlen(bytes), upper, &err) != LT_OK)
		fail_msg("decode: %s", err.message);
	s = lt_buf_detach(&b);
	return s ? s : strdup("");
}

static char *encode(lt_vnenc enc, const char *text, size_t *lost)
{
	lt_buf b = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;

	if (lt_vnenc_encode(&b, enc, text, strlen(text), lost, &err) != LT_OK)
		fail_msg("encode: %s", err.message);
	if (!b.data)
		return strdup("");
	return lt_buf_detach(&b);
}

static void assert_decodes(lt_vnenc enc, const char *bytes, const char *want)
{
	lt_buf b = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(lt_vnenc_decode(&b, enc, bytes, strlen(bytes), 0, &err), LT_OK);
	assert_string_equal(lt_buf_cstr(&b), want);
	lt_buf_free(&b);
}

/* Bytes typed in TCVN3 with the ABC fonts, from the chart. */
static void test_tcvn3_chart(void **state)
{
	(void)state;
	/* "Bảo Thắng", "Mường Khương", "Đơn vị tiếng Việt" */
	assert_decodes(LT_VNENC_TCVN3, "B\xB6o Th\xBEng", "Bảo Thắng");
	assert_decodes(LT_VNENC_TCVN3, "M\xAD\xEAng Kh\xAD\xACng", "Mường Khương");
	assert_decodes(LT_VNENC_TCVN3, "\xA7\xACn v\xDE ti\xD5ng Vi\xD6t", "Đơn vị tiếng Việt");
	/* the seven capitals, and a Windows-1252 quote kept */
	assert_decodes(LT_VNENC_TCVN3, "\xA1\xA2\xA3\xA4\xA5\xA6\xA7 \x93x\x94", "ĂÂÊÔƠƯĐ “x”");
}

static void test_vni_chart(void **state)
{
	(void)state;
	/* "Xin chào các bạn", "người", "Ủy ban nhân dân", "Quyết định" */
	assert_decodes(LT_VNENC_VNI, "Xin cha\xF8o ca\xF9\x63 ba\xEFn", "Xin chào các bạn");
	assert_decodes(LT_VNENC_VNI, "ng\xF6\xF4\xF8i", "người");
	assert_decodes(LT_VNENC_VNI, "U\xDBy ban nha\xE2n da\xE2n", "Ủy ban nhân dân");
	assert_decodes(LT_VNENC_VNI, "Quye\xE1t \xF1\xF2nh", "Quyết định");
	assert_decodes(LT_VNENC_VNI, "\xD1O\xC2NG", "ĐÔNG");
	assert_decodes(LT_VNENC_VNI, "ta\xEB\x63 kh\xEE", "tặc khỵ");
	/* a mark byte where no vowel can take it stays Windows-1252 */
	assert_decodes(LT_VNENC_VNI, "x\xF9", "xù");
}

/* Every Vietnamese letter, small and capital, goes through each encoding
 * and back. */
static void test_round_trip_alphabet(void **state)
{
	static const char *letters =
	    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvx"
	    "yỳỷỹýỵ";
	lt_buf upper = LT_BUF_INIT;
	(void)state;

	for (int e = LT_VNENC_TCVN3; e <= LT_VNENC_VNI; e++) {
		size_t lost = 99;
		char *bytes = encode((lt_vnenc)e, letters, &lost);
		char *back = decode((lt_vnenc)e, bytes, 0);
		assert_int_equal(lost, 0);
		assert_string_equal(back, letters);
		free(back);
		/* The same bytes in an all-capitals font. */
		back = decode((lt_vnenc)e, bytes, 1);
		assert_true(strstr(back, "ẶÂẦ") != NULL);
		free(back);
		free(bytes);
	}
	/* VNI has every capital; TCVN3 writes toned capitals small. */
	lt_buf_puts(&upper, "ĐẠI HỘI ĐẢNG ỦY Ưng Ơn");
	{
		size_t lost = 0;
		char *bytes = encode(LT_VNENC_VNI, upper.data, &lost);
		char *back = decode(LT_VNENC_VNI, bytes, 0);
		assert_int_equal(lost, 0);
		assert_string_equal(back, upper.data);
		free(back);
		free(bytes);
		bytes = encode(LT_VNENC_TCVN3, upper.data, &lost);
		back = decode(LT_VNENC_TCVN3, bytes, 0);
		assert_int_equal(lost, 4); /* Ạ Ộ Ả Ủ; Đ Ư Ơ are TCVN3 capitals */
		assert_string_equal(back, "ĐạI HộI ĐảNG ủY Ưng Ơn");
		free(back);
		free(bytes);
	}
	lt_buf_free(&upper);
}

static void test_detect(void **state)
{
	const char *text = "Điều 5. Ủy ban nhân dân tỉnh quyết định việc lập hồ sơ, "
	                   "lưu trữ văn bản điện tử của cơ quan theo quy định.";
	char *t = encode(LT_VNENC_TCVN3, text, NULL);
	char *v = encode(LT_VNENC_VNI, text, NULL);
	(void)state;

	assert_int_equal(lt_vnenc_detect(text, strlen(text)), LT_VNENC_UNICODE);
	assert_int_equal(lt_vnenc_detect("plain ASCII", 11), LT_VNENC_UNICODE);
	assert_int_equal(lt_vnenc_detect(t, strlen(t)), LT_VNENC_TCVN3);
	assert_int_equal(lt_vnenc_detect(v, strlen(v)), LT_VNENC_VNI);
	/* Western European Windows-1252 text is neither. */
	{
		static const char w1252[] =
		    "Caf\xE9 cr\xE8me br\xFBl\xE9\x65 \xE0 la fran\xE7\x61ise";
		assert_int_equal(lt_vnenc_detect(w1252, sizeof(w1252) - 1), LT_VNENC_UNKNOWN);
	}
	/* Binary. */
	assert_int_equal(lt_vnenc_detect("\x01\x02\xFF\xFE\x00\x80", 6), LT_VNENC_UNKNOWN);
	/* Damaged UTF-8 — a sequence cut at the end, a stray byte — is not
	 * legacy text, though its bytes may read as VNI. */
	assert_int_equal(lt_vnenc_detect("h\xe1\xbb\x93 s\xc6", 7), LT_VNENC_UNKNOWN);
	{
		char *d = strdup(text);
		d[strlen(d) - 3] = (char)0xff;
		assert_int_equal(lt_vnenc_detect(d, strlen(d)), LT_VNENC_UNKNOWN);
		free(d);
	}
	free(t);
	free(v);
}

static void test_fonts(void **state)
{
	int upper = -1;
	(void)state;

	assert_int_equal(lt_vnenc_from_font(".VnTime", &upper), LT_VNENC_TCVN3);
	assert_int_equal(upper, 0);
	assert_int_equal(lt_vnenc_from_font(".VnTimeH", &upper), LT_VNENC_TCVN3);
	assert_int_equal(upper, 1);
	assert_int_equal(lt_vnenc_from_font("VnArial", &upper), LT_VNENC_TCVN3);
	assert_int_equal(lt_vnenc_from_font("VNI-Times", &upper), LT_VNENC_VNI);
	assert_int_equal(upper, 0);
	assert_int_equal(lt_vnenc_from_font("Times New Roman", &upper), LT_VNENC_UNICODE);
	assert_int_equal(lt_vnenc_from_font("Vnexpress", &upper), LT_VNENC_UNICODE);
	assert_int_equal(lt_vnenc_from_font(NULL, &upper), LT_VNENC_UNICODE);
}

/* Text whose characters are the Windows-1252 reading of legacy bytes. */
static void test_cp1252_text(void **state)
{
	lt_buf b = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_vnenc used = LT_VNENC_UNKNOWN;
	(void)state;

	assert_int_equal(
	    lt_vnenc_decode_cp1252(&b, LT_VNENC_TCVN3, "B¶o Th¾ng", strlen("B¶o Th¾ng"), 0, &err),
	    0);
	assert_string_equal(lt_buf_cstr(&b), "Bảo Thắng");
	lt_buf_reset(&b);
	assert_int_equal(
	    lt_vnenc_decode_cp1252(&b, LT_VNENC_VNI, "Quyeát ñònh", strlen("Quyeát ñònh"), 1, &err),
	    0);
	assert_string_equal(lt_buf_cstr(&b), "QUYẾT ĐỊNH");
	lt_buf_reset(&b);

	/* Repair: the TCVN3 line is converted, the Unicode lines are not. */
	{
		/* line 2: "Quy định về lập hồ sơ" in TCVN3 read as Windows-1252 */
		char *bytes = encode(LT_VNENC_TCVN3, "Quy định về lập hồ sơ", NULL);
		lt_buf mixed = LT_BUF_INIT, cp = LT_BUF_INIT;
		/* build the Windows-1252 reading of the TCVN3 bytes */
		for (const unsigned char *p = (const unsigned char *)bytes; *p; p++) {
			if (*p < 0x80)
				lt_buf_putc(&cp, (char)*p);
			else {
				lt_buf_putc(&cp, (char)(0xC0 | (*p >> 6)));
				lt_buf_putc(&cp, (char)(0x80 | (*p & 0x3F)));
			}
		}
		lt_buf_puts(&mixed, "Hồ sơ lưu trữ năm 2024\n");
		lt_buf_puts(&mixed, lt_buf_cstr(&cp));
		lt_buf_puts(&mixed, "\nplain ascii line, thế thể thê\n");
		assert_int_equal(lt_vnenc_repair(&b, mixed.data, mixed.len, &used, &err), 0);
		assert_string_equal(lt_buf_cstr(&b),
		                    "Hồ sơ lưu trữ năm 2024\nQuy định về lập hồ sơ\n"
		                    "plain ascii line, thế thể thê\n");
		assert_int_equal(used, LT_VNENC_TCVN3);
		lt_buf_reset(&b);
		/* Vietnamese Unicode alone: unchanged, used = Unicode. */
		assert_int_equal(lt_vnenc_repair(&b, "Hồ sơ lưu trữ, tiếng Việt",
		                                 strlen("Hồ sơ lưu trữ, tiếng Việt"), &used, &err),
		                 0);
		assert_string_equal(lt_buf_cstr(&b), "Hồ sơ lưu trữ, tiếng Việt");
		assert_int_equal(used, LT_VNENC_UNICODE);
		free(bytes);
		lt_buf_free(&mixed);
		lt_buf_free(&cp);
	}
	lt_buf_free(&b);
}

static void test_syllables(void **state)
{
	static const char *yes[] = {"người", "nghiêng", "khuỷu", "quyết", "giữa",  "gì",
	                            "thuở",  "xoăn",    "hoà",   "Việt",  "ĐƯỜNG", "oai"};
	static const char *no[] = {"chaứo", "tiÕng", "µ", "Bø", "ươươ", "tiếngg", "ạá"};
	(void)state;

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!lt_vnenc_syllable(yes[i], strlen(yes[i])))
			fail_msg("%s should be a syllable", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (lt_vnenc_syllable(no[i], strlen(no[i])))
			fail_msg("%s should not be a syllable", no[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tcvn3_chart),
	    cmocka_unit_test(test_vni_chart),
	    cmocka_unit_test(test_round_trip_alphabet),
	    cmocka_unit_test(test_detect),
	    cmocka_unit_test(test_fonts),
	    cmocka_unit_test(test_cp1252_text),
	    cmocka_unit_test(test_syllables),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
