/*
 * archive/edoc/edoc_mets.h — electronic-document evidence in a package's
 * METS (mets.c): format facts (techMD) and signature checks (PREMIS 3
 * events, digiprovMD) of the package's files, in their own amdSec
 * "AMD_EDOC" beside the package's other preservation metadata.
 */
#ifndef LT_ARCHIVE_EDOC_METS_H
#define LT_ARCHIVE_EDOC_METS_H

#include <stddef.h>

#include "archive/catalog.h"
#include "core/buf.h"
#include "core/error.h"

typedef struct lt_edoc_mets_file {
	const char *path;   /* in the package, relative to the dossier folder */
	const char *sha256; /* the file's */
	const char *uid;    /* its record's */
} lt_edoc_mets_file;

/* Append the amdSec for files (nothing when none has facts or checks). */
int lt_edoc_mets_amdsec(lt_buf *b, lt_catalog *cat, const lt_edoc_mets_file *files, size_t n,
                        lt_error *err);

#endif
