#!/bin/sh
# tools/install-deps.sh — make sure every library and tool luutru needs is
# installed (Debian 12 packages). Says what it installs; does nothing when
# all is present. Called by make; safe to run by hand.
#
#   tools/install-deps.sh          build and run dependencies
#   tools/install-deps.sh --test   also what the test suite needs
#   tools/install-deps.sh --fuzz   also clang's libFuzzer (make fuzz only)
#   tools/install-deps.sh --office also LibreOffice (optional: PDF/A
#                                  renditions of office files, docs/formats.md)
#   tools/install-deps.sh --bench  also the OCR benchmarks' peers and tools
#                                  (bench/ocr_speed.sh: ocrmypdf, time, bc;
#                                  bench/ocr_pages.py: python3-pil,
#                                  fonts-liberation2)
set -eu

# pkg-config module : Debian package
LIBS="
sqlite3:libsqlite3-dev
xapian-core:libxapian-dev
tesseract:libtesseract-dev
lept:libleptonica-dev
libarchive:libarchive-dev
libcrypto:libssl-dev
libutf8proc:libutf8proc-dev
jansson:libjansson-dev
cmocka:libcmocka-dev
libmicrohttpd:libmicrohttpd-dev
xlsxwriter:libxlsxwriter-dev
libxml-2.0:libxml2-dev
cairo:libcairo2-dev
pangocairo:libpango1.0-dev
"
# command or file : Debian package
TOOLS="
pkg-config:pkg-config
cc:gcc
c++:g++
make:make
pdftotext:poppler-utils
pdftoppm:poppler-utils
tesseract:tesseract-ocr
xapian-tcpsrv:xapian-tools
/usr/share/tesseract-ocr/5/tessdata/vie.traineddata:tesseract-ocr-vie
/usr/share/tesseract-ocr/5/tessdata/eng.traineddata:tesseract-ocr-eng
/usr/share/tesseract-ocr/5/tessdata/osd.traineddata:tesseract-ocr-osd
antiword:antiword
xls2csv:catdoc
/usr/share/color/icc/sRGB.icc:icc-profiles-free
/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf:fonts-liberation2
"
TEST_TOOLS="
python3:python3
sqlite3:sqlite3
jq:jq
qpdf:qpdf
pdfsig:poppler-utils
certutil:libnss3-tools
openssl:openssl
valgrind:valgrind
clang:clang
curl:curl
fiu-run:fiu-utils
chromium:chromium
node:nodejs
npm:npm
/usr/lib/python3/dist-packages/yaml/__init__.py:python3-yaml
"
BENCH_TOOLS="
wrk:wrk
python3:python3
ocrmypdf:ocrmypdf
/usr/bin/time:time
bc:bc
/usr/lib/python3/dist-packages/PIL/__init__.py:python3-pil
/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf:fonts-liberation2
"
missing=""
add() { case " $missing " in *" $1 "*) ;; *) missing="$missing $1" ;; esac; }

for t in $TOOLS; do
	what=${t%%:*}; pkg=${t#*:}
	case "$what" in
	/*) [ -e "$what" ] || add "$pkg" ;;
	*) command -v "$what" >/dev/null 2>&1 || add "$pkg" ;;
	esac
done
if command -v pkg-config >/dev/null 2>&1; then
	for l in $LIBS; do
		pkg-config --exists "${l%%:*}" || add "${l#*:}"
	done
else
	for l in $LIBS; do add "${l#*:}"; done
fi
if [ "${1:-}" = "--test" ]; then
	for t in $TEST_TOOLS; do
		command -v "${t%%:*}" >/dev/null 2>&1 || add "${t#*:}"
	done
fi

if [ "${1:-}" = "--bench" ]; then
	for t in $BENCH_TOOLS; do
		what=${t%%:*}
		case "$what" in
		/*) [ -e "$what" ] || add "${t#*:}" ;;
		*) command -v "$what" >/dev/null 2>&1 || add "${t#*:}" ;;
		esac
	done
fi

# --office: LibreOffice, for PDF/A renditions of office files (optional).
if [ "${1:-}" = "--office" ]; then
	command -v soffice >/dev/null 2>&1 || add "libreoffice-writer-nogui libreoffice-calc-nogui"
fi

# --fuzz (make fuzz only): clang and its libFuzzer / sanitizer runtimes.
if [ "${1:-}" = "--fuzz" ]; then
	command -v clang >/dev/null 2>&1 || add clang
	rt=$(clang -print-runtime-dir 2>/dev/null || true)
	ls "$rt"/libclang_rt.fuzzer*.a >/dev/null 2>&1 || add libclang-rt-14-dev
fi

[ -z "$missing" ] && exit 0

echo "luutru: cài đặt các gói còn thiếu / installing missing packages:$missing"
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
		echo "luutru: cần quyền root để cài: apt-get install$missing" >&2
		exit 1
	fi
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
