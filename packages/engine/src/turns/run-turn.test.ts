import { describe, expect, it } from 'vitest';
import type { TurnEvent } from '../events.js';
import { createTestApp, createTestEngine } from '../testing/index.js';
import type { HttpTool, ToolRunner } from '../tools/http-tool.js';
import { newMessage, toolLimitNotice } from './messages.js';
import { maxModelCallsPerTurn } from './model-turn.js';
import { runTurn } from './run-turn.js';
import type { OpenThread, Thread, TurnResult } from './thread.js';

function recorder() {
  const events: TurnEvent[] = [];
  return { events, onEvent: (event: TurnEvent) => events.push(event) };
}

describe('runTurn on an app session', () => {
  it('emits start, the tokens, then done, and the tokens add up to the stored answer', async () => {
    const { engine, model } = createTestEngine();
    const { appId, agents } = await createTestApp(engine);
    model.enqueue({ text: 'Your order ships on Monday.' });
    const { events, onEvent } = recorder();

    const result = await engine.execute(appId, { message: 'When does it ship?' }, { stream: true, onEvent });

    expect(events[0]).toMatchObject({ type: 'start', session_id: result.session_id });
    expect(events.at(-1)?.type).toBe('done');
    const tokens = events.filter((event) => event.type === 'token');
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.map((event) => event.content).join('')).toBe('Your order ships on Monday.');
    const history = await engine.sessions.history(appId, result.session_id);
    expect(history.messages.map((message) => [message.role, message.content])).toEqual([
      ['user', 'When does it ship?'],
      ['assistant', 'Your order ships on Monday.'],
    ]);
    expect(result.agent_id).toBe(agents[0]?.id);
  });

  it("sends execute's done with exactly the fields it always had, naming the stored answer", async () => {
    const { engine } = createTestEngine();
    const { appId, agents } = await createTestApp(engine);
    const { events, onEvent } = recorder();

    const result = await engine.execute(appId, { message: 'Hello' }, { onEvent });

    const done = events.at(-1);
    expect(Object.keys(done ?? {})).toEqual([
      'type',
      'usage',
      'agent',
      'agent_id',
      'tools_used',
      'session_id',
      'trace_id',
      'message_id',
    ]);
    const history = await engine.sessions.history(appId, result.session_id);
    expect(done).toMatchObject({
      agent: 'Helper',
      agent_id: agents[0]?.id,
      session_id: result.session_id,
      trace_id: result.trace_id,
      message_id: history.messages.at(-1)?.id,
      usage: result.usage,
    });
    // Without streaming, no token events: the answer comes whole.
    expect(events.map((event) => event.type)).toEqual(['start', 'done']);
  });

  it('stores what was written as incomplete and names the session when the provider fails', async () => {
    const { engine, model } = createTestEngine();
    const { appId } = await createTestApp(engine);
    const session = await engine.sessions.create(appId, {});
    model.enqueue({ text: 'Half an', fail: new Error('provider down') });
    const { events, onEvent } = recorder();

    const failure = await engine
      .execute(appId, { message: 'Tell me', session_id: session.session_id }, { stream: true, onEvent })
      .catch((error: unknown) => error);

    expect(failure).toMatchObject({
      code: 'upstream_error',
      details: { session_id: session.session_id, reason: 'provider down' },
    });
    expect(events.some((event) => event.type === 'done')).toBe(false);
    const stored = (await engine.sessions.history(appId, session.session_id)).messages;
    expect(stored.map((message) => message.content)).toEqual(['Tell me', 'Half an']);
  });

  it('keeps the answer as far as it got, marked client_disconnected, when the client leaves', async () => {
    const { engine, model, store } = createTestEngine();
    const { appId } = await createTestApp(engine);
    const session = await engine.sessions.create(appId, {});
    model.enqueue({ text: 'I was saying', waitForAbort: true });
    const controller = new AbortController();
    const onEvent = (event: TurnEvent) => {
      if (event.type === 'token') controller.abort();
    };

    const failure = await engine
      .execute(
        appId,
        { message: 'Go on', session_id: session.session_id },
        { stream: true, signal: controller.signal, onEvent },
      )
      .catch((error: unknown) => error);

    expect((failure as Error).name).toBe('AbortError');
    const answers = await store.all('messages', { thread_id: session.session_id });
    expect(answers.at(-1)).toMatchObject({
      role: 'assistant',
      content: 'I was saying',
      status: 'incomplete',
      error: 'client_disconnected',
    });
  });

  it('calls the agent tools the model asks for, then says so when the model never stops calling them', async () => {
    const called: string[] = [];
    const toolRunner: ToolRunner = {
      async call(tool: HttpTool, toolArguments) {
        called.push(`${tool.name} ${JSON.stringify(toolArguments)}`);
        return { ok: true, status: 200, body: '{"status":"shipped"}', error: null };
      },
    };
    const { engine, model } = createTestEngine({ toolRunner });
    const lookup = {
      type: 'http',
      name: 'order_status',
      description: 'Looks an order up',
      url: 'https://orders.example/{id}',
      method: 'GET',
      parameters: { type: 'object', properties: { id: { type: 'string' } } },
    };
    const { appId } = await createTestApp(engine, [{ name: 'Orders', tools: [lookup] }]);
    for (let call = 0; call < maxModelCallsPerTurn; call += 1)
      model.enqueue({ toolCalls: [{ name: 'order_status', arguments: '{"id":"A1"}' }] });
    const { events, onEvent } = recorder();

    const result = await engine.execute(appId, { message: 'Where is A1?' }, { stream: true, onEvent });

    expect(called).toHaveLength(maxModelCallsPerTurn - 1);
    expect(called[0]).toBe('order_status {"id":"A1"}');
    expect(result.response).toBe(toolLimitNotice);
    expect(result.tools_used).toEqual(['order_status']);
    const toolEvents = events.filter((event) => event.type === 'tool_call');
    expect(toolEvents.slice(0, 2)).toEqual([
      { type: 'tool_call', tool: 'order_status', status: 'started' },
      { type: 'tool_call', tool: 'order_status', status: 'completed' },
    ]);
    // The model saw the tool's answer before its next call.
    expect(JSON.stringify(model.requests[1]?.messages)).toContain('shipped');
  });
});

describe('runTurn with a thread of its own', () => {
  /** The smallest thread: the seam runTurn needs, nothing of sessions or conversations. */
  function bareThread(agentName: string, log: string[]): Thread {
    return {
      id: 'thread_bare',
      appId: null,
      persist: true,
      startFields: {},
      async open(userText): Promise<OpenThread> {
        log.push(`open ${userText}`);
        return {
          agent: {
            id: 'agt_bare',
            name: agentName,
            description: '',
            system_prompt: '',
            datastores: [],
            settings: { temperature: 0, max_tokens: 100, retrieval_count: 5 },
            model: null,
            tools: [],
            created_at: '2026-01-01T00:00:00Z',
            updated_at: '2026-01-01T00:00:00Z',
          },
          opening: [],
          templateContext: {},
          touch: (_now, added) => {
            log.push(`touch ${added}`);
            return [];
          },
        };
      },
      done: (turn: TurnResult) => ({
        type: 'done',
        usage: turn.usage,
        agent: turn.agent.name,
        agent_id: turn.agent.id,
        tools_used: [],
        trace_id: turn.traceId,
        message_id: turn.answer.id,
      }),
    };
  }

  it('opens the thread once, stores both messages, and emits the done the thread builds', async () => {
    const { context, store, model } = createTestEngine();
    const log: string[] = [];
    model.enqueue({ text: 'Bare answer' });
    const { events, onEvent } = recorder();

    const turn = await runTurn(context, bareThread('Bare', log), { userText: 'Hi', stream: false, onEvent });

    expect(log).toEqual(['open Hi', 'touch 2']);
    expect(
      (await store.all('messages', { thread_id: 'thread_bare' })).map((message) => message.content),
    ).toEqual(['Hi', 'Bare answer']);
    expect(events.at(-1)).toEqual({
      type: 'done',
      usage: turn.usage,
      agent: 'Bare',
      agent_id: 'agt_bare',
      tools_used: [],
      trace_id: turn.traceId,
      message_id: turn.answer.id,
    });
  });

  it('gives the model the earlier messages of the thread, oldest first', async () => {
    const { context, model, store } = createTestEngine();
    await store.write([
      { type: 'put', collection: 'messages', record: newMessage('thread_bare', null, 'user', 'Earlier', 0) },
    ]);
    await runTurn(context, bareThread('Bare', []), { userText: 'Now', stream: false });
    expect(model.requests[0]?.messages).toEqual([
      { role: 'user', content: 'Earlier' },
      { role: 'user', content: 'Now' },
    ]);
  });
});
