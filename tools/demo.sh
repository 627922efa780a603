#!/bin/sh
# tools/demo.sh BIN — the README's first command after the build: a data
# directory with demo records made from samples/, then searches that show hits.
# Re-running it keeps the records already there (their docId is known).
set -u
BIN=${1:-build/luutru}
cd "$(dirname "$0")/.."
export LUUTRU_DATA=${LUUTRU_DATA:-$(pwd)/luutru-data}
S=samples

"$BIN" init || exit $?

ingest() { # file docId typeName number notation date organ subject
	f=$1; shift
	if "$BIN" show "$1" >/dev/null 2>&1; then
		echo "Đã có: $f ($1)"
		return 0
	fi
	"$BIN" ingest "$S/$f" --meta docId="$1" --meta typeName="$2" --meta codeNumber="$3" \
		--meta codeNotation="$4" --meta issuedDate="$5" --meta organName="$6" \
		--meta subject="$7" --meta kind=outgoing
}

ingest cv-15-vp.png H01.2024.VP.0015 "Công văn" 15 VP-HC 2024-11-20 "Văn phòng UBND huyện An Hòa" \
	"V/v lập hồ sơ công việc năm 2024" || exit $?
ingest qd-120-ubnd.jpg H01.2024.UB.0120 "Quyết định" 120 QĐ-UBND 2024-01-15 "UBND huyện An Hòa" \
	"Về việc ban hành Danh mục hồ sơ năm 2024" || exit $?
ingest tb-08-vp.tif H01.2024.VP.0008 "Thông báo" 08 TB-VP 2024-11-28 "Văn phòng UBND huyện An Hòa" \
	"Lịch tiếp công dân tháng 12 năm 2024" || exit $?
ingest kh-21-pnv.pdf H01.2024.NV.0021 "Kế hoạch" 21 KH-PNV 2024-12-02 "Phòng Nội vụ huyện An Hòa" \
	"Số hóa tài liệu lưu trữ năm 2025" || exit $?
ingest bc-33-vp.txt H01.2024.VP.0033 "Báo cáo" 33 BC-VP 2024-12-20 "Văn phòng UBND huyện An Hòa" \
	"Công tác văn thư, lưu trữ năm 2024" || exit $?

echo
echo "== luutru search \"ho so\"   (gõ không dấu / typed without diacritics)"
"$BIN" search "ho so" --limit 3 || exit $?
echo
echo "== luutru search \"tiếp công dân\""
"$BIN" search "tiếp công dân" --limit 3 || exit $?
echo
echo "Dữ liệu ở / data in: $LUUTRU_DATA"
echo "Thử / try: $BIN search \"so hoa tai lieu\"   ·   $BIN show H01.2024.UB.0120"

# Then the web UI on loopback with demo accounts, until Ctrl-C
# (LUUTRU_DEMO_SERVE=0 skips it).
[ "${LUUTRU_DEMO_SERVE:-1}" = 0 ] && exit 0
LISTEN=${LUUTRU_LISTEN:-127.0.0.1:8080}
echo
echo "== Giao diện web / web UI: http://$LISTEN/   (Ctrl-C để dừng / to stop)"
exec "$BIN" serve --listen "$LISTEN" --demo
