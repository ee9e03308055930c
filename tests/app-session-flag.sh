#!/bin/bash
# `mantle-playground --session FILE` through the real command line: Qt takes `--session ID` out
# of argv for X11 session management, so only a test of the binary shows that the file is opened.
# The app, started offscreen with its own settings and data directories, opens the file, paints,
# quits, and saves the session into its sessions directory: that copy is the proof.
set -euo pipefail
app="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
id="0b9d3c1e-5f0a-4c1e-9d3e-7a1b2c3d4e5f"
cat > "$work/elsewhere.json" <<JSON
{"format": "mantle-playground-session", "version": 1, "id": "$id", "title": "From the command line",
 "created_at": "2026-11-29T06:00:00.000Z", "updated_at": "2026-11-29T06:00:00.000Z",
 "api": "messages", "account": "", "region": "us-east-1", "model": "anthropic.claude-haiku-4-5",
 "instructions": "", "parameters": {}, "stream": true, "draft": "",
 "entries": [{"id": "e1", "role": "user", "text": "Hello from a file",
              "created_at": "2026-11-29T06:00:00.000Z"}]}
JSON
export QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
    XDG_CACHE_HOME="$work/cache"
"$app" --session "$work/elsewhere.json" --quit-after-first-paint
copy="$(find "$work/data" -name "$id.json" -print -quit)"
if [ -z "$copy" ] || ! grep -q "Hello from a file" "$copy"; then
    echo "FAIL: --session FILE did not open $work/elsewhere.json (no copy in the sessions directory)" >&2
    exit 1
fi
echo "PASS: --session FILE opened the session and saved it as $copy"
