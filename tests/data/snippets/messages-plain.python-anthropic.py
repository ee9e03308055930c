#!/usr/bin/env python3
# Anthropic Messages request to anthropic.claude-haiku-4-5 on Amazon Bedrock Mantle (us-east-1).
# Exported by Mantle Playground.
# Needs the anthropic package (pip install anthropic).
# Credentials: a Bedrock API key in the environment variable AWS_BEARER_TOKEN_BEDROCK.
import os

from anthropic import Anthropic

client = Anthropic(
    base_url="https://bedrock-mantle.us-east-1.api.aws/anthropic",
    # Sent as x-api-key (Mantle also takes Authorization: Bearer).
    api_key=os.environ["AWS_BEARER_TOKEN_BEDROCK"],
)

message = client.messages.create(
    model="anthropic.claude-haiku-4-5",
    system="Show the result only.",
    messages=[
        {
            "content": [
                {
                    "text": "Think about 17 * 23.",
                    "type": "text"
                }
            ],
            "role": "user"
        }
    ],
    max_tokens=2048,
    output_config={
        "effort": "medium"
    },
    stream=False,
    thinking={
        "type": "adaptive"
    },
)
for block in message.content:
    if block.type == "text":
        print(block.text)
