#!/usr/bin/env python3
# Responses request to openai.gpt-oss-120b on Amazon Bedrock Mantle (us-east-1).
# Exported by Mantle Playground.
# Needs the openai package (pip install openai).
# Credentials: a Bedrock API key in the environment variable AWS_BEARER_TOKEN_BEDROCK.
import os

from openai import OpenAI

client = OpenAI(
    base_url="https://bedrock-mantle.us-east-1.api.aws/v1",
    api_key=os.environ["AWS_BEARER_TOKEN_BEDROCK"],
)

response = client.responses.create(
    model="openai.gpt-oss-120b",
    input=[
        {
            "content": "Weather in Paris?",
            "role": "user",
            "type": "message"
        }
    ],
    stream=False,
    tool_choice="required",
    tools=[
        {
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
            },
            "type": "function"
        }
    ],
)
if response.output_text:
    print(response.output_text)
for item in response.output:
    if item.type == "function_call":
        print(f"tool call: {item.name} {item.arguments}")
