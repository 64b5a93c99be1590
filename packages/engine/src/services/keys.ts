import type { EngineContext } from '../context.js';
import { invalidRequest, notFound, ParleyError } from '../errors.js';
import { presentKey } from '../present.js';
import type { Principal } from '../principal.js';
import { put, remove } from '../store/store.js';
import type { KeyKind, KeyRecord, Plan, RateLimit } from '../types.js';
import { toIso } from '../util/clock.js';
import { newId, randomToken } from '../util/ids.js';
import { type ListParameters, toListResponse } from '../util/pagination.js';
import { hashSecret, maskSecret, sameDigest } from '../util/secrets.js';
import { listAll } from './list-all.js';

/** The contract's plans. Enterprise keys carry their own numbers. */
export const planLimits: Record<Exclude<Plan, 'enterprise'>, RateLimit> = {
  free: { per_minute: 60, per_day: 1_000 },
  pro: { per_minute: 600, per_day: 50_000 },
};

/** Share tokens are public links: they get the free plan's numbers. */
export const shareTokenPlan = 'free' as const;

export interface CreateKeyInput {
  name: string;
  kind: KeyKind;
  plan?: Plan;
  app_id?: string | null;
  agent_id?: string | null;
  allowed_origins?: string[];
  rate_limit?: RateLimit | null;
}

const secretPrefix: Record<KeyKind, string> = { secret: 'sk_', publishable: 'pk_' };

/** The least a chosen admin key must carry: `sk_`, then 32+ characters of a URL-safe alphabet, ~128 bits. */
const adminKeyRule = {
  minimumLength: 32,
  minimumBits: 128,
  minimumDistinct: 8,
  alphabet: /^[A-Za-z0-9_-]+$/,
};

/** The size of the alphabet a key draws from, judged by the kinds of characters it uses. */
function alphabetSizeOf(text: string): number {
  const classes: [RegExp, number][] = [
    [/[a-z]/, 26],
    [/[A-Z]/, 26],
    [/[0-9]/, 10],
    [/[_-]/, 2],
  ];
  return classes.reduce((size, [pattern, count]) => (pattern.test(text) ? size + count : size), 0);
}

/**
 * Why a chosen admin key (`PARLEY_ADMIN_KEY`) is too weak to be one, or null when it will do:
 * it must start with `sk_` and go on with at least 32 characters of A–Z, a–z, 0–9, `-` and `_`,
 * varied enough to hold about 128 bits (32 characters of hex or base64url do).
 */
export function adminKeyProblem(key: string): string | null {
  if (!key.startsWith(secretPrefix.secret)) return 'it must start with sk_';
  const body = key.slice(secretPrefix.secret.length);
  if (!adminKeyRule.alphabet.test(body))
    return 'after sk_ it may hold only the characters A-Z, a-z, 0-9, - and _';
  if (body.length < adminKeyRule.minimumLength)
    return `it needs at least ${adminKeyRule.minimumLength} random characters after sk_ (it has ${body.length})`;
  const bits = body.length * Math.log2(alphabetSizeOf(body));
  if (bits < adminKeyRule.minimumBits || new Set(body).size < adminKeyRule.minimumDistinct)
    return `it is not random enough (about ${Math.floor(bits)} bits from its alphabet, ${new Set(body).size} different characters); use ${adminKeyRule.minimumBits} random bits or more`;
  return null;
}

function limitsFor(plan: Plan, rateLimit: RateLimit | null | undefined): RateLimit {
  if (plan === 'enterprise') {
    if (!rateLimit) throw invalidRequest('rate_limit', 'is required for enterprise keys');
    return rateLimit;
  }
  if (rateLimit)
    throw invalidRequest('rate_limit', `is set by the ${plan} plan; only enterprise keys carry their own`);
  return planLimits[plan];
}

async function checkBinding(context: EngineContext, input: CreateKeyInput): Promise<void> {
  const bound = [input.app_id, input.agent_id].filter((value) => value != null).length;
  if (input.kind === 'secret') {
    if (bound > 0)
      throw invalidRequest('app_id', 'secret keys reach the whole workspace and take no app_id or agent_id');
    if (input.allowed_origins?.length)
      throw invalidRequest('allowed_origins', 'only publishable keys have origins');
    return;
  }
  if (bound !== 1)
    throw invalidRequest('app_id', 'a publishable key is bound to exactly one app_id or agent_id');
  if (!input.allowed_origins?.length) {
    throw invalidRequest('allowed_origins', 'a publishable key needs at least one web origin (or "*")');
  }
  if (input.app_id && !(await context.store.get('apps', input.app_id)))
    throw notFound('App', 'app_id', input.app_id);
  if (input.agent_id && !(await context.store.get('agents', input.agent_id))) {
    throw notFound('Agent', 'agent_id', input.agent_id);
  }
}

/** Creates a key; the secret is returned this once and only its hash is kept. */
export async function createKey(
  context: EngineContext,
  input: CreateKeyInput,
  chosenSecret?: string,
): Promise<{ key: ReturnType<typeof presentKey>; secret: string }> {
  const plan = input.plan ?? 'free';
  const rateLimit = limitsFor(plan, input.rate_limit);
  await checkBinding(context, input);
  const secret = chosenSecret ?? `${secretPrefix[input.kind]}${randomToken(40)}`;
  const record: KeyRecord = {
    id: newId('key'),
    name: input.name,
    kind: input.kind,
    plan,
    hash: hashSecret(secret),
    masked: maskSecret(secret),
    app_id: input.app_id ?? null,
    agent_id: input.agent_id ?? null,
    allowed_origins: input.allowed_origins ?? [],
    rate_limit: rateLimit,
    created_at: toIso(context.clock.now()),
  };
  if (await context.store.findOne('keys', { hash: record.hash })) {
    throw invalidRequest('key', 'this key is already registered');
  }
  await context.store.write([put('keys', record)]);
  return { key: presentKey(record), secret };
}

export async function listKeys(context: EngineContext, parameters: ListParameters) {
  const page = await context.store.list('keys', { ...parameters, order: 'desc' });
  return toListResponse(page, presentKey);
}

export async function deleteKey(context: EngineContext, keyId: string) {
  const key = await context.store.get('keys', keyId);
  if (!key) throw notFound('Key', 'key_id', keyId);
  if (key.kind === 'secret') {
    const otherSecret = (await listAll(context, 'keys')).some(
      (other) => other.kind === 'secret' && other.id !== key.id,
    );
    if (!otherSecret) {
      throw new ParleyError('invalid_request', 'At least one secret key must remain', { key_id: keyId });
    }
  }
  await context.store.write([remove('keys', keyId)]);
  return { id: keyId, deleted: true };
}

const invalidCredential = () =>
  new ParleyError('authentication_error', 'Invalid API key', { hint: 'Send Authorization: Bearer <key>' });

/** Finds who holds `credential`: a secret or publishable key, or a share token. */
export async function authenticate(context: EngineContext, credential: string): Promise<Principal> {
  if (credential.length < 8 || credential.length > 512) throw invalidCredential();
  const digest = hashSecret(credential);
  const key = await context.store.findOne('keys', { hash: digest });
  if (key && sameDigest(key.hash, digest)) {
    if (key.kind === 'secret')
      return { kind: 'secret', id: key.id, plan: key.plan, rateLimit: key.rate_limit };
    return {
      kind: 'publishable',
      id: key.id,
      plan: key.plan,
      rateLimit: key.rate_limit,
      appId: key.app_id,
      agentId: key.agent_id,
      allowedOrigins: key.allowed_origins,
    };
  }
  const share = await context.store.findOne('shares', { hash: digest });
  if (share && sameDigest(share.hash, digest)) {
    if (share.expires_at !== null && Date.parse(share.expires_at) <= context.clock.now()) {
      throw new ParleyError('authentication_error', 'This share link has expired', {
        reason: 'share_expired',
        expires_at: share.expires_at,
      });
    }
    return {
      kind: 'share',
      id: share.id,
      plan: shareTokenPlan,
      rateLimit: planLimits[shareTokenPlan],
      agentId: share.agent_id,
      allowConversations: share.allow_conversations,
    };
  }
  throw invalidCredential();
}
