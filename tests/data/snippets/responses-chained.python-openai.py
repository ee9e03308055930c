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
    instructions="Remember what you are told.",
    input=[
        {
            "content": "What is my name?",
            "role": "user",
            "type": "message"
        }
    ],
    previous_response_id="resp_0123456789abcdefghijklmnopqrstuvwxyz0123456789ab",
    reasoning={
        "effort": "low"
    },
    store=False,
    stream=False,
)
if response.output_text:
    print(response.output_text)
