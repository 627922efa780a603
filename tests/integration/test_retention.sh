#!/bin/sh
# Retention end to end through the real binary: the schedule (default and
# CSV, with a refused file), due dates and alerts, holds, destruction
# (propose → approve by someone else → execute, with refusals that change
# nothing), the historical transfer and where it went, the compliance check
# and statistics in every format, the finalised dossier catalog and its
# footer (rule 18), and the access log (rule 42). Dossiers and users are made
# with SQL: this test is about retention, not about how dossiers are opened.
. "$(dirname "$0")/lib.sh"

# Stored blob files (the data directory itself may live under /tmp).
blobs_stored() { find "$LUUTRU_DATA/blobs" -type f ! -path "$LUUTRU_DATA/blobs/tmp/*" | wc -l; }

for c in retention hold dispose transfer check stats; do
	run "$c" --help; expect_rc "$c --help exits 0" 0
done
run --lang en retention --help; expect_out "retention help in English" "Usage:"
run init; expect_rc "init" 0

# ---- schedule -------------------------------------------------------------
run retention schedule; expect_rc "default schedule" 0; expect_out "default has permanent rules" "Vĩnh viễn"
run retention schedule --json
[ "$(jqo '[.[] | select(.years == null)] | length')" -gt 0 ] && ok "permanent rules have null years" || notok "permanent rules have null years"
printf 'code,title,group,maintenance,years,action,legal_basis\nX1,Một,1,06,,destroy,\nX2,Hai,1,09,,destroy,\n' >"$WORK/bad.csv"
BEFORE=$(sql "SELECT count(*) FROM retention_rules")
run retention schedule load "$WORK/bad.csv"; expect_rc "bad schedule refused" 2
expect_err "refusal names the line" "dòng 3"
[ "$(sql "SELECT count(*) FROM retention_rules")" = "$BEFORE" ] && ok "nothing loaded" || notok "nothing loaded"
printf 'code,title,group,maintenance,years,action,legal_basis\nX1,Một,1,07,-5,destroy,\n' >"$WORK/neg.csv"
run retention schedule load "$WORK/neg.csv"; expect_rc "negative years refused" 2
expect_err "refusal cites the rule" "quy tắc 29"
[ "$(sql "SELECT count(*) FROM retention_rules")" = "$BEFORE" ] && ok "nothing loaded from negative years" || notok "nothing loaded from negative years"
printf 'code,title,group,maintenance,years,action,legal_basis\nX1,Một,1,06,,destroy,TT 10/2022\nX2,Hai,1,01,,,TT 10/2022\n' >"$WORK/ok.csv"
run retention schedule load "$WORK/ok.csv"; expect_rc "schedule loaded" 0
[ "$(sql "SELECT count(*) FROM retention_rules")" = 2 ] && ok "schedule replaced" || notok "schedule replaced"

# ---- a small archive --------------------------------------------------------
echo "Công văn về việc kiểm kê kho lưu trữ năm 2010" >"$WORK/a.txt"
echo "Báo cáo tổng kết công tác văn thư năm 2010" >"$WORK/b.txt"
echo "Quyết định thành lập Văn phòng" >"$WORK/c.txt"
run ingest "$WORK/a.txt" --meta issuedDate=2010-03-01; expect_rc "ingest a" 0
run ingest "$WORK/b.txt" --meta issuedDate=2010-04-01; expect_rc "ingest b" 0
run ingest "$WORK/c.txt" --meta issuedDate=2015-01-01; expect_rc "ingest c" 0
adduser lan archivist 3; adduser minh approver 3; adduser hoa officer 3
sql "
INSERT INTO dossiers (id, uid, organ_id, year, notation, file_code, title, maintenance, mode, language,
  creator, start_date, end_date, risk_recovery, status, expiry_year)
VALUES (1, 'd1', 'G09', 2010, '01.VT', 'G09.2010.01.VT', 'Hồ sơ kiểm kê', '06', '01', '01', 'lan',
  '2010-01-01', '2010-12-31', 0, 'closed', 2020),
 (2, 'd2', 'G09', 2015, '01.TH', 'G09.2015.01.TH', 'Hồ sơ thành lập', '01', '01', '01', 'lan',
  '2015-01-01', '2015-12-31', 0, 'archived', NULL),
 (3, 'd3', 'G09', 2026, '02.TH', 'G09.2026.02.TH', 'Hồ sơ đang mở', '06', '01', '01', 'lan',
  '2026-01-01', NULL, 0, 'open', NULL),
 (4, 'd4', 'G09', 2025, '03.TH', 'G09.2025.03.TH', 'Hồ sơ sắp nộp lưu', '06', '01', '01', 'lan',
  '2025-01-01', '2025-12-10', 0, 'closed', NULL);
UPDATE dossiers SET archived_at = '2017-01-15T00:00:00Z' WHERE id = 2;
INSERT INTO dossier_records (dossier_id, record_id, ordinal) VALUES (1, 1, 1), (1, 2, 2), (2, 3, 1);"

# ---- due dates and alerts ----------------------------------------------------
run retention close-hook G09.2025.03.TH; expect_rc "close hook fixes expiry" 0
[ "$(sql "SELECT expiry_year FROM dossiers WHERE id = 4")" = 2035 ] && ok "expiry = end year + 10" || notok "expiry = end year + 10"
run retention due --date 2026-11-23 --json; expect_rc "due" 0
[ "$(jqo '[.[] | select(.fileCode == "G09.2025.03.TH" and .kind == "deposit" and .overdue == false)] | length')" = 1 ] \
	&& ok "deposit due within 30 days is alerted" || notok "deposit due within 30 days is alerted"
[ "$(jqo '[.[] | select(.fileCode == "G09.2015.01.TH" and .kind == "historical")] | length')" = 1 ] \
	&& ok "permanent dossier due for the historical archive" || notok "permanent dossier due for the historical archive"
[ "$(sql "SELECT count(*) FROM retention_alerts WHERE dossier_id = 4")" = 1 ] && ok "alert recorded" || notok "alert recorded"
run retention due --date 2026-11-23; expect_out "text output shows the deposit" "nộp lưu cơ quan"

# ---- holds and destruction --------------------------------------------------
run_as hoa hold place dossier G09.2010.01.VT --reason "Thanh tra 2026" --json; expect_rc "hold placed" 0
HOLD=$(jqo .holdId)
run_as lan dispose propose --dossier G09.2010.01.VT --date 2026-11-23; expect_rc "held dossier cannot be proposed" 7
expect_err "refusal names the hold" "phong tỏa"
run_as hoa hold release "$HOLD" --reason "Xong"; expect_rc "hold released" 0
run_as lan dispose propose --dossier G09.2015.01.TH --date 2026-11-23; expect_rc "permanent dossier refused" 7
expect_err "refusal cites rule 33" "33"
run dispose candidates --date 2026-11-23 --json; expect_rc "candidates" 0
[ "$(jqo 'length')" = 1 ] && ok "one expired candidate" || notok "one expired candidate"
run_as lan dispose propose --all-due --reason "Hết hạn bảo quản" --date 2026-11-23 --json; expect_rc "list proposed" 0
LIST=$(jqo .listId)
# reading the lists (dispose list|show): each state, the --json shape
run dispose list --json; expect_rc "dispose list" 0
[ "$(jqo 'length')" = 1 ] && [ "$(jqo '.[0].id')" = "$LIST" ] && [ "$(jqo '.[0].state')" = proposed ] \
	&& [ "$(jqo '.[0].dossierCount')" = 1 ] && [ "$(jqo '.[0].proposedBy')" = lan ] \
	&& [ "$(jqo '.[0].explanation')" = "Hết hạn bảo quản" ] && [ "$(jqo '.[0].decisionNo')" = null ] \
	&& [ "$(jqo '.[0] | has("dossiers")')" = false ] \
	&& ok "list: a proposed list with who, when, why and no decision yet" || notok "list: a proposed list"
run dispose show "$LIST" --json; expect_rc "dispose show" 0
[ "$(jqo '.state')" = proposed ] && [ "$(jqo '.dossiers | length')" = 1 ] \
	&& [ "$(jqo '.dossiers[0] | [.id, .fileCode, .title, .retention, .year, .status] | map(tostring) | join("|")')" = "1|G09.2010.01.VT|Hồ sơ kiểm kê|10 năm|2010|closed" ] \
	&& [ "$(jqo '.hasReport')" = false ] \
	&& ok "show: the list's dossiers with code, title, retention, year" || notok "show: the list's dossiers ($(cat "$WORK/out"))"
run dispose show "$LIST"; expect_out "show in Vietnamese" "đã lập, chờ duyệt"; expect_out "show names the dossier" "G09.2010.01.VT"
run --lang en dispose show "$LIST"; expect_out "show in English" "proposed, awaiting approval"
run dispose list; expect_out "list text names the state" "chờ duyệt"
run dispose show 999; expect_rc "show of a missing list" 3
run dispose show abc; expect_rc "show needs a list number" 2
run dispose list --state bogus; expect_rc "unknown state refused" 2; expect_err "refusal lists the states" "cancelled"
run dispose list --state approved --json; [ "$(jqo 'length')" = 0 ] && ok "list --state filters" || notok "list --state filters"
run_as lan dispose execute "$LIST" --handover "Giao Công ty Môi trường đô thị hủy bằng nghiền, ngày 23/11/2026"; expect_rc "unapproved list refused" 7
run_as lan dispose approve "$LIST" --decision 12/QĐ-UBND --decision-date 20/11/2026 --minutes "BB họp HĐ 3" \
	--appraisal "Công văn số 120/SNV-CCVTLT của Sở Nội vụ"
expect_rc "own proposal cannot be approved" 7; expect_err "refusal cites rule 30" "30"
run_as hoa dispose approve "$LIST" --decision 12/QĐ-UBND --decision-date 20/11/2026 --minutes "BB họp HĐ 3" \
	--appraisal "Công văn số 120/SNV-CCVTLT của Sở Nội vụ"
expect_rc "officer cannot approve" 7
[ "$(sql "SELECT count(*) FROM pages WHERE record_id IN (1, 2)")" -ge 2 ] && ok "refusals changed nothing" || notok "refusals changed nothing"
run_as minh dispose approve "$LIST" --decision 12/QĐ-UBND --decision-date 20/11/2026 --minutes "BB họp HĐ 3" \
	--appraisal "Công văn số 120/SNV-CCVTLT của Sở Nội vụ"
expect_rc "approver approves" 0
run dispose show "$LIST" --json
[ "$(jqo '.state')" = approved ] && [ "$(jqo '.approvedBy')" = minh ] && [ "$(jqo '.decisionNo')" = 12/QĐ-UBND ] \
	&& [ "$(jqo '.minutes')" = "BB họp HĐ 3" ] && [ "$(jqo '.appraisal')" = "Công văn số 120/SNV-CCVTLT của Sở Nội vụ" ] \
	&& [ "$(jqo '.executedAt')" = null ] && ok "show: approved with the decision, minutes and appraisal" || notok "show: approved"
BLOBS_BEFORE=$(blobs_stored)
run_as lan dispose execute "$LIST" --date 2026-11-23 --handover "Giao Công ty Môi trường đô thị hủy bằng nghiền, ngày 23/11/2026" -o "$WORK/bienban.html"; expect_rc "list executed" 0
grep -q "Về việc hủy tài liệu hết giá trị" "$WORK/bienban.html" && ok "destruction record written" || notok "destruction record written"
[ "$(sql "SELECT count(*) FROM records WHERE status = 'destroyed'")" = 2 ] && ok "records tombstoned" || notok "records tombstoned"
[ "$(sql "SELECT count(*) FROM pages WHERE record_id IN (1, 2)")" = 0 ] && ok "page text removed" || notok "page text removed"
[ "$(blobs_stored)" -eq $((BLOBS_BEFORE - 2)) ] && ok "content blobs removed" || notok "content blobs removed ($BLOBS_BEFORE → $(blobs_stored))"
run search "kiem ke"; expect_out "destroyed text is no longer found" "Tìm thấy 0"
run search "tieu huy"; expect_out "tombstones found by their destruction note" "Tìm thấy 2"
run show 1 --json; [ "$(jqo .status)" = destroyed ] && ok "show says destroyed" || notok "show says destroyed"
[ "$(sql "SELECT count(*) FROM audit_log WHERE action LIKE 'disposition.%'")" = 3 ] && ok "every step audited" || notok "every step audited"
run dispose show "$LIST" --json
[ "$(jqo '.state')" = executed ] && [ "$(jqo '.executedBy')" = lan ] && [ "$(jqo '.hasReport')" = true ] \
	&& [ "$(jqo '.handover')" = "Giao Công ty Môi trường đô thị hủy bằng nghiền, ngày 23/11/2026" ] \
	&& [ "$(jqo '.dossiers[0].status')" = destroyed ] && ok "show: executed, with the hand-over, the dossier destroyed" || notok "show: executed"
run dispose show "$LIST"; expect_out "show points to the destruction record" "dispose report $LIST"
run dispose list --state executed --json; [ "$(jqo 'length')" = 1 ] && ok "one executed list" || notok "one executed list"

# A cancelled list, and a list holding a Mật dossier: invisible below clearance 1
# (docs/security.md: a list is visible when all its dossiers are).
sql "
INSERT INTO dossiers (id, uid, organ_id, year, notation, file_code, title, maintenance, mode, language,
  creator, start_date, end_date, risk_recovery, status, expiry_year, secrecy)
VALUES (5, 'd5', 'G09', 2011, '05.VT', 'G09.2011.05.VT', 'Hồ sơ công khai cũ', '06', '01', '01', 'lan',
  '2011-01-01', '2011-12-31', 0, 'closed', 2021, 0),
 (6, 'd6', 'G09', 2011, '06.VT', 'G09.2011.06.VT', 'Hồ sơ mật canarymatlist', '06', '01', '01', 'lan',
  '2011-01-01', '2011-12-31', 0, 'closed', 2021, 1);"
adduser thu inspector 0
run_as lan dispose propose --dossier G09.2011.05.VT --reason "Thử hủy bỏ" --date 2026-11-23 --json; CANCELLED=$(jqo .listId)
run_as minh dispose cancel "$CANCELLED" --reason "Hội đồng đề nghị giữ lại"; expect_rc "list cancelled" 0
run dispose show "$CANCELLED" --json
[ "$(jqo '.state')" = cancelled ] && [ "$(jqo '.cancelledBy')" = minh ] && [ "$(jqo '.cancelReason')" = "Hội đồng đề nghị giữ lại" ] \
	&& ok "show: cancelled, by whom and why" || notok "show: cancelled"
run --lang en dispose list; expect_out "list in English names the cancelled list" "cancelled"
run_as lan dispose propose --dossier G09.2011.05.VT --dossier G09.2011.06.VT --reason "canarymatreason" --date 2026-11-23 --json
expect_rc "a list with a Mật dossier" 0; MIXED=$(jqo .listId)
run_as lan dispose show "$MIXED" --json
[ "$(jqo '.dossierCount')" = 2 ] && ok "clearance 3 sees both dossiers of the list" || notok "clearance 3 sees both dossiers"
run_as thu dispose list --json; expect_rc "list as clearance 0" 0
[ "$(jqo 'length')" = 2 ] && [ "$(jqo "[.[] | select(.id == $MIXED)] | length")" = 0 ] \
	&& ok "clearance 0: the list with a Mật dossier is not listed" || notok "clearance 0: the list with a Mật dossier is not listed"
run_as thu dispose list; grep -q canarymat "$WORK/out" "$WORK/err" && notok "clearance 0: nothing of it in the text" || ok "clearance 0: nothing of it in the text"
run_as thu dispose show "$MIXED" --json; expect_rc "clearance 0: the list is not found" 3
grep -q canarymat "$WORK/out" "$WORK/err" && notok "clearance 0: show says nothing of it" || ok "clearance 0: show says nothing of it"
run_as thu dispose list --state proposed --json
[ "$(jqo 'length')" = 0 ] && ok "clearance 0: no proposed list it may see" || notok "clearance 0: no proposed list it may see"

# ---- transfer ---------------------------------------------------------------
run_as lan transfer run --dossier G09.2026.02.TH -o "$WORK/t0"; expect_rc "open dossier cannot be transferred" 7
expect_err "refusal says not closed" "chưa đóng"
expect_err "refusal cites the rule" "quy tắc 28"
[ "$(sql "SELECT status FROM dossiers WHERE id = 3")" = open ] && [ ! -e "$WORK/t0/goi-nop-luu.zip" ] \
	&& ok "refused transfer changed nothing" || notok "refused transfer changed nothing"
run_as lan transfer run --all-due -o "$WORK/tf" --date 2999-01-01; expect_rc "a transfer dated in the future is refused" 2
expect_err "the refusal says why" "tương lai"
[ ! -e "$WORK/tf/goi-nop-luu.zip" ] && [ "$(sql "SELECT count(*) FROM transfers")" = 0 ] \
	&& ok "the future-dated transfer changed nothing" || notok "the future-dated transfer changed nothing"
run_as lan transfer run --all-due -o "$WORK/t1" --receiver "Trung tâm Lưu trữ lịch sử" --date 2026-11-23 --json
expect_rc "permanent dossier transferred" 0
[ "$(jqo .date)" = 2026-11-23 ] && [ "$(sql "SELECT substr(transferred_at, 1, 10) FROM dossiers WHERE id = 2")" = 2026-11-23 ] \
	&& ok "the transfer is as of --date (its date, the dossier's transfer date)" || notok "the transfer is as of --date"
grep -q "ngày 23 tháng 11 năm 2026" "$WORK/t1/bien-ban-giao-nhan.html" && ok "the hand-over record is dated --date" || notok "the hand-over record is dated --date"
[ -s "$WORK/t1/goi-nop-luu.zip" ] && ok "package written" || notok "package written"
grep -q "một" "$WORK/t1/muc-luc-nop-luu.html" && ok "deposit list totals in words" || notok "deposit list totals in words"
grep -q "Về việc giao nhận hồ sơ, tài liệu" "$WORK/t1/bien-ban-giao-nhan.html" && ok "hand-over record" || notok "hand-over record"
[ "$(sql "SELECT status FROM dossiers WHERE id = 2")" = transferred ] && ok "dossier transferred" || notok "dossier transferred"
run search "thanh lap van phong"; expect_out "transferred record still searchable" "\\[3, "
run transfer list --record 3 --json; expect_rc "transfer list" 0
[ "$(jqo '.[0].package')" = "$WORK/t1/goi-nop-luu.zip" ] && ok "the record points to its package" || notok "the record points to its package"
[ "$(sql "SELECT count(*) FROM audit_log WHERE action = 'dossier.transfer' AND detail LIKE 'transfer:%goi-nop-luu.zip'")" = 1 ] \
	&& ok "one transfer audit entry per dossier" || notok "one transfer audit entry per dossier"
run transfer list --record 1; expect_out "a record not transferred has no package" "Không có"

# ---- compliance check and statistics ------------------------------------------
run check --date 2026-11-23 --json; expect_rc "check" 0
[ "$(jqo '[.tables.rules[] | select(.status == "not_checkable")] | length')" -gt 0 ] && ok "not-checkable rules are reported" || notok "not-checkable rules are reported"
[ "$(jqo '[.tables.findings[] | select(.rule == "20")] | length')" -ge 0 ] && ok "findings listed" || notok "findings listed"
[ "$(jqo '[.tables.findings[] | select(.rule == "15")] | length')" -ge 1 ] && ok "missing file plan found (rule 15)" || notok "missing file plan found (rule 15)"
run check --format csv; expect_out "csv header" "^table,rule,source"
run check --format html -o "$WORK/check.html"; expect_rc "check html" 0
grep -q "<table>" "$WORK/check.html" && ok "check html table" || notok "check html table"
run check --format xlsx -o "$WORK/check.xlsx"; expect_rc "check xlsx" 0
[ "$(head -c 2 "$WORK/check.xlsx")" = PK ] && ok "xlsx is a zip" || notok "xlsx is a zip"
run check --format xlsx; expect_rc "xlsx without -o is refused" 2
run check --format pdf; expect_rc "unknown format refused" 2
# a TTHC case (QĐ 766 counts administrative-procedure dossiers, rule 39)
printf 'Đơn đề nghị cấp phép\n' >"$WORK/tthc.txt"
run ingest "$WORK/tthc.txt" --json --meta issuedDate="$(date +%Y)-01-05"; TR=$(jqo '.records[0].id')
run config set organ_id 000.00.00.G09
run dossier open --tthc "H26-$(date +%Y)-0001" --procedure 1.004227 --received "$(date +%Y)-01-05" --json; TD=$(jqo .id)
run dossier add "$TD" "$TR" --role component; expect_rc "a TTHC case for the QĐ 766 table" 0
run stats --from 2010-01-01 --to 2026-12-31 --format html -o "$WORK/stats.html"; expect_rc "stats html" 0
grep -q "<svg" "$WORK/stats.html" && ok "stats has charts" || notok "stats has charts"
grep -q "<script" "$WORK/stats.html" && notok "stats without script" || ok "stats without script"
run stats --from 2010-01-01 --to 2026-12-31; expect_rc "stats text" 0; expect_out "stats text has the digitisation table" "QĐ 766"
run stats --format csv; expect_out "stats csv" "^table,department,dossiers,digitised,rate,score"
run stats --format xlsx -o "$WORK/stats.xlsx"; expect_rc "stats xlsx" 0
[ "$(head -c 2 "$WORK/stats.xlsx")" = PK ] && ok "stats xlsx is a zip" || notok "stats xlsx is a zip"
run stats --period quarter --json; expect_rc "stats per quarter" 0
[ "$(jqo '[.tables.processing[] | select(.period | test("^[0-9]{4}-Q[1-4]$"))] | length')" = "$(jqo '.tables.processing | length')" ] \
	&& ok "periods are quarters" || notok "periods are quarters"
run stats --period week; expect_rc "unknown period refused" 2
run stats --json; expect_rc "stats json" 0
[ "$(jqo '.tables.digitisation | length')" -ge 1 ] && ok "digitisation table" || notok "digitisation table"
run stats --from 2026-01-01 --to 2025-01-01; expect_rc "from after to refused" 2

# ---- the dossier catalog's footer (rule 18) ------------------------------------
printf 'heading,heading_abbr,notation,title,retention,keeper,note\nTỔNG HỢP,TH,,Kế hoạch năm,Vĩnh viễn,VP,\nTỔNG HỢP,TH,,Báo cáo quý,20 năm,VP,\nTỔ CHỨC,TCCB,,Tuyển dụng,10 năm,TCCB,\n' >"$WORK/plan.csv"
rule18() { jqo "[.tables.findings[] | select(.rule == \"18\" and .severity == \"$1\")] | length"; }
run catalog import "$WORK/plan.csv" --year 2025 --department VP; expect_rc "catalog imported" 0
run catalog print --year 2025 --department VP --format csv
expect_out "draft footer counted from the rows" "có 3 hồ sơ, bao gồm: 1 hồ sơ bảo quản vĩnh viễn; 2 hồ sơ"
expect_out "draft marked as such" "Bản nháp"
run check --year 2025 --date 2026-11-23 --json
[ "$(rule18 warning)" = 1 ] && ok "unfinalised catalog has no footer to compare (rule 18)" || notok "unfinalised catalog has no footer to compare (rule 18)"
run catalog finalize --year 2025 --department VP --approved-by "Giám đốc" --total 3 --permanent 1
expect_rc "partial footer refused" 2
run catalog finalize --year 2025 --department VP --issued 2025-01-08; expect_rc "approver required" 2
run catalog finalize --year 2025 --department VP --approved-by "Giám đốc" --issued 08/01/2025
expect_rc "bad issue date refused" 2
[ "$(sql "SELECT count(*) FROM fileplans WHERE finalized_at IS NOT NULL OR approved_by IS NOT NULL")" = 0 ] \
	&& ok "refused finalisations changed nothing" || notok "refused finalisations changed nothing"
run_as lan catalog finalize --year 2025 --department VP --approved-by "Giám đốc Trần Văn B" \
	--issued 2025-01-08 --total 3 --permanent 2 --fixed-term 1
expect_rc "declared footer recorded" 0; expect_err "a footer unlike the rows is warned" "quy tắc 18"
run catalog print --year 2025 --department VP --format html -o "$WORK/plan.html"; expect_rc "finalised catalog printed" 0
grep -q "có 3 hồ sơ, bao gồm: 2 hồ sơ bảo quản vĩnh viễn; 1 hồ sơ" "$WORK/plan.html" \
	&& ok "print carries the recorded footer" || notok "print carries the recorded footer"
grep -q "Ban hành ngày 08/01/2025" "$WORK/plan.html" && ok "print names the issue date" || notok "print names the issue date"
run check --year 2025 --date 2026-11-23 --json
[ "$(rule18 error)" = 1 ] && ok "footer unlike the rows found (rule 18)" || notok "footer unlike the rows found (rule 18)"
[ "$(jqo '.tables.rules[] | select(.rule == "15") | .status')" = ok ] && ok "approved and issued in January (rule 15)" || notok "approved and issued in January (rule 15)"
run catalog finalize --year 2025 --department VP --approved-by "Giám đốc"; expect_rc "finalised twice refused" 7
run catalog import "$WORK/plan.csv" --year 2024; expect_rc "second catalog imported" 0
run catalog finalize --year 2024 --approved-by "Giám đốc" --issued 2024-01-05 --json
expect_rc "finalised with the actual counts" 0
[ "$(jqo .matches)" = true ] && ok "recorded footer matches the rows" || notok "recorded footer matches the rows"
run check --year 2024 --date 2026-11-23 --json
[ "$(jqo '.tables.rules[] | select(.rule == "18") | .status')" = ok ] && ok "matching footer passes (rule 18)" || notok "matching footer passes (rule 18)"
run catalog list --json
[ "$(jqo '[.[] | select(.finalized)] | length')" = 2 ] && ok "list shows finalised catalogs" || notok "list shows finalised catalogs"

# ---- access logging (rule 42) --------------------------------------------------
run check --date 2026-11-23 --json
[ "$(jqo '.tables.rules[] | select(.rule == "42") | .status')" = partial ] && ok "intact access log passes what can be checked (rule 42)" || notok "intact access log passes what can be checked (rule 42)"
sql "INSERT INTO audit_log (who, action, object) VALUES ('', 'view', '11111111-1111-4111-8111-111111111111')"
run check --date 2026-11-23 --json
[ "$(jqo '[.tables.findings[] | select(.rule == "42")] | length')" -ge 3 ] \
	&& ok "anonymous view of an unknown record, outside the chain, found (rule 42)" || notok "anonymous view of an unknown record, outside the chain, found (rule 42)"
