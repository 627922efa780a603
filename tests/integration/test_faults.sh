#!/bin/sh
# Fault injection (issue 17, item 6): import, ingest with OCR, reindex,
# backup and restore run under libfiu (fiu-run -x, the POSIX preload) with
# failing write/pwrite, fsync/fdatasync, rename, open/fopen and
# malloc/calloc/realloc — each kind enabled at random with a probability
# drawn per seed, so a run fails at a different call each time. After
# every faulted run:
#   - it ended with an exit status or was stopped (a timeout, a crash of a
#     library on a failed allocation), never hung for ever;
#   - `luutru verify` is clean or names only interrupted work: the index
#     behind the catalog, an orphan blob, a temp file, a recognition job
#     left undone, a partial index generation (the kinds below);
#   - nothing reported as stored is lost: every record a run acknowledged
#     (exit 0) or that was in the catalog before is still there, once;
#   - no record is half-written: every record has its outbox row, every
#     text row its page, every ingested scan its original file;
#   - a backup reported as made restores, and restores to its snapshot;
#     a restore that failed left no data directory behind.
# Then the same work is run again without faults and must complete:
# `verify --repair` and `verify` clean, every row present, OCR done, the
# index holding every record, fixity passing.
#
# FAULT_SEEDS runs per operation and fault kind (default 2: the part that
# runs in `make test`, about two minutes here); `make test-faults SEEDS=N`
# runs more. FAULT_SEED fixes the first seed (printed) to replay a run.
. "$(dirname "$0")/lib.sh"

need_tools faults fiu-run python3 jq sqlite3 timeout
# libfiu's POSIX preload and AddressSanitizer both replace libc's malloc
# and I/O entry points; together the process dies before main. The
# sanitizer build (make test SANITIZE=1) runs the kill tests of
# test_crash.sh instead; this test runs with the normal build.
if ldd "$LUUTRU" 2>/dev/null | grep -q libasan; then
	echo "# $LUUTRU is built with AddressSanitizer, which libfiu's preload cannot run beside"
	skip "faults: injected faults" "under AddressSanitizer (make test-faults runs it with the normal build)"
	exit 0
fi
export LC_ALL=C
SEEDS=${FAULT_SEEDS:-2}
SEED0=${FAULT_SEED:-$(date +%s)}
echo "# fault injection: $SEEDS seeds per operation and kind, first seed $SEED0 (FAULT_SEED)"
KINDS="write fsync rename open malloc"
# work a stopped or failed run may leave, which verify names (the kinds of
# archive/verify.h and service/cmd_verify.c)
ALLOWED='^(index_behind|orphan_blob|tmp_leftover|job_interrupted|job_waiting|job_failed|searchable_pdf_missing|index_partial_generation|)$'

fail=0
bad() { notok "$*"; fail=$((fail + 1)); }

# points KIND: the libfiu failure points of a kind; range KIND: the
# probabilities drawn from (log-uniform), chosen so a fault lands anywhere
# in a run, not only in its first calls
points() {
	case $1 in
	write) echo "posix/io/rw/write posix/io/rw/pwrite" ;;
	fsync) echo "posix/io/sync/fsync posix/io/sync/fdatasync" ;;
	rename) echo "posix/io/dir/rename" ;;
	open) echo "posix/io/oc/open posix/stdio/oc/fopen" ;;
	malloc) echo "libc/mm/malloc libc/mm/calloc libc/mm/realloc" ;;
	esac
}
range() {
	case $1 in
	write) echo "0.0005 0.05" ;;
	fsync) echo "0.01 0.5" ;;
	rename) echo "0.02 0.6" ;;
	open) echo "0.001 0.05" ;;
	malloc) echo "0.000002 0.0002" ;;
	esac
}

# faulty KIND SEED ARGS...: luutru ARGS under the faults of KIND; stdout in
# $WORK/f.out, stderr in $WORK/f.err, status in $FRC ("sig<N>" when
# stopped by a signal, "hang" when the timeout stopped it)
faulty() {
	_kind=$1 _seed=$2
	shift 2
	set -- $(range "$_kind") "$LUUTRU" "$@"
	P=$(awk -v s="$_seed" -v lo="$1" -v hi="$2" 'BEGIN { srand(s); printf "%.6f", lo * exp(rand() * log(hi / lo)) }')
	shift 2
	for _pt in $(points "$_kind"); do
		set -- -c "enable_random name=$_pt,probability=$P" "$@"
	done
	FIU_PRNG_SEED=$_seed timeout -s KILL 300 fiu-run -x -f "" "$@" >"$WORK/f.out" 2>"$WORK/f.err"
	FRC=$?
	if [ $FRC = 137 ]; then FRC=hang; elif [ $FRC -gt 128 ]; then FRC=sig$((FRC - 128)); fi
}

# check WHAT: the invariants after a faulted run on the data directory
check() {
	"$LUUTRU" verify --json >"$WORK/v.json" 2>"$WORK/v.err"
	vrc=$?
	kinds=$(jq -r '[.issues[].kind] | unique | join(" ")' "$WORK/v.json" 2>/dev/null)
	other=$(echo "$kinds" | tr ' ' '\n' | grep -Ev "$ALLOWED")
	if { [ $vrc != 0 ] && [ $vrc != 4 ]; } || [ -n "$other" ]; then
		bad "$1: verify (exit $vrc) finds: $kinds"
		jq -r '.issues[] | "#   " + .kind + " " + .object + ": " + .message' "$WORK/v.json" 2>/dev/null | head -5
		sed 's/^/#   /' "$WORK/v.err" | head -3
	fi
	dup=$(sql "SELECT count(*) FROM (SELECT doc_id FROM records GROUP BY doc_id HAVING count(*) > 1)")
	[ "$dup" = 0 ] || bad "$1: $dup docIds stored twice"
	sql "SELECT doc_id FROM records ORDER BY doc_id" >"$WORK/ids"
	sort -u "$WORK/acked" >"$WORK/want"
	lost=$(comm -23 "$WORK/want" "$WORK/ids" | head -3 | tr '\n' ' ')
	[ -z "$lost" ] || bad "$1: acknowledged records lost: $lost"
	cat "$WORK/ids" >>"$WORK/acked"
	half=$(sql "SELECT count(*) FROM records r WHERE NOT EXISTS (SELECT 1 FROM index_outbox o WHERE o.record_id = r.id)
		OR (r.doc_id LIKE 'IMP%' AND NOT EXISTS (SELECT 1 FROM pages p WHERE p.record_id = r.id))
		OR (r.doc_id LIKE 'ING%' AND NOT EXISTS (SELECT 1 FROM record_files f WHERE f.record_id = r.id AND f.role = 'original'))")
	[ "$half" = 0 ] || bad "$1: $half records half-written"
}

# complete WHAT: after the same work ran again without faults, everything
# is done and verify is clean
complete() {
	"$LUUTRU" verify --repair --json >"$WORK/r.json" 2>"$WORK/r.err"
	"$LUUTRU" verify --json >"$WORK/v.json" 2>"$WORK/v.err"
	left=$(jq -r '[.issues[].kind] | join(" ")' "$WORK/v.json" 2>/dev/null)
	[ -z "$left" ] && jq -e . "$WORK/v.json" >/dev/null 2>&1 || bad "$1: after the re-run, verify still finds: $left $(head -c 200 "$WORK/v.err")"
	nj=$(sql "SELECT count(*) FROM jobs WHERE state <> 'done'")
	[ "$nj" = 0 ] || [ $RESUME = 0 ] || bad "$1: $nj OCR jobs not done after the re-run: $(sql "SELECT state || ' ' || coalesce(error, '') FROM jobs WHERE state <> 'done' LIMIT 2")"
}

# done_already DOCID: the record is stored with every job done
done_already() {
	[ "$(sql "SELECT count(*) FROM records r WHERE r.doc_id = '$1' AND NOT EXISTS
		(SELECT 1 FROM jobs j WHERE j.record_id = r.id AND j.state <> 'done')")" = 1 ]
}

tally() { # a run's outcome, for the summary
	case $FRC in
	0) n_ok=$((n_ok + 1)) ;;
	hang) n_hang=$((n_hang + 1)); bad "$1: stopped by the timeout (hung)" ;;
	sig*) n_sig=$((n_sig + 1)); echo "# $1: stopped by signal ${FRC#sig} (seed $2, p $P): $(tail -1 "$WORK/f.err")" ;;
	*) n_err=$((n_err + 1)) ;;
	esac
}
n_ok=0 n_err=0 n_sig=0 n_hang=0 runs=0

run init; expect_rc "init" 0
: >"$WORK/acked"
# Interrupted recognition is taken up again by the same ingest and by
# `luutru ocr resume` (issue 17, part B). Without them (a build before
# that work) an interrupted job cannot be completed: the test then checks
# everything else and says it skipped that.
RESUME=1
"$LUUTRU" ocr --help 2>&1 | grep -q "resume" || {
	RESUME=0
	echo "# luutru ocr resume is missing: completion of interrupted OCR jobs not checked"
}
cp "$SRC/samples/tb-08-vp.tif" "$WORK/scan.tif"
# a backup set made without faults, for the restore runs
run backup "$WORK/set0"; expect_rc "a first backup set" 0

seed=$SEED0
g=0
s=0
while [ $s -lt "$SEEDS" ]; do
	s=$((s + 1))
	for kind in $KINDS; do
		seed=$((seed + 1)) g=$((g + 1))
		# ---- import: 60 text rows ---------------------------------------------
		mkdir -p "$WORK/b$g"
		awk -v g=$g 'BEGIN { for (i = 1; i <= 60; i++) printf "{\"docId\": \"IMP%d.%03d\", \"subject\": \"Dòng %d lô %d\", \"issuedDate\": \"2024-05-%02d\", \"text\": \"Nội dung lưu trữ số %d của lô %d.\"}\n", g, i, i, g, i % 28 + 1, i, g }' >"$WORK/b$g/manifest.jsonl"
		faulty "$kind" $seed import "$WORK/b$g" --json
		runs=$((runs + 1)); tally "import/$kind" $seed
		[ "$FRC" = 0 ] && sed -n 's/.*"docId": "\([^"]*\)".*/\1/p' "$WORK/b$g/manifest.jsonl" >>"$WORK/acked"
		check "import under $kind faults (seed $seed, p $P, exit $FRC)"
		run import "$WORK/b$g" --json
		[ "$RC" = 0 ] || bad "import re-run after $kind faults (seed $seed): exit $RC: $(head -c 200 "$WORK/err")"
		sed -n 's/.*"docId": "\([^"]*\)".*/\1/p' "$WORK/b$g/manifest.jsonl" >>"$WORK/acked"
		complete "import/$kind seed $seed"

		# ---- ingest of a scan, with OCR ------------------------------------------
		faulty "$kind" $seed ingest "$WORK/scan.tif" --meta docId="ING.$g" --meta subject="Bản quét $g" --json
		runs=$((runs + 1)); tally "ingest/$kind" $seed
		[ "$FRC" = 0 ] && echo "ING.$g" >>"$WORK/acked"
		check "ingest under $kind faults (seed $seed, p $P, exit $FRC)"
		# the same ingest again: a new record, or the one the faulted run
		# stored, whose unfinished recognition is resumed
		run ingest "$WORK/scan.tif" --meta docId="ING.$g" --meta subject="Bản quét $g" --json
		# exit 7: the faulted run had stored and recognised it all (it
		# failed after that), and the re-run says it exists
		[ "$RC" = 0 ] || { [ "$RC" = 7 ] && { [ $RESUME = 0 ] || done_already "ING.$g"; }; } ||
			bad "ingest re-run after $kind faults (seed $seed): exit $RC: $(head -c 200 "$WORK/err")"
		echo "ING.$g" >>"$WORK/acked"
		complete "ingest/$kind seed $seed"
		[ "$(sql "SELECT count(*) FROM pages p JOIN records r ON r.id = p.record_id WHERE r.doc_id = 'ING.$g'")" -ge 1 ] || [ $RESUME = 0 ] ||
			bad "ingest/$kind seed $seed: the scan has no recognised page after the re-run"

		# ---- reindex ----------------------------------------------------------------
		faulty "$kind" $seed reindex --json
		runs=$((runs + 1)); tally "reindex/$kind" $seed
		check "reindex under $kind faults (seed $seed, p $P, exit $FRC)"
		run search "Dòng" --json
		[ "$RC" = 0 ] || bad "reindex/$kind seed $seed: search fails after the faulted reindex (exit $RC)"
		run reindex --json
		[ "$RC" = 0 ] || bad "reindex re-run after $kind faults (seed $seed): exit $RC: $(head -c 200 "$WORK/err")"
		complete "reindex/$kind seed $seed"

		# ---- backup -----------------------------------------------------------------
		faulty "$kind" $seed backup "$WORK/bk$g" --json
		runs=$((runs + 1)); tally "backup/$kind" $seed
		brc=$FRC
		check "backup under $kind faults (seed $seed, p $P, exit $FRC)"
		if [ "$brc" = 0 ] || [ -e "$WORK/bk$g/manifest-seal.txt" ]; then
			# reported as made (or sealed before the fault): it restores
			rm -rf "$WORK/rb"
			"$LUUTRU" restore "$WORK/bk$g" --data "$WORK/rb" >"$WORK/rb.out" 2>"$WORK/rb.err" ||
				bad "backup/$kind seed $seed (exit $brc): the set does not restore: $(head -c 300 "$WORK/rb.err")"
		fi
		if [ -e "$WORK/bk$g/manifest-seal.txt" ]; then
			run backup "$WORK/bk$g" --incremental --json
		else
			run backup "$WORK/bk$g" --json # over the unfinished set
		fi
		[ "$RC" = 0 ] || bad "backup re-run after $kind faults (seed $seed): exit $RC: $(head -c 300 "$WORK/err")"
		complete "backup/$kind seed $seed"

		# ---- restore ------------------------------------------------------------------
		rm -rf "$WORK/rs"
		faulty "$kind" $seed restore "$WORK/bk$g" --data "$WORK/rs" --json
		runs=$((runs + 1)); tally "restore/$kind" $seed
		case $FRC in
		0)
			"$LUUTRU" --data "$WORK/rs" verify >/dev/null 2>&1 ||
				bad "restore/$kind seed $seed: restored (exit 0) but verify fails"
			rm -rf "$WORK/rs"
			;;
		sig* | hang) ;; # stopped: the re-run below deals with what it left
		*)
			# failed: nothing left behind, or a whole archive whose index
			# failed, which the message says to reindex
			if [ -n "$(ls -A "$WORK/rs" 2>/dev/null)" ]; then
				[ ! -e "$WORK/rs/restore-in-progress" ] && grep -q "reindex" "$WORK/f.err" ||
					bad "restore/$kind seed $seed (exit $FRC) left $WORK/rs behind: $(head -c 200 "$WORK/f.err")"
			fi
			;;
		esac
		if [ -e "$WORK/rs/restore-in-progress" ] || [ -z "$(ls -A "$WORK/rs" 2>/dev/null)" ]; then
			# the same restore again: it starts over what the faulted one left
			run restore "$WORK/bk$g" --data "$WORK/rs" --json
			[ "$RC" = 0 ] || bad "restore re-run after $kind faults (seed $seed): exit $RC: $(head -c 300 "$WORK/err")"
		else
			# stopped while it built the index: the archive is whole, reindex
			run --data "$WORK/rs" reindex
			[ "$RC" = 0 ] || bad "reindex of the archive a faulted restore left (seed $seed): exit $RC"
		fi
		[ "$(sqlite3 "$WORK/rs/catalog.db" "SELECT count(*) FROM records")" = "$(sqlite3 "$WORK/bk$g/catalog.db" "SELECT count(*) FROM records")" ] ||
			bad "restore/$kind seed $seed: the restored catalog is not the set's"
		"$LUUTRU" --data "$WORK/rs" verify >/dev/null 2>&1 || bad "restore/$kind seed $seed: verify fails on the restored archive"
		rm -rf "$WORK/rs" "$WORK/rb" "$WORK/bk$g"
	done
done
echo "# $runs faulted runs: $n_ok ended well, $n_err failed with an error, $n_sig stopped by a signal, $n_hang hung"
[ $fail = 0 ] && ok "after every faulted run: verify names only interrupted work, nothing acknowledged lost, nothing half-written; every re-run completes"

# ---- the end: everything present, verify and fixity clean -----------------------------
run verify --repair; run verify --json
[ "$RC" = 0 ] && ok "verify passes at the end" || notok "verify at the end: $(jqo '[.issues[].kind] | join(",")')"
[ "$(jqo .info.index_documents)" = "$(sql "SELECT count(*) FROM records")" ] && ok "the index holds every record" ||
	notok "index $(jqo .info.index_documents) documents, catalog $(sql "SELECT count(*) FROM records")"
run verify --fixity; expect_rc "fixity passes at the end" 0
want=$(cat "$WORK"/b*/manifest.jsonl | wc -l)
[ "$(sql "SELECT count(*) FROM records WHERE doc_id LIKE 'IMP%'")" = "$want" ] && ok "every imported row present once ($want)" ||
	notok "imported rows: $(sql "SELECT count(*) FROM records WHERE doc_id LIKE 'IMP%'") of $want"
[ "$(sql "SELECT count(*) FROM records WHERE doc_id LIKE 'ING.%'")" = "$g" ] && ok "every ingested scan present once ($g)" ||
	notok "ingested scans: $(sql "SELECT count(*) FROM records WHERE doc_id LIKE 'ING.%'") of $g"
