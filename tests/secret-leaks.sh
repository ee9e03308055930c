#!/usr/bin/env bash
# Secrets under test, command line (issue #10 part 4). Run inside tests/with-keyring.sh:
#   tests/secret-leaks.sh PATH/TO/mantle PATH/TO/mantle-emulator PYTHON3
# Drives `mantle` through every way it authenticates (access key + session token from the
# environment, a Bedrock API key from the environment, keychain accounts of each kind: access
# key, API key, and a role assumed through a fake STS with an external ID and source keys),
# every surface streamed and not with --json, `mantle snippet` in every language, `mantle
# sign`, `accounts` list/show/test/export, all with Qt's debug logging on. The emulator accepts
# only its own secret access key and API key, so those are real; everything it accepts
# whatever the value (session tokens, the role's source keys) is a recognisable canary. Then
# tests/secretscan.py searches every file written under the temporary HOME and XDG
# directories and everything printed, for each secret as is, percent-encoded, JSON-escaped or
# in base64: zero hits. The keychain (gnome-keyring's own directory) may hold them.
# The external ID is an account setting, not a secret (it is in the account's settings, `accounts
# show`, `accounts export` and the IAM policy helper): it must only stay out of requests'
# output, logs and snippets.
set -euo pipefail

if [ $# -ne 3 ]; then
    echo "usage: $0 PATH/TO/mantle PATH/TO/mantle-emulator PYTHON3" >&2
    exit 2
fi
mantle=$1
emulator=$2
python=$3
here=$(cd "$(dirname "$0")" && pwd)

# The emulator's own test credentials (it must accept them) and the canaries.
emulator_secret="mantle-emulator-secret"
emulator_api_key="mantle-emulator-key"
env_session_token=MantleCanaryEnvSessionToken7Q2x
account_session_token=MantleCanaryAccountSessionTokenR5v
role_session_token=MantleCanaryRoleSessionToken3Wd
source_secret=MantleCanarySourceSecretKey4Kp9
source_session_token=MantleCanarySourceSessionToken6Hb
external_id=MantleCanaryExternalId8Zt1

work=$(mktemp -d)
root=$work/root # HOME and the XDG directories of every mantle run: scanned
out=$work/out   # what mantle printed: scanned
mkdir -p "$root/home" "$root/config" "$root/data" "$root/cache" "$root/state" "$out"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    exec 3<&- 2>/dev/null || true
    exec 4<&- 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Reads "listening on http://127.0.0.1:PORT" from a server started with its stdout on fd $1.
read_url() {
    local line=
    IFS= read -r -t 30 line <&"$1" || true
    case "$line" in
    "listening on http://127.0.0.1:"[0-9]*) echo "${line#listening on }" ;;
    *)
        echo "secret-leaks: a server did not start: '$line'" >&2
        return 1
        ;;
    esac
}

mkfifo "$work/emulator.out" "$work/sts.out"
"$emulator" --port 0 --verbose >"$work/emulator.out" 2>"$work/emulator.err" &
pids+=($!)
exec 3<"$work/emulator.out"
url=$(read_url 3)

# A fake STS: answers every AssumeRole with the emulator's access key and a canary session
# token, and keeps the request bodies (outside the scanned directories) to prove the role path
# was taken with the external ID.
cat >"$work/fake_sts.py" <<'EOF'
import datetime, http.server, sys
log = open(sys.argv[1], "ab")
class Sts(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        log.write(body + b"\n"); log.flush()
        expires = (datetime.datetime.now(datetime.timezone.utc)
                   + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        reply = ("<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                 "<AssumeRoleResult><AssumedRoleUser>"
                 "<Arn>arn:aws:sts::123456789012:assumed-role/MantleUser/leaks</Arn>"
                 "<AssumedRoleId>AROAEXAMPLE:leaks</AssumedRoleId></AssumedRoleUser>"
                 "<Credentials><AccessKeyId>AKIDMANTLEEMULATOR</AccessKeyId>"
                 "<SecretAccessKey>mantle-emulator-secret</SecretAccessKey>"
                 f"<SessionToken>{sys.argv[2]}</SessionToken><Expiration>{expires}</Expiration>"
                 "</Credentials></AssumeRoleResult><ResponseMetadata><RequestId>r1</RequestId>"
                 "</ResponseMetadata></AssumeRoleResponse>").encode()
        self.send_response(200)
        self.send_header("content-type", "text/xml")
        self.send_header("content-length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Sts)
print(f"listening on http://127.0.0.1:{server.server_port}", flush=True)
server.serve_forever()
EOF
"$python" "$work/fake_sts.py" "$work/sts-requests.log" "$role_session_token" >"$work/sts.out" &
pids+=($!)
exec 4<"$work/sts.out"
sts_url=$(read_url 4)
echo "secret-leaks: emulator at $url, fake STS at $sts_url"

# Every mantle run: a clean environment with the temporary HOME/XDG, the most verbose logging,
# and what it prints kept in $out.
step=0
run() { # run NAME [ENV=VALUE...] -- ARGS... (stdin passes through)
    local name=$1
    shift
    local envs=()
    while [ "$1" != "--" ]; do
        envs+=("$1")
        shift
    done
    shift
    step=$((step + 1))
    local status=0
    env -i PATH="$PATH" HOME="$root/home" XDG_CONFIG_HOME="$root/config" \
        XDG_DATA_HOME="$root/data" XDG_CACHE_HOME="$root/cache" XDG_STATE_HOME="$root/state" \
        XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-}" DBUS_SESSION_BUS_ADDRESS="${DBUS_SESSION_BUS_ADDRESS:-}" \
        QT_LOGGING_RULES="*.debug=true" QT_FORCE_STDERR_LOGGING=1 QT_MESSAGE_PATTERN= \
        MANTLE_STS_ENDPOINT="$sts_url" AWS_REGION=us-east-1 \
        "${envs[@]}" "$mantle" "$@" >"$out/$step-$name.out" 2>"$out/$step-$name.err" || status=$?
    if [ "$status" -ne 0 ]; then
        echo "secret-leaks: FAIL: '$name' exited with $status" >&2
        sed 's/^/    /' "$out/$step-$name.err" >&2
        exit 1
    fi
}
expect_answer() { # the last run printed an answer (so the request really went through)
    if ! grep -q "$1" "$out/$step-"*.out; then
        echo "secret-leaks: FAIL: step $step printed no answer" >&2
        cat "$out/$step-"*.out "$out/$step-"*.err >&2
        exit 1
    fi
}

access_env=(AWS_ACCESS_KEY_ID=AKIDMANTLEEMULATOR "AWS_SECRET_ACCESS_KEY=$emulator_secret"
    "AWS_SESSION_TOKEN=$env_session_token")
key_env=("AWS_BEARER_TOKEN_BEDROCK=$emulator_api_key")
models=(chat:openai.gpt-oss-120b responses:openai.gpt-oss-120b messages:anthropic.claude-haiku-4-5)

# 1. Credentials from the environment: access key + session token, then an API key.
for auth in access key; do
    for pair in "${models[@]}"; do
        api=${pair%%:*}
        model=${pair#*:}
        envs=("${access_env[@]}")
        [ "$auth" = key ] && envs=("${key_env[@]}")
        for stream in "" --stream; do
            run "env-$auth-$api$stream" "${envs[@]}" -- "$api" --model "$model" \
                --prompt "leak check $api" --max-tokens 200 --endpoint "$url" --json $stream
            expect_answer "leak check $api"
        done
    done
done

# 2. Accounts in the keychain: access key with a session token, API key, and a role whose
# source account has canary keys (the fake STS does not check signatures).
printf '%s\n%s\n' "$emulator_secret" "$account_session_token" \
    | run add-access -- accounts add leaks-access --region us-east-1 --auth access-key \
        --access-key-id AKIDMANTLEEMULATOR --endpoint "$url"
printf '%s\n' "$emulator_api_key" \
    | run add-key -- accounts add leaks-key --region us-east-1 --auth api-key --endpoint "$url"
printf '%s\n%s\n' "$source_secret" "$source_session_token" \
    | run add-source -- accounts add leaks-source --region us-east-1 --auth access-key \
        --access-key-id AKIDMANTLECANARYSOURCE --endpoint "$url"
run add-role -- accounts add leaks-role --region us-east-1 --auth role \
    --role-arn arn:aws:iam::123456789012:role/MantleUser --source-account leaks-source \
    --external-id "$external_id" --endpoint "$url"
for account in leaks-access leaks-key leaks-role; do
    for pair in "${models[@]}"; do
        api=${pair%%:*}
        model=${pair#*:}
        for stream in "" --stream; do
            run "$account-$api$stream" -- "$api" --model "$model" --account "$account" \
                --prompt "leak check $account $api" --max-tokens 200 --json $stream
            expect_answer "leak check $account $api"
        done
    done
    run "test-$account" -- accounts test "$account"
    run "show-$account" -- accounts show "$account"
done
run list -- accounts list
run export-access -- accounts export leaks-access "$root/home/leaks-access.json"
run export-role -- accounts export leaks-role "$root/home/leaks-role.json"
if ! grep -q "ExternalId=$external_id" "$work/sts-requests.log"; then
    echo "secret-leaks: FAIL: the role was not assumed through the fake STS with its external ID" >&2
    exit 1
fi

# 3. Code export in every language (with every secret in the environment: snippets read
# none), and `mantle sign` with long-term keys (what it prints is the signed request).
for api in chat responses messages; do
    model=openai.gpt-oss-120b
    [ "$api" = messages ] && model=anthropic.claude-haiku-4-5
    for lang in python-openai python-anthropic python-sigv4 ts-openai ts-anthropic curl curl-sigv4; do
        case "$api:$lang" in
        messages:*openai | chat:*anthropic | responses:*anthropic) continue ;;
        esac
        run "snippet-$api-$lang" "${access_env[@]}" "${key_env[@]}" -- snippet --api "$api" \
            --lang "$lang" --model "$model" --prompt "leak check" --endpoint "$url"
        cp "$out/$step-snippet-$api-$lang.out" "$root/home/snippet-$step"
    done
done
run sign AWS_ACCESS_KEY_ID=AKIDMANTLEEMULATOR AWS_SECRET_ACCESS_KEY=$emulator_secret -- \
    sign --url "$url/v1/models" --region us-east-1

# 4. The scan. Every secret everywhere mantle wrote or printed; the external ID outside the
# account's own settings and the account commands that show them.
printf '%s\n' "$emulator_secret" "$emulator_api_key" "$env_session_token" \
    "$account_session_token" "$role_session_token" "$source_secret" "$source_session_token" \
    >"$work/secrets"
printf '%s\n' "$external_id" >"$work/external-id"
echo "secret-leaks: $(find "$root" -type f | wc -l) files written, $step runs"
# The scan finds what it looks for: a planted secret, base64-encoded, is a hit.
mkdir "$work/control"
"$python" -c 'import base64, sys; print(base64.b64encode(b"x" + sys.argv[1].encode()).decode())' \
    "$role_session_token" >"$work/control/planted"
if "$python" "$here/secretscan.py" --secrets "$work/secrets" "$work/control" >/dev/null; then
    echo "secret-leaks: FAIL: the scan missed a planted secret" >&2
    exit 1
fi
status=0
"$python" "$here/secretscan.py" --secrets "$work/secrets" "$root" "$out" || status=1
mkdir "$work/not-settings"
for f in "$out"/*; do
    case "$f" in
    *-show-leaks-role.out | *-add-role.* | *-export-role.* | *-list.out) ;;
    *) cp "$f" "$work/not-settings/" ;;
    esac
done
cp "$root"/home/snippet-* "$work/not-settings/"
"$python" "$here/secretscan.py" --secrets "$work/external-id" "$work/not-settings" || status=1
if [ "$status" -ne 0 ]; then
    echo "secret-leaks: FAIL: a secret was written or printed (see above)" >&2
    exit 1
fi
echo "secret-leaks: PASS"
