#!/bin/sh
# Responses request to openai.gpt-oss-120b on Amazon Bedrock Mantle (us-east-1).
# Exported by Mantle Playground.
# Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for
# temporary credentials), signed with SigV4 by curl 7.75 or newer.
# The body is exactly what Mantle Playground sends; curl prints the answer as it comes
# (a JSON document).
set -eu

: "${AWS_ACCESS_KEY_ID:?set AWS_ACCESS_KEY_ID}"
: "${AWS_SECRET_ACCESS_KEY:?set AWS_SECRET_ACCESS_KEY}"
set --
if [ -n "${AWS_SESSION_TOKEN:-}" ]; then
    set -- -H "x-amz-security-token: $AWS_SESSION_TOKEN"
fi

body='{"input":[{"content":"Weather in Paris?","role":"user","type":"message"}],"model":"openai.gpt-oss-120b","stream":false,"tool_choice":"required","tools":[{"description":"The current weather in a city","name":"get_weather","parameters":{"additionalProperties":false,"properties":{"city":{"type":"string"},"unit":{"enum":["celsius","fahrenheit"],"type":"string"}},"required":["city","unit"],"type":"object"},"type":"function"}]}'

curl --fail-with-body --silent --show-error \
    -X POST 'https://bedrock-mantle.us-east-1.api.aws/v1/responses' \
    -H 'content-type: application/json' \
    --aws-sigv4 'aws:amz:us-east-1:bedrock-mantle' \
    --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
    "$@" \
    --data-binary "$body"
echo
