#!/bin/sh
# Anthropic Messages request to anthropic.claude-haiku-4-5 on Amazon Bedrock Mantle (us-east-1).
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

body='{"max_tokens":4096,"messages":[{"content":[{"text":"Weather in Oslo?","type":"text"}],"role":"user"}],"model":"anthropic.claude-haiku-4-5","stream":true,"tool_choice":{"name":"get_weather","type":"tool"},"tools":[{"description":"The current weather in a city","input_schema":{"additionalProperties":false,"properties":{"city":{"type":"string"},"unit":{"enum":["celsius","fahrenheit"],"type":"string"}},"required":["city","unit"],"type":"object"},"name":"get_weather"}]}'

curl --fail-with-body --silent --show-error --no-buffer \
    -X POST 'https://bedrock-mantle.us-east-1.api.aws/anthropic/v1/messages' \
    -H 'content-type: application/json' \
    -H 'accept: text/event-stream' \
    -H 'anthropic-version: 2023-06-01' \
    --aws-sigv4 'aws:amz:us-east-1:bedrock-mantle' \
    --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
    "$@" \
    --data-binary "$body"
