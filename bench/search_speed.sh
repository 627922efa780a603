#!/bin/sh
# bench/search_speed.sh — import speed, index size and query latency of
# luutru at scale, beside SQLite FTS5 on the same records and queries
# (bench/README.md, "Search speed at 500k").
#
#   bench/search_speed.sh [N]            default 500000
#
# Environment: BUILD (build dir, default build), BENCH_DATA (where the
# generated data goes, default /work/bench-data: outside the repository),
# REPS (timed runs per query, default 3), FTS_PER_KIND and FTS_REPS (FTS5
# runs the first FTS_PER_KIND queries of each kind, default 5, FTS_REPS
# times, default 1: an OR query of common words takes seconds there),
# FRESH=1 (redo every step even when its result exists). Steps, each skipped when its result exists:
#   1. bench/make_corpus.sh N → BENCH_DATA/corpus-N (manifest + queries)
#   2. luutru init + import (text rows, no OCR: catalog + index) →
#      BENCH_DATA/ar-N; import time, docs/s, catalog and index size
#   3. fts5_bench build → BENCH_DATA/fts5-N.db; time and size
#   4. latency per query kind: luutru (bench/search_latency.c, through
#      lt_search_run as the CLI and the API) and FTS5 (bench/fts5_bench.c)
# Prints Markdown tables and the machine's load (uptime).
set -eu
N=${1:-500000}
BUILD=${BUILD:-build}
DATA=${BENCH_DATA:-/work/bench-data}
REPS=${REPS:-3}
cd "$(dirname "$0")/.."
mkdir -p "$DATA"
CORPUS=$DATA/corpus-$N
AR=$DATA/ar-$N
FTS=$DATA/fts5-$N.db

make -s BUILD="$BUILD" "$BUILD/luutru" "$BUILD/libluutru.a" >/dev/null
libs=$(sed -n 's/^PKG_LIBS = //p' "$BUILD/config.mk")
cflags=$(sed -n 's/^PKG_CFLAGS = //p' "$BUILD/config.mk")
CC="cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Werror -I. $cflags"
$CC -o "$BUILD/search_latency" bench/search_latency.c "$BUILD/libluutru.a" $libs -lstdc++ -lpthread -lm
$CC -o "$BUILD/fts5_bench" bench/fts5_bench.c $libs
LUUTRU=$(pwd)/$BUILD/luutru

[ -f "$CORPUS/manifest.jsonl" ] || bench/make_corpus.sh "$N" "$CORPUS" >&2
echo "uptime at start: $(uptime)"

if [ "${FRESH:-0}" = 1 ] || [ ! -f "$AR/bench-import.txt" ]; then
	rm -rf "$AR"
	"$LUUTRU" --data "$AR" init >/dev/null
	echo "isolated = true" >>"$AR/luutru.conf" # the corpus has "Mật" records
	t0=$(date +%s.%N)
	"$LUUTRU" --data "$AR" import "$CORPUS" --json >"$AR/bench-import.json"
	t1=$(date +%s.%N)
	echo "$t0 $t1 $(uptime)" >"$AR/bench-import.txt"
fi
read -r t0 t1 load <"$AR/bench-import.txt"
imported=$(jq -r .imported "$AR/bench-import.json")
isize=$(du -sbL "$AR/index" | cut -f1)
csize=$(du -sb "$AR/catalog.db" | cut -f1)

if [ "${FRESH:-0}" = 1 ] || [ ! -f "$FTS.txt" ]; then
	rm -f "$FTS" "$FTS-wal" "$FTS-shm"
	"$BUILD/fts5_bench" build "$FTS" "$CORPUS/manifest.jsonl" >"$FTS.txt"
fi
read -r fn fsecs <"$FTS.txt"
fsize=$(du -sb "$FTS" | cut -f1)

echo
echo "### Import, $N records (text rows, no OCR)"
echo
echo "| system | records | seconds | records/s | index MB | catalog/db MB |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
awk -v n="$imported" -v a="$t0" -v b="$t1" -v i="$isize" -v c="$csize" 'BEGIN {
	printf "| luutru import (catalog + Xapian index) | %d | %.0f | %.0f | %.0f | %.0f |\n", n, b - a, n / (b - a), i / 1048576, c / 1048576 }'
awk -v n="$fn" -v s="$fsecs" -v f="$fsize" 'BEGIN {
	printf "| SQLite FTS5 (unicode61, remove_diacritics 2) | %d | %.0f | %.0f | %.0f (table and index) | |\n", n, s, n / s, f / 1048576 }'
echo
echo "(import load: $load)"

"$BUILD/search_latency" "$AR" "$CORPUS/queries.txt" "$REPS" >"$DATA/latency-luutru-$N.tsv"
if [ "${FRESH:-0}" = 1 ] || [ ! -s "$DATA/latency-fts5-$N.tsv" ]; then
	awk -F '\t' -v k="${FTS_PER_KIND:-5}" '++n[$1] <= k' "$CORPUS/queries.txt" >"$DATA/queries-fts5.txt"
	"$BUILD/fts5_bench" query "$FTS" "$DATA/queries-fts5.txt" "${FTS_REPS:-1}" >"$DATA/latency-fts5-$N.tsv"
fi
echo
echo "### Query latency, $N records, ms (clearance 0, 10 hits with snippets and total; luutru: every query, $REPS runs after a warm-up; FTS5: ${FTS_PER_KIND:-5} queries per kind, ${FTS_REPS:-1} run after a warm-up)"
echo
echo "| query kind | queries | luutru p50 | p95 | p99 | FTS5 p50 | p95 | p99 |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
awk -F '\t' 'NR == FNR { f[$1] = $4 " | " $5 " | " $6; next }
	{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $4, $5, $6, ($1 in f) ? f[$1] : "– | – | –" }' \
	"$DATA/latency-fts5-$N.tsv" "$DATA/latency-luutru-$N.tsv"
echo "uptime at end: $(uptime)"
