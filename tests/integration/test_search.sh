#!/bin/sh
# tests/integration/test_search.sh — the search options of the CLI, the
# JSON query form, GET and POST /api/v1/search: the same request in every
# form gives the same answer; facets, sort and pages; a secret record
# changes nothing for a user below its level; bad input is refused.
. "$(dirname "$0")/lib.sh"

need_tools search curl jq

run init
expect_rc "search: init" 0
echo "isolated = true" >>"$LUUTRU_DATA/luutru.conf"
mkdir -p "$WORK/batch"
cat >"$WORK/batch/manifest.jsonl" <<'J'
{"docId": "s-1", "typeName": "02", "codeNumber": "12", "codeNotation": "QĐ-UBND", "issuedDate": "2021-03-04", "organName": "UBND tỉnh Nam Định", "fileCode": "2021.HS01", "department": "Văn phòng", "subject": "Quyết định về hòa giải ở cơ sở", "text": "Quyết định ban hành quy chế hòa giải ở cơ sở."}
{"docId": "s-2", "typeName": "07", "codeNumber": "34", "codeNotation": "TB-UBND", "issuedDate": "2022-05-06", "organName": "UBND tỉnh Nam Định", "fileCode": "2022.HS02", "department": "Phòng Tư pháp", "subject": "Thông báo kết quả hòa giải", "text": "Thông báo kết quả công tác hòa giải năm 2022."}
{"docId": "s-3", "typeName": "02", "codeNumber": "56", "codeNotation": "QĐ-STP", "issuedDate": "2020-01-02", "organName": "Sở Tư pháp", "fileCode": "2020.HS03", "department": "Phòng Tư pháp", "subject": "Quyết định khen thưởng hòa giải viên", "text": "Khen thưởng hòa giải viên tiêu biểu."}
{"docId": "s-4", "typeName": "02", "codeNumber": "78", "codeNotation": "QĐ-UBND", "issuedDate": "2021-09-10", "organName": "UBND tỉnh Nam Định", "fileCode": "2021.HS01", "department": "Văn phòng", "secrecy": "2", "subject": "Quyết định mật về hòa giải", "text": "Phương án qzxmatrieng về hòa giải."}
J
run import "$WORK/batch" --json
[ "$(jq -r .imported "$WORK/out")" = 4 ] && ok "search: 4 records imported" || notok "search: import: $(head -c 300 "$WORK/out")"

# ---- CLI options are the query language's fields ---------------------------
ids() { jq -c '[.hits[].docId]' "$WORK/out"; }
run search hoa giai --clearance 0 --json
[ "$(jq .total "$WORK/out")" = 3 ] && ok "search: words, clearance 0: 3 of 4" || notok "search: total $(jq .total "$WORK/out")"
run search hoa giai --loai QĐ --nam 2021 --clearance 3 --json
a=$(ids)
run search "hoa giai loai:QĐ nam:2021" --clearance 3 --json
b=$(ids)
{ [ "$a" = '["s-1","s-4"]' ] || [ "$a" = '["s-4","s-1"]' ]; } && [ "$a" = "$b" ] &&
	ok "search: --loai --nam = loai: nam:" || notok "search: options $a vs $b"
run search --so 12 --json
[ "$(ids)" = '["s-1"]' ] && ok "search: --so alone is a query" || notok "search: --so: $(ids)"
run search --kyhieu QĐ-UBND --coquan "UBND tỉnh Nam Định" --clearance 0 --json
[ "$(ids)" = '["s-1"]' ] && ok "search: --kyhieu --coquan" || notok "search: --kyhieu --coquan: $(ids)"
run search --hoso 2021.HS01 --phong "Văn phòng" --clearance 3 --json
[ "$(jq .total "$WORK/out")" = 2 ] && ok "search: --hoso --phong" || notok "search: --hoso --phong: $(ids)"
run search --dept "Phòng Tư pháp" --ngay 2020-01-01..2020-12-31 --json
[ "$(ids)" = '["s-3"]' ] && ok "search: --dept --ngay FROM..TO" || notok "search: --dept --ngay: $(ids)"
run search hoa giai --sort date_desc --clearance 0 --json
[ "$(ids)" = '["s-2","s-1","s-3"]' ] && ok "search: --sort date_desc" || notok "search: date_desc: $(ids)"
run search hoa giai --sort date_asc --limit 1 --page 2 --clearance 0 --json
[ "$(ids)" = '["s-1"]' ] && [ "$(jq .offset "$WORK/out")" = 1 ] && [ "$(jq '.hits[0].rank' "$WORK/out")" = 2 ] &&
	ok "search: --sort date_asc --limit 1 --page 2" || notok "search: page 2: $(ids)"
run search hoa giai --facets all --clearance 0 --json
[ "$(jq -c '.facets.type' "$WORK/out")" = '[{"value":"02","label":"Quyết định","count":2},{"value":"07","label":"Thông báo","count":1}]' ] &&
	[ "$(jq -c '[.facets.year[].value]' "$WORK/out")" = '["2020","2021","2022"]' ] &&
	[ "$(jq -c '.facets.organ[0]' "$WORK/out")" = '{"value":"UBND tỉnh Nam Định","label":"UBND tỉnh Nam Định","count":2}' ] &&
	[ "$(jq '.facets.dossier | length' "$WORK/out")" = 3 ] &&
	ok "search: --facets all (type, year, organ, dossier with value, label, count)" ||
	notok "search: facets $(jq -c .facets "$WORK/out")"
run search hoa giai --facets year --clearance 3 --json
[ "$(jq -c '[.facets.year[] | select(.value == "2021") | .count]' "$WORK/out")" = '[2]' ] &&
	[ "$(jq -c '.facets | keys' "$WORK/out")" = '["year"]' ] &&
	ok "search: clearance 3 counts the secret record; only the facet asked for" || notok "search: facets at 3"
run search hoa giai --facets type,year
grep -q "type: Quyết định (3), Thông báo (1)" "$WORK/out" && ok "search: facets in the text output" || notok "search: text facets"

# ---- issue 20: query words as words, document numbers, abbreviations -------
run search hoa giai -thưởng --clearance 0 --json
[ "$(jq .total "$WORK/out")" = 2 ] && ! ids | grep -q s-3 &&
	ok "search: a word starting with - is a query word (leaves s-3 out)" || notok "search: -word: $(ids) $(cat "$WORK/err")"
run search hoa giai --bogus x
expect_rc "search: an unknown option is a usage error" 2
grep -q -- "--bogus" "$WORK/err" && ok "search: the error names the option given" || notok "search: error $(cat "$WORK/err")"
run search hoa --limit
grep -q -- "--limit" "$WORK/err" && ok "search: a missing value names its option" || notok "search: missing value $(cat "$WORK/err")"
for q in "12/QĐ-UBND" "số 12/QĐ-UBND" "12 QĐ-UBND" "12/QD-UBND"; do
	run search "$q" --clearance 0 --json
	[ "$(jq -r '.hits[0].docId' "$WORK/out")" = s-1 ] && ok "search: \"$q\" finds its record first" ||
		notok "search: \"$q\": $(ids)"
done
run search q*
expect_rc "search: a one-letter wildcard is refused" 2
grep -q "q\*" "$WORK/err" && ok "search: ... with a message naming it" || notok "search: q*: $(cat "$WORK/err")"
run search "coquan:Nam Định" --clearance 0 --json
[ "$(jq .total "$WORK/out")" = 2 ] && ok "search: coquan: matches words inside the issuer's name" || notok "search: coquan words: $(ids)"
printf '# our abbreviations\nKQHG\tkết quả hòa giải\n' >"$WORK/syn.tsv"
run synonyms import "$WORK/syn.tsv"
expect_rc "search: synonyms import" 0
run search KQHG --clearance 0 --json
[ "$(jq -r '.hits[0].docId' "$WORK/out")" = s-2 ] && ok "search: an imported abbreviation finds its expansion" || notok "search: KQHG: $(ids)"
run synonyms list --json
[ "$(jq -r '.agency[0].term' "$WORK/out")" = KQHG ] && [ "$(jq '.builtin | length > 100' "$WORK/out")" = true ] &&
	ok "search: synonyms list" || notok "search: synonyms list"
printf 'no separator\n' >"$WORK/bad.tsv"
run synonyms import "$WORK/bad.tsv"
expect_rc "search: a bad synonyms file is refused" 2
grep -q "bad.tsv:1" "$WORK/err" && ok "search: ... naming file and line" || notok "search: bad file: $(cat "$WORK/err")"

# ---- the JSON query form ---------------------------------------------------
cat >"$WORK/q.json" <<'J'
{"q": "hoa giai", "filters": {"loai": "02", "nam": 2021, "coquan": "UBND tỉnh Nam Định"},
 "sort": "date_desc", "offset": 0, "limit": 20, "facets": ["type", "year", "organ", "dossier"]}
J
run search --query-json "$WORK/q.json" --clearance 0 --json
j1=$(jq -c 'del(.hits[].score)' "$WORK/out")
run search "hoa giai" --loai 02 --nam 2021 --coquan "UBND tỉnh Nam Định" --sort date_desc --facets all --limit 20 --clearance 0 --json
[ "$j1" = "$(jq -c 'del(.hits[].score)' "$WORK/out")" ] && [ "$(jq .total "$WORK/out")" = 1 ] &&
	ok "search: --query-json FILE = the same options" || notok "search: JSON form differs"
"$LUUTRU" search --query-json - --clearance 0 --json <"$WORK/q.json" >"$WORK/out" 2>"$WORK/err"
[ "$j1" = "$(jq -c 'del(.hits[].score)' "$WORK/out")" ] && ok "search: --query-json - reads stdin" || notok "search: stdin"
echo '{"q": "hoa", "colour": 1}' >"$WORK/bad.json"
run search --query-json "$WORK/bad.json"
[ "$RC" -ne 0 ] && grep -q colour "$WORK/err" && ok "search: an unknown JSON key is named" || notok "search: bad JSON key"
echo '{"q": ' >"$WORK/bad.json"
run search --query-json "$WORK/bad.json"
[ "$RC" -ne 0 ] && [ "$RC" -lt 128 ] && ok "search: malformed JSON is refused" || notok "search: malformed JSON"
for bad in "--sort newest" "--facets colour" "--page 0" "--limit 0" "--nam 20x1" "--ngay 2021-12-31..2021-01-01" "--page 2 --offset 3"; do
	# shellcheck disable=SC2086
	run search hoa $bad
	[ "$RC" -ne 0 ] && [ "$RC" -lt 128 ] && [ -s "$WORK/err" ] || { notok "search: $bad accepted"; continue; }
	ok "search: $bad is refused"
done

# ---- HTTP: GET parameters and POST JSON ------------------------------------
printf 'reader-pass-1\n' | "$LUUTRU" user add doc --role officer --clearance 0 --password-stdin >/dev/null
printf 'boss-pass-1\n' | "$LUUTRU" user add sep --role archivist --clearance 3 --password-stdin >/dev/null
LOW=$("$LUUTRU" user token doc)
HIGH=$("$LUUTRU" user token sep)
"$LUUTRU" serve --listen 127.0.0.1:0 --threads 2 --ready-file "$WORK/ready" >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
i=0
while [ ! -s "$WORK/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
API="$(cat "$WORK/ready")/api/v1"
get() { # TOKEN QUERY_STRING → status in $ST, body in $WORK/body
	ST=$(curl -s -o "$WORK/body" -w '%{http_code}' -H "Authorization: Bearer $1" "$API/search?$2")
}
post() { # TOKEN BODY [CONTENT_TYPE]
	ST=$(curl -s -o "$WORK/body" -w '%{http_code}' -H "Authorization: Bearer $1" \
		-H "Content-Type: ${3:-application/json}" --data-binary "$2" "$API/search")
}
get "$LOW" "q=hoa+giai&type=02&year=2021&organ=UBND+t%E1%BB%89nh+Nam+%C4%90%E1%BB%8Bnh&sort=date_desc&limit=20&facets=type,year,organ,dossier"
g=$(jq -c 'del(.hits[].score)' "$WORK/body")
[ "$ST" = 200 ] && [ "$g" = "$j1" ] && ok "search: GET parameters = the CLI's answer" || notok "search: GET $ST $g"
post "$LOW" "$(cat "$WORK/q.json")"
[ "$ST" = 200 ] && [ "$(jq -c 'del(.hits[].score)' "$WORK/body")" = "$j1" ] &&
	ok "search: POST JSON = GET = CLI" || notok "search: POST $ST $(head -c 200 "$WORK/body")"
get "$LOW" "loai=QĐ&nam=2021"
[ "$ST" = 200 ] && [ "$(jq .total "$WORK/body")" = 1 ] && ok "search: GET with Vietnamese filter names, no q" || notok "search: GET vi filters $ST"

# The secret record's unique word: nothing at all below its level.
for form in get post; do
	if [ $form = get ]; then get "$LOW" "q=qzxmatrieng&facets=type,year,organ,dossier"
	else post "$LOW" '{"q": "qzxmatrieng", "facets": ["type", "year", "organ", "dossier"]}'; fi
	[ "$ST" = 200 ] && [ "$(jq -c '[.total, (.hits | length), ([.facets[] | length] | add)]' "$WORK/body")" = '[0,0,0]' ] &&
		ok "search: $form: a secret word gives 0 hits, 0 total, 0 facet values below clearance" ||
		notok "search: $form secret leaked: $(head -c 300 "$WORK/body")"
done
post "$LOW" '{"q": "hoa giai", "facets": ["type", "year", "organ", "dossier"]}'
low=$(jq -c '.facets' "$WORK/body")
post "$HIGH" '{"q": "hoa giai", "facets": ["type", "year", "organ", "dossier"]}'
[ "$(jq -c '[.facets.year[] | select(.value == "2021") | .count]' "$WORK/body")" = '[2]' ] &&
	[ "$(echo "$low" | jq -c '[.year[] | select(.value == "2021") | .count]')" = '[1]' ] &&
	ok "search: facet counts follow the caller's clearance" || notok "search: facet counts $low"

get "$LOW" "q=hoa&sort=newest"
[ "$ST" = 400 ] && [ "$(jq -r .error.code "$WORK/body")" != null ] && ok "search: GET bad sort is 400" || notok "search: GET bad sort $ST"
get "$LOW" "q=hoa&facets=colour"
[ "$ST" = 400 ] && ok "search: GET bad facet is 400" || notok "search: GET bad facet $ST"
get "$LOW" "q=hoa&limit=0"
[ "$ST" = 400 ] && ok "search: GET limit=0 is 400" || notok "search: limit=0 $ST"
get "$LOW" ""
[ "$ST" = 400 ] && ok "search: GET without q or filter is 400" || notok "search: empty GET $ST"
post "$LOW" '{"q": "hoa", "limit": "ten"}'
[ "$ST" = 400 ] && jq -r .error.message "$WORK/body" | grep -q limit && ok "search: POST wrong type is 400, naming the key" || notok "search: POST type $ST"
post "$LOW" '{"q": '
[ "$ST" = 400 ] && ok "search: POST malformed JSON is 400" || notok "search: POST malformed $ST"
post "$LOW" 'q=hoa' application/x-www-form-urlencoded
[ "$ST" = 415 ] && ok "search: POST form data is 415" || notok "search: POST form $ST"
post "$LOW" '{"q": "hoa", "clearance": 3}'
[ "$ST" = 400 ] && ok "search: a clearance in the body is refused" || notok "search: clearance in body $ST"
get "$LOW" "q=hoa+giai"
[ "$ST" = 200 ] && ok "search: the service keeps serving" || notok "search: service died"
kill $SERVER 2>/dev/null
wait $SERVER 2>/dev/null
