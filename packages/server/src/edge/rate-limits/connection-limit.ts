import { ParleyError } from '@parley/engine';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { type CounterFactory, consume, memoryCounter } from './counters.js';

/**
 * New socket connections one client IP may open per minute (a burst of reconnects is refused past
 * it); counted in memory, or by the nodes together (`counter`).
 */
export class ConnectionLimit {
  private readonly connections: RateLimiterAbstract;

  constructor(
    readonly perMinute = 120,
    counter: CounterFactory = memoryCounter,
  ) {
    this.connections = counter({ keyPrefix: 'socket-connections', points: perMinute, duration: 60 });
  }

  /** Counts a connection from `clientIp`; throws `rate_limited` past the limit. */
  async admit(clientIp: string | undefined): Promise<void> {
    const admitted = await consume(this.connections, clientIp ?? 'unknown').then(
      () => true,
      (error: unknown) => {
        if (error instanceof RateLimiterRes) return false;
        throw error;
      },
    );
    if (!admitted) throw new ParleyError('rate_limited', 'Too many connections from this address');
  }
}
