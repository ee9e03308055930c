#!/bin/sh
# The man pages render without warnings (groff -ww) and document every option the programs' own
# --help lists, for every command of `mantle`, so that they cannot fall behind the code.
#   tests/check-man-pages.sh SOURCE_DIR MANTLE MANTLE_PLAYGROUND MANTLE_EMULATOR
set -eu
src=$1
mantle=$2
app=$3
emulator=$4
status=0
for page in "$src"/docs/man/*.1; do
    warnings=$(LC_ALL=C.UTF-8 groff -man -ww -z -Tutf8 "$page" 2>&1)
    if [ -n "$warnings" ]; then
        echo "$page: groff warnings:" >&2
        echo "$warnings" >&2
        status=1
    fi
done
# The options of a help text: every "--word" at the start of an option line.
options() { sed -n 's/^ *\(-[a-zA-Z], \)\{0,1\}\(--[a-z0-9-]*\).*/\2/p'; }
check() { # PAGE HELP_TEXT
    for option in $(printf '%s\n' "$2" | options | sort -u); do
        # In man source, "-" is written "\-".
        escaped=$(printf '%s' "$option" | sed 's/-/\\\\-/g')
        if ! grep -q -- "$escaped\b" "$src/docs/man/$1"; then
            echo "docs/man/$1 does not mention $option" >&2
            status=1
        fi
    done
}
commands=$("$mantle" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p')
[ -n "$commands" ] || { echo "no commands in mantle --help" >&2; exit 1; }
for command in $commands; do
    check mantle.1 "$("$mantle" "$command" --help 2>/dev/null || true)"
done
check mantle.1 "$("$mantle" --help)"
check mantle-playground.1 "$("$app" --help)"
check mantle-emulator.1 "$("$emulator" --help)"
[ "$status" -eq 0 ] && echo "man pages: no warnings, every option documented"
exit "$status"
