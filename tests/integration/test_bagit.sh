#!/bin/sh
# tests/integration/test_bagit.sh — a luutru package checked by an
# independent BagIt validator: bagit-tools (npm, pinned in
# tests/bagit/package.json + package-lock.json, driven by
# tests/bagit/validate.js). A dossier with a scanned page (original PNG and
# its searchable PDF), text records, links and a closed state is exported
# as zip and as tar; each unpacked bag must validate (BagIt 1.0, every
# payload and tag manifest entry), and a copy with one flipped byte or one
# payload file missing must not. Installs the validator with `npm ci` when
# missing; when that cannot be done it says "not ok" with the reason —
# never a silent skip (docs/packages.md, "Standard validators").
. "${LUUTRU_SRC:-$(pwd)}/tests/integration/lib.sh"
[ -x "$LUUTRU" ] || { notok "bagit: no luutru binary at $LUUTRU (set LUUTRU_BIN)"; exit 1; }

BAGIT_DIR="$SRC/tests/bagit"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	notok "bagit: node and npm are required (apt-get install nodejs npm)"
	exit 1
fi
if [ ! -d "$BAGIT_DIR/node_modules/bagit-tools" ] || [ ! -d "$BAGIT_DIR/node_modules/tape" ]; then
	(cd "$BAGIT_DIR" && npm ci --no-audit --no-fund >"$WORK/npm.log" 2>&1) ||
		{ notok "bagit: npm ci in tests/bagit failed: $(tail -1 "$WORK/npm.log")"; exit 1; }
fi
ok "bagit: the bagit-tools validator is installed"

# validate NAME DIR EXPECTED_RC: run the independent validator on DIR
validate() {
	node "$BAGIT_DIR/validate.js" "$2" >"$WORK/bagit.log" 2>&1
	vrc=$?
	if [ "$vrc" -eq "$3" ]; then ok "$1"; else
		notok "$1 (validator exit $vrc, expected $3)"; sed 's/^/#   /' "$WORK/bagit.log" | tail -8
	fi
}

# ---- a dossier with a scan, texts and links ----------------------------------
run init; expect_rc "init" 0
run config set organ_id 000.00.00.G09; expect_rc "organ id" 0
cat >"$WORK/plan.csv" <<'CSV'
heading,heading_abbr,notation,title,retention,keeper,note
I. VĂN PHÒNG,VP,01.VP,Hồ sơ công văn đi đến năm 2024,10 năm,Văn phòng,
VĂN PHÒNG,VP,02.VP,Hồ sơ trả lời kiến nghị năm 2024,Vĩnh viễn,Văn phòng,
CSV
run catalog import "$WORK/plan.csv" --year 2024; expect_rc "catalog import" 0
run dossier open --year 2024 --entry 01.VP --json; expect_rc "dossier open" 0
D=$(jqo .id)
CODE=$(jqo .fileCode)

run ingest "$SRC/samples/cv-15-vp.png" --json --meta kind=incoming --meta typeName="Công văn" \
	--meta codeNumber=15 --meta codeNotation=UBND-VP --meta issuedDate=2024-02-01 \
	--meta subject="Công văn số hóa" --meta organName="UBND huyện"
expect_rc "ingest a scanned page" 0; A=$(jqo '.records[0].id')
printf 'Văn phòng trả lời công văn số 15 về lịch họp.\n' >"$WORK/reply.txt"
run ingest "$WORK/reply.txt" --json --meta kind=outgoing --meta typeName="Công văn" \
	--meta codeNumber=07 --meta codeNotation=VP-TH --meta issuedDate=2024-03-01 \
	--meta subject="Trả lời công văn số 15" --meta recipientOrganId=000.00.00.H26 \
	--meta recipients="UBND huyện" --meta organName="UBND huyện"
expect_rc "ingest an outgoing reply" 0; B=$(jqo '.records[0].id')
printf 'Báo cáo kết quả thực hiện — tệp có tên tiếng Việt.\n' >"$WORK/báo cáo.txt"
run ingest "$WORK/báo cáo.txt" --json --meta typeName="Báo cáo" --meta issuedDate=2024-04-02 \
	--meta subject="Báo cáo quý I" --meta organName="UBND huyện"
expect_rc "ingest a report" 0; C=$(jqo '.records[0].id')
run link add "$B" reply_to "$A"; expect_rc "reply_to link" 0
run dossier add "$D" "$A" "$B" "$C"; expect_rc "file three records" 0
run dossier set "$D" riskRecovery=0; expect_rc "the backup regime (TT 05/2025)" 0
run dossier close "$D"; expect_rc "close the dossier" 0
[ "$(sql "SELECT count(*) FROM record_files WHERE record_id = $A AND role = 'searchable_pdf'")" = 1 ] \
	&& ok "the scan has a searchable PDF" || notok "the scan has a searchable PDF"

# ---- zip and tar, each unpacked and validated ------------------------------------
run package export "$CODE" -o "$WORK/hoso.zip" --json; expect_rc "export zip" 0
run package export "$CODE" -o "$WORK/hoso.tar"; expect_rc "export tar" 0
mkdir -p "$WORK/z" "$WORK/t"
python3 -m zipfile -e "$WORK/hoso.zip" "$WORK/z"
tar -xf "$WORK/hoso.tar" -C "$WORK/t"
BAG="$WORK/z/hoso"
[ -f "$BAG/bagit.txt" ] && [ -f "$BAG/bag-info.txt" ] && [ -f "$BAG/manifest-sha256.txt" ] &&
	[ -f "$BAG/tagmanifest-sha256.txt" ] && ok "tag files present" || notok "tag files present ($(ls "$BAG"))"
[ -f "$BAG/data/$CODE/mets.xml" ] && [ -f "$BAG/data/$CODE/dossier.json" ] &&
	[ -f "$BAG/data/$CODE/muc-luc.csv" ] && ok "METS, JSON and table of contents in the payload" \
	|| notok "METS, JSON and table of contents in the payload"
[ "$(find "$BAG/data/$CODE/files" -type f | wc -l)" -ge 4 ] && ok "blobs in the payload (scan, its PDF, two texts)" \
	|| notok "blobs in the payload ($(ls "$BAG/data/$CODE/files"))"
grep -q '"recipient_organ_id": *"000.00.00.H26"' "$BAG/data/$CODE/dossier.json" \
	&& ok "recipientOrganId travels in dossier.json" || notok "recipientOrganId travels in dossier.json"
validate "bagit-tools: the zip's bag is complete and valid" "$BAG" 0
grep -q '^VALID' "$WORK/bagit.log" && ok "bagit-tools says VALID" || notok "bagit-tools says VALID"
validate "bagit-tools: the tar's bag is complete and valid" "$WORK/t/hoso" 0
run package validate "$WORK/hoso.tar"; expect_rc "luutru agrees on the tar" 0

# ---- tampered copies are rejected ----------------------------------------------
cp -r "$BAG" "$WORK/flip"
F=$(find "$WORK/flip/data/$CODE/files" -type f -name '*.png' | head -1)
python3 - "$F" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 2] ^= 0x01
open(p, "wb").write(bytes(b))
PY
validate "bagit-tools: one flipped byte in a payload file is rejected" "$WORK/flip" 1
grep -q "INVALID" "$WORK/bagit.log" && ok "flipped byte: INVALID" || notok "flipped byte: INVALID"

cp -r "$BAG" "$WORK/missing"
rm "$(find "$WORK/missing/data/$CODE/files" -type f -name '*.txt' | head -1)"
validate "bagit-tools: a missing payload file is rejected" "$WORK/missing" 1

cp -r "$BAG" "$WORK/tag"
sed -i 's/^Payload-Oxum: .*/&0/; s/^External-Description: .*/External-Description: sửa/' "$WORK/tag/bag-info.txt"
validate "bagit-tools: a changed bag-info.txt fails its tag manifest" "$WORK/tag" 1

# the validator is not a rubber stamp: a bag made by hand validates
mkdir -p "$WORK/hand/data"
printf 'x\n' >"$WORK/hand/data/a.txt"
printf 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n' >"$WORK/hand/bagit.txt"
(cd "$WORK/hand" && sha256sum data/a.txt >manifest-sha256.txt)
validate "bagit-tools: a minimal hand-made bag validates" "$WORK/hand" 0

# ---- the package imports into an empty archive with the new field -----------------
export LUUTRU_DATA="$WORK/data2"
run init; expect_rc "init a second archive" 0
run package import "$WORK/hoso.zip"; expect_rc "import the package" 0
[ "$(sql "SELECT recipient_organ_id FROM records WHERE kind = 'outgoing'")" = 000.00.00.H26 ] \
	&& ok "recipientOrganId survives the round trip" || notok "recipientOrganId survives the round trip"

# ---- two dossiers sharing a record, in one package ---------------------------------
export LUUTRU_DATA="$WORK/data"
run dossier open --year 2024 --entry 02.VP --json; expect_rc "open a second dossier" 0
D2=$(jqo .id); CODE2=$(jqo .fileCode)
run dossier add "$D2" "$B"; expect_rc "the reply also filed in the second dossier" 0
run package export "$CODE" "$CODE2" -o "$WORK/two.zip" --json; expect_rc "export two dossiers" 0
[ "$(jqo .dossiers)" = 2 ] && ok "two dossiers packaged" || notok "two dossiers packaged ($(jqo .dossiers))"
mkdir -p "$WORK/two"
python3 -m zipfile -e "$WORK/two.zip" "$WORK/two"
validate "bagit-tools: a two-dossier bag is complete and valid" "$WORK/two/two" 0
export LUUTRU_DATA="$WORK/data3"
run init; expect_rc "init a third archive" 0
run package import "$WORK/two.zip"; expect_rc "import the two-dossier package" 0
[ "$(sql "SELECT count(*) FROM records WHERE kind = 'outgoing'")" = 1 ] &&
	[ "$(sql "SELECT count(*) FROM dossier_records dr JOIN records r ON r.id = dr.record_id WHERE r.kind = 'outgoing'")" = 2 ] \
	&& ok "the shared record is one record in two dossiers" || notok "the shared record is one record in two dossiers"
