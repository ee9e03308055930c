#!/bin/sh
# Anthropic Messages request to anthropic.claude-haiku-4-5 on Amazon Bedrock Mantle (eu-west-1).
# Exported by Mantle Playground.
# Credentials: a Bedrock API key in the environment variable AWS_BEARER_TOKEN_BEDROCK.
# The body is exactly what Mantle Playground sends; curl prints the answer as it comes
# (server-sent events, written as they arrive).
set -eu

: "${AWS_BEARER_TOKEN_BEDROCK:?set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key}"

body='{"max_tokens":4096,"messages":[{"content":[{"text":"Hello","type":"text"}],"role":"user"}],"model":"anthropic.claude-haiku-4-5","stream":true}'

curl --fail-with-body --silent --show-error --no-buffer \
    -X POST 'https://bedrock-mantle.eu-west-1.api.aws/anthropic/v1/messages' \
    -H 'content-type: application/json' \
    -H 'accept: text/event-stream' \
    -H 'anthropic-version: 2023-06-01' \
    -H @- \
    --data-binary "$body" <<EOF
authorization: Bearer $AWS_BEARER_TOKEN_BEDROCK
EOF
