#!/bin/sh
# Chat Completions request to openai.gpt-oss-120b on Amazon Bedrock Mantle (us-east-1).
# Exported by Mantle Playground.
# Credentials: a Bedrock API key in the environment variable AWS_BEARER_TOKEN_BEDROCK.
# The body is exactly what Mantle Playground sends; curl prints the answer as it comes
# (server-sent events, written as they arrive).
set -eu

: "${AWS_BEARER_TOKEN_BEDROCK:?set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key}"

body='{"messages":[{"content":"Weather in Oslo?","role":"user"}],"model":"openai.gpt-oss-120b","stream":true,"stream_options":{"include_usage":true},"tool_choice":{"function":{"name":"get_weather"},"type":"function"},"tools":[{"function":{"description":"The current weather in a city","name":"get_weather","parameters":{"additionalProperties":false,"properties":{"city":{"type":"string"},"unit":{"enum":["celsius","fahrenheit"],"type":"string"}},"required":["city","unit"],"type":"object"}},"type":"function"}]}'

curl --fail-with-body --silent --show-error --no-buffer \
    -X POST 'https://bedrock-mantle.us-east-1.api.aws/v1/chat/completions' \
    -H 'content-type: application/json' \
    -H 'accept: text/event-stream' \
    -H @- \
    --data-binary "$body" <<EOF
authorization: Bearer $AWS_BEARER_TOKEN_BEDROCK
EOF
