#!/bin/sh
# bench/relevance.sh — search quality on ALQAC 2022 (bench/relevance.c).
#
#   bench/relevance.sh [--sweep]
#
# Environment: BUILD (build dir, default build), LUUTRU_SHARED (default
# ../shared). Prints a Markdown table: hit@10 and MRR@10 with the questions
# as written and with diacritics stripped, for plain BM25 and for luutru.
set -eu

BUILD=${BUILD:-build}
SHARED=${LUUTRU_SHARED:-../shared}

make -s BUILD="$BUILD" "$BUILD/libluutru.a" >/dev/null
libs=$(sed -n 's/^PKG_LIBS = //p' "$BUILD/config.mk")
cflags=$(sed -n 's/^PKG_CFLAGS = //p' "$BUILD/config.mk")
cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Werror -I. \
	$cflags -o "$BUILD/relevance" bench/relevance.c "$BUILD/libluutru.a" $libs -lstdc++ -lpthread -lm
exec "$BUILD/relevance" "$SHARED/fixtures/corpus/alqac2022" "$@"
