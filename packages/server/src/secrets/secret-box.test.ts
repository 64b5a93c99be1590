import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secret-box.js';

describe('secret box', () => {
  const box = createSecretBox(randomBytes(32));

  it('opens what it sealed, and the sealed text does not show the secret', () => {
    const sealed = box.seal('xoxb-secret-token', 'slack:T1');
    expect(sealed).not.toContain('xoxb');
    expect(box.open(sealed, 'slack:T1')).toBe('xoxb-secret-token');
    expect(box.seal('xoxb-secret-token', 'slack:T1')).not.toBe(sealed);
  });

  it('refuses another key, another context and a changed text', () => {
    const sealed = box.seal('xoxb-secret-token', 'slack:T1');
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'slack:T1')).toThrow();
    expect(() => box.open(sealed, 'slack:T2')).toThrow();
    const parts = sealed.split('.');
    const text = parts[3] ?? '';
    parts[3] = `${text.startsWith('A') ? 'B' : 'A'}${text.slice(1)}`;
    expect(() => box.open(parts.join('.'), 'slack:T1')).toThrow();
  });
});
