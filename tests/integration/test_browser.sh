#!/bin/sh
# tests/integration/test_browser.sh — run tests/browser/ui.test.js: a real
# headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core)
# against `luutru serve` on a free loopback port with a temporary data
# directory. Installs what it needs when missing (chromium with apt,
# playwright-core and axe-core with npm ci). When something cannot be installed it says
# "not ok" with the reason — never a silent skip. Screenshots are kept in
# tests/artifacts/browser/.
. "${LUUTRU_SRC:-$(pwd)}/tests/integration/lib.sh"
[ -x "$LUUTRU" ] || { notok "browser: no luutru binary at $LUUTRU (set LUUTRU_BIN)"; exit 1; }

BROWSER_DIR="$SRC/tests/browser"
ARTIFACTS="$SRC/tests/artifacts/browser"

if [ ! -x /usr/bin/chromium ]; then
	if [ "$(id -u)" = 0 ]; then
		apt-get install -y chromium >"$WORK/apt.log" 2>&1 ||
			{ apt-get update >/dev/null 2>&1 && apt-get install -y chromium >"$WORK/apt.log" 2>&1; }
	elif command -v sudo >/dev/null 2>&1; then
		sudo -n apt-get install -y chromium >"$WORK/apt.log" 2>&1
	fi
fi
if [ ! -x /usr/bin/chromium ]; then
	notok "browser: chromium is not installed and could not be installed (apt-get install chromium: $(tail -1 "$WORK/apt.log" 2>/dev/null))"
	exit 1
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	notok "browser: node and npm are required (apt-get install nodejs npm)"
	exit 1
fi
if [ ! -d "$BROWSER_DIR/node_modules/playwright-core" ] || [ ! -f "$BROWSER_DIR/node_modules/axe-core/axe.min.js" ]; then
	(cd "$BROWSER_DIR" && npm ci --no-audit --no-fund >"$WORK/npm.log" 2>&1) ||
		{ notok "browser: npm ci in tests/browser failed: $(tail -1 "$WORK/npm.log")"; exit 1; }
fi
ok "browser: chromium, playwright-core and axe-core are available"

run init
expect_rc "browser: init" 0
echo "isolated = true" >>"$LUUTRU_DATA/luutru.conf"
printf 'archivist-pass-1\n' | "$LUUTRU" user add vanthu --role archivist --clearance 3 --password-stdin >/dev/null
printf 'officer-pass-1\n' | "$LUUTRU" user add canbo --role officer --clearance 0 --password-stdin >/dev/null
printf 'Báo cáo mật về kế hoạch qwertymat.\n' >"$WORK/secret.txt"
run ingest "$WORK/secret.txt" --meta secrecy=2 --meta subject="Báo cáo qwertymat"
expect_rc "browser: secret record ingested with --meta secrecy=2" 0
printf 'Tài liệu kiểm tra xsscheck.\n' >"$WORK/xss.txt"
run ingest "$WORK/xss.txt" --meta subject='<img src=x onerror="window.__xss=1"> xsscheck'
expect_rc "browser: record with markup in its subject ingested" 0
SECRET_ID=$(sql "SELECT id FROM records WHERE secrecy = 2 LIMIT 1")

# A catalog, a dossier with two records filed (out of date order), a hold,
# and a small batch to import through the UI.
"$LUUTRU" config set organ_id 000.00.00.G09 >/dev/null
write_plan "$WORK/plan.csv"
run catalog import "$WORK/plan.csv" --year 2024
expect_rc "browser: catalog imported" 0
run dossier open --year 2024 --entry 02.TCCB --json
expect_rc "browser: dossier opened" 0
DOSSIER_ID=$(jqo .id)
printf 'Thông báo kết quả thi tuyển công chức.\n' >"$WORK/tb.txt"
printf 'Quyết định tuyển dụng công chức năm 2024.\n' >"$WORK/qd.txt"
run ingest "$WORK/tb.txt" --json --meta kind=outgoing --meta issuedDate=2024-08-02 --meta typeName=07 --meta subject="Thông báo kết quả thi tuyển"
TB_ID=$(jqo '.records[0].id')
run ingest "$WORK/qd.txt" --json --meta kind=outgoing --meta issuedDate=2024-06-10 --meta typeName=02 --meta subject="Quyết định tuyển dụng công chức"
QD_ID=$(jqo '.records[0].id')
run dossier add "$DOSSIER_ID" "$TB_ID" "$QD_ID"
expect_rc "browser: records filed in the dossier" 0
# an administrative-procedure (TTHC) case for the QĐ 766 chart
run dossier open --tthc H26-2024-0001 --procedure 1.004227 --received 2024-06-11 --json
TTHC_ID=$(jqo .id)
run dossier add "$TTHC_ID" "$QD_ID" --role component
expect_rc "browser: a TTHC dossier with a component" 0
printf 'archivist-pass-1\n' | "$LUUTRU" --user vanthu --password-stdin hold place dossier "$DOSSIER_ID" \
	--reason "Thanh tra tuyển dụng" >"$WORK/out" 2>"$WORK/err"
RC=$?
expect_rc "browser: a hold placed on the dossier" 0
mkdir -p "$WORK/box"
cat >"$WORK/box/manifest.jsonl" <<'JSONL'
{"docId": "UI.0001", "typeName": "Công văn", "issuedDate": "2024-03-05", "subject": "Về việc họp giao ban", "text": "Nội dung họp giao ban tuần."}
{"docId": "UI.0002", "typeName": "Báo cáo", "issuedDate": "2024-04-10", "subject": "Báo cáo quý", "text": "Báo cáo tình hình quý."}
{"docId": "UI.0003", "typeName": "Thông báo", "issuedDate": "2024-05-15", "subject": "Thông báo lịch trực", "text": "Lịch trực của cơ quan."}
JSONL
(cd "$WORK/box" && tar czf "$WORK/batch.tar.gz" manifest.jsonl)

# Issue 18 through the pages: an approver; a permanent 2024 dossier with a
# complete record to describe, close and deposit; an incoming and two
# outgoing letters to register; a 2015 dossier whose retention counts from
# an event, closed and deposited, for the event date and a destruction.
printf 'approver-pass-1\n' | "$LUUTRU" user add lanhdao --role approver --clearance 3 --password-stdin >/dev/null
# an admin for the users and long-work pages (verify, backup: admin of
# clearance 3)
printf 'admin-pass-1\n' | "$LUUTRU" user add quantri --role admin --clearance 3 --password-stdin >/dev/null
run dossier open --year 2024 --entry 01.TH --json
META_ID=$(jqo .id)
printf 'Báo cáo tổng kết công tác năm 2024.\n' >"$WORK/bc.txt"
run ingest "$WORK/bc.txt" --json --meta kind=outgoing --meta issuedDate=2024-12-20 --meta typeName="Báo cáo" \
	--meta organName="UBND huyện" --meta codeNumber=120 --meta codeNotation=BC-UBND --meta subject="Báo cáo tổng kết năm 2024"
run dossier add "$META_ID" "$(jqo '.records[0].id')"
expect_rc "browser: a 2024 dossier to describe, close and deposit" 0
printf 'Kế hoạch công tác năm 2024.\n' >"$WORK/kh.txt"
run ingest "$WORK/kh.txt" --json --meta kind=outgoing --meta issuedDate=2024-01-15 --meta typeName="Kế hoạch" \
	--meta organName="UBND huyện" --meta codeNumber=5 --meta codeNotation=KH-UBND --meta subject="Kế hoạch công tác năm 2024"
FILE_ID=$(jqo '.records[0].id')
printf 'Công văn của Văn phòng UBND tỉnh.\n' >"$WORK/den.txt"
run ingest "$WORK/den.txt" --json --meta kind=incoming --meta issuedDate=2024-03-01 --meta typeName="Công văn" \
	--meta organName="Văn phòng UBND tỉnh" --meta codeNumber=15 --meta codeNotation=VP-HC --meta subject="Về việc báo cáo công tác văn thư"
IN_ID=$(jqo '.records[0].id')
printf 'Công văn đi số một.\n' >"$WORK/di1.txt"
printf 'Công văn đi số hai.\n' >"$WORK/di2.txt"
run ingest "$WORK/di1.txt" --json --meta kind=outgoing --meta issuedDate=2024-03-05 --meta typeName="Công văn" --meta subject="Công văn đi thứ nhất"
OUT1_ID=$(jqo '.records[0].id')
run ingest "$WORK/di2.txt" --json --meta kind=outgoing --meta issuedDate=2024-03-06 --meta typeName="Công văn" --meta subject="Công văn đi thứ hai"
OUT2_ID=$(jqo '.records[0].id')
cat >"$WORK/plan15.csv" <<'CSV'
heading,heading_abbr,notation,title,retention,keeper,note
TỔ CHỨC CÁN BỘ,TCCB,01.TCCB,Hồ sơ hợp đồng lao động,5 năm sau khi chấm dứt hợp đồng,Phòng TCCB,
TỔ CHỨC CÁN BỘ,TCCB,02.TCCB,Hồ sơ quy hoạch cán bộ,Vĩnh viễn,Phòng TCCB,
CSV
run catalog import "$WORK/plan15.csv" --year 2015
run dossier open --year 2015 --entry 01.TCCB --json
EVENT_ID=$(jqo .id)
printf 'Hợp đồng lao động số 12/HĐ.\n' >"$WORK/hd.txt"
run ingest "$WORK/hd.txt" --json --meta kind=outgoing --meta issuedDate=2015-05-04 --meta typeName="Hợp đồng" \
	--meta organName="UBND huyện" --meta codeNumber=12 --meta codeNotation=HĐ --meta subject="Hợp đồng lao động"
run dossier add "$EVENT_ID" "$(jqo '.records[0].id')"
run dossier set "$EVENT_ID" riskRecovery=0
run dossier close "$EVENT_ID"
run dossier archive "$EVENT_ID" --date 2016-01-05
expect_rc "browser: a 2015 dossier with an event-based retention, closed and deposited" 0
run dossier open --year 2015 --entry 02.TCCB --json
CLOSED_ID=$(jqo .id)
printf 'Quyết định phê duyệt quy hoạch cán bộ.\n' >"$WORK/qh.txt"
run ingest "$WORK/qh.txt" --json --meta kind=outgoing --meta issuedDate=2015-09-10 --meta typeName="Quyết định" \
	--meta organName="UBND huyện" --meta codeNumber=30 --meta codeNotation=QĐ-UBND --meta subject="Phê duyệt quy hoạch cán bộ"
run dossier add "$CLOSED_ID" "$(jqo '.records[0].id')"
run dossier set "$CLOSED_ID" riskRecovery=0
run dossier close "$CLOSED_ID"
expect_rc "browser: a closed 2015 dossier awaiting deposit" 0

# Issue 22, the reviewer's pages: a scan Tesseract reads below quality 100
# (the OCR review list); the administrator is quantri, above.
cp "$SRC/samples/nb-02-foot.png" "$WORK/noi-nhan.png"
run ingest "$WORK/noi-nhan.png" --json --meta subject="Nơi nhận của thông báo"
SCAN_ID=$(jqo '.records[0].id')
[ "$(sql "SELECT count(*) FROM pages WHERE record_id = $SCAN_ID AND source = 0 AND quality < 100")" = 1 ] &&
	ok "browser: a recognised scan to review" || notok "browser: the scan to review was not recognised below 100"
# A record whose stored file is then changed on disk: the verify started
# from the work page must name it.
printf 'Biên bản kiểm kê zzkiemke.\n' >"$WORK/kk.txt"
run ingest "$WORK/kk.txt" --json --meta docId=BR.HONG.1 --meta subject="Biên bản kiểm kê zzkiemke"
KK_SHA=$(sql "SELECT f.sha256 FROM record_files f JOIN records r ON r.id = f.record_id WHERE r.doc_id = 'BR.HONG.1' AND f.role = 'original'")
KK_BLOB="$LUUTRU_DATA/blobs/$(echo "$KK_SHA" | cut -c1-2)/$(echo "$KK_SHA" | cut -c3-4)/$KK_SHA"
printf 'X' | dd of="$KK_BLOB" bs=1 seek=0 conv=notrunc 2>/dev/null
[ -n "$KK_SHA" ] && [ -f "$KK_BLOB" ] && ok "browser: a record whose stored file is changed on disk" ||
	notok "browser: the record to damage"
# Issue 22, long work: a scanned PDF of two pages (the sample letter's
# PNG as each page's image, no text layer), recognised page by page; the
# work page shows its job's pages.
python3 - "$SRC/samples/cv-15-vp.png" "$WORK/hai-trang.pdf" <<'PY'
import struct, sys
png = open(sys.argv[1], 'rb').read()
w, h, depth, colour, _, _, interlace = struct.unpack('>IIBBBBB', png[16:29])
assert depth == 8 and colour == 0 and interlace == 0  # 8-bit grey: IDAT is the image
idat, i = b'', 8
while i < len(png):
    n, kind = struct.unpack('>I4s', png[i:i + 8])
    if kind == b'IDAT':
        idat += png[i + 8:i + 8 + n]
    i += 12 + n
pw, ph = w * 72 // 300, h * 72 // 300  # 300 dpi
draw = b'q %d 0 0 %d 0 0 cm /Im1 Do Q' % (pw, ph)
objs = [b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>']
page = b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 5 0 R /Resources << /XObject << /Im1 6 0 R >> >> >>' % (pw, ph)
objs += [page, page, b'<< /Length %d >>\nstream\n%s\nendstream' % (len(draw), draw)]
objs.append(b'<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns %d >> /Length %d >>\nstream\n' % (w, h, w, len(idat)) + idat + b'\nendstream')
out, offs = b'%PDF-1.4\n', []
for k, o in enumerate(objs):
    offs.append(len(out))
    out += b'%d 0 obj\n' % (k + 1) + o + b'\nendobj\n'
xref = len(out)
out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1) + b''.join(b'%010d 00000 n \n' % o for o in offs)
out += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs) + 1, xref)
open(sys.argv[2], 'wb').write(out)
PY
run ingest "$WORK/hai-trang.pdf" --json --meta subject="Công văn hai trang"
TWO_ID=$(jqo '.records[0].id')
OCR_WORK="ocr-$(sql "SELECT id FROM jobs WHERE record_id = $TWO_ID")"
[ "$(sql "SELECT count(*) || '/' || min(source) FROM pages WHERE record_id = $TWO_ID")" = 2/0 ] &&
	ok "browser: a scanned PDF of two pages recognised" || notok "browser: the two-page scan was not recognised"
# Issue 22: the 2025 catalog to import through the catalog page (and one
# whose third line has a free-text retention, refused whole).
cat >"$WORK/plan25.csv" <<'CSV'
heading,heading_abbr,notation,title,retention,keeper,note
TỔNG HỢP,TH,01.TH,"Kế hoạch, báo cáo công tác năm 2025",Vĩnh viễn,Văn phòng,
TỔNG HỢP,TH,02.TH,Hồ sơ hội nghị cán bộ công chức,10 năm,Văn phòng,
TỔ CHỨC CÁN BỘ,TCCB,03.TCCB,Hồ sơ nâng lương,20 năm,Phòng TCCB,
CSV
sed '3s/10 năm/khá lâu/' "$WORK/plan25.csv" >"$WORK/plan25-bad.csv"

"$LUUTRU" serve --listen 127.0.0.1:0 --ready-file "$WORK/ready" >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
i=0
while [ ! -s "$WORK/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
URL=$(cat "$WORK/ready" 2>/dev/null)
[ -n "$URL" ] || { notok "browser: server did not start"; sed 's/^/#   /' "$WORK/serve.err"; exit 1; }

rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS"
(cd "$BROWSER_DIR" && LUUTRU_URL="$URL" LT_ARCHIVIST=vanthu LT_ARCHIVIST_PW=archivist-pass-1 \
	LT_OFFICER=canbo LT_OFFICER_PW=officer-pass-1 LT_SECRET_ID="$SECRET_ID" \
	LT_SECRET_WORD=qwertymat LT_SAMPLE="$SRC/samples/cv-15-vp.png" LT_ARTIFACTS="$ARTIFACTS" LT_DATA="$LUUTRU_DATA" \
	LT_DOSSIER_ID="$DOSSIER_ID" LT_FIRST_ID="$QD_ID" LT_SECOND_ID="$TB_ID" LT_BATCH="$WORK/batch.tar.gz" \
	LT_APPROVER=lanhdao LT_APPROVER_PW=approver-pass-1 LT_META_ID="$META_ID" LT_IN_ID="$IN_ID" \
	LT_OUT1_ID="$OUT1_ID" LT_OUT2_ID="$OUT2_ID" LT_EVENT_ID="$EVENT_ID" LT_CLOSED_ID="$CLOSED_ID" LT_FILE_ID="$FILE_ID" \
	LT_ADMIN=quantri LT_ADMIN_PW=admin-pass-1 LT_SCAN_ID="$SCAN_ID" LT_DAMAGED_DOC=BR.HONG.1 \
	LT_PLAN25="$WORK/plan25.csv" LT_PLAN25_BAD="$WORK/plan25-bad.csv" LT_OCR_WORK="$OCR_WORK" \
	timeout 600 node ui.test.js) >"$WORK/browser.out" 2>&1
BRC=$?
grep -E '^((not )?ok |# )' "$WORK/browser.out"
grep -Eq '^(not )?ok ' "$WORK/browser.out" || { notok "browser: the test printed nothing (exit $BRC)"; sed 's/^/#   /' "$WORK/browser.out" | head -20; }
[ $BRC -eq 0 ] || echo "# browser test exit $BRC; screenshots in $ARTIFACTS"
n=$(find "$ARTIFACTS" -name '*.png' | wc -l)
[ "$n" -ge 5 ] && ok "browser: $n screenshots kept in tests/artifacts/browser" || notok "browser: only $n screenshots"
kill -TERM $SERVER
wait $SERVER 2>/dev/null
[ $? -eq 0 ] && ok "browser: server stops cleanly" || notok "browser: server exit after SIGTERM"
