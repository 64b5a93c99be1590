import type { Principal } from '@parley/engine';
import { describe, expect, it } from 'vitest';
import { requireAllowedOrigin } from './origin.js';

const rateLimit = { per_minute: 60, per_day: 1_000 };
const publishable = (allowedOrigins: string[]): Principal => ({
  kind: 'publishable',
  id: 'key_widget',
  plan: 'free',
  rateLimit,
  appId: 'app_1',
  agentId: null,
  allowedOrigins,
});

describe('requireAllowedOrigin', () => {
  it('lets a publishable key through from an origin it lists, or from any with `*`', () => {
    expect(() =>
      requireAllowedOrigin(publishable(['https://shop.example']), 'https://shop.example'),
    ).not.toThrow();
    expect(() => requireAllowedOrigin(publishable(['*']), 'https://anywhere.example')).not.toThrow();
  });

  it('refuses a publishable key from another origin with 403 naming the origin', () => {
    try {
      requireAllowedOrigin(publishable(['https://shop.example']), 'https://evil.example');
      expect.unreachable('a foreign origin was let through');
    } catch (error) {
      expect(error).toMatchObject({
        status: 403,
        code: 'permission_error',
        message: 'This key may not be used from this web origin',
        details: { origin: 'https://evil.example' },
      });
    }
  });

  it('does not check calls without an Origin, nor secret keys', () => {
    expect(() => requireAllowedOrigin(publishable(['https://shop.example']), undefined)).not.toThrow();
    const secret: Principal = { kind: 'secret', id: 'key_admin', plan: 'enterprise', rateLimit };
    expect(() => requireAllowedOrigin(secret, 'https://evil.example')).not.toThrow();
  });
});
