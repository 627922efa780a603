#!/bin/sh
# bench/fixity.sh — fixity throughput (luutru verify --fixity) beside
# sha256sum on the same blob files.
#
#   sh bench/fixity.sh [LUUTRU_BIN] [FILES] [MIB_PER_FILE]
#
# Makes a scratch data directory with FILES random UTF-8 text files of
# MIB_PER_FILE MiB each (text ingests without OCR), then times, each three
# times with a warm page cache: `luutru verify --fixity` and `sha256sum`
# over the same stored blobs. Prints MB/s (1 MB = 10^6 bytes).
set -eu
BIN=${1:-$(pwd)/build/luutru}
N=${2:-20}
MIB=${3:-10}
W=$(mktemp -d "${TMPDIR:-/tmp}/luutru-fixity-XXXXXX")
trap 'rm -rf "$W"' EXIT
export OMP_THREAD_LIMIT=1 LUUTRU_DATA="$W/data"

"$BIN" init >/dev/null
i=0
while [ "$i" -lt "$N" ]; do
	head -c $((MIB * 1024 * 1024 * 3 / 4)) /dev/urandom | base64 -w 0 | head -c $((MIB * 1024 * 1024)) >"$W/f$i.txt"
	i=$((i + 1))
done
"$BIN" ingest "$W"/f*.txt >/dev/null
rm -f "$W"/f*.txt
BYTES=$(sqlite3 "$LUUTRU_DATA/catalog.db" "SELECT sum(size) FROM blobs")
FILES=$(find "$LUUTRU_DATA/blobs" -path "$LUUTRU_DATA/blobs/tmp" -prune -o -type f -print)

now() { date +%s.%N; }
mbps() { echo "$BYTES $1 $2" | awk '{ printf "%.0f", $1 / ($3 - $2) / 1e6 }'; }

echo "blobs: $N x $MIB MiB = $BYTES bytes; $(nproc) CPUs; $(uname -m)"
for run in 1 2 3; do
	t0=$(now); "$BIN" verify --fixity >/dev/null; t1=$(now)
	# shellcheck disable=SC2086
	sha256sum $FILES >/dev/null; t2=$(now)
	echo "run $run: luutru verify --fixity $(mbps "$t0" "$t1") MB/s; sha256sum $(mbps "$t1" "$t2") MB/s"
done
