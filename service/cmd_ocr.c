/*
 * service/cmd_ocr.c — `luutru ocr review [--threshold N] [--record ID] [--json]`:
 * the recognised pages a person should check, those whose page quality
 * (ocr/quality.c) is below the threshold (or whose recognition failed);
 * `luutru ocr resume [--workers N] [--json]`: finish the recognition jobs
 * that are waiting, those a stopped process left included;
 * `luutru ocr correct RECORD PAGE (--text-file F | --confirm)`: a reviewer's
 * corrected text of a page (archive/review.h), the record reindexed.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archive/jobs.h"
#include "archive/review.h"
#include "core/fs.h"
#include "service/cli.h"
#include "service/pipeline.h"

static void help(void)
{
	printf(
	    "%s",
	    LT_TR(
	        "Cách dùng: luutru ocr review [--threshold N] [--record ID] [--json]\n"
	        "          luutru ocr resume [--workers N] [--json]\n"
	        "          luutru ocr correct VĂN_BẢN TRANG (--text-file TỆP | --confirm) "
	        "[--json]\n\n"
	        "correct: lưu văn bản đã sửa của một trang (TỆP UTF-8, \"-\" = stdin) hoặc xác "
	        "nhận\n"
	        "văn bản nhận dạng là đúng (--confirm); trang được đánh dấu đã kiểm tra và ra\n"
	        "khỏi danh sách review, văn bản cũ giữ trong lịch sử (luutru history), chỉ mục\n"
	        "tìm kiếm được cập nhật. Lưu trữ viên hoặc quản trị.\n\n"
	        "resume: chạy nốt các việc nhận dạng đang chờ — kể cả việc mà một tiến trình\n"
	        "đã dừng (bị giết, mất điện) bỏ dở — rồi cập nhật chỉ mục tìm kiếm.\n"
	        "  --workers N    số luồng nhận dạng (mặc định: ocr_workers trong luutru.conf)\n\n"
	        "review: liệt kê các trang nhận dạng (OCR) cần người kiểm tra lại: trang có\n"
	        "chất lượng nhận dạng dưới ngưỡng (độ tin cậy của các từ, tỷ lệ âm tiết tiếng\n"
	        "Việt, chữ đọc được so với mực trên trang), hoặc trang nhận dạng lỗi. Mỗi dòng:\n"
	        "văn bản (id, uid), trang, chất lượng, độ tin cậy trung bình, số từ có độ tin\n"
	        "cậy dưới 80 / tổng số từ.\n"
	        "  --threshold N  ngưỡng chất lượng 0–100 (mặc định 60)\n"
	        "  --record ID    chỉ một văn bản (id, uid hoặc docId)\n"
	        "  --json         in kết quả dạng JSON\n",
	        "Usage: luutru ocr review [--threshold N] [--record ID] [--json]\n"
	        "       luutru ocr resume [--workers N] [--json]\n"
	        "       luutru ocr correct RECORD PAGE (--text-file FILE | --confirm) [--json]\n\n"
	        "correct: store a page's corrected text (a UTF-8 FILE, \"-\" = stdin) or confirm\n"
	        "the recognised text as right (--confirm); the page is marked reviewed and\n"
	        "leaves the review list, the previous text stays in the history (luutru\n"
	        "history), the search index is updated. Archivist or admin.\n\n"
	        "resume: finish the recognition jobs that are waiting — those a process left\n"
	        "when it stopped (killed, power loss) included — then update the search index.\n"
	        "  --workers N    OCR threads (default: ocr_workers in luutru.conf)\n\n"
	        "review: list the recognised (OCR) pages a person should check: pages whose\n"
	        "reading quality is below the threshold (word confidences, share of Vietnamese\n"
	        "syllables, text read against the ink on the page), or whose recognition\n"
	        "failed. Each line: the record (id, uid), page, quality, mean confidence, words\n"
	        "below confidence 80 / all words.\n"
	        "  --threshold N  quality threshold 0-100 (default 60)\n"
	        "  --record ID    one record only (id, uid or docId)\n"
	        "  --json         print the result as JSON\n"));
}

static int review(lt_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"threshold", required_argument, NULL, 't'},
	    {"record", required_argument, NULL, 'r'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	double threshold = LT_OCR_REVIEW_THRESHOLD_DEFAULT;
	const char *record = NULL;
	lt_review_list list = {NULL, 0};
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	int64_t record_id = 0, waiting = 0;
	int json = 0, opt, rc = 0;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (opt == 't') {
			char *end = NULL;
			threshold = strtod(optarg, &end);
			if (!*optarg || *end || !(threshold >= 0 && threshold <= 100))
				return lt_cli_usage_error(
				    "ocr",
				    LT_TR("--threshold cần số từ 0 đến 100, không phải '%s'",
				          "--threshold needs a number from 0 to 100, not '%s'"),
				    optarg);
		} else if (opt == 'r') {
			record = optarg;
		} else if (opt == 'j') {
			json = 1;
		} else {
			return lt_cli_bad_option("ocr", opt, argv[optind - 1]);
		}
	}
	if (optind < argc)
		return lt_cli_usage_error(
		    "ocr", LT_TR("thừa đối số: %s", "unexpected argument: %s"), argv[optind]);
	if (lt_cli_open_archive(cli, &ar, 0, &err) != LT_OK)
		return lt_cli_fail(&err);
	if (record && lt_cli_record_id(lt_archive_catalog(ar), record, &record_id, &err) != LT_OK) {
		rc = lt_cli_fail(&err);
		goto done;
	}
	if (lt_jobs_review(ar, threshold, record_id, &list, &err) != 0 ||
	    lt_jobs_pending(ar, &waiting, &err) != 0) {
		rc = lt_cli_fail(&err);
		goto done;
	}
	if (json) {
		json_t *pages = json_array();
		json_t *root;
		for (size_t i = 0; i < list.n; i++) {
			const lt_review_page *p = &list.v[i];
			json_t *o = json_pack(
			    "{s:I, s:s, s:i, s:f, s:I, s:I}", "record", (json_int_t)p->record_id,
			    "uid", p->uid, "page", p->page_no, "confidence", p->confidence, "words",
			    (json_int_t)p->words, "lowConfidenceWords", (json_int_t)p->low_words);
			json_object_set_new(
			    o, "quality", p->quality >= 0 ? json_integer(p->quality) : json_null());
			if (p->status != LT_OK)
				json_object_set_new(
				    o, "error",
				    json_string(p->error ? p->error : lt_status_name(p->status)));
			json_array_append_new(pages, o);
		}
		root = json_pack("{s:f, s:o, s:I}", "threshold", threshold, "pages", pages,
		                 "waiting", (json_int_t)waiting);
		lt_cli_print_json(root, JSON_INDENT(2));
		json_decref(root);
	} else if (list.n == 0) {
		printf(LT_TR("Không có trang nào dưới ngưỡng %.0f.\n",
		             "No page below the threshold %.0f.\n"),
		       threshold);
	} else {
		printf(LT_TR("%-8s %-36s %5s %9s %8s %s\n", "%-8s %-36s %5s %9s %8s %s\n"),
		       LT_TR("văn bản", "record"), "uid", LT_TR("trang", "page"),
		       LT_TR("chất lượng", "quality"), LT_TR("tin cậy", "conf."),
		       LT_TR("từ dưới 80", "words < 80"));
		for (size_t i = 0; i < list.n; i++) {
			const lt_review_page *p = &list.v[i];
			char q[16];
			if (p->quality >= 0)
				snprintf(q, sizeof(q), "%d", p->quality);
			else
				snprintf(q, sizeof(q), "-");
			printf("%-8lld %-36s %5d %9s %7.0f%% %zu/%zu", (long long)p->record_id,
			       p->uid, p->page_no, q, p->confidence, p->low_words, p->words);
			if (p->status != LT_OK)
				printf("  %s: %s", LT_TR("lỗi", "error"),
				       p->error ? p->error : lt_status_name(p->status));
			putchar('\n');
		}
		printf(LT_TR("%zu trang cần kiểm tra (ngưỡng %.0f).\n",
		             "%zu page(s) to check (threshold %.0f).\n"),
		       list.n, threshold);
	}
	/* Pages not recognised yet are not in the list: say so. */
	if (!json && waiting > 0)
		printf(
		    LT_TR("%lld văn bản còn chờ nhận dạng (chạy `luutru ocr resume`).\n",
		          "%lld record(s) still wait for recognition (run `luutru ocr resume`).\n"),
		    (long long)waiting);
done:
	lt_review_list_free(&list);
	lt_archive_free(ar);
	return rc;
}

static int resume(lt_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"workers", required_argument, NULL, 'w'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	lt_pipeline_options popts = LT_PIPELINE_OPTIONS_INIT;
	lt_pipeline_stats st;
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	int64_t pending = 0;
	size_t taken = 0;
	int json = 0, opt, rc = 0;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (opt == 'w') {
			if (lt_pipeline_parse_workers(optarg, &popts.workers) != 0)
				return lt_cli_usage_error(
				    "ocr",
				    LT_TR("--workers cần số từ 1 đến 64, không phải '%s'",
				          "--workers needs a number from 1 to 64, not '%s'"),
				    optarg);
		} else if (opt == 'j') {
			json = 1;
		} else {
			return lt_cli_bad_option("ocr", opt, argv[optind - 1]);
		}
	}
	if (optind < argc)
		return lt_cli_usage_error(
		    "ocr", LT_TR("thừa đối số: %s", "unexpected argument: %s"), argv[optind]);
	/* Opening takes back the jobs of stopped processes (cli.h). */
	if (lt_cli_open_archive(cli, &ar, 0, &err) != LT_OK)
		return lt_cli_fail(&err);
	if (lt_jobs_reclaim(ar, &taken, &err) != LT_OK ||
	    lt_jobs_pending(ar, &pending, &err) != LT_OK) {
		rc = lt_cli_fail(&err);
		goto done;
	}
	taken += lt_cli_reclaimed();
	popts.progress = !json;
	/* `luutru serve` may hold the index: its own sync then applies it. */
	popts.index_busy_ok = 1;
	if (lt_pipeline_drain_opts(ar, &popts, &st, &err) != LT_OK) {
		rc = lt_cli_fail(&err);
		goto done;
	}
	if (json) {
		json_t *root = json_pack(
		    "{s:I, s:I, s:I, s:I, s:I, s:I, s:b}", "reclaimed", (json_int_t)taken,
		    "pending", (json_int_t)pending, "jobsDone", (json_int_t)st.jobs.done,
		    "jobsFailed", (json_int_t)st.jobs.failed, "pages", (json_int_t)st.jobs.pages,
		    "indexed", (json_int_t)st.index.documents, "indexBusy", st.index_busy);
		lt_cli_print_json(root, JSON_INDENT(2));
		json_decref(root);
	} else if (pending == 0) {
		printf("%s\n", LT_TR("Không có việc nhận dạng nào đang chờ.",
		                     "No recognition job is waiting."));
	} else {
		printf(
		    LT_TR("Đã tiếp tục %lld việc (%zu việc bị gián đoạn được lấy lại): %zu xong, "
		          "%zu lỗi, %zu trang; chỉ mục: %zu văn bản cập nhật\n",
		          "Resumed %lld job(s) (%zu interrupted ones taken back): %zu done, %zu "
		          "failed, %zu pages; index: %zu records updated\n"),
		    (long long)pending, taken, st.jobs.done, st.jobs.failed, st.jobs.pages,
		    st.index.documents);
		lt_cli_jobs_failed(&st.jobs);
	}
done:
	lt_archive_free(ar);
	return rc;
}

static int correct(lt_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"text-file", required_argument, NULL, 'f'},
	    {"confirm", no_argument, NULL, 'c'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *file = NULL;
	lt_buf text = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;
	lt_archive *ar = NULL;
	lt_pipeline_stats st;
	int64_t id = 0;
	size_t page = 0;
	int json = 0, confirm = 0, opt, rc = 0, changed = 0;
	char detail[32];

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (opt == 'f')
			file = optarg;
		else if (opt == 'c')
			confirm = 1;
		else if (opt == 'j')
			json = 1;
		else
			return lt_cli_bad_option("ocr", opt, argv[optind - 1]);
	}
	if (argc - optind != 2 || (!file) == (!confirm))
		return lt_cli_usage_error(
		    "ocr", "%s",
		    LT_TR("cần VĂN_BẢN TRANG và một trong --text-file TỆP, --confirm",
		          "RECORD PAGE and one of --text-file FILE, --confirm are required"));
	if (lt_cli_parse_size("ocr correct", LT_TR("TRANG", "PAGE"), argv[optind + 1], 1, 1000000,
	                      &page))
		return 2;
	if (file) {
		if (strcmp(file, "-") == 0) {
			char chunk[8192];
			size_t n;
			while (err.code == LT_OK &&
			       (n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
				if (text.len + n > LT_REVIEW_TEXT_MAX)
					lt_error_set(
					    &err, LT_EINVAL,
					    LT_TR("văn bản của trang dài quá %d byte",
					          "the page's text is longer than %d bytes"),
					    LT_REVIEW_TEXT_MAX);
				else if (lt_buf_append(&text, chunk, n) != LT_OK)
					lt_error_set(&err, LT_ENOMEM, "out of memory");
			}
		} else {
			lt_fs_read_file(&text, file, LT_REVIEW_TEXT_MAX, &err);
		}
		if (err.code != LT_OK) {
			lt_buf_free(&text);
			return lt_cli_fail(&err);
		}
		if (memchr(lt_buf_cstr(&text), '\0', text.len)) {
			lt_buf_free(&text);
			lt_error_set(
			    &err, LT_EINVAL, "%s",
			    LT_TR("tệp văn bản chứa byte NUL", "the text file holds a NUL byte"));
			return lt_cli_fail(&err);
		}
	}
	if (lt_cli_open_archive(cli, &ar, 0, &err) != LT_OK ||
	    lt_cli_record_id(lt_archive_catalog(ar), argv[optind], &id, &err) != LT_OK ||
	    lt_review_correct(lt_archive_catalog(ar), id, (int)page,
	                      file ? lt_buf_cstr(&text) : NULL, lt_cli_who(ar), &changed,
	                      &err) != LT_OK) {
		rc = lt_cli_fail(&err);
		goto done;
	}
	snprintf(detail, sizeof(detail), "page=%zu%s", page, changed ? " corrected" : "");
	if (lt_cli_audit(ar, "ocr_correct", argv[optind], detail, &err) != LT_OK) {
		rc = lt_cli_fail(&err);
		goto done;
	}
	/* The correction queued the record for the index: apply it now. */
	if (changed && lt_pipeline_drain(ar, &st, &err) != LT_OK) {
		rc = lt_cli_fail(&err);
		goto done;
	}
	if (json) {
		json_t *root = json_pack("{s:I, s:i, s:b, s:b}", "record", (json_int_t)id, "page",
		                         (int)page, "changed", changed, "reviewed", 1);
		lt_cli_print_json(root, JSON_INDENT(2));
		json_decref(root);
	} else {
		printf(changed ? LT_TR("Văn bản %lld, trang %zu: đã lưu văn bản sửa, đánh dấu đã "
		                       "kiểm tra.\n",
		                       "Record %lld, page %zu: corrected text stored, marked "
		                       "reviewed.\n")
		               : LT_TR("Văn bản %lld, trang %zu: văn bản không đổi, đánh dấu đã "
		                       "kiểm tra.\n",
		                       "Record %lld, page %zu: text unchanged, marked reviewed.\n"),
		       (long long)id, page);
	}
done:
	lt_buf_free(&text);
	lt_archive_free(ar);
	return rc;
}

int lt_cmd_ocr(lt_cli *cli, int argc, char **argv)
{
	if (argc < 2 || lt_cli_wants_help(argc, argv) || strcmp(argv[1], "help") == 0) {
		help();
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "review") == 0)
		return review(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "resume") == 0)
		return resume(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "correct") == 0)
		return correct(cli, argc - 1, argv + 1);
	return lt_cli_usage_error("ocr", LT_TR("lệnh con không rõ: %s", "unknown subcommand: %s"),
	                          argv[1]);
}
