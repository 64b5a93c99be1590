import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusOfCode } from './support/error-codes.js';
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

import { bodyRequest, describeRequest, randomPathRequest, templateRequest } from './support/fuzz-requests.js';
import {
  type CredentialName,
  type FuzzRequest,
  nested,
  type ParamValue,
  type Pool,
  type RealThing,
} from './support/fuzz-values.js';

// Sending and checking

const histogram = new Map<number, number>();
const byCredential = new Map<string, number>();
let requestsSent = 0;

function assertErrorShape(status: number, text: string, where: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${where}: error answer ${status} is not JSON: ${text.slice(0, 200)}`);
  }
  const body = parsed as { error?: { code?: unknown; message?: unknown; details?: unknown } };
  const keys = typeof parsed === 'object' && parsed !== null ? Object.keys(parsed) : [];
  const error = body.error;
  const shapeIsRight =
    keys.length === 1 &&
    keys[0] === 'error' &&
    typeof error === 'object' &&
    error !== null &&
    Object.keys(error).sort().join(',') === 'code,details,message' &&
    typeof error.code === 'string' &&
    typeof error.message === 'string' &&
    typeof error.details === 'object' &&
    error.details !== null &&
    !Array.isArray(error.details);
  if (!shapeIsRight)
    throw new Error(`${where}: error answer ${status} has the wrong shape: ${text.slice(0, 300)}`);
  const code = error?.code as string;
  if (statusOfCode[code] !== status)
    throw new Error(`${where}: code ${code} does not match status ${status}`);
}

/** The OpenAI-compatible routes answer OpenAI's error shape, with the contract's code (other methods: no route). */
function isOpenAiRoute(method: string, pathname: string): boolean {
  if (method === 'POST') return /^\/v1\/chat\/completions\/?$/.test(pathname);
  return (method === 'GET' || method === 'HEAD') && /^\/v1\/models(\/[^/]+)?\/?$/.test(pathname);
}

function assertOpenAiErrorShape(status: number, text: string, where: string): void {
  const parsed = JSON.parse(text) as { error?: Record<string, unknown> };
  const error = parsed.error ?? {};
  const shapeIsRight =
    Object.keys(parsed).join(',') === 'error' &&
    Object.keys(error).sort().join(',') === 'code,message,param,type' &&
    typeof error.message === 'string' &&
    typeof error.type === 'string' &&
    (error.param === null || typeof error.param === 'string');
  if (!shapeIsRight)
    throw new Error(`${where}: error answer ${status} has the wrong shape: ${text.slice(0, 300)}`);
  if (statusOfCode[error.code as string] !== status)
    throw new Error(`${where}: code ${String(error.code)} does not match status ${status}`);
}

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

  function templateBody(request: FuzzRequest): Record<string, unknown> {
    const key = `${request.method} ${request.template ?? ''}`;
    const templates: Record<string, Record<string, unknown>> = {
      'POST /v1/apps': {
        name: 'Fuzzed app',
        agents: [pool.agent],
        routing: 'first',
        starter_prompts: ['Hi'],
      },
      'PATCH /v1/apps/:app_id': {
        name: 'Fuzzed name',
        greeting: 'Hello {{memory.sessionMeta.metadata.name}}',
      },
      'POST /v1/apps/:app_id/sessions': {
        user_id: 'user-1',
        metadata: { name: 'Fuzz', nested: { a: [1, 2] } },
      },
      'POST /v1/apps/:app_id/execute': {
        message: 'Hello',
        session_id: pool.session,
        metadata: { k: 'v' },
        user_id: 'u',
      },
      'POST /v1/apps/:app_id/execute/stream': { message: 'Hello', session_id: pool.session },
      'POST /v1/agents': { name: 'Fuzzed agent', settings: { temperature: 0.5, max_tokens: 100 } },
      'PATCH /v1/agents/:id': { description: 'Fuzzed', settings: { retrieval_count: 3 } },
      'POST /v1/agents/:id/datastores': { datastore_id: pool.datastore },
      'POST /v1/agents/:id/chat': { message: 'Hello', conversation_id: pool.conversation, stream: true },
      'POST /v1/agents/:id/share': { expires_in: 2, allow_conversations: false },
      'POST /v1/chat/completions': {
        model: pool.agent,
        messages: [{ role: 'user', content: 'Hello' }],
        stream: true,
        metadata: { conversation_id: pool.conversation },
      },
      'POST /v1/keys': { name: 'Fuzzed key', kind: 'publishable', app_id: pool.app, allowed_origins: ['*'] },
    };
    return { ...(templates[key] ?? {}) };
  }

  function bodyOf(request: FuzzRequest): string | Uint8Array<ArrayBuffer> | undefined {
    const plan = request.body;
    if (plan.kind === 'none') return undefined;
    if (plan.kind === 'text') return plan.text;
    if (plan.kind === 'bytes') return plan.bytes;
    const value = templateBody(request);
    const keys = Object.keys(value);
    const mutation = plan.mutation;
    if (mutation.op === 'replace' && keys.length > 0)
      value[keys[mutation.pick % keys.length] as string] = mutation.value;
    if (mutation.op === 'remove' && keys.length > 0)
      delete value[keys[mutation.pick % keys.length] as string];
    if (mutation.op === 'deep') {
      // Built as text: JSON.stringify itself cannot write a value this deep.
      const marker = '\u0000deep\u0000';
      const key = keys.length > 0 ? (keys[mutation.pick % keys.length] as string) : 'metadata';
      value[key] = marker;
      const deep = nested(mutation.depth, mutation.shape);
      return JSON.stringify(value).replace(
        JSON.stringify(marker),
        key === 'metadata' ? `{"a":${deep}}` : deep,
      );
    }
    if (mutation.op === 'add')
      Object.defineProperty(value, mutation.key, {
        value: mutation.value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
    try {
      return JSON.stringify(value) ?? '';
    } catch {
      return '{}';
    }
  }

  /** The kind of record a template's parameter names. */
  function thingOf(template: string, name: string): RealThing {
    if (name === 'app_id') return 'app';
    if (name === 'session_id') return 'session';
    if (name === 'conversation_id') return 'conversation';
    if (name === 'datastore_id') return 'datastore';
    return template.startsWith('/v1/keys') ? 'key' : 'agent';
  }

  function resolveParam(
    param: ParamValue,
    template: string,
    name: string,
    credentialName: CredentialName,
  ): string {
    if (param.kind === 'text') return param.text;
    const wanted = param.kind === 'right' ? thingOf(template, name) : param.thing;
    // The admin key could really change the demo app; it meets the fuzz's own records instead.
    const thing =
      credentialName === 'admin' && wanted === 'demoApp'
        ? 'app'
        : credentialName === 'admin' && wanted === 'demoAgent'
          ? 'agent'
          : wanted;
    return pool[thing];
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
    const payload = request.method === 'GET' ? undefined : bodyOf(request);
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
