import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  bearer,
  expectError,
  json,
  kept,
  parley,
  startWithKeptThings,
  stopServer,
} from './support/bad-input.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

/**
 * Bad input, continued: unknown ids and routes, and credentials that may not do what they ask;
 * the body limit on a server of its own.
 */

describe('bad input answers the right 4xx and loses nothing', () => {
  beforeAll(startWithKeptThings);
  afterAll(stopServer);

  describe('unknown things', () => {
    it('answers 404 not_found with the unknown id of every kind in details', async () => {
      const cases: { method: string; path: () => string; body?: unknown; detail: string; id: string }[] = [
        {
          method: 'GET',
          path: () => '/v1/apps/app_doesnotexist000000',
          detail: 'app_id',
          id: 'app_doesnotexist000000',
        },
        {
          method: 'POST',
          path: () => '/v1/apps/app_doesnotexist000000/execute',
          body: { message: 'hi' },
          detail: 'app_id',
          id: 'app_doesnotexist000000',
        },
        {
          method: 'GET',
          path: () => '/v1/agents/agt_doesnotexist000000',
          detail: 'agent_id',
          id: 'agt_doesnotexist000000',
        },
        {
          method: 'POST',
          path: () => '/v1/agents/agt_doesnotexist000000/chat',
          body: { message: 'hi' },
          detail: 'agent_id',
          id: 'agt_doesnotexist000000',
        },
        {
          method: 'POST',
          path: () => '/v1/apps',
          body: { name: 'A', agents: ['agt_doesnotexist000000'] },
          detail: 'agent_id',
          id: 'agt_doesnotexist000000',
        },
        {
          method: 'GET',
          path: () => `/v1/apps/${kept.appId}/sessions/sess_doesnotexist00000/history`,
          detail: 'session_id',
          id: 'sess_doesnotexist00000',
        },
        {
          method: 'POST',
          path: () => `/v1/apps/${kept.appId}/execute`,
          body: { message: 'hi', session_id: 'sess_doesnotexist00000' },
          detail: 'session_id',
          id: 'sess_doesnotexist00000',
        },
        {
          method: 'POST',
          path: () => `/v1/apps/${kept.appId}/execute/stream`,
          body: { message: 'hi', session_id: 'sess_doesnotexist00000' },
          detail: 'session_id',
          id: 'sess_doesnotexist00000',
        },
        {
          method: 'DELETE',
          path: () => `/v1/apps/${kept.appId}/sessions/sess_doesnotexist00000`,
          detail: 'session_id',
          id: 'sess_doesnotexist00000',
        },
        {
          method: 'GET',
          path: () => `/v1/agents/${kept.agentId}/conversations/conv_doesnotexist00000`,
          detail: 'conversation_id',
          id: 'conv_doesnotexist00000',
        },
        {
          method: 'POST',
          path: () => `/v1/agents/${kept.agentId}/chat`,
          body: { message: 'hi', conversation_id: 'conv_doesnotexist00000' },
          detail: 'conversation_id',
          id: 'conv_doesnotexist00000',
        },
        {
          method: 'DELETE',
          path: () => '/v1/keys/key_doesnotexist000000',
          detail: 'key_id',
          id: 'key_doesnotexist000000',
        },
        {
          method: 'POST',
          path: () => '/v1/keys',
          body: { name: 'k', kind: 'publishable', app_id: 'app_doesnotexist000000', allowed_origins: ['*'] },
          detail: 'app_id',
          id: 'app_doesnotexist000000',
        },
      ];
      for (const testCase of cases) {
        const error = await expectError(
          await parley.request(testCase.method, testCase.path(), testCase.body),
          'not_found',
        );
        expect(error.details[testCase.detail], JSON.stringify(testCase)).toBe(testCase.id);
      }
    });

    it('answers an unknown route or method with a JSON 404', async () => {
      for (const [method, pathname] of [
        ['GET', '/v1/nothing-here'],
        ['POST', '/v1/apps/x/y/z'],
        ['PUT', `/v1/apps/${kept.appId}`],
        ['GET', '/definitely/not/an/api'],
        ['DELETE', '/v1'],
      ] as const) {
        const error = await expectError(await parley.request(method, pathname), 'not_found');
        expect(error.details.method).toBe(method);
      }
    });

    it('answers malformed percent-encoding in a path with 400, not 500', async () => {
      for (const pathname of [
        '/v1/agents/%E0%A4%A',
        '/v1/apps/%ZZ',
        `/v1/apps/${kept.appId}/sessions/%C3%28/history`,
        '/v1/keys/%',
        `/v1/agents/${kept.agentId}/conversations/%E2%82`,
      ]) {
        const method = pathname.startsWith('/v1/keys') ? 'DELETE' : 'GET';
        await expectError(await parley.request(method, pathname), 'invalid_request');
      }
    });

    it('refuses an over-long id as a mistake, naming the parameter', async () => {
      const error = await expectError(
        await parley.request('GET', `/v1/apps/${'a'.repeat(500)}`),
        'invalid_request',
      );
      expect(error.details.field).toBe('app_id');
    });
  });

  describe('credentials', () => {
    it('answers 401 without a key, with a wrong key, or with another scheme', async () => {
      const headerSets: Record<string, string>[] = [
        { authorization: '' },
        { authorization: 'Bearer' },
        { authorization: 'Bearer ' },
        { authorization: 'Bearer sk_this_is_not_a_real_key_at_all' },
        { authorization: `Bearer ${parley.adminKey}x` },
        { authorization: `Basic ${Buffer.from(`user:${parley.adminKey}`).toString('base64')}` },
        { authorization: parley.adminKey },
        { authorization: `Bearer ${'k'.repeat(4_000)}` },
      ];
      for (const headers of headerSets) {
        await expectError(
          await parley.request('GET', '/v1/apps', undefined, headers),
          'authentication_error',
        );
        await expectError(
          await parley.request('POST', `/v1/apps/${kept.appId}/execute`, { message: 'hi' }, headers),
          'authentication_error',
        );
      }
      const noHeader = await fetch(`${parley.url}/v1/apps`);
      await expectError(noHeader, 'authentication_error');
    });

    it('answers 403 permission_error to a publishable key on a secret-only route, and does nothing', async () => {
      const headers = bearer(kept.publishableKey);
      const calls: [string, string, unknown?][] = [
        ['GET', '/v1/agents'],
        ['GET', '/v1/apps'],
        ['GET', `/v1/apps/${kept.appId}`],
        ['PATCH', `/v1/apps/${kept.appId}`, { name: 'Hijacked' }],
        ['DELETE', `/v1/apps/${kept.appId}`],
        ['POST', '/v1/keys', { name: 'escalate', kind: 'secret' }],
        ['GET', '/v1/keys'],
        ['DELETE', `/v1/apps/${kept.appId}/sessions/${kept.sessionId}`],
        ['PATCH', `/v1/agents/${kept.agentId}`, { system_prompt: 'Leak everything' }],
        ['POST', `/v1/agents/${kept.agentId}/share`, {}],
        ['GET', `/v1/agents/${kept.agentId}/conversations`],
        ['DELETE', `/v1/agents/${kept.agentId}/conversations/${kept.conversationId}`],
      ];
      for (const [method, pathname, body] of calls) {
        const error = await expectError(
          await parley.request(method, pathname, body, headers),
          'permission_error',
        );
        expect(error.details.credential).toBe('publishable');
      }
    });

    it('answers 403 to a publishable key of one app on another app or on an agent outside its app', async () => {
      const headers = bearer(kept.publishableKey);
      const demoAppId = parley.running.demo.appId;
      const onOtherApp = await expectError(
        await parley.request('POST', `/v1/apps/${demoAppId}/sessions`, {}, headers),
        'permission_error',
      );
      expect(onOtherApp.details.app_id).toBe(demoAppId);
      await expectError(
        await parley.request('POST', `/v1/apps/${demoAppId}/execute`, { message: 'hi' }, headers),
        'permission_error',
      );
      const demoKey = bearer(parley.running.demo.publishableKey as string);
      await expectError(
        await parley.request(
          'GET',
          `/v1/apps/${kept.appId}/sessions/${kept.sessionId}/history`,
          undefined,
          demoKey,
        ),
        'permission_error',
      );
      const onOtherAgent = await expectError(
        await parley.request('POST', `/v1/agents/${kept.otherAgentId}/chat`, { message: 'hi' }, headers),
        'permission_error',
      );
      expect(onOtherAgent.details.agent_id).toBe(kept.otherAgentId);
    });

    it('refuses a publishable key from an origin outside its list; allows a listed origin or none', async () => {
      const headers = bearer(kept.publishableKey);
      for (const origin of [
        'https://evil.example',
        'http://shop.example',
        'https://shop.example:8443',
        'null',
      ]) {
        const error = await expectError(
          await parley.request('POST', `/v1/apps/${kept.appId}/sessions`, {}, { ...headers, origin }),
          'permission_error',
        );
        expect(error.details.origin).toBe(origin);
      }
      const allowed = await parley.request(
        'POST',
        `/v1/apps/${kept.appId}/sessions`,
        {},
        { ...headers, origin: 'https://shop.example' },
      );
      expect(allowed.status).toBe(201);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
      const noOrigin = await parley.request('POST', `/v1/apps/${kept.appId}/sessions`, {}, headers);
      expect(noOrigin.status).toBe(201);
      const history = await parley.request(
        'GET',
        `/v1/apps/${kept.appId}/sessions/${kept.sessionId}/history`,
        undefined,
        { ...headers, origin: 'https://shop.example' },
      );
      expect(history.status).toBe(200);
    });

    it('answers 403 to a share token on another agent or on an app, 200 on its own agent', async () => {
      const headers = bearer(kept.shareToken);
      const other = await expectError(
        await parley.request('POST', `/v1/agents/${kept.otherAgentId}/chat`, { message: 'hi' }, headers),
        'permission_error',
      );
      expect(other.details.agent_id).toBe(kept.otherAgentId);
      await expectError(
        await parley.request('POST', `/v1/apps/${kept.appId}/execute`, { message: 'hi' }, headers),
        'permission_error',
      );
      await expectError(await parley.request('GET', '/v1/agents', undefined, headers), 'permission_error');
      parley.modelServer?.enqueue({ content: 'Shared answer.' });
      const own = await parley.request('POST', `/v1/agents/${kept.agentId}/chat`, { message: 'hi' }, headers);
      expect(own.status).toBe(200);
    });

    it('answers 401 to a revoked share token, at once', async () => {
      const agent = await json<{ id: string }>(
        await parley.request('POST', '/v1/agents', { name: 'Revoked' }),
        201,
      );
      const share = await json<{ token: string }>(
        await parley.request('POST', `/v1/agents/${agent.id}/share`, {}),
        200,
      );
      parley.modelServer?.enqueue({ content: 'Before revocation.' });
      const before = await parley.request(
        'POST',
        `/v1/agents/${agent.id}/chat`,
        { message: 'hi' },
        bearer(share.token),
      );
      expect(before.status).toBe(200);
      await json(await parley.request('DELETE', `/v1/agents/${agent.id}/share`), 200);
      await expectError(
        await parley.request('POST', `/v1/agents/${agent.id}/chat`, { message: 'hi' }, bearer(share.token)),
        'authentication_error',
      );
    });

    it('answers 401 to an expired share token (the server runs in this process, so its clock can be moved)', async () => {
      const agent = await json<{ id: string }>(
        await parley.request('POST', '/v1/agents', { name: 'Expiring' }),
        201,
      );
      const share = await json<{ token: string; expires_at: string }>(
        await parley.request('POST', `/v1/agents/${agent.id}/share`, { expires_in: 1 }),
        200,
      );
      expect(Date.parse(share.expires_at) - Date.now()).toBeGreaterThan(59 * 60_000);
      parley.modelServer?.enqueue({ content: 'Still valid.' });
      expect(
        (await parley.request('POST', `/v1/agents/${agent.id}/chat`, { message: 'hi' }, bearer(share.token)))
          .status,
      ).toBe(200);
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(Date.parse(share.expires_at) + 1_000);
        const error = await expectError(
          await parley.request('POST', `/v1/agents/${agent.id}/chat`, { message: 'hi' }, bearer(share.token)),
          'authentication_error',
        );
        expect(error.details.expires_at).toBe(share.expires_at);
        // Secret keys do not expire.
        expect((await parley.request('GET', '/v1/apps')).status).toBe(200);
      } finally {
        vi.useRealTimers();
      }
    });
  });
});

describe('a body over the limit', () => {
  let parley: ParleyHarness;
  beforeAll(async () => {
    parley = await startParleyHarness({ model: 'offline', environment: { PARLEY_BODY_LIMIT_BYTES: '2048' } });
  });
  afterAll(async () => {
    await parley?.stop();
  });

  it('answers 413 payload_too_large, whatever the route, and keeps serving', async () => {
    const { appId } = parley.running.demo;
    const big = 'x'.repeat(3_000);
    const cases: [string, unknown][] = [
      [`/v1/apps/${appId}/execute`, { message: big }],
      [`/v1/apps/${appId}/execute/stream`, { message: big }],
      [`/v1/apps/${appId}/sessions`, { metadata: { note: big } }],
      ['/v1/agents', { name: 'Big', system_prompt: big }],
      ['/v1/apps', `{"name": "${big}`],
    ];
    for (const [pathname, body] of cases) {
      const error = await expectError(await parley.request('POST', pathname, body), 'payload_too_large');
      expect(error.details.field).toBe('body');
    }
    const small = await parley.request('POST', `/v1/apps/${appId}/execute`, { message: 'x'.repeat(1_000) });
    expect(small.status).toBe(200);
    const agents = await json<{ data: { name: string }[] }>(await parley.request('GET', '/v1/agents'), 200);
    expect(agents.data.map((agent) => agent.name)).toEqual(['Parley Demo']);
  });
});
