/*
 * archive/link.h — links between records (REGULATIONS.md §9.5
 * DocumentLink; NĐ 30 Đ18.3–18.4, the Sổ theo dõi giải quyết văn bản đến).
 *
 * A link is directed, FROM → TO, and reads as a sentence:
 *   reply_to       FROM answers TO           (outgoing reply → incoming letter)
 *   refers_to      FROM cites TO
 *   supersedes     FROM replaces / corrects TO
 *   recalls        FROM recalls TO           (rule 14: an outgoing TO is frozen)
 *   attachment_of  FROM is an attachment of TO
 *
 * Invariants (checked by lt_link_add, inside its transaction):
 *   1. FROM and TO exist and differ (no self-links).
 *   2. At most one link of a kind between the same FROM and TO.
 *   3. reply_to and supersedes have no cycles: a letter cannot, through a
 *      chain of replies, answer itself; a version cannot replace itself.
 *   4. A frozen record (an outgoing record some record recalls) gets no
 *      new links from it and loses none; its metadata cannot be edited
 *      (lt_link_check_editable) and the recall cannot be undone.
 *
 * Every change appends audit_log entries in its own transaction
 * (archive/audit.h): "link.add" / "link.remove" on "record FROM" with
 * detail "KIND record TO", and "record.freeze" on "record TO" when an
 * outgoing record is recalled (rule 14: the recall event).
 * Links do not change what a record's index document holds, so they add
 * no index_outbox rows. One lt_catalog per thread (catalog.h).
 */
#ifndef LT_ARCHIVE_LINK_H
#define LT_ARCHIVE_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "archive/catalog.h"
#include "core/error.h"

typedef enum lt_link_kind {
	LT_LINK_REPLY_TO,
	LT_LINK_REFERS_TO,
	LT_LINK_SUPERSEDES,
	LT_LINK_RECALLS,
	LT_LINK_ATTACHMENT_OF,
	LT_LINK__COUNT
} lt_link_kind;

/* "reply_to", ...; NULL for a value out of range. */
const char *lt_link_kind_name(lt_link_kind kind);
/* Accepts "reply_to", "reply-to", "--reply-to" (any case). LT_EINVAL with
 * the list of kinds otherwise. */
int lt_link_kind_parse(lt_link_kind *out, const char *s, lt_error *err);
/* How the relation reads for people, in the current language: seen from
 * FROM ("trả lời văn bản") when reverse is 0, from TO ("được trả lời bởi")
 * when reverse is 1. */
const char *lt_link_kind_label(lt_link_kind kind, int reverse);

typedef struct lt_link {
	int64_t id;
	int64_t from_id;
	int64_t to_id;
	lt_link_kind kind;
	char *note;       /* NULL when none */
	char *created_by; /* NULL when unknown */
	char *created_at; /* ISO 8601 UTC */
} lt_link;

typedef struct lt_link_list {
	lt_link *items;
	size_t n;
} lt_link_list;

/* Add FROM --kind--> TO in one transaction (invariants above). who NULL =
 * "cli"; note may be NULL. *out_id (may be NULL) gets the link id.
 * Errors: LT_ENOTFOUND (a record), LT_EINVAL (self-link, cycle),
 * LT_EEXISTS (duplicate), LT_ESTATE (FROM frozen), LT_EDB/LT_EBUSY. */
int lt_link_add(int64_t *out_id, lt_catalog *cat, int64_t from, int64_t to, lt_link_kind kind,
                const char *note, const char *who, lt_error *err);

/* The same checks and insert without a transaction of its own: for
 * modules that add a link as part of their own transaction (task.c). */
int lt_link_insert(int64_t *out_id, lt_catalog *cat, int64_t from, int64_t to, lt_link_kind kind,
                   const char *note, const char *who, lt_error *err);

/* Remove the link FROM --kind--> TO (who NULL = "cli"). LT_ENOTFOUND when there is none,
 * LT_ESTATE when FROM is frozen or the link is the recall that froze TO. */
int lt_link_remove(lt_catalog *cat, int64_t from, int64_t to, lt_link_kind kind, const char *who,
                   lt_error *err);

/* Every link touching record (as FROM or TO), oldest first. LT_ENOTFOUND
 * for an unknown record. Free with lt_link_list_free (NULL ok). */
int lt_link_list_load(lt_link_list **out, lt_catalog *cat, int64_t record, lt_error *err);
void lt_link_list_free(lt_link_list *list);

/* Rule 14. *frozen = 1 when record is outgoing and recalled; *by (may be
 * NULL) gets the recalling record's id. LT_ENOTFOUND for an unknown record. */
int lt_link_is_frozen(int *frozen, int64_t *by, lt_catalog *cat, int64_t record, lt_error *err);
/* 0 when record may be edited; LT_ESTATE with a message naming the
 * recalling record when it is frozen. */
int lt_link_check_editable(lt_catalog *cat, int64_t record, lt_error *err);

#endif
