// Responses request to openai.gpt-oss-120b on Amazon Bedrock Mantle (us-east-1).
// Exported by Mantle Playground.
// An ES module and valid TypeScript: save it as snippet.mjs and run `node snippet.mjs`
// (Node 20 or newer, after `npm install openai`).
// Credentials: BedrockOpenAI reads the Bedrock API key from the environment variable
// AWS_BEARER_TOKEN_BEDROCK.
import { BedrockOpenAI } from 'openai/bedrock';

const client = new BedrockOpenAI({
  baseURL: "https://bedrock-mantle.us-east-1.api.aws/v1",
});

const response = await client.responses.create({
  model: "openai.gpt-oss-120b",
  instructions: "Remember what you are told.",
  input: [
    {
      content: "What is my name?",
      role: "user",
      type: "message"
    }
  ],
  previous_response_id: "resp_0123456789abcdefghijklmnopqrstuvwxyz0123456789ab",
  reasoning: {
    effort: "low"
  },
  store: false,
  stream: false,
});
if (response.output_text) {
  console.log(response.output_text);
}
