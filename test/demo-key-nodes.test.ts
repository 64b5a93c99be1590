import { randomBytes } from 'node:crypto';
import { randomToken } from '@parley/engine';
import { createLogger, type RunningParley, readConfig, startParley } from '@parley/server';
import { dropSchema, newTestSchema, testDatabaseUrl } from '@parley/store-postgres/testing';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Issue 12: several nodes on one database serve one demo page. Each start used to give the demo key
 * a new secret, so a node that started later broke the demo page every other node was serving (its
 * key answered 401). With `PARLEY_SECRETS_KEY` (shared by the nodes) the secret is derived from it:
 * every node serves the same key, and a restart changes nothing.
 */
describe('the demo key on several nodes', () => {
  const schema = newTestSchema();
  const environment = {
    PORT: '0',
    DATABASE_URL: testDatabaseUrl,
    PARLEY_DATABASE_SCHEMA: schema,
    PARLEY_ADMIN_KEY: `sk_test_${randomToken(32)}`,
    PARLEY_SECRETS_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
  };
  const running: RunningParley[] = [];
  const start = async (overrides: Record<string, string> = {}) => {
    const parley = await startParley(readConfig({ ...environment, ...overrides }), createLogger('silent'));
    running.push(parley);
    return parley;
  };
  const stop = async (parley: RunningParley) => {
    running.splice(running.indexOf(parley), 1);
    await parley.stop();
  };
  /** What a visitor of the node's demo page does first: open a session with the key the page embeds. */
  const visit = async (parley: RunningParley) => {
    const page = await (await fetch(`${parley.url}/demo/`)).text();
    const key = /pk_[A-Za-z0-9_-]+/.exec(page)?.[0] as string;
    const opened = await fetch(`${parley.url}/v1/apps/${parley.demo.appId}/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
    });
    return { key, status: opened.status };
  };

  afterAll(async () => {
    for (const parley of [...running]) await parley.stop();
    await dropSchema(schema);
  });

  it("keeps every node's demo page working when another node starts, and across restarts", async () => {
    const nodeA = await start();
    const first = await visit(nodeA);
    expect(first.status).toBe(201);

    const nodeB = await start();
    expect(await visit(nodeB)).toEqual({ key: first.key, status: 201 });
    expect(await visit(nodeA)).toEqual({ key: first.key, status: 201 });

    await stop(nodeA);
    const restarted = await start();
    expect(await visit(restarted)).toEqual({ key: first.key, status: 201 });
    expect(await visit(nodeB)).toEqual({ key: first.key, status: 201 });
  });

  it('gives the demo key a new secret when the secrets key changes: the old one stops working', async () => {
    const [node] = running;
    const before = await visit(node as RunningParley);
    await stop(node as RunningParley);
    const renewed = await start({ PARLEY_SECRETS_KEY: randomBytes(32).toString('hex') });
    const after = await visit(renewed);
    expect(after.status).toBe(201);
    expect(after.key).not.toBe(before.key);
    const old = await fetch(`${renewed.url}/v1/apps/${renewed.demo.appId}/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${before.key}` },
    });
    expect(old.status).toBe(401);
  });
});
