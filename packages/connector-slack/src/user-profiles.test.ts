import { describe, expect, it } from 'vitest';
import { profileOf, type SlackUserProfile, UserProfiles } from './user-profiles.js';

const ada: SlackUserProfile = { name: 'Ada', real_name: 'Ada Lovelace', tz: 'Europe/London' };

describe('UserProfiles', () => {
  it('asks users.info once per user until the profile is older than its TTL', async () => {
    let time = 0;
    const asked: string[] = [];
    const profiles = new UserProfiles(
      async (user) => {
        asked.push(user);
        return ada;
      },
      () => {},
      { ttlMs: 1_000, now: () => time },
    );
    const [first, second] = await Promise.all([profiles.get('U1'), profiles.get('U1')]);
    expect(first).toEqual(ada);
    expect(second).toEqual(ada);
    await profiles.get('U1');
    expect(asked).toEqual(['U1']);
    time = 1_001;
    await profiles.get('U1');
    expect(asked).toEqual(['U1', 'U1']);
  });

  it('answers null when the lookup fails, and does not ask again at once', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const profiles = new UserProfiles(
      async () => {
        calls += 1;
        throw new Error('ratelimited');
      },
      (error) => errors.push(error),
      { failureTtlMs: 60_000 },
    );
    expect(await profiles.get('U1')).toBeNull();
    expect(await profiles.get('U1')).toBeNull();
    expect(calls).toBe(1);
    expect(errors).toHaveLength(1);
  });

  it('does not wait longer than its timeout; the late answer is kept for next time', async () => {
    let release: (profile: SlackUserProfile) => void = () => {};
    const profiles = new UserProfiles(
      () =>
        new Promise<SlackUserProfile>((resolve) => {
          release = resolve;
        }),
      () => {},
      { timeoutMs: 5 },
    );
    expect(await profiles.get('U1')).toBeNull();
    release(ada);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await profiles.get('U1')).toEqual(ada);
  });

  it('keeps at most maxEntries profiles', async () => {
    let calls = 0;
    const profiles = new UserProfiles(
      async () => {
        calls += 1;
        return ada;
      },
      () => {},
      { maxEntries: 2 },
    );
    await profiles.get('U1');
    await profiles.get('U2');
    await profiles.get('U3');
    await profiles.get('U1');
    expect(calls).toBe(4);
  });
});

describe('profileOf', () => {
  it('names a person by display name, then full name, then handle', () => {
    expect(
      profileOf({
        name: 'ada',
        real_name: 'Ada Lovelace',
        tz: 'Europe/London',
        profile: { display_name: 'Ada' },
      }),
    ).toEqual(ada);
    expect(profileOf({ name: 'grace', real_name: 'Grace Hopper', profile: { display_name: '' } })).toEqual({
      name: 'Grace Hopper',
      real_name: 'Grace Hopper',
      tz: null,
    });
    expect(profileOf({ name: 'bob' })).toEqual({ name: 'bob', real_name: null, tz: null });
    expect(profileOf(undefined)).toBeNull();
  });
});
