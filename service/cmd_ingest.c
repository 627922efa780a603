/* service/cmd_ingest.c — `luutru ingest FILE... [--meta KEY=VALUE]... [--workers N] [--json]`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archive/dossier.h"
#include "archive/ingest.h"
#include "archive/signatures/sig.h"
#include "service/cli.h"
#include "service/pipeline.h"

static void help(void)
{
	printf(
	    "%s",
	    LT_TR(
	        "Cách dùng: luutru ingest TỆP... [--meta KHÓA=GIÁ_TRỊ]... [--workers N] "
	        "[--dossier HỒ_SƠ] [--json]\n\n"
	        "Nhập mỗi tệp (PNG, JPEG, TIFF, PDF hoặc văn bản UTF-8) thành một văn bản lưu "
	        "trữ,\n"
	        "nhận dạng chữ (OCR tiếng Việt + tiếng Anh) và cập nhật chỉ mục tìm kiếm.\n\n"
	        "  --meta KHÓA=GIÁ_TRỊ  siêu dữ liệu theo tên trường chuẩn (NĐ 30, TT 05/2025), ví "
	        "dụ\n"
	        "                       --meta docId=H01.2024.VP.0001 --meta typeName=\"Công "
	        "văn\"\n"
	        "                       --meta codeNumber=15 --meta codeNotation=VP-HC\n"
	        "                       --meta issuedDate=2024-11-20 --meta organName=\"Văn "
	        "phòng\"\n"
	        "                       --meta subject=\"V/v lập hồ sơ\" --meta secrecy=0\n"
	        "                       (áp dụng cho mọi tệp trong lệnh)\n"
	        "  --dossier HỒ_SƠ      lập vào hồ sơ đang mở (id hoặc mã hồ sơ) cùng lúc với việc "
	        "nhập\n"
	        "                       (hồ sơ không mở: tệp bị từ chối, không để lại gì)\n"
	        "  --workers N          số luồng nhận dạng (mặc định: ocr_workers trong "
	        "luutru.conf,\n"
	        "                       nếu không thì bằng số lõi CPU)\n"
	        "  --json               in kết quả dạng JSON\n\n"
	        "Tệp lỗi (không tồn tại, rỗng, hỏng, không hỗ trợ, siêu dữ liệu sai) được báo rõ "
	        "và\n"
	        "không để lại gì; các tệp khác vẫn được nhập. Mã thoát khác 0 khi có tệp lỗi.\n",
	        "Usage: luutru ingest FILE... [--meta KEY=VALUE]... [--workers N] [--dossier "
	        "DOSSIER] "
	        "[--json]\n\n"
	        "Ingest each file (PNG, JPEG, TIFF, PDF or UTF-8 text) as one record, recognise "
	        "its\n"
	        "text (OCR, Vietnamese + English) and update the search index.\n\n"
	        "  --meta KEY=VALUE  metadata by standard tag name (NĐ 30, TT 05/2025), e.g.\n"
	        "                    --meta docId=H01.2024.VP.0001 --meta typeName=\"Công văn\"\n"
	        "                    --meta issuedDate=2024-11-20 --meta subject=\"...\"\n"
	        "                    (applies to every file of the command)\n"
	        "  --dossier DOSSIER file each record into this open dossier (id or code) as it "
	        "is\n"
	        "                    ingested (a dossier not open refuses the file; nothing "
	        "stays)\n"
	        "  --workers N       OCR threads (default: ocr_workers in luutru.conf, else one "
	        "per core)\n"
	        "  --json            print the result as JSON\n\n"
	        "A bad file (missing, empty, corrupt, unsupported, bad metadata) is reported and\n"
	        "leaves nothing behind; the other files are still ingested. The exit code is\n"
	        "non-zero when any file failed.\n"));
}

int lt_cmd_ingest(lt_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"meta", required_argument, NULL, 'm'},    {"json", no_argument, NULL, 'j'},
	    {"workers", required_argument, NULL, 'w'}, {"dossier", required_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
	};
	lt_meta_kv *meta = NULL;
	size_t nmeta = 0;
	int json = 0, opt, exit_code = 0, ingested = 0;
	lt_archive *ar = NULL;
	lt_error err = LT_ERROR_INIT;
	json_t *out_records = json_array(), *out_errors = json_array();
	int64_t *ids = NULL;
	char **idfiles = NULL;
	lt_pipeline_options popts = LT_PIPELINE_OPTIONS_INIT;
	const char *dossier_ref = NULL;
	int64_t dossier = 0;

	if (lt_cli_wants_help(argc, argv)) {
		help();
		goto done;
	}
	meta = calloc((size_t)argc, sizeof(*meta));
	ids = calloc((size_t)argc, sizeof(*ids));
	idfiles = calloc((size_t)argc, sizeof(*idfiles));
	if (!meta || !ids || !idfiles) {
		lt_error_set(&err, LT_ENOMEM, "%s", LT_TR("hết bộ nhớ", "out of memory"));
		exit_code = lt_cli_fail(&err);
		goto done;
	}
	optind = 0;
	opterr = 0;
	/* GNU getopt permutes argv: options may come before or after the files. */
	while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (opt == 'm') {
			char *eq = strchr(optarg, '=');
			if (!eq || eq == optarg) {
				exit_code = lt_cli_usage_error(
				    "ingest",
				    LT_TR("--meta cần dạng KHÓA=GIÁ_TRỊ, không phải '%s'",
				          "--meta needs KEY=VALUE, not '%s'"),
				    optarg);
				goto done;
			}
			*eq = '\0';
			meta[nmeta].key = optarg;
			meta[nmeta].value = eq + 1;
			nmeta++;
		} else if (opt == 'j') {
			json = 1;
		} else if (opt == 'd') {
			dossier_ref = optarg;
		} else if (opt == 'w') {
			if (lt_pipeline_parse_workers(optarg, &popts.workers) != 0) {
				exit_code = lt_cli_usage_error(
				    "ingest",
				    LT_TR("--workers cần số từ 1 đến 64, không phải '%s'",
				          "--workers needs a number from 1 to 64, not '%s'"),
				    optarg);
				goto done;
			}
		} else {
			exit_code = lt_cli_bad_option("ingest", opt, argv[optind - 1]);
			goto done;
		}
	}
	for (int a = optind; a < argc; a++)
		idfiles[ingested++] = argv[a];
	if (ingested == 0) {
		exit_code = lt_cli_usage_error(
		    "ingest", "%s", LT_TR("cần ít nhất một tệp", "at least one file is needed"));
		goto done;
	}
	if (lt_cli_open_archive(cli, &ar, 0, &err) != LT_OK ||
	    (dossier_ref && lt_dossier_find(&dossier, lt_archive_catalog(ar), dossier_ref, &err))) {
		exit_code = lt_cli_fail(&err);
		goto done;
	}

	int nfiles = ingested;
	ingested = 0;
	for (int f = 0; f < nfiles; f++) {
		lt_ingest_options opts = LT_INGEST_OPTIONS_INIT;
		lt_ingest_result res;
		const char *file = idfiles[f];

		opts.meta = meta;
		opts.nmeta = nmeta;
		opts.dossier_id = dossier;
		lt_error_clear(&err);
		if (lt_ingest_file(ar, file, &opts, &res, &err) != LT_OK) {
			int code = lt_cli_fail(&err);
			if (!exit_code)
				exit_code = code;
			json_array_append_new(out_errors,
			                      json_pack("{s:s, s:s, s:s}", "file", file, "code",
			                                lt_status_name(err.code), "message",
			                                err.message));
			continue;
		}
		ids[ingested++] = res.record_id;
		popts.total_pages += res.pages > 0 ? (size_t)res.pages : 1;
		json_array_append_new(
		    out_records, json_pack("{s:s, s:I, s:s, s:s, s:s, s:i, s:b}", "file", file,
		                           "id", (json_int_t)res.record_id, "uid", res.uid,
		                           "sha256", res.sha256, "type", lt_media_name(res.type),
		                           "pages", res.pages, "duplicate_blob", res.blob_existed));
		if (res.warning[0]) {
			json_object_set_new(
			    json_array_get(out_records, json_array_size(out_records) - 1),
			    "warning", json_string(res.warning));
			fprintf(stderr, "%s: %s: %s\n",
			        LT_TR("luutru: cảnh báo", "luutru: warning"), file, res.warning);
		}
		json_object_set_new(json_array_get(out_records, json_array_size(out_records) - 1),
		                    "signatures", lt_ingest_signatures_json(&res));
		if (res.attachment_records || res.attachment_files)
			json_object_set_new(
			    json_array_get(out_records, json_array_size(out_records) - 1),
			    "attachments",
			    json_pack("{s:I, s:I}", "records", (json_int_t)res.attachment_records,
			              "files", (json_int_t)res.attachment_files));
		if (res.resumed)
			json_object_set_new(
			    json_array_get(out_records, json_array_size(out_records) - 1),
			    "resumed", json_true());
		if (!json && res.resumed)
			printf(
			    LT_TR(
			        "%s đã có trong kho → văn bản %lld (%s); việc nhận dạng còn dở của "
			        "nó được tiếp tục\n",
			        "%s is already in the archive → record %lld (%s); its unfinished "
			        "recognition is resumed\n"),
			    file, (long long)res.record_id, res.uid);
		else if (!json) {
			printf(LT_TR("Đã nhập %s → văn bản %lld (%s)\n",
			             "Ingested %s → record %lld (%s)\n"),
			       file, (long long)res.record_id, res.uid);
			if (res.sig_checked && res.sig_count)
				printf(LT_TR("  chữ ký số: %zu chữ ký, %s\n",
				             "  digital signatures: %zu, %s\n"),
				       res.sig_count,
				       lt_sig_status_label((lt_sig_status)res.sig_status));
			else if (res.sig_checked)
				printf("%s\n", LT_TR("  chữ ký số: không có",
				                     "  digital signatures: none"));
			if (res.attachment_records || res.attachment_files)
				printf(
				    LT_TR("  tệp đính kèm: %zu văn bản liên kết, %zu tệp giữ kèm\n",
				          "  attachments: %zu linked records, %zu files kept with "
				          "it\n"),
				    res.attachment_records, res.attachment_files);
		}
	}

	if (ingested > 0) {
		lt_pipeline_stats st;
		lt_error_clear(&err);
		popts.progress = 1;
		if (lt_pipeline_drain_opts(ar, &popts, &st, &err) != LT_OK) {
			int code = lt_cli_fail(&err);
			if (!exit_code)
				exit_code = code;
		} else if (!json) {
			printf(LT_TR("Nhận dạng: %zu việc xong, %zu lỗi, %zu trang; chỉ mục: %zu "
			             "văn bản "
			             "cập nhật\n",
			             "Recognition: %zu jobs done, %zu failed, %zu pages; index: "
			             "%zu records "
			             "updated\n"),
			       st.jobs.done, st.jobs.failed, st.jobs.pages, st.index.documents);
			lt_cli_jobs_failed(&st.jobs);
		}
	}
	if (json) {
		json_t *root =
		    json_pack("{s:O, s:O}", "records", out_records, "errors", out_errors);
		lt_cli_print_json(root, JSON_INDENT(2));
		json_decref(root);
	}
done:
	lt_archive_free(ar);
	json_decref(out_records);
	json_decref(out_errors);
	free(meta);
	free(ids);
	free(idfiles);
	return exit_code;
}
