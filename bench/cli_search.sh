#!/bin/sh
# bench/cli_search.sh — the time of one `luutru search` process, start to
# exit, beside the in-process search time (bench/README.md, "CLI search").
#
#   bench/cli_search.sh AR QUERIES [REPS] [KINDS]
#
# AR: a data directory (bench/search_speed.sh makes one); QUERIES: the
# query set of bench/make_corpus.sh ("kind<TAB>query" lines). Each query of
# the kinds listed (default: words words_folded phrase filtered) runs once
# to warm the page cache, then REPS times (default 3) as its own process,
# `luutru --data AR search QUERY --clearance 0 >/dev/null`, under
# /usr/bin/time (its fork adds ~1 ms to the wall time). Prints per kind:
# queries, p50 and p95 of the wall time and the mean CPU time (user +
# system, 10 ms resolution) of a process, in ms. BUILD selects the
# binary (default build). Every search appends its audit entry, as always.
set -eu
AR=$1
Q=$2
REPS=${3:-3}
KINDS=${4:-words words_folded phrase filtered}
BUILD=${BUILD:-build}
LUUTRU=$BUILD/luutru
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "uptime at start: $(uptime)"
printf '| kind | queries | p50 ms | p95 ms | CPU ms |\n| --- | ---: | ---: | ---: | ---: |\n'
for kind in $KINDS; do
	: >"$tmp/t"
	n=0
	while IFS="$(printf '\t')" read -r k q; do
		[ "$k" = "$kind" ] || continue
		n=$((n + 1))
		"$LUUTRU" --data "$AR" search "$q" --clearance 0 >/dev/null 2>&1 || true
		r=0
		while [ $r -lt "$REPS" ]; do
			t0=$(date +%s%N)
			/usr/bin/time -f "%U %S" -o "$tmp/one" "$LUUTRU" --data "$AR" search "$q" \
				--clearance 0 >/dev/null 2>&1 || true
			t1=$(date +%s%N)
			echo "$(((t1 - t0) / 1000)) $(cat "$tmp/one")" >>"$tmp/t"
			r=$((r + 1))
		done
	done <"$Q"
	[ "$n" -gt 0 ] || continue
	awk -v kind="$kind" -v n="$n" '
		{ w[NR] = $1 / 1000; cpu += ($2 + $3) * 1000 }
		END {
			m = NR; for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (w[j] < w[i]) { t = w[i]; w[i] = w[j]; w[j] = t }
			p50 = w[int((m + 1) / 2)]; p95 = w[int(m * 0.95 + 0.999)]
			printf "| %s | %d | %.0f | %.0f | %.1f |\n", kind, n, p50, p95, cpu / m
		}' "$tmp/t"
done
echo "uptime at end: $(uptime)"
