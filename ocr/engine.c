/*
 * ocr/engine.c — the Tesseract handle and lt_ocr_file.
 *
 * An engine is created once per worker thread and kept warm: loading the
 * vie+eng models costs about a quarter of a second, recognising a page a few
 * seconds. lt_ocr_file validates the file with lt_ocr_probe first, so a
 * file that cannot be read as a whole fails before any page is recognised;
 * after that, a page that fails (a PDF page poppler cannot render, a page
 * Tesseract cannot recognise) is recorded in its lt_ocr_page and the other
 * pages go on.
 *
 * Per page source:
 *
 *   text file        → one page, as written (NFC)           LT_PAGE_PLAIN_TEXT
 *   PNG, JPEG        → one page, recognised                  LT_PAGE_OCR
 *   TIFF             → every page, recognised                LT_PAGE_OCR
 *   PDF page with a  → its text layer (pdftotext)            LT_PAGE_TEXT_LAYER
 *   real text layer
 *   other PDF page   → rendered at 300 dpi grey (pdftoppm),  LT_PAGE_OCR
 *                      recognised
 */
#include "ocr/internal.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include "core/fs.h"
#include "core/log.h"
#include "core/text.h"

/* A PDF page whose text layer has at least this many letters is taken as
 * born-digital; fewer (empty, a page number, a scanner's stamp) means the
 * page is an image and is recognised instead. */
#define PDF_TEXT_LAYER_MIN_LETTERS 20
#define PDF_RENDER_DPI             300
#define PDF_RENDER_MIN_DPI         72

struct lt_ocr_engine {
	TessBaseAPI *api;
	TessBaseAPI *osd; /* "osd" model for page orientation; NULL when off */
	lt_ocr_limits limits;
	unsigned preprocess;
};

static atomic_flag warned_omp = ATOMIC_FLAG_INIT;

int lt_ocr_engine_new(lt_ocr_engine **out, const lt_ocr_options *opts, lt_error *err)
{
	lt_ocr_options defaults = LT_OCR_OPTIONS_INIT;
	const char *langs;
	lt_ocr_engine *e;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	langs = opts->languages && *opts->languages ? opts->languages : defaults.languages;
	lt_ocr_quiet_leptonica();
	if (!getenv("OMP_THREAD_LIMIT") && !atomic_flag_test_and_set(&warned_omp))
		lt_log_warn("OMP_THREAD_LIMIT is not set: Tesseract will be several times slower");

	e = calloc(1, sizeof(*e));
	if (!e)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	e->limits = opts->limits;
	if (e->limits.max_pixels == 0)
		e->limits.max_pixels = LT_OCR_MAX_PIXELS_DEFAULT;
	if (e->limits.max_pages <= 0)
		e->limits.max_pages = LT_OCR_MAX_PAGES_DEFAULT;
	e->api = TessBaseAPICreate();
	if (!e->api) {
		free(e);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	/* Tesseract writes its diagnostics to debug_file (stderr by default);
	 * luutru reports its own errors. Set before Init so that the
	 * messages of loading go there too. */
	TessBaseAPISetVariable(e->api, "debug_file", "/dev/null");
	if (TessBaseAPIInit3(e->api, opts->tessdata, langs) != 0) {
		TessBaseAPIDelete(e->api);
		free(e);
		return lt_error_set(
		    err, LT_EOCR,
		    LT_TR("không khởi động được Tesseract với ngôn ngữ %s (thiếu dữ "
		          "liệu tessdata? gói tesseract-ocr-vie)",
		          "cannot start Tesseract with languages %s (tessdata "
		          "missing? package tesseract-ocr-vie)"),
		    langs);
	}
	TessBaseAPISetVariable(e->api, "debug_file", "/dev/null");
	/* The API's default is one uniform block; letters have a header in
	 * two columns, a body and a signature block. */
	TessBaseAPISetPageSegMode(e->api, PSM_AUTO);

	e->preprocess = opts->preprocess;
	if (e->preprocess & LT_OCR_PREP_ORIENT) {
		/* Orientation needs the separate osd model: the vie+eng handle
		 * answers OSD queries with nonsense. */
		e->osd = TessBaseAPICreate();
		if (e->osd)
			TessBaseAPISetVariable(e->osd, "debug_file", "/dev/null");
		if (e->osd && TessBaseAPIInit3(e->osd, opts->tessdata, "osd") != 0) {
			TessBaseAPIDelete(e->osd);
			e->osd = NULL;
		}
		if (!e->osd)
			lt_log_warn("Tesseract osd model missing (package tesseract-ocr-osd): "
			            "pages are not turned upright");
	}
	*out = e;
	return LT_OK;
}

void lt_ocr_engine_free(lt_ocr_engine *engine)
{
	if (!engine)
		return;
	TessBaseAPIEnd(engine->api);
	TessBaseAPIDelete(engine->api);
	if (engine->osd) {
		TessBaseAPIEnd(engine->osd);
		TessBaseAPIDelete(engine->osd);
	}
	free(engine);
}

void lt_ocr_result_free(lt_ocr_result *res)
{
	if (!res)
		return;
	for (size_t i = 0; i < res->npages; i++) {
		free(res->pages[i].text);
		free(res->pages[i].error);
	}
	free(res->pages);
	res->pages = NULL;
	res->npages = 0;
}

/* Record a page failure; the page keeps an empty text. */
static int page_fail(lt_ocr_page *page, const lt_error *e)
{
	page->status = e->code ? e->code : LT_ERR;
	free(page->error);
	page->error = strdup(e->message[0] ? e->message : lt_status_name(page->status));
	return page->error ? LT_OK : LT_ENOMEM;
}

/* Normalise text to NFC, clean it unless it is the author's own plain
 * text, and store it as the page's text. */
static int page_set_text(lt_ocr_page *page, const char *s, size_t len, int clean, lt_error *err)
{
	lt_buf nfc = LT_BUF_INIT;
	int rc = lt_text_nfc(&nfc, s, len, err);

	if (rc == LT_OK && clean && lt_ocr_clean_text(&nfc) != LT_OK)
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
	if (rc == LT_OK) {
		char *t = lt_buf_detach(&nfc);
		if (!t)
			rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		else {
			free(page->text);
			page->text = t;
		}
	}
	lt_buf_free(&nfc);
	return rc;
}

/* A copy Tesseract accepts: 1, 8 or 32 bpp, no colour map, no alpha. */
static PIX *pix_for_tesseract(PIX *pix)
{
	PIX *p = pixClone(pix), *t;
	int d;

	if (pixGetColormap(p)) {
		t = pixRemoveColormap(p, REMOVE_CMAP_BASED_ON_SRC);
		pixDestroy(&p);
		p = t;
	}
	if (p && pixGetDepth(p) == 32 && pixGetSpp(p) == 4) {
		/* Transparent areas of a PNG read as paper. */
		t = pixAlphaBlendUniform(p, 0xffffff00);
		pixDestroy(&p);
		p = t;
	}
	d = p ? pixGetDepth(p) : 0;
	if (p && d != 1 && d != 8 && d != 32) {
		t = pixConvertTo8(p, 0);
		pixDestroy(&p);
		p = t;
	}
	return p;
}

static int image_dpi(PIX *pix)
{
	int dpi = pixGetXRes(pix);
	return dpi >= LT_OCR_MIN_PLAUSIBLE_DPI ? dpi : LT_OCR_DEFAULT_DPI;
}

/* Recognise one page image into page (text, confidence, dpi). */
static int recognise(lt_ocr_engine *e, PIX *pix, int dpi, lt_ocr_page *page, const char *path,
                     lt_error *err)
{
	TessBaseAPI *api = e->api;
	PIX *p = pix_for_tesseract(pix);
	lt_ocr_prep_info prep = {0, 0};
	char *text = NULL;
	int rc = LT_OK;

	if (!p)
		return lt_error_set(
		    err, LT_EOCR,
		    LT_TR("không nhận dạng được trang %d của %s: không chuyển được ảnh",
		          "cannot recognise page %d of %s: image conversion failed"),
		    page->page_no, path);
	/* Preprocessing may replace p and change dpi (upscaling). */
	lt_ocr_prep(&p, &dpi, e->preprocess, e->osd, &prep);
	page->rotation = prep.rotation;
	page->skew = prep.skew;
	TessBaseAPISetImage2(api, p);
	TessBaseAPISetSourceResolution(api, dpi);
	if (TessBaseAPIRecognize(api, NULL) == 0)
		text = TessBaseAPIGetUTF8Text(api);
	if (!text) {
		rc = lt_error_set(err, LT_EOCR,
		                  LT_TR("không nhận dạng được trang %d của %s (Tesseract)",
		                        "cannot recognise page %d of %s (Tesseract)"),
		                  page->page_no, path);
	} else {
		int conf = TessBaseAPIMeanTextConf(api);
		page->confidence = conf < 0 ? 0 : conf > 100 ? 100 : conf;
		page->dpi = dpi;
		page->source = LT_PAGE_OCR;
		rc = page_set_text(page, text, strlen(text), 1, err);
		TessDeleteText(text);
	}
	/* Drop the page's results and our image now: the handle stays warm
	 * but holds no memory of the page. */
	TessBaseAPIClear(api);
	pixDestroy(&p);
	return rc;
}

static int do_text(lt_ocr_page *page, const char *path, lt_error *err)
{
	lt_buf raw = LT_BUF_INIT;
	size_t skip = 0;
	int rc = lt_fs_read_file(&raw, path, LT_OCR_TEXT_MAX_BYTES, err);

	if (rc == LT_OK) {
		/* A UTF-8 byte order mark is an encoding signature, not text. */
		if (raw.len >= 3 && memcmp(raw.data, "\xEF\xBB\xBF", 3) == 0)
			skip = 3;
		rc = page_set_text(page, raw.data + skip, raw.len - skip, 0, err);
		if (rc != LT_OK)
			lt_error_prefix(err, LT_TR("tệp văn bản %s", "text file %s"), path);
	}
	page->source = LT_PAGE_PLAIN_TEXT;
	page->confidence = 100;
	lt_buf_free(&raw);
	return rc;
}

static int do_image_page(lt_ocr_engine *e, lt_ocr_page *page, const char *path, lt_media_type type,
                         lt_error *err)
{
	PIX *pix = NULL;
	int rc = lt_ocr_image_load(&pix, path, type, page->page_no - 1, &e->limits, err);

	if (rc == LT_OK)
		rc = recognise(e, pix, image_dpi(pix), page, path, err);
	pixDestroy(&pix);
	return rc;
}

/* Resolution to render a PDF page at: 300 dpi, lowered for a page so large
 * that 300 dpi would pass the pixel limit (A0 and up). */
static int pdf_render_dpi(const lt_ocr_pdf_info *info, int index, uint64_t max_pixels)
{
	double w = info->width_pt ? info->width_pt[index] : 0;
	double h = info->height_pt ? info->height_pt[index] : 0;
	double px_per_dpi2, dpi;

	if (w <= 0 || h <= 0)
		return PDF_RENDER_DPI; /* unknown; the output cap still holds */
	px_per_dpi2 = (w / 72.0) * (h / 72.0);
	if (px_per_dpi2 * PDF_RENDER_DPI * PDF_RENDER_DPI <= (double)max_pixels)
		return PDF_RENDER_DPI;
	dpi = floor(sqrt((double)max_pixels / px_per_dpi2));
	return dpi < PDF_RENDER_MIN_DPI ? PDF_RENDER_MIN_DPI : (int)dpi;
}

static int do_pdf_page(lt_ocr_engine *e, lt_ocr_page *page, const char *path,
                       const lt_ocr_pdf_info *info, lt_error *err)
{
	lt_buf text = LT_BUF_INIT;
	PIX *pix = NULL;
	int rc = lt_ocr_pdf_page_text(&text, path, page->page_no, err);

	if (rc == LT_OK &&
	    lt_ocr_count_letters(text.data, text.len) >= PDF_TEXT_LAYER_MIN_LETTERS) {
		page->source = LT_PAGE_TEXT_LAYER;
		page->confidence = 100;
		rc = page_set_text(page, text.data, text.len, 1, err);
		if (rc != LT_OK)
			lt_error_prefix(err, LT_TR("trang %d của PDF %s", "page %d of PDF %s"),
			                page->page_no, path);
		lt_buf_free(&text);
		return rc;
	}
	lt_buf_free(&text);
	/* No usable text layer (or pdftotext failed on it): the page image
	 * may still be fine, so render and recognise it. */
	{
		int dpi = pdf_render_dpi(info, page->page_no - 1, e->limits.max_pixels);
		rc = lt_ocr_pdf_render(&pix, path, page->page_no, dpi, e->limits.max_pixels, err);
		if (rc == LT_OK)
			rc = recognise(e, pix, dpi, page, path, err);
	}
	pixDestroy(&pix);
	return rc;
}

int lt_ocr_file(lt_ocr_engine *engine, const char *path, lt_ocr_result *out, lt_error *err)
{
	lt_ocr_probe_info probe;
	lt_ocr_pdf_info pdf = LT_OCR_PDF_INFO_INIT;
	int rc;

	rc = lt_ocr_probe(&probe, path, &engine->limits, err);
	if (rc != LT_OK)
		return rc;
	if (probe.type == LT_MEDIA_PDF) {
		rc = lt_ocr_pdf_info_read(&pdf, path, 1, err);
		if (rc != LT_OK)
			return rc;
		probe.pages = pdf.pages;
	}

	out->pages = calloc((size_t)probe.pages, sizeof(*out->pages));
	if (!out->pages) {
		lt_ocr_pdf_info_free(&pdf);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	out->npages = (size_t)probe.pages;
	for (size_t i = 0; i < out->npages; i++)
		out->pages[i].page_no = (int)i + 1;

	for (size_t i = 0; i < out->npages && rc == LT_OK; i++) {
		lt_ocr_page *page = &out->pages[i];
		lt_error perr = LT_ERROR_INIT;
		int prc;

		switch (probe.type) {
		case LT_MEDIA_TEXT: prc = do_text(page, path, &perr); break;
		case LT_MEDIA_PDF: prc = do_pdf_page(engine, page, path, &pdf, &perr); break;
		default: prc = do_image_page(engine, page, path, probe.type, &perr); break;
		}
		if (prc == LT_ENOMEM)
			rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		else if (prc != LT_OK && page_fail(page, &perr) != LT_OK)
			rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		if (!page->text) {
			page->text = calloc(1, 1);
			if (!page->text)
				rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		}
	}
	/* A text file has only one page: its failure is the file's. */
	if (rc == LT_OK && probe.type == LT_MEDIA_TEXT && out->pages[0].status != LT_OK)
		rc = lt_error_set(err, out->pages[0].status, "%s", out->pages[0].error);
	lt_ocr_pdf_info_free(&pdf);
	return rc;
}
