import crypto from 'node:crypto';
import { put } from '@parley/engine';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ParleyHarness, readEventStream, startParleyHarness } from './support/parley-harness.js';
import { connectSocket } from './support/socket-client.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const secret = `whsec_${crypto.randomBytes(16).toString('hex')}`;
const allEvents = ['session.started', 'session.ended', 'conversation.escalated', 'message.created'];

describe('handoff, webhooks and the session lifecycle', () => {
  let parley: ParleyHarness;
  let receiver: WebhookReceiver;
  let appId: string;
  let publishableKey: string;

  beforeAll(async () => {
    parley = await startParleyHarness({
      environment: {
        PARLEY_ALLOW_PRIVATE_URLS: '1',
        PARLEY_WEBHOOK_RETRY_BASE_MS: '50',
        PARLEY_WEBHOOK_RETRY_MAX_MS: '200',
        PARLEY_SWEEP_INTERVAL_MS: '100',
      },
    });
    receiver = await startWebhookReceiver(secret);
    const agent = await (
      await parley.request('POST', '/v1/agents', {
        name: 'Support',
        system_prompt: 'Help {{memory.sessionMeta.metadata.userProfile.name}}',
      })
    ).json();
    const app = await (
      await parley.request('POST', '/v1/apps', { name: 'Helpdesk app', agents: [agent.id] })
    ).json();
    appId = app.id;
    const created = await parley.request('POST', `/v1/apps/${appId}/webhooks`, {
      url: receiver.url,
      events: allEvents,
      secret,
    });
    expect(created.status).toBe(201);
    expect((await created.json()).secret).toBe(secret);
    publishableKey = (
      await (
        await parley.request('POST', '/v1/keys', {
          name: 'site',
          kind: 'publishable',
          app_id: appId,
          allowed_origins: ['*'],
        })
      ).json()
    ).key;
  });
  afterAll(async () => {
    vi.useRealTimers();
    await parley?.stop();
    await receiver?.close();
  });

  const model = () => {
    if (!parley.modelServer) throw new Error('needs the model server');
    return parley.modelServer;
  };
  const eventsOf = (sessionId: string, event?: string) =>
    receiver.events.filter((item) => item.data.session_id === sessionId && (!event || item.event === event));

  /** A session the site's widget opened (its publishable key reaches only the sessions it opened). */
  async function newSession(name: string) {
    const response = await parley.request(
      'POST',
      `/v1/apps/${appId}/sessions`,
      { user_id: `user_${name}`, metadata: { userProfile: { name }, channel: 'web' } },
      { authorization: `Bearer ${publishableKey}` },
    );
    return (await response.json()).session_id as string;
  }

  it('signs every delivery so the seed receiver accepts it, and a tampered body fails that check', async () => {
    const sessionId = await newSession('Ann');
    const [started] = await receiver.waitFor(() => eventsOf(sessionId, 'session.started').length === 1);
    expect(receiver.rejected).toBe(0);
    expect(eventsOf(sessionId, 'session.started')[0]?.data).toMatchObject({
      session_id: sessionId,
      app_id: appId,
      user_id: 'user_Ann',
      metadata: { userProfile: { name: 'Ann' }, channel: 'web' },
    });
    expect(started?.eventId).toMatch(/^evt_/);
    const body = JSON.stringify({
      event: 'session.started',
      timestamp: 'now',
      data: { session_id: sessionId },
    });
    const forged = await fetch(receiver.url, {
      method: 'POST',
      headers: { 'x-parley-signature': crypto.createHmac('sha256', secret).update(body).digest('hex') },
      body: body.replace(sessionId, 'sess_someoneelse'),
    });
    expect(forged.status).toBe(401);
  });

  it('escalates from the button once, however often it is pressed, with who and what in context', async () => {
    const sessionId = await newSession('Bea');
    model().enqueue({ content: 'Happy to help with that.' });
    await parley.request('POST', `/v1/apps/${appId}/execute`, {
      message: 'My parcel is late',
      session_id: sessionId,
    });
    const store = parley.running.store;
    const live = await store.get('sessions', sessionId);
    if (!live) throw new Error('the session should exist');
    const soon = new Date(Date.now() + 120_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await parley.running.engine.writeRecords([put('sessions', { ...live, expires_at: soon })]);
    const pressed = await parley.request(
      'POST',
      `/v1/apps/${appId}/sessions/${sessionId}/escalate`,
      {},
      { authorization: `Bearer ${publishableKey}` },
    );
    expect(pressed.status).toBe(200);
    expect((await pressed.json()).message).toMatch(/person/);
    const afterNotice = await store.get('sessions', sessionId);
    // The notice is a message like any other: it is counted and keeps the session alive.
    expect(afterNotice?.message_count).toBe(3);
    expect(Date.parse(afterNotice?.expires_at ?? '')).toBe(
      Date.parse(afterNotice?.updated_at ?? '') + 3_600_000,
    );
    await parley.request(
      'POST',
      `/v1/apps/${appId}/sessions/${sessionId}/escalate`,
      {},
      { authorization: `Bearer ${publishableKey}` },
    );
    await receiver.waitFor(() => eventsOf(sessionId, 'conversation.escalated').length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const escalations = eventsOf(sessionId, 'conversation.escalated');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]?.data).toMatchObject({
      session_id: sessionId,
      reason: 'user_requested',
      context: {
        channel: 'web',
        user_id: 'user_Bea',
        metadata: { userProfile: { name: 'Bea' }, channel: 'web' },
        recent_messages: [
          { role: 'user', content: 'My parcel is late' },
          { role: 'assistant', content: 'Happy to help with that.' },
        ],
      },
    });
  });

  it('escalates when the user asks for a person in words, without calling the model', async () => {
    const sessionId = await newSession('Cid');
    const calls = model().requests.length;
    const answer = await (
      await parley.request('POST', `/v1/apps/${appId}/execute`, {
        message: 'I want to talk to a human',
        session_id: sessionId,
      })
    ).json();
    expect(answer.response).toMatch(/person from our team/);
    expect(answer.escalated).toBe(true);
    expect(model().requests.length).toBe(calls);
    const [escalation] = await receiver
      .waitFor(() => eventsOf(sessionId, 'conversation.escalated').length === 1)
      .then(() => eventsOf(sessionId, 'conversation.escalated'));
    if (!escalation) throw new Error('no escalation arrived');
    expect(escalation.data.reason).toBe('user_requested');
    const context = escalation.data.context as { recent_messages: { content: string }[] };
    expect(context.recent_messages.at(-1)?.content).toBe('I want to talk to a human');
  });

  it('escalates when the model calls escalate_to_human, shown as a tool call in the stream', async () => {
    const sessionId = await newSession('Dee');
    model().enqueue({
      content: 'Let me get someone for you.',
      toolCalls: [{ name: 'escalate_to_human', arguments: '{"reason":"refund over limit"}' }],
    });
    const response = await parley.request('POST', `/v1/apps/${appId}/execute/stream`, {
      message: 'Refund my 2,000 euro order now',
      session_id: sessionId,
    });
    const events = await readEventStream(response);
    expect(events.filter((event) => event.event === 'tool_call').map((event) => event.data)).toEqual([
      { tool: 'escalate_to_human', status: 'started' },
      { tool: 'escalate_to_human', status: 'completed' },
    ]);
    const done = events.at(-1);
    expect(done?.data).toMatchObject({ tools_used: ['escalate_to_human'], escalated: true });
    const text = events
      .filter((event) => event.event === 'token')
      .map((event) => event.data.content)
      .join('');
    const history = await (
      await parley.request('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`)
    ).json();
    expect(history.messages.at(-1).content).toBe(text);
    expect(text).toMatch(/^Let me get someone for you\.\n\nI have asked a person/);
    expect(model().requests.at(-1)?.body.tools).toEqual([
      expect.objectContaining({
        type: 'function',
        function: expect.objectContaining({ name: 'escalate_to_human' }),
      }),
    ]);
    await receiver.waitFor(() => eventsOf(sessionId, 'conversation.escalated').length === 1);
    expect(eventsOf(sessionId, 'conversation.escalated')[0]?.data.reason).toBe('model');
  });

  it('lets a person answer live over Socket.IO while the model stays quiet, until resolve', async () => {
    const sessionId = await newSession('Eve');
    await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/escalate`, {});
    const socket = await connectSocket(parley.url, publishableKey);
    try {
      expect(await socket.emitWithAck('subscribe', { app_id: appId, session_id: sessionId })).toEqual({
        ok: true,
      });
      const live = new Promise<{
        session_id: string;
        message: { role: string; content: string; author: string };
      }>((resolve) => socket.once('human_message', resolve));
      const posted = await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/messages`, {
        role: 'human_agent',
        content: 'Hi Eve, Sam from support here.',
        author: 'Sam',
      });
      expect(posted.status).toBe(201);
      expect(await live).toMatchObject({
        session_id: sessionId,
        message: { role: 'human_agent', content: 'Hi Eve, Sam from support here.', author: 'Sam' },
      });

      const calls = model().requests.length;
      const quiet = await (
        await parley.request('POST', `/v1/apps/${appId}/execute`, {
          message: 'Thanks Sam!',
          session_id: sessionId,
        })
      ).json();
      expect(quiet).toMatchObject({ response: '', escalated: true });
      expect(model().requests.length).toBe(calls);
      await receiver.waitFor(() => eventsOf(sessionId, 'message.created').length === 1);
      expect(eventsOf(sessionId, 'message.created')[0]?.data).toMatchObject({
        session_id: sessionId,
        message: { role: 'user', content: 'Thanks Sam!' },
      });

      const historyOf = async () =>
        (await parley.request('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`)).json();
      expect((await historyOf()).escalated).toBe(true);
      const resolvedLive = new Promise((resolve) => socket.once('resolved', resolve));
      expect(
        (await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/resolve`, {})).status,
      ).toBe(200);
      await resolvedLive;
      expect(await historyOf()).not.toHaveProperty('escalated');
      model().enqueue({ content: 'The bot is back.' });
      const back = await (
        await parley.request('POST', `/v1/apps/${appId}/execute`, {
          message: 'Anything else?',
          session_id: sessionId,
        })
      ).json();
      expect(back.response).toBe('The bot is back.');
      const history = await (
        await parley.request('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`)
      ).json();
      expect(
        history.messages.map((message: { role: string; author?: string }) => [
          message.role,
          message.author ?? null,
        ]),
      ).toEqual([
        ['assistant', null],
        ['human_agent', 'Sam'],
        ['user', null],
        ['user', null],
        ['assistant', null],
      ]);
    } finally {
      socket.close();
    }
  });

  it('escalates from the widget over Socket.IO, telling every follower, with one webhook', async () => {
    const sessionId = await newSession('Ivy');
    const socket = await connectSocket(parley.url, publishableKey);
    try {
      const heard = new Promise<{ session_id: string; reason: string }>((resolve) =>
        socket.once('escalated', resolve),
      );
      expect(await socket.emitWithAck('escalate', { app_id: appId, session_id: sessionId })).toEqual({
        ok: true,
      });
      expect(await heard).toEqual({ session_id: sessionId, reason: 'user_requested' });
      expect(await socket.emitWithAck('escalate', { app_id: appId, session_id: sessionId })).toEqual({
        ok: true,
      });
      const refused = await socket.emitWithAck('escalate', {
        app_id: 'app_someoneelse',
        session_id: sessionId,
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'permission_error' } });
      await receiver.waitFor(() => eventsOf(sessionId, 'conversation.escalated').length === 1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(eventsOf(sessionId, 'conversation.escalated')).toHaveLength(1);
      const history = await (
        await parley.request('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`)
      ).json();
      expect(history.messages.at(-1)).toMatchObject({
        role: 'assistant',
        content: expect.stringMatching(/person/),
      });
    } finally {
      socket.close();
    }
  });

  it('refuses a person answering a session that was not handed over', async () => {
    const sessionId = await newSession('Fay');
    const response = await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/messages`, {
      role: 'human_agent',
      content: 'hello',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.details.session_id).toBe(sessionId);
  });

  it('fires session.ended on DELETE, and on expiry without any request', async () => {
    const deletedId = await newSession('Gus');
    await parley.request('DELETE', `/v1/apps/${appId}/sessions/${deletedId}`);
    await receiver.waitFor(() => eventsOf(deletedId, 'session.ended').length === 1);
    expect(eventsOf(deletedId, 'session.ended')[0]?.data).toMatchObject({ reason: 'deleted', app_id: appId });

    const expiringId = await newSession('Hal');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3_601_000);
    await receiver.waitFor(() => eventsOf(expiringId, 'session.ended').length === 1);
    vi.useRealTimers();
    expect(eventsOf(expiringId, 'session.ended')[0]?.data).toMatchObject({
      session_id: expiringId,
      reason: 'expired',
    });
    const order = eventsOf(expiringId).map((event) => event.event);
    expect(order).toEqual(['session.started', 'session.ended']);
  });

  it('stores feedback on an answer and counts the app traffic exactly in analytics', async () => {
    const agent = await (await parley.request('POST', '/v1/agents', { name: 'Counter' })).json();
    const app = await (
      await parley.request('POST', '/v1/apps', { name: 'Counted', agents: [agent.id] })
    ).json();
    const answers: { session_id: string; message_id: string }[] = [];
    for (let index = 0; index < 3; index += 1) {
      model().enqueue({
        content: `answer ${index}`,
        usage: { prompt_tokens: 100 + index, completion_tokens: 10 },
      });
      const events = await readEventStream(
        await parley.request('POST', `/v1/apps/${app.id}/execute/stream`, { message: `question ${index}` }),
      );
      const done = events.at(-1)?.data as { session_id: string; message_id: string };
      answers.push({ session_id: done.session_id, message_id: done.message_id });
    }
    await parley.request('POST', `/v1/apps/${app.id}/execute`, {
      message: 'agent please',
      session_id: answers[0]?.session_id,
    });
    const up = await parley.request(
      'POST',
      `/v1/apps/${app.id}/sessions/${answers[1]?.session_id}/messages/${answers[1]?.message_id}/feedback`,
      { rating: 'up', comment: 'Spot on' },
    );
    expect(await up.json()).toMatchObject({ rating: 'up', comment: 'Spot on' });
    await parley.request(
      'POST',
      `/v1/apps/${app.id}/sessions/${answers[2]?.session_id}/messages/${answers[2]?.message_id}/feedback`,
      { rating: 'down' },
    );
    const history = await (
      await parley.request('GET', `/v1/apps/${app.id}/sessions/${answers[1]?.session_id}/history`)
    ).json();
    expect(history.messages[1].feedback).toMatchObject({ rating: 'up', comment: 'Spot on' });

    const report = await (await parley.request('GET', `/v1/apps/${app.id}/analytics?interval=hour`)).json();
    expect(report.totals).toMatchObject({
      sessions: 3,
      messages: 8,
      user_messages: 4,
      assistant_messages: 4,
      escalations: 1,
      tool_calls: 0,
      input_tokens: 100 + 101 + 102,
      output_tokens: 30,
      feedback_up: 1,
      feedback_down: 1,
    });
    expect(report.totals.latency_ms.count).toBe(4);
    const hour = 3_600_000;
    const firstStart = Date.parse(report.series[0].start);
    const lastStart = Date.parse(report.series.at(-1).start);
    expect(firstStart).toBeLessThanOrEqual(Date.parse(report.from));
    expect(Date.parse(report.from) - firstStart).toBeLessThan(hour);
    expect(lastStart + hour).toBeGreaterThan(Date.parse(report.to) - 1000);
    expect(report.series.length).toBe((lastStart - firstStart) / hour + 1);
    const busy = report.series.filter((bucket: { messages: number }) => bucket.messages > 0);
    expect(busy).toHaveLength(1);
    expect(busy[0]).toMatchObject({ sessions: 3, messages: 8 });
    const bad = await parley.request('GET', `/v1/apps/${app.id}/analytics?from=yesterday`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details.field).toBe('from');
  });

  it('manages webhooks: masked lists, a test delivery with its attempt, rotation, deliveries', async () => {
    const listed = await (await parley.request('GET', `/v1/apps/${appId}/webhooks`)).json();
    expect(JSON.stringify(listed)).not.toContain(secret);
    const webhookId = listed.data[0].id;
    const tested = await (
      await parley.request('POST', `/v1/apps/${appId}/webhooks/${webhookId}/test`, {})
    ).json();
    expect(tested).toMatchObject({
      event: 'webhook.test',
      status: 'delivered',
      attempts: [{ status_code: 200 }],
    });
    const rotated = await (
      await parley.request('POST', `/v1/apps/${appId}/webhooks/${webhookId}/rotate-secret`, {})
    ).json();
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(secret);
    const retested = await (
      await parley.request('POST', `/v1/apps/${appId}/webhooks/${webhookId}/test`, {})
    ).json();
    expect(retested.attempts[0].status_code).toBe(401);
    const deliveries = await (
      await parley.request('GET', `/v1/apps/${appId}/webhooks/${webhookId}/deliveries?limit=100`)
    ).json();
    expect(deliveries.data.length).toBeGreaterThan(5);
    type Listed = { status: string; attempts: { status_code: number | null }[]; payload: { event: string } };
    const delivered = deliveries.data.filter((delivery: Listed) => delivery.status === 'delivered');
    expect(delivered.length).toBeGreaterThan(5);
    for (const delivery of delivered as Listed[]) expect(delivery.attempts.at(-1)?.status_code).toBe(200);
    expect(deliveries.data.map((delivery: Listed) => delivery.payload.event)).toContain(
      'conversation.escalated',
    );
  });
});

describe('webhook receivers on private addresses', () => {
  it('are refused unless the operator allows them', async () => {
    const parley = await startParleyHarness({ model: 'offline' });
    try {
      for (const url of [
        'http://127.0.0.1:9/hook',
        'http://localhost/hook',
        'http://10.0.0.5/hook',
        'ftp://example.com/',
      ]) {
        const response = await parley.request('POST', `/v1/apps/${parley.running.demo.appId}/webhooks`, {
          url,
          events: ['session.started'],
        });
        expect(response.status, url).toBe(400);
        expect((await response.json()).error.details.field).toBe('url');
      }
    } finally {
      await parley.stop();
    }
  });
});
