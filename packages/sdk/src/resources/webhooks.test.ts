import { describe, expect, it } from 'vitest';
import { useFakeApi } from '../../test/support/fake-api.js';
import { replyJson, sendJson } from '../../test/support/fake-server.js';
import { ParleyApiError, paginate } from '../index.js';

const api = useFakeApi();

const webhook = {
  id: 'wh_1',
  app_id: 'app_1',
  url: 'https://helpdesk.example.com/parley',
  events: ['conversation.escalated'],
  secret_masked: 'whsec_…a1b2',
  created_at: '2024-01-15T14:30:00Z',
  updated_at: '2024-01-15T14:30:00Z',
};

const delivery = {
  id: 'evt_1',
  webhook_id: 'wh_1',
  event: 'webhook.test',
  session_id: null,
  status: 'delivered',
  attempts: [{ at: '2024-01-15T14:30:00Z', status_code: 200, error: null, duration_ms: 12 }],
  next_attempt_at: null,
  created_at: '2024-01-15T14:30:00Z',
  payload: { event: 'webhook.test', timestamp: '2024-01-15T14:30:00Z', data: {} },
};

describe('webhooks', () => {
  it('creates with url, events and an optional secret, and answers the secret once', async () => {
    api.fake.answer(replyJson({ ...webhook, secret: 'whsec_0123456789abcdef' }, 201));
    const created = await api.client.webhooks.create('app_1', {
      url: 'https://helpdesk.example.com/parley',
      events: ['conversation.escalated'],
      secret: 'whsec_0123456789abcdef',
    });
    expect(created.secret).toBe('whsec_0123456789abcdef');
    expect([api.last().method, api.last().url]).toEqual(['POST', '/v1/apps/app_1/webhooks']);
    expect(api.lastJson()).toEqual({
      url: 'https://helpdesk.example.com/parley',
      events: ['conversation.escalated'],
      secret: 'whsec_0123456789abcdef',
    });
    await api.client.webhooks.create('app_1', { url: 'https://x.example', events: ['session.started'] });
    expect(api.lastJson()).toEqual({ url: 'https://x.example', events: ['session.started'] });
  });

  it('gets, updates, deletes, rotates and tests with the paths of the API', async () => {
    api.fake.answer(replyJson(webhook));
    await api.client.webhooks.get('app_1', 'wh_1');
    await api.client.webhooks.update('app_1', 'wh_1', { events: ['session.started', 'session.ended'] });
    expect(api.lastJson()).toEqual({ events: ['session.started', 'session.ended'] });
    api.fake.answer(replyJson({ ...webhook, secret: 'whsec_new' }));
    expect((await api.client.webhooks.rotateSecret('app_1', 'wh_1')).secret).toBe('whsec_new');
    expect(api.last().body).toBe('');
    api.fake.answer(replyJson(delivery));
    expect(await api.client.webhooks.test('app_1', 'wh_1')).toEqual(delivery);
    expect(api.last().body).toBe('');
    api.fake.answer(replyJson({ id: 'wh_1', deleted: true }));
    await api.client.webhooks.delete('app_1', 'wh_1');
    expect(api.calls()).toEqual([
      ['GET', '/v1/apps/app_1/webhooks/wh_1'],
      ['PATCH', '/v1/apps/app_1/webhooks/wh_1'],
      ['POST', '/v1/apps/app_1/webhooks/wh_1/rotate-secret'],
      ['POST', '/v1/apps/app_1/webhooks/wh_1/test'],
      ['DELETE', '/v1/apps/app_1/webhooks/wh_1'],
    ]);
  });

  it('lists webhooks and deliveries page by page with paginate', async () => {
    api.fake.answer((received, response) => {
      const second = received.url.includes('cursor=');
      const item = received.url.includes('/deliveries') ? delivery : webhook;
      sendJson(response, 200, {
        data: [{ ...item, id: second ? 'second' : 'first' }],
        has_more: !second,
        next_cursor: second ? null : 'first',
      });
    });
    const webhooks: string[] = [];
    for await (const item of paginate((page) => api.client.webhooks.list('app_1', page)))
      webhooks.push(item.id);
    const deliveries: string[] = [];
    for await (const item of paginate((page) => api.client.webhooks.deliveries('app_1', 'wh_1', page), {
      limit: 10,
    })) {
      deliveries.push(item.status);
    }
    expect(webhooks).toEqual(['first', 'second']);
    expect(deliveries).toEqual(['delivered', 'delivered']);
    expect(api.calls()).toEqual([
      ['GET', '/v1/apps/app_1/webhooks'],
      ['GET', '/v1/apps/app_1/webhooks?cursor=first'],
      ['GET', '/v1/apps/app_1/webhooks/wh_1/deliveries?limit=10'],
      ['GET', '/v1/apps/app_1/webhooks/wh_1/deliveries?limit=10&cursor=first'],
    ]);
  });

  it('rejects with ParleyApiError for a refused receiver URL', async () => {
    api.fake.answer(
      replyJson(
        {
          error: {
            code: 'invalid_request',
            message: 'url: is a private address',
            details: { field: 'url', problem: 'is a private address' },
          },
        },
        400,
      ),
    );
    const error = await api.client.webhooks
      .create('app_1', { url: 'http://127.0.0.1/hook', events: ['message.created'] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ParleyApiError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', details: { field: 'url' } });
  });
});
