import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  appId,
  eventsOf,
  model,
  newSession,
  parley,
  publishableKey,
  receiver,
  startHandoffServer,
  stopHandoffServer,
} from './support/handoff.js';
import { readEventStream } from './support/parley-harness.js';
import { connectSocket } from './support/socket-client.js';

/** Handoff, continued: a person answering live over Socket.IO, the session's end, feedback and analytics. */

describe('handoff, webhooks and the session lifecycle', () => {
  beforeAll(startHandoffServer);
  afterAll(stopHandoffServer);

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
});
