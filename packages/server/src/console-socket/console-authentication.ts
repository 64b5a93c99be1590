import { type Principal, permissionDenied } from '@parley/engine';
import type { Socket } from 'socket.io';
import { type CredentialCheck, missingCredential, principalOf } from '../edge/authentication.js';

/**
 * Who a console socket is: the console's session cookie (checked by `cookie`, when sign-in is
 * mounted; the socket must come from the server's own origin, so another site cannot open it with
 * the visitor's cookie), or a secret key in the handshake (`auth: {key}`, for scripts). Publishable
 * keys and share tokens are refused (403): the feed is for the people who answer.
 */
export interface ConsoleCredentials {
  /** The operator of a console session cookie, null when there is none or it is no longer valid. */
  cookie?: (cookieHeader: string) => Promise<Principal | null>;
}

function sameOrigin(socket: Socket): boolean {
  const origin = socket.handshake.headers.origin;
  if (origin === undefined) return true;
  const host = socket.handshake.headers.host;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export async function authenticateConsoleSocket(
  socket: Socket,
  credentials: ConsoleCredentials,
  check: CredentialCheck,
): Promise<Principal> {
  const key: unknown = socket.handshake.auth?.key;
  let principal: Principal | null = null;
  if (typeof key === 'string') principal = await principalOf(key, check);
  else {
    const cookieHeader = socket.handshake.headers.cookie;
    if (cookieHeader && credentials.cookie && sameOrigin(socket))
      principal = await credentials.cookie(cookieHeader);
  }
  if (!principal)
    throw missingCredential('Sign in to the console, or connect with auth: {key} (a secret key)');
  if (principal.kind !== 'secret')
    throw permissionDenied('The console feed needs a secret key or a signed-in operator');
  return principal;
}
