import { routes } from '@parley/server';
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

const methods = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS'] as const;
type Method = (typeof methods)[number];

/** The records a parameter may name; resolved when the request is sent, since the fuzz may delete them. */
const realThings = [
  'app',
  'agent',
  'session',
  'conversation',
  'key',
  'datastore',
  'demoApp',
  'demoAgent',
] as const;
type RealThing = (typeof realThings)[number];

const credentialNames = [
  'none',
  'admin',
  'publishable',
  'demoPublishable',
  'share',
  'garbage',
  'basic',
] as const;
type CredentialName = (typeof credentialNames)[number];

/** `right`: the real record of the kind the parameter names; `real`: a real record of any kind. */
type ParamValue = { kind: 'right' } | { kind: 'real'; thing: RealThing } | { kind: 'text'; text: string };

type Mutation =
  | { op: 'keep' }
  | { op: 'replace'; pick: number; value: unknown }
  | { op: 'add'; key: string; value: unknown }
  | { op: 'remove'; pick: number }
  /** The picked field becomes a value nested `depth` levels deep (inside an object when it is `metadata`). */
  | { op: 'deep'; pick: number; depth: number; shape: 'array' | 'object' };

type BodyPlan =
  | { kind: 'none' }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array<ArrayBuffer> }
  | { kind: 'template'; mutation: Mutation };

interface FuzzRequest {
  method: Method;
  /** A route template to fill, or a path used as it is. */
  template: string | null;
  path: string;
  params: ParamValue[];
  query: string;
  body: BodyPlan;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  credential: CredentialName;
  garbageCredential: string;
  origin: string | undefined;
}

interface Pool {
  app: string;
  agent: string;
  session: string;
  conversation: string;
  key: string;
  datastore: string;
  demoApp: string;
  demoAgent: string;
  publishableKey: string;
  shareToken: string;
}

function encodeLeniently(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
}

// Arbitraries

const urlSafe = fc.constantFrom(
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'.split(''),
);

const junkSegments = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2E%2F%2E%2E',
  '%2F',
  '%E0%A4%A',
  '%',
  '%%',
  '%00',
  '%ZZ',
  '%C3%28',
  '%ED%A0%80',
  '%uD800',
  '%F0%9F%92%A9',
  '~',
  ';',
  '*',
  "'",
  '"',
  '<script>alert(1)</script>',
  '..%2F..%2Fetc%2Fpasswd',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  ' ',
  '%20',
  '\t',
];

const paramValue: fc.Arbitrary<ParamValue> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<ParamValue>({ kind: 'right' }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(...realThings).map((thing): ParamValue => ({ kind: 'real', thing })),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom('app_', 'agt_', 'sess_', 'conv_', 'key_', 'ds_', 'msg_', ''),
        fc.string({ unit: urlSafe, minLength: 1, maxLength: 24 }),
      )
      .map(([prefix, rest]): ParamValue => ({ kind: 'text', text: prefix + rest })),
  },
  {
    weight: 2,
    arbitrary: fc
      .string({ unit: 'grapheme', maxLength: 30 })
      .map((text): ParamValue => ({ kind: 'text', text: encodeLeniently(text) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: 'binary', maxLength: 20 })
      .map((text): ParamValue => ({ kind: 'text', text: encodeLeniently(text) })),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(...junkSegments).map((text): ParamValue => ({ kind: 'text', text })),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((text): ParamValue => ({ kind: 'text', text })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(199, 200, 201, 1_000, 8_000)
      .map((length): ParamValue => ({ kind: 'text', text: 'x'.repeat(length) })),
  },
);

const queryValue = fc.oneof(
  fc.integer().map(String),
  fc.double().map(String),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.constantFrom(
    '',
    'abc',
    '1e3',
    '-1',
    '0',
    '1',
    '20',
    '100',
    '101',
    'NaN',
    'Infinity',
    '0x10',
    ' 5',
    '[]',
    '%',
    '%ZZ',
    'true',
  ),
);
const queryKey = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'limit',
      'cursor',
      'limit[]',
      'limit[0]',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const query = fc.oneof(
  { weight: 2, arbitrary: fc.constant('') },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.tuple(queryKey, queryValue, fc.boolean()), { minLength: 1, maxLength: 4 })
      .map(
        (pairs) =>
          `?${pairs.map(([key, value, encode]) => (encode ? `${encodeLeniently(key)}=${encodeLeniently(value)}` : `${key}=${value}`)).join('&')}`,
      ),
  },
);

function nested(depth: number, shape: 'array' | 'object'): string {
  return shape === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const prototypeBodies = [
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"message":"hi","__proto__":{"polluted":true}}',
  '{"metadata":{"__proto__":{"polluted":true}},"message":"hi"}',
  '{"metadata":{"constructor":{"prototype":{"polluted":true}}}}',
  '{"settings":{"__proto__":{"temperature":9}},"name":"p"}',
  '{"name":"p","prototype":1,"toString":2,"valueOf":3,"hasOwnProperty":4}',
  '{"message":"hi","message":5}',
  '{"agents":{"length":1,"0":"agt_x"},"name":"p"}',
];

const serializedAnything = fc
  .anything({
    maxDepth: 3,
    withMap: true,
    withSet: true,
    withDate: true,
    withTypedArray: true,
    withSparseArray: true,
    withNullPrototype: true,
    withBoxedValues: true,
  })
  .map((value) => {
    try {
      return JSON.stringify(value) ?? '';
    } catch {
      return '';
    }
  });

const body: fc.Arbitrary<BodyPlan> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<BodyPlan>({ kind: 'none' }) },
  {
    weight: 8,
    arbitrary: fc
      .oneof(
        { weight: 4, arbitrary: fc.constant<Mutation>({ op: 'keep' }) },
        {
          weight: 4,
          arbitrary: fc.record({
            op: fc.constant('replace' as const),
            pick: fc.nat(),
            value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.anything({ maxDepth: 2 })),
          }),
        },
        {
          weight: 2,
          arbitrary: fc.record({
            op: fc.constant('add' as const),
            key: fc.oneof(
              fc.constantFrom('__proto__', 'constructor', 'prototype', 'stream', 'metadata', ''),
              fc.string({ maxLength: 10 }),
            ),
            value: fc.jsonValue({ maxDepth: 2 }),
          }),
        },
        { weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }) },
        {
          weight: 2,
          arbitrary: fc.record({
            op: fc.constant('deep' as const),
            pick: fc.nat(),
            depth: fc.oneof(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1_000, max: 100_000 })),
            shape: fc.constantFrom('array' as const, 'object' as const),
          }),
        },
      )
      .map((mutation): BodyPlan => ({ kind: 'template', mutation })),
  },
  { weight: 3, arbitrary: fc.json({ maxDepth: 4 }).map((text): BodyPlan => ({ kind: 'text', text })) },
  { weight: 2, arbitrary: serializedAnything.map((text): BodyPlan => ({ kind: 'text', text })) },
  {
    weight: 2,
    arbitrary: fc
      .json({ maxDepth: 3 })
      .chain((text) => fc.nat({ max: Math.max(0, text.length - 1) }).map((end) => text.slice(0, end)))
      .map((text): BodyPlan => ({ kind: 'text', text })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        length: fc.constantFrom(33_000, 300_000, 1_100_000),
        field: fc.constantFrom('message', 'name', 'system_prompt', 'greeting'),
      })
      .map(
        ({ length, field }): BodyPlan => ({
          kind: 'text',
          text: JSON.stringify({ [field]: 'x'.repeat(length) }),
        }),
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        depth: fc.oneof(fc.integer({ min: 2, max: 20 }), fc.integer({ min: 1_000, max: 150_000 })),
        shape: fc.constantFrom('array' as const, 'object' as const),
        place: fc.constantFrom('root', 'metadata', 'message', 'settings', 'agents'),
      })
      .map(({ depth, shape, place }): BodyPlan => {
        const value = nested(depth, shape);
        const text =
          place === 'root'
            ? value
            : place === 'metadata'
              ? `{"message":"hi","metadata":{"a":${value}}}`
              : `{"${place}":${value}}`;
        return { kind: 'text', text };
      }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...prototypeBodies).map((text): BodyPlan => ({ kind: 'text', text })),
  },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes): BodyPlan => ({ kind: 'bytes', bytes })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        '',
        ' ',
        '\n',
        'null',
        '[]',
        '""',
        '0',
        '-0',
        '1e999',
        'true',
        '{}',
        '\uFEFF{}',
        '{"message":"\\ud800"}',
      )
      .map((text): BodyPlan => ({ kind: 'text', text })),
  },
);

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant<string | undefined>('application/json') },
  { weight: 1, arbitrary: fc.constant<string | undefined>(undefined) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<string | undefined>(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=xyz',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/json; charset=utf-8; extra=1',
      'APPLICATION/JSON',
      'application/merge-patch+json',
      'application/vnd.api+json',
      '*/*',
      'application/',
      ';',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((text): string | undefined => text) },
);

const contentEncoding = fc.oneof(
  { weight: 12, arbitrary: fc.constant<string | undefined>(undefined) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<string | undefined>(
      'gzip',
      'deflate',
      'br',
      'identity',
      'bogus',
      'gzip, gzip',
    ),
  },
);

const credential = fc.oneof(
  { weight: 6, arbitrary: fc.constant<CredentialName>('admin') },
  { weight: 5, arbitrary: fc.constant<CredentialName>('publishable') },
  { weight: 1, arbitrary: fc.constant<CredentialName>('demoPublishable') },
  { weight: 1, arbitrary: fc.constant<CredentialName>('share') },
  { weight: 2, arbitrary: fc.constantFrom<CredentialName>('none', 'garbage', 'basic') },
);

const origin = fc.oneof(
  { weight: 6, arbitrary: fc.constant<string | undefined>(undefined) },
  { weight: 2, arbitrary: fc.constant<string | undefined>('https://fuzz.example') },
  {
    weight: 1,
    arbitrary: fc.constantFrom<string | undefined>(
      'https://evil.example',
      'null',
      'http://127.0.0.1',
      'file://',
      'x',
    ),
  },
);

const commonParts = {
  query,
  body,
  contentType,
  contentEncoding,
  credential,
  garbageCredential: fc.string({ maxLength: 60 }),
  origin,
};

/** A real route's template with junk (or real) parameters, its own method most of the time. */
const templateRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    route: fc.constantFrom(...routes),
    otherMethod: fc.oneof(
      { weight: 5, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom(...methods) },
    ),
    params: fc.array(paramValue, { minLength: 2, maxLength: 2 }),
    ...commonParts,
  })
  .map(({ route, otherMethod, ...rest }) => ({
    ...rest,
    method: otherMethod ?? (route.method.toUpperCase() as Method),
    template: route.path,
    path: route.path,
  }));

const bodyRoutes = routes.filter((route) => route.body !== undefined);

/** The routes that take a body, their own method and real parameters: the bodies get to validation and beyond. */
const bodyRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    route: fc.constantFrom(...bodyRoutes),
    ...commonParts,
    query: fc.oneof({ weight: 5, arbitrary: fc.constant('') }, { weight: 1, arbitrary: query }),
    credential: fc.oneof(
      { weight: 3, arbitrary: fc.constant<CredentialName>('admin') },
      { weight: 3, arbitrary: fc.constant<CredentialName>('publishable') },
      { weight: 1, arbitrary: fc.constant<CredentialName>('share') },
    ),
    origin: fc.constantFrom<string | undefined>(undefined, 'https://fuzz.example'),
  })
  .map(({ route, ...rest }) => ({
    ...rest,
    method: route.method.toUpperCase() as Method,
    template: route.path,
    path: route.path,
    params: [{ kind: 'right' as const }, { kind: 'right' as const }],
  }));

const routeWords = [
  'v1',
  'apps',
  'agents',
  'sessions',
  'execute',
  'stream',
  'history',
  'chat',
  'share',
  'keys',
  'conversations',
  'datastores',
  'openapi.json',
  'healthz',
  'demo',
  'shared',
  'widget.js',
];

/** Anything at all as the path. */
const randomPathRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    method: fc.constantFrom(...methods),
    path: fc.oneof(
      fc.webPath().map((path) => (path.startsWith('/') ? path : `/${path}`)),
      fc
        .array(
          fc.oneof(
            fc.constantFrom(...routeWords),
            fc.constantFrom(...junkSegments),
            fc.string({ unit: urlSafe, maxLength: 12 }),
          ),
          {
            maxLength: 7,
          },
        )
        .map((segments) => `/${segments.join('/')}`),
      fc.string({ unit: 'grapheme', maxLength: 40 }).map((text) => `/v1/${encodeLeniently(text)}`),
      fc.string({ maxLength: 40 }).map((text) => `/v1/${text}`),
    ),
    ...commonParts,
  })
  .map((request) => ({ ...request, template: null, params: [] }));

// Sending and checking

const histogram = new Map<number, number>();
const byCredential = new Map<string, number>();
let requestsSent = 0;

function describeRequest(request: FuzzRequest, url: string): string {
  const bodyText =
    request.body.kind === 'text'
      ? request.body.text.slice(0, 200)
      : request.body.kind === 'template'
        ? JSON.stringify(request.body.mutation)
        : request.body.kind;
  return `${request.method} ${url.slice(0, 300)} [${request.credential}] content-type=${request.contentType} body=${bodyText}`;
}

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
