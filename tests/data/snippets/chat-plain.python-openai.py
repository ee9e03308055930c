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

completion = client.chat.completions.create(
    model="openai.gpt-oss-120b",
    messages=[
        {
            "content": "You are terse.\nAnswer in one line.",
            "role": "system"
        },
        {
            "content": "Say \"hi\", it's me.",
            "role": "user"
        }
    ],
    max_completion_tokens=256,
    stream=False,
    temperature=0.5,
)
message = completion.choices[0].message
if message.content:
    print(message.content)
