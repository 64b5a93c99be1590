import { routes } from '@parley/server';
import fc from 'fast-check';
import {
  type BodyPlan,
  type CredentialName,
  encodeLeniently,
  type FuzzRequest,
  junkSegments,
  type Method,
  type Mutation,
  methods,
  nested,
  paramValue,
  query,
  urlSafe,
} from './fuzz-values.js';

/** The fuzzer's requests: bodies, content types, credentials and origins, on route templates or random paths. */

export const prototypeBodies = [
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

export const serializedAnything = fc
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

export const body: fc.Arbitrary<BodyPlan> = fc.oneof(
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

export const contentType = fc.oneof(
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

export const contentEncoding = fc.oneof(
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

export const credential = fc.oneof(
  { weight: 6, arbitrary: fc.constant<CredentialName>('admin') },
  { weight: 5, arbitrary: fc.constant<CredentialName>('publishable') },
  { weight: 1, arbitrary: fc.constant<CredentialName>('demoPublishable') },
  { weight: 1, arbitrary: fc.constant<CredentialName>('share') },
  { weight: 2, arbitrary: fc.constantFrom<CredentialName>('none', 'garbage', 'basic') },
);

export const origin = fc.oneof(
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

export const commonParts = {
  query,
  body,
  contentType,
  contentEncoding,
  credential,
  garbageCredential: fc.string({ maxLength: 60 }),
  origin,
};

/** A real route's template with junk (or real) parameters, its own method most of the time. */
export const templateRequest: fc.Arbitrary<FuzzRequest> = fc
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

export const bodyRoutes = routes.filter((route) => route.body !== undefined);

/** The routes that take a body, their own method and real parameters: the bodies get to validation and beyond. */
export const bodyRequest: fc.Arbitrary<FuzzRequest> = fc
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

export const routeWords = [
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
export const randomPathRequest: fc.Arbitrary<FuzzRequest> = fc
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

export function describeRequest(request: FuzzRequest, url: string): string {
  const bodyText =
    request.body.kind === 'text'
      ? request.body.text.slice(0, 200)
      : request.body.kind === 'template'
        ? JSON.stringify(request.body.mutation)
        : request.body.kind;
  return `${request.method} ${url.slice(0, 300)} [${request.credential}] content-type=${request.contentType} body=${bodyText}`;
}
