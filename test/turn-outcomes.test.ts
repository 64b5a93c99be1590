import crypto from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, readEventStream, startParleyHarness } from './support/parley-harness.js';
import { connectSocket } from './support/socket-client.js';
import { startAppWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

type Json = Record<string, unknown>;

/**
 * What a turn tells its caller, the same on every path: escalation is one fact
 * (execute, stream, socket, history, webhook when there is one), and a failed
 * turn names the session that keeps the user's message.
 */
describe('what a turn reports', () => {
  let parley: ParleyHarness;

  beforeAll(async () => {
    parley = await startParleyHarness({ environment: { PARLEY_ALLOW_PRIVATE_URLS: '1' } });
  });
  afterAll(async () => {
    await parley.stop();
  });

  const model = () => {
    if (!parley.modelServer) throw new Error('needs the model server');
    return parley.modelServer;
  };

  async function call(method: string, pathname: string, body?: unknown, key?: string) {
    const response = await parley.request(
      method,
      pathname,
      body,
      key ? { authorization: `Bearer ${key}` } : {},
    );
    return { status: response.status, body: (await response.json()) as Json };
  }

  /** A fresh app of its own (so its webhooks are its own) and a publishable key for its widget. */
  async function newApp(name: string) {
    const agent = await call('POST', '/v1/agents', { name: `${name} agent`, system_prompt: 'Help.' });
    const app = await call('POST', '/v1/apps', { name, agents: [agent.body.id] });
    const key = await call('POST', '/v1/keys', {
      name: `${name} site`,
      kind: 'publishable',
      app_id: app.body.id,
      allowed_origins: ['*'],
    });
    return { appId: app.body.id as string, key: key.body.key as string };
  }

  async function historyOf(appId: string, sessionId: string) {
    return (await call('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`)).body;
  }

  /** A socket turn: its events (by name) and, when `escalates`, the session's `escalated` that follows. */
  async function socketTurn(socket: Socket, payload: Json, escalates = false) {
    const events: { type: string; data: Json }[] = [];
    const listeners = ['start', 'done', 'error', 'escalated'].map((type) => {
      const listener = (data: Json) => events.push({ type, data });
      socket.on(type, listener);
      return () => socket.off(type, listener);
    });
    const acknowledgement = (await socket.emitWithAck('execute', payload)) as Json;
    // The session's `escalated` is published after the turn's writes: wait for it (a bounded wait, not a
    // speed limit: the shared machine may be slow).
    const givingUpAt = Date.now() + 30_000;
    while (escalates && !events.some((event) => event.type === 'escalated') && Date.now() < givingUpAt) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const stop of listeners) stop();
    return { acknowledgement, events };
  }

  /** Every way a user asks for a person in words, on one app; each says `escalated` everywhere. */
  async function expectEscalationEverywhere(appId: string, key: string, receiver?: WebhookReceiver) {
    const sessions: string[] = [];

    const plain = await call('POST', `/v1/apps/${appId}/execute`, { message: 'I want to talk to a human' });
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ escalated: true, response: expect.stringMatching(/person/) });
    sessions.push(plain.body.session_id as string);

    const streamed = await readEventStream(
      await parley.request('POST', `/v1/apps/${appId}/execute/stream`, { message: 'Talk to a human please' }),
    );
    const done = streamed.find((event) => event.event === 'done');
    expect(done?.data).toMatchObject({ escalated: true });
    sessions.push(done?.data.session_id as string);

    const socket = await connectSocket(parley.url, key);
    try {
      const { acknowledgement, events } = await socketTurn(
        socket,
        { app_id: appId, message: 'Can I speak to a person?', request_id: crypto.randomUUID() },
        true,
      );
      expect(acknowledgement).toEqual({ ok: true });
      const sessionId = events.find((event) => event.type === 'start')?.data.session_id as string;
      expect(events.find((event) => event.type === 'done')?.data).toMatchObject({ escalated: true });
      expect(events.find((event) => event.type === 'escalated')?.data).toEqual({
        session_id: sessionId,
        reason: 'user_requested',
      });
      sessions.push(sessionId);
    } finally {
      socket.close();
    }

    // The model hands over (escalate_to_human): the same fact.
    model().enqueue({ toolCalls: [{ name: 'escalate_to_human', arguments: '{"reason":"refund"}' }] });
    const byModel = await call('POST', `/v1/apps/${appId}/execute`, { message: 'Refund my order of 2019' });
    expect(byModel.body).toMatchObject({ escalated: true, tools_used: ['escalate_to_human'] });
    sessions.push(byModel.body.session_id as string);

    for (const sessionId of sessions) expect((await historyOf(appId, sessionId)).escalated).toBe(true);
    if (receiver) {
      await receiver.waitFor((received) =>
        sessions.every((sessionId) =>
          received.some(
            (event) => event.event === 'conversation.escalated' && event.data.session_id === sessionId,
          ),
        ),
      );
    }
  }

  it('says escalated in the execute answer, the stream, the socket and the history on an app without webhooks', async () => {
    const { appId, key } = await newApp('No helpdesk');
    expect((await call('GET', `/v1/apps/${appId}/webhooks`)).body.data).toEqual([]);
    await expectEscalationEverywhere(appId, key);
  });

  it('says the same on an app with a conversation.escalated webhook, which fires for each', async () => {
    const { appId, key } = await newApp('With helpdesk');
    const receiver = await startAppWebhookReceiver(parley, appId, `whsec_${crypto.randomUUID()}`);
    try {
      await expectEscalationEverywhere(appId, key, receiver);
    } finally {
      await receiver.close();
    }
  });

  it('names the session it opened when the provider fails on an execute without session_id', async () => {
    const { appId, key } = await newApp('Failing provider');
    model().enqueue({ error: { status: 500, message: 'provider exploded' } });
    const failed = await call('POST', `/v1/apps/${appId}/execute`, { message: 'Is my message kept?' }, key);
    expect(failed.status).toBe(502);
    const error = failed.body.error as { code: string; details: Json };
    expect(error.code).toBe('upstream_error');
    const sessionId = error.details.session_id;
    expect(sessionId).toMatch(/^sess_/);

    // The stored message can be found with the session the error names, and the session goes on.
    const history = await call('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`, undefined, key);
    expect((history.body.messages as Json[]).map((message) => message.content)).toEqual([
      'Is my message kept?',
    ]);
    model().enqueue({ content: 'Yes, it is.' });
    const again = await call(
      'POST',
      `/v1/apps/${appId}/execute`,
      { message: 'And now?', session_id: sessionId },
      key,
    );
    expect(again.body).toMatchObject({ response: 'Yes, it is.', session_id: sessionId });

    // A question to an agent names the conversation it opened, the same way.
    model().enqueue({ error: { status: 500, message: 'provider exploded' } });
    const agentId = (await call('GET', `/v1/apps/${appId}`)).body.agents as string[];
    const chatFailed = await call('POST', `/v1/agents/${agentId[0]}/chat`, { message: 'Kept too?' });
    expect(chatFailed.status).toBe(502);
    const conversationId = (chatFailed.body.error as { details: Json }).details.conversation_id;
    expect(conversationId).toMatch(/^conv_/);
    const conversation = await call('GET', `/v1/agents/${agentId[0]}/conversations/${conversationId}`);
    expect((conversation.body.messages as Json[]).map((message) => message.content)).toEqual(['Kept too?']);

    // Over the socket, the failed turn's acknowledgement names it too.
    const socket = await connectSocket(parley.url, key);
    try {
      model().enqueue({ error: { status: 500, message: 'provider exploded again' } });
      const { acknowledgement, events } = await socketTurn(socket, {
        app_id: appId,
        message: 'Still there?',
        request_id: crypto.randomUUID(),
      });
      const opened = events.find((event) => event.type === 'start')?.data.session_id;
      expect(opened).toMatch(/^sess_/);
      expect(acknowledgement).toMatchObject({
        ok: false,
        error: { code: 'upstream_error', details: { session_id: opened } },
      });
    } finally {
      socket.close();
    }
  });
});
