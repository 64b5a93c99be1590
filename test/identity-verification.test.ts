import crypto from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonCaller } from './support/json-call.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';
import { connectSocket } from './support/socket-client.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

type Json = Record<string, unknown>;

/** What the site's backend computes (the README's Node snippet). */
const userHash = (secret: string, userId: string) =>
  crypto.createHmac('sha256', secret).update(userId).digest('hex');

/**
 * Identity verification: a site passes `user_id` with `user_hash` (HMAC-SHA256 of the id with the
 * app's identity secret); a publishable key's forged hash is refused, and an app that requires it
 * trusts nothing about the visitor without one. A verified user's session follows them (`config`).
 */
describe('identity verification', () => {
  let parley: ParleyHarness;
  let receiver: WebhookReceiver;
  let appId: string;
  let webhookId: string;
  let publishableKey: string;
  let secret: string;
  const sockets: Socket[] = [];
  const call = jsonCaller(() => parley);
  const asSite = (key: string) => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    parley = await startParleyHarness({ model: 'offline', environment: { PARLEY_ALLOW_PRIVATE_URLS: '1' } });
    receiver = await startWebhookReceiver('whsec_identity_tests_0123456789');
    const app = await call('POST', '/v1/apps', { name: 'Identity', agents: [parley.running.demo.agentId] });
    appId = app.body.id as string;
    const webhook = await call('POST', `/v1/apps/${appId}/webhooks`, {
      url: receiver.url,
      events: ['session.started'],
      secret: 'whsec_identity_tests_0123456789',
    });
    webhookId = webhook.body.id as string;
    const key = await call('POST', '/v1/keys', {
      name: 'site',
      kind: 'publishable',
      plan: 'pro',
      app_id: appId,
      allowed_origins: ['*'],
    });
    publishableKey = key.body.key as string;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await receiver.close();
    await parley.stop();
  });

  /** The `session.started` payloads written so far, newest first. */
  async function sessionsStarted(): Promise<Json[]> {
    const page = await call('GET', `/v1/apps/${appId}/webhooks/${webhookId}/deliveries?limit=100`);
    return (page.body.data as Json[]).map((delivery) => (delivery.payload as Json).data as Json);
  }

  const execute = (body: Json, key = publishableKey) =>
    call('POST', `/v1/apps/${appId}/execute`, { message: 'Hello', ...body }, asSite(key));

  it('makes an identity secret with the secret key only, shown once; the app says only that one is set', async () => {
    const before = await call('GET', `/v1/apps/${appId}`);
    expect(before.body).toMatchObject({ identity_verification: 'off', identity_secret_set: false });
    const refused = await call(
      'POST',
      `/v1/apps/${appId}/identity-secret`,
      undefined,
      asSite(publishableKey),
    );
    expect(refused.status).toBe(403);
    const made = await call('POST', `/v1/apps/${appId}/identity-secret`);
    expect(made.status).toBe(200);
    secret = made.body.identity_secret as string;
    expect(secret).toMatch(/^idsec_.{32,}$/);
    const after = await call('GET', `/v1/apps/${appId}`);
    expect(after.body).toMatchObject({ identity_secret_set: true });
    expect(JSON.stringify(after.body)).not.toContain(secret);
  });

  it('stores a verified user id as the session user, marked verified', async () => {
    const answer = await execute({ user_id: 'user-42', user_hash: userHash(secret, 'user-42') });
    expect(answer.status).toBe(200);
    const started = (await sessionsStarted()).find((data) => data.session_id === answer.body.session_id);
    expect(started).toMatchObject({ user_id: 'user-42', user_verified: true });
    const session = await call(
      'POST',
      `/v1/apps/${appId}/sessions`,
      { user_id: 'user-42', user_hash: userHash(secret, 'user-42') },
      asSite(publishableKey),
    );
    expect(session.status).toBe(201);
    const opened = (await sessionsStarted()).find((data) => data.session_id === session.body.session_id);
    expect(opened).toMatchObject({ user_id: 'user-42', user_verified: true });
  });

  it('refuses a forged hash with 403 identity_unverified and writes no session', async () => {
    const before = (await sessionsStarted()).length;
    const forged = await execute({ user_id: 'user-42', user_hash: userHash('a guess', 'user-42') });
    expect(forged.status).toBe(403);
    expect(forged.body.error).toMatchObject({
      code: 'permission_error',
      details: { reason: 'identity_unverified', user_id: 'user-42' },
    });
    const session = await call(
      'POST',
      `/v1/apps/${appId}/sessions`,
      { user_id: 'user-42', user_hash: 'ab'.repeat(32) },
      asSite(publishableKey),
    );
    expect(session.status).toBe(403);
    expect((await sessionsStarted()).length).toBe(before);
  });

  it('with identity required: an unverified user id is refused, an anonymous visitor chats without stored metadata', async () => {
    const required = await call('PATCH', `/v1/apps/${appId}`, { identity_verification: 'required' });
    expect(required.body.identity_verification).toBe('required');
    const unverified = await execute({ user_id: 'user-42', metadata: { userProfile: { name: 'Boss' } } });
    expect(unverified.status).toBe(403);
    expect((unverified.body.error as Json).details).toMatchObject({ reason: 'identity_unverified' });

    const anonymous = await execute({ metadata: { userProfile: { name: 'The CEO' } } });
    expect(anonymous.status).toBe(200);
    const anonymousStart = (await sessionsStarted()).find(
      (data) => data.session_id === anonymous.body.session_id,
    );
    expect(anonymousStart).toMatchObject({ user_id: null, user_verified: false, metadata: {} });

    const verified = await execute({
      user_id: 'user-7',
      user_hash: userHash(secret, 'user-7'),
      metadata: { userProfile: { name: 'Ada' } },
    });
    expect(verified.status).toBe(200);
    const verifiedStart = (await sessionsStarted()).find(
      (data) => data.session_id === verified.body.session_id,
    );
    expect(verifiedStart).toMatchObject({
      user_id: 'user-7',
      user_verified: true,
      metadata: { userProfile: { name: 'Ada' } },
    });

    // The site's backend (secret key) is trusted as before.
    const backend = await call('POST', `/v1/apps/${appId}/execute`, { message: 'Hi', user_id: 'user-9' });
    expect(backend.status).toBe(200);
  });

  it('a new identity secret makes the old hashes fail', async () => {
    const oldHash = userHash(secret, 'user-42');
    const rotated = await call('POST', `/v1/apps/${appId}/identity-secret`);
    expect(rotated.status).toBe(200);
    const stale = await execute({ user_id: 'user-42', user_hash: oldHash });
    expect(stale.status).toBe(403);
    secret = rotated.body.identity_secret as string;
    expect((await execute({ user_id: 'user-42', user_hash: userHash(secret, 'user-42') })).status).toBe(200);
  });

  it('over the socket: a forged hash refuses config; a verified user is given their latest open session', async () => {
    const socket = await connectSocket(parley.url, publishableKey, { origin: 'https://shop.example' });
    sockets.push(socket);
    const ask = (event: string, payload: Json) =>
      socket.timeout(5000).emitWithAck(event, payload) as Promise<Json>;

    const forged = await ask('config', { app_id: appId, user_id: 'user-99', user_hash: '00'.repeat(32) });
    expect(forged).toMatchObject({
      ok: false,
      error: { code: 'permission_error', details: { reason: 'identity_unverified' } },
    });

    const identity = { user_id: 'user-99', user_hash: userHash(secret, 'user-99') };
    const before = await ask('config', { app_id: appId, ...identity });
    expect(before.ok).toBe(true);
    expect((before.config as Json).session_id).toBeUndefined();

    const started: string[] = [];
    socket.on('start', (event: Json) => started.push(event.session_id as string));
    const turn = await ask('execute', {
      app_id: appId,
      message: 'Where is my order?',
      request_id: crypto.randomUUID(),
      ...identity,
    });
    expect(turn.ok).toBe(true);
    const sessionId = started[0];
    expect(sessionId).toMatch(/^sess_/);

    const after = await ask('config', { app_id: appId, ...identity });
    expect((after.config as Json).session_id).toBe(sessionId);
    // Another visitor (anonymous, or another user) is given nothing.
    const anonymous = await ask('config', { app_id: appId });
    expect((anonymous.config as Json).session_id).toBeUndefined();
    const history = await ask('history', { app_id: appId, session_id: sessionId as string });
    expect(((history.history as Json).messages as Json[]).map((message) => message.content)).toContain(
      'Where is my order?',
    );
  });
});
