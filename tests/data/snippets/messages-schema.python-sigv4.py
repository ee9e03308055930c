#!/usr/bin/env python3
# Anthropic Messages request to anthropic.claude-haiku-4-5 on Amazon Bedrock Mantle (us-east-1).
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

URL = "https://bedrock-mantle.us-east-1.api.aws/anthropic/v1/messages"
REGION = "us-east-1"
HEADERS = {
    "anthropic-version": "2023-06-01",
    "content-type": "application/json"
}
BODY = {
    "max_tokens": 4096,
    "messages": [
        {
            "content": [
                {
                    "text": "I am Ada, 36.",
                    "type": "text"
                }
            ],
            "role": "user"
        }
    ],
    "model": "anthropic.claude-haiku-4-5",
    "stream": False,
    "tool_choice": {
        "name": "person",
        "type": "tool"
    },
    "tools": [
        {
            "description": "Give the final answer by calling this tool; its input is the answer.",
            "input_schema": {
                "additionalProperties": False,
                "properties": {
                    "age": {
                        "type": "integer"
                    },
                    "name": {
                        "type": "string"
                    }
                },
                "required": [
                    "name",
                    "age"
                ],
                "type": "object"
            },
            "name": "person"
        }
    ]
}


def show_tool_call(name, arguments):
    if name == "person":
        print(json.dumps(json.loads(arguments or "{}"), indent=2))
    else:
        print(f"tool call: {name} {arguments}")


credentials = botocore.session.Session().get_credentials()
if credentials is None:
    sys.exit("No AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE.")
data = json.dumps(BODY, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
signed = AWSRequest(method="POST", url=URL, data=data, headers=HEADERS)
SigV4Auth(credentials.get_frozen_credentials(), "bedrock-mantle", REGION).add_auth(signed)
response = requests.post(URL, data=data, headers=dict(signed.headers), stream=False, timeout=600)
if response.status_code != 200:
    sys.exit(f"HTTP {response.status_code}: {response.text}")
for block in response.json().get("content") or []:
    if block.get("type") == "text":
        print(block["text"])
    elif block.get("type") == "tool_use":
        show_tool_call(block["name"], json.dumps(block["input"]))
