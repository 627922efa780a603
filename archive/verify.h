/*
 * archive/verify.h — integrity and fixity checks of a data directory.
 *
 * lt_verify_structure() checks what can be checked without reading every
 * byte: SQLite's own integrity_check and foreign_key_check, every blobs
 * row has its file, every record_files row its blobs row, no orphan blob
 * files (present on disk, named by no row), no leftovers in blobs/tmp.
 * With LT_VERIFY_REPAIR it removes orphans and the leftovers of dead
 * writers: temp files no writer holds locked (lt_blobstore_tmp_in_use),
 * and anything older than LT_VERIFY_TMP_AGE_SECONDS. An orphan is removed under the catalog's write
 * lock after checking again that no row names it, so a referenced blob is never removed (and an
 * ingest that put the blob but has not committed yet puts it back under the same lock:
 * archive/ingest.c).
 *
 * The structure check also opens every stored file without reading it
 * (present, with the catalog's size) and reports the files an earlier
 * read found damaged (blobs.damage, archive/fixity.h).
 *
 * lt_verify_fixity() reads every stored file the catalog names through
 * the verified reader (lt_fixity_verify), which marks what it finds
 * damaged and clears the mark of a file intact again. A damaged file is an
 * issue of kind "missing_blob", "size_changed" or "content_changed" whose
 * message names the records holding it (docId, uid) and whose doc_id/uid
 * name the first; "unreadable_blob" is a read error that is not damage.
 *
 * Both append one audit entry ("verify.structure" / "verify.fixity")
 * with the counts ("issues=N repaired=N blobs=N bytes=N"; fixity adds
 * "content_changed=N size_changed=N missing=N unreadable=N" and
 * "kind:sha256" of each damaged blob), and return 0 whether or not issues
 * were found: the
 * issues are in the report. The index is not checked here (archive/ does
 * not know indexer/): service/cmd_verify.c adds that part.
 */
#ifndef LT_ARCHIVE_VERIFY_H
#define LT_ARCHIVE_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "archive/archive.h"
#include "core/error.h"

#define LT_VERIFY_TMP_AGE_SECONDS 3600
/* Damaged blobs named in a "verify.fixity" audit entry (the rest are
 * counted as "+N"). */
#define LT_VERIFY_AUDIT_NAMED 20

enum {
	LT_VERIFY_REPAIR = 1 << 0,
};

typedef struct lt_verify_issue {
	char *kind;    /* stable machine name: "missing_blob", "orphan_blob", ... */
	char *object;  /* sha256, path, table or entry id */
	char *message; /* for people, current language */
	int repaired;  /* 1 when --repair fixed it */
	char *doc_id;  /* a damaged stored file: the (first) record holding it, */
	char *uid;     /* as far as the connection may see it; else NULL */
} lt_verify_issue;

typedef struct lt_verify_report {
	size_t nissues;
	lt_verify_issue *issues;
	uint64_t blobs_checked;
	uint64_t bytes_checked;
	size_t repaired;
} lt_verify_report;

#define LT_VERIFY_REPORT_INIT                                                                      \
	{                                                                                          \
		0, NULL, 0, 0, 0                                                                   \
	}

/* Both are work of kind "verify" in the registry (archive/work.h): LT_EBUSY
 * while another verify runs. */
int lt_verify_structure(lt_archive *ar, unsigned flags, const char *who, lt_verify_report *report,
                        lt_error *err);
int lt_verify_fixity(lt_archive *ar, const char *who, lt_verify_report *report, lt_error *err);

/* A verify's result as the work registry and the API show it: counts and
 * each problem, an object that is a path by its last part. structure or
 * fixity may be NULL (not run). A new reference; NULL when out of memory. */
json_t *lt_verify_result_json(const lt_verify_report *structure, const lt_verify_report *fixity);

/*
 * Work left undone (lt_verify_work): what a stopped process or a full disk
 * leaves, which no integrity check of the files sees:
 *   job_interrupted         a recognition job whose process stopped while
 *                           running it (killed, power loss), or that was
 *                           put back in the queue after that and waits
 *   job_waiting             a queued job no process has taken for
 *                           LT_VERIFY_JOB_WAIT_SECONDS while no process
 *                           runs jobs at all (nothing will do it)
 *   job_failed              a job that failed for good (max attempts)
 *   searchable_pdf_missing  a scan recognised page by page whose
 *                           searchable PDF (the archival copy) was not
 *                           stored, e.g. because the disk was full
 * Each issue's object is the record's uid. Reading only; the CLI's
 * `verify --repair` runs the jobs again (service/cmd_verify.c).
 */
#define LT_VERIFY_JOB_WAIT_SECONDS 60
int lt_verify_work(lt_archive *ar, lt_verify_report *report, lt_error *err);

/* Record a check in the audit log (who, action, object, detail). When the
 * entry cannot be written because a file system is full or read-only
 * (LT_ENOSPC) the findings are not lost: an "audit_unwritten" issue says
 * so and 0 is returned. Other failures are returned. lt_verify_structure
 * and lt_verify_fixity record their runs through it. */
int lt_verify_record(lt_archive *ar, const char *who, const char *action, const char *object,
                     const char *detail, lt_verify_report *r, lt_error *err);

/* Add an issue (the CLI adds index issues this way). LT_ENOMEM or 0. */
int lt_verify_report_add(lt_verify_report *r, const char *kind, const char *object, int repaired,
                         const char *fmt, ...) LT_PRINTF(5, 6);
/* Issues not repaired. */
size_t lt_verify_report_open_issues(const lt_verify_report *r);
void lt_verify_report_clear(lt_verify_report *r);

#endif
