#!/usr/bin/env bash
# The whole path of a streamed answer (issue #3): `mantle chat|responses|messages --stream` against a
# local server, side by side with the official SDKs (npm openai, @anthropic-ai/sdk), a bare Node fetch
# loop and curl on the same bytes, in one run.
#   bench/stream_vs_sdks.sh [--build DIR] [--deltas N] [--big-deltas M] [--runs R]
# DIR: a Release build with cli/mantle (default build/release); N deltas of 4 bytes (default 400000);
# M deltas for the memory check (default 4 × N); R runs of each client, median reported (default 5).
# Needs node ≥ 20 with tests/sdk/node_modules (npm ci --prefix tests/sdk), curl and GNU time
# (/usr/bin/time, Debian package `time`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$here/../build/release
deltas=400000
big=
runs=5
while [ $# -gt 0 ]; do
    case $1 in
    --build) build=$2; shift 2 ;;
    --deltas) deltas=$2; shift 2 ;;
    --big-deltas) big=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
big=${big:-$((deltas * 4))}
mantle=$build/cli/mantle
[ -x "$mantle" ] || { echo "build $mantle first (cmake --preset release && cmake --build --preset release)" >&2; exit 2; }
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
[ "$build_type" = Release ] || { echo "$build is a '$build_type' build: measure a Release build" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is missing (apt-get install time)" >&2; exit 2; }
for sdk in openai @anthropic-ai/sdk; do
    if [ ! -d "$here/../tests/sdk/node_modules/$sdk" ]; then
        echo "the SDKs are missing: npm ci --prefix tests/sdk" >&2
        exit 2
    fi
done
for tool in curl node; do
    command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done

tmp=$(mktemp -d)
servers=()
cleanup() {
    for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT

# mantle reads its credentials from the environment; the server checks none.
export AWS_BEARER_TOKEN_BEDROCK=bench AWS_REGION=us-east-1 MANTLE_ROUTES_FILE=$tmp/routes.json
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE

start_server() { # $1: stream file; sets $port
    local portfile=$tmp/port.$RANDOM
    /usr/bin/python3 "$here/stream_server.py" "$1" >"$portfile" &
    servers+=($!)
    for _ in $(seq 100); do
        [ -s "$portfile" ] && { port=$(head -n1 "$portfile"); return; }
        sleep 0.05
    done
    echo "the stream server did not start" >&2
    exit 1
}

model_of() { [ "$1" = messages ] && echo anthropic.claude-haiku-4-5 || echo openai.gpt-oss-120b; }
clients_of() { [ "$1" = messages ] && echo "mantle anthropic anthropic-helper fetch curl" || echo "mantle openai fetch curl"; }

# One timed run: appends "n surface client wall_s rss_kb inprocess_s" to $tmp/results.
run_once() { # $1: deltas, $2: surface, $3: client, $4: port, $5: fixture dir
    local n=$1 surface=$2 client=$3 port=$4 dir=$5 t0 t1 inproc=- out=$tmp/out
    local url=http://127.0.0.1:$port
    t0=$EPOCHREALTIME
    case $client in
    mantle)
        /usr/bin/time -f %M -o "$tmp/rss" "$mantle" "$surface" --model "$(model_of "$surface")" \
            --prompt 'Write a long answer.' --stream --endpoint "$url" >"$out"
        t1=$EPOCHREALTIME
        # The streamed text, then the newline the CLI ends its answer with.
        cmp -s "$out" "$dir/expected.mantle" \
            || { echo "mantle $surface ($n deltas): wrong text ($(stat -c %s "$out") bytes)" >&2; exit 1; }
        ;;
    curl)
        /usr/bin/time -f %M -o "$tmp/rss" curl -sSN -X POST -H 'content-type: application/json' \
            -d '{}' -o /dev/null -w '%{size_download}' "$url/bench" >"$out"
        t1=$EPOCHREALTIME
        [ "$(cat "$out")" = "$(stat -c %s "$dir/$surface.sse")" ] \
            || { echo "curl $surface: $(cat "$out") bytes, not the file's $(stat -c %s "$dir/$surface.sse")" >&2; exit 1; }
        ;;
    *)
        /usr/bin/time -f %M -o "$tmp/rss" node "$here/sdk_stream.mjs" --client "$client" \
            --surface "$surface" --endpoint "$url" --deltas "$n" --chars "$(stat -c %s "$dir/expected.txt")" \
            --json >"$out"
        t1=$EPOCHREALTIME
        inproc=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["seconds"])' "$out")
        ;;
    esac
    echo "$n $surface $client $(/usr/bin/python3 -c "print(${t1/,/.} - ${t0/,/.})") $(tail -n1 "$tmp/rss") $inproc" \
        >>"$tmp/results"
}

bench_size() { # $1: deltas, $2: runs, $3: clients ("" = all)
    local n=$1 r=$2 only=$3 dir=$tmp/fx$1 surface port client
    /usr/bin/python3 "$here/stream_fixture.py" "$dir" --deltas "$n"
    { cat "$dir/expected.txt"; echo; } >"$dir/expected.mantle"
    for surface in chat responses messages; do
        start_server "$dir/$surface.sse"
        for i in $(seq "$r"); do
            for client in ${only:-$(clients_of "$surface")}; do
                [ -t 2 ] && printf '\r  %-9s %-16s %2d/%d  (%d deltas)   ' "$surface" "$client" "$i" "$r" "$n" >&2
                run_once "$n" "$surface" "$client" "$port" "$dir"
            done
        done
        kill "${servers[-1]}"
    done
    if [ -t 2 ]; then printf '\r%70s\r' '' >&2; fi
    rm -rf "$dir"
}

echo "mantle: $mantle ($build_type); node $(node --version); $(nproc) cores; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
bench_size "$deltas" "$runs" ""
bench_size "$big" "$runs" mantle
bench_size 1 "$runs" mantle
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - "$tmp/results" "$deltas" "$big" <<'EOF'
import statistics, sys
from collections import defaultdict
results, n, big = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
runs = defaultdict(list)
for line in open(results):
    size, surface, client, wall, rss, inproc = line.split()
    runs[int(size), surface, client].append((float(wall), int(rss), None if inproc == "-" else float(inproc)))

def med(size, surface, client, field):
    values = [run[field] for run in runs.get((size, surface, client), []) if run[field] is not None]
    return statistics.median(values) if values else None

def rate(size, surface, client):
    wall = med(size, surface, client, 0)
    return size / wall if wall else None

fmt = lambda value: "—" if value is None else f"{value / 1e6:.2f}M" if value >= 1e6 else f"{value / 1e3:.0f}k"
print(f"\nWhole path, {n} deltas of 4 bytes, median of {len(runs[n, 'chat', 'mantle'])} runs")
print("deltas/s by whole-process wall time (in brackets for Node: from the request to the end of the stream,")
print("without Node's start-up and the SDK import); peak RSS in MiB")
print(f"{'surface':<10}{'client':<18}{'wall s':>8}{'(min–max)':>15}{'deltas/s':>10}{'(in-proc)':>11}{'RSS MiB':>9}")
for surface in ("chat", "responses", "messages"):
    for client in ("mantle", "openai", "anthropic", "anthropic-helper", "fetch", "curl"):
        if (n, surface, client) not in runs:
            continue
        inproc = med(n, surface, client, 2)
        walls = [run[0] for run in runs[n, surface, client]]
        spread = f"({min(walls):.3f}–{max(walls):.3f})"
        print(f"{surface:<10}{client:<18}{med(n, surface, client, 0):>8.3f}{spread:>15}{fmt(rate(n, surface, client)):>10}"
              f"{'(' + fmt(n / inproc) + ')' if inproc else '':>11}{med(n, surface, client, 1) / 1024:>9.1f}")
print("\nRatios (wall time; >1 means mantle is faster, except curl/mantle: how much faster curl is)")
for surface in ("chat", "responses", "messages"):
    m = rate(n, surface, "mantle")
    parts = []
    for client in ("openai", "anthropic", "anthropic-helper", "fetch"):
        other = rate(n, surface, client)
        if other:
            inproc = med(n, surface, client, 2)
            parts.append(f"mantle/{client} {m / other:.1f}× (in-proc {m * inproc / n:.1f}×)")
    parts.append(f"curl/mantle {rate(n, surface, 'curl') / m:.2f}×")
    print(f"  {surface:<10}" + ", ".join(parts))
print(f"\nmantle at {n} and {big} deltas (memory must not grow with the stream)")
print(f"{'surface':<10}{'deltas/s @' + str(n):>18}{'deltas/s @' + str(big):>20}{'RSS @' + str(n):>16}{'RSS @' + str(big):>16}")
for surface in ("chat", "responses", "messages"):
    print(f"{surface:<10}{fmt(rate(n, surface, 'mantle')):>18}{fmt(rate(big, surface, 'mantle')):>20}"
          f"{med(n, surface, 'mantle', 1) / 1024:>12.1f} MiB{med(big, surface, 'mantle', 1) / 1024:>12.1f} MiB")
print("mantle's fixed cost (start-up, request, a 1-delta stream): "
      + ", ".join(f"{s} {med(1, s, 'mantle', 0) * 1000:.0f} ms" for s in ("chat", "responses", "messages")))
target = 1.5e6
print(f"\nTarget: ≥ {fmt(target)} deltas/s per surface, within 3× of curl, RSS independent of length")
for surface in ("chat", "responses", "messages"):
    m = rate(n, surface, "mantle")
    ratio = rate(n, surface, "curl") / m
    small_rss, big_rss = med(n, surface, "mantle", 1), med(big, surface, "mantle", 1)
    per_delta = (big_rss - small_rss) * 1024 / (big - n)
    flat = big_rss < small_rss * 1.1
    verdict = "met" if m >= target and ratio <= 3 and flat else "NOT met"
    print(f"  {surface:<10}{fmt(m)} deltas/s ({'≥' if m >= target else '<'} target), curl {ratio:.2f}× faster"
          f" ({'≤' if ratio <= 3 else '>'} 3×), RSS {small_rss / 1024:.1f} → {big_rss / 1024:.1f} MiB"
          f" = {per_delta:.1f} bytes per added delta ({'flat' if flat else 'grows'}): {verdict}")
EOF
