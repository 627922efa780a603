/*
 * archive/premis.h — preservation metadata (PREMIS 3) of a dossier package.
 *
 * TT 05/2025 asks for PREMIS in archive packages (REGULATIONS §9.2). For
 * the files of one dossier this writes a METS amdSec
 * (http://www.loc.gov/METS/) holding, in the PREMIS 3 namespace
 * (http://www.loc.gov/premis/v3, prefix "premis"):
 *   digiprovMD  one premis:event each, with its agents and outcome, linked
 *               to the files by their package path (the METS file
 *               elements carry each file's SHA-256 and size):
 *                 ingestion                  a record entered the archive
 *                                            (audit "record.ingest")
 *                 message digest calculation the SHA-256 taken when the
 *                                            file was stored
 *                 fixity check               every verify --fixity run after
 *                                            the file was stored (failure
 *                                            when the run named it damaged),
 *                                            and the check made while
 *                                            packaging
 *                 extraction                 OCR of the record (Tesseract;
 *                                            pages, mean confidence)
 *                 migration                  a searchable PDF made from the
 *                                            original (source → outcome)
 *                 accession / transfer /     the dossier's deposit to the
 *                 deletion                   agency archive, transfer to
 *                                            the historical archive,
 *                                            destruction (dossier_events),
 *                                            and the disposition this
 *                                            package is made for, if any
 *               and one premis:agent each (the software, the people, the
 *               agency).
 * Event vocabulary: the Library of Congress PREMIS eventType list
 * (id.loc.gov/vocabulary/preservation/eventType).
 */
#ifndef LT_ARCHIVE_PREMIS_H
#define LT_ARCHIVE_PREMIS_H

#include <stddef.h>
#include <stdint.h>

#include "archive/catalog.h"
#include "core/buf.h"
#include "core/error.h"

#define LT_PREMIS_NS "http://www.loc.gov/premis/v3"

typedef struct lt_premis_file {
	const char *path; /* in the package, relative to the dossier folder */
	const char *sha256, *mime, *role;
	uint64_t size;
	int64_t record_id;
} lt_premis_file;

typedef struct lt_premis_opts {
	const char *who;          /* who makes the package (an agent) */
	const char *organization; /* the agency (an agent) */
	/* A disposition this package is made for ("transfer" with its
	 * detail), recorded as one more event; NULL for none. */
	const char *disposition_type, *disposition_detail;
} lt_premis_opts;

/* Append <amdSec ID="AMD_HOSO">…</amdSec> for dossier dossier_id and its
 * files. No premis:object is written: PREMIS 3 objects need xsi:type
 * (premis:file), which a validator without the PREMIS schema cannot
 * resolve, and METS must validate with its own schema alone; the files'
 * fixity is in METS fileSec. */
int lt_premis_amdsec(lt_buf *out, lt_catalog *cat, int64_t dossier_id, const lt_premis_file *files,
                     size_t nfiles, const lt_premis_opts *opts, lt_error *err);

#endif
