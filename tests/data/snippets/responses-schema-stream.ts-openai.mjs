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

const stream = await client.responses.create({
  model: "openai.gpt-oss-120b",
  input: [
    {
      content: "I am Ada, 36.",
      role: "user",
      type: "message"
    }
  ],
  stream: true,
  text: {
    format: {
      name: "person",
      schema: {
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
      strict: true,
      type: "json_schema"
    }
  },
});
for await (const event of stream) {
  if (event.type === 'response.output_text.delta') {
    process.stdout.write(event.delta);
  }
}
process.stdout.write('\n');
