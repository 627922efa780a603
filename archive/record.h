/*
 * archive/record.h — one registered document (văn bản) as the catalog
 * holds it, with its pages and files.
 *
 * lt_record_load() reads a record by id or by uid; the returned record owns
 * all its strings and is freed with lt_record_free() (NULL ok). Field values
 * are indexed by lt_field_id; a value not set is NULL.
 */
#ifndef LT_ARCHIVE_RECORD_H
#define LT_ARCHIVE_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "archive/catalog.h"
#include "archive/fields.h"
#include "core/error.h"

#define LT_UID_LEN 36 /* UUID text form */

typedef struct lt_record_page {
	int page_no;
	char *text;
	double confidence;
	int dpi;
	double skew;
	int rotation;
	int source; /* lt_page_source */
} lt_record_page;

typedef struct lt_record_file {
	char sha256[65];
	char *role;       /* "original", "searchable_pdf", "attachment" */
	char *media_type; /* MIME */
	char *name;       /* original file name, no directory */
	uint64_t size;
	char *damage; /* NULL, or how a read found the stored file damaged:
	               * "missing", "size_changed", "content_changed"
	               * (archive/fixity.h) */
} lt_record_file;

typedef struct lt_record {
	int64_t id;
	char uid[LT_UID_LEN + 1];
	char *values[LT_F__COUNT]; /* stored forms, NULL when unset */
	int page_count;            /* pages actually stored */
	int secrecy;               /* 0 thường, 1 mật, 2 tối mật, 3 tuyệt mật */
	char *status;              /* "active", "destroyed", ... */
	char *created_at;          /* ISO 8601 UTC */
	char *updated_at;
	lt_record_page *pages; /* NULL unless loaded with LT_RECORD_PAGES */
	size_t npages;
	lt_record_file *files; /* NULL unless loaded with LT_RECORD_FILES */
	size_t nfiles;
	/* The signature summary (archive/signatures/store.h: "valid", ...,
	 * "none"); NULL unless loaded with LT_RECORD_SIGNATURE, or never
	 * checked. */
	char *signature;
} lt_record;

enum {
	LT_RECORD_PAGES = 1 << 0,
	LT_RECORD_FILES = 1 << 1,
	LT_RECORD_SIGNATURE = 1 << 2,
};

int lt_record_load(lt_record **out, lt_catalog *cat, int64_t id, unsigned what, lt_error *err);
/* By uid, or by docId when no uid matches. */
int lt_record_load_ref(lt_record **out, lt_catalog *cat, const char *ref, unsigned what,
                       lt_error *err);
void lt_record_free(lt_record *rec);

static inline const char *lt_record_value(const lt_record *rec, lt_field_id id)
{
	return rec->values[id];
}

/* The best short title for display: title, else subject, else the
 * original file name, else the uid. Never NULL. */
const char *lt_record_display_title(const lt_record *rec);
/* A record status ("active", "destroyed", "deleted") as people read it,
 * in the current language; an unknown one is returned as it is. */
const char *lt_record_status_label(const char *status);

/* Every page's text joined by "\n\n", appended to out. */
int lt_record_full_text(const lt_record *rec, lt_buf *out);

/* LT_ESTATE (NĐ 30 Đ29.4) when the record is filed in a dossier that is
 * no longer open (closed, archived, transferred, destroyed): its metadata
 * and numbers are then read-only. 0 otherwise. */
int lt_record_check_editable(lt_catalog *cat, int64_t id, lt_error *err);

/* The kind (incoming, outgoing, internal, scanned) of record id, into a
 * 16-byte buffer; LT_ENOTFOUND naming the id. */
int lt_record_kind(lt_catalog *cat, int64_t id, char kind[16], lt_error *err);

/* Number of records in the catalog (any status). */
int lt_record_count(lt_catalog *cat, int64_t *out, lt_error *err);

/* One field to change: a tag (or column name) and the value as a user
 * would type it (empty or NULL = unset). */
typedef struct lt_field_set {
	const char *tag;
	const char *value;
} lt_field_set;

/*
 * Change several metadata fields of record id at once, all or nothing.
 * First every tag and value is validated like input (lt_field_normalize;
 * unknown tag, a tag given twice, a bad value, an empty secrecy or kind
 * are refused) without touching the catalog. Then one transaction checks
 * what needs the stored record — it exists, it is not frozen by a recall
 * (rule 14, lt_link_check_editable), and, when the edit sets codeNumber or
 * codeNotation, the pair as it will be is well-formed (rule 6,
 * lt_notation_check; a legacy record with an odd stored notation stays
 * editable in its other fields) — and updates each
 * column that changes with updated_at, one record_history row per changed
 * field (tag, old → new, who, when) and one index_outbox 'upsert' row. Any
 * error rolls the whole edit back: nothing changes. A field set to the
 * value it already has is not a change (no history row). *changed (may be
 * NULL) gets the number of fields changed. who NULL = "cli". Errors:
 * LT_EINVAL, LT_ENOTFOUND, LT_ESTATE (frozen), LT_EEXISTS (docId used by
 * another record), LT_EDB/LT_EBUSY.
 */
int lt_record_update_fields(lt_catalog *cat, int64_t id, const lt_field_set *sets, size_t n,
                            const char *who, size_t *changed, lt_error *err);

/* lt_record_update_fields() with one field. */
int lt_record_update_field(lt_catalog *cat, int64_t id, const char *tag, const char *value,
                           const char *who, lt_error *err);

#endif
