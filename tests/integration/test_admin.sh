#!/bin/sh
# tests/integration/test_admin.sh — the administrator's users and the OCR
# review over HTTP, against a real `luutru serve` on loopback (curl), and
# the same acts at the command line (`user set`, `ocr correct`):
#   - users routes are the administrator's: other roles get 403 from the
#     rule of archive/users.c, the CLI acting as them alike;
#   - add (password rules), change role/clearance, reset password, a token
#     shown once that works; every change audited;
#   - the last enabled administrator cannot be disabled or demoted, nor an
#     administrator themself; disabling ends the user's session;
#   - a reviewer's correction of a page (real Tesseract text): history
#     kept, search finds the corrected word and no longer the wrong one,
#     the page leaves the review list; a secret record's page is absent
#     from a clearance-0 reader's list.
. "${LUUTRU_SRC:-$(pwd)}/tests/integration/lib.sh"
[ -x "$LUUTRU" ] || { notok "admin: no luutru binary at $LUUTRU (set LUUTRU_BIN)"; exit 1; }
need_tools admin curl jq sqlite3

run init
expect_rc "admin: init" 0
echo "isolated = true" >>"$LUUTRU_DATA/luutru.conf"
adduser quantri admin 3
adduser vanthu archivist 0
adduser canbo officer 0
adduser thanhtra inspector 3

# A page Tesseract reads below the quality threshold, twice: a public record
# and a Tối mật copy (the same scan under another name).
cp "$SRC/samples/nb-02-foot.png" "$WORK/foot.png"
cp "$SRC/samples/nb-02-foot.png" "$WORK/foot-mat.png"
run ingest "$WORK/foot.png" --meta subject="Bản lưu số một" --json
REC=$(jqo '.records[0].id')
run ingest "$WORK/foot-mat.png" --meta subject="Bản sao mật" --meta secrecy=2 --json
SEC=$(jqo '.records[0].id')
[ -n "$REC" ] && [ -n "$SEC" ] && [ "$(sql "SELECT count(*) FROM pages WHERE source = 0")" = 2 ] &&
	ok "admin: two recognised scans" || { notok "admin: OCR setup"; exit 1; }

"$LUUTRU" serve --listen 127.0.0.1:0 --threads 4 --ready-file "$WORK/ready" \
	>"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
i=0
while [ ! -s "$WORK/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
URL=$(cat "$WORK/ready" 2>/dev/null)
case "$URL" in http://127.0.0.1:*) ok "admin: server listens" ;;
*) notok "admin: server did not start"; sed 's/^/#   /' "$WORK/serve.err"; exit 1 ;; esac
API="$URL/api/v1"
JSON="Content-Type: application/json"

req() { # NAME EXPECTED_STATUS CURL_ARGS...: body in $WORK/body
	_name=$1 _want=$2
	shift 2
	ST=$(curl -s -o "$WORK/body" -w '%{http_code}' "$@")
	if [ "$ST" = "$_want" ]; then ok "admin: $_name"; else
		notok "admin: $_name (status $ST, expected $_want)"; head -c 300 "$WORK/body" | sed 's/^/#   /'; echo
	fi
}
body_has() { # NAME JQ_FILTER (must print true)
	if [ "$(jq -r "$2" "$WORK/body" 2>/dev/null)" = true ]; then ok "admin: $1"; else
		notok "admin: $1"; head -c 300 "$WORK/body" | sed 's/^/#   /'; echo
	fi
}
tok() { echo "Authorization: Bearer $(cat "$WORK/token-$1")"; }
audits() { sql "SELECT count(*) FROM audit_log WHERE action = '$1' AND object = '$2'"; }

# ---- the users routes are the administrator's -----------------------------
req "the list as admin" 200 -H "$(tok quantri)" "$API/users"
body_has "the list has every user, role and clearance, no secret" \
	'(.users | length == 4) and (.users[] | select(.login == "canbo") | .role == "officer" and .clearance == 0 and .disabled == false) and ([.. | strings | select(test("scrypt|^[0-9a-f]{64}$"))] | length == 0) and ([.users[] | keys[]] | index("passwordHash") == null)'
for u in vanthu canbo thanhtra; do
	req "the list as $u is 403" 403 -H "$(tok $u)" "$API/users"
	req "adding as $u is 403" 403 -H "$(tok $u)" -H "$JSON" \
		-d '{"login":"x1","password":"mat-khau-dai","role":"admin","clearance":3}' "$API/users"
	req "changing as $u is 403" 403 -H "$(tok $u)" -H "$JSON" -X PATCH -d '{"clearance":3}' "$API/users/$u"
	req "a password as $u is 403" 403 -H "$(tok $u)" -H "$JSON" -d '{"password":"mat-khau-moi-9"}' "$API/users/quantri/password"
	req "a token as $u is 403" 403 -H "$(tok $u)" -H "$JSON" -d '{}' "$API/users/quantri/tokens"
done
[ "$(sql "SELECT count(*) FROM users WHERE login = 'x1' OR clearance = 3 AND login IN ('vanthu','canbo')")" = 0 ] &&
	ok "admin: refused changes changed nothing" || notok "admin: a refused change was written"
# the same rule at the command line, acting as the officer
run_as canbo user list --json; expect_rc "admin: user list as an officer is refused (exit 7)" 7
run_as canbo user set canbo --clearance 3; expect_rc "admin: user set as an officer is refused" 7

# ---- add, sign in, change, password, token ---------------------------------
req "a short password is refused" 400 -H "$(tok quantri)" -H "$JSON" \
	-d '{"login":"moi","password":"ngan","role":"officer","clearance":0}' "$API/users"
req "a bad login is refused" 400 -H "$(tok quantri)" -H "$JSON" \
	-d '{"login":"có dấu","password":"mat-khau-dai","role":"officer","clearance":0}' "$API/users"
req "a bad role is refused" 400 -H "$(tok quantri)" -H "$JSON" \
	-d '{"login":"moi","password":"mat-khau-dai","role":"boss","clearance":0}' "$API/users"
req "add a user" 201 -H "$(tok quantri)" -H "$JSON" \
	-d '{"login":"moi","password":"mat-khau-dai-1","role":"officer","clearance":1,"fullName":"Lê Thị Mới","department":"Phòng Nội vụ"}' "$API/users"
body_has "the new user as listed" '.login == "moi" and .role == "officer" and .clearance == 1 and .fullName == "Lê Thị Mới" and .lastLoginAt == null'
req "a taken login is 409" 409 -H "$(tok quantri)" -H "$JSON" \
	-d '{"login":"moi","password":"mat-khau-dai-1","role":"officer","clearance":1}' "$API/users"
[ "$(audits user_add moi)" = 1 ] && ok "admin: the addition is audited" || notok "admin: user_add audit"
req "the new user signs in" 200 -c "$WORK/jar-moi" -H "$JSON" -d '{"login":"moi","password":"mat-khau-dai-1"}' "$API/auth/login"
req "their session works" 200 -b "$WORK/jar-moi" "$API/me"
req "the last sign-in is listed" 200 -H "$(tok quantri)" "$API/users"
body_has "lastLoginAt set" '.users[] | select(.login == "moi") | .lastLoginAt | test("^20[0-9][0-9]-")'
req "change role and clearance" 200 -H "$(tok quantri)" -H "$JSON" -X PATCH \
	-d '{"role":"archivist","clearance":2,"department":null}' "$API/users/moi"
body_has "the change as listed" '.role == "archivist" and .clearance == 2 and .department == null and .fullName == "Lê Thị Mới"'
[ "$(sql "SELECT detail FROM audit_log WHERE action = 'user_change' AND object = 'moi'")" = "role=archivist clearance=2 department" ] &&
	ok "admin: the change is audited" || notok "admin: user_change audit"
req "an unknown field is 400" 400 -H "$(tok quantri)" -H "$JSON" -X PATCH -d '{"rol":"admin"}' "$API/users/moi"
req "an unknown user is 404" 404 -H "$(tok quantri)" -H "$JSON" -X PATCH -d '{"clearance":1}' "$API/users/khongco"
req "reset the password" 200 -H "$(tok quantri)" -H "$JSON" -d '{"password":"mat-khau-moi-22"}' "$API/users/moi/password"
req "the old password no longer works" 401 -H "$JSON" -d '{"login":"moi","password":"mat-khau-dai-1"}' "$API/auth/login"
req "the new one does" 200 -H "$JSON" -d '{"login":"moi","password":"mat-khau-moi-22"}' "$API/auth/login"
[ "$(audits user_passwd moi)" = 1 ] && ok "admin: the reset is audited" || notok "admin: user_passwd audit"
req "a new token" 201 -H "$(tok quantri)" -H "$JSON" -d '{"label":"máy quét"}' "$API/users/moi/tokens"
NEWTOK=$(jq -r .token "$WORK/body")
[ ${#NEWTOK} = 64 ] && [ "$(sql "SELECT count(*) FROM api_tokens WHERE token_hash = '$NEWTOK'")" = 0 ] &&
	ok "admin: the token is shown once and only its hash is kept" || notok "admin: token shape"
req "the token works" 200 -H "Authorization: Bearer $NEWTOK" "$API/me"
body_has "as the user" '.user.login == "moi" and .user.role == "archivist"'
req "the list does not show it again" 200 -H "$(tok quantri)" "$API/users"
grep -q "$NEWTOK" "$WORK/body" && notok "admin: the token is listed" || ok "admin: the token is not listed"
[ "$(audits token_new moi)" = 1 ] && ok "admin: the token is audited" || notok "admin: token_new audit"

# ---- guard rails -------------------------------------------------------------
req "the last admin cannot be disabled" 409 -H "$(tok quantri)" -H "$JSON" -X PATCH -d '{"disabled":true}' "$API/users/quantri"
req "nor demoted" 409 -H "$(tok quantri)" -H "$JSON" -X PATCH -d '{"role":"officer"}' "$API/users/quantri"
run user set quantri --role officer; expect_rc "admin: nor demoted at the command line" 7
printf 'admin2-matkhau\n' | "$LUUTRU" user add admin2 --role admin --clearance 3 --password-stdin >/dev/null
req "an admin cannot disable themself" 409 -H "$(tok quantri)" -H "$JSON" -X PATCH -d '{"disabled":true}' "$API/users/quantri"
[ "$(sql "SELECT role || disabled FROM users WHERE login = 'quantri'")" = admin0 ] &&
	ok "admin: the administrator is unchanged" || notok "admin: the guard let a change through"
req "disable a user with a live session" 200 -H "$(tok quantri)" -H "$JSON" -X PATCH -d '{"disabled":true}' "$API/users/moi"
req "their session has ended" 401 -b "$WORK/jar-moi" "$API/me"
req "their token too" 401 -H "Authorization: Bearer $NEWTOK" "$API/me"
req "they cannot sign in" 401 -H "$JSON" -d '{"login":"moi","password":"mat-khau-moi-22"}' "$API/auth/login"
[ "$(audits user_disable moi)" = 1 ] && ok "admin: the lock is audited" || notok "admin: user_disable audit"
req "enable again" 200 -H "$(tok quantri)" -H "$JSON" -X PATCH -d '{"disabled":false}' "$API/users/moi"
req "and they sign in" 200 -H "$JSON" -d '{"login":"moi","password":"mat-khau-moi-22"}' "$API/auth/login"

# ---- OCR review ----------------------------------------------------------------
req "the review list as the archivist (clearance 0)" 200 -H "$(tok vanthu)" "$API/ocr/review?threshold=100"
body_has "the public page is there, the Tối mật one is not" \
	"([.pages[] | select(.record == $REC and .page == 1)] | length == 1) and ([.pages[] | select(.record == $SEC)] | length == 0) and (.pages[0].quality | type == \"number\")"
grep -q "Bản sao mật" "$WORK/body" && notok "admin: the secret title leaks" || ok "admin: no word of the secret record"
req "an inspector of clearance 3 sees both" 200 -H "$(tok thanhtra)" "$API/ocr/review?threshold=100"
body_has "both pages" "[.pages[] | select(.record == $REC or .record == $SEC)] | length == 2"
req "an officer may not read the list" 403 -H "$(tok canbo)" "$API/ocr/review"
req "a bad threshold is 400" 400 -H "$(tok vanthu)" "$API/ocr/review?threshold=abc"

# The word to correct: a word of the recognised text found only in this
# record (for a clearance-0 reader).
# (folded as search folds it: no diacritics, đ = d, any case).
sql "SELECT text FROM pages WHERE record_id = $REC AND page_no = 1" >"$WORK/ocr.txt"
OLD=$(python3 - "$WORK/ocr.txt" <<'PY'
import re, sys, unicodedata
def fold(w):
    w = unicodedata.normalize("NFD", w.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in w if not unicodedata.combining(c))
words = re.findall(r"\w+", open(sys.argv[1], encoding="utf-8").read())
folded = [fold(w) for w in words]
for w in words:
    if len(w) >= 4 and not re.search(r"\d", w) and folded.count(fold(w)) == 1:
        print(w)
        break
PY
)
curl -s -o "$WORK/body" -H "$(tok canbo)" "$API/search?q=$(printf '%s' "$OLD" | jq -sRr @uri)"
[ -n "$OLD" ] && [ "$(jq .total "$WORK/body")" = 1 ] && ok "admin: before: search finds '$OLD'" ||
	notok "admin: before: search for '$OLD': $(jq -c .total "$WORK/body")"
NEWTEXT=$(sql "SELECT text FROM pages WHERE record_id = $REC AND page_no = 1" | sed "s/$OLD/Hiệuđínhxyz/")
jq -n --arg t "$NEWTEXT" '{text: $t}' >"$WORK/fix.json"
req "an officer may not correct" 403 -H "$(tok canbo)" -H "$JSON" -X PUT -d @"$WORK/fix.json" "$API/records/$REC/pages/1/text"
req "the archivist may not correct what they cannot see" 404 -H "$(tok vanthu)" -H "$JSON" -X PUT -d @"$WORK/fix.json" "$API/records/$SEC/pages/1/text"
req "a page that is not there is 404" 404 -H "$(tok vanthu)" -H "$JSON" -X PUT -d @"$WORK/fix.json" "$API/records/$REC/pages/7/text"
req "neither text nor confirm is 400" 400 -H "$(tok vanthu)" -H "$JSON" -X PUT -d '{"txt":"x"}' "$API/records/$REC/pages/1/text"
req "the archivist corrects the page" 200 -H "$(tok vanthu)" -H "$JSON" -X PUT -d @"$WORK/fix.json" "$API/records/$REC/pages/1/text"
body_has "changed and reviewed" '.changed == true and .reviewed == true'
[ "$(sql "SELECT count(*) FROM record_history WHERE record_id = $REC AND field = 'page:1' AND who = 'vanthu' AND old_value LIKE '%$OLD%' AND new_value LIKE '%Hiệuđínhxyz%'")" = 1 ] &&
	ok "admin: the history keeps who and the previous text" || notok "admin: history row"
[ "$(audits ocr_correct "$REC")" = 1 ] && ok "admin: the correction is audited" || notok "admin: ocr_correct audit"
run history "$REC" --json; expect_out "admin: luutru history shows the correction" 'page:1'
# the server's workers apply the index outbox: wait for the record to be reindexed
i=0
while [ "$(sql "SELECT count(*) FROM index_outbox")" != 0 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
curl -s -o "$WORK/body" -H "$(tok canbo)" "$API/search?q=hi%E1%BB%87u%C4%91%C3%ADnhxyz"
[ "$(jq .total "$WORK/body")" = 1 ] && [ "$(jq -r '.hits[0].id // .results[0].id' "$WORK/body")" = "$REC" ] &&
	ok "admin: search finds the corrected word" || notok "admin: search after correction: $(head -c 200 "$WORK/body")"
curl -s -o "$WORK/body" -H "$(tok canbo)" "$API/search?q=$(printf '%s' "$OLD" | jq -sRr @uri)"
[ "$(jq .total "$WORK/body")" = 0 ] && ok "admin: and no longer the wrong one" || notok "admin: '$OLD' still found"
req "the list after" 200 -H "$(tok vanthu)" "$API/ocr/review?threshold=100"
body_has "the page left the review list" "[.pages[] | select(.record == $REC)] | length == 0"

# ---- the same at the command line: ocr correct ---------------------------------
printf 'Văn bản sửa tay chuẩn xác\n' >"$WORK/page.txt"
run_as canbo ocr correct "$REC" 1 --text-file "$WORK/page.txt"; expect_rc "admin: ocr correct as an officer is refused" 7
run_as thanhtra ocr correct "$REC" 1 --confirm; expect_rc "admin: an inspector may not mark reviewed" 7
run ocr correct "$SEC" 1 --text-file "$WORK/page.txt" --json
expect_rc "admin: ocr correct (CLI)" 0
[ "$(jqo .changed)" = true ] && [ "$(sql "SELECT text FROM pages WHERE record_id = $SEC")" = "Văn bản sửa tay chuẩn xác" ] &&
	ok "admin: the CLI stored the text" || notok "admin: CLI correction"
run search "chuẩn xác" --json
[ "$(jqo .total)" = 1 ] && ok "admin: the CLI reindexed the record" || notok "admin: CLI reindex ($(jqo .total))"
run ocr correct "$SEC" 1; expect_rc "admin: ocr correct needs --text-file or --confirm" 2
run ocr review --threshold 100 --json
[ "$(jqo '.pages | length')" = 0 ] && ok "admin: nothing left to review" || notok "admin: review list: $(jqo -c .pages)"

kill $SERVER 2>/dev/null
wait $SERVER 2>/dev/null
echo "1..$_n"
