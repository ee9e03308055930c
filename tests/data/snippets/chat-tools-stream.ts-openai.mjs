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

const stream = await client.chat.completions.create({
  model: "openai.gpt-oss-120b",
  messages: [
    {
      content: "Weather in Oslo?",
      role: "user"
    }
  ],
  stream: true,
  stream_options: {
    include_usage: true
  },
  tool_choice: {
    function: {
      name: "get_weather"
    },
    type: "function"
  },
  tools: [
    {
      function: {
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
        }
      },
      type: "function"
    }
  ],
});
const calls = new Map();
for await (const chunk of stream) {
  const delta = chunk.choices[0]?.delta;
  if (delta?.content) {
    process.stdout.write(delta.content);
  }
  for (const part of delta?.tool_calls ?? []) {
    const call = calls.get(part.index) ?? { name: '', arguments: '' };
    call.name += part.function?.name ?? '';
    call.arguments += part.function?.arguments ?? '';
    calls.set(part.index, call);
  }
}
process.stdout.write('\n');
for (const call of calls.values()) {
  console.log(`tool call: ${call.name} ${call.arguments}`);
}
