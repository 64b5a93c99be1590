import crypto from 'node:crypto';
import { expect, vi } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './parley-harness.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

/**
 * What the handoff tests share: one server per test file with the webhook receiver, an app subscribed
 * to every event, its widget key, and sessions that key opens.
 */

export const secret = `whsec_${crypto.randomBytes(16).toString('hex')}`;
export const allEvents = ['session.started', 'session.ended', 'conversation.escalated', 'message.created'];

export let parley: ParleyHarness;
export let receiver: WebhookReceiver;
export let appId: string;
export let publishableKey: string;

/** Starts the server and the webhook receiver, with an app subscribed to every event and its widget key (a `beforeAll`). */
export async function startHandoffServer(): Promise<void> {
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
}

/** Stops them (an `afterAll`). */
export async function stopHandoffServer(): Promise<void> {
  vi.useRealTimers();
  await parley?.stop();
  await receiver?.close();
}

export const model = () => {
  if (!parley.modelServer) throw new Error('needs the model server');
  return parley.modelServer;
};
export const eventsOf = (sessionId: string, event?: string) =>
  receiver.events.filter((item) => item.data.session_id === sessionId && (!event || item.event === event));

/** A session the site's widget opened (its publishable key reaches only the sessions it opened). */
export async function newSession(name: string) {
  const response = await parley.request(
    'POST',
    `/v1/apps/${appId}/sessions`,
    { user_id: `user_${name}`, metadata: { userProfile: { name }, channel: 'web' } },
    { authorization: `Bearer ${publishableKey}` },
  );
  return (await response.json()).session_id as string;
}
