#!/bin/sh
# The app starts in every language it ships, offscreen: `--self-check --language CODE` passes
# (window painted, a demo request answered), loads that language's translation, and speaks it
# (its report differs from the English one).
#   tests/app-languages.sh MANTLE_PLAYGROUND CODE...
set -eu
app=$1
shift
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
run() { XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache" \
    QT_QPA_PLATFORM=offscreen "$app" --self-check --language "$1" 2>/dev/null; }
english=$(run en | head -1)
for code in "$@"; do
    if ! out=$(run "$code"); then
        echo "$out"
        echo "$code: the self-check failed" >&2
        exit 1
    fi
    echo "$out" | grep -q "mantle_$code.qm" || { echo "$out"; echo "$code: translation not loaded" >&2; exit 1; }
    if [ "$code" != en ] && [ "$(echo "$out" | head -1)" = "$english" ]; then
        echo "$code: the report is still in English: $english" >&2
        exit 1
    fi
    echo "$code: $(echo "$out" | head -1)"
done
