/*
 * bench/ocr_variants.c — extra page variants for bench/ocr_bench.sh, made
 * from the shared fixtures with Leptonica, for the preprocessing steps the
 * fixtures do not exercise:
 *
 *   NNN.rot.png     the scan page turned by 90°, 180° or 270° clockwise
 *                   (page k of the set by (k mod 3 + 1) × 90°): orientation
 *   NNN.dpi150.png  the clean page at 150 dpi (half size, grey): upscaling
 *
 *   ocr_variants FIXTURES_SCANS OUTDIR
 *
 * OUTDIR gets the same letter folders, with each page's NNN.gt.txt copied.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "core/buf.h"
#include "core/fs.h"

static const char *letters[] = {"000_49b2b25d46245d34", "001_bced24daea7d2dd6",
                                "002_4b8db33023f7f3aa"};
static const int pages[] = {2, 2, 3};

int main(int argc, char **argv)
{
	int k = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: ocr_variants FIXTURES_SCANS OUTDIR\n");
		return 2;
	}
	setMsgSeverity(L_SEVERITY_NONE);
	for (int l = 0; l < 3; l++) {
		for (int p = 1; p <= pages[l]; p++, k++) {
			lt_buf in = LT_BUF_INIT, out = LT_BUF_INIT, gt = LT_BUF_INIT;
			PIX *pix, *t;

			lt_buf_printf(&out, "%s/%s", argv[2], letters[l]);
			if (lt_fs_mkdirs(out.data, NULL) != 0)
				return 1;
			lt_buf_printf(&gt, "%s/%s/%03d.gt.txt", argv[1], letters[l], p);
			lt_buf_reset(&in);
			lt_fs_read_file(&in, gt.data, 0, NULL);
			lt_buf_printf(&out, "/%03d.gt.txt", p);
			lt_fs_write_atomic(out.data, in.data, in.len, NULL);

			lt_buf_reset(&in);
			lt_buf_printf(&in, "%s/%s/%03d.scan.jpg", argv[1], letters[l], p);
			pix = pixRead(in.data);
			t = pixRotateOrth(pix, k % 3 + 1);
			pixSetResolution(t, 300, 300);
			lt_buf_reset(&out);
			lt_buf_printf(&out, "%s/%s/%03d.rot.png", argv[2], letters[l], p);
			pixWrite(out.data, t, IFF_PNG);
			pixDestroy(&pix);
			pixDestroy(&t);

			lt_buf_reset(&in);
			lt_buf_printf(&in, "%s/%s/%03d.clean.png", argv[1], letters[l], p);
			pix = pixRead(in.data);
			t = pixScaleAreaMap2(pix);
			pixSetResolution(t, 150, 150);
			lt_buf_reset(&out);
			lt_buf_printf(&out, "%s/%s/%03d.dpi150.png", argv[2], letters[l], p);
			pixWrite(out.data, t, IFF_PNG);
			pixDestroy(&pix);
			pixDestroy(&t);
			lt_buf_free(&in);
			lt_buf_free(&out);
			lt_buf_free(&gt);
		}
	}
	return 0;
}
