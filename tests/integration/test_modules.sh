#!/bin/sh
# The modules (core/module.h, docs/startup.md): a search loads none of
# OCR's, the forms' PDF or the file formats' libraries; OCR, a form as
# PDF, import, packages and XLSX reports load their module beside the
# binary; without it they fail with a message naming the file, leaving
# nothing behind, while everything else still works.
. "$(dirname "$0")/lib.sh"
need_tools modules readelf sqlite3

BIN_DIR=$(dirname "$LUUTRU")
if [ -n "$SCANS" ]; then
	PAGE="$SCANS/001_bced24daea7d2dd6/001.clean.png"
else
	PAGE="$SRC/samples/cv-15-vp.png"
fi

# ---- the binary itself needs none of the heavy libraries ----------------
readelf -d "$LUUTRU" >"$WORK/dyn"
if grep -Eq 'NEEDED.*(tesseract|lept|pango|cairo|glib|gomp)' "$WORK/dyn"; then
	notok "modules: the binary links no OCR or drawing library"
	grep NEEDED "$WORK/dyn" | sed 's/^/#   /'
else
	ok "modules: the binary links no OCR or drawing library"
fi
if grep -Eq 'NEEDED.*(libarchive|libxml2|xlsxwriter|icu|minizip|microhttpd)' "$WORK/dyn"; then
	notok "modules: the binary links no archive, XML, XLSX or HTTP library"
	grep NEEDED "$WORK/dyn" | sed 's/^/#   /'
else
	ok "modules: the binary links no archive, XML, XLSX or HTTP library"
fi
for m in ocr forms http formats; do
	[ -f "$BIN_DIR/luutru-$m.so" ] && ok "modules: luutru-$m.so is built beside the binary" \
		|| notok "modules: luutru-$m.so is built beside the binary"
done

# loaded_libs CMD...: the shared objects the dynamic loader opened for it
loaded_libs() {
	LD_DEBUG=files "$LUUTRU" "$@" 2>&1 >/dev/null | sed -n 's/.*file=\([^ ]*\) .*generating link map.*/\1/p' |
		sort -u >"$WORK/libs"
}

run init; expect_rc "modules: init" 0
loaded_libs ingest "$PAGE" --meta docId=MOD.1
grep -q 'libtesseract' "$WORK/libs" && ok "modules: ingest loads Tesseract (the OCR module)" \
	|| notok "modules: ingest loads Tesseract (the OCR module)"
[ "$(sql 'select count(*) from pages where length(text) > 100')" = 1 ] \
	&& ok "modules: the page was recognised through the module" \
	|| notok "modules: the page was recognised through the module"
loaded_libs search "hồ sơ"
if ! grep -q 'libsqlite3' "$WORK/libs"; then
	notok "modules: a search loads no module (LD_DEBUG=files listed nothing)"
elif grep -Eq 'tesseract|lept|pango|cairo|gomp|libarchive|libxml2|xlsxwriter|icu|luutru-' "$WORK/libs"; then
	notok "modules: a search loads no module"; sed 's/^/#   /' "$WORK/libs"
else
	ok "modules: a search loads no module"
fi

# ---- the file formats' module: import, packages, XLSX reports ------------
# A batch of one text row (no OCR), in a tar that libarchive reads.
mkdir "$WORK/box"
printf '%s\n' '{"docId": "MOD.T1", "subject": "Biên bản giao nhận", "text": "Biên bản giao nhận tài liệu lưu trữ."}' \
	>"$WORK/box/manifest.jsonl"
(cd "$WORK/box" && tar cf "$WORK/box.tar" manifest.jsonl)
loaded_libs import "$WORK/box.tar"
grep -q 'luutru-formats\.so' "$WORK/libs" && grep -q libarchive "$WORK/libs" \
	&& ok "modules: import loads luutru-formats.so (libarchive)" \
	|| notok "modules: import loads luutru-formats.so (libarchive)"
[ "$(sql "select count(*) from records where doc_id = 'MOD.T1'")" = 1 ] \
	&& ok "modules: the batch was imported through the module" \
	|| notok "modules: the batch was imported through the module"
loaded_libs package validate "$WORK/box.tar"
grep -q 'luutru-formats\.so' "$WORK/libs" && ok "modules: package validate loads luutru-formats.so" \
	|| notok "modules: package validate loads luutru-formats.so"
loaded_libs stats --format xlsx -o "$WORK/stats.xlsx"
grep -q 'libxlsxwriter' "$WORK/libs" && ok "modules: a report as XLSX loads libxlsxwriter (the module)" \
	|| notok "modules: a report as XLSX loads libxlsxwriter (the module)"
[ "$(head -c 2 "$WORK/stats.xlsx" 2>/dev/null)" = PK ] && ok "modules: the XLSX is written" \
	|| notok "modules: the XLSX is written"
loaded_libs stats --format csv
if grep -Eq 'luutru-|xlsxwriter|libarchive' "$WORK/libs"; then
	notok "modules: a report as CSV loads no module"; sed 's/^/#   /' "$WORK/libs"
else
	ok "modules: a report as CSV loads no module"
fi

# ---- the binary alone, without its modules ------------------------------
mkdir "$WORK/alone"
cp "$LUUTRU" "$WORK/alone/luutru"
ALONE="$WORK/alone/luutru"
"$ALONE" search "hồ sơ" --json >"$WORK/out" 2>"$WORK/err"; RC=$?
expect_rc "modules: search works without the modules" 0
[ "$(jqo '.total')" = 1 ] && ok "modules: and finds the record" || notok "modules: and finds the record"
"$ALONE" show MOD.1 >"$WORK/out" 2>"$WORK/err"; RC=$?
expect_rc "modules: show works without the modules" 0

records=$(sql 'select count(*) from records')
blobs=$(blob_files)
"$ALONE" ingest "$SRC/samples/cv-15-vp.png" --meta docId=MOD.2 >"$WORK/out" 2>"$WORK/err"; RC=$?
expect_rc "modules: ingest without the OCR module is an I/O error" 5
expect_err "modules: the message names the missing module" "luutru-ocr\.so.*phải nằm cạnh"
[ "$(sql 'select count(*) from records')" = "$records" ] && [ "$(blob_files)" = "$blobs" ] \
	&& ok "modules: nothing stored" || notok "modules: nothing stored"
"$ALONE" --lang en ingest "$SRC/samples/cv-15-vp.png" >"$WORK/out" 2>"$WORK/err"; RC=$?
expect_err "modules: the message in English" "cannot load luutru's module luutru-ocr\.so \(OCR\)"

"$ALONE" register print --register DI --year 2025 --format pdf -o "$WORK/di.pdf" \
	>"$WORK/out" 2>"$WORK/err"; RC=$?
expect_rc "modules: a form as PDF without its module is an I/O error" 5
expect_err "modules: the message names luutru-forms.so" "luutru-forms\.so"
[ ! -e "$WORK/di.pdf" ] && ok "modules: no PDF written" || notok "modules: no PDF written"
"$ALONE" register print --register DI --year 2025 --format html -o "$WORK/di.html" \
	>"$WORK/out" 2>"$WORK/err"; RC=$?
expect_rc "modules: the same form as HTML needs no module" 0

mkdir "$WORK/box2"
printf '%s\n' '{"docId": "MOD.T2", "subject": "Tờ trình", "text": "Tờ trình phê duyệt."}' \
	>"$WORK/box2/manifest.jsonl"
(cd "$WORK/box2" && tar cf "$WORK/box2.tar" manifest.jsonl)
records=$(sql 'select count(*) from records')
"$ALONE" import "$WORK/box2.tar" >"$WORK/out" 2>"$WORK/err"; RC=$?
expect_rc "modules: import without luutru-formats.so is an I/O error" 5
expect_err "modules: the message names luutru-formats.so" "luutru-formats\.so.*phải nằm cạnh"
[ "$(sql 'select count(*) from records')" = "$records" ] && ok "modules: nothing imported" \
	|| notok "modules: nothing imported"
"$ALONE" --lang en package validate "$WORK/box.tar" >"$WORK/out" 2>"$WORK/err"; RC=$?
expect_rc "modules: package validate without its module is an I/O error" 5
expect_err "modules: the message in English" "cannot load luutru's module luutru-formats\.so \(file formats"
"$ALONE" stats --format xlsx -o "$WORK/alone.xlsx" >"$WORK/out" 2>"$WORK/err"; RC=$?
expect_rc "modules: a report as XLSX without its module is an I/O error" 5
expect_err "modules: naming luutru-formats.so" "luutru-formats\.so"
[ ! -e "$WORK/alone.xlsx" ] && ok "modules: no XLSX written" || notok "modules: no XLSX written"
"$ALONE" stats --format csv -o "$WORK/alone.csv" >"$WORK/out" 2>"$WORK/err"; RC=$?
expect_rc "modules: the same report as CSV needs no module" 0

# A file that is not the module it is named as is refused, not called.
cp "$BIN_DIR/luutru-forms.so" "$WORK/alone/luutru-formats.so"
"$ALONE" --lang en import "$WORK/box2.tar" >"$WORK/out" 2>"$WORK/err"; RC=$?
expect_rc "modules: a wrong luutru-formats.so is refused" 5
expect_err "modules: saying which entry is missing" "no lt_archive_formats_module"
cp "$BIN_DIR/luutru-forms.so" "$WORK/alone/luutru-ocr.so"
"$ALONE" --lang en ingest "$SRC/samples/cv-15-vp.png" >"$WORK/out" 2>"$WORK/err"; RC=$?
expect_rc "modules: a wrong module is refused" 5
expect_err "modules: saying what is wrong" "no lt_ocr_module"

# With its modules beside it again, the copy prints the form as PDF and
# imports the batch.
cp "$BIN_DIR/luutru-ocr.so" "$BIN_DIR/luutru-forms.so" "$BIN_DIR/luutru-formats.so" "$WORK/alone/"
"$ALONE" register print --register DI --year 2025 --format pdf -o "$WORK/di.pdf" \
	>"$WORK/out" 2>"$WORK/err"; RC=$?
expect_rc "modules: with luutru-forms.so beside it, the PDF is written" 0
head -c 5 "$WORK/di.pdf" 2>/dev/null | grep -q '%PDF-' && ok "modules: it is a PDF" \
	|| notok "modules: it is a PDF"
"$ALONE" import "$WORK/box2.tar" >"$WORK/out" 2>"$WORK/err"; RC=$?
expect_rc "modules: with luutru-formats.so beside it, the batch is imported" 0
[ "$(sql "select count(*) from records where doc_id = 'MOD.T2'")" = 1 ] \
	&& ok "modules: the record is there" || notok "modules: the record is there"
