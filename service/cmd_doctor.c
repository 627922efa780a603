/* service/cmd_doctor.c — `luutru doctor`: is this installation fit to run? */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/archive.h"
#include "ocr/ocr.h"
#include "service/cli.h"

int lt_cmd_doctor(lt_cli *cli, int argc, char **argv)
{
	lt_ocr_options oopts = LT_OCR_OPTIONS_INIT;
	lt_ocr_engine *engine = NULL;
	lt_archive *ar = NULL;
	lt_error err = LT_ERROR_INIT;
	const char *omp = getenv("OMP_THREAD_LIMIT");
	int problems = 0;

	if (lt_cli_wants_help(argc, argv)) {
		printf("%s",
		       LT_TR("Cách dùng: luutru doctor\n\nKiểm tra môi trường chạy: giới hạn luồng "
		             "OpenMP của Tesseract,\ndữ liệu ngôn ngữ OCR (vie, eng) và thư mục dữ "
		             "liệu.\n",
		             "Usage: luutru doctor\n\nCheck the runtime environment: Tesseract's "
		             "OpenMP thread limit,\nthe OCR language data (vie, eng) and the data "
		             "directory.\n"));
		return 0;
	}
	printf("OMP_THREAD_LIMIT=%s\n", omp ? omp : LT_TR("(chưa đặt)", "(unset)"));
	if (!omp || strcmp(omp, "1") != 0) {
		printf("%s", LT_TR("  cảnh báo: OCR nên chạy với OMP_THREAD_LIMIT=1\n",
		                   "  warning: OCR should run with OMP_THREAD_LIMIT=1\n"));
		problems++;
	}
	if (lt_ocr_engine_new(&engine, &oopts, &err) == LT_OK) {
		printf(LT_TR("OCR: sẵn sàng (%s)\n", "OCR: ready (%s)\n"), oopts.languages);
	} else {
		printf(LT_TR("OCR: lỗi: %s\n", "OCR: error: %s\n"), err.message);
		problems++;
	}
	lt_ocr_engine_free(engine);
	lt_error_clear(&err);
	if (lt_cli_open_archive(cli, &ar, LT_ARCHIVE_READONLY, &err) == LT_OK) {
		printf(
		    LT_TR("Dữ liệu: %s (lược đồ phiên bản %d)\n", "Data: %s (schema version %d)\n"),
		    cli->data_dir, lt_catalog_schema_version(lt_archive_catalog(ar)));
	} else {
		printf(LT_TR("Dữ liệu: %s\n", "Data: %s\n"), err.message);
	}
	lt_archive_free(ar);
	return problems ? 1 : 0;
}
