/*
 * archive/ingest.h — a file plus metadata becomes one record.
 *
 * lt_ingest_file() checks everything before it stores anything: the file
 * exists, is not empty, is of a supported type by content and readable as
 * that type (ocr/lt_ocr_probe), and every metadata value is valid
 * (archive/fields). Then the bytes go to the blob store, and one catalog
 * transaction creates the record, its record_files row, a job (OCR or text
 * extraction) and an index_outbox row. If that transaction fails, a blob
 * this call created is removed again: a failed ingest leaves no record, no
 * blob, no job and no outbox row.
 */
#ifndef LT_ARCHIVE_INGEST_H
#define LT_ARCHIVE_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "archive/archive.h"
#include "archive/record.h"
#include "core/error.h"
#include "ocr/ocr.h"

typedef struct lt_meta_kv {
	const char *key; /* a field tag (archive/record_fields.def) */
	const char *value;
} lt_meta_kv;

typedef struct lt_ingest_options {
	const lt_meta_kv *meta;
	size_t nmeta;
	uint64_t max_bytes; /* per file; 0 = LT_INGEST_MAX_BYTES_DEFAULT */
	lt_ocr_limits limits;
	const char *user; /* who ingests, for the audit trail; NULL = "cli" */
	/* > 0: the new record is filed into this open dossier in the same
	 * transaction — a dossier that is not open, or not visible, refuses
	 * the whole ingest (archive/dossier.h, lt_dossier_add_in) */
	int64_t dossier_id;
} lt_ingest_options;

#define LT_INGEST_MAX_BYTES_DEFAULT (512ull * 1024 * 1024)
#define LT_INGEST_WARNING_MAX       512
#define LT_INGEST_OPTIONS_INIT                                                                     \
	{                                                                                          \
		NULL, 0, 0, LT_OCR_LIMITS_INIT, NULL, 0                                            \
	}

typedef struct lt_ingest_result {
	int64_t record_id;
	char uid[LT_UID_LEN + 1];
	char sha256[65];
	int blob_existed; /* the same bytes were already stored */
	lt_media_type type;
	int pages; /* as probed */
	/* Rule 6 finding on the number/notation (lt_ingest_check_notation):
	 * the record was stored, the text says what is odd; "" when none. */
	char warning[LT_INGEST_WARNING_MAX];
	/* The file's digital signatures, checked before the record was
	 * stored (rule 10; archive/signatures/sig.h): sig_checked when it is
	 * an electronic document, sig_count signatures found, sig_status
	 * the worst (lt_sig_status) when there are any. */
	int sig_checked;
	size_t sig_count;
	int sig_status;
	/* An e-mail's attachments: ingested as linked records, kept as
	 * files of the message (archive/edoc/edoc.h). */
	size_t attachment_records, attachment_files;
	/* The same file was ingested before under the same docId and its
	 * recognition never finished (the process was killed, or the job
	 * failed): nothing new was stored, record_id/uid/sha256 are that
	 * record's, and its job is queued again (archive/jobs.h,
	 * lt_jobs_requeue). The caller runs the jobs as for a new record. */
	int resumed;
} lt_ingest_result;

/*
 * Rule 6 at ingest (docs/records.md, "Số, ký hiệu at ingest"). Legacy
 * scans carry notations of their time, so a malformed number/notation or a
 * type abbreviation that does not match typeName is a warning: 0 is
 * returned and the finding is written to warning (size bytes; "" when
 * none); `luutru check` reports it again from the stored record. Refused
 * (LT_EINVAL, nothing stored) only when the pair is malformed on a
 * born-digital outgoing record of this agency (kind "outgoing",
 * confidenceLevel "01"): luutru's own agency issues those, and NĐ 30
 * applies in full. Arguments are stored forms; NULL = not set.
 */
int lt_ingest_check_notation(const char *kind, const char *confidence, const char *number,
                             const char *notation, const char *type_name, char *warning,
                             size_t size, lt_error *err);

/*
 * Rule 43 (Luật Bảo vệ bí mật nhà nước): a deployment not declared isolated
 * (luutru.conf `isolated = true`) keeps no state secrets. LT_EDENIED with a
 * message citing the rule when secrecy >= 1 or mode is "03"; 0 otherwise.
 * Every way a record enters the archive (ingest, import, packages, the API)
 * calls it before storing anything.
 */
int lt_ingest_check_secret(lt_archive *ar, int secrecy, const char *mode, lt_error *err);

/*
 * The registration kind a record gets when none is given: "scanned"
 * (tài liệu số hóa) for images and PDFs, "internal" for a text file or a
 * born-digital document (office formats, e-mail, legacy-encoded text;
 * ocr/formats/formats.h), which is an electronic document, not the
 * digitised copy of paper (REGULATIONS rule 34 asks a digitised record for
 * its scan and archival PDF). Such a file given kind "scanned" is refused.
 */
const char *lt_ingest_default_kind(lt_media_type type);
/* LT_EINVAL when kind (stored form, NULL = not given) is "scanned" for
 * text or a born-digital document; name is the file (or row) for the message. */
int lt_ingest_check_kind(lt_media_type type, const char *kind, const char *name, lt_error *err);

/* Also refused: a file whose name says another type than its content
 * (lt_ocr_check_name: a text file named .pdf, "GIF89a" named x.gif). */
/* A docId already in the archive is refused (LT_EEXISTS, naming the
 * record) — unless it is the same file again and the record's
 * recognition never finished: then out->resumed is set, see above. */
int lt_ingest_file(lt_archive *ar, const char *path, const lt_ingest_options *opts,
                   lt_ingest_result *out, lt_error *err);

/* The signature check of an ingest result for the CLI's and the API's
 * answers: {"checked": bool, "count": n, "status": "valid"|...|"none"},
 * or null when the file is no electronic document (a scan). New
 * reference. */
struct json_t;
struct json_t *lt_ingest_signatures_json(const lt_ingest_result *res);

#endif
