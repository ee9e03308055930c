#!/usr/bin/env python3
# Anthropic Messages request to anthropic.claude-haiku-4-5 on Amazon Bedrock Mantle (us-east-1).
# Exported by Mantle Playground.
# Needs the anthropic package (pip install anthropic).
# Credentials: a Bedrock API key in the environment variable AWS_BEARER_TOKEN_BEDROCK.
import json
import os

from anthropic import Anthropic

client = Anthropic(
    base_url="https://bedrock-mantle.us-east-1.api.aws/anthropic",
    # Sent as x-api-key (Mantle also takes Authorization: Bearer).
    api_key=os.environ["AWS_BEARER_TOKEN_BEDROCK"],
)

message = client.messages.create(
    model="anthropic.claude-haiku-4-5",
    messages=[
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
    max_tokens=4096,
    stream=False,
    tool_choice={
        "name": "person",
        "type": "tool"
    },
    tools=[
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
    ],
)
for block in message.content:
    if block.type == "text":
        print(block.text)
    elif block.type == "tool_use" and block.name == "person":
        print(json.dumps(block.input, indent=2))
