#!/bin/sh
# bench/ocr_bench.sh — OCR quality and speed on the shared scan fixtures.
#
#   bench/ocr_bench.sh [CONFIG...]
#
# CONFIG is "tesseract" (the plain CLI: tesseract IMG - -l vie+eng),
# "tesseract-vie" (the same with -l vie), or a luutru step set for
# bench/ocr_run --prep: none, default, or a comma list of steps (orient,
# deskew, background, ...; ocr_run.c lists them, "-step" takes one out of
# default), optionally followed by %langs=L (ocr_run --langs L). Default:
# tesseract none default.
#
# Environment: BUILD (build dir, default build), VARIANTS (default
# "scan fax lowres"; also clean, and rot / dpi150 made by bench/ocr_variants
# into $BUILD/ocr-bench/variants — use those two on their own; and the
# pages bench/ocr_pages.py makes into $BUILD/ocr-bench/pages: table,
# tablescan, seal, sealscan, nearblank, blank, english, englishscan, hard,
# harder —
# also on their own; SET=tune or SET=report keeps only that half of them),
# LUUTRU_SHARED
# (default ../shared), JOBS (parallel processes, default 2; times are per page
# within one process, so use JOBS=1 on an idle machine for timing).
#
# Prints one line per config and variant: CER, order-free CER (ocr_score.c),
# folded CER (no case, no diacritics), WER, bag-of-words missing
# (order-insensitive), and seconds per page. Every page's text stays in
# $BUILD/ocr-bench/CONFIG/, with its scores per page in scores.tsv, and
# (list.N.err) the page quality signal's inputs per page (LT_OCR_DEBUG).
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
*" table"* | *" seal"* | *" nearblank "* | *" blank "* | *" english"* | *" hard"*)
	[ -d "$OUT/pages" ] || /usr/bin/python3 bench/ocr_pages.py "$FIX" "$OUT/pages"
	FIX=$OUT/pages
	;;
esac

files=""
for v in $VARIANTS; do
	files="$files $(ls "$FIX"/*/[0-9][0-9][0-9].$v.jpg "$FIX"/*/[0-9][0-9][0-9].$v.png 2>/dev/null || true)"
done
# The tune / report halves (ocr_pages.py): letters t*, h000_*, h001_* / r*, h002_*
case ${SET:-} in
tune) files=$(for f in $files; do case $f in */t[0-9]*/* | */h00[01]_*/*) echo "$f" ;; esac; done) ;;
report) files=$(for f in $files; do case $f in */r[0-9]*/* | */h002_*/*) echo "$f" ;; esac; done) ;;
esac

now() { date +%s.%N; }

run_config() { # config outdir -> per-file seconds in outdir/times
	cfg=$1 dir=$2
	rm -rf "$dir" && mkdir -p "$dir"
	case $cfg in
	tesseract) langs=vie+eng ;;
	tesseract-vie) langs=vie ;;
	*) langs= ;;
	esac
	if [ -n "$langs" ]; then
		for f in $files; do
			name=$(basename "$(dirname "$f")")-$(basename "${f%.*}")
			t0=$(now)
			tesseract "$f" - -l $langs >"$dir/$name.txt" 2>/dev/null
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
	prep=${cfg%%%*}
	extra=
	case $cfg in
	*%langs=*) extra="--langs ${cfg#*%langs=}" ;;
	esac
	for l in "$dir"/list.*; do
		# shellcheck disable=SC2046,SC2086
		LT_OCR_DEBUG=1 "$BUILD/ocr_run" --prep "$prep" $extra "$dir" $(cat "$l") >"$l.log" \
			2>"$l.err" &
	done
	wait
	cat "$dir"/list.*.log | awk -F'\t' '{ sub(/ s$/, "", $3); print $1, $3 }' >"$dir/times"
}

printf '%-34s %-9s %7s %7s %8s %7s %8s %7s\n' config variant CER ofCER foldCER WER BoWmiss s/page
for cfg in "$@"; do
	dir=$OUT/$(echo "$cfg" | tr ',%=' '+_-')-$(echo $VARIANTS | tr ' ' '+')
	run_config "$cfg" "$dir"
	: >"$dir/scores.tsv"
	for v in $VARIANTS; do
		sums="0 0 0 0 0 0 0 0"
		for hyp in "$dir"/*-[0-9][0-9][0-9].$v.txt; do
			name=$(basename "$hyp" .txt)
			letter=${name%%-*}
			page=${name#*-}
			page=${page%%.*}
			line=$("$BUILD/ocr_score" "$FIX/$letter/$page.gt.txt" "$hyp")
			printf '%s\t%s\n' "$name" "$line" >>"$dir/scores.tsv"
			sums=$(echo "$sums $line" | awk '{ print $1+$9, $2+$10, $3+$11, $4+$12, $5+$13, $6+$14, $7+$15, $8+$16 }')
		done
		secs=$(grep "\.$v " "$dir/times" | awk '{ s += $2; n++ } END { printf "%.2f", s / n }')
		echo "$sums" | awk -v c="$cfg" -v v="$v" -v s="$secs" '
			function pc(a, b) { return b > 0 ? sprintf("%.2f%%", 100 * a / b) : "-" }
			{ printf "%-34s %-9s %7s %7s %8s %7s %8s %7s\n", c, v, pc($2, $1), pc($7, $8),
			pc($5, $1), pc($4, $3), pc($6, $3), s }'
	done
done
