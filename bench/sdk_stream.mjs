// Consumes one benchmark stream (bench/stream_server.py) with an official SDK or a bare fetch loop,
// for the whole-path stream benchmark (bench/stream_vs_sdks.sh).
//
//   node bench/sdk_stream.mjs --client C --surface S --endpoint http://127.0.0.1:PORT \
//        --deltas N --chars L [--json]
//
// clients:  openai            openai chat.completions.create / responses.create, {stream: true}
//           anthropic         @anthropic-ai/sdk messages.create({stream: true})
//           anthropic-helper  @anthropic-ai/sdk messages.stream() with its 'text' events
//           fetch             Node fetch, the body split into lines, each data: line JSON.parse'd
// surfaces: chat | responses (openai, fetch), messages (anthropic, anthropic-helper, fetch)
//
// It counts the text deltas and their characters and exits 1 when either differs from
// --deltas / --chars: a run that lost deltas fails instead of reporting a speed. The time is taken
// in the process, from just before the request to the end of the stream (Node's start-up and the
// SDK import are not in it; the shell script measures whole-process wall time as well).
// The SDKs are loaded from tests/sdk/node_modules (`npm ci --prefix tests/sdk`).

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const sdkRequire = createRequire(path.join(here, '..', 'tests', 'sdk', 'package.json'));

function parseArgs(argv) {
  const args = { json: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--json') args.json = true;
    else if (flag.startsWith('--') && i + 1 < argv.length) args[flag.slice(2)] = argv[++i];
    else throw new Error(`unknown argument ${flag}`);
  }
  for (const name of ['client', 'surface', 'endpoint', 'deltas', 'chars'])
    if (args[name] === undefined) throw new Error(`missing --${name}`);
  args.deltas = Number(args.deltas);
  args.chars = Number(args.chars);
  return args;
}

const kModelOpenAI = 'openai.gpt-oss-120b';
const kModelAnthropic = 'anthropic.claude-haiku-4-5';
const kPrompt = 'Write a long answer.';

async function openaiStream(surface, endpoint, count) {
  const OpenAI = sdkRequire('openai').default ?? sdkRequire('openai');
  const client = new OpenAI({ apiKey: 'bench', baseURL: `${endpoint}/v1`, maxRetries: 0 });
  if (surface === 'chat') {
    const stream = await client.chat.completions.create({
      model: kModelOpenAI,
      messages: [{ role: 'user', content: kPrompt }],
      stream: true,
    });
    for await (const chunk of stream) {
      const text = chunk.choices[0]?.delta?.content;
      if (text) count(text);
    }
  } else if (surface === 'responses') {
    const stream = await client.responses.create({
      model: kModelOpenAI,
      input: kPrompt,
      stream: true,
    });
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') count(event.delta);
    }
  } else {
    throw new Error(`the openai client has no ${surface} surface`);
  }
}

async function anthropicStream(surface, endpoint, count, helper) {
  if (surface !== 'messages') throw new Error(`the anthropic client has no ${surface} surface`);
  const Anthropic = sdkRequire('@anthropic-ai/sdk').default ?? sdkRequire('@anthropic-ai/sdk');
  const client = new Anthropic({ apiKey: 'bench', baseURL: `${endpoint}/anthropic`, maxRetries: 0 });
  const request = {
    model: kModelAnthropic,
    max_tokens: 64000,
    messages: [{ role: 'user', content: kPrompt }],
  };
  if (helper) {
    const stream = client.messages.stream(request);
    stream.on('text', (text) => count(text));
    await stream.done();
    return;
  }
  const stream = await client.messages.create({ ...request, stream: true });
  for await (const event of stream) {
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta')
      count(event.delta.text);
  }
}

// The least a JavaScript client can do: read the body, split it into lines, parse each data line.
async function fetchStream(surface, endpoint, count) {
  const url = {
    chat: '/v1/chat/completions',
    responses: '/v1/responses',
    messages: '/anthropic/v1/messages',
  }[surface];
  if (!url) throw new Error(`unknown surface ${surface}`);
  const response = await fetch(endpoint + url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
    body: JSON.stringify({ model: kModelOpenAI, stream: true }),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const onData = {
    chat: (event) => {
      const text = event.choices?.[0]?.delta?.content;
      if (text) count(text);
    },
    responses: (event) => {
      if (event.type === 'response.output_text.delta') count(event.delta);
    },
    messages: (event) => {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta')
        count(event.delta.text);
    },
  }[surface];
  const decoder = new TextDecoder();
  let rest = '';
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const lines = (rest + decoder.decode(value, { stream: true })).split('\n');
    rest = lines.pop();
    for (const line of lines) {
      if (!line.startsWith('data:')) continue;
      const data = line.slice(line.charCodeAt(5) === 32 ? 6 : 5);
      if (data === '[DONE]') continue;
      onData(JSON.parse(data));
    }
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  let deltas = 0;
  let chars = 0;
  const count = (text) => {
    deltas++;
    chars += text.length;
  };
  const start = process.hrtime.bigint();
  if (args.client === 'openai') await openaiStream(args.surface, args.endpoint, count);
  else if (args.client === 'anthropic' || args.client === 'anthropic-helper')
    await anthropicStream(args.surface, args.endpoint, count, args.client === 'anthropic-helper');
  else if (args.client === 'fetch') await fetchStream(args.surface, args.endpoint, count);
  else throw new Error(`unknown client ${args.client}`);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;

  if (deltas !== args.deltas || chars !== args.chars) {
    console.error(
      `${args.client} ${args.surface}: got ${deltas} deltas and ${chars} characters, ` +
        `expected ${args.deltas} and ${args.chars}`,
    );
    process.exit(1);
  }
  const rate = deltas / seconds;
  if (args.json)
    console.log(JSON.stringify({ client: args.client, surface: args.surface, deltas, chars, seconds, rate }));
  else
    console.log(
      `${args.client} ${args.surface}: ${deltas} deltas, ${chars} characters in ` +
        `${seconds.toFixed(3)} s = ${Math.round(rate)} deltas/s`,
    );
}

main().catch((error) => {
  console.error(`sdk_stream: ${error.stack ?? error}`);
  process.exit(1);
});
