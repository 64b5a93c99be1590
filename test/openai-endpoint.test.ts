/**
 * The OpenAI-compatible endpoint, driven by the real `openai` npm package pointed at a real Parley
 * server: the demo agent and app answer as `chat.completion`s and chunks, with Parley's extras in
 * `parley`, and every refusal is OpenAI's error shape, which the package raises as its own errors.
 */
import OpenAI, {
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenAiTestServer } from './support/openai-server.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

interface Citation {
  document_name: string;
  excerpt: string;
  page_number: number;
}
interface ParleyExtension {
  session_id?: string;
  conversation_id?: string | null;
  trace_id: string;
  message_id: string | null;
  agent_id: string;
  citations: Citation[];
  tools_used: string[];
}

const question = 'How long do I have to return a laptop?';
const citedAnswer = 'You can return a laptop within 30 days of delivery [1].';

let parley: ParleyHarness;
let model: OpenAiTestServer;
let client: OpenAI;
let demo: { appId: string; agentId: string; publishableKey: string };

const extensionOf = (value: object): ParleyExtension => (value as { parley: ParleyExtension }).parley;

function clientWith(apiKey: string, headers: Record<string, string> = {}): OpenAI {
  return new OpenAI({ apiKey, baseURL: `${parley.url}/v1`, defaultHeaders: headers, maxRetries: 0 });
}

async function storedAnswer(agentId: string, conversationId: string): Promise<string> {
  const response = await parley.request('GET', `/v1/agents/${agentId}/conversations/${conversationId}`);
  const conversation = (await response.json()) as { messages: { role: string; content: string }[] };
  return conversation.messages.filter((message) => message.role === 'assistant').at(-1)?.content ?? '';
}

async function rejection<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T) {
  const error = await promise.then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(type);
  return error as T & { status: number; error: Record<string, unknown> };
}

/** The texts of the messages Parley sent to the model provider in its last call. */
function lastPromptTexts(): string[] {
  const calls = model.requests.filter((request) => request.path === '/v1/chat/completions');
  return (calls.at(-1)?.body.messages ?? []).map((message) => String(message.content ?? ''));
}

beforeAll(async () => {
  parley = await startParleyHarness();
  if (!parley.modelServer) throw new Error('the harness should run with the local model server');
  model = parley.modelServer;
  const { appId, agentId, publishableKey } = parley.running.demo;
  if (!publishableKey) throw new Error('the demo should have a publishable key');
  demo = { appId, agentId, publishableKey };
  client = clientWith(parley.adminKey);
});

afterAll(async () => {
  await parley?.stop();
});

describe('models', () => {
  it('lists the agents and apps a key may use, as model ids', async () => {
    const all = await client.models.list();
    const ids = all.data.map((entry) => entry.id);
    expect(ids).toEqual(expect.arrayContaining([demo.agentId, demo.appId]));
    expect(all.data.every((entry) => entry.object === 'model' && entry.owned_by === 'parley')).toBe(true);

    const demoPage = clientWith(demo.publishableKey, { origin: parley.url });
    const reachable = (await demoPage.models.list()).data.map((entry) => entry.id).sort();
    expect(reachable).toEqual([demo.agentId, demo.appId].sort());
    expect((await demoPage.models.retrieve(demo.agentId)).id).toBe(demo.agentId);
  });
});

describe('chat completions', () => {
  it('answers the demo agent with citations, as a chat.completion', async () => {
    model.enqueue({ content: citedAnswer });
    const completion = await client.chat.completions.create({
      model: demo.agentId,
      messages: [{ role: 'user', content: question }],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe(demo.agentId);
    expect(completion.choices).toHaveLength(1);
    expect(completion.choices[0]?.message).toMatchObject({ role: 'assistant', content: citedAnswer });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    const usage = completion.usage;
    expect(usage?.prompt_tokens).toBeGreaterThan(0);
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
    const extension = extensionOf(completion);
    expect(extension.agent_id).toBe(demo.agentId);
    expect(extension.tools_used).toContain('search_knowledge');
    expect(extension.citations).toHaveLength(1);
    expect(extension.citations[0]?.document_name).toBe('acme-return-policy.pdf');
    expect(extension.citations[0]?.excerpt.length).toBeGreaterThan(0);
    expect(extension.conversation_id).toMatch(/^conv_/);
    expect(await storedAnswer(demo.agentId, extension.conversation_id as string)).toBe(citedAnswer);
  });

  it('streams chunks whose text is the stored answer, citations in the last, usage when asked', async () => {
    model.enqueue({ content: citedAnswer });
    const stream = await client.chat.completions.create({
      model: demo.agentId,
      messages: [{ role: 'user', content: question }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe(citedAnswer);
    expect(chunks.length).toBeGreaterThan(4);

    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([]);
    expect(usageChunk?.usage?.total_tokens).toBeGreaterThan(0);
    const finishing = chunks.at(-2) as OpenAI.Chat.Completions.ChatCompletionChunk;
    expect(finishing.choices[0]?.finish_reason).toBe('stop');
    const extension = extensionOf(finishing);
    expect(extension.citations[0]?.document_name).toBe('acme-return-policy.pdf');
    expect(await storedAnswer(demo.agentId, extension.conversation_id as string)).toBe(text);
  });

  it('ends the raw stream with data: [DONE] and sends no named events', async () => {
    model.enqueue({ content: 'Thirty days.' });
    const response = await parley.request('POST', '/v1/chat/completions', {
      model: demo.appId,
      messages: [{ role: 'user', content: question }],
      stream: true,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const blocks = (await response.text()).split('\n\n').filter((block) => block.length > 0);
    expect(blocks.at(-1)).toBe('data: [DONE]');
    expect(blocks.every((block) => block.startsWith('data: '))).toBe(true);
    const chunks = blocks.slice(0, -1).map((block) => JSON.parse(block.slice('data: '.length)));
    expect(chunks.every((chunk) => !('usage' in chunk))).toBe(true);
    expect(chunks[0].parley.session_id).toMatch(/^sess_/);
  });
  it('stops the turn when the client goes away, storing the answer as far as it got', async () => {
    const full = 'a b c d e f g h i j k l m n o p';
    model.enqueue({ content: full, tokenDelayMs: 60 });
    const stream = await client.chat.completions.create({
      model: demo.appId,
      messages: [{ role: 'user', content: 'go' }],
      stream: true,
    });
    let sessionId = '';
    let text = '';
    for await (const chunk of stream) {
      sessionId ||= extensionOf(chunk)?.session_id ?? '';
      text += chunk.choices[0]?.delta.content ?? '';
      if (text.includes('c')) break;
    }
    stream.controller.abort();
    let messages: { status?: string; error?: string | null; content: string }[] = [];
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const history = await parley.request('GET', `/v1/apps/${demo.appId}/sessions/${sessionId}/history`);
      messages = ((await history.json()) as { messages: typeof messages }).messages;
      if (messages.length === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(messages[1]).toMatchObject({ status: 'incomplete', error: 'client_disconnected' });
    expect(messages[1]?.content.length).toBeLessThan(full.length);
  });
});

describe('continuing a conversation', () => {
  it("keeps an app session's context through X-Parley-Session-Id", async () => {
    model.enqueue({ content: 'Nice to meet you, Ada.' }, { content: 'Your name is Ada.' });
    const first = await client.chat.completions.create({
      model: demo.appId,
      messages: [{ role: 'user', content: 'My name is Ada.' }],
      user: 'user-ada',
    });
    const sessionId = extensionOf(first).session_id as string;
    expect(sessionId).toMatch(/^sess_/);
    const second = await client.chat.completions.create(
      {
        model: demo.appId,
        messages: [
          { role: 'user', content: 'My name is Ada.' },
          { role: 'assistant', content: 'Nice to meet you, Ada.' },
          { role: 'user', content: 'What is my name?' },
        ],
      },
      { headers: { 'X-Parley-Session-Id': sessionId } },
    );
    expect(extensionOf(second).session_id).toBe(sessionId);
    expect(lastPromptTexts()).toEqual(
      expect.arrayContaining(['My name is Ada.', 'Nice to meet you, Ada.', 'What is my name?']),
    );
    const history = await parley.request('GET', `/v1/apps/${demo.appId}/sessions/${sessionId}/history`);
    const { messages } = (await history.json()) as { messages: { content: string }[] };
    // The resent history is not stored twice: the session holds each turn once.
    expect(messages.map((message) => message.content)).toEqual([
      'My name is Ada.',
      'Nice to meet you, Ada.',
      'What is my name?',
      'Your name is Ada.',
    ]);
  });

  it("keeps an agent conversation's context through metadata.conversation_id", async () => {
    model.enqueue({ content: 'Noted: order 4242.' }, { content: 'Order 4242.' });
    const first = await client.chat.completions.create({
      model: demo.agentId,
      messages: [{ role: 'user', content: 'Remember order 4242.' }],
    });
    const conversationId = extensionOf(first).conversation_id as string;
    const second = await client.chat.completions.create({
      model: demo.agentId,
      messages: [{ role: 'user', content: 'Which order did I mention?' }],
      metadata: { conversation_id: conversationId },
    });
    expect(extensionOf(second).conversation_id).toBe(conversationId);
    expect(lastPromptTexts()).toEqual(
      expect.arrayContaining(['Remember order 4242.', 'Noted: order 4242.', 'Which order did I mention?']),
    );
  });
});

describe("refusals in OpenAI's error shape", () => {
  it('answers an unknown model 404, which the package raises as NotFoundError', async () => {
    const error = await rejection(
      client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }),
      NotFoundError,
    );
    expect(error.status).toBe(404);
    expect(error.error).toEqual({
      message: expect.stringContaining('gpt-4o'),
      type: 'invalid_request_error',
      code: 'not_found',
      param: 'model',
    });
    await rejection(client.models.retrieve('agt_doesnotexist0000000'), NotFoundError);
  });

  it('refuses a publishable key outside its origins, and models it may not use', async () => {
    const foreign = clientWith(demo.publishableKey, { origin: 'https://evil.example' });
    const refused = await rejection(
      foreign.chat.completions.create({ model: demo.appId, messages: [{ role: 'user', content: 'Hi' }] }),
      PermissionDeniedError,
    );
    expect(refused.status).toBe(403);
    expect(refused.error).toMatchObject({ type: 'permission_error', code: 'permission_error' });
    await rejection(foreign.models.list(), PermissionDeniedError);

    const created = await parley.request('POST', '/v1/agents', { name: 'Internal only' });
    const internal = (await created.json()) as { id: string };
    const demoPage = clientWith(demo.publishableKey, { origin: parley.url });
    await rejection(
      demoPage.chat.completions.create({ model: internal.id, messages: [{ role: 'user', content: 'Hi' }] }),
      NotFoundError,
    );
  });

  it("answers past a key's rate limit 429 with Retry-After, as RateLimitError", async () => {
    const created = await parley.request('POST', '/v1/keys', {
      name: 'One a minute',
      kind: 'secret',
      plan: 'enterprise',
      rate_limit: { per_minute: 1, per_day: 100 },
    });
    const { key: secret } = (await created.json()) as { key: string };
    const limited = clientWith(secret);
    await limited.models.list();
    const error = await rejection(limited.models.list(), RateLimitError);
    expect(error.status).toBe(429);
    expect(error.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limited' });
    expect(Number((error as unknown as { headers: Headers }).headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers a wrong key 401 as AuthenticationError', async () => {
    const error = await rejection(clientWith('sk_not_a_key').models.list(), AuthenticationError);
    expect(error.error).toMatchObject({ type: 'authentication_error', code: 'authentication_error' });
  });

  it('answers bad input 400 naming the field in `param`', async () => {
    const bad = async (body: Record<string, unknown>) =>
      rejection(
        client.chat.completions.create(body as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming),
        BadRequestError,
      );
    const cases: [Record<string, unknown>, string][] = [
      [{ model: demo.agentId, messages: [] }, 'messages'],
      [{ model: demo.agentId, messages: [{ role: 'assistant', content: 'Hi' }] }, 'messages.0.role'],
      [{ model: demo.agentId, messages: [{ role: 'user', content: '   ' }] }, 'messages.0.content'],
      [{ model: demo.agentId, messages: [{ role: 'user', content: 'Hi' }], n: 2 }, 'n'],
      [{ messages: [{ role: 'user', content: 'Hi' }] }, 'model'],
      [
        {
          model: demo.appId,
          messages: [{ role: 'user', content: 'Hi' }],
          metadata: { conversation_id: 'c' },
        },
        'metadata.conversation_id',
      ],
    ];
    for (const [body, param] of cases) {
      const error = await bad(body);
      expect(error.status).toBe(400);
      expect(error.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_request', param });
    }
    const malformed = await parley.request('POST', '/v1/chat/completions', '{"model":');
    expect(malformed.status).toBe(400);
    expect(Object.keys(((await malformed.json()) as { error: object }).error).sort()).toEqual([
      'code',
      'message',
      'param',
      'type',
    ]);
  });

  it('answers a model id that is not valid percent-encoding 400 in the same shape', async () => {
    const response = await parley.request('GET', '/v1/models/%ZZ');
    expect(response.status).toBe(400);
    expect((await response.json()) as unknown).toMatchObject({
      error: { type: 'invalid_request_error', code: 'invalid_request' },
    });
  });

  it('refuses such a path of a route that needs no key (an invite) 400 without asking for a key', async () => {
    const response = await fetch(`${parley.url}/v1/console/invites/%uD800`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });

  it("answers another method on such a path in Parley's own shape: there is no OpenAI route for it", async () => {
    const response = await parley.request('DELETE', '/v1/models/%%');
    expect(response.status).toBe(400);
    expect((await response.json()) as unknown).toEqual({
      error: {
        code: 'invalid_request',
        message: 'The request could not be read',
        details: { location: 'path', problem: 'the path is not valid percent-encoding' },
      },
    });
  });
});
