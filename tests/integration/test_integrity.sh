#!/bin/sh
# Integrity you can prove (issue 17, items 1 and 2), through the real binary
# and a real server on loopback:
#   - verified reads: a stored file with one bit flipped, one truncated and
#     one deleted is never handed out — not by the HTTP download (422
#     "damaged" with the kind: content_changed, size_changed, missing; not
#     500 "io"), not by a package export, not into a backup — and each is
#     marked in the catalog, audited, shown by `show`, the record's JSON and
#     `verify`, whose --fixity names the record (docId, uid) and the kind;
#   - backups that wait for no writer: `luutru backup` while another
#     process holds the catalog's write lock and the index's lock, and
#     while an import with --text-blobs runs; a damaged file is left out
#     (exit 4) and the rest backed up; restore refuses a manifest that lost
#     its last five lines, a blob deleted with its manifest line, an
#     unlisted file and another key, naming each.
. "$(dirname "$0")/lib.sh"

need_tools integrity curl jq python3 sqlite3

blob() { echo "$LUUTRU_DATA/blobs/$(echo "$1" | cut -c1-2)/$(echo "$1" | cut -c3-4)/$1"; }
flip() { chmod u+w "$1"; python3 -c "import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[len(b)//2]^=1; open(p,'wb').write(b)" "$1"; }

run init; expect_rc "init" 0
printf 'archivist-pass-1\n' | "$LUUTRU" user add vanthu --role archivist --clearance 3 --password-stdin >/dev/null
TOKEN=$("$LUUTRU" user token vanthu)
printf 'Công văn số một về lưu trữ hồ sơ điện tử.\n' >"$WORK/one.txt"
printf 'Báo cáo số hai, nội dung dài hơn một chút để cắt bớt.\n' >"$WORK/two.txt"
printf 'Thông báo số ba.\n' >"$WORK/three.txt"
printf 'Quyết định số bốn, không hỏng.\n' >"$WORK/four.txt"
for n in one two three four; do
	run ingest "$WORK/$n.txt" --meta docId="IT.$n" --meta subject="Văn bản $n" --meta issuedDate=2024-03-05 \
		--meta typeName="Thông báo" --meta organName="Sở Nội vụ" --json
	expect_rc "ingest $n" 0
done
sha_of() { sql "SELECT f.sha256 FROM record_files f JOIN records r ON r.id = f.record_id WHERE r.doc_id = 'IT.$1' AND f.role = 'original'"; }
id_of() { sql "SELECT id FROM records WHERE doc_id = 'IT.$1'"; }
uid_of() { sql "SELECT uid FROM records WHERE doc_id = 'IT.$1'"; }
S1=$(sha_of one) S2=$(sha_of two) S3=$(sha_of three) S4=$(sha_of four)

# a backup set of the intact archive, for the repair at the end
run backup "$WORK/good"; expect_rc "a backup of the intact archive" 0

"$LUUTRU" serve --listen 127.0.0.1:0 --ready-file "$WORK/ready" >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; [ -n "${HOLDER:-}" ] && kill $HOLDER 2>/dev/null; [ -n "${IMP:-}" ] && kill $IMP 2>/dev/null; rm -rf "$WORK"' EXIT
i=0
while [ ! -s "$WORK/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
API="$(cat "$WORK/ready")/api/v1"
AUTH="Authorization: Bearer $TOKEN"
get() { ST=$(curl -s -o "$WORK/body" -w '%{http_code}' -H "$AUTH" "$@"); }

get "$API/records/$(id_of four)/files/$S4"
[ "$ST" = 200 ] && cmp -s "$WORK/body" "$WORK/four.txt" && ok "an intact file is served byte for byte" ||
	notok "an intact file is served byte for byte (status $ST)"

# ---- one bit flipped, one truncated, one deleted ------------------------------
flip "$(blob "$S1")"
chmod u+w "$(blob "$S2")"; truncate -s 20 "$(blob "$S2")"
rm -f "$(blob "$S3")"
for case in "one content_changed" "two size_changed" "three missing"; do
	set -- $case
	get "$API/records/$(id_of "$1")/files/$(sha_of "$1")"
	if [ "$ST" = 422 ] && [ "$(jq -r .error.code "$WORK/body")" = damaged ] &&
		[ "$(jq -r .error.damage "$WORK/body")" = "$2" ]; then
		ok "download of the $2 file is refused: 422 damaged/$2"
	else notok "download of the $2 file is refused (status $ST: $(head -c 200 "$WORK/body"))"; fi
	jq -r .error.message "$WORK/body" | grep -q "IT.$1" && ok "the refusal names the record ($2)" ||
		notok "the refusal names the record ($2)"
	[ "$(sql "SELECT damage FROM blobs WHERE sha256 = '$(sha_of "$1")'")" = "$2" ] &&
		ok "the file is marked $2 in the catalog" || notok "the file is marked $2 in the catalog"
	[ "$(sql "SELECT count(*) FROM audit_log WHERE action = 'blob.damaged' AND object = '$(uid_of "$1")' AND detail LIKE '%damage=$2 via=download'")" -ge 1 ] &&
		ok "the refusal is audited ($2)" || notok "the refusal is audited ($2)"
	[ "$(sql "SELECT count(*) FROM audit_log WHERE action = 'download' AND object = '$(uid_of "$1")'")" = 0 ] &&
		ok "no download is logged for the $2 file" || notok "no download is logged for the $2 file"
done
get "$API/records/$(id_of one)"
[ "$(jq -r '.files[0].damage' "$WORK/body")" = content_changed ] && ok "the record's JSON (web UI) shows the damage" ||
	notok "the record's JSON shows the damage ($(jq -c .files "$WORK/body"))"
get "$API/records/$(id_of four)"
[ "$(jq -r '.files[0].damage' "$WORK/body")" = null ] && ok "an intact file's JSON has damage null" || notok "an intact file's JSON has damage null"

run show IT.one; expect_rc "show of a record with a damaged file" 0
expect_out "show lists the file as damaged" "TỆP HỎNG: nội dung đã thay đổi"
expect_err "show warns on stderr" "bị hỏng"
run --lang en show IT.two --json
[ "$(jqo '.files[0].damage')" = size_changed ] && ok "show --json has the damage" || notok "show --json has the damage"

run --lang en verify --fixity --json; expect_rc "verify --fixity finds the damage (exit 4)" 4
for case in "one content_changed" "two size_changed" "three missing_blob"; do
	set -- $case
	[ "$(jqo ".issues[] | select(.object == \"$(sha_of "$1")\") | .kind + \" \" + .record.docId + \" \" + .record.uid")" = "$2 IT.$1 $(uid_of "$1")" ] &&
		ok "verify --fixity names the record and the kind ($2)" || notok "verify --fixity names the record and the kind ($2): $(jqo -c .issues)"
done
[ "$(jqo '.issues | length')" = 3 ] && ok "exactly three damaged files" || notok "exactly three damaged files ($(jqo '.issues|length'))"
run verify --json; expect_rc "plain verify reports the marks too (exit 4)" 4
[ "$(jqo '[.issues[].kind] | sort | join(",")')" = "content_changed,missing_blob,size_changed" ] &&
	ok "plain verify lists the three" || notok "plain verify lists the three ($(jqo '[.issues[].kind]|join(",")'))"

# ---- a package holding a damaged file is not written ----------------------------
write_plan "$WORK/plan.csv"
"$LUUTRU" config set organ_id 000.00.00.G09 >/dev/null
run catalog import "$WORK/plan.csv" --year 2024; expect_rc "catalog" 0
run dossier open --year 2024 --entry 01.TH --json; D=$(jqo .id)
run dossier add "$D" "$(id_of one)" "$(id_of four)"; expect_rc "file two records" 0
run dossier set "$D" riskRecovery=0; expect_rc "the backup regime (TT 05/2025)" 0
run dossier close "$D"; expect_rc "close the dossier" 0
CODE=$(sql "SELECT file_code FROM dossiers WHERE id = $D")
run package export "$CODE" -o "$WORK/p.zip"; expect_rc "package export refuses the damaged file (exit 4)" 4
expect_err "the refusal names the record" "IT.one"
[ ! -e "$WORK/p.zip" ] && [ -z "$(ls "$WORK" | grep 'p.zip')" ] && ok "no package, no temp file left" || notok "no package, no temp file left"

# ---- backup: the damaged files left out, the rest sealed ------------------------------
run backup "$WORK/bk" --json; expect_rc "backup with damaged files exits 4 (incomplete)" 4
[ "$(jqo .complete)" = false ] && [ "$(jqo '.skipped | length')" = 3 ] && ok "the result lists the three left out" ||
	notok "the result lists the three left out ($(cat "$WORK/out" | head -c 300))"
expect_err "each is named with its record" "IT.two"
[ -e "$WORK/bk/manifest-seal.txt" ] && ok "the rest is backed up and sealed" || notok "the rest is backed up and sealed"
[ -e "$(echo "$WORK/bk/blobs/$(echo "$S4" | cut -c1-2)/$(echo "$S4" | cut -c3-4)/$S4")" ] && ok "the intact file is in the set" || notok "the intact file is in the set"
[ "$(sql "SELECT skipped FROM backup_runs ORDER BY id DESC LIMIT 1")" = 3 ] && ok "backup_runs says 3 left out" || notok "backup_runs says 3 left out"
run restore "$WORK/bk" --data "$WORK/r-inc"; expect_rc "restore refuses an incomplete set (exit 7)" 7
expect_err "and says how to restore it anyway" "allow-incomplete"

# ---- repair from the good set: copied back, the marks go -----------------------------
for s in "$S1" "$S2" "$S3"; do
	rm -f "$(blob "$s")"
	cp "$WORK/good/blobs/$(echo "$s" | cut -c1-2)/$(echo "$s" | cut -c3-4)/$s" "$(blob "$s")"
done
run verify --fixity; expect_rc "after copying the files back from the set, fixity passes" 0
[ "$(sql "SELECT count(*) FROM blobs WHERE damage IS NOT NULL")" = 0 ] && ok "the marks are cleared" || notok "the marks are cleared"
[ "$(sql "SELECT count(*) FROM audit_log WHERE action = 'blob.intact'")" = 3 ] && ok "each repair is audited" || notok "each repair is audited"
get "$API/records/$(id_of one)/files/$S1"
[ "$ST" = 200 ] && cmp -s "$WORK/body" "$WORK/one.txt" && ok "the repaired file is served again" || notok "the repaired file is served again ($ST)"
kill $SERVER; wait $SERVER 2>/dev/null

# ---- backup beside writers -----------------------------------------------------------
# Another process holds the catalog's write lock (an uncommitted row) and
# the index's lock until the set is sealed: the backup waits for neither
# (its log entry, written last, waits for the catalog).
python3 - "$LUUTRU_DATA/catalog.db" "$LUUTRU_DATA/index/flintlock" "$WORK/bw/manifest-seal.txt" "$WORK/held" <<'PY' &
import fcntl, os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("BEGIN IMMEDIATE")
db.execute("CREATE TABLE IF NOT EXISTS held_by_test(x)")
fd = os.open(sys.argv[2], os.O_RDWR | os.O_CREAT, 0o666)
fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
open(sys.argv[4], "w").close()
for _ in range(1200):
    if os.path.exists(sys.argv[3]):
        break
    time.sleep(0.05)
db.execute("ROLLBACK")
PY
HOLDER=$!
i=0
while [ ! -e "$WORK/held" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
run backup "$WORK/bw" --json; expect_rc "backup while another process holds the catalog and index write locks" 0
wait $HOLDER; HOLDER=
[ "$(jqo .complete)" = true ] && [ "$(jqo .run_id)" -gt 0 ] && ok "the set is complete and the run logged" || notok "the set is complete and the run logged"
[ ! -e "$WORK/bw/index" ] && ok "the index is not in the set (rebuilt on restore)" || notok "the index is not in the set"
(cd "$WORK/bw" && sha256sum -c --quiet manifest-sha256.txt) >/dev/null 2>&1 && ok "the manifest passes sha256sum -c" || notok "the manifest passes sha256sum -c"

# An import with --text-blobs (one durable file per row) runs; backups
# are taken beside it. Whatever the snapshot caught restores and verifies.
mkdir -p "$WORK/batch"
awk 'BEGIN { for (i = 1; i <= 600; i++) printf "{\"docId\": \"IMP.%04d\", \"subject\": \"Dòng %d\", \"text\": \"Nội dung lưu trữ số %d.\"}\n", i, i, i }' >"$WORK/batch/manifest.jsonl"
"$LUUTRU" import "$WORK/batch" --text-blobs >"$WORK/imp.out" 2>"$WORK/imp.err" &
IMP=$!
i=0
while [ "$(sql "SELECT count(*) FROM records WHERE doc_id LIKE 'IMP.%'" 2>/dev/null)" = 0 ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
run backup "$WORK/bi" --json; expect_rc "backup while an import with --text-blobs runs" 0
run backup "$WORK/bi" --incremental --json; expect_rc "an incremental backup beside it too" 0
wait $IMP; irc=$?; IMP=
[ $irc = 0 ] && ok "the import was not disturbed" || notok "the import was not disturbed (exit $irc)"
run restore "$WORK/bi" --data "$WORK/ri" --json; expect_rc "restore of the set made beside the import" 0
N=$(sqlite3 "$WORK/ri/catalog.db" "SELECT count(*) FROM records")
[ "$(jqo .index_documents)" = "$N" ] && ok "restore rebuilt the index ($N records)" || notok "restore rebuilt the index ($(jqo .index_documents) of $N)"
run --data "$WORK/ri" verify; expect_rc "verify passes on it" 0
run --data "$WORK/ri" verify --fixity; expect_rc "fixity passes on it" 0
run --data "$WORK/ri" search "Thông báo số ba" --json
[ "$(jqo .total)" -ge 1 ] && ok "search works on the restored archive" || notok "search works on the restored archive"

# ---- restore refuses what is not the sealed set, naming it ---------------------------------
refuse() { # NAME PATTERN: restore of $WORK/t must exit 4 and name PATTERN
	run restore "$WORK/t" --data "$WORK/never"
	if [ "$RC" = 4 ] && grep -q -- "$2" "$WORK/err" && [ ! -e "$WORK/never" ]; then ok "restore refuses $1, naming it"
	else notok "restore refuses $1 (exit $RC: $(cat "$WORK/err"))"; fi
}
fresh() { rm -rf "$WORK/t"; cp -a "$WORK/bw" "$WORK/t"; chmod -R u+w "$WORK/t"; }
fresh; head -n -5 "$WORK/bw/manifest-sha256.txt" >"$WORK/t/manifest-sha256.txt"
refuse "a manifest that lost its last five lines" "$(tail -5 "$WORK/bw/manifest-sha256.txt" | head -1 | cut -c67-)"
fresh; L=$(grep "$S2" "$WORK/bw/manifest-sha256.txt"); rm -f "$WORK/t/$(echo "$L" | cut -c67-)"
grep -vF "$L" "$WORK/bw/manifest-sha256.txt" >"$WORK/t/manifest-sha256.txt"
refuse "a blob deleted together with its manifest line" "$S2"
expect_err "and names the record of that blob" "IT.two"
fresh; echo extra >"$WORK/t/blobs/extra.bin"
refuse "an unlisted file" "blobs/extra.bin"
fresh; rm -f "$WORK/t/$(grep "$S4" "$WORK/bw/manifest-sha256.txt" | cut -c67-)"
refuse "a missing file" "$S4"
run --data "$WORK/other" init
fresh; run restore "$WORK/t" --data "$WORK/never" --key "$WORK/other/keys/audit-ed25519.pub.pem"
[ "$RC" = 4 ] && grep -q "audit-ed25519.pub.pem" "$WORK/err" && ok "restore --key refuses a set sealed with another key" ||
	notok "restore --key refuses a set sealed with another key (exit $RC)"
run restore "$WORK/t" --data "$WORK/rk" --key "$LUUTRU_DATA/keys/audit-ed25519.pub.pem"
expect_rc "restore --key with the archive's own key" 0
