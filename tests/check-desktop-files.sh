#!/bin/sh
# The Linux desktop integration is valid: the desktop entry (desktop-file-validate) and the
# AppStream metainfo as configured into the build (appstreamcli validate, without network), and
# the metainfo's newest release is the project's version.
#   tests/check-desktop-files.sh SOURCE_DIR METAINFO VERSION
set -eu
src=$1
metainfo=$2
version=$3
desktop-file-validate "$src/packaging/linux/io.github.mantle_playground.MantlePlayground.desktop"
appstreamcli validate --no-net --pedantic --explain "$metainfo"
newest=$(sed -n 's/.*<release version="\([^"]*\)".*/\1/p' "$metainfo" | head -1)
if [ "$newest" != "$version" ]; then
    echo "the metainfo's newest release is \"$newest\", the project's version is $version" >&2
    exit 1
fi
echo "desktop entry and metainfo valid; newest release $newest"
