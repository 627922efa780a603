/*
 * ocr/formats/types.c — which media types ocr/formats/ reads
 * (lt_fmt_handles). Apart from detect.c so that the binary answers it
 * without loading luutru-formats.so (ocr/formats/module.h): ingest and
 * the signatures ask it of every file.
 */
#include "ocr/formats/formats.h"

int lt_fmt_handles(lt_media_type t)
{
	switch (t) {
	case LT_MEDIA_DOCX:
	case LT_MEDIA_XLSX:
	case LT_MEDIA_PPTX:
	case LT_MEDIA_ODT:
	case LT_MEDIA_ODS:
	case LT_MEDIA_RTF:
	case LT_MEDIA_DOC:
	case LT_MEDIA_XLS:
	case LT_MEDIA_EML:
	case LT_MEDIA_TEXT_TCVN3:
	case LT_MEDIA_TEXT_VNI: return 1;
	default: return 0;
	}
}
