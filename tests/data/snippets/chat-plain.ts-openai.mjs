// Chat Completions request to openai.gpt-oss-120b on Amazon Bedrock Mantle (us-east-1).
// Exported by Mantle Playground.
// An ES module and valid TypeScript: save it as snippet.mjs and run `node snippet.mjs`
// (Node 20 or newer, after `npm install openai`).
// Credentials: BedrockOpenAI reads the Bedrock API key from the environment variable
// AWS_BEARER_TOKEN_BEDROCK.
import { BedrockOpenAI } from 'openai/bedrock';

const client = new BedrockOpenAI({
  baseURL: "https://bedrock-mantle.us-east-1.api.aws/v1",
});

const completion = await client.chat.completions.create({
  model: "openai.gpt-oss-120b",
  messages: [
    {
      content: "You are terse.\nAnswer in one line.",
      role: "system"
    },
    {
      content: "Say \"hi\", it's me.",
      role: "user"
    }
  ],
  max_completion_tokens: 256,
  stream: false,
  temperature: 0.5,
});
const message = completion.choices[0].message;
if (message.content) {
  console.log(message.content);
}
