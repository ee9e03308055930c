#!/bin/sh
# Responses request to openai.gpt-oss-120b on Amazon Bedrock Mantle (us-east-1).
# Exported by Mantle Playground.
# Credentials: a Bedrock API key in the environment variable AWS_BEARER_TOKEN_BEDROCK.
# The body is exactly what Mantle Playground sends; curl prints the answer as it comes
# (a JSON document).
set -eu

: "${AWS_BEARER_TOKEN_BEDROCK:?set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key}"

body='{"input":[{"content":"What is my name?","role":"user","type":"message"}],"instructions":"Remember what you are told.","model":"openai.gpt-oss-120b","previous_response_id":"resp_0123456789abcdefghijklmnopqrstuvwxyz0123456789ab","reasoning":{"effort":"low"},"store":false,"stream":false}'

curl --fail-with-body --silent --show-error \
    -X POST 'https://bedrock-mantle.us-east-1.api.aws/v1/responses' \
    -H 'content-type: application/json' \
    -H @- \
    --data-binary "$body" <<EOF
authorization: Bearer $AWS_BEARER_TOKEN_BEDROCK
EOF
echo
