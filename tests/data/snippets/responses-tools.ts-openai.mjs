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
  input: [
    {
      content: "Weather in Paris?",
      role: "user",
      type: "message"
    }
  ],
  stream: false,
  tool_choice: "required",
  tools: [
    {
      description: "The current weather in a city",
      name: "get_weather",
      parameters: {
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
      strict: null,
      type: "function"
    }
  ],
});
if (response.output_text) {
  console.log(response.output_text);
}
for (const item of response.output) {
  if (item.type === 'function_call') {
    console.log(`tool call: ${item.name} ${item.arguments}`);
  }
}
