/*
 * ocr/engine.c — the Tesseract handle and lt_ocr_file.
 *
 * An engine is created once per worker thread and kept warm: loading the
 * models costs about a quarter of a second, recognising a page a few
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

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include "core/fs.h"
#include "core/log.h"
#include "core/text.h"
#include "ocr/formats/formats.h"
#include "ocr/pdfa/pdfa.h"

/* A PDF page whose text layer has at least this many letters is taken as
 * born-digital; fewer (empty, a page number, a scanner's stamp) means the
 * page is an image and is recognised instead. */
#define PDF_TEXT_LAYER_MIN_LETTERS 20
#define PDF_RENDER_DPI             300
#define PDF_RENDER_MIN_DPI         72
/* A PDF page read from its stored image with a mean word confidence below
 * this is drawn by pdftoppm and read again (fixture scans: 93-95). */
#define PDF_IMAGE_MIN_CONF 60
/* Decoded pages the probes keep for the workers, instead of decoding them
 * again, at most this many bytes for all submitted documents together (a
 * 300 dpi A4 page: 8.7 MB grey, 35 MB colour); pages beyond it are
 * decoded again by their worker. */
#define PROBE_KEEP_BYTES (40u * 1024 * 1024)

/* One Tesseract handle pair, owned by one worker thread. */
typedef struct handle {
	TessBaseAPI *api;
	TessBaseAPI *osd;   /* "osd" model for page orientation; NULL when off */
	TessBaseAPI *latin; /* "eng", for words that read as English; NULL when off */
	int state;          /* HANDLE_* */
	lt_error failed;    /* why loading failed (HANDLE_FAILED), for every page */
} handle;

enum { HANDLE_UNLOADED, HANDLE_READY, HANDLE_FAILED };

/* A file submitted for recognition (lt_ocr_submit), its pages handed out to
 * the workers one by one, its result collected by lt_ocr_next in order. */
typedef struct doc {
	struct doc *next_doc;
	char *path;
	void *tag;
	lt_media_type type;
	lt_ocr_probe_keep keep; /* pages decoded by the probe, a PDF's info */
	lt_ocr_result res;
	size_t npages;
	char *tmpdir;    /* per-page searchable PDFs; NULL when not wanted */
	int encoding;    /* an office file's legacy encoding (ocr/formats/) */
	size_t handed;   /* pages given to a worker */
	size_t finished; /* pages done */
	size_t reported; /* finished as last told the document callback */
	/* the document as a whole failed: LT_ENOMEM met on a page, or the
	 * models a page needed could not be loaded (fatal_err) */
	int fatal;
	lt_error fatal_err;
} doc;

struct lt_ocr_engine {
	handle *h;
	unsigned nh; /* = workers */
	lt_ocr_limits limits;
	unsigned preprocess;
	int searchable_pdf;
	/* Pool (nh > 1): threads started on the first submit. */
	pthread_t *threads;
	unsigned nthreads;
	pthread_mutex_t mu;
	pthread_cond_t work; /* a page to hand out, or stop */
	pthread_cond_t done; /* a page finished */
	int stop;
	doc *head, *tail;
	size_t pages_done; /* since the engine was made */
	size_t kept_bytes; /* decoded pages kept by the probes, not yet taken */
	lt_ocr_progress_fn progress;
	void *progress_ctx;
	size_t told; /* pages_done as last told the progress callback */
	lt_ocr_doc_progress_fn doc_progress;
	void *doc_progress_ctx;
	lt_buf font; /* tessdata's pdf.ttf, for the searchable PDF; empty: none */
	lt_buf icc;  /* the sRGB profile that makes it PDF/A-2b; empty: none */
	int office_pdf;
	/* What a handle is loaded with (load_on_use: when first needed). */
	char *tessdata, *languages, *latin_languages;
	char *datapath; /* tessdata's directory, once a handle is loaded (mu) */
	int font_loaded;
};

static atomic_flag warned_omp = ATOMIC_FLAG_INIT;

static int handle_init(handle *h, const char *tessdata, const char *langs,
                       const char *latin_languages, unsigned prep, lt_error *err)
{
	h->api = TessBaseAPICreate();
	if (!h->api)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	/* Tesseract writes its diagnostics to debug_file (stderr by default);
	 * luutru reports its own errors. Set before Init so that the
	 * messages of loading go there too. */
	TessBaseAPISetVariable(h->api, "debug_file", "/dev/null");
	if (TessBaseAPIInit3(h->api, tessdata, langs) != 0) {
		TessBaseAPIDelete(h->api);
		h->api = NULL;
		return lt_error_set(
		    err, LT_EOCR,
		    LT_TR("không khởi động được Tesseract với ngôn ngữ %s (thiếu dữ "
		          "liệu tessdata? gói tesseract-ocr-vie)",
		          "cannot start Tesseract with languages %s (tessdata "
		          "missing? package tesseract-ocr-vie)"),
		    langs);
	}
	TessBaseAPISetVariable(h->api, "debug_file", "/dev/null");
	/* The API's default is one uniform block; letters have a header in
	 * two columns, a body and a signature block. */
	TessBaseAPISetPageSegMode(h->api, PSM_AUTO);
	if (prep & LT_OCR_PREP_ORIENT) {
		/* Orientation needs the separate osd model: the vie+eng handle
		 * answers OSD queries with nonsense. */
		h->osd = TessBaseAPICreate();
		if (h->osd)
			TessBaseAPISetVariable(h->osd, "debug_file", "/dev/null");
		if (h->osd && TessBaseAPIInit3(h->osd, tessdata, "osd") != 0) {
			TessBaseAPIDelete(h->osd);
			h->osd = NULL;
		}
		if (!h->osd)
			lt_log_warn("Tesseract osd model missing (package tesseract-ocr-osd): "
			            "pages are not turned upright");
	}
	if ((prep & LT_OCR_PREP_LATIN) && latin_languages && *latin_languages) {
		h->latin = TessBaseAPICreate();
		if (h->latin)
			TessBaseAPISetVariable(h->latin, "debug_file", "/dev/null");
		if (h->latin && TessBaseAPIInit3(h->latin, tessdata, latin_languages) != 0) {
			TessBaseAPIDelete(h->latin);
			h->latin = NULL;
		}
		if (!h->latin)
			lt_log_warn(
			    "Tesseract model %s missing (package tesseract-ocr-eng): English "
			    "words are read by the Vietnamese model only",
			    latin_languages);
		else
			TessBaseAPISetVariable(h->latin, "debug_file", "/dev/null");
	}
	return LT_OK;
}

/* The handle's models, loaded now if they are not yet (by the thread that
 * owns the handle); a failure is kept and given again for every page. */
static int handle_ready(lt_ocr_engine *e, handle *h, lt_error *err)
{
	if (h->state == HANDLE_UNLOADED) {
		h->state = handle_init(h, e->tessdata, e->languages, e->latin_languages,
		                       e->preprocess, &h->failed) == LT_OK
		               ? HANDLE_READY
		               : HANDLE_FAILED;
		if (h->state == HANDLE_READY) {
			/* where tessdata was found, for the searchable PDF's font */
			const char *dir = TessBaseAPIGetDatapath(h->api);
			pthread_mutex_lock(&e->mu);
			if (!e->datapath && dir)
				e->datapath = strdup(dir);
			pthread_mutex_unlock(&e->mu);
		}
	}
	if (h->state == HANDLE_READY)
		return LT_OK;
	return lt_error_set(err, h->failed.code, "%s", h->failed.message);
}

static void handle_free(handle *h)
{
	if (h->api) {
		TessBaseAPIEnd(h->api);
		TessBaseAPIDelete(h->api);
	}
	if (h->osd) {
		TessBaseAPIEnd(h->osd);
		TessBaseAPIDelete(h->osd);
	}
	if (h->latin) {
		TessBaseAPIEnd(h->latin);
		TessBaseAPIDelete(h->latin);
	}
}

/* Temporary directories of searchable PDFs are $TMPDIR/luutru-pdf-PID-XXXXXX.
 * A process killed mid-document (SIGKILL, power loss) cannot remove its
 * own; each new engine removes those whose process is gone. */
#define PDF_TMP_PREFIX LT_OCR_TMP_PREFIX

static void sweep_dead_tmpdirs(void)
{
	const char *td = getenv("TMPDIR");
	const char *root = td && *td ? td : "/tmp";
	size_t plen = strlen(PDF_TMP_PREFIX);
	DIR *d = opendir(root);
	struct dirent *de;

	while (d && (de = readdir(d)) != NULL) {
		char *end = NULL;
		long pid;
		lt_buf path = LT_BUF_INIT;

		if (strncmp(de->d_name, PDF_TMP_PREFIX, plen) != 0)
			continue;
		pid = strtol(de->d_name + plen, &end, 10);
		if (pid <= 0 || !end || *end != '-' || pid == (long)getpid())
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue; /* alive, or not ours to judge */
		if (lt_buf_printf(&path, "%s/%s", root, de->d_name) == 0)
			lt_fs_remove_tree(lt_buf_cstr(&path), NULL);
		lt_buf_free(&path);
	}
	if (d)
		closedir(d);
}

/* The searchable PDF's text layer is set in tessdata's pdf.ttf, a font of
 * one blank glyph, embedded so that viewers need not substitute one.
 * Without it the PDF is written all the same, the font not embedded. */
#define PDF_FONT_FILE      "pdf.ttf"
#define PDF_FONT_MAX_BYTES (1u << 20)

static void load_pdf_font(lt_ocr_engine *e)
{
	lt_buf path = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;
	const char *dir;

	if (e->font_loaded)
		return;
	/* tessdata's directory, as the first loaded handle found it (a page
	 * of the searchable PDF was recognised, so one is) */
	pthread_mutex_lock(&e->mu);
	dir = e->datapath;
	pthread_mutex_unlock(&e->mu);
	if (!dir)
		return;
	e->font_loaded = 1;

	if (!dir || lt_fs_join(&path, dir, PDF_FONT_FILE) != 0 ||
	    lt_fs_read_file(&e->font, lt_buf_cstr(&path), PDF_FONT_MAX_BYTES, &err) != LT_OK) {
		lt_buf_reset(&e->font);
		lt_log_warn("searchable PDF: %s not found in tessdata, the text layer's font is "
		            "not embedded",
		            PDF_FONT_FILE);
	}
	lt_buf_free(&path);
}

/* The PDF/A output intent's profile (ocr/pdfa/); without it the
 * searchable PDF is plain PDF. */
static void load_icc(lt_ocr_engine *e, const char *path)
{
	lt_error err = LT_ERROR_INIT;

	if (path && !*path)
		return;
	if (lt_pdfa_load_icc(&e->icc, path ? path : LT_PDFA_ICC_DEFAULT, &err) != LT_OK)
		lt_log_warn("searchable PDF is not PDF/A: %s", err.message);
}

int lt_ocr_engine_new(lt_ocr_engine **out, const lt_ocr_options *opts, lt_error *err)
{
	lt_ocr_options defaults = LT_OCR_OPTIONS_INIT;
	const char *langs;
	lt_ocr_engine *e;
	unsigned n;
	int rc = LT_OK;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	langs = opts->languages && *opts->languages ? opts->languages : defaults.languages;
	lt_ocr_quiet_leptonica();
	if (!getenv("OMP_THREAD_LIMIT") && !atomic_flag_test_and_set(&warned_omp))
		lt_log_warn("OMP_THREAD_LIMIT is not set: Tesseract will be several times slower");

	n = opts->workers == 0 ? lt_ocr_default_workers() : opts->workers;
	if (n > LT_OCR_MAX_WORKERS)
		n = LT_OCR_MAX_WORKERS;
	e = calloc(1, sizeof(*e));
	if (!e || !(e->h = calloc(n, sizeof(*e->h)))) {
		free(e);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	e->limits = opts->limits;
	if (e->limits.max_pixels == 0)
		e->limits.max_pixels = LT_OCR_MAX_PIXELS_DEFAULT;
	if (e->limits.max_pages <= 0)
		e->limits.max_pages = LT_OCR_MAX_PAGES_DEFAULT;
	e->preprocess = opts->preprocess;
	e->searchable_pdf = opts->searchable_pdf;
	if (e->searchable_pdf)
		sweep_dead_tmpdirs();
	pthread_mutex_init(&e->mu, NULL);
	pthread_cond_init(&e->work, NULL);
	pthread_cond_init(&e->done, NULL);
	e->nh = n;
	if ((opts->tessdata && !(e->tessdata = strdup(opts->tessdata))) ||
	    !(e->languages = strdup(langs)) ||
	    (opts->latin_languages && !(e->latin_languages = strdup(opts->latin_languages)))) {
		lt_ocr_engine_free(e);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	/* Unless load_on_use, every handle is loaded now, so each worker
	 * starts warm and a missing model is refused here. */
	for (unsigned i = 0; i < n && rc == LT_OK && !opts->load_on_use; i++)
		rc = handle_ready(e, &e->h[i], err);
	if (rc != LT_OK) {
		lt_ocr_engine_free(e);
		return rc;
	}
	if (e->searchable_pdf) {
		load_pdf_font(e);
		load_icc(e, opts->icc_profile);
	}
	e->office_pdf = opts->office_pdf;
	*out = e;
	return LT_OK;
}

unsigned lt_ocr_engine_workers(const lt_ocr_engine *engine)
{
	return engine->nh;
}

void lt_ocr_engine_set_progress(lt_ocr_engine *engine, lt_ocr_progress_fn fn, void *ctx)
{
	engine->progress = fn;
	engine->progress_ctx = ctx;
}

void lt_ocr_engine_set_doc_progress(lt_ocr_engine *engine, lt_ocr_doc_progress_fn fn, void *ctx)
{
	engine->doc_progress = fn;
	engine->doc_progress_ctx = ctx;
}

static void doc_free(doc *d);

void lt_ocr_engine_free(lt_ocr_engine *engine)
{
	if (!engine)
		return;
	pthread_mutex_lock(&engine->mu);
	engine->stop = 1;
	pthread_cond_broadcast(&engine->work);
	pthread_mutex_unlock(&engine->mu);
	for (unsigned i = 0; i < engine->nthreads; i++)
		pthread_join(engine->threads[i], NULL);
	free(engine->threads);
	while (engine->head) {
		doc *d = engine->head;
		engine->head = d->next_doc;
		doc_free(d);
	}
	for (unsigned i = 0; i < engine->nh; i++)
		handle_free(&engine->h[i]);
	free(engine->h);
	pthread_cond_destroy(&engine->work);
	pthread_cond_destroy(&engine->done);
	pthread_mutex_destroy(&engine->mu);
	lt_buf_free(&engine->font);
	lt_buf_free(&engine->icc);
	free(engine->tessdata);
	free(engine->languages);
	free(engine->latin_languages);
	free(engine->datapath);
	free(engine);
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

/* Tesseract on p as it is; the page's words into *pw (freed first), its
 * mean word confidence into *conf and the seconds recognition took into
 * *seconds. -1 when Tesseract cannot recognise the page (or, for lack of
 * memory, its words cannot be read). The results stay in api. */
static int tess_read(TessBaseAPI *api, PIX *p, int dpi, lt_ocr_words *pw, int *conf,
                     double *seconds)
{
	struct timespec t0, t1;
	int rc = -1;

	lt_ocr_words_free(pw);
	*conf = 0;
	TessBaseAPISetImage2(api, p);
	TessBaseAPISetSourceResolution(api, dpi);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (TessBaseAPIRecognize(api, NULL) == 0 && lt_ocr_words_read(api, pw) == 0) {
		int c = TessBaseAPIMeanTextConf(api);
		*conf = c < 0 ? 0 : c > 100 ? 100 : c;
		rc = 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	return rc;
}

/*
 * Whether the page just recognised reads like upright text, so orientation
 * detection can be skipped. Measured on the fixtures (bench/README.md):
 * upright pages (scan, fax, 200 dpi, clean) give a mean word confidence of
 * 93-95 with 95-99 % of their words in the dictionary; the same pages
 * upside down 54-59 and 45-56 %. Pages turned by 90° are another
 * matter: Tesseract finds their vertical lines itself and reads them with
 * confidence 95, but without deskew and with the header's columns out of
 * order (layout.c works on the page's own coordinates; CER 2.7 % instead
 * of 0.2 %), so a page with more than a few words higher than wide is not
 * upright either.
 * A page with almost no words (blank, a photo) is not judged: OSD has the
 * last word, and costs little on such a page.
 */
#define UPRIGHT_MIN_WORDS  20
#define UPRIGHT_MIN_CONF   70
#define UPRIGHT_MIN_DICT   0.75
#define UPRIGHT_MAX_TURNED 0.05

static int reads_upright(int conf, const lt_ocr_words *pw)
{
	size_t words = 0, dict = 0, turned = 0;

	for (size_t i = 0; i < pw->nw; i++) {
		const lt_ocr_word *w = &pw->w[i];
		/* Words of letters only count: numbers and punctuation are not
		 * in the dictionary either way. */
		if (w->letters < 2)
			continue;
		words++;
		dict += w->dict != 0;
		/* A word of three letters or more is wider than high on the
		 * page, unless it was read from a turned line. */
		if (w->letters >= 3 && w->bottom - w->top > w->right - w->left)
			turned++;
	}
	return words >= UPRIGHT_MIN_WORDS && conf >= UPRIGHT_MIN_CONF &&
	       (double)dict >= UPRIGHT_MIN_DICT * (double)words &&
	       (double)turned <= UPRIGHT_MAX_TURNED * (double)words;
}

/*
 * Second reading (LT_OCR_PREP_REREAD). Tesseract binarises the page with
 * one global Otsu threshold; on a shaded page with little text the
 * threshold falls into the shading and the text is lost: a second page
 * holding only "Nơi nhận:" and the signature came back as one word at
 * confidence 95. Such a page is told by its ink: glyph-sized marks
 * (ink.c) far more than the letters read. It is read again with
 * Sauvola's local thresholding (Tesseract's thresholding_method 2) and
 * the reading with more sure letters is kept. Sauvola is not the default:
 * on ordinary pages it costs tone marks (bench/README.md, binarisation).
 * Thresholds measured on the tune pages (bench/README.md, "Second
 * reading"): letters read ÷ glyph marks is 0.55-0.75 on every fixture
 * page, 0.00-0.10 on the failed shaded pages.
 */
#define REREAD_MIN_GLYPHS  12
#define REREAD_MAX_LETTERS 0.30

static size_t sure_letters(const lt_ocr_words *pw)
{
	size_t n = 0;
	for (size_t i = 0; i < pw->nw; i++)
		n += (size_t)pw->w[i].letters * (size_t)pw->w[i].conf;
	return n / 100;
}

static int lacks_text(const lt_ocr_words *pw, const lt_ocr_ink *ink)
{
	return ink->glyphs >= REREAD_MIN_GLYPHS &&
	       (double)sure_letters(pw) < REREAD_MAX_LETTERS * (double)ink->glyphs;
}

/*
 * English words (LT_OCR_PREP_LATIN). The Vietnamese model alone keeps the
 * tone marks that vie+eng lost to the English model ("dân" → "dan", "TỈNH"
 * → "TINH": six times the share of mark errors, bench/README.md), but reads
 * some English and addresses worse ("Agency" → "AøenCy", "@" → "(@").
 * So a word read without any Vietnamese mark whose confidence is low, or
 * holding a letter Vietnamese does not have (ø, €), is read again alone
 * by the English model, and its reading is taken when it is plain ASCII,
 * surer by LATIN_MARGIN and has the same digits and slashes. Words with
 * Vietnamese marks are never touched: the English model cannot write
 * them.
 */
#define LATIN_MIN_CONF 90
#define LATIN_MARGIN   5

/* The digits and slashes of a and b, in order, are the same: the English
 * reading may mend letters, not numbers or a "V/v" (về việc), which it
 * read "Viv". */
static int same_skeleton(const char *a, const char *b)
{
	for (;;) {
		while (*a && !((*a >= '0' && *a <= '9') || *a == '/'))
			a++;
		while (*b && !((*b >= '0' && *b <= '9') || *b == '/'))
			b++;
		if (*a != *b)
			return 0;
		if (!*a)
			return 1;
		a++, b++;
	}
}

static void latin_pass(TessBaseAPI *latin, PIX *p, int dpi, lt_ocr_words *pw)
{
	int set = 0, w = pixGetWidth(p), h = pixGetHeight(p);

	for (size_t i = 0; i < pw->nw; i++) {
		lt_ocr_word *wd = &pw->w[i];
		int script = lt_ocr_word_script(wd->text), pad, conf;
		char *t;

		if (script == LT_OCR_SCRIPT_VIETNAMESE || wd->letters == 0 ||
		    (script == LT_OCR_SCRIPT_ASCII &&
		     (wd->letters < 2 || wd->conf >= LATIN_MIN_CONF)))
			continue;
		if (!set) {
			TessBaseAPISetImage2(latin, p);
			TessBaseAPISetSourceResolution(latin, dpi);
			TessBaseAPISetPageSegMode(latin, PSM_SINGLE_WORD);
			set = 1;
		}
		pad = (wd->bottom - wd->top) / 4 + 1;
		{
			int x0 = wd->left - pad < 0 ? 0 : wd->left - pad;
			int y0 = wd->top - pad < 0 ? 0 : wd->top - pad;
			int x1 = wd->right + pad > w ? w : wd->right + pad;
			int y1 = wd->bottom + pad > h ? h : wd->bottom + pad;
			TessBaseAPISetRectangle(latin, x0, y0, x1 - x0, y1 - y0);
		}
		if (TessBaseAPIRecognize(latin, NULL) != 0 || !(t = TessBaseAPIGetUTF8Text(latin)))
			continue;
		conf = TessBaseAPIMeanTextConf(latin);
		{
			size_t n = strlen(t);
			while (n > 0 && (t[n - 1] == '\n' || t[n - 1] == ' '))
				t[--n] = '\0';
			if (n > 0 && !strchr(t, ' ') && !strchr(t, '\n') &&
			    lt_ocr_word_script(t) == LT_OCR_SCRIPT_ASCII &&
			    conf > wd->conf + LATIN_MARGIN && same_skeleton(wd->text, t)) {
				char *copy = strdup(t);
				if (copy) {
					free(wd->text);
					wd->text = copy;
					wd->conf = conf;
					wd->letters = (unsigned)lt_ocr_count_letters(copy, n);
				}
			}
		}
		TessDeleteText(t);
	}
	if (set)
		TessBaseAPIClear(latin);
}

/*
 * A line above all the words read (LT_OCR_PREP_REREAD): Tesseract drops a
 * lone page number at the top of a page (on most second pages of the
 * fixtures) as noise. When the page's ink has glyph marks above the first
 * word read, a few of them close together, that spot is read as one line
 * and put first.
 */
#define TOP_MAX_MARKS 8
#define TOP_MAX_MM    40.0
#define TOP_MIN_CONF  60

static void top_line_pass(TessBaseAPI *api, PIX *p, int dpi, const lt_ocr_ink *ink,
                          lt_ocr_words *pw)
{
	int first = -1, l = 0, t = 0, r = 0, b = 0, n = 0, conf;
	double per_mm = dpi / 25.4;
	char *text;

	for (size_t i = 0; i < pw->nw; i++)
		if (first < 0 || pw->w[i].top < first)
			first = pw->w[i].top;
	if (first < 0 || pw->nl == 0)
		return;
	for (int k = 0; k < ink->ntop; k++) {
		const int *g = ink->top[k];
		if (g[3] >= first - (int)(2 * per_mm))
			continue;
		if (n == 0 || g[0] < l)
			l = g[0];
		if (n == 0 || g[1] < t)
			t = g[1];
		if (n == 0 || g[2] > r)
			r = g[2];
		if (n == 0 || g[3] > b)
			b = g[3];
		n++;
	}
	if (n == 0 || n > TOP_MAX_MARKS || r - l > TOP_MAX_MM * per_mm || b - t > 10 * per_mm)
		return;
	{
		int pad = (b - t) / 2 + 4;
		int x0 = l - pad < 0 ? 0 : l - pad, y0 = t - pad < 0 ? 0 : t - pad;
		int x1 = r + pad > pixGetWidth(p) ? pixGetWidth(p) : r + pad;
		int y1 = b + pad > pixGetHeight(p) ? pixGetHeight(p) : b + pad;
		TessBaseAPISetImage2(api, p);
		TessBaseAPISetSourceResolution(api, dpi);
		TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);
		TessBaseAPISetRectangle(api, x0, y0, x1 - x0, y1 - y0);
	}
	text = TessBaseAPIRecognize(api, NULL) == 0 ? TessBaseAPIGetUTF8Text(api) : NULL;
	conf = text ? TessBaseAPIMeanTextConf(api) : 0;
	TessBaseAPISetPageSegMode(api, PSM_AUTO);
	TessBaseAPIClear(api);
	if (text) {
		size_t len = strlen(text);
		while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' '))
			text[--len] = '\0';
		if (len > 0 && !strchr(text, '\n') && conf >= TOP_MIN_CONF &&
		    lt_ocr_words_prepend_line(pw, text, l, t, r, b, conf) == 0)
			lt_ocr_words_measure(pw);
		TessDeleteText(text);
	}
}

/* The words' confidences, in reading order, into page->word_conf. */
static void keep_word_confidences(const lt_ocr_words *pw, lt_ocr_page *page)
{
	free(page->word_conf);
	page->word_conf = pw->nw ? malloc(pw->nw) : NULL;
	page->nwords = page->word_conf ? pw->nw : 0;
	for (size_t i = 0; i < page->nwords; i++)
		page->word_conf[i] = (unsigned char)pw->w[i].conf;
}

/* What is read of a page after cleaning: deskewed, its ink measured, its
 * tables' rules out of the way (the image Tesseract reads is `read`). */
typedef struct prepared {
	PIX *p;    /* the cleaned page, deskewed */
	PIX *read; /* p, or a copy without the tables' rules */
	lt_ocr_ink ink;
	lt_ocr_tables tables;
} prepared;

static void prepared_free(prepared *pp)
{
	pixDestroy(&pp->p);
	pixDestroy(&pp->read);
	lt_ocr_tables_free(&pp->tables);
	lt_ocr_ink_free(&pp->ink);
}

/* Deskew pp->p, measure its ink, find its tables. */
static void prepare_page(lt_ocr_engine *e, prepared *pp, int dpi, double *skew)
{
	pixDestroy(&pp->read);
	lt_ocr_tables_free(&pp->tables);
	lt_ocr_ink_free(&pp->ink);
	*skew = lt_ocr_prep_deskew(&pp->p, e->preprocess);
	lt_ocr_ink_measure(pp->p, dpi, &pp->ink);
	if (e->preprocess & LT_OCR_PREP_TABLES)
		pp->read = lt_ocr_tables_find(pp->p, &pp->ink, &pp->tables);
	if (!pp->read)
		pp->read = pixClone(pp->p);
}

/* A page without ink: no recognition (no Tesseract, no OSD), empty text,
 * and in the searchable PDF the page thresholded to 1 bit (a few KiB
 * instead of a JPEG of paper). */
static int blank_page(lt_ocr_page *page, PIX *pix, const lt_ocr_ink *ink, int dpi, const char *part,
                      int *part_ok, lt_error *err)
{
	lt_ocr_words none;
	int rc;

	memset(&none, 0, sizeof(none));
	page->blank = 1;
	page->confidence = 100;
	page->quality = 100;
	page->dpi = dpi;
	page->source = LT_PAGE_OCR;
	rc = page_set_text(page, "", 0, 0, err);
	if (rc == LT_OK && part) {
		lt_error perr = LT_ERROR_INIT;
		PIX *bw = lt_ocr_ink_bitonal(pix, ink);
		*part_ok = bw && lt_ocr_spdf_page(part, bw, dpi, &none, &perr) == LT_OK;
		pixDestroy(&bw);
	}
	return rc;
}

/* Recognise one page image into page (text, confidence, dpi, word
 * confidences, quality); with part, also write its part of the searchable
 * PDF (spdf.c) there, *part_ok telling whether it was written. */
static int recognise(lt_ocr_engine *e, handle *h, PIX *pix, int dpi, lt_ocr_page *page,
                     const char *path, const char *part, int *part_ok, lt_error *err)
{
	TessBaseAPI *api;
	PIX *shown = NULL, *unturned = NULL;
	prepared pp;
	lt_ocr_words words;
	char *text = NULL;
	int rc = LT_OK, conf = 0, ok;

	if ((rc = handle_ready(e, h, err)) != LT_OK)
		return rc;
	api = h->api;
	memset(&pp, 0, sizeof(pp));
	memset(&words, 0, sizeof(words));
	pp.p = pix_for_tesseract(pix);
	if (!pp.p)
		return lt_error_set(
		    err, LT_EOCR,
		    LT_TR("không nhận dạng được trang %d của %s: không chuyển được ảnh",
		          "cannot recognise page %d of %s: image conversion failed"),
		    page->page_no, path);
	/* Colour: seals and signatures are left out of what is read; the
	 * searchable PDF shows the page in its colours (shown). */
	if ((e->preprocess & LT_OCR_PREP_DROPOUT) && pixGetDepth(pp.p) == 32) {
		PIX *grey = lt_ocr_prep_dropout(pp.p);
		if (grey) {
			shown = pp.p;
			pp.p = grey;
		}
	}
	lt_ocr_prep_clean(&pp.p, dpi, e->preprocess);
	/* Orientation is checked lazily (prep.c): keep the cleaned page as
	 * it was before deskew, in case it has to be turned. */
	if ((e->preprocess & LT_OCR_PREP_ORIENT) && h->osd)
		unturned = pixClone(pp.p);
	page->rotation = 0;
	page->dpi = dpi;
	page->source = LT_PAGE_OCR;
	prepare_page(e, &pp, dpi, &page->skew);

	if ((e->preprocess & LT_OCR_PREP_BLANK) && lt_ocr_ink_blank(&pp.ink)) {
		pixDestroy(&unturned);
		pixDestroy(&shown);
		rc = blank_page(page, pp.p, &pp.ink, dpi, part, part_ok, err);
		prepared_free(&pp);
		return rc;
	}

	ok = tess_read(api, pp.read, dpi, &words, &conf, &page->ocr_seconds) == 0;
	if (ok && unturned && !reads_upright(conf, &words)) {
		int quads = lt_ocr_prep_orientation(h->osd, unturned, dpi);
		if (quads && lt_ocr_prep_turn(&unturned, quads) == LT_OK) {
			/* The first reading was of a turned page: read it
			 * again, upright (its time counts as overhead). */
			TessBaseAPIClear(api);
			pixDestroy(&pp.p);
			pp.p = unturned;
			unturned = NULL;
			page->rotation = quads * 90;
			prepare_page(e, &pp, dpi, &page->skew);
			ok = tess_read(api, pp.read, dpi, &words, &conf, &page->ocr_seconds) == 0;
		}
	}
	pixDestroy(&unturned);
	if (ok && (e->preprocess & LT_OCR_PREP_REREAD) && lacks_text(&words, &pp.ink)) {
		lt_ocr_words again;
		int conf2 = 0;
		double secs = 0;

		memset(&again, 0, sizeof(again));
		TessBaseAPIClear(api);
		TessBaseAPISetVariable(api, "thresholding_method", "2");
		if (tess_read(api, pp.read, dpi, &again, &conf2, &secs) == 0 &&
		    sure_letters(&again) > sure_letters(&words)) {
			lt_ocr_words t = words;
			words = again;
			again = t;
			conf = conf2;
			page->reread = 1;
		}
		TessBaseAPISetVariable(api, "thresholding_method", "0");
		page->ocr_seconds += secs;
		lt_ocr_words_free(&again);
	}
	/* Drop the page's results now: the handle stays warm but holds no
	 * memory of the page. */
	TessBaseAPIClear(api);
	if (ok && (e->preprocess & LT_OCR_PREP_REREAD))
		top_line_pass(api, pp.read, dpi, &pp.ink, &words);
	if (!ok) {
		rc = lt_error_set(err, LT_EOCR,
		                  LT_TR("không nhận dạng được trang %d của %s (Tesseract)",
		                        "cannot recognise page %d of %s (Tesseract)"),
		                  page->page_no, path);
		goto out;
	}
	if ((e->preprocess & LT_OCR_PREP_LATIN) && h->latin)
		latin_pass(h->latin, pp.read, dpi, &words);
	if (pp.tables.n)
		page->tables = lt_ocr_tables_order(&words, &pp.tables);
	text = lt_ocr_layout_text(&words);
	if (!text) {
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
		goto out;
	}
	page->confidence = conf;
	keep_word_confidences(&words, page);
	page->quality = lt_ocr_quality(&words, &pp.ink);
	page->review = page->quality < LT_OCR_QUALITY_REVIEW;
	rc = page_set_text(page, text, strlen(text), 1, err);
	free(text);
	if (rc == LT_OK && part) {
		lt_error perr = LT_ERROR_INIT;
		/* The colour page, turned and straightened as the grey one was. */
		if (shown && page->rotation)
			lt_ocr_prep_turn(&shown, page->rotation / 90);
		if (shown && page->skew != 0)
			lt_ocr_prep_rotate(&shown, page->skew);
		*part_ok =
		    lt_ocr_spdf_page(part, shown ? shown : pp.p, dpi, &words, &perr) == LT_OK;
		if (!*part_ok)
			lt_log_warn("searchable PDF of %s, page %d: %s", path, page->page_no,
			            perr.message);
	}
out:
	lt_ocr_words_free(&words);
	pixDestroy(&shown);
	prepared_free(&pp);
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

/* pix: the page as the probe decoded it (taken over), or NULL. */
static int do_image_page(lt_ocr_engine *e, handle *h, lt_ocr_page *page, const char *path,
                         lt_media_type type, PIX *pix, const char *part, int *part_ok,
                         lt_error *err)
{
	int rc =
	    pix ? LT_OK : lt_ocr_image_load(&pix, path, type, page->page_no - 1, &e->limits, err);

	if (rc == LT_OK)
		rc = recognise(e, h, pix, image_dpi(pix), page, path, part, part_ok, err);
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

static int do_pdf_page(lt_ocr_engine *e, handle *h, lt_ocr_page *page, const char *path,
                       const lt_ocr_pdf_info *info, const char *part, int *part_ok, lt_error *err)
{
	lt_buf text = LT_BUF_INIT;
	PIX *pix = NULL;
	int rc;

	/* The document's text layer, read once at submit, or this page's. */
	if (info->text)
		rc = lt_buf_append(&text, info->text[page->page_no - 1],
		                   strlen(info->text[page->page_no - 1])) == 0
		         ? LT_OK
		         : lt_error_set(err, LT_ENOMEM, "out of memory");
	else
		rc = lt_ocr_pdf_page_text(&text, path, page->page_no, err);

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
	 * may still be fine. A page that is one scanned image is read from
	 * that image as stored (pdf.c); should it read poorly, as a page
	 * drawn in some way the image alone does not show would, the page is
	 * drawn by pdftoppm and read again. */
	{
		int dpi = 0;
		rc = lt_ocr_pdf_page_image(&pix, &dpi, path, page->page_no, info,
		                           e->limits.max_pixels, err);
		if (rc == LT_OK && pix) {
			rc = recognise(e, h, pix, dpi, page, path, part, part_ok, err);
			pixDestroy(&pix);
			if (rc != LT_OK || page->confidence >= PDF_IMAGE_MIN_CONF)
				return rc;
			lt_error_clear(err);
			*part_ok = 0;
		}
		if (rc != LT_OK)
			return rc;
	}
	/* A page that draws no image: when nothing at all is drawn (an empty
	 * page of a born-digital PDF; pdf.c tells them all at once, else it is
	 * drawn small here), that is the page (2,000 such pages were drawn at
	 * 300 dpi and recognised: 23 minutes, a searchable PDF of 196 MiB). */
	if ((e->preprocess & LT_OCR_PREP_BLANK) && info->images &&
	    info->images[page->page_no - 1].count == 0) {
		lt_error perr = LT_ERROR_INIT;
		int dpi = LT_OCR_PDF_PREVIEW_DPI;
		if (info->empty && info->empty[page->page_no - 1]) {
			/* white, one pixel a point: the page's own size */
			double w = info->width_pt ? info->width_pt[page->page_no - 1] : 595;
			double ht = info->height_pt ? info->height_pt[page->page_no - 1] : 842;
			dpi = 72;
			pix = pixCreate((int)(w + 0.5), (int)(ht + 0.5), 8);
			if (pix) {
				pixSetAllArbitrary(pix, 255);
				pixSetResolution(pix, dpi, dpi);
			}
		} else if (!info->empty) {
			lt_ocr_pdf_render(&pix, path, page->page_no, dpi, e->limits.max_pixels,
			                  &perr);
		}
		if (pix) {
			lt_ocr_ink ink;
			lt_ocr_ink_measure(pix, dpi, &ink);
			rc = lt_ocr_ink_empty(&ink)
			         ? blank_page(page, pix, &ink, dpi, part, part_ok, err)
			         : 1;
			lt_ocr_ink_free(&ink);
			pixDestroy(&pix);
			if (rc != 1)
				return rc;
		}
	}
	{
		int dpi = pdf_render_dpi(info, page->page_no - 1, e->limits.max_pixels);
		rc = lt_ocr_pdf_render(&pix, path, page->page_no, dpi, e->limits.max_pixels, err);
		if (rc == LT_OK)
			rc = recognise(e, h, pix, dpi, page, path, part, part_ok, err);
	}
	pixDestroy(&pix);
	return rc;
}

/* Where page index i of d writes its part of the searchable PDF. */
static int part_name(lt_buf *out, const doc *d, size_t i)
{
	return lt_buf_printf(out, "%s/p%06zu.part", d->tmpdir, i + 1);
}

static void doc_free(doc *d)
{
	if (!d)
		return;
	if (d->tmpdir) {
		lt_buf f = LT_BUF_INIT;
		for (size_t i = 0; i < d->npages; i++) {
			lt_buf_reset(&f);
			part_name(&f, d, i);
			unlink(lt_buf_cstr(&f));
		}
		lt_buf_free(&f);
		rmdir(d->tmpdir); /* fails, as it should, while searchable.pdf is there */
		free(d->tmpdir);
	}
	lt_ocr_result_free(&d->res);
	lt_ocr_probe_keep_free(&d->keep);
	free(d->path);
	free(d);
}

static size_t pix_bytes(PIX *pix)
{
	return (size_t)pixGetWpl(pix) * 4 * (size_t)pixGetHeight(pix);
}

/* A born-digital document (ocr/formats/): one page, its text; with a
 * temporary directory, its PDF/A rendition. */
static int do_document(doc *d, lt_ocr_page *page, lt_error *err)
{
	lt_buf pdf = LT_BUF_INIT;
	int rendered = 0, rc;

	if (d->tmpdir)
		lt_buf_printf(&pdf, "%s/searchable.pdf", d->tmpdir);
	rc = lt_fmt_page(page, d->path, d->type, pdf.data, &rendered, &d->encoding, err);
	if (rendered)
		d->res.searchable_pdf = lt_buf_detach(&pdf);
	lt_buf_free(&pdf);
	return rc;
}

/* Recognise page index i of d with handle h; never touches another page. */
static void run_page(lt_ocr_engine *e, handle *h, doc *d, size_t i)
{
	lt_ocr_page *page = &d->res.pages[i];
	lt_error perr = LT_ERROR_INIT;
	lt_buf base = LT_BUF_INIT;
	const char *part = NULL;
	int prc, part_ok = 0;

	if (d->tmpdir && part_name(&base, d, i) == 0)
		part = lt_buf_cstr(&base);
	switch (d->type) {
	case LT_MEDIA_TEXT: prc = do_text(page, d->path, &perr); break;
	case LT_MEDIA_PDF:
		prc = do_pdf_page(e, h, page, d->path, &d->keep.pdf, part, &part_ok, &perr);
		break;
	default: {
		if (lt_fmt_handles(d->type)) {
			prc = do_document(d, page, &perr);
			break;
		}
		/* Page i is this worker's alone: no lock needed to take it. */
		PIX *pix = NULL;
		if (d->keep.pages && i < d->keep.npages && d->keep.pages[i]) {
			pix = d->keep.pages[i];
			d->keep.pages[i] = NULL;
			pthread_mutex_lock(&e->mu);
			e->kept_bytes -= pix_bytes(pix);
			pthread_mutex_unlock(&e->mu);
		}
		prc = do_image_page(e, h, page, d->path, d->type, pix, part, &part_ok, &perr);
		break;
	}
	}
	page->searchable = part_ok;
	if (h->state == HANDLE_FAILED) {
		/* not this page's fault: the document waits for the models */
		d->fatal = h->failed.code;
		d->fatal_err = h->failed;
	} else if (prc == LT_ENOMEM || (prc != LT_OK && page_fail(page, &perr) != LT_OK)) {
		d->fatal = LT_ENOMEM;
	}
	if (!page->text && !(page->text = calloc(1, 1)))
		d->fatal = LT_ENOMEM;
	lt_buf_free(&base);
}

/* The first page of a submitted document not yet handed out (mu held). */
static doc *next_task(lt_ocr_engine *e, size_t *index)
{
	for (doc *d = e->head; d; d = d->next_doc)
		if (d->handed < d->res.npages) {
			*index = d->handed++;
			return d;
		}
	return NULL;
}

static void *worker_main(void *arg)
{
	lt_ocr_engine *e = ((void **)arg)[0];
	handle *h = ((void **)arg)[1];

	free(arg);
	pthread_mutex_lock(&e->mu);
	for (;;) {
		size_t i = 0;
		doc *d = NULL;

		while (!e->stop && !(d = next_task(e, &i)))
			pthread_cond_wait(&e->work, &e->mu);
		if (e->stop)
			break;
		pthread_mutex_unlock(&e->mu);
		run_page(e, h, d, i);
		pthread_mutex_lock(&e->mu);
		d->finished++;
		e->pages_done++;
		pthread_cond_broadcast(&e->done);
	}
	pthread_mutex_unlock(&e->mu);
	return NULL;
}

static int start_workers(lt_ocr_engine *e, lt_error *err)
{
	if (e->nh < 2 || e->threads)
		return LT_OK;
	e->threads = calloc(e->nh, sizeof(*e->threads));
	if (!e->threads)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	for (unsigned i = 0; i < e->nh; i++) {
		void **arg = malloc(2 * sizeof(*arg));
		if (!arg)
			break;
		arg[0] = e;
		arg[1] = &e->h[i];
		if (pthread_create(&e->threads[i], NULL, worker_main, arg) != 0) {
			free(arg);
			break;
		}
		e->nthreads++;
	}
	if (e->nthreads == 0)
		return lt_error_set(
		    err, LT_ERR,
		    LT_TR("không tạo được luồng nhận dạng", "cannot start a recognition thread"));
	return LT_OK;
}

int lt_ocr_submit(lt_ocr_engine *engine, const char *path, void *tag, lt_error *err)
{
	lt_ocr_probe_info probe;
	doc *d;
	int rc;

	if (!(d = calloc(1, sizeof(*d))) || !(d->path = strdup(path))) {
		free(d);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	/* The probe validates the whole file; what it decoded for that, the
	 * workers use (budget permitting) instead of decoding it again. */
	pthread_mutex_lock(&engine->mu);
	d->keep.budget =
	    engine->kept_bytes < PROBE_KEEP_BYTES ? PROBE_KEEP_BYTES - engine->kept_bytes : 0;
	pthread_mutex_unlock(&engine->mu);
	rc = lt_ocr_probe_ex(&probe, path, &engine->limits, &d->keep, err);
	/* A PDF's text layer and image list: one child each for all pages. */
	if (rc == LT_OK && probe.type == LT_MEDIA_PDF)
		rc = lt_ocr_pdf_doc_read(&d->keep.pdf, path, err);
	if (rc != LT_OK) {
		doc_free(d);
		return rc;
	}
	d->tag = tag;
	d->type = probe.type;
	d->res.pages = calloc((size_t)probe.pages, sizeof(*d->res.pages));
	if (!d->res.pages) {
		doc_free(d);
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	}
	d->res.npages = d->npages = (size_t)probe.pages;
	for (size_t i = 0; i < d->res.npages; i++) {
		d->res.pages[i].page_no = (int)i + 1;
		d->res.pages[i].quality = -1;
	}
	if (engine->searchable_pdf && probe.type != LT_MEDIA_TEXT &&
	    (!lt_fmt_handles(probe.type) ||
	     (engine->office_pdf && lt_fmt_renderable(probe.type)))) {
		lt_buf dir = LT_BUF_INIT;
		if (lt_ocr_private_dir(&dir) == 0) {
			d->tmpdir = lt_buf_detach(&dir);
		} else {
			/* no archival PDF; recognition goes on */
			lt_log_warn("searchable PDF of %s: cannot create a temporary directory",
			            path);
		}
		lt_buf_free(&dir);
	}
	rc = start_workers(engine, err);
	if (rc != LT_OK) {
		doc_free(d);
		return rc;
	}
	pthread_mutex_lock(&engine->mu);
	for (size_t i = 0; d->keep.pages && i < d->keep.npages; i++)
		if (d->keep.pages[i])
			engine->kept_bytes += pix_bytes(d->keep.pages[i]);
	if (engine->tail)
		engine->tail->next_doc = d;
	else
		engine->head = d;
	engine->tail = d;
	pthread_cond_broadcast(&engine->work);
	pthread_mutex_unlock(&engine->mu);
	/* its page count is known: nothing done yet */
	if (engine->doc_progress)
		engine->doc_progress(engine->doc_progress_ctx, tag, 0, d->npages);
	return LT_OK;
}

size_t lt_ocr_pending_pages(lt_ocr_engine *engine)
{
	size_t n = 0;
	pthread_mutex_lock(&engine->mu);
	for (doc *d = engine->head; d; d = d->next_doc)
		n += d->res.npages - d->finished;
	pthread_mutex_unlock(&engine->mu);
	return n;
}

/* Write the searchable PDF of d from its pages' parts (spdf.c). Only for
 * documents whose every page was recognised and written: an archival copy
 * must not drop pages. */
static void join_pdf(lt_ocr_engine *e, doc *d)
{
	lt_buf out = LT_BUF_INIT;
	lt_error err = LT_ERROR_INIT;
	char **parts;
	size_t n = d->res.npages;
	int ok = 1;

	if (!d->tmpdir || n == 0)
		return;
	for (size_t i = 0; i < n; i++)
		if (d->res.pages[i].status != LT_OK || d->res.pages[i].source != LT_PAGE_OCR ||
		    !d->res.pages[i].searchable)
			return;
	parts = calloc(n, sizeof(*parts));
	if (!parts || lt_buf_printf(&out, "%s/searchable.pdf", d->tmpdir) != 0)
		ok = 0;
	for (size_t i = 0; ok && i < n; i++) {
		lt_buf f = LT_BUF_INIT;
		ok = part_name(&f, d, i) == 0 && (parts[i] = lt_buf_detach(&f)) != NULL;
	}
	if (!ok)
		lt_error_set(&err, LT_ENOMEM, "out of memory");
	if (ok)
		load_pdf_font(e);
	if (ok && lt_ocr_spdf_join(lt_buf_cstr(&out), (const char *const *)parts, n, &e->font,
	                           &e->icc, &err) == LT_OK)
		d->res.searchable_pdf = lt_buf_detach(&out);
	else
		lt_log_warn("searchable PDF of %s: %s", d->path, err.message);
	for (size_t i = 0; parts && i < n; i++)
		free(parts[i]);
	free(parts);
	lt_buf_free(&out);
}

/* Tell the document callback, then the engine's, of the pages finished
 * since they were last told (mu held; released around the calls, which
 * run in the owner's thread: only the owner adds or frees documents, so
 * the list stays as it is meanwhile, but for its finished counts). */
static void report(lt_ocr_engine *e)
{
	for (doc *d = e->head; d && e->doc_progress; d = d->next_doc) {
		if (d->reported == d->finished)
			continue;
		size_t done = d->reported = d->finished;
		pthread_mutex_unlock(&e->mu);
		e->doc_progress(e->doc_progress_ctx, d->tag, done, d->npages);
		pthread_mutex_lock(&e->mu);
	}
	if (e->progress && e->pages_done != e->told) {
		size_t done = e->told = e->pages_done;
		pthread_mutex_unlock(&e->mu);
		e->progress(e->progress_ctx, done);
		pthread_mutex_lock(&e->mu);
	}
}

int lt_ocr_next(lt_ocr_engine *engine, void **tag, lt_ocr_result *out, lt_error *err)
{
	doc *d;
	int rc = LT_OK;

	pthread_mutex_lock(&engine->mu);
	d = engine->head;
	if (!d) {
		pthread_mutex_unlock(&engine->mu);
		return lt_error_set(err, LT_ENOTFOUND, "lt_ocr_next: nothing submitted");
	}
	if (engine->nthreads == 0) {
		/* One worker: the calling thread is the worker. */
		size_t i = 0;
		while (d->handed < d->res.npages) {
			i = d->handed++;
			pthread_mutex_unlock(&engine->mu);
			run_page(engine, &engine->h[0], d, i);
			pthread_mutex_lock(&engine->mu);
			d->finished++;
			engine->pages_done++;
			report(engine);
		}
	}
	/* and the pages the workers finished while the owner was away */
	report(engine);
	while (d->finished < d->res.npages) {
		pthread_cond_wait(&engine->done, &engine->mu);
		report(engine);
	}
	engine->head = d->next_doc;
	if (!engine->head)
		engine->tail = NULL;
	pthread_mutex_unlock(&engine->mu);

	if (tag)
		*tag = d->tag;
	if (d->fatal && d->fatal_err.code)
		rc = lt_error_set(err, d->fatal_err.code, "%s", d->fatal_err.message);
	else if (d->fatal)
		rc = lt_error_set(err, LT_ENOMEM, "out of memory");
	/* A text file (or a document) has only one page: its failure is the
	 * file's. */
	else if ((d->type == LT_MEDIA_TEXT || lt_fmt_handles(d->type)) &&
	         d->res.pages[0].status != LT_OK)
		rc = lt_error_set(err, d->res.pages[0].status, "%s", d->res.pages[0].error);
	if (rc == LT_OK)
		join_pdf(engine, d);
	d->res.text_encoding = d->encoding;
	*out = d->res;
	memset(&d->res, 0, sizeof(d->res));
	doc_free(d);
	return rc;
}

int lt_ocr_file(lt_ocr_engine *engine, const char *path, lt_ocr_result *out, lt_error *err)
{
	int rc = lt_ocr_submit(engine, path, NULL, err);
	return rc == LT_OK ? lt_ocr_next(engine, NULL, out, err) : rc;
}
