#!/bin/sh
# Fails when a translation file is out of step with the sources (a tr() string missing or
# obsolete) or unfinished (see translations/translations_check.py).
#   tests/check-translations.sh SOURCE_DIR LUPDATE
set -eu
src=$1
lupdate=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$lupdate" -silent -no-obsolete -locations none "$src/app" "$src/core" "$src/cli" "$src/emulator" \
    -ts "$tmp/fresh.ts" >/dev/null
python3 "$src/translations/translations_check.py" check "$tmp/fresh.ts" "$src"/translations/*.ts
