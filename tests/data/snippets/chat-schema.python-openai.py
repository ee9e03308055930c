#!/usr/bin/env python3
# Chat Completions request to openai.gpt-oss-120b on Amazon Bedrock Mantle (us-east-1).
# Exported by Mantle Playground.
# Needs the openai package (pip install openai).
# Credentials: a Bedrock API key in the environment variable AWS_BEARER_TOKEN_BEDROCK.
import json
import os

from openai import OpenAI

client = OpenAI(
    base_url="https://bedrock-mantle.us-east-1.api.aws/v1",
    api_key=os.environ["AWS_BEARER_TOKEN_BEDROCK"],
)

completion = client.chat.completions.create(
    model="openai.gpt-oss-120b",
    messages=[
        {
            "content": "I am Ada, 36.",
            "role": "user"
        }
    ],
    response_format={
        "json_schema": {
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
            "strict": True
        },
        "type": "json_schema"
    },
    stream=False,
)
message = completion.choices[0].message
if message.content:
    print(json.dumps(json.loads(message.content), indent=2))
