#!/usr/bin/env bash
# Signing cost per request: ours (bench_sigv4, Google Benchmark, median of 15 repetitions) against
# botocore (Debian's python3-botocore, median of 15 rounds) on the same 250 generated requests.
#   bench/sigv4_vs_botocore.sh [BUILD_DIR]      (default: build/release)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build/release}
bench="$build/bench/bench_sigv4"
[ -x "$bench" ] || { echo "build $bench first (cmake --preset release && cmake --build --preset release)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
compare() { # $1: label, $2: largest body in bytes (empty: every case)
    /usr/bin/python3 "$here/sigv4_botocore.py" dump "$tmp/cases.json" $2
    "$bench" --cases "$tmp/cases.json" --benchmark_format=json >"$tmp/ours.json"
    local ours boto
    ours=$(/usr/bin/python3 -c '
import json, sys
for b in json.load(open(sys.argv[1]))["benchmarks"]:
    if b.get("aggregate_name") == "median":
        print(b["run_name"].split("/")[0], b["real_time"])' "$tmp/ours.json")
    boto=$(/usr/bin/python3 "$here/sigv4_botocore.py" time $2)
    echo "$1 ($(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$tmp/cases.json") requests)"
    echo "  botocore add_auth   median ${boto} µs/request"
    while read -r name t; do
        printf '  %-19s median %.3f µs/request  (botocore/ours = %.1f×)\n' "$name" "$t" \
            "$(/usr/bin/python3 -c "print($boto/$t)")"
    done <<<"$ours"
}
compare "Typical requests: bodies up to 4 KiB" 4096
compare "Every generated request: bodies up to 70 KB" ""
