/* tests/unit/test_task.c — archive/task (giao việc) and archive/tracking
 * (the Sổ theo dõi giải quyết văn bản đến, the chain, edit history). */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/ingest.h"
#include "archive/link.h"
#include "archive/record.h"
#include "archive/task.h"
#include "archive/tracking.h"
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

static int64_t add(fixture *f, const char *kind, const char *number, const char *notation,
                   const char *subject)
{
	lt_buf p = LT_BUF_INIT;
	lt_ingest_result res;
	lt_error err = LT_ERROR_INIT;
	lt_meta_kv kv[6];
	lt_ingest_options o = LT_INGEST_OPTIONS_INIT;
	size_t n = 0;
	char name[32], text[64], arrival[16];

	snprintf(name, sizeof(name), "r%d.txt", ++f->n);
	snprintf(text, sizeof(text), "văn bản thứ %d", f->n);
	snprintf(arrival, sizeof(arrival), "%d", 100 + f->n);
	kv[n++] = (lt_meta_kv){"kind", kind};
	if (number)
		kv[n++] = (lt_meta_kv){"codeNumber", number};
	if (notation)
		kv[n++] = (lt_meta_kv){"codeNotation", notation};
	if (subject)
		kv[n++] = (lt_meta_kv){"subject", subject};
	if (strcmp(kind, "incoming") == 0) {
		kv[n++] = (lt_meta_kv){"arrivalNumber", arrival};
		kv[n++] = (lt_meta_kv){"arrivalDate", "2024-11-21"};
	}
	o.meta = kv;
	o.nmeta = n;
	lt_fs_join(&p, f->dir, name);
	lt_test_write_file(p.data, text, strlen(text));
	if (lt_ingest_file(f->ar, p.data, &o, &res, &err) != 0)
		fail_msg("ingest: %s", err.message);
	lt_buf_free(&p);
	return res.record_id;
}

static long long count(fixture *f, const char *sql)
{
	return lt_test_scalar(f->cat, sql);
}

static void test_status_names(void **state)
{
	lt_task_status s;

	(void)state;
	assert_int_equal(lt_task_status_parse(&s, "in_progress", NULL), 0);
	assert_int_equal(s, LT_TASK_IN_PROGRESS);
	assert_int_equal(lt_task_status_parse(&s, "in-progress", NULL), 0);
	assert_int_equal(s, LT_TASK_IN_PROGRESS);
	assert_int_equal(lt_task_status_parse(&s, "đang xử lý", NULL), 0);
	assert_int_equal(s, LT_TASK_IN_PROGRESS);
	assert_int_equal(lt_task_status_parse(&s, "da xong", NULL), 0);
	assert_int_equal(s, LT_TASK_DONE);
	assert_int_equal(lt_task_status_parse(&s, "finished", NULL), LT_EINVAL);
	assert_int_equal(lt_task_status_parse(&s, NULL, NULL), LT_EINVAL);
	assert_string_equal(lt_task_status_name(LT_TASK_CANCELLED), "cancelled");
}

static void test_add_and_load(void **state)
{
	fixture *f = *state;
	int64_t in = add(f, "incoming", "15", "UBND-VP", "Xin ý kiến"), tid = 0;
	const char *coop[] = {" Phòng Pháp chế ", "Văn phòng"};
	lt_task_new t = LT_TASK_NEW_INIT;
	lt_task *task = NULL;
	lt_error err = LT_ERROR_INIT;

	t.lead_unit = "Phòng Đất đai";
	t.coop_units = coop;
	t.ncoop = 2;
	t.assignee = "Nguyễn Văn B";
	t.due_date = "31/12/2024";
	assert_int_equal(lt_task_add(&tid, f->cat, in, &t, "lan", &err), 0);
	assert_int_equal(lt_task_load(&task, f->cat, tid, &err), 0);
	assert_int_equal(task->record_id, in);
	assert_string_equal(task->lead_unit, "Phòng Đất đai");
	assert_int_equal(task->ncoop, 2);
	assert_string_equal(task->coop_units[0], "Phòng Pháp chế"); /* trimmed */
	assert_string_equal(task->coop_units[1], "Văn phòng");
	assert_string_equal(task->due_date, "2024-12-31");
	assert_int_equal(task->progress, 0);
	assert_int_equal(task->status, LT_TASK_OPEN);
	assert_string_equal(task->created_by, "lan");
	assert_null(task->completed_at);
	lt_task_free(task);
	assert_int_equal(lt_task_load(&task, f->cat, 999, &err), LT_ENOTFOUND);
	assert_null(task);
	lt_task_free(NULL);
}

static void test_add_refusals(void **state)
{
	fixture *f = *state;
	int64_t in = add(f, "incoming", NULL, NULL, NULL),
	        out = add(f, "outgoing", NULL, NULL, NULL);
	const char *coop[] = {"Phòng Y", "Phòng Z"};
	const char *dup[] = {"Phòng Y", "Phòng Y"};
	lt_task_new t = LT_TASK_NEW_INIT;
	lt_error err = LT_ERROR_INIT;
	int64_t tid = 5;

	/* Rule 12: cooperating units without a lead unit. */
	t.coop_units = coop;
	t.ncoop = 2;
	t.due_date = "2024-12-31";
	assert_int_equal(lt_task_add(&tid, f->cat, in, &t, NULL, &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "chủ trì"));
	assert_int_equal(tid, 0);
	/* ... or without a deadline. */
	t.lead_unit = "Phòng X";
	t.due_date = NULL;
	assert_int_equal(lt_task_add(NULL, f->cat, in, &t, NULL, &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "thời hạn"));
	/* Bad date. */
	t.due_date = "2024-02-30";
	assert_int_equal(lt_task_add(NULL, f->cat, in, &t, NULL, &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "2024-02-30"));
	/* A unit named twice, the lead also cooperating. */
	t.due_date = "2024-12-31";
	t.coop_units = dup;
	assert_int_equal(lt_task_add(NULL, f->cat, in, &t, NULL, &err), LT_EINVAL);
	t.coop_units = coop;
	t.lead_unit = "Phòng Y";
	assert_int_equal(lt_task_add(NULL, f->cat, in, &t, NULL, &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "Phòng Y"));
	/* Nobody at all. */
	{
		lt_task_new empty = LT_TASK_NEW_INIT;
		assert_int_equal(lt_task_add(NULL, f->cat, in, &empty, NULL, &err), LT_EINVAL);
	}
	/* Unknown record, an outgoing record. */
	t.lead_unit = "Phòng X";
	assert_int_equal(lt_task_add(NULL, f->cat, 4242, &t, NULL, &err), LT_ENOTFOUND);
	assert_int_equal(lt_task_add(NULL, f->cat, out, &t, NULL, &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "văn bản đến"));
	assert_int_equal(count(f, "SELECT count(*) FROM tasks"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'task.add'"), 0);
}

static int64_t simple_task(fixture *f, int64_t rec, const char *due)
{
	lt_task_new t = LT_TASK_NEW_INIT;
	lt_error err = LT_ERROR_INIT;
	int64_t tid = 0;

	t.lead_unit = "Phòng X";
	t.due_date = due;
	if (lt_task_add(&tid, f->cat, rec, &t, NULL, &err) != 0)
		fail_msg("task add: %s", err.message);
	return tid;
}

static void test_update_lifecycle(void **state)
{
	fixture *f = *state;
	int64_t in = add(f, "incoming", NULL, NULL, NULL);
	int64_t out = add(f, "outgoing", "20", "STNMT-VP", NULL);
	int64_t other_in = add(f, "incoming", NULL, NULL, NULL);
	int64_t tid = simple_task(f, in, "2024-12-31");
	lt_task_change c = LT_TASK_CHANGE_INIT;
	lt_task *t = NULL;
	lt_error err = LT_ERROR_INIT;

	/* Bad progress and a bad date change nothing. */
	c.progress = 101;
	assert_int_equal(lt_task_update(f->cat, tid, &c, NULL, &err), LT_EINVAL);
	assert_non_null(strstr(err.message, "101"));
	c.progress = -5;
	assert_int_equal(lt_task_update(f->cat, tid, &c, NULL, &err), LT_EINVAL);
	c = (lt_task_change)LT_TASK_CHANGE_INIT;
	c.due_date = "31/13/2024";
	assert_int_equal(lt_task_update(f->cat, tid, &c, NULL, &err), LT_EINVAL);
	assert_int_equal(
	    lt_task_update(f->cat, 999, &(lt_task_change)LT_TASK_CHANGE_INIT, NULL, &err),
	    LT_ENOTFOUND);
	/* Progress > 0 starts the work. */
	c = (lt_task_change)LT_TASK_CHANGE_INIT;
	c.progress = 50;
	assert_int_equal(lt_task_update(f->cat, tid, &c, NULL, &err), 0);
	assert_int_equal(lt_task_load(&t, f->cat, tid, &err), 0);
	assert_int_equal(t->status, LT_TASK_IN_PROGRESS);
	assert_int_equal(t->progress, 50);
	lt_task_free(t);
	/* Back to open is not a transition. */
	c = (lt_task_change)LT_TASK_CHANGE_INIT;
	c.status = LT_TASK_OPEN;
	assert_int_equal(lt_task_update(f->cat, tid, &c, NULL, &err), LT_ESTATE);
	/* The reply must be another outgoing record. */
	c = (lt_task_change)LT_TASK_CHANGE_INIT;
	c.reply_record = other_in;
	assert_int_equal(lt_task_update(f->cat, tid, &c, NULL, &err), LT_EINVAL);
	c.reply_record = 4242;
	assert_int_equal(lt_task_update(f->cat, tid, &c, NULL, &err), LT_ENOTFOUND);
	assert_int_equal(count(f, "SELECT count(*) FROM record_links"), 0);
	/* done + reply: progress 100, completed_at, and a reply_to link. */
	c = (lt_task_change)LT_TASK_CHANGE_INIT;
	c.status = LT_TASK_DONE;
	c.reply_record = out;
	c.result = "Đã trả lời";
	assert_int_equal(lt_task_update(f->cat, tid, &c, "lan", &err), 0);
	assert_int_equal(lt_task_load(&t, f->cat, tid, &err), 0);
	assert_int_equal(t->status, LT_TASK_DONE);
	assert_int_equal(t->progress, 100);
	assert_int_equal(t->reply_record_id, out);
	assert_string_equal(t->result, "Đã trả lời");
	assert_non_null(t->completed_at);
	lt_task_free(t);
	assert_int_equal(count(f, "SELECT count(*) FROM record_links WHERE kind = 'reply_to'"
	                          " AND from_record_id = 2 AND to_record_id = 1"),
	                 1);
	/* Each successful change is audited, refused ones are not. */
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'task.update'"),
	                 2);
	assert_int_equal(count(f,
	                       "SELECT count(*) FROM audit_log WHERE action = 'task.update'"
	                       " AND who = 'lan' AND detail = 'status done progress 100 reply 2'"),
	                 1);
	/* done is final. */
	c = (lt_task_change)LT_TASK_CHANGE_INIT;
	c.progress = 10;
	assert_int_equal(lt_task_update(f->cat, tid, &c, NULL, &err), LT_ESTATE);
	assert_non_null(strstr(err.message, "đã xong"));
}

static void test_done_with_wrong_progress(void **state)
{
	fixture *f = *state;
	int64_t in = add(f, "incoming", NULL, NULL, NULL);
	int64_t tid = simple_task(f, in, NULL);
	lt_task_change c = LT_TASK_CHANGE_INIT;
	lt_task *t = NULL;

	c.status = LT_TASK_DONE;
	c.progress = 40;
	assert_int_equal(lt_task_update(f->cat, tid, &c, NULL, NULL), LT_EINVAL);
	c = (lt_task_change)LT_TASK_CHANGE_INIT;
	c.status = LT_TASK_CANCELLED;
	assert_int_equal(lt_task_update(f->cat, tid, &c, NULL, NULL), 0);
	assert_int_equal(lt_task_load(&t, f->cat, tid, NULL), 0);
	assert_int_equal(t->status, LT_TASK_CANCELLED);
	assert_non_null(t->completed_at);
	lt_task_free(t);
}

static void test_overdue_list(void **state)
{
	fixture *f = *state;
	int64_t a = add(f, "incoming", NULL, NULL, NULL), b = add(f, "incoming", NULL, NULL, NULL);
	int64_t out = add(f, "outgoing", NULL, NULL, NULL);
	lt_task_filter flt = LT_TASK_FILTER_INIT;
	lt_task_list *l = NULL;
	lt_task_change c = LT_TASK_CHANGE_INIT;

	simple_task(f, a, "2024-06-01");
	int64_t tb = simple_task(f, b, "2024-06-10");
	simple_task(f, b, "2025-01-01");
	flt.overdue_only = 1;
	flt.today = "2024-07-01";
	assert_int_equal(lt_task_list_load(&l, f->cat, &flt, NULL), 0);
	assert_int_equal(l->n, 2);
	assert_int_equal(l->items[0].record_id, a); /* by due date */
	assert_true(l->items[0].overdue);
	lt_task_list_free(l);
	/* A reply ends "overdue". */
	c.reply_record = out;
	assert_int_equal(lt_task_update(f->cat, tb, &c, NULL, NULL), 0);
	assert_int_equal(lt_task_list_load(&l, f->cat, &flt, NULL), 0);
	assert_int_equal(l->n, 1);
	lt_task_list_free(l);
	/* By record. */
	flt = (lt_task_filter)LT_TASK_FILTER_INIT;
	flt.record = b;
	assert_int_equal(lt_task_list_load(&l, f->cat, &flt, NULL), 0);
	assert_int_equal(l->n, 2);
	lt_task_list_free(l);
	flt.record = 4242;
	assert_int_equal(lt_task_list_load(&l, f->cat, &flt, NULL), LT_ENOTFOUND);
	flt.record = 0;
	flt.today = "yesterday";
	assert_int_equal(lt_task_list_load(&l, f->cat, &flt, NULL), LT_EINVAL);
	assert_null(l);
}

static void test_tracking_register(void **state)
{
	fixture *f = *state;
	int64_t a = add(f, "incoming", "15", "UBND-VP", "Xin ý kiến <đất> \"A\", B");
	int64_t b = add(f, "incoming", "16", "UBND-VP", "Báo cáo");
	int64_t out = add(f, "outgoing", "20", "STNMT-VP", "Trả lời");
	lt_tracking_options o = LT_TRACKING_OPTIONS_INIT;
	lt_tracking *t = NULL;
	lt_task_change c = LT_TASK_CHANGE_INIT;
	lt_buf buf = LT_BUF_INIT;

	simple_task(f, a, "2024-12-01");
	int64_t tb = simple_task(f, b, "2024-12-01");
	(void)tb;
	c.reply_record = out;
	assert_int_equal(lt_task_update(f->cat, 1, &c, NULL, NULL), 0);
	o.today = "2024-12-15";
	assert_int_equal(lt_tracking_build(&t, f->cat, &o, NULL), 0);
	assert_int_equal(t->n, 2); /* incoming only */
	assert_int_equal(t->rows[0].record_id, a);
	assert_string_equal(t->rows[0].replies, "20/STNMT-VP");
	assert_false(t->rows[0].overdue);
	assert_true(t->rows[0].done);
	assert_true(t->rows[1].overdue); /* no reply, past its deadline */
	assert_string_equal(t->rows[1].note, "Quá hạn");
	assert_int_equal(t->noverdue, 1);

	assert_int_equal(lt_tracking_render(t, LT_TRACKING_CSV, &buf), 0);
	assert_memory_equal(buf.data, "\xEF\xBB\xBF", 3);
	assert_non_null(strstr(buf.data, "Số, ký hiệu văn bản trả lời"));
	assert_non_null(strstr(buf.data, "20/STNMT-VP"));
	assert_non_null(strstr(buf.data, "\"\"A\"\"")); /* quotes doubled */
	assert_non_null(strstr(buf.data, "\r\n"));
	lt_buf_reset(&buf);
	assert_int_equal(lt_tracking_render(t, LT_TRACKING_HTML, &buf), 0);
	assert_non_null(strstr(buf.data, "<!DOCTYPE html>"));
	assert_non_null(strstr(buf.data, "<th>Thời hạn giải quyết</th>"));
	assert_non_null(strstr(buf.data, "&lt;đất&gt;"));
	assert_null(strstr(buf.data, "<đất>"));
	assert_non_null(strstr(buf.data, "class=\"overdue\""));
	lt_buf_reset(&buf);
	assert_int_equal(lt_tracking_render(t, LT_TRACKING_TEXT, &buf), 0);
	assert_non_null(strstr(buf.data, "SỔ THEO DÕI"));
	lt_tracking_free(t);

	o.overdue_only = 1;
	assert_int_equal(lt_tracking_build(&t, f->cat, &o, NULL), 0);
	assert_int_equal(t->n, 1);
	assert_int_equal(t->rows[0].record_id, b);
	lt_tracking_free(t);
	o.year = 2023;
	o.overdue_only = 0;
	assert_int_equal(lt_tracking_build(&t, f->cat, &o, NULL), 0);
	assert_int_equal(t->n, 0);
	lt_tracking_free(t);
	o.today = "15/12/2024"; /* ISO only */
	assert_int_equal(lt_tracking_build(&t, f->cat, &o, NULL), LT_EINVAL);
	assert_null(t);
	lt_buf_free(&buf);
}

static void test_chain(void **state)
{
	fixture *f = *state;
	int64_t in = add(f, "incoming", "15", "UBND-VP", "Xin ý kiến");
	int64_t rep = add(f, "outgoing", "20", "STNMT-VP", "Trả lời");
	int64_t corr = add(f, "outgoing", "21", "STNMT-VP", "Đính chính");
	int64_t recall = add(f, "outgoing", "22", "QĐ-STNMT", "Thu hồi");
	int64_t tid = simple_task(f, in, "2024-12-31");
	lt_task_change c = LT_TASK_CHANGE_INIT;
	lt_chain *ch = NULL;
	lt_error err = LT_ERROR_INIT;

	c.reply_record = rep;
	assert_int_equal(lt_task_update(f->cat, tid, &c, NULL, NULL), 0);
	assert_int_equal(lt_link_add(NULL, f->cat, corr, rep, LT_LINK_SUPERSEDES, NULL, NULL, NULL),
	                 0);
	assert_int_equal(lt_link_add(NULL, f->cat, recall, rep, LT_LINK_RECALLS, NULL, NULL, NULL),
	                 0);
	/* A citation cycle must not loop. */
	assert_int_equal(lt_link_add(NULL, f->cat, in, corr, LT_LINK_REFERS_TO, NULL, NULL, NULL),
	                 0);
	assert_int_equal(lt_link_add(NULL, f->cat, corr, in, LT_LINK_REFERS_TO, NULL, NULL, NULL),
	                 0);

	/* Asked from the recall, the chain still starts at the incoming letter. */
	assert_int_equal(lt_chain_load(&ch, f->cat, recall, 0, &err), 0);
	assert_true(ch->n >= 5);
	assert_int_equal(ch->items[0].via, LT_CHAIN_ROOT);
	assert_int_equal(ch->items[0].record_id, in);
	assert_int_equal(ch->items[1].via, LT_CHAIN_TASK);
	assert_int_equal(ch->items[1].task->id, tid);
	assert_int_equal(ch->items[2].via, LT_CHAIN_REPLY);
	assert_int_equal(ch->items[2].record_id, rep);
	assert_int_equal(ch->items[2].depth, 2);
	{
		int seen_recall = 0, seen_corr = 0, starts = 0;
		for (size_t i = 0; i < ch->n; i++) {
			if (ch->items[i].record_id == recall) {
				seen_recall++;
				assert_int_equal(ch->items[i].link_kind, LT_LINK_RECALLS);
				assert_true(ch->items[i].reverse);
				assert_true(ch->items[i].depth > ch->items[2].depth);
			}
			seen_corr += ch->items[i].record_id == corr;
			starts += ch->items[i].is_start;
		}
		assert_int_equal(seen_recall, 1);
		assert_int_equal(seen_corr, 1); /* each record once */
		assert_int_equal(starts, 1);
	}
	lt_chain_free(ch);

	/* Depth 1: the root and its direct children only. */
	assert_int_equal(lt_chain_load(&ch, f->cat, in, 1, &err), 0);
	for (size_t i = 0; i < ch->n; i++)
		assert_true(ch->items[i].depth <= 1);
	lt_chain_free(ch);
	/* A record far from the root is still shown. */
	assert_int_equal(lt_chain_load(&ch, f->cat, recall, 1, &err), 0);
	{
		int found = 0;
		for (size_t i = 0; i < ch->n; i++)
			found |= ch->items[i].is_start;
		assert_true(found);
	}
	lt_chain_free(ch);
	assert_int_equal(lt_chain_load(&ch, f->cat, 4242, 0, &err), LT_ENOTFOUND);
	assert_null(ch);
	lt_chain_free(NULL);
}

static void test_history(void **state)
{
	fixture *f = *state;
	int64_t in = add(f, "incoming", NULL, NULL, "Cũ");
	lt_history *h = NULL;

	assert_int_equal(lt_record_update_field(f->cat, in, "subject", "Mới", "lan", NULL), 0);
	assert_int_equal(lt_history_load(&h, f->cat, in, NULL), 0);
	assert_int_equal(h->n, 1);
	assert_string_equal(h->items[0].field, "subject");
	assert_string_equal(h->items[0].old_value, "Cũ");
	assert_string_equal(h->items[0].new_value, "Mới");
	assert_string_equal(h->items[0].who, "lan");
	lt_history_free(h);
	assert_int_equal(lt_history_load(&h, f->cat, 4242, NULL), LT_ENOTFOUND);
	lt_history_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_status_names),
	    cmocka_unit_test_setup_teardown(test_add_and_load, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_add_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_update_lifecycle, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_done_with_wrong_progress, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_overdue_list, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tracking_register, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_chain, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_history, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
