#!/bin/sh
# bench/vnenc.sh — legacy encodings (TCVN3, VNI) detected and converted,
# on articles of ../shared/fixtures/corpus/legal-sample.jsonl.gz
# (bench/vnenc_bench.c says how the test set is made).
#
#   bench/vnenc.sh [SPLIT]     SPLIT 5 (reported; default) or 0 (development)
#
# Environment: BUILD (build dir, default build), LUUTRU_SHARED (default
# ../shared). Prints a Markdown table.
set -eu

BUILD=${BUILD:-build}
SHARED=${LUUTRU_SHARED:-../shared}

make -s BUILD="$BUILD" "$BUILD/libluutru.a" >/dev/null
libs=$(sed -n 's/^PKG_LIBS = //p' "$BUILD/config.mk")
cflags=$(sed -n 's/^PKG_CFLAGS = //p' "$BUILD/config.mk")
cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Werror -I. \
	$cflags -o "$BUILD/vnenc_bench" bench/vnenc_bench.c "$BUILD/libluutru.a" $libs -lstdc++ -lpthread -lm
zcat "$SHARED/fixtures/corpus/legal-sample.jsonl.gz" | "$BUILD/vnenc_bench" "${1:-5}" 10
