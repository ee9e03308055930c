#!/bin/sh
# Chat Completions request to openai.gpt-5.4 on Amazon Bedrock Mantle (us-east-1).
# Exported by Mantle Playground.
# Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for
# temporary credentials), signed with SigV4 by curl 7.75 or newer.
# The body is exactly what Mantle Playground sends; curl prints the answer as it comes
# (server-sent events, written as they arrive).
set -eu

: "${AWS_ACCESS_KEY_ID:?set AWS_ACCESS_KEY_ID}"
: "${AWS_SECRET_ACCESS_KEY:?set AWS_SECRET_ACCESS_KEY}"
set --
if [ -n "${AWS_SESSION_TOKEN:-}" ]; then
    set -- -H "x-amz-security-token: $AWS_SESSION_TOKEN"
fi

body='{"messages":[{"content":"Hello","role":"user"}],"model":"openai.gpt-5.4","reasoning_effort":"high","stream":true,"stream_options":{"include_usage":true}}'

curl --fail-with-body --silent --show-error --no-buffer \
    -X POST 'http://127.0.0.1:8080/gateway/openai/v1/chat/completions' \
    -H 'content-type: application/json' \
    -H 'accept: text/event-stream' \
    --aws-sigv4 'aws:amz:us-east-1:bedrock-mantle' \
    --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
    "$@" \
    --data-binary "$body"
