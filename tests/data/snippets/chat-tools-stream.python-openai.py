#!/usr/bin/env python3
# Chat Completions request to openai.gpt-oss-120b on Amazon Bedrock Mantle (us-east-1).
# Exported by Mantle Playground.
# Needs the openai package (pip install openai).
# Credentials: a Bedrock API key in the environment variable AWS_BEARER_TOKEN_BEDROCK.
import os

from openai import OpenAI

client = OpenAI(
    base_url="https://bedrock-mantle.us-east-1.api.aws/v1",
    api_key=os.environ["AWS_BEARER_TOKEN_BEDROCK"],
)

stream = client.chat.completions.create(
    model="openai.gpt-oss-120b",
    messages=[
        {
            "content": "Weather in Oslo?",
            "role": "user"
        }
    ],
    stream=True,
    stream_options={
        "include_usage": True
    },
    tool_choice={
        "function": {
            "name": "get_weather"
        },
        "type": "function"
    },
    tools=[
        {
            "function": {
                "description": "The current weather in a city",
                "name": "get_weather",
                "parameters": {
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
                }
            },
            "type": "function"
        }
    ],
)
calls = {}
for chunk in stream:
    if not chunk.choices:
        continue
    delta = chunk.choices[0].delta
    if delta.content:
        print(delta.content, end="", flush=True)
    for part in delta.tool_calls or []:
        call = calls.setdefault(part.index, {"name": "", "arguments": ""})
        if part.function and part.function.name:
            call["name"] += part.function.name
        if part.function and part.function.arguments:
            call["arguments"] += part.function.arguments
print()
for call in calls.values():
    print(f"tool call: {call['name']} {call['arguments']}")
