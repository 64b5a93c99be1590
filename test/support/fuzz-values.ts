import fc from 'fast-check';

/** The fuzzer's vocabulary: methods, real ids, credentials, and junk for path parameters and queries. */

export const methods = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS'] as const;
export type Method = (typeof methods)[number];

/** The records a parameter may name; resolved when the request is sent, since the fuzz may delete them. */
export const realThings = [
  'app',
  'agent',
  'session',
  'conversation',
  'key',
  'datastore',
  'demoApp',
  'demoAgent',
] as const;
export type RealThing = (typeof realThings)[number];

export const credentialNames = [
  'none',
  'admin',
  'publishable',
  'demoPublishable',
  'share',
  'garbage',
  'basic',
] as const;
export type CredentialName = (typeof credentialNames)[number];

/** `right`: the real record of the kind the parameter names; `real`: a real record of any kind. */
export type ParamValue =
  | { kind: 'right' }
  | { kind: 'real'; thing: RealThing }
  | { kind: 'text'; text: string };

export type Mutation =
  | { op: 'keep' }
  | { op: 'replace'; pick: number; value: unknown }
  | { op: 'add'; key: string; value: unknown }
  | { op: 'remove'; pick: number }
  /** The picked field becomes a value nested `depth` levels deep (inside an object when it is `metadata`). */
  | { op: 'deep'; pick: number; depth: number; shape: 'array' | 'object' };

export type BodyPlan =
  | { kind: 'none' }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array<ArrayBuffer> }
  | { kind: 'template'; mutation: Mutation };

export interface FuzzRequest {
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

export interface Pool {
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

export function encodeLeniently(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
}

// Arbitraries

export const urlSafe = fc.constantFrom(
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'.split(''),
);

export const junkSegments = [
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

export const paramValue: fc.Arbitrary<ParamValue> = fc.oneof(
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

export const queryValue = fc.oneof(
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
export const queryKey = fc.oneof(
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
export const query = fc.oneof(
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

export function nested(depth: number, shape: 'array' | 'object'): string {
  return shape === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}
