#!/bin/sh
# Runs a command inside a private D-Bus session with a new, unlocked gnome-keyring: a real Secret
# Service that lives only as long as the command, in a throw-away HOME, so keychain tests never
# touch the user's own keyring or settings.
#   tests/with-keyring.sh COMMAND [ARGS...]
set -eu
for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "with-keyring: $tool is missing (packages dbus-daemon, dbus-bin, gnome-keyring)" >&2
        exit 1
    }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mantle-keyring.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/home" "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/runtime"
chmod 700 "$tmp/runtime"
HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/runtime" \
    dbus-run-session -- sh -c '
        # --unlock reads the new login keyring password from stdin. In the foreground, so that
        # the daemon is ours to stop when the command is done.
        printf %s mantle-test-keyring \
            | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
        keyring=$!
        # Wait (bounded) until it owns the Secret Service name on this private bus.
        tries=0
        until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
                org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
                | grep -q "boolean true"; do
            tries=$((tries + 1))
            if [ "$tries" -gt 400 ] || ! kill -0 "$keyring" 2>/dev/null; then
                echo "with-keyring: gnome-keyring-daemon did not start" >&2
                exit 1
            fi
            sleep 0.05
        done
        status=0
        "$@" || status=$?
        kill "$keyring" 2>/dev/null || true
        wait "$keyring" 2>/dev/null || true
        exit "$status"' with-keyring "$@"
