import { describe, expect, it } from 'vitest';
import { ParleyError } from '../errors.js';
import type { Principal } from '../principal.js';
import type { AppRecord } from '../types.js';
import { checkIdentity, identityHash } from './identity.js';

const app = (fields: Partial<AppRecord> = {}): AppRecord => ({
  id: 'app_1',
  name: 'Shop',
  agents: [],
  routing: 'auto',
  session_ttl_seconds: 3600,
  greeting: null,
  starter_prompts: [],
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  identity_secret: 'idsec_test',
  ...fields,
});

const site: Principal = {
  kind: 'publishable',
  id: 'key_1',
  plan: 'pro',
  rateLimit: { per_minute: 60, per_day: 1000 },
  appId: 'app_1',
  agentId: null,
  allowedOrigins: ['*'],
};

function refusal(run: () => unknown): { code: string; details: Record<string, unknown> } {
  try {
    run();
  } catch (error) {
    if (error instanceof ParleyError) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('not refused');
}

describe('checkIdentity', () => {
  const hash = identityHash('idsec_test', 'user-1');

  it('takes the exact hash, in either case, and nothing with a suffix the hex parser would drop', () => {
    expect(checkIdentity(app(), { user_id: 'user-1', user_hash: hash }, site).user_verified).toBe(true);
    expect(
      checkIdentity(app(), { user_id: 'user-1', user_hash: hash.toUpperCase() }, site).user_verified,
    ).toBe(true);
    for (const forged of [`${hash}zz`, hash.slice(0, 62), '', identityHash('idsec_test', 'user-2')]) {
      expect(refusal(() => checkIdentity(app(), { user_id: 'user-1', user_hash: forged }, site))).toEqual({
        code: 'permission_error',
        details: { reason: 'identity_unverified', field: 'user_hash', user_id: 'user-1' },
      });
    }
  });

  it('refuses any hash while the app has no identity secret, and a hash without the id it signs', () => {
    const noSecret = app({ identity_secret: undefined });
    expect(refusal(() => checkIdentity(noSecret, { user_id: 'user-1', user_hash: hash }, site)).code).toBe(
      'permission_error',
    );
    expect(refusal(() => checkIdentity(app(), { user_hash: hash }, site)).code).toBe('invalid_request');
  });

  it('required: no unverified user id, and an anonymous visitor keeps no metadata; a secret key is trusted', () => {
    const required = app({ identity_verification: 'required' });
    expect(refusal(() => checkIdentity(required, { user_id: 'user-1' }, site)).code).toBe('permission_error');
    expect(checkIdentity(required, { metadata: { name: 'CEO' } }, site)).toEqual({
      user_id: null,
      user_verified: false,
      metadata: undefined,
    });
    expect(checkIdentity(app(), { user_id: 'user-1', metadata: { name: 'Ann' } }, site)).toEqual({
      user_id: 'user-1',
      user_verified: false,
      metadata: { name: 'Ann' },
    });
    const backend: Principal = { kind: 'secret', id: 'key_s', plan: 'pro', rateLimit: site.rateLimit };
    expect(checkIdentity(required, { user_id: 'user-1' }, backend).user_verified).toBe(true);
  });
});
