#!/usr/bin/env bash
# Runs exported snippets (`mantle snippet`) against a fresh Mantle emulator.
#   tests/export/run-snippets-against-emulator.sh PATH/TO/mantle PATH/TO/mantle-emulator PYTHON3
# For each API (chat, responses, messages), streamed and not, with a forced tool, with a schema,
# and chained with --previous-response-id, it writes the snippet with `mantle snippet --endpoint
# URL` and runs it: ts-* with node and the SDKs of tests/sdk/node_modules (skipped, with a
# message, when node or the SDKs are missing), curl and curl-sigv4 with sh, python-sigv4 with
# PYTHON3 (botocore and requests). The Python SDK snippets are only compiled (their packages are
# not installed here). Credentials come only from the environment: the emulator's API key and
# access key. The output must show the answer: the emulator's echo, the tool's name, JSON.
set -euo pipefail

if [ $# -ne 3 ]; then
    echo "usage: $0 PATH/TO/mantle PATH/TO/mantle-emulator PYTHON3" >&2
    exit 2
fi
mantle=$1
emulator=$2
python=$3
here=$(cd "$(dirname "$0")" && pwd)
data_dir=$here/../data/snippets
sdk_dir=$here/../sdk

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

mkfifo "$work/stdout"
"$emulator" --port 0 >"$work/stdout" 2>"$work/stderr" &
emulator_pid=$!
exec 3<"$work/stdout"
first_line=
IFS= read -r -t 30 first_line <&3 || true
case "$first_line" in
"listening on http://127.0.0.1:"[0-9]*) ;;
*)
    echo "snippets: the emulator did not start; its first line: '$first_line'" >&2
    cat "$work/stderr" >&2
    exit 1
    ;;
esac
url=${first_line#listening on }
echo "snippets: emulator at $url"

node_ok=1
if ! command -v node >/dev/null 2>&1; then
    echo "snippets: SKIP the ts-* snippets: node is not on PATH"
    node_ok=0
elif [ ! -d "$sdk_dir/node_modules/openai" ] || [ ! -d "$sdk_dir/node_modules/@anthropic-ai/sdk" ]; then
    echo "snippets: SKIP the ts-* snippets: no SDKs in tests/sdk/node_modules (npm ci --prefix tests/sdk)"
    node_ok=0
else
    # ES module imports resolve from the file's folder: the SDKs next to the snippets.
    ln -s "$sdk_dir/node_modules" "$work/node_modules"
fi

# Only these credentials and settings reach mantle and the snippets.
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_DEFAULT_PROFILE AWS_BEDROCK_BASE_URL \
    AWS_BEDROCK_MANTLE_OPENAI_V1_PREFIX_MODELS MANTLE_ANTHROPIC_KEY_HEADER \
    ANTHROPIC_API_KEY ANTHROPIC_AUTH_TOKEN ANTHROPIC_BASE_URL ANTHROPIC_CUSTOM_HEADERS \
    OPENAI_API_KEY OPENAI_BASE_URL
export AWS_BEARER_TOKEN_BEDROCK=mantle-emulator-key
export AWS_ACCESS_KEY_ID=AKIDMANTLEEMULATOR
export AWS_SECRET_ACCESS_KEY=mantle-emulator-secret
export AWS_REGION=us-east-1
export AWS_CONFIG_FILE=$work/no-aws-config
export AWS_SHARED_CREDENTIALS_FILE=$work/no-aws-credentials
export MANTLE_ROUTES_FILE=$work/routes.json

failures=0
runs=0
fail() {
    echo "FAIL $1: $2" >&2
    if [ -f "$3" ]; then
        echo "--- output:" >&2
        head -c 3000 "$3" >&2
        echo >&2
    fi
    failures=$((failures + 1))
}

# The answer's text, or the JSON of its tool calls, from what a snippet printed. curl prints
# the raw answer, read here by `mantle replay` (the real parser); the others print text.
answer_of() { # api lang output
    case $2 in
    curl*) "$mantle" replay --api "$1" "$3" ;;
    *) cat "$3" ;;
    esac
}

# check_case NAME API LANG KIND EXPECT -- SNIPPET FLAGS...
#   KIND: text (EXPECT appears), tool (EXPECT, a tool's name, appears), json (the printed answer
#   is JSON; for curl, the answer's text or the schema tool's arguments are).
check_case() {
    local name=$1 api=$2 lang=$3 kind=$4 expect=$5
    shift 6
    local base="$work/$name.$lang"
    local file
    case $lang in
    ts-*) file=$base.mjs ;;
    python-*) file=$base.py ;;
    *) file=$base.sh ;;
    esac
    if ! "$mantle" snippet --api "$api" --lang "$lang" --endpoint "$url" --region us-east-1 "$@" \
        >"$file" 2>"$base.err"; then
        fail "$name $lang" "mantle snippet failed" "$base.err"
        return
    fi
    case $lang in
    ts-*)
        if [ "$node_ok" -eq 0 ]; then
            return
        fi
        (cd "$work" && node "$file") >"$base.out" 2>&1 || {
            fail "$name $lang" "node exited with $?" "$base.out"
            return
        }
        ;;
    curl*)
        sh "$file" >"$base.out" 2>&1 || {
            fail "$name $lang" "sh exited with $?" "$base.out"
            return
        }
        ;;
    python-sigv4)
        "$python" "$file" >"$base.out" 2>&1 || {
            fail "$name $lang" "python exited with $?" "$base.out"
            return
        }
        ;;
    python-*)
        "$python" -m py_compile "$file" 2>"$base.out" || fail "$name $lang" "py_compile" "$base.out"
        runs=$((runs + 1))
        return
        ;;
    esac
    runs=$((runs + 1))
    local answer
    answer=$(answer_of "$api" "$lang" "$base.out" 2>&1) || {
        fail "$name $lang" "mantle replay could not read the answer" "$base.out"
        return
    }
    case $kind in
    text | tool)
        case $answer in
        *"$expect"*) ;;
        *) fail "$name $lang" "'$expect' is not in the answer" "$base.out" ;;
        esac
        if [ "$kind" = tool ]; then
            case $lang in
            curl*) ;;
            *) grep -q "^tool call: $expect {" "$base.out" ||
                fail "$name $lang" "no 'tool call: $expect {...}' line" "$base.out" ;;
            esac
        fi
        ;;
    json)
        printf '%s' "$answer" | "$python" -c '
import json, sys
lang = sys.argv[1]
text = sys.stdin.read()
if lang.startswith("curl"):
    turn = json.loads(text)
    text = turn["text"] or turn["tool_calls"][0]["arguments"]
value = json.loads(text)
assert isinstance(value, dict) and "name" in value and "age" in value, value
' "$lang" 2>"$base.json-err" || fail "$name $lang" "the answer is not the schema's JSON" "$base.json-err"
        ;;
    esac
}

tools=$data_dir/get_weather.tools.json
schema=$data_dir/person.json
for api in chat responses messages; do
    if [ "$api" = messages ]; then
        model=anthropic.claude-haiku-4-5
        langs="ts-anthropic curl curl-sigv4 python-sigv4 python-anthropic"
    else
        model=openai.gpt-oss-120b
        langs="ts-openai curl curl-sigv4 python-sigv4 python-openai"
    fi
    for lang in $langs; do
        check_case "$api-plain" "$api" "$lang" text kittiwake -- \
            --model "$model" --prompt "Please echo the word kittiwake."
        check_case "$api-stream" "$api" "$lang" text cormorant -- \
            --model "$model" --prompt "Please repeat the word cormorant." --stream
        check_case "$api-tools" "$api" "$lang" tool get_weather -- \
            --model "$model" --prompt "What is the weather in Paris?" --tools "$tools" \
            --tool-choice get_weather
        check_case "$api-tools-stream" "$api" "$lang" tool get_weather -- \
            --model "$model" --prompt "What is the weather in Oslo?" --tools "$tools" \
            --tool-choice get_weather --stream
        check_case "$api-schema" "$api" "$lang" json - -- \
            --model "$model" --prompt "My name is Ada and I am 36." --schema "$schema"
        check_case "$api-schema-stream" "$api" "$lang" json - -- \
            --model "$model" --prompt "My name is Ada and I am 36." --schema "$schema" --stream
    done
done

# A model served under /openai/v1: the snippet must carry the prefix.
for lang in ts-openai curl python-sigv4; do
    check_case prefix-route chat "$lang" text puffin -- \
        --model openai.gpt-5.4 --prompt "Please echo the word puffin."
done
# The Anthropic route with the key as Authorization: Bearer.
for lang in ts-anthropic curl; do
    MANTLE_ANTHROPIC_KEY_HEADER=bearer check_case bearer messages "$lang" text guillemot -- \
        --model anthropic.claude-haiku-4-5 --prompt "Please echo the word guillemot."
done

# Chained: a stored response first, then snippets that continue from it.
first=$("$mantle" responses --json --endpoint "$url" --region us-east-1 \
    --model openai.gpt-oss-120b --prompt "My favourite bird is the gannet.") || {
    echo "FAIL chained: the first response failed" >&2
    exit 1
}
response_id=$(printf '%s' "$first" | "$python" -c 'import json, sys; print(json.load(sys.stdin)["response_id"])')
for lang in ts-openai curl curl-sigv4 python-sigv4 python-openai; do
    check_case chained responses "$lang" text gannet -- \
        --model openai.gpt-oss-120b --prompt "What is my favourite bird?" \
        --previous-response-id "$response_id"
    check_case chained-stream responses "$lang" text gannet -- \
        --model openai.gpt-oss-120b --prompt "What is my favourite bird?" \
        --previous-response-id "$response_id" --stream
done

echo "snippets: $runs snippets checked, $failures failed"
if [ "$failures" -ne 0 ]; then
    tail -n 40 "$work/stderr" >&2
    exit 1
fi
