#!/bin/sh
# tests/integration/test_shards.sh — one search over two index shards, one
# local and one remote (xapian-tcpsrv on loopback), merged into one
# ranking: the same totals, hits, scores and facet counts as the single
# index built from the same catalog.
. "$(dirname "$0")/lib.sh"

need_tools shards jq python3 xapian-tcpsrv
FIX="$SHARED/fixtures/corpus"
[ -f "$FIX/legal-sample.jsonl.gz" ] || { skip "shards: the legal corpus" "no corpus fixture (../shared/fixtures/corpus)"; exit 0; }

run init
expect_rc "shards: init" 0
LUUTRU_FIXTURES="$FIX" "$SRC/bench/make_corpus.sh" 400 "$WORK/corpus" >/dev/null
run import "$WORK/corpus" --json
[ "$(jq -r .imported "$WORK/out")" -ge 390 ] && ok "shards: records imported" || notok "shards: import"

# answer QUERY: hits as "id score" lines (score rounded), then total and facets
answer() {
	"$LUUTRU" search "$1" --clearance 0 --facets all --limit 100 --json >"$WORK/a.json" 2>"$WORK/a.err" || return 1
	jq -r '.hits[] | "\(.id) \(.score * 1000000 | round)"' "$WORK/a.json" | sort
	jq -c '{total, facets}' "$WORK/a.json"
}
QUERIES="hoa giai|quyết định|\"hợp đồng lao động\"|thue loai:02|nam:2012..2015"
IFS='|'
for q in $QUERIES; do answer "$q" >"$WORK/single.$(echo "$q" | md5sum | cut -c1-8)"; done
unset IFS

run reindex --out "$WORK/shard1" --shard 1/2 --json
expect_rc "shards: build shard 1/2" 0
n1=$(jq .documents "$WORK/out")
run reindex --out "$WORK/shard2" --shard 2/2 --json
expect_rc "shards: build shard 2/2" 0
n2=$(jq .documents "$WORK/out")
total=$(sql "SELECT count(*) FROM records")
[ $((n1 + n2)) -eq "$total" ] && [ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] &&
	ok "shards: the two shards split the $total records ($n1 + $n2)" || notok "shards: $n1 + $n2 != $total"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Its own session: on SIGTERM xapian-tcpsrv signals its whole process group.
setsid xapian-tcpsrv --interface 127.0.0.1 --port "$PORT" "$WORK/shard2" >"$WORK/tcpsrv.out" 2>&1 &
TCPSRV=$!
trap 'kill $TCPSRV 2>/dev/null; rm -rf "$WORK"' EXIT
i=0
while ! grep -q Listening "$WORK/tcpsrv.out" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
grep -q Listening "$WORK/tcpsrv.out" && ok "shards: xapian-tcpsrv serves shard 2 on 127.0.0.1:$PORT" ||
	{ notok "shards: xapian-tcpsrv did not start"; cat "$WORK/tcpsrv.out"; exit 1; }

cp "$LUUTRU_DATA/luutru.conf" "$WORK/conf.orig"
echo "index_shards = $WORK/shard1, tcp://127.0.0.1:$PORT" >>"$LUUTRU_DATA/luutru.conf"
bad=0
IFS='|'
for q in $QUERIES; do
	f="$WORK/single.$(echo "$q" | md5sum | cut -c1-8)"
	if answer "$q" >"$WORK/sharded" && cmp -s "$WORK/sharded" "$f"; then :; else
		bad=$((bad + 1)); echo "#   differs: $q"; diff "$f" "$WORK/sharded" | head -5 | sed 's/^/#   /'
	fi
done
unset IFS
[ $bad -eq 0 ] && ok "shards: local + remote shards give the single index's hits, scores, totals and facets" ||
	notok "shards: $bad queries differ"
"$LUUTRU" search "hoa giai" --clearance 0 --limit 100 --json >"$WORK/m.json"
odd=$(jq '[.hits[].id | select(. % 2 == 1)] | length' "$WORK/m.json")
even=$(jq '[.hits[].id | select(. % 2 == 0)] | length' "$WORK/m.json")
[ "$odd" -gt 0 ] && [ "$even" -gt 0 ] && ok "shards: one ranking mixes hits of both shards ($odd + $even)" ||
	notok "shards: hits from one shard only ($odd, $even)"
grep -q "unknown key" "$WORK/a.err" && notok "shards: index_shards logged as unknown" || ok "shards: index_shards is a known setting"

# The remote shard gone: a clear error, no crash, no partial answer.
kill $TCPSRV; wait $TCPSRV 2>/dev/null
run search "hoa giai"
[ "$RC" -ne 0 ] && [ "$RC" -lt 128 ] && grep -q "phân đoạn chỉ mục" "$WORK/err" &&
	ok "shards: an unreachable shard is a clear error" || { notok "shards: unreachable shard (exit $RC)"; cat "$WORK/err"; }
cp "$WORK/conf.orig" "$LUUTRU_DATA/luutru.conf"
echo "index_shards = tcp://127.0.0.1:notaport" >>"$LUUTRU_DATA/luutru.conf"
run search "hoa giai"
[ "$RC" -ne 0 ] && [ "$RC" -lt 128 ] && ok "shards: a bad shard address is refused" || notok "shards: bad address (exit $RC)"
