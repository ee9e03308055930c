// Chat Completions request to openai.gpt-5.4 on Amazon Bedrock Mantle (us-east-1).
// Exported by Mantle Playground.
// An ES module and valid TypeScript: save it as snippet.mjs and run `node snippet.mjs`
// (Node 20 or newer, after `npm install openai`).
// Credentials: BedrockOpenAI reads the Bedrock API key from the environment variable
// AWS_BEARER_TOKEN_BEDROCK.
import { BedrockOpenAI } from 'openai/bedrock';

const client = new BedrockOpenAI({
  baseURL: "http://127.0.0.1:8080/gateway/openai/v1",
});

const stream = await client.chat.completions.create({
  model: "openai.gpt-5.4",
  messages: [
    {
      content: "Hello",
      role: "user"
    }
  ],
  reasoning_effort: "high",
  stream: true,
  stream_options: {
    include_usage: true
  },
});
for await (const chunk of stream) {
  const delta = chunk.choices[0]?.delta;
  if (delta?.content) {
    process.stdout.write(delta.content);
  }
}
process.stdout.write('\n');
