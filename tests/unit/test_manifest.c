/* tests/unit/test_manifest.c — archive/manifest: JSONL and CSV rows, row
 * errors with line numbers, manifest-level refusals. */
#include "tests/unit/support.h"

#include <stdlib.h>
#include <string.h>

#include "archive/manifest.h"

static lt_manifest *parse(const char *s, lt_manifest_format fmt)
{
	lt_manifest *m = NULL;
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(lt_manifest_parse(&m, s, strlen(s), fmt, "manifest", &err), 0);
	assert_non_null(m);
	return m;
}

static void test_format_of(void **state)
{
	(void)state;
	assert_int_equal(lt_manifest_format_of("manifest.jsonl"), LT_MANIFEST_JSONL);
	assert_int_equal(lt_manifest_format_of("box1/MANIFEST.CSV"), LT_MANIFEST_CSV);
	assert_int_equal(lt_manifest_format_of("manifest.json"), -1);
	assert_int_equal(lt_manifest_format_of("a.png"), -1);
}

static void test_jsonl_rows(void **state)
{
	const char *s = "{\"docId\": \"D1\", \"subject\": \"Về việc A\", \"file\": \"a.png\"}\n"
	                "\n"
	                "  {\"docId\": \"D2\", \"pageAmount\": 3, \"text\": \"nội dung\", "
	                "\"keyword\": null}\r\n";
	lt_manifest *m = parse(s, LT_MANIFEST_JSONL);
	const lt_manifest_row *r;

	(void)state;
	assert_int_equal(lt_manifest_count(m), 2);
	r = lt_manifest_row_at(m, 0);
	assert_null(r->error);
	assert_int_equal(r->line, 1);
	assert_string_equal(r->file, "a.png");
	assert_null(r->text);
	assert_int_equal(r->nmeta, 2);
	assert_string_equal(lt_manifest_row_get(r, "docid"), "D1");
	assert_string_equal(lt_manifest_row_get(r, "subject"), "Về việc A");
	r = lt_manifest_row_at(m, 1);
	assert_null(r->error);
	assert_int_equal(r->line, 3);
	assert_string_equal(r->text, "nội dung");
	assert_string_equal(lt_manifest_row_get(r, "pageAmount"), "3");
	assert_null(lt_manifest_row_get(r, "keyword"));
	assert_null(lt_manifest_row_at(m, 2));
	lt_manifest_free(m);
}

static void test_jsonl_errors_have_lines(void **state)
{
	const char *s = "{\"docId\": \"D1\", \"text\": \"x\"}\n"
	                "{\"docId\": \"D2\", \"text\": \n"
	                "[1, 2]\n"
	                "{\"docId\": \"D4\"}\n"
	                "{\"docId\": \"D5\", \"text\": \"x\", \"file\": \"a\"}\n"
	                "{\"docId\": {\"x\": 1}, \"text\": \"x\"}\n"
	                "{\"docId\": \"D7\", \"docId\": \"D8\", \"text\": \"x\"}\n";
	lt_manifest *m = parse(s, LT_MANIFEST_JSONL);

	(void)state;
	assert_int_equal(lt_manifest_count(m), 7);
	assert_null(lt_manifest_row_at(m, 0)->error);
	for (size_t i = 1; i < 7; i++) {
		const lt_manifest_row *r = lt_manifest_row_at(m, i);
		assert_non_null(r->error);
		assert_int_equal(r->line, i + 1);
	}
	assert_non_null(strstr(lt_manifest_row_at(m, 1)->error, "JSON"));
	assert_non_null(strstr(lt_manifest_row_at(m, 3)->error, "file"));
	lt_manifest_free(m);
}

static void test_csv_quotes_newlines_bom(void **state)
{
	const char *s = "\xEF\xBB\xBF"
	                "docId,subject,text\r\n"
	                "D1,\"Về việc A, B\",\"dòng một\ndòng \"\"hai\"\"\"\r\n"
	                "\r\n"
	                "D2,,plain\n"
	                "D3,x,\"last\"";
	lt_manifest *m = parse(s, LT_MANIFEST_CSV);
	const lt_manifest_row *r;

	(void)state;
	assert_int_equal(lt_manifest_count(m), 3);
	r = lt_manifest_row_at(m, 0);
	assert_null(r->error);
	assert_int_equal(r->line, 2);
	assert_string_equal(lt_manifest_row_get(r, "docId"), "D1");
	assert_string_equal(lt_manifest_row_get(r, "subject"), "Về việc A, B");
	assert_string_equal(r->text, "dòng một\ndòng \"hai\"");
	r = lt_manifest_row_at(m, 1);
	assert_int_equal(r->line, 5); /* the quoted newline counts */
	assert_null(lt_manifest_row_get(r, "subject"));
	assert_string_equal(r->text, "plain");
	r = lt_manifest_row_at(m, 2);
	assert_string_equal(r->text, "last");
	lt_manifest_free(m);
}

static void test_csv_row_errors(void **state)
{
	const char *s = "docId,file\nD1,a.png,extra\nD2\nD3,b.png\n";
	lt_manifest *m = parse(s, LT_MANIFEST_CSV);

	(void)state;
	assert_int_equal(lt_manifest_count(m), 3);
	assert_non_null(lt_manifest_row_at(m, 0)->error);
	assert_int_equal(lt_manifest_row_at(m, 0)->line, 2);
	assert_non_null(lt_manifest_row_at(m, 1)->error);
	assert_null(lt_manifest_row_at(m, 2)->error);
	assert_string_equal(lt_manifest_row_at(m, 2)->file, "b.png");
	lt_manifest_free(m);
}

static void test_refused_manifests(void **state)
{
	lt_manifest *m = (lt_manifest *)1;
	lt_error err = LT_ERROR_INIT;
	const char *unterminated = "docId,text\nD1,\"never closed\n";
	const char *bad_header = "docId,colour,text\nD1,red,x\n";
	const char *bad_utf8 = "{\"docId\": \"\xC3\x28\", \"text\": \"x\"}\n";

	(void)state;
	assert_int_equal(lt_manifest_parse(&m, unterminated, strlen(unterminated), LT_MANIFEST_CSV,
	                                   "manifest.csv", &err),
	                 LT_EINVAL);
	assert_null(m);
	assert_non_null(strstr(err.message, "2"));
	assert_int_equal(lt_manifest_parse(&m, bad_header, strlen(bad_header), LT_MANIFEST_CSV,
	                                   "manifest.csv", &err),
	                 LT_EINVAL);
	assert_non_null(strstr(err.message, "colour"));
	assert_int_equal(lt_manifest_parse(&m, bad_utf8, strlen(bad_utf8), LT_MANIFEST_JSONL,
	                                   "manifest.jsonl", &err),
	                 LT_EINVAL);
	assert_non_null(strstr(err.message, "manifest.jsonl"));
	assert_int_equal(lt_manifest_parse(&m, "", 0, LT_MANIFEST_CSV, "manifest.csv", &err),
	                 LT_EINVAL);
}

/* Issue 18.9: a manifest with TT 02/2019 column names is mapped, not
 * refused: the dossier-code parts make fileCode, DocCode is the document
 * identifier (docId); in JSONL too. */
static void test_tt02_names(void **state)
{
	const char *csv =
	    "Identifier,OrganId,FileCatalog,FileNotation,DocCode,TypeName,Subject,IssuedDate,"
	    "PageAmount,file\n"
	    "H26,001,2015,01.TH,H26.001.2015.01.TH.0000001,Công văn,Về việc kiểm kê,05/03/2015,2,"
	    "a.pdf\n"
	    ",,,,,Quyết định,Về việc thành lập,06/03/2015,1,b.pdf\n";
	const char *jsonl =
	    "{\"OrganId\": \"001\", \"FileCatalog\": 2016, \"FileNotation\": "
	    "\"02.TH\", \"DocCode\": \"X-1\", \"subject\": \"s\", \"text\": \"t\"}\n"
	    "{\"FileCode\": \"G.2016.03\", \"OrganId\": \"001\", \"text\": \"u\"}\n";
	lt_manifest *m;
	const lt_manifest_row *r;

	(void)state;
	m = parse(csv, LT_MANIFEST_CSV);
	assert_int_equal(lt_manifest_count(m), 2);
	r = lt_manifest_row_at(m, 0);
	assert_null(r->error);
	assert_string_equal(lt_manifest_row_get(r, "fileCode"), "H26.001.2015.01.TH");
	assert_string_equal(lt_manifest_row_get(r, "docId"), "H26.001.2015.01.TH.0000001");
	assert_null(lt_manifest_row_get(r, "docCode"));
	assert_null(lt_manifest_row_get(r, "Identifier"));
	assert_string_equal(lt_manifest_row_get(r, "typeName"), "Công văn");
	r = lt_manifest_row_at(m, 1);
	assert_null(r->error);
	assert_null(lt_manifest_row_get(r, "fileCode"));
	lt_manifest_free(m);
	m = parse(jsonl, LT_MANIFEST_JSONL);
	r = lt_manifest_row_at(m, 0);
	assert_string_equal(lt_manifest_row_get(r, "fileCode"), "001.2016.02.TH");
	assert_string_equal(lt_manifest_row_get(r, "docId"), "X-1");
	r = lt_manifest_row_at(m, 1); /* FileCode given: kept */
	assert_string_equal(lt_manifest_row_get(r, "fileCode"), "G.2016.03");
	lt_manifest_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tt02_names),
	    cmocka_unit_test(test_format_of),
	    cmocka_unit_test(test_jsonl_rows),
	    cmocka_unit_test(test_jsonl_errors_have_lines),
	    cmocka_unit_test(test_csv_quotes_newlines_bom),
	    cmocka_unit_test(test_csv_row_errors),
	    cmocka_unit_test(test_refused_manifests),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
