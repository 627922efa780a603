/* archive/link.c — see link.h. */
#include "archive/link.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "archive/audit.h"
#include "archive/record.h"
#include "archive/util.h"

static const struct {
	const char *name;
	const char *vi, *en;         /* seen from FROM */
	const char *rev_vi, *rev_en; /* seen from TO */
} KINDS[LT_LINK__COUNT] = {
    [LT_LINK_REPLY_TO] = {"reply_to", "trả lời", "replies to", "được trả lời bởi", "answered by"},
    [LT_LINK_REFERS_TO] = {"refers_to", "dẫn chiếu", "refers to", "được dẫn chiếu bởi",
                           "referred to by"},
    [LT_LINK_SUPERSEDES] = {"supersedes", "thay thế", "supersedes", "bị thay thế bởi",
                            "superseded by"},
    [LT_LINK_RECALLS] = {"recalls", "thu hồi", "recalls", "bị thu hồi bởi", "recalled by"},
    [LT_LINK_ATTACHMENT_OF] = {"attachment_of", "là phụ lục của", "attachment of", "có phụ lục",
                               "has attachment"},
};

const char *lt_link_kind_name(lt_link_kind kind)
{
	return (unsigned)kind < LT_LINK__COUNT ? KINDS[kind].name : NULL;
}

const char *lt_link_kind_label(lt_link_kind kind, int reverse)
{
	if ((unsigned)kind >= LT_LINK__COUNT)
		return "?";
	return reverse ? LT_TR(KINDS[kind].rev_vi, KINDS[kind].rev_en)
	               : LT_TR(KINDS[kind].vi, KINDS[kind].en);
}

int lt_link_kind_parse(lt_link_kind *out, const char *s, lt_error *err)
{
	char norm[32];
	size_t j = 0;

	if (s) {
		while (*s == '-')
			s++;
		for (; *s && j + 1 < sizeof(norm); s++)
			norm[j++] = *s == '-' ? '_' : (char)tolower((unsigned char)*s);
		if (*s)
			j = 0; /* too long: no kind */
	}
	norm[j] = '\0';
	for (int k = 0; k < LT_LINK__COUNT; k++) {
		if (j && strcmp(norm, KINDS[k].name) == 0) {
			*out = (lt_link_kind)k;
			return 0;
		}
	}
	return lt_error_set(err, LT_EINVAL,
	                    LT_TR("loại liên kết không hợp lệ: \"%s\" (chọn reply_to, refers_to,"
	                          " supersedes, recalls hoặc attachment_of)",
	                          "invalid link kind: \"%s\" (use reply_to, refers_to, supersedes,"
	                          " recalls or attachment_of)"),
	                    norm);
}

static char *dup_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? strdup((const char *)t) : NULL;
}

int lt_link_is_frozen(int *frozen, int64_t *by, lt_catalog *cat, int64_t record, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	char kind[16];
	int rc, s;

	*frozen = 0;
	if (by)
		*by = 0;
	if ((rc = lt_record_kind(cat, record, kind, err)) != 0)
		return rc;
	if (strcmp(kind, "outgoing") != 0)
		return 0;
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT from_record_id FROM record_links WHERE to_record_id = ?"
	                       " AND kind = 'recalls' ORDER BY id LIMIT 1",
	                       -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "record_links");
	sqlite3_bind_int64(st, 1, record);
	s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		*frozen = 1;
		if (by)
			*by = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return s == SQLITE_ROW || s == SQLITE_DONE ? 0 : lt_catalog_error(cat, err, "record_links");
}

int lt_link_check_editable(lt_catalog *cat, int64_t record, lt_error *err)
{
	int frozen, rc;
	int64_t by;

	if ((rc = lt_link_is_frozen(&frozen, &by, cat, record, err)) != 0)
		return rc;
	if (!frozen)
		return 0;
	return lt_error_set(err, LT_ESTATE,
	                    LT_TR("không sửa được văn bản số %lld: văn bản đi đã bị thu hồi bởi"
	                          " văn bản số %lld nên bị khóa (NĐ 30 Đ18.4)",
	                          "cannot change record %lld: the outgoing record was recalled by"
	                          " record %lld and is frozen (NĐ 30 Art. 18.4)"),
	                    (long long)record, (long long)by);
}

/* 1 when TO already reaches FROM through links of kind (so FROM → TO
 * would close a cycle). UNION keeps the walk finite on bad data. */
static int reaches(lt_catalog *cat, int64_t start, int64_t target, lt_link_kind kind, int *yes,
                   lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int s;

	*yes = 0;
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "WITH RECURSIVE r(id) AS (SELECT ?1 UNION"
	                       " SELECT l.to_record_id FROM record_links l JOIN r"
	                       " ON l.from_record_id = r.id WHERE l.kind = ?2)"
	                       " SELECT 1 FROM r WHERE id = ?3",
	                       -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "record_links");
	sqlite3_bind_int64(st, 1, start);
	sqlite3_bind_text(st, 2, KINDS[kind].name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, target);
	s = sqlite3_step(st);
	*yes = s == SQLITE_ROW;
	sqlite3_finalize(st);
	return s == SQLITE_ROW || s == SQLITE_DONE ? 0 : lt_catalog_error(cat, err, "record_links");
}

/* The audit entries of a link change, in the caller's transaction; a
 * recall of an outgoing record is also its freeze (rule 14). */
static int audit_link(lt_catalog *cat, const char *who, const char *action, int64_t from,
                      int64_t to, lt_link_kind kind, const char *to_kind, lt_error *err)
{
	char object[48], detail[96];
	int rc;

	who = who && *who ? who : "cli";
	snprintf(object, sizeof(object), "record %lld", (long long)from);
	snprintf(detail, sizeof(detail), "%s record %lld", KINDS[kind].name, (long long)to);
	if ((rc = lt_audit_append(cat, who, action, object, detail, NULL, err)) != 0)
		return rc;
	if (kind == LT_LINK_RECALLS && strcmp(to_kind, "outgoing") == 0 &&
	    strcmp(action, "link.add") == 0) {
		snprintf(object, sizeof(object), "record %lld", (long long)to);
		snprintf(detail, sizeof(detail), "recalled by record %lld", (long long)from);
		rc = lt_audit_append(cat, who, "record.freeze", object, detail, NULL, err);
	}
	return rc;
}

int lt_link_insert(int64_t *out_id, lt_catalog *cat, int64_t from, int64_t to, lt_link_kind kind,
                   const char *note, const char *who, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	char kfrom[16], kto[16];
	int rc, s, cycle;

	if (out_id)
		*out_id = 0;
	if ((unsigned)kind >= LT_LINK__COUNT)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("loại liên kết không hợp lệ", "invalid link kind"));
	if ((rc = lt_record_kind(cat, from, kfrom, err)) != 0 ||
	    (rc = lt_record_kind(cat, to, kto, err)) != 0)
		return rc;
	if (from == to)
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("không liên kết được văn bản số %lld với chính nó",
		                          "cannot link record %lld to itself"),
		                    (long long)from);
	if ((rc = lt_link_check_editable(cat, from, err)) != 0)
		return rc;
	if (kind == LT_LINK_REPLY_TO || kind == LT_LINK_SUPERSEDES) {
		if ((rc = reaches(cat, to, from, kind, &cycle, err)) != 0)
			return rc;
		if (cycle)
			return lt_error_set(
			    err, LT_EINVAL,
			    LT_TR("không thêm được liên kết %s từ văn bản số %lld tới"
			          " văn bản số %lld: sẽ tạo thành vòng (văn bản số %lld"
			          " đã nối tới văn bản số %lld bằng liên kết %s)",
			          "cannot add a %s link from record %lld to record %lld:"
			          " it would close a cycle (record %lld already leads"
			          " to record %lld through %s links)"),
			    KINDS[kind].name, (long long)from, (long long)to, (long long)to,
			    (long long)from, KINDS[kind].name);
	}
	if (sqlite3_prepare_v2(
	        lt_catalog_db(cat),
	        "INSERT INTO main.record_links(from_record_id, to_record_id, kind, note,"
	        " created_by) VALUES (?, ?, ?, ?, ?)",
	        -1, &st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, "record_links");
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_text(st, 3, KINDS[kind].name, -1, SQLITE_STATIC);
	if (note && *note)
		sqlite3_bind_text(st, 4, note, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, who && *who ? who : "cli", -1, SQLITE_TRANSIENT);
	s = sqlite3_step(st);
	sqlite3_finalize(st);
	if (s != SQLITE_DONE) {
		rc = lt_catalog_error(cat, err, "record_links");
		if (rc == LT_EEXISTS)
			rc = lt_error_set(err, LT_EEXISTS,
			                  LT_TR("liên kết %s từ văn bản số %lld tới văn bản số %lld"
			                        " đã có",
			                        "the %s link from record %lld to record %lld exists"
			                        " already"),
			                  KINDS[kind].name, (long long)from, (long long)to);
		return rc;
	}
	if (out_id)
		*out_id = sqlite3_last_insert_rowid(lt_catalog_db(cat));
	return audit_link(cat, who, "link.add", from, to, kind, kto, err);
}

int lt_link_add(int64_t *out_id, lt_catalog *cat, int64_t from, int64_t to, lt_link_kind kind,
                const char *note, const char *who, lt_error *err)
{
	int rc;

	if ((rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	if ((rc = lt_link_insert(out_id, cat, from, to, kind, note, who, err)) != 0) {
		lt_catalog_rollback(cat);
		if (out_id)
			*out_id = 0;
		return rc;
	}
	return lt_catalog_commit(cat, err);
}

int lt_link_remove(lt_catalog *cat, int64_t from, int64_t to, lt_link_kind kind, const char *who,
                   lt_error *err)
{
	sqlite3_stmt *st = NULL;
	char k[16];
	int rc, s;

	if ((unsigned)kind >= LT_LINK__COUNT)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("loại liên kết không hợp lệ", "invalid link kind"));
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		return rc;
	if ((rc = lt_record_kind(cat, from, k, err)) != 0 ||
	    (rc = lt_record_kind(cat, to, k, err)) != 0 ||
	    (rc = lt_link_check_editable(cat, from, err)) != 0)
		goto fail;
	if (kind == LT_LINK_RECALLS && strcmp(k, "outgoing") == 0) {
		rc = lt_error_set(err, LT_ESTATE,
		                  LT_TR("không gỡ được liên kết thu hồi: văn bản đi số %lld đã bị"
		                        " thu hồi và bị khóa (NĐ 30 Đ18.4)",
		                        "cannot remove a recall: outgoing record %lld was recalled"
		                        " and is frozen (NĐ 30 Art. 18.4)"),
		                  (long long)to);
		goto fail;
	}
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "DELETE FROM main.record_links WHERE from_record_id = ? AND"
	                       " to_record_id = ? AND kind = ?",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "record_links");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_text(st, 3, KINDS[kind].name, -1, SQLITE_STATIC);
	s = sqlite3_step(st);
	sqlite3_finalize(st);
	if (s != SQLITE_DONE) {
		rc = lt_catalog_error(cat, err, "record_links");
		goto fail;
	}
	if (sqlite3_changes(lt_catalog_db(cat)) == 0) {
		rc = lt_error_set(err, LT_ENOTFOUND,
		                  LT_TR("không có liên kết %s từ văn bản số %lld tới văn bản số"
		                        " %lld",
		                        "there is no %s link from record %lld to record %lld"),
		                  KINDS[kind].name, (long long)from, (long long)to);
		goto fail;
	}
	if ((rc = audit_link(cat, who, "link.remove", from, to, kind, k, err)) != 0)
		goto fail;
	return lt_catalog_commit(cat, err);
fail:
	lt_catalog_rollback(cat);
	return rc;
}

void lt_link_list_free(lt_link_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++) {
		free(list->items[i].note);
		free(list->items[i].created_by);
		free(list->items[i].created_at);
	}
	free(list->items);
	free(list);
}

int lt_link_list_load(lt_link_list **out, lt_catalog *cat, int64_t record, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	lt_link_list *list;
	size_t cap = 0;
	char k[16];
	int rc = 0, s;

	*out = NULL;
	if ((rc = lt_record_kind(cat, record, k, err)) != 0)
		return rc;
	list = calloc(1, sizeof(*list));
	if (!list)
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT id, from_record_id, to_record_id, kind, note, created_by,"
	                       " created_at FROM record_links WHERE from_record_id = ?1"
	                       " OR to_record_id = ?1 ORDER BY id",
	                       -1, &st, NULL) != SQLITE_OK) {
		lt_link_list_free(list);
		return lt_catalog_error(cat, err, "record_links");
	}
	sqlite3_bind_int64(st, 1, record);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		lt_link *l;
		if (list->n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			lt_link *ni = realloc(list->items, ncap * sizeof(*ni));
			if (!ni) {
				rc = lt_error_set(err, LT_ENOMEM, "%s",
				                  LT_TR("hết bộ nhớ", "out of memory"));
				break;
			}
			list->items = ni;
			cap = ncap;
		}
		l = &list->items[list->n++];
		memset(l, 0, sizeof(*l));
		l->id = sqlite3_column_int64(st, 0);
		l->from_id = sqlite3_column_int64(st, 1);
		l->to_id = sqlite3_column_int64(st, 2);
		l->kind = LT_LINK_REFERS_TO;
		lt_link_kind_parse(&l->kind, (const char *)sqlite3_column_text(st, 3), NULL);
		l->note = dup_text(st, 4);
		l->created_by = dup_text(st, 5);
		l->created_at = dup_text(st, 6);
	}
	if (rc == 0 && s != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "record_links");
	sqlite3_finalize(st);
	if (rc) {
		lt_link_list_free(list);
		return rc;
	}
	*out = list;
	return 0;
}
