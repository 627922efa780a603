#!/bin/sh
# OCR end to end through the real binary: a multi-page TIFF ingested with
# two workers, its searchable PDF (role searchable_pdf) listed by show and
# readable by pdftotext, `luutru ocr review` in text and JSON, verify
# accounting for the PDF blob, and bad option values.
. "$(dirname "$0")/lib.sh"

if [ -z "$SCANS" ]; then
	skip "ocr: end to end on the shared scans" "shared scan fixtures not found (../shared/fixtures/scans)"
	exit 0
fi
TIF="$SCANS/000_49b2b25d46245d34/doc.tif"

run init; expect_rc "init" 0
run ingest "$TIF" --workers 0; expect_rc "--workers 0 is a usage error" 2
expect_err "--workers error names the value" "'0'"
run ingest "$TIF" --workers x; expect_rc "--workers x is a usage error" 2
[ "$(sql 'SELECT count(*) FROM records')" = 0 ] && ok "a usage error stores nothing" ||
	notok "a usage error stores nothing"

run ingest "$TIF" --workers 2 --meta docId=IT.OCR.1 --json
expect_rc "ingest a two-page TIFF with 2 workers" 0
ID=$(jqo '.records[0].id')
[ "$(sql "SELECT group_concat(page_no) FROM (SELECT page_no FROM pages WHERE record_id = $ID ORDER BY page_no)")" = "1,2" ] &&
	ok "pages stored in order" || notok "pages stored in order"
[ "$(sql "SELECT count(*) FROM pages WHERE record_id = $ID AND word_conf IS NOT NULL")" = 2 ] &&
	ok "word confidences kept per page" || notok "word confidences kept per page"

run show "$ID"; expect_rc "show" 0
expect_out "show lists the searchable PDF" "searchable_pdf +application/pdf"
run show "$ID" --json
SHA=$(jqo '.files[] | select(.role == "searchable_pdf") | .sha256')
if [ -n "$SHA" ] && [ "$SHA" != null ]; then ok "show --json has role searchable_pdf"; else
	notok "show --json has role searchable_pdf"
fi
PDF="$LUUTRU_DATA/blobs/$(echo "$SHA" | cut -c1-2)/$(echo "$SHA" | cut -c3-4)/$SHA"
if [ -f "$PDF" ]; then
	pdftotext -q "$PDF" "$WORK/layer.txt"
	[ "$(pdfinfo "$PDF" | sed -n 's/^Pages: *//p')" = 2 ] && ok "searchable PDF has both pages" ||
		notok "searchable PDF has both pages"
	for w in "Quyết định" "CÔNG THƯƠNG" "Văn bản đi" "Bình Thuận"; do
		grep -q "$w" "$WORK/layer.txt" && ok "pdftotext finds '$w'" || notok "pdftotext finds '$w'"
	done
else
	notok "searchable PDF blob is stored ($PDF)"
fi

run verify; expect_rc "verify: the PDF blob is accounted for" 0

# ---- review ---------------------------------------------------------------
[ "$(sql "SELECT count(*) FROM pages WHERE record_id = $ID AND quality BETWEEN 0 AND 100 AND blank = 0")" = 2 ] &&
	ok "page quality stored per page" || notok "page quality stored per page"
# The default threshold lists the pages whose stored quality is below 60.
run ocr review --json; expect_rc "ocr review" 0
[ "$(jqo '.pages | length')" = "$(sql "SELECT count(*) FROM pages WHERE quality < 60")" ] &&
	ok "review at the default threshold: pages below 60" ||
	notok "review at the default threshold: pages below 60"
sqlite3 "$LUUTRU_DATA/catalog.db" "UPDATE pages SET quality = 95 WHERE record_id = $ID"
run ocr review; expect_rc "ocr review" 0
expect_out "review of good pages lists nothing" "^Không có trang nào|^No page"
# Pages are listed by their stored quality: force one page's down.
sqlite3 "$LUUTRU_DATA/catalog.db" "UPDATE pages SET quality = 20 WHERE record_id = $ID AND page_no = 2"
run ocr review; expect_rc "ocr review" 0
expect_out "review lists the page of low quality" "^$ID +[0-9a-f-]{36} +2 +20 "
run ocr review --json; expect_rc "ocr review --json" 0
[ "$(jqo '.pages | length')" = 1 ] && ok "review JSON: one page" || notok "review JSON: one page"
[ "$(jqo '.pages[0].quality == 20 and .pages[0].words >= .pages[0].lowConfidenceWords and .pages[0].words > 0')" = true ] &&
	ok "review JSON: quality and word counts" || notok "review JSON: quality and word counts"
run ocr review --threshold 0 --json
[ "$(jqo '.pages | length')" = 0 ] && ok "review at threshold 0 lists nothing" ||
	notok "review at threshold 0 lists nothing"
run ocr review --record IT.OCR.1 --threshold 100 --json
N100=$(sql "SELECT count(*) FROM pages WHERE record_id = $ID AND quality < 100")
[ "$(jqo '.pages | length')" = "$N100" ] && ok "review --record by docId" || notok "review --record by docId"

# ---- name against content (issue 18, item 10) ------------------------------
BEFORE=$(sql 'SELECT count(*) FROM records')
printf 'Công văn số 12/UBND-VP\nKính gửi: Sở Nội vụ\n' >"$WORK/cong-van.pdf"
run ingest "$WORK/cong-van.pdf"; expect_rc "a text file named .pdf is refused" 4
expect_err "the refusal names the file" "cong-van.pdf"
printf 'GIF89a' >"$WORK/x.gif"
run ingest "$WORK/x.gif"; expect_rc "six bytes GIF89a named x.gif are refused" 4
[ "$(sql 'SELECT count(*) FROM records')" = "$BEFORE" ] && ok "refused files store nothing" ||
	notok "refused files store nothing"
cp "$WORK/cong-van.pdf" "$WORK/cong-van.txt"
run ingest "$WORK/cong-van.txt" --json; expect_rc "the same text named .txt" 0
[ "$(sql "SELECT kind FROM records WHERE id = $(jqo '.records[0].id')")" = internal ] &&
	ok "a text file is kind internal, not scanned" || notok "a text file is kind internal, not scanned"
run ingest "$WORK/cong-van.txt" --meta kind=scanned; expect_rc "kind=scanned for text is refused" 2
run ocr review --threshold 101; expect_rc "--threshold 101 is a usage error" 2
run ocr review --record NOPE; expect_rc "review of an unknown record fails" 3
run ocr frobnicate; expect_rc "unknown ocr subcommand" 2

# ---- models loaded only for pages that need them ----------------------------
# Text files need no Tesseract model: with none to be found they are stored
# and read as always; a scan's job waits with the reason, and is done once
# the models are back (ocr resume).
printf 'Thông báo lịch trực không cần nhận dạng.\n' >"$WORK/lich-truc.txt"
TESSDATA_PREFIX="$WORK/no-tessdata" "$LUUTRU" ingest "$WORK/lich-truc.txt" --json >"$WORK/out" 2>"$WORK/err"
RC=$?
expect_rc "without Tesseract's models a text file is ingested" 0
TXT_ID=$(jqo '.records[0].id')
[ "$(sql "SELECT count(*) FROM jobs WHERE record_id = $TXT_ID AND state = 'done'")" = 1 ] &&
	[ "$(sql "SELECT count(*) FROM pages WHERE record_id = $TXT_ID AND text LIKE '%lịch trực%'")" = 1 ] &&
	ok "its text is read and its job done without the models" ||
	notok "its text is read and its job done without the models"
TESSDATA_PREFIX="$WORK/no-tessdata" "$LUUTRU" ingest "$SCANS/001_bced24daea7d2dd6/002.clean.png" \
	--meta docId=IT.OCR.NOMODEL >"$WORK/out" 2>"$WORK/err"
RC=$?
expect_rc "without the models a scan is stored" 0
expect_err "the failed recognition says why" "tesseract-ocr-vie"
NM_ID=$(sql "SELECT id FROM records WHERE doc_id = 'IT.OCR.NOMODEL'")
[ "$(sql "SELECT state FROM jobs WHERE record_id = $NM_ID")" = queued ] &&
	ok "the scan's job waits for the models (queued, not failed)" ||
	notok "the scan's job waits for the models (queued, not failed)"
run ocr resume; expect_rc "ocr resume with the models" 0
[ "$(sql "SELECT count(*) FROM pages WHERE record_id = $NM_ID AND length(text) > 100 AND error IS NULL")" = 1 ] &&
	ok "the scan is recognised once the models are back" ||
	notok "the scan is recognised once the models are back"
