/**
 * Seen-once with expiry: answers a platform's redelivery, a delivery id or a request id once. The
 * embedded default remembers in this process; a shared one (Redis `SET NX PX`) across nodes.
 */
export interface Dedupe {
  /** True the first time `key` is seen within `ttlMs`; false while it is remembered. */
  firstSeen(key: string, ttlMs: number): Promise<boolean>;
}

/** The embedded `Dedupe`: keys remembered in memory until they expire, at most `capacity` of them (oldest go first). */
export class InProcessDedupe implements Dedupe {
  /** Key → when it is forgotten; insertion order is expiry order for equal ttls. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly capacity = 100_000,
  ) {}

  async firstSeen(key: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const forgottenAt = this.seen.get(key);
    if (forgottenAt !== undefined && forgottenAt > now) return false;
    this.seen.delete(key);
    this.seen.set(key, now + ttlMs);
    this.trim(now);
    return true;
  }

  private trim(now: number): void {
    for (const [key, forgottenAt] of this.seen) {
      if (forgottenAt > now && this.seen.size <= this.capacity) return;
      this.seen.delete(key);
    }
  }
}
