#!/bin/sh
# `luutru import` while another process holds the search index's write
# lock (as `luutru serve` does while its sync runs): the rows are committed
# to the catalog, the import says the other writer will index them and
# exits 0; once the lock is free, the next sync indexes them. The lock is
# held by a second process taking the same POSIX lock on index/flintlock
# that Xapian takes (docs/search.md, "Index sync batches and import speed").
. "$(dirname "$0")/lib.sh"

need_tools import-busy python3 jq
run init; expect_rc "init" 0

mkdir -p "$WORK/batch"
cat >"$WORK/batch/manifest.jsonl" <<'EOF'
{"docId": "BUSY.0001", "typeName": "Công văn", "issuedDate": "2024-03-05", "subject": "Về việc khóa chỉ mục", "text": "Nội dung thử nghiệm zyxkhoachimuc khi chỉ mục đang bận."}
{"docId": "BUSY.0002", "typeName": "Báo cáo", "issuedDate": "2024-03-06", "subject": "Báo cáo thử", "text": "Một văn bản nữa zyxkhoachimuc."}
EOF

# hold_lock SECONDS: a second process holding the index's write lock; its
# pid in $HOLDER once the lock is taken.
hold_lock() {
	rm -f "$WORK/locked"
	python3 - "$LUUTRU_DATA/index/flintlock" "$WORK/locked" "$1" <<'PY' &
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o666)
fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
open(sys.argv[2], "w").close()
time.sleep(float(sys.argv[3]))
PY
	HOLDER=$!
	i=0
	while [ ! -f "$WORK/locked" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
}

hold_lock 60
[ -f "$WORK/locked" ] && ok "a second process holds the index lock" \
	|| notok "a second process holds the index lock"

run import "$WORK/batch"
expect_rc "import while another process writes the index exits 0" 0
expect_out "the import reports its rows" "2 đã nhập"
expect_err "it says the other writer will index them" "tiến trình khác ghi"
[ "$(sql "SELECT count(*) FROM records WHERE doc_id LIKE 'BUSY.%'")" = 2 ] \
	&& ok "the rows are in the catalog" || notok "the rows are in the catalog"

run --lang en import "$WORK/batch" --json
expect_rc "re-run (JSON, English) while locked exits 0" 0
[ "$(jqo .pipeline.indexBusy)" = true ] && ok "JSON says indexBusy" \
	|| notok "JSON says indexBusy ($(jqo .pipeline.indexBusy))"
expect_err "English message" "being written by another process"
kill "$HOLDER" 2>/dev/null
wait "$HOLDER" 2>/dev/null

# The lock is free: the next sync (here a re-run of the import) indexes them.
run import "$WORK/batch" --json
expect_rc "re-run after the lock is released" 0
[ "$(jqo .pipeline.indexBusy)" = false ] && ok "not busy any more" || notok "not busy any more"
run search zyxkhoachimuc --json
[ "$(jqo .total)" = 2 ] && ok "both records found once indexed" \
	|| notok "both records found once indexed ($(cat "$WORK/out" | head -c 200))"
