/*
 * archive/edoc/mets.c — the electronic-document evidence of a package's
 * files in its METS (lt_edoc_mets_amdsec, edoc_mets.h): one amdSec
 * "AMD_EDOC" holding, per file,
 *
 *   techMD      the file's format facts (file_formats): format and
 *               version, PDF/A identification, lowest image resolution
 *               and colour depth, fonts embedded, pages with text, the
 *               legacy encoding its text was converted from; in luutru's
 *               own vocabulary (urn:luutru:format), MDTYPE OTHER
 *   digiprovMD  one PREMIS 3 event per signature check: "digital
 *               signature validation" for an incoming file's signatures,
 *               "digital signature generation" for the agency's own
 *               (eventType vocabulary of id.loc.gov), its outcome the
 *               check's result and one detail note per signature
 *               (status, signer, organisation, serial, issuer, signing
 *               time), linked to the file by its package path
 *
 * Namespaces are declared on the elements themselves, so the section
 * stands whatever the root element declares, and METS validates with its
 * own schema (xmlData takes any element).
 */
#include "archive/edoc/edoc_mets.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"

#define PREMIS_NS "http://www.loc.gov/premis/v3"
#define FORMAT_NS "urn:luutru:format"

static int esc(lt_buf *b, const char *s)
{
	int rc = 0;
	for (; s && *s && rc == 0; s++) {
		switch (*s) {
		case '&': rc = lt_buf_puts(b, "&amp;"); break;
		case '<': rc = lt_buf_puts(b, "&lt;"); break;
		case '>': rc = lt_buf_puts(b, "&gt;"); break;
		case '"': rc = lt_buf_puts(b, "&quot;"); break;
		default:
			rc = lt_buf_putc(
			    b, (unsigned char)*s < 0x20 && *s != '\n' && *s != '\t' ? ' ' : *s);
		}
	}
	return rc;
}

static int el(lt_buf *b, const char *indent, const char *tag, const char *v)
{
	int rc = 0;
	if (!v || !*v)
		return 0;
	rc |= lt_buf_printf(b, "%s<%s>", indent, tag);
	rc |= esc(b, v);
	rc |= lt_buf_printf(b, "</%s>\n", tag);
	return rc;
}

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static int facts(lt_buf *b, sqlite3_stmt *fs, size_t k, const lt_edoc_mets_file *f, int *any)
{
	int rc = 0;

	sqlite3_reset(fs);
	sqlite3_bind_text(fs, 1, f->sha256, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(fs) != SQLITE_ROW)
		return 0;
	if (!*any)
		rc |= lt_buf_puts(b, " <amdSec ID=\"AMD_EDOC\">\n");
	*any = 1;
	rc |= lt_buf_printf(b,
	                    "  <techMD ID=\"FMT_%zu\">\n   <mdWrap MDTYPE=\"OTHER\""
	                    " OTHERMDTYPE=\"luutru-format\">\n    <xmlData>\n"
	                    "     <lf:format xmlns:lf=\"" FORMAT_NS "\">\n",
	                    k + 1);
	rc |= el(b, "      ", "lf:file", f->path);
	rc |= el(b, "      ", "lf:name", col(fs, 0));
	rc |= el(b, "      ", "lf:mediaType", col(fs, 1));
	rc |= el(b, "      ", "lf:pdfVersion", col(fs, 2));
	rc |= el(b, "      ", "lf:pdfa", col(fs, 3));
	rc |= el(b, "      ", "lf:pages", col(fs, 4));
	rc |= el(b, "      ", "lf:minResolution", col(fs, 5));
	rc |= el(b, "      ", "lf:minBitsPerPixel", col(fs, 6));
	rc |= el(b, "      ", "lf:fonts", col(fs, 7));
	rc |= el(b, "      ", "lf:fontsEmbedded", col(fs, 8));
	rc |= el(b, "      ", "lf:pagesWithText", col(fs, 9));
	rc |= el(b, "      ", "lf:convertedFromEncoding", col(fs, 10));
	rc |= el(b, "      ", "lf:checked", col(fs, 11));
	rc |= lt_buf_puts(b, "     </lf:format>\n    </xmlData>\n   </mdWrap>\n  </techMD>\n");
	return rc;
}

int lt_edoc_mets_amdsec(lt_buf *b, lt_catalog *cat, const lt_edoc_mets_file *files, size_t n,
                        lt_error *err)
{
	sqlite3_stmt *fs = NULL, *cs = NULL, *ss = NULL;
	lt_buf events = LT_BUF_INIT;
	size_t nev = 0;
	int any = 0, rc = 0;

	if (sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT format, media_type, pdf_version, pdfa, pages, min_ppi,"
	                       " min_bits, fonts, fonts_embedded, text_pages, encoding, checked_at"
	                       " FROM file_formats WHERE sha256 = ?",
	                       -1, &fs, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT c.id, c.origin, c.checked_at, c.result, c.signatures"
	                       " FROM signature_checks c JOIN records r ON r.id = c.record_id"
	                       " WHERE r.uid = ? AND c.sha256 = ? ORDER BY c.id",
	                       -1, &cs, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(lt_catalog_db(cat),
	                       "SELECT seq, status, reason, signer, organization, serial, issuer,"
	                       " signing_time FROM signatures WHERE check_id = ? ORDER BY seq",
	                       -1, &ss, NULL) != SQLITE_OK) {
		rc = lt_catalog_error(cat, err, "file_formats");
		goto out;
	}
	for (size_t k = 0; k < n && rc == 0; k++) {
		const lt_edoc_mets_file *f = &files[k];
		rc |= facts(b, fs, k, f, &any);
		sqlite3_reset(cs);
		sqlite3_bind_text(cs, 1, f->uid ? f->uid : "", -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(cs, 2, f->sha256, -1, SQLITE_TRANSIENT);
		while (rc == 0 && sqlite3_step(cs) == SQLITE_ROW) {
			int agency = strcmp(col(cs, 1), "agency") == 0;
			char id[32];
			nev++;
			snprintf(id, sizeof(id), "SIG_%zu", nev);
			rc |= lt_buf_printf(
			    &events,
			    "  <digiprovMD ID=\"%s\">\n   <mdWrap MDTYPE=\"PREMIS:EVENT\">\n"
			    "    <xmlData>\n     <premis:event xmlns:premis=\"" PREMIS_NS
			    "\">\n      <premis:eventIdentifier>\n",
			    id);
			rc |= el(&events, "       ", "premis:eventIdentifierType", "local");
			rc |= el(&events, "       ", "premis:eventIdentifierValue", id);
			rc |= lt_buf_puts(&events, "      </premis:eventIdentifier>\n");
			rc |= el(&events, "      ", "premis:eventType",
			         agency ? "digital signature generation"
			                : "digital signature validation");
			rc |= el(&events, "      ", "premis:eventDateTime", col(cs, 2));
			rc |= el(
			    &events, "      ", "premis:eventDetail",
			    agency ? "agency signature of the digitised copy (PAdES B-B), verified"
			           : "signatures of the file as received, verified (luutru)");
			rc |= lt_buf_puts(&events, "      <premis:eventOutcomeInformation>\n");
			rc |= el(&events, "       ", "premis:eventOutcome", col(cs, 3));
			sqlite3_reset(ss);
			sqlite3_bind_int64(ss, 1, sqlite3_column_int64(cs, 0));
			while (rc == 0 && sqlite3_step(ss) == SQLITE_ROW) {
				lt_buf note = LT_BUF_INIT;
				lt_buf_printf(
				    &note,
				    "signature %d: %s%s%s; signer %s; organization %s; serial %s;"
				    " issuer %s; signing time %s",
				    sqlite3_column_int(ss, 0), col(ss, 1), col(ss, 2) ? " (" : "",
				    col(ss, 2) ? col(ss, 2) : "", col(ss, 3) ? col(ss, 3) : "-",
				    col(ss, 4) ? col(ss, 4) : "-", col(ss, 5) ? col(ss, 5) : "-",
				    col(ss, 6) ? col(ss, 6) : "-", col(ss, 7) ? col(ss, 7) : "-");
				if (col(ss, 2))
					lt_buf_puts(&note, ")");
				rc |= lt_buf_puts(&events, "       <premis:eventOutcomeDetail>\n");
				rc |= el(&events, "        ", "premis:eventOutcomeDetailNote",
				         note.data);
				rc |= lt_buf_puts(&events, "       </premis:eventOutcomeDetail>\n");
				lt_buf_free(&note);
			}
			rc |= lt_buf_puts(&events, "      </premis:eventOutcomeInformation>\n"
			                           "      <premis:linkingObjectIdentifier>\n");
			rc |= el(&events, "       ", "premis:linkingObjectIdentifierType", "local");
			rc |=
			    el(&events, "       ", "premis:linkingObjectIdentifierValue", f->path);
			rc |= lt_buf_puts(&events,
			                  "      </premis:linkingObjectIdentifier>\n"
			                  "     </premis:event>\n    </xmlData>\n   </mdWrap>\n"
			                  "  </digiprovMD>\n");
		}
	}
	if (rc == 0 && nev) {
		if (!any)
			rc |= lt_buf_puts(b, " <amdSec ID=\"AMD_EDOC\">\n");
		any = 1;
		rc |= lt_buf_append(b, events.data, events.len);
	}
	if (rc == 0 && any)
		rc |= lt_buf_puts(b, " </amdSec>\n");
	if (rc)
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
out:
	sqlite3_finalize(fs);
	sqlite3_finalize(cs);
	sqlite3_finalize(ss);
	lt_buf_free(&events);
	return rc;
}
