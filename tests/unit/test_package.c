/* tests/unit/test_package.c — archive/package: export → validate → import
 * into an empty archive reproduces records, dossiers, filing order, links
 * and blobs; a damaged package is refused whole. */
#define _GNU_SOURCE /* memmem */
#include "tests/unit/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/audit.h"
#include "archive/import.h"
#include "archive/package.h"
#include "core/buf.h"
#include "core/fs.h"

typedef struct fixture {
	char *dir;
	lt_archive *a, *b;
} fixture;

static char *join(const char *a, const char *b)
{
	lt_buf p = LT_BUF_INIT;
	lt_fs_join(&p, a, b);
	return lt_buf_detach(&p);
}

static sqlite3 *db(lt_archive *ar)
{
	return lt_catalog_db(lt_archive_catalog(ar));
}

static long long scalar(lt_archive *ar, const char *sql)
{
	return lt_test_scalar(lt_archive_catalog(ar), sql);
}

static void exec(lt_archive *ar, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db(ar), sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	char *in, *p, *da, *dbp;
	lt_import_report *r = NULL;
	const char *man =
	    "{\"docId\": \"P1\", \"subject\": \"Về việc họp giao ban\", \"issuedDate\": "
	    "\"2024-03-05\", \"typeName\": \"Công văn\", \"codeNumber\": \"15\", \"codeNotation\": "
	    "\"VP-HC\", \"organName\": \"Văn phòng <UBND> & \\\"Sở\\\"\", \"text\": \"Hồ sơ họp "
	    "giao ban tuần\"}\n"
	    "{\"docId\": \"P2\", \"subject\": \"Báo cáo quý I\", \"issuedDate\": \"2024-01-10\", "
	    "\"text\": \"Báo cáo tình hình quý một\"}\n"
	    "{\"docId\": \"P3\", \"subject\": \"Trả lời\", \"issuedDate\": \"2024-04-01\", "
	    "\"file\": \"c.txt\"}\n";

	f->dir = lt_test_tmpdir();
	da = join(f->dir, "a");
	dbp = join(f->dir, "b");
	assert_int_equal(lt_archive_open(&f->a, da, LT_ARCHIVE_CREATE, NULL), 0);
	assert_int_equal(lt_archive_open(&f->b, dbp, LT_ARCHIVE_CREATE, NULL), 0);
	in = join(f->dir, "in");
	assert_int_equal(lt_fs_mkdirs(in, NULL), 0);
	p = join(in, "manifest.jsonl");
	lt_test_write_file(p, man, strlen(man));
	free(p);
	p = join(in, "c.txt");
	lt_test_write_file(p, "Công văn trả lời", strlen("Công văn trả lời"));
	free(p);
	assert_int_equal(lt_import_run(&r, f->a, in, NULL, NULL), 0);
	assert_int_equal(r->imported, 3);
	lt_import_report_free(r);
	/* A dossier with the three records filed 2, 1, 3 and a link. */
	exec(f->a, "INSERT INTO main.dossiers(uid, organ_id, year, notation, file_code, title, "
	           "maintenance, mode, language, start_date, end_date, status)"
	           " VALUES ('d0000000-0000-4000-8000-000000000001', 'H01', 2024, '01.VP',"
	           " 'H01.2024.01.VP', 'Hồ sơ giao ban 2024', '04', '01', '01', '2024-01-10',"
	           " '2024-04-01', 'closed')");
	exec(f->a, "INSERT INTO main.dossier_records(dossier_id, record_id, ordinal)"
	           " SELECT 1, id, CASE doc_id WHEN 'P2' THEN 1 WHEN 'P1' THEN 2 ELSE 3 END"
	           " FROM records");
	exec(f->a, "INSERT INTO main.record_links(from_record_id, to_record_id, kind, note)"
	           " SELECT f.id, t.id, 'reply_to', 'trả lời' FROM records f, records t"
	           " WHERE f.doc_id = 'P3' AND t.doc_id = 'P1'");
	free(in);
	free(da);
	free(dbp);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	lt_archive_free(f->a);
	lt_archive_free(f->b);
	lt_test_rmtree_free(f->dir);
	free(f);
	return 0;
}

/* Rows of query in A that B lacks, and the other way round. */
static long long differ(fixture *f, const char *query_a, const char *query_b)
{
	lt_buf q = LT_BUF_INIT;
	long long n;

	lt_buf_printf(&q, "SELECT count(*) FROM (SELECT * FROM (%s) EXCEPT SELECT * FROM (%s))",
	              query_a, query_b);
	n = scalar(f->a, q.data);
	lt_buf_reset(&q);
	lt_buf_printf(&q, "SELECT count(*) FROM (SELECT * FROM (%s) EXCEPT SELECT * FROM (%s))",
	              query_b, query_a);
	n += scalar(f->a, q.data);
	lt_buf_free(&q);
	return n;
}

static void test_round_trip(void **state)
{
	fixture *f = *state;
	char *pkg = join(f->dir, "hoso.zip");
	const char *ids[] = {"H01.2024.01.VP"};
	lt_package_summary s;
	lt_error err = LT_ERROR_INIT;
	lt_buf att = LT_BUF_INIT;

	assert_int_equal(lt_package_export(&s, f->a, ids, 1, pkg, NULL, &err), 0);
	assert_int_equal(s.dossiers, 1);
	assert_int_equal(s.records, 3);
	assert_int_equal(s.links, 1);
	assert_int_equal(s.files, 1 + 4); /* c.txt + json, mets, csv, html */
	assert_int_equal(lt_package_validate(&s, pkg, &err), 0);
	assert_int_equal(s.dossiers, 1);

	assert_int_equal(lt_package_import(&s, f->b, pkg, NULL, &err), 0);
	assert_int_equal(s.records, 3);
	assert_int_equal(s.links, 1);

	lt_buf_printf(&att, "ATTACH '%s/b/catalog.db' AS b", f->dir);
	exec(f->a, att.data);
	lt_buf_free(&att);
	assert_int_equal(scalar(f->a, "SELECT count(*) FROM b.records"), 3);
	assert_int_equal(
	    differ(f,
	           "SELECT uid, doc_id, type_name, code_number, code_notation, issued_date,"
	           " organ_name, subject, language, page_amount, page_count, secrecy, kind, status,"
	           " created_at FROM main.records",
	           "SELECT uid, doc_id, type_name, code_number, code_notation, issued_date,"
	           " organ_name, subject, language, page_amount, page_count, secrecy, kind, status,"
	           " created_at FROM b.records"),
	    0);
	assert_int_equal(differ(f,
	                        "SELECT uid, file_code, title, status, maintenance, start_date"
	                        " FROM main.dossiers",
	                        "SELECT uid, file_code, title, status, maintenance, start_date"
	                        " FROM b.dossiers"),
	                 0);
	assert_int_equal(differ(f,
	                        "SELECT d.file_code, r.uid, x.ordinal FROM main.dossier_records x"
	                        " JOIN main.dossiers d ON d.id = x.dossier_id"
	                        " JOIN main.records r ON r.id = x.record_id",
	                        "SELECT d.file_code, r.uid, x.ordinal FROM b.dossier_records x"
	                        " JOIN b.dossiers d ON d.id = x.dossier_id"
	                        " JOIN b.records r ON r.id = x.record_id"),
	                 0);
	assert_int_equal(differ(f,
	                        "SELECT f.uid, t.uid, l.kind, l.note FROM main.record_links l"
	                        " JOIN main.records f ON f.id = l.from_record_id"
	                        " JOIN main.records t ON t.id = l.to_record_id",
	                        "SELECT f.uid, t.uid, l.kind, l.note FROM b.record_links l"
	                        " JOIN b.records f ON f.id = l.from_record_id"
	                        " JOIN b.records t ON t.id = l.to_record_id"),
	                 0);
	assert_int_equal(
	    differ(f, "SELECT sha256, size FROM main.blobs", "SELECT sha256, size FROM b.blobs"),
	    0);
	assert_int_equal(differ(f,
	                        "SELECT r.uid, p.page_no, p.text FROM main.pages p"
	                        " JOIN main.records r ON r.id = p.record_id WHERE r.doc_id <> 'P3'",
	                        "SELECT r.uid, p.page_no, p.text FROM b.pages p"
	                        " JOIN b.records r ON r.id = p.record_id WHERE r.doc_id <> 'P3'"),
	                 0);
	assert_int_equal(scalar(f->b, "SELECT count(DISTINCT record_id) FROM index_outbox"), 3);
	/* P3 was not recognised yet in A (no pages): B queues its job */
	assert_int_equal(scalar(f->b,
	                        "SELECT count(*) FROM jobs j JOIN records r ON r.id = j.record_id"
	                        " WHERE r.doc_id = 'P3' AND j.kind = 'extract'"),
	                 1);
	assert_int_equal(scalar(f->b, "SELECT count(*) FROM jobs"), 1);
	exec(f->a, "DETACH b");
	/* the blob files themselves are in B's store, intact */
	{
		sqlite3_stmt *st = NULL;
		int n = 0;
		assert_int_equal(
		    sqlite3_prepare_v2(db(f->b), "SELECT sha256 FROM blobs", -1, &st, NULL),
		    SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			assert_int_equal(
			    lt_blobstore_verify(lt_archive_blobs(f->b),
			                        (const char *)sqlite3_column_text(st, 0), NULL),
			    0);
			n++;
		}
		sqlite3_finalize(st);
		assert_int_equal(n, 1);
	}

	/* importing the same package again: refused whole, nothing changes */
	assert_int_equal(lt_package_import(&s, f->b, pkg, NULL, &err), LT_EEXISTS);
	assert_non_null(strstr(err.message, "H01.2024.01.VP"));
	assert_int_equal(scalar(f->b, "SELECT count(*) FROM records"), 3);
	free(pkg);
}

static void test_damaged_package_refused(void **state)
{
	fixture *f = *state;
	char *pkg = join(f->dir, "hoso.tar");
	const char *ids[] = {"1"};
	lt_error err = LT_ERROR_INIT;
	char *bytes, *hit;
	size_t len;

	assert_int_equal(lt_package_export(NULL, f->a, ids, 1, pkg, NULL, &err), 0);
	bytes = lt_test_read_file(pkg, &len);
	hit = memmem(bytes, len, "giao ban tu", strlen("giao ban tu"));
	assert_non_null(hit);
	hit[0] = 'G';
	lt_test_write_file(pkg, bytes, len);
	free(bytes);

	assert_int_equal(lt_package_validate(NULL, pkg, &err), LT_ECORRUPT);
	assert_non_null(strstr(err.message, "SHA-256"));
	assert_non_null(strstr(err.message, "data/H01.2024.01.VP/"));
	assert_int_equal(lt_package_import(NULL, f->b, pkg, NULL, &err), LT_ECORRUPT);
	assert_int_equal(scalar(f->b, "SELECT count(*) FROM records"), 0);
	assert_int_equal(scalar(f->b, "SELECT count(*) FROM blobs"), 0);

	/* an empty dossier packages and validates too */
	exec(f->a, "INSERT INTO main.dossiers(uid, organ_id, year, notation, file_code, title)"
	           " VALUES ('d0000000-0000-4000-8000-000000000002', 'H01', 2024, '02.VP',"
	           " 'H01.2024.02.VP', 'Hồ sơ trống')");
	ids[0] = "H01.2024.02.VP";
	assert_int_equal(lt_package_export(NULL, f->a, ids, 1, pkg, NULL, &err), 0);
	assert_int_equal(lt_package_validate(NULL, pkg, &err), 0);
	assert_int_equal(lt_package_import(NULL, f->b, pkg, NULL, &err), 0);
	assert_int_equal(scalar(f->b, "SELECT count(*) FROM dossiers"), 1);

	/* a name that does not say zip or tar: refused, nothing written */
	{
		char *odd = join(f->dir, "hoso.7z");
		ids[0] = "1";
		assert_int_equal(lt_package_export(NULL, f->a, ids, 1, odd, NULL, &err), LT_EINVAL);
		assert_non_null(strstr(err.message, ".tar.gz"));
		assert_false(lt_fs_exists(odd));
		free(odd);
	}

	/* unknown dossier: nothing written */
	ids[0] = "NOPE";
	assert_int_equal(lt_package_export(NULL, f->a, ids, 1, pkg, NULL, &err), LT_ENOTFOUND);
	assert_non_null(strstr(err.message, "NOPE"));
	free(pkg);
}

static void test_layout_and_metadata(void **state)
{
	fixture *f = *state;
	char *pkg = join(f->dir, "hs.tar"), *raw;
	const char *ids[] = {"H01.2024.01.VP"};
	size_t len;
	lt_error err = LT_ERROR_INIT;

	assert_int_equal(lt_package_export(NULL, f->a, ids, 1, pkg, NULL, &err), 0);
	raw = lt_test_read_file(pkg, &len);
	/* BagIt tag files */
	assert_non_null(memmem(raw, len, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8",
	                       strlen("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8")));
	assert_non_null(memmem(raw, len, "Payload-Oxum: ", strlen("Payload-Oxum: ")));
	assert_non_null(
	    memmem(raw, len, "hs/tagmanifest-sha256.txt", strlen("hs/tagmanifest-sha256.txt")));
	/* rule 36 names, by ordinal */
	assert_non_null(memmem(raw, len, "hs/data/H01.2024.01.VP/files/H01.2024.01.VP.3.txt",
	                       strlen("hs/data/H01.2024.01.VP/files/H01.2024.01.VP.3.txt")));
	/* METS: docCode = fileCode + 7 digits, DD/MM/YYYY, escaping, checksums;
	 * the TT 05/2025 fields in their own namespace (issue 18.9) */
	assert_non_null(memmem(raw, len, "<lt:docCode>H01.2024.01.VP.0000002</lt:docCode>",
	                       strlen("<lt:docCode>H01.2024.01.VP.0000002</lt:docCode>")));
	assert_non_null(memmem(raw, len, "<lt:issuedDate>05/03/2024</lt:issuedDate>",
	                       strlen("<lt:issuedDate>05/03/2024</lt:issuedDate>")));
	assert_null(memmem(raw, len, "<docCode>", strlen("<docCode>")));
	assert_non_null(memmem(raw, len, "Văn phòng &lt;UBND&gt; &amp; &quot;Sở&quot;",
	                       strlen("Văn phòng &lt;UBND&gt; &amp; &quot;Sở&quot;")));
	assert_non_null(
	    memmem(raw, len, "CHECKSUMTYPE=\"SHA-256\"", strlen("CHECKSUMTYPE=\"SHA-256\"")));
	assert_non_null(memmem(raw, len, "<lt:totalDoc>3</lt:totalDoc>",
	                       strlen("<lt:totalDoc>3</lt:totalDoc>")));
	/* table of contents in date order: P2 (10/01) before P1 (05/03) */
	{
		char *toc = memmem(raw, len, "\"STT\"", strlen("\"STT\""));
		char *q1, *q2;
		assert_non_null(toc);
		q2 = memmem(toc, len - (size_t)(toc - raw), "Báo cáo quý I",
		            strlen("Báo cáo quý I"));
		q1 = memmem(toc, len - (size_t)(toc - raw), "họp giao ban", strlen("họp giao ban"));
		assert_non_null(q1);
		assert_non_null(q2);
		assert_true(q2 < q1);
	}
	free(raw);
	free(pkg);
}

/* Rule 43: a package holding a classified record (secrecy >= 1, or mode
 * 03) is refused by a deployment not declared isolated before anything is
 * stored: no blob file, no row of any kind. An isolated one takes it. */
static void test_secret_package_refused(void **state)
{
	fixture *f = *state;
	char *pkg = join(f->dir, "mat.zip"), *blobs = join(f->dir, "b/blobs");
	char *dc = join(f->dir, "c"), *conf;
	const char *ids[] = {"H01.2024.01.VP"};
	lt_error err = LT_ERROR_INIT;
	lt_package_summary sum;
	lt_archive *c = NULL;
	FILE *fp;

	/* P3 has a file blob, so a store-then-check order would leave it.
	 * The source deployment is isolated (rule 43); the target is not. */
	lt_catalog_set_isolated(lt_archive_catalog(f->a), 1);
	exec(f->a, "UPDATE main.records SET secrecy = 2 WHERE doc_id = 'P2'");
	assert_int_equal(lt_package_export(NULL, f->a, ids, 1, pkg, NULL, &err), 0);
	assert_int_equal(lt_package_validate(NULL, pkg, &err), 0);
	assert_int_equal(lt_package_import(&sum, f->b, pkg, NULL, &err), LT_EDENIED);
	assert_non_null(strstr(err.message, "43"));
	assert_int_equal(scalar(f->b, "SELECT count(*) FROM records"), 0);
	assert_int_equal(scalar(f->b, "SELECT count(*) FROM dossiers"), 0);
	assert_int_equal(scalar(f->b, "SELECT count(*) FROM blobs"), 0);
	assert_int_equal(scalar(f->b, "SELECT count(*) FROM record_files"), 0);
	assert_int_equal(scalar(f->b, "SELECT count(*) FROM record_links"), 0);
	assert_int_equal(scalar(f->b, "SELECT count(*) FROM index_outbox"), 0);
	assert_int_equal(scalar(f->b, "SELECT count(*) FROM audit_log"), 0);
	assert_int_equal(lt_test_count_files(blobs, "tmp"), 0);

	/* mode 03 (Mật) alone is enough. */
	exec(f->a, "UPDATE main.records SET secrecy = 0, mode = '03' WHERE doc_id = 'P2'");
	assert_int_equal(lt_package_export(NULL, f->a, ids, 1, pkg, NULL, &err), 0);
	assert_int_equal(lt_package_import(NULL, f->b, pkg, NULL, &err), LT_EDENIED);
	assert_int_equal(scalar(f->b, "SELECT count(*) FROM records"), 0);
	assert_int_equal(lt_test_count_files(blobs, "tmp"), 0);

	/* The same package into an isolated deployment: imported whole. */
	assert_int_equal(lt_archive_open(&c, dc, LT_ARCHIVE_CREATE, NULL), 0);
	lt_archive_free(c);
	conf = join(dc, "luutru.conf");
	fp = fopen(conf, "a");
	assert_non_null(fp);
	fputs("isolated = true\n", fp);
	fclose(fp);
	assert_int_equal(lt_archive_open(&c, dc, 0, &err), 0);
	assert_int_equal(lt_package_import(&sum, c, pkg, NULL, &err), 0);
	assert_int_equal(sum.records, 3);
	assert_int_equal(
	    lt_test_scalar(lt_archive_catalog(c), "SELECT count(*) FROM records WHERE mode = '03'"),
	    1);
	lt_archive_free(c);
	free(conf);
	free(dc);
	free(blobs);
	free(pkg);
}

/* One record filed in two dossiers of one package stays one record in
 * two dossiers after the import (no copy, no refusal). */
static void test_shared_record_two_dossiers(void **state)
{
	fixture *f = *state;
	char *pkg = join(f->dir, "hai.zip");
	const char *ids[] = {"H01.2024.01.VP", "H01.2024.02.VP"};
	lt_error err = LT_ERROR_INIT;
	lt_package_summary sum;

	exec(f->a, "INSERT INTO main.dossiers(uid, organ_id, year, notation, file_code, title)"
	           " VALUES ('d0000000-0000-4000-8000-000000000002', 'H01', 2024, '02.VP',"
	           " 'H01.2024.02.VP', 'Hồ sơ thứ hai')");
	exec(f->a, "INSERT INTO main.dossier_records(dossier_id, record_id, ordinal)"
	           " SELECT 2, id, 1 FROM records WHERE doc_id = 'P3'");
	assert_int_equal(lt_package_export(NULL, f->a, ids, 2, pkg, NULL, &err), 0);
	assert_int_equal(lt_package_import(&sum, f->b, pkg, NULL, &err), 0);
	assert_int_equal(sum.dossiers, 2);
	assert_int_equal(scalar(f->b, "SELECT count(*) FROM records"), 3);
	assert_int_equal(scalar(f->b, "SELECT count(*) FROM dossier_records"), 4);
	assert_int_equal(scalar(f->b, "SELECT count(*) FROM record_files"),
	                 scalar(f->a, "SELECT count(*) FROM record_files"));
	assert_int_equal(scalar(f->b, "SELECT count(*) FROM dossier_records dr JOIN records r"
	                              " ON r.id = dr.record_id WHERE r.doc_id = 'P3'"),
	                 2);
	assert_int_equal(scalar(f->b, "SELECT count(*) FROM record_links"), 1);
	/* A second import of the same package is still refused whole. */
	assert_int_equal(lt_package_import(NULL, f->b, pkg, NULL, &err), LT_EEXISTS);
	assert_int_equal(scalar(f->b, "SELECT count(*) FROM records"), 3);
	free(pkg);
}

/* A fileCode with characters BagIt manifests would have to percent-encode
 * (%, CR, LF; possible in a dossier imported from elsewhere) becomes '_' in
 * payload names, so every manifest line stays one plain path. */
static void test_odd_file_code(void **state)
{
	fixture *f = *state;
	char *pkg = join(f->dir, "odd.tar");
	const char *ids[] = {"3"};
	lt_error err = LT_ERROR_INIT;
	lt_package_summary sum;
	char *bytes;
	size_t len;

	exec(f->a, "INSERT INTO main.dossiers(id, uid, organ_id, year, notation, file_code, title)"
	           " VALUES (3, 'd0000000-0000-4000-8000-000000000003', 'H01', 2024, '03.VP',"
	           " 'H01.2024.03%VP' || char(10) || 'x', 'Hồ sơ lạ')");
	exec(f->a, "INSERT INTO main.dossier_records(dossier_id, record_id, ordinal)"
	           " SELECT 3, id, 1 FROM records WHERE doc_id = 'P3'");
	assert_int_equal(lt_package_export(NULL, f->a, ids, 1, pkg, NULL, &err), 0);
	bytes = lt_test_read_file(pkg, &len);
	assert_non_null(memmem(bytes, len, "data/H01.2024.03_VP_x/files/H01.2024.03_VP_x.1.txt",
	                       strlen("data/H01.2024.03_VP_x/files/H01.2024.03_VP_x.1.txt")));
	assert_null(memmem(bytes, len, "data/H01.2024.03%", strlen("data/H01.2024.03%")));
	free(bytes);
	assert_int_equal(lt_package_validate(NULL, pkg, &err), 0);
	assert_int_equal(lt_package_import(&sum, f->b, pkg, NULL, &err), 0);
	assert_int_equal(scalar(f->b, "SELECT count(*) FROM dossiers"
	                              " WHERE file_code = 'H01.2024.03%VP' || char(10) || 'x'"),
	                 1);
	free(pkg);
}

static int has(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

/* Issue 18.9: the package's METS carries PREMIS events — ingestion, the
 * digest taken at storage, fixity checks (a failed one too), OCR, the
 * migration to a searchable PDF, the deposit and the disposition the
 * package is made for — each with its agent and outcome; the METS stays
 * well-formed and valid against its own schema. */
static void test_premis_events(void **state)
{
	fixture *f = *state;
	char *pkg = join(f->dir, "premis.tar"), *out = join(f->dir, "mets.xml");
	const char *ids[] = {"H01.2024.01.VP"};
	lt_package_options o = LT_PACKAGE_OPTIONS_INIT;
	lt_buf cmd = LT_BUF_INIT;
	char *mets, sha[65];
	const char *fixtures = lt_test_shared_fixtures();
	int64_t p3 = scalar(f->a, "SELECT id FROM records WHERE doc_id = 'P3'");

	{
		sqlite3_stmt *st = NULL;
		assert_int_equal(
		    sqlite3_prepare_v2(db(f->a), "SELECT sha256 FROM record_files", -1, &st, NULL),
		    SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		snprintf(sha, sizeof(sha), "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	/* P3's searchable PDF (a migration), its OCR job, two fixity runs (the
	 * second found the blob damaged), the deposit */
	exec(f->a, "INSERT INTO main.record_files (record_id, sha256, role, media_type, size)"
	           " SELECT record_id, sha256, 'searchable_pdf', 'application/pdf', size"
	           " FROM record_files");
	exec(f->a, "INSERT INTO main.jobs (kind, record_id, state) SELECT 'ocr', id, 'done'"
	           " FROM records WHERE doc_id = 'P3'");
	exec(f->a, "INSERT INTO main.pages (record_id, page_no, text, confidence) SELECT id, 1,"
	           " 'Công văn trả lời', 91.5 FROM records WHERE doc_id = 'P3'");
	assert_int_equal(lt_audit_append(lt_archive_catalog(f->a), "cli:lan", "verify.fixity",
	                                 "data", "issues=0", NULL, NULL),
	                 0);
	{
		lt_buf d = LT_BUF_INIT;
		lt_buf_printf(&d, "issues=1 mismatch=1 fixity_mismatch:%s", sha);
		assert_int_equal(lt_audit_append(lt_archive_catalog(f->a), "cli:lan",
		                                 "verify.fixity", "data", d.data, NULL, NULL),
		                 0);
		lt_buf_free(&d);
	}
	exec(f->a, "INSERT INTO main.dossier_events (dossier_id, from_status, to_status, who,"
	           " reason) VALUES (1, 'closed', 'archived', 'lan', 'deposit:1')");
	o.user = "hoa";
	o.disposition_type = "transfer";
	o.disposition_detail = "nộp lưu vào lưu trữ lịch sử: Trung tâm Lưu trữ lịch sử";
	assert_int_equal(lt_package_export(NULL, f->a, ids, 1, pkg, &o, NULL), 0);
	lt_buf_printf(&cmd, "tar -xOf '%s' --wildcards '*/mets.xml' > '%s'", pkg, out);
	assert_int_equal(system(cmd.data), 0);
	mets = lt_test_read_file(out, NULL);
	assert_true(has(mets, "xmlns:premis=\"http://www.loc.gov/premis/v3\""));
	assert_true(has(mets, "<premis:eventType>ingestion</premis:eventType>"));
	assert_true(has(mets, "<premis:eventType>message digest calculation</premis:eventType>"));
	assert_true(has(mets, "<premis:eventType>fixity check</premis:eventType>"));
	assert_true(has(mets, "<premis:eventOutcome>failure</premis:eventOutcome>"));
	assert_true(has(mets, "<premis:eventOutcome>success</premis:eventOutcome>"));
	assert_true(has(mets, "<premis:eventType>extraction</premis:eventType>"));
	assert_true(has(mets, "OCR (Tesseract, vie+eng): 1 trang, độ tin cậy trung bình 91.5"));
	assert_true(has(mets, "<premis:eventType>migration</premis:eventType>"));
	assert_true(has(mets, "<premis:linkingObjectRole>source</premis:linkingObjectRole>"));
	assert_true(has(mets, "<premis:linkingObjectRole>outcome</premis:linkingObjectRole>"));
	assert_true(has(mets, "<premis:eventType>accession</premis:eventType>"));
	assert_true(has(mets, "<premis:eventType>transfer</premis:eventType>"));
	assert_true(has(mets, "<premis:agentName>lan</premis:agentName>"));
	assert_true(has(mets, "<premis:agentName>hoa</premis:agentName>"));
	assert_true(has(mets, "<premis:agentName>Tesseract OCR</premis:agentName>"));
	assert_true(has(mets, "<premis:agentType>person</premis:agentType>"));
	assert_true(has(mets, "<premis:agentType>software</premis:agentType>"));
	assert_true(has(mets, "<premis:linkingAgentIdentifierValue>"));
	(void)p3;
	free(mets);
	/* well-formed; valid METS when the shared schema is there */
	lt_buf_reset(&cmd);
	lt_buf_printf(&cmd, "xmllint --noout '%s' 2>/dev/null", out);
	assert_int_equal(system(cmd.data), 0);
	if (fixtures) {
		lt_buf_reset(&cmd);
		lt_buf_printf(&cmd,
		              "xmllint --noout --schema '%s/schemas/mets.xsd' '%s' 2>/dev/null",
		              fixtures, out);
		assert_int_equal(system(cmd.data), 0);
	}
	lt_buf_free(&cmd);
	free(pkg);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_damaged_package_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_layout_and_metadata, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_secret_package_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_shared_record_two_dossiers, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_odd_file_code, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_premis_events, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
