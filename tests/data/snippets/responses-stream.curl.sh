#!/bin/sh
# Responses request to openai.gpt-oss-120b on Amazon Bedrock Mantle (us-east-1).
# Exported by Mantle Playground.
# Credentials: a Bedrock API key in the environment variable AWS_BEARER_TOKEN_BEDROCK.
# The body is exactly what Mantle Playground sends; curl prints the answer as it comes
# (server-sent events, written as they arrive).
set -eu

: "${AWS_BEARER_TOKEN_BEDROCK:?set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key}"

body='{"input":[{"content":"Tell me a story.","role":"user","type":"message"}],"model":"openai.gpt-oss-120b","stream":true}'

curl --fail-with-body --silent --show-error --no-buffer \
    -X POST 'https://bedrock-mantle.us-east-1.api.aws/v1/responses' \
    -H 'content-type: application/json' \
    -H 'accept: text/event-stream' \
    -H @- \
    --data-binary "$body" <<EOF
authorization: Bearer $AWS_BEARER_TOKEN_BEDROCK
EOF
