#!/bin/sh
# Reliability, end to end through the real binary: configuration and the
# state-secret rule (43), verify and fixity (38), the hash-chained audit log
# and its tamper detection, backup and restore (40).
. "$(dirname "$0")/lib.sh"

# lib.sh's blob_files() skips every path containing /tmp/, i.e. everything
# when $TMPDIR is /tmp: count stored blobs by pruning blobs/tmp instead.
nblobs() { find "$LUUTRU_DATA/blobs" -path "$LUUTRU_DATA/blobs/tmp" -prune -o -type f -print | wc -l; }

for c in verify backup restore; do
	run "$c" --help; expect_rc "$c --help exits 0" 0
done

# ---- init makes the key and a default config ----------------------------
run init; expect_rc "init" 0
[ -f "$LUUTRU_DATA/keys/audit-ed25519.pem" ] && ok "init makes the signing key" || notok "init makes the signing key"
perm=$(stat -c %a "$LUUTRU_DATA/keys/audit-ed25519.pem")
[ "$perm" = 600 ] && ok "private key is 0600" || notok "private key is 0600 ($perm)"
grep -q "^# isolated = false" "$LUUTRU_DATA/luutru.conf" && ok "default config lists isolated" || notok "default config lists isolated"

# ---- ingest the samples ----------------------------------------------------
run ingest "$SRC"/samples/cv-15-vp.png "$SRC"/samples/tb-08-vp.tif "$SRC"/samples/kh-21-pnv.pdf \
	--meta typeName="Công văn"
expect_rc "ingest samples" 0
run ingest "$SRC"/samples/bc-33-vp.txt --meta subject="Báo cáo tổng kết"
expect_rc "ingest a text sample" 0
run verify; expect_rc "verify of a fresh archive passes" 0
expect_out "verify says nothing is wrong" "Không phát hiện vấn đề"
N0=$(sql "SELECT count(*) FROM records"); B0=$(nblobs)

# ---- state secrets (rule 43) ------------------------------------------------
printf 'secret draft\n' >"$WORK/secret.txt"
run ingest "$WORK/secret.txt" --meta secrecy=1
expect_rc "secrecy Mật refused when not isolated (exit 7)" 7
expect_err "the refusal cites the law and rule 43" "Luật Bảo vệ bí mật nhà nước; quy tắc 43"
run ingest "$WORK/secret.txt" --meta secrecy=3
expect_rc "secrecy Tuyệt mật refused" 7
run ingest "$WORK/secret.txt" --meta mode=03
expect_rc "mode 03 refused" 7
[ "$(sql "SELECT count(*) FROM records")" = "$N0" ] && ok "refused records store no row" || notok "refused records store no row"
[ "$(nblobs)" = "$B0" ] && ok "refused records store no blob" || notok "refused records store no blob"
run --lang en ingest "$WORK/secret.txt" --meta secrecy=2
expect_err "English refusal names rule 43" "rule 43"

# ---- configuration ----------------------------------------------------------
cp "$LUUTRU_DATA/luutru.conf" "$WORK/conf.bak"
printf 'isolated = maybe\n' >>"$LUUTRU_DATA/luutru.conf"
run verify; expect_rc "a bad config value is a usage error (exit 2)" 2
expect_err "the error names the line" "luutru.conf dòng [0-9]+"
printf 'max_upload_bytes = 10\n' >"$LUUTRU_DATA/luutru.conf"
run ingest "$SRC/samples/bc-33-vp.txt"; expect_rc "max_upload_bytes is enforced (exit 6)" 6
printf 'frobnicate = 1\n' >"$LUUTRU_DATA/luutru.conf"
run verify; expect_rc "an unknown key is only a warning" 0
expect_err "the unknown key is named" "frobnicate"
cp "$WORK/conf.bak" "$LUUTRU_DATA/luutru.conf"

# isolated = true accepts them, in a separate data directory
ISO="$WORK/iso"
run --data "$ISO" init; expect_rc "init isolated dir" 0
printf 'isolated = true\n' >"$ISO/luutru.conf"
run --data "$ISO" ingest "$WORK/secret.txt" --meta secrecy=2 --json
expect_rc "an isolated deployment accepts Tối mật" 0
[ "$(sqlite3 "$ISO/catalog.db" "SELECT secrecy FROM records")" = 2 ] && ok "secret record stored when isolated" || notok "secret record stored when isolated"

# ---- backup and restore -----------------------------------------------------
run search "cong van" --json; cp "$WORK/out" "$WORK/s1.json"
run search "bao cao" --json; cp "$WORK/out" "$WORK/s2.json"
NBK=$(sql "SELECT count(*) FROM blobs")
run backup "$WORK/bk" --json; expect_rc "full backup" 0
[ "$(jqo .verified)" = true ] && ok "backup verified its copies" || notok "backup verified its copies"
(cd "$WORK/bk" && sha256sum -c --quiet manifest-sha256.txt) >/dev/null 2>&1 && ok "manifest passes sha256sum -c" || notok "manifest passes sha256sum -c"
[ "$(sql "SELECT kind || verified FROM backup_runs")" = "full1" ] && ok "backup_runs records the run" || notok "backup_runs records the run"
[ "$(sql "SELECT count(*) FROM audit_log WHERE action = 'backup.run'")" = 1 ] && ok "backup is in the audit log" || notok "backup is in the audit log"
run backup "$WORK/bk"; expect_rc "a full backup refuses a non-empty dir" 7
run ingest "$SRC/samples/qd-120-ubnd.jpg"; expect_rc "ingest one more" 0
run backup "$WORK/bk" --incremental --json; expect_rc "incremental backup" 0
# the new original, and any file derived from it (a searchable PDF)
NEW=$(($(sql "SELECT count(*) FROM blobs") - NBK))
[ "$NEW" -ge 1 ] && [ "$(jqo .blobs_copied)" = "$NEW" ] && ok "incremental copies only the new blobs" || notok "incremental copies only the new blobs ($(jqo .blobs_copied) of $NEW)"
run search "cong van" --json; cp "$WORK/out" "$WORK/s1.json"
run search "bao cao" --json; cp "$WORK/out" "$WORK/s2.json"
run restore "$WORK/bk" --data "$WORK/restored"; expect_rc "restore into a new dir" 0
run --data "$WORK/restored" verify; expect_rc "verify passes on the restored archive" 0
run --data "$WORK/restored" search "cong van" --json
cmp -s "$WORK/out" "$WORK/s1.json" && ok "same search results after restore (cong van)" || notok "same search results after restore (cong van)"
run --data "$WORK/restored" search "bao cao" --json
cmp -s "$WORK/out" "$WORK/s2.json" && ok "same search results after restore (bao cao)" || notok "same search results after restore (bao cao)"
run restore "$WORK/bk" --data "$LUUTRU_DATA"; expect_rc "restore refuses a non-empty dir" 7
mkdir "$WORK/bad"; cp -a "$WORK/bk/." "$WORK/bad/"
f=$(find "$WORK/bad/blobs" -type f | head -1); chmod u+w "$f"; printf 'x' >>"$f"
run restore "$WORK/bad" --data "$WORK/r2"; expect_rc "restore refuses a damaged set" 4
[ ! -e "$WORK/r2" ] && ok "a refused restore writes nothing" || notok "a refused restore writes nothing"

# ---- orphans, leftovers, repair --------------------------------------------
NB=$(nblobs)
mkdir -p "$LUUTRU_DATA/blobs/ab/cd"
printf 'orphan' >"$LUUTRU_DATA/blobs/ab/cd/abcd000000000000000000000000000000000000000000000000000000000000"
printf 'tmp' >"$LUUTRU_DATA/blobs/tmp/put-old"; touch -d '3 hours ago' "$LUUTRU_DATA/blobs/tmp/put-old"
run verify --json; expect_rc "verify finds an orphan and a leftover (exit 4)" 4
[ "$(jqo '[.issues[].kind] | sort | join(",")')" = "orphan_blob,tmp_leftover" ] && ok "exactly the orphan and the leftover" || notok "exactly the orphan and the leftover ($(jqo '[.issues[].kind]|join(",")'))"
run verify --repair; expect_rc "verify --repair fixes them" 0
run verify; expect_rc "verify passes after repair" 0
[ "$(nblobs)" = "$NB" ] && [ ! -e "$LUUTRU_DATA/blobs/tmp/put-old" ] && ok "repair removed the leftover, kept blobs" || notok "repair removed the leftover, kept blobs"

# ---- fixity: one bit flipped, one file deleted -------------------------------
cp -a "$LUUTRU_DATA" "$WORK/fx"
set -- $(sqlite3 "$WORK/fx/catalog.db" "SELECT sha256 FROM blobs ORDER BY sha256 LIMIT 2")
F1="$WORK/fx/blobs/$(echo "$1" | cut -c1-2)/$(echo "$1" | cut -c3-4)/$1"
F2="$WORK/fx/blobs/$(echo "$2" | cut -c1-2)/$(echo "$2" | cut -c3-4)/$2"
chmod u+w "$F1"
python3 -c "import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[len(b)//2]^=1; open(p,'wb').write(b)" "$F1"
rm -f "$F2"
run --data "$WORK/fx" verify --fixity --json; expect_rc "fixity finds damage (exit 4)" 4
[ "$(jqo '.issues | length')" = 2 ] && ok "fixity reports exactly two problems" || notok "fixity reports exactly two problems ($(jqo '.issues|length'))"
[ "$(jqo ".issues[] | select(.kind == \"content_changed\") | .object")" = "$1" ] && ok "the flipped bit is reported by sha" || notok "the flipped bit is reported by sha"
[ "$(jqo ".issues[] | select(.kind == \"missing_blob\") | .object")" = "$2" ] && ok "the deleted file is reported by sha" || notok "the deleted file is reported by sha"
[ "$(sqlite3 "$WORK/fx/catalog.db" "SELECT detail LIKE 'issues=2%' FROM audit_log WHERE action = 'verify.fixity' ORDER BY id DESC LIMIT 1")" = 1 ] && ok "fixity result is in the audit log" || notok "fixity result is in the audit log"
run verify --fixity; expect_rc "fixity of the intact archive passes" 0

# ---- audit log tampering -----------------------------------------------------
run verify --audit --anchor --json; expect_rc "audit chain intact, anchored" 0
[ "$(jqo .info.audit_anchors)" -ge 1 ] && ok "the anchor signature verifies" || notok "the anchor signature verifies"
untrig() { sqlite3 "$1/catalog.db" "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"; }
for t in edit delete reorder sig append newest; do
	rm -rf "$WORK/t"; cp -a "$LUUTRU_DATA" "$WORK/t"; untrig "$WORK/t"
	case $t in
	edit) sqlite3 "$WORK/t/catalog.db" "UPDATE audit_log SET who = 'mallory' WHERE id = 2"; want="audit_edited audit_log:2" ;;
	delete) sqlite3 "$WORK/t/catalog.db" "DELETE FROM audit_log WHERE id = 3"; want="audit_deleted audit_log:3" ;;
	reorder) sqlite3 "$WORK/t/catalog.db" "UPDATE audit_log SET id = -1 WHERE id = 2; UPDATE audit_log SET id = 2 WHERE id = 3; UPDATE audit_log SET id = 3 WHERE id = -1"; want="audit_reordered audit_log:[23]" ;;
	sig) a=$(sqlite3 "$WORK/t/catalog.db" "SELECT id FROM audit_log WHERE action = 'audit.anchor' LIMIT 1")
	     sqlite3 "$WORK/t/catalog.db" "UPDATE audit_log SET detail = substr(detail, 1, length(detail) - 1) || CASE substr(detail, -1) WHEN '0' THEN '1' ELSE '0' END WHERE id = $a"
	     want="audit_(bad_anchor|edited) audit_log:$a" ;;
	append) # a row with a correctly computed hash, written without the key
	     n=$(($(sqlite3 "$WORK/t/catalog.db" "SELECT max(id) FROM audit_log") + 1))
	     prev=$(sqlite3 "$WORK/t/catalog.db" "SELECT hash FROM audit_log WHERE id = $((n - 1))")
	     h=$(printf 'luutru-audit-v1,%s:%s,20:2026-01-01T00:00:00Z,7:mallory,4:view,1:x,-,64:%s,' "${#n}" "$n" "$prev" | sha256sum | cut -d' ' -f1)
	     sqlite3 "$WORK/t/catalog.db" "INSERT INTO audit_log(id, at, who, action, object, prev_hash, hash) VALUES ($n, '2026-01-01T00:00:00Z', 'mallory', 'view', 'x', '$prev', '$h')"
	     want="audit_unsigned audit_log:$n" ;;
	newest) n=$(sqlite3 "$WORK/t/catalog.db" "SELECT max(id) FROM audit_log")
	     sqlite3 "$WORK/t/catalog.db" "DELETE FROM audit_log WHERE id = $n"
	     want="audit_deleted audit_log:$n" ;;
	esac
	run --data "$WORK/t" verify --audit --json; expect_rc "audit tamper ($t) detected (exit 4)" 4
	jq -r '.issues[] | .kind + " " + .object' "$WORK/out" | grep -Eq "^$want\$" && ok "audit tamper ($t) names the entry" || notok "audit tamper ($t) names the entry (want $want; got $(jq -c '[.issues[]|.kind+" "+.object]' "$WORK/out"))"
done

# ---- scheduled fixity in the service -------------------------------------------
rm -rf "$WORK/sv"; cp -a "$LUUTRU_DATA" "$WORK/sv"
printf 'fixity_interval_hours = 0\n' >"$WORK/sv/luutru.conf"
run --data "$WORK/sv" verify; expect_rc "fixity_interval_hours = 0 (off) is accepted" 0
printf 'fixity_interval_hours = 1\n' >"$WORK/sv/luutru.conf"
S1=$(sqlite3 "$WORK/sv/catalog.db" "SELECT sha256 FROM blobs ORDER BY sha256 LIMIT 1")
FS="$WORK/sv/blobs/$(echo "$S1" | cut -c1-2)/$(echo "$S1" | cut -c3-4)/$S1"
chmod u+w "$FS"
python3 -c "import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[0]^=4; open(p,'wb').write(b)" "$FS"
"$LUUTRU" --data "$WORK/sv" serve --listen 127.0.0.1:0 --fixity-every 1 \
	--ready-file "$WORK/sv-ready" >"$WORK/sv.out" 2>"$WORK/sv.err" &
SV=$!
trap 'kill $SV 2>/dev/null; rm -rf "$WORK"' EXIT
i=0
while [ ! -s "$WORK/sv-ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
SVURL=$(cat "$WORK/sv-ready" 2>/dev/null)
fixq="SELECT count(*) FROM audit_log WHERE action = 'verify.fixity' AND who = 'system:fixity'"
i=0
while [ "$(sqlite3 "$WORK/sv/catalog.db" "$fixq" 2>/dev/null)" = 0 ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
D=$(sqlite3 "$WORK/sv/catalog.db" "SELECT detail FROM audit_log WHERE action = 'verify.fixity' AND who = 'system:fixity' ORDER BY id LIMIT 1")
case "$D" in *"content_changed=1 size_changed=0 missing=0"*) ok "scheduled fixity run is in the audit log" ;;
*) notok "scheduled fixity run is in the audit log (detail: $D)"; sed 's/^/#   /' "$WORK/sv.err" | head -5 ;; esac
case "$D" in *"content_changed:$S1"*) ok "the audit entry names the flipped blob" ;;
*) notok "the audit entry names the flipped blob (detail: $D)" ;; esac
case "$D" in *"blobs=$(sqlite3 "$WORK/sv/catalog.db" "SELECT count(*) FROM blobs") "*) ok "the audit entry counts every blob checked" ;;
*) notok "the audit entry counts every blob checked (detail: $D)" ;; esac
grep -q "fixity" "$WORK/sv.err" && ok "the service warns about the damage on stderr" || notok "the service warns about the damage on stderr"
code=$(curl -s -o /dev/null -w '%{http_code}' "$SVURL/api/v1/health")
[ "$code" = 200 ] && ok "the service answers while fixity is scheduled" || notok "the service answers while fixity is scheduled ($code)"
kill -TERM $SV
i=0
while kill -0 $SV 2>/dev/null && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 $SV 2>/dev/null; then notok "SIGTERM stops the service with fixity scheduled"; else
	wait $SV; rc=$?
	[ $rc -eq 0 ] && ok "SIGTERM stops the service with fixity scheduled" || notok "SIGTERM stops the service with fixity scheduled (exit $rc)"
fi
run --data "$WORK/sv" verify --audit; expect_rc "the audit chain is intact after scheduled runs" 0
