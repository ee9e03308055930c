#!/usr/bin/env python3
# Responses request to openai.gpt-oss-120b on Amazon Bedrock Mantle (us-east-1).
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

URL = "https://bedrock-mantle.us-east-1.api.aws/v1/responses"
REGION = "us-east-1"
HEADERS = {
    "accept": "text/event-stream",
    "content-type": "application/json"
}
BODY = {
    "input": [
        {
            "content": "Tell me a story.",
            "role": "user",
            "type": "message"
        }
    ],
    "model": "openai.gpt-oss-120b",
    "stream": True
}


def events(response):
    """The JSON data of each server-sent event, as it arrives."""
    for line in response.iter_lines(chunk_size=None):
        if line.startswith(b"data:"):
            data = line[5:].strip()
            if data and data != b"[DONE]":
                yield json.loads(data)


credentials = botocore.session.Session().get_credentials()
if credentials is None:
    sys.exit("No AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE.")
data = json.dumps(BODY, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
signed = AWSRequest(method="POST", url=URL, data=data, headers=HEADERS)
SigV4Auth(credentials.get_frozen_credentials(), "bedrock-mantle", REGION).add_auth(signed)
response = requests.post(URL, data=data, headers=dict(signed.headers), stream=True, timeout=600)
if response.status_code != 200:
    sys.exit(f"HTTP {response.status_code}: {response.text}")
for event in events(response):
    kind = event.get("type")
    if kind == "response.output_text.delta":
        print(event["delta"], end="", flush=True)
    elif kind == "response.output_item.done" and event["item"].get("type") == "function_call":
        call = event["item"]
        print(f"tool call: {call['name']} {call['arguments']}")
    elif kind in ("response.failed", "error"):
        sys.exit(f"\nThe answer failed: {json.dumps(event)}")
print()
