import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchOperation, type OpenApiDocument, OpenApiValidator } from './support/openapi-validator.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

/**
 * Property-based: well over a thousand generated requests — real route templates
 * with junk parameters, random paths, junk queries, arbitrary, truncated, huge and
 * deeply nested bodies, odd content types and every kind of credential — against
 * the real server over HTTP. None may answer 5xx; every error is the contract's
 * shape with the code that matches its status; every success is JSON (or SSE); and
 * every answer to a documented operation fits the served OpenAPI document (a
 * declared status, its schema, its required headers).
 */

import { assertErrorShape, assertOpenAiErrorShape, isOpenAiRoute } from './support/fuzz-answers.js';
import { bodyOf, resolveParam } from './support/fuzz-payloads.js';
import { bodyRequest, describeRequest, randomPathRequest, templateRequest } from './support/fuzz-requests.js';
import type { FuzzRequest, Pool } from './support/fuzz-values.js';

// Sending and checking

const histogram = new Map<number, number>();
const byCredential = new Map<string, number>();
let requestsSent = 0;

describe('fuzzed requests against the real server', () => {
  let parley: ParleyHarness;
  const pool: Pool = {
    app: '',
    agent: '',
    session: '',
    conversation: '',
    key: '',
    datastore: 'ds_fuzzdatastore000001',
    demoApp: '',
    demoAgent: '',
    publishableKey: '',
    shareToken: '',
  };
  let demoAppBefore = '';
  let validator: OpenApiValidator;

  async function admin<T>(method: string, pathname: string, payload?: unknown): Promise<T> {
    const response = await parley.request(method, pathname, payload);
    const text = await response.text();
    if (response.status >= 300) throw new Error(`setup ${method} ${pathname}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  async function exists(id: string, pathname: string): Promise<boolean> {
    if (!id) return false;
    const response = await parley.request('GET', pathname);
    await response.arrayBuffer();
    return response.status === 200;
  }

  /** Puts back whatever the fuzz deleted, so later runs still meet real records. */
  async function restock(): Promise<void> {
    let appMade = false;
    if (!(await exists(pool.agent, `/v1/agents/${pool.agent}`))) {
      pool.agent = (
        await admin<{ id: string }>('POST', '/v1/agents', { name: 'Fuzz agent', system_prompt: 'Fuzz.' })
      ).id;
      pool.conversation = '';
    }
    if (!(await exists(pool.app, `/v1/apps/${pool.app}`))) {
      pool.app = (
        await admin<{ id: string }>('POST', '/v1/apps', { name: 'Fuzz app', agents: [pool.agent] })
      ).id;
      pool.session = '';
      appMade = true;
    } else {
      await admin('PATCH', `/v1/apps/${pool.app}`, { agents: [pool.agent] });
    }
    if (!(await exists(pool.session, `/v1/apps/${pool.app}/sessions/${pool.session}/history`))) {
      pool.session = (
        await admin<{ session_id: string }>('POST', `/v1/apps/${pool.app}/execute`, {
          message: 'Seed the session',
        })
      ).session_id;
    }
    if (!(await exists(pool.conversation, `/v1/agents/${pool.agent}/conversations/${pool.conversation}`))) {
      pool.conversation = (
        await admin<{ conversation_id: string }>('POST', `/v1/agents/${pool.agent}/chat`, { message: 'Seed' })
      ).conversation_id;
    }
    const keys = await admin<{ data: { id: string }[] }>('GET', '/v1/keys?limit=100');
    if (!keys.data.some((key) => key.id === pool.key)) {
      pool.key = (
        await admin<{ id: string }>('POST', '/v1/keys', { name: 'Fuzz victim', kind: 'secret', plan: 'pro' })
      ).id;
    }
    if (appMade || !pool.publishableKey) {
      pool.publishableKey = (
        await admin<{ key: string }>('POST', '/v1/keys', {
          name: 'Fuzz publishable',
          kind: 'publishable',
          plan: 'enterprise',
          rate_limit: { per_minute: 1_000_000, per_day: 10_000_000 },
          app_id: pool.app,
          allowed_origins: ['https://fuzz.example'],
        })
      ).key;
    }
    pool.shareToken = (await admin<{ token: string }>('POST', `/v1/agents/${pool.agent}/share`, {})).token;
  }

  function authorizationOf(request: FuzzRequest): string | undefined {
    switch (request.credential) {
      case 'none':
        return undefined;
      case 'admin':
        return `Bearer ${parley.adminKey}`;
      case 'publishable':
        return `Bearer ${pool.publishableKey}`;
      case 'demoPublishable':
        return `Bearer ${parley.running.demo.publishableKey}`;
      case 'share':
        return `Bearer ${pool.shareToken}`;
      case 'garbage':
        return request.garbageCredential.startsWith('B')
          ? request.garbageCredential
          : `Bearer ${request.garbageCredential}`;
      case 'basic':
        return `Basic ${Buffer.from(`admin:${request.garbageCredential}`).toString('base64')}`;
    }
  }

  async function send(request: FuzzRequest): Promise<void> {
    let parameterIndex = 0;
    const template = request.template;
    const path = template
      ? template.replace(/:([A-Za-z_]+)/g, (_match, name: string) =>
          resolveParam(
            pool,
            request.params[parameterIndex++] ?? { kind: 'right' },
            template,
            name,
            request.credential,
          ),
        )
      : request.path;
    const url = `${parley.url}${path}${request.query}`;
    const headers: Record<string, string> = {};
    const authorization = authorizationOf(request);
    if (authorization !== undefined) headers.authorization = authorization;
    if (request.contentType !== undefined) headers['content-type'] = request.contentType;
    if (request.contentEncoding !== undefined) headers['content-encoding'] = request.contentEncoding;
    if (request.origin !== undefined) headers.origin = request.origin;
    const payload = request.method === 'GET' ? undefined : bodyOf(request, pool);
    const where = describeRequest(request, url);

    const response = await fetch(url, { method: request.method, headers, body: payload, redirect: 'manual' });
    const text = await response.text();
    const status = response.status;
    requestsSent += 1;
    histogram.set(status, (histogram.get(status) ?? 0) + 1);
    byCredential.set(
      `${request.credential} ${status}`,
      (byCredential.get(`${request.credential} ${status}`) ?? 0) + 1,
    );

    if (status >= 500) throw new Error(`${where}: answered ${status}: ${text.slice(0, 300)}`);
    const pathname = new URL(url).pathname;
    const documented = matchOperation(validator.document, request.method, pathname);
    if (documented) {
      const problems = validator.problemsWith(documented, { status, headers: response.headers, text });
      if (problems.length > 0) {
        throw new Error(`${where}: answered ${status} against the document:\n- ${problems.join('\n- ')}`);
      }
    }
    const isApi = pathname === '/v1' || pathname.startsWith('/v1/');
    const contentTypeAnswered = response.headers.get('content-type') ?? '';
    if (status >= 200 && status < 300) {
      if (request.method === 'OPTIONS') {
        if (status !== 200 && status !== 204) throw new Error(`${where}: OPTIONS answered ${status}`);
      } else if (contentTypeAnswered.startsWith('text/event-stream')) {
        // OpenAI's chunks are `data:` lines without event names.
        const prefix = isOpenAiRoute(request.method, pathname) ? 'data: {' : 'event: ';
        const blocks = text.split('\n\n').filter((block) => block.startsWith(prefix));
        if (blocks.length === 0) throw new Error(`${where}: an empty event stream`);
        for (const block of blocks) JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'not json');
      } else if (isApi || contentTypeAnswered.startsWith('application/json')) {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
          throw new Error(`${where}: a success that is not a JSON object: ${text.slice(0, 200)}`);
        }
      }
      if (request.method === 'DELETE' && request.credential === 'admin') await restock();
      return;
    }
    if (status >= 300 && status < 400) {
      if (isApi) throw new Error(`${where}: the API redirected (${status})`);
      return;
    }
    if (!isApi && contentTypeAnswered.startsWith('text/html')) {
      // Hosted pages (the share link) answer a refusal as a page; never as a stack trace.
      if (/node_modules|\bat \S+ \(|Error: /.test(text)) {
        throw new Error(`${where}: a page shows internals: ${text.slice(0, 300)}`);
      }
      return;
    }
    if (isOpenAiRoute(request.method, pathname)) assertOpenAiErrorShape(status, text, where);
    else assertErrorShape(status, text, where);
  }

  beforeAll(async () => {
    parley = await startParleyHarness({
      environment: {
        PARLEY_IP_LIMIT_PER_MINUTE: '100000',
        PARLEY_IP_LIMIT_PER_DAY: '10000000',
        // Its garbage credentials would otherwise block 127.0.0.1 for the admin key too.
        PARLEY_AUTH_FAILURES_PER_MINUTE: '0',
      },
    });
    validator = new OpenApiValidator(
      (await (await fetch(`${parley.url}/v1/openapi.json`)).json()) as OpenApiDocument,
    );
    pool.demoApp = parley.running.demo.appId;
    pool.demoAgent = parley.running.demo.agentId;
    await restock();
    demoAppBefore = JSON.stringify(await admin('GET', `/v1/apps/${pool.demoApp}`));
  });

  afterAll(async () => {
    const counts = [...histogram.entries()].sort(([left], [right]) => left - right);
    console.log(
      `fuzz: ${requestsSent} requests; status histogram: ${counts.map(([status, count]) => `${status}×${count}`).join(', ')}`,
    );
    console.log(
      `fuzz: by credential: ${[...byCredential.entries()]
        .sort(([left], [right]) => left.localeCompare(right))
        .map(([name, count]) => `${name}×${count}`)
        .join(', ')}`,
    );
    await parley?.stop();
  });

  it('never answers 5xx to requests built on the real route templates (600 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(templateRequest, async (request) => {
        await send(request);
      }),
      { numRuns: 600 },
    );
  }, 120_000);

  it('never answers 5xx to bodies sent to the routes that take one (300 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(bodyRequest, async (request) => {
        await send(request);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('never answers 5xx to random paths (200 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(randomPathRequest, async (request) => {
        await send(request);
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  it('is still up afterwards, the admin key still works and the demo app is unchanged', async () => {
    const health = await fetch(`${parley.url}/healthz`);
    expect(health.status).toBe(200);
    const apps = await parley.request('GET', '/v1/apps?limit=100');
    expect(apps.status).toBe(200);
    expect(JSON.stringify(await admin('GET', `/v1/apps/${pool.demoApp}`))).toBe(demoAppBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(requestsSent).toBeGreaterThanOrEqual(1_000);
    expect(histogram.has(500)).toBe(false);
    // A good request still works end to end.
    const executed = await parley.request('POST', `/v1/apps/${pool.demoApp}/execute`, {
      message: 'Still there?',
    });
    expect(executed.status).toBe(200);
  });
});
