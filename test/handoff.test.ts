import crypto from 'node:crypto';
import { put } from '@parley/engine';
import { writeRecordsThrough } from '@parley/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appId,
  eventsOf,
  model,
  newSession,
  parley,
  publishableKey,
  receiver,
  secret,
  startHandoffServer,
  stopHandoffServer,
} from './support/handoff.js';
import { readEventStream, startParleyHarness } from './support/parley-harness.js';

/** Handoff: signed deliveries, escalation from a button, words and the model, and managing webhooks. */

describe('handoff, webhooks and the session lifecycle', () => {
  beforeAll(startHandoffServer);
  afterAll(stopHandoffServer);

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
    await writeRecordsThrough(parley.running.engine, [put('sessions', { ...live, expires_at: soon })]);
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
