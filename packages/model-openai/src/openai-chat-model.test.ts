import { ModelProviderError, type ModelRequest, type ModelStreamPart } from '@parley/engine';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OpenAiTestServer, startOpenAiTestServer } from '../../../test/support/openai-server.js';
import { OpenAiChatModel } from './openai-chat-model.js';

let server: OpenAiTestServer;
let model: OpenAiChatModel;

beforeAll(async () => {
  server = await startOpenAiTestServer();
  model = new OpenAiChatModel({ baseUrl: server.url, apiKey: 'sk-test', defaultModel: 'gpt-test' });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.setDefault({ content: 'Hello there, friend.' });
  server.requests.length = 0;
});

const request: ModelRequest = {
  model: null,
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Say hello' },
  ],
  temperature: 0.3,
  maxTokens: 256,
};

async function collect(parts: AsyncIterable<ModelStreamPart>): Promise<ModelStreamPart[]> {
  const collected: ModelStreamPart[] = [];
  for await (const part of parts) collected.push(part);
  return collected;
}

function textOf(parts: ModelStreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
}

describe('OpenAiChatModel', () => {
  it('is named after its default model', () => {
    expect(model.name).toBe('openai:gpt-test');
  });

  it('generates the provider content with its usage', async () => {
    server.enqueue({ content: 'Bonjour!', usage: { prompt_tokens: 12, completion_tokens: 3 } });

    const result = await model.generate(request);

    expect(result).toEqual({
      text: 'Bonjour!',
      usage: { inputTokens: 12, outputTokens: 3 },
      finishReason: 'stop',
      toolCalls: [],
    });
    expect(server.requests[0]?.body).toMatchObject({
      model: 'gpt-test',
      messages: request.messages,
      temperature: 0.3,
      max_tokens: 256,
    });
    expect(server.requests[0]?.body.stream).toBeFalsy();
    expect(server.requests[0]?.headers['authorization']).toBe('Bearer sk-test');
  });

  it('streams deltas that add up to the content, then a finish with the provider usage', async () => {
    server.enqueue({
      content: 'One two three four.',
      tokenDelayMs: 2,
      usage: { prompt_tokens: 21, completion_tokens: 4 },
    });

    const parts = await collect(model.stream(request));

    const deltas = parts.filter((part) => part.type === 'text-delta');
    expect(deltas.length).toBe(4);
    expect(textOf(parts)).toBe('One two three four.');
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      usage: { inputTokens: 21, outputTokens: 4 },
      finishReason: 'stop',
    });
    expect(parts.filter((part) => part.type === 'finish')).toHaveLength(1);
    expect(server.requests[0]?.body).toMatchObject({
      model: 'gpt-test',
      temperature: 0.3,
      max_tokens: 256,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('uses the model named in the request over its default', async () => {
    await model.generate({ ...request, model: 'gpt-other' });
    await collect(model.stream({ ...request, model: 'gpt-streamed' }));

    expect(server.requests.map((recorded) => recorded.body.model)).toEqual(['gpt-other', 'gpt-streamed']);
  });

  it('maps the finish reason length', async () => {
    server.enqueue({ content: 'Cut', finishReason: 'length' }, { content: 'Cut', finishReason: 'length' });

    expect((await model.generate(request)).finishReason).toBe('length');
    expect((await collect(model.stream(request))).at(-1)).toMatchObject({ finishReason: 'length' });
  });

  const toolCalls = [
    { id: 'call_weather', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
    { id: 'call_time', name: 'get_time', arguments: '{"zone":"Europe/Paris"}' },
  ];

  it('returns complete tool calls when generating', async () => {
    server.enqueue({ toolCalls });

    const result = await model.generate(request);

    expect(result.text).toBe('');
    expect(result.finishReason).toBe('tool-calls');
    expect(result.toolCalls).toEqual(toolCalls);
  });

  it('assembles streamed tool-call pieces into complete tool calls before the finish', async () => {
    server.enqueue({ content: 'Let me check.', toolCalls });

    const parts = await collect(model.stream(request));

    expect(textOf(parts)).toBe('Let me check.');
    expect(parts.filter((part) => part.type === 'tool-call')).toEqual(
      toolCalls.map((toolCall) => ({ type: 'tool-call', toolCall })),
    );
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool-calls' });
  });

  it('sends earlier tool calls and their results as tool_calls and tool messages, with tool_choice', async () => {
    await model.generate({
      ...request,
      messages: [
        ...request.messages,
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'call_weather', name: 'get_weather', arguments: '' }],
        },
        { role: 'tool', toolCallId: 'call_weather', content: '{"temperature":21}' },
      ],
      tools: [{ name: 'get_weather', description: 'Weather', parameters: { type: 'object' } }],
      toolChoice: 'none',
    });

    const body = server.requests.at(-1)?.body;
    expect(body?.messages?.slice(2)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_weather', type: 'function', function: { name: 'get_weather', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_weather', content: '{"temperature":21}' },
    ]);
    expect(body?.tool_choice).toBe('none');
  });

  it.each([500, 429])('turns a provider %i into a ModelProviderError with its status', async (status) => {
    server.enqueue(
      { error: { status, message: 'The provider is unhappy' } },
      { error: { status, message: 'The provider is unhappy' } },
    );

    const generated = await model.generate(request).catch((error: unknown) => error);
    const streamed = await collect(model.stream(request)).catch((error: unknown) => error);

    for (const error of [generated, streamed]) {
      expect(error).toBeInstanceOf(ModelProviderError);
      expect((error as ModelProviderError).providerStatus).toBe(status);
      expect((error as ModelProviderError).message).toContain('The provider is unhappy');
    }
  });

  it('fails with a ModelProviderError when the provider cannot be reached', async () => {
    const closed = await startOpenAiTestServer();
    await closed.close();
    const unreachable = new OpenAiChatModel({ baseUrl: closed.url, defaultModel: 'gpt-test' });

    const error = await unreachable.generate(request).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ModelProviderError);
    expect((error as ModelProviderError).providerStatus).toBeNull();
  });

  it('fails with a ModelProviderError when the provider does not answer in time', async () => {
    server.enqueue({ content: 'Too late', firstTokenDelayMs: 500 });
    const impatient = new OpenAiChatModel({ baseUrl: server.url, defaultModel: 'gpt-test', timeoutMs: 50 });

    const error = await impatient.generate(request).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ModelProviderError);
    expect((error as ModelProviderError).providerStatus).toBeNull();
  });

  it('surfaces a connection dropped mid-stream as a ModelProviderError after some deltas', async () => {
    server.enqueue({ content: 'one two three four five', dropConnectionAfterChunks: 2 });

    const received: ModelStreamPart[] = [];
    const error = await (async () => {
      for await (const part of model.stream(request)) received.push(part);
    })().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ModelProviderError);
    expect((error as ModelProviderError).providerStatus).toBeNull();
    expect(textOf(received)).toBe('one two');
    expect(received.some((part) => part.type === 'finish')).toBe(false);
  });

  it('waits out a slow first token', async () => {
    server.enqueue({ content: 'Worth the wait', firstTokenDelayMs: 150 });

    const started = performance.now();
    const parts = await collect(model.stream(request));

    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(textOf(parts)).toBe('Worth the wait');
  });

  it('stops streaming when the caller aborts, throwing the abort as is', async () => {
    const words = Array.from({ length: 200 }, (_, index) => `word${index}`).join(' ');
    server.enqueue({ content: words, tokenDelayMs: 5 });
    const controller = new AbortController();

    const received: ModelStreamPart[] = [];
    const error = await (async () => {
      for await (const part of model.stream(request, { signal: controller.signal })) {
        received.push(part);
        if (received.length === 3) controller.abort();
      }
    })().catch((caught: unknown) => caught);

    expect(error).not.toBeInstanceOf(ModelProviderError);
    expect((error as Error).name).toBe('AbortError');
    expect(error).toBe(controller.signal.reason);
    expect(received.length).toBeLessThan(10);
    expect(received.some((part) => part.type === 'finish')).toBe(false);
  });

  it('throws the abort as is when the caller aborts before the answer', async () => {
    server.enqueue({ content: 'Never seen', firstTokenDelayMs: 2_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);

    const error = await model
      .generate(request, { signal: controller.signal })
      .catch((caught: unknown) => caught);

    expect(error).not.toBeInstanceOf(ModelProviderError);
    expect(error).toBe(controller.signal.reason);
  });

  it('estimates usage when the provider reports none', async () => {
    server.enqueue({ content: 'Hi there', omitUsage: true }, { content: 'Hi there', omitUsage: true });

    const generated = await model.generate(request);
    const parts = await collect(model.stream(request));

    expect(generated.usage).toEqual({ inputTokens: 7, outputTokens: 2 });
    expect(textOf(parts)).toBe('Hi there');
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      usage: { inputTokens: 7, outputTokens: 2 },
      finishReason: 'stop',
    });
  });
});
