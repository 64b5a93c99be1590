import type { Operator } from '@parley/contract';
import type { EngineContext } from '../context.js';
import { ParleyError } from '../errors.js';
import type { Principal } from '../principal.js';
import { put, remove, removeWhere } from '../store/store.js';
import type { ConsoleSessionRecord, OperatorRecord } from '../types.js';
import { toIso } from '../util/clock.js';
import { newId, randomToken } from '../util/ids.js';
import { hashPassword, needsRehash, unknownAccountHash, verifyPassword } from '../util/password.js';
import { hashSecret, sameDigest } from '../util/secrets.js';
import { emailKey, presentOperator } from './accounts.js';

/** A console session lasts 12 hours from its last use, and never more than 7 days. */
export const consoleSessionLifetime = {
  idleMs: 12 * 60 * 60 * 1000,
  absoluteMs: 7 * 24 * 60 * 60 * 1000,
  /** The expiry is pushed forward at most once in this long, so requests do not each write. */
  slideStepMs: 5 * 60 * 1000,
} as const;

/** What one operator may send through the console: far above what a person clicks. */
const operatorRateLimit = { per_minute: 1_000, per_day: 200_000 };

export interface OpenedSession {
  operator: Operator;
  /** The cookie's value, given this once; only its SHA-256 is stored. */
  token: string;
  expiresAt: string;
  absoluteExpiresAt: string;
}

/** A new session with a new random token: a value the browser brought is never adopted (no fixation). */
export async function openConsoleSession(
  context: EngineContext,
  operator: OperatorRecord,
): Promise<OpenedSession> {
  const token = `cs_${randomToken(43)}`;
  const now = context.clock.now();
  const record: ConsoleSessionRecord = {
    id: newId('csn'),
    hash: hashSecret(token),
    operator_id: operator.id,
    created_at: toIso(now),
    expires_at: toIso(now + consoleSessionLifetime.idleMs),
    absolute_expires_at: toIso(now + consoleSessionLifetime.absoluteMs),
  };
  await context.store.write([put('console_sessions', record)]);
  return {
    operator: presentOperator(operator),
    token,
    expiresAt: record.expires_at,
    absoluteExpiresAt: record.absolute_expires_at,
  };
}

const wrongCredentials = () =>
  new ParleyError('authentication_error', 'The email or the password is not right', {
    reason: 'wrong_credentials',
  });

/**
 * Checks an email and password and opens a session. An unknown email costs one password check too
 * (against a hash nobody knows) and answers the same as a wrong password.
 */
export async function signIn(
  context: EngineContext,
  email: string,
  password: string,
): Promise<OpenedSession> {
  const operator = await context.store.findOne('operators', { email_key: emailKey(email) });
  const matches = await verifyPassword(password, operator?.password_hash ?? (await unknownAccountHash()));
  if (!operator || !matches) throw wrongCredentials();
  // A hash made with weaker parameters than today's is replaced while the password is at hand.
  if (needsRehash(operator.password_hash))
    await context.store.write([
      put('operators', { ...operator, password_hash: await hashPassword(password) }),
    ]);
  return openConsoleSession(context, operator);
}

async function sessionOf(context: EngineContext, token: string): Promise<ConsoleSessionRecord | null> {
  if (token.length < 16 || token.length > 200) return null;
  const digest = hashSecret(token);
  const session = await context.store.findOne('console_sessions', { hash: digest });
  return session && sameDigest(session.hash, digest) ? session : null;
}

/** Pushes the idle expiry forward (at most once per step), never past the absolute one. */
async function slide(context: EngineContext, session: ConsoleSessionRecord, now: number): Promise<void> {
  const next = Math.min(now + consoleSessionLifetime.idleMs, Date.parse(session.absolute_expires_at));
  if (next - Date.parse(session.expires_at) < consoleSessionLifetime.slideStepMs) return;
  await context.store.write([put('console_sessions', { ...session, expires_at: toIso(next) })]);
}

/**
 * The principal of a console session token, as things stand now: null when the token is unknown,
 * expired, signed out, or its operator removed. The operator's role is read fresh every time.
 */
export async function authenticateConsoleSession(
  context: EngineContext,
  token: string,
): Promise<Principal | null> {
  const session = await sessionOf(context, token);
  if (!session) return null;
  const now = context.clock.now();
  const expired = Date.parse(session.expires_at) <= now || Date.parse(session.absolute_expires_at) <= now;
  const operator = expired ? undefined : await context.store.get('operators', session.operator_id);
  if (!operator || Date.parse(session.created_at) < Date.parse(operator.sessions_valid_after)) {
    await context.store.write([remove('console_sessions', session.id)]);
    return null;
  }
  await slide(context, session, now);
  return {
    kind: 'secret',
    id: operator.id,
    plan: 'enterprise',
    rateLimit: operatorRateLimit,
    operator: { id: operator.id, name: operator.name, email: operator.email, role: operator.role },
  };
}

/** Ends the session of this token (nothing happens for an unknown one). */
export async function signOut(context: EngineContext, token: string): Promise<void> {
  const session = await sessionOf(context, token);
  if (session) await context.store.write([remove('console_sessions', session.id)]);
}

/** Ends every session of the operator, on every device. */
export async function signOutEverywhere(context: EngineContext, operatorId: string): Promise<void> {
  const operator = await context.store.get('operators', operatorId);
  const operations = [removeWhere('console_sessions', { operator_id: operatorId })];
  if (operator) {
    const now = toIso(context.clock.now());
    operations.unshift(put('operators', { ...operator, sessions_valid_after: now, updated_at: now }));
  }
  await context.store.write(operations);
}
