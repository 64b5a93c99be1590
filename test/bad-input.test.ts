import { type ErrorCode, errorStatus as statusOfCode } from '@parley/contract/errors';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

/**
 * Every kind of bad input gets the contract's 4xx in the shape
 * `{"error": {"code", "message", "details"}}` — never a 500, an HTML page or a
 * stack trace — and none of it loses or changes data stored before.
 */

/** The codes bad input gets: the contract's 4xx ones. */
type ClientErrorCode = Exclude<ErrorCode, 'internal_error' | 'upstream_error'>;

interface ErrorBody {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

/** Asserts the status, the JSON content type and the exact error shape; returns the error. */
async function expectError(response: Response, code: ClientErrorCode): Promise<ErrorBody> {
  const text = await response.text();
  expect(response.status, text).toBe(statusOfCode[code]);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(text) as { error: ErrorBody };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'details', 'message']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(typeof body.error.details).toBe('object');
  expect(body.error.details).not.toBeNull();
  expect(Array.isArray(body.error.details)).toBe(false);
  expect(text).not.toMatch(/<html|at \w+ \(|node_modules/i);
  return body.error;
}

async function json<T = Record<string, unknown>>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

describe('bad input answers the right 4xx and loses nothing', () => {
  let parley: ParleyHarness;
  /** Made before any bad request, checked unchanged at the end. */
  const kept = {
    appId: '',
    agentId: '',
    otherAgentId: '',
    sessionId: '',
    conversationId: '',
    publishableKey: '',
    shareToken: '',
    before: {} as Record<string, string>,
  };

  /** The JSON text of everything that must survive the bad requests. */
  async function snapshot(): Promise<Record<string, string>> {
    const paths = {
      app: `/v1/apps/${kept.appId}`,
      agent: `/v1/agents/${kept.agentId}`,
      history: `/v1/apps/${kept.appId}/sessions/${kept.sessionId}/history`,
      conversation: `/v1/agents/${kept.agentId}/conversations/${kept.conversationId}`,
      demoApp: `/v1/apps/${parley.running.demo.appId}`,
    };
    const entries = await Promise.all(
      Object.entries(paths).map(async ([name, pathname]) => {
        const response = await parley.request('GET', pathname);
        return [name, JSON.stringify(await json(response, 200))] as const;
      }),
    );
    return Object.fromEntries(entries);
  }

  beforeAll(async () => {
    parley = await startParleyHarness();
    const agent = await json<{ id: string }>(
      await parley.request('POST', '/v1/agents', { name: 'Keeper', system_prompt: 'You keep things.' }),
      201,
    );
    const otherAgent = await json<{ id: string }>(
      await parley.request('POST', '/v1/agents', { name: 'Other' }),
      201,
    );
    const app = await json<{ id: string }>(
      await parley.request('POST', '/v1/apps', { name: 'Keeper app', agents: [agent.id], routing: 'first' }),
      201,
    );
    const key = await json<{ key: string }>(
      await parley.request('POST', '/v1/keys', {
        name: 'Shop widget',
        kind: 'publishable',
        plan: 'pro',
        app_id: app.id,
        allowed_origins: ['https://shop.example'],
      }),
      201,
    );
    // Opened by the site's widget key, which may read and continue only the sessions it opened.
    parley.modelServer?.enqueue({ content: 'Stored answer one.' });
    const executed = await json<{ session_id: string }>(
      await parley.request(
        'POST',
        `/v1/apps/${app.id}/execute`,
        { message: 'Remember me', metadata: { plan: 'gold' } },
        { authorization: `Bearer ${key.key}` },
      ),
      200,
    );
    parley.modelServer?.enqueue({ content: 'Conversation answer.' });
    const chatted = await json<{ conversation_id: string }>(
      await parley.request('POST', `/v1/agents/${agent.id}/chat`, { message: 'Hello agent' }),
      200,
    );
    const share = await json<{ token: string }>(
      await parley.request('POST', `/v1/agents/${agent.id}/share`, { expires_in: 1 }),
      200,
    );
    Object.assign(kept, {
      appId: app.id,
      agentId: agent.id,
      otherAgentId: otherAgent.id,
      sessionId: executed.session_id,
      conversationId: chatted.conversation_id,
      publishableKey: key.key,
      shareToken: share.token,
    });
    kept.before = await snapshot();
  });

  afterAll(async () => {
    vi.useRealTimers();
    await parley?.stop();
  });

  describe('malformed and mistyped bodies', () => {
    it('refuses malformed JSON naming the body', async () => {
      for (const text of [
        '{"message":',
        '{message: "hi"}',
        "{'message': 'hi'}",
        '{"message":"hi",}',
        '\u0000',
        '{}}',
      ]) {
        const error = await expectError(
          await parley.request('POST', `/v1/apps/${kept.appId}/execute`, text),
          'invalid_request',
        );
        expect(error.details.field).toBe('body');
      }
    });

    it('refuses a JSON array, string, number or null as the body', async () => {
      for (const text of ['[{"message":"hi"}]', '"hi"', '42', 'null', 'true']) {
        const error = await expectError(
          await parley.request('POST', `/v1/apps/${kept.appId}/execute`, text),
          'invalid_request',
        );
        expect(error.details.field).toBe('body');
      }
    });

    it('names the field of a wrong type', async () => {
      const cases: { method: string; path: () => string; body?: unknown; field: string }[] = [
        {
          method: 'POST',
          path: () => `/v1/apps/${kept.appId}/execute`,
          body: { message: 5 },
          field: 'message',
        },
        {
          method: 'POST',
          path: () => `/v1/apps/${kept.appId}/execute`,
          body: { message: ['hi'] },
          field: 'message',
        },
        {
          method: 'POST',
          path: () => `/v1/apps/${kept.appId}/execute`,
          body: { message: 'hi', metadata: 'x' },
          field: 'metadata',
        },
        {
          method: 'POST',
          path: () => `/v1/apps/${kept.appId}/execute`,
          body: { message: 'hi', session_id: 7 },
          field: 'session_id',
        },
        {
          method: 'POST',
          path: () => '/v1/agents',
          body: { name: 'A', settings: { temperature: 'hot' } },
          field: 'settings.temperature',
        },
        {
          method: 'POST',
          path: () => '/v1/agents',
          body: { name: 'A', settings: { max_tokens: 1.5 } },
          field: 'settings.max_tokens',
        },
        { method: 'POST', path: () => '/v1/agents', body: { name: 42 }, field: 'name' },
        {
          method: 'POST',
          path: () => '/v1/apps',
          body: { name: 'A', routing: 'sideways' },
          field: 'routing',
        },
        { method: 'POST', path: () => '/v1/apps', body: { name: 'A', agents: 'agt_x' }, field: 'agents' },
        {
          method: 'POST',
          path: () => '/v1/apps',
          body: { name: 'A', session_ttl_seconds: '3600' },
          field: 'session_ttl_seconds',
        },
        {
          method: 'PATCH',
          path: () => `/v1/apps/${kept.appId}`,
          body: { starter_prompts: [1] },
          field: 'starter_prompts.0',
        },
        {
          method: 'POST',
          path: () => `/v1/agents/${kept.agentId}/chat`,
          body: { message: 'hi', stream: 'yes' },
          field: 'stream',
        },
        {
          method: 'POST',
          path: () => `/v1/agents/${kept.agentId}/share`,
          body: { expires_in: 'soon' },
          field: 'expires_in',
        },
        { method: 'POST', path: () => '/v1/keys', body: { name: 'k', kind: 'root' }, field: 'kind' },
        {
          method: 'POST',
          path: () => '/v1/keys',
          body: { name: 'k', kind: 'secret', plan: 'gold' },
          field: 'plan',
        },
        {
          method: 'POST',
          path: () => `/v1/apps/${kept.appId}/sessions`,
          body: { metadata: { a: { b: { c: { d: { e: { f: { g: { h: { i: 1 } } } } } } } } } },
          field: 'metadata',
        },
        { method: 'GET', path: () => '/v1/apps?limit=abc', field: 'limit' },
        { method: 'GET', path: () => '/v1/agents?limit=0', field: 'limit' },
        { method: 'GET', path: () => '/v1/keys?limit=101', field: 'limit' },
        { method: 'GET', path: () => '/v1/apps?limit=2.5', field: 'limit' },
        { method: 'GET', path: () => `/v1/agents/${kept.agentId}/conversations?cursor=`, field: 'cursor' },
      ];
      for (const testCase of cases) {
        const response = await parley.request(testCase.method, testCase.path(), testCase.body);
        const error = await expectError(response, 'invalid_request');
        expect(error.details.field, JSON.stringify(testCase)).toBe(testCase.field);
        expect(typeof error.details.problem).toBe('string');
      }
    });

    it('names an unknown field, in the body, nested, or in the query', async () => {
      const body = await expectError(
        await parley.request('POST', `/v1/apps/${kept.appId}/execute`, {
          message: 'hi',
          sesion_id: kept.sessionId,
        }),
        'invalid_request',
      );
      expect(body.details.field).toBe('sesion_id');
      const nested = await expectError(
        await parley.request('PATCH', `/v1/agents/${kept.agentId}`, { settings: { temprature: 1 } }),
        'invalid_request',
      );
      expect(nested.details.field).toBe('settings.temprature');
      const query = await expectError(await parley.request('GET', '/v1/apps?page=2'), 'invalid_request');
      expect(query.details.field).toBe('page');
      const prototypeKey = await expectError(
        await parley.request('POST', '/v1/agents', '{"name":"A","__proto__":{"admin":true}}'),
        'invalid_request',
      );
      expect(prototypeKey.details.field).toBe('__proto__');
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    });

    it('requires the message, and refuses an empty or blank one', async () => {
      const missing = await expectError(
        await parley.request('POST', `/v1/apps/${kept.appId}/execute`, { session_id: kept.sessionId }),
        'invalid_request',
      );
      expect(missing.details.field).toBe('message');
      for (const message of ['', '   ', '\n\t  \r\n']) {
        for (const pathname of [`/v1/apps/${kept.appId}/execute`, `/v1/apps/${kept.appId}/execute/stream`]) {
          const error = await expectError(
            await parley.request('POST', pathname, { message, session_id: kept.sessionId }),
            'invalid_request',
          );
          expect(error.details.field).toBe('message');
        }
        const chat = await expectError(
          await parley.request('POST', `/v1/agents/${kept.agentId}/chat`, { message }),
          'invalid_request',
        );
        expect(chat.details.field).toBe('message');
      }
      const empty = await expectError(await parley.request('POST', '/v1/agents', {}), 'invalid_request');
      expect(empty.details.field).toBe('name');
    });

    it('refuses a body that is not sent as JSON, naming Content-Type', async () => {
      const asText = await expectError(
        await parley.request('POST', `/v1/apps/${kept.appId}/execute`, '{"message":"hi"}', {
          'content-type': 'text/plain',
        }),
        'invalid_request',
      );
      expect(asText.details.field).toBe('Content-Type');
      const asForm = await expectError(
        await parley.request('POST', '/v1/agents', 'name=A', {
          'content-type': 'application/x-www-form-urlencoded',
        }),
        'invalid_request',
      );
      expect(asForm.details.field).toBe('Content-Type');
      const withoutType = await fetch(`${parley.url}/v1/apps/${kept.appId}/execute`, {
        method: 'POST',
        headers: bearer(parley.adminKey),
        body: new TextEncoder().encode('{"message":"hi"}'),
      });
      expect((await expectError(withoutType, 'invalid_request')).details.field).toBe('Content-Type');
      const wrongCharset = await expectError(
        await parley.request('POST', '/v1/agents', '{"name":"A"}', {
          'content-type': 'application/json; charset=latin-9',
        }),
        'invalid_request',
      );
      expect(wrongCharset.details.field).toBe('Content-Type');
      const wrongEncoding = await expectError(
        await parley.request('POST', '/v1/agents', '{"name":"A"}', { 'content-encoding': 'gzip' }),
        'invalid_request',
      );
      expect(wrongEncoding.code).toBe('invalid_request');
    });

    it('refuses metadata nested thousands of levels deep with a 400, not a crash', async () => {
      for (const depth of [9, 5_000, 100_000]) {
        const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
        const error = await expectError(
          await parley.request('POST', `/v1/apps/${kept.appId}/sessions`, `{"metadata":{"a":${nested}}}`),
          'invalid_request',
        );
        expect(error.details.field).toBe('metadata');
      }
    });
  });

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

  describe('after all of it', () => {
    it('a refused turn stores nothing', async () => {
      const refused: unknown[] = [
        { message: 'must not be stored', session_id: kept.sessionId, unknown_field: true },
        { message: 'must not be stored', session_id: kept.sessionId, metadata: 'not an object' },
        { message: 'x'.repeat(32_001), session_id: kept.sessionId },
      ];
      for (const body of refused) {
        await expectError(
          await parley.request('POST', `/v1/apps/${kept.appId}/execute`, body),
          'invalid_request',
        );
        await expectError(
          await parley.request('POST', `/v1/apps/${kept.appId}/execute/stream`, body),
          'invalid_request',
        );
      }
      const history = await json<{ messages: { content: string }[] }>(
        await parley.request('GET', `/v1/apps/${kept.appId}/sessions/${kept.sessionId}/history`),
        200,
      );
      expect(history.messages.map((message) => message.content)).toEqual([
        'Remember me',
        'Stored answer one.',
      ]);
    });

    it('still has everything made before, unchanged, and still serves good requests', async () => {
      expect(await snapshot()).toEqual(kept.before);
      const headers = bearer(kept.publishableKey);
      parley.modelServer?.enqueue({ content: 'Still here.' });
      const executed = await json<{ response: string; session_id: string }>(
        await parley.request(
          'POST',
          `/v1/apps/${kept.appId}/execute`,
          { message: 'Again', session_id: kept.sessionId },
          headers,
        ),
        200,
      );
      expect(executed).toMatchObject({ response: 'Still here.', session_id: kept.sessionId });
      const history = await json<{ messages: { content: string; role: string }[] }>(
        await parley.request(
          'GET',
          `/v1/apps/${kept.appId}/sessions/${kept.sessionId}/history`,
          undefined,
          headers,
        ),
        200,
      );
      expect(history.messages.map((message) => message.content)).toEqual([
        'Remember me',
        'Stored answer one.',
        'Again',
        'Still here.',
      ]);
      const keys = await json<{ data: { name: string }[] }>(await parley.request('GET', '/v1/keys'), 200);
      expect(keys.data.map((key) => key.name).sort()).toEqual(['Admin', 'Demo page', 'Shop widget']);
      const health = await json(await fetch(`${parley.url}/healthz`), 200);
      expect(health.status).toBe('ok');
    });

    it('still has everything after a restart', async () => {
      const before = await snapshot();
      await parley.restart();
      expect(await snapshot()).toEqual(before);
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
