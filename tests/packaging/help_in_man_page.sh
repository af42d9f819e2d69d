#!/bin/sh
# Every entry `<program> --help` lists (its options, and turnctl's commands)
# appears in the program's man page as man(1) renders it; with a sample
# config, every long option is in it too: as a setting, commented out or
# not ("#name=..." / "name"), or, for options that only work on the command
# line, named as --name.
#
#   help_in_man_page.sh <program> <man page> [<sample config>]
set -eu
program=$1 page=$2 conf=${3:-}
command -v man >/dev/null || { echo "man is not installed (man-db; scripts/deps.sh test)"; exit 1; }

help=$("$program" --help)
# Entries start at a small indent ("  -p, --listening-port <port>  help",
# "      --version", "  drain [...]"); the help text after two spaces is not
# part of the term, and continuation lines are indented further.
terms=$(echo "$help" | grep -E '^ {2,6}[^ ]' | sed -E 's/^ +//; s/  .*$//')
[ -n "$terms" ] || { echo "$program --help lists nothing"; exit 1; }

# Wide enough that no term or help line is broken. A term is found where a
# rendered line starts with it, whole: followed by the end of the line or a
# space ("--no-udp" is not found in "--no-udp-gro").
rendered=$(LC_ALL=C MANWIDTH=1000 man -l "$page" 2>/dev/null)
count=$(echo "$terms" | wc -l)
absent=$(printf '%s\n' "$rendered" | awk -v terms="$terms" '
    BEGIN { n = split(terms, want, "\n") }
    { sub(/^ +/, "")
      for (i = 1; i <= n; i++) {
          t = want[i]
          if (substr($0, 1, length(t)) == t && (length($0) == length(t) || substr($0, length(t) + 1, 1) == " "))
              found[i] = 1
      } }
    END { for (i = 1; i <= n; i++) if (!found[i]) print want[i] }')
missing=0
if [ -n "$absent" ]; then
    echo "$absent" | sed "s|^|not in $page: |"
    missing=$(echo "$absent" | wc -l)
fi

if [ -n "$conf" ]; then
    for name in $(echo "$terms" | grep -oE -- '--[A-Za-z0-9][A-Za-z0-9_-]*' | sed 's/^--//' | sort -u); do
        if ! grep -qE "^#? ?$name( |=|\$)" "$conf" && ! grep -qF -- "--$name" "$conf"; then
            echo "not in $conf: $name"
            missing=$((missing + 1))
        fi
    done
fi
[ "$missing" -eq 0 ] || exit 1
echo "$program: all $count entries of --help in $page${conf:+ and their long options in $conf}"
