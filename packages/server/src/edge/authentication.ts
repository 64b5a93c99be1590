import { type Engine, ParleyError, type Principal } from '@parley/engine';
import { requireAllowedOrigin } from './origin.js';
import type { FailedAuthenticationThrottle } from './rate-limits/failed-authentication.js';

/** The key of an `Authorization: Bearer <key>` header; undefined when there is none. */
export function bearerCredential(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** 401 for a call that brings no credential; `hint` says where the client should put it. */
export function missingCredential(hint: string): ParleyError {
  return new ParleyError('authentication_error', 'Missing API key', { hint });
}

export interface CredentialCheck {
  engine: Engine;
  /** Counts failed attempts per client IP (the HTTP API, the socket handshake and the share page together). */
  throttle?: FailedAuthenticationThrottle;
  clientIp?: string | undefined;
}

/** Who the credential is, now: a key deleted or a share revoked since is refused, failures counted when throttled. */
export function principalOf(credential: string, check: CredentialCheck): Promise<Principal> {
  return check.throttle
    ? check.throttle.authenticate(check.engine, credential, check.clientIp)
    : check.engine.authenticate(credential);
}

/**
 * A socket's credential (the handshake's `auth.key`) as it stands now, from the web origin the
 * socket was opened from: a missing key is 401, a foreign origin 403.
 */
export async function authenticateSocketCredential(
  credential: unknown,
  origin: string | undefined,
  check: CredentialCheck,
): Promise<Principal> {
  if (typeof credential !== 'string') throw missingCredential('Connect with auth: {key}');
  const principal = await principalOf(credential, check);
  requireAllowedOrigin(principal, origin);
  return principal;
}
