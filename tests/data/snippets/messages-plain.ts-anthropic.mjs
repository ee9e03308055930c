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
  system: "Show the result only.",
  messages: [
    {
      content: [
        {
          text: "Think about 17 * 23.",
          type: "text"
        }
      ],
      role: "user"
    }
  ],
  max_tokens: 2048,
  output_config: {
    effort: "medium"
  },
  stream: false,
  thinking: {
    type: "adaptive"
  },
});
for (const block of message.content) {
  if (block.type === 'text') {
    console.log(block.text);
  }
}
