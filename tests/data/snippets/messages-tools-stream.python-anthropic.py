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

stream = client.messages.create(
    model="anthropic.claude-haiku-4-5",
    messages=[
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
    max_tokens=4096,
    stream=True,
    tool_choice={
        "name": "get_weather",
        "type": "tool"
    },
    tools=[
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
    ],
)
tool_name = None
tool_input = ""
for event in stream:
    if event.type == "content_block_delta" and event.delta.type == "text_delta":
        print(event.delta.text, end="", flush=True)
    elif event.type == "content_block_start" and event.content_block.type == "tool_use":
        tool_name = event.content_block.name
        tool_input = ""
    elif event.type == "content_block_delta" and event.delta.type == "input_json_delta":
        tool_input += event.delta.partial_json
    elif event.type == "content_block_stop" and tool_name:
        print(f"tool call: {tool_name} {tool_input}")
        tool_name = None
print()
