#!/bin/sh
# bench/verified_read.sh — what the verified read costs a download
# (archive/fixity.h: the whole file is hashed before the first byte is
# sent, then the same descriptor is sent).
#
#   sh bench/verified_read.sh [LUUTRU_BIN] [REQUESTS]
#
# Makes a scratch data directory with one text record per size (64 KiB,
# 1 MiB, 10 MiB, 50 MiB of random base64; text ingests without OCR), starts
# `luutru serve` on loopback and downloads each file REQUESTS times
# (default 20) with curl after a warm-up (page cache warm). Prints, per
# size, the median wall time of a download and the server's CPU time per
# download (utime + stime of the serve process from /proc, before and
# after), which other load on the machine disturbs less than wall time.
# Run it with the binary before and after a change to compare.
set -eu
BIN=${1:-$(pwd)/build/luutru}
N=${2:-20}
W=$(mktemp -d "${TMPDIR:-/tmp}/luutru-vread-XXXXXX")
SERVER=
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; rm -rf "$W"' EXIT
export OMP_THREAD_LIMIT=1 LUUTRU_DATA="$W/data"

"$BIN" init >/dev/null
echo "max_upload_bytes = 104857600" >>"$LUUTRU_DATA/luutru.conf"
printf 'bench-pass-1\n' | "$BIN" user add bench --role archivist --clearance 3 --password-stdin >/dev/null
TOKEN=$("$BIN" user token bench)
for kib in 64 1024 10240 51200; do
	head -c $((kib * 1024 * 3 / 4 + 4)) /dev/urandom | base64 -w 0 | head -c $((kib * 1024)) >"$W/f$kib.txt"
	"$BIN" ingest "$W/f$kib.txt" --meta docId="VR.$kib" --meta subject="bench $kib" >/dev/null
done
"$BIN" serve --listen 127.0.0.1:0 --ready-file "$W/ready" >"$W/serve.out" 2>"$W/serve.err" &
SERVER=$!
i=0
while [ ! -s "$W/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
API="$(cat "$W/ready")/api/v1"
cpu_ms() { awk '{ printf "%d", ($14 + $15) * 1000 / '"$(getconf CLK_TCK)"' }' "/proc/$SERVER/stat"; }

echo "$(nproc) CPUs; $(uname -m); load $(cut -d' ' -f1-3 /proc/loadavg); $N requests per size"
printf '%-8s %12s %14s %12s\n' size "median ms" "server CPU ms" "MB/s (wall)"
for kib in 64 1024 10240 51200; do
	id=$(sqlite3 "$LUUTRU_DATA/catalog.db" "SELECT id FROM records WHERE doc_id = 'VR.$kib'")
	sha=$(sqlite3 "$LUUTRU_DATA/catalog.db" "SELECT sha256 FROM record_files WHERE record_id = $id")
	url="$API/records/$id/files/$sha"
	curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "$url" # warm-up
	c0=$(cpu_ms)
	k=0
	: >"$W/times"
	while [ $k -lt "$N" ]; do
		curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$url" >>"$W/times"
		k=$((k + 1))
	done
	c1=$(cpu_ms)
	med=$(sort -n "$W/times" | awk '{ t[NR] = $1 } END { printf "%.2f", t[int((NR + 1) / 2)] * 1000 }')
	printf '%-8s %12s %14s %12s\n' "${kib}K" "$med" "$(echo "$c0 $c1 $N" | awk '{ printf "%.2f", ($2 - $1) / $3 }')" \
		"$(echo "$kib $med" | awk '{ printf "%.0f", $1 * 1024 / 1e6 / ($2 / 1000) }')"
done
