/* search/query.c — see query.h. */
#include "search/query.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "archive/fields.h"
#include "archive/synonyms.h"
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
	free(c->alt_term);
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
	 * so "*" or "a*" cannot expand to the whole vocabulary: the user is
	 * told rather than searched for the letter. */
	if (wildcard && c->kind == LT_QK_WORD) {
		if (lt_text_length(c->words[0].folded, strlen(c->words[0].folded)) <
		    LT_QUERY_WILDCARD_MIN_CHARS)
			return lt_error_set(
			    err, LT_EINVAL,
			    LT_TR("truy vấn: \"%.*s\": cần ít nhất %d chữ trước dấu * (ví dụ "
			          "quyet*)",
			          "query: \"%.*s\": at least %d letters are needed before * (e.g. "
			          "quyet*)"),
			    (int)len, s, LT_QUERY_WILDCARD_MIN_CHARS);
		c->words[0].wildcard = 1;
	}
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
	F_DEPARTMENT
} field_kind;

static const struct {
	const char *name;
	field_kind kind;
} fields[] = {
    {"kyhieu", F_NOTATION}, {"coquan", F_ORGAN}, {"loai", F_TYPE}, {"hoso", F_DOSSIER},
    {"nam", F_YEAR},        {"ngay", F_DATE},    {"so", F_NUMBER}, {"phong", F_DEPARTMENT},
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

/* A document number or notation as TERM clauses of one field (so, kyhieu,
 * or the phrase it came from): as typed, without the number's leading
 * zeros (the index has both, indexer/terms.h), and, for an index built
 * before that, zero-padded to two digits ("so:7" also asks "07/…"). */
static int add_notation_clauses(lt_query *q, const char *field, const char *value, int prefix,
                                lt_qoccur occur, lt_error *err)
{
	lt_buf alt[3] = {LT_BUF_INIT, LT_BUF_INIT, LT_BUF_INIT};
	size_t nalt = 0, first = q->n;
	int rc;

	rc = lt_terms_boolean(&alt[0], LT_TERM_NOTATION, value, err);
	if (rc == 0)
		rc = lt_terms_notation(&alt[1], value, err);
	if (rc == 0 && value[0] >= '1' && value[0] <= '9' &&
	    (value[1] == '/' || (prefix && value[1] == '\0')))
		rc = lt_buf_printf(&alt[2], "%s0%s", LT_TERM_NOTATION, alt[1].data + 2) ? oom(err)
		                                                                        : 0;
	for (size_t i = 0; rc == 0 && i < 3; i++) {
		lt_qclause *c;
		int dup = alt[i].len == 0;
		for (size_t j = 0; j < i && !dup; j++)
			dup = strcmp(lt_buf_cstr(&alt[i]), lt_buf_cstr(&alt[j])) == 0;
		if (dup)
			continue;
		c = add_clause(q, LT_QK_TERM, occur == LT_Q_MUST_NOT ? LT_Q_MUST_NOT : LT_Q_MUST);
		if (!c) {
			rc = oom(err);
			break;
		}
		c->field = strdup(field);
		c->term = lt_buf_detach(&alt[i]);
		c->prefix = prefix;
		nalt++;
		if (!c->field || !c->term)
			rc = oom(err);
	}
	for (size_t i = 0; i < 3; i++)
		lt_buf_free(&alt[i]);
	(void)first;
	return rc;
}

/* "số 12 QĐ-UBND", "12 / QĐ-UBND" → "12/QĐ-UBND" in place: the word số
 * (so) dropped, a space between the number and the notation as a slash,
 * other spaces removed. */
static void tidy_number(char *v)
{
	size_t k = 0, i = 0, n = strlen(v);
	int digits = 0, slash = 0;

	while (i < n && v[i] == ' ')
		i++;
	if (strncmp(v + i, "số ", strlen("số ")) == 0 || strncmp(v + i, "Số ", strlen("Số ")) == 0)
		i += strlen("số ");
	else if (strncasecmp(v + i, "so ", 3) == 0)
		i += 3;
	for (; i < n; i++) {
		char c = v[i];
		if (c == ' ') {
			/* "12 QĐ-UBND": the number ends, the notation starts. */
			if (digits && !slash && i + 1 < n && v[i + 1] != ' ' && v[i + 1] != '/') {
				v[k++] = '/';
				slash = 1;
			}
			continue;
		}
		if (c == '/')
			slash = 1;
		digits |= c >= '0' && c <= '9';
		v[k++] = c;
	}
	v[k] = '\0';
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

/* coquan:V: the clause also holds V's words, which match as a phrase
 * inside the issuer's name (XOW terms, indexer/terms.h). */
static int organ_words(lt_qclause *c, const char *v, size_t vlen, lt_error *err)
{
	lt_text_iter it;
	size_t n = 0;
	int rc = 0;

	lt_text_iter_init(&it, v, vlen);
	while (lt_text_iter_next(&it))
		n += it.word_len <= LT_TERMS_WORD_MAX;
	c->organ = 1;
	if (n == 0)
		return 0;
	c->words = calloc(n, sizeof(*c->words));
	if (!c->words)
		return oom(err);
	lt_text_iter_init(&it, v, vlen);
	while (rc == 0 && lt_text_iter_next(&it)) {
		if (it.word_len > LT_TERMS_WORD_MAX)
			continue;
		rc = make_word(&c->words[c->nwords], it.word, it.word_len, err);
		c->nwords++;
	}
	return rc;
}

static int add_field(lt_query *q, int fi, const char *v, size_t vlen, lt_qoccur occur, int quoted,
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
		tidy_number(value);
		rc = add_notation_clauses(q, name, value, 0, occur, err);
		break;
	case F_ORGAN:
		rc = add_term_clause(q, name, LT_TERM_ORGAN, value, 0, occur, err);
		if (rc == 0)
			rc = organ_words(&q->clauses[q->n - 1], value, strlen(value), err);
		if (rc == 0)
			q->clauses[q->n - 1].unquoted = !quoted;
		break;
	case F_DEPARTMENT:
		rc = add_term_clause(q, name, LT_TERM_DEPARTMENT, value, 0, occur, err);
		break;
	case F_NUMBER: {
		/* so:12 is every notation numbered 12: the XN terms
		 * "12/<notation>", as a prefix; so:12/QĐ-UBND is one term. */
		int whole;
		size_t k;
		tidy_number(value);
		whole = strchr(value, '/') != NULL;
		k = strlen(value);
		if (k == 0 || k > 64)
			rc = lt_error_set(err, LT_EINVAL,
			                  LT_TR("truy vấn: so: cần số văn bản (ví dụ so:12 "
			                        "hoặc so:12/QĐ-UBND)",
			                        "query: so: expected a document number (e.g. "
			                        "so:12 or so:12/QĐ-UBND)"));
		else if (whole)
			rc = add_notation_clauses(q, name, value, 0, occur, err);
		else {
			size_t vl = strlen(value);
			char *slash = malloc(vl + 2);
			if (!slash) {
				rc = oom(err);
				break;
			}
			memcpy(slash, value, vl);
			memcpy(slash + vl, "/", 2);
			rc = add_notation_clauses(q, name, slash, 1, occur, err);
			free(slash);
		}
		break;
	}
	case F_DOSSIER:
		rc = add_term_clause(q, name, LT_TERM_FILE_CODE, value, 0, occur, err);
		break;
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

/* ---- document numbers typed as words ------------------------------------- */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A notation as people write it: letters (any UTF-8 letter byte), digits,
 * '-', '/', '&', with a '-' or '/' in it, starting with a letter or a
 * digit ("QĐ-UBND", "2020/QH14", "NĐ-CP"), and some letter. */
static int notation_like(const char *t, size_t len)
{
	int sep = 0, letter = 0;

	if (len < 3 ||
	    !(is_digit(t[0]) || (t[0] >= 'A' && t[0] <= 'Z') || (unsigned char)t[0] >= 0x80))
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)t[i];
		if (c == '-' || c == '/')
			sep = 1;
		else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80)
			letter = 1;
		else if (!is_digit((char)c) && c != '&')
			return 0;
	}
	return sep && letter;
}

/* t[0..len) is a document number "12/QĐ-UBND", "57/2020/QH14". */
static int docnum_like(const char *t, size_t len)
{
	size_t i = 0;

	while (i < len && is_digit(t[i]))
		i++;
	return i > 0 && i < 12 && i + 1 < len && t[i] == '/' &&
	       notation_like(t + i + 1, len - i - 1);
}

/* The last clause (the phrase of a document number's words) also asks
 * the number's XN terms (indexer/terms.h): value is "12/QĐ-UBND". */
static int mark_docnum(lt_query *q, size_t before, const char *value, size_t len, lt_error *err)
{
	lt_buf typed = LT_BUF_INIT, canonical = LT_BUF_INIT;
	char *v;
	lt_qclause *c;
	int rc;

	if (q->n != before + 1 || q->clauses[before].kind != LT_QK_PHRASE)
		return 0;
	c = &q->clauses[before];
	v = dup_range(value, len);
	if (!v)
		return oom(err);
	tidy_number(v);
	rc = lt_terms_boolean(&typed, LT_TERM_NOTATION, v, err);
	if (rc == 0)
		rc = lt_terms_notation(&canonical, v, err);
	free(v);
	if (rc == 0) {
		c->term = lt_buf_detach(&canonical);
		if (strcmp(lt_buf_cstr(&typed), c->term ? c->term : "") != 0)
			c->alt_term = lt_buf_detach(&typed);
		if (!c->term)
			rc = oom(err);
	}
	lt_buf_free(&typed);
	lt_buf_free(&canonical);
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
			if (q->n > before)
				q->clauses[q->n - 1].quoted = 1;
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
				int quoted = vlen == 0 && i < len && s[i] == '"';
				if (quoted) {
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
					rc = add_field(q, fi, v, vlen, occur, quoted, err);
					if (rc)
						return rc;
					continue;
				}
				/* "nam:" with nothing after it: a stray word. */
			}
		}
		/* A document number as people type it: "12/QĐ-UBND",
		 * "57/2020/QH14", or "12 QĐ-UBND" (number, space, notation). */
		{
			size_t tend = end, nstart = end, nend;
			while (tend > start && (s[tend - 1] == ',' || s[tend - 1] == '.' ||
			                        s[tend - 1] == ';' || s[tend - 1] == ')'))
				tend--;
			while (nstart < len && s[nstart] == ' ')
				nstart++;
			nend = nstart;
			while (nend < len && !is_space(s[nend]) && s[nend] != '"')
				nend++;
			while (nend > nstart && (s[nend - 1] == ',' || s[nend - 1] == '.' ||
			                         s[nend - 1] == ';' || s[nend - 1] == ')'))
				nend--;
			if (docnum_like(s + start, tend - start)) {
				rc = add_text(q, s + start, tend - start, occur, 1, 0, err);
				if (rc == 0)
					rc = mark_docnum(q, before, s + start, tend - start, err);
				if (rc)
					return rc;
				continue;
			}
			if (tend - start < 12 && nend > nstart && is_digit(s[start]) &&
			    strspn(s + start, "0123456789") == tend - start && tend == end &&
			    notation_like(s + nstart, nend - nstart) && !is_digit(s[nstart])) {
				rc = add_text(q, s + start, nend - start, occur, 1, 0, err);
				if (rc == 0)
					rc = mark_docnum(q, before, s + start, nend - start, err);
				if (rc)
					return rc;
				i = nend;
				continue;
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

/* A phrase of words (exact_only: accented words by their exact term only,
 * the rest by their folded term). */
static int phrase_query(lt_xquery **out, const lt_qword *words, size_t n, const lt_query_tuning *t,
                        int accented_query, int exact_only, lt_error *err)
{
	qvec parts = {0};
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < n; i++) {
		lt_xquery *w;
		if (exact_only && words[i].accented)
			rc = term_query(&w, LT_TERM_EXACT, words[i].exact, err);
		else if (exact_only)
			rc = term_query(&w, "", words[i].folded, err);
		else
			rc = word_query(&w, &words[i], t, 1, accented_query, 0, err);
		if (rc == 0)
			rc = qvec_push(&parts, w, err);
	}
	if (rc == 0)
		rc = combine(out, LT_XOP_PHRASE, &parts, 0, err);
	qvec_free(&parts);
	return rc;
}

/* The XN terms of a document number typed as words, weighted. */
static int docnum_query(lt_xquery **out, const lt_qclause *c, const lt_query_tuning *t,
                        lt_error *err)
{
	lt_xquery *a = NULL, *b = NULL;
	int rc;

	rc = lt_xquery_term(&a, c->term, strlen(c->term), err);
	if (rc == 0 && c->alt_term) {
		rc = lt_xquery_term(&b, c->alt_term, strlen(c->alt_term), err);
		if (rc == 0)
			rc = pair(&a, LT_XOP_OR, a, b, err);
		else
			lt_xquery_free(a), a = NULL;
	}
	if (rc == 0)
		rc = scaled(out, a, t->docnum_weight, err);
	return rc;
}

/* coquan:V — the whole name (XO) or V's words as a phrase inside it (XOW),
 * with the words of more clauses after V when an unquoted name went on
 * (extra, nextra: see plan_organ). */
static int organ_query(lt_xquery **out, const lt_qclause *c, const lt_qword *const *extra,
                       size_t nextra, lt_error *err)
{
	qvec parts = {0};
	lt_xquery *whole = NULL, *inside = NULL;
	int rc;

	rc = lt_xquery_term(&whole, c->term, strlen(c->term), err);
	for (size_t i = 0; rc == 0 && i < c->nwords + nextra; i++) {
		const lt_qword *w = i < c->nwords ? &c->words[i] : extra[i - c->nwords];
		lt_xquery *x;
		rc = term_query(&x, LT_TERM_ORGAN_WORD, w->folded, err);
		if (rc == 0)
			rc = qvec_push(&parts, x, err);
	}
	if (rc == 0 && parts.n > 0) {
		rc = combine(&inside, parts.n > 1 ? LT_XOP_PHRASE : LT_XOP_OR, &parts, 0, err);
		if (rc == 0 && nextra == 0)
			rc = pair(&whole, LT_XOP_OR, whole, inside, err);
		else if (rc == 0)
			lt_xquery_free(whole), whole = inside;
	}
	qvec_free(&parts);
	if (rc) {
		lt_xquery_free(whole);
		return rc;
	}
	*out = whole;
	return 0;
}

static int clause_query(lt_xquery **out, const lt_qclause *c, const lt_query_tuning *t,
                        int accented_query, int single, lt_error *err)
{
	int rc = 0;

	switch (c->kind) {
	case LT_QK_WORD: return word_query(out, &c->words[0], t, 0, accented_query, single, err);
	case LT_QK_PHRASE: {
		lt_xquery *any = NULL, *exact = NULL, *num = NULL;
		int accented = 0;
		for (size_t i = 0; i < c->nwords; i++)
			accented |= c->words[i].accented;
		rc = phrase_query(&any, c->words, c->nwords, t, accented_query, 0, err);
		/* Exact spelling first, as for single words: a record that has the
		 * phrase also gets the weight of its accented words typed as
		 * typed (their exact terms, under AND_MAYBE: no second phrase
		 * check, which doubled a phrase's cost), so "hồ sơ" ranks above
		 * text typed "ho so". */
		if (rc == 0 && accented && t->exact_phrase) {
			qvec ex = {0};
			for (size_t i = 0; rc == 0 && i < c->nwords; i++) {
				if (!c->words[i].accented)
					continue;
				rc = term_query(&exact, LT_TERM_EXACT, c->words[i].exact, err);
				if (rc == 0)
					rc = qvec_push(&ex, exact, err);
			}
			exact = NULL;
			if (rc == 0)
				rc = combine(&exact, LT_XOP_OR, &ex, 0, err);
			qvec_free(&ex);
			if (rc == 0)
				rc = pair(&any, LT_XOP_AND_MAYBE, any, exact, err);
			else
				lt_xquery_free(any), any = NULL;
		}
		if (rc == 0 && c->term && t->docnum_weight > 0) {
			rc = docnum_query(&num, c, t, err);
			if (rc == 0)
				rc = pair(&any, LT_XOP_OR, any, num, err);
			else
				lt_xquery_free(any), any = NULL;
		}
		if (rc)
			return rc;
		*out = any;
		return 0;
	}
	case LT_QK_TERM:
		if (c->prefix) /* so:12: every notation numbered 12, however many */
			return lt_xquery_wildcard(out, c->term, LT_QUERY_NUMBER_MAX, err);
		if (c->organ)
			return organ_query(out, c, NULL, 0, err);
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
static int organ_extended(lt_xquery **out, const lt_query *q, size_t i, size_t ext, lt_error *err);

static int build_filters(lt_xquery **out, const lt_query *q, lt_qoccur occur,
                         const lt_query_tuning *t, const size_t *organ_ext, lt_error *err)
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
			if (d->organ && organ_ext && organ_ext[j])
				rc = organ_extended(&x, q, j, organ_ext[j], err);
			else
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

/* ---- coquan: typed without quotes ---------------------------------------- */

/* A word clause that may join an unquoted issuer name or a synonym run. */
static int plain_word(const lt_qclause *c)
{
	return c->kind == LT_QK_WORD && c->occur == LT_Q_SHOULD && !c->words[0].wildcard;
}

#define ORGAN_EXT_MAX 6

static int organ_extended(lt_xquery **out, const lt_query *q, size_t i, size_t ext, lt_error *err)
{
	const lt_qword *extra[ORGAN_EXT_MAX];

	for (size_t k = 0; k < ext && k < ORGAN_EXT_MAX; k++)
		extra[k] = &q->clauses[i + 1 + k].words[0];
	return organ_query(out, &q->clauses[i], extra, ext, err);
}

/* coquan:UBND tỉnh Nam Định, typed without quotes: when an issuer's name
 * holds the value and the words after it as one phrase, they are its
 * name (organ_ext[i] words taken, absorbed[] set), as if quoted; else the
 * words stay words. Needs the index (one search of a phrase per length
 * tried, longest first). */
static void plan_organ(const lt_query *q, lt_xdb *db, size_t *organ_ext, char *absorbed)
{
	for (size_t i = 0; db && i < q->n; i++) {
		const lt_qclause *c = &q->clauses[i];
		size_t run = 0;
		if (c->kind != LT_QK_TERM || !c->organ || !c->unquoted || c->nwords == 0)
			continue;
		while (run < ORGAN_EXT_MAX && i + 1 + run < q->n &&
		       plain_word(&q->clauses[i + 1 + run]))
			run++;
		for (size_t k = run; k > 0; k--) {
			lt_xsearch_options xo = LT_XSEARCH_OPTIONS_INIT;
			lt_xquery *x = NULL;
			lt_xmset *m = NULL;
			int found;
			xo.limit = 1;
			if (organ_extended(&x, q, i, k, NULL) != 0)
				break;
			found = lt_xdb_search(&m, db, x, &xo, NULL) == 0 && lt_xmset_size(m) > 0;
			lt_xmset_free(m);
			lt_xquery_free(x);
			if (found) {
				organ_ext[i] = k;
				memset(absorbed + i + 1, 1, k);
				break;
			}
		}
	}
}

/* ---- abbreviations (the index's synonym table) ---------------------------- */

#define SYNONYM_RUN_MAX LT_SYNONYM_MAX_WORDS

typedef struct syn_values {
	char **v;
	size_t n;
} syn_values;

static int collect_synonym(void *ctx, const char *synonym, size_t len)
{
	syn_values *sv = ctx;
	char **v;

	if (sv->n >= 16)
		return 1;
	v = realloc(sv->v, (sv->n + 1) * sizeof(*v));
	if (!v)
		return 1;
	sv->v = v;
	v[sv->n] = dup_range(synonym, len);
	if (v[sv->n])
		sv->n++;
	return 0;
}

static void syn_values_free(syn_values *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = 0;
}

/* The synonyms of the words of clauses [i, i + len): the exact form's
 * entry when the query is typed with diacritics, else (or when that has
 * none and the run has no diacritics) the folded one. */
static int lookup_run(syn_values *out, const lt_query *q, size_t i, size_t len, int accented_query,
                      lt_xdb *db)
{
	lt_buf key = LT_BUF_INIT;
	int accented = 0, rc = 0;

	for (size_t k = 0; k < len; k++)
		for (size_t w = 0; w < q->clauses[i + k].nwords; w++)
			accented |= q->clauses[i + k].words[w].accented;
	for (int exact = accented_query || accented; rc == 0 && exact >= 0; exact--) {
		lt_buf_reset(&key);
		if (exact)
			rc = lt_buf_puts(&key, LT_TERM_EXACT) ? LT_ENOMEM : 0;
		for (size_t k = 0; rc == 0 && k < len; k++)
			for (size_t w = 0; rc == 0 && w < q->clauses[i + k].nwords; w++) {
				const lt_qword *qw = &q->clauses[i + k].words[w];
				if ((k || w) && lt_buf_putc(&key, ' '))
					rc = LT_ENOMEM;
				else if (lt_buf_puts(&key, exact ? qw->exact : qw->folded))
					rc = LT_ENOMEM;
			}
		/* A database without a synonym table (a remote shard may not
		 * offer one) just has no synonyms. */
		if (rc == 0 && key.len < 240)
			(void)lt_xdb_synonyms(db, key.data, collect_synonym, out, NULL);
		if (out->n || (exact && accented))
			break;
	}
	lt_buf_free(&key);
	return rc;
}

/* Some synonym key starts with w (its exact form, its folded form, or
 * both, as lookup_run may look). */
static int starts_a_key(lt_xdb *db, const lt_qword *w, int accented_query)
{
	lt_buf b = LT_BUF_INIT;
	int found = 0;

	if (accented_query || w->accented) {
		if (lt_buf_printf(&b, "%s%s", LT_TERM_EXACT, w->exact) == 0)
			found = lt_xdb_synonym_prefix(db, b.data);
	}
	if (!found && !w->accented) {
		lt_buf_reset(&b);
		if (lt_buf_puts(&b, w->folded) == 0)
			found = lt_xdb_synonym_prefix(db, b.data);
	}
	lt_buf_free(&b);
	return found;
}

/* Every run of optional words (or one phrase such as "NĐ-CP") that the
 * synonym table knows, longest first, adds the other side as an optional
 * clause of its own, at synonym_weight: "BHYT" also asks the phrase "bảo
 * hiểm y tế", which asks "BHYT" back. A long question's go to the words
 * that only add weight (its other words find the records). */
static int add_synonyms(qvec *should, const lt_query *q, const lt_query_tuning *t, lt_xdb *db,
                        const char *absorbed, int accented_query, lt_error *err)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < q->n;) {
		size_t run = 0, used = 0;
		const lt_qclause *c = &q->clauses[i];
		if (absorbed[i] || c->occur != LT_Q_SHOULD || c->quoted ||
		    !(plain_word(c) || (c->kind == LT_QK_PHRASE && !c->term))) {
			i++;
			continue;
		}
		if (c->kind == LT_QK_PHRASE)
			run = 1;
		else
			while (run < SYNONYM_RUN_MAX && i + run < q->n && !absorbed[i + run] &&
			       plain_word(&q->clauses[i + run]))
				run++;
		/* One seek: is any key's first word this one? Most words start
		 * no key, and a long question has twenty of them. */
		if (!starts_a_key(db, &c->words[0], accented_query)) {
			i++;
			continue;
		}
		for (size_t len = run; rc == 0 && len > 0 && !used; len--) {
			syn_values sv = {NULL, 0};
			rc = lookup_run(&sv, q, i, len, accented_query, db) ? oom(err) : 0;
			for (size_t k = 0; rc == 0 && k < sv.n; k++) {
				lt_query syn = LT_QUERY_INIT;
				lt_xquery *x = NULL;
				rc = add_text(&syn, sv.v[k], strlen(sv.v[k]), LT_Q_SHOULD, 1, 0,
				              err);
				if (rc == 0 && syn.n == 1)
					rc = clause_query(&x, &syn.clauses[0], t, accented_query, 0,
					                  err);
				if (rc == 0 && x)
					rc = scaled(&x, x, t->synonym_weight, err);
				if (rc == 0 && x)
					rc = qvec_push(should, x, err);
				lt_query_free(&syn);
			}
			if (sv.n)
				used = len;
			syn_values_free(&sv);
		}
		i += used ? used : 1;
	}
	return rc;
}

/* ---- heading words and exact neighbours ------------------------------------ */

/* The query's positive words as heading terms (XH), and with pairs
 * (1) their neighbouring pairs, for the heading boost. */
static int heading_terms(qvec *out, const lt_query *q, const char *absorbed, const char *dropped,
                         int pairs, lt_error *err)
{
	int rc = 0;

	if (pairs) {
		const lt_qword *prev = NULL;
		for (size_t i = 0; rc == 0 && i < q->n; i++) {
			const lt_qclause *c = &q->clauses[i];
			if (absorbed[i] || c->occur == LT_Q_MUST_NOT ||
			    (c->kind != LT_QK_WORD && c->kind != LT_QK_PHRASE)) {
				prev = NULL;
				continue;
			}
			for (size_t w = 0; rc == 0 && w < c->nwords; w++) {
				lt_buf b = LT_BUF_INIT;
				lt_xquery *x;
				if (c->words[w].wildcard) {
					prev = NULL;
					continue;
				}
				if (prev) {
					if (lt_buf_printf(&b, "%s%s_%s", LT_TERM_HEADING,
					                  prev->folded, c->words[w].folded))
						rc = oom(err);
					if (rc == 0)
						rc = lt_xquery_term(&x, b.data, b.len, err);
					if (rc == 0)
						rc = qvec_push(out, x, err);
				}
				lt_buf_free(&b);
				prev = &c->words[w];
			}
		}
		return rc;
	}

	for (size_t i = 0; rc == 0 && i < q->n; i++) {
		const lt_qclause *c = &q->clauses[i];
		if (absorbed[i] || dropped[i] || c->occur == LT_Q_MUST_NOT ||
		    (c->kind != LT_QK_WORD && c->kind != LT_QK_PHRASE))
			continue;
		for (size_t w = 0; rc == 0 && w < c->nwords; w++) {
			lt_xquery *x;
			/* Function words ("của", "và") are in half the headings. */
			if (c->words[w].wildcard || is_stopword(&c->words[w]))
				continue;
			rc = term_query(&x, LT_TERM_HEADING, c->words[w].folded, err);
			if (rc == 0)
				rc = qvec_push(out, x, err);
		}
	}
	return rc;
}

/* A short query's neighbouring words, one of them accented, side by side
 * as typed (exact terms): "NĐ CP" puts "NĐ-CP" above "ND-CP". */
static int exact_pairs(qvec *out, const lt_query *q, const char *absorbed, lt_error *err)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i + 1 < q->n; i++) {
		const lt_qclause *c = &q->clauses[i], *d = &q->clauses[i + 1];
		lt_xquery *a = NULL, *b = NULL, *p = NULL;
		if (c->kind != LT_QK_WORD || d->kind != LT_QK_WORD || absorbed[i] ||
		    absorbed[i + 1] || c->occur == LT_Q_MUST_NOT || d->occur == LT_Q_MUST_NOT ||
		    c->words[0].wildcard || d->words[0].wildcard ||
		    !(c->words[0].accented || d->words[0].accented))
			continue;
		rc = term_query(&a, LT_TERM_EXACT, c->words[0].exact, err);
		if (rc == 0)
			rc = term_query(&b, LT_TERM_EXACT, d->words[0].exact, err);
		if (rc == 0) {
			const lt_xquery *v[2] = {a, b};
			rc = lt_xquery_combine(&p, LT_XOP_PHRASE, v, 2, 0, err);
		}
		lt_xquery_free(a);
		lt_xquery_free(b);
		if (rc == 0)
			rc = qvec_push(out, p, err);
	}
	return rc;
}

/* ---- questions that ask what a term means -------------------------------- */

/* "X là gì?", "Định nghĩa của X", "X được hiểu như thế nào?": a law
 * answers these in its glossary article, by convention headed "Giải
 * thích từ ngữ" (Luật Ban hành văn bản QPPL 80/2015/QH13, Điều 66). The
 * cues are folded word pairs of the question. */
static const char *const define_cues[][2] = {
    {"la", "gi"}, {"dinh", "nghia"}, {"duoc", "hieu"}, {"hieu", "the"}, {"nghia", "la"},
};

static int asks_definition(const lt_query *q)
{
	const char *prev = NULL;

	for (size_t i = 0; i < q->n; i++) {
		const lt_qclause *c = &q->clauses[i];
		if (c->kind != LT_QK_WORD && c->kind != LT_QK_PHRASE) {
			prev = NULL;
			continue;
		}
		for (size_t w = 0; w < c->nwords; w++) {
			const char *f = c->words[w].folded;
			for (size_t k = 0; prev && k < sizeof(define_cues) / sizeof(define_cues[0]);
			     k++)
				if (strcmp(prev, define_cues[k][0]) == 0 &&
				    strcmp(f, define_cues[k][1]) == 0)
					return 1;
			prev = f;
		}
	}
	return 0;
}

/* The glossary's heading as heading terms (words and pairs). */
static int glossary_terms(qvec *out, lt_error *err)
{
	static const char *const terms[] = {LT_TERM_HEADING "giai_thich", LT_TERM_HEADING "tu_ngu"};
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < 2; i++) {
		lt_xquery *x;
		rc = lt_xquery_term(&x, terms[i], strlen(terms[i]), err);
		if (rc == 0)
			rc = qvec_push(out, x, err);
	}
	return rc;
}

/* pos AND_MAYBE (OR of v, scaled by weight); v is emptied. */
static int boost(lt_xquery **pos, qvec *v, double weight, lt_error *err)
{
	lt_xquery *b;
	int rc;

	if (v->n == 0 || weight <= 0)
		return 0;
	rc = combine(&b, LT_XOP_OR, v, 0, err);
	if (rc == 0)
		rc = scaled(&b, b, weight, err);
	if (rc == 0)
		rc = pair(pos, LT_XOP_AND_MAYBE, *pos, b, err);
	else
		lt_xquery_free(*pos), *pos = NULL;
	return rc;
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
	size_t nwordclauses = 0, noptional = 0, *organ_ext;
	int rc = 0, accented = 0, single = 0;
	char *dropped, *absorbed;

	*out = NULL;
	if (!t)
		t = &defaults;
	dropped = calloc(q->n + 1, 1);
	absorbed = calloc(q->n + 1, 1);
	organ_ext = calloc(q->n + 1, sizeof(*organ_ext));
	if (!dropped || !absorbed || !organ_ext) {
		free(dropped);
		free(absorbed);
		free(organ_ext);
		return oom(err);
	}
	plan_organ(q, db, organ_ext, absorbed);
	plan_long(q, t, db, dropped, &single);
	for (size_t i = 0; i < q->n; i++) {
		if (q->clauses[i].kind == LT_QK_WORD && q->clauses[i].occur == LT_Q_SHOULD)
			noptional++;
		for (size_t j = 0; q->clauses[i].occur != LT_Q_MUST_NOT &&
		                   q->clauses[i].kind != LT_QK_TERM && j < q->clauses[i].nwords;
		     j++)
			accented |= q->clauses[i].words[j].accented;
	}
	for (size_t i = 0; rc == 0 && i < q->n; i++) {
		const lt_qclause *c = &q->clauses[i];
		qvec *dest = c->occur == LT_Q_MUST       ? &must
		             : c->occur == LT_Q_MUST_NOT ? &excl
		                                         : &should;
		if ((c->kind != LT_QK_WORD && c->kind != LT_QK_PHRASE) || absorbed[i])
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

	/* Abbreviations and their expansions, both ways (optional words). */
	if (rc == 0 && db && t->synonym_weight > 0)
		rc = add_synonyms(single ? &lazy : &should, q, t, db, absorbed, accented, err);
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
			if (c->kind != LT_QK_WORD || d->kind != LT_QK_WORD || absorbed[i] ||
			    absorbed[i + 1] || c->occur == LT_Q_MUST_NOT ||
			    d->occur == LT_Q_MUST_NOT || c->words[0].wildcard ||
			    d->words[0].wildcard ||
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
	/* Field weights: the query's words in a record's heading. */
	if (rc == 0 && t->heading_weight > 0 && (!single || t->heading_long)) {
		qvec h = {0};
		rc = heading_terms(&h, q, absorbed, dropped, t->heading_pairs, err);
		if (rc == 0)
			rc = boost(&pos, &h, t->heading_weight, err);
		else
			lt_xquery_free(pos), pos = NULL;
		qvec_free(&h);
	}
	/* A question asking what a term means: the glossary article. */
	if (rc == 0 && t->define_weight > 0 && asks_definition(q)) {
		qvec g = {0};
		rc = glossary_terms(&g, err);
		if (rc == 0)
			rc = boost(&pos, &g, t->define_weight, err);
		else
			lt_xquery_free(pos), pos = NULL;
		qvec_free(&g);
	}
	/* Exact spelling first in short queries: neighbours as typed. */
	if (rc == 0 && t->exact_pair_weight > 0 && accented &&
	    (t->long_words == 0 || noptional < t->long_words)) {
		qvec e = {0};
		rc = exact_pairs(&e, q, absorbed, err);
		if (rc == 0)
			rc = boost(&pos, &e, t->exact_pair_weight, err);
		else
			lt_xquery_free(pos), pos = NULL;
		qvec_free(&e);
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
		rc = build_filters(&filter, q, LT_Q_MUST, t, organ_ext, err);
	if (rc == 0 && filter)
		rc = pair(&pos, LT_XOP_FILTER, pos, filter, err);
	else if (rc)
		lt_xquery_free(pos), pos = NULL;
	if (rc == 0)
		rc = build_filters(&nfilter, q, LT_Q_MUST_NOT, t, organ_ext, err);
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
	free(absorbed);
	free(organ_ext);
	if (rc) {
		lt_xquery_free(pos);
		return rc;
	}
	*out = pos;
	return 0;
}
