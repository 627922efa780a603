#!/bin/sh
# fuzz/run.sh BUILD [TARGET...] — run the libFuzzer targets built in
# BUILD/fuzz (make fuzz builds them) for FUZZ_SECONDS each (default 60).
#
# For each target: first every input in fuzz/regressions/<target>/ is
# replayed once (crashes found earlier and fixed must stay fixed), then
# the fuzzer runs from a working corpus BUILD/fuzz-corpus/<target>,
# seeded by fuzz/seeds.sh and kept between runs. A crash leaves its input
# as BUILD/fuzz-crashes/<target>-crash-* and fails the run (exit 1): fix
# the bug, then copy the input into fuzz/regressions/<target>/.
set -u
cd "$(dirname "$0")/.."
BUILD=$1; shift
SECS=${FUZZ_SECONDS:-60}
TARGETS=${*:-"query manifest_jsonl manifest_csv fields image import package rtf eml office pdfsig vnenc"}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export OMP_THREAD_LIMIT=1
export LUUTRU_LANG=vi

./fuzz/seeds.sh "$BUILD/fuzz-corpus" || exit 1
mkdir -p "$BUILD/fuzz-crashes"
failed=0
for t in $TARGETS; do
	bin=$BUILD/fuzz/fuzz_$t
	[ -x "$bin" ] || { echo "not ok - fuzz_$t: not built ($bin)"; failed=1; continue; }
	log=$BUILD/fuzz-crashes/$t.log
	if [ -d "fuzz/regressions/$t" ] && [ -n "$(ls -A "fuzz/regressions/$t")" ]; then
		if "$bin" -runs=1 "fuzz/regressions/$t"/* >"$log" 2>&1; then
			echo "ok - fuzz_$t: regressions replayed ($(ls "fuzz/regressions/$t" | wc -l))"
		else
			echo "not ok - fuzz_$t: a regression input fails again"; tail -30 "$log"; failed=1
			continue
		fi
	fi
	start=$(date +%s)
	if "$bin" -max_total_time="$SECS" -timeout=25 -rss_limit_mb=2560 -max_len=262144 \
		-print_final_stats=1 -artifact_prefix="$BUILD/fuzz-crashes/$t-" \
		"$BUILD/fuzz-corpus/$t" >"$log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		echo "ok - fuzz_$t: ${runs:-?} runs in $(($(date +%s) - start)) s, no crash"
	else
		echo "not ok - fuzz_$t: crash (input in $BUILD/fuzz-crashes/)"
		grep -E -A25 'ERROR: |runtime error|==ERROR|deadly signal|timeout' "$log" | head -50
		failed=1
	fi
done
exit $failed
