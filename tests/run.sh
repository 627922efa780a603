#!/bin/sh
# tests/run.sh — run every test and print one closing line
# "N passed, N failed, N skipped".
#
#   tests/run.sh                 unit tests (cmocka) then integration tests
#   tests/run.sh --unit          unit tests only
#   tests/run.sh --integration   integration tests only
#   tests/run.sh FILTER          only tests whose name contains FILTER
#
# BUILD (default build) says where the binaries are; SANITIZE=1 sets the
# sanitizer options; VALGRIND (a command, e.g. "valgrind --error-exitcode=99
# ...": make test-valgrind) runs each unit binary under it. Each unit
# binary's cmocka summary and each integration script's "ok"/"not ok" lines
# are counted; a binary that crashes counts as one failure more. A test
# that cannot run here says so in a countable way and is counted as
# skipped, never as passed: cmocka's skip() ("N SKIPPED TEST(S)"), and in
# a script an "ok - NAME # SKIP why" line (lib.sh: skip) — the TAP form.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export LUUTRU_SRC=$(pwd)
export LUUTRU_BIN=$(pwd)/$BUILD/luutru
export OMP_THREAD_LIMIT=1
if [ "${SANITIZE:-0}" = 1 ]; then
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
	export LSAN_OPTIONS=suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0
	export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
fi

mode=all filter=
for a in "$@"; do
	case "$a" in
	--unit) mode=unit ;;
	--integration) mode=integration ;;
	*) filter=$a ;;
	esac
done

passed=0 failed=0 skipped=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() { # file: passed, failed and skipped counts of cmocka summaries and ok-lines in a log
	p=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' "$1" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' "$1" | awk '{s+=$1} END {print s+0}')
	s=$(sed -n 's/^ *\([0-9][0-9]*\) SKIPPED TEST.*/\1/p' "$1" | awk '{s+=$1} END {print s+0}')
	op=$(grep -c '^ok ' "$1")
	os=$(grep -Ec '^ok .*# SKIP' "$1")
	of=$(grep -c '^not ok ' "$1")
	echo $((p + op - os)) $((f + of)) $((s + os))
}

run_one() { # name command...
	name=$1; shift
	case "$name" in *"$filter"*) ;; *) return ;; esac
	echo "== $name"
	"$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	set -- $(count "$log")
	passed=$((passed + $1))
	failed=$((failed + $2))
	skipped=$((skipped + $3))
	if [ $rc -ne 0 ] && [ "$2" -eq 0 ]; then
		echo "!! $name exited with status $rc"
		failed=$((failed + 1))
	fi
}

if [ $mode != integration ]; then
	for t in "$BUILD"/tests/test_*; do
		[ -x "$t" ] || continue
		case "$t" in *.d|*.o) continue ;; esac
		# shellcheck disable=SC2086
		run_one "$(basename "$t")" ${VALGRIND:-} "$t"
	done
fi
if [ $mode != unit ]; then
	for t in tests/integration/test_*.sh; do
		[ -f "$t" ] || continue
		run_one "$(basename "$t" .sh)" sh "$t"
	done
fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
