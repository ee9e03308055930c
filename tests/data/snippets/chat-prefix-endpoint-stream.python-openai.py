#!/usr/bin/env python3
# Chat Completions request to openai.gpt-5.4 on Amazon Bedrock Mantle (us-east-1).
# Exported by Mantle Playground.
# Needs the openai package (pip install openai).
# Credentials: a Bedrock API key in the environment variable AWS_BEARER_TOKEN_BEDROCK.
import os

from openai import OpenAI

client = OpenAI(
    base_url="http://127.0.0.1:8080/gateway/openai/v1",
    api_key=os.environ["AWS_BEARER_TOKEN_BEDROCK"],
)

stream = client.chat.completions.create(
    model="openai.gpt-5.4",
    messages=[
        {
            "content": "Hello",
            "role": "user"
        }
    ],
    reasoning_effort="high",
    stream=True,
    stream_options={
        "include_usage": True
    },
)
for chunk in stream:
    if not chunk.choices:
        continue
    delta = chunk.choices[0].delta
    if delta.content:
        print(delta.content, end="", flush=True)
print()
