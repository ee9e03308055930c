#!/bin/sh
# Chat Completions request to openai.gpt-oss-120b on Amazon Bedrock Mantle (us-east-1).
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

body='{"messages":[{"content":"I am Ada, 36.","role":"user"}],"model":"openai.gpt-oss-120b","response_format":{"json_schema":{"name":"person","schema":{"additionalProperties":false,"properties":{"age":{"type":"integer"},"name":{"type":"string"}},"required":["name","age"],"type":"object"},"strict":true},"type":"json_schema"},"stream":false}'

curl --fail-with-body --silent --show-error \
    -X POST 'https://bedrock-mantle.us-east-1.api.aws/v1/chat/completions' \
    -H 'content-type: application/json' \
    --aws-sigv4 'aws:amz:us-east-1:bedrock-mantle' \
    --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
    "$@" \
    --data-binary "$body"
echo
