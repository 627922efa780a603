#!/bin/sh
# Batch import and BagIt packages, end to end through the real binary:
# a tar.gz with text rows and a scanned page, a re-run that skips, a zip
# with hostile entries, and package export → validate → import into an
# empty data directory with the same search results (docs/import.md,
# docs/packages.md).
. "$(dirname "$0")/lib.sh"

for c in import package; do
	run "$c" --help; expect_rc "$c --help exits 0" 0
done
run --lang en import --help; expect_out "import help in English" "Usage: luutru import"
run import; expect_rc "import without a path is a usage error" 2
run init; expect_rc "init" 0

# ---- a tar.gz: 3 text rows + 1 scanned page --------------------------------
mkdir -p "$WORK/box/scans"
cp "$SRC/samples/cv-15-vp.png" "$WORK/box/scans/cv-15.png"
cat >"$WORK/box/manifest.jsonl" <<'EOF'
{"docId": "IMP.0001", "typeName": "Công văn", "issuedDate": "2024-03-05", "organName": "Văn phòng UBND", "subject": "Về việc họp giao ban tuần", "text": "Văn phòng đề nghị các phòng chuẩn bị nội dung họp giao ban tuần tới."}
{"docId": "IMP.0002", "typeName": "Báo cáo", "issuedDate": "2024-01-10", "subject": "Báo cáo quý I", "text": "Tình hình thực hiện nhiệm vụ quý một: hoàn thành kế hoạch số hóa hồ sơ."}
{"docId": "IMP.0003", "typeName": "Thông báo", "issuedDate": "15/02/2024", "subject": "Thông báo lịch trực", "text": "Lịch trực Tết của cơ quan."}
{"docId": "IMP.0004", "typeName": "Công văn", "issuedDate": "2017-09-22", "subject": "Công văn số hóa", "file": "scans/cv-15.png"}
EOF
(cd "$WORK/box" && tar czf "$WORK/box.tar.gz" scans manifest.jsonl)

run import "$WORK/box.tar.gz" --text-blobs --json
expect_rc "import a tar.gz" 0
[ "$(jqo .imported)" = 4 ] && ok "4 rows imported" || notok "4 rows imported ($(jqo .imported))"
[ "$(jqo .failed)" = 0 ] && ok "no row failed" || notok "no row failed ($(jqo .failed))"
[ "$(sql 'SELECT count(*) FROM records')" = 4 ] && ok "4 records in the catalog" || notok "4 records"
[ "$(sql "SELECT count(*) FROM jobs WHERE state = 'done'")" = 1 ] && ok "the scan was recognised" \
	|| notok "the scan was recognised ($(sql 'SELECT state, error FROM jobs'))"
run search "giao ban" --json
[ "$(jqo '.hits[0].docId')" = IMP.0001 ] && ok "an imported text is found" || notok "an imported text is found"
run search "so hoa ho so"; expect_out "found without diacritics" "IMP.0002|quý I"

run import "$WORK/box.tar.gz"
expect_rc "a second run succeeds" 0
expect_out "a second run skips every row" "0 đã nhập, 4 bỏ qua"
[ "$(sql 'SELECT count(*) FROM records')" = 4 ] && ok "still 4 records" || notok "still 4 records"

# ---- a zip with ../evil and a symlink entry ----------------------------------
python3 - "$WORK/evil.zip" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("manifest.csv",
               "docId,subject,issuedDate,file,text\n"
               "EV.1,Tốt,,good.txt,\n"
               "EV.2,Xấu,,../evil,\n"
               "EV.3,Liên kết,,link.txt,\n"
               "EV.4,Ngày sai,2021-02-29,,\"nội dung\"\n"
               "EV.5,Nội dung,2024-01-01,,\"dòng một\ndòng hai\"\n")
    z.writestr("good.txt", "Văn bản tốt")
    z.writestr("../evil", "evil")
    info = zipfile.ZipInfo("link.txt")
    info.create_system = 3
    info.external_attr = (0o120777 << 16)
    z.writestr(info, "/etc/passwd")
EOF
run import "$WORK/evil.zip"
expect_rc "hostile zip: exit code of the first bad row" 2
expect_err "the ../evil entry is named" "\.\./evil"
expect_err "the symlink entry is named" "link\.txt.*(liên kết|link)"
expect_err "the bad date is named with its row" "dòng 4.*2021-02-29"
expect_out "the good rows are imported" "2 đã nhập, 0 bỏ qua \(đã có\), 3 lỗi"
[ "$(sql "SELECT count(*) FROM records WHERE doc_id LIKE 'EV.%'")" = 2 ] && ok "2 EV records" \
	|| notok "2 EV records ($(sql "SELECT count(*) FROM records WHERE doc_id LIKE 'EV.%'"))"
[ ! -e "$WORK/evil" ] && ok "nothing written outside" || notok "nothing written outside"

# ---- rule 6 at import: warnings for legacy notations ---------------------------
mkdir -p "$WORK/legacy"
cat >"$WORK/legacy/manifest.csv" <<'EOF'
docId,kind,confidenceLevel,codeNumber,codeNotation,recipientOrganId,subject,text
LG.1,,,5,QĐ-UBND,,Quyết định cũ,nội dung một
LG.2,outgoing,01,5,QĐ-UBND,,Văn bản đi điện tử,nội dung hai
LG.3,outgoing,01,05,QĐ-UBND,000.00.00.h26,Đúng mẫu,nội dung ba
LG.4,,,06,QĐ-UBND,Sở Xây dựng,Mã cơ quan nhận sai,nội dung bốn
EOF
run import "$WORK/legacy"
expect_rc "a born-digital outgoing row with a bad number fails (exit 2)" 2
expect_out "the summary counts 2 imported, 2 failed" "2 đã nhập, 0 bỏ qua \(đã có\), 2 lỗi"
expect_err "a bad recipientOrganId fails its row" "dòng 4 .*recipientOrganId"
[ "$(sql "SELECT recipient_organ_id FROM records WHERE doc_id = 'LG.3'")" = 000.00.00.H26 ] \
	&& ok "recipientOrganId imported from a manifest column" || notok "recipientOrganId imported from a manifest column"
expect_out "the summary counts the rule 6 warnings" "quy tắc 6.*1 dòng"
expect_err "the warning names the row" "cảnh báo: dòng 1 \(dòng tệp 2\)"
expect_err "the refusal names the row" "dòng 2 .*5"
[ "$(sql "SELECT group_concat(doc_id) FROM (SELECT doc_id FROM records WHERE doc_id LIKE 'LG.%' ORDER BY doc_id)")" = "LG.1,LG.3" ] \
	&& ok "the legacy row is stored, the born-digital one is not" || notok "the legacy row is stored, the born-digital one is not"
run import "$WORK/legacy" --json
[ "$(jqo '.warnings | length')" = 0 ] && ok "a re-run skips, no new warnings" || notok "a re-run skips, no new warnings"
printf 'Công văn cũ.\n' >"$WORK/cu.txt"
run ingest "$WORK/cu.txt" --meta codeNumber=7 --json
expect_rc "ingest with an odd legacy number" 0; expect_err "ingest warns" "cảnh báo.*7"
[ "$(jqo '.records[0].warning' | grep -c 7)" = 1 ] && ok "the warning is in --json" || notok "the warning is in --json"

# ---- a dossier, packaged -------------------------------------------------------
sql "INSERT INTO dossiers(uid, organ_id, year, notation, file_code, title, maintenance, mode,
	language, start_date, end_date, status) VALUES ('6f1c2d1e-0000-4000-8000-00000000a001', 'H01',
	2024, '01.VP', 'H01.2024.01.VP', 'Hồ sơ giao ban năm 2024', '04', '01', '01', '2024-01-10',
	'2024-03-05', 'closed');
	INSERT INTO dossier_records(dossier_id, record_id, ordinal)
	SELECT 1, id, row_number() OVER (ORDER BY issued_date) FROM records WHERE doc_id LIKE 'IMP.%';
	INSERT INTO record_links(from_record_id, to_record_id, kind)
	SELECT f.id, t.id, 'reply_to' FROM records f, records t
	WHERE f.doc_id = 'IMP.0001' AND t.doc_id = 'IMP.0002';"

run package export H01.2024.01.VP -o "$WORK/hoso.zip" --json
expect_rc "package export" 0
[ "$(jqo .records)" = 4 ] && ok "4 records packaged" || notok "4 records packaged"
run package validate "$WORK/hoso.zip"
expect_rc "package validate" 0; expect_out "valid, checksums match" "hợp lệ"
run package export NOPE -o "$WORK/nope.zip"
expect_rc "export of an unknown dossier exits 3" 3
[ ! -e "$WORK/nope.zip" ] && ok "no file left by a failed export" || notok "no file left by a failed export"

mkdir -p "$WORK/unz"
python3 -m zipfile -e "$WORK/hoso.zip" "$WORK/unz"
[ -f "$WORK/unz/hoso/data/H01.2024.01.VP/files/H01.2024.01.VP.1.png" ] && [ -f "$WORK/unz/hoso/data/H01.2024.01.VP/files/H01.2024.01.VP.4.txt" ] && ok "files named by rule 36" \
	|| notok "files named by rule 36 ($(ls "$WORK/unz/hoso/data/H01.2024.01.VP/files"))"
grep -q "<lt:docCode>H01.2024.01.VP.0000001</lt:docCode>" "$WORK/unz/hoso/data/H01.2024.01.VP/mets.xml" \
	&& ok "METS docCode" || notok "METS docCode"
if python3 -c 'import bagit' 2>/dev/null; then
	if python3 -m bagit --validate "$WORK/unz/hoso" >"$WORK/bagit.log" 2>&1; then
		ok "python3-bagit validates the package"
	else
		notok "python3-bagit validates the package"; sed 's/^/#   /' "$WORK/bagit.log" | tail -5
	fi
else
	echo "# python3-bagit is not installed (not in Debian bookworm): tests/integration/test_bagit.sh validates with bagit-tools instead"
fi
# Independent of luutru and of python: coreutils reads BagIt manifests as they are.
(cd "$WORK/unz/hoso" && sha256sum --quiet -c manifest-sha256.txt && sha256sum --quiet -c tagmanifest-sha256.txt) \
	>"$WORK/sum.log" 2>&1 && ok "sha256sum -c agrees with both manifests" || notok "sha256sum -c agrees with both manifests"
oxum="$(find "$WORK/unz/hoso/data" -type f -exec cat {} + | wc -c).$(find "$WORK/unz/hoso/data" -type f | wc -l)"
grep -q "^Payload-Oxum: $oxum\$" "$WORK/unz/hoso/bag-info.txt" && ok "Payload-Oxum is right ($oxum)" \
	|| notok "Payload-Oxum is right ($oxum vs $(grep Oxum "$WORK/unz/hoso/bag-info.txt"))"
[ "$(head -2 "$WORK/unz/hoso/bagit.txt")" = "BagIt-Version: 1.0
Tag-File-Character-Encoding: UTF-8" ] && ok "bagit.txt" || notok "bagit.txt"

# a damaged copy is refused whole
cp "$WORK/hoso.zip" "$WORK/bad.zip"
python3 - "$WORK/hoso.zip" "$WORK/bad.zip" <<'EOF'
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w") as b:
    for i in a.infolist():
        data = a.read(i)
        if i.filename.endswith(".4.txt"):
            data = data.replace("giao ban".encode(), "GIAO BAN".encode())
        b.writestr(i, data)
EOF
run package validate "$WORK/bad.zip"
expect_rc "a damaged package is invalid (exit 4)" 4
expect_err "the damaged file is named" "H01.2024.01.VP.4.txt"

# ---- import into an empty data directory: same search results ------------------
# only packaged records can be compared (others in A may match too)
run search "giao ban" --json; jq -r '.hits[] | select(.docId // "" | startswith("IMP")) | .uid' "$WORK/out" | sort >"$WORK/hits-a"
A=$LUUTRU_DATA
export LUUTRU_DATA="$WORK/data2"
run init; expect_rc "init a second data directory" 0
run package import "$WORK/bad.zip"
expect_rc "a damaged package is refused" 4
[ "$(sql 'SELECT count(*) FROM records')" = 0 ] && ok "nothing imported from it" || notok "nothing imported from it"
run package import "$WORK/hoso.zip"
expect_rc "package import" 0
# only packaged records can be compared (others in A may match too)
run search "giao ban" --json; jq -r '.hits[].uid' "$WORK/out" | sort >"$WORK/hits-b"
if [ -s "$WORK/hits-a" ] && cmp -s "$WORK/hits-a" "$WORK/hits-b"; then
	ok "same search results after the round trip"
else
	notok "same search results after the round trip"; diff "$WORK/hits-a" "$WORK/hits-b" | head -5
fi
q="SELECT r.uid, r.doc_id, r.subject, x.ordinal, d.file_code, d.status FROM records r
	JOIN dossier_records x ON x.record_id = r.id JOIN dossiers d ON d.id = x.dossier_id ORDER BY r.uid"
[ "$(sqlite3 "$A/catalog.db" "$q")" = "$(sql "$q")" ] && ok "records, dossier and order identical" \
	|| notok "records, dossier and order identical"
q="SELECT f.uid, t.uid, l.kind FROM record_links l JOIN records f ON f.id = l.from_record_id
	JOIN records t ON t.id = l.to_record_id"
[ "$(sqlite3 "$A/catalog.db" "$q")" = "$(sql "$q")" ] && [ -n "$(sql "$q")" ] && ok "links identical" \
	|| notok "links identical"
q="SELECT b.sha256 FROM blobs b JOIN record_files f ON f.sha256 = b.sha256 JOIN dossier_records x
	ON x.record_id = f.record_id ORDER BY 1"
[ "$(sqlite3 "$A/catalog.db" "$q")" = "$(sql "$q")" ] && ok "blob checksums identical" \
	|| notok "blob checksums identical"
run package import "$WORK/hoso.zip"
expect_rc "importing the same package twice is refused" 7

# ---- rule 43: no state secrets on a deployment not declared isolated --------
mkdir -p "$WORK/secret"
cat >"$WORK/secret/manifest.jsonl" <<'EOF2'
{"docId": "SEC.0001", "typeName": "Công văn", "issuedDate": "2024-03-05", "subject": "Văn bản mật", "secrecy": "1", "text": "Nội dung mật xyzmatkhau."}
{"docId": "SEC.0002", "typeName": "Công văn", "issuedDate": "2024-03-06", "subject": "Văn bản thường", "text": "Nội dung công khai."}
EOF2
before=$(sql 'SELECT count(*) FROM records')
run import "$WORK/secret" --json
[ "$(jqo .imported)" = 1 ] && [ "$(jqo .failed)" = 1 ] && ok "rule 43: the secret row fails, the other is imported" \
	|| notok "rule 43: secret row refused ($(jqo .imported) imported, $(jqo .failed) failed)"
cat "$WORK/out" "$WORK/err" | grep -q "quy tắc 43" && ok "rule 43 cited" || notok "rule 43 cited"
[ "$(sql "SELECT count(*) FROM records WHERE doc_id = 'SEC.0001'")" = 0 ] && ok "no secret record stored" || notok "no secret record stored"
[ "$(sql 'SELECT count(*) FROM records')" = $((before + 1)) ] && ok "only the ordinary row was added" || notok "only the ordinary row was added"
