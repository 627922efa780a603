/* search/query.c — see query.h. */
#include "search/query.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/fields.h"
#include "archive/signatures/store.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/text.h"
#include "indexer/terms.h"
#include "search/search.h"

/* ---- parsing ----------------------------------------------------------- */

static int oom(lt_error *err)
{
	return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
}

static char *dup_range(const char *s, size_t len)
{
	char *p = malloc(len + 1);
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

static void qword_free(lt_qword *w)
{
	free(w->folded);
	free(w->exact);
}

static void clause_free(lt_qclause *c)
{
	for (size_t i = 0; i < c->nwords; i++)
		qword_free(&c->words[i]);
	free(c->words);
	free(c->field);
	free(c->term);
	free(c->lo);
	free(c->hi);
}

void lt_query_free(lt_query *q)
{
	if (!q)
		return;
	for (size_t i = 0; i < q->n; i++)
		clause_free(&q->clauses[i]);
	free(q->clauses);
	q->clauses = NULL;
	q->n = 0;
}

static lt_qclause *add_clause(lt_query *q, lt_qkind kind, lt_qoccur occur)
{
	lt_qclause *c = realloc(q->clauses, (q->n + 1) * sizeof(*c));
	if (!c)
		return NULL;
	q->clauses = c;
	c = &q->clauses[q->n++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->occur = occur;
	return c;
}

static int make_word(lt_qword *w, const char *s, size_t len, lt_error *err)
{
	lt_buf b = LT_BUF_INIT;
	int rc;

	memset(w, 0, sizeof(*w));
	rc = lt_terms_folded(&b, s, len, err);
	if (rc)
		return rc;
	w->folded = lt_buf_detach(&b);
	rc = lt_text_exact(&b, s, len, err);
	if (rc)
		return rc;
	w->exact = lt_buf_detach(&b);
	if (!w->folded || !w->exact)
		return oom(err);
	w->accented = lt_text_has_diacritics(s, len) != 0;
	return 0;
}

/* Words of s[0..len) as one clause: a WORD for one word, a PHRASE for
 * several ("QĐ-UBND", "57/2020/QH14" or a quoted phrase). Nothing for a
 * text without words. */
static int add_text(lt_query *q, const char *s, size_t len, lt_qoccur occur, int phrase,
                    int wildcard, lt_error *err)
{
	lt_text_iter it;
	lt_qclause *c;
	size_t n = 0;
	int rc;

	lt_text_iter_init(&it, s, len);
	while (lt_text_iter_next(&it))
		if (it.word_len <= LT_TERMS_WORD_MAX)
			n++;
	if (n == 0)
		return 0;
	c = add_clause(q, (n > 1 || phrase) ? LT_QK_PHRASE : LT_QK_WORD, occur);
	if (!c)
		return oom(err);
	if (n == 1)
		c->kind = LT_QK_WORD;
	c->words = calloc(n, sizeof(*c->words));
	if (!c->words)
		return oom(err);
	lt_text_iter_init(&it, s, len);
	while (lt_text_iter_next(&it)) {
		if (it.word_len > LT_TERMS_WORD_MAX)
			continue;
		rc = make_word(&c->words[c->nwords], it.word, it.word_len, err);
		c->nwords++;
		if (rc)
			return rc;
	}
	/* quyet* : only a single word's end, and only with a useful prefix,
	 * so "*" or "a*" cannot expand to the whole vocabulary. */
	if (wildcard && c->kind == LT_QK_WORD &&
	    lt_text_length(c->words[0].folded, strlen(c->words[0].folded)) >=
	        LT_QUERY_WILDCARD_MIN_CHARS)
		c->words[0].wildcard = 1;
	return 0;
}

/* ---- fields ------------------------------------------------------------ */

typedef enum field_kind {
	F_NOTATION,
	F_ORGAN,
	F_TYPE,
	F_DOSSIER,
	F_YEAR,
	F_DATE,
	F_NUMBER,
	F_DEPARTMENT,
	F_SIGNATURE
} field_kind;

static const struct {
	const char *name;
	field_kind kind;
} fields[] = {
    {"kyhieu", F_NOTATION}, {"coquan", F_ORGAN},     {"loai", F_TYPE},
    {"hoso", F_DOSSIER},    {"nam", F_YEAR},         {"ngay", F_DATE},
    {"so", F_NUMBER},       {"phong", F_DEPARTMENT}, {"chuky", F_SIGNATURE},
};

/* The field named by s[0..len) (folded, so "ký hiệu"-less spellings like
 * "kýhiệu" or "Nam" work too), or -1. */
static int find_field(const char *s, size_t len)
{
	lt_buf b = LT_BUF_INIT;
	int found = -1;

	if (len == 0 || len > 16 || lt_text_fold(&b, s, len, NULL))
		return -1;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(b.data, fields[i].name) == 0)
			found = (int)i;
	lt_buf_free(&b);
	return found;
}

static int add_term_clause(lt_query *q, const char *field, const char *prefix, const char *value,
                           int raw, lt_qoccur occur, lt_error *err)
{
	lt_buf b = LT_BUF_INIT;
	lt_qclause *c;
	int rc = 0;

	if (raw)
		rc = lt_buf_printf(&b, "%s%s", prefix, value) ? oom(err) : 0;
	else
		rc = lt_terms_boolean(&b, prefix, value, err);
	if (rc) {
		lt_buf_free(&b);
		return rc;
	}
	c = add_clause(q, LT_QK_TERM, occur == LT_Q_MUST_NOT ? LT_Q_MUST_NOT : LT_Q_MUST);
	if (!c) {
		lt_buf_free(&b);
		return oom(err);
	}
	c->field = strdup(field);
	c->term = lt_buf_detach(&b);
	return c->field && c->term ? 0 : oom(err);
}

static int is_year(const char *s, size_t len)
{
	if (len != 4)
		return 0;
	for (size_t i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* One end of a date range as YYYYMMDD; an empty end is open (NULL). */
static int range_end(char **out, const char *s, size_t len, const char *field, lt_error *err)
{
	char *v, buf[12];
	lt_date d;
	int rc;

	*out = NULL;
	if (len == 0)
		return 0;
	v = dup_range(s, len);
	if (!v)
		return oom(err);
	rc = lt_date_parse(&d, v, err);
	if (rc) {
		lt_error_set(
		    err, LT_EINVAL,
		    LT_TR("truy vấn: %s: ngày không hợp lệ \"%s\" (viết 2021-03-15 hoặc "
		          "15/03/2021)",
		          "query: %s: invalid date \"%s\" (write 2021-03-15 or 15/03/2021)"),
		    field, v);
		free(v);
		return LT_EINVAL;
	}
	free(v);
	snprintf(buf, sizeof(buf), "%04d%02d%02d", d.year, d.month, d.day);
	*out = strdup(buf);
	return *out ? 0 : oom(err);
}

/* A range end as the user wrote it: "20211231" → "2021-12-31". */
static void show_range_end(char out[16], const char *v)
{
	if (strlen(v) == 8)
		snprintf(out, 16, "%.4s-%.2s-%.2s", v, v + 4, v + 6);
	else
		snprintf(out, 16, "%.15s", v);
}

static int add_range_clause(lt_query *q, const char *field, unsigned slot, char *lo, char *hi,
                            lt_qoccur occur, lt_error *err)
{
	lt_qclause *c;

	if (lo && hi && strcmp(lo, hi) > 0) {
		char a[16], b[16];
		show_range_end(a, lo);
		show_range_end(b, hi);
		lt_error_set(err, LT_EINVAL,
		             LT_TR("truy vấn: %s: khoảng ngược (đầu %s sau cuối %s)",
		                   "query: %s: backwards range (start %s after end %s)"),
		             field, a, b);
		free(lo);
		free(hi);
		return LT_EINVAL;
	}
	c = add_clause(q, LT_QK_RANGE, occur == LT_Q_MUST_NOT ? LT_Q_MUST_NOT : LT_Q_MUST);
	if (!c) {
		free(lo);
		free(hi);
		return oom(err);
	}
	c->slot = slot;
	c->lo = lo;
	c->hi = hi;
	c->field = strdup(field);
	return c->field ? 0 : oom(err);
}

static int add_field(lt_query *q, int fi, const char *v, size_t vlen, lt_qoccur occur,
                     lt_error *err)
{
	const char *name = fields[fi].name;
	const char *dots;
	char *value;
	int rc = 0;

	value = dup_range(v, vlen);
	if (!value)
		return oom(err);
	switch (fields[fi].kind) {
	case F_NOTATION:
		rc = add_term_clause(q, name, LT_TERM_NOTATION, value, 0, occur, err);
		break;
	case F_ORGAN: rc = add_term_clause(q, name, LT_TERM_ORGAN, value, 0, occur, err); break;
	case F_DEPARTMENT:
		rc = add_term_clause(q, name, LT_TERM_DEPARTMENT, value, 0, occur, err);
		break;
	case F_NUMBER: {
		/* so:12 is every notation numbered 12: the XN terms
		 * "12/<notation>", as a prefix; so:12/QĐ-UBND is one term. */
		int whole = strchr(value, '/') != NULL;
		size_t k = 0;
		for (const char *p = value; *p; p++)
			if (*p != ' ')
				value[k++] = *p;
		value[k] = '\0';
		if (k == 0 || k > 64)
			rc = lt_error_set(err, LT_EINVAL,
			                  LT_TR("truy vấn: so: cần số văn bản (ví dụ so:12 "
			                        "hoặc so:12/QĐ-UBND)",
			                        "query: so: expected a document number (e.g. "
			                        "so:12 or so:12/QĐ-UBND)"));
		else if (whole)
			rc = add_term_clause(q, name, LT_TERM_NOTATION, value, 0, occur, err);
		else {
			size_t vl = strlen(value);
			char *slash = malloc(vl + 2);
			if (!slash) {
				rc = oom(err);
				break;
			}
			memcpy(slash, value, vl);
			memcpy(slash + vl, "/", 2);
			rc = add_term_clause(q, name, LT_TERM_NOTATION, slash, 0, occur, err);
			free(slash);
			if (rc == 0)
				q->clauses[q->n - 1].prefix = 1;
		}
		break;
	}
	case F_DOSSIER:
		rc = add_term_clause(q, name, LT_TERM_FILE_CODE, value, 0, occur, err);
		break;
	case F_SIGNATURE: {
		/* chuky:hople, chuky:"bị sửa", chuky:valid (archive/signatures) */
		const char *status = lt_sig_filter_value(value);
		if (!status)
			rc = lt_error_set(
			    err, LT_EINVAL,
			    LT_TR("truy vấn: chuky: cần hople, khonghople, khongro, "
			          "bisua hoặc khong (không có chữ ký), không phải \"%s\"",
			          "query: chuky: expected valid, invalid, unknown, "
			          "modified or none, not \"%s\""),
			    value);
		else
			rc = add_term_clause(q, name, LT_TERM_SIGNATURE, status, 1, occur, err);
		break;
	}
	case F_TYPE: {
		const lt_code *code = lt_codelist_find("typeName", value);
		if (!code)
			rc = lt_error_set(err, LT_EINVAL,
			                  LT_TR("truy vấn: loai: không có loại văn bản \"%s\" "
			                        "(ví dụ loai:\"Quyết định\", loai:QĐ, loai:02)",
			                        "query: loai: no document type \"%s\" "
			                        "(e.g. loai:\"Quyết định\", loai:QĐ, loai:02)"),
			                  value);
		else
			rc = add_term_clause(q, name, LT_TERM_TYPE, code->code, 1, occur, err);
		break;
	}
	case F_YEAR:
	case F_DATE:
		dots = strstr(value, "..");
		if (fields[fi].kind == F_YEAR) {
			size_t l1 = dots ? (size_t)(dots - value) : vlen;
			const char *b2 = dots ? dots + 2 : NULL;
			size_t l2 = b2 ? strlen(b2) : 0;
			if ((l1 && !is_year(value, l1)) || (b2 && l2 && !is_year(b2, l2)) ||
			    (!dots && !l1) || (dots && !l1 && !l2)) {
				rc = lt_error_set(
				    err, LT_EINVAL,
				    LT_TR("truy vấn: nam: cần năm 4 chữ số hoặc khoảng "
				          "2019..2021, không phải \"%s\"",
				          "query: nam: expected a 4-digit year or a "
				          "range 2019..2021, not \"%s\""),
				    value);
			} else if (!dots) {
				rc = add_term_clause(q, name, LT_TERM_YEAR, value, 1, occur, err);
			} else {
				char *lo = l1 ? dup_range(value, l1) : NULL;
				char *hi = l2 ? strdup(b2) : NULL;
				if ((l1 && !lo) || (l2 && !hi)) {
					free(lo);
					free(hi);
					rc = oom(err);
				} else {
					rc = add_range_clause(q, name, LT_SLOT_YEAR, lo, hi, occur,
					                      err);
				}
			}
		} else {
			char *lo = NULL, *hi = NULL;
			size_t l1 = dots ? (size_t)(dots - value) : vlen;
			rc = range_end(&lo, value, l1, name, err);
			if (rc == 0 && dots)
				rc = range_end(&hi, dots + 2, strlen(dots + 2), name, err);
			if (rc == 0 && !dots && lo) {
				hi = strdup(lo);
				if (!hi)
					rc = oom(err);
			}
			if (rc == 0 && !lo && !hi)
				rc = lt_error_set(err, LT_EINVAL,
				                  LT_TR("truy vấn: ngay: cần một ngày hoặc khoảng "
				                        "2021-01-01..2021-12-31",
				                        "query: ngay: expected a date or a range "
				                        "2021-01-01..2021-12-31"));
			if (rc) {
				free(lo);
				free(hi);
			} else {
				rc = add_range_clause(q, name, LT_SLOT_ISSUED_DATE, lo, hi, occur,
				                      err);
			}
		}
		break;
	}
	free(value);
	return rc;
}

/* ---- the tokenizer ----------------------------------------------------- */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int has_positive(const lt_query *q)
{
	for (size_t i = 0; i < q->n; i++)
		if (q->clauses[i].occur != LT_Q_MUST_NOT)
			return 1;
	return 0;
}

static int parse(lt_query *q, const char *s, size_t len, lt_error *err)
{
	size_t i = 0;
	int pending_must = 0, pending_not = 0;

	while (i < len) {
		lt_qoccur occur = LT_Q_SHOULD;
		size_t before = q->n, start, end;
		int rc = 0;

		while (i < len && is_space(s[i]))
			i++;
		if (i >= len)
			break;
		/* +word / -word; a lone sign is punctuation. */
		if ((s[i] == '+' || s[i] == '-') && i + 1 < len && !is_space(s[i + 1])) {
			occur = s[i] == '+' ? LT_Q_MUST : LT_Q_MUST_NOT;
			i++;
		}
		if (pending_not)
			occur = LT_Q_MUST_NOT;
		else if (pending_must && occur == LT_Q_SHOULD)
			occur = LT_Q_MUST;
		pending_not = pending_must = 0;

		if (s[i] == '"') {
			start = ++i;
			while (i < len && s[i] != '"')
				i++;
			end = i;
			if (i < len)
				i++;
			rc = add_text(q, s + start, end - start, occur, 1, 0, err);
			if (rc)
				return rc;
			continue;
		}
		start = i;
		while (i < len && !is_space(s[i]) && s[i] != '"')
			i++;
		end = i;

		if (occur == LT_Q_SHOULD && end - start == 3 && memcmp(s + start, "AND", 3) == 0) {
			/* a AND b: both sides required. */
			if (q->n > 0 && q->clauses[q->n - 1].occur == LT_Q_SHOULD)
				q->clauses[q->n - 1].occur = LT_Q_MUST;
			pending_must = 1;
			continue;
		}
		if (occur == LT_Q_SHOULD && end - start == 2 && memcmp(s + start, "OR", 2) == 0)
			continue;
		if (occur != LT_Q_MUST_NOT && end - start == 3 &&
		    memcmp(s + start, "NOT", 3) == 0) {
			pending_not = 1;
			continue;
		}

		/* field:value, field:"value with spaces" */
		{
			const char *colon = memchr(s + start, ':', end - start);
			int fi = colon ? find_field(s + start, (size_t)(colon - (s + start))) : -1;
			if (fi >= 0) {
				const char *v = colon + 1;
				size_t vlen = (size_t)(s + end - v);
				if (vlen == 0 && i < len && s[i] == '"') {
					size_t vs = ++i;
					while (i < len && s[i] != '"')
						i++;
					v = s + vs;
					vlen = i - vs;
					if (i < len)
						i++;
				}
				while (vlen > 0 && is_space(*v)) {
					v++;
					vlen--;
				}
				while (vlen > 0 && is_space(v[vlen - 1]))
					vlen--;
				if (vlen > 0) {
					rc = add_field(q, fi, v, vlen, occur, err);
					if (rc)
						return rc;
					continue;
				}
				/* "nam:" with nothing after it: a stray word. */
			}
		}
		{
			int wildcard = end > start && s[end - 1] == '*';
			rc = add_text(q, s + start, end - start, occur, 0, wildcard, err);
			if (rc)
				return rc;
		}
		(void)before;
	}
	if (q->n == 0)
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("truy vấn trống: hãy nhập ít nhất một từ để tìm",
		                          "empty query: type at least one word to search for"));
	if (!has_positive(q)) {
		/* Only exclusions: nothing to rank; refuse rather than list the
		 * whole archive. */
		return lt_error_set(err, LT_EINVAL, "%s",
		                    LT_TR("truy vấn chỉ có từ loại trừ: hãy thêm một từ cần tìm",
		                          "query only excludes words: add a word to search for"));
	}
	return 0;
}

int lt_query_parse(lt_query *out, const char *text, lt_error *err)
{
	lt_buf nfc = LT_BUF_INIT;
	size_t len;
	int rc;

	out->clauses = NULL;
	out->n = 0;
	if (!text)
		text = "";
	len = strlen(text);
	if (len > LT_SEARCH_QUERY_MAX_BYTES)
		return lt_error_set(err, LT_ELIMIT,
		                    LT_TR("truy vấn quá dài: %zu byte, tối đa %d",
		                          "query too long: %zu bytes, at most %d"),
		                    len, LT_SEARCH_QUERY_MAX_BYTES);
	if (lt_text_validate(text, len, err))
		return lt_error_prefix(
		    err, "%s",
		    LT_TR("truy vấn không phải UTF-8 hợp lệ", "query is not valid UTF-8"));
	rc = lt_text_nfc(&nfc, text, len, err);
	if (rc == 0)
		rc = parse(out, lt_buf_cstr(&nfc), nfc.len, err);
	lt_buf_free(&nfc);
	if (rc)
		lt_query_free(out);
	return rc;
}

/* ---- building ---------------------------------------------------------- */

/* Measured on ALQAC 2022 with bench/relevance.c; docs/search.md has the
 * table and the reasons. */
static const lt_query_tuning shipped = LT_QUERY_RANKING_SHIPPED;

const lt_query_tuning *lt_query_ranking(void)
{
	return &shipped;
}

typedef struct qvec {
	lt_xquery **v;
	size_t n, cap;
} qvec;

static int qvec_push(qvec *qv, lt_xquery *q, lt_error *err)
{
	if (qv->n == qv->cap) {
		size_t cap = qv->cap ? qv->cap * 2 : 8;
		lt_xquery **v = realloc(qv->v, cap * sizeof(*v));
		if (!v) {
			lt_xquery_free(q);
			return oom(err);
		}
		qv->v = v;
		qv->cap = cap;
	}
	qv->v[qv->n++] = q;
	return 0;
}

static void qvec_free(qvec *qv)
{
	for (size_t i = 0; i < qv->n; i++)
		lt_xquery_free(qv->v[i]);
	free(qv->v);
	qv->v = NULL;
	qv->n = qv->cap = 0;
}

static int term_query(lt_xquery **out, const char *prefix, const char *s, lt_error *err)
{
	lt_buf b = LT_BUF_INIT;
	int rc;

	if (lt_buf_printf(&b, "%s%s", prefix, s))
		return oom(err);
	rc = lt_xquery_term(out, b.data, b.len, err);
	lt_buf_free(&b);
	return rc;
}

static int combine(lt_xquery **out, lt_xop op, qvec *qv, unsigned window, lt_error *err)
{
	if (qv->n == 1 && op != LT_XOP_PHRASE && op != LT_XOP_NEAR) {
		*out = qv->v[0];
		qv->n = 0;
		return 0;
	}
	return lt_xquery_combine(out, op, (const lt_xquery *const *)qv->v, qv->n, window, err);
}

/* Two queries into one with op; a and b are consumed. */
static int pair(lt_xquery **out, lt_xop op, lt_xquery *a, lt_xquery *b, lt_error *err)
{
	const lt_xquery *v[2] = {a, b};
	int rc = lt_xquery_combine(out, op, v, 2, 0, err);
	lt_xquery_free(a);
	lt_xquery_free(b);
	return rc;
}

static int scaled(lt_xquery **out, lt_xquery *q, double factor, lt_error *err)
{
	int rc;

	if (factor == 1.0) {
		*out = q;
		return 0;
	}
	rc = lt_xquery_scale(out, q, factor, err);
	lt_xquery_free(q);
	return rc;
}

/* The query for one word. In a phrase (in_phrase) weights are left out:
 * OP_PHRASE takes plain terms or an OR of them. accented_query: some word
 * of the query has diacritics, so the user types them, and a word without
 * any is most likely meant as written ("theo", "UBND"). */
static int word_query(lt_xquery **out, const lt_qword *w, const lt_query_tuning *t, int in_phrase,
                      int accented_query, int single, lt_error *err)
{
	lt_xquery *exact = NULL, *plain = NULL;
	int rc;

	if (w->wildcard && !in_phrase)
		return lt_xquery_wildcard(out, w->folded, LT_QUERY_WILDCARD_MAX, err);
	/* A long question: one posting list per word (the alternatives barely
	 * move its ranking, and each is a list to merge). */
	if (single && !in_phrase) {
		if (!w->accented)
			return term_query(out, "", w->folded, err);
		rc = term_query(&exact, LT_TERM_EXACT, w->exact, err);
		if (rc == 0)
			rc = scaled(out, exact, t->exact_weight, err);
		return rc;
	}
	if (!w->accented && (in_phrase || !accented_query || t->plain_exact_weight <= 0))
		return term_query(out, "", w->folded, err);
	if (!w->accented) {
		/* As written first, any accented spelling of it below. */
		rc = term_query(&exact, LT_TERM_EXACT, w->exact, err);
		if (rc == 0)
			rc = scaled(&exact, exact, t->plain_exact_weight, err);
		if (rc == 0)
			rc = term_query(&plain, "", w->folded, err);
		if (rc == 0)
			rc = scaled(&plain, plain, t->folded_weight, err);
		else
			plain = NULL;
		if (rc) {
			lt_xquery_free(exact);
			return rc;
		}
		return pair(out, LT_XOP_OR, exact, plain, err);
	}
	/* Never the plain folded term: "thể" must not match "thế". */
	rc = term_query(&exact, LT_TERM_EXACT, w->exact, err);
	if (rc == 0)
		rc = term_query(&plain, LT_TERM_EXACT, w->folded, err);
	if (rc == 0 && !in_phrase) {
		rc = scaled(&exact, exact, t->exact_weight, err);
		if (rc == 0)
			rc = scaled(&plain, plain, t->folded_weight, err);
		else
			exact = NULL;
		if (rc)
			plain = NULL;
	}
	if (rc) {
		lt_xquery_free(exact);
		lt_xquery_free(plain);
		return rc;
	}
	return pair(out, LT_XOP_OR, exact, plain, err);
}

static int clause_query(lt_xquery **out, const lt_qclause *c, const lt_query_tuning *t,
                        int accented_query, int single, lt_error *err)
{
	qvec parts = {0};
	int rc = 0;

	switch (c->kind) {
	case LT_QK_WORD: return word_query(out, &c->words[0], t, 0, accented_query, single, err);
	case LT_QK_PHRASE:
		for (size_t i = 0; rc == 0 && i < c->nwords; i++) {
			lt_xquery *w;
			rc = word_query(&w, &c->words[i], t, 1, accented_query, 0, err);
			if (rc == 0)
				rc = qvec_push(&parts, w, err);
		}
		if (rc == 0)
			rc = combine(out, LT_XOP_PHRASE, &parts, 0, err);
		qvec_free(&parts);
		return rc;
	case LT_QK_TERM:
		if (c->prefix) /* so:12: every notation numbered 12, however many */
			return lt_xquery_wildcard(out, c->term, LT_QUERY_NUMBER_MAX, err);
		return lt_xquery_term(out, c->term, strlen(c->term), err);
	case LT_QK_RANGE: {
		/* Year values are "YYYY", dates "YYYYMMDD": a range over the
		 * stored string order, with the upper end inclusive. */
		return lt_xquery_value_range(out, c->slot, c->lo, c->hi, err);
	}
	}
	return lt_error_set(err, LT_ERR, "query clause kind %d", (int)c->kind);
}

/* Filters: clauses of one field are alternatives (OR), fields are all
 * required (AND). */
static int build_filters(lt_xquery **out, const lt_query *q, lt_qoccur occur,
                         const lt_query_tuning *t, lt_error *err)
{
	qvec groups = {0};
	int rc = 0;
	char *done = calloc(q->n + 1, 1);

	*out = NULL;
	if (!done)
		return oom(err);
	for (size_t i = 0; rc == 0 && i < q->n; i++) {
		const lt_qclause *c = &q->clauses[i];
		qvec alts = {0};
		lt_xquery *g;
		if (done[i] || c->occur != occur ||
		    (c->kind != LT_QK_TERM && c->kind != LT_QK_RANGE))
			continue;
		for (size_t j = i; rc == 0 && j < q->n; j++) {
			const lt_qclause *d = &q->clauses[j];
			lt_xquery *x;
			if (done[j] || d->occur != occur ||
			    (d->kind != LT_QK_TERM && d->kind != LT_QK_RANGE) ||
			    strcmp(d->field, c->field) != 0)
				continue;
			done[j] = 1;
			rc = clause_query(&x, d, t, 0, 0, err);
			if (rc == 0)
				rc = qvec_push(&alts, x, err);
		}
		if (rc == 0)
			rc = combine(&g, LT_XOP_OR, &alts, 0, err);
		qvec_free(&alts);
		if (rc == 0)
			rc = qvec_push(&groups, g, err);
	}
	free(done);
	if (rc == 0 && groups.n > 0)
		rc = combine(out, occur == LT_Q_MUST_NOT ? LT_XOP_OR : LT_XOP_AND, &groups, 0, err);
	qvec_free(&groups);
	return rc;
}

/* ---- long questions ------------------------------------------------------ */

static const struct {
	const char *word;
	int folded_too;
} stopwords[] = {
#define LT_STOPWORD(w, f) {w, f},
#include "search/stopwords.def"
#undef LT_STOPWORD
};

#define NSTOP (sizeof(stopwords) / sizeof(stopwords[0]))

/* The stop list's exact and folded keys, made once (the same functions as
 * the query words', so "Của" and "cuả" are found too). */
static char *stop_exact[NSTOP], *stop_folded[NSTOP];
static pthread_once_t stop_once = PTHREAD_ONCE_INIT;

static void stop_init(void)
{
	for (size_t i = 0; i < NSTOP; i++) {
		lt_buf b = LT_BUF_INIT;
		size_t len = strlen(stopwords[i].word);
		if (lt_text_exact(&b, stopwords[i].word, len, NULL) == 0)
			stop_exact[i] = lt_buf_detach(&b);
		lt_buf_free(&b);
		if (lt_terms_folded(&b, stopwords[i].word, len, NULL) == 0)
			stop_folded[i] = lt_buf_detach(&b);
		lt_buf_free(&b);
	}
}

static int is_stopword(const lt_qword *w)
{
	pthread_once(&stop_once, stop_init);
	for (size_t i = 0; i < NSTOP; i++) {
		if (w->accented) {
			if (stop_exact[i] && strcmp(w->exact, stop_exact[i]) == 0)
				return 1;
		} else if (stopwords[i].folded_too && stop_folded[i] &&
		           strcmp(w->folded, stop_folded[i]) == 0) {
			return 1;
		}
	}
	return 0;
}

/* An optional single word that a long query may leave out. */
static int droppable(const lt_qclause *c)
{
	return c->kind == LT_QK_WORD && c->occur == LT_Q_SHOULD && !c->words[0].wildcard &&
	       is_stopword(&c->words[0]);
}

/* 1 when w's term (the one a long query asks: exact for an accented word,
 * folded otherwise) is in more than share of db's documents. */
static int common_word(const lt_qword *w, lt_xdb *db, uint64_t ndocs, double share)
{
	lt_buf term = LT_BUF_INIT;
	uint64_t freq = 0;
	int rc;

	if (w->wildcard || ndocs == 0)
		return 0;
	if (lt_buf_printf(&term, "%s%s", w->accented ? LT_TERM_EXACT : "",
	                  w->accented ? w->exact : w->folded)) {
		lt_buf_free(&term);
		return 0;
	}
	rc = lt_xdb_term_freq(db, term.data, &freq, NULL);
	lt_buf_free(&term);
	return rc == 0 && (double)freq > share * (double)ndocs;
}

/* dropped[i] = 1 for the clauses a long query leaves out; *single = 1
 * when its words get one term each. */
static void plan_long(const lt_query *q, const lt_query_tuning *t, lt_xdb *db, char *dropped,
                      int *single)
{
	size_t words = 0, content = 0;
	uint64_t ndocs = 0;

	*single = 0;
	for (size_t i = 0; i < q->n; i++)
		if (q->clauses[i].kind == LT_QK_WORD && q->clauses[i].occur == LT_Q_SHOULD)
			words++;
	if (t->long_words == 0 || words < t->long_words)
		return;
	*single = t->long_single != 0;
	if (!t->long_stop && !(db && t->long_common > 0))
		return;
	if (db && t->long_common > 0 && lt_xdb_doc_count(db, &ndocs, NULL) != 0)
		ndocs = 0;
	for (size_t i = 0; i < q->n; i++) {
		const lt_qclause *c = &q->clauses[i];
		dropped[i] = (char)(t->long_stop && droppable(c));
		if (!dropped[i] && ndocs && c->kind == LT_QK_WORD && c->occur == LT_Q_SHOULD)
			dropped[i] = (char)common_word(&c->words[0], db, ndocs, t->long_common);
		if (q->clauses[i].kind == LT_QK_WORD && q->clauses[i].occur == LT_Q_SHOULD &&
		    !dropped[i])
			content++;
	}
	/* Mostly function words: keep them all rather than ask too little. */
	if (content < t->long_words / 2)
		memset(dropped, 0, q->n);
}

int lt_query_build(lt_xquery **out, const lt_query *q, const lt_query_tuning *t, lt_error *err)
{
	return lt_query_build_db(out, q, t, NULL, err);
}

int lt_query_build_db(lt_xquery **out, const lt_query *q, const lt_query_tuning *t, lt_xdb *db,
                      lt_error *err)
{
	lt_query_tuning defaults = LT_QUERY_TUNING_INIT;
	qvec should = {0}, must = {0}, excl = {0}, all = {0}, lazy = {0};
	lt_xquery *pos = NULL, *x = NULL, *filter = NULL, *nfilter = NULL;
	size_t nwordclauses = 0;
	int rc = 0, accented = 0, single = 0;
	char *dropped;

	*out = NULL;
	if (!t)
		t = &defaults;
	dropped = calloc(q->n + 1, 1);
	if (!dropped)
		return oom(err);
	plan_long(q, t, db, dropped, &single);
	for (size_t i = 0; i < q->n; i++)
		for (size_t j = 0; q->clauses[i].occur != LT_Q_MUST_NOT && j < q->clauses[i].nwords;
		     j++)
			accented |= q->clauses[i].words[j].accented;
	for (size_t i = 0; rc == 0 && i < q->n; i++) {
		const lt_qclause *c = &q->clauses[i];
		qvec *dest = c->occur == LT_Q_MUST       ? &must
		             : c->occur == LT_Q_MUST_NOT ? &excl
		                                         : &should;
		if (c->kind != LT_QK_WORD && c->kind != LT_QK_PHRASE)
			continue;
		if (dropped[i]) {
			if (t->long_boost) {
				rc = clause_query(&x, c, t, accented, single, err);
				if (rc == 0)
					rc = qvec_push(&lazy, x, err);
			}
			continue;
		}
		rc = clause_query(&x, c, t, accented, single, err);
		if (rc == 0)
			rc = qvec_push(dest, x, err);
		if (rc || c->occur == LT_Q_MUST_NOT)
			continue;
		nwordclauses++;
		/* The all-words boost below sees the positive words again. */
		if (t->all_weight > 0) {
			rc = clause_query(&x, c, t, accented, single, err);
			if (rc == 0)
				rc = qvec_push(&all, x, err);
		}
	}

	/* Positive part: required words with the optional ones adding
	 * weight, or the optional ones alone (OR under BM25). */
	if (rc == 0) {
		lt_xquery *m = NULL, *s = NULL;
		if (must.n)
			rc = combine(&m, LT_XOP_AND, &must, 0, err);
		if (rc == 0 && should.n)
			rc = combine(&s, LT_XOP_OR, &should, 0, err);
		if (rc == 0) {
			if (m && s)
				rc = pair(&pos, LT_XOP_AND_MAYBE, m, s, err);
			else if (m || s)
				pos = m ? m : s;
			else
				rc = lt_xquery_match_all(&pos, err);
		} else {
			lt_xquery_free(m);
		}
	}
	/* A long query's commonest words: weight for the documents the other
	 * words found, never a candidate of their own (the matcher then need
	 * not walk their long posting lists). */
	if (rc == 0 && lazy.n) {
		lt_xquery *l;
		rc = combine(&l, LT_XOP_OR, &lazy, 0, err);
		if (rc == 0)
			rc = pair(&pos, LT_XOP_AND_MAYBE, pos, l, err);
		else
			lt_xquery_free(pos), pos = NULL;
	}
	/* Ranking: a document with every word, or with the words close
	 * together, gets extra weight (docs/search.md, measured). */
	if (rc == 0 && t->all_weight > 0 && nwordclauses >= 2) {
		lt_xquery *a;
		rc = combine(&a, LT_XOP_AND, &all, 0, err);
		if (rc == 0)
			rc = scaled(&a, a, t->all_weight, err);
		if (rc == 0)
			rc = pair(&pos, LT_XOP_AND_MAYBE, pos, a, err);
		else
			lt_xquery_free(pos), pos = NULL;
	}
	/* Neighbouring query words as one bigram term (indexer/terms.h):
	 * BM25 over the pairs favours documents with the words together. */
	if (rc == 0 && t->bigram_weight > 0) {
		qvec bigrams = {0};
		lt_xquery *p;
		for (size_t i = 0; rc == 0 && i + 1 < q->n; i++) {
			const lt_qclause *c = &q->clauses[i], *d = &q->clauses[i + 1];
			lt_buf term = LT_BUF_INIT;
			if (c->kind != LT_QK_WORD || d->kind != LT_QK_WORD ||
			    c->occur == LT_Q_MUST_NOT || d->occur == LT_Q_MUST_NOT ||
			    c->words[0].wildcard || d->words[0].wildcard ||
			    ((dropped[i] || dropped[i + 1]) && !t->long_stop_bigrams))
				continue;
			if (lt_terms_bigram(&term, c->words[0].folded, d->words[0].folded))
				rc = oom(err);
			if (rc == 0)
				rc = lt_xquery_term(&p, term.data, term.len, err);
			if (rc == 0)
				rc = qvec_push(&bigrams, p, err);
			lt_buf_free(&term);
		}
		if (rc == 0 && bigrams.n > 0) {
			rc = combine(&p, LT_XOP_OR, &bigrams, 0, err);
			if (rc == 0)
				rc = scaled(&p, p, t->bigram_weight, err);
			if (rc == 0)
				rc = pair(&pos, LT_XOP_AND_MAYBE, pos, p, err);
			else
				lt_xquery_free(pos), pos = NULL;
		} else if (rc) {
			lt_xquery_free(pos), pos = NULL;
		}
		qvec_free(&bigrams);
	}
	if (rc == 0 && excl.n) {
		lt_xquery *n;
		rc = combine(&n, LT_XOP_OR, &excl, 0, err);
		if (rc == 0)
			rc = pair(&pos, LT_XOP_AND_NOT, pos, n, err);
		else
			lt_xquery_free(pos), pos = NULL;
	}
	if (rc == 0)
		rc = build_filters(&filter, q, LT_Q_MUST, t, err);
	if (rc == 0 && filter)
		rc = pair(&pos, LT_XOP_FILTER, pos, filter, err);
	else if (rc)
		lt_xquery_free(pos), pos = NULL;
	if (rc == 0)
		rc = build_filters(&nfilter, q, LT_Q_MUST_NOT, t, err);
	if (rc == 0 && nfilter)
		rc = pair(&pos, LT_XOP_AND_NOT, pos, nfilter, err);
	else if (rc)
		lt_xquery_free(pos), pos = NULL;

	qvec_free(&should);
	qvec_free(&must);
	qvec_free(&excl);
	qvec_free(&all);
	qvec_free(&lazy);
	free(dropped);
	if (rc) {
		lt_xquery_free(pos);
		return rc;
	}
	*out = pos;
	return 0;
}
