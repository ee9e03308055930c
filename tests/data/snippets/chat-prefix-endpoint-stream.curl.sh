#!/bin/sh
# Chat Completions request to openai.gpt-5.4 on Amazon Bedrock Mantle (us-east-1).
# Exported by Mantle Playground.
# Credentials: a Bedrock API key in the environment variable AWS_BEARER_TOKEN_BEDROCK.
# The body is exactly what Mantle Playground sends; curl prints the answer as it comes
# (server-sent events, written as they arrive).
set -eu

: "${AWS_BEARER_TOKEN_BEDROCK:?set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key}"

body='{"messages":[{"content":"Hello","role":"user"}],"model":"openai.gpt-5.4","reasoning_effort":"high","stream":true,"stream_options":{"include_usage":true}}'

curl --fail-with-body --silent --show-error --no-buffer \
    -X POST 'http://127.0.0.1:8080/gateway/openai/v1/chat/completions' \
    -H 'content-type: application/json' \
    -H 'accept: text/event-stream' \
    -H @- \
    --data-binary "$body" <<EOF
authorization: Bearer $AWS_BEARER_TOKEN_BEDROCK
EOF
