#!/bin/sh
# tests/integration/test_http_guard.sh — `luutru serve` against idle and slow
# clients and behind a reverse proxy, and the smaller rules of
# docs/security.md ("The HTTP service"), on real servers on loopback:
#
#   A  500 idle connections from ten addresses, reopened as soon as they are
#      closed, keep nobody out; the requests of one client behind the
#      trusted proxy are limited, not the proxy's; X-Forwarded-For and
#      X-Forwarded-Proto believed from the proxy only (throttling, the audit
#      log, the Secure cookie, the Origin check).
#   B  a request head sent a byte a second is closed at its deadline, and so
#      is a kept-alive connection left idle; a stalled upload is cut and
#      stores nothing, a slow but steady one succeeds; Origin or
#      Sec-Fetch-Site beside the CSRF token; refused and throttled logins
#      audited at a bounded rate; no server path in an error.
#   C  the data directory private; an -o output follows the user's umask;
#      bad limits or proxies in luutru.conf refused.
#
# Time: the checks that involve time use bounds far from both what is
# expected and what the old server did, so that a loaded 2-core machine does
# not make them flaky — each says why its bound proves the point.
. "${LUUTRU_SRC:-$(pwd)}/tests/integration/lib.sh"
[ -x "$LUUTRU" ] || { notok "http-guard: no luutru binary at $LUUTRU (set LUUTRU_BIN)"; exit 1; }
need_tools http-guard curl jq python3 sqlite3
SLOW="python3 $SRC/tests/integration/slow_clients.py"
PROXY=127.0.0.20

umask 022
run init
expect_rc "http-guard: init" 0
printf 'archivist-pass-1\n' | "$LUUTRU" user add vanthu --role archivist --clearance 0 --password-stdin >/dev/null
printf 'officer-pass-1\n' | "$LUUTRU" user add canbo --role officer --clearance 0 --password-stdin >/dev/null
printf 'throttle-pass-1\n' | "$LUUTRU" user add thu --role officer --clearance 0 --password-stdin >/dev/null
TOKEN=$("$LUUTRU" user token vanthu)
printf 'Công văn về việc kiểm tra quyền tệp.\n' >"$WORK/a.txt"
run ingest "$WORK/a.txt" --meta subject="Kiểm tra quyền tệp"
expect_rc "http-guard: a record ingested" 0
cp "$LUUTRU_DATA/luutru.conf" "$WORK/luutru.conf.orig"

SERVER=
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; touch "$WORK/stop"; rm -rf "$WORK"' EXIT

# start_server NAME CONF_LINES: luutru.conf is the default plus CONF_LINES
start_server() {
	{ cat "$WORK/luutru.conf.orig"; printf '%s\n' "$2"; } >"$LUUTRU_DATA/luutru.conf"
	rm -f "$WORK/ready"
	"$LUUTRU" serve --listen 127.0.0.1:0 --threads 4 --ready-file "$WORK/ready" \
		>"$WORK/serve-$1.out" 2>"$WORK/serve-$1.err" &
	SERVER=$!
	i=0
	while [ ! -s "$WORK/ready" ] && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
	URL=$(cat "$WORK/ready" 2>/dev/null)
	PORT=${URL##*:}
	API="$URL/api/v1"
	case "$URL" in http://127.0.0.1:*) ok "http-guard: server $1 started" ;;
	*) notok "http-guard: server $1 did not start"; sed 's/^/#   /' "$WORK/serve-$1.err"; exit 1 ;; esac
}
stop_server() {
	kill -TERM "$SERVER" 2>/dev/null
	wait "$SERVER" 2>/dev/null
	SERVER=
}

# status CURL_ARGS...: the HTTP status (000 when none came)
status() { curl -s -o "$WORK/body" -w '%{http_code}' "$@"; }
check() { # NAME CONDITION_STATUS
	if [ "$2" = 0 ]; then ok "http-guard: $1"; else notok "http-guard: $1"; fi
}
is() { # NAME GOT WANT
	if [ "$2" = "$3" ]; then ok "http-guard: $1"; else
		notok "http-guard: $1 (got '$2', expected '$3')"; head -c 300 "$WORK/body" 2>/dev/null | sed 's/^/#   /'; echo
	fi
}
jv() { printf '%s' "$1" | jq -r "$2"; }
# between X LO HI: LO <= X <= HI (decimals)
between() { awk -v x="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(x >= lo && x <= hi) }'; }
audit_max() { sql "SELECT coalesce(max(id), 0) FROM audit_log"; }
# suppressed FIELD FROM_ID: the sum of FIELD=N over login_suppressed entries after FROM_ID
suppressed() {
	sql "SELECT detail FROM audit_log WHERE action = 'login_suppressed' AND id > $2" |
		sed -n "s/.*$1=\([0-9]*\).*/\1/p" | awk '{ s += $1 } END { print s + 0 }'
}
JSON="Content-Type: application/json"

# ---- A: idle connections, the trusted proxy --------------------------------
start_server A "http_max_connections = 256
http_max_connections_per_address = 32
http_header_timeout = 60
http_body_timeout = 30
trusted_proxies = $PROXY"
A0=$(audit_max)

# 500 idle sockets from 127.0.0.2-11 (50 each: over the per-address limit of
# 32, and twice what the limit of 256 connections holds), reopened at once
# when the server closes one. Before the guard this kept every client out
# (0 of 12 health probes in 120 s). The head deadline here is 60 s, so no
# slot frees by a deadline during the probes: only closing the connections
# that waited longest lets a client in. Each probe may take 15 s — about
# 100 times what it takes on an idle machine (0.1-0.3 s), and still 4 times
# shorter than the deadline.
rm -f "$WORK/stop"
$SLOW idle "$PORT" 500 127.0.0.2 127.0.0.3 127.0.0.4 127.0.0.5 127.0.0.6 127.0.0.7 \
	127.0.0.8 127.0.0.9 127.0.0.10 127.0.0.11 "$WORK/stop" >"$WORK/idle.out" &
IDLE=$!
sleep 2
good=0 slowest=0
for i in 1 2 3 4 5 6; do
	for src in 127.0.0.1 127.0.0.2; do
		t=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 15 --interface $src "$API/health")
		[ "${t% *}" = 200 ] && good=$((good + 1))
		awk -v a="${t#* }" -v b="$slowest" 'BEGIN { exit !(a > b) }' && slowest=${t#* }
	done
done
touch "$WORK/stop"
wait $IDLE
is "12 health probes (half from an attacking address) through 500 idle connections all answered (slowest ${slowest}s)" "$good" 12
ST=$(cat "$WORK/idle.out")
if [ "$(jv "$ST" .max_open)" -eq 500 ] && [ "$(jv "$ST" .closed_by_server)" -gt 0 ]; then
	ok "http-guard: the attacker held 500 sockets; the server closed waiting ones to make room ($(jv "$ST" .closed_by_server))"
else notok "http-guard: idle attack stats: $ST"; fi

# Behind the proxy the per-address limit counts the forwarded client's
# requests: 32 of 198.51.100.9 in progress (bodies that never finish; they
# stay until the 30 s body window), then its 33rd is 429, while another
# client behind the same proxy, and the proxy itself, are served.
rm -f "$WORK/busy.out"
$SLOW busy "$PORT" $PROXY 198.51.100.9 32 25 >"$WORK/busy.out" &
BUSY=$!
i=0
while ! grep -q held "$WORK/busy.out" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
is "the 33rd request of one client behind the proxy is 429" \
	"$(status --max-time 15 --interface $PROXY -H 'X-Forwarded-For: 198.51.100.9' "$API/health")" 429
is "429 says too_many_requests" "$(jq -r .error.code "$WORK/body")" too_many_requests
is "another client behind the same proxy is served" \
	"$(status --max-time 15 --interface $PROXY -H 'X-Forwarded-For: 198.51.100.10' "$API/health")" 200
is "a direct client is served" "$(status --max-time 15 --interface 127.0.0.5 "$API/health")" 200
kill $BUSY 2>/dev/null
wait $BUSY 2>/dev/null

# Throttling follows the forwarded client: 30 failures of 203.0.113.7 (each
# a different login, so only the address limit is reached) throttle it,
# not the proxy; a client that forges the header directly is not believed.
fails=0
T0=$(date +%s)
for n in $(seq 1 30); do
	s=$(status --interface $PROXY -H "X-Forwarded-For: 203.0.113.7" -H "$JSON" \
		-d "{\"login\":\"nobody$n\",\"password\":\"wrong-pass-1\"}" "$API/auth/login")
	[ "$s" = 401 ] && fails=$((fails + 1))
done
is "30 failed logins of one client behind the proxy" "$fails" 30
is "its 31st attempt is throttled (429)" "$(status --interface $PROXY -H "X-Forwarded-For: 203.0.113.7" -H "$JSON" \
	-d '{"login":"canbo","password":"officer-pass-1"}' "$API/auth/login")" 429
is "another client behind the same proxy is not throttled" "$(status --interface $PROXY -H "X-Forwarded-For: 203.0.113.8" -H "$JSON" \
	-d '{"login":"nobody","password":"wrong-pass-1"}' "$API/auth/login")" 401
is "X-Forwarded-For from an untrusted address is not believed" "$(status --interface 127.0.0.3 -H "X-Forwarded-For: 203.0.113.7" -H "$JSON" \
	-d '{"login":"nobody","password":"wrong-pass-1"}' "$API/auth/login")" 401
SPAN=$(($(date +%s) - T0))

# The Secure cookie and the Origin check behind an https proxy.
PH="-H X-Forwarded-Proto:https -H X-Forwarded-Host:archive.example"
s=$(curl -s -D "$WORK/h" -o "$WORK/body" -w '%{http_code}' --interface $PROXY $PH \
	-H "X-Forwarded-For: 203.0.113.9" -H "Origin: https://archive.example" -H "$JSON" \
	-d '{"login":"canbo","password":"officer-pass-1"}' "$API/auth/login")
is "login through the https proxy, from its own origin" "$s" 200
grep -i '^set-cookie: lt_session=' "$WORK/h" | grep -q '; Secure' && ok "http-guard: the cookie is Secure when the client used https" ||
	notok "http-guard: no Secure cookie: $(grep -i '^set-cookie' "$WORK/h")"
is "an http Origin for an https client is refused" "$(status --interface $PROXY $PH -H "Origin: http://archive.example" -H "$JSON" \
	-d '{"login":"canbo","password":"officer-pass-1"}' "$API/auth/login")" 403
is "another host as Origin is refused" "$(status --interface $PROXY $PH -H "Origin: https://archive.example.evil" -H "$JSON" \
	-d '{"login":"canbo","password":"officer-pass-1"}' "$API/auth/login")" 403
s=$(curl -s -D "$WORK/h" -o "$WORK/body" -w '%{http_code}' --interface 127.0.0.1 -H X-Forwarded-Proto:https \
	-H "X-Forwarded-For: 203.0.113.66" -H "$JSON" -d '{"login":"canbo","password":"officer-pass-1"}' "$API/auth/login")
is "a direct login" "$s" 200
grep -i '^set-cookie: lt_session=' "$WORK/h" | grep -q 'Secure' && notok "http-guard: X-Forwarded-Proto believed from an untrusted client" ||
	ok "http-guard: X-Forwarded-Proto of an untrusted client is not believed (no Secure)"
stop_server

is "the audit log names the forwarded client" "$(sql "SELECT count(*) FROM audit_log WHERE id > $A0 AND who = '-@203.0.113.9' AND action = 'login' AND object = 'canbo'")" 1
is "... and the direct one by its own address, not the header" "$(sql "SELECT count(*) FROM audit_log WHERE id > $A0 AND who = '-@127.0.0.1' AND action = 'login' AND object = 'canbo'")" 1
is "the proxy's address is never taken for a client" "$(sql "SELECT count(*) FROM audit_log WHERE id > $A0 AND who LIKE '%@$PROXY'")" 0
# 32 refused logins (30 + 2) and one throttled: at most 20 a minute itemised,
# every one of the rest counted in a login_suppressed entry.
F=$(sql "SELECT count(*) FROM audit_log WHERE id > $A0 AND action = 'login_failed'")
T=$(sql "SELECT count(*) FROM audit_log WHERE id > $A0 AND action = 'login_throttled'")
# (all 32 within one minute — the usual case, a few seconds — itemise exactly
# 20; should a slow machine spread them over two, at most 40)
if { [ "$SPAN" -lt 55 ] && [ "$F" -eq 20 ]; } || { [ "$SPAN" -ge 55 ] && [ "$F" -le 40 ]; }; then
	ok "http-guard: refused logins itemised at a bounded rate ($F of 32 in ${SPAN}s)"
else notok "http-guard: $F refused logins itemised in ${SPAN}s"; fi
is "every refused login itemised or counted" "$((F + $(suppressed refused "$A0")))" 32
is "every throttled login itemised or counted" "$((T + $(suppressed throttled "$A0")))" 1
is "who failed: the forwarded client" "$(sql "SELECT count(*) FROM audit_log WHERE id > $A0 AND action = 'login_failed' AND who NOT IN ('-@203.0.113.7', '-@203.0.113.8', '-@127.0.0.3')")" 0

# ---- B: deadlines, Origin, audit, errors ------------------------------------
start_server B "http_header_timeout = 3
http_body_timeout = 3
http_body_min_rate = 1024"
B0=$(audit_max)
N0=$(sql "SELECT count(*) FROM records")

# Four clients at once (each a few seconds). Bounds: the deadline and the
# window are 3 s; a close is accepted from 2.5 s (not before the deadline)
# to 15 s (the guard checks four times a second; 12 s of slack for a loaded
# machine). The old server never closed the first two — a byte a second
# restarts its 60 s inactivity timer — and the clients give up at 20 s.
$SLOW slowhead "$PORT" 20 >"$WORK/slowhead.out" &
P1=$!
$SLOW keepalive "$PORT" 20 >"$WORK/keepalive.out" &
P2=$!
$SLOW stalledbody "$PORT" "$TOKEN" 20 >"$WORK/stalled.out" &
P3=$!
# 24 KB at 4 KiB/s: about 6 s, two windows; four times the minimum rate.
$SLOW slowbody "$PORT" "$TOKEN" 24000 4096 >"$WORK/slowbody.out" &
P4=$!
wait $P1 $P2 $P3 $P4
ST=$(cat "$WORK/slowhead.out")
if [ "$(jv "$ST" .closed)" = true ] && between "$(jv "$ST" .seconds)" 2.5 15; then
	ok "http-guard: a head sent a byte a second is closed at the deadline ($(jv "$ST" .seconds) s, $(jv "$ST" .bytes) bytes)"
else notok "http-guard: slow head: $ST"; fi
ST=$(cat "$WORK/keepalive.out")
if [ "$(jv "$ST" .status)" = 200 ] && [ "$(jv "$ST" .closed)" = true ] && between "$(jv "$ST" .seconds)" 2.5 15; then
	ok "http-guard: an idle kept-alive connection is closed at the deadline ($(jv "$ST" .seconds) s)"
else notok "http-guard: keep-alive: $ST"; fi
ST=$(cat "$WORK/stalled.out")
if [ "$(jv "$ST" .closed)" = true ] && between "$(jv "$ST" .seconds)" 2.5 15; then
	ok "http-guard: a stalled upload is cut ($(jv "$ST" .seconds) s)"
else notok "http-guard: stalled upload: $ST"; fi
ST=$(cat "$WORK/slowbody.out")
if [ "$(jv "$ST" .status)" = 202 ]; then
	ok "http-guard: a slow but steady upload is not cut ($(jv "$ST" .seconds) s for 24 KB)"
else notok "http-guard: slow upload: $ST"; fi
is "only the steady upload stored a record" "$(sql "SELECT count(*) FROM records")" $((N0 + 1))
i=0
while [ -n "$(find "$LUUTRU_DATA/blobs/tmp" -type f 2>/dev/null)" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
is "the cut upload left nothing in blobs/tmp" "$(find "$LUUTRU_DATA/blobs/tmp" -type f 2>/dev/null | wc -l)" 0
is "the server still answers" "$(status --max-time 15 "$API/health")" 200

# Origin / Sec-Fetch-Site beside the CSRF token (no proxy: Host is the origin).
LOGIN='{"login":"canbo","password":"officer-pass-1"}'
is "a login from another site's page is refused" "$(status -H "Origin: http://evil.example" -H "$JSON" -d "$LOGIN" "$API/auth/login")" 403
is "... with code csrf" "$(jq -r .error.code "$WORK/body")" csrf
is "Origin null is refused" "$(status -H "Origin: null" -H "$JSON" -d "$LOGIN" "$API/auth/login")" 403
is "Sec-Fetch-Site: cross-site without Origin is refused" "$(status -H "Sec-Fetch-Site: cross-site" -H "$JSON" -d "$LOGIN" "$API/auth/login")" 403
is "a login from our own page" "$(status -c "$WORK/jar" -H "Origin: $URL" -H "Sec-Fetch-Site: same-origin" -H "$JSON" -d "$LOGIN" "$API/auth/login")" 200
CSRF=$(jq -r .csrf "$WORK/body")
is "a cookie request with the CSRF token from another origin is refused" \
	"$(status -b "$WORK/jar" -X POST -H "X-CSRF-Token: $CSRF" -H "Origin: http://127.0.0.1:1" "$API/auth/logout")" 403
is "a bearer request is not refused for its Origin (not a cookie)" \
	"$(status -X POST -H "Authorization: Bearer $TOKEN" -H "Origin: http://evil.example" "$API/auth/logout")" 200
is "the same cookie request from our origin" \
	"$(status -b "$WORK/jar" -X POST -H "X-CSRF-Token: $CSRF" -H "Origin: $URL" "$API/auth/logout")" 200

# No server path in an error: the parser's message names the file it read,
# a path under blobs/tmp before; the client sees its own file name.
printf '%%PDF-1.4\nnot really a pdf\n' >"$WORK/hong.pdf"
is "a corrupt upload is refused" "$(status -H "Authorization: Bearer $TOKEN" -F "file=@$WORK/hong.pdf" "$API/records")" 422
MSG=$(jq -r .error.message "$WORK/body")
case "$MSG" in
*"$LUUTRU_DATA"* | *blobs* | *tmp/* | *"$WORK"*) notok "http-guard: a server path in an error: $MSG" ;;
*hong.pdf*) ok "http-guard: the error names the client's file, no server path ($MSG)" ;;
*) notok "http-guard: error message: $MSG" ;;
esac

# ... nor in an error deep inside an answer: an import's failed row (the
# import reads the batch unpacked under blobs/tmp).
mkdir -p "$WORK/box"
printf '%%PDF-1.4\nnot really a pdf\n' >"$WORK/box/hong2.pdf"
printf '{"docId": "GUARD.0001", "subject": "Tệp hỏng", "file": "hong2.pdf"}\n' >"$WORK/box/manifest.jsonl"
(cd "$WORK/box" && tar czf "$WORK/batch.tar.gz" manifest.jsonl hong2.pdf)
is "a batch with a corrupt file is accepted" "$(status -H "Authorization: Bearer $TOKEN" -F "file=@$WORK/batch.tar.gz" "$API/imports")" 202
IMP=$(jq -r .id "$WORK/body")
i=0
while [ $i -lt 150 ] && [ "$(curl -s -H "Authorization: Bearer $TOKEN" "$API/imports/$IMP" | jq -r .state)" = running ]; do sleep 0.2; i=$((i + 1)); done
curl -s -H "Authorization: Bearer $TOKEN" "$API/imports/$IMP" >"$WORK/import.json"
MSG=$(jq -r '[.report.failures[]?.message, .error.message?] | map(select(. != null)) | join(" | ")' "$WORK/import.json")
case "$MSG" in
"") notok "http-guard: the import reported no failure: $(head -c 300 "$WORK/import.json")" ;;
*"$LUUTRU_DATA"* | *blobs* | *tmp/* | *"$WORK"*) notok "http-guard: a server path in an import failure: $MSG" ;;
*) ok "http-guard: an import's failed row names no server path ($MSG)" ;;
esac

# Refused and throttled logins in the audit log, never unbounded: 5 wrong
# passwords, then 20 attempts while throttled (the issue's 95 left none).
for n in 1 2 3 4 5; do status -H "$JSON" -d '{"login":"thu","password":"wrong-pass-1"}' "$API/auth/login" >/dev/null; done
t=0
for n in $(seq 1 20); do
	[ "$(status -H "$JSON" -d '{"login":"thu","password":"throttle-pass-1"}' "$API/auth/login")" = 429 ] && t=$((t + 1))
done
is "20 attempts while throttled are 429" "$t" 20
stop_server
is "the wrong passwords audited" "$(sql "SELECT count(*) FROM audit_log WHERE id > $B0 AND action = 'login_failed' AND object = 'thu'")" 5
is "the first throttled attempt audited" "$(sql "SELECT count(*) FROM audit_log WHERE id > $B0 AND action = 'login_throttled' AND object = 'thu'")" 1
is "the other 19 counted in one entry when the service stops" "$(suppressed throttled "$B0")" 19
is "... written as the service" "$(sql "SELECT DISTINCT who FROM audit_log WHERE id > $B0 AND action = 'login_suppressed'")" "system:http"

# ---- C: files, configuration -------------------------------------------------
OPEN=$(find "$LUUTRU_DATA" -perm /077 | head -5)
[ -z "$OPEN" ] && ok "http-guard: nothing in the data directory is open to others ($(find "$LUUTRU_DATA" | wc -l) entries, umask 022)" ||
	notok "http-guard: open to others: $OPEN"
is "the data directory is 0700" "$(stat -c %a "$LUUTRU_DATA")" 700
is "catalog.db is 0600" "$(stat -c %a "$LUUTRU_DATA/catalog.db")" 600
run stats --format csv -o "$WORK/stats.csv"
is "an -o output follows the user's umask (022)" "$RC $(stat -c %a "$WORK/stats.csv")" "0 644"
(umask 027 && "$LUUTRU" stats --format csv -o "$WORK/stats2.csv" >/dev/null 2>&1)
is "... (027)" "$(stat -c %a "$WORK/stats2.csv")" 640

# serve_fails: serve must refuse to start (timeout: never hang the test)
serve_fails() {
	timeout 60 "$LUUTRU" serve --listen 127.0.0.1:0 >"$WORK/out" 2>"$WORK/err"
	RC=$?
}
{ cat "$WORK/luutru.conf.orig"; echo "trusted_proxies = 127.0.0.1, proxy.local"; } >"$LUUTRU_DATA/luutru.conf"
serve_fails
is "a bad trusted_proxies refuses to start" "$RC" 2
expect_err "http-guard: ... naming the item" "proxy.local"
{ cat "$WORK/luutru.conf.orig"; printf 'http_max_connections = 100\nhttp_max_connections_per_address = 100\n'; } >"$LUUTRU_DATA/luutru.conf"
serve_fails
is "a per-address limit not below the total refuses to start" "$RC" 2
expect_err "http-guard: ... naming both keys" "http_max_connections_per_address.*http_max_connections"
cp "$WORK/luutru.conf.orig" "$LUUTRU_DATA/luutru.conf"
