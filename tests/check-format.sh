#!/bin/sh
# Fails when a C++ file of the project is not formatted as .clang-format says. The formatting rules
# shift between clang-format versions, so the check runs with the version CI has (Debian 12's
# clang-format 14) and is skipped (exit 77) with any other.
#   tests/check-format.sh SOURCE_DIR
set -eu
cd "$1"
command -v clang-format >/dev/null 2>&1 || { echo "clang-format not installed: skipped"; exit 77; }
major=$(clang-format --version | sed -n 's/.*version \([0-9]*\).*/\1/p')
[ "$major" = 14 ] || { echo "clang-format $major is not 14 (CI's): skipped"; exit 77; }
files=$(git ls-files -co --exclude-standard -- '*.cpp' '*.h' 2>/dev/null || find core cli app tests bench emulator -name '*.cpp' -o -name '*.h')
bad=""
for f in $files; do
    [ -f "$f" ] || continue
    clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad="$bad $f"
done
if [ -n "$bad" ]; then
    echo "not clang-format clean (run clang-format -i on them):$bad"
    exit 1
fi
echo "clang-format: every C++ file is clean"
