#!/bin/sh
# samples/make-samples.sh — how the demo scans in this folder were made.
# The letters are fictional (UBND huyện An Hòa); each NAME.gt.txt is the text
# drawn on NAME.<ext>. Needs ImageMagick (with PDF writing allowed in its
# policy) and the DejaVu fonts; the build never runs this.
set -eu
cd "$(dirname "$0")"
page() { # text-file, extra convert options..., output
	src=$1; shift
	convert -density 300 -units PixelsPerInch -size 1500x -background white -fill black \
		-font DejaVu-Serif -pointsize 10 caption:"$(cat "$src")" \
		-bordercolor white -border 80 -colorspace Gray "$@"
}
page cv-15-vp.gt.txt -depth 8 cv-15-vp.png
# An office-scanner look: slightly rotated, noisy, blurred JPEG.
page qd-120-ubnd.gt.txt -rotate 1.2 -background white -flatten -attenuate 0.4 \
	+noise Gaussian -blur 0x0.6 -depth 8 -quality 80 qd-120-ubnd.jpg
# A 1-bit CCITT G4 TIFF, as fax machines and document scanners write them.
page tb-08-vp.gt.txt -threshold 55% -monochrome -compress Group4 tb-08-vp.tif
# An image-only PDF (no text layer), as scanners produce.
page kh-21-pnv.gt.txt -alpha off -depth 8 -quality 85 -compress jpeg kh-21-pnv.pdf
