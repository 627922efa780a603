#!/bin/sh
# tests/integration/test_edocs.sh — electronic documents end to end (issue
# 19; docs/formats.md, docs/pdfa.md, docs/signatures.md), through the real
# binary, with a PKI the test makes with openssl and poppler's pdfsig as the
# independent judge of every signature:
#
#   1. a scan ingested with the agency key configured: its copy is PDF/A-2b
#      (qpdf --check, pdfinfo -meta, pdffonts, the XMP, the output intent,
#      no encryption, no transparency), signed by the agency (pdfsig: valid
#      and trusted), its text readable (pdftotext); the original kept as is
#   2. signed PDFs ingested into another archive: valid; one byte changed
#      after signing → modified; signed under an untrusted CA → unknown
#      issuer; revoked by a CRL in the trust store → invalid; pdfsig agrees
#      on the first three; show, the API and the chuky: filter say so
#   3. DOCX, ODT, XLSX, PPTX, ODS, RTF, DOC (Unicode and TCVN3), XLS, TCVN3
#      and VNI text: each found by a word of its content typed with and
#      without diacritics; an e-mail's attachment as a linked record
#   4. hostile files (a zip bomb, entity expansion, encrypted DOCX, ODT,
#      DOC, XLS) refused with a clear message, nothing left behind
#   5. check rules 10, 34, 35; the METS of a package (format facts, PREMIS
#      signature events, valid against the METS schema when xmllint is
#      installed)
. "$(dirname "$0")/lib.sh"
[ -x "$LUUTRU" ] || { notok "edocs: no luutru binary at $LUUTRU (set LUUTRU_BIN)"; exit 1; }
need_tools edocs openssl pdfsig pdfinfo pdffonts pdftotext qpdf certutil jq python3 sqlite3 curl

P="$WORK/pki"
mkdir -p "$P" "$WORK/nss"
SAMPLE="$SRC/samples/cv-15-vp.png"

# ---- a PKI: a root CA, the agency's certificate (PKCS#12), an untrusted
# CA and its signer, a CRL revoking a third certificate --------------------
cat >"$P/leaf.cnf" <<'EOF'
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
EOF
cat >"$P/ca.cnf" <<'EOF'
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
EOF
mkca() { # NAME SUBJECT
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$P/$1.key" -out "$P/$1.pem" -days 3650 \
		-subj "$2" -utf8 -config /dev/null -extensions v3 2>/dev/null ||
		openssl req -x509 -newkey rsa:2048 -nodes -keyout "$P/$1.key" -out "$P/$1.pem" -days 3650 \
			-subj "$2" -utf8 -addext "basicConstraints=critical,CA:TRUE" \
			-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}
mkleaf() { # NAME SUBJECT CA
	openssl req -newkey rsa:2048 -nodes -keyout "$P/$1.key" -out "$P/$1.csr" -subj "$2" -utf8 2>/dev/null &&
		openssl x509 -req -in "$P/$1.csr" -CA "$P/$3.pem" -CAkey "$P/$3.key" -CAcreateserial \
			-out "$P/$1.pem" -days 825 -extfile "$P/leaf.cnf" 2>/dev/null &&
		printf 'mat-khau-%s\n' "$1" >"$P/$1.pass" &&
		openssl pkcs12 -export -inkey "$P/$1.key" -in "$P/$1.pem" -certfile "$P/$3.pem" \
			-out "$P/$1.p12" -passout "file:$P/$1.pass" 2>/dev/null
}
mkca root "/C=VN/O=Cơ quan chứng thực thử nghiệm/CN=Root CA thử nghiệm"
mkca rogue "/C=VN/O=Rogue/CN=Rogue CA"
mkleaf agency "/C=VN/O=Ủy ban nhân dân tỉnh Thử Nghiệm/CN=Văn thư UBND tỉnh Thử Nghiệm" root
mkleaf sender "/C=VN/O=Sở Tài chính/CN=Giám đốc Sở Tài chính" root
mkleaf stranger "/C=VN/O=Công ty lạ/CN=Người lạ" rogue
mkleaf revoked "/C=VN/O=Sở Xây dựng/CN=Chứng thư đã thu hồi" root
if [ -s "$P/agency.p12" ] && [ -s "$P/stranger.p12" ] && [ -s "$P/revoked.p12" ]; then
	ok "edocs: a test PKI made with openssl"
else notok "edocs: a test PKI made with openssl"; exit 1; fi
# the CRL: openssl ca needs a small database
mkdir -p "$P/db"
: >"$P/db/index.txt"
cat >"$P/crl.cnf" <<EOF
[ca]
default_ca = c
[c]
database = $P/db/index.txt
crlnumber = $P/db/crlnumber
default_md = sha256
default_crl_days = 30
EOF
echo 01 >"$P/db/crlnumber"
openssl ca -config "$P/crl.cnf" -cert "$P/root.pem" -keyfile "$P/root.key" -revoke "$P/revoked.pem" >/dev/null 2>&1
openssl ca -config "$P/crl.cnf" -cert "$P/root.pem" -keyfile "$P/root.key" -gencrl -out "$P/root.crl" >/dev/null 2>&1
[ -s "$P/root.crl" ] && ok "edocs: a CRL revoking one certificate" || notok "edocs: a CRL"
# pdfsig trusts what an NSS database trusts: the root CA only
certutil -N -d "sql:$WORK/nss" --empty-password
certutil -A -d "sql:$WORK/nss" -n root -t "CT,C,C" -i "$P/root.pem"
pdfsig_says() { # FILE: pdfsig's two verdicts (no OCSP: the test certificates have no AIA)
	pdfsig -nssdir "sql:$WORK/nss" "$1" 2>&1 | sed -n 's/^  - \(Signature\|Certificate\) Validation: //p' | tr '\n' '|'
}

# configure DIR CERT: luutru.conf of a data directory signing with CERT
configure() {
	cat >>"$1/luutru.conf" <<EOF
sign_key = $P/$2.p12
sign_key_password_file = $P/$2.pass
EOF
	mkdir -p "$1/trust" && cp "$P/root.pem" "$1/trust/"
}
blob() { # SHA: the blob's path
	echo "$LUUTRU_DATA/blobs/$(echo "$1" | cut -c1-2)/$(echo "$1" | cut -c3-4)/$1"
}

# ---- 1. the agency signs the PDF/A copy of a scan --------------------------
run init; expect_rc "edocs: init" 0
configure "$LUUTRU_DATA" agency
"$LUUTRU" config set organ_name "Ủy ban nhân dân tỉnh Thử Nghiệm" >/dev/null 2>&1
run ingest "$SAMPLE" --meta docId=ED.SCAN.1 --json
expect_rc "edocs: a scan ingested with the agency key configured" 0
SCAN_ID=$(jqo '.records[0].id')
ORIG_SHA=$(jqo '.records[0].sha256')
[ "$(sha256sum "$SAMPLE" | cut -c1-64)" = "$ORIG_SHA" ] && cmp -s "$SAMPLE" "$(blob "$ORIG_SHA")" &&
	ok "edocs: the original is kept bit for bit" || notok "edocs: the original is kept bit for bit"
COPY_SHA=$(sql "SELECT sha256 FROM record_files WHERE record_id = $SCAN_ID AND role = 'searchable_pdf'")
COPY=$(blob "$COPY_SHA")
cp "$COPY" "$WORK/copy.pdf" 2>/dev/null
if [ -s "$WORK/copy.pdf" ]; then ok "edocs: the archival copy is stored"; else
	notok "edocs: the archival copy is stored"; exit 1; fi
qpdf --check "$WORK/copy.pdf" >"$WORK/qpdf.out" 2>&1 && grep -q "No syntax or stream encoding errors" "$WORK/qpdf.out" &&
	ok "edocs: qpdf --check passes the signed PDF/A" || { notok "edocs: qpdf --check"; sed 's/^/#   /' "$WORK/qpdf.out" | head; }
pdfinfo -meta "$WORK/copy.pdf" >"$WORK/xmp.xml" 2>/dev/null
grep -q "<pdfaid:part>2</pdfaid:part>" "$WORK/xmp.xml" && grep -q "<pdfaid:conformance>B</pdfaid:conformance>" "$WORK/xmp.xml" &&
	ok "edocs: XMP identifies PDF/A-2b (pdfinfo -meta)" || notok "edocs: XMP identifies PDF/A-2b"
python3 - "$WORK/xmp.xml" "$WORK/copy.pdf" >"$WORK/xmp.check" 2>&1 <<'EOF'
import re, sys, xml.dom.minidom
x = open(sys.argv[1], encoding="utf-8").read()
xml.dom.minidom.parseString(x.encode())          # well-formed
assert x.startswith("<?xpacket begin="), "packet wrapper"
assert x.rstrip().endswith('<?xpacket end="w"?>'), "packet end"
# the Info dictionary says what the XMP says
info = open(sys.argv[2], "rb").read()
prod = re.search(rb"/Producer \(([^)]*)\)", info).group(1).decode()
assert "<pdf:Producer>%s</pdf:Producer>" % prod in x, "producer agrees"
d = re.search(rb"/CreationDate \(D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)\+07'00'\)", info).groups()
iso = "%s-%s-%sT%s:%s:%s+07:00" % tuple(g.decode() for g in d)
assert "<xmp:CreateDate>%s</xmp:CreateDate>" % iso in x, "create date agrees"
print("xmp ok")
EOF
grep -q "xmp ok" "$WORK/xmp.check" && ok "edocs: the XMP is a well-formed packet and agrees with the Info dictionary" ||
	{ notok "edocs: the XMP"; sed 's/^/#   /' "$WORK/xmp.check"; }
pdffonts "$WORK/copy.pdf" >"$WORK/fonts" 2>/dev/null
NFONTS=$(tail -n +3 "$WORK/fonts" | wc -l)
NEMB=$(tail -n +3 "$WORK/fonts" | awk '{ for (i = 1; i <= NF; i++) if ($i == "yes" || $i == "no") { print $i; break } }' | grep -c yes)
[ "$NFONTS" -ge 2 ] && [ "$NFONTS" = "$NEMB" ] && grep -q "LiberationSerif" "$WORK/fonts" &&
	ok "edocs: every font embedded, the signature block's Liberation Serif among them (pdffonts)" ||
	{ notok "edocs: fonts embedded"; sed 's/^/#   /' "$WORK/fonts"; }
qpdf --json "$WORK/copy.pdf" >"$WORK/copy.json" 2>/dev/null
python3 - "$WORK/copy.json" >"$WORK/struct.check" 2>&1 <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
objs = j["qpdf"][1]                       # qpdf JSON v2: "obj:N G R" → value / stream
def get(ref):
    o = objs["obj:" + ref]
    return o["value"] if "value" in o else o["stream"]["dict"]
trailer = objs["trailer"]["value"]
assert "/Encrypt" not in trailer, "no encryption"
assert "/ID" in trailer, "a file identifier"
root = get(trailer["/Root"])
oi = root["/OutputIntents"]
oi = get(oi) if isinstance(oi, str) else oi
intent = get(oi[0]) if isinstance(oi[0], str) else oi[0]
assert intent["/S"] == "/GTS_PDFA1", "output intent GTS_PDFA1"
prof = get(intent["/DestOutputProfile"])
assert prof["/N"] == 3, "an RGB ICC profile"
assert "/Metadata" in root, "catalog names the XMP"
assert root.get("/AcroForm"), "a signature form"
# no transparency the part forbids, no interpolation, no JavaScript
for k, o in objs.items():
    d = o.get("value") if "value" in o else o.get("stream", {}).get("dict", {})
    if not isinstance(d, dict):
        continue
    assert "/SMask" not in d or d["/SMask"] == "/None", k + " has a soft mask"
    g = d.get("/Group")
    if isinstance(g, dict):
        assert g.get("/S") != "/Transparency", k + " has a transparency group"
    assert d.get("/Interpolate") is not True, k + " interpolates"
    assert "/JS" not in d and d.get("/S") != "/JavaScript", k + " has JavaScript"
    if d.get("/Subtype") == "/Widget":
        assert d["/F"] & 4, "the signature widget is printed"
        assert set(d["/AP"].keys()) == {"/N"}, "only a normal appearance"
print("structure ok")
EOF
grep -q "structure ok" "$WORK/struct.check" &&
	ok "edocs: sRGB output intent, XMP, ID, no encryption, no transparency groups or soft masks (qpdf --json)" ||
	{ notok "edocs: PDF/A structure"; sed 's/^/#   /' "$WORK/struct.check" | tail -3; }
case "$(pdfsig_says "$WORK/copy.pdf")" in
"Signature is Valid.|Certificate is Trusted.|") ok "edocs: pdfsig verifies the agency's signature (valid, trusted)" ;;
*) notok "edocs: pdfsig on the agency copy: $(pdfsig_says "$WORK/copy.pdf")" ;; esac
pdfsig -nssdir "sql:$WORK/nss" "$WORK/copy.pdf" >"$WORK/pdfsig.out" 2>&1
grep -q "Signature Type: ETSI.CAdES.detached" "$WORK/pdfsig.out" && grep -q "Total document signed" "$WORK/pdfsig.out" &&
	grep -q "Signing Hash Algorithm: SHA-256" "$WORK/pdfsig.out" &&
	ok "edocs: PAdES (ETSI.CAdES.detached, SHA-256), the whole document signed" ||
	{ notok "edocs: PAdES form"; sed 's/^/#   /' "$WORK/pdfsig.out"; }
pdftotext "$WORK/copy.pdf" "$WORK/copy.txt" 2>/dev/null
grep -q "Quyết định\|hồ sơ\|VĂN PHÒNG" "$WORK/copy.txt" && ok "edocs: pdftotext reads the copy's text layer" ||
	notok "edocs: pdftotext reads the copy's text layer"
# the visible block: the agency's name and the ISO 8601 time, Vietnam time
grep -q "Ủy ban nhân dân tỉnh Thử Nghiệm" "$WORK/copy.txt" &&
	grep -Eq "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+07:00$" "$WORK/copy.txt" &&
	ok "edocs: the visible block shows the agency and the ISO 8601 time (+07:00)" ||
	notok "edocs: the visible block"
pdftotext -x 0 -y 0 -W 100000 -H 60 "$WORK/copy.pdf" - 2>/dev/null | grep -q "Thử Nghiệm" &&
	ok "edocs: the block is at the top of page 1" || notok "edocs: the block is at the top of page 1"
run show "$SCAN_ID"
expect_out "edocs: show: the copy is PDF/A-2B" "PDF/A-2B"
expect_out "edocs: show: the agency signature is valid" "bản số hóa .*hợp lệ"
run check --format json
jq -e '[.tables.findings[] | select(.rule == "35")] | length == 0' "$WORK/out" >/dev/null &&
	ok "edocs: rule 35 holds for the signed copy" || notok "edocs: rule 35 holds for the signed copy"
jq -e '[.tables.findings[] | select(.rule == "34" and .severity == "error")] | length == 0' "$WORK/out" >/dev/null &&
	ok "edocs: rule 34 finds no error on the PDF/A copy" || notok "edocs: rule 34 on the PDF/A copy"

# ---- 2. signed documents received: valid, modified, unknown issuer, revoked
AGENCY_DATA=$LUUTRU_DATA
sign_with() { # CERT OUT: a PDF signed by CERT, made by a luutru archive of its own
	_d="$WORK/signer-$1"
	LUUTRU_DATA=$_d "$LUUTRU" init >/dev/null 2>&1
	configure "$_d" "$1"
	LUUTRU_DATA=$_d "$LUUTRU" ingest "$SAMPLE" >/dev/null 2>&1
	_s=$(sqlite3 "$_d/catalog.db" "SELECT sha256 FROM record_files WHERE role = 'searchable_pdf'")
	cp "$_d/blobs/$(echo "$_s" | cut -c1-2)/$(echo "$_s" | cut -c3-4)/$_s" "$2"
}
sign_with sender "$WORK/valid.pdf"
sign_with stranger "$WORK/stranger.pdf"
sign_with revoked "$WORK/revoked.pdf"
cp "$WORK/valid.pdf" "$WORK/modified.pdf"
# one byte of the signed content changed, after signing
python3 - "$WORK/modified.pdf" <<'EOF'
import sys
p = sys.argv[1]; d = bytearray(open(p, "rb").read())
i = d.index(b"/Producer (luutru)") + 11
d[i] = ord("L")
open(p, "wb").write(d)
EOF
export LUUTRU_DATA="$WORK/receiver"
run init; expect_rc "edocs: a receiving archive" 0
mkdir -p "$LUUTRU_DATA/trust" && cp "$P/root.pem" "$P/root.crl" "$LUUTRU_DATA/trust/"
for c in valid modified stranger revoked; do
	run ingest "$WORK/$c.pdf" --meta kind=incoming --meta docId="ED.IN.$c" --json
	expect_rc "edocs: ingest a signed PDF ($c)" 0
	eval "ID_$c=\$(jqo '.records[0].id')"
	eval "ST_$c=\$(jqo '.records[0].signatures.status')"
done
[ "$ST_valid" = valid ] && ok "edocs: a signed PDF verifies as valid" || notok "edocs: valid: $ST_valid"
[ "$ST_modified" = modified ] && ok "edocs: one byte changed after signing: modified" || notok "edocs: modified: $ST_modified"
[ "$ST_stranger" = unknown_issuer ] && ok "edocs: signed under an untrusted CA: unknown issuer" || notok "edocs: stranger: $ST_stranger"
[ "$ST_revoked" = invalid ] && ok "edocs: a certificate the CRL revokes: invalid" || notok "edocs: revoked: $ST_revoked"
[ "$(sql "SELECT reason LIKE '%thu hồi%' FROM signatures WHERE record_id = $ID_revoked")" = 1 ] &&
	ok "edocs: the reason names the revocation" || notok "edocs: revocation reason"
# pdfsig agrees on the same files
case "$(pdfsig_says "$WORK/valid.pdf")" in
"Signature is Valid.|Certificate is Trusted.|") ok "edocs: pdfsig agrees: valid" ;;
*) notok "edocs: pdfsig on valid.pdf: $(pdfsig_says "$WORK/valid.pdf")" ;; esac
case "$(pdfsig_says "$WORK/modified.pdf")" in
"Digest Mismatch."*) ok "edocs: pdfsig agrees: modified (digest mismatch)" ;;
*) notok "edocs: pdfsig on modified.pdf: $(pdfsig_says "$WORK/modified.pdf")" ;; esac
case "$(pdfsig_says "$WORK/stranger.pdf")" in
"Signature is Valid.|Certificate issuer isn't Trusted.|" | "Signature is Valid.|Certificate issuer is unknown.|")
	ok "edocs: pdfsig agrees: unknown issuer" ;;
*) notok "edocs: pdfsig on stranger.pdf: $(pdfsig_says "$WORK/stranger.pdf")" ;; esac
# the modified document is kept, flagged
[ -n "$ID_modified" ] && [ "$(sql "SELECT count(*) FROM record_files WHERE record_id = $ID_modified AND role = 'original'")" = 1 ] &&
	ok "edocs: the modified document is kept" || notok "edocs: the modified document is kept"
run show "$ID_modified"
expect_out "edocs: show flags it modified after signing" "bị sửa sau khi ký"
run show "$ID_valid" --json
[ "$(jqo '.signatures[0].signatures[0] | .signer == "Giám đốc Sở Tài chính" and .organization == "Sở Tài chính" and (.serial | length > 0) and (.signing_time | test("\\+07:00$"))')" = true ] &&
	ok "edocs: show --json: signer, organisation, serial, signing time" || notok "edocs: show --json evidence"
run search "chuky:bisua"
expect_out "edocs: search filter chuky:bisua finds the modified document" "modified.pdf"
run search "chuky:\"không rõ\"" --json
[ "$(jqo '[.hits[]?.id // .results[]?.id] | length')" = 1 ] 2>/dev/null && ok "edocs: chuky:\"không rõ\" finds one" ||
	{ run search "chuky:khongro"; grep -q "stranger.pdf" "$WORK/out" && ok "edocs: chuky:khongro finds the stranger's" || notok "edocs: chuky:khongro"; }
run search "chuky:hople"
expect_out "edocs: chuky:hople finds the valid one" "valid.pdf"
run search "chuky:nonsense"; expect_rc "edocs: a bad chuky: value is a query error" 2
run check --format json
jq -e '[.tables.findings[] | select(.rule == "10" and (.message | test("modified")))] | length == 1' "$WORK/out" >/dev/null &&
	ok "edocs: rule 10 flags the modified incoming document" || notok "edocs: rule 10 flags modified"
jq -e '[.tables.findings[] | select(.rule == "10" and .severity == "error")] | length == 0' "$WORK/out" >/dev/null &&
	ok "edocs: rule 10: every incoming e-document was checked before registration" || notok "edocs: rule 10 errors"

# the API: the record's signatures, for the web UI
printf 'canbo-pass-1\n' | "$LUUTRU" user add canbo --role officer --clearance 0 --password-stdin >/dev/null
TOKEN=$("$LUUTRU" user token canbo)
"$LUUTRU" serve --listen 127.0.0.1:0 --ready-file "$WORK/ready" >"$WORK/serve.out" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
i=0
while [ ! -s "$WORK/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
URL=$(cat "$WORK/ready" 2>/dev/null)
curl -s -H "Authorization: Bearer $TOKEN" "$URL/api/v1/records/$ID_modified" >"$WORK/api.json"
jq -e '.signatureSummary == "modified" and .signatures[0].signatures[0].status == "modified" and (.formats | length > 0)' \
	"$WORK/api.json" >/dev/null && ok "edocs: the API's record carries the signature evidence and format facts" ||
	{ notok "edocs: API record"; head -c 300 "$WORK/api.json" | sed 's/^/#   /'; }
curl -s -H "Authorization: Bearer $TOKEN" "$URL/api/v1/search?q=chuky:bisua" >"$WORK/api-search.json"
grep -q "$(sql "SELECT uid FROM records WHERE id = $ID_modified")" "$WORK/api-search.json" &&
	ok "edocs: the API's search takes chuky:" || notok "edocs: API search chuky:"
kill $SERVER 2>/dev/null
wait $SERVER 2>/dev/null

# ---- 3. office formats, legacy encodings ------------------------------------
export LUUTRU_DATA="$WORK/office"
run init; expect_rc "edocs: an archive for office files" 0
echo "office_pdfa = false" >>"$LUUTRU_DATA/luutru.conf"
python3 "$SRC/tests/edocs/make_docs.py" "$WORK/docs" >"$WORK/gen.out" 2>&1 &&
	ok "edocs: office files, an e-mail and hostile files generated" || { notok "edocs: generator"; cat "$WORK/gen.out"; }
for f in word.docx text.odt sheet.xlsx slides.pptx table.ods letter.rtf; do
	run ingest "$WORK/docs/$f"; expect_rc "edocs: ingest $f" 0
done
for f in unicode.doc tcvn3.doc sheet.xls tcvn3.txt vni.txt; do
	cp "$SRC/tests/edocs/$f" "$WORK/docs/legacy-$f"
	run ingest "$WORK/docs/legacy-$f"; expect_rc "edocs: ingest $f" 0
done
# a word of each document's content, typed with and without diacritics
found() { # NAME FILE WORDS...
	_name=$1 _file=$2; shift 2
	for _q in "$@"; do
		run search "\"$_q\"" --limit 50
		if grep -q "$_file" "$WORK/out"; then ok "edocs: $_name found by \"$_q\""; else
			notok "edocs: $_name found by \"$_q\""; sed 's/^/#   /' "$WORK/out" | head -3
		fi
	done
}
found DOCX word.docx "thủy lợi" "thuy loi"
found ODT text.odt "giải phóng mặt bằng" "giai phong mat bang"
found XLSX sheet.xlsx "bồi dưỡng" "boi duong"
found PPTX slides.pptx "chuyển đổi số" "chuyen doi so"
found ODS table.ods "quyết toán ngân sách" "quyet toan ngan sach"
found RTF letter.rtf "chữa cháy" "chua chay"
found DOC legacy-unicode.doc "tiếp công dân" "tiep cong dan"
found "DOC in TCVN3" legacy-tcvn3.doc "khen thưởng" "khen thuong"
found XLS legacy-sheet.xls "thống kê" "thong ke"
found "TCVN3 text" legacy-tcvn3.txt "tồn đọng" "ton dong"
found "VNI text" legacy-vni.txt "xác định giá trị" "xac dinh gia tri"
# legacy runs inside Unicode documents, converted for the index
found "DOCX's .VnTime run" word.docx "chỉnh lý tài liệu"
found "DOCX's VNI-Times run" word.docx "Hội đồng xác định"
found "RTF's .VnTime run" letter.rtf "Sở Nội vụ"
ID_T3=$(sql "SELECT id FROM records WHERE title = 'legacy-tcvn3.txt' OR id = (SELECT record_id FROM record_files WHERE name = 'legacy-tcvn3.txt')")
run show "$ID_T3"
expect_out "edocs: show: the TCVN3 text's page in Unicode" "chỉnh lý tài liệu tồn đọng"
expect_out "edocs: show: converted from TCVN3" "TCVN3"
cmp -s "$SRC/tests/edocs/tcvn3.txt" "$(blob "$(sql "SELECT sha256 FROM record_files WHERE name = 'legacy-tcvn3.txt'")")" &&
	ok "edocs: the TCVN3 original is kept as it was" || notok "edocs: the TCVN3 original is kept"
run search "\"chữxóabỏ\""
grep -q "word.docx" "$WORK/out" && notok "edocs: a deleted revision is not the document's text" ||
	ok "edocs: a deleted revision is not the document's text"

# an e-mail: its text, its attachment a linked record, the unread one kept
run ingest "$WORK/docs/mail.eml" --meta kind=incoming --json
expect_rc "edocs: ingest an e-mail" 0
MAIL_ID=$(jqo '.records[0].id')
[ "$(jqo '.records[0].attachments.records')" = 1 ] && [ "$(jqo '.records[0].attachments.files')" = 1 ] &&
	ok "edocs: one attachment a record, one kept as a file" || notok "edocs: attachments $(jqo '.records[0].attachments')"
found "e-mail" mail.eml "ô nhiễm môi trường" "o nhiem moi truong"
found "e-mail's attachment" phuong-an.docx "rừng phòng hộ" "rung phong ho"
[ "$(sql "SELECT count(*) FROM record_links l WHERE l.to_record_id = $MAIL_ID AND l.kind = 'attachment_of'")" = 1 ] &&
	ok "edocs: the attachment is linked to the message (attachment_of)" || notok "edocs: attachment link"
[ "$(sql "SELECT count(*) FROM record_files WHERE record_id = $MAIL_ID AND role = 'attachment' AND name = 'du-lieu.zip'")" = 1 ] &&
	ok "edocs: the zip stays with the message" || notok "edocs: the zip stays with the message"

# ---- 4. hostile files: a clear refusal, nothing left behind ---------------------
BLOBS=$(blob_files)
RECS=$(sql "SELECT count(*) FROM records")
for b in bomb.docx:"quá lớn" entity.docx:"DOCTYPE" encrypted.docx:"mã hóa" encrypted.odt:"mã hóa" \
	encrypted.doc:"mã hóa" encrypted.xls:"mã hóa"; do
	f=${b%%:*} msg=${b#*:}
	run ingest "$WORK/docs/bad/$f"
	if [ "$RC" -ne 0 ] && grep -q "$msg" "$WORK/err"; then ok "edocs: $f refused ($msg)"; else
		notok "edocs: $f refused (exit $RC)"; sed 's/^/#   /' "$WORK/err" | head -3
	fi
done
[ "$(blob_files)" = "$BLOBS" ] && [ "$(sql "SELECT count(*) FROM records")" = "$RECS" ] &&
	ok "edocs: refused files leave no record and no blob" || notok "edocs: refused files left something"
run verify; expect_rc "edocs: verify passes after the refusals" 0

# ---- 5. renditions (optional), packages -------------------------------------------
if command -v soffice >/dev/null 2>&1; then
	export LUUTRU_DATA="$WORK/render"
	run init
	run ingest "$WORK/docs/word.docx" --json
	R=$(jqo '.records[0].id')
	RS=$(sql "SELECT sha256 FROM record_files WHERE record_id = $R AND role = 'searchable_pdf'")
	if [ -n "$RS" ] && pdfinfo -meta "$(blob "$RS")" 2>/dev/null | grep -q "<pdfaid:part>2</pdfaid:part>"; then
		ok "edocs: LibreOffice's rendition is PDF/A-2"
	else notok "edocs: LibreOffice's rendition is PDF/A-2"; fi
	cmp -s "$WORK/docs/word.docx" "$(blob "$(sql "SELECT sha256 FROM record_files WHERE record_id = $R AND role = 'original'")")" &&
		ok "edocs: the DOCX original is kept beside its rendition" || notok "edocs: the DOCX original kept"
else
	ok "edocs: skipped: LibreOffice is not installed (renditions are optional)"
fi

export LUUTRU_DATA="$AGENCY_DATA"
"$LUUTRU" config set organ_id 000.00.00.H01 >/dev/null
write_plan "$WORK/plan.csv"
run catalog import "$WORK/plan.csv" --year 2024; expect_rc "edocs: a catalog" 0
run dossier open --year 2024 --entry 01.TH --json
DOS=$(jqo .id)
"$LUUTRU" dossier add "$DOS" "$SCAN_ID" >/dev/null 2>&1
run package export "$DOS" -o "$WORK/pkg.tar"
expect_rc "edocs: a package of the dossier" 0
mkdir -p "$WORK/pkg" && tar -xf "$WORK/pkg.tar" -C "$WORK/pkg" 2>/dev/null
METS=$(find "$WORK/pkg" -name mets.xml | head -1)
if [ -n "$METS" ] && grep -q 'AMD_EDOC' "$METS" && grep -q 'digital signature generation' "$METS" &&
	grep -q '<lf:pdfa>2B</lf:pdfa>' "$METS"; then
	ok "edocs: METS carries the format facts and the signature event"
else notok "edocs: METS evidence"; fi
PKG_PDF=$(find "$WORK/pkg" -name "*.pdf" | head -1)
[ -n "$PKG_PDF" ] && cmp -s "$PKG_PDF" "$WORK/copy.pdf" && ok "edocs: the package carries the signed PDF/A" ||
	notok "edocs: the package carries the signed PDF/A"
if command -v xmllint >/dev/null 2>&1 && [ -f "$SHARED/fixtures/schemas/mets.xsd" ]; then
	xmllint --noout --schema "$SHARED/fixtures/schemas/mets.xsd" "$METS" >/dev/null 2>&1 &&
		ok "edocs: the METS validates against the METS schema" || notok "edocs: METS schema validation"
fi
