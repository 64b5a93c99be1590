import { originAllowed, ParleyError, type Principal } from '@parley/engine';

/**
 * Refuses a publishable key (or share token) used from a web origin it does not list
 * (403 `permission_error`, naming the origin). Secret keys, and calls without an
 * `Origin`, pass.
 */
export function requireAllowedOrigin(principal: Principal, origin: string | undefined): void {
  if (!originAllowed(principal, origin)) {
    throw new ParleyError('permission_error', 'This key may not be used from this web origin', { origin });
  }
}
