#!/bin/sh
# tests/integration/test_http.sh — the HTTP API against a real `luutru serve`
# on a free loopback port, driven by curl: login, CSRF, upload → job → search,
# limits and bad input, clearance, throttling, the OpenAPI contract, and a
# clean stop on SIGTERM.
. "${LUUTRU_SRC:-$(pwd)}/tests/integration/lib.sh"
[ -x "$LUUTRU" ] || { notok "http: no luutru binary at $LUUTRU (set LUUTRU_BIN)"; exit 1; }

for tool in curl jq; do
	command -v $tool >/dev/null 2>&1 || { notok "http: $tool is required"; exit 1; }
done

run init
expect_rc "http: init" 0
echo "isolated = true" >>"$LUUTRU_DATA/luutru.conf"

printf 'archivist-pass-1\n' | "$LUUTRU" user add vanthu --role archivist --clearance 3 --password-stdin >/dev/null
printf 'officer-pass-1\n' | "$LUUTRU" user add canbo --role officer --clearance 0 --password-stdin >/dev/null
printf 'throttle-pass-1\n' | "$LUUTRU" user add thu --role officer --clearance 0 --password-stdin >/dev/null
ADMIN_TOKEN=$("$LUUTRU" user token vanthu)
OFFICER_TOKEN=$("$LUUTRU" user token canbo)
if [ ${#ADMIN_TOKEN} -eq 64 ] && [ ${#OFFICER_TOKEN} -eq 64 ]; then ok "http: user token prints a 64-hex token"; else notok "http: user token"; fi
if [ "$(sql "SELECT count(*) FROM api_tokens WHERE token_hash = '$ADMIN_TOKEN'")" = 0 ] &&
	[ "$(sql "SELECT count(*) FROM users WHERE password_hash LIKE 'scrypt\$32768\$8\$1\$%'")" = 3 ]; then
	ok "http: only hashes are stored (scrypt, SHA-256)"
else notok "http: clear secrets stored"; fi

# A secret record (độ mật 2), ingested by the CLI before the service starts.
printf 'Báo cáo mật về kế hoạch zyxwvumat của cơ quan.\n' >"$WORK/secret.txt"
run ingest "$WORK/secret.txt" --meta secrecy=2 --meta subject="Báo cáo zyxwvumat" --json
expect_rc "http: secret record ingested (isolated deployment)" 0
SECRET_UID=$(sql "SELECT uid FROM records WHERE secrecy = 2 LIMIT 1")
SECRET_ID=$(sql "SELECT id FROM records WHERE secrecy = 2 LIMIT 1")

"$LUUTRU" serve --listen 127.0.0.1:0 --threads 4 --max-upload 1000000 \
	--ready-file "$WORK/ready" >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
i=0
while [ ! -s "$WORK/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
URL=$(cat "$WORK/ready" 2>/dev/null)
case "$URL" in http://127.0.0.1:*) ok "http: server listens on a free loopback port" ;;
*) notok "http: server did not start"; sed 's/^/#   /' "$WORK/serve.err"; exit 1 ;; esac
API="$URL/api/v1"

# req NAME EXPECTED_STATUS CURL_ARGS...: body in $WORK/body, status in $ST
req() {
	_name=$1 _want=$2
	shift 2
	ST=$(curl -s -o "$WORK/body" -w '%{http_code}' "$@")
	if [ "$ST" = "$_want" ]; then ok "http: $_name"; else
		notok "http: $_name (status $ST, expected $_want)"; head -c 300 "$WORK/body" | sed 's/^/#   /'; echo
	fi
}
body_has() { # NAME JQ_FILTER (must print true)
	if [ "$(jq -r "$2" "$WORK/body" 2>/dev/null)" = true ]; then ok "http: $1"; else
		notok "http: $1"; head -c 300 "$WORK/body" | sed 's/^/#   /'; echo
	fi
}
AUTH="Authorization: Bearer $ADMIN_TOKEN"
OAUTH="Authorization: Bearer $OFFICER_TOKEN"
JSON="Content-Type: application/json"

req "health" 200 "$API/health"
body_has "health body" '.status == "ok"'

# ---- sessions, CSRF ---------------------------------------------------------
req "login with a wrong password is 401" 401 -H "$JSON" -d '{"login":"vanthu","password":"nope-nope"}' "$API/auth/login"
body_has "error body is {error:{code,message}}" '.error.code == "unauthorized" and (.error.message | length > 0)'
req "login" 200 -c "$WORK/jar" -H "$JSON" -d '{"login":"vanthu","password":"archivist-pass-1"}' "$API/auth/login"
CSRF=$(jq -r .csrf "$WORK/body")
body_has "login answers user and csrf" '.user.login == "vanthu" and (.csrf | length == 64)'
if grep -q 'lt_session' "$WORK/jar" && grep -qi '#HttpOnly_' "$WORK/jar"; then ok "http: session cookie is HttpOnly"; else notok "http: session cookie"; fi
SETC=$(curl -s -D - -o /dev/null -H "$JSON" -d '{"login":"vanthu","password":"archivist-pass-1"}' "$API/auth/login" | grep -i '^set-cookie')
case "$SETC" in *SameSite=Strict*Path=/*) ok "http: cookie is SameSite=Strict; Path=/" ;; *) notok "http: cookie attributes: $SETC" ;; esac
req "GET /me with the cookie" 200 -b "$WORK/jar" "$API/me"
body_has "me carries the csrf token" ".user.role == \"archivist\" and .csrf == \"$CSRF\""
req "no credentials is 401" 401 "$API/me"
req "a forged bearer token is 401" 401 -H "Authorization: Bearer 0000000000000000000000000000000000000000000000000000000000000000" "$API/me"
req "a forged session cookie is 401" 401 -b "lt_session=abcdef" "$API/me"

N0=$(sql "SELECT count(*) FROM records")
B0=$(blob_files)
req "upload with cookie but no CSRF header is 403" 403 -b "$WORK/jar" -F "file=@$SRC/samples/cv-15-vp.png" "$API/records"
body_has "CSRF error code" '.error.code == "csrf"'
req "upload with a wrong CSRF header is 403" 403 -b "$WORK/jar" -H "X-CSRF-Token: $(echo "$CSRF" | tr 0-9a-f a-f0-9)" -F "file=@$SRC/samples/cv-15-vp.png" "$API/records"
[ "$(sql "SELECT count(*) FROM records")" = "$N0" ] && [ "$(blob_files)" = "$B0" ] && ok "http: refused uploads stored nothing" || notok "http: refused uploads stored something"

# ---- upload → job → search ------------------------------------------------
req "upload (cookie + CSRF) answers 202" 202 -b "$WORK/jar" -H "X-CSRF-Token: $CSRF" \
	-F "file=@$SRC/samples/cv-15-vp.png" -F "subject=Công văn về việc lập hồ sơ" -F "typeName=Công văn" "$API/records"
body_has "202 carries job and record" '(.job > 0) and (.record.uid | length == 36)'
JOB=$(jq -r .job "$WORK/body")
REC=$(jq -r .record.id "$WORK/body")
RUID=$(jq -r .record.uid "$WORK/body")
state=
i=0
while [ $i -lt 120 ]; do
	state=$(curl -s -H "$AUTH" "$API/jobs/$JOB" | jq -r .state)
	[ "$state" = done ] || [ "$state" = failed ] && break
	sleep 0.5
	i=$((i + 1))
done
[ "$state" = done ] && ok "http: the OCR job finishes (polled GET /jobs/{id})" || notok "http: job state $state"
found=
i=0
while [ $i -lt 40 ]; do
	found=$(curl -s -G -H "$AUTH" --data-urlencode "q=ho so" "$API/search" | jq -r --arg u "$RUID" '[.hits[].uid] | index($u) != null')
	[ "$found" = true ] && break
	sleep 0.5
	i=$((i + 1))
done
[ "$found" = true ] && ok "http: search 'ho so' (no diacritics) finds the upload" || notok "http: upload not found by search"
req "search hit shape" 200 -G -H "$AUTH" --data-urlencode "q=ho so" "$API/search"
body_has "hits carry id, uid, title, score, snippet, spans" '.total >= 1 and (.hits[0] | has("id") and has("uid") and has("docId") and has("title") and has("score") and has("snippet") and (.spans | length > 0))'
req "search with a type filter that matches" 200 -G -H "$AUTH" --data-urlencode "q=ho so" --data-urlencode "type=Công văn" "$API/search"
body_has "type=Công văn keeps the upload" "[.hits[].uid] | index(\"$RUID\") != null"
req "search with a type filter that does not match" 200 -G -H "$AUTH" --data-urlencode "q=ho so" --data-urlencode "type=Quyết định" "$API/search"
body_has "type=Quyết định drops it" "[.hits[].uid] | index(\"$RUID\") == null"
req "record view" 200 -H "$AUTH" "$API/records/$REC"
body_has "record has fields, files and OCR pages" '(.fields | length > 0) and (.files[0].sha256 | length == 64) and (.pages[0].text | test("h[ồo] s[ơo]"; "i"))'
SHA=$(jq -r .files[0].sha256 "$WORK/body")
req "file download" 200 -H "$AUTH" "$API/records/$REC/files/$SHA"
cmp -s "$WORK/body" "$SRC/samples/cv-15-vp.png" && ok "http: downloaded bytes are the original" || notok "http: download differs"
[ "$(sql "SELECT count(*) FROM audit_log WHERE action = 'download' AND object = '$RUID'")" -ge 1 ] &&
	[ "$(sql "SELECT count(*) FROM audit_log WHERE action = 'view' AND object = '$RUID' AND who LIKE 'vanthu@%'")" -ge 1 ] &&
	ok "http: views and downloads are audited (who, what)" || notok "http: audit rows missing"
req "a file of another record is 404" 404 -H "$AUTH" "$API/records/$REC/files/$(printf '%064d' 0)"

# ---- bad input: nothing stored, the service keeps serving ----------------
N1=$(sql "SELECT count(*) FROM records")
B1=$(blob_files)
head -c 1500000 /dev/urandom >"$WORK/big.bin"
req "oversized upload is 413" 413 -H "$AUTH" -F "file=@$WORK/big.bin" "$API/records"
req "oversized chunked upload (no Content-Length) is 413" 413 -H "$AUTH" -H "Transfer-Encoding: chunked" -F "file=@$WORK/big.bin" "$API/records"
req "upload as JSON is 415" 415 -H "$AUTH" -H "$JSON" -d '{}' "$API/records"
req "login as text/plain is 415" 415 -H "Content-Type: text/plain" -d 'x' "$API/auth/login"
req "malformed JSON is 400" 400 -H "$JSON" -d '{"login": "vanthu", ' "$API/auth/login"
body_has "malformed JSON says so" '.error.message | test("JSON")'
printf -- '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\211PNG\r\n\032\nabcdef' >"$WORK/cut.bin"
req "multipart cut short is 400" 400 -H "$AUTH" -H "Content-Type: multipart/form-data; boundary=XyZ" --data-binary "@$WORK/cut.bin" "$API/records"
printf 'not an image at all\000\001\002' >"$WORK/junk.png"
req "a corrupt file is refused (4xx)" 415 -H "$AUTH" -F "file=@$WORK/junk.png" "$API/records"
req "upload without a file part is 400" 400 -H "$AUTH" -F "subject=x" "$API/records"
req "a bad metadata value is 400" 400 -H "$AUTH" -F "file=@$SRC/samples/cv-15-vp.png" -F "issuedDate=2024-13-45" "$API/records"
[ "$(sql "SELECT count(*) FROM records")" = "$N1" ] && [ "$(blob_files)" = "$B1" ] && ok "http: bad uploads stored nothing (no record, no blob)" || notok "http: bad uploads left data ($(sql "SELECT count(*) FROM records") records, $(blob_files) blobs)"
[ -z "$(find "$LUUTRU_DATA/blobs/tmp" -mindepth 1 2>/dev/null)" ] && ok "http: no temporary files left" || notok "http: temporary files left"
req "a path with .. is 400" 400 --path-as-is -H "$AUTH" "$URL/api/v1/records/../../catalog.db"
req "an encoded .. is 400" 400 --path-as-is -H "$AUTH" "$URL/api/v1/records/%2e%2e/files"
req "unknown route is 404" 404 -H "$AUTH" "$API/nothing-here"
req "wrong method is 405" 405 -H "$AUTH" -X DELETE "$API/search"
req "bad limit is 400" 400 -G -H "$AUTH" --data-urlencode "q=ho so" --data-urlencode "limit=0" "$API/search"
req "empty query is 400" 400 -H "$AUTH" "$API/search?q="
req "an officer may not upload (403)" 403 -H "$OAUTH" -F "file=@$SRC/samples/cv-15-vp.png" "$API/records"

# ---- clearance ------------------------------------------------------------
req "a clearance-0 user gets 404 for a secret record" 404 -H "$OAUTH" "$API/records/$SECRET_ID"
cp "$WORK/body" "$WORK/secret404"
req "the same user gets 404 for a missing record" 404 -H "$OAUTH" "$API/records/999999"
if [ "$(sed "s/$SECRET_ID/X/" "$WORK/secret404")" = "$(sed 's/999999/X/' "$WORK/body")" ]; then ok "http: a secret record answers exactly like a missing one"; else notok "http: secret 404 differs from missing 404"; fi
req "secret record by uid is 404 too" 404 -H "$OAUTH" "$API/records/$SECRET_UID"
req "secret file download is 404" 404 -H "$OAUTH" "$API/records/$SECRET_ID/files/$SHA"
req "clearance-3 user sees the secret record" 200 -H "$AUTH" "$API/records/$SECRET_ID"
printf 'Công văn trả lời về hồ sơ.\n' >"$WORK/reply.txt"
run ingest "$WORK/reply.txt" --meta subject="Trả lời công văn" --json
OTHER_ID=$(sql "SELECT max(id) FROM records")
"$LUUTRU" link add "$OTHER_ID" reply_to "$REC" >/dev/null 2>&1
"$LUUTRU" link add "$REC" refers_to "$SECRET_ID" >/dev/null 2>&1
req "record with links, as clearance 3" 200 -H "$AUTH" "$API/records/$REC"
body_has "both links are listed for clearance 3" '(.links | length) == 2'
req "record with links, as clearance 0" 200 -H "$OAUTH" "$API/records/$REC"
body_has "a link to a secret record is hidden from clearance 0" "(.links | length) == 1 and (.links[0].record.id == $OTHER_ID) and ([.. | strings] | index(\"$SECRET_UID\") == null)"
req "search for the secret's unique word as clearance 0" 200 -H "$OAUTH" "$API/search?q=zyxwvumat"
body_has "its total is 0" '.total == 0 and (.hits | length == 0)'
req "search for it as clearance 3" 200 -H "$AUTH" "$API/search?q=zyxwvumat"
body_has "its total is 1" '.total == 1'

# ---- login throttling -----------------------------------------------------
for n in 1 2 3 4 5; do
	curl -s -o /dev/null -H "$JSON" -d '{"login":"thu","password":"wrong-wrong"}' "$API/auth/login"
done
req "6th login after 5 failures is 429 (even with the right password)" 429 -H "$JSON" -d '{"login":"thu","password":"throttle-pass-1"}' "$API/auth/login"
req "another login from the same IP still works" 200 -H "$JSON" -d '{"login":"canbo","password":"officer-pass-1"}' "$API/auth/login"

# ---- logout ---------------------------------------------------------------
req "logout without CSRF is 403" 403 -b "$WORK/jar" -X POST "$API/auth/logout"
req "logout" 200 -b "$WORK/jar" -c "$WORK/jar" -H "X-CSRF-Token: $CSRF" -X POST "$API/auth/logout"
req "the session is gone after logout" 401 -b "lt_session=$(awk '$6 == "lt_session" {print $7}' "$WORK/jar")" "$API/me"

# ---- the web UI is embedded -----------------------------------------------
req "GET / serves the web UI" 200 "$URL/"
grep -q 'app.js' "$WORK/body" && ok "http: index.html references app.js" || notok "http: index.html"
req "GET /app.js" 200 "$URL/app.js"

# ---- the OpenAPI document matches the server --------------------------------
# docs/openapi.yaml keeps a fixed layout: a path at 2 spaces, a method at 4,
# a status code at 8 ("200":). Each documented (path, method) is called and
# must answer one of its documented statuses.
awk '
	/^  \/[^ ]*:$/ { sub(/^  /, ""); sub(/:$/, ""); path = $0; next }
	/^    (get|post|put|patch|delete):$/ { m = $1; sub(/:$/, "", m); key = path " " m; order[++n] = key; next }
	/^        "[0-9][0-9][0-9]":/ { s = $1; gsub(/[":]/, "", s); codes[key] = codes[key] " " s }
	END { for (i = 1; i <= n; i++) print order[i], codes[order[i]] }
' "$SRC/docs/openapi.yaml" >"$WORK/routes"
nroutes=$(wc -l <"$WORK/routes")
[ "$nroutes" -ge 9 ] && ok "http: openapi.yaml documents $nroutes routes" || notok "http: openapi.yaml has $nroutes routes"
bad=0
while read -r path method codes; do
	p=$(echo "$path" | sed "s/{id}/$REC/; s/{sha256}/$SHA/; s/{job}/$JOB/")
	m=$(echo "$method" | tr a-z A-Z)
	st=$(curl -s -o /dev/null -w '%{http_code}' -X "$m" -H "$AUTH" "$URL$p?q=hoso")
	case " $codes " in *" $st "*) ;; *) bad=$((bad + 1)); echo "#   $m $path answered $st, documented:$codes" ;; esac
	[ "$st" = 404 ] && [ "$(curl -s -X "$m" -H "$AUTH" "$URL$p?q=hoso" | jq -r .error.code)" = not_found ] &&
		! echo "$codes" | grep -q 404 && bad=$((bad + 1))
done <"$WORK/routes"
[ $bad -eq 0 ] && ok "http: every documented route exists and answers a documented status" || notok "http: $bad documented routes disagree"
# and every route of the server is documented
for r in "/api/v1/health get" "/api/v1/auth/login post" "/api/v1/auth/logout post" "/api/v1/me get" \
	"/api/v1/records post" "/api/v1/records/{id} get" "/api/v1/records/{id}/files/{sha256} get" \
	"/api/v1/jobs/{job} get" "/api/v1/search get"; do
	grep -q "^$r " "$WORK/routes" || { bad=1; echo "#   undocumented: $r"; }
done
[ $bad -eq 0 ] && ok "http: every server route is documented" || notok "http: undocumented routes"

# ---- concurrent clients: every thread has its own catalog connection and index reader
# (25 + 25: below the per-IP connection limit of 64)
for n in $(seq 1 25); do
	curl -s -o /dev/null -w '%{http_code}\n' -H "$AUTH" "$API/search?q=ho+so&offset=$((n % 3))" >>"$WORK/par" &
	curl -s -o /dev/null -w '%{http_code}\n' -H "$OAUTH" "$API/records/$REC" >>"$WORK/par" &
done
wait_n=0
while [ "$(wc -l <"$WORK/par")" -lt 50 ] && [ $wait_n -lt 600 ]; do sleep 0.1; wait_n=$((wait_n + 1)); done
[ "$(grep -c '^200$' "$WORK/par")" = 50 ] && ok "http: 50 concurrent requests all answered 200" || notok "http: concurrent requests: $(sort "$WORK/par" | uniq -c | tr '\n' ' ')"

# ---- still alive, then a clean stop ------------------------------------------
req "health after all of it" 200 "$API/health"
kill -TERM $SERVER
i=0
while kill -0 $SERVER 2>/dev/null && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 $SERVER 2>/dev/null; then notok "http: SIGTERM did not stop the server"; else
	wait $SERVER
	rc=$?
	[ $rc -eq 0 ] && ok "http: SIGTERM stops the server cleanly (exit 0)" || notok "http: exit $rc after SIGTERM"
fi
if grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error:' "$WORK/serve.err"; then
	notok "http: sanitizer reports from the server"; grep -E -A8 'Sanitizer|runtime error:' "$WORK/serve.err" | head -40 | sed 's/^/#   /'
else ok "http: no sanitizer reports from the server"; fi
grep -q 'đã dừng' "$WORK/serve.out" && ok "http: the server says it stopped" || notok "http: no stop message"
run search zyxwvumat --json
expect_rc "http: the index is usable after the stop" 0
