import type { EngineContext } from '../context.js';
import { notFound } from '../errors.js';
import { put, removeWhere } from '../store/store.js';
import type { ShareRecord } from '../types.js';
import { toIso } from '../util/clock.js';
import { newId, randomToken } from '../util/ids.js';
import { hashSecret } from '../util/secrets.js';

export interface CreateShareInput {
  /** Hours until the link stops working; absent: never. */
  expires_in?: number | null;
  allow_conversations?: boolean;
}

/** Makes a share token for an agent. The token is returned once; only its hash is kept. */
export async function createShare(context: EngineContext, agentId: string, input: CreateShareInput) {
  if (!(await context.store.get('agents', agentId))) throw notFound('Agent', 'agent_id', agentId);
  const token = `st_${randomToken(40)}`;
  const now = context.clock.now();
  const record: ShareRecord = {
    id: newId('shr'),
    agent_id: agentId,
    hash: hashSecret(token),
    allow_conversations: input.allow_conversations ?? true,
    expires_at: input.expires_in != null ? toIso(now + input.expires_in * 3_600_000) : null,
    created_at: toIso(now),
  };
  await context.store.write([put('shares', record)]);
  return { token, expires_at: record.expires_at };
}

/** Revokes every share link of an agent; the next request with one is refused. */
export async function revokeShares(context: EngineContext, agentId: string) {
  if (!(await context.store.get('agents', agentId))) throw notFound('Agent', 'agent_id', agentId);
  await context.store.write([removeWhere('shares', { agent_id: agentId })]);
  return { id: agentId, shares_revoked: true };
}
