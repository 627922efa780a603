#!/bin/sh
# tests/run.sh — run every test and print one closing line
# "N passed, N failed, N skipped".
#
#   tests/run.sh                 unit tests (cmocka) then integration tests
#   tests/run.sh --unit          unit tests only
#   tests/run.sh --integration   integration tests only
#   tests/run.sh FILTER...       only tests whose name contains one of the FILTERs
#
# JOBS (default: the number of cores) tests run at once; JOBS=1 runs them
# one by one. BUILD (default build) says where the binaries are; SANITIZE=1 sets the
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
	*) filter="$filter $a" ;;
	esac
done

# JOBS tests at a time (default: one per core): most of a test's time is
# waiting (a server's start, fsync, a child killed on purpose), and each
# test has its own temporary directory and its own free port. A test's
# output is printed whole when it ends, with its time; the longest ones are
# started first so that the run ends with short ones. JOBS=1 runs them one
# by one in the order below.
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 1)}

passed=0 failed=0 skipped=0
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

count() { # file: passed, failed and skipped counts of cmocka summaries and ok-lines in a log
	p=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' "$1" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' "$1" | awk '{s+=$1} END {print s+0}')
	s=$(sed -n 's/^ *\([0-9][0-9]*\) SKIPPED TEST.*/\1/p' "$1" | awk '{s+=$1} END {print s+0}')
	op=$(grep -c '^ok ' "$1")
	os=$(grep -Ec '^ok .*# SKIP' "$1")
	of=$(grep -c '^not ok ' "$1")
	echo $((p + op - os)) $((f + of)) $((s + os))
}

# The tests to run, one per line: "N name command...". Scripts known to be
# long go first (see the times printed at the end of a run).
LONG="test_crash test_leaks test_faults test_edocs test_cli test_records test_browser test_http test_http_guard"
list=$out/list
: >"$list"
n_tests=0
wanted() { # name: 1 when no filter is given or name contains one of them
	[ -z "$filter" ] && return 0
	for f in $filter; do
		case "$1" in *"$f"*) return 0 ;; esac
	done
	return 1
}
add() { # name command...: a line "N name command..." (N: the test's own file names;
	# a unit binary and a script may share a name: test_import, test_ocr)
	if wanted "$1"; then
		n_tests=$((n_tests + 1))
		echo "$n_tests $*" >>"$list"
	fi
}
for name in $LONG; do
	if [ $mode != unit ] && [ -f "tests/integration/$name.sh" ]; then
		add "$name" sh "tests/integration/$name.sh"
	fi
done
if [ $mode != integration ]; then
	for t in "$BUILD"/tests/test_*; do
		[ -x "$t" ] || continue
		case "$t" in *.d|*.o) continue ;; esac
		# shellcheck disable=SC2086
		add "$(basename "$t")" ${VALGRIND:-} "$t"
	done
fi
if [ $mode != unit ]; then
	for t in tests/integration/test_*.sh; do
		[ -f "$t" ] || continue
		name=$(basename "$t" .sh)
		case " $LONG " in *" $name "*) continue ;; esac
		add "$name" sh "$t"
	done
fi

# One test: its output in $out/N.log, then "rc seconds" in $out/N.end,
# then the whole log on stdout at once.
run_one() { # N name command...
	k=$1 name=$2; shift 2
	t0=$(date +%s)
	"$@" >"$out/$k.log" 2>&1 </dev/null
	rc=$?
	t1=$(date +%s)
	{
		echo "== $name ($((t1 - t0)) s)"
		cat "$out/$k.log"
	} >"$out/$k.show"
	echo "$rc $((t1 - t0))" >"$out/$k.end"
	cat "$out/$k.show"
}

# At most JOBS at once: a job slot is a line in a FIFO.
fifo=$out/slots
mkfifo "$fifo"
exec 3<>"$fifo"
i=0
while [ $i -lt "$JOBS" ]; do echo >&3; i=$((i + 1)); done
while read -r line; do
	read -r _ <&3
	# shellcheck disable=SC2086
	( run_one $line; echo >&3 ) &
done <"$list"
wait
exec 3>&-

while read -r k name _; do
	[ -f "$out/$k.end" ] || { echo "!! $name did not run"; failed=$((failed + 1)); continue; }
	read -r rc secs <"$out/$k.end"
	set -- $(count "$out/$k.log")
	passed=$((passed + $1))
	failed=$((failed + $2))
	skipped=$((skipped + $3))
	if [ "$rc" -ne 0 ] && [ "$2" -eq 0 ]; then
		echo "!! $name exited with status $rc"
		failed=$((failed + 1))
	fi
	echo "$secs $name" >>"$out/times"
done <"$list"

echo
if [ -f "$out/times" ]; then
	echo "longest: $(sort -rn "$out/times" | head -5 | awk '{printf "%s%s %d s", (NR > 1 ? ", " : ""), $2, $1}')"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
