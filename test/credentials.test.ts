import { hashSecret } from '@parley/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentInApp,
  appId,
  bearer,
  type CreatedKey,
  expectError,
  json,
  type KeyView,
  parley,
  rateLimitHeaders,
  startKeyedServer,
  stopKeyedServer,
} from './support/credentials.js';

/** Keys, what each may do, and the rate limits, as a user of the API (and of the CLI) sees them. */
describe('API keys', () => {
  beforeAll(startKeyedServer);
  afterAll(stopKeyedServer);

  it('uses PARLEY_ADMIN_KEY as the admin key: it works, and the list shows one Admin enterprise secret key', async () => {
    const apps = await parley.request('GET', '/v1/apps', undefined, bearer(parley.adminKey));
    expect(apps.status).toBe(200);
    expect(parley.running.createdAdminKey).toBe(parley.adminKey);
    const keys = await json<{ data: KeyView[] }>(await parley.request('GET', '/v1/keys'), 200);
    const secretKeys = keys.data.filter((key) => key.kind === 'secret');
    expect(secretKeys).toHaveLength(1);
    expect(secretKeys[0]).toMatchObject({
      name: 'Admin',
      kind: 'secret',
      plan: 'enterprise',
      app_id: null,
      agent_id: null,
    });
    expect(secretKeys[0]?.masked).toBe(`sk_…${parley.adminKey.slice(-4)}`);
    expect(keys.data.filter((key) => key.name === 'Admin')).toHaveLength(1);
    expect(apps.headers.get('x-ratelimit-limit')).toBe(String(secretKeys[0]?.rate_limit.per_minute));
  });

  it('shows a new key once, with its prefix, and masked ever after', async () => {
    const secret = await json<CreatedKey>(
      await parley.request('POST', '/v1/keys', { name: 'Backend', kind: 'secret', plan: 'pro' }),
      201,
    );
    expect(secret.key).toMatch(/^sk_[A-Za-z0-9_-]{32,}$/);
    expect(secret.id).toMatch(/^key_[A-Za-z0-9_-]{16,}$/);
    expect(secret.masked).toBe(`sk_…${secret.key.slice(-4)}`);
    expect(secret).toMatchObject({
      kind: 'secret',
      plan: 'pro',
      rate_limit: { per_minute: 600, per_day: 50_000 },
    });
    expect(secret).not.toHaveProperty('hash');

    const publishable = await json<CreatedKey>(
      await parley.request('POST', '/v1/keys', {
        name: 'Widget',
        kind: 'publishable',
        app_id: appId,
        allowed_origins: ['https://shop.example', 'http://localhost:5173'],
      }),
      201,
    );
    expect(publishable.key).toMatch(/^pk_[A-Za-z0-9_-]{32,}$/);
    expect(publishable.masked).toBe(`pk_…${publishable.key.slice(-4)}`);
    expect(publishable).toMatchObject({
      kind: 'publishable',
      plan: 'free',
      app_id: appId,
      agent_id: null,
      allowed_origins: ['https://shop.example', 'http://localhost:5173'],
      rate_limit: { per_minute: 60, per_day: 1_000 },
    });

    const listed = await parley.request('GET', '/v1/keys?limit=100');
    const text = await listed.text();
    expect(listed.status).toBe(200);
    for (const key of [secret.key, publishable.key, parley.adminKey]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(hashSecret(key));
    }
    expect(text).not.toMatch(/[0-9a-f]{64}/);
    const list = JSON.parse(text) as { data: KeyView[] };
    expect(list.data.find((key) => key.id === secret.id)).toEqual({
      id: secret.id,
      name: 'Backend',
      kind: 'secret',
      plan: 'pro',
      masked: secret.masked,
      app_id: null,
      agent_id: null,
      allowed_origins: [],
      rate_limit: { per_minute: 600, per_day: 50_000 },
      created_at: secret.created_at,
    });
    for (const key of list.data) expect(key).not.toHaveProperty('key');

    // The store (data folder or database) keeps hashes only.
    const everything = await parley.storedText();
    expect(everything.length).toBeGreaterThan(0);
    for (const key of [secret.key, publishable.key, parley.adminKey]) {
      expect(everything).not.toContain(key);
      expect(everything).toContain(hashSecret(key));
    }
  });

  it('refuses keys that are not bound right, and checks plans against rate_limit', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'e', kind: 'secret', plan: 'enterprise' }, 'rate_limit'],
      [
        { name: 'e', kind: 'publishable', plan: 'enterprise', app_id: appId, allowed_origins: ['*'] },
        'rate_limit',
      ],
      [{ name: 'f', kind: 'secret', plan: 'free', rate_limit: { per_minute: 5, per_day: 5 } }, 'rate_limit'],
      [{ name: 'p', kind: 'secret', plan: 'pro', rate_limit: { per_minute: 5, per_day: 5 } }, 'rate_limit'],
      [{ name: 'd', kind: 'secret', rate_limit: { per_minute: 5, per_day: 5 } }, 'rate_limit'],
      [{ name: 'p', kind: 'publishable', allowed_origins: ['*'] }, 'app_id'],
      [
        { name: 'p', kind: 'publishable', app_id: appId, agent_id: agentInApp, allowed_origins: ['*'] },
        'app_id',
      ],
      [{ name: 'p', kind: 'publishable', app_id: appId }, 'allowed_origins'],
      [
        { name: 'p', kind: 'publishable', app_id: appId, allowed_origins: ['shop.example'] },
        'allowed_origins.0',
      ],
      [
        { name: 'p', kind: 'publishable', app_id: appId, allowed_origins: ['https://shop.example/path'] },
        'allowed_origins.0',
      ],
      [{ name: 's', kind: 'secret', app_id: appId }, 'app_id'],
      [{ name: 's', kind: 'secret', allowed_origins: ['https://shop.example'] }, 'allowed_origins'],
      [
        { name: 's', kind: 'secret', plan: 'enterprise', rate_limit: { per_minute: 0, per_day: 5 } },
        'rate_limit.per_minute',
      ],
    ];
    for (const [body, field] of cases) {
      const error = await expectError(await parley.request('POST', '/v1/keys', body), 400, 'invalid_request');
      expect(error.details.field, JSON.stringify(body)).toBe(field);
    }
    const enterprise = await json<CreatedKey>(
      await parley.request('POST', '/v1/keys', {
        name: 'Big customer',
        kind: 'secret',
        plan: 'enterprise',
        rate_limit: { per_minute: 1_234, per_day: 99_999 },
      }),
      201,
    );
    expect(enterprise.rate_limit).toEqual({ per_minute: 1_234, per_day: 99_999 });
    const answer = await parley.request('GET', '/v1/apps', undefined, bearer(enterprise.key));
    expect(answer.status).toBe(200);
    expect(rateLimitHeaders(answer).limit).toBe('1234');
  });

  it('stops a deleted key at once', async () => {
    const secret = await json<CreatedKey>(
      await parley.request('POST', '/v1/keys', { name: 'Short-lived', kind: 'secret' }),
      201,
    );
    const publishable = await json<CreatedKey>(
      await parley.request('POST', '/v1/keys', {
        name: 'Short widget',
        kind: 'publishable',
        app_id: appId,
        allowed_origins: ['*'],
      }),
      201,
    );
    expect((await parley.request('GET', '/v1/apps', undefined, bearer(secret.key))).status).toBe(200);
    expect(
      (await parley.request('POST', `/v1/apps/${appId}/sessions`, {}, bearer(publishable.key))).status,
    ).toBe(201);

    for (const key of [secret, publishable]) {
      expect(await json(await parley.request('DELETE', `/v1/keys/${key.id}`), 200)).toEqual({
        id: key.id,
        deleted: true,
      });
    }
    await expectError(
      await parley.request('GET', '/v1/apps', undefined, bearer(secret.key)),
      401,
      'authentication_error',
    );
    await expectError(
      await parley.request('POST', `/v1/apps/${appId}/sessions`, {}, bearer(publishable.key)),
      401,
      'authentication_error',
    );
    const again = await expectError(
      await parley.request('DELETE', `/v1/keys/${secret.id}`),
      404,
      'not_found',
    );
    expect(again.details.key_id).toBe(secret.id);
    const listed = await json<{ data: KeyView[] }>(await parley.request('GET', '/v1/keys?limit=100'), 200);
    expect(listed.data.map((key) => key.id)).not.toContain(secret.id);
  });

  it('lets a secret key delete itself but never the last secret key', async () => {
    const keys = await json<{ data: KeyView[] }>(await parley.request('GET', '/v1/keys?limit=100'), 200);
    const admin = keys.data.find((key) => key.name === 'Admin');
    expect(admin).toBeDefined();
    const adminId = admin?.id ?? '';
    const spare = await json<CreatedKey>(
      await parley.request('POST', '/v1/keys', { name: 'Spare', kind: 'secret' }),
      201,
    );
    // A secret key may delete itself while another remains.
    expect(
      (await parley.request('DELETE', `/v1/keys/${spare.id}`, undefined, bearer(spare.key))).status,
    ).toBe(200);
    for (const key of keys.data) {
      if (key.kind === 'secret' && key.id !== adminId) {
        expect((await parley.request('DELETE', `/v1/keys/${key.id}`)).status).toBe(200);
      }
    }
    const refused = await expectError(
      await parley.request('DELETE', `/v1/keys/${adminId}`),
      400,
      'invalid_request',
    );
    expect(refused.details.key_id).toBe(adminId);
    expect((await parley.request('GET', '/v1/apps')).status).toBe(200);
    // Publishable keys can always go.
    const widget = await json<CreatedKey>(
      await parley.request('POST', '/v1/keys', {
        name: 'Gone',
        kind: 'publishable',
        app_id: appId,
        allowed_origins: ['*'],
      }),
      201,
    );
    expect((await parley.request('DELETE', `/v1/keys/${widget.id}`)).status).toBe(200);
  });
});
