#!/bin/sh
# bench/omp.sh [BIN] [IMAGE] — one page through `luutru ingest` with the
# OMP_THREAD_LIMIT=1 luutru sets for itself (the variable unset) and with
# OpenMP's own default on this machine (OMP_THREAD_LIMIT = number of cores),
# first on an idle machine, then with one core kept busy (as when a second
# OCR worker runs).
set -u
BIN=${1:-build/luutru}
IMG=${2:-../shared/fixtures/scans/000_49b2b25d46245d34/001.clean.png}
CORES=$(nproc)
one() { # label env-args...
	label=$1; shift
	d=$(mktemp -d)
	"$BIN" --data "$d" init >/dev/null
	/usr/bin/time -f "$label: %e s wall, %U s user" env "$@" "$BIN" --data "$d" ingest "$IMG" >/dev/null
	rm -rf "$d"
}
one "idle, luutru default (OMP_THREAD_LIMIT=1)" -u OMP_THREAD_LIMIT
one "idle, OMP_THREAD_LIMIT=$CORES" OMP_THREAD_LIMIT="$CORES"
sh -c 'while :; do :; done' & hog=$!
one "one core busy, luutru default (OMP_THREAD_LIMIT=1)" -u OMP_THREAD_LIMIT
one "one core busy, OMP_THREAD_LIMIT=$CORES" OMP_THREAD_LIMIT="$CORES"
kill $hog
