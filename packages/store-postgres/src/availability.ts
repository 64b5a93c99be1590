import { ParleyError } from '@parley/engine';

/** Seconds a client is told to wait (`Retry-After`) while the database cannot be reached. */
export const retryAfterSeconds = 5;

/** Node's network errors and the pool's own messages when it cannot reach the server. */
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'ENETUNREACH',
]);
const lostMessages =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection ended unexpectedly/i;

/**
 * Whether `error` means the database is out of reach (down, restarting, refusing connections, or too
 * slow: a statement timeout), as opposed to a mistake in one query.
 */
export function isUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (networkCodes.has(code)) return true;
    // 08: connection exceptions; 57P01–57P03: shut down or starting; 53300: too many connections; 57014: statement timeout.
    if (code.startsWith('08') || /^57P0[1-3]$/.test(code) || code === '53300' || code === '57014')
      return true;
  }
  return typeof message === 'string' && lostMessages.test(message);
}

/** The error a caller gets while the database cannot be reached: 503 `unavailable`, with `Retry-After`. */
export function unavailableError(cause: unknown): ParleyError {
  return new ParleyError(
    'unavailable',
    'The database cannot be reached right now; try again shortly',
    { retry_after_seconds: retryAfterSeconds },
    { cause },
  );
}

/**
 * The store's last word on the database: reachable or not, from the outcome of every query and of a
 * light probe (`SELECT 1`) that `health()` starts when its answer is more than a second old. A lost
 * connection is dropped by the pool and the next query opens a new one, so it recovers by itself.
 */
export class Availability {
  private reachable = true;
  private problem: string | null = null;
  private lastProbe = 0;
  private probing = false;

  constructor(private readonly probe: () => Promise<void>) {}

  get available(): boolean {
    return this.reachable;
  }

  get warning(): string | null {
    return this.reachable ? null : `The database cannot be reached: ${this.problem ?? 'unknown problem'}`;
  }

  succeeded(): void {
    this.reachable = true;
    this.problem = null;
  }

  failed(error: unknown): void {
    this.reachable = false;
    this.problem = error instanceof Error ? error.message : String(error);
  }

  /** Starts a probe unless one ran in the last second (for `/readyz`, which asks synchronously). */
  refresh(): void {
    const now = Date.now();
    if (this.probing || now - this.lastProbe < 1_000) return;
    this.probing = true;
    this.lastProbe = now;
    this.probe()
      .then(
        () => this.succeeded(),
        (error: unknown) => {
          if (isUnavailable(error)) this.failed(error);
        },
      )
      .finally(() => {
        this.probing = false;
      });
  }
}
