/* fuzz/fuzz_pdfsig.c — signed PDFs (archive/signatures/): signature
 * dictionaries found and checked (ByteRange, CMS, digest), and the
 * object, cross-reference and first-page readers the signer uses.
 * Input: the PDF's bytes (seeds: luutru's signed copies, damaged). */
#include <stdint.h>
#include <stdio.h>

#include "archive/signatures/pdfobj.h"
#include "archive/signatures/sig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data;
	lt_sig_list l = LT_SIG_LIST_INIT;
	lt_pdf_xref x;
	lt_error err = LT_ERROR_INIT;

	lt_sig_verify_mem(&l, d, size, NULL, &err);
	lt_sig_list_free(&l);
	if (lt_pdf_xref_read(&x, d, size, &err) == LT_OK) {
		lt_pdf_obj *page = NULL;
		int64_t num = 0;
		double box[4];
		if (lt_pdf_first_page(&num, &page, box, &x, d, size, &err) == LT_OK) {
			lt_buf out = LT_BUF_INIT;
			lt_pdf_write(&out, page);
			lt_buf_free(&out);
		}
		lt_pdf_obj_free(page);
		lt_pdf_xref_free(&x);
	}
	return 0;
}
