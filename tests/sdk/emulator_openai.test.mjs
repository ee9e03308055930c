// The official `openai` npm package (tests/sdk/package-lock.json) against the Mantle emulator:
// the plain `OpenAI` client on /v1 (Chat Completions, Responses, errors) and the Bedrock clients
// of the same package (`BedrockOpenAI`, the `bedrock()` provider) on /openai/v1 with a bearer key.
// Run by run-against-emulator.sh, which sets MANTLE_EMULATOR_URL.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import OpenAI from 'openai';
import { BedrockOpenAI } from 'openai/bedrock';
import { bedrock } from 'openai/providers/bedrock';

import { assertFields, emulatorRoot, kApiKey, rejection, withFault } from './emulator.mjs';

const kModel = 'openai.gpt-oss-120b'; // Chat and Responses on /v1
const kPrefixModel = 'openai.gpt-5.4'; // served under /openai/v1 only
const kChatOnlyModel = 'qwen.qwen3-32b'; // Chat Completions only

const root = emulatorRoot();
const client = new OpenAI({ baseURL: `${root}/v1`, apiKey: kApiKey, maxRetries: 0 });

const kWeatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'The current weather in a city',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string', description: 'The city name' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      },
      required: ['city', 'unit'],
      additionalProperties: false,
    },
  },
};

const kPersonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    age: { type: 'integer' },
    hobbies: { type: 'array', items: { type: 'string' } },
  },
  required: ['name', 'age', 'hobbies'],
  additionalProperties: false,
};

function outputTextOf(response) {
  return response.output
    .filter((item) => item.type === 'message')
    .flatMap((item) => item.content)
    .filter((part) => part.type === 'output_text')
    .map((part) => part.text)
    .join('');
}

describe('OpenAI client on /v1', () => {
  test('models.list lists the /v1, /openai/v1 and anthropic models', async () => {
    const ids = [];
    for await (const model of client.models.list()) {
      assert.equal(model.object, 'model');
      ids.push(model.id);
    }
    assert.ok(ids.includes(kModel), `no ${kModel} in ${ids}`);
    assert.ok(ids.includes(kPrefixModel), `no ${kPrefixModel} in ${ids}`);
    assert.ok(ids.some((id) => id.startsWith('anthropic.')), `no anthropic.* model in ${ids}`);
  });

  test('chat.completions.create answers the prompt with usage', async () => {
    const prompt = 'Please echo the word pelican.';
    const completion = await client.chat.completions.create({
      model: kModel,
      messages: [{ role: 'user', content: prompt }],
    });
    assert.match(completion.id, /^chatcmpl-/);
    assert.equal(completion.object, 'chat.completion');
    assert.equal(completion.model, kModel);
    assert.equal(completion.choices.length, 1);
    const [choice] = completion.choices;
    assert.equal(choice.finish_reason, 'stop');
    assert.equal(choice.message.role, 'assistant');
    assert.ok(choice.message.content.includes(prompt), choice.message.content);
    const { usage } = completion;
    assert.ok(usage.prompt_tokens > 0 && usage.completion_tokens > 0);
    assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
  });

  test('a streamed chat completion carries the same text, reasoning and usage', async () => {
    const request = {
      model: kModel,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Stream the word albatross back to me.' },
      ],
    };
    const whole = await client.chat.completions.create(request);

    const stream = await client.chat.completions.create({
      ...request,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let reasoning = '';
    let finishReason = null;
    let chunks = 0;
    let usageChunk = null;
    for await (const chunk of stream) {
      chunks += 1;
      assert.equal(chunk.object, 'chat.completion.chunk');
      if (chunk.usage) {
        usageChunk = chunk;
        continue;
      }
      const [choice] = chunk.choices;
      text += choice.delta.content ?? '';
      reasoning += choice.delta.reasoning_content ?? choice.delta.reasoning ?? '';
      finishReason = choice.finish_reason ?? finishReason;
    }
    assert.ok(chunks > 3, `only ${chunks} chunks`);
    assert.equal(text, whole.choices[0].message.content);
    const wholeReasoning = whole.choices[0].message.reasoning_content
      ?? whole.choices[0].message.reasoning;
    assert.ok(wholeReasoning, 'gpt-oss answers with reasoning');
    assert.equal(reasoning, wholeReasoning);
    assert.equal(finishReason, 'stop');
    assert.ok(usageChunk, 'no usage chunk with include_usage');
    assert.deepEqual(usageChunk.choices, []);
    assert.equal(usageChunk.usage.prompt_tokens, whole.usage.prompt_tokens);
    assert.equal(usageChunk.usage.completion_tokens, whole.usage.completion_tokens);
    assert.equal(usageChunk.usage.total_tokens, whole.usage.total_tokens);
  });

  test('a tool call has JSON arguments that satisfy the schema, streamed or not', async () => {
    const request = {
      model: kModel,
      messages: [{ role: 'user', content: 'What is the weather in Paris? Use get_weather.' }],
      tools: [kWeatherTool],
      tool_choice: 'auto',
    };
    const checkCall = (call) => {
      assert.equal(call.type, 'function');
      assert.match(call.id, /^call_/);
      assert.equal(call.function.name, 'get_weather');
      const args = JSON.parse(call.function.arguments);
      assertFields(args, {
        city: (v) => typeof v === 'string' && v.length > 0,
        unit: (v) => ['celsius', 'fahrenheit'].includes(v),
      });
      assert.deepEqual(Object.keys(args).sort(), ['city', 'unit']);
      return args;
    };

    const completion = await client.chat.completions.create(request);
    const [choice] = completion.choices;
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.tool_calls.length, 1);
    const args = checkCall(choice.message.tool_calls[0]);

    // The SDK's stream helper puts the argument fragments back together.
    const streamed = await client.chat.completions.stream(request).finalChatCompletion();
    assert.equal(streamed.choices[0].finish_reason, 'tool_calls');
    assert.deepEqual(checkCall(streamed.choices[0].message.tool_calls[0]), args);

    // The tool's result goes back and the answer reports it.
    const followUp = await client.chat.completions.create({
      ...request,
      messages: [
        ...request.messages,
        choice.message,
        { role: 'tool', tool_call_id: choice.message.tool_calls[0].id, content: '18 degrees, sunny' },
      ],
    });
    assert.equal(followUp.choices[0].finish_reason, 'stop');
    assert.ok(followUp.choices[0].message.content.includes('18 degrees, sunny'),
      followUp.choices[0].message.content);
  });

  test('chat.completions.parse returns an object with the json_schema\'s required keys', async () => {
    const completion = await client.chat.completions.parse({
      model: kModel,
      messages: [{ role: 'user', content: 'Describe Ada, aged 36, who likes chess and tea.' }],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'person', strict: true, schema: kPersonSchema },
      },
    });
    const { message } = completion.choices[0];
    assert.deepEqual(message.parsed, JSON.parse(message.content));
    assertFields(message.parsed, {
      name: (v) => typeof v === 'string',
      age: (v) => Number.isInteger(v),
      hobbies: (v) => Array.isArray(v) && v.every((h) => typeof h === 'string'),
    });
    assert.deepEqual(Object.keys(message.parsed).sort(), ['age', 'hobbies', 'name']);
  });

  test('responses.create remembers through previous_response_id', async () => {
    const first = await client.responses.create({ model: kModel, input: 'My name is Alex.' });
    assert.match(first.id, /^resp_[a-z0-9]{52}$/);
    assert.equal(first.object, 'response');
    assert.equal(first.status, 'completed');
    assert.ok(first.output_text.length > 0);
    assert.equal(first.output_text, outputTextOf(first));
    assert.ok(first.usage.input_tokens > 0 && first.usage.output_tokens > 0);

    const second = await client.responses.create({
      model: kModel,
      input: 'What is my name?',
      previous_response_id: first.id,
    });
    assert.equal(second.previous_response_id, first.id);
    assert.ok(second.output_text.includes('Alex'), second.output_text);
    assert.ok(second.usage.input_tokens > first.usage.input_tokens,
      'the earlier turn counts as input');

    // Without the link there is nothing to remember.
    const alone = await client.responses.create({ model: kModel, input: 'What is my name?' });
    assert.ok(!alone.output_text.includes('Alex'), alone.output_text);
  });

  test('streamed Responses events: the text deltas join to the final output_text', async () => {
    const request = { model: kModel, input: 'Stream a greeting for the heron.' };
    const stream = await client.responses.create({ ...request, stream: true });
    const types = [];
    let deltas = '';
    let doneText = null;
    let completed = null;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') deltas += event.delta;
      else if (event.type === 'response.output_text.done') doneText = event.text;
      else if (event.type === 'response.completed') completed = event.response;
    }
    assert.equal(types[0], 'response.created');
    assert.equal(types.at(-1), 'response.completed');
    assert.ok(types.filter((t) => t === 'response.output_text.delta').length > 1);
    assert.ok(deltas.includes('heron'), deltas);
    assert.equal(doneText, deltas);
    assert.equal(completed.status, 'completed');
    assert.equal(outputTextOf(completed), deltas);

    // The SDK's helper stream: text events and finalResponse().output_text agree too.
    const helper = client.responses.stream(request);
    let helperDeltas = '';
    helper.on('response.output_text.delta', (event) => { helperDeltas += event.delta; });
    const final = await helper.finalResponse();
    assert.equal(final.output_text, helperDeltas);
    assert.equal(final.output_text, deltas);
  });

  test('responses.retrieve and delete, then retrieve is a 404 NotFoundError', async () => {
    const created = await client.responses.create({ model: kModel, input: 'Keep this one.' });
    const retrieved = await client.responses.retrieve(created.id);
    assert.equal(retrieved.id, created.id);
    assert.equal(retrieved.status, 'completed');
    assert.equal(retrieved.output_text, created.output_text);

    await client.responses.delete(created.id);
    const error = await rejection(client.responses.retrieve(created.id), OpenAI.NotFoundError);
    assert.equal(error.status, 404);
    assert.ok(error.message.includes(created.id), error.message);
  });

  test('a background response is polled with retrieve until it is completed', async () => {
    const created = await client.responses.create({
      model: kModel,
      input: 'Work on the osprey in the background.',
      background: true,
    });
    assert.equal(created.background, true);
    assert.ok(['queued', 'in_progress'].includes(created.status), created.status);

    // The emulator moves one stage per retrieve; a few polls must reach the end.
    let response = created;
    const seen = [created.status];
    for (let poll = 0; poll < 10 && ['queued', 'in_progress'].includes(response.status); ++poll) {
      response = await client.responses.retrieve(created.id);
      seen.push(response.status);
    }
    assert.equal(response.status, 'completed', `statuses: ${seen}`);
    assert.ok(response.output_text.includes('osprey'), response.output_text);
  });

  test('a background response can be cancelled, a finished one cannot', async () => {
    const created = await client.responses.create({
      model: kModel,
      input: 'Start something long.',
      background: true,
    });
    const cancelled = await client.responses.cancel(created.id);
    assert.equal(cancelled.id, created.id);
    assert.equal(cancelled.status, 'cancelled');
    assert.equal((await client.responses.retrieve(created.id)).status, 'cancelled');

    const finished = await client.responses.create({ model: kModel, input: 'Done at once.' });
    const error = await rejection(client.responses.cancel(finished.id), OpenAI.BadRequestError);
    assert.equal(error.status, 400);
  });

  test('a /openai/v1 model on /v1 is a 401 "Berm is not enabled for this account"', async () => {
    const error = await rejection(client.chat.completions.create({
      model: kPrefixModel,
      messages: [{ role: 'user', content: 'Hello' }],
    }), OpenAI.AuthenticationError);
    assert.equal(error.status, 401);
    assert.ok(error.message.includes('Berm is not enabled for this account'), error.message);
    assert.equal(error.type, 'permission_denied_error');
    assert.ok(error.requestID, 'the error carries the request id');
  });

  test('a Chat-only model refuses Responses with a 400 that names the API', async () => {
    const error = await rejection(
      client.responses.create({ model: kChatOnlyModel, input: 'Hello' }), OpenAI.BadRequestError);
    assert.ok(error.message.includes("does not support the '/v1/responses' API"), error.message);
  });

  test('a wrong API key is a 401 AuthenticationError', async () => {
    const stranger = new OpenAI({ baseURL: `${root}/v1`, apiKey: 'not-the-key', maxRetries: 0 });
    const error = await rejection(stranger.models.list(), OpenAI.AuthenticationError);
    assert.equal(error.status, 401);
    assert.ok(error.message.includes('Invalid bearer token'), error.message);
  });

  test('a 429 fault is a RateLimitError with its Retry-After', async () => {
    const error = await rejection(client.chat.completions.create({
      model: kModel,
      messages: [{ role: 'user', content: 'Hello' }],
    }, withFault('status=429;retry-after=0')), OpenAI.RateLimitError);
    assert.equal(error.status, 429);
    assert.equal(error.headers.get('retry-after'), '0');
  });

  test('a stream dropped after a few events ends in an error, not in silence', async () => {
    const stream = await client.chat.completions.create({
      model: kModel,
      messages: [{ role: 'user', content: 'A stream that will break.' }],
      stream: true,
    }, withFault('drop-after=3'));
    let chunks = 0;
    // Node's fetch reports the closed socket as TypeError "terminated"; the SDK passes it on.
    await assert.rejects(async () => {
      for await (const chunk of stream) chunks += chunk ? 1 : 0;
    }, (error) => error instanceof TypeError || error instanceof OpenAI.APIConnectionError);
    assert.equal(chunks, 3, 'the three events before the drop arrive');
  });
});

describe('Bedrock clients of the openai package on /openai/v1', () => {
  test('BedrockOpenAI from AWS_BEARER_TOKEN_BEDROCK and AWS_BEDROCK_BASE_URL streams a chat', async () => {
    process.env.AWS_BEARER_TOKEN_BEDROCK = kApiKey;
    process.env.AWS_BEDROCK_BASE_URL = `${root}/openai/v1`;
    let bedrockClient;
    try {
      bedrockClient = new BedrockOpenAI({ maxRetries: 0 });
    } finally {
      delete process.env.AWS_BEARER_TOKEN_BEDROCK;
      delete process.env.AWS_BEDROCK_BASE_URL;
    }
    assert.equal(bedrockClient.baseURL, `${root}/openai/v1`);

    const prompt = 'Bedrock, please repeat the word cormorant.';
    const stream = await bedrockClient.chat.completions.create({
      model: kPrefixModel,
      messages: [{ role: 'user', content: prompt }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage = null;
    let model = null;
    for await (const chunk of stream) {
      model = chunk.model;
      text += chunk.choices[0]?.delta?.content ?? '';
      usage = chunk.usage ?? usage;
    }
    assert.equal(model, kPrefixModel);
    assert.ok(text.includes(prompt), text);
    assert.ok(usage && usage.completion_tokens > 0, JSON.stringify(usage));

    const whole = await bedrockClient.chat.completions.create({
      model: kPrefixModel,
      messages: [{ role: 'user', content: prompt }],
    });
    assert.equal(whole.choices[0].message.content, text);
  });

  test('BedrockOpenAI with baseURL and apiKey options streams Responses with output_text', async () => {
    const bedrockClient = new BedrockOpenAI({
      baseURL: `${root}/openai/v1`,
      apiKey: kApiKey,
      maxRetries: 0,
    });
    const helper = bedrockClient.responses.stream({
      model: kPrefixModel,
      input: 'Say something about the gannet.',
    });
    let deltas = '';
    helper.on('response.output_text.delta', (event) => { deltas += event.delta; });
    const final = await helper.finalResponse();
    assert.equal(final.status, 'completed');
    assert.ok(deltas.includes('gannet'), deltas);
    assert.equal(final.output_text, deltas);
  });

  test('the bedrock() provider on the OpenAI client calls a prefix model', async () => {
    const providerClient = new OpenAI({
      provider: bedrock({ baseURL: `${root}/openai/v1`, apiKey: kApiKey }),
      maxRetries: 0,
    });
    const completion = await providerClient.chat.completions.create({
      model: kPrefixModel,
      messages: [{ role: 'user', content: 'Provider check with a puffin.' }],
    });
    assert.ok(completion.choices[0].message.content.includes('puffin'),
      completion.choices[0].message.content);
  });

  test('a /v1 model under /openai/v1 is a 400 "isn\'t supported on this route"', async () => {
    const bedrockClient = new BedrockOpenAI({
      baseURL: `${root}/openai/v1`,
      apiKey: kApiKey,
      maxRetries: 0,
    });
    const error = await rejection(bedrockClient.chat.completions.create({
      model: kModel,
      messages: [{ role: 'user', content: 'Hello' }],
    }), OpenAI.BadRequestError);
    assert.ok(error.message.includes(`model \`${kModel}\` isn't supported on this route`),
      error.message);
  });

  test('BedrockOpenAI with a wrong bearer key is a 401', async () => {
    const bedrockClient = new BedrockOpenAI({
      baseURL: `${root}/openai/v1`,
      apiKey: 'ABSK-not-the-key',
      maxRetries: 0,
    });
    const error = await rejection(bedrockClient.chat.completions.create({
      model: kPrefixModel,
      messages: [{ role: 'user', content: 'Hello' }],
    }), OpenAI.AuthenticationError);
    assert.equal(error.status, 401);
  });
});
