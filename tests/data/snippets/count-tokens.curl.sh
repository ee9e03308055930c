#!/bin/sh
# Anthropic count tokens request to anthropic.claude-haiku-4-5 on Amazon Bedrock Mantle (us-east-1).
# Exported by Mantle Playground.
# Credentials: a Bedrock API key in the environment variable AWS_BEARER_TOKEN_BEDROCK.
# The body is exactly what Mantle Playground sends; curl prints the answer as it comes
# (a JSON document).
set -eu

: "${AWS_BEARER_TOKEN_BEDROCK:?set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key}"

body='{"messages":[{"content":[{"text":"How long is this?","type":"text"}],"role":"user"}],"model":"anthropic.claude-haiku-4-5"}'

curl --fail-with-body --silent --show-error \
    -X POST 'https://bedrock-mantle.us-east-1.api.aws/anthropic/v1/messages/count_tokens' \
    -H 'content-type: application/json' \
    -H 'anthropic-version: 2023-06-01' \
    -H @- \
    --data-binary "$body" <<EOF
x-api-key: $AWS_BEARER_TOKEN_BEDROCK
EOF
echo
