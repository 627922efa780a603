/* archive/tracking.c — see tracking.h. */
#include "archive/tracking.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/fields.h"
#include "archive/forms/form.h"
#include "archive/notation.h"
#include "archive/record.h"
#include "core/date.h"

static int oom(lt_error *err)
{
	return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
}

static char *dup_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? strdup((const char *)t) : NULL;
}

/* ISO "2024-11-20" → "20/11/2024"; other text as it is. */
static void dmy(const char *iso, char out[32])
{
	lt_date d;

	if (iso && lt_date_parse_iso(&d, iso, NULL) == 0)
		lt_date_format_dmy(&d, out);
	else
		snprintf(out, 32, "%s", iso ? iso : "");
}

static void today_iso(char out[11], const char *given)
{
	lt_date d;

	if (given && *given) {
		snprintf(out, 11, "%s", given);
		return;
	}
	lt_date_today(&d);
	lt_date_format_iso(&d, out);
}

/* ---- the register ---------------------------------------------------- */

static void row_clear(lt_tracking_row *r)
{
	free(r->arrival_number);
	free(r->arrival_date);
	free(r->document);
	free(r->units);
	free(r->due_date);
	free(r->progress);
	free(r->replies);
	free(r->note);
}

void lt_tracking_free(lt_tracking *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		row_clear(&t->rows[i]);
	free(t->rows);
	free(t);
}

/* "Công văn số 15/UBND-VP ngày 20/11/2024, UBND huyện X: V/v ..." */
static int describe(lt_buf *b, const lt_record *rec)
{
	const char *type = rec->values[LT_F_TYPE_NAME];
	const char *label = type ? lt_codelist_label("typeName", type) : NULL;
	char d[32];
	int rc = 0;

	if (label)
		rc |= lt_buf_puts(b, label);
	if (rec->values[LT_F_CODE_NUMBER] || rec->values[LT_F_CODE_NOTATION]) {
		rc |= lt_buf_puts(b, b->len ? LT_TR(" số ", " no. ") : LT_TR("Số ", "No. "));
		rc |= lt_notation_format(b, rec->values[LT_F_CODE_NUMBER],
		                         rec->values[LT_F_CODE_NOTATION]);
	}
	if (rec->values[LT_F_ISSUED_DATE]) {
		dmy(rec->values[LT_F_ISSUED_DATE], d);
		rc |= lt_buf_printf(b, LT_TR("%sngày %s", "%sof %s"), b->len ? " " : "", d);
	}
	if (rec->values[LT_F_ORGAN_NAME])
		rc |= lt_buf_printf(b, "%s%s", b->len ? ", " : "", rec->values[LT_F_ORGAN_NAME]);
	if (rec->values[LT_F_SUBJECT])
		rc |= lt_buf_printf(b, "%s%s", b->len ? ": " : "", rec->values[LT_F_SUBJECT]);
	if (!b->len)
		rc |= lt_buf_puts(b, lt_record_display_title(rec));
	return rc ? LT_ENOMEM : 0;
}

/* Replies: records linked FROM --reply_to--> id, as "số/ký hiệu (dd/mm/yyyy)". */
static int replies_of(lt_catalog *cat, int64_t id, lt_buf *b, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int s, rc = 0;

	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT r.id, r.code_number, r.code_notation, r.issued_date"
	                       " FROM record_links l JOIN records r ON r.id = l.from_record_id"
	                       " WHERE l.to_record_id = ? AND l.kind = 'reply_to' ORDER BY l.id",
	                       -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "record_links");
	sqlite3_bind_int64(st, 1, id);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *n = (const char *)sqlite3_column_text(st, 1);
		const char *k = (const char *)sqlite3_column_text(st, 2);
		const char *date = (const char *)sqlite3_column_text(st, 3);
		char d[32];
		if (b->len)
			rc |= lt_buf_puts(b, "; ");
		if (n || k)
			rc |= lt_notation_format(b, n, k);
		else
			rc |= lt_buf_printf(b, LT_TR("văn bản số %lld", "record %lld"),
			                    (long long)sqlite3_column_int64(st, 0));
		if (date) {
			dmy(date, d);
			rc |= lt_buf_printf(b, " (%s)", d);
		}
	}
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		return lt_catalog_error(cat, err, "record_links");
	return rc ? oom(err) : 0;
}

static int fill_row(lt_tracking_row *row, lt_catalog *cat, int64_t id, const char *today,
                    lt_error *err)
{
	lt_record *rec = NULL;
	lt_task_list *tasks = NULL;
	lt_task_filter f = LT_TASK_FILTER_INIT;
	lt_buf doc = LT_BUF_INIT, units = LT_BUF_INIT, prog = LT_BUF_INIT, rep = LT_BUF_INIT;
	const char *due = NULL;
	int rc, open_tasks = 0, closed_tasks = 0, pct = -1, mem = 0;

	memset(row, 0, sizeof(*row));
	row->record_id = id;
	f.record = id;
	f.today = today;
	if ((rc = lt_record_load(&rec, cat, id, LT_RECORD_FILES, err)) != 0 ||
	    (rc = lt_task_list_load(&tasks, cat, &f, err)) != 0 ||
	    (rc = replies_of(cat, id, &rep, err)) != 0)
		goto out;
	mem |= describe(&doc, rec);
	for (size_t i = 0; i < tasks->n; i++) {
		const lt_task *t = &tasks->items[i];
		int open = t->status == LT_TASK_OPEN || t->status == LT_TASK_IN_PROGRESS;
		if (t->lead_unit)
			mem |= lt_buf_printf(&units, "%s%s%s", units.len ? "; " : "",
			                     LT_TR("chủ trì: ", "lead: "), t->lead_unit);
		for (size_t k = 0; k < t->ncoop; k++)
			mem |=
			    lt_buf_printf(&units, "%s%s",
			                  k == 0 ? LT_TR("; phối hợp: ", "; cooperating: ") : ", ",
			                  t->coop_units[k]);
		if (t->assignee)
			mem |= lt_buf_printf(&units, "%s%s%s", units.len ? "; " : "",
			                     LT_TR("người xử lý: ", "assignee: "), t->assignee);
		if (open) {
			open_tasks++;
			if (t->due_date && (!due || strcmp(t->due_date, due) < 0))
				due = t->due_date;
			if (t->progress > pct)
				pct = t->progress;
		} else {
			closed_tasks++;
		}
	}
	if (!units.len && rec->values[LT_F_TO_PLACES])
		mem |= lt_buf_puts(&units, rec->values[LT_F_TO_PLACES]);
	if (!due)
		for (size_t i = 0; i < tasks->n; i++)
			if (tasks->items[i].due_date &&
			    (!due || strcmp(tasks->items[i].due_date, due) < 0))
				due = tasks->items[i].due_date;
	if (!due)
		due = rec->values[LT_F_DUE_DATE];
	row->done = rep.len > 0 || (tasks->n > 0 && open_tasks == 0);
	row->overdue = !row->done && due && strcmp(due, today) < 0;
	if (row->done) {
		mem |= lt_buf_puts(&prog, rep.len ? LT_TR("đã trả lời", "answered")
		                                  : LT_TR("đã xong", "done"));
		pct = 100;
	} else if (open_tasks) {
		mem |= lt_buf_printf(&prog, LT_TR("đang xử lý %d%%", "in progress %d%%"),
		                     pct < 0 ? 0 : pct);
	} else {
		mem |= lt_buf_puts(&prog, LT_TR("chưa giao", "not assigned"));
	}
	row->progress_pct = tasks->n || rep.len ? pct : -1;
	row->arrival_number =
	    rec->values[LT_F_ARRIVAL_NUMBER] ? strdup(rec->values[LT_F_ARRIVAL_NUMBER]) : NULL;
	row->arrival_date =
	    rec->values[LT_F_ARRIVAL_DATE] ? strdup(rec->values[LT_F_ARRIVAL_DATE]) : NULL;
	row->due_date = due ? strdup(due) : NULL;
	row->document = lt_buf_detach(&doc);
	row->units = units.len ? lt_buf_detach(&units) : NULL;
	row->progress = lt_buf_detach(&prog);
	row->replies = rep.len ? lt_buf_detach(&rep) : NULL;
	row->note = row->overdue ? strdup(LT_TR("Quá hạn", "Overdue")) : NULL;
	if (mem || !row->document || !row->progress || (row->overdue && !row->note) ||
	    (due && !row->due_date))
		rc = oom(err);
out:
	lt_record_free(rec);
	lt_task_list_free(tasks);
	lt_buf_free(&doc);
	lt_buf_free(&units);
	lt_buf_free(&prog);
	lt_buf_free(&rep);
	return rc;
}

int lt_tracking_build(lt_tracking **out, lt_catalog *cat, const lt_tracking_options *opts,
                      lt_error *err)
{
	lt_tracking_options none = LT_TRACKING_OPTIONS_INIT;
	lt_tracking *t;
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc = 0, s;

	*out = NULL;
	if (!opts)
		opts = &none;
	if (opts->today && *opts->today) {
		lt_date d;
		if (lt_date_parse_iso(&d, opts->today, err) != 0)
			return LT_EINVAL;
	}
	if (opts->year < 0 || opts->year > 9999)
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("năm không hợp lệ: %d", "invalid year: %d"), opts->year);
	t = calloc(1, sizeof(*t));
	if (!t)
		return oom(err);
	today_iso(t->today, opts->today);
	t->year = opts->year;
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT id FROM records WHERE kind = 'incoming' AND (?1 = 0 OR"
	                       " CAST(substr(coalesce(arrival_date, issued_date, created_at), 1, "
	                       "4) AS INTEGER) = ?1)"
	                       " ORDER BY arrival_number IS NULL, arrival_number, id",
	                       -1, &st, NULL) != SQLITE_OK) {
		lt_tracking_free(t);
		return lt_catalog_error(cat, err, "records");
	}
	sqlite3_bind_int(st, 1, opts->year);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		lt_tracking_row row;
		if ((rc = fill_row(&row, cat, sqlite3_column_int64(st, 0), t->today, err)) != 0) {
			row_clear(&row);
			break;
		}
		if (opts->overdue_only && !row.overdue) {
			row_clear(&row);
			continue;
		}
		if (t->n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			lt_tracking_row *nr = realloc(t->rows, ncap * sizeof(*nr));
			if (!nr) {
				row_clear(&row);
				rc = oom(err);
				break;
			}
			t->rows = nr;
			cap = ncap;
		}
		t->noverdue += row.overdue ? 1 : 0;
		t->rows[t->n++] = row;
	}
	if (rc == 0 && s != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "records");
	sqlite3_finalize(st);
	if (rc) {
		lt_tracking_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

/* The seven columns of the Sổ theo dõi giải quyết văn bản đến. */
enum { NCOLS = 7 };

static const char *heading(int i)
{
	static const char *const vi[NCOLS] = {
	    "Số đến",
	    "Tên loại, số, ký hiệu, ngày, cơ quan ban hành",
	    "Đơn vị/người nhận",
	    "Thời hạn giải quyết",
	    "Tiến độ giải quyết",
	    "Số, ký hiệu văn bản trả lời",
	    "Ghi chú",
	};
	static const char *const en[NCOLS] = {
	    "Arrival no.",    "Type, number, notation, date, issuing body",
	    "Unit/recipient", "Deadline",
	    "Progress",       "Reply number and notation",
	    "Note",
	};
	return LT_TR(vi[i], en[i]);
}

static void cells(const lt_tracking_row *r, const char *out[NCOLS], char due[32])
{
	dmy(r->due_date, due);
	out[0] = r->arrival_number ? r->arrival_number : "";
	out[1] = r->document ? r->document : "";
	out[2] = r->units ? r->units : "";
	out[3] = due;
	out[4] = r->progress ? r->progress : "";
	out[5] = r->replies ? r->replies : "";
	out[6] = r->note ? r->note : "";
}

static int csv_field(lt_buf *b, const char *s)
{
	int rc = 0;

	if (!strpbrk(s, ",\"\r\n"))
		return lt_buf_puts(b, s);
	rc |= lt_buf_putc(b, '"');
	for (; *s; s++)
		rc |= *s == '"' ? lt_buf_puts(b, "\"\"") : lt_buf_putc(b, *s);
	rc |= lt_buf_putc(b, '"');
	return rc;
}

static int html_text(lt_buf *b, const char *s)
{
	int rc = 0;

	for (; *s; s++) {
		switch (*s) {
		case '&': rc |= lt_buf_puts(b, "&amp;"); break;
		case '<': rc |= lt_buf_puts(b, "&lt;"); break;
		case '>': rc |= lt_buf_puts(b, "&gt;"); break;
		case '"': rc |= lt_buf_puts(b, "&quot;"); break;
		case '\'': rc |= lt_buf_puts(b, "&#39;"); break;
		default: rc |= lt_buf_putc(b, *s);
		}
	}
	return rc;
}

static int render_text(const lt_tracking *t, lt_buf *b)
{
	char today[32];
	int rc = 0;

	dmy(t->today, today);
	rc |= lt_buf_printf(
	    b, "%s",
	    LT_TR("SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN", "REGISTER OF INCOMING RECORDS HANDLING"));
	if (t->year)
		rc |= lt_buf_printf(b, LT_TR(" — năm %d", " — year %d"), t->year);
	rc |= lt_buf_printf(b,
	                    LT_TR("\n(đến ngày %s: %zu văn bản, %zu quá hạn)\n",
	                          "\n(as of %s: %zu records, %zu overdue)\n"),
	                    today, t->n, t->noverdue);
	for (size_t i = 0; i < t->n; i++) {
		const char *c[NCOLS];
		char due[32];
		cells(&t->rows[i], c, due);
		rc |= lt_buf_printf(b, "\n%s%s [%lld]\n", t->rows[i].overdue ? "!! " : "",
		                    c[0][0] ? c[0] : "—", (long long)t->rows[i].record_id);
		for (int k = 1; k < NCOLS; k++)
			if (c[k][0])
				rc |= lt_buf_printf(b, "  %s: %s\n", heading(k), c[k]);
	}
	return rc;
}

static int render_csv(const lt_tracking *t, lt_buf *b)
{
	int rc = lt_buf_puts(b, "\xEF\xBB\xBF"); /* BOM: spreadsheet programs read UTF-8 */

	for (int k = 0; k < NCOLS; k++) {
		rc |= k ? lt_buf_putc(b, ',') : 0;
		rc |= csv_field(b, heading(k));
	}
	rc |= lt_buf_puts(b, "\r\n");
	for (size_t i = 0; i < t->n; i++) {
		const char *c[NCOLS];
		char due[32];
		cells(&t->rows[i], c, due);
		for (int k = 0; k < NCOLS; k++) {
			rc |= k ? lt_buf_putc(b, ',') : 0;
			rc |= csv_field(b, c[k]);
		}
		rc |= lt_buf_puts(b, "\r\n");
	}
	return rc;
}

static int render_html(const lt_tracking *t, lt_buf *b)
{
	const char *title =
	    LT_TR("Sổ theo dõi giải quyết văn bản đến", "Register of incoming records handling");
	char today[32];
	int rc = 0;

	dmy(t->today, today);
	rc |= lt_print_html_head(b, LT_TR("vi", "en"), title, "register landscape");
	rc |= lt_buf_puts(b, "<h1>");
	rc |= html_text(b, title);
	rc |= lt_buf_puts(b, "</h1>\n<p>");
	if (t->year)
		rc |= lt_buf_printf(b, LT_TR("Năm %d. ", "Year %d. "), t->year);
	rc |= lt_buf_printf(
	    b,
	    LT_TR("Đến ngày %s: %zu văn bản, %zu quá hạn.", "As of %s: %zu records, %zu overdue."),
	    today, t->n, t->noverdue);
	rc |= lt_buf_puts(b, "</p>\n<table>\n<thead><tr>");
	for (int k = 0; k < NCOLS; k++) {
		rc |= lt_buf_puts(b, "<th>");
		rc |= html_text(b, heading(k));
		rc |= lt_buf_puts(b, "</th>");
	}
	rc |= lt_buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < t->n; i++) {
		const char *c[NCOLS];
		char due[32];
		cells(&t->rows[i], c, due);
		rc |= lt_buf_puts(b, t->rows[i].overdue ? "<tr class=\"overdue\">" : "<tr>");
		for (int k = 0; k < NCOLS; k++) {
			rc |= lt_buf_puts(b, "<td>");
			rc |= html_text(b, c[k]);
			rc |= lt_buf_puts(b, "</td>");
		}
		rc |= lt_buf_puts(b, "</tr>\n");
	}
	rc |= lt_buf_puts(b, "</tbody>\n</table>\n</body>\n</html>\n");
	return rc;
}

int lt_tracking_render(const lt_tracking *t, lt_tracking_format fmt, lt_buf *out)
{
	size_t start = out->len;
	int rc;

	switch (fmt) {
	case LT_TRACKING_CSV: rc = render_csv(t, out); break;
	case LT_TRACKING_HTML: rc = render_html(t, out); break;
	default: rc = render_text(t, out); break;
	}
	if (rc) {
		lt_buf_truncate(out, start);
		return LT_ENOMEM;
	}
	return 0;
}

/* ---- the chain --------------------------------------------------------- */

static void item_clear(lt_chain_item *it)
{
	free(it->uid);
	free(it->kind);
	free(it->number);
	free(it->notation);
	free(it->issued_date);
	free(it->title);
	lt_task_free(it->task);
}

void lt_chain_free(lt_chain *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		item_clear(&c->items[i]);
	free(c->items);
	free(c);
}

typedef struct walk {
	lt_catalog *cat;
	lt_chain *c;
	size_t cap;
	int64_t *seen;
	size_t nseen, seen_cap;
	int max_depth;
	int64_t start;
	lt_error *err;
} walk;

static int seen(const walk *w, int64_t id)
{
	for (size_t i = 0; i < w->nseen; i++)
		if (w->seen[i] == id)
			return 1;
	return 0;
}

static int mark(walk *w, int64_t id)
{
	if (w->nseen == w->seen_cap) {
		size_t ncap = w->seen_cap ? w->seen_cap * 2 : 16;
		int64_t *ns = realloc(w->seen, ncap * sizeof(*ns));
		if (!ns)
			return oom(w->err);
		w->seen = ns;
		w->seen_cap = ncap;
	}
	w->seen[w->nseen++] = id;
	return 0;
}

static lt_chain_item *push(walk *w)
{
	lt_chain_item *it;

	if (w->c->n == w->cap) {
		size_t ncap = w->cap ? w->cap * 2 : 16;
		lt_chain_item *ni = realloc(w->c->items, ncap * sizeof(*ni));
		if (!ni)
			return NULL;
		w->c->items = ni;
		w->cap = ncap;
	}
	it = &w->c->items[w->c->n++];
	memset(it, 0, sizeof(*it));
	return it;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int summarize(lt_chain_item *it, lt_catalog *cat, int64_t id, lt_error *err)
{
	lt_record *rec = NULL;
	int rc;

	if ((rc = lt_record_load(&rec, cat, id, LT_RECORD_FILES, err)) != 0)
		return rc;
	it->record_id = id;
	it->uid = strdup(rec->uid);
	it->kind = dup_or_null(rec->values[LT_F_KIND]);
	it->number = dup_or_null(rec->values[LT_F_CODE_NUMBER]);
	it->notation = dup_or_null(rec->values[LT_F_CODE_NOTATION]);
	it->issued_date = dup_or_null(rec->values[LT_F_ISSUED_DATE]);
	it->title = strdup(lt_record_display_title(rec));
	rc = (!it->uid || !it->title) ? oom(err) : 0;
	lt_record_free(rec);
	return rc;
}

static int visit(walk *w, int64_t id, int depth, lt_chain_via via, lt_link_kind kind, int reverse);

/* The children of record id (already pushed at depth): tasks, then links. */
static int expand(walk *w, int64_t id, int depth, size_t self)
{
	lt_task_list *tasks = NULL;
	lt_link_list *links = NULL;
	lt_task_filter f = LT_TASK_FILTER_INIT;
	int rc;

	if (depth >= w->max_depth) {
		w->c->items[self].truncated = 1;
		return 0;
	}
	f.record = id;
	if ((rc = lt_task_list_load(&tasks, w->cat, &f, w->err)) != 0)
		return rc;
	for (size_t i = 0; i < tasks->n && rc == 0; i++) {
		lt_chain_item *it;
		lt_task *copy;
		if (w->c->n >= LT_CHAIN_ITEMS_MAX)
			break;
		if ((rc = lt_task_load(&copy, w->cat, tasks->items[i].id, w->err)) != 0)
			break;
		if (!(it = push(w))) {
			lt_task_free(copy);
			rc = oom(w->err);
			break;
		}
		it->depth = depth + 1;
		it->via = LT_CHAIN_TASK;
		it->record_id = 0;
		it->task = copy;
		if (copy->reply_record_id && !seen(w, copy->reply_record_id) &&
		    depth + 1 < w->max_depth)
			rc = visit(w, copy->reply_record_id, depth + 2, LT_CHAIN_REPLY,
			           LT_LINK_REPLY_TO, 1);
	}
	lt_task_list_free(tasks);
	if (rc)
		return rc;
	if ((rc = lt_link_list_load(&links, w->cat, id, w->err)) != 0)
		return rc;
	for (size_t i = 0; i < links->n && rc == 0; i++) {
		const lt_link *l = &links->items[i];
		int reverse = l->to_id == id;
		int64_t other = reverse ? l->from_id : l->to_id;
		if (!seen(w, other))
			rc = visit(w, other, depth + 1, LT_CHAIN_LINK, l->kind, reverse);
	}
	lt_link_list_free(links);
	return rc;
}

static int visit(walk *w, int64_t id, int depth, lt_chain_via via, lt_link_kind kind, int reverse)
{
	lt_chain_item *it;
	size_t self;
	int rc;

	if (w->c->n >= LT_CHAIN_ITEMS_MAX || seen(w, id))
		return 0;
	if ((rc = mark(w, id)) != 0)
		return rc;
	if (!(it = push(w)))
		return oom(w->err);
	self = w->c->n - 1;
	it->depth = depth;
	it->via = via;
	it->link_kind = kind;
	it->reverse = reverse;
	it->is_start = id == w->start;
	if ((rc = summarize(it, w->cat, id, w->err)) != 0)
		return rc;
	return expand(w, id, depth, self);
}

/* Climb towards the origin: FROM → TO over the "later → earlier" kinds. */
static int origin(lt_catalog *cat, int64_t start, int max_steps, int64_t *root, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t cur = start;
	int64_t path[64];
	int n = 0;

	path[n++] = cur;
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT to_record_id FROM record_links WHERE from_record_id = ?"
	                       " AND kind IN ('reply_to','attachment_of','supersedes','recalls')"
	                       " ORDER BY CASE kind WHEN 'reply_to' THEN 0 WHEN 'attachment_of'"
	                       " THEN 1 WHEN 'recalls' THEN 2 ELSE 3 END, id LIMIT 1",
	                       -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "record_links");
	for (int step = 0; step < max_steps && n < 64; step++) {
		int s, again = 0;
		int64_t next;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, cur);
		s = sqlite3_step(st);
		if (s == SQLITE_DONE)
			break;
		if (s != SQLITE_ROW) {
			sqlite3_finalize(st);
			return lt_catalog_error(cat, err, "record_links");
		}
		next = sqlite3_column_int64(st, 0);
		for (int i = 0; i < n; i++)
			again |= path[i] == next;
		if (again)
			break;
		path[n++] = cur = next;
	}
	sqlite3_finalize(st);
	*root = cur;
	return 0;
}

int lt_chain_load(lt_chain **out, lt_catalog *cat, int64_t record, int max_depth, lt_error *err)
{
	walk w;
	int64_t root = record;
	int rc;

	*out = NULL;
	memset(&w, 0, sizeof(w));
	w.cat = cat;
	w.err = err;
	w.start = record;
	w.max_depth = max_depth > 0 ? max_depth : LT_CHAIN_DEPTH_DEFAULT;
	w.c = calloc(1, sizeof(*w.c));
	if (!w.c)
		return oom(err);
	/* An unknown record is LT_ENOTFOUND, not an empty chain. */
	{
		lt_record *probe = NULL;
		if ((rc = lt_record_load(&probe, cat, record, 0, err)) != 0) {
			lt_chain_free(w.c);
			return rc;
		}
		lt_record_free(probe);
	}
	if ((rc = origin(cat, record, w.max_depth, &root, err)) == 0)
		rc = visit(&w, root, 0, LT_CHAIN_ROOT, LT_LINK_REPLY_TO, 0);
	/* Far from its origin: the record itself may lie past the depth
	 * limit; a chain always shows the record it was asked for. */
	if (rc == 0 && !seen(&w, record)) {
		lt_chain_free(w.c);
		free(w.seen);
		memset(&w, 0, sizeof(w));
		w.cat = cat;
		w.err = err;
		w.start = record;
		w.max_depth = max_depth > 0 ? max_depth : LT_CHAIN_DEPTH_DEFAULT;
		w.c = calloc(1, sizeof(*w.c));
		if (!w.c)
			return oom(err);
		rc = visit(&w, record, 0, LT_CHAIN_ROOT, LT_LINK_REPLY_TO, 0);
	}
	free(w.seen);
	if (rc) {
		lt_chain_free(w.c);
		return rc;
	}
	*out = w.c;
	return 0;
}

/* ---- edit history ------------------------------------------------------ */

void lt_history_free(lt_history *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->n; i++) {
		free(h->items[i].field);
		free(h->items[i].old_value);
		free(h->items[i].new_value);
		free(h->items[i].who);
		free(h->items[i].at);
	}
	free(h->items);
	free(h);
}

int lt_history_load(lt_history **out, lt_catalog *cat, int64_t record, lt_error *err)
{
	lt_record *probe = NULL;
	lt_history *h;
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc = 0, s;

	*out = NULL;
	if ((rc = lt_record_load(&probe, cat, record, 0, err)) != 0)
		return rc;
	lt_record_free(probe);
	h = calloc(1, sizeof(*h));
	if (!h)
		return oom(err);
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT field, old_value, new_value, who, at FROM record_history"
	                       " WHERE record_id = ? ORDER BY id",
	                       -1, &st, NULL) != SQLITE_OK) {
		lt_history_free(h);
		return lt_catalog_error(cat, err, "record_history");
	}
	sqlite3_bind_int64(st, 1, record);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		lt_history_entry *e;
		if (h->n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			lt_history_entry *ni = realloc(h->items, ncap * sizeof(*ni));
			if (!ni) {
				rc = oom(err);
				break;
			}
			h->items = ni;
			cap = ncap;
		}
		e = &h->items[h->n++];
		e->field = dup_text(st, 0);
		e->old_value = dup_text(st, 1);
		e->new_value = dup_text(st, 2);
		e->who = dup_text(st, 3);
		e->at = dup_text(st, 4);
	}
	if (rc == 0 && s != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "record_history");
	sqlite3_finalize(st);
	if (rc) {
		lt_history_free(h);
		return rc;
	}
	*out = h;
	return 0;
}
