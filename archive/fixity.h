/*
 * archive/fixity.h — verified reads: the one way a stored file leaves the
 * archive.
 *
 * Every path that hands out the bytes of a stored file reads them through
 * a fixity reader: the HTTP download (and the web UI, which uses it),
 * package export (and transfers, which are packages), backups, and
 * `verify --fixity`. The reader checks the file against the catalog
 * (archive/blobstore.h, "verified reading"): that it exists and has the
 * catalog's size when it is opened, and that its bytes hash to its name
 * when the last one is read, so no consumer takes damaged bytes as good.
 *
 * When a read finds damage — missing, size changed, content changed,
 * told apart — the reader
 *   1. fails with LT_ECORRUPT and a message naming the record (docId and
 *      uid of the records that hold the file, as far as the connection's
 *      principal may see them), the kind of damage and what to do;
 *   2. marks the file in the catalog: blobs.damage, blobs.damage_found_at
 *      (schema step 12), which `show`, the record's JSON (web UI) and
 *      `verify` report;
 *   3. appends an audit entry "blob.damaged" for each record holding the
 *      file (object = the record's uid, so the entry is seen by whoever may
 *      see the record; detail "sha256=… damage=… via=…"), or one for the
 *      blob (object "blob:<sha256>") when no record names it.
 * A verify read (via "verify") appends the entries only when the mark is
 * new or changes: its own "verify.fixity" entry counts what it found.
 * A read that finds a marked file intact again (it was copied back from a
 * backup set) clears the mark and appends "blob.intact".
 *
 * Marking takes the catalog's write lock on the reader's connection (or,
 * when the caller has a transaction open there, on a connection of its
 * own). When the lock cannot be had the read is refused all the same, the
 * failure goes to the error log, and the next read marks it.
 *
 * Lifetime: a reader borrows ar (and its catalog connection) and must be
 * closed before ar is freed; one thread at a time, like the connection.
 */
#ifndef LT_ARCHIVE_FIXITY_H
#define LT_ARCHIVE_FIXITY_H

#include <stddef.h>
#include <stdint.h>

#include "archive/archive.h"
#include "archive/blobstore.h"
#include "archive/record.h"
#include "core/buf.h"
#include "core/error.h"

typedef struct lt_fixity_reader lt_fixity_reader;

/* Open the stored file sha256 for handing out. size: the expected size,
 * or LT_BLOB_SIZE_UNKNOWN to take it from the catalog (LT_ENOTFOUND when
 * the catalog has no such file). who: the audit's who ("cli", a login);
 * via: what hands it out ("download", "package", "backup", "verify").
 * A missing file or a wrong size fails here (LT_ECORRUPT, *damage says
 * which; damage may be NULL). */
int lt_fixity_open(lt_fixity_reader **out, lt_blob_damage *damage, lt_archive *ar,
                   const char *sha256, uint64_t size, const char *who, const char *via,
                   lt_error *err);
/* Up to cap bytes; *got = 0 at the end, which is only reported once the
 * bytes matched. LT_ECORRUPT instead of the end when they did not: throw
 * away what was read. */
int lt_fixity_read(lt_fixity_reader *r, void *buf, size_t cap, size_t *got, lt_error *err);
/* Read all, check, rewind (for a consumer that must know first). */
int lt_fixity_check(lt_fixity_reader *r, lt_error *err);
lt_blob_damage lt_fixity_damage(const lt_fixity_reader *r);
uint64_t lt_fixity_size(const lt_fixity_reader *r);
/* The descriptor, at the first byte after a successful check; owned by
 * the reader (dup() it to hand it on). */
int lt_fixity_fd(const lt_fixity_reader *r);
void lt_fixity_close(lt_fixity_reader *r);

/* Open, check and close: 0 when intact; LT_ECORRUPT with *damage set
 * (damage may be NULL); other errors for what is not damage (I/O). */
int lt_fixity_verify(lt_archive *ar, const char *sha256, uint64_t size, const char *who,
                     const char *via, lt_blob_damage *damage, lt_error *err);

/* Check the files of a loaded record (lt_record_load with
 * LT_RECORD_FILES) and set each file's damage to what was found, marking
 * as a read does. full: read every byte; else only what costs no read
 * (present, right size) — for a page that lists files and links to their
 * download, which checks the rest. Returns the number of damaged files;
 * a file that cannot be read for another reason (I/O) counts as not
 * damaged here, since the read that hands it out will say why. */
size_t lt_fixity_check_record(lt_archive *ar, lt_record *rec, int full, const char *who,
                              const char *via);

/* The records holding a stored file, as "docId (uid), ..." (uid alone
 * when a record has no docId), as many as the connection may see, at most
 * max; appended to out. *n (may be NULL) = how many were named. */
int lt_fixity_records(lt_archive *ar, const char *sha256, size_t max, lt_buf *out, size_t *n);

#endif
