/* tests/unit/test_link.c — archive/link: links between records, their
 * refusals (self, duplicate, cycle, unknown record) and the recall freeze. */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/ingest.h"
#include "archive/link.h"
#include "archive/record.h"
#include "core/buf.h"
#include "core/fs.h"

typedef struct fixture {
	char *dir;
	lt_archive *ar;
	lt_catalog *cat;
	int n;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	lt_test_archive_open(&f->dir, &f->ar, &f->cat);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	lt_test_archive_close(f->dir, f->ar);
	free(f);
	return 0;
}

/* A text record of the given kind; returns its id. */
static int64_t add(fixture *f, const char *kind)
{
	lt_buf p = LT_BUF_INIT;
	lt_ingest_result res;
	lt_error err = LT_ERROR_INIT;
	lt_meta_kv kv[1] = {{"kind", kind}};
	lt_ingest_options o = LT_INGEST_OPTIONS_INIT;
	char name[32], text[64];

	snprintf(name, sizeof(name), "r%d.txt", ++f->n);
	snprintf(text, sizeof(text), "văn bản thứ %d", f->n);
	o.meta = kv;
	o.nmeta = 1;
	lt_fs_join(&p, f->dir, name);
	lt_test_write_file(p.data, text, strlen(text));
	if (lt_ingest_file(f->ar, p.data, &o, &res, &err) != 0)
		fail_msg("ingest: %s", err.message);
	lt_buf_free(&p);
	return res.record_id;
}

static long long nlinks(fixture *f)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;

	assert_int_equal(sqlite3_prepare_v2(lt_catalog_db(f->cat),
	                                    "SELECT count(*) FROM record_links", -1, &st, NULL),
	                 SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static long long count(fixture *f, const char *sql)
{
	return lt_test_scalar(f->cat, sql);
}

static void test_kind_names(void **state)
{
	lt_link_kind k;
	lt_error err = LT_ERROR_INIT;

	(void)state;
	assert_int_equal(lt_link_kind_parse(&k, "reply_to", NULL), 0);
	assert_int_equal(k, LT_LINK_REPLY_TO);
	assert_int_equal(lt_link_kind_parse(&k, "--reply-to", NULL), 0);
	assert_int_equal(k, LT_LINK_REPLY_TO);
	assert_int_equal(lt_link_kind_parse(&k, "Attachment-Of", NULL), 0);
	assert_int_equal(k, LT_LINK_ATTACHMENT_OF);
	assert_int_equal(lt_link_kind_parse(&k, "answers", &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "reply_to"));
	assert_int_equal(lt_link_kind_parse(&k, "", NULL), LT_EINVAL);
	assert_int_equal(lt_link_kind_parse(&k, NULL, NULL), LT_EINVAL);
	assert_string_equal(lt_link_kind_name(LT_LINK_RECALLS), "recalls");
	assert_null(lt_link_kind_name(LT_LINK__COUNT));
}

static void test_add_list_remove(void **state)
{
	fixture *f = *state;
	int64_t in = add(f, "incoming"), out = add(f, "outgoing"), lid = 0;
	lt_link_list *l = NULL;
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(
	    lt_link_add(&lid, f->cat, out, in, LT_LINK_REPLY_TO, "trả lời", "an", &err), 0);
	assert_true(lid > 0);
	/* Both ends see the link. */
	assert_int_equal(lt_link_list_load(&l, f->cat, in, &err), 0);
	assert_int_equal(l->n, 1);
	assert_int_equal(l->items[0].from_id, out);
	assert_int_equal(l->items[0].to_id, in);
	assert_int_equal(l->items[0].kind, LT_LINK_REPLY_TO);
	assert_string_equal(l->items[0].note, "trả lời");
	assert_string_equal(l->items[0].created_by, "an");
	lt_link_list_free(l);
	assert_int_equal(lt_link_list_load(&l, f->cat, out, &err), 0);
	assert_int_equal(l->n, 1);
	lt_link_list_free(l);

	assert_int_equal(lt_link_remove(f->cat, out, in, LT_LINK_REPLY_TO, "an", &err), 0);
	assert_int_equal(nlinks(f), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action IN"
	                          " ('link.add', 'link.remove') AND who = 'an'"),
	                 2);
	assert_int_equal(lt_link_remove(f->cat, out, in, LT_LINK_REPLY_TO, NULL, &err),
	                 LT_ENOTFOUND);
	assert_non_null(strstr(err.message, "reply_to"));
	lt_link_list_free(NULL);
}

static void test_refusals(void **state)
{
	fixture *f = *state;
	int64_t a = add(f, "incoming"), b = add(f, "outgoing"), lid = 7;
	lt_link_list *l = NULL;
	lt_error err = LT_ERROR_INIT;

	/* Unknown records. */
	assert_int_equal(lt_link_add(&lid, f->cat, a, 9999, LT_LINK_REFERS_TO, NULL, NULL, &err),
	                 LT_ENOTFOUND);
	assert_non_null(strstr(err.message, "9999"));
	assert_int_equal(lid, 0);
	assert_int_equal(lt_link_add(NULL, f->cat, 9999, a, LT_LINK_REFERS_TO, NULL, NULL, NULL),
	                 LT_ENOTFOUND);
	assert_int_equal(lt_link_list_load(&l, f->cat, 9999, NULL), LT_ENOTFOUND);
	assert_null(l);
	/* Self-link. */
	assert_int_equal(lt_link_add(NULL, f->cat, a, a, LT_LINK_REFERS_TO, NULL, NULL, &err),
	                 LT_EINVAL);
	assert_non_null(strstr(err.message, "chính nó"));
	/* Bad kind. */
	assert_int_equal(lt_link_add(NULL, f->cat, a, b, LT_LINK__COUNT, NULL, NULL, NULL),
	                 LT_EINVAL);
	assert_int_equal(nlinks(f), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action LIKE 'link.%'"), 0);
	/* Duplicate. */
	assert_int_equal(lt_link_add(NULL, f->cat, b, a, LT_LINK_REPLY_TO, NULL, NULL, &err), 0);
	assert_int_equal(lt_link_add(NULL, f->cat, b, a, LT_LINK_REPLY_TO, NULL, NULL, &err),
	                 LT_EEXISTS);
	assert_non_null(strstr(err.message, "đã có"));
	/* The same pair with another kind is a different link. */
	assert_int_equal(lt_link_add(NULL, f->cat, b, a, LT_LINK_REFERS_TO, NULL, NULL, &err), 0);
	assert_int_equal(nlinks(f), 2);
}

static void test_cycles(void **state)
{
	fixture *f = *state;
	int64_t a = add(f, "incoming"), b = add(f, "outgoing"), c = add(f, "incoming");
	lt_error err = LT_ERROR_INIT;

	/* c replies to b replies to a; a replying to c closes a cycle. */
	assert_int_equal(lt_link_add(NULL, f->cat, b, a, LT_LINK_REPLY_TO, NULL, NULL, &err), 0);
	assert_int_equal(lt_link_add(NULL, f->cat, c, b, LT_LINK_REPLY_TO, NULL, NULL, &err), 0);
	assert_int_equal(lt_link_add(NULL, f->cat, a, c, LT_LINK_REPLY_TO, NULL, NULL, &err),
	                 LT_EINVAL);
	assert_non_null(strstr(err.message, "vòng"));
	assert_int_equal(lt_link_add(NULL, f->cat, a, b, LT_LINK_REPLY_TO, NULL, NULL, NULL),
	                 LT_EINVAL);
	assert_int_equal(nlinks(f), 2);
	/* supersedes: the same rule, independent of reply_to links. */
	assert_int_equal(lt_link_add(NULL, f->cat, a, b, LT_LINK_SUPERSEDES, NULL, NULL, &err), 0);
	assert_int_equal(lt_link_add(NULL, f->cat, b, a, LT_LINK_SUPERSEDES, NULL, NULL, &err),
	                 LT_EINVAL);
	/* refers_to may go both ways (two letters citing each other). */
	assert_int_equal(lt_link_add(NULL, f->cat, a, c, LT_LINK_REFERS_TO, NULL, NULL, &err), 0);
	assert_int_equal(lt_link_add(NULL, f->cat, c, a, LT_LINK_REFERS_TO, NULL, NULL, &err), 0);
	assert_int_equal(nlinks(f), 5);
}

static void test_recall_freezes_outgoing(void **state)
{
	fixture *f = *state;
	int64_t in = add(f, "incoming"), out = add(f, "outgoing"), rec = add(f, "outgoing");
	int64_t other = add(f, "outgoing");
	int frozen = -1;
	int64_t by = 0;
	lt_error err = LT_ERROR_INIT;
	lt_record *r = NULL;

	assert_int_equal(lt_link_check_editable(f->cat, out, &err), 0);
	assert_int_equal(lt_link_add(NULL, f->cat, out, in, LT_LINK_REPLY_TO, NULL, NULL, &err), 0);
	assert_int_equal(lt_link_add(NULL, f->cat, rec, out, LT_LINK_RECALLS, NULL, NULL, &err), 0);
	/* The recall is on record: a freeze event in the audit log. */
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'record.freeze'"
	                          " AND object = 'record 2' AND detail = 'recalled by record 3'"),
	                 1);
	assert_int_equal(lt_link_is_frozen(&frozen, &by, f->cat, out, &err), 0);
	assert_int_equal(frozen, 1);
	assert_int_equal(by, rec);
	assert_int_equal(lt_link_check_editable(f->cat, out, &err), LT_ESTATE);
	assert_non_null(strstr(err.message, "thu hồi"));
	/* No new links from it, none of its own removed, the recall kept. */
	assert_int_equal(lt_link_add(NULL, f->cat, out, other, LT_LINK_REFERS_TO, NULL, NULL, &err),
	                 LT_ESTATE);
	assert_int_equal(lt_link_remove(f->cat, out, in, LT_LINK_REPLY_TO, NULL, &err), LT_ESTATE);
	assert_int_equal(lt_link_remove(f->cat, rec, out, LT_LINK_RECALLS, NULL, &err), LT_ESTATE);
	assert_int_equal(nlinks(f), 2);
	/* Others may still point at it. */
	assert_int_equal(lt_link_add(NULL, f->cat, other, out, LT_LINK_REFERS_TO, NULL, NULL, &err),
	                 0);
	/* lt_link_check_editable is what `luutru edit` asks before writing. */
	assert_int_equal(lt_record_load(&r, f->cat, out, 0, &err), 0);
	lt_record_free(r);
	/* An incoming record that is recalled is not frozen by this rule. */
	assert_int_equal(lt_link_add(NULL, f->cat, other, in, LT_LINK_RECALLS, NULL, NULL, &err),
	                 0);
	assert_int_equal(lt_link_is_frozen(&frozen, NULL, f->cat, in, &err), 0);
	assert_int_equal(frozen, 0);
	assert_int_equal(lt_link_is_frozen(&frozen, NULL, f->cat, 4242, &err), LT_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kind_names),
	    cmocka_unit_test_setup_teardown(test_add_list_remove, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cycles, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_recall_freezes_outgoing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
