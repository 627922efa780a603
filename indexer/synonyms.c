/* indexer/synonyms.c — see synonyms.h. */
#include "indexer/synonyms.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "indexer/terms.h"

static const lt_synonym_pair builtin[] = {
#define LT_SYNONYM(term, expansion) {(char *)(term), (char *)(expansion)},
#include "indexer/synonyms.def"
#undef LT_SYNONYM
};

const lt_synonym_pair *lt_synonyms_builtin(size_t *n)
{
	*n = sizeof(builtin) / sizeof(builtin[0]);
	return builtin;
}

int lt_synonyms_key(lt_buf *out, const char *text, size_t len, int exact, lt_error *err)
{
	size_t mark = out->len;
	lt_text_iter it;
	int rc = 0, first = 1;

	lt_text_iter_init(&it, text, len);
	while (rc == 0 && lt_text_iter_next(&it)) {
		if (first && exact)
			rc = lt_buf_puts(out, LT_TERM_EXACT) ? LT_ENOMEM : 0;
		else if (!first)
			rc = lt_buf_putc(out, ' ') ? LT_ENOMEM : 0;
		first = 0;
		if (rc == 0)
			rc = exact ? lt_text_exact(out, it.word, it.word_len, err)
			           : lt_text_fold(out, it.word, it.word_len, err);
	}
	if (rc == LT_ENOMEM)
		lt_error_set(err, rc, "%s", LT_TR("hết bộ nhớ", "out of memory"));
	if (rc)
		lt_buf_truncate(out, mark);
	return rc;
}

/* FNV-1a over every pair, so a change of the list or of the catalog's
 * pairs rewrites the table once. */
static uint64_t hash_pairs(uint64_t h, const lt_synonym_pair *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (const char *s = p[i].term; *s; s++)
			h = (h ^ (unsigned char)*s) * 1099511628211ull;
		h = (h ^ 0x1f) * 1099511628211ull;
		for (const char *s = p[i].expansion; *s; s++)
			h = (h ^ (unsigned char)*s) * 1099511628211ull;
		h = (h ^ 0x1e) * 1099511628211ull;
	}
	return h;
}

static void hash_text(char out[24], const lt_synonym_list *extra)
{
	uint64_t h = 14695981039346656037ull;

	h = hash_pairs(h, builtin, sizeof(builtin) / sizeof(builtin[0]));
	if (extra)
		h = hash_pairs(h, extra->pairs, extra->n);
	snprintf(out, 24, "%016" PRIx64, h);
}

/* key(from) → to, in both forms. */
static int add_one_way(lt_xdb *db, const char *from, const char *to, lt_error *err)
{
	lt_buf key = LT_BUF_INIT;
	int rc = 0;

	for (int exact = 0; rc == 0 && exact <= 1; exact++) {
		lt_buf_reset(&key);
		rc = lt_synonyms_key(&key, from, strlen(from), exact, err);
		if (rc == 0 && key.len > (exact ? strlen(LT_TERM_EXACT) : 0) && key.len < 240)
			rc = lt_xdb_add_synonym(db, key.data, to, err);
	}
	lt_buf_free(&key);
	return rc;
}

static int add_pairs(lt_xdb *db, const lt_synonym_pair *p, size_t n, lt_error *err)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < n; i++) {
		rc = add_one_way(db, p[i].term, p[i].expansion, err);
		if (rc == 0)
			rc = add_one_way(db, p[i].expansion, p[i].term, err);
	}
	return rc;
}

int lt_synonyms_write(lt_xdb *db, const lt_synonym_list *extra, lt_error *err)
{
	char hash[24];
	int rc;

	rc = lt_xdb_clear_synonyms(db, err);
	if (rc == 0)
		rc = add_pairs(db, builtin, sizeof(builtin) / sizeof(builtin[0]), err);
	if (rc == 0 && extra)
		rc = add_pairs(db, extra->pairs, extra->n, err);
	hash_text(hash, extra);
	if (rc == 0)
		rc = lt_xdb_metadata_set(db, LT_SYNONYMS_KEY, hash, err);
	return rc;
}

int lt_index_sync_synonyms(lt_index *ix, lt_catalog *cat, lt_error *err)
{
	lt_synonym_list extra = {NULL, 0};
	lt_buf have = LT_BUF_INIT;
	lt_xdb *db = lt_index_xdb(ix);
	char want[24];
	int rc;

	rc = lt_synonyms_load(cat, &extra, err);
	if (rc == 0)
		rc = lt_xdb_metadata_get(db, LT_SYNONYMS_KEY, &have, err);
	hash_text(want, &extra);
	if (rc == 0 && strcmp(lt_buf_cstr(&have), want) != 0) {
		rc = lt_xdb_begin(db, err);
		if (rc == 0) {
			rc = lt_synonyms_write(db, &extra, err);
			if (rc == 0)
				rc = lt_xdb_commit_tx(db, err);
			else
				lt_xdb_cancel_tx(db);
		}
	}
	lt_buf_free(&have);
	lt_synonym_list_free(&extra);
	if (rc)
		return lt_error_prefix(err, "%s",
		                       LT_TR("bảng viết tắt của chỉ mục", "the index's synonyms"));
	return rc;
}
