import crypto from 'node:crypto';
import { put } from '@parley/engine';
import { writeRecordsThrough } from '@parley/engine/testing';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';
import { connectSocket } from './support/socket-client.js';

type Json = Record<string, unknown>;

/**
 * Sessions record who opened them, as conversations do: a publishable key reaches
 * only the sessions it opened (another's answers not_found, as if it did not exist);
 * secret keys reach all.
 */
describe('who may reach a session', () => {
  let parley: ParleyHarness;
  let appId: string;
  let ownerKey: string;
  let otherKey: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    parley = await startParleyHarness({ environment: { PARLEY_IP_LIMIT_PER_MINUTE: '1000' } });
    appId = parley.running.demo.appId;
    const newKey = async (name: string) =>
      (
        (await (
          await parley.request('POST', '/v1/keys', {
            name,
            kind: 'publishable',
            plan: 'pro',
            app_id: appId,
            allowed_origins: ['*'],
          })
        ).json()) as { key: string }
      ).key;
    ownerKey = await newKey('site A');
    otherKey = await newKey('site B, same app');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await parley.stop();
  });

  const model = () => {
    if (!parley.modelServer) throw new Error('needs the model server');
    return parley.modelServer;
  };

  async function call(method: string, pathname: string, key: string | null, body?: unknown) {
    const response = await parley.request(
      method,
      pathname,
      body,
      key ? { authorization: `Bearer ${key}` } : {},
    );
    return { status: response.status, body: (await response.json()) as Json };
  }

  async function open(key: string) {
    const socket = await connectSocket(parley.url, key);
    sockets.push(socket);
    return socket;
  }

  /** A session `key` opened with one answered turn (null: the admin's secret key). */
  async function sessionOpenedBy(key: string | null) {
    model().enqueue({ content: 'Happy to help.' });
    const answer = await call('POST', `/v1/apps/${appId}/execute`, key, { message: 'Hello there' });
    expect(answer.status).toBe(200);
    const sessionId = answer.body.session_id as string;
    const history = await call('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`, null);
    const messageId = (history.body.messages as Json[])[1]?.id as string;
    return { sessionId, messageId };
  }

  /** Every way a credential reaches a session, over HTTP and the socket, each refused as not found. */
  async function expectUnreachable(key: string, sessionId: string, messageId: string) {
    const notFound = { error: { code: 'not_found', details: { session_id: sessionId } } };
    const requestsBefore = model().requests.length;
    const refusals = [
      await call('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`, key),
      await call('POST', `/v1/apps/${appId}/execute`, key, {
        message: 'What did they say?',
        session_id: sessionId,
      }),
      await call('POST', `/v1/apps/${appId}/execute/stream`, key, {
        message: 'What did they say?',
        session_id: sessionId,
      }),
      await call('POST', `/v1/apps/${appId}/sessions/${sessionId}/escalate`, key, {}),
      await call('POST', `/v1/apps/${appId}/sessions/${sessionId}/messages/${messageId}/feedback`, key, {
        rating: 'down',
      }),
    ];
    for (const refusal of refusals) {
      expect(refusal.status).toBe(404);
      expect(refusal.body).toMatchObject(notFound);
    }

    const socket = await open(key);
    const heard: string[] = [];
    for (const event of ['start', 'token', 'done', 'escalated', 'human_message']) {
      socket.on(event, () => heard.push(event));
    }
    const session = { app_id: appId, session_id: sessionId };
    expect(await socket.emitWithAck('history', session)).toMatchObject({ ok: false, ...notFound });
    expect(await socket.emitWithAck('subscribe', session)).toMatchObject({ ok: false, ...notFound });
    expect(await socket.emitWithAck('escalate', session)).toMatchObject({ ok: false, ...notFound });
    expect(
      await socket.emitWithAck('feedback', { ...session, message_id: messageId, rating: 'down' }),
    ).toMatchObject({ ok: false, ...notFound });
    expect(
      await socket.emitWithAck('execute', {
        app_id: appId,
        session_id: sessionId,
        message: 'Let me in',
        request_id: crypto.randomUUID(),
      }),
    ).toMatchObject({ ok: false, ...notFound });

    // Nothing reached the model, nothing was written, nothing was heard.
    expect(model().requests.length).toBe(requestsBefore);
    const history = await call('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`, null);
    expect(history.body.escalated).toBeUndefined();
    expect((history.body.messages as Json[]).map((message) => message.content)).toEqual([
      'Hello there',
      'Happy to help.',
    ]);
    expect((history.body.messages as Json[])[1]?.feedback).toBeUndefined();
    await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/messages`, {
      role: 'human_agent',
      content: 'not escalated, refused',
    });
    expect(heard).toEqual([]);
  }

  it('refuses a second publishable key of the same app every route to a session the first opened, as if it did not exist', async () => {
    const { sessionId, messageId } = await sessionOpenedBy(ownerKey);
    await expectUnreachable(otherKey, sessionId, messageId);
  });

  it('lets the key that opened a session read, continue, rate, follow and escalate it; secret keys too', async () => {
    const { sessionId, messageId } = await sessionOpenedBy(ownerKey);
    const history = await call('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`, ownerKey);
    expect(history.status).toBe(200);
    model().enqueue({ content: 'Still here.' });
    const again = await call('POST', `/v1/apps/${appId}/execute`, ownerKey, {
      message: 'Are you there?',
      session_id: sessionId,
    });
    expect(again.body).toMatchObject({ session_id: sessionId, response: 'Still here.' });
    const rated = await call(
      'POST',
      `/v1/apps/${appId}/sessions/${sessionId}/messages/${messageId}/feedback`,
      ownerKey,
      { rating: 'up' },
    );
    expect(rated.status).toBe(200);

    const socket = await open(ownerKey);
    const session = { app_id: appId, session_id: sessionId };
    expect(await socket.emitWithAck('history', session)).toMatchObject({ ok: true });
    expect(await socket.emitWithAck('subscribe', session)).toEqual({ ok: true });
    const heard = new Promise((resolve) => socket.once('escalated', resolve));
    expect(await socket.emitWithAck('escalate', session)).toEqual({ ok: true });
    expect(await heard).toEqual({ session_id: sessionId, reason: 'user_requested' });

    // The admin's secret key reaches it too.
    const read = await call('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`, null);
    expect(read.body.escalated).toBe(true);
    expect(
      (
        await call('POST', `/v1/apps/${appId}/sessions/${sessionId}/messages/${messageId}/feedback`, null, {
          rating: 'down',
        })
      ).status,
    ).toBe(200);
  });

  it('does not let another key resume a socket turn it did not send', async () => {
    const owner = await open(ownerKey);
    const requestId = crypto.randomUUID();
    model().enqueue({ content: 'Only for you.' });
    expect(
      await owner.emitWithAck('execute', { app_id: appId, message: 'Hi', request_id: requestId }),
    ).toEqual({ ok: true });
    const other = await open(otherKey);
    const replayed: unknown[] = [];
    other.on('token', (event) => replayed.push(event));
    expect(await other.emitWithAck('resume', { request_id: requestId, from_seq: 0 })).toEqual({
      ok: true,
      state: 'unknown',
    });
    expect(replayed).toEqual([]);
  });

  it('keeps sessions opened by a secret key, and older sessions that name no opener, from publishable keys', async () => {
    const opened = await sessionOpenedBy(null);
    await expectUnreachable(ownerKey, opened.sessionId, opened.messageId);

    // A session stored before sessions recorded their opener: only secret keys reach it.
    const older = await sessionOpenedBy(ownerKey);
    const store = parley.running.store;
    const record = await store.get('sessions', older.sessionId);
    if (!record) throw new Error('the session should exist');
    const { created_by: _openedBy, ...withoutOpener } = record;
    await writeRecordsThrough(parley.running.engine, [put('sessions', withoutOpener)]);
    await expectUnreachable(ownerKey, older.sessionId, older.messageId);
    expect((await call('GET', `/v1/apps/${appId}/sessions/${older.sessionId}/history`, null)).status).toBe(
      200,
    );
  });
});
