#!/bin/sh
# Anthropic Messages request to anthropic.claude-haiku-4-5 on Amazon Bedrock Mantle (us-east-1).
# Exported by Mantle Playground.
# Credentials: a Bedrock API key in the environment variable AWS_BEARER_TOKEN_BEDROCK.
# The body is exactly what Mantle Playground sends; curl prints the answer as it comes
# (server-sent events, written as they arrive).
set -eu

: "${AWS_BEARER_TOKEN_BEDROCK:?set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key}"

body='{"max_tokens":4096,"messages":[{"content":[{"text":"Weather in Oslo?","type":"text"}],"role":"user"}],"model":"anthropic.claude-haiku-4-5","stream":true,"tool_choice":{"name":"get_weather","type":"tool"},"tools":[{"description":"The current weather in a city","input_schema":{"additionalProperties":false,"properties":{"city":{"type":"string"},"unit":{"enum":["celsius","fahrenheit"],"type":"string"}},"required":["city","unit"],"type":"object"},"name":"get_weather"}]}'

curl --fail-with-body --silent --show-error --no-buffer \
    -X POST 'https://bedrock-mantle.us-east-1.api.aws/anthropic/v1/messages' \
    -H 'content-type: application/json' \
    -H 'accept: text/event-stream' \
    -H 'anthropic-version: 2023-06-01' \
    -H @- \
    --data-binary "$body" <<EOF
x-api-key: $AWS_BEARER_TOKEN_BEDROCK
EOF
