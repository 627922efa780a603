/*
 * archive/review.h — a person's check of a page's recognised text.
 *
 * `luutru ocr review` (archive/jobs.h, lt_jobs_review) lists the pages
 * whose OCR quality is low. A reviewer reads the page beside its text and
 * either corrects the text or confirms it as it is; either way the page is
 * marked reviewed (pages.reviewed_at, reviewed_by) and leaves the list.
 * A correction is kept as a metadata edit is (archive/record.h,
 * lt_record_update_fields): one record_history row (field "page:N",
 * the previous text → the new text, who, when) and one index_outbox
 * 'upsert' row, so the search index finds the corrected words once the
 * outbox is applied (lt_pipeline_drain, or the server's workers).
 *
 * A reviewed page keeps the reviewer's text when the record is recognised
 * again (lt_jobs_requeue with redo): archive/jobs.c replaces only the
 * pages nobody reviewed.
 *
 * The scan is the record; the recognised text is a finding aid. So a
 * page of a record in a closed dossier may be corrected (its metadata may
 * not: lt_record_check_editable), and the correction is visible in the
 * record's history like any edit.
 */
#ifndef LT_ARCHIVE_REVIEW_H
#define LT_ARCHIVE_REVIEW_H

#include <stdint.h>

#include "archive/catalog.h"
#include "core/error.h"

#define LT_REVIEW_TEXT_MAX (1024 * 1024) /* bytes of one page's corrected text */

/*
 * Mark page page_no of record record_id reviewed by who (NULL = "cli"),
 * and when text is not NULL replace its recognised text by text (valid
 * UTF-8, no NUL, at most LT_REVIEW_TEXT_MAX bytes; stored in NFC, line
 * ends as given). All or nothing. Only an archivist or an administrator
 * (the principal's roles; the system holds every role). *changed (may be
 * NULL) is 1 when the text changed, 0 when it was confirmed as it was.
 * Errors: LT_EINVAL (bad text), LT_ENOTFOUND (no such page, or a record
 * the principal may not see), LT_EDENIED (role, or a record above the
 * principal's clearance), LT_EDB/LT_EBUSY.
 */
int lt_review_correct(lt_catalog *cat, int64_t record_id, int page_no, const char *text,
                      const char *who, int *changed, lt_error *err);

#endif
