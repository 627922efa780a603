#!/bin/sh
# tests/integration/test_http.sh — the HTTP API against a real `luutru serve`
# on a free loopback port, driven by curl: login, CSRF, upload → job → search,
# limits and bad input, clearance, throttling, the OpenAPI contract, and a
# clean stop on SIGTERM.
. "${LUUTRU_SRC:-$(pwd)}/tests/integration/lib.sh"
[ -x "$LUUTRU" ] || { notok "http: no luutru binary at $LUUTRU (set LUUTRU_BIN)"; exit 1; }

need_tools http curl jq

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

# Dossiers and catalogs: a catalog for 2024, two dated records, a closed
# dossier holding a secret record (a closed dossier takes the highest độ mật
# of its records), an archivist with clearance 0, a batch to import.
printf 'archivist-low-1\n' | "$LUUTRU" user add thuky --role archivist --clearance 0 --password-stdin >/dev/null
LOW_TOKEN=$("$LUUTRU" user token thuky)
"$LUUTRU" config set organ_id 000.00.00.G09 >/dev/null
write_plan "$WORK/plan.csv"
run catalog import "$WORK/plan.csv" --year 2024
expect_rc "http: a 2024 catalog (CLI)" 0
printf 'Thông báo kết quả thi tuyển.\n' >"$WORK/late.txt"
printf 'Quyết định tuyển dụng.\n' >"$WORK/early.txt"
printf 'Tờ trình mật về nhân sự.\n' >"$WORK/secret2.txt"
run ingest "$WORK/late.txt" --json --meta typeName="Thông báo" --meta organName="Sở Nội vụ" --meta kind=outgoing --meta issuedDate=2024-08-02 --meta subject="Thông báo kết quả thi tuyển"
LATE_ID=$(jqo '.records[0].id')
run ingest "$WORK/early.txt" --json --meta typeName="Quyết định" --meta organName="Sở Nội vụ" --meta kind=outgoing --meta issuedDate=2024-06-10 --meta subject="Quyết định tuyển dụng"
EARLY_ID=$(jqo '.records[0].id')
run ingest "$WORK/secret2.txt" --json --meta typeName="Tờ trình" --meta organName="Sở Nội vụ" --meta secrecy=1 --meta issuedDate=2024-05-02 --meta subject="Tờ trình mật"
S2_ID=$(jqo '.records[0].id')
printf 'Công văn đến đề nghị phối hợp.\n' >"$WORK/inc.txt"
run ingest "$WORK/inc.txt" --json --meta kind=incoming --meta issuedDate=2024-07-01 --meta subject="Đề nghị phối hợp"
INC_ID=$(jqo '.records[0].id')
printf 'Công văn mật đến chưa xử lý.\n' >"$WORK/incs.txt"
run ingest "$WORK/incs.txt" --json --meta kind=incoming --meta secrecy=1 --meta issuedDate=2024-01-05 --meta arrivalDate=2024-01-06 --meta subject="Công văn mật tồn đọng"
INCS_ID=$(jqo '.records[0].id')
run dossier open --year 2024 --entry 01.TH --json
SD=$(jqo .id)
"$LUUTRU" dossier add "$SD" "$S2_ID" >/dev/null && "$LUUTRU" dossier set "$SD" riskRecovery=0 >/dev/null &&
	"$LUUTRU" dossier close "$SD" >/dev/null
[ "$(sql "SELECT secrecy FROM dossiers WHERE id = $SD")" = 1 ] && ok "http: a closed secret dossier (CLI)" || notok "http: secret dossier setup"
# an administrative-procedure (TTHC) case, for the QĐ 766 table (rule 39)
run dossier open --tthc G09-2024-0001 --procedure 1.004227 --received 2024-07-01 --json
run dossier add "$(jqo .id)" "$INC_ID" --role component; expect_rc "http: a TTHC case (CLI)" 0
mkdir -p "$WORK/box"
cat >"$WORK/box/manifest.jsonl" <<'JSONL'
{"docId": "HTTP.0001", "typeName": "Công văn", "issuedDate": "2024-03-05", "subject": "Về việc họp giao ban", "text": "Nội dung họp giao ban tuần."}
{"docId": "HTTP.0002", "typeName": "Báo cáo", "issuedDate": "2024-04-10", "subject": "Báo cáo quý", "text": "Báo cáo tình hình quý."}
JSONL
(cd "$WORK/box" && tar czf "$WORK/batch.tar.gz" manifest.jsonl)

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
# A second server on the same port: refused at once with the reason and the
# way out, and no line of libmicrohttpd's own ("port 0").
"$LUUTRU" serve --listen "${URL#http://}" >"$WORK/serve2.out" 2>"$WORK/serve2.err"
if [ $? -ne 0 ] && grep -q "đang được chương trình khác dùng" "$WORK/serve2.err" &&
	grep -q -- "--listen" "$WORK/serve2.err" && ! grep -qi "port 0\|failed to bind" "$WORK/serve2.err"; then
	ok "http: a busy port is named, with the way out"
else
	notok "http: a busy port is named, with the way out"; sed 's/^/#   /' "$WORK/serve2.err" | head -5
fi

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

# ---- dossiers -------------------------------------------------------------
LOWAUTH="Authorization: Bearer $LOW_TOKEN"
ctype() { curl -s -o "$WORK/body" -w '%{content_type}' "$@"; }
req "open a dossier from a catalog entry (201)" 201 -H "$AUTH" -H "$JSON" -d '{"year": 2024, "entry": "02.TCCB"}' "$API/dossiers"
body_has "the dossier code is organ id.year.notation, status open" '.fileCode == "000.00.00.G09.2024.02.TCCB" and .status == "open" and .retention == "20 năm"'
D=$(jq -r .id "$WORK/body")
req "its backup regime (TT 05/2025) over PATCH" 200 -X PATCH -H "$AUTH" -H "$JSON" -d '{"riskRecovery": 0}' "$API/dossiers/$D"
req "opening it again is 409" 409 -H "$AUTH" -H "$JSON" -d '{"year": 2024, "entry": "02.TCCB"}' "$API/dossiers"
req "opening a missing entry is 404" 404 -H "$AUTH" -H "$JSON" -d '{"year": 2024, "entry": "99.XX"}' "$API/dossiers"
req "opening without year is 400" 400 -H "$AUTH" -H "$JSON" -d '{"entry": "02.TCCB"}' "$API/dossiers"
req "opening with malformed JSON is 400" 400 -H "$AUTH" -H "$JSON" -d '{"year": 2024,' "$API/dossiers"
req "opening with a form body is 415" 415 -H "$AUTH" -d 'year=2024' "$API/dossiers"
req "an officer may not open dossiers (403)" 403 -H "$OAUTH" -H "$JSON" -d '{"year": 2024, "entry": "02.TCCB"}' "$API/dossiers"
body_has "role refusal says denied" '.error.code == "denied"'
req "opening with the cookie but no CSRF token is 403" 403 -b "$WORK/jar" -H "$JSON" -d '{"year": 2024, "entry": "01.TH"}' "$API/dossiers"
req "opening with a forged CSRF token is 403" 403 -b "$WORK/jar" -H "X-CSRF-Token: $(printf '%064d' 7)" -H "$JSON" -d '{"year": 2024, "entry": "01.TH"}' "$API/dossiers"
body_has "forged CSRF says csrf" '.error.code == "csrf"'
req "a forged bearer token on a new route is 401" 401 -H "Authorization: Bearer $(printf '%064d' 9)" "$API/dossiers"
req "a dossier path with .. is 400" 400 --path-as-is -H "$AUTH" "$URL/api/v1/dossiers/../records/1"
[ "$(sql "SELECT count(*) FROM dossiers WHERE notation = '01.TH'")" = 1 ] && ok "http: refused dossier requests opened nothing" || notok "http: a refused request opened a dossier"
req "file the later record" 200 -H "$AUTH" -H "$JSON" -d "{\"record\": $LATE_ID}" "$API/dossiers/$D/records"
req "file the earlier record (cookie + CSRF)" 200 -b "$WORK/jar" -H "X-CSRF-Token: $CSRF" -H "$JSON" -d "{\"record\": \"$EARLY_ID\"}" "$API/dossiers/$D/records"
body_has "the table of contents is in date order, numbered 1..n" "[.toc[].id] == [$EARLY_ID, $LATE_ID] and [.toc[].ordinal] == [1, 2] and .docTotal == 2"
req "filing a missing record is 404" 404 -H "$AUTH" -H "$JSON" -d '{"record": 999999}' "$API/dossiers/$D/records"
req "filing without a record is 400" 400 -H "$AUTH" -H "$JSON" -d '{}' "$API/dossiers/$D/records"
# An upload names the dossier it is filed into: one transaction, so one
# that cannot be filed leaves no record and no stored file.
printf 'Tờ trình về việc tuyển dụng viên chức năm 2024.\n' >"$WORK/tt.txt"
NREC=$(sql "SELECT count(*) FROM records")
NBLOB=$(sql "SELECT count(*) FROM blobs")
req "an upload into a closed dossier is 409" 409 -H "$AUTH" -F "dossier=$SD" -F "file=@$WORK/tt.txt" "$API/records"
body_has "... saying the dossier is not open" '.error.code == "state"'
req "an upload into a dossier that does not exist is 404" 404 -H "$AUTH" -F "dossier=999999" -F "file=@$WORK/tt.txt" "$API/records"
req "an upload with a malformed dossier is 400" 400 -H "$AUTH" -F "dossier=2x" -F "file=@$WORK/tt.txt" "$API/records"
[ "$(sql "SELECT count(*) FROM records")" = "$NREC" ] && [ "$(sql "SELECT count(*) FROM blobs")" = "$NBLOB" ] &&
	ok "http: the refused uploads stored nothing" || notok "http: a refused upload left a record or a file"
req "a clearance-0 archivist cannot file a secret record (404 as missing)" 404 -H "$LOWAUTH" -H "$JSON" -d "{\"record\": $SECRET_ID}" "$API/dossiers/$D/records"
req "dossier view" 200 -H "$OAUTH" "$API/dossiers/$D"
body_has "dossier view has status, retention, holds and the toc" '.statusLabel == "đang mở" and .retentionYears == 20 and .holds == [] and (.toc | length) == 2 and .toc[0].issuedDate == "2024-06-10"'
[ "$(sql "SELECT count(*) FROM audit_log WHERE action = 'view' AND detail = 'dossier' AND who LIKE 'canbo@%'")" -ge 1 ] && ok "http: dossier views are audited" || notok "http: dossier view not audited"
req "dossier list" 200 -H "$OAUTH" "$API/dossiers?year=2024"
body_has "the list has the open dossier but not the secret one (clearance 0)" "([.dossiers[].id] | index($D) != null) and ([.dossiers[].id] | index($SD) == null)"
req "dossier list, clearance 3" 200 -H "$AUTH" "$API/dossiers"
body_has "clearance 3 sees the secret dossier" "[.dossiers[].id] | index($SD) != null"
req "dossier list with a bad year is 400" 400 -H "$AUTH" "$API/dossiers?year=20x4"
req "a secret dossier as clearance 0 is 404" 404 -H "$OAUTH" "$API/dossiers/$SD"
cp "$WORK/body" "$WORK/sd404"
req "a missing dossier is 404" 404 -H "$OAUTH" "$API/dossiers/999999"
if [ "$(sed "s/$SD/X/" "$WORK/sd404")" = "$(sed 's/999999/X/' "$WORK/body")" ]; then ok "http: a secret dossier answers exactly like a missing one"; else notok "http: secret dossier 404 differs"; fi
req "its table of contents as clearance 0 is 404 too" 404 -H "$OAUTH" "$API/dossiers/$SD/toc"
[ "$(ctype -H "$AUTH" "$API/dossiers/$D/toc?format=csv")" = "text/csv; charset=utf-8" ] && grep -q 'Quyết định tuyển dụng' "$WORK/body" && ok "http: table of contents as CSV" || notok "http: toc csv"
[ "$(ctype -H "$AUTH" "$API/dossiers/$D/toc")" = "text/html; charset=utf-8" ] && grep -q '<table' "$WORK/body" && ok "http: table of contents as HTML (default)" || notok "http: toc html"
req "toc in an unknown format is 400" 400 -H "$AUTH" "$API/dossiers/$D/toc?format=docx"
[ "$(sql "SELECT count(*) FROM audit_log WHERE action = 'export' AND detail LIKE 'muc-luc-van-ban.%'")" -ge 2 ] && ok "http: exports are audited" || notok "http: exports not audited"
req "close the dossier" 200 -H "$AUTH" -X POST "$API/dossiers/$D/close"
body_has "closed, dates fixed" '.status == "closed" and .startDate == "2024-06-10" and .endDate == "2024-08-02"'
req "closing it again is 409" 409 -H "$AUTH" -X POST "$API/dossiers/$D/close"
req "filing into a closed dossier is 409" 409 -H "$AUTH" -H "$JSON" -d "{\"record\": $REC}" "$API/dossiers/$D/records"
req "reopening without a reason is 400" 400 -H "$AUTH" -H "$JSON" -d '{}' "$API/dossiers/$D/reopen"

# ---- holds, retention ------------------------------------------------------
req "place a hold on the dossier" 201 -H "$AUTH" -H "$JSON" -d "{\"kind\": \"dossier\", \"object\": $D, \"reason\": \"Thanh tra\"}" "$API/holds"
HOLD=$(jq -r .id "$WORK/body")
req "a held dossier is not reopened" 403 -H "$AUTH" -H "$JSON" -d '{"reason": "bổ sung"}' "$API/dossiers/$D/reopen"
[ "$(sql "SELECT status FROM dossiers WHERE id = $D")" = closed ] && ok "http: the refused reopen changed nothing" || notok "http: reopen refused but status changed"
req "the dossier shows its hold" 200 -H "$AUTH" "$API/dossiers/$D"
body_has "hold listed with reason" '.holds[0].reason == "Thanh tra"'
req "hold list" 200 -H "$AUTH" "$API/holds"
body_has "the hold is active" "[.holds[] | select(.id == $HOLD and .active)] | length == 1"
req "an officer may not list holds (403)" 403 -H "$OAUTH" "$API/holds"
req "a hold on a bad kind is 400" 400 -H "$AUTH" -H "$JSON" -d "{\"kind\": \"box\", \"object\": $D, \"reason\": \"x\"}" "$API/holds"
req "a hold on a secret dossier as clearance 0 is 404" 404 -H "$LOWAUTH" -H "$JSON" -d "{\"kind\": \"dossier\", \"object\": $SD, \"reason\": \"x\"}" "$API/holds"
req "release the hold" 200 -H "$AUTH" -H "$JSON" -d '{"reason": "xong thanh tra"}' "$API/holds/$HOLD/release"
req "releasing it again is 409" 409 -H "$AUTH" -H "$JSON" -d '{"reason": "lại"}' "$API/holds/$HOLD/release"
req "reopen with a reason" 200 -H "$AUTH" -H "$JSON" -d '{"reason": "bổ sung văn bản"}' "$API/dossiers/$D/reopen"
body_has "open again" '.status == "open"'
req "retention schedule" 200 -H "$OAUTH" "$API/retention/schedule"
body_has "the schedule has rules" '(.schedule | length) > 0 and (.schedule[0] | has("code") and has("years") and has("action"))'
req "what is due (archivist)" 200 -H "$AUTH" "$API/retention/due?date=2026-01-01"
body_has "the secret dossier is due for deposit, shown to clearance 3" "[.due[] | select(.dossier == $SD)] | length >= 1"
req "what is due as clearance 0 leaves the secret dossier out" 200 -H "$LOWAUTH" "$API/retention/due?date=2026-01-01"
body_has "no secret dossier for clearance 0" "[.due[] | select(.dossier == $SD)] | length == 0"
req "retention due with a bad date is 400" 400 -H "$AUTH" "$API/retention/due?date=2024-13-45"
req "an officer may not see what is due (403)" 403 -H "$OAUTH" "$API/retention/due"

# ---- disposition, transfer -------------------------------------------------
req "disposition candidates" 200 -H "$AUTH" "$API/disposition/candidates"
req "proposing a permanent dossier is refused by the rule (403)" 403 -H "$AUTH" -H "$JSON" -d "{\"dossiers\": [$SD], \"explanation\": \"x\"}" "$API/disposition"
req "proposing a secret dossier as clearance 0 is 404" 404 -H "$LOWAUTH" -H "$JSON" -d "{\"dossiers\": [$SD]}" "$API/disposition"
req "proposing nothing is 400" 400 -H "$AUTH" -H "$JSON" -d '{"dossiers": []}' "$API/disposition"
req "an archivist may not approve (403)" 403 -H "$AUTH" -H "$JSON" -d '{"decisionNo": "1/QĐ", "decisionDate": "2026-01-01"}' "$API/disposition/1/approve"
req "executing a missing list is 404" 404 -H "$AUTH" -H "$JSON" -d '{"handover": "Giao Công ty Môi trường đô thị hủy bằng nghiền"}' "$API/disposition/999999/execute"
req "the record of a missing list is 404" 404 -H "$AUTH" "$API/disposition/999999/report"
req "transfer candidates" 200 -H "$AUTH" "$API/transfers/candidates"
req "transferring an open dossier is refused (409)" 409 -H "$AUTH" -H "$JSON" -d "{\"dossiers\": [$D]}" "$API/transfers"
req "a missing transfer file is 404" 404 -H "$AUTH" "$API/transfers/999999/package"

# ---- registers, catalogs ---------------------------------------------------
req "registers (clearance 0)" 200 -H "$OAUTH" "$API/registers"
body_has "clearance 0 sees no secret register" '([.registers[].code] | index("DI")) != null and ([.registers[] | select(.secret)] | length) == 0'
req "registers (clearance 3)" 200 -H "$AUTH" "$API/registers"
body_has "clearance 3 sees the secret registers" '[.registers[] | select(.secret)] | length == 2'
"$LUUTRU" register assign "$EARLY_ID" --register DI --date 2024-06-10 >/dev/null 2>&1
req "register entries as JSON" 200 -H "$OAUTH" "$API/registers/DI/2024"
body_has "columns and the assigned row" '(.columns | length) > 3 and (.rows | length) == 1 and ([.rows[0][] | select(test("Quyết định tuyển dụng"))] | length) == 1'
[ "$(ctype -H "$OAUTH" "$API/registers/DI/2024?format=csv")" = "text/csv; charset=utf-8" ] && ok "http: register printout as CSV" || notok "http: register csv"
req "a secret register as clearance 0 is 404" 404 -H "$OAUTH" "$API/registers/DI-MAT/2024"
req "a register with a bad year is 400" 400 -H "$OAUTH" "$API/registers/DI/20x4"
req "catalogs" 200 -H "$OAUTH" "$API/catalogs"
body_has "the 2024 catalog is listed" '[.catalogs[] | select(.year == 2024 and .entries == 2)] | length == 1'
req "the 2024 catalog as JSON" 200 -H "$OAUTH" "$API/catalogs/2024"
body_has "Roman-numeral headings with their entries" '[.headings[].roman] == ["I", "II"] and .headings[1].title == "TỔ CHỨC CÁN BỘ" and .headings[1].entries[0].notation == "02.TCCB" and .headings[0].entries[0].title == "Kế hoạch, báo cáo công tác năm"'
[ "$(ctype -H "$OAUTH" "$API/catalogs/2024?format=html")" = "text/html; charset=utf-8" ] && grep -q 'II. TỔ CHỨC CÁN BỘ' "$WORK/body" && ok "http: catalog printout as HTML" || notok "http: catalog html"
req "a year without a catalog is 404" 404 -H "$OAUTH" "$API/catalogs/1999"
printf 'heading,heading_abbr,notation,title,retention,keeper,note\nTỔNG HỢP,TH,01.TH,Kế hoạch,Vĩnh viễn,Văn phòng,\n' >"$WORK/plan25.csv"
printf 'heading,heading_abbr,notation,title,retention,keeper,note\nTỔNG HỢP,TH,01.TH,Kế hoạch,,Văn phòng,\n' >"$WORK/bad25.csv"
req "import a catalog as text/csv" 201 -H "$AUTH" -H "Content-Type: text/csv" --data-binary "@$WORK/plan25.csv" "$API/catalogs/2025/import"
body_has "one entry imported" '.entries == 1 and .year == 2025'
req "a catalog with a bad row is 400" 400 -H "$AUTH" -H "Content-Type: text/csv" --data-binary "@$WORK/bad25.csv" "$API/catalogs/2026/import"
body_has "the error names the row" '.error.message | test("dòng 2")'
[ "$(sql "SELECT count(*) FROM fileplans WHERE year = 2026")" = 0 ] && ok "http: the bad catalog stored nothing" || notok "http: bad catalog stored"
yes 'TỔNG HỢP,TH,,Kế hoạch công tác,Vĩnh viễn,Văn phòng,' | head -c 1100000 >"$WORK/huge.csv"
req "a catalog over 1 MiB is 413" 413 -H "$AUTH" -H "Content-Type: text/csv" --data-binary "@$WORK/huge.csv" "$API/catalogs/2026/import"
req "a catalog sent as JSON is 415" 415 -H "$AUTH" -H "$JSON" -d '{}' "$API/catalogs/2026/import"
req "an officer may not import a catalog (403)" 403 -H "$OAUTH" -H "Content-Type: text/csv" --data-binary "@$WORK/plan25.csv" "$API/catalogs/2027/import"
req "finalize without approvedBy is 400" 400 -H "$AUTH" -H "$JSON" -d '{}' "$API/catalogs/2025/finalize"
req "finalize with half a footer is 400" 400 -H "$AUTH" -H "$JSON" -d '{"approvedBy": "Giám đốc", "footer": {"total": 1}}' "$API/catalogs/2025/finalize"
[ "$(sql "SELECT count(*) FROM fileplans WHERE year = 2025 AND finalized_at IS NOT NULL")" = 0 ] && ok "http: refused finalize changed nothing" || notok "http: refused finalize wrote"
req "an officer may not finalize a catalog (403)" 403 -H "$OAUTH" -H "$JSON" -d '{"approvedBy": "Giám đốc"}' "$API/catalogs/2025/finalize"
req "finalize the 2025 catalog" 200 -H "$AUTH" -H "$JSON" -d '{"approvedBy": "Nguyễn Văn A, Giám đốc", "issued": "2025-01-15"}' "$API/catalogs/2025/finalize"
body_has "footer = the actual counts, approver and date kept" '.footer.total == 1 and .footer.permanent == 1 and .footer.fixedTerm == 0 and .matches and .approvedBy == "Nguyễn Văn A, Giám đốc" and .issued == "2025-01-15" and .finalizedBy == "vanthu"'
req "finalize again is 409" 409 -H "$AUTH" -H "$JSON" -d '{"approvedBy": "Giám đốc"}' "$API/catalogs/2025/finalize"
req "finalize a year without a catalog is 404" 404 -H "$AUTH" -H "$JSON" -d '{"approvedBy": "Giám đốc"}' "$API/catalogs/1999/finalize"
[ "$(sql "SELECT count(*) FROM audit_log WHERE action = 'fileplan.finalize' AND who = 'vanthu'")" = 1 ] && ok "http: finalize audited" || notok "http: finalize audit"

# ---- record metadata edits ----------------------------------------------------
req "edit two fields" 200 -H "$AUTH" -H "$JSON" -X PATCH -d '{"subject": "Quyết định tuyển dụng công chức năm 2024", "pageAmount": 3}' "$API/records/$EARLY_ID"
body_has "the record answered with 2 changes" '.changed == 2 and .title == "Quyết định tuyển dụng công chức năm 2024"'
[ "$(sql "SELECT count(*) FROM record_history WHERE record_id = $EARLY_ID AND who = 'vanthu'")" = 2 ] && ok "http: one history row per changed field, by the caller" || notok "http: edit history"
req "the same values again change nothing" 200 -H "$AUTH" -H "$JSON" -X PATCH -d '{"subject": "Quyết định tuyển dụng công chức năm 2024"}' "$API/records/$EARLY_ID"
body_has "changed 0" '.changed == 0'
req "an unknown field is 400" 400 -H "$AUTH" -H "$JSON" -X PATCH -d '{"subject": "X", "colour": "red"}' "$API/records/$EARLY_ID"
req "a bad date is 400" 400 -H "$AUTH" -H "$JSON" -X PATCH -d '{"subject": "Y", "issuedDate": "2024-02-31"}' "$API/records/$EARLY_ID"
[ "$(sql "SELECT subject FROM records WHERE id = $EARLY_ID")" = "Quyết định tuyển dụng công chức năm 2024" ] && ok "http: a refused edit changed no field" || notok "http: partial edit"
req "an array body is 400" 400 -H "$AUTH" -H "$JSON" -X PATCH -d '["subject"]' "$API/records/$EARLY_ID"
req "an officer may not edit (403)" 403 -H "$OAUTH" -H "$JSON" -X PATCH -d '{"subject": "Z"}' "$API/records/$EARLY_ID"
req "a low-clearance archivist editing a secret record gets 404" 404 -H "Authorization: Bearer $LOW_TOKEN" -H "$JSON" -X PATCH -d '{"subject": "Z"}' "$API/records/$SECRET_ID"
req "classifying above one's clearance is 403" 403 -H "Authorization: Bearer $LOW_TOKEN" -H "$JSON" -X PATCH -d '{"secrecy": "2"}' "$API/records/$EARLY_ID"
[ "$(sql "SELECT secrecy FROM records WHERE id = $EARLY_ID")" = 0 ] && ok "http: secrecy unchanged" || notok "http: secrecy changed"

# ---- links, tasks -----------------------------------------------------------
req "link the upload to the early record" 201 -H "$AUTH" -H "$JSON" -d "{\"kind\": \"refers_to\", \"to\": $EARLY_ID, \"note\": \"xem thêm\"}" "$API/records/$REC/links"
body_has "the new link is listed" "[.links[] | select(.record.id == $EARLY_ID and .kind == \"refers_to\")] | length == 1"
req "the same link again is 409" 409 -H "$AUTH" -H "$JSON" -d "{\"kind\": \"refers_to\", \"to\": $EARLY_ID}" "$API/records/$REC/links"
req "an unknown link kind is 400" 400 -H "$AUTH" -H "$JSON" -d "{\"kind\": \"likes\", \"to\": $EARLY_ID}" "$API/records/$REC/links"
req "links as clearance 0" 200 -H "$OAUTH" "$API/records/$REC/links"
body_has "the link to the secret record is hidden" "([.links[].record.id] | index($SECRET_ID)) == null and ([.links[].record.id] | index($EARLY_ID)) != null"
req "links of a secret record as clearance 0 are 404" 404 -H "$OAUTH" "$API/records/$SECRET_ID/links"
req "assign a task" 201 -H "$AUTH" -H "$JSON" -d "{\"record\": $INC_ID, \"leadUnit\": \"Phòng TCCB\", \"coopUnits\": [\"Văn phòng\"], \"dueDate\": \"2030-12-31\"}" "$API/tasks"
TASK=$(jq -r .id "$WORK/body")
req "a task with a bad due date is 400" 400 -H "$AUTH" -H "$JSON" -d "{\"record\": $INC_ID, \"leadUnit\": \"X\", \"dueDate\": \"31/31/2030\"}" "$API/tasks"
req "update its progress" 200 -H "$AUTH" -H "$JSON" -X PATCH -d '{"progress": 50, "status": "in_progress"}' "$API/tasks/$TASK"
body_has "progress 50, in progress" '.progress == 50 and .status == "in_progress"'
req "progress over 100 is 400" 400 -H "$AUTH" -H "$JSON" -X PATCH -d '{"progress": 500}' "$API/tasks/$TASK"
req "a missing task is 404" 404 -H "$AUTH" -H "$JSON" -X PATCH -d '{"progress": 5}' "$API/tasks/999999"
req "tasks of the record" 200 -H "$OAUTH" "$API/tasks?record=$INC_ID"
body_has "one task" ".tasks | length == 1"

# ---- compliance, statistics ----------------------------------------------------
req "the compliance check as JSON" 200 -H "$AUTH" "$API/compliance"
body_has "rules with status and findings with severity" '(.tables.rules | length) >= 10 and (.tables.rules[0] | has("status") and has("findings")) and ([.tables.findings[].severity] - ["error", "warning", "info"] == [])'
req "an officer may not run the compliance check (403)" 403 -H "$OAUTH" "$API/compliance"
req "compliance as clearance 3" 200 -H "$AUTH" "$API/compliance"
body_has "a finding names the secret record (clearance 3)" "[.tables.findings[] | select(.object | startswith(\"record $SECRET_ID \") or . == \"record $SECRET_ID\")] | length >= 1"
req "compliance as a clearance-0 archivist" 200 -H "$LOWAUTH" "$API/compliance"
body_has "no finding names the secret record (clearance 0)" "[.tables.findings[] | select(.object | startswith(\"record $SECRET_ID \") or . == \"record $SECRET_ID\")] | length == 0"
req "a compliance export for clearance 0" 200 -H "$LOWAUTH" "$API/compliance?format=csv"
grep -q "record $SECRET_ID\b" "$WORK/body" && notok "http: the clearance-0 export names the secret record" || ok "http: the clearance-0 export does not name the secret record"
[ "$(ctype -H "$AUTH" "$API/compliance?format=csv")" = "text/csv; charset=utf-8" ] && ok "http: compliance as CSV" || notok "http: compliance csv"
ctype -H "$AUTH" "$API/compliance?format=xlsx" >/dev/null
[ "$(head -c 2 "$WORK/body")" = PK ] && ok "http: compliance as XLSX" || notok "http: compliance xlsx"
req "compliance in text format is 400" 400 -H "$AUTH" "$API/compliance?format=text"
req "compliance with a bad year is 400" 400 -H "$AUTH" "$API/compliance?year=99"
req "statistics as JSON" 200 -H "$OAUTH" "$API/statistics"
body_has "volume per month and digitisation" '([.tables.volume[] | select(.month == "2024-08" and .outgoing == "1")] | length) == 1 and (.tables.digitisation | length) >= 1'
[ "$(ctype -H "$AUTH" "$API/statistics?format=html")" = "text/html; charset=utf-8" ] && grep -q '<svg' "$WORK/body" && ok "http: statistics as HTML with charts" || notok "http: statistics html"
req "statistics as clearance 3" 200 -H "$AUTH" "$API/statistics"
body_has "the secret stale record is listed for clearance 3" "[.tables.stale[] | select(.record == \"$INCS_ID\")] | length == 1"
req "statistics as clearance 0" 200 -H "$OAUTH" "$API/statistics"
body_has "the secret stale record is left out for clearance 0" "([.tables.stale[] | select(.record == \"$INCS_ID\")] | length == 0) and ([.. | strings] | index(\"Công văn mật tồn đọng\") == null)"
req "a statistics export for clearance 0" 200 -H "$OAUTH" "$API/statistics?format=csv"
grep -q "Công văn mật tồn đọng" "$WORK/body" && notok "http: the clearance-0 statistics export lists the secret record" || ok "http: the clearance-0 statistics export leaves the secret record out"
req "the same export for clearance 3" 200 -H "$AUTH" "$API/statistics?format=csv"
req "statistics from after to is 400" 400 -H "$OAUTH" "$API/statistics?from=2025-01-01&to=2024-01-01"
[ "$(sql "SELECT count(*) FROM audit_log WHERE action = 'export' AND object = 'compliance'")" -ge 2 ] && ok "http: compliance exports are audited" || notok "http: compliance exports not audited"

# ---- packages -------------------------------------------------------------------
B2=$(blob_files)
req "export the dossier as a package" 200 -H "$AUTH" -H "$JSON" -d "{\"dossiers\": [\"$D\"]}" "$API/packages"
cp "$WORK/body" "$WORK/pkg.zip"
[ "$(head -c 2 "$WORK/pkg.zip")" = PK ] && ok "http: the package is a zip" || notok "http: package not a zip"
req "validate the package" 200 -H "$AUTH" -F "file=@$WORK/pkg.zip" "$API/packages/validate"
body_has "valid, with its counts" '.valid and .summary.dossiers == 1 and .summary.files > 0'
printf 'not a package' >"$WORK/junk.zip"
req "a junk package is refused" 415 -H "$AUTH" -F "file=@$WORK/junk.zip" "$API/packages/validate"
body_has "the error names the file, not a server path" '(.error.message | test("junk.zip")) and (.error.message | test("/tmp|blobs") | not)'
[ "$(blob_files)" = "$B2" ] && [ -z "$(find "$LUUTRU_DATA/blobs/tmp" -mindepth 1 2>/dev/null)" ] && ok "http: package export/validate stored nothing" || notok "http: packages left files"
req "a package of the secret dossier as clearance 0 is 404" 404 -H "$LOWAUTH" -H "$JSON" -d "{\"dossiers\": [\"$SD\"]}" "$API/packages"
req "a package without dossiers is 400" 400 -H "$AUTH" -H "$JSON" -d '{"dossiers": []}' "$API/packages"

# ---- batch import -----------------------------------------------------------------
req "upload a batch (202 + import to poll)" 202 -H "$AUTH" -F "file=@$WORK/batch.tar.gz" "$API/imports"
IMPORT=$(jq -r .id "$WORK/body")
istate=
i=0
while [ $i -lt 100 ]; do
	istate=$(curl -s -H "$AUTH" "$API/imports/$IMPORT" | jq -r .state)
	[ "$istate" = running ] || break
	sleep 0.2
	i=$((i + 1))
done
req "the import's report" 200 -H "$AUTH" "$API/imports/$IMPORT"
body_has "done: 2 of 2 imported" '.state == "done" and .done == 2 and .total == 2 and .report.imported == 2 and .report.failed == 0'
[ "$(sql "SELECT count(*) FROM records WHERE doc_id LIKE 'HTTP.%'")" = 2 ] && ok "http: the batch's records are in the catalog" || notok "http: batch records missing"
req "a batch that is not an archive is accepted, then fails" 202 -H "$AUTH" -F "file=@$WORK/junk.zip" "$API/imports"
JUNK=$(jq -r .id "$WORK/body")
i=0
while [ $i -lt 100 ] && [ "$(curl -s -H "$AUTH" "$API/imports/$JUNK" | jq -r .state)" = running ]; do sleep 0.2; i=$((i + 1)); done
req "the failed import" 200 -H "$AUTH" "$API/imports/$JUNK"
body_has "failed, with a message naming the file" '.state == "failed" and (.error.message | test("junk.zip"))'
req "a batch as JSON is 415" 415 -H "$AUTH" -H "$JSON" -d '{}' "$API/imports"
req "an officer may not import (403)" 403 -H "$OAUTH" -F "file=@$WORK/batch.tar.gz" "$API/imports"
req "a missing import is 404" 404 -H "$AUTH" "$API/imports/999999"

# ---- disposition and transfer, carried out ------------------------------------
printf 'approver-pass-1\n' | "$LUUTRU" user add lanhdao --role approver --clearance 3 --password-stdin >/dev/null
APAUTH="Authorization: Bearer $("$LUUTRU" user token lanhdao)"
req "close the 20-year dossier again" 200 -H "$AUTH" -X POST "$API/dossiers/$D/close"
req "in 2100 it is a disposition candidate" 200 -H "$AUTH" "$API/disposition/candidates?date=2100-01-01"
body_has "the expired dossier is a candidate" "[.dossiers[] | select(. == $D)] | length == 1"
req "propose it for destruction" 201 -H "$AUTH" -H "$JSON" -d "{\"dossiers\": [$D], \"explanation\": \"hết thời hạn bảo quản\"}" "$API/disposition?date=2100-01-01"
BATCH=$(jq -r .id "$WORK/body")
req "the destruction lists" 200 -H "$AUTH" "$API/disposition"
body_has "the new list is proposed, with its explanation and dossier count" "[.lists[] | select(.id == $BATCH and .state == \"proposed\" and .explanation == \"hết thời hạn bảo quản\" and .dossierCount == 1 and .decisionNo == null)] | length == 1"
req "one destruction list" 200 -H "$AUTH" "$API/disposition/$BATCH"
body_has "it names its dossier, and has no record yet" ".state == \"proposed\" and .dossiers[0].id == $D and .dossiers[0].retention == \"20 năm\" and .dossiers[0].year == 2024 and .hasReport == false and (has(\"report\") | not)"
req "an approver reads the list" 200 -H "$APAUTH" "$API/disposition/$BATCH"
req "an officer may not read the lists (403)" 403 -H "$OAUTH" "$API/disposition"
req "an officer may not read a list (403)" 403 -H "$OAUTH" "$API/disposition/$BATCH"
req "a missing list is 404" 404 -H "$AUTH" "$API/disposition/999999"
req "a list that is no number is 404" 404 -H "$AUTH" "$API/disposition/abc"
req "an unknown state is 400" 400 -H "$AUTH" "$API/disposition?state=gone"
req "the proposed lists" 200 -H "$AUTH" "$API/disposition?state=proposed"
body_has "only proposed ones" "([.lists[] | select(.state != \"proposed\")] | length == 0) and ([.lists[] | select(.id == $BATCH)] | length == 1)"
# a list holding the secret dossier (written directly: this is about reading)
sql "INSERT INTO disposition_batches (id, explanation, proposed_by) VALUES (900, 'canaryhttpmatlist', 'vanthu'); INSERT INTO disposition_items (batch_id, dossier_id) VALUES (900, $SD)"
req "clearance 3 sees a list with a secret dossier" 200 -H "$AUTH" "$API/disposition/900"
req "clearance 0 does not (404)" 404 -H "$LOWAUTH" "$API/disposition/900"
grep -q canaryhttpmat "$WORK/body" && notok "http: the 404 says nothing of the list" || ok "http: the 404 says nothing of the list"
req "clearance 0 lists the lists" 200 -H "$LOWAUTH" "$API/disposition"
body_has "without the list holding a secret dossier" "([.lists[] | select(.id == 900)] | length == 0) and ([.lists[] | select(.id == $BATCH)] | length == 1)"
sql "DELETE FROM disposition_items WHERE batch_id = 900; DELETE FROM disposition_batches WHERE id = 900"
req "executing before approval is refused" 409 -H "$AUTH" -H "$JSON" -d '{"handover": "Giao Công ty Môi trường đô thị hủy bằng nghiền"}' "$API/disposition/$BATCH/execute?date=2100-01-01"
req "the approver approves it" 200 -H "$APAUTH" -H "$JSON" -d '{"decisionNo": "12/QĐ-SNV", "decisionDate": "2099-12-01", "minutes": "Biên bản họp hội đồng", "appraisal": "Công văn số 120/SNV-CCVTLT của Sở Nội vụ"}' "$API/disposition/$BATCH/approve"
req "execute it" 200 -H "$AUTH" -H "$JSON" -d '{"handover": "Giao Công ty Môi trường đô thị hủy bằng nghiền"}' "$API/disposition/$BATCH/execute?date=2100-01-01"
body_has "executed, with a link to the destruction record" ".state == \"executed\" and .report == \"/api/v1/disposition/$BATCH/report\""
req "the executed list" 200 -H "$AUTH" "$API/disposition/$BATCH"
body_has "executed, with the decision, hand-over and its record" ".state == \"executed\" and .decisionNo == \"12/QĐ-SNV\" and .approvedBy == \"lanhdao\" and .handover == \"Giao Công ty Môi trường đô thị hủy bằng nghiền\" and .report == \"/api/v1/disposition/$BATCH/report\" and .dossiers[0].status == \"destroyed\""
req "the executed lists" 200 -H "$AUTH" "$API/disposition?state=executed"
body_has "the list is among them" "[.lists[] | select(.id == $BATCH)] | length == 1"
[ "$(ctype -H "$AUTH" "$API/disposition/$BATCH/report")" = "text/html; charset=utf-8" ] && grep -q '12/QĐ-SNV' "$WORK/body" && ok "http: the destruction record names the decision" || notok "http: destruction record"
[ "$(sql "SELECT status FROM dossiers WHERE id = $D")" = destroyed ] && ok "http: the dossier is destroyed" || notok "http: dossier status after disposition"
"$LUUTRU" dossier archive "$SD" >/dev/null
req "transfer the permanent dossier to the historical archive" 201 -H "$AUTH" -H "$JSON" -d "{\"dossiers\": [$SD], \"receiver\": \"Lưu trữ lịch sử tỉnh\"}" "$API/transfers"
TID=$(jq -r .id "$WORK/body")
body_has "the answer links the three outputs" ".downloads.package == \"/api/v1/transfers/$TID/package\" and .dossiers == 1"
req "download the transfer package" 200 -H "$AUTH" "$API/transfers/$TID/package"
[ "$(head -c 2 "$WORK/body")" = PK ] && ok "http: the transfer package is a zip" || notok "http: transfer package"
[ "$(ctype -H "$AUTH" "$API/transfers/$TID/handover")" = "text/html; charset=utf-8" ] && ok "http: the hand-over record as HTML" || notok "http: hand-over record"
req "an unknown transfer file is 404" 404 -H "$AUTH" "$API/transfers/$TID/secrets"

# ---- the language of errors follows the request, not the server ------------------
req "Accept-Language: en" 404 -H "$AUTH" -H "Accept-Language: en-GB,en;q=0.9" "$API/dossiers/999999"
body_has "English message" '.error.message == "no such dossier: 999999"'
[ "$(curl -s -o /dev/null -w '%header{content-language}' -H "$AUTH" -H "Accept-Language: en" "$API/dossiers/999999")" = en ] && ok "http: Content-Language: en" || notok "http: Content-Language"
req "no language asked: the server's (Vietnamese)" 404 -H "$AUTH" "$API/dossiers/999999"
body_has "Vietnamese message" '.error.message == "không tìm thấy hồ sơ 999999"'
req "?lang=vi wins over Accept-Language" 404 -H "$AUTH" -H "Accept-Language: en" "$API/dossiers/999999?lang=vi"
body_has "Vietnamese by ?lang" '.error.message | test("^không tìm thấy")'
req "the web UI's lt_lang cookie" 404 -H "$AUTH" -b "lt_lang=en" "$API/dossiers/999999"
body_has "English by cookie" '.error.message | test("^no such dossier")'
req "q-values: vi preferred over en" 400 -H "$JSON" -H "Accept-Language: en;q=0.3, vi;q=0.8" -d '{"login": 1' "$API/auth/login"
body_has "Vietnamese by q-value" '.error.message | test("JSON không hợp lệ")'
req "a body error in English" 400 -H "$JSON" -H "Accept-Language: en-US" -d '{"login": 1' "$API/auth/login"
body_has "English body error" '.error.message | test("^malformed JSON")'
req "a role refusal in English" 403 -H "$OAUTH" -H "Accept-Language: en" "$API/compliance"
body_has "English role refusal" '.error.message == "your role may not do this"'
req "a library error in English (the catalog row)" 400 -H "$AUTH" -H "Content-Type: text/csv" -H "Accept-Language: en" --data-binary "@$WORK/bad25.csv" "$API/catalogs/2026/import"
body_has "English library message" '.error.message | test("row 2")'
req "right after, the same thread answers in Vietnamese again" 404 -H "$AUTH" "$API/dossiers/999999"
body_has "no language leaks between requests" '.error.message | test("^không tìm thấy")'

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
[ "$nroutes" -ge 45 ] && ok "http: openapi.yaml documents $nroutes routes" || notok "http: openapi.yaml has $nroutes routes"
bad=0
while read -r path method codes; do
	p=$(echo "$path" | sed "s/{id}/$REC/; s/{sha256}/$SHA/; s/{job}/$JOB/; s/{dossier}/$D/; s/{task}/$TASK/;
		s/{code}/DI/; s/{year}/2024/; s/{hold}/999999/; s/{batch}/999999/; s/{transfer}/999999/;
		s/{file}/package/; s/{import}/$IMPORT/; s/{login}/canbo/; s/{page}/1/")
	m=$(echo "$method" | tr a-z A-Z)
	st=$(curl -s -o /dev/null -w '%{http_code}' -X "$m" -H "$AUTH" "$URL$p?q=hoso")
	case " $codes " in *" $st "*) ;; *) bad=$((bad + 1)); echo "#   $m $path answered $st, documented:$codes" ;; esac
	[ "$st" = 404 ] && [ "$(curl -s -X "$m" -H "$AUTH" "$URL$p?q=hoso" | jq -r .error.code)" = not_found ] &&
		! echo "$codes" | grep -q 404 && bad=$((bad + 1))
done <"$WORK/routes"
[ $bad -eq 0 ] && ok "http: every documented route exists and answers a documented status" || notok "http: $bad documented routes disagree"
# and every route of the server is documented
for r in "/api/v1/health get" "/api/v1/auth/login post" "/api/v1/auth/logout post" "/api/v1/me get" \
	"/api/v1/records post" "/api/v1/records/{id} get" "/api/v1/records/{id} patch" \
	"/api/v1/records/{id}/files/{sha256} get" \
	"/api/v1/jobs/{job} get" "/api/v1/search get" \
	"/api/v1/records/{id}/links get" "/api/v1/records/{id}/links post" "/api/v1/tasks get" \
	"/api/v1/tasks post" "/api/v1/tasks/{task} patch" "/api/v1/dossiers get" "/api/v1/dossiers post" \
	"/api/v1/dossiers/{dossier} get" "/api/v1/dossiers/{dossier}/toc get" \
	"/api/v1/dossiers/{dossier}/records post" "/api/v1/dossiers/{dossier}/close post" \
	"/api/v1/dossiers/{dossier}/reopen post" "/api/v1/registers get" "/api/v1/registers/{code}/{year} get" \
	"/api/v1/catalogs get" "/api/v1/catalogs/{year} get" "/api/v1/catalogs/{year}/import post" \
	"/api/v1/catalogs/{year}/finalize post" \
	"/api/v1/retention/due get" "/api/v1/retention/schedule get" "/api/v1/holds get" "/api/v1/holds post" \
	"/api/v1/holds/{hold}/release post" "/api/v1/disposition/candidates get" "/api/v1/disposition post" \
	"/api/v1/disposition get" "/api/v1/disposition/{batch} get" \
	"/api/v1/disposition/{batch}/approve post" "/api/v1/disposition/{batch}/execute post" \
	"/api/v1/disposition/{batch}/report get" "/api/v1/transfers/candidates get" "/api/v1/transfers post" \
	"/api/v1/transfers/{transfer}/{file} get" "/api/v1/compliance get" "/api/v1/statistics get" \
	"/api/v1/imports post" "/api/v1/imports/{import} get" "/api/v1/packages post" \
	"/api/v1/packages/validate post" "/api/v1/users get" "/api/v1/users post" \
	"/api/v1/users/{login} patch" "/api/v1/users/{login}/password post" \
	"/api/v1/users/{login}/tokens post" "/api/v1/ocr/review get" \
	"/api/v1/records/{id}/pages/{page}/text put"; do
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
# Search entries are written by a background writer (docs/audit.md): the
# last searches before a SIGTERM are in the log once the server has stopped.
for n in $(seq 1 20); do curl -s -o /dev/null -H "$OAUTH" "$API/search?q=termcheck$n"; done
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
[ "$(sql "SELECT count(DISTINCT detail) FROM audit_log WHERE action = 'search' AND detail LIKE 'termcheck%'")" = 20 ] &&
	ok "http: the searches just before SIGTERM are all in the audit log" ||
	notok "http: search entries lost at stop ($(sql "SELECT count(*) FROM audit_log WHERE action = 'search' AND detail LIKE 'termcheck%'"))"
run verify --audit
expect_rc "http: the audit chain verifies after the stop" 0
run search zyxwvumat --json
expect_rc "http: the index is usable after the stop" 0

# ---- the search cache's keys: saved at the stop, warming the next start ------
KEYS="$LUUTRU_DATA/search-cache.keys"
[ -f "$KEYS" ] && [ "$(stat -c %a "$KEYS")" = 600 ] && grep -aq 'termcheck20' "$KEYS" &&
	ok "http: the search keys are saved at the stop (mode 600)" || notok "http: search keys not saved"
LUUTRU_LOG=info "$LUUTRU" serve --listen 127.0.0.1:0 --threads 2 \
	--ready-file "$WORK/ready2" >"$WORK/serve2.out" 2>"$WORK/serve2.err" &
SERVER=$!
i=0
while [ ! -s "$WORK/ready2" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
kill -TERM $SERVER
wait $SERVER
grep -Eq 'search cache: [0-9]+ searches of the last run queued to warm it' "$WORK/serve2.err" &&
	grep -Eq 'search cache: warmed in [0-9.]+ s$' "$WORK/serve2.err" &&
	grep -Eq 'search cache: 0 hits, 0 stale, 0 misses, [1-9][0-9]* refreshed, [1-9][0-9]* entries' "$WORK/serve2.err" &&
	ok "http: a restart computes the last run's searches before any request" ||
	notok "http: no warm start: $(grep 'search cache' "$WORK/serve2.err" | tr '\n' ' ')"
