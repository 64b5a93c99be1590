import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, readEventStream, startParleyHarness } from './support/parley-harness.js';

type HistoryMessage = {
  role: string;
  content: string;
  status?: string;
  error?: string | null;
  agent?: string;
};

describe('turns of a session', () => {
  let parley: ParleyHarness;
  let appId: string;

  beforeAll(async () => {
    parley = await startParleyHarness();
    appId = parley.running.demo.appId;
  });
  afterAll(async () => {
    await parley.stop();
  });

  const model = () => {
    if (!parley.modelServer) throw new Error('needs the model server');
    return parley.modelServer;
  };

  async function history(sessionId: string): Promise<HistoryMessage[]> {
    const response = await parley.request('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { messages: HistoryMessage[] }).messages;
  }

  it('streams tokens whose concatenation equals the stored answer and the plain answer', async () => {
    const reply = 'Our return policy allows returns within 30 days, no questions asked.';
    model().enqueue({ content: reply });
    const plain = await parley.request('POST', `/v1/apps/${appId}/execute`, { message: 'Return policy?' });
    const plainBody = (await plain.json()) as { response: string; session_id: string };

    model().enqueue({
      content: reply,
      chunks: ['Our', ' return', ' policy', ' allows', ' returns within 30 days,', ' no questions asked.'],
    });
    const streamed = await parley.request('POST', `/v1/apps/${appId}/execute/stream`, {
      message: 'Return policy?',
      session_id: plainBody.session_id,
    });
    expect(streamed.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(streamed.headers.get('x-accel-buffering')).toBe('no');
    const events = await readEventStream(streamed);
    const tokens = events.filter((event) => event.event === 'token').map((event) => event.data.content);
    expect(tokens).toHaveLength(6);
    expect(tokens.join('')).toBe(reply);
    expect(plainBody.response).toBe(reply);
    const messages = await history(plainBody.session_id);
    expect(messages.map((message) => message.content)).toEqual([
      'Return policy?',
      reply,
      'Return policy?',
      reply,
    ]);
    const done = events.at(-1);
    expect(done?.event).toBe('done');
    expect(done?.data.usage).toEqual({ input_tokens: expect.any(Number), output_tokens: 6 });
  });

  it('sends PARLEY_MODEL by default and the agent model, temperature and max_tokens when set', async () => {
    await parley.request('POST', `/v1/apps/${appId}/execute`, { message: 'default model' });
    expect(model().requests.at(-1)?.body).toMatchObject({
      model: 'test-model',
      temperature: 0.7,
      max_tokens: 1024,
    });
    const agent = await (
      await parley.request('POST', '/v1/agents', {
        name: 'Precise',
        model: 'special-model',
        settings: { temperature: 0.1, max_tokens: 64 },
      })
    ).json();
    await parley.request('POST', `/v1/agents/${agent.id}/chat`, { message: 'own model' });
    expect(model().requests.at(-1)?.body).toMatchObject({
      model: 'special-model',
      temperature: 0.1,
      max_tokens: 64,
    });
    expect(model().requests.at(-1)?.headers.authorization).toBe('Bearer test-key');
  });

  it('merges metadata into the session memory and renders it into the system prompt, turn after turn', async () => {
    const agent = await (
      await parley.request('POST', '/v1/agents', {
        name: 'Greeter',
        system_prompt:
          'Welcome back, {{memory.sessionMeta.metadata.userProfile.name}} ({{memory.sessionMeta.metadata.userProfile.tier}})! {{memory.sessionMeta.metadata.nothing.here}}{{ constructor.name }}',
      })
    ).json();
    const app = await (
      await parley.request('POST', '/v1/apps', { name: 'Greeting app', agents: [agent.id] })
    ).json();
    const first = await (
      await parley.request('POST', `/v1/apps/${app.id}/execute`, {
        message: 'Hi',
        metadata: { userProfile: { name: 'John', tier: 'premium' } },
      })
    ).json();
    expect(model().requests.at(-1)?.body.messages?.[0]).toEqual({
      role: 'system',
      content: 'Welcome back, John (premium)!',
    });
    await parley.request('POST', `/v1/apps/${app.id}/execute`, {
      message: 'Again',
      session_id: first.session_id,
      metadata: { userProfile: { name: '<b>Jane</b>' } },
    });
    const system = model().requests.at(-1)?.body.messages?.[0];
    expect(system?.content).toBe('Welcome back, <b>Jane</b> (premium)!');
  });

  it('slides the expiry forward with each message', async () => {
    const app = await (
      await parley.request('POST', '/v1/apps', {
        name: 'Short sessions',
        agents: [parley.running.demo.agentId],
        session_ttl_seconds: 60,
      })
    ).json();
    const session = await (await parley.request('POST', `/v1/apps/${app.id}/sessions`, {})).json();
    expect(Date.parse(session.expires_at) - Date.parse(session.created_at)).toBe(60_000);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await parley.request('POST', `/v1/apps/${app.id}/execute`, {
      message: 'Still here',
      session_id: session.session_id,
    });
    const stored = await parley.running.store.get('sessions', session.session_id);
    expect(Date.parse(stored?.expires_at ?? '')).toBeGreaterThan(Date.parse(session.expires_at));
  });

  it('answers two executes on one session one after the other', async () => {
    const session = await (await parley.request('POST', `/v1/apps/${appId}/sessions`, {})).json();
    model().enqueue({ content: 'first answer', firstTokenDelayMs: 150 }, { content: 'second answer' });
    const requestsBefore = model().requests.length;
    const firstPending = parley.request('POST', `/v1/apps/${appId}/execute`, {
      message: 'one',
      session_id: session.session_id,
    });
    // The second arrives while the model is still working on the first.
    await expect.poll(() => model().requests.length).toBe(requestsBefore + 1);
    const [first, second] = await Promise.all([
      firstPending,
      parley.request('POST', `/v1/apps/${appId}/execute`, {
        message: 'two',
        session_id: session.session_id,
      }),
    ]);
    expect((await first.json()).response).toBe('first answer');
    expect((await second.json()).response).toBe('second answer');
    expect((await history(session.session_id)).map((message) => message.content)).toEqual([
      'one',
      'first answer',
      'two',
      'second answer',
    ]);
    const secondCall = model().requests.at(-1)?.body.messages ?? [];
    expect(secondCall.map((message) => message.content)).toContain('first answer');
  });

  it('stores the user message before the model answers', async () => {
    const session = await (await parley.request('POST', `/v1/apps/${appId}/sessions`, {})).json();
    model().enqueue({ content: 'slow answer', firstTokenDelayMs: 400 });
    const pending = parley.request('POST', `/v1/apps/${appId}/execute`, {
      message: 'are you there?',
      session_id: session.session_id,
    });
    // The moment the model is asked, the user's message is already stored.
    const requestsBefore = model().requests.length;
    await expect.poll(() => model().requests.length).toBe(requestsBefore + 1);
    const stored = await parley.running.store.list('messages', {
      where: { thread_id: session.session_id },
      limit: 10,
      order: 'asc',
    });
    expect(stored.items[0]?.content).toBe('are you there?');
    // The answer may or may not be stored yet; the user's message is, exactly once.
    expect(
      stored.items.filter((message) => message.role === 'user').map((message) => message.content),
    ).toEqual(['are you there?']);
    expect((await (await pending).json()).response).toBe('slow answer');
  });

  it('answers 502 upstream_error when the provider fails, keeping the user message', async () => {
    const session = await (await parley.request('POST', `/v1/apps/${appId}/sessions`, {})).json();
    model().enqueue({ error: { status: 500, message: 'provider exploded' } });
    const response = await parley.request('POST', `/v1/apps/${appId}/execute`, {
      message: 'will this fail?',
      session_id: session.session_id,
    });
    expect(response.status).toBe(502);
    const body = await response.json();
    expect(body.error.code).toBe('upstream_error');
    expect(body.error.details.provider_status).toBe(500);
    expect((await history(session.session_id)).map((message) => message.content)).toEqual([
      'will this fail?',
    ]);
  });

  it('stores an answer cut short by the provider as far as it got, marked incomplete, and says so in the stream', async () => {
    const session = await (await parley.request('POST', `/v1/apps/${appId}/sessions`, {})).json();
    model().enqueue({ content: 'one two three four five', dropConnectionAfterChunks: 2 });
    const response = await parley.request('POST', `/v1/apps/${appId}/execute/stream`, {
      message: 'tell me',
      session_id: session.session_id,
    });
    const events = await readEventStream(response);
    expect(events.map((event) => event.event)).toEqual([
      'start',
      'tool_call',
      'tool_call',
      'token',
      'token',
      'error',
    ]);
    expect(events.at(-1)?.data).toEqual({ error: { code: 'upstream_error', message: expect.any(String) } });
    const messages = await history(session.session_id);
    expect(messages[1]).toMatchObject({
      role: 'assistant',
      content: 'one two',
      status: 'incomplete',
      error: 'upstream_error',
    });
  });

  it('stores an answer cut short by a client that left, without a second model call', async () => {
    const session = await (await parley.request('POST', `/v1/apps/${appId}/sessions`, {})).json();
    model().enqueue({ content: 'a b c d e f g h i j k l m n o p', tokenDelayMs: 60 });
    const callsBefore = model().requests.length;
    const controller = new AbortController();
    const response = await fetch(`${parley.url}/v1/apps/${appId}/execute/stream`, {
      method: 'POST',
      headers: { authorization: `Bearer ${parley.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'go', session_id: session.session_id }),
      signal: controller.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let received = '';
    while (!received.includes('"content":" c"')) {
      const { value } = await reader.read();
      received += new TextDecoder().decode(value);
    }
    controller.abort();
    let messages: HistoryMessage[] = [];
    for (let attempt = 0; attempt < 50; attempt += 1) {
      messages = await history(session.session_id);
      if (messages.length === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(messages[1]?.status).toBe('incomplete');
    expect(messages[1]?.error).toBe('client_disconnected');
    expect(messages[1]?.content.startsWith('a b c')).toBe(true);
    expect(messages[1]?.content.length).toBeLessThan('a b c d e f g h i j k l m n o p'.length);
    expect(model().requests.length).toBe(callsBefore + 1);
  });
});

describe('the offline model', () => {
  let parley: ParleyHarness;
  beforeAll(async () => {
    parley = await startParleyHarness({ model: 'offline' });
  });
  afterAll(async () => {
    await parley.stop();
  });

  it('answers with no account, token by token, says what it is and counts tokens', async () => {
    const agent = await (await parley.request('POST', '/v1/agents', { name: 'No knowledge' })).json();
    const app = await (
      await parley.request('POST', '/v1/apps', { name: 'Plain', agents: [agent.id] })
    ).json();
    const response = await parley.request('POST', `/v1/apps/${app.id}/execute/stream`, {
      message: 'What is your return policy?',
    });
    const events = await readEventStream(response);
    const tokens = events.filter((event) => event.event === 'token');
    expect(tokens.length).toBeGreaterThan(10);
    const text = tokens.map((event) => event.data.content).join('');
    expect(text).toContain('offline model');
    expect(text).toContain('OPENAI_API_KEY');
    expect(text).toContain('What is your return policy?');
    const done = events.at(-1)?.data as { usage: { input_tokens: number; output_tokens: number } };
    expect(done.usage.output_tokens).toBe(tokens.length);
    expect(done.usage.input_tokens).toBeGreaterThan(0);
  });
});
