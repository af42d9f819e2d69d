#!/bin/sh
# A man page renders with man(1) without a single groff warning (-ww: every
# warning groff has), and says something: its NAME line and some sections.
#
#   man_page_renders.sh <page file>
set -eu
page=$1
command -v man >/dev/null || { echo "man is not installed (man-db; scripts/deps.sh test)"; exit 1; }
warnings=$(MANWIDTH=80 man --warnings=w -l "$page" 2>&1 >/dev/null)
if [ -n "$warnings" ]; then
    echo "$page: groff warnings:"
    echo "$warnings"
    exit 1
fi
text=$(LC_ALL=C MANWIDTH=80 man -l "$page" 2>/dev/null)
for heading in NAME SYNOPSIS DESCRIPTION; do
    echo "$text" | grep -qx "$heading" || { echo "$page: no $heading section"; exit 1; }
done
lines=$(echo "$text" | wc -l)
echo "$page: renders cleanly, $lines lines"
