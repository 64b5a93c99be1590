/**
 * One tenant's dead webhook receiver must not delay another tenant's: a real
 * server, a receiver that accepts connections and never answers with 80
 * deliveries waiting for it, and a healthy receiver of another app.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonCaller } from './support/json-call.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

interface DeadReceiver {
  url: string;
  /** Requests received so far (none is ever answered). */
  received: number;
  /** The most requests it held open at once. */
  mostAtOnce: number;
  /** Requests whose connection has closed (Parley gave up on them at its timeout). */
  ended: number;
  close(): Promise<void>;
}

/** Takes every request and never answers: Parley's attempts end only at their timeout. */
async function startDeadReceiver(): Promise<DeadReceiver> {
  const state = { received: 0, open: 0, mostAtOnce: 0, ended: 0 };
  const server = createServer((request) => {
    state.received += 1;
    state.open += 1;
    state.mostAtOnce = Math.max(state.mostAtOnce, state.open);
    request.socket.once('close', () => {
      state.open -= 1;
      state.ended += 1;
    });
    request.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/dead`,
    get received() {
      return state.received;
    },
    get mostAtOnce() {
      return state.mostAtOnce;
    },
    get ended() {
      return state.ended;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let parley: ParleyHarness;
let dead: DeadReceiver;
let healthy: WebhookReceiver | undefined;
const call = jsonCaller(() => parley);

beforeAll(async () => {
  parley = await startParleyHarness({
    model: 'offline',
    environment: {
      PARLEY_ALLOW_PRIVATE_URLS: '1',
      PARLEY_WEBHOOK_RETRY_BASE_MS: '50',
      PARLEY_WEBHOOK_RETRY_MAX_MS: '400',
    },
  });
  dead = await startDeadReceiver();
});

afterAll(async () => {
  // The dead receiver first: its hanging attempts then end at once, and the server stops promptly.
  await dead?.close();
  await healthy?.close();
  await parley?.stop();
});

describe('webhook delivery across tenants', () => {
  it("delivers a healthy tenant's event at once while another tenant's receiver hangs with 80 waiting", async () => {
    const agent = await call('POST', '/v1/agents', { name: 'Dead tenant agent', system_prompt: 'Answer.' });
    expect(agent.status).toBe(201);
    const deadApp = await call('POST', '/v1/apps', { name: 'Dead tenant', agents: [agent.body.id] });
    expect(deadApp.status).toBe(201);
    const deadHook = await call('POST', `/v1/apps/${deadApp.body.id}/webhooks`, {
      url: dead.url,
      events: ['session.started'],
    });
    expect(deadHook.status).toBe(201);
    for (let index = 0; index < 80; index += 1) {
      const session = await call('POST', `/v1/apps/${deadApp.body.id}/sessions`, {});
      expect(session.status).toBe(201);
    }
    await until(() => dead.received >= 2, 30_000, 'the dead receiver to be tried');

    const secret = 'whsec_healthy_tenant_secret';
    const healthyAppId = parley.running.demo.appId;
    healthy = await startWebhookReceiver(secret);
    const hook = await call('POST', `/v1/apps/${healthyAppId}/webhooks`, {
      url: healthy.url,
      events: ['session.started'],
      secret,
    });
    expect(hook.status).toBe(201);
    const session = await call('POST', `/v1/apps/${healthyAppId}/sessions`, {});
    expect(session.status).toBe(201);

    // Each attempt at the dead receiver lasts the full 10 s timeout; the healthy one must not wait for
    // them: it arrives while the dead receiver's first attempts are still hanging, none ended yet.
    await healthy.waitFor(
      (events) => events.some((event) => event.data.session_id === session.body.session_id),
      60_000,
    );
    expect(dead.ended).toBe(0);
    expect(healthy.rejected).toBe(0);
    // The dead receiver never held more than its share of the dispatcher.
    expect(dead.mostAtOnce).toBeLessThanOrEqual(2);
  });
});
