/* indexer/terms.c — see terms.h. */
#include "indexer/terms.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"

int lt_terms_folded(lt_buf *out, const char *word, size_t len, lt_error *err)
{
	return lt_text_fold(out, word, len, err);
}

int lt_terms_exact(lt_buf *out, const char *word, size_t len, lt_error *err)
{
	size_t mark = out->len;
	int rc;

	rc = lt_buf_puts(out, LT_TERM_EXACT);
	if (rc)
		return rc;
	rc = lt_text_exact(out, word, len, err);
	if (rc)
		lt_buf_truncate(out, mark);
	return rc;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int lt_terms_boolean(lt_buf *out, const char *prefix, const char *value, lt_error *err)
{
	lt_buf folded = LT_BUF_INIT;
	size_t mark = out->len;
	size_t start;
	int rc, pending_space = 0;

	rc = lt_text_fold(&folded, value, LT_TEXT_STRLEN, err);
	if (rc)
		return rc;
	rc = lt_buf_puts(out, prefix);
	start = out->len;
	for (size_t i = 0; rc == 0 && i < folded.len; i++) {
		char c = folded.data[i];
		if (is_space(c)) {
			pending_space = out->len > start;
			continue;
		}
		if (pending_space)
			rc = lt_buf_putc(out, '_');
		pending_space = 0;
		if (rc == 0)
			rc = lt_buf_putc(out, c);
	}
	lt_buf_free(&folded);
	if (rc) {
		lt_buf_truncate(out, mark);
		return lt_error_set(err, rc, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	}
	/* Cut at a character boundary: never leave a UTF-8 continuation
	 * byte's lead behind. */
	if (out->len - mark >= LT_TERMS_BOOLEAN_MAX) {
		size_t cut = mark + LT_TERMS_BOOLEAN_MAX - 1;
		while (cut > start && ((unsigned char)out->data[cut] & 0xC0) == 0x80)
			cut--;
		lt_buf_truncate(out, cut);
	}
	return 0;
}

int lt_terms_notation(lt_buf *out, const char *value, lt_error *err)
{
	size_t mark = out->len, start;
	int rc;

	rc = lt_terms_boolean(out, LT_TERM_NOTATION, value, err);
	if (rc)
		return rc;
	start = mark + strlen(LT_TERM_NOTATION);
	/* "007/…" → "7/…", "0/…" stays "0/…". */
	{
		size_t z = start;
		while (z + 1 < out->len && out->data[z] == '0' && out->data[z + 1] >= '0' &&
		       out->data[z + 1] <= '9')
			z++;
		if (z > start) {
			memmove(out->data + start, out->data + z, out->len - z);
			lt_buf_truncate(out, out->len - (z - start));
		}
	}
	return 0;
}

/* prefix + the folded word, in term (reset first); LT_ENOMEM or
 * lt_text_fold's error. */
static int prefixed_folded(lt_buf *term, const char *prefix, const char *word, size_t len,
                           lt_error *err)
{
	lt_buf_reset(term);
	if (lt_buf_puts(term, prefix))
		return LT_ENOMEM;
	return lt_terms_folded(term, word, len, err);
}

/* Heading words XH<folded> and neighbouring pairs XH<folded>_<folded>,
 * no position. */
static int index_heading(lt_xdoc *doc, const char *text, lt_error *err)
{
	lt_buf term = LT_BUF_INIT, prev = LT_BUF_INIT;
	lt_text_iter it;
	size_t plen = strlen(LT_TERM_HEADING);
	int rc = 0;

	if (!text)
		return 0;
	lt_text_iter_init(&it, text, strlen(text));
	while (rc == 0 && lt_text_iter_next(&it)) {
		if (it.word_len > LT_TERMS_WORD_MAX) {
			lt_buf_reset(&prev);
			continue;
		}
		rc = prefixed_folded(&term, LT_TERM_HEADING, it.word, it.word_len, err);
		if (rc || term.len <= plen)
			continue;
		rc = lt_xdoc_add_term(doc, term.data, term.len, err);
		if (rc == 0 && prev.len) {
			size_t mark = prev.len;
			rc = lt_buf_putc(&prev, '_') ||
			             lt_buf_append(&prev, term.data + plen, term.len - plen)
			         ? LT_ENOMEM
			         : 0;
			if (rc == 0)
				rc = lt_xdoc_add_term(doc, prev.data, prev.len, err);
			lt_buf_truncate(&prev, mark);
		}
		lt_buf_reset(&prev);
		if (rc == 0 && lt_buf_append(&prev, term.data, term.len))
			rc = LT_ENOMEM;
	}
	lt_buf_free(&prev);
	if (rc == LT_ENOMEM)
		lt_error_set(err, rc, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	lt_buf_free(&term);
	return rc;
}

/* The issuing body's words with positions: XOW<folded>. */
static int index_organ_words(lt_xdoc *doc, const char *text, lt_error *err)
{
	lt_buf term = LT_BUF_INIT;
	lt_text_iter it;
	uint32_t pos = 0;
	int rc = 0;

	if (!text)
		return 0;
	lt_text_iter_init(&it, text, strlen(text));
	while (rc == 0 && lt_text_iter_next(&it)) {
		pos++;
		if (it.word_len > LT_TERMS_WORD_MAX)
			continue;
		rc = prefixed_folded(&term, LT_TERM_ORGAN_WORD, it.word, it.word_len, err);
		if (rc == 0 && term.len > strlen(LT_TERM_ORGAN_WORD))
			rc = lt_xdoc_add_posting(doc, term.data, term.len, pos, err);
	}
	if (rc == LT_ENOMEM)
		lt_error_set(err, rc, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	lt_buf_free(&term);
	return rc;
}

/* A weighing XN term (wdf 1): see terms.h. */
static int add_notation(lt_xdoc *doc, lt_buf *tmp, const char *value, lt_error *err)
{
	size_t plain;
	int rc;

	if (!value || !*value)
		return 0;
	lt_buf_reset(tmp);
	rc = lt_terms_boolean(tmp, LT_TERM_NOTATION, value, err);
	if (rc == 0 && tmp->len > strlen(LT_TERM_NOTATION))
		rc = lt_xdoc_add_term(doc, tmp->data, tmp->len, err);
	plain = tmp->len;
	if (rc == 0) {
		lt_buf canonical = LT_BUF_INIT;
		rc = lt_terms_notation(&canonical, value, err);
		if (rc == 0 && canonical.len != plain && canonical.len > strlen(LT_TERM_NOTATION))
			rc = lt_xdoc_add_term(doc, canonical.data, canonical.len, err);
		lt_buf_free(&canonical);
	}
	return rc;
}

int lt_terms_index_text(lt_xdoc *doc, uint32_t *pos, const char *text, size_t len, lt_error *err)
{
	lt_buf term = LT_BUF_INIT, prev = LT_BUF_INIT, pair = LT_BUF_INIT;
	lt_text_iter it;
	int rc = 0, have_prev = 0;

	if (!text)
		return 0;
	if (len == LT_TEXT_STRLEN)
		len = strlen(text);
	lt_text_iter_init(&it, text, len);
	while (lt_text_iter_next(&it)) {
		uint32_t p = ++*pos;
		if (it.word_len > LT_TERMS_WORD_MAX) {
			have_prev = 0;
			continue;
		}
		lt_buf_reset(&term);
		rc = lt_terms_folded(&term, it.word, it.word_len, err);
		if (rc == 0 && term.len > 0)
			rc = lt_xdoc_add_posting(doc, term.data, term.len, p, err);
		if (rc)
			break;
		/* Two neighbouring syllables as one term: most Vietnamese words
		 * are two syllables, and a pair is far rarer than either half. */
		if (have_prev && term.len > 0) {
			lt_buf_reset(&pair);
			if (lt_terms_bigram(&pair, prev.data, term.data))
				rc = lt_error_set(err, LT_ENOMEM, "%s",
				                  LT_TR("hết bộ nhớ", "out of memory"));
			if (rc == 0)
				rc = lt_xdoc_add_term(doc, pair.data, pair.len, err);
			if (rc)
				break;
		}
		have_prev = term.len > 0;
		lt_buf_reset(&prev);
		if (have_prev && lt_buf_append(&prev, term.data, term.len)) {
			rc = lt_error_set(err, LT_ENOMEM, "%s",
			                  LT_TR("hết bộ nhớ", "out of memory"));
			break;
		}
		lt_buf_reset(&term);
		rc = lt_terms_exact(&term, it.word, it.word_len, err);
		if (rc == 0 && term.len > strlen(LT_TERM_EXACT))
			rc = lt_xdoc_add_posting(doc, term.data, term.len, p, err);
		if (rc)
			break;
	}
	*pos += LT_TERMS_FIELD_GAP;
	lt_buf_free(&term);
	lt_buf_free(&prev);
	lt_buf_free(&pair);
	return rc;
}

int lt_terms_bigram(lt_buf *out, const char *folded1, const char *folded2)
{
	return lt_buf_printf(out, "%s%s_%s", LT_TERM_BIGRAM, folded1, folded2);
}

int lt_terms_uid(lt_buf *out, const char *uid)
{
	return lt_buf_printf(out, "%s%s", LT_TERM_UID, uid);
}

int lt_terms_record_id(lt_buf *out, int64_t id)
{
	return lt_buf_printf(out, "%s%" PRId64, LT_TERM_RECORD_ID, id);
}

static int add_boolean(lt_xdoc *doc, lt_buf *tmp, const char *prefix, const char *value,
                       lt_error *err)
{
	int rc;

	if (!value || !*value)
		return 0;
	lt_buf_reset(tmp);
	rc = lt_terms_boolean(tmp, prefix, value, err);
	if (rc == 0 && tmp->len > strlen(prefix))
		rc = lt_xdoc_add_boolean_term(doc, tmp->data, tmp->len, err);
	return rc;
}

static int add_raw_boolean(lt_xdoc *doc, lt_buf *tmp, const char *prefix, const char *value,
                           lt_error *err)
{
	if (!value || !*value)
		return 0;
	lt_buf_reset(tmp);
	if (lt_buf_printf(tmp, "%s%s", prefix, value))
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	return lt_xdoc_add_boolean_term(doc, tmp->data, tmp->len, err);
}

static int add_value(lt_xdoc *doc, unsigned slot, const char *value, lt_error *err)
{
	if (!value || !*value)
		return 0;
	return lt_xdoc_add_value(doc, slot, value, strlen(value), err);
}

/* "2021-03-04" → year "2021" and "20210304"; anything else gives nothing
 * (the catalog stores dates ISO 8601, so this is only defence). */
static int split_date(const char *iso, char year[5], char ymd[9])
{
	if (!iso || strlen(iso) < 10 || iso[4] != '-' || iso[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (iso[i] < '0' || iso[i] > '9'))
			return 0;
	memcpy(year, iso, 4);
	year[4] = '\0';
	memcpy(ymd, iso, 4);
	memcpy(ymd + 4, iso + 5, 2);
	memcpy(ymd + 6, iso + 8, 2);
	ymd[8] = '\0';
	return 1;
}

static int record_terms(lt_xdoc *doc, const lt_record *rec, lt_buf *tmp, lt_error *err)
{
	static const lt_field_id headings[] = {LT_F_TITLE, LT_F_SUBJECT, LT_F_KEYWORD};
	const char *number = rec->values[LT_F_CODE_NUMBER];
	const char *notation = rec->values[LT_F_CODE_NOTATION];
	char year[5], ymd[9], secrecy[2], idtext[24];
	uint32_t pos = 0;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < sizeof(headings) / sizeof(headings[0]); i++) {
		rc = lt_terms_index_text(doc, &pos, rec->values[headings[i]], LT_TEXT_STRLEN, err);
		if (rc == 0)
			rc = index_heading(doc, rec->values[headings[i]], err);
	}
	if (rc == 0)
		rc = lt_terms_index_text(doc, &pos, rec->values[LT_F_DOC_ID], LT_TEXT_STRLEN, err);
	/* Number and notation as one field: "12/QĐ-UBND" as people write it. */
	if (rc == 0) {
		lt_buf full = LT_BUF_INIT;
		if (lt_buf_printf(&full, "%s%s%s", number ? number : "",
		                  number && *number && notation && *notation ? "/" : "",
		                  notation ? notation : ""))
			rc = lt_error_set(err, LT_ENOMEM, "%s",
			                  LT_TR("hết bộ nhớ", "out of memory"));
		else
			rc = lt_terms_index_text(doc, &pos, full.data, full.len, err);
		lt_buf_free(&full);
	}
	for (size_t i = 0; rc == 0 && i < rec->npages; i++)
		rc = lt_terms_index_text(doc, &pos, rec->pages[i].text, LT_TEXT_STRLEN, err);
	if (rc == 0)
		rc = index_organ_words(doc, rec->values[LT_F_ORGAN_NAME], err);
	if (rc)
		return rc;

	lt_buf_reset(tmp);
	if (lt_terms_uid(tmp, rec->uid))
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	rc = lt_xdoc_add_boolean_term(doc, tmp->data, tmp->len, err);
	if (rc)
		return rc;
	lt_buf_reset(tmp);
	if (lt_terms_record_id(tmp, rec->id))
		return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	rc = lt_xdoc_add_boolean_term(doc, tmp->data, tmp->len, err);
	if (rc)
		return rc;

	snprintf(secrecy, sizeof(secrecy), "%d", rec->secrecy < 0 ? 0 : rec->secrecy % 10);
	if (rc == 0)
		rc = add_raw_boolean(doc, tmp, LT_TERM_SECRECY, secrecy, err);
	if (rc == 0)
		rc = add_raw_boolean(doc, tmp, LT_TERM_TYPE, rec->values[LT_F_TYPE_NAME], err);
	if (rc == 0)
		rc = add_raw_boolean(doc, tmp, LT_TERM_KIND, rec->values[LT_F_KIND], err);
	if (rc == 0)
		rc = add_boolean(doc, tmp, LT_TERM_FILE_CODE, rec->values[LT_F_FILE_CODE], err);
	if (rc == 0)
		rc = add_boolean(doc, tmp, LT_TERM_ORGAN, rec->values[LT_F_ORGAN_NAME], err);
	if (rc == 0)
		rc = add_boolean(doc, tmp, LT_TERM_DEPARTMENT, rec->values[LT_F_DEPARTMENT], err);
	if (rc == 0)
		rc = add_notation(doc, tmp, notation, err);
	if (rc == 0 && number && *number && notation && *notation) {
		lt_buf full = LT_BUF_INIT;
		if (lt_buf_printf(&full, "%s/%s", number, notation))
			rc = lt_error_set(err, LT_ENOMEM, "%s",
			                  LT_TR("hết bộ nhớ", "out of memory"));
		else
			rc = add_notation(doc, tmp, full.data, err);
		lt_buf_free(&full);
	}
	if (rc)
		return rc;

	if (split_date(rec->values[LT_F_ISSUED_DATE], year, ymd)) {
		rc = add_raw_boolean(doc, tmp, LT_TERM_YEAR, year, err);
		if (rc == 0)
			rc = add_value(doc, LT_SLOT_ISSUED_DATE, ymd, err);
		if (rc == 0)
			rc = add_value(doc, LT_SLOT_YEAR, year, err);
	}
	if (rc == 0) {
		lt_buf_reset(tmp);
		if (lt_x_sortable_serialise(tmp, (double)rec->id))
			return lt_error_set(err, LT_ENOMEM, "%s",
			                    LT_TR("hết bộ nhớ", "out of memory"));
		rc = lt_xdoc_add_value(doc, LT_SLOT_RECORD_ID, tmp->data, tmp->len, err);
	}
	if (rc == 0)
		rc = add_value(doc, LT_SLOT_TYPE, rec->values[LT_F_TYPE_NAME], err);
	if (rc == 0)
		rc = add_value(doc, LT_SLOT_ORGAN, rec->values[LT_F_ORGAN_NAME], err);
	if (rc == 0)
		rc = add_value(doc, LT_SLOT_FILE_CODE, rec->values[LT_F_FILE_CODE], err);
	if (rc == 0) {
		snprintf(idtext, sizeof(idtext), "%" PRId64, rec->id);
		rc = lt_xdoc_set_data(doc, idtext, strlen(idtext), err);
	}
	return rc;
}

int lt_terms_record_doc(lt_xdoc **out, const lt_record *rec, lt_error *err)
{
	lt_buf tmp = LT_BUF_INIT;
	lt_xdoc *doc;
	int rc;

	*out = NULL;
	rc = lt_xdoc_new(&doc, err);
	if (rc)
		return rc;
	rc = record_terms(doc, rec, &tmp, err);
	lt_buf_free(&tmp);
	if (rc) {
		lt_xdoc_free(doc);
		return lt_error_prefix(
		    err, LT_TR("không lập chỉ mục được văn bản %s", "cannot index record %s"),
		    rec->uid);
	}
	*out = doc;
	return 0;
}

int lt_terms_plain_doc(lt_xdoc **out, const char *id, const char *title, const char *text,
                       lt_error *err)
{
	lt_buf tmp = LT_BUF_INIT;
	lt_xdoc *doc;
	uint32_t pos = 0;
	int rc;

	*out = NULL;
	rc = lt_xdoc_new(&doc, err);
	if (rc)
		return rc;
	rc = lt_terms_index_text(doc, &pos, title, LT_TEXT_STRLEN, err);
	if (rc == 0)
		rc = index_heading(doc, title, err);
	if (rc == 0)
		rc = lt_terms_index_text(doc, &pos, text, LT_TEXT_STRLEN, err);
	if (rc == 0 && lt_terms_uid(&tmp, id))
		rc = lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	if (rc == 0)
		rc = lt_xdoc_add_boolean_term(doc, tmp.data, tmp.len, err);
	if (rc == 0)
		rc = lt_xdoc_add_boolean_term(doc, LT_TERM_SECRECY "0", 3, err);
	if (rc == 0)
		rc = lt_xdoc_set_data(doc, id, strlen(id), err);
	lt_buf_free(&tmp);
	if (rc) {
		lt_xdoc_free(doc);
		return rc;
	}
	*out = doc;
	return 0;
}
