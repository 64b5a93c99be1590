/** What webhooks and HTTP tools share to reach only the addresses they may. */
import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { checkWebhookUrl, isPrivateAddress, urlHost } from './private-address.js';

/**
 * A `lookup` for the socket: it resolves the name itself and refuses private
 * addresses. The socket then connects to exactly the addresses checked here,
 * so a name that resolves to a public address for a check and to a private
 * one for the connection (DNS rebinding) gets nowhere.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} has no address`), '');
      if (!allowPrivate && addresses.some((entry) => isPrivateAddress(entry.address))) {
        return callback(new Error(`refused: ${hostname} resolves to a private address`), '');
      }
      if (options.all) return callback(null, addresses);
      return callback(null, first.address, first.family);
    });
  };
}

/** Why the URL may not be requested at all, checked before anything goes out. */
export function urlProblem(url: string, allowPrivate: boolean): string | null {
  const problem = checkWebhookUrl(url, true);
  if (problem) return `url ${problem}`;
  const host = urlHost(new URL(url));
  if (!allowPrivate && isIP(host) !== 0 && isPrivateAddress(host))
    return `refused: ${host} is a private address`;
  return null;
}

export function statusProblem(statusCode: number): string | null {
  if (statusCode >= 200 && statusCode < 300) return null;
  if (statusCode >= 300 && statusCode < 400) return `HTTP ${statusCode} (redirects are not followed)`;
  return `HTTP ${statusCode}`;
}

export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') {
    return error.errors.map((inner: unknown) => describeError(inner)).join('; ') || 'connection failed';
  }
  if (error instanceof Error) return error.message || (error as NodeJS.ErrnoException).code || error.name;
  return String(error);
}
