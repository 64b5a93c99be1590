/**
 * Issue 13 ("never miss a reply"): the smallest live channel of a session's replies from people, for
 * the widget's loader while the chat is closed: `GET /v1/apps/:app_id/sessions/:session_id/notifications`,
 * Server-Sent Events a browser's `EventSource` opens with the publishable key in the query.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, readEventStream, startParleyHarness } from './support/parley-harness.js';

const origin = 'https://shop.example';

describe('a session’s notifications stream', () => {
  let parley: ParleyHarness;
  let appId: string;
  let key: string;
  let otherKey: string;

  const asVisitor = (credential = key) => ({ authorization: `Bearer ${credential}`, origin });

  async function newSession(escalate: boolean): Promise<string> {
    const created = await parley.request('POST', `/v1/apps/${appId}/sessions`, {}, asVisitor());
    expect(created.status).toBe(201);
    const sessionId = ((await created.json()) as { session_id: string }).session_id;
    if (escalate) {
      const escalated = await parley.request(
        'POST',
        `/v1/apps/${appId}/sessions/${sessionId}/escalate`,
        {},
        asVisitor(),
      );
      expect(escalated.status).toBe(200);
    }
    return sessionId;
  }

  const streamPath = (sessionId: string, query: Record<string, string>) =>
    `${parley.url}/v1/apps/${appId}/sessions/${sessionId}/notifications?${new URLSearchParams(query)}`;

  const reply = async (sessionId: string, content: string, author = 'Dana') => {
    const posted = await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/messages`, {
      role: 'human_agent',
      content,
      author,
    });
    expect(posted.status).toBe(201);
    return ((await posted.json()) as { id: string }).id;
  };

  const resolve = async (sessionId: string) =>
    expect((await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/resolve`, {})).status).toBe(
      200,
    );

  beforeAll(async () => {
    parley = await startParleyHarness({ model: 'offline' });
    appId = parley.running.demo.appId;
    const makeKey = async (name: string) => {
      const created = await parley.request('POST', '/v1/keys', {
        name,
        kind: 'publishable',
        app_id: appId,
        allowed_origins: [origin],
      });
      return ((await created.json()) as { key: string }).key;
    };
    key = await makeKey('shop');
    otherKey = await makeKey('another shop');
  });
  afterAll(async () => {
    await parley?.stop();
  });

  it("sends each person's reply as it is posted, with the key in the query as an EventSource gives it, and ends on resolve", async () => {
    const sessionId = await newSession(true);
    const stream = await fetch(streamPath(sessionId, { key }), { headers: { origin } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    expect(stream.headers.get('access-control-allow-origin')).toBe(origin);
    const first = await reply(sessionId, 'Hi, Dana here. Let me check your order.');
    await reply(sessionId, 'Found it: it ships tomorrow.', 'Dana');
    await resolve(sessionId);
    const events = await readEventStream(stream);
    expect(events).toEqual([
      // Where the stream starts: the newest message so far (what the escalation said).
      {
        event: 'following',
        data: { session_id: sessionId, last_message_id: expect.stringMatching(/^msg_/) },
      },
      {
        event: 'human_message',
        data: {
          session_id: sessionId,
          message: expect.objectContaining({
            id: first,
            role: 'human_agent',
            content: 'Hi, Dana here. Let me check your order.',
            author: 'Dana',
          }),
        },
      },
      {
        event: 'human_message',
        data: expect.objectContaining({
          message: expect.objectContaining({ content: 'Found it: it ships tomorrow.' }),
        }),
      },
      { event: 'resolved', data: { session_id: sessionId } },
    ]);
  });

  it('says resolved at once and ends when the session is not escalated (the widget then stops listening)', async () => {
    const sessionId = await newSession(false);
    const stream = await fetch(streamPath(sessionId, { key }), { headers: { origin } });
    expect(stream.status).toBe(200);
    expect(await readEventStream(stream)).toEqual([{ event: 'resolved', data: { session_id: sessionId } }]);
  });

  it('sends first the replies written after the message named by `after` (a new page picks up what came in between)', async () => {
    const sessionId = await newSession(true);
    const seen = await reply(sessionId, 'First reply, already shown.');
    await reply(sessionId, 'Second reply, written between two pages.');
    const stream = await fetch(streamPath(sessionId, { key, after: seen }), { headers: { origin } });
    await resolve(sessionId);
    const events = await readEventStream(stream);
    expect(events.map((event) => event.event)).toEqual(['following', 'human_message', 'resolved']);
    const second = events[1]?.data as { message: { id: string; content: string } };
    expect(second.message.content).toBe('Second reply, written between two pages.');
    // The newest message is where the next page starts (`after`).
    expect(events[0]?.data).toEqual({ session_id: sessionId, last_message_id: second.message.id });
  });

  it("a reconnect's Last-Event-ID wins over the page's `after`: nothing is sent twice", async () => {
    const sessionId = await newSession(true);
    const first = await reply(sessionId, 'One.');
    const second = await reply(sessionId, 'Two.');
    await reply(sessionId, 'Three.');
    const stream = await fetch(streamPath(sessionId, { key, after: first }), {
      headers: { origin, 'last-event-id': second },
    });
    await resolve(sessionId);
    const events = await readEventStream(stream);
    expect(events.map((event) => (event.data.message as { content?: string } | undefined)?.content)).toEqual([
      undefined,
      'Three.',
      undefined,
    ]);
  });

  it('is refused without a key, from a web origin the key does not list, and for a session another key opened', async () => {
    const sessionId = await newSession(true);
    const noKey = await fetch(streamPath(sessionId, {}), { headers: { origin } });
    expect(noKey.status).toBe(401);
    expect((await noKey.json()).error.code).toBe('authentication_error');
    const foreign = await fetch(streamPath(sessionId, { key }), {
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).error.code).toBe('permission_error');
    const notTheirs = await fetch(streamPath(sessionId, { key: otherKey }), { headers: { origin } });
    expect(notTheirs.status).toBe(404);
    expect((await notTheirs.json()).error.code).toBe('not_found');
    // A key in the header works as on every route.
    const withHeader = await fetch(streamPath(sessionId, {}), { headers: asVisitor() });
    expect(withHeader.status).toBe(200);
    await resolve(sessionId);
    expect((await readEventStream(withHeader)).map((event) => event.event)).toEqual([
      'following',
      'resolved',
    ]);
  });

  it('ends at once when the node stops, rather than hold the stop (the EventSource reconnects, on another node)', async () => {
    // Answers in flight may take 10 s to finish on a stop: a stream that never ends must not be one.
    await parley.restart({ PARLEY_DRAIN_TIMEOUT_MS: '10000' });
    const sessionId = await newSession(true);
    const stream = await fetch(streamPath(sessionId, { key }), { headers: { origin } });
    expect(stream.status).toBe(200);
    const ended = readEventStream(stream).then(
      () => 'ended',
      () => 'ended',
    );
    const started = Date.now();
    await parley.restart();
    expect(await ended).toBe('ended');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
