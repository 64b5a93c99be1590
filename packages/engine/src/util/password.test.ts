import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from './password.js';

describe('password hashes', () => {
  it('keep scrypt parameters and a random salt in the hash, never the password', async () => {
    const first = await hashPassword('correct horse battery');
    const second = await hashPassword('correct horse battery');
    expect(first).toMatch(/^scrypt\$15\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('horse');
    expect(await verifyPassword('correct horse battery', first)).toBe(true);
    expect(await verifyPassword('correct horse battery!', first)).toBe(false);
  });

  it('never match a malformed or foreign hash, and ask to redo one made with weaker parameters', async () => {
    for (const broken of [
      '',
      'plain text',
      'scrypt$15$8$1$$',
      'bcrypt$10$abc$def',
      'scrypt$40$8$1$AAAA$BBBB',
    ])
      expect(await verifyPassword('anything at all', broken)).toBe(false);
    const current = await hashPassword('a password of today');
    expect(needsRehash(current)).toBe(false);
    expect(needsRehash(current.replace('scrypt$15$', 'scrypt$14$'))).toBe(true);
  });
});
