#!/bin/sh
# Interrupted work resumes (issue 17, part B): an ingest killed during OCR
# leaves its job running under the lease of a dead process; the next
# command that writes takes it back, verify names it, re-running the same
# ingest says the record exists and resumes it, `luutru ocr resume` and a
# running `luutru serve` finish it; the killed process's scratch files
# (under the data directory, not /tmp) are removed at the next start;
# verify --repair says what it repaired (jobs, a searchable PDF lost, the
# index, a partial index generation); overlapping imports skip, not fail.
. "$(dirname "$0")/lib.sh"
need_tools interrupted sqlite3 jq curl

SCAN="$SRC/samples/qd-120-ubnd.jpg" # a full page: OCR takes a while
run init; expect_rc "init" 0

# kill_during_ocr DOCID: an ingest of $SCAN killed once its job runs
kill_during_ocr() {
	"$LUUTRU" ingest "$SCAN" --meta docId="$1" >"$WORK/k.out" 2>&1 &
	kpid=$!
	i=0
	while [ "$(sql "SELECT count(*) FROM jobs j JOIN records r ON r.id = j.record_id WHERE r.doc_id = '$1' AND j.state = 'running'")" != 1 ] && [ $i -lt 3000 ]; do
		kill -0 $kpid 2>/dev/null || break
		sleep 0.02
		i=$((i + 1))
	done
	kill -KILL $kpid 2>/dev/null
	wait $kpid 2>/dev/null
	KPID=$kpid
}

# ---- 1. killed during OCR: the lease names a dead process ----------------------
kill_during_ocr K.1
[ "$(sql "SELECT state FROM jobs")" = running ] && ok "the killed ingest left its job running" ||
	notok "the killed ingest left its job running ($(sql "SELECT state FROM jobs"))"
case "$(sql "SELECT lease FROM jobs")" in "$KPID".*) ok "the job's lease names the killed process" ;;
*) notok "the job's lease names the killed process ($(sql "SELECT lease FROM jobs"))" ;; esac
ls -d "$LUUTRU_DATA/tmp/$KPID".* >/dev/null 2>&1 && ok "its scratch files are under the data directory" ||
	notok "its scratch files are under the data directory"

run verify --json; expect_rc "verify finds the interrupted job (exit 4)" 4
[ "$(jqo '[.issues[] | select(.kind == "job_interrupted")] | length')" = 1 ] &&
	ok "verify reports job_interrupted" || notok "verify reports job_interrupted: $(jqo '[.issues[].kind] | join(",")')"
[ "$(jqo '.issues[] | select(.kind == "job_interrupted") | .object')" = "$(sql "SELECT uid FROM records")" ] &&
	ok "the issue names the record" || notok "the issue names the record"
ls -d "$LUUTRU_DATA/tmp/$KPID".* >/dev/null 2>&1 && notok "the dead process's scratch files are removed at the next start" ||
	ok "the dead process's scratch files are removed at the next start"
[ "$(sql "SELECT state || ':' || (lease IS NULL) FROM jobs")" = "queued:1" ] &&
	ok "the command that wrote next took the job back" || notok "the command that wrote next took the job back ($(sql "SELECT state FROM jobs"))"
run ocr review --json; expect_rc "ocr review" 0
[ "$(jqo '.waiting')" = 1 ] && ok "ocr review says a record still waits for recognition" ||
	notok "ocr review says a record still waits for recognition ($(jqo '.waiting'))"

# ---- 2. the same ingest again: the record exists, its OCR resumes --------------
run ingest "$SCAN" --meta docId=K.1 --json; expect_rc "the same ingest again succeeds" 0
[ "$(jqo '.records[0].resumed')" = true ] && ok "it says the record exists and its OCR was resumed" ||
	notok "it says the record exists and its OCR was resumed"
[ "$(sql "SELECT count(*) FROM records")" = 1 ] && ok "no second record" || notok "no second record"
[ "$(sql "SELECT state FROM jobs")" = done ] && ok "the job is done" || notok "the job is done"
[ "$(sql "SELECT count(*) FROM record_files WHERE role = 'searchable_pdf'")" = 1 ] &&
	ok "its searchable PDF is stored" || notok "its searchable PDF is stored"
run search "Quyết định" --json; expect_rc "search" 0
[ "$(jqo '.total')" -ge 1 ] 2>/dev/null && ok "the page is searchable" || notok "the page is searchable"
run ingest "$SCAN" --meta docId=K.1; expect_rc "once recognised, the same ingest is refused (exit 7)" 7
run verify; expect_rc "verify is clean" 0

# ---- 3. luutru ocr resume ------------------------------------------------------------
kill_during_ocr K.2
run ocr resume --json; expect_rc "ocr resume" 0
[ "$(jqo '.jobsDone')" = 1 ] && [ "$(jqo '.reclaimed')" = 1 ] && ok "ocr resume takes the job back and finishes it" ||
	notok "ocr resume takes the job back and finishes it ($(cat "$WORK/out"))"
run ocr resume; expect_rc "ocr resume with nothing waiting" 0
expect_out "it says nothing is waiting" "Không có việc"

# ---- 4. luutru serve picks it up while it runs ----------------------------------------
"$LUUTRU" serve --listen 127.0.0.1:0 --ready-file "$WORK/ready" >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER=$!
i=0; while [ ! -s "$WORK/ready" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$WORK/ready" ] && ok "serve started" || notok "serve started"
kill_during_ocr K.3
i=0
while [ "$(sql "SELECT state FROM jobs j JOIN records r ON r.id = j.record_id WHERE r.doc_id = 'K.3'")" != done ] && [ $i -lt 1200 ]; do
	sleep 0.1; i=$((i + 1))
done
[ "$(sql "SELECT state FROM jobs j JOIN records r ON r.id = j.record_id WHERE r.doc_id = 'K.3'")" = done ] &&
	ok "a running serve takes the killed ingest's job back and finishes it" ||
	notok "a running serve takes the killed ingest's job back and finishes it"
kill -TERM $SERVER; wait $SERVER
run verify; expect_rc "verify is clean again" 0
ls "$LUUTRU_DATA/tmp" | grep -q . && notok "no scratch directory left once serve and the next CLI command end ($(ls "$LUUTRU_DATA/tmp"))" ||
	ok "no scratch directory left once serve and the next CLI command end"

# ---- 5. verify --repair says what it repaired -----------------------------------------
# a searchable PDF lost (as a full disk leaves it), the index behind, a
# partial index generation (as a reindex killed midway leaves it)
K1=$(sql "SELECT uid FROM records WHERE doc_id = 'K.1'")
sql "DELETE FROM main.record_files WHERE role = 'searchable_pdf' AND record_id = (SELECT id FROM records WHERE doc_id = 'K.1')"
sql "INSERT INTO main.index_outbox(record_id, uid, op) SELECT id, uid, 'upsert' FROM records WHERE doc_id = 'K.2'"
run reindex; expect_rc "reindex" 0
GEN=$(readlink "$LUUTRU_DATA/index")
N=$(echo "$GEN" | sed 's/index.g//')
cp -r "$LUUTRU_DATA/$GEN" "$LUUTRU_DATA/index.g$((N + 1))"
sql "INSERT INTO main.index_outbox(record_id, uid, op) SELECT id, uid, 'upsert' FROM records WHERE doc_id = 'K.2'"
run verify --json; expect_rc "verify finds them (exit 4)" 4
KINDS=$(jqo '[.issues[].kind] | sort | join(",")')
[ "$KINDS" = "index_behind,index_partial_generation,searchable_pdf_missing" ] && ok "verify: searchable_pdf_missing, index_behind, index_partial_generation" ||
	notok "verify: searchable_pdf_missing, index_behind, index_partial_generation ($KINDS)"
[ "$(jqo '.issues[] | select(.kind == "searchable_pdf_missing") | .object')" = "$K1" ] &&
	ok "the missing PDF names its record" || notok "the missing PDF names its record"
run verify --repair; expect_rc "verify --repair" 0
for k in searchable_pdf_missing index_behind index_partial_generation; do
	expect_out "verify --repair says it repaired $k" "\[đã sửa\] $k"
done
expect_out "and that nothing is left" "Đã sửa 3 vấn đề"
[ "$(sql "SELECT count(*) FROM record_files f JOIN records r ON r.id = f.record_id WHERE r.doc_id = 'K.1' AND f.role = 'searchable_pdf'")" = 1 ] &&
	ok "the searchable PDF is made again" || notok "the searchable PDF is made again"
[ -e "$LUUTRU_DATA/index.g$((N + 1))" ] && notok "the partial generation is removed" || ok "the partial generation is removed"
run verify; expect_rc "verify after the repair is clean" 0
expect_out "verify says nothing is wrong" "Không phát hiện vấn đề"

# ---- 6. two imports of overlapping batches at once --------------------------------------
for b in a b; do
	mkdir -p "$WORK/ov$b"
	awk -v b=$b 'BEGIN { s = b == "a" ? 1 : 151; for (i = s; i < s + 300; i++)
		printf "{\"docId\": \"OV.%04d\", \"subject\": \"Đoạn %d\", \"text\": \"Nội dung số %d\"}\n", i, i, i }' >"$WORK/ov$b/manifest.jsonl"
done
"$LUUTRU" import "$WORK/ova" --json >"$WORK/ova.json" 2>"$WORK/ova.err" &
PA=$!
"$LUUTRU" import "$WORK/ovb" --json >"$WORK/ovb.json" 2>"$WORK/ovb.err"
RB=$?
wait $PA; RA=$?
[ $RA = 0 ] && [ $RB = 0 ] && ok "both overlapping imports exit 0" || notok "both overlapping imports exit 0 ($RA, $RB)"
[ "$(jq -s '[.[].failed] | add' "$WORK/ova.json" "$WORK/ovb.json")" = 0 ] &&
	ok "no row of either fails" || notok "no row of either fails: $(jq -c '.failures[0]' "$WORK/ova.json" "$WORK/ovb.json")"
[ "$(jq -s '[.[].imported] | add' "$WORK/ova.json" "$WORK/ovb.json")" = 450 ] &&
	ok "every row stored once by one of them" || notok "every row stored once by one of them"
[ "$(sql "SELECT count(*) FROM records WHERE doc_id LIKE 'OV.%'")" = 450 ] && ok "450 records" || notok "450 records"
