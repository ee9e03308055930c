// The official `@anthropic-ai/sdk` npm package (tests/sdk/package-lock.json) against the Mantle
// emulator's /anthropic route: Messages (plain, streamed, thinking, tools, structured output),
// count_tokens and errors, with the key as `X-Api-Key` (as the Python Mantle client sends it) and
// as `Authorization: Bearer` (what this SDK sends for `apiKey` and `authToken`).
// SDK 1.14 has no Mantle client of its own (that lives in @anthropic-ai/bedrock-sdk).
// Run by run-against-emulator.sh, which sets MANTLE_EMULATOR_URL.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import Anthropic from '@anthropic-ai/sdk';

import { assertFields, emulatorRoot, kApiKey, rejection, withFault } from './emulator.mjs';

const kModel = 'anthropic.claude-haiku-4-5';
const baseURL = `${emulatorRoot()}/anthropic`;

/** A fetch that records the headers of the last request it sent. */
function recordingFetch() {
  const seen = { headers: null, url: null };
  const fetchAndRecord = (url, init) => {
    seen.url = String(url);
    seen.headers = new Headers(init?.headers);
    return fetch(url, init);
  };
  return { seen, fetch: fetchAndRecord };
}

// The key in `X-Api-Key` only: the SDK's own Bearer header is switched off per client.
const xApiKey = recordingFetch();
const xApiKeyClient = new Anthropic({
  baseURL,
  apiKey: 'unused-because-authorization-is-removed',
  defaultHeaders: { 'X-Api-Key': kApiKey, Authorization: null },
  maxRetries: 0,
  fetch: xApiKey.fetch,
});

const bearer = recordingFetch();
const bearerClient = new Anthropic({ baseURL, authToken: kApiKey, maxRetries: 0, fetch: bearer.fetch });

// `apiKey` as the SDK sends it by default (1.14: `Authorization: Bearer` as well).
const plainKey = recordingFetch();
const plainKeyClient = new Anthropic({ baseURL, apiKey: kApiKey, maxRetries: 0, fetch: plainKey.fetch });

const kWeatherTool = {
  name: 'get_weather',
  description: 'The current weather in a city',
  input_schema: {
    type: 'object',
    properties: {
      city: { type: 'string', description: 'The city name' },
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
    },
    required: ['city', 'unit'],
  },
};

function textOf(message) {
  return message.content.filter((block) => block.type === 'text').map((block) => block.text).join('');
}

function checkWeatherInput(input) {
  assertFields(input, {
    city: (v) => typeof v === 'string' && v.length > 0,
    unit: (v) => ['celsius', 'fahrenheit'].includes(v),
  });
}

describe('Anthropic client on /anthropic', () => {
  test('messages.create answers the same with X-Api-Key alone, authToken and apiKey', async () => {
    const request = {
      model: kModel,
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Please echo the word kittiwake.' }],
    };
    const viaKey = await xApiKeyClient.messages.create(request);
    assert.equal(xApiKey.seen.headers.get('x-api-key'), kApiKey);
    assert.equal(xApiKey.seen.headers.get('authorization'), null);
    assert.equal(xApiKey.seen.url, `${baseURL}/v1/messages`);
    assert.ok(xApiKey.seen.headers.get('anthropic-version'), 'the SDK sends anthropic-version');

    const viaBearer = await bearerClient.messages.create(request);
    assert.equal(bearer.seen.headers.get('authorization'), `Bearer ${kApiKey}`);
    assert.equal(bearer.seen.headers.get('x-api-key'), null);

    const viaApiKey = await plainKeyClient.messages.create(request);
    assert.equal(plainKey.seen.headers.get('authorization'), `Bearer ${kApiKey}`);

    for (const message of [viaKey, viaBearer, viaApiKey]) {
      assert.match(message.id, /^msg_/);
      assert.equal(message.type, 'message');
      assert.equal(message.role, 'assistant');
      assert.equal(message.model, kModel);
      assert.equal(message.stop_reason, 'end_turn');
      assert.equal(message.content.length, 1);
      assert.equal(message.content[0].type, 'text');
      assert.ok(message.content[0].text.includes('Please echo the word kittiwake.'),
        message.content[0].text);
      assert.ok(message.usage.input_tokens > 0 && message.usage.output_tokens > 0);
    }
    assert.equal(textOf(viaBearer), textOf(viaKey));
    assert.equal(textOf(viaApiKey), textOf(viaKey));
    assert.deepEqual(viaBearer.usage, viaKey.usage);
  });

  test('messages.stream: the text events add up to finalMessage and to the plain answer', async () => {
    const request = {
      model: kModel,
      max_tokens: 256,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Stream the word fulmar back to me.' }],
    };
    const whole = await bearerClient.messages.create(request);

    const stream = bearerClient.messages.stream(request);
    let streamed = '';
    let deltas = 0;
    const eventTypes = [];
    stream.on('text', (delta) => { streamed += delta; deltas += 1; });
    stream.on('streamEvent', (event) => eventTypes.push(event.type));
    const final = await stream.finalMessage();
    assert.ok(deltas > 1, `${deltas} text deltas`);
    assert.equal(eventTypes[0], 'message_start');
    assert.equal(eventTypes.at(-1), 'message_stop');
    assert.equal(textOf(final), streamed);
    assert.equal(streamed, textOf(whole));
    assert.equal(final.stop_reason, 'end_turn');
    assert.equal(final.usage.input_tokens, whole.usage.input_tokens);
    assert.equal(final.usage.output_tokens, whole.usage.output_tokens);

    // The same through the X-Api-Key client, as raw events from create({stream: true}).
    const raw = await xApiKeyClient.messages.create({ ...request, stream: true });
    let rawText = '';
    for await (const event of raw) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta')
        rawText += event.delta.text;
    }
    assert.equal(rawText, streamed);
  });

  test('thinking enabled: streamed thinking and signature arrive in the final thinking block', async () => {
    const stream = bearerClient.messages.stream({
      model: kModel,
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'Think, then greet the shearwater.' }],
    });
    let thinking = '';
    let text = '';
    let signature = '';
    stream.on('thinking', (delta) => { thinking += delta; });
    stream.on('text', (delta) => { text += delta; });
    stream.on('signature', (value) => { signature = value; });
    const final = await stream.finalMessage();
    assert.equal(final.content[0].type, 'thinking');
    assert.ok(thinking.length > 0, 'no thinking deltas');
    assert.equal(final.content[0].thinking, thinking);
    assert.ok(signature.length > 0, 'no signature');
    assert.equal(final.content[0].signature, signature);
    assert.equal(final.content.at(-1).type, 'text');
    assert.equal(textOf(final), text);
    assert.ok(text.includes('shearwater'), text);

    // Without thinking, no thinking block.
    const plain = await bearerClient.messages.create({
      model: kModel,
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Think, then greet the shearwater.' }],
    });
    assert.ok(plain.content.every((block) => block.type !== 'thinking'));
    assert.equal(textOf(plain), text);
  });

  test('adaptive thinking gives a thinking block on a plain create', async () => {
    const message = await xApiKeyClient.messages.create({
      model: kModel,
      max_tokens: 2048,
      thinking: { type: 'adaptive' },
      output_config: { effort: 'low' },
      messages: [{ role: 'user', content: 'Consider the skua.' }],
    });
    const block = message.content.find((b) => b.type === 'thinking');
    assert.ok(block, JSON.stringify(message.content));
    assert.ok(block.thinking.length > 0 && block.signature.length > 0);
    assert.ok(textOf(message).includes('skua'), textOf(message));
  });

  test('tool_use: input satisfies the schema, streamed or not, and the result comes back', async () => {
    const request = {
      model: kModel,
      max_tokens: 512,
      tools: [kWeatherTool],
      messages: [{ role: 'user', content: 'What is the weather in Oslo? Use get_weather.' }],
    };
    const message = await bearerClient.messages.create(request);
    assert.equal(message.stop_reason, 'tool_use');
    const calls = message.content.filter((block) => block.type === 'tool_use');
    assert.equal(calls.length, 1);
    assert.match(calls[0].id, /^toolu_/);
    assert.equal(calls[0].name, 'get_weather');
    checkWeatherInput(calls[0].input);

    // The stream helper rebuilds the input from input_json_delta fragments.
    const stream = bearerClient.messages.stream(request);
    let partialJson = '';
    stream.on('inputJson', (fragment) => { partialJson += fragment; });
    const final = await stream.finalMessage();
    const streamedCall = final.content.find((block) => block.type === 'tool_use');
    checkWeatherInput(streamedCall.input);
    assert.deepEqual(streamedCall.input, calls[0].input);
    assert.deepEqual(JSON.parse(partialJson), calls[0].input);

    const answer = await bearerClient.messages.create({
      ...request,
      messages: [
        ...request.messages,
        { role: 'assistant', content: message.content },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: calls[0].id, content: '-3 degrees, snow' }],
        },
      ],
    });
    assert.equal(answer.stop_reason, 'end_turn');
    assert.ok(textOf(answer).includes('-3 degrees, snow'), textOf(answer));
  });

  test('output_config json_schema: the text is JSON with the schema\'s required keys', async () => {
    const message = await bearerClient.messages.create({
      model: kModel,
      max_tokens: 512,
      messages: [{ role: 'user', content: 'Describe Grace, aged 85, who likes compilers.' }],
      output_config: {
        format: {
          type: 'json_schema',
          schema: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              age: { type: 'integer' },
              hobbies: { type: 'array', items: { type: 'string' } },
            },
            required: ['name', 'age', 'hobbies'],
            additionalProperties: false,
          },
        },
      },
    });
    const value = JSON.parse(textOf(message));
    assertFields(value, {
      name: (v) => typeof v === 'string',
      age: (v) => Number.isInteger(v),
      hobbies: (v) => Array.isArray(v) && v.every((h) => typeof h === 'string'),
    });
  });

  test('countTokens equals usage.input_tokens of the same request', async () => {
    const request = {
      model: kModel,
      system: 'You are a careful assistant.',
      tools: [kWeatherTool],
      messages: [
        { role: 'user', content: 'Hello there, how are the puffins doing today?' },
        { role: 'assistant', content: 'They are fine.' },
        { role: 'user', content: 'Tell me more about their beaks.' },
      ],
    };
    const counted = await xApiKeyClient.messages.countTokens(request);
    assert.equal(xApiKey.seen.url, `${baseURL}/v1/messages/count_tokens`);
    assert.ok(counted.input_tokens > 0);
    const message = await xApiKeyClient.messages.create({ ...request, max_tokens: 256 });
    assert.equal(counted.input_tokens, message.usage.input_tokens);

    const shorter = await xApiKeyClient.messages.countTokens({
      model: kModel,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    assert.ok(shorter.input_tokens < counted.input_tokens);
  });

  test('an unknown model is a NotFoundError in the Anthropic envelope', async () => {
    const error = await rejection(bearerClient.messages.create({
      model: 'anthropic.claude-no-such-model',
      max_tokens: 16,
      messages: [{ role: 'user', content: 'Hello' }],
    }), Anthropic.NotFoundError);
    assert.equal(error.status, 404);
    assert.equal(error.error.type, 'error');
    assert.equal(error.error.error.type, 'not_found_error');
    assert.ok(error.message.includes('anthropic.claude-no-such-model'), error.message);
    // Mantle's request id headers (this SDK's requestID reads Anthropic's own `request-id`).
    assert.match(error.headers.get('x-amzn-requestid'), /^req_[a-z0-9]+$/);
    assert.equal(error.headers.get('x-request-id'), error.headers.get('x-amzn-requestid'));
  });

  test('a wrong key is a 401 AuthenticationError, as X-Api-Key and as Bearer', async () => {
    const wrongKey = new Anthropic({
      baseURL,
      apiKey: 'unused',
      defaultHeaders: { 'X-Api-Key': 'not-the-key', Authorization: null },
      maxRetries: 0,
    });
    const wrongToken = new Anthropic({ baseURL, authToken: 'not-the-key', maxRetries: 0 });
    for (const client of [wrongKey, wrongToken]) {
      const error = await rejection(client.messages.create({
        model: kModel,
        max_tokens: 16,
        messages: [{ role: 'user', content: 'Hello' }],
      }), Anthropic.AuthenticationError);
      assert.equal(error.status, 401);
      assert.equal(error.error.error.type, 'authentication_error');
    }
  });

  test('faults: 529 is an OverloadedError, 429 a RateLimitError', async () => {
    const request = {
      model: kModel,
      max_tokens: 16,
      messages: [{ role: 'user', content: 'Hello' }],
    };
    const overloaded = await rejection(
      bearerClient.messages.create(request, withFault('status=529')), Anthropic.OverloadedError);
    assert.equal(overloaded.status, 529);
    assert.equal(overloaded.error.error.type, 'overloaded_error');

    const limited = await rejection(
      bearerClient.messages.create(request, withFault('status=429;retry-after=0')),
      Anthropic.RateLimitError);
    assert.equal(limited.status, 429);
    assert.equal(limited.error.error.type, 'rate_limit_error');
  });
});
