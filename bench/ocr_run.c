/*
 * bench/ocr_run.c — recognise files with luutru's OCR engine and write each
 * file's text to OUTDIR, for bench/ocr_score.py to score.
 *
 *   OMP_THREAD_LIMIT=1 ocr_run [--prep STEPS] [--workers N] [--langs L] [--pdf] OUTDIR FILE...
 *
 * STEPS: "none", "default", or a comma list of orient, deskew, background,
 * despeckle, smooth, blank, reread, latin, tables, dropout; "-step" in
 * the list takes that step out of default ("-tables,-latin").
 * --langs L: Tesseract's languages (default: the engine's).
 * --workers N: the engine's worker pool (default 1); every file is
 * submitted first, then the results are collected in order. --pdf: also
 * write each file's searchable PDF as OUTDIR/NAME.pdf (what ingest does).
 * The last line on stdout: "total" pages, wall seconds, and the seconds
 * spent inside Tesseract's recognition summed over pages.
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
	    {"orient", LT_OCR_PREP_ORIENT},         {"deskew", LT_OCR_PREP_DESKEW},
	    {"background", LT_OCR_PREP_BACKGROUND}, {"despeckle", LT_OCR_PREP_DESPECKLE},
	    {"smooth", LT_OCR_PREP_SMOOTH},         {"blank", LT_OCR_PREP_BLANK},
	    {"reread", LT_OCR_PREP_REREAD},         {"latin", LT_OCR_PREP_LATIN},
	    {"tables", LT_OCR_PREP_TABLES},         {"dropout", LT_OCR_PREP_DROPOUT},
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
	/* "-step" takes a step out of default; a list of names alone is
	 * those steps only. */
	*out = strchr(s, '-') ? LT_OCR_PREP_DEFAULT : 0;
	copy = strdup(s);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int off = tok[0] == '-';
		size_t i;
		for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
			if (strcmp(tok + off, steps[i].name) == 0)
				break;
		if (i == sizeof(steps) / sizeof(steps[0])) {
			free(copy);
			return -1;
		}
		if (off)
			*out &= ~steps[i].bit;
		else
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

static int copy_file(const char *from, const char *to)
{
	char buf[65536];
	size_t n;
	FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
	int rc = in && out ? 0 : -1;

	while (rc == 0 && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (in)
		fclose(in);
	if (out && fclose(out) != 0)
		rc = -1;
	return rc;
}

int main(int argc, char **argv)
{
	lt_ocr_options opts = LT_OCR_OPTIONS_INIT;
	lt_ocr_engine *engine = NULL;
	lt_error err = LT_ERROR_INIT;
	const char *outdir;
	int i = 1, failed = 0, first;
	double start, total_ocr = 0;
	size_t total_pages = 0;

	for (;;) {
		if (argc > i + 1 && strcmp(argv[i], "--prep") == 0) {
			if (parse_prep(argv[i + 1], &opts.preprocess) != 0) {
				fprintf(stderr, "ocr_run: bad --prep %s\n", argv[i + 1]);
				return 2;
			}
			i += 2;
		} else if (argc > i + 1 && strcmp(argv[i], "--workers") == 0) {
			opts.workers = (unsigned)atoi(argv[i + 1]);
			i += 2;
		} else if (argc > i + 1 && strcmp(argv[i], "--langs") == 0) {
			opts.languages = argv[i + 1];
			i += 2;
		} else if (argc > i && strcmp(argv[i], "--pdf") == 0) {
			opts.searchable_pdf = 1;
			i++;
		} else {
			break;
		}
	}
	if (argc - i < 2) {
		fprintf(stderr,
		        "usage: ocr_run [--prep STEPS] [--workers N] [--langs L] [--pdf] OUTDIR "
		        "FILE...\n");
		return 2;
	}
	outdir = argv[i++];
	if (lt_ocr_engine_new(&engine, &opts, &err) != LT_OK) {
		fprintf(stderr, "ocr_run: %s\n", err.message);
		return 1;
	}
	start = now();
	first = i;
	for (int k = first; k < argc; k++)
		if (lt_ocr_submit(engine, argv[k], argv[k], &err) != LT_OK) {
			fprintf(stderr, "ocr_run: %s\n", err.message);
			failed = 1;
		}
	for (int k = first; k < argc; k++) {
		lt_ocr_result res = LT_OCR_RESULT_INIT;
		lt_buf name = LT_BUF_INIT, path = LT_BUF_INIT;
		double t0 = now(), dt;
		void *tag = NULL;
		FILE *f;
		int rc = lt_ocr_next(engine, &tag, &res, &err);

		if (rc == LT_ENOTFOUND)
			break;
		out_name(&name, (const char *)tag);
		if (rc != LT_OK) {
			fprintf(stderr, "ocr_run: %s\n", err.message);
			failed = 1;
			lt_ocr_result_free(&res);
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
			printf("\t[p%d rot %d skew %.2f dpi %d conf %.0f quality %d%s%s%s%s ocr "
			       "%.2f s%s%s]",
			       pg->page_no, pg->rotation, pg->skew, pg->dpi, pg->confidence,
			       pg->quality, pg->review ? " review" : "", pg->blank ? " blank" : "",
			       pg->reread ? " reread" : "", pg->tables ? " table" : "",
			       pg->ocr_seconds, pg->status ? " ERROR " : "",
			       pg->error ? pg->error : "");
			total_ocr += pg->ocr_seconds;
		}
		total_pages += res.npages;
		printf("\n");
		fflush(stdout);
		fclose(f);
		if (res.searchable_pdf) {
			lt_buf_reset(&path);
			lt_buf_printf(&path, "%s/%s.pdf", outdir, name.data);
			if (copy_file(res.searchable_pdf, path.data) != 0)
				failed = 1;
		}
		lt_ocr_result_free(&res);
		lt_buf_free(&name);
		lt_buf_free(&path);
	}
	printf("total\t%zu pages\t%.2f s\t%.2f s in recognition\n", total_pages, now() - start,
	       total_ocr);
	lt_ocr_engine_free(engine);
	return failed;
}
