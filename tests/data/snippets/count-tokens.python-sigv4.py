#!/usr/bin/env python3
# Anthropic count tokens request to anthropic.claude-haiku-4-5 on Amazon Bedrock Mantle (us-east-1).
# Exported by Mantle Playground.
# Signed with AWS Signature Version 4 (service bedrock-mantle) by botocore and sent with requests
# (pip install botocore requests; Debian: apt install python3-botocore python3-requests).
# Credentials: botocore's chain, e.g. AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN,
# or the profile named by AWS_PROFILE.
import json
import sys

import botocore.session
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest

URL = "https://bedrock-mantle.us-east-1.api.aws/anthropic/v1/messages/count_tokens"
REGION = "us-east-1"
HEADERS = {
    "anthropic-version": "2023-06-01",
    "content-type": "application/json"
}
BODY = {
    "messages": [
        {
            "content": [
                {
                    "text": "How long is this?",
                    "type": "text"
                }
            ],
            "role": "user"
        }
    ],
    "model": "anthropic.claude-haiku-4-5"
}

credentials = botocore.session.Session().get_credentials()
if credentials is None:
    sys.exit("No AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE.")
data = json.dumps(BODY, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
signed = AWSRequest(method="POST", url=URL, data=data, headers=HEADERS)
SigV4Auth(credentials.get_frozen_credentials(), "bedrock-mantle", REGION).add_auth(signed)
response = requests.post(URL, data=data, headers=dict(signed.headers), stream=False, timeout=600)
if response.status_code != 200:
    sys.exit(f"HTTP {response.status_code}: {response.text}")
print(json.dumps(response.json(), indent=2))
