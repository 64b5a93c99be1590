/**
 * What one execute asks of the store, call by call: on PostgreSQL each call is a round trip, the
 * largest part of Parley's own CPU per execute there. An execute that opens a session reads the app
 * once, never reads back a record it is creating (the session, the user's message, the answer), and
 * reads no analytics bucket (the ledger counts with `add`).
 */
import type { Store } from '@parley/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineOnDisk, SteppingClock } from './support/engine-on-disk.js';

/** `store`, with every call noted as `<method> <collection> <id or query>`. */
function noting(store: Store, calls: string[]): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'health' || property === 'close') return value;
      return (...args: unknown[]) => {
        if (property === 'write') {
          const operations = args[0] as { type: string; collection: string; record?: { id: string } }[];
          for (const operation of operations)
            calls.push(`write ${operation.collection} ${operation.record?.id ?? ''}`);
        } else calls.push(`${String(property)} ${String(args[0])} ${JSON.stringify(args[1] ?? '')}`);
        return value.apply(target, args);
      };
    },
  });
}

describe('the store calls of one execute', () => {
  const disks: EngineOnDisk[] = [];
  afterEach(async () => {
    for (const disk of disks.splice(0)) await disk.remove();
  });

  it('reads the app once and no record before its first write', async () => {
    const disk = new EngineOnDisk();
    disks.push(disk);
    const calls: string[] = [];
    const engine = await disk.open(new SteppingClock(Date.UTC(2024, 5, 1, 12)), undefined, (store) =>
      noting(store, calls),
    );
    const agent = await engine.agents.create({ name: 'Shop' } as never);
    const app = await engine.apps.create({ name: 'Shop', agents: [agent.id] } as never);
    await engine.execute(app.id, { message: 'Hello!' });
    calls.length = 0;
    const { session_id: sessionId } = await engine.execute(app.id, {
      message: 'What is your return policy?',
    });

    expect(calls.filter((call) => call.startsWith('get apps'))).toHaveLength(1);
    // The analytics ledger counts by `add` (in SQL on PostgreSQL): no hour bucket or latency band is read.
    expect(calls.filter((call) => call.startsWith('get analytics_'))).toEqual([]);
    const created = calls
      .filter((call) => call.startsWith('write sessions') || call.startsWith('write messages'))
      .map((call) => call.split(' ')[2] as string);
    expect(created).toContain(sessionId);
    for (const id of new Set(created)) {
      const firstWrite = calls.findIndex((call) => call.endsWith(` ${id}`) && call.startsWith('write'));
      const readBefore = calls.slice(0, firstWrite).filter((call) => call.includes(JSON.stringify(id)));
      expect({ id, readBefore }).toEqual({ id, readBefore: [] });
    }
  });
});
