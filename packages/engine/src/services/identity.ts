import { createHmac } from 'node:crypto';
import { errorReasons } from '@parley/contract/errors';
import { invalidRequest, permissionDenied } from '../errors.js';
import type { Principal } from '../principal.js';
import type { AppRecord, JsonObject } from '../types.js';
import { sameDigest } from '../util/secrets.js';

/** Who the caller says the visitor is, and what it says about them. */
export interface ClaimedIdentity {
  user_id?: string | null;
  user_hash?: string;
  metadata?: JsonObject;
}

/** What is kept of a claimed identity: the user (verified or not) and the metadata to store. */
export interface CheckedIdentity {
  user_id: string | null;
  user_verified: boolean;
  metadata: JsonObject | undefined;
}

/** What the site's backend computes: hex HMAC-SHA256 of the exact user id with the app's identity secret. */
export function identityHash(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId, 'utf8').digest('hex');
}

function hashVerifies(app: AppRecord, userId: string, hash: string): boolean {
  if (!app.identity_secret || !/^[0-9a-f]{64}$/i.test(hash)) return false;
  return sameDigest(identityHash(app.identity_secret, userId), hash.toLowerCase());
}

const unverified = (userId: string | null | undefined, why: string) =>
  permissionDenied(`The user hash does not verify: ${why}`, {
    reason: errorReasons.identityUnverified,
    field: 'user_hash',
    ...(userId ? { user_id: userId } : {}),
  });

/**
 * Checks a claimed identity against the app. The engine's own callers and secret keys are trusted
 * (the site's backend). For a publishable key: a `user_hash` must verify (constant-time) or the
 * request is refused; an app with `identity_verification: "required"` refuses a `user_id` without
 * one, and keeps no metadata of an anonymous visitor (who still chats).
 */
export function checkIdentity(
  app: AppRecord,
  claimed: ClaimedIdentity,
  principal: Principal | undefined,
): CheckedIdentity {
  const userId = claimed.user_id ?? null;
  if (principal === undefined || principal.kind === 'secret') {
    return { user_id: userId, user_verified: userId !== null, metadata: claimed.metadata };
  }
  if (claimed.user_hash !== undefined) {
    if (userId === null) throw invalidRequest('user_hash', 'needs the user_id it signs');
    if (!hashVerifies(app, userId, claimed.user_hash)) {
      throw unverified(
        userId,
        app.identity_secret ? "compute it with the app's identity secret" : 'the app has no identity secret',
      );
    }
    return { user_id: userId, user_verified: true, metadata: claimed.metadata };
  }
  if (app.identity_verification !== 'required') {
    return { user_id: userId, user_verified: false, metadata: claimed.metadata };
  }
  if (userId !== null) throw unverified(userId, 'this app requires a user_hash with each user_id');
  return { user_id: null, user_verified: false, metadata: undefined };
}
