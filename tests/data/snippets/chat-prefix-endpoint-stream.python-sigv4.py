#!/usr/bin/env python3
# Chat Completions request to openai.gpt-5.4 on Amazon Bedrock Mantle (us-east-1).
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

URL = "http://127.0.0.1:8080/gateway/openai/v1/chat/completions"
REGION = "us-east-1"
HEADERS = {
    "accept": "text/event-stream",
    "content-type": "application/json"
}
BODY = {
    "messages": [
        {
            "content": "Hello",
            "role": "user"
        }
    ],
    "model": "openai.gpt-5.4",
    "reasoning_effort": "high",
    "stream": True,
    "stream_options": {
        "include_usage": True
    }
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
calls = {}
for event in events(response):
    for choice in event.get("choices") or []:
        delta = choice.get("delta") or {}
        if delta.get("content"):
            print(delta["content"], end="", flush=True)
        for part in delta.get("tool_calls") or []:
            call = calls.setdefault(part.get("index", 0), {"name": "", "arguments": ""})
            function = part.get("function") or {}
            call["name"] += function.get("name") or ""
            call["arguments"] += function.get("arguments") or ""
print()
for call in calls.values():
    print(f"tool call: {call['name']} {call['arguments']}")
