/*
 * archive/package.c — BagIt export, validation and import. See package.h.
 *
 * Export builds every metadata file in memory (JSON with jansson, METS and
 * HTML with the small escaping writer below, CSV), takes the payload files'
 * checksums from the blob store (each blob is re-hashed first: a package
 * never carries a silently damaged file), then writes the tag files and
 * the payload in one pass with libarchive to a temp name and renames it.
 *
 * Reading a package is two passes over the archive: pass 1 hashes every
 * entry (nothing stored) and checks the bag; import's pass 2 streams the
 * files under data/<fileCode>/files/ into the blob store (hashing again, so
 * a file that changed between the passes is refused) and then one catalog
 * transaction writes all rows.
 *
 * The SQL that reads and writes the dossier tables (dossiers,
 * dossier_records, dossier_events, record_links) is kept in the section
 * "catalog rows" below, the one place to switch to archive/dossier.h and
 * archive/link.h once the package needs their rules (see docs/packages.md).
 */
#include "archive/package.h"
#include "archive/premis.h"
#include "archive/audit.h"
#include "archive/fixity.h"
#include "archive/ingest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>
#include <openssl/evp.h>

#include "archive/edoc/edoc_mets.h"
#include "archive/import.h"
#include "archive/schema.h"
#include "archive/util.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/fs.h"
#include "ocr/ocr.h"

static int oom(lt_error *err)
{
	return lt_error_set(err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
}

/* ---- small writers ---------------------------------------------------- */

/* XML text or attribute value: &<>"' escaped; control characters XML 1.0
 * forbids become spaces. */
static int xml_esc(lt_buf *b, const char *s)
{
	int rc = 0;

	for (; s && *s && rc == 0; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': rc = lt_buf_puts(b, "&amp;"); break;
		case '<': rc = lt_buf_puts(b, "&lt;"); break;
		case '>': rc = lt_buf_puts(b, "&gt;"); break;
		case '"': rc = lt_buf_puts(b, "&quot;"); break;
		case '\'': rc = lt_buf_puts(b, "&apos;"); break;
		default:
			rc = lt_buf_putc(
			    b, c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? ' ' : (char)c);
		}
	}
	return rc;
}

/* <tag>value</tag> when value is set. */
static int xml_el(lt_buf *b, const char *indent, const char *tag, const char *value)
{
	int rc = 0;

	if (!value || !*value)
		return 0;
	rc |= lt_buf_printf(b, "%s<%s>", indent, tag);
	rc |= xml_esc(b, value);
	rc |= lt_buf_printf(b, "</%s>\n", tag);
	return rc;
}

static int csv_cell(lt_buf *b, const char *s, int last)
{
	int rc = lt_buf_putc(b, '"');

	for (; s && *s && rc == 0; s++)
		rc = *s == '"' ? lt_buf_puts(b, "\"\"") : lt_buf_putc(b, *s);
	rc |= lt_buf_puts(b, last ? "\"\r\n" : "\",");
	return rc;
}

/* ISO date → DD/MM/YYYY (TT 05/2025); other values as they are. */
static void dmy(const char *iso, char out[16])
{
	lt_date d;

	out[0] = '\0';
	if (!iso)
		return;
	if (lt_date_parse_iso(&d, iso, NULL) == 0)
		lt_date_format_dmy(&d, out);
	else
		snprintf(out, 16, "%.15s", iso);
}

/* ---- payload items ---------------------------------------------------- */

typedef struct item {
	char *path; /* inside the bag, "data/..." */
	lt_buf mem; /* content, unless stored */
	int stored; /* a stored file (sha, size), read through archive/fixity.h */
	char sha[LT_SHA256_HEX_LEN + 1];
	uint64_t size;
} item;

typedef struct items {
	item *v;
	size_t n, cap;
} items;

static item *items_add(items *it, const char *path)
{
	item *x;

	if (it->n == it->cap) {
		size_t cap = it->cap ? it->cap * 2 : 32;
		item *p = realloc(it->v, cap * sizeof(*p));
		if (!p)
			return NULL;
		it->v = p;
		it->cap = cap;
	}
	x = &it->v[it->n];
	memset(x, 0, sizeof(*x));
	x->path = strdup(path);
	if (!x->path)
		return NULL;
	it->n++;
	return x;
}

static void items_free(items *it)
{
	for (size_t i = 0; i < it->n; i++) {
		free(it->v[i].path);
		lt_buf_free(&it->v[i].mem);
	}
	free(it->v);
}

/* Add an in-memory file (takes the buffer's content). */
static int add_mem(items *it, const char *path, lt_buf *content, lt_error *err)
{
	item *x = items_add(it, path);

	if (!x)
		return oom(err);
	x->mem = *content;
	*content = (lt_buf)LT_BUF_INIT;
	lt_sha256_hex(x->mem.data ? x->mem.data : "", x->mem.len, x->sha);
	x->size = x->mem.len;
	return 0;
}

/* ---- catalog rows (export) -------------------------------------------- */

static int col_skipped(const char *name)
{
	/* deposit_id names a deposit of this catalog, not of the importer's */
	return strcmp(name, "id") == 0 || strcmp(name, "fileplan_entry_id") == 0 ||
	       strcmp(name, "record_id") == 0 || strcmp(name, "deposit_id") == 0;
}

/* The current row of st as a JSON object (every column but ids). */
static json_t *row_json(sqlite3_stmt *st)
{
	json_t *o = json_object();

	for (int i = 0; o && i < sqlite3_column_count(st); i++) {
		const char *name = sqlite3_column_name(st, i);
		json_t *v;

		if (col_skipped(name))
			continue;
		switch (sqlite3_column_type(st, i)) {
		case SQLITE_INTEGER: v = json_integer(sqlite3_column_int64(st, i)); break;
		case SQLITE_FLOAT: v = json_real(sqlite3_column_double(st, i)); break;
		case SQLITE_NULL: v = json_null(); break;
		default: v = json_string((const char *)sqlite3_column_text(st, i)); break;
		}
		json_object_set_new(o, name, v ? v : json_null());
	}
	return o;
}

static const char *jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* A text form of a JSON scalar for METS/CSV ("" for null). */
static const char *jtext(json_t *o, const char *key, char buf[32])
{
	json_t *v = json_object_get(o, key);

	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, 32, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	return NULL;
}

static int prepare(lt_catalog *cat, const char *sql, sqlite3_stmt **st, lt_error *err)
{
	if (sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, st, NULL) != SQLITE_OK)
		return lt_catalog_error(cat, err, sql);
	return 0;
}

static int find_dossier(lt_catalog *cat, const char *ref, int64_t *id, lt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, s;

	if ((rc = prepare(cat,
	                  "SELECT id FROM dossiers WHERE file_code = ?1 OR uid = ?1"
	                  " OR CAST(id AS TEXT) = ?1 ORDER BY file_code = ?1 DESC LIMIT 1",
	                  &st, err)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_TRANSIENT);
	s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else if (s == SQLITE_DONE)
		rc = lt_error_set(err, LT_ENOTFOUND,
		                  LT_TR("không có hồ sơ %s (mã hồ sơ, uid hoặc số)",
		                        "no dossier %s (file code, uid or number)"),
		                  ref);
	else
		rc = lt_catalog_error(cat, err, "dossiers");
	sqlite3_finalize(st);
	return rc;
}

static const char *ext_of(const char *mime)
{
	switch (lt_media_from_mime(mime)) {
	case LT_MEDIA_PDF: return "pdf";
	case LT_MEDIA_PNG: return "png";
	case LT_MEDIA_JPEG: return "jpg";
	case LT_MEDIA_TIFF: return "tif";
	case LT_MEDIA_TEXT: return "txt";
	default: return "bin";
	}
}

/* fileCode as a path component: no '/' or '\\', never "." or "..". Nor
 * '%' or control characters (CR and LF above all): BagIt manifests would
 * have to percent-encode them (RFC 8493 §2.1.3), and a dossier imported
 * from elsewhere may carry any fileCode. */
static void safe_component(const char *s, char *out, size_t cap)
{
	size_t i = 0;

	for (; *s && i + 1 < cap; s++)
		out[i++] =
		    *s == '/' || *s == '\\' || *s == '%' || (unsigned char)*s < 0x20 || *s == 0x7f
		        ? '_'
		        : *s;
	out[i] = '\0';
	if (strcmp(out, ".") == 0 || strcmp(out, "..") == 0 || !out[0])
		snprintf(out, cap, "_");
}

/* The fields of TT 05/2025 §9.2, tag → records column (DC in METS). */
static const char *const DOC_TAGS[][2] = {
    {"docId", "doc_id"},
    {"typeName", "type_name"},
    {"codeNumber", "code_number"},
    {"codeNotation", "code_notation"},
    {"issuedDate", "issued_date"},
    {"organName", "organ_name"},
    {"subject", "subject"},
    {"language", "language"},
    {"numberOfPage", "page_amount"},
    {"inforSign", "infor_sign"},
    {"keyword", "keyword"},
    {"mode", "mode"},
    {"confidenceLevel", "confidence_level"},
    {"autograph", "autograph"},
    {"format", "format"},
    {"riskRecovery", "risk_recovery"},
    {"riskRecoveryStatus", "risk_recovery_status"},
    {"process", "process"},
    {"description", "description"},
};

static const char *const DOSSIER_TAGS[][2] = {
    {"fileCode", "file_code"},
    {"title", "title"},
    {"maintenance", "maintenance"},
    {"mode", "mode"},
    {"language", "language"},
    {"startDate", "start_date"},
    {"endDate", "end_date"},
    {"keyword", "keyword"},
    {"numberOfPaper", "number_of_paper"},
    {"format", "format"},
    {"inforSign", "infor_sign"},
    {"confidenceLevel", "confidence_level"},
    {"paperFileCode", "paper_file_code"},
    {"riskRecovery", "risk_recovery"},
    {"riskRecoveryStatus", "risk_recovery_status"},
    {"description", "description"},
};

typedef struct docinfo {
	json_t *rec; /* the "record" object */
	int64_t record_id;
	int ordinal;
	size_t first_file, nfiles; /* in files[] of the METS */
} docinfo;

static int cmp_date(const void *a, const void *b)
{
	const docinfo *x = a, *y = b;
	const char *dx = jstr(x->rec, "issued_date"), *dy = jstr(y->rec, "issued_date");
	int c = strcmp(dx ? dx : "9999", dy ? dy : "9999");

	return c ? c : x->ordinal - y->ordinal;
}

typedef struct fref {
	char path[512]; /* relative to the dossier folder */
	char sha[LT_SHA256_HEX_LEN + 1];
	const char *role, *mime;
	uint64_t size;
	int doc; /* index in docs */
} fref;

/* A TT 05/2025 field in its own namespace (lt:), not METS's default one. */
static int tt05_el(lt_buf *b, const char *indent, const char *tag, const char *value)
{
	char name[80];

	snprintf(name, sizeof(name), "lt:%s", tag);
	return xml_el(b, indent, name, value);
}

static int build_mets(lt_buf *b, lt_catalog *cat, int64_t did, json_t *dossier,
                      const char *file_code, docinfo *docs, size_t ndocs, const fref *files,
                      size_t nfiles, const char *org, const lt_package_options *opts, lt_error *err)
{
	char now[21], num[32], d1[16];
	int rc = 0;
	int64_t pages = 0;

	for (size_t i = 0; i < ndocs; i++)
		pages += json_integer_value(json_object_get(docs[i].rec, "page_count"));
	lt_time_now_iso(now);
	rc |= lt_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                     "<mets xmlns=\"http://www.loc.gov/METS/\""
	                     " xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
	                     " xmlns:xlink=\"http://www.w3.org/1999/xlink\""
	                     " xmlns:premis=\"" LT_PREMIS_NS "\""
	                     " xmlns:lt=\"urn:luutru:tt05-2025\" TYPE=\"hoso\" OBJID=\"");
	rc |= xml_esc(b, file_code);
	rc |= lt_buf_printf(b,
	                    "\">\n <metsHdr CREATEDATE=\"%s\">\n"
	                    "  <agent ROLE=\"CREATOR\" TYPE=\"ORGANIZATION\"><name>",
	                    now);
	rc |= xml_esc(b, org);
	rc |= lt_buf_puts(b, "</name></agent>\n </metsHdr>\n");

	/* The dossier: TT 05/2025 hồ sơ fields, and Dublin Core. */
	rc |= lt_buf_puts(b, " <dmdSec ID=\"DMD_HOSO\">\n  <mdWrap MDTYPE=\"OTHER\""
	                     " OTHERMDTYPE=\"TT05-2025-hoso\">\n   <xmlData>\n    <lt:hoso>\n");
	for (size_t i = 0; i < sizeof(DOSSIER_TAGS) / sizeof(DOSSIER_TAGS[0]); i++) {
		const char *v = jtext(dossier, DOSSIER_TAGS[i][1], num);
		if (strstr(DOSSIER_TAGS[i][1], "date")) {
			dmy(v, d1);
			v = d1;
		}
		rc |= tt05_el(b, "     ", DOSSIER_TAGS[i][0], v);
	}
	snprintf(num, sizeof(num), "%zu", ndocs);
	rc |= tt05_el(b, "     ", "totalDoc", num);
	snprintf(num, sizeof(num), "%lld", (long long)pages);
	rc |= tt05_el(b, "     ", "numberOfPage", num);
	rc |= tt05_el(b, "     ", "status", jstr(dossier, "status"));
	rc |= lt_buf_puts(b, "    </lt:hoso>\n    <dc:identifier>");
	rc |= xml_esc(b, file_code);
	rc |= lt_buf_puts(b, "</dc:identifier>\n");
	rc |= xml_el(b, "    ", "dc:title", jstr(dossier, "title"));
	rc |= xml_el(b, "    ", "dc:language", jstr(dossier, "language"));
	rc |= xml_el(b, "    ", "dc:description", jstr(dossier, "description"));
	rc |= lt_buf_puts(b, "   </xmlData>\n  </mdWrap>\n </dmdSec>\n");

	for (size_t i = 0; i < ndocs; i++) {
		json_t *r = docs[i].rec;
		char code[160];

		snprintf(code, sizeof(code), "%s.%07d", file_code, docs[i].ordinal);
		rc |= lt_buf_printf(b,
		                    " <dmdSec ID=\"DMD_DOC_%zu\">\n  <mdWrap MDTYPE=\"OTHER\""
		                    " OTHERMDTYPE=\"TT05-2025-vanban\">\n   <xmlData>\n"
		                    "    <lt:vanban>\n",
		                    i + 1);
		rc |= tt05_el(b, "     ", "docCode", code);
		rc |= tt05_el(b, "     ", "fileCode", file_code);
		snprintf(num, sizeof(num), "%d", docs[i].ordinal);
		rc |= tt05_el(b, "     ", "docOrdinal", num);
		{
			const char *m = jstr(r, "maintenance");
			rc |= tt05_el(b, "     ", "maintenance",
			              m ? m : jstr(dossier, "maintenance"));
		}
		for (size_t t = 0; t < sizeof(DOC_TAGS) / sizeof(DOC_TAGS[0]); t++) {
			const char *v = jtext(r, DOC_TAGS[t][1], num);
			if (strcmp(DOC_TAGS[t][0], "issuedDate") == 0) {
				dmy(v, d1);
				v = d1;
			}
			rc |= tt05_el(b, "     ", DOC_TAGS[t][0], v);
		}
		rc |= tt05_el(b, "     ", "uid", jstr(r, "uid"));
		rc |= lt_buf_puts(b, "    </lt:vanban>\n");
		rc |= xml_el(b, "    ", "dc:identifier", jstr(r, "doc_id"));
		rc |= xml_el(b, "    ", "dc:title", jstr(r, "subject"));
		rc |= xml_el(b, "    ", "dc:creator", jstr(r, "organ_name"));
		rc |= xml_el(b, "    ", "dc:date", jstr(r, "issued_date"));
		rc |= xml_el(b, "    ", "dc:type", jstr(r, "type_name"));
		rc |= xml_el(b, "    ", "dc:language", jstr(r, "language"));
		rc |= lt_buf_puts(b, "   </xmlData>\n  </mdWrap>\n </dmdSec>\n");
	}

	/* Format facts and signature evidence of the files (archive/edoc). */
	if (rc == 0) {
		lt_edoc_mets_file *ef = calloc(nfiles ? nfiles : 1, sizeof(*ef));
		if (!ef)
			return LT_ENOMEM;
		for (size_t f = 0; f < nfiles; f++)
			ef[f] = (lt_edoc_mets_file){files[f].path, files[f].sha,
			                            jstr(docs[files[f].doc].rec, "uid")};
		rc |= lt_edoc_mets_amdsec(b, cat, ef, nfiles, NULL) != 0;
		free(ef);
	}
	/* Preservation metadata: PREMIS objects, events, agents. */
	if (rc == 0) {
		lt_premis_file *pf = calloc(nfiles ? nfiles : 1, sizeof(*pf));
		lt_premis_opts po = {opts ? opts->user : NULL, org,
		                     opts ? opts->disposition_type : NULL,
		                     opts ? opts->disposition_detail : NULL};
		int prc;
		if (!pf)
			return LT_ENOMEM;
		for (size_t f = 0; f < nfiles; f++) {
			pf[f].path = files[f].path;
			pf[f].sha256 = files[f].sha;
			pf[f].mime = files[f].mime;
			pf[f].role = files[f].role;
			pf[f].size = files[f].size;
			pf[f].record_id = docs[files[f].doc].record_id;
		}
		prc = lt_premis_amdsec(b, cat, did, pf, nfiles, &po, err);
		free(pf);
		if (prc)
			return prc;
	}

	/* Every file with its SHA-256 and size (rule 38). */
	rc |= lt_buf_puts(b, " <fileSec>\n  <fileGrp USE=\"payload\">\n");
	for (size_t f = 0; f < nfiles; f++) {
		rc |= lt_buf_printf(b, "   <file ID=\"FILE_%zu\" USE=\"%s\" MIMETYPE=\"", f + 1,
		                    files[f].role);
		rc |= xml_esc(b, files[f].mime);
		rc |= lt_buf_printf(b,
		                    "\" SIZE=\"%llu\" CHECKSUM=\"%s\" CHECKSUMTYPE=\"SHA-256\""
		                    " DMDID=\"DMD_DOC_%d\">\n"
		                    "    <FLocat LOCTYPE=\"URL\" xlink:href=\"",
		                    (unsigned long long)files[f].size, files[f].sha,
		                    files[f].doc + 1);
		rc |= xml_esc(b, files[f].path);
		rc |= lt_buf_puts(b, "\"/>\n   </file>\n");
	}
	rc |= lt_buf_puts(b, "  </fileGrp>\n </fileSec>\n");

	/* Filing order. */
	rc |= lt_buf_puts(b, " <structMap TYPE=\"logical\" LABEL=\"Mục lục văn bản\">\n"
	                     "  <div TYPE=\"hoso\" DMDID=\"DMD_HOSO\" LABEL=\"");
	rc |= xml_esc(b, jstr(dossier, "title"));
	rc |= lt_buf_puts(b, "\">\n");
	for (size_t i = 0; i < ndocs; i++) {
		rc |= lt_buf_printf(b,
		                    "   <div TYPE=\"vanban\" ORDER=\"%d\" DMDID=\"DMD_DOC_%zu\""
		                    " LABEL=\"",
		                    docs[i].ordinal, i + 1);
		rc |= xml_esc(b, jstr(docs[i].rec, "subject"));
		rc |= lt_buf_puts(b, "\">\n");
		for (size_t f = 0; f < nfiles; f++)
			if (files[f].doc == (int)i)
				rc |= lt_buf_printf(b, "    <fptr FILEID=\"FILE_%zu\"/>\n", f + 1);
		rc |= lt_buf_puts(b, "   </div>\n");
	}
	rc |= lt_buf_puts(b, "  </div>\n </structMap>\n</mets>\n");
	return rc ? LT_ENOMEM : 0;
}

/* Mục lục văn bản trong hồ sơ (NĐ 30 PL V), in date order: CSV + HTML. */
static int build_toc(lt_buf *csv, lt_buf *html, json_t *dossier, docinfo *docs, size_t ndocs)
{
	docinfo *sorted = malloc((ndocs ? ndocs : 1) * sizeof(*sorted));
	int rc = 0;

	if (!sorted)
		return LT_ENOMEM;
	if (ndocs)
		memcpy(sorted, docs, ndocs * sizeof(*sorted));
	qsort(sorted, ndocs, sizeof(*sorted), cmp_date);
	rc |= lt_buf_puts(csv, "\xEF\xBB\xBF");
	rc |= csv_cell(csv, "STT", 0);
	rc |= csv_cell(csv, "Số, ký hiệu văn bản", 0);
	rc |= csv_cell(csv, "Ngày tháng văn bản", 0);
	rc |= csv_cell(csv, "Tên loại và trích yếu nội dung", 0);
	rc |= csv_cell(csv, "Tác giả văn bản", 0);
	rc |= csv_cell(csv, "Tờ số/Trang số", 0);
	rc |= csv_cell(csv, "Ghi chú", 1);
	rc |= lt_buf_puts(html, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
	                        "<title>Mục lục văn bản</title></head><body>\n<h1>MỤC LỤC VĂN "
	                        "BẢN</h1>\n<p>Hồ sơ: ");
	rc |= xml_esc(html, jstr(dossier, "file_code"));
	rc |= lt_buf_puts(html, " — ");
	rc |= xml_esc(html, jstr(dossier, "title"));
	rc |= lt_buf_puts(html, "</p>\n<table border=\"1\">\n<tr><th>STT</th><th>Số, ký hiệu văn "
	                        "bản</th><th>Ngày tháng văn bản</th><th>Tên loại và trích yếu nội "
	                        "dung</th><th>Tác giả văn bản</th><th>Tờ số/Trang số</th>"
	                        "<th>Ghi chú</th></tr>\n");
	for (size_t i = 0; i < ndocs; i++) {
		json_t *r = sorted[i].rec;
		lt_buf notation = LT_BUF_INIT, what = LT_BUF_INIT;
		char stt[32], date[16], pages[32];
		const char *type = jstr(r, "type_name"), *label;
		const char *cells[7];

		if (jstr(r, "code_number"))
			rc |= lt_buf_puts(&notation, jstr(r, "code_number"));
		if (jstr(r, "code_notation"))
			rc |= lt_buf_printf(&notation, "%s%s", notation.len ? "/" : "",
			                    jstr(r, "code_notation"));
		label = type ? lt_codelist_label("typeName", type) : NULL;
		if (label)
			rc |= lt_buf_printf(&what, "%s: ", label);
		rc |= lt_buf_puts(&what, jstr(r, "subject") ? jstr(r, "subject") : "");
		snprintf(stt, sizeof(stt), "%zu", i + 1);
		dmy(jstr(r, "issued_date"), date);
		snprintf(pages, sizeof(pages), "%lld",
		         (long long)json_integer_value(json_object_get(r, "page_count")));
		cells[0] = stt;
		cells[1] = lt_buf_cstr(&notation);
		cells[2] = date;
		cells[3] = lt_buf_cstr(&what);
		cells[4] = jstr(r, "organ_name") ? jstr(r, "organ_name") : "";
		cells[5] = pages;
		cells[6] = jstr(r, "description") ? jstr(r, "description") : "";
		rc |= lt_buf_puts(html, "<tr>");
		for (int c = 0; c < 7; c++) {
			rc |= csv_cell(csv, cells[c], c == 6);
			rc |= lt_buf_puts(html, "<td>");
			rc |= xml_esc(html, cells[c]);
			rc |= lt_buf_puts(html, "</td>");
		}
		rc |= lt_buf_puts(html, "</tr>\n");
		lt_buf_free(&notation);
		lt_buf_free(&what);
	}
	rc |=
	    lt_buf_printf(html, "</table>\n<p>Tổng số: %zu văn bản.</p>\n</body></html>\n", ndocs);
	free(sorted);
	return rc ? LT_ENOMEM : 0;
}

/* Collect one dossier: JSON, METS, TOC and its files into it. */
static int export_dossier(lt_archive *ar, int64_t did, items *it, lt_package_summary *sum,
                          const char *org, const lt_package_options *opts, const char *who,
                          lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	sqlite3_stmt *st = NULL, *rs = NULL, *fs = NULL, *ps = NULL, *ls = NULL;
	json_t *root = json_object(), *records = json_array(), *links = json_array();
	json_t *dossier = NULL;
	docinfo *docs = NULL;
	fref *files = NULL;
	size_t ndocs = 0, nfiles = 0, capfiles = 0;
	char fc_safe[256], dir[300], path[900];
	const char *file_code;
	lt_buf b = LT_BUF_INIT, toc_csv = LT_BUF_INIT, toc_html = LT_BUF_INIT;
	int rc = 0;
	char *js;

	if ((rc = prepare(cat, "SELECT * FROM dossiers WHERE id = ?", &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, did);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = lt_catalog_error(cat, err, "dossiers");
		goto out;
	}
	dossier = row_json(st);
	sqlite3_finalize(st);
	st = NULL;
	file_code = jstr(dossier, "file_code");
	safe_component(file_code ? file_code : "_", fc_safe, sizeof(fc_safe));
	snprintf(dir, sizeof(dir), "data/%s", fc_safe);

	if ((rc = prepare(cat,
	                  "SELECT record_id, ordinal, added_at, added_by FROM dossier_records"
	                  " WHERE dossier_id = ? ORDER BY ordinal",
	                  &st, err)) != 0 ||
	    (rc = prepare(cat, "SELECT * FROM records WHERE id = ?", &rs, err)) != 0 ||
	    (rc =
	         prepare(cat,
	                 "SELECT sha256, role, media_type, name, size, created_at FROM record_files"
	                 " WHERE record_id = ? ORDER BY role = 'original' DESC, role, created_at",
	                 &fs, err)) != 0 ||
	    (rc = prepare(cat, "SELECT * FROM pages WHERE record_id = ? ORDER BY page_no", &ps,
	                  err)) != 0 ||
	    (rc = prepare(
	         cat,
	         "SELECT f.uid AS from_uid, t.uid AS to_uid, l.kind, l.note, l.created_by,"
	         " l.created_at FROM record_links l JOIN records f ON f.id = l.from_record_id"
	         " JOIN records t ON t.id = l.to_record_id WHERE l.from_record_id = ?"
	         " ORDER BY l.id",
	         &ls, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, did);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t rid = sqlite3_column_int64(st, 0);
		int ordinal = sqlite3_column_int(st, 1);
		json_t *entry = json_object(), *rec, *jfiles = json_array(), *jpages = json_array();
		int has_original_pdf = 0, natt = 0, norig = 0;
		docinfo *nd = realloc(docs, (ndocs + 1) * sizeof(*docs));

		if (!nd) {
			rc = oom(err);
			json_decref(entry);
			json_decref(jfiles);
			json_decref(jpages);
			goto out;
		}
		docs = nd;
		sqlite3_reset(rs);
		sqlite3_bind_int64(rs, 1, rid);
		if (sqlite3_step(rs) != SQLITE_ROW) {
			rc = lt_catalog_error(cat, err, "records");
			goto out;
		}
		rec = row_json(rs);
		json_object_set_new(entry, "ordinal", json_integer(ordinal));
		json_object_set_new(entry, "added_at",
		                    json_string((const char *)sqlite3_column_text(st, 2)));
		if (sqlite3_column_type(st, 3) != SQLITE_NULL)
			json_object_set_new(entry, "added_by",
			                    json_string((const char *)sqlite3_column_text(st, 3)));
		json_object_set_new(entry, "record", rec);
		docs[ndocs].rec = rec;
		docs[ndocs].record_id = rid;
		docs[ndocs].ordinal = ordinal;

		sqlite3_reset(fs);
		sqlite3_bind_int64(fs, 1, rid);
		while (sqlite3_step(fs) == SQLITE_ROW) {
			const char *sha = (const char *)sqlite3_column_text(fs, 0);
			const char *role = (const char *)sqlite3_column_text(fs, 1);
			const char *mime = (const char *)sqlite3_column_text(fs, 2);
			const char *ext = ext_of(mime);
			char rel[512];
			item *x;
			fref *f;

			if (strcmp(role, "original") == 0) {
				norig++;
				if (strcmp(ext, "pdf") == 0)
					has_original_pdf = 1;
				if (norig == 1)
					snprintf(rel, sizeof(rel), "files/%s.%d.%s", fc_safe,
					         ordinal, ext);
				else
					snprintf(rel, sizeof(rel), "files/%s.%d.%d.%s", fc_safe,
					         ordinal, norig, ext);
			} else if (strcmp(role, "searchable_pdf") == 0 && !has_original_pdf) {
				snprintf(rel, sizeof(rel), "files/%s.%d.pdf", fc_safe, ordinal);
			} else if (strcmp(role, "searchable_pdf") == 0) {
				snprintf(rel, sizeof(rel), "files/%s.%d.ocr.pdf", fc_safe, ordinal);
			} else {
				snprintf(rel, sizeof(rel), "files/%s.%d.att%d.%s", fc_safe, ordinal,
				         ++natt, ext);
			}
			snprintf(path, sizeof(path), "%s/%s", dir, rel);
			if (!(x = items_add(it, path))) {
				rc = oom(err);
				goto out;
			}
			snprintf(x->sha, sizeof(x->sha), "%s", sha);
			x->size = (uint64_t)sqlite3_column_int64(fs, 4);
			x->stored = 1;
			/* What costs no read is checked now (present, right size),
			 * the bytes when they are written (write_entry). */
			{
				lt_fixity_reader *fx = NULL;
				rc = lt_fixity_open(&fx, NULL, ar, sha, LT_BLOB_SIZE_UNKNOWN, who,
				                    "package", err);
				lt_fixity_close(fx);
				if (rc)
					goto out;
			}
			if (nfiles == capfiles) {
				size_t cap = capfiles ? capfiles * 2 : 16;
				fref *p = realloc(files, cap * sizeof(*p));
				if (!p) {
					rc = oom(err);
					goto out;
				}
				files = p;
				capfiles = cap;
			}
			f = &files[nfiles++];
			snprintf(f->path, sizeof(f->path), "%s", rel);
			snprintf(f->sha, sizeof(f->sha), "%s", sha);
			f->role = strcmp(role, "original") == 0         ? "original"
			          : strcmp(role, "searchable_pdf") == 0 ? "searchable_pdf"
			                                                : "attachment";
			f->mime = strcmp(ext, "pdf") == 0   ? "application/pdf"
			          : strcmp(ext, "png") == 0 ? "image/png"
			          : strcmp(ext, "jpg") == 0 ? "image/jpeg"
			          : strcmp(ext, "tif") == 0 ? "image/tiff"
			          : strcmp(ext, "txt") == 0 ? "text/plain"
			                                    : "application/octet-stream";
			f->size = x->size;
			f->doc = (int)ndocs;
			json_array_append_new(
			    jfiles,
			    json_pack("{s:s, s:s, s:s, s:s?, s:I, s:s, s:s}", "sha256", sha, "role",
			              role, "media_type", mime, "name",
			              (const char *)sqlite3_column_text(fs, 3), "size",
			              (json_int_t)x->size, "created_at",
			              (const char *)sqlite3_column_text(fs, 5), "path", rel));
		}
		json_object_set_new(entry, "files", jfiles);
		sqlite3_reset(ps);
		sqlite3_bind_int64(ps, 1, rid);
		while (sqlite3_step(ps) == SQLITE_ROW)
			json_array_append_new(jpages, row_json(ps));
		json_object_set_new(entry, "pages", jpages);
		sqlite3_reset(ls);
		sqlite3_bind_int64(ls, 1, rid);
		while (sqlite3_step(ls) == SQLITE_ROW) {
			json_array_append_new(links, row_json(ls));
			sum->links++;
		}
		json_array_append_new(records, entry);
		ndocs++;
		sum->records++;
	}
	json_object_set_new(root, "format", json_string("luutru-package-1"));
	json_object_set(root, "dossier", dossier);
	json_object_set(root, "records", records);
	json_object_set(root, "links", links);
	js = json_dumps(root, JSON_INDENT(1) | JSON_SORT_KEYS);
	if (!js) {
		rc = oom(err);
		goto out;
	}
	rc = lt_buf_puts(&b, js);
	free(js);
	snprintf(path, sizeof(path), "%s/dossier.json", dir);
	if (rc || (rc = add_mem(it, path, &b, err)) != 0)
		goto out;
	if ((rc = build_mets(&b, cat, did, dossier, file_code ? file_code : "", docs, ndocs, files,
	                     nfiles, org, opts, err)) != 0) {
		if (rc == LT_ENOMEM)
			rc = oom(err);
		goto out;
	}
	snprintf(path, sizeof(path), "%s/mets.xml", dir);
	if ((rc = add_mem(it, path, &b, err)) != 0)
		goto out;
	if (build_toc(&toc_csv, &toc_html, dossier, docs, ndocs)) {
		rc = oom(err);
		goto out;
	}
	snprintf(path, sizeof(path), "%s/muc-luc.csv", dir);
	if ((rc = add_mem(it, path, &toc_csv, err)) != 0)
		goto out;
	snprintf(path, sizeof(path), "%s/muc-luc.html", dir);
	rc = add_mem(it, path, &toc_html, err);
	sum->dossiers++;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(rs);
	sqlite3_finalize(fs);
	sqlite3_finalize(ps);
	sqlite3_finalize(ls);
	json_decref(dossier);
	json_decref(records);
	json_decref(links);
	json_decref(root);
	free(docs);
	free(files);
	lt_buf_free(&b);
	lt_buf_free(&toc_csv);
	lt_buf_free(&toc_html);
	return rc;
}

/* One entry: data (len bytes), or with ar the stored file sha of size
 * bytes, read through the verified reader — a damaged file fails the
 * export (the package is written under a temp name and removed). */
static int write_entry(struct archive *a, const char *name, const void *data, size_t len,
                       lt_archive *ar, const char *sha, uint64_t size, const char *who,
                       lt_error *err)
{
	struct archive_entry *e = archive_entry_new();
	int rc = 0;

	if (!e)
		return oom(err);
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)(ar ? size : len));
	archive_entry_set_mtime(e, time(NULL), 0);
	if (archive_write_header(a, e) != ARCHIVE_OK) {
		rc = lt_error_set(err, LT_EIO, "%s: %s", name, archive_error_string(a));
	} else if (!ar) {
		if (len && archive_write_data(a, data, len) != (la_ssize_t)len)
			rc = lt_error_set(err, LT_EIO, "%s: %s", name, archive_error_string(a));
	} else {
		lt_fixity_reader *fx = NULL;
		char *buf = malloc(1 << 16);
		size_t got = 0;

		if (!buf)
			rc = oom(err);
		else
			rc = lt_fixity_open(&fx, NULL, ar, sha, size, who, "package", err);
		while (rc == 0 && (rc = lt_fixity_read(fx, buf, 1 << 16, &got, err)) == 0 &&
		       got > 0)
			if (archive_write_data(a, buf, got) != (la_ssize_t)got)
				rc = lt_error_set(err, LT_EIO, "%s: %s", name,
				                  archive_error_string(a));
		lt_fixity_close(fx);
		free(buf);
	}
	archive_entry_free(e);
	return rc;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

static void human_size(uint64_t n, char out[32])
{
	const char *u[] = {"bytes", "KB", "MB", "GB", "TB"};
	double v = (double)n;
	int i = 0;

	while (v >= 1024 && i < 4) {
		v /= 1024;
		i++;
	}
	if (i == 0)
		snprintf(out, 32, "%llu bytes", (unsigned long long)n);
	else
		snprintf(out, 32, "%.1f %s", v, u[i]);
}

static char *setting(lt_catalog *cat, const char *key)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;

	if (sqlite3_prepare_v2(lt_catalog_db(cat), "SELECT value FROM settings WHERE key = ?", -1,
	                       &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

int lt_package_export(lt_package_summary *out, lt_archive *ar, const char *const *dossiers,
                      size_t n, const char *out_path, const lt_package_options *opts, lt_error *err)
{
	lt_package_options defaults = LT_PACKAGE_OPTIONS_INIT;
	const lt_package_options *o = opts ? opts : &defaults;
	const char *who = o->user ? o->user : "cli";
	lt_catalog *cat = lt_archive_catalog(ar);
	lt_package_summary sum;
	items it = {0};
	lt_buf bag = LT_BUF_INIT, info = LT_BUF_INIT, man = LT_BUF_INIT, tag = LT_BUF_INIT;
	lt_buf tmp = LT_BUF_INIT, name = LT_BUF_INIT, ids = LT_BUF_INIT;
	char *org_setting = NULL, *bagname = NULL;
	const char *org;
	struct archive *a = NULL;
	int64_t *seen = NULL;
	int rc = 0, in_txn = 0;
	char now[21], today[11], hs[32], sha[LT_SHA256_HEX_LEN + 1];
	lt_date d;

	memset(&sum, 0, sizeof(sum));
	if (out)
		memset(out, 0, sizeof(*out));
	if (n == 0)
		return lt_error_set(
		    err, LT_EINVAL, "%s",
		    LT_TR("cần ít nhất một hồ sơ", "at least one dossier is needed"));
	/* The name says the format; anything else would be a tar under a
	 * misleading name. */
	if (!out_path || !(ends_with(out_path, ".zip") || ends_with(out_path, ".tar") ||
	                   ends_with(out_path, ".tar.gz")))
		return lt_error_set(err, LT_EINVAL,
		                    LT_TR("tên gói %s phải có đuôi .zip, .tar hoặc .tar.gz",
		                          "the package name %s must end in .zip, .tar or .tar.gz"),
		                    out_path ? out_path : "-");
	org_setting = setting(cat, "organ_name");
	org = o->organization ? o->organization : org_setting ? org_setting : "luutru";
	seen = calloc(n, sizeof(*seen));
	if (!seen)
		return oom(err);

	/* One read transaction: the package is one snapshot. */
	if ((rc = lt_catalog_exec(cat, "BEGIN", err)) != 0)
		goto out;
	in_txn = 1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		int64_t did = 0;
		int dup = 0;
		if ((rc = find_dossier(cat, dossiers[i], &did, err)) != 0)
			break;
		for (size_t k = 0; k < i; k++)
			dup |= seen[k] == did;
		seen[i] = did;
		if (dup)
			continue;
		rc = export_dossier(ar, did, &it, &sum, org, o, who, err);
		if (rc == 0)
			rc = lt_buf_printf(&ids, "%s%s", ids.len ? " " : "", dossiers[i]) ? oom(err)
			                                                                  : 0;
	}
	lt_catalog_exec(cat, "COMMIT", NULL);
	in_txn = 0;
	if (rc)
		goto out;

	/* Tag files. */
	sum.files = it.n;
	for (size_t i = 0; i < it.n; i++) {
		sum.bytes += it.v[i].size;
		rc |= lt_buf_printf(&man, "%s  %s\n", it.v[i].sha, it.v[i].path);
	}
	lt_time_now_iso(now);
	lt_date_today(&d);
	lt_date_format_iso(&d, today);
	human_size(sum.bytes, hs);
	rc |= lt_buf_puts(&bag, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	rc |= lt_buf_printf(&info,
	                    "Source-Organization: %s\n"
	                    "Bagging-Date: %s\n"
	                    "Payload-Oxum: %llu.%zu\n"
	                    "Bag-Size: %s\n"
	                    "External-Identifier: %s\n"
	                    "External-Description: luutru dossier package (TT 05/2025: METS + "
	                    "Dublin Core, SHA-256 per file): %zu dossiers, %zu records\n"
	                    "Bag-Software-Agent: luutru\n"
	                    "Bagging-Timestamp: %s\n",
	                    org, today, (unsigned long long)sum.bytes, it.n, hs, lt_buf_cstr(&ids),
	                    sum.dossiers, sum.records, now);
	if (rc) {
		rc = oom(err);
		goto out;
	}
	lt_sha256_hex(bag.data, bag.len, sha);
	rc |= lt_buf_printf(&tag, "%s  bagit.txt\n", sha);
	lt_sha256_hex(info.data, info.len, sha);
	rc |= lt_buf_printf(&tag, "%s  bag-info.txt\n", sha);
	lt_sha256_hex(man.data ? man.data : "", man.len, sha);
	rc |= lt_buf_printf(&tag, "%s  manifest-sha256.txt\n", sha);
	if (rc) {
		rc = oom(err);
		goto out;
	}

	/* The archive, under a temp name. */
	{
		const char *base = lt_ar_basename(out_path);
		size_t bl = strlen(base);
		if (ends_with(base, ".tar.gz"))
			bl -= 7;
		else if (ends_with(base, ".zip") || ends_with(base, ".tar"))
			bl -= 4;
		bagname = strndup(base, bl ? bl : strlen(base));
	}
	if (!bagname || lt_buf_printf(&tmp, "%s.tmp", out_path)) {
		rc = oom(err);
		goto out;
	}
	a = archive_write_new();
	if (ends_with(out_path, ".zip")) {
		archive_write_set_format_zip(a);
	} else {
		archive_write_set_format_pax_restricted(a);
		if (ends_with(out_path, ".gz"))
			archive_write_add_filter_gzip(a);
	}
	if (archive_write_open_filename(a, tmp.data) != ARCHIVE_OK) {
		rc =
		    lt_error_set(err, LT_EIO, LT_TR("không ghi được %s: %s", "cannot write %s: %s"),
		                 out_path, archive_error_string(a));
		goto out;
	}
#define TAGFILE(fname, buf)                                                                        \
	do {                                                                                       \
		lt_buf_reset(&name);                                                               \
		if (lt_buf_printf(&name, "%s/%s", bagname, fname)) {                               \
			rc = oom(err);                                                             \
			goto out;                                                                  \
		}                                                                                  \
		if ((rc = write_entry(a, name.data, (buf).data, (buf).len, NULL, NULL, 0, NULL,    \
		                      err)) != 0)                                                  \
			goto out;                                                                  \
	} while (0)
	TAGFILE("bagit.txt", bag);
	TAGFILE("bag-info.txt", info);
	TAGFILE("manifest-sha256.txt", man);
	TAGFILE("tagmanifest-sha256.txt", tag);
#undef TAGFILE
	for (size_t i = 0; i < it.n; i++) {
		lt_buf_reset(&name);
		if (lt_buf_printf(&name, "%s/%s", bagname, it.v[i].path)) {
			rc = oom(err);
			goto out;
		}
		if ((rc = write_entry(a, name.data, it.v[i].mem.data, it.v[i].mem.len,
		                      it.v[i].stored ? ar : NULL, it.v[i].sha, it.v[i].size, who,
		                      err)) != 0)
			goto out;
	}
	if (archive_write_close(a) != ARCHIVE_OK) {
		rc =
		    lt_error_set(err, LT_EIO, LT_TR("không ghi được %s: %s", "cannot write %s: %s"),
		                 out_path, archive_error_string(a));
		goto out;
	}
	if (rename(tmp.data, out_path) != 0) {
		rc =
		    lt_error_set(err, LT_EIO, LT_TR("không ghi được %s: %s", "cannot write %s: %s"),
		                 out_path, strerror(errno));
		goto out;
	}
	if (out)
		*out = sum;
out:
	if (in_txn)
		lt_catalog_exec(cat, "COMMIT", NULL);
	if (a)
		archive_write_free(a);
	if (rc && tmp.data)
		unlink(tmp.data);
	items_free(&it);
	lt_buf_free(&bag);
	lt_buf_free(&info);
	lt_buf_free(&man);
	lt_buf_free(&tag);
	lt_buf_free(&tmp);
	lt_buf_free(&name);
	lt_buf_free(&ids);
	free(org_setting);
	free(bagname);
	free(seen);
	return rc;
}

/* ---- reading a package ------------------------------------------------ */

typedef struct seen_file {
	char *path; /* relative to the bag root */
	char sha[LT_SHA256_HEX_LEN + 1];
	uint64_t size;
	lt_buf mem; /* tag files and data/<x>/dossier.json are kept */
} seen_file;

typedef struct bag {
	char *top;
	seen_file *f;
	size_t n, cap;
} bag;

static void bag_free(bag *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->f[i].path);
		lt_buf_free(&b->f[i].mem);
	}
	free(b->f);
	free(b->top);
	memset(b, 0, sizeof(*b));
}

static seen_file *bag_find(bag *b, const char *path)
{
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->f[i].path, path) == 0)
			return &b->f[i];
	return NULL;
}

static int keep_content(const char *rel)
{
	return strncmp(rel, "data/", 5) != 0 || ends_with(rel, "/dossier.json");
}

static int open_pkg(struct archive **out, const char *path, lt_error *err)
{
	struct archive *a = archive_read_new();

	archive_read_support_format_zip(a);
	archive_read_support_format_tar(a);
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_xz(a);
	if (archive_read_open_filename(a, path, 64 * 1024) != ARCHIVE_OK) {
		int rc =
		    lt_error_set(err, LT_EUNSUPPORTED,
		                 LT_TR("không đọc được gói %s: %s", "cannot read package %s: %s"),
		                 path, archive_error_string(a) ? archive_error_string(a) : "?");
		archive_read_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

/* The bag-relative name of an entry ("" for the top directory itself), or
 * an error when it lies outside the one top directory. */
static int rel_name(bag *b, const char *raw, const char **rel, lt_error *err)
{
	const char *slash;
	int rc;

	if ((rc = lt_import_check_name(raw, err)) != 0)
		return rc;
	slash = strchr(raw, '/');
	if (!b->top) {
		b->top = strndup(raw, slash ? (size_t)(slash - raw) : strlen(raw));
		if (!b->top)
			return oom(err);
	}
	if (strncmp(raw, b->top, strlen(b->top)) != 0 ||
	    (raw[strlen(b->top)] != '/' && raw[strlen(b->top)] != '\0'))
		return lt_error_set(err, LT_ECORRUPT,
		                    LT_TR("mục %s nằm ngoài thư mục gói %s",
		                          "entry %s lies outside the bag directory %s"),
		                    raw, b->top);
	*rel = raw[strlen(b->top)] ? raw + strlen(b->top) + 1 : "";
	return 0;
}

/* Pass 1: hash every file, keep the tag files and dossier.json. */
static int read_bag(bag *b, const char *path, lt_error *err)
{
	struct archive *a = NULL;
	struct archive_entry *e;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	size_t count = 0;
	uint64_t total = 0;
	int rc, r;

	if (!md)
		return oom(err);
	if ((rc = open_pkg(&a, path, err)) != 0) {
		EVP_MD_CTX_free(md);
		return rc;
	}
	while (rc == 0 && (r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		const char *raw = archive_entry_pathname(e), *rel = NULL;
		seen_file *f;
		unsigned char dg[32];
		unsigned dlen = 0;

		if (++count > LT_PACKAGE_MAX_ENTRIES) {
			rc = lt_error_set(
			    err, LT_ELIMIT,
			    LT_TR("gói có hơn %d mục", "the package has more than %d entries"),
			    LT_PACKAGE_MAX_ENTRIES);
			break;
		}
		if ((rc = rel_name(b, raw ? raw : "", &rel, err)) != 0)
			break;
		if (archive_entry_filetype(e) == AE_IFDIR)
			continue;
		if (archive_entry_filetype(e) != AE_IFREG || archive_entry_hardlink(e)) {
			rc = lt_error_set(
			    err, LT_ECORRUPT,
			    LT_TR("mục %s không phải tệp thường (liên kết?): bị từ chối",
			          "entry %s is not a regular file (a link?): refused"),
			    raw);
			break;
		}
		if (bag_find(b, rel)) {
			rc = lt_error_set(
			    err, LT_ECORRUPT,
			    LT_TR("mục %s xuất hiện hai lần", "entry %s appears twice"), raw);
			break;
		}
		if (b->n == b->cap) {
			size_t cap = b->cap ? b->cap * 2 : 32;
			seen_file *p = realloc(b->f, cap * sizeof(*p));
			if (!p) {
				rc = oom(err);
				break;
			}
			b->f = p;
			b->cap = cap;
		}
		f = &b->f[b->n];
		memset(f, 0, sizeof(*f));
		f->path = strdup(rel);
		if (!f->path) {
			rc = oom(err);
			break;
		}
		b->n++;
		EVP_DigestInit_ex(md, EVP_sha256(), NULL);
		for (;;) {
			const void *buf;
			size_t size;
			la_int64_t off;
			int rr = archive_read_data_block(a, &buf, &size, &off);
			if (rr == ARCHIVE_EOF)
				break;
			if (rr != ARCHIVE_OK) {
				rc = lt_error_set(err, LT_ECORRUPT,
				                  LT_TR("không đọc được %s trong gói: %s",
				                        "cannot read %s in the package: %s"),
				                  rel, archive_error_string(a));
				break;
			}
			EVP_DigestUpdate(md, buf, size);
			f->size += size;
			total += size;
			/* The zip-bomb guards of batch import (archive/import.h). */
			if (total > LT_IMPORT_MAX_TOTAL_BYTES ||
			    (total > LT_IMPORT_RATIO_FLOOR_BYTES &&
			     archive_filter_bytes(a, -1) > 0 &&
			     total / (uint64_t)archive_filter_bytes(a, -1) > LT_IMPORT_MAX_RATIO)) {
				rc = lt_error_set(
				    err, LT_ELIMIT,
				    LT_TR("gói giải nén quá lớn hoặc tỉ lệ nén bất thường "
				          "(tại %s): có thể là bom nén",
				          "the package expands too much or at an abnormal "
				          "ratio (at %s): possibly a zip bomb"),
				    rel);
				break;
			}
			if (f->size > LT_PACKAGE_MAX_FILE_BYTES ||
			    (keep_content(rel) && f->size > LT_PACKAGE_MAX_TAG_BYTES)) {
				rc = lt_error_set(err, LT_ELIMIT,
				                  LT_TR("tệp %s trong gói quá lớn",
				                        "file %s in the package is too large"),
				                  rel);
				break;
			}
			if (keep_content(rel) && lt_buf_append(&f->mem, buf, size)) {
				rc = oom(err);
				break;
			}
		}
		EVP_DigestFinal_ex(md, dg, &dlen);
		for (unsigned k = 0; k < 32; k++)
			snprintf(f->sha + 2 * k, 3, "%02x", dg[k]);
	}
	if (rc == 0 && r != ARCHIVE_EOF)
		rc = lt_error_set(err, LT_ECORRUPT,
		                  LT_TR("gói %s bị cắt cụt hoặc hỏng: %s",
		                        "package %s is truncated or corrupt: %s"),
		                  path, archive_error_string(a) ? archive_error_string(a) : "?");
	archive_read_free(a);
	EVP_MD_CTX_free(md);
	return rc;
}

/* Check one "<sha>  <path>" manifest against the files seen. *listed
 * counts the lines. */
static int check_manifest(bag *b, const char *mname, int payload, size_t *listed, lt_error *err)
{
	seen_file *m = bag_find(b, mname);
	const char *p, *end;

	*listed = 0;
	if (!m)
		return lt_error_set(err, LT_ECORRUPT, LT_TR("gói thiếu %s", "the package lacks %s"),
		                    mname);
	p = m->mem.data ? m->mem.data : "";
	end = p + m->mem.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char line[2048], *path;
		seen_file *f;

		if (len && p[len - 1] == '\r')
			len--;
		if (len >= sizeof(line))
			return lt_error_set(err, LT_ECORRUPT, "%s: line too long", mname);
		memcpy(line, p, len);
		line[len] = '\0';
		p = nl ? nl + 1 : end;
		if (!line[0])
			continue;
		path = line + strcspn(line, " \t");
		if (!*path)
			return lt_error_set(err, LT_ECORRUPT,
			                    LT_TR("%s: dòng sai: %s", "%s: bad line: %s"), mname,
			                    line);
		*path++ = '\0';
		path += strspn(path, " \t");
		(*listed)++;
		if (payload && strncmp(path, "data/", 5) != 0)
			return lt_error_set(
			    err, LT_ECORRUPT,
			    LT_TR("%s liệt kê %s ngoài data/", "%s lists %s outside data/"), mname,
			    path);
		f = bag_find(b, path);
		if (!f)
			return lt_error_set(err, LT_ECORRUPT,
			                    LT_TR("tệp %s có trong %s nhưng không có trong gói",
			                          "file %s is listed in %s but missing"),
			                    path, mname);
		if (strcasecmp(f->sha, line) != 0)
			return lt_error_set(
			    err, LT_ECORRUPT,
			    LT_TR("sai mã kiểm tra SHA-256 của tệp %s: gói bị hỏng "
			          "hoặc bị sửa",
			          "SHA-256 mismatch for file %s: the package is damaged "
			          "or was altered"),
			    path);
	}
	return 0;
}

static int validate_bag(bag *b, lt_package_summary *sum, lt_error *err)
{
	seen_file *bi = bag_find(b, "bagit.txt"), *info = bag_find(b, "bag-info.txt");
	size_t listed = 0, payload = 0;
	uint64_t bytes = 0;
	int rc;

	if (!bi || !strstr(lt_buf_cstr(&bi->mem), "BagIt-Version: 1.0") ||
	    !strstr(lt_buf_cstr(&bi->mem), "Tag-File-Character-Encoding: UTF-8"))
		return lt_error_set(err, LT_ECORRUPT, "%s",
		                    LT_TR("không phải gói BagIt 1.0: thiếu hoặc sai bagit.txt",
		                          "not a BagIt 1.0 bag: bagit.txt missing or wrong"));
	if ((rc = check_manifest(b, "manifest-sha256.txt", 1, &listed, err)) != 0)
		return rc;
	for (size_t i = 0; i < b->n; i++) {
		if (strncmp(b->f[i].path, "data/", 5) != 0)
			continue;
		payload++;
		bytes += b->f[i].size;
	}
	if (payload != listed)
		return lt_error_set(
		    err, LT_ECORRUPT,
		    LT_TR("data/ có %zu tệp nhưng manifest-sha256.txt liệt kê %zu",
		          "data/ holds %zu files but manifest-sha256.txt lists %zu"),
		    payload, listed);
	if (info) {
		const char *ox = strstr(lt_buf_cstr(&info->mem), "Payload-Oxum:");
		if (ox) {
			unsigned long long ob = 0;
			size_t oc = 0;
			if (sscanf(ox, "Payload-Oxum: %llu.%zu", &ob, &oc) != 2 || ob != bytes ||
			    oc != payload)
				return lt_error_set(
				    err, LT_ECORRUPT,
				    LT_TR("Payload-Oxum sai: gói có %llu.%zu",
				          "Payload-Oxum is wrong: the payload is %llu.%zu"),
				    (unsigned long long)bytes, payload);
		}
	}
	if (bag_find(b, "tagmanifest-sha256.txt") &&
	    (rc = check_manifest(b, "tagmanifest-sha256.txt", 0, &listed, err)) != 0)
		return rc;
	if (sum) {
		sum->files = payload;
		sum->bytes = bytes;
		for (size_t i = 0; i < b->n; i++)
			if (ends_with(b->f[i].path, "/dossier.json"))
				sum->dossiers++;
	}
	return 0;
}

int lt_package_validate(lt_package_summary *out, const char *path, lt_error *err)
{
	bag b = {0};
	lt_package_summary sum;
	int rc;

	memset(&sum, 0, sizeof(sum));
	if (!lt_fs_exists(path))
		return lt_error_set(err, LT_ENOTFOUND, LT_TR("không có %s", "%s does not exist"),
		                    path);
	rc = read_bag(&b, path, err);
	if (rc == 0)
		rc = validate_bag(&b, &sum, err);
	if (rc)
		lt_error_prefix(err, LT_TR("gói %s không hợp lệ", "package %s is not valid"), path);
	else if (out)
		*out = sum;
	bag_free(&b);
	return rc;
}

/* ---- catalog rows (import) -------------------------------------------- */

/* INSERT INTO table the keys of obj that are columns of table (ids and
 * `skip` left out), plus extra_col = extra_val when extra_col is set. */
static int insert_json(lt_catalog *cat, const char *table, json_t *obj, const char *extra_col,
                       int64_t extra_val, int64_t *rowid, lt_error *err)
{
	sqlite3_stmt *ti = NULL, *st = NULL;
	lt_buf sql = LT_BUF_INIT, qs = LT_BUF_INIT;
	const char *cols[128];
	size_t ncols = 0;
	int rc = 0, k = 1;
	char q[128];

	snprintf(q, sizeof(q), "SELECT name FROM pragma_table_info('%s', 'main')", table);
	if ((rc = prepare(cat, q, &ti, err)) != 0)
		return rc;
	rc |= lt_buf_printf(&sql, "INSERT INTO main.%s(", table);
	while (sqlite3_step(ti) == SQLITE_ROW && ncols < 128) {
		const char *c = (const char *)sqlite3_column_text(ti, 0);
		if (col_skipped(c) || !json_object_get(obj, c))
			continue;
		cols[ncols] = strdup(c);
		rc |= lt_buf_printf(&sql, "%s%s", ncols ? ", " : "", c);
		rc |= lt_buf_puts(&qs, ncols ? ", ?" : "?");
		ncols++;
	}
	sqlite3_finalize(ti);
	if (extra_col) {
		rc |= lt_buf_printf(&sql, "%s%s", ncols ? ", " : "", extra_col);
		rc |= lt_buf_puts(&qs, ncols ? ", ?" : "?");
	}
	rc |= lt_buf_printf(&sql, ") VALUES (%s)", lt_buf_cstr(&qs));
	if (rc) {
		rc = oom(err);
		goto out;
	}
	if ((rc = prepare(cat, sql.data, &st, err)) != 0)
		goto out;
	for (size_t i = 0; i < ncols; i++, k++) {
		json_t *v = json_object_get(obj, cols[i]);
		if (json_is_string(v))
			sqlite3_bind_text(st, k, json_string_value(v), (int)json_string_length(v),
			                  SQLITE_TRANSIENT);
		else if (json_is_integer(v))
			sqlite3_bind_int64(st, k, json_integer_value(v));
		else if (json_is_real(v))
			sqlite3_bind_double(st, k, json_real_value(v));
		else if (json_is_boolean(v))
			sqlite3_bind_int(st, k, json_is_true(v));
	}
	if (extra_col)
		sqlite3_bind_int64(st, k, extra_val);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = lt_catalog_error(cat, err, table);
	else if (rowid)
		*rowid = sqlite3_last_insert_rowid(lt_catalog_db(cat));
out:
	sqlite3_finalize(st);
	for (size_t i = 0; i < ncols; i++)
		free((char *)cols[i]);
	lt_buf_free(&sql);
	lt_buf_free(&qs);
	return rc;
}

static int exec_bind(lt_catalog *cat, const char *sql, lt_error *err, const char *fmt, ...)
{
	sqlite3_stmt *st = NULL;
	va_list ap;
	int rc;

	if ((rc = prepare(cat, sql, &st, err)) != 0)
		return rc;
	va_start(ap, fmt);
	for (int i = 0; fmt[i]; i++) {
		if (fmt[i] == 'i') {
			sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t));
		} else {
			const char *s = va_arg(ap, const char *);
			if (s)
				sqlite3_bind_text(st, i + 1, s, -1, SQLITE_TRANSIENT);
		}
	}
	va_end(ap);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : lt_catalog_error(cat, err, sql);
	sqlite3_finalize(st);
	return rc;
}

static int uid_to_id(lt_catalog *cat, const char *uid, int64_t *id)
{
	sqlite3_stmt *st = NULL;
	int found = 0;

	if (!uid || prepare(cat, "SELECT id FROM records WHERE uid = ?", &st, NULL) != 0)
		return 0;
	sqlite3_bind_text(st, 1, uid, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		found = 1;
	}
	sqlite3_finalize(st);
	return found;
}

/* One dossier.json → rows. */
/* One dossier of the package. seen maps the uid of every record this
 * import has inserted to its new id: a record filed in several dossiers of
 * the package is one record (inserted once, with its files and pages) filed
 * several times, as in the archive it came from. */
static int import_dossier(lt_catalog *cat, json_t *root, const char *who, const char *pkg,
                          json_t *seen, lt_package_summary *sum, lt_error *err)
{
	json_t *dossier = json_object_get(root, "dossier"),
	       *records = json_object_get(root, "records");
	json_t *entry;
	size_t i;
	int64_t did = 0;
	int rc;

	if (!json_is_object(dossier) || !json_is_array(records) || !jstr(dossier, "file_code"))
		return lt_error_set(err, LT_ECORRUPT, "%s",
		                    LT_TR("dossier.json thiếu hồ sơ hoặc danh sách văn bản",
		                          "dossier.json lacks the dossier or the record list"));
	if ((rc = insert_json(cat, "dossiers", dossier, NULL, 0, &did, err)) != 0) {
		if (rc == LT_EEXISTS)
			lt_error_set(err, LT_EEXISTS,
			             LT_TR("hồ sơ %s đã có trong kho", "dossier %s already exists"),
			             jstr(dossier, "file_code"));
		return rc;
	}
	if ((rc = exec_bind(
	         cat,
	         "INSERT INTO main.dossier_events(dossier_id, from_status, to_status, who,"
	         " reason) VALUES (?, NULL, ?, ?, ?)",
	         err, "isss", did, jstr(dossier, "status"), who, pkg)) != 0)
		return rc;
	json_array_foreach(records, i, entry)
	{
		json_t *rec = json_object_get(entry, "record"), *f, *p;
		size_t k;
		int64_t rid = 0;

		if (!json_is_object(rec) || !jstr(rec, "uid"))
			return lt_error_set(err, LT_ECORRUPT, "%s",
			                    LT_TR("dossier.json: văn bản thiếu uid",
			                          "dossier.json: a record lacks its uid"));
		if (json_is_integer(json_object_get(seen, jstr(rec, "uid")))) {
			rid = (int64_t)json_integer_value(json_object_get(seen, jstr(rec, "uid")));
			goto file_it;
		}
		if ((rc = insert_json(cat, "records", rec, NULL, 0, &rid, err)) != 0) {
			if (rc == LT_EEXISTS)
				lt_error_set(err, LT_EEXISTS,
				             LT_TR("văn bản %s (docId %s) đã có trong kho",
				                   "record %s (docId %s) already exists"),
				             jstr(rec, "uid"),
				             jstr(rec, "doc_id") ? jstr(rec, "doc_id") : "-");
			return rc;
		}
		json_array_foreach(json_object_get(entry, "files"), k, f)
		{
			if ((rc = exec_bind(cat,
			                    "INSERT OR IGNORE INTO blobs(sha256, size, media_type)"
			                    " VALUES (?, ?, ?)",
			                    err, "sis", jstr(f, "sha256"),
			                    (int64_t)json_integer_value(json_object_get(f, "size")),
			                    jstr(f, "media_type"))) != 0)
				return rc;
			if ((rc = insert_json(cat, "record_files", f, "record_id", rid, NULL,
			                      err)) != 0)
				return rc;
		}
		json_array_foreach(json_object_get(entry, "pages"), k, p)
		{
			if ((rc = insert_json(cat, "pages", p, "record_id", rid, NULL, err)) != 0)
				return rc;
		}
		/* Not recognised yet where it was made: queue the job here. */
		if (json_array_size(json_object_get(entry, "pages")) == 0 &&
		    json_array_size(json_object_get(entry, "files")) > 0 &&
		    (rc = exec_bind(
		         cat,
		         "INSERT INTO main.jobs(kind, record_id) SELECT CASE WHEN media_type"
		         " LIKE 'image/%' THEN 'ocr' ELSE 'extract' END, record_id"
		         " FROM record_files WHERE record_id = ? AND role = 'original'"
		         " LIMIT 1",
		         err, "i", rid)) != 0)
			return rc;
		if (json_object_set_new(seen, jstr(rec, "uid"), json_integer((json_int_t)rid)) != 0)
			return oom(err);
		if ((rc = exec_bind(cat,
		                    "INSERT INTO main.index_outbox(record_id, uid, op) VALUES (?, "
		                    "?, 'upsert')",
		                    err, "is", rid, jstr(rec, "uid"))) != 0)
			return rc;
	file_it:
		if ((rc = exec_bind(cat,
		                    "INSERT INTO main.dossier_records(dossier_id, record_id, "
		                    "ordinal, added_at,"
		                    " added_by) VALUES (?, ?, ?, coalesce(?, " LT_NOW_SQL "), ?)",
		                    err, "iiiss", did, rid,
		                    (int64_t)json_integer_value(json_object_get(entry, "ordinal")),
		                    jstr(entry, "added_at"), jstr(entry, "added_by"))) != 0)
			return rc;
		sum->records++;
	}
	sum->dossiers++;
	return 0;
}

static int import_links(lt_catalog *cat, json_t *root, lt_package_summary *sum, lt_error *err)
{
	json_t *l;
	size_t i;
	int rc;

	json_array_foreach(json_object_get(root, "links"), i, l)
	{
		int64_t from = 0, to = 0;
		if (!uid_to_id(cat, jstr(l, "from_uid"), &from) ||
		    !uid_to_id(cat, jstr(l, "to_uid"), &to))
			continue; /* the other end is not in this archive */
		if ((rc = exec_bind(
		         cat,
		         "INSERT OR IGNORE INTO main.record_links(from_record_id, to_record_id,"
		         " kind, note, created_by, created_at)"
		         " VALUES (?, ?, ?, ?, ?, coalesce(?, " LT_NOW_SQL "))",
		         err, "iissss", from, to, jstr(l, "kind"), jstr(l, "note"),
		         jstr(l, "created_by"), jstr(l, "created_at"))) != 0)
			return rc;
		sum->links++;
	}
	return 0;
}

/* Pass 2: the files under data/<x>/files/ into the blob store. */
static int store_blobs(lt_archive *ar, bag *b, const char *path, char ***created, size_t *ncreated,
                       lt_error *err)
{
	struct archive *a = NULL;
	struct archive_entry *e;
	int rc, r;

	if ((rc = open_pkg(&a, path, err)) != 0)
		return rc;
	*ncreated = 0;
	*created = calloc(b->n ? b->n : 1, sizeof(char *));
	if (!*created) {
		archive_read_free(a);
		return oom(err);
	}
	while (rc == 0 && (r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		const char *rel = NULL;
		seen_file *f;
		lt_blob_writer *w = NULL;
		lt_blob_info info;

		if ((rc = rel_name(b, archive_entry_pathname(e), &rel, err)) != 0)
			break;
		if (strncmp(rel, "data/", 5) != 0 || !strstr(rel, "/files/") ||
		    archive_entry_filetype(e) != AE_IFREG)
			continue;
		f = bag_find(b, rel);
		if (!f)
			continue;
		if ((rc = lt_blob_writer_new(&w, lt_archive_blobs(ar), 0, err)) != 0)
			break;
		for (;;) {
			const void *buf;
			size_t size;
			la_int64_t off;
			int rr = archive_read_data_block(a, &buf, &size, &off);
			if (rr == ARCHIVE_EOF)
				break;
			if (rr != ARCHIVE_OK) {
				rc = lt_error_set(err, LT_ECORRUPT, "%s: %s", rel,
				                  archive_error_string(a));
				break;
			}
			if ((rc = lt_blob_writer_write(w, buf, size, err)) != 0)
				break;
		}
		if (rc) {
			lt_blob_writer_abort(w);
			break;
		}
		if ((rc = lt_blob_writer_commit(w, &info, err)) != 0)
			break;
		if (!info.existed)
			(*created)[(*ncreated)++] = strdup(info.sha256);
		if (strcmp(info.sha256, f->sha) != 0)
			rc = lt_error_set(err, LT_ECORRUPT,
			                  LT_TR("tệp %s thay đổi trong khi nhập gói",
			                        "file %s changed while the package was imported"),
			                  rel);
	}
	archive_read_free(a);
	return rc;
}

int lt_package_import(lt_package_summary *out, lt_archive *ar, const char *path,
                      const lt_package_options *opts, lt_error *err)
{
	lt_package_options defaults = LT_PACKAGE_OPTIONS_INIT;
	const lt_package_options *o = opts ? opts : &defaults;
	lt_catalog *cat = lt_archive_catalog(ar);
	lt_package_summary sum;
	bag b = {0};
	char **created = NULL;
	size_t ncreated = 0;
	json_t **roots = NULL, *seen = NULL;
	size_t nroots = 0;
	int rc;
	const char *who = o->user ? o->user : "cli";
	lt_buf reason = LT_BUF_INIT;

	memset(&sum, 0, sizeof(sum));
	if ((rc = lt_package_validate(NULL, path, err)) != 0)
		return rc;
	if ((rc = read_bag(&b, path, err)) != 0)
		goto out;
	roots = calloc(b.n ? b.n : 1, sizeof(*roots));
	if (!roots) {
		rc = oom(err);
		goto out;
	}
	for (size_t i = 0; i < b.n; i++) {
		json_error_t je;
		if (strncmp(b.f[i].path, "data/", 5) != 0 ||
		    !ends_with(b.f[i].path, "/dossier.json"))
			continue;
		roots[nroots] =
		    json_loadb(b.f[i].mem.data ? b.f[i].mem.data : "", b.f[i].mem.len, 0, &je);
		if (!roots[nroots]) {
			rc = lt_error_set(err, LT_ECORRUPT, "%s: %s (%d)", b.f[i].path, je.text,
			                  je.line);
			goto out;
		}
		nroots++;
	}
	if (nroots == 0) {
		rc = lt_error_set(err, LT_ECORRUPT, "%s",
		                  LT_TR("gói không có hồ sơ nào (data/*/dossier.json)",
		                        "the package holds no dossier (data/*/dossier.json)"));
		goto out;
	}
	/* Rule 43 holds for packages too: check every record before anything is
	 * stored. */
	for (size_t i = 0; i < nroots && rc == 0; i++) {
		json_t *entry, *recs = json_object_get(roots[i], "records");
		size_t k;
		json_array_foreach(recs, k, entry)
		{
			json_t *rec = json_object_get(entry, "record");
			json_t *sec = json_object_get(rec, "secrecy");
			int level = json_is_integer(sec)  ? (int)json_integer_value(sec)
			            : json_is_string(sec) ? atoi(json_string_value(sec))
			                                  : 0;
			rc = lt_ingest_check_secret(ar, level, jstr(rec, "mode"), err);
			if (rc)
				break;
		}
	}
	if (rc != 0)
		goto undo;
	if ((rc = store_blobs(ar, &b, path, &created, &ncreated, err)) != 0)
		goto undo;
	if (lt_buf_printf(&reason, "package %s", lt_ar_basename(path))) {
		rc = oom(err);
		goto undo;
	}
	if ((rc = lt_catalog_begin(cat, err)) != 0)
		goto undo;
	if (!(seen = json_object()))
		rc = oom(err);
	for (size_t i = 0; i < nroots && rc == 0; i++)
		rc = import_dossier(cat, roots[i], who, reason.data, seen, &sum, err);
	for (size_t i = 0; i < nroots && rc == 0; i++)
		rc = import_links(cat, roots[i], &sum, err);
	if (rc == 0)
		rc = lt_audit_append(cat, who, "package.import", lt_ar_basename(path), reason.data,
		                     NULL, err);
	if (rc == 0)
		rc = lt_catalog_commit(cat, err);
	if (rc) {
		lt_catalog_rollback(cat);
		goto undo;
	}
	sum.files = 0;
	for (size_t i = 0; i < b.n; i++)
		if (strncmp(b.f[i].path, "data/", 5) == 0) {
			sum.files++;
			sum.bytes += b.f[i].size;
		}
	if (out)
		*out = sum;
	goto out;
undo:
	/* Blobs this import created and no row names. */
	if (lt_catalog_begin(cat, NULL) == 0) {
		for (size_t i = 0; i < ncreated; i++) {
			sqlite3_stmt *st = NULL;
			int named = 1;
			if (!created[i] ||
			    prepare(cat, "SELECT 1 FROM blobs WHERE sha256 = ?", &st, NULL) != 0)
				continue;
			sqlite3_bind_text(st, 1, created[i], -1, SQLITE_STATIC);
			named = sqlite3_step(st) == SQLITE_ROW;
			sqlite3_finalize(st);
			if (!named)
				lt_blobstore_remove(lt_archive_blobs(ar), created[i], NULL);
		}
		lt_catalog_rollback(cat);
	}
out:
	for (size_t i = 0; i < ncreated; i++)
		free(created[i]);
	free(created);
	for (size_t i = 0; i < nroots; i++)
		json_decref(roots[i]);
	free(roots);
	json_decref(seen);
	lt_buf_free(&reason);
	bag_free(&b);
	return rc;
}
