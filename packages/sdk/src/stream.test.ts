import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  closedByClient,
  type FakeServer,
  pause,
  replyJson,
  sseEvent,
  startFakeServer,
  startSse,
} from '../test/support/fake-server.js';
import { AgentPlatform, isParleyApiError, type StreamEvent } from './index.js';

let fake: FakeServer;
let client: AgentPlatform;

beforeAll(async () => {
  fake = await startFakeServer();
  client = new AgentPlatform({ apiKey: 'sk_x', baseUrl: fake.origin });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.received.length = 0;
});

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** Writes `parts` one by one with a pause between, so each arrives as its own chunk. */
function writeInParts(parts: string[], end = true) {
  return async (_received: unknown, response: ServerResponse) => {
    startSse(response);
    for (const part of parts) {
      response.write(part);
      await pause(15);
    }
    if (end) response.end();
  };
}

const done = { usage: { input_tokens: 45, output_tokens: 128 }, agent: 'support_agent', tools_used: [] };

describe('executeStream', () => {
  it('posts to /execute/stream and yields typed events', async () => {
    fake.answer(
      writeInParts([
        sseEvent('start', { trace_id: 'trace_1', session_id: 'sess_1' }) +
          sseEvent('token', { content: 'Our' }) +
          sseEvent('token', { content: ' return' }),
        sseEvent('tool_call', { tool: 'search_knowledge', status: 'started' }),
        sseEvent('tool_call', { tool: 'search_knowledge', status: 'completed' }),
        sseEvent('done', done),
      ]),
    );
    const events = await collect(
      client.executeStream({ appId: 'app_1', message: 'Explain your return policy', sessionId: 'sess_1' }),
    );
    expect(events).toEqual([
      { type: 'start', trace_id: 'trace_1', session_id: 'sess_1' },
      { type: 'token', content: 'Our' },
      { type: 'token', content: ' return' },
      { type: 'tool_call', tool: 'search_knowledge', status: 'started' },
      { type: 'tool_call', tool: 'search_knowledge', status: 'completed' },
      { type: 'done', ...done },
    ]);
    const [received] = fake.received;
    expect(received?.method).toBe('POST');
    expect(received?.url).toBe('/v1/apps/app_1/execute/stream');
    expect(received?.headers['accept']).toBe('text/event-stream');
    expect(received?.headers['authorization']).toBe('Bearer sk_x');
    expect(JSON.parse(received?.body ?? '')).toEqual({
      message: 'Explain your return policy',
      session_id: 'sess_1',
    });
  });

  it('parses events split across chunks, even inside a UTF-8 character', async () => {
    const token = sseEvent('token', { content: 'Grüße 👋' });
    const bytes = Buffer.from(
      sseEvent('start', { trace_id: 't', session_id: 's' }) + token + sseEvent('done', done),
    );
    const emoji = bytes.indexOf(Buffer.from('👋'));
    const cuts = [5, 30, emoji + 2, bytes.length - 3];
    fake.answer(async (_received, response) => {
      startSse(response);
      let from = 0;
      for (const cut of [...cuts, bytes.length]) {
        response.write(bytes.subarray(from, cut));
        from = cut;
        await pause(15);
      }
      response.end();
    });
    const events = await collect(client.executeStream({ appId: 'app_1', message: 'hi' }));
    expect(events.map((event) => event.type)).toEqual(['start', 'token', 'done']);
    expect(events[1]).toEqual({ type: 'token', content: 'Grüße 👋' });
  });

  it('skips comments and events it does not know, and reads CRLF lines', async () => {
    fake.answer(
      writeInParts([
        ': keep-alive\n\n',
        'event: mystery\ndata: {"x":1}\n\n',
        'data: {"unnamed":true}\n\n',
        'event: token\r\ndata: {"content":"a"}\r\n\r\n',
        sseEvent('done', done),
      ]),
    );
    const events = await collect(client.executeStream({ appId: 'app_1', message: 'hi' }));
    expect(events).toEqual([
      { type: 'token', content: 'a' },
      { type: 'done', ...done },
    ]);
  });

  it('yields an error event as the last event without throwing', async () => {
    const error = { code: 'upstream_error', message: 'The model provider failed' };
    fake.answer(
      writeInParts(
        [
          sseEvent('start', { trace_id: 't', session_id: 's' }),
          sseEvent('token', { content: 'Part' }),
          sseEvent('error', { error }),
        ],
        false,
      ),
    );
    const events = await collect(client.executeStream({ appId: 'app_1', message: 'hi' }));
    expect(events.at(-1)).toEqual({ type: 'error', error });
    expect(events).toHaveLength(3);
  });

  it('throws ParleyApiError for a non-2xx answer before the stream starts', async () => {
    fake.answer(
      replyJson(
        { error: { code: 'not_found', message: 'App not found', details: { app_id: 'app_x' } } },
        404,
      ),
    );
    const stream = client.executeStream({ appId: 'app_x', message: 'hi' });
    const error = await collect(stream).catch((reason: unknown) => reason);
    expect(isParleyApiError(error)).toBe(true);
    if (!isParleyApiError(error)) return;
    expect([error.code, error.status, error.details]).toEqual(['not_found', 404, { app_id: 'app_x' }]);
  });

  it('throws connection_error when the stream ends before done', async () => {
    fake.answer(writeInParts([sseEvent('token', { content: 'Part' })]));
    const events: StreamEvent[] = [];
    const error = await (async () => {
      for await (const event of client.executeStream({ appId: 'app_1', message: 'hi' })) events.push(event);
    })().catch((reason: unknown) => reason);
    expect(events).toEqual([{ type: 'token', content: 'Part' }]);
    expect(isParleyApiError(error) && error.code).toBe('connection_error');
  });

  it('throws invalid_response when a 2xx answer is not an event stream', async () => {
    fake.answer(replyJson({ response: 'not streamed' }));
    const error = await collect(client.executeStream({ appId: 'app_1', message: 'hi' })).catch(
      (reason: unknown) => reason,
    );
    expect(isParleyApiError(error) && error.code).toBe('invalid_response');
  });

  it('does not send the request until it is iterated', async () => {
    fake.answer(writeInParts([sseEvent('done', done)]));
    const stream = client.executeStream({ appId: 'app_1', message: 'hi' });
    await pause(30);
    expect(fake.received).toHaveLength(0);
    await collect(stream);
    expect(fake.received).toHaveLength(1);
  });
});

describe('cancelling a stream', () => {
  /** Streams a start and tokens forever; resolves `closed` when the client hangs up. */
  function endlessStream(): Promise<boolean> {
    return new Promise((resolveClosed) => {
      fake.answer(async (_received, response) => {
        closedByClient(response).then(resolveClosed);
        startSse(response);
        response.write(sseEvent('start', { trace_id: 't', session_id: 's' }));
        let count = 0;
        while (!response.destroyed && count < 400) {
          response.write(sseEvent('token', { content: `${count++} ` }));
          await pause(10);
        }
        response.end();
      });
    });
  }

  it('closes the connection when the loop breaks', async () => {
    const closed = endlessStream();
    const seen: string[] = [];
    for await (const event of client.executeStream({ appId: 'app_1', message: 'hi' })) {
      seen.push(event.type);
      if (event.type === 'token') break;
    }
    expect(seen).toEqual(['start', 'token']);
    expect(await closed).toBe(true);
  });

  it("closes the connection and rejects with the abort reason when the caller's signal aborts", async () => {
    const closed = endlessStream();
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of client.executeStream({
        appId: 'app_1',
        message: 'hi',
        signal: controller.signal,
      })) {
        seen.push(event.type);
        if (seen.length === 3) controller.abort();
      }
    })().catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(await closed).toBe(true);
  });
});

describe('agents.chatStream', () => {
  it('posts stream: true to the chat endpoint and yields citations and the done event', async () => {
    const citation = {
      id: 1,
      document_id: 'doc_1',
      document_name: 'Contract.pdf',
      page_number: 5,
      excerpt: 'Liability is capped.',
      score: 0.95,
    };
    const chatDone = {
      usage: { input_tokens: 150, output_tokens: 85 },
      id: 'msg_1',
      conversation_id: 'conv_1',
      citations: [citation],
      applied_definitions: [{ id: 'def_1', name: 'High-risk contract', type: 'rule' }],
    };
    fake.answer(
      writeInParts([
        sseEvent('start', { trace_id: 't', session_id: 's', conversation_id: 'conv_1' }),
        sseEvent('token', { content: 'Risks' }),
        sseEvent('citation', citation),
        sseEvent('done', chatDone),
      ]),
    );
    const events = await collect(
      client.agents.chatStream('agt_1', { message: 'Risks?', conversationId: 'conv_1' }),
    );
    expect(events[2]).toEqual({ type: 'citation', ...citation });
    const last = events.at(-1);
    expect(last?.type === 'done' && last.conversation_id).toBe('conv_1');
    const [received] = fake.received;
    expect(received?.url).toBe('/v1/agents/agt_1/chat');
    expect(JSON.parse(received?.body ?? '')).toEqual({
      message: 'Risks?',
      conversation_id: 'conv_1',
      stream: true,
    });
  });
});
