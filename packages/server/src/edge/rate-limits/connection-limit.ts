import { ParleyError } from '@parley/engine';
import { RateLimiterMemory } from 'rate-limiter-flexible';

/** New socket connections one client IP may open per minute (a burst of reconnects is refused past it). */
export class ConnectionLimit {
  private readonly connections: RateLimiterMemory;

  constructor(readonly perMinute = 120) {
    this.connections = new RateLimiterMemory({
      keyPrefix: 'socket-connections',
      points: perMinute,
      duration: 60,
    });
  }

  /** Counts a connection from `clientIp`; throws `rate_limited` past the limit. */
  async admit(clientIp: string | undefined): Promise<void> {
    const admitted = await this.connections.consume(clientIp ?? 'unknown').then(
      () => true,
      () => false,
    );
    if (!admitted) throw new ParleyError('rate_limited', 'Too many connections from this address');
  }
}
