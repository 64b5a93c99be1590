/** Who a Slack user is, as session metadata keeps it (`userProfile`). */
export interface SlackUserProfile {
  /** The name the person goes by: their display name, else their full name, else their handle. */
  name: string;
  real_name: string | null;
  /** IANA time zone, e.g. `Europe/Berlin`. */
  tz: string | null;
}

export interface UserProfilesOptions {
  /** How long a profile is kept (default 10 minutes). */
  ttlMs?: number;
  /** How long a failed lookup is not tried again (default 1 minute). */
  failureTtlMs?: number;
  /** The longest an answer waits for a lookup (default 2 seconds); it goes on without the profile. */
  timeoutMs?: number;
  /** Profiles kept at most (the oldest go first). */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  profile: SlackUserProfile | null;
  expiresAt: number;
}

/**
 * Cached `users.info`: one lookup per user per TTL, shared by concurrent asks.
 * A lookup that fails or is slow gives `null`: the answer never waits on it for long.
 */
export class UserProfiles {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<SlackUserProfile | null>>();
  private readonly ttlMs: number;
  private readonly failureTtlMs: number;
  private readonly timeoutMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly lookup: (userId: string) => Promise<SlackUserProfile | null>,
    private readonly onError: (error: unknown) => void = () => {},
    options: UserProfilesOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.failureTtlMs = options.failureTtlMs ?? 60_000;
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.maxEntries = options.maxEntries ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  async get(userId: string): Promise<SlackUserProfile | null> {
    const cached = this.entries.get(userId);
    if (cached && cached.expiresAt > this.now()) return cached.profile;
    let lookup = this.pending.get(userId);
    if (!lookup) {
      lookup = this.fetch(userId);
      this.pending.set(userId, lookup);
      lookup.finally(() => this.pending.delete(userId)).catch(() => {});
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.timeoutMs);
    });
    try {
      return await Promise.race([lookup, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async fetch(userId: string): Promise<SlackUserProfile | null> {
    let profile: SlackUserProfile | null = null;
    let ttl = this.ttlMs;
    try {
      profile = await this.lookup(userId);
    } catch (error) {
      this.onError(error);
      ttl = this.failureTtlMs;
    }
    this.entries.delete(userId);
    this.entries.set(userId, { profile, expiresAt: this.now() + ttl });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return profile;
  }
}

/** `users.info`'s `user` object, as far as the profile goes. */
export interface SlackUserObject {
  name?: string;
  real_name?: string;
  tz?: string;
  profile?: { display_name?: string; real_name?: string };
}

export function profileOf(user: SlackUserObject | undefined): SlackUserProfile | null {
  if (!user) return null;
  const realName = user.real_name || user.profile?.real_name || null;
  const name = user.profile?.display_name || realName || user.name;
  if (!name) return null;
  return { name, real_name: realName, tz: user.tz || null };
}
