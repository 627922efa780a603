#!/bin/sh
# The README's quick start and tour, as a newcomer runs them: tools/demo.sh
# (what `make demo` runs) with its server, then every line of the "A short
# tour" block, read from README.md itself, on the same data directory; then
# the tour's last line, the server, with the account the tour made; then
# `make demo` once more. A tour line that fails is a test that fails.
. "$(dirname "$0")/lib.sh"
need_tools tour curl jq

cd "$SRC" || exit 1
PID=
# serve ARGS...: a server on a free port, its address in $URL
serve() {
	rm -f "$WORK/ready"
	"$LUUTRU" serve --listen 127.0.0.1:0 --ready-file "$WORK/ready" "$@" >"$WORK/serve.out" 2>"$WORK/serve.err" &
	PID=$!
	i=0
	while [ ! -s "$WORK/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	URL=$(cat "$WORK/ready" 2>/dev/null)
}
stop() { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; }
trap 'stop; rm -rf "$WORK"' EXIT

LUUTRU_DEMO_SERVE=0 sh tools/demo.sh "$LUUTRU" >"$WORK/demo.out" 2>&1
RC=$?
expect_rc "tour: the demo's records and searches" 0
serve --demo # the demo's last step
grep -q "admin / admin-demo" "$WORK/serve.out" && ok "tour: the demo prints its logins" ||
	notok "tour: the demo prints its logins"
stop

# The block between "## A short tour" and the next ``` after its ```sh.
awk '/^## A short tour/ { t = 1 } t && /^```sh/ { b = 1; next } b && /^```/ { exit } b' README.md \
	>"$WORK/tour.sh"
[ "$(grep -c '^\$B ' "$WORK/tour.sh")" -ge 10 ] && ok "tour: read from README.md" ||
	notok "tour: read from README.md ($(wc -l <"$WORK/tour.sh") lines)"
grep -q '^\$B serve' "$WORK/tour.sh" && ok "tour: ends with the server" || notok "tour: ends with the server"
# Everything but the server (it runs until Ctrl-C), with this build's binary.
grep -v '^\$B serve' "$WORK/tour.sh" | sed "s|^B=build/luutru\$|B='$LUUTRU'|" >"$WORK/tour-run.sh"
sh -ex "$WORK/tour-run.sh" >"$WORK/out" 2>"$WORK/err"
RC=$?
expect_rc "tour: every line runs" 0
[ $RC = 0 ] || tail -5 "$WORK/err" | sed 's/^/#   /'
run search "lap ho so" --json
[ "$(jqo '[.hits[].docId] | index("H01.2024.VP.0042") != null')" = true ] &&
	ok "tour: the letter it ingested is found without diacritics" ||
	notok "tour: the letter it ingested is found without diacritics"
[ "$(sql "SELECT count(*) FROM records WHERE doc_id LIKE 'H01.2024.VP.010_'")" = 3 ] &&
	ok "tour: the sample batch imported" || notok "tour: the sample batch imported"

# The server line: the tour's account signs in.
serve
ST=$(curl -s -o "$WORK/out" -w '%{http_code}' -H 'Content-Type: application/json' \
	-d '{"login":"vanthu","password":"vanthu-pass-1"}' "$URL/api/v1/auth/login")
[ "$ST" = 200 ] && ok "tour: vanthu signs in to the web UI" || notok "tour: vanthu signs in (status $ST)"
stop

# make demo again: keeps the records, prints the demo logins again.
LUUTRU_DEMO_SERVE=0 sh tools/demo.sh "$LUUTRU" >"$WORK/demo2.out" 2>&1
RC=$?
expect_rc "tour: the demo again" 0
grep -q "Đã có: cv-15-vp.png" "$WORK/demo2.out" && ok "tour: the demo again keeps its records" ||
	notok "tour: the demo again keeps its records"
serve --demo
grep -q "admin / admin-demo" "$WORK/serve.out" && ok "tour: the demo again prints its logins" ||
	notok "tour: the demo again prints its logins"
stop
