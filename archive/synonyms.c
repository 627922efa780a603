/* archive/synonyms.c — see synonyms.h. */
#include "archive/synonyms.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fs.h"
#include "core/text.h"

static int oom(lt_error *err)
{
	return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
}

void lt_synonym_list_free(lt_synonym_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++) {
		free(list->pairs[i].term);
		free(list->pairs[i].expansion);
	}
	free(list->pairs);
	list->pairs = NULL;
	list->n = 0;
}

static int push(lt_synonym_list *list, const char *term, size_t tlen, const char *exp, size_t elen)
{
	lt_synonym_pair *p = realloc(list->pairs, (list->n + 1) * sizeof(*p));
	lt_buf a = LT_BUF_INIT, b = LT_BUF_INIT;

	if (!p)
		return LT_ENOMEM;
	list->pairs = p;
	if (lt_text_nfc(&a, term, tlen, NULL) || lt_text_nfc(&b, exp, elen, NULL)) {
		lt_buf_free(&a);
		lt_buf_free(&b);
		return LT_ENOMEM;
	}
	p[list->n].term = lt_buf_detach(&a);
	p[list->n].expansion = lt_buf_detach(&b);
	if (!p[list->n].term || !p[list->n].expansion) {
		free(p[list->n].term);
		free(p[list->n].expansion);
		return LT_ENOMEM;
	}
	list->n++;
	return 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* s[0..*len) without blanks at either end. */
static const char *trim(const char *s, size_t *len)
{
	while (*len > 0 && is_blank(*s))
		s++, (*len)--;
	while (*len > 0 && is_blank(s[*len - 1]))
		(*len)--;
	return s;
}

static size_t count_words(const char *s, size_t len)
{
	lt_text_iter it;
	size_t n = 0;

	lt_text_iter_init(&it, s, len);
	while (lt_text_iter_next(&it))
		n++;
	return n;
}

int lt_synonyms_parse(lt_synonym_list *out, const char *path, lt_error *err)
{
	lt_buf data = LT_BUF_INIT;
	size_t lineno = 0;
	char *line, *next;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = lt_fs_read_file(&data, path, LT_SYNONYMS_FILE_MAX, err);
	if (rc) {
		lt_buf_free(&data);
		return rc;
	}
	for (line = data.data; rc == 0 && line && *line; line = next) {
		const char *sep, *term, *exp;
		size_t len, tlen, elen;
		next = strchr(line, '\n');
		len = next ? (size_t)(next - line) : strlen(line);
		if (next)
			next++;
		lineno++;
		/* A UTF-8 byte order mark, as some editors save. */
		if (lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
			line += 3, len -= 3;
		term = trim(line, &len);
		if (len == 0 || term[0] == '#')
			continue;
		if (lt_text_validate(term, len, NULL)) {
			rc = lt_error_set(
			    err, LT_EINVAL,
			    LT_TR("%s:%zu: không phải UTF-8 hợp lệ", "%s:%zu: not valid UTF-8"),
			    path, lineno);
			break;
		}
		sep = memchr(term, '\t', len);
		if (!sep)
			sep = memchr(term, ',', len);
		if (!sep) {
			rc = lt_error_set(
			    err, LT_EINVAL,
			    LT_TR("%s:%zu: cần \"VIẾT_TẮT<TAB>từ đầy đủ\" (hoặc dấu phẩy "
			          "thay TAB)",
			          "%s:%zu: expected \"ABBREVIATION<TAB>expansion\" (or a "
			          "comma for the tab)"),
			    path, lineno);
			break;
		}
		tlen = (size_t)(sep - term);
		exp = sep + 1;
		elen = len - tlen - 1;
		term = trim(term, &tlen);
		exp = trim(exp, &elen);
		if (tlen && elen && exp[0] == '"' && exp[elen - 1] == '"' && elen >= 2)
			exp++, elen -= 2;
		if (count_words(term, tlen) == 0 || count_words(exp, elen) == 0 ||
		    tlen > LT_SYNONYM_MAX_BYTES || elen > LT_SYNONYM_MAX_BYTES ||
		    count_words(term, tlen) > LT_SYNONYM_MAX_WORDS ||
		    count_words(exp, elen) > LT_SYNONYM_MAX_WORDS) {
			rc = lt_error_set(
			    err, LT_EINVAL,
			    LT_TR("%s:%zu: mỗi bên phải có từ 1 đến %d từ, tối đa %d byte",
			          "%s:%zu: each side needs 1 to %d words, at most %d bytes"),
			    path, lineno, LT_SYNONYM_MAX_WORDS, LT_SYNONYM_MAX_BYTES);
			break;
		}
		if (push(out, term, tlen, exp, elen))
			rc = oom(err);
	}
	lt_buf_free(&data);
	if (rc == 0 && out->n == 0)
		rc = lt_error_set(
		    err, LT_EINVAL,
		    LT_TR("%s: không có cặp viết tắt nào", "%s: no abbreviation pair"), path);
	if (rc)
		lt_synonym_list_free(out);
	return rc;
}

int lt_synonyms_store(lt_catalog *cat, const lt_synonym_list *list, int replace, size_t *added,
                      lt_error *err)
{
	sqlite3 *db = lt_catalog_db(cat);
	sqlite3_stmt *st = NULL;
	int rc;

	*added = 0;
	/* The agency's search vocabulary changes everyone's search. */
	rc = lt_access_require(lt_catalog_principal(cat), LT_ROLE_ADMIN, 0, "đổi bảng từ viết tắt",
	                       "change the abbreviations", err);
	if (rc == 0)
		rc = lt_catalog_begin(cat, err);
	if (rc)
		return rc;
	if (replace)
		rc = lt_catalog_exec(cat, "DELETE FROM search_synonyms", err);
	if (rc == 0 && sqlite3_prepare_v2(db,
	                                  "INSERT OR IGNORE INTO search_synonyms (term, expansion) "
	                                  "VALUES (?1, ?2)",
	                                  -1, &st, NULL) != SQLITE_OK)
		rc = lt_catalog_error(cat, err, "search_synonyms");
	for (size_t i = 0; rc == 0 && i < list->n; i++) {
		sqlite3_bind_text(st, 1, list->pairs[i].term, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, list->pairs[i].expansion, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = lt_catalog_error(cat, err, "search_synonyms");
		else
			*added += (size_t)sqlite3_changes(db);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (rc == 0)
		rc = lt_catalog_commit(cat, err);
	if (rc) {
		lt_catalog_rollback(cat);
		*added = 0;
	}
	return rc;
}

int lt_synonyms_load(lt_catalog *cat, lt_synonym_list *out, lt_error *err)
{
	sqlite3 *db = lt_catalog_db(cat);
	sqlite3_stmt *st = NULL;
	int rc = 0, step;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(db,
	                       "SELECT term, expansion FROM search_synonyms "
	                       "ORDER BY term, expansion",
	                       -1, &st, NULL) != SQLITE_OK) {
		/* A catalog opened read-only before its migration: none. */
		if (strstr(sqlite3_errmsg(db), "no such table"))
			return 0;
		return lt_catalog_error(cat, err, "search_synonyms");
	}
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		const char *e = (const char *)sqlite3_column_text(st, 1);
		if (t && e && push(out, t, strlen(t), e, strlen(e)))
			rc = oom(err);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, "search_synonyms");
	sqlite3_finalize(st);
	if (rc)
		lt_synonym_list_free(out);
	return rc;
}
