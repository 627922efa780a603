#!/bin/sh
# Records end to end through the real binary: an incoming letter, its
# assignment (giao việc), the outgoing reply, the chain that `show` prints,
# the tracking register (Sổ theo dõi giải quyết văn bản đến), editing with
# history, search after an edit, and the refusals (rule 6, 12, 14, cycles).
. "$(dirname "$0")/lib.sh"

for c in edit history link task tracking; do
	run "$c" --help; expect_rc "$c --help exits 0" 0; expect_out "$c --help is Vietnamese" "Cách dùng"
done
run --lang en task --help; expect_out "task --help in English" "luutru task add RECORD"

run init; expect_rc "init" 0
adduser lan archivist 3

printf 'Công văn xin ý kiến về hồ sơ đất đai của xã Tân Lập\n' >"$WORK/in.txt"
printf 'Công văn trả lời về hồ sơ đất đai\n' >"$WORK/out.txt"
printf 'Quyết định thu hồi công văn trả lời\n' >"$WORK/recall.txt"

run ingest "$WORK/in.txt" --json --meta kind=incoming --meta codeNumber=15 \
	--meta codeNotation=UBND-VP --meta issuedDate=2024-11-20 --meta organName="UBND xã Tân Lập" \
	--meta subject="V/v xin ý kiến hồ sơ đất đai" --meta arrivalNumber=101 --meta arrivalDate=2024-11-21
expect_rc "ingest incoming" 0
IN=$(jqo '.records[0].id')
run ingest "$WORK/out.txt" --json --meta kind=outgoing --meta codeNumber=20 \
	--meta codeNotation=STNMT-VP --meta issuedDate=2024-11-25 --meta subject="V/v trả lời hồ sơ đất đai"
expect_rc "ingest outgoing reply" 0
OUT=$(jqo '.records[0].id')
run ingest "$WORK/recall.txt" --json --meta kind=outgoing --meta codeNumber=21 --meta codeNotation=QĐ-STNMT
expect_rc "ingest recall decision" 0
RECALL=$(jqo '.records[0].id')

# ---- tasks ---------------------------------------------------------------
run task add "$IN" --coop "Phòng Pháp chế" --due 2024-12-31
expect_rc "rule 12: coop units without a lead unit refused" 2; expect_err "says the lead unit is needed" "chủ trì"
run task add "$IN" --lead "Phòng Đất đai" --coop "Phòng Pháp chế" --due 2024-13-01
expect_rc "bad due date refused" 2
run task add "$OUT" --lead "Phòng Đất đai"
expect_rc "task on an outgoing record refused" 2
[ "$(sql 'select count(*) from tasks')" = 0 ] && ok "refused tasks left nothing" || notok "refused tasks left nothing"

run task add "$IN" --lead "Phòng Đất đai" --coop "Phòng Pháp chế, Văn phòng" --assignee "Nguyễn Văn B" --due 2024-12-31 --json
expect_rc "task add" 0
TASK=$(jqo '.id')
[ "$(jqo '.coop | length')" = 2 ] && ok "two cooperating units stored" || notok "two cooperating units stored"
[ "$(jqo '.due')" = 2024-12-31 ] && ok "due date stored ISO" || notok "due date stored ISO"

run task update "$TASK" --progress 101; expect_rc "progress 101 refused" 2
run task update "$TASK" --progress 50; expect_rc "task update progress" 0; expect_out "in progress" "đang xử lý"
run task list --overdue --today 2025-01-15; expect_rc "task list --overdue" 0; expect_out "overdue task listed" "Việc quá hạn: 1"
run task update "$TASK" --status done --reply "$OUT" --result "Đã trả lời bằng công văn 20/STNMT-VP"
expect_rc "task done with reply" 0
[ "$(sql "select count(*) from record_links where kind='reply_to' and from_record_id=$OUT and to_record_id=$IN")" = 1 ] \
	&& ok "reply created a reply_to link" || notok "reply created a reply_to link"
run task update "$TASK" --progress 60; expect_rc "a done task is final" 7
run task list --overdue --today 2025-01-15; expect_out "answered task no longer overdue" "Việc quá hạn: 0"

# ---- show: the chain -----------------------------------------------------
run show "$IN"; expect_rc "show incoming" 0
expect_out "chain heading" "Chuỗi văn bản"
expect_out "chain: the incoming letter" "\[$IN\] Văn bản đến 15/UBND-VP"
expect_out "chain: the task" "giao việc #$TASK .*chủ trì: Phòng Đất đai"
expect_out "chain: the reply under the task" "văn bản trả lời → \[$OUT\] Văn bản đi 20/STNMT-VP"
# order: incoming, then task, then reply
awk -v a="[$IN] " -v b="giao việc #" -v c="[$OUT] " '
	index($0, a) && !x { x = NR } index($0, b) && !y { y = NR } index($0, c) && !z { z = NR }
	END { exit !(x && y && z && x < y && y < z) }' "$WORK/out" \
	&& ok "chain order incoming → task → reply" || notok "chain order incoming → task → reply"
run show "$OUT" --json; expect_rc "show --json" 0
[ "$(jqo '.chain.id')" = "$IN" ] && ok "chain of the reply starts at the incoming letter" || notok "chain of the reply starts at the incoming letter"
[ "$(jqo '.chain.children[0].via')" = task ] && ok "chain json: task under incoming" || notok "chain json: task under incoming"
[ "$(jqo '.chain.children[0].children[0].id')" = "$OUT" ] && ok "chain json: reply under task" || notok "chain json: reply under task"
[ "$(jqo '.links[0].kind')" = reply_to ] && ok "show --json links" || notok "show --json links"
[ "$(jqo '.uid | length')" = 36 ] && ok "show --json keeps its keys" || notok "show --json keeps its keys"

# ---- tracking register ---------------------------------------------------
run tracking --format csv; expect_rc "tracking csv" 0
head -c 3 "$WORK/out" | od -An -tx1 | grep -q "ef bb bf" && ok "csv starts with a BOM" || notok "csv starts with a BOM"
expect_out "csv has the reply number" "20/STNMT-VP"
expect_out "csv has Vietnamese headings" "Thời hạn giải quyết"
run tracking --format html --output "$WORK/so.html"; expect_rc "tracking html to a file" 0
grep -q "<th>Số, ký hiệu văn bản trả lời</th>" "$WORK/so.html" && ok "html headings" || notok "html headings"
run tracking --json; [ "$(jqo '.rows[0].replies')" != null ] && ok "tracking json replies" || notok "tracking json replies"
run tracking --format pdf; expect_rc "unknown format refused" 2

# ---- links ----------------------------------------------------------------
run link add "$IN" reply_to "$IN"; expect_rc "self link refused" 2
run link add "$OUT" --reply-to "$IN"; expect_rc "duplicate link refused" 7
run link add "$IN" reply_to "$OUT"; expect_rc "reply cycle refused" 2; expect_err "cycle named" "vòng"
run link add "$IN" reply_to 9999; expect_rc "unknown record" 3
run link list "$IN" --json; [ "$(jqo '.links | length')" = 1 ] && ok "link list both directions" || notok "link list both directions"

# ---- edit, history, search -----------------------------------------------
run edit "$IN" --set codeNumber=5; expect_rc "rule 6: number 5 refused" 2; expect_err "says zero-pad" "05"
run edit "$IN" --set codeNotation="UBND VP"; expect_rc "rule 6: bad notation refused" 2
run edit "$IN" --set nosuchfield=1; expect_rc "unknown field refused" 2
[ "$(sql "select count(*) from record_history where record_id=$IN")" = 0 ] && ok "refused edits wrote nothing" || notok "refused edits wrote nothing"
run_as lan edit "$IN" --set subject="V/v thẩm định quy hoạch khu dân cư"
expect_rc "edit subject" 0; expect_out "edit prints old → new" "hồ sơ đất đai\" → \"V/v thẩm định"
run history "$IN"; expect_rc "history" 0
expect_out "history shows old → new" "\"V/v xin ý kiến hồ sơ đất đai\" → \"V/v thẩm định quy hoạch khu dân cư\""
expect_out "history shows who" "lan"
run show "$IN" --history; expect_out "show --history" "Lịch sử sửa"
run search "tham dinh quy hoach" --json; expect_rc "search after edit" 0
[ "$(jqo '.hits[0].id')" = "$IN" ] && ok "search finds the new subject" || notok "search finds the new subject"
run edit "$IN" --set docId=H01.2024.VP.0001; expect_rc "edit docId" 0
run edit "$RECALL" --set subject="không được ghi" --set docId=H01.2024.VP.0001
expect_rc "docId of another record refused" 7
[ "$(sql "select count(*) from records where subject='không được ghi'")" = 0 ] && ok "refused multi-field edit wrote nothing" || notok "refused multi-field edit wrote nothing"
run edit "$IN" --set codeNotation=TB-UBND --set typeName=02
expect_rc "type mismatch is only a warning" 0; expect_err "warning names QĐ" "QĐ"
H0=$(sql "select count(*) from record_history where record_id=$IN")
run edit "$IN" --set keyword="đất đai" --set recipientOrganId=000.00.00.H26 --set dueDate=2024-02-30 --set pageAmount=3
expect_rc "one bad value among four: refused" 2; expect_err "names the bad field" "dueDate"
[ "$(sql "select count(*) from record_history where record_id=$IN")" = "$H0" ] &&
	[ "$(sql "select count(*) from records where id=$IN and (keyword is not null or recipient_organ_id is not null)")" = 0 ] \
	&& ok "nothing of the four changed" || notok "nothing of the four changed"
run edit "$IN" --set recipientOrganId="Sở Xây dựng"; expect_rc "recipientOrganId must be a QCVN 102 id" 2
run edit "$IN" --set keyword="đất đai" --set recipientOrganId=000.00.00.h26 --set pageAmount=3 --json
expect_rc "four fields in one edit" 0
[ "$(jqo '.changes | length')" = 3 ] && ok "three changes reported" || notok "three changes reported ($(jqo '.changes | length'))"
[ "$(sql "select recipient_organ_id from records where id=$IN")" = 000.00.00.H26 ] && ok "recipientOrganId stored in capitals" \
	|| notok "recipientOrganId stored in capitals"
[ "$(sql "select count(*) from record_history where record_id=$IN and field in ('keyword','recipientOrganId')")" = 2 ] \
	&& ok "a history row per changed field" || notok "a history row per changed field"
run show "$IN"; expect_out "show prints the recipient agency id" "000.00.00.H26"

# ---- recall freezes the outgoing record (rule 14) -------------------------
run link add "$RECALL" recalls "$OUT"; expect_rc "recall link" 0
run edit "$OUT" --set subject="sửa sau thu hồi"; expect_rc "edit of a recalled record refused" 7
expect_err "says it is frozen" "thu hồi"
[ "$(sql "select subject from records where id=$OUT")" = "V/v trả lời hồ sơ đất đai" ] && ok "recalled record unchanged" || notok "recalled record unchanged"
run link remove "$RECALL" recalls "$OUT"; expect_rc "recall cannot be undone" 7
run show "$OUT"; expect_out "chain shows the recall" "bị thu hồi bởi → \[$RECALL\]"
