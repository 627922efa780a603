#!/bin/sh
# bench/relevance.sh — search quality (bench/relevance.c) on ALQAC 2022 and
# on the development and test sets of bench/make_devsets.sh.
#
#   bench/relevance.sh [--sweep] [--try K=V,...]             ALQAC 2022 as shipped
#   bench/relevance.sh --set alqac|legal-dev|legal-test|all [--classes] [...]
#
# Environment: BUILD (build dir, default build), LUUTRU_SHARED (default
# ../shared). Prints Markdown tables: hit@10 and MRR@10 with the questions
# as written and with diacritics stripped, for plain BM25 and for luutru.
# --set makes the sets once into $BUILD/devsets (classified ALQAC, and the
# legal-sample halves: tune on alqac and legal-dev, report legal-test).
set -eu

BUILD=${BUILD:-build}
SHARED=${LUUTRU_SHARED:-../shared}

make -s BUILD="$BUILD" "$BUILD/libluutru.a" >/dev/null
libs=$(sed -n 's/^PKG_LIBS = //p' "$BUILD/config.mk")
cflags=$(sed -n 's/^PKG_CFLAGS = //p' "$BUILD/config.mk")
cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Werror -I. \
	$cflags -o "$BUILD/relevance" bench/relevance.c "$BUILD/libluutru.a" $libs -lstdc++ -lpthread -lm
if [ "${1:-}" != "--set" ]; then
	exec "$BUILD/relevance" "$SHARED/fixtures/corpus/alqac2022" "$@"
fi
set=${2:?--set needs alqac, legal-dev, legal-test or all}
shift 2
[ -f "$BUILD/devsets/legal-test/qrels.tsv" ] || sh bench/make_devsets.sh "$BUILD/devsets" >/dev/null
[ "$set" = all ] && set="alqac legal-dev legal-test"
for s in $set; do
	echo "## $s"
	"$BUILD/relevance" "$BUILD/devsets/$s" "$@"
	echo
done
