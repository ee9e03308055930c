#!/bin/sh
# One prompt to three targets (Chat, Responses, Messages) against the emulator, answered with a
# 10 ms pace between stream events:
#   compare_vs_sequential.sh BUILD_DIR ENDPOINT compare     `mantle compare` with three targets
#   compare_vs_sequential.sh BUILD_DIR ENDPOINT sequential  three `mantle` request commands in turn
# Start the emulator first: BUILD_DIR/emulator/mantle-emulator --pace-ms 10. Time the two modes
# against each other with a paired whole-process timer (README.md in this folder).
set -eu
build=$1
endpoint=$2
mode=$3
export AWS_BEARER_TOKEN_BEDROCK=mantle-emulator-key
prompt="In three sentences: when should a desktop client stream an answer?"
mantle="$build/cli/mantle"
common="--region us-east-1 --endpoint $endpoint"
case $mode in
compare)
    # shellcheck disable=SC2086 # common is two flags and their values, without spaces inside
    exec "$mantle" compare $common --prompt "$prompt" \
        --target api=chat,model=openai.gpt-oss-120b \
        --target api=responses,model=openai.gpt-oss-20b \
        --target api=messages,model=anthropic.claude-haiku-4-5 >/dev/null
    ;;
sequential)
    # shellcheck disable=SC2086
    "$mantle" chat $common --model openai.gpt-oss-120b --prompt "$prompt" --stream >/dev/null
    # shellcheck disable=SC2086
    "$mantle" responses $common --model openai.gpt-oss-20b --prompt "$prompt" --stream >/dev/null
    # shellcheck disable=SC2086
    exec "$mantle" messages $common --model anthropic.claude-haiku-4-5 --prompt "$prompt" \
        --stream >/dev/null
    ;;
*)
    echo "usage: $0 BUILD_DIR ENDPOINT compare|sequential" >&2
    exit 2
    ;;
esac
