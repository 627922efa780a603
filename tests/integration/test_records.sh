#!/bin/sh
# tests/integration/test_records.sh — an archivist's year through the real
# binary and the HTTP API (issue 18): the catalog (schedule rules, an event
# retention, a sub-heading, amendments after it was issued) → dossiers with
# their TT 05/2025 fields → incoming and outgoing registers (arrival numbers,
# the sender's number kept, a justified void) → links and tasks → closing
# (record fields checked) → deposit to the agency archive on its date with
# the deposit list and hand-over record (NĐ 30 layout, HTML and PDF) →
# retention with an event recorded later → a hold → destruction by two
# people with the appraisal opinion and the hand-over → transfer to the
# historical archive (the right counts in words) → TTHC dossiers and the
# QĐ 766 score → a package with PREMIS → a TT 02/2019 manifest. It ends
# with `luutru check` reporting no error the script did not plant.
#
# The work year is last year (so every date of it is in the past) and the
# current year has its catalog too (rule 15).
. "$(dirname "$0")/lib.sh"

need_tools records jq pdftotext curl xmllint python3

Y=$(date +%Y)
L=$((Y - 1))
TODAY=$(date +%F)
pdf_has() { # NAME FILE PATTERN: the PDF's text (pdftotext) has PATTERN
	if pdftotext -q "$2" - 2>/dev/null | grep -Eq -- "$3"; then ok "$1"; else
		notok "$1 (the PDF text lacks /$3/)"; pdftotext -q "$2" - 2>/dev/null | head -40 | sed 's/^/#   /'
	fi
}
file_has() { # NAME FILE PATTERN
	if grep -Eq -- "$3" "$2"; then ok "$1"; else notok "$1 ($2 lacks /$3/)"; fi
}

run init; expect_rc "records: init" 0
run config set organ_id 000.00.00.H26; expect_rc "records: organ id" 0
run config set organ_name "Ủy ban nhân dân huyện Cẩm Xuyên"; expect_rc "records: organ name" 0
run config set organ_parent "Ủy ban nhân dân tỉnh Hà Tĩnh"; expect_rc "records: parent agency" 0
run config set place "Cẩm Xuyên"; expect_rc "records: place" 0
adduser lan archivist 0; adduser minh approver 0; adduser thanh inspector 0; adduser hoa officer 0

# ---- the retention schedule and the catalog (18.3, 18.4) ------------------------
cat >"$WORK/schedule.csv" <<'CSV'
code,title,group,maintenance,years,action,legal_basis,event
1.1,Hồ sơ xây dựng quy chế,1 Tổng hợp,01,,transfer,TT 10/2022,
1.2,Văn bản gửi để biết,1 Tổng hợp,07,5,destroy,TT 10/2022,
1.9,Tập văn bản gửi chung,1 Tổng hợp,07,,review,TT 10/2022,văn bản hết hiệu lực
4.2,Hợp đồng lao động vụ việc,4 Lao động,07,5,destroy,TT 10/2022,chấm dứt hợp đồng
5.1,Hồ sơ tài chính năm,5 Tài chính,06,,destroy,TT 10/2022,
CSV
run retention schedule load "$WORK/schedule.csv"; expect_rc "records: schedule with event rules loaded" 0
run retention schedule --json
[ "$(jqo '[.[] | select(.code == "4.2" and .event == "chấm dứt hợp đồng" and .years == 5)] | length')" = 1 ] &&
	ok "records: a schedule rule counted from an event" || notok "records: schedule event rule"

printf 'heading,heading_abbr,notation,title,retention,keeper,note\nTỔNG HỢP,TH,,Sổ tay,abc,Văn phòng,\n' >"$WORK/bad.csv"
run catalog import "$WORK/bad.csv" --year "$L"; expect_rc "records: free-text retention refused" 2
expect_err "records: the refusal lists the accepted forms" "N năm sau khi"
[ "$(sql "SELECT count(*) FROM fileplans")" = 0 ] && ok "records: nothing imported" || notok "records: bad import left rows"

cat >"$WORK/plan.csv" <<'CSV'
heading,heading_abbr,subheading,notation,title,retention,keeper,note,rule
TỔNG HỢP,TH,,,Hồ sơ xây dựng quy chế làm việc,,Văn phòng,,1.1
TỔNG HỢP,TH,,,Tập văn bản gửi chung của cấp trên,Đến khi văn bản hết hiệu lực,Văn phòng,,1.9
TỔNG HỢP,TH,1. Công văn trao đổi,,Công văn trao đổi về công tác văn thư,10 năm,Văn phòng,,
LAO ĐỘNG,LĐ,,,Hợp đồng lao động vụ việc năm,,Phòng Nội vụ,,4.2
TÀI CHÍNH,TC,,,Hồ sơ dự toán ngân sách,,Phòng Tài chính,,5.1
CSV
run catalog import "$WORK/plan.csv" --year "$L"; expect_rc "records: catalog with rules, an event retention, a sub-heading" 0
[ "$(sql "SELECT retention_label FROM fileplan_entries WHERE notation = '04.LĐ'")" = "5 năm sau khi chấm dứt hợp đồng" ] &&
	ok "records: the rule gave the event retention" || notok "records: rule retention"
run catalog finalize --year "$L" --approved-by "Chủ tịch UBND huyện" --issued "$L-01-10"; expect_rc "records: catalog issued" 0
run catalog add --year "$L" --heading TH --title "Hồ sơ hội nghị tổng kết năm" --retention "Vĩnh viễn" --keeper "Văn phòng"
expect_rc "records: adding a row needs a reason" 2
run catalog add --year "$L" --heading TH --title "Hồ sơ hội nghị tổng kết năm" --retention "Vĩnh viễn" --keeper "Văn phòng" --reason "phát sinh" --json
expect_rc "records: a row added after the catalog was issued" 0
[ "$(jqo .notation)" = "06.TH" ] && ok "records: numbered next (rule 17)" || notok "records: added notation $(jqo .notation)"
run catalog amend 03.TH --year "$L" "title=Công văn trao đổi về văn thư, lưu trữ" --reason "sửa tên"
expect_rc "records: a row amended" 0
run catalog add-heading --year "$L" --title "2. Văn bản nội bộ" --parent TH --reason "tách nhóm"; expect_rc "records: a sub-heading added" 0
run catalog history --year "$L" --json
[ "$(jqo '[.[] | .action] | sort | join(",")')" = "add_entry,add_heading,amend_entry" ] &&
	ok "records: the amendments are in the history" || notok "records: history $(jqo '[.[] | .action]')"
run --lang en catalog print --year "$L" --format pdf -o "$WORK/catalog.pdf"; expect_rc "records: catalog as PDF" 0
pdf_has "records: the catalog is Vietnamese whatever --lang" "$WORK/catalog.pdf" "DANH MỤC HỒ SƠ"
pdf_has "records: catalog Quốc hiệu" "$WORK/catalog.pdf" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
pdf_has "records: catalog sub-heading" "$WORK/catalog.pdf" "1\\. Công văn trao đổi"
# this year's catalog too (rule 15 looks at the current year)
printf 'heading,heading_abbr,notation,title,retention,keeper,note\nTỔNG HỢP,TH,,Hồ sơ xây dựng quy chế,Vĩnh viễn,Văn phòng,\n' >"$WORK/plan2.csv"
run catalog import "$WORK/plan2.csv" --year "$Y"; expect_rc "records: this year's catalog" 0
run catalog finalize --year "$Y" --approved-by "Chủ tịch UBND huyện" --issued "$Y-01-01"; expect_rc "records: issued" 0

# ---- records and the registers, both ways (18.1, 18.2) ---------------------------
mk() { # NAME KIND DATE SUBJECT [--meta K=V...]: ingest a text record; its id in $ID
	_mn=$1 _mk=$2 _md=$3 _ms=$4; shift 4
	printf "%s\n" "$_ms" >"$WORK/$_mn.txt"
	run ingest "$WORK/$_mn.txt" --json --meta kind="$_mk" --meta issuedDate="$_md" \
		--meta subject="$_ms" --meta typeName=22 --meta organName="UBND xã Cẩm Thành" "$@"
	ID=$(jqo '.records[0].id')
}
mk in1 incoming "$L-03-02" "V/v đề nghị hỗ trợ kinh phí" --meta codeNumber=15 --meta codeNotation=VP-HC; IN1=$ID
mk in2 incoming "$L-03-01" "V/v báo cáo tình hình" --meta codeNumber=16 --meta codeNotation=UBND-VP; IN2=$ID
mk out1 outgoing "$L-03-05" "V/v trả lời đề nghị hỗ trợ kinh phí" --meta codeNotation=UBND-VP; OUT1=$ID
mk out2 outgoing "$L-03-03" "V/v triệu tập họp" --meta codeNotation=UBND-VP; OUT2=$ID
mk out3 outgoing "$L-03-06" "V/v kiểm kê tài sản" --meta codeNotation=UBND-VP; OUT3=$ID
run register assign "$IN1" --register DI --date "$L-03-03"
expect_rc "records: an incoming letter cannot take an outgoing number" 7
[ "$(sql "SELECT code_number || '/' || code_notation FROM records WHERE id = $IN1")" = "15/VP-HC" ] &&
	ok "records: the sender's number and notation unchanged" || notok "records: sender's number changed"
run register assign "$IN1" --register DEN --date "$L-03-03" --json; expect_rc "records: arrival number" 0
[ "$(sql "SELECT arrival_number || ' ' || code_number || '/' || code_notation FROM records WHERE id = $IN1")" = "1 15/VP-HC" ] &&
	ok "records: arrival number of its own, sender's number kept" || notok "records: arrival number"
run register assign "$IN2" --register DEN --date "$L-03-04"; expect_rc "records: second arrival number" 0
run register assign "$OUT2" --register DEN --date "$L-03-04"; expect_rc "records: an outgoing record cannot take an arrival number" 7
# assigned in registration order, though the documents' own dates differ
run register assign "$OUT1" --register DI --date "$L-03-05"; expect_rc "records: outgoing number 01" 0
run register assign "$OUT2" --register DI --date "$L-03-05"; expect_rc "records: outgoing number 02" 0
run register assign "$OUT3" --register DI --date "$L-03-06"; expect_rc "records: outgoing number 03" 0
run register void --register DI --year "$L" --number 2 --reason "ban hành nhầm, thu hồi số"; expect_rc "records: a justified void" 0
run register assign "$OUT2" --register DI --date "$L-03-07"; expect_rc "records: renumbered after the void" 0
run register void --register DEN --year "$L" --number 2 --reason "vào sổ nhầm"; expect_rc "records: an incoming void" 0
[ "$(sql "SELECT code_number || '/' || code_notation FROM records WHERE id = $IN2")" = "16/UBND-VP" ] &&
	ok "records: a void keeps the sender's number" || notok "records: void erased the sender's number"
run register assign "$IN2" --register DEN --date "$L-03-07"; expect_rc "records: incoming renumbered" 0
run check --json
for r in 1 2 4; do
	[ "$(jqo "[.tables.findings[] | select(.rule == $r and .severity == \"error\")] | length")" = 0 ] &&
		ok "records: rule $r passes (voids justified, registration dates)" ||
		notok "records: rule $r: $(jqo "[.tables.findings[] | select(.rule == $r)] | .[0].message")"
done
run --lang en register print --register DI --year "$L" --format pdf -o "$WORK/di.pdf"; expect_rc "records: register as PDF" 0
pdf_has "records: the register is Vietnamese whatever --lang" "$WORK/di.pdf" "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
pdf_has "records: the register's type label in Vietnamese" "$WORK/di.pdf" "Công văn"
pdf_has "records: a void with its reason" "$WORK/di.pdf" "Số bị hủy"
pdf_has "records: register dates dd/mm/yyyy" "$WORK/di.pdf" "05/03/$L"

# ---- links and tasks --------------------------------------------------------------
run link add "$OUT1" reply_to "$IN1"; expect_rc "records: the reply linked" 0
run task add "$IN2" --lead "Phòng Tài chính" --due "$L-03-20" --json; expect_rc "records: a task" 0
TASK=$(jqo .id)
run task update "$TASK" --status done --result "Đã báo cáo" --reply "$OUT3"; expect_rc "records: the task done" 0

# ---- dossiers: TT 05 fields, close checks (18.4) ----------------------------------
run dossier open --year "$L" --entry 03.TH --json; D3=$(jqo .id)
run dossier add "$D3" "$IN1" "$IN2" "$OUT1" "$OUT2" "$OUT3"; expect_rc "records: records filed" 0
mk bare incoming "$L-04-01" "V/v tài liệu chưa đủ trường"; BARE=$ID
sql "UPDATE records SET type_name = NULL, organ_name = NULL WHERE id = $BARE"
run dossier add "$D3" "$BARE"
run dossier close "$D3"; expect_rc "records: close refused: a record lacks required fields" 7
expect_err "records: names the record and its fields" "typeName, organName"
run edit "$BARE" --set typeName=14 --set organName="UBND xã Cẩm Thành"; expect_rc "records: the record completed" 0
run dossier close "$D3"; expect_rc "records: close refused: no backup regime" 7
expect_err "records: says how to set it" "riskRecovery"
run dossier set "$D3" riskRecovery=1 confidenceLevel=abc; expect_rc "records: a bad code changes nothing" 2
[ "$(sql "SELECT risk_recovery IS NULL FROM dossiers WHERE id = $D3")" = 1 ] && ok "records: all or nothing" || notok "records: partial set"
run dossier set "$D3" riskRecovery=1 riskRecoveryStatus=01 confidenceLevel=01 format=01 "creator=Nguyễn Thị Lan" numberOfPaper=0 "keyword=văn thư"
expect_rc "records: TT 05 fields set" 0
run dossier fields --json
[ "$(jqo '[.[] | select(.tag == "riskRecovery" or .tag == "paperFileCode" or .tag == "numberOfPaper")] | length')" = 3 ] &&
	ok "records: the settable fields are listed" || notok "records: dossier fields"
run dossier close "$D3"; expect_rc "records: closed" 0
run edit "$IN1" --set subject="sửa sau khi đóng"; expect_rc "records: a closed dossier's records are read-only" 7
run dossier toc "$D3" --format pdf -o "$WORK/toc.pdf"; expect_rc "records: table of contents as PDF" 0
pdf_has "records: toc in NĐ 30 layout" "$WORK/toc.pdf" "MỤC LỤC VĂN BẢN"

open_fill_close() { # ENTRY RECORD...: open, file, set, close; the id in $D
	_e=$1; shift
	run dossier open --year "$L" --entry "$_e" --json; D=$(jqo .id)
	run dossier add "$D" "$@"
	run dossier set "$D" riskRecovery=0
	run dossier close "$D"; expect_rc "records: dossier $_e closed" 0
}
mk q1 internal "$L-02-10" "Quy chế làm việc của UBND huyện"; Q1=$ID
open_fill_close 01.TH "$Q1"; D1=$D
mk hd1 internal "$L-05-10" "Hợp đồng lao động vụ việc bảo vệ"; HD1=$ID
open_fill_close 04.LĐ "$HD1"; D4=$D
mk tc1 internal "$L-06-10" "Dự toán ngân sách năm"; TC1=$ID
open_fill_close 05.TC "$TC1"; D5=$D

# ---- deposit to the agency archive on its date (18.5, 18.6) -------------------------
run dossier archive "$D1" "$D3" "$D4" "$D5" --date "$L-12-28" --giver "Văn phòng" --giver-person "Nguyễn Thị Lan" \
	--receiver-person "Trần Văn Bình" -o "$WORK/deposit" --json
expect_rc "records: deposited on its date" 0
DEP=$(jqo .depositId)
[ "$(sql "SELECT count(*) FROM dossiers WHERE archived_at = '$L-12-28T00:00:00Z' AND deposit_id = $DEP")" = 4 ] &&
	ok "records: the deposit date is the real one" || notok "records: archived_at"
H="$WORK/deposit/bien-ban-giao-nhan-$DEP.pdf"
pdf_has "records: hand-over Quốc hiệu" "$H" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
pdf_has "records: hand-over Tiêu ngữ" "$H" "Độc lập - Tự do - Hạnh phúc"
pdf_has "records: hand-over agency" "$H" "HUYỆN CẨM XUYÊN"
pdf_has "records: hand-over number" "$H" "Số: 01/BB-NLCQ"
pdf_has "records: hand-over place and date" "$H" "Cẩm Xuyên, ngày 28 tháng 12 năm $L"
pdf_has "records: hand-over counts in words" "$H" "4 \\(bốn\\)"
file_has "records: hand-over as HTML too" "$WORK/deposit/bien-ban-giao-nhan-$DEP.html" "BÊN NHẬN: Lưu trữ cơ quan"
pdf_has "records: deposit list" "$WORK/deposit/muc-luc-nop-luu-$DEP.pdf" "MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU"
pdf_has "records: deposit list dates dd/mm/yyyy" "$WORK/deposit/muc-luc-nop-luu-$DEP.pdf" "10/02/$L"
run deposit list --json; [ "$(jqo '.[0].dossiers')" = 4 ] && ok "records: deposit listed" || notok "records: deposit list"
run --lang en deposit print "$DEP" --form handover --format html
expect_out "records: forms are Vietnamese whatever --lang" "Biên bản này được lập thành hai bản"

# ---- retention with an event (18.3) ---------------------------------------------------
run dossier show "$D4" --json
[ "$(jqo .retentionEvent)" = "chấm dứt hợp đồng" ] && [ "$(jqo .expiryYear)" = null ] &&
	ok "records: an event retention closes, its expiry waiting for the event" || notok "records: event dossier"
run retention event "$D4" --date "$L-12-15" --note "Hợp đồng số 12/HĐ" --json; expect_rc "records: the event's date recorded" 0
[ "$(jqo .expiryYear)" = "$((L + 5))" ] && [ "$(jqo .disposalFrom)" = "$((L + 6))-01-01" ] &&
	ok "records: the due date computed then" || notok "records: event expiry $(jqo .expiryYear)"
run retention event "$D5" --date "$L-12-15"; expect_rc "records: no event in a fixed retention" 2

# ---- back-entered 2015 dossiers: hold, destruction by two people (18.7) -----------------
printf 'heading,heading_abbr,notation,title,retention,keeper,note\nTỔNG HỢP,TH,,Văn bản gửi để biết,5 năm,Văn phòng,\nTỔNG HỢP,TH,,Quy chế cũ,Vĩnh viễn,Văn phòng,\nTỔNG HỢP,TH,,Quy định cũ,Vĩnh viễn,Văn phòng,\nTỔNG HỢP,TH,,Thông báo cũ,5 năm,Văn phòng,\n' >"$WORK/plan15.csv"
run catalog import "$WORK/plan15.csv" --year 2015; expect_rc "records: a 2015 catalog" 0
run catalog finalize --year 2015 --approved-by "Chủ tịch UBND huyện" --issued 2015-01-10; expect_rc "records: 2015 issued" 0
for n in 1 2 3 4; do
	mk old$n internal "2015-0$n-10" "Văn bản năm 2015 số $n"
	run dossier open --year 2015 --entry "0$n.TH" --json; D=$(jqo .id)
	run dossier add "$D" "$ID"; run dossier set "$D" riskRecovery=0
	run dossier close "$D"; expect_rc "records: 2015 dossier $n closed" 0
	eval "O$n=$D"
done
run dossier archive "$O1" "$O2" "$O3" "$O4" --date 2016-01-05; expect_rc "records: back-entered deposit dated 2016" 0
run check --json
[ "$(jqo '[.tables.findings[] | select(.rule == 24 and (.message | test("nộp lưu muộn|deposited late")))] | length')" = 0 ] &&
	ok "records: not 'deposited late' (the real date counts)" || notok "records: rule 24 lateness"
run_as hoa hold place dossier "$O1" --reason "Thanh tra" --json; HOLD=$(jqo .holdId)
run_as lan dispose propose --dossier "$O1"; expect_rc "records: a held dossier is not proposed" 7
run_as hoa hold release "$HOLD" --reason "Xong"; expect_rc "records: hold released" 0
run_as lan dispose propose --dossier "$O4" --reason "thử" --json; CANCEL=$(jqo .listId)
run_as lan dispose cancel "$CANCEL"; expect_rc "records: cancelling needs a reason" 2
run_as lan dispose cancel "$CANCEL" --reason "Hội đồng đề nghị giữ lại"; expect_rc "records: a proposed list cancelled" 0
run_as lan dispose propose --dossier "$O1" --dossier "$O4" --reason "Hết thời hạn bảo quản" --json
expect_rc "records: the cancelled list's dossier proposed again" 0
LIST=$(jqo .listId)
run_as lan dispose approve "$LIST" --decision "45/QĐ-UBND" --decision-date "$TODAY" --minutes "Biên bản họp Hội đồng ngày $TODAY" --appraisal "x"
expect_rc "records: the proposer cannot approve" 7
run_as minh dispose approve "$LIST" --decision "45/QĐ-UBND" --decision-date "$TODAY" --minutes "Biên bản họp Hội đồng ngày $TODAY"
expect_rc "records: approval needs the appraisal opinion" 2
run_as minh dispose approve "$LIST" --decision "45/QĐ-UBND" --decision-date "$TODAY" --minutes "Biên bản họp Hội đồng ngày $TODAY" \
	--appraisal "Công văn số 120/SNV-CCVTLT của Sở Nội vụ"
expect_rc "records: approved by another person" 0
run_as lan dispose execute "$LIST"; expect_rc "records: execution needs the hand-over" 2
run_as lan dispose execute "$LIST" --handover "Bàn giao cho Công ty Môi trường huyện ngày $TODAY" --json
expect_rc "records: destroyed" 0
run dispose report "$LIST" --format pdf -o "$WORK/huy.pdf"; expect_rc "records: destruction record as PDF" 0
pdf_has "records: destruction record layout" "$WORK/huy.pdf" "Về việc hủy tài liệu hết giá trị"
pdf_has "records: destruction record has the appraisal" "$WORK/huy.pdf" "120/SNV-CCVTLT"
pdf_has "records: destruction record has the hand-over" "$WORK/huy.pdf" "Công ty Môi trường"
pdf_has "records: destruction counts in words" "$WORK/huy.pdf" "2 \\(hai\\) hồ sơ"

# ---- transfer to the historical archive (18.6: counts right) ----------------------------
run_as lan transfer run --dossier "$O2" --dossier "$O3" -o "$WORK/transfer" --receiver "Trung tâm Lưu trữ lịch sử tỉnh"
expect_rc "records: transferred" 0
T="$WORK/transfer/bien-ban-giao-nhan.pdf"
pdf_has "records: transfer record in NĐ 30 layout" "$T" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
pdf_has "records: two dossiers in words" "$T" "quản\\): 2 \\(hai\\)"
pdf_has "records: two files in words, not the package's" "$T" "tổng số tệp tài liệu: 2 \\(hai\\)"
if pdftotext -q "$T" - | grep -q "mười"; then notok "records: no 'mười' in the transfer record"; else ok "records: no 'mười' in the transfer record"; fi
PKGDIR="$WORK/pkg"; mkdir -p "$PKGDIR"; (cd "$PKGDIR" && unzip -q "$WORK/transfer/goi-nop-luu.zip")
BAG=$(dirname "$(find "$PKGDIR" -name bagit.txt | head -1)")
M=$(find "$PKGDIR" -name mets.xml | head -1)
xmllint --noout "$M" 2>/dev/null && ok "records: METS well-formed" || notok "records: METS not well-formed"
if [ -f "$SHARED/fixtures/schemas/mets.xsd" ]; then
	xmllint --noout --schema "$SHARED/fixtures/schemas/mets.xsd" "$M" 2>/dev/null &&
		ok "records: METS valid against mets.xsd" || notok "records: METS invalid"
fi
if [ -f "$SHARED/tools/bagit.py" ]; then
	python3 "$SHARED/tools/bagit.py" --validate "$BAG" >/dev/null 2>&1 &&
		ok "records: the bag is valid (bagit.py)" || notok "records: bagit.py refuses the bag"
fi
for e in ingestion "message digest calculation" "fixity check" accession transfer; do
	grep -q "<premis:eventType>$e</premis:eventType>" "$M" && ok "records: PREMIS event $e" || notok "records: PREMIS event $e"
done
grep -q "<lt:fileCode>" "$M" && ! grep -q "<fileCode>" "$M" && ok "records: TT 05 fields in their own namespace" ||
	notok "records: TT 05 fields namespace"

# ---- TTHC dossiers and the QĐ 766 score (18.8) -------------------------------------------
mk tp1 incoming "$L-07-01" "Đơn đề nghị cấp giấy phép xây dựng"; TP1=$ID
mk tk1 outgoing "$L-07-10" "Giấy phép xây dựng"; TK1=$ID
mk tp2 incoming "$L-07-02" "Đơn đề nghị cấp giấy phép"; TP2=$ID
run dossier open --tthc "H26.22-$L-0001" --procedure 1.009994 --received "$L-07-01" --result-on-paper --json; T1=$(jqo .id)
expect_rc "records: a TTHC dossier" 0
run dossier add "$T1" "$TP1" --role component; run dossier add "$T1" "$TK1" --role result
run dossier open --tthc "H26.22-$L-0002" --procedure 1.009994 --received "$L-07-02" --result-on-paper --json; T2=$(jqo .id)
run dossier add "$T2" "$TP2" --role component
run stats --from "$L-01-01" --to "$L-12-31" --json
# hand-computed: T1 a component with a file and its paper result's file;
# T2 a component with a file but its paper result not attached → 1 of 2,
# 50 % → min(1, 0.5 ÷ 0.8) × 10 = 6.25
[ "$(jqo '.tables.digitisation[0].dossiers')" = 2 ] && [ "$(jqo '.tables.digitisation[0].digitised')" = 1 ] &&
	[ "$(jqo '.tables.digitisation[0].rate')" = "50.0" ] && [ "$(jqo '.tables.digitisation[0].score')" = "6.25" ] &&
	ok "records: QĐ 766 over TTHC dossiers (50 % → 6.25)" || notok "records: QĐ 766 $(jqo '.tables.digitisation')"
run dossier show "$T1" --json
[ "$(jqo '.tthc.digitised')" = true ] && [ "$(jqo '.tthc.resultOnPaper')" = true ] && ok "records: TTHC flags" || notok "records: TTHC flags $(jqo .tthc)"
run dossier set "$T1" riskRecovery=0 "retention=5 năm" "creator=Bộ phận một cửa"
run dossier set "$T2" riskRecovery=0 "retention=5 năm" "creator=Bộ phận một cửa"
run dossier close "$T1"; expect_rc "records: TTHC dossier closed" 0
run dossier close "$T2"; expect_rc "records: second TTHC dossier closed" 0

# ---- a TT 02/2019 manifest is mapped (18.9) -------------------------------------------------
mkdir -p "$WORK/tt02"
printf 'Công văn cũ theo Thông tư 02\n' >"$WORK/tt02/a.txt"
printf 'Identifier,OrganId,FileCatalog,FileNotation,DocCode,TypeName,CodeNumber,CodeNotation,IssuedDate,OrganName,Subject,file\nH26,001,2012,01.TH,001.2012.01.TH.0000001,Công văn,07,UBND-VP,05/03/2012,UBND huyện,Về việc cũ,a.txt\n' >"$WORK/tt02/manifest.csv"
run import "$WORK/tt02" --json; expect_rc "records: a TT 02/2019 manifest imported" 0
[ "$(sql "SELECT file_code || ' ' || doc_id FROM records WHERE doc_id = '001.2012.01.TH.0000001'")" = "H26.001.2012.01.TH 001.2012.01.TH.0000001" ] &&
	ok "records: Identifier…FileNotation → fileCode, DocCode → docId" || notok "records: TT 02 mapping"
TT02=$(sql "SELECT id FROM records WHERE doc_id = '001.2012.01.TH.0000001'")

# ---- the HTTP API offers the same workflows -----------------------------------------------
"$LUUTRU" serve --listen 127.0.0.1:0 --threads 2 --ready-file "$WORK/ready" >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVE=$!
for _ in $(seq 100); do [ -s "$WORK/ready" ] && break; sleep 0.1; done
API="$(cat "$WORK/ready")/api/v1"
AUTH="Authorization: Bearer $(cat "$WORK/token-lan")"
JSON="Content-Type: application/json"
req() { _name=$1 _want=$2; shift 2
	ST=$(curl -s -o "$WORK/body" -w '%{http_code}' "$@")
	if [ "$ST" = "$_want" ]; then ok "records api: $_name"; else
		notok "records api: $_name (status $ST, expected $_want)"; head -c 300 "$WORK/body" | sed 's/^/#   /'; echo; fi
}
mk api1 incoming "$L-08-01" "V/v qua API" --meta codeNumber=21 --meta codeNotation=SNV-VP; A1=$ID
req "incoming letter refused from the outgoing register" 403 -H "$AUTH" -H "$JSON" -d "{\"record\": $A1, \"date\": \"$L-08-01\"}" "$API/registers/DI/assign"
req "arrival number over HTTP" 201 -H "$AUTH" -H "$JSON" -d "{\"record\": $A1, \"date\": \"$L-08-01\"}" "$API/registers/DEN/assign"
req "void over HTTP" 200 -H "$AUTH" -H "$JSON" -d "{\"year\": $L, \"number\": $(jq .number "$WORK/body"), \"reason\": \"nhầm\"}" "$API/registers/DEN/void"
req "dossier fields for the web UI" 200 -H "$AUTH" "$API/dossier-fields"
[ "$(jq '[.fields[] | select(.tag == "confidenceLevel") | .codes | length] | .[0]' "$WORK/body")" = 3 ] && ok "records api: code lists" || notok "records api: code lists"
req "catalog row added over HTTP" 201 -H "$AUTH" -H "$JSON" -d '{"heading": "TH", "title": "Hồ sơ thi đua", "rule": "1.2", "keeper": "Văn phòng", "reason": "bổ sung"}' "$API/catalogs/$L/entries"
NOT=$(jq -r .notation "$WORK/body")
req "catalog row amended over HTTP" 200 -X PATCH -H "$AUTH" -H "$JSON" -d '{"keeper": "Phòng Nội vụ", "reason": "đổi người lập"}' "$API/catalogs/$L/entries/$NOT"
req "free text refused over HTTP" 400 -X PATCH -H "$AUTH" -H "$JSON" -d '{"retention": "lâu dài", "reason": "x"}' "$API/catalogs/$L/entries/$NOT"
req "catalog history" 200 -H "$AUTH" "$API/catalogs/$L/history"
req "a heading over HTTP" 201 -H "$AUTH" -H "$JSON" -d '{"title": "3. Văn bản khác", "parent": "TH", "reason": "bổ sung"}' "$API/catalogs/$L/headings"
req "open a dossier over HTTP" 201 -H "$AUTH" -H "$JSON" -d "{\"year\": $L, \"entry\": \"$NOT\"}" "$API/dossiers"
AD=$(jq .id "$WORK/body")
req "file the record" 200 -H "$AUTH" -H "$JSON" -d "{\"record\": $A1}" "$API/dossiers/$AD/records"
req "PATCH TT 05 fields" 200 -X PATCH -H "$AUTH" -H "$JSON" -d '{"riskRecovery": 1, "riskRecoveryStatus": "02", "format": "01", "creator": "Lê Văn Hòa"}' "$API/dossiers/$AD"
[ "$(jq -r '.riskRecovery, .riskRecoveryStatus, .creator' "$WORK/body" | tr '\n' ' ')" = "1 02 Lê Văn Hòa " ] && ok "records api: fields set" || notok "records api: fields"
req "a bad field value is 400" 400 -X PATCH -H "$AUTH" -H "$JSON" -d '{"format": "09"}' "$API/dossiers/$AD"
req "close over HTTP" 200 -H "$AUTH" -X POST "$API/dossiers/$AD/close"
req "deposit over HTTP" 201 -H "$AUTH" -H "$JSON" -d "{\"dossiers\": [$AD, $T1, $T2], \"date\": \"$L-12-29\"}" "$API/deposits"
AP=$(jq .id "$WORK/body")
req "the hand-over record as PDF" 200 -H "$AUTH" -o /dev/null "$API/deposits/$AP/handover?format=pdf"
curl -s -H "$AUTH" -o "$WORK/h.pdf" "$API/deposits/$AP/handover?format=pdf"
pdf_has "records api: hand-over PDF text" "$WORK/h.pdf" "3 \\(ba\\)"
req "the deposit list as HTML" 200 -H "$AUTH" "$API/deposits/$AP/list"
req "retention event over HTTP on a fixed retention is 400" 400 -H "$AUTH" -H "$JSON" -d "{\"date\": \"$L-12-01\"}" "$API/dossiers/$AD/retention-event"
req "the register as PDF" 200 -H "$AUTH" "$API/registers/DEN/$L?format=pdf"
kill "$SERVE" 2>/dev/null; wait "$SERVE" 2>/dev/null

# ---- the inspector: no error the script did not plant ----------------------------------------
# Planted: a record numbered in the wrong register as the old luutru allowed
# (rule 1), and a dossier archived outside any deposit (rule 27).
sql "INSERT INTO register_entries (register_id, year, number, record_id, registered_at) SELECT id, $L, 5, $TT02, '$L-12-30' FROM registers WHERE code = 'DI'"
sql "UPDATE records SET kind = 'incoming' WHERE id = $TT02"
sql "UPDATE register_counters SET last_number = 5 WHERE year = $L AND register_id = (SELECT id FROM registers WHERE code = 'DI')"
run dossier open --year "$Y" --entry 01.TH --json; PD=$(jqo .id)
sql "UPDATE dossiers SET status = 'archived', archived_at = '$Y-01-02T00:00:00Z', end_date = '$Y-01-01', start_date = '$Y-01-01', risk_recovery = 0, mode = '01', language = '01' WHERE id = $PD"
run_as thanh check --json; expect_rc "records: the inspector's check" 0
jq -r '.tables.findings[] | select(.severity == "error") | "\(.rule)\t\(.object)\t\(.message)"' "$WORK/out" >"$WORK/errors"
# The year is played back in minutes: last year's incoming letters are
# ingested (their signatures checked) today and registered under last
# year's dates, so rule 10 rightly says each check came after its
# registration. That is the playback's doing, and is checked as such.
PLAYBACK=$(awk -F'\t' '$1 == 10 && $3 ~ /sau khi đăng ký lúc '"$L"'-|after registration at '"$L"'-/' "$WORK/errors" | wc -l)
NIN=$(sql "SELECT count(*) FROM register_entries e JOIN records r ON r.id = e.record_id WHERE r.kind = 'incoming' AND e.void_reason IS NULL AND e.registered_at LIKE '$L-%'")
[ "$PLAYBACK" = "$NIN" ] && [ "$NIN" -gt 0 ] && ok "records: rule 10 dates each played-back incoming letter's check after its registration ($NIN)" ||
	notok "records: rule 10 on the played-back letters: $PLAYBACK of $NIN"
PLANTED=$(awk -F'\t' '($1 == 1 && $3 ~ /incoming record|văn bản đến lấy số/) || ($1 == 27 && $2 ~ /'"$Y"'\.01\.TH/)' "$WORK/errors" | wc -l)
OTHER=$(awk -F'\t' '!(($1 == 1 && $3 ~ /incoming record|văn bản đến lấy số/) || ($1 == 27 && $2 ~ /'"$Y"'\.01\.TH/) || ($1 == 10 && $3 ~ /sau khi đăng ký lúc '"$L"'-|after registration at '"$L"'-/))' "$WORK/errors")
[ "$PLANTED" = 2 ] && ok "records: check finds both planted errors" || notok "records: planted errors found: $PLANTED"
if [ -z "$OTHER" ]; then ok "records: check reports no error the script did not plant"; else
	notok "records: unplanted errors"; printf '%s\n' "$OTHER" | head -10 | sed 's/^/#   /'
fi
