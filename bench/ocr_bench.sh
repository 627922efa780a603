#!/bin/sh
# bench/ocr_bench.sh — OCR quality and speed on the shared scan fixtures.
#
#   bench/ocr_bench.sh [CONFIG...]
#
# CONFIG is "tesseract" (the plain CLI: tesseract IMG - -l vie+eng), or a
# luutru preprocessing set for bench/ocr_run --prep: none, default, or a
# comma list of orient, deskew, background. Default: tesseract none
# default.
#
# Environment: BUILD (build dir, default build), VARIANTS (default
# "scan fax lowres"; also clean, and rot / dpi150 made by bench/ocr_variants
# into $BUILD/ocr-bench/variants — use those two on their own), LUUTRU_SHARED
# (default ../shared), JOBS (parallel processes, default 2; times are per page
# within one process, so use JOBS=1 on an idle machine for timing).
#
# Prints one line per config and variant: CER, folded CER (no case, no
# diacritics), WER, bag-of-words missing (order-insensitive), and seconds
# per page. Every page's text stays in $BUILD/ocr-bench/CONFIG/.
set -eu

BUILD=${BUILD:-build}
SHARED=${LUUTRU_SHARED:-../shared}
FIX=$SHARED/fixtures/scans
OUT=$BUILD/ocr-bench
VARIANTS=${VARIANTS:-"scan fax lowres"}
JOBS=${JOBS:-2}
export OMP_THREAD_LIMIT=1

[ $# -gt 0 ] || set -- tesseract none default

# Another layer's work in progress may not compile; an existing library
# is good enough for measuring ocr/.
if ! make -s BUILD="$BUILD" "$BUILD/libluutru.a" >/dev/null 2>&1; then
	[ -f "$BUILD/libluutru.a" ] || { echo "ocr_bench: cannot build $BUILD/libluutru.a" >&2; exit 1; }
	echo "ocr_bench: warning: library not rebuilt, using the existing one" >&2
fi
libs=$(sed -n 's/^PKG_LIBS = //p' "$BUILD/config.mk")
cflags=$(sed -n 's/^PKG_CFLAGS = //p' "$BUILD/config.mk")
for tool in ocr_run ocr_score ocr_variants; do
	cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Werror -I. \
		$cflags -o "$BUILD/$tool" "bench/$tool.c" "$BUILD/libluutru.a" $libs -lstdc++ -lpthread -lm
done

case " $VARIANTS " in
*" rot "* | *" dpi150 "*)
	[ -d "$OUT/variants" ] || "$BUILD/ocr_variants" "$FIX" "$OUT/variants"
	FIX=$OUT/variants
	;;
esac

files=""
for v in $VARIANTS; do
	case $v in
	scan) ext=jpg ;;
	*) ext=png ;;
	esac
	files="$files $(ls "$FIX"/*/[0-9][0-9][0-9].$v.$ext)"
done

now() { date +%s.%N; }

run_config() { # config outdir -> per-file seconds in outdir/times
	cfg=$1 dir=$2
	rm -rf "$dir" && mkdir -p "$dir"
	if [ "$cfg" = tesseract ]; then
		for f in $files; do
			name=$(basename "$(dirname "$f")")-$(basename "${f%.*}")
			t0=$(now)
			tesseract "$f" - -l vie+eng >"$dir/$name.txt" 2>/dev/null
			echo "$name $(echo "$(now) - $t0" | bc)" >>"$dir/times"
		done
		return
	fi
	# Split the files over JOBS processes, each with its own engine.
	i=0
	for f in $files; do
		echo "$f" >>"$dir/list.$((i % JOBS))"
		i=$((i + 1))
	done
	for l in "$dir"/list.*; do
		# shellcheck disable=SC2046
		"$BUILD/ocr_run" --prep "$cfg" "$dir" $(cat "$l") >"$l.log" &
	done
	wait
	cat "$dir"/list.*.log | awk -F'\t' '{ sub(/ s$/, "", $3); print $1, $3 }' >"$dir/times"
}

printf '%-34s %-7s %7s %8s %7s %8s %7s\n' config variant CER foldCER WER BoWmiss s/page
for cfg in "$@"; do
	dir=$OUT/$(echo "$cfg" | tr ',' '+')-$(echo $VARIANTS | tr ' ' '+')
	run_config "$cfg" "$dir"
	for v in $VARIANTS; do
		sums="0 0 0 0 0 0"
		for hyp in "$dir"/*-[0-9][0-9][0-9].$v.txt; do
			name=$(basename "$hyp" .txt)
			letter=${name%%-*}
			page=${name#*-}
			page=${page%%.*}
			line=$("$BUILD/ocr_score" "$FIX/$letter/$page.gt.txt" "$hyp")
			sums=$(echo "$sums $line" | awk '{ print $1+$7, $2+$8, $3+$9, $4+$10, $5+$11, $6+$12 }')
		done
		secs=$(grep "\.$v " "$dir/times" | awk '{ s += $2; n++ } END { printf "%.2f", s / n }')
		echo "$sums" | awk -v c="$cfg" -v v="$v" -v s="$secs" '{
			printf "%-34s %-7s %6.2f%% %7.2f%% %6.2f%% %7.2f%% %7s\n", c, v,
			100 * $2 / $1, 100 * $5 / $1, 100 * $4 / $3, 100 * $6 / $3, s }'
	done
done
