#!/bin/sh
# tests/integration/test_work.sh — long work over HTTP (archive/work.h,
# service/api_work.c) against a real `luutru serve` on loopback: a verify
# with fixity that finds a stored file changed on disk and names its
# record; backups made in the configured place, one at a time (a second
# while the first runs is 409 "busy"), incomplete when a file is damaged,
# restorable with `luutru restore`; a reindex; the list newest first with
# the OCR jobs; who may start and who may read; work a killed service left
# shown as interrupted after a restart, finished work kept.
. "${LUUTRU_SRC:-$(pwd)}/tests/integration/lib.sh"
[ -x "$LUUTRU" ] || { notok "work: no luutru binary at $LUUTRU (set LUUTRU_BIN)"; exit 1; }

need_tools work curl jq sqlite3

run init
expect_rc "work: init" 0
adduser quantri admin 3
adduser quantri1 admin 1
adduser kiemtra inspector 3
adduser kiemtra0 inspector 0
adduser vanthu archivist 3
adduser canbo officer 3
for i in 1 2 3; do
	printf 'Công văn số %s về việc kiểm kê tài liệu lưu trữ.\n' "$i" >"$WORK/cv$i.txt"
	run ingest "$WORK/cv$i.txt" --json --meta docId="KK.2024.$i" --meta subject="Kiểm kê $i" \
		--meta issuedDate=2024-05-0$i
done
expect_rc "work: three records ingested" 0
RECORDS=$(sql "SELECT count(*) FROM records")
# the blob of KK.2024.2's file, which the tests below damage
SHA=$(sql "SELECT f.sha256 FROM record_files f JOIN records r ON r.id = f.record_id WHERE r.doc_id = 'KK.2024.2' AND f.role = 'original'")
REC2=$(sql "SELECT uid FROM records WHERE doc_id = 'KK.2024.2'")
BLOB="$LUUTRU_DATA/blobs/$(echo "$SHA" | cut -c1-2)/$(echo "$SHA" | cut -c3-4)/$SHA"
[ -f "$BLOB" ] && ok "work: the stored file to damage is there" || notok "work: no blob file $BLOB"
cp "$BLOB" "$WORK/blob.good"

SERVER=
start_server() {
	rm -f "$WORK/ready"
	"$LUUTRU" serve --listen 127.0.0.1:0 --threads 4 --ready-file "$WORK/ready" \
		>>"$WORK/serve.out" 2>>"$WORK/serve.err" &
	SERVER=$!
	i=0
	while [ ! -s "$WORK/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	URL=$(cat "$WORK/ready" 2>/dev/null)
	API="$URL/api/v1"
}
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
start_server
case "$URL" in http://127.0.0.1:*) ok "work: server listens" ;;
*) notok "work: server did not start"; sed 's/^/#   /' "$WORK/serve.err"; exit 1 ;; esac

JSON="Content-Type: application/json"
# req NAME STATUS LOGIN CURL_ARGS...: body in $WORK/body
req() {
	_name=$1 _want=$2 _login=$3
	shift 3
	ST=$(curl -s -o "$WORK/body" -w '%{http_code}' -H "Authorization: Bearer $(cat "$WORK/token-$_login")" "$@")
	if [ "$ST" = "$_want" ]; then ok "work: $_name"; else
		notok "work: $_name (status $ST, expected $_want)"; head -c 400 "$WORK/body" | sed 's/^/#   /'; echo
	fi
}
body_has() { # NAME JQ_FILTER (must print true)
	if [ "$(jq -r "$2" "$WORK/body" 2>/dev/null)" = true ]; then ok "work: $1"; else
		notok "work: $1"; head -c 600 "$WORK/body" | sed 's/^/#   /'; echo
	fi
}
# wait_work ID: poll GET /work/ID (as quantri) until it is no longer running; body in $WORK/body
wait_work() {
	i=0
	while [ $i -lt 600 ]; do
		curl -s -o "$WORK/body" -H "Authorization: Bearer $(cat "$WORK/token-quantri")" "$API/work/$1"
		[ "$(jq -r .state "$WORK/body" 2>/dev/null)" = running ] || return 0
		sleep 0.1
		i=$((i + 1))
	done
}
# no_path NAME: the last answer names no server path
no_path() {
	if grep -q "$WORK" "$WORK/body"; then notok "work: $1 names no server path"; head -c 400 "$WORK/body" | sed 's/^/#   /'; echo
	else ok "work: $1 names no server path"; fi
}

# ---- who may start, who may read ----------------------------------------------
for who in canbo vanthu kiemtra; do
	req "a $who may not start a verify" 403 "$who" -H "$JSON" -d '{"kind":"verify"}' "$API/work"
done
req "an admin of clearance 1 may not start work on the whole archive" 403 quantri1 -H "$JSON" -d '{"kind":"backup"}' "$API/work"
body_has "the refusal says clearance 3 is needed" '.error.message | test("3")'
ST=$(curl -s -o /dev/null -w '%{http_code}' -H "$JSON" -d '{"kind":"verify"}' "$API/work")
[ "$ST" = 401 ] && ok "work: no sign-in, no work (401)" || notok "work: anonymous POST /work gave $ST"
req "an unknown kind is refused" 400 quantri -H "$JSON" -d '{"kind":"format"}' "$API/work"
req "a kind is needed" 400 quantri -H "$JSON" -d '{}' "$API/work"
req "an officer may not read the list" 403 canbo "$API/work"
req "an unknown state filter is refused" 400 quantri "$API/work?state=sleeping"
[ "$(sql "SELECT count(*) FROM work")" = 0 ] && ok "work: refusals started nothing" || notok "work: a refused request left a work row"

# ---- verify finds a changed file ------------------------------------------------
# same size, other bytes: only a re-read with its hash can tell
printf 'X' | dd of="$BLOB" bs=1 seek=0 conv=notrunc 2>/dev/null
req "an admin starts a verify (202)" 202 quantri -H "$JSON" -d '{"kind":"verify","fixity":true}' "$API/work"
body_has "the answer names the work and where to poll" '.kind == "verify" and .state == "running" and (.url | test("^/api/v1/work/[0-9]+$"))'
VID=$(jq -r .id "$WORK/body")
wait_work "$VID"
body_has "verify ends done" '.state == "done" and .kind == "verify" and .startedBy == "quantri" and .finishedAt != null'
body_has "verify checked every stored file" ".result.fixity == true and .result.blobsChecked == $(sql "SELECT count(*) FROM blobs") and .done == .total and .total > 0"
body_has "the changed file is a problem naming its record" \
	"[.result.problems[] | select(.kind == \"content_changed\" and .docId == \"KK.2024.2\" and .uid == \"$REC2\")] | length == 1"
body_has "issues counts the problems" '.result.issues == (.result.problems | length) and .result.issues >= 1'
no_path "verify's result"
[ "$(sql "SELECT count(*) FROM audit_log WHERE action = 'work.start'")" = 1 ] &&
	[ "$(sql "SELECT count(*) FROM audit_log WHERE action = 'verify.fixity' AND who LIKE 'quantri%'")" = 1 ] &&
	ok "work: the start and the check are in the audit log, by the admin" || notok "work: audit entries of the verify"
req "an inspector of clearance 3 reads verify's result" 200 kiemtra "$API/work/$VID"
body_has "... with its problems" '.result.issues >= 1'
req "an inspector of clearance 0 does not see work started at clearance 3" 404 kiemtra0 "$API/work/$VID"
req "... nor in the list" 200 kiemtra0 "$API/work?kind=verify"
body_has "... the list is empty for them" '.work | length == 0'
cp "$WORK/blob.good" "$BLOB"

# ---- backups: one at a time, the set restorable -----------------------------------
# The first backup waits at the damaged file until the test lets it go:
# the file is a named pipe (opening it for reading waits for a writer).
rm -f "$BLOB" && mkfifo "$BLOB"
req "an admin starts a backup (202)" 202 quantri -H "$JSON" -d '{"kind":"backup"}' "$API/work"
B1=$(jq -r .id "$WORK/body")
SET1=$(jq -r .source "$WORK/body")
case "$SET1" in luutru-20*) ok "work: a backup set is named luutru-DATE-TIME" ;; *) notok "work: backup set name '$SET1'" ;; esac
req "a second backup while the first runs is refused (409)" 409 quantri -H "$JSON" -d '{"kind":"backup"}' "$API/work"
body_has "... as busy, naming the running one" ".error.code == \"busy\" and (.error.message | test(\"#$B1\"))"
req "the running backup is listed as running" 200 quantri "$API/work?state=running"
body_has "... with its phase" "[.work[] | select(.id == \"$B1\" and .phase == \"blobs\")] | length == 1"
# The registry is the backup's own (lt_backup_run), not the route's: one
# from the command line is refused the same way, and writes nothing.
run backup "$WORK/cli-set"
expect_rc "work: a backup from the command line while it runs is refused as busy" 9
grep -q "#$B1" "$WORK/err" && [ ! -e "$WORK/cli-set" ] &&
	ok "work: ... naming the running one, and no set is begun" ||
	notok "work: CLI backup beside the running one: $(cat "$WORK/err")"
: >"$BLOB" & # open the pipe for writing: the backup goes on, finds no regular file
WRITER=$!
wait_work "$B1"
wait "$WRITER"
body_has "the backup ends done but incomplete, naming the damaged file" \
	"(.state == \"done\") and (.result.complete == false) and (.result.skipped[0].sha256 == \"$SHA\")"
rm -f "$BLOB" && cp "$WORK/blob.good" "$BLOB"

req "a second full backup" 202 quantri -H "$JSON" -d '{"kind":"backup"}' "$API/work"
B2=$(jq -r .id "$WORK/body")
wait_work "$B2"
body_has "it is complete, with its name, size and manifest" \
	'.state == "done" and .result.complete == true and .result.kind == "full" and .result.files > 0 and .result.bytes > 0 and (.result.manifestSha256 | length == 64) and (.result.name | startswith("luutru-"))'
no_path "the backup's result"
SET2=$(jq -r .result.name "$WORK/body")
run backup "$WORK/cli-set"
expect_rc "work: a backup from the command line" 0
req "... is in the web UI's list" 200 quantri "$API/work?kind=backup&limit=1"
body_has "... done, named by its set (no path), with the same result" \
	'.work[0].source == "cli-set" and .work[0].state == "done" and .work[0].result.complete == true and .work[0].result.files > 0'
no_path "the command line backup's row"
[ -f "$LUUTRU_DATA/backups/$SET2/manifest-seal.txt" ] && ok "work: the set is in the data directory's backup place" ||
	notok "work: no set $SET2 under backups/"
"$LUUTRU" restore "$LUUTRU_DATA/backups/$SET2" --data "$WORK/restored" >"$WORK/out" 2>"$WORK/err"
if [ $? -eq 0 ] && [ "$(sqlite3 "$WORK/restored/catalog.db" "SELECT count(*) FROM records")" = "$RECORDS" ]; then
	ok "work: the set restores with luutru restore"
else
	notok "work: restore of $SET2"; sed 's/^/#   /' "$WORK/err" | head -5
fi
LUUTRU_DATA="$WORK/restored" "$LUUTRU" verify --fixity >/dev/null 2>&1 &&
	ok "work: the restored archive verifies" || notok "work: the restored archive does not verify"
req "an incremental backup" 202 quantri -H "$JSON" -d '{"kind":"backup","incremental":true}' "$API/work"
wait_work "$(jq -r .id "$WORK/body")"
body_has "it updates the newest set" ".state == \"done\" and .result.kind == \"incremental\" and .result.name == \"$SET2\" and .result.complete == true"

# ---- reindex --------------------------------------------------------------------------
req "an admin starts a reindex" 202 quantri -H "$JSON" -d '{"kind":"reindex"}' "$API/work"
wait_work "$(jq -r .id "$WORK/body")"
body_has "the reindex indexed every record" ".state == \"done\" and .result.documents == $RECORDS"
curl -s -o "$WORK/body" -H "Authorization: Bearer $(cat "$WORK/token-quantri")" "$API/search?q=kiem+ke"
body_has "search answers from the new index" ".total == $RECORDS"

# ---- the list ---------------------------------------------------------------------------
req "the list" 200 quantri "$API/work"
body_has "newest first" '[.work[] | select(.kind != "ocr") | .id | tonumber] as $ids | $ids == ($ids | sort | reverse)'
body_has "OCR jobs are in the same list" "[.work[] | select(.kind == \"ocr\" and (.id | startswith(\"ocr-\")))] | length == $(sql "SELECT count(*) FROM jobs")"
req "filtered by kind" 200 quantri "$API/work?kind=backup"
body_has "... only backups" '(.work | length == 4) and ([.work[] | select(.kind != "backup")] | length == 0)'
req "an OCR job by its id" 200 quantri "$API/work/ocr-$(sql "SELECT min(id) FROM jobs")"
body_has "... with its record" '.kind == "ocr" and .recordId > 0'
body_has "... done, with its pages: done = total = the record's pages" ".state == \"done\" and .done == .total and .total == $(sql "SELECT count(*) FROM pages WHERE record_id = (SELECT record_id FROM jobs ORDER BY id LIMIT 1)") and .total > 0"
req "no such work" 404 quantri "$API/work/9999"
req "a bad id is not found" 404 quantri "$API/work/ocr-x"
req "... nor a path" 400 quantri "$API/work/..%2Fcatalog.db"

# ---- a killed service: interrupted; finished work kept ---------------------------------------
rm -f "$BLOB" && mkfifo "$BLOB"
req "a backup that will be cut short" 202 quantri -H "$JSON" -d '{"kind":"backup"}' "$API/work"
B4=$(jq -r .id "$WORK/body")
kill -9 "$SERVER"
wait "$SERVER" 2>/dev/null
rm -f "$BLOB" && cp "$WORK/blob.good" "$BLOB"
start_server
req "after a restart the cut-short backup" 200 quantri "$API/work/$B4"
body_has "... is interrupted, not running" '.state == "interrupted" and .finishedAt != null'
req "... and another backup may start" 202 quantri -H "$JSON" -d '{"kind":"backup"}' "$API/work"
wait_work "$(jq -r .id "$WORK/body")"
body_has "... and ends" '.state == "done"'
req "finished work is kept across the restart" 200 quantri "$API/work/$VID"
body_has "... with its result" '.state == "done" and .result.issues >= 1'

kill "$SERVER"
wait "$SERVER" 2>/dev/null
[ $? -eq 0 ] && ok "work: the service stops cleanly" || notok "work: the service did not stop cleanly"
exit 0
