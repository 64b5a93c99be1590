import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  expectError,
  json,
  kept,
  parley,
  snapshot,
  startWithKeptThings,
  stopServer,
} from './support/bad-input.js';

/**
 * Every kind of bad input gets the contract's 4xx in the shape
 * `{"error": {"code", "message", "details"}}` — never a 500, an HTML page or a
 * stack trace — and none of it loses or changes data stored before.
 */

describe('bad input answers the right 4xx and loses nothing', () => {
  beforeAll(startWithKeptThings);
  afterAll(stopServer);

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
