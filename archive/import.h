/*
 * archive/import.h — batch import: a box of scans or a corpus of texts,
 * described by a manifest, becomes records.
 *
 * The source is a directory, a .zip, or a .tar / .tar.gz / .tar.xz (read by
 * libarchive; the format is detected from content). It holds a
 * manifest.jsonl or manifest.csv (archive/manifest.h) at its top level or
 * in one top directory, and the files the rows name (`file`, relative to
 * the manifest). A row with inline `text` needs no file.
 *
 * Promises:
 *   1. Nothing is unpacked to disk as a whole. An archive is read twice:
 *      pass 1 reads the headers only (checking every entry name, type and
 *      count) and the manifest; pass 2 streams each entry a row needs into
 *      one private temp file, ingests the rows that name it (lt_ingest_file,
 *      with all its checks), and deletes the temp file at once. So the disk
 *      holds at most one expanded entry at a time.
 *   2. A row either becomes a whole record or leaves nothing (no record,
 *      no blob it created, no job, no outbox row); a bad row never stops
 *      the batch. Bad input is reported per row (manifest line) or per
 *      entry (name): `../` or absolute names, symlinks and hard links,
 *      device files, a missing file, an invalid value, a docId given twice
 *      in the batch (the later rows fail, naming the first), a truncated
 *      or corrupt archive, and the limits below (zip bombs).
 *   3. Re-runnable: a row whose docId is already in the catalog is
 *      skipped (counted, not failed). Rows without docId are always new.
 *   4. Text rows are fast: they are written in chunks of chunk_rows rows
 *      per catalog transaction (a SAVEPOINT per row, so one bad row rolls
 *      back alone) with prepared statements reused; their text (NFC) is
 *      stored as page 1 directly, so they need no job. By default the text
 *      lives in the catalog only (the audit row names the manifest's
 *      SHA-256 and the line); with text_blobs it is also kept as a
 *      text/plain original blob, which costs a durable file (3 fsyncs) per
 *      row. File rows go through lt_ingest_file and its OCR/extraction job.
 *
 * Running OCR and the index sync afterwards is the caller's business
 * (service/pipeline.h: lt_pipeline_drain), as for lt_ingest_file.
 */
#ifndef LT_ARCHIVE_IMPORT_H
#define LT_ARCHIVE_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "archive/archive.h"
#include "archive/ingest.h"
#include "core/error.h"

/* Limits against hostile archives (zip bombs). Each is a refusal with
 * LT_ELIMIT and a message naming the entry and the limit. */
#define LT_IMPORT_MAX_ENTRIES       1000000ull                   /* entries in an archive */
#define LT_IMPORT_MAX_ENTRY_BYTES   LT_INGEST_MAX_BYTES_DEFAULT  /* one expanded entry */
#define LT_IMPORT_MAX_TOTAL_BYTES   (64ull * 1024 * 1024 * 1024) /* all expanded entries */
#define LT_IMPORT_MAX_RATIO         200ull                       /* expanded ÷ read bytes */
#define LT_IMPORT_RATIO_FLOOR_BYTES (64ull * 1024 * 1024)        /* ratio checked above this */
#define LT_IMPORT_CHUNK_ROWS        500

typedef struct lt_import_limits {
	uint64_t max_entries;
	uint64_t max_entry_bytes;
	uint64_t max_total_bytes;
	uint64_t max_ratio;
	uint64_t ratio_floor_bytes;
} lt_import_limits;

#define LT_IMPORT_LIMITS_INIT                                                                      \
	{                                                                                          \
		LT_IMPORT_MAX_ENTRIES, LT_IMPORT_MAX_ENTRY_BYTES, LT_IMPORT_MAX_TOTAL_BYTES,       \
		    LT_IMPORT_MAX_RATIO, LT_IMPORT_RATIO_FLOOR_BYTES                               \
	}

/* Called after each row (done of total) from the importing thread. */
typedef void (*lt_import_progress_fn)(void *ctx, size_t done, size_t total);

typedef struct lt_import_options {
	lt_import_limits limits;
	size_t chunk_rows; /* text rows per transaction; 0 = LT_IMPORT_CHUNK_ROWS */
	const char *user;  /* for the audit trail; NULL = "cli" */
	int text_blobs;    /* also keep each inline text as an original blob */
	lt_import_progress_fn progress;
	void *progress_ctx;
} lt_import_options;

#define LT_IMPORT_OPTIONS_INIT                                                                     \
	{                                                                                          \
		LT_IMPORT_LIMITS_INIT, 0, NULL, 0, NULL, NULL                                      \
	}

/* One failed row, or a refused entry (row 0). */
typedef struct lt_import_failure {
	size_t row;    /* 1-based manifest row, 0 for an entry of the archive */
	size_t line;   /* manifest line where the row starts, 0 for an entry */
	char *entry;   /* the file / entry name concerned, or NULL */
	char *doc_id;  /* the row's docId as given, or NULL */
	int code;      /* lt_status */
	char *message; /* what went wrong, in the current language */
} lt_import_failure;

typedef struct lt_import_report {
	size_t total;                /* manifest rows */
	size_t imported;             /* records created */
	size_t skipped;              /* rows whose docId was already in the catalog */
	size_t failed;               /* rows that failed */
	lt_import_failure *failures; /* rows and refused entries, in the order found */
	size_t nfailures;
	/* Imported rows with a rule 6 finding on their number/notation (a
	 * warning: the record is stored; lt_ingest_check_notation), code 0. */
	lt_import_failure *warnings;
	size_t nwarnings;
	char *manifest; /* the manifest's name inside the source */
} lt_import_report;

/*
 * Import path into ar. Returns 0 when the batch ran (even if rows failed:
 * see the report); an error when it could not run at all: the source is
 * missing or unreadable, is not an archive, has no manifest or an
 * unreadable one, or the catalog failed. *out is set whenever the batch
 * ran (free with lt_import_report_free; NULL ok).
 */
int lt_import_run(lt_import_report **out, lt_archive *ar, const char *path,
                  const lt_import_options *opts, lt_error *err);
void lt_import_report_free(lt_import_report *rep);

/* The checks of an entry name (also for `file` in a manifest): relative,
 * no "..", no empty name, no NUL/backslash tricks. 0 or LT_EINVAL with a
 * message naming it. */
int lt_import_check_name(const char *name, lt_error *err);

#endif
