#!/bin/sh
# Chat Completions request to openai.gpt-oss-120b on Amazon Bedrock Mantle (us-east-1).
# Exported by Mantle Playground.
# Credentials: a Bedrock API key in the environment variable AWS_BEARER_TOKEN_BEDROCK.
# The body is exactly what Mantle Playground sends; curl prints the answer as it comes
# (a JSON document).
set -eu

: "${AWS_BEARER_TOKEN_BEDROCK:?set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key}"

body='{"max_completion_tokens":256,"messages":[{"content":"You are terse.\nAnswer in one line.","role":"system"},{"content":"Say \"hi\", it'\''s me.","role":"user"}],"model":"openai.gpt-oss-120b","stream":false,"temperature":0.5}'

curl --fail-with-body --silent --show-error \
    -X POST 'https://bedrock-mantle.us-east-1.api.aws/v1/chat/completions' \
    -H 'content-type: application/json' \
    -H @- \
    --data-binary "$body" <<EOF
authorization: Bearer $AWS_BEARER_TOKEN_BEDROCK
EOF
echo
