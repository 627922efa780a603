/*
 * ocr/pdf.c — PDFs through poppler's command-line tools.
 *
 * Every PDF is read by pdfinfo, pdftotext and pdftoppm in child processes
 * (spawn.c), one page per process, so a hostile file can only kill or stall
 * a child and a broken page costs only that page. Why not poppler-glib in
 * the service process: docs/ocr-pdf.md.
 */
#include "ocr/internal.h"

#include <dirent.h>

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <leptonica/allheaders.h>

#include "core/fs.h"

/* Generous for real documents (a 300 dpi A4 page renders in ~0.3 s and
 * ~60 MiB); a file needing more is treated as hostile. */
#define PDF_MAX_MEMORY        (1536ull * 1024 * 1024)
#define PDF_MAX_CPU_SECONDS   60
#define PDF_TIMEOUT_MS        120000
#define PDF_INFO_MAX_OUT      (64u * 1024)
#define PDF_INFO_PER_PAGE_OUT 256u
#define PDF_TEXT_MAX_OUT      (16u * 1024 * 1024)

void lt_ocr_pdf_info_free(lt_ocr_pdf_info *info)
{
	if (!info)
		return;
	free(info->width_pt);
	free(info->height_pt);
	free(info->rot);
	info->width_pt = info->height_pt = NULL;
	info->rot = NULL;
	if (info->text)
		for (int i = 0; i < info->pages; i++)
			free(info->text[i]);
	free(info->text);
	info->text = NULL;
	free(info->images);
	info->images = NULL;
	free(info->empty);
	info->empty = NULL;
	if (info->image_dir) {
		lt_fs_remove_tree(info->image_dir, NULL);
		free(info->image_dir);
		info->image_dir = NULL;
	}
	info->pages = 0;
}

/* A path beginning with '-' would be read as an option by the tools. */
static int safe_path(lt_buf *out, const char *path)
{
	return lt_buf_printf(out, "%s%s", path[0] == '-' ? "./" : "", path);
}

static int run_tool(lt_ocr_run_status *st, const char *const argv[], size_t max_out, lt_buf *out,
                    lt_buf *errout, lt_error *err)
{
	lt_ocr_run_limits lim = {max_out, PDF_MAX_MEMORY, PDF_MAX_CPU_SECONDS, PDF_TIMEOUT_MS};
	return lt_ocr_run(st, argv, &lim, out, errout, err);
}

/* Turn a failed run into an error naming the file and the page (0: none). */
static int tool_failure(lt_error *err, const lt_ocr_run_status *st, const char *tool,
                        const char *path, int page_no)
{
	char where[32] = "";

	if (page_no > 0)
		snprintf(where, sizeof(where), LT_TR(" trang %d", " page %d"), page_no);
	if (st->timed_out || st->signal == SIGXCPU)
		return lt_error_set(err, LT_ELIMIT,
		                    LT_TR("không đọc được PDF %s%s: %s chạy quá thời gian cho phép",
		                          "cannot read PDF %s%s: %s exceeded its time limit"),
		                    path, where, tool);
	if (st->out_truncated)
		return lt_error_set(err, LT_ELIMIT,
		                    LT_TR("không đọc được PDF %s%s: kết quả của %s vượt giới hạn",
		                          "cannot read PDF %s%s: %s output exceeds the limit"),
		                    path, where, tool);
	if (st->signal)
		return lt_error_set(
		    err, LT_ECORRUPT,
		    LT_TR("không đọc được PDF %s%s: %s dừng bất thường (tín hiệu %d); "
		          "tệp hỏng hoặc quá lớn",
		          "cannot read PDF %s%s: %s died (signal %d); the file is "
		          "corrupt or too large"),
		    path, where, tool, st->signal);
	return lt_error_set(err, LT_ECORRUPT,
	                    LT_TR("không đọc được PDF %s%s: tệp hỏng (%s trả về mã %d)",
	                          "cannot read PDF %s%s: corrupt file (%s exit code %d)"),
	                    path, where, tool, st->exit_code);
}

/* pdfinfo copies metadata strings raw: a UTF-16 Title holds NUL bytes that
 * would end the C string before the fields we need. */
static void nul_to_space(lt_buf *text)
{
	for (size_t i = 0; i < text->len; i++)
		if (text->data[i] == '\0')
			text->data[i] = ' ';
}

/* Value of a "Key:   value" line of pdfinfo output, or NULL. */
static const char *info_field(const char *text, const char *key)
{
	size_t klen = strlen(key);
	const char *line = text;

	while (line && *line) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			const char *v = line + klen + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			return v;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return NULL;
}

static int parse_sizes(lt_ocr_pdf_info *info, const char *text)
{
	const char *line = text;

	info->width_pt = calloc((size_t)info->pages, sizeof(double));
	info->height_pt = calloc((size_t)info->pages, sizeof(double));
	info->rot = calloc((size_t)info->pages, sizeof(int));
	if (!info->width_pt || !info->height_pt || !info->rot)
		return LT_ENOMEM;
	while (line && *line) {
		int page, rot;
		double w, h;
		if (sscanf(line, "Page %d size: %lf x %lf", &page, &w, &h) == 3 && page >= 1 &&
		    page <= info->pages && w > 0 && h > 0) {
			info->width_pt[page - 1] = w;
			info->height_pt[page - 1] = h;
		} else if (sscanf(line, "Page %d rot: %d", &page, &rot) == 2 && page >= 1 &&
		           page <= info->pages) {
			info->rot[page - 1] = rot;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return LT_OK;
}

int lt_ocr_pdf_info_read(lt_ocr_pdf_info *out, const char *path, int with_sizes, lt_error *err)
{
	lt_buf file = LT_BUF_INIT, text = LT_BUF_INIT, errtext = LT_BUF_INIT;
	lt_ocr_run_status st;
	char last[16];
	const char *v;
	int rc;

	lt_ocr_pdf_info_free(out);
	if (safe_path(&file, path) != LT_OK) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto done;
	}
	{
		const char *argv[] = {"pdfinfo", file.data, NULL};
		rc = run_tool(&st, argv, PDF_INFO_MAX_OUT, &text, &errtext, err);
	}
	if (rc != LT_OK)
		goto done;
	if (st.exit_code != 0) {
		if (strstr(lt_buf_cstr(&errtext), "password"))
			rc = lt_error_set(
			    err, LT_EUNSUPPORTED,
			    LT_TR("PDF %s được mã hóa (có mật khẩu); hãy nộp bản "
			          "không mã hóa",
			          "PDF %s is encrypted (password protected); submit an "
			          "unencrypted copy"),
			    path);
		else
			rc = tool_failure(err, &st, "pdfinfo", path, 0);
		goto done;
	}
	nul_to_space(&text);
	v = info_field(text.data, "Encrypted");
	if (v && strncmp(v, "yes", 3) == 0) {
		/* Even without a user password, encryption ties the file to
		 * poppler's handling of its permissions and is not allowed in an
		 * archival copy (PDF/A forbids it). */
		rc = lt_error_set(err, LT_EUNSUPPORTED,
		                  LT_TR("PDF %s được mã hóa; hãy nộp bản không mã hóa",
		                        "PDF %s is encrypted; submit an unencrypted copy"),
		                  path);
		goto done;
	}
	v = info_field(text.data, "Pages");
	out->pages = v ? atoi(v) : 0;
	if (out->pages <= 0) {
		rc = lt_error_set(err, LT_ECORRUPT,
		                  LT_TR("không đọc được PDF %s: tệp hỏng (không có trang nào)",
		                        "cannot read PDF %s: corrupt file (no pages)"),
		                  path);
		goto done;
	}
	if (!with_sizes)
		goto done;

	lt_buf_reset(&text);
	snprintf(last, sizeof(last), "%d", out->pages);
	{
		const char *argv[] = {"pdfinfo", "-f", "1", "-l", last, file.data, NULL};
		size_t cap = PDF_INFO_MAX_OUT + (size_t)out->pages * PDF_INFO_PER_PAGE_OUT;
		rc = run_tool(&st, argv, cap, &text, NULL, err);
	}
	if (rc == LT_OK && st.exit_code != 0)
		rc = tool_failure(err, &st, "pdfinfo", path, 0);
	nul_to_space(&text);
	if (rc == LT_OK && parse_sizes(out, text.data ? text.data : "") != LT_OK)
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");

done:
	if (rc != LT_OK)
		lt_ocr_pdf_info_free(out);
	lt_buf_free(&file);
	lt_buf_free(&text);
	lt_buf_free(&errtext);
	return rc;
}

int lt_ocr_pdf_page_text(lt_buf *out, const char *path, int page_no, lt_error *err)
{
	lt_buf file = LT_BUF_INIT, text = LT_BUF_INIT;
	lt_ocr_run_status st;
	char page[16];
	int rc;

	snprintf(page, sizeof(page), "%d", page_no);
	if (safe_path(&file, path) != LT_OK)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	/* Default (reading-order) mode, not -layout: -layout pads columns
	 * with spaces and interleaves side-by-side blocks row by row, which
	 * splits the phrases search relies on. */
	{
		const char *argv[] = {"pdftotext", "-f",    page,      "-l", page,
		                      "-enc",      "UTF-8", file.data, "-",  NULL};
		rc = run_tool(&st, argv, PDF_TEXT_MAX_OUT, &text, NULL, err);
	}
	if (rc == LT_OK && (st.exit_code != 0 || st.out_truncated))
		rc = tool_failure(err, &st, "pdftotext", path, page_no);
	if (rc == LT_OK) {
		/* pdftotext ends every page with a form feed. */
		for (size_t i = 0; i < text.len && rc == LT_OK; i++)
			if (text.data[i] != '\f')
				rc = lt_buf_putc(out, text.data[i]);
		if (rc != LT_OK)
			rc = lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	lt_buf_free(&file);
	lt_buf_free(&text);
	return rc;
}

int lt_ocr_pdf_render(struct Pix **out, const char *path, int page_no, int dpi, uint64_t max_pixels,
                      lt_error *err)
{
	lt_buf file = LT_BUF_INIT, image = LT_BUF_INIT;
	lt_ocr_run_status st;
	char page[16], res[16];
	size_t cap;
	int rc;

	*out = NULL;
	snprintf(page, sizeof(page), "%d", page_no);
	snprintf(res, sizeof(res), "%d", dpi);
	if (safe_path(&file, path) != LT_OK)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	/* 8-bit grey PGM on stdout: one byte per pixel plus a short header,
	 * so the stdout cap is the pixel limit and no temporary file is
	 * needed. */
	cap = max_pixels > SIZE_MAX - 4096 ? SIZE_MAX : (size_t)max_pixels + 4096;
	{
		const char *argv[] = {"pdftoppm", "-r", res,  "-gray",   "-f",
		                      page,       "-l", page, file.data, NULL};
		rc = run_tool(&st, argv, cap, &image, NULL, err);
	}
	if (rc == LT_OK && st.out_truncated)
		rc = lt_error_set(err, LT_ELIMIT,
		                  LT_TR("trang %d của PDF %s vượt giới hạn %llu điểm ảnh",
		                        "page %d of PDF %s exceeds the limit of %llu pixels"),
		                  page_no, path, (unsigned long long)max_pixels);
	else if (rc == LT_OK && st.exit_code != 0)
		rc = tool_failure(err, &st, "pdftoppm", path, page_no);
	if (rc == LT_OK) {
		*out = pixReadMem((const l_uint8 *)image.data, image.len);
		if (!*out)
			rc = lt_error_set(err, LT_ECORRUPT,
			                  LT_TR("không dựng được ảnh trang %d của PDF %s",
			                        "cannot render page %d of PDF %s"),
			                  page_no, path);
	}
	if (*out)
		pixSetResolution(*out, dpi, dpi);
	lt_buf_free(&file);
	lt_buf_free(&image);
	return rc;
}

/*
 * A scanned PDF page is usually one image drawn over the whole page: the
 * scan as the scanner stored it. pdfimages hands it over as stored (a JPEG
 * byte for byte), in a fraction of the time pdftoppm takes to draw it at
 * 300 dpi, and at the scan's own resolution (bench/README.md). Taken only
 * when the page is exactly that: one image and nothing else pdfimages
 * lists (no mask), grey or RGB, covering the page (its size at its
 * resolution is the page's, within 1 %, the same resolution both ways) on
 * a page that is not turned. Anything else is drawn by pdftoppm.
 */
#define PAGE_IMAGE_SLACK      0.01
#define PDF_LIST_MAX_OUT      (64u * 1024)
#define PDF_LIST_PER_PAGE_OUT 1024u

static int near(double a, double b)
{
	return a > 0 && b > 0 && fabs(a - b) <= PAGE_IMAGE_SLACK * b;
}

/* pdfimages -list of pages first..last into images[page - first]; LT_ERR
 * when a line is not understood (the listing is then not used at all). */
static int parse_image_list(lt_ocr_pdf_image *images, int first, int last, const char *text)
{
	const char *line = text;

	/* Two header lines, then one line per image, mask or stencil. */
	for (int k = 0; line && *line; k++) {
		char type[32], color[32], enc[32], interp[8];
		int pg = 0, num, w = 0, h = 0, comp, bpc, obj, gen;
		double xppi = 0, yppi = 0;

		if (k >= 2) {
			lt_ocr_pdf_image *im;
			if (sscanf(line, "%d %d %31s %d %d %31s %d %d %31s %7s %d %d %lf %lf", &pg,
			           &num, type, &w, &h, color, &comp, &bpc, enc, interp, &obj, &gen,
			           &xppi, &yppi) != 14 ||
			    pg < first || pg > last)
				return LT_ERR;
			im = &images[pg - first];
			if (im->count++ == 0) {
				im->num = num;
				im->width = w;
				im->height = h;
				im->xppi = xppi;
				im->yppi = yppi;
				im->jpeg = strcmp(enc, "jpeg") == 0;
				im->usable =
				    strcmp(type, "image") == 0 &&
				    (strcmp(color, "gray") == 0 || strcmp(color, "rgb") == 0);
			}
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return LT_OK;
}

/* pdfimages -list of pages first..last into images[page - first]. */
static int list_images(lt_ocr_pdf_image *images, const char *file, int first, int last)
{
	lt_buf list = LT_BUF_INIT;
	lt_ocr_run_status st;
	lt_error err = LT_ERROR_INIT;
	char f[16], l[16];
	int rc;

	snprintf(f, sizeof(f), "%d", first);
	snprintf(l, sizeof(l), "%d", last);
	{
		const char *argv[] = {"pdfimages", "-f", f, "-l", l, "-list", file, NULL};
		rc = run_tool(&st, argv,
		              PDF_LIST_MAX_OUT + (size_t)(last - first + 1) * PDF_LIST_PER_PAGE_OUT,
		              &list, NULL, &err);
	}
	if (rc == LT_OK && (st.exit_code != 0 || st.out_truncated))
		rc = LT_ERR;
	if (rc == LT_OK)
		rc = parse_image_list(images, first, last, lt_buf_cstr(&list));
	lt_buf_free(&list);
	return rc;
}

/* Whether page index i (0-based) is one image covering the unturned page,
 * grey or RGB, at one resolution both ways, within the pixel limit (im: its
 * pdfimages -list entry): a scan, read from the image as stored. */
static int page_is_scan(const lt_ocr_pdf_info *info, int i, const lt_ocr_pdf_image *im,
                        uint64_t max_pixels)
{
	if (!info->width_pt || !info->height_pt || !info->rot || i < 0 || i >= info->pages ||
	    info->rot[i] % 360 != 0)
		return 0;
	return im->count == 1 && im->usable && im->width > 0 && im->height > 0 &&
	       (uint64_t)im->width * (uint64_t)im->height <= max_pixels &&
	       near(im->xppi, im->yppi) && near(im->width * 72.0 / im->xppi, info->width_pt[i]) &&
	       near(im->height * 72.0 / im->yppi, info->height_pt[i]);
}

/* The images of every scanned page, from the first such page to the last,
 * in one pdfimages run (a child and its directory cost 20-45 ms; one per
 * page was a tenth of the overhead over recognition on scanned PDFs), into
 * about as much temporary disk as the PDF takes: DIR/p-PAGE-NUM.jpg (or
 * .png) as pdfimages -p names them, NUM counting the images extracted
 * from 0. The pixel limit is checked again page by page. */
static void extract_scans(lt_ocr_pdf_info *info, const char *file)
{
	lt_buf dir = LT_BUF_INIT, root = LT_BUF_INIT, ignore = LT_BUF_INIT;
	lt_error e = LT_ERROR_INIT;
	lt_ocr_run_status st;
	int first = 0, last = 0;
	char f[16], l[16];

	for (int i = 0; i < info->pages; i++)
		if (page_is_scan(info, i, &info->images[i], UINT64_MAX)) {
			if (!first)
				first = i + 1;
			last = i + 1;
		}
	if (!first || lt_ocr_private_dir(&dir) != 0) {
		lt_buf_free(&dir);
		return;
	}
	snprintf(f, sizeof(f), "%d", first);
	snprintf(l, sizeof(l), "%d", last);
	lt_buf_printf(&root, "%s/p", dir.data);
	{
		const char *argv[] = {"pdfimages", "-f",   f,    "-l",      l,   "-p",
		                      "-j",        "-png", file, root.data, NULL};
		if (root.data && run_tool(&st, argv, 4096, &ignore, NULL, &e) == LT_OK &&
		    st.exit_code == 0) {
			info->image_dir = lt_buf_detach(&dir);
			info->image_base = info->images[first - 1].num;
		}
	}
	if (dir.data)
		lt_fs_remove_tree(dir.data, NULL);
	lt_buf_free(&dir);
	lt_buf_free(&root);
	lt_buf_free(&ignore);
}

/*
 * Pages that draw nothing (issue 21: 2,000 empty pages of a 264 KiB PDF
 * were each drawn at 300 dpi and recognised, 23 minutes). A page that
 * lists no image and has no text layer is drawn small
 * (LT_OCR_PDF_PREVIEW_DPI), every run of such pages by one pdftoppm (a
 * child per page cost 60 ms of CPU, mostly its start); a page with no dot
 * of ink at that size is empty: info->empty. Pages drawn with anything
 * are drawn again at 300 dpi and recognised as before.
 */
#define PREVIEW_MAX_RUNS 64

static void preview_run(lt_ocr_pdf_info *info, const char *file, int first, int last)
{
	lt_buf dir = LT_BUF_INIT, root = LT_BUF_INIT, ignore = LT_BUF_INIT, png = LT_BUF_INIT;
	lt_error e = LT_ERROR_INIT;
	lt_ocr_run_status st;
	char f[16], l[16], r[16];
	DIR *d;
	struct dirent *de;

	if (lt_ocr_private_dir(&dir) != 0) {
		lt_buf_free(&dir);
		return;
	}
	snprintf(f, sizeof(f), "%d", first);
	snprintf(l, sizeof(l), "%d", last);
	snprintf(r, sizeof(r), "%d", LT_OCR_PDF_PREVIEW_DPI);
	lt_buf_printf(&root, "%s/q", dir.data);
	{
		const char *argv[] = {"pdftoppm", "-r", r, "-gray", "-png",    "-f",
		                      f,          "-l", l, file,    root.data, NULL};
		if (!root.data || run_tool(&st, argv, 4096, &ignore, NULL, &e) != LT_OK ||
		    st.exit_code != 0)
			goto done;
	}
	/* q-N.png, N the page number, zero-padded as pdftoppm likes. */
	if (!(d = opendir(dir.data)))
		goto done;
	while ((de = readdir(d)) != NULL) {
		long page;
		char *end = NULL;
		PIX *pix;

		if (strncmp(de->d_name, "q-", 2) != 0)
			continue;
		page = strtol(de->d_name + 2, &end, 10);
		if (!end || strcmp(end, ".png") != 0 || page < first || page > last)
			continue;
		lt_buf_reset(&png);
		if (lt_buf_printf(&png, "%s/%s", dir.data, de->d_name) != 0)
			continue;
		if ((pix = pixRead(png.data)) != NULL) {
			lt_ocr_ink ink;
			lt_ocr_ink_measure(pix, LT_OCR_PDF_PREVIEW_DPI, &ink);
			info->empty[page - 1] = lt_ocr_ink_empty(&ink) ? 1 : 0;
			lt_ocr_ink_free(&ink);
			pixDestroy(&pix);
		}
	}
	closedir(d);
done:
	lt_fs_remove_tree(dir.data, NULL);
	lt_buf_free(&dir);
	lt_buf_free(&root);
	lt_buf_free(&ignore);
	lt_buf_free(&png);
}

static void preview_empty_pages(lt_ocr_pdf_info *info, const char *file)
{
	int runs = 0;

	if (!info->images || !(info->empty = calloc((size_t)info->pages, 1)))
		return;
	for (int i = 0; i < info->pages;) {
		int j = i;
		while (j < info->pages && info->images[j].count == 0 &&
		       (!info->text ||
		        lt_ocr_count_letters(info->text[j], strlen(info->text[j])) == 0))
			j++;
		if (j > i) {
			if (++runs > PREVIEW_MAX_RUNS)
				break;
			preview_run(info, file, i + 1, j);
			i = j;
		} else {
			i++;
		}
	}
}

int lt_ocr_pdf_doc_read(lt_ocr_pdf_info *info, const char *path, lt_error *err)
{
	lt_buf file = LT_BUF_INIT, text = LT_BUF_INIT;
	lt_ocr_run_status st;
	lt_error ignore = LT_ERROR_INIT;
	int rc = LT_OK;

	if (info->pages <= 0)
		return LT_OK;
	if (safe_path(&file, path) != LT_OK)
		goto nomem;
	/* The text layer of every page in one run; pdftotext ends each page
	 * with a form feed. */
	{
		const char *argv[] = {"pdftotext", "-enc", "UTF-8", file.data, "-", NULL};
		rc = run_tool(&st, argv, PDF_TEXT_MAX_OUT, &text, NULL, &ignore);
	}
	if (rc == LT_OK && st.exit_code == 0 && !st.out_truncated) {
		int n = 0;
		for (size_t i = 0; i < text.len; i++)
			n += text.data[i] == '\f';
		if (n == info->pages) {
			const char *p = text.data;
			if (!(info->text = calloc((size_t)n, sizeof(*info->text))))
				goto nomem;
			for (int k = 0; k < n; k++) {
				const char *ff =
				    memchr(p, '\f', text.len - (size_t)(p - text.data));
				if (!(info->text[k] = strndup(p, (size_t)(ff - p))))
					goto nomem;
				p = ff + 1;
			}
		}
	}
	if (!(info->images = calloc((size_t)info->pages, sizeof(*info->images))))
		goto nomem;
	if (list_images(info->images, file.data, 1, info->pages) != LT_OK) {
		free(info->images);
		info->images = NULL; /* asked page by page */
	} else {
		extract_scans(info, file.data);
		preview_empty_pages(info, file.data);
	}
	lt_buf_free(&file);
	lt_buf_free(&text);
	return LT_OK;
nomem:
	lt_buf_free(&file);
	lt_buf_free(&text);
	return lt_error_set(err, LT_ENOMEM, "out of memory");
}

/* The image file at path as page image im (same size), at its resolution. */
static PIX *read_scan(const char *path, const lt_ocr_pdf_image *im, int *dpi)
{
	PIX *pix = pixRead(path);

	if (pix && pixGetWidth(pix) == im->width && pixGetHeight(pix) == im->height) {
		*dpi = (int)lround(im->xppi);
		pixSetResolution(pix, *dpi, *dpi);
		return pix;
	}
	pixDestroy(&pix);
	return NULL;
}

int lt_ocr_pdf_page_image(struct Pix **out, int *dpi, const char *path, int page_no,
                          const lt_ocr_pdf_info *info, uint64_t max_pixels, lt_error *err)
{
	lt_buf file = LT_BUF_INIT, dir = LT_BUF_INIT, img = LT_BUF_INIT;
	lt_ocr_pdf_image one = {0, 0, 0, 0, 0, 0, 0, 0}, *im = &one;
	lt_ocr_run_status st;
	char page[16];

	*out = NULL;
	*dpi = 0;
	if (!info->width_pt || !info->height_pt || !info->rot || page_no < 1 ||
	    page_no > info->pages || info->rot[page_no - 1] % 360 != 0)
		return LT_OK;
	if (info->images && info->image_dir) {
		/* Extracted with the others (extract_scans). */
		im = &info->images[page_no - 1];
		if (!page_is_scan(info, page_no - 1, im, max_pixels))
			return LT_OK;
		if (lt_buf_printf(&img, "%s/p-%03d-%03d.%s", info->image_dir, page_no,
		                  im->num - info->image_base, im->jpeg ? "jpg" : "png") != 0) {
			lt_buf_free(&img);
			return lt_error_set(err, LT_ENOMEM, "out of memory");
		}
		*out = read_scan(img.data, im, dpi);
		lt_buf_free(&img);
		if (*out)
			return LT_OK;
		*dpi = 0; /* missing or not as listed: extracted alone below */
	}
	snprintf(page, sizeof(page), "%d", page_no);
	if (safe_path(&file, path) != LT_OK)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	if (info->images) {
		im = &info->images[page_no - 1];
	} else if (list_images(&one, file.data, page_no, page_no) != LT_OK) {
		goto done; /* not usable: drawn instead */
	}
	if (!page_is_scan(info, page_no - 1, im, max_pixels) || lt_ocr_private_dir(&dir) != 0)
		goto done;
	/* The page is the image: extract it into a private directory. */
	lt_buf_printf(&img, "%s/p", dir.data);
	{
		/* A JPEG as stored; anything else decoded by poppler into PNG. */
		const char *argv[] = {"pdfimages", "-f",     page,
		                      "-l",        page,     im->jpeg ? "-j" : "-png",
		                      file.data,   img.data, NULL};
		lt_buf ignore = LT_BUF_INIT;
		lt_error e = LT_ERROR_INIT;
		int rc = run_tool(&st, argv, 4096, &ignore, NULL, &e);
		lt_buf_free(&ignore);
		lt_buf_reset(&img);
		lt_buf_printf(&img, "%s/p-000.%s", dir.data, im->jpeg ? "jpg" : "png");
		if (rc == LT_OK && st.exit_code == 0)
			*out = read_scan(img.data, im, dpi);
		lt_fs_remove_tree(dir.data, NULL);
	}
done:
	lt_buf_free(&file);
	lt_buf_free(&dir);
	lt_buf_free(&img);
	return LT_OK;
}
