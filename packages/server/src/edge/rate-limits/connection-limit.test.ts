import { describe, expect, it } from 'vitest';
import { ConnectionLimit } from './connection-limit.js';

describe('ConnectionLimit', () => {
  it('admits the connections of a minute, then refuses that address with rate_limited', async () => {
    const limit = new ConnectionLimit(3);
    for (let connection = 0; connection < 3; connection += 1) await limit.admit('203.0.113.7');
    await expect(limit.admit('203.0.113.7')).rejects.toMatchObject({
      status: 429,
      code: 'rate_limited',
      message: 'Too many connections from this address',
    });
    await expect(limit.admit('203.0.113.8')).resolves.toBeUndefined();
  });
});
