// Anthropic Messages request to anthropic.claude-haiku-4-5 on Amazon Bedrock Mantle (us-east-1).
// Exported by Mantle Playground.
// An ES module and valid TypeScript: save it as snippet.mjs and run `node snippet.mjs`
// (Node 20 or newer, after `npm install @anthropic-ai/sdk`).
// Credentials: a Bedrock API key in the environment variable AWS_BEARER_TOKEN_BEDROCK.
import Anthropic from '@anthropic-ai/sdk';

const apiKey = process.env.AWS_BEARER_TOKEN_BEDROCK;
if (!apiKey) {
  throw new Error('Set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key.');
}
const client = new Anthropic({
  baseURL: "https://bedrock-mantle.us-east-1.api.aws/anthropic",
  apiKey,
  // Sent as x-api-key only (Mantle also takes Authorization: Bearer).
  defaultHeaders: { 'x-api-key': apiKey, authorization: null },
});

const message = await client.messages.create({
  model: "anthropic.claude-haiku-4-5",
  messages: [
    {
      content: [
        {
          text: "I am Ada, 36.",
          type: "text"
        }
      ],
      role: "user"
    }
  ],
  max_tokens: 4096,
  stream: false,
  tool_choice: {
    name: "person",
    type: "tool"
  },
  tools: [
    {
      description: "Give the final answer by calling this tool; its input is the answer.",
      input_schema: {
        additionalProperties: false,
        properties: {
          age: {
            type: "integer"
          },
          name: {
            type: "string"
          }
        },
        required: [
          "name",
          "age"
        ],
        type: "object"
      },
      name: "person"
    }
  ],
});
for (const block of message.content) {
  if (block.type === 'text') {
    console.log(block.text);
  } else if (block.type === 'tool_use') {
    if (block.name === "person") {
      console.log(JSON.stringify(block.input, null, 2));
    } else {
      console.log(`tool call: ${block.name} ${JSON.stringify(block.input)}`);
    }
  }
}
