/*
 * archive/package.h — dossier packages: BagIt 1.0 bags (RFC 8493) in a
 * .zip or .tar, with METS + Dublin Core metadata per TT 05/2025 §9.2.
 *
 * Layout (docs/packages.md):
 *   <bag>/bagit.txt                 BagIt-Version: 1.0, UTF-8
 *   <bag>/bag-info.txt              Source-Organization, Bagging-Date,
 *                                   Payload-Oxum, Bag-Size, External-Identifier…
 *   <bag>/manifest-sha256.txt       every payload file
 *   <bag>/tagmanifest-sha256.txt    the three tag files above
 *   <bag>/data/<fileCode>/dossier.json   dossier, records (metadata, files,
 *                                        page texts), links — what import reads
 *   <bag>/data/<fileCode>/mets.xml       METS: the TT 05/2025 fields of the dossier
 *                                        and of each document in their own
 *                                        namespace (lt:, urn:luutru:tt05-2025)
 *                                        with Dublin Core (docCode =
 *                                        fileCode.NNNNNNN); PREMIS 3 objects,
 *                                        events and agents in an amdSec
 *                                        (archive/premis.h); fileSec with SHA-256
 *                                        + size of every file (rule 38), each
 *                                        file's ADMID naming its PREMIS object;
 *                                        structMap in filing order
 *   <bag>/data/<fileCode>/muc-luc.csv    mục lục văn bản, date order (NĐ 30 PL V)
 *   <bag>/data/<fileCode>/muc-luc.html   the same for people
 *   <bag>/data/<fileCode>/files/<fileCode>.<n>.<ext>  the files; n = ordinal
 *                                        (rule 36: digitised PDFs are
 *                                        <fileCode>.<n>.pdf)
 *
 * Export reads the catalog in one read transaction, so a package is one
 * consistent snapshot. Import verifies every checksum of the package before
 * it stores anything and refuses the whole package on the first mismatch;
 * then blobs are written, and one catalog transaction reproduces dossiers
 * (same fileCode, uid, status), records (same uid, docId, metadata, page
 * texts), filing order and links, with index_outbox rows. A record uid or
 * fileCode already in the target refuses the package (LT_EEXISTS).
 */
#ifndef LT_ARCHIVE_PACKAGE_H
#define LT_ARCHIVE_PACKAGE_H

#include <stddef.h>
#include <stdint.h>

#include "archive/archive.h"
#include "core/error.h"

/* Limits when reading a package (hostile input). */
#define LT_PACKAGE_MAX_ENTRIES    200000
#define LT_PACKAGE_MAX_TAG_BYTES  (256u * 1024 * 1024) /* a JSON / tag file */
#define LT_PACKAGE_MAX_FILE_BYTES (4ull * 1024 * 1024 * 1024)

typedef struct lt_package_summary {
	size_t dossiers;
	size_t records;
	size_t files; /* payload files */
	size_t links;
	uint64_t bytes; /* payload bytes (Payload-Oxum) */
} lt_package_summary;

typedef struct lt_package_options {
	const char
	    *organization; /* Source-Organization; NULL = settings 'organ_name' or "luutru" */
	const char *user;  /* audit trail; NULL = "cli" */
	/* The disposition the package is made for (PREMIS eventType, e.g.
	 * "transfer", and its detail), recorded as a PREMIS event; NULL none. */
	const char *disposition_type, *disposition_detail;
} lt_package_options;

#define LT_PACKAGE_OPTIONS_INIT                                                                    \
	{                                                                                          \
		NULL, NULL, NULL, NULL                                                             \
	}

/* Write the dossiers (each a fileCode, uid or numeric id) to out_path; the
 * format follows the name: .zip, else tar (.tar, .tar.gz). The file is
 * written to a temp name and renamed, so a failed export leaves nothing. */
int lt_package_export(lt_package_summary *out, lt_archive *ar, const char *const *dossiers,
                      size_t n, const char *out_path, const lt_package_options *opts,
                      lt_error *err);

/* Check the BagIt structure, Payload-Oxum and every checksum (payload and
 * tag files). LT_ECORRUPT naming the first file that fails. */
int lt_package_validate(lt_package_summary *out, const char *path, lt_error *err);

/* Validate, then import into ar (see above). */
int lt_package_import(lt_package_summary *out, lt_archive *ar, const char *path,
                      const lt_package_options *opts, lt_error *err);

#endif
