/**
 * The fuzz's requests made concrete against the records it keeps alive (the pool): a template's
 * parameters resolved to real or wrong ids, a body built from a valid one and then mutated.
 */
import {
  type CredentialName,
  type FuzzRequest,
  nested,
  type ParamValue,
  type Pool,
  type RealThing,
} from './fuzz-values.js';

function templateBody(request: FuzzRequest, pool: Pool): Record<string, unknown> {
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

export function bodyOf(request: FuzzRequest, pool: Pool): string | Uint8Array<ArrayBuffer> | undefined {
  const plan = request.body;
  if (plan.kind === 'none') return undefined;
  if (plan.kind === 'text') return plan.text;
  if (plan.kind === 'bytes') return plan.bytes;
  const value = templateBody(request, pool);
  const keys = Object.keys(value);
  const mutation = plan.mutation;
  if (mutation.op === 'replace' && keys.length > 0)
    value[keys[mutation.pick % keys.length] as string] = mutation.value;
  if (mutation.op === 'remove' && keys.length > 0) delete value[keys[mutation.pick % keys.length] as string];
  if (mutation.op === 'deep') {
    // Built as text: JSON.stringify itself cannot write a value this deep.
    const marker = '\u0000deep\u0000';
    const key = keys.length > 0 ? (keys[mutation.pick % keys.length] as string) : 'metadata';
    value[key] = marker;
    const deep = nested(mutation.depth, mutation.shape);
    return JSON.stringify(value).replace(JSON.stringify(marker), key === 'metadata' ? `{"a":${deep}}` : deep);
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

export function resolveParam(
  pool: Pool,
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
