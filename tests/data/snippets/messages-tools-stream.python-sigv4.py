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
    "accept": "text/event-stream",
    "anthropic-version": "2023-06-01",
    "content-type": "application/json"
}
BODY = {
    "max_tokens": 4096,
    "messages": [
        {
            "content": [
                {
                    "text": "Weather in Oslo?",
                    "type": "text"
                }
            ],
            "role": "user"
        }
    ],
    "model": "anthropic.claude-haiku-4-5",
    "stream": True,
    "tool_choice": {
        "name": "get_weather",
        "type": "tool"
    },
    "tools": [
        {
            "description": "The current weather in a city",
            "input_schema": {
                "additionalProperties": False,
                "properties": {
                    "city": {
                        "type": "string"
                    },
                    "unit": {
                        "enum": [
                            "celsius",
                            "fahrenheit"
                        ],
                        "type": "string"
                    }
                },
                "required": [
                    "city",
                    "unit"
                ],
                "type": "object"
            },
            "name": "get_weather"
        }
    ]
}


def events(response):
    """The JSON data of each server-sent event, as it arrives."""
    for line in response.iter_lines(chunk_size=None):
        if line.startswith(b"data:"):
            data = line[5:].strip()
            if data and data != b"[DONE]":
                yield json.loads(data)


def show_tool_call(name, arguments):
    print(f"tool call: {name} {arguments}")


credentials = botocore.session.Session().get_credentials()
if credentials is None:
    sys.exit("No AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE.")
data = json.dumps(BODY, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
signed = AWSRequest(method="POST", url=URL, data=data, headers=HEADERS)
SigV4Auth(credentials.get_frozen_credentials(), "bedrock-mantle", REGION).add_auth(signed)
response = requests.post(URL, data=data, headers=dict(signed.headers), stream=True, timeout=600)
if response.status_code != 200:
    sys.exit(f"HTTP {response.status_code}: {response.text}")
tool = None
for event in events(response):
    kind = event.get("type")
    if kind == "content_block_start" and event["content_block"].get("type") == "tool_use":
        tool = {"name": event["content_block"]["name"], "input": ""}
    elif kind == "content_block_delta":
        delta = event["delta"]
        if delta.get("type") == "text_delta":
            print(delta["text"], end="", flush=True)
        elif delta.get("type") == "input_json_delta" and tool:
            tool["input"] += delta["partial_json"]
    elif kind == "content_block_stop" and tool:
        show_tool_call(tool["name"], tool["input"])
        tool = None
    elif kind == "error":
        sys.exit(f"\nThe answer failed: {json.dumps(event)}")
print()
