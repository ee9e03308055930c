// Anthropic Messages request to anthropic.claude-haiku-4-5 on Amazon Bedrock Mantle (eu-west-1).
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
  baseURL: "https://bedrock-mantle.eu-west-1.api.aws/anthropic",
  // Sent as Authorization: Bearer (Mantle also takes x-api-key).
  authToken: apiKey,
});

const stream = await client.messages.create({
  model: "anthropic.claude-haiku-4-5",
  messages: [
    {
      content: [
        {
          text: "Hello",
          type: "text"
        }
      ],
      role: "user"
    }
  ],
  max_tokens: 4096,
  stream: true,
});
for await (const event of stream) {
  if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
    process.stdout.write(event.delta.text);
  }
}
process.stdout.write('\n');
