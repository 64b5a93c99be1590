import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OpenAiTestServer, splitIntoTokens, startOpenAiTestServer } from './openai-server.js';
import { testEmbedding } from './test-embeddings.js';

let server: OpenAiTestServer;

beforeAll(async () => {
  server = await startOpenAiTestServer();
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.setDefault({ content: 'Hello there, friend.' });
  server.failEmbeddings(null);
  server.requests.length = 0;
});

function postCompletion(body: unknown): Promise<Response> {
  return fetch(`${server.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer test-key' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The `data:` payloads of a server-sent event stream, in order. */
async function readEvents(response: Response): Promise<string[]> {
  const text = await response.text();
  expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  return text
    .split('\n\n')
    .filter((event) => event !== '')
    .map((event) => {
      expect(event.startsWith('data: ')).toBe(true);
      return event.slice('data: '.length);
    });
}

const userMessages = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Say hello' },
];

describe('the OpenAI test server', () => {
  it('listens on 127.0.0.1 with a base URL ending in /v1', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it('answers a chat.completion object and records the request', async () => {
    const response = await postCompletion({ model: 'gpt-test', messages: userMessages, temperature: 0.2 });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const completion = await response.json();
    expect(completion).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-test',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello there, friend.' },
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
    });
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(typeof completion.created).toBe('number');
    expect(completion.choices[0].message.tool_calls).toBeUndefined();

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      body: { model: 'gpt-test', temperature: 0.2, messages: userMessages },
    });
    expect(server.requests[0]?.headers['authorization']).toBe('Bearer test-key');
  });

  it('echoes the last user message by default', async () => {
    server.setDefault((request) => ({ content: `Echo: ${request.body.messages?.at(-1)?.content}` }));
    const scripted = await (await postCompletion({ model: 'm', messages: userMessages })).json();
    expect(scripted.choices[0].message.content).toBe('Echo: Say hello');

    const fresh = await startOpenAiTestServer();
    try {
      const response = await fetch(`${fresh.url}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({
          model: 'm',
          messages: [...userMessages, { role: 'assistant', content: 'Hi' }],
        }),
      });
      expect((await response.json()).choices[0].message.content).toBe('Echo: Say hello');
    } finally {
      await fresh.close();
    }
  });

  it('uses enqueued replies in order before the default', async () => {
    server.enqueue({ content: 'first' }, { content: 'second' });
    const contents: string[] = [];
    for (let turn = 0; turn < 3; turn++) {
      const completion = await (await postCompletion({ model: 'm', messages: userMessages })).json();
      contents.push(completion.choices[0].message.content);
    }
    expect(contents).toEqual(['first', 'second', 'Hello there, friend.']);
  });

  it('streams chunks ending in data: [DONE], with no usage chunk unless asked', async () => {
    const response = await postCompletion({ model: 'gpt-test', messages: userMessages, stream: true });

    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readEvents(response);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event));
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({ object: 'chat.completion.chunk', model: 'gpt-test' });
      expect(chunk.choices).toHaveLength(1);
      expect(chunk).not.toHaveProperty('usage');
    }
    expect(chunks[0].choices[0].delta).toMatchObject({ role: 'assistant', content: '' });
    const contentChunks = chunks.slice(1, -1).map((chunk) => chunk.choices[0].delta.content);
    expect(contentChunks).toEqual(['Hello', ' there,', ' friend.']);
    expect(chunks.at(-1).choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  it('sends a usage chunk with empty choices when stream_options.include_usage is true', async () => {
    server.enqueue({
      content: 'abc',
      chunks: ['a', 'b', 'c'],
      usage: { prompt_tokens: 11, completion_tokens: 7 },
    });
    const response = await postCompletion({
      model: 'm',
      messages: userMessages,
      stream: true,
      stream_options: { include_usage: true },
    });

    const chunks = (await readEvents(response)).slice(0, -1).map((event) => JSON.parse(event));
    const usageChunk = chunks.at(-1);
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage).toEqual({ prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 });
    for (const chunk of chunks.slice(0, -1)) expect(chunk.usage).toBeNull();
    expect(chunks.slice(1, 4).map((chunk) => chunk.choices[0].delta.content)).toEqual(['a', 'b', 'c']);
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
  });

  it('answers tool calls: content null when non-stream, split over chunks when streamed', async () => {
    const toolCall = { id: 'call_weather', name: 'get_weather', arguments: '{"city":"Paris"}' };
    server.enqueue({ toolCalls: [toolCall] }, { toolCalls: [toolCall] });

    const completion = await (await postCompletion({ model: 'm', messages: userMessages })).json();
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_weather',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
    });

    const response = await postCompletion({ model: 'm', messages: userMessages, stream: true });
    const chunks = (await readEvents(response)).slice(0, -1).map((event) => JSON.parse(event));
    const toolCallDeltas = chunks.flatMap((chunk) => chunk.choices[0].delta.tool_calls ?? []);
    expect(toolCallDeltas.length).toBeGreaterThan(1);
    expect(toolCallDeltas[0]).toMatchObject({
      index: 0,
      id: 'call_weather',
      type: 'function',
      function: { name: 'get_weather' },
    });
    expect(toolCallDeltas.map((delta) => delta.function.arguments).join('')).toBe('{"city":"Paris"}');
    expect(chunks.at(-1).choices[0].finish_reason).toBe('tool_calls');
  });

  it('answers a scripted error with the status and OpenAI error body', async () => {
    server.enqueue({ error: { status: 429, message: 'Slow down' } });
    const response = await postCompletion({ model: 'm', messages: userMessages, stream: true });

    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({
      error: { message: 'Slow down', type: 'rate_limit_exceeded', param: null, code: null },
    });
  });

  it('answers 400 for malformed JSON and 404 for other paths', async () => {
    const malformed = await postCompletion('{not json');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toMatchObject({ type: 'invalid_request_error', param: null });

    const unknown = await fetch(`${server.url}/images/generations`, { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatchObject({ type: 'invalid_request_error' });
  });

  it('waits firstTokenDelayMs before answering', async () => {
    server.enqueue({ content: 'late', firstTokenDelayMs: 120 });
    const started = performance.now();
    const response = await postCompletion({ model: 'm', messages: userMessages });
    await response.json();
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('drops the connection mid-stream when told to', async () => {
    server.enqueue({ content: 'one two three four', dropConnectionAfterChunks: 2 });
    const response = await postCompletion({ model: 'm', messages: userMessages, stream: true });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const readAll = async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        received += decoder.decode(value, { stream: true });
      }
    };

    await expect(readAll()).rejects.toThrow();
    expect(received).toContain('"content":"one"');
    expect(received).toContain('"content":" two"');
    expect(received).not.toContain('three');
    expect(received).not.toContain('[DONE]');
  });

  it('splits content into word-ish tokens that join back to it', () => {
    for (const text of ['', 'one', ' lead and trail  ', 'line\nbreaks\n\n and\ttabs']) {
      expect(splitIntoTokens(text).join('')).toBe(text);
    }
    expect(splitIntoTokens('Hello big world')).toEqual(['Hello', ' big', ' world']);
  });

  it('answers /v1/embeddings with OpenAI-shaped, deterministic vectors where synonyms meet', async () => {
    const post = (body: unknown) =>
      fetch(`${server.url}/embeddings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const response = await post({ model: 'embed-test', input: ['Laptops can be refunded.', 'Hi'] });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      object: 'list',
      model: 'embed-test',
      data: [
        { object: 'embedding', index: 0 },
        { object: 'embedding', index: 1 },
      ],
      usage: { prompt_tokens: expect.any(Number), total_tokens: expect.any(Number) },
    });
    expect(body.data[0].embedding).toEqual(testEmbedding('Laptops can be refunded.'));
    expect(server.embeddingInputs()).toEqual([['Laptops can be refunded.', 'Hi']]);
    const cosine = (left: number[], right: number[]) =>
      left.reduce((sum, value, index) => sum + value * (right[index] ?? 0), 0);
    const question = testEmbedding('Can I get my money back for a notebook computer?');
    expect(cosine(question, testEmbedding('Laptops can be refunded within 45 days.'))).toBeGreaterThan(0.5);
    expect(cosine(question, testEmbedding('Dogs are welcome in every store.'))).toBeLessThan(0.3);

    const encoded = await (
      await post({ model: 'embed-test', input: 'Hi', encoding_format: 'base64' })
    ).json();
    const bytes = Buffer.from(encoded.data[0].embedding, 'base64');
    expect(Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, 64))).toEqual(
      testEmbedding('Hi').map((value) => Math.fround(value)),
    );

    expect((await post({ model: 'embed-test' })).status).toBe(400);
    server.failEmbeddings({ status: 503, message: 'Overloaded' });
    const failed = await post({ model: 'embed-test', input: 'Hi' });
    expect(failed.status).toBe(503);
    expect((await failed.json()).error.message).toBe('Overloaded');
  });
});
