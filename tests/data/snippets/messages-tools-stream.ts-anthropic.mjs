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

const stream = await client.messages.create({
  model: "anthropic.claude-haiku-4-5",
  messages: [
    {
      content: [
        {
          text: "Weather in Oslo?",
          type: "text"
        }
      ],
      role: "user"
    }
  ],
  max_tokens: 4096,
  stream: true,
  tool_choice: {
    name: "get_weather",
    type: "tool"
  },
  tools: [
    {
      description: "The current weather in a city",
      input_schema: {
        additionalProperties: false,
        properties: {
          city: {
            type: "string"
          },
          unit: {
            enum: [
              "celsius",
              "fahrenheit"
            ],
            type: "string"
          }
        },
        required: [
          "city",
          "unit"
        ],
        type: "object"
      },
      name: "get_weather"
    }
  ],
});
let toolName = '';
let toolInput = '';
for await (const event of stream) {
  if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
    process.stdout.write(event.delta.text);
  } else if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') {
    toolName = event.content_block.name;
    toolInput = '';
  } else if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') {
    toolInput += event.delta.partial_json;
  } else if (event.type === 'content_block_stop' && toolName) {
    console.log(`tool call: ${toolName} ${JSON.stringify(JSON.parse(toolInput || '{}'))}`);
    toolName = '';
  }
}
process.stdout.write('\n');
