/*
 * archive/forms/form.h — the legal forms (biểu mẫu) in the layout of
 * NĐ 30/2020 Phụ lục I: registers, the dossier catalog, the table of
 * contents of a dossier, deposit and transfer lists, hand-over and
 * destruction records (biên bản).
 *
 * A form is built once as a small document model and written as HTML (a
 * standalone page with print CSS, A4), as CSV (its tables only: UTF-8 with
 * a BOM, RFC 4180, CRLF) or as a searchable A4 PDF (archive/forms/pdf.c,
 * drawn with Pango and Cairo in Liberation Serif, the Times New Roman
 * metric twin of Debian's fonts-liberation2; the text is real text, so
 * `pdftotext` reads it back). Every writer reads the same model, so the
 * three outputs cannot disagree.
 *
 * The layout (NĐ 30 Phụ lục I, phần I):
 *   - top left: the parent agency (tên cơ quan chủ quản, upper case), the
 *     agency (bold, upper case), a short rule, then "Số: 01/BB-GN" when the
 *     form has a number;
 *   - top right: the Quốc hiệu "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (bold,
 *     upper case), the Tiêu ngữ "Độc lập - Tự do - Hạnh phúc" (bold) with a
 *     rule under it, then the place and date in italics: "Hà Tĩnh, ngày 05
 *     tháng 12 năm 2026" (days below 10 and months 1–2 with a leading zero,
 *     PL I II.4);
 *   - the title in bold upper case, centred, and its subtitle;
 *   - paragraphs, tables (dates in them dd/mm/yyyy), signature blocks.
 * A form is Vietnamese whatever --lang says: it is a legal document.
 *
 * Ownership: strings are copied; a table given to lt_form_table() belongs
 * to the form from then on.
 */
#ifndef LT_ARCHIVE_FORMS_FORM_H
#define LT_ARCHIVE_FORMS_FORM_H

#include <stddef.h>

#include "archive/catalog.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/error.h"

/* ---- tables -------------------------------------------------------------- */

typedef struct lt_table lt_table;

/* A table with ncol columns and the given headings (copied). */
int lt_table_new(lt_table **out, size_t ncol, const char *const *headings, lt_error *err);
void lt_table_free(lt_table *t);
/* Relative column widths (ncol values; copied). Equal widths by default. */
void lt_table_widths(lt_table *t, const double *widths);
/* Append one cell (copied; NULL prints empty); rows fill left to right. */
int lt_table_cell(lt_table *t, const char *s);
/* A row across the whole table (a heading such as "I. TỔNG HỢP"), bold.
 * In CSV it is a row whose second cell holds the text. */
int lt_table_section(lt_table *t, const char *s);
/* Append a footer line printed under the table (HTML, PDF) or as a final
 * one-field row (CSV). */
int lt_table_footer(lt_table *t, const char *line);
size_t lt_table_rows(const lt_table *t);
/* 0 when format is "html", "csv" or "pdf"; LT_EINVAL otherwise. */
int lt_table_check_format(const char *format, lt_error *err);
/* ISO date (or time) → "dd/mm/yyyy" (copied through when not a date). */
void lt_table_date_dmy(const char *iso, char out[32]);

/* ---- forms --------------------------------------------------------------- */

typedef struct lt_form lt_form;

typedef enum lt_form_orientation {
	LT_FORM_PORTRAIT = 0,
	LT_FORM_LANDSCAPE = 1,
} lt_form_orientation;

/* Paragraph styles (bits). */
enum {
	LT_FORM_BOLD = 1 << 0,
	LT_FORM_ITALIC = 1 << 1,
	LT_FORM_CENTER = 1 << 2,
	LT_FORM_INDENT = 1 << 3, /* first-line indent, as body text of a biên bản */
	LT_FORM_SMALL = 1 << 4,
};

int lt_form_new(lt_form **out, lt_form_orientation orientation, lt_error *err);
void lt_form_free(lt_form *f);

/* The header. parent, unit, number, place may be NULL; date NULL prints no
 * date line (a register, a catalog). number is the part after "Số: ". */
int lt_form_header(lt_form *f, const char *parent, const char *organ, const char *unit,
                   const char *number, const char *place, const lt_date *date);
/* The same with the agency from the catalog's settings (organ_parent,
 * organ_name, place; archive/settings.h). */
int lt_form_header_settings(lt_form *f, lt_catalog *cat, const char *unit, const char *number,
                            const lt_date *date, lt_error *err);

/* Title (printed upper case) and an optional subtitle line. */
int lt_form_title(lt_form *f, const char *title, const char *subtitle);
/* A paragraph. */
int lt_form_para(lt_form *f, unsigned style, const char *text);
int lt_form_paraf(lt_form *f, unsigned style, const char *fmt, ...) LT_PRINTF(3, 4);
/* A table; the form takes it (freed with the form, also on error). */
int lt_form_table(lt_form *f, lt_table *t);
/* Signature blocks side by side: titles ("ĐẠI DIỆN BÊN GIAO"), notes
 * ("(Ký, ghi rõ họ tên)") and names (may be NULL). */
int lt_form_signatures(lt_form *f, size_t n, const char *const *titles, const char *const *notes,
                       const char *const *names);

/* Write the form: "html", "csv" or "pdf" (binary bytes in out). */
int lt_form_write(lt_buf *out, const lt_form *f, const char *format, lt_error *err);

/* One-table documents (registers, catalog, table of contents): a form with
 * the settings' header, title, subtitle and the table; takes t. */
int lt_form_write_table(lt_buf *out, lt_catalog *cat, lt_table *t, lt_form_orientation o,
                        const char *format, const char *title, const char *subtitle, lt_error *err);

/* ---- the printouts' one stylesheet --------------------------------------- */

/* The stylesheet of every HTML printout: the legal forms (body class
 * "form"), the reports of retention/report.h ("report") and the handling
 * register of archive/tracking.h ("register"); "landscape" turns the
 * page. Screen and A4 print CSS (@page size A4, the margins of NĐ 30
 * PL I: 20 mm top and bottom, 30 mm left, 15 mm right). Each printout
 * carries exactly this text as its one inline <style>, so a printout
 * saved to a file keeps its layout, and the HTTP server allows it by its
 * SHA-256 in the Content-Security-Policy (style-src 'sha256-...'): no
 * other inline style, no style="" attribute in any printout. */
extern const char LT_PRINT_CSS[];

/* The start of an HTML printout: doctype, <html lang>, charset, the title
 * (escaped), <style>LT_PRINT_CSS</style> and <body class="body_class">. */
int lt_print_html_head(lt_buf *out, const char *lang, const char *title, const char *body_class);

/* ---- numbers and dates as the law writes them ----------------------------- */

/* A whole number in Vietnamese words: 15 "mười lăm", 21 "hai mươi mốt",
 * 105 "một trăm lẻ năm", 1005 "một nghìn không trăm lẻ năm",
 * 10^12 "một nghìn tỷ". */
int lt_words_vi(lt_buf *out, long long n);
/* "12 (mười hai)". */
int lt_words_count_vi(lt_buf *out, long long n);
/* "ngày 05 tháng 02 năm 2026" (NĐ 30 PL I II.4), always Vietnamese. */
void lt_form_date_long(const lt_date *d, char out[48]);

/* ---- internal: the model as the PDF writer reads it (forms/ only) --------- */

typedef enum lt_form_block_kind {
	LT_FB_TITLE,
	LT_FB_PARA,
	LT_FB_TABLE,
	LT_FB_SIGN,
} lt_form_block_kind;

typedef struct lt_form_block {
	lt_form_block_kind kind;
	unsigned style;
	char *text, *text2; /* title and subtitle; paragraph text */
	lt_table *table;
	size_t nsig;
	char **sig_title, **sig_note, **sig_name;
} lt_form_block;

typedef struct lt_form_row {
	int section;
	char **cells; /* ncol cells, or one for a section row */
} lt_form_row;

struct lt_table {
	size_t ncol;
	char **headings;
	double *widths;
	lt_form_row *rows;
	size_t nrows, cap;
	size_t fill; /* cells in the last row so far */
	char **footers;
	size_t nfooters;
};

struct lt_form {
	lt_form_orientation orientation;
	char *parent, *organ, *unit, *number, *place;
	int has_date;
	lt_date date;
	lt_form_block *blocks;
	size_t nblocks;
};

/* Upper case of Vietnamese text (titles, agency names). */
int lt_form_upper(lt_buf *out, const char *s);
/* The PDF writer (pdf.c). */
int lt_form_write_pdf(lt_buf *out, const lt_form *f, lt_error *err);

#endif
