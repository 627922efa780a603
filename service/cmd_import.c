/* service/cmd_import.c — `luutru import PATH [--json]`: batch import
 * (archive/import.h), then OCR and the index update (service/pipeline.h). */
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "archive/import.h"
#include "indexer/index.h"
#include "service/cli.h"
#include "service/pipeline.h"

static void help(void)
{
	printf(
	    "%s",
	    LT_TR(
	        "Cách dùng: luutru import ĐƯỜNG_DẪN [--text-blobs] [--workers N] [--json]\n\n"
	        "Nhập một lô văn bản: ĐƯỜNG_DẪN là thư mục, tệp .zip hoặc .tar/.tar.gz/.tar.xz\n"
	        "chứa manifest.jsonl hoặc manifest.csv (mỗi dòng một văn bản; cột là tên trường\n"
	        "chuẩn: docId, typeName, codeNumber, codeNotation, issuedDate, organName,\n"
	        "subject, language, fileCode, ...; cột file = tệp trong lô, hoặc cột text =\n"
	        "nội dung văn bản). Sau đó nhận dạng chữ và cập nhật chỉ mục.\n\n"
	        "  --text-blobs  lưu thêm mỗi cột text thành một tệp gốc (chậm hơn: một tệp bền\n"
	        "                vững mỗi dòng); mặc định nội dung chỉ nằm trong CSDL\n"
	        "  --workers N   số luồng nhận dạng (mặc định: ocr_workers trong luutru.conf,\n"
	        "                nếu không thì bằng số lõi CPU)\n"
	        "  --json        in kết quả dạng JSON\n\n"
	        "Chạy lại an toàn: dòng có docId đã có trong kho được bỏ qua. Dòng lỗi (tệp\n"
	        "thiếu, ngày sai, docId lặp, tên tệp ../, liên kết, gói hỏng, bom nén) được báo\n"
	        "theo số dòng hoặc tên mục và không để lại gì; các dòng khác vẫn được nhập.\n"
	        "Mã thoát khác 0 khi có dòng lỗi. Xem docs/import.md.\n",
	        "Usage: luutru import PATH [--text-blobs] [--workers N] [--json]\n\n"
	        "Import a batch of records: PATH is a directory, a .zip or a .tar/.tar.gz/.tar.xz\n"
	        "holding manifest.jsonl or manifest.csv (one record per row; columns are the\n"
	        "standard tags: docId, typeName, codeNumber, codeNotation, issuedDate,\n"
	        "organName, subject, language, fileCode, ...; column file = a file of the\n"
	        "batch, or column text = the record's text). Then OCR and the index update.\n\n"
	        "  --text-blobs  also keep each text column as an original file (slower: one\n"
	        "                durable file per row); by default the text is in the catalog\n"
	        "  --workers N   OCR threads (default: ocr_workers in luutru.conf, else one per\n"
	        "                core)\n"
	        "  --json        print the result as JSON\n\n"
	        "Safe to re-run: rows whose docId is already in the archive are skipped. Bad\n"
	        "rows (missing file, bad date, repeated docId, ../ names, links, a damaged\n"
	        "archive, a zip bomb) are reported by line or entry and leave nothing behind;\n"
	        "the other rows are imported. The exit code is non-zero when a row failed.\n"
	        "See docs/import.md.\n"));
}

typedef struct prog {
	struct timespec start;
	int tty;
	size_t last;
} prog;

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void on_progress(void *ctx, size_t done, size_t total)
{
	prog *p = ctx;
	double s;

	if (!p->tty || (done != total && done - p->last < 50))
		return;
	p->last = done;
	s = since(&p->start);
	fprintf(stderr, LT_TR("\r%zu/%zu dòng, %.0f dòng/giây ", "\r%zu/%zu rows, %.0f rows/s "),
	        done, total, s > 0 ? (double)done / s : 0.0);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

/*
 * The index update runs beside the catalog import: a thread with its own
 * catalog connection (read-only) follows the outbox and indexes each
 * committed batch while the import writes the next rows, so the catalog
 * work and the index work overlap (and lt_index_sync_follow itself splits
 * document building and Xapian writing over two threads). What it has not
 * applied when the import ends, the drain after it applies.
 */
typedef struct follower {
	lt_archive *ar;
	atomic_int done; /* the import has committed its last row */
	int lang;
	int rc;
	lt_error err;
	lt_index_sync_stats st;
} follower;

static void *follow_main(void *arg)
{
	follower *fo = arg;
	lt_catalog *cat = NULL;
	lt_index *ix = NULL;

	lt_lang_set_thread(fo->lang);
	fo->rc = lt_catalog_open(&cat, lt_catalog_path(lt_archive_catalog(fo->ar)),
	                         LT_CATALOG_READONLY, &fo->err);
	if (fo->rc == LT_OK)
		fo->rc =
		    lt_index_open(&ix, lt_archive_index_path(fo->ar), LT_INDEX_WRITE, &fo->err);
	if (fo->rc == LT_OK)
		fo->rc = lt_index_sync_follow(ix, cat, &fo->done, &fo->st, &fo->err);
	lt_index_free(ix);
	lt_catalog_free(cat);
	return NULL;
}

int lt_cmd_import(lt_cli *cli, int argc, char **argv)
{
	follower fo;
	pthread_t follow_th;
	int following = 0;
	static const struct option longopts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"text-blobs", no_argument, NULL, 't'},
	    {"workers", required_argument, NULL, 'w'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	lt_import_options opts = LT_IMPORT_OPTIONS_INIT;
	lt_import_report *rep = NULL;
	lt_archive *ar = NULL;
	lt_error err = LT_ERROR_INIT;
	lt_pipeline_stats st;
	lt_pipeline_options popts = LT_PIPELINE_OPTIONS_INIT;
	int json = 0, opt, exit_code = 0, drained = 0, index_busy = 0, rc;
	double import_s = 0;
	const char *path;
	prog p;

	if (lt_cli_wants_help(argc, argv)) {
		help();
		return 0;
	}
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (opt == 'j')
			json = 1;
		else if (opt == 't')
			opts.text_blobs = 1;
		else if (opt == 'w' && lt_pipeline_parse_workers(optarg, &popts.workers) == 0)
			continue;
		else if (opt == 'w')
			return lt_cli_usage_error(
			    "import",
			    LT_TR("--workers cần số từ 1 đến 64, không phải '%s'",
			          "--workers needs a number from 1 to 64, not '%s'"),
			    optarg);
		else
			return lt_cli_usage_error(
			    "import", LT_TR("tùy chọn không hợp lệ: %s", "invalid option: %s"),
			    argv[optind - 1]);
	}
	if (argc - optind != 1)
		return lt_cli_usage_error(
		    "import", "%s",
		    LT_TR("cần đúng một ĐƯỜNG_DẪN (thư mục, .zip hoặc .tar)",
		          "exactly one PATH is needed (a directory, .zip or .tar)"));
	path = argv[optind];
	if (lt_cli_open_archive(cli, &ar, 0, &err) != LT_OK)
		return lt_cli_fail(&err);

	memset(&p, 0, sizeof(p));
	clock_gettime(CLOCK_MONOTONIC, &p.start);
	p.tty = isatty(STDERR_FILENO);
	opts.progress = on_progress;
	opts.progress_ctx = &p;
	lt_index_tune_bulk(); /* before the follower thread starts */
	memset(&fo, 0, sizeof(fo));
	fo.ar = ar;
	fo.lang = (int)lt_lang_get();
	atomic_init(&fo.done, 0);
	following = pthread_create(&follow_th, NULL, follow_main, &fo) == 0;
	rc = lt_import_run(&rep, ar, path, &opts, &err);
	if (following) {
		atomic_store(&fo.done, 1);
		pthread_join(follow_th, NULL);
		if (fo.rc == LT_EBUSY)
			index_busy = 1;
	}
	if (rc != LT_OK) {
		exit_code = lt_cli_fail(&err);
		goto done;
	}
	for (size_t i = 0; i < rep->nfailures; i++) {
		const lt_import_failure *f = &rep->failures[i];
		if (!exit_code && f->row)
			exit_code = lt_status_exit_code(f->code);
		if (json)
			continue;
		if (f->row)
			fprintf(stderr,
			        LT_TR("luutru: dòng %zu (dòng tệp %zu)%s%s: %s\n",
			              "luutru: row %zu (line %zu)%s%s: %s\n"),
			        f->row, f->line, f->entry ? ", " : "", f->entry ? f->entry : "",
			        f->message);
		else
			fprintf(stderr, LT_TR("luutru: mục %s: %s\n", "luutru: entry %s: %s\n"),
			        f->entry ? f->entry : "-", f->message);
	}
	for (size_t i = 0; i < rep->nwarnings && !json; i++)
		fprintf(stderr,
		        LT_TR("luutru: cảnh báo: dòng %zu (dòng tệp %zu): %s\n",
		              "luutru: warning: row %zu (line %zu): %s\n"),
		        rep->warnings[i].row, rep->warnings[i].line, rep->warnings[i].message);
	import_s = since(&p.start);
	memset(&st, 0, sizeof(st));
	/* Skipped rows mean an earlier run of this batch: it may have been
	 * stopped before its OCR jobs or index update, so finish them too. */
	if (rep->imported > 0 || rep->skipped > 0) {
		lt_error_clear(&err);
		popts.progress = 1;
		/* Another writer holds the index (luutru serve, a reindex): the
		 * rows are committed and its sync indexes them; not a failure. */
		popts.index_busy_ok = 1;
		if (lt_pipeline_drain_opts(ar, &popts, &st, &err) != LT_OK) {
			int code = lt_cli_fail(&err);
			if (!exit_code)
				exit_code = code;
		} else {
			drained = 1;
			index_busy |= st.index_busy;
		}
	}
	/* The follower's failure, unless the drain (which tried the rest
	 * again) just reported the same kind (a full disk: said once). */
	if (following && fo.rc != LT_OK && fo.rc != LT_EBUSY && (drained || err.code != fo.rc))
		fprintf(stderr, "luutru: %s\n", fo.err.message);
	st.index.documents += fo.st.documents;
	if (index_busy)
		fprintf(
		    stderr, "%s",
		    LT_TR("luutru: chỉ mục tìm kiếm đang do một tiến trình khác ghi (luutru serve "
		          "hoặc reindex); các văn bản đã nhập nằm trong CSDL và sẽ được tiến "
		          "trình đó lập chỉ mục\n",
		          "luutru: the search index is being written by another process (luutru "
		          "serve or a reindex); the imported records are in the catalog and that "
		          "process will index them\n"));
	if (json) {
		json_t *fails = json_array();
		json_t *root;

		for (size_t i = 0; i < rep->nfailures; i++) {
			const lt_import_failure *f = &rep->failures[i];
			json_t *o = json_pack("{s:s, s:s}", "code", lt_status_name(f->code),
			                      "message", f->message);
			if (f->row) {
				json_object_set_new(o, "row", json_integer((json_int_t)f->row));
				json_object_set_new(o, "line", json_integer((json_int_t)f->line));
			}
			if (f->entry)
				json_object_set_new(o, "entry", json_string(f->entry));
			if (f->doc_id)
				json_object_set_new(o, "docId", json_string(f->doc_id));
			json_array_append_new(fails, o);
		}
		json_t *warns = json_array();
		for (size_t i = 0; i < rep->nwarnings; i++) {
			const lt_import_failure *w = &rep->warnings[i];
			json_t *o = json_pack("{s:I, s:I, s:s}", "row", (json_int_t)w->row, "line",
			                      (json_int_t)w->line, "message", w->message);
			if (w->doc_id)
				json_object_set_new(o, "docId", json_string(w->doc_id));
			json_array_append_new(warns, o);
		}
		root = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:o, s:{s:I, s:I, s:I}}", "source",
		                 path, "manifest", rep->manifest ? rep->manifest : "", "total",
		                 (json_int_t)rep->total, "imported", (json_int_t)rep->imported,
		                 "skipped", (json_int_t)rep->skipped, "failed",
		                 (json_int_t)rep->failed, "failures", fails, "pipeline", "jobsDone",
		                 (json_int_t)st.jobs.done, "jobsFailed", (json_int_t)st.jobs.failed,
		                 "indexed", (json_int_t)st.index.documents);
		if (root) {
			json_object_set_new(root, "warnings", warns);
			json_object_set_new(json_object_get(root, "pipeline"), "indexBusy",
			                    json_boolean(index_busy));
			/* The rows are in; their OCR or index update is not. */
			if (!drained && err.code)
				json_object_set_new(json_object_get(root, "pipeline"), "error",
				                    json_pack("{s:s, s:s}", "code",
				                              lt_status_name(err.code), "message",
				                              err.message));
		} else
			json_decref(warns);
		lt_cli_print_json(root, JSON_INDENT(2));
		json_decref(root);
	} else {
		printf(
		    LT_TR("Nhập lô %s (%s): %zu dòng — %zu đã nhập, %zu bỏ qua (đã có), %zu lỗi "
		          "(%.1f giây)\n",
		          "Imported %s (%s): %zu rows — %zu imported, %zu skipped (already there), "
		          "%zu failed (%.1f s)\n"),
		    path, rep->manifest, rep->total, rep->imported, rep->skipped, rep->failed,
		    import_s);
		if (rep->nwarnings)
			printf(
			    LT_TR("Cảnh báo số, ký hiệu (quy tắc 6, vẫn nhập): %zu dòng\n",
			          "Number/notation warnings (rule 6, imported anyway): %zu rows\n"),
			    rep->nwarnings);
		if (drained && index_busy)
			printf(LT_TR("Nhận dạng: %zu việc xong, %zu lỗi; chỉ mục: để tiến trình "
			             "đang ghi "
			             "chỉ mục cập nhật\n",
			             "Recognition: %zu jobs done, %zu failed; index: left to the "
			             "process that holds it\n"),
			       st.jobs.done, st.jobs.failed);
		else if (drained)
			printf(
			    LT_TR(
			        "Nhận dạng: %zu việc xong, %zu lỗi; chỉ mục: %zu văn bản cập nhật "
			        "(%.1f giây)\n",
			        "Recognition: %zu jobs done, %zu failed; index: %zu records "
			        "updated (%.1f s)\n"),
			    st.jobs.done, st.jobs.failed, st.index.documents,
			    since(&p.start) - import_s);
		if (drained)
			lt_cli_jobs_failed(&st.jobs);
	}
done:
	lt_import_report_free(rep);
	lt_archive_free(ar);
	return exit_code;
}
