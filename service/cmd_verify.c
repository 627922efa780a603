/*
 * service/cmd_verify.c — `luutru verify [--repair] [--fixity] [--audit]
 * [--anchor] [--json]`.
 *
 * The archive checks live in archive/verify.c and archive/audit.c; the
 * index check is here because archive/ may not include indexer/.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <jansson.h>

#include "archive/audit.h"
#include "archive/jobs.h"
#include "archive/verify.h"
#include "core/fs.h"
#include "indexer/index.h"
#include "service/cli.h"
#include "service/pipeline.h"

/* Below this much free space a file system counts as full: SQLite, the
 * blob store and Xapian cannot be relied on to finish a write. */
#define FULL_BELOW_BYTES (1024 * 1024)

static void help(void)
{
	printf(
	    "%s",
	    LT_TR(
	        "Cách dùng: luutru verify [--repair] [--fixity] [--audit [--anchor]] [--json]\n\n"
	        "Kiểm tra tính toàn vẹn của thư mục dữ liệu (quy tắc 38):\n"
	        "  (mặc định)  danh mục SQLite (integrity_check, foreign_key_check), mỗi blob có\n"
	        "              tệp, mỗi tệp văn bản có blob, tệp mồ côi, tệp tạm còn sót trong\n"
	        "              blobs/tmp, chỉ mục tìm kiếm khớp danh mục, chuỗi băm nhật ký\n"
	        "  --repair    xóa tệp mồ côi và tệp tạm cũ (không bao giờ xóa blob được dùng),\n"
	        "              đồng bộ lại chỉ mục\n"
	        "  --fixity    băm lại mọi blob: báo tệp bị mất, đổi dung lượng hay đổi nội\n"
	        "              dung, kèm văn bản chứa tệp (docId, uid)\n"
	        "  --audit     chỉ kiểm tra nhật ký kiểm toán: chuỗi băm và chữ ký các mốc\n"
	        "  --anchor    (với --audit) ký mốc đầu chuỗi hiện tại ngay bây giờ\n"
	        "  --json      in kết quả dạng JSON\n\n"
	        "Kết quả được ghi vào nhật ký kiểm toán. Mã thoát 0 khi không có vấn đề,\n"
	        "4 khi có dữ liệu hỏng hoặc thiếu.\n",
	        "Usage: luutru verify [--repair] [--fixity] [--audit [--anchor]] [--json]\n\n"
	        "Check the integrity of the data directory (rule 38):\n"
	        "  (default)   the SQLite catalog (integrity_check, foreign_key_check), every "
	        "blob\n"
	        "              has its file, every record file its blob, orphan files, leftovers\n"
	        "              in blobs/tmp, the search index matches the catalog, the audit\n"
	        "              log's hash chain\n"
	        "  --repair    remove orphans and old temp files (never a referenced blob),\n"
	        "              re-sync the index\n"
	        "  --fixity    re-hash every blob: report missing files, changed sizes and\n"
	        "              changed contents, with the record holding each (docId, uid)\n"
	        "  --audit     check only the audit log: hash chain and anchor signatures\n"
	        "  --anchor    (with --audit) sign the current head now\n"
	        "  --json      print the result as JSON\n\n"
	        "The result is recorded in the audit log. Exit code 0 when nothing is wrong,\n"
	        "4 when data is damaged or missing.\n"));
}

static int sql_i64(lt_catalog *cat, const char *sql, int64_t *out)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	*out = 0;
	if (sqlite3_prepare_v2(lt_catalog_db(cat), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Index doc count and last_seq against the catalog; --repair syncs. */
static int check_index(lt_archive *ar, int repair, lt_verify_report *r, json_t *info, lt_error *err)
{
	lt_catalog *cat = lt_archive_catalog(ar);
	lt_index *ix = NULL;
	lt_error e = LT_ERROR_INIT;
	int64_t records = 0, max_seq = 0, last = 0;
	uint64_t docs = 0;
	int rc;

	sql_i64(cat, "SELECT count(*) FROM records", &records);
	sql_i64(cat, "SELECT coalesce(max(seq), 0) FROM index_outbox", &max_seq);
	rc = lt_index_open(&ix, lt_archive_index_path(ar), repair ? LT_INDEX_WRITE : 0, &e);
	if (rc == 0 && repair) {
		lt_index_sync_stats st;
		int64_t before = lt_index_last_seq(ix);
		rc = lt_index_sync(ix, cat, &st, &e);
		/* Say what the repair did: the index was behind. */
		if (rc == 0 && st.applied > 0 &&
		    lt_verify_report_add(r, "index_behind", "index", 1,
		                         LT_TR("chỉ mục tìm kiếm chậm hơn danh mục (đã áp dụng đến "
		                               "%lld, danh mục có đến %lld) — đã đồng bộ: %zu văn "
		                               "bản cập nhật, %zu xóa",
		                               "the search index lagged the catalog (applied up to "
		                               "%lld, the catalog had %lld) — synced: %zu records "
		                               "updated, %zu removed"),
		                         (long long)before, (long long)st.last_seq, st.documents,
		                         st.deleted)) {
			lt_index_free(ix);
			return LT_ENOMEM;
		}
	}
	if (rc == 0)
		rc = lt_index_doc_count(ix, &docs, &e);
	if (rc) {
		lt_index_free(ix);
		if (rc == LT_EBUSY)
			return lt_error_set(err, rc, "%s", e.message);
		return lt_verify_report_add(r, "index_unreadable", lt_archive_index_path(ar), 0,
		                            LT_TR("chỉ mục tìm kiếm không đọc được: %s",
		                                  "the search index cannot be read: %s"),
		                            e.message)
		           ? LT_ENOMEM
		           : 0;
	}
	last = lt_index_last_seq(ix);
	lt_index_free(ix);
	json_object_set_new(info, "index_documents", json_integer((json_int_t)docs));
	json_object_set_new(info, "index_last_seq", json_integer(last));
	json_object_set_new(info, "catalog_records", json_integer(records));
	json_object_set_new(info, "outbox_max_seq", json_integer(max_seq));
	if (last < max_seq &&
	    lt_verify_report_add(r, "index_behind", "index", 0,
	                         LT_TR("chỉ mục tìm kiếm chậm hơn danh mục: đã áp dụng đến %lld, "
	                               "danh mục có đến %lld (chạy `luutru verify --repair`)",
	                               "the search index lags the catalog: applied up to %lld, the "
	                               "catalog has %lld (run `luutru verify --repair`)"),
	                         (long long)last, (long long)max_seq))
		return LT_ENOMEM;
	if (last > max_seq &&
	    lt_verify_report_add(r, "index_ahead", "index", 0,
	                         LT_TR("chỉ mục tìm kiếm đi trước danh mục (%lld > %lld): chỉ mục "
	                               "không thuộc danh mục này; chạy `luutru reindex`",
	                               "the search index is ahead of the catalog (%lld > %lld): it "
	                               "belongs to another catalog; run `luutru reindex`"),
	                         (long long)last, (long long)max_seq))
		return LT_ENOMEM;
	if (last == max_seq && (int64_t)docs != records &&
	    lt_verify_report_add(
	        r, "index_count", "index", 0,
	        LT_TR("chỉ mục có %llu văn bản, danh mục có %lld (chạy `luutru "
	              "reindex`)",
	              "the index holds %llu records, the catalog %lld (run `luutru "
	              "reindex`)"),
	        (unsigned long long)docs, (long long)records))
		return LT_ENOMEM;
	return 0;
}

/* Mark issue i repaired, saying how after its message. */
static void mark_repaired(lt_verify_report *r, size_t i, const char *how)
{
	lt_verify_issue *is = &r->issues[i];
	lt_buf m = LT_BUF_INIT;

	if (is->repaired)
		return;
	if (lt_buf_printf(&m, "%s — %s", is->message, how) == 0) {
		free(is->message);
		is->message = lt_buf_detach(&m);
	}
	lt_buf_free(&m);
	is->repaired = 1;
	r->repaired++;
}

static int is_work_issue(const char *kind)
{
	return !strcmp(kind, "job_interrupted") || !strcmp(kind, "job_waiting") ||
	       !strcmp(kind, "job_failed") || !strcmp(kind, "searchable_pdf_missing");
}

/* Work left undone (archive/verify.h, lt_verify_work); --repair runs it:
 * the jobs of stopped processes back in the queue, failed jobs and scans
 * without their searchable PDF queued again, then the pipeline (OCR and
 * the index), then a second look says which issues are gone. */
static int work_issues(lt_archive *ar, int repair, lt_verify_report *r, lt_error *err)
{
	lt_verify_report after = LT_VERIFY_REPORT_INIT;
	lt_pipeline_options popts = LT_PIPELINE_OPTIONS_INIT;
	lt_pipeline_stats st;
	size_t first = r->nissues, n;
	int rc = lt_verify_work(ar, r, err);

	if (rc || !repair || r->nissues == first)
		return rc;
	n = r->nissues;
	rc = lt_jobs_reclaim(ar, NULL, err);
	for (size_t i = first; rc == 0 && i < n; i++) {
		int64_t id = 0;
		if (!strcmp(r->issues[i].kind, "job_failed") ||
		    !strcmp(r->issues[i].kind, "searchable_pdf_missing")) {
			if ((rc = lt_cli_record_id(lt_archive_catalog(ar), r->issues[i].object, &id,
			                           err)) == 0)
				rc = lt_jobs_requeue(ar, id, 1, NULL, err) < 0 ? err->code : 0;
		}
	}
	popts.index_busy_ok = 1;
	if (rc == 0)
		rc = lt_pipeline_drain_opts(ar, &popts, &st, err);
	if (rc == 0)
		rc = lt_verify_work(ar, &after, err);
	for (size_t i = first; rc == 0 && i < n; i++) {
		int still = 0;
		for (size_t k = 0; k < after.nissues && !still; k++)
			still = is_work_issue(after.issues[k].kind) &&
			        !strcmp(after.issues[k].object, r->issues[i].object);
		if (!still)
			mark_repaired(r, i,
			              !strcmp(r->issues[i].kind, "searchable_pdf_missing")
			                  ? LT_TR("đã nhận dạng lại, bản PDF tìm kiếm được đã lưu",
			                          "recognised again, its searchable PDF stored")
			                  : LT_TR("đã chạy lại xong", "run again to the end"));
	}
	lt_verify_report_clear(&after);
	return rc;
}

/* Generations a reindex that stopped midway left (indexer/index.h);
 * --repair removes them. */
static int generation_issues(lt_archive *ar, int repair, lt_verify_report *r, lt_error *err)
{
	lt_buf list = LT_BUF_INIT;
	int rc = lt_index_partial_generations(lt_archive_index_path(ar), &list, err);

	for (char *line = list.data, *nl; rc == 0 && line && (nl = strchr(line, '\n'));
	     line = nl + 1) {
		int fixed;
		*nl = '\0';
		fixed = repair && lt_fs_remove_tree(line, NULL) == 0;
		if (lt_verify_report_add(
		        r, "index_partial_generation", line, fixed,
		        LT_TR("chỉ mục dựng dở (một lần reindex đã dừng giữa chừng): %s%s",
		              "a partly built index (a reindex that stopped midway): %s%s"),
		        line,
		        fixed ? LT_TR(" — đã xóa", " — removed")
		              : LT_TR(" (chạy `luutru verify --repair` để xóa)",
		                      " (run `luutru verify --repair` to remove it)")))
			rc = lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	lt_buf_free(&list);
	return rc;
}

/* The file systems the data directory writes to (the catalog's, the
 * blobs', the index's, the keys'), each once: full or read-only ones are
 * issues, found without writing anything, so verify reports them even
 * when it cannot record its own run. */
static int storage_issues(lt_archive *ar, lt_verify_report *r, json_t *info)
{
	const char *dir = lt_archive_dir(ar);
	const char *subs[] = {"catalog.db", "blobs", "index", "keys"};
	dev_t seen[4];
	size_t nseen = 0;
	json_t *arr = json_array();

	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		lt_buf p = LT_BUF_INIT, fs = LT_BUF_INIT;
		struct statvfs vfs;
		struct stat st;
		int dup = 0, ro, full;
		unsigned long long avail;

		if (lt_fs_join(&p, dir, subs[i]) || stat(p.data, &st) != 0 ||
		    statvfs(p.data, &vfs) != 0) {
			lt_buf_free(&p);
			continue;
		}
		for (size_t k = 0; k < nseen; k++)
			dup |= seen[k] == st.st_dev;
		if (dup) {
			lt_buf_free(&p);
			continue;
		}
		seen[nseen++] = st.st_dev;
		avail = (unsigned long long)vfs.f_bavail * vfs.f_frsize;
		ro = (vfs.f_flag & ST_RDONLY) != 0;
		full = !ro && avail < FULL_BELOW_BYTES;
		lt_fs_describe(&fs, p.data);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:b}", "path", p.data,
		                                     "fileSystem", lt_buf_cstr(&fs), "free",
		                                     (json_int_t)avail, "readOnly", ro));
		if ((ro || full) &&
		    lt_verify_report_add(
		        r, ro ? "read_only" : "disk_full", p.data, 0,
		        ro ? LT_TR("hệ thống tệp chứa %s chỉ cho đọc: %s; không ghi được văn bản, "
		                   "chỉ mục hay nhật ký",
		                   "the file system holding %s is read-only: %s; no record, index "
		                   "or log entry can be written")
		           : LT_TR(
		                 "hệ thống tệp chứa %s đã đầy: %s; không ghi được văn bản, chỉ mục "
		                 "hay nhật ký cho tới khi giải phóng chỗ trống",
		                 "the file system holding %s is full: %s; no record, index or "
		                 "log entry can be written until space is freed"),
		        p.data, lt_buf_cstr(&fs))) {
			lt_buf_free(&p);
			lt_buf_free(&fs);
			json_decref(arr);
			return LT_ENOMEM;
		}
		lt_buf_free(&p);
		lt_buf_free(&fs);
	}
	json_object_set_new(info, "storage", arr);
	return 0;
}

static int audit_issues(lt_archive *ar, lt_verify_report *r, json_t *info, lt_error *err)
{
	lt_audit_report ar_rep = LT_AUDIT_REPORT_INIT;
	lt_error e = LT_ERROR_INIT;
	int rc = lt_audit_verify(lt_archive_catalog(ar), &ar_rep, &e);

	if (rc && rc != LT_ECORRUPT) {
		lt_audit_report_clear(&ar_rep);
		*err = e;
		return rc;
	}
	rc = 0;
	for (size_t i = 0; i < ar_rep.nproblems && rc == 0; i++) {
		char obj[40];
		char kind[48];
		snprintf(obj, sizeof(obj), "audit_log:%lld", (long long)ar_rep.problems[i].id);
		snprintf(kind, sizeof(kind), "audit_%s", ar_rep.problems[i].kind);
		rc = lt_verify_report_add(r, kind, obj, 0, "%s", ar_rep.problems[i].message)
		         ? LT_ENOMEM
		         : 0;
	}
	json_object_set_new(info, "audit_entries", json_integer((json_int_t)ar_rep.entries));
	json_object_set_new(info, "audit_anchors", json_integer((json_int_t)ar_rep.anchors));
	json_object_set_new(info, "audit_head", json_string(ar_rep.head));
	json_object_set_new(info, "audit_head_id", json_integer(ar_rep.head_id));
	json_object_set_new(info, "audit_sealed_to", json_integer(ar_rep.sealed_to));
	json_object_set_new(info, "audit_seals", json_integer((json_int_t)ar_rep.seals));
	json_object_set_new(info, "audit_head_file", json_integer(ar_rep.head_file));
	lt_audit_report_clear(&ar_rep);
	return rc;
}

int lt_cmd_verify(lt_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"repair", no_argument, NULL, 'r'},
	    {"fixity", no_argument, NULL, 'f'},
	    {"audit", no_argument, NULL, 'a'},
	    {"anchor", no_argument, NULL, 'A'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int repair = 0, fixity = 0, audit = 0, anchor = 0, json = 0, opt, rc = 0;
	lt_verify_report rep = LT_VERIFY_REPORT_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	json_t *info = json_object();
	const char *mode;

	if (lt_cli_wants_help(argc, argv)) {
		help();
		json_decref(info);
		return 0;
	}
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (opt) {
		case 'r': repair = 1; break;
		case 'f': fixity = 1; break;
		case 'a': audit = 1; break;
		case 'A': anchor = 1; break;
		case 'j': json = 1; break;
		default:
			json_decref(info);
			return lt_cli_usage_error(
			    "verify", LT_TR("tùy chọn không hợp lệ: %s", "invalid option: %s"),
			    argv[optind - 1]);
		}
	}
	if (optind < argc || (anchor && !audit) || (fixity && (audit || repair))) {
		json_decref(info);
		return lt_cli_usage_error(
		    "verify", "%s",
		    LT_TR("kết hợp tùy chọn không hợp lệ (--anchor cần --audit; --fixity không đi "
		          "cùng --audit hay --repair)",
		          "invalid combination (--anchor needs --audit; --fixity goes without "
		          "--audit and --repair)"));
	}
	if (lt_cli_open_archive(cli, &ar, 0, &err) == LT_ENOSPC) {
		/* A read-only disk: still check, reading only, and say that
		 * nothing could be repaired or recorded. */
		lt_error_clear(&err);
		repair = anchor = 0;
		lt_cli_open_archive(cli, &ar, LT_ARCHIVE_READONLY, &err);
	}
	if (!ar) {
		json_decref(info);
		return lt_cli_fail(&err);
	}
	rc = storage_issues(ar, &rep, info);
	if (rc == 0 && audit) {
		mode = "audit";
		if (anchor)
			rc = lt_audit_anchor(lt_archive_catalog(ar), "cli", &err);
		if (rc == 0)
			rc = audit_issues(ar, &rep, info, &err);
		if (rc == 0) {
			char detail[64];
			snprintf(detail, sizeof(detail), "issues=%zu", rep.nissues);
			rc = lt_verify_record(ar, "cli", "verify.audit", "audit_log", detail, &rep,
			                      &err);
		}
	} else if (rc == 0 && fixity) {
		mode = "fixity";
		rc = lt_verify_fixity(ar, "cli", &rep, &err);
		json_object_set_new(info, "blobs_checked",
		                    json_integer((json_int_t)rep.blobs_checked));
		json_object_set_new(info, "bytes_checked",
		                    json_integer((json_int_t)rep.bytes_checked));
	} else {
		mode = "structure";
		if (rc == 0)
			rc = audit_issues(ar, &rep, info, &err);
		if (rc == 0)
			rc = check_index(ar, repair, &rep, info, &err);
		if (rc == 0)
			rc = generation_issues(ar, repair, &rep, &err);
		/* After the index: a repair runs the jobs, whose results the
		 * pipeline then indexes itself. */
		if (rc == 0)
			rc = work_issues(ar, repair, &rep, &err);
		if (rc == 0)
			rc = lt_verify_structure(ar, repair ? LT_VERIFY_REPAIR : 0, "cli", &rep,
			                         &err);
	}
	if (rc) {
		if (rc == LT_ENOMEM && !err.code)
			lt_error_set(&err, LT_ENOMEM, "out of memory");
		rc = lt_cli_fail(&err);
		goto done;
	}
	if (json) {
		json_t *issues = json_array(), *root;
		for (size_t i = 0; i < rep.nissues; i++) {
			const lt_verify_issue *is = &rep.issues[i];
			json_t *j =
			    json_pack("{s:s, s:s, s:s, s:b}", "kind", is->kind, "object",
			              is->object, "message", is->message, "repaired", is->repaired);
			if (is->uid) /* a damaged stored file: the record holding it */
				json_object_set_new(
				    j, "record",
				    json_pack("{s:s?, s:s}", "docId", is->doc_id, "uid", is->uid));
			json_array_append_new(issues, j);
		}
		root = json_pack("{s:s, s:b, s:O, s:o}", "check", mode, "ok",
		                 lt_verify_report_open_issues(&rep) == 0, "info", info, "issues",
		                 issues);
		lt_cli_print_json(root, JSON_INDENT(2) | JSON_SORT_KEYS);
		json_decref(root);
	} else {
		for (size_t i = 0; i < rep.nissues; i++)
			printf("%s %s: %s\n",
			       rep.issues[i].repaired ? LT_TR("[đã sửa]", "[fixed]")
			                              : LT_TR("[LỖI]", "[FAIL]"),
			       rep.issues[i].kind, rep.issues[i].message);
		if (!strcmp(mode, "fixity"))
			printf(LT_TR("Đã băm lại %llu blob (%llu byte).\n",
			             "Re-hashed %llu blobs (%llu bytes).\n"),
			       (unsigned long long)rep.blobs_checked,
			       (unsigned long long)rep.bytes_checked);
		else if (json_object_get(info, "audit_entries"))
			printf(
			    LT_TR("Nhật ký kiểm toán: %lld mục, %lld mốc ký hợp lệ, niêm phong đến "
			          "mục "
			          "%lld, đầu chuỗi %s\n",
			          "Audit log: %lld entries, %lld valid anchors, sealed up to entry "
			          "%lld, head %s\n"),
			    (long long)json_integer_value(json_object_get(info, "audit_entries")),
			    (long long)json_integer_value(json_object_get(info, "audit_anchors")),
			    (long long)json_integer_value(json_object_get(info, "audit_sealed_to")),
			    json_string_value(json_object_get(info, "audit_head")));
		if (lt_verify_report_open_issues(&rep) == 0 && rep.repaired)
			printf(LT_TR("Đã sửa %zu vấn đề; không còn vấn đề nào.\n",
			             "%zu problems repaired; none is left.\n"),
			       rep.repaired);
		else if (lt_verify_report_open_issues(&rep) == 0)
			printf("%s\n", LT_TR("Không phát hiện vấn đề.", "No problems found."));
		else
			printf(LT_TR("Phát hiện %zu vấn đề.\n", "%zu problems found.\n"),
			       lt_verify_report_open_issues(&rep));
	}
	rc = lt_verify_report_open_issues(&rep) ? lt_status_exit_code(LT_ECORRUPT) : 0;
done:
	json_decref(info);
	lt_verify_report_clear(&rep);
	lt_archive_free(ar);
	return rc;
}
