#!/bin/sh
# bench/ocr_speed.sh — luutru's OCR against plain tesseract and ocrmypdf on
# the same pages, in one run: the shared fixtures' scanned PDFs (doc.pdf of
# each letter, 7 pages; their pages are the NNN.scan.jpg images).
#
#   bench/ocr_speed.sh            (tools/install-deps.sh --bench first)
#
# Runs, one after the other, each on all 7 pages:
#   luutru-1w   bench/ocr_run --workers 1 --pdf  (engine + searchable PDF, as ingest)
#   luutru-2w   bench/ocr_run --workers 2 --pdf
#   luutru-img-1w  the same, 1 worker, on the page images (scan.jpg)
#   tesseract   tesseract IMG - -l vie+eng on each page image (scan.jpg)
#   ocrmypdf    ocrmypdf --deskew -l vie+eng doc.pdf out.pdf, then pdftotext
#   luutru-21p-1w, luutru-21p-2w  bench/ocr_run --workers 1|2 --pdf on the
#               21 page images scan.jpg, fax.png and lowres.png, for the
#               2-worker scaling (7 pages over 2 workers cap it at 1.75 x)
# and prints per run: wall seconds, pages/s, peak RSS (/usr/bin/time -v),
# and CER (and folded CER) of the text against doc.gt.txt. For luutru also
# the per-page overhead over Tesseract's own recognition time (wall ÷ sum
# of the seconds spent inside TessBaseAPIRecognize, minus 1; 1 worker).
# All runs get OMP_THREAD_LIMIT=1, as luutru's CLI sets it; ocrmypdf runs
# with its default --jobs (one per core), as paperless-ngx does.
#
# Environment: BUILD (default build), LUUTRU_SHARED (default ../shared).
# Note the machine's load (printed first): a busy machine slows every run.
set -eu

BUILD=${BUILD:-build}
SHARED=${LUUTRU_SHARED:-../shared}
FIX=$SHARED/fixtures/scans
OUT=$BUILD/ocr-speed
export OMP_THREAD_LIMIT=1

for t in tesseract ocrmypdf pdftotext /usr/bin/time bc; do
	command -v "$t" >/dev/null 2>&1 || { echo "ocr_speed: $t missing (tools/install-deps.sh --bench)" >&2; exit 1; }
done
if ! make -s BUILD="$BUILD" "$BUILD/libluutru.a" >/dev/null 2>&1; then
	[ -f "$BUILD/libluutru.a" ] || { echo "ocr_speed: cannot build $BUILD/libluutru.a" >&2; exit 1; }
	echo "ocr_speed: warning: library not rebuilt, using the existing one" >&2
fi
libs=$(sed -n 's/^PKG_LIBS = //p' "$BUILD/config.mk")
cflags=$(sed -n 's/^PKG_CFLAGS = //p' "$BUILD/config.mk")
for tool in ocr_run ocr_score; do
	cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Werror -I. \
		$cflags -o "$BUILD/$tool" "bench/$tool.c" "$BUILD/libluutru.a" $libs -lstdc++ -lpthread -lm
done

rm -rf "$OUT" && mkdir -p "$OUT"
pdfs=$(ls "$FIX"/*/doc.pdf)
letters=$(for p in $pdfs; do basename "$(dirname "$p")"; done | tr "\n" " ")
imgs=$(ls "$FIX"/*/[0-9][0-9][0-9].scan.jpg)
pages=0
for p in $pdfs; do pages=$((pages + $(pdfinfo "$p" | sed -n 's/^Pages: *//p'))); done

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(getconf _NPROCESSORS_ONLN) cores, load:$(uptime | sed 's/.*load average://')"
echo "# $pages pages in $(echo $pdfs | wc -w) scanned PDFs; tesseract $(tesseract --version 2>&1 | head -1 | cut -d' ' -f2), ocrmypdf $(ocrmypdf --version)"

# timed NAME CMD...: run under /usr/bin/time -v, keep wall s and peak KiB
timed() {
	name=$1
	shift
	/usr/bin/time -v -o "$OUT/$name.time" "$@" >"$OUT/$name.log" 2>&1 || {
		echo "ocr_speed: $name failed, see $OUT/$name.log" >&2
		exit 1
	}
}
wall() { # seconds from time -v's "Elapsed (wall clock) time (h:mm:ss or m:ss): M:SS.ss"
	sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1" |
		awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }'
}
peak() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }

# score DIR: CER and folded CER of DIR/LETTER.txt against doc.gt.txt
score() {
	sums="0 0 0"
	for l in $letters; do
		line=$("$BUILD/ocr_score" "$FIX/$l/doc.gt.txt" "$1/$l.txt")
		sums=$(echo "$sums $line" | awk '{ print $1 + $4, $2 + $5, $3 + $8 }')
	done
	echo "$sums" | awk '{ printf "%.2f%% %.2f%%", 100 * $2 / $1, 100 * $3 / $1 }'
}

# ---- luutru, 1 and 2 workers (searchable PDF on, as ingest) ---------------
for w in 1 2; do
	d=$OUT/luutru-${w}w
	mkdir -p "$d"
	# shellcheck disable=SC2086
	timed luutru-${w}w "$BUILD/ocr_run" --workers $w --pdf "$d" $pdfs
	for l in $letters; do mv "$d/$l-doc.txt" "$d/$l.txt"; done
done

# ---- luutru on the page images (the same inputs as plain tesseract) --------
d=$OUT/luutru-img-1w
mkdir -p "$d"
# shellcheck disable=SC2086
timed luutru-img-1w "$BUILD/ocr_run" --workers 1 --pdf "$d" $imgs
for l in $letters; do
	: >"$d/$l.txt"
	for t in "$d/$l"-[0-9][0-9][0-9].scan.txt; do cat "$t" >>"$d/$l.txt"; echo >>"$d/$l.txt"; done
done

# ---- luutru, 1 and 2 workers on 21 page images (scaling) -------------------
imgs21=$(ls "$FIX"/*/[0-9][0-9][0-9].scan.jpg "$FIX"/*/[0-9][0-9][0-9].fax.png \
	"$FIX"/*/[0-9][0-9][0-9].lowres.png)
for w in 1 2; do
	mkdir -p "$OUT/luutru-21p-${w}w"
	# shellcheck disable=SC2086
	timed luutru-21p-${w}w "$BUILD/ocr_run" --workers $w --pdf "$OUT/luutru-21p-${w}w" $imgs21
done

# ---- plain tesseract on the page images ------------------------------------
d=$OUT/tesseract
mkdir -p "$d"
cat >"$OUT/tesseract.sh" <<EOS
for l in $letters; do
	: >"$d/\$l.txt"
	for img in "$FIX/\$l"/[0-9][0-9][0-9].scan.jpg; do
		tesseract "\$img" - -l vie+eng 2>/dev/null >>"$d/\$l.txt"
		echo >>"$d/\$l.txt"
	done
done
EOS
timed tesseract sh "$OUT/tesseract.sh"

# ---- ocrmypdf + pdftotext -------------------------------------------------
d=$OUT/ocrmypdf
mkdir -p "$d"
cat >"$OUT/ocrmypdf.sh" <<EOS
for l in $letters; do
	ocrmypdf -q --deskew -l vie+eng "$FIX/\$l/doc.pdf" "$d/\$l.pdf"
	pdftotext -q "$d/\$l.pdf" "$d/\$l.txt"
done
EOS
timed ocrmypdf sh "$OUT/ocrmypdf.sh"

# ---- luutru's searchable PDFs, read back with pdftotext ---------------------
d=$OUT/luutru-pdf
mkdir -p "$d"
for l in $letters; do pdftotext -q "$OUT/luutru-1w/$l-doc.pdf" "$d/$l.txt"; done

printf '%-22s %8s %8s %9s %8s %9s\n' run wall_s pages/s peak_MiB CER foldCER
for r in luutru-1w luutru-2w luutru-img-1w tesseract ocrmypdf; do
	s=$(wall "$OUT/$r.time")
	printf '%-22s %8.1f %8.3f %9.0f %8s %9s\n' "$r" "$s" "$(echo "$pages / $s" | bc -l)" \
		"$(echo "$(peak "$OUT/$r.time") / 1024" | bc -l)" $(score "$OUT/$r")
done
printf '%-22s %8s %8s %9s %8s %9s\n' "luutru PDF+pdftotext" - - - $(score "$OUT/luutru-pdf")

t1=$(wall "$OUT/luutru-1w.time")
t2=$(wall "$OUT/luutru-2w.time")
tt=$(wall "$OUT/tesseract.time")
to=$(wall "$OUT/ocrmypdf.time")
rec=$(sed -n 's/^total\t[0-9]* pages\t\([0-9.]*\) s\t\([0-9.]*\) s in recognition/\1 \2/p' "$OUT/luutru-1w.log")
reci=$(sed -n 's/^total\t[0-9]* pages\t\([0-9.]*\) s\t\([0-9.]*\) s in recognition/\1 \2/p' "$OUT/luutru-img-1w.log")
ti=$(wall "$OUT/luutru-img-1w.time")
t21a=$(wall "$OUT/luutru-21p-1w.time")
t21b=$(wall "$OUT/luutru-21p-2w.time")
printf '%-22s %8.1f %8.3f %9.0f\n' luutru-21p-1w "$t21a" "$(echo "21 / $t21a" | bc -l)" \
	"$(echo "$(peak "$OUT/luutru-21p-1w.time") / 1024" | bc -l)"
printf '%-22s %8.1f %8.3f %9.0f\n' luutru-21p-2w "$t21b" "$(echo "21 / $t21b" | bc -l)" \
	"$(echo "$(peak "$OUT/luutru-21p-2w.time") / 1024" | bc -l)"
echo "2 workers / 1 worker:      $(echo "$t1 / $t2" | bc -l | cut -c1-5) x (7 PDF pages; at most 1.75 x), $(echo "$t21a / $t21b" | bc -l | cut -c1-5) x (21 page images)"
echo "luutru 2w / ocrmypdf:      $(echo "$to / $t2" | bc -l | cut -c1-5) x pages/s"
echo "luutru 1w / tesseract:     $(echo "$tt / $ti" | bc -l | cut -c1-5) x pages/s (both on the page images)"
echo "$rec" | awk '{ printf "overhead over recognition, PDFs:   %.1f %% (1 worker: %.1f s in run, %.1f s inside Tesseract recognition)\n", 100 * ($1 / $2 - 1), $1, $2 }'
echo "$reci" | awk '{ printf "overhead over recognition, images: %.1f %% (1 worker: %.1f s in run, %.1f s inside Tesseract recognition)\n", 100 * ($1 / $2 - 1), $1, $2 }'
sed -n 's/^total\t[0-9]* pages\t\([0-9.]*\) s\t\([0-9.]*\) s in recognition/\1 \2/p' "$OUT/luutru-21p-1w.log" |
	awk '{ printf "overhead over recognition, 21 images: %.1f %% (1 worker: %.1f s in run, %.1f s inside Tesseract recognition)\n", 100 * ($1 / $2 - 1), $1, $2 }'
echo "(model loading excluded; probing, PDF page images, preprocessing and the searchable PDF included)"
echo "# load at the end:$(uptime | sed 's/.*load average://')"
