import type { InviteDetails, OperatorRole, PendingInvite } from '@parley/contract';
import type { EngineContext } from '../context.js';
import { notFound, ParleyError } from '../errors.js';
import type { Principal } from '../principal.js';
import { put, remove } from '../store/store.js';
import type { InviteRecord } from '../types.js';
import { toIso } from '../util/clock.js';
import { newId, randomToken } from '../util/ids.js';
import { hashSecret, sameDigest } from '../util/secrets.js';
import { emailKey, insertOperator, requireMayTouch, underAccountLock } from './accounts.js';
import { type OpenedSession, openConsoleSession } from './console-sessions.js';

/** An invite link works for 7 days, once. */
export const inviteLifetimeMs = 7 * 24 * 60 * 60 * 1000;

export interface CreatedInviteToken {
  /** The token of the link, given this once; only its SHA-256 is stored. */
  token: string;
  email: string;
  role: OperatorRole;
  expiresAt: string;
}

export async function createInvite(
  context: EngineContext,
  input: { email: string; role: OperatorRole },
  actor: Principal,
): Promise<CreatedInviteToken> {
  requireMayTouch(actor, [input.role]);
  if (await context.store.findOne('operators', { email_key: emailKey(input.email) }))
    throw new ParleyError('invalid_request', 'An operator with this email already exists', {
      field: 'email',
      problem: 'is already a member of the team',
      reason: 'email_taken',
    });
  const token = `inv_${randomToken(43)}`;
  const now = context.clock.now();
  const record: InviteRecord = {
    id: newId('inv'),
    hash: hashSecret(token),
    email: input.email.trim(),
    role: input.role,
    invited_by: actor.id,
    created_at: toIso(now),
    expires_at: toIso(now + inviteLifetimeMs),
    accepted_at: null,
  };
  await context.store.write([put('invites', record)]);
  return { token, email: record.email, role: record.role, expiresAt: record.expires_at };
}

const unusableInvite = () =>
  new ParleyError(
    'not_found',
    'This invite link is not valid: it was used already, has expired or was never made',
    {
      reason: 'invite_unusable',
    },
  );

async function usableInvite(context: EngineContext, token: string): Promise<InviteRecord> {
  if (token.length < 16 || token.length > 200) throw unusableInvite();
  const digest = hashSecret(token);
  const invite = await context.store.findOne('invites', { hash: digest });
  if (!invite || !sameDigest(invite.hash, digest)) throw unusableInvite();
  if (invite.accepted_at !== null || Date.parse(invite.expires_at) <= context.clock.now())
    throw unusableInvite();
  return invite;
}

export async function describeInvite(context: EngineContext, token: string): Promise<InviteDetails> {
  const invite = await usableInvite(context, token);
  return { email: invite.email, role: invite.role, expires_at: invite.expires_at };
}

/** Makes the invited operator with their name and password, spends the invite, and signs them in. */
export async function acceptInvite(
  context: EngineContext,
  token: string,
  input: { name: string; password: string },
): Promise<OpenedSession> {
  const operator = await underAccountLock(context, async () => {
    const invite = await usableInvite(context, token);
    const created = await insertOperator(context, { ...input, email: invite.email, role: invite.role });
    await context.store.write([put('invites', { ...invite, accepted_at: toIso(context.clock.now()) })]);
    return created;
  });
  return openConsoleSession(context, operator);
}

/** Invites neither accepted nor expired, oldest first. */
export async function listPendingInvites(context: EngineContext): Promise<PendingInvite[]> {
  const now = context.clock.now();
  return (await context.store.all('invites'))
    .filter((invite) => invite.accepted_at === null && Date.parse(invite.expires_at) > now)
    .map((invite) => ({
      id: invite.id,
      email: invite.email,
      role: invite.role,
      created_at: invite.created_at,
      expires_at: invite.expires_at,
    }));
}

/** Withdraws an invite: its link stops working. Only owners withdraw an invite to be an owner. */
export async function revokeInvite(context: EngineContext, inviteId: string, actor: Principal) {
  const invite = await context.store.get('invites', inviteId);
  if (!invite) throw notFound('Invite', 'invite_id', inviteId);
  requireMayTouch(actor, [invite.role]);
  await context.store.write([remove('invites', inviteId)]);
  return { id: inviteId, deleted: true as const };
}
