#!/bin/sh
# bench/load.sh — `luutru serve` under load (issue 5 item 7): wrk with 64
# connections for 60 s against GET /api/v1/search, rotating the bench's
# mixed queries (bench/load.lua) with an officer's API token, WHILE a batch
# import of new records runs into the same archive. Reports requests/s,
# latency p50/p99, errors (non-2xx answers and socket errors) and the
# machine's load (bench/README.md, "Search under load").
#
#   bench/load.sh [N]      the archive of bench/search_speed.sh N (default 500000)
#
# Environment: BUILD (default build), BENCH_DATA (default /work/bench-data),
# DURATION (default 60s), CONNECTIONS (default 64), THREADS (serve's HTTP
# threads, default 16 as `luutru serve`), BATCH (records imported during
# the run, default 40000, as IMPORTS imports one after the other, default
# 8; 0 = no import, the search load alone), WARMUP (default 10s: the same
# load first, not counted, so the measured minute sees the service warm,
# as in use; printed as the cold start; 0 = none; the import starts before
# it), SEARCH_CACHE (serve --search-cache; unset: its default; 0: no
# cache), AR and CORPUS (the archive and the corpus of its queries,
# default BENCH_DATA/ar-N and BENCH_DATA/corpus-N). The archive grows by
# BATCH records per run (new docIds). After the run: the index revision
# before and after the measured minute (xapian-delve), the search cache's
# counts, the search entries the server wrote to the audit log (queued,
# docs/audit.md) against the requests wrk counted, and `luutru verify
# --audit` on the chain.
set -eu
N=${1:-500000}
BUILD=${BUILD:-build}
DATA=${BENCH_DATA:-/work/bench-data}
DURATION=${DURATION:-60s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-16}
BATCH=${BATCH:-40000}
IMPORTS=${IMPORTS:-8}
WARMUP=${WARMUP:-10s}
cd "$(dirname "$0")/.."
AR=${AR:-$DATA/ar-$N}
CORPUS=${CORPUS:-$DATA/corpus-$N}
for tool in wrk jq; do
	command -v $tool >/dev/null || { echo "load.sh: $tool is needed (apt-get install $tool)" >&2; exit 1; }
done
[ -f "$AR/bench-import.txt" ] || bench/search_speed.sh "$N"
make -s BUILD="$BUILD" "$BUILD/luutru" >/dev/null
LUUTRU=$(pwd)/$BUILD/luutru
WORK=$(mktemp -d "${TMPDIR:-/tmp}/luutru-load-XXXXXX")
SERVER=
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT

# The concurrent batch: new docIds, so every row is a real import.
RUN=load$(date +%s)
# In IMPORTS batches one after the other: each import commits the index
# as it ends (and every 10,000 rows), so the index changes several times
# while wrk runs.
if [ "$BATCH" -gt 0 ]; then
	for k in $(seq 1 "$IMPORTS"); do
		ID_PREFIX=$RUN-$k bench/make_corpus.sh $((BATCH / IMPORTS)) "$WORK/batch$k" >/dev/null
	done
fi

"$LUUTRU" --data "$AR" user add loadbench --role officer --clearance 0 --password-stdin \
	>/dev/null 2>&1 <<P || true
load-bench-pass-1
P
TOKEN=$("$LUUTRU" --data "$AR" user token loadbench)
LUUTRU_LOG=info "$LUUTRU" --data "$AR" serve --listen 127.0.0.1:0 --threads "$THREADS" ${SEARCH_CACHE:+--search-cache "$SEARCH_CACHE"} --ready-file "$WORK/ready" \
	>"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER=$!
i=0
# Starting on a large archive takes a while (18 s at 500k records).
while [ ! -s "$WORK/ready" ] && [ $i -lt 3000 ]; do sleep 0.1; i=$((i + 1)); done
URL=$(cat "$WORK/ready")
curl -s -f -H "Authorization: Bearer $TOKEN" "$URL/api/v1/search?q=hoa+giai" >/dev/null ||
	{ echo "load.sh: the server does not answer" >&2; cat "$WORK/serve.err" >&2; exit 1; }

# The index's revision, when xapian-delve is installed (xapian-tools):
# each commit the import makes changes it, and the cached searches of the
# older revision are then recomputed (docs/search.md, "Result cache").
revision() {
	command -v xapian-delve >/dev/null && xapian-delve "$AR/index" 2>/dev/null | sed -n 's/.*revision = //p' || echo "?"
}
before=$(sqlite3 "$AR/catalog.db" "SELECT count(*) FROM records")
echo "uptime at start: $(uptime)"
t0=$(date +%s.%N)
IMPORT=
if [ "$BATCH" -gt 0 ]; then
	(
		rc=0
		for k in $(seq 1 "$IMPORTS"); do
			"$LUUTRU" --data "$AR" import "$WORK/batch$k" --json >"$WORK/import$k.json" \
				2>"$WORK/import$k.err" || rc=$?
		done
		exit $rc
	) &
	IMPORT=$!
fi
if [ "$WARMUP" != 0 ]; then
	LOAD_QUERIES="$CORPUS/queries.txt" LOAD_TOKEN="$TOKEN" \
		wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" --timeout 10s --latency -s bench/load.lua \
		"$URL/api/v1/search" >"$WORK/warmup.out"
	echo "cold start ($WARMUP, not counted): $(awk '/^Requests\/sec:/ { r = $2 } /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 } END { print r " requests/s, p50 " p50 ", p99 " p99 }' "$WORK/warmup.out")"
fi
# The warm-up's connections closed before the measured ones open (the
# server allows 64 per address).
sleep 2
audit0=$(sqlite3 "$AR/catalog.db" "SELECT count(*) FROM audit_log WHERE action = 'search'")
rev0=$(revision)
LOAD_QUERIES="$CORPUS/queries.txt" LOAD_TOKEN="$TOKEN" \
	wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s bench/load.lua \
	"$URL/api/v1/search" >"$WORK/wrk.out"
echo "uptime after wrk: $(uptime)"
echo "index revision during the measured run: $rev0 -> $(revision)"
irc=0
[ -n "$IMPORT" ] && { wait $IMPORT || irc=$?; }
t1=$(date +%s.%N)
after=$(sqlite3 "$AR/catalog.db" "SELECT count(*) FROM records")
# SIGTERM: the server writes its queued audit entries before it exits.
kill $SERVER
wait $SERVER || true
SERVER=
sed 's/^/    /' "$WORK/wrk.out"
audit1=$(sqlite3 "$AR/catalog.db" "SELECT count(*) FROM audit_log WHERE action = 'search'")
vrc=0
"$LUUTRU" --data "$AR" verify --audit >"$WORK/verify.out" 2>&1 || vrc=$?
echo
echo "search entries written to the audit log: $((audit1 - audit0)) (wrk counted $(awk '/requests in/ { print $1 }' "$WORK/wrk.out") requests, some cut off at the end);" \
	"luutru verify --audit: exit $vrc ($(tail -1 "$WORK/verify.out"))"
grep -c "audit: " "$WORK/serve.err" | sed 's/^/audit warnings in the server log: /'
grep -o "search cache: .*" "$WORK/serve.err" || true

rps=$(awk '/^Requests\/sec:/ { print $2 }' "$WORK/wrk.out")
total=$(awk '/requests in/ { print $1 }' "$WORK/wrk.out")
p50=$(awk '/^ +50%/ { print $2 }' "$WORK/wrk.out")
p99=$(awk '/^ +99%/ { print $2 }' "$WORK/wrk.out")
non2xx=$(awk '/Non-2xx/ { print $NF }' "$WORK/wrk.out")
sock=$(awk '/Socket errors/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$WORK/wrk.out")
echo
echo "| archive | connections × time | requests | requests/s | p50 | p99 | errors (non-2xx + socket) | import during the run |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"
awk -v a="$t0" -v b="$t1" -v n=$((after - before)) -v irc="$irc" \
	-v line="| $before records | $CONNECTIONS × $DURATION | $total | $rps | $p50 | $p99 | $(( ${non2xx:-0} + ${sock:-0} )) |" \
	'BEGIN { printf "%s %d records in %.0f s (%.0f/s, exit %d) |\n", line, n, b - a, n / (b - a), irc }'
echo "uptime at end: $(uptime)"
