#!/bin/sh
# The man pages kept in man/ (so `man -l man/turnserver.8` works from a
# checkout) are the ones this build generates from the programs' --help data
# and man/*.in. A stale copy fails with the command that refreshes it.
#
#   man_pages_current.sh <generated dir> <man/ of the source tree> <page>...
set -eu
generated=$1 committed=$2
shift 2
stale=""
for page in "$@"; do
    if ! cmp -s "$generated/$page" "$committed/$page"; then
        diff -u "$committed/$page" "$generated/$page" | head -40 || true
        stale="$stale $page"
    fi
done
if [ -n "$stale" ]; then
    echo "stale in man/:$stale"
    echo "refresh with: cmake --build <build dir> --target update_man_pages, and commit man/"
    exit 1
fi
echo "man/ holds the generated pages: $*"
