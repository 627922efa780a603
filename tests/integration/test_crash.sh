#!/bin/sh
# Crash safety (issues 6, 17): `luutru import` of batches with real scans (OCR)
# and text rows is killed with SIGKILL at random moments, at least
# CRASH_KILLS times (default 15 in `make test`; `make test-crash` runs 50).
# After each kill:
#   - `luutru verify` finds the catalog, the blob store, the audit chain and
#     the index consistent; the only findings allowed are what a crash
#     leaves by design: the index behind the catalog (the next run or
#     `verify --repair` catches up), an orphan blob (put before its row was
#     committed), a young temp file in blobs/tmp, and an OCR job whose
#     process was killed (job_interrupted: taken back, the next run or
#     `verify --repair` finishes it);
#   - orphan blobs are swept by `verify --repair`, after which verify finds
#     nothing but young temp files;
#   - every acknowledged record (in the catalog after an earlier kill, or
#     counted as imported by a run that ended) is still there, exactly once.
# Finally every batch is imported to the end: every manifest row present
# exactly once, every OCR job done, the index up to date, verify clean.
#
# Kills land mostly in the text rows and the index update (most of each
# batch is text), some during blob writes and OCR (the scans). A job whose
# OCR was killed twice is left to finish (jobs have 3 attempts: a file
# that kills the process must not loop for ever), so it is not failed.
# CRASH_SEED makes the delays reproducible; it is printed.
# Then `ingest` of a scan (killed mostly during OCR), `backup` and
# `restore` are killed CRASH_OTHER_KILLS times each (default 2; 5 in
# `make test-crash`): verify
# finds only what a kill leaves, the same ingest again completes it, a
# killed backup's set is refused until backup runs again, a restore killed
# while copying starts over when run again (one killed while it built the
# index leaves a whole archive that `reindex` completes), and every set
# restores.
. "$(dirname "$0")/lib.sh"

export LC_ALL=C # sort and comm as SQLite orders
KILLS=${CRASH_KILLS:-15}
SEED=${CRASH_SEED:-$(date +%s)}
echo "# crash test: $KILLS kills, seed $SEED (CRASH_SEED)"
nblobs() { find "$LUUTRU_DATA/blobs" -path "$LUUTRU_DATA/blobs/tmp" -prune -o -type f -print | wc -l; }
fail=0
bad() { notok "$*"; fail=$((fail + 1)); }

run init; expect_rc "init" 0

# ---- the scans: small real pages (the top of each fixture letter, 150 dpi,
# 1 bit, rendered from its image-only PDF), and two project samples ---------
mkdir -p "$WORK/scans"
n=0
if [ -n "$SCANS" ]; then
	for d in "$SCANS"/*/; do
		[ -f "$d/doc.pdf" ] || continue
		n=$((n + 1))
		pdftoppm -r 150 -mono -png -f 1 -l 1 -x 0 -y 150 -W 1240 -H 500 "$d/doc.pdf" "$WORK/scans/a$n" &&
			pdftoppm -r 150 -mono -png -f 1 -l 1 -x 0 -y 1100 -W 1240 -H 500 "$d/doc.pdf" "$WORK/scans/b$n"
	done
fi
cp "$SRC/samples/tb-08-vp.tif" "$SRC/samples/cv-15-vp.png" "$WORK/scans/"
NSCANS=$(ls "$WORK/scans" | wc -l)
[ "$NSCANS" -ge 2 ] && ok "scans prepared ($NSCANS)" || notok "scans prepared"

# ---- batches: 400 text rows each, and 3 scans in the odd ones; docIds
# B<g>.S<i> / B<g>.T<i> --------------------------------------------------------------
TEXT=$WORK/passages.txt
if [ -f "$SHARED/fixtures/corpus/legal-sample.jsonl.gz" ]; then
	gzip -dc "$SHARED/fixtures/corpus/legal-sample.jsonl.gz" | jq -r '.text | gsub("[\\n\\t\\r]"; " ") | .[0:600]' | head -200 >"$TEXT"
fi
[ -s "$TEXT" ] || sed 's/$/ Báo cáo tổng kết công tác văn thư lưu trữ./' "$SRC/samples/bc-33-vp.txt" >"$TEXT"
NPASS=$(wc -l <"$TEXT")
SCANLIST=$(ls "$WORK/scans")
make_batch() { # g: $WORK/b<g>/manifest.jsonl
	b="$WORK/b$1"
	mkdir -p "$b"
	cp -r "$WORK/scans" "$b/scans"
	i=0
	for f in $SCANLIST; do
		i=$((i + 1))
		[ $(($1 % 2)) = 1 ] && [ $(((i + $1) % NSCANS)) -lt 3 ] || continue
		printf '{"docId": "B%s.S%s", "typeName": "Công văn", "subject": "Bản quét %s lô %s", "file": "scans/%s"}\n' "$1" "$i" "$i" "$1" "$f"
	done >"$b/manifest.jsonl"
	awk -v g="$1" -v np="$NPASS" 'BEGIN { srand(g) } { t[NR] = $0 } END {
		for (i = 1; i <= 400; i++) {
			s = t[(i * 7 + g) % np + 1]; gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s)
			printf "{\"docId\": \"B%s.T%04d\", \"subject\": \"Đoạn %d lô %s\", \"issuedDate\": \"2024-03-%02d\", \"text\": \"%s\"}\n", g, i, i, g, i % 28 + 1, s
		} }' "$TEXT" >>"$b/manifest.jsonl"
}

# ---- regression: a re-run whose rows are all skipped still finishes the OCR
# jobs and the index update a killed run left (service/cmd_import.c drained
# only when it imported something) -------------------------------------------------
mkdir -p "$WORK/r0/scans"
cp "$SRC/samples/tb-08-vp.tif" "$WORK/r0/scans/"
printf '{"docId": "R0.1", "subject": "Thông báo", "file": "scans/tb-08-vp.tif"}\n{"docId": "R0.2", "subject": "Đoạn", "text": "Nội dung"}\n' >"$WORK/r0/manifest.jsonl"
t0=$(date +%s%N)
run import "$WORK/r0"; expect_rc "import a small batch" 0
# the time one scan takes here (OCR engine start, one page, index) scales
# the kill delays of the batches with scans to this machine and its load
T0=$(( ($(date +%s%N) - t0) / 1000000 ))
sql "UPDATE jobs SET state = 'running'"    # as a kill during OCR leaves it
run import "$WORK/r0" --json; expect_rc "re-run of the batch" 0
[ "$(jqo .skipped)" = 2 ] && [ "$(sql "SELECT count(*) FROM jobs WHERE state <> 'done'")" = 0 ] &&
	ok "a re-run with every row skipped finishes the interrupted OCR job" ||
	notok "a re-run with every row skipped finishes the interrupted OCR job ($(sql "SELECT state FROM jobs"))"
run verify; expect_rc "verify after the re-run" 0

# ---- kill loop ---------------------------------------------------------------------
# Delays: a deterministic pseudo-random sequence (awk, seeded): 20–700 ms
# for a text-only batch (text rows, then the index update), 50–2500 ms for
# one with scans (blob writes, OCR, index; up to 3 × T0). After 5 kills in
# a row on one batch the next run is let finish, so every batch ends even
# on a slow machine (a kill before the OCR engine has started makes no
# progress).
awk -v s="$SEED" -v t0="$T0" 'BEGIN { srand(s); m = 3 * t0 / 1000; if (m < 2.5) m = 2.5
	for (i = 0; i < 2000; i++) printf "%.3f %.3f\n", 0.02 + rand() * 0.68, 0.05 + rand() * m }' >"$WORK/delays"
kills=0 runs=0 done_runs=0 g=1 cycle=0 repairs=0 spared=0
k_rows=0 k_ocr=0 k_ocrq=0 k_index=0 inrow=0
make_batch $g
: >"$WORK/acked"; : >"$WORK/prev_ids"
while [ $kills -lt "$KILLS" ] && [ $cycle -lt 400 ]; do
	cycle=$((cycle + 1))
	set -- $(sed -n "${cycle}p" "$WORK/delays")
	if [ $((g % 2)) = 1 ]; then delay=$2; else delay=$1; fi
	# a job interrupted twice is let finish (its third attempt is its last)
	spare=$(sql "SELECT count(*) FROM jobs WHERE state IN ('queued', 'running') AND attempts >= 2")
	[ $inrow -lt 5 ] || spare=1
	"$LUUTRU" import "$WORK/b$g" --json >"$WORK/imp.out" 2>"$WORK/imp.err" &
	pid=$!
	runs=$((runs + 1))
	if [ "$spare" -gt 0 ]; then
		spared=$((spared + 1))
		wait $pid; rc=$?
	else
		sleep "$delay"
		if kill -KILL $pid 2>/dev/null; then
			wait $pid 2>/dev/null
			rc=kill
			kills=$((kills + 1)) inrow=$((inrow + 1))
			# where it landed: rows not all in (text rows / blob writes), an
			# OCR job left running, or the index update (index behind)
			rows=$(sql "SELECT count(*) FROM records WHERE doc_id LIKE 'B$g.%'")
			if [ "$rows" -lt "$(wc -l <"$WORK/b$g/manifest.jsonl")" ]; then k_rows=$((k_rows + 1))
			elif [ "$(sql "SELECT count(*) FROM jobs WHERE state = 'running'")" -gt 0 ]; then k_ocr=$((k_ocr + 1))
			elif [ "$(sql "SELECT count(*) FROM jobs WHERE state = 'queued'")" -gt 0 ]; then k_ocrq=$((k_ocrq + 1))
			else k_index=$((k_index + 1)); fi
		else
			wait $pid; rc=$?
		fi
	fi
	if [ "$rc" != kill ]; then
		if [ "$rc" -ne 0 ]; then
			bad "import of batch $g ended with exit $rc (cycle $cycle)"; sed 's/^/#   /' "$WORK/imp.err" | head -5
			break
		fi
		# a run that ended acknowledges every row of its batch
		done_runs=$((done_runs + 1)) inrow=0
		jq -r '.pipeline.jobsFailed' "$WORK/imp.out" | grep -qx 0 || bad "batch $g: a job failed (cycle $cycle)"
		sed -n 's/.*"docId": "\([^"]*\)".*/\1/p' "$WORK/b$g/manifest.jsonl" >>"$WORK/acked"
		g=$((g + 1))
		make_batch $g
	fi

	# 1. verify: only what a crash leaves by design
	"$LUUTRU" verify --json >"$WORK/v.json" 2>"$WORK/v.err"
	vrc=$?
	kinds=$(jq -r '[.issues[].kind] | unique | join(" ")' "$WORK/v.json" 2>/dev/null)
	other=$(echo "$kinds" | tr ' ' '\n' | grep -Ev '^(index_behind|orphan_blob|tmp_leftover|job_interrupted|)$')
	if [ $vrc -ne 0 ] && [ $vrc -ne 4 ] || [ -n "$other" ]; then
		bad "verify after cycle $cycle (delay $delay, exit $vrc) finds: $kinds"
		jq -r '.issues[] | "#   " + .kind + " " + .object + ": " + .message' "$WORK/v.json" 2>/dev/null | head -5
		sed 's/^/#   /' "$WORK/v.err" | head -3
		break
	fi
	tmps=$(jq '[.issues[] | select(.kind == "tmp_leftover")] | length' "$WORK/v.json")
	[ "$tmps" -le "$kills" ] || { bad "more temp files ($tmps) than kills ($kills)"; break; }
	# 2. orphans are swept by --repair (and every 10th cycle the index is
	#    caught up by it); then nothing but young temp files is left
	case " $kinds " in *" orphan_blob "*) need=1 ;; *) need=$((cycle % 10 == 0)) ;; esac
	if [ $need = 1 ]; then
		repairs=$((repairs + 1))
		"$LUUTRU" verify --repair --json >"$WORK/r.json" 2>"$WORK/r.err"
		"$LUUTRU" verify --json >"$WORK/v.json" 2>"$WORK/v.err"
		left=$(jq -r '[.issues[].kind | select(. != "tmp_leftover")] | join(" ")' "$WORK/v.json" 2>/dev/null)
		if [ -n "$left" ] || ! jq -e . "$WORK/v.json" >/dev/null 2>&1; then
			bad "after verify --repair (cycle $cycle) verify still finds: $left"
			sed 's/^/#   /' "$WORK/v.err" | head -3
			break
		fi
	fi
	# 3. records: exactly once, nothing acknowledged lost, every file row
	#    has its blob row
	dup=$(sql "SELECT count(*) FROM (SELECT doc_id FROM records GROUP BY doc_id HAVING count(*) > 1)")
	[ "$dup" = 0 ] || { bad "cycle $cycle: $dup docIds stored more than once"; break; }
	sql "SELECT doc_id FROM records ORDER BY doc_id" >"$WORK/ids"
	sort -u "$WORK/acked" "$WORK/prev_ids" 2>/dev/null >"$WORK/want"
	lost=$(comm -23 "$WORK/want" "$WORK/ids" | head -3)
	[ -z "$lost" ] || { bad "cycle $cycle: acknowledged records lost: $lost"; break; }
	cp "$WORK/ids" "$WORK/prev_ids"
	nofile=$(sql "SELECT count(*) FROM records r WHERE r.doc_id LIKE '%.S%' AND NOT EXISTS (SELECT 1 FROM record_files f WHERE f.record_id = r.id)")
	[ "$nofile" = 0 ] || { bad "cycle $cycle: $nofile scan records without their file"; break; }
done
echo "# $kills kills in $cycle cycles ($runs runs, $done_runs ran to the end, $spared spared a twice-interrupted job, $repairs verify --repair)"
echo "# kills during: rows $k_rows, OCR $k_ocr, between OCR jobs $k_ocrq, index update or after $k_index"
[ $kills -ge "$KILLS" ] && ok "at least $KILLS kills ($kills)" || bad "only $kills kills"
[ $fail = 0 ] && ok "after every kill: verify consistent, acknowledged records present exactly once, orphans swept"

# ---- finish: the batch in progress runs to the end (the earlier ones did,
# exit 0); the first is run again, which must change nothing ------------------------
run import "$WORK/b$g" --json
[ "$RC" = 0 ] || bad "final import of batch $g (exit $RC)"
run import "$WORK/b1" --json
[ "$RC" = 0 ] && [ "$(jqo .imported)" = 0 ] || bad "re-run of batch 1 (exit $RC, imported $(jqo .imported))"
total=$(cat "$WORK"/b*/manifest.jsonl | wc -l)
sed -n 's/.*"docId": "\([^"]*\)".*/\1/p' "$WORK"/b*/manifest.jsonl | sort >"$WORK/all"
sql "SELECT doc_id FROM records WHERE doc_id LIKE 'B%' ORDER BY doc_id" >"$WORK/ids"
if cmp -s "$WORK/all" "$WORK/ids"; then ok "every manifest row of the $g batches present exactly once ($total)"; else
	bad "manifest rows vs records differ"; diff "$WORK/all" "$WORK/ids" | head -5 | sed 's/^/#   /'
fi
[ "$(sql "SELECT count(*) FROM jobs WHERE state <> 'done'")" = 0 ] && ok "every OCR job done" ||
	bad "jobs not done: $(sql "SELECT state || ':' || attempts || ':' || coalesce(error, '') FROM jobs WHERE state <> 'done'" | head -3)"
run verify --repair; run verify --json
[ "$RC" = 0 ] && ok "verify passes at the end" || bad "verify at the end: $(jqo '[.issues[].kind] | join(",")')"
[ "$(jqo .info.index_documents)" = "$(sql "SELECT count(*) FROM records")" ] && ok "the index holds every record" ||
	bad "index $(jqo .info.index_documents) documents, catalog $(sql "SELECT count(*) FROM records")"
run verify --fixity; expect_rc "fixity of every stored blob passes" 0
[ "$(nblobs)" = "$(sql "SELECT count(*) FROM blobs")" ] && ok "no orphan blob left" || bad "blob files $(nblobs), rows $(sql "SELECT count(*) FROM blobs")"
run search "Bản quét" --json; expect_rc "search works after the crashes" 0

# ---- kills of ingest (during OCR), backup and restore -------------------------------
# CRASH_OTHER_KILLS of each (default 5); delays from the same seed, scaled
# to what one run takes here.
OTHER=${CRASH_OTHER_KILLS:-2}
RESUME=1
"$LUUTRU" ocr --help 2>&1 | grep -q "resume" || {
	RESUME=0
	echo "# luutru ocr resume is missing: completion of a killed ingest's OCR not checked"
}
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
t0=$(date +%s%N); run ingest "$SRC/samples/tb-08-vp.tif" --meta docId=CI.0 --meta subject="Quét 0"; TI=$(ms $t0)
expect_rc "an ingest of a scan" 0
t0=$(date +%s%N); run backup "$WORK/cb0"; TB=$(ms $t0); expect_rc "a backup of the archive" 0
t0=$(date +%s%N); run restore "$WORK/cb0" --data "$WORK/cr0"; TR=$(ms $t0); expect_rc "a restore of it" 0
echo "# one ingest with OCR ${TI} ms, one backup ${TB} ms, one restore ${TR} ms"
awk -v s="$SEED" -v a="$TI" -v b="$TB" -v c="$TR" 'BEGIN { srand(s + 1)
	for (i = 0; i < 200; i++) printf "%.3f %.3f %.3f\n", (50 + rand() * 0.9 * a) / 1000, (5 + rand() * b) / 1000, (5 + rand() * c) / 1000 }' >"$WORK/delays2"
allowed2='^(index_behind|orphan_blob|tmp_leftover|job_interrupted|job_waiting|)$'
verify_after() { # WHAT: verify finds only what a kill leaves
	"$LUUTRU" verify --json >"$WORK/v.json" 2>"$WORK/v.err"
	kinds=$(jq -r '[.issues[].kind] | unique | join(" ")' "$WORK/v.json" 2>/dev/null)
	other=$(echo "$kinds" | tr ' ' '\n' | grep -Ev "$allowed2")
	[ -z "$other" ] && jq -e . "$WORK/v.json" >/dev/null 2>&1 || bad "$1: verify finds: $kinds $(head -c 200 "$WORK/v.err")"
}
i=0 k_ing=0 k_bk=0 k_rs=0
while [ $i -lt "$OTHER" ]; do
	i=$((i + 1))
	set -- $(sed -n "${i}p" "$WORK/delays2")
	d_ing=$1 d_bk=$2 d_rs=$3
	# ingest of a scan, killed (mostly during OCR)
	"$LUUTRU" ingest "$SRC/samples/tb-08-vp.tif" --meta docId="CI.$i" --meta subject="Quét $i" >/dev/null 2>&1 &
	pid=$!; sleep "$d_ing"
	kill -KILL $pid 2>/dev/null && k_ing=$((k_ing + 1)); wait $pid 2>/dev/null
	verify_after "ingest killed after ${d_ing}s"
	run ingest "$SRC/samples/tb-08-vp.tif" --meta docId="CI.$i" --meta subject="Quét $i" --json
	# exit 7: the killed run had finished it all; the re-run says it exists
	[ "$RC" = 0 ] || { [ "$RC" = 7 ] && { [ $RESUME = 0 ] || [ "$(sql "SELECT count(*) FROM jobs j JOIN records r ON r.id = j.record_id WHERE r.doc_id = 'CI.$i' AND j.state <> 'done'")" = 0 ]; }; } ||
		bad "ingest CI.$i again after the kill: exit $RC $(head -c 200 "$WORK/err")"
	[ "$(sql "SELECT count(*) FROM records WHERE doc_id = 'CI.$i'")" = 1 ] || bad "CI.$i stored $(sql "SELECT count(*) FROM records WHERE doc_id = 'CI.$i'") times"
	[ $RESUME = 0 ] || [ "$(sql "SELECT count(*) FROM jobs j JOIN records r ON r.id = j.record_id WHERE r.doc_id = 'CI.$i' AND j.state <> 'done'")" = 0 ] ||
		bad "CI.$i: its OCR is not done after the ingest ran again"
	# backup, killed: the set is refused until backup runs again
	rm -rf "$WORK/cb"
	"$LUUTRU" backup "$WORK/cb" >/dev/null 2>&1 &
	pid=$!; sleep "$d_bk"
	kill -KILL $pid 2>/dev/null && k_bk=$((k_bk + 1)); wait $pid 2>/dev/null
	verify_after "backup killed after ${d_bk}s"
	if [ -e "$WORK/cb/manifest-seal.txt" ]; then
		run restore "$WORK/cb" --data "$WORK/cr"; [ "$RC" = 0 ] || bad "a sealed set (backup killed after ${d_bk}s) does not restore: $(head -c 200 "$WORK/err")"
		run backup "$WORK/cb" --incremental
	else
		run restore "$WORK/cb" --data "$WORK/cr"
		[ "$RC" != 0 ] && [ ! -e "$WORK/cr" ] || bad "an unfinished set (backup killed after ${d_bk}s) was restored (exit $RC)"
		run backup "$WORK/cb"
	fi
	[ "$RC" = 0 ] || bad "backup again after the kill: exit $RC $(head -c 200 "$WORK/err")"
	rm -rf "$WORK/cr"
	# restore, killed: the next restore refuses what it left until removed
	"$LUUTRU" restore "$WORK/cb" --data "$WORK/cr" >/dev/null 2>&1 &
	pid=$!; sleep "$d_rs"
	kill -KILL $pid 2>/dev/null && k_rs=$((k_rs + 1)); wait $pid 2>/dev/null
	if [ -e "$WORK/cr/restore-in-progress" ] || [ -z "$(ls -A "$WORK/cr" 2>/dev/null)" ]; then
		# killed while copying (or before): the same restore starts over
		run restore "$WORK/cb" --data "$WORK/cr"
		[ "$RC" = 0 ] || bad "restore again after a kill after ${d_rs}s: exit $RC $(head -c 200 "$WORK/err")"
	else
		# killed while it built the index: the archive is whole, its index
		# is made by reindex (and restore says so rather than overwrite it)
		run restore "$WORK/cb" --data "$WORK/cr"
		[ "$RC" = 7 ] && grep -q reindex "$WORK/err" || bad "restore into a restored archive (kill after ${d_rs}s): exit $RC"
		run --data "$WORK/cr" reindex; [ "$RC" = 0 ] || bad "reindex of the restored archive: exit $RC"
	fi
	run --data "$WORK/cr" verify; [ "$RC" = 0 ] || bad "verify of the restored archive after the kills (exit $RC)"
	[ "$(sqlite3 "$WORK/cr/catalog.db" "SELECT count(*) FROM records")" = "$(sqlite3 "$WORK/cb/catalog.db" "SELECT count(*) FROM records")" ] ||
		bad "the restored archive is not the set's"
	rm -rf "$WORK/cr"
done
echo "# kills: ingest $k_ing, backup $k_bk, restore $k_rs (of $OTHER each; the others ended first)"
[ $fail = 0 ] && ok "ingest, backup and restore killed $OTHER times each: verify consistent, every run again completes, every set restores"
run verify --repair; run verify; expect_rc "verify passes after the kills of ingest, backup and restore" 0
