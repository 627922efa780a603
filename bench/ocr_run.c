/*
 * bench/ocr_run.c — recognise files with luutru's OCR engine and write each
 * file's text to OUTDIR, for bench/ocr_score.py to score.
 *
 *   OMP_THREAD_LIMIT=1 ocr_run [--prep STEPS] OUTDIR FILE...
 *
 * STEPS: "none", "default", or a comma list of orient, deskew, background.
 * The output for .../000_49b2b25d46245d34/001.scan.jpg is
 * OUTDIR/000_49b2b25d46245d34-001.scan.txt (pages joined by a blank line).
 * One line per file on stdout: name, pages, seconds, and per page the
 * rotation, skew, dpi and mean confidence. Built by bench/ocr_bench.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/error.h"
#include "ocr/ocr.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int parse_prep(const char *s, unsigned *out)
{
	static const struct {
		const char *name;
		unsigned bit;
	} steps[] = {
	    {"orient", LT_OCR_PREP_ORIENT},
	    {"deskew", LT_OCR_PREP_DESKEW},
	    {"background", LT_OCR_PREP_BACKGROUND},
	};
	char *copy, *tok, *save = NULL;

	if (strcmp(s, "none") == 0) {
		*out = LT_OCR_PREP_NONE;
		return 0;
	}
	if (strcmp(s, "default") == 0) {
		*out = LT_OCR_PREP_DEFAULT;
		return 0;
	}
	*out = 0;
	copy = strdup(s);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t i;
		for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
			if (strcmp(tok, steps[i].name) == 0)
				break;
		if (i == sizeof(steps) / sizeof(steps[0])) {
			free(copy);
			return -1;
		}
		*out |= steps[i].bit;
	}
	free(copy);
	return 0;
}

/* "dir/000_x/001.scan.jpg" → "000_x-001.scan" */
static void out_name(lt_buf *b, const char *path)
{
	const char *base = strrchr(path, '/'), *dir_end = base, *dir = path, *dot;

	base = base ? base + 1 : path;
	if (dir_end) {
		for (const char *p = path; p < dir_end; p++)
			if (*p == '/')
				dir = p + 1;
		lt_buf_append(b, dir, (size_t)(dir_end - dir));
		lt_buf_putc(b, '-');
	}
	dot = strrchr(base, '.');
	lt_buf_append(b, base, dot ? (size_t)(dot - base) : strlen(base));
}

int main(int argc, char **argv)
{
	lt_ocr_options opts = LT_OCR_OPTIONS_INIT;
	lt_ocr_engine *engine = NULL;
	lt_error err = LT_ERROR_INIT;
	const char *outdir;
	int i = 1, failed = 0;

	if (argc > 2 && strcmp(argv[1], "--prep") == 0) {
		if (parse_prep(argv[2], &opts.preprocess) != 0) {
			fprintf(stderr, "ocr_run: bad --prep %s\n", argv[2]);
			return 2;
		}
		i = 3;
	}
	if (argc - i < 2) {
		fprintf(stderr, "usage: ocr_run [--prep STEPS] OUTDIR FILE...\n");
		return 2;
	}
	outdir = argv[i++];
	if (lt_ocr_engine_new(&engine, &opts, &err) != LT_OK) {
		fprintf(stderr, "ocr_run: %s\n", err.message);
		return 1;
	}
	for (; i < argc; i++) {
		lt_ocr_result res = LT_OCR_RESULT_INIT;
		lt_buf name = LT_BUF_INIT, path = LT_BUF_INIT;
		double t0 = now(), dt;
		FILE *f;

		out_name(&name, argv[i]);
		if (lt_ocr_file(engine, argv[i], &res, &err) != LT_OK) {
			fprintf(stderr, "ocr_run: %s\n", err.message);
			failed = 1;
			lt_buf_free(&name);
			continue;
		}
		dt = now() - t0;
		lt_buf_printf(&path, "%s/%s.txt", outdir, name.data);
		f = fopen(path.data, "w");
		if (!f) {
			perror(path.data);
			return 1;
		}
		printf("%s\t%zu pages\t%.2f s", name.data, res.npages, dt);
		for (size_t p = 0; p < res.npages; p++) {
			const lt_ocr_page *pg = &res.pages[p];
			fprintf(f, "%s%s\n", p ? "\n" : "", pg->text);
			printf("\t[p%d rot %d skew %.2f dpi %d conf %.0f%s%s]", pg->page_no,
			       pg->rotation, pg->skew, pg->dpi, pg->confidence,
			       pg->status ? " ERROR " : "", pg->error ? pg->error : "");
		}
		printf("\n");
		fflush(stdout);
		fclose(f);
		lt_ocr_result_free(&res);
		lt_buf_free(&name);
		lt_buf_free(&path);
	}
	lt_ocr_engine_free(engine);
	return failed;
}
