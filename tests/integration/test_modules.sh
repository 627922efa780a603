#!/bin/sh
# The modules (core/module.h, docs/startup.md): a search loads none of
# OCR's or the forms' PDF libraries; OCR and a form as PDF load their
# module beside the binary; without it they fail with a message naming
# the file, leaving nothing behind, while everything else still works.
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
for m in ocr forms; do
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
elif grep -Eq 'tesseract|lept|pango|cairo|gomp|luutru-' "$WORK/libs"; then
	notok "modules: a search loads no module"; sed 's/^/#   /' "$WORK/libs"
else
	ok "modules: a search loads no module"
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

# A file that is not the module it is named as is refused, not called.
cp "$BIN_DIR/luutru-forms.so" "$WORK/alone/luutru-ocr.so"
"$ALONE" --lang en ingest "$SRC/samples/cv-15-vp.png" >"$WORK/out" 2>"$WORK/err"; RC=$?
expect_rc "modules: a wrong module is refused" 5
expect_err "modules: saying what is wrong" "no lt_ocr_module"

# With its modules beside it again, the copy prints the form as PDF.
cp "$BIN_DIR/luutru-ocr.so" "$BIN_DIR/luutru-forms.so" "$WORK/alone/"
"$ALONE" register print --register DI --year 2025 --format pdf -o "$WORK/di.pdf" \
	>"$WORK/out" 2>"$WORK/err"; RC=$?
expect_rc "modules: with luutru-forms.so beside it, the PDF is written" 0
head -c 5 "$WORK/di.pdf" 2>/dev/null | grep -q '%PDF-' && ok "modules: it is a PDF" \
	|| notok "modules: it is a PDF"
