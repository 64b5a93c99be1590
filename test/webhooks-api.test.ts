/**
 * The webhook API as the reference document shows it: its "Configure Webhook"
 * example, sent exactly as printed, is taken.
 */
import { type DeliveryRecord, newId, put, toIso } from '@parley/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonCaller } from './support/json-call.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

/** Seed 000, "Configure Webhook", exactly as printed. */
const seedWebhook = {
  url: 'https://your-app.com/webhooks/kore',
  events: ['session.started', 'session.ended', 'conversation.escalated'],
  secret: 'whsec_xxxxx',
};

let parley: ParleyHarness;
const call = jsonCaller(() => parley);

beforeAll(async () => {
  parley = await startParleyHarness({ model: 'offline' });
});

afterAll(async () => {
  await parley?.stop();
});

describe('creating a webhook', () => {
  it("takes the reference document's example as written, with a warning about the short secret", async () => {
    const appId = parley.running.demo.appId;
    const created = await call('POST', `/v1/apps/${appId}/webhooks`, seedWebhook);

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      url: seedWebhook.url,
      events: seedWebhook.events,
      secret: 'whsec_xxxxx',
      warnings: [expect.stringMatching(/secret.*16 characters/)],
    });
    const fetched = await call('GET', `/v1/apps/${appId}/webhooks/${created.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body.secret).toBeUndefined();
    expect(fetched.body.secret_masked).not.toContain('whsec_xxxxx');
  });

  it('has no warning for a long secret or a generated one', async () => {
    const appId = parley.running.demo.appId;
    const own = await call('POST', `/v1/apps/${appId}/webhooks`, {
      ...seedWebhook,
      secret: 'whsec_0123456789abcdef0123',
    });
    const generated = await call('POST', `/v1/apps/${appId}/webhooks`, {
      url: seedWebhook.url,
      events: ['session.started'],
    });

    expect(own.status).toBe(201);
    expect(own.body.warnings).toEqual([]);
    expect(generated.status).toBe(201);
    expect(generated.body.warnings).toEqual([]);
  });

  it('still refuses an empty secret', async () => {
    const appId = parley.running.demo.appId;
    const refused = await call('POST', `/v1/apps/${appId}/webhooks`, { ...seedWebhook, secret: '' });

    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { code: 'invalid_request' } });
  });
});

describe('delivery retention', () => {
  const day = 24 * 3_600_000;
  function delivered(daysAgo: number): DeliveryRecord {
    const at = Date.now() - daysAgo * day;
    const id = newId('evt');
    return {
      id,
      webhook_id: 'whk_retention',
      app_id: parley.running.demo.appId,
      session_id: null,
      order_key: `whk_retention:${id}`,
      event: 'session.started',
      body: '{}',
      status: 'delivered',
      attempts: [{ at: toIso(at), status_code: 200, error: null, duration_ms: 5 }],
      next_attempt_at: at,
      created_at: toIso(at),
    };
  }

  it('removes delivered deliveries after 30 days by default, from the start of the server on', async () => {
    const old = delivered(31);
    const recent = delivered(29);
    await parley.running.store.write([put('deliveries', old), put('deliveries', recent)]);

    await parley.restart();
    const store = () => parley.running.store;
    const deadline = Date.now() + 5_000;
    while (await store().get('deliveries', old.id)) {
      if (Date.now() > deadline) throw new Error('the old delivery was kept');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await store().get('deliveries', recent.id)).toBeDefined();
  });
});
