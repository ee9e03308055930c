#!/bin/sh
# Chat Completions request to openai.gpt-oss-120b on Amazon Bedrock Mantle (us-east-1).
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

body='{"messages":[{"content":"Weather in Oslo?","role":"user"}],"model":"openai.gpt-oss-120b","stream":true,"stream_options":{"include_usage":true},"tool_choice":{"function":{"name":"get_weather"},"type":"function"},"tools":[{"function":{"description":"The current weather in a city","name":"get_weather","parameters":{"additionalProperties":false,"properties":{"city":{"type":"string"},"unit":{"enum":["celsius","fahrenheit"],"type":"string"}},"required":["city","unit"],"type":"object"}},"type":"function"}]}'

curl --fail-with-body --silent --show-error --no-buffer \
    -X POST 'https://bedrock-mantle.us-east-1.api.aws/v1/chat/completions' \
    -H 'content-type: application/json' \
    -H 'accept: text/event-stream' \
    --aws-sigv4 'aws:amz:us-east-1:bedrock-mantle' \
    --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
    "$@" \
    --data-binary "$body"
