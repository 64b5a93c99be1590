import { describe, expect, it } from 'vitest';
import { createTestEngine } from '../testing/index.js';

const hour = 60 * 60 * 1000;

async function signedInOwner() {
  const test = createTestEngine();
  await test.engine.operators.ensureFirstOwner({
    email: 'o@example.com',
    password: 'owner password',
    name: 'O',
  });
  const session = await test.engine.console.signIn('o@example.com', 'owner password');
  return { ...test, token: session.token };
}

describe('console sessions', () => {
  it('end after 12 hours without use', async () => {
    const { engine, clock, token } = await signedInOwner();
    clock.advance(11 * hour);
    expect(await engine.console.authenticate(token)).not.toBeNull();
    clock.advance(12 * hour + 1000);
    expect(await engine.console.authenticate(token)).toBeNull();
  });

  it('slide forward with use, but never past 7 days', async () => {
    const { engine, clock, token } = await signedInOwner();
    for (let hours = 0; hours < 7 * 24 - 10; hours += 10) {
      clock.advance(10 * hour);
      expect(await engine.console.authenticate(token), `after ${hours + 10} h`).not.toBeNull();
    }
    clock.advance(11 * hour);
    expect(await engine.console.authenticate(token)).toBeNull();
  });

  it('store only the hash of the token, and a token unknown to the store opens nothing', async () => {
    const { engine, store, token } = await signedInOwner();
    const [session] = await store.all('console_sessions');
    expect(session?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(session)).not.toContain(token);
    const altered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(await engine.console.authenticate(altered)).toBeNull();
  });
});
