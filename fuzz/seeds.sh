#!/bin/sh
# fuzz/seeds.sh OUT — make the seed corpora of the fuzz targets in
# OUT/<target>/, from the project's samples/, the shared fixtures
# (/work/shared/fixtures or $LUUTRU_SHARED/fixtures, when present) and a few
# small inputs written here. Safe to re-run (the files are overwritten).
set -eu
cd "$(dirname "$0")/.."
mkdir -p "$1"; OUT=$(cd "$1" && pwd)
SHARED=${LUUTRU_SHARED:-$(pwd)/../shared}
FIX=$SHARED/fixtures
for t in query manifest_jsonl manifest_csv fields image import package rtf eml office pdfsig vnenc; do
	mkdir -p "$OUT/$t"
done
T=$(mktemp -d "${TMPDIR:-/tmp}/luutru-seeds-XXXXXX")
trap 'rm -rf "$T"' EXIT

# ---- query ---------------------------------------------------------------------
i=0
while IFS= read -r q; do
	i=$((i + 1)); printf '%s' "$q" >"$OUT/query/q$i"
done <<'Q'
công văn
cong van tháng 3
"kế hoạch năm 2024" -dự thảo
so:12 kh:QĐ-UBND
ngay:2021-01-01..2021-12-31 loai:"Công văn"
(báo cáo OR tờ trình) AND NOT mật
quyết* định
cq:"UBND tỉnh" nam:2020..
tiêu đề:"Sở Công Thương" 05/QĐ-UBND
Q
cat samples/*.gt.txt | head -c 300 >"$OUT/query/gt"

# ---- manifests -----------------------------------------------------------------
cat >"$OUT/manifest_jsonl/basic" <<'J'
{"docId": "IMP.0001", "typeName": "Công văn", "codeNumber": "15", "codeNotation": "VP-HC", "issuedDate": "2024-03-05", "subject": "Về việc A", "file": "scans/cv.png"}
{"docId": "IMP.0002", "subject": "Văn bản \"trích\" \u00e0 \ud83d\ude00", "text": "Nội dung\nhai dòng", "pageAmount": 2, "secrecy": null}

{"docId": "IMP.0002", "subject": "lặp", "subject": "khóa lặp", "text": "x"}
J
if [ -f "$FIX/corpus/legal-sample.jsonl.gz" ]; then
	gzip -dc "$FIX/corpus/legal-sample.jsonl.gz" | head -n 3 |
		sed 's/"id":/"docId":/; s/"title":/"subject":/' >"$OUT/manifest_jsonl/legal"
fi
for m in "$FIX"/scans/*/manifest.json; do
	[ -f "$m" ] && tr -d '\n' <"$m" >"$OUT/manifest_jsonl/scan-$(basename "$(dirname "$m")")"
done
printf '\357\273\277docId,typeName,codeNumber,codeNotation,issuedDate,subject,file\r\nIMP.1,Công văn,15,VP-HC,05/03/2024,"Về việc ""A"", B",a.png\r\nIMP.2,,,,,"nhiều\r\ndòng",b.tif\r\n' >"$OUT/manifest_csv/basic"
printf 'docId,subject,text\nT1,Một,"văn bản, có dấu phẩy"\nT2,Hai,\n,,\n' >"$OUT/manifest_csv/text"

# ---- fields: first byte chooses the field ---------------------------------------
i=0
for v in '05/QĐ-UBND' 'Công văn' '2024-03-05' '05/03/2024' 'ngày 5 tháng 3 năm 2024' \
	'Tối mật' '03' '12' 'vi' 'H01.2024.01.VP' '15/2023/NĐ-CP' '000.00.00.H01'; do
	i=$((i + 1)); printf "\\$(printf '%03o' $((i * 7 % 256)))%s" "$v" >"$OUT/fields/f$i"
done

# ---- images ----------------------------------------------------------------------
for f in samples/tb-08-vp.tif samples/cv-15-vp.png samples/qd-120-ubnd.jpg; do
	[ -f "$f" ] && cp "$f" "$OUT/image/"
done
d=$(ls -d "$FIX"/scans/*/ 2>/dev/null | head -1)
[ -n "$d" ] && [ -f "$d/doc.tif" ] && cat "$d/doc.tif" >"$OUT/image/fixture-doc.tif"

# ---- import: a batch as .zip, .tar, .tar.gz ------------------------------------------
mkdir -p "$T/box/scans"
cp samples/tb-08-vp.tif "$T/box/scans/tb.tif"
cp samples/bc-33-vp.txt "$T/box/bc.txt"
cat >"$T/box/manifest.jsonl" <<'J'
{"docId": "FZ.1", "typeName": "Thông báo", "subject": "Thông báo", "file": "scans/tb.tif"}
{"docId": "FZ.2", "subject": "Báo cáo", "file": "bc.txt"}
{"docId": "FZ.3", "subject": "Đoạn văn", "text": "Nội dung ngắn"}
J
(cd "$T" && tar cf "$OUT/import/box.tar" box && tar czf "$OUT/import/box.tar.gz" box)
if command -v zip >/dev/null 2>&1; then (cd "$T" && zip -qr "$OUT/import/box.zip" box); fi
printf 'docId,subject,text\nFZ.C1,Một,"văn bản"\n' >"$T/manifest.csv"
(cd "$T" && tar cf "$OUT/import/csv.tar" manifest.csv)

# ---- package: a small BagIt bag (structure and checksums) -------------------------------
B="$T/bag/hoso"
mkdir -p "$B/data/H01.2024.01.VP/files"
printf 'Nội dung văn bản\n' >"$B/data/H01.2024.01.VP/files/H01.2024.01.VP.1.txt"
printf '{"dossier": {"fileCode": "H01.2024.01.VP", "title": "Hồ sơ"}, "records": []}\n' \
	>"$B/data/H01.2024.01.VP/dossier.json"
printf 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n' >"$B/bagit.txt"
n=$(cat "$B"/data/H01.2024.01.VP/files/* "$B/data/H01.2024.01.VP/dossier.json" | wc -c)
printf 'Source-Organization: luutru\nBagging-Date: 2024-03-05\nPayload-Oxum: %s.2\n' "$n" >"$B/bag-info.txt"
(cd "$B" && find data -type f | sort | xargs sha256sum >manifest-sha256.txt &&
	sha256sum bagit.txt bag-info.txt manifest-sha256.txt >tagmanifest-sha256.txt)
(cd "$T/bag" && tar cf "$OUT/package/hoso.tar" hoso)
if command -v zip >/dev/null 2>&1; then (cd "$T/bag" && zip -qr "$OUT/package/hoso.zip" hoso); fi

# ---- electronic documents (issue 19): office files, e-mail, RTF, signed
# PDFs, legacy text ------------------------------------------------------------
if command -v python3 >/dev/null 2>&1; then
	python3 tests/edocs/make_docs.py "$T/docs" >/dev/null 2>&1 || true
	for f in "$T"/docs/*.docx "$T"/docs/*.xlsx "$T"/docs/*.pptx "$T"/docs/*.odt "$T"/docs/*.ods \
		"$T"/docs/bad/encrypted.*; do
		[ -f "$f" ] && cp "$f" "$OUT/office/$(basename "$f")"
	done
	[ -f "$T/docs/letter.rtf" ] && cp "$T/docs/letter.rtf" "$OUT/rtf/letter.rtf"
	[ -f "$T/docs/mail.eml" ] && cp "$T/docs/mail.eml" "$OUT/eml/mail.eml"
fi
cp tests/edocs/tcvn3.doc tests/edocs/sheet.xls "$OUT/office/"
cp tests/edocs/tcvn3.txt tests/edocs/vni.txt "$OUT/vnenc/"
printf 'Hồ sơ lưu trữ, tiếng Việt\nB\302\266o c\302\270o\n' >"$OUT/vnenc/mixed"
cat >"$OUT/rtf/vni.rtf" <<'R'
{\rtf1\ansi{\fonttbl{\f0 VNI-Times;}{\f1\fcharset163 Times;}}\f0 Quye\'e1t \'f1\'f2nh\par{\f1 H\'f2a}\u7841?\bin3 abc}
R
printf 'From: a@b\r\nSubject: =?UTF-8?Q?H=E1=BB=93_s=C6=A1?=\r\nContent-Type: text/html; charset=windows-1258\r\n\r\n<p>H\322a</p>\r\n' \
	>"$OUT/eml/html.eml"
# signed PDFs: a copy signed by a luutru archive with a throwaway key
if command -v openssl >/dev/null 2>&1 && [ -x build/luutru ]; then
	K="$T/pki"
	mkdir -p "$K"
	if openssl req -x509 -newkey rsa:2048 -nodes -keyout "$K/k" -out "$K/c" -days 30 \
		-subj "/O=Fuzz/CN=Fuzz" >/dev/null 2>&1 &&
		openssl pkcs12 -export -inkey "$K/k" -in "$K/c" -out "$K/p12" -passout pass: >/dev/null 2>&1; then
		D="$T/signer"
		build/luutru --data "$D" init >/dev/null 2>&1
		printf 'sign_key = %s\n' "$K/p12" >>"$D/luutru.conf"
		build/luutru --data "$D" ingest samples/cv-15-vp.png >/dev/null 2>&1 || true
		s=$(sqlite3 "$D/catalog.db" "SELECT sha256 FROM record_files WHERE role = 'searchable_pdf'" 2>/dev/null)
		[ -n "$s" ] && cp "$D/blobs/$(echo "$s" | cut -c1-2)/$(echo "$s" | cut -c3-4)/$s" "$OUT/pdfsig/signed.pdf"
	fi
fi
cp samples/kh-21-pnv.pdf "$OUT/pdfsig/plain.pdf"
