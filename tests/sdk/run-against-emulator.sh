#!/usr/bin/env bash
# Runs the official SDKs (tests/sdk/*.test.mjs, node:test) against a fresh Mantle emulator.
#   tests/sdk/run-against-emulator.sh PATH/TO/mantle-emulator [NODE TEST ARGS...]
# Starts the emulator on a free port, reads its first line (`listening on http://127.0.0.1:PORT`),
# exports MANTLE_EMULATOR_URL, runs `node --test` from tests/sdk (so the SDKs resolve from
# tests/sdk/node_modules, installed by `npm ci --prefix tests/sdk`), stops the emulator and exits
# with node's status. Missing node or SDKs are a failure, never a skip.
set -euo pipefail

if [ $# -lt 1 ]; then
    echo "usage: $0 PATH/TO/mantle-emulator [NODE TEST ARGS...]" >&2
    exit 2
fi
emulator=$1
shift
sdk_dir=$(cd "$(dirname "$0")" && pwd)

if ! command -v node >/dev/null 2>&1; then
    echo "sdk tests: node is not on PATH: install Node.js 20 or newer (scripts/bootstrap does)" >&2
    exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
    echo "sdk tests: node $(node --version) is too old: Node.js 20 or newer is needed" >&2
    exit 1
fi
# The installed SDKs must be the ones package.json pins (the lockfile's versions).
# shellcheck disable=SC2016 # the backquotes are JavaScript's
if ! (cd "$sdk_dir" && node -e '
    const pkg = require("./package.json");
    for (const [name, version] of Object.entries(pkg.dependencies)) {
        const installed = require(`./node_modules/${name}/package.json`).version;
        if (installed !== version) throw new Error(`${name} ${installed} installed, ${version} pinned`);
    }' 2>/dev/null); then
    echo "sdk tests: the SDKs in tests/sdk/node_modules are missing or not the pinned versions;" >&2
    echo "run: npm ci --prefix tests/sdk" >&2
    exit 1
fi
if [ ! -x "$emulator" ]; then
    echo "sdk tests: no emulator binary at $emulator" >&2
    exit 1
fi

work=$(mktemp -d)
emulator_pid=
stop_emulator() {
    if [ -n "$emulator_pid" ]; then
        kill "$emulator_pid" 2>/dev/null || true
        wait "$emulator_pid" 2>/dev/null || true
    fi
    exec 3<&- 2>/dev/null || true
    rm -rf "$work"
}
trap stop_emulator EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A FIFO gives the first line as soon as the emulator flushes it; fd 3 stays open so later
# writes to its stdout never meet a closed pipe.
mkfifo "$work/stdout"
"$emulator" --port 0 --verbose >"$work/stdout" 2>"$work/stderr" &
emulator_pid=$!
exec 3<"$work/stdout"
first_line=
IFS= read -r -t 30 first_line <&3 || true
case "$first_line" in
"listening on http://127.0.0.1:"[0-9]*) ;;
*)
    echo "sdk tests: the emulator did not start; its first line: '$first_line'" >&2
    cat "$work/stderr" >&2
    exit 1
    ;;
esac
export MANTLE_EMULATOR_URL=${first_line#listening on }
echo "sdk tests: emulator at $MANTLE_EMULATOR_URL"

# Only the URL above and each test's own options reach the SDKs, not the caller's settings.
unset ANTHROPIC_API_KEY ANTHROPIC_AUTH_TOKEN ANTHROPIC_BASE_URL ANTHROPIC_CUSTOM_HEADERS \
    ANTHROPIC_PROFILE ANTHROPIC_LOG OPENAI_API_KEY OPENAI_BASE_URL OPENAI_ORG_ID OPENAI_PROJECT_ID \
    OPENAI_LOG AWS_BEARER_TOKEN_BEDROCK AWS_BEDROCK_BASE_URL

status=0
(cd "$sdk_dir" && node --test --test-reporter=spec --test-timeout=60000 "$@" ./*.test.mjs) ||
    status=$?
if [ "$status" -ne 0 ]; then
    echo "sdk tests: node exited with $status; the emulator's requests:" >&2
    tail -n 40 "$work/stderr" >&2
fi
exit "$status"
