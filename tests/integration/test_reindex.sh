#!/bin/sh
# tests/integration/test_reindex.sh — `luutru reindex` builds a new index
# generation and swaps it in while searches keep being answered: a running
# `luutru serve` (long-lived index readers) and CLI searches in loops never
# fail during three reindexes, and every answer is the same as before.
. "$(dirname "$0")/lib.sh"

need_tools reindex curl jq python3
FIX="$SHARED/fixtures/corpus"
[ -f "$FIX/legal-sample.jsonl.gz" ] || { skip "reindex: the legal corpus" "no corpus fixture (../shared/fixtures/corpus)"; exit 0; }

run init
expect_rc "reindex: init" 0
LUUTRU_FIXTURES="$FIX" "$SRC/bench/make_corpus.sh" 400 "$WORK/corpus" >/dev/null
run import "$WORK/corpus" --json
[ "$(jq -r .imported "$WORK/out")" -ge 390 ] && ok "reindex: 400 records imported" ||
	notok "reindex: import: $(head -c 300 "$WORK/out")"
[ -d "$LUUTRU_DATA/index" ] && [ ! -L "$LUUTRU_DATA/index" ] &&
	ok "reindex: a new archive's index is a plain directory" || notok "reindex: index layout"

printf 'reader-pass-1\n' | "$LUUTRU" user add doc --role officer --clearance 0 --password-stdin >/dev/null
TOKEN=$("$LUUTRU" user token doc)
"$LUUTRU" serve --listen 127.0.0.1:0 --threads 2 --ready-file "$WORK/ready" \
	>"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
i=0
while [ ! -s "$WORK/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
URL=$(cat "$WORK/ready" 2>/dev/null)
[ -n "$URL" ] || { notok "reindex: server did not start"; exit 1; }
Q="$URL/api/v1/search?q=hoa+giai&facets=type,year&limit=20"

# A search's answer without the scores (floating point), as one line.
http_answer() {
	curl -s -f -H "Authorization: Bearer $TOKEN" "$Q" |
		jq -c '{total, ids: [.hits[].id], facets}'
}
cli_answer() {
	"$LUUTRU" search hoa giai --clearance 0 --facets type,year --limit 20 --json |
		jq -c '{total, ids: [.hits[].id], facets}'
}
http_answer >"$WORK/http.base"
cli_answer >"$WORK/cli.base"
[ "$(jq .total "$WORK/http.base")" -gt 0 ] && cmp -s "$WORK/http.base" "$WORK/cli.base" &&
	ok "reindex: HTTP and CLI give the same answer" || notok "reindex: HTTP and CLI differ"

# Readers in loops until told to stop; each counts failures and differences.
: >"$WORK/stop.no"
loop() { # NAME FUNCTION
	n=0 bad=0
	while [ -e "$WORK/stop.no" ]; do
		if $2 >"$WORK/$1.cur" 2>/dev/null && cmp -s "$WORK/$1.cur" "$WORK/$1.base"; then :; else
			bad=$((bad + 1)); cp "$WORK/$1.cur" "$WORK/$1.bad.$bad" 2>/dev/null
		fi
		n=$((n + 1))
	done
	echo "$n $bad" >"$WORK/$1.count"
}
loop http http_answer &
L1=$!
loop cli cli_answer &
L2=$!
rcs=
for k in 1 2 3; do
	"$LUUTRU" reindex --json >"$WORK/reindex.$k" 2>"$WORK/reindex.err.$k"
	rcs="$rcs$?"
done
sleep 1
rm -f "$WORK/stop.no"
wait $L1 $L2
[ "$rcs" = 000 ] && ok "reindex: three reindexes succeed" ||
	{ notok "reindex: exit codes $rcs"; head -3 "$WORK"/reindex.err.* | sed 's/^/#   /'; }
[ "$(jq -r .documents "$WORK/reindex.3")" = "$(sql "SELECT count(*) FROM records")" ] &&
	ok "reindex: every record indexed" || notok "reindex: $(cat "$WORK/reindex.3")"
read -r hn hbad <"$WORK/http.count"
read -r cn cbad <"$WORK/cli.count"
echo "# searches during reindex: HTTP $hn ($hbad bad), CLI $cn ($cbad bad)"
[ "$hn" -gt 0 ] && [ "$hbad" = 0 ] && ok "reindex: HTTP searches never failed or changed during reindex" ||
	{ notok "reindex: HTTP: $hbad of $hn searches failed or differed"; head -c 300 "$WORK"/http.bad.1 2>/dev/null | sed 's/^/#   /'; }
[ "$cn" -gt 0 ] && [ "$cbad" = 0 ] && ok "reindex: CLI searches never failed or changed during reindex" ||
	notok "reindex: CLI: $cbad of $cn searches failed or differed"
http_answer >"$WORK/http.after"
cmp -s "$WORK/http.after" "$WORK/http.base" && ok "reindex: the same answer after" || notok "reindex: answers differ after"

# The layout: index -> index.g3, the previous generation kept, no others.
[ "$(readlink "$LUUTRU_DATA/index")" = index.g3 ] && ok "reindex: index points at generation 3" ||
	notok "reindex: index -> $(readlink "$LUUTRU_DATA/index")"
gens=$(cd "$LUUTRU_DATA" && ls -d index.g* | tr '\n' ' ')
[ "$gens" = "index.g2 index.g3 " ] && ok "reindex: only the current and previous generations kept" ||
	notok "reindex: generations: $gens"

# A change after the reindex reaches search through the normal sync.
printf 'Biên bản họp về quyxyzmoi.\n' >"$WORK/new.txt"
run ingest "$WORK/new.txt" --meta subject="Biên bản quyxyzmoi"
run search quyxyzmoi --json
[ "$(jq .total "$WORK/out")" = 1 ] && ok "reindex: a later ingest is searchable" || notok "reindex: later ingest not found"

# Bad input: nothing changes.
run reindex --shard 1/2
expect_rc "reindex: --shard without --out is a usage error" 2
run reindex --out "$LUUTRU_DATA"
[ "$RC" -ne 0 ] && [ "$(readlink "$LUUTRU_DATA/index")" = index.g3 ] &&
	ok "reindex: --out onto an existing directory is refused" || notok "reindex: --out existing"
run reindex --shard 0/2 --out "$WORK/s"
expect_rc "reindex: --shard 0/2 is a usage error" 2
# The whole archive's index: refused to an archivist and to an admin of
# clearance 1 (the same rule as backup and verify, in lt_index_regenerate)
adduser ri-vanthu archivist 3
adduser ri-admin1 admin 1
GEN_BEFORE=$(ls -d "$LUUTRU_DATA"/index.g* 2>/dev/null | wc -l)
run_as ri-vanthu reindex; expect_rc "reindex: refused to an archivist" 7
run_as ri-admin1 reindex; expect_rc "reindex: refused to an admin of clearance 1" 7
[ "$(ls -d "$LUUTRU_DATA"/index.g* 2>/dev/null | wc -l)" = "$GEN_BEFORE" ] &&
	ok "reindex: a refusal builds no generation" || notok "reindex: a refusal built a generation"
kill $SERVER 2>/dev/null
wait $SERVER 2>/dev/null
