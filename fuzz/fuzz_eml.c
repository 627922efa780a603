/* fuzz/fuzz_eml.c — the e-mail reader (ocr/formats/eml.c): headers and
 * their encoded words, MIME multiparts, base64, quoted-printable,
 * charsets, HTML bodies; attachments written to a private directory every
 * other input. Input: the message's bytes. */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "fuzz/fuzz_util.h"
#include "ocr/formats/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned n;
	lt_fmt_limits lim = LT_FMT_LIMITS_INIT;
	lt_fmt_text t = LT_FMT_TEXT_INIT;
	lt_fmt_attachment *att = NULL;
	size_t natt = 0;
	lt_error err = LT_ERROR_INIT;
	const char *dir = n++ % 2 ? lt_fuzz_dir() : NULL;

	lim.max_bytes = 8u << 20;
	lim.max_entries = 200;
	if (lt_fmt_eml_mem(&t, (const char *)data, size, "fuzz.eml", dir, dir ? &att : NULL,
	                   dir ? &natt : NULL, &lim, &err) == LT_OK)
		for (size_t i = 0; i < natt; i++)
			unlink(att[i].path);
	lt_fmt_attachments_free(att, natt);
	lt_fmt_text_free(&t);
	return 0;
}
