#!/bin/sh
# Registers, the dossier catalog and dossiers end to end through the real
# binary: settings → catalog import → dossier open → ingest two dated
# records → add → table of contents → close → add refused → reopen →
# register numbers and printing.
. "$(dirname "$0")/lib.sh"

for c in register catalog dossier config; do
	run "$c" --help; expect_rc "$c --help exits 0" 0; expect_out "$c --help is Vietnamese" "Cách dùng"
done
run --lang en dossier --help; expect_out "dossier --help in English" "Usage"

run init; expect_rc "init" 0
adduser lan archivist 3; adduser thu officer 3

# ---- settings --------------------------------------------------------------
cat >"$WORK/plan.csv" <<'CSV'
heading,heading_abbr,notation,title,retention,keeper,note
I. TỔNG HỢP,TH,01.TH,"Kế hoạch, báo cáo công tác năm",Vĩnh viễn,Văn phòng,
TỔNG HỢP,TH,,Hồ sơ hội nghị tổng kết,20 năm,Văn phòng,
TỔ CHỨC CÁN BỘ,TCCB,03.TCCB,Hồ sơ tuyển dụng công chức,Vĩnh viễn,Phòng TCCB,"ghi chú, có dấu phẩy"
TỔ CHỨC CÁN BỘ,TCCB,,Quy chế làm việc,Đến khi văn bản hết hiệu lực,Phòng TCCB,
CSV
run catalog import "$WORK/plan.csv" --year 2024
expect_rc "catalog import works without the organ id" 0
run dossier open --year 2024 --entry 03.TCCB
expect_rc "dossier open refused without organ id" 7; expect_err "tells how to set it" "luutru config set organ_id"
run config set organ_id "abc def"; expect_rc "bad organ id refused" 2
run config set organ_id 000.00.00.G09; expect_rc "set organ id" 0
run config set organ_name "Sở Nội vụ tỉnh Hà Tĩnh"; expect_rc "set organ name" 0
run config show; expect_out "config show" "000.00.00.G09"

# ---- catalog -----------------------------------------------------------------
cat >"$WORK/bad.csv" <<'CSV'
heading,heading_abbr,notation,title,retention,keeper,note
TỔNG HỢP,TH,01.TH,Kế hoạch,Vĩnh viễn,Văn phòng,
TỔNG HỢP,TH,02.TH,Báo cáo,,Văn phòng,
CSV
run catalog import "$WORK/bad.csv" --year 2025
expect_rc "bad row refused" 2; expect_err "names the row" "dòng 3"
[ "$(sql 'select count(*) from fileplans where year=2025')" = 0 ] && ok "bad import left nothing" || notok "bad import left nothing"
run catalog list; expect_out "catalog list" "2024"
run catalog print --year 2024 --format html -o "$WORK/plan.html"; expect_rc "catalog print html" 0
grep -q 'I. TỔNG HỢP' "$WORK/plan.html" && grep -q 'II. TỔ CHỨC CÁN BỘ' "$WORK/plan.html" && ok "Roman headings" || notok "Roman headings"
grep -q 'có 4 hồ sơ, bao gồm: 2 hồ sơ bảo quản vĩnh viễn; 2 hồ sơ bảo quản có thời hạn' "$WORK/plan.html" && ok "footer counts" || notok "footer counts"
run catalog print --year 2024 --format csv; expect_out "catalog csv has the notation" "02.TH"
head -c 3 "$WORK/out" | od -An -tx1 | grep -q 'ef bb bf' && ok "csv starts with a BOM" || notok "csv starts with a BOM"
grep -q '"ghi chú, có dấu phẩy"' "$WORK/out" && ok "csv quoting" || notok "csv quoting"

# ---- dossier -----------------------------------------------------------------
run dossier open --year 2024 --entry 03.TCCB --json; expect_rc "dossier open" 0
[ "$(jqo .fileCode)" = "000.00.00.G09.2024.03.TCCB" ] && ok "fileCode composed" || notok "fileCode composed ($(jqo .fileCode))"
D=$(jqo .id)
run dossier open --year 2024 --entry 03.TCCB; expect_rc "second open refused" 7

printf 'Quyết định tuyển dụng công chức năm 2024\n' >"$WORK/a.txt"
printf 'Thông báo kết quả thi tuyển công chức\n' >"$WORK/b.txt"
run ingest "$WORK/a.txt" --json --meta kind=outgoing --meta codeNotation=QĐ-SNV \
	--meta typeName="Quyết định" --meta issuedDate=2024-06-10 --meta subject="Về việc tuyển dụng công chức" --meta organName="Sở Nội vụ"
expect_rc "ingest first" 0; A=$(jqo '.records[0].id')
run ingest "$WORK/b.txt" --json --meta kind=outgoing --meta codeNotation=TB-SNV \
	--meta typeName="Thông báo" --meta issuedDate=2024-03-05 --meta subject="Thông báo kết quả thi tuyển" --meta organName="Sở Nội vụ"
expect_rc "ingest second" 0; B=$(jqo '.records[0].id')

run dossier add "$D" "$A" "$B"; expect_rc "add two records" 0
[ "$(sql "select ordinal from dossier_records where dossier_id=$D and record_id=$B")" = 1 ] && ok "older record is 1" || notok "older record is 1"
[ "$(sql "select file_code || '#' || doc_ordinal from records where id=$A")" = "000.00.00.G09.2024.03.TCCB#2" ] && ok "record fileCode/docOrdinal" || notok "record fileCode/docOrdinal"
run dossier add "$D" "$A"; expect_rc "adding twice refused" 7

run dossier toc "$D" --format html; expect_rc "toc" 0
expect_out "toc headings" "Tên loại và trích yếu"; expect_out "toc row" "TB-SNV"
run dossier toc "$D" --format csv; expect_out "toc csv" "^1,"

run dossier set "$D" riskRecovery=0; expect_rc "the backup regime (TT 05/2025)" 0
run dossier close 000.00.00.G09.2024.03.TCCB; expect_rc "close" 0
expect_out "close says closed" "đã đóng"
[ "$(sql "select doc_total || ' ' || start_date || ' ' || end_date from dossiers where id=$D")" = "2 2024-03-05 2024-06-10" ] && ok "close fixed totals and dates" || notok "close fixed totals and dates"
printf 'Văn bản khác\n' >"$WORK/c.txt"
run ingest "$WORK/c.txt" --json --meta issuedDate=2024-07-01; C=$(jqo '.records[0].id')
run dossier add "$D" "$C"; expect_rc "add to a closed dossier refused" 7; expect_err "cites Đ29.4" "Đ29.4"
# ingest --dossier: stored and filed in one transaction, or neither
printf 'Biên bản họp hội đồng tuyển dụng\n' >"$WORK/e.txt"
NREC=$(sql "select count(*) from records")
run ingest "$WORK/e.txt" --dossier "$D" --meta issuedDate=2024-06-20
expect_rc "ingest into a closed dossier refused" 7; expect_err "... citing Đ29.4" "Đ29.4"
run ingest "$WORK/e.txt" --dossier 99999; expect_rc "ingest into a missing dossier refused" 3
run ingest "$WORK/e.txt" --dossier x1; expect_rc "... or one named by a code no dossier has" 3
[ "$(sql "select count(*) from records")" = "$NREC" ] && ok "the refused ingests stored nothing" || notok "a refused ingest stored a record"
run dossier reopen "$D"; expect_rc "reopen without reason refused" 2
run_as lan dossier reopen "$D" --reason "bổ sung văn bản còn thiếu"; expect_rc "reopen" 0
[ "$(sql "select count(*) from audit_log where action='dossier.reopen' and who='lan'")" = 1 ] && ok "reopen audited" || notok "reopen audited"
[ "$(sql "select count(*) from dossier_events where dossier_id=$D")" = 3 ] && ok "events recorded" || notok "events recorded"
run dossier add "$D" "$C"; expect_rc "add after reopen" 0
run dossier show "$D" --json; [ "$(jqo .docTotal)" = 3 ] && ok "docTotal 3" || notok "docTotal 3"
run ingest "$WORK/e.txt" --json --dossier 000.00.00.G09.2024.03.TCCB --meta issuedDate=2024-06-20
expect_rc "ingest --dossier (by its code) into the open dossier" 0
E=$(jqo '.records[0].id')
[ "$(sql "select count(*) from dossier_records where dossier_id=$D and record_id=$E")" = 1 ] &&
	[ "$(sql "select file_code from records where id=$E")" = "000.00.00.G09.2024.03.TCCB" ] &&
	ok "... filed at once, with the dossier's code" || notok "ingest --dossier did not file the record"
run dossier list; expect_out "list shows the dossier" "2024.03.TCCB"

# ---- registers ---------------------------------------------------------------
run register list; expect_out "default registers" "DEN-MAT"
run register assign "$B" --register DI --date 2024-03-05 --json; expect_rc "assign" 0
[ "$(jqo .number)" = 1 ] && ok "first number 1" || notok "first number 1"
run register assign "$A" --register DI --date 2024-06-10; expect_rc "assign second" 0
[ "$(sql "select code_number from records where id=$A")" = "02" ] && ok "codeNumber zero-padded" || notok "codeNumber zero-padded"
run register assign "$C" --register DI --date 2024-01-01; expect_rc "date before the last number refused" 2; expect_err "cites Đ15.1" "Đ15.1"
run register assign "$C" --register DI-MAT; expect_rc "ordinary record refused from secret register" 7; expect_err "cites Đ15.2" "Đ15.2"
run register assign "$C" --register DI --date 2025-01-02 --json; [ "$(jqo .number)" = 1 ] && ok "restart on 1 January" || notok "restart on 1 January"
run register void --register DI --year 2024 --number 2 --reason "cấp nhầm"; expect_rc "void" 0
run register print --register DI --year 2024 --format html -o "$WORK/di.html"; expect_rc "print register" 0
grep -q 'Sổ đăng ký văn bản đi' "$WORK/di.html" && grep -q 'Số, ký hiệu văn bản' "$WORK/di.html" && ok "register headings" || notok "register headings"
grep -q 'Số bị hủy: cấp nhầm' "$WORK/di.html" && ok "voided row kept with reason" || notok "voided row kept with reason"
run register print --register DI --year 2024 --format csv; expect_out "register csv" "01/TB-SNV"
run register duplicates; expect_rc "duplicates" 0


# ---- closing fixes the retention expiry; a hold blocks reopening -----------
[ "$(sql "select ifnull(expiry_year, 'null') from dossiers where id=$D")" = null ] && ok "permanent dossier never expires" || notok "permanent dossier never expires"
run dossier open --year 2024 --entry 02.TH --json; expect_rc "open a 20-year dossier" 0
T=$(sql "select id from dossiers where notation='02.TH'")
printf 'Báo cáo tổng kết\n' >"$WORK/t.txt"
run ingest "$WORK/t.txt" --json --meta issuedDate=2024-12-15 --meta typeName="Báo cáo" \
	--meta organName="Sở Nội vụ" --meta subject="Tổng kết năm 2024"; R=$(jqo '.records[0].id')
run dossier add "$T" "$R"; expect_rc "file into 02.TH" 0
run dossier set "$T" riskRecovery=0
run dossier close "$T"; expect_rc "close 02.TH" 0
[ "$(sql "select expiry_year from dossiers where id=$T")" = 2044 ] && ok "close fixed expiry_year = 2024 + 20" || notok "close fixed expiry_year ($(sql "select expiry_year from dossiers where id=$T"))"
run_as lan hold place dossier "$T" --reason "thanh tra"; expect_rc "hold placed" 0
run_as lan dossier reopen "$T" --reason "bổ sung"; expect_rc "reopen of a held dossier refused" 7
[ "$(sql "select status from dossiers where id=$T")" = closed ] && ok "held dossier stays closed" || notok "held dossier stays closed"
# ---- reads at the command line are audited; no entry, no output ------------
acc() { sql "select count(*) from audit_log where action='$1' and who='cli:thu' and object like '$2'"; }
LUUTRU_TOKEN=$(cat "$WORK/token-thu") "$LUUTRU" dossier toc "$D" --format csv >/dev/null
LUUTRU_TOKEN=$(cat "$WORK/token-thu") "$LUUTRU" register print --register DI --year 2024 --format csv >/dev/null
LUUTRU_TOKEN=$(cat "$WORK/token-thu") "$LUUTRU" catalog print --year 2024 --format csv >/dev/null
LUUTRU_TOKEN=$(cat "$WORK/token-thu") "$LUUTRU" show "$R" >/dev/null
DUID=$(sql "select uid from dossiers where id=$D"); RUID=$(sql "select uid from records where id=$R")
[ "$(acc export "$DUID")" = 1 ] && ok "toc print audited as an export by cli:thu" || notok "toc audit ($(acc export "$DUID"))"
[ "$(acc export 'register DI/2024')" = 1 ] && ok "register print audited" || notok "register print audit"
[ "$(acc export 'catalog 2024/%')" = 1 ] && ok "catalog print audited" || notok "catalog print audit"
[ "$(acc view "$RUID")" = 1 ] && ok "show audited as a view" || notok "show audit"
LUUTRU_TOKEN=$(cat "$WORK/token-thu") "$LUUTRU" search "kiểm toán nội bộ" --json >/dev/null
[ "$(sql "select count(*) from audit_log where action='search' and who='cli:thu' and detail like '%kiểm toán nội bộ%'")" = 1 ] &&
	ok "search at the command line audited, with its query" || notok "search audit"
# A writer holding the catalog's lock past the busy timeout: show prints
# nothing and fails rather than showing the record unaudited.
python3 - "$LUUTRU_DATA/catalog.db" "$WORK/locked" <<'PY' &
import sqlite3, sys, time, os
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(7)
db.execute("ROLLBACK")
PY
LOCKER=$!
while [ ! -f "$WORK/locked" ]; do sleep 0.1; done
BEFORE=$(acc view "$RUID")
LUUTRU_TOKEN=$(cat "$WORK/token-thu") "$LUUTRU" show "$R" >"$WORK/out" 2>"$WORK/err"; RC=$?
wait $LOCKER
[ $RC -ne 0 ] && [ ! -s "$WORK/out" ] && ok "show refused while the audit log cannot be written (exit $RC)" ||
	notok "show without audit (exit $RC, $(wc -c <"$WORK/out") bytes)"
expect_err "the refusal names the audit log" "nhật ký truy cập"
[ "$(acc view "$RUID")" = "$BEFORE" ] && ok "no entry from the refused show" || notok "entry written"
echo "1..$_n"
