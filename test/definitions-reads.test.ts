/**
 * A turn reads the definitions only when they changed (a small revision record says so), not every
 * definition on every turn; and on a store shared by two nodes, a definition written on one node
 * applies on the other at its next turn.
 */
import { Engine } from '@parley/engine';
import { OfflineModel } from '@parley/model-offline';
import { PostgresStore } from '@parley/store-postgres';
import { dropSchema, newTestSchema, testDatabaseUrl } from '@parley/store-postgres/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { SteppingClock, secretPrincipal } from './support/engine-on-disk.js';
import { StoreReads } from './support/store-reads.js';

describe('definitions on the turn path', () => {
  const engines: Engine[] = [];
  let schema = '';
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.close();
    if (schema) await dropSchema(schema);
  });

  it('reads them once until one changes, on whichever node it changes', async () => {
    schema = newTestSchema();
    const clock = new SteppingClock(Date.UTC(2024, 5, 1, 12, 0, 0));
    const open = async (reads: StoreReads) => {
      const store = await PostgresStore.open({ connectionString: testDatabaseUrl, schema });
      const engine = new Engine({ store: reads.wrap(store), model: new OfflineModel(), clock });
      engines.push(engine);
      return engine;
    };
    const readsA = new StoreReads();
    const readsB = new StoreReads();
    const nodeA = await open(readsA);
    const nodeB = await open(readsB);
    const agent = await nodeA.agents.create({ name: 'Legal' } as never);
    for (let index = 0; index < 60; index += 1)
      await nodeA.definitions.create({ name: `Term ${index}`, type: 'term', content: `Meaning ${index}.` });
    await nodeA.definitions.create({ name: 'Big deal', type: 'rule', content: 'Two signatures.' });

    const applied = async (engine: Engine, message: string) =>
      (await engine.agents.chat(agent.id, { message }, secretPrincipal)).applied_definitions;
    for (let turn = 0; turn < 5; turn += 1)
      expect(await applied(nodeB, 'Is this a big deal?')).toEqual([
        expect.objectContaining({ name: 'Big deal' }),
      ]);
    // 61 definitions read once, not 61 on each of the 5 turns.
    expect(readsB.of('definitions')).toBe(61);

    // Changed on node A: node B's next turn applies the change.
    await nodeA.definitions.create({ name: 'Escrow', type: 'term', content: 'Money held by a third party.' });
    expect(await applied(nodeB, 'Do you use escrow?')).toEqual([expect.objectContaining({ name: 'Escrow' })]);
    expect(readsB.of('definitions')).toBe(61 + 62);
  }, 60_000);
});
