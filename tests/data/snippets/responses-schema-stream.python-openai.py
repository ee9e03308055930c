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

stream = client.responses.create(
    model="openai.gpt-oss-120b",
    input=[
        {
            "content": "I am Ada, 36.",
            "role": "user",
            "type": "message"
        }
    ],
    stream=True,
    text={
        "format": {
            "name": "person",
            "schema": {
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
            "strict": True,
            "type": "json_schema"
        }
    },
)
for event in stream:
    if event.type == "response.output_text.delta":
        print(event.delta, end="", flush=True)
print()
