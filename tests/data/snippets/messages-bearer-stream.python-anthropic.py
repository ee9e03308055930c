#!/usr/bin/env python3
# Anthropic Messages request to anthropic.claude-haiku-4-5 on Amazon Bedrock Mantle (eu-west-1).
# Exported by Mantle Playground.
# Needs the anthropic package (pip install anthropic).
# Credentials: a Bedrock API key in the environment variable AWS_BEARER_TOKEN_BEDROCK.
import os

from anthropic import Anthropic

client = Anthropic(
    base_url="https://bedrock-mantle.eu-west-1.api.aws/anthropic",
    # Sent as Authorization: Bearer (Mantle also takes x-api-key).
    auth_token=os.environ["AWS_BEARER_TOKEN_BEDROCK"],
)

stream = client.messages.create(
    model="anthropic.claude-haiku-4-5",
    messages=[
        {
            "content": [
                {
                    "text": "Hello",
                    "type": "text"
                }
            ],
            "role": "user"
        }
    ],
    max_tokens=4096,
    stream=True,
)
for event in stream:
    if event.type == "content_block_delta" and event.delta.type == "text_delta":
        print(event.delta.text, end="", flush=True)
print()
