import { type Engine, ParleyError, type Principal } from '@parley/engine';

/** The console's session cookie. */
export const consoleCookieName = 'parley_console';

/** The header every unsafe console request carries (a cross-site form cannot set it). */
export const consoleHeaderName = 'X-Parley-Console';

/** The value of the console cookie in a `Cookie` header; undefined when there is none. */
export function consoleCookieToken(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0 || part.slice(0, separator).trim() !== consoleCookieName) continue;
    const value = part.slice(separator + 1).trim();
    return value.length > 0 ? value : undefined;
  }
  return undefined;
}

/**
 * The operator behind a `Cookie` header's console session, as things stand now (a removed or demoted
 * operator, a signed-out or expired session: null or the new role). For the HTTP and socket edges.
 */
export async function authenticateConsoleCookie(
  engine: Engine,
  cookieHeader: string | undefined,
): Promise<Principal | null> {
  const token = consoleCookieToken(cookieHeader);
  return token ? engine.console.authenticate(token) : null;
}

export interface CookieOptions {
  /** Over https (the request's own protocol, or `X-Forwarded-Proto` behind a trusted proxy). */
  secure: boolean;
  maxAgeSeconds: number;
}

/** `Set-Cookie` for a new session: HttpOnly, SameSite=Strict, Path=/, Secure over https. */
export function sessionCookie(token: string, options: CookieOptions): string {
  return [
    `${consoleCookieName}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

/** `Set-Cookie` that makes the browser forget the session. */
export function clearedCookie(secure: boolean): string {
  return sessionCookie('', { secure, maxAgeSeconds: 0 });
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface ConsoleRequestFacts {
  method: string;
  /** The `X-Parley-Console` header. */
  consoleHeader: string | undefined;
  /** The `Origin` header, when the browser sent one. */
  origin: string | undefined;
  /** The origins this server is reached at (its own, and the configured public URL's). */
  ownOrigins: string[];
}

/**
 * CSRF: a cookie-authenticated unsafe request must carry `X-Parley-Console: 1` and, when the browser
 * names its origin, this server's own origin. Otherwise 403 `permission_error`.
 */
export function requireConsoleRequest(facts: ConsoleRequestFacts): void {
  if (safeMethods.has(facts.method.toUpperCase())) return;
  if (facts.consoleHeader !== '1')
    throw new ParleyError(
      'permission_error',
      `Console requests must carry the header ${consoleHeaderName}: 1`,
      {
        reason: 'csrf',
        header: consoleHeaderName,
      },
    );
  if (facts.origin !== undefined && !facts.ownOrigins.includes(facts.origin))
    throw new ParleyError(
      'permission_error',
      'Console requests are accepted from the console’s own origin only',
      {
        reason: 'csrf',
        origin: facts.origin,
      },
    );
}
