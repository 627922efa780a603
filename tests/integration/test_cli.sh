#!/bin/sh
# Foundation, end to end through the real binary: init, ingest of every
# supported type, search with and without diacritics, show, and bad input
# that must leave nothing behind.
. "$(dirname "$0")/lib.sh"

# ---- help and usage -----------------------------------------------------
run --help; expect_rc "help exits 0" 0; expect_out "help is Vietnamese" "Cách dùng"
run --lang en --help; expect_out "help in English" "Usage: luutru"
for c in init ingest search show doctor; do
	run "$c" --help; expect_rc "$c --help exits 0" 0
done
run frobnicate; expect_rc "unknown command exits 2" 2; expect_err "unknown command is named" "frobnicate"
run search; expect_rc "search without query exits 2" 2
run search x --limit 0; expect_rc "search --limit 0 is a usage error" 2

# ---- every option of every command is documented -------------------------
# The commands are read from `luutru --help`, their options from each
# command's own --help: a command or option added later is checked too.
cmds=$("$LUUTRU" --lang en --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 { print $1 }')
[ "$(echo "$cmds" | wc -w)" -ge 20 ] && ok "docs: commands read from luutru --help" ||
	notok "docs: commands read from luutru --help ($(echo "$cmds" | wc -w))"
for c in $cmds; do
	miss=
	for o in $("$LUUTRU" --lang en "$c" --help 2>&1 | grep -oE -- '(^|[^a-z-])--[a-z][a-z-]+' | grep -oE -- '--[a-z-]+' | sort -u); do
		case $o in --help | --data | --lang | --user | --password-stdin) continue ;; esac
		grep -qF -- "$o" "$SRC"/docs/*.md || miss="$miss $o"
	done
	[ -z "$miss" ] && ok "docs: every option of $c is described in docs/" ||
		notok "docs: options of $c described nowhere in docs/:$miss"
done

# ---- before init --------------------------------------------------------
run search "ho so"; expect_rc "search before init exits 3" 3; expect_err "says to run init" "luutru .*init"

# ---- init, doctor -------------------------------------------------------
# The hint's own command (between backticks) makes the data directory.
hint=$(sed -n 's/.*`luutru \([^`]*\)`.*/\1/p' "$WORK/err")
# shellcheck disable=SC2086
[ -n "$hint" ] && env -u LUUTRU_DATA "$LUUTRU" $hint >/dev/null 2>&1 && [ -f "$LUUTRU_DATA/catalog.db" ] &&
	ok "the hint's command ($hint) makes the data directory" ||
	notok "the hint's command (luutru $hint) does not make the data directory"
run init; expect_rc "init" 0
run init; expect_rc "init again changes nothing" 0
env -u OMP_THREAD_LIMIT "$LUUTRU" doctor >"$WORK/out" 2>"$WORK/err"; RC=$?
expect_out "OMP_THREAD_LIMIT=1 without the user setting it" "^OMP_THREAD_LIMIT=1$"
expect_rc "doctor finds OCR ready" 0
OMP_THREAD_LIMIT=4 "$LUUTRU" doctor >"$WORK/out" 2>&1
expect_out "a value the user set is respected" "^OMP_THREAD_LIMIT=4$"

run search "ho so"; expect_rc "search of an empty archive" 0; expect_out "empty archive: 0 found" "Tìm thấy 0"

# ---- one scanned page in, found with and without diacritics --------------
if [ -n "$SCANS" ]; then
	PAGE="$SCANS/001_bced24daea7d2dd6/001.clean.png"
else
	PAGE="$SRC/samples/cv-15-vp.png"
fi
run ingest "$PAGE" --meta docId=IT.0001 --meta typeName="Công văn" --meta issuedDate=2017-09-22 --json
expect_rc "ingest a scanned page" 0
ID=$(jqo '.records[0].id')
[ "$ID" -gt 0 ] 2>/dev/null && ok "ingest --json gives the record id" || notok "ingest --json gives the record id ($ID)"
[ "$(sql 'select count(*) from pages where record_id='"$ID"' and length(text) > 100')" = 1 ] \
	&& ok "OCR stored the page text" || notok "OCR stored the page text"

run search "hồ sơ" --json; expect_rc "search with diacritics" 0
[ "$(jqo '.total')" = 1 ] && ok "'hồ sơ' finds the page" || notok "'hồ sơ' finds the page"
[ "$(jqo '.hits[0].id')" = "$ID" ] && ok "the hit is the ingested record" || notok "the hit is the ingested record"
[ "$(jqo '.hits[0].docId')" = "IT.0001" ] && ok "hit carries docId" || notok "hit carries docId"
jqo '.hits[0] | has("uid") and has("title") and has("score") and has("snippet")' | grep -q true \
	&& ok "hit has uid, title, score, snippet" || notok "hit has uid, title, score, snippet"
jqo '.hits[0].snippet' | grep -qi "hồ sơ" && ok "snippet shows the match" || notok "snippet shows the match"

run search "ho so" --json
[ "$(jqo '.total')" = 1 ] && ok "'ho so' (no diacritics) finds the page" || notok "'ho so' finds the page"
run search "HO SO" --json
[ "$(jqo '.total')" = 1 ] && ok "upper case finds the page" || notok "upper case finds the page"
run search "zyxwvq" --json
[ "$(jqo '.total')" = 0 ] && ok "a word absent from the page finds nothing" || notok "absent word finds nothing"
run search "hồ sơ"; expect_out "text output names the record" "IT.0001"

run show "$ID"; expect_rc "show by id" 0; expect_out "show prints the page text" "hồ sơ"
run show IT.0001 --json; expect_rc "show by docId" 0
[ "$(jqo '.metadata.typeName')" = "22" ] && ok "typeName stored as its code (Công văn = 22)" || notok "typeName code ($(jqo '.metadata.typeName'))"
[ "$(jqo '.metadata.issuedDate')" = "2017-09-22" ] && ok "issuedDate stored ISO" || notok "issuedDate stored ISO"
run show 999999; expect_rc "show of a missing record exits 3" 3

# ---- every supported type ------------------------------------------------
for f in cv-15-vp.png qd-120-ubnd.jpg tb-08-vp.tif kh-21-pnv.pdf bc-33-vp.txt; do
	run ingest "$SRC/samples/$f" --json; expect_rc "ingest $f" 0
done
for q in "cong dan" "Danh mục hồ sơ năm 2024" "so hoa tai lieu" "4.215" "nguyen thi thuy"; do
	run search "$q" --json
	[ "$(jqo '.total')" -ge 1 ] && ok "search '$q' finds a sample" || notok "search '$q' finds a sample"
done
run search "trụ sở tiếp công dân" --json
jqo '.hits[0].title' >/dev/null && [ "$(jqo '.hits | length')" -ge 1 ] && ok "TIFF text searchable" || notok "TIFF text searchable"

# paging
run search "huyện" --json --limit 2
N=$(jqo '.total'); [ "$N" -ge 4 ] && [ "$(jqo '.hits | length')" = 2 ] && ok "--limit pages" || notok "--limit pages (total $N)"
FIRST=$(jqo '.hits[0].id')
run search "huyện" --json --limit 2 --offset 2
[ "$(jqo '.hits[0].id')" != "$FIRST" ] && ok "--offset moves on" || notok "--offset moves on"

# ---- bad input leaves nothing behind -------------------------------------
before_records=$(sql 'select count(*) from records')
before_blobs=$(blob_files)
before_jobs=$(sql 'select count(*) from jobs')
before_outbox=$(sql 'select count(*) from index_outbox')
unchanged() {
	if [ "$(sql 'select count(*) from records')" = "$before_records" ] &&
	   [ "$(blob_files)" = "$before_blobs" ] &&
	   [ "$(sql 'select count(*) from jobs')" = "$before_jobs" ] &&
	   [ "$(sql 'select count(*) from index_outbox')" = "$before_outbox" ]; then
		ok "$1 leaves no record, blob, job or index entry"
	else
		notok "$1 leaves no record, blob, job or index entry"
	fi
}
run ingest "$WORK/nope.png"; expect_rc "missing file exits 3" 3; expect_err "missing file named" "nope.png"; unchanged "missing file"
: >"$WORK/empty.png"
run ingest "$WORK/empty.png"; expect_rc "empty file exits 2" 2; unchanged "empty file"
head -c 4096 /dev/urandom >"$WORK/random.bin"; printf '\0' >>"$WORK/random.bin"
run ingest "$WORK/random.bin"; expect_rc "unsupported type exits 4" 4; unchanged "unsupported type"
# A real PNG whose image data is cut short and replaced by noise.
{ head -c 200 "$SRC/samples/cv-15-vp.png"; head -c 2000 /dev/urandom; } >"$WORK/corrupt.png"
run ingest "$WORK/corrupt.png"; expect_rc "corrupt image exits 4" 4; expect_err "corrupt image named" "corrupt.png"; unchanged "corrupt image"
# Each image format of the samples, cut in half: refused with luutru's own
# message and nothing else on stderr (no "libpng error", no libjpeg or
# Leptonica line).
for f in "$SRC"/samples/*.png "$SRC"/samples/*.jpg "$SRC"/samples/*.tif; do
	[ -f "$f" ] || continue
	b=$(basename "$f")
	head -c $(($(wc -c <"$f") / 2)) "$f" >"$WORK/half-$b"
	run ingest "$WORK/half-$b"
	expect_rc "half of $b exits 4" 4
	if [ "$(wc -l <"$WORK/err")" -eq 1 ] && grep -q "^luutru: .*half-$b" "$WORK/err"; then
		ok "half of $b: luutru's own one-line message only"
	else
		notok "half of $b: stderr has more than luutru's message"; sed 's/^/#   /' "$WORK/err" | head -5
	fi
	unchanged "half of $b"
done
run ingest "$SRC/samples/cv-15-vp.png" --meta "subject=$(printf 'bad \377\376 utf8')"
expect_rc "invalid UTF-8 metadata exits 2" 2; unchanged "invalid UTF-8 metadata"
LONG=$(printf '%0501d' 0)
run ingest "$SRC/samples/cv-15-vp.png" --meta "subject=$LONG"
expect_rc "over-long subject exits 2" 2; expect_err "names the field" "subject"; unchanged "over-long subject"
run ingest "$SRC/samples/cv-15-vp.png" --meta "issuedDate=2021-02-29"
expect_rc "impossible date exits 2" 2; unchanged "impossible date"
run ingest "$SRC/samples/cv-15-vp.png" --meta "nosuchfield=1"
expect_rc "unknown metadata tag exits 2" 2; unchanged "unknown tag"
run ingest "$SRC/samples/cv-15-vp.png" --meta docId=IT.0001
expect_rc "duplicate docId refused" 7; unchanged "duplicate docId"
run search "ho so" --json
[ "$(jqo '.total')" -ge 1 ] && ok "archive still searchable after bad input" || notok "archive still searchable after bad input"

# ---- first start: no user yet --------------------------------------------
# serve says how to create the first account, and a sign-in says it too
# instead of "wrong password".
FRESH=$WORK/fresh
"$LUUTRU" --data "$FRESH" init >/dev/null
"$LUUTRU" --data "$FRESH" serve --listen 127.0.0.1:0 --ready-file "$WORK/fresh.ready" \
	>"$WORK/fresh.out" 2>"$WORK/fresh.err" &
FS_PID=$!
i=0
while [ ! -s "$WORK/fresh.ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
grep -q "luutru user add .*--role admin" "$WORK/fresh.err" &&
	ok "serve on a fresh directory says how to add the first user" ||
	notok "serve on a fresh directory says how to add the first user"
if [ -s "$WORK/fresh.ready" ]; then
	curl -s -o "$WORK/out" -H "Content-Type: application/json" -d '{"login":"admin","password":"x"}' \
		"$(cat "$WORK/fresh.ready")/api/v1/auth/login"
	jqo '.error.message // .error' | grep -q "luutru user add" &&
		ok "sign-in before any user exists says how to begin" ||
		notok "sign-in before any user exists says how to begin: $(head -c 200 "$WORK/out")"
else
	notok "serve on a fresh directory did not start"
fi
kill "$FS_PID" 2>/dev/null
wait "$FS_PID" 2>/dev/null

# ---- catalog from a newer luutru is refused, untouched -------------------
cp "$LUUTRU_DATA/catalog.db" "$WORK/catalog.bak"
sqlite3 "$LUUTRU_DATA/catalog.db" "pragma user_version=999"
SUM=$(sha256sum <"$LUUTRU_DATA/catalog.db")
run search "ho so"; expect_rc "newer catalog refused" 8; expect_err "says the version" "999"
[ "$(sha256sum <"$LUUTRU_DATA/catalog.db")" = "$SUM" ] && ok "newer catalog left untouched" || notok "newer catalog left untouched"
