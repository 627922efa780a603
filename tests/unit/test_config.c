/* tests/unit/test_config.c — core/config: defaults, typed values, unknown
 * keys warned, bad values refused naming the line. */
#include "tests/unit/support.h"

#include <stdlib.h>
#include <string.h>

#include "archive/ingest.h"
#include "core/config.h"
#include "core/fs.h"

static void test_defaults(void **state)
{
	lt_config *c = lt_config_defaults();

	(void)state;
	assert_non_null(c);
	assert_int_equal(lt_config_bool(c, LT_CONF_ISOLATED), 0);
	assert_int_equal(lt_config_u64(c, LT_CONF_MAX_UPLOAD_BYTES), 512ull * 1024 * 1024);
	assert_int_equal(lt_config_u64(c, LT_CONF_MAX_PAGES), 2000);
	assert_int_equal(lt_config_u64(c, LT_CONF_MAX_QUERY_BYTES), 4096);
	/* NULL means defaults too */
	assert_int_equal(lt_config_u64(NULL, LT_CONF_ARCHIVE_MAX_RATIO), 200);
	assert_string_equal(lt_config_key_name(LT_CONF_FIXITY_INTERVAL_HOURS),
	                    "fixity_interval_hours");
	lt_config_free(c);
	lt_config_free(NULL);
}

static void test_values(void **state)
{
	lt_config *c = NULL;
	lt_error err = LT_ERROR_INIT;

	(void)state;
	assert_int_equal(lt_config_parse(&c,
	                                 "# comment\n"
	                                 "\n"
	                                 "  isolated = true  \n"
	                                 "max_pages=7\n"
	                                 "max_pixels = 1000\n"
	                                 "colour = blue\n"
	                                 "archive_max_entries = 12",
	                                 "t.conf", &err),
	                 0);
	assert_int_equal(lt_config_bool(c, LT_CONF_ISOLATED), 1);
	assert_int_equal(lt_config_u64(c, LT_CONF_MAX_PAGES), 7);
	assert_int_equal(lt_config_u64(c, LT_CONF_MAX_PIXELS), 1000);
	assert_int_equal(lt_config_u64(c, LT_CONF_ARCHIVE_MAX_ENTRIES), 12);
	assert_int_equal(lt_config_unknown_keys(c), 1);
	/* untouched keys keep their defaults */
	assert_int_equal(lt_config_u64(c, LT_CONF_MAX_MANIFEST_ROWS), 5000000);
	lt_config_free(c);
}

static void expect_bad(const char *text, const char *needle)
{
	lt_config *c = (lt_config *)1;
	lt_error err = LT_ERROR_INIT;

	lt_lang_set(LT_LANG_EN);
	assert_int_equal(lt_config_parse(&c, text, "x.conf", &err), LT_EINVAL);
	assert_null(c);
	if (!strstr(err.message, needle))
		fail_msg("'%s' lacks '%s'", err.message, needle);
	lt_lang_set(LT_LANG_VI);
}

static void test_bad_values(void **state)
{
	(void)state;
	expect_bad("isolated = maybe\n", "x.conf line 1");
	expect_bad("# ok\nmax_pages = -3\n", "line 2");
	expect_bad("max_pages = 0\n", "max_pages");
	expect_bad("max_pages = 12abc\n", "positive integer");
	expect_bad("max_upload_bytes = 99999999999999999999999\n", "max_upload_bytes");
	expect_bad("\n\njust words\n", "line 3");
	expect_bad("max_pages =\n", "line 1");
}

static void test_load_file(void **state)
{
	char *dir = lt_test_tmpdir();
	lt_buf p = LT_BUF_INIT;
	lt_config *c = NULL;
	lt_error err = LT_ERROR_INIT;
	char *text;

	(void)state;
	lt_fs_join(&p, dir, "luutru.conf");
	/* missing file = defaults */
	assert_int_equal(lt_config_load(&c, p.data, &err), 0);
	assert_int_equal(lt_config_u64(c, LT_CONF_MAX_PAGES), 2000);
	lt_config_free(c);
	/* the default text parses, with every key commented out */
	text = lt_config_default_text();
	assert_non_null(strstr(text, "# isolated = false"));
	assert_non_null(strstr(text, "# fixity_interval_hours = 168"));
	lt_test_write_file(p.data, text, strlen(text));
	free(text);
	assert_int_equal(lt_config_load(&c, p.data, &err), 0);
	assert_int_equal(lt_config_unknown_keys(c), 0);
	assert_int_equal(lt_config_bool(c, LT_CONF_ISOLATED), 0);
	lt_config_free(c);
	lt_test_write_file(p.data, "isolated = yes\n", 15);
	assert_int_equal(lt_config_load(&c, p.data, &err), 0);
	assert_int_equal(lt_config_bool(c, LT_CONF_ISOLATED), 1);
	lt_config_free(c);
	lt_buf_free(&p);
	lt_test_rmtree_free(dir);
}

static long long count_rows(lt_archive *ar, const char *sql)
{
	return lt_test_scalar(lt_archive_catalog(ar), sql);
}

static int ingest_with(lt_archive *ar, const char *file, const char *key, const char *value,
                       lt_error *err)
{
	lt_meta_kv kv = {key, value};
	lt_ingest_options o = LT_INGEST_OPTIONS_INIT;

	o.meta = &kv;
	o.nmeta = 1;
	return lt_ingest_file(ar, file, &o, NULL, err);
}

/* Rule 43 through the archive: refused unless luutru.conf says isolated;
 * a refusal stores nothing. A bad config refuses the open. */
static void test_state_secrets(void **state)
{
	char *dir = lt_test_tmpdir();
	lt_buf data = LT_BUF_INIT, conf = LT_BUF_INIT, file = LT_BUF_INIT, blobs = LT_BUF_INIT;
	lt_archive *ar = NULL;
	lt_error err = LT_ERROR_INIT;
	static const char *const secret[][2] = {
	    {"secrecy", "1"}, {"secrecy", "2"}, {"secrecy", "3"}, {"mode", "03"}};

	(void)state;
	lt_fs_join(&data, dir, "data");
	lt_fs_join(&conf, data.data, "luutru.conf");
	lt_fs_join(&file, dir, "s.txt");
	lt_test_write_file(file.data, "mật\n", strlen("mật\n"));
	assert_int_equal(lt_archive_open(&ar, data.data, LT_ARCHIVE_CREATE, NULL), 0);
	lt_fs_join(&blobs, lt_blobstore_root(lt_archive_blobs(ar)), "31");
	for (size_t i = 0; i < 4; i++) {
		lt_error_clear(&err);
		assert_int_equal(ingest_with(ar, file.data, secret[i][0], secret[i][1], &err),
		                 LT_EDENIED);
		assert_non_null(strstr(err.message, "Luật Bảo vệ bí mật nhà nước; quy tắc 43"));
	}
	assert_int_equal(count_rows(ar, "SELECT count(*) FROM records"), 0);
	assert_int_equal(count_rows(ar, "SELECT count(*) FROM blobs"), 0);
	assert_int_equal(count_rows(ar, "SELECT count(*) FROM audit_log"), 0);
	/* ordinary records pass */
	assert_int_equal(ingest_with(ar, file.data, "secrecy", "0", &err), 0);
	assert_int_equal(ingest_with(ar, file.data, "mode", "01", &err), 0);
	lt_archive_free(ar);

	lt_test_write_file(conf.data, "isolated = true\n", 16);
	assert_int_equal(lt_archive_open(&ar, data.data, 0, NULL), 0);
	assert_int_equal(lt_config_bool(lt_archive_config(ar), LT_CONF_ISOLATED), 1);
	assert_int_equal(ingest_with(ar, file.data, "secrecy", "3", &err), 0);
	assert_int_equal(count_rows(ar, "SELECT count(*) FROM records WHERE secrecy = 3"), 1);
	lt_archive_free(ar);

	lt_test_write_file(conf.data, "# x\nisolated = maybe\n", 22);
	assert_int_equal(lt_archive_open(&ar, data.data, 0, &err), LT_EINVAL);
	assert_null(ar);
	assert_non_null(strstr(err.message, "luutru.conf"));
	assert_non_null(strstr(err.message, "2"));

	/* limits from the config reach ingest */
	lt_test_write_file(conf.data, "max_upload_bytes = 3\n", 21);
	assert_int_equal(lt_archive_open(&ar, data.data, 0, &err), 0);
	assert_int_equal(ingest_with(ar, file.data, "secrecy", "0", &err), LT_ELIMIT);
	lt_archive_free(ar);

	lt_buf_free(&data);
	lt_buf_free(&conf);
	lt_buf_free(&file);
	lt_buf_free(&blobs);
	lt_test_rmtree_free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),      cmocka_unit_test(test_values),
	    cmocka_unit_test(test_bad_values),    cmocka_unit_test(test_load_file),
	    cmocka_unit_test(test_state_secrets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
