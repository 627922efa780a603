#!/bin/sh
# Full and read-only disks (issue 17, part B), on real small file systems:
# tmpfs mounts with a size limit, in a private mount namespace (unshare -m
# as root, else unshare -rm), so nothing outlives the test. Every failure
# has luutru's own message naming the full file system, --json prints a
# JSON error object, verify reports a full or read-only disk even when it
# cannot record its own run (and says so), and a scan stored without its
# searchable PDF because the disk was full is reported afterwards.
. "$(dirname "$0")/lib.sh"
need_tools diskfull unshare mount jq sqlite3

if [ -z "${LUUTRU_IN_NS:-}" ]; then
	if [ "$(id -u)" = 0 ]; then ns="unshare -m"; else ns="unshare -rm"; fi
	LUUTRU_IN_NS=1 $ns sh "$0"
	rc=$?
	[ $rc = 0 ] || notok "diskfull: the test in its own mount namespace ($ns) exited $rc"
	exit 0
fi

FS=$WORK/fs
mkdir -p "$FS"
if ! mount -t tmpfs -o size=32m tmpfs "$FS"; then
	notok "diskfull: cannot mount a 32 MiB tmpfs"
	exit 0
fi
export LUUTRU_DATA="$FS/d"
avail() { df -k "$1" | awk 'NR == 2 { print $4 }'; }
# fill DIR KB: leave about KB kilobytes free on DIR's file system
fill() { dd if=/dev/zero of="$1/fill" bs=1k count=$(($(avail "$1") - $2)) 2>/dev/null; }

run init; expect_rc "init on a 32 MiB file system" 0
run ingest "$SRC/samples/tb-08-vp.tif" --meta docId=D.0; expect_rc "ingest while there is room" 0

# ---- a scan stored without its searchable PDF (the disk filled up) --------------------
fill "$FS" 300
run ingest "$SRC/samples/cv-15-vp.png" --meta docId=D.1 --json
expect_rc "the scan is stored though its PDF does not fit" 0
expect_err "the warning names the full file system" "hệ thống tệp đã đầy: $FS"
[ "$(sql "SELECT count(*) FROM record_files f JOIN records r ON r.id = f.record_id WHERE r.doc_id = 'D.1' AND f.role = 'searchable_pdf'")" = 0 ] &&
	ok "no searchable PDF was stored" || notok "no searchable PDF was stored"
rm -f "$FS/fill"
run verify --json; expect_rc "verify afterwards (exit 4)" 4
[ "$(jqo '[.issues[] | select(.kind == "searchable_pdf_missing")] | length')" = 1 ] &&
	ok "verify reports the scan without its searchable PDF" || notok "verify reports the scan without its searchable PDF: $(jqo '[.issues[].kind] | join(",")')"
run verify --repair; expect_rc "verify --repair" 0
expect_out "it says it made the PDF again" "\[đã sửa\] searchable_pdf_missing"
run verify; expect_rc "verify is clean once there is room" 0

# ---- the catalog's disk full ------------------------------------------------------------
mkdir -p "$WORK/batch"
awk 'BEGIN { for (i = 0; i < 3000; i++) {
	printf "{\"docId\": \"F.%d\", \"subject\": \"Báo cáo %d\", \"text\": \"", i, i
	for (k = 0; k < 12; k++) printf "Nội dung báo cáo công tác văn thư lưu trữ số %d ", i
	printf "\"}\n" } }' >"$WORK/batch/manifest.jsonl"
fill "$FS" 200
run import "$WORK/batch" --json; expect_rc "import on a full disk exits 5" 5
[ "$(jqo '.error.code')" = no_space ] && ok "import --json prints a JSON error object (no_space)" ||
	notok "import --json prints a JSON error object: $(head -c 300 "$WORK/out")"
jqo '.error.message' | grep -q "hệ thống tệp đã đầy: $FS" && ok "the JSON message names the full file system" ||
	notok "the JSON message names the full file system: $(jqo '.error.message')"
expect_err "stderr says it in luutru's words" "hệ thống tệp đã đầy: $FS \(còn trống"
grep -q "Error writing block" "$WORK/err" && notok "no raw library message" || ok "no raw library message"
run --lang en import "$WORK/batch" --json; expect_rc "and in English" 5
jqo '.error.message' | grep -q "the file system is full: $FS" && ok "the English message names it too" ||
	notok "the English message names it too: $(jqo '.error.message')"
run verify --json; expect_rc "verify on the full disk reports (exit 4)" 4
[ "$(jqo '[.issues[] | select(.kind == "disk_full")] | length')" -ge 1 ] && ok "verify reports disk_full" ||
	notok "verify reports disk_full: $(jqo '[.issues[].kind] | join(",")')"
jqo '.issues[] | select(.kind == "disk_full") | .message' | grep -q "$FS" && ok "naming the file system" || notok "naming the file system"
rm -f "$FS/fill"
run import "$WORK/batch" --json; expect_rc "with room again the import finishes" 0
N=$(sql "SELECT count(*) FROM records WHERE doc_id LIKE 'F.%'")
[ "$N" = 3000 ] && ok "every row stored once" || notok "every row stored once ($N)"

# ---- the index's disk full (the index on its own small file system) -------------------
IX=$WORK/ix
mkdir -p "$IX"
mount -t tmpfs -o size=400k tmpfs "$IX" || notok "diskfull: cannot mount the index's tmpfs"
mkdir "$IX/index"
rm -rf "$LUUTRU_DATA/index"
ln -s "$IX/index" "$LUUTRU_DATA/index"
mkdir -p "$WORK/batch2"
sed 's/"F\./"G./' "$WORK/batch/manifest.jsonl" >"$WORK/batch2/manifest.jsonl"
run import "$WORK/batch2" --json; expect_rc "import with the index's disk full exits 5" 5
[ "$(jqo '.imported')" = 3000 ] && ok "the rows are stored in the catalog" || notok "the rows are stored in the catalog ($(jqo .imported))"
[ "$(jqo '.pipeline.error.code')" = no_space ] && ok "the JSON report carries the index error (no_space)" ||
	notok "the JSON report carries the index error: $(jq -c .pipeline "$WORK/out")"
[ "$(grep -c "không ghi được chỉ mục tìm kiếm" "$WORK/err")" = 1 ] && ok "the index error is said once" ||
	notok "the index error is said once: $(cat "$WORK/err")"
expect_err "naming the index's file system" "hệ thống tệp đã đầy: $IX"
umount "$IX"
rm -f "$LUUTRU_DATA/index"
run reindex; expect_rc "reindex on a disk with room" 0
run verify; expect_rc "verify is clean again" 0

# ---- a read-only disk ---------------------------------------------------------------------
mount -o remount,ro "$FS" || notok "diskfull: cannot remount read-only"
run verify --json; expect_rc "verify on a read-only disk reports (exit 4)" 4
KINDS=$(jqo '[.issues[].kind] | join(",")')
case ",$KINDS," in *,read_only,*) ok "verify reports read_only" ;; *) notok "verify reports read_only ($KINDS)" ;; esac
case ",$KINDS," in *,audit_unwritten,*) ok "and that it could not record its run" ;; *) notok "and that it could not record its run ($KINDS)" ;; esac
run search "báo cáo" --json; expect_rc "a search whose audit entry cannot be written is refused (exit 5)" 5
[ "$(jqo '.error.code')" = no_space ] && ok "search --json prints the JSON error" || notok "search --json prints the JSON error: $(head -c 300 "$WORK/out")"
jqo '.error.message' | grep -q "chỉ cho đọc" && ok "saying the file system is read-only" || notok "saying the file system is read-only"
run ingest "$SRC/samples/bc-33-vp.txt" --json; expect_rc "ingest on a read-only disk fails" 5
jq -e '.errors[0].code == "no_space" or .error.code == "no_space"' "$WORK/out" >/dev/null &&
	ok "ingest --json says why" || notok "ingest --json says why: $(head -c 300 "$WORK/out")"
mount -o remount,rw "$FS"
run verify; expect_rc "verify is clean once writable" 0
umount "$FS" 2>/dev/null
