import { type Engine, ParleyError, type Principal, unavailable } from '@parley/engine';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { type CounterFactory, consume, memoryCounter } from './counters.js';

/**
 * Whom the failures are counted for: an IPv4 address, or an IPv6 address's /64 (one site is
 * usually given a whole /64, so counting single IPv6 addresses would not slow anyone).
 */
export function addressBlockOf(clientIp: string | undefined): string {
  if (!clientIp) return 'unknown';
  const address = clientIp.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.split('::');
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':'));
  const headGroups = groupsOf(head);
  // An IPv4 address at the end stands for two groups.
  const tailGroups = groupsOf(tail ?? '').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group]));
  const groups =
    tail === undefined
      ? headGroups
      : [
          ...headGroups,
          ...Array(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0'),
          ...tailGroups,
        ];
  const prefix = groups.slice(0, 4).map((group) => Number.parseInt(group || '0', 16).toString(16));
  return `${prefix.join(':')}::/64`;
}

/**
 * Slows key and share-token guessing: each client IP may fail authentication
 * `failuresPerMinute` times a minute (HTTP, the Socket.IO handshake and the
 * share page together). Past that, every credential from that IP — a right one
 * too, so a guess cannot be confirmed while blocked — is refused with 429
 * `rate_limited` and `Retry-After` before it is checked, until the minute ends.
 * Other addresses are not affected (IPv6 counts per /64). 0 turns it off.
 */
export class FailedAuthenticationThrottle {
  private readonly attempts: RateLimiterAbstract;

  /** `counter` makes the counter: memory by default, Redis to count the nodes' failures together. */
  constructor(
    readonly failuresPerMinute: number,
    counter: CounterFactory = memoryCounter,
  ) {
    this.attempts = counter({
      keyPrefix: 'failed-authentication',
      points: Math.max(1, failuresPerMinute),
      duration: 60,
    });
  }

  /** Per address block, the attempts holding a point while their credential is checked, and who waits for them. */
  private readonly checking = new Map<string, { holding: number; waiting: (() => void)[] }>();

  /**
   * `engine.authenticate`, refused while `clientIp` is blocked. Each attempt takes a point before
   * the credential is checked (so attempts sent at once are bounded too); a success gives it back.
   * An attempt that finds no point left while others from its address are still being checked waits
   * for them (a store on a network takes a moment to answer): a client with the right key and many
   * requests at once is not refused, and guesses still get no more than the limit.
   */
  async authenticate(engine: Engine, credential: string, clientIp: string | undefined): Promise<Principal> {
    if (this.failuresPerMinute === 0) return engine.authenticate(credential);
    const subject = addressBlockOf(clientIp);
    const checking = await this.takePoint(subject);
    try {
      const principal = await engine.authenticate(credential);
      await this.giveBack(subject);
      return principal;
    } catch (error) {
      const failed = error instanceof ParleyError && error.code === 'authentication_error';
      if (!failed) await this.giveBack(subject);
      throw error;
    } finally {
      checking.holding -= 1;
      if (checking.holding === 0 && checking.waiting.length === 0) this.checking.delete(subject);
      for (const wake of checking.waiting.splice(0)) wake();
    }
  }

  /** Takes a point, counted as held from the moment it is taken. */
  private async takePoint(subject: string): Promise<{ holding: number; waiting: (() => void)[] }> {
    for (;;) {
      let checking = this.checking.get(subject);
      if (!checking) {
        checking = { holding: 0, waiting: [] };
        this.checking.set(subject, checking);
      }
      try {
        await consume(this.attempts, subject);
        checking.holding += 1;
        return checking;
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        // The refused try counted a point, and it was no attempt: give it back.
        await this.attempts.reward(subject, 1);
        if (checking.holding > 0) {
          await new Promise<void>((resolve) => checking.waiting.push(resolve));
          continue;
        }
        const now = await this.attempts.get(subject).catch((error: unknown) => {
          throw unavailable('The rate-limit store', error);
        });
        if (!now || now.consumedPoints < this.failuresPerMinute) continue;
        if (checking.waiting.length === 0) this.checking.delete(subject);
        throw new ParleyError('rate_limited', 'Too many failed authentication attempts from this address', {
          retry_after_seconds: Math.max(1, Math.ceil((now ?? refusal).msBeforeNext / 1000)),
        });
      }
    }
  }

  /** A point given back; a counter that cannot take it now (Redis away) costs the caller nothing. */
  private async giveBack(subject: string): Promise<void> {
    await this.attempts.reward(subject, 1).catch(() => {});
  }
}
